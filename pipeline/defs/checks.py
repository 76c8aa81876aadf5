"""Asset checks: table invariants that fail loudly (they never re-run logic)."""

from datetime import UTC, datetime

import dagster as dg

from pipeline.core import warehouse
from pipeline.defs.assets import (
    NEWS,
    STATUS,
    articles,
    event_study,
    incident_lead_times,
    incidents,
    migration_daily,
    news_daily,
    outage_daily,
    outage_reports_hourly,
    posts,
    raw_fetches,
    sentiment_daily,
)
from pipeline.defs.resources import CatalogResource, WarehouseResource

# Newest successful fetch allowed per kind: the hourly status job plus slack, the daily
# news job plus slack (see the schedules in pipeline/definitions.py).
MAX_FETCH_AGE_HOURS = {STATUS: 2, NEWS: 26}


def _violations(resource: WarehouseResource, check_sql: str) -> int:
    with resource.connect() as con:
        return int(warehouse.run_sql(con, check_sql)[0][0])


def _result(
    violations: int, what: str, severity=dg.AssetCheckSeverity.ERROR
) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=violations == 0,
        severity=severity,
        metadata={"violations": violations, "rule": what},
    )


@dg.asset_check(asset=incidents, blocking=True, description="No duplicate (vendor, incident_id).")
def incidents_keys_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when an incident appears twice."""
    return _result(
        _violations(warehouse, "check_incidents_keys_unique"), "unique vendor, incident_id"
    )


@dg.asset_check(asset=incidents, blocking=True, description="resolved_at >= started_at.")
def incidents_resolved_after_start(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when an incident ends before it starts."""
    return _result(
        _violations(warehouse, "check_incidents_resolved_after_start"), "resolved_at >= started_at"
    )


@dg.asset_check(asset=incidents, description="Every update belongs to an incident in incidents.")
def incident_updates_known_incident(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Warn about updates whose incident is missing."""
    return _result(
        _violations(warehouse, "check_incident_updates_known_incident"),
        "update joins an incident",
        dg.AssetCheckSeverity.WARN,
    )


@dg.asset_check(asset=outage_daily, blocking=True, description="One row per (vendor, day).")
def outage_daily_keys_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a vendor-day appears twice."""
    return _result(_violations(warehouse, "check_outage_daily_keys_unique"), "unique vendor, day")


@dg.asset_check(
    asset=outage_daily,
    blocking=True,
    description="uptime_pct in [0, 100]; outage minutes in [0, 1440]; major <= all.",
)
def outage_daily_uptime_in_range(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when an indicator leaves its range."""
    return _result(
        _violations(warehouse, "check_outage_daily_uptime_in_range"),
        "0 <= uptime_pct <= 100, 0 <= major_outage_minutes <= outage_minutes <= 1440",
    )


@dg.asset_check(asset=articles, blocking=True, description="No duplicate article_id.")
def articles_keys_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a story appears twice."""
    return _result(_violations(warehouse, "check_articles_keys_unique"), "unique article_id")


@dg.asset_check(asset=articles, blocking=True, description="tone within [-1, 1].")
def articles_tone_in_range(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a tone leaves [-1, 1]."""
    return _result(_violations(warehouse, "check_articles_tone_in_range"), "-1 <= tone <= 1")


@dg.asset_check(
    asset=news_daily,
    blocking=True,
    description="tone_mean in [-1, 1], sub-counts <= articles, tone only on days with stories.",
)
def news_daily_in_range(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a news indicator leaves its range."""
    return _result(
        _violations(warehouse, "check_news_daily_in_range"),
        "-1 <= tone_mean <= 1; outage/migration/lead articles <= articles",
    )


@dg.asset_check(asset=posts, blocking=True, description="sentiment within [-1, 1].")
def posts_sentiment_in_range(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a post's sentiment leaves [-1, 1]."""
    return _result(_violations(warehouse, "check_posts_sentiment_in_range"), "-1 <= sentiment <= 1")


@dg.asset_check(
    asset=posts,
    blocking=True,
    description="migrations name two different vendors, confidence in [0, 1], a known post.",
)
def migrations_valid(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail on a self-switch, a confidence out of range or an orphan migration."""
    return _result(
        _violations(warehouse, "check_migrations_valid"),
        "from_vendor <> to_vendor; 0 <= confidence <= 1; post exists",
    )


@dg.asset_check(
    asset=sentiment_daily, blocking=True, description="sentiment_mean in [-1, 1], only with items."
)
def sentiment_daily_in_range(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a daily sentiment leaves [-1, 1]."""
    return _result(
        _violations(warehouse, "check_sentiment_daily_in_range"), "-1 <= sentiment_mean <= 1"
    )


@dg.asset_check(
    asset=outage_reports_hourly,
    blocking=True,
    description="One row per (vendor, hour); reports >= 0.",
)
def outage_reports_hourly_keys_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a vendor-hour appears twice or counts are negative."""
    return _result(
        _violations(warehouse, "check_outage_reports_hourly_keys_unique"),
        "unique vendor, hour; reports >= 0",
    )


def _not_empty(violations: int, what: str) -> dg.AssetCheckResult:
    return _result(violations, what, dg.AssetCheckSeverity.WARN)


@dg.asset_check(
    asset=outage_daily, description="outage_daily has rows whenever incidents exist (warns)."
)
def outage_daily_not_empty(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Warn when incidents exist but outage_daily is empty."""
    return _not_empty(
        _violations(warehouse, "check_outage_daily_not_empty"), "rows when incidents exist"
    )


@dg.asset_check(
    asset=news_daily,
    blocking=True,
    description="One row per (vendor, day); counts >= 0; a story day has a source.",
)
def news_daily_keys_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a vendor-day appears twice or a count is negative."""
    return _result(
        _violations(warehouse, "check_news_daily_keys_unique"), "unique vendor, day; counts >= 0"
    )


@dg.asset_check(
    asset=news_daily, description="news_daily has rows whenever stories name vendors (warns)."
)
def news_daily_not_empty(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Warn when stories name vendors but news_daily is empty."""
    return _not_empty(
        _violations(warehouse, "check_news_daily_not_empty"), "rows when stories name vendors"
    )


@dg.asset_check(
    asset=sentiment_daily,
    blocking=True,
    description="One row per (vendor, day, source_type); source_type social|news; "
    "negative_share in [0, 1].",
)
def sentiment_daily_keys_unique(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when a key repeats, a source type is unknown or a share leaves [0, 1]."""
    return _result(
        _violations(warehouse, "check_sentiment_daily_keys_unique"),
        "unique vendor, day, source_type; source_type in (social, news); 0 <= negative_share <= 1",
    )


@dg.asset_check(
    asset=sentiment_daily,
    description="sentiment_daily has rows whenever posts or stories name vendors (warns).",
)
def sentiment_daily_not_empty(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Warn when posts or stories name vendors but sentiment_daily is empty."""
    return _not_empty(
        _violations(warehouse, "check_sentiment_daily_not_empty"),
        "rows when posts or stories name vendors",
    )


@dg.asset_check(
    asset=migration_daily,
    blocking=True,
    description="migration_daily: one row per (day, from, to), two different vendors, posts >= 1.",
)
def migration_daily_valid(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail on a repeated key, a self-switch or an empty pair."""
    return _result(
        _violations(warehouse, "check_migration_daily_valid"),
        "unique day, from_vendor, to_vendor; from_vendor <> to_vendor; posts >= 1",
    )


@dg.asset_check(
    asset=migration_daily,
    blocking=True,
    description="migration_index_daily: one row per (vendor, day), net = inflow - outflow, "
    "share_7d in [0, 1].",
)
def migration_index_daily_valid(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail on a repeated key, inconsistent flows or a share outside [0, 1]."""
    return _result(
        _violations(warehouse, "check_migration_index_daily_valid"),
        "unique vendor, day; flows >= 0; net = inflow - outflow (daily, 7d); 0 <= share_7d <= 1",
    )


@dg.asset_check(
    asset=outage_reports_hourly,
    blocking=True,
    description="Whole hours; baseline, mad >= 0; threshold >= baseline + 3; excess = reports > "
    "threshold; anomalies are excess hours.",
)
def outage_reports_hourly_in_range(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when the anomaly columns contradict their definitions."""
    return _result(
        _violations(warehouse, "check_outage_reports_hourly_in_range"),
        "hour on the hour; threshold >= baseline + 3; excess = reports > threshold; "
        "is_anomaly implies excess",
    )


@dg.asset_check(
    asset=incident_lead_times,
    blocking=True,
    description="incident_lead_times: one row per known non-maintenance incident; lead_minutes "
    "= first_anomaly_at - started_at.",
)
def incident_lead_times_valid(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail on a repeated or unknown incident, or a lead time that disagrees with its run."""
    return _result(
        _violations(warehouse, "check_incident_lead_times_valid"),
        "unique vendor, incident_id; incident exists; impact not maintenance; "
        "lead_minutes = first_anomaly_at - started_at",
    )


@dg.asset_check(
    asset=incident_lead_times,
    blocking=True,
    description="silent_outages: one row per (vendor, run_start); runs of >= 2 whole hours; "
    "peak <= total.",
)
def silent_outages_valid(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail on a repeated run, a run shorter than 2 h or a peak above the total."""
    return _result(
        _violations(warehouse, "check_silent_outages_valid"),
        "unique vendor, run_start; hours >= 2 = run length; peak_reports <= total_reports",
    )


def _fetch_freshness(
    warehouse_res: WarehouseResource, catalog: CatalogResource, kind: str
) -> dg.AssetCheckResult:
    """Warn when no `kind` source of the catalog was fetched within MAX_FETCH_AGE_HOURS."""
    names = [s.name for s in catalog.load().sources if s.kind == kind]
    max_age = MAX_FETCH_AGE_HOURS[kind]
    now = datetime.now(UTC)
    with warehouse_res.connect() as con:
        newest, stale = warehouse.run_sql(
            con, "check_raw_fetches_fresh", sources=names, now=now, max_age_hours=max_age
        )[0]
    age = None if newest is None else round((now - newest).total_seconds() / 3600, 2)
    return dg.AssetCheckResult(
        passed=not names or (age is not None and age <= max_age),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "sources": len(names),
            "newest_fetch": newest.isoformat() if newest else "never",
            "age_hours": age if age is not None else -1.0,
            "max_age_hours": max_age,
            "stale_sources": stale,
        },
    )


@dg.asset_check(
    asset=raw_fetches,
    description=f"Freshness: some status source was fetched in the last "
    f"{MAX_FETCH_AGE_HOURS[STATUS]} h (warns).",
)
def raw_fetches_status_fresh(
    warehouse: WarehouseResource, catalog: CatalogResource
) -> dg.AssetCheckResult:
    """Warn when the newest successful status fetch is older than 2 hours."""
    return _fetch_freshness(warehouse, catalog, STATUS)


@dg.asset_check(
    asset=raw_fetches,
    description=f"Freshness: some news source was fetched in the last "
    f"{MAX_FETCH_AGE_HOURS[NEWS]} h (warns).",
)
def raw_fetches_news_fresh(
    warehouse: WarehouseResource, catalog: CatalogResource
) -> dg.AssetCheckResult:
    """Warn when the newest successful news fetch is older than 26 hours."""
    return _fetch_freshness(warehouse, catalog, NEWS)


@dg.asset_check(
    asset=event_study,
    blocking=True,
    description="Unique keys; delta = post - pre; intervals ordered and only with 2+ days; "
    "means in [-1, 1]; curve offsets within -7..+7.",
)
def event_study_valid(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Fail when an event-study row breaks its invariants (sql/check_event_study_valid.sql)."""
    return _result(
        _violations(warehouse, "check_event_study_valid"),
        "unique keys, consistent deltas and intervals, values in range",
    )


ALL_CHECKS = [
    incidents_keys_unique,
    incidents_resolved_after_start,
    incident_updates_known_incident,
    outage_daily_keys_unique,
    outage_daily_uptime_in_range,
    articles_keys_unique,
    articles_tone_in_range,
    news_daily_in_range,
    posts_sentiment_in_range,
    migrations_valid,
    sentiment_daily_in_range,
    outage_reports_hourly_keys_unique,
    outage_daily_not_empty,
    news_daily_keys_unique,
    news_daily_not_empty,
    sentiment_daily_keys_unique,
    sentiment_daily_not_empty,
    migration_daily_valid,
    migration_index_daily_valid,
    outage_reports_hourly_in_range,
    incident_lead_times_valid,
    silent_outages_valid,
    raw_fetches_status_fresh,
    raw_fetches_news_fresh,
    event_study_valid,
]
