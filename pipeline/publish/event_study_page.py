"""Event study page (`event_study.html`): the average response to serious incidents.

Reads event_study, event_study_summary and event_study_curve (built by
pipeline.indicators.event_study) and writes one page with the shared page chrome: the average
response curve (one panel per metric, the incident's vendor against its competitors, 95% bands,
a menu to pick all events or one vendor's), the averages table and the table of events. Event
titles and vendor names are untrusted and escaped.
"""

import json
import textwrap
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from pipeline.indicators.event_study import (
    ALL_EVENTS,
    COMPETITOR,
    CURVE_DAYS,
    EVENT_GAP_DAYS,
    METRICS,
    POST_WINDOW,
    PRE_WINDOW,
    VENDOR,
    Metric,
)
from pipeline.publish.figures import TEMPLATE_JSON, Spec, empty_spec, subplot_layout
from pipeline.publish.page import (
    EVENT_STUDY_PAGE,
    NO_DATA,
    escape_expr,
    escape_text,
    figure_fragment,
    long_table,
    section,
    write_page,
)
from pipeline.publish.palette import NEUTRAL_DARK, NEUTRAL_LIGHT, rgba
from pipeline.publish.queries import read_frame

MISSING = "n/a"
# Roles are no vendor: black and grey, never a vendor's colour.
ROLE_STYLE = {VENDOR: ("Incident's vendor", NEUTRAL_DARK), COMPETITOR: ("Competitors", "#8c8c8c")}
# The events with most incidents (critical first, longer first) lead the events table.
LARGEST_EVENTS = 5
_COLUMNS = 2
_EVENT_COLUMNS = (
    "event_id", "vendor", "event_day", "last_incident_day", "title", "incidents", "worst_impact",
)  # fmt: skip


def _axis_title(metric: Metric) -> str:
    if metric.is_count:
        return "change / typical level"
    return "change (points)"


def _panel_title(metric: Metric) -> str:
    """The metric and what its y axis measures, in short lines (two panels share a phone's
    width, so no y-axis title and no long line)."""
    lines = [*textwrap.wrap(metric.label, 22), _axis_title(metric)]
    return "<br>".join(escape_text(line) for line in lines)


def _series(rows: pl.DataFrame, metric: Metric) -> tuple[list, list, list, list, list]:
    """(offsets, mean, low, high, events) of one curve: normalised for counts, raw for means."""
    prefix = "norm" if metric.is_count else "change"
    return (
        rows["day_offset"].to_list(),
        rows[f"{prefix}_mean"].to_list(),
        rows[f"{prefix}_ci_low"].to_list(),
        rows[f"{prefix}_ci_high"].to_list(),
        rows["events"].to_list(),
    )


def event_study_curve_spec(
    curve_df: pl.DataFrame, events_per_scope: Mapping[str, int] | None = None
) -> Spec:
    """Build the average response curve: one panel per metric, vendor vs competitors.

    x is days from the event day; y the mean change from the pre-window mean (counts divided by
    the subject's typical daily level, so vendors of different sizes compare; sentiment and
    tone in raw points), with the 95% bootstrap band over events, on a y range symmetric about
    0 that holds every scope's values. A menu switches between all events and each vendor's
    events.

    Args:
        curve_df: event_study_curve rows.
        events_per_scope: events per scope, shown in the menu labels.
    """
    if curve_df.is_empty():
        return empty_spec(f"{NO_DATA}: no major or critical incident with data around it.")
    counts = dict(events_per_scope or {})
    scopes = sorted(curve_df["scope"].unique().to_list(), key=lambda s: (s != ALL_EVENTS, s))
    rows = -(-len(METRICS) // _COLUMNS)
    layout = subplot_layout(
        rows,
        _COLUMNS,
        titles=[_panel_title(m) for m in METRICS],
        horizontal_spacing=0.08,
        vertical_spacing=0.11,
    )
    # Two short lines in a small font: side-by-side titles stay apart on a phone too.
    for note in layout.get("annotations", []):
        note["font"] = {"size": 11}
    data: list[dict[str, Any]] = []
    owners: list[str] = []  # scope of each trace, for the menu's visibility masks
    used: set[int] = set()  # subplots with traces (1-based, row-major)
    reach: dict[int, float] = {}  # largest |value| per subplot, over every scope
    groups = {
        key: part.sort("day_offset")
        for key, part in curve_df.partition_by(["scope", "role", "metric"], as_dict=True).items()
    }
    for scope in scopes:
        for index, metric in enumerate(METRICS):
            row, col = divmod(index, _COLUMNS)
            cell = row * _COLUMNS + col + 1
            refs = {"xaxis": _ref("x", cell), "yaxis": _ref("y", cell)}
            for role in (COMPETITOR, VENDOR):
                part = groups.get((scope, role, metric.name))
                if part is None or part.is_empty():
                    continue
                used.add(cell)
                name, colour = ROLE_STYLE[role]
                x, mean, low, high, events = _series(part, metric)
                reach[cell] = max(
                    [reach.get(cell, 0.0)]
                    + [abs(v) for v in (*mean, *low, *high) if v is not None and v == v]
                )
                band = [
                    (xi, lo, hi) for xi, lo, hi in zip(x, low, high, strict=True) if lo is not None
                ]
                visible = scope == scopes[0]
                if band:
                    bx = [b[0] for b in band]
                    data.append(
                        {
                            "type": "scatter",
                            "mode": "lines",
                            "x": bx + bx[::-1],
                            "y": [b[2] for b in band] + [b[1] for b in band][::-1],
                            "fill": "toself",
                            "fillcolor": rgba(colour, 0.15),
                            "line": {"width": 0},
                            "hoverinfo": "skip",
                            "showlegend": False,
                            "legendgroup": role,
                            "visible": visible,
                            **refs,
                        }
                    )
                    owners.append(scope)
                data.append(
                    {
                        "type": "scatter",
                        "x": x,
                        "y": mean,
                        "customdata": [list(t) for t in zip(low, high, events, strict=True)],
                        "mode": "lines+markers",
                        "line": {"color": colour, "width": 2},
                        "marker": {"size": 5},
                        "name": name,
                        "legendgroup": role,
                        "showlegend": index == 0,
                        "visible": visible,
                        "hovertemplate": (
                            f"{escape_text(name)}<br>day %{{x:+d}}: %{{y:.3f}}"
                            "<br>95%: [%{customdata[0]:.3f}, %{customdata[1]:.3f}]"
                            "<br>%{customdata[2]} events<extra></extra>"
                        ),
                        **refs,
                    }
                )
                owners.append(scope)
    for index in range(len(METRICS)):
        row, col = divmod(index, _COLUMNS)
        cell = row * _COLUMNS + col + 1
        if reach.get(cell):
            # Symmetric about 0 (the same for every menu choice): up reads up, down reads down.
            top = 1.1 * reach[cell]
            layout[_ref("yaxis", cell)]["range"] = [-top, top]
        # A few labelled days (window edges, day 0): a day per tick overlaps on a phone.
        ticks = sorted({-CURVE_DAYS, PRE_WINDOW[0], 0, POST_WINDOW[1], CURVE_DAYS})
        layout[_ref("xaxis", cell)].update(
            range=[-CURVE_DAYS - 0.5, CURVE_DAYS + 0.5],
            tickvals=ticks,
            ticktext=[f"{t:+d}" if t else "0" for t in ticks],
        )
    for col in range(_COLUMNS):
        layout[_ref("xaxis", (rows - 1) * _COLUMNS + col + 1)]["title"] = {
            "text": "day (0 = incident)"
        }
    # Pre and post windows shaded, incident day and zero change marked.
    layout["shapes"] = _guide_shapes(rows, tuple(sorted(used)))
    buttons = []
    for scope in scopes:
        label = "All events" if scope == ALL_EVENTS else escape_text(scope)
        if scope in counts:
            label += f" ({counts[scope]})"
        buttons.append(
            {
                "label": label,
                "method": "update",
                "args": [{"visible": [owner == scope for owner in owners]}],
            }
        )
    layout.update(
        template=TEMPLATE_JSON,
        height=260 * rows + 140,
        # Menu above the legend above the subplot titles: nothing overlaps at any width.
        legend={"orientation": "h", "y": 1.05, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        margin={"t": 150},
        hovermode="closest",
        updatemenus=[
            {
                "buttons": buttons,
                "direction": "down",
                "x": 0,
                "xanchor": "left",
                "y": 1.12,
                "yanchor": "bottom",
                "showactive": True,
            }
        ],
    )
    return {"data": data, "layout": layout}


def _ref(kind: str, cell: int) -> str:
    """Axis name of subplot `cell` (1-based): 'x', 'x2', ... or 'xaxis', 'xaxis2', ..."""
    return kind if cell == 1 else f"{kind}{cell}"


@lru_cache(maxsize=8)
def _guide_shapes_cached(rows: int, used: tuple[int, ...]) -> str:
    # plotly's own add_vrect/add_hline on a skeleton with one point per used subplot: the same
    # shapes as on the full figure (they skip empty subplots), without its per-trace cost.
    fig = make_subplots(rows=rows, cols=_COLUMNS)
    for cell in used:
        row, col = divmod(cell - 1, _COLUMNS)
        fig.add_trace(go.Scatter(x=[0], y=[0]), row=row + 1, col=col + 1)
    fig.add_vrect(
        x0=PRE_WINDOW[0] - 0.5, x1=PRE_WINDOW[1] + 0.5, fillcolor=NEUTRAL_LIGHT, opacity=0.08,
        line_width=0, row="all", col="all",
    )  # fmt: skip
    fig.add_vrect(
        x0=POST_WINDOW[0] - 0.5, x1=POST_WINDOW[1] + 0.5, fillcolor=NEUTRAL_DARK, opacity=0.1,
        line_width=0, row="all", col="all",
    )  # fmt: skip
    fig.add_hline(y=0, line={"color": NEUTRAL_LIGHT, "width": 1}, row="all", col="all")
    return json.dumps(fig._layout.get("shapes", []))


def _guide_shapes(rows: int, used: tuple[int, ...]) -> list[dict[str, Any]]:
    """Pre/post window bands and the zero line on every subplot with traces."""
    return json.loads(_guide_shapes_cached(rows, used))


def event_study_curve_figure(
    curve_df: pl.DataFrame, events_per_scope: Mapping[str, int] | None = None
) -> go.Figure:
    """`event_study_curve_spec` as a validated plotly figure."""
    return go.Figure(event_study_curve_spec(curve_df, events_per_scope))


def _number(expr: pl.Expr, digits: int) -> pl.Expr:
    """Signed fixed-point text ('+1.25', '-0.4'); MISSING for NULL."""
    text = expr.round(digits).cast(pl.String)
    return (
        pl.when(expr.is_null())
        .then(pl.lit(MISSING))
        .when(expr > 0)
        .then(pl.lit("+") + text)
        .otherwise(text)
    )


def _delta_cell(delta: str, low: str, high: str, digits: int) -> pl.Expr:
    """'Δ [low, high]', bold when the interval excludes 0 (an HTML fragment, numbers only)."""
    d, lo, hi = pl.col(delta), pl.col(low), pl.col(high)
    text = pl.format(
        "{}<br><span class='note'>[{},&nbsp;{}]</span>",
        _number(d, digits),
        _number(lo, digits),
        _number(hi, digits),
    )
    text = pl.when(lo.is_null()).then(_number(d, digits)).otherwise(text)
    return pl.when((lo > 0) | (hi < 0)).then(pl.format("<strong>{}</strong>", text)).otherwise(text)


def _table(head: str, body: str) -> str:
    """A table that scrolls sideways instead of overflowing the page."""
    return (
        f'<div style="overflow-x:auto"><table>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table></div>"
    )


def _digits(metric: Metric) -> int:
    return 2 if metric.is_count else 3


def largest_events(study_df: pl.DataFrame, n: int = LARGEST_EVENTS) -> list[str]:
    """event_ids of the `n` largest events: most incidents, critical first, longest, newest."""
    if study_df.is_empty():
        return []
    return (
        study_df.select(*_EVENT_COLUMNS)
        .unique("event_id")
        .sort(
            pl.col("incidents"),
            pl.col("worst_impact") == "critical",
            pl.col("last_incident_day") - pl.col("event_day"),
            pl.col("event_day"),
            pl.col("event_id"),
            descending=[True, True, True, True, False],
        )
        .head(n)["event_id"]
        .to_list()
    )


def event_table(study_df: pl.DataFrame) -> str:
    """One row per event: the incident vendor's change per metric with its 95% interval.

    The LARGEST_EVENTS largest events (`largest_events`) come first, highlighted (class
    `largest`), then the others by day; past LONG_TABLE_ROWS rows the rest is collapsed.

    Args:
        study_df: event_study rows (any order); only role vendor rows are shown.
    """
    own = study_df.filter(pl.col("role") == VENDOR)
    if own.is_empty():
        return f'<p class="note">{escape_text(NO_DATA)}: no events.</p>'
    cells = own.with_columns(
        pl.coalesce(
            [
                pl.when(pl.col("metric") == m.name).then(
                    _delta_cell("delta", "ci_low", "ci_high", _digits(m))
                )
                for m in METRICS
            ]
        ).alias("cell")
    )
    wide = (
        cells.pivot(
            on="metric",
            index=[*_EVENT_COLUMNS],
            values="cell",
        )
        .with_columns(
            pl.lit(MISSING).alias(m.name) for m in METRICS if m.name not in cells["metric"]
        )
        .with_columns(
            pl.col("event_id")
            .replace_strict(
                {e: i for i, e in enumerate(largest_events(study_df))},
                default=None,
                return_dtype=pl.Int32,
            )
            .alias("_rank")
        )
        .with_columns(pl.col("_rank").is_not_null().alias("_largest"))
        .sort("_rank", "event_day", "vendor", nulls_last=True)
    )
    span = (
        pl.when(pl.col("last_incident_day") > pl.col("event_day"))
        .then(pl.format("<br>until&nbsp;{}", pl.col("last_incident_day").dt.strftime("%Y-%m-%d")))
        .otherwise(pl.lit(""))
    )
    row = pl.format(
        '<tr{}><td>{}</td><td class="day">{}</td><td>{}</td><td>{}</td>'
        + "".join('<td class="num">{}</td>' for _ in METRICS) + "</tr>",
        pl.when(pl.col("_largest")).then(pl.lit(' class="largest"')).otherwise(pl.lit("")),
        escape_expr(pl.col("vendor")),
        pl.col("event_day").dt.strftime("%Y-%m-%d"),
        pl.format("{}&nbsp;({}){}", "incidents", escape_expr(pl.col("worst_impact")), span),
        escape_expr(pl.col("title").fill_null("(untitled)")),
        *(pl.col(m.name).fill_null(MISSING) for m in METRICS),
    )  # fmt: skip
    rows = wide.select(row.alias("row"))["row"].to_list()
    head = "".join(
        f"<th>{escape_text(c)}</th>"
        for c in ("vendor", "day 0", "incidents (worst)", "first incident")
    ) + "".join(f"<th>{escape_text(m.label)}</th>" for m in METRICS)
    return long_table(f"<tr>{head}</tr>", rows)


def summary_table(summary_df: pl.DataFrame) -> str:
    """Average change per scope and metric: the incident's vendor and its competitors."""
    if summary_df.is_empty():
        return f'<p class="note">{escape_text(NO_DATA)}.</p>'
    order = {m.name: i for i, m in enumerate(METRICS)}
    labels = {m.name: f"{m.label} ({m.unit})" for m in METRICS}
    rows = []
    for metric in METRICS:
        part = summary_df.filter(pl.col("metric") == metric.name)
        if part.is_empty():
            continue
        digits = _digits(metric)
        rows.append(
            part.with_columns(
                _delta_cell("delta_mean", "delta_ci_low", "delta_ci_high", digits).alias("raw"),
                _delta_cell("norm_mean", "norm_ci_low", "norm_ci_high", 2).alias("norm"),
            )
        )
    cells = pl.concat(rows)
    wide = cells.pivot(on="role", index=["scope", "metric"], values=["events", "raw", "norm"])
    for column in ("events", "raw", "norm"):
        for role in (VENDOR, COMPETITOR):
            name = f"{column}_{role}"
            if name not in wide.columns:
                wide = wide.with_columns(pl.lit(None, pl.String).alias(name))
    wide = wide.with_columns(
        (pl.col("scope") != ALL_EVENTS).alias("_vendor_scope"),
        pl.col("metric").replace_strict(order, return_dtype=pl.Int32).alias("_order"),
        pl.col("metric").replace_strict(labels, return_dtype=pl.String).alias("label"),
    ).sort("_vendor_scope", "scope", "_order")
    row = pl.format(
        '<tr><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td>'
        '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
        pl.when(pl.col("scope") == ALL_EVENTS)
        .then(pl.lit("all events"))
        .otherwise(escape_expr(pl.col("scope"))),
        escape_expr(pl.col("label")),
        pl.col(f"events_{VENDOR}").cast(pl.String).fill_null(MISSING),
        pl.col(f"raw_{VENDOR}").fill_null(MISSING),
        pl.col(f"norm_{VENDOR}").fill_null(MISSING),
        pl.col(f"raw_{COMPETITOR}").fill_null(MISSING),
        pl.col(f"norm_{COMPETITOR}").fill_null(MISSING),
    )
    body = "\n".join(wide.select(row.alias("row"))["row"].to_list())
    head = "".join(
        f"<th>{escape_text(c)}</th>"
        for c in (
            "events of",
            "metric",
            "events",
            "vendor: change",
            "vendor: / level",
            "competitors: change",
            "competitors: / level",
        )
    )
    return _table(head, body)


_EXPLANATION = (
    "An event is a cluster of one vendor's major or critical status incidents (maintenance "
    f"excluded) whose start days are at most {EVENT_GAP_DAYS} days apart; day 0 is the UTC day "
    "the first one started, so a bad month is one event and the days before it are clean. For "
    "the vendor and for every competitor with data we compare the mean daily value in days "
    f"{PRE_WINDOW[0]}..{PRE_WINDOW[1]} with days {POST_WINDOW[0]}..+{POST_WINDOW[1]}: social "
    "sentiment, crowd outage reports, news stories and tone, and reported switches to and away "
    "from the subject. Intervals are 95% percentile bootstraps (days resampled within each "
    "window for one event; events resampled for averages; fixed seed). Counts are compared "
    "across vendors as multiples of the subject's typical daily level (its mean over the data "
    "window). With 3-4 days per window the intervals are rough; the windows show association, "
    "not cause (a launch or a competitor's news may land in the same days)."
)


def _events_per_scope(study_df: pl.DataFrame) -> dict[str, int]:
    per_vendor = study_df.group_by("vendor").agg(pl.col("event_id").n_unique().alias("n"))
    counts = dict(zip(per_vendor["vendor"], per_vendor["n"], strict=True))
    counts[ALL_EVENTS] = study_df["event_id"].n_unique()
    return counts


def write_event_study_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    """Write `out_dir/event_study.html` from the event-study tables; return its path."""
    study = read_frame(con, "select_event_study_rows")
    averages = read_frame(con, "select_event_study_summary")
    curve = event_study_curve_spec(
        read_frame(con, "select_event_study_curve"), _events_per_scope(study)
    )
    body = "\n".join(
        (
            f'<p class="note">{escape_text(_EXPLANATION)}</p>',
            section(
                "Average response curve",
                "Mean change from the pre-window mean, by day from the incident, with the 95% "
                "band over events, on axes symmetric about 0. Black: the incident's vendor; "
                "grey: the mean of its competitors. Shaded: the pre (light) and post (darker) "
                "windows. Menu: all events or one vendor's.",
                figure_fragment(curve, "event-study-curve"),
            ),
            section(
                "Average change, days 0..+3 against days -3..-1",
                "Mean over events with a 95% bootstrap interval over events; bold when the "
                "interval excludes 0. '/ level': the change in multiples of the subject's "
                "typical daily level (counts only).",
                summary_table(averages.filter(pl.col("scope") == ALL_EVENTS))
                + "\n<details><summary>Per vendor (that vendor's events only)</summary>\n"
                + summary_table(averages.filter(pl.col("scope") != ALL_EVENTS))
                + "\n</details>",
            ),
            section(
                "Events",
                f"The {LARGEST_EVENTS} largest events (most incidents, critical first) lead, "
                "highlighted; then the others by day. The incident vendor's change per metric "
                "(post mean - pre mean) with its 95% interval; bold when the interval excludes "
                "0; no interval with fewer than 2 observed days in a window (identical days "
                "give a zero-width one). Competitors' rows: radar export event_study.",
                event_table(study),
            ),
        )
    )
    return write_page(
        out_dir,
        EVENT_STUDY_PAGE,
        "Event study",
        body,
        generated_at=generated_at,
        summary_lines=summary_lines,
    )
