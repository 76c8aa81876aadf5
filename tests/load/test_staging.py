"""Parse to Parquet staging, in parallel processes, then one writer: same tables as in-process."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.core import warehouse
from pipeline.core.models import Source
from pipeline.ingest.archive import archive_payload
from pipeline.ingest.fetch import FetchSettings
from pipeline.load import feeds, staging

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
# The tables parse_pending writes, less the columns holding the time of the fetch.
TABLES = {
    "incident_observations": "*",
    "update_observations": "*",
    "news_items": "* exclude (first_seen_at)",
    "quarantine": "* exclude (seen_at)",
}


def _sources(tmp_path: Path) -> list[Source]:
    junk = tmp_path / "broken.xml"
    junk.write_bytes(b"<html><body>502 Bad Gateway</body></html>")
    status = [
        Source("xai-status", "status", str(FIXTURES / "status" / "xai_feed.xml"), vendor="xai"),
        Source(
            "openai-status",
            "status",
            str(FIXTURES / "status" / "incidentio_openai.atom"),
            vendor="openai",
        ),
        Source(
            "edge-status",
            "status",
            str(FIXTURES / "status" / "statuspage_edge_cases.atom"),
            vendor="anthropic",
        ),
        Source("broken-status", "status", str(junk), vendor="anthropic"),
    ]
    news = [
        Source("search-news", "news", str(FIXTURES / "news" / "google_news_search.rss")),
        Source("entity-news", "news", str(FIXTURES / "news" / "undeclared_entities.rss")),
    ]
    return status + news


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {
        t: sorted(map(repr, con.execute(f"select {c} from {t}").fetchall()))  # noqa: S608
        for t, c in TABLES.items()
    }


def _ingest(con: duckdb.DuckDBPyConnection, home: Path, sources: list[Source], workers: int):
    feeds.fetch_sources(con, sources, home, "run-1", FetchSettings())
    stats = feeds.parse_pending(con, sources, home, "run-1", NOW, "status", workers)
    stats += feeds.parse_pending(con, sources, home, "run-1", NOW, "news", workers)
    return stats


def test_parallel_parse_leaves_the_same_tables_as_one_process(
    schema_con: duckdb.DuckDBPyConnection, empty_warehouse_file: Path, tmp_path: Path
) -> None:
    sources = _sources(tmp_path)
    one_home, two_home = tmp_path / "one", tmp_path / "two"
    one = _ingest(schema_con, one_home, sources, workers=1)
    two_db = tmp_path / "two.duckdb"
    shutil.copyfile(empty_warehouse_file, two_db)
    with duckdb.connect(str(two_db)) as two_con:
        warehouse.prepare_connection(two_con, read_only=True)  # UTC; schema already there
        two = _ingest(two_con, two_home, sources, workers=2)
        assert _tables(two_con) == _tables(schema_con)
    assert one == two
    by_source = {s.source: s for s in one}
    assert by_source["broken-status"].error is not None
    assert by_source["xai-status"].rows_written > 0 and by_source["search-news"].rows_written > 0
    assert not (one_home / staging.STAGING_DIR).exists() or not any(
        (one_home / staging.STAGING_DIR).iterdir()
    ), "loaded payloads leave no staging files"
    assert not any((two_home / staging.STAGING_DIR).iterdir())


def test_stage_payload_writes_one_parquet_file_per_table(home: Path) -> None:
    payload = (FIXTURES / "status" / "xai_feed.xml").read_bytes()
    sha, path = archive_payload(home, payload)
    source = Source("xai-status", "status", "xai.xml", vendor="xai")
    staged = staging.stage_payload(home, staging.PayloadJob(source, sha, str(path), NOW), NOW)
    folder = Path(staged.folder)
    assert staged.failure is None and folder == staging.staging_folder(home, "xai-status", sha)
    assert sorted(p.name for p in folder.iterdir()) == [
        "incidents.parquet", "outcome.json", "quarantine.parquet", "updates.parquet",
    ]  # fmt: skip
    incidents = pl.read_parquet(folder / "incidents.parquet")
    updates = pl.read_parquet(folder / "updates.parquet")
    assert incidents.height + updates.height == staged.rows > 0
    assert staging.read_staged([staged], "status", "incidents").equals(incidents)
    staging.discard([staged])
    assert not folder.exists() and not folder.parent.exists()


def test_unusable_or_tampered_payload_is_a_failure_not_an_exception(home: Path) -> None:
    sha, path = archive_payload(home, b"<html><body>502 Bad Gateway</body></html>")
    source = Source("broken-status", "status", "broken.xml", vendor="xai")
    staged = staging.stage_payload(home, staging.PayloadJob(source, sha, str(path), NOW), NOW)
    assert staged.failure is not None and staged.failure[0] == "payload"
    assert "broken-status" in str(staged.error()) and not Path(staged.folder).exists()
    (home / path).write_bytes(b"changed after the fetch")
    staged = staging.stage_payload(home, staging.PayloadJob(source, sha, str(path), NOW), NOW)
    assert staged.failure is not None and "sha256" in staged.failure[1]
    assert staging.read_staged([staged], "status", "incidents").schema == pl.Schema(
        staging.INCIDENT_SCHEMA
    )


def test_parse_workers_pay_off_only_beside_the_biggest_payload(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Source("s", "status", "s.xml", vendor="xai")

    def jobs(*sizes: int) -> list[staging.PayloadJob]:
        out = []
        for k, size in enumerate(sizes):
            path = home / "raw" / f"f{k}"
            path.parent.mkdir(exist_ok=True)
            with path.open("wb") as handle:
                handle.truncate(size)  # sparse: the size is what counts
            out.append(staging.PayloadJob(source, f"{k}", f"raw/f{k}", NOW))
        return out

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    big = staging.PARALLEL_MIN_BYTES
    assert staging.parse_workers(home, jobs(1000, 2000), None) == 1
    assert staging.parse_workers(home, jobs(10 * big, big // 2), None) == 1
    assert staging.parse_workers(home, jobs(big, big // 2, big // 2, 10), None) == 2
    assert staging.parse_workers(home, jobs(10, 10, 10), 3) == 3
    assert staging.parse_workers(home, jobs(10), 4) == 1


@pytest.mark.parametrize(
    ("source", "sha"), [("../up", "ab" * 32), ("s", "../../etc"), ("s", ""), ("/abs", "ab")]
)
def test_staging_folders_never_leave_the_staging_area(home: Path, source: str, sha: str) -> None:
    with pytest.raises(ValueError, match="staging folder"):
        staging.staging_folder(home, source, sha)
