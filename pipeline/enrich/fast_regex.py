"""An ASCII shadow of texts, so that polars' Unicode regexes keep their fast engine.

Polars' regex engine (Rust `regex`) runs a pattern with a Unicode word boundary (``\\b``) on its
fast lazy DFA only while the text is ASCII: one non-ASCII character anywhere ("café", a curly
quote, an emoji) sends the whole search to a slower engine, 5-40x slower on our long
alternations. `Shadow.expr` maps every non-ASCII character, one character for one, to an ASCII
character that every pattern of a rule set treats the same way, so a pattern finds the same
matches at the same places (same character offsets) in the shadow as in the text:

- Unicode white space (no-break space, ideographic space, ...) -> ``\\v``: both are ``\\s``;
- Unicode word characters (``\\w``: letters of any script, combining marks, joiners, emoji
  variation selectors) -> ``_``: both are ``\\w``, neither is ``\\d`` nor ``\\s``, so word
  boundaries fall where they fell ("ñoutage" has no boundary before "o", nor has "_outage");
- any other non-ASCII character (punctuation, symbols, emoji, CJK punctuation) -> ``~``;
- ``€`` and ``£`` -> ``$`` when the patterns only name them in classes holding all three.

Left as they are (the text then stays non-ASCII, and slow, but exact): characters written in
the patterns themselves ("·" of "DALL·E", "¥"), non-ASCII digits (``\\d`` matches them, and no
ASCII character is ``\\d`` without being a literal digit), and the two characters that match
an ASCII letter case-insensitively (Kelvin sign, long s). Character classes are decided by
polars' own regex engine, so the shadow agrees with it whatever its Unicode version.

The map is exact only for patterns that name no placeholder (``_``, ``~``, ``\\v``) literally,
whose classes hold no placeholder and whose ranges stay within ASCII: a rule set that names one
must guard it (`pipeline.enrich.outage_reports` names "_" in "api_error").
`tests/enrich/test_regex_identity.py` checks these conditions on each rule set's syntax tree
and compares outputs on texts with accents, CJK, emoji, right-to-left scripts and marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

SPACE = "\v"
WORD = "_"
OTHER = "~"
DOLLAR_LIKE = "€£"
ASCII_FOLDING = "\u212a\u017f"  # Kelvin sign ~ k, long s ~ s under case-insensitive matching


@dataclass(slots=True, frozen=True)
class Shadow:
    """How one rule set's texts are shadowed: the non-ASCII characters its patterns name (kept)
    and whether "€"/"£" become "$"."""

    keep: str
    dollar: bool

    def expr(self, text: pl.Expr) -> pl.Expr:
        """Return `text` with every non-ASCII character mapped as the module docstring says."""
        out = text.str.replace_all(f"[{DOLLAR_LIKE}]", "$") if self.dollar else text
        return (
            out.str.replace_all(r"[^\x00-\x7f\S]", SPACE)
            .str.replace_all(r"[^\x00-\x7f\W\d" + _escape(ASCII_FOLDING + self.keep) + "]", WORD)
            .str.replace_all(r"[^\x00-\x7f\w\s" + _escape(self.keep) + "]", OTHER)
        )

    def series(self, texts: pl.Series) -> pl.Series:
        """Return `texts` shadowed, mapping only the rows that hold a non-ASCII character."""
        rows = (~texts.str.contains(_ASCII).fill_null(True)).arg_true()
        if rows.is_empty():
            return texts
        shadowed = pl.select(self.expr(pl.lit(texts.gather(rows)))).to_series()
        return texts.clone().scatter(rows, shadowed)


_ASCII = r"^[\x00-\x7f]*$"


def _escape(chars: str) -> str:
    return "".join(f"\\x{{{ord(c):x}}}" for c in chars)


def shadow_for(patterns: Iterable[str]) -> Shadow:
    """Return the shadow for a rule set: keep the non-ASCII characters its patterns name, and
    map "€"/"£" to "$" when the patterns name the three only together, as in "[$€£¥]"."""
    patterns = list(patterns)
    named = {c for p in patterns for c in p if ord(c) > 0x7F}
    dollar = all(_currency_together(p) for p in patterns)
    keep = "".join(sorted(named - (set(DOLLAR_LIKE) if dollar else set())))
    return Shadow(keep=keep, dollar=dollar)


def _currency_together(pattern: str) -> bool:
    together = pattern.count("[$€£")
    return all(pattern.count(c) == together for c in "$" + DOLLAR_LIKE)
