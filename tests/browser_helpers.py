"""Drive Debian's chromium through Playwright: crawl the offline dashboards, report per page.

Nothing here asserts: `crawl` opens every page reachable from an index page by local links and
records what a reader would have hit (console errors, uncaught exceptions, dialogs, network
requests, charts that did not draw); `link_problems` checks the links it collected. The tests
in `tests/test_browser.py` turn the reports into failures.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request, Route

CHROMIUM_ENV = "RADAR_CHROMIUM"  # explicit browser binary; else the first of CHROMIUM_NAMES
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# --no-sandbox: CI runs as root, where chromium refuses to start sandboxed; the pages are ours.
# --disable-dev-shm-usage: containers often have a 64 MiB /dev/shm that crashes big pages.
LAUNCH_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")
TIMEOUT_MS = 30_000  # per navigation / chart wait: generous for a loaded 2-core machine
VIEWPORT = {"width": 1280, "height": 900}
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
EXTERNAL_SCHEMES = ("http", "https", "mailto")
MAX_PAGES = 200

# True once every plotly div has been drawn by plotly.js (class js-plotly-plot + an svg).
CHARTS_READY_JS = """
() => Array.from(document.querySelectorAll('.plotly-graph-div')).every(
    (el) => el.classList.contains('js-plotly-plot') && el.querySelector('svg.main-svg') !== null
        && el._fullLayout !== undefined)
"""

# One record per chart: is it drawn, how many traces, how many carry data, how many marks.
# A trace "carries data" when every data array it sets (x, y, z, values, ..., Sankey
# link.value, table cells.values) has at least one non-null, non-NaN element; base64 typed
# arrays ({dtype, bdata}) count by their encoded length.
CHARTS_JS = """
() => {
  const isList = (v) => Array.isArray(v) || ArrayBuffer.isView(v);
  const present = (e) => e !== null && e !== undefined && !(typeof e === 'number' && isNaN(e));
  const filled = (v) => {
    if (isList(v)) {
      return Array.prototype.some.call(v, (e) => isList(e) ? filled(e) : present(e));
    }
    return v !== null && typeof v === 'object' && typeof v.bdata === 'string' && v.bdata.length > 0;
  };
  // Drawn marks: scatter/bar paths, heatmap images, Sankey links and nodes, pie slices.
  const MARKS = '.cartesianlayer .trace path, .cartesianlayer .trace image, .hm image,'
      + ' .sankey-link, .sankey-node, .pielayer .slice, .polarlayer .trace path';
  const KEYS = ['x', 'y', 'z', 'values', 'lat', 'lon', 'r', 'theta', 'a', 'b', 'c'];
  const hasData = (t) => {
    const arrays = KEYS.filter((k) => t[k] !== undefined && t[k] !== null).map((k) => t[k]);
    if (t.link && t.link.value !== undefined) arrays.push(t.link.value);
    if (t.cells && t.cells.values !== undefined) arrays.push(t.cells.values);
    return arrays.length > 0 && arrays.every(filled);
  };
  return Array.from(document.querySelectorAll('.plotly-graph-div')).map((el) => {
    const data = Array.isArray(el.data) ? el.data : [];
    return {
      id: el.id || '(no id)',
      drawn: el.classList.contains('js-plotly-plot') && el.querySelector('svg.main-svg') !== null,
      traces: data.length,
      with_data: data.filter(hasData).length,
      full_traces: Array.isArray(el._fullData) ? el._fullData.length : 0,
      marks: el.querySelectorAll(MARKS).length,
    };
  });
}
"""

# Everything else a report needs from the DOM, in one round trip.
PAGE_JS = """
() => ({
  hrefs: Array.from(document.querySelectorAll('a[href]'), (a) => a.getAttribute('href')),
  ids: Array.from(document.querySelectorAll('[id], a[name]'),
      (e) => e.id || e.getAttribute('name')),
  text: document.body ? document.body.innerText : '',
  handlers: Array.from(document.querySelectorAll('*')).flatMap((e) =>
      Array.from(e.attributes).filter((a) => a.name.startsWith('on'))
          .map((a) => `<${e.tagName.toLowerCase()} ${a.name}>`)),
})
"""


def find_chromium() -> str | None:
    """Return the chromium binary to drive: $RADAR_CHROMIUM, else the first on PATH."""
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    return None


def unavailable_reason() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    if explicit := os.environ.get(CHROMIUM_ENV):
        if not Path(explicit).is_file():
            return f"{CHROMIUM_ENV}={explicit} is not a file"
    elif find_chromium() is None:
        return (
            f"no chromium binary (none of {', '.join(CHROMIUM_NAMES)} on PATH, {CHROMIUM_ENV}"
            " unset; as root: apt-get install -y chromium)"
        )
    return None


@contextmanager
def launched_browser() -> Iterator[Browser]:
    """Start headless chromium (the system binary, no Playwright download); always close it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=find_chromium(),
            args=list(LAUNCH_ARGS),
            headless=True,
            timeout=TIMEOUT_MS,
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def offline_context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context (no service workers), closed on exit."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@dataclass
class PageReport:
    """What one page did in the browser."""

    name: str  # path relative to the site root, e.g. "news.html"
    path: Path
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    network_requests: list[str] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    load_error: str | None = None  # set when the page itself could not be loaded
    charts_timeout: str | None = None  # set when the charts never finished drawing
    hrefs: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    text: str = ""
    inline_handlers: list[str] = field(default_factory=list)
    screenshot: Path | None = None


@dataclass(frozen=True)
class Link:
    """A classified href: external (http/https/mailto), local (a file) or bad (other scheme)."""

    kind: str
    href: str
    path: Path | None = None
    fragment: str = ""


def classify_link(page: Path, href: str) -> Link:
    """Resolve `href` as written on `page` (a file) to an external, local or bad link."""
    parts = urlsplit(href.strip())
    scheme = parts.scheme.lower()
    if scheme in EXTERNAL_SCHEMES:
        return Link("external", href)
    if scheme not in ("", "file") or (scheme == "" and parts.netloc):
        return Link("bad", href)  # javascript:, data:, protocol-relative //host ...
    if not parts.path:
        return Link("local", href, page, unquote(parts.fragment))
    target = Path(unquote(parts.path))
    target = target if target.is_absolute() else page.parent / target
    return Link("local", href, target.resolve(), unquote(parts.fragment))


def _guard_network(page: Page, report: PageReport) -> None:
    """Abort and record every request that is not local: the site must work offline."""

    def note(url: str) -> None:
        if url not in report.network_requests:
            report.network_requests.append(url)

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            note(url)
            route.abort()

    def seen(request: Request) -> None:
        # Belt and braces: a request the router did not see is still recorded.
        if not request.url.startswith(LOCAL_SCHEMES):
            note(request.url)

    page.route("**/*", handle)
    page.on("request", seen)


def _open(context: BrowserContext, path: Path, name: str) -> tuple[Page, PageReport]:
    """Open a tab with every listener attached and start loading `path` (does not wait)."""
    report = PageReport(name=name, path=path)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda err: report.page_errors.append(str(err)))

    def on_dialog(dialog: Any) -> None:
        report.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    _guard_network(page, report)
    return page, report


def _finish(
    page: Page, report: PageReport, screenshot_dir: Path | None, timeout_ms: float
) -> PageReport:
    """Wait for the page and its charts, fill the report, screenshot it and close the tab."""
    # Imported here: this module must import without playwright, so the tests can skip.
    from playwright.sync_api import Error as PlaywrightError

    try:
        try:
            page.wait_for_load_state("load", timeout=timeout_ms)
        except PlaywrightError as err:
            report.load_error = str(err).splitlines()[0]
            return report
        try:
            page.wait_for_function(CHARTS_READY_JS, timeout=timeout_ms)
        except PlaywrightError as err:  # a timeout: the report shows which charts are missing
            report.charts_timeout = str(err).splitlines()[0]
        report.charts = page.evaluate(CHARTS_JS)
        dom = page.evaluate(PAGE_JS)
        report.hrefs = dom["hrefs"]
        report.ids = {i for i in dom["ids"] if i}
        report.text = dom["text"]
        report.inline_handlers = dom["handlers"]
        if screenshot_dir is not None:
            shot = screenshot_dir / (report.name.replace("/", "__").removesuffix(".html") + ".png")
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=shot, full_page=True, animations="disabled", timeout=timeout_ms)
            report.screenshot = shot
    finally:
        page.close()
    return report


def visit(
    context: BrowserContext,
    path: Path,
    name: str,
    screenshot_dir: Path | None = None,
    *,
    timeout_ms: float = TIMEOUT_MS,
) -> PageReport:
    """Open `path` in a new tab, wait for its charts and record a PageReport; close the tab."""
    from playwright.sync_api import Error as PlaywrightError

    page, report = _open(context, path, name)
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=timeout_ms)
    except PlaywrightError as err:
        report.load_error = str(err).splitlines()[0]
        page.close()
        return report
    return _finish(page, report, screenshot_dir, timeout_ms)


def crawl(
    context: BrowserContext,
    index: Path,
    screenshot_dir: Path | None = None,
    *,
    timeout_ms: float = TIMEOUT_MS,
) -> dict[str, PageReport]:
    """Visit `index` and every .html page under its folder reachable from it by local links.

    One page at a time (parallel tabs were no faster on two loaded cores), breadth first.
    Returns the reports by page name (path relative to the index's folder), in visit order;
    `timeout_ms` bounds each page load, each wait for its charts and each screenshot.
    """
    root = index.parent.resolve()
    queue = [index.resolve()]
    seen = set(queue)
    reports: dict[str, PageReport] = {}
    while queue and len(reports) < MAX_PAGES:
        path = queue.pop(0)
        name = path.relative_to(root).as_posix()
        reports[name] = report = visit(context, path, name, screenshot_dir, timeout_ms=timeout_ms)
        for href in report.hrefs:
            link = classify_link(path, href)
            target = link.path
            if (
                link.kind == "local"
                and target is not None
                and target.suffix == ".html"
                and target.is_relative_to(root)
                and target.is_file()
                and target not in seen
            ):
                seen.add(target)
                queue.append(target)
    return reports


def link_problems(reports: dict[str, PageReport]) -> dict[str, list[str]]:
    """Broken links per page: bad schemes, missing local files, fragments with no target id.

    Fragments are checked on crawled pages only (their ids were collected in the browser).
    """
    by_path = {r.path.resolve(): r for r in reports.values()}
    problems: dict[str, list[str]] = {}
    for report in reports.values():
        found: list[str] = []
        for href in report.hrefs:
            link = classify_link(report.path, href)
            if link.kind == "bad":
                found.append(f"{href!r}: not a local file or http(s) link")
            elif link.kind == "local" and link.path is not None:
                if not link.path.exists():
                    found.append(f"{href!r}: {link.path} does not exist")
                elif (
                    link.fragment
                    and (target := by_path.get(link.path)) is not None
                    and link.fragment not in target.ids
                ):
                    found.append(f"{href!r}: no id {link.fragment!r} on {target.name}")
        if found:
            problems[report.name] = found
    return problems


def chart_problems(report: PageReport) -> list[str]:
    """Charts of one page that did not draw or carry no data."""
    found = [f"charts not drawn: {report.charts_timeout}"] if report.charts_timeout else []
    for chart in report.charts:
        if not chart["drawn"]:
            found.append(f"#{chart['id']}: no svg.main-svg (plotly did not draw it)")
        elif chart["with_data"] == 0:
            found.append(f"#{chart['id']}: {chart['traces']} trace(s), none with data")
        elif chart["marks"] == 0:
            found.append(f"#{chart['id']}: traces with data but no marks drawn")
    return found
