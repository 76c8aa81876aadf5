"""The outages page (`outages.html`): uptime heatmap, incident timeline, monthly MTTR, latest.

Reads outage_daily and incidents. Its incident table (`latest_incidents_table`) is also the
crisis board's and the vendor pages'.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from pipeline.core.limits import MAX_INCIDENT_DURATION, MAX_INCIDENT_MINUTES
from pipeline.publish.figures import TEMPLATE, empty_figure
from pipeline.publish.page import (
    OUTAGES_PAGE,
    duration_expr,
    escape_expr,
    escape_text,
    figure_fragment,
    link_expr,
    long_table,
    section,
    utc_text,
    write_page,
)
from pipeline.publish.palette import IMPACT_COLOURS, OTHER_IMPACT_COLOUR, vendor_colour
from pipeline.publish.queries import outage_window, read_frame, site_vendors

LATEST_INCIDENTS = 20
# Row label suffix of a vendor no status feed covers (a blank row, never 100 %).
NO_FEED_LABEL = "no feed"
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


def uptime_heatmap(df: pl.DataFrame, all_vendors: Sequence[str] = ()) -> go.Figure:
    """Build the vendor x day uptime heatmap.

    Args:
        df: columns vendor, day (date), uptime_pct, outage_minutes (from outage_daily).
        all_vendors: vendors to list even without rows: theirs is a blank row labelled
            "<vendor> · no feed".

    A vendor and day without a row (no status feed covers it) stays a blank cell, never 100 %.
    """
    if df.is_empty():
        return empty_figure("No outage_daily rows yet.")
    vendors = pl.concat(
        [
            df.select("vendor"),
            pl.DataFrame({"vendor": list(all_vendors)}, schema={"vendor": pl.String}),
        ]
    ).select(pl.col("vendor").unique().sort())
    fed = df["vendor"].unique()
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
            y=vendors.select(
                pl.when(pl.col("vendor").is_in(fed.implode()))
                .then(escape_expr(pl.col("vendor")))
                .otherwise(
                    pl.format("{} · {}", escape_expr(pl.col("vendor")), pl.lit(NO_FEED_LABEL))
                )
            )
            .to_series()
            .to_list(),
            zmin=UPTIME_FLOOR,
            zmax=100.0,
            colorscale=UPTIME_COLORSCALE,
            colorbar={"title": {"text": "uptime %"}, "thickness": 12},
            # No gap between days: at a phone's width a day is under 1 px and a gap hides it.
            xgap=0,
            ygap=1,
            hovertemplate=(
                "<b>%{y}</b><br>%{x}<br>uptime %{z:.2f} %<br>"
                "outage %{customdata:.0f} min<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        template=TEMPLATE,
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
        return empty_figure("No incidents in the data window.")
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
            escape_expr(pl.col("vendor")).alias("vendor_label"),
        )
        .with_columns(
            pl.format(
                "<b>{}</b><br>{} · {}<br>start: {}<br>end: {}<br>duration: {}",
                escape_expr(pl.col("title").fill_null("(untitled)")),
                escape_expr(pl.col("vendor")),
                escape_expr(pl.col("category")),
                utc_text(pl.col("start")),
                pl.when(pl.col("resolved_at").is_null())
                .then(pl.lit("open"))
                .otherwise(utc_text(pl.col("end"))),
                pl.when(pl.col("resolved_at").is_null())
                .then(pl.format("{} so far", duration_expr(pl.col("span_ms") / 60_000)))
                .otherwise(duration_expr(pl.col("duration_minutes").fill_null(0.0))),
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
                marker={
                    "color": IMPACT_COLOURS.get(category, OTHER_IMPACT_COLOUR),
                    "opacity": 0.75,
                },
                hovertext=part["hover"].to_numpy(),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    n_vendors = frame["vendor"].n_unique()
    fig.update_layout(
        template=TEMPLATE,
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
        return empty_figure("No monthly data yet.")
    frame = df.sort("vendor", "month").with_columns(
        pl.col("month").dt.strftime("%Y-%m").alias("month_label"),
        escape_expr(pl.col("vendor")).alias("vendor_label"),
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
    for vendor in vendors:  # tens of vendors, not records
        part = frame.filter(pl.col("vendor") == vendor)
        label = part["vendor_label"][0]
        colour = vendor_colour(vendor)
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
    fig.update_layout(template=TEMPLATE, height=520, barmode="group", margin={"t": 40})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=months)
    return fig


def latest_incidents_table(df: pl.DataFrame) -> str:
    """Render incidents as an HTML table: vendor, linked title, impact, start, duration.

    Titles link to their URL only when it is http(s); all text is escaped. Past
    LONG_TABLE_ROWS rows the rest is collapsed.

    Args:
        df: columns vendor, title, url, impact, is_maintenance, started_at, resolved_at,
            duration_minutes; rendered in the given order.
    """
    if df.is_empty():
        return '<p class="note">No incidents yet.</p>'
    title = escape_expr(pl.col("title").fill_null("(untitled)"))
    cells = df.select(
        pl.format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_expr(pl.col("vendor")),
            link_expr(pl.col("url"), title),
            escape_expr(
                pl.when(pl.col("is_maintenance"))
                .then(pl.lit("maintenance"))
                .otherwise(pl.col("impact").fill_null("")),
            ),
            utc_text(pl.col("started_at")),
            pl.when(pl.col("resolved_at").is_null())
            .then(pl.lit("open"))
            .otherwise(duration_expr(pl.col("duration_minutes").fill_null(0.0))),
        ).alias("row")
    )["row"]
    head = "<tr><th>vendor</th><th>title</th><th>impact</th><th>start</th><th>duration</th></tr>"
    return long_table(head, cells.to_list())


def write_outages_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    """Write `out_dir/outages.html` from outage_daily and incidents; return its path.

    `generated_at` (aware) is the page's "data as of" stamp and caps the window for open
    incidents.
    """
    window_open, window_close = outage_window(con, generated_at)
    window = {"window_open": window_open, "window_close": window_close}

    heatmap_df = read_frame(con, "select_uptime_heatmap")
    vendors = site_vendors(con)
    heatmap = uptime_heatmap(heatmap_df, vendors)
    no_feed = sorted(set(vendors) - set(heatmap_df["vendor"].to_list()))
    timeline = incident_timeline(
        read_frame(con, "select_incident_timeline", **window), window_close
    )
    monthly = monthly_bars(
        read_frame(
            con, "select_monthly_outages", max_duration_minutes=MAX_INCIDENT_MINUTES, **window
        )
    )
    latest = latest_incidents_table(
        read_frame(con, "select_latest_incidents", limit=LATEST_INCIDENTS)
    )

    body = "\n".join(
        (
            section(
                "Uptime by vendor and day",
                f"uptime_pct from outage_daily (critical minutes count fully, major 30 %); "
                f"colours saturate below {UPTIME_FLOOR:g} %. Blank cells: no status feed of "
                f"the vendor covers the day (no data, not 100 %).",
                figure_fragment(heatmap, "uptime-heatmap"),
            ),
            section(
                "Incident timeline",
                "One bar per incident; open incidents run to the end of the data window.",
                figure_fragment(timeline, "incident-timeline"),
            ),
            section(
                "MTTR and outage minutes by month",
                "MTTR: mean duration of resolved non-maintenance incidents started that month "
                f"(an incident counts at most {MAX_INCIDENT_DURATION.days} days)."
                + (f" No status feed (not zero): {', '.join(no_feed)}." if no_feed else ""),
                figure_fragment(monthly, "monthly-bars"),
            ),
            section(
                f"Latest {LATEST_INCIDENTS} incidents",
                "Times in UTC; titles as published by the vendors.",
                latest,
            ),
        )
    )
    return write_page(
        out_dir,
        OUTAGES_PAGE,
        "Outages",
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
    )
