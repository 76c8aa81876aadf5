"""Status loader: parsed incident and update observations, then incidents and incident_updates.

Each status payload's observations are upserted per source (incident_observations,
update_observations; sql/load/upsert_incident_observations.sql and friends); the contract
tables are then rebuilt from every observation so far, merging feeds of the same vendor
(sql/load/build_incidents.sql, build_incident_updates.sql).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb
import polars as pl

from pipeline.core import warehouse
from pipeline.core.limits import MAX_INCIDENT_MINUTES
from pipeline.core.models import ParseResult
from pipeline.load import runs, staging


def store_observations(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    payload: runs.PendingPayload,
    result: ParseResult,
    *,
    parsed_at: datetime,
) -> runs.ParseStats:
    """Upsert one parsed status payload's observations and quarantined records; mark it parsed
    (one transaction)."""
    incidents, updates = staging.status_frames(result)
    quarantine = staging.quarantine_frame(result.quarantined, payload.fetched_at, payload.sha256)
    stats = runs.ParseStats(
        payload.source, result.format, result.records, len(result.quarantined),
        incidents.height + updates.height,
    )  # fmt: skip
    (stored,) = _store(con, run_id, [(payload, stats)], incidents, updates, quarantine, parsed_at)
    return stored


def load_staged(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    staged: Sequence[tuple[runs.PendingPayload, staging.StagedPayload]],
    *,
    parsed_at: datetime,
) -> list[runs.ParseStats]:
    """Upsert the staged observations and quarantined records of every payload at once (one
    statement per table, one transaction); mark each payload parsed. At most one payload per
    source (runs.pending_payloads)."""
    kept = [s for _, s in staged]
    return _store(
        con, run_id, runs.staged_stats(staged),
        staging.read_staged(kept, "status", "incidents"),
        staging.read_staged(kept, "status", "updates"),
        staging.read_staged(kept, "status", "quarantine"),
        parsed_at,
    )  # fmt: skip


def _store(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    payloads: Sequence[tuple[runs.PendingPayload, runs.ParseStats]],
    incidents: pl.DataFrame,
    updates: pl.DataFrame,
    quarantine: pl.DataFrame,
    parsed_at: datetime,
) -> list[runs.ParseStats]:
    """Write incident_observations, update_observations (a source's updates of an incident are
    replaced), quarantine, and the parse counts of source_runs and fetch_state, in one
    transaction."""
    if not payloads:
        return []
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
        return [runs.record_payload_parsed(con, run_id, p, s, parsed_at) for p, s in payloads]


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
