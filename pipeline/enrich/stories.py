"""Build news stories (`articles`) from feed items and article pages.

Stories are rebuilt in bulk from every item seen so far: copies of one story are merged
(`pipeline.enrich.dedup`: canonical URL, near-duplicate text), ranked vendors and topics come
from `pipeline.enrich.topics` and tone from `pipeline.enrich.sentiment`, all on whole polars
frames. Reads news_items and article_pages (sql/enrich/select_news_copies.sql); writes
articles (sql/enrich/insert_articles.sql).
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.core import warehouse
from pipeline.enrich import dedup, sentiment, topics

ARTICLE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "source": pl.String(),
    "url": pl.String(),
    "canonical_url": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "title": pl.String(),
    "summary": pl.String(),
    "text_source": pl.String(),
    "language": pl.String(),
    "vendors": pl.List(pl.String()),
    "topics": pl.List(pl.String()),
    "tone": pl.Float64(),
    "sources": pl.List(pl.String()),
    "urls": pl.List(pl.String()),
    "copies": pl.Int32(),
}
ARTICLE_COLUMNS = tuple(ARTICLE_SCHEMA)


def story_frame(copies: pl.DataFrame) -> pl.DataFrame:
    """Deduplicate feed-item copies into stories and score them.

    `copies` has the columns of sql/enrich/select_news_copies.sql. Returns one row per story
    with ARTICLE_COLUMNS (vendors, topics and tone from the primary copy's title and text).
    """
    if copies.is_empty():
        return pl.DataFrame(schema=ARTICLE_SCHEMA)
    keyed = dedup.deduplicate(
        copies.select("item_key", "url", "canonical_url", "published_at", "title", "text")
    )
    merged = copies.drop("canonical_url").join(keyed, on="item_key", how="inner")
    per_story = merged.group_by("article_id").agg(
        pl.col("source").unique().sort().alias("sources"),
        pl.col("url").unique().sort().alias("urls"),
        pl.len().cast(pl.Int32).alias("copies"),
    )
    primary = merged.filter(pl.col("is_primary")).join(per_story, on="article_id")
    scored = primary.with_columns(
        topics.rank_vendors(primary["title"], primary["text"]).alias("vendors"),
        topics.classify_topics(primary["title"], primary["text"]).alias("topics"),
        sentiment.tone(primary["title"], primary["text"]).alias("tone"),
    )
    return scored.select(ARTICLE_COLUMNS).sort("published_at", "article_id", nulls_last=True)


def build_articles(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild `articles` from news_items and article_pages, atomically; return the story count."""
    copies = con.sql(warehouse.load_sql("select_news_copies")).pl()
    stories = story_frame(copies)
    with warehouse.staged(con, staged_articles=stories):
        warehouse.run_sql(con, "delete_all_rows", identifiers={"table": "articles"})
        warehouse.run_sql(con, "insert_articles")
    return warehouse.table_rows(con, "articles")
