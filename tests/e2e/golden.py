"""Fingerprint of what `radar run --sample` computes: sample files, export bundle, snapshot tables.

`python -m tests.e2e.golden HOME > tests/data/golden/sample_fingerprint.json` records it; the
test `test_golden.py` compares a fresh run against the recording, so that code can move without
changing what the pipeline computes. Columns that hold the time of the run (fetched_at, seen_at…)
or its id are left out and the home's path reads `<home>`; everything else is hashed row by
row, order-independently.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import duckdb

RUN_COLUMNS = frozenset(
    {
        "fetched_at",
        "parsed_at",
        "first_seen_at",
        "seen_at",
        "updated_at",
        "applied_at",
        "run_id",
        "started_at_run",
        "run_start",
        "run_end",
        "finished_at",
        "elapsed_ms",
        "duration_ms",
    }
)
RUN_TABLES = frozenset({"source_runs"})
# Export files with a column of the run's day: vendors.* `status_last_day` is the day of the last
# successful status fetch, so it moves with the clock; these files are hashed without it.
RUN_DAY_FILES = {"vendors.csv": ("status_last_day",), "vendors.parquet": ("status_last_day",)}


def _content_md5(path: Path, left_out: tuple[str, ...]) -> str:
    """md5 of the rows of an exported CSV/Parquet file less the `left_out` columns."""
    with duckdb.connect() as con:
        reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
        exclude = ", ".join('"' + c + '"' for c in left_out)
        (digest,) = con.execute(
            f"select md5(coalesce(string_agg(h, chr(10) order by h), '')) "  # noqa: S608
            f"from (select cast(t as varchar) as h from "
            f"(select * exclude ({exclude}) from {reader}(?)) as t)",
            [str(path)],
        ).fetchone()
    return digest


def fingerprint(home: Path) -> dict[str, Any]:
    """Return the export manifest (less `generated_at`), sample files' sha256, table hashes."""
    manifest = json.loads((home / "exports" / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("generated_at", None)
    for entry in manifest["files"]:
        if entry["name"] in RUN_DAY_FILES:
            left_out = RUN_DAY_FILES[entry["name"]]
            entry["sha256"] = (
                "content md5 less "
                + ",".join(left_out)
                + ": "
                + _content_md5(home / "exports" / entry["name"], left_out)
            )
    tables: dict[str, Any] = {}
    with duckdb.connect(str(home / "warehouse-snapshot.duckdb"), read_only=True) as con:
        names = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'main' order by 1"
            ).fetchall()
        ]
        for table in names:
            if table in RUN_TABLES:
                continue
            columns = [
                row[0]
                for row in con.execute(
                    "select column_name from duckdb_columns() where table_name = ? "
                    "order by column_index",
                    [table],
                ).fetchall()
                if row[0] not in RUN_COLUMNS
            ]
            quoted = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
            count, digest = con.execute(
                f"select count(*), md5(coalesce(string_agg(h, '' order by h), '')) "  # noqa: S608
                f"from (select md5(replace(cast(row({quoted}) as varchar), ?, '<home>')) as h "
                f'from "{table}")',
                [str(home.resolve())],
            ).fetchone()
            tables[table] = {"rows": count, "columns": columns, "md5": digest}
    sample = {
        path.relative_to(home / "sample").as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((home / "sample").rglob("*"))
        if path.is_file()
    }
    return {"manifest": manifest, "sample": sample, "tables": tables}


if __name__ == "__main__":
    print(json.dumps(fingerprint(Path(sys.argv[1])), indent=1, sort_keys=True, default=str))
