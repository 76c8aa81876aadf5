"""Status loader: parsed incident and update observations, then incidents and incident_updates.

Each status payload's observations are upserted per source (incident_observations,
update_observations; sql/load/upsert_incident_observations.sql and friends); the contract
tables are then rebuilt from every observation so far, merging feeds of the same vendor
(sql/load/build_incidents.sql, build_incident_updates.sql).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import duckdb
import polars as pl

from pipeline.core import warehouse
from pipeline.core.limits import MAX_INCIDENT_MINUTES
from pipeline.core.models import ParseResult
from pipeline.load import runs

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


def _observation_frame(records: Iterable[object], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Observation records (dataclasses) as a frame of `schema` (missing attributes are null)."""
    rows = []
    for rec in records:
        row = {name: getattr(rec, name, None) for name in schema}
        if "components" in row and row["components"] is not None:
            row["components"] = list(row["components"])
        rows.append(row)
    return pl.DataFrame(rows, schema=schema, orient="row")


def store_observations(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    payload: runs.PendingPayload,
    result: ParseResult,
    *,
    parsed_at: datetime,
) -> runs.ParseStats:
    """Upsert one status payload's observations and quarantined records; mark it parsed.

    Writes incident_observations, update_observations (a source's updates of an incident are
    replaced), quarantine, the parse counts of source_runs and fetch_state, in one transaction.
    """
    incidents = _observation_frame(result.incidents, INCIDENT_SCHEMA)
    updates = _observation_frame(result.updates, UPDATE_SCHEMA)
    quarantine = runs.quarantine_frame(result.quarantined, payload.fetched_at, payload.sha256)
    rows_written = incidents.height + updates.height
    with warehouse.staged(
        con,
        staged_incidents=incidents,
        staged_updates=updates,
        staged_quarantine=quarantine,
    ):
        warehouse.run_sql(con, "upsert_incident_observations")
        warehouse.run_sql(con, "delete_update_observations")
        warehouse.run_sql(con, "insert_update_observations")
        warehouse.run_sql(con, "insert_quarantine")
        stats = runs.ParseStats(
            payload.source, result.format, result.records, len(result.quarantined), rows_written
        )
        return runs.record_payload_parsed(con, run_id, payload, stats, parsed_at)


def build_incident_updates(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild incident_updates from update_observations; return its row count."""
    return warehouse.rebuild_table(con, "incident_updates", "build_incident_updates")


def build_incidents(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild incidents from incident_observations; return its row count.

    An incident longer than `limits.MAX_INCIDENT_DURATION` is kept with is_duration_clipped set
    (outage_daily counts it only up to that length).
    """
    return warehouse.rebuild_table(
        con, "incidents", "build_incidents", max_duration_minutes=MAX_INCIDENT_MINUTES
    )
