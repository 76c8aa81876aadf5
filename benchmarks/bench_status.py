"""Benchmark: status feed parse+load vs bare feedparser, on a 10,000-incident feed.

Builds a Statuspage-shaped history.atom with N incidents (4-6 updates each) and the matching
incidents.json, then times in the same process:

* baseline: `feedparser.parse(atom_bytes)` (no loading at all);
* project: `parse_status_payload` + load into DuckDB (observations, quarantine) + rebuild of
  incident_updates and incidents, for the Atom file alone and for Atom + JSON together.

Prints incidents/s, the ratio project/baseline and peak RSS. Run:
    .venv/bin/python benchmarks/bench_status.py [--incidents 10000] [--repeat 3]
Target: Atom parse+load >= 0.5x bare feedparser throughput.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

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


def _measure(job: str, n: int, repeat: int, queue) -> None:
    """Child process: build the feeds, time `job` `repeat` times, report (best s, peak MiB)."""
    atom, js = build_feeds(n)
    atom_src = Source("bench-atom", "status", "bench.atom", vendor="anthropic")
    json_src = Source("bench-json", "status", "bench.json", vendor="anthropic")
    with tempfile.TemporaryDirectory() as tmp:
        jobs = {
            "feedparser": lambda i: len(feedparser.parse(atom).entries),
            "parse": lambda i: len(
                parse_status_payload(atom, atom_src, now=datetime.now(UTC)).incidents
            ),
            "atom": lambda i: parse_and_load([(atom_src, atom)], Path(tmp) / f"a{i}.duckdb"),
            "both": lambda i: parse_and_load(
                [(atom_src, atom), (json_src, js)], Path(tmp) / f"b{i}.duckdb"
            ),
        }
        best = float("inf")
        for i in range(repeat):
            start = time.perf_counter()
            rows = jobs[job](i)
            best = min(best, time.perf_counter() - start)
            if rows != n:
                raise SystemExit(f"{job}: expected {n} incidents, got {rows}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((best, peak / 1024))


def measure(job: str, n: int, repeat: int) -> tuple[float, float]:
    """Run one measurement in a fresh process so peak RSS belongs to that job alone."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(job, n, repeat, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.incidents
    atom, js = build_feeds(n)
    print(f"feeds: {n} incidents; atom {len(atom) / 2**20:.1f} MiB, json {len(js) / 2**20:.1f} MiB")
    rows = [
        ("baseline: feedparser.parse(atom)", "feedparser"),
        ("project: parse atom only (no load)", "parse"),
        ("project: parse+load atom", "atom"),
        ("project: parse+load atom + json (merged)", "both"),
    ]
    results = {job: measure(job, n, args.repeat) for _, job in rows}
    base = n / results["feedparser"][0]
    header = ("measure", "seconds", "incidents/s", "vs feedparser", "peak RSS")
    print(f"{header[0]:44} {header[1]:>8} {header[2]:>12} {header[3]:>14} {header[4]:>11}")
    for label, job in rows:
        secs, peak = results[job]
        rate = n / secs
        print(f"{label:44} {secs:8.3f} {rate:12.0f} {rate / base:13.2f}x {peak:7.0f} MiB")
    ratio = results["feedparser"][0] / results["atom"][0]
    verdict = "meets" if ratio >= 0.5 else "MISSES"
    print(f"target parse+load >= 0.5x feedparser throughput: {verdict} ({ratio:.2f}x)")
    print("(peak RSS is per measurement process and includes the generated feeds in memory)")


if __name__ == "__main__":
    main()
