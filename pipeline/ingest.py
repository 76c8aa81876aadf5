"""Ingest stage: fetch every source of a kind, record what came, parse what is new.

Loops here run over sources (tens), never over records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline import transform, warehouse
from pipeline.errors import ParseError, RadarError
from pipeline.fetch import FetchOutcome, FetchSettings, Validators, fetch_all, read_archived
from pipeline.models import Source
from pipeline.parse import parse_status_payload

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
    known = {row[0]: row for row in warehouse.run_sql(con, "select_validators")}
    validators = {
        s.name: Validators(etag=known[s.name][2], last_modified=known[s.name][3])
        for s in sources
        if s.name in known and known[s.name][1] == s.url
    }
    outcomes = fetch_all(sources, home, validators, settings, progress=progress)
    transform.record_fetches(con, run_id, outcomes, sources)
    return outcomes


def parse_pending(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[Source],
    home: Path,
    run_id: str,
    now: datetime,
) -> list[transform.ParseStats]:
    """Parse every payload fetched in `run_id` that was not parsed before, and load it.

    A payload that cannot be parsed at all is quarantined whole and fails only its source.
    """
    by_name = {s.name: s for s in sources}
    stats: list[transform.ParseStats] = []
    for pending in transform.pending_payloads(con, run_id):
        source = by_name.get(pending.source)
        if source is None:
            continue
        try:
            result = parse_status_payload(read_archived(home, pending.archive_path), source)
        except ParseError as err:
            log.warning("parse failed: %s", err)
            stats.append(transform.store_parse_failure(con, run_id, pending, err))
            continue
        except RadarError as err:  # archive unreadable or corrupted since the fetch
            failure = ParseError(source.name, "payload", str(err))
            stats.append(transform.store_parse_failure(con, run_id, pending, failure))
            continue
        item = transform.store_parse_result(con, run_id, pending, result, parsed_at=now)
        log.info(
            "parsed %s (%s): %d records, %d quarantined",
            source.name,
            result.format,
            item.records,
            item.quarantined,
        )
        stats.append(item)
    return stats
