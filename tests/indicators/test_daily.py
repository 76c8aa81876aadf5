"""outage_daily semantics on hand-built incidents: unions, weights, midnight, open incidents,
the 90-day incident cap, and status coverage (no row for a day no feed covers)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.core import warehouse
from pipeline.core.limits import MAX_INCIDENT_MINUTES as MAX_MINUTES
from pipeline.indicators import daily as indicators
from pipeline.indicators.window import DataWindow
from pipeline.load import status

OBS_SQL = """
insert into incident_observations
    (vendor, incident_id, source, format, title, impact, is_impact_inferred, is_maintenance,
     started_at, resolved_at, status, components, url, observed_at, has_history)
values (?, ?, ?, 'statuspage_json', ?, ?, false, ?, ?, ?, 'resolved', [], null, ?, true)
"""


RUN_SQL = """
insert into source_runs by name
select ? as run_id, ? as source, 'status' as kind, ?::timestamptz as started_at,
       ? as fetch_outcome, ? as error, ? as vendor
"""


def add(con, vendor, iid, impact, start, end, *, maintenance=False, source="s-json"):
    con.execute(
        OBS_SQL,
        [vendor, iid, source, f"title {iid}", impact, maintenance, start, end, start],
    ).fetchall()


def fetched(con, source, vendor, at, *, outcome="fetched", run=None):
    """Record a run of status source `source` (its fetch outcome) in source_runs."""
    error = "HTTP 404" if outcome == "failed" else None
    run = run or f"run-{at}"
    con.execute(RUN_SQL, [run, source, at, outcome, error, vendor]).fetchall()


@pytest.fixture
def con(tmp_path: Path):
    with warehouse.connect(tmp_path / "w.duckdb") as c:
        # v1's and v2's feeds answered before and after the window: every day is covered.
        for source, vendor in (("s-json", "v1"), ("s-atom", "v1"), ("v2-json", "v2")):
            fetched(c, source, vendor, "2026-02-01 00:00+00")
            fetched(c, source, vendor, "2026-03-04 00:00+00")
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


def test_covered_days_without_incidents_are_full_uptime_rows(con):
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
    row = con.execute("select impact, is_impact_inferred, sources from incidents").fetchall()
    assert row == [("critical", False, ["s-atom", "s-json"])]


def test_rebuild_is_idempotent(con):
    add(con, "v1", "a", "major", "2026-03-01 10:00+00", "2026-03-01 11:00+00")
    first = daily(con)
    assert daily(con) == first
    assert con.execute("select count(*) from outage_daily").fetchall()[0][0] == 6


# --- status coverage: no data is not 100 % uptime (issue 11, case 12) ----------------------


def test_vendor_whose_feed_never_answered_has_no_rows(con):
    # v3 is in the catalog (passed as a vendor) but its only feed 404'd on every run.
    fetched(con, "v3-json", "v3", "2026-02-01 00:00+00", outcome="failed")
    fetched(con, "v3-json", "v3", "2026-03-04 00:00+00", outcome="failed")
    status.build_incidents(con)
    window = DataWindow(date(2026, 3, 1), date(2026, 3, 3), datetime(2026, 3, 4, tzinfo=UTC))
    indicators.build_outage_daily(con, window, ["v1", "v2", "v3"])
    assert daily(con, "v3") == {}
    assert con.execute("select count(*) from status_coverage where vendor = 'v3'").fetchall() == [
        (0,)
    ]
    assert len(daily(con, "v2")) == 3  # a feed that answered keeps its rows


def test_coverage_starts_where_the_feed_history_begins(con):
    # v4's feed was first fetched after the window; its oldest incident starts on 03-02.
    fetched(con, "v4-atom", "v4", "2026-03-04 00:00+00")
    add(con, "v4", "x", "minor", "2026-03-02 10:00+00", "2026-03-02 11:00+00", source="v4-atom")
    rows = daily(con, "v4")
    assert list(rows) == [date(2026, 3, 2), date(2026, 3, 3)]
    assert rows[date(2026, 3, 2)][1] == 60


def test_coverage_ends_with_the_last_successful_fetch(con):
    # v5 answered on 02-01 (200) and 03-02 (304), then failed: 03-03 is nobody's word.
    fetched(con, "v5-json", "v5", "2026-02-01 00:00+00")
    fetched(con, "v5-json", "v5", "2026-03-02 08:00+00", outcome="not_modified")
    fetched(con, "v5-json", "v5", "2026-03-03 08:00+00", outcome="failed")
    assert list(daily(con, "v5")) == [date(2026, 3, 1), date(2026, 3, 2)]


def test_a_payload_that_failed_to_parse_covers_nothing(con):
    # fetched with 200, but the whole payload was refused: source_runs says failed
    fetched(con, "v6-json", "v6", "2026-03-04 00:00+00", outcome="failed")
    assert daily(con, "v6") == {}


def test_runs_recorded_before_the_vendor_column_take_the_observations_vendor(con):
    fetched(con, "v7-json", None, "2026-03-04 00:00+00")
    add(con, "v7", "y", "major", "2026-03-03 01:00+00", "2026-03-03 02:00+00", source="v7-json")
    assert list(daily(con, "v7")) == [date(2026, 3, 3)]


# --- incidents longer than MAX_INCIDENT_DURATION (issue 11, case 9) ------------------------


def test_overlong_incident_is_flagged_and_clipped_to_90_days(con):
    # critical from 2025-12-02 12:00 for four months: counted only until 2026-03-02 12:00
    add(con, "v1", "long", "critical", "2025-12-02 12:00+00", "2026-04-01 00:00+00")
    add(con, "v1", "ok", "minor", "2026-03-03 01:00+00", "2026-03-03 02:00+00")
    rows = daily(con)
    assert [r[1] for r in rows.values()] == [1440, 720, 60]
    assert rows[date(2026, 3, 1)][4] == 0.0  # uptime
    assert rows[date(2026, 3, 2)][4] == 50.0
    flags = dict(con.execute("select incident_id, is_duration_clipped from incidents").fetchall())
    assert flags == {"long": True, "ok": False}
    kept = con.execute("select duration_minutes from incidents where incident_id = 'long'")
    assert kept.fetchall()[0][0] > MAX_MINUTES  # the published duration is kept


def test_overlong_incident_counts_90_days_in_mttr(con):
    add(con, "v1", "long", "major", "2026-03-03 00:00+00", "2026-09-01 00:00+00")
    rows = daily(con)
    assert rows[date(2026, 3, 3)][5] == MAX_MINUTES
    scorecard = con.execute(
        "select mttr_minutes, uptime_days from vendor_scorecard_monthly where vendor = 'v1'"
    ).fetchall()
    assert scorecard == [(MAX_MINUTES, 3)]


def test_open_incident_is_clipped_too(con):
    add(con, "v1", "open", "critical", "2025-12-01 00:00+00", None)
    rows = daily(con)
    assert [r[1] for r in rows.values()] == [0, 0, 0]  # 90 days ended on 2026-03-01 00:00
    assert con.execute("select is_duration_clipped from incidents").fetchall() == [(False,)]
