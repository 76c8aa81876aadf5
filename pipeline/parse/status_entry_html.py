"""Read the HTML inside status feed entries: update stamps, labels, bodies and components.

Statuspage, Instatus, incident.io and xAI put an incident's updates, status and affected
components in the entry's HTML. `entry_tokens` flattens that HTML into stamp/label/text
tokens (Statuspage's plain update paragraphs read by regular expressions, anything else by
lxml's parser events; `entry_tokens_soup`, the BeautifulSoup reading both reproduce token for
token, takes over when lxml raises), `entry_lines` into text lines,
`segment_updates` splits tokens into header lines and stamped updates; `stamp_time` places a
year-less stamp ('Mar 3, 14:05 PST') in UTC, `status_from_label` maps a printed label to a
contract status, `split_components` reads 'Name (Degraded performance)' lists. A value that
cannot be used raises RecordError (the entry is quarantined). Used by
pipeline.parse.status_feed.
"""

from __future__ import annotations

import html as html_lib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from bs4.exceptions import ParserRejectedMarkup
from lxml import etree

from pipeline.parse.html_text import collapse_whitespace
from pipeline.parse.status_records import RecordError
from pipeline.parse.status_terms import COMPONENT_IMPACT, normalize_status
from pipeline.parse.timestamps import TZ_OFFSETS, infer_year, zone_offset

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
# Under this distance the stamp's year is the reference's (a year is at least 365 days).
_HALF_YEAR = timedelta(days=182)
# Abbreviations whose offset depends on the date: Statuspage prints the page zone's standard
# abbreviation all year (Parse's 'Oct 28, 14:48 PST' is pubDate '14:48 -0700').
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

COMPONENT_STATE = re.compile(r"^(?P<name>.+?)\s*\((?P<state>[^()]+)\)$")
"""A component with its state: 'Chat Completions (Degraded performance)'."""
_COMPONENT_IMPACT_KEYS = {re.sub(r"[\s_-]", "", k): v for k, v in COMPONENT_IMPACT.items()}
_KEY_VALUE = re.compile(r"^[^:]{1,40}:\s*\S")

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
        "table", "blockquote", "pre", "hr", "section", "article", "dd", "dt", "dl",
    }
)  # fmt: skip
_INLINE_LABEL_TAGS = frozenset({"small", "strong", "b"})
_SKIPPED_TAGS = frozenset({"script", "style", "template", "head"})
# What BeautifulSoup's HTML builder gives special strings: text under these tags is a Script,
# Stylesheet, TemplateString or Ruby*String, not a NavigableString, so no token shows it.
_STRING_CONTAINER_TAGS = frozenset({"rt", "rp", "style", "script", "template"})
# Inside these BeautifulSoup keeps whitespace-only strings as they are.
_PRESERVE_TAGS = frozenset({"pre", "textarea"})
_NOTABLE_TAGS = _STRING_CONTAINER_TAGS | _PRESERVE_TAGS | _INLINE_LABEL_TAGS
_SEP_TOKEN = ("sep", "")
_ASCII_SPACES = " \n\t\x0c\r"
_LOCAL = threading.local()  # one parser per thread: lxml parsers are not thread-safe

# The plain markup `_plain_tokens` reads without a parser: <p> paragraphs (ASCII white space
# around them) holding text, <br>, <small> stamps (with attribute-only <var> tags inside) and
# <strong> labels, none of them nested otherwise. Text holds no control character, BOM or
# noncharacter and no entity but the six below, so lxml would report exactly these events.
_WS = r"[ \t\n]"
_BR = rf"<br{_WS}*+/?>"
_VAR_OPEN = rf"""<var(?:{_WS}++[a-z][a-z-]*+=(?:'[^'<>&]*+'|"[^"<>&]*+"))*+{_WS}*+>"""
_VAR_TAG = re.compile(rf"{_VAR_OPEN}|</var>")
_STAMP_MARKUP = rf"(?:[^<]++|{_VAR_OPEN}[^<]*+</var>)*+"
_PARAGRAPH_MARKUP = rf"(?:[^<]++|{_BR}|<small>{_STAMP_MARKUP}</small>|<strong>[^<]*+</strong>)*+"
# One paragraph: Statuspage's update shape (groups 1-6: white space, stamp, white space, white
# space, label, body), else any plain paragraph (group 7); then the white space after it.
_PARAGRAPH = re.compile(
    rf"<p>(?:({_WS}*+)<small>({_STAMP_MARKUP})</small>({_WS}*+){_BR}({_WS}*+)"
    rf"<strong>([^<]*+)</strong>([^<]*+)|({_PARAGRAPH_MARKUP}))</p>({_WS}*+)"
)
_IN_PARAGRAPH = re.compile(
    rf"({_BR})|(<small>)({_STAMP_MARKUP})</small>|<strong>([^<]*+)</strong>|([^<]++)"
)
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufeff\ufffe\uffff&]")
_NOT_PLAIN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufeff\ufffe\uffff]"
    r"|&(?!(?:amp|lt|gt|quot|#39|nbsp);)"
)


@dataclass(slots=True)
class RawUpdate:
    """One stamped update of an entry's HTML, before its stamp and label are read."""

    stamp: str
    label: str | None = None
    parts: list[str] = field(default_factory=list)


def _after(node: Tag | NavigableString) -> Tag | NavigableString | None:
    """The node that follows `node` and all its descendants in document order."""
    current: Tag | NavigableString | None = node
    while current is not None:
        if current.next_sibling is not None:
            return current.next_sibling
        current = current.parent
    return None


def entry_tokens(markup: str) -> list[tuple[str, str]]:
    """Flatten entry HTML into ('small'|'strong'|'b'|'text', text) and ('sep', '') tokens.

    `sep` marks a block boundary (p, br, li, ...). Label tags are returned whole so the update
    walker can tell stamps and labels from body text. lxml's HTML parser reads the markup and
    `_TokenTarget` builds the tokens from its events as BeautifulSoup builds its tree from
    the same events, so the tokens are those of `entry_tokens_soup`, which takes over when
    lxml raises. Raises RecordError for markup neither can read.
    """
    if "<" not in markup:
        return [("text", html_lib.unescape(markup) if "&" in markup else markup)]
    tokens = _plain_tokens(markup)
    return tokens if tokens is not None else entry_tokens_events(markup)


def entry_tokens_events(markup: str) -> list[tuple[str, str]]:
    """`entry_tokens` read from lxml's parser events alone (`entry_tokens_soup` when lxml
    raises); `entry_tokens` reads plain update paragraphs faster, to the same tokens."""
    if "<" not in markup:
        return [("text", html_lib.unescape(markup) if "&" in markup else markup)]
    local = _LOCAL.__dict__
    reader: tuple[_TokenTarget, etree.HTMLParser] | None = local.get("reader")
    if reader is None:
        target = _TokenTarget()
        # The options of BeautifulSoup's lxml builder.
        reader = local["reader"] = (target, etree.HTMLParser(target=target, recover=True))
    target, parser = reader
    target.reset()
    # BeautifulSoup drops a leading byte order mark before feeding lxml.
    text = markup[1:] if markup.startswith("\ufeff") else markup
    try:
        parser.feed(text)
        return parser.close()
    except (etree.LxmlError, ValueError, TypeError, UnicodeError, LookupError, AssertionError):
        local.pop("reader", None)  # a parser that failed mid-document is not reused
        return entry_tokens_soup(markup)


def _plain_text(text: str) -> str:
    """A string as bs4 keeps it: entities read, ASCII-white-space-only made one newline or
    space."""
    if "&" in text:
        text = html_lib.unescape(text)
    if text.strip(_ASCII_SPACES):
        return text
    return "\n" if "\n" in text else " "


def _stamp_text(markup: str) -> str:
    """The text of a <small> stamp: its strings (split at <var> tags) joined."""
    if "<" not in markup:
        return _plain_text(markup) if markup else ""
    if "&" not in markup and "\n" not in markup and "\t" not in markup and "  " not in markup:
        return _VAR_TAG.sub("", markup)  # no string that _plain_text would change
    return "".join(_plain_text(part) for part in _VAR_TAG.split(markup) if part)


def _space_token(space: str) -> tuple[str, str]:
    return ("text", "\n" if "\n" in space else " ")


def _plain_tokens(markup: str) -> list[tuple[str, str]] | None:
    """The tokens of markup made of plain paragraphs only (see _PARAGRAPH), else None.

    In such markup lxml reports implied html/body tags, then each tag and string as written,
    minus the white space before the first <p>: the tokens follow from the regex groups.
    """
    suspect = _SUSPECT.search(markup)
    if suspect is not None and _NOT_PLAIN.search(markup, suspect.start()) is not None:
        return None
    pieces = _PARAGRAPH.split(markup)
    # [before, 8 groups, between, 8 groups, ..., after]: only white space may lead; any text
    # between (or after) paragraphs is markup the pattern does not cover.
    if len(pieces) == 1 or pieces[0].strip(" \t\n"):
        return None
    out: list[tuple[str, str]] = []
    append = out.append
    for i in range(1, len(pieces), 9):
        before, stamp, after, before_label, label, body, other, space, rest = pieces[i : i + 9]
        if rest:
            return None
        append(_SEP_TOKEN)
        if stamp is not None:
            if before:
                append(_space_token(before))
            append(("small", _stamp_text(stamp)))
            if after:
                append(_space_token(after))
            append(_SEP_TOKEN)
            if before_label:
                append(_space_token(before_label))
            append(("strong", _plain_text(label) if label else ""))
            if body:
                plain = "&" not in body and body.strip(_ASCII_SPACES)
                append(("text", body if plain else _plain_text(body)))
        else:
            for br, small, stamp, label, text in _IN_PARAGRAPH.findall(other):
                if text:
                    append(("text", _plain_text(text)))
                elif br:
                    append(_SEP_TOKEN)
                elif small:
                    append(("small", _stamp_text(stamp)))
                else:  # <strong>
                    append(("strong", _plain_text(label) if label else ""))
        if space:
            append(_space_token(space))
    return out


class _TokenTarget:
    """lxml parser target: the tokens BeautifulSoup's tree of the same events would give.

    Mirrors bs4's lxml builder: adjacent data joined into one string, split at every tag,
    comment, PI and doctype; an ASCII-whitespace-only string made one newline or space
    (outside pre/textarea); strings under rt/rp/script/style/template hidden (they are not
    NavigableStrings); an end tag pops up to the most recent open tag of its name. Then the
    `entry_tokens_soup` walk: a label tag's visible text as one token, skipped tags dropped,
    `sep` at each block tag.
    """

    __slots__ = ("data_parts", "hidden", "keep", "label", "label_parts", "names", "out", "skip")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget the previous document."""
        self.out: list[tuple[str, str]] = []
        self.data_parts: list[str] = []
        self.names: list[str] = []  # open tags, outermost first
        self.hidden = 0  # open rt/rp/script/style/template tags
        self.keep = 0  # open pre/textarea tags
        self.label = 0  # stack depth of the label tag being read (0: none)
        self.label_parts: list[str] = []
        self.skip = 0  # stack depth of the skipped tag being passed over (0: none)

    def _flush(self) -> None:
        """End the current string (bs4's endData) and place it."""
        parts = self.data_parts
        self.data_parts = []
        if self.hidden:
            return
        text = parts[0] if len(parts) == 1 else "".join(parts)
        if not self.keep and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        if self.label:
            self.label_parts.append(text)
        elif not self.skip:
            self.out.append(("text", text))

    def start(self, tag: str, attrib: object) -> None:
        """Open a tag."""
        if self.data_parts:
            self._flush()
        names = self.names
        names.append(tag)
        if tag in _STRING_CONTAINER_TAGS:
            self.hidden += 1
        elif tag in _PRESERVE_TAGS:
            self.keep += 1
        if self.label or self.skip:
            return
        if tag in _BLOCK_TAGS:
            self.out.append(_SEP_TOKEN)
        elif tag in _INLINE_LABEL_TAGS:
            self.label = len(names)
            self.label_parts = []
        elif tag in _SKIPPED_TAGS:
            self.skip = len(names)

    def end(self, tag: str) -> None:
        """Close a tag and the tags opened after the most recent one of its name."""
        if self.data_parts:
            self._flush()
        names = self.names
        if names and names[-1] == tag and tag not in _NOTABLE_TAGS:
            names.pop()  # the usual case: nothing to count or emit
            if len(names) + 1 == self.skip:
                self.skip = 0
            return
        if tag not in names:
            return
        while names:
            name = names.pop()
            if name in _STRING_CONTAINER_TAGS:
                self.hidden -= 1
            elif name in _PRESERVE_TAGS:
                self.keep -= 1
            depth = len(names) + 1
            if depth == self.label:
                self.out.append((name, "".join(self.label_parts)))
                self.label = 0
            elif depth == self.skip:
                self.skip = 0
            if name == tag:
                return

    def data(self, data: str) -> None:
        """Text: joined with adjacent text until the next event."""
        self.data_parts.append(data)

    def comment(self, text: str) -> None:
        """A comment ends the current string and shows nothing."""
        if self.data_parts:
            self._flush()

    def pi(self, target: str, data: str | None = None) -> None:
        """A processing instruction ends the current string and shows nothing."""
        if self.data_parts:
            self._flush()

    def doctype(self, *args: object) -> None:
        """A doctype ends the current string and shows nothing."""
        if self.data_parts:
            self._flush()

    def close(self) -> list[tuple[str, str]]:
        """Return the tokens of the document."""
        if self.data_parts:
            self._flush()
        while self.names:  # bs4 closes what is still open (labels included)
            self.end(self.names[0])
        return self.out


def entry_tokens_soup(markup: str) -> list[tuple[str, str]]:
    """`entry_tokens` read with BeautifulSoup: the reference, and the fallback for markup lxml
    gives no tree for. Raises RecordError when BeautifulSoup rejects the markup."""
    if "<" not in markup:
        return [("text", html_lib.unescape(markup) if "&" in markup else markup)]
    try:
        soup = BeautifulSoup(markup, "lxml")
    except ParserRejectedMarkup as err:
        raise RecordError(f"unreadable HTML content: {err}") from err
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


def entry_lines(tokens: Iterable[tuple[str, str]]) -> list[str]:
    """Whitespace-collapsed, non-empty text lines; a bold 'Key: value' is a line of its own."""
    parts: list[str] = []
    for kind, text in tokens:
        if kind == "sep":
            parts.append("\n")
        elif kind in ("b", "strong") and _KEY_VALUE.match(text.strip()):
            parts.extend(("\n", text, "\n"))
        else:
            parts.append(text)
    return [line for line in (collapse_whitespace(x) for x in "".join(parts).split("\n")) if line]


def split_names(text: str) -> list[str]:
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


def component_impact(state: str) -> str | None:
    """Map a component state ('Degraded performance', 'major_outage') to an impact, or None."""
    return _COMPONENT_IMPACT_KEYS.get(re.sub(r"[\s_-]", "", state.lower()))


def split_components(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split 'Name (Degraded performance)' items into names and the impacts of known states."""
    out_names: list[str] = []
    impacts: list[str] = []
    for item in names:
        match = COMPONENT_STATE.match(item)
        name = item
        if match is not None:
            impact = component_impact(match["state"])
            if impact is not None:
                name = match["name"]
                impacts.append(impact)
        if name and name not in out_names:
            out_names.append(name)
    return out_names, impacts


@lru_cache(maxsize=256)  # (a feed prints a handful of labels, 50,000 times)
def status_from_label(label: str) -> str:
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
    raise RecordError(f'unknown status label "{collapse_whitespace(label)[:60]}"')


@cache
def _zoneinfo(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def stamp_time(stamp: str, reference: datetime) -> datetime:
    """Turn a year-less update stamp ('Mar 3, 14:05 UTC') into aware UTC near `reference`."""
    text = " ".join(stamp.split())
    match = _STAMP.fullmatch(text)
    if match is None:
        raise RecordError(f"unparsable update timestamp {text[:60]!r}")
    mon, day_text, year, hour_text, minute_text, second_text, ampm, zone = match.groups()
    month = _MONTHS.get(mon[:3].lower())
    if month is None:
        raise RecordError(f"unknown month in update timestamp {text!r}")
    day = int(day_text)
    hour, minute = int(hour_text), int(minute_text)
    second = int(second_text) if second_text else 0
    if ampm:
        if not 1 <= hour <= 12:
            raise RecordError(f"impossible time {hour_text}:{minute_text} in {text!r}")
        hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise RecordError(f"impossible time {hour_text}:{minute_text} in {text!r}")
    zone = "UTC" if zone is None else zone.replace(" ", "").upper()
    offset = TZ_OFFSETS.get(zone)
    if offset is None:
        offset = zone_offset(zone)
        if offset is None:
            raise RecordError(f"unknown time zone {zone!r} in update timestamp {text!r}")
    try:
        if year:
            utc = datetime(int(year), month, day, hour, minute, tzinfo=UTC) - offset
        else:
            utc = _nearest_year(month, day, hour, minute, offset, reference)
    except ValueError:
        raise RecordError(f"impossible date {mon[:3].title()} {day}") from None
    if second:
        utc += timedelta(seconds=second)
    if zone in _DST_ZONES:
        dst_zone = _zoneinfo(_DST_ZONES[zone])
        if dst_zone is not None:
            local_year = (utc + offset).year
            local = datetime(local_year, month, day, hour, minute, second, tzinfo=dst_zone)
            utc = local.astimezone(UTC)
    return utc


def _nearest_year(
    month: int, day: int, hour: int, minute: int, offset: timedelta, reference: datetime
) -> datetime:
    """timestamps.infer_year, answered without it when the stamp in the reference's own year
    lies within half a year of it: the years before and after are then over half a year away."""
    try:
        candidate = datetime(reference.year, month, day, hour, minute, tzinfo=UTC) - offset
    except (ValueError, OverflowError):
        return infer_year(month, day, hour, minute, offset, reference)
    if -_HALF_YEAR < candidate - reference < _HALF_YEAR:
        return candidate
    return infer_year(month, day, hour, minute, offset, reference)


def segment_updates(tokens: list[tuple[str, str]]) -> tuple[list[str], list[RawUpdate]]:
    """Split tokens into header lines (before the first stamp) and raw stamped updates."""
    header: list[tuple[str, str]] = []
    updates: list[RawUpdate] = []
    current: RawUpdate | None = None
    parts: list[str] = []
    for kind, text in tokens:
        if current is None:
            if kind == "small" and _LOOKS_LIKE_STAMP.search(text):
                current = RawUpdate(text)
                parts = current.parts
                updates.append(current)
            else:
                header.append((kind, text))
        elif kind == "sep":
            parts.append("\n")
        elif kind == "text":
            parts.append(text)
        elif kind == "small" and _LOOKS_LIKE_STAMP.search(text):
            current = RawUpdate(text)
            parts = current.parts
            updates.append(current)
        elif kind in ("strong", "b") and current.label is None and not "".join(parts).strip():
            current.label = text
        else:
            parts.append(text)
    # (most entries open with their first <p>: a header of one separator, no line)
    return (entry_lines(header) if header and header != [_SEP_TOKEN] else []), updates
