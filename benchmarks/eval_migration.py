"""Evaluate migration detection on the labeled posts, grouped by phrasing family, and time it.

Reads the labeled posts shipped with the pipeline (`pipeline/enrich/labels/*.jsonl`: text,
migration, from, to, family, split) and cross-validates with folds grouped by phrasing family
(GroupKFold: a family is never in both the training and the test part, so the figures say how
the detector does on phrasings it never saw). For the learned model and the rule engine alone,
side by side, it prints:

* precision and recall of "reports a migration";
* direction accuracy: both from_vendor and to_vendor right, over the true positives;
* the same per split (`split` of the labels: the rule engine was written against "dev" and
  checked on the "holdout*" parts; "new" posts were written after it, by other hands).

Held out: a model trained on every split but `HELD_OUT_SPLITS`, scored on those (posts written
in one later round by four writers who never saw the detector or its errors: short social posts,
forum long-form, multilingual and CJK posts, developer and enterprise writing); then each of
those four splits alone, the model trained on every other split (how more text from other
writers moves the figures).

Speed: `extract_migrations` over N posts (default 1,000,000) of which `SPEED_LABELED_SHARE` (3%)
are labeled texts and the rest generated filler (vendor talk without switch cues, switch cues
without vendors, chatter): the few-percent candidate rate of real social posts. CPU time beside
wall time, median of `--repeat` runs, the load average printed.

Run:
    .venv/bin/python benchmarks/eval_migration.py [--errors] [--no-speed] [--n N] [--folds 5]
Targets (grouped folds): precision >= 0.95, recall >= 0.90, direction >= 0.97; >= 100,000
posts/s over the whole stream.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections import Counter

import polars as pl

from pipeline.enrich import migration
from pipeline.enrich.migration_model import (
    LabeledPost,
    Scores,
    cross_validate,
    default_model,
    held_out,
    load_labels,
)

SPEED_N = 1_000_000
SPEED_LABELED_SHARE = 0.03
TARGETS = {"precision": 0.95, "recall": 0.90, "direction": 0.97}
HELD_OUT_SPLITS = ("new5", "new6", "new7", "new8")
"""Label sets written in one round by four writers who never saw the detector nor its errors."""


def filler(n: int, seed: int = 0) -> list[str]:
    """Return `n` generated non-labeled posts in the style of a social feed."""
    rng = random.Random(seed)
    names = ["ChatGPT", "Claude", "Gemini", "Copilot", "Llama", "Grok", "DeepSeek", "Mistral"]
    things = ["my cat", "the weather", "rust", "this bug", "our deploy", "the game", "coffee"]
    shapes = [
        "{v} is so slow today, anyone else?",
        "asked {v} about {x} and it was actually helpful",
        "{v} wrote a haiku about {x} lol",
        "moved {x} to the other folder, finally",
        "can't believe how good {v} is at regex",
        "switched {x} off and on again, works now",
        "hot take: {x} is overrated",
        "{v} vs {w} on {x}: thread",
        "just shipped a feature, thanks {v}",
        "the {x} discourse on here is exhausting",
    ]
    return [
        rng.choice(shapes).format(v=rng.choice(names), w=rng.choice(names), x=rng.choice(things))
        for _ in range(n)
    ]


def speed(posts: list[LabeledPost], n: int, repeat: int) -> dict[str, float]:
    """Median wall and CPU seconds of `extract_migrations` over `n` posts (labeled + filler)."""
    labeled = [p.text for p in posts]
    k = int(n * SPEED_LABELED_SHARE)
    # each labeled text made unique (a trailing post number), so that the detector's
    # once-per-distinct-text shortcut does not flatter the figure
    texts = [f"{labeled[i % len(labeled)]} #{i}" for i in range(k)] + filler(n - k)
    random.Random(1).shuffle(texts)
    series = pl.Series("text", texts)
    model = default_model()  # trained once per process: not part of the per-run cost
    walls, cpus, found = [], [], 0
    for _ in range(repeat):
        model.verdicts.clear()  # every run works every text out (no verdict from the last run)
        wall0, cpu0 = time.perf_counter(), time.process_time()
        found = migration.extract_migrations(series).height
        walls.append(time.perf_counter() - wall0)
        cpus.append(time.process_time() - cpu0)
    share = float(migration.candidate_mask(series).mean() or 0.0)
    chatter = filler(min(n - k, 100_000), seed=2)
    false_reports = migration.extract_migrations(pl.Series("text", chatter)).height
    return {
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "share": share,
        "found": found,
        "chatter": len(chatter),
        "chatter_false": false_reports,
    }


def _line(name: str, scores: Scores) -> str:
    return (
        f"  {name:22s} precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
        f"direction {scores.direction:.3f}  (tp {scores.tp}, fp {scores.fp}, fn {scores.fn})"
    )


def main() -> int:
    """Print the grouped cross-validation and speed report; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong post (model)")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--no-cv", action="store_true", help="speed run only")
    parser.add_argument("--n", type=int, default=SPEED_N, help="posts in the speed run")
    parser.add_argument("--repeat", type=int, default=3, help="speed runs (median)")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    posts = load_labels()
    positives = sum(p.migration for p in posts)
    families = Counter(p.family for p in posts)
    print(
        f"labeled posts: {len(posts):,} ({positives:,} migrations, {len(posts) - positives:,} "
        f"hard negatives = {(len(posts) - positives) / len(posts):.0%}), "
        f"{len(families)} phrasing families"
    )
    missed: list[str] = []
    if not args.no_cv:
        missed = cross_validation_report(posts, args.folds, errors=args.errors)
        held_out_report(posts)
    if not args.no_speed:
        figures = speed(posts, args.n, args.repeat)
        print(
            f"\nspeed: {args.n:,} posts in {figures['wall']:.2f} s wall, {figures['cpu']:.2f} s "
            f"cpu (median of {args.repeat}) = {args.n / figures['wall']:,.0f} posts/s wall, "
            f"{args.n / figures['cpu']:,.0f} posts/s cpu (candidates {figures['share']:.1%}, "
            f"migrations found {figures['found']:,}); load average {os.getloadavg()[0]:.2f}"
        )
        print(
            f"false reports in generated chatter (no migration in it): "
            f"{figures['chatter_false']:,} of {figures['chatter']:,} posts "
            f"({figures['chatter_false'] / figures['chatter']:.2%})"
        )
    return 1 if missed else 0


def held_out_report(posts: list[LabeledPost]) -> None:
    """Print the scores of a model trained without `HELD_OUT_SPLITS`, tested on them."""
    if not any(p.split in HELD_OUT_SPLITS for p in posts):
        return
    cpu0 = time.process_time()
    total, by_split = held_out(posts, HELD_OUT_SPLITS)
    print(
        f"\nheld out: trained on the other splits, tested on {', '.join(HELD_OUT_SPLITS)} "
        f"(cpu {time.process_time() - cpu0:.1f} s):"
    )
    print(_line("model", total))
    for split, scores in by_split.items():
        print(_line(f"model, split {split}", scores))
    # each first-round writer's posts, the model trained on every other label
    print("  leave one writer out (trained on every other split, the other writers included):")
    alone = Scores()
    for split in HELD_OUT_SPLITS:
        _, one = held_out(posts, (split,))
        print(_line(f"model, split {split}", one[split]))
        for name in ("tp", "fp", "fn", "direction_ok"):
            setattr(alone, name, getattr(alone, name) + getattr(one[split], name))
    print(_line("model, all four", alone))


def cross_validation_report(posts: list[LabeledPost], folds: int, *, errors: bool) -> list[str]:
    """Print the grouped cross-validation table; return the targets missed."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    model_scores, rule_scores, by_split = cross_validate(posts, folds)
    print(
        f"\n{folds}-fold cross-validation grouped by family "
        f"(cpu {time.process_time() - cpu0:.1f} s, wall {time.perf_counter() - wall0:.1f} s):"
    )
    print(_line("model", model_scores))
    print(_line("rules alone", rule_scores))
    for split in sorted(by_split):
        model_part, rule_part = by_split[split]
        print(_line(f"model, split {split}", model_part))
        print(_line(f"rules, split {split}", rule_part))
    missed = [
        f"{name} {getattr(model_scores, name):.3f} < {target}"
        for name, target in TARGETS.items()
        if getattr(model_scores, name) < target
    ]
    print("targets:", "met" if not missed else "MISSED: " + ", ".join(missed))
    if errors:
        for line in model_scores.errors:
            print("   ", line)
    return missed


if __name__ == "__main__":
    raise SystemExit(main())
