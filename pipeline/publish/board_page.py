"""The crisis board (`index.html`): every vendor at a glance, latest incidents, weekly movers.

The first screen (data window, dated headlines, vendors now, the window chart) is
`board_story`'s. The vendor table shows one period at a time, picked by the reader: "the last
7 / 30 / 90 days" of the **data window** ending on its last day (the newest day of the daily
indicator tables), not of the wall clock (a historical sample ending in April 2026 shows April
2026), or a calendar month of the window. Every period's value is in the page; CSS-only radio
buttons show one (no script, no server). The month table, below the window chart, shows the
calendar months side by side at once (same figures as the picker's months), so a crisis
month is never replaced by the next one unnoticed. "This week" is the last 7 days of the
window, "the previous week" the 7 days before.

Sparklines are inline SVG written here (no JavaScript, a few KB per vendor). Vendor names link
to their pages when those exist; all outside text is escaped. Without a connection the index is
only the list of pages. The value formatters (`pct_text` ...) are also the vendor pages' tiles.
"""

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline.core.limits import MAX_INCIDENT_MINUTES
from pipeline.publish.board_story import (
    BAND_VENDORS,
    CHART_VENDORS,
    STORY_CSS,
    headlines,
    headlines_html,
    now_tiles,
    window_chart,
)
from pipeline.publish.outages_page import latest_incidents_table
from pipeline.publish.page import (
    BOARD_TITLE,
    INDEX_PAGE,
    NO_DATA,
    PAGES,
    escape_text,
    html_table,
    section,
    vendor_page_name,
    write_page,
)
from pipeline.publish.palette import vendor_colours
from pipeline.publish.queries import read_frame, site_vendors, site_window

BOARD_LATEST_INCIDENTS = 10
MOVERS_PER_METRIC = 5
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 26, 2
SPARK_COLOUR = "#1f5fa8"
SPARK_DAYS = 90
# Uptime cells of a vendor without status coverage (outage_daily has rows only for covered days).
NO_FEED = "no feed"
NO_UPTIME = "no data"

# ------------------------------------------------------------------------------ formatting


def pct_text(value: float | None) -> str:
    """A percentage as '99.95 %' ('—' for NULL)."""
    return "—" if value is None else f"{value:.2f} %"


def uptime_text(value: float | None, has_status: bool) -> str:
    """An uptime as '99.95 %'; 'no feed' when no status feed covers any day of the period, 'no
    data' when the covered days hold no value (never 100 % for a day nobody reported on)."""
    if not has_status:
        return NO_FEED
    return NO_UPTIME if value is None else pct_text(value)


def minutes_text(value: float | None) -> str:
    """Minutes as '2d 3h', '1h 5m' or '12m' ('—' for NULL)."""
    if value is None:
        return "—"
    m = round(value)
    if m >= 1440:
        return f"{m // 1440}d {(m % 1440) // 60}h"
    return f"{m // 60}h {m % 60}m" if m >= 60 else f"{m}m"


def signed_text(value: float | None, digits: int = 2) -> str:
    """A signed number with `digits` decimals ('+0.25'; '—' for NULL)."""
    return "—" if value is None else f"{value:+.{digits}f}"


def count_text(value: float | None) -> str:
    """A count without decimals ('—' for NULL)."""
    return "—" if value is None else f"{value:.0f}"


def net_text(value: float | None) -> str:
    """A signed whole number ('+3'; '—' for NULL)."""
    return "—" if value is None else f"{value:+.0f}"


def _link(filename: str, label: str, out_dir: Path) -> str:
    """Escaped `label`, linked to `filename` when that page exists in `out_dir`."""
    text = escape_text(label)
    if (out_dir / filename).exists():
        return f'<a href="{escape_text(filename)}">{text}</a>'
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
        f'aria-label="{escape_text(label)}"><title>{escape_text(label)}</title>'
        f"{axis}"
    )
    return {vendor: f"{head}{svg}</svg>" for vendor, svg in body.select("vendor", "svg").rows()}


# ------------------------------------------------------------------------------ crisis board

# Board columns: (metric column of select_board_periods, header, formatter, worst is "min" or
# "max", sparkline metric).
_BOARD_COLUMNS = (
    ("uptime_pct", "Uptime", pct_text, "min", "uptime"),
    ("incidents", "Incidents", count_text, "max", "incidents"),
    ("mttr_minutes", "MTTR", minutes_text, "max", "mttr"),
    ("sentiment", "Sentiment", signed_text, "min", "sentiment"),
    ("net", "Net migration", net_text, "min", "migration"),
)
DEFAULT_PERIOD = "last-30"
# Sparkline settings per metric: (slots, label, bars, include zero).
_SPARKS = {
    "uptime": (SPARK_DAYS, "uptime % per day, last 90 days", False, False),
    "incidents": (13, "incidents started per week, last 13 weeks", True, True),
    "mttr": (13, "MTTR (minutes) per week, last 13 weeks", True, True),
    "sentiment": (SPARK_DAYS, "7-day social sentiment per day, last 90 days", False, True),
    "migration": (SPARK_DAYS, "7-day net migration per day, last 90 days", False, True),
}


def board_metrics(
    con: duckdb.DuckDBPyConnection, vendors: Sequence[str], end: date
) -> pl.DataFrame:
    """Per-vendor crisis board figures over the data window ending `end`.

    Reads outage_daily, incidents, sentiment_daily and migration_index_daily
    (sql/publish/select_board_metrics.sql): uptime_30d/90d (mean daily uptime_pct),
    incidents_30d and mttr_30d (non-maintenance incidents started in the last 30 days; MTTR
    over the resolved ones, each capped at MAX_INCIDENT_DURATION), sentiment_7d/30d
    (posts-weighted social sentiment), inflow/outflow/net_30d; has_status (any covered day in
    the last 90 days).
    """
    return read_frame(
        con,
        "select_board_metrics",
        end=end,
        vendors=list(vendors),
        max_duration_minutes=MAX_INCIDENT_MINUTES,
    )


def board_sparklines(con: duckdb.DuckDBPyConnection, end: date) -> dict[str, dict[str, str]]:
    """Sparkline SVGs per metric and vendor (sql/publish/select_board_sparklines.sql)."""
    points = read_frame(
        con, "select_board_sparklines", end=end, max_duration_minutes=MAX_INCIDENT_MINUTES
    )
    out: dict[str, dict[str, str]] = {}
    for metric, (n, label, bars, zero) in _SPARKS.items():  # five metrics
        part = points.filter(pl.col("metric") == metric)
        out[metric] = sparklines(part, n, label=label, bars=bars, zero=zero)
    return out


def board_periods(
    con: duckdb.DuckDBPyConnection, vendors: Sequence[str], first: date, end: date
) -> pl.DataFrame:
    """Per-vendor board figures for every period the reader can pick.

    Reads outage_daily, incidents, sentiment_daily and migration_index_daily
    (sql/publish/select_board_periods.sql): the last 7 / 30 / 90 days of the data window
    ending `end` and each calendar month from `first`'s to `end`'s. One row per (period,
    vendor): period, label, first_day, last_day, uptime_pct, incidents, mttr_minutes,
    sentiment, net (NULL for a vendor without migration data), has_status.
    """
    return read_frame(
        con,
        "select_board_periods",
        first=first,
        end=end,
        vendors=list(vendors),
        max_duration_minutes=MAX_INCIDENT_MINUTES,
    )


def _worst_flags(periods: pl.DataFrame) -> pl.DataFrame:
    """Add `<column>_worst`: the period's worst value of the column, when its values differ."""
    flags = []
    for column, _, _, direction, _ in _BOARD_COLUMNS:  # five columns
        values = pl.col(column)
        worst = (values.min() if direction == "min" else values.max()).over("period")
        differ = values.drop_nulls().n_unique().over("period") > 1
        flags.append(((values == worst) & differ).fill_null(False).alias(f"{column}_worst"))
    return periods.with_columns(flags)


_PICKER_CSS = """<style>
.picker input {{ position: absolute; opacity: 0; width: 1px; height: 1px; }}
.picker label {{ display: inline-block; padding: .15rem .55rem; margin: 0 .2rem .3rem 0;
  border: 1px solid #ccc; border-radius: 3px; cursor: pointer; font-size: .85rem; }}
.picker input:checked + label {{ background: #222; color: #fff; border-color: #222; }}
.picker input:focus-visible + label {{ outline: 2px solid #1f5fa8; }}
.picker .pv {{ display: none; }} table.board span.worst {{ background: #fde0dc;
  font-weight: 600; padding: 0 .2rem; }}
{rules}
</style>"""


def board_table(periods: pl.DataFrame, sparks: dict[str, dict[str, str]], out_dir: Path) -> str:
    """Render the crisis board: a period picker and one row per vendor.

    Every cell holds one value per period (shown for the checked radio button, CSS only, no
    script) and its 90-day sparkline. Rows are ordered worst first by the default period's
    (last 30 days) uptime; the worst value of each column and period (when values differ) has
    class "worst". Uptime reads "no feed" without status coverage in the period and "no data"
    when its covered days miss it. Vendor names link to their page when it exists.
    """
    if periods.is_empty():
        return f'<p class="note nodata">{NO_DATA}: no vendors with data.</p>'
    frame = _worst_flags(periods)
    keys = frame.select("period", "label", "first_day", "last_day").unique(maintain_order=True)
    default = DEFAULT_PERIOD if DEFAULT_PERIOD in keys["period"] else keys["period"][0]
    order = (
        frame.filter(pl.col("period") == default)
        .sort(
            pl.col("uptime_pct"), pl.col("incidents"), pl.col("vendor"),
            descending=[False, True, False], nulls_last=True,
        )["vendor"].to_list()
    )  # fmt: skip
    inputs, rules, captions = [], [], []
    for key, label, first_day, last_day in keys.iter_rows():  # a few periods
        checked = " checked" if key == default else ""
        inputs.append(
            f'<input type="radio" name="board-period" id="pick-{key}" value="{key}"{checked}>'
            f'<label for="pick-{key}">{escape_text(label)}</label>'
        )
        rules.append(f"#pick-{key}:checked ~ table .p-{key} {{ display: inline; }}")
        captions.append(
            f'<span class="pv p-{key}">{escape_text(label)}: {first_day:%Y-%m-%d} to '
            f"{last_day:%Y-%m-%d}</span>"
        )
    by_vendor = {
        v: rows.to_dicts() for (v,), rows in frame.partition_by("vendor", as_dict=True).items()
    }
    cells: dict[str, list[str]] = {v: [] for v in order}
    for vendor in order:  # one row per vendor (tens)
        for column, _, fmt, _, spark in _BOARD_COLUMNS:  # five columns
            spans = []
            for row in by_vendor[vendor]:  # a few periods
                value = row[column]
                text = uptime_text(value, bool(row["has_status"])) if fmt is pct_text else (
                    fmt(value))  # fmt: skip
                mark = " worst" if row[f"{column}_worst"] else ""
                spans.append(f'<span class="pv p-{row["period"]}{mark}">{text}</span>')
            svg = sparks.get(spark, {}).get(vendor, "")
            cells[vendor].append(f'<td class="num">{"".join(spans)}{svg}</td>')
    head = "".join(f"<th>{escape_text(h)}</th>" for _, h, _, _, _ in _BOARD_COLUMNS)
    body = "\n".join(
        f"<tr><th>{_link(vendor_page_name(v), v, out_dir)}</th>{''.join(cells[v])}</tr>"
        for v in order
    )
    return (
        _PICKER_CSS.format(rules="\n".join(rules))
        + '\n<div class="picker">\n'
        + "\n".join(inputs)
        + f'\n<table class="board">\n<caption class="note">{"".join(captions)}</caption>\n'
        + f"<thead><tr><th>vendor</th>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n"
        + "</table>\n</div>"
    )


# Month table: (column of select_board_periods, header, formatter); one column per month each.
_MONTH_COLUMNS = (
    ("incidents", "Incidents", count_text),
    ("uptime_pct", "Uptime %", pct_text),
    ("net", "Net migration", net_text),
    ("sentiment", "Sentiment", signed_text),
)
_MONTHS_CSS = """<style>
table.months { width: auto; font-size: .8rem; }
table.months th, table.months td { padding: .2rem .3rem; white-space: nowrap; }
table.months thead th { text-align: center; } table.months td { text-align: right; }
table.months th.vendor { position: sticky; left: 0; background: #fff; text-align: left;
  border-left: 4px solid #999; z-index: 1; }
table.months .first { border-left: 2px solid #ddd; }
table.months td.worst { background: #fde0dc; font-weight: 600; }
table.months td.nofeed { color: #777; }
</style>"""


def month_table(periods: pl.DataFrame, out_dir: Path) -> str:
    """Render the window's calendar months side by side (HTML): one row per vendor and, per
    metric (incidents, uptime, net migration, sentiment), one column per month.

    Reads the `kind == "month"` rows of `board_periods` (the picker's months, same figures).
    Every month's worst value of a metric (when values differ) has class "worst"; net
    migration is coloured by its sign. Vendors without any figure in any month are named
    in a note instead of a row of dashes. The vendor cell has the vendor's palette colour.
    """
    months = _worst_flags(periods.filter(pl.col("kind") == "month"))
    keys = months.select("period", "first_day", "last_day").unique(maintain_order=True).rows()
    figures = [column for column, _, _ in _MONTH_COLUMNS]
    present = (
        months.group_by("vendor")
        .agg(pl.any_horizontal(pl.col(figures).is_not_null()).any().alias("any"))
        .sort("vendor")
    )
    shown = present.filter(pl.col("any"))["vendor"].to_list()
    empty = present.filter(~pl.col("any"))["vendor"].to_list()
    if not keys or not shown:
        return f'<p class="note nodata">{NO_DATA}: no vendor has figures in any month.</p>'
    cells = {(r["vendor"], r["period"]): r for r in months.iter_rows(named=True)}  # v x months
    colours = vendor_colours(shown)
    groups = "".join(
        f'<th colspan="{len(keys)}" class="first">{escape_text(header)}</th>'
        for _, header, _ in _MONTH_COLUMNS
    )
    # "Dec '25 Jan '26 Feb Mar": the year on the first month and on every January.
    labels = [
        f"{first:%b} &#8217;{first:%y}" if i == 0 or first.month == 1 else f"{first:%b}"
        for i, (_, first, _) in enumerate(keys)
    ]
    first_mark = ' class="first"'
    month_heads = "".join(
        f'<th{first_mark if i == 0 else ""} title="{first:%Y-%m-%d} to {last:%Y-%m-%d}">'
        f"{labels[i]}</th>"
        for _ in _MONTH_COLUMNS
        for i, (_, first, last) in enumerate(keys)
    )
    rows = []
    for vendor in shown:  # one row per vendor (tens)
        tds = []
        for column, _, fmt in _MONTH_COLUMNS:  # four metrics
            for i, (period, _, _) in enumerate(keys):  # one column per month
                row = cells[(vendor, period)]
                value = row[column]
                classes = ["first"] if i == 0 else []
                if fmt is pct_text:  # the header says %
                    text = uptime_text(value, bool(row["has_status"])).removesuffix(" %")
                    classes += ["nofeed"] if value is None else []
                else:
                    text = fmt(value)
                if column == "net" and value:
                    classes.append("better" if value > 0 else "worse")
                if row[f"{column}_worst"]:
                    classes.append("worst")
                cls = f' class="{" ".join(classes)}"' if classes else ""
                tds.append(f"<td{cls}>{text}</td>")
        rows.append(
            f'<tr><th class="vendor" style="border-left-color:{colours[vendor]}">'
            f"{_link(vendor_page_name(vendor), vendor, out_dir)}</th>{''.join(tds)}</tr>"
        )
    head = f'<tr><th rowspan="2" class="vendor">vendor</th>{groups}</tr><tr>{month_heads}</tr>'
    table = (
        f'<div class="wide"><table class="months">\n<thead>{head}</thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table></div>"
    )
    note = ""
    if empty:
        names = ", ".join(escape_text(v) for v in empty)
        note = f'\n<p class="note nodata">No figures in any month: {names}.</p>'
    return _MONTHS_CSS + "\n" + table + note


# Movers: metric -> (formatter of a weekly value, a rise is "better" or "worse").
_MOVERS = {
    "sentiment": (signed_text, "better"),
    "crowd reports": (count_text, "worse"),
    "net migration": (net_text, "better"),
}


def weekly_movers(con: duckdb.DuckDBPyConnection, end: date) -> pl.DataFrame:
    """The biggest movers of the week ending `end`: per metric, up to MOVERS_PER_METRIC vendors.

    Reads sentiment_daily, outage_reports_hourly and migration_index_daily
    (sql/publish/select_weekly_movers.sql). Returns columns metric, vendor, previous, current,
    change, ordered by metric (as in the movers table), then the largest absolute change
    (vendor breaks ties); vendors without a change (or without data in either week) are left
    out.
    """
    frame = read_frame(con, "select_weekly_movers", end=end)
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
        return f'<p class="note nodata">{NO_DATA}: no change between the two weeks.</p>'
    rows = []
    for row in movers.iter_rows(named=True):  # at most 3 x MOVERS_PER_METRIC rows
        fmt, rise = _MOVERS.get(row["metric"], (signed_text, "better"))
        up = row["change"] > 0
        good = up == (rise == "better")
        arrow = "▲" if up else "▼"
        change = signed_text(row["change"]) if fmt is signed_text else net_text(row["change"])
        rows.append(
            f"<tr><td>{escape_text(row['metric'])}</td>"
            f"<td>{_link(vendor_page_name(row['vendor']), row['vendor'], out_dir)}</td>"
            f'<td class="num">{fmt(row["previous"])}</td><td class="num">{fmt(row["current"])}</td>'
            f'<td class="num {"better" if good else "worse"}">{arrow} {change}</td></tr>'
        )
    head = (
        "<tr><th>metric</th><th>vendor</th><th>previous week</th><th>this week</th>"
        "<th>change</th></tr>"
    )
    return html_table(head, "\n".join(rows))


def crisis_board(con: duckdb.DuckDBPyConnection, out_dir: Path) -> str:
    """Build the crisis board's HTML body.

    First screen: the data window, the window's biggest events (dated headlines), one chart of
    daily downtime over the whole window and the vendors' state now; then the month table
    (every calendar month side by side), the per-period vendor table, the latest incidents
    and the movers of the week. Reads outage_daily,
    incidents, sentiment_daily, migration_index_daily and outage_reports_hourly. Vendor names
    link to vendor pages that exist in `out_dir`.
    """
    window = site_window(con)
    latest = latest_incidents_table(
        read_frame(con, "select_latest_incidents", limit=BOARD_LATEST_INCIDENTS)
    )
    latest_section = section(
        f"Latest {BOARD_LATEST_INCIDENTS} incidents",
        "Times in UTC; titles as published by the vendors (only http(s) links are followed).",
        latest,
    )
    if window is None:
        return (
            f'<p class="note nodata">{NO_DATA}: the indicator tables are empty.</p>\n'
            + latest_section
        )
    first, end = window
    vendors = site_vendors(con)
    periods = board_periods(con, vendors, first, end)
    table = board_table(periods, board_sparklines(con, end), out_dir)
    movers = movers_table(weekly_movers(con, end), out_dir)
    note = (
        "Pick the period: the last 7, 30 or 90 days of the data window (ending "
        f"{end:%Y-%m-%d}, not today) or a calendar month. Uptime: mean daily uptime_pct over "
        "the days a status feed covers (critical minutes count fully, major 30 %; no feed / "
        "no data: no status feed covered those days); incidents and MTTR: non-maintenance "
        "incidents started in the period (MTTR over the resolved ones); sentiment: social "
        "posts, weighted by posts; net migration: reported switches to minus away (— without "
        "migration data). Worst value of each column highlighted; rows by the last 30 days' "
        "uptime; sparklines: the last 90 days (13 weeks for incidents and MTTR)."
    )
    story = "\n".join(
        (
            STORY_CSS,
            f'<p class="window"><b>Data window: {first:%Y-%m-%d} to {end:%Y-%m-%d}</b> (UTC '
            "days; every figure below is computed over it)</p>",
            section(
                "Biggest events of the window",
                "Vendor-months with the most downtime or the largest net migration, dated by "
                "their worst day.",
                headlines_html(headlines(con)),
            ),
            section(
                f"Now: the 7 days ending {end:%Y-%m-%d}",
                "Open incidents at the end of the window, else the week's uptime; the colour "
                "marks the vendor.",
                now_tiles(con, vendors, end),
            ),
            section(
                "Downtime per day, whole window",
                f"Weighted downtime minutes per vendor and UTC day; shaded: days of major or "
                f"critical outage of the {BAND_VENDORS} most affected vendors (their colour). "
                f"The {CHART_VENDORS} most affected vendors are drawn; click the legend for "
                "the others.",
                window_chart(con),
            ),
            section(
                "Month by month",
                "Each calendar month of the window side by side (the picker's months): "
                "incidents started, mean daily uptime (no feed: no status feed covered the "
                "month), net migration (switches to minus away; green in, red out; — without "
                "migration data) and the posts-weighted social sentiment. Worst value of each "
                "month highlighted; rows by vendor name; on a narrow screen the table scrolls "
                "sideways.",
                month_table(periods, out_dir),
            ),
        )
    )
    return "\n".join(
        (
            story,
            section("Vendors by period", note, table),
            latest_section,
            section(
                "Biggest movers this week",
                f"The 7 days ending {end:%Y-%m-%d} against the 7 days before: social sentiment, "
                f"crowd outage reports (reporter-hours), net migration; top "
                f"{MOVERS_PER_METRIC} per metric by size of the change.",
                movers,
            ),
        )
    )


def page_links(out_dir: Path) -> str:
    """HTML list linking every page of PAGES whose file exists in `out_dir`, with its summary."""
    items = "\n".join(
        f'<li><a href="{escape_text(p.filename)}">{escape_text(p.title)}</a> '
        f"— {escape_text(p.description)}</li>"
        for p in PAGES
        if (out_dir / p.filename).exists()
    )
    return f"<ul>\n{items}\n</ul>" if items else '<p class="note">No dashboards yet.</p>'


def write_index_page(
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
    con: duckdb.DuckDBPyConnection | None = None,
) -> Path:
    """Write `out_dir/index.html` and return its path.

    With a connection it is the crisis board (`crisis_board`: per-vendor figures, latest
    incidents, movers of the week) followed by links to every page of PAGES whose file exists;
    without one, only those links. Index and vendor pages link only vendor pages whose file
    exists.
    """
    body = page_links(out_dir)
    if con is not None:
        body = (
            crisis_board(con, out_dir)
            + "\n"
            + section("All pages", "Every dashboard page of this site.", body)
        )
    return write_page(
        out_dir,
        INDEX_PAGE,
        BOARD_TITLE if con is not None else "Dashboards",
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
        plotly="Plotly.newPlot(" in body,
    )
