"""Differential fuzz: the bulk JSON Lines parser and the per-record parser agree on every input.

`social_payloads()` generates small JSON Lines payloads of HN, Reddit, Bluesky and Mastodon items
built to hit the hard cases: both HN text fields, missing, extra and mistyped fields, unicode
escapes and lone surrogates, HTML and entities, deleted posts, duplicate ids, times at the edges
of the plausible range, unsafe and over-long URLs, over-long texts, and raw line damage
(truncation, invalid UTF-8, a DuckDB error message cut inside a character), and what DuckDB's
JSON reader takes otherwise than json.loads (trailing commas, nan / inf literals, repeated keys).
Each payload goes through the bulk path (`bulk_min_lines=0`) and through `parse_social`; posts,
quarantine and paging must be identical. `benchmarks/fuzz_parsers.py` can run the same strategy
for longer.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipeline.core.errors import ParseError
from pipeline.core.models import Source
from pipeline.parse import social_bulk
from pipeline.parse.social import parse_social
from pipeline.parse.social_bulk import parse_social_frame, posts_frame

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
"""The run time every fuzz parse gets: times after NOW + 1 day are implausible."""
_EPOCHS = [
    1772532000,  # 2026-03-03
    int(NOW.timestamp()) + 86_400,  # the last plausible second
    int(NOW.timestamp()) + 86_401,
    1104537600,  # 2005-01-01, the first plausible second
    1104537599,
    946684800,  # 2000
    4133980800,  # 2101
    1772532000.5,
    -1,
    10**20,
]
_ISO_TIMES = [
    "2026-03-03T10:00:00.000Z",
    "2026-03-03T10:00:00+02:00",
    "2026-03-05T12:00:00Z",  # NOW + 1 day exactly
    "2026-03-05T12:00:00.000001Z",
    "2004-12-31T23:59:59Z",
    "2005-01-01T00:00:00Z",
    "0001-01-02T00:00:00Z",
    "2026-03-03 10:00:00",
    "2026-03-03T10:00:00+25:00",  # DuckDB reads offsets of 24 h and more, Python does not
    "2026-03-03T24:00:00Z",
    "2026-03-03T10:00:00+05:60",
    "yesterday",
]
_SNIPPETS = [
    "Claude is down",
    "ChatGPT",
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    "\u2028",
    "\u0001",
    "\x7f",
    "é",
    "中文",
    "\U0001f600",  # an emoji: a surrogate pair once escaped
    "\U0001f600" * 12,
    "\ud800",  # a lone surrogate (legal in a JSON escape)
    "\udc00x",
    "&amp;",
    "&lt;b&gt;",
    "&quot;",
    "&#x27;",
    "&#39;",
    "&hellip;",
    "&#11;",
    "AT&T",
    "<p>",
    "</p>",
    "<br>",
    "<i>x</i>",
    '<a href="https://e.example/a">link</a>',
    "<script>alert(1)</script>",
    "<!-- c -->",
    "<table><tr><td>c</td></tr></table>",
    "1 < 2",
    "https://u.example/x?y=1",
    "www.w.example",
    "javascript:alert(1)",
    "[label](https://l.example/)",
    "[deleted]",
    "[removed]",
]
_URLS = [
    "https://mastodon.example/@a/1",
    "http://mastodon.example/@a/1",
    "HTTPS://MASTODON.EXAMPLE/@a/1",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " https://mastodon.example/@a/1",
    "https://mastodon.example/a b",
    "data:text/html,<script>alert(1)</script>",
    "//mastodon.example/x",
    "https://",
    "https:///path",
    "ftp://mastodon.example/x",
    "https://mastodon.example/" + "x" * 2_100,
    "https://mastodon.example/\u00e9",
    "",
]
_IDS = ["1", "2", 3, "5 ", " ", "", "x" * 501, "t1_9", True, None, 1.5]
_ODD = [None, 0, -3, 2**40, 1.5, True, False, [], {}, ["comment"], {"a": 1}, "12"]
_LONG = ["Claude " * 15_000, "é" * 100_001]  # over the text cap (MAX_BODY_CHARS)


def _texts() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_SNIPPETS), min_size=1, max_size=5).map("".join)


# A valid item of each kind (the fast bulk path takes it as it is), then fields replaced.
_BASES: list[dict[str, Any]] = [
    {  # HN Algolia comment hit
        "created_at": "2026-03-03T10:00:00.000Z",
        "created_at_i": 1772532000,
        "author": "pg_fan",
        "comment_text": "<p>Is Claude down?</p>",
        "story_id": 46000000,
        "objectID": "1001",
        "_tags": ["comment", "author_pg_fan"],
    },
    {  # HN story hit
        "created_at_i": 1772532000,
        "title": "Ask HN: Claude vs ChatGPT?",
        "url": "https://example.com/a",
        "author": "asker",
        "points": 12,
        "story_text": None,
        "objectID": "1002",
        "_tags": ["story"],
    },
    {  # HN hit without _tags (a comment: it has a comment_text)
        "created_at_i": 1772532000,
        "author": "x",
        "comment_text": "Claude is down",
        "story_id": 46000000,
        "objectID": "1004",
    },
    {  # HN hit with both texts and no _tags (a comment, whose text is comment_text)
        "created_at_i": 1772532000,
        "author": "x",
        "title": "A title",
        "comment_text": "<p>comment text</p>",
        "story_text": "<p>story text</p>",
        "objectID": "1005",
    },
    {  # HN items API node (no _tags)
        "id": 1003,
        "created_at_i": 1772532000,
        "type": "comment",
        "author": "x",
        "text": "<p>Gemini is slow</p>",
        "story_id": 1002,
    },
    {
        "kind": "t1",
        "data": {
            "id": "r1",
            "name": "t1_r1",
            "author": "dev_1",
            "body": "Claude is great",
            "created_utc": 1772500000,
            "link_id": "t3_abc",
            "score": 3,
            "permalink": "/r/ClaudeAI/comments/abc/x/r1/",
        },
    },
    {
        "kind": "t3",
        "data": {
            "id": "s1",
            "title": "Switched to Claude",
            "selftext": "",
            "author": "op",
            "created_utc": 1772500000.0,
            "score": 10,
            "permalink": "/r/ChatGPT/comments/s1/x/",
        },
    },
    {
        "uri": "at://did:plc:abc123/app.bsky.feed.post/3k1",
        "cid": "bafy",
        "author": {"did": "did:plc:abc123", "handle": "kai.bsky.social"},
        "record": {"text": "Gemini is so slow today", "createdAt": "2026-03-03T10:00:00.000Z"},
        "likeCount": 4,
    },
    {
        "id": "2001",
        "created_at": "2026-03-03T10:00:00.000Z",
        "in_reply_to_id": None,
        "spoiler_text": "",
        "language": "en",
        "uri": "https://mastodon.social/users/a/statuses/2001",
        "url": "https://mastodon.social/@a/2001",
        "favourites_count": 2,
        "content": "<p>ChatGPT is down again</p>",
        "reblog": None,
        "account": {"id": "1", "username": "a", "acct": "a@mastodon.social"},
    },
]
_TEXT_KEYS = {"comment_text", "story_text", "text", "title", "body", "selftext", "content"}
_TEXT_KEYS |= {"spoiler_text", "author", "handle", "acct"}
_TIME_KEYS = {"created_at_i", "created_utc"}
_ISO_KEYS = {"created_at", "createdAt"}
_URL_KEYS = {"url", "uri", "permalink"}
_ID_KEYS = {"objectID", "id", "story_id", "link_id", "in_reply_to_id", "name"}
_EXTRA = {  # fields a base may lack, added by a mutation
    "comment_text": "<p>both texts</p>",
    "story_text": "<p>story text</p>",
    "_tags": ["story"],
    "deleted": True,
    "dead": True,
    "type": "story",
    "text": "text field",
    "facets": [{"index": {"byteStart": 0, "byteEnd": 3}}],
    "langs": ["pt-BR", "en"],
    "reblog": {"id": "2002", "created_at": "2026-03-03T10:00:00Z", "content": "<p>re</p>"},
}


def _value_for(key: str) -> st.SearchStrategy[Any]:
    """A replacement value for field `key`: of its own kind mostly, odd types sometimes."""
    odd = st.sampled_from(_ODD)
    if key in _TIME_KEYS:
        own: st.SearchStrategy[Any] = st.sampled_from(_EPOCHS)
    elif key in _ISO_KEYS:
        own = st.sampled_from(_ISO_TIMES)
    elif key in _URL_KEYS:
        own = st.sampled_from([*_URLS, "/r/a b/", "r/x"])
    elif key in _ID_KEYS:
        own = st.sampled_from(_IDS)
    elif key in _TEXT_KEYS:
        own = st.one_of(_texts(), _texts(), _texts(), st.sampled_from(_LONG))
    elif key in _EXTRA:
        own = st.just(_EXTRA[key])
    else:
        own = st.one_of(_texts(), st.sampled_from(["handle.invalid", "en", "t5", "und"]))
    return st.one_of(own, own, own, odd, st.just(MISSING))


MISSING = object()


def _paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Paths to every field of a nested item (dicts only)."""
    out: list[tuple[str, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((*prefix, key))
            out += _paths(value, (*prefix, key))
    return out


def _set(node: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        node = node[key]
        if not isinstance(node, dict):
            return
    if value is MISSING:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


@st.composite
def _item(draw: st.DrawFn) -> Any:
    """A base item with 0-3 fields replaced, removed or added (at any depth)."""
    item = json.loads(json.dumps(draw(st.sampled_from(_BASES))))
    for _ in range(draw(st.integers(0, 3))):
        paths = _paths(item) + [(key,) for key in _EXTRA]
        path = draw(st.sampled_from(paths))
        _set(item, path, draw(_value_for(path[-1])))
    return item


_DUPLICATE = "\u0000duplicate\u0000"
_LENIENT = [b"NaN", b"-Infinity", b"nan", b"inf", b"-inf"]  # DuckDB reads all, json.loads two


def _with_duplicate(item: Any, path: tuple[str, ...], first: Any) -> str:
    """`item` as JSON with the key at `path` written twice: `first`, then its own value."""
    node = item
    for key in path[:-1]:
        node = node[key]
    value = node[path[-1]]
    node[path[-1]] = _DUPLICATE
    key = json.dumps(path[-1])
    text = json.dumps(item, ensure_ascii=False)
    marker = f"{key}: {json.dumps(_DUPLICATE)}"
    return text.replace(marker, f"{key}: {json.dumps(first)}, {key}: {json.dumps(value)}", 1)


def _line(item: Any, ascii_only: bool, damage: str) -> bytes:
    text = json.dumps(item, ensure_ascii=ascii_only)
    raw = text.encode("utf-8", "surrogatepass")
    if damage == "trailing_comma" and raw.endswith((b"}", b"]")):
        return raw[:-1] + b", " + raw[-1:]
    if damage.startswith("lenient") and raw.endswith(b"}") and raw != b"{}":
        literal = _LENIENT[int(damage.removeprefix("lenient")) % len(_LENIENT)]
        return raw[:-1] + b', "points": ' + literal + b"}"
    if damage == "truncate":
        return raw[: len(raw) // 2]
    if damage == "bad_byte":  # an invalid UTF-8 byte inside the first string
        at = raw.find(b'"', 2)
        return raw[:at] + b"\xff" + raw[at:] if at > 0 else raw + b"\xff"
    if damage == "emoji_then_broken":  # DuckDB's error message cuts inside an emoji
        return b'{"comment_text": "a' + "\U0001f600".encode() * 30 + b'\\ud83d", ' + raw[1:]
    return raw


@st.composite
def social_payloads(draw: st.DrawFn) -> bytes:
    """A JSON Lines payload: a first line that is a JSON object (so the payload is JSON
    Lines) probing the plausible time range, then 1-5 generated lines."""
    first = draw(
        st.one_of(
            st.sampled_from(_EPOCHS).map(
                lambda t: {"kind": "t1", "data": {"id": "0", "body": "Claude", "created_utc": t}}
            ),
            st.sampled_from(_ISO_TIMES).map(
                lambda t: {"id": "0", "created_at": t, "content": "Claude", "account": {}}
            ),
        )
    )
    lines = [json.dumps(first).encode()]
    for _ in range(draw(st.integers(1, 5))):
        item = draw(st.one_of(_item(), _item(), _item(), st.sampled_from(_ODD)))
        ascii_only = draw(st.booleans())
        damage = draw(
            st.sampled_from(
                ["none"] * 12
                + ["truncate", "bad_byte", "emoji_then_broken", "trailing_comma", "duplicate"]
                + [f"lenient{i}" for i in range(len(_LENIENT))]
            )
        )
        paths = [path for path in _paths(item) if path[-1] != _DUPLICATE]
        if damage == "duplicate" and paths:  # a repeated key: json.loads keeps the last
            path = draw(st.sampled_from(paths))
            first = draw(_value_for(path[-1]).filter(lambda value: value is not MISSING))
            text = _with_duplicate(item, path, first)
            lines.append(text.encode("utf-8", "surrogatepass"))
            continue
        lines.append(_line(item, ascii_only, damage))
    return b"\n".join(lines) + b"\n"


def _src() -> Source:
    return Source(name="fuzz", kind="social", url="https://example.test/", format="auto")


class _BulkFailures(logging.Handler):
    """Counts the bulk path's failures (each would hide a difference behind the fallback)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "bulk parse" in record.getMessage():
            self.messages.append(record.getMessage())


@contextlib.contextmanager
def no_bulk_failure() -> Iterator[None]:
    """Fail when the bulk path falls back to the per-record parser for a whole payload."""
    handler = _BulkFailures()
    bulk_logger = logging.getLogger(social_bulk.__name__)
    bulk_logger.addHandler(handler)
    try:
        yield
    finally:
        bulk_logger.removeHandler(handler)
    assert handler.messages == []


def assert_bulk_like_per_record(payload: bytes) -> None:
    """`parse_social_frame` forced onto the bulk path gives exactly `parse_social`'s result,
    without falling back to `parse_social` on a failure."""
    try:
        reference = parse_social(payload, _src(), now=NOW)
    except ParseError as err:
        try:
            parse_social_frame(payload, _src(), now=NOW, bulk_min_lines=0)
        except ParseError as bulk_err:
            assert str(bulk_err) == str(err)
            return
        raise AssertionError(f"only the per-record parser refused: {err}") from None
    with no_bulk_failure():
        bulk = parse_social_frame(payload, _src(), now=NOW, bulk_min_lines=0)
    assert bulk.format == reference.format
    assert_frame_equal(bulk.posts, posts_frame(reference.posts))
    assert bulk.quarantined == reference.quarantined
    assert (bulk.next_cursor, bulk.newest) == (reference.next_cursor, reference.newest)


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(social_payloads())
def test_bulk_and_per_record_parsers_agree(payload: bytes) -> None:
    assert_bulk_like_per_record(payload)
