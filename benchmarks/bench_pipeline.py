"""Benchmark: what a `radar run` costs when little or nothing changed, against a cold run.

Method (issue 14):

1. Write the embedded sample once (`radar sample`) into a temporary folder.
2. For each of `--repeat` rounds (default 3), interleaved so machine drift hits every case
   alike, in a fresh home holding a copy of the sample:
   * `cold`: `radar run --sample` on the empty home (the sample is already written);
   * `rerun`: `radar run --sample` again, no input changed;
   * `one_payload`: one status source serves one new payload (cohere's Statuspage JSON gains
     one resolved incident ten days after its newest), then `radar run --sample`;
   * `full` (with `--full`): `radar run --sample --full` on the same home.
   Each case runs in a process of its own (`python -c`, calling `pipeline.cli.main`), which
   reports its own CPU time (user + system, `resource.getrusage(RUSAGE_SELF)`: imports
   included; plus its parse workers', RUSAGE_CHILDREN, when it starts any), its wall time and
   its peak RSS.
3. Print the load average at the start, each case's medians (CPU beside wall, peak RSS) and
   the ratios to the cold run, with verdicts against the targets: rerun with no new data
   <= 10 % of the cold run's CPU time, rerun with one new status payload <= 20 %.

The machine is shared: CPU time is the figure to compare, wall time is shown beside it.
`--scale N` runs `bench_scale.py` instead: the whole job on the sample scaled x1 and xN, per
stage seconds, rows/s, peak RSS and growth exponents. Run:
    .venv/bin/python benchmarks/bench_pipeline.py [--repeat 3] [--full] [--keep DIR]
    .venv/bin/python benchmarks/bench_pipeline.py --scale 10 [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

TARGETS = {"rerun": 0.10, "one_payload": 0.20}
NEW_PAYLOAD_FILE = Path("status/cohere/incidents.json")

# The child: run the CLI in this process and report its own resource usage as JSON.
_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from pipeline import cli
code = cli.main(sys.argv[2:])
wall = time.perf_counter() - t0
u = resource.getrusage(resource.RUSAGE_SELF)
c = resource.getrusage(resource.RUSAGE_CHILDREN)  # parse workers, when a run starts any
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "cpu": u.ru_utime + u.ru_stime + c.ru_utime + c.ru_stime,
               "wall": wall, "rss_mib": u.ru_maxrss / 1024}, out)
"""


def run_case(home: Path, *extra: str) -> dict[str, float]:
    """Run `radar run --sample --home HOME EXTRA` in its own process; return its figures."""
    report = home / "bench-report.json"
    argv = ["run", "--sample", "--home", str(home), *extra]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(report), *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    outer = time.perf_counter() - started
    if not report.exists():
        raise RuntimeError(f"radar run failed in {home}: {done.stderr[-2000:]}")
    figures = json.loads(report.read_text())
    report.unlink()
    if figures["code"] != 0:
        raise RuntimeError(f"radar run exited {figures['code']}: {done.stderr[-2000:]}")
    figures["process_wall"] = outer  # interpreter start-up included
    return figures


def add_status_payload(sample: Path) -> None:
    """Give cohere's status JSON one new resolved incident, ten days after its newest one."""
    path = sample / NEW_PAYLOAD_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    newest = max(doc["incidents"], key=lambda i: i["created_at"])
    shift = timedelta(days=10)

    def shifted(value: object) -> object:
        if isinstance(value, str) and value.endswith("Z") and value[:4].isdigit():
            stamp = datetime.fromisoformat(value.replace("Z", "+00:00")) + shift
            return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        return value

    def copy(node: object) -> object:
        if isinstance(node, dict):
            return {
                k: (v + "BENCH" if k in ("id", "incident_id") else copy(v)) for k, v in node.items()
            }
        if isinstance(node, list):
            return [copy(v) for v in node]
        return shifted(node)

    doc["incidents"].insert(0, copy(newest))
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")


def main() -> None:
    """Run the cases, print the medians and the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--full", action="store_true", help="also time `radar run --full`")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temp dir)")
    parser.add_argument(
        "--scale",
        metavar="N[,N...]",
        help="instead: the whole job on the sample scaled x1 and xN (bench_scale.py --sizes)",
    )
    args = parser.parse_args()
    if args.scale:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import bench_scale

        sizes = sorted({1, *(int(n) for n in args.scale.split(","))})
        extra = ["--keep", str(args.keep)] if args.keep else []
        raise SystemExit(bench_scale.main(["--sizes", ",".join(map(str, sizes)), *extra]))
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    work.mkdir(parents=True, exist_ok=True)
    sample = work / "sample"
    if not sample.exists():
        from pipeline import cli

        cli.main(["sample", "--out", str(sample)])
    cases = ["cold", "rerun", "one_payload"] + (["full"] if args.full else [])
    results: dict[str, list[dict[str, float]]] = {c: [] for c in cases}
    try:
        for round_no in range(args.repeat):
            home = work / f"home-{round_no}"
            shutil.rmtree(home, ignore_errors=True)
            shutil.copytree(sample, home / "sample")
            for case in cases:
                if case == "one_payload":
                    add_status_payload(home / "sample")
                figures = run_case(home, *(["--full"] if case == "full" else []))
                results[case].append(figures)
                print(
                    f"  round {round_no + 1} {case:<12} cpu {figures['cpu']:6.2f} s  "
                    f"wall {figures['wall']:6.2f} s  rss {figures['rss_mib']:6.0f} MiB",
                    flush=True,
                )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    def median(case: str, key: str) -> float:
        return statistics.median(r[key] for r in results[case])

    print(f"\nmedian of {args.repeat} (each case its own process; CPU = user + system, "
          "imports included)")  # fmt: skip
    print(
        f"{'case':<12} {'cpu s':>7} {'wall s':>7} {'rss MiB':>8} {'cpu/cold':>9} {'wall/cold':>9}"
    )
    cold_cpu, cold_wall = median("cold", "cpu"), median("cold", "wall")
    for case in cases:
        cpu, wall = median(case, "cpu"), median(case, "wall")
        print(
            f"{case:<12} {cpu:7.2f} {wall:7.2f} {median(case, 'rss_mib'):8.0f} "
            f"{cpu / cold_cpu:9.1%} {wall / cold_wall:9.1%}"
        )
    for case, target in TARGETS.items():
        ratio = median(case, "cpu") / cold_cpu
        verdict = "met" if ratio <= target else "MISSED"
        print(f"target {case}: cpu {ratio:.1%} of cold <= {target:.0%}: {verdict}")
    end = os.getloadavg()
    print(f"load average at end: {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}")


if __name__ == "__main__":
    main()
