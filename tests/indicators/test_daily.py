"""outage_daily semantics on hand-built incidents: unions, weights, midnight, open incidents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.core import warehouse
from pipeline.indicators import daily as indicators
from pipeline.indicators.window import DataWindow
from pipeline.load import status

OBS_SQL = """
insert into incident_observations
    (vendor, incident_id, source, format, title, impact, impact_inferred, is_maintenance,
     started_at, resolved_at, status, components, url, observed_at, has_history)
values (?, ?, ?, 'statuspage_json', ?, ?, false, ?, ?, ?, 'resolved', [], null, ?, true)
"""


def add(con, vendor, iid, impact, start, end, *, maintenance=False, source="s-json"):
    con.execute(
        OBS_SQL,
        [vendor, iid, source, f"title {iid}", impact, maintenance, start, end, start],
    ).fetchall()


@pytest.fixture
def con(tmp_path: Path):
    with warehouse.connect(tmp_path / "w.duckdb") as c:
        yield c


def daily(con, vendor="v1"):
    status.build_incidents(con)
    window = DataWindow(
        start=date(2026, 3, 1), end=date(2026, 3, 3), as_of=datetime(2026, 3, 4, tzinfo=UTC)
    )
    indicators.build_outage_daily(con, window, ["v1", "v2"])
    rows = con.execute(
        "select day, incidents_started, outage_minutes, major_outage_minutes,"
        " weighted_down_minutes, uptime_pct, mttr_minutes, maintenance_minutes"
        " from outage_daily where vendor = ? order by day",
        [vendor],
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_empty_days_are_full_uptime_rows(con):
    rows = daily(con, "v2")
    assert list(rows) == [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)]
    assert all(r == (0, 0, 0, 0, 100.0, None, 0) for r in rows.values())


def test_overlaps_are_unioned_and_weighted_by_highest_impact(con):
    add(con, "v1", "a", "minor", "2026-03-01 10:00+00", "2026-03-01 12:00+00")
    add(con, "v1", "b", "major", "2026-03-01 11:00+00", "2026-03-01 13:00+00")
    add(con, "v1", "c", "critical", "2026-03-01 11:30+00", "2026-03-01 12:00+00")
    day = daily(con)[date(2026, 3, 1)]
    started, outage, major, weighted, uptime, mttr, _maint = day
    assert started == 3
    assert outage == 180  # 10:00-13:00
    assert major == 120  # 11:00-13:00
    assert weighted == pytest.approx(30 * 1.0 + 90 * 0.3)  # critical 30 min, major alone 90
    assert uptime == pytest.approx(round(100 * (1 - weighted / 1440), 4))
    assert mttr == pytest.approx((120 + 120 + 30) / 3)


def test_midnight_crossing_counts_on_both_days(con):
    add(con, "v1", "a", "critical", "2026-03-01 23:00+00", "2026-03-02 01:30+00")
    rows = daily(con)
    assert rows[date(2026, 3, 1)][1] == 60
    assert rows[date(2026, 3, 2)][1] == 90
    assert rows[date(2026, 3, 1)][0] == 1 and rows[date(2026, 3, 2)][0] == 0
    assert rows[date(2026, 3, 1)][5] == 150  # MTTR on the start day


def test_open_incident_runs_to_window_end_and_has_no_mttr(con):
    add(con, "v1", "a", "major", "2026-03-03 12:00+00", None)
    rows = daily(con)
    assert rows[date(2026, 3, 3)][1] == 720
    assert rows[date(2026, 3, 3)][5] is None
    assert con.execute("select resolved_at, duration_minutes from incidents").fetchall() == [
        (None, None)
    ]


def test_maintenance_is_not_outage(con):
    add(
        con,
        "v1",
        "m",
        "maintenance",
        "2026-03-02 02:00+00",
        "2026-03-02 04:00+00",
        maintenance=True,
    )
    add(con, "v1", "n", "none", "2026-03-02 05:00+00", "2026-03-02 06:00+00")
    day = daily(con)[date(2026, 3, 2)]
    assert day == (1, 0, 0, 0, 100.0, 60, 120)


def test_incident_outside_window_is_clipped(con):
    add(con, "v1", "a", "critical", "2026-02-28 12:00+00", "2026-03-01 06:00+00")
    rows = daily(con)
    assert rows[date(2026, 3, 1)][1] == 360
    assert rows[date(2026, 3, 1)][0] == 0  # started before the window


def test_same_incident_from_two_feeds_is_one_row(con):
    add(con, "v1", "a", "critical", "2026-03-01 10:00+00", "2026-03-01 11:00+00")
    con.execute(
        "insert into incident_observations values ('v1', 'a', 's-atom', 'statuspage_atom', 't',"
        " 'minor', true, false, '2026-03-01 10:00+00', '2026-03-01 11:00+00', 'resolved', [],"
        " null, '2026-03-01 11:00+00', true)"
    ).fetchall()
    day = daily(con)[date(2026, 3, 1)]
    assert day[0] == 1
    row = con.execute("select impact, impact_inferred, sources from incidents").fetchall()
    assert row == [("critical", False, ["s-atom", "s-json"])]


def test_rebuild_is_idempotent(con):
    add(con, "v1", "a", "major", "2026-03-01 10:00+00", "2026-03-01 11:00+00")
    first = daily(con)
    assert daily(con) == first
    assert con.execute("select count(*) from outage_daily").fetchall()[0][0] == 6
