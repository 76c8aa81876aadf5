"""publish.outages_page: the Outages page (figures, latest incidents, escaping, local plotly.js)."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl
import pytest
from plotly.offline import get_plotlyjs

from pipeline.core.limits import MAX_INCIDENT_MINUTES
from pipeline.publish.board_page import board_metrics
from pipeline.publish.outages_page import incident_timeline, monthly_bars, uptime_heatmap
from pipeline.publish.page import OUTAGES_PAGE
from pipeline.publish.palette import IMPACT_COLOURS
from pipeline.publish.queries import outage_window, read_frame
from pipeline.publish.site import build_page
from tests.publish import tiny_warehouse as tw
from tests.publish.tiny_warehouse import NOW, XSS


@pytest.fixture
def dashboard(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    out = tmp_path / "dashboards"
    path = build_page(
        con,
        out,
        OUTAGES_PAGE,
        generated_at=NOW,
        summary_lines=["2 sources ok", "1 failed: <b>x</b>"],
    )
    assert path == out / "outages.html"
    return out


def test_dashboard_files_and_local_plotlyjs(dashboard: Path) -> None:
    assert sorted(p.name for p in dashboard.iterdir()) == [
        "index.html",
        "outages.html",
        "plotly.min.js",
        "runs.html",  # the run summary's page
    ]
    assert (dashboard / "plotly.min.js").read_text(encoding="utf-8") == get_plotlyjs()
    page = (dashboard / "outages.html").read_text(encoding="utf-8")
    assert '<script charset="utf-8" src="plotly.min.js"></script>' in page
    assert page.count("plotly.min.js") == 1
    assert "cdn.plot.ly" not in page
    assert not re.search(r"""src=["']?(https?:)?//""", page)  # nothing loaded from the web
    assert len(page.encode()) < 60_000  # three figures, a table, no plotly.js or templates inline
    for div_id in ("uptime-heatmap", "incident-timeline", "monthly-bars"):
        assert f'id="{div_id}"' in page
    assert "Data as of 2026-03-03 12:00 UTC" in page
    assert "<li>1 failed: &lt;b&gt;x&lt;/b&gt;</li>" not in page  # it lives on runs.html
    runs = (dashboard / "runs.html").read_text(encoding="utf-8")
    assert "<li>1 failed: &lt;b&gt;x&lt;/b&gt;</li>" in runs
    index = (dashboard / "index.html").read_text(encoding="utf-8")
    assert '<a href="outages.html">Outages</a>' in index
    # The board's window chart loads the one local bundle.
    assert index.count('src="plotly.min.js"') == ("Plotly.newPlot(" in index) == 1


def test_dashboard_is_idempotent_and_refreshes_stale_plotlyjs(
    con: duckdb.DuckDBPyConnection, dashboard: Path
) -> None:
    js = dashboard / "plotly.min.js"
    page = (dashboard / "outages.html").read_bytes()
    stamp = js.stat().st_mtime_ns
    build_page(
        con,
        dashboard,
        OUTAGES_PAGE,
        generated_at=NOW,
        summary_lines=["2 sources ok", "1 failed: <b>x</b>"],
    )
    assert js.stat().st_mtime_ns == stamp  # identical bundle is not rewritten
    assert (dashboard / "outages.html").read_bytes() == page  # same inputs, same bytes
    js.write_text("/* plotly.js from an older plotly */", encoding="utf-8")
    build_page(con, dashboard, OUTAGES_PAGE, generated_at=NOW)
    assert js.read_text(encoding="utf-8") == get_plotlyjs()


def test_untrusted_text_is_escaped(dashboard: Path) -> None:
    raw = (dashboard / "outages.html").read_bytes()
    page = raw.decode("utf-8")
    assert XSS.encode() not in raw
    # Only our own script tags: PlotlyConfig, the bundle, one per figure.
    assert page.count("<script") == 5
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)
    # Table: the title shows as text and is not linked (its URL is javascript:).
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page
    assert (
        '<a href="https://status.openai.com/incidents/o1?a=1&amp;b=2" rel="noopener noreferrer">'
        "&#34;Degraded&#34; ChatGPT &amp; &#39;API&#39;</a>"
    ) in page
    assert '<a href="HTTPS://status.openai.com/incidents/o3"' in page
    # Plotly renders hover text as HTML: the decoded JSON must carry entities, not tags.
    hovers = [h for t in tw.plotly_traces(page) for h in t.get("hovertext", [])]
    xss_hover = [h for h in hovers if "alert(1)" in h]
    assert len(xss_hover) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xss_hover[0]
    assert "<script" not in xss_hover[0]


def test_timeline_runs_open_incidents_to_window_end(con: duckdb.DuckDBPyConnection) -> None:
    window_open, window_close = outage_window(con, NOW)
    assert window_open == datetime(2026, 2, 28, tzinfo=UTC)
    assert window_close == datetime(2026, 3, 3, tzinfo=UTC)  # midnight after the last day
    early = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    assert outage_window(con, early) == (window_open, early)  # capped at generated_at
    df = con.sql("select * from incidents").pl()
    fig = incident_timeline(df, window_close)
    traces = {t.name: t for t in fig.data}
    assert list(traces) == ["critical", "major", "minor", "maintenance"]
    open_bar = traces["critical"]
    assert open_bar.base[0] == "2026-03-02 22:00:00"
    assert open_bar.x[0] == 2 * 3600 * 1000  # 22:00 -> end of the window at midnight
    assert "end: open" in open_bar.hovertext[0]
    assert "2h 0m so far" in open_bar.hovertext[0]
    assert traces["major"].hovertext[0].endswith("duration: 1h 30m")
    assert traces["maintenance"].marker.color == IMPACT_COLOURS["maintenance"]


def test_figure_builders_are_pure_and_handle_empty_frames(con: duckdb.DuckDBPyConnection) -> None:
    heat = uptime_heatmap(con.sql("select * from outage_daily").pl())
    (trace,) = heat.data
    assert list(trace.y) == ["anthropic", "openai"]
    assert trace.z.shape == (2, 3)
    assert trace.z[1][2] == pytest.approx(100 - 100 * 180 * 0.3 / 1440)
    monthly = monthly_bars(
        pl.DataFrame(
            {
                "vendor": ["a", "a", "b"],
                "month": [date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 1)],
                "mttr_minutes": [90.0, None, 30.0],
                "outage_minutes": [90.0, 0.0, 30.0],
            }
        )
    )
    assert len(monthly.data) == 4  # two vendors x (MTTR, outage minutes)
    assert list(monthly.data[0].x) == ["2026-02", "2026-03"]
    empty_inc = con.sql("select * from incidents where false").pl()
    for fig in (
        uptime_heatmap(con.sql("select * from outage_daily where false").pl()),
        incident_timeline(empty_inc, NOW),
        monthly_bars(pl.DataFrame()),
    ):
        assert isinstance(fig, go.Figure)
        assert not fig.data


def test_dashboard_on_empty_warehouse(tmp_path: Path) -> None:
    con = tw.empty_warehouse(tmp_path / "empty.duckdb")
    out = build_page(con, tmp_path / "d", OUTAGES_PAGE, generated_at=NOW)
    assert "No incidents yet." in out.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="timezone-aware"):
        build_page(con, tmp_path / "d", OUTAGES_PAGE, generated_at=datetime(2026, 3, 3))  # noqa: DTZ001


def test_heatmap_leaves_uncovered_days_blank(con: duckdb.DuckDBPyConnection) -> None:
    # openai's feed covers only 03-02: its other days have no outage_daily row (no data).
    rows = con.sql("select * from outage_daily where vendor = 'anthropic' or day = '2026-03-02'")
    (trace,) = uptime_heatmap(rows.pl()).data
    assert list(trace.y) == ["anthropic", "openai"]
    openai = list(trace.z[1])
    assert openai[2] < 100
    assert all(v != v for v in openai[:2])  # NaN: a blank cell, never 0 or 100 %


def test_mttr_counts_an_overlong_incident_for_90_days_only(tmp_path: Path) -> None:
    con = tw.empty_warehouse(tmp_path / "long.duckdb")
    con.execute(
        "insert into incidents (vendor, incident_id, impact, is_impact_inferred, is_maintenance,"
        " started_at, resolved_at, duration_minutes, source, sources, updates, is_duration_clipped)"
        " values ('acme', 'l1', 'major', false, false, timestamptz '2026-03-01 00:00:00+00',"
        " timestamptz '2026-09-17 00:00:00+00', 288000, 's', ['s'], 1, true)"
    ).fetchall()
    monthly = read_frame(
        con,
        "select_monthly_outages",
        max_duration_minutes=MAX_INCIDENT_MINUTES,
        window_open=None,
        window_close=NOW,
    )
    assert monthly["mttr_minutes"].to_list() == [90 * 1440]
    board = board_metrics(con, ["acme"], date(2026, 3, 3))
    assert board["mttr_30d"].to_list() == [90 * 1440]
    assert board["uptime_30d"].to_list() == [None]  # no outage_daily rows: no data, not 100 %
