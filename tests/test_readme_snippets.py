"""Every code block of README.md runs as written, against the sample run.

The rule: each fenced block tagged `python`, `bash`, `sh` or `sql` is a snippet and runs, unless
the line right before its opening fence is the marker

    <!-- readme-snippet: skip (REASON) -->

with a non-empty REASON. Skip only what cannot run in the suite: blocks that install packages,
start servers or interactive shells, fetch live feeds or write outside the working folder.
Other tags (`yaml`, `mermaid`, untagged) are not snippets.

How each runs, with the working folder a fresh temporary folder in which `data` is the sample
home (the default home `./data`, where the snapshot is `data/warehouse-snapshot.duckdb`) and
`.venv` the project's virtual environment (its `bin` first on PATH, so `radar` is ours):
- `python`: `python -c BLOCK`, which must exit 0 and print something;
- `bash`/`sh`: `bash -e -o pipefail -c BLOCK`, which must exit 0 (every command of the block
  runs: `-e` stops at the first failure);
- `sql`: on a plain read-only DuckDB connection to the snapshot (no UTC session set: what a
  researcher opens), which must return rows.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipeline.core import warehouse

ROOT = Path(__file__).resolve().parents[1]
RUN = ("python", "bash", "sh", "sql")
SKIP = re.compile(r"^<!-- readme-snippet: skip \((?P<reason>[^)]+)\) -->$")
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\s*$")


@dataclass(frozen=True)
class Snippet:
    """One fenced code block of the README."""

    lang: str
    line: int  # of the opening fence, 1-based
    code: str
    skip: str | None  # the reason, when marked

    @property
    def id(self) -> str:
        return f"{self.lang}-line{self.line}"


def readme_snippets(text: str) -> list[Snippet]:
    """The README's fenced blocks tagged python, bash, sh or sql, in order."""
    lines = text.splitlines()
    found: list[Snippet] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        previous = lines[i - 1].strip() if i else ""
        marker = SKIP.match(previous)
        if opening["lang"] in RUN:
            code = "\n".join(lines[i + 1 : end]) + "\n"
            found.append(Snippet(opening["lang"], i + 1, code, marker and marker["reason"]))
        i = end + 1
    return found


SNIPPETS = readme_snippets((ROOT / "README.md").read_text(encoding="utf-8"))
TO_RUN = [s for s in SNIPPETS if not s.skip]


def test_every_marker_names_a_reason_and_precedes_a_snippet():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    markers = [line for line in text.splitlines() if line.startswith("<!-- readme-snippet")]
    assert all(SKIP.match(line.strip()) for line in markers), markers
    assert len(markers) == sum(1 for s in SNIPPETS if s.skip), "a marker not before a snippet"
    assert len(TO_RUN) >= 10, "most snippets run"
    assert {s.lang for s in TO_RUN} >= {"python", "bash", "sql"}


@pytest.fixture
def workdir(sample_home: Path, tmp_path: Path) -> Path:
    """A working folder as after the Quickstart: `data` is the sample home, `.venv` ours."""
    (tmp_path / "data").symlink_to(sample_home, target_is_directory=True)
    (tmp_path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return tmp_path


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("RADAR_HOME", None)  # snippets use the default home ./data
    env["PATH"] = f"{Path(sys.prefix) / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize("snippet", TO_RUN, ids=[s.id for s in TO_RUN])
def test_readme_snippet_runs(snippet: Snippet, workdir: Path, sample_home: Path):
    if snippet.lang == "sql":
        snap = warehouse.snapshot_path(sample_home)
        with duckdb.connect(str(snap), read_only=True) as con:
            rows = con.execute(snippet.code).fetchall()
        assert rows, f"README line {snippet.line}: the query returned no rows on the sample"
        return
    if snippet.lang == "python":
        argv = [sys.executable, "-c", snippet.code]
    else:
        argv = ["bash", "-e", "-o", "pipefail", "-c", snippet.code]
    done = _run(argv, workdir)
    assert done.returncode == 0, f"README line {snippet.line}:\n{done.stderr[-2000:]}"
    if snippet.lang == "python":
        assert done.stdout.strip(), f"README line {snippet.line}: printed nothing"
