"""Parse Statuspage API v2 JSON into incident and update observations.

Reads `incidents.json` / `unresolved.json` / `summary.json` (`incidents: [...]`),
`scheduled-maintenances*.json` (`scheduled_maintenances: [...]`) and the single-incident
document (`{"page": ..., "incident": {...}}`). incident.io's Statuspage-compatible copy has the
same shape, with ULID ids and the extra status 'fixing' (normalized to 'identified').
A bad incident is quarantined; a payload that is not such a document raises ParseError.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
    MAINTENANCE_STATUSES,
    normalize_impact,
    normalize_status,
    parse_iso_utc,
)
from pipeline.parse.detect import decode_json

FORMAT = "statuspage_json"
_LIST_KEYS = ("incidents", "scheduled_maintenances")
# Every timestamp of an incident is checked, used or not: an impossible one marks a broken record.
_TIME_KEYS = (
    "created_at",
    "updated_at",
    "started_at",
    "monitoring_at",
    "resolved_at",
    "scheduled_for",
    "scheduled_until",
)

logger = logging.getLogger(__name__)


class RecordError(Exception):
    """One record of a JSON status document cannot be used; the parser quarantines it."""


@dataclass(slots=True, frozen=True)
class _Update:
    status: str
    posted_at: datetime
    body: str
    components: tuple[str, ...]


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


def check_order(started_at: datetime | None, resolved_at: datetime | None) -> None:
    """Raise RecordError when an incident is resolved before it started."""
    if started_at is not None and resolved_at is not None and resolved_at < started_at:
        raise RecordError(
            f"resolved at {resolved_at.isoformat()} before start at {started_at.isoformat()}"
        )


def vendor_of(source: Source) -> str:
    """Vendor slug of a source (its name when the catalog names no vendor)."""
    return source.vendor or source.name


def _status(value: object, where: str) -> str:
    if value is None:
        raise RecordError(f"missing {where!r}")
    if not isinstance(value, str):
        raise RecordError(f"{where!r} is {kind_of(value)}, expected a string")
    status = normalize_status(value)
    if status is None:
        raise RecordError(f"unknown {where} {value[:40]!r}")
    return status


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


def _updates(record: dict[str, Any]) -> list[_Update]:
    raw = record.get("incident_updates")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RecordError(f"'incident_updates' is {kind_of(raw)}, expected a list")
    updates: list[_Update] = []
    for i, item in enumerate(raw):
        where = f"incident_updates[{i}]"
        if not isinstance(item, dict):
            raise RecordError(f"{where} is {kind_of(item)}, expected an object")
        try:
            status = _status(item.get("status"), "status")
            created_at = optional_time(item, "created_at")
            display_at = optional_time(item, "display_at")
            body = optional_str(item, "body") or ""
            components = strings_of_objects(item.get("affected_components"), "affected_components")
        except RecordError as err:
            raise RecordError(f"{where}: {err}") from err
        posted_at = display_at or created_at
        if posted_at is None:
            raise RecordError(f"{where}: missing 'display_at' and 'created_at'")
        updates.append(_Update(status, posted_at, body, tuple(components)))
    return sorted(updates, key=lambda u: u.posted_at)


def _first(updates: list[_Update], statuses: frozenset[str]) -> datetime | None:
    return next((u.posted_at for u in updates if u.status in statuses), None)


def _impact(record: dict[str, Any]) -> str | None:
    value = optional_str(record, "impact")
    if value is None:
        return None
    impact = normalize_impact(value)
    if impact is None:
        raise RecordError(f"unknown impact {value[:40]!r}")
    return impact


def _url(record: dict[str, Any], incident_id: str, page_url: str | None) -> str | None:
    shortlink = optional_str(record, "shortlink")
    if shortlink is not None:
        return shortlink
    return f"{page_url}/incidents/{incident_id}" if page_url else None


def _parse_incident(
    record: object, scheduled: bool, page_url: str | None, source: Source
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    if not isinstance(record, dict):
        raise RecordError(f"expected an object, got {kind_of(record)}")
    incident_id = required_str(record, "id")
    title = required_str(record, "name")
    times = {key: optional_time(record, key) for key in _TIME_KEYS}
    raw_status = record.get("status")
    status = None if raw_status is None else _status(raw_status, "status")
    impact = _impact(record)
    updates = _updates(record)
    components = strings_of_objects(record.get("components"), "components")
    components += [name for u in updates for name in u.components]

    is_maintenance = (
        scheduled
        or impact == "maintenance"
        or times["scheduled_for"] is not None
        or status in MAINTENANCE_STATUSES
        or any(u.status in MAINTENANCE_STATUSES for u in updates)
    )
    if is_maintenance:
        # A maintenance starts when the work does, not when it was announced.
        started_at = (
            _first(updates, frozenset({"in_progress"}))
            or times["scheduled_for"]
            or times["started_at"]
            or times["created_at"]
        )
        impact = impact or "maintenance"
    else:
        started_at = times["started_at"] or times["created_at"]
    if started_at is None:
        raise RecordError("missing 'started_at' and 'created_at'")

    resolved_at = times["resolved_at"]
    if resolved_at is None and status in CLOSING_STATUSES:
        # Closed but no resolved_at (seen in incident.io's copy): first closing update, else
        # the last change of the record, so a closed incident never counts as still open.
        resolved_at = _first(updates, CLOSING_STATUSES) or times["updated_at"]
    check_order(started_at, resolved_at)

    vendor = vendor_of(source)
    incident = IncidentObservation(
        vendor=vendor,
        incident_id=incident_id,
        title=title,
        impact=impact,
        impact_inferred=False,
        is_maintenance=is_maintenance,
        started_at=started_at,
        resolved_at=resolved_at,
        status=status,
        components=tuple(sorted(set(components))),
        url=_url(record, incident_id, page_url),
        source=source.name,
        format=FORMAT,
        observed_at=times["updated_at"],
        has_history=True,
    )
    return incident, _observations(updates, vendor, incident_id, source)


def _observations(
    updates: list[_Update], vendor: str, incident_id: str, source: Source
) -> list[UpdateObservation]:
    # (posted_at, status) is the warehouse key of an update: merge same-key bodies, keep order.
    merged: dict[tuple[datetime, str], list[str]] = {}
    for u in updates:
        bodies = merged.setdefault((u.posted_at, u.status), [])
        if u.body and u.body not in bodies:
            bodies.append(u.body)
    return [
        UpdateObservation(
            vendor=vendor,
            incident_id=incident_id,
            status=status,
            posted_at=posted_at,
            body="\n\n".join(bodies),
            source=source.name,
            format=FORMAT,
        )
        for (posted_at, status), bodies in merged.items()
    ]


def _page_url(document: dict[str, Any]) -> str | None:
    page = document.get("page")
    url = page.get("url") if isinstance(page, dict) else None
    if isinstance(url, str) and url.strip().startswith(("http://", "https://")):
        return url.strip().rstrip("/")
    return None


def _entries(document: dict[str, Any], source: Source) -> Iterator[tuple[str, object, bool]]:
    """Yield (positional ref, record, is scheduled maintenance) for every incident record."""
    for key in _LIST_KEYS:
        records = document.get(key)
        if records is None:
            continue
        if not isinstance(records, list):
            raise ParseError(source.name, "payload", f"{key!r} is {kind_of(records)}, not a list")
        for i, record in enumerate(records):
            yield f"{key}[{i}]", record, key == "scheduled_maintenances"
    if "incident" in document:
        record = document["incident"]
        if not isinstance(record, dict):
            raise ParseError(
                source.name, "payload", f"'incident' is {kind_of(record)}, not an object"
            )
        yield "incident", record, False


def parse_statuspage_document(document: object, source: Source) -> ParseResult:
    """Parse an already decoded Statuspage v2 JSON document (see parse_statuspage_json)."""
    if not isinstance(document, dict) or not any(
        key in document for key in ("incident", *_LIST_KEYS)
    ):
        raise ParseError(
            source.name,
            "payload",
            f"expected a Statuspage v2 object with 'incidents', 'scheduled_maintenances' or "
            f"'incident', got {kind_of(document)}",
        )
    page_url = _page_url(document)
    result = ParseResult(format=FORMAT)
    seen: dict[str, str] = {}
    for position, record, scheduled in list(_entries(document, source)):
        raw_id = record.get("id") if isinstance(record, dict) else None
        ref = raw_id.strip() if isinstance(raw_id, str) and raw_id.strip() else position
        try:
            incident, updates = _parse_incident(record, scheduled, page_url, source)
        except RecordError as err:
            logger.debug("%s: quarantined %s: %s", source.name, ref, err)
            result.quarantined.append(Quarantined(source.name, ref, str(err)))
            continue
        if incident.incident_id in seen:
            # The warehouse keys observations by incident id: keep the first one only.
            reason = f"duplicate incident id (first seen at {seen[incident.incident_id]})"
            result.quarantined.append(Quarantined(source.name, ref, reason))
            continue
        seen[incident.incident_id] = position
        result.incidents.append(incident)
        result.updates.extend(updates)
    return result


def parse_statuspage_json(payload: bytes, source: Source) -> ParseResult:
    """Parse a Statuspage API v2 (or incident.io compatible) JSON payload.

    Raises:
        ParseError: record 'payload', when the bytes are not JSON or not a Statuspage
            document; bad incidents are returned in `ParseResult.quarantined` instead.
    """
    return parse_statuspage_document(decode_json(payload, source.name), source)
