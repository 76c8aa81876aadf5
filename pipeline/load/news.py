"""News stage: load feed items, fetch and extract article pages, build stories and news_daily.

Stories (`articles`) are rebuilt in bulk from every item seen so far: deduplication
(`pipeline.enrich.dedup`), vendor ranking and topics (`pipeline.enrich.topics`) and tone
(`pipeline.enrich.sentiment`) all work on whole polars frames.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline.core import warehouse
from pipeline.core.errors import ParseError
from pipeline.core.models import NewsParseResult, Source
from pipeline.enrich import dedup, sentiment, topics
from pipeline.ingest.fetch import FetchOutcome, FetchSettings, fetch_pages, read_archived
from pipeline.load import runs as transform
from pipeline.parse.article_html import extract_article

log = logging.getLogger(__name__)

ITEM_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "item_id": pl.String(),
    "url": pl.String(),
    "title": pl.String(),
    "summary": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "author": pl.String(),
    "categories": pl.List(pl.String()),
    "language": pl.String(),
    "first_seen_at": pl.Datetime("us", "UTC"),
}
PAGE_SCHEMA: dict[str, pl.DataType] = {
    "url": pl.String(),
    "final_url": pl.String(),
    "canonical_url": pl.String(),
    "title": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "author": pl.String(),
    "text": pl.String(),
    "language": pl.String(),
    "encoding": pl.String(),
    "sha256": pl.String(),
    "fetched_at": pl.Datetime("us", "UTC"),
    "status": pl.String(),
    "error": pl.String(),
}
ARTICLE_COLUMNS = (
    "article_id",
    "source",
    "url",
    "canonical_url",
    "published_at",
    "title",
    "summary",
    "text_source",
    "language",
    "vendors",
    "topics",
    "tone",
    "sources",
    "urls",
    "copies",
)


@dataclass(slots=True, frozen=True)
class PageStats:
    """Article pages of one news source in one run."""

    source: str
    fetched: int
    failed: int


def store_news_items(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    payload: transform.PendingPayload,
    result: NewsParseResult,
    *,
    parsed_at: datetime,
) -> transform.ParseStats:
    """Upsert one news payload's items and quarantined records; mark the payload parsed."""
    rows = [
        {
            **{f: getattr(item, f) for f in ITEM_SCHEMA if f != "first_seen_at"},
            "categories": list(item.categories),
            "first_seen_at": payload.fetched_at,
        }
        for item in result.items
    ]
    staged = pl.DataFrame(rows, schema=ITEM_SCHEMA, orient="row").unique(
        ["source", "item_id"], keep="first", maintain_order=True
    )
    quarantine = transform.quarantine_frame(result.quarantined, payload.fetched_at, payload.sha256)
    con.register("staged_items", staged)
    con.register("staged_quarantine", quarantine)
    try:
        with warehouse.transaction(con):
            warehouse.run_sql(con, "upsert_news_items")
            warehouse.run_sql(con, "insert_quarantine")
            transform.record_parse_outcome(
                con,
                run_id,
                payload.source,
                result.format,
                len(result.items) + len(result.quarantined),
                len(result.quarantined),
                staged.height,
                None,
            )
            warehouse.run_sql(
                con,
                "mark_parsed",
                source=payload.source,
                sha256=payload.sha256,
                parsed_at=parsed_at,
            )
    finally:
        con.unregister("staged_items")
        con.unregister("staged_quarantine")
    return transform.ParseStats(
        payload.source,
        result.format,
        len(result.items) + len(result.quarantined),
        len(result.quarantined),
        staged.height,
    )


def pages_to_fetch(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    """Item links of `source` whose page was never fetched, newest first, capped per run."""
    rows = warehouse.run_sql(
        con, "select_pages_to_fetch", source=source.name, max_pages=source.max_articles
    )
    return [r[0] for r in rows]


def fetch_article_pages(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    home: Path,
    run_id: str,
    settings: FetchSettings,
) -> list[PageStats]:
    """Fetch, archive and extract the new article pages of every `fetch_articles` source.

    Writes raw_fetches (every page payload, before extraction), article_pages and quarantine
    (pages that are hostile or broken), and the page counts of source_runs. A page that could
    not be fetched (network) is not recorded, so a later run tries again; a page that was
    fetched but is unusable is recorded as failed and not fetched again.
    """
    wanted = [(s, url) for s in sources if s.fetch_articles for url in pages_to_fetch(con, s)]
    outcomes = [
        dataclasses.replace(o, url=url)
        for o, (_, url) in zip(fetch_pages(wanted, home, settings), wanted, strict=True)
    ]
    pages, quarantined = [], []
    for (source, url), outcome in zip(wanted, outcomes, strict=True):
        page = _page_row(source, url, outcome, home)
        if page is None:
            continue
        pages.append(page)
        if page["status"] == "failed":
            quarantined.append((source.name, url, page["error"], outcome))
    _store_pages(con, outcomes, pages, quarantined)
    stats = []
    for source in (s for s in sources if s.fetch_articles):
        mine = [o for (s, _), o in zip(wanted, outcomes, strict=True) if s.name == source.name]
        failed = sum(
            1 for o in mine if o.error or (o.source, o.url) in {(q[0], q[1]) for q in quarantined}
        )
        stats.append(PageStats(source.name, len(mine) - failed, failed))
        warehouse.run_sql(
            con,
            "record_pages_outcome",
            run_id=run_id,
            source=source.name,
            pages_fetched=len(mine) - failed,
            pages_failed=failed,
        )
    return stats


def _page_row(source: Source, url: str, outcome: FetchOutcome, home: Path) -> dict | None:
    """The article_pages row for one fetched page (None when the fetch itself failed)."""
    if outcome.error or outcome.archive_path is None:
        log.warning("page not fetched: %s", outcome.error)
        return None
    row = {
        "url": url,
        "final_url": outcome.url,
        "sha256": outcome.sha256,
        "fetched_at": outcome.fetched_at,
        "status": "ok",
        "error": None,
    }
    try:
        page = extract_article(
            read_archived(home, outcome.archive_path),
            url,
            source=source.name,
            content_type=outcome.content_type,
        )
    except ParseError as err:
        return {**row, "status": "failed", "error": err.reason}
    return {
        **row,
        "canonical_url": page.canonical_url,
        "title": page.title,
        "published_at": page.published_at,
        "author": page.author,
        "text": page.text,
        "language": page.language,
        "encoding": page.encoding,
        "status": "ok" if page.text else "no_text",
    }


def _store_pages(
    con: duckdb.DuckDBPyConnection,
    outcomes: list[FetchOutcome],
    pages: list[dict],
    quarantined: list[tuple[str, str, str, FetchOutcome]],
) -> None:
    fetched = [o for o in outcomes if o.sha256]
    staged_pages = pl.DataFrame(
        [{f: p.get(f) for f in PAGE_SCHEMA} for p in pages], schema=PAGE_SCHEMA, orient="row"
    )
    quarantine = pl.DataFrame(
        [
            {
                "source": s,
                "record_ref": url,
                "reason": reason,
                "seen_at": o.fetched_at,
                "sha256": o.sha256,
            }
            for s, url, reason, o in quarantined
        ],
        schema=transform.QUARANTINE_SCHEMA,
        orient="row",
    )
    con.register("staged_pages", staged_pages)
    con.register("staged_quarantine", quarantine)
    try:
        with warehouse.transaction(con):
            transform.record_payloads(con, fetched)
            warehouse.run_sql(con, "upsert_article_pages")
            warehouse.run_sql(con, "insert_quarantine")
    finally:
        con.unregister("staged_pages")
        con.unregister("staged_quarantine")


def story_frame(copies: pl.DataFrame) -> pl.DataFrame:
    """Deduplicate feed-item copies into stories and score them.

    `copies` has the columns of sql/select_news_copies.sql. Returns one row per story with
    ARTICLE_COLUMNS (vendors, topics and tone from the primary copy's title and text).
    """
    if copies.is_empty():
        return pl.DataFrame(schema=_article_schema())
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


def _article_schema() -> dict[str, pl.DataType]:
    return {
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


def build_articles(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild `articles` from news_items and article_pages; return the story count."""
    copies = con.sql(warehouse.load_sql("select_news_copies")).pl()
    stories = story_frame(copies)
    con.register("staged_articles", stories)
    try:
        return transform.rebuild_table(con, "articles", "insert_articles")
    finally:
        con.unregister("staged_articles")
