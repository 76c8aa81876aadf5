"""Run summaries: per-source outcome of a run, read back from source_runs.

Source names, formats and errors come from the outside world (an error quotes the payload it
could not read): the cells and lines built here show control characters (ESC, BEL, C1, bidi
overrides) as `\\x1b`-style escapes, and the CLI prints them as plain text, never as rich
markup.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from pipeline.core import warehouse
from pipeline.core.terminal import printable


@dataclass(slots=True, frozen=True)
class SourceSummary:
    """How one source fared in one run."""

    source: str
    kind: str
    outcome: str
    http_status: int | None
    bytes: int | None
    format: str | None
    records: int | None
    quarantined: int | None
    rows_written: int | None
    error: str | None
    pages_fetched: int | None = None
    pages_failed: int | None = None
    is_lenient: bool | None = None  # RSS/Atom read by feedparser after the strict parser refused

    @property
    def format_label(self) -> str | None:
        """The format, marked '(lenient)' when feedparser read the payload: 'rss (lenient)'."""
        if self.format and self.is_lenient:
            return f"{self.format} (lenient)"
        return self.format

    @property
    def failed(self) -> bool:
        """True when the source failed (fetch error or unusable payload)."""
        return self.outcome == "failed"


SUMMARY_COLUMNS = (
    "source",
    "outcome",
    "http",
    "format",
    "parsed",
    "quarantined",
    "rows",
    "pages",
    "error",
)


def run_summary(con: duckdb.DuckDBPyConnection, run_id: str) -> list[SourceSummary]:
    """One SourceSummary per source of run `run_id`, sorted by source name."""
    return [
        SourceSummary(*row) for row in warehouse.run_sql(con, "select_run_summary", run_id=run_id)
    ]


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def summary_cells(s: SourceSummary) -> tuple[str, ...]:
    """The cells of one source's row of the summary table (SUMMARY_COLUMNS), as plain text."""
    pages = "-" if s.pages_fetched is None else f"{s.pages_fetched}/{s.pages_failed}"
    return (
        printable(s.source),
        printable(s.outcome),
        str(s.http_status or "-"),
        printable(s.format_label or "-"),
        _count(s.records),
        _count(s.quarantined),
        _count(s.rows_written),
        pages,
        printable(s.error or ""),
    )


def format_line(s: SourceSummary) -> str:
    """One human line: 'anthropic-status-atom  fetched 200  parsed 61  quarantined 1  rows 305'."""
    status = f" {s.http_status}" if s.http_status else ""
    line = (
        f"{printable(s.source)}: {s.outcome}{status}, parsed {_count(s.records)}, "
        f"quarantined {_count(s.quarantined)}, rows written {_count(s.rows_written)}"
    )
    if s.pages_fetched is not None:
        line += f", pages {s.pages_fetched} fetched / {s.pages_failed} failed"
    return f"{line} - {printable(s.error)}" if s.error else line


def summary_lines(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    """The run summary as text lines (used on dashboards and in logs)."""
    return [format_line(s) for s in run_summary(con, run_id)]


def incidents_preview(con: duckdb.DuckDBPyConnection) -> str:
    """Markdown table of incident counts per vendor (Dagster materialization preview)."""
    rows = warehouse.run_sql(con, "select_incidents_preview")
    lines = [
        "| vendor | incidents | major/critical | open | maintenance |",
        "|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
