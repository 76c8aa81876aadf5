"""Crowd outage signal: hourly baseline/anomalies, lead times and silent outages from posts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.core import warehouse
from pipeline.enrich.outage_reports import flag_outage_reports
from pipeline.indicators import crowd
from pipeline.indicators.window import DataWindow

REPORT = "is Claude down?"
DAY = date(2024, 3, 4)  # a Monday

POSTS_DDL = """
create table posts (
    post_id varchar primary key, platform varchar, created_at timestamptz not null,
    author varchar, text varchar not null, vendors varchar[] not null,
    is_outage_report boolean not null
)
"""


def _open(path: Path, *, utc_session: bool = True) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    if utc_session:
        con.execute("SET TimeZone = 'UTC'").fetchall()
    warehouse.apply_schema(con)
    # Only the posts columns the crowd SQL reads, whatever schema.sql declares for posts.
    con.execute("drop table if exists posts").fetchall()
    con.execute(POSTS_DDL).fetchall()
    return con


def test_crowd_tables_are_rebuildable(con: duckdb.DuckDBPyConnection) -> None:
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert set(crowd.CROWD_TABLES) <= tables


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = _open(tmp_path / "crowd.duckdb")
    yield connection
    connection.close()


_seq = iter(range(10**9))


def post(
    at: datetime,
    author: str | None,
    vendors: list[str],
    text: str = REPORT,
    platform: str = "reddit",
) -> dict:
    return {
        "post_id": f"{platform}:{next(_seq)}",
        "platform": platform,
        "created_at": at,
        "author": author,
        "text": text,
        "vendors": vendors,
    }


def burst(start: datetime, hours: int, per_hour: int, vendor: str = "anthropic") -> list[dict]:
    return [
        post(start + timedelta(hours=h, minutes=5 + i), f"user{h}_{i}", [vendor])
        for h in range(hours)
        for i in range(per_hour)
    ]


def load_posts(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    frame = flag_outage_reports(
        pl.DataFrame(
            rows,
            schema={
                "post_id": pl.String(),
                "platform": pl.String(),
                "created_at": pl.Datetime("us", "UTC"),
                "author": pl.String(),
                "text": pl.String(),
                "vendors": pl.List(pl.String()),
            },
            orient="row",
        )
    )
    con.register("staged_posts", frame)
    con.execute("insert into posts by name select * from staged_posts").fetchall()
    con.unregister("staged_posts")


def load_incident(
    con: duckdb.DuckDBPyConnection,
    incident_id: str,
    started_at: datetime,
    resolved_at: datetime | None,
    *,
    vendor: str = "anthropic",
    impact: str = "major",
) -> None:
    con.execute(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred, "
        "is_maintenance, started_at, resolved_at, source, sources, updates) "
        "values (?, ?, ?, ?, false, ?, ?, ?, 'test', ['test'], 1)",
        [
            vendor,
            incident_id,
            f"incident {incident_id}",
            impact,
            impact == "maintenance",
            started_at,
            resolved_at,
        ],
    ).fetchall()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def window(start: date, end: date) -> DataWindow:
    return DataWindow(start=start, end=end, as_of=at(end, 23, 59))


def hourly(con: duckdb.DuckDBPyConnection, vendor: str = "anthropic") -> pl.DataFrame:
    return con.sql(
        "select * from outage_reports_hourly where vendor = ? order by hour", params=[vendor]
    ).pl()


def by_hour(frame: pl.DataFrame, when: datetime) -> dict:
    return frame.filter(pl.col("hour") == when).to_dicts()[0]


def test_hourly_counts_each_reporter_once_per_vendor_and_hour(
    con: duckdb.DuckDBPyConnection,
) -> None:
    h = at(DAY, 9)
    load_posts(
        con,
        [
            post(h.replace(minute=1), "alice", ["anthropic"]),
            post(h.replace(minute=20), "alice", ["anthropic", "anthropic"]),
            post(h.replace(minute=40), "alice", ["anthropic", "openai"]),
            post(h.replace(minute=41), "alice", ["anthropic"], platform="bluesky"),
            post(h.replace(minute=50), "bob", ["anthropic"]),
            post(h.replace(minute=51), None, ["anthropic"]),
            post(h.replace(minute=52), None, ["anthropic"]),
            post(h.replace(minute=53), "carol", ["anthropic"], text="I love Claude"),
            post(h + timedelta(hours=1), "alice", ["anthropic"]),
        ],
    )
    rows = crowd.build_outage_reports_hourly(con, window(DAY, DAY + timedelta(days=1)), ["meta"])
    assert rows == 3 * 48  # anthropic, openai (from posts) and meta (given), zeros included
    frame = hourly(con)
    # alice@reddit, alice@bluesky, bob and two anonymous posts; carol's post is no report
    assert by_hour(frame, h)["reports"] == 5
    assert by_hour(frame, h + timedelta(hours=1))["reports"] == 1
    assert by_hour(hourly(con, "openai"), h)["reports"] == 1
    assert hourly(con, "meta")["reports"].sum() == 0
    assert frame["hour"].min() == at(DAY, 0)
    assert frame["hour"].max() == at(DAY + timedelta(days=1), 23)


def test_baseline_is_robust_to_one_outlier_week(con: duckdb.DuckDBPyConnection) -> None:
    weeks = [2, 2, 30, 2]  # reporters at Monday 09:00 of weeks 0..3; week 2 had an outage
    rows = [
        post(at(DAY + timedelta(weeks=w), 9, 10), f"u{w}_{i}", ["anthropic"])
        for w, n in enumerate(weeks)
        for i in range(n)
    ]
    rows += [post(at(DAY + timedelta(weeks=4), 9, 10), f"now{i}", ["anthropic"]) for i in range(4)]
    load_posts(con, rows)
    crowd.build_outage_reports_hourly(con, window(DAY, DAY + timedelta(weeks=4)), [])
    frame = hourly(con)
    first = by_hour(frame, at(DAY, 9))
    assert (first["baseline"], first["mad"], first["threshold"]) == (0.0, 0.0, 3.0)
    second = by_hour(frame, at(DAY + timedelta(weeks=1), 9))
    assert (second["baseline"], second["mad"]) == (2.0, 0.0)  # only one earlier week observed
    outlier = by_hour(frame, at(DAY + timedelta(weeks=2), 9))
    assert outlier["is_excess"] and not outlier["is_anomaly"]  # one hour alone
    fifth = by_hour(frame, at(DAY + timedelta(weeks=4), 9))
    # median(2, 2, 30, 2) = 2 and MAD 0 (a mean would be 9): 4 reports stay under 2 + 3
    assert (fifth["baseline"], fifth["mad"], fifth["threshold"]) == (2.0, 0.0, 5.0)
    assert fifth["reports"] == 4 and not fifth["is_excess"]
    # other hours of the week never had reports
    assert by_hour(frame, at(DAY + timedelta(weeks=4), 10))["baseline"] == 0.0


def test_burst_before_incident_gives_negative_lead(con: duckdb.DuckDBPyConnection) -> None:
    load_posts(con, [post(at(DAY, 0, 1), "early", ["anthropic"], text="hello")])
    load_posts(con, burst(at(DAY, 10), hours=4, per_hour=10))
    load_incident(con, "inc-1", at(DAY, 12), at(DAY, 15))
    load_incident(con, "inc-quiet", at(DAY, 20), at(DAY, 21), impact="minor")
    load_incident(con, "maint", at(DAY, 11), at(DAY, 12), impact="maintenance")
    load_incident(con, "old", at(DAY - timedelta(days=3), 12), None)
    stats = crowd.build_crowd_tables(con, window(DAY, DAY), ["openai"])
    assert stats == crowd.CrowdStats(hourly_rows=48, lead_time_rows=2, silent_outages=0)
    frame = hourly(con)
    anomalous = frame.filter("is_anomaly")["hour"].to_list()
    assert anomalous == [at(DAY, h) for h in (10, 11, 12, 13)]
    leads = con.sql("select * from incident_lead_times order by incident_id").pl().to_dicts()
    assert [r["incident_id"] for r in leads] == ["inc-1", "inc-quiet"]
    assert leads[0]["first_anomaly_at"] == at(DAY, 10)
    assert leads[0]["lead_minutes"] == -120
    assert leads[0]["peak_reports"] == 10
    assert leads[0]["anomaly_hours"] == 4
    assert leads[0]["anomaly_ended_at"] == at(DAY, 14)
    assert leads[1]["impact"] == "minor"
    assert leads[1]["lead_minutes"] is None and leads[1]["first_anomaly_at"] is None


def lead_rows(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float | None, str | None]]:
    """incident_id -> (lead_minutes, burst_id)."""
    rows = con.sql("select incident_id, lead_minutes, burst_id from incident_lead_times").fetchall()
    return {incident: (lead, burst_id) for incident, lead, burst_id in rows}


def test_one_burst_is_credited_to_the_first_incident_only(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load_posts(con, burst(at(DAY, 10), hours=3, per_hour=8))
    load_incident(con, "first", at(DAY, 10, 30), at(DAY, 11))
    load_incident(con, "second", at(DAY, 12), at(DAY, 14), impact="critical")
    crowd.build_crowd_tables(con, window(DAY, DAY), [])
    assert lead_rows(con) == {
        "first": (-30.0, "anthropic:2024-03-04T10:00Z"),
        "second": (None, None),
    }


def test_maintenance_does_not_take_a_burst(con: duckdb.DuckDBPyConnection) -> None:
    load_posts(con, burst(at(DAY, 10), hours=2, per_hour=8))
    load_incident(con, "maint", at(DAY, 10, 15), at(DAY, 11), impact="maintenance")
    load_incident(con, "real", at(DAY, 11, 45), at(DAY, 12))
    crowd.build_crowd_tables(con, window(DAY, DAY), [])
    assert lead_rows(con) == {"real": (-105.0, "anthropic:2024-03-04T10:00Z")}


def test_incidents_outside_the_match_window_get_no_lead(con: duckdb.DuckDBPyConnection) -> None:
    load_posts(con, burst(at(DAY, 10), hours=2, per_hour=8))
    load_incident(con, "before", at(DAY, 8, 50), at(DAY, 12))  # 70 min before the burst
    load_incident(con, "after", at(DAY, 13), at(DAY, 14))  # 3 h after the burst started
    load_posts(con, burst(at(DAY, 18), hours=2, per_hour=8))
    load_incident(con, "lagging", at(DAY, 17, 20), at(DAY, 19))  # the crowd 40 min behind
    crowd.build_crowd_tables(con, window(DAY, DAY), [])
    assert lead_rows(con) == {
        "before": (None, None),
        "after": (None, None),
        "lagging": (40.0, "anthropic:2024-03-04T18:00Z"),
    }
    # The first burst is near "before" and "after": unmatched, but not silent.
    assert con.sql("select count(*) from silent_outages").fetchall() == [(0,)]


def test_two_bursts_before_one_incident_give_one_match(con: duckdb.DuckDBPyConnection) -> None:
    load_posts(con, burst(at(DAY, 8), hours=2, per_hour=8))
    load_posts(con, burst(at(DAY, 11), hours=2, per_hour=8))
    load_incident(con, "shared", at(DAY, 10, 40), at(DAY, 12))
    # In the second burst's window too, but that burst already chose "shared": it stays unmatched.
    load_incident(con, "next", at(DAY, 13, 30), at(DAY, 14))
    crowd.build_crowd_tables(con, window(DAY, DAY), [])
    runs = con.sql("select burst_id from crowd_anomaly_runs order by started_at").fetchall()
    assert runs == [("anthropic:2024-03-04T08:00Z",), ("anthropic:2024-03-04T11:00Z",)]
    assert lead_rows(con) == {
        "shared": (-160.0, "anthropic:2024-03-04T08:00Z"),
        "next": (None, None),
    }
    assert warehouse.run_sql(con, "check_incident_lead_times_valid") == [(0,)]


def test_bursts_of_a_busy_day_match_one_to_one(con: duckdb.DuckDBPyConnection) -> None:
    # Three bursts and five incidents: each burst gets its own first incident, none is shared.
    for hour in (2, 9, 16):
        load_posts(con, burst(at(DAY, hour), hours=3, per_hour=6))
    for incident, (hour, minute) in {
        "a": (3, 0), "b": (4, 30), "c": (10, 10), "d": (17, 50), "e": (18, 30),
    }.items():  # fmt: skip
        load_incident(con, incident, at(DAY, hour, minute), at(DAY, hour + 1, minute))
    crowd.build_crowd_tables(con, window(DAY, DAY), [])
    leads = lead_rows(con)
    assert {k: v[0] for k, v in leads.items()} == {
        "a": -60.0, "b": None, "c": -70.0, "d": -110.0, "e": None,
    }  # fmt: skip
    credited = [b for _, b in leads.values() if b is not None]
    assert len(credited) == len(set(credited)) == 3


def test_single_noisy_hour_is_not_an_anomaly(con: duckdb.DuckDBPyConnection) -> None:
    load_posts(con, burst(at(DAY, 15), hours=1, per_hour=12))
    crowd.build_crowd_tables(con, window(DAY, DAY), [])
    noisy = by_hour(hourly(con), at(DAY, 15))
    assert noisy["reports"] == 12 and noisy["is_excess"] and not noisy["is_anomaly"]
    assert hourly(con).filter("is_anomaly").height == 0
    assert con.sql("select count(*) from silent_outages").fetchall() == [(0,)]


def test_burst_without_incident_is_a_silent_outage(con: duckdb.DuckDBPyConnection) -> None:
    load_posts(con, burst(at(DAY, 3), hours=3, per_hour=8))
    load_posts(con, burst(at(DAY, 18), hours=2, per_hour=8))  # explained by an incident below
    load_incident(con, "late", at(DAY, 21, 30), at(DAY, 22))  # starts 1.5 h after that run
    load_incident(con, "other-vendor", at(DAY, 3), at(DAY, 6), vendor="openai")
    crowd.build_crowd_tables(con, window(DAY, DAY), [])
    silent = con.sql("select * from silent_outages").pl().to_dicts()
    assert silent == [
        {
            "vendor": "anthropic",
            "started_at": at(DAY, 3),
            "ended_at": at(DAY, 6),
            "hours": 3,
            "peak_reports": 8,
            "total_reports": 24,
            "run_start": at(DAY, 3),  # deprecated aliases (schema version 4)
            "run_end": at(DAY, 6),
        }
    ]


def test_rebuild_is_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    load_posts(con, burst(at(DAY, 3), hours=3, per_hour=8))
    first = crowd.build_crowd_tables(con, window(DAY, DAY), [])
    before = hourly(con)
    assert crowd.build_crowd_tables(con, window(DAY, DAY), []) == first
    assert hourly(con).equals(before)


@pytest.mark.parametrize("utc_session", [True, False])
def test_hours_are_utc_under_new_york_tz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, utc_session: bool
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        con = _open(tmp_path / "ny.duckdb", utc_session=utc_session)
        try:
            # 2024-03-10 is a DST change in New York; 23:30 UTC is 19:30 local.
            sunday = date(2024, 3, 10)
            load_posts(con, burst(at(sunday, 22), hours=2, per_hour=6))
            rows = crowd.build_outage_reports_hourly(con, window(sunday, sunday), [])
            assert rows == 24
            anomalous = hourly(con).filter("is_anomaly")
            assert anomalous["hour"].dt.convert_time_zone("UTC").to_list() == [
                at(sunday, 22),
                at(sunday, 23),
            ]
            assert anomalous["reports"].to_list() == [6, 6]
        finally:
            con.close()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
