"""The sample run computes exactly what was recorded: export bytes and snapshot tables.

When a change is meant to alter what the pipeline computes, record the new fingerprint with
`python -m tests.e2e.golden HOME > tests/data/golden/sample_fingerprint.json` after
`radar run --sample --home HOME`, and say why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from tests.e2e.golden import fingerprint

RECORDED = Path(__file__).parents[1] / "data" / "golden" / "sample_fingerprint.json"


def test_export_bundle_bytes_match_the_recording(sample_home: Path) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))["manifest"]
    now = fingerprint(sample_home)["manifest"]
    assert [(f["name"], f["sha256"]) for f in now["files"]] == [
        (f["name"], f["sha256"]) for f in recorded["files"]
    ]
    assert now == recorded


def test_snapshot_tables_match_the_recording(sample_home: Path) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))["tables"]
    now = json.loads(json.dumps(fingerprint(sample_home)["tables"], default=str))
    assert sorted(now) == sorted(recorded)
    changed = {t: (recorded[t]["rows"], now[t]["rows"]) for t in now if now[t] != recorded[t]}
    assert not changed, f"tables whose content changed (rows before, after): {changed}"


def test_sample_files_match_the_recording(sample_home: Path) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))["sample"]
    now = fingerprint(sample_home)["sample"]
    assert sorted(now) == sorted(recorded)
    assert [name for name in now if now[name] != recorded[name]] == []


def test_vendors_status_last_day_is_the_day_of_the_last_fetch(sample_home: Path) -> None:
    """The one export column the golden leaves out moves with the clock, and only with it."""
    with duckdb.connect(str(sample_home / "warehouse.duckdb"), read_only=True) as con:
        fetch_days = dict(
            con.execute(
                "select c.vendor, max(timezone('UTC', f.fetched_at))::date "
                "from status_coverage as c join raw_fetches as f using (source) group by c.vendor"
            ).fetchall()
        )
        exported = dict(
            con.execute(
                "select vendor, status_last_day from read_csv(?) where status_last_day is not null",
                [str(sample_home / "exports" / "vendors.csv")],
            ).fetchall()
        )
    assert len(exported) == 8
    assert exported == fetch_days
