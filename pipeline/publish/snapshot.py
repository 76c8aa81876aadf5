"""Publish a read-only snapshot of the warehouse for researchers.

DuckDB allows one writing process per database file, and a reader of `warehouse.duckdb` would
block the next run (or see tables between two assets). So after each successful run the writer
copies the whole warehouse into `warehouse-snapshot.duckdb` beside it: `COPY FROM DATABASE` into
a temporary file in the same folder (one transaction: a consistent state of every table, view
and COMMENT), then `os.replace` swaps it in. The rename is atomic on POSIX: a researcher who
has the old snapshot open keeps reading the old, complete file; a new connection gets the new
one; nobody ever sees a half-written snapshot, and the writer never waits for readers.

A run that changed a few tables does not copy the others again: `publish_snapshot` with
`changed` copies the last snapshot file (bytes, no DuckDB work) to the temporary file and
replaces the rows of the changed tables only, in one transaction, then renames it in the same
way; when the last snapshot is missing or does not hold the same tables, it copies everything.

The snapshot is written in an explicit, older storage format (`STORAGE_VERSION`), not the
format of the DuckDB the pipeline runs (2.x writes files 1.x cannot open): researchers open it
with the DuckDB 1.x command-line tool or any client since `OLDEST_READER`
(tests/publish/test_snapshot.py opens it with that release).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.errors import RadarError
from pipeline.core.warehouse import ColumnList, run_sql, transaction

log = logging.getLogger(__name__)

# Catalog alias of the temporary snapshot file while the writer fills it.
_ALIAS = "radar_snapshot"

# Storage format of the snapshot file (DuckDB's ATTACH option STORAGE_VERSION) and the oldest
# DuckDB release that opens it and runs every view (the README promises it).
STORAGE_VERSION = "v1.0.0"
OLDEST_READER = "1.1.0"


class SnapshotError(RadarError):
    """The snapshot could not be written; the previous snapshot is left as it was."""


@dataclass(frozen=True, slots=True)
class SnapshotStats:
    """What one publish wrote."""

    path: Path
    tables: int
    views: int
    bytes: int
    seconds: float


def _temporary_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def copy_database(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, int]:
    """Copy every table (rows, keys, COMMENTs) and view of the connection's database to a new
    DuckDB file at `path` in storage format `STORAGE_VERSION`, fully checkpointed (no .wal
    left beside it).

    Returns:
        (tables, views) in the copy.
    """
    source = run_sql(con, "select_current_database")[0][0]
    snapshot = {"snapshot": _ALIAS}
    run_sql(
        con,
        "attach_snapshot",
        identifiers=snapshot,
        path=str(path),
        storage_version=STORAGE_VERSION,
    )
    try:
        run_sql(con, "copy_database_to_snapshot", identifiers={"source": source, **snapshot})
        run_sql(con, "checkpoint_snapshot", identifiers=snapshot)
        counts = run_sql(con, "count_snapshot_objects", db=_ALIAS)[0]
    finally:
        run_sql(con, "detach_snapshot", identifiers=snapshot)
    return counts


def update_copy(
    con: duckdb.DuckDBPyConnection, path: Path, tables: Sequence[str]
) -> tuple[int, int] | None:
    """Replace the rows of `tables` in the snapshot file at `path` (a copy of the last snapshot)
    with the warehouse's, in one transaction, fully checkpointed.

    Returns (tables, views) in the file, or None (the file left as it was) when it does not hold
    exactly the warehouse's tables: the caller then copies the whole database.
    """
    source = run_sql(con, "select_current_database")[0][0]
    snapshot = {"snapshot": _ALIAS}
    run_sql(con, "attach_existing_snapshot", identifiers=snapshot, path=str(path))
    try:
        held = run_sql(con, "select_snapshot_tables", db=_ALIAS)
        if held != run_sql(con, "select_snapshot_tables", db=source) or not set(tables) <= {
            row[0] for row in held
        }:
            return None
        with transaction(con):
            for table in tables:  # the tables that changed: a handful
                stored = run_sql(con, "select_stored_columns", db=source, table=table)
                columns = ColumnList(tuple(row[0] for row in stored))
                run_sql(
                    con, "replace_snapshot_table",
                    identifiers={"source": source, "table": table, "columns": columns, **snapshot},
                )  # fmt: skip
        run_sql(con, "checkpoint_snapshot", identifiers=snapshot)
        return run_sql(con, "count_snapshot_objects", db=_ALIAS)[0]
    finally:
        run_sql(con, "detach_snapshot", identifiers=snapshot)


def publish_snapshot(
    con: duckdb.DuckDBPyConnection, target: Path, changed: Sequence[str] | None = None
) -> SnapshotStats:
    """Write the warehouse open on `con` (a writer connection) to `target`, atomically.

    Writes `.<target name>.tmp-<pid>` beside `target` and renames it over `target` only when
    complete; on any error the temporary file is removed and `target` is left untouched. With
    `changed` (the tables that changed since `target` was written by the same code), `target`
    is copied and only those tables' rows are replaced (`update_copy`); without it, or when
    `target` is missing or holds other tables, the whole database is copied.

    Raises:
        SnapshotError: the copy or the rename failed.
    """
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary_path(target)
    _remove(tmp)  # a leftover of a crashed publish by a process with the same pid
    try:
        counts = None
        if changed is not None and target.is_file():
            shutil.copyfile(target, tmp)
            counts = update_copy(con, tmp, changed)
            if counts is None:
                log.info("snapshot %s holds other tables: copying the whole warehouse", target)
                _remove(tmp)
        tables, views = counts or copy_database(con, tmp)
        tmp.replace(target)  # os.replace: atomic within one filesystem
    except (duckdb.Error, OSError) as err:
        _remove(tmp)
        raise SnapshotError(f"snapshot {target}: {err}") from err
    stats = SnapshotStats(
        path=target,
        tables=tables,
        views=views,
        bytes=target.stat().st_size,
        seconds=time.perf_counter() - started,
    )
    log.info(
        "snapshot %s: %d tables, %d views, %.1f MiB in %.2f s",
        target,
        stats.tables,
        stats.views,
        stats.bytes / 2**20,
        stats.seconds,
    )
    return stats
