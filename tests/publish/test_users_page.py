"""publish.users_page: the Users page (sentiment, switches, crowd reports, empty tables)."""

import re
from datetime import datetime
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl
import pytest

from pipeline.publish.crowd_figures import crowd_reports_figure
from pipeline.publish.figures import BAND_OPACITY, BAND_OPACITY_DEFAULT
from pipeline.publish.page import USERS_PAGE
from pipeline.publish.palette import VENDOR_COLOURS
from pipeline.publish.site import build_dashboards, build_page
from pipeline.publish.users_page import (
    migration_sankey_figure,
    net_migration_figure,
    users_sentiment_figure,
)
from tests.publish import tiny_warehouse as tw
from tests.publish.tiny_warehouse import NOW, XSS


@pytest.fixture
def users_page(users_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    out = tmp_path / "users"
    paths = build_dashboards(users_con, out, generated_at=NOW, summary_lines=["1 failed: <b>x</b>"])
    assert paths[2] == out / "users.html"
    return paths[2]


def test_users_page_chrome_and_local_plotlyjs(users_page: Path) -> None:
    page = users_page.read_text(encoding="utf-8")
    assert '<h1><a href="index.html">Reliability Radar</a> · Users</h1>' in page
    assert '<a href="users.html" aria-current="page">Users</a>' in page
    assert "Data as of 2026-03-03 12:00 UTC" in page
    # The run summary lives on runs.html, linked from the footer.
    assert "<li>1 failed: &lt;b&gt;x&lt;/b&gt;</li>" not in page and 'href="runs.html"' in page
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
    for trace in tw.plotly_traces(page):
        for text in trace.get("hovertext", []):
            assert "<script" not in text
    # a2 (minor, XSS title) is overlaid on the crowd chart with an escaped hover.
    hovers = [h for t in tw.plotly_traces(page) for h in t.get("hovertext", [])]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in h for h in hovers)


def test_users_page_is_idempotent(users_con: duckdb.DuckDBPyConnection, users_page: Path) -> None:
    page = users_page.read_bytes()
    path = build_page(
        users_con,
        users_page.parent,
        USERS_PAGE,
        generated_at=NOW,
        summary_lines=["1 failed: <b>x</b>"],
    )
    assert path == users_page
    assert path.read_bytes() == page


def test_users_sentiment_rolling_mean_and_bands(users_con: duckdb.DuckDBPyConnection) -> None:
    sentiment = users_con.sql(
        "select * from sentiment_daily where source_type = 'social' order by vendor, day"
    ).pl()
    incidents = users_con.sql("select * from incidents").pl()
    fig = users_sentiment_figure(sentiment, incidents)
    lines = {t.name: t for t in fig.data if t.mode == "lines"}
    assert list(lines) == ["anthropic", "openai"]
    assert list(lines["openai"].x) == ["2026-03-01 12:00", "2026-03-02 12:00", "2026-03-03 12:00"]
    # Items-weighted over the 7 days ending each day: (0.2 + 3 * -0.6) / 4 = -0.4.
    assert list(lines["openai"].y) == pytest.approx([0.2, -0.4, -0.4])
    assert list(lines["anthropic"].y) == pytest.approx([0.5, 0.5, 0.2])
    # Major/critical incidents of the window (03-01..03-03): o3 and the open o1.
    bands = [(b.x0, b.x1, b.fillcolor) for b in fig.layout.shapes]
    assert bands == [
        ("2026-03-02 02:00:00", "2026-03-02 08:00:00", VENDOR_COLOURS["openai"]),
        ("2026-03-02 22:00:00", "2026-03-04 00:00:00", VENDOR_COLOURS["openai"]),
    ]
    # Whose incident it is: the vendor's colour; critical darker than major.
    assert [b.opacity for b in fig.layout.shapes] == [
        BAND_OPACITY_DEFAULT,
        BAND_OPACITY["critical"],
    ]
    assert list(fig.layout.yaxis.range) == [-1, 1]
    (markers,) = [t for t in fig.data if t.mode == "markers"]
    assert list(markers.y) == pytest.approx([-0.4, -0.4])  # on openai's line


def test_migration_sankey_link_values(users_con: duckdb.DuckDBPyConnection) -> None:
    daily = users_con.sql("select * from migration_daily").pl()
    fig = migration_sankey_figure(daily)
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
    labels = list(migration_sankey_figure(hostile).data[0].node.label)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels
    assert not any("<script" in label for label in labels)


def test_net_migration_figure(users_con: duckdb.DuckDBPyConnection) -> None:
    fig = net_migration_figure(users_con.sql("select * from migration_index_daily").pl())
    net = {t.name: list(t.y) for t in fig.data if t.yaxis == "y"}
    share = {t.name: list(t.y) for t in fig.data if t.yaxis == "y2"}
    assert net == {"anthropic": [3, 1], "openai": [-4, -2]}
    assert share["anthropic"] == pytest.approx([75.0, 50.0])


def test_users_page_stays_small_at_scale(tmp_path: Path) -> None:
    """Ten vendors x half a year of hours with noisy reports and anomalies: well under 5 MB."""
    con = tw.empty_warehouse(tmp_path / "big.duckdb")
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
    page = build_page(con, tmp_path / "d", USERS_PAGE, generated_at=NOW)
    assert page.stat().st_size < 5_000_000
    con.close()


def test_users_page_on_empty_warehouse(tmp_path: Path) -> None:
    con = tw.empty_warehouse(tmp_path / "empty.duckdb")
    path = build_page(con, tmp_path / "d", USERS_PAGE, generated_at=NOW)
    page = path.read_text(encoding="utf-8")
    assert page.count("No data yet") == 6  # four figures, two tables
    empty = pl.DataFrame()
    for fig in (
        users_sentiment_figure(empty, empty),
        migration_sankey_figure(empty),
        net_migration_figure(empty),
        crowd_reports_figure(empty, empty),
    ):
        assert not fig.data
    with pytest.raises(ValueError, match="timezone-aware"):
        build_page(con, tmp_path / "d", USERS_PAGE, generated_at=datetime(2026, 3, 3))  # noqa: DTZ001
