"""Derived indicators: the data window and outage_daily (set-based SQL in sql/)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import duckdb

from pipeline.core import warehouse
from pipeline.load import runs as transform


@dataclass(slots=True, frozen=True)
class DataWindow:
    """The UTC days indicators cover, and the instant open incidents run up to."""

    start: date
    end: date
    as_of: datetime

    @property
    def close(self) -> datetime:
        """End instant of the window: the earlier of `as_of` and the midnight after `end`."""
        return min(self.as_of, datetime.combine(self.end + timedelta(days=1), time(), UTC))


def resolve_window(
    con: duckdb.DuckDBPyConnection,
    *,
    now: datetime,
    start: date | None = None,
    end: date | None = None,
) -> DataWindow:
    """Pick the data window: given bounds, else first incident day .. today (UTC).

    Open incidents count up to `now` or to the end of the window, whichever comes first.
    """
    now = now.astimezone(UTC)
    if start is None:
        first = warehouse.run_sql(con, "select_data_window")[0][0]
        start = first or now.date()
    if end is None:
        end = now.date()
    end = max(end, start)
    return DataWindow(start=start, end=end, as_of=now)


def _rebuild_over_window(
    con: duckdb.DuckDBPyConnection,
    table: str,
    window: DataWindow,
    vendors: Sequence[str] | None,
    **extra: object,
) -> int:
    """Rebuild `table` with `sql/build_<table>.sql`, passing the window (and vendor list)."""
    params: dict[str, object] = {"window_start": window.start, "window_end": window.end, **extra}
    if vendors is not None:
        params["vendors"] = sorted(set(vendors))
    return transform.rebuild_table(con, table, f"build_{table}", **params)


def build_outage_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild outage_daily for every vendor (catalog vendors plus those with incidents).

    Reads incidents; writes outage_daily (sql/build_outage_daily.sql). Returns the row count.
    """
    return _rebuild_over_window(con, "outage_daily", window, vendors, as_of=window.close)


def build_news_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild news_daily over the data window (catalog vendors plus those in stories).

    Reads articles; writes news_daily (sql/build_news_daily.sql). Returns the row count.
    """
    return _rebuild_over_window(con, "news_daily", window, vendors)


def build_sentiment_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild sentiment_daily (social posts and news stories) over the data window."""
    return _rebuild_over_window(con, "sentiment_daily", window, vendors)


def build_migration_tables(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> tuple[int, int]:
    """Rebuild migration_daily and migration_index_daily from migrations; return row counts."""
    daily = _rebuild_over_window(con, "migration_daily", window, None)
    index = _rebuild_over_window(con, "migration_index_daily", window, vendors)
    return daily, index
