"""The sample scenario's plan: aware UTC times inside the window, fixed incidents included."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, timedelta

from pipeline.sample.plan import (
    CRISIS_ANCHORS,
    LANDMARKS,
    WINDOW_END,
    WINDOW_START,
    plan_scenario,
)


def test_no_naive_or_out_of_window_times_in_the_plan():
    for item in plan_scenario():
        assert item.started_at.tzinfo is UTC
        assert WINDOW_START <= item.started_at < WINDOW_END
        assert item.resolved_at is None or item.resolved_at < WINDOW_END


def test_the_fixed_incidents_of_the_corpus_are_planned():
    planned = {(i.vendor, i.started_at.strftime("%Y-%m-%d %H:%M")): i for i in plan_scenario()}
    for spec in (*CRISIS_ANCHORS, *LANDMARKS):
        kind = spec.get("kind", "incident")
        item = planned[("google" if kind == "google" else spec["vendor"], spec["start"])]
        end = item.started_at + timedelta(minutes=spec["minutes"])
        assert item.resolved_at == (None if spec.get("open") else end)
        assert item.impact == ("maintenance" if kind == "maintenance" else spec["impact"])
        assert item.title == spec.get("title", item.title)
        assert item.components[0] == spec.get("product", item.components[0])
        assert item.defect == spec.get("defect")


def test_importing_the_plan_reads_no_corpus() -> None:
    # `radar run --sample` on a written sample imports the plan for its seed only (issue 14).
    script = (
        "from pipeline.sample import build, texts\n"
        "from pipeline.sample.plan import DEFAULT_SEED\n"
        "print(texts.load_corpus.cache_info().currsize)\n"
        "from pipeline.sample.plan import GOOGLE_REGIONS\n"
        "print(texts.load_corpus.cache_info().currsize, GOOGLE_REGIONS[0][0] != '')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:2] == ["0", "2 True"]
