"""Run bookkeeping: what each run fetched and parsed, per source, and what it quarantined.

Writes raw_fetches (every payload, content-addressed), source_runs (one row per source and
run: fetch outcome, then parse counts or the error), fetch_state (conditional-GET validators,
last parsed payload) and quarantine; reads them back for the payloads still to parse. The
stage loaders (`status`, `news`, `social`) call these inside their own transactions. Set-based
work is in sql/load/*.sql. Every run records its fetches, so those rows reach DuckDB as list
parameters (sql/load/stage_fetches.sql), not as a registered polars frame: registering one
imports numpy and pyarrow (~0.15 s), which a run with nothing new would not otherwise need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import polars as pl

from pipeline.core import warehouse
from pipeline.core.errors import ParseError
from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchOutcome, Validators
from pipeline.load.staging import StagedPayload

FETCH_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.String(),
    "source": pl.String(),
    "kind": pl.String(),
    "url": pl.String(),
    "url_key": pl.String(),
    "started_at": pl.Datetime("us", "UTC"),
    "fetched_at": pl.Datetime("us", "UTC"),
    "http_status": pl.Int32(),
    "not_modified": pl.Boolean(),
    "sha256": pl.String(),
    "bytes": pl.Int64(),
    "archive_path": pl.String(),
    "content_type": pl.String(),
    "etag": pl.String(),
    "last_modified": pl.String(),
    "attempts": pl.Int32(),
    "error": pl.String(),
    "vendor": pl.String(),
}


@dataclass(slots=True, frozen=True)
class PendingPayload:
    """A payload fetched in this run that has not been parsed yet."""

    source: str
    sha256: str
    archive_path: str
    fetched_at: datetime
    url: str | None = None  # final URL (or file path) it came from
    content_type: str | None = None  # Content-Type header of the response


@dataclass(slots=True, frozen=True)
class ParseStats:
    """What loading one payload did."""

    source: str
    format: str | None
    records: int
    quarantined: int
    rows_written: int
    error: str | None = None


def remembered_validators(
    con: duckdb.DuckDBPyConnection, sources: Sequence[Source]
) -> dict[str, Validators]:
    """Conditional-GET validators of `sources` from fetch_state (only while the URL is the same)."""
    known = {row[0]: row for row in warehouse.run_sql(con, "select_validators")}
    return {
        s.name: Validators(etag=known[s.name][2], last_modified=known[s.name][3])
        for s in sources
        if s.name in known and known[s.name][1] == s.url
    }


def _utc(moment: datetime | None) -> datetime | None:
    """`moment` in UTC (a naive time is taken as UTC, as a UTC polars column takes it)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def fetch_columns(
    run_id: str,
    outcomes: Sequence[FetchOutcome],
    url_keys: dict[str, str],
    vendors: dict[str, str] | None = None,
) -> dict[str, list[Any]]:
    """Fetch outcomes column by column (FETCH_SCHEMA's names and order, one value per outcome).

    `url_keys` maps a source to its catalog URL (fetch_state remembers validators per URL);
    a source without one is keyed by the URL fetched. `vendors` maps a status source to its
    vendor (source_runs.vendor, which status coverage reads).
    """
    vendors = vendors or {}
    return {
        "run_id": [run_id] * len(outcomes),
        "source": [o.source for o in outcomes],
        "kind": [o.kind for o in outcomes],
        "url": [o.url for o in outcomes],
        "url_key": [url_keys.get(o.source, o.url) for o in outcomes],
        "started_at": [_utc(o.started_at) for o in outcomes],
        "fetched_at": [_utc(o.fetched_at or o.started_at) for o in outcomes],
        "http_status": [o.http_status for o in outcomes],
        "not_modified": [o.not_modified for o in outcomes],
        "sha256": [o.sha256 for o in outcomes],
        "bytes": [o.bytes for o in outcomes],
        "archive_path": [str(o.archive_path) if o.archive_path else None for o in outcomes],
        "content_type": [o.content_type for o in outcomes],
        "etag": [o.etag for o in outcomes],
        "last_modified": [o.last_modified for o in outcomes],
        "attempts": [o.attempts for o in outcomes],
        "error": [o.error for o in outcomes],
        "vendor": [vendors.get(o.source) for o in outcomes],
    }


def fetch_frame(
    run_id: str,
    outcomes: Sequence[FetchOutcome],
    url_keys: dict[str, str],
    vendors: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Fetch outcomes as a FETCH_SCHEMA frame (sql/load/record_*.sql read it as staged_fetches,
    registered with `warehouse.staged`); the columns of `fetch_columns`."""
    return pl.DataFrame(fetch_columns(run_id, outcomes, url_keys, vendors), schema=FETCH_SCHEMA)


def _record_staged_fetches(
    con: duckdb.DuckDBPyConnection, columns: dict[str, list[Any]], *statements: str
) -> None:
    """Run `statements` over `columns` staged as temp table staged_fetches, in one transaction.

    The temp table is made and dropped inside the transaction: a failure rolls both back.
    """
    with warehouse.transaction(con):
        warehouse.run_sql(con, "stage_fetches", **columns)
        for statement in statements:
            warehouse.run_sql(con, statement)
        warehouse.run_sql(con, "drop_staged_fetches")


def record_fetches(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    outcomes: Sequence[FetchOutcome],
    sources: Sequence[Source],
) -> None:
    """Write fetch outcomes to raw_fetches, source_runs and fetch_state in one transaction.

    `outcomes` are one per source in `sources`. A status source's vendor is recorded with its
    outcome: a successful fetch is what makes the vendor's days covered (status_coverage).
    """
    columns = fetch_columns(
        run_id,
        outcomes,
        {s.name: s.url for s in sources},
        {s.name: s.vendor for s in sources if s.vendor},
    )
    _record_staged_fetches(
        con, columns, "record_raw_fetches", "record_source_runs", "record_fetch_state"
    )


def record_payloads(con: duckdb.DuckDBPyConnection, outcomes: Sequence[FetchOutcome]) -> None:
    """Log fetched payloads (e.g. a social source's later pages) in raw_fetches only."""
    _record_staged_fetches(con, fetch_columns("", outcomes, {}), "record_raw_fetches")


def fetch_outcome(con: duckdb.DuckDBPyConnection, run_id: str, source: str) -> str | None:
    """The fetch outcome source_runs recorded for `source` in run `run_id` ('fetched', ...)."""
    rows = warehouse.run_sql(con, "select_run_outcome", run_id=run_id, source=source)
    return rows[0][0] if rows else None


def pending_payloads(con: duckdb.DuckDBPyConnection, run_id: str) -> list[PendingPayload]:
    """Payloads fetched in run `run_id` that still need parsing (one per source at most)."""
    rows = warehouse.run_sql(con, "select_pending_payloads", run_id=run_id)
    return [PendingPayload(*row) for row in rows]


def mark_parsed(
    con: duckdb.DuckDBPyConnection, source: str, sha256: str | None, parsed_at: datetime
) -> None:
    """Remember in fetch_state that `source`'s payload `sha256` is parsed and stored."""
    warehouse.run_sql(con, "mark_parsed", source=source, sha256=sha256, parsed_at=parsed_at)


def staged_stats(
    staged: Sequence[tuple[PendingPayload, StagedPayload]],
) -> list[tuple[PendingPayload, ParseStats]]:
    """Each staged payload with the parse counts its staging recorded."""
    return [
        (p, ParseStats(p.source, s.format, s.records, s.quarantined, s.rows)) for p, s in staged
    ]


def record_payload_parsed(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    payload: PendingPayload,
    stats: ParseStats,
    parsed_at: datetime,
) -> ParseStats:
    """Record a stored payload's parse counts in source_runs and mark it parsed in fetch_state.

    Call inside the transaction that stored its rows, so both happen or neither. Returns `stats`.
    """
    record_parse_outcome(
        con, run_id, stats.source, stats.format, stats.records, stats.quarantined,
        stats.rows_written, stats.error,
    )  # fmt: skip
    mark_parsed(con, payload.source, payload.sha256, parsed_at)
    return stats


def record_parse_outcome(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    source: str,
    fmt: str | None,
    records: int,
    quarantined: int,
    rows_written: int,
    error: str | None,
) -> None:
    """Fill in the parse counts (or the error) of a source's row in source_runs."""
    warehouse.run_sql(
        con,
        "record_parse_outcome",
        run_id=run_id,
        source=source,
        format=fmt,
        records_parsed=records,
        quarantined=quarantined,
        rows_written=rows_written,
        error=error,
    )


def record_feed_reading(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    source: str,
    is_lenient: bool,
    encoding: str | None,
) -> None:
    """Record in source_runs how a source's RSS/Atom payload was read (lenient?, encoding)."""
    warehouse.run_sql(
        con,
        "record_feed_reading",
        run_id=run_id,
        source=source,
        is_lenient=is_lenient,
        encoding=encoding,
    )


def store_parse_failure(
    con: duckdb.DuckDBPyConnection, run_id: str, payload: PendingPayload, error: ParseError
) -> ParseStats:
    """Quarantine a whole unusable payload and mark its source failed for this run.

    The payload is not marked parsed, so every later run reports the failure again until the
    source serves something usable.
    """
    with warehouse.transaction(con):
        warehouse.run_sql(
            con,
            "insert_payload_quarantine",
            source=payload.source,
            record_ref=f"payload:{payload.sha256[:12]}",
            reason=error.reason,
            seen_at=_utc(payload.fetched_at),
            sha256=payload.sha256,
        )
        record_parse_outcome(con, run_id, payload.source, None, 0, 1, 0, str(error))
    return ParseStats(payload.source, None, 0, 1, 0, str(error))


def record_pages_outcome(
    con: duckdb.DuckDBPyConnection, run_id: str, source: str, fetched: int, failed: int
) -> None:
    """Fill in how many article pages of news source `source` run `run_id` fetched and lost."""
    warehouse.run_sql(
        con,
        "record_pages_outcome",
        run_id=run_id,
        source=source,
        pages_fetched=fetched,
        pages_failed=failed,
    )
