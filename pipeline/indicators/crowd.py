"""Crowd outage signal: hourly outage reports per vendor, their lead on incidents, silent outages.

Three derived tables, rebuilt by set-based SQL (rules in the COMMENTs of sql/core/schema.sql
and in each SQL file), from the posts flagged by `pipeline.enrich.outage_reports`:

- ``outage_reports_hourly`` (build_outage_reports_hourly.sql): per vendor and UTC hour of the
  data window, ``reports`` = distinct (platform, author) posting an outage report that names the
  vendor (a post without author counts alone); ``baseline`` = median of ``reports`` at the same
  hour of the week over the previous 4 weeks (fewer weeks when the posts do not reach back that
  far; 0 when there is none); ``mad`` = median absolute deviation of those same weeks;
  ``threshold`` = baseline + max(3, 4 * 1.4826 * mad) (1.4826 * MAD estimates a standard deviation
  robustly, so this is "4 sigma, and never fewer than 3 extra people"); ``is_excess`` = reports >
  threshold; ``is_anomaly`` = excess in a run of at least 2 consecutive excess hours (one noisy
  hour is not an outage; the newest hour of the window is confirmed only by the next run).
- ``incident_lead_times`` (build_incident_lead_times.sql): per official non-maintenance
  incident starting in the window, the crowd burst credited to it, one to one. A burst is a run
  of consecutive anomalous hours of one vendor (view ``crowd_anomaly_runs``), named by
  ``burst_id`` = '<vendor>:<run start, UTC, YYYY-MM-DDTHH:00Z>'. Each burst picks the first
  non-maintenance incident of its vendor starting in [burst start - 1 h, burst start + 3 h); an
  incident picked by several bursts keeps the earliest, the others stay unmatched. So a burst
  is credited to at most one incident, and ``lead_minutes`` = run start - started_at lies in
  [-180, +60] (negative: users noticed first; NULL: no burst credited to the incident).
- ``silent_outages`` (build_silent_outages.sql): bursts that no official incident of the vendor
  (maintenance included) explains: none starts in [started_at - 6 h, ended_at + 6 h) (which holds
  the lead-time match window) and none overlaps the burst.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from pipeline.core import warehouse
from pipeline.indicators.window import DataWindow, rebuild_over_window

CROWD_TABLES: tuple[str, ...] = ("outage_reports_hourly", "incident_lead_times", "silent_outages")


def build_outage_reports_hourly(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild outage_reports_hourly for every vendor (given plus those in posts).

    Reads posts (with is_outage_report); writes outage_reports_hourly. Returns the row count.
    """
    return rebuild_over_window(con, "outage_reports_hourly", window, vendors)


def build_incident_lead_times(con: duckdb.DuckDBPyConnection, window: DataWindow) -> int:
    """Rebuild incident_lead_times for incidents starting in the window.

    Reads incidents and outage_reports_hourly; writes incident_lead_times. Returns the row count.
    """
    return rebuild_over_window(con, "incident_lead_times", window)


def build_silent_outages(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild silent_outages from outage_reports_hourly and incidents. Returns the row count."""
    return warehouse.rebuild_table(con, "silent_outages", "build_silent_outages")


@dataclass(slots=True, frozen=True)
class CrowdStats:
    """Row counts of the three crowd tables after a rebuild."""

    hourly_rows: int
    lead_time_rows: int
    silent_outages: int


def build_crowd_tables(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> CrowdStats:
    """Rebuild outage_reports_hourly, then incident_lead_times and silent_outages from it."""
    return CrowdStats(
        build_outage_reports_hourly(con, window, vendors),
        build_incident_lead_times(con, window),
        build_silent_outages(con),
    )
