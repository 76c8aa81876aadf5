"""Benchmark: memory and time of the whole social path as the file grows (issue 14).

For each size (default 300,000, 1,000,000 and 3,000,000 posts) it writes a JSON Lines file of
generated posts (`bench_social.write_posts`: the four platforms' item shapes; not timed), then,
in a fresh spawned process per size (so the peak RSS is that run's alone), runs the pipeline's
own social path on it: `pipeline.load.social.load_social_source` fetches the file into the raw
archive, parses it block by block, scores each block (`pipeline.enrich.post_scorer.PostScorer`,
in `--workers` processes while the run parses and stores: by default as the pipeline decides,
one per core for a big file; 1 = in the run's process) and stores it into a DuckDB warehouse
file opened by `pipeline.core.warehouse.connect` (with its memory_limit and threads settings).
Printed per size: wall and CPU seconds (user + system of all the process's threads, and of its
scoring workers), peak RSS (`ru_maxrss` of the process; with workers, also of the largest
worker, and their sum as the machine's share), posts per second of wall time, and the
growth exponent of wall and CPU time between consecutive sizes (1.0 = linear); the load
average at the start (the machine is shared) and the DuckDB settings in force.

Run:
    .venv/bin/python benchmarks/bench_social_memory.py [--sizes 300000,1000000,3000000]
        [--data-dir DIR (keep the generated files there and reuse them)] [--workers 1,0]
    (--workers: a comma list of settings, each size run once per setting, interleaved;
    0 = the pipeline's automatic choice)
Targets: peak RSS at the largest size <= at 1M posts (+5%) and < 1 GiB at every size;
1M posts end to end < 60 s wall on 2 idle cores (CPU time printed beside it).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import queue as queue_module
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_social import write_posts

GIB = 2**30


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the scoring workers, once ended
    return usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime


def _end_to_end(path: Path, home: Path, workers: int) -> dict:
    """The social path on `path` into a fresh warehouse under `home` (runs in the child)."""
    from pipeline.core import warehouse
    from pipeline.core.models import Source
    from pipeline.enrich.post_scorer import PostScorer
    from pipeline.ingest.fetch import FetchSettings
    from pipeline.load import social

    now = datetime(2026, 5, 1, tzinfo=UTC)
    # The file is larger than the default social cap: the catalog's max_bytes lifts it.
    source = Source(
        "bench-social", "social", str(path), format="jsonl", max_bytes=path.stat().st_size
    )
    cpu0, wall0 = _cpu(), time.perf_counter()
    with warehouse.connect(warehouse.warehouse_path(home)) as con:
        settings = dict(
            con.execute(
                "select name, value from duckdb_settings()"
                " where name in ('memory_limit', 'threads')"
            ).fetchall()
        )
        stats = social.load_social_source(
            con, source, home, "bench-run", FetchSettings(), now, PostScorer(), workers or None
        )
        posts = warehouse.table_rows(con, "posts")
    settings["memory_limit while loading"] = social.LOAD_MEMORY_LIMIT
    return {
        "wall": time.perf_counter() - wall0,
        "cpu": _cpu() - cpu0,
        "posts": posts,
        "loaded": stats.posts,
        "quarantined": stats.quarantined,
        "migrations": stats.migrations,
        "settings": settings,
    }


def _child(args: tuple, queue) -> None:
    figures = _end_to_end(*args)
    figures["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    figures["worker_rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    queue.put(figures)


def run(path: Path, home: Path, workers: int) -> dict:
    """Run the social path on `path` in a fresh spawned process; return its figures."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=((path, home, workers), queue))
    proc.start()
    while True:
        try:
            figures = queue.get(timeout=2)
        except queue_module.Empty:
            if not proc.is_alive():
                raise SystemExit(f"{path.name}: child failed (exit {proc.exitcode})") from None
            continue
        proc.join()
        return figures


def _posts_file(folder: Path, n: int) -> Path:
    path = folder / f"posts_{n}.jsonl"
    if not path.exists():
        start = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        size, _ = write_posts(tmp, n)
        tmp.replace(path)
        print(
            f"generated {n:,} posts, {size / 2**20:,.0f} MiB in {time.perf_counter() - start:.1f} s"
            " (not timed)",
            flush=True,
        )
    return path


def _exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """k in time ~ n**k between two sizes."""
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def main() -> None:
    """Run the social path at each size and print the figures and the targets."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300000,1000000,3000000", help="posts per run, comma list")
    ap.add_argument("--data-dir", default="", help="keep generated files here (default: temp)")
    ap.add_argument("--workers", default="0", help="scoring process settings, comma list (0)")
    args = ap.parse_args()
    settings_list = [int(w) for w in args.workers.split(",") if w.strip()]
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start (1, 5, 15 min): {load} on {os.cpu_count()} cores", flush=True)
    results: list[tuple[int, dict]] = []
    with tempfile.TemporaryDirectory(prefix="bench_social_memory_") as tmp:
        folder = Path(args.data_dir) if args.data_dir else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            path = _posts_file(folder, n)
            for workers in settings_list:
                home = Path(tmp) / f"home_{n}_{workers}"
                figures = run(path, home, workers)
                figures["bytes"] = path.stat().st_size
                figures["workers"] = workers
                results.append((n, figures))
                print(
                    f"  {n:>9,} posts, workers {workers or 'auto'}: wall {figures['wall']:6.1f} s,"
                    f" CPU {figures['cpu']:6.1f} s, peak RSS {figures['rss'] / 2**20:6.0f} MiB"
                    f" (largest worker {figures['worker_rss'] / 2**20:.0f} MiB)",
                    flush=True,
                )
    settings = results[0][1]["settings"]
    print(
        "\nDuckDB warehouse connection: "
        + ", ".join(f"{k} = {v}" for k, v in sorted(settings.items()))
    )
    for workers in settings_list:
        _report([(n, f) for n, f in results if f["workers"] == workers], workers, sizes)


def _report(results: list[tuple[int, dict]], workers: int, sizes: list[int]) -> None:
    """The table and the verdicts of one workers setting."""
    print(f"\nscoring workers: {workers or 'automatic'}")
    print(
        f"{'posts':>10} {'MiB file':>9} {'wall s':>7} {'CPU s':>7} {'peak RSS':>10}"
        f" {'+workers':>9} {'posts/s':>9} {'k wall':>7} {'k CPU':>6} {'loaded':>10}"
        f" {'quar.':>6} {'migr.':>7}"
    )
    previous = None
    for n, f in results:
        k_wall = k_cpu = ""
        if previous is not None:
            k_wall = f"{_exponent((previous[0], previous[1]['wall']), (n, f['wall'])):.2f}"
            k_cpu = f"{_exponent((previous[0], previous[1]['cpu']), (n, f['cpu'])):.2f}"
        print(
            f"{n:>10,} {f['bytes'] / 2**20:>9,.0f} {f['wall']:>7.1f} {f['cpu']:>7.1f}"
            f" {f['rss'] / 2**20:>6.0f} MiB {f['worker_rss'] / 2**20:>5.0f} MiB"
            f" {f['posts'] / f['wall']:>9,.0f} {k_wall:>7}"
            f" {k_cpu:>6} {f['posts']:>10,} {f['quarantined']:>6,} {f['migrations']:>7,}"
        )
        previous = (n, f)
    peaks = {n: f["rss"] for n, f in results}
    print("targets (k = growth exponent of time between consecutive sizes; 1 = linear):")
    top = max(peaks.values())
    print(f"  peak RSS < 1 GiB at every size:    {_verdict(top < GIB)} ({top / 2**20:.0f} MiB"
          " the run's process; each scoring worker's own beside it in the table)")  # fmt: skip
    if 1_000_000 in peaks and max(sizes) > 1_000_000:
        largest = peaks[max(sizes)]
        ok = largest <= peaks[1_000_000] * 1.05
        print(
            f"  peak RSS at {max(sizes):,} <= at 1M (+5%): {_verdict(ok)}"
            f" ({largest / 2**20:.0f} vs {peaks[1_000_000] / 2**20:.0f} MiB)"
        )
    if 1_000_000 in peaks:
        one = dict(results)[1_000_000]
        print(
            f"  1M posts end to end < 60 s wall:   {_verdict(one['wall'] < 60)}"
            f" ({one['wall']:.1f} s wall, {one['cpu']:.1f} s CPU on {os.cpu_count()} cores)"
        )


def _verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


if __name__ == "__main__":
    main()
