"""End to end on the embedded sample: `radar run --sample` recovers the planted truth."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline import cli
from pipeline.core import warehouse

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_CHECK = ROOT.parent / "shared" / "tools" / "contract_check.py"
DERIVED_TABLES = (
    "raw_fetches",
    "quarantine",
    "incident_observations",
    "update_observations",
    "incidents",
    "incident_updates",
    "outage_daily",
    "news_items",
    "article_pages",
    "articles",
    "news_daily",
    "posts",
    "migrations",
    "migration_daily",
    "migration_index_daily",
    "sentiment_daily",
    "outage_reports_hourly",
    "incident_lead_times",
    "silent_outages",
)


# When and from which local path a payload was fetched differs between two homes, by design.
FETCH_TIME_COLUMNS = ("fetched_at", "first_seen_at", "seen_at", "final_url")


def snapshot(db: Path, *, without_fetch_times: bool = False) -> dict[str, list[tuple]]:
    """Every row of the tables a re-run must leave identical, in a stable order.

    `without_fetch_times` leaves out the columns that record when a payload was fetched (they
    differ between two fresh homes, by design).
    """
    with warehouse.connect(db, read_only=True) as con:
        out = {}
        for table in DERIVED_TABLES:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() where table_name = ?"
                    " order by column_index",
                    [table],
                ).fetchall()
                if not (without_fetch_times and r[0] in FETCH_TIME_COLUMNS)
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'select {listed} from "{table}"').fetchall()  # noqa: S608
            out[table] = sorted(rows, key=repr)
        return out


@pytest.fixture(scope="module")
def truth(sample_home: Path) -> dict:
    return json.loads((sample_home / "sample" / "truth.json").read_text())


@pytest.fixture
def con(sample_home: Path):
    with warehouse.connect(warehouse.warehouse_path(sample_home), read_only=True) as c:
        yield c


def _ts(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_every_planted_incident_is_recovered_exactly(con, truth):
    got = {
        (v, i): (s, r, imp, m)
        for v, i, s, r, imp, m in con.execute(
            "select vendor, incident_id, started_at, resolved_at, impact, is_maintenance"
            " from incidents"
        ).fetchall()
    }
    expected = {
        (t["vendor"], t["incident_id"]): (
            _ts(t["started_at"]),
            _ts(t["resolved_at"]),
            t["impact"],
            t["is_maintenance"],
        )
        for t in truth["incidents"]
    }
    missing = expected.keys() - got.keys()
    extra = got.keys() - expected.keys()
    assert not missing, f"missing incidents: {sorted(missing)[:5]}"
    assert not extra, f"unexpected incidents: {sorted(extra)[:5]}"
    wrong = {k: (got[k], v) for k, v in expected.items() if got[k] != v}
    assert not wrong, f"{len(wrong)} incidents differ, e.g. {list(wrong.items())[:3]}"


def test_outage_daily_equals_truth(con, truth):
    cols = [
        "incidents_started",
        "outage_minutes",
        "major_outage_minutes",
        "uptime_pct",
        "mttr_minutes",
    ]
    got = {
        (r[0], r[1]): r[2:]
        for r in con.execute(
            f"select vendor, day, {', '.join(cols)} from outage_daily"  # noqa: S608
        ).fetchall()
    }
    expected = {
        (t["vendor"], date.fromisoformat(t["day"])): tuple(t[c] for c in cols)
        for t in truth["outage_daily"]
    }
    assert got.keys() == expected.keys()
    diffs = []
    for key, exp in expected.items():
        for name, g, e in zip(cols, got[key], exp, strict=True):
            if (g is None) != (e is None) or (e is not None and abs(g - e) > 1e-3):
                diffs.append((key, name, g, e))
    assert not diffs, f"{len(diffs)} values differ, e.g. {diffs[:5]}"


def test_planted_bad_records_and_nothing_else_are_quarantined(con, truth):
    got = {(s, r) for s, r in con.execute("select source, record_ref from quarantine").fetchall()}
    expected = {(b["source"], b["record_ref"]) for b in truth["bad_records"]}
    assert got == expected
    reasons = con.execute("select reason from quarantine").fetchall()
    assert all(r[0] for r in reasons)


def test_march_2026_crisis_is_visible(con):
    march, before = con.execute(
        "select sum(outage_minutes) filter (where day >= '2026-03-03' and day < '2026-04-01'),"
        " sum(outage_minutes) filter (where day < '2026-03-01')"
        " from outage_daily where vendor = 'anthropic'"
    ).fetchall()[0]
    assert march > 3 * before


def test_warehouse_meets_the_contract(sample_home):
    if not CONTRACT_CHECK.exists():
        pytest.skip("../shared/tools/contract_check.py is absent (run beside ../shared)")
    proc = subprocess.run(
        [sys.executable, str(CONTRACT_CHECK), str(warehouse.warehouse_path(sample_home))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dashboards_and_exports_are_written(sample_home):
    dash = sample_home / "dashboards"
    assert (dash / "index.html").exists() and (dash / "outages.html").exists()
    assert (dash / "plotly.min.js").exists()
    assert (sample_home / "exports" / "outage_daily.csv").exists()


def test_rerun_is_idempotent_and_reparse_gives_identical_tables(sample_home, tmp_path):
    db = warehouse.warehouse_path(sample_home)
    before = snapshot(db)
    assert cli.main(["run", "--sample", "--home", str(sample_home)]) == cli.EXIT_OK
    assert snapshot(db) == before
    # A fresh home parses everything again from scratch: the same tables, bar fetch times.
    fresh = tmp_path / "fresh"
    assert cli.main(["run", "--sample", "--home", str(fresh)]) == cli.EXIT_OK
    again = snapshot(warehouse.warehouse_path(fresh), without_fetch_times=True)
    first = snapshot(db, without_fetch_times=True)
    for table in DERIVED_TABLES:
        if table != "raw_fetches":  # its url is the path inside each home
            assert again[table] == first[table], table


def test_second_run_reports_unchanged_sources(sample_home):
    with warehouse.connect(warehouse.warehouse_path(sample_home), read_only=True) as c:
        outcomes = c.execute(
            "select fetch_outcome, count(*) from source_runs"
            " where run_id = (select run_id from source_runs order by started_at desc limit 1)"
            " group by 1"
        ).fetchall()
    assert dict(outcomes).keys() == {"unchanged"}


def test_failing_sources_give_exit_3_and_the_others_are_processed(sample_home, tmp_path, capsys):
    sample = tmp_path / "sample"
    shutil.copytree(sample_home / "sample", sample)
    (sample / "garbage.atom").write_bytes(b"\x00\x01 not a feed at all")
    catalog = (sample / "catalog.yaml").read_text()
    catalog += (
        "  - name: broken-garbage\n    kind: status\n    vendor: ai21\n    url: garbage.atom\n"
        "  - name: broken-unreachable\n    kind: status\n    vendor: meta\n"
        "    url: http://127.0.0.1:9/history.atom\n"
    )
    (sample / "catalog.yaml").write_text(catalog)
    home = tmp_path / "home"
    code = cli.main(["run", "--sources", str(sample / "catalog.yaml"), "--home", str(home)])
    assert code == cli.EXIT_PARTIAL
    out = capsys.readouterr()
    assert "broken-garbage" in out.out and "broken-unreachable" in out.out
    with warehouse.connect(warehouse.warehouse_path(home), read_only=True) as c:
        assert c.execute("select count(*) from incidents").fetchall()[0][0] > 50
        q = c.execute(
            "select record_ref, reason from quarantine where source = 'broken-garbage'"
        ).fetchall()
    assert len(q) == 1 and q[0][0].startswith("payload:")


def test_invalid_catalog_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sources:\n  - name: Bad Name\n    kind: status\n    vendor: nobody\n    url: ftp://x/y\n"
    )
    assert cli.main(["run", "--sources", str(bad), "--home", str(tmp_path)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "name" in err and "vendor" in err and "url" in err


def test_export_filters_and_usage_errors(sample_home, tmp_path, capsys):
    out = tmp_path / "a.csv"
    code = cli.main(
        [
            "export",
            "outage_daily",
            "--vendor",
            "anthropic",
            "--since",
            "2026-03-01",
            "--until",
            "2026-03-31",
            "--format",
            "csv",
            "-o",
            str(out),
            "--home",
            str(sample_home),
        ]
    )
    assert code == cli.EXIT_OK
    rows = duckdb.sql(f"select * from read_csv('{out}')").fetchall()  # noqa: S608
    assert len(rows) == 31
    for args, needle in [
        (["export", "nope"], "outage_daily"),
        (["export", "outage_daily", "--vendor", "acme"], "anthropic"),
        (["export", "outage_daily", "--since", "2026-13-01"], "YYYY-MM-DD"),
        (["export", "outage_daily", "--since", "2026-04-01", "--until", "2026-03-01"], "since"),
    ]:
        code = cli.main([*args, "--home", str(sample_home), "-o", str(tmp_path / "x.csv")])
        assert code == cli.EXIT_USAGE, args
        assert needle in capsys.readouterr().err
