"""The single Dagster entry point: `defs` (loaded by workspace.yaml and by `radar run`)."""

import os

import dagster as dg

from pipeline.assets import ALL_ASSETS
from pipeline.checks import ALL_CHECKS
from pipeline.resources import CatalogResource, HttpResource, WarehouseResource
from pipeline.warehouse import DEFAULT_HOME

JOB_NAME = "radar_all"


def build_definitions(
    home: str | None = None,
    sources: str | None = None,
    http: HttpResource | None = None,
) -> dg.Definitions:
    """Definitions with resources bound to a home folder and a source catalog.

    Defaults: $RADAR_HOME (else ./data) and $RADAR_SOURCES (else the packaged default catalog).
    """
    radar_all = dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.all())
    daily = dg.ScheduleDefinition(
        name="radar_daily",
        job=radar_all,
        cron_schedule="15 6 * * *",
        execution_timezone="UTC",
        description="Fetch every source and rebuild tables, indicators, dashboards and exports.",
    )
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=[radar_all],
        schedules=[daily],
        # In-process for every run (UI included): DuckDB allows one writing process at a time.
        executor=dg.in_process_executor,
        resources={
            "warehouse": WarehouseResource(
                home=home or os.environ.get("RADAR_HOME") or DEFAULT_HOME
            ),
            "catalog": CatalogResource(path=sources or os.environ.get("RADAR_SOURCES", "")),
            "http": http or HttpResource(),
        },
    )


defs = build_definitions()
