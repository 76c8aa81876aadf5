"""The Dagster Definitions load (as workspace.yaml loads them) and have the expected shape."""

from __future__ import annotations

import importlib
from pathlib import Path

import dagster as dg
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_workspace_points_at_the_definitions_module():
    workspace = yaml.safe_load((ROOT / "workspace.yaml").read_text())
    target = workspace["load_from"][0]["python_module"]
    module = importlib.import_module(target["module_name"])
    assert isinstance(module.defs, dg.Definitions)
    dg.Definitions.validate_loadable(module.defs)


def test_asset_graph_schedule_and_checks():
    from pipeline.definitions import JOB_NAME, defs

    job = defs.resolve_job_def(JOB_NAME)
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {
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
        "migration_daily",
        "sentiment_daily",
        "outage_reports_hourly",
        "incident_lead_times",
        "dashboards",
        "exports",
    } <= keys
    schedules = list(defs.schedules or [])
    assert [s.name for s in schedules] == ["radar_daily"]
    assert schedules[0].cron_schedule == "15 6 * * *"
    assert schedules[0].job_name == job.name
    check_names = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert {
        "incidents_keys_unique",
        "outage_daily_uptime_in_range",
        "articles_keys_unique",
        "articles_tone_in_range",
        "posts_sentiment_in_range",
        "migrations_valid",
    } <= check_names
