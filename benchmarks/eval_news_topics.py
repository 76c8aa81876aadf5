"""Evaluate news topics, vendor ranking and tone against the hand-labeled set.

Reads tests/data/news_labeled.jsonl (one story per line: title, text, topics, vendors ordered
most central first, tone pos|neu|neg), runs `topics.classify_topics`, `topics.rank_vendors` and
`sentiment.tone` on all stories at once and prints:

* per topic: precision, recall, F1 and support (labeled stories with the topic);
* vendors: exact match of the vendor set, and first-vendor match (the most central vendor, or
  "no vendor" for stories without one, must agree);
* tone: sign agreement on the polar stories (pos needs tone > 0, neg needs tone < 0), and
  3-class accuracy with |tone| < NEUTRAL_BAND counted as neutral.

Run:
    .venv/bin/python benchmarks/eval_news_topics.py [--errors] [--path FILE]
tests/test_topics.py asserts floors on the same numbers via `evaluate`.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.core.models import TOPICS
from pipeline.enrich import sentiment, topics

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "news_labeled.jsonl"
NEUTRAL_BAND = 0.1


@dataclass(slots=True, frozen=True)
class TopicScore:
    """Precision, recall and F1 of one topic; support = labeled positives."""

    topic: str
    tp: int
    fp: int
    fn: int

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.support if self.support else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True, frozen=True)
class Report:
    """Every metric of one evaluation run, plus the predictions frame for error listings."""

    items: int
    topics: tuple[TopicScore, ...]
    vendor_exact: float
    vendor_first: float
    tone_sign: float
    tone_3class: float
    seconds: float
    frame: pl.DataFrame

    def topic(self, name: str) -> TopicScore:
        return next(score for score in self.topics if score.topic == name)


def load(path: Path = DATA) -> pl.DataFrame:
    """Read the labeled set (JSON lines) into a frame with the declared schema."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return pl.DataFrame(
        rows,
        schema={
            "title": pl.String,
            "text": pl.String,
            "topics": pl.List(pl.String),
            "vendors": pl.List(pl.String),
            "tone": pl.String,
        },
    )


def evaluate(path: Path = DATA) -> Report:
    """Run the taggers and the tone scorer on the labeled set and score them."""
    gold = load(path)
    started = time.perf_counter()
    predicted = gold.with_columns(
        topics.classify_topics(gold["title"], gold["text"]).alias("pred_topics"),
        topics.rank_vendors(gold["title"], gold["text"]).alias("pred_vendors"),
        sentiment.tone(gold["title"], gold["text"]).alias("pred_tone"),
    )
    seconds = time.perf_counter() - started
    scores = []
    for topic in TOPICS:
        has = predicted.select(
            pl.col("topics").list.contains(topic).alias("gold"),
            pl.col("pred_topics").list.contains(topic).alias("pred"),
        )
        scores.append(
            TopicScore(
                topic,
                tp=has.filter(pl.col("gold") & pl.col("pred")).height,
                fp=has.filter(~pl.col("gold") & pl.col("pred")).height,
                fn=has.filter(pl.col("gold") & ~pl.col("pred")).height,
            )
        )
    checks = predicted.select(
        (pl.col("vendors").list.sort() == pl.col("pred_vendors").list.sort()).alias("exact"),
        (
            pl.col("vendors").list.first().fill_null("")
            == pl.col("pred_vendors").list.first().fill_null("")
        ).alias("first"),
        pl.when(pl.col("tone") == "pos")
        .then(pl.col("pred_tone") > 0)
        .when(pl.col("tone") == "neg")
        .then(pl.col("pred_tone") < 0)
        .alias("sign"),
        (
            pl.when(pl.col("pred_tone") >= NEUTRAL_BAND)
            .then(pl.lit("pos"))
            .when(pl.col("pred_tone") <= -NEUTRAL_BAND)
            .then(pl.lit("neg"))
            .otherwise(pl.lit("neu"))
            == pl.col("tone")
        ).alias("three"),
    )
    return Report(
        items=gold.height,
        topics=tuple(scores),
        vendor_exact=float(checks["exact"].mean()),
        vendor_first=float(checks["first"].mean()),
        tone_sign=float(checks["sign"].drop_nulls().mean()),
        tone_3class=float(checks["three"].mean()),
        seconds=seconds,
        frame=predicted,
    )


def _print_errors(report: Report) -> None:
    frame = report.frame.with_row_index("line", offset=1)
    wrong_topics = frame.filter(pl.col("topics").list.sort() != pl.col("pred_topics").list.sort())
    print(f"\ntopic errors ({wrong_topics.height}):")
    for row in wrong_topics.iter_rows(named=True):
        print(f"  {row['line']:>3} gold={row['topics']} pred={row['pred_topics']}  {row['title']}")
    wrong_vendors = frame.filter(pl.col("vendors") != pl.col("pred_vendors"))
    print(f"\nvendor ranking differences ({wrong_vendors.height}):")
    for row in wrong_vendors.iter_rows(named=True):
        print(
            f"  {row['line']:>3} gold={row['vendors']} pred={row['pred_vendors']}  {row['title']}"
        )
    wrong_tone = frame.filter(
        ((pl.col("tone") == "pos") & (pl.col("pred_tone") <= 0))
        | ((pl.col("tone") == "neg") & (pl.col("pred_tone") >= 0))
    )
    print(f"\ntone sign errors ({wrong_tone.height}):")
    for row in wrong_tone.iter_rows(named=True):
        print(f"  {row['line']:>3} gold={row['tone']} tone={row['pred_tone']:+.2f}  {row['title']}")


def main() -> None:
    """Print the evaluation report (and, with --errors, every disagreement)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    report = evaluate(args.path)
    print(f"{report.items} labeled stories, tagged and scored in {report.seconds:.3f} s\n")
    print(f"{'topic':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
    for score in report.topics:
        print(
            f"{score.topic:<14}{score.precision:>10.3f}{score.recall:>8.3f}"
            f"{score.f1:>7.3f}{score.support:>9}"
        )
    tp = sum(s.tp for s in report.topics)
    fp = sum(s.fp for s in report.topics)
    fn = sum(s.fn for s in report.topics)
    micro = TopicScore("micro", tp, fp, fn)
    print(
        f"{'micro avg':<14}{micro.precision:>10.3f}{micro.recall:>8.3f}{micro.f1:>7.3f}"
        f"{micro.support:>9}"
    )
    print(
        f"\nvendors: exact set match {report.vendor_exact:.3f}, first vendor match "
        f"{report.vendor_first:.3f}"
    )
    print(
        f"tone: sign agreement on pos/neg stories {report.tone_sign:.3f}, 3-class accuracy "
        f"(|tone| < {NEUTRAL_BAND} = neu) {report.tone_3class:.3f}"
    )
    if args.errors:
        _print_errors(report)


if __name__ == "__main__":
    main()
