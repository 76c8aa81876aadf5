"""Status and news feeds: fetch every source of a kind, record what came, parse and store what
is new.

`fetch_sources` fetches with the validators fetch_state remembers and records the outcomes
(`pipeline.load.runs`); `parse_pending` parses each payload of this run that was not parsed
before and hands it to its loader (`pipeline.load.status` or `pipeline.load.news`). Loops
here run over sources (tens), never over records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.core.errors import ParseError, RadarError
from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchOutcome, FetchSettings, fetch_all, read_archived
from pipeline.load import news, runs, status
from pipeline.parse import parse_status_payload
from pipeline.parse.news_feed import parse_news_feed

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
) -> list[runs.ParseStats]:
    """Parse every payload of `kind` sources fetched in `run_id` and not parsed before; load it.

    Status payloads go to incident/update observations, news payloads to news_items. A
    payload that cannot be parsed at all is quarantined whole and fails only its source.
    """
    by_name = {s.name: s for s in sources if s.kind == kind}
    stats: list[runs.ParseStats] = []
    for pending in runs.pending_payloads(con, run_id):
        source = by_name.get(pending.source)
        if source is None:
            continue
        try:
            item = _parse_and_store(con, run_id, pending, source, home, now)
        except ParseError as err:
            log.warning("parse failed: %s", err)
            item = runs.store_parse_failure(con, run_id, pending, err)
        except RadarError as err:  # archive unreadable or corrupted since the fetch
            failure = ParseError(source.name, "payload", str(err))
            item = runs.store_parse_failure(con, run_id, pending, failure)
        else:
            log.info(
                "parsed %s (%s): %d records, %d quarantined",
                source.name,
                item.format,
                item.records,
                item.quarantined,
            )
        stats.append(item)
    return stats


def _parse_and_store(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    pending: runs.PendingPayload,
    source: Source,
    home: Path,
    now: datetime,
) -> runs.ParseStats:
    payload = read_archived(home, pending.archive_path)
    fetched = {"base_url": pending.url, "content_type": pending.content_type}
    if source.kind == "news":
        result = parse_news_feed(payload, source, now=now, **fetched)
        stats = news.store_news_items(con, run_id, pending, result, parsed_at=now)
    else:
        result = parse_status_payload(payload, source, now=now, **fetched)
        stats = status.store_observations(con, run_id, pending, result, parsed_at=now)
    if result.encoding is not None:  # an RSS/Atom payload
        runs.record_feed_reading(con, run_id, source.name, result.is_lenient, result.encoding)
        if result.is_lenient:
            log.info("%s: read leniently (feedparser), %s", source.name, result.encoding)
    return stats
