"""News loader: feed items into news_items, article pages into article_pages.

A news payload's items are upserted per (source, item_id) (sql/load/upsert_news_items.sql).
For sources with `fetch_articles`, the links never fetched are fetched (`pipeline.ingest.
articles`), archived, logged in raw_fetches and extracted (`pipeline.parse.article_html`)
into article_pages; hostile or broken pages go to quarantine. Stories are built from both
tables later, in `pipeline.enrich.stories`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipeline.core import warehouse
from pipeline.core.errors import ParseError
from pipeline.core.models import Source
from pipeline.ingest.articles import fetch_pages
from pipeline.ingest.fetch import FetchOutcome, FetchSettings, read_archived
from pipeline.load import runs, staging

log = logging.getLogger(__name__)

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


@dataclass(slots=True, frozen=True)
class PageStats:
    """Article pages of one news source in one run."""

    source: str
    fetched: int
    failed: int


def load_staged(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    staged: Sequence[tuple[runs.PendingPayload, staging.StagedPayload]],
    *,
    parsed_at: datetime,
) -> list[runs.ParseStats]:
    """Upsert the staged items and quarantined records of every payload at once; mark each
    payload parsed.

    Writes news_items (first copy of a repeated item id wins), quarantine, the parse counts of
    source_runs and fetch_state, in one transaction. At most one payload per source.
    """
    if not staged:
        return []
    kept = [s for _, s in staged]
    items = staging.read_staged(kept, "news", "items")
    quarantine = staging.read_staged(kept, "news", "quarantine")
    with warehouse.staged(con, staged_items=items, staged_quarantine=quarantine):
        warehouse.run_sql(con, "upsert_news_items")
        warehouse.run_sql(con, "insert_quarantine")
        return [
            runs.record_payload_parsed(con, run_id, p, c, parsed_at)
            for p, c in runs.staged_stats(staged)
        ]


def pages_to_fetch(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    """Item links of `source` whose page was never fetched, newest first, capped per run."""
    rows = warehouse.run_sql(
        con, "select_pages_to_fetch", source=source.name, max_pages=source.max_articles
    )
    return [r[0] for r in rows]


def load_article_pages(
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
    readers = [s for s in sources if s.fetch_articles]
    wanted = [(s, url) for s in readers for url in pages_to_fetch(con, s)]
    outcomes = fetch_pages(wanted, home, settings)
    pages: list[dict[str, Any]] = []
    unusable: list[tuple[FetchOutcome, str]] = []
    for (source, _), outcome in zip(wanted, outcomes, strict=True):
        page = _page_row(source, outcome, home)
        if page is None:
            continue
        pages.append(page)
        if page["status"] == "failed":
            unusable.append((outcome, page["error"]))
    page_frame = pl.DataFrame(
        [{f: p.get(f) for f in PAGE_SCHEMA} for p in pages], schema=PAGE_SCHEMA, orient="row"
    )
    if outcomes:  # registering even empty frames imports pyarrow (~0.1 s) for nothing
        store_article_pages(con, outcomes, page_frame, _page_quarantine(unusable))
    lost = {(o.source, o.url) for o, _ in unusable}
    stats = []
    for source in readers:
        mine = [o for o in outcomes if o.source == source.name]
        failed = sum(1 for o in mine if o.error or (o.source, o.url) in lost)
        stats.append(PageStats(source.name, len(mine) - failed, failed))
        runs.record_pages_outcome(con, run_id, source.name, len(mine) - failed, failed)
    return stats


def store_article_pages(
    con: duckdb.DuckDBPyConnection,
    outcomes: Sequence[FetchOutcome],
    pages: pl.DataFrame,
    quarantine: pl.DataFrame,
) -> None:
    """Log the fetched page payloads in raw_fetches, upsert `pages` (PAGE_SCHEMA) into
    article_pages and add `quarantine` (QUARANTINE_SCHEMA), in one transaction."""
    fetched = runs.fetch_frame("", [o for o in outcomes if o.sha256], {})
    with warehouse.staged(
        con, staged_fetches=fetched, staged_pages=pages, staged_quarantine=quarantine
    ):
        warehouse.run_sql(con, "record_raw_fetches")
        warehouse.run_sql(con, "upsert_article_pages")
        warehouse.run_sql(con, "insert_quarantine")


def _page_row(source: Source, outcome: FetchOutcome, home: Path) -> dict[str, Any] | None:
    """The article_pages row for one fetched page (None when the fetch itself failed)."""
    if outcome.refused:  # a fetch safety rule (address, size...) refused it: failed, not retried
        row = {"url": outcome.url, "fetched_at": outcome.started_at, "error": outcome.error}
        return {**row, "status": "failed"}
    if outcome.error or outcome.archive_path is None or outcome.fetched_at is None:
        log.warning("page not fetched: %s", outcome.error)
        return None
    row = {
        "url": outcome.url,
        "final_url": outcome.url,
        "sha256": outcome.sha256,
        "fetched_at": outcome.fetched_at,
        "status": "ok",
        "error": None,
    }
    try:
        # Imported on first use: trafilatura takes ~0.15 s, which a run without new pages skips.
        from pipeline.parse.article_html import extract_article

        page = extract_article(
            read_archived(home, outcome.archive_path),
            outcome.url,
            source=source.name,
            now=outcome.fetched_at,
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


def _page_quarantine(unusable: Sequence[tuple[FetchOutcome, str]]) -> pl.DataFrame:
    """Quarantine rows of unusable pages (outcome, reason): each named by its link, seen when
    it was fetched."""
    rows = [
        {
            "source": o.source,
            "record_ref": o.url,
            "reason": reason,
            "seen_at": o.fetched_at or o.started_at,
            "sha256": o.sha256,
        }
        for o, reason in unusable
    ]
    return pl.DataFrame(rows, schema=staging.QUARANTINE_SCHEMA, orient="row")
