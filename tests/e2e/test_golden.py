"""The sample run computes exactly what was recorded: export bytes and snapshot tables.

When a change is meant to alter what the pipeline computes, record the new fingerprint with
`python -m tests.e2e.golden HOME > tests/data/golden/sample_fingerprint.json` after
`radar run --sample --home HOME`, and say why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

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
