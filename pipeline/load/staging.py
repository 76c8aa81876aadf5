"""Parse status and news payloads into Parquet staging files, in worker processes.

The split a cluster needs (README, Scaling out), on one machine: `stage_payloads` parses each
pending payload into `HOME/staging/<source>/<sha256>/`, one Parquet file per table it feeds
(`incidents` and `updates`, or `items`) plus `quarantine`, and `outcome.json` with its counts,
format and how it was read, or why it could not be parsed. Nothing here opens the warehouse:
payloads are parsed in a pool of worker processes when there are several and they are big
enough to pay for starting the workers, else in this process; the files are the same either
way. The load step (`pipeline.load.status.load_staged`, `pipeline.load.news.load_staged`) then
inserts every staged file of the run in one statement per table, the warehouse's only writer,
and `discard` removes the folders. Re-parsing a payload rewrites the same files.
"""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from pipeline.core.errors import ParseError, RadarError
from pipeline.core.models import NewsParseResult, ParseResult, Quarantined, Source
from pipeline.ingest.archive import read_archived
from pipeline.parse import parse_status_payload
from pipeline.parse.news_feed import parse_news_feed

log = logging.getLogger(__name__)

STAGING_DIR = "staging"
# A second process parses only when at least this many payload bytes can be parsed beside the
# biggest payload: starting a worker (a fresh interpreter importing the parsers) costs ~0.6 s
# CPU, what a Statuspage feed of ~10 MiB takes to parse (benchmarks/bench_parallel_parse.py).
PARALLEL_MIN_BYTES = 16 << 20

QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "record_ref": pl.String(),
    "reason": pl.String(),
    "seen_at": pl.Datetime("us", "UTC"),
    "sha256": pl.String(),
}
INCIDENT_SCHEMA: dict[str, pl.DataType] = {
    "vendor": pl.String(),
    "incident_id": pl.String(),
    "source": pl.String(),
    "format": pl.String(),
    "title": pl.String(),
    "impact": pl.String(),
    "impact_inferred": pl.Boolean(),
    "is_maintenance": pl.Boolean(),
    "started_at": pl.Datetime("us", "UTC"),
    "resolved_at": pl.Datetime("us", "UTC"),
    "status": pl.String(),
    "components": pl.List(pl.String()),
    "url": pl.String(),
    "observed_at": pl.Datetime("us", "UTC"),
    "has_history": pl.Boolean(),
}
UPDATE_SCHEMA: dict[str, pl.DataType] = {
    "vendor": pl.String(),
    "incident_id": pl.String(),
    "source": pl.String(),
    "format": pl.String(),
    "status": pl.String(),
    "posted_at": pl.Datetime("us", "UTC"),
    "body": pl.String(),
}
ITEM_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "item_id": pl.String(),
    "url": pl.String(),
    "title": pl.String(),
    "summary": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "author": pl.String(),
    "categories": pl.List(pl.String()),
    "language": pl.String(),
    "first_seen_at": pl.Datetime("us", "UTC"),
}
# The Parquet files of each kind of payload and their schemas.
TABLES: dict[str, dict[str, dict[str, pl.DataType]]] = {
    "status": {
        "incidents": INCIDENT_SCHEMA,
        "updates": UPDATE_SCHEMA,
        "quarantine": QUARANTINE_SCHEMA,
    },
    "news": {"items": ITEM_SCHEMA, "quarantine": QUARANTINE_SCHEMA},
}


@dataclass(slots=True, frozen=True)
class PayloadJob:
    """One archived payload to parse: its source and what the fetch recorded about it."""

    source: Source
    sha256: str
    archive_path: str
    fetched_at: datetime
    url: str | None = None
    content_type: str | None = None


@dataclass(slots=True, frozen=True)
class StagedPayload:
    """What parsing one payload gave: its staging folder and counts, or why it failed.

    `failure` is (record, reason) of the ParseError that made the whole payload unusable;
    `encoding` is None for payloads that are not RSS/Atom.
    """

    source: str
    sha256: str
    folder: str
    format: str | None
    records: int
    quarantined: int
    rows: int
    is_lenient: bool = False
    encoding: str | None = None
    failure: tuple[str, str] | None = None

    def error(self) -> ParseError | None:
        """The ParseError that made the payload unusable, or None."""
        return None if self.failure is None else ParseError(self.source, *self.failure)


_SAFE_PART = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


def staging_folder(home: Path, source: str, sha256: str) -> Path:
    """Where payload `sha256` of `source` is staged (both must be plain names: a catalog slug
    and a hex digest, never a path)."""
    for part in (source, sha256):
        if not _SAFE_PART.fullmatch(part):
            raise ValueError(f"not a source name or sha256 for a staging folder: {part!r}")
    return home / STAGING_DIR / source / sha256


def status_frames(result: ParseResult) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A status payload's incident and update observations as frames."""
    return (
        _record_frame(result.incidents, INCIDENT_SCHEMA),
        _record_frame(result.updates, UPDATE_SCHEMA),
    )


def news_item_frame(result: NewsParseResult, fetched_at: datetime) -> pl.DataFrame:
    """A news payload's items as a frame (first copy of a repeated item id wins), first seen
    at `fetched_at`."""
    rows = [
        {
            **{f: getattr(item, f) for f in ITEM_SCHEMA if f != "first_seen_at"},
            "categories": list(item.categories),
            "first_seen_at": fetched_at,
        }
        for item in result.items
    ]
    return pl.DataFrame(rows, schema=ITEM_SCHEMA, orient="row").unique(
        ["source", "item_id"], keep="first", maintain_order=True
    )


def quarantine_frame(
    records: Iterable[Quarantined], seen_at: datetime, sha256: str | None
) -> pl.DataFrame:
    """Quarantined records of one payload as a frame ready for sql/load/insert_quarantine.sql."""
    rows = [
        {
            "source": q.source,
            "record_ref": q.record_ref,
            "reason": q.reason,
            "seen_at": seen_at,
            "sha256": sha256,
        }
        for q in records
    ]
    return pl.DataFrame(rows, schema=QUARANTINE_SCHEMA, orient="row")


def _record_frame(records: Iterable[object], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Records (dataclasses) as a frame of `schema` (missing attributes are null)."""
    rows = []
    for rec in records:
        row = {name: getattr(rec, name, None) for name in schema}
        if "components" in row and row["components"] is not None:
            row["components"] = list(row["components"])
        rows.append(row)
    return pl.DataFrame(rows, schema=schema, orient="row")


def stage_payload(home: Path, job: PayloadJob, now: datetime) -> StagedPayload:
    """Parse one archived payload and write its staging files; never raises a ParseError
    (an unusable payload comes back with `failure` set and no files)."""
    source = job.source
    folder = staging_folder(home, source.name, job.sha256)
    shutil.rmtree(folder, ignore_errors=True)
    try:
        payload = read_archived(home, job.archive_path)
        fetched = {"base_url": job.url, "content_type": job.content_type}
        if source.kind == "news":
            news = parse_news_feed(payload, source, now=now, **fetched)
            result: ParseResult | NewsParseResult = news
            items = news_item_frame(news, job.fetched_at)
            frames = {"items": items}
            records, rows = len(news.items) + len(news.quarantined), items.height
        else:
            status = parse_status_payload(payload, source, now=now, **fetched)
            result = status
            incidents, updates = status_frames(status)
            frames = {"incidents": incidents, "updates": updates}
            records, rows = status.records, incidents.height + updates.height
    except ParseError as err:
        failure = (err.record_ref, err.reason)
        return StagedPayload(source.name, job.sha256, str(folder), None, 0, 1, 0, failure=failure)
    except RadarError as err:  # archive unreadable or corrupted since the fetch
        failure = ("payload", str(err))
        return StagedPayload(source.name, job.sha256, str(folder), None, 0, 1, 0, failure=failure)
    frames["quarantine"] = quarantine_frame(result.quarantined, job.fetched_at, job.sha256)
    staged = StagedPayload(
        source.name, job.sha256, str(folder), result.format, records, len(result.quarantined),
        rows, result.is_lenient, result.encoding,
    )  # fmt: skip
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for table, frame in frames.items():
        frame.write_parquet(partial / f"{table}.parquet", statistics=False)
    outcome = {k: getattr(staged, k) for k in StagedPayload.__slots__ if k != "folder"}
    (partial / "outcome.json").write_text(json.dumps(outcome, sort_keys=True), encoding="utf-8")
    partial.rename(folder)
    return staged


def parse_workers(home: Path, jobs: Sequence[PayloadJob], workers: int | None) -> int:
    """How many processes parse `jobs`: `workers` when given, else one per core (at most one
    per payload) when the payloads other than the biggest hold PARALLEL_MIN_BYTES, else 1."""
    if workers is not None:
        return max(1, min(workers, len(jobs)))
    sizes = []
    for job in jobs:
        try:
            sizes.append((home / job.archive_path).stat().st_size)
        except OSError:
            continue
    if len(sizes) < 2 or sum(sizes) - max(sizes) < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, len(jobs)))


def stage_payloads(
    home: Path, jobs: Sequence[PayloadJob], now: datetime, workers: int | None = None
) -> list[StagedPayload]:
    """Stage every job; in `parse_workers` processes. Results come in job order.

    Workers are spawned: each imports the main module again, so a script that calls this
    (through `pipeline.load.feeds.parse_pending`) must keep its work under
    `if __name__ == "__main__":`, as `radar`, Dagster and pytest do. When the pool breaks,
    the payloads are parsed in this process."""
    count = parse_workers(home, jobs, workers)
    if count > 1:
        log.info("parsing %d payloads in %d processes", len(jobs), count)
        # Workers start as fresh interpreters: forking a process that holds a DuckDB
        # connection and the fetcher's threads can deadlock.
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                futures = [pool.submit(stage_payload, home, job, now) for job in jobs]
                return [future.result() for future in futures]
        except BrokenProcessPool as err:  # e.g. a main script that starts work on import
            log.warning("parse workers failed (%s); parsing in this process", err)
    return [stage_payload(home, job, now) for job in jobs]


def read_staged(staged: Sequence[StagedPayload], kind: str, table: str) -> pl.DataFrame:
    """Every staged `table` file of `staged` payloads (of `kind`) as one frame, in their order."""
    schema = TABLES[kind][table]
    files = [Path(s.folder) / f"{table}.parquet" for s in staged if s.failure is None]
    if not files:
        return pl.DataFrame(schema=schema)
    return pl.concat([pl.read_parquet(f) for f in files], how="vertical").cast(schema)


def discard(staged: Iterable[StagedPayload]) -> None:
    """Remove the staging folders of loaded payloads, and their source's folder once empty."""
    for item in staged:
        folder = Path(item.folder)
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # not empty: another payload of the source is staged
            folder.parent.rmdir()
