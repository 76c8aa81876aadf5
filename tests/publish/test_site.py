"""Tests for the dashboard site: crisis board (index.html), vendor pages, navigation, escaping."""

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from pipeline.publish import board_page, board_story, runs_page, vendor_page
from pipeline.publish.page import PAGES, RUNS_PAGE, USERS_PAGE, vendor_page_name
from pipeline.publish.palette import vendor_colour
from pipeline.publish.queries import site_vendors
from pipeline.publish.site import build_dashboards, build_page

SCHEMA = Path(__file__).parents[2] / "sql" / "core" / "schema.sql"
NOW = datetime(2026, 5, 1, 6, 0, tzinfo=UTC)
END = date(2026, 4, 30)  # last day of the data window
FIRST = END - timedelta(days=119)  # a 120-day window
XSS = "<script>alert(1)</script>"
QUOTES = "\"Degraded\" ChatGPT & 'API'"
EVIL_VENDOR = '<b>evil</b>"'
IMG = '"><img src=x onerror=alert(1)>'
SUMMARY = ["status-a: fetched 200", "bad: failed - <i>boom</i>"]

INCIDENTS = [
    # vendor, id, title, impact, maintenance, started, resolved, minutes, url
    ("anthropic", "a1", "Elevated errors on Claude API", "major", False,
     "2026-04-28 10:00:00+00", "2026-04-28 12:00:00+00", 120.0,
     "https://status.claude.com/incidents/a1"),
    ("anthropic", "a2", XSS, "critical", False,
     "2026-04-29 22:00:00+00", "2026-04-30 02:00:00+00", 240.0, "javascript:alert(1)"),
    ("anthropic", "a3", "Old incident", "minor", False,
     "2026-02-10 08:00:00+00", "2026-02-10 09:00:00+00", 60.0, None),
    ("openai", "o1", QUOTES, "critical", False,
     "2026-04-30 22:00:00+00", None, None, "https://status.openai.com/incidents/o1?a=1&b=2"),
    ("openai", "o2", "Scheduled maintenance", "maintenance", True,
     "2026-04-20 02:00:00+00", "2026-04-20 04:00:00+00", 120.0, None),
    (EVIL_VENDOR, "e1", IMG, "minor", False,
     "2026-04-15 10:00:00+00", "2026-04-15 10:30:00+00", 30.0, "data:text/html,x"),
]  # fmt: skip


def _connect(db: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db))
    con.execute("SET TimeZone = 'UTC'").fetchall()
    con.execute(SCHEMA.read_text(encoding="utf-8")).fetchall()
    return con


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    """A 120-day window: two vendors with everything, a hostile vendor with one incident,
    cohere and mistral with rows but no data (no page)."""
    con.executemany(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred,"
        " is_maintenance, started_at, resolved_at, duration_minutes, components, url, source,"
        " sources, status, updates) values (?, ?, ?, ?, false, ?, ?, ?, ?, [], ?, 's', ['s'],"
        " 'resolved', 1)",
        INCIDENTS,
    )
    params = {"first": FIRST, "end": END}
    # outage_daily: anthropic down on 04-28 (major 120 min) and 04-29/30 (critical 120 min each),
    # openai down 120 min critical on 04-30, maintenance on 04-20.
    con.execute(
        """
        insert into outage_daily
        select v, d::date, 0, o, o, w, 100 - 100 * w / 1440, null, m
        from (values ('anthropic'), ('openai')) t(v),
             range($first::date, $end::date + 1, interval 1 day) s(d),
             lateral (select
                 case when v = 'anthropic' and d::date = '2026-04-28' then 120
                      when v = 'anthropic' and d::date in ('2026-04-29', '2026-04-30') then 120
                      when v = 'openai' and d::date = '2026-04-30' then 120 else 0 end as o,
                 case when v = 'anthropic' and d::date = '2026-04-28' then 36
                      when v = 'anthropic' and d::date in ('2026-04-29', '2026-04-30') then 120
                      when v = 'openai' and d::date = '2026-04-30' then 120 else 0 end as w,
                 case when v = 'openai' and d::date = '2026-04-20' then 120 else 0 end as m)
        """,
        params,
    ).fetchall()
    con.execute(
        "update outage_daily set incidents_started = 1"
        " where (vendor, day) in (('anthropic', '2026-04-28'), ('anthropic', '2026-04-29'),"
        " ('anthropic', '2026-02-10'), ('openai', '2026-04-30'))"
    ).fetchall()
    # Social sentiment: anthropic drops from +0.4 to -0.2 in the last week; openai steady.
    con.execute(
        """
        insert into sentiment_daily
        select v, d::date, 'social', n,
               case when n = 0 then null
                    when v = 'anthropic' and d::date > $end::date - 7 then -0.2
                    when v = 'anthropic' then 0.4 else 0.1 end,
               null
        from (values ('anthropic', 4), ('openai', 2), ('cohere', 0)) t(v, n),
             range($first::date, $end::date + 1, interval 1 day) s(d)
        """,
        params,
    ).fetchall()
    con.execute(
        """
        insert into news_daily
        select v, d::date, a, case when a > 0 then -0.3 end, 0, 0, a, a
        from (values ('anthropic', 1), ('mistral', 0)) t(v, a),
             range($first::date, $end::date + 1, interval 1 day) s(d)
        """,
        params,
    ).fetchall()
    con.executemany(
        "insert into migration_daily values (?, ?, ?, ?)",
        [
            (date(2026, 4, 29), "anthropic", "openai", 5),
            (date(2026, 4, 29), "openai", "anthropic", 2),
            (date(2026, 4, 20), "google", "anthropic", 1),
        ],
    )
    # migration_index_daily on 04-29: openai in 5, out 2 (net +3); anthropic in 3, out 5 (-2).
    con.execute(
        """
        insert into migration_index_daily
        select v, d::date, i, o, i - o, i, o, i - o, null
        from (values ('anthropic'), ('openai')) t(v),
             range($first::date, $end::date + 1, interval 1 day) s(d),
             lateral (select
                 case when d::date = '2026-04-29' then (case when v = 'openai' then 5 else 3 end)
                      else 0 end as i,
                 case when d::date = '2026-04-29' then (case when v = 'openai' then 2 else 5 end)
                      else 0 end as o)
        """,
        params,
    ).fetchall()
    # Crowd reports: anthropic 6 reporters on 04-29 22:00 and 23:00 (anomalous), 1 a week before.
    con.execute(
        """
        insert into outage_reports_hourly
        select v, h, r, 0, 0, 3, r > 3, r > 3
        from (values ('anthropic'), ('openai')) t(v),
             range('2026-04-17'::timestamptz, '2026-05-01'::timestamptz, interval 1 hour) s(h),
             lateral (select case
                 when v = 'anthropic' and h in ('2026-04-29 22:00:00+00'::timestamptz,
                                                '2026-04-29 23:00:00+00'::timestamptz) then 6
                 when v = 'anthropic' and h = '2026-04-20 10:00:00+00'::timestamptz then 1
                 else 0 end as r)
        """
    ).fetchall()
    con.execute(
        "insert into silent_outages values ('anthropic', '2026-04-29 22:00:00+00',"
        " '2026-04-30 00:00:00+00', 2, 6, 12)"
    ).fetchall()


@pytest.fixture
def site_con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _connect(tmp_path / "site.duckdb")
    _fill(con)
    yield con
    con.close()


@pytest.fixture
def built(site_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    out = tmp_path / "dash"
    out.mkdir()
    (out / "vendor-gone.html").write_text("stale", encoding="utf-8")  # an earlier build's page
    build_dashboards(site_con, out, generated_at=NOW, summary_lines=SUMMARY)
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value is not None:
                self.hrefs.append(value)
            if name == "src" and value is not None:
                self.srcs.append(value)


def _links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _plotly_data(page: str) -> list[list[dict[str, Any]]]:
    """The trace arrays of every Plotly.newPlot call, decoded."""
    decoder = json.JSONDecoder()
    calls = []
    for match in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", page):
        data, _ = decoder.raw_decode(page, match.end())
        calls.append(data)
    return calls


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


EVIL_PAGE = vendor_page_name(EVIL_VENDOR)


def test_vendor_page_names_are_safe_and_distinct() -> None:
    assert vendor_page_name("anthropic") == "vendor-anthropic.html"
    assert re.fullmatch(r"vendor-b-evil-b-[0-9a-f]{8}\.html", EVIL_PAGE)
    names = {vendor_page_name(v) for v in ("a b", "a-b", "A-B", "../x", "", "a/b")}
    assert len(names) == 6
    assert all(re.fullmatch(r"vendor-[a-z0-9-]+\.html", n) for n in names)


def test_every_vendor_with_data_gets_a_page(built: Path) -> None:
    pages = sorted(p.name for p in built.glob("vendor-*.html"))
    # cohere (posts: 0) and mistral (stories: 0) have rows but no data; the stale page is gone.
    assert pages == sorted(["vendor-anthropic.html", "vendor-openai.html", EVIL_PAGE])
    assert len(list(built.glob("*.js"))) == 1  # one shared plotly.min.js


def test_index_links_every_page_and_every_link_resolves(built: Path) -> None:
    index = _links(built / "index.html")
    expected = {p.filename for p in PAGES} | {p.name for p in built.glob("vendor-*.html")}
    assert expected <= set(index.hrefs)
    for page in sorted(built.glob("*.html")):
        links = _links(page)
        local = [h for h in links.hrefs if not re.match(r"(?i)^https?://", h)]
        for href in local:
            assert not href.startswith(("/", "javascript:", "data:")), (page.name, href)
            assert (built / href.split("#")[0]).is_file(), (page.name, href)
        assert links.srcs in ([], ["plotly.min.js"]), page.name  # nothing from the web
        text = page.read_text(encoding="utf-8")
        # The same chrome everywhere: stamp, run-details link, nav with the vendor menu; the
        # run summary only on the run-details page.
        assert "Data as of 2026-05-01 06:00 UTC" in text, page.name
        # every header states the data window, not only the build time
        window = r'<p class="asof">data window \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(UTC days\)'
        assert re.search(window, text), page.name
        summary = "<li>bad: failed - &lt;i&gt;boom&lt;/i&gt;</li>" in text
        assert summary == (page.name == RUNS_PAGE), page.name
        assert RUNS_PAGE in links.hrefs, page.name
        assert '<nav><a href="index.html"' in text, page.name
        assert "<summary>Vendors (3)</summary>" in text, page.name
        assert f'<a href="{EVIL_PAGE}"' in text, page.name
    vendor = (built / "vendor-openai.html").read_text(encoding="utf-8")
    assert '<a href="vendor-openai.html" aria-current="page">openai</a>' in vendor


def test_hostile_text_is_escaped_everywhere(built: Path) -> None:
    for page in sorted(built.glob("*.html")):
        raw = page.read_text(encoding="utf-8")
        assert XSS not in raw, page.name
        assert "<img" not in raw and "<b>evil" not in raw, page.name
        assert not re.search(r"href\s*=\s*[\"']?\s*(javascript|data):", raw, re.I), page.name
        # Only our own script tags: PlotlyConfig, the bundle, one per figure.
        scripts = re.findall(r"<script[^>]*>", raw)
        assert all(
            s in ("<script>", '<script charset="utf-8" src="plotly.min.js">') for s in scripts
        ), page.name
        for call in _plotly_data(raw):
            for text in _strings(call):
                assert "<script" not in text and "<img" not in text and "<b>evil" not in text
    index = (built / "index.html").read_text(encoding="utf-8")
    # Latest incidents: escaped titles, links only for http(s).
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in index
    assert (
        '<a href="https://status.openai.com/incidents/o1?a=1&amp;b=2" rel="noopener noreferrer">'
        "&#34;Degraded&#34; ChatGPT &amp; &#39;API&#39;</a>"
    ) in index
    assert "&lt;b&gt;evil&lt;/b&gt;&#34;" in index
    evil = (built / EVIL_PAGE).read_text(encoding="utf-8")
    assert "<title>Reliability Radar · Vendor · &lt;b&gt;evil&lt;/b&gt;&#34;</title>" in evil
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in evil  # table and uptime tooltip
    anthropic = (built / "vendor-anthropic.html").read_text(encoding="utf-8")
    hovers = [t for call in _plotly_data(anthropic) for t in _strings(call)]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in h for h in hovers)


def test_crisis_board_figures_sparklines_and_worst(
    site_con: duckdb.DuckDBPyConnection, built: Path
) -> None:
    metrics = board_page.board_metrics(site_con, site_vendors(site_con), END)
    rows = {r["vendor"]: r for r in metrics.iter_rows(named=True)}
    a, o = rows["anthropic"], rows["openai"]
    assert a["uptime_30d"] == pytest.approx(100 - 100 * (36 + 120 + 120) / 1440 / 30)
    assert a["uptime_90d"] == pytest.approx(100 - 100 * (36 + 120 + 120) / 1440 / 90)
    assert (a["incidents_30d"], a["mttr_30d"]) == (2, 180.0)  # a3 is older than 30 days
    assert (o["incidents_30d"], o["mttr_30d"]) == (1, None)  # open; maintenance left out
    assert a["sentiment_7d"] == pytest.approx(-0.2)
    assert a["sentiment_30d"] == pytest.approx((23 * 0.4 - 7 * 0.2) / 30)
    assert (a["net_30d"], o["net_30d"]) == (-2, 3)  # 04-20 google switch only in migration_daily
    assert rows[EVIL_VENDOR]["uptime_30d"] is None  # no status feed
    index = (built / "index.html").read_text(encoding="utf-8")
    table = index.split('<table class="board">')[1].split("</table>")[0].split("<tbody>")[1]
    body_rows = re.findall(r"<tr><th>(.*?)</th>(.*?)</tr>", table)
    assert [r[0] for r in body_rows] == [
        '<a href="vendor-anthropic.html">anthropic</a>',  # worst 30-day uptime first
        '<a href="vendor-openai.html">openai</a>',
        f'<a href="{EVIL_PAGE}">&lt;b&gt;evil&lt;/b&gt;&#34;</a>',
    ]
    cells = {r[0].split(">")[1].split("<")[0]: re.findall(r'<span class="pv p-last-30([^"]*)">'
             r"(.*?)</span>", r[1]) for r in body_rows}  # fmt: skip
    # Last 30 days: anthropic worst in uptime, incidents, MTTR and net migration; openai in
    # sentiment (+0.10 against anthropic's +0.26).
    assert cells["anthropic"] == [
        (" worst", "99.36 %"), (" worst", "2"), (" worst", "3h 0m"), ("", "+0.26"),
        (" worst", "-2"),
    ]  # fmt: skip
    assert cells["openai"] == [
        ("", "99.72 %"), ("", "1"), ("", "—"), (" worst", "+0.10"), ("", "+3"),
    ]  # fmt: skip
    # The hostile vendor: no status days (no feed), one incident, no migration data (not +0).
    assert cells["&lt;b&gt;evil&lt;/b&gt;&#34;"] == [
        ("", "no feed"), ("", "1"), ("", "30m"), ("", "—"), ("", "—"),
    ]  # fmt: skip
    # anthropic all five; openai no MTTR (nothing resolved); evil only MTTR (no status rows).
    assert table.count('<svg class="spark"') == 5 + 4 + 1
    assert "<polyline points=" in table and "<rect x=" in table
    assert "Latest 10 incidents" in index and "Biggest movers this week" in index


def test_weekly_movers(site_con: duckdb.DuckDBPyConnection, built: Path) -> None:
    movers = board_page.weekly_movers(site_con, END)
    got = {(r["metric"], r["vendor"]): (r["previous"], r["current"]) for r in movers.to_dicts()}
    assert got == {
        ("sentiment", "anthropic"): (pytest.approx(0.4), pytest.approx(-0.2)),
        ("crowd reports", "anthropic"): (1.0, 12.0),
        ("net migration", "openai"): (0.0, 3.0),
        ("net migration", "anthropic"): (0.0, -2.0),
    }
    assert movers["metric"].to_list()[0] == "sentiment"
    index = (built / "index.html").read_text(encoding="utf-8")
    assert '<td class="num worse">▼ -0.60</td>' in index  # sentiment fell
    assert '<td class="num worse">▲ +11</td>' in index  # more crowd reports
    assert '<td class="num better">▲ +3</td>' in index


def test_sparklines_share_a_scale_and_skip_nulls() -> None:
    points = pl.DataFrame(
        {
            "vendor": ["a", "a", "a", "b", "b"],
            "i": [0, 1, 2, 0, 2],
            "value": [0.0, 1.0, None, 2.0, 4.0],
        }
    )
    lines = board_page.sparklines(points, 3, label="<x>", zero=True)
    assert set(lines) == {"a", "b"}
    assert "<title>&lt;x&gt;</title>" in lines["a"]
    pts_a = re.search(r'points="([^"]+)"', lines["a"]).group(1).split()
    pts_b = re.search(r'points="([^"]+)"', lines["b"]).group(1).split()
    assert len(pts_a) == 2 and len(pts_b) == 2  # the null is dropped
    # Shared scale 0..4: b's last point (4) is at the top, a's first (0) at the bottom.
    assert pts_b[1].split(",")[1] == str(float(board_page.SPARK_PAD))
    assert pts_a[0].split(",")[1] == str(float(board_page.SPARK_HEIGHT - board_page.SPARK_PAD))
    bars = board_page.sparklines(points.fill_null(0.0), 3, label="n", bars=True)
    assert bars["a"].count("<rect") == 1 and bars["b"].count("<rect") == 2
    assert board_page.sparklines(points.clear(), 3, label="n") == {}


def test_vendor_page_uptime_bar_and_sections(built: Path) -> None:
    page = (built / "vendor-anthropic.html").read_text(encoding="utf-8")
    bar = page.split('<div class="uptime-bar">')[1].split("</svg>")[0]
    rects = re.findall(r'<rect x="(\d+)" y="0" width="3" height="34" fill="([^"]+)">'
                       r"<title>(.*?)</title></rect>", bar)  # fmt: skip
    assert len(rects) == vendor_page.BAR_DAYS
    assert rects[0][2].startswith((END - timedelta(days=89)).isoformat())
    by_day = {r[2][:10]: r for r in rects}
    assert by_day["2026-04-29"][1] == vendor_page.BAR_COLOURS["major"]  # 120 critical minutes
    assert by_day["2026-04-28"][1] == vendor_page.BAR_COLOURS["partial"]  # 120 major minutes
    assert by_day["2026-04-27"][1] == vendor_page.BAR_COLOURS["operational"]
    assert by_day["2026-04-29"][2] == (
        "2026-04-29 · uptime 91.67 % · 120 min outage · 1 incident(s) started: "
        "[critical] &lt;script&gt;alert(1)&lt;/script&gt;"
    )
    openai = (built / "vendor-openai.html").read_text(encoding="utf-8")
    assert f'fill="{vendor_page.BAR_COLOURS["maintenance"]}"><title>2026-04-20' in openai
    for div_id in ("vendor-news", "vendor-sentiment", "vendor-migration", "vendor-crowd"):
        assert f'id="{div_id}"' in page
    assert "3 incidents (maintenance included)" in page
    assert "No incident lead times yet" in page
    # openai: no news, no crowd reports -> explicit notes instead of empty charts.
    assert "No data yet: no news stories mention openai." in openai
    assert "No data yet: no crowd outage reports." in openai


def test_every_chart_has_a_non_empty_trace(built: Path) -> None:
    for page in sorted(built.glob("*.html")):
        raw = page.read_text(encoding="utf-8")
        for call in _plotly_data(raw):
            assert call, page.name
            assert any(
                len(t.get("x") or t.get("y") or t.get("z") or t.get("node", {}).get("label") or [])
                for t in call
            ), page.name


def test_pages_stay_light_and_never_inline_plotlyjs(built: Path) -> None:
    bundle_head = (built / "plotly.min.js").read_text(encoding="utf-8")[:200]
    for page in sorted(built.glob("*.html")):
        raw = page.read_text(encoding="utf-8")
        assert bundle_head not in raw and "plotly.js v" not in raw, page.name
        assert page.stat().st_size < 300_000, page.name
        if page.name == "index.html" or page.name.startswith("vendor-"):
            # The bundle is loaded only by pages with charts.
            assert raw.count('src="plotly.min.js"') == ("Plotly.newPlot(" in raw), page.name


def test_site_build_is_idempotent(site_con: duckdb.DuckDBPyConnection, built: Path) -> None:
    before = {p.name: p.read_bytes() for p in built.glob("*.html")}
    build_dashboards(site_con, built, generated_at=NOW, summary_lines=SUMMARY)
    assert {p.name: p.read_bytes() for p in built.glob("*.html")} == before
    # A single-page build refreshes its page and the board with the same navigation.
    build_page(site_con, built, USERS_PAGE, generated_at=NOW, summary_lines=SUMMARY)
    assert (built / "users.html").read_bytes() == before["users.html"]
    assert (built / "index.html").read_bytes() == before["index.html"]


def test_site_on_empty_warehouse(tmp_path: Path) -> None:
    con = _connect(tmp_path / "empty.duckdb")
    out = tmp_path / "d"
    paths = build_dashboards(con, out, generated_at=NOW)
    assert paths[-1] == out / "index.html"
    assert not list(out.glob("vendor-*.html"))
    index = paths[-1].read_text(encoding="utf-8")
    assert "No data yet: the indicator tables are empty." in index
    assert "No incidents yet." in index
    assert "<details>" not in index  # no vendor menu without vendors
    # Without a connection the index is the plain list of pages.
    plain = board_page.write_index_page(out, generated_at=NOW).read_text(encoding="utf-8")
    assert '<li><a href="outages.html">Outages</a>' in plain and "Vendors at a glance" not in plain


def test_sample_site(sample_home: Path) -> None:
    """The sample run's site: every vendor with data has a page, links resolve, pages light."""
    dash = sample_home / "dashboards"
    pages = sorted(dash.glob("*.html"))
    vendor_pages = {p.name for p in dash.glob("vendor-*.html")}
    assert {"vendor-anthropic.html", "vendor-openai.html", "vendor-google.html"} <= vendor_pages
    index = _links(dash / "index.html")
    assert vendor_pages | {p.filename for p in PAGES} <= set(index.hrefs)
    for page in pages:
        for href in _links(page).hrefs:
            if not re.match(r"(?i)^https?://", href):
                assert (dash / href).is_file(), (page.name, href)
        assert page.stat().st_size < 3_000_000, page.name
    board = (dash / "index.html").read_text(encoding="utf-8")
    assert board.count('<svg class="spark"') >= 20
    assert "worst" in board


# ------------------------------------------------------------------- the board's first screen


def test_headlines_are_computed_from_the_data(site_con: duckdb.DuckDBPyConnection) -> None:
    frame = board_story.headlines(site_con)
    # Outage vendor-months by downtime (anthropic 276 weighted minutes in April, openai 120);
    # the migration events (openai +3, anthropic -2 in April) are the same vendor-months.
    assert frame.select("kind", "rank", "vendor", "day").rows() == [
        ("outage", 1, "anthropic", date(2026, 4, 29)),  # first of the two worst days
        ("outage", 2, "openai", date(2026, 4, 30)),
    ]
    texts = [board_story.headline_text(r) for r in frame.iter_rows(named=True)]
    assert texts[0] == (
        '<time datetime="2026-04-29">29 Apr 2026</time> &ndash; anthropic: 2 incidents in '
        "April 2026, uptime 99.4 %, -2 users switched away, worst day 91.7 % up"
    )
    assert "openai: 1 incidents in April 2026, uptime 99.7 %, +3 users switched in" in texts[1]


def test_headline_of_a_migration_only_month(site_con: duckdb.DuckDBPyConnection) -> None:
    site_con.execute(
        "insert into migration_index_daily values ('cohere', '2026-03-05', 40, 0, 40, 40, 0, 40,"
        " null)"
    ).fetchall()
    frame = board_story.headlines(site_con)
    row = frame.filter(pl.col("vendor") == "cohere").row(0, named=True)
    assert (row["kind"], row["day"], row["incidents"]) == ("migration", date(2026, 3, 5), None)
    assert board_story.headline_text(row).endswith("cohere: +40 users switched in in March 2026")


def test_now_chips_put_open_incidents_first(site_con: duckdb.DuckDBPyConnection) -> None:
    html = board_story.now_tiles(site_con, site_vendors(site_con), END)
    chips = re.findall(r'<li class="(\w+)"[^>]*><b>(.*?)</b> (.*?)</li>', html)
    assert chips == [
        ("bad", "openai", "1 open incident(s)"),  # o1 is still open at the window's end
        ("warn", "anthropic", "uptime 7 d 97.26 %"),  # 276 weighted minutes in 7 days
        ("nofeed", "&lt;b&gt;evil&lt;/b&gt;&#34;", "no feed"),
    ]


def test_board_periods_months_and_picker(site_con: duckdb.DuckDBPyConnection, built: Path) -> None:
    periods = board_page.board_periods(site_con, site_vendors(site_con), FIRST, END)
    keys = periods.select("period", "first_day", "last_day").unique(maintain_order=True).rows()
    assert keys == [
        ("last-7", date(2026, 4, 24), END),
        ("last-30", date(2026, 4, 1), END),
        ("last-90", date(2026, 1, 31), END),
        ("month-2026-01", date(2026, 1, 1), date(2026, 1, 31)),
        ("month-2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("month-2026-03", date(2026, 3, 1), date(2026, 3, 31)),
        ("month-2026-04", date(2026, 4, 1), END),
    ]
    a = {r["period"]: r for r in periods.filter(pl.col("vendor") == "anthropic").to_dicts()}
    assert (a["month-2026-02"]["incidents"], a["month-2026-02"]["mttr_minutes"]) == (1, 60.0)
    assert a["month-2026-02"]["uptime_pct"] == 100.0 and a["month-2026-02"]["net"] == 0
    assert a["month-2026-04"]["net"] == -2 and a["last-90"]["incidents"] == 3
    index = (built / "index.html").read_text(encoding="utf-8")
    radios = re.findall(r'<input type="radio" name="board-period" id="pick-([\w-]+)"', index)
    assert radios == [k for k, _, _ in keys]
    assert index.count(" checked>") == 1 and 'id="pick-last-30" value="last-30" checked' in index
    for key, _, _ in keys:  # every period has its CSS rule and a value in every cell
        assert f"#pick-{key}:checked ~ table .p-{key} {{ display: inline; }}" in index
        assert index.count(f'<span class="pv p-{key}') == 3 * 5 + 1  # + the caption


def test_first_screen_tells_the_story(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    order = [
        index.index("Data window: 2026-01-01 to 2026-04-30"),
        index.index('<ol class="headlines">'),
        index.index('<ul class="now">'),
        index.index('id="board-window"'),
        index.index('<table class="months">'),
        index.index('<table class="board">'),
    ]
    assert order == sorted(order)
    assert 'class="summary"' not in index  # the run log lives on runs.html
    chart = _plotly_data(index)
    assert len(chart) == 1 and {t["name"] for t in chart[0]} == {"anthropic", "openai"}
    # Bands: anthropic's major/critical days 04-28..04-30 are one run; openai's 04-30 one more.
    assert index.count('"type":"rect"') == 2


def test_run_details_page(built: Path, tmp_path: Path) -> None:
    runs = (built / RUNS_PAGE).read_text(encoding="utf-8")
    assert "<li>status-a: fetched 200</li>" in runs
    assert "<li>bad: failed - &lt;i&gt;boom&lt;/i&gt;</li>" in runs and "<i>" not in runs
    empty = runs_page.write_runs_page(tmp_path / "r", generated_at=NOW)
    assert "No run summary" in empty.read_text(encoding="utf-8")


def _month_rows(index: str) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """The board's month table: vendor (as written) -> (its colour, [(classes, text)] cells)."""
    table = index.split('<table class="months">')[1].split("</table>")[0]
    rows = re.findall(
        r'<tr><th class="vendor" style="border-left-color:(#\w+)">(.*?)</th>(.*?)</tr>', table
    )
    cell = r'<td(?: class="([^"]*)")?>(.*?)</td>'
    return {
        re.sub(r"<[^>]+>", "", name): (colour, re.findall(cell, tds)) for colour, name, tds in rows
    }


def test_month_table_shows_every_month_side_by_side(
    site_con: duckdb.DuckDBPyConnection, built: Path
) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    months = index.split('<table class="months">')[1].split("</thead>")[0]
    # Four metric groups of four months (Jan..Apr 2026), the year on the first month.
    assert re.findall(r'<th colspan="4" class="first">(.*?)</th>', months) == [
        "Incidents", "Uptime %", "Net migration", "Sentiment",
    ]  # fmt: skip
    assert re.findall(r'title="([\d-]+ to [\d-]+)">', months)[:4] == [
        "2026-01-01 to 2026-01-31", "2026-02-01 to 2026-02-28", "2026-03-01 to 2026-03-31",
        "2026-04-01 to 2026-04-30",
    ]  # fmt: skip
    assert "Jan &#8217;26</th><th" in months and ">Feb</th>" in months
    rows = _month_rows(index)
    assert list(rows) == ["&lt;b&gt;evil&lt;/b&gt;&#34;", "anthropic", "openai"]  # by name
    colour, cells = rows["anthropic"]
    assert colour == vendor_colour("anthropic")
    texts = [text for _, text in cells]
    # incidents | uptime % | net migration | sentiment, January to April each.
    assert texts == [
        "0", "1", "0", "2",
        "100.00", "100.00", "100.00", "99.36",
        "+0", "+0", "+0", "-2",
        "+0.40", "+0.40", "+0.40", "+0.26",
    ]  # fmt: skip
    assert cells[3][0] == "worst" and cells[11][0] == "worse worst"  # April: 2 incidents, -2
    assert [text for _, text in rows["openai"][1]][8:12] == ["+0", "+0", "+0", "+3"]
    assert "better" in rows["openai"][1][11][0]
    # The hostile vendor: one incident, no status feed, no migration or sentiment data.
    assert [text for _, text in rows["&lt;b&gt;evil&lt;/b&gt;&#34;"][1]] == (
        ["0", "0", "0", "1"] + ["no feed"] * 4 + ["—"] * 8
    )
    # The same figures as the picker's months: one query feeds both.
    periods = board_page.board_periods(site_con, site_vendors(site_con), FIRST, END)
    april = periods.filter(pl.col("period") == "month-2026-04").sort("vendor")
    assert april.filter(pl.col("vendor") == "anthropic")["net"].item() == -2
    # A vendor without any figure in any month is named once, not given a row of dashes.
    with_cohere = board_page.board_periods(site_con, ["anthropic", "cohere"], FIRST, END)
    html = board_page.month_table(with_cohere, built)
    assert "No figures in any month: cohere." in html and list(_month_rows(html)) == ["anthropic"]
    assert "No figures" not in index


def test_vendor_pages_are_redrawn_only_for_vendors_whose_rows_changed(
    site_con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "vendors"
    vendors = site_vendors(site_con)
    drawn: list[str] = []
    real_body = vendor_page._vendor_body

    def counting_body(vendor: str, *args: Any, **kwargs: Any) -> str:
        drawn.append(vendor)
        return real_body(vendor, *args, **kwargs)

    monkeypatch.setattr(vendor_page, "_vendor_body", counting_body)

    def write(reuse: str | None, at: datetime = NOW) -> list[Path]:
        drawn.clear()
        return vendor_page.write_vendor_pages(site_con, out, vendors, generated_at=at, reuse=reuse)

    first = write("code-1")
    assert sorted(drawn) == sorted(vendors)
    later = NOW + timedelta(hours=1)
    assert write("code-1", later) == first and drawn == []  # same rows: every page kept
    assert "2026-05-01 06:00" in (out / "vendor-openai.html").read_text(encoding="utf-8")

    site_con.execute(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred,"
        " is_maintenance, started_at, resolved_at, duration_minutes, components, url, source,"
        " sources, status, updates) values ('openai', 'o9', 'New incident', 'minor', false,"
        " false, '2026-04-30 08:00:00+00', '2026-04-30 09:00:00+00', 60.0, [], null, 's',"
        " ['s'], 'resolved', 1)"
    )
    write("code-1", later)
    assert drawn == ["openai"]  # only the vendor whose rows changed
    assert "New incident" in (out / "vendor-openai.html").read_text(encoding="utf-8")

    write("code-2", later)  # other code, navigation or window: every page again
    assert sorted(drawn) == sorted(vendors)
    (out / "vendor-openai.html").write_text("edited by hand", encoding="utf-8")
    write("code-2", later)
    assert drawn == ["openai"]  # a page without its digest is drawn again
    write(None, later)  # no reuse (a --full run): every page
    assert sorted(drawn) == sorted(vendors)
