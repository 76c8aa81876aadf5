"""Parse social payloads (HN Algolia, Reddit, Bluesky, Mastodon, JSON Lines) into posts.

Reads one fetched page and returns `SocialParseResult`: cleaned `Post`s, quarantined records
and the paging state (`next_cursor` for the next, older page; `newest` for the next run).
`page_url` / `since_url` turn that state back into request URLs (pure, no I/O).

Rules (see tests/parse/test_social.py):
- post_id is '<platform>:<native id>'. Native ids: HN objectID/id, Reddit base-36 `id`
  (without the 't3_'/'t1_' prefix; `newest` is still a fullname, for `before=`), Bluesky
  the full at:// uri, Mastodon the status id. `thread_id` uses the same '<platform>:<id>'
  form, so it joins to post_id: HN story_id, Reddit link_id (prefix dropped), Bluesky reply
  root, Mastodon in_reply_to_id.
- Nested shapes are flattened depth-first: HN /items/<id> `children`, Reddit thread arrays
  with `replies` Listings ('more' stubs are skipped).
- Text is plain: HTML (HN, Mastodon) to text, Reddit's entity-escaped markdown unescaped and
  [label](link) reduced to its label, Bluesky link facets removed; then URLs are replaced by
  a space and whitespace collapsed. Emoji are kept. A Mastodon content warning
  (spoiler_text) is prepended to the content; a Reddit/HN story is title + body.
- Mastodon reblogs are replaced by the reblogged status (its id, author and time); a status
  already seen on the page is not emitted twice (no quarantine for duplicates).
- Bad records are quarantined (record_ref = post_id, or '<platform>:#<index>' when the id is
  unusable), never the page: deleted/removed/dead posts, empty text after cleaning, missing or
  implausible timestamps (pipeline.core.limits: before 2005 or after the run's `now` + 1 day),
  wrong types. A payload that is not JSON/JSON Lines or has no known shape raises
  ParseError; nothing else is raised.
- Safety limits (pipeline.core.limits): text and author are cut to their caps; a URL that is
  not plain http(s) (javascript:, data:, ...) or longer than the URL cap is stored as NULL
  (the raw value stays in the raw archive only).
- Invalid UTF-8 inside JSON strings is read as U+FFFD (the record is kept); a page that is
  still not JSON is refused with "invalid UTF-8 at byte N" (N counted from 0); a JSON Lines
  line that is still not JSON is quarantined with that reason.
"""

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.core.errors import ParseError
from pipeline.core.models import SOCIAL_FORMATS, Post, Quarantined, SocialParseResult, Source
from pipeline.parse.detect import payload_hint
from pipeline.parse.social_items import (
    BLUESKY,
    HN,
    JSONL,
    MASTODON,
    REDDIT,
    PostCollector,
    item_format,
    json_object,
    native_id,
    optional_int,
    optional_text,
)

_NUMERIC_ID = re.compile(r"\d{1,30}")
_BOM = b"\xef\xbb\xbf"

logger = logging.getLogger(__name__)


# --- shapes -----------------------------------------------------------------------------------


def page_format(document: object) -> str | None:
    """Name the format of a whole page document, or None."""
    if isinstance(document, dict):
        if isinstance(document.get("hits"), list):
            return HN
        if document.get("kind") == "Listing" and isinstance(document.get("data"), dict):
            return REDDIT
        if isinstance(document.get("posts"), list):
            return BLUESKY
        if isinstance(document.get("children"), list) and item_format(document) == HN:
            return HN
        return None
    if isinstance(document, list) and document and isinstance(document[0], dict):
        first = document[0]
        if first.get("kind") == "Listing" and isinstance(first.get("data"), dict):
            return REDDIT
        if item_format(first) == MASTODON:
            return MASTODON
    return None


def _format_of(document: object) -> str | None:
    page = page_format(document)
    if page is not None:
        return page
    return JSONL if item_format(document) is not None else None


@dataclass(slots=True, frozen=True)
class NotJson:
    """The value of a JSON Lines line that does not decode; `reason` goes to quarantine."""

    reason: str = "not JSON"


NOT_JSON = NotJson()
"""Stands for the value of a JSON Lines line that does not decode (see `decode_json_lines`)."""


BLANK = object()
"""Stands for a blank JSON Lines line (skipped; see `json_line_value`)."""


def invalid_utf8_at(data: bytes) -> int | None:
    """Offset (from 0) of the first byte of `data` that is not UTF-8, or None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start
    return None


def loads_replacing(data: bytes) -> tuple[object, int | None]:
    """(JSON value of `data`, offset of its first invalid UTF-8 byte or None), invalid UTF-8
    read as U+FFFD; the value is `NotJson` when `data` is not JSON (even so)."""
    try:
        return json.loads(data), None
    except UnicodeDecodeError:
        pass
    except (ValueError, RecursionError):
        return NOT_JSON, None
    at = invalid_utf8_at(data)
    try:  # json.loads(bytes) guessed UTF-8: a UTF-16/32 payload would have decoded
        return json.loads(data.removeprefix(_BOM).decode("utf-8", "replace")), at
    except (ValueError, RecursionError):
        return NotJson(f"not JSON: invalid UTF-8 at byte {at}"), at


def json_line_value(raw: bytes) -> object:
    """The value of one JSON Lines line (`NotJson` when it does not decode), `BLANK` when blank.

    Invalid UTF-8 inside a JSON string is read as U+FFFD; a line that is still not JSON is
    `NotJson` with reason 'not JSON: invalid UTF-8 at byte N' (N counted in the line)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:  # one bad line does not sink the others
        line = raw.decode("utf-8", "replace")
        try:
            return json.loads(line)
        except (ValueError, RecursionError):
            return NotJson(f"not JSON: invalid UTF-8 at byte {err.start}")
    if not line.strip():
        return BLANK
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return NOT_JSON


def iter_json_lines(payload: bytes, first_line: int = 1) -> Iterator[tuple[int, object]]:
    """Every non-blank line of a JSON Lines payload: (line number counted from `first_line`,
    decoded value or `NotJson`), one at a time (see `json_line_value`). A UTF-8 BOM opening
    the payload is skipped when `first_line` is 1."""
    if first_line == 1:
        payload = payload.removeprefix(_BOM)
    start, number = 0, first_line
    # Split on '\n' only: str.splitlines() would also split at U+2028 inside JSON strings.
    while start <= len(payload):
        end = payload.find(b"\n", start)
        end = len(payload) if end < 0 else end
        value = json_line_value(payload[start:end])
        if value is not BLANK:
            yield number, value
        start, number = end + 1, number + 1


def decode_json_lines(payload: bytes, first_line: int = 1) -> list[tuple[int, object]]:
    """`iter_json_lines` as a list."""
    return list(iter_json_lines(payload, first_line))


def _json_lines(payload: bytes) -> list[tuple[int, object]] | None:
    """Decode JSON Lines: [(line number, value or `NOT_JSON`)], else None (the first line is
    not a JSON object, or no line holds a known item)."""
    lines = decode_json_lines(payload)
    if not lines or not isinstance(lines[0][1], dict):
        return None
    known = any(page_format(v) or item_format(v) for _, v in lines)
    return lines if known else None


def _decode(payload: bytes) -> tuple[str | None, Any, int | None]:
    """Return (format, document, offset of the first invalid UTF-8 byte or None); JSON Lines
    documents are lists of (line, value).

    Invalid UTF-8 inside JSON strings reads as U+FFFD; a payload that is not JSON even so is
    tried as JSON Lines, else the document is its `NotJson` (None when it is UTF-8)."""
    document, bad_at = loads_replacing(payload)
    if isinstance(document, NotJson):
        lines = _json_lines(payload)
        if lines is not None:
            return JSONL, lines, None  # each line says what it could not read
        return None, None if bad_at is None else document, bad_at
    fmt = _format_of(document)
    if fmt == JSONL:
        return JSONL, [(1, document)], bad_at
    return fmt, document, bad_at


def detect_social_format(payload: bytes) -> str | None:
    """Return the social format of a payload ('hn_algolia', 'reddit', ... 'jsonl') or None.

    Never raises. An empty JSON array is None (name the format in the catalog to accept it).
    """
    return _decode(payload)[0]


# --- page walkers -----------------------------------------------------------------------------


def _hn_nodes(document: dict[str, Any]) -> Iterator[object]:
    if isinstance(document.get("hits"), list):
        yield from document["hits"]
        return
    stack: list[object] = [document]
    while stack:  # iterative: reply trees may be deep
        node = stack.pop()
        yield node
        children = json_object(node).get("children")
        if isinstance(children, list):
            stack.extend(reversed(children))


def _reddit_nodes(document: object) -> Iterator[object]:
    listings = document if isinstance(document, list) else [document]
    stack: list[object] = []
    for listing in reversed(listings):
        children = json_object(json_object(listing).get("data")).get("children")
        if isinstance(children, list):
            stack.extend(reversed(children))
    while stack:
        child = stack.pop()
        if json_object(child).get("kind") == "more":
            continue  # "load more comments" stub: ids only, no content
        yield child
        replies = json_object(json_object(json_object(child).get("data")).get("replies"))
        children = json_object(replies.get("data")).get("children")
        if isinstance(children, list):
            stack.extend(reversed(children))


def page_nodes(fmt: str, document: Any) -> Iterator[object]:
    """Yield the items of a page document of format `fmt`, nested replies depth-first."""
    if fmt == HN:
        yield from _hn_nodes(document)
    elif fmt == REDDIT:
        yield from _reddit_nodes(document)
    elif fmt == BLUESKY:
        yield from document["posts"]
    else:
        yield from document


def _next_cursor(fmt: str, document: Any) -> str | None:
    if fmt == HN:
        page, pages = optional_int(document.get("page")), optional_int(document.get("nbPages"))
        if page is None or pages is None or page + 1 >= pages:
            return None
        return str(page + 1)
    if fmt == REDDIT:
        listings = document if isinstance(document, list) else [document]
        afters = (
            optional_text(json_object(json_object(x).get("data")).get("after")) for x in listings
        )
        return next((a for a in afters if a), None)
    if fmt == BLUESKY:
        return optional_text(document.get("cursor"))
    return None


def _id_key(native: str) -> tuple[int, str]:
    return (len(native), native)  # numeric id strings compare by length first


def _paging(fmt: str, document: Any, posts: list[Post]) -> tuple[str | None, str | None]:
    """Return (next_cursor, newest) of one page."""
    if fmt == MASTODON:
        # Paging follows the timeline entries (reblog wrappers included), not the posts kept.
        ids = [native_id(json_object(s).get("id")) for s in document]
        numeric = sorted((i for i in ids if i and _NUMERIC_ID.fullmatch(i)), key=_id_key)
        return (numeric[0], numeric[-1]) if numeric else (None, None)
    cursor = _next_cursor(fmt, document)
    if not posts:
        return cursor, None
    latest = max(posts, key=lambda p: (p.created_at, p.native_id))
    if fmt == HN:
        return cursor, str(int(latest.created_at.timestamp()))
    if fmt == REDDIT:  # `before=` wants the fullname
        return cursor, ("t1_" if latest.kind == "comment" else "t3_") + latest.native_id
    return cursor, latest.created_at.isoformat().replace("+00:00", "Z")


def parse_json_lines(lines: Iterable[tuple[int, object]], collector: PostCollector) -> None:
    """Add the posts of decoded JSON Lines (from `iter_json_lines`) to `collector`.

    A line holding a whole page adds every item of the page; a line that is not JSON is
    quarantined as 'jsonl:#<line number>' with the `NotJson` reason.
    """
    for number, value in lines:
        fmt = page_format(value)
        if fmt is not None:  # a whole page on one line
            for index, node in enumerate(page_nodes(fmt, value)):
                collector.add(fmt, node, index)
        elif isinstance(value, NotJson):
            collector.quarantined.append(
                Quarantined(collector.source, f"jsonl:#{number}", value.reason)
            )
        else:
            collector.add(item_format(value), value, number)


def parse_social(
    payload: bytes, source: Source, *, now: datetime | None = None
) -> SocialParseResult:
    """Parse one social payload page into posts, quarantined records and paging state.

    `source.format` is honoured when it names a social format; 'auto' detects it. `now` is
    the run's time (default: the current time): posts dated after it + 1 day are quarantined.

    Raises:
        ParseError: record 'payload', when the payload is not JSON (Lines) of a known shape
            ('invalid UTF-8 at byte N' when invalid UTF-8 left it unreadable).
    """
    wanted = source.format
    if wanted != "auto" and wanted not in SOCIAL_FORMATS:
        raise ParseError(source.name, "payload", f"{wanted!r} is not a social format")
    fmt, document, bad_at = _decode(payload)
    if fmt is None and wanted == MASTODON and document == []:
        fmt = MASTODON
    if fmt is None and (document is None or isinstance(document, NotJson)) and wanted != "auto":
        lines = _json_lines(payload) if wanted == JSONL else None
        fmt, document = (JSONL, lines) if lines is not None else (None, document)
    if fmt is None:
        unreadable = isinstance(document, NotJson) and bad_at is not None
        why = f"invalid UTF-8 at byte {bad_at}" if unreadable else "not a known social JSON shape"
        raise ParseError(source.name, "payload", f"{why}: {payload_hint(payload)}")
    if bad_at is not None:
        logger.warning("%s: invalid UTF-8 at byte %d read as U+FFFD", source.name, bad_at)
    # A named platform also accepts JSON Lines of its items; 'jsonl' also accepts one page.
    if wanted not in ("auto", fmt, JSONL) and fmt != JSONL:
        raise ParseError(source.name, "payload", f"expected {wanted}, found {fmt}")
    collector = PostCollector(source.name, now or datetime.now(UTC))
    if fmt == JSONL:
        parse_json_lines(document, collector)
        cursor, newest = None, None
    else:
        for index, node in enumerate(page_nodes(fmt, document)):
            collector.add(fmt, node, index)
        cursor, newest = _paging(fmt, document, collector.posts)
    return SocialParseResult(
        format=fmt,
        posts=collector.posts,
        quarantined=collector.quarantined,
        next_cursor=cursor,
        newest=newest,
    )


# --- paging URLs ------------------------------------------------------------------------------

_PAGE_PARAM = {HN: "page", REDDIT: "after", BLUESKY: "cursor", MASTODON: "max_id"}
_SINCE_PARAM = {HN: "numericFilters", REDDIT: "before", BLUESKY: "since", MASTODON: "min_id"}


def _with_params(url: str, set_: dict[str, str], drop: tuple[str, ...] = ()) -> str:
    """Return `url` with query parameters set (in place, else appended) and others dropped."""
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in drop]
    out: list[tuple[str, str]] = []
    for key, value in pairs:
        if key in set_:
            if key not in (k for k, _ in out):
                out.append((key, set_[key]))
        else:
            out.append((key, value))
    out.extend((k, v) for k, v in set_.items() if k not in (key for key, _ in out))
    return urlunsplit(parts._replace(query=urlencode(out)))


def _check_format(fmt: str) -> None:
    if fmt not in _PAGE_PARAM:
        raise ValueError(f"no paging for format {fmt!r}; expected one of {sorted(_PAGE_PARAM)}")


def page_url(url: str, fmt: str, cursor: str) -> str:
    """Return the URL of the next (older) page: HN page=, Reddit after=, Bluesky cursor=,
    Mastodon max_id=. Other query parameters are kept.

    Raises:
        ValueError: unknown format, or an HN cursor that is not a page number.
    """
    _check_format(fmt)
    if fmt == HN and not cursor.isdigit():
        raise ValueError(f"HN cursor must be a page number, got {cursor!r}")
    return _with_params(url, {_PAGE_PARAM[fmt]: cursor})


def since_url(url: str, fmt: str, newest: str) -> str:
    """Return the URL asking only for items newer than `newest` (from `SocialParseResult`).

    HN adds/replaces `created_at_i>N` in numericFilters (other filters kept), Reddit sets
    before=<fullname>, Bluesky since=<ISO time>, Mastodon min_id=. The page cursor parameter
    is dropped (a since-request starts at the newest page); other parameters are kept.

    Raises:
        ValueError: unknown format, or an HN `newest` that is not epoch seconds.
    """
    _check_format(fmt)
    drop = (_PAGE_PARAM[fmt],)
    if fmt != HN:
        return _with_params(url, {_SINCE_PARAM[fmt]: newest}, drop)
    if not newest.isdigit():
        raise ValueError(f"HN newest must be epoch seconds, got {newest!r}")
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    filters = [
        f
        for f in query.get("numericFilters", "").split(",")
        if f.strip() and not f.replace(" ", "").startswith("created_at_i>")
    ]
    filters.append(f"created_at_i>{newest}")
    return _with_params(url, {"numericFilters": ",".join(filters)}, drop)
