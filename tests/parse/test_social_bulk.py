"""The bulk JSON Lines parser gives exactly what the per-record parser gives.

Every test builds a JSON Lines payload, parses it with `parse_social` (the reference) and with
`parse_social_frame(..., bulk_min_lines=0)` (forcing the bulk path), and compares posts
(row by row, every column), quarantine and paging state.
"""

import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline.core.errors import ParseError
from pipeline.core.models import Source
from pipeline.parse import social_bulk
from pipeline.parse.social import parse_social
from pipeline.parse.social_bulk import parse_social_frame, posts_frame

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "fixtures"
OWN = REPO / "tests" / "fixtures" / "social"

needs_shared = pytest.mark.skipif(
    not (SHARED / "hn_algolia").is_dir(),
    reason="../shared/fixtures (real HN/Reddit/Mastodon payloads) is not checked out",
)


NOW = datetime(2026, 6, 1, tzinfo=UTC)
"""The run time the tests parse at."""


def src(fmt: str = "auto") -> Source:
    return Source(name="bulk-test", kind="social", url="https://example.test/", format=fmt)


def jsonl(items: list[Any]) -> bytes:
    return ("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n").encode()


def assert_same(payload: bytes, fmt: str = "auto") -> pl.DataFrame:
    """Parse both ways; the results (or ParseErrors) must be identical. Returns the posts."""
    try:
        reference = parse_social(payload, src(fmt), now=NOW)
    except ParseError as err:
        with pytest.raises(ParseError) as raised:
            parse_social_frame(payload, src(fmt), now=NOW, bulk_min_lines=0)
        assert str(raised.value) == str(err)
        return posts_frame([])
    bulk = parse_social_frame(payload, src(fmt), now=NOW, bulk_min_lines=0)
    assert bulk.format == reference.format
    assert_frame_equal(bulk.posts, posts_frame(reference.posts))
    assert bulk.quarantined == reference.quarantined
    assert (bulk.next_cursor, bulk.newest) == (reference.next_cursor, reference.newest)
    return bulk.posts


def flatten(node: Any) -> list[dict]:
    """Items of a page document, nested replies pulled out as their own items."""
    out: list[dict] = []
    if isinstance(node, list):
        for x in node:
            out += flatten(x)
    elif isinstance(node, dict):
        if node.get("kind") == "Listing":
            out += flatten(node["data"]["children"])
        elif isinstance(node.get("hits"), list):
            out += flatten(node["hits"])
        elif isinstance(node.get("posts"), list):
            out += flatten(node["posts"])
        else:
            item = dict(node)
            children = item.pop("children", None)
            data = item.get("data")
            if isinstance(data, dict) and isinstance(data.get("replies"), dict):
                replies = data["replies"]
                item["data"] = {**data, "replies": ""}
                out.append(item)
                out += flatten(replies)
                return out
            out.append(item)
            if isinstance(children, list):
                out += flatten(children)
    return out


@needs_shared
@pytest.mark.parametrize(
    "path",
    [
        "hn_algolia/algolia_search_by_url_story_hits.json",
        "hn_algolia/algolia_item_8828543_comment_tree.json",
        "reddit/reddit_thread_comments_listing_holdmyredbull.json",
        "mastodon/mastodon_statuses_array.json",
    ],
)
def test_real_fixture_items_as_json_lines(path: str) -> None:
    items = flatten(json.loads((SHARED / path).read_text(encoding="utf-8")))
    assert len(items) >= 3
    posts = assert_same(jsonl(items))
    assert posts.height > 0


@pytest.mark.parametrize("name", ["bluesky_search_posts.json", "reddit_new_listing.json"])
def test_own_fixture_items_as_json_lines(name: str) -> None:
    items = flatten(json.loads((OWN / name).read_text(encoding="utf-8")))
    assert_same(jsonl(items))


def test_own_mixed_json_lines() -> None:
    assert_same((OWN / "mixed.jsonl").read_bytes())


def reddit(id_: str, body: Any = "Claude is great", **extra: Any) -> dict:
    data = {
        "id": id_,
        "name": f"t1_{id_}",
        "author": "dev_1",
        "body": body,
        "created_utc": 1772500000,
        "link_id": "t3_abc",
        "score": 3,
        "permalink": f"/r/ClaudeAI/comments/abc/x/{id_}/",
    }
    data.update(extra)
    return {"kind": "t1", "data": data}


def reddit_story(id_: str, **extra: Any) -> dict:
    data = {
        "id": id_,
        "title": "Switched to Claude",
        "selftext": "",
        "author": "op",
        "created_utc": 1772500000.0,
        "score": 10,
        "permalink": f"/r/ChatGPT/comments/{id_}/x/",
    }
    data.update(extra)
    return {"kind": "t3", "data": data}


def hn(id_: str, text: Any = "<p>Is Claude down?</p>", **extra: Any) -> dict:
    item = {
        "created_at": "2026-03-03T10:00:00.000Z",
        "created_at_i": 1772532000,
        "author": "pg_fan",
        "comment_text": text,
        "story_id": 46000000,
        "objectID": id_,
        "_tags": ["comment", "author_pg_fan", "story_46000000"],
    }
    item.update(extra)
    return item


def hn_story(id_: str, **extra: Any) -> dict:
    item = {
        "created_at_i": 1772532000,
        "title": "Ask HN: Claude vs ChatGPT?",
        "url": "https://example.com/a",
        "author": "asker",
        "points": 12,
        "story_text": None,
        "objectID": id_,
        "_tags": ["story", "author_asker", f"story_{id_}"],
    }
    item.update(extra)
    return item


def bluesky(rkey: str, text: Any = "Gemini is so slow today", **record: Any) -> dict:
    rec = {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-03-03T10:00:00.000Z"}
    rec.update(record)
    return {
        "uri": f"at://did:plc:abc123/app.bsky.feed.post/{rkey}",
        "cid": "bafy",
        "author": {"did": "did:plc:abc123", "handle": "kai.bsky.social"},
        "record": rec,
        "likeCount": 4,
    }


def mastodon(id_: str, content: Any = "<p>ChatGPT is down again</p>", **extra: Any) -> dict:
    status = {
        "id": id_,
        "created_at": "2026-03-03T10:00:00.000Z",
        "in_reply_to_id": None,
        "spoiler_text": "",
        "language": "en",
        "uri": f"https://mastodon.social/users/a/statuses/{id_}",
        "url": f"https://mastodon.social/@a/{id_}",
        "favourites_count": 2,
        "content": content,
        "reblog": None,
        "account": {"id": "1", "username": "a", "acct": "a@mastodon.social"},
    }
    status.update(extra)
    return status


LINK_FACETS = [
    {
        "index": {"byteStart": 0, "byteEnd": 4},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://a"}],
    }
]  # a Bluesky post's link facet: such posts go record by record

EDGE_ITEMS: list[Any] = [
    # ordinary items of every platform and kind
    reddit("r1"),
    reddit_story("s1"),
    reddit_story("s2", selftext="Body with [a link](https://x.example/a) &amp; more"),
    hn("1001"),
    hn_story("1002"),
    hn_story("1003", story_text="<p>Details &amp; <i>more</i><br>here</p>"),
    bluesky("3k1"),
    mastodon("2001"),
    # text cleaning
    reddit("r2", "It&#x27;s &amp;lt;b&amp;gt; literally &lt;3 &gt; &quot;x&quot;"),
    reddit("r3", "Unknown entity &hellip; stays &copy"),
    reddit("r4", "AT&T and Q&A, bare ampersands"),
    reddit(
        "r5", "Tab\tand\nnewlines\u00a0and\u2003spaces   https://a.example/x?y=1 www.b.example ok"
    ),
    reddit("r6", "control \u0001 chars \u007f here"),
    reddit("r7", "emoji 🚀🔥 and 👍🏽 stay"),
    hn("1004", "Plain comment without markup &amp; an entity"),
    hn(
        "1005",
        '<p>Quote: &quot;x&quot; <a href="https:&#x2F;&#x2F;e.com" rel="nofollow">link</a></p>',
    ),
    hn("1006", "<p>inline<i>tags</i>join<b>words</b></p><pre><code>x = 1</code></pre>"),
    hn("1007", "<!-- comment --><p>after comment</p>"),
    hn("1008", "<script>alert(1)</script><p>script is dropped</p>"),
    hn("1009", '<p>attr with &gt; in <a href="a>b">quoted</a> value</p>'),
    hn("1010", "<p>control &#11; reference</p>"),
    hn("1011", "<table><tr><td>cell</td></tr></table>"),
    hn("1012", "<p>1 < 2 but not a tag</p>"),
    mastodon(
        "2002",
        '<p>Link <a href="https://x.example/"><span class="invisible">https://'
        '</span><span class="ellipsis">x.example/</span></a> &#39;q&#39;</p>',
    ),
    mastodon("2003", "<p>first</p><p>second<br />third</p>", spoiler_text="CW: outage"),
    mastodon("2004", "no markup &amp; entity", language="en-GB"),
    mastodon("2005", "<p>x</p>", language="und"),
    bluesky(
        "3k2",
        "with facets",
        facets=LINK_FACETS,
    ),
    bluesky("3k3", "empty facets", facets=[]),
    bluesky("3k4", "reply", reply={"root": {"uri": "at://did:plc:x/app.bsky.feed.post/r"}}),
    bluesky("3k5", "lang", langs=["pt-BR", "en"]),
    {**bluesky("3k6"), "author": {"did": "did:plc:zz", "handle": "handle.invalid"}},
    {**bluesky("3k7"), "author": {"did": "did:plc:zz"}},
    # quarantined records
    reddit("r8", "[deleted]"),
    reddit("r9", " [removed] "),
    reddit("r10", 42),
    reddit("r11", None),
    reddit("r12", "https://only.a.link/"),
    reddit("r13", created_utc="yesterday"),
    reddit("r14", created_utc=10),
    reddit("r15", created_utc=1772500000.5),
    reddit_story("s3", title=None),
    {"kind": "t1", "data": "not an object"},
    {"kind": "t5", "data": {"id": "x"}},
    hn("1013", deleted=True),
    hn("1014", dead=True),
    hn("1015", "", author=None),
    hn("1016", created_at_i=None),
    {**hn("1017"), "objectID": None},
    {k: v for k, v in hn("1018").items() if k != "created_at_i"},
    bluesky("3k8", createdAt="not a time"),
    bluesky("3k9", createdAt="1999-01-01T00:00:00Z"),
    {**bluesky("3k10"), "uri": "at://bad"},
    mastodon("2006", "   "),
    mastodon("2007", None),
    mastodon("2008", reblog=mastodon("2009", "<p>reblogged</p>")),
    mastodon("2010", created_at="2026-03-03T10:00:00+02:00"),
    mastodon("2011", created_at="2026-03-03 10:00:00"),
    # types and ids
    reddit("r16", score=12.9),
    reddit("r17", score=True),
    reddit("r18", score=2**40),
    reddit("r19", score="5"),
    hn("1019", points=-3),
    {**hn("1020"), "objectID": 1020},
    {**hn("1021"), "objectID": " 1021 "},
    mastodon(2012),
    mastodon("2013", in_reply_to_id=2001, url=None),
    mastodon("2014", url="", uri=""),
    reddit("r20", permalink="not/absolute", author="[deleted]"),
    reddit("r21", link_id="t3_"),
    hn("1022", story_id="1022", objectID="1022"),
    # duplicates: the first copy wins, in line order
    reddit("r1", "second copy of r1"),
    hn("1004", "second copy of 1004"),
    # not post objects
    {"unknown": "shape"},
    [1, 2, 3],
    "a string",
    {"hits": [hn("1023")], "page": 0, "nbPages": 1},
]


def test_edge_cases_give_identical_results() -> None:
    payload = jsonl(EDGE_ITEMS)
    posts = assert_same(payload)
    assert posts.height > 40
    reference = parse_social(payload, src())
    assert len(reference.quarantined) > 20


def test_bad_lines_blank_lines_bom_and_crlf() -> None:
    good = jsonl([reddit("a1"), hn("3001"), mastodon("4001")]).decode()
    lines = good.splitlines()
    text = "\ufeff" + lines[0] + "\r\n\r\n   \n" + "{not json\n" + lines[1] + "\r\n" + lines[2]
    assert_same(text.encode())
    assert_same(("\n".join(lines) + '\n[1]\n{"a": NaN}\n').encode())
    assert_same(("\n".join(lines) + '\n{"kind": "t1", "data": {"id": "\\ud800x"}}\n').encode())


def test_random_mixes_are_identical() -> None:
    rng = random.Random(7)
    for _ in range(5):
        items = [rng.choice(EDGE_ITEMS) for _ in range(300)]
        assert_same(jsonl([reddit("first"), *items]))
        assert_same(jsonl(items))


def test_ordinary_lines_take_the_bulk_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = social_bulk.parse_json_lines

    def spy(lines, collector):
        calls.append(len(lines))
        return original(lines, collector)

    def no_fallback(payload, source):
        raise AssertionError("the bulk path fell back to parse_social for the whole payload")

    monkeypatch.setattr(social_bulk, "parse_json_lines", spy)
    items = [reddit(f"q{i}") for i in range(50)] + [hn(str(5000 + i)) for i in range(50)]
    items += [bluesky(f"3z{i}") for i in range(50)] + [mastodon(str(6000 + i)) for i in range(50)]
    posts = assert_same(jsonl(items))
    assert posts.height == 200
    assert calls == []  # no line needed the per-record parser
    monkeypatch.setattr(social_bulk, "parse_social", no_fallback)
    bulk = parse_social_frame(jsonl(items), src(), bulk_min_lines=0)
    assert_frame_equal(bulk.posts, posts)


def test_not_json_lines_raises_like_the_reference() -> None:
    assert_same(b'"a string"\n{"kind": "t1"}\n')
    assert_same(b"\xff\xfe not utf-8\n{}\n")
    assert_same(b'{"unknown": 1}\n{"other": 2}\n')


def test_small_payloads_and_documents_use_the_reference_parser() -> None:
    page = json.dumps({"hits": [hn("7001"), hn_story("7002")], "page": 0, "nbPages": 3}).encode()
    result = parse_social_frame(page, src(), bulk_min_lines=0)
    assert result.format == "hn_algolia" and result.next_cursor == "1"
    assert result.posts["post_id"].to_list() == ["hn:7001", "hn:7002"]
    assert_same(page)
    assert_same(page + b"\n")


_ORDINARY_HN = '{"objectID": "1", "created_at_i": 1780000000, "author": "a", "comment_text": "ok"}'
_HN_TAIL = '{"objectID": "2", "created_at_i": 1780000000, "author": "a", "comment_text": "x"%s}'
_MASTODON = (
    '{"id": "9", "created_at": "%s", "content": "<p>down</p>", "account": {"acct": "a"%s},'
    ' "url": "https://m.test/9"}'
)


@pytest.mark.parametrize(
    "line",
    [
        # DuckDB's JSON reader accepts these, json.loads refuses them: the line is quarantined
        _HN_TAIL % ', "dead": false, ',
        _HN_TAIL % ', "_tags": ["comment", ]',
        _HN_TAIL % ', "points": nan',
        _HN_TAIL % ', "points": inf',
        # both accept these, with other values: json.loads keeps a repeated key's last value
        _HN_TAIL % ', "points": NaN',
        _HN_TAIL % ', "points": -Infinity',
        _HN_TAIL % ', "comment_text": "second"',
        '{"kind": "t1", "data": {"id": "c1", "created_utc": 1780000000, "body": "first",'
        ' "body": "second", "author": "x", "link_id": "t3_a"}}',
        _MASTODON % ("2026-05-30T10:00:00Z", ', "acct": "b"'),
        # DuckDB reads these times, fromisoformat refuses them (offset or hour of 24)
        _MASTODON % ("2026-05-30T10:00:00+25:00", ""),
        _MASTODON % ("2026-05-30T24:00:00Z", ""),
        _MASTODON % ("2026-05-30T10:00:00+05:60", ""),
    ],
    ids=[
        "trailing-comma",
        "trailing-comma-array",
        "nan-lowercase",
        "inf",
        "NaN",
        "-Infinity",
        "repeated-key",
        "repeated-nested-key",
        "repeated-account-key",
        "offset-25h",
        "hour-24",
        "offset-60min",
    ],
)
def test_lines_duckdb_reads_otherwise_go_record_by_record(
    line: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bulk and per-record agree where DuckDB's JSON and time readers are more lenient than
    json.loads and fromisoformat (found by benchmarks/fuzz_parsers.py --differential): such a
    line goes record by record, the ordinary line beside it still takes the bulk path."""
    payload = f"{_ORDINARY_HN}\n{line}\n".encode()
    assert_same(payload)
    per_record: list[int] = []
    original = social_bulk.parse_json_lines

    def spy(lines, collector):
        per_record.extend(number for number, _ in lines)
        return original(lines, collector)

    monkeypatch.setattr(social_bulk, "parse_json_lines", spy)
    parse_social_frame(payload, src(), now=NOW, bulk_min_lines=0)
    assert per_record == [2]
    assert "bulk parse" not in caplog.text
