"""Parse news feeds (RSS 2.0, RSS 1.0/RDF, Atom) into NewsItems; nothing is fetched or written.

`parse_news_feed(payload, source) -> NewsParseResult` reads one payload with the feed reader
(`pipeline.parse.xml_feed.read_feed`: safe XML, no DTD entities, no network; which elements
count, links, dates and authors) and returns one NewsItem per item/entry, in feed order.
`result.format` is 'rss' (RSS 0.9x/2.0 and RSS 1.0) or 'atom'; a catalog `format` of
'rss'/'atom' must match the payload's root element, any other value means "detect".

Per item, and the rules chosen where feeds disagree:

- item_id: guid / Atom id / RDF rdf:about, else the item URL, else 'item#<1-based index>'.
- url: RSS <link>, else an atom:link rel=alternate, else a guid that is a permalink
  (isPermaLink is 'true' by default), else RDF rdf:about; Atom: the rel=alternate link
  (text/html preferred), else an id that is an http(s) URL. Relative links resolve against
  xml:base (nested), then the feed's link, then the fetched URL (`base_url`). Only http(s)
  URLs count: an item without one is quarantined (the pipeline would fetch it), and so is
  one whose link or id is longer than
  limits.MAX_URL_CHARS (a cut link would fetch another page; a cut id could merge two
  items). Tracking parameters and redirect links (Google News) are
  kept as published; the article page gives the canonical URL later.
- title, summary: plain text. Descriptions are HTML (escaped or CDATA): tags stripped,
  entities unescaped, whitespace collapsed; content:encoded / Atom content stand in for an
  empty description / summary. Atom text constructs follow their `type` (text, html, xhtml).
  A Google News title's ' - <source>' suffix is removed when <source> names it.
- published_at: the first parseable of pubDate, dc:date, published, issued, dcterms dates,
  then updated / modified; RFC-822 or ISO-8601 with offsets, converted to UTC (naive = UTC).
  A present but unparseable date leaves published_at None; the item is kept. So does a date
  outside the plausible range (`limits.implausible_time`: before 2005-01-01 or after the
  run's `now` + 1 day; a '1970-01-01' placeholder is how some feeds write "no date"): that
  date is skipped and the next readable one is taken, else published_at is None. The story
  is kept (its article page may date it) but never placed on a wrong day of news_daily; the
  raw archive keeps the value.
- author: dc:creator(s), else RSS <author> ('jdoe@example.com (Jane Doe)' -> 'Jane Doe'),
  Atom author names, else the Atom feed's author. Several names are joined with ', '.
- categories: <category> text, dc:subject, Atom category term (else label, else text);
  de-duplicated.
- language: the item's dc:language / xml:lang, else the feed's <language> / dc:language /
  xml:lang; primary subtag only ('en-gb' -> 'en').
- lengths (the raw archive keeps the full text): title, author and each category are cut to
  limits.MAX_TITLE_CHARS characters, the summary to limits.MAX_BODY_CHARS.

A payload the strict XML parser refuses (unescaped '&', unclosed root, missing <channel>,
bad encoding...) is read by the reader's lenient path (feedparser; `result.is_lenient`,
`result.encoding`). A payload neither path reads with an item, one that declares DTD entities
(billion laughs, XXE, refused before any parser), or is not RSS/Atom raises
ParseError(source, 'payload', reason). A bad item is quarantined and never drops the
others. Nothing but ParseError leaves this module.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from datetime import datetime

from lxml import etree

from pipeline.core.errors import ParseError
from pipeline.core.limits import (
    MAX_BODY_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    cap_text,
    implausible_time,
)
from pipeline.core.models import NEWS_FORMATS, NewsItem, NewsParseResult, Quarantined, Source
from pipeline.parse.html_text import html_to_text, http_url
from pipeline.parse.timestamps import parse_timestamp
from pipeline.parse.xml_feed import (
    Feed,
    FeedEntry,
    atom_text,
    element_text,
    inner_markup,
    published_dates,
    read_feed,
    updated_dates,
)

_INLINE_MARKUP = re.compile(
    r"</?(?:a|b|i|em|strong|span|br|sup|sub|code|p|font|small|u|s|mark|abbr|q)\b[^>]*>",
    re.IGNORECASE,
)

logger = logging.getLogger(__name__)


class _RejectError(Exception):
    """An item that cannot be used; the message becomes the quarantine reason."""


def parse_news_feed(
    payload: bytes,
    source: Source,
    *,
    now: datetime,
    base_url: str | None = None,
    content_type: str | None = None,
) -> NewsParseResult:
    """Parse one news feed payload (RSS 2.0, RSS 1.0 or Atom) into NewsItems.

    Reads nothing but `payload`; `source.name` names the records, `source.format` ('rss',
    'atom' or anything else for detection) says what the payload must be; `now` (the run's
    time) bounds plausible publication dates; `base_url` (the URL fetched) resolves relative
    links after xml:base and the feed's own link, `content_type` (its header) gives the charset
    of a payload that declares none.

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
    expected = source.format if source.format in NEWS_FORMATS else None
    feed = read_feed(
        data, source.name, expected_kind=expected, base_url=base_url, content_type=content_type
    )
    result = NewsParseResult(format=feed.kind, is_lenient=feed.lenient, encoding=feed.encoding)
    for entry in feed.entries:
        ref = _item_id(entry) or f"item#{entry.index}"
        try:
            result.items.append(_news_item(entry, ref, feed, source.name, now))
        except _RejectError as err:
            result.quarantined.append(Quarantined(source.name, _ref(ref), str(err)))
        except (ValueError, LookupError, TypeError, OverflowError) as err:
            # Defensive: a malformed item must never fail the feed.
            reason = f"unexpected {type(err).__name__}: {err}"
            result.quarantined.append(Quarantined(source.name, _ref(ref), reason))
    return result


def _ref(ref: str) -> str:
    """A quarantine reference, cut to MAX_URL_CHARS (a hostile guid can be 1 MB)."""
    return cap_text(ref, MAX_URL_CHARS) or ref


def _item_id(entry: FeedEntry) -> str | None:
    return entry.guid or entry.about or (entry.links[0] if entry.links else entry.guid_link)


def _url(entry: FeedEntry) -> str | None:
    if entry.links:
        return entry.links[0]
    if entry.guid_link:
        return entry.guid_link
    return http_url(entry.about, None)


def _text(element: etree._Element | None, kind: str) -> str:
    """Plain text of a description / content / summary element."""
    if element is None:
        return ""
    return atom_text(element) if kind == "atom" else html_to_text(inner_markup(element))


def _title(entry: FeedEntry, kind: str) -> str:
    if entry.title_text is not None:
        title = entry.title_text
    elif entry.title is None:
        return ""
    elif kind == "atom":
        title = atom_text(entry.title)
    else:
        raw = element_text(entry.title)
        if _INLINE_MARKUP.search(raw):
            title = html_to_text(raw)
        else:
            title = " ".join(html_lib.unescape(raw).split())
    # Google News appends ' - <source>' to the titles of the items it aggregates.
    if entry.source_name and title.endswith(f" - {entry.source_name}"):
        title = title[: -len(entry.source_name) - 3].rstrip()
    return title


def _published_at(entry: FeedEntry, ref: str, source: str, now: datetime) -> datetime | None:
    """The first readable and plausible date of the item (None when there is none)."""
    for raw in (*published_dates(entry.dates), *updated_dates(entry.dates)):
        parsed = parse_timestamp(raw)
        if parsed is None:
            continue
        why = implausible_time(parsed, now)
        if why is None:
            return parsed
        logger.debug("%s: item %s: date skipped: %s", source, _ref(ref)[:200], why)
    return None


def _names(values: list[str]) -> str | None:
    names = [" ".join(html_lib.unescape(v).split()) for v in values]
    unique = list(dict.fromkeys(n for n in names if n))
    return ", ".join(unique) or None


def _news_item(entry: FeedEntry, ref: str, feed: Feed, source: str, now: datetime) -> NewsItem:
    url = _url(entry)
    if url is None:
        if entry.rejected_links:
            raise _RejectError(f"no http(s) link (got {entry.rejected_links[0][:200]!r})")
        raise _RejectError("no http(s) link (no <link>, alternate link or permalink guid)")
    if len(url) > MAX_URL_CHARS:
        raise _RejectError(f"link longer than {MAX_URL_CHARS} characters ({len(url)})")
    if len(ref) > MAX_URL_CHARS:
        raise _RejectError(f"item id longer than {MAX_URL_CHARS} characters ({len(ref)})")
    categories = tuple(
        dict.fromkeys(
            cap_text(c, MAX_TITLE_CHARS) or c
            for c in (" ".join(v.split()) for v in entry.categories)
            if c
        )
    )
    summary = (
        _text(entry.summary, feed.kind)
        or _text(entry.content, feed.kind)
        or html_to_text(entry.summary_html or "")
        or html_to_text(entry.content_html or "")
    )
    return NewsItem(
        source=source,
        item_id=ref,
        url=url,
        title=cap_text(_title(entry, feed.kind), MAX_TITLE_CHARS) or "",
        summary=cap_text(summary, MAX_BODY_CHARS) or "",
        published_at=_published_at(entry, ref, source, now),
        author=cap_text(_names(entry.creators) or _names(entry.authors), MAX_TITLE_CHARS),
        categories=categories,
        language=entry.language or feed.language,
    )
