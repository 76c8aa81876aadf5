"""The run-details page (`runs.html`): the last run's per-source ingestion summary.

The summary (one line per source: fetched, parsed, quarantined or failed) is the operator's
view; it lives here, linked from every page's footer, instead of above every dashboard. Its
lines carry outside text (source names, error messages), escaped here.
"""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.publish.page import (
    RUNS_PAGE,
    as_of_text,
    data_window,
    escape_text,
    section,
    vendor_navigation,
    vendor_page_name,
    write_page,
)
from pipeline.publish.queries import site_vendors, site_window

RUNS_TITLE = "Run details"


def write_runs_page(
    out_dir: Path, *, generated_at: datetime, summary_lines: Sequence[str] = ()
) -> Path:
    """Write `out_dir/runs.html` listing `summary_lines` (escaped); return its path.

    Without lines (a build outside `radar run`) the page says so.
    """
    if summary_lines:
        items = "\n".join(f"<li>{escape_text(line)}</li>" for line in summary_lines)
        content = f'<ul class="summary">\n{items}\n</ul>'
    else:
        content = '<p class="note nodata">No run summary: this build was not part of a run.</p>'
    body = section(
        "Last run: ingestion per source",
        "One line per source of the run that built these pages: what was fetched, parsed, "
        "quarantined or failed.",
        content,
    )
    return write_page(
        out_dir,
        RUNS_PAGE,
        RUNS_TITLE,
        body,
        generated_at=generated_at,
        summary_lines=(),
        plotly=False,
    )


def write_run_details(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
) -> Path:
    """Rewrite only runs.html, with the site's navigation and data window (what a run that left
    every page's tables unchanged publishes; the other pages stay as they are)."""
    as_of_text(generated_at)  # validates awareness before any work
    links = [(vendor_page_name(v), v) for v in site_vendors(con)]
    with vendor_navigation(links), data_window(site_window(con)):
        return write_runs_page(out_dir, generated_at=generated_at, summary_lines=summary_lines)
