"""The researcher snapshot: complete, atomically replaced, never blocked by (or blocking) readers;
schema_version and the researcher views."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.core import warehouse
from pipeline.defs.assets import warehouse_snapshot
from pipeline.defs.changes import RUN_LOG_TABLES
from pipeline.defs.definitions import build_definitions
from pipeline.defs.resources import WarehouseResource
from pipeline.publish import snapshot

VIEWS = (
    "crowd_anomaly_runs",
    "incidents_with_lead_time",
    "status_coverage",
    "vendor_daily",
    "vendor_scorecard_monthly",
)


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
    return {name: warehouse.table_rows(con, name) for name in names}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill_probe(con: duckdb.DuckDBPyConnection, generation: int) -> None:
    """Fill table `probe` with exactly generation * 1000 rows, all of value `generation`."""
    con.execute("create or replace table probe (g integer)").fetchall()
    con.execute("insert into probe select $g from range($g * 1000)", {"g": generation}).fetchall()


# --- on the sample run -------------------------------------------------------------------------


def test_run_publishes_a_complete_snapshot(sample_home):
    snap = warehouse.snapshot_path(sample_home)
    assert snap.exists()
    assert not list(sample_home.glob(".warehouse-snapshot.duckdb.tmp-*")), "temporary file left"
    assert not snap.with_name(snap.name + ".wal").exists()
    with warehouse.connect(warehouse.warehouse_path(sample_home), read_only=True) as con:
        expected = _tables(con)
    with warehouse.connect(snap, read_only=True) as con:
        seen = _tables(con)
        # A run that changed no data table skips the snapshot (pipeline.defs.changes): the
        # snapshot's run-log tables may then lag behind the warehouse's, never run ahead.
        data = {n for n in expected if n not in RUN_LOG_TABLES}
        assert {n: seen[n] for n in data} == {n: expected[n] for n in data}
        assert all(seen[n] <= expected[n] for n in RUN_LOG_TABLES)
        assert set(seen) == set(expected)
        assert expected["incidents"] > 100
        views = {r[0] for r in con.execute("select view_name from duckdb_views()").fetchall()}
        assert set(VIEWS) <= views
        assert warehouse.schema_version(con) == warehouse.SCHEMA_VERSION
        undocumented = con.execute(
            "select table_name, column_name from duckdb_columns()"
            " where table_name in ? and coalesce(comment, '') = ''",
            [list(VIEWS)],
        ).fetchall()
        assert undocumented == []
        march = con.execute(
            "select incidents, uptime_pct from vendor_scorecard_monthly"
            " where vendor = 'anthropic' and month = date '2026-03-01'"
        ).fetchall()
        assert march and march[0][0] > 0 and 0 <= march[0][1] < 100


# --- readable by older DuckDB releases ------------------------------------------------------

OLD_READER = textwrap.dedent(
    """
    import json, sys
    import duckdb

    con = duckdb.connect(sys.argv[1], read_only=True)
    tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
    query = "select view_name from duckdb_views() where not internal"
    views = [r[0] for r in con.execute(query).fetchall()]
    rows = {n: con.execute(f'select count(*) from "{n}"').fetchall()[0][0] for n in tables + views}
    print(json.dumps({"version": duckdb.__version__, "rows": rows, "views": views}))
    """
)


@pytest.fixture(scope="session")
def oldest_duckdb() -> Path:
    """The Python of a venv with the oldest DuckDB the README promises, built once and cached in
    ~/.cache/radar-test-duckdb-<version> (pip from the package index); skips without network."""
    version = snapshot.OLDEST_READER
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    venv = cache / f"radar-test-duckdb-{version}"
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import duckdb; print(duckdb.__version__)"]
    if python.exists():
        done = subprocess.run(probe, capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout.strip() == version:
            return python
    # Built beside the cache and renamed into place: a concurrent session never sees half a venv.
    building = venv.with_name(f"{venv.name}.tmp-{os.getpid()}")
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(building)],
        [str(building / "bin" / "python"), "-m", "pip", "install", "-q",
         "--disable-pip-version-check", f"duckdb=={version}"],
    ]  # fmt: skip
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            shutil.rmtree(building, ignore_errors=True)
            pytest.skip(f"cannot install duckdb=={version} (no network?): {done.stderr[-300:]}")
    shutil.rmtree(venv, ignore_errors=True)  # a broken earlier build
    try:
        building.rename(venv)
    except OSError:  # another session renamed its build first: use that one
        shutil.rmtree(building, ignore_errors=True)
    done = subprocess.run(probe, capture_output=True, text=True, check=False)
    assert done.stdout.strip() == version, done.stderr
    return python


def test_snapshot_opens_with_the_oldest_promised_duckdb(sample_home, oldest_duckdb):
    """The snapshot is written in an old storage format: DuckDB 2.x's own format is unreadable
    for the 1.x CLI. The oldest release the README promises opens it read-only and counts the
    rows of every table and view (views are re-bound by the reader, so their SQL must be valid
    in that release too)."""
    snap = warehouse.snapshot_path(sample_home)
    with warehouse.connect(snap, read_only=True) as con:
        expected = _tables(con)
        query = "select view_name from duckdb_views() where not internal"
        views = sorted(r[0] for r in con.execute(query).fetchall())
    done = subprocess.run(
        [str(oldest_duckdb), "-c", OLD_READER, str(snap)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["version"] == snapshot.OLDEST_READER
    assert sorted(seen["views"]) == views and set(VIEWS) <= set(views)
    assert {n: seen["rows"][n] for n in expected} == expected
    assert seen["rows"]["vendor_scorecard_monthly"] > 0


CLI_SERIES = "1"
"""The DuckDB command-line tool the README promises: the current release of this major series
(the `duckdb-cli` wheel on PyPI carries the official binary)."""


@pytest.fixture(scope="session")
def duckdb_cli() -> Path:
    """The official DuckDB CLI binary of the newest 1.x release, pip-installed once into
    ~/.cache/radar-test-duckdb-cli-<series>; skips without network."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    target = cache / f"radar-test-duckdb-cli-{CLI_SERIES}"
    binary = target / "duckdb_cli" / "duckdb"
    if binary.exists():
        return binary
    building = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    step = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
            "--no-deps", "--target", str(building),
            f"duckdb-cli>={CLI_SERIES}.0,<{int(CLI_SERIES) + 1}"]  # fmt: skip
    done = subprocess.run(step, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 or not (building / "duckdb_cli" / "duckdb").exists():
        shutil.rmtree(building, ignore_errors=True)
        pytest.skip(f"cannot install the DuckDB {CLI_SERIES}.x CLI (no network?): "
                    f"{done.stderr[-300:]}")  # fmt: skip
    shutil.rmtree(target, ignore_errors=True)
    try:
        building.rename(target)
    except OSError:  # another session renamed its build first: use that one
        shutil.rmtree(building, ignore_errors=True)
    return binary


def test_snapshot_opens_in_the_duckdb_command_line_tool(sample_home, duckdb_cli):
    """`duckdb -readonly warehouse-snapshot.duckdb` with the official 1.x CLI: every table and
    view counts the same rows as in the pinned Python package."""
    snap = warehouse.snapshot_path(sample_home)
    with warehouse.connect(snap, read_only=True) as con:
        expected = _tables(con)
        query = "select view_name from duckdb_views() where not internal"
        views = sorted(r[0] for r in con.execute(query).fetchall())
        # names from the snapshot's own catalog, not from outside
        count = 'select count(*) from "{}"'
        for view in views:
            expected[view] = con.execute(count.format(view)).fetchall()[0][0]
    one = "select '{0}' as name, count(*) as n from \"{0}\""
    counts = " union all ".join(one.format(name) for name in sorted(expected))
    done = subprocess.run(
        [str(duckdb_cli), "-readonly", "-json", str(snap), "-c",
         f"select version() as version; {counts};"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    version_rows, *count_rows = [json.loads(block) for block in _json_blocks(done.stdout)]
    assert version_rows[0]["version"].startswith(f"v{CLI_SERIES}.")
    seen = {row["name"]: row["n"] for rows in count_rows for row in rows}
    assert seen == expected
    assert set(VIEWS) <= set(views) and seen["vendor_scorecard_monthly"] > 0


def _json_blocks(text: str) -> list[str]:
    """The JSON arrays the CLI prints, one per statement."""
    blocks, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "[":
            depth, start = depth + 1, i if depth == 0 else start
        elif char == "]":
            depth -= 1
            if depth == 0:
                blocks.append(text[start : i + 1])
    return blocks


def test_readme_states_the_snapshot_format_and_the_duckdb_pin():
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    pin = next(line.strip().strip('",') for line in pyproject.splitlines() if '"duckdb>' in line)
    major = int(duckdb.__version__.split(".")[0])
    assert pin == f"duckdb>={major}.0,<{major + 1}", "pin the major version the suite runs"
    assert f"`{pin}`" in readme
    assert f"`{snapshot.STORAGE_VERSION}`" in readme
    assert f"DuckDB {snapshot.OLDEST_READER} or later" in readme


# --- schema_version and views ------------------------------------------------------------------


def test_schema_version_is_recorded_once_per_version(tmp_path):
    path = tmp_path / "w.duckdb"
    for _ in range(2):
        with warehouse.connect(path) as con:
            rows = con.execute("select version, applied_at, description from schema_version")
            rows = rows.fetchall()
    assert len(rows) == 1
    version, applied_at, description = rows[0]
    assert version == warehouse.SCHEMA_VERSION and applied_at.tzinfo and description


def test_views_are_valid_on_an_empty_warehouse(tmp_path):
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        for view in VIEWS:
            assert con.execute(f"select * from {view}").fetchall() == []  # noqa: S608


def test_views_count_utc_days_in_any_session_time_zone(tmp_path):
    """An incident at 23:30 UTC on March 31 is a March incident even for a reader in Tokyo."""
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as con:
        con.execute(
            "insert into outage_daily values"
            " ('acme', date '2026-03-31', 1, 30, 0, 0, 100, 60, 0),"
            " ('acme', date '2026-04-01', 0, 30, 0, 0, 100, null, 0)"
        ).fetchall()
        con.execute(
            "insert into incidents (vendor, incident_id, impact, is_impact_inferred,"
            " is_maintenance, started_at, resolved_at, duration_minutes, source, sources, updates)"
            " values"
            " ('acme', 'i1', 'minor', false, false, timestamptz '2026-03-31 23:30:00+00',"
            " timestamptz '2026-04-01 00:30:00+00', 60, 's', ['s'], 2)"
        ).fetchall()
        con.execute(
            "insert into outage_reports_hourly values"
            " ('acme', timestamptz '2026-03-31 23:00:00+00', 7, 0, 0, 3, true, true)"
        ).fetchall()
    reader = duckdb.connect(str(path), read_only=True)
    try:
        reader.execute("set TimeZone = 'Asia/Tokyo'").fetchall()
        scorecard = reader.execute(
            "select month, incidents_started, mttr_minutes from vendor_scorecard_monthly"
        ).fetchall()
        daily = reader.execute(
            "select day, crowd_reports, crowd_anomaly_hours from vendor_daily"
        ).fetchall()
        lead = reader.execute(
            "select is_lead_time_evaluated, is_crowd_noticed_first from incidents_with_lead_time"
        ).fetchall()
    finally:
        reader.close()
    march, april = (r[0] for r in scorecard)
    assert [r[1:] for r in scorecard] == [(1, 60.0), (0, None)]
    assert (march.month, april.month) == (3, 4)
    assert [(d.isoformat(), r, a) for d, r, a in daily] == [
        ("2026-03-31", 7, 1),
        ("2026-04-01", None, None),
    ]
    assert lead == [(False, None)]  # not in incident_lead_times: not evaluated


# --- publish -----------------------------------------------------------------------------------


def test_publish_copies_every_table_and_replaces_the_previous_snapshot(tmp_path):
    db, snap = tmp_path / "warehouse.duckdb", tmp_path / "warehouse-snapshot.duckdb"
    for generation in (1, 2):
        with warehouse.connect(db) as con:
            _fill_probe(con, generation)
            stats = snapshot.publish_snapshot(con, snap)
            expected = _tables(con)
        assert stats.path == snap and stats.views == len(VIEWS)
        assert stats.tables == len(expected) and stats.bytes == snap.stat().st_size
        with warehouse.connect(snap, read_only=True) as con:
            assert _tables(con) == expected
            assert con.execute("select count(*), min(g) from probe").fetchall() == [
                (generation * 1000, generation)
            ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [snap.name, db.name]


def _contents(path: Path) -> dict[str, list[tuple]]:
    with warehouse.connect(path, read_only=True) as con:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        return {
            n: sorted(map(repr, con.execute(f'select * from "{n}"').fetchall()))  # noqa: S608
            for n in names
        }


def test_publish_of_changed_tables_updates_a_copy_of_the_last_snapshot(tmp_path, monkeypatch):
    db, snap = tmp_path / "warehouse.duckdb", tmp_path / "warehouse-snapshot.duckdb"
    with warehouse.connect(db) as con:
        _fill_probe(con, 1)
        # a generated column, as the deprecated aliases are: not inserted, computed
        con.execute("create table kept (k integer, twice integer as (k * 2))")
        con.execute("insert into kept (k) values (1), (2)")
        snapshot.publish_snapshot(con, snap)
        _fill_probe(con, 2)
        con.execute("insert into kept (k) values (3)")  # changed, but not named: left as it was

        def no_full_copy(*_: object) -> tuple[int, int]:
            raise AssertionError("the whole database was copied")

        monkeypatch.setattr(snapshot, "copy_database", no_full_copy)
        stats = snapshot.publish_snapshot(con, snap, changed=["probe"])
        monkeypatch.undo()
        assert stats.views == len(VIEWS) and stats.tables == len(_tables(con))
    contents = _contents(snap)
    assert len(contents["probe"]) == 2000 and len(contents["kept"]) == 2
    assert not snap.with_name(snap.name + ".wal").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [snap.name, db.name]
    with warehouse.connect(db) as con:
        snapshot.publish_snapshot(con, snap, changed=["kept"])
    assert _contents(snap) == _contents(db)


def test_publish_of_changed_tables_copies_everything_when_the_tables_differ(tmp_path):
    db, snap = tmp_path / "warehouse.duckdb", tmp_path / "warehouse-snapshot.duckdb"
    with warehouse.connect(db) as con:
        _fill_probe(con, 1)
        snapshot.publish_snapshot(con, snap)
        con.execute("create table added (a integer)")  # the last snapshot lacks it
        con.execute("insert into added values (7)")
        snapshot.publish_snapshot(con, snap, changed=["added"])
    assert _contents(snap) == _contents(db)
    with warehouse.connect(db) as con:  # no snapshot yet: a whole copy
        snap.unlink()
        snapshot.publish_snapshot(con, snap, changed=["probe"])
    assert _contents(snap) == _contents(db)


def test_failed_publish_leaves_the_previous_snapshot_intact(tmp_path, monkeypatch):
    db, snap = tmp_path / "warehouse.duckdb", tmp_path / "warehouse-snapshot.duckdb"
    with warehouse.connect(db) as con:
        _fill_probe(con, 1)
        snapshot.publish_snapshot(con, snap)
    before = _digest(snap)
    real_copy = snapshot.copy_database

    def copy_then_fail(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, int]:
        real_copy(con, path)  # a complete temporary file exists, but the publish fails
        raise duckdb.IOException("disk full (simulated)")

    monkeypatch.setattr(snapshot, "copy_database", copy_then_fail)
    with warehouse.connect(db) as con:
        _fill_probe(con, 2)
        with pytest.raises(snapshot.SnapshotError, match="disk full"):
            snapshot.publish_snapshot(con, snap)
    assert _digest(snap) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [snap.name, db.name]
    with warehouse.connect(snap, read_only=True) as con:
        assert con.execute("select count(*) from probe").fetchall() == [(1000,)]


READER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import duckdb

    snap, stop, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    query = "select count(*), min(g), max(g) from probe"
    held = None
    if mode != "reopen":  # keep one connection open across republishes
        held = duckdb.connect(str(snap), read_only=mode == "ro")
        held.execute(query).fetchall()
    print("ready", flush=True)
    seen, errors = set(), []
    while not stop.exists():
        try:
            if held is not None:
                seen.add(held.execute(query).fetchall()[0])
            else:  # a new connection each time (DuckDB reuses a file a process has open)
                with duckdb.connect(str(snap), read_only=True) as fresh:
                    seen.add(fresh.execute(query).fetchall()[0])
        except duckdb.Error as err:
            errors.append(str(err))
        time.sleep(0.002)
    print(json.dumps({"seen": sorted(seen), "errors": errors[:5]}))
    """
)


def _start_reader(snap: Path, stop: Path, mode: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", READER, str(snap), str(stop), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != "ready":
        proc.kill()
        pytest.fail(f"reader did not start: {line} {proc.stderr.read() if proc.stderr else ''}")
    return proc


def _reader_result(proc: subprocess.Popen[str]) -> dict[str, list]:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("mode", ["ro", "rw"])
def test_readers_keep_working_while_the_writer_republishes(tmp_path, mode):
    """Researchers' processes have the snapshot open while runs publish new snapshots.

    One process keeps a connection open (read-only; or read-write, against the advice): every
    publish still succeeds and that connection keeps its complete old view. Another process
    reconnects in a loop (read-only mode only: a read-write holder locks readers out of the
    old file): each new connection sees one complete generation, never a mix or an error."""
    db, snap = tmp_path / "warehouse.duckdb", tmp_path / "warehouse-snapshot.duckdb"
    stop = tmp_path / "stop"
    generations = range(1, 7)
    readers: list[subprocess.Popen[str]] = []
    try:
        with warehouse.connect(db) as con:
            for generation in generations:
                _fill_probe(con, generation)
                snapshot.publish_snapshot(con, snap)  # must not fail while readers hold it
                if generation == 1:
                    readers.append(_start_reader(snap, stop, mode))
                    if mode == "ro":
                        readers.append(_start_reader(snap, stop, "reopen"))
                time.sleep(0.05)  # give the reopening reader time to see this generation
        stop.touch()
        results = [_reader_result(proc) for proc in readers]
    finally:
        stop.touch()
        for proc in readers:
            if proc.poll() is None:
                proc.kill()
    assert all(r["errors"] == [] for r in results), results
    assert results[0]["seen"] == [[1000, 1, 1]]  # the open connection never changes under it
    if mode == "ro":
        complete = [[g * 1000, g, g] for g in generations]
        seen = results[1]["seen"]
        assert seen and all(s in complete for s in seen)
        assert len(seen) > 1, "the reopening reader never saw a new snapshot"
    with warehouse.connect(snap, read_only=True) as con:
        assert con.execute("select count(*) from probe").fetchall() == [(6000,)]


# --- the asset ---------------------------------------------------------------------------------


def test_snapshot_asset_is_downstream_of_every_other_asset():
    defs = build_definitions()
    graph = defs.resolve_asset_graph()
    key = dg.AssetKey("warehouse_snapshot")
    others = {k for k in graph.get_all_asset_keys() if k != key}
    assert graph.get(key).parent_keys == others
    for job in defs.resolve_all_job_defs():
        if not job.name.startswith("__"):
            assert key in job.asset_layer.selected_asset_keys, job.name


def test_failed_upstream_asset_means_no_publish(home):
    """A failing upstream asset skips warehouse_snapshot: the previous snapshot stays."""
    snap = warehouse.snapshot_path(home)
    snap.write_bytes(b"previous snapshot")

    @dg.asset(name="exports")
    def failing_exports() -> None:
        raise RuntimeError("exports folder not writable (simulated)")

    resources = {"warehouse": WarehouseResource(home=str(home))}
    failed = dg.materialize(
        [failing_exports, warehouse_snapshot], resources=resources, raise_on_error=False
    )
    assert not failed.success
    assert snap.read_bytes() == b"previous snapshot"
    ok = dg.materialize([warehouse_snapshot], resources=resources, raise_on_error=False)
    assert ok.success
    with warehouse.connect(snap, read_only=True) as con:
        assert warehouse.schema_version(con) == warehouse.SCHEMA_VERSION
