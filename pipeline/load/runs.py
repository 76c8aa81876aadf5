"""Load fetch outcomes and parse results into the warehouse; merge observations into tables.

Set-based work is in sql/*.sql; this module stages typed records as polars frames and runs
those statements. Nothing here imports dagster.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from pipeline.core import warehouse
from pipeline.core.errors import ParseError
from pipeline.core.models import ParseResult, Quarantined, Source

log = logging.getLogger(__name__)

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
}
INCIDENT_SCHEMA: dict[str, pl.DataType] = {
    "vendor": pl.String(),
    "incident_id": pl.String(),
    "source": pl.String(),
    "format": pl.String(),
    "title": pl.String(),
    "impact": pl.String(),
    "impact_inferred": pl.Boolean(),
    "is_maintenance": pl.Boolean(),
    "started_at": pl.Datetime("us", "UTC"),
    "resolved_at": pl.Datetime("us", "UTC"),
    "status": pl.String(),
    "components": pl.List(pl.String()),
    "url": pl.String(),
    "observed_at": pl.Datetime("us", "UTC"),
    "has_history": pl.Boolean(),
}
UPDATE_SCHEMA: dict[str, pl.DataType] = {
    "vendor": pl.String(),
    "incident_id": pl.String(),
    "source": pl.String(),
    "format": pl.String(),
    "status": pl.String(),
    "posted_at": pl.Datetime("us", "UTC"),
    "body": pl.String(),
}
QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "record_ref": pl.String(),
    "reason": pl.String(),
    "seen_at": pl.Datetime("us", "UTC"),
    "sha256": pl.String(),
}


@dataclass(slots=True, frozen=True)
class PendingPayload:
    """A payload fetched in this run that has not been parsed yet."""

    source: str
    sha256: str
    archive_path: str
    fetched_at: datetime


@dataclass(slots=True, frozen=True)
class ParseStats:
    """What loading one payload did."""

    source: str
    format: str | None
    records: int
    quarantined: int
    rows_written: int
    error: str | None = None


def record_fetches(
    con: duckdb.DuckDBPyConnection, run_id: str, outcomes: Sequence, sources: Sequence[Source]
) -> None:
    """Write fetch outcomes to raw_fetches, source_runs and fetch_state in one transaction.

    `outcomes` are pipeline.ingest.fetch.FetchOutcome values, one per source in `sources`.
    """
    staged = _fetch_frame(run_id, outcomes, {s.name: s.url for s in sources})
    con.register("staged_fetches", staged)
    try:
        with warehouse.transaction(con):
            warehouse.run_sql(con, "record_raw_fetches")
            warehouse.run_sql(con, "record_source_runs")
            warehouse.run_sql(con, "record_fetch_state")
    finally:
        con.unregister("staged_fetches")


def is_remote(source: Source) -> bool:
    """True when the source is fetched over HTTP(S) (paging and conditional GET apply)."""
    return source.url.lower().startswith(("http://", "https://"))


def quarantine_frame(
    records: Iterable[Quarantined], seen_at: datetime, sha256: str | None
) -> pl.DataFrame:
    """Quarantined records of one payload as a frame ready for sql/insert_quarantine.sql."""
    rows = [
        {
            "source": q.source,
            "record_ref": q.record_ref,
            "reason": q.reason,
            "seen_at": seen_at,
            "sha256": sha256,
        }
        for q in records
    ]
    return pl.DataFrame(rows, schema=QUARANTINE_SCHEMA, orient="row")


def _fetch_frame(run_id: str, outcomes: Sequence, url_keys: dict[str, str]) -> pl.DataFrame:
    rows = [
        {
            "run_id": run_id,
            "source": o.source,
            "kind": o.kind,
            "url": o.url,
            "url_key": url_keys.get(o.source, o.url),
            "started_at": o.started_at,
            "fetched_at": o.fetched_at or o.started_at,
            "http_status": o.http_status,
            "not_modified": o.not_modified,
            "sha256": o.sha256,
            "bytes": o.bytes,
            "archive_path": str(o.archive_path) if o.archive_path else None,
            "content_type": o.content_type,
            "etag": o.etag,
            "last_modified": o.last_modified,
            "attempts": o.attempts,
            "error": o.error,
        }
        for o in outcomes
    ]
    return pl.DataFrame(rows, schema=FETCH_SCHEMA, orient="row")


def record_payloads(con: duckdb.DuckDBPyConnection, outcomes: Sequence) -> None:
    """Log fetched payloads (e.g. article pages) in raw_fetches; the caller owns the transaction."""
    con.register("staged_fetches", _fetch_frame("", outcomes, {}))
    try:
        warehouse.run_sql(con, "record_raw_fetches")
    finally:
        con.unregister("staged_fetches")


def pending_payloads(con: duckdb.DuckDBPyConnection, run_id: str) -> list[PendingPayload]:
    """Payloads fetched in run `run_id` that still need parsing (one per source at most)."""
    rows = warehouse.run_sql(con, "select_pending_payloads", run_id=run_id)
    return [PendingPayload(*row) for row in rows]


def _frame(records: Iterable, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    rows = []
    for rec in records:
        row = {name: getattr(rec, name, None) for name in schema}
        if "components" in row and row["components"] is not None:
            row["components"] = list(row["components"])
        rows.append(row)
    return pl.DataFrame(rows, schema=schema, orient="row")


def store_parse_result(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    payload: PendingPayload,
    result: ParseResult,
    *,
    parsed_at: datetime,
) -> ParseStats:
    """Upsert one payload's observations and quarantined records; mark the payload parsed."""
    incidents = _frame(result.incidents, INCIDENT_SCHEMA)
    updates = _frame(result.updates, UPDATE_SCHEMA)
    quarantine = quarantine_frame(result.quarantined, payload.fetched_at, payload.sha256)
    con.register("staged_incidents", incidents)
    con.register("staged_updates", updates)
    con.register("staged_quarantine", quarantine)
    rows_written = incidents.height + updates.height
    try:
        with warehouse.transaction(con):
            warehouse.run_sql(con, "upsert_incident_observations")
            warehouse.run_sql(con, "delete_update_observations")
            warehouse.run_sql(con, "insert_update_observations")
            warehouse.run_sql(con, "insert_quarantine")
            record_parse_outcome(
                con,
                run_id,
                payload.source,
                result.format,
                result.records,
                len(result.quarantined),
                rows_written,
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
        for name in ("staged_incidents", "staged_updates", "staged_quarantine"):
            con.unregister(name)
    return ParseStats(
        payload.source, result.format, result.records, len(result.quarantined), rows_written
    )


def store_parse_failure(
    con: duckdb.DuckDBPyConnection, run_id: str, payload: PendingPayload, error: ParseError
) -> ParseStats:
    """Quarantine a whole unusable payload and mark its source failed for this run.

    The payload is not marked parsed, so every later run reports the failure again until the
    source serves something usable.
    """
    ref = f"payload:{payload.sha256[:12]}"
    staged = pl.DataFrame(
        [
            {
                "source": payload.source,
                "record_ref": ref,
                "reason": error.reason,
                "seen_at": payload.fetched_at,
                "sha256": payload.sha256,
            }
        ],
        schema=QUARANTINE_SCHEMA,
        orient="row",
    )
    con.register("staged_quarantine", staged)
    try:
        with warehouse.transaction(con):
            warehouse.run_sql(con, "insert_quarantine")
            record_parse_outcome(con, run_id, payload.source, None, 0, 1, 0, str(error))
    finally:
        con.unregister("staged_quarantine")
    return ParseStats(payload.source, None, 0, 1, 0, str(error))


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


def rebuild_table(con: duckdb.DuckDBPyConnection, table: str, sql_name: str, **params) -> int:
    """Replace every row of `table` with the result of `sql/<sql_name>.sql`, atomically."""
    if table not in REBUILT_TABLES:
        raise ValueError(f"not a derived table: {table!r}")
    with warehouse.transaction(con):
        con.execute(f'delete from "{table}"').fetchall()  # noqa: S608 - table name from REBUILT_TABLES
        warehouse.run_sql(con, sql_name, **params)
    return warehouse.table_rows(con, table)


REBUILT_TABLES = frozenset(
    {
        "incidents",
        "incident_updates",
        "outage_daily",
        "articles",
        "news_daily",
        "sentiment_daily",
        "migration_daily",
        "migration_index_daily",
        "outage_reports_hourly",
        "incident_lead_times",
        "silent_outages",
    }
)


def build_incident_updates(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild incident_updates from update_observations (sql/build_incident_updates.sql)."""
    return rebuild_table(con, "incident_updates", "build_incident_updates")


def build_incidents(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild incidents from incident_observations (sql/build_incidents.sql)."""
    return rebuild_table(con, "incidents", "build_incidents")
