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
  unusable timestamps (outside 2005..2100), wrong types. A payload that is not JSON/JSON
  Lines or has no known shape raises ParseError; nothing else is raised.
"""

import html
import json
import logging
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.core.errors import ParseError
from pipeline.core.models import SOCIAL_FORMATS, Post, Quarantined, SocialParseResult, Source
from pipeline.parse.article_html import html_to_text, normalize_language, parse_timestamp
from pipeline.parse.detect import payload_hint

HN, REDDIT, BLUESKY, MASTODON, JSONL = SOCIAL_FORMATS
_PLATFORM = {HN: "hn", REDDIT: "reddit", BLUESKY: "bluesky", MASTODON: "mastodon"}
_MIN_TIME = datetime(2005, 1, 1, tzinfo=UTC)
_MAX_TIME = datetime(2101, 1, 1, tzinfo=UTC)
_REDDIT_GONE = {"[deleted]": "deleted", "[removed]": "removed"}
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\s]{0,2000}\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMERIC_ID = re.compile(r"\d{1,30}")

logger = logging.getLogger(__name__)


class _RecordError(Exception):
    """One record cannot be used; the parser quarantines it under `ref`."""

    def __init__(self, ref: str, reason: str) -> None:
        super().__init__(reason)
        self.ref = ref
        self.reason = reason


# --- small typed accessors --------------------------------------------------------------------


def _clean_str(value: str) -> str:
    # Lone surrogates (legal in JSON escapes) would break UTF-8 writers downstream.
    return value.encode("utf-8", "replace").decode("utf-8")


def _opt_str(value: object) -> str | None:
    return _clean_str(value) if isinstance(value, str) and value.strip() else None


def _opt_int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value)


def _opt_score(value: object) -> int | None:
    """A score as an int, None when absent, not a number or outside the INTEGER range."""
    score = _opt_int(value)
    return score if score is not None and -(2**31) <= score < 2**31 else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _native_id(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip() and len(value) <= 500:
        return _clean_str(value.strip())
    return None


def _text_field(record: dict[str, Any], key: str, ref: str, *, required: bool) -> str:
    value = record.get(key)
    if value is None:
        if required:
            raise _RecordError(ref, f"missing {key!r}")
        return ""
    if not isinstance(value, str):
        raise _RecordError(ref, f"wrong type: {key!r} is {type(value).__name__}, expected string")
    return _clean_str(value)


def _checked(moment: datetime, ref: str, key: str) -> datetime:
    if not _MIN_TIME <= moment < _MAX_TIME:
        raise _RecordError(ref, f"bad timestamp {key!r}: {moment.isoformat()} outside 2005..2100")
    return moment


def _epoch(value: object, ref: str, key: str) -> datetime:
    if value is None:
        raise _RecordError(ref, f"missing {key!r}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _RecordError(ref, f"bad timestamp {key!r}: {type(value).__name__}, expected number")
    try:
        moment = datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError) as err:
        raise _RecordError(ref, f"bad timestamp {key!r}: {str(value)[:40]}") from err
    return _checked(moment, ref, key)


def _iso(value: object, ref: str, key: str) -> datetime:
    if value is None:
        raise _RecordError(ref, f"missing {key!r}")
    if not isinstance(value, str):
        raise _RecordError(ref, f"bad timestamp {key!r}: {type(value).__name__}, expected string")
    moment = parse_timestamp(value)
    if moment is None:
        raise _RecordError(ref, f"bad timestamp {key!r}: {value[:40]!r}")
    return _checked(moment, ref, key)


def clean_text(raw: str, *, markup: bool = False, markdown: bool = False) -> str:
    """Return `raw` as one line of plain text: HTML or markdown links reduced, URLs removed."""
    text = html_to_text(raw) if markup else raw
    if markdown:
        # Reddit escapes &, < and > in its JSON text fields.
        text = _MD_LINK.sub(r" \1 ", html.unescape(text))
    text = _URL.sub(" ", _CONTROL.sub(" ", text))
    return " ".join(text.split())


def _require_text(text: str, ref: str) -> str:
    if not text:
        raise _RecordError(ref, "empty text after cleaning")
    return text


# --- per-platform records ---------------------------------------------------------------------


def _hn_post(node: dict[str, Any], index: int, source: str) -> Post:
    native = _native_id(node.get("objectID", node.get("id")))
    ref = f"hn:{native}" if native else f"hn:#{index}"
    if native is None:
        raise _RecordError(ref, "missing id ('objectID' or 'id')")
    if node.get("deleted") is True:
        raise _RecordError(ref, "deleted")
    if node.get("dead") is True:
        raise _RecordError(ref, "dead")
    tags = node.get("_tags") if isinstance(node.get("_tags"), list) else []
    is_comment = (
        node.get("type") == "comment"
        or "comment" in tags
        or (node.get("comment_text") is not None and "story" not in tags)
    )
    if "created_at_i" in node:
        created = _epoch(node.get("created_at_i"), ref, "created_at_i")
    else:
        created = _iso(node.get("created_at"), ref, "created_at")
    if is_comment:
        key = "comment_text" if "comment_text" in node else "text"
        body = _text_field(node, key, ref, required=False)
        if not body and node.get("author") is None:
            raise _RecordError(ref, "deleted")  # the items API keeps deleted comments as stubs
        text = clean_text(body, markup=True)
    else:
        title = _text_field(node, "title", ref, required=False)
        key = "story_text" if "story_text" in node else "text"
        body = _text_field(node, key, ref, required=False)
        text = " ".join(p for p in (clean_text(title), clean_text(body, markup=True)) if p)
    story = _native_id(node.get("story_id"))
    return Post(
        post_id=ref,
        platform="hn",
        native_id=native,
        created_at=created,
        author=_opt_str(node.get("author")),
        text=_require_text(text, ref),
        url=f"https://news.ycombinator.com/item?id={native}",
        language=None,
        kind="comment" if is_comment else "story",
        thread_id=f"hn:{story}" if story and story != native else None,
        score=_opt_score(node.get("points")),
        source=source,
    )


def _reddit_post(child: dict[str, Any], index: int, source: str) -> Post:
    kind = child.get("kind")
    data = child.get("data")
    if not isinstance(data, dict):
        raise _RecordError(f"reddit:#{index}", "wrong type: 'data' is not an object")
    native = _native_id(data.get("id"))
    name = _native_id(data.get("name"))
    if native is None and name and name[:3] in ("t1_", "t3_"):
        native = name[3:] or None
    ref = f"reddit:{native}" if native else f"reddit:#{index}"
    if native is None:
        raise _RecordError(ref, "missing id ('id' or 'name')")
    if kind not in ("t1", "t3"):
        raise _RecordError(ref, f"unsupported kind {str(kind)[:20]!r}")
    created = _epoch(data.get("created_utc"), ref, "created_utc")
    key = "body" if kind == "t1" else "selftext"
    body = _text_field(data, key, ref, required=kind == "t1")
    title = _text_field(data, "title", ref, required=kind == "t3")
    if body.strip() in _REDDIT_GONE:
        raise _RecordError(ref, _REDDIT_GONE[body.strip()])
    text = " ".join(p for p in (clean_text(title), clean_text(body, markdown=True)) if p)
    author = _opt_str(data.get("author"))
    if author == "[deleted]" and not text:
        raise _RecordError(ref, "deleted")
    permalink = _opt_str(data.get("permalink"))
    link = _native_id(data.get("link_id")) if kind == "t1" else None
    link = link.removeprefix("t3_") if link else None
    return Post(
        post_id=ref,
        platform="reddit",
        native_id=native,
        created_at=created,
        author=None if author == "[deleted]" else author,
        text=_require_text(text, ref),
        url=f"https://www.reddit.com{permalink}" if permalink and permalink[0] == "/" else None,
        language=None,
        kind="comment" if kind == "t1" else "story",
        thread_id=f"reddit:{link}" if link else None,
        score=_opt_score(data.get("score")),
        source=source,
    )


def _without_link_facets(text: str, facets: object) -> str:
    """Remove the byte ranges of link facets (Bluesky shortens link text: 'example.com/a...')."""
    if not isinstance(facets, list):
        return text
    spans: list[tuple[int, int]] = []
    for facet in facets:
        index = _dict(_dict(facet).get("index"))
        start, end = _opt_int(index.get("byteStart")), _opt_int(index.get("byteEnd"))
        features = _dict(facet).get("features")
        is_link = isinstance(features, list) and any(
            _dict(f).get("$type") == "app.bsky.richtext.facet#link" for f in features
        )
        if is_link and start is not None and end is not None and 0 <= start < end:
            spans.append((start, end))
    if not spans:
        return text
    data = text.encode("utf-8")
    for start, end in sorted(spans, reverse=True):
        data = data[:start] + b" " + data[end:]
    return data.decode("utf-8", "replace")


def _bluesky_post(view: dict[str, Any], index: int, source: str) -> Post:
    uri = _native_id(view.get("uri"))
    ref = f"bluesky:{uri}" if uri else f"bluesky:#{index}"
    if uri is None:
        raise _RecordError(ref, "missing id ('uri')")
    parts = uri.removeprefix("at://").split("/")
    if not uri.startswith("at://") or len(parts) != 3 or not all(parts):
        raise _RecordError(ref, "bad uri, expected at://<did>/<collection>/<rkey>")
    record = view.get("record")
    if not isinstance(record, dict):
        raise _RecordError(ref, "wrong type: 'record' is not an object")
    created = _iso(record.get("createdAt"), ref, "record.createdAt")
    raw = _text_field(record, "text", ref, required=True)
    text = clean_text(_without_link_facets(raw, record.get("facets")))
    author = _dict(view.get("author"))
    handle = _opt_str(author.get("handle"))
    profile = handle if handle and handle != "handle.invalid" else parts[0]
    langs = record.get("langs")
    language = langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None
    root = _native_id(_dict(_dict(record.get("reply")).get("root")).get("uri"))
    return Post(
        post_id=ref,
        platform="bluesky",
        native_id=uri,
        created_at=created,
        author=profile if handle else _opt_str(author.get("did")),
        text=_require_text(text, ref),
        url=f"https://bsky.app/profile/{profile}/post/{parts[2]}",
        language=normalize_language(language),
        kind="post",
        thread_id=f"bluesky:{root}" if root and root != uri else None,
        score=_opt_score(view.get("likeCount")),
        source=source,
    )


def _mastodon_post(status: dict[str, Any], index: int, source: str) -> Post:
    if isinstance(status.get("reblog"), dict):
        status = status["reblog"]
    native = _native_id(status.get("id"))
    ref = f"mastodon:{native}" if native else f"mastodon:#{index}"
    if native is None:
        raise _RecordError(ref, "missing id ('id')")
    created = _iso(status.get("created_at"), ref, "created_at")
    content = _text_field(status, "content", ref, required=True)
    if not content.strip():
        raise _RecordError(ref, "empty content")
    warning = _text_field(status, "spoiler_text", ref, required=False)
    text = " ".join(p for p in (clean_text(warning), clean_text(content, markup=True)) if p)
    reply_to = _native_id(status.get("in_reply_to_id"))
    return Post(
        post_id=ref,
        platform="mastodon",
        native_id=native,
        created_at=created,
        author=_opt_str(_dict(status.get("account")).get("acct")),
        text=_require_text(text, ref),
        url=_opt_str(status.get("url")) or _opt_str(status.get("uri")),
        language=normalize_language(_opt_str(status.get("language"))),
        kind="post",
        thread_id=f"mastodon:{reply_to}" if reply_to else None,
        score=_opt_score(status.get("favourites_count")),
        source=source,
    )


_BUILDERS: dict[str, Callable[[dict[str, Any], int, str], Post]] = {
    HN: _hn_post,
    REDDIT: _reddit_post,
    BLUESKY: _bluesky_post,
    MASTODON: _mastodon_post,
}


# --- shapes -----------------------------------------------------------------------------------


def _item_format(node: object) -> str | None:
    """Name the platform of one item (as found in a JSON Lines line), or None."""
    if not isinstance(node, dict):
        return None
    if node.get("kind") in ("t1", "t3") and isinstance(node.get("data"), dict):
        return REDDIT
    if "objectID" in node or ("created_at_i" in node and "id" in node):
        return HN
    if isinstance(node.get("uri"), str) and "record" in node:
        return BLUESKY
    if "content" in node and "account" in node and "id" in node:
        return MASTODON
    return None


def _page_format(document: object) -> str | None:
    """Name the format of a whole page document, or None."""
    if isinstance(document, dict):
        if isinstance(document.get("hits"), list):
            return HN
        if document.get("kind") == "Listing" and isinstance(document.get("data"), dict):
            return REDDIT
        if isinstance(document.get("posts"), list):
            return BLUESKY
        if isinstance(document.get("children"), list) and _item_format(document) == HN:
            return HN
        return None
    if isinstance(document, list) and document and isinstance(document[0], dict):
        first = document[0]
        if first.get("kind") == "Listing" and isinstance(first.get("data"), dict):
            return REDDIT
        if _item_format(first) == MASTODON:
            return MASTODON
    return None


def _format_of(document: object) -> str | None:
    page = _page_format(document)
    if page is not None:
        return page
    return JSONL if _item_format(document) is not None else None


_NOT_JSON = object()  # marks a JSON Lines line that does not decode


def decode_json_lines(payload: bytes, first_line: int = 1) -> list[tuple[int, object]]:
    """Every non-blank line of a JSON Lines payload: (line number counted from `first_line`,
    decoded value or `_NOT_JSON` when the line is not UTF-8 JSON). A UTF-8 BOM opening the
    payload is skipped when `first_line` is 1."""
    if first_line == 1:
        payload = payload.removeprefix(b"\xef\xbb\xbf")
    lines: list[tuple[int, object]] = []
    # Split on '\n' only: str.splitlines() would also split at U+2028 inside JSON strings.
    for number, raw in enumerate(payload.split(b"\n"), start=first_line):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:  # one bad line does not sink the others
            lines.append((number, _NOT_JSON))
            continue
        if not line.strip():
            continue
        try:
            lines.append((number, json.loads(line)))
        except (ValueError, RecursionError):
            lines.append((number, _NOT_JSON))
    return lines


def _json_lines(payload: bytes) -> list[tuple[int, object]] | None:
    """Decode JSON Lines: [(line number, value or `_NOT_JSON`)], else None (the first line is
    not a JSON object, or no line holds a known item)."""
    lines = decode_json_lines(payload)
    if not lines or not isinstance(lines[0][1], dict):
        return None
    known = any(_page_format(v) or _item_format(v) for _, v in lines)
    return lines if known else None


def _decode(payload: bytes) -> tuple[str | None, Any]:
    """Return (format, document); JSON Lines documents are lists of (line, value)."""
    try:
        document = json.loads(payload)
    except (ValueError, RecursionError):
        lines = _json_lines(payload)
        return (JSONL, lines) if lines is not None else (None, None)
    fmt = _format_of(document)
    if fmt == JSONL:
        return JSONL, [(1, document)]
    return fmt, document


def detect_social_format(payload: bytes) -> str | None:
    """Return the social format of a payload ('hn_algolia', 'reddit', ... 'jsonl') or None.

    Never raises. An empty JSON array is None (name the format in the catalog to accept it).
    """
    return _decode(payload)[0]


# --- page walkers -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    fmt: str
    value: object
    index: int


def _hn_nodes(document: dict[str, Any]) -> Iterator[object]:
    if isinstance(document.get("hits"), list):
        yield from document["hits"]
        return
    stack: list[object] = [document]
    while stack:  # iterative: reply trees may be deep
        node = stack.pop()
        yield node
        children = _dict(node).get("children")
        if isinstance(children, list):
            stack.extend(reversed(children))


def _reddit_nodes(document: object) -> Iterator[object]:
    listings = document if isinstance(document, list) else [document]
    stack: list[object] = []
    for listing in reversed(listings):
        children = _dict(_dict(listing).get("data")).get("children")
        if isinstance(children, list):
            stack.extend(reversed(children))
    while stack:
        child = stack.pop()
        if _dict(child).get("kind") == "more":
            continue  # "load more comments" stub: ids only, no content
        yield child
        replies = _dict(_dict(_dict(child).get("data")).get("replies"))
        children = _dict(replies.get("data")).get("children")
        if isinstance(children, list):
            stack.extend(reversed(children))


def _nodes(fmt: str, document: Any) -> Iterator[object]:
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
        page, pages = _opt_int(document.get("page")), _opt_int(document.get("nbPages"))
        if page is None or pages is None or page + 1 >= pages:
            return None
        return str(page + 1)
    if fmt == REDDIT:
        listings = document if isinstance(document, list) else [document]
        afters = (_opt_str(_dict(_dict(x).get("data")).get("after")) for x in listings)
        return next((a for a in afters if a), None)
    if fmt == BLUESKY:
        return _opt_str(document.get("cursor"))
    return None


def _id_key(native: str) -> tuple[int, str]:
    return (len(native), native)  # numeric id strings compare by length first


def _paging(fmt: str, document: Any, posts: list[Post]) -> tuple[str | None, str | None]:
    """Return (next_cursor, newest) of one page."""
    if fmt == MASTODON:
        # Paging follows the timeline entries (reblog wrappers included), not the posts kept.
        ids = [_native_id(_dict(s).get("id")) for s in document]
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


class _Collector:
    def __init__(self, source: str) -> None:
        self.source = source
        self.posts: list[Post] = []
        self.quarantined: list[Quarantined] = []
        self.seen: set[str] = set()

    def add(self, fmt: str | None, node: object, index: int) -> None:
        if fmt is None or not isinstance(node, dict):
            ref = f"{_PLATFORM.get(fmt or '', 'jsonl')}:#{index}"
            self.quarantined.append(Quarantined(self.source, ref, "not a known post object"))
            return
        try:
            post = _BUILDERS[fmt](node, index, self.source)
        except _RecordError as err:
            logger.debug("%s: quarantined %s: %s", self.source, err.ref, err.reason)
            self.quarantined.append(Quarantined(self.source, err.ref, err.reason))
            return
        if post.post_id in self.seen:
            logger.debug("%s: duplicate %s skipped", self.source, post.post_id)
            return
        self.seen.add(post.post_id)
        self.posts.append(post)


def _parse_lines(lines: list[tuple[int, object]], collector: _Collector) -> None:
    for number, value in lines:
        fmt = _page_format(value)
        if fmt is not None:  # a whole page on one line
            for index, node in enumerate(_nodes(fmt, value)):
                collector.add(fmt, node, index)
        elif value is _NOT_JSON:
            collector.quarantined.append(
                Quarantined(collector.source, f"jsonl:#{number}", "not JSON")
            )
        else:
            collector.add(_item_format(value), value, number)


def parse_social(payload: bytes, source: Source) -> SocialParseResult:
    """Parse one social payload page into posts, quarantined records and paging state.

    `source.format` is honoured when it names a social format; 'auto' detects it.

    Raises:
        ParseError: record 'payload', when the payload is not JSON (Lines) of a known shape.
    """
    wanted = source.format
    if wanted != "auto" and wanted not in SOCIAL_FORMATS:
        raise ParseError(source.name, "payload", f"{wanted!r} is not a social format")
    fmt, document = _decode(payload)
    if fmt is None and wanted == MASTODON and document == []:
        fmt = MASTODON
    if fmt is None and document is None and wanted != "auto":
        lines = _json_lines(payload) if wanted == JSONL else None
        fmt, document = (JSONL, lines) if lines is not None else (None, None)
    if fmt is None:
        raise ParseError(
            source.name, "payload", f"not a known social JSON shape: {payload_hint(payload)}"
        )
    # A named platform also accepts JSON Lines of its items; 'jsonl' also accepts one page.
    if wanted not in ("auto", fmt, JSONL) and fmt != JSONL:
        raise ParseError(source.name, "payload", f"expected {wanted}, found {fmt}")
    collector = _Collector(source.name)
    if fmt == JSONL:
        _parse_lines(document, collector)
        cursor, newest = None, None
    else:
        for index, node in enumerate(_nodes(fmt, document)):
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
