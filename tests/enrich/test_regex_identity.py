# ruff: noqa: RUF001 (the texts hold look-alike characters on purpose)
"""The ASCII shadow (pipeline.enrich.fast_regex) changes no output of the regex rule sets.

Two kinds of evidence: the rule sets' syntax trees name no placeholder and keep every range
within ASCII (what the shadow's exactness rests on), and outputs with and without the shadow
are equal on the labelled news, the outage examples, and texts with accents, CJK, emoji,
right-to-left scripts, combining marks and non-ASCII letters glued to words ("ñoutage").
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.enrich import fast_regex, topics
from pipeline.enrich import outage_reports as crowd
from tests.enrich.test_outage_reports import NOT_REPORTS, OUTAGE_REPORTS

NEWS = Path(__file__).resolve().parents[1] / "data" / "news_labeled.jsonl"
PLACEHOLDERS = (fast_regex.SPACE, fast_regex.WORD, fast_regex.OTHER)

# Non-ASCII pieces of every kind the shadow treats differently.
GLUED = ["é", "ñ", "ü", "ß", "ø", "ı", "İ", "東", "ä\u0301", "\u0301", "\u200d", "ʼ"]
INSERTS = [
    *GLUED,
    "\u00a0",  # no-break space
    "\u3000",  # ideographic space
    "\u2009",  # thin space
    "’",
    "“",
    "”",
    "—",
    "…",
    "•",
    "🎉",
    "❤️",
    "👍🏽",
    "👩\u200d💻",
    "東京で障害",
    "サービスが停止",
    "خدمة متوقفة",
    "שירות למטה",
    "e\u0301",  # combining acute
    "€",
    "£",
    "¥",
    "·",
    "\u212a",  # Kelvin sign: matches "k" case-insensitively
    "\u017f",  # long s: matches "s" case-insensitively
    "٣",  # Arabic-Indic digit: \d
    "５",  # fullwidth digit
    "\u2028",
]


def _walk(items: Iterable, flags: int, problems: list[str], allowed: str, dollar: bool) -> None:
    """Collect literals and classes the shadow could tell apart (see fast_regex)."""
    placeholders = [c for c in PLACEHOLDERS if c not in allowed]

    def member(char: str, klass: list, nocase: bool) -> bool:
        forms = {char, char.lower(), char.upper()} if nocase else {char}
        hit = False
        for op, av in klass:
            if op is sre.LITERAL:
                hit |= chr(av) in forms
            elif op is sre.RANGE:
                hit |= any(av[0] <= ord(f) <= av[1] for f in forms)
        return hit

    for op, av in items:
        nocase = bool(flags & re.IGNORECASE)
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            char = chr(av)
            if char in placeholders or (dollar and char in "$€£"):
                problems.append(f"literal {char!r}")
            if ord(char) > 0x7F and nocase and char.lower() != char.upper():
                problems.append(f"case-insensitive non-ASCII literal {char!r}")
        elif op is sre.IN:
            for sub_op, sub_av in av:
                if sub_op is sre.RANGE and sub_av[1] > 0x7F:
                    problems.append(f"range beyond ASCII {sub_av}")
            problems.extend(f"class holds {c!r}" for c in placeholders if member(c, av, nocase))
            if dollar and len({member(c, av, nocase) for c in "$€£"}) > 1:
                problems.append("class splits $ € £")
        elif op is sre.SUBPATTERN:
            _group, add, remove, sub = av
            _walk(sub, (flags | add) & ~remove, problems, allowed, dollar)
        elif op is sre.BRANCH:
            for branch in av[1]:
                _walk(branch, flags, problems, allowed, dollar)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            _walk(av[2], flags, problems, allowed, dollar)
        elif op not in (sre.AT, sre.ANY):
            problems.append(f"unchecked construct {op}")


def shadow_problems(patterns: Iterable[str], shadow: fast_regex.Shadow, allowed: str = "") -> set:
    """Why `shadow` might not be exact for `patterns` (empty when it is)."""
    problems: list[str] = []
    for pattern in patterns:
        tree = sre_parse.parse(pattern)
        _walk(tree, tree.state.flags, problems, allowed, shadow.dollar)
    return set(problems)


def test_topic_patterns_are_safe_to_shadow() -> None:
    assert shadow_problems(topics.SHADOW_PATTERNS, topics.SHADOW) == set()
    assert topics.SHADOW.dollar  # "€5 billion" stays fast
    assert set(topics.SHADOW.keep) == {"·", "¥"}


def test_outage_patterns_are_safe_to_shadow_but_for_guarded_underscores() -> None:
    assert shadow_problems(crowd.SHADOW_PATTERNS, crowd.SHADOW, allowed="_") == set()
    # the only "_" the rules name sit in words the guard covers
    joined = "\n".join(crowd.SHADOW_PATTERNS)
    assert re.findall(r"\w*_\w*", joined) == ["overloaded_error", "api_error"]
    assert shadow_problems(crowd.SHADOW_PATTERNS, crowd.SHADOW) == {"literal '_'"}


def test_checker_catches_unsafe_patterns() -> None:
    shadow = fast_regex.shadow_for([r"\bfoo\b"])
    assert shadow_problems([r"a_b"], shadow) == {"literal '_'"}
    assert shadow_problems([r"[\w~]"], shadow) == {"class holds '~'"}
    assert shadow_problems([r"[A-z]"], shadow) == {"class holds '_'"}
    assert "range beyond ASCII (97, 233)" in shadow_problems([r"[a-é]"], shadow)
    assert shadow_problems([r"(?i:é)"], shadow) == {"case-insensitive non-ASCII literal 'é'"}
    assert shadow_problems([r"[$€]"], shadow) == {"class splits $ € £"}


def test_only_kelvin_and_long_s_match_ascii_letters_case_insensitively() -> None:
    chars = pl.Series([chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c <= 0xDFFF])
    folding = chars.filter(chars.str.contains(r"(?i)^[\x00-\x7f]$"))
    assert sorted(folding.to_list()) == sorted(fast_regex.ASCII_FOLDING)


def test_shadow_is_ascii_one_char_for_one() -> None:
    text = "Café “Claude” 東京 👩\u200d💻 e\u0301 ok\u00a0now — €5 and £3"
    shadow = pl.select(topics.SHADOW.expr(pl.lit(text))).item()
    assert shadow.isascii()
    assert len(shadow) == len(text)
    assert shadow == "Caf_ ~Claude~ __ ~_~ e_ ok\vnow ~ $5 and $3"
    kept = pl.select(topics.SHADOW.expr(pl.lit("¥5 · ٣ \u212a"))).item()
    assert kept == "¥5 · ٣ \u212a"


def _news() -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()]
    return [r["title"] for r in rows], [r["text"] for r in rows]


def _garble(text: str, rng: random.Random) -> str:
    """`text` with non-ASCII pieces glued to words, put between words or replacing spaces."""
    words = text.split(" ")
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(words))
        piece = rng.choice(INSERTS)
        where = rng.random()
        if where < 0.3:
            words[k] = piece + words[k]
        elif where < 0.6:
            words[k] = words[k] + piece
        elif where < 0.8:
            words.insert(k, piece)
        else:
            words[k] = words[k] + rng.choice(["\u00a0", "\u3000", "\u2009"])
    return " ".join(words)


def _corpus() -> tuple[pl.Series, pl.Series]:
    rng = random.Random(14)
    titles, texts = _news()
    posts = OUTAGE_REPORTS + NOT_REPORTS
    tricky = [
        "ñoutage at Claudeé today",
        "Claude\u00a0is\u00a0down right now",
        "apiéerror from the API, overloadedéerror again",
        "api_error from the API",
        "OpenAI’s API is down again 😭",
        "ChatGPT outage 東京",
        "Anthropic raises €5 billion; price £20 a month, ¥3,000 per seat",
        "DALL·E 3 launches, GPT-5 is here",
        "stop\u212a ſeries A funding round: raiſes $5 million",
        "٣٠٠ errors, 5٠٠ errors, ５03 errors from Gemini",
        "Gemini\u2028is down\u3000right now",
        "Claude e\u0301 down, the API is overloaded\u200d again",
        "The attorney\u00a0general spoke; Meta releases open\u00a0weights models",
        "הAPI is down ، ChatGPT لا يعمل",
    ]
    all_titles = titles + [_garble(t, rng) for t in titles] + [""] * (len(posts) * 2 + len(tricky))
    all_texts = (
        texts + [_garble(t, rng) for t in texts] + posts + [_garble(p, rng) for p in posts] + tricky
    )
    return pl.Series("title", all_titles), pl.Series("text", all_texts)


def test_corpus_is_mostly_non_ascii_and_hits_every_path() -> None:
    titles, texts = _corpus()
    assert texts.str.contains(r"[^\x00-\x7f]").mean() > 0.45
    flags = crowd.is_outage_report(texts, ascii_shadow=False)
    assert 0.1 < flags.mean() < 0.5
    tagged = topics.classify_topics(titles, texts, ascii_shadow=False)
    assert set(tagged.explode().drop_nulls()) >= set(topics.TOPIC_RULES)


def test_classify_topics_same_with_and_without_shadow() -> None:
    titles, texts = _corpus()
    fast = topics.classify_topics(titles, texts)
    slow = topics.classify_topics(titles, texts, ascii_shadow=False)
    assert fast.to_list() == slow.to_list()


def test_rank_vendors_same_with_and_without_shadow() -> None:
    titles, texts = _corpus()
    for assume in (False, True):
        fast = topics.rank_vendors(titles, texts, assume_context=assume)
        slow = topics.rank_vendors(titles, texts, assume_context=assume, ascii_shadow=False)
        assert fast.to_list() == slow.to_list()


def test_is_outage_report_same_with_and_without_shadow() -> None:
    _, texts = _corpus()
    fast = crowd.is_outage_report(texts)
    slow = crowd.is_outage_report(texts, ascii_shadow=False)
    assert fast.to_list() == slow.to_list()
    assert crowd.is_outage_report(pl.Series(["apiéerror again"])).to_list() == [False]
    assert crowd.is_outage_report(pl.Series(["api_error again"])).to_list() == [True]


def test_naive_ascii_boundaries_would_differ() -> None:
    """The corpus tells exact from approximate: plain (?-u:\\b) changes results on it."""
    texts = pl.Series(["ñoutage at the plant", "the outageé list", "an outage"])
    rule = topics.TOPIC_RULES["outage"].pattern
    naive = texts.str.contains(rule.replace(r"\b", r"(?-u:\b)"))
    exact = texts.str.contains(rule)
    assert naive.to_list() == [True, True, True]
    assert exact.to_list() == [False, False, True]
    flagged = topics.classify_topics(pl.Series(["", "", ""]), texts)
    assert [("outage" in t) for t in flagged.to_list()] == exact.to_list()


WORDS = [
    "Claude", "ChatGPT", "is", "down", "outage", "API", "errors", "raises", "$5", "million",
    "launches", "GPT-5", "lawsuit", "breach", "partners", "with", "price", "not", "working",
    "overloaded", "again", "rn", "switched", "from", "to", "Gemini", "api_error", "can't",
    "log", "in", "the", "model", "per", "month", "Series", "B",
]  # fmt: skip


_PIECE = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(INSERTS),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=3),
)
_JOIN = st.sampled_from([" ", " ", "", "\u00a0", "\n", "é", "’"])
_TEXT = st.lists(st.tuples(_PIECE, _JOIN), min_size=1, max_size=25).map(
    lambda parts: "".join(p + j for p, j in parts)
)


@settings(
    max_examples=20, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(_TEXT, min_size=1, max_size=40))
def test_identity_on_generated_text(texts: list[str]) -> None:
    body = pl.Series(texts, dtype=pl.String)
    title = body.str.slice(0, 40)
    assert (
        topics.classify_topics(title, body).to_list()
        == topics.classify_topics(title, body, ascii_shadow=False).to_list()
    )
    assert (
        topics.rank_vendors(title, body).to_list()
        == topics.rank_vendors(title, body, ascii_shadow=False).to_list()
    )
    assert (
        crowd.is_outage_report(body).to_list()
        == crowd.is_outage_report(body, ascii_shadow=False).to_list()
    )


@pytest.mark.parametrize("text", ["", None])
def test_empty_and_null(text: str | None) -> None:
    series = pl.Series([text], dtype=pl.String)
    assert crowd.is_outage_report(series).to_list() == [False]
    assert topics.classify_topics(series, series).to_list() == [[]]
