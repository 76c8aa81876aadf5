"""Parse XML status feeds (Statuspage, incident.io, Instatus, xAI, generic RSS/Atom) into records.

`parse_feed(payload, source, format="auto") -> ParseResult` reads one Atom or RSS payload and
returns one IncidentObservation per entry (plus its UpdateObservations); an entry that cannot be
used is returned as Quarantined(source, record_ref, reason) and never drops the others. Nothing
is written. Only ParseError leaves this module (empty/non-XML payload, DTD entity declarations,
a root that is not RSS/Atom, an unsupported format).

Formats (`ParseResult.format`) and the rules chosen where the wire format is silent:

- statuspage_atom / statuspage_rss / instatus_atom: one update per `<small>` stamp in the
  entry's HTML; year-less stamps get their year from the entry's updated/published/pubDate via
  common.infer_year. Named zones with daylight saving (PST, EST, CET, ...) convert with the
  zone's DST rules, because Statuspage prints the page zone's standard abbreviation all year
  (Parse's 'Oct 28, 14:48 PST' is pubDate '14:48 -0700'). Updates are sorted by time.
  A `Update` label means "no status change", so the incident status is the latest update's
  status, with `update` inheriting the status before it. resolved_at is the first
  resolved/completed update of the final run of closing updates (postmortem alone does not
  resolve); None while the incident is open. started_at is the earliest update; for
  maintenance the earliest in_progress update when there is one. Impact: 'maintenance' for
  maintenance (labels Scheduled/In progress/Verifying/Completed, an id containing
  'Maintenance' or Instatus 'Type: Maintenance'); else from component states when the content
  gives them (impact_inferred=False); else common.infer_impact over title and bodies
  (impact_inferred=True). Labels outside common.STATUS_LABELS map to 'update' when they
  plausibly are one ('Update 2', 'Status update', 'Resolved.'), and quarantine the incident
  otherwise; a stamped block without a label is an 'update'.
- incidentio_atom: latest status only (has_history=False); started_at = published (a guess a
  JSON observation should override); resolved_at = updated when the status is closing; impact
  from component states via common.COMPONENT_IMPACT.
- xai_rss: status ACTIVE -> 'investigating', RESOLVED -> 'resolved'; severity outage -> major,
  degraded -> minor (impact_inferred=False); component = the bracketed product of the title.
  started_at = a 'Start(ed):' line of the description, else pubDate; resolved_at (RESOLVED
  only) = an 'End(ed):'/'Resolved:' line, else the item's updated date, else pubDate.
- generic_feed: one incident per item; id from guid (URL fragment or last path segment), then
  link; started_at = published; resolved only when the wording says so ('[RESOLVED]', 'has
  been resolved', 'operating normally'), then resolved_at = updated/pubDate; status is
  'resolved' or None; impact inferred from wording.

incident_id (and the quarantine record_ref) is the last path segment of the entry link, else
the id/guid text (last path segment when it is a URL), else 'entry#<1-based index>' (generic
feeds try the guid first). vendor is source.vendor (source.name if a catalog left it empty).
Any stamp that cannot be placed in time (impossible date or time, unknown zone or month)
quarantines the whole incident, as does a resolution before the start.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from bs4.exceptions import ParserRejectedMarkup
from lxml import etree

from pipeline.core.errors import ParseError
from pipeline.core.models import (
    IncidentObservation,
    ParseResult,
    Quarantined,
    Source,
    UpdateObservation,
)
from pipeline.parse.common import (
    CLOSING_STATUSES,
    COMPONENT_IMPACT,
    MAINTENANCE_STATUSES,
    infer_impact,
    infer_year,
    max_impact,
    normalize_status,
    parse_iso_utc,
    zone_offset,
)
from pipeline.parse.safe_xml import local_name, parse_xml

FEED_FORMATS = (
    "statuspage_atom",
    "statuspage_rss",
    "incidentio_atom",
    "instatus_atom",
    "xai_rss",
    "generic_feed",
)

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# 'Mar 3, 14:05 UTC', 'Jan  1, 09:09 PST', 'Mar 3, 14:05:10 GMT+0', 'Mar 3, 2026, 2:05 PM'.
_STAMP = re.compile(
    r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?:(?P<year>\d{4}),?\s+)?"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?P<zone>(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5}))?"
)
_LOOKS_LIKE_STAMP = re.compile(r"\d{1,2}:\d{2}")
# Abbreviations whose offset depends on the date (see module docstring).
_DST_ZONES = {
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "BST": "Europe/London",
}

_AFFECTED = re.compile(
    r"This (?:incident|scheduled maintenance|maintenance) affected:\s*(?P<names>.+)", re.IGNORECASE
)
_LEADING_DASH = re.compile(r"^[\s\-\u2013\u2014:]+")
_COMPONENT_STATE = re.compile(r"^(?P<name>.+?)\s*\((?P<state>[^()]+)\)$")
_COMPONENT_IMPACT_KEYS = {re.sub(r"[\s_-]", "", k): v for k, v in COMPONENT_IMPACT.items()}
_STATUS_LINE = re.compile(r"^Status:\s*(?P<label>.+)$", re.IGNORECASE)
_AFFECTED_HEADER = re.compile(r"^Affected components?:?$", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^[^:]{1,40}:\s*\S")
_BRACKET_TITLE = re.compile(r"^\s*\[(?P<product>[^\]]+)\]\s*(?P<rest>.*)$")
_MAINTENANCE_WORDING = re.compile(r"\b(?:scheduled|planned) maintenance\b", re.IGNORECASE)
_RESOLVED_WORDING = re.compile(
    r"\[\s*resolved\s*\]|^\s*resolved\b|\b(?:has|have) been (?:fully )?(?:resolved|mitigated)\b|"
    r"\b(?:is|are|was|were) (?:now )?(?:fully )?(?:resolved|mitigated)\b|operating normally",
    re.IGNORECASE | re.MULTILINE,
)

# Detection (raw entry strings, before any HTML parsing).
_ULID_LINK = re.compile(r"/incidents/[0-9A-HJKMNP-TV-Z]{26}(?:[/?#]|$)")
_INSTATUS_ID = re.compile(r",\d{4}:(?:Incident|Maintenance)/[a-z][a-z0-9]{15,}$", re.IGNORECASE)
_STATUSPAGE_ID = re.compile(r",2005:(?:Incident|Maintenance)/\d+$|,2005:/history$")
_STATUSPAGE_MARKUP = re.compile(r"</small>\s*(?:<br\s*/?>\s*)*<strong>", re.IGNORECASE)
_INCIDENTIO_MARKUP = re.compile(r"<b>\s*Status:\s*[A-Za-z]", re.IGNORECASE)
_XAI_MARKUP = re.compile(r"Status:\s*(?:ACTIVE|RESOLVED)\b|(?:^|>)\s*Severity:\s*\w")
_INSTATUS_HEADER = re.compile(r"\s*(?:Type|Duration|Affected Components)\s*:", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_DETECT_SAMPLE = 25

_XAI_STATES = {"active": "investigating", "resolved": "resolved"}
_XAI_SEVERITY = {"outage": "major", "degraded": "minor", "maintenance": "maintenance"}
_START_KEYS = frozenset({"start", "started", "started at", "start time", "began", "begin"})
_END_KEYS = frozenset(
    {"end", "ended", "ended at", "end time", "resolved", "resolved at", "resolution time"}
)

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
        "table", "blockquote", "pre", "hr", "section", "article", "dd", "dt", "dl",
    }
)  # fmt: skip
_INLINE_LABEL_TAGS = frozenset({"small", "strong", "b"})
_SKIPPED_TAGS = frozenset({"script", "style", "template", "head"})


class _RejectError(Exception):
    """An entry that cannot be used; the message becomes the quarantine reason."""


@dataclass(slots=True)
class _Entry:
    """One Atom entry or RSS item, reduced to what the format handlers read."""

    index: int
    title: str = ""
    link: str | None = None
    guid: str | None = None
    content: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    categories: list[str] = field(default_factory=list)
    bad_dates: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Feed:
    kind: str  # 'atom' or 'rss'
    link: str | None
    feed_id: str | None
    updated: datetime | None
    entries: list[_Entry]


@dataclass(slots=True, frozen=True)
class _Ctx:
    source: Source
    vendor: str
    fmt: str
    feed_updated: datetime | None


@dataclass(slots=True)
class _RawUpdate:
    stamp: str
    label: str | None = None
    parts: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class _Update:
    posted_at: datetime
    status: str
    body: str


_Handler = Callable[[_Entry, str, _Ctx], tuple[IncidentObservation, list[UpdateObservation]]]


def parse_feed(payload: bytes, source: Source, format: str = "auto") -> ParseResult:
    """Parse one status feed payload (Atom or RSS) into incident and update observations.

    `format` is one of FEED_FORMATS or 'auto' (detected from the root element, entry ids and
    links, and the content markup; see module docstring). Reads nothing but `payload`.

    Raises:
        ParseError: record 'payload' for an empty, non-XML or entity-declaring payload, a
            root that is neither RSS nor Atom, or an unsupported `format`.
    """
    if format != "auto" and format not in _HANDLERS:
        raise ParseError(source.name, "payload", f"unsupported feed format {format!r}")
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    try:
        data = bytes(payload)
    except TypeError as err:
        raise ParseError(source.name, "payload", f"not bytes: {type(payload).__name__}") from err
    root = parse_xml(data, source.name)
    feed = _read_feed(root, source.name)
    fmt = format if format != "auto" else _detect(feed)
    ctx = _Ctx(source, source.vendor or source.name, fmt, feed.updated)
    handler = _HANDLERS[fmt]
    ref_of = _generic_id if fmt == "generic_feed" else _history_id
    result = ParseResult(format=fmt)
    for entry in feed.entries:
        ref = ref_of(entry)
        try:
            incident, updates = _handle(handler, entry, ref, ctx)
        except _RejectError as err:
            result.quarantined.append(Quarantined(source.name, ref, str(err)))
            continue
        except (ValueError, LookupError, OverflowError) as err:
            # Defensive: a malformed entry must never fail the feed.
            reason = f"unexpected {type(err).__name__}: {err}"
            result.quarantined.append(Quarantined(source.name, ref, reason))
            continue
        result.incidents.append(incident)
        result.updates.extend(updates)
    return result


def _handle(
    handler: _Handler, entry: _Entry, ref: str, ctx: _Ctx
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    if entry.bad_dates:
        raise _RejectError("unparsable date " + "; ".join(entry.bad_dates))
    return handler(entry, ref, ctx)


# --- reading the XML -----------------------------------------------------------------------------


def _read_feed(root: etree._Element, source: str) -> _Feed:
    name = local_name(root)
    if name == "feed":
        return _read_atom(root)
    if name in ("rss", "RDF"):
        return _read_rss(root, source)
    raise ParseError(source, "payload", f"not an RSS or Atom feed (root element <{name or '?'}>)")


def _text(element: etree._Element) -> str:
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def _inner_markup(element: etree._Element) -> str:
    """Return an element's content as markup: escaped HTML arrives as text, XHTML as children."""
    if len(element) == 0:
        return element.text or ""
    parts = [element.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode") for child in element)
    return "".join(parts)


def _parse_date(raw: str) -> datetime:
    """Parse an RFC-822 (RSS) or ISO-8601 (Atom) date into aware UTC; ValueError otherwise."""
    value = raw.strip()
    if not value:
        raise ValueError("empty date")
    if value[:4].isdigit():
        return parse_iso_utc(value)
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError) as err:
        raise ValueError(f"unparsable date {value!r}") from err
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _set_date(entry: _Entry, element: etree._Element, attr: str, label: str) -> None:
    if getattr(entry, attr) is not None:
        return
    raw = _text(element)
    try:
        setattr(entry, attr, _parse_date(raw))
    except (ValueError, OverflowError):
        entry.bad_dates.append(f"<{label}> {raw.strip()[:60]!r}")


def _loose_date(element: etree._Element | None) -> datetime | None:
    if element is None:
        return None
    try:
        return _parse_date(_text(element))
    except (ValueError, OverflowError):
        return None


def _read_atom(root: etree._Element) -> _Feed:
    link = feed_id = None
    updated = None
    entries: list[_Entry] = []
    for child in root:
        name = local_name(child)
        if name == "entry":
            entries.append(_atom_entry(child, len(entries) + 1))
        elif name == "id":
            feed_id = _text(child).strip() or None
        elif name == "link" and child.get("rel", "alternate") == "alternate" and link is None:
            link = child.get("href")
        elif name in ("updated", "modified") and updated is None:
            updated = _loose_date(child)
    return _Feed("atom", link, feed_id, updated, entries)


def _atom_entry(element: etree._Element, index: int) -> _Entry:
    entry = _Entry(index)
    content = summary = ""
    for child in element:
        name = local_name(child)
        if name == "title":
            entry.title = " ".join(_text(child).split())
        elif name == "id":
            entry.guid = _text(child).strip() or None
        elif name == "link":
            href = (child.get("href") or "").strip()
            if href and child.get("rel", "alternate") == "alternate" and entry.link is None:
                entry.link = href
        elif name in ("published", "issued", "date"):
            _set_date(entry, child, "published", name)
        elif name in ("updated", "modified"):
            _set_date(entry, child, "updated", name)
        elif name == "content":
            content = _inner_markup(child)
        elif name == "summary":
            summary = _inner_markup(child)
        elif name == "category":
            term = child.get("term") or _text(child)
            if term.strip():
                entry.categories.append(term.strip())
    entry.content = content if content.strip() else summary
    return entry


def _read_rss(root: etree._Element, source: str) -> _Feed:
    channel = next((c for c in root if local_name(c) == "channel"), None)
    if channel is None:
        raise ParseError(source, "payload", "RSS document without <channel>")
    link = None
    updated = None
    items: list[etree._Element] = []
    for child in channel:
        name = local_name(child)
        if name == "item":
            items.append(child)
        elif name == "link" and link is None:
            link = _text(child).strip() or child.get("href")
        elif name in ("lastBuildDate", "pubDate") and updated is None:
            updated = _loose_date(child)
    if local_name(root) == "RDF":  # RSS 1.0 puts items beside the channel
        items.extend(c for c in root if local_name(c) == "item")
    entries = [_rss_item(item, i) for i, item in enumerate(items, start=1)]
    return _Feed("rss", link, None, updated, entries)


def _rss_item(element: etree._Element, index: int) -> _Entry:
    entry = _Entry(index)
    description = encoded = ""
    for child in element:
        name = local_name(child)
        if name == "title":
            entry.title = " ".join(_text(child).split())
        elif name == "link":
            href = _text(child).strip() or (child.get("href") or "").strip()
            if href and entry.link is None:
                entry.link = href
        elif name == "guid":
            entry.guid = _text(child).strip() or None
        elif name in ("pubDate", "date", "issued"):
            _set_date(entry, child, "published", name)
        elif name in ("updated", "modified"):
            _set_date(entry, child, "updated", name)
        elif name == "description":
            description = _inner_markup(child)
        elif name == "encoded":
            encoded = _inner_markup(child)
        elif name == "category" and _text(child).strip():
            entry.categories.append(_text(child).strip())
    entry.content = encoded if encoded.strip() else description
    return entry


# --- detection -----------------------------------------------------------------------------------


def _is_xai_host(url: str) -> bool:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return host == "x.ai" or host.endswith(".x.ai")


def _instatus_header(content: str) -> bool:
    head = content[:800].split("<small", 1)[0]
    return _INSTATUS_HEADER.match(html_lib.unescape(_TAG.sub(" ", head))) is not None


def _detect(feed: _Feed) -> str:
    """Pick the sub-format from the strongest signal found in the first entries."""
    sample = feed.entries[:_DETECT_SAMPLE]
    urls = [u for u in [feed.link, *(e.link for e in sample)] if u]
    ids = [i for i in [feed.feed_id, *(e.guid for e in sample)] if i]
    contents = [e.content for e in sample]
    statuspage = "statuspage_atom" if feed.kind == "atom" else "statuspage_rss"
    if any(_is_xai_host(u) for u in urls + ids):
        return "xai_rss"
    if any(_ULID_LINK.search(u) for u in urls + ids):
        return "incidentio_atom"
    if any(_INSTATUS_ID.search(i) for i in ids) or any(_instatus_header(c) for c in contents):
        return "instatus_atom"
    if any(_STATUSPAGE_MARKUP.search(c) for c in contents):
        return statuspage
    if any(_STATUSPAGE_ID.search(i) for i in ids):
        return statuspage
    if any(_INCIDENTIO_MARKUP.search(c) for c in contents):
        return "incidentio_atom"
    if any(_XAI_MARKUP.search(c) for c in contents):
        return "xai_rss"
    return "generic_feed"


# --- ids -----------------------------------------------------------------------------------------


def _url_tail(url: str | None) -> str | None:
    """Last non-empty path segment of an http(s) URL, else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return parts.path.rstrip("/").rpartition("/")[2] or None


def _history_id(entry: _Entry) -> str:
    guid = entry.guid
    return (
        _url_tail(entry.link) or _url_tail(guid) or (guid or "").strip() or f"entry#{entry.index}"
    )


def _generic_id(entry: _Entry) -> str:
    """Generic feeds often share one link for all items (AWS), so the guid comes first."""
    guid = (entry.guid or "").strip()
    if guid:
        try:
            fragment = urlsplit(guid).fragment
        except ValueError:
            fragment = ""
        return fragment or _url_tail(guid) or guid
    return _url_tail(entry.link) or f"entry#{entry.index}"


# --- HTML content --------------------------------------------------------------------------------


def _after(node: Tag | NavigableString) -> Tag | NavigableString | None:
    """The node that follows `node` and all its descendants in document order."""
    current: Tag | NavigableString | None = node
    while current is not None:
        if current.next_sibling is not None:
            return current.next_sibling
        current = current.parent
    return None


def _tokens(markup: str) -> list[tuple[str, str]]:
    """Flatten entry HTML into ('small'|'strong'|'b'|'text', text) and ('sep', '') tokens.

    `sep` marks a block boundary (p, br, li, ...). Label tags are returned whole so the update
    walker can tell stamps and labels from body text.
    """
    if "<" not in markup:
        return [("text", html_lib.unescape(markup) if "&" in markup else markup)]
    try:
        soup = BeautifulSoup(markup, "lxml")
    except ParserRejectedMarkup as err:
        raise _RejectError(f"unreadable HTML content: {err}") from err
    out: list[tuple[str, str]] = []
    node = soup.contents[0] if soup.contents else None
    while node is not None:
        if isinstance(node, Tag):
            name = node.name
            if name in _INLINE_LABEL_TAGS:
                out.append((name, node.get_text()))
                node = _after(node)
                continue
            if name in _SKIPPED_TAGS:
                node = _after(node)
                continue
            if name in _BLOCK_TAGS:
                out.append(("sep", ""))
        elif type(node) is NavigableString or isinstance(node, CData):
            out.append(("text", str(node)))
        node = node.next_element
    return out


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _lines(tokens: Iterable[tuple[str, str]]) -> list[str]:
    """Whitespace-collapsed, non-empty text lines; a bold 'Key: value' is a line of its own."""
    parts: list[str] = []
    for kind, text in tokens:
        if kind == "sep":
            parts.append("\n")
        elif kind in ("b", "strong") and _KEY_VALUE.match(text.strip()):
            parts.extend(("\n", text, "\n"))
        else:
            parts.append(text)
    return [line for line in (_collapse(x) for x in "".join(parts).split("\n")) if line]


def _split_names(text: str) -> list[str]:
    """Split 'A, B, and C' / 'A and B' into names, keeping commas inside parentheses."""
    text = text.strip().rstrip(".").strip()
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    if len(items) == 1 and " and " in text and "(" not in text:
        items = text.split(" and ")
    names = [re.sub(r"^and\s+", "", item.strip()).strip() for item in items]
    return [n for n in names if n]


def _component_impact(state: str) -> str | None:
    return _COMPONENT_IMPACT_KEYS.get(re.sub(r"[\s_-]", "", state.lower()))


def _components(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split 'Name (Degraded performance)' items into names and the impacts of known states."""
    out_names: list[str] = []
    impacts: list[str] = []
    for item in names:
        match = _COMPONENT_STATE.match(item)
        name = item
        if match is not None:
            impact = _component_impact(match["state"])
            if impact is not None:
                name = match["name"]
                impacts.append(impact)
        if name and name not in out_names:
            out_names.append(name)
    return out_names, impacts


# --- statuses and stamps -------------------------------------------------------------------------


def _status_from_label(label: str) -> str:
    """Map a printed label to a contract status; quarantine labels that are not updates."""
    status = normalize_status(label)
    if status is not None:
        return status
    words = re.sub(r"[^a-z ]+", " ", label.lower()).split()
    status = normalize_status(" ".join(words))
    if status is not None:
        return status
    if "update" in words or "updated" in words:
        return "update"
    raise _RejectError(f'unknown status label "{_collapse(label)[:60]}"')


@cache
def _zoneinfo(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _stamp_time(stamp: str, reference: datetime) -> datetime:
    """Turn a year-less update stamp ('Mar 3, 14:05 UTC') into aware UTC near `reference`."""
    text = _collapse(stamp)
    match = _STAMP.fullmatch(text)
    if match is None:
        raise _RejectError(f"unparsable update timestamp {text[:60]!r}")
    month = _MONTHS.get(match["mon"][:3].lower())
    if month is None:
        raise _RejectError(f"unknown month in update timestamp {text!r}")
    day = int(match["day"])
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise _RejectError(f"impossible time {match['hour']}:{match['minute']} in {text!r}")
        hour = hour % 12 + (12 if match["ampm"][0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _RejectError(f"impossible time {match['hour']}:{match['minute']} in {text!r}")
    zone = (match["zone"] or "UTC").replace(" ", "").upper()
    offset = zone_offset(zone)
    if offset is None:
        raise _RejectError(f"unknown time zone {zone!r} in update timestamp {text!r}")
    impossible = f"impossible date {match['mon'][:3].title()} {day}"
    if match["year"]:
        try:
            utc = datetime(int(match["year"]), month, day, hour, minute, tzinfo=UTC) - offset
        except ValueError:
            raise _RejectError(impossible) from None
    else:
        try:
            utc = infer_year(month, day, hour, minute, offset, reference)
        except ValueError:
            raise _RejectError(impossible) from None
    utc += timedelta(seconds=second)
    dst_zone = _zoneinfo(_DST_ZONES[zone]) if zone in _DST_ZONES else None
    if dst_zone is not None:
        local_year = (utc + offset).year
        local = datetime(local_year, month, day, hour, minute, second, tzinfo=dst_zone)
        utc = local.astimezone(UTC)
    return utc


def _segment(tokens: list[tuple[str, str]]) -> tuple[list[str], list[_RawUpdate]]:
    """Split tokens into header lines (before the first stamp) and raw stamped updates."""
    header: list[tuple[str, str]] = []
    updates: list[_RawUpdate] = []
    current: _RawUpdate | None = None
    for kind, text in tokens:
        if kind == "small" and _LOOKS_LIKE_STAMP.search(text):
            current = _RawUpdate(text)
            updates.append(current)
        elif current is None:
            header.append((kind, text))
        elif (
            kind in ("strong", "b") and current.label is None and not "".join(current.parts).strip()
        ):
            current.label = text
        else:
            current.parts.append("\n" if kind == "sep" else text)
    return _lines(header), updates


def _fmt_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ" if value.second else "%Y-%m-%dT%H:%MZ")


def _check_order(started: datetime | None, resolved: datetime | None) -> None:
    if started is not None and resolved is not None and resolved < started:
        raise _RejectError(f"resolved {_fmt_time(resolved)} before start {_fmt_time(started)}")


def _observation(
    ctx: _Ctx,
    entry: _Entry,
    incident_id: str,
    **fields: object,
) -> IncidentObservation:
    return IncidentObservation(
        vendor=ctx.vendor,
        incident_id=incident_id,
        title=entry.title,
        url=entry.link,
        source=ctx.source.name,
        format=ctx.fmt,
        **fields,  # type: ignore[arg-type]
    )


def _update(ctx: _Ctx, incident_id: str, update: _Update) -> UpdateObservation:
    return UpdateObservation(
        vendor=ctx.vendor,
        incident_id=incident_id,
        status=update.status,
        posted_at=update.posted_at,
        body=update.body,
        source=ctx.source.name,
        format=ctx.fmt,
    )


# --- format handlers -----------------------------------------------------------------------------


def _history(
    entry: _Entry, ref: str, ctx: _Ctx
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """Statuspage and Instatus entries: the full update list lives in the entry's HTML."""
    reference = entry.updated or entry.published or ctx.feed_updated
    header, raw_updates = _segment(_tokens(entry.content))
    if not raw_updates:
        raise _RejectError("no parsable update timestamps")
    if reference is None:
        raise _RejectError("no entry date to infer the year of update timestamps")
    kind = ""
    component_items: list[str] = []
    for line in header:
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep:
            continue
        if key == "type":
            kind = value.strip().lower()
        elif key in ("affected components", "affected component", "components"):
            component_items.extend(_split_names(value))
    timed: list[tuple[datetime, int, str, str]] = []
    for position, raw in enumerate(raw_updates):
        posted_at = _stamp_time(raw.stamp, reference)
        status = "update" if raw.label is None else _status_from_label(raw.label)
        lines: list[str] = []
        for line in (_collapse(x) for x in "".join(raw.parts).split("\n")):
            affected = _AFFECTED.match(line)
            if affected is not None:
                component_items.extend(_split_names(affected["names"]))
            elif line:
                lines.append(line)
        body = _LEADING_DASH.sub("", " ".join(lines))
        timed.append((posted_at, position, status, body))
    newest_first = timed[0][0] > timed[-1][0]
    timed.sort(key=lambda t: (t[0], -t[1] if newest_first else t[1]))
    updates = [_Update(posted_at, status, body) for posted_at, _, status, body in timed]

    statuses = [u.status for u in updates]
    is_maintenance = (
        "Maintenance" in (entry.guid or "")
        or kind == "maintenance"
        or any(s in MAINTENANCE_STATUSES for s in statuses)
    )
    # 'Update' is printed when the status did not change: it inherits the one before it.
    effective: list[str] = []
    for status in statuses:
        effective.append(effective[-1] if status == "update" and effective else status)
    status = effective[-1]
    started_at = updates[0].posted_at
    if is_maintenance:
        started_at = next((u.posted_at for u in updates if u.status == "in_progress"), started_at)
    resolved_at = None
    if status in CLOSING_STATUSES:
        run_start = len(effective)
        while run_start > 0 and effective[run_start - 1] in CLOSING_STATUSES:
            run_start -= 1
        resolved_at = next(
            (u.posted_at for u in updates[run_start:] if u.status in ("resolved", "completed")),
            None,
        )
    _check_order(started_at, resolved_at)

    names, impacts = _components(component_items)
    if is_maintenance:
        impact, inferred = "maintenance", False
    elif impacts:
        impact, inferred = max_impact(impacts), False
    else:
        impact, inferred = infer_impact(entry.title, *(u.body for u in updates)), True
    incident = _observation(
        ctx,
        entry,
        ref,
        impact=impact,
        impact_inferred=inferred,
        is_maintenance=is_maintenance,
        started_at=started_at,
        resolved_at=resolved_at,
        status=status,
        components=tuple(names),
        observed_at=entry.updated or entry.published,
    )
    return incident, [_update(ctx, ref, u) for u in updates]


def _incidentio(
    entry: _Entry, ref: str, ctx: _Ctx
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """incident.io entries: latest status, message and affected components only."""
    label: str | None = None
    message: list[str] = []
    component_items: list[str] = []
    in_components = False
    for line in _lines(_tokens(entry.content)):
        status_line = _STATUS_LINE.match(line)
        if status_line is not None and label is None:
            label = status_line["label"]
        elif _AFFECTED_HEADER.match(line):
            in_components = True
        elif in_components:
            component_items.append(line)
        else:
            state = _COMPONENT_STATE.match(line)
            if state is not None and _component_impact(state["state"]) is not None:
                component_items.append(line)
            else:
                message.append(line)
    if label is None:
        raise _RejectError('no "Status:" line in content')
    status = _status_from_label(label)
    started_at = entry.published or entry.updated
    latest_at = entry.updated or entry.published
    if started_at is None or latest_at is None:
        raise _RejectError("no published/updated date")
    resolved_at = latest_at if status in CLOSING_STATUSES else None
    _check_order(started_at, resolved_at)
    names, impacts = _components(component_items)
    is_maintenance = status in MAINTENANCE_STATUSES or "maintenance" in impacts
    if is_maintenance:
        impact, inferred = "maintenance", False
    elif impacts:
        impact, inferred = max_impact(impacts), False
    else:
        impact, inferred = infer_impact(entry.title, *message), True
    incident = _observation(
        ctx,
        entry,
        ref,
        impact=impact,
        impact_inferred=inferred,
        is_maintenance=is_maintenance,
        started_at=started_at,
        resolved_at=resolved_at,
        status=status,
        components=tuple(names),
        observed_at=latest_at,
        has_history=False,
    )
    body = " ".join(message) or entry.title
    return incident, [_update(ctx, ref, _Update(latest_at, status, body))]


def _xai(entry: _Entry, ref: str, ctx: _Ctx) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """status.x.ai items: state and severity in the description and the categories."""
    state = severity = start_raw = end_raw = None
    message: list[str] = []
    for line in _lines(_tokens(entry.content)):
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        value = value.strip()
        if sep and key == "status" and state is None:
            state = value
        elif sep and key == "severity" and severity is None:
            severity = value
        elif sep and key in _START_KEYS and value:
            start_raw = value
        elif sep and key in _END_KEYS and value:
            end_raw = value
        else:
            message.append(line)
    for category in entry.categories:
        lowered = category.lower()
        if lowered in _XAI_STATES and state is None:
            state = category
        elif lowered in _XAI_SEVERITY and severity is None:
            severity = category
    if state is None:
        raise _RejectError('no "Status:" line or state category')
    status = _XAI_STATES.get(state.lower()) or _status_from_label(state)
    started_at = _description_time(start_raw, "start") or entry.published or entry.updated
    if started_at is None:
        raise _RejectError("no pubDate or start time")
    resolved_at = None
    if status in CLOSING_STATUSES:
        resolved_at = _description_time(end_raw, "end") or entry.updated or entry.published
    _check_order(started_at, resolved_at)
    sev = (severity or "").strip().lower()
    if sev in _XAI_SEVERITY:
        impact, inferred = _XAI_SEVERITY[sev], False
    elif _component_impact(sev) is not None:
        impact, inferred = _component_impact(sev), False
    else:
        impact, inferred = infer_impact(entry.title, *message), True
    is_maintenance = impact == "maintenance" or status in MAINTENANCE_STATUSES
    bracket = _BRACKET_TITLE.match(entry.title)
    components = tuple(_split_names(bracket["product"])) if bracket else ()
    posted_at = resolved_at or entry.updated or entry.published or started_at
    incident = _observation(
        ctx,
        entry,
        ref,
        impact="maintenance" if is_maintenance else impact,
        impact_inferred=inferred and not is_maintenance,
        is_maintenance=is_maintenance,
        started_at=started_at,
        resolved_at=resolved_at,
        status=status,
        components=components,
        observed_at=entry.updated or entry.published,
    )
    body = " ".join(message) or entry.title
    return incident, [_update(ctx, ref, _Update(posted_at, status, body))]


def _description_time(raw: str | None, what: str) -> datetime | None:
    if raw is None:
        return None
    value = re.sub(r"\s*\b(?:UTC|GMT|Z)$", "+00:00", raw.strip())
    try:
        return _parse_date(value)
    except (ValueError, OverflowError):
        raise _RejectError(f"unparsable {what} time {raw[:60]!r}") from None


def _generic(
    entry: _Entry, ref: str, ctx: _Ctx
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """Any other RSS/Atom feed (AWS Health, Azure): one incident per item, wording decides."""
    text = " ".join(_lines(_tokens(entry.content)))
    started_at = entry.published or entry.updated
    latest_at = entry.updated or entry.published
    if started_at is None or latest_at is None:
        raise _RejectError("no pubDate/published/updated date")
    resolved = bool(_RESOLVED_WORDING.search(entry.title) or _RESOLVED_WORDING.search(text))
    resolved_at = latest_at if resolved else None
    _check_order(started_at, resolved_at)
    is_maintenance = bool(_MAINTENANCE_WORDING.search(entry.title))
    impact = "maintenance" if is_maintenance else infer_impact(entry.title, text)
    incident = _observation(
        ctx,
        entry,
        ref,
        impact=impact,
        impact_inferred=not is_maintenance,
        is_maintenance=is_maintenance,
        started_at=started_at,
        resolved_at=resolved_at,
        status="resolved" if resolved else None,
        components=(),
        observed_at=latest_at,
    )
    update = _Update(latest_at, "resolved" if resolved else "update", text or entry.title)
    return incident, [_update(ctx, ref, update)]


_HANDLERS: dict[str, _Handler] = {
    "statuspage_atom": _history,
    "statuspage_rss": _history,
    "instatus_atom": _history,
    "incidentio_atom": _incidentio,
    "xai_rss": _xai,
    "generic_feed": _generic,
}
