"""Issue 11, social parsers: hostile input never escapes a parser, never falsifies a post.

One test (or two) per case: 6 a line that crashed the bulk parser, 7 the bulk and per-record
parsers disagreeing, 8 the per-record fallback building a frame a line, 9 implausible post
times, 10 invalid UTF-8 in a page, 11 text caps, 15 unsafe URLs. Each compares the bulk path
with the per-record parser on the same payload (`assert_same` of test_social_bulk).
"""

import json
from datetime import timedelta

import polars as pl
import pytest

from pipeline.core.errors import ParseError
from pipeline.core.limits import MAX_BODY_CHARS, MAX_URL_CHARS
from pipeline.core.models import Source
from pipeline.parse import social, social_bulk
from pipeline.parse.social import detect_social_format, parse_social
from pipeline.parse.social_bulk import (
    BULK_MIN_LINES,
    parse_social_blocks,
    parse_social_frame,
)
from pipeline.parse.social_items import MAX_AUTHOR_CHARS, safe_url
from tests.parse.test_social_bulk import (
    NOW,
    assert_same,
    hn,
    jsonl,
    mastodon,
    reddit,
    src,
)

EMOJI = "\U0001f600".encode()
BROKEN_LINES = {
    # DuckDB refuses the lone surrogate escape (Python reads it): its message quotes the line
    # cut inside an emoji, which Python cannot decode (UnicodeDecodeError, case 6)
    b'{"objectID": "77", "comment_text": "a' + EMOJI * 30 + b'\\ud83d"}': "missing 'created_at'",
    # not JSON at all, the same message cut inside an emoji
    b'{"objectID": "", "comment_text": "' + EMOJI * 30 + b'", "trunc': "not JSON",
}


def ordinary(count: int) -> list[bytes]:
    return [json.dumps(hn(str(10_000 + i), f"Claude is down {i}")).encode() for i in range(count)]


def lines_payload(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


# --- case 6: a record-level problem never escapes the bulk parser ---------------------------------


@pytest.mark.parametrize(("line", "reason"), BROKEN_LINES.items(), ids=["surrogate", "cut"])
def test_line_whose_duckdb_error_cannot_be_decoded_is_quarantined(line: bytes, reason: str) -> None:
    lines = ordinary(BULK_MIN_LINES + 100)
    lines[1_000] = line
    payload = lines_payload(lines)
    result = parse_social_frame(payload, src(), now=NOW)  # the bulk path (>= 2,000 lines)
    assert result.posts.height == BULK_MIN_LINES + 99
    ref = "hn:77" if reason.startswith("missing") else "jsonl:#1001"
    assert [(q.record_ref, q.reason) for q in result.quarantined] == [(ref, reason)]
    assert_same(payload)


@pytest.mark.parametrize("line", BROKEN_LINES, ids=["surrogate", "cut"])
def test_line_emoji_error_in_a_later_block(line: bytes) -> None:
    lines = ordinary(400)
    lines[300] = line
    payload = lines_payload(lines)
    block_bytes = len(payload) // 3
    results = list(
        parse_social_blocks(payload, src(), now=NOW, block_bytes=block_bytes, bulk_min_lines=0)
    )
    assert len(results) >= 3
    assert sum(r.posts.height for r in results) == 399
    assert len([q for r in results for q in r.quarantined]) == 1


def test_any_failure_of_the_bulk_path_falls_back_per_record(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> pl.DataFrame:
        raise RuntimeError("a bug nobody foresaw")

    lines = ordinary(60)
    lines[10] = b"{not json"
    payload = lines_payload(lines)
    want = parse_social(payload, src(), now=NOW)
    monkeypatch.setattr(social_bulk, "_fast_posts", broken)
    frame = parse_social_frame(payload, src(), now=NOW, bulk_min_lines=0)
    assert frame.posts["post_id"].to_list() == [p.post_id for p in want.posts]
    assert frame.quarantined == want.quarantined
    blocks = list(
        parse_social_blocks(
            payload, src(), now=NOW, block_bytes=len(payload) // 2, bulk_min_lines=0
        )
    )
    assert len(blocks) == 2
    assert sum(b.posts.height for b in blocks) == 59
    assert [q for b in blocks for q in b.quarantined] == want.quarantined
    assert "bulk parse of lines 1.. failed" in caplog.text


# --- case 7: both HN text fields ------------------------------------------------------------------


def test_hn_item_with_comment_and_story_text_agrees() -> None:
    both = {
        "objectID": "901",
        "created_at_i": 1772532000,
        "author": "x",
        "title": "A title",
        "comment_text": "<p>the comment</p>",
        "story_text": "<p>the story</p>",
    }
    tagged = {**both, "objectID": "902", "_tags": ["story"]}
    posts = assert_same(jsonl([both, tagged, hn("903")]))
    assert posts["text"].to_list() == ["the comment", "A title the story", "Is Claude down?"]
    assert posts["kind"].to_list() == ["comment", "story", "comment"]


# --- case 8: the per-record fallback is one frame per block ---------------------------------------


def test_hn_comments_without_tags_take_the_bulk_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = social_bulk.parse_json_lines

    def spy(lines, collector):
        calls.append(1)
        return original(lines, collector)

    monkeypatch.setattr(social_bulk, "parse_json_lines", spy)
    items = [{k: v for k, v in hn(str(i)).items() if k != "_tags"} for i in range(50)]
    posts = assert_same(jsonl(items))
    assert posts.height == 50 and set(posts["kind"]) == {"comment"}
    assert calls == []  # no line needed the per-record parser


@pytest.mark.parametrize("bulk_fails", [False, True], ids=["slow_lines", "bulk_failed"])
def test_per_record_posts_make_one_frame_per_block(
    monkeypatch: pytest.MonkeyPatch, bulk_fails: bool
) -> None:
    # <table> is beyond the bulk rules: every line goes to the per-record parser
    items = [hn(str(20_000 + i), f"<table><td>Claude down {i}</td></table>") for i in range(3_000)]
    payload = jsonl(items)
    frames: list[int] = []
    original = social_bulk.posts_frame

    def counted(posts):
        frames.append(len(posts))
        return original(posts)

    monkeypatch.setattr(social_bulk, "posts_frame", counted)
    if bulk_fails:
        monkeypatch.setattr(social_bulk, "_fast_posts", lambda *a: 1 / 0)
    results = list(
        parse_social_blocks(
            payload, src(), now=NOW, block_bytes=len(payload) // 2, bulk_min_lines=0
        )
    )
    assert len(results) == 2
    assert sum(r.posts.height for r in results) == 3_000
    assert frames == [r.posts.height for r in results]  # one frame a block, not one a line


# --- case 9 (posts): implausible times ------------------------------------------------------------


def test_post_times_outside_the_plausible_range_are_quarantined() -> None:
    latest = int((NOW + timedelta(days=1)).timestamp())
    items = [
        reddit("ok", created_utc=latest),  # exactly now + 1 day: kept
        reddit("late", created_utc=latest + 1),
        reddit("early", created_utc=1104537599),  # one second before 2005
        hn("1", created_at_i=1104537600),  # 2005-01-01: kept
        mastodon("5", created_at="2026-06-02T00:00:00.000001Z"),
        mastodon("6", created_at="0001-01-02T00:00:00Z"),
    ]
    posts = assert_same(jsonl(items))
    assert posts["post_id"].to_list() == ["reddit:ok", "hn:1"]
    reasons = {
        q.record_ref: q.reason for q in parse_social(jsonl(items), src(), now=NOW).quarantined
    }
    assert reasons == {
        "reddit:late": "bad timestamp 'created_utc': time 2026-06-02T00:00:01+00:00"
        " is more than 1 day after now",
        "reddit:early": "bad timestamp 'created_utc': time 2004-12-31T23:59:59+00:00"
        " is before 2005-01-01",
        "mastodon:5": "bad timestamp 'created_at': time 2026-06-02T00:00:00.000001+00:00"
        " is more than 1 day after now",
        # parse_timestamp refuses year 1 outright
        "mastodon:6": "bad timestamp 'created_at': '0001-01-02T00:00:00Z'",
    }
    later = parse_social(jsonl(items), src(), now=NOW + timedelta(days=1))
    assert {p.post_id for p in later.posts} == {"reddit:ok", "reddit:late", "hn:1", "mastodon:5"}


# --- case 10: invalid UTF-8 in a page -------------------------------------------------------------


def page_with_bad_byte(page: object, marker: str) -> bytes:
    """The page as JSON with the first `marker` replaced by an invalid UTF-8 byte."""
    data = json.dumps(page).encode()
    assert data.count(marker.encode()) >= 1
    return data.replace(marker.encode(), b"\xe9", 1)


def test_mastodon_page_with_an_invalid_byte_keeps_every_post() -> None:
    page = [mastodon(str(3000 + i), f"<p>ChatGPT down {i} MARK</p>") for i in range(40)]
    payload = page_with_bad_byte(page, "MARK")
    result = parse_social(payload, src(), now=NOW)
    assert result.format == "mastodon" and len(result.posts) == 40
    assert result.posts[0].text == "ChatGPT down 0 \ufffd"
    assert result.quarantined == []
    assert detect_social_format(payload) == "mastodon"
    assert parse_social_frame(payload, src("mastodon"), now=NOW).posts.height == 40


def test_reddit_listing_with_an_invalid_byte_keeps_every_post() -> None:
    listing = {"kind": "Listing", "data": {"children": [reddit(f"q{i}") for i in range(30)]}}
    listing["data"]["children"][7]["data"]["body"] = "caf MARK"
    result = parse_social(page_with_bad_byte(listing, "MARK"), src("reddit"), now=NOW)
    assert len(result.posts) == 30 and result.posts[7].text == "caf \ufffd"


def test_page_unreadable_after_replacement_names_the_byte() -> None:
    page = json.dumps([mastodon("1")]).encode()
    payload = page[:1] + b" \xff" + page[1:]  # outside any string: not JSON even so
    with pytest.raises(ParseError, match=r"payload: invalid UTF-8 at byte 2: "):
        parse_social(payload, src(), now=NOW)
    with pytest.raises(ParseError, match=r"invalid UTF-8 at byte 2"):
        parse_social_frame(payload, src(), now=NOW)
    assert social.invalid_utf8_at(payload) == 2


def test_json_lines_line_with_an_invalid_byte() -> None:
    good = jsonl([reddit("a1"), hn("11")])
    inside = json.dumps(reddit("a2", "caf MARK")).encode().replace(b"MARK", b"\xe9")
    outside = b"{\xe9}"
    payload = good + inside + b"\n" + outside + b"\n" + jsonl([mastodon("5")])
    posts = assert_same(payload)
    assert posts["post_id"].to_list() == ["reddit:a1", "hn:11", "reddit:a2", "mastodon:5"]
    assert posts["text"][2] == "caf \ufffd"
    quarantined = parse_social(payload, src(), now=NOW).quarantined
    assert [(q.record_ref, q.reason) for q in quarantined] == [
        ("jsonl:#4", "not JSON: invalid UTF-8 at byte 1")
    ]


# --- case 11 and 15: text caps and safe URLs ------------------------------------------------------


def test_post_text_and_author_are_capped() -> None:
    long_text = "Claude " * 150_000  # ~1 MB
    items = [
        reddit("big", long_text, author="a" * 5_000),
        hn("77", "<p>" + "é" * (MAX_BODY_CHARS + 5) + "</p>", author="b" * 5_000),
        mastodon("88", "<p>" + "Gemini " * 20_000 + "</p>"),
    ]
    posts = assert_same(jsonl(items))
    assert posts["text"].str.len_chars().to_list() == [MAX_BODY_CHARS] * 3
    assert posts["text"][0] == long_text[:MAX_BODY_CHARS]
    assert posts["author"].str.len_chars().to_list()[:2] == [MAX_AUTHOR_CHARS] * 2


UNSAFE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    " https://mastodon.example/@a/1",
    "https://mastodon.example/a b",
    "data:text/html,<script>alert(1)</script>",
    "//mastodon.example/x",
    "https://",
    "https:///x",
    "ftp://mastodon.example/x",
    "https://mastodon.example/" + "x" * MAX_URL_CHARS,
    "vbscript:msgbox(1)",
    "https\u017f://x.example/",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_unsafe_post_urls_are_null(url: str) -> None:
    assert safe_url(url) is None
    items = [
        mastodon("1", url=url, uri=url),
        mastodon("2", url=url),  # the status uri is safe: used instead
        reddit("r1", permalink="/r/x/" + url),
    ]
    posts = assert_same(jsonl(items))
    assert posts["url"][0] is None
    assert posts["url"][1] == "https://mastodon.social/users/a/statuses/2"
    expected = "https://www.reddit.com/r/x/" + url
    assert posts["url"][2] == (expected if safe_url(expected) else None)


@pytest.mark.parametrize(
    "url",
    [
        "https://mastodon.example/@a/1",
        "HTTP://MASTODON.EXAMPLE/@a/1?x=1#y",
        "https://mastodon.example/\u00e9",
        "https://user@mastodon.example:8443/x",
    ],
)
def test_safe_post_urls_are_kept(url: str) -> None:
    assert safe_url(url) == url
    posts = assert_same(jsonl([mastodon("1", url=url)]))
    assert posts["url"][0] == url


def test_default_now_is_the_current_time() -> None:
    payload = jsonl([reddit("x", created_utc=4_000_000_000)])  # 2096
    assert parse_social(payload, Source("s", "social", "https://x/")).posts == []
