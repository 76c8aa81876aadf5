"""Asset checks: table invariants that fail loudly (they never re-run logic)."""

import dagster as dg

from pipeline import warehouse
from pipeline.assets import (
    articles,
    incidents,
    news_daily,
    outage_daily,
    outage_reports_hourly,
    posts,
    sentiment_daily,
)
from pipeline.resources import WarehouseResource


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
]
