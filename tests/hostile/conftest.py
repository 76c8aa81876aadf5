"""Fixtures of the hostile tests: the hostile server and a small gzip bomb (built once)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hostile.server import HostileServer, gzip_bomb

BOMB_DECODED_BYTES = 200 * 2**20


@pytest.fixture(scope="session")
def bomb() -> bytes:
    """gzip(gzip(200 MiB of zeros)): about 1 KB on the wire."""
    return gzip_bomb(BOMB_DECODED_BYTES)


@pytest.fixture
def hostile_server(bomb: bytes) -> Iterator[HostileServer]:
    """A HostileServer on a free 127.0.0.1 port, closed after the test."""
    server = HostileServer(bomb=bomb)
    server.start()
    try:
        yield server
    finally:
        server.close()
