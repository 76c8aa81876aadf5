"""Benchmark: status feed parsing (and parse+load) vs bare feedparser, on a 10,000-incident feed.

Builds a Statuspage-shaped history.atom with N incidents (4-6 updates each) and the matching
incidents.json, then measures, each run in a fresh process (so CPU time and peak RSS belong to
that case alone) and the cases interleaved run by run (so a slow phase of a shared machine
hits them all):

* baseline: `feedparser.parse(atom_bytes)` (no loading at all);
* project: `parse_status_payload` of the Atom feed alone (incidents and updates, no load);
* project: parse + load into DuckDB (observations, quarantine) + rebuild of incident_updates
  and incidents, for the Atom file alone and for Atom + JSON together.

Prints the load average at start and end, then per case the median CPU time (process time,
all threads) beside the median wall time, incidents/s, the ratio to feedparser in CPU time
and peak RSS. Run:
    .venv/bin/python benchmarks/bench_status.py [--incidents 10000] [--repeat 3]
Targets: parse >= 8x feedparser in CPU time; parse+load >= 0.5x feedparser throughput.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from queue import Empty
from typing import Any

import feedparser

from pipeline.core import warehouse
from pipeline.core.models import Source
from pipeline.load import status
from pipeline.load.runs import PendingPayload
from pipeline.parse import parse_status_payload

LABELS = ["Investigating", "Identified", "Monitoring", "Update", "Resolved"]
WORDS = (
    "We are investigating elevated error rates on the API.",
    "Some requests may fail or time out.",
    "A fix has been implemented and we are monitoring the results.",
    "Latency has returned to normal.",
)


def _text(rng: random.Random, n: int = 24) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n // 6))


def build_feeds(n: int, seed: int = 7) -> tuple[bytes, bytes]:
    """Return (history.atom, incidents.json) bytes with `n` incidents."""
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    entries, incidents = [], []
    for i in range(n):
        t0 = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 6))
        times = [t0]
        for _ in range(rng.randint(3, 5)):
            times.append(times[-1] + timedelta(minutes=rng.randint(5, 90)))
        labels = ["Investigating", *(rng.choice(LABELS[1:4]) for _ in times[2:]), "Resolved"]
        code = f"{i:012x}"
        bodies = [_text(rng) for _ in times]
        paras = "".join(
            f"<p><small>{t:%b} <var data-var='date'>{t.day}</var>, "
            f"<var data-var='time'>{t:%H:%M}</var> UTC</small><br><strong>{lab}</strong> - "
            f"{escape(b)}</p>"
            for t, lab, b in reversed(list(zip(times, labels, bodies, strict=True)))
        )
        entries.append(
            f"<entry><id>tag:status.example.com,2005:Incident/{i}</id>"
            f"<published>{times[-1]:%Y-%m-%dT%H:%M:%SZ}</published>"
            f"<updated>{times[-1]:%Y-%m-%dT%H:%M:%SZ}</updated>"
            f'<link rel="alternate" type="text/html" href="https://status.example.com/incidents/{code}"/>'
            f"<title>Elevated errors on API #{i}</title>"
            f'<content type="html">{escape(paras)}</content></entry>'
        )
        iso = [f"{t:%Y-%m-%dT%H:%M:%S.000Z}" for t in times]
        incidents.append(
            {
                "id": code,
                "name": f"Elevated errors on API #{i}",
                "status": "resolved",
                "impact": rng.choice(["minor", "major", "critical"]),
                "created_at": iso[0],
                "started_at": iso[0],
                "updated_at": iso[-1],
                "resolved_at": iso[-1],
                "monitoring_at": None,
                "shortlink": f"https://stspg.io/{code}",
                "components": [{"id": "c1", "name": "API"}],
                "incident_updates": [
                    {
                        "id": f"{code}u{k}",
                        "status": lab.lower(),
                        "body": b,
                        "created_at": ts,
                        "display_at": ts,
                        "affected_components": None,
                    }
                    for k, (lab, b, ts) in enumerate(zip(labels, bodies, iso, strict=True))
                ][::-1],
            }
        )
    atom = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xml:lang="en-US" '
        'xmlns="http://www.w3.org/2005/Atom"><id>tag:status.example.com,2005:/history</id>'
        "<title>Example Status - Incident History</title>"
        f"<updated>{datetime(2026, 1, 1, tzinfo=UTC):%Y-%m-%dT%H:%M:%SZ}</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode()
    doc = {"page": {"id": "p", "name": "Example", "url": "https://status.example.com"}}
    doc["incidents"] = incidents
    return atom, json.dumps(doc).encode()


def parse_and_load(payloads: list[tuple[Source, bytes]], db: Path) -> int:
    """Parse every payload and load it; return the incidents row count."""
    now = datetime.now(UTC)
    with warehouse.connect(db) as con:
        for source, payload in payloads:
            result = parse_status_payload(payload, source, now=now)
            pending = PendingPayload(source.name, source.name, "", now)
            status.store_observations(con, "bench", pending, result, parsed_at=now)
        status.build_incident_updates(con)
        return status.build_incidents(con)


CASES = {
    "feedparser": "baseline: feedparser.parse(atom)",
    "parse": "project: parse atom only (no load)",
    "atom": "project: parse+load atom",
    "both": "project: parse+load atom + json (merged)",
}


def _measure(job: str, atom_path: Path, json_path: Path, n: int, queue) -> None:
    """Child process: time `job` once; report (CPU s, wall s, peak MiB)."""
    # parse_status_payload imports the feed parser on first use; import it before the clock
    # starts, as feedparser is.
    importlib.import_module("pipeline.parse.status_feed")
    atom, js = atom_path.read_bytes(), json_path.read_bytes()
    atom_src = Source("bench-atom", "status", "bench.atom", vendor="anthropic")
    json_src = Source("bench-json", "status", "bench.json", vendor="anthropic")
    with tempfile.TemporaryDirectory() as tmp:
        jobs = {
            "feedparser": lambda: len(feedparser.parse(atom).entries),
            "parse": lambda: len(
                parse_status_payload(atom, atom_src, now=datetime.now(UTC)).incidents
            ),
            "atom": lambda: parse_and_load([(atom_src, atom)], Path(tmp) / "a.duckdb"),
            "both": lambda: parse_and_load(
                [(atom_src, atom), (json_src, js)], Path(tmp) / "b.duckdb"
            ),
        }
        cpu, wall = time.process_time(), time.perf_counter()
        rows = jobs[job]()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if rows != n:
            raise SystemExit(f"{job}: expected {n} incidents, got {rows}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((cpu, wall, peak / 1024))


def measure(job: str, atom_path: Path, json_path: Path, n: int) -> tuple[float, float, float]:
    """Run one measurement of `job` in a fresh process: (CPU s, wall s, peak MiB)."""
    return in_fresh_process(_measure, (job, atom_path, json_path, n), job)


def in_fresh_process(target: Callable[..., None], args: tuple, label: str) -> Any:
    """Run `target(*args, queue)` in a fresh spawned process; return what it puts on the
    queue (its own figures: CPU time and peak RSS belong to that process alone)."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    while True:
        try:
            result = queue.get(timeout=2)
            break
        except Empty:
            if not proc.is_alive():
                raise SystemExit(
                    f"{label}: measurement process exited with {proc.exitcode}"
                ) from None
    proc.join()
    return result


def load_average() -> str:
    """The load average now, and the CPU count, as one line."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} CPUs"


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="interleaved runs per case (median)")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated subset of cases")
    args = ap.parse_args()
    n = args.incidents
    jobs = [j for j in args.cases.split(",") if j]
    if "feedparser" not in jobs or not set(jobs) <= set(CASES):
        raise SystemExit(f"--cases: a subset of {', '.join(CASES)} including feedparser")
    print(f"load average at start: {load_average()}")
    atom, js = build_feeds(n)
    print(f"feeds: {n} incidents; atom {len(atom) / 2**20:.1f} MiB, json {len(js) / 2**20:.1f} MiB")
    runs: dict[str, list[tuple[float, float, float]]] = {job: [] for job in jobs}
    with tempfile.TemporaryDirectory() as tmp:
        atom_path, json_path = Path(tmp) / "history.atom", Path(tmp) / "incidents.json"
        atom_path.write_bytes(atom)
        json_path.write_bytes(js)
        for _ in range(args.repeat):
            for job in jobs:
                runs[job].append(measure(job, atom_path, json_path, n))
    cpu = {job: statistics.median(r[0] for r in runs[job]) for job in jobs}
    wall = {job: statistics.median(r[1] for r in runs[job]) for job in jobs}
    peak = {job: max(r[2] for r in runs[job]) for job in jobs}
    print(f"median of {args.repeat} interleaved runs, each in its own process:")
    head = ("measure", "CPU s", "wall s", "incidents/s", "CPU vs feedparser", "peak RSS")
    print(f"{head[0]:44} {head[1]:>7} {head[2]:>7} {head[3]:>12} {head[4]:>18} {head[5]:>9}")
    for job in jobs:
        speed = cpu["feedparser"] / cpu[job]
        print(
            f"{CASES[job]:44} {cpu[job]:7.3f} {wall[job]:7.3f} {n / wall[job]:12.0f} "
            f"{speed:17.2f}x {peak[job]:5.0f} MiB"
        )
    if "parse" in cpu:
        ratio = cpu["feedparser"] / cpu["parse"]
        verdict = "meets" if ratio >= 8 else "MISSES"
        print(f"target parse >= 8x feedparser in CPU time: {verdict} ({ratio:.2f}x)")
    if "atom" in cpu:
        ratio = cpu["feedparser"] / cpu["atom"]
        verdict = "meets" if ratio >= 0.5 else "MISSES"
        print(f"target parse+load >= 0.5x feedparser in CPU time: {verdict} ({ratio:.2f}x)")
    print("(CPU = process time of all threads; wall > CPU means waiting, e.g. for a busy machine;")
    print(" peak RSS is per measurement process and includes the feeds read into memory)")
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
