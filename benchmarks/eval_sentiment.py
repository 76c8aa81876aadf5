"""Evaluate `pipeline.enrich.sentiment` against VADER and hand labels on texts from varied sources.

Guards the scorer against fitting one corpus: besides the bench's generated posts it uses

* real posts: the social fixtures (HN, Reddit, Bluesky, Mastodon) under tests/fixtures/social
  and ../shared/fixtures beside the repository (when present), one text per post;
* news: headlines and ledes of tests/data/news_labeled.jsonl (hand-labeled pos|neu|neg);
* the sample's post templates (pipeline.sample.social*, corpus/social.yaml), placeholders filled;

and prints, per source: sign agreement with VADER's compound (neutral band +-0.05) on all
texts, on texts without domain words (the bench's `DOMAIN` regex) and on texts whose every
word weighs the same in both lexicons (within 0.3; no emoji: VADER scores an emoji by its
name's words), which isolates the rules from the lexicon choices; then the news tone sign and
3-class accuracy against the hand labels, and texts/s of `score_texts` against VADER on
bench-like posts.

Run:
    .venv/bin/python benchmarks/eval_sentiment.py [--posts 20000] [--errors 15]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import time
from pathlib import Path
from types import ModuleType

import polars as pl

from pipeline.core.models import Source
from pipeline.enrich.sentiment import score_texts
from pipeline.enrich.sentiment_lexicon import LEXICON, load_vader_lexicon
from pipeline.parse.social import parse_social
from pipeline.sample import social, social_plan, social_render

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "fixtures"  # ../shared beside the repository
BAND = 0.05


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _social_fixture_texts() -> list[str]:
    paths = sorted((ROOT / "tests" / "fixtures" / "social").iterdir())
    if SHARED.is_dir():
        for folder in ("hn_algolia", "reddit", "mastodon"):
            paths += sorted((SHARED / folder).glob("*"))
    texts: set[str] = set()
    for path in paths:
        result = parse_social(path.read_bytes(), Source("eval", "social", str(path)))
        texts.update(p.text for p in result.posts if p.text and p.text.strip())
    return sorted(texts)


def _template_texts() -> list[str]:
    fill = {
        "p": "Claude",
        "q": "Gemini",
        "f": "ChatGPT",
        "t": "Claude",
        "lang": "Python",
        "task": "a CSV parser",
    }
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and " " in value and len(value) > 20:
            found.add(re.sub(r"\{(\w+)\}", lambda m: fill.get(m[1], "it"), value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)

    for module in (social, social_plan, social_render):
        for name, value in vars(module).items():
            if name.isupper():
                walk(value)
    return sorted(found)


def corpus() -> pl.DataFrame:
    """Texts with their source: real posts, news headlines and ledes, sample templates."""
    news = [json.loads(line) for line in (ROOT / "tests/data/news_labeled.jsonl").open()]
    parts = [
        ("real_posts", _social_fixture_texts()),
        ("news_titles", [n["title"] for n in news]),
        ("news_ledes", [n["text"][:300] for n in news if n["text"]]),
        ("sample_templates", _template_texts()),
    ]
    return pl.DataFrame(
        [(source, text) for source, texts in parts for text in texts],
        schema={"source": pl.String, "text": pl.String},
        orient="row",
    )


def _sign(col: str) -> pl.Expr:
    return pl.when(pl.col(col) > BAND).then(1).when(pl.col(col) < -BAND).then(-1).otherwise(0)


def _differing_words() -> frozenset[str]:
    """Single words whose valence differs (by more than 0.3) between ours and VADER's."""
    vader = load_vader_lexicon()
    words = {w for w in (*LEXICON, *vader) if " " not in w}
    return frozenset(w for w in words if abs(LEXICON.get(w, 0.0) - vader.get(w, 0.0)) > 0.3)


def agreement(frame: pl.DataFrame, domain: re.Pattern[str]) -> pl.DataFrame:
    """Each text with both scores, whether their signs agree, whether it has a domain word and
    whether it has a word the two lexicons weigh differently (or any emoji)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    differing = _differing_words()
    words = re.compile(r"[\w'-]+")
    emoji = re.compile(r"[^\x00-\u2000]")
    return frame.with_columns(
        score_texts(frame["text"]).alias("ours"),
        pl.Series("vader", [analyzer.polarity_scores(t)["compound"] for t in frame["text"]]),
        pl.Series("domain", [bool(domain.search(t)) for t in frame["text"]]),
        pl.Series(
            "lexicon_differs",
            [
                bool(emoji.search(t)) or any(w in differing for w in words.findall(t.lower()))
                for t in frame["text"]
            ],
        ),
    ).with_columns((_sign("ours") == _sign("vader")).alias("agree"))


def speed(n: int, bench: ModuleType) -> tuple[float, float]:
    """Texts/s of score_texts and of VADER on `n` bench-like posts."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rng = random.Random(7)
    texts = [bench._text(rng, bench.CHATTER, rng.choice((1, 1, 2, 2, 3))) for _ in range(n)]
    series = pl.Series("text", texts)
    score_texts(series.head(100))
    ours = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        score_texts(series)
        ours = min(ours, time.perf_counter() - start)
    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for text in texts[: n // 4]:
        analyzer.polarity_scores(text)
    vader = (time.perf_counter() - start) * 4
    return n / ours, n / vader


def main() -> None:
    """Print agreement per source, news tone accuracy and speed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=20_000, help="bench-like posts timed")
    ap.add_argument("--errors", type=int, default=0, help="print N disagreements per source")
    args = ap.parse_args()
    bench = _module("bench_social")
    news_eval = _module("eval_news_topics")
    scored = agreement(corpus(), bench.DOMAIN)
    table = (
        scored.group_by("source", maintain_order=True)
        .agg(
            pl.len().alias("texts"),
            pl.col("agree").mean().alias("agree_all"),
            pl.col("agree").filter(~pl.col("domain")).mean().alias("agree_plain"),
            pl.col("domain").sum().alias("domain_texts"),
            pl.col("agree").filter(~pl.col("lexicon_differs")).mean().alias("agree_same_lex"),
            (~pl.col("lexicon_differs")).sum().alias("same_lex_texts"),
        )
        .sort("source")
    )
    with pl.Config(tbl_rows=20, float_precision=3):
        print(table)
    overall = scored.filter(~pl.col("domain"))["agree"].mean()
    same = scored.filter(~pl.col("lexicon_differs"))["agree"].mean()
    print(
        f"sign agreement with VADER on all domain-free texts: {overall:.3f}; on texts whose"
        f" words weigh the same in both lexicons (the rules alone): {same:.3f}"
    )
    if args.errors:
        for source in table["source"]:
            wrong = scored.filter((pl.col("source") == source) & ~pl.col("agree"))
            print(f"\n{source}: {wrong.height} disagreements")
            for row in wrong.head(args.errors).iter_rows(named=True):
                flag = "D" if row["domain"] else " "
                text = row["text"].replace("\n", " ")[:150]
                print(f"  {flag} ours={row['ours']:+.2f} vader={row['vader']:+.2f}  {text}")
    report = news_eval.evaluate()
    print(
        f"news tone vs hand labels: sign {report.tone_sign:.3f}, 3-class {report.tone_3class:.3f}"
    )
    ours, vader = speed(args.posts, bench)
    print(
        f"speed on {args.posts:,} bench-like posts: score_texts {ours:,.0f}/s,"
        f" VADER {vader:,.0f}/s, ratio {ours / vader:.1f}x"
    )


if __name__ == "__main__":
    main()
