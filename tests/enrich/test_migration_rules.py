"""enrich.migration_rules: the rule engine's phrasing families, guards and figures on the labeled
set it was written against (tests/enrich/test_migration.py tests the learned detector)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.enrich.migration_model import LabeledPost, Scores
from pipeline.enrich.migration_rules import (
    SCHEMA,
    candidate_mask,
    extract_one,
    extract_rule_migrations,
)

LABELS = Path(__file__).resolve().parents[2] / "pipeline" / "enrich" / "labels"


MIN_PRECISION = 0.90
MIN_RECALL = 0.80
MIN_DIRECTION = 0.95

POSITIVES: list[tuple[str, str, str | None, str]] = [
    ("from_to", "Switched from ChatGPT to Claude last week, night and day", "openai", "anthropic"),
    ("from_to", "we migrated our bot from GPT-4o to Gemini 2.5 Flash", "openai", "google"),
    ("to_from", "jumped ship to Claude from ChatGPT last month", "openai", "anthropic"),
    ("off_to", "moved off of DeepSeek to Claude Sonnet for codegen", "deepseek", "anthropic"),
    ("x_for_y", "ditched ChatGPT for Claude", "openai", "anthropic"),
    ("x_for_y", "Left ChatGPT for Grok lol, at least it doesn't lecture me", "openai", "xai"),
    ("replaced", "replaced GPT-4o with Sonnet in our pipeline", "openai", "anthropic"),
    (
        "y_replaced_x",
        "Claude Code has completely replaced Copilot for me",
        "microsoft",
        "anthropic",
    ),
    ("swapped", "swapped out Gemini for GPT-5 in our agent loop", "google", "openai"),
    ("arrow", "ChatGPT -> Claude. No regrets.", "openai", "anthropic"),
    ("arrow", "Gemini ➡️ ChatGPT. Google's app is just too clunky", "google", "openai"),
    ("bye_hello", "Bye ChatGPT, hello Claude 👋", "openai", "anthropic"),
    ("instead_of", "Now using Claude instead of ChatGPT for everything", "openai", "anthropic"),
    ("back_to", "going back to ChatGPT after a month on Claude", "anthropic", "openai"),
    ("back_to", "went back to Claude after trying Gemini for two weeks", "google", "anthropic"),
    (
        "two_clause",
        "cancelled my ChatGPT Plus subscription, Claude Pro from now on",
        "openai",
        "anthropic",
    ),
    (
        "two_clause",
        "Unsubscribed from ChatGPT today. Signed up for Claude Max.",
        "openai",
        "anthropic",
    ),
    ("came_from", "Been on DeepSeek since January, came from ChatGPT", "openai", "deepseek"),
    ("ex_now", "ex-ChatGPT user, now on Gemini full time", "openai", "google"),
    ("self_hosted", "moved our stack to self-hosted Llama", None, "meta"),
    ("to_only", "finally switched to Claude Pro. why did I wait so long", None, "anthropic"),
    (
        "to_only_inferred",
        "we switched to Claude after OpenAI's third outage",
        "openai",
        "anthropic",
    ),
    ("ambiguous_pair", "Left Gemini for Grok. yeah yeah I know", "google", "xai"),
    ("back_on", "back on ChatGPT, Gemini keeps timing out on me", "google", "openai"),
    ("back_on", "I'm back on Claude. DeepSeek kept spitting out garbage", "deepseek", "anthropic"),
    ("left_all_in", "left Grok behind and went all in on Claude", "xai", "anthropic"),
    ("left_all_in", "left Copilot. all in on Gemini now", "microsoft", "google"),
    (
        "instead_action",
        "repointed my agents to call DeepSeek instead of GPT-4o",
        "openai",
        "deepseek",
    ),
    ("instead_action", "routed the chatbot through Mistral instead of OpenAI", "openai", "mistral"),
    ("taken_over", "Grok has pretty much taken over from ChatGPT for me", "openai", "xai"),
    (
        "leave_adopt",
        "stopped paying for Gemini; ChatGPT is my daily driver now",
        "google",
        "openai",
    ),
    ("leave_adopt", "cancelled Copilot, Claude Code is our default now", "microsoft", "anthropic"),
    ("adopt_leave", "DeepSeek is my go-to now, Claude Pro cancelled", "anthropic", "deepseek"),
    ("adopt_leave", "Gemini is gone from my dock and ChatGPT took its place", "google", "openai"),
    ("we_team", "my team moved our evals from Gemini to Claude", "google", "anthropic"),
    (
        "back_unreliable",
        "Going back to Claude. ChatGPT has been too unreliable",
        "openai",
        "anthropic",
    ),
    ("back_unreliable", "went back to Gemini, DeepSeek is way too flaky", "deepseek", "google"),
    (
        "after_now",
        "after two years on ChatGPT I'm now using Claude full time",
        "openai",
        "anthropic",
    ),
    (
        "jumped_identity",
        "been a ChatGPT person since day one but I jumped ship to Claude",
        "openai",
        "anthropic",
    ),
    ("ported", "ported all my prompts and code from ChatGPT to Gemini", "openai", "google"),
    ("bye_on", "Goodbye Gemini. I'm on ChatGPT now", "google", "openai"),
    ("bye_on", "bye Grok, I'm on Claude now", "xai", "anthropic"),
    (
        "not_renewing",
        "not renewing Copilot; already moved everything to Claude Code",
        "microsoft",
        "anthropic",
    ),
    (
        "new_setup",
        "New setup: Claude for everything, ChatGPT is gone from my dock",
        "openai",
        "anthropic",
    ),
]

NEGATIVES: list[tuple[str, str]] = [
    ("question", "Should I switch from ChatGPT to Claude?"),
    ("question", "Did you guys move from GPT-4o to Gemini when the price changed or nah"),
    ("hypothetical", "thinking about moving from ChatGPT to Claude"),
    ("hypothetical", "might switch to Gemini next month"),
    ("hypothetical", "If Claude keeps failing like this I'll switch to ChatGPT"),
    ("hypothetical", "would you switch from Claude to DeepSeek"),
    ("refusal", "Not switching to Grok, ChatGPT is fine"),
    ("refusal", "I won't leave Claude for ChatGPT over one bad week"),
    ("refusal", "never moving to Gemini, google kills everything"),
    ("cancelled_plan", "Was going to switch to Claude but stayed with ChatGPT"),
    ("cancelled_plan", "almost moved from Gemini to ChatGPT last week"),
    ("comparison", "Claude is better than ChatGPT for writing"),
    ("comparison", "Claude Code > Copilot. fight me"),
    ("multi_use", "I use both ChatGPT and Claude depending on the task"),
    ("multi_use", "switching between Claude and Gemini all day"),
    ("multi_use", "I switch to Claude when ChatGPT is down"),
    ("no_destination", "not renewing ChatGPT Plus this month"),
    ("still_happy", "after two years on Claude I'm still happy"),
    ("question", "I'm on Gemini now too? no"),
    ("hearsay", "my friend says he went back to ChatGPT because Claude kept failing"),
    ("hearsay", "he said goodbye ChatGPT, he's on Claude now"),
    ("multi_use", "New setup: Claude for code, ChatGPT for writing"),
    ("hearsay", "my friend switched from ChatGPT to Claude"),
    ("hearsay", "Everyone says they moved to Claude, ChatGPT is dead"),
    ("hearsay", "users are leaving ChatGPT for Claude, says new Similarweb data"),
    ("hearsay", "Microsoft is switching Copilot to use GPT-5 by default"),
    ("quoted", "The 'bye ChatGPT hello Claude' posts are getting old"),
    ("non_vendor", "switched to Postgres, ChatGPT wrote the migration"),
    ("non_vendor", "moved to Berlin! Gemini AI helped with the maps"),
    ("non_vendor", "migrated to Kubernetes, Claude was great at YAML"),
    ("non_vendor", "Migrated from Webpack to Vite in an hour thanks to Claude Code"),
    ("non_vendor", "switched from Copilot to Cursor"),  # Cursor is not a vendor of the table
    ("same_vendor", "switched from GPT-4o to o3 for reasoning"),
    ("same_vendor", "Moved from Claude Sonnet to Claude Opus for the hard stuff"),
    ("ambiguous", "Finally switched to Gemini"),  # the star sign? no AI context, one slot
    ("hearsay", "half my timeline moved from ChatGPT to Claude"),
    ("hearsay", "my whole team switched to Gemini, they swear by it"),
    ("hearsay", "my coworkers all moved to Claude; I'm still on ChatGPT"),
    ("hearsay", "everyone left ChatGPT, all in on Claude now"),
    ("hearsay", "folks keep saying Grok took over from ChatGPT for them"),
    ("hypothetical", "if Claude keeps failing I'm back on ChatGPT"),
    ("multi_use", "I use Claude instead of ChatGPT for code, ChatGPT for the rest"),
    ("multi_use", "ChatGPT went down so Claude took its place for the afternoon"),
    ("other", "Claude took over from ChatGPT at the top of the App Store"),
    ("other", "Gemini is now the default in Android, ChatGPT app deleted"),
    ("other", "left ChatGPT running overnight, went with Claude for the report"),
    ("hearsay", "Microsoft cancelled Copilot Pro for students; Gemini is my go-to now"),
]


@pytest.mark.parametrize(("family", "text", "src", "dest"), POSITIVES)
def test_phrasing_family(family: str, text: str, src: str | None, dest: str) -> None:
    hit = extract_one(text)
    assert hit is not None, family
    assert hit[:2] == (src, dest), family
    assert 0.0 <= hit[2] <= 1.0


def test_confidence_orders_explicit_over_implicit() -> None:
    explicit = extract_one("switched from ChatGPT to Claude")
    inferred = extract_one("switched to Claude Pro")
    assert explicit is not None and inferred is not None
    assert explicit[2] > inferred[2]
    assert inferred[0] is None


@pytest.mark.parametrize(("family", "text"), NEGATIVES)
def test_negative_family(family: str, text: str) -> None:
    assert extract_one(text) is None, family


def test_frame_contract() -> None:
    texts = pl.Series(
        [
            "nothing here",
            None,
            "",
            "Ditched ChatGPT for Claude",
            "Claude is down",
            "Bye Grok, hello GPT-5",
        ]
    )
    out = extract_rule_migrations(texts)
    assert out.schema == pl.Schema(SCHEMA)
    assert out["row"].to_list() == [3, 5]
    assert out["from_vendor"].to_list() == ["openai", "xai"]
    assert out["to_vendor"].to_list() == ["anthropic", "openai"]
    assert out["confidence"].is_between(0.0, 1.0).all()


def test_empty_input() -> None:
    out = extract_rule_migrations(pl.Series([], dtype=pl.String))
    assert out.height == 0
    assert out.schema == pl.Schema(SCHEMA)


def test_prefilter_needs_vendor_and_cue() -> None:
    mask = candidate_mask(
        pl.Series(["switched to Postgres", "Claude is great", "moved to Claude", None])
    )
    assert mask.to_list() == [False, False, True, False]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=20))
def test_arbitrary_text_never_raises(texts: list[str]) -> None:
    out = extract_rule_migrations(pl.Series(texts, dtype=pl.String))
    assert out["row"].is_unique().all()
    assert (out["row"] < max(len(texts), 1)).all()


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["ChatGPT", "Claude", "Gemini", "Grok", "DeepSeek", "Copilot", "Llama"]),
    st.sampled_from(["ChatGPT", "Claude", "Gemini", "Grok", "DeepSeek", "Copilot", "Llama"]),
)
def test_direction_is_never_swapped(a: str, b: str) -> None:
    hit = extract_one(f"I switched from {a} to {b} for coding.")
    reverse = extract_one(f"I switched from {b} to {a} for coding.")
    if a == b:
        assert hit is None
    else:
        assert hit is not None and reverse is not None
        assert hit[:2] == (reverse[1], reverse[0])


def evaluate(records: Sequence[dict]) -> Scores:
    out = extract_rule_migrations(pl.Series([r["text"] for r in records], dtype=pl.String))
    hits = {row: (f, t) for row, f, t, _ in out.iter_rows()}
    scores = Scores()
    for i, rec in enumerate(records):
        post = LabeledPost(rec["text"], rec["migration"], rec["from"], rec["to"], rec["family"])
        scores.add(post, hits.get(i))
    return scores


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """The labeled posts the rule engine was written against (and its holdouts)."""
    lines = (LABELS / "migration_1.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_labeled_set_shape(records: list[dict]) -> None:
    assert len(records) >= 320
    share = sum(r["migration"] for r in records) / len(records)
    assert 0.35 <= share <= 0.45
    assert sum(r["split"] == "holdout" for r in records) >= 60
    assert sum(r["split"] == "holdout2" for r in records) >= 40
    assert sum(r["split"] == "holdout3" for r in records) >= 20


@pytest.mark.parametrize("split", ["all", "holdout", "holdout2", "holdout3"])
def test_quality_gates(records: list[dict], split: str) -> None:
    part = records if split == "all" else [r for r in records if r["split"] == split]
    report = evaluate(part)
    assert report.precision >= MIN_PRECISION
    assert report.recall >= MIN_RECALL
    assert report.direction >= MIN_DIRECTION


def test_gates_reject_degenerate_extractors(records: list[dict]) -> None:
    positives = sum(r["migration"] for r in records)
    # "everything is a migration" has the base rate as precision; "nothing is" has 0 recall
    assert positives / len(records) < MIN_PRECISION


def test_prefilter_ignores_hyphenated_off_and_keeps_every_labeled_hit(records: list[dict]) -> None:
    mask = candidate_mask(
        pl.Series(
            [
                "Claude caught an off-by-one bug in my loop",
                "moved off ChatGPT to Claude",
                "Claude: off-the-shelf answers again",
            ]
        )
    )
    assert mask.to_list() == [False, True, False]
    texts = [r["text"] for r in records]
    passed = candidate_mask(pl.Series(texts, dtype=pl.String)).to_list()
    # the prefilter never drops a post the rule engine would report
    assert all(ok for text, ok in zip(texts, passed, strict=True) if extract_one(text))
