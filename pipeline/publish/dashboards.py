"""Publish: plotly HTML dashboards (and, re-exported, the CSV/Parquet exports).

Dashboards are static pages under one folder that open offline from file://: every page loads
the one `plotly.min.js` beside it (copied from the plotly package, never the CDN). Each figure
comes from a pure builder (frame in, figure out); pages are composed from figure fragments.
All outside text (titles, vendor names, URLs) is untrusted and HTML-escaped before it reaches
plotly (which renders hover text, tick labels and legend names as HTML) or the page.

Pages: Outages (outage_daily, incidents), News (news_daily, articles, with major/critical
incidents on the same time axis) and Users (social sentiment, migration flows and index, crowd
outage reports vs official incidents), one page per vendor and the crisis board (index.html)
from `pipeline.publish.site`; `build_dashboards` writes them all. Every page carries the same
navigation: the crisis board, every page of PAGES and a menu of the vendor pages.

Exports live in `pipeline.publish.exports` (re-exported here for older imports): one table per file
(CSV written by polars, Parquet by DuckDB `COPY`), or the whole bundle with its data
dictionary and manifest.
"""

import html
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
from _plotly_utils.utils import convert_to_base64
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from pipeline.core.models import TOPICS

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Dashboards
# --------------------------------------------------------------------------------------------

PLOTLY_JS = "plotly.min.js"
INDEX_PAGE = "index.html"
OUTAGES_PAGE = "outages.html"
NEWS_PAGE = "news.html"
USERS_PAGE = "users.html"
EVENT_STUDY_PAGE = "event_study.html"
LATEST_INCIDENTS = 20
# Top stories table: the last TOP_STORY_DAYS UTC days (ending at the newest story), N per day.
TOP_STORY_DAYS = 40
TOP_STORIES_PER_DAY = 3
# Incident bands on the news chart are at least this wide: a 40-minute outage would be a
# sub-pixel sliver on a months-long axis.
MIN_INCIDENT_BAND = timedelta(hours=6)
# Uptime is mostly 99-100 %; a 0-100 scale would paint every day green. Below the floor the
# heatmap is saturated red (hover still shows the exact value).
UPTIME_FLOOR = 90.0
UPTIME_COLORSCALE = [
    [0.0, "#b2182b"],
    [0.5, "#ef8a62"],
    [0.9, "#fee08b"],
    [0.99, "#a6d96a"],
    [1.0, "#1a9850"],
]
# Timeline colours: impact (outage severity) and maintenance, which is never an outage.
IMPACT_COLOURS = {
    "critical": "#b2182b",
    "major": "#ef8a62",
    "minor": "#f6c141",
    "none": "#9e9e9e",
    "maintenance": "#4575b4",
}
# One colour per vendor (in sorted order) and per topic, the same on every chart of a page.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
)  # fmt: skip
# A small explicit template: plotly's default one adds ~9 KB of JSON to every figure.
_TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": "system-ui, -apple-system, Segoe UI, sans-serif", "size": 12},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 90, "r": 20, "t": 30, "b": 40},
        "xaxis": {"gridcolor": "#eeeeee", "linecolor": "#cccccc"},
        "yaxis": {"gridcolor": "#eeeeee", "linecolor": "#cccccc"},
        "hoverlabel": {"align": "left"},
    }
)
_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
_HTTP_URL = r"(?i)^https?://"


@dataclass(frozen=True, slots=True)
class Page:
    """One dashboard page: file name in the dashboards folder, link title, one-line summary."""

    filename: str
    title: str
    description: str


# Pages the index links (those whose file exists); later dashboards add one line here.
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


BOARD_TITLE = "Crisis board"
# The vendor pages (file name, vendor) of the site being built. build_dashboards sets them for
# the duration of a build, so every page written meanwhile (whoever writes it) carries the same
# vendor menu in its navigation; outside a build the menu is left out.
_VENDOR_NAV: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("vendor_nav", default=())


@contextmanager
def vendor_navigation(links: Sequence[tuple[str, str]]) -> Iterator[None]:
    """Show the vendor pages `links` ((file name, vendor) pairs) in the nav of pages written."""
    token = _VENDOR_NAV.set(tuple(links))
    try:
        yield
    finally:
        _VENDOR_NAV.reset(token)


def escape_text(text: str) -> str:
    """Escape untrusted text for HTML and for plotly's HTML-like labels.

    Quotes become numeric entities because plotly decodes `&#39;` but not `&quot;`.
    """
    return html.escape(text, quote=False).replace('"', "&#34;").replace("'", "&#39;")


def _escape_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of `escape_text` (same output), for whole columns."""
    return (
        expr.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_all('"', "&#34;", literal=True)
        .str.replace_all("'", "&#39;", literal=True)
    )


def _duration_expr(minutes: pl.Expr) -> pl.Expr:
    """Format minutes as '2d 3h', '1h 5m' or '12m'."""
    m = minutes.round(0).cast(pl.Int64)
    return (
        pl.when(m >= 1440)
        .then(pl.format("{}d {}h", m // 1440, (m % 1440) // 60))
        .when(m >= 60)
        .then(pl.format("{}h {}m", m // 60, m % 60))
        .otherwise(pl.format("{}m", m))
    )


def _utc_text(expr: pl.Expr) -> pl.Expr:
    """Format an aware timestamp column as 'YYYY-MM-DD HH:MM UTC'."""
    return expr.dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%d %H:%M UTC")


def _empty_figure(message: str, height: int = 160) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        template=_TEMPLATE,
        height=height,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{"text": escape_text(message), "showarrow": False, "font": {"size": 14}}],
    )
    return fig


# Figures the site draws many times are built as plain dicts ("specs": {"data": [trace
# dicts], "layout": {...}}) and serialized as they are: constructing and validating plotly
# objects cost ~250 ms per vendor page at scale. The public `*_figure` builders wrap the same
# specs in `go.Figure` (validated there, and in the tests).
Spec = dict[str, Any]
_TEMPLATE_JSON: dict[str, Any] = _TEMPLATE.to_plotly_json()


def _empty_spec(message: str, height: int = 160) -> Spec:
    """Spec of `_empty_figure`: no traces, the (escaped) message as an annotation."""
    return {
        "data": [],
        "layout": {
            "template": _TEMPLATE_JSON,
            "height": height,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {"text": escape_text(message), "showarrow": False, "font": {"size": 14}}
            ],
        },
    }


@lru_cache(maxsize=32)
def _subplot_layout_cached(
    rows: int,
    cols: int,
    shared_xaxes: bool,
    vertical_spacing: float | None,
    horizontal_spacing: float | None,
    row_heights: tuple[float, ...] | None,
    titles: int,
) -> str:
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_xaxes=shared_xaxes,
        vertical_spacing=vertical_spacing,
        horizontal_spacing=horizontal_spacing,
        row_heights=list(row_heights) if row_heights else None,
        subplot_titles=[f"title {i}" for i in range(titles)] if titles else None,
    )
    layout = dict(fig._layout)
    layout.pop("template", None)
    return json.dumps(layout)


def _subplot_layout(
    rows: int,
    cols: int = 1,
    *,
    titles: Sequence[str] = (),
    shared_xaxes: bool = False,
    vertical_spacing: float | None = None,
    horizontal_spacing: float | None = None,
    row_heights: Sequence[float] | None = None,
) -> dict[str, Any]:
    """Layout dict of `make_subplots(...)` (axes domains, anchors, title annotations).

    make_subplots is computed once per grid shape and cached; each call gets a fresh copy with
    `titles` (already escaped) as the subplot titles.
    """
    layout = json.loads(
        _subplot_layout_cached(
            rows,
            cols,
            shared_xaxes,
            vertical_spacing,
            horizontal_spacing,
            tuple(row_heights) if row_heights else None,
            len(titles),
        )
    )
    for note, text in zip(layout.get("annotations", []), titles, strict=True):
        note["text"] = text
    return layout


def _axes(layout: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The `kind` ("xaxis" or "yaxis") axis dicts of a layout, in subplot order."""
    names = [k for k in layout if k == kind or (k.startswith(kind) and k[len(kind) :].isdigit())]
    names.sort(key=lambda k: int(k[len(kind) :] or 1))
    return [layout[k] for k in names]


def _split(
    frame: pl.DataFrame, keys: Sequence[str], column: str = "vendor"
) -> dict[str, pl.DataFrame]:
    """Rows of `frame` per value of `column`, for each of `keys` (empty frame when absent)."""
    if frame.is_empty():
        return dict.fromkeys(keys, frame)
    parts = {k[0]: part for k, part in frame.partition_by(column, as_dict=True).items()}
    empty = frame.clear()
    return {key: parts.get(key, empty) for key in keys}


def uptime_heatmap(df: pl.DataFrame) -> go.Figure:
    """Build the vendor x day uptime heatmap.

    Args:
        df: columns vendor, day (date), uptime_pct, outage_minutes (from outage_daily).
    """
    if df.is_empty():
        return _empty_figure("No outage_daily rows yet.")
    vendors = df.select(pl.col("vendor").unique().sort())
    days = df.select(pl.col("day").unique().sort())
    # Full vendor x day grid in row-major order, so the flat columns reshape into the z matrix.
    grid = vendors.join(days, how="cross").join(df, on=["vendor", "day"], how="left")
    grid = grid.sort("vendor", "day")
    shape = (vendors.height, days.height)
    fig = go.Figure(
        go.Heatmap(
            z=grid["uptime_pct"].cast(pl.Float64).to_numpy().reshape(shape),
            customdata=grid["outage_minutes"].cast(pl.Float64).to_numpy().reshape(shape),
            x=days["day"].dt.strftime("%Y-%m-%d").to_list(),
            y=vendors.select(_escape_expr(pl.col("vendor")))["vendor"].to_list(),
            zmin=UPTIME_FLOOR,
            zmax=100.0,
            colorscale=UPTIME_COLORSCALE,
            colorbar={"title": {"text": "uptime %"}, "thickness": 12},
            xgap=1,
            ygap=1,
            hovertemplate=(
                "<b>%{y}</b><br>%{x}<br>uptime %{z:.2f} %<br>"
                "outage %{customdata:.0f} min<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        template=_TEMPLATE,
        height=110 + 28 * vendors.height,
        xaxis={"type": "date", "title": {"text": "day (UTC)"}},
        yaxis={"autorange": "reversed"},
    )
    return fig


def incident_timeline(df: pl.DataFrame, window_end: datetime) -> go.Figure:
    """Build the per-vendor incident timeline: one bar per incident, coloured by impact.

    Open incidents run to `window_end`; maintenance has its own colour whatever its impact.

    Args:
        df: columns vendor, title, impact, is_maintenance, started_at, resolved_at (aware),
            duration_minutes (from incidents).
        window_end: aware end of the data window.
    """
    if df.is_empty():
        return _empty_figure("No incidents in the data window.")
    end = pl.lit(window_end.astimezone(UTC))
    start = pl.col("started_at").dt.convert_time_zone("UTC")
    frame = (
        df.with_columns(
            start.alias("start"),
            pl.max_horizontal(
                start, pl.col("resolved_at").dt.convert_time_zone("UTC").fill_null(end)
            ).alias("end"),
            pl.when(pl.col("is_maintenance"))
            .then(pl.lit("maintenance"))
            .otherwise(pl.col("impact"))
            .alias("category"),
        )
        .with_columns(
            (pl.col("end") - pl.col("start")).dt.total_milliseconds().alias("span_ms"),
            pl.col("start").dt.strftime("%Y-%m-%d %H:%M:%S").alias("base"),
            _escape_expr(pl.col("vendor")).alias("vendor_label"),
        )
        .with_columns(
            pl.format(
                "<b>{}</b><br>{} · {}<br>start: {}<br>end: {}<br>duration: {}",
                _escape_expr(pl.col("title").fill_null("(untitled)")),
                _escape_expr(pl.col("vendor")),
                _escape_expr(pl.col("category")),
                _utc_text(pl.col("start")),
                pl.when(pl.col("resolved_at").is_null())
                .then(pl.lit("open"))
                .otherwise(_utc_text(pl.col("end"))),
                pl.when(pl.col("resolved_at").is_null())
                .then(pl.format("{} so far", _duration_expr(pl.col("span_ms") / 60_000)))
                .otherwise(_duration_expr(pl.col("duration_minutes").fill_null(0.0))),
            ).alias("hover"),
        )
    )
    fig = go.Figure()
    categories = frame["category"].unique().to_list()
    order = [c for c in IMPACT_COLOURS if c in categories] + sorted(
        c for c in categories if c not in IMPACT_COLOURS
    )
    for category in order:  # a handful of impact levels, not records
        part = frame.filter(pl.col("category") == category)
        fig.add_trace(
            go.Bar(
                base=part["base"].to_numpy(),
                x=part["span_ms"].cast(pl.Float64).to_numpy(),
                y=part["vendor_label"].to_numpy(),
                orientation="h",
                name=escape_text(category),
                marker={"color": IMPACT_COLOURS.get(category, "#666666"), "opacity": 0.75},
                hovertext=part["hover"].to_numpy(),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    n_vendors = frame["vendor"].n_unique()
    fig.update_layout(
        template=_TEMPLATE,
        height=130 + 34 * n_vendors,
        barmode="overlay",
        xaxis={"type": "date", "title": {"text": "time (UTC)"}},
        yaxis={"type": "category", "categoryorder": "category descending"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    return fig


def monthly_bars(df: pl.DataFrame) -> go.Figure:
    """Build grouped bars of MTTR (top) and outage minutes (bottom) per vendor and month.

    Args:
        df: columns vendor, month (date, first of month), mttr_minutes, outage_minutes.
    """
    if df.is_empty():
        return _empty_figure("No monthly data yet.")
    frame = df.sort("vendor", "month").with_columns(
        pl.col("month").dt.strftime("%Y-%m").alias("month_label"),
        _escape_expr(pl.col("vendor")).alias("vendor_label"),
    )
    months = frame["month_label"].unique().sort().to_list()
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("MTTR (minutes)", "Outage minutes"),
    )
    vendors = frame["vendor"].unique(maintain_order=True).to_list()
    for i, vendor in enumerate(vendors):  # tens of vendors, not records
        part = frame.filter(pl.col("vendor") == vendor)
        label = part["vendor_label"][0]
        colour = PALETTE[i % len(PALETTE)]
        for row, column, unit in ((1, "mttr_minutes", "MTTR"), (2, "outage_minutes", "outage")):
            fig.add_trace(
                go.Bar(
                    x=part["month_label"].to_list(),
                    y=part[column].cast(pl.Float64).to_numpy(),
                    name=label,
                    legendgroup=label,
                    showlegend=row == 1,
                    marker={"color": colour},
                    hovertemplate=f"<b>{label}</b> %{{x}}<br>{unit} %{{y:.0f}} min<extra></extra>",
                ),
                row=row,
                col=1,
            )
    fig.update_layout(template=_TEMPLATE, height=520, barmode="group", margin={"t": 40})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=months)
    return fig


def _figure_fragment(fig: go.Figure | Spec, div_id: str) -> str:
    """HTML div + script of a figure or a spec (a spec's numeric arrays are encoded in place)."""
    if isinstance(fig, go.Figure):
        # Only the containers are copied (not deep-copied like fig.to_html() does: deepcopy
        # walks every element of the arrays), as convert_to_base64 replaces arrays inside them.
        spec = _copy_containers({"data": fig._data, "layout": fig._layout})
    else:
        spec = fig
    # A figure without traces (see _empty_figure) becomes its message as text: an empty chart
    # would only draw blank axes.
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


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def ensure_plotlyjs(out_dir: Path) -> Path:
    """Write plotly's bundled `plotly.min.js` into `out_dir` unless an identical copy is there.

    plotly's own `include_plotlyjs="directory"` writes the bundle only when the file is missing,
    so an upgraded plotly would keep serving a stale bundle; this also replaces a different one.
    """
    path = out_dir / PLOTLY_JS
    bundle = get_plotlyjs().encode("utf-8")
    if path.exists() and path.stat().st_size == len(bundle) and path.read_bytes() == bundle:
        return path
    _write_atomic(path, bundle)
    logger.info("wrote %s (%.1f MiB)", path, len(bundle) / 2**20)
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
</style>
{head}
</head>
<body>
<header><h1><a href="{index}">Reliability Radar</a> · {title}</h1>
<p class="asof">Data as of {as_of}</p>
<nav>{nav}</nav></header>
{summary}
{body}
</body>
</html>
"""
# Same two tags plotly's include_plotlyjs="directory" emits (MathJax off, local bundle).
_PLOTLY_HEAD = (
    "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
    f'<script charset="utf-8" src="{PLOTLY_JS}"></script>'
)


def _as_of(generated_at: datetime) -> str:
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware")
    return generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


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
        as_of=_as_of(generated_at),
        nav=_nav(current),
        summary=summary,
        body=body,
    )


def _write_page(
    out_dir: Path,
    filename: str,
    title: str,
    body: str,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
    plotly: bool = True,
) -> Path:
    """Wrap `body` in the shared page chrome and write `out_dir/filename`; return its path.

    The chrome is the same on every page: header with the index link, "data as of" stamp and
    page navigation, then the run summary lines. Pages with figures load the shared local
    plotly.min.js (written or refreshed here).
    """
    page = _render_page(
        title,
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
        head=_PLOTLY_HEAD if plotly else "",
        current=filename,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    if plotly:
        ensure_plotlyjs(out_dir)
    path = out_dir / filename
    _write_atomic(path, page.encode("utf-8"))
    logger.info("wrote %s (%.1f KiB, data as of %s)", path, len(page) / 1024, _as_of(generated_at))
    return path


def _section(title: str, note: str, content: str) -> str:
    return (
        f"<section>\n<h2>{escape_text(title)}</h2>\n"
        f'<p class="note">{escape_text(note)}</p>\n{content}\n</section>'
    )


def _link_expr(url: pl.Expr, text: pl.Expr) -> pl.Expr:
    """`<a href=url>text</a>` when `url` is http(s), else `text`; `text` must be escaped HTML."""
    url = url.fill_null("")
    # Only http(s) URLs become links: javascript:, data: etc. stay plain text.
    return (
        pl.when(url.str.contains(_HTTP_URL))
        .then(pl.format('<a href="{}" rel="noopener noreferrer">{}</a>', _escape_expr(url), text))
        .otherwise(text)
    )


def latest_incidents_table(df: pl.DataFrame) -> str:
    """Render incidents as an HTML table: vendor, linked title, impact, start, duration.

    Titles link to their URL only when it is http(s); all text is escaped.

    Args:
        df: columns vendor, title, url, impact, is_maintenance, started_at, resolved_at,
            duration_minutes; rendered in the given order.
    """
    if df.is_empty():
        return '<p class="note">No incidents yet.</p>'
    title = _escape_expr(pl.col("title").fill_null("(untitled)"))
    cells = df.select(
        pl.format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            _escape_expr(pl.col("vendor")),
            _link_expr(pl.col("url"), title),
            _escape_expr(
                pl.when(pl.col("is_maintenance"))
                .then(pl.lit("maintenance"))
                .otherwise(pl.col("impact").fill_null("")),
            ),
            _utc_text(pl.col("started_at")),
            pl.when(pl.col("resolved_at").is_null())
            .then(pl.lit("open"))
            .otherwise(_duration_expr(pl.col("duration_minutes").fill_null(0.0))),
        ).alias("row")
    )["row"]
    rows = "\n".join(cells.to_list())
    head = "<tr><th>vendor</th><th>title</th><th>impact</th><th>start</th><th>duration</th></tr>"
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


_WINDOW_SQL = "select min(day), max(day) from outage_daily"
_HEATMAP_SQL = (
    "select vendor, day, uptime_pct, outage_minutes from outage_daily order by vendor, day"
)
_TIMELINE_SQL = """
select vendor, incident_id, title, impact, is_maintenance, started_at, resolved_at,
       duration_minutes
from incidents
where ($window_open::timestamptz is null or coalesce(resolved_at, $window_close) >= $window_open)
  and started_at <= $window_close
order by vendor, started_at, incident_id
"""
# MTTR as outage_daily defines it (mean duration of resolved non-maintenance incidents, by
# start), summed over the month; months in UTC whatever the session time zone.
_MONTHLY_SQL = """
with outage as (
    select vendor, date_trunc('month', day)::date as month, sum(outage_minutes) as outage_minutes
    from outage_daily
    group by all
),
mttr as (
    select vendor, date_trunc('month', started_at at time zone 'UTC')::date as month,
           avg(duration_minutes) as mttr_minutes
    from incidents
    where not is_maintenance and resolved_at is not null
      and ($window_open::timestamptz is null or started_at >= $window_open)
      and started_at < $window_close
    group by all
)
select vendor, month, mttr.mttr_minutes, coalesce(outage.outage_minutes, 0) as outage_minutes
from outage full join mttr using (vendor, month)
order by vendor, month
"""
_LATEST_SQL = """
select vendor, title, url, impact, is_maintenance, started_at, resolved_at, duration_minutes
from incidents
order by started_at desc, vendor, incident_id
limit $limit
"""


def data_window(
    con: duckdb.DuckDBPyConnection, generated_at: datetime
) -> tuple[datetime | None, datetime]:
    """Return the (open, close) instants of the data window covered by outage_daily.

    Matches how outage_daily runs open incidents: up to the midnight after its last day, or
    `generated_at` if earlier. Without outage_daily rows: (None, generated_at).
    """
    first, last = con.execute(_WINDOW_SQL).fetchall()[0]
    as_of = generated_at.astimezone(UTC)
    if first is None or last is None:
        return None, as_of
    open_ = datetime.combine(first, time(), UTC)
    close = min(datetime.combine(last + timedelta(days=1), time(), UTC), as_of)
    return open_, close


def _outage_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    window_open, window_close = data_window(con, generated_at)
    window = {"window_open": window_open, "window_close": window_close}

    heatmap = uptime_heatmap(con.sql(_HEATMAP_SQL).pl())
    timeline = incident_timeline(con.sql(_TIMELINE_SQL, params=window).pl(), window_close)
    monthly = monthly_bars(con.sql(_MONTHLY_SQL, params=window).pl())
    latest = latest_incidents_table(con.sql(_LATEST_SQL, params={"limit": LATEST_INCIDENTS}).pl())

    body = "\n".join(
        (
            _section(
                "Uptime by vendor and day",
                f"uptime_pct from outage_daily (critical minutes count fully, major 30 %); "
                f"colours saturate below {UPTIME_FLOOR:g} %.",
                _figure_fragment(heatmap, "uptime-heatmap"),
            ),
            _section(
                "Incident timeline",
                "One bar per incident; open incidents run to the end of the data window.",
                _figure_fragment(timeline, "incident-timeline"),
            ),
            _section(
                "MTTR and outage minutes by month",
                "MTTR: mean duration of resolved non-maintenance incidents started that month.",
                _figure_fragment(monthly, "monthly-bars"),
            ),
            _section(
                f"Latest {LATEST_INCIDENTS} incidents",
                "Times in UTC; titles as published by the vendors.",
                latest,
            ),
        )
    )
    return _write_page(
        out_dir,
        OUTAGES_PAGE,
        "Outages",
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
    )


def build_outage_dashboard(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
) -> Path:
    """Write `out_dir/outages.html` (+ shared plotly.min.js and index.html); return its path.

    Reads outage_daily and incidents. `generated_at` (aware) is the page's "data as of" stamp
    and caps the window for open incidents.
    """
    return _write_with_index(_outage_page, con, out_dir, generated_at, summary_lines)


def _write_with_index(
    writer: Callable[..., Path],
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    """Write one page with `writer`, then the crisis board, with the site's full navigation."""
    _as_of(generated_at)  # validates awareness before any work
    from pipeline.publish import site  # site builds on this module's helpers

    links = [(site.vendor_page_name(v), v) for v in site.site_vendors(con)]
    with vendor_navigation(links):
        path = writer(con, out_dir, generated_at=generated_at, summary_lines=summary_lines)
        build_index(out_dir, generated_at=generated_at, summary_lines=summary_lines, con=con)
    return path


def page_links(out_dir: Path) -> str:
    """HTML list linking every page of PAGES whose file exists in `out_dir`, with its summary."""
    items = "\n".join(
        f'<li><a href="{escape_text(p.filename)}">{escape_text(p.title)}</a> '
        f"— {escape_text(p.description)}</li>"
        for p in PAGES
        if (out_dir / p.filename).exists()
    )
    return f"<ul>\n{items}\n</ul>" if items else '<p class="note">No dashboards yet.</p>'


def build_index(
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
    con: duckdb.DuckDBPyConnection | None = None,
) -> Path:
    """Write `out_dir/index.html` and return its path.

    With a connection it is the crisis board (`pipeline.publish.site.crisis_board`: per-vendor
    figures, latest incidents, movers of the week) followed by links to every page of PAGES
    whose file exists; without one, only those links. Index and vendor pages link only vendor
    pages whose file exists.
    """
    body = page_links(out_dir)
    if con is not None:
        from pipeline.publish import site  # site builds on this module's helpers

        body = (
            site.crisis_board(con, out_dir)
            + "\n"
            + _section("All pages", "Every dashboard page of this site.", body)
        )
    return _write_page(
        out_dir,
        INDEX_PAGE,
        BOARD_TITLE if con is not None else "Dashboards",
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
        plotly=False,
    )


# --------------------------------------------------------------------------------------------
# News page
# --------------------------------------------------------------------------------------------


def _incident_hover() -> pl.Expr:
    """Hover text of an incident (columns title, vendor, impact, start, resolved_at, ...)."""
    return pl.format(
        "<b>{}</b><br>{} · {}<br>start: {}<br>end: {}<br>duration: {}",
        _escape_expr(pl.col("title").fill_null("(untitled)")),
        _escape_expr(pl.col("vendor")),
        _escape_expr(pl.col("impact")),
        _utc_text(pl.col("start")),
        pl.when(pl.col("resolved_at").is_null())
        .then(pl.lit("open"))
        .otherwise(_utc_text(pl.col("resolved_at"))),
        pl.when(pl.col("resolved_at").is_null())
        .then(pl.lit("open"))
        .otherwise(_duration_expr(pl.col("duration_minutes").fill_null(0.0))),
    )


_BAND_SCHEMA = {
    "vendor": pl.String,
    "impact": pl.String,
    "x": pl.String,
    "day": pl.Date,
    "hover": pl.String,
}


def incident_bands(
    incidents_df: pl.DataFrame,
    window_open: datetime,
    window_close: datetime,
    *,
    impacts: Sequence[str] = ("major", "critical"),
    min_width: timedelta = MIN_INCIDENT_BAND,
    xref: str = "x",
    yref: str = "paper",
) -> tuple[pl.DataFrame, list[dict[str, object]]]:
    """Select incidents to overlay on a time chart and build their shaded bands.

    Keeps non-maintenance incidents of `impacts` overlapping [window_open, window_close);
    open ones run to `window_close`. Bands are at least `min_width` wide, clipped to the
    window and coloured by impact (IMPACT_COLOURS).

    Args:
        incidents_df: columns vendor, title, impact, is_maintenance, started_at, resolved_at
            (aware), duration_minutes (from incidents).

    Returns:
        (incidents, shapes): the kept incidents sorted by start and vendor, with added columns
        start (UTC), x (start as 'YYYY-MM-DD HH:MM:SS'), day (UTC date of the start) and hover
        (escaped HTML); and one plotly rect shape per incident, on axes `xref`/`yref`.
    """
    if incidents_df.is_empty():
        return pl.DataFrame(schema=_BAND_SCHEMA), []
    start = pl.col("started_at").dt.convert_time_zone("UTC")
    end = pl.col("resolved_at").dt.convert_time_zone("UTC").fill_null(pl.lit(window_close))
    band_start = pl.max_horizontal(pl.col("start"), pl.lit(window_open))
    incidents = (
        incidents_df.with_columns(start.alias("start"), end.alias("end"))
        .filter(
            ~pl.col("is_maintenance")
            & pl.col("impact").is_in(list(impacts))
            & (pl.col("start") < window_close)
            & (pl.col("end") >= window_open)
        )
        .sort("start", "vendor")
        .with_columns(
            band_start.dt.strftime("%Y-%m-%d %H:%M:%S").alias("x0"),
            pl.min_horizontal(
                pl.max_horizontal(pl.col("end"), band_start + min_width),
                pl.lit(window_close),
            )
            .dt.strftime("%Y-%m-%d %H:%M:%S")
            .alias("x1"),
            pl.col("start").dt.strftime("%Y-%m-%d %H:%M:%S").alias("x"),
            pl.col("start").dt.date().alias("day"),
            _incident_hover().alias("hover"),
        )
    )
    shapes = (
        incidents.select(
            pl.struct(
                type=pl.lit("rect"),
                xref=pl.lit(xref),
                yref=pl.lit(yref),
                x0=pl.col("x0"),
                x1=pl.col("x1"),
                y0=pl.lit(0),
                y1=pl.lit(1),
                fillcolor=pl.col("impact").replace_strict(
                    IMPACT_COLOURS, default="#666666", return_dtype=pl.String
                ),
                opacity=pl.lit(0.15),
                layer=pl.lit("below"),
                line=pl.struct(width=pl.lit(0)),
            ).alias("shape")
        )
        .to_series()
        .to_list()
    )
    return incidents, shapes


def _set_shapes(fig: go.Figure, shapes: list[dict[str, object]]) -> None:
    """Attach layout shapes without plotly's per-shape validation.

    Validation costs ~0.15 ms a shape, and a long window has thousands of incident bands; the
    shapes come from `incident_bands`, whose keys are fixed and valid.
    """
    layout = fig.layout
    layout._validate = False
    try:
        fig.update_layout(shapes=shapes)
    finally:
        layout._validate = True


def news_volume_spec(news_daily_df: pl.DataFrame, incidents_df: pl.DataFrame) -> Spec:
    """Build stories per vendor and day (top) and mean tone (bottom), with major incidents.

    Daily points sit at noon of their UTC day, so an incident falls inside the day it happened.
    Major and critical non-maintenance incidents in the window are shaded bands across both
    panels (coloured by impact, at least MIN_INCIDENT_BAND wide; open ones run to the end of
    the window, the midnight after the last day) plus a marker on the vendor's volume line at
    the incident's start, whose hover names the incident. Bands are clipped to the window.

    Args:
        news_daily_df: columns vendor, day (date), articles, tone_mean (from news_daily).
        incidents_df: columns vendor, title, impact, is_maintenance, started_at, resolved_at
            (aware), duration_minutes (from incidents); other impacts are left out here.
    """
    if news_daily_df.is_empty():
        return _empty_spec("No news yet.")
    window_open = datetime.combine(news_daily_df["day"].min(), time(), UTC)
    window_close = datetime.combine(news_daily_df["day"].max() + timedelta(days=1), time(), UTC)
    daily = news_daily_df.sort("vendor", "day").with_columns(
        pl.col("day").dt.strftime("%Y-%m-%d 12:00").alias("x"),
    )

    incidents, shapes = incident_bands(incidents_df, window_open, window_close)
    # The marker sits on the vendor's volume line (0 on a day without its stories).
    incidents = incidents.join(
        daily.select("vendor", "day", "articles"), on=["vendor", "day"], how="left"
    ).with_columns(pl.col("articles").fill_null(0).cast(pl.Int64).alias("y"))

    layout = _subplot_layout(
        2,
        shared_xaxes=True,
        vertical_spacing=0.1,
        row_heights=(0.65, 0.35),
        titles=("Stories per day", "Mean tone (-1 negative … +1 positive)"),
    )
    data: list[dict[str, Any]] = []
    vendors = sorted(set(daily["vendor"].to_list()) | set(incidents["vendor"].to_list()))
    parts = _split(daily, vendors)
    hits_by_vendor = _split(incidents, vendors)
    for i, vendor in enumerate(vendors):  # tens of vendors, not records
        label = escape_text(vendor)
        colour = PALETTE[i % len(PALETTE)]
        part = parts[vendor]
        if not part.is_empty():
            x = part["x"].to_numpy()
            data.append(
                {
                    "type": "scatter",
                    "x": x,
                    "y": part["articles"].cast(pl.Int32).to_numpy(),
                    "mode": "lines",
                    "name": label,
                    "legendgroup": label,
                    "line": {"color": colour, "width": 2},
                    "hovertemplate": (
                        "<b>%{fullData.name}</b> %{x|%Y-%m-%d}<br>%{y:.0f} stories<extra></extra>"
                    ),
                    "xaxis": "x",
                    "yaxis": "y",
                }
            )
            data.append(
                {
                    "type": "scatter",
                    "x": x,
                    "y": part["tone_mean"].cast(pl.Float32).to_numpy(),
                    "mode": "lines+markers",
                    "name": label,
                    "legendgroup": label,
                    "showlegend": False,
                    "line": {"color": colour, "width": 1.5},
                    "marker": {"size": 4},
                    "hovertemplate": (
                        "<b>%{fullData.name}</b> %{x|%Y-%m-%d}<br>tone %{y:+.2f}<extra></extra>"
                    ),
                    "xaxis": "x2",
                    "yaxis": "y2",
                }
            )
        hits = hits_by_vendor[vendor]
        if not hits.is_empty():
            data.append({**_incident_markers(hits, label, colour), "xaxis": "x", "yaxis": "y"})
    day_range = [window_open.strftime("%Y-%m-%d"), window_close.strftime("%Y-%m-%d")]
    layout.update(
        shapes=shapes,
        template=_TEMPLATE_JSON,
        height=560,
        margin={"t": 60},
        legend={"orientation": "h", "y": 1.08, "yanchor": "bottom", "x": 0},
    )
    for axis in _axes(layout, "xaxis"):
        axis.update(type="date", range=list(day_range))
    layout["xaxis2"]["title"] = {"text": "UTC day"}
    layout["yaxis"]["rangemode"] = "tozero"
    layout["yaxis2"].update(zeroline=True, zerolinecolor="#999999")
    return {"data": data, "layout": layout}


def news_volume_figure(news_daily_df: pl.DataFrame, incidents_df: pl.DataFrame) -> go.Figure:
    """`news_volume_spec` as a validated plotly figure."""
    return go.Figure(news_volume_spec(news_daily_df, incidents_df))


def topic_weekly(articles_df: pl.DataFrame) -> pl.DataFrame:
    """Count stories per topic and UTC week (weeks start on Monday).

    A story with several topics counts once for each; stories without topics or a
    publication time are left out. Weeks without a topic's stories are rows with 0.

    Args:
        articles_df: columns published_at (aware), topics (list of str) (from articles).

    Returns:
        Columns week (date, Monday), topic, stories; weeks ascending, topics in TOPICS order
        (unknown topics after, sorted).
    """
    schema = {"week": pl.Date, "topic": pl.String, "stories": pl.Int64}
    if articles_df.is_empty():
        return pl.DataFrame(schema=schema)
    counts = (
        articles_df.filter(pl.col("published_at").is_not_null())
        .select(
            pl.col("published_at")
            .dt.convert_time_zone("UTC")
            .dt.truncate("1w")
            .dt.date()
            .alias("week"),
            pl.col("topics").list.unique().alias("topic"),
        )
        .explode("topic")
        .drop_nulls("topic")
        .group_by("week", "topic")
        .agg(pl.len().cast(pl.Int64).alias("stories"))
    )
    if counts.is_empty():
        return pl.DataFrame(schema=schema)
    weeks = pl.select(pl.date_range(counts["week"].min(), counts["week"].max(), "1w").alias("week"))
    topics = counts.select(pl.col("topic").unique()).with_columns(
        pl.col("topic")
        .replace_strict(
            {t: i for i, t in enumerate(TOPICS)}, default=len(TOPICS), return_dtype=pl.Int64
        )
        .alias("rank")
    )
    return (
        weeks.join(topics, how="cross")
        .join(counts, on=["week", "topic"], how="left")
        .with_columns(pl.col("stories").fill_null(0))
        .sort("rank", "topic", "week")
        .select(list(schema))
    )


def topic_mix_figure(articles_df: pl.DataFrame) -> go.Figure:
    """Build stacked weekly bars of stories per topic (see `topic_weekly`).

    Args:
        articles_df: columns published_at (aware), topics (from articles).
    """
    weekly = topic_weekly(articles_df).with_columns(
        pl.col("week").dt.strftime("%Y-%m-%d").alias("week_label")
    )
    if weekly.is_empty():
        return _empty_figure("No topic-tagged stories yet.")
    fig = go.Figure()
    for topic in weekly["topic"].unique(maintain_order=True).to_list():  # a handful of topics
        part = weekly.filter(pl.col("topic") == topic)
        rank = TOPICS.index(topic) if topic in TOPICS else len(TOPICS)
        fig.add_trace(
            go.Bar(
                x=part["week_label"].to_list(),
                y=part["stories"].cast(pl.Float64).to_numpy(),
                name=escape_text(topic),
                marker={"color": PALETTE[rank % len(PALETTE)]},
                hovertemplate="<b>%{fullData.name}</b><br>week of %{x}<br>%{y:.0f} stories"
                "<extra></extra>",
            )
        )
    weeks = weekly["week_label"].unique().sort().to_list()
    fig.update_layout(
        template=_TEMPLATE,
        height=380,
        barmode="stack",
        bargap=0.15,
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": weeks,
            "title": {"text": "week starting (Monday, UTC)"},
        },
        yaxis={"title": {"text": "stories"}},
        # plotly lists stacked bars top-down by default; keep the topic order instead.
        legend={
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "traceorder": "normal",
        },
    )
    return fig


def top_stories(articles_df: pl.DataFrame) -> pl.DataFrame:
    """Select the top TOP_STORIES_PER_DAY stories of each of the last TOP_STORY_DAYS UTC days.

    The window ends on the day of the newest story. Within a day stories rank by copies, then
    number of sources, then tone magnitude (article_id breaks ties). Returns the input columns
    plus day, newest day first, best story first.
    """
    if articles_df.is_empty():
        return articles_df.with_columns(pl.lit(None, pl.Date).alias("day"))
    dated = articles_df.filter(pl.col("published_at").is_not_null()).with_columns(
        pl.col("published_at").dt.convert_time_zone("UTC").dt.date().alias("day")
    )
    if dated.is_empty():
        return dated
    first_day = dated["day"].max() - timedelta(days=TOP_STORY_DAYS - 1)
    return (
        dated.filter(pl.col("day") >= first_day)
        .sort(
            pl.col("day"),
            pl.col("copies"),
            pl.col("sources").list.len(),
            pl.col("tone").abs(),
            pl.col("article_id"),
            descending=[True, True, True, True, False],
            nulls_last=True,
        )
        .group_by("day", maintain_order=True)
        .head(TOP_STORIES_PER_DAY)
    )


def _tone_text(tone: pl.Expr) -> pl.Expr:
    """Format a tone as '+0.25' / '-0.60' (polars has no printf-style float formatting)."""
    hundredths = (tone * 100).round(0).cast(pl.Int64)
    magnitude = hundredths.abs()
    return pl.format(
        "{}{}.{}",
        pl.when(hundredths < 0).then(pl.lit("-")).otherwise(pl.lit("+")),
        magnitude // 100,
        (magnitude % 100).cast(pl.String).str.zfill(2),
    )


def top_stories_table(articles_df: pl.DataFrame) -> str:
    """Render the top stories per day (see `top_stories`) as an HTML table.

    Columns: day, headline (linked to `url` only when it is http(s)), vendors, topics, tone,
    copies. All text is escaped.

    Args:
        articles_df: columns article_id, published_at (aware), title, url, vendors, topics,
            tone, copies, sources (from articles).
    """
    stories = top_stories(articles_df)
    if stories.is_empty():
        return '<p class="note">No news yet.</p>'
    cells = stories.select(
        pl.format(
            '<tr><td class="day">{}</td><td>{}</td><td>{}</td><td>{}</td>'
            '<td class="num">{}</td><td class="num">{}</td></tr>',
            pl.col("day").dt.strftime("%Y-%m-%d"),
            _link_expr(pl.col("url"), _escape_expr(pl.col("title").fill_null("(untitled)"))),
            _escape_expr(pl.col("vendors").list.join(", ").fill_null("")),
            _escape_expr(pl.col("topics").list.join(", ").fill_null("")),
            _tone_text(pl.col("tone").fill_null(0.0)),
            pl.col("copies").fill_null(1),
        ).alias("row")
    )["row"]
    rows = "\n".join(cells.to_list())
    head = (
        "<tr><th>day</th><th>headline</th><th>vendors</th><th>topics</th><th>tone</th>"
        "<th>copies</th></tr>"
    )
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


_NEWS_WINDOW_SQL = "select min(day), max(day) from news_daily"
_NEWS_DAILY_SQL = "select vendor, day, articles, tone_mean from news_daily order by vendor, day"
_NEWS_INCIDENTS_SQL = """
select vendor, incident_id, title, impact, is_maintenance, started_at, resolved_at,
       duration_minutes
from incidents
where not is_maintenance and impact in ('major', 'critical')
  and coalesce(resolved_at, $window_close) >= $window_open
  and started_at < $window_close
order by vendor, started_at, incident_id
"""
_ARTICLES_SQL = """
select article_id, published_at, title, url, vendors, topics, tone, copies, sources
from articles
where published_at is not null
order by published_at, article_id
"""


def _news_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    first, last = con.execute(_NEWS_WINDOW_SQL).fetchall()[0]
    daily = con.sql(_NEWS_DAILY_SQL).pl()
    if first is None or last is None:
        incidents = pl.DataFrame()
    else:
        window = {
            "window_open": datetime.combine(first, time(), UTC),
            "window_close": datetime.combine(last + timedelta(days=1), time(), UTC),
        }
        incidents = con.sql(_NEWS_INCIDENTS_SQL, params=window).pl()
    articles = con.sql(_ARTICLES_SQL).pl()

    sections = []
    if articles.is_empty():
        sections.append('<p class="note">No news yet: the articles table has no dated stories.</p>')
    sections += [
        _section(
            "News volume and tone by vendor",
            "Stories mentioning each vendor per UTC day (news_daily) and their mean tone. "
            "Shaded: major (orange) and critical (red) status incidents, at least "
            f"{MIN_INCIDENT_BAND.total_seconds() / 3600:g} h wide; triangles mark where they "
            "start on the vendor's line.",
            _figure_fragment(news_volume_spec(daily, incidents), "news-volume"),
        ),
        _section(
            "Topic mix by week",
            "Stories per topic and week; a story with several topics counts once for each.",
            _figure_fragment(topic_mix_figure(articles), "topic-mix"),
        ),
        _section(
            f"Top stories, last {TOP_STORY_DAYS} days",
            f"Up to {TOP_STORIES_PER_DAY} stories per UTC day, ranked by copies, sources, then "
            "tone magnitude; headlines as published (only http(s) links are followed).",
            top_stories_table(articles),
        ),
    ]
    return _write_page(
        out_dir,
        NEWS_PAGE,
        "News",
        "\n".join(sections),
        generated_at=generated_at,
        summary_lines=summary_lines,
    )


def build_news_dashboard(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
) -> Path:
    """Write `out_dir/news.html` (+ shared plotly.min.js and index.html); return its path.

    Reads news_daily, articles and incidents. An empty articles table still gives a page
    ("No news yet"). `generated_at` (aware) is the page's "data as of" stamp.
    """
    return _write_with_index(_news_page, con, out_dir, generated_at, summary_lines)


# --------------------------------------------------------------------------------------------
# Users page
# --------------------------------------------------------------------------------------------

# Social sentiment is smoothed over this many days (items-weighted).
SENTIMENT_ROLLING_DAYS = 7
# The default Sankey covers the last MIGRATION_RECENT_DAYS UTC days ending at the newest switch.
MIGRATION_RECENT_DAYS = 30
# Crowd reports: the TOP_CROWD_VENDORS vendors with most reports; hourly detail only on days
# within CROWD_DETAIL_DAYS of an anomalous hour, one point per day (its max) elsewhere, so the
# page stays small whatever the window length.
TOP_CROWD_VENDORS = 4
CROWD_DETAIL_DAYS = 2
# Crowd charts are hourly: a short incident needs only a narrow band there.
MIN_CROWD_BAND = timedelta(hours=1)
ANOMALY_COLOUR = "#d62728"
NO_DATA = "No data yet"


def _incident_markers(hits: pl.DataFrame, label: str, colour: str) -> dict:
    """A scatter trace (plain dict) of incident markers: columns x, y and escaped hover."""
    return {
        "type": "scatter",
        "x": hits["x"].to_numpy(),
        "y": hits["y"].cast(pl.Float64).to_numpy(),
        "mode": "markers",
        "name": f"{label} incidents",
        "legendgroup": label,
        "showlegend": False,
        "marker": {
            "color": colour,
            "size": 11,
            "symbol": "triangle-up",
            "line": {"color": "#222222", "width": 1},
        },
        "hovertext": hits["hover"].to_numpy(),
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


def _vendor_colours(vendors: Sequence[str]) -> dict[str, str]:
    """One PALETTE colour per vendor, assigned in sorted order."""
    return {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(sorted(set(vendors)))}


def users_sentiment_spec(sentiment_df: pl.DataFrame, incidents_df: pl.DataFrame) -> Spec:
    """Build the social sentiment per vendor: a SENTIMENT_ROLLING_DAYS-day rolling mean line.

    The rolling mean weighs days by their items (sum of item sentiment / items over the days
    ending that day); it is a gap where the window has no items. Points sit at noon of their
    UTC day. Major and critical incidents are shaded bands (see `incident_bands`) with a
    marker at their start on the vendor's line (0 where the line has no value).

    Args:
        sentiment_df: columns vendor, day (date), items, sentiment_mean (sentiment_daily rows
            of one source type).
        incidents_df: columns vendor, title, impact, is_maintenance, started_at, resolved_at
            (aware), duration_minutes (from incidents).
    """
    if sentiment_df.is_empty():
        return _empty_spec(f"{NO_DATA}: no social sentiment (sentiment_daily).")
    window_open = datetime.combine(sentiment_df["day"].min(), time(), UTC)
    window_close = datetime.combine(sentiment_df["day"].max() + timedelta(days=1), time(), UTC)
    items = pl.col("items").fill_null(0).cast(pl.Float64)
    weighted = items * pl.col("sentiment_mean").fill_null(0.0)
    window = f"{SENTIMENT_ROLLING_DAYS}d"
    daily = (
        sentiment_df.sort("vendor", "day")
        .with_columns(
            weighted.rolling_sum_by("day", window).over("vendor").alias("sum_7d"),
            items.rolling_sum_by("day", window).over("vendor").alias("items_7d"),
        )
        .with_columns(
            pl.when(pl.col("items_7d") > 0)
            .then(pl.col("sum_7d") / pl.col("items_7d"))
            .alias("rolling"),
            pl.col("day").dt.strftime("%Y-%m-%d 12:00").alias("x"),
        )
    )
    incidents, shapes = incident_bands(incidents_df, window_open, window_close)
    incidents = incidents.join(
        daily.select("vendor", "day", "rolling"), on=["vendor", "day"], how="left"
    ).with_columns(pl.col("rolling").fill_null(0.0).alias("y"))

    data: list[dict[str, Any]] = []
    vendors = sorted(set(daily["vendor"].to_list()) | set(incidents["vendor"].to_list()))
    colours = _vendor_colours(vendors)
    parts = _split(daily, vendors)
    hits_by_vendor = _split(incidents, vendors)
    for vendor in vendors:  # tens of vendors, not records
        label = escape_text(vendor)
        part = parts[vendor]
        if not part.is_empty():
            data.append(
                {
                    "type": "scatter",
                    "x": part["x"].to_numpy(),
                    "y": part["rolling"].cast(pl.Float32).to_numpy(),
                    "customdata": part["items"].cast(pl.Int32).to_numpy(),
                    "mode": "lines",
                    "name": label,
                    "legendgroup": label,
                    "line": {"color": colours[vendor], "width": 2},
                    "hovertemplate": (
                        f"<b>%{{fullData.name}}</b> %{{x|%Y-%m-%d}}<br>"
                        f"{SENTIMENT_ROLLING_DAYS}-day sentiment %{{y:+.2f}}<br>"
                        "%{customdata} posts that day<extra></extra>"
                    ),
                }
            )
        hits = hits_by_vendor[vendor]
        if not hits.is_empty():
            data.append(_incident_markers(hits, label, colours[vendor]))
    layout = {
        "shapes": shapes,
        "template": _TEMPLATE_JSON,
        "height": 420,
        "margin": {"t": 50},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": {
            "type": "date",
            "range": [window_open.strftime("%Y-%m-%d"), window_close.strftime("%Y-%m-%d")],
            "title": {"text": "UTC day"},
        },
        "yaxis": {
            "title": {"text": "sentiment (-1 … +1)"},
            "zeroline": True,
            "zerolinecolor": "#999999",
        },
    }
    return {"data": data, "layout": layout}


def users_sentiment_figure(sentiment_df: pl.DataFrame, incidents_df: pl.DataFrame) -> go.Figure:
    """`users_sentiment_spec` as a validated plotly figure."""
    return go.Figure(users_sentiment_spec(sentiment_df, incidents_df))


def migration_flows(
    migration_df: pl.DataFrame, first: date | None = None, last: date | None = None
) -> pl.DataFrame:
    """Sum migration_daily posts per (from_vendor, to_vendor) over [first, last] (inclusive).

    Returns columns from_vendor, to_vendor, posts (Int64), sorted by from_vendor, to_vendor;
    pairs without posts are left out.
    """
    frame = migration_df
    if first is not None:
        frame = frame.filter(pl.col("day") >= first)
    if last is not None:
        frame = frame.filter(pl.col("day") <= last)
    return (
        frame.group_by("from_vendor", "to_vendor")
        .agg(pl.col("posts").cast(pl.Int64).sum())
        .filter(pl.col("posts") > 0)
        .sort("from_vendor", "to_vendor")
    )


def _sankey(flows: pl.DataFrame, colours: dict[str, str], *, visible: bool) -> go.Sankey:
    """One Sankey: vendors left (switched away) -> vendors right (switched to)."""
    left = flows.select(pl.col("from_vendor").unique().sort()).with_row_index("source")
    right = flows.select(pl.col("to_vendor").unique().sort()).with_row_index("target")
    links = (
        flows.join(left, on="from_vendor")
        .join(right, on="to_vendor")
        .with_columns(pl.col("target") + left.height)
        .sort("from_vendor", "to_vendor")
    )
    vendors = left["from_vendor"].to_list() + right["to_vendor"].to_list()
    sides = ["switched away"] * left.height + ["switched to"] * right.height
    return go.Sankey(
        visible=visible,
        arrangement="snap",
        node={
            "label": [escape_text(v) for v in vendors],
            "color": [colours[v] for v in vendors],
            "customdata": sides,
            "pad": 14,
            "thickness": 16,
            "hovertemplate": "<b>%{label}</b><br>%{customdata}: %{value:.0f} posts<extra></extra>",
        },
        link={
            "source": links["source"].cast(pl.Int64).to_numpy(),
            "target": links["target"].cast(pl.Int64).to_numpy(),
            "value": links["posts"].cast(pl.Float64).to_numpy(),
            "color": [_rgba(colours[v], 0.35) for v in links["from_vendor"].to_list()],
            "hovertemplate": "%{source.label} → %{target.label}<br>%{value:.0f} posts"
            "<extra></extra>",
        },
    )


def migration_sankey_figure(migration_df: pl.DataFrame) -> go.Figure:
    """Build the migration Sankey (from_vendor -> to_vendor, posts summed) with two windows.

    Trace 0 (shown first): the last MIGRATION_RECENT_DAYS UTC days ending at the newest day
    with switches; trace 1: the whole window. Buttons (layout.updatemenus) toggle them.

    Args:
        migration_df: columns day (date), from_vendor, to_vendor, posts (migration_daily).
    """
    whole = migration_flows(migration_df) if not migration_df.is_empty() else migration_df
    if whole.is_empty():
        return _empty_figure(f"{NO_DATA}: no reported switches (migration_daily).")
    first, last = migration_df["day"].min(), migration_df["day"].max()
    recent_first = max(first, last - timedelta(days=MIGRATION_RECENT_DAYS - 1))
    recent = migration_flows(migration_df, recent_first, last)
    colours = _vendor_colours(whole["from_vendor"].to_list() + whole["to_vendor"].to_list())
    titles = (
        f"Last {MIGRATION_RECENT_DAYS} days with data: {recent_first:%Y-%m-%d} to {last:%Y-%m-%d}"
        f" ({recent['posts'].sum()} posts)",
        f"Whole window: {first:%Y-%m-%d} to {last:%Y-%m-%d} ({whole['posts'].sum()} posts)",
    )
    fig = go.Figure(
        [_sankey(recent, colours, visible=True), _sankey(whole, colours, visible=False)]
    )
    buttons = [
        {
            "label": label,
            "method": "update",
            "args": [{"visible": [i == 0, i == 1]}, {"title.text": title}],
        }
        for i, (label, title) in enumerate(
            zip((f"Last {MIGRATION_RECENT_DAYS} days", "Whole window"), titles, strict=True)
        )
    ]
    fig.update_layout(
        template=_TEMPLATE,
        height=460,
        margin={"l": 20, "r": 20, "t": 70, "b": 20},
        title={"text": titles[0], "x": 0.01, "y": 0.98, "font": {"size": 13}},
        updatemenus=[
            {
                "type": "buttons",
                "direction": "right",
                "active": 0,
                "buttons": buttons,
                "x": 1.0,
                "xanchor": "right",
                "y": 1.0,
                "yanchor": "bottom",
                "pad": {"b": 10},
            }
        ],
    )
    return fig


def net_migration_spec(index_df: pl.DataFrame) -> Spec:
    """Build net_7d (top) and share_7d (bottom, %) per vendor and UTC day.

    Args:
        index_df: columns vendor, day (date), net_7d, share_7d, inflow_7d, outflow_7d
            (migration_index_daily).
    """
    if index_df.is_empty():
        return _empty_spec(f"{NO_DATA}: no migration index (migration_index_daily).")
    frame = index_df.sort("vendor", "day").with_columns(
        pl.col("day").dt.strftime("%Y-%m-%d 12:00").alias("x"),
        (pl.col("share_7d").cast(pl.Float64) * 100).alias("share_pct"),
    )
    layout = _subplot_layout(
        2,
        shared_xaxes=True,
        vertical_spacing=0.1,
        titles=(
            "Net switches over 7 days (to the vendor minus away from it)",
            "Share of all switches over 7 days that went to the vendor (%)",
        ),
    )
    colours = _vendor_colours(frame["vendor"].to_list())
    parts = _split(frame, list(colours))
    data: list[dict[str, Any]] = []
    for vendor, colour in colours.items():  # tens of vendors, not records
        label = escape_text(vendor)
        part = parts[vendor]
        x = part["x"].to_numpy()
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": part["net_7d"].cast(pl.Int32).to_numpy(),
                "customdata": part.select("inflow_7d", "outflow_7d").rows(),
                "mode": "lines",
                "name": label,
                "legendgroup": label,
                "line": {"color": colour, "width": 2},
                "hovertemplate": (
                    "<b>%{fullData.name}</b> %{x|%Y-%m-%d}<br>net %{y:+.0f} "
                    "(in %{customdata[0]}, out %{customdata[1]})<extra></extra>"
                ),
                "xaxis": "x",
                "yaxis": "y",
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": part["share_pct"].cast(pl.Float32).to_numpy(),
                "mode": "lines",
                "name": label,
                "legendgroup": label,
                "showlegend": False,
                "line": {"color": colour, "width": 1.5},
                "hovertemplate": (
                    "<b>%{fullData.name}</b> %{x|%Y-%m-%d}<br>share %{y:.0f} %<extra></extra>"
                ),
                "xaxis": "x2",
                "yaxis": "y2",
            }
        )
    layout.update(
        template=_TEMPLATE_JSON,
        height=520,
        margin={"t": 60},
        legend={"orientation": "h", "y": 1.08, "yanchor": "bottom", "x": 0},
    )
    for axis in _axes(layout, "xaxis"):
        axis["type"] = "date"
    layout["xaxis2"]["title"] = {"text": "UTC day"}
    layout["yaxis"].update(zeroline=True, zerolinecolor="#999999")
    layout["yaxis2"]["range"] = [0, 100]
    return {"data": data, "layout": layout}


def net_migration_figure(index_df: pl.DataFrame) -> go.Figure:
    """`net_migration_spec` as a validated plotly figure."""
    return go.Figure(net_migration_spec(index_df))


def crowd_points(hourly_df: pl.DataFrame, vendors: Sequence[str]) -> pl.DataFrame:
    """Downsample outage_reports_hourly of `vendors` for plotting.

    Hours of UTC days within CROWD_DETAIL_DAYS days of a day with an anomalous hour of the
    vendor stay hourly; every other day becomes one point at noon with the day's max reports
    and max threshold (is_anomaly false there by construction).

    Returns columns vendor, x (naive UTC datetime), label (hover text), reports, threshold,
    is_anomaly; sorted by vendor, x.
    """
    frame = hourly_df.filter(pl.col("vendor").is_in(list(vendors))).with_columns(
        pl.col("hour").dt.convert_time_zone("UTC").dt.replace_time_zone(None).alias("x"),
    )
    frame = frame.with_columns(pl.col("x").dt.date().alias("day"))
    near = (
        frame.filter(pl.col("is_anomaly"))
        .select("vendor", "day")
        .unique()
        .with_columns(pl.int_ranges(-CROWD_DETAIL_DAYS, CROWD_DETAIL_DAYS + 1).alias("offset"))
        .explode("offset")
        .select("vendor", (pl.col("day") + pl.duration(days=pl.col("offset"))).alias("day"))
        .unique()
    )
    columns = ["vendor", "x", "label", "reports", "threshold", "is_anomaly"]
    hourly = frame.join(near, on=["vendor", "day"], how="semi").select(
        "vendor",
        "x",
        pl.col("x").dt.strftime("%Y-%m-%d %H:00 UTC").alias("label"),
        pl.col("reports").cast(pl.Float64),
        pl.col("threshold").cast(pl.Float64),
        "is_anomaly",
    )
    daily = (
        frame.join(near, on=["vendor", "day"], how="anti")
        .group_by("vendor", "day")
        .agg(
            pl.col("reports").max().cast(pl.Float64),
            pl.col("threshold").max().cast(pl.Float64),
            pl.col("is_anomaly").any(),
        )
        .select(
            "vendor",
            (pl.col("day").cast(pl.Datetime("us")) + timedelta(hours=12)).alias("x"),
            pl.col("day").dt.strftime("%Y-%m-%d (daily max)").alias("label"),
            "reports",
            "threshold",
            "is_anomaly",
        )
    )
    return (
        pl.concat([hourly.select(columns), daily.select(columns)], how="vertical_relaxed")
        .sort("vendor", "x")
        .with_columns(pl.col("x").dt.strftime("%Y-%m-%d %H:%M"))
    )


def crowd_reports_spec(hourly_df: pl.DataFrame, incidents_df: pl.DataFrame) -> Spec:
    """Build crowd outage reports vs threshold for the TOP_CROWD_VENDORS vendors by reports.

    One row per vendor (most reports first, ties by name), shared time axis: reports (line),
    threshold (dashed), anomalous hours (red dots), official minor/major/critical incidents as
    bands (at least MIN_CROWD_BAND wide) and start markers at 0. Downsampled by `crowd_points`.

    Args:
        hourly_df: columns vendor, hour (aware), reports, threshold, is_anomaly
            (outage_reports_hourly).
        incidents_df: columns vendor, title, impact, is_maintenance, started_at, resolved_at
            (aware), duration_minutes (from incidents).
    """
    if hourly_df.is_empty():
        return _empty_spec(f"{NO_DATA}: no crowd reports (outage_reports_hourly).")
    totals = (
        hourly_df.group_by("vendor")
        .agg(pl.col("reports").cast(pl.Int64).sum().alias("total"))
        .filter(pl.col("total") > 0)
        .sort(["total", "vendor"], descending=[True, False])
        .head(TOP_CROWD_VENDORS)
    )
    if totals.is_empty():
        return _empty_spec(f"{NO_DATA}: no crowd outage reports in the window.")
    vendors = totals["vendor"].to_list()
    hours = hourly_df["hour"].dt.convert_time_zone("UTC")
    window_open, window_close = hours.min(), hours.max() + timedelta(hours=1)
    points = crowd_points(hourly_df, vendors)
    colours = _vendor_colours(hourly_df["vendor"].unique().to_list())
    layout = _subplot_layout(
        len(vendors),
        shared_xaxes=True,
        vertical_spacing=0.3 / len(vendors),
        titles=[
            f"{escape_text(v)}: {t} reports" for v, t in totals.select("vendor", "total").rows()
        ],
    )
    parts = _split(points, vendors)
    incident_parts = _split(incidents_df, vendors)
    data: list[dict[str, Any]] = []
    shapes: list[dict[str, object]] = []
    for row, vendor in enumerate(vendors, start=1):  # a handful of vendors, not records
        label = escape_text(vendor)
        axis = "" if row == 1 else str(row)
        refs = {"xaxis": f"x{axis}", "yaxis": f"y{axis}"}
        part = parts[vendor]
        anomalies = part.filter(pl.col("is_anomaly"))
        x = part["x"].to_numpy()
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": part["reports"].cast(pl.Int32).to_numpy(),
                "customdata": part["label"].to_numpy(),
                "mode": "lines",
                "name": label,
                "showlegend": False,
                "line": {"color": colours[vendor], "width": 1.5},
                "hovertemplate": (
                    f"<b>{label}</b> %{{customdata}}<br>%{{y:.0f}} reporters<extra></extra>"
                ),
                **refs,
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": part["threshold"].cast(pl.Float32).to_numpy(),
                "mode": "lines",
                "name": "threshold",
                "legendgroup": "threshold",
                "showlegend": row == 1,
                "line": {"color": "#777777", "width": 1, "dash": "dash"},
                "hovertemplate": "threshold %{y:.1f}<extra></extra>",
                **refs,
            }
        )
        if not anomalies.is_empty():
            data.append(
                {
                    "type": "scatter",
                    "x": anomalies["x"].to_numpy(),
                    "y": anomalies["reports"].to_numpy(),
                    "customdata": anomalies["label"].to_numpy(),
                    "mode": "markers",
                    "name": "anomalous hour",
                    "legendgroup": "anomaly",
                    "showlegend": False,
                    "marker": {"color": ANOMALY_COLOUR, "size": 6},
                    "hovertemplate": (
                        f"<b>{label}</b> %{{customdata}}<br>%{{y:.0f}} reporters (anomaly)"
                        "<extra></extra>"
                    ),
                    **refs,
                }
            )
        incidents, bands = incident_bands(
            incident_parts[vendor],
            window_open,
            window_close,
            impacts=("minor", "major", "critical"),
            min_width=MIN_CROWD_BAND,
            xref=f"x{axis}",
            yref=f"y{axis} domain",
        )
        shapes += bands
        if not incidents.is_empty():
            data.append(
                {
                    "type": "scatter",
                    "x": incidents["x"].to_numpy(),
                    "y": [0.0] * incidents.height,
                    "mode": "markers",
                    "name": "official incident",
                    "legendgroup": "incident",
                    "showlegend": False,
                    "marker": {
                        "color": incidents["impact"]
                        .replace_strict(IMPACT_COLOURS, default="#666666", return_dtype=pl.String)
                        .to_list(),
                        "size": 10,
                        "symbol": "triangle-up",
                        "line": {"color": "#222222", "width": 1},
                    },
                    "hovertext": incidents["hover"].to_numpy(),
                    "hovertemplate": "%{hovertext}<extra></extra>",
                    **refs,
                }
            )
    layout.update(
        shapes=shapes,
        template=_TEMPLATE_JSON,
        height=90 + 190 * len(vendors),
        margin={"t": 60},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    time_range = [window_open.strftime("%Y-%m-%d %H:%M"), window_close.strftime("%Y-%m-%d %H:%M")]
    for axis in _axes(layout, "xaxis"):
        axis.update(type="date", range=list(time_range))
    for axis in _axes(layout, "yaxis"):
        axis.update(rangemode="tozero", title={"text": "reporters"})
    return {"data": data, "layout": layout}


def crowd_reports_figure(hourly_df: pl.DataFrame, incidents_df: pl.DataFrame) -> go.Figure:
    """`crowd_reports_spec` as a validated plotly figure."""
    return go.Figure(crowd_reports_spec(hourly_df, incidents_df))


def _lead_text(lead: pl.Expr) -> pl.Expr:
    minutes = lead.round(0).cast(pl.Int64)
    return pl.format(
        "{}{} min", pl.when(minutes > 0).then(pl.lit("+")).otherwise(pl.lit("")), minutes
    )


def lead_time_table(df: pl.DataFrame) -> str:
    """Render incident_lead_times as an HTML table ordered by incident start.

    Columns: vendor, incident (escaped title), impact, start, first anomaly, lead, anomalous
    hours, peak reporters. A negative lead (users noticed first) is highlighted.

    Args:
        df: columns vendor, incident_id, title, impact, started_at, first_anomaly_at (aware),
            anomaly_hours, lead_minutes, crowd_peak_reports (incident_lead_times).
    """
    if df.is_empty():
        return f'<p class="note">{NO_DATA}: no incident lead times (incident_lead_times).</p>'
    early = pl.col("lead_minutes") < 0
    cells = df.sort("started_at", "vendor", "incident_id").select(
        pl.format(
            '<tr><td>{}</td><td>{}</td><td>{}</td><td class="day">{}</td>'
            '<td class="day">{}</td><td class="{}">{}</td><td class="num">{}</td>'
            '<td class="num">{}</td></tr>',
            _escape_expr(pl.col("vendor")),
            _escape_expr(pl.col("title").fill_null("(untitled)")),
            _escape_expr(pl.col("impact")),
            _utc_text(pl.col("started_at")),
            pl.when(pl.col("first_anomaly_at").is_null())
            .then(pl.lit("—"))
            .otherwise(_utc_text(pl.col("first_anomaly_at"))),
            pl.when(early).then(pl.lit("num early")).otherwise(pl.lit("num")),
            pl.when(pl.col("lead_minutes").is_null())
            .then(pl.lit("no crowd signal"))
            .otherwise(_lead_text(pl.col("lead_minutes"))),
            pl.col("anomaly_hours").cast(pl.String).fill_null("—"),
            pl.col("crowd_peak_reports").cast(pl.String).fill_null("—"),
        ).alias("row")
    )["row"]
    rows = "\n".join(cells.to_list())
    head = (
        "<tr><th>vendor</th><th>incident</th><th>impact</th><th>start</th>"
        "<th>first anomaly</th><th>lead</th><th>anomalous hours</th><th>peak reporters</th></tr>"
    )
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def silent_outages_table(df: pl.DataFrame) -> str:
    """Render silent_outages as an HTML table ordered by run start (then vendor).

    Args:
        df: columns vendor, run_start, run_end (aware), hours, peak_reports, total_reports.
    """
    if df.is_empty():
        return f'<p class="note">{NO_DATA}: no silent outages (silent_outages).</p>'
    cells = df.sort("run_start", "vendor").select(
        pl.format(
            '<tr><td>{}</td><td class="day">{}</td><td class="day">{}</td>'
            '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
            _escape_expr(pl.col("vendor")),
            _utc_text(pl.col("run_start")),
            _utc_text(pl.col("run_end")),
            pl.col("hours"),
            pl.col("peak_reports"),
            pl.col("total_reports"),
        ).alias("row")
    )["row"]
    rows = "\n".join(cells.to_list())
    head = (
        "<tr><th>vendor</th><th>start</th><th>end</th><th>hours</th><th>peak reporters</th>"
        "<th>reporter-hours</th></tr>"
    )
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


_SENTIMENT_SQL = """
select vendor, day, items, sentiment_mean
from sentiment_daily
where source_type = 'social'
order by vendor, day
"""
_MIGRATION_DAILY_SQL = (
    "select day, from_vendor, to_vendor, posts from migration_daily"
    " order by day, from_vendor, to_vendor"
)
_MIGRATION_INDEX_SQL = """
select vendor, day, inflow_7d, outflow_7d, net_7d, share_7d
from migration_index_daily
order by vendor, day
"""
_CROWD_SQL = """
select vendor, hour, reports, threshold, is_anomaly
from outage_reports_hourly
order by vendor, hour
"""
_CROWD_WINDOW_SQL = "select min(hour), max(hour) + interval 1 hour from outage_reports_hourly"
_SENTIMENT_WINDOW_SQL = (
    "select min(day), max(day) from sentiment_daily where source_type = 'social'"
)
# Non-maintenance incidents overlapping a window (the figures pick the impacts they show).
_USERS_INCIDENTS_SQL = """
select vendor, incident_id, title, impact, is_maintenance, started_at, resolved_at,
       duration_minutes
from incidents
where not is_maintenance
  and coalesce(resolved_at, $window_close) >= $window_open
  and started_at < $window_close
order by vendor, started_at, incident_id
"""
_LEAD_TIMES_SQL = """
select vendor, incident_id, title, impact, started_at, first_anomaly_at, anomaly_hours,
       lead_minutes, crowd_peak_reports
from incident_lead_times
order by started_at, vendor, incident_id
"""
_SILENT_SQL = """
select vendor, run_start, run_end, hours, peak_reports, total_reports
from silent_outages
order by run_start, vendor
"""


def _incidents_between(
    con: duckdb.DuckDBPyConnection, open_: datetime | None, close: datetime | None
) -> pl.DataFrame:
    if open_ is None or close is None:
        return pl.DataFrame()
    return con.sql(_USERS_INCIDENTS_SQL, params={"window_open": open_, "window_close": close}).pl()


def _users_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    first, last = con.execute(_SENTIMENT_WINDOW_SQL).fetchall()[0]
    sentiment_incidents = _incidents_between(
        con,
        None if first is None else datetime.combine(first, time(), UTC),
        None if last is None else datetime.combine(last + timedelta(days=1), time(), UTC),
    )
    crowd_open, crowd_close = con.execute(_CROWD_WINDOW_SQL).fetchall()[0]
    sentiment = users_sentiment_spec(con.sql(_SENTIMENT_SQL).pl(), sentiment_incidents)
    sankey = migration_sankey_figure(con.sql(_MIGRATION_DAILY_SQL).pl())
    net = net_migration_spec(con.sql(_MIGRATION_INDEX_SQL).pl())
    crowd = crowd_reports_spec(
        con.sql(_CROWD_SQL).pl(), _incidents_between(con, crowd_open, crowd_close)
    )
    leads = lead_time_table(con.sql(_LEAD_TIMES_SQL).pl())
    silent = silent_outages_table(con.sql(_SILENT_SQL).pl())

    body = "\n".join(
        (
            _section(
                "Social sentiment by vendor",
                f"{SENTIMENT_ROLLING_DAYS}-day rolling mean of post sentiment (sentiment_daily, "
                "social; days weighted by posts). Shaded: major (orange) and critical (red) "
                "status incidents; triangles mark where they start.",
                _figure_fragment(sentiment, "users-sentiment"),
            ),
            _section(
                "Reported switches between vendors",
                "Posts reporting a move from one vendor (left) to another (right), summed over "
                f"the last {MIGRATION_RECENT_DAYS} days with data or the whole window (buttons).",
                _figure_fragment(sankey, "migration-sankey"),
            ),
            _section(
                "Net migration index",
                "Switches to minus switches away over 7 days, and the vendor's share of all "
                "switches of those 7 days (migration_index_daily).",
                _figure_fragment(net, "net-migration"),
            ),
            _section(
                "Crowd outage reports vs baseline",
                f"Distinct reporters per UTC hour for the {TOP_CROWD_VENDORS} vendors with most "
                "reports; dashed: anomaly threshold; red dots: anomalous hours; shaded and "
                "triangles: official incidents. Hourly within "
                f"{CROWD_DETAIL_DAYS} days of an anomaly, daily maximum elsewhere.",
                _figure_fragment(crowd, "crowd-reports"),
            ),
            _section(
                "Crowd lead time on official incidents",
                "Minutes from the incident start to the first anomalous crowd hour; negative "
                "(highlighted): users reported it before the status page.",
                leads,
            ),
            _section(
                "Silent outages",
                "Anomalous crowd runs that no official incident explains. Times in UTC.",
                silent,
            ),
        )
    )
    return _write_page(
        out_dir,
        USERS_PAGE,
        "Users",
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
    )


def build_users_dashboard(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
) -> Path:
    """Write `out_dir/users.html` (+ shared plotly.min.js and index.html); return its path.

    Reads sentiment_daily, migration_daily, migration_index_daily, outage_reports_hourly,
    incident_lead_times, silent_outages and incidents. Empty tables give "No data yet" notes.
    `generated_at` (aware) is the page's "data as of" stamp.
    """
    return _write_with_index(_users_page, con, out_dir, generated_at, summary_lines)


def _event_study_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    """Write event_study.html (pipeline/publish_event_study.py)."""
    from pipeline.publish import (
        event_study_page as publish_event_study,  # builds on this module's helpers
    )

    return publish_event_study.write_event_study_page(
        con, out_dir, generated_at=generated_at, summary_lines=summary_lines
    )


# Page writers by file name; every page of PAGES has one.
_PAGE_WRITERS = {
    OUTAGES_PAGE: _outage_page,
    NEWS_PAGE: _news_page,
    USERS_PAGE: _users_page,
    EVENT_STUDY_PAGE: _event_study_page,
}


def build_dashboards(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
) -> list[Path]:
    """Write the whole site: every page of PAGES, one page per vendor with data, the crisis board
    (index.html) and the shared plotly.min.js; return the pages.

    Returns the page paths in PAGES order, then the vendor pages (sorted by vendor), index.html
    last. Vendor pages of an earlier build whose vendor has no data any more are removed.
    Reads every table the pages read.
    """
    _as_of(generated_at)  # validates awareness before any work
    from pipeline.publish import site  # site builds on this module's helpers

    vendors = site.site_vendors(con)
    links = [(site.vendor_page_name(v), v) for v in vendors]
    site.remove_stale_vendor_pages(out_dir, [name for name, _ in links])
    with vendor_navigation(links):
        paths = [
            _PAGE_WRITERS[page.filename](
                con, out_dir, generated_at=generated_at, summary_lines=summary_lines
            )
            for page in PAGES
        ]
        paths += site.write_vendor_pages(
            con, out_dir, vendors, generated_at=generated_at, summary_lines=summary_lines
        )
        paths.append(
            build_index(out_dir, generated_at=generated_at, summary_lines=summary_lines, con=con)
        )
    return paths


# --------------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------------

# The exports live in pipeline/exports.py; these names stay importable from here.
from pipeline.publish.exports import EXPORTABLE as EXPORTABLE  # noqa: E402
from pipeline.publish.exports import FORMATS as FORMATS  # noqa: E402
from pipeline.publish.exports import LIST_SEPARATOR as LIST_SEPARATOR  # noqa: E402
from pipeline.publish.exports import ExportSpec as ExportSpec  # noqa: E402
from pipeline.publish.exports import export_all as export_all  # noqa: E402
from pipeline.publish.exports import export_filename as export_filename  # noqa: E402
from pipeline.publish.exports import export_table as export_table  # noqa: E402
