"""The run-details page (`runs.html`): the last run's per-source ingestion summary.

The summary (one line per source: fetched, parsed, quarantined or failed) is the operator's
view; it lives here, linked from every page's footer, instead of above every dashboard. Its
lines carry outside text (source names, error messages), escaped here.
"""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pipeline.publish.page import RUNS_PAGE, escape_text, section, write_page

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
