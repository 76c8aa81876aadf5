"""What `radar run` prints: by default a progress bar per stage and the summary; the per-fetch
log lines only with `-v` (issue 13, operators). A two-asset job stands in for the real one."""

from __future__ import annotations

import logging
from pathlib import Path

import dagster as dg
import pytest

from pipeline import cli
from pipeline.defs import definitions


@dg.asset(group_name="ingest")
def fetch_step() -> None:
    logging.getLogger("pipeline.ingest.fetch").info("fetched probe-source file 1.0 KiB")


@dg.asset(group_name="publish", deps=[fetch_step])
def publish_step() -> None:
    logging.getLogger("pipeline.publish.site").warning("page probe.html is large")


@pytest.fixture
def tiny_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    (tmp_path / "s.atom").write_text("<feed/>", encoding="utf-8")
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "sources:\n  - name: probe-source\n    kind: status\n    vendor: openai\n    url: s.atom\n"
    )
    tiny = dg.Definitions(assets=[fetch_step, publish_step], jobs=[dg.define_asset_job("tiny")])
    monkeypatch.setattr(definitions, "JOB_NAME", "tiny")
    monkeypatch.setattr(definitions, "build_definitions", lambda **_: tiny)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield ["run", "--sources", str(catalog), "--home", str(tmp_path / "home")]
    root.handlers[:], root.level = saved[0], saved[1]


def test_default_run_shows_stage_progress_not_fetch_lines(tiny_job, capsys):
    assert cli.main(tiny_job) == cli.EXIT_OK
    out = capsys.readouterr()
    assert "fetched probe-source" not in out.err  # INFO: only with -v
    assert "page probe.html is large" in out.err  # warnings always
    lines = out.err.splitlines()
    assert any(line.startswith("ingest") and "1/1" in line for line in lines), out.err
    assert any(line.startswith("publish") and "1/1" in line for line in lines), out.err
    assert "warehouse " in out.out  # the summary


def test_verbose_run_shows_fetch_lines(tiny_job, capsys):
    assert cli.main([*tiny_job, "-v"]) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert "fetched probe-source file 1.0 KiB" in err
    assert any(line.startswith("ingest") and "1/1" in line for line in err.splitlines())
