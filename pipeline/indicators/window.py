"""The data window indicators cover, and the one way a window-scoped table is rebuilt.

`resolve_window` picks the UTC days (given bounds, else first incident day .. today);
`rebuild_over_window` replaces every row of a derived table with `sql/indicators/
build_<table>.sql` run over the window (`core.warehouse.rebuild_table`, one transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import duckdb

from pipeline.core import warehouse


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


def rebuild_over_window(
    con: duckdb.DuckDBPyConnection,
    table: str,
    window: DataWindow,
    vendors: Sequence[str] | None = None,
    **extra: object,
) -> int:
    """Rebuild `table` with statement `build_<table>` over the window; return its row count.

    The statement gets `$window_start`, `$window_end`, `$vendors` (sorted, distinct; only when
    `vendors` is given) and any `extra` parameters.
    """
    params: dict[str, object] = {"window_start": window.start, "window_end": window.end, **extra}
    if vendors is not None:
        params["vendors"] = sorted(set(vendors))
    return warehouse.rebuild_table(con, table, "build_" + table, **params)
