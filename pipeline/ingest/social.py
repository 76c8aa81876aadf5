"""Fetch a social source page by page: the first URL, then each next page the caller names.

Reads: the source's URL (a platform API or a local JSON Lines file). Writes: the raw archive
(each page by its sha256, as `pipeline.ingest.fetch.fetch_source` does). Whether another page
is worth fetching depends on what the last one held (its cursor, whether its posts were new),
so the caller, which parses and stores each page, tells the pager the next URL with `follow`.
Platform URL rules (`page_url`, `since_url`) belong to the parser; the caller applies them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import RadarError
from pipeline.core.models import Source
from pipeline.ingest.archive import archived_file
from pipeline.ingest.fetch import FetchOutcome, FetchSettings, fetch_source, read_archived

MAX_PAGES = 10


def is_remote(source: Source) -> bool:
    """True when the source is fetched over HTTP(S) (paging and conditional GET apply)."""
    return source.url.lower().startswith(("http://", "https://"))


@dataclass(slots=True, frozen=True)
class SocialPage:
    """One fetched page of a social source: `number` counts from 1 within the run."""

    number: int
    outcome: FetchOutcome
    home: Path

    def payload(self) -> bytes:
        """The page's archived bytes.

        Raises:
            RadarError: the archive file is missing or does not match its sha256.
        """
        return read_archived(self.home, self.outcome.archive_path)

    def archived_file(self) -> Path:
        """The page's archive file, its content checked against its sha256 name, read in
        pieces (a large file is never held whole in memory; parsers read it block by block).

        Raises:
            RadarError: the archive file is missing, unreadable or does not match its sha256.
        """
        relative = self.outcome.archive_path
        if relative is None:
            raise RadarError(f"{self.outcome.source}: page {self.number} has no archived payload")
        path = archived_file(self.home, relative)
        try:
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as err:
            raise RadarError(f"cannot read archived payload {relative}: {err}") from err
        if digest != path.name:
            raise RadarError(f"archived payload {relative} does not match its sha256")
        return path


class SocialPager:
    """Iterate over the pages of one social source, fetching each only when it is asked for.

    `for page in pager:` fetches `first_url`; after handling a page, call `pager.follow(url)`
    to have the next iteration fetch `url` (without it, iteration ends). At most `max_pages`
    pages are fetched. Failed fetches are yielded too (their outcome has `error` set).
    """

    def __init__(
        self,
        source: Source,
        home: Path,
        settings: FetchSettings,
        first_url: str,
        *,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self.source = source
        self.home = home
        self.settings = settings
        self.max_pages = max_pages
        self._next_url: str | None = first_url

    def follow(self, url: str | None) -> None:
        """Fetch `url` as the next page (None: stop after this page)."""
        self._next_url = url

    def __iter__(self) -> Iterator[SocialPage]:
        """Fetch and yield pages while the caller follows them, up to `max_pages`."""
        number = 0
        while self._next_url is not None and number < self.max_pages:
            url, self._next_url = self._next_url, None
            number += 1
            page = dataclasses.replace(self.source, url=url)
            outcome = fetch_source(page, self.home, None, self.settings, origin=self.source.url)
            yield SocialPage(number, outcome, self.home)
