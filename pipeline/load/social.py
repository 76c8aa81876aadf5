"""Social stage: fetch social sources page by page (incrementally), load posts, score them.

Each page is fetched with the fetcher's rules, archived and logged in raw_fetches before it is
parsed. Posts are tagged with vendors, sentiment, outage-report and migration flags in bulk
(polars) per page; a source resumes from its newest item on the next run.
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
from pipeline.core.errors import ParseError, RadarError
from pipeline.core.models import Post, Source
from pipeline.enrich import migration, sentiment, topics
from pipeline.enrich import outage_reports as crowd
from pipeline.ingest.fetch import FetchSettings, fetch_source, read_archived
from pipeline.load import runs as transform
from pipeline.parse.social import page_url, since_url
from pipeline.parse.social_bulk import POST_SCHEMA, parse_social_blocks, posts_frame

log = logging.getLogger(__name__)

MAX_PAGES = 10


@dataclass(slots=True, frozen=True)
class SocialStats:
    """One social source in one run."""

    source: str
    pages: int
    posts: int
    quarantined: int
    migrations: int


def score_posts(
    posts: pl.DataFrame | Sequence[Post], first_seen_at: datetime
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Posts of one page (a `POST_SCHEMA` frame or `Post`s) as warehouse rows, and the
    migrations they report (both polars)."""
    frame = posts if isinstance(posts, pl.DataFrame) else posts_frame(posts)
    frame = frame.select(*POST_SCHEMA).unique("post_id", keep="first", maintain_order=True)
    text = frame["text"]
    empty = pl.Series("title", [""] * frame.height, dtype=pl.String)
    scored = frame.with_columns(
        topics.rank_vendors(empty, text, assume_context=True).alias("vendors"),
        sentiment.score_texts(text).alias("sentiment"),
        crowd.is_outage_report(text).alias("is_outage_report"),
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


def _store_page(
    con: duckdb.DuckDBPyConnection,
    posts: pl.DataFrame,
    moves: pl.DataFrame,
    quarantine: pl.DataFrame,
) -> None:
    con.register("staged_posts", posts)
    con.register("staged_migrations", moves)
    con.register("staged_quarantine", quarantine)
    try:
        with warehouse.transaction(con):
            warehouse.run_sql(con, "upsert_posts")
            warehouse.run_sql(con, "delete_migrations_of_posts")
            warehouse.run_sql(con, "upsert_migrations")
            warehouse.run_sql(con, "insert_quarantine")
    finally:
        for name in ("staged_posts", "staged_migrations", "staged_quarantine"):
            con.unregister(name)


def ingest_social_source(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    home: Path,
    run_id: str,
    settings: FetchSettings,
    now: datetime,
) -> SocialStats:
    """Fetch, archive, parse and load one social source, following pages while they are new.

    The first request asks only for items newer than the source's cursor (when its format is
    known); further pages follow the platform's cursor until a page brings nothing new or
    MAX_PAGES is reached. Fetch and parse failures are recorded in source_runs.
    """
    cursor = warehouse.run_sql(con, "select_social_cursor", source=source.name)
    fmt, newest = cursor[0] if cursor else (None, None)
    remote = transform.is_remote(source)
    url = source.url
    if remote and fmt and newest:
        url = since_url(url, fmt, newest)
    pages = posts_total = quarantined = moves_total = 0
    while pages < MAX_PAGES:
        page = dataclasses.replace(source, url=url)
        outcome = fetch_source(page, home, None, settings)
        if pages == 0:
            transform.record_fetches(con, run_id, [outcome], [source])
            state = warehouse.run_sql(con, "select_run_outcome", run_id=run_id, source=source.name)
            if not state or state[0][0] != "fetched":
                break
        else:
            with warehouse.transaction(con):
                transform.record_payloads(con, [outcome] if outcome.sha256 else [])
            if outcome.error:
                log.warning("social page failed: %s", outcome.error)
                break
        pages += 1
        page_posts = page_known = 0
        try:
            payload = read_archived(home, outcome.archive_path)
            # a large JSON Lines file comes in blocks: each is scored and stored on its own
            for result in parse_social_blocks(payload, source):
                if remote:  # only a remote page's news decides whether to fetch the next
                    page_known += _known(con, result.posts["post_id"].to_list())
                posts, moves = score_posts(result.posts, outcome.fetched_at or now)
                quarantine = transform.quarantine_frame(
                    result.quarantined, outcome.fetched_at or now, outcome.sha256
                )
                _store_page(con, posts, moves, quarantine)
                fmt = result.format
                page_posts += posts.height
                posts_total += posts.height
                quarantined += len(result.quarantined)
                moves_total += moves.height
        except (ParseError, RadarError) as err:
            error = (
                err if isinstance(err, ParseError) else ParseError(source.name, "payload", str(err))
            )
            pending = transform.PendingPayload(source.name, outcome.sha256, "", outcome.fetched_at)
            transform.store_parse_failure(con, run_id, pending, error)
            return SocialStats(source.name, pages, posts_total, quarantined + 1, moves_total)
        del payload
        if result.newest:
            warehouse.run_sql(
                con,
                "upsert_social_cursor",
                source=source.name,
                format=fmt,
                newest=result.newest,
                updated_at=now,
            )
        if pages == 1:  # only once every block of the payload is stored
            warehouse.run_sql(
                con, "mark_parsed", source=source.name, sha256=outcome.sha256, parsed_at=now
            )
        new_posts = page_posts - page_known
        if not remote or not result.next_cursor or new_posts == 0:
            break
        url = page_url(source_url(source), fmt, result.next_cursor)
    if pages:
        transform.record_parse_outcome(
            con,
            run_id,
            source.name,
            fmt,
            posts_total + quarantined,
            quarantined,
            posts_total + moves_total,
            None,
        )
    return SocialStats(source.name, pages, posts_total, quarantined, moves_total)


def source_url(source: Source) -> str:
    """The catalog URL of a source (paging restarts from it, not from a `since` URL)."""
    return source.url


def _known(con: duckdb.DuckDBPyConnection, post_ids: list[str]) -> int:
    if not post_ids:
        return 0
    return int(warehouse.run_sql(con, "count_known_posts", ids=post_ids)[0][0])


def ingest_social(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    home: Path,
    run_id: str,
    settings: FetchSettings,
    now: datetime,
) -> list[SocialStats]:
    """Ingest every social source of the catalog (one failing source never stops the others)."""
    return [
        ingest_social_source(con, s, home, run_id, settings, now)
        for s in sources
        if s.kind == "social"
    ]
