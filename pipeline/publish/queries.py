"""What the site reads: named queries as frames, the vendors with data, the data windows.

Every query of the dashboards is a file of `sql/publish/`, loaded by name. "The data window"
has two readings: `site_window` (first and last UTC day of the daily indicator tables, what
the crisis board's "30 days" count back from) and `outage_window` (the instants outage_daily
covers, what open incidents run to on the outage charts).
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import duckdb
import polars as pl

from pipeline.core.warehouse import load_sql, run_sql


def read_frame(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pl.DataFrame:
    """Run the statement `name` (`sql/publish/<name>.sql`) with `$params` into a frame."""
    return con.sql(load_sql(name), params=params or None).pl()


def site_vendors(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Vendors with any data (sql/publish/select_site_vendors.sql), sorted."""
    return [row[0] for row in run_sql(con, "select_site_vendors")]


def site_window(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last UTC day of the data window (daily indicator tables); None when empty."""
    first, last = run_sql(con, "select_site_window")[0]
    return None if first is None or last is None else (first, last)


def outage_window(
    con: duckdb.DuckDBPyConnection, generated_at: datetime
) -> tuple[datetime | None, datetime]:
    """Return the (open, close) instants of the data window covered by outage_daily.

    Matches how outage_daily runs open incidents: up to the midnight after its last day, or
    `generated_at` if earlier. Without outage_daily rows: (None, generated_at).
    """
    first, last = run_sql(con, "select_outage_window")[0]
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
