"""Ground truth of the sample's status part, computed from the plan independently of the pipeline.

`build_truth(plan)` lists the incidents the pipeline must keep (in scope, no planted defect),
the `outage_daily` rows it must compute (`compute_outage_daily`: a plain minute-level
simulation, not the pipeline's SQL, on the days the vendor's feeds cover) and the bad records
it must quarantine. The news and social
parts add their keys to this document (`pipeline.sample.build`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pipeline.core.limits import MAX_INCIDENT_DURATION
from pipeline.sample.formats import iso_z
from pipeline.sample.plan import (
    DEFECTS,
    VENDORS,
    WINDOW_DAYS,
    WINDOW_END,
    WINDOW_START,
    PlannedIncident,
    whole_minutes,
)

DAY_MINUTES = 1440
MAX_MINUTES = whole_minutes(MAX_INCIDENT_DURATION)


def _minute_index(at: datetime) -> int:
    return whole_minutes(at - WINDOW_START)


def _r4(value: float) -> float:
    return round(value, 4)


def first_covered_day(incidents: list[PlannedIncident], vendor: str) -> int | None:
    """Index of the vendor's first covered day in the window (None: no feed history).

    A feed covers from the earliest incident start or update it reports (the sample's feeds
    are fetched after the window, so coverage runs to its end): the earliest kept incident of
    the vendor, as the pipeline's view status_coverage decides from the records it keeps.
    """
    times = [
        min([item.started_at, *(u.at for u in item.updates)])
        for item in incidents
        if item.vendor == vendor
    ]
    return max(0, _minute_index(min(times)) // DAY_MINUTES) if times else None


def compute_outage_daily(incidents: list[PlannedIncident]) -> list[dict[str, object]]:
    """Expected `outage_daily` rows (vendor x covered day) by a plain minute-level simulation.

    One byte per minute of the window and vendor, per flag: covered by any outage (minor+),
    by a major+ outage, by a critical one, by maintenance. Open incidents run to WINDOW_END.
    Days before the vendor's feed history begins (`first_covered_day`) have no row.
    """
    total = WINDOW_DAYS * DAY_MINUTES
    rows: list[dict[str, object]] = []
    for vendor in VENDORS:
        first_day = first_covered_day(incidents, vendor)
        if first_day is None:
            continue
        any_down, major, critical, maint = (bytearray(total) for _ in range(4))
        started: dict[int, list[int | None]] = {}
        for item in incidents:
            if item.vendor != vendor:
                continue
            first = _minute_index(item.started_at)
            # an incident counts at most MAX_INCIDENT_DURATION (none of the plan's is longer)
            last = min(_minute_index(item.resolved_at or WINDOW_END), first + MAX_MINUTES)
            span = b"\x01" * (last - first)
            if item.is_maintenance:
                maint[first:last] = span
                continue
            duration = None if item.resolved_at is None else last - first
            started.setdefault(first // DAY_MINUTES, []).append(duration)
            if item.impact in ("minor", "major", "critical"):
                any_down[first:last] = span
            if item.impact in ("major", "critical"):
                major[first:last] = span
            if item.impact == "critical":
                critical[first:last] = span
        for day in range(first_day, WINDOW_DAYS):
            cut = slice(day * DAY_MINUTES, (day + 1) * DAY_MINUTES)
            crit_minutes = critical[cut].count(1)
            weighted = crit_minutes + 0.3 * (major[cut].count(1) - crit_minutes)
            durations = [d for d in started.get(day, []) if d is not None]
            rows.append(
                {
                    "day": (WINDOW_START.date() + timedelta(days=day)).isoformat(),
                    "incidents_started": len(started.get(day, [])),
                    "maintenance_minutes": float(maint[cut].count(1)),
                    "major_outage_minutes": float(major[cut].count(1)),
                    "mttr_minutes": _r4(sum(durations) / len(durations)) if durations else None,
                    "outage_minutes": float(any_down[cut].count(1)),
                    "uptime_pct": _r4(100 * (1 - weighted / DAY_MINUTES)),
                    "vendor": vendor,
                    "weighted_down_minutes": _r4(weighted),
                }
            )
    return rows


def build_truth(plan: list[PlannedIncident]) -> dict[str, object]:
    """Ground truth of the scenario: kept incidents, outage_daily rows, planted bad records."""
    kept = [i for i in plan if i.in_truth]
    incidents = [
        {
            "impact": i.impact,
            "incident_id": i.incident_id,
            "is_maintenance": i.is_maintenance,
            "resolved_at": iso_z(i.resolved_at) if i.resolved_at else None,
            "started_at": iso_z(i.started_at),
            "title": i.title,
            "vendor": i.vendor,
        }
        for i in sorted(kept, key=lambda i: (i.vendor, i.started_at, i.incident_id))
    ]
    bad = sorted(
        (
            {
                "reason": DEFECTS[i.defect][1],
                "record_ref": i.incident_id,
                "source": DEFECTS[i.defect][0],
            }
            for i in plan
            if i.defect is not None
        ),
        key=lambda b: (b["source"], b["record_ref"]),
    )
    return {
        "bad_records": bad,
        "incidents": incidents,
        "outage_daily": compute_outage_daily(kept),
        "window": {
            "end": (WINDOW_END - timedelta(days=1)).date().isoformat(),
            "start": WINDOW_START.date().isoformat(),
        },
    }


__all__ = ["build_truth", "compute_outage_daily", "first_covered_day"]
