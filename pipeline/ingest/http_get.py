"""One HTTP GET attempt of the fetcher: redirects by hand, every hop's address checked, the
body streamed (decoded a bounded piece at a time) into the raw archive under a size cap.

`pipeline.ingest.fetch` runs the attempts (retries, backoff, outcomes); this module makes one,
inside an `Attempt` (`pipeline.ingest.guard`) that bounds its addresses and its time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from pipeline.ingest.archive import ArchiveWriter, PayloadTooLargeError
from pipeline.ingest.decode import ContentDecoder, DecodeError
from pipeline.ingest.guard import (
    AddressRefusedError,
    Attempt,
    HostUnresolvedError,
    url_host_port,
)

MAX_REDIRECTS = 5
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_FIRST_SERVER_ERROR = 500
# Media types no feed, API page or article is sent as: refused before reading the body.
_MEDIA_PREFIXES = ("image/", "audio/", "video/", "font/")
_MEDIA_TYPES = frozenset({"application/pdf", "application/zip"})


@dataclass(frozen=True, slots=True)
class Timeouts:
    """The client's own timeouts (seconds): to connect, and for each read or write."""

    connect: float
    read: float


@dataclass(frozen=True, slots=True)
class Response:
    """A final (non-redirect) HTTP response, its body archived (None for a 304)."""

    url: str
    status: int
    archived: tuple[str, Path, int] | None
    content_type: str | None
    etag: str | None
    last_modified: str | None


class AttemptError(Exception):
    """One HTTP attempt failed; `retryable` says whether another attempt may fix it, `refused`
    that a safety rule refused it for good, `retry_after` what the server asked to wait."""

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
        refused: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after
        self.refused = refused


def get_once(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    *,
    home: Path,
    cap: int,
    timeouts: Timeouts,
    attempt: Attempt,
) -> Response:
    """Make one attempt: GET, following up to MAX_REDIRECTS redirects by hand, checking every
    hop's address first; archive the body.

    Raises:
        AttemptError: the attempt failed; retryable for transport failures, read timeouts,
            truncated bodies, HTTP 429 and 5xx.
    """
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL as err:
        raise AttemptError(f"invalid URL ({err})", retryable=False) from err
    for hop in range(MAX_REDIRECTS + 1):
        _check_address(attempt, current, redirected=hop > 0)
        try:
            request = client.build_request(
                "GET", current, headers=headers, timeout=_timeout(timeouts, attempt)
            )
            response = client.send(request, stream=True, follow_redirects=False)
        except httpx.TimeoutException as err:
            raise _timeout_error(err, attempt) from err
        except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
            raise AttemptError(f"connection failed ({err})", retryable=True) from err
        except httpx.HTTPError as err:
            raise AttemptError(f"request failed ({err})", retryable=False) from err
        except (AddressRefusedError, HostUnresolvedError) as err:  # the transport's own check
            raise AttemptError(f"{current} refused: {err}", retryable=False) from err
        try:
            status = response.status_code
            if status in _REDIRECT_STATUSES:
                current = _redirect_target(current, response)
                continue
            if status == httpx.codes.TOO_MANY_REQUESTS or status >= _FIRST_SERVER_ERROR:
                raise AttemptError(
                    f"HTTP {status}",
                    retryable=True,
                    status=status,
                    retry_after=parse_retry_after(response.headers.get("Retry-After")),
                )
            if status != httpx.codes.NOT_MODIFIED and not httpx.codes.is_success(status):
                reason = f"HTTP {status} {response.reason_phrase}".rstrip()
                raise AttemptError(reason, retryable=False, status=status)
            archived = None
            if status != httpx.codes.NOT_MODIFIED:
                archived = _archive_body(response, home, cap, attempt)
        finally:
            response.close()
        return Response(
            url=str(current),
            status=status,
            archived=archived,
            content_type=response.headers.get("Content-Type"),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
    raise AttemptError(f"too many redirects (more than {MAX_REDIRECTS})", retryable=False)


def _check_address(attempt: Attempt, url: httpx.URL, *, redirected: bool) -> None:
    """Resolve the URL's host and refuse it unless the attempt's policy allows its addresses."""
    target = url_host_port(str(url))
    if target is None:
        raise AttemptError(f"invalid URL {url}", retryable=False)
    try:
        attempt.check_host(*target)
    except AddressRefusedError as err:
        what = f"redirect to {url}" if redirected else str(url)
        raise AttemptError(f"{what} refused: {err}", retryable=False, refused=True) from err
    except HostUnresolvedError as err:
        raise AttemptError(f"connection failed ({err})", retryable=True) from err


def _redirect_target(current: httpx.URL, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("Location")
    if not location:
        reason = f"HTTP {response.status_code} redirect without a Location header"
        raise AttemptError(reason, retryable=False, status=response.status_code)
    try:
        target = current.join(location)
    except httpx.InvalidURL as err:
        reason = f"invalid redirect Location {location!r} ({err})"
        raise AttemptError(reason, retryable=False, status=response.status_code) from err
    if target.scheme not in ("http", "https"):
        scheme = target.scheme or "no"
        reason = f"redirect to {scheme} scheme refused ({location}); only http and https"
        raise AttemptError(reason, retryable=False, status=response.status_code)
    return target


def _archive_body(
    response: httpx.Response, home: Path, cap: int, attempt: Attempt
) -> tuple[str, Path, int]:
    """Stream the decoded body into the archive, refusing it past `cap` decoded bytes.

    Returns the sha256, archive path and size.
    """
    status = response.status_code
    media = _media_refusal(response.headers.get("Content-Type"))
    if media:
        raise AttemptError(media, retryable=False, status=status, refused=True)
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > cap:
        reason = f"response too large: Content-Length {declared} > {cap} bytes"
        raise AttemptError(reason, retryable=False, status=status, refused=True)
    try:
        decoder = ContentDecoder(response.headers.get("Content-Encoding"))
        with ArchiveWriter(home, cap) as writer:
            for raw in response.iter_raw():
                attempt.check()
                for piece in decoder.feed(raw):
                    writer.write(piece)
            for piece in decoder.finish():
                writer.write(piece)
            sha, relative = writer.commit()
            return sha, relative, writer.size
    except PayloadTooLargeError as err:
        reason = f"response too large: more than {cap} bytes"
        raise AttemptError(reason, retryable=False, status=status, refused=True) from err
    except DecodeError as err:
        reason = f"cannot decode response body: {err}"
        raise AttemptError(reason, retryable=False, status=status, refused=True) from err
    except httpx.TimeoutException as err:
        raise _timeout_error(err, attempt, status) from err
    except httpx.RemoteProtocolError as err:
        reason = f"truncated response ({err})"
        raise AttemptError(reason, retryable=True, status=status) from err
    except httpx.NetworkError as err:
        reason = f"connection failed while reading ({err})"
        raise AttemptError(reason, retryable=True, status=status) from err


def _media_refusal(content_type: str | None) -> str | None:
    """Why a response of this Content-Type cannot be a feed, API page or article (or None)."""
    media = (content_type or "").partition(";")[0].strip().lower()
    if media.startswith(_MEDIA_PREFIXES) or media in _MEDIA_TYPES:
        return f"unexpected Content-Type {media}: not a feed, JSON or web page"
    return None


def _timeout_error(
    err: httpx.TimeoutException, attempt: Attempt, status: int | None = None
) -> AttemptError:
    """A deadline or rate failure (not retried: a slow server stays slow), else a timeout."""
    if attempt.expired is not None:
        return AttemptError(attempt.expired, retryable=False, status=status)
    return AttemptError(_timeout_reason(err), retryable=True, status=status)


def _timeout_reason(err: httpx.TimeoutException) -> str:
    if isinstance(err, httpx.ConnectTimeout):
        return "connect timeout"
    if isinstance(err, httpx.ReadTimeout):
        return "read timeout"
    return f"timeout ({type(err).__name__})"


def parse_retry_after(value: str | None) -> float | None:
    """Return the delay a Retry-After header asks for (seconds or an HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" dates parse naive; HTTP-dates are always GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _timeout(timeouts: Timeouts, attempt: Attempt) -> httpx.Timeout:
    """The client timeouts, none longer than what is left of the attempt's deadline."""
    left = max(attempt.started + attempt.deadline - time.monotonic(), 0.001)
    connect = min(timeouts.connect, left)
    read = min(timeouts.read, left)
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)
