"""The records of the one RSS/Atom reader: a `Feed` and its `FeedEntry`s, whichever path read it.

The strict path (pipeline.parse.xml_feed) fills the element fields with lxml elements; the
lenient path (pipeline.parse.feed_lenient, feedparser) fills the plain-value fields instead
(`title_text`, `summary_html`, `content_html`). The mappers (news_feed, status_feed) read
either. Both are re-exported by pipeline.parse.xml_feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

PUBLISHED_ELEMENTS = ("pubDate", "date", "published", "issued", "created")
"""Date elements that say when an entry was published, by priority."""
UPDATED_ELEMENTS = ("updated", "modified", "lastBuildDate")
"""Date elements that say when an entry (or feed) last changed, by priority."""


@dataclass(slots=True)
class FeedEntry:
    """One RSS item or Atom entry as the document writes it (text elements unrendered)."""

    index: int  # 1-based position in the feed
    title: etree._Element | None = None
    guid: str | None = None  # RSS guid / Atom id, stripped
    guid_link: str | None = None  # the guid as an http(s) URL when it is a permalink
    about: str | None = None  # RSS 1.0 rdf:about
    links: list[str] = field(default_factory=list)  # http(s) URLs, the preferred first
    rejected_links: list[str] = field(default_factory=list)  # links that are not http(s)
    summary: etree._Element | None = None  # RSS description / Atom summary
    content: etree._Element | None = None  # content:encoded / Atom content
    dates: list[tuple[str, str]] = field(default_factory=list)  # (local name, raw text)
    creators: list[str] = field(default_factory=list)  # dc:creator
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # raw: may be blank or repeated
    language: str | None = None
    source_name: str | None = None  # RSS <source>: the publication an aggregator took it from
    # Lenient path only (the element fields above are then None):
    title_text: str | None = None  # the title as plain text
    summary_html: str | None = None  # description / summary as HTML (plain text is HTML too)
    content_html: str | None = None  # content:encoded / Atom content as HTML


@dataclass(slots=True)
class Feed:
    """One RSS or Atom document: what its channel/feed element says, and its entries."""

    kind: str  # 'rss' or 'atom'
    link: str | None = None  # the site's http(s) URL
    feed_id: str | None = None  # Atom id
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)  # (local name, raw text)
    entries: list[FeedEntry] = field(default_factory=list)
    lenient: bool = False  # read by feedparser because the strict parser refused it
    encoding: str | None = None  # the encoding read and how it was chosen: 'big5 (detected)'
