"""The Dagster Definitions load (as workspace.yaml loads them) and have the expected shape:
groups, owners, kinds, jobs, schedules, checks, freshness; materializations carry metadata."""

from __future__ import annotations

import importlib
from pathlib import Path

import dagster as dg
import pytest
import yaml

from pipeline.core import warehouse
from pipeline.defs.definitions import JOB_NAME, NEWS_SOCIAL_JOB, STATUS_JOB, build_definitions

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

ASSETS = {
    "raw_fetches",
    "incident_observations",
    "incident_updates",
    "incidents",
    "outage_daily",
    "news_items",
    "article_pages",
    "articles",
    "news_daily",
    "posts",
    "migrations",
    "social_cursors",
    "migration_daily",
    "migration_index_daily",
    "sentiment_daily",
    "outage_reports_hourly",
    "incident_lead_times",
    "silent_outages",
    "update_observations",
    "event_study",
    "event_study_summary",
    "event_study_curve",
    "dashboards",
    "exports",
}
GROUPS = {"ingest", "parse", "status", "news", "social", "indicators", "publish"}
KINDS = {"duckdb", "polars", "python", "plotly", "html", "csv", "parquet"}
INDICATOR_TABLE_CHECKS = {
    "outage_daily_keys_unique",
    "outage_daily_uptime_in_range",
    "outage_daily_not_empty",
    "news_daily_keys_unique",
    "news_daily_in_range",
    "news_daily_not_empty",
    "sentiment_daily_keys_unique",
    "sentiment_daily_in_range",
    "sentiment_daily_not_empty",
    "migration_daily_valid",
    "migration_index_daily_valid",
    "outage_reports_hourly_keys_unique",
    "outage_reports_hourly_in_range",
    "incident_lead_times_valid",
    "silent_outages_valid",
}
KIND_TAG = "dagster/kind/"
TABLE_METADATA = {"dagster/row_count", "dagster/column_schema", "preview", "table"}


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    from pipeline.defs.definitions import defs

    return defs


def _specs(defs: dg.Definitions) -> dict[str, dg.AssetSpec]:
    graph = defs.resolve_asset_graph()
    return {key.to_user_string(): graph.get(key) for key in graph.get_all_asset_keys() if key.path}


def test_workspace_points_at_the_definitions_module():
    workspace = yaml.safe_load((ROOT / "workspace.yaml").read_text())
    target = workspace["load_from"][0]["python_module"]
    module = importlib.import_module(target["module_name"])
    assert isinstance(module.defs, dg.Definitions)
    dg.Definitions.validate_loadable(module.defs)


def test_every_asset_is_grouped_owned_tagged_and_described(defs):
    nodes = _specs(defs)
    assert set(nodes) >= ASSETS
    assert {n.group_name for n in nodes.values()} <= GROUPS
    for name, node in nodes.items():
        assert node.description and len(node.description) > 20, name
        assert node.owners == ["team:reliability-radar"], name
        assert node.tags.get("stage") == node.group_name, name
        kinds = {t.removeprefix(KIND_TAG) for t in node.tags if t.startswith(KIND_TAG)}
        assert kinds and kinds <= KINDS, (name, kinds)
    assert nodes["incidents"].group_name == "status"
    assert nodes["outage_daily"].group_name == "indicators"
    assert nodes["dashboards"].group_name == "publish"


def test_freshness_policies_on_status_news_and_social_tables(defs):
    nodes = _specs(defs)
    for name in ("incidents", "outage_daily", "articles", "posts"):
        assert nodes[name].freshness_policy is not None, name
    assert nodes["raw_fetches"].freshness_policy is None  # fetched by both jobs


def test_jobs_select_the_right_assets(defs):
    def selected(job: str) -> set[str]:
        layer = defs.resolve_job_def(job).asset_layer
        return {k.to_user_string() for k in layer.executable_asset_keys}

    assert selected(JOB_NAME) >= ASSETS
    status = selected(STATUS_JOB)
    assert {"raw_fetches", "incident_observations", "incidents", "outage_daily"} <= status
    assert {"dashboards", "exports", "incident_lead_times"} <= status
    assert not status & {"news_items", "article_pages", "articles", "posts", "sentiment_daily"}
    news_social = selected(NEWS_SOCIAL_JOB)
    assert {"raw_fetches", "news_items", "articles", "posts", "news_daily"} <= news_social
    assert {"migration_daily", "sentiment_daily", "outage_reports_hourly"} <= news_social
    assert not news_social & {"incident_observations", "incidents", "outage_daily"}


def test_schedules_are_hourly_status_and_daily_news_social_and_stopped(defs):
    schedules = {s.name: s for s in defs.schedules or []}
    assert set(schedules) == {"radar_status_hourly", "radar_news_social_daily"}
    hourly, daily = schedules["radar_status_hourly"], schedules["radar_news_social_daily"]
    assert (hourly.cron_schedule, hourly.job_name) == ("5 * * * *", STATUS_JOB)
    assert (daily.cron_schedule, daily.job_name) == ("15 6 * * *", NEWS_SOCIAL_JOB)
    for s in schedules.values():
        assert s.execution_timezone == "UTC"
        assert s.default_status == dg.DefaultScheduleStatus.STOPPED


def test_every_indicator_table_has_checks(defs):
    checks = {key.name: key for key in defs.resolve_asset_graph().asset_check_keys}
    assert set(checks) >= INDICATOR_TABLE_CHECKS
    assert {"incidents_keys_unique", "articles_tone_in_range", "migrations_valid"} <= set(checks)
    fresh = {"raw_fetches_status_fresh", "raw_fetches_news_fresh"}
    assert {checks[n].asset_key.to_user_string() for n in fresh} == {"raw_fetches"}
    for name in INDICATOR_TABLE_CHECKS:
        assert (ROOT / "sql" / "checks" / f"check_{name}.sql").exists(), name


def _catalog(tmp_path: Path) -> Path:
    """One status feed, one news feed and one social file, all local paths."""
    path = tmp_path / "catalog.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "root": str(FIXTURES),  # the files are outside the catalog's folder
                "sources": [
                    {
                        "name": "openai-status",
                        "kind": "status",
                        "vendor": "openai",
                        "url": str(FIXTURES / "status" / "incidentio_openai.atom"),
                    },
                    {
                        "name": "news-search",
                        "kind": "news",
                        "url": str(FIXTURES / "news" / "google_news_search.rss"),
                    },
                    {
                        "name": "social-mixed",
                        "kind": "social",
                        "url": str(FIXTURES / "social" / "mixed.jsonl"),
                    },
                ],
            }
        )
    )
    return path


def _run(tmp_path: Path, job: str, assets: list[str]) -> tuple[Path, dg.ExecuteInProcessResult]:
    """Run `assets` of `job` (its run config included) on a fresh home; the downstream
    dashboards and exports are left to the end-to-end tests."""
    home = tmp_path / "home"
    defs = build_definitions(home=str(home), sources=str(_catalog(tmp_path)))
    result = defs.resolve_job_def(job).execute_in_process(
        asset_selection=[dg.AssetKey(a) for a in assets], raise_on_error=False
    )
    return home, result


def _metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict[str, object]:
    """The metadata of the one materialization of table `asset` (multi-assets included)."""
    (materialization,) = [
        event.step_materialization_data.materialization
        for event in result.get_asset_materialization_events()
        if event.asset_key == dg.AssetKey(asset)
    ]
    return dict(materialization.metadata)


def test_status_job_fetches_status_only_and_reports_table_metadata(tmp_path):
    home, result = _run(
        tmp_path,
        STATUS_JOB,
        [
            "raw_fetches",
            "incident_observations",
            "update_observations",  # written by the same multi-asset
            "incident_updates",
            "incidents",
            "outage_daily",
        ],
    )
    assert result.success
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
        kinds = con.execute("select distinct kind from source_runs").fetchall()
        incidents = warehouse.table_rows(con, "incidents")
    assert kinds == [("status",)]
    assert incidents > 0

    meta = _metadata(result, "incidents")
    assert set(meta) >= TABLE_METADATA | {"per_vendor", "data_from", "data_to", "time_column"}
    assert meta["dagster/row_count"].value == incidents
    columns = {c.name: c for c in meta["dagster/column_schema"].schema.columns}
    assert {"vendor", "incident_id", "started_at"} <= set(columns)
    assert columns["vendor"].type == "VARCHAR" and columns["vendor"].description
    preview = meta["preview"].md_str.splitlines()
    assert preview[0].startswith("| vendor | incident\\_id |")
    assert 3 <= len(preview) <= 12
    assert meta["time_column"].text == "started_at"

    daily = _metadata(result, "outage_daily")
    assert set(daily) >= TABLE_METADATA | {"window_start", "window_end", "data_from"}
    fetched = _metadata(result, "raw_fetches")
    assert fetched["sources"].value == 1 and fetched["failed"].value == 0

    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert {"incidents_keys_unique", "outage_daily_not_empty"} <= set(evaluations)
    assert evaluations["raw_fetches_status_fresh"].passed
    assert not evaluations["raw_fetches_news_fresh"].passed  # news never fetched: warns
    failed = [n for n, e in evaluations.items() if not e.passed]
    assert failed == ["raw_fetches_news_fresh"]


def test_news_social_job_fetches_news_and_social_only(tmp_path):
    home, result = _run(
        tmp_path,
        NEWS_SOCIAL_JOB,
        [
            "raw_fetches",
            "news_items",
            "articles",
            *("posts", "migrations", "social_cursors"),  # one multi-asset
            "sentiment_daily",
            "migration_daily",
            "migration_index_daily",
        ],
    )
    assert result.success
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as con:
        kinds = con.execute("select distinct kind from source_runs order by 1").fetchall()
    assert kinds == [("news",), ("social",)]
    for asset in ("news_items", "articles", "posts", "sentiment_daily", "migration_daily"):
        assert set(_metadata(result, asset)) >= TABLE_METADATA, asset
    assert _metadata(result, "posts")["dagster/row_count"].value > 0
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert evaluations["raw_fetches_news_fresh"].passed
    assert {"migration_index_daily_valid", "sentiment_daily_keys_unique"} <= set(evaluations)
    assert [n for n, e in evaluations.items() if not e.passed] == ["raw_fetches_status_fresh"]


def test_raw_fetches_rejects_an_unknown_kind(tmp_path):
    defs = build_definitions(home=str(tmp_path / "home"), sources=str(_catalog(tmp_path)))
    job = defs.resolve_job_def(STATUS_JOB)
    result = job.execute_in_process(
        run_config={"ops": {"raw_fetches": {"config": {"kinds": ["social"]}}}},
        raise_on_error=False,
    )
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert "cannot fetch ['social']" in str(failure.event_specific_data.error)
