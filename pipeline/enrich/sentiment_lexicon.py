"""The word lists of the tone scorer (`pipeline.enrich.sentiment`), read once from `lexicon/`.

The base is VADER's general-English social-media lexicon (Hutto & Gilbert, ICWSM 2014; ~7,500
human-rated words, slang and emoticons on a -4..4 scale), vendored verbatim as
`lexicon/vader_lexicon.txt` (MIT licence, see `lexicon/VADER_LICENSE.txt`); its all-digit
entries ("143") and entries with characters the tokenizer splits off are unused.
`lexicon/domain.tsv` (`DOMAIN_LEXICON`), written for this project, overrides it (general words
keep VADER's human ratings unless listed there):

- the words people use about AI services, weighted as users mean them: "down", "outage",
  "529", "5xx", "overloaded", "timeout", "laggy", "hallucinating", "nerfed", "lobotomized",
  "rate limited", "throttled", "unusable" against "fast", "reliable", "back up", "fixed",
  "resolved", "game changer";
- phrases that disambiguate common words: "is down"/"went down" (bare "down" is only -1.0:
  stocks and prices go down too), "back up", "not working", "no issues", "error rate",
  "status page", "switched to" (neutral: migration is a topic, not a tone);
- business news as it reads for the company it is about: partnerships, investment, funding
  slightly positive (0.5-1.2); lawsuits, probes, fines, price hikes, clashes negative;
- words neutral on purpose: "like" (a preposition in "assistants like ChatGPT"), "record" (a
  record high and a record outage), "shares", "credits", "intelligence", "security", "safety"
  (topics and units, not tones), "free" and "fine" mild (0.8), and every single-word vendor
  or product alias of `pipeline.core.vendors` (a product name is not a tone);
- general words VADER lacks ("saves", "decent", "layoffs", "breach", "ugh", ...), a few
  security and legal news words weighed on purpose, VADER's idioms ("yeah right", "cut the
  mustard", ...) and "failed to", "refused to", "unable to" (negative, and they negate the
  word they govern: "failed to help");
- emoji and emoticons with a clear valence (😡 🤬 🙄 😭 👎 💀 against 👍 ❤ 🎉 🚀 🙏 ...).

Boosters (`lexicon/boosters.tsv`: VADER's degree adverbs plus "major", "briefly", "a bit",
"never so", ...), negators and reducers (`lexicon/modifiers.yaml`: VADER's negators, "no",
"least"; "fewer", "less", "cuts", "calms", ...) only modify: they carry no valence of their own.
The files are read once, at import, through `importlib.resources` (so they ship in the wheel).
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable

import polars as pl
import yaml

from pipeline.core.vendors import ALIASES

LEXICON_DIR: Traversable = resources.files("pipeline.enrich") / "lexicon"
VADER_LEXICON_PATH: Traversable = LEXICON_DIR / "vader_lexicon.txt"


def read_weights(name: str, header: tuple[str, str]) -> dict[str, float]:
    """Read `lexicon/<name>`, a TSV of token -> weight in file order.

    Lines starting with "#" and blank lines are comments; the first other line is the header.

    Raises:
        ValueError: the header is not `header`, a line has not two fields, or a token repeats.
    """
    out: dict[str, float] = {}
    lines = (
        line
        for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    if tuple(next(lines, "").split("\t")) != header:
        raise ValueError(f"lexicon/{name}: the first line must be the header {header}")
    for line in lines:
        fields = line.split("\t")
        if len(fields) != 2:
            raise ValueError(f"lexicon/{name}: {line!r} is not token<TAB>weight")
        token, weight = fields
        if token in out:
            raise ValueError(f"lexicon/{name}: {token!r} is listed twice")
        out[token] = float(weight)
    return out


def read_word_lists(name: str) -> dict[str, list[str]]:
    """Read `lexicon/<name>`, a YAML mapping of list name -> list of words.

    Raises:
        ValueError: a list holds something other than strings (YAML reads a bare `no` as false).
    """
    lists = yaml.safe_load((LEXICON_DIR / name).read_text(encoding="utf-8"))
    for key, words in lists.items():
        if not all(isinstance(w, str) for w in words):
            raise ValueError(f"lexicon/{name}: {key} must hold strings only (quote them)")
    return lists


DOMAIN_LEXICON: dict[str, float] = read_weights("domain.tsv", ("token", "valence"))
"""token -> valence on the VADER scale (-4..4), overriding VADER's entry. Keys are lower case;
keys with a space are phrases (matched on whole tokens, never across punctuation)."""

BOOSTERS: dict[str, float] = read_weights("boosters.tsv", ("token", "factor"))
"""Multiply the valence of the next sentiment word(s): >1 intensifies, <1 dampens."""

_MODIFIERS = read_word_lists("modifiers.yaml")

NEGATING_PHRASES: frozenset[str] = frozenset(_MODIFIERS["negating_phrases"])
"""Phrases that carry a valence of their own and negate what follows, like a negator."""

NEGATORS: frozenset[str] = frozenset(
    {
        *_MODIFIERS["negators"],
        *(
            f"{stem}{tail}"
            for stem in _MODIFIERS["negator_contraction_stems"]
            for tail in ("'t", "t")
        ),
        *NEGATING_PHRASES,
    }
)
"""A negator among the previous NEGATION_WINDOW tokens of the same clause flips and damps."""

REDUCERS: frozenset[str] = frozenset(_MODIFIERS["reducers"])
"""A reducer right before a word (within REDUCER_WINDOW tokens) flips it like a negator."""

ARTICLES: frozenset[str] = frozenset(_MODIFIERS["articles"])
"""Articles do not count in the negation and booster windows."""

# Tokens that end a sentence; a clause also ends at a comma or "but". Negation and boosters
# stay inside their clause ("No, great service": "great" is not negated). The tokenizer splits
# exactly these marks off (see the normalisation in `sentiment`), so they stay in code.
SENTENCE_ENDS: frozenset[str] = frozenset({".", "?", "!", ";"})
CLAUSE_ENDS: frozenset[str] = SENTENCE_ENDS | {",", "but"}


def load_vader_lexicon(path: Traversable = VADER_LEXICON_PATH) -> dict[str, float]:
    """VADER's token -> mean valence, keeping the entries the tokenizer can produce (a later
    line wins over an earlier one for the same token, as in VADER)."""
    usable = re.compile(r"[^\W\d_][\w'\-]*|\d+[^\W\d_][\w'\-]*")
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        token, valence, *_ = line.split("\t")
        if token == token.lower() and usable.fullmatch(token):
            out[token] = float(valence)
    return out


def _lexicon() -> dict[str, float]:
    merged = load_vader_lexicon()
    merged.update(DOMAIN_LEXICON)
    for aliases in ALIASES.values():
        merged |= {a.lower(): 0.0 for a in aliases if " " not in a}
    modifiers = {*BOOSTERS, *NEGATORS, *REDUCERS} - set(NEGATING_PHRASES)
    return {k: v for k, v in sorted(merged.items()) if k not in modifiers}


LEXICON: dict[str, float] = _lexicon()
"""token -> valence: VADER's lexicon overlaid with `DOMAIN_LEXICON`, vendor aliases neutral,
modifiers (boosters, negators, reducers) without valence."""


LEXICON_FRAME: pl.DataFrame = pl.DataFrame(
    [
        (
            token,
            LEXICON.get(token),
            BOOSTERS.get(token),
            token in NEGATORS,
            token in REDUCERS,
            token in CLAUSE_ENDS,
            token in SENTENCE_ENDS,
            token == "but",
        )
        for token in sorted({*LEXICON, *BOOSTERS, *NEGATORS, *REDUCERS, *CLAUSE_ENDS})
        if LEXICON.get(token, 1.0) != 0.0 or " " in token
    ],
    schema={
        "token": pl.String,
        "valence": pl.Float64,
        "booster": pl.Float64,
        "negator": pl.Boolean,
        "reducer": pl.Boolean,
        "clause_end": pl.Boolean,
        "sentence_end": pl.Boolean,
        "but": pl.Boolean,
    },
    orient="row",
)
"""token or phrase -> valence (null when it only modifies), booster factor, negator, reducer,
clause-end, sentence-end and "but" flags. Tokens not in this frame are neutral (single-word zero
entries are left out; zero phrases stay, they cover their words)."""
