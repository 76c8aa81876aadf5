"""Social loader: fetch a social source page by page, parse, score and store each block of posts.

Each page is fetched (`pipeline.ingest.social.SocialPager`), archived and logged in raw_fetches
before it is parsed (`pipeline.parse.social_bulk.parse_social_blocks`: a large JSON Lines
file is read from the archive and parsed block by block, never whole, so memory stays bounded).
Each block is scored by the `score` callable the caller passes in (vendors, sentiment,
outage-report flag and migrations: `pipeline.enrich.social.score_posts`; this stage never
imports enrich) and stored in one transaction: posts, migrations, quarantine. A source resumes
from its newest item on the next run (social_cursors); a remote source follows the platform's
cursor while pages bring new posts.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline.core import warehouse
from pipeline.core.errors import ParseError, RadarError
from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchSettings
from pipeline.ingest.social import SocialPage, SocialPager, is_remote
from pipeline.load import runs, staging
from pipeline.parse.social import page_url, since_url
from pipeline.parse.social_bulk import SocialFrameResult, parse_social_blocks

log = logging.getLogger(__name__)

PostScorer = Callable[[pl.DataFrame, datetime], tuple[pl.DataFrame, pl.DataFrame]]
"""Score one block of parsed posts (a POST_SCHEMA frame, their first_seen_at): returns the
posts as warehouse rows (sql/load/upsert_posts.sql) and the migrations they report
(sql/load/upsert_migrations.sql). `pipeline.enrich.post_scorer.PostScorer` is the one in use.
A scorer that pickles by reference and has a `worker_setup()` method (returning an
initializer and its arguments for a fresh worker process) can score in worker processes."""


LOAD_MEMORY_LIMIT = "256MB"
STORE_SLICE_ROWS = 50_000
"""Posts upserted per transaction (50,000 fit `LOAD_MEMORY_LIMIT` beside 2M stored posts)."""
"""DuckDB's memory_limit while a social source is loaded. Under the warehouse's (default 1GB,
`pipeline.core.warehouse.duckdb_config`), DuckDB keeps the blocks it writes cached and a large
file's load grows with the file; at 256MB, 3M posts load with DuckDB using ~100 MiB."""


@dataclass(slots=True, frozen=True)
class SocialStats:
    """One social source in one run."""

    source: str
    pages: int
    posts: int
    quarantined: int
    migrations: int


@dataclass(slots=True)
class _Tally:
    """Running counts of one source's run (blocks already stored count even if a later fails)."""

    pages: int = 0
    posts: int = 0
    quarantined: int = 0
    migrations: int = 0
    format: str | None = None

    def stats(self, source: str) -> SocialStats:
        """The counts so far as `source`'s SocialStats."""
        return SocialStats(source, self.pages, self.posts, self.quarantined, self.migrations)


def store_page(
    con: duckdb.DuckDBPyConnection,
    posts: pl.DataFrame,
    migrations: pl.DataFrame,
    quarantine: pl.DataFrame,
) -> None:
    """Upsert scored posts and their migrations and add quarantined records, one transaction
    per slice of `STORE_SLICE_ROWS` posts (an upsert of a whole 400,000-post JSON page does not
    fit `LOAD_MEMORY_LIMIT`; each slice is idempotent, so a rerun completes a cut-off page).

    A post's earlier migrations are replaced by those of `migrations`.
    """
    for offset in range(0, max(posts.height, 1), STORE_SLICE_ROWS):
        part = posts.slice(offset, STORE_SLICE_ROWS)
        moves = migrations
        if posts.height > STORE_SLICE_ROWS:
            moves = migrations.filter(pl.col("post_id").is_in(part["post_id"].implode()))
        with warehouse.staged(
            con,
            staged_posts=part,
            staged_migrations=moves,
            staged_quarantine=quarantine if offset == 0 else quarantine.clear(),
        ):
            warehouse.run_sql(con, "upsert_posts")
            warehouse.run_sql(con, "delete_migrations_of_posts")
            warehouse.run_sql(con, "upsert_migrations")
            warehouse.run_sql(con, "insert_quarantine")


def social_cursor(con: duckdb.DuckDBPyConnection, source: str) -> tuple[str | None, str | None]:
    """The (format, newest item) social_cursors remembers for `source` (None, None at first)."""
    rows = warehouse.run_sql(con, "select_social_cursor", source=source)
    return rows[0] if rows else (None, None)


def store_cursor(
    con: duckdb.DuckDBPyConnection,
    source: str,
    fmt: str | None,
    newest: str,
    updated_at: datetime,
) -> None:
    """Advance `source`'s cursor in social_cursors to `newest` (it never moves back)."""
    warehouse.run_sql(
        con, "upsert_social_cursor", source=source, format=fmt, newest=newest, updated_at=updated_at
    )


def known_posts(con: duckdb.DuckDBPyConnection, post_ids: list[str]) -> int:
    """How many of `post_ids` are already in posts."""
    if not post_ids:
        return 0
    return int(warehouse.run_sql(con, "count_known_posts", ids=post_ids)[0][0])


class _Scoring:
    """Scores the blocks of a source's pages, in order: in this process, or, when asked for
    `workers` >= 2, in worker processes (started once per source) while this process parses
    the next blocks and stores the scored ones. Not by default: on 2 cores a million posts
    take 49 s instead of 57 s that way, for ~1.5 GiB more memory (README, Performance)."""

    def __init__(self, score: PostScorer, workers: int | None) -> None:
        self.score, self.workers = score, workers
        self.pool: ProcessPoolExecutor | None = None
        self.size = 0

    def _start(self) -> None:
        setup = getattr(self.score, "worker_setup", None)
        if self.pool is not None or setup is None or (self.workers or 1) < 2:
            return
        self.size = self.workers or 1
        initializer, args = setup()
        log.info("scoring posts in %d processes", self.size)
        self.pool = ProcessPoolExecutor(
            max_workers=self.size,
            mp_context=multiprocessing.get_context("spawn"),  # never fork a DuckDB writer
            initializer=initializer,
            initargs=args,
        )

    def scored(
        self, blocks: Iterable[SocialFrameResult], seen_at: datetime
    ) -> Iterator[tuple[SocialFrameResult, pl.DataFrame, pl.DataFrame]]:
        """(block, scored posts, migrations) of each block of a page, in order."""
        self._start()
        pending: deque[tuple[SocialFrameResult, Future]] = deque()
        for block in blocks:
            if self.pool is None:
                yield block, *self.score(block.posts, seen_at)
                continue
            pending.append((block, self.pool.submit(self.score, block.posts, seen_at)))
            if len(pending) > self.size:  # one block scored per worker, the next being parsed
                yield self._result(*pending.popleft(), seen_at)
        while pending:
            yield self._result(*pending.popleft(), seen_at)

    def _result(
        self, block: SocialFrameResult, future: Future, seen_at: datetime
    ) -> tuple[SocialFrameResult, pl.DataFrame, pl.DataFrame]:
        try:
            return block, *future.result()
        except (BrokenProcessPool, CancelledError) as err:  # e.g. a main script that starts
            # work on import broke the pool; blocks queued behind were cancelled with it
            log.warning("scoring workers failed (%r); scoring in this process", err)
            self.close()
            return block, *self.score(block.posts, seen_at)

    def close(self) -> None:
        """Stop the workers (blocks not yet scored are dropped)."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def load_social_source(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    home: Path,
    run_id: str,
    settings: FetchSettings,
    now: datetime,
    score: PostScorer,
    workers: int | None = None,
) -> SocialStats:
    """Fetch, archive, parse, score and store one social source, following pages while new.

    The first request asks only for items newer than the source's cursor (when its format is
    known); further pages follow the platform's cursor until a page brings nothing new or
    `pipeline.ingest.social.MAX_PAGES` is reached. Fetch and parse failures are recorded in
    source_runs (an unusable payload also in quarantine), never raised. DuckDB runs with
    `LOAD_MEMORY_LIMIT` meanwhile. With `workers` >= 2 blocks are scored in that many worker
    processes while this one parses and stores (None or 1: in this process).
    """
    scoring = _Scoring(score, workers)
    try:
        with load_memory_limit(con):
            return _load_source(con, source, home, run_id, settings, now, scoring)
    finally:
        scoring.close()


@contextmanager
def load_memory_limit(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block with DuckDB's memory_limit at `LOAD_MEMORY_LIMIT`, then set it back to
    the warehouse's (`pipeline.core.warehouse.duckdb_config`)."""
    warehouse.run_sql(con, "set_memory_limit", memory_limit=LOAD_MEMORY_LIMIT)
    try:
        yield
    finally:
        limit = warehouse.duckdb_config()["memory_limit"]
        warehouse.run_sql(con, "set_memory_limit", memory_limit=limit)


def _load_source(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    home: Path,
    run_id: str,
    settings: FetchSettings,
    now: datetime,
    scoring: _Scoring,
) -> SocialStats:
    """load_social_source's work (see there)."""
    fmt, newest = social_cursor(con, source.name)
    remote = is_remote(source)
    first_url = since_url(source.url, fmt, newest) if remote and fmt and newest else source.url
    pager = SocialPager(source, home, settings, first_url)
    tally = _Tally(format=fmt)
    for page in pager:
        if not _record_fetch(con, run_id, source, page):
            break
        tally.pages += 1
        try:
            last, new_posts = _store_blocks(con, source, page, now, scoring, tally, count=remote)
        except RadarError as err:  # a ParseError, or the archive unreadable since the fetch
            _store_failure(con, run_id, source, page, err)
            tally.quarantined += 1
            return tally.stats(source.name)
        if last.newest:
            store_cursor(con, source.name, last.format, last.newest, now)
        if page.number == 1:  # only once every block of the payload is stored
            runs.mark_parsed(con, source.name, page.outcome.sha256, now)
        if remote and last.next_cursor and new_posts:
            pager.follow(page_url(source.url, last.format, last.next_cursor))
    if tally.pages:
        runs.record_parse_outcome(
            con,
            run_id,
            source.name,
            tally.format,
            tally.posts + tally.quarantined,
            tally.quarantined,
            tally.posts + tally.migrations,
            None,
        )
    return tally.stats(source.name)


def load_social_sources(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    home: Path,
    run_id: str,
    settings: FetchSettings,
    now: datetime,
    score: PostScorer,
    workers: int | None = None,
) -> list[SocialStats]:
    """Load every social source of `sources` (one failing source never stops the others);
    `workers` as in `load_social_source`."""
    return [
        load_social_source(con, s, home, run_id, settings, now, score, workers)
        for s in sources
        if s.kind == "social"
    ]


def _record_fetch(
    con: duckdb.DuckDBPyConnection, run_id: str, source: Source, page: SocialPage
) -> bool:
    """Record a page's fetch; True when it brought a payload to parse.

    The first page is the source's fetch of the run (source_runs, fetch_state); later pages
    are only logged in raw_fetches.
    """
    outcome = page.outcome
    if page.number == 1:
        runs.record_fetches(con, run_id, [outcome], [source])
        return runs.fetch_outcome(con, run_id, source.name) == "fetched"
    runs.record_payloads(con, [outcome] if outcome.sha256 else [])
    if outcome.error:
        log.warning("social page failed: %s", outcome.error)
        return False
    return True


def _store_blocks(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    page: SocialPage,
    now: datetime,
    scoring: _Scoring,
    tally: _Tally,
    *,
    count: bool,
) -> tuple[SocialFrameResult, int]:
    """Parse, score and store each block of one page, counting into `tally`.

    Returns the last block's result (its paging fields describe the page) and, when `count`,
    how many of the page's posts were new (else the page's post count).
    """
    seen_at = page.outcome.fetched_at or now
    page_posts = page_known = 0
    last: SocialFrameResult | None = None
    blocks = parse_social_blocks(page.archived_file(), source, now=now)
    for result, posts, moves in scoring.scored(blocks, seen_at):
        if count:  # only a remote page's news decides whether to fetch the next
            page_known += known_posts(con, result.posts["post_id"].to_list())
        quarantine = staging.quarantine_frame(result.quarantined, seen_at, page.outcome.sha256)
        store_page(con, posts, moves, quarantine)
        tally.format = result.format
        tally.posts += posts.height
        tally.quarantined += len(result.quarantined)
        tally.migrations += moves.height
        page_posts += posts.height
        last = result
    if last is None:  # parse_social_blocks yields at least one result or raises
        raise ParseError(source.name, "payload", "no posts block")
    return last, page_posts - page_known


def _store_failure(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    source: Source,
    page: SocialPage,
    err: RadarError,
) -> None:
    """Quarantine an unusable page payload and mark the source failed for this run."""
    error = err if isinstance(err, ParseError) else ParseError(source.name, "payload", str(err))
    outcome = page.outcome
    fetched_at = outcome.fetched_at or outcome.started_at
    pending = runs.PendingPayload(source.name, outcome.sha256 or "", "", fetched_at)
    runs.store_parse_failure(con, run_id, pending, error)
