"""`radar` console script: run, sample, sources, export.

Exit codes: 0 success; 2 usage error (bad arguments, invalid catalog); 3 some sources failed
while the others were processed; 1 the pipeline itself failed (an asset or a blocking check).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pipeline import __version__
from pipeline.core import warehouse
from pipeline.core.catalog import default_catalog_path, load_catalog
from pipeline.core.errors import CatalogError
from pipeline.core.terminal import EscapingLogFilter, printable
from pipeline.load.summary import SUMMARY_COLUMNS, SourceSummary, summary_cells

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
INCREMENTAL_SKIPPED = "unchanged, skipped"  # pipeline.defs.changes.SKIPPED, without importing it

# Piped output (CI logs, files) gets wide lines instead of rich's 80-column default.
_WIDTH = None if sys.stdout.isatty() else 200
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 200)
out_console = Console(width=_WIDTH)


def plain(value: object) -> Text:
    """An outside string (source, URL, path, error) as rich Text: shown as is, never markup."""
    return Text(printable(str(value)))


def quoted(value: object) -> str:
    """An outside string for a rich markup line: markup escaped, control characters shown."""
    return escape(printable(str(value)))


class UsageError(CatalogError):
    """Bad command-line arguments."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep its message format
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"bad date {value!r}: use YYYY-MM-DD (e.g. 2026-03-01)"
        ) from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"bad count {value!r}: use a whole number >= 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every `radar` command."""
    parser = _Parser(
        prog="radar", description="Reliability Radar: AI vendor reliability analytics."
    )
    parser.add_argument("--version", action="version", version=f"radar {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="fetch, parse, build indicators, dashboards and exports")
    run.add_argument("--sample", action="store_true", help="use the embedded sample scenario")
    run.add_argument("--sources", type=Path, help="source catalog YAML (default: packaged catalog)")
    run.add_argument("--home", type=Path, help="home folder (default: $RADAR_HOME or ./data)")
    # No default here: the sample's DEFAULT_SEED is imported only by commands that use it.
    run.add_argument("--seed", type=int, help="seed of the sample scenario (default: the sample's)")
    run.add_argument("-v", "--verbose", action="store_true", help="show Dagster's own log lines")
    run.add_argument(
        "--full",
        action="store_true",
        help="rebuild every table, page, export and the snapshot, even when nothing changed",
    )
    run.add_argument(
        "--parse-workers",
        type=_positive_int,
        metavar="N",
        help="processes that parse status and news payloads (default: one per core when the "
        "new payloads are big enough to pay for starting them, else 1); with N >= 2, social "
        "posts are also scored in N processes (faster, ~0.7 GiB more memory per process)",
    )

    sample = sub.add_parser("sample", help="write the embedded sample scenario and truth.json")
    sample.add_argument("--out", type=Path, help="output folder (default: <home>/sample)")
    sample.add_argument("--seed", type=int, help="seed (default: the sample's)")
    sample.add_argument("--home", type=Path, help=argparse.SUPPRESS)

    sources = sub.add_parser("sources", help="list and validate a source catalog")
    sources.add_argument("--sources", type=Path, help="catalog YAML (default: packaged catalog)")

    train = sub.add_parser(
        "train-migrations",
        help="retrain the migration detector on its labeled posts and print grouped-CV figures",
    )
    train.add_argument("--folds", type=int, default=5, help="folds grouped by family (5)")
    train.add_argument("--errors", action="store_true", help="list every post the model gets wrong")

    export = sub.add_parser(
        "export",
        help="write one indicator table as CSV or Parquet, or `all`: the whole export bundle",
    )
    export.add_argument("indicator", nargs="?", help="indicator/table name (see --list), or `all`")
    export.add_argument("--list", action="store_true", help="list exportable indicators")
    export.add_argument("--vendor", action="append", default=[], help="vendor slug (repeatable)")
    export.add_argument("--since", type=_parse_date, help="first day (YYYY-MM-DD, UTC)")
    export.add_argument("--until", type=_parse_date, help="last day (YYYY-MM-DD, UTC)")
    export.add_argument(
        "--format", choices=("csv", "parquet"), help="file format (default csv; parquet needs -o)"
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        help="output file; without it (or with `-o -`) CSV goes to stdout; "
        "for `all` the output folder (default: <home>/exports)",
    )
    export.add_argument("--home", type=Path, help="home folder (default: $RADAR_HOME or ./data)")
    return parser


def _configure_logging(verbose: bool) -> None:
    """Log to stderr: every INFO line (per fetch, per page) with `verbose`, else only warnings
    and errors (the loggers keep their levels, so pytest's caplog still sees INFO)."""
    handler: logging.Handler
    if sys.stderr.isatty():
        handler = RichHandler(console=err_console, show_path=False, show_time=False, markup=False)
        fmt = "%(message)s"
    else:  # logs, CI: plain lines without padding
        handler = logging.StreamHandler(sys.stderr)
        fmt = "%(levelname)s %(message)s"
    handler.addFilter(EscapingLogFilter())  # outside text in a message: one printable line
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=logging.INFO, format=fmt, handlers=[handler], force=True)
    for noisy in ("dagster", "httpx", "httpcore", "alembic", "sqlalchemy"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)


# Stages in pipeline order (asset groups; `checks`: asset checks in ops of their own, if any).
_STAGES = ("ingest", "parse", "status", "news", "social", "indicators", "publish", "checks")


def _job_stages(job: object) -> dict[str, str]:
    """Step key -> stage of every step of an asset job (empty for a job without assets)."""
    layer = getattr(job, "asset_layer", None)
    if layer is None:
        return {}
    return {
        assets.node_def.name: next(iter(assets.group_names_by_key.values()), "checks")
        for assets in layer.asset_graph.assets_defs
        if assets.is_executable
    }


def _run_with_progress(job: Any, **execute: Any) -> Any:
    """`job.execute_in_process(**execute)` with one rich progress bar per stage on stderr,
    advanced by the run's step events (a step counts when it succeeds, fails or is skipped)."""
    from dagster import DagsterInstance
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    stages = _job_stages(job)
    counts = {stage: sum(1 for s in stages.values() if s == stage) for stage in _STAGES}
    instance, run_id = DagsterInstance.ephemeral(), str(uuid.uuid4())
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err_console) as progress:
        tasks = {s: progress.add_task(s, total=n, start=False) for s, n in counts.items() if n}

        def on_event(entry: Any) -> None:
            event = entry.dagster_event
            if event is None or event.step_key not in stages:
                return
            task = tasks[stages[event.step_key]]
            progress.start_task(task)  # the stage's clock runs from its first step
            if event.is_step_success or event.is_step_failure or event.is_step_skipped:
                progress.advance(task)

        instance.add_event_listener(run_id, on_event)
        return job.execute_in_process(instance=instance, run_id=run_id, **execute)


def cmd_run(args: argparse.Namespace) -> int:
    """Materialize every asset in-process (a progress bar per stage; per-fetch log lines with
    `-v`) and print the per-source summary."""
    # Dagster is imported by the command that runs it only: `radar export` and the worker
    # processes of a run (which import this module again) do without it.
    from dagster import AssetCheckSeverity

    from pipeline.defs.definitions import JOB_NAME, build_definitions
    from pipeline.load import summary

    home = warehouse.resolve_home(args.home).resolve()
    if args.sample and args.sources:
        raise UsageError("radar run: --sample and --sources exclude each other")
    if args.sample:  # the sample package loads its text corpora: only for --sample
        from pipeline.sample import build as sample
        from pipeline.sample.plan import DEFAULT_SEED

        seed = DEFAULT_SEED if args.seed is None else args.seed
        catalog_path = sample.ensure_sample(home, seed=seed)
    else:
        catalog_path = (args.sources or default_catalog_path()).resolve()
    catalog = load_catalog(catalog_path)  # validate before starting anything
    _configure_logging(args.verbose)
    err_console.print(
        f"radar run: {len(catalog.sources)} sources from {quoted(catalog_path)}, "
        f"home {quoted(home)}"
    )
    defs = build_definitions(
        home=str(home), sources=str(catalog_path), full=args.full,
        parse_workers=args.parse_workers or 0,
    )  # fmt: skip
    log_level = "INFO" if args.verbose else "WARNING"
    result = _run_with_progress(
        defs.resolve_job_def(JOB_NAME),
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        raise_on_error=False,
    )
    # Read-only when the run created the warehouse (a writer would apply the schema again,
    # ~0.3 s); a run that failed before any step opened it gets an empty one.
    path = warehouse.warehouse_path(home)
    with warehouse.connect(path, read_only=path.exists()) as con:
        rows = summary.run_summary(con, result.run_id)
        counts = {
            t: warehouse.table_rows(con, t) for t in ("incidents", "outage_daily", "quarantine")
        }
    print_summary(rows)
    print_incremental(result)
    evaluations = [e for e in result.get_asset_check_evaluations() if not e.passed]
    failed_checks = [e.check_name for e in evaluations if e.severity == AssetCheckSeverity.ERROR]
    for e in evaluations:
        if e.check_name not in failed_checks:
            err_console.print(
                f"[yellow]warning:[/yellow] check {quoted(e.check_name)} did not pass"
            )
    out_console.print(
        f"warehouse {quoted(warehouse.warehouse_path(home))}: {counts['incidents']} incidents, "
        f"{counts['outage_daily']} outage_daily rows, {counts['quarantine']} quarantined records; "
        f"dashboards in {quoted(warehouse.dashboards_dir(home))}"
    )
    if not result.success or failed_checks:
        checks = ", ".join(quoted(c) for c in failed_checks) or "none"
        err_console.print(f"[red]pipeline failed[/red] (failed checks: {checks})")
        return EXIT_FAILED
    failed_sources = [r.source for r in rows if r.failed]
    if failed_sources:
        err_console.print(
            f"[yellow]{len(failed_sources)} source(s) failed:[/yellow] "
            + ", ".join(quoted(s) for s in failed_sources)
        )
        return EXIT_PARTIAL
    return EXIT_OK


def print_incremental(result: Any) -> None:
    """Print which assets the run skipped because nothing they read changed (incremental runs:
    each asset's `incremental` materialization metadata), and for a publisher that rebuilt in
    part (`kept` and `rewritten` metadata) which pages or files it rewrote and which it kept."""
    outcomes: dict[str, str] = {}
    partial: list[str] = []
    for event in result.get_asset_materialization_events():
        meta = event.materialization.metadata
        entry = meta.get("incremental")
        if entry is not None:
            name = event.materialization.asset_key.to_user_string()
            outcomes[name] = str(entry.value)
            kept, rewritten = meta.get("kept"), meta.get("rewritten")
            if kept is not None and rewritten is not None and kept.value:
                partial.append(
                    f"{name}: rewrote {', '.join(rewritten.value) or 'nothing'}; "
                    f"kept unchanged {', '.join(kept.value)}"
                )
    skipped = sorted(k for k, v in outcomes.items() if v == INCREMENTAL_SKIPPED)
    rebuilt = sorted(k for k, v in outcomes.items() if v != INCREMENTAL_SKIPPED)
    if skipped:
        out_console.print(
            plain(f"unchanged, skipped ({len(skipped)}): {', '.join(skipped)}"), soft_wrap=True
        )
    if rebuilt:
        out_console.print(plain(f"rebuilt ({len(rebuilt)}): {', '.join(rebuilt)}"), soft_wrap=True)
    for line in partial:
        out_console.print(plain(line), soft_wrap=True)


def print_summary(rows: list[SourceSummary]) -> None:
    """Print the per-source summary table; every cell is plain text (errors quote payloads)."""
    table = Table(title="Run summary", show_lines=False)
    for col in SUMMARY_COLUMNS:
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(*(Text(cell) for cell in summary_cells(r)))
    out_console.print(table)


def cmd_sample(args: argparse.Namespace) -> int:
    """Write the sample scenario."""
    from pipeline.sample import build as sample
    from pipeline.sample.plan import DEFAULT_SEED

    out = args.out or sample.sample_dir(warehouse.resolve_home(args.home))
    seed = DEFAULT_SEED if args.seed is None else args.seed
    catalog_path = sample.write_sample(out, seed=seed)
    out_console.print(
        plain(f"sample written: catalog {catalog_path}, truth {catalog_path.parent / 'truth.json'}")
    )
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    """List and validate a source catalog."""
    path = args.sources or default_catalog_path()
    catalog = load_catalog(path)
    table = Table(title=plain(f"{len(catalog.sources)} sources in {path}"))
    for col in ("name", "kind", "vendor", "format", "url"):
        table.add_column(col, overflow="fold")
    for s in catalog.sources:
        table.add_row(*(plain(v) for v in (s.name, s.kind, s.vendor or "-", s.format, s.url)))
    out_console.print(table)
    out_console.print("catalog is valid")
    return EXIT_OK


def cmd_train_migrations(args: argparse.Namespace) -> int:
    """Retrain the migration detector and print its cross-validated figures beside the rules'."""
    from pipeline.enrich.migration_model import cross_validate, load_labels, train

    posts = load_labels()
    started = time.perf_counter()
    model = train(posts)
    seconds = time.perf_counter() - started
    positives = sum(p.migration for p in posts)
    out_console.print(
        f"trained on {model.trained_on:,} of {len(posts):,} labeled posts ({positives:,} "
        f"migrations; the others name no known vendor) in {seconds:.1f} s"
    )
    with err_console.status("cross-validating (folds grouped by phrasing family)..."):
        model_scores, rule_scores, _ = cross_validate(posts, max(2, args.folds))
    table = Table(title=f"{args.folds}-fold cross-validation grouped by phrasing family")
    for col in ("detector", "precision", "recall", "direction", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if col == "detector" else "right")
    for name, s in (("model", model_scores), ("rules alone", rule_scores)):
        table.add_row(
            name,
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.direction:.3f}",
            str(s.tp),
            str(s.fp),
            str(s.fn),
        )
    out_console.print(table)
    if args.errors:
        for line in model_scores.errors:
            out_console.print(plain(line))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write one indicator table (filters are SQL parameters), or with `all` the bundle.

    Reads the snapshot when there is one, else the warehouse read-only (waiting for a writer),
    so a run or `dagster dev` never makes it fail. Every failure is one line on stderr and an
    exit code (2 usage, 1 anything else), never a traceback; a closed stdout (`| head`) ends
    it quietly.
    """
    import duckdb

    from pipeline.core.errors import RadarError

    try:
        return _export(args)
    except CatalogError:
        raise  # main prints it; exit 2
    except (RadarError, duckdb.Error, OSError) as err:
        if _closed_pipe(err):
            # The reader closed the pipe (`radar export x | head`): it has what it wanted.
            # Point stdout at /dev/null so the interpreter's final flush does not fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        err_console.print(plain(f"error: radar export: {message}"), soft_wrap=True)
        return EXIT_FAILED


def _closed_pipe(err: Exception) -> bool:
    """Whether `err` is a write to a closed pipe (Python's BrokenPipeError, or polars' OSError
    carrying EPIPE's text)."""
    return isinstance(err, BrokenPipeError) or (
        isinstance(err, OSError) and "broken pipe" in str(err).lower()
    )


def _export(args: argparse.Namespace) -> int:
    from pipeline.publish import exports
    from pipeline.publish.bundle import DICTIONARY_FILE, MANIFEST_FILE, export_bundle

    if args.list:
        formats = ", ".join(exports.FORMATS)
        for name, spec in exports.EXPORTABLE.items():
            out_console.print(
                f"{name}: {spec.description} [{formats}]",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        out_console.print(
            f"all: every indicator above as {formats}, plus vendors.csv, {DICTIONARY_FILE} and "
            f"{MANIFEST_FILE} (radar export all -o DIR)",
            markup=False,
            highlight=False,
        )
        return EXIT_OK
    if not args.indicator:
        raise UsageError(
            "radar export: missing INDICATOR; choose one of: all, " + ", ".join(exports.EXPORTABLE)
        )
    bundle = args.indicator == "all"
    if bundle and (args.vendor or args.since or args.until or args.format):
        raise UsageError(
            "radar export all: writes every indicator whole in every format; "
            "drop --vendor, --since, --until and --format"
        )
    home = warehouse.resolve_home(args.home)
    if bundle:
        out_dir = args.output or home / "exports"
        if str(out_dir) == "-":
            raise UsageError("radar export all: -o takes a folder, not stdout")
        with exports.open_export_database(home) as (con, source):
            manifest = export_bundle(con, out_dir, generated_at=datetime.now(UTC))
        data = [f for f in manifest.files if f.indicator in exports.EXPORTABLE]
        err_console.print(
            f"wrote {len(data) // len(exports.FORMATS)} indicators "
            f"({sum(f.rows or 0 for f in data if f.format == 'csv')} rows) as "
            f"{', '.join(exports.FORMATS)}, vendors.csv, {DICTIONARY_FILE} and "
            f"{MANIFEST_FILE} to {printable(str(out_dir))} (read from {source.name})",
            markup=False,
            highlight=False,
        )
        return EXIT_OK
    exports.check_indicator(args.indicator)
    fmt = args.format or "csv"
    to_stdout = args.output is None or str(args.output) == "-"
    if to_stdout and fmt != "csv":
        raise UsageError(
            f"radar export: {fmt} is binary and needs an output file: -o FILE.{fmt} "
            "(only csv goes to stdout)"
        )
    with exports.open_export_database(home) as (con, source):
        result = exports.export_rows(
            con,
            args.indicator,
            sys.stdout.buffer if to_stdout else args.output,
            vendors=args.vendor,
            since=args.since,
            until=args.until,
            fmt=fmt,
        )
    if to_stdout:
        sys.stdout.flush()
    for note in result.notes:
        err_console.print(plain(f"note: {note}"), soft_wrap=True)
    if not to_stdout:
        err_console.print(
            plain(f"wrote {result.rows} rows to {args.output} (read from {source.name})")
        )
    return EXIT_OK


COMMANDS = {
    "run": cmd_run,
    "sample": cmd_sample,
    "sources": cmd_sources,
    "train-migrations": cmd_train_migrations,
    "export": cmd_export,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `radar` console script; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except CatalogError as err:
        err_console.print(plain(f"error: {err}"), soft_wrap=True)  # one line, never folded
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
