"""Benchmark: the dashboard site and all exports on a 10x sample warehouse.

Method:

1. Run the embedded sample once (`radar run --sample`) in a temporary home, or reuse the home
   given with `--home` (a home where the sample ran).
2. Copy its warehouse and scale the source tables 10x with SQL (`--method`):
   * `time` (default; how a deployment grows: the same 12 vendors, years of data): nine more
     copies of incidents, articles, posts and migrations, each shifted by a whole window
     (151 days for the sample) with suffixed keys, so the data window becomes 10x as long;
   * `vendors` (a stress test of pages per vendor): nine more copies renamed `<vendor>-<k>`
     (the vendor lists of posts and articles too), so there are 10x as many vendors.
3. Time the indicator stage over the scaled tables: `pipeline.indicators.daily` builders
   (outage_daily, news_daily, sentiment_daily, migration tables), then `indicators.crowd`
   (outage_reports_hourly, lead times, silent outages) and the event study when present.
4. Time the site build (`publish.site.build_dashboards`: every page, vendor pages, crisis board)
   and all exports (CSV of every exportable table).

Prints seconds per step, total and largest page size (MB), and the ratio of the site build to
the indicator stage, with verdicts against the targets: largest page < 5 MB at 10x, site build
<= 0.5x the indicator stage. The ratio is given for both definitions of the stage: indicators
+ crowd tables only, and the whole stage as the pipeline runs it (every asset of the
Dagster `indicators` group, the event study included). Run:
    .venv/bin/python benchmarks/bench_publish.py [--method time|vendors] [--home DIR]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from pipeline import cli
from pipeline.core import warehouse
from pipeline.indicators import crowd
from pipeline.indicators import daily as indicators
from pipeline.indicators.window import DataWindow
from pipeline.publish import exports, page, site

COPIES = 10
# Source tables the indicators read: (table, key column made unique per copy, time columns).
SCALED = (
    ("incidents", "incident_id", ("started_at", "resolved_at")),
    ("articles", "article_id", ("published_at",)),
    ("posts", "post_id", ("created_at",)),
    ("migrations", "post_id", ("created_at",)),
)
# Vendor columns per table for --method vendors: (column, is a list).
VENDOR_COLUMNS = {
    "incidents": (("vendor", False),),
    "articles": (("vendors", True),),
    "posts": (("vendors", True),),
    "migrations": (("from_vendor", False), ("to_vendor", False)),
}
# The assets of the Dagster `indicators` group (pipeline/defs/assets.py) and the steps timing them:
# outage_daily, news_daily, sentiment_daily, migration tables (migration_daily), crowd tables
# (outage_reports_hourly, incident_lead_times) and event study.
INDICATOR_ASSETS = (
    "outage_daily", "news_daily", "sentiment_daily", "migration_daily",
    "outage_reports_hourly", "incident_lead_times", "event_study",
)  # fmt: skip
TARGET_PAGE_MB = 5.0
TARGET_RATIO = 0.5


def _sample_home(home: Path | None, tmp: Path) -> Path:
    if home is not None:
        return home
    home = tmp / "sample-home"
    code = cli.main(["run", "--sample", "--home", str(home)])
    if code != cli.EXIT_OK:
        raise SystemExit(f"radar run --sample failed with exit code {code}")
    return home


def _window(con: duckdb.DuckDBPyConnection) -> tuple[date, date]:
    first, last = con.execute("select min(day), max(day) from outage_daily").fetchall()[0]
    return first, last


def scale(con: duckdb.DuckDBPyConnection, method: str, period_days: int) -> None:
    """Add COPIES - 1 copies of the source tables (see the module docstring)."""
    for table, key, times in SCALED:  # four tables
        replace = [f"{key} || '~' || k::varchar as {key}"]
        if method == "time":
            replace += [f"{c} + to_days(k * {period_days}) as {c}" for c in times]
        else:
            for column, is_list in VENDOR_COLUMNS[table]:
                if is_list:
                    replace.append(
                        f"list_transform({column}, lambda v: v || '-' || k::varchar) as {column}"
                    )
                else:
                    replace.append(f"{column} || '-' || k::varchar as {column}")
        # Identifiers and numbers only, from the constants above.
        con.execute(
            f"insert into {table} select * exclude (k) replace ({', '.join(replace)}) "  # noqa: S608
            f"from {table}, range(1, {COPIES}) r(k)"
        ).fetchall()


def _timed(label: str, fn: Callable[[], object], times: dict[str, float]) -> None:
    start = time.perf_counter()
    fn()
    times[label] = time.perf_counter() - start


def main() -> None:
    """Build the 10x warehouse, time indicators, site and exports, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", choices=("time", "vendors"), default="time")
    parser.add_argument("--home", type=Path, help="a home where `radar run --sample` ran")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        home = _sample_home(args.home, tmp)
        db = tmp / "warehouse-10x.duckdb"
        shutil.copy(warehouse.warehouse_path(home), db)
        with warehouse.connect(db) as con:
            first, last = _window(con)
            period = (last - first).days + 1
            counts_1x = {t: warehouse.table_rows(con, t) for t, _, _ in SCALED}
            scale(con, args.method, period)
            end = last + timedelta(days=period * (COPIES - 1)) if args.method == "time" else last
            vendors = [
                r[0] for r in con.execute("select distinct vendor from incidents").fetchall()
            ]
            window = DataWindow(
                first, end, datetime.combine(end, datetime.min.time(), UTC) + timedelta(days=1)
            )
            counts = {t: warehouse.table_rows(con, t) for t, _, _ in SCALED}
            print(
                f"method {args.method}: window {first} .. {end} ({(end - first).days + 1} days), "
                f"{len(vendors)} status vendors"
            )
            for table, n in counts.items():
                print(f"  {table:<11} {counts_1x[table]:>8} -> {n:>9} rows")

            times: dict[str, float] = {}
            _timed(
                "outage_daily", lambda: indicators.build_outage_daily(con, window, vendors), times
            )
            _timed("news_daily", lambda: indicators.build_news_daily(con, window, vendors), times)
            _timed(
                "sentiment_daily",
                lambda: indicators.build_sentiment_daily(con, window, vendors),
                times,
            )
            _timed(
                "migration tables",
                lambda: indicators.build_migration_tables(con, window, vendors),
                times,
            )
            _timed("crowd tables", lambda: crowd.build_crowd_tables(con, window, vendors), times)
            try:
                from pipeline.indicators.event_study import build_event_study
            except ImportError:
                build_event_study = None
            if build_event_study is not None:
                _timed("event study", lambda: build_event_study(con, first, end), times)
            indicator_only = sum(
                times[k]
                for k in ("outage_daily", "news_daily", "sentiment_daily", "migration tables")
            )
            stage = indicator_only + times["crowd tables"]
            full_stage = stage + times.get("event study", 0.0)

            out = tmp / "dashboards"
            # The bundle copy is a one-off per folder, not part of a rebuild.
            out.mkdir()
            page.ensure_plotlyjs(out)
            generated = window.close
            _timed(
                "site",
                lambda: site.build_dashboards(
                    con, out, generated_at=generated, summary_lines=["benchmark"]
                ),
                times,
            )
            _timed("exports", lambda: exports.export_all(con, tmp / "exports"), times)

        pages = sorted(out.glob("*.html"))
        sizes = {p.name: p.stat().st_size / 2**20 for p in pages}
        largest = max(sizes, key=sizes.get)
        bundle = (out / page.PLOTLY_JS).stat().st_size / 2**20

    print("\nindicator stage (s):")
    for key in (
        "outage_daily",
        "news_daily",
        "sentiment_daily",
        "migration tables",
        "crowd tables",
        "event study",
    ):
        if key in times:
            print(f"  {key:<17} {times[key]:7.2f}")
    print(f"  {'indicators only':<17} {indicator_only:7.2f}")
    print(f"  {'+ crowd':<17} {stage:7.2f}")
    print(f"  {'+ event study':<17} {full_stage:7.2f}")
    site_s, exports_s = times["site"], times["exports"]
    print(f"\nsite build: {site_s:.2f} s for {len(pages)} pages; exports: {exports_s:.2f} s")
    print(
        f"pages: total {sum(sizes.values()):.2f} MB (+ one shared {page.PLOTLY_JS} "
        f"{bundle:.2f} MB), largest {largest} {sizes[largest]:.2f} MB"
    )
    for name in sorted(sizes, key=sizes.get, reverse=True)[:5]:
        print(f"  {name:<28} {sizes[name]:6.2f} MB")
    ratio = times["site"] / stage
    whole = times["site"] / full_stage
    print(
        f"\nratio site / indicator stage (indicators + crowd): {ratio:.2f}"
        f"  (vs indicators only {times['site'] / indicator_only:.2f}; "
        f"site + exports / stage {(times['site'] + times['exports']) / stage:.2f})"
    )
    print(
        f"ratio site / whole indicator stage as the pipeline runs it (every asset of the "
        f"Dagster `indicators` group: {', '.join(INDICATOR_ASSETS)}): {whole:.2f}"
        + ("" if "event study" in times else "  (no event study module: left out)")
    )
    page_ok = sizes[largest] < TARGET_PAGE_MB
    print(f"verdict largest page < {TARGET_PAGE_MB:g} MB: {'PASS' if page_ok else 'FAIL'}")
    print(
        f"verdict site build <= {TARGET_RATIO:g}x indicator stage (indicators + crowd): "
        f"{'PASS' if ratio <= TARGET_RATIO else 'FAIL'}"
    )
    print(
        f"verdict site build <= {TARGET_RATIO:g}x whole indicator stage (+ event study): "
        f"{'PASS' if whole <= TARGET_RATIO else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
