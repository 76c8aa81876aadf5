"""ingest.decode (bounded inflating of Content-Encoding layers) and ingest.archive (payloads
streamed to disk by sha256)."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from pathlib import Path

import pytest

from pipeline.ingest.archive import ArchiveWriter, PayloadTooLargeError, archive_payload
from pipeline.ingest.decode import PIECE_BYTES, ContentDecoder, DecodeError


def decode(header: str | None, body: bytes, chunk: int = 1000) -> list[bytes]:
    decoder = ContentDecoder(header)
    pieces = [p for i in range(0, len(body), chunk) for p in decoder.feed(body[i : i + chunk])]
    return pieces + list(decoder.finish())


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


DATA = b"incident resolved; " * 20_000


@pytest.mark.parametrize(
    ("header", "body"),
    [
        (None, DATA),
        ("identity", DATA),
        ("gzip", gzip.compress(DATA)),
        ("x-gzip", gzip.compress(DATA)),
        ("deflate", zlib.compress(DATA)),
        ("deflate", raw_deflate(DATA)),
        ("gzip, gzip", gzip.compress(gzip.compress(DATA))),
        ("deflate, gzip", gzip.compress(zlib.compress(DATA))),
        ("GZIP , identity", gzip.compress(DATA)),
    ],
)
def test_encodings_decode_to_the_original(header: str | None, body: bytes) -> None:
    assert b"".join(decode(header, body)) == DATA


def test_every_piece_is_bounded_even_for_a_bomb() -> None:
    bomb = gzip.compress(gzip.compress(bytes(20 * 2**20)))
    decoder = ContentDecoder("gzip, gzip")
    total = 0
    for piece in decoder.feed(bomb):  # the whole bomb in one network read
        assert len(piece) <= PIECE_BYTES
        total += len(piece)
    for piece in decoder.finish():
        assert len(piece) <= PIECE_BYTES
        total += len(piece)
    assert total == 20 * 2**20


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("gzip, gzip, gzip", r"3 content encodings \(gzip, gzip, gzip\); at most 2"),
        ("br", r"unsupported Content-Encoding 'br'"),
        ("gzip, compress", r"unsupported Content-Encoding 'compress'"),
    ],
)
def test_refused_encodings(header: str, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        ContentDecoder(header)


def test_corrupt_gzip_is_a_decode_error() -> None:
    with pytest.raises(DecodeError, match="cannot decode gzip body"):
        decode("gzip", b"\x1f\x8b\x08\x00garbage-not-deflate" * 10)


def test_writer_streams_hashes_and_commits(tmp_path: Path) -> None:
    with ArchiveWriter(tmp_path, 100) as writer:
        writer.write(b"abc")
        writer.write(b"def")
        sha, relative = writer.commit()
    assert sha == hashlib.sha256(b"abcdef").hexdigest()
    assert (tmp_path / relative).read_bytes() == b"abcdef"
    assert [p.name for p in (tmp_path / "raw").iterdir() if p.is_file()] == []  # no temp left


def test_writer_past_the_cap_leaves_nothing(tmp_path: Path) -> None:
    with (
        pytest.raises(PayloadTooLargeError, match="more than 5 bytes"),
        ArchiveWriter(tmp_path, 5) as writer,
    ):
        writer.write(b"abc")
        writer.write(b"def")
    assert [p for p in (tmp_path / "raw").rglob("*") if p.is_file()] == []


def test_same_payload_twice_is_stored_once(tmp_path: Path) -> None:
    first = archive_payload(tmp_path, b"x")
    with ArchiveWriter(tmp_path, 10) as writer:
        writer.write(b"x")
        assert writer.commit() == first
    assert len([p for p in (tmp_path / "raw").rglob("*") if p.is_file()]) == 1
