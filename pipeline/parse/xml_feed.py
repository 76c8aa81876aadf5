"""Read RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 documents into feed entries: the one reader.

`read_feed(payload, source) -> Feed` parses a payload with the safe XML parser
(pipeline.parse.safe_xml: no DTD entities, no network; undeclared HTML entities such as
&nbsp; or &mdash; that make a feed ill-formed are rewritten as character references and the
payload is parsed once more) and walks the document into the feed's link, id, language,
authors and dates and one `FeedEntry` per RSS item or Atom entry, in document order. Status
feeds (pipeline.parse.status_feed) and news feeds (pipeline.parse.news_feed) map the entries to
their records; `element_text`, `inner_markup` and `atom_text` render an entry's text elements.
Nothing is fetched; only ParseError leaves this module.

When the strict walk refuses a payload (not well-formed, unknown root, undeclared namespace
prefix, bad encoding, RSS without <channel>), it is read once more in the encoding
safe_xml.to_utf8 chooses (BOM, HTTP charset, declaration, UTF-8, detection), then with bare
'&'s escaped (`Feed.lenient`), then by feedparser (pipeline.parse.feed_lenient; lenient too),
which fills the same records. A payload neither path reads with an entry raises the strict
path's ParseError. Empty payloads and DOCTYPEs declaring entities are refused before any
parser sees them. `Feed.encoding` records the encoding read and how it was chosen.

Rules of the walk:

- The root decides the kind: <feed> in an Atom namespace (1.0 or 0.3) or in none is Atom;
  <rss> or rdf:RDF is RSS; any other root raises ParseError. <rss> needs a <channel>; RSS 1.0
  items may also sit beside the channel.
- An element counts in its own vocabulary: RSS elements in the RSS namespaces (none, 0.9, 1.0,
  userland), Atom elements in the Atom namespaces (and in the root's, for an Atom document
  without namespace), Dublin Core (dc:, dcterms:) creator, subject, date and language,
  content:encoded, and atom:link and Atom dates inside RSS items.
- Links: RSS <link> text (else its href) and atom:link rel=alternate; Atom rel=alternate links,
  text/html ones first (rel=enclosure, related... never); an Atom <link> without href gives
  its text. Relative links resolve against xml:base (nested: each against the one outside
  it), then the feed's link, then the fetched URL (`base_url`); only http(s) URLs are kept
  (the others are listed in `rejected_links`).
- Title, id/guid, content and the Atom summary: the last element counts; the RSS description:
  the first non-blank one.
- Dates: every date element as (local name, raw text), in document order; PUBLISHED_ELEMENTS
  name publication dates, UPDATED_ELEMENTS modification dates.
- Authors: RSS <author> ('jdoe@example.com (Jane Doe)' -> 'Jane Doe'), Atom author names (an
  Atom entry without author or dc:creator takes the feed's); dc:creator apart.
- Language: the item's dc:language / <language>, else its own xml:lang; the feed's
  <language> / dc:language / xml:lang (primary subtag only: 'en-gb' -> 'en').
"""

from __future__ import annotations

import contextlib
import logging
import re
from functools import lru_cache
from html.entities import name2codepoint
from urllib.parse import urljoin

from lxml import etree

from pipeline.core.errors import ParseError
from pipeline.parse.feed_lenient import read_lenient
from pipeline.parse.feed_model import PUBLISHED_ELEMENTS, UPDATED_ELEMENTS, Feed, FeedEntry
from pipeline.parse.html_text import html_to_text, http_url, normalize_language
from pipeline.parse.safe_xml import (
    RefusedPayloadError,
    declared_encoding,
    http_charset,
    parse_xml,
    refuse_unsafe,
    to_utf8,
)

__all__ = [
    "PUBLISHED_ELEMENTS",
    "UPDATED_ELEMENTS",
    "Feed",
    "FeedEntry",
    "atom_text",
    "element_text",
    "inner_markup",
    "published_dates",
    "read_feed",
    "split_tag",
    "updated_dates",
]

ATOM_NAMESPACES = frozenset({"http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"})
RSS_NAMESPACES = frozenset(
    {
        "",
        "http://purl.org/rss/1.0/",
        "http://my.netscape.com/rdf/simple/0.9/",
        "http://backend.userland.com/rss2",
    }
)
DC_NAMESPACES = frozenset({"http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"})
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
RDF_NAMESPACE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

_DATE_ELEMENTS = frozenset(PUBLISHED_ELEMENTS + UPDATED_ELEMENTS)

_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")
_NAME_EMAIL = re.compile(r"^\s*(?P<name>[^<]+?)\s*<\S+@\S+>\s*$")
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_BARE_AMPERSAND = re.compile(
    rb"(<!\[CDATA\[.*?\]\]>)|&(?!(?:[A-Za-z_][A-Za-z0-9._-]*|#[0-9]+|#[xX][0-9A-Fa-f]+);)",
    re.DOTALL,
)
_ALTERNATE = frozenset({"alternate", "http://www.iana.org/assignments/relation/alternate"})

logger = logging.getLogger(__name__)


def read_feed(
    payload: bytes,
    source: str,
    *,
    expected_kind: str | None = None,
    base_url: str | None = None,
    content_type: str | None = None,
) -> Feed:
    """Parse one RSS or Atom payload into its feed and entries (see module docstring).

    The strict lxml walk first; a payload it refuses is read once more in the encoding
    `safe_xml.to_utf8` chooses (BOM, declaration, the charset of `content_type`, UTF-8,
    detection), then by feedparser (pipeline.parse.feed_lenient; `Feed.lenient` is then
    True). `Feed.encoding` records the encoding read. `base_url` (the URL fetched) resolves
    relative links that neither xml:base nor the feed's link resolves. With `expected_kind`
    ('rss' or 'atom') the payload must be of that kind.

    Raises:
        ParseError: record 'payload' for an empty or entity-declaring payload (refused before
            any parser sees it), a payload neither path reads (the strict path's reason: not
            XML, a root that is neither RSS nor Atom, RSS without <channel>, and feedparser
            found no entry), or a feed that is not `expected_kind`.
    """
    refuse_unsafe(payload, source)
    # An HTTP charset outranks the XML declaration (RFC 7303): then the encoding is chosen first.
    prepared = to_utf8(payload, content_type) if http_charset(content_type) else None
    first = prepared.data if prepared is not None else payload
    try:
        feed = _read_strict(first, source, base_url)
        feed.encoding = prepared.label if prepared is not None else _strict_encoding(payload)
    except RefusedPayloadError:
        raise
    except ParseError as err:
        prepared = prepared or to_utf8(payload, content_type)
        repaired = _escape_bare_ampersands(prepared.data)
        feed = None
        for data, is_repaired in ((prepared.data, False), (repaired, True)):
            if data != first and (not is_repaired or repaired != prepared.data):
                with contextlib.suppress(ParseError):
                    feed = _read_strict(data, source, base_url)
                    feed.lenient = is_repaired
                    break
        # feedparser's loose parser would read 'AT&T' as 'AT&T;': it gets the repaired bytes.
        feed = feed or read_lenient(repaired, base_url)
        if feed is None:
            raise
        feed.encoding = prepared.label
        logger.debug("%s: read %s (%s) after: %s", source, feed.kind, feed.encoding, err)
    if expected_kind is not None and expected_kind != feed.kind:
        raise ParseError(
            source, "payload", f"catalog format is {expected_kind!r} but the feed is {feed.kind}"
        )
    return feed


def _escape_bare_ampersands(data: bytes) -> bytes:
    """Escape every '&' that starts no entity or character reference (outside CDATA)."""

    def replace(match: re.Match[bytes]) -> bytes:
        return match.group(0) if match.group(1) else b"&amp;"

    return _BARE_AMPERSAND.sub(replace, data)


def _strict_encoding(payload: bytes) -> str:
    declared = declared_encoding(payload)
    if declared is None:
        return "utf-8 (default)"
    how = "declared" if payload.lstrip()[:5] == b"<?xml" else "bom"
    return f"{declared} ({how})"


def _read_strict(payload: bytes, source: str, base_url: str | None) -> Feed:
    root = _parse(payload, source)
    namespace, name = split_tag(root.tag) if isinstance(root.tag, str) else ("", "")
    if name == "feed" and (namespace in ATOM_NAMESPACES or not namespace):
        return _read_atom(root, base_url)
    if name == "rss" or (name == "RDF" and namespace == RDF_NAMESPACE):
        return _read_rss(root, source, base_url)
    raise ParseError(source, "payload", f"not an RSS or Atom feed (root element <{name or '?'}>)")


def published_dates(dates: list[tuple[str, str]]) -> list[str]:
    """The raw texts of the publication dates in `dates`, in document order."""
    return [raw for name, raw in dates if name in PUBLISHED_ELEMENTS]


def updated_dates(dates: list[tuple[str, str]]) -> list[str]:
    """The raw texts of the modification dates in `dates`, in document order."""
    return [raw for name, raw in dates if name in UPDATED_ELEMENTS]


# --- rendering text elements -------------------------------------------------------------------


def split_tag(tag: str) -> tuple[str, str]:
    """Return ('namespace', 'local name') of an element tag ('' for no namespace)."""
    if tag[:1] == "{":
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def element_text(element: etree._Element) -> str:
    """Return the text of an element: its own text, or all text inside it when it has children."""
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def inner_markup(element: etree._Element) -> str:
    """Return an element's content as markup: escaped HTML arrives as text, XHTML as children."""
    if len(element) == 0:
        return element.text or ""
    parts = [element.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return "".join(parts)


def atom_text(element: etree._Element) -> str:
    """Plain text of an Atom text construct (type text, html or xhtml; Atom 0.3 mode)."""
    kind = (element.get("type") or "").lower()
    mode = (element.get("mode") or "").lower()
    if kind in ("xhtml", "application/xhtml+xml") or mode == "xml" or len(element):
        return html_to_text(inner_markup(element))
    raw = element.text or ""
    if kind in ("html", "text/html") or mode == "escaped":
        return html_to_text(raw)
    if kind in ("text", "text/plain"):
        return " ".join(raw.split())
    # No type: Atom says text, but many feeds put escaped HTML there.
    return html_to_text(raw)


# --- the document walk -------------------------------------------------------------------------


def _entities_to_references(data: bytes) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        codepoint = name2codepoint.get(name.decode("ascii"))
        return b"&#%d;" % codepoint if codepoint else match.group(0)

    return _NAMED_ENTITY.sub(replace, data)


def _parse(data: bytes, source: str) -> etree._Element:
    try:
        return parse_xml(data, source)
    except ParseError as err:
        fixed = _entities_to_references(data)
        if fixed == data:
            raise
        try:
            return parse_xml(fixed, source)
        except ParseError:
            raise err from None


@lru_cache(maxsize=512)
def _split_tag_cached(tag: str) -> tuple[str, str]:
    return split_tag(tag)


def _children(element: etree._Element) -> list[tuple[str, str, etree._Element]]:
    # (a feed has few distinct tags: each is split once)
    return [
        (*_split_tag_cached(tag), child) for child in element if isinstance(tag := child.tag, str)
    ]


def _language(element: etree._Element) -> str | None:
    """The nearest xml:lang on the element or its ancestors."""
    current: etree._Element | None = element
    while current is not None:
        value = current.get(_XML_LANG)
        if value is not None:
            return normalize_language(value)
        current = current.getparent()
    return None


def _base(element: etree._Element, fallback: str | None) -> str | None:
    """The base URL of relative links inside `element`: its xml:base and its ancestors', each
    resolved against the one outside it, the outermost against `fallback` (the feed's link,
    else the URL fetched)."""
    bases: list[str] = []
    current: etree._Element | None = element
    while current is not None:
        value = (current.get(_XML_BASE) or "").strip()
        if value:
            bases.append(value)
        current = current.getparent()
    base = fallback
    for value in reversed(bases):
        try:
            base = urljoin(base, value) if base else value
        except ValueError:  # an unparsable base (e.g. 'http://[') is passed over
            continue
    return base


def _is_blank(element: etree._Element | None) -> bool:
    return element is None or (len(element) == 0 and not (element.text or "").strip())


def _read_rss(root: etree._Element, source: str, base_url: str | None) -> Feed:
    is_rdf = split_tag(root.tag)[1] == "RDF"
    channel = next((c for ns, name, c in _children(root) if name == "channel"), None)
    if channel is None and not is_rdf:
        raise ParseError(source, "payload", "RSS document without <channel>")
    feed = Feed("rss", language=_language(channel if channel is not None else root))
    items: list[etree._Element] = []
    containers = [channel] if channel is not None else []
    if is_rdf:  # RSS 1.0 puts items beside the channel
        containers.append(root)
    for container in containers:
        for namespace, name, child in _children(container):
            if name == "item" and namespace in RSS_NAMESPACES:
                items.append(child)
            elif container is not channel:
                continue
            elif name == "link" and feed.link is None:
                feed.link = http_url(element_text(child) or child.get("href"), base_url)
            elif name == "language" and namespace in RSS_NAMESPACES | DC_NAMESPACES:
                feed.language = normalize_language(element_text(child)) or feed.language
            elif name in _DATE_ELEMENTS and namespace in RSS_NAMESPACES | DC_NAMESPACES:
                feed.dates.append((name, element_text(child)))
    fallback = feed.link or base_url
    feed.entries = [_rss_entry(item, i, fallback) for i, item in enumerate(items, start=1)]
    return feed


def _rss_entry(element: etree._Element, index: int, fallback: str | None) -> FeedEntry:
    entry = _new_entry(element, index)
    base = _base(element, fallback)
    hrefs: list[str] = []
    for namespace, name, child in _children(element):
        core = namespace in RSS_NAMESPACES
        if name == "title" and core:
            entry.title = child
        elif name == "link" and core:
            hrefs.append(element_text(child).strip() or (child.get("href") or "").strip())
        elif name == "link" and namespace in ATOM_NAMESPACES:
            if child.get("rel", "alternate").strip() in _ALTERNATE:
                hrefs.append((child.get("href") or element_text(child)).strip())
        elif name == "guid" and core:
            entry.guid = element_text(child).strip() or None
            if (child.get("isPermaLink") or "true").strip().lower() != "false":
                entry.guid_link = http_url(entry.guid, base)
        elif name == "description" and (core or namespace in DC_NAMESPACES):
            if _is_blank(entry.summary):
                entry.summary = child
        elif name == "encoded" and namespace == CONTENT_NAMESPACE:
            entry.content = child
        elif name in _DATE_ELEMENTS and (
            core or namespace in DC_NAMESPACES or namespace in ATOM_NAMESPACES
        ):
            entry.dates.append((name, element_text(child)))
        elif name == "creator" and namespace in DC_NAMESPACES:
            entry.creators.append(element_text(child))
        elif name == "author" and core:
            entry.authors.append(_rss_author(element_text(child)))
        elif (name == "category" and core) or (name == "subject" and namespace in DC_NAMESPACES):
            entry.categories.append(element_text(child))
        elif name == "language" and (core or namespace in DC_NAMESPACES):
            entry.language = normalize_language(element_text(child)) or entry.language
        elif name == "source" and core:
            entry.source_name = " ".join(element_text(child).split()) or None
    for href in hrefs:
        if href:
            _add_link(entry, href, http_url(href, base))
    return entry


def _rss_author(raw: str) -> str:
    for pattern in (_EMAIL_NAME, _NAME_EMAIL):
        match = pattern.match(raw)
        if match:
            return match.group("name")
    return raw


def _read_atom(root: etree._Element, base_url: str | None) -> Feed:
    feed = Feed("atom", language=_language(root))
    own = ATOM_NAMESPACES | {split_tag(root.tag)[0]}
    entries: list[etree._Element] = []
    for namespace, name, child in _children(root):
        if name == "entry":
            entries.append(child)
        elif name == "id":
            feed.feed_id = element_text(child).strip() or None
        elif name == "link" and feed.link is None:
            if child.get("rel", "alternate").strip() in _ALTERNATE:
                href = child.get("href") or element_text(child)
                feed.link = http_url(href, _base(child, base_url))
        elif name == "author" and namespace in ATOM_NAMESPACES:
            feed.authors.extend(_atom_person(child))
        elif name == "language" and namespace in DC_NAMESPACES and feed.language is None:
            feed.language = normalize_language(element_text(child))
        elif name in _DATE_ELEMENTS and (namespace in own or namespace in DC_NAMESPACES):
            feed.dates.append((name, element_text(child)))
    fallback = feed.link or base_url
    root_base = _base(root, fallback)  # the base of links without xml:base of their own
    feed.entries = [
        _atom_entry(element, index, feed, own, fallback, root_base)
        for index, element in enumerate(entries, start=1)
    ]
    return feed


def _atom_person(element: etree._Element) -> list[str]:
    names = [element_text(c) for ns, name, c in _children(element) if name == "name"]
    if not names:
        names = [element_text(c) for ns, name, c in _children(element) if name == "email"]
    return [n for n in (" ".join(name.split()) for name in names) if n]


def _atom_entry(
    element: etree._Element,
    index: int,
    feed: Feed,
    own: frozenset[str],
    fallback: str | None,
    root_base: str | None,
) -> FeedEntry:
    """One Atom entry (a child of the root); `root_base` is _base(root, fallback)."""
    entry = _new_entry(element, index)
    entry_has_base = bool((element.get(_XML_BASE) or "").strip())
    alternates: list[tuple[bool, str, etree._Element]] = []
    for namespace, name, child in _children(element):
        core = namespace in own
        if name == "title" and core:
            entry.title = child
        elif name == "id" and core:
            entry.guid = element_text(child).strip() or None
        elif name == "link" and core:
            # Atom 0.3-era feeds carry the URL as the element's text.
            href = (child.get("href") or element_text(child)).strip()
            if child.get("rel", "alternate").strip() in _ALTERNATE and href:
                kind = (child.get("type") or "text/html").lower()
                html = kind in ("text/html", "application/xhtml+xml")
                alternates.append((not html, href, child))
        elif name == "summary" and core:
            entry.summary = child
        elif name == "content" and core:
            entry.content = child
        elif name in _DATE_ELEMENTS and (core or namespace in DC_NAMESPACES):
            entry.dates.append((name, element_text(child)))
        elif name == "author" and core:
            entry.authors.extend(_atom_person(child))
        elif name == "creator" and namespace in DC_NAMESPACES:
            entry.creators.append(element_text(child))
        elif name == "category" and core:
            entry.categories.append(child.get("term") or child.get("label") or element_text(child))
        elif name == "subject" and namespace in DC_NAMESPACES:
            entry.categories.append(element_text(child))
        elif name == "language" and namespace in DC_NAMESPACES:
            entry.language = normalize_language(element_text(child)) or entry.language
    # Stable sort: HTML alternates first, then document order.
    for _, href, link in sorted(alternates, key=lambda triple: triple[0]):
        own_base = entry_has_base or (link.get(_XML_BASE) or "").strip()
        _add_link(entry, href, http_url(href, _base(link, fallback) if own_base else root_base))
    if entry.guid and _may_be_http(entry.guid):
        entry.guid_link = http_url(entry.guid, None)
    if not entry.authors and not entry.creators:
        entry.authors = list(feed.authors)
    return entry


def _may_be_http(value: str) -> bool:
    """False when http_url(value, None) is certainly None: no http(s) scheme can begin it
    (http_url removes tabs and newlines first)."""
    return value[:5].lower() in ("http:", "https") or not value.isprintable()


def _new_entry(element: etree._Element, index: int) -> FeedEntry:
    language = _language(element) if element.get(_XML_LANG) is not None else None
    return FeedEntry(index, about=element.get(f"{{{RDF_NAMESPACE}}}about"), language=language)


def _add_link(entry: FeedEntry, href: str, url: str | None) -> None:
    if url:
        entry.links.append(url)
    else:
        entry.rejected_links.append(href)
