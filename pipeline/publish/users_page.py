"""The users page (`users.html`): social sentiment, reported switches, crowd outage reports.

Reads sentiment_daily, migration_daily, migration_index_daily, outage_reports_hourly,
incident_lead_times, silent_outages and incidents. Empty tables give "No data yet" notes. The
sentiment chart (`users_sentiment_spec`) is also the vendor pages'.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
import polars as pl

from pipeline.publish.crowd_figures import (
    CROWD_DETAIL_DAYS,
    TOP_CROWD_VENDORS,
    crowd_reports_spec,
    lead_time_table,
    silent_outages_table,
)
from pipeline.publish.figures import (
    SENTIMENT_RANGE,
    TEMPLATE,
    TEMPLATE_JSON,
    TOP_LINES,
    Spec,
    empty_figure,
    empty_spec,
    incident_bands,
    incident_markers,
    layout_axes,
    split_frame,
    subplot_layout,
    top_vendors,
)
from pipeline.publish.page import (
    NO_DATA,
    USERS_PAGE,
    escape_text,
    figure_fragment,
    section,
    write_page,
)
from pipeline.publish.palette import NEUTRAL_LIGHT, rgba, vendor_colours
from pipeline.publish.queries import day_bounds, query_rows, read_frame

# Social sentiment is smoothed over this many days (items-weighted).
SENTIMENT_ROLLING_DAYS = 7
# The default Sankey covers the last MIGRATION_RECENT_DAYS UTC days ending at the newest switch.
MIGRATION_RECENT_DAYS = 30


def users_sentiment_spec(sentiment_df: pl.DataFrame, incidents_df: pl.DataFrame) -> Spec:
    """Build the social sentiment per vendor: a SENTIMENT_ROLLING_DAYS-day rolling mean line.

    The rolling mean weighs days by their items (sum of item sentiment / items over the days
    ending that day); it is a gap where the window has no items. Points sit at noon of their
    UTC day. The TOP_LINES vendors with most posts are drawn, the others one legend click
    away. Major and critical incidents are bands in the vendor's colour (see
    `incident_bands`) with a marker at their start on the vendor's line (0 where the line has
    no value). The axis is fixed at SENTIMENT_RANGE.

    Args:
        sentiment_df: columns vendor, day (date), items, sentiment_mean (sentiment_daily rows
            of one source type).
        incidents_df: columns vendor, title, impact, is_maintenance, started_at, resolved_at
            (aware), duration_minutes (from incidents).
    """
    if sentiment_df.is_empty():
        return empty_spec(f"{NO_DATA}: no social sentiment (sentiment_daily).")
    window_open, window_close = day_bounds(sentiment_df["day"].min(), sentiment_df["day"].max())
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
    incidents, shapes = incident_bands(incidents_df, window_open, window_close, by_vendor=True)
    band_vendors = incidents["vendor"].to_list()  # one per shape, in order
    incidents = incidents.join(
        daily.select("vendor", "day", "rolling"), on=["vendor", "day"], how="left"
    ).with_columns(pl.col("rolling").fill_null(0.0).alias("y"))

    data: list[dict[str, Any]] = []
    vendors = sorted(set(daily["vendor"].to_list()) | set(incidents["vendor"].to_list()))
    colours = vendor_colours(vendors)
    shown = set(top_vendors(daily, "items", TOP_LINES))
    # Bands only for the drawn vendors: hidden ones keep their markers (shown with the line).
    shapes = [shape for shape, v in zip(shapes, band_vendors, strict=True) if v in shown]
    parts = split_frame(daily, vendors)
    hits_by_vendor = split_frame(incidents, vendors)
    for vendor in vendors:  # tens of vendors, not records
        label = escape_text(vendor)
        visible: bool | str = True if vendor in shown else "legendonly"
        part = parts[vendor]
        if not part.is_empty():
            data.append(
                {
                    "type": "scatter",
                    "visible": visible,
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
            data.append(incident_markers(hits, label, colours[vendor], visible))
    layout = {
        "shapes": shapes,
        "template": TEMPLATE_JSON,
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
            "range": list(SENTIMENT_RANGE),
            "zeroline": True,
            "zerolinecolor": NEUTRAL_LIGHT,
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
            "color": [rgba(colours[v], 0.35) for v in links["from_vendor"].to_list()],
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
        return empty_figure(f"{NO_DATA}: no reported switches (migration_daily).")
    first, last = migration_df["day"].min(), migration_df["day"].max()
    recent_first = max(first, last - timedelta(days=MIGRATION_RECENT_DAYS - 1))
    recent = migration_flows(migration_df, recent_first, last)
    colours = vendor_colours(whole["from_vendor"].to_list() + whole["to_vendor"].to_list())
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
        template=TEMPLATE,
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
        return empty_spec(f"{NO_DATA}: no migration index (migration_index_daily).")
    frame = index_df.sort("vendor", "day").with_columns(
        pl.col("day").dt.strftime("%Y-%m-%d 12:00").alias("x"),
        (pl.col("share_7d").cast(pl.Float64) * 100).alias("share_pct"),
    )
    layout = subplot_layout(
        2,
        shared_xaxes=True,
        vertical_spacing=0.1,
        titles=(
            "Net switches over 7 days (to the vendor minus away from it)",
            "Share of all switches over 7 days that went to the vendor (%)",
        ),
    )
    colours = vendor_colours(frame["vendor"].to_list())
    shown = set(
        top_vendors(
            frame.with_columns((pl.col("inflow_7d") + pl.col("outflow_7d")).alias("switches")),
            "switches",
        )
    )
    parts = split_frame(frame, list(colours))
    data: list[dict[str, Any]] = []
    for vendor, colour in colours.items():  # tens of vendors, not records
        label = escape_text(vendor)
        visible: bool | str = True if vendor in shown else "legendonly"
        part = parts[vendor]
        x = part["x"].to_numpy()
        data.append(
            {
                "type": "scatter",
                "visible": visible,
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
                "visible": visible,
                "hovertemplate": (
                    "<b>%{fullData.name}</b> %{x|%Y-%m-%d}<br>share %{y:.0f} %<extra></extra>"
                ),
                "xaxis": "x2",
                "yaxis": "y2",
            }
        )
    layout.update(
        template=TEMPLATE_JSON,
        height=520,
        margin={"t": 60},
        legend={"orientation": "h", "y": 1.08, "yanchor": "bottom", "x": 0},
    )
    for axis in layout_axes(layout, "xaxis"):
        axis["type"] = "date"
    layout["xaxis2"]["title"] = {"text": "UTC day"}
    layout["yaxis"].update(zeroline=True, zerolinecolor=NEUTRAL_LIGHT)
    layout["yaxis2"]["range"] = [0, 100]
    return {"data": data, "layout": layout}


def net_migration_figure(index_df: pl.DataFrame) -> go.Figure:
    """`net_migration_spec` as a validated plotly figure."""
    return go.Figure(net_migration_spec(index_df))


def _incidents_between(
    con: duckdb.DuckDBPyConnection, open_: datetime | None, close: datetime | None
) -> pl.DataFrame:
    if open_ is None or close is None:
        return pl.DataFrame()
    return read_frame(con, "select_overlapping_incidents", window_open=open_, window_close=close)


def write_users_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    """Write `out_dir/users.html` and return its path (see the module docstring).

    `generated_at` (aware) is the page's "data as of" stamp.
    """
    first, last = query_rows(con, "select_social_sentiment_window")[0]
    sentiment_window = (None, None) if first is None or last is None else day_bounds(first, last)
    crowd_open, crowd_close = query_rows(con, "select_crowd_window")[0]
    sentiment = users_sentiment_spec(
        read_frame(con, "select_social_sentiment"), _incidents_between(con, *sentiment_window)
    )
    sankey = migration_sankey_figure(read_frame(con, "select_migration_daily"))
    net = net_migration_spec(read_frame(con, "select_migration_index"))
    crowd = crowd_reports_spec(
        read_frame(con, "select_crowd_reports"), _incidents_between(con, crowd_open, crowd_close)
    )
    leads = lead_time_table(read_frame(con, "select_lead_times"))
    silent = silent_outages_table(read_frame(con, "select_silent_outages"))

    silent_section = section(
        "Silent outages",
        "Anomalous crowd runs that no official incident explains, newest first. Times in UTC.",
        silent,
    )
    body = "\n".join(
        (
            silent_section,
            section(
                "Crowd outage reports vs baseline",
                f"Distinct reporters per UTC hour for the {TOP_CROWD_VENDORS} vendors with most "
                "reports, in the vendor's colour; dashed: anomaly threshold; black crosses: "
                "anomalous hours; shaded and triangles (coloured by impact): official "
                f"incidents. Hourly within {CROWD_DETAIL_DAYS} days of an anomaly, daily "
                "maximum elsewhere.",
                figure_fragment(crowd, "crowd-reports"),
            ),
            section(
                "Crowd lead time on official incidents",
                "Minutes from the incident start to the first hour of the crowd burst credited "
                "to it (each burst to at most one incident: the first starting up to 3 h after "
                "the burst or 1 h before it); negative (highlighted): users reported it before "
                "the status page.",
                leads,
            ),
            section(
                "Social sentiment by vendor",
                f"{SENTIMENT_ROLLING_DAYS}-day rolling mean of post sentiment (sentiment_daily, "
                f"social; days weighted by posts), on the full -1 … +1 scale. The {TOP_LINES} "
                "vendors with most posts are drawn; click a name in the legend to add another. "
                "Shaded in the vendor's colour: the drawn vendors' major and critical (darker) "
                "status incidents; triangles mark where they start.",
                figure_fragment(sentiment, "users-sentiment"),
            ),
            section(
                "Reported switches between vendors",
                "Posts reporting a move from one vendor (left) to another (right), summed over "
                f"the last {MIGRATION_RECENT_DAYS} days with data or the whole window (buttons).",
                figure_fragment(sankey, "migration-sankey"),
            ),
            section(
                "Net migration index",
                "Switches to minus switches away over 7 days, and the vendor's share of all "
                f"switches of those 7 days (migration_index_daily); the {TOP_LINES} vendors "
                "with most switches are drawn, the others one legend click away.",
                figure_fragment(net, "net-migration"),
            ),
        )
    )
    return write_page(
        out_dir,
        USERS_PAGE,
        "Users",
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
    )
