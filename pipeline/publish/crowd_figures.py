"""Crowd outage reports against official incidents: the chart and the two tables.

Shared by the users page and the vendor pages: `crowd_reports_spec` (reporters per hour,
threshold, anomalous hours, official incidents), `lead_time_table` (incident_lead_times) and
`silent_outages_table` (silent_outages). The chart is downsampled by `crowd_points` so a page
stays small whatever the window length.
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import plotly.graph_objects as go
import polars as pl

from pipeline.publish.figures import (
    TEMPLATE_JSON,
    Spec,
    empty_spec,
    impact_colour_expr,
    incident_bands,
    layout_axes,
    split_frame,
    subplot_layout,
)
from pipeline.publish.page import NO_DATA, escape_expr, escape_text, long_table, utc_text
from pipeline.publish.palette import NEUTRAL_DARK, NEUTRAL_MID, vendor_colours

# The TOP_CROWD_VENDORS vendors with most reports; hourly detail only on days within
# CROWD_DETAIL_DAYS of an anomalous hour, one point per day (its max) elsewhere.
TOP_CROWD_VENDORS = 4
CROWD_DETAIL_DAYS = 2
# Crowd charts are hourly: a short incident needs only a narrow band there.
MIN_CROWD_BAND = timedelta(hours=1)
# Anomalous hours belong to no vendor: a neutral open cross, never a vendor's colour.
ANOMALY_COLOUR = NEUTRAL_DARK
ANOMALY_SYMBOL = "x-thin-open"


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


def _crowd_traces(
    part: pl.DataFrame, label: str, colour: str, first_row: bool, refs: dict[str, str]
) -> list[dict[str, Any]]:
    """Reports line, threshold line and anomalous-hour dots of one vendor's panel."""
    anomalies = part.filter(pl.col("is_anomaly"))
    x = part["x"].to_numpy()
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": x,
            "y": part["reports"].cast(pl.Int32).to_numpy(),
            "customdata": part["label"].to_numpy(),
            "mode": "lines",
            "name": label,
            "showlegend": False,
            "line": {"color": colour, "width": 1.5},
            "hovertemplate": (
                f"<b>{label}</b> %{{customdata}}<br>%{{y:.0f}} reporters<extra></extra>"
            ),
            **refs,
        },
        {
            "type": "scatter",
            "x": x,
            "y": part["threshold"].cast(pl.Float32).to_numpy(),
            "mode": "lines",
            "name": "threshold",
            "legendgroup": "threshold",
            "showlegend": first_row,
            "line": {"color": NEUTRAL_MID, "width": 1, "dash": "dash"},
            "hovertemplate": "threshold %{y:.1f}<extra></extra>",
            **refs,
        },
    ]
    if not anomalies.is_empty():
        traces.append(
            {
                "type": "scatter",
                "x": anomalies["x"].to_numpy(),
                "y": anomalies["reports"].to_numpy(),
                "customdata": anomalies["label"].to_numpy(),
                "mode": "markers",
                "name": "anomalous hour",
                "legendgroup": "anomaly",
                "showlegend": False,
                "marker": {
                    "color": ANOMALY_COLOUR,
                    "size": 7,
                    "symbol": ANOMALY_SYMBOL,
                    "line": {"color": ANOMALY_COLOUR, "width": 1.5},
                },
                "hovertemplate": (
                    f"<b>{label}</b> %{{customdata}}<br>%{{y:.0f}} reporters (anomaly)"
                    "<extra></extra>"
                ),
                **refs,
            }
        )
    return traces


def _official_markers(incidents: pl.DataFrame, refs: dict[str, str]) -> dict[str, Any]:
    """Start markers (at 0) of official incidents on one vendor's panel."""
    return {
        "type": "scatter",
        "x": incidents["x"].to_numpy(),
        "y": [0.0] * incidents.height,
        "mode": "markers",
        "name": "official incident",
        "legendgroup": "incident",
        "showlegend": False,
        "marker": {
            "color": incidents.select(impact_colour_expr(pl.col("impact"))).to_series().to_list(),
            "size": 10,
            "symbol": "triangle-up",
            "line": {"color": NEUTRAL_DARK, "width": 1},
        },
        "hovertext": incidents["hover"].to_numpy(),
        "hovertemplate": "%{hovertext}<extra></extra>",
        **refs,
    }


def crowd_reports_spec(hourly_df: pl.DataFrame, incidents_df: pl.DataFrame) -> Spec:
    """Build crowd outage reports vs threshold for the TOP_CROWD_VENDORS vendors by reports.

    One row per vendor (most reports first, ties by name), shared time axis: reports (line),
    threshold (dashed), anomalous hours (neutral crosses), official minor/major/critical
    incidents as bands coloured by impact (at least MIN_CROWD_BAND wide) and start markers at
    0. Downsampled by `crowd_points`.

    Args:
        hourly_df: columns vendor, hour (aware), reports, threshold, is_anomaly
            (outage_reports_hourly).
        incidents_df: columns vendor, title, impact, is_maintenance, started_at, resolved_at
            (aware), duration_minutes (from incidents).
    """
    if hourly_df.is_empty():
        return empty_spec(f"{NO_DATA}: no crowd reports (outage_reports_hourly).")
    totals = (
        hourly_df.group_by("vendor")
        .agg(pl.col("reports").cast(pl.Int64).sum().alias("total"))
        .filter(pl.col("total") > 0)
        .sort(["total", "vendor"], descending=[True, False])
        .head(TOP_CROWD_VENDORS)
    )
    if totals.is_empty():
        return empty_spec(f"{NO_DATA}: no crowd outage reports in the window.")
    vendors = totals["vendor"].to_list()
    hours = hourly_df["hour"].dt.convert_time_zone("UTC")
    window_open, window_close = hours.min(), hours.max() + timedelta(hours=1)
    points = crowd_points(hourly_df, vendors)
    colours = vendor_colours(hourly_df["vendor"].unique().to_list())
    layout = subplot_layout(
        len(vendors),
        shared_xaxes=True,
        vertical_spacing=0.3 / len(vendors),
        titles=[
            f"{escape_text(v)}: {t} reports" for v, t in totals.select("vendor", "total").rows()
        ],
    )
    parts = split_frame(points, vendors)
    incident_parts = split_frame(incidents_df, vendors)
    data: list[dict[str, Any]] = []
    shapes: list[dict[str, object]] = []
    for row, vendor in enumerate(vendors, start=1):  # a handful of vendors, not records
        axis = "" if row == 1 else str(row)
        refs = {"xaxis": f"x{axis}", "yaxis": f"y{axis}"}
        data += _crowd_traces(parts[vendor], escape_text(vendor), colours[vendor], row == 1, refs)
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
            data.append(_official_markers(incidents, refs))
    layout.update(
        shapes=shapes,
        template=TEMPLATE_JSON,
        height=90 + 190 * len(vendors),
        margin={"t": 60},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    time_range = [window_open.strftime("%Y-%m-%d %H:%M"), window_close.strftime("%Y-%m-%d %H:%M")]
    for axis in layout_axes(layout, "xaxis"):
        axis.update(type="date", range=list(time_range))
    for axis in layout_axes(layout, "yaxis"):
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
    """Render incident_lead_times as an HTML table: the incidents with a crowd signal.

    Only incidents with a burst of crowd reports credited to them are listed, newest first
    (a note counts the others); past LONG_TABLE_ROWS the rows are collapsed. Columns: vendor,
    incident (escaped title), impact, start, first anomaly, lead, anomalous hours, peak
    reporters. A negative lead (users noticed first) is highlighted.

    Args:
        df: columns vendor, incident_id, title, impact, started_at, first_anomaly_at (aware),
            anomaly_hours, lead_minutes, peak_reports (incident_lead_times).
    """
    if df.is_empty():
        return f'<p class="note">{NO_DATA}: no incident lead times (incident_lead_times).</p>'
    signal = df.filter(pl.col("lead_minutes").is_not_null())
    without = df.height - signal.height
    note = (
        f'<p class="note">{signal.height} of {df.height} official incidents had a crowd signal; '
        f"{without} had none and are not listed. Newest first.</p>"
    )
    if signal.is_empty():
        return note
    early = pl.col("lead_minutes") < 0
    cells = signal.sort(
        "started_at", "vendor", "incident_id", descending=[True, False, False]
    ).select(
        pl.format(
            '<tr><td>{}</td><td>{}</td><td>{}</td><td class="day">{}</td>'
            '<td class="day">{}</td><td class="{}">{}</td><td class="num">{}</td>'
            '<td class="num">{}</td></tr>',
            escape_expr(pl.col("vendor")),
            escape_expr(pl.col("title").fill_null("(untitled)")),
            escape_expr(pl.col("impact")),
            utc_text(pl.col("started_at")),
            pl.when(pl.col("first_anomaly_at").is_null())
            .then(pl.lit("—"))
            .otherwise(utc_text(pl.col("first_anomaly_at"))),
            pl.when(early).then(pl.lit("num early")).otherwise(pl.lit("num")),
            _lead_text(pl.col("lead_minutes")),
            pl.col("anomaly_hours").cast(pl.String).fill_null("—"),
            pl.col("peak_reports").cast(pl.String).fill_null("—"),
        ).alias("row")
    )["row"]
    head = (
        "<tr><th>vendor</th><th>incident</th><th>impact</th><th>start</th>"
        "<th>first anomaly</th><th>lead</th><th>anomalous hours</th><th>peak reporters</th></tr>"
    )
    return note + "\n" + long_table(head, cells.to_list())


def silent_outages_table(df: pl.DataFrame) -> str:
    """Render silent_outages as an HTML table, newest run first (then vendor).

    Past LONG_TABLE_ROWS the rows are collapsed.

    Args:
        df: columns vendor, started_at, ended_at (aware), hours, peak_reports, total_reports.
    """
    if df.is_empty():
        return f'<p class="note">{NO_DATA}: no silent outages (silent_outages).</p>'
    cells = df.sort("started_at", "vendor", descending=[True, False]).select(
        pl.format(
            '<tr><td>{}</td><td class="day">{}</td><td class="day">{}</td>'
            '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
            escape_expr(pl.col("vendor")),
            utc_text(pl.col("started_at")),
            utc_text(pl.col("ended_at")),
            pl.col("hours"),
            pl.col("peak_reports"),
            pl.col("total_reports"),
        ).alias("row")
    )["row"]
    head = (
        "<tr><th>vendor</th><th>start</th><th>end</th><th>hours</th><th>peak reporters</th>"
        "<th>reporter-hours</th></tr>"
    )
    return long_table(head, cells.to_list())
