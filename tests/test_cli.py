"""`radar sources`, `radar sample` and argument errors: exit codes and messages."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline import cli


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
