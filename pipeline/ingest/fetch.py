"""Fetch source payloads over http(s) or from files, and archive every payload by its sha256.

Reads: the sources' URLs and paths. Writes: `<home>/raw/<sha[:2]>/<sha>` (the raw archive,
content-addressed, streamed to disk as the payload arrives; see `pipeline.ingest.archive`).
The warehouse rows (`raw_fetches`, `source_runs`, `fetch_state`) are written from the outcomes
by the caller. This module runs the attempts of a source (retries, outcomes, local files); one
HTTP attempt (redirects, address checks, the body streamed to the archive) is
`pipeline.ingest.http_get`.

Safety limits (defaults in `pipeline.core.limits`, settings in `FetchSettings`, per source in
the catalog: `timeout`, `max_bytes`):
- time: one request (connect, redirects, headers, body) has a total deadline and, after a
  grace period, a minimum transfer rate (`pipeline.ingest.guard`); an attempt cut short by
  either is not retried;
- size: a cap on decoded bytes per source kind (status and news small, social large), checked
  against Content-Length and while streaming; at most two gzip/deflate layers, inflated a
  bounded piece at a time (`pipeline.ingest.decode`); media types that cannot be a feed
  (image, audio, video, font, PDF, zip) are refused;
- addresses: every hop's host is resolved and must be public, or the source's own host and
  port (`pipeline.ingest.guard`); redirects are followed by hand (at most 5, http and https);
- retries: on connection errors, read timeouts, truncated bodies, HTTP 429 and 5xx, with
  exponential backoff and full jitter or the server's Retry-After, as long as the retry starts
  within `max_retry_time` of the source's first attempt; a longer Retry-After ends the source
  at once ("rate limited, retry after ...") instead of sleeping through the run;
- conditional GET from the remembered validators (304 -> `not_modified`).

Nothing but a failed outcome leaves `fetch_source`: whatever goes wrong (MemoryError
included) fails that source only.
"""

from __future__ import annotations

import contextlib
import logging
import math
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from pipeline import __version__
from pipeline.core import limits
from pipeline.core.catalog import resolve_location
from pipeline.core.errors import CatalogError, FetchError
from pipeline.core.models import Source
from pipeline.ingest.archive import (
    ARCHIVE_DIR,
    ArchiveWriter,
    PayloadTooLargeError,
    archive_payload,
    read_archived,
)
from pipeline.ingest.decode import ACCEPT_ENCODING, PIECE_BYTES
from pipeline.ingest.guard import AddressPolicy, Attempt, GuardedTransport, attempt_scope
from pipeline.ingest.http_get import MAX_REDIRECTS, AttemptError, Timeouts, get_once

__all__ = [
    "ARCHIVE_DIR",
    "MAX_REDIRECTS",
    "USER_AGENT",
    "FetchOutcome",
    "FetchSettings",
    "Validators",
    "archive_payload",
    "fetch_all",
    "fetch_source",
    "make_client",
    "read_archived",
]

log = logging.getLogger(__name__)

USER_AGENT = f"ReliabilityRadar/{__version__} (+https://github.com/reliability-radar)"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and politeness of the fetcher (times in seconds, sizes in bytes, rate in
    bytes per second); defaults in `pipeline.core.limits`.

    `deadline` bounds one request (connect + redirects + headers + body); `min_rate` is the
    least average rate from the first byte on, checked after `rate_grace`. `max_bytes` caps
    status and news payloads and article pages, `max_social_bytes` social payloads; a source's
    catalog `timeout` and `max_bytes` override the deadline and the cap. A retry must start
    within `max_retry_time` of the source's first attempt.
    """

    connect_timeout: float = 10
    read_timeout: float = 30
    deadline: float = limits.FETCH_DEADLINE_SECONDS
    min_rate: float = limits.MIN_TRANSFER_RATE
    rate_grace: float = limits.TRANSFER_RATE_GRACE_SECONDS
    max_bytes: int = limits.MAX_PAYLOAD_BYTES
    max_social_bytes: int = limits.MAX_SOCIAL_PAYLOAD_BYTES
    max_attempts: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 30
    max_retry_time: float = limits.MAX_RETRY_SECONDS
    max_workers: int = 4
    user_agent: str = USER_AGENT

    def cap_for(self, source: Source) -> int:
        """The most decoded bytes `source` may deliver (catalog `max_bytes`, else by kind)."""
        if source.max_bytes is not None:
            return source.max_bytes
        return self.max_social_bytes if source.kind == "social" else self.max_bytes

    def deadline_for(self, source: Source) -> float:
        """The deadline of one request of `source` (catalog `timeout`, else `deadline`)."""
        return source.timeout if source.timeout is not None else self.deadline


@dataclass(frozen=True, slots=True)
class Validators:
    """Conditional-GET validators remembered from the last good response of a source."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What happened when one source was fetched.

    `url` is the final URL (after redirects) or the absolute path read. On success with a
    payload, `sha256`, `bytes` and `archive_path` (relative to the home) are set; on a 304
    `not_modified` is True and there is no payload; on failure `error` says why, and
    `refused` is True when a safety rule refused the payload for good (an address, a size
    cap, an encoding, a media type): fetching it again would not help.
    """

    source: str
    kind: str
    url: str
    started_at: datetime
    fetched_at: datetime | None
    http_status: int | None
    not_modified: bool
    sha256: str | None
    bytes: int | None
    archive_path: Path | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    attempts: int
    error: str | None
    refused: bool = False

    @property
    def ok(self) -> bool:
        """True when the fetch succeeded (a payload or a 304)."""
        return self.error is None


class _SourceFetchError(FetchError):
    """FetchError carrying what the failed outcome reports (attempts, last status, refusal)."""

    def __init__(
        self,
        source: str,
        message: str,
        attempts: int = 1,
        status: int | None = None,
        *,
        refused: bool = False,
    ) -> None:
        super().__init__(source, message)
        self.attempts = attempts
        self.status = status
        self.refused = refused


def fetch_source(
    source: Source,
    home: Path,
    validators: Validators | None = None,
    settings: FetchSettings = FetchSettings(),
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    *,
    origin: str | None = None,
) -> FetchOutcome:
    """Fetch one source and archive its payload under `home`; never raise.

    A failure (bad URL, HTTP error, timeout, deadline, oversize body, refused address or
    redirect, unreadable file, even an unexpected error) is returned as an outcome whose
    `error` names the source and the URL. `client` is reused when given (redirects are followed
    here, never by the client); `sleep` waits between attempts. `origin` is the catalog URL
    whose host the fetch may reach even when it is not public (default: the source's own URL;
    article pages and further social pages pass their source's URL).
    """
    started_at = datetime.now(UTC)
    location = source.url
    try:
        location = _location(source)
        if not location.lower().startswith(("http://", "https://")):
            return _fetch_file(source, Path(location), Path(home), settings, started_at)
        policy = AddressPolicy.for_origin(origin or location, settings.deadline_for(source))
        with contextlib.ExitStack() as stack:
            http = client if client is not None else stack.enter_context(make_client(settings))
            return _fetch_http(
                source, location, Path(home), validators, settings, http, sleep, started_at, policy
            )
    except FetchError as err:
        log.warning("failed %s", err)
        return _failed(source, location, started_at, err)
    except Exception as err:  # nothing but a source failure may leave a fetch (MemoryError...)
        log.exception("unexpected error while fetching %s", source.name)
        message = f"{location}: unexpected {type(err).__name__} while fetching ({err})"
        return _failed(source, location, started_at, _SourceFetchError(source.name, message, 0))


def fetch_all(
    sources: Iterable[Source],
    home: Path,
    validators_by_source: dict[str, Validators] | None = None,
    settings: FetchSettings = FetchSettings(),
    progress: Callable[[FetchOutcome], None] | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchOutcome]:
    """Fetch every source, `settings.max_workers` at a time; return outcomes in catalog order.

    `progress` is called in the calling thread once per source as each one finishes. A failing
    source never stops the others (see `fetch_source`).
    """
    sources = list(sources)
    validators_by_source = validators_by_source or {}
    if not sources:
        return []
    own_client = client is None
    http = make_client(settings) if client is None else client
    try:
        with ThreadPoolExecutor(
            max_workers=max(1, min(settings.max_workers, len(sources))),
            thread_name_prefix="radar-fetch",
        ) as pool:
            futures = {
                pool.submit(
                    fetch_source,
                    source,
                    home,
                    validators_by_source.get(source.name),
                    settings,
                    http,
                    sleep,
                ): index
                for index, source in enumerate(sources)
            }
            outcomes: list[FetchOutcome | None] = [None] * len(sources)
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[futures[future]] = outcome
                if progress is not None:
                    progress(outcome)
    finally:
        if own_client:
            http.close()
    return [o for o in outcomes if o is not None]


def make_client(settings: FetchSettings) -> httpx.Client:
    """An HTTP client with the fetcher's timeouts, User-Agent, connection limits and guarded
    transport (`pipeline.ingest.guard`); it never follows redirects itself (`fetch_source`
    does, checking each target)."""
    pool = httpx.Limits(max_connections=max(settings.max_workers, 1) * 2)
    return httpx.Client(
        timeout=httpx.Timeout(
            settings.read_timeout, connect=settings.connect_timeout, pool=settings.connect_timeout
        ),
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        limits=pool,
        transport=GuardedTransport(pool),
    )


def _location(source: Source) -> str:
    try:
        return resolve_location(source)
    except CatalogError as err:
        raise FetchError(source.name, str(err).removeprefix(f"{source.name}: ")) from err


def _outcome(source: Source, url: str, started_at: datetime, **fields: object) -> FetchOutcome:
    values: dict[str, object] = {
        "fetched_at": None,
        "http_status": None,
        "not_modified": False,
        "sha256": None,
        "bytes": None,
        "archive_path": None,
        "content_type": None,
        "etag": None,
        "last_modified": None,
        "attempts": 1,
        "error": None,
    }
    values.update(fields)
    return FetchOutcome(source.name, source.kind, url, started_at, **values)  # type: ignore[arg-type]


def _failed(source: Source, url: str, started_at: datetime, err: FetchError) -> FetchOutcome:
    detail = err if isinstance(err, _SourceFetchError) else None
    return _outcome(
        source,
        url,
        started_at,
        http_status=detail.status if detail else None,
        attempts=detail.attempts if detail else 0,
        error=str(err),
        refused=detail.refused if detail else False,
    )


def _fetch_file(
    source: Source, path: Path, home: Path, settings: FetchSettings, started_at: datetime
) -> FetchOutcome:
    """Copy a local file into the archive, a piece at a time, refusing it past the cap."""
    cap = settings.cap_for(source)
    if path.exists() and not path.is_file():  # a FIFO or device would block or never end
        raise _SourceFetchError(source.name, f"read {path}: not a regular file", refused=True)
    try:
        handle = path.open("rb")
    except OSError as err:
        raise _SourceFetchError(source.name, f"read {path}: {err.strerror or err}") from err
    with handle, ArchiveWriter(home, cap) as writer:
        while True:
            try:
                piece = handle.read(PIECE_BYTES)
            except OSError as err:
                message = f"read {path}: {err.strerror or err}"
                raise _SourceFetchError(source.name, message) from err
            if not piece:
                break
            try:
                writer.write(piece)
            except PayloadTooLargeError as err:
                message = f"read {path}: file too large: more than {cap} bytes"
                raise _SourceFetchError(source.name, message, refused=True) from err
        sha, relative = writer.commit()
        size = writer.size
    log.info("fetched %s file %s", source.name, _size(size))
    return _outcome(
        source,
        str(path),
        started_at,
        fetched_at=datetime.now(UTC),
        sha256=sha,
        bytes=size,
        archive_path=relative,
    )


def _fetch_http(
    source: Source,
    url: str,
    home: Path,
    validators: Validators | None,
    settings: FetchSettings,
    client: httpx.Client,
    sleep: Callable[[float], None],
    started_at: datetime,
    policy: AddressPolicy,
) -> FetchOutcome:
    """GET with retries; archive the payload. Raises _SourceFetchError when the source fails."""
    validators = validators or Validators()
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    attempts = 0
    spent = 0.0  # attempts plus waits, measured apart so an injected `sleep` counts too
    while True:
        attempts += 1
        began = time.monotonic()
        attempt = Attempt(
            policy, settings.deadline_for(source), settings.min_rate, settings.rate_grace
        )
        try:
            with attempt_scope(attempt):
                response = get_once(
                    client,
                    url,
                    headers,
                    home=home,
                    cap=settings.cap_for(source),
                    timeouts=Timeouts(settings.connect_timeout, settings.read_timeout),
                    attempt=attempt,
                )
            break
        except AttemptError as err:
            spent += time.monotonic() - began
            if not err.retryable:
                message = f"GET {url}: {err.reason}"
                raise _SourceFetchError(
                    source.name, message, attempts, err.status, refused=err.refused
                ) from err
            if attempts >= settings.max_attempts:
                message = f"GET {url}: {err.reason} after {attempts} attempts"
                raise _SourceFetchError(source.name, message, attempts, err.status) from err
            delay = _retry_delay(err.retry_after, attempts, settings)
            if spent + delay > settings.max_retry_time:
                message = f"GET {url}: {_no_more_retries(err, attempts, settings)}"
                raise _SourceFetchError(source.name, message, attempts, err.status) from err
            log.debug("retrying %s in %.2f s: %s", source.name, delay, err.reason)
            sleep(delay)
            spent += delay

    fetched_at = datetime.now(UTC)
    not_modified = response.status == httpx.codes.NOT_MODIFIED
    sha = relative = size = None
    if response.archived is None:
        log.info("fetched %s 304 not modified", source.name)
    else:
        sha, relative, size = response.archived
        log.info("fetched %s %d %s", source.name, response.status, _size(size))
    return _outcome(
        source,
        response.url,
        started_at,
        fetched_at=fetched_at,
        http_status=response.status,
        not_modified=not_modified,
        sha256=sha,
        bytes=size,
        archive_path=relative,
        content_type=response.content_type,
        # A 304 may omit the validators; the ones sent are still current.
        etag=response.etag or (validators.etag if not_modified else None),
        last_modified=response.last_modified
        or (validators.last_modified if not_modified else None),
        attempts=attempts,
    )


def _no_more_retries(err: AttemptError, attempts: int, settings: FetchSettings) -> str:
    """Why the source gives up before its next attempt: the retry time limit is reached."""
    tried = f"{attempts} attempt{'s' if attempts > 1 else ''}"
    limit = f"{settings.max_retry_time:g} s retry limit"
    if err.retry_after is not None:
        asked = f"retry after {math.ceil(err.retry_after)} s"
        rate = "rate limited, " if err.status == httpx.codes.TOO_MANY_REQUESTS else ""
        return f"{err.reason} {rate}{asked}: not waiting past the {limit} ({tried})"
    return f"{err.reason} after {tried} (the {limit} is reached)"


def _retry_delay(retry_after: float | None, attempt: int, settings: FetchSettings) -> float:
    """Retry-After if given, else exponential backoff with full jitter."""
    if retry_after is not None:
        return retry_after
    ceiling = min(settings.backoff_max, settings.backoff_base * 2 ** (attempt - 1))
    return random.uniform(0, ceiling)


def _size(n: int) -> str:
    if n < 2**10:
        return f"{n} B"
    if n < 2**20:
        return f"{n / 1024:.1f} KiB"
    return f"{n / 2**20:.1f} MiB"
