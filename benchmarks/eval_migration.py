"""Evaluate migration extraction against the hand-labeled set, and time it on 1,000,000 posts.

Reads tests/data/migration_labeled.jsonl (one post per line: text, migration, from, to, family,
split = dev|holdout|holdout2|holdout3; the holdout posts were written before the extractor existed,
the holdout2 posts before the second round of phrasing families, the holdout3 posts before the
third round), runs
`migration.extract_migrations` and prints for the full set, the dev part and each holdout part:

* precision and recall of "reports a migration";
* direction accuracy: both from_vendor and to_vendor right, over the true positives detected;
* false positives per negative family and misses per positive family.

Speed: the labeled texts are `SPEED_LABELED_SHARE` (3%) of 1,000,000 posts, the rest generated
filler (vendor talk without switch cues, switch cues without vendors, chatter), which mimics the
few-percent candidate rate of real social posts. Prints the candidate share and posts/s.

Run:
    .venv/bin/python benchmarks/eval_migration.py [--errors] [--no-speed] [--n N]
tests/test_migration.py asserts gates on the same numbers via `evaluate`.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline.enrich import migration

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "migration_labeled.jsonl"
SPEED_N = 1_000_000
SPEED_LABELED_SHARE = 0.03


@dataclass(slots=True)
class Report:
    """Counts of one evaluation run; ratios as properties."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    direction_ok: int = 0
    fp_family: Counter[str] = field(default_factory=Counter)
    fn_family: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def direction(self) -> float:
        return self.direction_ok / self.tp if self.tp else 1.0


def load(path: Path = DATA) -> list[dict]:
    """Return the labeled posts of `path` as dicts."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(records: list[dict]) -> Report:
    """Run the extractor over `records` and count hits, misses and direction agreement."""
    out = migration.extract_migrations(pl.Series([r["text"] for r in records]))
    hits = {row: (f, t) for row, f, t, _ in out.iter_rows()}
    report = Report()
    for i, rec in enumerate(records):
        got = hits.get(i)
        fam = rec.get("family", "?")
        if rec["migration"] and got is not None:
            report.tp += 1
            if got == (rec["from"], rec["to"]):
                report.direction_ok += 1
            else:
                report.errors.append(f"DIR  {got} want {(rec['from'], rec['to'])}: {rec['text']}")
        elif rec["migration"]:
            report.fn += 1
            report.fn_family[fam] += 1
            report.errors.append(f"MISS [{fam}] {rec['text']}")
        elif got is not None:
            report.fp += 1
            report.fp_family[fam] += 1
            report.errors.append(f"FP   [{fam}] {got}: {rec['text']}")
    return report


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


def speed(records: list[dict], n: int = SPEED_N) -> tuple[float, float, int]:
    """Return (seconds, candidate share, rows found) for `n` posts (labeled + filler)."""
    labeled = [r["text"] for r in records]
    k = int(n * SPEED_LABELED_SHARE)
    texts = [labeled[i % len(labeled)] for i in range(k)] + filler(n - k)
    random.Random(1).shuffle(texts)
    series = pl.Series("text", texts)
    start = time.perf_counter()
    out = migration.extract_migrations(series)
    seconds = time.perf_counter() - start
    share = float(migration.candidate_mask(series).mean() or 0.0)
    return seconds, share, out.height


def _print(name: str, rep: Report) -> None:
    print(
        f"{name:8s} precision={rep.precision:.3f}  "
        f"recall={rep.recall:.3f}  direction={rep.direction:.3f}  "
        f"(tp={rep.tp} fp={rep.fp} fn={rep.fn})"
    )
    if rep.fp_family:
        print("         FP by negative family:", dict(sorted(rep.fp_family.items())))
    if rep.fn_family:
        print("         misses by positive family:", dict(sorted(rep.fn_family.items())))


def main() -> None:
    """Print the evaluation (and speed) report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong post")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--n", type=int, default=SPEED_N)
    args = parser.parse_args()
    records = load()
    negatives = Counter(r["family"] for r in records if not r["migration"])
    print(f"labeled posts: {len(records)}, positives: {sum(r['migration'] for r in records)}")
    print("negative families:", dict(sorted(negatives.items())))
    for name, part in (
        ("full", records),
        ("dev", [r for r in records if r["split"] == "dev"]),
        ("holdout", [r for r in records if r["split"] == "holdout"]),
        ("holdout2", [r for r in records if r["split"] == "holdout2"]),
        ("holdout3", [r for r in records if r["split"] == "holdout3"]),
    ):
        rep = evaluate(part)
        _print(name, rep)
        if args.errors and name != "full":
            for line in rep.errors:
                print("   ", line)
    if not args.no_speed:
        seconds, share, found = speed(records, args.n)
        print(
            f"speed: {args.n:,} posts in {seconds:.2f} s = {args.n / seconds:,.0f} posts/s "
            f"(candidates {share:.1%}, migrations found {found:,})"
        )


if __name__ == "__main__":
    main()
