"""One colour per vendor everywhere; no spaghetti; absence is not zero; long tables collapse.

Unit checks of the dashboards' readability rules (issue 13); the browser test checks the same
on the sample run's pages (tests/publish/test_browser.py).
"""

import itertools
import re
from datetime import UTC, date, datetime, timedelta

import plotly.graph_objects as go
import polars as pl
import pytest

from pipeline.core.vendors import VENDORS
from pipeline.publish.crowd_figures import ANOMALY_COLOUR, crowd_reports_spec
from pipeline.publish.event_study_page import (
    ROLE_STYLE,
    event_study_curve_spec,
    event_table,
    largest_events,
)
from pipeline.publish.figures import TOP_LINES
from pipeline.publish.news_page import news_volume_figure, topic_mix_figure
from pipeline.publish.outages_page import monthly_bars, uptime_heatmap
from pipeline.publish.page import LONG_TABLE_ROWS, long_table
from pipeline.publish.palette import (
    EXTRA_COLOURS,
    IMPACT_COLOURS,
    NEUTRAL_DARK,
    NEUTRAL_LIGHT,
    NEUTRAL_MID,
    OTHER_IMPACT_COLOUR,
    TOPIC_COLOURS,
    VENDOR_COLOURS,
    vendor_colour,
    vendor_colours,
)
from pipeline.publish.users_page import migration_sankey_figure, users_sentiment_figure
from pipeline.publish.vendor_page import _tiles, migration_counterparts_figure


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of '#rrggbb'."""

    def linear(c: float) -> float:
        return ((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92

    r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _delta_e(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5


NON_VENDOR = {
    **{f"impact {k}": v for k, v in IMPACT_COLOURS.items()},
    "other impact": OTHER_IMPACT_COLOUR,
    "anomalous hour": ANOMALY_COLOUR,
    "neutral dark": NEUTRAL_DARK,
    "neutral mid": NEUTRAL_MID,
    "neutral light": NEUTRAL_LIGHT,
    **{f"role {k}": v for k, (_, v) in ROLE_STYLE.items()},
}


def test_one_distinct_colour_per_vendor_of_the_table() -> None:
    assert set(VENDOR_COLOURS) == set(VENDORS)
    colours = list(VENDOR_COLOURS.values())
    assert len(set(colours)) == len(colours)
    close = [
        (a, b, round(_delta_e(VENDOR_COLOURS[a], VENDOR_COLOURS[b])))
        for a, b in itertools.combinations(VENDOR_COLOURS, 2)
        if _delta_e(VENDOR_COLOURS[a], VENDOR_COLOURS[b]) < 20
    ]
    assert not close, f"vendor colours too alike (ΔE < 20): {close}"


def test_no_vendor_colour_means_something_else() -> None:
    vendor = set(VENDOR_COLOURS.values()) | set(EXTRA_COLOURS)
    assert not vendor & (set(NON_VENDOR.values()) | set(TOPIC_COLOURS))
    close = [
        (v, k, round(_delta_e(c, m)))
        for v, c in VENDOR_COLOURS.items()
        for k, m in NON_VENDOR.items()
        if _delta_e(c, m) < 20
    ]
    assert not close, f"vendor colours too close to other markers (ΔE < 20): {close}"


def test_vendor_colour_does_not_depend_on_the_other_vendors() -> None:
    assert vendor_colours(["openai"])["openai"] == vendor_colours(list(VENDORS))["openai"]
    assert vendor_colour("acme-ai") == vendor_colour("acme-ai") in EXTRA_COLOURS
    assert list(vendor_colours(["b", "a", "a"])) == ["a", "b"]


def _colours_of(fig: go.Figure) -> dict[str, set[str]]:
    """Colours each vendor (trace name / legend group) is drawn in across the traces."""
    found: dict[str, set[str]] = {}
    for trace in fig.data:
        if trace.type != "scatter" or (trace.mode == "markers" and trace.name == "anomalous hour"):
            continue
        name = (trace.legendgroup or trace.name or "").removesuffix(" incidents")
        if name in VENDOR_COLOURS:
            found.setdefault(name, set()).add(trace.line.color or trace.marker.color)
    return found


def _news(vendors: list[str]) -> pl.DataFrame:
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(3)]
    return pl.DataFrame(
        [
            {"vendor": v, "day": d, "articles": 10 * (i + 1), "tone_mean": -0.1}
            for i, v in enumerate(vendors)
            for d in days
        ]
    )


def _incidents(rows: list[tuple[str, str, datetime]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "vendor": v,
                "title": "t",
                "impact": impact,
                "is_maintenance": False,
                "started_at": start,
                "resolved_at": start + timedelta(hours=2),
                "duration_minutes": 120.0,
            }
            for v, impact, start in rows
        ],
        schema_overrides={
            "started_at": pl.Datetime("us", "UTC"),
            "resolved_at": pl.Datetime("us", "UTC"),
        },
    )


def test_twelve_vendor_chart_draws_the_top_ones_and_keeps_colours() -> None:
    vendors = list(VENDORS)
    incidents = _incidents([("amazon", "critical", datetime(2026, 3, 2, 5, tzinfo=UTC))])
    fig = news_volume_figure(_news(vendors), incidents)
    volume = [t for t in fig.data if t.mode == "lines"]
    shown = [t.name for t in volume if t.visible is not False and t.visible != "legendonly"]
    # The most-covered vendors are drawn (the last ones of _news), the others a click away.
    assert shown == sorted(vendors[-TOP_LINES:])
    assert all(t.visible == "legendonly" for t in volume if t.name not in shown)
    # Every vendor in exactly its own colour, in every trace; its band says whose it is.
    for vendor, colours in _colours_of(fig).items():
        assert colours == {VENDOR_COLOURS[vendor]}, vendor
    assert [s.fillcolor for s in fig.layout.shapes] == [VENDOR_COLOURS["amazon"]]


def test_sentiment_axis_is_fixed_and_colours_match() -> None:
    sentiment = _news(["openai", "anthropic"]).select(
        "vendor", "day", pl.lit(5).alias("items"), pl.lit(0.05).alias("sentiment_mean")
    )
    fig = users_sentiment_figure(sentiment, _incidents([]))
    assert list(fig.layout.yaxis.range) == [-1, 1]
    assert {t.name: t.line.color for t in fig.data} == {
        v: VENDOR_COLOURS[v] for v in ("anthropic", "openai")
    }


def test_sankey_crowd_monthly_and_counterparts_use_the_vendor_colours() -> None:
    migration = pl.DataFrame(
        {
            "day": [date(2026, 3, 1)] * 2,
            "from_vendor": ["openai", "google"],
            "to_vendor": ["anthropic", "openai"],
            "posts": [3, 2],
        }
    )
    sankey = migration_sankey_figure(migration).data[0]
    # Nodes: switched away (google, openai), switched to (anthropic, openai).
    nodes = ("google", "openai", "anthropic", "openai")
    assert sankey.node.color == tuple(VENDOR_COLOURS[v] for v in nodes)
    bars = migration_counterparts_figure(migration, "openai").data
    assert {c for t in bars for c in t.marker.color} == {
        VENDOR_COLOURS["anthropic"],
        VENDOR_COLOURS["google"],
    }
    monthly = monthly_bars(
        pl.DataFrame(
            {
                "vendor": ["xai", "cohere"],
                "month": [date(2026, 3, 1)] * 2,
                "mttr_minutes": [10.0, 20.0],
                "outage_minutes": [30.0, 40.0],
            }
        )
    )
    assert {t.name: t.marker.color for t in monthly.data} == {
        "cohere": VENDOR_COLOURS["cohere"],
        "xai": VENDOR_COLOURS["xai"],
    }
    hours = pl.datetime_range(
        datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC), "1h", eager=True
    )
    hourly = pl.DataFrame({"hour": hours}).with_columns(
        vendor=pl.lit("mistral"),
        reports=pl.lit(2),
        threshold=pl.lit(5.0),
        is_anomaly=pl.col("hour") == datetime(2026, 3, 1, 5, tzinfo=UTC),
    )
    crowd = go.Figure(crowd_reports_spec(hourly, _incidents([])))
    (line,) = [t for t in crowd.data if t.name == "mistral"]
    (anomaly,) = [t for t in crowd.data if t.name == "anomalous hour"]
    assert line.line.color == VENDOR_COLOURS["mistral"]
    assert anomaly.marker.color == ANOMALY_COLOUR not in VENDOR_COLOURS.values()


def test_topic_mix_has_a_date_axis_and_no_vendor_colours() -> None:
    articles = pl.DataFrame(
        {
            "published_at": [
                datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=7 * i) for i in range(30)
            ],
            "topics": [["outage", "pricing"]] * 30,
        }
    )
    fig = topic_mix_figure(articles)
    assert fig.layout.xaxis.type == "date"  # plotly thins date ticks: no overlapping labels
    assert not {t.marker.color for t in fig.data} & set(VENDOR_COLOURS.values())


def test_heatmap_lists_vendors_without_a_feed() -> None:
    df = pl.DataFrame(
        {
            "vendor": ["openai"],
            "day": [date(2026, 3, 1)],
            "uptime_pct": [99.0],
            "outage_minutes": [5.0],
        }
    )
    fig = uptime_heatmap(df, ["openai", "cohere"])
    assert list(fig.data[0].y) == ["cohere · no feed", "openai"]
    assert fig.data[0].z[0][0] is None or fig.data[0].z[0][0] != fig.data[0].z[0][0]  # NaN


def test_vendor_tiles_say_no_feed_and_dash_not_zero() -> None:
    row = {
        "uptime_30d": None, "uptime_90d": None, "has_status": False, "incidents_30d": 0,
        "mttr_30d": None, "sentiment_7d": 0.1, "sentiment_30d": 0.2, "net_30d": 0,
        "inflow_30d": 0, "outflow_30d": 0,
    }  # fmt: skip
    values = {k: v for v, k in re.findall(r"<b>(.*?)</b><span>(.*?)</span>", _tiles(row))}
    assert values["uptime, 30 d"] == "no feed"
    assert values["incidents, 30 d"] == "no feed"
    assert values["net migration, 30 d"].startswith("—")
    fed = dict(row, has_status=True, uptime_30d=99.5, inflow_30d=2, net_30d=2)
    values = {k: v for v, k in re.findall(r"<b>(.*?)</b><span>(.*?)</span>", _tiles(fed))}
    assert values["incidents, 30 d"] == "0"
    assert values["net migration, 30 d"].startswith("+2")


def test_long_tables_collapse_past_the_limit() -> None:
    rows = [f"<tr><td>{i}</td></tr>" for i in range(LONG_TABLE_ROWS + 7)]
    html = long_table("<tr><th>n</th></tr>", rows)
    shown, rest = html.split("<details")
    assert shown.count("<tr><td>") == LONG_TABLE_ROWS
    assert "7 more rows" in rest and rest.count("<tr><td>") == 7
    assert "<details" not in long_table("<tr><th>n</th></tr>", rows[:LONG_TABLE_ROWS])
    assert '<div class="wide">' in html  # scrolls sideways inside, not the page


def test_event_table_leads_with_the_largest_events() -> None:
    rows = []
    for i, incidents in enumerate([1, 9, 2, 4, 1, 1, 7]):
        rows.append(
            {
                "event_id": f"e{i}", "vendor": "openai", "event_day": date(2026, 1, 1 + i),
                "last_incident_day": date(2026, 1, 1 + i), "title": f"t{i}", "incidents": incidents,
                "worst_impact": "major", "subject_vendor": "openai", "role": "vendor",
                "metric": "sentiment", "delta": -0.1, "ci_low": None, "ci_high": None,
            }
        )  # fmt: skip
    study = pl.DataFrame(rows)
    assert largest_events(study, 3) == ["e1", "e6", "e3"]
    html = event_table(study)
    titles = re.findall(r"<td>(t\d)</td>", html)
    # The 5 largest (ties: newest first), highlighted; then the others by day.
    assert titles == ["t1", "t6", "t3", "t2", "t5", "t0", "t4"]
    assert html.count('class="largest"') == 5


def test_event_study_axes_are_symmetric_about_zero() -> None:
    curve = pl.DataFrame(
        {
            "scope": ["all", "all"],
            "role": ["vendor", "competitor"],
            "metric": ["sentiment", "sentiment"],
            "day_offset": [0, 0],
            "change_mean": [-0.3, 0.05],
            "change_ci_low": [-0.5, 0.0],
            "change_ci_high": [-0.1, 0.1],
            "norm_mean": [None, None],
            "norm_ci_low": [None, None],
            "norm_ci_high": [None, None],
            "events": [3, 3],
        }
    )
    spec = event_study_curve_spec(curve)
    assert spec["layout"]["yaxis"]["range"] == pytest.approx([-0.55, 0.55])
    assert {t["line"]["color"] for t in spec["data"] if "line" in t and "color" in t["line"]} <= {
        c for _, c in ROLE_STYLE.values()
    }
