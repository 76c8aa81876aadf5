"""Status feeds in JSON: the Statuspage API v2 incidents.json and Google Cloud's incidents.json.

`write_statuspage_json` renders Atlassian Statuspage's `/api/v2/incidents.json` (also the
Statuspage-compatible copy incident.io publishes, with ULIDs and whole-second stamps), newest
first, components and update ids included, with the planted defects applied
(`resolved_before_start`, `unknown_impact`). `write_gcloud_json` renders
status.cloud.google.com's incidents.json array. Both are pure functions of the plan; cosmetic
ids and numbers come from the seeded generator they are given.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pipeline.sample.formats import iso_ms, json_text
from pipeline.sample.plan import (
    GOOGLE_AI_PRODUCTS,
    GOOGLE_OTHER_PRODUCTS,
    GOOGLE_REGIONS,
    WINDOW_START,
    PlannedIncident,
    Update,
    VendorIds,
)

COMPONENT_STATE = {  # Statuspage component status during an incident of that impact
    "none": "operational",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
    "maintenance": "under_maintenance",
}


@dataclass(slots=True, frozen=True)
class StatuspagePage:
    """A Statuspage-API page: who publishes the JSON and how its timestamps look."""

    page_id: str
    name: str
    url: str
    stamp: Callable[[datetime], str] = iso_ms
    incidentio: bool = False
    component_ids: dict[str, str] = field(default_factory=dict)


def _components_json(item: PlannedIncident, page: StatuspagePage) -> list[dict[str, object]]:
    return [
        {
            "created_at": page.stamp(datetime(2024, 3, 1, 12, 0, tzinfo=UTC)),
            "description": None,
            "group": False,
            "group_id": None,
            "id": page.component_ids[name],
            "name": name,
            "only_show_if_degraded": False,
            "page_id": page.page_id,
            "position": position,
            "showcase": True,
            "start_date": None,
            "status": "operational" if item.resolved_at else COMPONENT_STATE[item.impact],
            "updated_at": page.stamp(item.last_update.at),
        }
        for position, name in enumerate(item.components, start=1)
    ]


def _incident_json(
    item: PlannedIncident, page: StatuspagePage, ids: VendorIds
) -> dict[str, object]:
    """One Statuspage API v2 incident (updates newest first), with planted defects applied."""
    updates = []
    worst = COMPONENT_STATE[item.impact]
    for position, update in enumerate(item.updates):
        affected = None
        if position == 0:
            affected = [
                {
                    "code": page.component_ids[c],
                    "name": c,
                    "new_status": worst,
                    "old_status": "operational",
                }
                for c in item.components
            ]
        elif update.status == "resolved":
            affected = [
                {
                    "code": page.component_ids[c],
                    "name": c,
                    "new_status": "operational",
                    "old_status": worst,
                }
                for c in item.components
            ]
        update_id = ids.ulid(update.at) if page.incidentio else ids.statuspage()
        updates.append(
            {
                "affected_components": affected,
                "body": update.body,
                "created_at": page.stamp(update.at),
                "custom_tweet": None,
                "deliver_notifications": True,
                "display_at": page.stamp(update.at),
                "id": update_id,
                "incident_id": item.incident_id,
                "status": update.status,
                "tweet_id": None,
                "updated_at": page.stamp(update.at),
            }
        )
    updates.reverse()
    monitoring = next((u.at for u in item.updates if u.status == "monitoring"), None)
    resolved = item.resolved_at
    if item.defect == "resolved_before_start":
        resolved = item.started_at - timedelta(minutes=45)
    if page.incidentio:
        shortlink = f"{page.url}/incidents/{item.incident_id}"
    else:
        shortlink = "https://stspg.io/" + ids.statuspage()[:10]
    return {
        "components": _components_json(item, page),
        "created_at": page.stamp(item.started_at),
        "id": item.incident_id,
        "impact": "catastrophic" if item.defect == "unknown_impact" else item.impact,
        "incident_updates": updates,
        "monitoring_at": page.stamp(monitoring) if monitoring else None,
        "name": item.title,
        "page_id": page.page_id,
        "resolved_at": page.stamp(resolved) if resolved else None,
        "shortlink": shortlink,
        "started_at": page.stamp(item.started_at),
        "status": item.last_update.status,
        "updated_at": page.stamp(item.last_update.at),
    }


def write_statuspage_json(
    items: list[PlannedIncident], page: StatuspagePage, rng: random.Random
) -> str:
    """Statuspage API v2 incidents.json (also incident.io's compatible copy), newest first."""
    ordered = sorted(items, key=lambda i: (i.started_at, i.incident_id), reverse=True)
    names = sorted({c for item in ordered for c in item.components})
    ids = VendorIds(rng)
    component_ids = {
        n: (ids.ulid(WINDOW_START) if page.incidentio else ids.statuspage()) for n in names
    }
    page = StatuspagePage(
        page.page_id, page.name, page.url, page.stamp, page.incidentio, component_ids
    )
    incidents = [_incident_json(item, page, ids) for item in ordered]
    latest = max((i.last_update.at for i in ordered), default=WINDOW_START)
    document = {
        "incidents": incidents,
        "page": {
            "id": page.page_id,
            "name": page.name,
            "time_zone": "Etc/UTC",
            "updated_at": page.stamp(latest),
            "url": page.url,
        },
    }
    return json_text(document)


def _google_text(item: PlannedIncident, update: Update, product: str) -> str:
    when = f"{update.at:%A, %Y-%m-%d %H:%M} UTC"
    if update.status == "investigating":
        return (
            f"**Summary:** {item.title}\n\n**Description:** We are experiencing an issue with "
            f"{product} beginning at {when}.\n\nOur engineering team continues to investigate "
            f"the issue.\n\nWe will provide an update by {update.at + timedelta(hours=1):%H:%M} "
            "UTC with current details."
        )
    if update.status == "resolved":
        return (
            f"The issue with {product} has been resolved for all affected users as of {when}.\n\n"
            "We will publish an analysis of this incident once we have completed our internal "
            "investigation.\n\nWe thank you for your patience while we worked on resolving the "
            "issue."
        )
    return (
        f"**Summary:** {item.title}\n\n**Description:** Mitigation work is currently underway "
        f"by our engineering team.\n\nWe will provide more information by "
        f"{update.at + timedelta(hours=1):%H:%M} UTC."
    )


def write_gcloud_json(items: list[PlannedIncident], rng: random.Random) -> str:
    """status.cloud.google.com incidents.json: a JSON array, newest first."""
    ids = VendorIds(rng)
    product_ids = {p: ids.gcloud() for p in (*GOOGLE_AI_PRODUCTS, *GOOGLE_OTHER_PRODUCTS)}
    region_titles = dict(GOOGLE_REGIONS)
    records = []
    for item in sorted(items, key=lambda i: (i.started_at, i.incident_id), reverse=True):
        product, region = item.components
        status_impact, severity = _google_impact(item.impact, rng)
        location = {"id": region, "title": region_titles[region]}
        updates = []
        for update in reversed(item.updates):
            stamp = _google_stamp(update.at)
            updates.append(
                {
                    "affected_locations": [location],
                    "created": stamp,
                    "modified": stamp,
                    "status": "AVAILABLE" if update.status == "resolved" else status_impact,
                    "text": _google_text(item, update, product),
                    "when": stamp,
                }
            )
        records.append(
            {
                "affected_products": [{"id": product_ids[product], "title": product}],
                "begin": _google_stamp(item.started_at),
                "created": _google_stamp(item.started_at),
                "currently_affected_locations": [] if item.resolved_at else [location],
                "end": _google_stamp(item.resolved_at) if item.resolved_at else None,
                "external_desc": item.title,
                "id": item.incident_id,
                "modified": _google_stamp(item.last_update.at),
                "most_recent_update": updates[0],
                "number": str(rng.randint(10**18, 10**19 - 1)),
                "previously_affected_locations": [location] if item.resolved_at else [],
                "service_key": product_ids[product],
                "service_name": product,
                "severity": severity,
                "status_impact": status_impact,
                "uri": f"incidents/{item.incident_id}",
            }
        )
    return json_text(records)


def _google_stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _google_impact(impact: str, rng: random.Random) -> tuple[str, str]:
    """(status_impact, severity) that the pipeline maps back to `impact`."""
    if impact == "critical":
        return "SERVICE_OUTAGE", "high"
    if impact == "major":
        return rng.choice((("SERVICE_OUTAGE", "medium"), ("SERVICE_DISRUPTION", "high")))
    if impact == "minor":
        return "SERVICE_DISRUPTION", rng.choice(("medium", "low"))
    return "SERVICE_INFORMATION", "low"


__all__ = ["COMPONENT_STATE", "StatuspagePage", "write_gcloud_json", "write_statuspage_json"]
