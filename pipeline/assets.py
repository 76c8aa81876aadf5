"""Dagster assets: thin wrappers that open resources and call stage functions."""

from datetime import UTC, datetime

import dagster as dg

from pipeline import crowd, indicators, ingest, news, publish, social, summary, transform
from pipeline.resources import CatalogResource, HttpResource, WarehouseResource
from pipeline.warehouse import dashboards_dir, table_rows

STATUS = "status"
NEWS = "news"
SOCIAL = "social"


def _window_and_vendors(con, catalog: CatalogResource) -> tuple[indicators.DataWindow, list[str]]:
    cat = catalog.load()
    start, end = catalog.window(cat)
    vendors = [s.vendor for s in cat.sources if s.kind == STATUS and s.vendor]
    return indicators.resolve_window(con, now=datetime.now(UTC), start=start, end=end), vendors


@dg.asset(
    group_name="ingest",
    kinds={"python", "duckdb"},
    description="Fetch every source of the catalog (conditional GET, retries, size cap), "
    "archive each payload by sha256 and record it in raw_fetches before any parsing.",
)
def raw_fetches(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    catalog: CatalogResource,
    http: HttpResource,
) -> dg.MaterializeResult:
    """Fetch status and news sources into the raw archive; log every attempt in source_runs."""
    sources = [s for s in catalog.load().sources if s.kind in (STATUS, NEWS)]
    with warehouse.connect() as con:
        outcomes = ingest.fetch_sources(
            con, sources, warehouse.home_path, context.run.run_id, http.settings()
        )
    failed = [o.source for o in outcomes if o.error]
    context.log.info("fetched %d sources, %d failed", len(outcomes), len(failed))
    return dg.MaterializeResult(
        metadata={"sources": len(outcomes), "failed": len(failed), "failed_sources": failed}
    )


@dg.asset(
    group_name="parse",
    kinds={"python", "duckdb"},
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
        stats = ingest.parse_pending(
            con, sources, warehouse.home_path, context.run.run_id, datetime.now(UTC), STATUS
        )
        rows = table_rows(con, "incident_observations")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "payloads_parsed": len(stats),
            "quarantined": sum(s.quarantined for s in stats),
        }
    )


@dg.asset(
    group_name="status",
    kinds={"duckdb"},
    deps=[incident_observations],
    description="One row per status update, deduplicated across feeds "
    "(sql/build_incident_updates.sql).",
)
def incident_updates(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild incident_updates from update observations."""
    with warehouse.connect() as con:
        rows = transform.build_incident_updates(con)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


@dg.asset(
    group_name="status",
    kinds={"duckdb"},
    deps=[incident_observations, incident_updates],
    description="One row per vendor incident merged across feeds (sql/build_incidents.sql).",
)
def incidents(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild incidents from incident observations."""
    with warehouse.connect() as con:
        rows = transform.build_incidents(con)
        preview = summary.incidents_preview(con)
    return dg.MaterializeResult(
        metadata={"dagster/row_count": rows, "preview": dg.MetadataValue.md(preview)}
    )


@dg.asset(
    group_name="indicators",
    kinds={"duckdb"},
    deps=[incidents],
    description="Outage minutes, major outage minutes, uptime, incidents started and MTTR per "
    "vendor and UTC day over the data window (sql/build_outage_daily.sql).",
)
def outage_daily(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild outage_daily over the data window for every catalog vendor."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        rows = indicators.build_outage_daily(con, window, vendors)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "window_start": window.start.isoformat(),
            "window_end": window.end.isoformat(),
        }
    )


@dg.asset(
    group_name="parse",
    kinds={"python", "duckdb"},
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
        stats = ingest.parse_pending(
            con, sources, warehouse.home_path, context.run.run_id, datetime.now(UTC), NEWS
        )
        rows = table_rows(con, "news_items")
    return dg.MaterializeResult(metadata={"dagster/row_count": rows, "payloads_parsed": len(stats)})


@dg.asset(
    group_name="ingest",
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
        stats = news.fetch_article_pages(
            con, sources, warehouse.home_path, context.run.run_id, http.settings()
        )
        rows = table_rows(con, "article_pages")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "pages_fetched": sum(s.fetched for s in stats),
            "pages_failed": sum(s.failed for s in stats),
        }
    )


@dg.asset(
    group_name="news",
    kinds={"python", "duckdb"},
    deps=[news_items, article_pages],
    description="One row per news story: items deduplicated (canonical URL, near-duplicate "
    "text), tagged with vendors and topics, scored for tone.",
)
def articles(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild articles from news items and article pages."""
    with warehouse.connect() as con:
        rows = news.build_articles(con)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


@dg.asset(
    group_name="indicators",
    kinds={"duckdb"},
    deps=[articles, incidents],
    description="Stories, mean tone, outage and migration stories per vendor and UTC day over "
    "the data window (sql/build_news_daily.sql).",
)
def news_daily(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild news_daily over the data window."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        rows = indicators.build_news_daily(con, window, vendors)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


@dg.asset(
    group_name="social",
    kinds={"python", "duckdb"},
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
        stats = social.ingest_social(
            con,
            sources,
            warehouse.home_path,
            context.run.run_id,
            http.settings(),
            datetime.now(UTC),
        )
        rows = table_rows(con, "posts")
        moves = table_rows(con, "migrations")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "migrations": moves,
            "new_posts": sum(s.posts for s in stats),
            "quarantined": sum(s.quarantined for s in stats),
        }
    )


@dg.asset(
    group_name="indicators",
    kinds={"duckdb"},
    deps=[posts],
    description="migration_daily (switches per day and vendor pair) and migration_index_daily "
    "(net migration index per vendor and day, 7-day rolling share).",
)
def migration_daily(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild the migration tables over the data window."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        daily, index = indicators.build_migration_tables(con, window, vendors)
    return dg.MaterializeResult(
        metadata={"dagster/row_count": daily, "migration_index_daily_rows": index}
    )


@dg.asset(
    group_name="indicators",
    kinds={"duckdb"},
    deps=[posts, articles],
    description="Mean sentiment per vendor, day and source type (social, news).",
)
def sentiment_daily(warehouse: WarehouseResource, catalog: CatalogResource) -> dg.MaterializeResult:
    """Rebuild sentiment_daily over the data window."""
    with warehouse.connect() as con:
        window, vendors = _window_and_vendors(con, catalog)
        rows = indicators.build_sentiment_daily(con, window, vendors)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


@dg.asset(
    group_name="indicators",
    kinds={"duckdb"},
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
        rows = crowd.build_outage_reports_hourly(con, window, vendors)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


@dg.asset(
    group_name="indicators",
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
        rows = crowd.build_incident_lead_times(con, window)
        silent = crowd.build_silent_outages(con)
    return dg.MaterializeResult(metadata={"dagster/row_count": rows, "silent_outages": silent})


@dg.asset(
    group_name="publish",
    kinds={"plotly", "html"},
    deps=[
        outage_daily,
        incidents,
        news_daily,
        articles,
        sentiment_daily,
        migration_daily,
        incident_lead_times,
    ],
    description="Offline HTML dashboards (Outages and News pages, index) under the home's "
    "dashboards folder.",
)
def dashboards(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Write the dashboard pages."""
    home = warehouse.home_path
    with warehouse.connect() as con:
        lines = summary.summary_lines(con, context.run.run_id)
        pages = publish.build_dashboards(
            con, dashboards_dir(home), generated_at=datetime.now(UTC), summary_lines=lines
        )
    return dg.MaterializeResult(metadata={"pages": [str(p) for p in pages]})


@dg.asset(
    group_name="publish",
    kinds={"csv"},
    deps=[
        outage_daily,
        incidents,
        news_daily,
        articles,
        sentiment_daily,
        migration_daily,
        incident_lead_times,
    ],
    description="CSV exports of every indicator table under <home>/exports.",
)
def exports(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Write every exportable table as CSV."""
    with warehouse.connect() as con:
        files = publish.export_all(con, warehouse.home_path / "exports")
    return dg.MaterializeResult(metadata={"files": [str(f) for f in files]})


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
    dashboards,
    exports,
]
