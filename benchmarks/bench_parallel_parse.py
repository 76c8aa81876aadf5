"""Benchmark: status payloads parsed in one process vs in parallel processes, one writer loading.

Builds K Statuspage-shaped Atom feeds (bench_status.build_feeds, N incidents each), archives
them in a temporary home like fetched payloads, then runs the pipeline's own path
(`pipeline.load.staging.stage_payloads` to Parquet staging files, then
`pipeline.load.status.load_staged` into a fresh DuckDB file, the only writer) with 1 process
and with W processes. Each measurement runs in a fresh process and the cases alternate run by
run. Prints the load average, per case the median wall time and CPU time (the measuring
process plus its parse workers, `resource.getrusage`), the wall-time speedup, and checks that
both cases leave identical observation tables. Run:
    .venv/bin/python benchmarks/bench_parallel_parse.py [--feeds 8] [--incidents 2500]
        [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_status import build_feeds, in_fresh_process, load_average

from pipeline.core import warehouse
from pipeline.core.models import Source
from pipeline.ingest.archive import archive_payload
from pipeline.load import staging, status
from pipeline.load.runs import PendingPayload

NOW = datetime(2026, 1, 2, tzinfo=UTC)
DIGEST_SQL = (
    "select (select md5(string_agg(cast(t as varchar), '' order by cast(t as varchar))) "
    "from incident_observations as t), (select md5(string_agg(cast(u as varchar), '' "
    "order by cast(u as varchar))) from update_observations as u)"
)


def _jobs(home: Path, archived: list[tuple[str, str]]) -> list[staging.PayloadJob]:
    return [
        staging.PayloadJob(
            Source(f"bench-{k}", "status", f"bench-{k}.atom", vendor="anthropic"), sha, path, NOW
        )
        for k, (sha, path) in enumerate(archived)
    ]


def _measure(home: Path, archived: list[tuple[str, str]], workers: int, queue) -> None:
    """Child process: stage and load every payload once; report figures and table digests."""
    import pipeline.parse.status_feed  # noqa: F401  (imported before the clock, as a run has)

    jobs = _jobs(home, archived)
    with tempfile.TemporaryDirectory() as tmp:
        cpu, wall = time.process_time(), time.perf_counter()
        staged = staging.stage_payloads(home, jobs, NOW, workers)
        with warehouse.connect(Path(tmp) / "w.duckdb") as con:
            pending = [PendingPayload(j.source.name, j.sha256, j.archive_path, NOW) for j in jobs]
            status.load_staged(con, "bench", list(zip(pending, staged, strict=True)), parsed_at=NOW)
            wall = time.perf_counter() - wall
            cpu = time.process_time() - cpu
            digest = con.execute(DIGEST_SQL).fetchone()
            rows = con.execute("select count(*) from incident_observations").fetchone()[0]
        staging.discard(staged)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((wall, cpu + children.ru_utime + children.ru_stime, peak, rows, digest))


def measure(home: Path, archived: list[tuple[str, str]], workers: int) -> tuple:
    """One measurement in a fresh process: (wall s, CPU s, peak MiB, rows, digest)."""
    return in_fresh_process(_measure, (home, archived, workers), f"{workers} process(es)")


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=8, help="status payloads (8)")
    ap.add_argument("--incidents", type=int, default=2_500, help="incidents per feed (2,500)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="parallel case")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved runs per case (median)")
    args = ap.parse_args()
    print(f"load average at start: {load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        archived, size = [], 0
        for k in range(args.feeds):
            atom, _ = build_feeds(args.incidents, seed=100 + k)
            size += len(atom)
            sha, path = archive_payload(home, atom)
            archived.append((sha, str(path)))
        print(f"{args.feeds} Atom feeds of {args.incidents} incidents, {size / 2**20:.1f} MiB")
        print(
            "automatic choice for these payloads: "
            f"{staging.parse_workers(home, _jobs(home, archived), None)} process(es)"
        )
        cases = {1: [], args.workers: []}
        for _ in range(args.repeat):
            for workers, runs in cases.items():
                runs.append(measure(home, archived, workers))
    print(f"median of {args.repeat} interleaved runs, each in its own process:")
    print(f"{'case':28} {'wall s':>7} {'CPU s':>7} {'MiB/s':>7} {'peak RSS':>9}")
    wall = {}
    for workers, runs in cases.items():
        wall[workers] = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        peak = max(r[2] for r in runs)
        label = f"parse in {workers} process{'es' if workers > 1 else ''} + load"
        print(
            f"{label:28} {wall[workers]:7.2f} {cpu:7.2f} {size / 2**20 / wall[workers]:7.1f} "
            f"{peak:5.0f} MiB"
        )
    digests = {r[4] for runs in cases.values() for r in runs}
    rows = {r[3] for runs in cases.values() for r in runs}
    speedup = wall[1] / wall[args.workers]
    print(f"speedup in wall time: {speedup:.2f}x with {args.workers} processes")
    print(f"identical tables in every run: {'yes' if len(digests) == 1 else 'NO'} ({rows} rows)")
    print("(CPU = the measuring process and its parse workers; the parallel case pays for starting")
    print(" its workers, so its CPU is higher: it buys wall time with idle cores)")
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
