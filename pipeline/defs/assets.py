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
    gated_result,
    load_result,
    stage,
    table_metadata,
    table_names,
    window_and_vendors,
    window_metadata,
    window_params,
    window_table_asset,
    with_checks,
)
from pipeline.defs.changes import (
    RUN_LOG,
    RUN_LOG_TABLES,
    code_version,
    files_fingerprint,
    frames_fingerprint,
)
from pipeline.defs.checks import check_results, check_specs, freshness_results, freshness_specs
from pipeline.defs.resources import CatalogResource, HttpResource, WarehouseResource
from pipeline.enrich.post_scorer import PostScorer
from pipeline.indicators import crowd, daily
from pipeline.load import feeds, news, social, status, summary
from pipeline.publish import snapshot
from pipeline.publish.bundle import export_bundle
from pipeline.publish.export_dictionary import VENDORS_FILE
from pipeline.publish.exports import EXPORTABLE
from pipeline.publish.page import RUNS_PAGE
from pipeline.publish.queries import unchanged
from pipeline.publish.runs_page import write_run_details

# Stage modules that load heavy libraries (scipy for story dedup, plotly for the site) are
# imported inside the assets that use them, when those rebuild: a run that changes nothing
# skips them and their ~0.7 s of imports.


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
    check_specs=freshness_specs(),
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
        warehouse.changes.forget(["raw_fetches", "source_runs", "fetch_state"])
        meta = table_metadata(
            con, "raw_fetches", kinds=sorted(kinds), sources=len(outcomes),
            failed=len(failed), failed_sources=failed,
        )  # fmt: skip
    context.log.info("fetched %d sources, %d failed", len(outcomes), len(failed))
    return dg.MaterializeResult(metadata=meta, check_results=freshness_results(warehouse, catalog))


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
            datetime.now(UTC), STATUS, warehouse.parse_processes,
        )  # fmt: skip
        quarantined = sum(s.quarantined for s in stats)
        warehouse.changes.forget(["incident_observations", "update_observations", "quarantine"])
        yield load_result(
            con, "incident_observations", bool(stats), payloads_parsed=len(stats),
            quarantined=quarantined,
        )  # fmt: skip
        yield load_result(con, "update_observations", bool(stats))


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
            datetime.now(UTC), NEWS, warehouse.parse_processes,
        )  # fmt: skip
        warehouse.changes.forget(["news_items", "quarantine"])
        return load_result(con, "news_items", bool(stats), payloads_parsed=len(stats))


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
        warehouse.changes.forget(["article_pages", "quarantine"])
        fetched, failed = sum(s.fetched for s in stats), sum(s.failed for s in stats)
        return load_result(
            con, "article_pages", bool(fetched or failed), pages_fetched=fetched,
            pages_failed=failed,
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
    check_specs=[*check_specs("posts"), *check_specs("migrations")],
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
            datetime.now(UTC), PostScorer(), warehouse.parse_processes,
        )  # fmt: skip
        warehouse.changes.forget(["posts", "migrations", "social_cursors", "quarantine"])
        new, quarantined = sum(s.posts for s in stats), sum(s.quarantined for s in stats)
        loaded = bool(new or quarantined)
        yield load_result(con, "posts", loaded, new_posts=new, quarantined=quarantined)
        yield load_result(con, "migrations", loaded)
        yield load_result(con, "social_cursors", loaded)
    yield from check_results(warehouse, "posts", "migrations")


# --- status and news tables ---------------------------------------------------------------


@dg.asset(
    **stage("status"),
    kinds={"duckdb"},
    deps=["update_observations"],
    description="One row per status update, deduplicated across feeds "
    "(sql/load/build_incident_updates.sql).",
)
def incident_updates(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild incident_updates from update observations (skipped when they did not change)."""
    changes = warehouse.changes
    with warehouse.connect() as con:
        gate = changes.gate("incident_updates", ["update_observations"], ["incident_updates"])
        if not gate.skip:
            status.build_incident_updates(con)
        changes.done(gate)
        return gated_result(con, "incident_updates", changes, gate)


@dg.asset(
    **stage("status"),
    kinds={"duckdb"},
    deps=["incident_observations", incident_updates],
    freshness_policy=STATUS_FRESHNESS,
    description="One row per vendor incident merged across feeds (sql/load/build_incidents.sql).",
    check_specs=check_specs("incidents"),
)
def incidents(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild incidents from incident observations (skipped when its inputs did not change)."""
    changes = warehouse.changes
    with warehouse.connect() as con:
        reads = ["incident_observations", "incident_updates"]
        gate = changes.gate("incidents", reads, ["incidents"])
        extra: dict[str, object] = {}
        if not gate.skip:
            status.build_incidents(con)
            changes.done(gate)
            extra["per_vendor"] = dg.MetadataValue.md(summary.incidents_preview(con))
        result = gated_result(con, "incidents", changes, gate, **extra)
    return with_checks(result, check_results(warehouse, "incidents"))


@dg.asset(
    **stage("news"),
    kinds={"python", "polars", "duckdb"},
    deps=[news_items, article_pages],
    freshness_policy=DAILY_FRESHNESS,
    description="One row per news story: items deduplicated (canonical URL, near-duplicate "
    "text), tagged with vendors and topics, scored for tone.",
    check_specs=check_specs("articles"),
)
def articles(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Rebuild articles from news items and article pages (skipped when they did not change;
    stories whose text did not change keep their tags, from the story tag cache)."""
    changes = warehouse.changes
    with warehouse.connect() as con:
        gate = changes.gate("articles", ["news_items", "article_pages"], ["articles"])
        if not gate.skip:
            from pipeline.enrich.stories import StoryTagCache, build_articles

            build_articles(con, StoryTagCache(changes.state_dir, code_version()))
        changes.done(gate)
        result = gated_result(con, "articles", changes, gate)
    return with_checks(result, check_results(warehouse, "articles"))


# --- indicators ---------------------------------------------------------------------------

outage_daily = window_table_asset(
    "outage_daily",
    daily.build_outage_daily,
    deps=[incidents],
    # status_coverage: the observations and the run log's coverage days
    also_reads=["incident_observations", "update_observations", RUN_LOG],
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

_EVENT_STUDY_DEPS = [incidents, sentiment_daily, outage_reports_hourly, news_daily, migration_daily]


@dg.multi_asset(
    name="event_study_tables",
    specs=[
        dg.AssetSpec(
            table,
            **stage("indicators"),
            kinds={"python", "duckdb"},
            deps=_EVENT_STUDY_DEPS,
            description=description,
        )
        for table, description in EVENT_STUDY_TABLES.items()
    ],
    check_specs=check_specs("event_study"),
)
def event_study_tables(
    warehouse: WarehouseResource, catalog: CatalogResource
) -> Iterator[dg.MaterializeResult]:
    """Rebuild event_study, event_study_summary and event_study_curve over the data window
    (skipped when the tables they read and the window did not change)."""
    changes = warehouse.changes
    with warehouse.connect() as con:
        window, vendors = window_and_vendors(con, catalog)
        params, tables = window_params(window, vendors), list(EVENT_STUDY_TABLES)
        gate = changes.gate(
            "event_study_tables", table_names(_EVENT_STUDY_DEPS), tables, params=params
        )
        extra: dict[str, object] = dict(window_metadata(window))
        if not gate.skip:  # a table it reads changed: did its events or daily panel change?
            from pipeline.indicators import event_study  # numpy: only when needed

            start, end = window.start, window.end
            inputs = frames_fingerprint(
                event_study.load_events(con, start, end), event_study.load_panel(con, start, end)
            )
            exact = changes.gate("event_study_inputs", [], tables, params=params | {"in": inputs})
            if not exact.skip:  # e.g. a minor incident moves neither: no bootstrap
                extra["events"] = event_study.build_event_study(con, start, end).events
            changes.done(exact)
            changes.done(gate)
            gate = exact
        yield gated_result(con, "event_study", changes, gate, **extra)
        yield gated_result(con, "event_study_summary", changes, gate)
        yield gated_result(con, "event_study_curve", changes, gate)
    yield from check_results(warehouse, "event_study")


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
    """Write the dashboard pages; when no table they read changed, only the run-details page.
    Otherwise every part of the site (a page, the vendor pages, the crisis board) whose queries
    give the results they gave when it was written, and whose files are as it left them, is
    kept (`pipeline.publish.site.build_site`)."""
    changes, out = warehouse.changes, dashboards_dir(warehouse.home_path)
    with warehouse.connect() as con:
        lines = summary.summary_lines(con, context.run.run_id)
        gate = changes.gate("dashboards", changes.data_tables(), files=[out], ignore=[RUNS_PAGE])
        if gate.skip:
            write_run_details(con, out, generated_at=datetime.now(UTC), summary_lines=lines)
            return dg.MaterializeResult(metadata={"incremental": gate.outcome})
        from pipeline.publish import site

        # A part is kept when its files are as it left them, the site's navigation and window
        # are the same, and every query it ran gives the same result.
        shown = site.site_context(con)

        def files(part: str) -> str:
            return "\n".join(files_fingerprint(f) for f in site.part_files(out, part))

        before = changes.remembered_parts("dashboards")
        keep = {
            part
            for part, memory in before.items()
            if memory.get("context") == shown
            and memory.get("files") == files(part)
            and unchanged(con, memory.get("reads") or {})
        }
        # A vendor page drawn by the same code, with the same navigation and window, from
        # the same rows of its vendor is kept even when another vendor's rows changed.
        reuse = None if warehouse.full else f"{code_version()}\n{shown}"
        build = site.build_site(
            con, out, generated_at=datetime.now(UTC), summary_lines=lines, keep=keep,
            reuse=reuse,
        )  # fmt: skip
        parts = {part: before[part] for part in build.kept}
        for part, reads in build.reads.items():
            parts[part] = {"reads": reads, "context": shown, "files": files(part)}
        changes.remember_parts("dashboards", parts)
    outcome = changes.done(gate)
    return dg.MaterializeResult(
        metadata={
            "pages": [str(p) for p in build.paths],
            "rewritten": sorted(build.reads),
            "kept": sorted(build.kept),
            "incremental": outcome,
        }
    )


@dg.asset(
    **stage("publish"),
    kinds={"duckdb", "csv", "parquet"},
    deps=PUBLISHED_TABLES,
    description="Export bundle under <home>/exports: every indicator table as CSV and "
    "Parquet, DATA_DICTIONARY.md and manifest.json (pipeline/publish/bundle.py).",
)
def exports(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Write the export bundle (every exportable table, dictionary, manifest), unless no table
    it reads changed since the bundle was written."""
    changes, out = warehouse.changes, warehouse.home_path / "exports"
    with warehouse.connect() as con:
        gate = changes.gate("exports", changes.data_tables(), files=[out])
        if gate.skip:
            return dg.MaterializeResult(metadata={"incremental": gate.outcome})
        # Per file: a table's files are kept while the table is unchanged (a view's, and
        # vendors', while no data table changed).
        inputs = {
            name: changes.tables_fingerprint(changes.tables_named({name}))
            for name in [*EXPORTABLE, VENDORS_FILE]
        }
        before = changes.remembered_parts("exports")
        keep = {name for name, value in inputs.items() if before.get(name) == value}
        manifest = export_bundle(con, out, generated_at=datetime.now(UTC), keep=keep)
        changes.remember_parts("exports", inputs)
    outcome = changes.done(gate)
    csv_files = [f for f in manifest.files if f.format == "csv"]
    exported = {f.indicator for f in manifest.files if f.indicator}
    return dg.MaterializeResult(
        metadata={
            "files": [f.name for f in manifest.files],
            "rewritten": sorted(exported - keep),
            "kept": sorted(exported & keep),
            "dagster/row_count": sum(f.rows or 0 for f in csv_files),
            "data_window": f"{manifest.data_window['start']} .. {manifest.data_window['end']}",
            "incremental": outcome,
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
    """Publish the snapshot (pipeline.publish.snapshot.publish_snapshot), unless no table but
    the run log changed since the last one."""
    changes, target = warehouse.changes, snapshot_path(warehouse.home_path)
    with warehouse.connect() as con:
        gate = changes.gate("warehouse_snapshot", changes.data_tables(), files=[target])
        if gate.skip:
            return dg.MaterializeResult(metadata={"incremental": gate.outcome})
        # Only the tables that changed since the last snapshot (same code, file untouched)
        # are copied again; the run log's tables change every run.
        tables = [t for t in changes.data_tables() if t != RUN_LOG]
        now = {t: changes.table(t) for t in tables}
        last = changes.remembered_parts("warehouse_snapshot")
        changed = None
        if last.get("file") == files_fingerprint(target):
            before = last.get("tables") or {}
            changed = [t for t in tables if before.get(t) != now[t]] + sorted(RUN_LOG_TABLES)
        stats = snapshot.publish_snapshot(con, target, changed)
        changes.remember_parts(
            "warehouse_snapshot", {"tables": now, "file": files_fingerprint(target)}
        )
    outcome = changes.done(gate)
    context.log.info("snapshot %s: %d tables in %.2f s", stats.path, stats.tables, stats.seconds)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(stats.path)),
            "tables": stats.tables,
            "views": stats.views,
            "bytes": stats.bytes,
            "seconds": round(stats.seconds, 3),
            "incremental": outcome,
        }
    )


# Registered last: deps above were taken from ALL_ASSETS before it joined the list.
ALL_ASSETS.append(warehouse_snapshot)
