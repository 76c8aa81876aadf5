"""Event study: clustering, deltas and bootstrap intervals, aggregates, tables and page."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from pipeline.core import warehouse
from pipeline.indicators import event_study as es
from pipeline.publish.event_study_page import event_study_curve_figure, event_table

START = date(2026, 1, 1)
END = date(2026, 1, 31)
DAYS = [START + timedelta(days=i) for i in range((END - START).days + 1)]


def _panel(values: dict[tuple[str, str], list[float | None]]) -> pl.DataFrame:
    """Panel over START..END for vendors a and b: counts 1.0, means 0.0 unless given."""
    rows = []
    for vendor in ("a", "b"):
        columns = {
            m.name: values.get((vendor, m.name), [1.0 if m.is_count else 0.0] * len(DAYS))
            for m in es.METRICS
        }
        for i, day in enumerate(DAYS):
            rows.append({"vendor": vendor, "day": day, **{k: v[i] for k, v in columns.items()}})
    return pl.DataFrame(rows, schema=es.PANEL_SCHEMA)


def _events(*items: tuple[str, date]) -> pl.DataFrame:
    rows = [
        {
            "event_id": f"{vendor}:{day.isoformat()}",
            "vendor": vendor,
            "event_day": day,
            "last_incident_day": day,
            "incident_id": f"inc-{vendor}-{day.isoformat()}",
            "title": "<b>Outage</b> & co",
            "started_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
            "incidents": 1,
            "worst_impact": "major",
        }
        for vendor, day in items
    ]
    return pl.DataFrame(rows, schema=es.EVENT_SCHEMA)


def _row(study: pl.DataFrame, event_id: str, subject: str, metric: str) -> dict:
    rows = study.filter(
        (pl.col("event_id") == event_id)
        & (pl.col("subject_vendor") == subject)
        & (pl.col("metric") == metric)
    )
    assert rows.height == 1
    return rows.row(0, named=True)


def test_step_change_gives_delta_and_interval_containing_it() -> None:
    day0 = date(2026, 1, 15)
    i0 = DAYS.index(day0)
    inflow = [2.0] * len(DAYS)
    inflow[i0 - 3 : i0] = [1.0, 3.0, 2.0]  # pre mean 2
    inflow[i0 : i0 + 4] = [9.0, 11.0, 10.0, 10.0]  # post mean 10
    sentiment: list[float | None] = [0.2] * len(DAYS)
    sentiment[i0 - 2] = None  # a day without posts: skipped, not 0
    sentiment[i0 : i0 + 4] = [-0.3, -0.2, -0.4, -0.3]
    panel = _panel({("a", "migration_inflow"): inflow, ("a", "sentiment"): sentiment})
    result = es.compute_event_study(_events(("a", day0)), panel, START, END)

    row = _row(result.study, "a:2026-01-15", "a", "migration_inflow")
    assert row["role"] == "vendor"
    assert (row["pre_days"], row["post_days"]) == (3, 4)
    assert row["pre_mean"] == pytest.approx(2.0)
    assert row["post_mean"] == pytest.approx(10.0)
    assert row["delta"] == pytest.approx(8.0)
    assert 0 < row["ci_low"] <= 8.0 <= row["ci_high"]
    # Typical level: the mean over the window; delta_norm = delta / level.
    assert row["level"] == pytest.approx(sum(inflow) / len(inflow), abs=1e-6)
    assert row["delta_norm"] == pytest.approx(8.0 / row["level"], abs=1e-5)

    mood = _row(result.study, "a:2026-01-15", "a", "sentiment")
    assert mood["pre_days"] == 2
    assert mood["delta"] == pytest.approx(-0.5)
    assert mood["ci_high"] < 0
    assert mood["level"] is None and mood["delta_norm"] is None

    other = _row(result.study, "a:2026-01-15", "b", "migration_inflow")
    assert other["role"] == "competitor"
    assert other["delta"] == pytest.approx(0.0)
    assert other["ci_low"] == pytest.approx(0.0) and other["ci_high"] == pytest.approx(0.0)


def test_interval_needs_two_days_per_window_and_edges_are_unobserved() -> None:
    # An event on the first day of the window has no pre-window days at all.
    result = es.compute_event_study(_events(("a", START)), _panel({}), START, END)
    row = _row(result.study, f"a:{START.isoformat()}", "a", "news_articles")
    assert row["pre_days"] == 0 and row["post_days"] == 4
    assert row["pre_mean"] is None and row["delta"] is None and row["ci_low"] is None
    # One observed pre day: a delta but no interval.
    day0 = date(2026, 1, 10)
    sentiment: list[float | None] = [None] * len(DAYS)
    sentiment[DAYS.index(day0) - 1] = 0.1
    sentiment[DAYS.index(day0)] = 0.4
    sentiment[DAYS.index(day0) + 1] = 0.2
    result = es.compute_event_study(
        _events(("a", day0)), _panel({("a", "sentiment"): sentiment}), START, END
    )
    row = _row(result.study, "a:2026-01-10", "a", "sentiment")
    assert (row["pre_days"], row["post_days"]) == (1, 2)
    assert row["delta"] == pytest.approx(0.2)
    assert row["ci_low"] is None and row["ci_high"] is None


def test_subjects_without_data_get_no_rows() -> None:
    zeros = [0.0] * len(DAYS)
    panel = _panel({("b", "crowd_reports"): zeros, ("b", "news_tone"): [None] * len(DAYS)})
    result = es.compute_event_study(_events(("a", date(2026, 1, 15))), panel, START, END)
    subjects = result.study.filter(pl.col("subject_vendor") == "b")["metric"].to_list()
    assert "crowd_reports" not in subjects and "news_tone" not in subjects
    assert "news_articles" in subjects


def test_averages_and_curve_over_events() -> None:
    days0 = [date(2026, 1, 8), date(2026, 1, 16), date(2026, 1, 24)]
    articles = [1.0] * len(DAYS)
    for day0, jump in zip(days0, (4.0, 6.0, 8.0), strict=True):
        i0 = DAYS.index(day0)
        articles[i0 : i0 + 4] = [1.0 + jump] * 4
    panel = _panel({("a", "news_articles"): articles})
    result = es.compute_event_study(_events(*(("a", d) for d in days0)), panel, START, END)

    deltas = result.study.filter(
        (pl.col("role") == "vendor") & (pl.col("metric") == "news_articles")
    )["delta"].to_list()
    assert deltas == pytest.approx([4.0, 6.0, 8.0])
    for scope in ("all", "a"):
        avg = result.summary.filter(
            (pl.col("scope") == scope)
            & (pl.col("role") == "vendor")
            & (pl.col("metric") == "news_articles")
        ).row(0, named=True)
        assert avg["events"] == 3
        assert avg["delta_mean"] == pytest.approx(6.0)
        assert 4.0 <= avg["delta_ci_low"] <= 6.0 <= avg["delta_ci_high"] <= 8.0
    curve = result.curve.filter(
        (pl.col("scope") == "all")
        & (pl.col("role") == "vendor")
        & (pl.col("metric") == "news_articles")
    ).sort("day_offset")
    assert curve["day_offset"].to_list() == list(range(-es.CURVE_DAYS, es.CURVE_DAYS + 1))
    by_offset = dict(zip(curve["day_offset"], curve["change_mean"], strict=True))
    assert by_offset[-1] == pytest.approx(0.0)
    assert by_offset[0] == pytest.approx(6.0)
    assert by_offset[4] == pytest.approx(0.0)
    # Competitors did not move.
    competitors = result.summary.filter(
        (pl.col("scope") == "all")
        & (pl.col("role") == "competitor")
        & (pl.col("metric") == "news_articles")
    ).row(0, named=True)
    assert competitors["delta_mean"] == pytest.approx(0.0)


def test_no_events_gives_empty_tables() -> None:
    for panel in (_panel({}), pl.DataFrame(schema=es.PANEL_SCHEMA)):
        result = es.compute_event_study(pl.DataFrame(schema=es.EVENT_SCHEMA), panel, START, END)
        assert result.study.is_empty() and result.summary.is_empty() and result.curve.is_empty()
        assert result.study.schema == pl.Schema(es.STUDY_SCHEMA)
        assert result.events == 0
    # The page pieces cope with no data.
    assert not event_study_curve_figure(result.curve).data
    assert "no events" in event_table(result.study)


def test_deterministic_and_seeded() -> None:
    noisy = [float((i * 7) % 5) for i in range(len(DAYS))]
    panel = _panel({("a", "crowd_reports"): noisy, ("b", "crowd_reports"): noisy[::-1]})
    events = _events(("a", date(2026, 1, 12)), ("b", date(2026, 1, 22)))
    one = es.compute_event_study(events, panel, START, END)
    two = es.compute_event_study(events, panel, START, END)
    assert one.study.equals(two.study)
    assert one.summary.equals(two.summary)
    assert one.curve.equals(two.curve)
    other = es.compute_event_study(events, panel, START, END, seed=1)
    assert other.study["delta"].equals(one.study["delta"])
    assert not other.study["ci_low"].equals(one.study["ci_low"])


def _incident(con, vendor: str, incident_id: str, start: str, impact: str, maint=False) -> None:
    con.execute(
        "insert into incidents (vendor, incident_id, title, impact, is_impact_inferred, "
        "is_maintenance, started_at, source, sources, updates) values "
        "(?, ?, ?, ?, false, ?, ?::timestamptz, 'test', ['test'], 1)",
        [vendor, incident_id, f"incident {incident_id}", impact, maint, start],
    ).fetchall()


def test_warehouse_events_clustering_and_missing_days(home: Path) -> None:
    with warehouse.connect(warehouse.warehouse_path(home)) as con:
        _incident(con, "a", "i1", "2026-01-05 23:30:00+00", "major")
        _incident(con, "a", "i2", "2026-01-12 01:00:00+00", "critical")  # 7 days later: same
        _incident(con, "a", "i3", "2026-01-20 10:00:00+00", "major")  # 8 days later: new
        _incident(con, "a", "i4", "2026-01-14 10:00:00+00", "minor")  # not serious
        _incident(con, "b", "m1", "2026-01-10 10:00:00+00", "major", maint=True)
        _incident(con, "b", "x1", "2025-12-20 10:00:00+00", "major")  # before the window
        events = es.load_events(con, START, END)
        assert events["event_id"].to_list() == ["a:2026-01-05", "a:2026-01-20"]
        first = events.row(0, named=True)
        assert (first["incidents"], first["worst_impact"]) == (2, "critical")
        assert (first["incident_id"], first["last_incident_day"]) == ("i1", date(2026, 1, 12))

        # Switches a -> b on two days; news about b once. Counts are 0 on other days,
        # tone is NULL without stories, and nothing is observed before the first data day.
        con.execute(
            "insert into migration_daily values ('2026-01-21', 'a', 'b', 5), "
            "('2026-01-03', 'a', 'b', 1)"
        ).fetchall()
        con.execute(
            "insert into news_daily values ('b', '2026-01-10', 2, 0.5, 0, 0, 1, 1), "
            "('b', '2026-01-11', 0, null, 0, 0, 0, 0)"
        ).fetchall()
        con.execute(
            "insert into sentiment_daily values ('a', '2026-01-02', 'social', 3, 0.1, 0.0)"
        ).fetchall()
        panel = es.load_panel(con, START, END)
        assert panel.height == 2 * len(DAYS)
        b = panel.filter(pl.col("vendor") == "b").sort("day")
        assert b["migration_inflow"][0] is None  # before the first social day
        assert b["migration_inflow"][1] == 0.0
        assert b["migration_inflow"].sum() == 6.0
        assert b["news_articles"][8] is None and b["news_articles"][9] == 2.0
        assert b["news_articles"][10] == 0.0 and b["news_tone"][10] is None

        result = es.build_event_study(con, START, END)
        again = es.build_event_study(con, START, END)  # a rebuild, not an append
        assert warehouse.table_rows(con, "event_study") == result.study.height > 0
        assert again.study.equals(result.study)
        row = con.execute(
            "select role, pre_days, post_days, delta from event_study "
            "where event_id = 'a:2026-01-20' and subject_vendor = 'b' "
            "and metric = 'migration_inflow'"
        ).fetchall()
        assert row == [("competitor", 3, 4, pytest.approx(5 / 4))]
        assert warehouse.run_sql(con, "check_event_study_valid") == [(0,)]

        con.execute("delete from incidents").fetchall()
        empty = es.build_event_study(con, START, END)
        assert empty.events == 0
        for table in es.TABLES:
            assert warehouse.table_rows(con, table) == 0


def _truth_days(home: Path, con, *, to_vendor: str | None = None, from_vendor: str | None = None):
    """Planted switches per UTC day (truth.json post ids, days from the loaded posts)."""
    truth = json.loads((home / "sample" / "truth.json").read_text(encoding="utf-8"))
    planted = pl.DataFrame(truth["migrations"])
    if to_vendor:
        planted = planted.filter(pl.col("to_vendor") == to_vendor)
    if from_vendor:
        planted = planted.filter(pl.col("from_vendor") == from_vendor)
    posts = con.sql("select post_id, created_at::date as day from posts").pl()
    return planted.join(posts, on="post_id").group_by("day").len()


def _window_delta(daily: pl.DataFrame, day0: date) -> float:
    def mean(first: int, last: int) -> float:
        days = [day0 + timedelta(days=d) for d in range(first, last + 1)]
        return daily.filter(pl.col("day").is_in(days))["len"].sum() / len(days)

    return mean(*es.POST_WINDOW) - mean(*es.PRE_WINDOW)


def test_sample_recovers_the_planted_march_effect(sample_home: Path) -> None:
    """Anthropic's crisis from 3 March 2026 is one event; the planted responses show up.

    Planted (pipeline/sample/social_plan.py, news_events.py): an openai -> anthropic switching
    wave from 3 March, outage coverage of Anthropic from that day. The social chatter is not
    planted to turn negative in those days, so sentiment is not asserted.
    """
    day0 = date(2026, 3, 3)
    path = warehouse.warehouse_path(sample_home)
    with warehouse.connect(path, read_only=True) as con:
        events = con.sql(
            "select event_id, incidents, worst_impact, last_incident_day from event_study "
            "where vendor = 'anthropic' and event_day between '2026-03-01' and '2026-03-31' "
            "group by all"
        ).fetchall()
        # The whole crisis (daily incidents into April) is one event dated 3 March.
        assert len(events) == 1
        event_id, incidents, worst, last_day = events[0]
        assert event_id == "anthropic:2026-03-03"
        assert incidents > 20 and worst == "critical" and last_day > date(2026, 4, 1)

        def row(subject: str, metric: str) -> dict:
            frame = con.sql(
                "select * from event_study where event_id = $e and subject_vendor = $s "
                "and metric = $m",
                params={"e": event_id, "s": subject, "m": metric},
            ).pl()
            return frame.row(0, named=True)

        inflow = row("anthropic", "migration_inflow")
        planted_in = _window_delta(_truth_days(sample_home, con, to_vendor="anthropic"), day0)
        assert planted_in > 30
        assert inflow["role"] == "vendor"
        assert inflow["delta"] == pytest.approx(planted_in, rel=0.25)
        assert inflow["ci_low"] > 0.5 * planted_in
        assert inflow["delta_norm"] > 5  # many times anthropic's typical daily inflow

        outflow = row("openai", "migration_outflow")
        planted_out = _window_delta(_truth_days(sample_home, con, from_vendor="openai"), day0)
        assert outflow["role"] == "competitor"
        assert outflow["delta"] == pytest.approx(planted_out, rel=0.25)
        assert outflow["ci_low"] > 0.5 * planted_out

        tone = row("anthropic", "news_tone")
        assert tone["delta"] < -0.3 and tone["ci_high"] < 0

        truth = json.loads((sample_home / "sample" / "truth.json").read_text(encoding="utf-8"))
        stories = pl.DataFrame(truth["news_daily"]).filter(pl.col("vendor") == "anthropic")
        stories = stories.select(pl.col("day").str.to_date(), pl.col("articles").alias("len"))
        news = row("anthropic", "news_articles")
        assert news["delta"] == pytest.approx(_window_delta(stories, day0), abs=1e-6)
        assert news["delta"] > 0

        # The anthropic scope of the curve: inflow jumps at day 0 and is flat before.
        curve = dict(
            con.execute(
                "select day_offset, change_mean from event_study_curve where scope = 'anthropic' "
                "and role = 'vendor' and metric = 'migration_inflow'"
            ).fetchall()
        )
        assert curve[0] > 5 * max(abs(curve[-3]), abs(curve[-2]), abs(curve[-1]), 1)
        assert warehouse.run_sql(con, "check_event_study_valid") == [(0,)]

    page = (warehouse.dashboards_dir(sample_home) / "event_study.html").read_text(encoding="utf-8")
    assert "Average response curve" in page and 'id="event-study-curve"' in page
    assert "anthropic" in page and "plotly.min.js" in page
    assert "<script>alert" not in page
    assert (sample_home / "exports" / "event_study.csv").exists()
