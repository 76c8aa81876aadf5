"""Shared fixtures of the sample tests: one written sample, its truth and its plan per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.sample.build import write_sample
from pipeline.sample.plan import PlannedIncident, plan_scenario


@pytest.fixture(scope="session")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample written once with the default seed (read-only for the tests)."""
    root = tmp_path_factory.mktemp("sample")
    catalog = write_sample(root)
    assert catalog == root / "catalog.yaml"
    return root


@pytest.fixture(scope="session")
def truth(out: Path) -> dict:
    """truth.json of the written sample."""
    return json.loads((out / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def plan() -> list[PlannedIncident]:
    """The default seed's scenario plan."""
    return plan_scenario()
