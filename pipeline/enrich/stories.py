"""Build news stories (`articles`) from feed items and article pages.

Stories are rebuilt in bulk from every item seen so far: copies of one story are merged
(`pipeline.enrich.dedup`: canonical URL, near-duplicate text), ranked vendors and topics come
from `pipeline.enrich.topics` and tone from `pipeline.enrich.sentiment`, all on whole polars
frames. Reads news_items and article_pages (sql/enrich/select_news_copies.sql); writes
articles (sql/enrich/insert_articles.sql).

Tagging is cached per story text: `StoryTagCache` keeps the vendors, topics and tone of each
(title, text) seen, under a version naming the tagging code, so a rebuild classifies only
stories whose text is new or changed (an anti-join, not a loop).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
TAG_COLUMNS = ("vendors", "topics", "tone")
_KEY = ("text_key_a", "text_key_b")  # two 64-bit hashes of (title, text) with different seeds
TAG_SCHEMA: dict[str, pl.DataType] = {
    "text_key_a": pl.UInt64(),
    "text_key_b": pl.UInt64(),
    **{c: ARTICLE_SCHEMA[c] for c in TAG_COLUMNS},
}


@dataclass(slots=True, frozen=True)
class StoryTagCache:
    """Where the story tags of earlier builds are kept (a Parquet file per tagging version:
    `version` names the code of topics and sentiment, so new rules re-tag every story)."""

    folder: Path
    version: str

    @property
    def path(self) -> Path:
        """The Parquet file of this version."""
        return self.folder / f"story_tags-{self.version[:16]}.parquet"

    def read(self) -> pl.DataFrame:
        """The cached tags (TAG_SCHEMA), empty when there are none or the file is unreadable."""
        try:
            return pl.read_parquet(self.path).select(list(TAG_SCHEMA)).cast(TAG_SCHEMA)
        except (OSError, pl.exceptions.PolarsError):
            return pl.DataFrame(schema=TAG_SCHEMA)

    def write(self, tags: pl.DataFrame) -> None:
        """Replace the cache with `tags` (atomically) and drop other versions' files."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tags.select(list(TAG_SCHEMA)).write_parquet(tmp)
        tmp.replace(self.path)
        for old in self.folder.glob("story_tags-*.parquet"):
            if old != self.path:
                old.unlink(missing_ok=True)


def _text_keys(frame: pl.DataFrame) -> pl.DataFrame:
    text = pl.struct(pl.col("title"), pl.col("text"))
    return frame.with_columns(
        text.hash(seed=0x5EED).alias(_KEY[0]),
        text.hash(seed=0xFACE).alias(_KEY[1]),
    )


def tag_stories(primary: pl.DataFrame, cached: pl.DataFrame | None = None) -> pl.DataFrame:
    """Add vendors, topics and tone to stories (columns title, text), classifying only those
    whose (title, text) is not in `cached` (TAG_SCHEMA rows of an earlier build).

    Returns `primary` with TAG_COLUMNS and the two text-key columns (TAG_SCHEMA's keys).
    """
    keyed = _text_keys(primary)
    if cached is not None and not cached.is_empty():
        cached = cached.unique(subset=list(_KEY), keep="first")
        hits = keyed.join(cached, on=list(_KEY), how="inner")
        misses = keyed.join(cached, on=list(_KEY), how="anti")
    else:
        hits, misses = None, keyed
    scored = misses.with_columns(
        topics.rank_vendors(misses["title"], misses["text"]).alias("vendors"),
        topics.classify_topics(misses["title"], misses["text"]).alias("topics"),
        sentiment.tone(misses["title"], misses["text"]).alias("tone"),
    )
    if hits is None:
        return scored
    return pl.concat([hits.select(scored.columns), scored], how="vertical_relaxed")


def story_frame(copies: pl.DataFrame, cached: pl.DataFrame | None = None) -> pl.DataFrame:
    """Deduplicate feed-item copies into stories and score them.

    `copies` has the columns of sql/enrich/select_news_copies.sql; `cached` tags of earlier
    builds (TAG_SCHEMA) spare re-tagging stories whose title and text are unchanged. Returns
    one row per story with ARTICLE_COLUMNS (vendors, topics and tone from the primary copy's
    title and text), plus the text keys when `cached` is given (for the next cache).
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
    scored = tag_stories(primary, cached)
    columns = [*ARTICLE_COLUMNS, *(_KEY if cached is not None else ())]
    return scored.select(columns).sort("published_at", "article_id", nulls_last=True)


def build_articles(con: duckdb.DuckDBPyConnection, cache: StoryTagCache | None = None) -> int:
    """Rebuild `articles` from news_items and article_pages, atomically; return the story count.

    With `cache`, stories whose title and text were tagged by an earlier build keep those tags
    (same tagging code, same text: same tags), and the cache is replaced by this build's tags.
    """
    copies = con.sql(warehouse.load_sql("select_news_copies")).pl()
    cached = cache.read() if cache is not None else None
    stories = story_frame(copies, cached)
    with warehouse.staged(con, staged_articles=stories.select(ARTICLE_COLUMNS)):
        warehouse.run_sql(con, "delete_all_rows", identifiers={"table": "articles"})
        warehouse.run_sql(con, "insert_articles")
    if cache is not None and not stories.is_empty():
        cache.write(stories.select(list(TAG_SCHEMA)))
    return warehouse.table_rows(con, "articles")
