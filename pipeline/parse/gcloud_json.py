"""Parse status.cloud.google.com `incidents.json` into observations of Google's AI products.

The payload is a JSON array of incidents of every Google Cloud product; only incidents that
concern Google's AI offering (AI_PRODUCT_PATTERN) are kept, the others are skipped silently.
A bad AI incident is quarantined; a payload that is not such an array raises ParseError.
Times outside the plausible range (before 2005, after the run's `now` + 1 day), over-long
ids, text and links are handled by status_records.ObservationBuilder.
"""

import logging
import re
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
)

FORMAT = "gcloud_json"
BASE_URL = "https://status.cloud.google.com/"

# Product names (affected_products[].title or service_name) that mean Google's AI offering,
# matched case-insensitively as whole words: 'Vertex Gemini API', 'Gemini Code Assist',
# 'Gemini for Google Cloud', 'Vertex AI', 'Vertex AI Search', 'Generative AI on Vertex AI',
# 'AI Platform Prediction' (the pre-Vertex name). Dialogflow, Contact Center AI, Document AI,
# Speech-to-Text etc. are left out: they are applications built on models, not the model
# offering whose reliability the radar compares with other AI vendors.
AI_PRODUCT_KEYWORDS = ("gemini", "vertex ai", "generative ai", "ai platform")
AI_PRODUCT_PATTERN = re.compile(
    r"\b(?:" + "|".join(k.replace(" ", r"\s+") for k in AI_PRODUCT_KEYWORDS) + r")\b",
    re.IGNORECASE,
)

# status_impact -> (impact, impact when severity is 'high'). SERVICE_INFORMATION is an advisory
# (no degradation declared), so it counts as impact 'none'.
STATUS_IMPACT: dict[str, tuple[str, str]] = {
    "SERVICE_OUTAGE": ("major", "critical"),
    "SERVICE_DISRUPTION": ("minor", "major"),
    "SERVICE_INFORMATION": ("none", "none"),
}
SEVERITIES = frozenset({"low", "medium", "high"})
# Update statuses are the impact at that time, or AVAILABLE once the service recovered.
UPDATE_STATUSES = frozenset({*STATUS_IMPACT, "AVAILABLE"})

logger = logging.getLogger(__name__)


def _impact(record: dict[str, Any]) -> str | None:
    status_impact = optional_str(record, "status_impact")
    severity = optional_str(record, "severity")
    if severity is not None and severity.lower() not in SEVERITIES:
        raise RecordError(f"unknown severity {severity[:40]!r}")
    if status_impact is None:
        return None
    if status_impact.upper() not in STATUS_IMPACT:
        raise RecordError(f"unknown status_impact {status_impact[:40]!r}")
    normal, high = STATUS_IMPACT[status_impact.upper()]
    return high if severity is not None and severity.lower() == "high" else normal


def _updates(record: dict[str, Any]) -> list[tuple[datetime, str, str]]:
    """Return (posted_at, wire status, text) of every update, oldest first."""
    raw = record.get("updates")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RecordError(f"'updates' is {kind_of(raw)}, expected a list")
    updates = []
    for i, item in enumerate(raw):
        try:
            updates.append(_update(item))
        except RecordError as err:
            raise RecordError(f"updates[{i}]: {err}") from err
    return sorted(updates, key=lambda u: u[0])


def _update(item: object) -> tuple[datetime, str, str]:
    if not isinstance(item, dict):
        raise RecordError(f"expected an object, got {kind_of(item)}")
    status = required_str(item, "status").upper()
    if status not in UPDATE_STATUSES:
        raise RecordError(f"unknown status {status[:40]!r}")
    posted_at = optional_time(item, "when") or optional_time(item, "created")
    if posted_at is None:
        raise RecordError("missing 'when' and 'created'")
    return posted_at, status, optional_str(item, "text") or ""


def _contract_status(wire_status: str, first: bool) -> str:
    if wire_status == "AVAILABLE":
        return "resolved"
    return "investigating" if first else "update"


def _parse_incident(
    record: dict[str, Any], titles: list[str], build: ObservationBuilder
) -> tuple[IncidentObservation, list[UpdateObservation]]:
    incident_id = required_str(record, "id")
    title = required_str(record, "external_desc")
    begin = optional_time(record, "begin")
    created = optional_time(record, "created")
    end = optional_time(record, "end")
    modified = optional_time(record, "modified")
    impact = _impact(record)
    updates = _updates(record)
    statuses = [_contract_status(status, i == 0) for i, (_, status, _) in enumerate(updates)]

    started_at = begin or created
    if started_at is None:
        raise RecordError("missing 'begin' and 'created'")
    resolved_at = end
    if resolved_at is None and statuses and statuses[-1] == "resolved":
        resolved_at = updates[-1][0]
    check_order(started_at, resolved_at)
    # Open: the latest update's status ('investigating' before the first update).
    status = "resolved" if resolved_at is not None else (statuses or ["investigating"])[-1]

    uri = optional_str(record, "uri") or f"incidents/{incident_id}"
    incident = build.incident(
        incident_id,
        title,
        impact=impact,
        impact_inferred=False,
        is_maintenance=False,
        started_at=started_at,
        resolved_at=resolved_at,
        status=status,
        components=tuple(sorted(set(titles))),
        url=BASE_URL + uri.lstrip("/"),
        observed_at=modified,
    )
    observations: dict[tuple[datetime, str], UpdateObservation] = {}
    for (posted_at, _, text), status_ in zip(updates, statuses, strict=True):
        # (posted_at, status) is the warehouse key of an update: the first one wins.
        if (posted_at, status_) not in observations:
            observations[posted_at, status_] = build.update(incident_id, status_, posted_at, text)
    return incident, list(observations.values())


def is_ai_incident(titles: list[str], service_name: str | None) -> bool:
    """Tell whether an incident's products or service name concern Google's AI offering."""
    return any(AI_PRODUCT_PATTERN.search(name) for name in [*titles, service_name or ""])


def _parse_if_ai(
    record: object, build: ObservationBuilder
) -> tuple[IncidentObservation, list[UpdateObservation]] | None:
    """Parse one incident, or return None when it does not concern an AI product."""
    if not isinstance(record, dict):
        raise RecordError(f"expected an object, got {kind_of(record)}")
    titles = strings_of_objects(record.get("affected_products"), "affected_products", "title")
    if not is_ai_incident(titles, optional_str(record, "service_name")):
        return None
    return _parse_incident(record, titles, build)


def parse_gcloud_document(document: object, source: Source, *, now: datetime) -> ParseResult:
    """Parse an already decoded Google Cloud incidents.json array (see parse_gcloud_json)."""
    if not isinstance(document, list):
        raise ParseError(
            source.name,
            "payload",
            f"expected a JSON array of Google Cloud incidents, got {kind_of(document)}",
        )
    build = ObservationBuilder(source, FORMAT, now)
    result = ParseResult(format=FORMAT)
    seen: set[str] = set()
    skipped = 0
    for i, record in enumerate(document):
        raw_id = record.get("id") if isinstance(record, dict) else None
        ref = raw_id.strip() if isinstance(raw_id, str) and raw_id.strip() else f"incidents[{i}]"
        ref = record_ref(ref)
        try:
            parsed = _parse_if_ai(record, build)
        except RecordError as err:
            logger.debug("%s: quarantined %s: %s", source.name, ref, err)
            result.quarantined.append(Quarantined(source.name, ref, str(err)))
            continue
        if parsed is None:
            skipped += 1
            continue
        incident, updates = parsed
        if incident.incident_id in seen:
            # The warehouse keys observations by incident id: keep the first one only.
            result.quarantined.append(Quarantined(source.name, ref, "duplicate incident id"))
            continue
        seen.add(incident.incident_id)
        result.incidents.append(incident)
        result.updates.extend(updates)
    logger.debug("%s: skipped %d non-AI incidents", source.name, skipped)
    return result


def parse_gcloud_json(payload: bytes, source: Source, *, now: datetime) -> ParseResult:
    """Parse status.cloud.google.com incidents.json, keeping incidents of AI products.

    `now` is the run's time: the upper bound of plausible times.

    Raises:
        ParseError: record 'payload', when the bytes are not JSON or not a JSON array;
            bad AI incidents are returned in `ParseResult.quarantined` instead.
    """
    return parse_gcloud_document(decode_json(payload, source.name), source, now=now)
