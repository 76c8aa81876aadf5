"""The sample scenario's plan: a deterministic status history of AI vendors, Dec 2025 - Apr 2026.

`plan_scenario(seed)` lists every `PlannedIncident` of the scenario (times, impact, wording,
updates), the single source the renderers read: the status feeds (`status_feeds`,
`status_json`), the truth (`status_truth`), the news and social parts (`news`, `social`). Every
random choice comes from one generator seeded with `seed`; wording comes from
corpus/status.yaml, the incidents every scenario must contain from corpus/incidents.yaml, both
read on first use (`wording()`): a run whose sample is already written never reads them.

The story: from 3 March 2026 Anthropic's API suffers repeated elevated-error and capacity
incidents (several a day at the peak, some critical for hours) while its competitors carry their
ordinary load of incidents and scheduled maintenance.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pipeline.sample.texts import load_corpus

DEFAULT_SEED = 20260303
WINDOW_START = datetime(2025, 12, 1, tzinfo=UTC)
# Exclusive end: the window's last day is 2026-04-30; open incidents count up to here.
WINDOW_END = datetime(2026, 5, 1, tzinfo=UTC)
WINDOW_DAYS = (WINDOW_END - WINDOW_START).days  # 151
CRISIS_START = date(2026, 3, 3)

VENDORS = ("anthropic", "cohere", "deepseek", "google", "mistral", "openai", "perplexity", "xai")

# Planted bad records: defect -> (source that carries the record, reason in truth.json); the
# sources are those of pipeline.sample.status_feeds.SOURCES.
DEFECTS: dict[str, tuple[str, str]] = {
    "no_stamp": ("anthropic-status-atom", "entry content has no parsable update timestamp"),
    "impossible_date": ("mistral-status-rss", "update stamp has an impossible date (Feb 30)"),
    "unknown_impact": ("deepseek-status-json", "unknown impact 'catastrophic'"),
    "resolved_before_start": ("cohere-status-json", "resolved_at is before started_at"),
}


# --------------------------------------------------------------------------- plan records


@dataclass(slots=True, frozen=True)
class Update:
    """One status update as the vendor posts it (status is a contract status)."""

    status: str
    at: datetime
    body: str


@dataclass(slots=True, frozen=True)
class PlannedIncident:
    """One incident of the scenario, the single source every writer and the truth read.

    `impact` is none/minor/major/critical, or 'maintenance' for scheduled maintenance.
    `updates` are oldest first; for maintenance they start with the 'scheduled' announcement.
    `defect` names a planted bad record (see DEFECTS); `in_scope` is False for Google
    incidents of non-AI products, which the pipeline must drop.
    """

    vendor: str
    incident_id: str
    title: str
    impact: str
    started_at: datetime
    resolved_at: datetime | None
    updates: tuple[Update, ...]
    components: tuple[str, ...]
    number: int = 0  # Statuspage's numeric entry id (tag:host,2005:Incident/<number>)
    defect: str | None = None
    in_scope: bool = True

    @property
    def is_maintenance(self) -> bool:
        """True for scheduled maintenance."""
        return self.impact == "maintenance"

    @property
    def in_truth(self) -> bool:
        """True when the pipeline must keep this incident."""
        return self.in_scope and self.defect is None

    @property
    def last_update(self) -> Update:
        """The newest update."""
        return self.updates[-1]


# --------------------------------------------------------------------------- wording


@dataclass(slots=True, frozen=True)
class Wording:
    """The scenario's wording (corpus/status.yaml) and fixed incidents (corpus/incidents.yaml)."""

    # Subjects named in text -> the status-page components they belong to, per vendor.
    subjects: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    titles: dict[str, tuple[str, ...]]  # by impact; '{s}': the subject
    none_titles: dict[str, tuple[str, ...]]
    xai_titles: dict[str, tuple[str, ...]]
    bodies: dict[str, dict[str, tuple[str, ...]]]  # by impact and status
    overload_title: str
    overload_bodies: dict[str, tuple[str, ...]]
    postmortem: str
    maintenance: dict[str, tuple[str, ...]]
    google_ai_products: tuple[str, ...]
    google_other_products: tuple[str, ...]
    google_regions: tuple[tuple[str, str], ...]
    google_titles: dict[str, tuple[str, ...]]
    crisis_anchors: tuple[dict[str, Any], ...]  # fixed incidents, in planning order
    landmarks: tuple[dict[str, Any], ...]


@functools.cache
def wording() -> Wording:
    """Load the corpora on first use (~0.1 s): only a run that writes the sample needs them."""
    status, fixed = load_corpus("status"), load_corpus("incidents")
    return Wording(
        **{f.name: status[f.name] for f in dataclasses.fields(Wording) if f.name in status},
        crisis_anchors=fixed["crisis_anchors"],
        landmarks=fixed["landmarks"],
    )


# Wording fields importable under their module-level names (`from pipeline.sample.plan import
# GOOGLE_REGIONS`): resolved by `__getattr__`, so importing this module reads no corpus.
WORDING_NAMES = frozenset(f.name.upper() for f in dataclasses.fields(Wording))


def __getattr__(name: str) -> Any:
    """A wording field by its module-level name (SUBJECTS, GOOGLE_REGIONS, ...)."""
    if name in WORDING_NAMES:
        return getattr(wording(), name.lower())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, subject: str) -> str:
    return template.replace("{S}", _cap(subject)).replace("{s}", subject)


# --------------------------------------------------------------------------- ids


class VendorIds:
    """Vendor-style identifiers, unique per instance, drawn from the seeded generator given."""

    B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
    CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def _unique(self, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in self.seen:
                self.seen.add(value)
                return value

    def _chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def statuspage(self) -> str:
        """12-char Statuspage code ('bhbcjn4n3jzp')."""
        return self._unique(lambda: self._chars(self.B36, 12))

    def ulid(self, at: datetime) -> str:
        """26-char ULID (incident.io ids): 48-bit milliseconds then 80 random bits."""
        ms = int(at.timestamp() * 1000)
        stamp = "".join(self.CROCKFORD[(ms >> (5 * (9 - i))) & 31] for i in range(10))
        return self._unique(lambda: stamp + self._chars(self.CROCKFORD, 16))

    def cuid(self) -> str:
        """25-char cuid (Instatus ids)."""
        return self._unique(lambda: "cm" + self._chars(self.B36, 23))

    def gcloud(self) -> str:
        """20-char Google Cloud incident id."""
        return self._unique(lambda: self._chars(self.ALNUM, 20))

    def uuid(self) -> str:
        """UUID-shaped id (status.x.ai)."""
        hexd = "0123456789abcdef"
        return self._unique(
            lambda: (
                f"{self._chars(hexd, 8)}-{self._chars(hexd, 4)}-4{self._chars(hexd, 3)}-"
                f"{self.rng.choice('89ab')}{self._chars(hexd, 3)}-{self._chars(hexd, 12)}"
            )
        )


# --------------------------------------------------------------------------- planning


def _at(text: str) -> datetime:
    """'2026-03-10 13:20' -> aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def whole_minutes(delta: timedelta) -> int:
    """Whole minutes of a duration (floored)."""
    return int(delta.total_seconds() // 60)


class _Planner:
    """Draws the scenario's incidents; every random choice comes from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids = VendorIds(self.rng)
        self.items: list[PlannedIncident] = []
        self.text = wording()

    # -- building blocks

    def _id(self, vendor: str, start: datetime) -> str:
        if vendor in ("openai", "cohere"):
            return self.ids.ulid(start)
        if vendor == "perplexity":
            return self.ids.cuid()
        if vendor == "google":
            return self.ids.gcloud()
        if vendor == "xai":
            return self.ids.uuid()
        return self.ids.statuspage()

    def _subject(self, vendor: str, subject: str | None = None) -> tuple[str, tuple[str, ...]]:
        options = self.text.subjects[vendor]
        if subject is None:
            return self.rng.choice(options)
        return next(o for o in options if o[0] == subject)

    def _title(self, vendor: str, impact: str, subject: str) -> str:
        if impact == "none":
            return self.rng.choice(self.text.none_titles[vendor])
        if vendor == "xai":
            return _fill(self.rng.choice(self.text.xai_titles[impact]), subject)
        return _fill(self.rng.choice(self.text.titles[impact]), subject)

    def _timeline(
        self,
        start: datetime,
        minutes: int,
        bodies: dict[str, tuple[str, ...]],
        subject: str,
        *,
        open_: bool = False,
    ) -> list[Update]:
        """Investigating .. Resolved at distinct whole minutes within [start, start+minutes]."""
        middle: list[str] = []
        if open_ or (minutes >= 25 and self.rng.random() < 0.7):
            middle.append("identified")
        if minutes >= 90:
            middle += ["update"] * self.rng.randint(1, min(4, minutes // 60))
        if minutes >= 20 and not open_ and self.rng.random() < 0.8:
            middle.append("monitoring")
        middle = middle[: max(0, minutes - 1)]
        offsets = sorted(self.rng.sample(range(1, minutes), len(middle))) if middle else []
        updates = [
            Update("investigating", start, _fill(self.rng.choice(bodies["investigating"]), subject))
        ]
        for status, offset in zip(middle, offsets, strict=True):
            body = _fill(self.rng.choice(bodies[status]), subject)
            updates.append(Update(status, start + timedelta(minutes=offset), body))
        if not open_:
            end = start + timedelta(minutes=minutes)
            updates.append(
                Update("resolved", end, _fill(self.rng.choice(bodies["resolved"]), subject))
            )
        return updates

    def add(
        self,
        vendor: str,
        start: datetime,
        minutes: int,
        impact: str,
        *,
        title: str | None = None,
        subject: str | None = None,
        open_: bool = False,
        defect: str | None = None,
        in_scope: bool = True,
        postmortem_days: int = 0,
    ) -> PlannedIncident:
        """Plan one (non-maintenance) incident; wording drawn for its impact."""
        subject_name, components = self._subject(vendor, subject)
        bodies = self.text.bodies[impact]
        if title == self.text.overload_title:
            bodies = self.text.overload_bodies
        title = title or self._title(vendor, impact, subject_name)
        updates = self._timeline(start, minutes, bodies, subject_name, open_=open_)
        if postmortem_days:
            end = updates[-1].at
            body = self.text.postmortem.format(
                start=start.strftime("%H:%M"),
                end=end.strftime("%H:%M"),
                day=f"{start:%B} {start.day}, {start.year}",
                s=subject_name,
            )
            posted = end + timedelta(days=postmortem_days, minutes=self.rng.randint(0, 300))
            updates.append(Update("postmortem", min(posted, WINDOW_END - timedelta(hours=1)), body))
        item = PlannedIncident(
            vendor=vendor,
            incident_id=self._id(vendor, start),
            title=title,
            impact=impact,
            started_at=start,
            resolved_at=None if open_ else start + timedelta(minutes=minutes),
            updates=tuple(updates),
            components=components,
            defect=defect,
            in_scope=in_scope,
        )
        self.items.append(item)
        return item

    def add_maintenance(
        self,
        vendor: str,
        start: datetime,
        minutes: int,
        title: str,
        subject: str,
        announced_days: int,
    ) -> PlannedIncident:
        """Plan scheduled maintenance: announced ahead, then In progress .. Completed."""
        subject_name, components = self._subject(vendor, subject)
        announced = (start - timedelta(days=announced_days)).replace(
            hour=self.rng.randint(9, 17), minute=self.rng.randint(0, 59)
        )
        end = start + timedelta(minutes=minutes)
        updates = [
            Update(
                "scheduled", announced, _fill(self.text.maintenance["scheduled"][0], subject_name)
            ),
            Update("in_progress", start, self.text.maintenance["in_progress"][0]),
        ]
        if minutes >= 45 and self.rng.random() < 0.5:
            updates.append(
                Update(
                    "verifying",
                    end - timedelta(minutes=self.rng.randint(5, 20)),
                    self.text.maintenance["verifying"][0],
                )
            )
        updates.append(Update("completed", end, self.text.maintenance["completed"][0]))
        item = PlannedIncident(
            vendor=vendor,
            incident_id=self._id(vendor, start),
            title=title,
            impact="maintenance",
            started_at=start,
            resolved_at=end,
            updates=tuple(updates),
            components=components,
        )
        self.items.append(item)
        return item

    def _duration(self, impact: str, crisis: bool = False) -> int:
        low, high = {
            "none": (20, 240),
            "minor": (15, 180),
            "major": (25, 240),
            "critical": (40, 300),
        }[impact]
        if crisis and impact == "critical":
            low, high = (90, 420)
        # Log-uniform: many short incidents, a few long ones.
        return round(low * (high / low) ** self.rng.random())

    def _start(self, day: date, business_hours: bool = False) -> datetime:
        hour = self.rng.randint(13, 23) if business_hours else self.rng.randint(0, 23)
        return datetime(day.year, day.month, day.day, hour, self.rng.randint(0, 59), tzinfo=UTC)

    def _random_incident(
        self,
        vendor: str,
        day: date,
        weights: dict[str, float],
        *,
        crisis: bool = False,
        in_scope: bool = True,
    ) -> None:
        impact = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        minutes = self._duration(impact, crisis)
        start = self._start(day, business_hours=crisis)
        latest = WINDOW_END - timedelta(minutes=minutes + 30)
        start = min(start, latest)
        if vendor == "google":
            self._google(start, minutes, impact, in_scope=in_scope)
            return
        title = None
        if vendor == "anthropic" and impact == "major" and self.rng.random() < 0.35:
            title = self.text.overload_title
        subject = "the Claude API" if title == self.text.overload_title else None
        self.add(vendor, start, minutes, impact, title=title, subject=subject)

    def _google(
        self,
        start: datetime,
        minutes: int,
        impact: str,
        *,
        in_scope: bool = True,
        product: str | None = None,
    ) -> PlannedIncident:
        products = self.text.google_ai_products if in_scope else self.text.google_other_products
        product = product or self.rng.choice(products)
        region = self.rng.choice(self.text.google_regions)[0]
        title = self.rng.choice(self.text.google_titles[impact]).format(p=product, r=region)
        updates = [Update("investigating", start, title)]
        end = start + timedelta(minutes=minutes)
        for offset in sorted(self.rng.sample(range(1, minutes), min(3, minutes // 30))):
            updates.append(Update("update", start + timedelta(minutes=offset), title))
        updates.append(Update("resolved", end, title))
        item = PlannedIncident(
            vendor="google",
            incident_id=self.ids.gcloud(),
            title=title,
            impact=impact,
            started_at=start,
            resolved_at=end,
            updates=tuple(updates),
            components=(product, region),
            in_scope=in_scope,
        )
        self.items.append(item)
        return item

    # -- the scenario

    def baseline(self) -> None:
        """Ordinary load: a few incidents per vendor and month, mostly minor."""
        json_mix = {"none": 0.08, "minor": 0.62, "major": 0.25, "critical": 0.05}
        feed_mix = {"minor": 0.68, "major": 0.26, "critical": 0.06}  # no impact field: no 'none'
        profiles: tuple[tuple[str, tuple[int, int], dict[str, float]], ...] = (
            ("anthropic", (3, 5), feed_mix),
            ("openai", (4, 7), json_mix),
            ("cohere", (2, 4), json_mix),
            ("deepseek", (2, 4), json_mix),
            ("mistral", (2, 4), feed_mix),
            ("perplexity", (2, 4), feed_mix),
            ("xai", (2, 5), {"minor": 0.6, "major": 0.4}),
            ("google", (2, 3), {"none": 0.1, "minor": 0.6, "major": 0.25, "critical": 0.05}),
        )
        months = [date(2025, 12, 1), *(date(2026, m, 1) for m in range(1, 5))]
        for vendor, (low, high), mix in profiles:
            for month in months:
                days = _month_days(month)
                for _ in range(self.rng.randint(low, high)):
                    self._random_incident(vendor, self.rng.choice(days), mix)
        for month in months:  # Google Cloud's other products: in the feed, not in the radar.
            days = _month_days(month)
            for _ in range(self.rng.randint(2, 3)):
                mix = {"minor": 0.6, "major": 0.3, "critical": 0.1}
                self._random_incident("google", self.rng.choice(days), mix, in_scope=False)

    def anthropic_crisis(self) -> None:
        """From 3 March 2026: repeated error and capacity incidents, peaking mid-March."""
        for spec in self.text.crisis_anchors:  # long critical outages, each with a postmortem
            self.add_fixed(spec)
        day = CRISIS_START
        while day < WINDOW_END.date():
            rate, mix = _crisis_phase(day)
            count = poisson(self.rng, rate)
            if rate >= 4:
                count = max(count, 3)  # several a day at the peak
            for _ in range(count):
                self._random_incident("anthropic", day, mix, crisis=True)
            day += timedelta(days=1)

    def landmarks(self) -> None:
        """Incidents every scenario must contain (edge cases the pipeline must get right)."""
        for spec in self.text.landmarks:
            self.add_fixed(spec)

    def add_fixed(self, spec: dict[str, Any]) -> None:
        """Plan one incident of corpus/incidents.yaml (its keys: see the file's header)."""
        start = _at(spec["start"])
        kind = spec.get("kind", "incident")
        if kind == "google":
            self._google(start, spec["minutes"], spec["impact"], product=spec["product"])
        elif kind == "maintenance":
            self.add_maintenance(
                spec["vendor"],
                start,
                spec["minutes"],
                spec["title"],
                spec["subject"],
                announced_days=spec["announced_days"],
            )
        else:
            self.add(
                spec["vendor"],
                start,
                spec["minutes"],
                spec["impact"],
                title=spec.get("title"),
                subject=spec.get("subject"),
                open_=spec.get("open", False),
                defect=spec.get("defect"),
                postmortem_days=spec.get("postmortem_days", 0),
            )

    def finish(self) -> list[PlannedIncident]:
        """Sort the plan and number Statuspage entries in creation order."""
        items = sorted(self.items, key=lambda i: (i.vendor, i.started_at, i.incident_id))
        numbered: list[PlannedIncident] = []
        number = 0
        vendor = ""
        for item in items:
            if item.vendor != vendor:
                vendor = item.vendor
                number = self.rng.randint(27_000_000, 29_000_000)
            number += self.rng.randint(1_500, 9_000)
            numbered.append(dataclasses.replace(item, number=number))
        return numbered


def _month_days(first: date) -> list[date]:
    days = []
    day = first
    while day.month == first.month:
        days.append(day)
        day += timedelta(days=1)
    return days


def _crisis_phase(day: date) -> tuple[float, dict[str, float]]:
    """Expected crisis incidents on a day and their impact mix."""
    if day <= date(2026, 3, 6):  # onset
        return 1.5, {"minor": 0.7, "major": 0.3}
    if day <= date(2026, 3, 24):  # peak
        return 4.5, {"minor": 0.4, "major": 0.4, "critical": 0.2}
    if day <= date(2026, 4, 12):  # slow recovery
        share = (date(2026, 4, 12) - day).days / 19
        return 1.0 + 2.0 * share, {"minor": 0.55, "major": 0.35, "critical": 0.1}
    return 0.3, {"minor": 0.75, "major": 0.25}


def poisson(rng: random.Random, rate: float) -> int:
    """Knuth's Poisson draw (small rates only)."""
    limit, k, p = math.exp(-rate), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def plan_scenario(seed: int = DEFAULT_SEED) -> list[PlannedIncident]:
    """Plan every incident of the sample scenario for `seed` (deterministic)."""
    planner = _Planner(seed)
    planner.baseline()
    planner.anthropic_crisis()
    planner.landmarks()
    return planner.finish()


__all__ = [
    "CRISIS_START",
    "DEFAULT_SEED",
    "DEFECTS",
    "VENDORS",
    "WINDOW_END",
    "WINDOW_START",
    "PlannedIncident",
    "Update",
    "VendorIds",
    "plan_scenario",
    "poisson",
    "whole_minutes",
]
