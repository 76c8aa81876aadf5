"""Undo a response's Content-Encoding incrementally, with bounded output per step.

A compressed body can expand a thousand-fold per layer (a 13 KB `gzip, gzip` body inflates to
8 GiB), so the fetcher reads the raw stream and inflates it here: every layer hands on at most
`PIECE_BYTES` at a time, and the caller counts the decoded bytes against its cap as they are
produced. At most `MAX_CONTENT_ENCODINGS` layers of gzip or deflate are accepted.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from pipeline.core.errors import RadarError
from pipeline.core.limits import MAX_CONTENT_ENCODINGS

PIECE_BYTES = 64 * 2**10
ACCEPT_ENCODING = "gzip, deflate"
_GZIP_OR_ZLIB = 32 + zlib.MAX_WBITS  # zlib detects a gzip or zlib header
_RAW_DEFLATE = -zlib.MAX_WBITS
_CODINGS = ("gzip", "x-gzip", "deflate")


class DecodeError(RadarError):
    """A body cannot be decoded (unknown or too many encodings, corrupt compressed data)."""


class _Layer:
    """One gzip or deflate layer, inflated at most PIECE_BYTES per call."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._inflate = zlib.decompressobj(_GZIP_OR_ZLIB)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Inflate `data`, yielding pieces of at most PIECE_BYTES (b"" drains what is pending)."""
        while not self._inflate.eof:  # bytes after the end of the stream are ignored
            try:
                out = self._inflate.decompress(data, PIECE_BYTES)
            except zlib.error as err:
                if self.coding == "deflate" and not self._started:
                    # Servers often send raw deflate for "deflate"; httpx falls back the same way.
                    self._inflate = zlib.decompressobj(_RAW_DEFLATE)
                    self._started = True
                    continue
                raise DecodeError(f"cannot decode {self.coding} body ({err})") from err
            self._started = True
            if out:
                yield out
            data = self._inflate.unconsumed_tail
            if not data and len(out) < PIECE_BYTES:
                return


class ContentDecoder:
    """Decode a body sent with `Content-Encoding: <header>`, piece by piece.

    Raises:
        DecodeError: (at construction) an encoding other than gzip, deflate or identity, or
            more than MAX_CONTENT_ENCODINGS of them; (while feeding) corrupt compressed data.
    """

    def __init__(self, header: str | None) -> None:
        codings = [c.strip().lower() for c in (header or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        for coding in codings:
            if coding not in _CODINGS:
                raise DecodeError(f"unsupported Content-Encoding {coding!r}")
        if len(codings) > MAX_CONTENT_ENCODINGS:
            raise DecodeError(
                f"{len(codings)} content encodings ({header}); at most {MAX_CONTENT_ENCODINGS}"
            )
        # Encodings are listed in the order they were applied: undo the last one first.
        self._layers = [_Layer(c) for c in reversed(codings)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces (each at most PIECE_BYTES unless not encoded) of raw body bytes."""
        return self._through(0, data)

    def finish(self) -> Iterator[bytes]:
        """Decoded pieces still pending in the layers at the end of the body."""
        for index in range(len(self._layers)):
            for piece in self._layers[index].feed(b""):
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._layers):
            if data:
                yield data
            return
        for piece in self._layers[index].feed(data):
            yield from self._through(index + 1, piece)
