"""publish.news_page: the News page (volume and tone with incident bands, topics, top stories)."""

import math
import re
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.publish.news_page import (
    news_volume_figure,
    top_stories,
    top_stories_table,
    topic_mix_figure,
    topic_weekly,
)
from pipeline.publish.page import NEWS_PAGE, PAGES
from pipeline.publish.palette import VENDOR_COLOURS
from pipeline.publish.site import build_dashboards, build_page
from tests.publish import tiny_warehouse as tw
from tests.publish.tiny_warehouse import NOW, XSS_IMG


@pytest.fixture
def all_dashboards(news_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    out = tmp_path / "all"
    paths = build_dashboards(
        news_con, out, generated_at=NOW, summary_lines=["2 sources ok", "1 failed: <b>x</b>"]
    )
    # PAGES in order (other pages may join), the vendor pages, run details, the board last.
    assert paths[:3] == [out / "outages.html", out / "news.html", out / "users.html"]
    assert paths == [
        *(out / p.filename for p in PAGES),
        out / "vendor-anthropic.html",
        out / "vendor-openai.html",
        out / "runs.html",
        out / "index.html",
    ]
    return out


def test_build_dashboards_writes_every_page_and_index(all_dashboards: Path) -> None:
    assert sorted(p.name for p in all_dashboards.iterdir()) == sorted(
        [
            "index.html",
            "plotly.min.js",
            *(p.filename for p in PAGES),
            "vendor-anthropic.html",
            "vendor-openai.html",
            "runs.html",
        ]
    )
    index = (all_dashboards / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="outages.html">Outages</a>' in index
    assert '<li><a href="news.html">News</a>' in index
    page = (all_dashboards / "news.html").read_text(encoding="utf-8")
    # Same chrome as the Outages page: header, stamp, nav, run-details link (the summary lives
    # on runs.html); one local plotly bundle.
    assert '<h1><a href="index.html">Reliability Radar</a> · News</h1>' in page
    assert "Data as of 2026-03-03 12:00 UTC" in page
    assert "<li>1 failed: &lt;b&gt;x&lt;/b&gt;</li>" not in page and 'href="runs.html"' in page
    runs = (all_dashboards / "runs.html").read_text(encoding="utf-8")
    assert "<li>1 failed: &lt;b&gt;x&lt;/b&gt;</li>" in runs
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
    for trace in tw.plotly_traces(page):
        for text in trace.get("hovertext", []):
            assert "<script" not in text
            assert "<img" not in text


def test_news_page_is_idempotent(news_con: duckdb.DuckDBPyConnection, all_dashboards: Path) -> None:
    page = (all_dashboards / "news.html").read_bytes()
    path = build_page(
        news_con,
        all_dashboards,
        NEWS_PAGE,
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
    fig = news_volume_figure(daily, incidents)
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
        ("2026-02-28 10:00:00", "2026-02-28 16:00:00", VENDOR_COLOURS["anthropic"]),
        ("2026-03-02 02:00:00", "2026-03-02 08:00:00", VENDOR_COLOURS["openai"]),
        ("2026-03-02 22:00:00", "2026-03-03 00:00:00", VENDOR_COLOURS["openai"]),
    ]
    assert list(fig.layout.yaxis2.range) == [-1, 1]  # tone on the whole scale
    assert list(fig.layout.xaxis.range) == ["2026-02-28", "2026-03-03"]
    # Incident titles are escaped in hover text (a2 promoted to major to get a marker).
    hostile = incidents.with_columns(impact=pl.lit("major"))
    hover = [
        h
        for t in news_volume_figure(daily, hostile).data
        if t.mode == "markers"
        for h in t.hovertext
    ]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in h for h in hover)
    assert not any("<script" in h for h in hover)


def test_topic_mix_counts(news_con: duckdb.DuckDBPyConnection) -> None:
    articles = news_con.sql("select * from articles").pl()
    weekly = topic_weekly(articles)
    assert weekly.height == 12  # 2 weeks x 6 topics, zeros included
    assert weekly.filter(pl.col("stories") > 0).height == 7
    fig = topic_mix_figure(articles)
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
    top = top_stories(articles)
    # Per day (newest first): copies, then number of sources, then |tone|; at most 3 per day;
    # n7 is older than 40 days before the newest story, n8 has no date.
    assert top["article_id"].to_list() == ["n1", "n2", "n4", "n5", "n10", "n9", "n6"]
    table = top_stories_table(articles)
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
    con = tw.empty_warehouse(tmp_path / "empty.duckdb")
    out = tmp_path / "d"
    paths = build_dashboards(con, out, generated_at=NOW)
    page = paths[1].read_text(encoding="utf-8")
    assert "No news yet" in page
    assert "No topic-tagged stories yet." in page
    index = paths[-1].read_text(encoding="utf-8")
    assert '<a href="news.html">News</a>' in index
    assert build_page(con, out, NEWS_PAGE, generated_at=NOW) == out / "news.html"
    empty = pl.DataFrame()
    for fig in (news_volume_figure(empty, empty), topic_mix_figure(empty)):
        assert not fig.data
    assert top_stories_table(empty) == '<p class="note">No news yet.</p>'
    with pytest.raises(ValueError, match="timezone-aware"):
        build_dashboards(con, out, generated_at=datetime(2026, 3, 3))  # noqa: DTZ001
