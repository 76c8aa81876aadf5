"""Incremental runs (issue 14): a rerun does work in proportion to what changed, says what it
skipped, and leaves the same tables as a `radar run --full` rebuild."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import cli
from pipeline.core import warehouse
from pipeline.defs.changes import RUN_LOG_TABLES

NEW_PAYLOAD = Path("sample/status/cohere/incidents.json")
PUBLISHERS = {"dashboards", "exports", "warehouse_snapshot"}
DERIVED = {
    "incident_updates", "incidents", "articles", "outage_daily", "news_daily", "sentiment_daily",
    "migration_daily", "migration_index_daily", "outage_reports_hourly", "incident_lead_times",
    "silent_outages", "event_study", "event_study_summary", "event_study_curve",
}  # fmt: skip


def add_status_payload(home: Path) -> str:
    """Give cohere's status JSON one new resolved incident ten days after its newest; return
    the new incident's id."""
    path = home / NEW_PAYLOAD
    doc = json.loads(path.read_text(encoding="utf-8"))
    newest = max(doc["incidents"], key=lambda i: i["created_at"])

    def copy(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: v + "NEW" if k in ("id", "incident_id") else copy(v) for k, v in node.items()
            }
        if isinstance(node, list):
            return [copy(v) for v in node]
        if isinstance(node, str) and node.endswith("Z") and node[:4].isdigit():
            stamp = datetime.fromisoformat(node.replace("Z", "+00:00")) + timedelta(days=10)
            return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        return node

    doc["incidents"].insert(0, copy(newest))
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return newest["id"] + "NEW"


def tables(home: Path, path: Path | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every warehouse table but the run log's, its rows sorted (of the file `path`, by default
    the home's warehouse)."""
    path = path or warehouse.warehouse_path(home)
    with warehouse.connect(path, read_only=True) as con:
        names = [r[0] for r in warehouse.run_sql(con, "select_table_names")]
        return {
            name: _rows(con, name) for name in names if name not in RUN_LOG_TABLES
        }  # fmt: skip


def run_log(path: Path) -> dict[str, int]:
    """Row counts of the run log's tables in the warehouse file `path`."""
    with warehouse.connect(path, read_only=True) as con:
        return {name: warehouse.table_rows(con, name) for name in sorted(RUN_LOG_TABLES)}


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    return sorted(con.table(table).fetchall(), key=repr)


def run(home: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[set[str], set[str]]:
    """`radar run --sample` on `home`; return the assets it skipped and those it rebuilt."""
    skipped, rebuilt, _ = run_parts(home, capsys, *extra)
    return skipped, rebuilt


def run_parts(
    home: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[set[str], set[str], dict[str, tuple[set[str], set[str]]]]:
    """`run`, plus the publishers that rebuilt in part: name -> (parts rewritten, kept)."""
    capsys.readouterr()
    assert cli.main(["run", "--sample", "--home", str(home), *extra]) == cli.EXIT_OK
    out = capsys.readouterr().out
    listed: dict[str, set[str]] = {"unchanged, skipped": set(), "rebuilt": set()}
    partial: dict[str, tuple[set[str], set[str]]] = {}
    for line in out.splitlines():
        head, _, names = line.partition("): ")
        for label in listed:
            if head.startswith(label + " ("):
                listed[label] = set(names.split(", "))
        asset, _, rest = line.partition(": rewrote ")
        if rest:
            rewrote, _, kept = rest.partition("; kept unchanged ")
            partial[asset] = (set(rewrote.split(", ")), set(kept.split(", ")))
    return listed["unchanged, skipped"], listed["rebuilt"], partial


def export_bytes(home: Path) -> dict[str, bytes]:
    """Every file of the export bundle; the manifest without its `generated_at`."""
    files = {p.name: p.read_bytes() for p in (home / "exports").iterdir() if p.is_file()}
    manifest = json.loads(files.pop("manifest.json"))
    manifest.pop("generated_at")
    return files | {"manifest.json": json.dumps(manifest, sort_keys=True).encode()}


@pytest.fixture
def copied_home(sample_home: Path, tmp_path: Path) -> Path:
    """A copy of the session's sample home (mtimes kept), to run again without touching it."""
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    return home


def test_reruns_skip_unchanged_work_and_match_a_full_rebuild(
    copied_home: Path, sample_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = copied_home
    cold = tables(sample_home)

    # no new data: every derived table and every publisher is skipped, the tables stay
    skipped, rebuilt = run(home, capsys)
    assert skipped >= DERIVED | PUBLISHERS
    assert rebuilt == set()
    assert tables(home) == cold
    runs_page = (warehouse.dashboards_dir(home) / "runs.html").read_text(encoding="utf-8")
    assert "unchanged" in runs_page  # the run-details page shows this run all the same

    # one new status payload: the status side and what reads it rebuild, the rest is skipped
    new_id = add_status_payload(home)
    skipped, rebuilt, partial = run_parts(home, capsys)
    assert {"incidents", "outage_daily", "news_daily"} | PUBLISHERS <= rebuilt
    # the publishers rewrite only the pages and files whose inputs changed
    pages_rewritten, pages_kept = partial["dashboards"]
    assert {"outages.html", "index.html"} <= pages_rewritten  # the latest incidents
    assert pages_kept and not pages_kept & pages_rewritten
    files_rewritten, files_kept = partial["exports"]
    assert "incidents" in files_rewritten
    assert {"articles", "migrations", "sentiment_daily"} <= files_kept
    incremental_exports = export_bytes(home)
    assert {"articles", "sentiment_daily", "outage_reports_hourly", "migration_daily"} <= skipped
    assert skipped | rebuilt >= DERIVED  # the event study too: its events may not move
    incremental = tables(home)
    assert new_id in {row[1] for row in incremental["incidents"]}
    # the snapshot, updated in place of a whole copy, holds the same rows as the warehouse
    snap = warehouse.snapshot_path(home)
    assert tables(home, snap) == incremental
    assert run_log(snap) == run_log(warehouse.warehouse_path(home))
    assert incremental["outage_daily"] != cold["outage_daily"]

    # --full rebuilds everything and leaves exactly the same rows in every table
    skipped, rebuilt = run(home, capsys, "--full")
    assert skipped == set()
    assert rebuilt >= DERIVED | PUBLISHERS
    full = tables(home)
    assert sorted(full) == sorted(incremental)
    assert [t for t in full if full[t] != incremental[t]] == []
    # and the export files kept by the incremental run are those a full rebuild writes
    full_exports = export_bytes(home)
    assert [n for n in full_exports if full_exports[n] != incremental_exports.get(n)] == []


def test_a_full_run_after_a_cold_one_changes_no_table(
    copied_home: Path, sample_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, rebuilt = run(copied_home, capsys, "--full")
    assert rebuilt >= DERIVED | PUBLISHERS
    cold, full = tables(sample_home), tables(copied_home)
    assert [t for t in full if full[t] != cold[t]] == []
