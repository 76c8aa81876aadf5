"""One page per vendor (`vendor-<slug>.html`): the crisis board's figures for that vendor, a
Statuspage-style 90-day uptime bar, its incidents, news, sentiment, switches and crowd reports.

Every table is read once for all vendors and split in memory; the charts are the builders of
the other pages on the vendor's rows. Sections without data say so instead of an empty chart.
The uptime bar is inline SVG (no JavaScript). All outside text (vendor names, incident titles,
URLs) is escaped; only http(s) URLs become links.
"""

import hashlib
import json
import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl

from pipeline.publish.board_page import (
    NO_FEED,
    board_metrics,
    count_text,
    minutes_text,
    net_text,
    signed_text,
    uptime_text,
)
from pipeline.publish.crowd_figures import crowd_reports_spec, silent_outages_table
from pipeline.publish.figures import TEMPLATE_JSON, Spec, empty_spec
from pipeline.publish.news_page import news_volume_spec
from pipeline.publish.outages_page import latest_incidents_table
from pipeline.publish.page import (
    NO_DATA,
    ensure_plotlyjs,
    escape_expr,
    escape_text,
    figure_fragment,
    page_inputs,
    section,
    vendor_page_name,
    write_page,
)
from pipeline.publish.palette import NEUTRAL_LIGHT, vendor_colour
from pipeline.publish.queries import frame_fingerprint, outage_window, read_frame, site_window
from pipeline.publish.users_page import SENTIMENT_ROLLING_DAYS, users_sentiment_spec

logger = logging.getLogger(__name__)

# Vendor page incident table: incidents of the last 90 days, newest first, at most this many.
VENDOR_INCIDENTS = 200
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
                escape_expr(titles.list.join("; ")),
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
        f'<i style="background:{colour}"></i>{escape_text(state)}'
        for state, colour in BAR_COLOURS.items()
    )
    return (
        f'<div class="uptime-bar">{svg}<div class="axis"><span>{start:%Y-%m-%d}</span>'
        f"<span>{end:%Y-%m-%d}</span></div>"
        f'<p class="note legend">{legend}</p></div>'
    )


def migration_counterparts_spec(migration_df: pl.DataFrame, vendor: str) -> Spec:
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
            escape_expr(pl.col("counterpart")).alias("label"),
        )
        .sort(["net", "counterpart"], descending=[True, False])
    )
    if frame.is_empty():
        return empty_spec(f"{NO_DATA}: no reported switches to or from {vendor}.")
    name = escape_text(vendor)
    labels = frame["label"].to_list()
    # Each counterpart in its own colour; switches away are hatched.
    colours = [vendor_colour(v) for v in frame["counterpart"].to_list()]
    data = [
        {
            "type": "bar",
            "y": labels,
            "x": frame["inflow"].cast(pl.Float64).to_numpy(),
            "orientation": "h",
            "name": f"to {name}",
            "showlegend": False,
            "marker": {"color": colours},
            "hovertemplate": f"%{{y}} → {name}: %{{x:.0f}} posts<extra></extra>",
        },
        {
            "type": "bar",
            "y": labels,
            "x": (-frame["outflow"].cast(pl.Float64)).to_numpy(),
            "customdata": frame["outflow"].cast(pl.Float64).to_numpy(),
            "orientation": "h",
            "name": f"away from {name}",
            "showlegend": False,
            "marker": {
                "color": colours,
                "pattern": {"shape": "/", "fgcolor": "white", "solidity": 0.35},
            },
            "hovertemplate": f"{name} → %{{y}}: %{{customdata:.0f}} posts<extra></extra>",
        },
    ]
    layout = {
        "template": TEMPLATE_JSON,
        "height": 120 + 26 * frame.height,
        "barmode": "relative",
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": {"title": {"text": f"posts: ← away from {name} (hatched) · to {name} →"},
                  "zeroline": True, "zerolinecolor": NEUTRAL_LIGHT},
        "yaxis": {"type": "category", "autorange": "reversed"},
    }  # fmt: skip
    return {"data": data, "layout": layout}


def migration_counterparts_figure(migration_df: pl.DataFrame, vendor: str) -> go.Figure:
    """`migration_counterparts_spec` as a validated plotly figure."""
    return go.Figure(migration_counterparts_spec(migration_df, vendor))


def _tiles(row: dict[str, object] | None) -> str:
    """The vendor's headline figures; absence is not zero: "no feed" without a status feed
    (and no incidents), "—" without reported switches."""
    if row is None:
        return ""
    has_status = bool(row["has_status"])
    silent_feedless = not has_status and not row["incidents_30d"]
    switches = bool(row["inflow_30d"]) or bool(row["outflow_30d"])
    tiles = (
        ("uptime, 30 d", uptime_text(row["uptime_30d"], has_status)),
        ("uptime, 90 d", uptime_text(row["uptime_90d"], has_status)),
        ("incidents, 30 d", NO_FEED if silent_feedless else count_text(row["incidents_30d"])),
        ("MTTR, 30 d", NO_FEED if silent_feedless else minutes_text(row["mttr_30d"])),
        ("social sentiment, 7 d", signed_text(row["sentiment_7d"])),
        ("social sentiment, 30 d", signed_text(row["sentiment_30d"])),
        (
            "net migration, 30 d",
            f"{net_text(row['net_30d'])} (in {row['inflow_30d']}, out {row['outflow_30d']})"
            if switches
            else "— (no reported switches)",
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
        f"{row['with_crowd_signal']} of {row['incidents']} official incidents had a burst of "
        "crowd reports credited to them (each burst to one incident, starting up to 3 h before "
        f"or 1 h after it); users reported {row['users_first']} before the status page"
    )
    if row["median_lead_minutes"] is not None:
        text += f" (median lead {row['median_lead_minutes']:+.0f} min)"
    return text + "."


def _parts(frame: pl.DataFrame, column: str = "vendor") -> dict[str, pl.DataFrame]:
    """Split a frame by vendor (empty dict for an empty frame)."""
    if frame.is_empty():
        return {}
    return {key[0]: part for key, part in frame.partition_by(column, as_dict=True).items()}


def write_vendor_pages(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    vendors: Sequence[str],
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
    reuse: str | None = None,
) -> list[Path]:
    """Write one page per vendor (`vendor_page_name`) and return the paths, in `vendors` order.

    Each page: the vendor's crisis board figures, a 90-day uptime bar, its incidents of the
    last 90 days, news volume and tone, social sentiment, switches by counterpart and crowd
    reports vs official incidents (lead times, silent outages). Every table is read once for
    all vendors and split in memory. Sections without data say so instead of an empty chart.

    With `reuse` (text naming everything else a page depends on: the code, the navigation and
    data window), a vendor's page is not drawn again when the page in `out_dir` was written
    with the same `reuse` from the same rows (a digest in its head, `page.page_inputs`): one
    new incident redraws its vendor's page only. A kept page keeps its "data as of" stamp.
    """
    if not vendors:
        return []
    window = site_window(con)
    end = window[1] if window else generated_at.date()
    window_open, window_close = outage_window(con, generated_at)
    metrics = {r["vendor"]: r for r in board_metrics(con, vendors, end).iter_rows(named=True)}
    leads = {
        r["vendor"]: r for r in read_frame(con, "select_lead_time_summary").iter_rows(named=True)
    }
    all_incidents = read_frame(
        con, "select_vendor_incidents", window_open=window_open, window_close=window_close
    )
    incidents = _parts(all_incidents)
    days = _parts(
        read_frame(con, "select_uptime_days", end=end).with_columns(
            (BAR_DAYS - 1 - pl.col("back")).alias("i")
        )
    )
    news = _parts(read_frame(con, "select_news_daily"))
    sentiment = _parts(read_frame(con, "select_social_sentiment"))
    hourly = _parts(read_frame(con, "select_crowd_reports"))
    silent = _parts(read_frame(con, "select_silent_outages"))
    migration = read_frame(con, "select_recent_migration_daily", end=end)
    empty_incidents = all_incidents.clear()

    shared = frame_fingerprint(migration) if reuse is not None else ""
    paths, kept = [], 0
    for vendor in vendors:  # tens of vendors
        vendor_incidents = incidents.get(vendor, empty_incidents)
        inputs = None
        if reuse is not None:
            inputs = _inputs_digest(
                reuse, shared, vendor, end, metrics.get(vendor), leads.get(vendor),
                vendor_incidents, days.get(vendor), news.get(vendor), sentiment.get(vendor),
                hourly.get(vendor), silent.get(vendor),
            )  # fmt: skip
            path = out_dir / vendor_page_name(vendor)
            if page_inputs(path) == inputs:
                paths.append(path)
                kept += 1
                continue
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
            write_page(
                out_dir,
                vendor_page_name(vendor),
                f"Vendor · {vendor}",
                body,
                generated_at=generated_at,
                summary_lines=summary_lines,
                plotly="Plotly.newPlot(" in body,
                inputs=inputs,
            )
        )
    if kept:
        ensure_plotlyjs(out_dir)  # the kept pages load it (it may have been deleted)
        logger.info("vendor pages: %d of %d kept (same rows)", kept, len(vendors))
    return paths


def _inputs_digest(reuse: str, shared: str, vendor: str, end: date, *parts: object) -> str:
    """sha256 of what one vendor page shows: `reuse`, the shared frame's fingerprint, the
    vendor, the last day, then its rows (dicts) and frames (None: no data)."""
    digest = hashlib.sha256(json.dumps([reuse, shared, vendor, str(end)]).encode())
    for part in parts:
        if isinstance(part, pl.DataFrame):
            text = frame_fingerprint(part)
        else:
            text = json.dumps(part, sort_keys=True, default=str)
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()


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
    name = escape_text(vendor)
    recent = incidents.filter(
        pl.col("started_at").dt.convert_time_zone("UTC").dt.date() > end - timedelta(days=BAR_DAYS)
    )
    sections = [
        _tiles(metrics),
        section(
            f"Uptime, last {BAR_DAYS} days",
            f"One bar per UTC day of the last {BAR_DAYS} days of the data window (ending "
            f"{end:%Y-%m-%d}); hover a bar for the day's uptime and incidents.",
            uptime_bar(days, end)
            if days is not None
            else f'<p class="note nodata">{NO_DATA}: no status feed for {name}.</p>',
        ),
    ]
    chart_incidents = incidents.sort("started_at")
    if _has(news, "articles"):
        news_html = figure_fragment(news_volume_spec(news, chart_incidents), "vendor-news")
    else:
        news_html = f'<p class="note nodata">{NO_DATA}: no news stories mention {name}.</p>'
    if _has(sentiment, "items"):
        sentiment_html = figure_fragment(
            users_sentiment_spec(sentiment, chart_incidents), "vendor-sentiment"
        )
    else:
        sentiment_html = f'<p class="note nodata">{NO_DATA}: no social posts mention {name}.</p>'
    if _has(hourly, "reports"):
        crowd_html = figure_fragment(crowd_reports_spec(hourly, chart_incidents), "vendor-crowd")
    else:
        crowd_html = f'<p class="note nodata">{NO_DATA}: no crowd outage reports.</p>'
    silent_html = silent_outages_table(silent if silent is not None else pl.DataFrame())
    sections += [
        section(
            "News volume and tone",
            "Stories mentioning the vendor per UTC day and their mean tone (-1 … +1); shaded: "
            "its major and critical (darker) incidents.",
            news_html,
        ),
        section(
            "Social sentiment",
            f"{SENTIMENT_ROLLING_DAYS}-day rolling mean of post sentiment (weighted by "
            "posts, -1 … +1); shaded: its major and critical (darker) incidents.",
            sentiment_html,
        ),
        section(
            f"Switches by counterpart, last {BAR_DAYS} days",
            "Posts reporting a switch to the vendor (right, solid) or away from it (left, "
            "hatched), per other vendor in that vendor's colour.",
            figure_fragment(migration_counterparts_spec(migration, vendor), "vendor-migration"),
        ),
        section(
            "Crowd reports vs official incidents",
            "Distinct reporters per UTC hour, anomaly threshold (dashed), anomalous hours "
            "(black crosses) and official incidents (shaded and triangles, coloured by "
            "impact). " + _lead_text(lead),
            crowd_html,
        ),
        section(
            "Silent outages",
            "Anomalous crowd runs that no official incident explains. Times in UTC.",
            silent_html,
        ),
        section(
            f"Incidents, last {BAR_DAYS} days",
            f"{recent.height} incidents (maintenance included), newest first"
            + (f", the first {VENDOR_INCIDENTS} shown" if recent.height > VENDOR_INCIDENTS else "")
            + "; titles as published, times in UTC.",
            latest_incidents_table(recent.head(VENDOR_INCIDENTS)),
        ),
    ]
    return "\n".join(sections)
