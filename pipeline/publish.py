"""Publish: plotly HTML dashboards and CSV/Parquet exports of warehouse tables.

Dashboards are static pages under one folder that open offline from file://: every page loads
the one `plotly.min.js` beside it (copied from the plotly package, never the CDN). Each figure
comes from a pure builder (frame in, figure out); pages are composed from figure fragments.
All outside text (titles, vendor names, URLs) is untrusted and HTML-escaped before it reaches
plotly (which renders hover text, tick labels and legend names as HTML) or the page.

Exports copy one table with DuckDB `COPY (SELECT ...) TO ?`, filtered by vendor and date.
"""

import html
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from pipeline.errors import CatalogError, RadarError

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Dashboards
# --------------------------------------------------------------------------------------------

PLOTLY_JS = "plotly.min.js"
INDEX_PAGE = "index.html"
OUTAGES_PAGE = "outages.html"
LATEST_INCIDENTS = 20
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
)


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
                base=part["base"].to_list(),
                x=part["span_ms"].cast(pl.Float64).to_numpy(),
                y=part["vendor_label"].to_list(),
                orientation="h",
                name=escape_text(category),
                marker={"color": IMPACT_COLOURS.get(category, "#666666"), "opacity": 0.75},
                hovertext=part["hover"].to_list(),
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
    palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
    ]  # fmt: skip
    vendors = frame["vendor"].unique(maintain_order=True).to_list()
    for i, vendor in enumerate(vendors):  # tens of vendors, not records
        part = frame.filter(pl.col("vendor") == vendor)
        label = part["vendor_label"][0]
        colour = palette[i % len(palette)]
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


def _figure_fragment(fig: go.Figure, div_id: str) -> str:
    # Fixed div ids keep the page bytes identical for identical data (idempotent output).
    height = fig.layout.height or 450
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        default_height=f"{height}px",
        config=_PLOTLY_CONFIG,
    )


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
</style>
{head}
</head>
<body>
<header><h1><a href="{index}">Reliability Radar</a> · {title}</h1>
<p class="asof">Data as of {as_of}</p></header>
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


def _render_page(
    title: str, body: str, *, generated_at: datetime, summary_lines: Sequence[str], head: str = ""
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
        summary=summary,
        body=body,
    )


def _section(title: str, note: str, content: str) -> str:
    return (
        f"<section>\n<h2>{escape_text(title)}</h2>\n"
        f'<p class="note">{escape_text(note)}</p>\n{content}\n</section>'
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
    url = pl.col("url").fill_null("")
    cells = df.select(
        pl.format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            _escape_expr(pl.col("vendor")),
            # Only http(s) URLs become links: javascript:, data: etc. stay plain text.
            pl.when(url.str.contains(_HTTP_URL))
            .then(
                pl.format('<a href="{}" rel="noopener noreferrer">{}</a>', _escape_expr(url), title)
            )
            .otherwise(title),
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
    as_of = _as_of(generated_at)  # validates awareness before any work
    out_dir.mkdir(parents=True, exist_ok=True)
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
    page = _render_page(
        "Outages", body, generated_at=generated_at, summary_lines=summary_lines, head=_PLOTLY_HEAD
    )
    ensure_plotlyjs(out_dir)
    path = out_dir / OUTAGES_PAGE
    _write_atomic(path, page.encode("utf-8"))
    logger.info("wrote %s (%.1f KiB, data as of %s)", path, len(page) / 1024, as_of)
    build_index(out_dir, generated_at=generated_at, summary_lines=summary_lines)
    return path


def build_index(
    out_dir: Path, *, generated_at: datetime, summary_lines: Sequence[str] = ()
) -> Path:
    """Write `out_dir/index.html` linking every page of PAGES whose file exists; return its path."""
    items = "\n".join(
        f'<li><a href="{escape_text(p.filename)}">{escape_text(p.title)}</a> '
        f"— {escape_text(p.description)}</li>"
        for p in PAGES
        if (out_dir / p.filename).exists()
    )
    body = f"<ul>\n{items}\n</ul>" if items else '<p class="note">No dashboards yet.</p>'
    page = _render_page("Dashboards", body, generated_at=generated_at, summary_lines=summary_lines)
    path = out_dir / INDEX_PAGE
    _write_atomic(path, page.encode("utf-8"))
    return path


# --------------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------------

FORMATS = ("csv", "parquet")
LIST_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class ExportSpec:
    """How one warehouse table is exported.

    `date_column` is what --since/--until filter (inclusive UTC days); `vendor_column` what
    --vendor filters (None: the table has no vendor column).
    """

    description: str
    order_by: tuple[str, ...]
    date_column: str
    vendor_column: str | None = "vendor"


# Indicator name = table name (an identifier from this constant, never from user input).
EXPORTABLE: dict[str, ExportSpec] = {
    "incidents": ExportSpec(
        "One row per vendor status incident.", ("vendor", "started_at", "incident_id"), "started_at"
    ),
    "outage_daily": ExportSpec(
        "Outage indicators per vendor and UTC day.", ("vendor", "day"), "day"
    ),
}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _choices(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "(none)"


def export_filename(indicator: str, vendors: Sequence[str] = (), fmt: str = "csv") -> str:
    """Return the conventional file name `<indicator>[_<vendor>...].<fmt>`."""
    suffix = "".join("_" + re.sub(r"[^a-z0-9-]+", "-", v.lower()) for v in vendors)
    return f"{indicator}{suffix}.{fmt}"


def export_table(
    con: duckdb.DuckDBPyConnection,
    indicator: str,
    out: Path,
    *,
    vendors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    fmt: str = "csv",
) -> int:
    """Write one warehouse table (filtered) to `out` as CSV or Parquet; return rows written.

    Columns keep the table's order, rows are sorted by the spec's keys; dates are ISO and
    timestamps UTC (`2026-03-03 14:05:00+00` in CSV). List columns are `;`-joined in CSV and
    stay lists in Parquet. `since`/`until` are inclusive UTC days.

    Raises:
        CatalogError: unknown indicator, vendor or format, or `since` after `until`; the
            message lists the valid choices.
        RadarError: the connection's session time zone is not UTC.
    """
    spec = EXPORTABLE.get(indicator)
    if spec is None:
        raise CatalogError(
            f"unknown indicator {indicator!r}; choose one of: {_choices(sorted(EXPORTABLE))}"
        )
    if fmt not in FORMATS:
        raise CatalogError(f"unknown format {fmt!r}; choose one of: {_choices(FORMATS)}")
    if since is not None and until is not None and since > until:
        raise CatalogError(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    # Results are always fetched to the end: DuckDB 2 refuses new work on a connection
    # with an unfinished execute() result.
    (zone,) = con.execute("select current_setting('TimeZone')").fetchall()[0]
    if zone not in ("UTC", "Etc/UTC"):
        raise RadarError(
            f"connection time zone is {zone!r}; exports need "
            "SET TimeZone = 'UTC' (warehouse.connect does it)"
        )
    columns = con.sql(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' and table_name = ? "
        "order by column_index",
        params=[indicator],
    ).fetchall()
    if not columns:
        raise RadarError(f"table {indicator} does not exist; run the pipeline first")
    types = dict(columns)
    table = _ident(indicator)

    where: list[str] = []
    params: dict[str, object] = {}
    if vendors:
        if spec.vendor_column is None:
            raise CatalogError(f"indicator {indicator!r} has no vendor column; drop --vendor")
        vendor_col = _ident(spec.vendor_column)
        # Identifiers come from EXPORTABLE and the catalog; values are parameters.
        valid_rows = con.sql(
            f"select distinct {vendor_col} from {table} where {vendor_col} is not null order by 1"  # noqa: S608
        ).fetchall()
        valid = [row[0] for row in valid_rows]
        unknown = [v for v in dict.fromkeys(vendors) if v not in valid]
        if unknown:
            names = ", ".join(repr(v) for v in unknown)
            raise CatalogError(
                f"unknown vendor {names} for {indicator}; choose one of: {_choices(valid)}"
            )
        where.append(f"{vendor_col} in (select unnest($vendors::varchar[]))")
        params["vendors"] = list(dict.fromkeys(vendors))
    date_col = _ident(spec.date_column)
    is_day = types[spec.date_column] == "DATE"
    # Days are compared as dates; timestamps against UTC midnights (independent of the session).
    if since is not None:
        where.append(f"{date_col} >= $since")
        params["since"] = since if is_day else datetime.combine(since, time(), UTC)
    if until is not None:
        where.append(f"{date_col} <= $until" if is_day else f"{date_col} < $until")
        params["until"] = (
            until if is_day else datetime.combine(until + timedelta(days=1), time(), UTC)
        )

    select = ", ".join(
        f"array_to_string({_ident(name)}, '{LIST_SEPARATOR}') as {_ident(name)}"
        if fmt == "csv" and type_.endswith("[]")
        else _ident(name)
        for name, type_ in columns
    )
    query = f"select {select} from {table}"  # noqa: S608 - identifiers only, see above
    if where:
        query += " where " + " and ".join(where)
    query += " order by " + ", ".join(_ident(c) for c in spec.order_by)
    options = "format csv, header" if fmt == "csv" else "format parquet"

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    params["path"] = os.fspath(tmp)
    try:
        result = con.execute(f"copy ({query}) to $path ({options})", params).fetchall()
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    rows = int(result[0][0]) if result else 0
    logger.info("exported %s: %d rows -> %s", indicator, rows, out)
    return rows


def export_all(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write every EXPORTABLE table as `out_dir/<indicator>.csv`; return the paths written."""
    paths = []
    for indicator in EXPORTABLE:
        path = out_dir / export_filename(indicator)
        export_table(con, indicator, path)
        paths.append(path)
    return paths
