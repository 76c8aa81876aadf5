"""Parse Statuspage API v2 JSON into incident and update observations.

Reads `incidents.json` / `unresolved.json` / `summary.json` (`incidents: [...]`),
`scheduled-maintenances*.json` (`scheduled_maintenances: [...]`) and the single-incident
document (`{"page": ..., "incident": {...}}`). incident.io's Statuspage-compatible copy has the
same shape, with ULID ids and the extra status 'fixing' (normalized to 'identified').
A bad incident is quarantined; a payload that is not such a document raises ParseError.
Times outside the plausible range (before 2005, after the run's `now` + 1 day; an upcoming
maintenance may start later), over-long ids, text and links are handled by
status_records.ObservationBuilder; a shortlink that is not http(s) falls back to the page's
incident URL.
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
from pipeline.parse.detect import decode_json
from pipeline.parse.status_records import (
    ObservationBuilder,
    RecordError,
    check_order,
    kind_of,
    optional_str,
    optional_time,
    record_ref,
    required_str,
    strings_of_objects,
    usable_url,
)
from pipeline.parse.status_terms import (
    CLOSING_STATUSES,
    MAINTENANCE_STATUSES,
    normalize_impact,
    normalize_status,
)

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


@dataclass(slots=True, frozen=True)
class _Update:
    status: str
    posted_at: datetime
    body: str
    components: tuple[str, ...]


def _status(value: object, where: str) -> str:
    if value is None:
        raise RecordError(f"missing {where!r}")
    if not isinstance(value, str):
        raise RecordError(f"{where!r} is {kind_of(value)}, expected a string")
    status = normalize_status(value)
    if status is None:
        raise RecordError(f"unknown {where} {value[:40]!r}")
    return status


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
    shortlink = usable_url(optional_str(record, "shortlink"))
    if shortlink is not None:
        return shortlink
    return f"{page_url}/incidents/{incident_id}" if page_url else None


def _parse_incident(
    record: object, scheduled: bool, page_url: str | None, build: ObservationBuilder
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

    incident = build.incident(
        incident_id,
        title,
        impact=impact,
        impact_inferred=False,
        is_maintenance=is_maintenance,
        started_at=started_at,
        resolved_at=resolved_at,
        status=status,
        components=tuple(sorted(set(components))),
        url=_url(record, incident_id, page_url),
        observed_at=times["updated_at"],
    )
    return incident, _observations(updates, incident_id, build)


def _observations(
    updates: list[_Update], incident_id: str, build: ObservationBuilder
) -> list[UpdateObservation]:
    # (posted_at, status) is the warehouse key of an update: merge same-key bodies, keep order.
    merged: dict[tuple[datetime, str], list[str]] = {}
    for u in updates:
        bodies = merged.setdefault((u.posted_at, u.status), [])
        if u.body and u.body not in bodies:
            bodies.append(u.body)
    return [
        build.update(incident_id, status, posted_at, "\n\n".join(bodies))
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


def parse_statuspage_document(document: object, source: Source, *, now: datetime) -> ParseResult:
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
    build = ObservationBuilder(source, FORMAT, now)
    result = ParseResult(format=FORMAT)
    seen: dict[str, str] = {}
    for position, record, scheduled in list(_entries(document, source)):
        raw_id = record.get("id") if isinstance(record, dict) else None
        ref = raw_id.strip() if isinstance(raw_id, str) and raw_id.strip() else position
        ref = record_ref(ref)
        try:
            incident, updates = _parse_incident(record, scheduled, page_url, build)
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


def parse_statuspage_json(payload: bytes, source: Source, *, now: datetime) -> ParseResult:
    """Parse a Statuspage API v2 (or incident.io compatible) JSON payload.

    `now` is the run's time: the upper bound of plausible times.

    Raises:
        ParseError: record 'payload', when the bytes are not JSON or not a Statuspage
            document; bad incidents are returned in `ParseResult.quarantined` instead.
    """
    return parse_statuspage_document(decode_json(payload, source.name), source, now=now)
