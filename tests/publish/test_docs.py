"""README documents every warehouse table and column, exactly as the warehouse comments say."""

from __future__ import annotations

from pathlib import Path

from pipeline.publish import docs

ROOT = Path(__file__).resolve().parents[2]


def test_readme_data_dictionary_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.readme_block(readme) == docs.dictionary_markdown(), (
        "README data dictionary is stale: run `python -m pipeline.publish.docs`"
    )


def test_every_column_has_a_comment():
    block = docs.dictionary_markdown()
    rows = [line for line in block.splitlines() if line.startswith("| `")]
    assert rows
    assert all(not line.rstrip().endswith("|  |") for line in rows), "column without comment"


def test_readme_quickstart_has_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/pytest"
    assert test_cmd in readme and test_cmd in ci
    assert "radar run --sample" in readme
