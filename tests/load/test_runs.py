"""Run bookkeeping: fetch outcomes, remembered validators, pending payloads, failed payloads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from pipeline.core import warehouse
from pipeline.core.errors import ParseError
from pipeline.core.models import Quarantined, Source
from pipeline.ingest.fetch import FetchOutcome, fetch_source
from pipeline.load import runs, staging

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)


def _sources(tmp_path: Path) -> list[Source]:
    good = tmp_path / "feed.atom"
    good.write_bytes(b"<feed/>")
    return [
        Source("good", "status", str(good)),
        Source("gone", "status", str(tmp_path / "missing.atom")),
    ]


def test_record_fetches_writes_runs_state_and_archive_log(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    sources = _sources(tmp_path)
    outcomes = [fetch_source(s, home) for s in sources]
    runs.record_fetches(schema_con, "run-1", outcomes, sources)
    rows = schema_con.execute(
        "select source, fetch_outcome, error is not null from source_runs order by source"
    ).fetchall()
    assert rows == [("gone", "failed", True), ("good", "fetched", False)]
    assert schema_con.execute("select source from raw_fetches").fetchall() == [("good",)]
    assert schema_con.execute("select source, url from fetch_state").fetchall() == [
        ("good", sources[0].url)
    ]
    assert runs.fetch_outcome(schema_con, "run-1", "good") == "fetched"
    assert runs.fetch_outcome(schema_con, "run-1", "nobody") is None
    pending = runs.pending_payloads(schema_con, "run-1")
    assert [(p.source, p.sha256) for p in pending] == [("good", outcomes[0].sha256)]


def test_parsed_payload_is_unchanged_next_run(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    source = _sources(tmp_path)[0]
    first = fetch_source(source, home)
    runs.record_fetches(schema_con, "run-1", [first], [source])
    runs.mark_parsed(schema_con, source.name, first.sha256, NOW)
    runs.record_fetches(schema_con, "run-2", [fetch_source(source, home)], [source])
    assert runs.fetch_outcome(schema_con, "run-2", "good") == "unchanged"
    assert runs.pending_payloads(schema_con, "run-2") == []


def test_validators_are_remembered_only_for_the_same_url(
    schema_con: duckdb.DuckDBPyConnection,
) -> None:
    schema_con.execute(
        "insert into fetch_state values ('s', 'https://a.example/feed', '\"v1\"', 'Tue', null,"
        " null, null, null)"
    ).fetchall()
    same = Source("s", "status", "https://a.example/feed")
    moved = Source("s", "status", "https://b.example/feed")
    assert runs.remembered_validators(schema_con, [same])["s"].etag == '"v1"'
    assert runs.remembered_validators(schema_con, [moved]) == {}


def test_record_payloads_logs_raw_fetches_only(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    source = _sources(tmp_path)[0]
    runs.record_payloads(schema_con, [fetch_source(source, home)])
    assert schema_con.execute("select count(*) from raw_fetches").fetchall() == [(1,)]
    assert schema_con.execute("select count(*) from source_runs").fetchall() == [(0,)]


def test_store_parse_failure_quarantines_the_whole_payload(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    source = _sources(tmp_path)[0]
    outcome = fetch_source(source, home)
    runs.record_fetches(schema_con, "run-1", [outcome], [source])
    (pending,) = runs.pending_payloads(schema_con, "run-1")
    error = ParseError("good", "payload", "unrecognised format")
    stats = runs.store_parse_failure(schema_con, "run-1", pending, error)
    assert stats == runs.ParseStats("good", None, 0, 1, 0, str(error))
    assert schema_con.execute("select source, record_ref, reason from quarantine").fetchall() == [
        ("good", f"payload:{outcome.sha256[:12]}", "unrecognised format")
    ]
    row = schema_con.execute("select quarantined, error from source_runs").fetchall()
    assert row == [(1, str(error))]
    # not marked parsed: the next run parses (and reports) the same payload again
    runs.record_fetches(schema_con, "run-2", [fetch_source(source, home)], [source])
    assert runs.fetch_outcome(schema_con, "run-2", "good") == "fetched"
    assert [p.sha256 for p in runs.pending_payloads(schema_con, "run-2")] == [pending.sha256]


def test_quarantine_frame_columns() -> None:
    frame = staging.quarantine_frame([Quarantined("s", "#3", "bad date")], NOW, "abc")
    assert frame.to_dicts() == [
        {"source": "s", "record_ref": "#3", "reason": "bad date", "seen_at": NOW, "sha256": "abc"}
    ]
    assert staging.quarantine_frame([], NOW, None).schema == staging.QUARANTINE_SCHEMA


def test_status_sources_record_their_vendor_for_coverage(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    good = tmp_path / "feed.atom"
    good.write_bytes(b"<feed/>")
    sources = [
        Source("good", "status", str(good), vendor="anthropic"),
        Source("gone", "status", str(tmp_path / "missing.atom"), vendor="openai"),
        Source("wire", "news", str(good)),
    ]
    runs.record_fetches(schema_con, "run-1", [fetch_source(s, home) for s in sources], sources)
    rows = schema_con.execute("select source, vendor from source_runs order by source").fetchall()
    assert rows == [("gone", "openai"), ("good", "anthropic"), ("wire", None)]
    # only the successful fetch covers anything: the 404'd / missing feed has no coverage row
    coverage = schema_con.execute("select vendor, source, fetches from status_coverage")
    assert coverage.fetchall() == [("anthropic", "good", 1)]


def _outcome(source: str, n: int, **changes: object) -> FetchOutcome:
    """A successful fetch outcome of `source` with payload number `n`."""
    base = FetchOutcome(
        source=source, kind="news", url=f"https://n.example/{n}", started_at=NOW,
        fetched_at=NOW + timedelta(seconds=n), http_status=200, not_modified=False,
        sha256=f"{n:064x}", bytes=1000 + n, archive_path=Path(f"raw/{n}.xml"),
        content_type="application/xml", etag=f'"e{n}"', last_modified=None, attempts=1,
        error=None,
    )  # fmt: skip
    return replace(base, **changes)


def test_staged_fetch_rows_equal_the_polars_frame(schema_con: duckdb.DuckDBPyConnection) -> None:
    # The rows stage_fetches makes from list parameters are those (values and column types)
    # of the FETCH_SCHEMA frame the stage loaders register under the same name.
    outcomes = [
        _outcome("a", 1),
        _outcome("b", 2, http_status=None, sha256=None, bytes=None, archive_path=None,
                 error="HTTP 503", attempts=3, fetched_at=None),
        _outcome("c", 3, not_modified=True, sha256=None, etag=None, last_modified="Tue"),
    ]  # fmt: skip
    keys, vendors = {"a": "https://catalog.example/a"}, {"c": "openai"}
    query = "select * from staged_fetches order by source"
    with warehouse.transaction(schema_con):
        warehouse.run_sql(
            schema_con, "stage_fetches", **runs.fetch_columns("r1", outcomes, keys, vendors)
        )
        listed = schema_con.execute(query).fetchall()
        listed_types = schema_con.execute("describe staged_fetches").fetchall()
        warehouse.run_sql(schema_con, "drop_staged_fetches")
    frame = runs.fetch_frame("r1", outcomes, keys, vendors)
    with warehouse.staged(schema_con, staged_fetches=frame):
        assert schema_con.execute(query).fetchall() == listed
        assert schema_con.execute("describe staged_fetches").fetchall() == listed_types
    assert [row[1] for row in listed] == ["a", "b", "c"]
    assert listed[1][6] == NOW  # fetched_at falls back to started_at


def test_fetch_times_are_stored_as_utc_instants(schema_con: duckdb.DuckDBPyConnection) -> None:
    paris = timezone(timedelta(hours=2))
    local = datetime(2026, 3, 4, 14, tzinfo=paris)  # 12:00 UTC
    naive = datetime(2026, 3, 4, 13, tzinfo=UTC).replace(tzinfo=None)  # taken as UTC
    runs.record_payloads(schema_con, [_outcome("a", 1, fetched_at=local)])
    runs.record_payloads(schema_con, [_outcome("b", 2, fetched_at=naive)])
    rows = schema_con.execute("select source, fetched_at from raw_fetches order by source")
    assert rows.fetchall() == [("a", NOW), ("b", NOW + timedelta(hours=1))]


def test_many_payloads_are_logged_and_the_staging_table_is_dropped(
    schema_con: duckdb.DuckDBPyConnection,
) -> None:
    outcomes = [_outcome("wire", n) for n in range(400)]
    runs.record_payloads(schema_con, [*outcomes, outcomes[0]])  # one payload twice: kept once
    assert schema_con.execute("select count(*) from raw_fetches").fetchall() == [(400,)]
    assert schema_con.execute("select sum(bytes) from raw_fetches").fetchall() == [
        (sum(1000 + n for n in range(400)),)
    ]
    runs.record_payloads(schema_con, [])
    tables = schema_con.execute("select table_name from duckdb_tables() where temporary")
    assert tables.fetchall() == []


def test_a_failed_record_rolls_back_and_frees_the_staging_name(
    schema_con: duckdb.DuckDBPyConnection,
) -> None:
    sources = [Source("a", "news", "https://n.example/1")]
    bad = _outcome("a", 1, kind=None)  # source_runs.kind is not null
    with pytest.raises(duckdb.ConstraintException):
        runs.record_fetches(schema_con, "run-1", [bad], sources)
    assert schema_con.execute("select count(*) from raw_fetches").fetchall() == [(0,)]
    # the name is free again for a frame registered by a stage loader, and for the next run
    frame = runs.fetch_frame("", [_outcome("a", 2)], {})
    with warehouse.staged(schema_con, staged_fetches=frame):
        warehouse.run_sql(schema_con, "record_raw_fetches")
    runs.record_fetches(schema_con, "run-2", [_outcome("a", 3)], sources)
    assert schema_con.execute("select count(*) from raw_fetches").fetchall() == [(2,)]


def test_recording_fetches_imports_neither_numpy_nor_pyarrow(
    empty_warehouse_file: Path, tmp_path: Path
) -> None:
    # A run with nothing new records its fetches; registering a polars frame with DuckDB would
    # import numpy and pyarrow (~0.15 s) for those few rows (issue 14).
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(empty_warehouse_file, path)
    script = textwrap.dedent(
        f"""
        import sys
        from datetime import UTC, datetime
        import duckdb
        from pipeline.core import warehouse
        from pipeline.core.models import Source
        from pipeline.ingest.fetch import FetchOutcome
        from pipeline.load import runs

        assert "numpy" not in sys.modules and "pyarrow" not in sys.modules, "imported early"
        now = datetime(2026, 3, 4, tzinfo=UTC)
        fetched = FetchOutcome("s", "status", "u", now, now, 200, False, "ab", 2, "raw/ab", None,
                               None, None, 1, None)
        con = duckdb.connect({str(path)!r})
        warehouse.prepare_connection(con, read_only=True)
        runs.record_fetches(con, "r", [fetched], [Source("s", "status", "u")])
        runs.record_payloads(con, [fetched])
        print(sorted({{"numpy", "pyarrow"}} & set(sys.modules)))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
