"""Bulk parsing of social payloads into a polars frame (large JSON Lines files in C speed).

`parse_social_frame` returns the same posts, quarantine and paging state as
`pipeline.parse.social.parse_social`, with the posts as a frame (`POST_SCHEMA`). For JSON Lines
payloads of at least `BULK_MIN_LINES` lines it splits the lines and extracts every item's
fields with DuckDB's JSON functions (`sql/parse/parse_social_lines.sql`, one JSON parse per line,
multi-threaded) and cleans the texts with polars string expressions. Only ordinary items take
that path; a line the bulk rules cannot reproduce exactly (not JSON, a whole page, an unknown
shape, a deleted post, a field of an unexpected type, an unusual timestamp or id, a Mastodon
reblog, Bluesky facets, HTML beyond simple tags, entities other than the common ones, a text
that is empty after cleaning, a time outside the plausible range, a line that is not UTF-8)
goes through the per-record parser (pipeline.parse.social_items), so the result is the same
as `parse_social`'s, line for line (tests/parse/test_social_bulk.py and the differential fuzz
test tests/parse/test_social_fuzz.py compare them). Any failure of the bulk path sends the
whole payload (block) to the per-record parser: the bulk path is only a faster way to the
same result. The safety limits (text caps, safe URLs, plausible times) are those of
social_items, written as polars expressions and SQL conditions.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import duckdb
import polars as pl

from pipeline.core.errors import ParseError
from pipeline.core.limits import EARLIEST_PLAUSIBLE, FUTURE_SLACK, MAX_BODY_CHARS, MAX_URL_CHARS
from pipeline.core.models import Post, Quarantined, Source
from pipeline.core.warehouse import duckdb_config, load_sql
from pipeline.parse.detect import payload_hint
from pipeline.parse.html_text import normalize_language
from pipeline.parse.social import (
    BLANK,
    iter_json_lines,
    json_line_value,
    page_format,
    parse_json_lines,
    parse_social,
)
from pipeline.parse.social_items import (
    CLEANED_CONTROLS,
    JSONL,
    MARKDOWN_LINK,
    MAX_AUTHOR_CHARS,
    SAFE_URL,
    URL_PATTERN,
    PostCollector,
    item_format,
)

if TYPE_CHECKING:  # imported where used: a run with no new social payload needs neither
    import numpy as np
    import pyarrow as pa

logger = logging.getLogger(__name__)

BULK_MIN_LINES = 2_000
"""JSON Lines payloads with fewer lines are parsed record by record (same result, less setup)."""
BLOCK_BYTES = 32 * 2**20
"""Larger JSON Lines payloads are parsed (and loaded) in blocks of about this size: parsing a
block takes about 9x its size at the peak (~290 MiB for 32 MiB), and smaller blocks cost more
time to store (benchmarks/bench_social_memory.py)."""
_BATCH_LINES = 8_192

POST_SCHEMA: dict[str, pl.DataType] = {
    "post_id": pl.String(),
    "platform": pl.String(),
    "created_at": pl.Datetime("us", "UTC"),
    "author": pl.String(),
    "text": pl.String(),
    "url": pl.String(),
    "language": pl.String(),
    "kind": pl.String(),
    "thread_id": pl.String(),
    "score": pl.Int32(),
    "source": pl.String(),
}
"""Columns of a parsed posts frame: the fields of `pipeline.core.models.Post` except native_id."""
_EMPTY_FAST = pl.DataFrame(schema={**POST_SCHEMA, "n": pl.Int64()})

# The entities HN, Reddit and Mastodon write; a text with any other '&' goes record by record.
_ENTITIES = {
    "&amp;": "&",
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&#x27;": "'",
    "&#39;": "'",
    "&apos;": "'",
    "&#x2F;": "/",
    "&#x2f;": "/",
    "&#47;": "/",
    "&nbsp;": "\u00a0",
}
_ENTITY_PATTERN = "|".join(_ENTITIES)
# Tags the bulk path strips: block tags become a space, inline tags nothing (as html_to_text).
_BLOCK = "p|div|br|hr|li|ul|ol|blockquote|pre|h[1-6]"
_INLINE = "a|i|em|b|strong|code|span|u|s|del|ins|sub|sup|small|tt|mark|abbr|cite|q|strike"
_ATTRS = r"""(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?/?>"""
_BLOCK_TAG = rf"(?i)</?(?:{_BLOCK}){_ATTRS}"
_INLINE_TAG = rf"(?i)</?(?:{_INLINE}){_ATTRS}"
_ANY_TAG = rf"(?i)</?(?:{_BLOCK}|{_INLINE}){_ATTRS}"
_MARKUP = r"<[A-Za-z!/?]"  # html_to_text parses a text as HTML only when this matches


def _lines_table(payload: bytes, first_line: int, skip: int = 0) -> tuple[pa.Table, np.ndarray]:
    """Arrow table (n, line): every line of the payload after its first `skip` bytes (a BOM),
    n counted from `first_line` as `bytes.split(b'\\n')` counts them, each line with its
    newline (JSON whitespace), in batches of `_BATCH_LINES` lines (DuckDB scans the batches on
    all threads), and the line offsets (line i is payload[offsets[i]:offsets[i + 1]]). The
    lines are views into the payload (no copy); a line that is not UTF-8 is null (left to the
    per-record parser, which reads invalid UTF-8 as U+FFFD).
    """
    import numpy as np
    import pyarrow as pa

    ends = np.flatnonzero(np.frombuffer(payload, dtype=np.uint8) == ord("\n")) + 1
    offsets = np.concatenate(([skip], ends, [len(payload)])).astype(np.int64)
    buffers = [pa.py_buffer(offsets), pa.py_buffer(payload)]
    lines = pa.Array.from_buffers(pa.large_string(), len(offsets) - 1, [None, *buffers])
    try:
        lines.validate(full=True)  # UTF-8
    except pa.ArrowInvalid:  # rare: find the bad lines one by one
        view = memoryview(payload)
        valid = np.array([_is_utf8(view[a:b]) for a, b in itertools.pairwise(offsets.tolist())])
        mask = pa.py_buffer(np.packbits(valid, bitorder="little"))
        lines = pa.Array.from_buffers(
            pa.large_string(), len(valid), [mask, *buffers], null_count=int((~valid).sum())
        )
        lines.validate(full=True)
    numbers = pa.array(np.arange(first_line, first_line + len(lines), dtype=np.int64))
    table = pa.table({"n": numbers, "line": lines})
    table = pa.Table.from_batches(table.to_batches(max_chunksize=_BATCH_LINES), table.schema)
    return table, offsets


def _is_utf8(data: memoryview) -> bool:
    try:
        str(data, "utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _unescape(expr: pl.Expr) -> pl.Expr:
    """html.unescape for texts whose every '&' starts one of `_ENTITIES` (single pass)."""
    return expr.str.replace_many(list(_ENTITIES), list(_ENTITIES.values()))


def _entities_known(expr: pl.Expr) -> pl.Expr:
    return expr.str.count_matches("&", literal=True) == expr.str.count_matches(_ENTITY_PATTERN)


_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # as CLEANED_CONTROLS
assert CLEANED_CONTROLS.pattern == f"[{_CONTROL_CLASS}]"
assert URL_PATTERN.pattern == r"(?:https?://|www\.)[^\s<>\"']+"
assert URL_PATTERN.flags & re.IGNORECASE
# A URL as URL_PATTERN, ending also at a control character (as it would once that became a space).
_URL_TO_CONTROL = r"(?i)(?:https?://|www\.)[^\s<>\"'" + _CONTROL_CLASS + "]+"
# Runs of whitespace and controls, except single spaces (they would be replaced by themselves).
_SPACE_RUN = rf"(?:[^\S ]|[{_CONTROL_CLASS}])[\s{_CONTROL_CLASS}]*|[\s{_CONTROL_CLASS}]{{2,}}"


def _plain(expr: pl.Expr) -> pl.Expr:
    """clean_text's last step: controls and URLs become spaces, whitespace collapsed (two
    regex passes: the URLs, then the runs of whitespace and controls)."""
    return (
        expr.str.replace_all(_URL_TO_CONTROL, " ")
        .str.replace_all(_SPACE_RUN, " ")
        .str.strip_chars(" ")
    )


def _only(cond: pl.Expr, expr: pl.Expr) -> pl.Expr:
    """`expr` where `cond` holds, else null: a string function applied to it then runs on
    those rows only (nulls are skipped)."""
    return pl.when(cond).then(expr)


def _with_clean_text(frame: pl.LazyFrame, column: str, mode: str) -> pl.LazyFrame:
    """Add `clean`: the text of `column` cleaned as clean_text cleans it in the row's `mode`
    ('plain', 'markdown' or 'markup'), and `ok`: whether the bulk rules give exactly that (not
    when the text has an '&' other than the common entities (markdown, markup), HTML other
    than simple tags or control characters in HTML (markup)). Plain: controls, URLs,
    whitespace; markdown: entities, then links; markup: simple tags (when it looks like HTML),
    then entities. Each step runs only on the rows it concerns, once (a column per step: an
    expression used twice may be computed twice)."""
    text, kind = pl.col(column), pl.col(mode)
    frame = frame.with_columns(
        _markup=(kind == "markup") & text.str.contains(_MARKUP),
        _entities=(kind != "plain") & text.str.contains("&", literal=True),
    )
    html = _only(pl.col("_markup"), text)
    frame = frame.with_columns(
        _stripped=pl.coalesce(
            html.str.replace_all(_BLOCK_TAG, " ").str.replace_all(_INLINE_TAG, ""), text
        ),
        _simple=(
            (html.str.count_matches("<", literal=True) == html.str.count_matches(_ANY_TAG))
            & ~html.str.contains(CLEANED_CONTROLS.pattern)
        ).fill_null(True),
        _amp_ok=_entities_known(_only(pl.col("_entities"), text)).fill_null(True),
    )
    stripped = pl.col("_stripped")
    frame = frame.with_columns(
        _decoded=pl.coalesce(_unescape(_only(pl.col("_entities"), stripped)), stripped)
    )
    decoded = pl.col("_decoded")
    linked = _only(kind == "markdown", decoded).str.replace_all(MARKDOWN_LINK.pattern, " ${1} ")
    return frame.with_columns(
        clean=_plain(pl.coalesce(linked, decoded)), ok=pl.col("_amp_ok") & pl.col("_simple")
    ).drop("_markup", "_entities", "_stripped", "_simple", "_amp_ok", "_decoded")


def _opt_str(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.strip_chars().str.len_chars() > 0).then(expr)


def _languages(raw: pl.Series) -> pl.Series:
    """normalize_language over a column (each distinct value computed once)."""
    distinct = raw.drop_nulls().unique().to_list()
    mapping = {value: normalize_language(value) for value in distinct}
    return raw.replace_strict(mapping, default=None, return_dtype=pl.String)


def _fast_posts(rows: pl.DataFrame, source: str) -> pl.DataFrame:
    """Posts from the bulk-extracted rows (sorted by line); rows whose texts the bulk rules
    cannot clean exactly (or that clean to nothing) are left out (they go record by record)."""
    text1, text2 = pl.col("text1"), pl.col("clean")
    joined = pl.concat_str(
        [pl.when(text1 != "").then(text1), pl.when(text2 != "").then(text2)],
        separator=" ",
        ignore_nulls=True,
    )
    if not rows["n"].is_sorted():  # DuckDB keeps the line order: no sort needed
        rows = rows.sort("n")
    posts = (
        _with_clean_text(rows.lazy().filter("fast"), "part2", "mode2")
        .with_columns(_plain(pl.col("part1")).alias("text1"))
        .with_columns(joined.alias("text"))
        .filter(pl.col("ok") & (pl.col("text") != ""))
    )
    native = pl.col("native_id")
    platform = pl.col("platform")
    hn, reddit, bluesky = platform == "hn", platform == "reddit", platform == "bluesky"
    # each platform's rules run on its own rows only (other rows are null: skipped)
    bsky_id = _only(bluesky, native)
    handle = _opt_str(_only(bluesky, pl.col("b_handle")))
    did_in_uri = bsky_id.str.strip_prefix("at://").str.split("/").list.get(0)
    profile = pl.when(handle.is_not_null() & (handle != "handle.invalid")).then(handle)
    profile = profile.otherwise(did_in_uri)
    rkey = bsky_id.str.split("/").list.last()
    permalink = _opt_str(_only(reddit, pl.col("permalink")))
    author = _opt_str(pl.col("author_raw"))
    thread = pl.col("thread_raw")
    thread = pl.coalesce(_only(reddit, thread).str.strip_prefix("t3_"), thread)
    thread_ok = thread.is_not_null() & (thread != "")
    thread_ok = thread_ok & (platform.is_in(["reddit", "mastodon"]) | (thread != native))
    return (
        posts.select(
            pl.concat_str([platform, pl.lit(":"), native]).alias("post_id"),
            platform,
            pl.col("created_at").cast(pl.Datetime("us", "UTC")),
            pl.when(reddit)
            .then(pl.when(author != "[deleted]").then(author))
            .when(bluesky)
            .then(pl.when(handle.is_not_null()).then(profile).otherwise(_opt_str(pl.col("b_did"))))
            .otherwise(author)
            .alias("author"),
            pl.col("text"),
            pl.when(hn)
            .then(pl.concat_str([pl.lit("https://news.ycombinator.com/item?id="), native]))
            .when(reddit)
            .then(
                pl.when(permalink.str.starts_with("/")).then(
                    pl.concat_str([pl.lit("https://www.reddit.com"), permalink])
                )
            )
            .when(bluesky)
            .then(
                pl.concat_str(
                    [pl.lit("https://bsky.app/profile/"), profile, pl.lit("/post/"), rkey]
                )
            )
            .otherwise(
                pl.coalesce(
                    _safe_url(_opt_str(_only(platform == "mastodon", pl.col("m_url")))),
                    _safe_url(_opt_str(_only(platform == "mastodon", pl.col("m_uri")))),
                )
            )
            .alias("url"),
            pl.col("language_raw").alias("language"),
            pl.col("kind"),
            pl.when(thread_ok)
            .then(pl.concat_str([platform, pl.lit(":"), thread]))
            .alias("thread_id"),
            pl.col("score").cast(pl.Int32),
            pl.lit(source, dtype=pl.String).alias("source"),
            pl.col("n"),
        )
        .with_columns(
            _languages_expr(),
            pl.col("text").str.slice(0, MAX_BODY_CHARS),
            pl.col("author").str.slice(0, MAX_AUTHOR_CHARS),
            _safe_url(pl.col("url")),
        )
        .collect()
    )


def _safe_url(url: pl.Expr) -> pl.Expr:
    """social_items.safe_url: the URL when it is plain http(s) within the cap, else null."""
    safe = url.str.contains(f"^(?:{SAFE_URL.pattern})$") & (url.str.len_chars() <= MAX_URL_CHARS)
    return pl.when(safe).then(url)


def _languages_expr() -> pl.Expr:
    return pl.col("language").map_batches(_languages, return_dtype=pl.String)


def posts_frame(posts: Sequence[Post]) -> pl.DataFrame:
    """`Post` objects as a frame with `POST_SCHEMA` columns (in order), built column by column
    (one frame however many posts)."""
    columns = {k: [getattr(p, k) for p in posts] for k in POST_SCHEMA}
    return pl.DataFrame(columns, schema=POST_SCHEMA)


@dataclass(slots=True)
class SocialFrameResult:
    """Like `SocialParseResult`, with the posts as a `POST_SCHEMA` frame."""

    format: str
    posts: pl.DataFrame
    quarantined: list[Quarantined]
    next_cursor: str | None
    newest: str | None


_NON_SPACE = re.compile(rb"\S")


def _is_json_lines(payload: bytes) -> bool:
    """True when the payload's first line is a JSON object and more content follows (so it is
    not one JSON document: `parse_social` reads such a payload as JSON Lines too)."""
    start = 3 if payload.startswith(b"\xef\xbb\xbf") else 0
    end = payload.find(b"\n", start)
    if end < 0 or _NON_SPACE.search(payload, end) is None:  # no copy of the rest
        return False
    return isinstance(json_line_value(payload[start:end]), dict)


def parse_social_frame(
    payload: bytes,
    source: Source,
    *,
    now: datetime | None = None,
    bulk_min_lines: int = BULK_MIN_LINES,
) -> SocialFrameResult:
    """Parse one social payload like `parse_social`, returning the posts as a polars frame.

    Large JSON Lines payloads (`bulk_min_lines` lines or more) are parsed in bulk; the result
    equals `parse_social`'s (same posts in the same order, same quarantine, same paging). Any
    failure of the bulk path falls back to `parse_social` for the payload. `now` is the run's
    time (default: the current time), as for `parse_social`.

    Raises:
        ParseError: as `parse_social` (the payload is not JSON (Lines) of a known shape).
    """
    now = now or datetime.now(UTC)
    if (
        source.format in ("auto", JSONL)
        and has_lines(payload, bulk_min_lines)
        and _is_json_lines(payload)
    ):
        result = _parse_lines_bulk(payload, source, now)
        if result is not None:
            return result
    parsed = parse_social(payload, source, now=now)
    return SocialFrameResult(
        parsed.format,
        posts_frame(parsed.posts),
        parsed.quarantined,
        parsed.next_cursor,
        parsed.newest,
    )


def parse_social_blocks(
    payload: bytes | Path,
    source: Source,
    *,
    now: datetime | None = None,
    block_bytes: int | None = None,
    bulk_min_lines: int = BULK_MIN_LINES,
) -> Iterator[SocialFrameResult]:
    """Parse one social payload like `parse_social_frame`, a large JSON Lines payload in
    blocks of about `block_bytes` (cut at line ends), one result per block, so that memory
    stays bounded however large the file.

    A payload of at most `block_bytes` (or not JSON Lines) gives one result, that of
    `parse_social_frame`. In a larger one, the first block decides the format (it raises
    `ParseError` as `parse_social` does when it holds no known item); the lines of the
    following blocks are parsed as JSON Lines items whatever they hold (a bad line is
    quarantined, named by its line number in the whole payload). A post repeated in a later
    block comes again in that block's result. A block the bulk path fails on is parsed
    record by record (one posts frame for the block). `block_bytes` defaults to
    `BLOCK_BYTES`; `now` as for `parse_social`.

    `payload` may be a file's path instead of its bytes (same results): a large JSON Lines
    file is then read one block at a time, so memory does not grow with the file; a file that
    is not split (small, or not JSON Lines) is read whole.

    Raises:
        ParseError: as `parse_social` for the first block, or the file cannot be read.
    """
    now = now or datetime.now(UTC)
    block_bytes = BLOCK_BYTES if block_bytes is None else block_bytes
    try:
        size = payload.stat().st_size if isinstance(payload, Path) else len(payload)
        whole = (
            size <= block_bytes
            or source.format not in ("auto", JSONL)
            or not (_file_is_json_lines if isinstance(payload, Path) else _is_json_lines)(payload)
        )
        if whole and isinstance(payload, Path):
            payload = payload.read_bytes()
    except OSError as err:
        raise ParseError(source.name, "payload", f"cannot read the file: {err}") from err
    if whole:
        yield parse_social_frame(payload, source, now=now, bulk_min_lines=bulk_min_lines)
        return
    for first_line, block in _read_blocks(payload, block_bytes, source):
        first = first_line == 1
        result = None
        if has_lines(block, bulk_min_lines):
            result = _parse_lines_bulk(block, source, now, first_line, require_known=first)
        if result is None:
            if first and not _any_known(iter_json_lines(block, first_line)):
                # as parse_social: not a social payload
                hint = payload_hint(block)
                raise ParseError(source.name, "payload", f"not a known social JSON shape: {hint}")
            result = _combine(_EMPTY_FAST, iter_json_lines(block, first_line), source, now)
        yield result


def has_lines(payload: bytes, lines: int) -> bool:
    """True when the payload has at least `lines` lines (as `split(b'\\n')` counts them),
    found without counting every line of a large payload."""
    at = -1
    for _ in range(lines - 1):
        at = payload.find(b"\n", at + 1)
        if at < 0:
            return False
    return True


def split_blocks(payload: bytes | Path, block_bytes: int) -> Iterator[tuple[int, bytes]]:
    """(number of its first line, block) for blocks of at least `block_bytes` bytes (the last
    may be shorter), each ending after a newline or at the end of the payload. A path's file
    is read block by block (the same blocks as its bytes would give).

    Raises:
        OSError: the file cannot be read.
    """
    if isinstance(payload, Path):
        yield from _file_blocks(payload, block_bytes)
        return
    start, first_line = 0, 1
    while start < len(payload):
        cut = payload.find(b"\n", start + max(block_bytes, 1) - 1)
        end = len(payload) if cut < 0 else cut + 1
        block = payload[start:end]
        yield first_line, block
        first_line += block.count(b"\n")
        start = end


_PIECE_BYTES = 2**20


def _file_blocks(path: Path, block_bytes: int) -> Iterator[tuple[int, bytes]]:
    """split_blocks over a file, by offsets: find where the block ends (the first newline once
    it holds `block_bytes` bytes), then read the block in one piece (one copy in memory)."""
    block_bytes, first_line, start = max(block_bytes, 1), 1, 0
    with path.open("rb") as handle:
        while True:
            end = _line_end(handle, start + block_bytes - 1)
            handle.seek(start)
            block = handle.read(end - start)
            if not block:
                return
            yield first_line, block
            first_line += block.count(b"\n")
            start += len(block)


def _line_end(handle: BinaryIO, at: int) -> int:
    """The offset just past the first newline at or after `at` (the file's end if none)."""
    handle.seek(at)
    while piece := handle.read(_PIECE_BYTES):
        newline = piece.find(b"\n")
        if newline >= 0:
            return at + newline + 1
        at += len(piece)
    return at


def _file_is_json_lines(path: Path) -> bool:
    """`_is_json_lines` for a file, reading its first line and what follows up to the first
    character that is not a space (not the whole file)."""
    with path.open("rb") as handle:
        parts = [handle.read(_PIECE_BYTES)]
        end = parts[0].find(b"\n")
        while end < 0:  # a first line longer than a piece
            piece = handle.read(_PIECE_BYTES)
            if not piece:
                return False
            at = piece.find(b"\n")
            if at >= 0:
                end = sum(len(p) for p in parts) + at
            parts.append(piece)
        data = b"".join(parts)
        more = _NON_SPACE.search(data, end) is not None
        while not more:
            piece = handle.read(_PIECE_BYTES)
            if not piece:
                return False
            more = _NON_SPACE.search(piece) is not None
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # a BOM holds no newline byte
    return isinstance(json_line_value(data[start:end]), dict)


def _read_blocks(
    payload: bytes | Path, block_bytes: int, source: Source
) -> Iterator[tuple[int, bytes]]:
    """split_blocks, a file that cannot be read raising ParseError for `source`."""
    blocks = split_blocks(payload, block_bytes)
    while True:
        try:
            item = next(blocks, None)
        except OSError as err:
            raise ParseError(source.name, "payload", f"cannot read the file: {err}") from err
        if item is None:
            return
        yield item


def _parse_lines_bulk(
    payload: bytes,
    source: Source,
    now: datetime,
    first_line: int = 1,
    *,
    require_known: bool = True,
) -> SocialFrameResult | None:
    """The bulk JSON Lines path, lines numbered from `first_line`; None when the payload must
    go to the per-record parser as a whole: the bulk path failed (for any reason: it is only
    a faster way to the per-record result), or no known item when `require_known`."""
    try:
        fast, lines = _bulk_posts(payload, source, now, first_line)
    except Exception:  # any failure here means: parse these lines per record (logged)
        logger.warning(
            "%s: bulk parse of lines %d.. failed; parsing them per record",
            source.name,
            first_line,
            exc_info=True,
        )
        return None
    if require_known and fast.height == 0 and not _any_known(lines.values()):
        return None
    return _combine(fast, lines.values(), source, now)


@dataclass(slots=True, frozen=True)
class _SlowLines:
    """The lines of a payload the bulk path left to the per-record parser (by index)."""

    payload: bytes
    offsets: np.ndarray
    indexes: np.ndarray
    first_line: int

    def values(self) -> Iterator[tuple[int, object]]:
        """(line number, value) of each non-blank slow line, decoded one at a time."""
        for i in self.indexes.tolist():
            value = json_line_value(self.payload[self.offsets[i] : self.offsets[i + 1]])
            if value is not BLANK:
                yield self.first_line + i, value


_DATABASE: dict[int, duckdb.DuckDBPyConnection] = {}
_DATABASE_LOCK = threading.Lock()


def _connection() -> duckdb.DuckDBPyConnection:
    """A fresh connection (cursor) to this process's in-memory DuckDB database: opening a
    database costs ~20 ms a payload, a cursor nothing. Registered tables and settings are
    the cursor's own, so threads do not meet. The database has the warehouse's memory_limit
    and threads (`pipeline.core.warehouse.duckdb_config`)."""
    with _DATABASE_LOCK:
        database = _DATABASE.get(os.getpid())  # never a database inherited through fork
        if database is None:
            _DATABASE.clear()
            database = _DATABASE[os.getpid()] = duckdb.connect(config=duckdb_config())
        return database.cursor()


def _bulk_posts(
    payload: bytes, source: Source, now: datetime, first_line: int
) -> tuple[pl.DataFrame, _SlowLines]:
    """The posts the bulk rules give (with their line `n`) and the other lines."""
    with _connection() as con:
        con.execute("SET TimeZone = 'UTC'").fetchall()
        con.execute("SET enable_progress_bar = false").fetchall()
        bom = first_line == 1 and payload.startswith(b"\xef\xbb\xbf")
        lines, offsets = _lines_table(payload, first_line, skip=3 if bom else 0)
        con.register("social_lines", lines)
        fast = _fast_posts(_extract_fields(con, now), source.name)
    import numpy as np

    slow = np.ones(len(offsets) - 1, dtype=bool)
    slow[fast["n"].to_numpy() - first_line] = False
    return fast, _SlowLines(payload, offsets, np.flatnonzero(slow), first_line)


def _combine(
    fast: pl.DataFrame, decoded: Iterable[tuple[int, object]], source: Source, now: datetime
) -> SocialFrameResult:
    """The bulk posts (with their line `n`) and the lines left to the per-record parser, as
    one result in line order, each post once (its first line wins). The per-record posts
    become one frame (never one per line: memory stays that of the block)."""
    collector = PostCollector(source.name, now)
    numbers: list[int] = []
    slow_lines = 0
    for number, value in decoded:
        parse_json_lines([(number, value)], collector)
        numbers.extend([number] * (len(collector.posts) - len(numbers)))
        slow_lines += 1
    posts = fast.select(*POST_SCHEMA, pl.col("n").cast(pl.Int64))
    if collector.posts:  # both in line order (a page line's posts in page order)
        slow = posts_frame(collector.posts).with_columns(n=pl.Series(numbers, dtype=pl.Int64))
        posts = posts.merge_sorted(slow, key="n")
    if posts["post_id"].n_unique() < posts.height:
        posts = posts.unique("post_id", keep="first", maintain_order=True)
    posts = posts.select(*POST_SCHEMA)
    logger.debug("%s: %d posts in bulk, %d lines per record", source.name, fast.height, slow_lines)
    return SocialFrameResult(JSONL, posts, collector.quarantined, None, None)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _extract_fields(con: duckdb.DuckDBPyConnection, now: datetime) -> pl.DataFrame:
    """`sql/parse/parse_social_lines.sql` over social_lines: at first without validating the JSON
    (one parse less per line), again with validation when DuckDB refused a malformed line.
    Times must lie in core.limits' plausible range for `now` (else the line goes per record,
    which quarantines it)."""
    sql = load_sql("parse_social_lines")
    latest = now + FUTURE_SLACK
    params = {
        "earliest": EARLIEST_PLAUSIBLE,
        "latest": latest,
        # integral epochs in range: ceil of the earliest, floor of the latest
        "earliest_epoch": -((_EPOCH - EARLIEST_PLAUSIBLE) // timedelta(seconds=1)),
        "latest_epoch": (latest - _EPOCH) // timedelta(seconds=1),
    }
    try:
        return con.sql(sql, params={**params, "check_valid": False}).pl()
    # DuckDB's message quotes the bad line, cut at a byte count: inside a UTF-8 character,
    # Python cannot decode the message and a UnicodeDecodeError comes instead.
    except (duckdb.InvalidInputException, UnicodeDecodeError):
        return con.sql(sql, params={**params, "check_valid": True}).pl()


def _any_known(decoded: Iterable[tuple[int, object]]) -> bool:
    return any(page_format(v) or item_format(v) for _, v in decoded)
