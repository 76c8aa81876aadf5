"""The page kit: the site map, escaping, the shared page chrome and atomic page writes.

Dashboards are static pages under one folder that open offline from file://: every page with
figures loads the one `plotly.min.js` beside it (copied from the plotly package, never the
CDN). A page is its body (sections of figure fragments and tables) wrapped by `write_page` in
the same chrome: header with the crisis board link, "data as of" stamp and the navigation (the
crisis board, every page of PAGES and, during a site build, a menu of the vendor pages).

All outside text (titles, vendor names, URLs) is untrusted: `escape_text` (and its polars twin
`escape_expr`) escapes it before it reaches plotly, which renders hover text, tick labels and
legend names as HTML, or the page; only http(s) URLs become links (`link_expr`).
"""

import hashlib
import html
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    import plotly.graph_objects as go

# plotly (~0.1 s to import) is imported where a figure or its bundle is written: a run whose
# pages are all unchanged writes only runs.html, which has no figure.

logger = logging.getLogger(__name__)

PLOTLY_JS = "plotly.min.js"
INDEX_PAGE = "index.html"
OUTAGES_PAGE = "outages.html"
NEWS_PAGE = "news.html"
USERS_PAGE = "users.html"
EVENT_STUDY_PAGE = "event_study.html"
VENDOR_PAGE_PREFIX = "vendor-"
# The run-details page (per-source ingestion summary), linked from every page's footer.
RUNS_PAGE = "runs.html"
BOARD_TITLE = "Crisis board"
NO_DATA = "No data yet"


@dataclass(frozen=True, slots=True)
class Page:
    """One dashboard page: file name in the dashboards folder, link title, one-line summary."""

    filename: str
    title: str
    description: str


# Pages the navigation and the crisis board link; a new page adds one line here and its writer
# in pipeline.publish.site.
PAGES: tuple[Page, ...] = (
    Page(
        OUTAGES_PAGE,
        "Outages",
        "Uptime per vendor and day, incident timeline, MTTR and outage minutes per month.",
    ),
    Page(
        NEWS_PAGE,
        "News",
        "Press coverage and tone per vendor and day next to major incidents, topic mix, "
        "top stories.",
    ),
    Page(
        USERS_PAGE,
        "Users",
        "Social sentiment, reported switches between vendors, crowd outage reports vs "
        "official incidents (lead times, silent outages).",
    ),
    Page(
        EVENT_STUDY_PAGE,
        "Event study",
        "How sentiment, crowd reports, news and switching respond to major incidents, for the "
        "vendor and its competitors: average response curve and every event.",
    ),
)


def vendor_page_name(vendor: str) -> str:
    """File name of a vendor's page: `vendor-<slug>.html`.

    Slugs of the contract (`[a-z0-9-]`) are used as they are; any other name (data is
    untrusted) gets a sanitized slug plus a short hash, so names never collide or escape the
    folder.
    """
    slug = re.sub(r"[^a-z0-9-]+", "-", vendor.lower()).strip("-")
    if slug != vendor or not slug:
        digest = hashlib.sha256(vendor.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return f"{VENDOR_PAGE_PREFIX}{slug}.html"


# The vendor pages (file name, vendor) of the site being built. The site build sets them for
# its duration, so every page written meanwhile (whoever writes it) carries the same vendor
# menu in its navigation; outside a build the menu is left out.
_VENDOR_NAV: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("vendor_nav", default=())


@contextmanager
def vendor_navigation(links: Sequence[tuple[str, str]]) -> Iterator[None]:
    """Show the vendor pages `links` ((file name, vendor) pairs) in the nav of pages written."""
    token = _VENDOR_NAV.set(tuple(links))
    try:
        yield
    finally:
        _VENDOR_NAV.reset(token)


_DATA_WINDOW: ContextVar[tuple[date, date] | None] = ContextVar("data_window", default=None)


@contextmanager
def data_window(window: tuple[date, date] | None) -> Iterator[None]:
    """State the data window (first and last UTC day of data) in the header of pages written."""
    token = _DATA_WINDOW.set(window)
    try:
        yield
    finally:
        _DATA_WINDOW.reset(token)


def _window_text() -> str:
    window = _DATA_WINDOW.get()
    if window is None:
        return ""
    first, last = window
    return f"data window {first:%Y-%m-%d} to {last:%Y-%m-%d} (UTC days) · "


# ------------------------------------------------------------------------------ text


def escape_text(text: str) -> str:
    """Escape untrusted text for HTML and for plotly's HTML-like labels.

    Quotes become numeric entities because plotly decodes `&#39;` but not `&quot;`.
    """
    return html.escape(text, quote=False).replace('"', "&#34;").replace("'", "&#39;")


def escape_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of `escape_text` (same output), for whole columns."""
    return (
        expr.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_all('"', "&#34;", literal=True)
        .str.replace_all("'", "&#39;", literal=True)
    )


def duration_expr(minutes: pl.Expr) -> pl.Expr:
    """Format minutes as '2d 3h', '1h 5m' or '12m'."""
    m = minutes.round(0).cast(pl.Int64)
    return (
        pl.when(m >= 1440)
        .then(pl.format("{}d {}h", m // 1440, (m % 1440) // 60))
        .when(m >= 60)
        .then(pl.format("{}h {}m", m // 60, m % 60))
        .otherwise(pl.format("{}m", m))
    )


def utc_text(expr: pl.Expr) -> pl.Expr:
    """Format an aware timestamp column as 'YYYY-MM-DD HH:MM UTC'."""
    return expr.dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%d %H:%M UTC")


_HTTP_URL = r"(?i)^https?://"


def link_expr(url: pl.Expr, text: pl.Expr) -> pl.Expr:
    """`<a href=url>text</a>` when `url` is http(s), else `text`; `text` must be escaped HTML."""
    url = url.fill_null("")
    # Only http(s) URLs become links: javascript:, data: etc. stay plain text.
    return (
        pl.when(url.str.contains(_HTTP_URL))
        .then(pl.format('<a href="{}" rel="noopener noreferrer">{}</a>', escape_expr(url), text))
        .otherwise(text)
    )


def as_of_text(generated_at: datetime) -> str:
    """The "data as of" stamp: 'YYYY-MM-DD HH:MM UTC'.

    Raises:
        ValueError: `generated_at` is naive.
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware")
    return generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# ------------------------------------------------------------------------------ fragments


def section(title: str, note: str, content: str) -> str:
    """A page section: escaped heading and note, then `content` (HTML)."""
    return (
        f"<section>\n<h2>{escape_text(title)}</h2>\n"
        f'<p class="note">{escape_text(note)}</p>\n{content}\n</section>'
    )


def html_table(head: str, rows: str) -> str:
    """A table of a header row `head` and body `rows` (both HTML, already escaped).

    The table sits in a `div.wide` that scrolls sideways on a narrow screen, so the page never
    does.
    """
    return (
        f'<div class="wide"><table>\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n'
        "</table></div>"
    )


# Tables longer than this show their first LONG_TABLE_ROWS rows; the rest is one click away.
LONG_TABLE_ROWS = 25


def long_table(head: str, rows: Sequence[str], shown: int = LONG_TABLE_ROWS) -> str:
    """`html_table` of `rows` (HTML of one row each): the first `shown`, the rest collapsed.

    Rows past `shown` sit in a closed `<details>` ("N more rows") holding the same header, so
    a long table never runs down the page.
    """
    if len(rows) <= shown:
        return html_table(head, "\n".join(rows))
    rest = rows[shown:]
    return (
        html_table(head, "\n".join(rows[:shown]))
        + f'\n<details class="more"><summary>{len(rest)} more rows</summary>\n'
        + html_table(head, "\n".join(rest))
        + "\n</details>"
    )


_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def figure_fragment(fig: "go.Figure | dict[str, Any]", div_id: str) -> str:
    """HTML div + script of a figure or a spec (a spec's numeric arrays are encoded in place).

    A figure without traces (see `figures.empty_figure`) becomes its message as a note: an
    empty chart would only draw blank axes.
    """
    import plotly.graph_objects as go
    import plotly.io as pio
    from _plotly_utils.utils import convert_to_base64

    if isinstance(fig, go.Figure):
        # Only the containers are copied (not deep-copied like fig.to_html() does: deepcopy
        # walks every element of the arrays), as convert_to_base64 replaces arrays inside them.
        spec = _copy_containers({"data": fig._data, "layout": fig._layout})
    else:
        spec = fig
    if not spec["data"]:
        notes = [a.get("text") for a in spec["layout"].get("annotations", ()) if a.get("text")]
        message = notes[0] if notes else escape_text(NO_DATA + ".")  # already escaped
        return f'<p class="note nodata" id="{escape_text(div_id)}">{message}</p>'
    # Fixed div ids keep the page bytes identical for identical data (idempotent output).
    height = spec["layout"].get("height") or 450
    # Numeric arrays live in the traces; the layout (thousands of band shapes at scale) is
    # left unwalked.
    convert_to_base64(spec["data"])
    return pio.to_html(
        spec,
        validate=False,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        default_height=f"{height}px",
        config=_PLOTLY_CONFIG,
    )


def _copy_containers(value: object) -> object:
    """Copy nested dicts and lists (tuples become lists); leave leaves and arrays shared."""
    if isinstance(value, dict):
        return {k: _copy_containers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy_containers(v) for v in value]
    return value


# ------------------------------------------------------------------------------ files


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


@cache
def _plotly_bundle() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


# Bundle files this process wrote or compared, by path: (size, mtime_ns) when they matched.
_VERIFIED_BUNDLES: dict[Path, tuple[int, int]] = {}


def ensure_plotlyjs(out_dir: Path) -> Path:
    """Write plotly's bundled `plotly.min.js` into `out_dir` unless an identical copy is there.

    plotly's own `include_plotlyjs="directory"` writes the bundle only when the file is missing,
    so an upgraded plotly would keep serving a stale bundle; this also replaces a different one.
    A file this process already found identical (same size and mtime since) is not read again.
    """
    path = out_dir / PLOTLY_JS
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is not None and _VERIFIED_BUNDLES.get(path) == (stat.st_size, stat.st_mtime_ns):
        return path
    bundle = _plotly_bundle()
    if stat is None or stat.st_size != len(bundle) or path.read_bytes() != bundle:
        write_atomic(path, bundle)
        logger.info("wrote %s (%.1f MiB)", path, len(bundle) / 2**20)
        stat = path.stat()
    _VERIFIED_BUNDLES[path] = (stat.st_size, stat.st_mtime_ns)
    return path


_PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Reliability Radar · {title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto;
  max-width: 1200px; padding: 0 1rem; color: #222; }}
header {{ display: flex; justify-content: space-between; align-items: baseline;
  flex-wrap: wrap; border-bottom: 1px solid #ddd; margin-bottom: 1rem; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .4rem; }} h2 {{ font-size: 1.1rem; margin: 1.6rem 0 .3rem; }}
.asof, .note {{ color: #666; font-size: .85rem; }}
ul.summary {{ background: #f7f7f7; padding: .6rem 1.6rem; border-radius: 4px; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; }}
th, td {{ text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eee; }}
th {{ background: #fafafa; }} a {{ color: #1f5fa8; }}
nav {{ flex-basis: 100%; font-size: .9rem; margin-bottom: .4rem; }}
nav a {{ margin-right: 1rem; }} nav a[aria-current] {{ font-weight: 600; color: #222; }}
td.num {{ text-align: right; white-space: nowrap; }} td.day {{ white-space: nowrap; }}
td.early {{ color: #b2182b; font-weight: 600; }}
nav details {{ display: inline; }} nav summary {{ display: inline; cursor: pointer;
  color: #1f5fa8; }} nav details[open] {{ display: block; margin-top: .3rem; }}
nav details[open] a {{ margin-right: .7rem; }}
.nodata {{ padding: 1rem; background: #fafafa; border: 1px dashed #ddd; }}
table.board td {{ white-space: nowrap; vertical-align: middle; }}
table.board td.worst {{ background: #fde0dc; font-weight: 600; }}
svg.spark {{ vertical-align: middle; margin-left: .3rem; }}
.worse {{ color: #b2182b; }} .better {{ color: #1a9850; }}
.tiles {{ display: flex; flex-wrap: wrap; gap: .6rem; margin: .8rem 0; }}
.tile {{ border: 1px solid #e3e3e3; border-radius: 4px; padding: .4rem .7rem; min-width: 8rem; }}
.tile b {{ display: block; font-size: 1.2rem; }} .tile span {{ color: #666; font-size: .8rem; }}
.uptime-bar svg {{ width: 100%; height: 40px; display: block; }}
.uptime-bar .axis {{ display: flex; justify-content: space-between; color: #666;
  font-size: .8rem; }}
.legend i {{ display: inline-block; width: .8rem; height: .8rem; margin: 0 .2rem 0 .6rem;
  vertical-align: middle; }}
div.wide {{ overflow-x: auto; max-width: 100%; }}
tr.largest td {{ background: #fff5d6; }}
details.more > summary {{ cursor: pointer; color: #1f5fa8; margin: .3rem 0; }}
.plotly-graph-div {{ max-width: 100%; }}
img {{ max-width: 100%; }}
@media (max-width: 600px) {{
  body {{ margin: .6rem auto; padding: 0 .5rem; }}
  table {{ display: block; overflow-x: auto; }}
  .tile {{ min-width: 6.5rem; flex: 1 1 6.5rem; }}
  td, th {{ padding: .25rem .35rem; }}
}}
</style>
{head}
</head>
<body>
<header><h1><a href="{index}">Reliability Radar</a> · {title}</h1>
<p class="asof">{window}Data as of {as_of}</p>
<nav>{nav}</nav></header>
{summary}
{body}
<footer class="note"><a href="{runs}">Run details</a>: the last run's ingestion summary</footer>
</body>
</html>
"""
# Same two tags plotly's include_plotlyjs="directory" emits (MathJax off, local bundle).
_PLOTLY_HEAD = (
    "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
    f'<script charset="utf-8" src="{PLOTLY_JS}"></script>'
)


def _nav_link(filename: str, label: str, current: str) -> str:
    mark = ' aria-current="page"' if filename == current else ""
    return f'<a href="{escape_text(filename)}"{mark}>{escape_text(label)}</a>'


def _nav(current: str) -> str:
    """Links to the crisis board, every page of PAGES and (during a build) the vendor pages.

    `current` (a file name) is marked with aria-current.
    """
    links = [(INDEX_PAGE, BOARD_TITLE)] + [(p.filename, p.title) for p in PAGES]
    nav = " ".join(_nav_link(name, label, current) for name, label in links)
    vendors = _VENDOR_NAV.get()
    if vendors:
        menu = " ".join(_nav_link(name, vendor, current) for name, vendor in vendors)
        nav += f" <details><summary>Vendors ({len(vendors)})</summary> {menu}</details>"
    return nav


def _render_page(
    title: str,
    body: str,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
    head: str = "",
    current: str = "",
) -> str:
    summary = ""
    if summary_lines:
        items = "\n".join(f"<li>{escape_text(line)}</li>" for line in summary_lines)
        summary = f'<ul class="summary">\n{items}\n</ul>'
    return _PAGE_TEMPLATE.format(
        title=escape_text(title),
        head=head,
        index=INDEX_PAGE,
        runs=RUNS_PAGE,
        as_of=as_of_text(generated_at),
        window=_window_text(),
        nav=_nav(current),
        summary=summary,
        body=body,
    )


_INPUTS_META = "radar-inputs"
_DIGEST = re.compile(r"[0-9a-f]{64}")
_INPUTS_IN_PAGE = re.compile(rb'<meta name="radar-inputs" content="([0-9a-f]{64})">')


def page_inputs(path: Path) -> str | None:
    """The `inputs` digest the page at `path` was written with (None: none, or no page)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)  # the head: the chrome's style sheet is ~8 KiB
    except OSError:
        return None
    found = _INPUTS_IN_PAGE.search(head)
    return found.group(1).decode("ascii") if found else None


def write_page(
    out_dir: Path,
    filename: str,
    title: str,
    body: str,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
    plotly: bool = True,
    inputs: str | None = None,
) -> Path:
    """Wrap `body` in the shared page chrome and write `out_dir/filename`; return its path.

    The chrome is the same on every page: header with the index link, "data as of" stamp and
    page navigation, then the run summary lines. Pages with figures load the shared local
    plotly.min.js (written or refreshed here). `inputs` (a sha256 hex digest of what the page
    shows) is written into the page's head, where `page_inputs` reads it back.
    """
    head = _PLOTLY_HEAD if plotly else ""
    if inputs is not None:
        if not _DIGEST.fullmatch(inputs):
            raise ValueError(f"inputs must be a sha256 hex digest, not {inputs!r}")
        head += f'\n<meta name="{_INPUTS_META}" content="{inputs}">'
    page = _render_page(
        title,
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
        head=head,
        current=filename,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    if plotly:
        ensure_plotlyjs(out_dir)
    path = out_dir / filename
    write_atomic(path, page.encode("utf-8"))
    logger.info(
        "wrote %s (%.1f KiB, data as of %s)", path, len(page) / 1024, as_of_text(generated_at)
    )
    return path
