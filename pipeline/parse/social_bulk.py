"""Bulk parsing of social payloads into a polars frame (large JSON Lines files in C speed).

`parse_social_frame` returns the same posts, quarantine and paging state as
`pipeline.parse.social.parse_social`, with the posts as a frame (`POST_SCHEMA`). For JSON Lines
payloads of at least `BULK_MIN_LINES` lines it splits the lines and extracts every item's
fields with DuckDB's JSON functions (`sql/parse_social_lines.sql`, one JSON parse per line,
multi-threaded) and cleans the texts with polars string expressions. Only ordinary items take
that path; a line the bulk rules cannot reproduce exactly (not JSON, a whole page, an unknown
shape, a deleted post, a field of an unexpected type, an unusual timestamp or id, a Mastodon
reblog, Bluesky facets, HTML beyond simple tags, entities other than the common ones, a text
that is empty after cleaning) goes through the per-record parser, so the result is the same
as `parse_social`'s, line for line (tests/parse/test_social_bulk.py compares them).
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import polars as pl

from pipeline.models import Post, Quarantined, Source
from pipeline.parse.article_html import normalize_language
from pipeline.parse.social import (
    _CONTROL,
    _MD_LINK,
    _NOT_JSON,
    _URL,
    JSONL,
    _Collector,
    _item_format,
    _page_format,
    _parse_lines,
    parse_social,
)
from pipeline.warehouse import load_sql

logger = logging.getLogger(__name__)

BULK_MIN_LINES = 2_000
MAX_LINE_BYTES = 64 * 2**20
"""JSON Lines payloads with fewer lines are parsed record by record (same result, less setup)."""

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
"""Columns of a parsed posts frame: the fields of `pipeline.models.Post` except native_id."""

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


def _load_lines(con: duckdb.DuckDBPyConnection, payload: bytes) -> None:
    """Table social_lines(n, line): every line of the payload, n counted from 1 as
    `str.split('\\n')` counts them (blank lines kept as NULL or blanks)."""
    if b"\r" in payload:  # the CSV reader would also cut at a lone CR
        text = payload.decode("utf-8")
        lines = pl.Series("line", [text]).str.split("\n").explode().to_frame()
        relation = con.from_arrow(lines.to_arrow())
    else:
        relation = con.read_csv(
            io.BytesIO(payload),
            header=False,
            sep="\x01",  # never in JSON text (control characters are escaped)
            quotechar="",
            escapechar="",
            columns={"line": "VARCHAR"},
            auto_detect=False,
            max_line_size=MAX_LINE_BYTES,
        )
    relation.query(
        "raw_lines",
        "create table social_lines as select row_number() over () as n, line from raw_lines",
    ).fetchall()


def _unescape(expr: pl.Expr) -> pl.Expr:
    """html.unescape for texts whose every '&' starts one of `_ENTITIES` (single pass)."""
    return expr.str.replace_many(list(_ENTITIES), list(_ENTITIES.values()))


def _entities_known(expr: pl.Expr) -> pl.Expr:
    return expr.str.count_matches("&", literal=True) == expr.str.count_matches(_ENTITY_PATTERN)


def _plain(expr: pl.Expr) -> pl.Expr:
    """clean_text's last step: controls and URLs become spaces, whitespace collapsed."""
    return (
        expr.str.replace_all(_CONTROL.pattern, " ")
        .str.replace_all("(?i)" + _URL.pattern, " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" ")
    )


def _clean_part(frame: pl.DataFrame, column: str, mode: str) -> pl.DataFrame:
    """Add `<column>_clean` and `<column>_ok` for rows whose text is cleaned as `mode`.

    `ok` is false where the bulk rules would not give exactly what clean_text gives ('&' other
    than the common entities; HTML other than simple tags; control characters in HTML).
    """
    text = pl.col(column)
    if mode == "plain":
        return frame.with_columns(
            _plain(text).alias(f"{column}_clean"), pl.lit(True).alias(f"{column}_ok")
        )
    has_amp = text.str.contains("&", literal=True)
    amp_ok = ~has_amp | _entities_known(text)
    if mode == "markdown":
        decoded = pl.when(has_amp).then(_unescape(text)).otherwise(text)
        clean = decoded.str.replace_all(_MD_LINK.pattern, " ${1} ")
        return frame.with_columns(
            _plain(clean).alias(f"{column}_clean"), amp_ok.alias(f"{column}_ok")
        )
    markup = text.str.contains(_MARKUP)
    frame = frame.with_columns(markup.alias("_markup"), amp_ok.alias("_amp_ok"))
    plain_rows = frame.filter(~pl.col("_markup")).with_columns(
        _plain(pl.when(has_amp).then(_unescape(text)).otherwise(text)).alias(f"{column}_clean"),
        pl.col("_amp_ok").alias(f"{column}_ok"),
    )
    html_rows = frame.filter(pl.col("_markup"))
    stripped = text.str.replace_all(_BLOCK_TAG, " ").str.replace_all(_INLINE_TAG, "")
    simple = (text.str.count_matches("<", literal=True) == text.str.count_matches(_ANY_TAG)) & (
        ~text.str.contains(_CONTROL.pattern)
    )
    html_rows = html_rows.with_columns(
        _plain(_unescape(stripped)).alias(f"{column}_clean"),
        (pl.col("_amp_ok") & simple).alias(f"{column}_ok"),
    )
    return pl.concat([plain_rows, html_rows], how="vertical").drop("_markup", "_amp_ok")


def _opt_str(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.strip_chars().str.len_chars() > 0).then(expr)


def _languages(raw: pl.Series) -> pl.Series:
    """normalize_language over a column (each distinct value computed once)."""
    distinct = raw.drop_nulls().unique().to_list()
    mapping = {value: normalize_language(value) for value in distinct}
    return raw.replace_strict(mapping, default=None, return_dtype=pl.String)


def _fast_posts(rows: pl.DataFrame, source: str) -> pl.DataFrame:
    """Posts from the bulk-extracted rows; rows whose texts the bulk rules cannot clean exactly
    (or that clean to nothing) are left out (they go record by record)."""
    rows = rows.filter("fast").drop("fast")
    rows = _clean_part(rows, "part1", "plain")
    rows = pl.concat(
        [
            _clean_part(rows.filter(pl.col("mode2") == mode), "part2", mode)
            for mode in ("plain", "markdown", "markup")
        ],
        how="vertical",
    ).sort("n")
    text1, text2 = pl.col("part1_clean"), pl.col("part2_clean")
    joined = pl.concat_str(
        [pl.when(text1 != "").then(text1), pl.when(text2 != "").then(text2)],
        separator=" ",
        ignore_nulls=True,
    )
    rows = rows.with_columns(joined.alias("text")).filter(
        pl.col("part1_ok") & pl.col("part2_ok") & (pl.col("text") != "")
    )
    posts = rows
    native = pl.col("native_id")
    platform = pl.col("platform")
    handle = _opt_str(pl.col("b_handle"))
    did_in_uri = native.str.strip_prefix("at://").str.split("/").list.get(0)
    profile = pl.when(handle.is_not_null() & (handle != "handle.invalid")).then(handle)
    profile = profile.otherwise(did_in_uri)
    rkey = native.str.split("/").list.last()
    permalink = _opt_str(pl.col("permalink"))
    author = _opt_str(pl.col("author_raw"))
    thread = pl.col("thread_raw")
    thread = pl.when(platform == "reddit").then(thread.str.strip_prefix("t3_")).otherwise(thread)
    thread_ok = thread.is_not_null() & (thread != "")
    thread_ok = thread_ok & (platform.is_in(["reddit", "mastodon"]) | (thread != native))
    return posts.select(
        pl.concat_str([platform, pl.lit(":"), native]).alias("post_id"),
        platform,
        pl.col("created_at").cast(pl.Datetime("us", "UTC")),
        pl.when(platform == "reddit")
        .then(pl.when(author != "[deleted]").then(author))
        .when(platform == "bluesky")
        .then(pl.when(handle.is_not_null()).then(profile).otherwise(_opt_str(pl.col("b_did"))))
        .otherwise(author)
        .alias("author"),
        pl.col("text"),
        pl.when(platform == "hn")
        .then(pl.concat_str([pl.lit("https://news.ycombinator.com/item?id="), native]))
        .when(platform == "reddit")
        .then(
            pl.when(permalink.str.starts_with("/")).then(
                pl.concat_str([pl.lit("https://www.reddit.com"), permalink])
            )
        )
        .when(platform == "bluesky")
        .then(pl.concat_str([pl.lit("https://bsky.app/profile/"), profile, pl.lit("/post/"), rkey]))
        .otherwise(pl.coalesce(_opt_str(pl.col("m_url")), _opt_str(pl.col("m_uri"))))
        .alias("url"),
        pl.col("language_raw").alias("language"),
        pl.col("kind"),
        pl.when(thread_ok).then(pl.concat_str([platform, pl.lit(":"), thread])).alias("thread_id"),
        pl.col("score").cast(pl.Int32),
        pl.lit(source, dtype=pl.String).alias("source"),
        pl.col("n"),
    ).with_columns(_languages_expr())


def _languages_expr() -> pl.Expr:
    return pl.col("language").map_batches(_languages, return_dtype=pl.String)


def posts_frame(posts: Sequence[Post]) -> pl.DataFrame:
    """`Post` objects as a frame with `POST_SCHEMA` columns (in order)."""
    return pl.DataFrame(
        [{k: getattr(p, k) for k in POST_SCHEMA} for p in posts], schema=POST_SCHEMA, orient="row"
    )


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
    try:
        return isinstance(json.loads(payload[start:end]), dict)
    except (ValueError, RecursionError):
        return False


def parse_social_frame(
    payload: bytes, source: Source, *, bulk_min_lines: int = BULK_MIN_LINES
) -> SocialFrameResult:
    """Parse one social payload like `parse_social`, returning the posts as a polars frame.

    Large JSON Lines payloads (`bulk_min_lines` lines or more) are parsed in bulk; the result
    equals `parse_social`'s (same posts in the same order, same quarantine, same paging).

    Raises:
        ParseError: as `parse_social` (the payload is not JSON (Lines) of a known shape).
    """
    if (
        source.format in ("auto", JSONL)
        and payload.count(b"\n") + 1 >= bulk_min_lines
        and _is_json_lines(payload)
    ):
        result = _parse_lines_bulk(payload, source)
        if result is not None:
            return result
    parsed = parse_social(payload, source)
    return SocialFrameResult(
        parsed.format,
        posts_frame(parsed.posts),
        parsed.quarantined,
        parsed.next_cursor,
        parsed.newest,
    )


def _parse_lines_bulk(payload: bytes, source: Source) -> SocialFrameResult | None:
    """The bulk JSON Lines path; None when the payload must go to `parse_social` as a whole
    (not UTF-8, no known item, or DuckDB refused a line)."""
    try:
        with duckdb.connect() as con:
            con.execute("SET TimeZone = 'UTC'").fetchall()
            _load_lines(con, payload.removeprefix(b"\xef\xbb\xbf"))
            rows = con.sql(load_sql("parse_social_lines")).pl()
            fast = _fast_posts(rows, source.name)
            con.register("fast_lines", fast.select("n"))
            slow_lines = con.sql(
                "select n, line from social_lines anti join fast_lines using (n) "
                "where trim(line) <> '' order by n"
            ).fetchall()
    except duckdb.Error as err:  # not UTF-8, a line too long, ...
        logger.info("%s: no bulk parse (%s); parsing per record", source.name, err)
        return None
    decoded: list[tuple[int, object]] = []
    for number, line in slow_lines:
        if not line.strip():
            continue
        try:
            decoded.append((number, json.loads(line)))
        except (ValueError, RecursionError):
            decoded.append((number, _NOT_JSON))
    if fast.height == 0 and not _any_known(decoded):
        return None
    collector = _Collector(source.name)
    frames = [fast.with_columns(pl.lit(0).alias("k"))]
    for number, value in decoded:
        before = len(collector.posts)
        _parse_lines([(number, value)], collector)
        if len(collector.posts) > before:
            added = posts_frame(collector.posts[before:]).with_row_index("k")
            frames.append(added.with_columns(pl.lit(number).alias("n")))
    combined = pl.concat(
        [
            f.select(*POST_SCHEMA, pl.col("n").cast(pl.Int64), pl.col("k").cast(pl.Int64))
            for f in frames
        ],
        how="vertical",
    )
    posts = (
        combined.sort("n", "k")
        .unique("post_id", keep="first", maintain_order=True)
        .select(*POST_SCHEMA)
    )
    logger.debug(
        "%s: %d posts in bulk, %d lines per record", source.name, fast.height, len(decoded)
    )
    return SocialFrameResult(JSONL, posts, collector.quarantined, None, None)


def _first_value(line: str) -> object:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _any_known(decoded: list[tuple[int, object]]) -> bool:
    return any(_page_format(v) or _item_format(v) for _, v in decoded)
