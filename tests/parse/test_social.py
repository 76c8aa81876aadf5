"""Tests for pipeline.parse.social: four platforms, JSON Lines, quarantine, paging URLs."""

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import ParseError
from pipeline.core.models import SocialParseResult, Source
from pipeline.parse.social import (
    detect_social_format,
    page_url,
    parse_social,
    since_url,
)

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "fixtures"
OWN = REPO / "tests" / "fixtures" / "social"
HN_HITS = SHARED / "hn_algolia" / "algolia_search_by_url_story_hits.json"
HN_TREE = SHARED / "hn_algolia" / "algolia_item_8828543_comment_tree.json"
REDDIT_THREAD = SHARED / "reddit" / "reddit_thread_comments_listing_holdmyredbull.json"
MASTODON = SHARED / "mastodon" / "mastodon_statuses_array.json"

needs_shared = pytest.mark.skipif(
    not (SHARED / "hn_algolia").is_dir(),
    reason="../shared/fixtures (real HN/Reddit/Mastodon payloads) is not checked out",
)


NOW = datetime(2026, 6, 1, tzinfo=UTC)
"""The run time the tests parse at (posts after NOW + 1 day are implausible)."""


def src(fmt: str = "auto", name: str = "test-social") -> Source:
    return Source(name=name, kind="social", url="https://example.test/", format=fmt)


def parse_file(path: Path, fmt: str = "auto") -> SocialParseResult:
    return parse_social(path.read_bytes(), src(fmt), now=NOW)


def parse_doc(doc: Any, fmt: str = "auto") -> SocialParseResult:
    return parse_social(json.dumps(doc).encode(), src(fmt), now=NOW)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def reasons(result: SocialParseResult) -> dict[str, str]:
    return {q.record_ref: q.reason for q in result.quarantined}


def check_posts(result: SocialParseResult) -> None:
    """Invariants every parsed page keeps."""
    ids = [p.post_id for p in result.posts]
    assert len(ids) == len(set(ids))
    for post in result.posts:
        assert post.post_id == f"{post.platform}:{post.native_id}"
        assert (
            post.created_at.tzinfo is not None and post.created_at.utcoffset().total_seconds() == 0
        )
        assert post.text and post.text == " ".join(post.text.split())
        assert "http://" not in post.text and "https://" not in post.text
        assert post.kind in ("story", "comment", "post")
        assert post.source == "test-social"


# --- real fixtures ------------------------------------------------------------------------------


@needs_shared
def test_hn_search_hits() -> None:
    result = parse_file(HN_HITS)
    check_posts(result)
    assert result.format == "hn_algolia" and not result.quarantined
    assert [p.native_id for p in result.posts] == ["8828543", "11516582", "13566801", "8830693"]
    first = result.posts[0]
    assert first.post_id == "hn:8828543"
    assert first.created_at == utc(2015, 1, 2, 21, 5, 46)  # from created_at_i 1420232746
    assert first.text == "Why aren\u2019t we using SSH for everything?"
    assert first.kind == "story" and first.thread_id is None and first.score == 270
    assert first.author == "dkua" and first.url == "https://news.ycombinator.com/item?id=8828543"
    assert result.next_cursor is None  # page 0 of nbPages 1
    assert result.newest == "1486212445"


@needs_shared
def test_hn_item_tree_flattened() -> None:
    result = parse_file(HN_TREE)
    check_posts(result)
    assert result.format == "hn_algolia" and not result.quarantined
    story, *comments = result.posts
    assert story.post_id == "hn:8828543" and story.kind == "story"
    assert len(comments) == 104
    assert all(c.kind == "comment" and c.thread_id == "hn:8828543" for c in comments)
    silbak = next(c for c in comments if c.native_id == "8829186")
    # <p>, <a href> with an &#x2F;-escaped URL as its text: tags and the URL go, words stay.
    assert silbak.text.startswith("Somewhat relevant: I think Mosh solves a few problems")
    assert "This article: made it on Hacker News" in silbak.text
    assert all("<" not in c.text and "&#x27;" not in c.text for c in comments)
    assert result.newest == str(max(int(c.created_at.timestamp()) for c in result.posts))


@needs_shared
def test_reddit_thread_flattened() -> None:
    result = parse_file(REDDIT_THREAD)
    check_posts(result)
    assert result.format == "reddit" and not result.quarantined
    post, *comments = result.posts
    assert post.post_id == "reddit:116yyx6" and post.kind == "story"
    assert post.text == "🔥😆"  # title only (link post), emoji kept
    assert post.url == "https://www.reddit.com/r/holdmyredbull/comments/116yyx6/_/"
    assert post.created_at == utc(2023, 2, 20, 5, 45, 13)  # created_utc 1676871913.0
    assert post.score == 1659
    assert len(comments) == 21  # 14 top-level + 7 nested in `replies` Listings
    assert all(c.kind == "comment" and c.thread_id == "reddit:116yyx6" for c in comments)
    nested = next(c for c in comments if c.native_id == "j9d4q1z")  # 3 levels deep
    assert nested.url == "https://www.reddit.com/r/holdmyredbull/comments/116yyx6/_/j9d4q1z/"
    assert nested.author == "omfgitsjeff"
    assert result.next_cursor is None
    assert result.newest == "t1_jc9d065"  # the newest by created_utc


@needs_shared
def test_mastodon_statuses() -> None:
    result = parse_file(MASTODON)
    check_posts(result)
    assert result.format == "mastodon" and not result.quarantined
    assert len(result.posts) == 7
    by_id = {p.native_id: p for p in result.posts}
    entity = by_id["109683797485314862"]
    assert entity.text == "Let's see if we can filter out 'unlisted' toots."  # &#39; unescaped
    assert entity.language == "en" and entity.author == "cookie_mumbles"
    assert entity.created_at == utc(2023, 1, 13, 20, 32, 9, 405000)
    # Content warning first, then the <p> blocks.
    assert by_id["109472499431799134"].text == "Content Warning CONTENT (told ya)"
    reply = by_id["109683800922113496"]
    assert reply.thread_id == "mastodon:109683797485314862" and reply.kind == "post"
    assert result.next_cursor == "109447955769349950"  # smallest id -> max_id
    assert result.newest == "109744721228760114"  # largest id -> min_id


@needs_shared
def test_mastodon_reblog_uses_original_and_skips_duplicates() -> None:
    statuses = json.loads(MASTODON.read_bytes())
    original = statuses[3]
    boost = {
        **statuses[0],
        "id": "109800000000000000",
        "content": "",
        "account": {"acct": "booster@example.social"},
        "reblog": original,
    }
    result = parse_doc([boost, *statuses])
    assert not result.quarantined
    assert len(result.posts) == 7  # the boost became the original; the original is not repeated
    first = result.posts[0]
    assert first.native_id == original["id"] and first.author == "cookie_mumbles"
    assert result.newest == "109800000000000000"  # paging follows the timeline entries


# --- own fixtures -------------------------------------------------------------------------------


def test_bluesky_search_posts() -> None:
    result = parse_file(OWN / "bluesky_search_posts.json")
    check_posts(result)
    assert result.format == "bluesky" and not result.quarantined
    assert len(result.posts) == 4
    first, linked, reply, japanese = result.posts
    uri = "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lbq5xkyqfs2k"
    assert first.post_id == f"bluesky:{uri}" and first.native_id == uri
    assert first.url == "https://bsky.app/profile/alice.bsky.social/post/3lbq5xkyqfs2k"
    assert first.language == "en" and first.score == 12 and first.kind == "post"
    assert first.created_at == utc(2024, 11, 21, 14, 2, 11, 412000)
    # The link facet ('status.anthropic.com/incidents...', no scheme) is removed by byte range.
    assert linked.text == "Claude is down again for me 😩 status page says elevated errors:"
    assert reply.thread_id == f"bluesky:{uri}"
    assert reply.text.endswith("until it's back")
    assert japanese.language == "ja" and japanese.text == "Claudeが落ちてる…🙏"
    assert japanese.created_at == utc(2024, 11, 21, 14, 10)  # +09:00 converted to UTC
    assert japanese.url.startswith("https://bsky.app/profile/did:plc:vc7f4oafdgxsihk4cry2xpze/")
    assert result.next_cursor == "25"
    assert result.newest == "2024-11-21T14:10:00Z"


def test_reddit_listing_paging_and_quarantine() -> None:
    result = parse_file(OWN / "reddit_new_listing.json")
    check_posts(result)
    assert result.next_cursor == "t3_1gw0a05"  # data.after
    assert result.newest == "t3_1gw3k9q"
    assert [p.native_id for p in result.posts] == ["1gw3k9q", "1gw0a05"]
    top = result.posts[0]
    # title + selftext; &amp;/&gt; unescaped, markdown link reduced to its label.
    assert top.text == (
        "Claude API returning 529 Overloaded Is it just me? Getting `overloaded_error` since "
        "~9am. See the status page & the >100 reports"
    )
    assert reasons(result) == {
        "reddit:1gw2x7d": "removed",
        "reddit:1gw2m1c": "deleted",
        "reddit:1gw1zz0": "bad timestamp 'created_utc': str, expected number",
        "reddit:1gw1yy1": "wrong type: 'selftext' is dict, expected string",
        "reddit:1gw1b2b": "empty text after cleaning",  # only a URL
    }
    assert all(q.source == "test-social" for q in result.quarantined)


def test_jsonl_mixes_shapes() -> None:
    result = parse_file(OWN / "mixed.jsonl")
    check_posts(result)
    assert result.format == "jsonl"
    assert [p.platform for p in result.posts] == ["reddit", "hn", "bluesky", "mastodon"]
    reddit, hn, bluesky, mastodon = result.posts
    assert reddit.text == "Same, 500s all morning & no ETA" and reddit.kind == "comment"
    assert reddit.native_id == "lxq2abc" and reddit.thread_id == "reddit:1gw3k9q"
    assert hn.text == "It's back for me. See" and hn.thread_id == "hn:42200000"
    assert bluesky.text == "recovered ✅"
    assert mastodon.text == "Claude wieder erreichbar #claude" and mastodon.language == "de"
    assert reasons(result) == {"jsonl:#3": "not JSON", "jsonl:#6": "not a known post object"}
    assert result.next_cursor is None and result.newest is None


def test_jsonl_single_item_and_format_named() -> None:
    line = (OWN / "mixed.jsonl").read_bytes().split(b"\n")[0]
    assert detect_social_format(line) == "jsonl"
    assert parse_social(line, src("reddit")).posts[0].post_id == "reddit:lxq2abc"
    page = (OWN / "bluesky_search_posts.json").read_bytes()
    assert len(parse_social(page, src("jsonl")).posts) == 4


# --- quarantine families ------------------------------------------------------------------------


def hn_hit(object_id: str, **fields: Any) -> dict[str, Any]:
    hit = {
        "objectID": object_id,
        "created_at": "2024-11-21T14:00:00.000Z",
        "created_at_i": 1732197600,
        "author": "someone",
        "comment_text": "<p>Claude is flaky today</p>",
        "story_id": 1,
        "_tags": ["comment"],
    }
    return {**hit, **fields}


def test_hn_quarantine_keeps_page() -> None:
    doc = {
        "hits": [
            hn_hit("1"),
            hn_hit("2", deleted=True),
            hn_hit("3", dead=True),
            hn_hit("4", comment_text="<p> <a href='https://x.test'>https://x.test</a></p>"),
            hn_hit("5", created_at_i=946684800),  # 2000: before 2005
            hn_hit("6", created_at_i=10**20),
            hn_hit("7", comment_text=42),
            hn_hit("8", created_at_i=None),
            {k: v for k, v in hn_hit("x").items() if k != "objectID"},
            hn_hit("9", comment_text=None, author=None),
            {k: v for k, v in hn_hit("10").items() if k != "created_at_i"},  # ISO fallback
            "not an object",
        ],
        "page": 0,
        "nbPages": 3,
    }
    result = parse_doc(doc)
    assert [p.native_id for p in result.posts] == ["1", "10"]
    assert result.posts[1].created_at == utc(2024, 11, 21, 14)
    assert reasons(result) == {
        "hn:2": "deleted",
        "hn:3": "dead",
        "hn:4": "empty text after cleaning",
        "hn:5": "bad timestamp 'created_at_i': time 2000-01-01T00:00:00+00:00 is before 2005-01-01",
        "hn:6": "bad timestamp 'created_at_i': 100000000000000000000",
        "hn:7": "wrong type: 'comment_text' is int, expected string",
        "hn:8": "missing 'created_at_i'",
        "hn:#8": "missing id ('objectID' or 'id')",
        "hn:9": "deleted",
        "hn:#11": "not a known post object",
    }
    assert result.next_cursor == "1"


def test_mastodon_and_bluesky_quarantine() -> None:
    status = {
        "id": "100",
        "created_at": "2024-11-21T14:00:00Z",
        "content": "<p>ok</p>",
        "account": {"acct": "a"},
    }
    statuses = [
        status,
        {**status, "id": "101", "content": ""},
        {**status, "id": "102", "created_at": "yesterday"},
        {**status, "id": "103", "created_at": "2150-01-01T00:00:00Z"},
        {**status, "id": None},
    ]
    result = parse_doc(statuses)
    assert [p.native_id for p in result.posts] == ["100"]
    assert reasons(result) == {
        "mastodon:101": "empty content",
        "mastodon:102": "bad timestamp 'created_at': 'yesterday'",
        "mastodon:103": "bad timestamp 'created_at': time 2150-01-01T00:00:00+00:00"
        " is more than 1 day after now",
        "mastodon:#4": "missing id ('id')",
    }
    assert result.next_cursor == "100" and result.newest == "103"

    view = json.loads((OWN / "bluesky_search_posts.json").read_bytes())["posts"][0]
    bad_text = {**view, "uri": view["uri"] + "x", "record": {**view["record"], "text": ["no"]}}
    bad_uri = {**view, "uri": "https://bsky.app/post/1"}
    no_time = {**view, "uri": view["uri"] + "y", "record": {"text": "hi"}}
    result = parse_doc({"posts": [bad_text, view, bad_uri, no_time]})
    assert [p.native_id for p in result.posts] == [view["uri"]]
    assert set(reasons(result).values()) == {
        "wrong type: 'text' is list, expected string",
        "bad uri, expected at://<did>/<collection>/<rkey>",
        "missing 'record.createdAt'",
    }


def test_reddit_comment_removed_and_more_stub() -> None:
    def t1(id_: str, body: Any, **extra: Any) -> dict[str, Any]:
        data = {"id": id_, "body": body, "created_utc": 1732197600, "author": "u"}
        return {"kind": "t1", "data": {**data, "link_id": "t3_p", **extra}}

    nested = {"kind": "Listing", "data": {"children": [t1("c", "fine reply")]}}
    listing = {
        "kind": "Listing",
        "data": {
            "after": None,
            "children": [
                t1("a", "[removed]", replies=nested),
                t1("b", "", author="[deleted]"),
                {"kind": "more", "data": {"count": 3, "children": ["x", "y"]}},
                t1("d", None),
                {
                    "kind": "t1",
                    "data": {"name": "t1_e", "body": "only a fullname", "created_utc": 1},
                },
            ],
        },
    }
    result = parse_doc(listing)
    assert [p.native_id for p in result.posts] == ["c"]  # reply of a removed comment kept
    assert reasons(result) == {
        "reddit:a": "removed",
        "reddit:b": "deleted",
        "reddit:d": "missing 'body'",
        "reddit:e": "bad timestamp 'created_utc': time 1970-01-01T00:00:01+00:00"
        " is before 2005-01-01",
    }


# --- payload errors and detection -----------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"   ",
        b"<html></html>",
        b"{}",
        b"[]",
        b'{"foo": 1}',
        b"null",
        b"\xff\xfe\x00",
        b"[1, 2]",
    ],
)
def test_unknown_payload_raises_parse_error(payload: bytes) -> None:
    with pytest.raises(ParseError) as info:
        parse_social(payload, src())
    assert info.value.record_ref == "payload"
    assert detect_social_format(payload) is None


def test_format_mismatch_and_empty_pages() -> None:
    with pytest.raises(ParseError, match="expected reddit, found bluesky"):
        parse_social(b'{"posts": []}', src("reddit"))
    with pytest.raises(ParseError, match="not a social format"):
        parse_social(b'{"posts": []}', src("rss"))
    assert parse_social(b"[]", src("mastodon")).posts == []
    empty = parse_social(b'{"posts": [], "cursor": null}', src())
    assert empty.format == "bluesky" and empty.next_cursor is None and empty.newest is None


@needs_shared
def test_detect_real_fixtures() -> None:
    assert detect_social_format(HN_HITS.read_bytes()) == "hn_algolia"
    assert detect_social_format(HN_TREE.read_bytes()) == "hn_algolia"
    assert detect_social_format(REDDIT_THREAD.read_bytes()) == "reddit"
    assert detect_social_format(MASTODON.read_bytes()) == "mastodon"


def test_deep_reply_tree_does_not_recurse() -> None:
    node: dict[str, Any] = hn_hit("0")
    root = node
    for i in range(1, 450):
        child = {**hn_hit(str(i)), "id": i}
        node["children"] = [child]
        node = child
    root = {**root, "id": 0, "type": "story", "title": "t", "children": root["children"]}
    result = parse_doc(root)
    assert len(result.posts) == 450


# --- paging URLs ------------------------------------------------------------------------------


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


HN_URL = "https://hn.algolia.com/api/v1/search_by_date?query=claude&tags=comment&hitsPerPage=100"
REDDIT_URL = "https://www.reddit.com/r/ClaudeAI/new.json?limit=100"
BSKY_URL = (
    "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=claude&sort=latest&limit=100"
)
MASTO_URL = "https://mastodon.social/api/v1/timelines/tag/claude?limit=40"


@pytest.mark.parametrize(
    ("url", "fmt", "cursor", "param"),
    [
        (HN_URL, "hn_algolia", "2", "page"),
        (REDDIT_URL, "reddit", "t3_1gw0a05", "after"),
        (BSKY_URL, "bluesky", "25", "cursor"),
        (MASTO_URL, "mastodon", "109447955769349950", "max_id"),
    ],
)
def test_page_url_sets_cursor_and_keeps_params(url: str, fmt: str, cursor: str, param: str) -> None:
    nxt = page_url(url, fmt, cursor)
    assert query(nxt) == [*query(url), (param, cursor)]
    assert nxt.split("?")[0] == url.split("?")[0]
    again = page_url(nxt, fmt, cursor + "9")  # replaced in place, not repeated
    assert query(again) == [*query(url), (param, cursor + "9")]


def test_since_url() -> None:
    hn = since_url(page_url(HN_URL, "hn_algolia", "3"), "hn_algolia", "1732197600")
    assert query(hn) == [*query(HN_URL), ("numericFilters", "created_at_i>1732197600")]
    filtered = HN_URL + "&numericFilters=points%3E5,created_at_i%3E1"
    assert dict(query(since_url(filtered, "hn_algolia", "7")))["numericFilters"] == (
        "points>5,created_at_i>7"
    )
    reddit = since_url(page_url(REDDIT_URL, "reddit", "t3_old"), "reddit", "t3_new")
    assert query(reddit) == [("limit", "100"), ("before", "t3_new")]
    bsky = since_url(BSKY_URL + "&cursor=25", "bluesky", "2024-11-21T14:10:00Z")
    assert query(bsky) == [*query(BSKY_URL), ("since", "2024-11-21T14:10:00Z")]
    masto = since_url(MASTO_URL, "mastodon", "109744721228760114")
    assert query(masto) == [("limit", "40"), ("min_id", "109744721228760114")]


def test_paging_helpers_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="no paging"):
        page_url(HN_URL, "jsonl", "1")
    with pytest.raises(ValueError, match="page number"):
        page_url(HN_URL, "hn_algolia", "abc")
    with pytest.raises(ValueError, match="epoch seconds"):
        since_url(HN_URL, "hn_algolia", "2024-01-01")


def test_result_state_round_trips_into_urls() -> None:
    result = parse_file(OWN / "bluesky_search_posts.json")
    assert dict(query(page_url(BSKY_URL, result.format, result.next_cursor)))["cursor"] == "25"
    assert dict(query(since_url(BSKY_URL, result.format, result.newest)))["since"] == (
        "2024-11-21T14:10:00Z"
    )


# --- time zone and fuzz -------------------------------------------------------------------------


def test_process_time_zone_does_not_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(OWN.iterdir()) + (
        [HN_HITS, HN_TREE, REDDIT_THREAD, MASTODON] if SHARED.is_dir() else []
    )
    expected = [parse_file(p) for p in paths]
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert [parse_file(p) for p in paths] == expected
        listing = parse_file(OWN / "reddit_new_listing.json")
        assert listing.posts[0].created_at == utc(2024, 11, 21, 14, 6, 40)
    finally:
        monkeypatch.undo()
        time.tzset()


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_only_parse_error(payload: bytes) -> None:
    try:
        result = parse_social(payload, src(), now=NOW)
    except ParseError:
        return
    check_posts(result)


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_bytes(payload: bytes) -> None:
    assert_only_parse_error(payload)
    detect_social_format(payload)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    "objectID id created_at created_at_i comment_text story_text title text author deleted "
    "children kind data name body selftext created_utc replies permalink uri record "
    "createdAt langs facets reply content account reblog spoiler_text language".split()
)
records = st.dictionaries(FIELDS, json_values, max_size=8)


@FUZZ
@given(st.lists(records, max_size=4), st.sampled_from(["hits", "posts", "listing", "array"]))
def test_fuzz_shaped_pages(items: list[dict[str, Any]], shape: str) -> None:
    if shape == "listing":
        doc: Any = {
            "kind": "Listing",
            "data": {"children": [{"kind": "t1", "data": i} for i in items]},
        }
    elif shape == "array":
        doc = [{"id": "1", "content": "x", "account": {}}, *items]
    else:
        doc = {shape: items, "page": 0, "nbPages": 2}
    assert_only_parse_error(json.dumps(doc).encode())
    lines = b"\n".join(json.dumps(i).encode() for i in items)
    assert_only_parse_error(lines)
