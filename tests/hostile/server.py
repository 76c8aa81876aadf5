"""A hostile HTTP server on 127.0.0.1: one path per way a source can misbehave.

Paths: `/slow-body` (headers at once, then one body byte every `drip` seconds), `/slow-headers`
(the status line, then one header byte every `drip` seconds), `/gzip-bomb` (`Content-Encoding:
gzip, gzip` over `bomb`), `/gzip-x3` (three gzip layers), `/huge-length` (Content-Length of a
petabyte, then silence), `/redirect-loop`, `/redirect-private` (to `private_target`),
`/retry-after` (429 with Retry-After: 3600), `/wrong-type` (a PNG). Other paths serve what
`serve` registered, else 404. A stalling reply gives up after `stall_limit` seconds or when
the server closes, so teardown is prompt. Every request path is recorded in `hits`.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
RETRY_AFTER = "3600"


def gzip_bomb(decoded_bytes: int) -> bytes:
    """gzip(gzip(`decoded_bytes` zeros)), built a MiB at a time (200 MiB gives ~ 1 KB)."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(2**20)
    parts = [inner.compress(zeros) for _ in range(decoded_bytes // len(zeros))]
    parts.append(inner.compress(bytes(decoded_bytes % len(zeros))))
    parts.append(inner.flush())
    return gzip.compress(b"".join(parts), 9)


class HostileServer:
    """Misbehaving routes on 127.0.0.1 (see the module docstring); `start`, then `close`."""

    def __init__(self, *, drip: float = 0.1, stall_limit: float = 30.0, bomb: bytes = b"") -> None:
        self.drip = drip
        self.stall_limit = stall_limit
        self.bomb = bomb
        self.private_target = "http://169.254.169.254/latest/meta-data/"
        self.hits: list[str] = []
        self.closing = threading.Event()
        self._files: dict[str, tuple[bytes, str]] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def url(self, path: str) -> str:
        """Full URL of `path` on this server."""
        return self.base_url + path

    def serve(self, path: str, body: bytes, content_type: str = "application/octet-stream") -> str:
        """Serve `body` at `path` (a well-behaved route); return its URL."""
        with self._lock:
            self._files[path] = (body, content_type)
        return self.url(path)

    def hits_to(self, path: str) -> int:
        """How many requests `path` received."""
        with self._lock:
            return sum(1 for hit in self.hits if hit.partition("?")[0] == path)

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()

    def close(self) -> None:
        """Stop stalling replies, stop serving, release the port."""
        self.closing.set()
        self._server.shutdown()
        self._server.server_close()

    def record(self, path: str) -> tuple[bytes, str] | None:
        """Record a request; return the registered file of `path`, if any."""
        with self._lock:
            self.hits.append(path)
            return self._files.get(path.partition("?")[0])

    def stall(self, send: Callable[[bytes], None], piece: bytes) -> None:
        """Send `piece` every `drip` seconds until the client leaves or the limit is reached."""
        give_up = time.monotonic() + self.stall_limit
        while not self.closing.wait(self.drip) and time.monotonic() < give_up:
            try:
                send(piece)
            except OSError:
                return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: the fetcher hangs up on purpose."""


def _handler_for(server: HostileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            served = server.record(self.path)
            route = _ROUTES.get(self.path.partition("?")[0])
            if route is not None:
                route(self, server)
            elif served is not None:
                self.reply(200, served[0], {"Content-Type": served[1]})
            else:
                self.reply(404, b"not found")
            self.close_connection = True

        def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def raw(self, data: bytes) -> None:
            self.wfile.write(data)
            self.wfile.flush()

        def log_message(self, *args: object) -> None:
            """Keep test output clean."""

    return Handler


def _slow_body(handler, server: HostileServer) -> None:
    handler.raw(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    )
    server.stall(handler.raw, b" ")


def _slow_headers(handler, server: HostileServer) -> None:
    handler.raw(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    server.stall(handler.raw, b"a")


def _gzip_bomb(handler, server: HostileServer) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip, gzip"}
    handler.reply(200, server.bomb, headers)


def _gzip_x3(handler, server: HostileServer) -> None:
    body = gzip.compress(gzip.compress(gzip.compress(b'{"incidents": []}')))
    handler.reply(200, body, {"Content-Encoding": "gzip, gzip, gzip"})


def _huge_length(handler, server: HostileServer) -> None:
    handler.raw(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000\r\n\r\n" + bytes(1000))
    server.stall(handler.raw, b"")


def _redirect_loop(handler, server: HostileServer) -> None:
    handler.reply(302, headers={"Location": "/redirect-loop"})


def _redirect_private(handler, server: HostileServer) -> None:
    handler.reply(302, headers={"Location": server.private_target})


def _retry_after(handler, server: HostileServer) -> None:
    handler.reply(429, b"slow down", {"Retry-After": RETRY_AFTER})


def _wrong_type(handler, server: HostileServer) -> None:
    handler.reply(200, PNG, {"Content-Type": "image/png"})


_ROUTES = {
    "/slow-body": _slow_body,
    "/slow-headers": _slow_headers,
    "/gzip-bomb": _gzip_bomb,
    "/gzip-x3": _gzip_x3,
    "/huge-length": _huge_length,
    "/redirect-loop": _redirect_loop,
    "/redirect-private": _redirect_private,
    "/retry-after": _retry_after,
    "/wrong-type": _wrong_type,
}
