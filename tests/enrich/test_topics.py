"""enrich.topics: topic rules, vendor ranking, and quality floors on the labeled news set."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.models import TOPICS
from pipeline.core.vendors import VENDORS, match_vendors
from pipeline.enrich.topics import LEDE_CHARS, TOPIC_RULES, classify_topics, rank_vendors
from tests.script_modules import load_script

ROOT = Path(__file__).resolve().parents[2]


evaluation = load_script(ROOT / "benchmarks" / "eval_news_topics.py")

# Quality floors on tests/data/news_labeled.jsonl; the implementation clears each with margin
# (see `python benchmarks/eval_news_topics.py`), and degenerate taggers fail them (tested below).
MIN_SUPPORT = 10
MIN_PRECISION = 0.85
MIN_RECALL = 0.80
MIN_MICRO_F1 = 0.90
MIN_VENDOR_FIRST = 0.92
MIN_VENDOR_EXACT = 0.90
MIN_TONE_SIGN = 0.75
MIN_TONE_3CLASS = 0.65


def topic_floor_failures(scores: tuple) -> list[str]:
    failures = []
    for score in scores:
        if score.support < MIN_SUPPORT:
            continue
        if score.precision < MIN_PRECISION:
            failures.append(f"{score.topic} precision {score.precision:.3f}")
        if score.recall < MIN_RECALL:
            failures.append(f"{score.topic} recall {score.recall:.3f}")
    micro = evaluation.TopicScore(
        "micro", sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores)
    )
    if micro.f1 < MIN_MICRO_F1:
        failures.append(f"micro F1 {micro.f1:.3f}")
    return failures


def topics_of(title: str, text: str = "") -> list[str]:
    return classify_topics(pl.Series([title]), pl.Series([text])).item().to_list()


def vendors_of(title: str, text: str = "") -> list[str]:
    return rank_vendors(pl.Series([title]), pl.Series([text])).item().to_list()


# --- quality floors on the labeled set -------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    return evaluation.evaluate()


def test_labeled_set_is_large_and_varied(report) -> None:
    frame = report.frame
    assert report.items >= 250
    assert frame["title"].is_unique().all()
    assert set(frame["tone"].unique()) == {"pos", "neu", "neg"}
    assert frame.filter(pl.col("topics").list.len() == 0).height >= 50  # non-topic stories
    assert frame.filter(pl.col("vendors").list.len() == 0).height >= 50  # non-vendor stories
    assert set(frame["topics"].explode().drop_nulls()) <= set(TOPICS)
    assert set(frame["vendors"].explode().drop_nulls()) <= set(VENDORS)
    assert frame.filter(pl.col("vendors").list.len() > 1).height >= 40  # ranking matters
    supports = {s.topic: s.support for s in report.topics}
    assert all(supports[t] >= MIN_SUPPORT for t in TOPICS), supports


def test_topic_floors(report) -> None:
    assert topic_floor_failures(report.topics) == []


def test_vendor_floors(report) -> None:
    assert report.vendor_first >= MIN_VENDOR_FIRST
    assert report.vendor_exact >= MIN_VENDOR_EXACT


def test_tone_floors(report) -> None:
    assert report.tone_sign >= MIN_TONE_SIGN
    assert report.tone_3class >= MIN_TONE_3CLASS


def test_floors_reject_degenerate_taggers(report) -> None:
    gold = report.frame
    n = gold.height

    def scores(predicted: list[set[str]]) -> tuple:
        out = []
        for topic in TOPICS:
            has = [topic in labels for labels in gold["topics"].to_list()]
            pred = [topic in labels for labels in predicted]
            tp = sum(g and p for g, p in zip(has, pred, strict=True))
            fp = sum(p and not g for g, p in zip(has, pred, strict=True))
            fn = sum(g and not p for g, p in zip(has, pred, strict=True))
            out.append(evaluation.TopicScore(topic, tp, fp, fn))
        return tuple(out)

    assert topic_floor_failures(scores([set(TOPICS)] * n))  # tag everything
    assert topic_floor_failures(scores([set()] * n))  # tag nothing
    predicted = gold["pred_vendors"].to_list()
    gold_first = [(v[:1] or [""])[0] for v in gold["vendors"].to_list()]

    def first_match(order) -> float:
        firsts = [(order(v)[:1] or [""])[0] for v in predicted]
        return sum(a == b for a, b in zip(firsts, gold_first, strict=True)) / n

    assert first_match(lambda v: v) >= MIN_VENDOR_FIRST
    assert first_match(sorted) < MIN_VENDOR_FIRST  # right set, alphabetical order
    assert first_match(lambda v: v[::-1]) < MIN_VENDOR_FIRST  # right set, reversed


# --- topic rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "topic"),
    [
        ("ChatGPT down for thousands of users", "", "outage"),
        ("Anthropic reports elevated error rates on Claude", "", "outage"),
        ("Gemini API returning 503 errors", "", "outage"),
        ("Azure outage disrupts Copilot", "", "outage"),
        ("Claude users hit by 529 overloaded errors", "", "outage"),
        ("DeepSeek API has been timing out all morning", "", "outage"),
        ("Developers are ditching ChatGPT for Claude", "", "migration"),
        ("Why we moved from OpenAI to Anthropic", "", "migration"),
        ("Users cancel ChatGPT Plus subscriptions in protest", "", "migration"),
        ("Customers flee Copilot", "An exodus of developers to rival tools.", "migration"),
        ("OpenAI cuts API prices by 26%", "", "pricing"),
        ("Claude Max costs $200 a month", "", "pricing"),
        ("Gemini Pro free for students for a year", "", "pricing"),
        ("Input now costs $2 per million input tokens", "", "pricing"),
        ("Anthropic releases Claude Opus 4.5", "", "model_release"),
        ("Google unveils Gemini 3", "", "model_release"),
        ("Meta debuts Llama 4 open-weight models", "", "model_release"),
        ("GPT-4.5 arrives with fewer hallucinations", "", "model_release"),
        ("Cohere launches its smallest and fastest model yet", "", "model_release"),
        ("Anthropic raises $13 billion at $183 billion valuation", "", "funding"),
        ("Mistral closes Series C round", "", "funding"),
        ("Perplexity valued at $20 billion", "", "funding"),
        ("CoreWeave files for IPO", "", "funding"),
        ("FTC opens inquiry into AI chatbots", "", "regulation"),
        ("EU AI Act obligations take effect", "", "regulation"),
        ("New York Times lawsuit against OpenAI can proceed", "", "regulation"),
        ("Italy's privacy watchdog fines OpenAI", "", "regulation"),
        ("Researchers find prompt injection flaw in ChatGPT agent", "", "security"),
        ("Ticketmaster confirms data breach", "", "security"),
        ("Jailbreak tricks Gemini into revealing its system prompt", "", "security"),
        ("Copilot bug tracked as CVE-2025-32711", "", "security"),
        ("Apple partners with OpenAI to bring ChatGPT to Siri", "", "partnership"),
        ("Mistral teams up with Nvidia", "", "partnership"),
        ("Oracle signs $300 billion cloud contract with OpenAI", "", "partnership"),
    ],
)
def test_topic_positives(title: str, text: str, topic: str) -> None:
    assert topic in topics_of(title, text)


@pytest.mark.parametrize(
    ("title", "text", "topic"),
    [
        ("How to download Llama 3 weights", "", "outage"),
        ("A breakdown of the Gemini benchmark numbers", "", "outage"),
        ("OpenAI board member steps down", "", "outage"),
        ("Nvidia shares went down 3% on Friday", "", "outage"),
        ("OpenAI status page now shows per-model uptime", "", "outage"),
        ("Monarch butterflies begin their migration to Mexico", "", "migration"),
        ("Top researcher leaves OpenAI for Meta", "", "migration"),
        ("Senate debates migration bill", "", "migration"),
        ("Nvidia stock price falls despite record revenue", "", "pricing"),
        ("Analysts raise price targets for Microsoft", "", "pricing"),
        ("Fed holds rates steady", "", "pricing"),
        ("GPT-5 is rolling out to the free tier", "", "pricing"),
        ("Apple unveils iPhone 17 with thinner Air model", "", "model_release"),
        ("Ford unveils electric pickup model", "", "model_release"),
        ("DeepSeek's latest model is censored on Tiananmen", "", "model_release"),
        ("New Claude model raises concerns among researchers", "", "funding"),
        ("Microsoft raises prices for Microsoft 365", "", "funding"),
        ("Teachers union raises alarm over AI grading", "", "funding"),
        ("Microsoft to spend $80 billion on data centers", "", "funding"),
        ("Social Security to run dry without changes from Congress", "", "regulation"),
        ("Sprinter banned for four years after failed drug test", "", "regulation"),
        ("Local bakery wins prize; judges praised its crust", "", "regulation"),
        ("Law firms drop Harvey for in-house tools", "", "regulation"),
        ("UN Security Council meets on AI risks", "", "security"),
        ("Reddit sues Anthropic", "In breach of the platform's user agreement.", "security"),
        ("Claude complaints top Hacker News", "", "security"),
        ("How to deal with AI hallucinations", "", "partnership"),
        ("Trade deal talks between US and EU stall", "", "partnership"),
    ],
)
def test_topic_negatives(title: str, text: str, topic: str) -> None:
    assert topic not in topics_of(title, text)


def test_topics_come_in_models_order_and_nulls_are_empty() -> None:
    assert list(TOPIC_RULES) == list(TOPICS)
    out = classify_topics(
        pl.Series(["Amazon completes $4 billion investment in Anthropic", None, "", "Weather"]),
        pl.Series(["Anthropic named AWS its primary cloud and training partner.", None, "", None]),
    )
    assert out.dtype == pl.List(pl.String) and out.name == "topics"
    assert out.to_list() == [["funding", "partnership"], [], [], []]


def test_lede_counts_once_the_rest_of_the_body_twice() -> None:
    filler = "Lorem ipsum dolor sit amet. " * 30
    assert len(filler) > LEDE_CHARS
    assert topics_of("Quarterly update", "An outage hit the API. " + filler) == ["outage"]
    assert topics_of("Quarterly update", filler + "An outage in 2019 was long.") == []
    assert topics_of("Quarterly update", filler + "An outage. Another outage.") == ["outage"]


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="length"):
        classify_topics(pl.Series(["a", "b"]), pl.Series(["a"]))
    with pytest.raises(ValueError, match="length"):
        rank_vendors(pl.Series(["a"]), pl.Series(["a", "b"]))


# --- vendor ranking --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Claude Makelele named interim manager", "The former Chelsea midfielder.", []),
        ("Claude Monet canvas sells for $65 million", "Bought by a telephone bidder.", []),
        ("Gemini horoscope: money matters this week", "Mercury moves into your second house.", []),
        ("Peruvian llamas guard sheep", "A single llama can protect a flock.", []),
        ("What it means to really grok a codebase", "Read the tests first.", []),
        ("The meta has shifted in ranked play", "Every team drafts the same heroes.", []),
        ("Claude is back after brief outage", "The chatbot returned to normal.", ["anthropic"]),
        ("Gemini API returns 500s", "", ["google"]),
        ("Claude is better than ChatGPT", "", ["anthropic", "openai"]),
        ("Azure OpenAI latency spikes", "Customers in East US saw timeouts.", ["microsoft"]),
        ("Azure OpenAI latency spikes", "GPT-4o deployments timed out.", ["microsoft", "openai"]),
        (
            "Bedrock throttling hits Claude",
            "Amazon Bedrock and AWS customers.",
            ["amazon", "anthropic"],
        ),
    ],
)
def test_vendor_edge_cases(title: str, text: str, expected: list[str]) -> None:
    assert vendors_of(title, text) == expected


def test_headline_weighs_more_than_body_mentions() -> None:
    # Headline vendor: 3 + lead bonus 1 (+ body mentions); body-only vendor: 1 per mention.
    assert vendors_of("Anthropic updates its terms", "OpenAI. " * 3) == ["anthropic", "openai"]
    assert vendors_of("Anthropic updates its terms", "OpenAI. " * 4) == ["anthropic", "openai"]
    assert vendors_of("Anthropic updates its terms", "OpenAI. " * 5) == ["openai", "anthropic"]


def test_headline_counts_once_per_vendor_and_lead_breaks_ties() -> None:
    assert vendors_of("Anthropic signs deal with Microsoft Azure", "") == [
        "anthropic",
        "microsoft",
    ]
    assert vendors_of("Microsoft signs deal with Anthropic", "") == ["microsoft", "anthropic"]
    assert vendors_of("", "OpenAI and Anthropic and Google") == ["openai", "anthropic", "google"]
    assert vendors_of("", "Google and OpenAI. OpenAI again.") == ["openai", "google"]


def test_rank_vendors_shape_and_nulls() -> None:
    out = rank_vendors(pl.Series(["ChatGPT is down", None, ""]), pl.Series([None, None, ""]))
    assert out.dtype == pl.List(pl.String) and out.name == "vendors"
    assert out.to_list() == [["openai"], [], []]


_WORDS = [
    "Claude",
    "claude",
    "Gemini",
    "Llama",
    "Grok",
    "Nova",
    "Opus",
    "Sonnet",
    "OpenAI",
    "ChatGPT",
    "Azure OpenAI",
    "Azure",
    "azure",
    "Meta",
    "metadata",
    "Mistral",
    "AWS",
    "Bedrock",
    "DeepSeek",
    "AI",
    "model",
    "chatbot",
    "the",
    "is",
    "down",
    "again",
    "horoscope",
    "painting",
    ".",
    "\n",
]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=15).map(" ".join), max_size=12))
def test_same_vendors_as_match_vendors(texts: list[str]) -> None:
    """Ranking changes the order only: the set is exactly what vendors.match_vendors finds."""
    ranked = rank_vendors(pl.Series([""] * len(texts), dtype=pl.String), pl.Series(texts))
    assert [set(v) for v in ranked.to_list()] == [set(match_vendors(t)) for t in texts]
    assert all(len(v) == len(set(v)) for v in ranked.to_list())


def test_speed_50k_stories() -> None:
    title = "Anthropic says Claude is back after outage; OpenAI and Google also hit"
    body = (
        "Claude Code users saw 529 errors. Gemini on Vertex AI and Azure OpenAI were fine. "
        "Amazon Bedrock customers reported throttling for Claude Sonnet models. "
    ) * 6
    titles = pl.Series([title] * 50_000)
    bodies = pl.Series([f"{i} {body}" for i in range(50_000)])
    started = time.perf_counter()
    ranked = rank_vendors(titles, bodies)
    assert time.perf_counter() - started < 10.0
    assert ranked[0].to_list()[0] == "anthropic"
    started = time.perf_counter()
    classify_topics(titles, bodies)
    assert time.perf_counter() - started < 10.0
