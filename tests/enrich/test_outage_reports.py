"""Outage-report detection: the rule set on hand-written reports and look-alikes."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.enrich import outage_reports as crowd

# ~80 hand-written posts: reports of a failure happening now ...
OUTAGE_REPORTS = [
    "529 overloaded from Claude Opus for the last 20 minutes",
    "can't get a single response out of Gemini, anyone else?",
    "is Claude down?",
    "Claude down again",
    "getting 529s from the API, anyone else?",
    "overloaded errors on every request",
    "ChatGPT not working",
    "API returning 500 for all my calls",
    "can't log in to ChatGPT",
    "rate limited to death right now",
    "anyone else getting errors on Gemini?",
    "Claude is dead rn",
    "Is ChatGPT down for anyone else?",
    "chatgpt down",
    "OpenAI API is down, all requests time out",
    "Claude's down. Again.",
    "Gemini keeps saying overloaded",
    "Anthropic is having issues right now",
    "another outage at OpenAI, great",
    "claude.ai won't load at all",
    "Perplexity is not responding",
    "Mistral API throwing 503 errors",
    "got a 502 bad gateway from chatgpt",
    "ChatGPT: Something went wrong. If this issue persists please contact us",
    "is the OpenAI API down or is it me",
    "Copilot is completely broken today",
    "Claude Code stopped working mid-task, 529 overloaded_error",
    "Unable to sign in to claude.ai, spinner forever",
    "DeepSeek is unreachable from here",
    "the site is down for everyone",
    "Gemini just went down",
    "Grok down?",
    "seeing constant timeouts on the Cohere API",
    "ChatGPT is at capacity, can't use it",
    "OpenAI status page says all green but the API is erroring",
    "GPT-4o returning 500 internal server error",
    "Claude has been down for an hour now",
    "ugh Claude is overloaded again",
    "is it just me or is ChatGPT not loading",
    "Bedrock calls failing with 429 too many requests",
    "getting rate limited on Claude Sonnet even with a fresh key",
    "Sora is down rn",
    "Claude not responding to anything, what's going on",
    "massive OpenAI outage right now",
    "chatgpt is broken again lol",
    "api is dead, my whole pipeline is stuck",
    "Gemini down for me in EU",
    "ChatGPT unusable right now",
]
# ... and posts that merely contain the words: past or general complaints, other senses of
# "down", jokes, migration posts, reviews, news.
NOT_REPORTS = [
    "The 500 from the store was fine",
    "I got a great response from Claude today",
    "Claude was down last week and I lost a day",
    "How to download the ChatGPT desktop app",
    "Here's a breakdown of Claude's pricing tiers",
    "They shut down the project after OpenAI changed the terms",
    "GPT-4o price went down again, nice",
    "Please don't downvote, honest question about Claude",
    "I'm down bad for Claude Opus",
    "Switched from ChatGPT to Claude because it kept going down",
    "Claude Opus 4 review: 9/10, best coding model",
    "What happens when Claude goes down in production? Plan for it",
    "Remember when ChatGPT was down for a whole day?",
    "OpenAI outage postmortem: what happened on June 10",
    "ChatGPT is always down when I need it",
    "feeling down, asked ChatGPT for a pep talk",
    "OpenAI stock down 5% after the announcement",
    "Gemini vs Claude comparison for long documents",
    "Anthropic raises rate limits for tier 4 customers",
    "Sam Altman says OpenAI will never go down in quality",
    "I love Claude, it helps me write every day",
    "ChatGPT is dead to me, long live Claude",
    "Claude, calm down, I asked for one function",
    "New Gemini model released today with 2M context",
    "Claude wrote a shutdown script for my server",
    "I cancelled my ChatGPT subscription and moved to Claude",
    "The Claude API returned valid JSON every time in my tests",
    "Write down your prompts before sending them to ChatGPT",
    "OpenAI scaled down its Sora team",
    "ChatGPT usage went down over the summer",
    "If ChatGPT goes down, what's your backup?",
    "Is Claude good for data analysis?",
    "DeepSeek pricing broken down by token type",
    "Downtime SLAs for OpenAI enterprise customers explained",
    "We migrated from OpenAI to Mistral to cut costs",
    "Gemini 2.5 Pro rated best model of the month",
    "Claude got the answer down to three lines of code",
    "Anthropic had an outage yesterday, they posted a root cause",
    "why does my python script return 500 lines of output",
    "Are you down to build a Claude hackathon project?",
]


def test_detection_precision_and_recall() -> None:
    assert len(OUTAGE_REPORTS) + len(NOT_REPORTS) >= 80
    hits = crowd.is_outage_report(pl.Series(OUTAGE_REPORTS))
    false_alarms = crowd.is_outage_report(pl.Series(NOT_REPORTS))
    tp, fp = int(hits.sum()), int(false_alarms.sum())
    missed = [t for t, hit in zip(OUTAGE_REPORTS, hits, strict=True) if not hit]
    wrong = [t for t, hit in zip(NOT_REPORTS, false_alarms, strict=True) if hit]
    assert tp / (tp + fp) >= 0.9, wrong
    assert tp / len(OUTAGE_REPORTS) >= 0.85, missed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is Claude down?", True),
        ("Claude was down last week", False),
        ("Claude was down last week and it is down again right now", True),
        ("download Claude", False),
        ("breakdown", False),
        ("price went down", False),
        ("downvote this", False),
        ("", False),
        ("can\u2019t log in to ChatGPT", True),
        ("Claude\u2019s down", True),
        (None, False),
    ],
)
def test_detection_rules(text: str | None, expected: bool) -> None:
    series = pl.Series("text", [text], dtype=pl.String)
    assert crowd.is_outage_report(series).to_list() == [expected]


def test_flag_outage_reports_adds_column() -> None:
    frame = crowd.flag_outage_reports(pl.DataFrame({"text": ["ChatGPT not working", "hi"]}))
    assert frame["is_outage_report"].to_list() == [True, False]


def test_trigger_prefilter_keeps_every_positive_rule_match() -> None:
    texts = pl.Series([*OUTAGE_REPORTS, *NOT_REPORTS, "ChatGPT won't open", "got a 502"])
    frame = pl.DataFrame({"text": texts}).with_columns(
        pl.col("text").str.replace_all("[\u2018\u2019\u02bc]", "'")
    )
    positive = frame.select(crowd.matches_any(pl.col("text"), crowd.POSITIVE_RULES)).to_series()
    trigger = frame.select(pl.col("text").str.contains(crowd.TRIGGER_PATTERN)).to_series()
    assert positive.any()
    assert not (positive & ~trigger).any()
    full = frame.select(crowd.outage_report_expr(pl.col("text"))).to_series()
    assert crowd.is_outage_report(texts).to_list() == full.to_list()
