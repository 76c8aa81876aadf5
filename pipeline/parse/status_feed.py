"""Parse XML status feeds (Statuspage, incident.io, Instatus, xAI, generic RSS/Atom) into records.

`parse_status_feed(payload, source, format="auto") -> ParseResult` reads one Atom or RSS payload
with the feed reader (pipeline.parse.xml_feed) and returns one IncidentObservation per entry
(plus its UpdateObservations); an entry that cannot be used is returned as
Quarantined(source, record_ref, reason) and never drops the others. The HTML inside entries is
read by pipeline.parse.status_entry_html. Nothing is written. Only ParseError leaves this module
(empty/non-XML payload, DTD entity declarations, a root that is not RSS/Atom, an unsupported
format).

Formats (`ParseResult.format`) and the rules chosen where the wire format is silent:

- statuspage_atom / statuspage_rss / instatus_atom: one update per `<small>` stamp in the
  entry's HTML; year-less stamps get their year from the entry's updated/published/pubDate via
  timestamps.infer_year. Named zones with daylight saving (PST, EST, CET, ...) convert with the
  zone's DST rules, because Statuspage prints the page zone's standard abbreviation all year
  (Parse's 'Oct 28, 14:48 PST' is pubDate '14:48 -0700'). Updates are sorted by time.
  A `Update` label means "no status change", so the incident status is the latest update's
  status, with `update` inheriting the status before it. resolved_at is the first
  resolved/completed update of the final run of closing updates (postmortem alone does not
  resolve); None while the incident is open. started_at is the earliest update; for
  maintenance the earliest in_progress update when there is one. Impact: 'maintenance' for
  maintenance (labels Scheduled/In progress/Verifying/Completed, an id containing
  'Maintenance' or Instatus 'Type: Maintenance'); else from component states when the content
  gives them (impact_inferred=False); else status_terms.infer_impact over title and bodies
  (impact_inferred=True). Labels outside status_terms.STATUS_LABELS map to 'update' when they
  plausibly are one ('Update 2', 'Status update', 'Resolved.'), and quarantine the incident
  otherwise; a stamped block without a label is an 'update'.
- incidentio_atom: latest status only (has_history=False); started_at = published (a guess a
  JSON observation should override); resolved_at = updated when the status is closing; impact
  from component states via status_terms.COMPONENT_IMPACT.
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
quarantines the whole incident, as does a resolution before the start, and so does an entry
date (published/updated/pubDate...) that pipeline.parse.timestamps.parse_timestamp cannot read.
So does a time outside the plausible range (before 2005-01-01 or after the run's `now` + 1
day), and an id longer than limits.MAX_URL_CHARS; titles and bodies are cut, and links that
are not http(s) stored as None (pipeline.parse.status_records.ObservationBuilder).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import NamedTuple, TypeVar
from urllib.parse import urlsplit

from pipeline.core.errors import ParseError
from pipeline.core.models import (
    IncidentObservation,
    ParseResult,
    Quarantined,
    Source,
    UpdateObservation,
)
from pipeline.parse.html_text import collapse_whitespace
from pipeline.parse.status_entry_html import (
    COMPONENT_STATE,
    component_impact,
    entry_lines,
    entry_tokens,
    segment_updates,
    split_components,
    split_names,
    stamp_time,
    status_from_label,
)
from pipeline.parse.status_records import (
    ObservationBuilder,
    RecordError,
    collection_paused,
    plain_http_path,
    record_ref,
)
from pipeline.parse.status_terms import (
    CLOSING_STATUSES,
    MAINTENANCE_STATUSES,
    impact_of_text,
    impact_text,
    infer_impact,
    max_impact,
    may_tell_impact,
)
from pipeline.parse.timestamps import parse_timestamp
from pipeline.parse.xml_feed import (
    PUBLISHED_ELEMENTS,
    Feed,
    FeedEntry,
    element_text,
    inner_markup,
    published_dates,
    read_feed,
    updated_dates,
)

FEED_FORMATS = (
    "statuspage_atom",
    "statuspage_rss",
    "incidentio_atom",
    "instatus_atom",
    "xai_rss",
    "generic_feed",
)

_AFFECTED = re.compile(
    r"This (?:incident|scheduled maintenance|maintenance) affected:\s*(?P<names>.+)", re.IGNORECASE
)
# An update body's leading dashes, colons and white space (every character str.isspace(), and
# so the regex \\s, accepts: none is above U+3000) are dropped.
_DASHES = frozenset("-\u2013\u2014:")
_DASH_OR_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "-\u2013\u2014:"
_STATUS_LINE = re.compile(r"^Status:\s*(?P<label>.+)$", re.IGNORECASE)
_AFFECTED_HEADER = re.compile(r"^Affected components?:?$", re.IGNORECASE)
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


@dataclass(slots=True)
class _Entry:
    """One feed entry, reduced to what the format handlers read."""

    index: int
    title: str = ""
    link: str | None = None
    guid: str | None = None
    content: str = ""  # the entry's HTML
    published: datetime | None = None
    updated: datetime | None = None
    categories: list[str] = field(default_factory=list)
    bad_dates: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class _Ctx:
    build: ObservationBuilder
    feed_updated: datetime | None


_Handler = Callable[[_Entry, str, _Ctx], tuple[IncidentObservation, list[UpdateObservation]]]
_T = TypeVar("_T")


def parse_status_feed(
    payload: bytes,
    source: Source,
    format: str = "auto",
    *,
    now: datetime,
    base_url: str | None = None,
    content_type: str | None = None,
) -> ParseResult:
    """Parse one status feed payload (Atom or RSS) into incident and update observations.

    `format` is one of FEED_FORMATS or 'auto' (detected from the root element, entry ids and
    links, and the content markup; see module docstring); `now` is the run's time, the upper
    bound of plausible times; `base_url` and `content_type` (the URL fetched and its header)
    go to the feed reader. Reads nothing but `payload`.

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
    with collection_paused():  # (see there: a tenth of the time of a large feed)
        feed = read_feed(data, source.name, base_url=base_url, content_type=content_type)
        entries = [_status_entry(entry) for entry in feed.entries]
        fmt = format if format != "auto" else _detect(feed, entries)
        ctx = _Ctx(ObservationBuilder(source, fmt, now), _feed_updated(feed))
        handler = _HANDLERS[fmt]
        ref_of = _generic_id if fmt == "generic_feed" else _history_id
        result = ParseResult(format=fmt, is_lenient=feed.lenient, encoding=feed.encoding)
        if handler is _history:
            outcomes = _history_outcomes(entries, ref_of, ctx)
        else:
            outcomes = []
            for entry in entries:
                ref = record_ref(ref_of(entry))
                outcomes.append((ref, _outcome(handler, entry, ref, ctx)))
        for ref, outcome in outcomes:
            if isinstance(outcome, str):
                result.quarantined.append(Quarantined(source.name, ref, outcome))
            else:
                result.incidents.append(outcome[0])
                result.updates.extend(outcome[1])
        return result


def _outcome(step: Callable[..., _T], entry: _Entry, *args: object) -> _T | str:
    """`step(entry, *args)`, or why the entry is quarantined (a RecordError, a date that
    cannot be read, or, defensively, any ValueError: a malformed entry never fails the feed)."""
    if entry.bad_dates:
        return "unparsable date " + "; ".join(entry.bad_dates)
    try:
        return step(entry, *args)
    except RecordError as err:
        return str(err)
    except (ValueError, LookupError, OverflowError) as err:
        return f"unexpected {type(err).__name__}: {err}"


# --- entries -------------------------------------------------------------------------------------


def _status_entry(entry: FeedEntry) -> _Entry:
    """Reduce a feed entry: plain title, first link, the HTML, dates read strictly."""
    markup = inner_markup(entry.content) if entry.content is not None else ""
    if (not markup or markup.isspace()) and entry.summary is not None:
        markup = inner_markup(entry.summary)
    if not markup or markup.isspace():  # the lenient path's plain values
        markup = entry.content_html or entry.summary_html or ""
    title = entry.title_text or ""
    if entry.title is not None:
        title = collapse_whitespace(element_text(entry.title))
    status_entry = _Entry(
        entry.index,
        title=title,
        link=entry.links[0] if entry.links else None,
        guid=entry.guid,
        content=markup,
        categories=[c.strip() for c in entry.categories if c.strip()],
    )
    # The first date of each kind counts; one that cannot be read quarantines the entry.
    for name, raw in entry.dates:
        attr = "published" if name in PUBLISHED_ELEMENTS else "updated"
        if getattr(status_entry, attr) is not None:
            continue
        parsed = parse_timestamp(raw)
        if parsed is None:
            status_entry.bad_dates.append(f"<{name}> {raw.strip()[:60]!r}")
        else:
            setattr(status_entry, attr, parsed)
    return status_entry


def _feed_updated(feed: Feed) -> datetime | None:
    """When the feed last changed (its first readable updated, else published, date)."""
    for raw in (*updated_dates(feed.dates), *published_dates(feed.dates)):
        parsed = parse_timestamp(raw)
        if parsed is not None:
            return parsed
    return None


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


def _detect(feed: Feed, entries: list[_Entry]) -> str:
    """Pick the sub-format from the strongest signal found in the first entries."""
    sample = entries[:_DETECT_SAMPLE]
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
    path = plain_http_path(url.strip())
    if path is None:
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return None
        path = parts.path
    return path.rstrip("/").rpartition("/")[2] or None


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


def _fmt_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ" if value.second else "%Y-%m-%dT%H:%MZ")


def _check_order(started: datetime | None, resolved: datetime | None) -> None:
    if started is not None and resolved is not None and resolved < started:
        raise RecordError(f"resolved {_fmt_time(resolved)} before start {_fmt_time(started)}")


# --- format handlers -----------------------------------------------------------------------------


class _History(NamedTuple):
    """What an entry's HTML says, before the incident is built."""

    timed: list[tuple[datetime, str, str]]  # (posted_at, status, body), by time
    status: str
    started_at: datetime
    resolved_at: datetime | None
    is_maintenance: bool
    components: list[str]
    impacts: list[str]


def _history(
    entry: _Entry, ref: str, ctx: _Ctx
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """Statuspage and Instatus entries: the full update list lives in the entry's HTML."""
    return _history_records(entry, ref, ctx, _read_history(entry, ctx), None)


def _history_outcomes(
    entries: list[_Entry], ref_of: Callable[[_Entry], str], ctx: _Ctx
) -> list[tuple[str, tuple[IncidentObservation, list[UpdateObservation]] | str]]:
    """(ref, `_outcome(_history, ...)`) of every entry, impact cues searched in bulk."""
    reads = [_outcome(_read_history, entry, ctx) for entry in entries]
    texts = {
        i: impact_text(entries[i].title, *(body for _, _, body in read.timed))
        for i, read in enumerate(reads)
        if not isinstance(read, str) and not read.is_maintenance and not read.impacts
    }
    cues = dict(zip(texts, may_tell_impact(list(texts.values())), strict=True))
    outcomes: list[tuple[str, tuple[IncidentObservation, list[UpdateObservation]] | str]] = []
    for i, (entry, read) in enumerate(zip(entries, reads, strict=True)):
        ref = record_ref(ref_of(entry))
        if not isinstance(read, str):
            read = _outcome(_history_records, entry, ref, ctx, read, cues.get(i))
        outcomes.append((ref, read))
    return outcomes


def _read_history(entry: _Entry, ctx: _Ctx) -> _History:
    """Read the updates, statuses, times and components of a Statuspage/Instatus entry."""
    reference = entry.updated or entry.published or ctx.feed_updated
    header, raw_updates = segment_updates(entry_tokens(entry.content))
    if not raw_updates:
        raise RecordError("no parsable update timestamps")
    if reference is None:
        raise RecordError("no entry date to infer the year of update timestamps")
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
            component_items.extend(split_names(value))
    timed: list[tuple[datetime, str, str]] = []
    for raw in raw_updates:
        posted_at = stamp_time(raw.stamp, reference)
        status = "update" if raw.label is None else status_from_label(raw.label)
        timed.append((posted_at, status, _update_body(raw.parts, component_items)))
    # By time; updates of the same time keep the order of the page read oldest first.
    if timed[0][0] > timed[-1][0]:
        timed.reverse()
    timed.sort(key=itemgetter(0))

    statuses = [status for _, status, _ in timed]
    is_maintenance = (
        "Maintenance" in (entry.guid or "")
        or kind == "maintenance"
        or not MAINTENANCE_STATUSES.isdisjoint(statuses)
    )
    # 'Update' is printed when the status did not change: it inherits the one before it.
    effective: list[str] = []
    for status in statuses:
        effective.append(effective[-1] if status == "update" and effective else status)
    status = effective[-1]
    started_at = timed[0][0]
    if is_maintenance:
        started_at = next((t for t, s, _ in timed if s == "in_progress"), started_at)
    resolved_at = None
    if status in CLOSING_STATUSES:
        run_start = len(effective)
        while run_start > 0 and effective[run_start - 1] in CLOSING_STATUSES:
            run_start -= 1
        resolved_at = next(
            (t for t, s, _ in timed[run_start:] if s in ("resolved", "completed")), None
        )
    _check_order(started_at, resolved_at)

    names, impacts = split_components(component_items)
    return _History(timed, status, started_at, resolved_at, is_maintenance, names, impacts)


def _history_records(
    entry: _Entry, ref: str, ctx: _Ctx, read: _History, may_tell: bool | None
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """The incident and updates of a read entry; `may_tell` is `may_tell_impact` of its
    `impact_text` when already known."""
    if read.is_maintenance:
        impact, inferred = "maintenance", False
    elif read.impacts:
        impact, inferred = max_impact(read.impacts), False
    else:
        text = impact_text(entry.title, *(body for _, _, body in read.timed))
        if may_tell is None:
            may_tell = may_tell_impact([text])[0]
        impact, inferred = impact_of_text(text, may_tell), True
    incident = ctx.build.incident(
        ref,
        entry.title,
        url=entry.link,
        impact=impact,
        impact_inferred=inferred,
        is_maintenance=read.is_maintenance,
        started_at=read.started_at,
        resolved_at=read.resolved_at,
        status=read.status,
        components=tuple(read.components),
        observed_at=entry.updated or entry.published,
    )
    update = ctx.build.update
    return incident, [update(ref, status, at, body) for at, status, body in read.timed]


def _update_body(parts: list[str], component_items: list[str]) -> str:
    """An update's body: its lines whitespace-collapsed and joined, without the leading dash;
    'This incident affected: ...' lines go to `component_items` instead."""
    text = "".join(parts)
    if "affected" not in text.lower():  # no line can match _AFFECTED
        body = " ".join(text.split())
    else:
        lines: list[str] = []
        for line in (collapse_whitespace(x) for x in text.split("\n")):
            affected = _AFFECTED.match(line)
            if affected is not None:
                component_items.extend(split_names(affected["names"]))
            elif line:
                lines.append(line)
        body = " ".join(lines)
    # (the body starts with no white space: only a dash or colon can lead)
    return body.lstrip(_DASH_OR_SPACE) if body[:1] in _DASHES else body


def _incidentio(
    entry: _Entry, ref: str, ctx: _Ctx
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """incident.io entries: latest status, message and affected components only."""
    label: str | None = None
    message: list[str] = []
    component_items: list[str] = []
    in_components = False
    for line in entry_lines(entry_tokens(entry.content)):
        status_line = _STATUS_LINE.match(line)
        if status_line is not None and label is None:
            label = status_line["label"]
        elif _AFFECTED_HEADER.match(line):
            in_components = True
        elif in_components:
            component_items.append(line)
        else:
            state = COMPONENT_STATE.match(line)
            if state is not None and component_impact(state["state"]) is not None:
                component_items.append(line)
            else:
                message.append(line)
    if label is None:
        raise RecordError('no "Status:" line in content')
    status = status_from_label(label)
    started_at = entry.published or entry.updated
    latest_at = entry.updated or entry.published
    if started_at is None or latest_at is None:
        raise RecordError("no published/updated date")
    resolved_at = latest_at if status in CLOSING_STATUSES else None
    _check_order(started_at, resolved_at)
    names, impacts = split_components(component_items)
    is_maintenance = status in MAINTENANCE_STATUSES or "maintenance" in impacts
    if is_maintenance:
        impact, inferred = "maintenance", False
    elif impacts:
        impact, inferred = max_impact(impacts), False
    else:
        impact, inferred = infer_impact(entry.title, *message), True
    incident = ctx.build.incident(
        ref,
        entry.title,
        url=entry.link,
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
    return incident, [ctx.build.update(ref, status, latest_at, body)]


def _xai(entry: _Entry, ref: str, ctx: _Ctx) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """status.x.ai items: state and severity in the description and the categories."""
    state = severity = start_raw = end_raw = None
    message: list[str] = []
    for line in entry_lines(entry_tokens(entry.content)):
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
        raise RecordError('no "Status:" line or state category')
    status = _XAI_STATES.get(state.lower()) or status_from_label(state)
    started_at = _description_time(start_raw, "start") or entry.published or entry.updated
    if started_at is None:
        raise RecordError("no pubDate or start time")
    resolved_at = None
    if status in CLOSING_STATUSES:
        resolved_at = _description_time(end_raw, "end") or entry.updated or entry.published
    _check_order(started_at, resolved_at)
    sev = (severity or "").strip().lower()
    if sev in _XAI_SEVERITY:
        impact, inferred = _XAI_SEVERITY[sev], False
    elif component_impact(sev) is not None:
        impact, inferred = component_impact(sev), False
    else:
        impact, inferred = infer_impact(entry.title, *message), True
    is_maintenance = impact == "maintenance" or status in MAINTENANCE_STATUSES
    bracket = _BRACKET_TITLE.match(entry.title)
    components = tuple(split_names(bracket["product"])) if bracket else ()
    posted_at = resolved_at or entry.updated or entry.published or started_at
    incident = ctx.build.incident(
        ref,
        entry.title,
        url=entry.link,
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
    return incident, [ctx.build.update(ref, status, posted_at, body)]


def _description_time(raw: str | None, what: str) -> datetime | None:
    if raw is None:
        return None
    parsed = parse_timestamp(re.sub(r"\s*\b(?:UTC|GMT|Z)$", "+00:00", raw.strip()))
    if parsed is None:
        raise RecordError(f"unparsable {what} time {raw[:60]!r}")
    return parsed


def _generic(
    entry: _Entry, ref: str, ctx: _Ctx
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    """Any other RSS/Atom feed (AWS Health, Azure): one incident per item, wording decides."""
    text = " ".join(entry_lines(entry_tokens(entry.content)))
    started_at = entry.published or entry.updated
    latest_at = entry.updated or entry.published
    if started_at is None or latest_at is None:
        raise RecordError("no pubDate/published/updated date")
    resolved = bool(_RESOLVED_WORDING.search(entry.title) or _RESOLVED_WORDING.search(text))
    resolved_at = latest_at if resolved else None
    _check_order(started_at, resolved_at)
    is_maintenance = bool(_MAINTENANCE_WORDING.search(entry.title))
    impact = "maintenance" if is_maintenance else infer_impact(entry.title, text)
    incident = ctx.build.incident(
        ref,
        entry.title,
        url=entry.link,
        impact=impact,
        impact_inferred=not is_maintenance,
        is_maintenance=is_maintenance,
        started_at=started_at,
        resolved_at=resolved_at,
        status="resolved" if resolved else None,
        components=(),
        observed_at=latest_at,
    )
    status = "resolved" if resolved else "update"
    return incident, [ctx.build.update(ref, status, latest_at, text or entry.title)]


_HANDLERS: dict[str, _Handler] = {
    "statuspage_atom": _history,
    "statuspage_rss": _history,
    "instatus_atom": _history,
    "incidentio_atom": _incidentio,
    "xai_rss": _xai,
    "generic_feed": _generic,
}
