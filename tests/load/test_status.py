"""Status loading: fetch and parse status feeds, store observations, rebuild incidents."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchSettings
from pipeline.load import feeds, status

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)


def _run(con: duckdb.DuckDBPyConnection, sources: list[Source], home: Path, run_id: str) -> list:
    feeds.fetch_sources(con, sources, home, run_id, FetchSettings())
    return feeds.parse_pending(con, sources, home, run_id, NOW, "status")


def test_status_payload_is_parsed_stored_and_merged(
    schema_con: duckdb.DuckDBPyConnection, home: Path
) -> None:
    source = Source("xai-status", "status", str(FIXTURES / "status" / "xai_feed.xml"), vendor="xai")
    (stats,) = _run(schema_con, [source], home, "run-1")
    observed = schema_con.execute(
        "select count(*) from incident_observations where source = 'xai-status'"
    ).fetchall()[0][0]
    updates = schema_con.execute("select count(*) from update_observations").fetchall()[0][0]
    assert stats.source == "xai-status" and stats.error is None and observed > 0
    assert stats.rows_written == observed + updates
    row = schema_con.execute(
        "select fetch_outcome, records_parsed, rows_written from source_runs"
    ).fetchall()
    assert row == [("fetched", stats.records, stats.rows_written)]
    assert status.build_incident_updates(schema_con) == updates
    assert status.build_incidents(schema_con) == observed
    # the same payload next run is unchanged: nothing to parse, the tables stay
    assert _run(schema_con, [source], home, "run-2") == []
    assert status.build_incidents(schema_con) == observed


def test_unusable_status_payload_fails_only_its_source(
    schema_con: duckdb.DuckDBPyConnection, tmp_path: Path, home: Path
) -> None:
    junk = tmp_path / "status.html"
    junk.write_bytes(b"<html><body>502 Bad Gateway</body></html>")
    good = Source("xai-status", "status", str(FIXTURES / "status" / "xai_feed.xml"))
    bad = Source("broken-status", "status", str(junk))
    stats = {s.source: s for s in _run(schema_con, [bad, good], home, "run-1")}
    assert stats["broken-status"].error is not None and stats["broken-status"].quarantined == 1
    assert stats["xai-status"].error is None
    outcomes = schema_con.execute(
        "select source, fetch_outcome from source_runs order by source"
    ).fetchall()
    assert outcomes == [("broken-status", "failed"), ("xai-status", "fetched")]
    assert (
        schema_con.execute("select record_ref from quarantine where source = 'broken-status'")
        .fetchall()[0][0]
        .startswith("payload:")
    )
