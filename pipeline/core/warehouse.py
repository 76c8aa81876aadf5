"""DuckDB helpers: open the warehouse (UTC session, schema applied) and run named SQL files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import duckdb

WAREHOUSE_FILE = "warehouse.duckdb"
SNAPSHOT_FILE = "warehouse-snapshot.duckdb"
DEFAULT_HOME = "data"
# Raise with every change to the tables, columns or views of sql/core/schema.sql and views.sql.
SCHEMA_VERSION = 4
SCHEMA_DESCRIPTION = (
    "Names follow the README's naming convention: renamed table columns (RENAMED_COLUMNS) and "
    "view columns; every old name stays as a deprecated alias until schema version 5."
)


@dataclass(frozen=True, slots=True)
class RenamedColumn:
    """A table column renamed in schema version `since`; `old_name` stays a generated alias."""

    table_name: str
    old_name: str
    new_name: str
    since: int = 4


# Table columns renamed to the naming convention (README, "Naming convention"). sql/core/schema.sql
# declares each old name as a virtual column `old_name AS (new_name)` commented "Deprecated alias
# of <new_name>; removed in schema version 5"; a warehouse still storing the old name is migrated
# by migrate_renamed_columns. (View columns keep their aliases in sql/core/views.sql.)
RENAMED_COLUMNS: tuple[RenamedColumn, ...] = (
    RenamedColumn("incident_observations", "impact_inferred", "is_impact_inferred"),
    RenamedColumn("incidents", "impact_inferred", "is_impact_inferred"),
    RenamedColumn("incidents", "duration_clipped", "is_duration_clipped"),
    RenamedColumn("outage_reports_hourly", "excess", "is_excess"),
    RenamedColumn("incident_lead_times", "anomaly_run_end", "anomaly_ended_at"),
    RenamedColumn("incident_lead_times", "crowd_peak_reports", "peak_reports"),
    RenamedColumn("silent_outages", "run_start", "started_at"),
    RenamedColumn("silent_outages", "run_end", "ended_at"),
    RenamedColumn("event_study", "last_day", "last_incident_day"),
)
LEGACY_SUFFIX = "__before_rename"


def resolve_home(home: str | Path | None = None) -> Path:
    """Return the home folder: the argument, else $RADAR_HOME, else ./data."""
    value = home if home not in (None, "") else os.environ.get("RADAR_HOME") or DEFAULT_HOME
    return Path(value).expanduser()


def warehouse_path(home: Path) -> Path:
    """Path of the DuckDB warehouse file under the home."""
    return home / WAREHOUSE_FILE


def snapshot_path(home: Path) -> Path:
    """Path of the read-only snapshot researchers open (published after each successful run)."""
    return home / SNAPSHOT_FILE


def dashboards_dir(home: Path) -> Path:
    """Where dashboards go: ./dashboards beside the default ./data home, else <home>/dashboards."""
    if home.name == DEFAULT_HOME and home.resolve() == (Path.cwd() / DEFAULT_HOME).resolve():
        return home.parent / "dashboards"
    return home / "dashboards"


@cache
def sql_files() -> dict[str, Traversable]:
    """Map each statement's name to its file: `sql/<stage>/<name>.sql`, names unique across stages.

    Raises:
        RuntimeError: two stage folders hold a statement of the same name.
    """
    files: dict[str, Traversable] = {}
    for stage in resources.files("pipeline.sql").iterdir():
        if not stage.is_dir() or stage.name.startswith(("_", ".")):
            continue
        for entry in stage.iterdir():
            if not entry.name.endswith(".sql"):
                continue
            name = entry.name.removesuffix(".sql")
            if name in files:
                raise RuntimeError(f"sql statement {name!r} is in two stage folders")
            files[name] = entry
    return files


@cache
def load_sql(name: str) -> str:
    """Read the statement `name` (`sql/<stage>/<name>.sql`) from the installed package."""
    try:
        entry = sql_files()[name]
    except KeyError:
        raise KeyError(f"no sql statement named {name!r} under sql/<stage>/") from None
    return entry.read_text(encoding="utf-8")


_IDENTIFIER_SLOT = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def quote_identifier(name: str) -> str:
    """Quote a table or column name for DuckDB: the one way an identifier enters SQL text."""
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class OrderBy:
    """An ORDER BY clause over named columns, for an `{{order_by}}` slot (empty: no clause)."""

    columns: tuple[tuple[str, bool], ...] = ()  # (column, descending)

    def render(self) -> str:
        """The clause, each column quoted, NULLs last ('' when there are no columns)."""
        terms = [
            f"{quote_identifier(c)} {'desc' if descending else 'asc'} nulls last"
            for c, descending in self.columns
        ]
        return "order by " + ", ".join(terms) if terms else ""


@dataclass(frozen=True, slots=True)
class ColumnList:
    """A comma-separated list of column names, for a `{{columns}}` slot (each name quoted)."""

    columns: tuple[str, ...]

    def render(self) -> str:
        """The names, quoted, separated by commas."""
        return ", ".join(quote_identifier(c) for c in self.columns)


def sql_text(name: str, **identifiers: str | OrderBy | ColumnList) -> str:
    """The statement `name` with its `{{slot}}` identifier slots filled, each name quoted.

    A slot takes a table or column name (quoted by `quote_identifier`), an `OrderBy` or a
    `ColumnList`. Values
    (data) never go through here: they are `$name` parameters of `run_sql`.

    Raises:
        KeyError: a slot of the file has no identifier, or an identifier has no slot.
    """
    text = load_sql(name)
    slots = set(_IDENTIFIER_SLOT.findall(text))
    if slots != set(identifiers):
        raise KeyError(f"sql {name!r} has slots {sorted(slots)}, identifiers {sorted(identifiers)}")

    def fill(match: re.Match[str]) -> str:
        value = identifiers[match.group(1)]
        if isinstance(value, OrderBy | ColumnList):
            return value.render()
        return quote_identifier(value)

    return _IDENTIFIER_SLOT.sub(fill, text)


def run_sql(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    identifiers: Mapping[str, str | OrderBy | ColumnList] | None = None,
    **params: Any,
) -> list[tuple[Any, ...]]:
    """Execute the statement `name` with named parameters ($name in the file).

    `identifiers` fill the file's `{{slot}}` table or column names (see `sql_text`). Returns all
    result rows (the statement's result is always consumed, as DuckDB requires before the next
    statement on the connection).
    """
    text = sql_text(name, **identifiers) if identifiers else load_sql(name)
    return con.execute(text, params or None).fetchall()


@contextmanager
def staged(con: duckdb.DuckDBPyConnection, **frames: Any) -> Iterator[duckdb.DuckDBPyConnection]:
    """Register frames under the given names for the block, in one transaction.

    `with staged(con, staged_posts=posts): run_sql(con, "upsert_posts")`: the statements read
    the frames by name; the block commits on success, rolls back on any error, and the names
    are unregistered either way.
    """
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        with transaction(con):
            yield con
    finally:
        for name in frames:
            con.unregister(name)


def rebuild_table(con: duckdb.DuckDBPyConnection, table: str, sql_name: str, **params: Any) -> int:
    """Replace every row of derived `table` with the result of statement `sql_name`, atomically.

    Returns the table's row count afterwards.
    """
    with transaction(con):
        run_sql(con, "delete_all_rows", identifiers={"table": table})
        run_sql(con, sql_name, **params)
    return table_rows(con, table)


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table (IF NOT EXISTS), migrating tables written before a column rename, the
    views of sql/core/views.sql and their COMMENTs, and record SCHEMA_VERSION in schema_version
    (once per version)."""
    migrate_renamed_columns(con)
    run_sql(con, "views")
    run_sql(con, "record_schema_version", version=SCHEMA_VERSION, description=SCHEMA_DESCRIPTION)


def migrate_renamed_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply sql/core/schema.sql, first migrating tables that still store a RENAMED_COLUMNS old
    name (a warehouse of an earlier schema version), in one transaction.

    DuckDB cannot add a generated column to an existing table, so such a table is moved aside,
    re-created by the schema (new names plus the deprecated aliases), refilled by name from the
    old copy with its columns renamed, and the old copy dropped. Returns the migrated tables.
    """
    renames = [
        {"table_name": r.table_name, "old_name": r.old_name, "new_name": r.new_name}
        for r in RENAMED_COLUMNS
    ]
    stored = run_sql(con, "select_legacy_columns", renames=renames)
    tables = sorted({table for table, _, _ in stored})
    with transaction(con):
        for table in tables:
            legacy = table + LEGACY_SUFFIX
            run_sql(con, "rename_legacy_table", identifiers={"table": table, "legacy": legacy})
        run_sql(con, "schema")
        for table, old_name, new_name in stored:
            names = {"legacy": table + LEGACY_SUFFIX, "old_name": old_name, "new_name": new_name}
            run_sql(con, "rename_legacy_column", identifiers=names)
        for table in tables:
            legacy = table + LEGACY_SUFFIX
            run_sql(con, "copy_legacy_rows", identifiers={"table": table, "legacy": legacy})
            run_sql(con, "drop_legacy_table", identifiers={"legacy": legacy})
    return tables


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The highest schema version recorded in the warehouse (None before any writer ran)."""
    return run_sql(con, "select_schema_version")[0][0]


MEMORY_LIMIT_ENV = "RADAR_DUCKDB_MEMORY_LIMIT"
THREADS_ENV = "RADAR_DUCKDB_THREADS"
DEFAULT_MEMORY_LIMIT = "1GB"


def duckdb_config() -> dict[str, str | int]:
    """DuckDB settings for every database the pipeline opens: `memory_limit` from
    $RADAR_DUCKDB_MEMORY_LIMIT (default 1GB; DuckDB's own default, 80% of RAM, lets a large
    load keep the warehouse's blocks cached until the process is that big; past the limit
    DuckDB evicts them and spills operators to disk) and `threads` from $RADAR_DUCKDB_THREADS
    (default: DuckDB's, one per core)."""
    config: dict[str, str | int] = {
        "memory_limit": os.environ.get(MEMORY_LIMIT_ENV) or DEFAULT_MEMORY_LIMIT
    }
    if threads := os.environ.get(THREADS_ENV):
        config["threads"] = int(threads)
    return config


def prepare_connection(con: duckdb.DuckDBPyConnection, *, read_only: bool = False) -> None:
    """Pin the session to UTC, keep DuckDB's own progress bar out of the run's output (the
    CLI shows its own progress), apply `duckdb_config()` and, for writers, apply the schema."""
    con.execute("SET TimeZone = 'UTC'").fetchall()
    con.execute("SET enable_progress_bar = false").fetchall()
    config = duckdb_config()
    run_sql(con, "set_memory_limit", memory_limit=config["memory_limit"])
    if "threads" in config:
        run_sql(con, "set_threads", threads=config["threads"])
    if not read_only:
        apply_schema(con)


@contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse at `path` with a UTC session; writers get the schema applied."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        prepare_connection(con, read_only=read_only)
        yield con
    finally:
        con.close()


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Row count of a warehouse table."""
    return run_sql(con, "count_rows", identifiers={"table": table})[0][0]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in one transaction: commit on success, roll back on any error."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


def data_dictionary(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str, str]]:
    """(table, table comment, column, type, column comment) for every table of schema main."""
    return run_sql(con, "select_data_dictionary")


def view_dictionary(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, str, str]]:
    """(view, view comment, column, type, column comment) for every view of schema main."""
    return run_sql(con, "select_view_dictionary")


def _dictionary_sections(rows: list[tuple[str, str, str, str, str]], suffix: str = "") -> list[str]:
    out: list[str] = []
    current = None
    for table, table_comment, column, dtype, comment in rows:
        if table != current:
            current = table
            out += [
                "",
                f"#### `{table}`{suffix}",
                "",
                table_comment,
                "",
                "| column | type | meaning |",
                "|---|---|---|",
            ]
        out.append(f"| `{column}` | {dtype} | {comment} |")
    return out


def data_dictionary_markdown(con: duckdb.DuckDBPyConnection) -> str:
    """The data dictionary as Markdown: one section and column table per warehouse table, then
    one per view."""
    out = _dictionary_sections(data_dictionary(con))
    views = view_dictionary(con)
    if views:
        out += ["", "### Views", *_dictionary_sections(views, " (view)")]
    return "\n".join(out).strip() + "\n"
