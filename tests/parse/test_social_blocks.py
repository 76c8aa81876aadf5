"""`parse_social_blocks` parses a large JSON Lines payload block by block like `parse_social`.

The parsing tests run both the bulk path (`bulk_min_lines=0`) and the per-record path (a huge
`bulk_min_lines`) on small blocks (a few hundred bytes), so that a payload of a few dozen lines
is cut into several blocks. Merged (each post_id's first occurrence kept), the blocks' posts and
quarantine must be exactly those of `parse_social` on the whole payload, with quarantine
references naming lines of the whole payload.
"""

import json
import random
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline.core.errors import ParseError
from pipeline.core.models import Quarantined
from pipeline.parse import social_bulk
from pipeline.parse.social import parse_social
from pipeline.parse.social_bulk import (
    POST_SCHEMA,
    SocialFrameResult,
    has_lines,
    parse_social_blocks,
    parse_social_frame,
    posts_frame,
    split_blocks,
)
from tests.parse.test_social_bulk import (
    EDGE_ITEMS,
    LINK_FACETS,
    OWN,
    bluesky,
    hn,
    hn_story,
    jsonl,
    mastodon,
    reddit,
    reddit_story,
    src,
)

BULK = 0
PER_RECORD = 10**9
MODES = pytest.mark.parametrize("bulk_min_lines", [BULK, PER_RECORD], ids=["bulk", "per_record"])
BOM = "\ufeff"


def blocks_of(
    payload: bytes, block_bytes: int, bulk_min_lines: int, fmt: str = "auto"
) -> list[SocialFrameResult]:
    """parse_social_blocks over the payload's bytes; the same payload read from a file (block
    by block) must give the same results, or raise the same ParseError."""
    now = datetime.now(UTC)

    def parse(data: bytes | Path) -> list[SocialFrameResult]:
        return list(
            parse_social_blocks(
                data, src(fmt), now=now, block_bytes=block_bytes, bulk_min_lines=bulk_min_lines
            )
        )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payload.jsonl"
        path.write_bytes(payload)
        try:
            from_file: list[SocialFrameResult] | ParseError = parse(path)
        except ParseError as err:
            from_file = err
    try:
        results = parse(payload)
    except ParseError as err:
        assert isinstance(from_file, ParseError) and str(from_file) == str(err)
        raise
    assert isinstance(from_file, list) and len(from_file) == len(results)
    for got, want in zip(from_file, results, strict=True):
        assert_same_result(got, want)
    return results


def merged_posts(results: list[SocialFrameResult]) -> pl.DataFrame:
    """The blocks' posts in order, each post_id's first occurrence kept."""
    frames = [r.posts for r in results]
    return pl.concat(frames, how="vertical").unique("post_id", keep="first", maintain_order=True)


def all_quarantined(results: list[SocialFrameResult]) -> list[Quarantined]:
    return [q for r in results for q in r.quarantined]


def assert_same_result(got: SocialFrameResult, want: SocialFrameResult) -> None:
    assert got.format == want.format
    assert_frame_equal(got.posts, want.posts)
    assert got.quarantined == want.quarantined
    assert (got.next_cursor, got.newest) == (want.next_cursor, want.newest)


def assert_like_reference(payload: bytes, results: list[SocialFrameResult]) -> None:
    """Merged, the blocks give exactly `parse_social`'s posts and quarantine."""
    reference = parse_social(payload, src())
    assert reference.format == "jsonl"
    assert_frame_equal(merged_posts(results), posts_frame(reference.posts))
    assert all_quarantined(results) == reference.quarantined
    for result in results:
        assert result.format == "jsonl"
        assert (result.next_cursor, result.newest) == (None, None)
        assert result.posts.schema == pl.Schema(POST_SCHEMA)
        assert result.posts["post_id"].is_unique().all()  # each post once per block


def expected_quarantine(payload: bytes, reasons: dict[str, str]) -> list[tuple[str, str]]:
    """(ref, reason) of every bad line (`reasons`: reason by line text), numbered from 1 in
    the whole payload independently of the parser under test."""
    out: list[tuple[str, str]] = []
    for number, line in enumerate(payload.decode("utf-8-sig").split("\n"), start=1):
        if line.strip() in reasons:
            out.append((f"jsonl:#{number}", reasons[line.strip()]))
    return out


def refs(quarantined: list[Quarantined]) -> list[tuple[str, str]]:
    return [(q.record_ref, q.reason) for q in quarantined]


# --- a varied JSON Lines payload ----------------------------------------------------------------

BAD_LINES = [
    "{not json",
    json.dumps(reddit("gone", "[deleted]", author="[deleted]")),  # a deleted Reddit comment
    "[1, 2, 3]",
    "",
    '{"hello": "world"}',
    "   ",
    '"a string"',
]


def varied_lines() -> list[str]:
    """Items of the four platforms (fast and per-record ones), a page on one line, duplicates,
    and a bad line after every fourth item."""
    items: list[Any] = []
    for i in range(5):
        items += [
            reddit(f"c{i}", f"Claude is down again &amp; again #{i}", score=i),
            reddit_story(f"s{i}", selftext=f"See [status](https://status.example/{i}) now"),
            hn(str(1000 + i), f"<p>Is Claude down? <i>{i}</i></p>"),
            hn_story(str(2000 + i)),
            bluesky(f"3b{i}", f"Gemini is slow today {i}", langs=["en"]),
            mastodon(str(3000 + i), f"<p>ChatGPT is down {i}</p>"),
        ]
    items[10:10] = [hn("1001", "second copy, same block")]
    items[20:20] = [{"hits": [hn("9001"), hn_story("9002")], "page": 0, "nbPages": 2}]
    items[30:30] = [mastodon("3900", reblog=mastodon("3901", "<p>reblogged</p>"))]
    items[35:35] = [bluesky("3f1", "with facets", facets=LINK_FACETS)]
    items[40:40] = [hn("1050", "<table><tr><td>cell</td></tr></table>")]
    items.append(reddit("c0", "second copy of c0, a later block"))
    lines: list[str] = []
    for i, item in enumerate(items):
        lines.append(json.dumps(item, ensure_ascii=False))
        if i % 4 == 3:
            lines.append(BAD_LINES[(i // 4) % len(BAD_LINES)])
    return lines


VARIED = ("\n".join(varied_lines()) + "\n").encode()


@MODES
@pytest.mark.parametrize("block_bytes", [300, 1100, 3000])
def test_blocks_merge_to_the_reference(block_bytes: int, bulk_min_lines: int) -> None:
    results = blocks_of(VARIED, block_bytes, bulk_min_lines)
    assert len(results) == len(list(split_blocks(VARIED, block_bytes))) > 1
    assert sum(1 for r in results if r.quarantined) >= 2  # bad lines in several blocks
    assert_like_reference(VARIED, results)
    # the repeated post comes again, as its later copy, in the later copy's block
    blocks = [block for _, block in split_blocks(VARIED, block_bytes)]
    (at,) = [i for i, block in enumerate(blocks) if b"second copy of c0" in block]
    assert at > 0
    again = results[at].posts.filter(pl.col("post_id") == "reddit:c0")
    assert again["text"].to_list() == ["second copy of c0, a later block"]
    first = merged_posts(results).filter(pl.col("post_id") == "reddit:c0")
    assert first["text"].to_list() == ["Claude is down again & again #0"]


@MODES
@pytest.mark.parametrize("block_bytes", [1000, 3000])
def test_edge_items_in_blocks_merge_to_the_reference(block_bytes: int, bulk_min_lines: int) -> None:
    payload = jsonl(EDGE_ITEMS)
    results = blocks_of(payload, block_bytes, bulk_min_lines)
    assert len(results) > 3
    assert_like_reference(payload, results)


# --- one result -----------------------------------------------------------------------------------


@MODES
@pytest.mark.parametrize("extra", [0, 1, 5000])
def test_small_payload_gives_one_result(extra: int, bulk_min_lines: int) -> None:
    payload = jsonl([reddit("a1"), hn("11"), reddit("a1", "again"), "x", bluesky("3q")])
    payload += b"{not json\n"
    results = blocks_of(payload, len(payload) + extra, bulk_min_lines)
    want = parse_social_frame(payload, src(), bulk_min_lines=bulk_min_lines)
    assert len(results) == 1
    assert_same_result(results[0], want)
    assert want.posts["post_id"].str.split(":").list.first().to_list() == [
        "reddit",
        "hn",
        "bluesky",
    ]


def test_default_block_bytes_gives_one_result_for_a_small_payload() -> None:
    payload = jsonl([reddit("a1"), hn("11"), reddit("a1", "again")])
    results = list(parse_social_blocks(payload, src()))
    assert len(results) == 1
    assert_same_result(results[0], parse_social_frame(payload, src()))


@MODES
def test_small_payload_not_utf8_line_is_quarantined_like_parse_social(bulk_min_lines: int) -> None:
    # one line that is not UTF-8 is quarantined; it does not sink the payload
    head = jsonl([reddit("a1"), hn("11")])
    payload = head + b"\xff\xfe not utf-8\n" + jsonl([mastodon("5")])
    want = parse_social(payload, src())
    results = blocks_of(payload, len(payload), bulk_min_lines)
    assert len(results) == 1
    frame = parse_social_frame(payload, src(), bulk_min_lines=bulk_min_lines)
    assert_same_result(results[0], frame)
    assert_frame_equal(results[0].posts, posts_frame(want.posts))
    assert refs(results[0].quarantined) == refs(want.quarantined)
    assert refs(want.quarantined) == [("jsonl:#3", "not JSON: invalid UTF-8 at byte 0")]
    assert results[0].posts["post_id"].to_list() == ["reddit:a1", "hn:11", "mastodon:5"]


def one_line_page() -> bytes:
    page = {"hits": [hn("7001"), hn_story("7002")], "page": 0, "nbPages": 3}
    return json.dumps(page).encode() + b"\n  \n"


def mastodon_array() -> bytes:
    return json.dumps([mastodon(str(8000 + i)) for i in range(5)], indent=1).encode()


@MODES
@pytest.mark.parametrize(
    "load",
    [
        lambda: (OWN / "reddit_new_listing.json").read_bytes(),
        lambda: (OWN / "bluesky_search_posts.json").read_bytes(),
        one_line_page,
        mastodon_array,
    ],
    ids=["reddit_listing", "bluesky_search", "hn_page_one_line", "mastodon_array"],
)
def test_page_document_gives_one_result(load: Any, bulk_min_lines: int) -> None:
    payload = load()
    assert len(payload) > 300
    results = blocks_of(payload, 300, bulk_min_lines)
    want = parse_social_frame(payload, src(), bulk_min_lines=bulk_min_lines)
    assert want.format != "jsonl" and want.posts.height > 0
    assert len(results) == 1
    assert_same_result(results[0], want)


def test_reddit_listing_page_keeps_its_paging() -> None:
    payload = (OWN / "reddit_new_listing.json").read_bytes()
    (result,) = blocks_of(payload, 300, BULK)
    assert (result.format, result.next_cursor) == ("reddit", "t3_1gw0a05")


@MODES
def test_named_platform_json_lines_gives_one_result(bulk_min_lines: int) -> None:
    items = [reddit(f"n{i}") for i in range(10)] + [reddit("n0", "repeat")]
    payload = jsonl(items)
    results = blocks_of(payload, 300, bulk_min_lines, fmt="reddit")
    want = parse_social_frame(payload, src("reddit"), bulk_min_lines=bulk_min_lines)
    assert len(results) == 1
    assert_same_result(results[0], want)
    assert results[0].posts.height == 10  # the repeat is not given again


# --- garbage -------------------------------------------------------------------------------------

NOT_JSON = "not JSON"
UNKNOWN = "not a known post object"
GARBAGE = {  # line: reason (the first one a JSON object, so the payload reads as JSON Lines)
    '{"hello": "world"}': UNKNOWN,
    "{not json": NOT_JSON,
    "[1, 2, 3]": UNKNOWN,
    '"a string"': UNKNOWN,
    "42": UNKNOWN,
    "null": UNKNOWN,
    '{"kind": "t5", "data": {"id": "x"}}': UNKNOWN,
    '{"kind": "t1", "data": "not an object"}': UNKNOWN,
    '{"hits": "not a list"}': UNKNOWN,
    '{"kind": "t1", "data": {"id": "cut", "body": "trunc': NOT_JSON,
    "}{": NOT_JSON,
}


@MODES
def test_later_blocks_of_garbage_are_quarantined_line_by_line(bulk_min_lines: int) -> None:
    head = jsonl([reddit("g1"), hn("21")])
    tail = ("\n".join(list(GARBAGE) * 5) + "\n").encode()
    payload = head + tail
    results = blocks_of(payload, len(head), bulk_min_lines)
    assert len(results) >= 3
    first_ids = results[0].posts["post_id"].to_list()
    assert first_ids == ["reddit:g1", "hn:21"]
    assert results[0].quarantined == []
    for result in results[1:]:
        assert result.posts.height == 0
        assert result.quarantined
    expected = expected_quarantine(payload, GARBAGE)
    assert len(expected) == len(GARBAGE) * 5
    assert expected[:2] == [("jsonl:#3", UNKNOWN), ("jsonl:#4", NOT_JSON)]
    assert refs(all_quarantined(results)) == expected
    assert_like_reference(payload, results)


@MODES
def test_first_block_without_a_known_item_raises(bulk_min_lines: int) -> None:
    head = ("\n".join(GARBAGE) + "\n").encode()
    payload = head + jsonl([reddit("g1"), hn("21")])
    assert parse_social(payload, src()).posts  # the whole payload holds known items
    with pytest.raises(ParseError) as want:
        parse_social(head, src())
    with pytest.raises(ParseError) as got:
        blocks_of(payload, len(head), bulk_min_lines)
    assert str(got.value) == str(want.value)


# --- line numbers ---------------------------------------------------------------------------------

NUMBERED_BAD = {
    "{not json": NOT_JSON,
    '{"unknown": "shape"}': UNKNOWN,
    "[1]": UNKNOWN,
    '"x"': UNKNOWN,
}


def numbered_payload() -> bytes:
    """BOM, CRLF line ends in the first half and LF in the second, blank lines (empty, CR
    only, spaces) in runs, bad lines between items (each item twice: repeats are dropped)."""
    items = [reddit("l1"), hn("41"), bluesky("3l"), mastodon("51"), reddit_story("ls")]
    items += [hn_story("42")] + [reddit(f"l{i}") for i in range(2, 8)]
    bad = list(NUMBERED_BAD)
    lines: list[str] = []
    for i in range(24):
        lines.append(json.dumps(items[i % len(items)], ensure_ascii=False))
        if i % 3 == 0:
            lines += ["", "   ", "\r", ""]
        lines.append(bad[i % len(bad)])
        if i % 5 == 1:
            lines += ["", ""]
    half = len(lines) // 2
    text = "\r\n".join(lines[:half]) + "\r\n" + "\n".join(lines[half:]) + "\n\n"
    return (BOM + text).encode()


@MODES
def test_quarantine_refs_name_lines_of_the_whole_payload(bulk_min_lines: int) -> None:
    payload = numbered_payload()
    expected = expected_quarantine(payload, NUMBERED_BAD)
    assert len(expected) == 24
    assert refs(parse_social(payload, src()).quarantined) == expected
    seen_blank_start = seen_cr_block = seen_lf_block = False
    # block_bytes=1 (a block a line) costs a DuckDB connection a line on the bulk path
    sizes = [200, 700, 2500] + ([1, 97, 150, 333, 1000] if bulk_min_lines == PER_RECORD else [])
    for block_bytes in sizes:
        results = blocks_of(payload, block_bytes, bulk_min_lines)
        blocks = [b for _, b in split_blocks(payload, block_bytes)]
        assert len(results) == len(blocks) > 1
        assert refs(all_quarantined(results)) == expected, block_bytes
        assert_like_reference(payload, results)
        later = blocks[1:]
        seen_blank_start |= any(not b.split(b"\n")[0].strip() for b in later)
        seen_cr_block |= any(b"\r" in b for b in later)
        seen_lf_block |= any(b"\r" not in b and b.strip() for b in later)
    assert seen_blank_start and seen_cr_block and seen_lf_block


# --- not UTF-8 ------------------------------------------------------------------------------------


LATIN1_IN_JSON = (
    b'{"kind": "t1", "data": {"id": "x9", "body": "caf\xe9", "created_utc": 1772500000}}'
)


@pytest.mark.parametrize(
    "bad", [b"\xff\xfe not utf-8", LATIN1_IN_JSON], ids=["garbage", "latin1_in_json"]
)
@pytest.mark.parametrize(
    ("end", "bulk_min_lines"),
    [
        (b"\n", BULK),
        (b"\n", PER_RECORD),
        (b"\r\n", BULK),  # the CR split path must not raise on a non-UTF-8 line
        (b"\r\n", PER_RECORD),
    ],
    ids=["lf-bulk", "lf-per_record", "crlf-bulk", "crlf-per_record"],
)
def test_non_utf8_line_in_a_later_block(bad: bytes, end: bytes, bulk_min_lines: int) -> None:
    head_items = [reddit(f"u{i}") for i in range(3)] + [hn(str(60 + i)) for i in range(3)]
    head = jsonl(head_items).replace(b"\n", end)
    tail_lines = [json.dumps(hn("200")).encode(), bad, json.dumps(mastodon("300")).encode()]
    tail_lines.append(json.dumps(bluesky("3u")).encode())
    tail = end.join(tail_lines) + end
    assert len(tail) <= len(head)
    payload = head + tail
    results = blocks_of(payload, len(head), bulk_min_lines)
    assert len(results) == 2
    tail_ids = ["hn:200", "mastodon:300", "bluesky:" + bluesky("3u")["uri"]]
    assert results[0].posts.height == 6 and results[0].quarantined == []
    if bad == LATIN1_IN_JSON:  # invalid UTF-8 inside a JSON string reads as U+FFFD
        assert results[1].posts["post_id"].to_list() == ["hn:200", "reddit:x9", *tail_ids[1:]]
        assert results[1].posts["text"][1] == "caf\ufffd"
        assert results[1].quarantined == []
        return
    assert results[1].posts["post_id"].to_list() == tail_ids
    (quarantined,) = results[1].quarantined
    assert quarantined.record_ref == "jsonl:#8"
    assert quarantined.reason == "not JSON: invalid UTF-8 at byte 0"


# --- split_blocks ---------------------------------------------------------------------------------

BLOCK_PAYLOADS = [
    b"",
    b"\n",
    b"no newline at all",
    b"a\nbb\nccc",
    b"a\nbb\nccc\n",
    b"\n\n\nx\n\n",
    b"one\r\ntwo\r\n\r\nthree",
    jsonl([reddit("b1"), hn("71"), mastodon("81")]).rstrip(b"\n"),
    VARIED,
]


def check_blocks(payload: bytes, block_bytes: int) -> None:
    cut = list(split_blocks(payload, block_bytes))
    with tempfile.TemporaryDirectory() as tmp:  # a file gives the same blocks as its bytes
        path = Path(tmp) / "payload"
        path.write_bytes(payload)
        assert list(split_blocks(path, block_bytes)) == cut
    blocks = [block for _, block in cut]
    assert b"".join(blocks) == payload
    assert all(blocks)
    lines = payload.split(b"\n")
    number = 1
    for i, (first_line, block) in enumerate(cut):
        assert first_line == number
        assert block.split(b"\n")[0] == lines[first_line - 1]
        # cut at the first line end once the block holds block_bytes bytes
        assert b"\n" not in block[block_bytes - 1 : -1]
        if i < len(cut) - 1:
            assert block.endswith(b"\n")
            assert len(block) >= block_bytes
        number += block.count(b"\n")
    if block_bytes == 1:  # one line a block
        assert len(blocks) == len(payload.split(b"\n")) - (not payload or payload.endswith(b"\n"))


@pytest.mark.parametrize("block_bytes", [1, 2, 3, 5, 16, 300, 10**6])
@pytest.mark.parametrize("payload", BLOCK_PAYLOADS)
def test_blocks_join_back_and_cut_after_newlines(payload: bytes, block_bytes: int) -> None:
    check_blocks(payload, block_bytes)


def test_blocks_examples() -> None:
    assert list(split_blocks(b"a\nbb\nccc", 1)) == [(1, b"a\n"), (2, b"bb\n"), (3, b"ccc")]
    assert list(split_blocks(b"a\nbb\nccc", 3)) == [(1, b"a\nbb\n"), (3, b"ccc")]
    assert list(split_blocks(b"\n\nx\n", 2)) == [(1, b"\n\n"), (3, b"x\n")]
    assert list(split_blocks(b"", 1)) == []


def test_blocks_random_payloads() -> None:
    rng = random.Random(20260303)
    for _ in range(500):
        payload = bytes(rng.choice(b"ab\n\r ") for _ in range(rng.randrange(0, 60)))
        check_blocks(payload, rng.randrange(1, 20))


@pytest.mark.parametrize("piece_bytes", [1, 2, 7])
def test_file_blocks_with_lines_longer_than_a_read(monkeypatch, piece_bytes: int) -> None:
    """Reading a file past a block's end a small piece at a time (lines longer than a piece,
    bytes read past a newline carried into the next block) still gives split_blocks' blocks."""
    monkeypatch.setattr(social_bulk, "_PIECE_BYTES", piece_bytes)
    rng = random.Random(piece_bytes)
    for _ in range(200):
        payload = bytes(rng.choice(b"abc\n") for _ in range(rng.randrange(0, 80)))
        check_blocks(payload, rng.randrange(1, 12))


@pytest.mark.parametrize("piece_bytes", [1, 4, 2**20])
@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"{}",
        b"{}\n",
        b"{}\n   \n\t\r\n",
        b"{}\n   \n x",
        b'{"a": 1}\n{"b": 2}\n',
        BOM.encode() + b'{"a": 1}\n{"b": 2}',
        BOM.encode() + b"[1]\n{}\n",
        b'{"long": "' + b"x" * 50 + b'"}\n\n\n\n\n\n\n1',
        b"not json\n{}\n",
        b'{"a": 1}',
    ],
)
def test_file_is_json_lines_like_the_bytes_check(
    monkeypatch, tmp_path: Path, payload: bytes, piece_bytes: int
) -> None:
    monkeypatch.setattr(social_bulk, "_PIECE_BYTES", piece_bytes)
    path = tmp_path / "payload"
    path.write_bytes(payload)
    assert social_bulk._file_is_json_lines(path) == social_bulk._is_json_lines(payload)


@MODES
def test_a_file_is_parsed_without_reading_it_whole(
    monkeypatch, tmp_path: Path, bulk_min_lines: int
) -> None:
    """A large JSON Lines file is read block by block: never `read_bytes`, no read larger
    than a block (or a piece of the file), and the results are those of its bytes."""
    path = tmp_path / "posts.jsonl"
    path.write_bytes(VARIED)
    block_bytes = len(VARIED) // 5
    now = datetime.now(UTC)
    want = list(
        parse_social_blocks(
            VARIED, src(), now=now, block_bytes=block_bytes, bulk_min_lines=bulk_min_lines
        )
    )
    reads: list[int] = []
    real_open = Path.open

    class Spy:
        def __init__(self, handle) -> None:
            self.handle = handle

        def __enter__(self) -> "Spy":
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            data = self.handle.read(size)
            reads.append(len(data) if size >= 0 else -1)
            return data

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    def spy_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return Spy(real_open(self, mode, *args, **kwargs))

    def no_whole_read(self: Path) -> bytes:
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(social_bulk, "_PIECE_BYTES", 256)  # pieces read to find line ends
    monkeypatch.setattr(Path, "open", spy_open)
    monkeypatch.setattr(Path, "read_bytes", no_whole_read)
    got = list(
        parse_social_blocks(
            path, src(), now=now, block_bytes=block_bytes, bulk_min_lines=bulk_min_lines
        )
    )
    assert len(got) == len(want) > 3
    for g, w in zip(got, want, strict=True):
        assert_frame_equal(g.posts, w.posts)
        assert g.quarantined == w.quarantined
    longest = max(len(line) + 1 for line in VARIED.split(b"\n"))
    assert reads and -1 not in reads
    assert max(reads) <= block_bytes + longest < len(VARIED)


def test_an_unreadable_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read the file"):
        list(parse_social_blocks(tmp_path / "missing.jsonl", src()))
    with pytest.raises(ParseError, match="cannot read the file"):
        list(parse_social_blocks(tmp_path, src()))  # a folder


# --- regressions: bugs found by these tests --------------------------------------------------


@MODES
def test_bom_at_the_start_of_a_later_block_is_not_json(bulk_min_lines: int) -> None:
    head = jsonl([reddit("m1")])
    payload = head + BOM.encode() + jsonl([hn("91")]) + jsonl([hn("92")])
    results = blocks_of(payload, len(head), bulk_min_lines)
    assert len(results) >= 2
    assert_like_reference(payload, results)
    assert refs(all_quarantined(results)) == [("jsonl:#2", "not JSON")]


@MODES
def test_first_block_of_one_page_line_is_json_lines(bulk_min_lines: int) -> None:
    head = json.dumps({"hits": [hn("7001")], "page": 0, "nbPages": 3}).encode() + b"\n"
    payload = head + jsonl([hn("7002"), reddit("p1")])
    results = blocks_of(payload, len(head), bulk_min_lines)
    assert len(results) == 2
    assert_like_reference(payload, results)


def test_has_lines_agrees_with_counting_every_line() -> None:
    rng = random.Random(7)
    for _ in range(500):
        payload = bytes(rng.choice(b"ab\n") for _ in range(rng.randint(0, 40)))
        for lines in range(0, 15):
            assert has_lines(payload, lines) == (payload.count(b"\n") + 1 >= lines)
