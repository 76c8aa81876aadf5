"""`radar sources`, `radar sample`, the run summary and argument errors: exit codes, messages."""

from __future__ import annotations

import hashlib
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
        return SimpleNamespace(run_id="run-1", success=True, get_asset_check_evaluations=list)


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
