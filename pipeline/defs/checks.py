"""Asset checks: table invariants that fail loudly (they never re-run logic).

Every table check is one row of `TABLE_CHECKS`: the asset it hangs off (by key name, so this
module imports no asset object), its name, the rule it asserts, its description, whether it
blocks downstream assets and its severity. It runs `sql/checks/check_<name>.sql`, which counts
the violations (0 passes). The checks run inside the step of the asset they hang off (the
asset declares them with `check_specs(asset)` and returns `check_results(...)`), so a run has
no step per check: each check is still its own check in the Dagster UI, and a failed blocking
check with severity ERROR fails its asset's step, which stops the assets downstream. The two
freshness checks of `raw_fetches` read the source catalog (`freshness_specs`,
`freshness_results`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg

from pipeline.core.warehouse import run_sql
from pipeline.defs.changes import sql_words
from pipeline.defs.resources import CatalogResource, WarehouseResource

ERROR = dg.AssetCheckSeverity.ERROR
WARN = dg.AssetCheckSeverity.WARN

# Newest successful fetch allowed per catalog kind: the hourly status job plus slack, the daily
# news job plus slack (see the schedules in pipeline/defs/definitions.py).
MAX_FETCH_AGE_HOURS = {"status": 2, "news": 26}


@dataclass(frozen=True, slots=True)
class TableCheck:
    """One asset check: the count of `sql/checks/check_<name>.sql` must be 0.

    `asset` is the key of the asset the check hangs off (the asset that writes the table),
    `rule` goes to the result's metadata, `description` to the Dagster UI. A blocking check that
    fails with severity ERROR stops the assets downstream of `asset` in the same run.
    """

    asset: str
    name: str
    rule: str
    description: str
    blocking: bool = True
    severity: dg.AssetCheckSeverity = ERROR

    @property
    def sql(self) -> str:
        """Name of the statement that counts the violations (`sql/checks/<sql>.sql`)."""
        return f"check_{self.name}"


TABLE_CHECKS: tuple[TableCheck, ...] = (
    TableCheck(
        "incidents",
        "incidents_keys_unique",
        rule="unique vendor, incident_id",
        description="No duplicate (vendor, incident_id).",
    ),
    TableCheck(
        "incidents",
        "incidents_resolved_after_start",
        rule="resolved_at >= started_at",
        description="resolved_at >= started_at.",
    ),
    TableCheck(
        "incidents",
        "incident_updates_known_incident",
        rule="update joins an incident",
        description="Every update belongs to an incident in incidents.",
        blocking=False,
        severity=WARN,
    ),
    TableCheck(
        "outage_daily",
        "outage_daily_keys_unique",
        rule="unique vendor, day",
        description="One row per (vendor, day).",
    ),
    TableCheck(
        "outage_daily",
        "outage_daily_uptime_in_range",
        rule="0 <= uptime_pct <= 100, 0 <= major_outage_minutes <= outage_minutes <= 1440",
        description="uptime_pct in [0, 100]; outage minutes in [0, 1440]; major <= all.",
    ),
    TableCheck(
        "articles",
        "articles_keys_unique",
        rule="unique article_id",
        description="No duplicate article_id.",
    ),
    TableCheck(
        "articles",
        "articles_tone_in_range",
        rule="-1 <= tone <= 1",
        description="tone within [-1, 1].",
    ),
    TableCheck(
        "news_daily",
        "news_daily_in_range",
        rule="-1 <= tone_mean <= 1; outage/migration/lead articles <= articles",
        description="tone_mean in [-1, 1], sub-counts <= articles, tone only on days with stories.",
    ),
    TableCheck(
        "posts",
        "posts_sentiment_in_range",
        rule="-1 <= sentiment <= 1",
        description="sentiment within [-1, 1].",
    ),
    TableCheck(
        "migrations",
        "migrations_valid",
        rule="from_vendor <> to_vendor; 0 <= confidence <= 1; post exists",
        description="migrations name two different vendors, confidence in [0, 1], a known post.",
    ),
    TableCheck(
        "sentiment_daily",
        "sentiment_daily_in_range",
        rule="-1 <= sentiment_mean <= 1",
        description="sentiment_mean in [-1, 1], only with items.",
    ),
    TableCheck(
        "outage_reports_hourly",
        "outage_reports_hourly_keys_unique",
        rule="unique vendor, hour; reports >= 0",
        description="One row per (vendor, hour); reports >= 0.",
    ),
    TableCheck(
        "outage_daily",
        "outage_daily_not_empty",
        rule="rows when incidents exist",
        description="outage_daily has rows whenever incidents exist (warns).",
        blocking=False,
        severity=WARN,
    ),
    TableCheck(
        "news_daily",
        "news_daily_keys_unique",
        rule="unique vendor, day; counts >= 0",
        description="One row per (vendor, day); counts >= 0; a story day has a source.",
    ),
    TableCheck(
        "news_daily",
        "news_daily_not_empty",
        rule="rows when stories name vendors",
        description="news_daily has rows whenever stories name vendors (warns).",
        blocking=False,
        severity=WARN,
    ),
    TableCheck(
        "sentiment_daily",
        "sentiment_daily_keys_unique",
        rule="unique vendor, day, source_type; source_type in (social, news); "
        "0 <= negative_share <= 1",
        description="One row per (vendor, day, source_type); source_type social|news; "
        "negative_share in [0, 1].",
    ),
    TableCheck(
        "sentiment_daily",
        "sentiment_daily_not_empty",
        rule="rows when posts or stories name vendors",
        description="sentiment_daily has rows whenever posts or stories name vendors (warns).",
        blocking=False,
        severity=WARN,
    ),
    TableCheck(
        "migration_daily",
        "migration_daily_valid",
        rule="unique day, from_vendor, to_vendor; from_vendor <> to_vendor; posts >= 1",
        description="migration_daily: one row per (day, from, to), two different vendors, "
        "posts >= 1.",
    ),
    TableCheck(
        "migration_index_daily",
        "migration_index_daily_valid",
        rule="unique vendor, day; flows >= 0; net = inflow - outflow (daily, 7d); "
        "0 <= share_7d <= 1",
        description="migration_index_daily: one row per (vendor, day), net = inflow - outflow, "
        "share_7d in [0, 1].",
    ),
    TableCheck(
        "outage_reports_hourly",
        "outage_reports_hourly_in_range",
        rule="hour on the hour; threshold >= baseline + 3; is_excess = reports > threshold; "
        "is_anomaly implies is_excess",
        description="Whole hours; baseline, mad >= 0; threshold >= baseline + 3; excess = "
        "reports > threshold; anomalies are excess hours.",
    ),
    TableCheck(
        "incident_lead_times",
        "incident_lead_times_valid",
        rule="unique vendor, incident_id; incident exists; impact not maintenance; "
        "lead_minutes = first_anomaly_at - started_at, in [-180, 60]; each burst_id credited "
        "to one incident at most and named after vendor and first_anomaly_at",
        description="incident_lead_times: one row per known non-maintenance incident; "
        "lead_minutes = first_anomaly_at - started_at; one incident per crowd burst.",
    ),
    TableCheck(
        "silent_outages",
        "silent_outages_valid",
        rule="unique vendor, started_at; hours >= 2 = run length; peak_reports <= total_reports",
        description="silent_outages: one row per (vendor, started_at); runs of >= 2 whole hours; "
        "peak <= total.",
    ),
    TableCheck(
        "event_study",  # also event_study_curve and event_study_summary
        "event_study_valid",
        rule="unique keys, consistent deltas and intervals, values in range",
        description="Unique keys; delta = post - pre; intervals ordered and only with 2+ days; "
        "means in [-1, 1]; curve offsets within -7..+7.",
    ),
)


def check_specs(asset: str) -> list[dg.AssetCheckSpec]:
    """The `TABLE_CHECKS` rows hanging off asset `asset` as AssetCheckSpecs (its `check_specs`)."""
    return [
        dg.AssetCheckSpec(
            spec.name,
            asset=spec.asset,
            blocking=spec.blocking,
            description=spec.description,
        )
        for spec in TABLE_CHECKS
        if spec.asset == asset
    ]


def check_results(warehouse: WarehouseResource, *assets: str) -> list[dg.AssetCheckResult]:
    """Run the `TABLE_CHECKS` rows hanging off `assets` (in table order) and return their
    results; a check whose tables no run changed since it counted keeps that count."""
    return [evaluate(warehouse, spec) for spec in TABLE_CHECKS if spec.asset in assets]


def evaluate(warehouse: WarehouseResource, spec: TableCheck) -> dg.AssetCheckResult:
    """Count the violations of `spec` (`sql/checks/check_<name>.sql`): passes at 0; metadata
    has the count and the rule."""
    changes = warehouse.changes
    reads = sql_words([spec.sql])
    violations = changes.check_result(spec.name, reads)
    meta: dict[str, object] = {"rule": spec.rule}
    if violations is None:
        with warehouse.connect() as con:
            violations = int(run_sql(con, spec.sql)[0][0])
        changes.remember_check(spec.name, violations, reads)
    else:
        meta["incremental"] = "tables unchanged, count remembered"
    return dg.AssetCheckResult(
        asset_key=spec.asset,
        check_name=spec.name,
        passed=violations == 0,
        severity=spec.severity,
        metadata={"violations": violations, **meta},
    )


def _freshness_name(kind: str) -> str:
    return f"raw_fetches_{kind}_fresh"


def freshness_specs() -> list[dg.AssetCheckSpec]:
    """`raw_fetches_<kind>_fresh` for each kind of `MAX_FETCH_AGE_HOURS` (non-blocking, warn)."""
    return [
        dg.AssetCheckSpec(
            _freshness_name(kind),
            asset="raw_fetches",
            description=f"Freshness: some {kind} source was fetched in the last {max_age} h "
            "(warns).",
        )
        for kind, max_age in MAX_FETCH_AGE_HOURS.items()
    ]


def freshness_results(
    warehouse: WarehouseResource, catalog: CatalogResource
) -> list[dg.AssetCheckResult]:
    """Warn, per kind, when no source of that kind of the catalog was fetched (200 or 304)
    within `MAX_FETCH_AGE_HOURS[kind]` hours; a kind without sources passes."""
    results = []
    now = datetime.now(UTC)
    for kind, max_age in MAX_FETCH_AGE_HOURS.items():
        names = [s.name for s in catalog.load().sources if s.kind == kind]
        with warehouse.connect() as con:
            newest, stale = run_sql(
                con, "check_raw_fetches_fresh", sources=names, now=now, max_age_hours=max_age
            )[0]
        age = None if newest is None else round((now - newest).total_seconds() / 3600, 2)
        results.append(
            dg.AssetCheckResult(
                asset_key="raw_fetches",
                check_name=_freshness_name(kind),
                passed=not names or (age is not None and age <= max_age),
                severity=WARN,
                metadata={
                    "sources": len(names),
                    "newest_fetch": newest.isoformat() if newest else "never",
                    "age_hours": age if age is not None else -1.0,
                    "max_age_hours": max_age,
                    "stale_sources": stale,
                },
            )
        )
    return results


def check_names() -> list[str]:
    """Every asset check of the project: one per `TABLE_CHECKS` row, one freshness check per
    kind."""
    return [spec.name for spec in TABLE_CHECKS] + [_freshness_name(k) for k in MAX_FETCH_AGE_HOURS]
