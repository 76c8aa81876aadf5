"""Shared fixtures: a fresh RADAR_HOME and a scripted local HTTP server (never the internet)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same cases on every run (deterministic suite); the benchmark
# benchmarks/fuzz_parsers.py explores with fresh seeds.
settings.register_profile("repo", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("repo")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty home directory, also set as RADAR_HOME."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("RADAR_HOME", str(path))
    return path


@dataclass(frozen=True)
class Reply:
    """One scripted HTTP response.

    `delay` sleeps before anything is sent; `content_length` overrides the Content-Length
    header (larger than the body = a truncated response); `send_length=False` sends no
    Content-Length and ends the body by closing the connection.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_length: int | None = None
    send_length: bool = True


@dataclass(frozen=True)
class Request:
    """A request the server received."""

    path: str
    headers: dict[str, str]


Route = Reply | Callable[[Request], Reply]


class LocalServer:
    """Scripted routes on 127.0.0.1: each request to a path takes the next reply of its route
    (the last one repeats); unknown paths get 404. Every request is recorded."""

    Reply = Reply

    def __init__(self) -> None:
        self.routes: dict[str, list[Route]] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        # A short poll interval makes shutdown() (every teardown) take ~10 ms, not 0.5 s.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def route(self, path: str, *replies: Route) -> str:
        """Script `path` (e.g. "/feed.atom") to answer with `replies`; return its full URL."""
        with self._lock:
            self.routes[path] = list(replies)
        return self.url(path)

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()

    def close(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        """Full URL of `path` on this server."""
        return self.base_url + path

    def requests_to(self, path: str) -> list[Request]:
        """The recorded requests to `path`, in order."""
        with self._lock:
            return [r for r in self.requests if r.path.partition("?")[0] == path]

    def next_reply(self, request: Request) -> Reply:
        """Record `request` and return the reply scripted for its path."""
        with self._lock:
            self.requests.append(request)
            replies = self.routes.get(request.path.partition("?")[0])  # query-free routes
            if not replies:
                return Reply(404, b"not found")
            route = replies.pop(0) if len(replies) > 1 else replies[0]
        return route(request) if callable(route) else route


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: clients in tests hang up on purpose (timeouts, size caps)."""


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reply = server.next_reply(Request(self.path, dict(self.headers.items())))
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.send_length:
                length = len(reply.body) if reply.content_length is None else reply.content_length
                self.send_header("Content-Length", str(length))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(reply.body)
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            """Keep test output clean."""

    return Handler


@pytest.fixture
def local_http_server() -> Iterator[LocalServer]:
    """A LocalServer on a free port, shut down after the test."""
    server = LocalServer()
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home where `radar run --sample` ran once (shared by the end-to-end tests)."""
    from pipeline import cli

    home = tmp_path_factory.mktemp("sample-home")
    assert cli.main(["run", "--sample", "--home", str(home)]) == cli.EXIT_OK
    return home


@pytest.fixture(scope="session")
def empty_warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse file with the schema applied once (applying it takes ~1 s); copy it."""
    from pipeline.core import warehouse

    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    with warehouse.connect(path):
        pass
    return path


@pytest.fixture
def schema_con(empty_warehouse_file: Path, tmp_path: Path) -> Iterator:
    """A connection (UTC, read-write) to a fresh copy of the empty warehouse."""
    import shutil

    import duckdb

    from pipeline.core import warehouse

    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(empty_warehouse_file, path)
    connection = duckdb.connect(str(path))
    warehouse.prepare_connection(connection, read_only=True)  # UTC; schema already there
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def new_york_tz() -> Iterator[None]:
    """Run the test with the process time zone set to America/New_York."""
    import os
    import time as time_module

    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time_module.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time_module.tzset()
