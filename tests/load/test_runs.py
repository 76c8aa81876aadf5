"""Run bookkeeping: fetch outcomes, remembered validators, pending payloads, failed payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.core.errors import ParseError
from pipeline.core.models import Quarantined, Source
from pipeline.ingest.fetch import fetch_source
from pipeline.load import runs

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
    frame = runs.quarantine_frame([Quarantined("s", "#3", "bad date")], NOW, "abc")
    assert frame.to_dicts() == [
        {"source": "s", "record_ref": "#3", "reason": "bad date", "seen_at": NOW, "sha256": "abc"}
    ]
    assert runs.quarantine_frame([], NOW, None).schema == runs.QUARANTINE_SCHEMA


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
