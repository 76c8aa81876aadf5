"""The raw archive: every fetched payload under `<home>/raw/<sha[:2]>/<sha>`, by its sha256.

Payloads are streamed to disk as they arrive (`ArchiveWriter`: hashed on the way, never held
whole in memory, refused past a size cap), written to a temporary name and renamed, so readers
never see a partial payload and a payload fetched twice is stored once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from types import TracebackType

from pipeline.core.errors import RadarError

ARCHIVE_DIR = "raw"


class PayloadTooLargeError(RadarError):
    """A payload grew past its size cap while it was being archived."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


class ArchiveWriter:
    """Write one payload into the archive piece by piece, hashing it as it arrives.

    Use as a context manager: `write` pieces, then `commit()` to store the payload under its
    sha256; leaving the block without a commit (an error, a cap) removes the partial file.

    Raises (from `write`):
        PayloadTooLargeError: more than `limit` bytes were written.
    """

    def __init__(self, home: Path, limit: int) -> None:
        self.home = Path(home)
        self.limit = limit
        self.size = 0
        self._hash = hashlib.sha256()
        self._root = self.home / ARCHIVE_DIR
        self._root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self._root, prefix=".incoming-", suffix=".tmp")
        self._tmp = Path(name)
        self._handle = os.fdopen(fd, "wb")

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()

    def write(self, piece: bytes) -> None:
        """Append `piece`, refusing to go past the cap (nothing past it is written)."""
        self.size += len(piece)
        if self.size > self.limit:
            raise PayloadTooLargeError(self.limit)
        self._hash.update(piece)
        self._handle.write(piece)

    def commit(self) -> tuple[str, Path]:
        """Store the payload at `raw/<sha[:2]>/<sha>` unless already there.

        Returns the sha256 and the archive path relative to the home.
        """
        self._handle.close()
        sha = self._hash.hexdigest()
        relative = Path(ARCHIVE_DIR) / sha[:2] / sha
        target = self.home / relative
        if target.exists():
            self._tmp.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._tmp.replace(target)
        return sha, relative

    def discard(self) -> None:
        """Drop the partial payload (nothing happens after a commit)."""
        self._handle.close()
        self._tmp.unlink(missing_ok=True)


def archive_payload(home: Path, payload: bytes) -> tuple[str, Path]:
    """Store `payload` at `raw/<sha[:2]>/<sha>` under `home` unless already there.

    Returns the sha256 and the archive path relative to `home`.
    """
    with ArchiveWriter(home, len(payload)) as writer:
        writer.write(payload)
        return writer.commit()


def archived_file(home: Path, archive_path: Path | str) -> Path:
    """The absolute path of an archived payload, checked to lie inside the raw archive.

    Raises:
        RadarError: the path is not inside the raw archive.
    """
    root = (Path(home) / ARCHIVE_DIR).resolve()
    path = (Path(home) / archive_path).resolve()
    if not path.is_relative_to(root):
        raise RadarError(f"not a raw archive path: {archive_path} (expected {ARCHIVE_DIR}/...)")
    return path


def read_archived(home: Path, archive_path: Path | str) -> bytes:
    """Return the bytes of an archived payload, checking them against their sha256 name.

    Raises:
        RadarError: the path is not inside the raw archive, the file is missing, or its
            content does not match its name.
    """
    path = archived_file(home, archive_path)
    try:
        payload = path.read_bytes()
    except OSError as err:
        raise RadarError(f"cannot read archived payload {archive_path}: {err}") from err
    if hashlib.sha256(payload).hexdigest() != path.name:
        raise RadarError(f"archived payload {archive_path} does not match its sha256")
    return payload
