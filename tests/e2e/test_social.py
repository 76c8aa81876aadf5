"""End to end on the embedded sample: social posts, migrations and crowd signals vs truth."""

from __future__ import annotations

import json
import re
import statistics
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.core import warehouse


@pytest.fixture(scope="module")
def truth(sample_home: Path) -> dict:
    return json.loads((sample_home / "sample" / "truth.json").read_text())


@pytest.fixture
def con(sample_home: Path):
    with warehouse.connect(warehouse.warehouse_path(sample_home), read_only=True) as c:
        yield c


def test_planted_posts_are_loaded_once_each(con, truth):
    planted = [m["post_id"] for m in truth["migrations"]] + truth["hard_negatives"]
    found = con.execute(
        "select count(*), count(distinct post_id) from posts"
        " where post_id in (select unnest($ids::varchar[]))",
        {"ids": planted},
    ).fetchall()[0]
    assert found == (len(planted), len(planted))
    total, platforms = con.execute(
        "select count(*), count(distinct platform) from posts"
    ).fetchall()[0]
    assert total > 20_000 and platforms == 4


def test_migrations_recover_the_planted_flows(con, truth):
    got = {
        p: (f, t)
        for p, f, t in con.execute(
            "select post_id, from_vendor, to_vendor from migrations"
        ).fetchall()
    }
    expected = {m["post_id"]: (m["from_vendor"], m["to_vendor"]) for m in truth["migrations"]}
    hits = got.keys() & expected.keys()
    precision = len(hits) / len(got)
    recall = len(hits) / len(expected)
    direction = sum(got[p] == expected[p] for p in hits) / len(hits)
    assert precision >= 0.9, precision
    assert direction >= 0.95, direction
    assert recall >= 0.8, recall
    negatives = set(truth["hard_negatives"]) & got.keys()
    assert len(negatives) / len(truth["hard_negatives"]) <= 0.02


def test_march_2026_wave_dominates_the_net_index(con):
    anthropic, openai = con.execute(
        "select sum(net) filter (where vendor = 'anthropic'), sum(net) filter (where vendor ="
        " 'openai') from migration_index_daily where day between '2026-03-03' and '2026-03-16'"
    ).fetchall()[0]
    assert anthropic > 50 and openai < -50


def test_crowd_lead_times_match_the_planted_bursts_one_to_one(con, truth):
    """Every planted lead is recovered within 15 minutes, and no incident gets a lead the
    sample did not plant (one burst is credited to one incident only)."""
    leads = {
        (v, i): (m, b)
        for v, i, m, b in con.execute(
            "select vendor, incident_id, lead_minutes, burst_id from incident_lead_times"
            " where lead_minutes is not null"
        ).fetchall()
    }
    planted = {
        (b["vendor"], b["incident_id"]): b["expected_lead_minutes"]
        for b in truth["crowd_bursts"]
        if b["incident_id"]
    }
    assert planted
    assert leads.keys() == planted.keys(), sorted(leads.keys() ^ planted.keys())
    for key, expected in planted.items():
        got, burst_id = leads[key]
        assert abs(got - expected) <= 15, (key, got, expected)
        assert burst_id.startswith(key[0] + ":")
    assert len({b for _, b in leads.values()}) == len(leads)


def test_vendor_pages_show_the_one_to_one_lead_times(sample_home: Path, truth):
    for vendor in ("anthropic", "openai"):
        planted = [
            b["expected_lead_minutes"]
            for b in truth["crowd_bursts"]
            if b["vendor"] == vendor and b["incident_id"]
        ]
        page = (sample_home / "dashboards" / f"vendor-{vendor}.html").read_text(encoding="utf-8")
        found = re.search(
            r"users reported (\d+) before the status page \(median lead ([+-]\d+) min\)", page
        )
        assert found, vendor
        assert int(found[1]) == len(planted)
        assert abs(int(found[2]) - statistics.median(planted)) <= 15, (vendor, found[0])


def test_the_unexplained_burst_is_a_silent_outage(con, truth):
    silent = [b for b in truth["crowd_bursts"] if b["incident_id"] is None]
    runs = con.execute("select vendor, started_at, ended_at from silent_outages").fetchall()
    for burst in silent:
        start = datetime.fromisoformat(burst["start"].replace("Z", "+00:00"))
        assert any(
            v == burst["vendor"] and abs((s - start).total_seconds()) <= 3600 for v, s, _ in runs
        ), (burst, runs)


def test_every_social_source_has_an_incremental_cursor(con):
    rows = con.execute("select source, newest from social_cursors order by source").fetchall()
    assert {r[0] for r in rows} >= {"hn-claude", "reddit-ai", "bluesky-ai", "mastodon-ai"}
    assert all(r[1] for r in rows)


def test_event_study_recovers_the_planted_reaction(con, truth):
    """The crisis event's sentiment change covers the planted drop; crowd reports rise."""
    reaction = truth["crisis_reaction"]
    rows = {
        metric: (delta, low, high)
        for metric, delta, low, high in con.execute(
            "select metric, delta, ci_low, ci_high from event_study"
            " where event_id = $event and subject_vendor = $vendor and role = 'vendor'",
            {
                "event": f"{reaction['vendor']}:{reaction['event_day']}",
                "vendor": reaction["vendor"],
            },
        ).fetchall()
    }
    delta, low, high = rows["sentiment"]
    assert delta < 0 and high < 0, rows["sentiment"]
    assert low <= reaction["sentiment_drop"] <= high, (
        reaction["sentiment_drop"],
        rows["sentiment"],
    )
    delta, low, high = rows["crowd_reports"]
    assert delta > 0 and low > 0, rows["crowd_reports"]
