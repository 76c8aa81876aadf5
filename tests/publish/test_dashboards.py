"""publish.dashboards: offline dashboards (escaping, local plotly.js) and exports."""

import csv
import json
import math
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import plotly.graph_objects as go
import polars as pl
import pytest
from plotly.offline import get_plotlyjs
from polars.testing import assert_frame_equal

from pipeline.core.errors import CatalogError, RadarError
from pipeline.publish import dashboards as publish

SCHEMA = Path(__file__).parents[2] / "sql" / "core" / "schema.sql"
NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
XSS = "<script>alert(1)</script>"

INCIDENTS = [
    # vendor, id, title, impact, maint, started, resolved, minutes, components, url, sources
    (
        "anthropic", "a1", "Elevated errors on Claude API", "major", False,
        "2026-02-28 10:00:00+00", "2026-02-28 11:30:00+00", 90.0,
        ["api", "console"], "https://status.claude.com/incidents/a1", ["a-atom", "a-json"],
    ),
    (
        "anthropic", "a2", XSS, "minor", False,
        "2026-03-01 23:30:00+00", "2026-03-02 00:10:00+00", 40.0,
        ["api"], "javascript:alert(1)", ["a-atom"],
    ),
    (
        "openai", "o1", "\"Degraded\" ChatGPT & 'API'", "critical", False,
        "2026-03-02 22:00:00+00", None, None,
        None, "https://status.openai.com/incidents/o1?a=1&b=2", ["o-json"],
    ),
    (
        "openai", "o2", "Scheduled database maintenance", "maintenance", True,
        "2026-03-01 02:00:00+00", "2026-03-01 04:00:00+00", 120.0,
        [], "https://status.openai.com/incidents/o2", ["o-json"],
    ),
    (
        # 02:00 UTC is still 2026-03-01 in New York: the day filter must use UTC.
        "openai", "o3", "Login failures", "major", False,
        "2026-03-02 02:00:00+00", "2026-03-02 03:00:00+00", 60.0,
        ["login"], "HTTPS://status.openai.com/incidents/o3", ["o-json"],
    ),
]  # fmt: skip
DAYS = [date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]


XSS_IMG = "<img src=x onerror=alert(1)>"
N = "https://news.example/"
ARTICLES = [
    # article_id, url, published_at, title, vendors, topics, tone, sources, copies
    ("n1", N + "openai-outage?utm=1&x=2", "2026-03-02 09:00:00+00",
     "OpenAI outage takes down ChatGPT", ["openai"], ["outage"], -0.6,
     ["wire", "blog", "tech"], 3),
    ("n2", "javascript:alert(1)", "2026-03-02 10:00:00+00",
     XSS_IMG, ["anthropic", "openai"], ["security", "outage"], -0.2, ["wire", "blog"], 2),
    ("n3", N + "anthropic-funding", "2026-03-02 11:00:00+00",
     "Anthropic raises new funding", ["anthropic"], ["funding"], 0.7, ["tech"], 1),
    ("n4", N + "pricing", "2026-03-02 12:00:00+00",
     "OpenAI changes API pricing", ["openai"], ["pricing"], 0.1, ["wire", "blog"], 1),
    ("n5", N + "migrate", "2026-03-01 08:00:00+00",
     "Startups migrate from OpenAI to Claude", ["anthropic", "openai"], ["migration"], 0.3,
     ["wire", "tech"], 2),
    ("n9", N + "praise", "2026-03-01 09:00:00+00",
     "Claude praised by developers", ["anthropic"], [], 0.5, ["blog"], 1),
    ("n10", N + "limits", "2026-03-01 10:00:00+00",
     "Developers grumble about OpenAI limits", ["openai"], ["pricing"], -0.8, ["tech"], 1),
    ("n6", N + "gemini", "2026-02-23 05:00:00+00",
     "Gemini model release", ["google"], ["model_release", "pricing"], 0.0, ["blog"], 1),
    # Older than the top-stories window; no topics.
    ("n7", N + "old", "2026-01-10 10:00:00+00",
     "Ancient story", ["openai"], [], -0.9, ["wire"], 5),
    # No publication time: exported, but on no chart or table.
    ("n8", N + "undated", None, "Undated story", ["anthropic"], ["outage"], 0.0, ["blog"], 1),
]  # fmt: skip
NEWS_DAILY = [
    # vendor, day, articles, tone_mean, outage, migration, lead, sources
    ("anthropic", DAYS[0], 0, None, 0, 0, 0, 0),
    ("anthropic", DAYS[1], 2, 0.4, 0, 1, 1, 3),
    ("anthropic", DAYS[2], 2, 0.25, 1, 0, 1, 3),
    ("openai", DAYS[0], 0, None, 0, 0, 0, 0),
    ("openai", DAYS[1], 2, -0.25, 0, 1, 1, 3),
    ("openai", DAYS[2], 3, -0.2, 2, 0, 2, 3),
]


def _outage_rows() -> list[tuple[Any, ...]]:
    rows = []
    for vendor in ("anthropic", "openai"):
        for day in DAYS:
            down = {("anthropic", DAYS[0]): 90.0, ("openai", DAYS[2]): 180.0}.get((vendor, day), 0)
            uptime = 100.0 - 100.0 * down * 0.3 / 1440
            mttr = 90.0 if (vendor, day) == ("anthropic", DAYS[0]) else None
            rows.append((vendor, day, 1 if down else 0, down, down, down * 0.3, uptime, mttr, 0.0))
    return rows


def _connect(db: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db))
    con.execute("SET TimeZone = 'UTC'").fetchall()
    return con


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A tiny warehouse: schema.sql plus a few incidents and outage_daily rows."""
    con = _connect(tmp_path / "warehouse.duckdb")
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    con.executemany(
        "insert into incidents (vendor, incident_id, title, impact, impact_inferred,"
        " is_maintenance, started_at, resolved_at, duration_minutes, components, url, source,"
        " sources, status, updates) values (?, ?, ?, ?, false, ?, ?, ?, ?, ?, ?, ?[1], ?,"
        " 'resolved', 2)",
        [(*row, row[-1]) for row in INCIDENTS],
    )
    con.executemany("insert into outage_daily values (?, ?, ?, ?, ?, ?, ?, ?, ?)", _outage_rows())
    yield con
    con.close()


@pytest.fixture
def news_con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The tiny warehouse plus a few news stories and news_daily rows."""
    con.executemany(
        "insert into articles (article_id, source, url, canonical_url, published_at, title,"
        " summary, text_source, language, vendors, topics, tone, sources, urls, copies)"
        " values (?, ?[1], ?, ?, ?, ?, null, 'page', 'en', ?, ?, ?, ?, [?], ?)",
        [
            (aid, sources, url, url.lower(), at, title, vendors, topics, tone, sources, url, n)
            for aid, url, at, title, vendors, topics, tone, sources, n in ARTICLES
        ],
    )
    con.executemany("insert into news_daily values (?, ?, ?, ?, ?, ?, ?, ?)", NEWS_DAILY)
    return con


# ------------------------------------------------------------------------------ dashboards


@pytest.fixture
def dashboard(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    out = tmp_path / "dashboards"
    path = publish.build_outage_dashboard(
        con, out, generated_at=NOW, summary_lines=["2 sources ok", "1 failed: <b>x</b>"]
    )
    assert path == out / "outages.html"
    return out


def test_dashboard_files_and_local_plotlyjs(dashboard: Path) -> None:
    assert sorted(p.name for p in dashboard.iterdir()) == [
        "index.html",
        "outages.html",
        "plotly.min.js",
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
    assert "<li>1 failed: &lt;b&gt;x&lt;/b&gt;</li>" in page
    index = (dashboard / "index.html").read_text(encoding="utf-8")
    assert '<a href="outages.html">Outages</a>' in index
    assert "plotly.min.js" not in index


def test_dashboard_is_idempotent_and_refreshes_stale_plotlyjs(
    con: duckdb.DuckDBPyConnection, dashboard: Path
) -> None:
    js = dashboard / "plotly.min.js"
    page = (dashboard / "outages.html").read_bytes()
    stamp = js.stat().st_mtime_ns
    publish.build_outage_dashboard(
        con, dashboard, generated_at=NOW, summary_lines=["2 sources ok", "1 failed: <b>x</b>"]
    )
    assert js.stat().st_mtime_ns == stamp  # identical bundle is not rewritten
    assert (dashboard / "outages.html").read_bytes() == page  # same inputs, same bytes
    js.write_text("/* plotly.js from an older plotly */", encoding="utf-8")
    publish.build_outage_dashboard(con, dashboard, generated_at=NOW)
    assert js.read_text(encoding="utf-8") == get_plotlyjs()


def _plotly_traces(page: str) -> list[dict[str, Any]]:
    """The trace JSON arrays passed to Plotly.newPlot, decoded."""
    decoder = json.JSONDecoder()
    traces = []
    for match in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", page):
        data, _ = decoder.raw_decode(page, match.end())
        traces.extend(data)
    return traces


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
    hovers = [h for t in _plotly_traces(page) for h in t.get("hovertext", [])]
    xss_hover = [h for h in hovers if "alert(1)" in h]
    assert len(xss_hover) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xss_hover[0]
    assert "<script" not in xss_hover[0]


def test_escape_expr_matches_escape_text() -> None:
    text = "a & b < c > d \"e\" 'f' &amp;"
    expr = pl.select(publish._escape_expr(pl.lit(text))).item()
    assert (
        expr
        == publish.escape_text(text)
        == ("a &amp; b &lt; c &gt; d &#34;e&#34; &#39;f&#39; &amp;amp;")
    )


def test_timeline_runs_open_incidents_to_window_end(con: duckdb.DuckDBPyConnection) -> None:
    window_open, window_close = publish.data_window(con, NOW)
    assert window_open == datetime(2026, 2, 28, tzinfo=UTC)
    assert window_close == datetime(2026, 3, 3, tzinfo=UTC)  # midnight after the last day
    early = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    assert publish.data_window(con, early) == (window_open, early)  # capped at generated_at
    df = con.sql("select * from incidents").pl()
    fig = publish.incident_timeline(df, window_close)
    traces = {t.name: t for t in fig.data}
    assert list(traces) == ["critical", "major", "minor", "maintenance"]
    open_bar = traces["critical"]
    assert open_bar.base[0] == "2026-03-02 22:00:00"
    assert open_bar.x[0] == 2 * 3600 * 1000  # 22:00 -> end of the window at midnight
    assert "end: open" in open_bar.hovertext[0]
    assert "2h 0m so far" in open_bar.hovertext[0]
    assert traces["major"].hovertext[0].endswith("duration: 1h 30m")
    assert traces["maintenance"].marker.color == publish.IMPACT_COLOURS["maintenance"]


def test_figure_builders_are_pure_and_handle_empty_frames(con: duckdb.DuckDBPyConnection) -> None:
    heat = publish.uptime_heatmap(con.sql("select * from outage_daily").pl())
    (trace,) = heat.data
    assert list(trace.y) == ["anthropic", "openai"]
    assert trace.z.shape == (2, 3)
    assert trace.z[1][2] == pytest.approx(100 - 100 * 180 * 0.3 / 1440)
    monthly = publish.monthly_bars(
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
        publish.uptime_heatmap(con.sql("select * from outage_daily where false").pl()),
        publish.incident_timeline(empty_inc, NOW),
        publish.monthly_bars(pl.DataFrame()),
    ):
        assert isinstance(fig, go.Figure)
        assert not fig.data


def test_dashboard_on_empty_warehouse(tmp_path: Path) -> None:
    con = _connect(tmp_path / "empty.duckdb")
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    out = publish.build_outage_dashboard(con, tmp_path / "d", generated_at=NOW)
    assert "No incidents yet." in out.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="timezone-aware"):
        publish.build_outage_dashboard(con, tmp_path / "d", generated_at=datetime(2026, 3, 3))  # noqa: DTZ001


# ------------------------------------------------------------------------------ news page


@pytest.fixture
def all_dashboards(news_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    out = tmp_path / "all"
    paths = publish.build_dashboards(
        news_con, out, generated_at=NOW, summary_lines=["2 sources ok", "1 failed: <b>x</b>"]
    )
    # PAGES in order (other pages may join), the vendor pages, the crisis board last.
    assert paths[:3] == [out / "outages.html", out / "news.html", out / "users.html"]
    assert paths == [
        *(out / p.filename for p in publish.PAGES),
        out / "vendor-anthropic.html",
        out / "vendor-openai.html",
        out / "index.html",
    ]
    return out


def test_build_dashboards_writes_every_page_and_index(all_dashboards: Path) -> None:
    assert sorted(p.name for p in all_dashboards.iterdir()) == sorted(
        [
            "index.html",
            "plotly.min.js",
            *(p.filename for p in publish.PAGES),
            "vendor-anthropic.html",
            "vendor-openai.html",
        ]
    )
    index = (all_dashboards / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="outages.html">Outages</a>' in index
    assert '<li><a href="news.html">News</a>' in index
    page = (all_dashboards / "news.html").read_text(encoding="utf-8")
    # Same chrome as the Outages page: header, stamp, nav, summary; one local plotly bundle.
    assert '<h1><a href="index.html">Reliability Radar</a> · News</h1>' in page
    assert "Data as of 2026-03-03 12:00 UTC" in page
    assert "<li>1 failed: &lt;b&gt;x&lt;/b&gt;</li>" in page
    assert (
        '<nav><a href="index.html">Crisis board</a> <a href="outages.html">Outages</a> '
        '<a href="news.html" aria-current="page">News</a> '
        '<a href="users.html">Users</a> '
    ) in page
    assert (
        "<details><summary>Vendors (2)</summary> "
        '<a href="vendor-anthropic.html">anthropic</a> '
        '<a href="vendor-openai.html">openai</a></details></nav>'
    ) in page
    outages = (all_dashboards / "outages.html").read_text(encoding="utf-8")
    assert '<a href="outages.html" aria-current="page">Outages</a>' in outages
    assert '<script charset="utf-8" src="plotly.min.js"></script>' in page
    assert page.count("plotly.min.js") == 1
    assert "cdn.plot.ly" not in page
    assert not re.search(r"""src=["']?(https?:)?//""", page)
    assert len(page.encode()) < 60_000
    for div_id in ("news-volume", "topic-mix"):
        assert f'id="{div_id}"' in page
    assert "No news yet" not in page


def test_news_page_escapes_untrusted_text(all_dashboards: Path) -> None:
    raw = (all_dashboards / "news.html").read_bytes()
    page = raw.decode("utf-8")
    assert XSS_IMG.encode() not in raw
    assert b"<img" not in raw
    assert page.count("<script") == 4  # PlotlyConfig, the bundle, one per figure
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)
    # The javascript: story shows as text, not as a link.
    assert "<td>&lt;img src=x onerror=alert(1)&gt;</td>" in page
    assert (
        '<a href="https://news.example/openai-outage?utm=1&amp;x=2" rel="noopener noreferrer">'
        "OpenAI outage takes down ChatGPT</a>"
    ) in page
    for trace in _plotly_traces(page):
        for text in trace.get("hovertext", []):
            assert "<script" not in text
            assert "<img" not in text


def test_news_page_is_idempotent(news_con: duckdb.DuckDBPyConnection, all_dashboards: Path) -> None:
    page = (all_dashboards / "news.html").read_bytes()
    path = publish.build_news_dashboard(
        news_con,
        all_dashboards,
        generated_at=NOW,
        summary_lines=["2 sources ok", "1 failed: <b>x</b>"],
    )
    assert path.read_bytes() == page


def _news_frames(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    return (
        con.sql("select * from news_daily order by vendor, day").pl(),
        con.sql("select * from incidents order by vendor, started_at").pl(),
    )


def test_news_volume_figure_with_incident_bands(news_con: duckdb.DuckDBPyConnection) -> None:
    daily, incidents = _news_frames(news_con)
    fig = publish.news_volume_figure(daily, incidents)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert [(t.name, t.yaxis) for t in lines] == [("anthropic", "y"), ("openai", "y")]
    assert list(lines[1].x) == ["2026-02-28 12:00", "2026-03-01 12:00", "2026-03-02 12:00"]
    assert list(lines[1].y) == [0, 2, 3]
    tone = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.yaxis for t in tone] == ["y2", "y2"]
    assert math.isnan(tone[0].y[0])  # no stories, no tone: a gap, not 0
    assert tone[1].y[2] == pytest.approx(-0.2)
    # Markers: the major/critical non-maintenance incidents, on the vendor's volume line.
    markers = {t.name: t for t in fig.data if t.mode == "markers"}
    assert list(markers) == ["anthropic incidents", "openai incidents"]
    assert list(markers["anthropic incidents"].x) == ["2026-02-28 10:00:00"]
    assert list(markers["anthropic incidents"].y) == [0]
    assert list(markers["openai incidents"].x) == ["2026-03-02 02:00:00", "2026-03-02 22:00:00"]
    assert list(markers["openai incidents"].y) == [3, 3]
    assert "end: open" in markers["openai incidents"].hovertext[1]
    # Bands: at least 6 h wide (a1 lasted 90 min), open ones clipped to the window end.
    bands = [(b.x0, b.x1, b.fillcolor) for b in fig.layout.shapes]
    assert bands == [
        ("2026-02-28 10:00:00", "2026-02-28 16:00:00", publish.IMPACT_COLOURS["major"]),
        ("2026-03-02 02:00:00", "2026-03-02 08:00:00", publish.IMPACT_COLOURS["major"]),
        ("2026-03-02 22:00:00", "2026-03-03 00:00:00", publish.IMPACT_COLOURS["critical"]),
    ]
    assert list(fig.layout.xaxis.range) == ["2026-02-28", "2026-03-03"]
    # Incident titles are escaped in hover text (a2 promoted to major to get a marker).
    hostile = incidents.with_columns(impact=pl.lit("major"))
    hover = [
        h
        for t in publish.news_volume_figure(daily, hostile).data
        if t.mode == "markers"
        for h in t.hovertext
    ]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in h for h in hover)
    assert not any("<script" in h for h in hover)


def test_topic_mix_counts(news_con: duckdb.DuckDBPyConnection) -> None:
    articles = news_con.sql("select * from articles").pl()
    weekly = publish.topic_weekly(articles)
    assert weekly.height == 12  # 2 weeks x 6 topics, zeros included
    assert weekly.filter(pl.col("stories") > 0).height == 7
    fig = publish.topic_mix_figure(articles)
    got = {t.name: (list(t.x), list(t.y)) for t in fig.data}
    weeks = ["2026-02-23", "2026-03-02"]  # Mondays (UTC); n7 has no topic, n8 no date
    assert got == {
        "outage": (weeks, [0, 2]),
        "migration": (weeks, [1, 0]),
        "pricing": (weeks, [2, 1]),
        "model_release": (weeks, [1, 0]),
        "funding": (weeks, [0, 1]),
        "security": (weeks, [0, 1]),
    }
    assert list(got) == ["outage", "migration", "pricing", "model_release", "funding", "security"]
    assert fig.layout.barmode == "stack"


def test_top_stories_order(news_con: duckdb.DuckDBPyConnection) -> None:
    articles = news_con.sql("select * from articles").pl()
    top = publish.top_stories(articles)
    # Per day (newest first): copies, then number of sources, then |tone|; at most 3 per day;
    # n7 is older than 40 days before the newest story, n8 has no date.
    assert top["article_id"].to_list() == ["n1", "n2", "n4", "n5", "n10", "n9", "n6"]
    table = publish.top_stories_table(articles)
    rows = re.findall(r"<tr><td class=\"day\">(.*?)</td><td>(.*?)</td>(.*?)</tr>", table)
    assert [r[0] for r in rows] == ["2026-03-02"] * 3 + ["2026-03-01"] * 3 + ["2026-02-23"]
    assert rows[1][1] == "&lt;img src=x onerror=alert(1)&gt;"
    assert rows[1][2] == (
        '<td>anthropic, openai</td><td>security, outage</td><td class="num">-0.20</td>'
        '<td class="num">2</td>'
    )
    assert '<td class="num">+0.50</td>' in rows[5][2]
    assert '<td class="num">+0.00</td>' in rows[6][2]


def test_news_page_without_news(tmp_path: Path) -> None:
    con = _connect(tmp_path / "empty.duckdb")
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    out = tmp_path / "d"
    paths = publish.build_dashboards(con, out, generated_at=NOW)
    page = paths[1].read_text(encoding="utf-8")
    assert "No news yet" in page
    assert "No topic-tagged stories yet." in page
    index = paths[-1].read_text(encoding="utf-8")
    assert '<a href="news.html">News</a>' in index
    assert publish.build_news_dashboard(con, out, generated_at=NOW) == out / "news.html"
    empty = pl.DataFrame()
    for fig in (publish.news_volume_figure(empty, empty), publish.topic_mix_figure(empty)):
        assert not fig.data
    assert publish.top_stories_table(empty) == '<p class="note">No news yet.</p>'
    with pytest.raises(ValueError, match="timezone-aware"):
        publish.build_dashboards(con, out, generated_at=datetime(2026, 3, 3))  # noqa: DTZ001


# --------------------------------------------------------------------------------- exports


def _csv_value(value: Any) -> str:
    """How a value should look in the CSV export (written independently of publish.py)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return np.format_float_positional(value, trim="-")  # never an exponent
    if isinstance(value, datetime):
        assert value.utcoffset() is not None
        assert value.utcoffset().total_seconds() == 0
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        row[0]
        for row in con.sql(
            "select column_name from duckdb_columns() where table_name = ? order by column_index",
            params=[table],
        ).fetchall()
    ]


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


EXPECTED_INCIDENTS = (
    "select * from incidents where vendor = 'openai'"
    " and started_at >= '2026-03-01 00:00:00+00' and started_at < '2026-03-03 00:00:00+00'"
    " order by vendor, started_at, incident_id"
)


def test_export_csv_round_trip(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "incidents_openai.csv"
    rows = publish.export_table(
        con, "incidents", out, vendors=["openai"], since=date(2026, 3, 1), until=date(2026, 3, 2)
    )
    expected = con.sql(EXPECTED_INCIDENTS).fetchall()
    assert rows == len(expected) == 3
    header, written = _read_csv(out)
    assert header == _table_columns(con, "incidents")
    assert written == [[_csv_value(v) for v in row] for row in expected]
    assert [r[1] for r in written] == ["o2", "o3", "o1"]  # sorted by vendor, started_at
    assert written[0][9] == ""  # empty components list
    assert written[2][9] == ""  # NULL components
    assert written[2][7] == ""  # open incident: no duration
    assert not list(out.parent.glob(".*"))  # no temp file left behind


def test_export_csv_lists_and_days(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    publish.export_table(con, "incidents", out, vendors=["anthropic"])
    header, written = _read_csv(out)
    assert written[0][header.index("components")] == "api;console"
    assert written[0][header.index("sources")] == "a-atom;a-json"
    out = tmp_path / "outage_daily.csv"
    n = publish.export_table(con, "outage_daily", out, since=date(2026, 3, 2))
    header, written = _read_csv(out)
    assert n == 2
    assert header == [
        "vendor",
        "day",
        "incidents_started",
        "outage_minutes",
        "major_outage_minutes",
        "weighted_down_minutes",
        "uptime_pct",
        "mttr_minutes",
        "maintenance_minutes",
    ]
    assert [(r[0], r[1]) for r in written] == [
        ("anthropic", "2026-03-02"),
        ("openai", "2026-03-02"),
    ]


def test_export_parquet_round_trip(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "incidents.parquet"
    rows = publish.export_table(
        con,
        "incidents",
        out,
        vendors=["openai"],
        since=date(2026, 3, 1),
        until=date(2026, 3, 2),
        fmt="parquet",
    )
    assert rows == 3
    got = pl.read_parquet(out)
    expected = con.sql(EXPECTED_INCIDENTS).pl()
    assert_frame_equal(got, expected)
    assert got.schema["components"] == pl.List(pl.String)
    assert got.schema["started_at"] == pl.Datetime("us", "UTC")

    out = tmp_path / "outage_daily.parquet"
    publish.export_table(
        con, "outage_daily", out, vendors=["anthropic", "openai"], until=date(2026, 2, 28),
        fmt="parquet",
    )  # fmt: skip
    assert_frame_equal(
        pl.read_parquet(out),
        con.sql("select * from outage_daily where day <= '2026-02-28' order by vendor, day").pl(),
    )


def test_export_all(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    paths = publish.export_all(con, tmp_path / "exports")
    assert [p.name for p in paths] == [f"{name}.csv" for name in publish.EXPORTABLE]
    assert paths[:3] == [
        tmp_path / "exports" / f"{t}.csv" for t in ("incidents", "outage_daily", "news_daily")
    ]
    assert len(_read_csv(paths[0])[1]) == len(INCIDENTS)
    assert len(_read_csv(paths[1])[1]) == 6
    assert len(_read_csv(paths[2])[1]) == 0  # news tables exist (schema.sql) but are empty
    assert publish.export_filename("incidents", ["openai"], "parquet") == "incidents_openai.parquet"


def test_export_news_daily_round_trip(news_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "news_daily_openai.csv"
    n = publish.export_table(news_con, "news_daily", out, vendors=["openai"], since=DAYS[1])
    expected = news_con.sql(
        "select * from news_daily where vendor = 'openai' and day >= '2026-03-01' order by day"
    ).fetchall()
    assert n == len(expected) == 2
    header, written = _read_csv(out)
    assert header == _table_columns(news_con, "news_daily")
    assert written == [[_csv_value(v) for v in row] for row in expected]

    out = tmp_path / "news_daily.parquet"
    n = publish.export_table(news_con, "news_daily", out, until=DAYS[1], fmt="parquet")
    assert n == 4
    assert_frame_equal(
        pl.read_parquet(out),
        news_con.sql(
            "select * from news_daily where day <= '2026-03-01' order by vendor, day"
        ).pl(),
    )


def _articles_mentioning(con: duckdb.DuckDBPyConnection, *vendors: str) -> pl.DataFrame:
    everything = con.sql("select * from articles order by published_at, article_id").pl()
    mask = pl.any_horizontal(pl.col("vendors").list.contains(v) for v in vendors)
    return everything.filter(mask)


def test_export_articles_csv(news_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "articles_anthropic.csv"
    n = publish.export_table(
        news_con, "articles", out, vendors=["anthropic"], since=DAYS[1], until=DAYS[2]
    )
    expected = _articles_mentioning(news_con, "anthropic").filter(
        pl.col("published_at").is_between(
            datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC), closed="left"
        )
    )
    assert expected["article_id"].to_list() == ["n5", "n9", "n2", "n3"]
    assert n == 4
    header, written = _read_csv(out)
    assert header == _table_columns(news_con, "articles")
    assert written == [[_csv_value(v) for v in row] for row in expected.rows()]
    n2 = dict(zip(header, written[2], strict=True))
    assert n2["vendors"] == "anthropic;openai"
    assert n2["topics"] == "security;outage"
    assert n2["sources"] == "wire;blog"
    assert n2["urls"] == "javascript:alert(1)"
    assert n2["title"] == XSS_IMG  # exports carry data, not HTML
    assert n2["published_at"] == "2026-03-02T10:00:00Z"
    assert written[1][header.index("topics")] == ""  # empty list


def test_export_articles_parquet(news_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    n = publish.export_table(news_con, "articles", out, vendors=["google", "openai"], fmt="parquet")
    got = pl.read_parquet(out)
    expected = _articles_mentioning(news_con, "google", "openai")
    assert n == expected.height == 7
    assert_frame_equal(got, expected)
    assert got.schema["vendors"] == pl.List(pl.String)
    assert got["article_id"].to_list() == ["n7", "n6", "n5", "n10", "n1", "n2", "n4"]
    # Without filters every story is exported, the undated one last.
    publish.export_table(news_con, "articles", out, fmt="parquet")
    got = pl.read_parquet(out)
    assert got.height == len(ARTICLES)
    assert got["article_id"][-1] == "n8"
    assert got["published_at"][-1] is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"indicator": "articles", "vendors": ["openai", "acme"]},
            "unknown vendor 'acme' for articles; choose one of: anthropic, google, openai",
        ),
        (
            {"indicator": "news_daily", "vendors": ["google"]},
            "unknown vendor 'google' for news_daily; choose one of: anthropic, openai",
        ),
        (
            {"indicator": "articles", "since": date(2026, 3, 2), "until": date(2026, 3, 1)},
            "--since 2026-03-02 is after --until 2026-03-01",
        ),
    ],
)
def test_export_news_usage_errors_list_choices(
    news_con: duckdb.DuckDBPyConnection, tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CatalogError) as err:
        publish.export_table(news_con, out=out, **kwargs)
    assert str(err.value) == message
    assert not out.exists()


def test_export_articles_vendor_error_on_empty_table(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    with pytest.raises(CatalogError, match=r"for articles; choose one of: \(none\)$"):
        publish.export_table(con, "articles", tmp_path / "x.csv", vendors=["openai"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"indicator": "foo"},
            "unknown indicator 'foo'; choose one of: " + ", ".join(sorted(publish.EXPORTABLE)),
        ),
        (
            {"indicator": "incidents", "vendors": ["openai", "acme"]},
            "unknown vendor 'acme' for incidents; choose one of: anthropic, openai",
        ),
        (
            {"indicator": "outage_daily", "vendors": ["google"]},
            "unknown vendor 'google' for outage_daily; choose one of: anthropic, openai",
        ),
        (
            {"indicator": "incidents", "since": date(2026, 3, 2), "until": date(2026, 3, 1)},
            "--since 2026-03-02 is after --until 2026-03-01",
        ),
        (
            {"indicator": "incidents", "fmt": "xlsx"},
            "unknown format 'xlsx'; choose one of: csv, parquet",
        ),
    ],
)
def test_export_usage_errors_list_choices(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CatalogError) as err:
        publish.export_table(con, out=out, **kwargs)
    assert str(err.value) == message
    assert not out.exists()


def test_export_refuses_non_utc_session(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    con.execute("SET TimeZone = 'America/New_York'").fetchall()
    with pytest.raises(RadarError, match="TimeZone = 'UTC'"):
        publish.export_table(con, "incidents", tmp_path / "x.csv")


@pytest.mark.usefixtures("new_york_tz")
def test_utc_output_under_new_york_tz(tmp_path: Path) -> None:
    # DuckDB's session zone follows TZ unless the connection sets UTC (as warehouse.connect does).
    assert duckdb.connect().execute("select current_setting('TimeZone')").fetchall() == [
        ("America/New_York",)
    ]
    con = _connect(tmp_path / "ny.duckdb")
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    con.execute(
        "insert into incidents values ('openai', 'o3', 'Login failures', 'major', false, false,"
        " '2026-03-02 02:00:00+00', '2026-03-02 03:00:00+00', 60.0, ['login'], null, 's',"
        " ['s'], 'resolved', 1)"
    ).fetchall()
    out = tmp_path / "incidents.csv"
    # 02:00 UTC on 03-02 is 21:00 on 03-01 in New York: it belongs to the UTC day 03-02.
    assert publish.export_table(con, "incidents", out, until=date(2026, 3, 1)) == 0
    assert publish.export_table(con, "incidents", out, since=date(2026, 3, 2)) == 1
    header, rows = _read_csv(out)
    assert rows[0][header.index("started_at")] == "2026-03-02T02:00:00Z"
    assert rows[0][header.index("resolved_at")] == "2026-03-02T03:00:00Z"
    page = publish.build_outage_dashboard(con, tmp_path / "d", generated_at=NOW).read_text(
        encoding="utf-8"
    )
    assert "<td>2026-03-02 02:00 UTC</td>" in page


# ------------------------------------------------------------------------------ users page

SENTIMENT_DAYS = [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)]
SENTIMENT = [
    # vendor, day, source_type, items, sentiment_mean, negative_share
    ("anthropic", SENTIMENT_DAYS[0], "social", 2, 0.5, 0.0),
    ("anthropic", SENTIMENT_DAYS[1], "social", 0, None, None),
    ("anthropic", SENTIMENT_DAYS[2], "social", 1, -0.4, 1.0),
    ("openai", SENTIMENT_DAYS[0], "social", 1, 0.2, 0.0),
    ("openai", SENTIMENT_DAYS[1], "social", 3, -0.6, 1.0),
    ("openai", SENTIMENT_DAYS[2], "social", 0, None, None),
    ("openai", SENTIMENT_DAYS[2], "news", 4, 0.9, 0.0),  # not on the social chart
]
MIGRATION_DAILY = [
    # day, from, to, posts: one old day (whole window only), the rest in the last 30 days
    (date(2026, 1, 10), "openai", "anthropic", 5),
    (date(2026, 3, 1), "openai", "anthropic", 3),
    (date(2026, 3, 1), "openai", "google", 1),
    (date(2026, 3, 2), "anthropic", "openai", 2),
]
MIGRATIONS = [
    # post_id, platform, created_at, from, to, confidence
    ("hn:1", "hn", "2026-03-01 10:00:00+00", "openai", "anthropic", 0.9),
    ("reddit:2", "reddit", "2026-03-02 01:00:00+00", "anthropic", "openai", 0.8),
    ("hn:3", "hn", "2026-03-01 12:00:00+00", "openai", "google", 0.7),
]
MIGRATION_INDEX = [
    # vendor, day, inflow, outflow, net, inflow_7d, outflow_7d, net_7d, share_7d
    ("anthropic", date(2026, 3, 1), 3, 0, 3, 3, 0, 3, 0.75),
    ("anthropic", date(2026, 3, 2), 0, 2, -2, 3, 2, 1, 0.5),
    ("openai", date(2026, 3, 1), 0, 4, -4, 0, 4, -4, 0.0),
    ("openai", date(2026, 3, 2), 2, 0, 2, 2, 4, -2, 0.33),
]
LEAD_TIMES = [
    # vendor, id, title, impact, started, resolved, first anomaly, run end, hours, lead, peak
    ("openai", "o1", "\"Degraded\" ChatGPT & 'API'", "critical", "2026-03-02 22:00:00+00", None,
     "2026-03-02 22:00:00+00", "2026-03-03 00:00:00+00", 2, 0.0, 5),
    ("anthropic", "a2", XSS, "minor", "2026-03-01 23:30:00+00", "2026-03-02 00:10:00+00",
     None, None, None, None, None),
    ("openai", "o3", "Login failures", "major", "2026-03-02 02:00:00+00",
     "2026-03-02 03:00:00+00", "2026-03-02 01:00:00+00", "2026-03-02 04:00:00+00", 3, -60.0, 9),
]  # fmt: skip
SILENT = [
    ("anthropic", "2026-03-01 14:00:00+00", "2026-03-01 16:00:00+00", 2, 6, 11),
    ("google", "2026-03-01 03:00:00+00", "2026-03-01 05:00:00+00", 2, 4, 7),
]


def _hourly_rows() -> list[tuple[Any, ...]]:
    """48 hours x 3 vendors; openai is anomalous 01:00-03:59 on 03-02, google has no reports."""
    rows = []
    for vendor in ("anthropic", "google", "openai"):
        for h in range(48):
            hour = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=h)
            reports = 0
            if vendor == "openai" and h in (25, 26, 27):
                reports = 8 + h - 25
            elif vendor == "anthropic" and h in (14, 15):
                reports = 6 if h == 14 else 5
            elif vendor == "openai" and h == 5:
                reports = 1
            anomaly = reports > 3
            rows.append((vendor, hour, reports, 0.0, 0.0, 3.0, anomaly, anomaly))
    return rows


@pytest.fixture
def users_con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The tiny warehouse plus a few rows in every table of the Users page."""
    con.executemany("insert into sentiment_daily values (?, ?, ?, ?, ?, ?)", SENTIMENT)
    con.executemany("insert into migration_daily values (?, ?, ?, ?)", MIGRATION_DAILY)
    con.executemany("insert into migrations values (?, ?, ?, ?, ?, ?)", MIGRATIONS)
    con.executemany(
        "insert into migration_index_daily values (?, ?, ?, ?, ?, ?, ?, ?, ?)", MIGRATION_INDEX
    )
    con.executemany(
        "insert into outage_reports_hourly values (?, ?, ?, ?, ?, ?, ?, ?)", _hourly_rows()
    )
    con.executemany(
        "insert into incident_lead_times values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", LEAD_TIMES
    )
    con.executemany("insert into silent_outages values (?, ?, ?, ?, ?, ?)", SILENT)
    return con


@pytest.fixture
def users_page(users_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    out = tmp_path / "users"
    paths = publish.build_dashboards(
        users_con, out, generated_at=NOW, summary_lines=["1 failed: <b>x</b>"]
    )
    assert paths[2] == out / "users.html"
    return paths[2]


def test_users_page_chrome_and_local_plotlyjs(users_page: Path) -> None:
    page = users_page.read_text(encoding="utf-8")
    assert '<h1><a href="index.html">Reliability Radar</a> · Users</h1>' in page
    assert '<a href="users.html" aria-current="page">Users</a>' in page
    assert "Data as of 2026-03-03 12:00 UTC" in page
    assert "<li>1 failed: &lt;b&gt;x&lt;/b&gt;</li>" in page
    assert '<script charset="utf-8" src="plotly.min.js"></script>' in page
    assert page.count("plotly.min.js") == 1
    assert "cdn.plot.ly" not in page
    assert not re.search(r"""src=["']?(https?:)?//""", page)
    assert len(page.encode()) < 100_000
    for div_id in ("users-sentiment", "migration-sankey", "net-migration", "crowd-reports"):
        assert f'id="{div_id}"' in page
    assert "No data yet" not in page
    index = (users_page.parent / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="users.html">Users</a>' in index
    news = (users_page.parent / "news.html").read_text(encoding="utf-8")
    assert '<a href="users.html">Users</a>' in news


def test_users_page_escapes_untrusted_text(users_page: Path) -> None:
    raw = users_page.read_bytes()
    page = raw.decode("utf-8")
    assert XSS.encode() not in raw
    assert page.count("<script") == 6  # PlotlyConfig, the bundle, one per figure
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page
    for trace in _plotly_traces(page):
        for text in trace.get("hovertext", []):
            assert "<script" not in text
    # a2 (minor, XSS title) is overlaid on the crowd chart with an escaped hover.
    hovers = [h for t in _plotly_traces(page) for h in t.get("hovertext", [])]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in h for h in hovers)


def test_users_page_is_idempotent(users_con: duckdb.DuckDBPyConnection, users_page: Path) -> None:
    page = users_page.read_bytes()
    path = publish.build_users_dashboard(
        users_con, users_page.parent, generated_at=NOW, summary_lines=["1 failed: <b>x</b>"]
    )
    assert path == users_page
    assert path.read_bytes() == page


def test_users_sentiment_rolling_mean_and_bands(users_con: duckdb.DuckDBPyConnection) -> None:
    sentiment = users_con.sql(
        "select * from sentiment_daily where source_type = 'social' order by vendor, day"
    ).pl()
    incidents = users_con.sql("select * from incidents").pl()
    fig = publish.users_sentiment_figure(sentiment, incidents)
    lines = {t.name: t for t in fig.data if t.mode == "lines"}
    assert list(lines) == ["anthropic", "openai"]
    assert list(lines["openai"].x) == ["2026-03-01 12:00", "2026-03-02 12:00", "2026-03-03 12:00"]
    # Items-weighted over the 7 days ending each day: (0.2 + 3 * -0.6) / 4 = -0.4.
    assert list(lines["openai"].y) == pytest.approx([0.2, -0.4, -0.4])
    assert list(lines["anthropic"].y) == pytest.approx([0.5, 0.5, 0.2])
    # Major/critical incidents of the window (03-01..03-03): o3 and the open o1.
    bands = [(b.x0, b.x1, b.fillcolor) for b in fig.layout.shapes]
    assert bands == [
        ("2026-03-02 02:00:00", "2026-03-02 08:00:00", publish.IMPACT_COLOURS["major"]),
        ("2026-03-02 22:00:00", "2026-03-04 00:00:00", publish.IMPACT_COLOURS["critical"]),
    ]
    (markers,) = [t for t in fig.data if t.mode == "markers"]
    assert list(markers.y) == pytest.approx([-0.4, -0.4])  # on openai's line


def test_migration_sankey_link_values(users_con: duckdb.DuckDBPyConnection) -> None:
    daily = users_con.sql("select * from migration_daily").pl()
    fig = publish.migration_sankey_figure(daily)
    recent, whole = fig.data
    assert (recent.visible, whole.visible) == (True, False)

    def links(trace: go.Sankey) -> list[tuple[str, str, float]]:
        labels = list(trace.node.label)
        return [
            (labels[s], labels[t], v)
            for s, t, v in zip(trace.link.source, trace.link.target, trace.link.value, strict=True)
        ]

    # Last 30 days ending 03-02: the 01-10 switches are left out.
    assert links(recent) == [
        ("anthropic", "openai", 2),
        ("openai", "anthropic", 3),
        ("openai", "google", 1),
    ]
    assert list(recent.node.customdata) == ["switched away"] * 2 + ["switched to"] * 3
    assert links(whole) == [
        ("anthropic", "openai", 2),
        ("openai", "anthropic", 8),
        ("openai", "google", 1),
    ]
    (menu,) = fig.layout.updatemenus
    assert [b.args[0]["visible"] for b in menu.buttons] == [[True, False], [False, True]]
    assert "(6 posts)" in fig.layout.title.text
    # Vendor names are escaped in node labels.
    hostile = daily.with_columns(to_vendor=pl.lit(XSS))
    labels = list(publish.migration_sankey_figure(hostile).data[0].node.label)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels
    assert not any("<script" in label for label in labels)


def test_net_migration_figure(users_con: duckdb.DuckDBPyConnection) -> None:
    fig = publish.net_migration_figure(users_con.sql("select * from migration_index_daily").pl())
    net = {t.name: list(t.y) for t in fig.data if t.yaxis == "y"}
    share = {t.name: list(t.y) for t in fig.data if t.yaxis == "y2"}
    assert net == {"anthropic": [3, 1], "openai": [-4, -2]}
    assert share["anthropic"] == pytest.approx([75.0, 50.0])


def test_crowd_reports_figure(users_con: duckdb.DuckDBPyConnection) -> None:
    hourly = users_con.sql("select * from outage_reports_hourly").pl()
    incidents = users_con.sql("select * from incidents").pl()
    fig = publish.crowd_reports_figure(hourly, incidents)
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
    points = publish.crowd_points(frame, ["openai"])
    # 01-03..01-07 hourly (5 x 24), the other 5 days one noon point each.
    assert points.height == 5 * 24 + 5
    assert points["x"][0] == "2026-01-01 12:00"
    assert points["label"][0] == "2026-01-01 (daily max)"
    assert points["x"][2] == "2026-01-03 00:00"
    assert points["x"].to_list() == sorted(points["x"].to_list())


def test_users_page_stays_small_at_scale(tmp_path: Path) -> None:
    """Ten vendors x half a year of hours with noisy reports and anomalies: well under 5 MB."""
    con = _connect(tmp_path / "big.duckdb")
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    con.execute(
        "insert into outage_reports_hourly"
        " select 'v' || v, h, (hash(v, h) % 3)::int, 1, 1, 5,"
        "  hash(v, h) % 97 = 0, hash(v, h) % 97 = 0"
        " from range(10) t(v),"
        "  range('2026-01-01'::timestamptz, '2026-07-01'::timestamptz, interval 1 hour) s(h)"
    ).fetchall()
    con.execute(
        "insert into sentiment_daily select 'v' || v, d::date, 'social', 3, 0.1, 0.2"
        " from range(10) t(v), range('2026-01-01'::date, '2026-07-01'::date, interval 1 day) s(d)"
    ).fetchall()
    page = publish.build_users_dashboard(con, tmp_path / "d", generated_at=NOW)
    assert page.stat().st_size < 5_000_000
    con.close()


def test_lead_time_table_escapes_and_orders_by_start(
    users_con: duckdb.DuckDBPyConnection,
) -> None:
    table = publish.lead_time_table(users_con.sql("select * from incident_lead_times").pl())
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>(.*?)</tr>", table)
    assert [r[1] for r in rows] == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "Login failures",
        "&#34;Degraded&#34; ChatGPT &amp; &#39;API&#39;",
    ]
    assert "<script" not in table
    assert '<td class="num">no crowd signal</td>' in rows[0][2]
    assert '<td class="num early">-60 min</td>' in rows[1][2]
    assert '<td class="day">2026-03-02 01:00 UTC</td>' in rows[1][2]
    assert '<td class="num">0 min</td>' in rows[2][2]
    silent = publish.silent_outages_table(users_con.sql("select * from silent_outages").pl())
    assert re.findall(r"<tr><td>(\w+)</td>", silent) == ["google", "anthropic"]


def test_users_page_on_empty_warehouse(tmp_path: Path) -> None:
    con = _connect(tmp_path / "empty.duckdb")
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    path = publish.build_users_dashboard(con, tmp_path / "d", generated_at=NOW)
    page = path.read_text(encoding="utf-8")
    assert page.count("No data yet") == 6  # four figures, two tables
    empty = pl.DataFrame()
    for fig in (
        publish.users_sentiment_figure(empty, empty),
        publish.migration_sankey_figure(empty),
        publish.net_migration_figure(empty),
        publish.crowd_reports_figure(empty, empty),
    ):
        assert not fig.data
    with pytest.raises(ValueError, match="timezone-aware"):
        publish.build_users_dashboard(con, tmp_path / "d", generated_at=datetime(2026, 3, 3))  # noqa: DTZ001


# -------------------------------------------------------------------------- users exports


def test_export_migration_daily_vendor_matches_from_or_to(
    users_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "migration_daily_google.csv"
    n = publish.export_table(users_con, "migration_daily", out, vendors=["google"])
    header, written = _read_csv(out)
    assert n == 1
    assert header == ["day", "from_vendor", "to_vendor", "posts"]
    assert written == [["2026-03-01", "openai", "google", "1"]]
    out = tmp_path / "migration_daily.parquet"
    n = publish.export_table(
        users_con, "migration_daily", out, vendors=["anthropic"], since=date(2026, 3, 1),
        fmt="parquet",
    )  # fmt: skip
    expected = users_con.sql(
        "select * from migration_daily where 'anthropic' in (from_vendor, to_vendor)"
        " and day >= '2026-03-01' order by day, from_vendor, to_vendor"
    ).pl()
    assert n == expected.height == 2
    assert_frame_equal(pl.read_parquet(out), expected)


def test_export_migrations_and_index(users_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out = tmp_path / "migrations.csv"
    publish.export_table(users_con, "migrations", out, vendors=["openai"], until=date(2026, 3, 1))
    header, written = _read_csv(out)
    assert header == _table_columns(users_con, "migrations")
    assert [r[0] for r in written] == ["hn:1", "hn:3"]  # by created_at; 03-02 left out
    out = tmp_path / "migration_index_daily.csv"
    n = publish.export_table(users_con, "migration_index_daily", out, vendors=["openai"])
    expected = users_con.sql(
        "select * from migration_index_daily where vendor = 'openai' order by day"
    ).fetchall()
    assert n == 2
    assert _read_csv(out)[1] == [[_csv_value(v) for v in row] for row in expected]


def test_export_hourly_and_crowd_tables(
    users_con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "outage_reports_hourly.parquet"
    n = publish.export_table(
        users_con, "outage_reports_hourly", out, vendors=["openai"], since=date(2026, 3, 2),
        until=date(2026, 3, 2), fmt="parquet",
    )  # fmt: skip
    got = pl.read_parquet(out)
    assert n == got.height == 24  # the UTC day 03-02 only
    assert got["hour"][0] == datetime(2026, 3, 2, tzinfo=UTC)
    assert got["hour"].is_sorted()
    out = tmp_path / "incident_lead_times.csv"
    publish.export_table(users_con, "incident_lead_times", out, since=date(2026, 3, 2))
    header, written = _read_csv(out)
    assert header == _table_columns(users_con, "incident_lead_times")
    assert [(r[0], r[1]) for r in written] == [("openai", "o3"), ("openai", "o1")]
    assert written[1][header.index("title")] == "\"Degraded\" ChatGPT & 'API'"
    out = tmp_path / "silent_outages.csv"
    assert publish.export_table(users_con, "silent_outages", out) == 2
    assert [r[0] for r in _read_csv(out)[1]] == ["anthropic", "google"]
    out = tmp_path / "sentiment_daily.csv"
    assert publish.export_table(users_con, "sentiment_daily", out, since=date(2026, 3, 3)) == 3
    assert [(r[0], r[2]) for r in _read_csv(out)[1]] == [
        ("anthropic", "social"),
        ("openai", "news"),
        ("openai", "social"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"indicator": "migration_daily", "vendors": ["acme"]},
            "unknown vendor 'acme' for migration_daily; choose one of: anthropic, google, openai",
        ),
        (
            {"indicator": "migration_index_daily", "vendors": ["google"]},
            "unknown vendor 'google' for migration_index_daily; choose one of: anthropic, openai",
        ),
        (
            {"indicator": "outage_reports_hourly", "vendors": ["acme"]},
            "unknown vendor 'acme' for outage_reports_hourly; "
            "choose one of: anthropic, google, openai",
        ),
        (
            {"indicator": "posts"},
            "unknown indicator 'posts'; choose one of: " + ", ".join(sorted(publish.EXPORTABLE)),
        ),
    ],
)
def test_export_users_usage_errors_list_choices(
    users_con: duckdb.DuckDBPyConnection, tmp_path: Path, kwargs: dict[str, Any], message: str
) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CatalogError) as err:
        publish.export_table(users_con, out=out, **kwargs)
    assert str(err.value) == message
    assert not out.exists()


def _plot_args(fragment: str) -> list[Any]:
    """The JSON arguments (div id, data, layout, config) of a fragment's Plotly.newPlot call."""
    decoder = json.JSONDecoder()
    i = fragment.index("Plotly.newPlot(") + len("Plotly.newPlot(")
    args = []
    for _ in range(4):
        while fragment[i] in " \n,":
            i += 1
        value, i = decoder.raw_decode(fragment, i)
        args.append(value)
    return args


def test_figure_specs_render_as_their_validated_figures(
    news_con: duckdb.DuckDBPyConnection, users_con: duckdb.DuckDBPyConnection
) -> None:
    # The pages serialize plain dict specs without plotly's validation; the validated figure
    # of the same spec must render to the same JSON (the spec is already in plotly's form).
    daily, incidents = _news_frames(news_con)
    hourly = users_con.sql("select * from outage_reports_hourly").pl()
    users_incidents = users_con.sql("select * from incidents").pl()
    sentiment = users_con.sql("select * from sentiment_daily where source_type = 'social'").pl()
    index = users_con.sql("select * from migration_index_daily").pl()
    builders = [
        (publish.news_volume_spec, (daily, incidents)),
        (publish.crowd_reports_spec, (hourly, users_incidents)),
        (publish.users_sentiment_spec, (sentiment, users_incidents)),
        (publish.net_migration_spec, (index,)),
    ]
    for build, args in builders:
        fast = publish._figure_fragment(build(*args), "fig")
        validated = publish._figure_fragment(go.Figure(build(*args)), "fig")
        assert "Plotly.newPlot(" in fast, build.__name__
        assert _plot_args(fast) == _plot_args(validated), build.__name__
