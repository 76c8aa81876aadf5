"""Fetch the article pages of news items: politely (a few at a time per host), or from a mirror.

Reads: the item links the caller picked (`pipeline.load.news.pages_to_fetch`) and, for sources
with a `mirror`, the mirror folder. Writes: the raw archive (each page by its sha256, as
`pipeline.ingest.fetch.fetch_source` does). The warehouse rows are written by the caller.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchOutcome, FetchSettings, fetch_source, make_client

PAGES_PER_HOST = 2
DEFAULT_SETTINGS = FetchSettings()


def mirror_path(mirror: Path, url: str) -> Path | None:
    """Where an offline mirror keeps the page of `url`: `<mirror>/<host>/<path>`.

    Query and fragment are ignored, a path ending in '/' maps to `index.html`, and the path is
    percent-decoded. Returns None for non-http(s) URLs or paths escaping the mirror.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    path = unquote(parts.path or "/")
    if path.endswith("/"):
        path += "index.html"
    root = mirror.resolve()
    target = (root / parts.hostname.lower() / path.lstrip("/")).resolve()
    return target if target.is_relative_to(root) else None


def page_source(source: Source, url: str) -> Source:
    """A one-off Source that fetches the article page at `url` for news source `source`.

    With a mirror, the page is read from the mirror folder instead of the network.
    """
    location = url
    if source.mirror:
        base = source.base_dir or Path.cwd()
        local = mirror_path(base / source.mirror, url)
        location = str(local) if local is not None else url
    return dataclasses.replace(source, url=location, format="auto", base_dir=None)


def fetch_pages(
    pages: Sequence[tuple[Source, str]],
    home: Path,
    settings: FetchSettings = DEFAULT_SETTINGS,
    *,
    per_host: int = PAGES_PER_HOST,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchOutcome]:
    """Fetch article pages `(news source, item link)`, at most `per_host` at a time per host.

    Same rules as `fetch_source` (deadline, retries, size cap, archive); a link may reach a
    non-public address only on the news source's own host and port. Outcomes keep input
    order, name the news source and carry the item link as `url` (article_pages and
    raw_fetches rows are keyed by it, not by the redirect target or mirror file). Never raises
    for a failed page.
    """
    if not pages:
        return []
    gates: dict[str, threading.BoundedSemaphore] = {}
    for _, url in pages:
        host = (urlsplit(url).hostname or "").lower()
        gates.setdefault(host, threading.BoundedSemaphore(max(1, per_host)))

    def fetch_one(source: Source, url: str, http: httpx.Client) -> FetchOutcome:
        with gates[(urlsplit(url).hostname or "").lower()]:
            page = page_source(source, url)
            # Links may reach the news source's own host only (see pipeline.ingest.guard).
            outcome = fetch_source(page, home, None, settings, http, sleep, origin=source.url)
        return dataclasses.replace(outcome, url=url)

    own_client = client is None
    http = make_client(settings) if client is None else client
    try:
        with ThreadPoolExecutor(
            max_workers=max(1, min(settings.max_workers, len(pages))),
            thread_name_prefix="radar-pages",
        ) as pool:
            futures = [pool.submit(fetch_one, source, url, http) for source, url in pages]
            return [f.result() for f in futures]
    finally:
        if own_client:
            http.close()
