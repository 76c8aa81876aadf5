"""Tests for pipeline.parse.xml_feed: the one RSS/Atom/RDF reader of status and news feeds."""

from __future__ import annotations

import pytest

from pipeline.core.errors import ParseError
from pipeline.parse.xml_feed import (
    atom_text,
    element_text,
    inner_markup,
    published_dates,
    read_feed,
    updated_dates,
)

ATOM = 'xmlns="http://www.w3.org/2005/Atom"'
DC = 'xmlns:dc="http://purl.org/dc/elements/1.1/"'


def rss(items: str, channel: str = "<link>https://site.example/news/</link>") -> bytes:
    return f'<rss version="2.0" {DC}><channel>{channel}{items}</channel></rss>'.encode()


def test_kinds_and_roots() -> None:
    assert read_feed(rss(""), "s").kind == "rss"
    assert read_feed(f"<feed {ATOM}/>".encode(), "s").kind == "atom"
    assert read_feed(b"<feed/>", "s").kind == "atom"  # Atom without namespace
    rdf = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        b' xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://a.example/1">'
        b"<title>One</title></item></rdf:RDF>"
    )
    feed = read_feed(rdf, "s")  # RSS 1.0 items beside the channel; no channel needed
    assert (feed.kind, feed.entries[0].about) == ("rss", "https://a.example/1")
    for payload, reason in [
        (b"<html><body/></html>", r"not an RSS or Atom feed \(root element <html>\)"),
        (b'<x:feed xmlns:x="urn:other"/>', "not an RSS or Atom feed"),
        (b"<rss version='2.0'><title>x</title></rss>", "RSS document without <channel>"),
    ]:
        with pytest.raises(ParseError, match=reason):
            read_feed(payload, "s")
    with pytest.raises(ParseError, match="catalog format is 'atom' but the feed is rss"):
        read_feed(rss(""), "s", expected_kind="atom")


def test_undeclared_html_entities_are_read() -> None:
    feed = read_feed(rss("<item><title>Prices&nbsp;up &mdash; again</title></item>"), "s")
    assert element_text(feed.entries[0].title) == "Prices\u00a0up \u2014 again"


def test_elements_count_in_their_own_vocabulary() -> None:
    item = (
        '<item xmlns:media="http://search.yahoo.com/mrss/">'
        "<title>Real</title><media:title>Media</media:title>"
        "<description>Summary</description><media:description>No</media:description>"
        "<dc:date>2026-03-03T14:05:00Z</dc:date><media:date>never</media:date>"
        "<dc:creator>Jane</dc:creator><dc:subject>AI</dc:subject><category>Cloud</category>"
        "</item>"
    )
    entry = read_feed(rss(item), "s").entries[0]
    assert element_text(entry.title) == "Real"
    assert element_text(entry.summary) == "Summary"
    assert entry.dates == [("date", "2026-03-03T14:05:00Z")]
    assert (entry.creators, entry.categories) == (["Jane"], ["AI", "Cloud"])


def test_rss_links_resolve_and_only_http_counts() -> None:
    items = (
        "<item><link>/a/1</link><guid>https://site.example/g/1</guid></item>"
        "<item><link>mailto:x@y.example</link><guid isPermaLink='false'>g2</guid></item>"
        '<item><link href="https://site.example/h"/></item>'
    )
    first, second, third = read_feed(rss(items), "s").entries
    assert first.links == ["https://site.example/a/1"]
    assert first.guid_link == "https://site.example/g/1"
    assert (second.links, second.rejected_links, second.guid_link) == (
        [],
        ["mailto:x@y.example"],
        None,
    )
    assert third.links == ["https://site.example/h"]  # an empty <link> with an href


def test_atom_links_prefer_html_and_xml_base() -> None:
    payload = (
        f'<feed {ATOM} xml:base="https://news.example/">'
        '<link rel="alternate" href="https://news.example/"/>'
        "<entry><id>https://news.example/e/1</id>"
        '<link rel="alternate" type="application/pdf" href="/e/1.pdf"/>'
        '<link rel="alternate" type="text/html" href="e/1"/>'
        '<link rel="self" href="/e/1.atom"/>'
        "</entry></feed>"
    ).encode()
    entry = read_feed(payload, "s").entries[0]
    assert entry.links == ["https://news.example/e/1", "https://news.example/e/1.pdf"]
    assert entry.guid_link == "https://news.example/e/1"


def test_dates_keep_their_names_and_order() -> None:
    payload = (
        f"<feed {ATOM} {DC}><updated>2026-03-02T00:00:00Z</updated>"
        "<entry><updated>u</updated><published>p</published><dc:date>d</dc:date></entry></feed>"
    ).encode()
    feed = read_feed(payload, "s")
    assert feed.dates == [("updated", "2026-03-02T00:00:00Z")]
    dates = feed.entries[0].dates
    assert dates == [("updated", "u"), ("published", "p"), ("date", "d")]
    assert (published_dates(dates), updated_dates(dates)) == (["p", "d"], ["u"])


def test_single_valued_elements() -> None:
    item = (
        "<item><title>old</title><title>new</title>"
        "<description> </description><description>first</description>"
        "<description>second</description></item>"
    )
    entry = read_feed(rss(item), "s").entries[0]
    assert element_text(entry.title) == "new"
    assert element_text(entry.summary) == "first"


def test_authors_languages_and_categories() -> None:
    payload = (
        f'<feed {ATOM} xml:lang="de-DE"><author><name>Desk</name></author>'
        '<entry xml:lang="fr"><category term="t"/><category label="l"/><category>x</category>'
        "</entry>"
        "<entry><author><email>a@b.example</email></author></entry></feed>"
    ).encode()
    feed = read_feed(payload, "s")
    first, second = feed.entries
    assert (feed.language, first.language, second.language) == ("de", "fr", None)
    assert first.authors == ["Desk"]  # the feed's author
    assert second.authors == ["a@b.example"]
    assert first.categories == ["t", "l", "x"]
    item = "<item><author>jdoe@example.com (Jane Doe)</author><language>en-GB</language></item>"
    entry = read_feed(rss(item), "s").entries[0]
    assert (entry.authors, entry.language) == (["Jane Doe"], "en")


def test_text_rendering() -> None:
    payload = (
        f'<feed {ATOM}><entry><title type="html">A &lt;em&gt;b&lt;/em&gt; &amp;amp; c</title>'
        '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p>y</div>'
        '</summary><content type="text">  plain   &lt;b&gt; </content></entry></feed>'
    ).encode()
    entry = read_feed(payload, "s").entries[0]
    assert atom_text(entry.title) == "A b & c"
    assert atom_text(entry.summary) == "x y"
    assert atom_text(entry.content) == "plain <b>"
    assert inner_markup(entry.summary).startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
