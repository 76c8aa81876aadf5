"""Every example of the README section "Query the warehouse" runs on the sample's snapshot and
returns rows, so the examples cannot silently rot."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.core import warehouse

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Query the warehouse"


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme, f"README has no section {SECTION!r}"
    body = readme.split(SECTION, 1)[1]
    return body.split("\n## ", 1)[0]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", _section(), flags=re.DOTALL | re.MULTILINE)


SQL_BLOCKS = _blocks("sql")
PYTHON_BLOCKS = _blocks("python")


def _title(sql: str) -> str:
    first = sql.strip().splitlines()[0]
    return first.removeprefix("--").strip()[:60]


def test_section_has_examples_for_the_common_questions():
    assert len(SQL_BLOCKS) >= 6 and PYTHON_BLOCKS
    text = _section()
    for needle in (
        "duckdb -readonly data/warehouse-snapshot.duckdb",
        "read_only=True",
        "vendor_scorecard_monthly",
        "incidents_with_lead_time",
        "vendor_daily",
        "schema_version",
    ):
        assert needle in text, needle


@pytest.mark.parametrize("sql", SQL_BLOCKS, ids=[_title(s) for s in SQL_BLOCKS])
def test_sql_example_returns_rows(sample_home, sql):
    # A researcher's plain read-only connection: no UTC session set by the pipeline.
    with duckdb.connect(str(warehouse.snapshot_path(sample_home)), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    assert rows, "the example returned no rows on the sample"


@pytest.mark.parametrize("code", PYTHON_BLOCKS)
def test_python_example_runs(sample_home, tmp_path, code):
    (tmp_path / "data").symlink_to(sample_home, target_is_directory=True)  # the default home
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
