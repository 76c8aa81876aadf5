"""The data window: bounds from the catalog or the incidents, and the rebuild over it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb

from pipeline.indicators.window import DataWindow, rebuild_over_window, resolve_window

NOW = datetime(2026, 3, 4, 12, 30, tzinfo=UTC)


def test_window_defaults_to_today_without_incidents(schema_con: duckdb.DuckDBPyConnection) -> None:
    window = resolve_window(schema_con, now=NOW)
    assert window == DataWindow(start=date(2026, 3, 4), end=date(2026, 3, 4), as_of=NOW)
    assert window.close == NOW


def test_window_starts_at_the_first_incident_day(schema_con: duckdb.DuckDBPyConnection) -> None:
    schema_con.execute(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred,"
        " is_maintenance, started_at, resolved_at, source, sources, updates) values"
        " ('v', 'i', 't', 'minor', false, false, '2026-02-27 23:30+00', null, 's', ['s'], 1)"
    ).fetchall()
    window = resolve_window(schema_con, now=NOW)
    assert (window.start, window.end) == (date(2026, 2, 27), date(2026, 3, 4))


def test_given_bounds_win_and_end_is_never_before_start(
    schema_con: duckdb.DuckDBPyConnection,
) -> None:
    window = resolve_window(schema_con, now=NOW, start=date(2026, 3, 1), end=date(2026, 2, 1))
    assert (window.start, window.end) == (date(2026, 3, 1), date(2026, 3, 1))
    # a past window closes at the midnight after its last day, not at `now`
    assert window.close == datetime(2026, 3, 2, tzinfo=UTC)


def test_rebuild_over_window_passes_the_window_and_sorted_vendors(
    schema_con: duckdb.DuckDBPyConnection,
) -> None:
    window = DataWindow(start=date(2026, 3, 1), end=date(2026, 3, 2), as_of=NOW)
    rows = rebuild_over_window(schema_con, "news_daily", window, ["b", "a", "b"])
    days = schema_con.execute("select distinct vendor, day from news_daily order by all").fetchall()
    assert rows == len(days) == 4
    assert [v for v, _ in days] == ["a", "a", "b", "b"]


def test_days_are_utc_whatever_the_zone_of_now(schema_con: duckdb.DuckDBPyConnection) -> None:
    late = datetime(2026, 3, 4, 2, 30, tzinfo=UTC)  # still March 3 in New York
    window = resolve_window(schema_con, now=late.astimezone(ZoneInfo("America/New_York")))
    assert (window.start, window.end) == (date(2026, 3, 4), date(2026, 3, 4))
    assert window.as_of == late and window.as_of.utcoffset() == timedelta(0)
