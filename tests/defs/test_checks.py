"""Every asset-check SQL added for the Dagster UI passes on an empty warehouse and counts a
planted violation (so each check can fail)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from pipeline.core import warehouse

INCIDENT = (
    "insert into incidents by name select 'openai' as vendor, 'inc1' as incident_id, "
    "'major' as impact, false as is_impact_inferred, false as is_maintenance, "
    "timestamptz '2026-01-01 10:00:00+00' as started_at, 'openai-status' as source, "
    "['openai-status'] as sources, 1 as updates"
)
ARTICLE = (
    "insert into articles by name select 'a1' as article_id, 'news' as source, "
    "'https://x/a' as url, 'https://x/a' as canonical_url, 'feed' as text_source, "
    "['openai'] as vendors, [] as topics, 0.1 as tone, ['news'] as sources, "
    "['https://x/a'] as urls, 1 as copies"
)
POST = (
    "insert into posts by name select 'p1' as post_id, 'reddit' as platform, "
    "timestamptz '2026-01-01 10:00:00+00' as created_at, 'ChatGPT is down' as text, "
    "['openai'] as vendors, -0.5 as sentiment, 'post' as kind, true as is_outage_report, "
    "'reddit-ai' as source, timestamptz '2026-01-01 10:05:00+00' as first_seen_at"
)


def _unkeyed(table: str) -> str:
    """Drop the primary key (a plain copy) so duplicate keys can be planted."""
    return f"create or replace table {table} as select * from {table}"  # noqa: S608 - constant


VIOLATIONS = {
    "outage_daily_not_empty": [INCIDENT],
    "news_daily_keys_unique": [
        _unkeyed("news_daily"),
        "insert into news_daily values ('openai', date '2026-01-01', 1, 0.1, 0, 0, 1, 1)",
        "insert into news_daily values ('openai', date '2026-01-01', 1, 0.1, 0, 0, 1, 1)",
    ],
    "news_daily_not_empty": [ARTICLE],
    "sentiment_daily_keys_unique": [
        "insert into sentiment_daily values ('openai', date '2026-01-01', 'tv', 1, 0.1, 0.0)"
    ],
    "sentiment_daily_not_empty": [POST],
    "migration_daily_valid": [
        "insert into migration_daily values (date '2026-01-01', 'openai', 'openai', 1)"
    ],
    "migration_index_daily_valid": [
        "insert into migration_index_daily values "
        "('openai', date '2026-01-01', 2, 1, 5, 2, 1, 1, 0.5)"
    ],
    "outage_reports_hourly_in_range": [
        "insert into outage_reports_hourly values "
        "('openai', timestamptz '2026-01-01 10:30:00+00', 1, 0, 0, 3, false, false)"
    ],
    "incident_lead_times_valid": [
        "insert into incident_lead_times values ('openai', 'ghost', 't', 'major', "
        "timestamptz '2026-01-01 10:00:00+00', null, null, null, null, null, null, null)",
        # one burst credited to two incidents
        "insert into incident_lead_times select 'openai', 'inc' || i, 't', 'major', "
        "timestamptz '2026-01-01 10:00:00+00', null, timestamptz '2026-01-01 09:00:00+00', "
        "timestamptz '2026-01-01 11:00:00+00', 2, -60.0, 7, 'openai:2026-01-01T09:00Z' "
        "from range(2) as t(i)",
    ],
    "silent_outages_valid": [
        "insert into silent_outages values ('openai', timestamptz '2026-01-01 10:00:00+00', "
        "timestamptz '2026-01-01 11:00:00+00', 1, 5, 3)"
    ],
}


@pytest.fixture
def con(schema_con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    return schema_con


@pytest.mark.parametrize("check", sorted(VIOLATIONS))
def test_check_passes_on_an_empty_warehouse_and_counts_a_violation(con, check):
    assert warehouse.run_sql(con, f"check_{check}") == [(0,)]
    for statement in VIOLATIONS[check]:
        con.execute(statement).fetchall()
    assert warehouse.run_sql(con, f"check_{check}")[0][0] >= 1


def test_consistent_rows_pass(con):
    con.execute(INCIDENT).fetchall()
    con.execute(
        "insert into incident_lead_times values ('openai', 'inc1', 't', 'major', "
        "timestamptz '2026-01-01 10:00:00+00', null, timestamptz '2026-01-01 09:00:00+00', "
        "timestamptz '2026-01-01 11:00:00+00', 2, -60.0, 7, 'openai:2026-01-01T09:00Z')"
    ).fetchall()
    con.execute(
        "insert into silent_outages values ('openai', timestamptz '2026-01-02 10:00:00+00', "
        "timestamptz '2026-01-02 12:00:00+00', 2, 5, 9)"
    ).fetchall()
    con.execute(
        "insert into migration_index_daily values "
        "('openai', date '2026-01-01', 2, 1, 1, 2, 1, 1, 0.5)"
    ).fetchall()
    for check in ("incident_lead_times_valid", "silent_outages_valid"):
        assert warehouse.run_sql(con, f"check_{check}") == [(0,)], check
    assert warehouse.run_sql(con, "check_migration_index_daily_valid") == [(0,)]


def test_fetch_freshness_counts_stale_and_missing_sources(con):
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    con.execute(
        "insert into fetch_state (source, url, fetched_at) values "
        "('a-status', 'u1', ?), ('b-status', 'u2', ?)",
        [now - timedelta(minutes=30), now - timedelta(hours=5)],
    ).fetchall()

    def fresh(sources: list[str], hours: int) -> tuple[datetime | None, int]:
        return warehouse.run_sql(
            con, "check_raw_fetches_fresh", sources=sources, now=now, max_age_hours=hours
        )[0]

    assert fresh(["a-status", "b-status"], 2) == (now - timedelta(minutes=30), 1)
    assert fresh(["a-status", "b-status", "never"], 6) == (now - timedelta(minutes=30), 1)
    assert fresh(["b-status"], 2) == (now - timedelta(hours=5), 1)
    assert fresh([], 2) == (None, 0)


def test_every_check_runs_in_the_step_of_its_asset():
    """Each check is declared by the asset it hangs off (no step of its own), once."""
    from pipeline.defs.checks import check_names
    from pipeline.defs.definitions import build_definitions

    graph = build_definitions().resolve_asset_graph()
    keys = sorted(key.name for key in graph.asset_check_keys)
    assert keys == sorted(check_names())
    for key in graph.asset_check_keys:
        assert key.asset_key in graph.get(key.asset_key).assets_def.keys
        assert key in graph.get(key.asset_key).assets_def.check_keys
