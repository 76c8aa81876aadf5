"""The dashboards in a real browser: headless Debian chromium driven by Playwright.

Every page reachable from index.html (of the sample run) is opened once from file:// with the
network blocked; the tests then check the reports: no console errors or uncaught exceptions,
no network requests, every plotly chart drawn with data, every local link resolving, and a
full-page screenshot per page ($RADAR_SCREENSHOT_DIR, else pytest's tmp dir).

Without playwright or a chromium binary the tests skip, except under CI=true, where they
fail: CI must not lose them silently (`.ci/run` installs chromium when it runs as root).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from plotly.offline import get_plotlyjs

from pipeline.core import warehouse
from pipeline.publish.site import build_dashboards
from tests import browser_helpers as bh
from tests.browser_helpers import PageReport

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CORE_PAGES = ("index.html", "outages.html", "news.html", "users.html")
NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
# Hostile untrusted text: each would open an alert dialog if it reached the DOM as markup.
XSS_INCIDENT = "<img src=x onerror=alert('incident')>"
XSS_ARTICLE = "<script>alert('article')</script>"
XSS_UPDATE = '"><svg onload=alert("update")>'
XSS_POST = "<iframe src=javascript:alert('post')></iframe>"
XSS_SUMMARY = "<img src=y onerror=alert('summary')>"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="module")
def browser_available() -> None:
    """Skip (fail under CI=true) when playwright or a chromium binary is missing."""
    reason = bh.unavailable_reason()
    if reason is not None:
        if _in_ci():
            pytest.fail(f"browser tests cannot run and CI=true: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(browser_available: None) -> Iterator[Browser]:
    """Headless chromium for the module, closed at its end."""
    with bh.launched_browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def screenshot_dir(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """$RADAR_SCREENSHOT_DIR (created), else a pytest tmp dir; the path is printed."""
    configured = os.environ.get("RADAR_SCREENSHOT_DIR")
    path = Path(configured) if configured else tmp_path_factory.mktemp("browser-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    # Output capture would swallow a plain print during fixture setup.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nbrowser screenshots: {path}")
    return path


@pytest.fixture(scope="module")
def site(
    browser_available: None, screenshot_dir: Path, request: pytest.FixtureRequest
) -> dict[str, PageReport]:
    """Reports of every page reachable from the sample run's index.html."""
    # Asked for in this order, not as parameters (session fixtures would be set up first):
    # a missing browser skips before the ~70 s sample pipeline runs, and the pipeline runs
    # before Playwright starts, whose sync API keeps an asyncio loop running that Dagster's
    # in-process executor trips over.
    sample_home: Path = request.getfixturevalue("sample_home")
    index = warehouse.dashboards_dir(sample_home) / "index.html"
    assert index.is_file(), f"no dashboards index at {index}"
    browser: Browser = request.getfixturevalue("browser")
    with bh.offline_context(browser) as context:
        return bh.crawl(context, index, screenshot_dir)


def _failures(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(found) for page, found in problems.items())


def test_crawl_reaches_every_page(site: dict[str, PageReport]) -> None:
    root = site["index.html"].path.parent
    assert set(CORE_PAGES) <= set(site), f"crawled only {sorted(site)}"
    orphans = {p.relative_to(root).as_posix() for p in root.rglob("*.html")} - set(site)
    assert not orphans, f"pages written but not linked from index.html: {sorted(orphans)}"


def test_pages_have_no_console_errors(site: dict[str, PageReport]) -> None:
    problems = {
        name: [f"page did not load: {r.load_error}"] * bool(r.load_error)
        + [f"console error: {m}" for m in r.console_errors]
        + [f"uncaught exception: {m}" for m in r.page_errors]
        + [f"dialog: {m}" for m in r.dialogs]
        for name, r in site.items()
        if r.load_error or r.console_errors or r.page_errors or r.dialogs
    }
    assert not problems, _failures(problems)


def test_pages_work_offline(site: dict[str, PageReport]) -> None:
    problems = {
        name: [f"network request: {url}" for url in r.network_requests]
        for name, r in site.items()
        if r.network_requests
    }
    assert not problems, _failures(problems)


def test_every_chart_drew_with_data(site: dict[str, PageReport]) -> None:
    problems = {name: found for name, r in site.items() if (found := bh.chart_problems(r))}
    assert not problems, _failures(problems)
    for name in CORE_PAGES[1:]:
        assert site[name].charts, f"{name} has no plotly chart"


def test_local_links_resolve(site: dict[str, PageReport]) -> None:
    problems = bh.link_problems(site)
    assert not problems, _failures(problems)
    for name, report in site.items():
        assert report.hrefs, f"{name} links nowhere (not even the index)"


def test_screenshot_per_page(site: dict[str, PageReport]) -> None:
    for name, report in site.items():
        shot = report.screenshot
        assert shot is not None, name
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{name}: {shot} is not a PNG"
        assert shot.stat().st_size > 10_000, f"{name}: {shot} is suspiciously small (blank?)"


# ------------------------------------------------------------------- the front page

FIRST_SCREEN = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
# Set to a folder (e.g. RADAR_SCREENSHOTS=docs) to write the README's crisis board screenshots.
SCREENSHOTS_ENV = "RADAR_SCREENSHOTS"
# Bounding boxes (document coordinates) of the first-screen parts of index.html.
_BOXES_JS = """() => {
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
    return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY}; };
  return {
    headline: box(document.querySelector('ol.headlines li')),
    lead: (document.querySelector('ol.headlines li') || {}).innerText || '',
    chart: box(document.querySelector('.js-plotly-plot .main-svg')),
    now: box(document.querySelector('ul.now')),
    runlog: box(document.querySelector('ul.summary')),
    width: document.documentElement.scrollWidth,
  };
}"""


def _front_page(browser: Browser, index: Path, viewport: dict[str, int]) -> dict:
    """Open `index` at `viewport`, wait for its chart; return the boxes and the open page."""
    context = browser.new_context(viewport=viewport, service_workers="block")
    page = context.new_page()
    page.goto(index.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg")
    return {"context": context, "page": page, "boxes": page.evaluate(_BOXES_JS)}


def test_front_page_leads_with_the_story(
    site: dict[str, PageReport], browser: Browser, tmp_path: Path
) -> None:
    """At 1440x900 the crisis headline, the vendors now and a chart are in the first screen,
    with no run log above the chart; screenshots go to $RADAR_SCREENSHOTS when set."""
    index = site["index.html"].path
    target = os.environ.get(SCREENSHOTS_ENV)
    out = Path(target) if target else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    for viewport, name in (
        (FIRST_SCREEN, "crisis_board_1440.png"),
        (PHONE, "crisis_board_390.png"),
    ):
        opened = _front_page(browser, index, viewport)
        try:
            boxes = opened["boxes"]
            opened["page"].screenshot(path=out / name, animations="disabled")
        finally:
            opened["context"].close()
        assert boxes["runlog"] is None, f"{name}: a run log on the front page"
        assert boxes["headline"] is not None and boxes["chart"] is not None, boxes
        if viewport is FIRST_SCREEN:
            height = viewport["height"]
            assert boxes["headline"]["bottom"] <= height, f"headline below the fold: {boxes}"
            assert boxes["now"]["bottom"] <= height, f"vendors' state below the fold: {boxes}"
            assert boxes["chart"]["bottom"] <= height, f"chart below the fold: {boxes}"
        assert boxes["width"] <= viewport["width"], f"{name}: wider than the screen: {boxes}"
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The sample's planted crisis (anthropic, March 2026) leads the headlines.
    assert "anthropic: " in boxes["lead"] and "March 2026" in boxes["lead"], boxes["lead"]
    runs = site["runs.html"]
    assert runs.text.count("\n") > 3 and "Last run: ingestion per source" in runs.text


# The month table as the reader sees it: metric groups, the month (first day) of every column,
# and per vendor row its cells' text.
_MONTHS_JS = """() => {
  const table = document.querySelector('table.months');
  if (!table) return null;
  const r = table.getBoundingClientRect();
  return {
    top: r.top + window.scrollY,
    groups: Array.from(table.querySelectorAll('thead tr:first-child th[colspan]'))
      .map((th) => [th.innerText.trim(), th.colSpan]),
    months: Array.from(table.querySelectorAll('thead tr:nth-child(2) th'))
      .map((th) => th.title.slice(0, 10)),
    rows: Array.from(table.querySelectorAll('tbody tr')).map((tr) => ({
      vendor: tr.querySelector('th').innerText.trim(),
      cells: Array.from(tr.querySelectorAll('td')).map((td) => td.innerText.trim()),
    })),
  };
}"""


def test_month_table_shows_march_and_april_side_by_side(
    site: dict[str, PageReport], browser: Browser, request: pytest.FixtureRequest
) -> None:
    """Below the chart, the month table shows the crisis month's net migration (the sample's
    March 2026, its largest) beside the next month's, for every vendor, as the warehouse has
    them (vendor_scorecard_monthly)."""
    opened = _front_page(browser, site["index.html"].path, FIRST_SCREEN)
    try:
        found, boxes = opened["page"].evaluate(_MONTHS_JS), opened["boxes"]
    finally:
        opened["context"].close()
    assert found is not None, "no month table on the crisis board"
    assert found["top"] >= boxes["chart"]["bottom"], "the month table is not below the chart"
    sample_home: Path = request.getfixturevalue("sample_home")
    with warehouse.connect(warehouse.warehouse_path(sample_home), read_only=True) as con:
        (crisis,) = con.execute(
            "select strftime(month, '%Y-%m-%d') from vendor_scorecard_monthly"
            " order by abs(migration_net) desc nulls last, month limit 1"
        ).fetchone()
        nets = con.execute(
            "select vendor, strftime(month, '%Y-%m-%d'), migration_net"
            " from vendor_scorecard_monthly where month in (?::date, ?::date + interval 1 month)",
            [crisis, crisis],
        ).fetchall()
    assert crisis == "2026-03-01"  # the sample's planted crisis month
    start = 0
    for name, span in found["groups"]:  # metric groups, in order
        if name == "Net migration":
            break
        start += span
    months = found["months"][start : start + span]
    march = months.index(crisis)
    april = march + 1  # side by side: the next column is the next month
    assert months[april] == next(m for _, m, _ in nets if m != crisis)
    expected = {(v, m): "—" if n is None else f"{n:+d}" for v, m, n in nets}
    shown = {}
    for row in found["rows"]:
        cells = row["cells"][start : start + span]
        shown[(row["vendor"], crisis)] = cells[march]
        shown[(row["vendor"], months[april])] = cells[april]
    assert {k: v for k, v in expected.items() if v != "—"} == {
        k: v for k, v in shown.items() if v != "—"
    }
    assert all(expected.get(k, "—") == "—" for k, v in shown.items() if v == "—")


# ------------------------------------------------------------------- hostile untrusted text


def _hostile_warehouse(path: Path) -> None:
    """A tiny warehouse whose untrusted text fields (titles, bodies, posts) are XSS payloads."""
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(3)]
    with warehouse.connect(path) as con:
        con.execute(
            "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred,"
            " is_maintenance, started_at, resolved_at, duration_minutes, components, url, source,"
            " sources, status, updates) values ('anthropic', 'x1', ?, 'major', false, false,"
            " '2026-03-02 10:00:00+00', '2026-03-02 11:00:00+00', 60.0, [?], ?, 'a-atom',"
            " ['a-atom'], 'resolved', 1)",
            [XSS_INCIDENT, XSS_UPDATE, "javascript:alert('url')"],
        ).fetchall()
        con.execute(
            "insert into incident_updates (vendor, incident_id, status, posted_at, body, source)"
            " values ('anthropic', 'x1', 'resolved', '2026-03-02 11:00:00+00', ?, 'a-atom')",
            [XSS_UPDATE],
        ).fetchall()
        con.executemany(
            "insert into outage_daily (vendor, day, incidents_started, outage_minutes,"
            " major_outage_minutes, weighted_down_minutes, uptime_pct, mttr_minutes,"
            " maintenance_minutes) values ('anthropic', ?, ?, ?, ?, ?, ?, ?, 0)",
            [
                (d, 1, 60.0, 60.0, 18.0, 98.75, 60.0)
                if d == days[1]
                else (d, 0, 0, 0, 0, 100, None)
                for d in days
            ],
        )
        con.execute(
            "insert into articles (article_id, source, url, canonical_url, published_at, title,"
            " summary, text_source, language, vendors, topics, tone, sources, urls, copies)"
            " values ('n1', 'wire', ?, 'news.example/x', '2026-03-02 12:00:00+00', ?, ?,"
            " 'page', 'en', ['anthropic'], ['outage'], -0.5, ['wire'], ['x'], 1)",
            ["javascript:alert('link')", XSS_ARTICLE, XSS_UPDATE],
        ).fetchall()
        con.execute(
            "insert into news_daily (vendor, day, articles, tone_mean, outage_articles,"
            " migration_articles, lead_articles, sources) values ('anthropic', ?, 1, -0.5, 1, 0,"
            " 1, 1)",
            [days[1]],
        ).fetchall()
        con.execute(
            "insert into posts (post_id, platform, created_at, author, text, url, vendors,"
            " sentiment, language, kind, thread_id, score, is_outage_report, source,"
            " first_seen_at) values ('hn:1', 'hn', '2026-03-02 10:05:00+00', ?, ?, ?,"
            " ['anthropic'], -0.6, 'en', 'comment', null, 1, true, 'hn', '2026-03-02 12:00:00+00')",
            [XSS_SUMMARY, XSS_POST, "javascript:alert('post-url')"],
        ).fetchall()


def test_hostile_text_renders_as_text(browser: Browser, tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    _hostile_warehouse(db)
    out = tmp_path / "dashboards"
    with warehouse.connect(db, read_only=True) as con:
        build_dashboards(con, out, generated_at=NOW, summary_lines=[XSS_SUMMARY])
    with bh.offline_context(browser) as context:
        site = bh.crawl(context, out / "index.html")
    assert set(CORE_PAGES) <= set(site)
    for name, report in site.items():
        assert not report.dialogs, f"{name}: a payload ran: {report.dialogs}"
        assert not report.page_errors, f"{name}: {report.page_errors}"
        assert not report.console_errors, f"{name}: {report.console_errors}"
        assert not report.network_requests, f"{name}: {report.network_requests}"
        assert not report.inline_handlers, f"{name}: markup from data: {report.inline_handlers}"
    # The run summary is shown, as text, on the run-details page only.
    assert XSS_SUMMARY in site["runs.html"].text, "the run summary is not shown as text"
    assert not [name for name, r in site.items() if XSS_SUMMARY in r.text and name != "runs.html"]
    # The payloads are visible, literally, where the pages list them.
    assert XSS_INCIDENT in site["outages.html"].text
    assert XSS_ARTICLE in site["news.html"].text
    # javascript: URLs never become links.
    assert not bh.link_problems(site)


# ------------------------------------------------------------------- the checks can fail


def test_checks_catch_a_broken_page(browser: Browser, tmp_path: Path) -> None:
    """A page with every fault the site tests look for: each is reported."""
    (tmp_path / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="broken.html">b</a> <a href="missing.html">m</a>', encoding="utf-8"
    )
    (tmp_path / "broken.html").write_text(
        """<html><head><script src="plotly.min.js"></script></head><body>
        <a href="index.html#nowhere">frag</a> <a href="javascript:alert(1)">js</a>
        <a href="https://example.com/">external, fine</a>
        <img src="https://example.com/pixel.png">
        <div id="empty-chart" class="plotly-graph-div"></div>
        <div id="never-drawn" class="plotly-graph-div"></div>
        <script>
          Plotly.newPlot('empty-chart', [{type: 'bar', x: [], y: []}]);
          console.error('boom');
          window.setTimeout(() => { throw new Error('late failure'); }, 0);
        </script></body></html>""",
        encoding="utf-8",
    )
    with bh.offline_context(browser) as context:
        # The never-drawn chart must not cost the full 30 s wait.
        site = bh.crawl(context, tmp_path / "index.html", tmp_path / "shots", timeout_ms=3_000)
    assert list(site) == ["index.html", "broken.html"]
    broken = site["broken.html"]
    assert "boom" in broken.console_errors
    assert any("late failure" in e for e in broken.page_errors)
    assert broken.network_requests == ["https://example.com/pixel.png"]
    found = bh.chart_problems(broken)
    assert found[0].startswith("charts not drawn")
    assert "#empty-chart: 1 trace(s), none with data" in found
    assert any(f.startswith("#never-drawn: no svg.main-svg") for f in found)
    links = bh.link_problems(site)
    assert any("missing.html" in p and "does not exist" in p for p in links["index.html"])
    assert links["broken.html"] == [
        "'index.html#nowhere': no id 'nowhere' on index.html",
        "'javascript:alert(1)': not a local file or http(s) link",
    ]
    assert (tmp_path / "shots" / "broken.png").is_file()


def test_unavailable_browser_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(bh.CHROMIUM_ENV, "/nonexistent/chromium")
    assert bh.find_chromium() is None
    assert bh.unavailable_reason() == f"{bh.CHROMIUM_ENV}=/nonexistent/chromium is not a file"


def test_classify_link(tmp_path: Path) -> None:
    page = tmp_path / "site" / "index.html"
    assert bh.classify_link(page, "https://x.example/a").kind == "external"
    assert bh.classify_link(page, "mailto:a@b.c").kind == "external"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.com"):
        assert bh.classify_link(page, bad).kind == "bad", bad
    link = bh.classify_link(page, "vendor%20x.html?v=1#top")
    assert (link.kind, link.path, link.fragment) == ("local", page.parent / "vendor x.html", "top")
    assert bh.classify_link(page, "#crisis").path == page
    assert bh.classify_link(page, "../exports/a.csv").path == tmp_path / "exports" / "a.csv"


# ------------------------------------------------------------------- readable on a phone

PHONE_VIEWPORT = {"width": 390, "height": 844}
# The page's width and, per plotly trace, what a vendor colour check needs (gd.data as drawn).
_PHONE_JS = """() => {
  const list = (v) => (Array.isArray(v) || ArrayBuffer.isView(v)) ? Array.from(v) : null;
  const colour = (c) => (typeof c === 'string') ? c : list(c);
  return {
    width: document.documentElement.scrollWidth,
    traces: Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap((gd) =>
      (gd.data || []).map((t) => ({
        div: gd.id, type: t.type || 'scatter', name: t.name ?? null,
        group: t.legendgroup ?? null, mode: t.mode ?? null,
        line: t.line ? colour(t.line.color) : null,
        marker: t.marker ? colour(t.marker.color) : null,
        y: list(t.y),
        labels: t.node ? list(t.node.label) : null,
        nodes: t.node ? colour(t.node.color) : null,
      }))),
  };
}"""


@pytest.fixture(scope="module")
def phone_pages(site: dict[str, PageReport], browser: Browser) -> dict[str, dict]:
    """Every crawled page opened at 390 px wide: its scroll width and its plotly traces."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, service_workers="block")
    context.set_default_timeout(bh.TIMEOUT_MS)
    found: dict[str, dict] = {}
    try:
        for name, report in site.items():
            page = context.new_page()
            try:
                page.goto(report.path.as_uri())
                page.wait_for_function(bh.CHARTS_READY_JS)
                found[name] = page.evaluate(_PHONE_JS)
            finally:
                page.close()
    finally:
        context.close()
    return found


def test_no_page_is_wider_than_a_phone(phone_pages: dict[str, dict]) -> None:
    """At 390 px no page scrolls sideways: wide tables scroll inside, charts resize."""
    wide = {
        name: found["width"]
        for name, found in phone_pages.items()
        if found["width"] > PHONE_VIEWPORT["width"]
    }
    assert not wide, f"pages wider than {PHONE_VIEWPORT['width']} px: {wide}"


def _vendor_marks(trace: dict, vendors: set[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(vendor, colour) pairs a trace draws, and its colours that belong to no vendor."""
    if trace["labels"] is not None:  # Sankey: one node per vendor and side
        return list(zip(trace["labels"], trace["nodes"] or [], strict=False)), []
    marker, line = trace["marker"], trace["line"]
    if isinstance(marker, list) and trace["type"] == "bar" and trace["y"]:
        # Bars per counterpart vendor (the vendor pages' switches chart).
        pairs = [(y, c) for y, c in zip(trace["y"], marker, strict=False) if y in vendors]
        return pairs, []
    name = trace["group"] if trace["group"] in vendors else trace["name"]
    name = (name or "").removesuffix(" incidents")
    scalar = line if "lines" in (trace["mode"] or "") and isinstance(line, str) else marker
    if not isinstance(scalar, str):
        return [], []
    return ([(name, scalar)], []) if name in vendors else ([], [scalar])


def _colour_problems(
    pages: dict[str, dict],
) -> tuple[set[str], dict[str, list[str]], list[tuple[str, str, str]]]:
    """(vendors drawn, charts drawing a vendor off its palette colour, non-vendor marks in a
    vendor colour) over the `_PHONE_JS` traces of `pages`."""
    from pipeline.publish.palette import VENDOR_COLOURS

    vendors = set(VENDOR_COLOURS)
    seen: dict[str, set[tuple[str, str]]] = {}
    others: set[tuple[str, str, str]] = set()
    for page, found in pages.items():
        for trace in found["traces"]:
            pairs, loose = _vendor_marks(trace, vendors)
            for vendor, colour in pairs:
                seen.setdefault(vendor, set()).add((colour.lower(), f"{page}#{trace['div']}"))
            others |= {(c.lower(), page, str(trace["name"])) for c in loose}
    wrong = {
        vendor: sorted(where for colour, where in marks if colour != VENDOR_COLOURS[vendor].lower())
        for vendor, marks in seen.items()
    }
    palette = {c.lower() for c in VENDOR_COLOURS.values()}
    reused = sorted(o for o in others if o[0] in palette)
    return set(seen), {v: w for v, w in wrong.items() if w}, reused


def test_one_colour_per_vendor_on_every_page(phone_pages: dict[str, dict]) -> None:
    """A vendor is drawn in its palette colour in every trace of every page (Sankey
    included), and no other mark (anomalies, thresholds, roles, topics) uses a vendor colour."""
    seen, wrong, reused = _colour_problems(phone_pages)
    assert len(seen) >= 3, f"too few vendors drawn to check: {sorted(seen)}"
    assert not wrong, f"vendors drawn in another colour than their palette one: {wrong}"
    assert not reused, f"a vendor's colour used for something else: {reused}"


def test_colour_check_catches_a_vendor_off_its_colour() -> None:
    """The check above fails on a vendor drawn in two colours or a marker in a vendor's."""
    from pipeline.publish.palette import VENDOR_COLOURS

    def trace(name: str, colour: str, **extra: object) -> dict:
        base = {"div": "d", "type": "scatter", "name": name, "group": None, "mode": "lines"}
        return {**base, "line": colour, "marker": None, "y": None, "labels": None, "nodes": None,
                **extra}  # fmt: skip

    pages = {
        "a.html": {"traces": [trace("openai", VENDOR_COLOURS["openai"])]},
        "b.html": {
            "traces": [
                trace("openai", VENDOR_COLOURS["google"]),
                trace("anomalous hour", "#000", mode="markers", marker=VENDOR_COLOURS["meta"]),
                trace("", "", type="sankey", labels=["google"], nodes=[VENDOR_COLOURS["xai"]]),
            ]
        },
    }
    seen, wrong, reused = _colour_problems(pages)
    assert seen == {"openai", "google"}
    assert wrong == {"openai": ["b.html#d"], "google": ["b.html#d"]}
    assert reused == [(VENDOR_COLOURS["meta"], "b.html", "anomalous hour")]
