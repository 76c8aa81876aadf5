"""What the site reads: named queries as frames, the vendors with data, the data windows.

Every query of the dashboards is a file of `sql/publish/`, loaded by name. "The data window"
has two readings: `site_window` (first and last UTC day of the daily indicator tables, what
the crisis board's "30 days" count back from) and `outage_window` (the instants outage_daily
covers, what open incidents run to on the outage charts).

Every read goes through `read_frame` or `query_rows`, which note the statement, its
parameters and a fingerprint of its result in the dicts `recording()` opened: what a page read,
for the site's per-page change detection (`unchanged`).
"""

import hashlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import duckdb
import polars as pl

from pipeline.core.warehouse import load_sql

Reads = dict[str, str]
"""What a block read: `read_key(statement, params)` -> `frame_fingerprint` of the result."""
_RECORDINGS: ContextVar[tuple[Reads, ...]] = ContextVar("publish_reads", default=())


@contextmanager
def recording() -> Iterator[Reads]:
    """Collect what the block reads through `read_frame` and `query_rows` (nested blocks:
    each)."""
    reads: Reads = {}
    token = _RECORDINGS.set((*_RECORDINGS.get(), reads))
    try:
        yield reads
    finally:
        _RECORDINGS.reset(token)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        return date.fromisoformat(value["date"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def read_key(name: str, params: Mapping[str, Any]) -> str:
    """A statement and its parameters as one JSON text (dates and instants typed)."""
    return json.dumps([name, {k: _encode(v) for k, v in sorted(params.items())}])


def frame_fingerprint(frame: pl.DataFrame) -> str:
    """Fingerprint of a query result: schema, shape and every row's hash, in order."""
    digest = hashlib.sha256(f"{frame.schema}:{frame.shape}".encode())
    if frame.height and frame.width:
        digest.update(frame.hash_rows(seed=0x5EED).to_numpy().tobytes())
    return digest.hexdigest()


def _run(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any]) -> pl.DataFrame:
    frame = con.sql(load_sql(name), params=dict(params) or None).pl()
    recordings = _RECORDINGS.get()
    if recordings:
        key, value = read_key(name, params), frame_fingerprint(frame)
        for reads in recordings:
            reads[key] = value
    return frame


def read_frame(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pl.DataFrame:
    """Run the statement `name` (`sql/publish/<name>.sql`) with `$params` into a frame."""
    return _run(con, name, params)


def query_rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[tuple[Any, ...]]:
    """Run the statement `name` with `$params`; return its rows (as `run_sql` would).

    Outside a recording the rows come straight from DuckDB: a frame would import pyarrow
    (~0.15 s), which a run that only rewrites runs.html does not otherwise need."""
    if not _RECORDINGS.get():
        return con.execute(load_sql(name), dict(params) or None).fetchall()
    return _run(con, name, params).rows()


def unchanged(con: duckdb.DuckDBPyConnection, reads: Mapping[str, str]) -> bool:
    """Whether every read of `reads` (a `recording()` of an earlier build) gives the same
    result now: the same statements with the same parameters would build the same page."""
    for key, value in reads.items():
        name, params = json.loads(key)
        frame = con.sql(load_sql(name), params={k: _decode(v) for k, v in params.items()} or None)
        if frame_fingerprint(frame.pl()) != value:
            return False
    return True


def site_vendors(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Vendors with any data (sql/publish/select_site_vendors.sql), sorted."""
    return [row[0] for row in query_rows(con, "select_site_vendors")]


def site_window(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last UTC day of the data window (daily indicator tables); None when empty."""
    first, last = query_rows(con, "select_site_window")[0]
    return None if first is None or last is None else (first, last)


def outage_window(
    con: duckdb.DuckDBPyConnection, generated_at: datetime
) -> tuple[datetime | None, datetime]:
    """Return the (open, close) instants of the data window covered by outage_daily.

    Matches how outage_daily runs open incidents: up to the midnight after its last day, or
    `generated_at` if earlier. Without outage_daily rows: (None, generated_at).
    """
    first, last = query_rows(con, "select_outage_window")[0]
    as_of = generated_at.astimezone(UTC)
    if first is None or last is None:
        return None, as_of
    open_ = datetime.combine(first, time(), UTC)
    close = min(datetime.combine(last + timedelta(days=1), time(), UTC), as_of)
    return open_, close


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants [midnight of `first`, midnight after `last`) in UTC."""
    return datetime.combine(first, time(), UTC), datetime.combine(
        last + timedelta(days=1), time(), UTC
    )
