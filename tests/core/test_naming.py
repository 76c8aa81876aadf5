"""The naming convention (README, "Naming convention"), checked over the warehouse's columns.

Timestamps (TIMESTAMPTZ) end in `_at`, DATE columns are the grain key (`day`, `month`) or end in
`_day`, booleans start with `is_`/`has_`. A name that breaks a rule must be listed below with its
reason (a contract-fixed name, or a deprecated alias kept for one release), so a new deviation
fails. Also: an existing warehouse of schema version 3 (tests/data/schema_v3/, the schema and views
of that release) is migrated to the new names, its rows kept and the old names still readable.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.core import warehouse

# Names the rules would reject but which stay, with the reason.
CONTRACT_FIXED: dict[tuple[str, str], str] = {
    ("outage_reports_hourly", "hour"): "contract key and the table's grain (start of the UTC hour)",
}
# Old names kept for one release (schema version 4), each an alias of its new name; removed in
# schema version 5. (table or view, old name) -> new name.
DEPRECATED: dict[tuple[str, str], str] = {
    ("incident_observations", "impact_inferred"): "is_impact_inferred",
    ("incidents", "impact_inferred"): "is_impact_inferred",
    ("incidents", "duration_clipped"): "is_duration_clipped",
    ("outage_reports_hourly", "excess"): "is_excess",
    ("incident_lead_times", "anomaly_run_end"): "anomaly_ended_at",
    ("incident_lead_times", "crowd_peak_reports"): "peak_reports",
    ("silent_outages", "run_start"): "started_at",
    ("silent_outages", "run_end"): "ended_at",
    ("crowd_anomaly_runs", "run_start"): "started_at",
    ("crowd_anomaly_runs", "run_end"): "ended_at",
    ("event_study", "last_day"): "last_incident_day",
    ("status_coverage", "covered_from"): "first_covered_day",
    ("status_coverage", "covered_until"): "last_covered_day",
    ("vendor_daily", "social_posts"): "social_items",
    ("vendor_daily", "outage_articles"): "news_outage_articles",
    ("vendor_daily", "crowd_anomalous_hours"): "crowd_anomaly_hours",
    ("vendor_scorecard_monthly", "incidents"): "incidents_started",
    ("vendor_scorecard_monthly", "social_posts"): "social_items",
    ("vendor_scorecard_monthly", "outage_articles"): "news_outage_articles",
    ("incidents_with_lead_time", "lead_time_evaluated"): "is_lead_time_evaluated",
    ("incidents_with_lead_time", "crowd_noticed_first"): "is_crowd_noticed_first",
}
DEPRECATION = re.compile(r"^Deprecated alias of (\w+); removed in schema version (\d+)\.$")
GRAIN_DATES = frozenset({"day", "month"})
LEGACY = Path(__file__).parents[1] / "data" / "schema_v3"

Column = tuple[str, str, str, str, bool]  # table or view, column, type, comment, is_generated


def columns(con: duckdb.DuckDBPyConnection) -> list[Column]:
    """Every column of every table and view of schema main."""
    return con.execute(
        "select table_name, column_name, data_type, coalesce(comment, ''), is_generated "
        "from duckdb_columns() where database_name = current_database() "
        "and schema_name = 'main' order by table_name, column_index"
    ).fetchall()


def deviations(cols: list[Column]) -> list[str]:
    """Columns breaking a rule of the convention, as 'table.column: rule'."""
    out = []
    for table, column, dtype, _, _ in cols:
        rules = [
            (dtype == "TIMESTAMP", "naive TIMESTAMP (use TIMESTAMPTZ, UTC)"),
            (dtype == "TIMESTAMP WITH TIME ZONE" and not column.endswith("_at"), "ends in _at"),
            (column.endswith("_at") and dtype != "TIMESTAMP WITH TIME ZONE", "_at is TIMESTAMPTZ"),
            (dtype == "DATE" and column not in GRAIN_DATES and not column.endswith("_day"),
             "a DATE is day/month or ends in _day"),
            (column.endswith("_day") and dtype != "DATE", "_day is a DATE"),
            (dtype == "BOOLEAN" and not column.startswith(("is_", "has_")),
             "a BOOLEAN starts with is_ or has_"),
        ]  # fmt: skip
        out += [f"{table}.{column}: {rule}" for broken, rule in rules if broken]
    return out


@pytest.fixture(scope="module")
def sample_columns(sample_home: Path) -> list[Column]:
    with warehouse.connect(warehouse.warehouse_path(sample_home), read_only=True) as con:
        return columns(con)


def test_every_column_follows_the_convention(sample_columns: list[Column]) -> None:
    allowed = {f"{t}.{c}" for t, c in [*CONTRACT_FIXED, *DEPRECATED]}
    new = [d for d in deviations(sample_columns) if d.split(":")[0] not in allowed]
    assert new == [], "rename, or list the exception with its reason in this test"


def test_the_rules_catch_a_deviation() -> None:
    cols: list[Column] = [
        ("t", "run_start", "TIMESTAMP WITH TIME ZONE", "", False),
        ("t", "covered_from", "DATE", "", False),
        ("t", "excess", "BOOLEAN", "", False),
        ("t", "seen", "TIMESTAMP", "", False),
        ("t", "day", "DATE", "", False),
        ("t", "is_ok", "BOOLEAN", "", False),
    ]
    assert [d.split(":")[0] for d in deviations(cols)] == [
        "t.run_start",
        "t.covered_from",
        "t.excess",
        "t.seen",
    ]


def test_deprecated_aliases_are_exactly_the_listed_ones(sample_columns: list[Column]) -> None:
    by_name = {(t, c): (dtype, generated) for t, c, dtype, _, generated in sample_columns}
    commented = {}
    for table, column, _, comment, _ in sample_columns:
        match = DEPRECATION.match(comment)
        if match:
            assert int(match.group(2)) == warehouse.SCHEMA_VERSION + 1
            commented[(table, column)] = match.group(1)
    assert commented == DEPRECATED
    for (table, old), new in DEPRECATED.items():
        assert by_name[(table, old)][0] == by_name[(table, new)][0], (table, old)
    # table aliases are virtual columns (RENAMED_COLUMNS); view aliases are plain view columns
    renamed = {(r.table_name, r.old_name): r.new_name for r in warehouse.RENAMED_COLUMNS}
    generated = {key for key, (_, is_generated) in by_name.items() if is_generated}
    assert generated == set(renamed)
    assert renamed == {key: new for key, new in DEPRECATED.items() if key in generated}


def test_deprecated_aliases_equal_their_new_columns(sample_home: Path) -> None:
    path = warehouse.snapshot_path(sample_home)  # what researchers open: aliases survive the copy
    with warehouse.connect(path, read_only=True) as con:
        for (table, old), new in DEPRECATED.items():
            differing, rows = con.execute(
                f'select count(*) filter (where "{old}" is distinct from "{new}"), count(*) '  # noqa: S608
                f'from "{table}"'
            ).fetchone()
            assert differing == 0, (table, old)
            assert rows > 0 or table == "silent_outages", (table, old)


# --- migration of a schema version 3 warehouse --------------------------------------------------


def legacy_warehouse(path: Path) -> None:
    """A warehouse written by schema version 3, with a row in each table that was renamed."""
    con = duckdb.connect(str(path))
    con.execute("set TimeZone = 'UTC'")
    con.execute((LEGACY / "schema.sql").read_text(encoding="utf-8"))
    con.execute((LEGACY / "views.sql").read_text(encoding="utf-8"))
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    con.execute("insert into schema_version values (3, ?, 'v3')", [start])
    con.execute(
        "insert into incident_observations values ('openai', 'i1', 'openai-status', "
        "'statuspage_json', 'API down', 'major', true, false, ?, null, 'investigating', "
        "['api'], 'https://x/i1', ?, true)",
        [start, start],
    )
    con.execute(
        "insert into incidents values ('openai', 'i1', 'API down', 'major', true, false, ?, "
        "null, null, ['api'], 'https://x/i1', 'openai-status', ['openai-status'], "
        "'investigating', 1, true)",
        [start],
    )
    con.execute(
        "insert into outage_reports_hourly values ('openai', ?, 9, 1, 0, 4, true, true)", [start]
    )
    con.execute(
        "insert into incident_lead_times values ('openai', 'i1', 'API down', 'major', ?, null, "
        "?, ?, 2, -60, 9, 'openai:2026-03-02T09:00Z')",
        [start, start.replace(hour=9), start.replace(hour=11)],
    )
    con.execute(
        "insert into silent_outages values ('openai', ?, ?, 2, 9, 15)",
        [start.replace(hour=20), start.replace(hour=22)],
    )
    con.execute(
        "insert into event_study (event_id, vendor, event_day, last_day, incident_id, "
        "started_at, incidents, worst_impact, subject_vendor, role, metric, pre_days, post_days) "
        "values ('openai:2026-03-02', 'openai', '2026-03-02', '2026-03-05', 'i1', ?, 2, "
        "'major', 'openai', 'vendor', 'sentiment', 3, 4)",
        [start],
    )
    con.close()


def test_a_version_3_warehouse_is_migrated(tmp_path: Path, empty_warehouse_file: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    legacy_warehouse(path)
    with warehouse.connect(path) as con:
        assert warehouse.schema_version(con) == warehouse.SCHEMA_VERSION
        migrated = columns(con)
        assert con.execute(
            "select is_impact_inferred, impact_inferred, is_duration_clipped, duration_clipped "
            "from incidents"
        ).fetchall() == [(True, True, True, True)]
        assert con.execute(
            "select is_impact_inferred, impact_inferred from incident_observations"
        ).fetchall() == [(True, True)]
        assert con.execute("select is_excess, excess from outage_reports_hourly").fetchall() == [
            (True, True)
        ]
        lead = con.execute(
            "select anomaly_ended_at = anomaly_run_end, peak_reports, crowd_peak_reports, burst_id "
            "from incident_lead_times"
        ).fetchall()
        assert lead == [(True, 9, 9, "openai:2026-03-02T09:00Z")]
        assert con.execute(
            "select hour(started_at), hour(ended_at), hour(run_start), hour(run_end) "
            "from silent_outages"
        ).fetchall() == [(20, 22, 20, 22)]
        assert con.execute(
            "select last_incident_day = last_day, day(last_day) from event_study"
        ).fetchall() == [(True, 5)]
        # the key moved to the new name
        with pytest.raises(duckdb.ConstraintException):
            con.execute(
                "insert into silent_outages values ('openai', "
                "timestamptz '2026-03-02 20:00:00+00', timestamptz '2026-03-02 23:00:00+00', "
                "3, 9, 20)"
            )
        leftovers = con.execute(
            "select table_name from duckdb_tables() where table_name like ?",
            ["%" + warehouse.LEGACY_SUFFIX],
        ).fetchall()
        assert leftovers == []
    # same columns, in the same order (positional INSERTs of sql/indicators rely on it), and
    # the same comments as a warehouse created at this version
    renamed = {r.table_name for r in warehouse.RENAMED_COLUMNS}
    with warehouse.connect(empty_warehouse_file, read_only=True) as fresh:
        expected = [c for c in columns(fresh) if c[0] in renamed]
    assert [c for c in migrated if c[0] in renamed] == expected
    with warehouse.connect(path) as con:  # once only
        assert warehouse.migrate_renamed_columns(con) == []
