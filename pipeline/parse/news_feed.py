"""Parse news feeds (RSS 2.0, RSS 1.0/RDF, Atom) into NewsItems; nothing is fetched or written.

`parse_news_feed(payload, source) -> NewsParseResult` reads one payload with the safe XML
parser (`pipeline.parse.safe_xml.parse_xml`: no DTD entities, no network) and returns one
NewsItem per item/entry, in feed order. `result.format` is 'rss' (RSS 0.9x/2.0 and RSS 1.0)
or 'atom'; a catalog `format` of 'rss'/'atom' must match the payload's root element, any
other value means "detect".

Per item, and the rules chosen where feeds disagree:

- item_id: guid / Atom id / RDF rdf:about, else the item URL, else 'item#<1-based index>'.
- url: RSS <link>, else an atom:link rel=alternate, else a guid that is a permalink
  (isPermaLink is 'true' by default), else RDF rdf:about; Atom: the rel=alternate link
  (text/html preferred), else an id that is an http(s) URL. Relative links resolve against
  xml:base or the feed's link. Only http(s) URLs count: an item without one is quarantined
  (the pipeline would fetch it). Tracking parameters and redirect links (Google News) are
  kept as published; the article page gives the canonical URL later.
- title, summary: plain text. Descriptions are HTML (escaped or CDATA): tags stripped,
  entities unescaped, whitespace collapsed; content:encoded / Atom content stand in for an
  empty description / summary. Atom text constructs follow their `type` (text, html, xhtml).
  A Google News title's ' - <source>' suffix is removed when <source> names it.
- published_at: the first parseable of pubDate, dc:date, published, issued, dcterms dates,
  then updated / modified; RFC-822 or ISO-8601 with offsets, converted to UTC (naive = UTC).
  A present but unparseable date leaves published_at None; the item is kept.
- author: dc:creator(s), else RSS <author> ('jdoe@example.com (Jane Doe)' -> 'Jane Doe'),
  Atom author names, else the Atom feed's author. Several names are joined with ', '.
- categories: <category> text, dc:subject, Atom category term (else label); de-duplicated.
- language: the item's dc:language / xml:lang, else the feed's <language> / dc:language /
  xml:lang; primary subtag only ('en-gb' -> 'en').

A payload that is not XML, declares DTD entities (billion laughs, XXE), or is not RSS/Atom
raises ParseError(source, 'payload', reason). Undeclared HTML entities (&nbsp;, &mdash;) that
make a feed ill-formed are rewritten as character references and parsed once more. A bad item
is quarantined and never drops the others. Nothing but ParseError leaves this module.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import datetime
from html.entities import name2codepoint
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.core.errors import ParseError
from pipeline.core.models import NEWS_FORMATS, NewsItem, NewsParseResult, Quarantined, Source
from pipeline.parse.article_html import html_to_text, normalize_language, parse_timestamp
from pipeline.parse.safe_xml import parse_xml

_RSS_CORE = frozenset(
    {
        "",
        "http://purl.org/rss/1.0/",
        "http://my.netscape.com/rdf/simple/0.9/",
        "http://backend.userland.com/rss2",
    }
)
_ATOM_CORE = frozenset({"http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"})
_ATOM = "http://www.w3.org/2005/Atom"
_DC = frozenset({"http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"})
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

# Date elements by priority: publication first, modification last.
_PUBLISHED = ("pubDate", "date", "published", "issued", "created")
_UPDATED = ("updated", "modified", "lastBuildDate")
_INLINE_MARKUP = re.compile(
    r"</?(?:a|b|i|em|strong|span|br|sup|sub|code|p|font|small|u|s|mark|abbr|q)\b[^>]*>",
    re.IGNORECASE,
)
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")
_NAME_EMAIL = re.compile(r"^\s*(?P<name>[^<]+?)\s*<\S+@\S+>\s*$")
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


class _RejectError(Exception):
    """An item that cannot be used; the message becomes the quarantine reason."""


@dataclass(slots=True)
class _Feed:
    kind: str  # 'rss' or 'atom'
    items: list[etree._Element]
    link: str | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Item:
    """What one item/entry says, before the rules above turn it into a NewsItem."""

    index: int
    title: str = ""
    links: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # links that are not http(s)
    guid: str | None = None
    guid_link: str | None = None
    about: str | None = None
    summary: str = ""
    content: str = ""
    published: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    language: str | None = None
    source_name: str | None = None


def parse_news_feed(payload: bytes, source: Source) -> NewsParseResult:
    """Parse one news feed payload (RSS 2.0, RSS 1.0 or Atom) into NewsItems.

    Reads nothing but `payload`; `source.name` names the records, `source.format` ('rss',
    'atom' or anything else for detection) says what the payload must be.

    Raises:
        ParseError: record 'payload' for an empty, non-XML or entity-declaring payload, a
            root that is neither RSS nor Atom, or one that contradicts `source.format`.
    """
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "replace")
    try:
        data = bytes(payload)
    except TypeError as err:
        raise ParseError(source.name, "payload", f"not bytes: {type(payload).__name__}") from err
    root = _parse(data, source.name)
    kind = _kind(root)
    if kind is None:
        name = _split(root.tag)[1] if isinstance(root.tag, str) else "?"
        raise ParseError(source.name, "payload", f"not an RSS or Atom feed (root <{name}>)")
    if source.format in NEWS_FORMATS and source.format != kind:
        raise ParseError(
            source.name, "payload", f"catalog format is {source.format!r} but the feed is {kind}"
        )
    feed = _read_atom(root) if kind == "atom" else _read_rss(root, source.name)
    result = NewsParseResult(format=kind)
    for index, element in enumerate(feed.items, start=1):
        ref = f"item#{index}"
        try:
            item = _read_item(element, index, feed)
            ref = _item_id(item) or ref
            result.items.append(_news_item(item, ref, feed, source.name))
        except _RejectError as err:
            result.quarantined.append(Quarantined(source.name, ref, str(err)))
        except (ValueError, LookupError, TypeError, OverflowError) as err:
            # Defensive: a malformed item must never fail the feed.
            reason = f"unexpected {type(err).__name__}: {err}"
            result.quarantined.append(Quarantined(source.name, ref, reason))
    return result


# --- reading the XML ---------------------------------------------------------------------------


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


def _split(tag: str) -> tuple[str, str]:
    """('namespace', 'local') of an element tag."""
    if tag[:1] == "{":
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _kind(root: etree._Element) -> str | None:
    if not isinstance(root.tag, str):
        return None
    namespace, name = _split(root.tag)
    if name == "feed" and (namespace in _ATOM_CORE or not namespace):
        return "atom"
    if name == "rss" or (name == "RDF" and namespace == _RDF):
        return "rss"
    return None


def _children(element: etree._Element) -> list[tuple[str, str, etree._Element]]:
    return [(*_split(child.tag), child) for child in element if isinstance(child.tag, str)]


def _text(element: etree._Element) -> str:
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def _inner_markup(element: etree._Element) -> str:
    """An element's content as markup: escaped HTML arrives as text, XHTML as children."""
    if len(element) == 0:
        return element.text or ""
    parts = [element.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return "".join(parts)


def _lang(element: etree._Element) -> str | None:
    """The nearest xml:lang on the element or its ancestors."""
    current: etree._Element | None = element
    while current is not None:
        value = current.get(_XML_LANG)
        if value is not None:
            return normalize_language(value)
        current = current.getparent()
    return None


def _http_url(href: str | None, base: str | None) -> str | None:
    if not href or not href.strip():
        return None
    try:
        absolute = urljoin(base, href.strip()) if base else href.strip()
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return absolute


def _base(element: etree._Element, feed: _Feed) -> str | None:
    current: etree._Element | None = element
    while current is not None:
        value = current.get(_XML_BASE)
        if value:
            return _http_url(value, feed.link) or feed.link
        current = current.getparent()
    return feed.link


def _read_rss(root: etree._Element, source: str) -> _Feed:
    channel = next((c for ns, name, c in _children(root) if name == "channel"), None)
    if channel is None and _split(root.tag)[1] == "rss":
        raise ParseError(source, "payload", "RSS document without <channel>")
    feed = _Feed("rss", [], language=_lang(channel) if channel is not None else _lang(root))
    containers = [channel] if channel is not None else []
    if _split(root.tag)[1] == "RDF":  # RSS 1.0 puts items beside the channel
        containers.append(root)
    for container in containers:
        for namespace, name, child in _children(container):
            if name == "item" and namespace in _RSS_CORE:
                feed.items.append(child)
            elif container is channel and name == "link" and feed.link is None:
                feed.link = _http_url(_text(child) or child.get("href"), None)
            elif container is channel and name == "language" and namespace in _RSS_CORE | _DC:
                feed.language = normalize_language(_text(child)) or feed.language
    return feed


def _read_atom(root: etree._Element) -> _Feed:
    feed = _Feed("atom", [], language=_lang(root))
    for namespace, name, child in _children(root):
        if name == "entry":
            feed.items.append(child)
        elif name == "link" and feed.link is None:
            if child.get("rel", "alternate") == "alternate":
                feed.link = _http_url(child.get("href"), root.get(_XML_BASE))
        elif name == "author" and namespace in _ATOM_CORE:
            feed.authors.extend(_atom_person(child))
        elif name == "language" and namespace in _DC and feed.language is None:
            feed.language = normalize_language(_text(child))
    return feed


def _atom_person(element: etree._Element) -> list[str]:
    names = [_text(c) for ns, name, c in _children(element) if name == "name"]
    if not names:
        names = [_text(c) for ns, name, c in _children(element) if name == "email"]
    return [n for n in (" ".join(name.split()) for name in names) if n]


def _atom_text(element: etree._Element) -> str:
    """Plain text of an Atom text construct (type text, html or xhtml; Atom 0.3 mode)."""
    kind = (element.get("type") or "").lower()
    mode = (element.get("mode") or "").lower()
    if kind in ("xhtml", "application/xhtml+xml") or mode == "xml" or len(element):
        return html_to_text(_inner_markup(element))
    raw = element.text or ""
    if kind in ("html", "text/html") or mode == "escaped":
        return html_to_text(raw)
    if kind in ("text", "text/plain"):
        return " ".join(raw.split())
    # No type: Atom says text, but many feeds put escaped HTML there.
    return html_to_text(raw)


def _rss_title(element: etree._Element) -> str:
    raw = _text(element)
    if _INLINE_MARKUP.search(raw):
        return html_to_text(raw)
    return " ".join(html_lib.unescape(raw).split())


def _read_item(element: etree._Element, index: int, feed: _Feed) -> _Item:
    item = _Item(index)
    item.about = element.get(f"{{{_RDF}}}about")
    item.language = _lang(element) if element.get(_XML_LANG) is not None else None
    if feed.kind == "atom":
        _read_atom_entry(element, item, feed)
    else:
        _read_rss_item(element, item, feed)
    return item


def _read_rss_item(element: etree._Element, item: _Item, feed: _Feed) -> None:
    base = _base(element, feed)
    for namespace, name, child in _children(element):
        core = namespace in _RSS_CORE
        if name == "title" and core:
            item.title = _rss_title(child)
        elif name == "link" and core:
            item.links.append(_text(child).strip())
        elif name == "link" and namespace == _ATOM:
            if child.get("rel", "alternate") == "alternate":
                item.links.append(child.get("href") or "")
        elif name == "guid" and core:
            item.guid = _text(child).strip() or None
            if (child.get("isPermaLink") or "true").strip().lower() != "false":
                item.guid_link = _http_url(item.guid, base)
        elif name == "description" and (core or namespace in _DC):
            item.summary = item.summary or html_to_text(_inner_markup(child))
        elif name == "encoded" and namespace == _CONTENT:
            item.content = html_to_text(_inner_markup(child))
        elif name in _PUBLISHED and (core or namespace in _DC or namespace == _ATOM):
            item.published.append(_text(child))
        elif name in _UPDATED and (core or namespace in _DC or namespace == _ATOM):
            item.updated.append(_text(child))
        elif name == "creator" and namespace in _DC:
            item.creators.append(_text(child))
        elif name == "author" and core:
            item.authors.append(_rss_author(_text(child)))
        elif (name == "category" and core) or (name == "subject" and namespace in _DC):
            item.categories.append(_text(child))
        elif name == "language" and (core or namespace in _DC):
            item.language = normalize_language(_text(child)) or item.language
        elif name == "source" and core:
            item.source_name = " ".join(_text(child).split()) or None
    resolved = [(href, _http_url(href, base)) for href in item.links if href]
    item.links = [url for _, url in resolved if url]
    item.rejected = [href for href, url in resolved if url is None]


def _rss_author(raw: str) -> str:
    for pattern in (_EMAIL_NAME, _NAME_EMAIL):
        match = pattern.match(raw)
        if match:
            return match.group("name")
    return raw


def _read_atom_entry(element: etree._Element, item: _Item, feed: _Feed) -> None:
    base = _base(element, feed)
    alternates: list[tuple[bool, etree._Element]] = []
    for namespace, name, child in _children(element):
        core = namespace in _ATOM_CORE
        if name == "title" and core:
            item.title = _atom_text(child)
        elif name == "id" and core:
            item.guid = _text(child).strip() or None
        elif name == "link" and core:
            if child.get("rel", "alternate").strip() == "alternate" and child.get("href"):
                kind = (child.get("type") or "text/html").lower()
                alternates.append((kind not in ("text/html", "application/xhtml+xml"), child))
        elif name == "summary" and core:
            item.summary = _atom_text(child)
        elif name == "content" and core:
            item.content = _atom_text(child)
        elif name in _PUBLISHED and (core or namespace in _DC):
            item.published.append(_text(child))
        elif name in _UPDATED and (core or namespace in _DC):
            item.updated.append(_text(child))
        elif name == "author" and core:
            item.authors.extend(_atom_person(child))
        elif name == "creator" and namespace in _DC:
            item.creators.append(_text(child))
        elif name == "category" and core:
            item.categories.append(child.get("term") or child.get("label") or "")
        elif name == "subject" and namespace in _DC:
            item.categories.append(_text(child))
        elif name == "language" and namespace in _DC:
            item.language = normalize_language(_text(child)) or item.language
    # Stable sort: HTML alternates first, then document order.
    for _, link in sorted(alternates, key=lambda pair: pair[0]):
        url = _http_url(link.get("href"), _base(link, feed) or base)
        if url:
            item.links.append(url)
        else:
            item.rejected.append(link.get("href") or "")
    if item.guid:
        item.guid_link = _http_url(item.guid, None)
    if not item.authors and not item.creators:
        item.authors = list(feed.authors)


# --- building the record -----------------------------------------------------------------------


def _item_id(item: _Item) -> str | None:
    return item.guid or item.about or (item.links[0] if item.links else item.guid_link)


def _url(item: _Item) -> str | None:
    if item.links:
        return item.links[0]
    if item.guid_link:
        return item.guid_link
    return _http_url(item.about, None)


def _published_at(item: _Item) -> datetime | None:
    for raw in (*item.published, *item.updated):
        parsed = parse_timestamp(raw)
        if parsed is not None:
            return parsed
    return None


def _names(values: list[str]) -> str | None:
    names = [" ".join(html_lib.unescape(v).split()) for v in values]
    unique = list(dict.fromkeys(n for n in names if n))
    return ", ".join(unique) or None


def _title(item: _Item) -> str:
    title = item.title
    if item.source_name and title.endswith(f" - {item.source_name}"):
        title = title[: -len(item.source_name) - 3].rstrip()
    return title


def _news_item(item: _Item, ref: str, feed: _Feed, source: str) -> NewsItem:
    url = _url(item)
    if url is None:
        if item.rejected:
            raise _RejectError(f"no http(s) link (got {item.rejected[0][:200]!r})")
        raise _RejectError("no http(s) link (no <link>, alternate link or permalink guid)")
    categories = tuple(
        dict.fromkeys(c for c in (" ".join(v.split()) for v in item.categories) if c)
    )
    return NewsItem(
        source=source,
        item_id=ref,
        url=url,
        title=_title(item),
        summary=item.summary or item.content,
        published_at=_published_at(item),
        author=_names(item.creators) or _names(item.authors),
        categories=categories,
        language=item.language or feed.language,
    )
