"""Derived indicators: the data window and outage_daily (set-based SQL in sql/)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import duckdb

from pipeline import transform, warehouse


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


def build_outage_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild outage_daily for every vendor (catalog vendors plus those with incidents).

    Reads incidents; writes outage_daily (sql/build_outage_daily.sql). Returns the row count.
    """
    return transform.rebuild_table(
        con,
        "outage_daily",
        "build_outage_daily",
        window_start=window.start,
        window_end=window.end,
        as_of=window.close,
        vendors=sorted(set(vendors)),
    )


def build_news_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild news_daily over the data window (catalog vendors plus those in stories).

    Reads articles; writes news_daily (sql/build_news_daily.sql). Returns the row count.
    """
    return transform.rebuild_table(
        con,
        "news_daily",
        "build_news_daily",
        window_start=window.start,
        window_end=window.end,
        vendors=sorted(set(vendors)),
    )


def build_sentiment_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild sentiment_daily (social posts and news stories) over the data window."""
    return transform.rebuild_table(
        con,
        "sentiment_daily",
        "build_sentiment_daily",
        window_start=window.start,
        window_end=window.end,
        vendors=sorted(set(vendors)),
    )


def build_migration_tables(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> tuple[int, int]:
    """Rebuild migration_daily and migration_index_daily from migrations; return row counts."""
    daily = transform.rebuild_table(
        con,
        "migration_daily",
        "build_migration_daily",
        window_start=window.start,
        window_end=window.end,
    )
    index = transform.rebuild_table(
        con,
        "migration_index_daily",
        "build_migration_index_daily",
        window_start=window.start,
        window_end=window.end,
        vendors=sorted(set(vendors)),
    )
    return daily, index
