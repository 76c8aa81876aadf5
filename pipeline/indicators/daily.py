"""Daily indicator tables per vendor and UTC day: outages, news, sentiment and migration.

Each is rebuilt over the data window by its set-based statement (sql/indicators/build_<table>.sql)
through `pipeline.indicators.window.rebuild_over_window`.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from pipeline.core.limits import MAX_INCIDENT_MINUTES
from pipeline.indicators.window import DataWindow, rebuild_over_window


def build_outage_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str] = ()
) -> int:
    """Rebuild outage_daily on the days of the window a status feed covers.

    Coverage, not the catalog, decides the rows: a vendor gets a row for a day only when one
    of its status sources was fetched successfully and its history reaches that day (view
    status_coverage); `vendors` (the catalog's) add none, so a vendor whose feed never
    answered has no rows rather than 100 % uptime. An incident counts at most
    MAX_INCIDENT_DURATION from its start. Reads incidents and status_coverage; writes
    outage_daily (sql/indicators/build_outage_daily.sql). Returns the row count.
    """
    del vendors  # the asset passes the catalog's vendors; coverage alone decides (see above)
    return rebuild_over_window(
        con,
        "outage_daily",
        window,
        as_of=window.close,
        max_duration_minutes=MAX_INCIDENT_MINUTES,
    )


def build_news_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild news_daily over the data window (catalog vendors plus those in stories).

    Reads articles; writes news_daily (sql/indicators/build_news_daily.sql). Returns the row
    count.
    """
    return rebuild_over_window(con, "news_daily", window, vendors)


def build_sentiment_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild sentiment_daily (social posts and news stories) over the data window."""
    return rebuild_over_window(con, "sentiment_daily", window, vendors)


def build_migration_daily(con: duckdb.DuckDBPyConnection, window: DataWindow) -> int:
    """Rebuild migration_daily (switches per day and vendor pair) from migrations."""
    return rebuild_over_window(con, "migration_daily", window)


def build_migration_index_daily(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> int:
    """Rebuild migration_index_daily (net migration per vendor and day) from migrations."""
    return rebuild_over_window(con, "migration_index_daily", window, vendors)


def build_migration_tables(
    con: duckdb.DuckDBPyConnection, window: DataWindow, vendors: Sequence[str]
) -> tuple[int, int]:
    """Rebuild migration_daily and migration_index_daily from migrations; return row counts."""
    return build_migration_daily(con, window), build_migration_index_daily(con, window, vendors)
