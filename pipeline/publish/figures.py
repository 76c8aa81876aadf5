"""Shared figure pieces: the plotly template, figure specs, subplot layouts, incident bands.

Figures the site draws many times are built as plain dicts ("specs": {"data": [trace dicts],
"layout": {...}}) and serialized as they are: constructing and validating plotly objects cost
~250 ms per vendor page at scale. The public `*_figure` builders of the page modules wrap the
same specs in `go.Figure` (validated there, and in the tests). Builders are pure: frames in,
figure or spec out; all outside text they place is escaped.
"""

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from pipeline.publish.page import duration_expr, escape_expr, escape_text, utc_text
from pipeline.publish.palette import (
    IMPACT_COLOURS,
    NEUTRAL_DARK,
    OTHER_IMPACT_COLOUR,
    vendor_colour,
)

# A small explicit template: plotly's default one adds ~9 KB of JSON to every figure.
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": "system-ui, -apple-system, Segoe UI, sans-serif", "size": 12},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 90, "r": 20, "t": 30, "b": 40},
        # automargin: tick labels (long vendor names, "· no feed") are never clipped.
        "xaxis": {"gridcolor": "#eeeeee", "linecolor": "#cccccc", "automargin": True},
        "yaxis": {"gridcolor": "#eeeeee", "linecolor": "#cccccc", "automargin": True},
        "hoverlabel": {"align": "left"},
    }
)
TEMPLATE_JSON: dict[str, Any] = TEMPLATE.to_plotly_json()
# Incident bands on a months-long axis are at least this wide: a 40-minute outage would be a
# sub-pixel sliver.
MIN_INCIDENT_BAND = timedelta(hours=6)
# Charts with a line per vendor show this many (most data first); the others are one legend
# click away (plotly's "legendonly").
TOP_LINES = 5
# Vendor-coloured incident bands: critical ones darker than the others.
BAND_OPACITY = {"critical": 0.28}
BAND_OPACITY_DEFAULT = 0.14
# Sentiment and tone axes: the whole scale of the score, whatever the data.
SENTIMENT_RANGE = (-1.0, 1.0)

Spec = dict[str, Any]


def empty_figure(message: str, height: int = 160) -> go.Figure:
    """A figure without traces: `message` (escaped here) as its only annotation."""
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE,
        height=height,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{"text": escape_text(message), "showarrow": False, "font": {"size": 14}}],
    )
    return fig


def empty_spec(message: str, height: int = 160) -> Spec:
    """Spec of `empty_figure`: no traces, the (escaped) message as an annotation."""
    return {
        "data": [],
        "layout": {
            "template": TEMPLATE_JSON,
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


def subplot_layout(
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


def layout_axes(layout: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The `kind` ("xaxis" or "yaxis") axis dicts of a layout, in subplot order."""
    names = [k for k in layout if k == kind or (k.startswith(kind) and k[len(kind) :].isdigit())]
    names.sort(key=lambda k: int(k[len(kind) :] or 1))
    return [layout[k] for k in names]


def split_frame(
    frame: pl.DataFrame, keys: Sequence[str], column: str = "vendor"
) -> dict[str, pl.DataFrame]:
    """Rows of `frame` per value of `column`, for each of `keys` (empty frame when absent)."""
    if frame.is_empty():
        return dict.fromkeys(keys, frame)
    parts = {k[0]: part for k, part in frame.partition_by(column, as_dict=True).items()}
    empty = frame.clear()
    return {key: parts.get(key, empty) for key in keys}


def _incident_hover() -> pl.Expr:
    """Hover text of an incident (columns title, vendor, impact, start, resolved_at, ...)."""
    return pl.format(
        "<b>{}</b><br>{} · {}<br>start: {}<br>end: {}<br>duration: {}",
        escape_expr(pl.col("title").fill_null("(untitled)")),
        escape_expr(pl.col("vendor")),
        escape_expr(pl.col("impact")),
        utc_text(pl.col("start")),
        pl.when(pl.col("resolved_at").is_null())
        .then(pl.lit("open"))
        .otherwise(utc_text(pl.col("resolved_at"))),
        pl.when(pl.col("resolved_at").is_null())
        .then(pl.lit("open"))
        .otherwise(duration_expr(pl.col("duration_minutes").fill_null(0.0))),
    )


_BAND_SCHEMA = {
    "vendor": pl.String,
    "impact": pl.String,
    "x": pl.String,
    "day": pl.Date,
    "hover": pl.String,
}


def impact_colour_expr(impact: pl.Expr) -> pl.Expr:
    """The IMPACT_COLOURS colour of each impact (OTHER_IMPACT_COLOUR for unknown ones)."""
    return impact.replace_strict(
        IMPACT_COLOURS, default=OTHER_IMPACT_COLOUR, return_dtype=pl.String
    )


def top_vendors(frame: pl.DataFrame, column: str, n: int = TOP_LINES) -> list[str]:
    """The `n` vendors of `frame` with the largest sum of `column` (ties by name)."""
    if frame.is_empty():
        return []
    return (
        frame.group_by("vendor")
        .agg(pl.col(column).fill_null(0).cast(pl.Float64).sum().alias("total"))
        .sort(["total", "vendor"], descending=[True, False])
        .head(n)["vendor"]
        .to_list()
    )


def vendor_colour_expr(vendor: pl.Expr, vendors: Sequence[str]) -> pl.Expr:
    """The `vendor_colour` of each value of `vendor` (one of `vendors`)."""
    mapping = {v: vendor_colour(v) for v in set(vendors)}
    return vendor.replace_strict(mapping, default=NEUTRAL_DARK, return_dtype=pl.String)


def incident_bands(
    incidents_df: pl.DataFrame,
    window_open: datetime,
    window_close: datetime,
    *,
    impacts: Sequence[str] = ("major", "critical"),
    min_width: timedelta = MIN_INCIDENT_BAND,
    xref: str = "x",
    yref: str = "paper",
    by_vendor: bool = False,
) -> tuple[pl.DataFrame, list[dict[str, object]]]:
    """Select incidents to overlay on a time chart and build their shaded bands.

    Keeps non-maintenance incidents of `impacts` overlapping [window_open, window_close);
    open ones run to `window_close`. Bands are at least `min_width` wide, clipped to the
    window and coloured by impact (IMPACT_COLOURS), or with `by_vendor` in the colour of the
    incident's vendor (whose incident it is; critical ones darker, see BAND_OPACITY).

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
    if by_vendor:
        fill = vendor_colour_expr(pl.col("vendor"), incidents["vendor"].unique().to_list())
        opacity = pl.col("impact").replace_strict(
            BAND_OPACITY, default=BAND_OPACITY_DEFAULT, return_dtype=pl.Float64
        )
    else:
        fill, opacity = impact_colour_expr(pl.col("impact")), pl.lit(0.15)
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
                fillcolor=fill,
                opacity=opacity,
                layer=pl.lit("below"),
                line=pl.struct(width=pl.lit(0)),
            ).alias("shape")
        )
        .to_series()
        .to_list()
    )
    return incidents, shapes


def incident_markers(
    hits: pl.DataFrame, label: str, colour: str, visible: bool | str = True
) -> dict[str, Any]:
    """A scatter trace (plain dict) of incident markers: columns x, y and escaped hover.

    The markers share the legend group of the vendor's line `label` (hidden with it).
    """
    return {
        "type": "scatter",
        "x": hits["x"].to_numpy(),
        "y": hits["y"].cast(pl.Float64).to_numpy(),
        "mode": "markers",
        "name": f"{label} incidents",
        "legendgroup": label,
        "showlegend": False,
        "visible": visible,
        "marker": {
            "color": colour,
            "size": 11,
            "symbol": "triangle-up",
            "line": {"color": NEUTRAL_DARK, "width": 1},
        },
        "hovertext": hits["hover"].to_numpy(),
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
