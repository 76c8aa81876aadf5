"""Truth of the sample's status part: kept incidents, edge cases and outage_daily rows."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from pipeline.sample.plan import VENDORS, WINDOW_END


@pytest.fixture(scope="module")
def kept(truth: dict) -> dict[tuple[str, str], dict]:
    return {(i["vendor"], i["incident_id"]): i for i in truth["incidents"]}


def ts(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_truth_has_the_required_shape(truth: dict):
    assert {"window", "incidents", "outage_daily", "bad_records"} <= set(truth)
    # plus the news keys (articles, news_duplicates, news_daily): test_news.py
    assert truth["window"] == {"start": "2025-12-01", "end": "2026-04-30"}
    keys = {
        "vendor",
        "incident_id",
        "title",
        "started_at",
        "resolved_at",
        "impact",
        "is_maintenance",
    }
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
    for inc in truth["incidents"]:
        assert set(inc) == keys
        assert stamp.fullmatch(inc["started_at"])
        assert inc["resolved_at"] is None or stamp.fullmatch(inc["resolved_at"])
        assert inc["resolved_at"] is None or inc["resolved_at"] > inc["started_at"]
        assert inc["is_maintenance"] == (inc["impact"] == "maintenance")
    assert len({(i["vendor"], i["incident_id"]) for i in truth["incidents"]}) == len(
        truth["incidents"]
    )
    assert {i["vendor"] for i in truth["incidents"]} == set(VENDORS)


def test_truth_covers_the_edge_cases(truth: dict):
    incidents = [(i, ts(i["started_at"]), ts(i["resolved_at"])) for i in truth["incidents"]]
    real = [x for x in incidents if not x[0]["is_maintenance"]]
    crossing = [x for x in real if x[2] and x[2].date() > x[1].date()]
    assert crossing, "an incident crossing midnight"
    assert any(
        s.date() == date(2025, 12, 31) and r.date() == date(2026, 1, 1) for _, s, r in crossing
    ), "an incident across New Year"
    open_ = [x for x in incidents if x[2] is None]
    assert len(open_) == 1
    by_vendor: dict[str, list] = {}
    for x in real:
        by_vendor.setdefault(x[0]["vendor"], []).append(x)
    overlapping = {
        vendor
        for vendor, xs in by_vendor.items()
        for a in xs
        for b in xs
        if a is not b and a[1] <= b[1] < (a[2] or WINDOW_END)
    }
    assert len(overlapping) >= 3
    maintenance_vendors = {x[0]["vendor"] for x in incidents if x[0]["is_maintenance"]}
    assert len(maintenance_vendors) >= 3
    assert {x[0]["impact"] for x in real} == {"none", "minor", "major", "critical"}
    assert all(x[1].second == 0 for x in incidents)


def test_outage_daily_rows_and_ranges(truth: dict):
    rows = truth["outage_daily"]
    assert len(VENDORS) * 130 <= len(rows) < len(VENDORS) * 151  # no row before a feed history
    assert len({(r["vendor"], r["day"]) for r in rows}) == len(rows)
    for r in rows:
        assert 0 <= r["uptime_pct"] <= 100
        assert 0 <= r["major_outage_minutes"] <= r["outage_minutes"] <= 1440
        assert 0 <= r["weighted_down_minutes"] <= r["outage_minutes"]
        assert 0 <= r["maintenance_minutes"] <= 1440
        assert r["mttr_minutes"] is None or r["mttr_minutes"] > 0
        assert r["uptime_pct"] == round(100 * (1 - r["weighted_down_minutes"] / 1440), 4)


def test_outage_daily_spot_checks(truth: dict, kept: dict):
    rows = {(r["vendor"], r["day"]): r for r in truth["outage_daily"]}
    open_ = next(i for i in kept.values() if i["resolved_at"] is None)
    start = ts(open_["started_at"])
    last_day = rows[(open_["vendor"], "2026-04-30")]
    assert last_day["outage_minutes"] >= (WINDOW_END - start).total_seconds() / 60
    new_year = next(
        i
        for i in kept.values()
        if i["started_at"].startswith("2025-12-31")
        and i["resolved_at"]
        and i["resolved_at"].startswith("2026-01-01")
    )
    for day in ("2025-12-31", "2026-01-01"):
        assert rows[(new_year["vendor"], day)]["outage_minutes"] > 0
    starts = Counter(
        (i["vendor"], i["started_at"][:10]) for i in kept.values() if not i["is_maintenance"]
    )
    for (vendor, day), row in rows.items():
        assert row["incidents_started"] == starts.get((vendor, day), 0)


def test_march_2026_anthropic_crisis(truth: dict):
    rows = [r for r in truth["outage_daily"] if r["vendor"] == "anthropic"]
    march = sum(r["outage_minutes"] for r in rows if "2026-03-03" <= r["day"] <= "2026-03-31")
    before = sum(r["outage_minutes"] for r in rows if r["day"] < "2026-03-01")
    assert march > 5 * before
    peak = [r for r in rows if "2026-03-07" <= r["day"] <= "2026-03-24"]
    assert sum(r["incidents_started"] for r in peak) / len(peak) >= 3
    long_critical = [
        i
        for i in truth["incidents"]
        if i["vendor"] == "anthropic"
        and i["impact"] == "critical"
        and ts(i["resolved_at"]) - ts(i["started_at"]) >= timedelta(hours=3)
    ]
    assert len(long_critical) >= 3
    others = [
        r
        for r in truth["outage_daily"]
        if r["vendor"] != "anthropic" and "2026-03-03" <= r["day"] <= "2026-03-31"
    ]
    assert march > 3 * max(
        sum(r["outage_minutes"] for r in others if r["vendor"] == v)
        for v in VENDORS
        if v != "anthropic"
    )
