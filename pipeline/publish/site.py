"""The dashboard site: every page of PAGES, one page per vendor and the crisis board.

`build_dashboards` is the publish stage's entry point (the `dashboards` asset calls it): it
writes the whole site into one folder with the shared `plotly.min.js`, removes vendor pages of
vendors without data any more, and gives every page the same navigation, vendor menu
included. `build_page` writes one page of PAGES and the crisis board (for tests and tools).
The run's per-source summary goes to the run-details page (`runs.html`, linked from every
page's footer), never above the dashboards.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.publish.board_page import write_index_page
from pipeline.publish.event_study_page import write_event_study_page
from pipeline.publish.news_page import write_news_page
from pipeline.publish.outages_page import write_outages_page
from pipeline.publish.page import (
    EVENT_STUDY_PAGE,
    NEWS_PAGE,
    OUTAGES_PAGE,
    PAGES,
    USERS_PAGE,
    VENDOR_PAGE_PREFIX,
    as_of_text,
    data_window,
    vendor_navigation,
    vendor_page_name,
)
from pipeline.publish.queries import site_vendors, site_window
from pipeline.publish.runs_page import write_runs_page
from pipeline.publish.users_page import write_users_page
from pipeline.publish.vendor_page import write_vendor_pages

logger = logging.getLogger(__name__)

PageWriter = Callable[..., Path]
# Page writers by file name; every page of PAGES has one.
PAGE_WRITERS: dict[str, PageWriter] = {
    OUTAGES_PAGE: write_outages_page,
    NEWS_PAGE: write_news_page,
    USERS_PAGE: write_users_page,
    EVENT_STUDY_PAGE: write_event_study_page,
}


def remove_stale_vendor_pages(out_dir: Path, keep: Sequence[str]) -> list[Path]:
    """Delete `vendor-*.html` files of `out_dir` not in `keep`; return the deleted paths."""
    if not out_dir.is_dir():
        return []
    stale = [
        p for p in sorted(out_dir.glob(f"{VENDOR_PAGE_PREFIX}*.html")) if p.name not in set(keep)
    ]
    for path in stale:  # a handful of files
        path.unlink()
        logger.info("removed stale vendor page %s", path)
    return stale


def build_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    filename: str,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
) -> Path:
    """Write the page `filename` of PAGES, the crisis board and the run-details page with
    `summary_lines`; return the page's path.

    All carry the site's full navigation. `generated_at` (aware) is the "data as of" stamp.

    Raises:
        KeyError: `filename` is not a page of PAGES.
        ValueError: `generated_at` is naive.
    """
    writer = PAGE_WRITERS[filename]
    as_of_text(generated_at)  # validates awareness before any work
    links = [(vendor_page_name(v), v) for v in site_vendors(con)]
    with vendor_navigation(links), data_window(site_window(con)):
        path = writer(con, out_dir, generated_at=generated_at, summary_lines=())
        write_runs_page(out_dir, generated_at=generated_at, summary_lines=summary_lines)
        write_index_page(out_dir, generated_at=generated_at, con=con)
    return path


def build_dashboards(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
) -> list[Path]:
    """Write the whole site: every page of PAGES, one page per vendor with data, the run-details
    page (runs.html, the `summary_lines`), the crisis board (index.html) and the shared
    plotly.min.js; return the pages.

    Returns the page paths in PAGES order, then the vendor pages (sorted by vendor), runs.html,
    index.html last. Vendor pages of an earlier build whose vendor has no data any more are removed.
    Reads every table the pages read.
    """
    as_of_text(generated_at)  # validates awareness before any work
    vendors = site_vendors(con)
    links = [(vendor_page_name(v), v) for v in vendors]
    remove_stale_vendor_pages(out_dir, [name for name, _ in links])
    with vendor_navigation(links), data_window(site_window(con)):
        paths = [
            PAGE_WRITERS[page.filename](con, out_dir, generated_at=generated_at, summary_lines=())
            for page in PAGES
        ]
        paths += write_vendor_pages(con, out_dir, vendors, generated_at=generated_at)
        paths.append(
            write_runs_page(out_dir, generated_at=generated_at, summary_lines=summary_lines)
        )
        paths.append(write_index_page(out_dir, generated_at=generated_at, con=con))
    return paths
