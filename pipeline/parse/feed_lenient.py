"""Read a feed the strict parser refused with feedparser, into the reader's `Feed` records.

`read_lenient(data, base_url) -> Feed | None` is the second path of the one RSS/Atom reader
(pipeline.parse.xml_feed.read_feed): it runs only after the strict lxml path refused a payload
(not well-formed, unknown root, undeclared namespace prefix, bad encoding) and after the
reader's gate (pipeline.parse.safe_xml.refuse_unsafe: no empty payload, no DOCTYPE with
entities ever reaches feedparser). feedparser gets the bytes (wrapped in a stream, so it never
opens a file or a URL: a bytes or str argument can name a path it would read), already cut to
the fetch size cap and as UTF-8 (safe_xml.to_utf8), with no HTTP headers; it neither sanitizes
nor rewrites the HTML (the mappers read text out of it themselves).

What is taken, so that both paths give the same records:

- kind: 'atom' for feedparser's atom* versions, else 'rss' (RSS 0.9x, 1.0/RDF, 2.0, or a
  version feedparser could not name).
- links: rel=alternate links, text/html first, in document order (enclosures, 'related' and
  the others never); else feedparser's `link` (an Atom <link> carrying its URL as text, an
  RSS permalink guid). feedparser resolves xml:base (nested); what is still relative resolves
  against the feed's own link, then the fetched URL. Only http(s) URLs count; the others are
  kept in `rejected_links` for the quarantine reason.
- guid: the id/guid (feedparser takes rdf:about for RSS 1.0); guid_link when feedparser says
  the guid is the item's link, or for Atom when the id is an http(s) URL.
- title, summary, content: feedparser's decoded values (entities decoded once); plain-text
  constructs are escaped into HTML so the mappers render every path the same way.
- dates: feedparser's raw published / updated / created strings (named like the strict
  path's elements, so the same priorities apply); the mappers read them with
  pipeline.parse.timestamps.parse_timestamp, which accepts what feedparser accepts.
- authors (RSS <author> names, Atom author names, dc:creator), categories (tag term, else
  label), language (the entry's, else none: the feed's is the feed's), <source> title.

Returns None when feedparser finds no entry: a document read as empty is not read at all.
Nothing but ParseError-free values leave this module; feedparser's own errors are caught.
"""

from __future__ import annotations

import html as html_lib
import io
import logging
from collections.abc import Mapping
from typing import Any

from pipeline.parse.feed_model import Feed, FeedEntry
from pipeline.parse.html_text import collapse_whitespace, html_to_text, http_url, normalize_language

logger = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ALTERNATE = frozenset({"alternate", "http://www.iana.org/assignments/relation/alternate"})
# feedparser's entry keys and the strict path's element names for the same dates.
_DATE_KEYS = (("published", "published"), ("created", "created"), ("updated", "updated"))


def read_lenient(data: bytes, base_url: str | None = None) -> Feed | None:
    """Parse `data` with feedparser and map its feed and entries (None when it finds none).

    `base_url` is the URL the payload was fetched from: relative links that neither xml:base
    nor the feed's own link resolves are resolved against it.
    """
    # Imported on use: only payloads the strict parser refused need feedparser.
    import feedparser

    try:
        parsed = feedparser.parse(
            io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False
        )
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError) as err:
        # feedparser is robust, but its loose parser is regular expressions over any text.
        logger.debug("feedparser failed: %s: %s", type(err).__name__, err)
        return None
    entries = _get(parsed, "entries") or []
    if not entries:
        return None
    version = str(_get(parsed, "version") or "")
    kind = "atom" if version.startswith("atom") else "rss"
    head: Mapping[str, Any] = _get(parsed, "feed") or {}
    feed_link = http_url(_string(_get(head, "link")), base_url)
    feed = Feed(
        kind,
        link=feed_link,
        feed_id=_string(_get(head, "id")).strip() or None,
        language=normalize_language(_string(_get(head, "language")) or None),
        authors=_authors(head),
        dates=_dates(head),
        lenient=True,
    )
    fallback = feed_link or base_url
    feed.entries = [
        _entry(item, index, kind, fallback, feed.authors)
        for index, item in enumerate(entries, start=1)
        if isinstance(item, Mapping)
    ]
    return feed


def _get(mapping: object, key: str) -> Any:
    """A value as feedparser stored it: its dict's own `get` would map 'updated' to
    'published' (feedparser issue 310) and other keys to aliases."""
    return dict.get(mapping, key) if isinstance(mapping, dict) else None


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _entry(
    item: Mapping[str, Any], index: int, kind: str, fallback: str | None, feed_authors: list[str]
) -> FeedEntry:
    guid = _string(_get(item, "id")).strip() or None
    entry = FeedEntry(
        index,
        guid=guid,
        title_text=_title(item),
        summary_html=_html(_get(item, "summary_detail"), _string(_get(item, "summary"))),
        content_html=_content(_get(item, "content")),
        dates=_dates(item),
        authors=_authors(item),
        categories=_categories(_get(item, "tags")),
        language=normalize_language(_string(_get(item, "language")) or None),
    )
    if kind == "rss" and guid and _get(item, "guidislink"):
        entry.guid_link = http_url(guid, fallback)
    elif kind == "atom" and guid:
        entry.guid_link = http_url(guid, None)
    source = _get(item, "source")
    if isinstance(source, Mapping):
        entry.source_name = collapse_whitespace(_string(_get(source, "title"))) or None
    for href in _hrefs(item):
        url = http_url(href, fallback)
        if url:
            entry.links.append(url)
        else:
            entry.rejected_links.append(href)
    if kind == "atom" and not entry.authors:
        entry.authors = list(feed_authors)
    return entry


def _hrefs(item: Mapping[str, Any]) -> list[str]:
    """The entry's alternate links, HTML ones first, else feedparser's `link`."""
    alternates: list[tuple[bool, str]] = []
    for link in _get(item, "links") or []:
        if not isinstance(link, Mapping):
            continue
        rel = _string(_get(link, "rel") or "alternate").strip().lower()
        href = _string(_get(link, "href")).strip()
        if rel in _ALTERNATE and href:
            html = _string(_get(link, "type") or "text/html").lower() in _HTML_TYPES
            alternates.append((not html, href))
    hrefs = [href for _, href in sorted(alternates, key=lambda pair: pair[0])]
    if not hrefs:
        link = _string(_get(item, "link")).strip()
        hrefs = [link] if link else []
    return list(dict.fromkeys(hrefs))


def _is_html(detail: object) -> bool:
    kind = _string(_get(detail, "type")) if isinstance(detail, Mapping) else "text/html"
    return kind.lower() in _HTML_TYPES or not kind


def _title(item: Mapping[str, Any]) -> str | None:
    raw = _string(_get(item, "title"))
    if not raw:
        return None
    if _is_html(_get(item, "title_detail")):
        return html_to_text(raw)
    return collapse_whitespace(raw)


def _html(detail: object, value: str) -> str | None:
    """A text construct as HTML: plain text is escaped, so rendering it gives it back."""
    if not value.strip():
        return None
    return value if _is_html(detail) else html_lib.escape(value, quote=False)


def _content(contents: object) -> str | None:
    if not isinstance(contents, list):
        return None
    for content in contents:
        if isinstance(content, Mapping):
            markup = _html(content, _string(_get(content, "value")))
            if markup:
                return markup
    return None


def _dates(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(name, raw) for key, name in _DATE_KEYS if (raw := _string(_get(item, key)).strip())]


def _authors(item: Mapping[str, Any]) -> list[str]:
    names: list[str] = []
    for author in _get(item, "authors") or []:
        if isinstance(author, Mapping):
            name = _string(_get(author, "name")) or _string(_get(author, "email"))
            name = collapse_whitespace(name)
            if name:
                names.append(name)
    return names


def _categories(tags: object) -> list[str]:
    if not isinstance(tags, list):
        return []
    return [
        _string(_get(tag, "term")) or _string(_get(tag, "label"))
        for tag in tags
        if isinstance(tag, Mapping)
    ]
