"""Helpers shared by the status parsers: UTC times, status labels, impact inference."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from pipeline.core.models import IMPACTS, UPDATE_STATUSES

# Status labels as vendors print them -> contract status. incident.io says "Fixing" where
# Statuspage says "Identified"; Instatus says "Investigating/Identified/Monitoring/Resolved" too.
STATUS_LABELS: dict[str, str] = {
    "investigating": "investigating",
    "identified": "identified",
    "fixing": "identified",
    "monitoring": "monitoring",
    "update": "update",
    "updated": "update",
    "resolved": "resolved",
    "postmortem": "postmortem",
    "post-mortem": "postmortem",
    "scheduled": "scheduled",
    "in progress": "in_progress",
    "in_progress": "in_progress",
    "verifying": "verifying",
    "completed": "completed",
    "notstartedyet": "scheduled",
    "inprogress": "in_progress",
}
MAINTENANCE_STATUSES = frozenset({"scheduled", "in_progress", "verifying", "completed"})
CLOSING_STATUSES = frozenset({"resolved", "completed", "postmortem"})

# Statuspage component states -> incident impact (Statuspage's own incident impact scale).
COMPONENT_IMPACT: dict[str, str] = {
    "operational": "none",
    "degraded_performance": "minor",
    "degraded performance": "minor",
    "degraded": "minor",
    "partial_outage": "major",
    "partial outage": "major",
    "major_outage": "critical",
    "major outage": "critical",
    "full outage": "critical",
    "full_outage": "critical",
    "under_maintenance": "maintenance",
    "under maintenance": "maintenance",
}
IMPACT_RANK = {"none": 0, "maintenance": 0, "minor": 1, "major": 2, "critical": 3}

# Wording -> impact, strongest first. Phrases are what status pages of SaaS vendors commonly
# write; see README "Impact inference". Word boundaries avoid 'download' matching 'down'.
_CRITICAL = re.compile(
    r"\b(major outage|complete outage|full outage|total outage|widespread outage|"
    r"(completely|fully|entirely|totally) (unavailable|down|inaccessible)|"
    r"all (api )?requests (are )?(failing|failed)|hard down|"
    r"(is|are|was|were) down for (all|everyone)|not available (to|for) any)\b",
    re.IGNORECASE,
)
_MAJOR = re.compile(
    r"\b(partial outage|outage|unavailable|unavailability|inaccessible|unreachable|"
    r"(is|are|was|were) down|went down|not loading|unable to (access|use|log ?in|sign ?in|connect)|"
    r"cannot (access|use|log ?in|sign ?in|connect)|can't (access|use|log ?in|connect)|"
    r"high error rates?|significant(ly)? (elevated |increased )?error|"
    r"(affecting|impacting|for) (most|many|all) (users|customers|requests)|"
    r"requests (are )?failing|failures? for (all|most))\b",
    re.IGNORECASE,
)


def infer_impact(*texts: str | None) -> str:
    """Infer an incident's impact from its title and update wording (strongest match wins).

    Used only for feeds that carry no impact field (Statuspage Atom/RSS). Returns one of
    'critical', 'major', 'minor'; an incident with no telling words counts as 'minor',
    since a vendor declared an incident but did not call it an outage.
    """
    text = " ".join(t for t in texts if t)
    if _CRITICAL.search(text):
        return "critical"
    if _MAJOR.search(text):
        return "major"
    return "minor"


def max_impact(impacts: list[str]) -> str | None:
    """Return the most severe impact of a list (None for an empty list)."""
    known = [i for i in impacts if i in IMPACT_RANK]
    if not known:
        return None
    return max(known, key=lambda i: IMPACT_RANK[i])


def normalize_status(label: str) -> str | None:
    """Map a vendor's status label ('In progress', 'Fixing', ...) to a contract status."""
    key = re.sub(r"\s+", " ", label.strip().lower())
    status = STATUS_LABELS.get(key)
    return status if status in UPDATE_STATUSES else None


def normalize_impact(value: str | None) -> str | None:
    """Return a contract impact value, or None when the value is not one of them."""
    if value is None:
        return None
    v = value.strip().lower()
    return v if v in IMPACTS else None


def parse_iso_utc(value: str) -> datetime:
    """Parse an ISO-8601 timestamp ('Z' or offset; naive means UTC) into an aware UTC datetime.

    Raises ValueError on anything else.
    """
    v = value.strip()
    if v.endswith(("Z", "z")):
        v = v[:-1] + "+00:00"
    dt = datetime.fromisoformat(v)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


# Zone abbreviations seen in status-page update stamps ('Jan  1, 09:09 PST').
TZ_OFFSETS: dict[str, timedelta] = {
    "UTC": timedelta(0),
    "GMT": timedelta(0),
    "Z": timedelta(0),
    "PST": timedelta(hours=-8),
    "PDT": timedelta(hours=-7),
    "MST": timedelta(hours=-7),
    "MDT": timedelta(hours=-6),
    "CST": timedelta(hours=-6),
    "CDT": timedelta(hours=-5),
    "EST": timedelta(hours=-5),
    "EDT": timedelta(hours=-4),
    "CET": timedelta(hours=1),
    "CEST": timedelta(hours=2),
    "BST": timedelta(hours=1),
    "IST": timedelta(hours=5, minutes=30),
    "JST": timedelta(hours=9),
}


def zone_offset(zone: str) -> timedelta | None:
    """Offset of a zone written as an abbreviation ('PST') or as 'GMT+2' / 'UTC-05:30'."""
    z = zone.strip().upper()
    if z in TZ_OFFSETS:
        return TZ_OFFSETS[z]
    m = re.fullmatch(r"(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", z)
    if not m:
        return None
    sign = -1 if m.group(1) == "-" else 1
    return sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))


def infer_year(
    month: int, day: int, hour: int, minute: int, offset: timedelta, reference: datetime
) -> datetime:
    """Place a year-less 'Mon D, HH:MM zone' stamp in the year that puts it nearest `reference`.

    Statuspage prints update times without a year; the entry's published/updated time is the
    reference. Choosing the nearest of reference.year-1, +0, +1 handles updates that cross New
    Year (a 'Dec 31' update of an entry published on 1 January) and maintenance announced weeks
    ahead. Raises ValueError for impossible dates (e.g. 'Feb 30') in every candidate year.
    """
    candidates: list[datetime] = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            local = datetime(year, month, day, hour, minute, tzinfo=UTC)
        except ValueError:
            continue
        candidates.append(local - offset)
    if not candidates:
        raise ValueError(f"impossible date: month {month}, day {day}")
    return min(candidates, key=lambda c: abs((c - reference).total_seconds()))
