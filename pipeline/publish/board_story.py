"""The crisis board's first screen: the window's biggest events, the vendors now, one chart.

Headlines are computed from the warehouse (sql/publish/select_board_headlines.sql): the
vendor-months with the most weighted downtime and the largest net migration, each dated by
its worst day. "Now" is the last 7 days of the data window (sql/publish/select_board_now.sql).
The window chart draws weighted downtime minutes per vendor and day over the whole data
window, with bands over each vendor's days of major or critical outage. All outside text
(vendor names) is escaped.
"""

from datetime import date

import duckdb
import plotly.graph_objects as go
import polars as pl

from pipeline.publish.figures import TEMPLATE
from pipeline.publish.page import escape_text, figure_fragment
from pipeline.publish.palette import rgba, vendor_colours
from pipeline.publish.queries import read_frame

OUTAGE_HEADLINES = 3
MIGRATION_HEADLINES = 2
CHART_VENDORS = 5  # lines shown at first; the other vendors are one legend click away
BAND_VENDORS = 3  # vendors whose major/critical outage days are shaded
CHART_HEIGHT = 300
CHART_ID = "board-window"
# The first screen's own styles: compact state chips and headlines (the page kit styles the rest).
STORY_CSS = """<style>
.now { display: flex; flex-wrap: wrap; gap: .35rem; margin: .4rem 0; padding: 0; }
.now li { list-style: none; border: 1px solid #e3e3e3; border-left: 4px solid #999;
  border-radius: 3px; padding: .1rem .45rem; font-size: .85rem; }
.now li.bad { background: #fde0dc; } .now li.warn { background: #fff4e0; }
.now li.nofeed { color: #777; }
ol.headlines { margin: .3rem 0; padding-left: 1.4rem; }
ol.headlines li { margin: .1rem 0; } ol.headlines li:first-child { font-weight: 600; }
p.window { margin: .2rem 0 .4rem; } section.story h2 { margin-top: .8rem; }
</style>"""


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def headlines(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The window's biggest events, one row per vendor-month (see the SQL file's header)."""
    return read_frame(
        con,
        "select_board_headlines",
        outage_events=OUTAGE_HEADLINES,
        migration_events=MIGRATION_HEADLINES,
    )


def headline_text(row: dict) -> str:
    """One dated headline (escaped HTML) of a `headlines` row."""
    month = f"{row['month']:%B %Y}"
    parts = []
    if row["incidents"] is not None:
        parts.append(f"{row['incidents']} incidents in {month}, uptime {row['uptime_pct']:.1f} %")
    if row["net"] is not None:
        net = row["net"]
        way = "in" if net > 0 else "away" if net < 0 else "either way (net)"
        moved = f"{net:+d} users switched {way}"
        parts.append(moved if parts else f"{moved} in {month}")
    if row["kind"] == "outage" and row["worst_uptime_pct"] is not None:
        parts.append(f"worst day {row['worst_uptime_pct']:.1f} % up")
    text = f"{escape_text(row['vendor'])}: " + ", ".join(parts)
    return f'<time datetime="{row["day"]:%Y-%m-%d}">{_day(row["day"])}</time> &ndash; {text}'


def headlines_html(frame: pl.DataFrame) -> str:
    """The headlines as a list; a note when the window has no events."""
    if frame.is_empty():
        return '<p class="note nodata">No events: no downtime and no migration in the window.</p>'
    items = "\n".join(
        f'<li class="headline {row["kind"]}">{headline_text(row)}</li>'
        for row in frame.iter_rows(named=True)  # a handful of events
    )
    return f'<ol class="headlines">\n{items}\n</ol>'


def now_tiles(con: duckdb.DuckDBPyConnection, vendors: list[str], end: date) -> str:
    """One chip per vendor: its state over the last 7 days of the window ending `end`.

    Worst first (open incidents, then lowest uptime); vendors without a status feed read
    "no feed" and come last.
    """
    frame = read_frame(con, "select_board_now", end=end, vendors=vendors)
    if frame.is_empty():
        return ""
    ordered = frame.sort(
        ["has_status", "open_incidents", "uptime_7d", "vendor"],
        descending=[True, True, False, False],
        nulls_last=True,
    )
    colours = vendor_colours(vendors)
    tiles = []
    for row in ordered.iter_rows(named=True):  # one per vendor (tens)
        vendor = row["vendor"]
        if not row["has_status"]:
            state, cls = "no feed", "nofeed"
        elif row["open_incidents"]:
            state, cls = f"{row['open_incidents']} open incident(s)", "bad"
        elif row["uptime_7d"] is not None and row["uptime_7d"] < 100:
            state, cls = f"uptime 7 d {row['uptime_7d']:.2f} %", "warn"
        else:
            state, cls = "operational", "ok"
        tiles.append(
            f'<li class="{cls}" style="border-left-color:{colours[vendor]}">'
            f"<b>{escape_text(vendor)}</b> {escape_text(state)}</li>"
        )
    return '<ul class="now">' + "".join(tiles) + "</ul>"


def _bands(daily: pl.DataFrame, vendors: list[str]) -> pl.DataFrame:
    """Runs of consecutive days with major/critical outage minutes, per vendor in `vendors`."""
    days = daily.filter(pl.col("vendor").is_in(vendors) & (pl.col("major_outage_minutes") > 0))
    return (
        days.sort("vendor", "day")
        .with_columns(
            (pl.col("day").diff().over("vendor").dt.total_days().fill_null(99) > 1)
            .cum_sum()
            .over("vendor")
            .alias("run")
        )
        .group_by("vendor", "run", maintain_order=True)
        .agg(pl.col("day").min().alias("first"), pl.col("day").max().alias("last"))
    )


def window_chart(con: duckdb.DuckDBPyConnection) -> str:
    """The whole window's daily weighted downtime per vendor, with outage bands (HTML)."""
    daily = read_frame(con, "select_board_downtime_daily")
    if daily.is_empty():
        return '<p class="note nodata">No data yet: no status feed has reported a day.</p>'
    totals = (
        daily.group_by("vendor")
        .agg(pl.col("weighted_down_minutes").sum().alias("total"))
        .sort(["total", "vendor"], descending=[True, False])
    )
    ranked = totals["vendor"].to_list()
    colours = vendor_colours(sorted(ranked))
    fig = go.Figure(layout={"template": TEMPLATE})
    for rank, vendor in enumerate(ranked):  # one trace per vendor (tens)
        part = daily.filter(pl.col("vendor") == vendor)
        fig.add_scatter(
            x=part["day"].cast(pl.String).to_list(),
            y=part["weighted_down_minutes"].round(1).to_numpy(),
            name=escape_text(vendor),
            mode="lines",
            line={"color": colours[vendor], "width": 1.6},
            visible=True if rank < CHART_VENDORS else "legendonly",
            customdata=part["uptime_pct"].round(2).to_numpy(),
            hovertemplate="<b>%{fullData.name}</b> %{x}<br>%{y:.0f} min down, "
            "uptime %{customdata:.2f} %<extra></extra>",
        )
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": f"{band['first']:%Y-%m-%d}",
            "x1": f"{band['last']:%Y-%m-%d}T23:59:59",
            "y0": 0,
            "y1": 1,
            "fillcolor": rgba(colours[band["vendor"]], 0.12),
            "line": {"width": 0},
            "layer": "below",
        }
        for band in _bands(daily, ranked[:BAND_VENDORS]).iter_rows(named=True)
    ]
    fig.update_layout(
        height=CHART_HEIGHT,
        margin={"l": 50, "r": 10, "t": 10, "b": 30},
        shapes=shapes,
        yaxis={"title": {"text": "downtime min / day"}, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.12},
        hovermode="closest",
    )
    return figure_fragment(fig, CHART_ID)
