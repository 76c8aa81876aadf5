"""Score social posts: vendors named, sentiment, outage-report flag, and the migrations reported.

`score_posts` turns one block of parsed posts into warehouse rows for posts and migrations;
`pipeline.load.social` calls it (passed in by the asset) block by block before storing, so a
large file is scored in bounded memory. All scoring is polars expressions over the text column
(`pipeline.enrich.topics`, `sentiment`, `outage_reports`, `migration`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl

from pipeline.core.models import Post
from pipeline.enrich import migration, outage_reports, sentiment, topics
from pipeline.parse.social_bulk import POST_SCHEMA, posts_frame


def score_posts(
    posts: pl.DataFrame | Sequence[Post], first_seen_at: datetime
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Posts of one page (a `POST_SCHEMA` frame or `Post`s) as warehouse rows, and the
    migrations they report (both polars).

    A post id repeated in the block keeps its first copy. The rows add `vendors`, `sentiment`,
    `is_outage_report` and `first_seen_at` to POST_SCHEMA; migrations are those naming both
    vendors (post_id, platform, created_at, from_vendor, to_vendor, confidence).
    """
    frame = posts if isinstance(posts, pl.DataFrame) else posts_frame(posts)
    frame = frame.select(*POST_SCHEMA).unique("post_id", keep="first", maintain_order=True)
    text = frame["text"]
    empty = pl.repeat("", frame.height, dtype=pl.String, eager=True).alias("title")
    scored = frame.with_columns(
        topics.rank_vendors(empty, text, assume_context=True).alias("vendors"),
        sentiment.score_texts(text).alias("sentiment"),
        outage_reports.is_outage_report(text).alias("is_outage_report"),
        pl.lit(first_seen_at).cast(pl.Datetime("us", "UTC")).alias("first_seen_at"),
    )
    found = migration.extract_migrations(text)
    moves = (
        found.filter(pl.col("from_vendor").is_not_null() & pl.col("to_vendor").is_not_null())
        .join(
            scored.with_row_index("row").select("row", "post_id", "platform", "created_at"),
            on="row",
        )
        .select("post_id", "platform", "created_at", "from_vendor", "to_vendor", "confidence")
    )
    return scored, moves
