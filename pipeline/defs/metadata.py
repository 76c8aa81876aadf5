"""Describe a warehouse table for the Dagster UI: row count, columns, preview, time span.

Pure DuckDB reads returning plain values; `pipeline.defs.asset_kit.table_metadata` wraps them in
Dagster metadata types. Nothing here imports dagster.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from pipeline.core import warehouse

PREVIEW_ROWS = 10
CELL_CHARS = 40
# Types whose min/max give a table's data window, most specific first.
_TIME_TYPES = ("DATE", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP")
# Columns that locate a row in time better than, e.g., an ingestion time.
_PREFERRED_TIME_COLUMNS = ("day", "hour", "started_at", "published_at", "created_at")
# Characters that change Markdown inline rendering or break a table cell (<, >, & are
# HTML-escaped first, so no raw HTML reaches the UI).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


@dataclass(slots=True, frozen=True)
class Column:
    """One warehouse column: name, DuckDB type and its COMMENT ON text ('' when none)."""

    name: str
    type: str
    comment: str


@dataclass(slots=True, frozen=True)
class TimeSpan:
    """The data window of a table: min and max of its time column (ISO text)."""

    column: str
    first: str | None
    last: str | None


@dataclass(slots=True, frozen=True)
class TableSummary:
    """Everything the UI shows about a table after a materialization."""

    table: str
    rows: int
    comment: str
    columns: list[Column]
    key_columns: list[str]
    span: TimeSpan | None
    preview_markdown: str


def _check_table(table: str) -> str:
    if not table.isidentifier():
        raise ValueError(f"not a table name: {table!r}")
    return table


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[Column]:
    """The columns of `table` in order, with types and comments (empty if no such table)."""
    rows = warehouse.run_sql(con, "select_table_columns", table=_check_table(table))
    return [Column(*row) for row in rows]


def table_comment(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The COMMENT ON TABLE text of `table` ('' when none)."""
    rows = warehouse.run_sql(con, "select_table_comment", table=_check_table(table))
    return rows[0][0] if rows else ""


def key_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The primary-key columns of `table` (empty when it has none)."""
    rows = warehouse.run_sql(con, "select_key_columns", table=_check_table(table))
    return list(rows[0][0]) if rows else []


def time_column(cols: list[Column]) -> str | None:
    """The column that places a row in time: a preferred name, else the first date/time column."""
    timed = [c.name for c in cols if c.type in _TIME_TYPES]
    for name in _PREFERRED_TIME_COLUMNS:
        if name in timed:
            return name
    return timed[0] if timed else None


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


def time_span(con: duckdb.DuckDBPyConnection, table: str, column: str) -> TimeSpan:
    """Min and max of `column` in `table` (None for an empty table)."""
    identifiers = {"table": _check_table(table), "column": column}
    first, last = warehouse.run_sql(con, "select_time_span", identifiers=identifiers)[0]
    return TimeSpan(column=column, first=_iso(first), last=_iso(last))


def format_cell(value: Any, max_chars: int = CELL_CHARS) -> str:
    """One Markdown table cell: plain text, HTML and Markdown escaped, one line, truncated."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.4g}"
    elif isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, datetime | date):
        text = _iso(value) or ""
    else:
        text = str(value)
    text = " ".join(text.split())
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def markdown_table(
    header: list[str], rows: list[tuple[Any, ...]], max_chars: int = CELL_CHARS
) -> str:
    """A GitHub-style Markdown table; every cell goes through `format_cell`."""
    lines = [
        "| " + " | ".join(format_cell(h, max_chars) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(format_cell(v, max_chars) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def preview_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    order_by: list[str],
    limit: int = PREVIEW_ROWS,
) -> list[tuple[Any, ...]]:
    """Up to `limit` rows of `table` ordered by `order_by` (a column name suffixed ' desc'
    sorts descending); names must be columns of the table."""
    known = {c.name for c in columns(con, table)}
    terms = []
    for term in order_by:
        name, _, direction = term.partition(" ")
        if name not in known or direction not in ("", "desc"):
            raise ValueError(f"cannot order {table} by {term!r}")
        terms.append((name, direction == "desc"))
    identifiers = {"table": table, "order_by": warehouse.OrderBy(tuple(terms))}
    return warehouse.run_sql(con, "select_preview_rows", identifiers=identifiers, limit=limit)


def summarize_table(
    con: duckdb.DuckDBPyConnection, table: str, limit: int = PREVIEW_ROWS
) -> TableSummary:
    """Row count, columns with comments, key, data window and a Markdown preview of `table`.

    The preview shows the `limit` newest rows (by the table's time column, then its key).
    """
    cols = columns(con, table)
    if not cols:
        raise ValueError(f"no such warehouse table: {table!r}")
    keys = key_columns(con, table)
    when = time_column(cols)
    span = time_span(con, table, when) if when else None
    order = ([f"{when} desc"] if when else []) + [k for k in keys if k != when]
    rows = preview_rows(con, table, order, limit)
    return TableSummary(
        table=table,
        rows=warehouse.table_rows(con, table),
        comment=table_comment(con, table),
        columns=cols,
        key_columns=keys,
        span=span,
        preview_markdown=markdown_table([c.name for c in cols], rows),
    )
