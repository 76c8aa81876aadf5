"""Fetch source payloads over http(s) or from files, and archive every payload by its sha256.

Reads: the sources' URLs and paths. Writes: `<home>/raw/<sha[:2]>/<sha>` (the raw archive,
content-addressed, written atomically before a fetch returns). The warehouse rows
(`raw_fetches`, `source_runs`, `fetch_state`) are written from the outcomes by the caller.

HTTP behaviour: connect and read timeouts; up to `max_attempts` attempts with exponential
backoff and full jitter on connection errors, timeouts, truncated bodies, HTTP 429 and 5xx
(`Retry-After` honoured, capped); conditional GET from the remembered validators (304 ->
`not_modified`); a size cap checked against Content-Length and while streaming the decoded
body; redirects followed by hand (at most 5, http and https only).
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from pipeline import __version__
from pipeline.core.catalog import resolve_location
from pipeline.core.errors import CatalogError, FetchError, RadarError
from pipeline.core.models import Source

log = logging.getLogger(__name__)

ARCHIVE_DIR = "raw"
MAX_REDIRECTS = 5
USER_AGENT = f"ReliabilityRadar/{__version__} (+https://github.com/reliability-radar)"
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_FIRST_SERVER_ERROR = 500


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and politeness of the fetcher (timeouts in seconds, sizes in bytes)."""

    connect_timeout: float = 10
    read_timeout: float = 30
    max_bytes: int = 32 * 2**20
    max_attempts: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 30
    max_retry_after: float = 120
    max_workers: int = 4
    user_agent: str = USER_AGENT


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
    `not_modified` is True and there is no payload; on failure `error` says why.
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

    @property
    def ok(self) -> bool:
        """True when the fetch succeeded (a payload or a 304)."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class _Response:
    """A final (non-redirect) HTTP response with its body read."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None


class _AttemptError(Exception):
    """One HTTP attempt failed; `retryable` says whether another attempt may fix it."""

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


class _SourceFetchError(FetchError):
    """FetchError carrying what the failed outcome reports (attempts made, last status)."""

    def __init__(
        self, source: str, message: str, attempts: int = 1, status: int | None = None
    ) -> None:
        super().__init__(source, message)
        self.attempts = attempts
        self.status = status


def fetch_source(
    source: Source,
    home: Path,
    validators: Validators | None = None,
    settings: FetchSettings = FetchSettings(),
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchOutcome:
    """Fetch one source and archive its payload under `home`; never raise for source failures.

    A failure (bad URL, HTTP error, timeout, oversize body, refused redirect, unreadable file)
    is returned as an outcome whose `error` names the source and the URL. `client` is reused
    when given (redirects are followed here, never by the client); `sleep` waits between
    attempts.

    Raises:
        OSError: the archive under `home` cannot be written.
    """
    started_at = datetime.now(UTC)
    location = source.url
    try:
        location = _location(source)
        if not location.lower().startswith(("http://", "https://")):
            return _fetch_file(source, Path(location), Path(home), settings, started_at)
        if client is not None:
            return _fetch_http(
                source, location, Path(home), validators, settings, client, sleep, started_at
            )
        with make_client(settings) as own_client:
            return _fetch_http(
                source, location, Path(home), validators, settings, own_client, sleep, started_at
            )
    except FetchError as err:
        log.warning("failed %s", err)
        attempts = err.attempts if isinstance(err, _SourceFetchError) else 0
        status = err.status if isinstance(err, _SourceFetchError) else None
        return FetchOutcome(
            source=source.name,
            kind=source.kind,
            url=location,
            started_at=started_at,
            fetched_at=None,
            http_status=status,
            not_modified=False,
            sha256=None,
            bytes=None,
            archive_path=None,
            content_type=None,
            etag=None,
            last_modified=None,
            attempts=attempts,
            error=str(err),
        )


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


def archive_payload(home: Path, payload: bytes) -> tuple[str, Path]:
    """Store `payload` at `raw/<sha[:2]>/<sha>` under `home` unless already there.

    Returns the sha256 and the archive path relative to `home`. The file is written to a
    temporary name and renamed, so readers never see a partial payload.
    """
    sha = hashlib.sha256(payload).hexdigest()
    relative = Path(ARCHIVE_DIR) / sha[:2] / sha
    target = Path(home) / relative
    if target.exists():
        return sha, relative
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{sha[:12]}-", suffix=".tmp")
    tmp_path = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        tmp_path.replace(target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return sha, relative


def read_archived(home: Path, archive_path: Path | str) -> bytes:
    """Return the bytes of an archived payload, checking them against their sha256 name.

    Raises:
        RadarError: the path is not inside the raw archive, the file is missing, or its
            content does not match its name.
    """
    root = (Path(home) / ARCHIVE_DIR).resolve()
    path = (Path(home) / archive_path).resolve()
    if not path.is_relative_to(root):
        raise RadarError(f"not a raw archive path: {archive_path} (expected {ARCHIVE_DIR}/...)")
    try:
        payload = path.read_bytes()
    except OSError as err:
        raise RadarError(f"cannot read archived payload {archive_path}: {err}") from err
    if hashlib.sha256(payload).hexdigest() != path.name:
        raise RadarError(f"archived payload {archive_path} does not match its sha256")
    return payload


def make_client(settings: FetchSettings) -> httpx.Client:
    """An HTTP client with the fetcher's timeouts, User-Agent and connection limits; it never
    follows redirects itself (`fetch_source` does, checking each target)."""
    return httpx.Client(
        timeout=_timeout(settings),
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent},
        limits=httpx.Limits(max_connections=max(settings.max_workers, 1) * 2),
    )


def _timeout(settings: FetchSettings) -> httpx.Timeout:
    return httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.connect_timeout,
    )


def _location(source: Source) -> str:
    try:
        return resolve_location(source)
    except CatalogError as err:
        raise FetchError(source.name, str(err).removeprefix(f"{source.name}: ")) from err


def _fetch_file(
    source: Source, path: Path, home: Path, settings: FetchSettings, started_at: datetime
) -> FetchOutcome:
    try:
        with path.open("rb") as handle:
            payload = handle.read(settings.max_bytes + 1)
    except OSError as err:
        raise _SourceFetchError(source.name, f"read {path}: {err.strerror or err}") from err
    if len(payload) > settings.max_bytes:
        message = f"read {path}: file too large: more than {settings.max_bytes} bytes"
        raise _SourceFetchError(source.name, message)
    sha, relative = archive_payload(home, payload)
    log.info("fetched %s file %s", source.name, _size(len(payload)))
    return FetchOutcome(
        source=source.name,
        kind=source.kind,
        url=str(path),
        started_at=started_at,
        fetched_at=datetime.now(UTC),
        http_status=None,
        not_modified=False,
        sha256=sha,
        bytes=len(payload),
        archive_path=relative,
        content_type=None,
        etag=None,
        last_modified=None,
        attempts=1,
        error=None,
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
) -> FetchOutcome:
    """GET with retries; archive the payload. Raises _SourceFetchError when the source fails."""
    validators = validators or Validators()
    headers = {"User-Agent": settings.user_agent}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    attempts = 0
    while True:
        attempts += 1
        try:
            response = _get_once(client, url, headers, settings)
            break
        except _AttemptError as err:
            if not err.retryable:
                message = f"GET {url}: {err.reason}"
                raise _SourceFetchError(source.name, message, attempts, err.status) from err
            if attempts >= settings.max_attempts:
                message = f"GET {url}: {err.reason} after {attempts} attempts"
                raise _SourceFetchError(source.name, message, attempts, err.status) from err
            delay = _retry_delay(err.retry_after, attempts, settings)
            log.debug("retrying %s in %.2f s: %s", source.name, delay, err.reason)
            sleep(delay)

    fetched_at = datetime.now(UTC)
    not_modified = response.status == httpx.codes.NOT_MODIFIED
    sha = relative = size = None
    if not_modified:
        log.info("fetched %s 304 not modified", source.name)
    else:
        sha, relative = archive_payload(home, response.body)
        size = len(response.body)
        log.info("fetched %s %d %s", source.name, response.status, _size(size))
    return FetchOutcome(
        source=source.name,
        kind=source.kind,
        url=response.url,
        started_at=started_at,
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
        error=None,
    )


def _get_once(
    client: httpx.Client, url: str, headers: dict[str, str], settings: FetchSettings
) -> _Response:
    """Make one attempt: GET, following up to MAX_REDIRECTS redirects by hand.

    Raises:
        _AttemptError: the attempt failed; retryable for transport failures, timeouts,
            truncated bodies, HTTP 429 and 5xx.
    """
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL as err:
        raise _AttemptError(f"invalid URL ({err})", retryable=False) from err
    for _ in range(MAX_REDIRECTS + 1):
        try:
            request = client.build_request(
                "GET", current, headers=headers, timeout=_timeout(settings)
            )
            response = client.send(request, stream=True, follow_redirects=False)
        except httpx.TimeoutException as err:
            raise _AttemptError(_timeout_reason(err), retryable=True) from err
        except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
            raise _AttemptError(f"connection failed ({err})", retryable=True) from err
        except httpx.HTTPError as err:
            raise _AttemptError(f"request failed ({err})", retryable=False) from err
        try:
            status = response.status_code
            if status in _REDIRECT_STATUSES:
                current = _redirect_target(current, response)
                continue
            if status == httpx.codes.TOO_MANY_REQUESTS or status >= _FIRST_SERVER_ERROR:
                raise _AttemptError(
                    f"HTTP {status}",
                    retryable=True,
                    status=status,
                    retry_after=_parse_retry_after(response.headers.get("Retry-After")),
                )
            if status != httpx.codes.NOT_MODIFIED and not httpx.codes.is_success(status):
                reason = f"HTTP {status} {response.reason_phrase}".rstrip()
                raise _AttemptError(reason, retryable=False, status=status)
            body = b"" if status == httpx.codes.NOT_MODIFIED else _read_body(response, settings)
        finally:
            response.close()
        return _Response(
            url=str(current),
            status=status,
            body=body,
            content_type=response.headers.get("Content-Type"),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
    raise _AttemptError(f"too many redirects (more than {MAX_REDIRECTS})", retryable=False)


def _redirect_target(current: httpx.URL, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("Location")
    if not location:
        reason = f"HTTP {response.status_code} redirect without a Location header"
        raise _AttemptError(reason, retryable=False, status=response.status_code)
    try:
        target = current.join(location)
    except httpx.InvalidURL as err:
        reason = f"invalid redirect Location {location!r} ({err})"
        raise _AttemptError(reason, retryable=False, status=response.status_code) from err
    if target.scheme not in ("http", "https"):
        scheme = target.scheme or "no"
        reason = f"redirect to {scheme} scheme refused ({location}); only http and https"
        raise _AttemptError(reason, retryable=False, status=response.status_code)
    return target


def _read_body(response: httpx.Response, settings: FetchSettings) -> bytes:
    """Read the decoded body, refusing anything larger than settings.max_bytes."""
    limit = settings.max_bytes
    declared = response.headers.get("Content-Length", "")
    status = response.status_code
    if declared.isdigit() and int(declared) > limit:
        reason = f"response too large: Content-Length {declared} > {limit} bytes"
        raise _AttemptError(reason, retryable=False, status=status)
    chunks: list[bytes] = []
    size = 0
    try:
        # iter_bytes inflates gzip/deflate one network read (<= 64 KiB) at a time, so the
        # running total bounds memory even for a compressed body that expands past the cap.
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                reason = f"response too large: more than {limit} bytes"
                raise _AttemptError(reason, retryable=False, status=status)
            chunks.append(chunk)
    except httpx.TimeoutException as err:
        raise _AttemptError(_timeout_reason(err), retryable=True, status=status) from err
    except httpx.RemoteProtocolError as err:
        reason = f"truncated response ({err})"
        raise _AttemptError(reason, retryable=True, status=status) from err
    except httpx.NetworkError as err:
        reason = f"connection failed while reading ({err})"
        raise _AttemptError(reason, retryable=True, status=status) from err
    except httpx.DecodingError as err:
        reason = f"cannot decode response body ({err})"
        raise _AttemptError(reason, retryable=False, status=status) from err
    return b"".join(chunks)


def _timeout_reason(err: httpx.TimeoutException) -> str:
    if isinstance(err, httpx.ConnectTimeout):
        return "connect timeout"
    if isinstance(err, httpx.ReadTimeout):
        return "read timeout"
    return f"timeout ({type(err).__name__})"


def _parse_retry_after(value: str | None) -> float | None:
    """Return the delay a Retry-After header asks for (seconds or an HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" dates parse naive; HTTP-dates are always GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _retry_delay(retry_after: float | None, attempt: int, settings: FetchSettings) -> float:
    """Retry-After (capped at max_retry_after) if given, else exponential backoff, full jitter."""
    if retry_after is not None:
        return min(retry_after, settings.max_retry_after)
    ceiling = min(settings.backoff_max, settings.backoff_base * 2 ** (attempt - 1))
    return random.uniform(0, ceiling)


def _size(n: int) -> str:
    if n < 2**10:
        return f"{n} B"
    if n < 2**20:
        return f"{n / 1024:.1f} KiB"
    return f"{n / 2**20:.1f} MiB"
