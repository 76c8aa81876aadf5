"""publish.crowd_figures: crowd reports vs official incidents, lead times, silent outages."""

import re
from datetime import UTC, datetime

import duckdb
import polars as pl

from pipeline.publish.crowd_figures import (
    crowd_points,
    crowd_reports_figure,
    lead_time_table,
    silent_outages_table,
)


def test_crowd_reports_figure(users_con: duckdb.DuckDBPyConnection) -> None:
    hourly = users_con.sql("select * from outage_reports_hourly").pl()
    incidents = users_con.sql("select * from incidents").pl()
    fig = crowd_reports_figure(hourly, incidents)
    # Vendors with reports, most first; google (no reports) is left out.
    assert [a.text for a in fig.layout.annotations] == [
        "openai: 28 reports",
        "anthropic: 11 reports",
    ]
    openai_line = fig.data[0]
    assert openai_line.name == "openai"
    # openai: anomaly on 03-02, so both days (within 2 days) stay hourly.
    assert len(openai_line.x) == 48
    anomalies = [t for t in fig.data if t.name == "anomalous hour"]
    assert list(anomalies[0].x) == ["2026-03-02 01:00", "2026-03-02 02:00", "2026-03-02 03:00"]
    # Incident bands per row: openai o3 + o1 (row 1), anthropic a1 is outside, a2 (row 2).
    assert [(b.xref, b.yref, b.x0) for b in fig.layout.shapes] == [
        ("x", "y domain", "2026-03-02 02:00:00"),
        ("x", "y domain", "2026-03-02 22:00:00"),
        ("x2", "y2 domain", "2026-03-01 23:30:00"),
    ]


def test_crowd_points_downsample_quiet_days() -> None:
    hours = pl.datetime_range(
        datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 10, 23, tzinfo=UTC), "1h", eager=True
    )
    frame = pl.DataFrame({"hour": hours}).with_columns(
        vendor=pl.lit("openai"),
        reports=pl.lit(1),
        threshold=pl.lit(3.0),
        is_anomaly=pl.col("hour") == datetime(2026, 1, 5, 10, tzinfo=UTC),
    )
    points = crowd_points(frame, ["openai"])
    # 01-03..01-07 hourly (5 x 24), the other 5 days one noon point each.
    assert points.height == 5 * 24 + 5
    assert points["x"][0] == "2026-01-01 12:00"
    assert points["label"][0] == "2026-01-01 (daily max)"
    assert points["x"][2] == "2026-01-03 00:00"
    assert points["x"].to_list() == sorted(points["x"].to_list())


def test_lead_time_table_lists_crowd_signals_newest_first(
    users_con: duckdb.DuckDBPyConnection,
) -> None:
    table = lead_time_table(users_con.sql("select * from incident_lead_times").pl())
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>(.*?)</tr>", table)
    # The XSS-titled incident had no crowd signal: counted, not listed.
    assert [r[1] for r in rows] == [
        "&#34;Degraded&#34; ChatGPT &amp; &#39;API&#39;",
        "Login failures",
    ]
    assert "2 of 3 official incidents had a crowd signal; 1 had none" in table
    assert "<script" not in table and "no crowd signal" not in table
    assert '<td class="num early">-60 min</td>' in rows[1][2]
    assert '<td class="day">2026-03-02 01:00 UTC</td>' in rows[1][2]
    assert '<td class="num">0 min</td>' in rows[0][2]
    silent = silent_outages_table(users_con.sql("select * from silent_outages").pl())
    assert re.findall(r"<tr><td>(\w+)</td>", silent) == ["anthropic", "google"]  # newest first
