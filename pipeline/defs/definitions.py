"""The single Dagster entry point: `defs` (loaded by workspace.yaml and by `radar run`)."""

import os
from typing import Any

import dagster as dg

from pipeline.core.warehouse import DEFAULT_HOME
from pipeline.defs.asset_kit import NEWS, STATUS
from pipeline.defs.assets import ALL_ASSETS
from pipeline.defs.resources import CatalogResource, HttpResource, WarehouseResource

JOB_NAME = "radar_all"
STATUS_JOB = "radar_status"
NEWS_SOCIAL_JOB = "radar_news_social"


def _fetch_only(*kinds: str) -> dict[str, Any]:
    """Run config that limits raw_fetches to `kinds` of sources."""
    return {"ops": {"raw_fetches": {"config": {"kinds": list(kinds)}}}}


def build_jobs() -> list[Any]:  # dagster's UnresolvedAssetJobDefinition is private
    """radar_all (everything), radar_status (status feeds and everything downstream of them)
    and radar_news_social (news and social sources and everything downstream of them).

    Selections are "these sources' first assets plus downstream", so assets added later
    (an indicator, a publish step) join the right jobs without edits here.
    """
    fetch = dg.AssetSelection.assets("raw_fetches")

    def downstream(*keys: str) -> dg.AssetSelection:
        # A multi-asset runs whole: take the tables written beside the ones named.
        return dg.AssetSelection.assets(*keys).required_multi_asset_neighbors().downstream()

    return [
        dg.define_asset_job(
            JOB_NAME,
            selection=dg.AssetSelection.all(),
            description="Fetch every source; rebuild every table, indicator, dashboard, export.",
        ),
        dg.define_asset_job(
            STATUS_JOB,
            selection=fetch | downstream("incident_observations"),
            config=_fetch_only(STATUS),
            description="Fetch the status feeds only; rebuild incidents, the indicators that "
            "read them, dashboards and exports.",
        ),
        dg.define_asset_job(
            NEWS_SOCIAL_JOB,
            selection=fetch | downstream("news_items", "posts"),
            config=_fetch_only(NEWS),
            description="Fetch news and social sources; rebuild articles, posts, the indicators "
            "that read them, dashboards and exports.",
        ),
    ]


def build_schedules() -> list[dg.ScheduleDefinition]:
    """Hourly status feeds and daily news and social; both STOPPED until turned on in the UI
    (or `dagster schedule start`), so loading the project never starts fetching by itself."""
    return [
        dg.ScheduleDefinition(
            name="radar_status_hourly",
            job_name=STATUS_JOB,
            cron_schedule="5 * * * *",
            execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.STOPPED,
            description="Every hour at :05 UTC: status feeds and the indicators they feed.",
        ),
        dg.ScheduleDefinition(
            name="radar_news_social_daily",
            job_name=NEWS_SOCIAL_JOB,
            cron_schedule="15 6 * * *",
            execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.STOPPED,
            description="Every day at 06:15 UTC: news and social sources and their indicators.",
        ),
    ]


def build_definitions(
    home: str | None = None,
    sources: str | None = None,
    http: HttpResource | None = None,
    full: bool = False,
    parse_workers: int = 0,
) -> dg.Definitions:
    """Definitions with resources bound to a home folder and a source catalog.

    Defaults: $RADAR_HOME (else ./data) and $RADAR_SOURCES (else the packaged default catalog).
    `full` rebuilds every derived table and publishes everything even when nothing changed
    (`radar run --full`); otherwise runs are incremental (pipeline.defs.changes).
    `parse_workers` processes parse status and news payloads (0: as many as pay off); 2 or
    more also score social posts.
    """
    return dg.Definitions(
        assets=ALL_ASSETS,
        jobs=build_jobs(),
        schedules=build_schedules(),
        # In-process for every run (UI included): DuckDB allows one writing process at a time.
        executor=dg.in_process_executor,
        resources={
            "warehouse": WarehouseResource(
                home=home or os.environ.get("RADAR_HOME") or DEFAULT_HOME,
                full=full,
                parse_workers=parse_workers,
            ),
            "catalog": CatalogResource(path=sources or os.environ.get("RADAR_SOURCES", "")),
            "http": http or HttpResource(),
        },
    )


defs = build_definitions()
