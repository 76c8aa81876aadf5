"""Status and news feeds: fetch every source of a kind, record what came, parse and store what
is new.

`fetch_sources` fetches with the validators fetch_state remembers and records the outcomes
(`pipeline.load.runs`); `parse_pending` parses each payload of this run that was not parsed
before into staging files (`pipeline.load.staging`, in worker processes when that pays) and
hands them to their loader (`pipeline.load.status` or `pipeline.load.news`), which inserts
them all at once. Loops here run over sources (tens), never over records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchOutcome, FetchSettings, fetch_all
from pipeline.load import news, runs, staging, status

log = logging.getLogger(__name__)


def fetch_sources(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    home: Path,
    run_id: str,
    settings: FetchSettings,
    progress: Callable[[FetchOutcome], None] | None = None,
) -> list[FetchOutcome]:
    """Fetch `sources` (conditional GET with remembered validators) and record the outcomes.

    Writes raw_fetches, source_runs and fetch_state. A failing source is recorded, not raised.
    """
    validators = runs.remembered_validators(con, sources)
    outcomes = fetch_all(sources, home, validators, settings, progress=progress)
    runs.record_fetches(con, run_id, outcomes, sources)
    return outcomes


def parse_pending(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    home: Path,
    run_id: str,
    now: datetime,
    kind: str = "status",
    workers: int | None = None,
) -> list[runs.ParseStats]:
    """Parse every payload of `kind` sources fetched in `run_id` and not parsed before; load it.

    Payloads are parsed to Parquet staging files first (`pipeline.load.staging`: in `workers`
    processes, by default as many as pay off), then loaded together by this connection:
    status payloads into incident/update observations, news payloads into news_items. A
    payload that cannot be parsed at all is quarantined whole and fails only its source.
    """
    by_name = {s.name: s for s in sources if s.kind == kind}
    pending = [p for p in runs.pending_payloads(con, run_id) if p.source in by_name]
    jobs = [
        staging.PayloadJob(
            by_name[p.source], p.sha256, p.archive_path, p.fetched_at, p.url, p.content_type
        )
        for p in pending
    ]
    staged = staging.stage_payloads(home, jobs, now, workers)
    parsed = [(p, s) for p, s in zip(pending, staged, strict=True) if s.failure is None]
    loader = news.load_staged if kind == "news" else status.load_staged
    stats = {(st.source, p.sha256): st for (p, _), st in
             zip(parsed, loader(con, run_id, parsed, parsed_at=now), strict=True)}  # fmt: skip
    for payload, item in zip(pending, staged, strict=True):
        error = item.error()
        if error is not None:
            log.warning("parse failed: %s", error)
            stats[payload.source, payload.sha256] = runs.store_parse_failure(
                con, run_id, payload, error
            )
            continue
        log.info(
            "parsed %s (%s): %d records, %d quarantined",
            item.source, item.format, item.records, item.quarantined,
        )  # fmt: skip
        if item.encoding is not None:  # an RSS/Atom payload
            runs.record_feed_reading(con, run_id, item.source, item.is_lenient, item.encoding)
            if item.is_lenient:
                log.info("%s: read leniently (feedparser), %s", item.source, item.encoding)
    staging.discard(staged)
    return [stats[p.source, p.sha256] for p in pending]
