"""Tests for pipeline.parse.news_feed: real RSS/Atom fixtures, own edge-case feeds, safety, fuzz."""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import ParseError
from pipeline.core.models import NewsItem, NewsParseResult, Source
from pipeline.parse.news_feed import parse_news_feed

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "fixtures" / "news_rss"
OWN = REPO / "tests" / "fixtures" / "news"
SOURCE = Source(name="test-news", kind="news", url="file://feed")
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the run's time: upper bound of plausible dates

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/fixtures/news_rss (real news feeds) is not checked out"
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse_file(path: Path, fmt: str = "auto") -> NewsParseResult:
    source = Source(name=SOURCE.name, kind="news", url=SOURCE.url, format=fmt)
    return parse_news_feed(path.read_bytes(), source, now=NOW)


def by_url(result: NewsParseResult) -> dict[str, NewsItem]:
    return {i.url: i for i in result.items}


def assert_consistent(result: NewsParseResult) -> None:
    """Invariants of every parse: UTC datetimes, http(s) URLs, plain one-line text."""
    assert result.format in ("rss", "atom")
    for item in result.items:
        assert item.source == SOURCE.name
        assert item.item_id
        assert item.url.startswith(("http://", "https://"))
        assert item.published_at is None or item.published_at.tzinfo is UTC
        for text in (item.title, item.summary):
            assert text == " ".join(text.split())
        assert isinstance(item.categories, tuple)


# --- real feeds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guardian() -> NewsParseResult:
    if not SHARED.is_dir():
        pytest.skip("../shared/fixtures/news_rss (real news feeds) is not checked out")
    return parse_file(SHARED / "guardian_us_2018.rss")


@needs_shared
def test_guardian_rss_items_titles_and_utc_dates(guardian: NewsParseResult) -> None:
    assert guardian.format == "rss"
    assert len(guardian.items) == 55
    assert guardian.quarantined == []
    assert_consistent(guardian)
    first = guardian.items[0]
    assert first.title == "Trump State of the Union address promised unity but emphasized discord"
    assert first.url == (
        "https://www.theguardian.com/us-news/2018/jan/31/"
        "donald-trump-state-of-the-union-address-unity-discord"
    )
    assert first.item_id == first.url  # guid == link in this feed
    assert first.published_at == utc(2018, 1, 31, 7, 26, 5)  # 'Wed, 31 Jan 2018 07:26:05 GMT'
    assert first.author == "David Smith in Washington"
    assert first.categories[:2] == ("Donald Trump", "State of the Union address")
    assert first.language == "en"  # channel <language>en-gb</language>
    # The description is HTML: tags gone, entities decoded, whitespace collapsed.
    assert first.summary.startswith(
        "The president\u2019s \u2018new American moment\u2019 speech stirred"
    )
    assert "<p>" not in first.summary and "&lt;" not in first.summary
    assert "Fact check: Donald Trump's State of the Union address analyzed" in first.summary
    assert guardian.items[1].title == "So, how did conservatives like the State of the Union?"
    assert all(i.published_at is not None for i in guardian.items)
    assert len({i.item_id for i in guardian.items}) == 55


@needs_shared
def test_guardian_honours_catalog_format(guardian: NewsParseResult) -> None:
    assert parse_file(SHARED / "guardian_us_2018.rss", "rss") == guardian
    with pytest.raises(ParseError) as info:
        parse_file(SHARED / "guardian_us_2018.rss", "atom")
    assert info.value.record_ref == "payload"
    assert "'atom'" in info.value.reason


@needs_shared
def test_heise_atom_offsets_become_utc_and_language_is_only_declared() -> None:
    result = parse_file(SHARED / "heise_developer_news.atom")
    assert result.format == "atom"
    assert len(result.items) == 15
    assert result.quarantined == []
    assert_consistent(result)
    first = result.items[0]
    assert first.title == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    assert first.item_id == "http://heise.de/-3088438"
    assert first.url == (
        "http://www.heise.de/developer/meldung/"
        "Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html"
        "?wt_mc=rss.developer.beitrag.atom"
    )
    # <published>2016-02-01T17:22:00+01:00</published>
    assert first.published_at == utc(2016, 2, 1, 16, 22)
    assert first.summary.startswith("Die nun verfügbare Version 10 des Enterprise-Java-Servers")
    assert first.author == "heise online"  # inherited from the feed's <author>
    # The feed declares no language: nothing is guessed.
    assert {i.language for i in result.items} == {None}


@needs_shared
def test_heise_declared_language_is_detected() -> None:
    payload = (SHARED / "heise_developer_news.atom").read_bytes()
    declared = payload.replace(
        b'<feed xmlns="http://www.w3.org/2005/Atom">',
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-DE">',
        1,
    )
    assert declared != payload
    result = parse_news_feed(declared, SOURCE, now=NOW)
    assert {i.language for i in result.items} == {"de"}


def test_utc_handling_does_not_depend_on_process_timezone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = sorted(OWN.iterdir()) + (sorted(SHARED.iterdir()) if SHARED.is_dir() else [])
    expected = [parse_file(p) for p in paths]
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert [parse_file(p) for p in paths] == expected
        rdf = parse_file(OWN / "rdf_rss10.rdf")
        assert rdf.items[0].published_at == utc(2026, 2, 10, 7, 15)
    finally:
        monkeypatch.undo()
        time.tzset()


# --- own feeds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def google() -> NewsParseResult:
    return parse_file(OWN / "google_news_search.rss")


def test_google_news_redirect_links_are_kept_and_titles_lose_the_source(
    google: NewsParseResult,
) -> None:
    assert google.format == "rss"
    assert_consistent(google)
    item = google.items[0]
    assert (
        item.url
        == "https://news.google.com/rss/articles/CBMiWkFVX3lxTE1hbXBsZS1yZWRpcmVjdC1vbmU?oc=5"
    )
    assert item.item_id == "CBMiWkFVX3lxTE1hbXBsZS1yZWRpcmVjdC1vbmU"  # guid, not a permalink
    assert item.title == "Claude outage hits developers worldwide"  # ' - The Example Times' gone
    assert item.summary == "Claude outage hits developers worldwide The Example Times"
    assert item.published_at == utc(2026, 3, 3, 14, 5)
    assert item.language == "en"


def test_tracking_parameters_cdata_and_rss_author(google: NewsParseResult) -> None:
    item = google.items[1]
    # Kept as published; the canonical URL comes from the article page.
    assert item.url == (
        "https://www.example.org/tech/anthropic-prices"
        "?utm_source=rss&utm_medium=feed&utm_campaign=ai#comments"
    )
    assert item.item_id == "example-org-4711"
    assert item.summary == "Anthropic & partners raised prices. Developers react…"  # no script
    assert item.published_at == utc(2026, 3, 2, 14, 30)  # -0500
    assert item.author == "Jane Q. Reporter"  # 'desk@example.org (Jane Q. Reporter)'
    assert item.categories == ("AI", "Pricing")


def test_missing_and_unparseable_dates_keep_the_item(google: NewsParseResult) -> None:
    items = by_url(google)
    undated = items["https://www.example.org/tech/undated"]
    assert undated.published_at is None
    assert undated.item_id == undated.url  # no guid: the link is the id
    assert undated.summary == "Plain text summary & nothing else."
    garbled = items["https://www.example.org/tech/garbled"]
    assert garbled.published_at is None
    assert garbled.summary == "Full text from content:encoded."  # description was empty
    permalink = items["https://www.example.org/tech/permalink-guid"]
    assert permalink.published_at == utc(2026, 3, 1, 22, 59, 59)


def test_items_without_http_link_are_quarantined(google: NewsParseResult) -> None:
    assert len(google.items) == 5
    reasons = {q.record_ref: q.reason for q in google.quarantined}
    assert set(reasons) == {"orphan-42", "item#7"}
    assert "no http(s) link" in reasons["orphan-42"]
    assert "file:///etc/passwd" in reasons["item#7"]  # never handed to the fetcher
    assert all(q.source == SOURCE.name for q in google.quarantined)


def test_rss_10_rdf() -> None:
    result = parse_file(OWN / "rdf_rss10.rdf")
    assert result.format == "rss"
    assert result.quarantined == []
    assert_consistent(result)
    first, second = result.items
    assert first.item_id == "https://blog.example.net/2026/02/model-release"  # rdf:about
    assert first.title == "Nouveau modèle & tarifs"
    assert first.summary == "Un nouveau modèle."
    assert first.published_at == utc(2026, 2, 10, 7, 15)  # dc:date +01:00
    assert first.author == "Marie Curie, Pierre Curie"
    assert first.categories == ("models",)
    assert first.language == "fr"  # channel dc:language fr-FR
    assert second.url == "https://blog.example.net/2026/02/outage-postmortem?ref=rss"  # relative
    assert second.summary == "What went wrong on February 11."
    assert second.published_at == utc(2026, 2, 12)  # date only: midnight UTC
    assert second.language == "en"  # the item's own dc:language wins


def test_atom_text_constructs_links_and_xml_lang() -> None:
    result = parse_file(OWN / "atom_xhtml_lang.atom")
    assert result.format == "atom"
    assert_consistent(result)
    first, second = result.items
    assert first.item_id == "tag:news.example.de,2026:1001"
    assert first.title == "KI-Dienst gestört"  # type="html"
    # rel=alternate by default; self and enclosure links ignored; xml:base applied.
    assert first.url == "https://news.example.de/artikel/ki-dienst-gestoert-1001.html?wt_mc=rss"
    assert first.summary == "Der Dienst war zwei Stunden nicht erreichbar. Alles läuft wieder."
    assert first.published_at == utc(2026, 3, 1, 9, 30)
    assert first.author == "Anna Schmidt, Ben Müller"
    assert first.categories == ("KI", "Störung")
    assert first.language == "de"  # feed xml:lang="de-DE"
    assert second.title == "Plain <title> text"  # type="text" is literal
    assert second.url == "https://news.example.de/en/plain-title"  # id is an http URL
    assert second.published_at == utc(2026, 3, 1, 7, 30)  # updated, -08:00
    assert second.author == "Redaktion"
    assert second.language == "en"  # entry xml:lang
    assert [(q.record_ref, q.reason[:16]) for q in result.quarantined] == [
        ("tag:news.example.de,2026:1003", "no http(s) link ")
    ]


def test_undeclared_html_entities_are_tolerated() -> None:
    result = parse_file(OWN / "undeclared_entities.rss")
    (item,) = result.items
    assert item.title == "Prices up — again"
    assert item.published_at == utc(2026, 1, 5, 7)


# --- unusable payloads --------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title><link>https://x.test/</link></item>
</channel></rss>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title><link>https://x.test/</link></item>
</channel></rss>"""


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"not xml at all", "not well-formed"),
        (b'{"items": []}', "not well-formed"),
        (b"<html><body><p>Hello</p></body></html>", "not an RSS or Atom feed"),
        (b"<opml version='2.0'><body/></opml>", "not an RSS or Atom feed"),
        (b"<rss version='2.0'><title>no items</title></rss>", "without <channel>"),
        (b"<rss><channel><title>cut", "not well-formed"),  # feedparser finds no item either
        (BILLION_LAUGHS, "ENTITY"),
        (XXE, "ENTITY"),
    ],
)
def test_unusable_payloads_raise_parse_error(payload: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_news_feed(payload, SOURCE, now=NOW)
    assert info.value.record_ref == "payload"
    assert info.value.source == SOURCE.name
    assert reason in info.value.reason


def test_empty_channel_is_an_empty_result() -> None:
    result = parse_news_feed(
        b"<rss version='2.0'><channel><title>x</title></channel></rss>", SOURCE, now=NOW
    )
    assert result == NewsParseResult(format="rss")


# --- fuzz ---------------------------------------------------------------------------------------


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_raise_only_parse_error(payload: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_news_feed(payload, SOURCE, now=NOW)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    st.sampled_from(sorted(OWN.iterdir())),
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1),
            st.sampled_from(
                [b"<", b">", b"</item>", b"<item>", b"&", b"&nbsp;", b"&#0;", b"\x00", b"]]>",
                 b"<![CDATA[", b'"', b"\xe9", b"<link>", b"<pubDate>", b"<entry>", b""]
            ),
            st.integers(min_value=0, max_value=200),
        ),
        max_size=10,
    ),
)  # fmt: skip
def test_mutated_feeds_raise_only_parse_error(
    path: Path, mutations: list[tuple[float, bytes, int]]
) -> None:
    payload = bytearray(path.read_bytes())
    for where, token, cut in mutations:
        at = int(where * len(payload))
        payload[at : at + cut] = token
    try:
        result = parse_news_feed(bytes(payload), SOURCE, now=NOW)
    except ParseError:
        return
    assert_consistent_loose(result)


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    title=_TEXT,
    link=_TEXT,
    description=_TEXT,
    date=_TEXT,
    guid=_TEXT,
    lang=_TEXT,
    raw_description=st.booleans(),
)
def test_arbitrary_item_fields_raise_nothing(
    title: str, link: str, description: str, date: str, guid: str, lang: str, raw_description: bool
) -> None:
    def x(value: str) -> str:  # XML 1.0 cannot carry most control characters at all
        return escape("".join(c for c in value if c >= " " or c in "\t\n\r"))

    body = description if raw_description else x(description)
    feed = (
        f"<rss version='2.0'><channel><language>{x(lang)}</language><item>"
        f"<title>{x(title)}</title><link>{x(link)}</link><guid>{x(guid)}</guid>"
        f"<pubDate>{x(date)}</pubDate><description>{body}</description></item></channel></rss>"
    )
    try:
        result = parse_news_feed(feed.encode("utf-8"), SOURCE, now=NOW)
    except ParseError:
        return  # a raw description may break the XML
    assert len(result.items) + len(result.quarantined) == 1
    assert_consistent_loose(result)


def assert_consistent_loose(result: NewsParseResult) -> None:
    for item in result.items:
        assert item.url.startswith(("http://", "https://"))
        assert item.published_at is None or item.published_at.tzinfo is UTC


# The plausible range of pipeline.core.limits up to NOW (hypothesis wants naive bounds).
LOW, HIGH = datetime(2005, 1, 1), datetime(2026, 12, 1)  # noqa: DTZ001
_MOMENTS = st.datetimes(min_value=LOW, max_value=HIGH, timezones=st.just(UTC)).map(
    lambda d: d.replace(microsecond=0)
)
_OFFSETS = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)


@settings(
    max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.lists(
        st.tuples(st.uuids(), _MOMENTS, _OFFSETS), min_size=1, max_size=8, unique_by=lambda t: t[0]
    ),
    st.booleans(),
)
def test_generated_feeds_round_trip_ids_and_timestamps(
    entries: list[tuple[object, datetime, timezone]], atom: bool
) -> None:
    if atom:
        body = "".join(
            f"<entry><id>urn:uuid:{uid}</id><title>t</title>"
            f"<link href='https://n.test/{uid}'/>"
            f"<published>{moment.astimezone(zone).isoformat()}</published></entry>"
            for uid, moment, zone in entries
        )
        feed = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>f</title>{body}</feed>"
    else:
        body = "".join(
            f"<item><guid isPermaLink='false'>{uid}</guid><link>https://n.test/{uid}</link>"
            f"<pubDate>{format_datetime(moment.astimezone(zone))}</pubDate></item>"
            for uid, moment, zone in entries
        )
        feed = f"<rss version='2.0'><channel><title>f</title>{body}</channel></rss>"
    result = parse_news_feed(feed.encode(), SOURCE, now=NOW)
    assert result.format == ("atom" if atom else "rss")
    prefix = "urn:uuid:" if atom else ""
    assert [(i.item_id, i.published_at) for i in result.items] == [
        (f"{prefix}{uid}", moment) for uid, moment, _ in entries
    ]
    assert all(i.published_at is not None and i.published_at.tzinfo is UTC for i in result.items)


def test_links_with_newlines_or_spaces_become_one_token() -> None:
    """A link wrapped over lines or holding spaces (fuzz finding) is stored as a browser would
    read it: tabs and newlines removed, spaces percent-encoded; never with a control char."""
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>tag:a,2026:1</id><title>Claude outage</title><updated>2026-03-03T10:00:00Z</updated>
<link rel="alternate" href="https://news.example/2026/03/claude-&#10;outage.html"/></entry>
<entry><id>tag:a,2026:2</id><title>ChatGPT</title><updated>2026-03-03T10:00:00Z</updated>
<link href="https://news.example/a b.html"/></entry>
</feed>"""
    rss = b"""<rss version="2.0"><channel><title>t</title><link>https://news.example/</link>
<item><title>Gemini</title><link>https://news.example/gemini
  -down</link></item></channel></rss>"""
    source = Source(name="t", kind="news", url="https://news.example/feed")
    urls = [item.url for item in parse_news_feed(atom, source, now=NOW).items]
    urls += [item.url for item in parse_news_feed(rss, source, now=NOW).items]
    assert urls == [
        "https://news.example/2026/03/claude-outage.html",
        "https://news.example/a%20b.html",
        "https://news.example/gemini%20%20-down",
    ]
