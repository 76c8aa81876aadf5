"""Dagster assets: thin wrappers that open resources and call stage functions."""

from datetime import UTC, datetime, timedelta
from typing import Any

import dagster as dg
import duckdb

from pipeline.core.errors import CatalogError
from pipeline.core.warehouse import dashboards_dir, snapshot_path, table_rows
from pipeline.defs import metadata
from pipeline.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipeline.enrich.social import score_posts
from pipeline.enrich.stories import build_articles
from pipeline.indicators import crowd
from pipeline.indicators import daily as indicators
from pipeline.indicators.event_study import build_event_study
from pipeline.indicators.window import DataWindow, resolve_window
from pipeline.load import feeds, news, social, status, summary
from pipeline.publish import site, snapshot
from pipeline.publish.bundle import export_bundle

STATUS = "status"
NEWS = "news"
SOCIAL = "social"
OWNERS = ["team:reliability-radar"]
# Status feeds are fetched hourly, news and social daily (see pipeline/definitions.py).
STATUS_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=3), warn_window=timedelta(hours=2)
)
DAILY_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=48), warn_window=timedelta(hours=26)
)


def stage(name: str) -> dict[str, Any]:
    """Keywords every asset of stage `name` shares: group, owners and a `stage` tag.

    Use as `@dg.asset(**stage("indicators"), kinds={"duckdb"}, deps=[...])`.
    """
    return {"group_name": name, "owners": OWNERS, "tags": {"stage": name}}


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, **extra: Any) -> dict[str, Any]:
    """Materialization metadata of warehouse table `table` plus `extra` entries.

    Row count, column schema (DuckDB types and COMMENT ON texts), the table's data window
    (min/max of its time column) and a Markdown preview of its newest rows.
    """
    info = metadata.summarize_table(con, table)
    schema = dg.TableSchema(
        columns=[
            dg.TableColumn(c.name, c.type, description=c.comment or None) for c in info.columns
        ]
    )
    out: dict[str, Any] = {
        "dagster/row_count": info.rows,
        "dagster/column_schema": schema,
        "table": dg.MetadataValue.text(table),
        "preview": dg.MetadataValue.md(info.preview_markdown),
    }
    if info.span is not None:
        out["time_column"] = dg.MetadataValue.text(info.span.column)
        out["data_from"] = dg.MetadataValue.text(info.span.first or "")
        out["data_to"] = dg.MetadataValue.text(info.span.last or "")
    return out | extra


def window_metadata(window: DataWindow) -> dict[str, Any]:
    """The configured data window of an indicator rebuild (UTC days)."""
    return {"window_start": window.start.isoformat(), "window_end": window.end.isoformat()}


class FetchConfig(dg.Config):
    """Which kinds of sources `raw_fetches` fetches (social sources are fetched by `posts`)."""

    kinds: list[str] = [STATUS, NEWS]  # noqa: RUF012 - pydantic copies field defaults

    def selected(self) -> set[str]:
        """The kinds to fetch; raises CatalogError for a kind raw_fetches does not handle."""
        unknown = set(self.kinds) - {STATUS, NEWS}
        if unknown:
            raise CatalogError(f"raw_fetches: cannot fetch {sorted(unknown)}; use status, news")
        return set(self.kinds)


def _window_and_vendors(con, catalog: CatalogResource) -> tuple[DataWindow, list[str]]:
    cat = catalog.load()
    start, end = catalog.window(cat)
    vendors = [s.vendor for s in cat.sources if s.kind == STATUS and s.vendor]
    return resolve_window(con, now=datetime.now(UTC), start=start, end=end), vendors


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
            con,
            "raw_fetches",
            kinds=sorted(kinds),
            sources=len(outcomes),
            failed=len(failed),
            failed_sources=failed,
        )
    context.log.info("fetched %d sources, %d failed", len(outcomes), len(failed))
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("parse"),
    kinds={"python", "polars", "duckdb"},
    deps=[raw_fetches],
    description="Parse new status payloads (Statuspage Atom/RSS/JSON, incident.io, Instatus, "
    "xAI, Google Cloud) into per-source observations; bad records go to quarantine.",
)
def incident_observations(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, catalog: CatalogResource
) -> dg.MaterializeResult:
    """Parse payloads fetched in this run into incident/update observations and quarantine."""
    sources = catalog.load().sources
    with warehouse.connect() as con:
        stats = feeds.parse_pending(
            con, sources, warehouse.home_path, context.run.run_id, datetime.now(UTC), STATUS
        )
        meta = table_metadata(
            con,
            "incident_observations",
            payloads_parsed=len(stats),
            quarantined=sum(s.quarantined for s in stats),
            update_observations=table_rows(con, "update_observations"),
        )
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("status"),
    kinds={"duckdb"},
    deps=[incident_observations],
    description="One row per status update, deduplicated across feeds "
    "(sql/build_incident_updates.sql).",
)
def incident_updates(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild incident_updates from update observations."""
    with warehouse.connect() as con:
        status.build_incident_updates(con)
        meta = table_metadata(con, "incident_updates")
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("status"),
    kinds={"duckdb"},
    deps=[incident_observations, incident_updates],
    freshness_policy=STATUS_FRESHNESS,
    description="One row per vendor incident merged across feeds (sql/build_incidents.sql).",
)
def incidents(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild incidents from incident observations."""
    with warehouse.connect() as con:
        status.build_incidents(con)
        per_vendor = summary.incidents_preview(con)
        meta = table_metadata(con, "incidents", per_vendor=dg.MetadataValue.md(per_vendor))
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("indicators"),
    kinds={"duckdb"},
    deps=[incidents],
    freshness_policy=STATUS_FRESHNESS,
    description="Outage minutes, major outage minutes, uptime, incidents started and MTTR per "
    "vendor and UTC day over the data window (sql/build_outage_daily.sql).",
)
def outage_daily(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild outage_daily over the data window for every catalog vendor."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        indicators.build_outage_daily(con, window, vendors)
        meta = table_metadata(con, "outage_daily", **window_metadata(window))
    return dg.MaterializeResult(metadata=meta)


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
    sources = catalog.load().sources
    with warehouse.connect() as con:
        stats = feeds.parse_pending(
            con, sources, warehouse.home_path, context.run.run_id, datetime.now(UTC), NEWS
        )
        meta = table_metadata(con, "news_items", payloads_parsed=len(stats))
    return dg.MaterializeResult(metadata=meta)


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
        meta = table_metadata(
            con,
            "article_pages",
            pages_fetched=sum(s.fetched for s in stats),
            pages_failed=sum(s.failed for s in stats),
        )
    return dg.MaterializeResult(metadata=meta)


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
        meta = table_metadata(con, "articles")
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("indicators"),
    kinds={"duckdb"},
    deps=[articles, incidents],
    description="Stories, mean tone, outage and migration stories per vendor and UTC day over "
    "the data window (sql/build_news_daily.sql).",
)
def news_daily(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild news_daily over the data window."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        indicators.build_news_daily(con, window, vendors)
        meta = table_metadata(con, "news_daily", **window_metadata(window))
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("social"),
    kinds={"python", "polars", "duckdb"},
    freshness_policy=DAILY_FRESHNESS,
    description="Fetch social sources page by page from where the last run stopped (Hacker "
    "News, Reddit, Bluesky, Mastodon, JSON Lines), load posts tagged with vendors, sentiment, "
    "outage-report and migration flags; bad records go to quarantine.",
)
def posts(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    catalog: CatalogResource,
    http: HttpResource,
) -> dg.MaterializeResult:
    """Ingest social posts and the migrations they report."""
    sources = [s for s in catalog.load().sources if s.kind == SOCIAL]
    with warehouse.connect() as con:
        stats = social.load_social_sources(
            con,
            sources,
            warehouse.home_path,
            context.run.run_id,
            http.settings(),
            datetime.now(UTC),
            score_posts,
        )
        meta = table_metadata(
            con,
            "posts",
            migrations=table_rows(con, "migrations"),
            new_posts=sum(s.posts for s in stats),
            quarantined=sum(s.quarantined for s in stats),
        )
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("indicators"),
    kinds={"duckdb"},
    deps=[posts],
    description="migration_daily (switches per day and vendor pair) and migration_index_daily "
    "(net migration index per vendor and day, 7-day rolling share).",
)
def migration_daily(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild the migration tables over the data window."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        _, index = indicators.build_migration_tables(con, window, vendors)
        meta = table_metadata(
            con, "migration_daily", migration_index_daily_rows=index, **window_metadata(window)
        )
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("indicators"),
    kinds={"duckdb"},
    deps=[posts, articles],
    description="Mean sentiment per vendor, day and source type (social, news).",
)
def sentiment_daily(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild sentiment_daily over the data window."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        indicators.build_sentiment_daily(con, window, vendors)
        meta = table_metadata(con, "sentiment_daily", **window_metadata(window))
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("indicators"),
    kinds={"polars", "duckdb"},
    deps=[posts],
    description="Crowd outage reports per vendor and UTC hour (distinct reporters), a robust "
    "same-hour-of-week baseline and a persistent-anomaly flag.",
)
def outage_reports_hourly(
    warehouse: WarehouseResource, catalog: CatalogResource
) -> dg.MaterializeResult:
    """Rebuild outage_reports_hourly over the data window."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        crowd.build_outage_reports_hourly(con, window, vendors)
        meta = table_metadata(con, "outage_reports_hourly", **window_metadata(window))
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("indicators"),
    kinds={"duckdb"},
    deps=[outage_reports_hourly, incidents],
    description="Lead time of the crowd signal for each official incident (negative = users "
    "noticed first) and silent outages (crowd anomalies no incident explains).",
)
def incident_lead_times(
    warehouse: WarehouseResource, catalog: CatalogResource
) -> dg.MaterializeResult:
    """Rebuild incident_lead_times and silent_outages."""
    with warehouse.connect() as con:
        window, _ = _window_and_vendors(con, catalog)
        crowd.build_incident_lead_times(con, window)
        silent = crowd.build_silent_outages(con)
        meta = table_metadata(
            con, "incident_lead_times", silent_outages=silent, **window_metadata(window)
        )
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("indicators"),
    kinds={"python", "duckdb"},
    deps=[incidents, sentiment_daily, outage_reports_hourly, news_daily, migration_daily],
    description="Event study: sentiment, crowd reports, news volume and tone and migration "
    "around each cluster of major/critical incidents (days -3..-1 vs 0..+3, bootstrap "
    "intervals), for the vendor and its competitors, and the average response curve.",
)
def event_study(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild event_study, event_study_summary and event_study_curve (pipeline/event_study.py)."""
    with warehouse.connect() as con:
        window, _ = _window_and_vendors(con, catalog)
        result = build_event_study(con, window.start, window.end)
        meta = table_metadata(
            con, "event_study", events=result.events, curve_rows=result.curve.height,
            **window_metadata(window),
        )  # fmt: skip
    return dg.MaterializeResult(metadata=meta)


@dg.asset(
    **stage("publish"),
    kinds={"plotly", "html"},
    deps=[
        outage_daily,
        incidents,
        news_daily,
        articles,
        sentiment_daily,
        migration_daily,
        incident_lead_times,
        event_study,
    ],
    description="Offline HTML dashboard site under the home's dashboards folder: crisis board "
    "(index), Outages, News, Users, event study and one page per vendor.",
)
def dashboards(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Write the dashboard pages."""
    home = warehouse.home_path
    with warehouse.connect() as con:
        lines = summary.summary_lines(con, context.run.run_id)
        pages = site.build_dashboards(
            con, dashboards_dir(home), generated_at=datetime.now(UTC), summary_lines=lines
        )
    return dg.MaterializeResult(metadata={"pages": [str(p) for p in pages]})


@dg.asset(
    **stage("publish"),
    kinds={"duckdb", "csv", "parquet"},
    deps=[
        outage_daily,
        incidents,
        news_daily,
        articles,
        sentiment_daily,
        migration_daily,
        incident_lead_times,
        event_study,
    ],
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
    incident_observations,
    incident_updates,
    incidents,
    outage_daily,
    news_items,
    article_pages,
    articles,
    news_daily,
    posts,
    migration_daily,
    sentiment_daily,
    outage_reports_hourly,
    incident_lead_times,
    event_study,
    dashboards,
    exports,
]


@dg.asset(
    **stage("publish"),
    kinds={"duckdb"},
    deps=list(ALL_ASSETS),  # every other asset: a failed or skipped upstream skips the publish
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
