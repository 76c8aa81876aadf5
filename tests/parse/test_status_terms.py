"""Tests for pipeline.parse.status_terms: the impact-inference prefilter changes no verdict."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse.status_terms import CRITICAL_WORDING, MAJOR_WORDING, infer_impact


def reference_impact(*texts: str | None) -> str:
    """infer_impact without the prefilter: the two regexes alone."""
    text = " ".join(t for t in texts if t)
    if CRITICAL_WORDING.search(text):
        return "critical"
    if MAJOR_WORDING.search(text):
        return "major"
    return "minor"


@settings(max_examples=600)
@given(st.from_regex(CRITICAL_WORDING) | st.from_regex(MAJOR_WORDING))
def test_every_match_of_the_patterns_passes_the_prefilter(text: str) -> None:
    assert infer_impact(text) == reference_impact(text) != "minor"


WORDS = (
    "outage", "Outage", "OUTAGE", "down", "Down", "unavailable", "unreachable", "inaccessible",
    "error", "errors", "high", "significantly", "elevated", "failing", "failed", "failures",
    "for", "all", "most", "many", "users", "customers", "requests", "api", "is", "are", "was",
    "hard", "completely", "not", "loading", "available", "to", "any", "unable", "cannot",
    "can't", "access", "log in", "connect", "went", "partial", "major", "we", "the", "fix",
    "\u0130", "\u0131", "\u017f", "\u212a", "é", "日本", "\u2019", "-", ",", ".", "\n", "\u00a0",
)  # fmt: skip


@settings(max_examples=800)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.sampled_from([" ", "", "  ", "\t"]))
def test_same_verdict_as_the_regexes_alone(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert infer_impact(text, None, "") == reference_impact(text, None, "")


def test_characters_that_match_ascii_letters_case_insensitively() -> None:
    """The prefilter's list of odd characters is complete for this Python's re module."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = [chr(c) for c in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(c))]
    assert odd == ["\u0130", "\u0131", "\u017f", "\u212a"]
    # each of them still reaches the regexes, whose IGNORECASE reads it as the ASCII letter
    assert infer_impact("\u017fignificant error rates") == "major"
    assert infer_impact("API \u0131naccessible") == "major"
    assert infer_impact("service unava\u0130lable") == "major"


def test_plain_texts() -> None:
    assert infer_impact("Elevated error rates", "We are investigating.") == "minor"
    assert infer_impact("Partial outage of the API") == "major"
    assert infer_impact("The API was completely down") == "critical"
    assert infer_impact("Login issues", "Users are unable to log in") == "major"
