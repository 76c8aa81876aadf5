"""enrich.migration: the learned migration detector (scikit-learn), its labels and its figures.

The figures are those of benchmarks/eval_migration.py: folds grouped by phrasing family, so a
family is never in both the training and the test part.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.vendors import VENDORS
from pipeline.enrich.migration import SCHEMA, candidate_mask, extract_migrations, extract_one
from pipeline.enrich.migration_features import find_mentions, make_candidate
from pipeline.enrich.migration_model import (
    LabeledPost,
    cross_validate,
    default_model,
    load_labels,
    train,
)

# Regression floors a little under the measured grouped-CV figures (precision 0.85, recall
# 0.74, direction 0.90; README "Migration detection"); the targets (0.95, 0.90, 0.97)
# are printed by benchmarks/eval_migration.py.
MIN_PRECISION = 0.82
MIN_RECALL = 0.70
MIN_DIRECTION = 0.86


@pytest.fixture(scope="module")
def posts() -> list[LabeledPost]:
    return load_labels()


def test_labeled_set_is_big_varied_and_hard(posts: list[LabeledPost]) -> None:
    assert len(posts) >= 1_500
    negatives = [p for p in posts if not p.migration]
    assert len(negatives) / len(posts) >= 0.40
    families = Counter(p.family for p in posts)
    assert len(families) >= 60
    assert max(families.values()) / len(posts) < 0.08  # no family dominates
    assert len({p.text for p in posts}) == len(posts)
    for p in posts:
        if p.migration:
            assert p.to_vendor in VENDORS and p.from_vendor in (*VENDORS, None), p
            assert p.from_vendor != p.to_vendor, p
        else:
            assert p.from_vendor is None and p.to_vendor is None, p


def test_grouped_cross_validation_meets_the_gates(posts: list[LabeledPost]) -> None:
    model, rules, _ = cross_validate(posts, folds=5)
    assert model.precision >= MIN_PRECISION, model.errors[:20]
    assert model.recall >= MIN_RECALL, model.errors[:20]
    assert model.direction >= MIN_DIRECTION, model.errors[:20]
    # the point of the model: it finds phrasings the rules miss
    assert model.recall > rules.recall


def test_gates_reject_degenerate_detectors(posts: list[LabeledPost]) -> None:
    positives = sum(p.migration for p in posts)
    assert positives / len(posts) < MIN_PRECISION  # "everything is a migration"


def test_training_is_deterministic(posts: list[LabeledPost]) -> None:
    sample = posts[::3]
    first, second = train(sample), train(sample)
    assert np.array_equal(first.post_model.coef_, second.post_model.coef_)
    assert np.array_equal(first.pair_model.coef_, second.pair_model.coef_)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Ditched ChatGPT for Claude last week, night and day", ("openai", "anthropic")),
        ("Bye Grok, hello GPT-5", ("xai", "openai")),
        ("we migrated our bot from GPT-4o to Gemini 2.5 Flash", ("openai", "google")),
    ],
)
def test_plain_switches_are_found_with_their_direction(text: str, pair: tuple) -> None:
    hit = extract_one(text)
    assert hit is not None and hit[:2] == pair
    assert 0.5 <= hit[2] <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "thinking about switching from ChatGPT to Claude, anyone done it?",
        "I use Claude for code and ChatGPT for emails",
        "Claude is down again",
        "my gemini horoscope says it is time to switch jobs",
    ],
)
def test_plain_non_switches_are_not(text: str) -> None:
    assert extract_one(text) is None


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
    out = extract_migrations(texts)
    assert out.schema == pl.Schema(SCHEMA)
    assert out["row"].to_list() == [3, 5]
    assert out["from_vendor"].to_list() == ["openai", "xai"]
    assert out["to_vendor"].to_list() == ["anthropic", "openai"]
    assert out["confidence"].is_between(0.5, 1.0).all()


def test_empty_input() -> None:
    out = extract_migrations(pl.Series([], dtype=pl.String))
    assert out.height == 0
    assert out.schema == pl.Schema(SCHEMA)


@settings(max_examples=100)
@given(st.lists(st.text(max_size=200), max_size=20))
def test_arbitrary_text_never_raises(texts: list[str]) -> None:
    out = extract_migrations(pl.Series(texts, dtype=pl.String))
    assert out["row"].is_unique().all()
    assert (out["row"] < max(len(texts), 1)).all()
    assert (out["from_vendor"] != out["to_vendor"]).fill_null(True).all()


def test_prefilter_keeps_the_labeled_migrations(posts: list[LabeledPost]) -> None:
    """The loose prefilter loses few migrations before the model sees it (0.89 measured)."""
    named = [p for p in posts if p.migration and make_candidate(p.text) is not None]
    kept = candidate_mask(pl.Series([p.text for p in named], dtype=pl.String))
    assert kept.mean() >= 0.86, [p.text for p, ok in zip(named, kept, strict=True) if not ok]


def test_mentions_cover_model_names_and_misspellings() -> None:
    text = "moved from chat gpt and GPT to Sonnet, then antropic billing; gemeni AI is meh"
    assert [m.vendor for m in find_mentions(text)] == [
        "openai",
        "openai",
        "anthropic",
        "anthropic",
        "google",
    ]


def test_mentions_inside_words_hashtags_identifiers_and_other_scripts() -> None:
    def found(text: str) -> list[tuple[str, str, bool]]:
        return [(m.vendor, text[m.start : m.end], m.solid) for m in find_mentions(text)]

    assert found("#TeamClaude now, #ByeChatGPT") == [
        ("anthropic", "Claude", True),  # solid: ChatGPT is AI context
        ("openai", "ChatGPT", True),
    ]
    assert found("ChatGPTからClaudeに乗り換えました") == [
        ("openai", "ChatGPT", True),
        ("anthropic", "Claude", True),
    ]
    assert [v for v, _, _ in found("swapped OPENAI_API_KEY for MISTRAL_API_KEY")] == [
        "openai",
        "mistral",
    ]
    # whole pieces only, and never across an underscore; Ollama is not Llama
    assert found("Claudette, ollama, metadata, gem_ini, Copilots") == []
    # an ambiguous name inside a word needs AI context like any other
    assert found("#GeminiSeason is here") == [("google", "Gemini", False)]


def test_prefilter_reaches_names_inside_words() -> None:
    texts = ["ChatGPTからClaudeに乗り換えました", "#ByeChatGPT #TeamClaude", "no names, switched"]
    assert candidate_mask(pl.Series(texts)).to_list() == [True, True, False]
    assert make_candidate("Claudette left") is None  # the prefilter is loose; mentions decide


def test_default_model_is_trained_once() -> None:
    assert default_model() is default_model()
    assert default_model().trained_on >= 1_000


def test_a_worker_process_gets_the_same_model_without_training(posts) -> None:
    import pickle

    from pipeline.enrich import migration_model
    from pipeline.enrich.post_scorer import PostScorer

    model = default_model()
    texts = pl.Series([p.text for p in posts[:400]])
    before = migration_model.extract_with(model, texts)
    initializer, args = PostScorer().worker_setup()
    assert pickle.loads(pickle.dumps(PostScorer())).__class__ is PostScorer
    initializer(*args)  # what a fresh worker runs (the same model stays installed here)
    installed = default_model()
    assert installed is not model and installed.verdicts == {}
    assert migration_model.extract_with(installed, texts).equals(before)


def test_cue_words_carry_their_classes_into_the_views() -> None:
    from pipeline.enrich.migration_features import CUE_CLASSES

    assert {"leave", "adopt", "hypothetical", "negation", "work"} <= {
        name for names in CUE_CLASSES.values() for name in names
    }
    candidate = make_candidate("Ich habe ChatGPT gekündigt, jetzt nutze ich Claude")
    assert candidate is not None
    assert "gekündigt zleavez" in candidate.post_view
    assert "jetzt zadoptz" in candidate.post_view
    assert candidate.post_view.count("zvendorz") == 2


def test_verdicts_are_remembered_across_calls_and_bounded(monkeypatch) -> None:
    from pipeline.enrich import migration_model

    model = default_model()
    texts = pl.Series(["cancelled ChatGPT Plus, Claude Pro from now on", "Claude vs Gemini?"])
    first = migration_model.extract_with(model, texts)
    assert first["to_vendor"].to_list() == ["anthropic"]
    monkeypatch.setattr(migration_model, "make_candidate", lambda text: pytest.fail(text))
    again = migration_model.extract_with(model, texts.reverse())  # rows follow the new order
    assert again["row"].to_list() == [1] and again.drop("row").equals(first.drop("row"))
    monkeypatch.setattr(migration_model, "VERDICT_MEMORY", 1)
    with pytest.raises(pytest.fail.Exception):  # full: forgotten, worked out again
        migration_model.extract_with(model, texts)


def test_names_written_in_other_scripts_are_mentions() -> None:
    def vendors_of(text: str) -> list[str]:
        return [m.vendor for m in find_mentions(text)]

    assert vendors_of("요즘 클로드만 씀. 챗GPT 플러스는 해지함") == ["anthropic", "openai"]
    assert vendors_of("с чатгпт на дипсик пересел") == ["openai", "deepseek"]  # noqa: RUF001
    assert vendors_of("ジェミニに乗り換えました") == ["google"]
    assert vendors_of("лучший игрок сезона") == []  # no name inside an ordinary word
    assert candidate_mask(pl.Series(["クロードに乗り換えました"])).to_list() == [True]


def test_names_alone_without_a_cue_are_not_candidates() -> None:
    texts = ["just shipped a feature, thanks Claude", "thanks ChatGPT", "クロード最高"]
    assert candidate_mask(pl.Series(texts)).to_list() == [False, False, False]
