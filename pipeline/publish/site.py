"""The dashboard site: every page of PAGES, one page per vendor and the crisis board.

`build_dashboards` writes the whole site into one folder with the shared `plotly.min.js`,
removes vendor pages of vendors without data any more, and gives every page the same
navigation, vendor menu included. `build_site` (the `dashboards` asset calls it) does the same
but can leave parts of the site (`SITE_PARTS`: each page of PAGES, the vendor pages, the crisis
board) as an earlier build wrote them, and says which statements each part it wrote read: the
caller decides from that which parts are unchanged. `build_page` writes one page of PAGES and
the crisis board (for tests and tools).
The run's per-source summary goes to the run-details page (`runs.html`, linked from every
page's footer), never above the dashboards.
"""

import json
import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.publish.board_page import write_index_page
from pipeline.publish.event_study_page import write_event_study_page
from pipeline.publish.news_page import write_news_page
from pipeline.publish.outages_page import write_outages_page
from pipeline.publish.page import (
    EVENT_STUDY_PAGE,
    INDEX_PAGE,
    NEWS_PAGE,
    OUTAGES_PAGE,
    PAGES,
    USERS_PAGE,
    VENDOR_PAGE_PREFIX,
    as_of_text,
    data_window,
    ensure_plotlyjs,
    vendor_navigation,
    vendor_page_name,
)
from pipeline.publish.queries import Reads, recording, site_vendors, site_window
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
VENDOR_PAGES = "vendor pages"
"""The part of the site made of every `vendor-*.html` page (written together)."""
SITE_PARTS = (*(page.filename for page in PAGES), VENDOR_PAGES, INDEX_PAGE)
"""What `build_site` can leave as it was: each page of PAGES, the vendor pages, index.html."""


@dataclass(slots=True)
class SiteBuild:
    """What `build_site` did: the pages (as `build_dashboards` returns them), what each part it
    wrote read (`queries.recording`: statements, parameters, fingerprints of the results) and
    the parts it left as they were."""

    paths: list[Path] = field(default_factory=list)
    reads: dict[str, Reads] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)


def site_context(con: duckdb.DuckDBPyConnection) -> str:
    """What every page of the site shows besides its own reads: the vendors of the navigation
    and the data window, as text."""
    return json.dumps([site_vendors(con), str(site_window(con))])


def part_files(out_dir: Path, part: str) -> list[Path]:
    """The files of part `part` of `SITE_PARTS` in `out_dir` (the vendor pages there now)."""
    if part == VENDOR_PAGES:
        return sorted(out_dir.glob(f"{VENDOR_PAGE_PREFIX}*.html"))
    return [out_dir / part]


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
    return build_site(con, out_dir, generated_at=generated_at, summary_lines=summary_lines).paths


def build_site(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str] = (),
    keep: Collection[str] = (),
    reuse: str | None = None,
) -> SiteBuild:
    """`build_dashboards`, except that the parts of `SITE_PARTS` named in `keep` are left as
    they are when all their files exist (the vendor pages: one per vendor with data), and that
    with `reuse` the vendor pages whose own rows did not change are kept one by one
    (`vendor_page.write_vendor_pages`).

    The caller keeps a part only when what it read is unchanged since it was written (its
    `SiteBuild.reads` give the same results, `queries.unchanged`) and so is `site_context`
    (every page's navigation and data window). runs.html is always written; a kept page keeps
    its "data as of" stamp.
    """
    as_of_text(generated_at)  # validates awareness before any work
    build = SiteBuild()
    vendors, window = site_vendors(con), site_window(con)
    links = [(vendor_page_name(v), v) for v in vendors]
    remove_stale_vendor_pages(out_dir, [name for name, _ in links])

    def part(name: str, files: list[Path], write: Callable[[], list[Path]]) -> list[Path]:
        if name in keep and all(f.is_file() for f in files):
            build.kept.append(name)
            return files
        with recording() as reads:
            written = write()
        build.reads[name] = reads
        return written

    with vendor_navigation(links), data_window(window):
        for page in PAGES:
            writer = PAGE_WRITERS[page.filename]
            build.paths += part(
                page.filename,
                [out_dir / page.filename],
                lambda w=writer: [w(con, out_dir, generated_at=generated_at, summary_lines=())],
            )
        build.paths += part(
            VENDOR_PAGES,
            [out_dir / name for name, _ in links],
            lambda: write_vendor_pages(
                con, out_dir, vendors, generated_at=generated_at, reuse=reuse
            ),
        )
        build.paths.append(
            write_runs_page(out_dir, generated_at=generated_at, summary_lines=summary_lines)
        )
        build.paths += part(
            INDEX_PAGE,
            [out_dir / INDEX_PAGE],
            lambda: [write_index_page(out_dir, generated_at=generated_at, con=con)],
        )
    if build.kept:
        ensure_plotlyjs(out_dir)  # the kept pages load it (it may have been deleted)
    return build
