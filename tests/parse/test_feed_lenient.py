"""The lenient path of the one feed reader: feedparser after the strict parser refuses.

Dialects written the way feeds in the wild are (unescaped ampersands, unclosed roots, missing
<channel>, undeclared prefixes, Atom 0.3, RSS 0.9x/RDF, wrong or missing charsets, xml:base,
Atom links as text), the encodings chosen, the links resolved, the safety gate in front of
feedparser, and the whole pipeline recording a lenient read in source_runs.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import ParseError
from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchSettings
from pipeline.load import feeds, summary
from pipeline.parse import parse_status_payload
from pipeline.parse.news_feed import parse_news_feed
from pipeline.parse.safe_xml import to_utf8
from pipeline.parse.timestamps import parse_timestamp
from pipeline.parse.xml_feed import read_feed
from tests.conftest import LocalServer

NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)
NEWS = Source("wire", "news", "https://wire.example/feed.xml")
STATUS = Source("acme-status", "status", "https://status.acme.example/feed.xml", vendor="acme")
FETCHED = "https://wire.example/feeds/all.xml"
ATOM = 'xmlns="http://www.w3.org/2005/Atom"'


def news(payload: bytes, **kwargs: str) -> list[tuple[str, str, datetime | None]]:
    result = parse_news_feed(payload, NEWS, now=NOW, **kwargs)
    assert result.quarantined == []
    return [(i.url, i.title, i.published_at) for i in result.items]


# --- documents the strict parser refuses ----------------------------------------------------


def test_unescaped_ampersands_are_read_and_decoded_once() -> None:
    payload = (
        b'<rss version="2.0"><channel><link>https://wire.example/</link><item>'
        b"<title>AT&T &amp; Verizon: Q&A</title><link>https://wire.example/a?x=1&y=2</link>"
        b"<pubDate>Tue, 03 Mar 2026 14:05:00 GMT</pubDate></item></channel></rss>"
    )
    feed = read_feed(payload, "s")
    assert feed.lenient
    assert news(payload) == [
        (
            "https://wire.example/a?x=1&y=2",
            "AT&T & Verizon: Q&A",
            datetime(2026, 3, 3, 14, 5, tzinfo=UTC),
        )
    ]


@pytest.mark.parametrize(
    "payload",
    [
        # unclosed root (a cut transfer)
        b'<rss version="2.0"><channel><item><title>One</title>'
        b"<link>https://wire.example/1</link></item>",
        # no <channel>
        b'<rss version="2.0"><item><title>One</title><link>https://wire.example/1</link></item></rss>',
        # a prefix the document never declares
        b'<rss version="2.0"><channel><item><title>One</title><link>https://wire.example/1</link>'
        b"<dc:creator>Jo</dc:creator></item></channel></rss>",
        # an unknown root around RSS items
        b"<rss-feed><channel><item><title>One</title><link>https://wire.example/1</link></item>"
        b"</channel></rss-feed>",
    ],
    ids=["unclosed-root", "no-channel", "undeclared-prefix", "unknown-root"],
)
def test_malformed_feeds_with_entries_are_never_dropped(payload: bytes) -> None:
    feed = read_feed(payload, "s")
    assert feed.lenient
    assert [(e.title_text, e.links) for e in feed.entries] == [("One", ["https://wire.example/1"])]
    assert news(payload)[0][:2] == ("https://wire.example/1", "One")


def test_strict_reasons_stay_when_feedparser_finds_no_entry() -> None:
    for payload, reason in [
        (b"<rss><channel><title>cut", "not well-formed"),
        (b"<html><body><p>x</p></body></html>", "not an RSS or Atom feed"),
        (b"<rss version='2.0'><title>x</title></rss>", "without <channel>"),
    ]:
        with pytest.raises(ParseError, match=reason):
            read_feed(payload, "s")


def test_catalog_format_is_checked_on_the_lenient_path_too() -> None:
    payload = b"<rss><channel><item><title>A & B</title><link>https://w.example/1</link></item>"
    with pytest.raises(ParseError, match="catalog format is 'atom' but the feed is rss"):
        read_feed(payload, "s", expected_kind="atom")


def test_status_feeds_share_the_lenient_path() -> None:
    payload = (
        b'<rss version="2.0"><channel><title>Acme & Co status</title><item>'
        b"<title>API errors [RESOLVED]</title><link>https://status.acme.example/i/1</link>"
        b"<guid>https://status.acme.example/i/1</guid>"
        b"<pubDate>Tue, 03 Mar 2026 14:05:00 GMT</pubDate>"
        b"<description>Errors & timeouts. This issue has been resolved.</description></item>"
    )
    result = parse_status_payload(payload, STATUS, now=NOW)
    assert (result.format, result.is_lenient) == ("generic_feed", True)
    (incident,) = result.incidents
    assert (incident.incident_id, incident.title, incident.status) == (
        "1",
        "API errors [RESOLVED]",
        "resolved",
    )
    assert result.updates[0].body == "Errors & timeouts. This issue has been resolved."


# --- dialects the strict parser reads ---------------------------------------------------------


def test_rss_091_rdf_and_atom_03_are_read_strictly() -> None:
    rss091 = (
        b'<rss version="0.91"><channel><link>https://wire.example/</link><item><title>A</title>'
        b"<link>https://wire.example/a</link></item></channel></rss>"
    )
    rdf = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>x</title></channel>'
        b"<item><title>B</title><link>https://wire.example/b</link></item></rdf:RDF>"
    )
    atom03 = (
        b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title mode="escaped">'
        b'C &amp;amp; D</title><link rel="alternate" type="text/html" href="https://wire.example/c"/>'
        b"<issued>2026-01-01T19:48:21Z</issued><modified>2026-01-02T19:48:21Z</modified>"
        b"</entry></feed>"
    )
    assert news(rss091) == [("https://wire.example/a", "A", None)]
    assert news(rdf) == [("https://wire.example/b", "B", None)]
    assert news(atom03) == [
        ("https://wire.example/c", "C & D", datetime(2026, 1, 1, 19, 48, 21, tzinfo=UTC))
    ]
    assert not any(read_feed(p, "s").lenient for p in (rss091, rdf, atom03))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Thu, 01 Jan 04 19:48:21 GMT",
            datetime(2004, 1, 1, 19, 48, 21, tzinfo=UTC),
        ),  # 2-digit year
        ("Thu, 01 Jan 2004 19:48 EST", datetime(2004, 1, 2, 0, 48, tzinfo=UTC)),  # no seconds
        ("Mon, 01 Feb 2016 10:00:00 PT", datetime(2016, 2, 1, 18, tzinfo=UTC)),  # named zone
        ("2003-12", datetime(2003, 12, 1, tzinfo=UTC)),  # W3CDTF, month precision
        ("2004-01-01T19:48Z", datetime(2004, 1, 1, 19, 48, tzinfo=UTC)),  # W3CDTF, no seconds
        ("Sun Jan  4 16:29:06 2004", datetime(2004, 1, 4, 16, 29, 6, tzinfo=UTC)),  # asctime
        ("Mon, 01 Feb 2016 10:00:00 XYZT", None),  # unknown zone: no guess
    ],
)
def test_dates_feedparser_accepts(raw: str, expected: datetime | None) -> None:
    assert parse_timestamp(raw) == expected


# --- links -------------------------------------------------------------------------------------


def test_relative_links_resolve_against_nested_xml_base_then_feed_link_then_fetched_url() -> None:
    atom = (
        f'<feed {ATOM} xml:base="https://wire.example/news/"><link href="/"/>'
        '<entry xml:base="2026/"><title>nested</title><link href="story-1"/></entry>'
        '<entry><title>root base</title><link href="/relative/link"/></entry></feed>'
    ).encode()
    assert [u for u, _, _ in news(atom)] == [
        "https://wire.example/news/2026/story-1",
        "https://wire.example/relative/link",
    ]
    with_channel_link = (
        b'<rss version="2.0"><channel><link>https://site.example/blog/</link><item><title>x</title>'
        b"<link>/relative/link</link></item></channel></rss>"
    )
    assert news(with_channel_link)[0][0] == "https://site.example/relative/link"
    no_channel_link = (
        b'<rss version="2.0"><channel><item><title>x</title><link>p/1</link></item></channel></rss>'
    )
    assert news(no_channel_link, base_url=FETCHED)[0][0] == "https://wire.example/feeds/p/1"
    result = parse_news_feed(no_channel_link, NEWS, now=NOW)  # nothing to resolve against
    assert [q.reason for q in result.quarantined] == ["no http(s) link (got 'p/1')"]
    # The same on the lenient path (an unescaped '&' makes the document ill-formed).
    lenient = no_channel_link.replace(b"<title>x", b"<title>x & y")
    assert read_feed(lenient, "s").lenient
    assert news(lenient, base_url=FETCHED)[0][:2] == ("https://wire.example/feeds/p/1", "x & y")


@pytest.mark.parametrize("broken", [False, True], ids=["strict", "lenient"])
def test_atom_links_as_text_alternate_first_and_no_enclosure(broken: bool) -> None:
    title = "Q&A" if broken else "Q&amp;A"
    atom = (
        f"<feed {ATOM}><entry><title>{title}</title><id>tag:x,2026:1</id>"
        '<link rel="enclosure" href="https://cdn.example/a.mp3"/>'
        '<link rel="related" href="https://other.example/"/>'
        "<link>https://wire.example/as-text</link></entry>"
        f"<entry><title>{title}</title>"
        '<link rel="enclosure" type="audio/mpeg" href="https://cdn.example/b.mp3"/>'
        '<link rel="alternate" type="application/pdf" href="https://wire.example/b.pdf"/>'
        '<link rel="alternate" type="text/html" href="https://wire.example/b"/></entry></feed>'
    ).encode()
    feed = read_feed(atom, "s")
    assert feed.lenient is broken
    assert [e.links for e in feed.entries] == [
        ["https://wire.example/as-text"],
        ["https://wire.example/b", "https://wire.example/b.pdf"],
    ]
    assert [title for _, title, _ in news(atom)] == ["Q&A", "Q&A"]


# --- encodings ----------------------------------------------------------------------------------


def rss_in(text: str, encoding: str, declaration: str | None = None) -> bytes:
    head = f'<?xml version="1.0" encoding="{declaration}"?>' if declaration else ""
    body = f'{head}<rss version="2.0"><channel><item><title>{text}</title><link>https://w.example/1</link></item></channel></rss>'
    return body.encode(encoding)


@pytest.mark.parametrize(
    ("text", "encoding", "declaration", "content_type", "chosen"),
    [
        ("中文新聞標題 服務中斷已恢復正常運作", "big5", None, None, "big5 (detected)"),
        (
            "日本語のニュース サービスの障害が復旧しました",
            "shift_jis",
            None,
            None,
            "shift_jis (detected)",
        ),
        (
            "Caf\u00e9 \u201cdown\u201d \u2013 na\u00efve r\u00e9sum\u00e9",
            "cp1252",
            None,
            None,
            "cp1252 (detected)",
        ),
        # declared UTF-8 but written in windows-1252: the declaration does not decode
        (
            "Caf\u00e9 \u201cdown\u201d \u2013 na\u00efve r\u00e9sum\u00e9",
            "cp1252",
            "utf-8",
            None,
            "cp1252 (detected)",
        ),
        # no declaration: the HTTP charset says it
        (
            "\u041d\u043e\u0432\u043e\u0441\u0442\u0438",
            "koi8-r",
            None,
            "text/xml; charset=KOI8-R",
            "koi8-r (http)",
        ),
        ("Caf\u00e9", "iso-8859-1", "ISO-8859-1", None, "iso8859-1 (declared)"),
        ("Caf\u00e9", "utf-8", None, "text/xml; charset=iso-8859-1", "utf-8 (default)"),
    ],
)
def test_encodings_are_chosen_like_feedparser(
    text: str, encoding: str, declaration: str | None, content_type: str | None, chosen: str
) -> None:
    payload = rss_in(text, encoding, declaration)
    feed = read_feed(payload, "s", content_type=content_type)
    assert feed.encoding == chosen
    result = parse_news_feed(payload, NEWS, now=NOW, content_type=content_type)
    assert [i.title for i in result.items] == [text]
    assert result.encoding == chosen


def test_utf16_without_bom_and_with_bom() -> None:
    text = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><title>\u00e9</title><link>https://w.example/1</link></item></channel></rss>'
    assert to_utf8(text.encode("utf-16-le")).encoding == "utf-16-le"
    assert read_feed(text.encode("utf-16"), "s").encoding == "utf-16 (bom)"


# --- safety ---------------------------------------------------------------------------------------


def test_entity_declarations_never_reach_feedparser(monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("feedparser must not see this payload")

    monkeypatch.setattr(feedparser, "parse", fail)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<rss><channel><item><title>&b; & broken</title></item></channel>"
    )
    xxe = (
        b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&x; &</title></item>"
    )
    for payload in (laughs, xxe, b"", b"  \n"):
        with pytest.raises(ParseError):
            read_feed(payload, "s")


def test_feedparser_never_opens_a_path_or_url(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(
        b"<rss><channel><item><title>t</title><link>https://w.example/1</link></item></channel></rss>"
    )
    for payload in (str(feed).encode(), feed.as_uri().encode(), b"http://127.0.0.1:9/feed.xml"):
        with pytest.raises(ParseError):
            read_feed(payload, "s")


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    st.sampled_from([b"<rss><channel><item>", b"<feed>", b'<rdf:RDF><item rdf:about="', b"<rss>"]),
    st.binary(max_size=400),
    st.text(max_size=200),
)
def test_broken_feeds_raise_only_parse_error(head: bytes, noise: bytes, text: str) -> None:
    for payload in (head + noise, head + text.encode("utf-8", "replace")):
        with contextlib.suppress(ParseError):
            parse_news_feed(payload, NEWS, now=NOW)
        with contextlib.suppress(ParseError):
            parse_status_payload(payload, STATUS, now=NOW)


# --- the pipeline records a lenient read -------------------------------------------------------


def test_lenient_read_and_encoding_are_recorded_in_source_runs(
    schema_con: duckdb.DuckDBPyConnection, home: Path, local_http_server: LocalServer
) -> None:
    body = (
        b'<rss version="2.0"><channel><title>Wire</title><item><title>Caf\xe9 & bar</title>'
        b"<link>/story/1</link><pubDate>Tue, 03 Mar 2026 14:05:00 GMT</pubDate></item>"
    )
    headers = {"Content-Type": "application/rss+xml; charset=windows-1252"}
    url = local_http_server.route("/feeds/wire.xml", LocalServer.Reply(200, body, headers))
    source = Source("wire", "news", url)
    feeds.fetch_sources(schema_con, [source], home, "run-1", FetchSettings())
    (stats,) = feeds.parse_pending(schema_con, [source], home, "run-1", NOW, "news")
    assert (stats.records, stats.quarantined) == (1, 0)
    rows = schema_con.execute("select url, title from news_items").fetchall()
    assert rows == [(local_http_server.url("/story/1"), "Caf\u00e9 & bar")]
    recorded = schema_con.execute("select is_lenient, encoding from source_runs").fetchall()
    assert recorded == [(True, "cp1252 (http)")]
    (row,) = summary.run_summary(schema_con, "run-1")
    assert summary.summary_cells(row)[3] == "rss (lenient)"
