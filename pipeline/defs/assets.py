"""Dagster assets, one per warehouse table: thin wrappers that open resources and call stages.

Where one stage function writes several tables (a status payload's incident and update
observations; a social page's posts, migrations and cursor; the event study's three tables) a
`@dg.multi_asset` declares one AssetSpec per table, so the lineage shows every table. Run
bookkeeping (`source_runs`, `fetch_state`, `quarantine`, `schema_version`) is written by every
ingest and parse step and shown in their metadata; it is not an asset of its own.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import dagster as dg

from pipeline.core.errors import CatalogError
from pipeline.core.warehouse import dashboards_dir, snapshot_path
from pipeline.defs.asset_kit import (
    DAILY_FRESHNESS,
    NEWS,
    SOCIAL,
    STATUS,
    STATUS_FRESHNESS,
    stage,
    table_metadata,
    table_result,
    window_and_vendors,
    window_metadata,
    window_table_asset,
)
from pipeline.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipeline.enrich.social import score_posts
from pipeline.enrich.stories import build_articles
from pipeline.indicators import crowd, daily
from pipeline.indicators.event_study import build_event_study
from pipeline.load import feeds, news, social, status, summary
from pipeline.publish import site, snapshot
from pipeline.publish.bundle import export_bundle


class FetchConfig(dg.Config):
    """Which kinds of sources `raw_fetches` fetches (social sources are fetched by `posts`)."""

    kinds: list[str] = [STATUS, NEWS]  # noqa: RUF012 - pydantic copies field defaults

    def selected(self) -> set[str]:
        """The kinds to fetch; raises CatalogError for a kind raw_fetches does not handle."""
        unknown = set(self.kinds) - {STATUS, NEWS}
        if unknown:
            raise CatalogError(f"raw_fetches: cannot fetch {sorted(unknown)}; use status, news")
        return set(self.kinds)


# --- ingest and parse -------------------------------------------------------------------


@dg.asset(
    **stage("ingest"),
    kinds={"python", "duckdb"},
    description="Fetch the status and news sources of the catalog (conditional GET, retries, "
    "size cap), archive each payload by sha256 and record it in raw_fetches before any "
    "parsing. Run config `kinds` limits the kinds fetched (the hourly job fetches status only).",
)
def raw_fetches(
    context: dg.AssetExecutionContext,
    config: FetchConfig,
    warehouse: WarehouseResource,
    catalog: CatalogResource,
    http: HttpResource,
) -> dg.MaterializeResult:
    """Fetch status and news sources into the raw archive; log every attempt in source_runs."""
    kinds = config.selected()
    sources = [s for s in catalog.load().sources if s.kind in kinds]
    with warehouse.connect() as con:
        outcomes = feeds.fetch_sources(
            con, sources, warehouse.home_path, context.run.run_id, http.settings()
        )
        failed = [o.source for o in outcomes if o.error]
        meta = table_metadata(
            con, "raw_fetches", kinds=sorted(kinds), sources=len(outcomes),
            failed=len(failed), failed_sources=failed,
        )  # fmt: skip
    context.log.info("fetched %d sources, %d failed", len(outcomes), len(failed))
    return dg.MaterializeResult(metadata=meta)


@dg.multi_asset(
    name="status_observations",
    specs=[
        dg.AssetSpec(
            "incident_observations",
            **stage("parse"),
            kinds={"python", "polars", "duckdb"},
            deps=[raw_fetches],
            description="Every status source's latest word on each incident, parsed from new "
            "status payloads (Statuspage Atom/RSS/JSON, incident.io, Instatus, xAI, Google "
            "Cloud); bad records go to quarantine.",
        ),
        dg.AssetSpec(
            "update_observations",
            **stage("parse"),
            kinds={"python", "polars", "duckdb"},
            deps=[raw_fetches],
            description="Every status update as each source reported it, parsed with the "
            "incident observations of the same payloads.",
        ),
    ],
)
def status_observations(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, catalog: CatalogResource
) -> Iterator[dg.MaterializeResult]:
    """Parse status payloads fetched in this run into incident and update observations."""
    with warehouse.connect() as con:
        stats = feeds.parse_pending(
            con, catalog.load().sources, warehouse.home_path, context.run.run_id,
            datetime.now(UTC), STATUS,
        )  # fmt: skip
        quarantined = sum(s.quarantined for s in stats)
        yield table_result(
            con, "incident_observations", payloads_parsed=len(stats), quarantined=quarantined
        )
        yield table_result(con, "update_observations")


@dg.asset(
    **stage("parse"),
    kinds={"python", "polars", "duckdb"},
    deps=[raw_fetches],
    description="Parse new news feed payloads (RSS/Atom) into news_items; bad items go to "
    "quarantine.",
)
def news_items(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, catalog: CatalogResource
) -> dg.MaterializeResult:
    """Parse news payloads fetched in this run into news_items."""
    with warehouse.connect() as con:
        stats = feeds.parse_pending(
            con, catalog.load().sources, warehouse.home_path, context.run.run_id,
            datetime.now(UTC), NEWS,
        )  # fmt: skip
        return table_result(con, "news_items", payloads_parsed=len(stats))


@dg.asset(
    **stage("ingest"),
    kinds={"python", "duckdb"},
    deps=[news_items],
    description="Fetch (politely, per host) and extract the article pages of new news items "
    "for sources with fetch_articles; hostile or broken pages go to quarantine.",
)
def article_pages(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    catalog: CatalogResource,
    http: HttpResource,
) -> dg.MaterializeResult:
    """Fetch and extract new article pages."""
    sources = [s for s in catalog.load().sources if s.kind == NEWS]
    with warehouse.connect() as con:
        stats = news.load_article_pages(
            con, sources, warehouse.home_path, context.run.run_id, http.settings()
        )
        return table_result(
            con, "article_pages", pages_fetched=sum(s.fetched for s in stats),
            pages_failed=sum(s.failed for s in stats),
        )  # fmt: skip


_SOCIAL_KINDS = {"python", "polars", "duckdb"}


@dg.multi_asset(
    name="social_posts",
    specs=[
        dg.AssetSpec(
            "posts",
            **stage("social"),
            kinds=_SOCIAL_KINDS,
            freshness_policy=DAILY_FRESHNESS,
            description="Fetch social sources page by page from where the last run stopped "
            "(Hacker News, Reddit, Bluesky, Mastodon, JSON Lines), load posts tagged with "
            "vendors, sentiment, outage-report and migration flags; bad records go to "
            "quarantine.",
        ),
        dg.AssetSpec(
            "migrations",
            **stage("social"),
            kinds=_SOCIAL_KINDS,
            description="Posts that report a switch from one vendor to another, found while "
            "the posts are loaded (one row per post and vendor pair).",
        ),
        dg.AssetSpec(
            "social_cursors",
            **stage("social"),
            kinds=_SOCIAL_KINDS,
            description="Where each social source stopped: the newest item loaded, so the next "
            "run asks only for newer posts.",
        ),
    ],
)
def social_posts(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    catalog: CatalogResource,
    http: HttpResource,
) -> Iterator[dg.MaterializeResult]:
    """Ingest social posts, the migrations they report and each source's cursor."""
    sources = [s for s in catalog.load().sources if s.kind == SOCIAL]
    with warehouse.connect() as con:
        stats = social.load_social_sources(
            con, sources, warehouse.home_path, context.run.run_id, http.settings(),
            datetime.now(UTC), score_posts,
        )  # fmt: skip
        yield table_result(
            con, "posts", new_posts=sum(s.posts for s in stats),
            quarantined=sum(s.quarantined for s in stats),
        )  # fmt: skip
        yield table_result(con, "migrations")
        yield table_result(con, "social_cursors")


# --- status and news tables ---------------------------------------------------------------


@dg.asset(
    **stage("status"),
    kinds={"duckdb"},
    deps=["update_observations"],
    description="One row per status update, deduplicated across feeds "
    "(sql/load/build_incident_updates.sql).",
)
def incident_updates(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild incident_updates from update observations."""
    with warehouse.connect() as con:
        status.build_incident_updates(con)
        return table_result(con, "incident_updates")


@dg.asset(
    **stage("status"),
    kinds={"duckdb"},
    deps=["incident_observations", incident_updates],
    freshness_policy=STATUS_FRESHNESS,
    description="One row per vendor incident merged across feeds (sql/load/build_incidents.sql).",
)
def incidents(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild incidents from incident observations."""
    with warehouse.connect() as con:
        status.build_incidents(con)
        per_vendor = dg.MetadataValue.md(summary.incidents_preview(con))
        return table_result(con, "incidents", per_vendor=per_vendor)


@dg.asset(
    **stage("news"),
    kinds={"python", "polars", "duckdb"},
    deps=[news_items, article_pages],
    freshness_policy=DAILY_FRESHNESS,
    description="One row per news story: items deduplicated (canonical URL, near-duplicate "
    "text), tagged with vendors and topics, scored for tone.",
)
def articles(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild articles from news items and article pages."""
    with warehouse.connect() as con:
        build_articles(con)
        return table_result(con, "articles")


# --- indicators ---------------------------------------------------------------------------

outage_daily = window_table_asset(
    "outage_daily",
    daily.build_outage_daily,
    deps=[incidents],
    freshness_policy=STATUS_FRESHNESS,
    description="Outage minutes, major outage minutes, uptime, incidents started and MTTR per "
    "vendor and UTC day over the data window (sql/indicators/build_outage_daily.sql).",
)
news_daily = window_table_asset(
    "news_daily",
    daily.build_news_daily,
    deps=[articles, incidents],
    description="Stories, mean tone, outage and migration stories per vendor and UTC day over "
    "the data window (sql/indicators/build_news_daily.sql).",
)
sentiment_daily = window_table_asset(
    "sentiment_daily",
    daily.build_sentiment_daily,
    deps=["posts", articles],
    description="Mean sentiment per vendor, day and source type (social, news).",
)
migration_daily = window_table_asset(
    "migration_daily",
    lambda con, window, _vendors: daily.build_migration_daily(con, window),
    deps=["migrations"],
    description="Reported switches per UTC day and ordered vendor pair over the data window.",
)
migration_index_daily = window_table_asset(
    "migration_index_daily",
    daily.build_migration_index_daily,
    deps=["migrations"],
    description="Net migration index per vendor and UTC day: switches in minus out, and the "
    "7-day rolling share.",
)
outage_reports_hourly = window_table_asset(
    "outage_reports_hourly",
    crowd.build_outage_reports_hourly,
    deps=["posts"],
    kinds=frozenset({"polars", "duckdb"}),
    description="Crowd outage reports per vendor and UTC hour (distinct reporters), a robust "
    "same-hour-of-week baseline and a persistent-anomaly flag.",
)
incident_lead_times = window_table_asset(
    "incident_lead_times",
    lambda con, window, _vendors: crowd.build_incident_lead_times(con, window),
    deps=[outage_reports_hourly, incidents],
    description="Lead time of the crowd signal for each official incident (negative = users "
    "noticed first); each crowd burst is credited to one incident at most.",
)
silent_outages = window_table_asset(
    "silent_outages",
    lambda con, _window, _vendors: crowd.build_silent_outages(con),
    deps=[outage_reports_hourly, incidents],
    description="Silent outages: runs of anomalous crowd reports that no official incident "
    "explains.",
)

EVENT_STUDY_TABLES = {
    "event_study": "Event study: sentiment, crowd reports, news volume and tone and migration "
    "around each cluster of major/critical incidents (days -3..-1 vs 0..+3, bootstrap "
    "intervals), for the vendor and its competitors.",
    "event_study_summary": "Event study summary: the mean response per metric and role over "
    "every event, with bootstrap intervals.",
    "event_study_curve": "Event study curve: the average day-by-day response around events.",
}


@dg.multi_asset(
    name="event_study_tables",
    specs=[
        dg.AssetSpec(
            table,
            **stage("indicators"),
            kinds={"python", "duckdb"},
            deps=[incidents, sentiment_daily, outage_reports_hourly, news_daily, migration_daily],
            description=description,
        )
        for table, description in EVENT_STUDY_TABLES.items()
    ],
)
def event_study_tables(
    warehouse: WarehouseResource, catalog: CatalogResource
) -> Iterator[dg.MaterializeResult]:
    """Rebuild event_study, event_study_summary and event_study_curve over the data window."""
    with warehouse.connect() as con:
        window, _ = window_and_vendors(con, catalog)
        result = build_event_study(con, window.start, window.end)
        yield table_result(con, "event_study", events=result.events, **window_metadata(window))
        yield table_result(con, "event_study_summary")
        yield table_result(con, "event_study_curve")


# --- publish ------------------------------------------------------------------------------

PUBLISHED_TABLES = [
    incidents, outage_daily, articles, news_daily, sentiment_daily, migration_daily,
    migration_index_daily, outage_reports_hourly, incident_lead_times, silent_outages,
    *EVENT_STUDY_TABLES,
]  # fmt: skip


@dg.asset(
    **stage("publish"),
    kinds={"plotly", "html"},
    deps=PUBLISHED_TABLES,
    description="Offline HTML dashboard site under the home's dashboards folder: crisis board "
    "(index), Outages, News, Users, event study and one page per vendor.",
)
def dashboards(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Write the dashboard pages."""
    with warehouse.connect() as con:
        lines = summary.summary_lines(con, context.run.run_id)
        pages = site.build_dashboards(
            con, dashboards_dir(warehouse.home_path), generated_at=datetime.now(UTC),
            summary_lines=lines,
        )  # fmt: skip
    return dg.MaterializeResult(metadata={"pages": [str(p) for p in pages]})


@dg.asset(
    **stage("publish"),
    kinds={"duckdb", "csv", "parquet"},
    deps=PUBLISHED_TABLES,
    description="Export bundle under <home>/exports: every indicator table as CSV and "
    "Parquet, DATA_DICTIONARY.md and manifest.json (pipeline/publish/bundle.py).",
)
def exports(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Write the export bundle (every exportable table, dictionary, manifest)."""
    with warehouse.connect() as con:
        manifest = export_bundle(
            con, warehouse.home_path / "exports", generated_at=datetime.now(UTC)
        )
    csv_files = [f for f in manifest.files if f.format == "csv"]
    return dg.MaterializeResult(
        metadata={
            "files": [f.name for f in manifest.files],
            "dagster/row_count": sum(f.rows or 0 for f in csv_files),
            "data_window": f"{manifest.data_window['start']} .. {manifest.data_window['end']}",
        }
    )


ALL_ASSETS = [
    raw_fetches,
    status_observations,
    incident_updates,
    incidents,
    outage_daily,
    news_items,
    article_pages,
    articles,
    news_daily,
    social_posts,
    migration_daily,
    migration_index_daily,
    sentiment_daily,
    outage_reports_hourly,
    incident_lead_times,
    silent_outages,
    event_study_tables,
    dashboards,
    exports,
]


@dg.asset(
    **stage("publish"),
    kinds={"duckdb"},
    # every other asset: a failed or skipped upstream skips the publish
    deps=[key for asset in ALL_ASSETS for key in asset.keys],
    description="Read-only copy of the warehouse for researchers, "
    "<home>/warehouse-snapshot.duckdb, atomically replaced once every other asset succeeded "
    "(README: Query the warehouse).",
)
def warehouse_snapshot(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Publish the snapshot (pipeline.publish.snapshot.publish_snapshot)."""
    with warehouse.connect() as con:
        stats = snapshot.publish_snapshot(con, snapshot_path(warehouse.home_path))
    context.log.info("snapshot %s: %d tables in %.2f s", stats.path, stats.tables, stats.seconds)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(stats.path)),
            "tables": stats.tables,
            "views": stats.views,
            "bytes": stats.bytes,
            "seconds": round(stats.seconds, 3),
        }
    )


# Registered last: deps above were taken from ALL_ASSETS before it joined the list.
ALL_ASSETS.append(warehouse_snapshot)
