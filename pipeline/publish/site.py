"""Dashboard site: the crisis board (index.html) and one page per vendor.

Builds on `pipeline.publish.dashboards` (page chrome, escaping, figure builders) and is called from
`publish.build_dashboards` / `publish.build_index`.

"30 days" and "90 days" are the last 30 / 90 UTC days of the **data window** ending on its last
day (the newest day of the daily indicator tables), not of the wall clock: a historical sample
ending in April 2026 shows April 2026. "This week" is the last 7 days of the window, "the
previous week" the 7 days before.

Sparklines and the Statuspage-style uptime bar are inline SVG written here (no JavaScript, a
few KB per vendor); vendor pages reuse the plotly figure builders of `publish` on the vendor's
rows. All outside text (vendor names, incident titles, URLs) is escaped; only http(s) URLs
become links.
"""

import hashlib
import logging
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl

from pipeline.core.warehouse import load_sql
from pipeline.publish import dashboards as publish

logger = logging.getLogger(__name__)

VENDOR_PAGE_PREFIX = "vendor-"
BOARD_LATEST_INCIDENTS = 10
MOVERS_PER_METRIC = 5
# Vendor page incident table: incidents of the last 90 days, newest first, at most this many.
VENDOR_INCIDENTS = 200
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 26, 2
SPARK_COLOUR = "#1f5fa8"
BAR_DAYS = 90
# Uptime bar colours (Statuspage's palette): no outage, degraded (minor incidents only, no
# weighted downtime), partial (uptime at least PARTIAL_FLOOR %), major, maintenance only, no row.
BAR_COLOURS = {
    "operational": "#2fcc66",
    "degraded": "#f1c40f",
    "partial": "#e67e22",
    "major": "#e74c3c",
    "maintenance": "#3498db",
    "no data": "#dddddd",
}
PARTIAL_FLOOR = 95.0


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


def site_vendors(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Vendors with any data (sql/select_site_vendors.sql), sorted."""
    return [row[0] for row in con.execute(load_sql("select_site_vendors")).fetchall()]


def site_window(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last UTC day of the data window (daily indicator tables); None when empty."""
    first, last = con.execute(load_sql("select_site_window")).fetchall()[0]
    return None if first is None or last is None else (first, last)


def remove_stale_vendor_pages(out_dir: Path, keep: Sequence[str]) -> list[Path]:
    """Delete `vendor-*.html` files of `out_dir` not in `keep`; return the deleted paths."""
    if not out_dir.is_dir():
        return []
    stale = [
        p for p in sorted(out_dir.glob(f"{VENDOR_PAGE_PREFIX}*.html")) if p.name not in set(keep)
    ]
    for path in stale:  # a handful of files
        path.unlink()
        logger.info("removed stale vendor page %s", path)
    return stale


# ------------------------------------------------------------------------------ formatting


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} %"


def _minutes(value: float | None) -> str:
    if value is None:
        return "—"
    m = round(value)
    if m >= 1440:
        return f"{m // 1440}d {(m % 1440) // 60}h"
    return f"{m // 60}h {m % 60}m" if m >= 60 else f"{m}m"


def _signed(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:+.{digits}f}"


def _count(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _net(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0f}"


def _link(filename: str, label: str, out_dir: Path) -> str:
    """Escaped `label`, linked to `filename` when that page exists in `out_dir`."""
    text = publish.escape_text(label)
    if (out_dir / filename).exists():
        return f'<a href="{publish.escape_text(filename)}">{text}</a>'
    return text


# ------------------------------------------------------------------------------ sparklines


def _num(expr: pl.Expr) -> pl.Expr:
    return expr.round(1).cast(pl.String)


def sparklines(
    points: pl.DataFrame,
    n: int,
    *,
    label: str,
    bars: bool = False,
    zero: bool = False,
    colour: str = SPARK_COLOUR,
) -> dict[str, str]:
    """Render one inline SVG sparkline per vendor; all vendors share one y scale.

    Args:
        points: columns vendor, i (0 = oldest of `n` slots), value (nulls are dropped).
        n: number of slots on the x axis.
        label: accessible title of every sparkline (escaped here).
        bars: bars from zero instead of a line.
        zero: include 0 in the scale (and draw the zero line when the values cross it).

    Returns:
        vendor -> `<svg>` markup; vendors without points are absent.
    """
    pts = points.drop_nulls("value").filter(pl.col("i").is_between(0, n - 1))
    if pts.is_empty():
        return {}
    lo, hi = float(pts["value"].min()), float(pts["value"].max())
    if zero or bars:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD

    def y_of(value: pl.Expr | float) -> pl.Expr:
        v = value if isinstance(value, pl.Expr) else pl.lit(value)
        return SPARK_PAD + inner_h - (v - lo) / (hi - lo) * inner_h

    y0 = SPARK_PAD + inner_h - (0.0 - lo) / (hi - lo) * inner_h
    if bars:
        step = inner_w / n
        shapes = pts.filter(pl.col("value") != 0).with_columns(
            pl.format(
                '<rect x="{}" y="{}" width="{}" height="{}"/>',
                _num(SPARK_PAD + pl.col("i") * step),
                _num(pl.min_horizontal(y_of(pl.col("value")), pl.lit(y0))),
                pl.lit(f"{max(step - 1.0, 1.0):.1f}"),
                _num((y_of(pl.col("value")) - y0).abs()),
            ).alias("mark")
        )
        marks = shapes.group_by("vendor", maintain_order=True).agg(
            pl.col("mark").str.join("").alias("marks")
        )
        # Vendors whose values are all 0 still get a chart (a flat one).
        body = (
            pts.select("vendor")
            .unique(maintain_order=True)
            .join(marks, on="vendor", how="left")
            .select(
                "vendor",
                pl.format(
                    '<g fill="{}">{}</g>', pl.lit(colour), pl.col("marks").fill_null("")
                ).alias("svg"),
            )
        )
    else:
        step = inner_w / max(n - 1, 1)
        line = pts.sort("vendor", "i").with_columns(
            pl.format(
                "{},{}", _num(SPARK_PAD + pl.col("i") * step), _num(y_of(pl.col("value")))
            ).alias("xy"),
            _num(SPARK_PAD + pl.col("i") * step).alias("x"),
            _num(y_of(pl.col("value"))).alias("y"),
        )
        body = line.group_by("vendor", maintain_order=True).agg(
            pl.format(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.3"/>'
                '<circle cx="{}" cy="{}" r="2" fill="{}"/>',
                pl.col("xy").str.join(" "),
                pl.lit(colour),
                pl.col("x").last(),
                pl.col("y").last(),
                pl.lit(colour),
            ).alias("svg")
        )
    axis = ""
    if lo < 0 < hi:
        axis = (
            f'<line x1="{SPARK_PAD}" x2="{SPARK_WIDTH - SPARK_PAD}" y1="{y0:.1f}" y2="{y0:.1f}" '
            'stroke="#bbbbbb" stroke-width="0.8"/>'
        )
    head = (
        f'<svg class="spark" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" '
        f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" role="img" '
        f'aria-label="{publish.escape_text(label)}"><title>{publish.escape_text(label)}</title>'
        f"{axis}"
    )
    return {vendor: f"{head}{svg}</svg>" for vendor, svg in body.select("vendor", "svg").rows()}


# ------------------------------------------------------------------------------ crisis board

# Board columns: (metric column, header, formatter, worst is "min" or "max", sparkline metric).
_BOARD_COLUMNS = (
    ("uptime_30d", "Uptime 30 d", _pct, "min", "uptime"),
    ("uptime_90d", "Uptime 90 d", _pct, "min", None),
    ("incidents_30d", "Incidents 30 d", _count, "max", "incidents"),
    ("mttr_30d", "MTTR 30 d", _minutes, "max", "mttr"),
    ("sentiment_7d", "Sentiment 7 d", _signed, "min", None),
    ("sentiment_30d", "Sentiment 30 d", _signed, "min", "sentiment"),
    ("net_30d", "Net migration 30 d", _net, "min", "migration"),
)
# Sparkline settings per metric: (slots, label, bars, include zero).
_SPARKS = {
    "uptime": (BAR_DAYS, "uptime % per day, last 90 days", False, False),
    "incidents": (13, "incidents started per week, last 13 weeks", True, True),
    "mttr": (13, "MTTR (minutes) per week, last 13 weeks", True, True),
    "sentiment": (BAR_DAYS, "7-day social sentiment per day, last 90 days", False, True),
    "migration": (BAR_DAYS, "7-day net migration per day, last 90 days", False, True),
}


def board_metrics(
    con: duckdb.DuckDBPyConnection, vendors: Sequence[str], end: date
) -> pl.DataFrame:
    """Per-vendor crisis board figures over the data window ending `end`.

    Reads outage_daily, incidents, sentiment_daily and migration_index_daily
    (sql/select_board_metrics.sql): uptime_30d/90d (mean daily uptime_pct), incidents_30d and
    mttr_30d (non-maintenance incidents started in the last 30 days; MTTR over the resolved
    ones), sentiment_7d/30d (posts-weighted social sentiment), inflow/outflow/net_30d.
    """
    return con.sql(
        load_sql("select_board_metrics"), params={"end": end, "vendors": list(vendors)}
    ).pl()


def board_sparklines(con: duckdb.DuckDBPyConnection, end: date) -> dict[str, dict[str, str]]:
    """Sparkline SVGs per metric and vendor (sql/select_board_sparklines.sql)."""
    points = con.sql(load_sql("select_board_sparklines"), params={"end": end}).pl()
    out: dict[str, dict[str, str]] = {}
    for metric, (n, label, bars, zero) in _SPARKS.items():  # five metrics
        part = points.filter(pl.col("metric") == metric)
        out[metric] = sparklines(part, n, label=label, bars=bars, zero=zero)
    return out


def _worst(metrics: pl.DataFrame) -> dict[str, object]:
    """Worst value per board column, when the column's values differ (else no highlight)."""
    worst: dict[str, object] = {}
    for column, _, _, direction, _ in _BOARD_COLUMNS:  # a handful of columns
        values = metrics[column].drop_nulls()
        if values.n_unique() > 1:
            worst[column] = values.min() if direction == "min" else values.max()
    return worst


def board_table(metrics: pl.DataFrame, sparks: dict[str, dict[str, str]], out_dir: Path) -> str:
    """Render the crisis board table: one row per vendor, worst first by 30-day uptime.

    The worst value of each column (when values differ) has class "worst"; cells carry their
    sparkline. Vendor names link to their page when it exists.
    """
    if metrics.is_empty():
        return f'<p class="note nodata">{publish.NO_DATA}: no vendors with data.</p>'
    worst = _worst(metrics)
    ordered = metrics.sort(
        pl.col("uptime_30d"), pl.col("incidents_30d"), pl.col("vendor"),
        descending=[False, True, False], nulls_last=True,
    )  # fmt: skip
    head = "".join(f"<th>{publish.escape_text(h)}</th>" for _, h, _, _, _ in _BOARD_COLUMNS)
    rows = []
    for row in ordered.iter_rows(named=True):  # one row per vendor (tens)
        vendor = row["vendor"]
        cells = [f"<th>{_link(vendor_page_name(vendor), vendor, out_dir)}</th>"]
        for column, _, fmt, _, spark in _BOARD_COLUMNS:
            value = row[column]
            mark = " worst" if column in worst and value == worst[column] else ""
            svg = sparks.get(spark, {}).get(vendor, "") if spark else ""
            cells.append(f'<td class="num{mark}">{fmt(value)}{svg}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "\n".join(rows)
    return (
        f'<table class="board">\n<thead><tr><th>vendor</th>{head}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


# Movers: metric -> (formatter of a weekly value, a rise is "better" or "worse").
_MOVERS = {
    "sentiment": (_signed, "better"),
    "crowd reports": (_count, "worse"),
    "net migration": (_net, "better"),
}


def weekly_movers(con: duckdb.DuckDBPyConnection, end: date) -> pl.DataFrame:
    """The biggest movers of the week ending `end`: per metric, up to MOVERS_PER_METRIC vendors.

    Reads sentiment_daily, outage_reports_hourly and migration_index_daily
    (sql/select_weekly_movers.sql). Returns columns metric, vendor, previous, current, change,
    ordered by metric (as in _MOVERS), then the largest absolute change (vendor breaks ties);
    vendors without a change (or without data in either week) are left out.
    """
    frame = con.sql(load_sql("select_weekly_movers"), params={"end": end}).pl()
    order = {m: i for i, m in enumerate(_MOVERS)}
    return (
        frame.with_columns((pl.col("current") - pl.col("previous")).alias("change"))
        .filter(pl.col("change").is_not_null() & (pl.col("change").abs() > 1e-9))
        .with_columns(
            pl.col("metric").replace_strict(order, default=len(order)).alias("rank"),
            pl.col("change").abs().alias("magnitude"),
        )
        .sort(["rank", "magnitude", "vendor"], descending=[False, True, False])
        .group_by("metric", maintain_order=True)
        .head(MOVERS_PER_METRIC)
        .select("metric", "vendor", "previous", "current", "change")
    )


def movers_table(movers: pl.DataFrame, out_dir: Path) -> str:
    """Render the weekly movers as an HTML table; a change for the worse is highlighted."""
    if movers.is_empty():
        return f'<p class="note nodata">{publish.NO_DATA}: no change between the two weeks.</p>'
    rows = []
    for row in movers.iter_rows(named=True):  # at most 3 x MOVERS_PER_METRIC rows
        fmt, rise = _MOVERS.get(row["metric"], (_signed, "better"))
        up = row["change"] > 0
        good = up == (rise == "better")
        arrow = "▲" if up else "▼"
        change = _signed(row["change"]) if fmt is _signed else _net(row["change"])
        rows.append(
            f"<tr><td>{publish.escape_text(row['metric'])}</td>"
            f"<td>{_link(vendor_page_name(row['vendor']), row['vendor'], out_dir)}</td>"
            f'<td class="num">{fmt(row["previous"])}</td><td class="num">{fmt(row["current"])}</td>'
            f'<td class="num {"better" if good else "worse"}">{arrow} {change}</td></tr>'
        )
    head = (
        "<tr><th>metric</th><th>vendor</th><th>previous week</th><th>this week</th>"
        "<th>change</th></tr>"
    )
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def crisis_board(con: duckdb.DuckDBPyConnection, out_dir: Path) -> str:
    """Build the crisis board's HTML body: vendor table, latest incidents, weekly movers.

    Reads outage_daily, incidents, sentiment_daily, migration_index_daily and
    outage_reports_hourly. Vendor names link to vendor pages that exist in `out_dir`.
    """
    window = site_window(con)
    latest = publish.latest_incidents_table(
        con.sql(publish._LATEST_SQL, params={"limit": BOARD_LATEST_INCIDENTS}).pl()
    )
    latest_section = publish._section(
        f"Latest {BOARD_LATEST_INCIDENTS} incidents",
        "Times in UTC; titles as published by the vendors (only http(s) links are followed).",
        latest,
    )
    if window is None:
        return (
            f'<p class="note nodata">{publish.NO_DATA}: the indicator tables are empty.</p>\n'
            + latest_section
        )
    first, end = window
    vendors = site_vendors(con)
    metrics = board_metrics(con, vendors, end)
    table = board_table(metrics, board_sparklines(con, end), out_dir)
    movers = movers_table(weekly_movers(con, end), out_dir)
    note = (
        f"Data window {first:%Y-%m-%d} to {end:%Y-%m-%d} (UTC days). 30 d / 90 d / 7 d: the "
        f"last 30, 90 or 7 days of the data window, ending {end:%Y-%m-%d} (not today). Uptime: "
        "mean daily uptime_pct (critical minutes count fully, major 30 %); incidents and MTTR: "
        "non-maintenance incidents started in those days (MTTR over the resolved ones); "
        "sentiment: social posts, weighted by posts; net migration: reported switches to "
        "minus away. Worst value of each column highlighted; sparklines: the last 90 days "
        "(13 weeks for incidents and MTTR)."
    )
    return "\n".join(
        (
            publish._section("Vendors at a glance", note, table),
            latest_section,
            publish._section(
                "Biggest movers this week",
                f"The 7 days ending {end:%Y-%m-%d} against the 7 days before: social sentiment, "
                f"crowd outage reports (reporter-hours), net migration; top "
                f"{MOVERS_PER_METRIC} per metric by size of the change.",
                movers,
            ),
        )
    )


# ------------------------------------------------------------------------------ vendor pages


def _bar_state() -> pl.Expr:
    return (
        pl.when(pl.col("uptime_pct").is_null())
        .then(pl.lit("no data"))
        .when(pl.col("uptime_pct") < PARTIAL_FLOOR)
        .then(pl.lit("major"))
        .when(pl.col("uptime_pct") < 100.0 - 1e-9)
        .then(pl.lit("partial"))
        .when(pl.col("outage_minutes") > 0)
        .then(pl.lit("degraded"))
        .when(pl.col("maintenance_minutes") > 0)
        .then(pl.lit("maintenance"))
        .otherwise(pl.lit("operational"))
    )


def uptime_bar(days: pl.DataFrame, end: date) -> str:
    """Render the Statuspage-style uptime bar of one vendor: one coloured bar per UTC day.

    Args:
        days: columns day, i (0 = oldest of BAR_DAYS days ending `end`), uptime_pct,
            outage_minutes, maintenance_minutes, started (incidents started that day),
            titles (list of '[impact] title', at most three); days without a row are grey.
        end: last day of the data window.

    Each bar's tooltip (SVG title) gives the day, uptime, outage minutes and the incidents.
    """
    grid = pl.DataFrame(
        {
            "i": list(range(BAR_DAYS)),
            "day": pl.date_range(end - timedelta(days=BAR_DAYS - 1), end, eager=True),
        },
        schema={"i": pl.Int32, "day": pl.Date},
    )
    frame = grid.join(
        days.drop("day", strict=False).with_columns(pl.col("i").cast(pl.Int32)),
        on="i",
        how="left",
    ).with_columns(_bar_state().alias("state"))
    titles = pl.col("titles").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    tooltip = pl.format(
        "{} · {}{}{}",
        pl.col("day").dt.strftime("%Y-%m-%d"),
        pl.when(pl.col("uptime_pct").is_null())
        .then(pl.lit("no status data"))
        .otherwise(pl.format("uptime {} %", pl.col("uptime_pct").round(2).cast(pl.String))),
        pl.when(pl.col("outage_minutes") > 0)
        .then(pl.format(" · {} min outage", pl.col("outage_minutes").round(0).cast(pl.Int64)))
        .otherwise(pl.lit("")),
        pl.when(pl.col("started").fill_null(0) > 0)
        .then(
            pl.format(
                " · {} incident(s) started: {}",
                pl.col("started"),
                publish._escape_expr(titles.list.join("; ")),
            )
        )
        .otherwise(pl.lit("")),
    )
    rects = frame.sort("i").select(
        pl.format(
            '<rect x="{}" y="0" width="3" height="34" fill="{}"><title>{}</title></rect>',
            pl.col("i") * 4,
            pl.col("state").replace_strict(BAR_COLOURS, default="#dddddd"),
            tooltip,
        )
    )
    svg = (
        f'<svg viewBox="0 0 {BAR_DAYS * 4 - 1} 34" preserveAspectRatio="none" role="img" '
        f'aria-label="uptime per day, last {BAR_DAYS} days">'
        + "".join(rects.to_series())
        + "</svg>"
    )
    start = grid["day"][0]
    legend = " ".join(
        f'<i style="background:{colour}"></i>{publish.escape_text(state)}'
        for state, colour in BAR_COLOURS.items()
    )
    return (
        f'<div class="uptime-bar">{svg}<div class="axis"><span>{start:%Y-%m-%d}</span>'
        f"<span>{end:%Y-%m-%d}</span></div>"
        f'<p class="note legend">{legend}</p></div>'
    )


def migration_counterparts_spec(migration_df: pl.DataFrame, vendor: str) -> publish.Spec:
    """Build switches to and away from `vendor` per counterpart vendor (horizontal bars).

    Args:
        migration_df: columns from_vendor, to_vendor, posts (migration_daily rows, any days).
        vendor: the page's vendor; bars to the right are switches to it, to the left away.
    """
    inflow = (
        migration_df.filter(pl.col("to_vendor") == vendor)
        .group_by(pl.col("from_vendor").alias("counterpart"))
        .agg(pl.col("posts").cast(pl.Int64).sum().alias("inflow"))
    )
    outflow = (
        migration_df.filter(pl.col("from_vendor") == vendor)
        .group_by(pl.col("to_vendor").alias("counterpart"))
        .agg(pl.col("posts").cast(pl.Int64).sum().alias("outflow"))
    )
    frame = (
        inflow.join(outflow, on="counterpart", how="full", coalesce=True)
        .with_columns(pl.col("inflow").fill_null(0), pl.col("outflow").fill_null(0))
        .filter((pl.col("inflow") + pl.col("outflow")) > 0)
        .with_columns(
            (pl.col("inflow") - pl.col("outflow")).alias("net"),
            publish._escape_expr(pl.col("counterpart")).alias("label"),
        )
        .sort(["net", "counterpart"], descending=[True, False])
    )
    if frame.is_empty():
        return publish._empty_spec(f"{publish.NO_DATA}: no reported switches to or from {vendor}.")
    name = publish.escape_text(vendor)
    labels = frame["label"].to_list()
    data = [
        {
            "type": "bar",
            "y": labels,
            "x": frame["inflow"].cast(pl.Float64).to_numpy(),
            "orientation": "h",
            "name": f"to {name}",
            "marker": {"color": "#1a9850"},
            "hovertemplate": f"%{{y}} → {name}: %{{x:.0f}} posts<extra></extra>",
        },
        {
            "type": "bar",
            "y": labels,
            "x": (-frame["outflow"].cast(pl.Float64)).to_numpy(),
            "customdata": frame["outflow"].cast(pl.Float64).to_numpy(),
            "orientation": "h",
            "name": f"away from {name}",
            "marker": {"color": "#d73027"},
            "hovertemplate": f"{name} → %{{y}}: %{{customdata:.0f}} posts<extra></extra>",
        },
    ]
    layout = {
        "template": publish._TEMPLATE_JSON,
        "height": 120 + 26 * frame.height,
        "barmode": "relative",
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": {"title": {"text": "posts (away ← → to)"}, "zeroline": True,
                  "zerolinecolor": "#999999"},
        "yaxis": {"type": "category", "autorange": "reversed"},
    }  # fmt: skip
    return {"data": data, "layout": layout}


def migration_counterparts_figure(migration_df: pl.DataFrame, vendor: str) -> go.Figure:
    """`migration_counterparts_spec` as a validated plotly figure."""
    return go.Figure(migration_counterparts_spec(migration_df, vendor))


def _tiles(row: dict[str, object] | None) -> str:
    if row is None:
        return ""
    tiles = (
        ("uptime, 30 d", _pct(row["uptime_30d"])),
        ("uptime, 90 d", _pct(row["uptime_90d"])),
        ("incidents, 30 d", _count(row["incidents_30d"])),
        ("MTTR, 30 d", _minutes(row["mttr_30d"])),
        ("social sentiment, 7 d", _signed(row["sentiment_7d"])),
        ("social sentiment, 30 d", _signed(row["sentiment_30d"])),
        (
            "net migration, 30 d",
            f"{_net(row['net_30d'])} (in {row['inflow_30d']}, out {row['outflow_30d']})",
        ),
    )
    return (
        '<div class="tiles">'
        + "".join(f'<div class="tile"><b>{v}</b><span>{k}</span></div>' for k, v in tiles)
        + "</div>"
    )


def _lead_text(row: dict[str, object] | None) -> str:
    if row is None or not row["incidents"]:
        return "No incident lead times yet (incident_lead_times)."
    text = (
        f"{row['with_crowd_signal']} of {row['incidents']} official incidents had a crowd "
        f"anomaly near their start; users reported {row['users_first']} before the status page"
    )
    if row["median_lead_minutes"] is not None:
        text += f" (median lead {row['median_lead_minutes']:+.0f} min)"
    return text + "."


def _parts(frame: pl.DataFrame, column: str = "vendor") -> dict[str, pl.DataFrame]:
    """Split a frame by vendor (empty dict for an empty frame)."""
    if frame.is_empty():
        return {}
    return {key[0]: part for key, part in frame.partition_by(column, as_dict=True).items()}


_VENDOR_INCIDENTS_SQL = """
select vendor, incident_id, title, url, impact, is_maintenance, started_at, resolved_at,
       duration_minutes
from incidents
where $window_open::timestamptz is null or coalesce(resolved_at, $window_close) >= $window_open
order by vendor, started_at desc, incident_id
"""
_VENDOR_NEWS_SQL = "select vendor, day, articles, tone_mean from news_daily order by vendor, day"
_VENDOR_MIGRATION_SQL = """
select day, from_vendor, to_vendor, posts
from migration_daily
where day > $end::date - 90 and day <= $end::date
order by day, from_vendor, to_vendor
"""


def write_vendor_pages(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    vendors: Sequence[str],
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
) -> list[Path]:
    """Write one page per vendor (`vendor_page_name`) and return the paths, in `vendors` order.

    Each page: the vendor's crisis board figures, a 90-day uptime bar, its incidents of the
    last 90 days, news volume and tone, social sentiment, switches by counterpart and crowd
    reports vs official incidents (lead times, silent outages). Every table is read once for
    all vendors and split in memory. Sections without data say so instead of an empty chart.
    """
    if not vendors:
        return []
    window = site_window(con)
    end = window[1] if window else generated_at.date()
    window_open, window_close = publish.data_window(con, generated_at)
    bounds = {"window_open": window_open, "window_close": window_close}
    metrics = {r["vendor"]: r for r in board_metrics(con, vendors, end).iter_rows(named=True)}
    leads = {
        r["vendor"]: r for r in con.sql(load_sql("select_lead_time_summary")).pl().iter_rows(
            named=True
        )
    }  # fmt: skip
    incidents = _parts(con.sql(_VENDOR_INCIDENTS_SQL, params=bounds).pl())
    days = _parts(
        con.sql(load_sql("select_uptime_days"), params={"end": end})
        .pl()
        .with_columns((BAR_DAYS - 1 - pl.col("back")).alias("i"))
    )
    news = _parts(con.sql(_VENDOR_NEWS_SQL).pl())
    sentiment = _parts(con.sql(publish._SENTIMENT_SQL).pl())
    hourly = _parts(con.sql(publish._CROWD_SQL).pl())
    silent = _parts(con.sql(publish._SILENT_SQL).pl())
    migration = con.sql(_VENDOR_MIGRATION_SQL, params={"end": end}).pl()
    empty_incidents = con.sql(_VENDOR_INCIDENTS_SQL + " limit 0", params=bounds).pl()

    paths = []
    for vendor in vendors:  # tens of vendors
        vendor_incidents = incidents.get(vendor, empty_incidents)
        body = _vendor_body(
            vendor,
            end,
            metrics=metrics.get(vendor),
            lead=leads.get(vendor),
            incidents=vendor_incidents,
            days=days.get(vendor),
            news=news.get(vendor),
            sentiment=sentiment.get(vendor),
            migration=migration,
            hourly=hourly.get(vendor),
            silent=silent.get(vendor),
        )
        paths.append(
            publish._write_page(
                out_dir,
                vendor_page_name(vendor),
                f"Vendor · {vendor}",
                body,
                generated_at=generated_at,
                summary_lines=summary_lines,
                plotly="Plotly.newPlot(" in body,
            )
        )
    return paths


def _has(frame: pl.DataFrame | None, column: str) -> bool:
    return frame is not None and not frame.is_empty() and (frame[column].fill_null(0) > 0).any()


def _vendor_body(
    vendor: str,
    end: date,
    *,
    metrics: dict[str, object] | None,
    lead: dict[str, object] | None,
    incidents: pl.DataFrame,
    days: pl.DataFrame | None,
    news: pl.DataFrame | None,
    sentiment: pl.DataFrame | None,
    migration: pl.DataFrame,
    hourly: pl.DataFrame | None,
    silent: pl.DataFrame | None,
) -> str:
    name = publish.escape_text(vendor)
    recent = incidents.filter(
        pl.col("started_at").dt.convert_time_zone("UTC").dt.date() > end - timedelta(days=BAR_DAYS)
    )
    sections = [
        _tiles(metrics),
        publish._section(
            f"Uptime, last {BAR_DAYS} days",
            f"One bar per UTC day of the last {BAR_DAYS} days of the data window (ending "
            f"{end:%Y-%m-%d}); hover a bar for the day's uptime and incidents.",
            uptime_bar(days, end)
            if days is not None
            else f'<p class="note nodata">{publish.NO_DATA}: no status feed for {name}.</p>',
        ),
    ]
    chart_incidents = incidents.sort("started_at")
    if _has(news, "articles"):
        news_html = publish._figure_fragment(
            publish.news_volume_spec(news, chart_incidents), "vendor-news"
        )
    else:
        news_html = f'<p class="note nodata">{publish.NO_DATA}: no news stories mention {name}.</p>'
    if _has(sentiment, "items"):
        sentiment_html = publish._figure_fragment(
            publish.users_sentiment_spec(sentiment, chart_incidents), "vendor-sentiment"
        )
    else:
        sentiment_html = (
            f'<p class="note nodata">{publish.NO_DATA}: no social posts mention {name}.</p>'
        )
    if _has(hourly, "reports"):
        crowd_html = publish._figure_fragment(
            publish.crowd_reports_spec(hourly, chart_incidents), "vendor-crowd"
        )
    else:
        crowd_html = f'<p class="note nodata">{publish.NO_DATA}: no crowd outage reports.</p>'
    silent_html = publish.silent_outages_table(silent if silent is not None else pl.DataFrame())
    sections += [
        publish._section(
            "News volume and tone",
            "Stories mentioning the vendor per UTC day and their mean tone; shaded: its major "
            "and critical incidents.",
            news_html,
        ),
        publish._section(
            "Social sentiment",
            f"{publish.SENTIMENT_ROLLING_DAYS}-day rolling mean of post sentiment (weighted by "
            "posts); shaded: its major and critical incidents.",
            sentiment_html,
        ),
        publish._section(
            f"Switches by counterpart, last {BAR_DAYS} days",
            "Posts reporting a switch to the vendor (right) or away from it (left), per other "
            "vendor.",
            publish._figure_fragment(
                migration_counterparts_spec(migration, vendor), "vendor-migration"
            ),
        ),
        publish._section(
            "Crowd reports vs official incidents",
            "Distinct reporters per UTC hour, anomaly threshold (dashed), anomalous hours "
            "(red dots) and official incidents (shaded, triangles). " + _lead_text(lead),
            crowd_html,
        ),
        publish._section(
            "Silent outages",
            "Anomalous crowd runs that no official incident explains. Times in UTC.",
            silent_html,
        ),
        publish._section(
            f"Incidents, last {BAR_DAYS} days",
            f"{recent.height} incidents (maintenance included), newest first"
            + (f", the first {VENDOR_INCIDENTS} shown" if recent.height > VENDOR_INCIDENTS else "")
            + "; titles as published, times in UTC.",
            publish.latest_incidents_table(recent.head(VENDOR_INCIDENTS)),
        ),
    ]
    return "\n".join(sections)
