"""Turn one social item (HN hit, Reddit thing, Bluesky PostView, Mastodon status) into a Post.

`PostCollector.add(fmt, item, index)` builds the `Post` of one item with the rules of
pipeline.parse.social (ids, threads, text cleaning, timestamps, the safety limits of
pipeline.core.limits) and collects it, or quarantines the record; `item_format` names the
platform of an item; `clean_text` is the text cleaning every platform shares and `safe_url`
the URL rule (pipeline.parse.social_bulk reproduces both in bulk). Nothing is fetched or
written; nothing is raised.
"""

import html
import logging
import math
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from pipeline.core.limits import (
    MAX_BODY_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    cap_text,
    implausible_time,
)
from pipeline.core.models import SOCIAL_FORMATS, Post, Quarantined
from pipeline.parse.html_text import html_to_text, normalize_language
from pipeline.parse.timestamps import parse_timestamp

HN, REDDIT, BLUESKY, MASTODON, JSONL = SOCIAL_FORMATS
_PLATFORM = {HN: "hn", REDDIT: "reddit", BLUESKY: "bluesky", MASTODON: "mastodon"}
_REDDIT_GONE = {"[deleted]": "deleted", "[removed]": "removed"}
URL_PATTERN = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
"""A URL in post text (`clean_text` replaces it by a space)."""
MARKDOWN_LINK = re.compile(r"\[([^\]\n]{0,500})\]\([^)\s]{0,2000}\)")
"""A markdown [label](link) (`clean_text` keeps the label of Reddit's links)."""
CLEANED_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters `clean_text` replaces by a space."""
SAFE_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://[^\x00-\x20\x7f/?#\\]+(?:[/?#][^\x00-\x20\x7f]*)?")
"""A URL `safe_url` keeps (whole string): http(s), a host, no whitespace or control character.
Letters are spelled out instead of an ignore-case flag: Unicode case folding would let U+017F
(long s) match 's' (Python and polars' regex engines agree on this form)."""
MAX_AUTHOR_CHARS = MAX_TITLE_CHARS
"""Longest author name kept (core.limits' short-text cap; longer names are cut)."""

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


def optional_text(value: object) -> str | None:
    """Return a non-blank JSON string (lone surrogates replaced), else None."""
    return _clean_str(value) if isinstance(value, str) and value.strip() else None


def optional_int(value: object) -> int | None:
    """Return a finite JSON number as an int (truncated), else None (booleans too)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value)


def _opt_score(value: object) -> int | None:
    """A score as an int, None when absent, not a number or outside the INTEGER range."""
    score = optional_int(value)
    return score if score is not None and -(2**31) <= score < 2**31 else None


def json_object(value: object) -> dict[str, Any]:
    """Return `value` when it is a JSON object, else an empty dict (for chained lookups)."""
    return value if isinstance(value, dict) else {}


def native_id(value: object) -> str | None:
    """Return a platform id: an integer as text or a non-blank string of <= 500 characters."""
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


def safe_url(value: str | None) -> str | None:
    """`value` when it is an absolute http(s) URL (a host, no whitespace or control character)
    of at most MAX_URL_CHARS characters, else None: javascript:, data:, relative and cut URLs
    are not stored (the raw value stays in the raw archive)."""
    if value is None or len(value) > MAX_URL_CHARS or not SAFE_URL.fullmatch(value):
        return None
    return value


def _checked(moment: datetime, ref: str, key: str, now: datetime) -> datetime:
    reason = implausible_time(moment, now)
    if reason is not None:
        raise _RecordError(ref, f"bad timestamp {key!r}: {reason}")
    return moment


def _epoch(value: object, ref: str, key: str, now: datetime) -> datetime:
    if value is None:
        raise _RecordError(ref, f"missing {key!r}")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _RecordError(ref, f"bad timestamp {key!r}: {type(value).__name__}, expected number")
    try:
        moment = datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError) as err:
        raise _RecordError(ref, f"bad timestamp {key!r}: {str(value)[:40]}") from err
    return _checked(moment, ref, key, now)


def _iso(value: object, ref: str, key: str, now: datetime) -> datetime:
    if value is None:
        raise _RecordError(ref, f"missing {key!r}")
    if not isinstance(value, str):
        raise _RecordError(ref, f"bad timestamp {key!r}: {type(value).__name__}, expected string")
    moment = parse_timestamp(value)
    if moment is None:
        raise _RecordError(ref, f"bad timestamp {key!r}: {value[:40]!r}")
    return _checked(moment, ref, key, now)


def clean_text(raw: str, *, markup: bool = False, markdown: bool = False) -> str:
    """Return `raw` as one line of plain text: HTML or markdown links reduced, URLs removed."""
    text = html_to_text(raw) if markup else raw
    if markdown:
        # Reddit escapes &, < and > in its JSON text fields.
        text = MARKDOWN_LINK.sub(r" \1 ", html.unescape(text))
    text = URL_PATTERN.sub(" ", CLEANED_CONTROLS.sub(" ", text))
    return " ".join(text.split())


def _require_text(text: str, ref: str) -> str:
    if not text:
        raise _RecordError(ref, "empty text after cleaning")
    return text


# --- per-platform records ---------------------------------------------------------------------


def _hn_post(node: dict[str, Any], index: int, source: str, now: datetime) -> Post:
    native = native_id(node.get("objectID", node.get("id")))
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
        created = _epoch(node.get("created_at_i"), ref, "created_at_i", now)
    else:
        created = _iso(node.get("created_at"), ref, "created_at", now)
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
    story = native_id(node.get("story_id"))
    return Post(
        post_id=ref,
        platform="hn",
        native_id=native,
        created_at=created,
        author=optional_text(node.get("author")),
        text=_require_text(text, ref),
        url=f"https://news.ycombinator.com/item?id={native}",
        language=None,
        kind="comment" if is_comment else "story",
        thread_id=f"hn:{story}" if story and story != native else None,
        score=_opt_score(node.get("points")),
        source=source,
    )


def _reddit_post(child: dict[str, Any], index: int, source: str, now: datetime) -> Post:
    kind = child.get("kind")
    data = child.get("data")
    if not isinstance(data, dict):
        raise _RecordError(f"reddit:#{index}", "wrong type: 'data' is not an object")
    native = native_id(data.get("id"))
    name = native_id(data.get("name"))
    if native is None and name and name[:3] in ("t1_", "t3_"):
        native = name[3:] or None
    ref = f"reddit:{native}" if native else f"reddit:#{index}"
    if native is None:
        raise _RecordError(ref, "missing id ('id' or 'name')")
    if kind not in ("t1", "t3"):
        raise _RecordError(ref, f"unsupported kind {str(kind)[:20]!r}")
    created = _epoch(data.get("created_utc"), ref, "created_utc", now)
    key = "body" if kind == "t1" else "selftext"
    body = _text_field(data, key, ref, required=kind == "t1")
    title = _text_field(data, "title", ref, required=kind == "t3")
    if body.strip() in _REDDIT_GONE:
        raise _RecordError(ref, _REDDIT_GONE[body.strip()])
    text = " ".join(p for p in (clean_text(title), clean_text(body, markdown=True)) if p)
    author = optional_text(data.get("author"))
    if author == "[deleted]" and not text:
        raise _RecordError(ref, "deleted")
    permalink = optional_text(data.get("permalink"))
    link = native_id(data.get("link_id")) if kind == "t1" else None
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
        index = json_object(json_object(facet).get("index"))
        start, end = optional_int(index.get("byteStart")), optional_int(index.get("byteEnd"))
        features = json_object(facet).get("features")
        is_link = isinstance(features, list) and any(
            json_object(f).get("$type") == "app.bsky.richtext.facet#link" for f in features
        )
        if is_link and start is not None and end is not None and 0 <= start < end:
            spans.append((start, end))
    if not spans:
        return text
    data = text.encode("utf-8")
    for start, end in sorted(spans, reverse=True):
        data = data[:start] + b" " + data[end:]
    return data.decode("utf-8", "replace")


def _bluesky_post(view: dict[str, Any], index: int, source: str, now: datetime) -> Post:
    uri = native_id(view.get("uri"))
    ref = f"bluesky:{uri}" if uri else f"bluesky:#{index}"
    if uri is None:
        raise _RecordError(ref, "missing id ('uri')")
    parts = uri.removeprefix("at://").split("/")
    if not uri.startswith("at://") or len(parts) != 3 or not all(parts):
        raise _RecordError(ref, "bad uri, expected at://<did>/<collection>/<rkey>")
    record = view.get("record")
    if not isinstance(record, dict):
        raise _RecordError(ref, "wrong type: 'record' is not an object")
    created = _iso(record.get("createdAt"), ref, "record.createdAt", now)
    raw = _text_field(record, "text", ref, required=True)
    text = clean_text(_without_link_facets(raw, record.get("facets")))
    author = json_object(view.get("author"))
    handle = optional_text(author.get("handle"))
    profile = handle if handle and handle != "handle.invalid" else parts[0]
    langs = record.get("langs")
    language = langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None
    root = native_id(json_object(json_object(record.get("reply")).get("root")).get("uri"))
    return Post(
        post_id=ref,
        platform="bluesky",
        native_id=uri,
        created_at=created,
        author=profile if handle else optional_text(author.get("did")),
        text=_require_text(text, ref),
        url=f"https://bsky.app/profile/{profile}/post/{parts[2]}",
        language=normalize_language(language),
        kind="post",
        thread_id=f"bluesky:{root}" if root and root != uri else None,
        score=_opt_score(view.get("likeCount")),
        source=source,
    )


def _mastodon_post(status: dict[str, Any], index: int, source: str, now: datetime) -> Post:
    if isinstance(status.get("reblog"), dict):
        status = status["reblog"]
    native = native_id(status.get("id"))
    ref = f"mastodon:{native}" if native else f"mastodon:#{index}"
    if native is None:
        raise _RecordError(ref, "missing id ('id')")
    created = _iso(status.get("created_at"), ref, "created_at", now)
    content = _text_field(status, "content", ref, required=True)
    if not content.strip():
        raise _RecordError(ref, "empty content")
    warning = _text_field(status, "spoiler_text", ref, required=False)
    text = " ".join(p for p in (clean_text(warning), clean_text(content, markup=True)) if p)
    reply_to = native_id(status.get("in_reply_to_id"))
    return Post(
        post_id=ref,
        platform="mastodon",
        native_id=native,
        created_at=created,
        author=optional_text(json_object(status.get("account")).get("acct")),
        text=_require_text(text, ref),
        url=safe_url(optional_text(status.get("url")))
        or safe_url(optional_text(status.get("uri"))),
        language=normalize_language(optional_text(status.get("language"))),
        kind="post",
        thread_id=f"mastodon:{reply_to}" if reply_to else None,
        score=_opt_score(status.get("favourites_count")),
        source=source,
    )


_BUILDERS: dict[str, Callable[[dict[str, Any], int, str, datetime], Post]] = {
    HN: _hn_post,
    REDDIT: _reddit_post,
    BLUESKY: _bluesky_post,
    MASTODON: _mastodon_post,
}


def item_format(node: object) -> str | None:
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


def _within_limits(post: Post) -> Post:
    """`post` with its text and author cut to their caps and an unsafe URL dropped."""
    text = cap_text(post.text, MAX_BODY_CHARS)
    author = cap_text(post.author, MAX_AUTHOR_CHARS)
    url = safe_url(post.url)
    if (text, author, url) == (post.text, post.author, post.url):
        return post
    if url != post.url:
        logger.debug("%s: %s: unsafe url dropped", post.source, post.post_id)
    return replace(post, text=text or "", author=author, url=url)


# Failures of a builder that are not a _RecordError: a bug or an input no rule foresaw. They
# are the record's fault, never the payload's: the record is quarantined (logged with its
# traceback) so that a source never fails for one record.
_UNFORESEEN = (
    ArithmeticError,
    AttributeError,
    IndexError,
    KeyError,
    RecursionError,
    TypeError,
    ValueError,
)


class PostCollector:
    """Collects the posts of one payload in order (each post once) and its quarantine.

    `now` is the run's time: a post time after it (plus core.limits.FUTURE_SLACK) or before
    core.limits.EARLIEST_PLAUSIBLE quarantines the record.
    """

    def __init__(self, source: str, now: datetime) -> None:
        self.source = source
        self.now = now
        self.posts: list[Post] = []
        self.quarantined: list[Quarantined] = []
        self.seen: set[str] = set()

    def add(self, fmt: str | None, node: object, index: int) -> None:
        """Add the post of item `node` of platform `fmt` (`index`: its position, for refs).

        A node that is not a known post object or a bad record is quarantined; a post
        already collected is skipped. Text and author are cut to the caps of
        pipeline.core.limits, a URL `safe_url` refuses is dropped (NULL).
        """
        if fmt is None or not isinstance(node, dict):
            ref = f"{_PLATFORM.get(fmt or '', 'jsonl')}:#{index}"
            self.quarantined.append(Quarantined(self.source, ref, "not a known post object"))
            return
        try:
            post = _within_limits(_BUILDERS[fmt](node, index, self.source, self.now))
        except _RecordError as err:
            logger.debug("%s: quarantined %s: %s", self.source, err.ref, err.reason)
            self.quarantined.append(Quarantined(self.source, err.ref, err.reason))
            return
        except _UNFORESEEN as err:
            ref = f"{_PLATFORM[fmt]}:#{index}"
            logger.warning("%s: record %s unreadable", self.source, ref, exc_info=True)
            reason = f"unreadable record ({type(err).__name__})"
            self.quarantined.append(Quarantined(self.source, ref, reason))
            return
        if post.post_id in self.seen:
            logger.debug("%s: duplicate %s skipped", self.source, post.post_id)
            return
        self.seen.add(post.post_id)
        self.posts.append(post)
