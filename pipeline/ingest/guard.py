"""Network guards of the fetcher: which addresses a request may reach, and how long it may take.

Addresses: a request may connect to public addresses only. Loopback, link-local (169.254/16,
fe80::/10, cloud metadata), private (RFC 1918, fc00::/7, 100.64/10), unspecified, multicast
and reserved addresses are refused, except the source's own host: the addresses its catalog
URL resolves to, on the same port ("same host" = same IP address and same port), so a catalog
of local servers keeps working while its redirects and links cannot reach another local
service. Every hop's host name is resolved and checked before anything connects, and the
connection goes to the very addresses checked (no second lookup a DNS server could answer
differently).

Time: one request (connect, every redirect, headers and body) has a total deadline, and after a
grace period from its first byte it must keep up a minimum average transfer rate. Each socket
read waits no longer than the time left, so a server sending one byte every few seconds
cannot hold a fetch past its deadline; nor can a DNS server that never answers (the lookup
waits no longer than the time left either).

Both guards live in the `Attempt` of the current thread (`attempt_scope`); the transport
(`GuardedTransport`, an httpx transport over httpcore with a checking network backend) reads
them on every connect and read. Requests sent through an environment proxy (HTTP_PROXY...)
bypass the transport: the host check still runs before sending, the proxy does the connecting.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import queue
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from pipeline.core.errors import RadarError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_DEFAULT_PORTS = {"http": 80, "https": 443}


class AddressRefusedError(RadarError):
    """A host resolves to an address a request may not reach."""


class HostUnresolvedError(RadarError):
    """A host name cannot be resolved."""


def address_kind(address: IPAddress) -> str | None:
    """Why `address` may not be reached ('loopback', 'link-local', ...), None when public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved or not address.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def _lookup(host: str, port: int, timeout: float | None) -> list[tuple[Any, ...]]:
    """socket.getaddrinfo, given up after `timeout` seconds (None: the resolver's own limits).

    getaddrinfo cannot be interrupted: it runs in a daemon thread that is left to finish on
    its own when the time is up, so a DNS server that never answers cannot hold the fetch
    (nor, the thread being a daemon, the interpreter's exit).
    """
    if timeout is None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    outcome: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()

    def run() -> None:
        try:
            outcome.put((True, socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)))
        except BaseException as err:  # noqa: BLE001 - handed to the waiting thread
            outcome.put((False, err))

    threading.Thread(target=run, name=f"radar-dns-{host}"[:60], daemon=True).start()
    try:
        ok, value = outcome.get(timeout=max(timeout, 0.0))
    except queue.Empty:
        raise HostUnresolvedError(
            f"cannot resolve {host} (no answer within {timeout:.3g} s)"
        ) from None
    if not ok:
        raise value
    return value


def resolve(host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
    """The addresses `host` stands for (an address literal stands for itself), looked up
    within `timeout` seconds (None: no limit but the system resolver's).

    Raises:
        HostUnresolvedError: the name does not resolve (in time).
    """
    literal = host.strip("[]")
    with contextlib.suppress(ValueError):
        return [ipaddress.ip_address(literal)]
    try:
        infos = _lookup(literal, port, timeout)
    except (OSError, UnicodeError) as err:
        raise HostUnresolvedError(f"cannot resolve {host} ({err})") from err
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise HostUnresolvedError(f"cannot resolve {host} (no address)")
    return addresses


def url_host_port(url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) URL, the port defaulted from the scheme; None otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.hostname, port or _DEFAULT_PORTS[scheme]


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Public addresses, plus the non-public (address, port) pairs of the source's own host."""

    trusted: frozenset[tuple[IPAddress, int]] = frozenset()

    @classmethod
    def for_origin(cls, origin_url: str | None, timeout: float | None = None) -> AddressPolicy:
        """The policy of a source whose catalog URL is `origin_url` (a file: public only),
        its host looked up within `timeout` seconds."""
        target = url_host_port(origin_url or "")
        if target is None:
            return cls()
        host, port = target
        try:
            addresses = resolve(host, port, timeout)
        except HostUnresolvedError:
            return cls()
        return cls(frozenset((a, port) for a in addresses if address_kind(a) is not None))

    def check(self, host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
        """Resolve `host` (within `timeout` seconds) and return its addresses if every one of
        them may be reached.

        Raises:
            HostUnresolvedError: the name does not resolve (in time).
            AddressRefusedError: one of its addresses is not public and not the source's own host.
        """
        addresses = resolve(host, port, timeout)
        for address in addresses:
            kind = address_kind(address)
            if kind is not None and (address, port) not in self.trusted:
                named = f"{host} ({address})" if host.strip("[]") != str(address) else host
                raise AddressRefusedError(
                    f"{named} is a {kind} address; only public addresses, or the source's "
                    "own host and port, may be fetched"
                )
        return addresses


@dataclass(slots=True)
class Attempt:
    """The guards of one request: the address policy, its deadline and minimum rate.

    `deadline`, `rate_grace` in seconds, `min_rate` in bytes per second (0 = no minimum).
    `expired` says why a read was cut short by this attempt's limits (None otherwise).
    """

    policy: AddressPolicy
    deadline: float
    min_rate: float = 0.0
    rate_grace: float = 0.0
    started: float = field(default_factory=time.monotonic)
    first_byte: float | None = None
    received: int = 0
    expired: str | None = None
    _checked: dict[tuple[str, int], list[IPAddress]] = field(default_factory=dict)

    def check_host(self, host: str, port: int) -> list[IPAddress]:
        """Resolve and check `host` once per attempt, the lookup within the time left before
        the deadline; the connection uses these addresses.

        Raises:
            HostUnresolvedError, AddressRefusedError: see AddressPolicy.check.
        """
        key = (host.lower(), port)
        if key not in self._checked:
            left = self.started + self.deadline - time.monotonic()
            timeout = None if left == float("inf") else left
            self._checked[key] = self.policy.check(host, port, timeout)
        return self._checked[key]

    def wait(self, timeout: float | None, *, reading: bool) -> tuple[float | None, str | None]:
        """How long the next socket operation may block: `timeout` shortened to the deadline
        (and, for reads, to when the average rate would fall below the minimum), with the
        limit ('deadline' or 'rate') that shorter wait stands for (None: the caller's own
        timeout); when it runs out, `expire(limit)`."""
        now = time.monotonic()
        waits = [(self.started + self.deadline - now, "deadline")]
        if reading and self.min_rate > 0 and self.first_byte is not None:
            enough = self.first_byte + max(self.rate_grace, self.received / self.min_rate)
            waits.append((enough - now, "rate"))
        left, limit = min(waits, key=lambda w: w[0])
        if left == float("inf") or (timeout is not None and timeout <= left):
            return timeout, None
        return max(left, 0.0), limit

    def expire(self, limit: str) -> str:
        """Record and return why `limit` ('deadline' or 'rate') ended the attempt."""
        now = time.monotonic()
        if limit == "rate":
            elapsed = now - (self.first_byte or now)
            self.expired = (
                f"transfer too slow: {self.received} bytes in {elapsed:.1f} s "
                f"(minimum {self.min_rate:g} bytes/s after {self.rate_grace:g} s)"
            )
        else:
            self.expired = f"deadline of {self.deadline:g} s exceeded"
        return self.expired

    def count(self, size: int) -> None:
        """Record `size` bytes received."""
        if self.first_byte is None:
            self.first_byte = time.monotonic()
        self.received += size

    def check(self) -> None:
        """Raise when the deadline passed or the rate fell below the minimum (body reads).

        Raises:
            httpx.ReadTimeout: with `expired` set to the reason.
        """
        wait, limit = self.wait(None, reading=True)
        if wait is not None and wait <= 0 and limit is not None:
            raise httpx.ReadTimeout(self.expire(limit))


_CURRENT: contextvars.ContextVar[Attempt | None] = contextvars.ContextVar(
    "radar_fetch_attempt", default=None
)


@contextlib.contextmanager
def attempt_scope(attempt: Attempt) -> Iterator[Attempt]:
    """Make `attempt` the guard of the requests this thread sends inside the block."""
    token = _CURRENT.set(attempt)
    try:
        yield attempt
    finally:
        _CURRENT.reset(token)


def _current() -> Attempt:
    attempt = _CURRENT.get()
    # Outside a fetch: public addresses only, no deadline beyond the client's own timeouts.
    return attempt if attempt is not None else Attempt(AddressPolicy(), deadline=float("inf"))


class _GuardedStream(httpcore.NetworkStream):
    """A socket stream whose reads and writes end at the attempt's deadline or minimum rate."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        attempt = _current()
        wait, limit = attempt.wait(timeout, reading=True)
        if limit is not None and wait is not None and wait <= 0:
            raise httpcore.ReadTimeout(attempt.expire(limit))
        try:
            data = self._inner.read(max_bytes, wait)
        except httpcore.ReadTimeout:
            if limit is not None:
                attempt.expire(limit)
            raise
        attempt.count(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        attempt = _current()
        wait, limit = attempt.wait(timeout, reading=False)
        try:
            self._inner.write(buffer, wait)
        except httpcore.WriteTimeout:
            if limit is not None:
                attempt.expire(limit)
            raise

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        attempt = _current()
        wait, limit = attempt.wait(timeout, reading=False)
        try:
            return _GuardedStream(self._inner.start_tls(ssl_context, server_hostname, wait))
        except httpcore.ConnectTimeout:
            if limit is not None:
                attempt.expire(limit)
            raise

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connect only to the checked addresses of a host, within the attempt's deadline."""

    def __init__(self) -> None:
        self._sync = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        attempt = _current()
        addresses = attempt.check_host(host, port)  # may raise AddressRefusedError
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            wait, limit = attempt.wait(timeout, reading=False)
            try:
                stream = self._sync.connect_tcp(
                    str(address), port, wait, local_address, socket_options
                )
            except httpcore.ConnectTimeout:
                if limit is not None:
                    attempt.expire(limit)
                raise
            except httpcore.ConnectError as err:
                failure = err
                continue
            return _GuardedStream(stream)
        raise failure or httpcore.ConnectError(f"no address to connect to for {host}")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_HTTPCORE_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProxyError, httpx.ProxyError),
)
_CORE_BASES = (
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
)


@contextlib.contextmanager
def _as_httpx_errors() -> Iterator[None]:
    """Re-raise httpcore's exceptions as their httpx counterparts (as httpx's transport does)."""
    try:
        yield
    except _CORE_BASES as err:
        for core, mapped in _HTTPCORE_ERRORS:
            if isinstance(err, core):
                raise mapped(str(err)) from err
        raise


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport whose connections obey the current thread's `Attempt`."""

    def __init__(self, limits: httpx.Limits) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` over a guarded connection; the body is streamed."""
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,  # type: ignore[arg-type]
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),  # type: ignore[arg-type]
            extensions=response.extensions,
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self._pool.close()
