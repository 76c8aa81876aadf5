"""Vendor migrations in social posts: "ditched ChatGPT for Claude" -> (openai, anthropic).

`extract_migrations(texts)` returns one row per post that reports a switch, with the vendor left
(``from_vendor``, null when the post names only the destination) and the vendor adopted
(``to_vendor``, never null), and a confidence in [0, 1] (the model's P(migration)). Posts
without a migration are not in the result (``row`` indexes `texts`).

How: a loose prefilter in polars keeps the posts that mention a vendor and have a switch cue
(`migration_features`); a learned model (`migration_model`: scikit-learn logistic regressions
over word and character n-grams with vendor names replaced by role tokens, plus the verdict of
the hand-written rule engine `migration_rules` as features) decides whether each candidate
reports a migration and in which direction. The model is trained from the labeled posts in
`pipeline/enrich/labels/` the first time a process needs it. README "Migration detection" has
its cross-validated figures; `radar train-migrations` recomputes them.
"""

from __future__ import annotations

import polars as pl

from pipeline.enrich.migration_features import candidate_mask
from pipeline.enrich.migration_model import SCHEMA, default_model, extract_with

__all__ = ["SCHEMA", "candidate_mask", "extract_migrations", "extract_one"]


def extract_migrations(texts: pl.Series) -> pl.DataFrame:
    """Return the migrations reported in `texts`, one row per reporting post.

    Columns (`SCHEMA`): ``row`` (UInt32 index into `texts`), ``from_vendor`` (may be null),
    ``to_vendor``, ``confidence`` in [0, 1]. Posts without a migration, null and empty texts
    have no row. Rows are sorted by ``row``.
    """
    return extract_with(default_model(), texts)


def extract_one(text: str) -> tuple[str | None, str, float] | None:
    """(from_vendor, to_vendor, confidence) of one post, or None: `extract_migrations` on one
    text (handy for debugging a post)."""
    found = extract_migrations(pl.Series([text], dtype=pl.String))
    if found.height == 0:
        return None
    _, from_vendor, to_vendor, confidence = found.row(0)
    return from_vendor, to_vendor, confidence
