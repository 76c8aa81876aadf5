"""Build status observations and read the fields of JSON status records.

`ObservationBuilder` makes the IncidentObservations and UpdateObservations of one payload for
every status parser (Statuspage and Google Cloud JSON, the XML feeds): vendor, source and
format are filled in once, and the safety limits of pipeline.core.limits are applied in this
one place:

- times: started_at, resolved_at, observed_at and every update's posted_at must lie in the
  plausible range (`limits.implausible_time`: 2005-01-01 .. the run's `now` + 1 day), else
  the whole incident is quarantined with a reason naming the field and the bound (an
  incident starting in year 1 once made 739,956 outage_daily rows). The one exception: a
  maintenance still 'scheduled' (announced ahead) may start in the future; its start is
  checked against the lower bound only.
- text: titles and component names are cut to MAX_TITLE_CHARS, update bodies to
  MAX_BODY_CHARS (the raw archive keeps the full payload).
- links: an incident URL that is not an absolute http(s) URL (javascript:, data:, a relative
  path) or is longer than MAX_URL_CHARS is stored as None; the incident keeps its other
  fields and the raw value stays in the raw archive only.
- ids: an incident id longer than MAX_URL_CHARS quarantines the incident (cutting a key
  could merge two incidents); `record_ref` cuts the quarantine reference to that length.

The typed accessors (`optional_str`, `required_str`, `optional_time`, `strings_of_objects`)
read JSON records and raise `RecordError`, which a parser turns into a quarantined record.
"""

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pipeline.core.limits import (
    EARLIEST_PLAUSIBLE,
    FUTURE_SLACK,
    MAX_BODY_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    cap_text,
    implausible_time,
)
from pipeline.core.models import IncidentObservation, Source, UpdateObservation
from pipeline.parse.timestamps import parse_iso_utc

_UNSAFE_URL_CHAR = re.compile(r"[\x00-\x20\x7f]")
# An absolute http(s) URL whose parts need no urlsplit: a lower-case scheme, an ASCII host
# (and port), no white space; group 1 is urlsplit's path.
_PLAIN_HTTP_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(/[^?#\s]*)?(?:[?#]\S*)?")


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one payload is parsed.

    A 10,000-entry feed allocates about a million short-lived containers (tokens, updates,
    observations) and no reference cycle, so the collector finds nothing, yet each of its
    full passes walks every object of the process: a tenth of the parse time. Reference
    counting still frees everything; the collector runs again afterwards (re-enabled only when
    it was enabled on entry).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class RecordError(Exception):
    """One record of a status payload cannot be used; the parser quarantines it."""


def vendor_of(source: Source) -> str:
    """Vendor slug of a source (its name when the catalog names no vendor)."""
    return source.vendor or source.name


def record_ref(ref: str) -> str:
    """A record reference for quarantine, cut to MAX_URL_CHARS (a hostile id can be 1 MB)."""
    return cap_text(ref, MAX_URL_CHARS) or ref


def plain_http_path(url: str) -> str | None:
    """urlsplit(url).path of a plain absolute http(s) URL (see _PLAIN_HTTP_URL), else None:
    other URLs need urlsplit."""
    match = _PLAIN_HTTP_URL.fullmatch(url)
    return None if match is None else match[1] or ""


def usable_url(value: str | None) -> str | None:
    """`value` stripped when it is an absolute http(s) URL with a host of at most
    MAX_URL_CHARS characters and no whitespace or control character, else None
    (javascript:, data:, relative or over-long links)."""
    if value is None:
        return None
    url = value.strip()
    if not url or len(url) > MAX_URL_CHARS or _UNSAFE_URL_CHAR.search(url):
        return None
    if _PLAIN_HTTP_URL.fullmatch(url):
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and host else None


def check_time(name: str, value: datetime | None, now: datetime, *, ahead: bool = False) -> None:
    """Raise RecordError when `value` is outside the plausible range (None passes).

    With `ahead` (a planned time, announced in advance) only the lower bound applies.
    """
    if value is None:
        return
    # A planned time is compared with itself as "now": only the lower bound can fail.
    why = implausible_time(value, max(now, value) if ahead else now)
    if why is not None:
        raise RecordError(f"implausible {name}: {why}")


@dataclass(slots=True, frozen=True)
class ObservationBuilder:
    """Builds the observations of one payload of `source`, parsed as `format` in a run at `now`
    (the upper bound of plausible times)."""

    source: Source
    format: str
    now: datetime

    @property
    def vendor(self) -> str:
        """The vendor every observation of the payload belongs to."""
        return vendor_of(self.source)

    def incident(
        self,
        incident_id: str,
        title: str,
        *,
        impact: str | None,
        impact_inferred: bool,
        is_maintenance: bool,
        started_at: datetime | None,
        resolved_at: datetime | None,
        status: str | None,
        components: tuple[str, ...],
        url: str | None,
        observed_at: datetime | None,
        has_history: bool = True,
    ) -> IncidentObservation:
        """Return what this payload says about one incident, within the safety limits.

        Raises RecordError for an implausible time or an over-long id (see module docstring).
        """
        if len(incident_id) > MAX_URL_CHARS:
            raise RecordError(f"incident id longer than {MAX_URL_CHARS} characters")
        planned = is_maintenance and status == "scheduled"
        check_time("started_at", started_at, self.now, ahead=planned)
        check_time("resolved_at", resolved_at, self.now)
        check_time("observed_at", observed_at, self.now)
        return IncidentObservation(
            vendor=self.vendor,
            incident_id=incident_id,
            title=cap_text(title, MAX_TITLE_CHARS) or "",
            impact=impact,
            impact_inferred=impact_inferred,
            is_maintenance=is_maintenance,
            started_at=started_at,
            resolved_at=resolved_at,
            status=status,
            components=tuple(cap_text(c, MAX_TITLE_CHARS) or "" for c in components),
            url=usable_url(url),
            source=self.source.name,
            format=self.format,
            observed_at=observed_at,
            has_history=has_history,
        )

    def update(
        self, incident_id: str, status: str, posted_at: datetime, body: str
    ) -> UpdateObservation:
        """Return one status update of an incident as this payload publishes it.

        Raises RecordError when `posted_at` is implausible; the body is cut to MAX_BODY_CHARS.
        """
        if posted_at < EARLIEST_PLAUSIBLE or posted_at - self.now > FUTURE_SLACK:
            check_time("update posted_at", posted_at, self.now)  # raises, naming the bound
        return UpdateObservation(
            vendor=self.vendor,
            incident_id=incident_id,
            status=status,
            posted_at=posted_at,
            body=cap_text(body, MAX_BODY_CHARS) or "",
            source=self.source.name,
            format=self.format,
        )


def kind_of(value: object) -> str:
    """Name a JSON value's type for messages ('null', 'a list', ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def optional_str(record: dict[str, Any], key: str) -> str | None:
    """Return a stripped string field, None when absent, null or blank.

    Raises RecordError when the field has another type.
    """
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{key!r} is {kind_of(value)}, expected a string")
    return value.strip() or None


def required_str(record: dict[str, Any], key: str) -> str:
    """Return a non-blank string field; raise RecordError when missing or mistyped."""
    value = optional_str(record, key)
    if value is None:
        raise RecordError(f"missing {key!r}")
    return value


def optional_time(record: dict[str, Any], key: str) -> datetime | None:
    """Return an ISO-8601 field as aware UTC, None when absent/null; RecordError otherwise."""
    value = optional_str(record, key)
    if value is None:
        return None
    try:
        return parse_iso_utc(value)
    except (ValueError, OverflowError) as err:
        raise RecordError(f"invalid timestamp {key!r}: {value[:40]!r}") from err


def strings_of_objects(value: object, where: str, key: str = "name") -> list[str]:
    """The string field `key` of every object in the JSON list `value` (None means empty)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{where!r} is {kind_of(value)}, expected a list")
    names = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise RecordError(f"{where}[{i}] is {kind_of(item)}, expected an object")
        try:
            names.append(required_str(item, key))
        except RecordError as err:
            raise RecordError(f"{where}[{i}]: {err}") from err
    return names


def check_order(started_at: datetime | None, resolved_at: datetime | None) -> None:
    """Raise RecordError when an incident is resolved before it started."""
    if started_at is not None and resolved_at is not None and resolved_at < started_at:
        raise RecordError(
            f"resolved at {resolved_at.isoformat()} before start at {started_at.isoformat()}"
        )
