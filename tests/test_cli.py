"""`radar sources`, `radar sample`, the run summary and argument errors: exit codes, messages."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from rich.console import Console

from pipeline import cli
from pipeline.core import warehouse
from pipeline.defs import definitions
from pipeline.load.summary import SourceSummary


def _tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def test_sources_lists_the_default_catalog(capsys):
    assert cli.main(["sources"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "anthropic-status-atom" in out and "catalog is valid" in out


def test_sources_reports_each_problem_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "cat.yaml"
    bad.write_text(
        "sources:\n"
        "  - name: ok-one\n    kind: status\n    vendor: openai\n    url: https://x/a.atom\n"
        "  - name: ok-one\n    kind: status\n    vendor: openai\n    url: https://x/b.atom\n"
        "  - name: Bad_Name\n    kind: status\n    vendor: openai\n    url: https://x/c.atom\n"
        "  - name: ftp-one\n    kind: status\n    vendor: openai\n    url: ftp://x/d.atom\n"
        "  - name: missing-file\n    kind: status\n    vendor: openai\n    url: nowhere.atom\n"
        "  - name: extra-key\n    kind: status\n    vendor: openai\n    url: https://x/e\n"
        "    colour: blue\n"
        "  - name: no-vendor\n    kind: status\n    vendor: acme\n    url: https://x/f\n"
    )
    assert cli.main(["sources", "--sources", str(bad)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    for needle in ("duplicate", "Bad_Name", "ftp", "nowhere.atom", "colour", "acme"):
        assert needle in err, needle


def test_missing_catalog_file_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["sources", "--sources", str(tmp_path / "nope.yaml")]) == cli.EXIT_USAGE
    assert "nope.yaml" in capsys.readouterr().err


def test_sample_is_byte_identical_for_a_seed(tmp_path):
    assert cli.main(["sample", "--out", str(tmp_path / "a"), "--seed", "7"]) == cli.EXIT_OK
    assert cli.main(["sample", "--out", str(tmp_path / "b"), "--seed", "7"]) == cli.EXIT_OK
    assert cli.main(["sample", "--out", str(tmp_path / "c"), "--seed", "8"]) == cli.EXIT_OK
    assert (tmp_path / "a" / "truth.json").exists()
    assert _tree_digest(tmp_path / "a") == _tree_digest(tmp_path / "b")
    assert _tree_digest(tmp_path / "a") != _tree_digest(tmp_path / "c")


def test_bad_arguments_exit_2(capsys):
    assert cli.main(["run", "--no-such-flag"]) == cli.EXIT_USAGE
    assert cli.main(["frobnicate"]) == cli.EXIT_USAGE
    assert cli.main(["run", "--sample", "--sources", "x.yaml"]) == cli.EXIT_USAGE
    assert "exclude" in capsys.readouterr().err


def test_export_list_names_every_indicator(capsys):
    assert cli.main(["export", "--list"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "outage_daily" in out and "incidents" in out


# Rich markup from the outside world (issue 11, case 14): printed as text, never interpreted.
HOSTILE = "[/bold][link=http://evil]x[/link]"


class _StubJob:
    """Stands in for the Dagster job (seconds of work): records one run of two sources."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def execute_in_process(self, **_: object) -> SimpleNamespace:
        with warehouse.connect(warehouse.warehouse_path(self.home)) as con:
            con.executemany(
                "insert into source_runs (run_id, source, kind, started_at, fetch_outcome,"
                " format, records_parsed, quarantined, rows_written, error)"
                " values ('run-1', ?, 'status', now(), ?, ?, ?, ?, ?, ?)",
                [
                    ("good-status", "fetched", "instatus_atom", 2, 0, 9, None),
                    ("bad-status", "failed", None, 0, 1, 0, f"bad-status: not JSON: {HOSTILE!r}"),
                ],
            )
        return SimpleNamespace(
            run_id="run-1",
            success=True,
            get_asset_check_evaluations=list,
            get_asset_materialization_events=list,
        )


def test_run_prints_hostile_error_text_literally(tmp_path, monkeypatch, capsys):
    """A failed source's error quoting `[/bold]` and `[link=...]` is shown, and the run exits 3.

    Before: rich parsed the error as markup, raised MarkupError after every output was
    written, and `radar run` exited 1 (seen with a real run over a file whose body is
    HOSTILE; the Dagster job is stubbed here to keep the test fast).
    """
    for name in ("good.atom", "bad.json"):
        (tmp_path / name).write_text(HOSTILE, encoding="utf-8")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "sources:\n"
        "  - name: good-status\n    kind: status\n    vendor: perplexity\n    url: good.atom\n"
        "  - name: bad-status\n    kind: status\n    vendor: openai\n"
        "    format: statuspage_json\n    url: bad.json\n"
    )
    home = tmp_path / "home"
    job = SimpleNamespace(resolve_job_def=lambda name: _StubJob(home))
    monkeypatch.setattr(definitions, "build_definitions", lambda **_: job)
    monkeypatch.setattr(cli, "out_console", Console(width=400))  # no folding of the cell
    assert cli.main(["run", "--sources", str(catalog), "--home", str(home)]) == cli.EXIT_PARTIAL
    out = capsys.readouterr()
    assert f"bad-status: not JSON: {HOSTILE!r}" in out.out  # the whole error, as written
    assert "good-status" in out.out and "1 source(s) failed: bad-status" in out.err
    assert "\x1b]8;" not in out.out + out.err  # no terminal hyperlink


def test_summary_shows_control_characters_as_escapes(monkeypatch, capsys):
    row = SourceSummary(
        source="evil[bold]",
        kind="status",
        outcome="failed",
        http_status=500,
        bytes=None,
        format="[red]x",
        records=None,
        quarantined=None,
        rows_written=None,
        error="\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\ [/bold] \u202eabc \x07",
    )
    monkeypatch.setattr(cli, "out_console", Console(width=400))
    cli.print_summary([row])
    out = capsys.readouterr().out
    assert "evil[bold]" in out and "[red]x" in out
    assert "\\x1b]8;;http://evil\\x1b\\click\\x1b]8;;\\x1b\\ [/bold] \\u202eabc \\x07" in out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out


def test_log_lines_escape_outside_text(capfd) -> None:
    """The CLI's log handler writes a record carrying ESC sequences and newlines from a feed
    as one line of escapes (no terminal control, no forged log line)."""
    import logging

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        cli._configure_logging(verbose=False)
        logging.getLogger("pipeline.parse.test").warning(
            "%s: record %s unreadable", "feed\x1b]0;pwned\x07", "x\nERROR forged"
        )
        err = capfd.readouterr().err
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
    assert "\x1b" not in err and "\x07" not in err
    assert err.strip().count("\n") == 0
    assert "feed\\x1b]0;pwned\\x07: record x\\nERROR forged unreadable" in err


def test_train_migrations_prints_grouped_cv_figures(capsys) -> None:
    assert cli.main(["train-migrations", "--folds", "2"]) == 0
    out = capsys.readouterr().out
    assert "trained on" in out and "grouped by phrasing family" in out
    assert "model" in out and "rules alone" in out


# ------------------------------------------------------------- radar export (issue 13)

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


def _export_home(root: Path, hourly_rows: int = 0) -> Path:
    """A home with the tiny warehouse (closed), plus `hourly_rows` crowd report hours."""
    from tests.publish import tiny_warehouse as tw

    home = root / "home"
    home.mkdir()
    con = tw.empty_warehouse(warehouse.warehouse_path(home))
    tw.fill_status(con)
    con.execute(
        "insert into outage_reports_hourly select 'openai', timestamptz '2026-01-01 00:00:00+00'"
        " + to_hours(i), 1, 0.5, 0.5, 3.0, false, false from range(?) as t(i)",
        [hourly_rows],
    ).fetchall()
    con.close()
    return home


def _hold(db: Path) -> subprocess.Popen[str]:
    """Another process holding a write connection to `db`, as a run or `dagster dev` does."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_export_writes_csv_to_stdout_without_o(tmp_path, capsys):
    home = _export_home(tmp_path)
    assert cli.main(["export", "incidents", "--home", str(home)]) == cli.EXIT_OK
    out = capsys.readouterr()
    assert out.out.splitlines()[0].startswith("vendor,incident_id,title,")
    assert len(out.out.splitlines()) == 1 + 5 and out.err == ""
    assert cli.main(["export", "incidents", "-o", "-", "--home", str(home)]) == cli.EXIT_OK
    assert capsys.readouterr().out == out.out
    assert not (Path.cwd() / "incidents.csv").exists() and not list(tmp_path.glob("*.csv"))
    file = tmp_path / "x.csv"
    assert cli.main(["export", "incidents", "-o", str(file), "--home", str(home)]) == 0
    assert file.read_text(encoding="utf-8") == out.out
    assert "wrote 5 rows to" in capsys.readouterr().err


def test_export_parquet_without_o_is_a_usage_error(tmp_path, capsys):
    home = _export_home(tmp_path)
    for args in (["--format", "parquet"], ["--format", "parquet", "-o", "-"]):
        assert cli.main(["export", "incidents", *args, "--home", str(home)]) == cli.EXIT_USAGE
        out = capsys.readouterr()
        assert out.out == "" and "needs an output file: -o FILE.parquet" in out.err


def test_export_vendor_notes_go_to_stderr(tmp_path, capsys):
    home = _export_home(tmp_path)
    args = ["export", "outage_daily", "--home", str(home), "--vendor"]
    assert cli.main([*args, "Claude"]) == cli.EXIT_OK
    out = capsys.readouterr()
    assert {line.split(",")[0] for line in out.out.splitlines()[1:]} == {"anthropic"}
    assert cli.main([*args, "perplexity"]) == cli.EXIT_OK
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 1  # the header only
    assert out.err.strip() == (
        "note: outage_daily has no rows for vendor 'perplexity'; its vendors: anthropic, openai"
    )
    assert cli.main([*args, "acme"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown vendor 'acme'" in err
    assert cli.main(["export", "outage_daily", "--since", "2030-01-01", "--home", str(home)]) == 0
    assert "its data window is 2026-02-28 to 2026-03-02" in capsys.readouterr().err


def test_export_errors_are_one_line_and_an_exit_code(tmp_path, capsys, monkeypatch):
    from pipeline.publish import exports

    home = _export_home(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    args = ["export", "incidents", "--home", str(home), "-o", str(blocker / "x.csv")]
    assert cli.main(args) == cli.EXIT_FAILED  # parent is a file: OSError, no traceback
    err = capsys.readouterr().err
    assert err.startswith("error: radar export:") and err.count("\n") == 1
    assert cli.main(["export", "incidents", "--home", str(tmp_path / "none")]) == cli.EXIT_USAGE
    assert "no warehouse at" in capsys.readouterr().err
    # A writer holds the warehouse and there is no snapshot: wait, then one line.
    monkeypatch.setattr(exports, "OPEN_WAIT_SECONDS", 0.3)
    holder = _hold(warehouse.warehouse_path(home))
    try:
        assert cli.main(["export", "incidents", "--home", str(home)]) == cli.EXIT_FAILED
    finally:
        holder.kill()
        holder.wait()
    out = capsys.readouterr()
    assert out.out == "" and out.err.count("\n") == 1
    assert "held by another process" in out.err and "Traceback" not in out.err


def test_export_pipes_to_head_while_a_writer_holds_the_warehouse(tmp_path):
    """`radar export outage_reports_hourly | head -2` while a run holds the warehouse: the
    export reads the snapshot, and the closed pipe ends it quietly with exit 0."""
    home = _export_home(tmp_path, hourly_rows=20_000)  # ~1 MB of CSV: more than a pipe holds
    shutil.copyfile(warehouse.warehouse_path(home), warehouse.snapshot_path(home))
    holder = _hold(warehouse.warehouse_path(home))
    try:
        command = ["-m", "pipeline.cli", "export", "outage_reports_hourly", "--home", str(home)]
        export = subprocess.Popen(
            [sys.executable, *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert export.stdout is not None and export.stderr is not None
        head = [export.stdout.readline() for _ in range(2)]
        export.stdout.close()  # what `head` does after its lines
        err = export.stderr.read().decode()
        assert export.wait(timeout=60) == 0, err
    finally:
        holder.kill()
        holder.wait()
    assert head[0].startswith(b"vendor,hour,reports,")
    assert head[1].startswith(b"openai,2026-01-01T00:00:00Z,1,")
    assert err == ""
