"""Embedded sample scenario: a deterministic status history of AI vendors in real wire formats.

`write_sample(out_dir, seed)` writes, for 2025-12-01 .. 2026-04-30, the status feeds of eight
vendors exactly in the shapes their status pages publish (Atlassian Statuspage Atom/RSS/JSON,
incident.io Atom + Statuspage-compatible JSON, Instatus Atom, status.x.ai RSS, Google Cloud
incidents.json), a `catalog.yaml` listing them by relative path, and `truth.json`: the incidents
the pipeline must keep, the `outage_daily` rows it must compute and the bad records it must
quarantine. Same seed, same bytes: no wall-clock time, sorted JSON keys, fixed float rounding.

The story: from 3 March 2026 Anthropic's API suffers repeated elevated-error and capacity
incidents (several a day at the peak, some critical for hours) while its competitors carry their
ordinary load of incidents and scheduled maintenance.

Three layers, kept apart:
  1. planning (`plan_scenario`): the list of `PlannedIncident` (times, impact, wording, updates);
  2. writers (`_write_*`): one per wire format, pure functions of the plan (a writer may draw
     cosmetic details such as seconds or update ids from its own seeded generator);
  3. truth (`build_truth`): incidents and a plain minute-level simulation of `outage_daily`,
     computed independently of the pipeline's SQL.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

DEFAULT_SEED = 20260303
WINDOW_START = datetime(2025, 12, 1, tzinfo=UTC)
# Exclusive end: the window's last day is 2026-04-30; open incidents count up to here.
WINDOW_END = datetime(2026, 5, 1, tzinfo=UTC)
WINDOW_DAYS = (WINDOW_END - WINDOW_START).days  # 151
DAY_MINUTES = 1440
CRISIS_START = date(2026, 3, 3)
JSON_LIMIT = 50  # Statuspage's /api/v2/incidents.json lists the 50 most recent incidents.
CATALOG_NAME = "catalog.yaml"
TRUTH_NAME = "truth.json"

VENDORS = ("anthropic", "cohere", "deepseek", "google", "mistral", "openai", "perplexity", "xai")

# (source name, vendor, path relative to the catalog) in catalog order.
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("anthropic-status-atom", "anthropic", "status/anthropic/history.atom"),
    ("anthropic-status-json", "anthropic", "status/anthropic/incidents.json"),
    ("openai-status-atom", "openai", "status/openai/history.atom"),
    ("openai-status-json", "openai", "status/openai/incidents.json"),
    ("cohere-status-json", "cohere", "status/cohere/incidents.json"),
    ("perplexity-status-atom", "perplexity", "status/perplexity/history.atom"),
    ("xai-status-rss", "xai", "status/xai/feed.xml"),
    ("mistral-status-rss", "mistral", "status/mistral/history.rss"),
    ("google-status-json", "google", "status/google/incidents.json"),
    ("deepseek-status-json", "deepseek", "status/deepseek/incidents.json"),
)

# Planted bad records: defect -> (source that carries the record, reason in truth.json).
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

# Subjects named in text -> the status-page components they belong to, per vendor.
SUBJECTS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "anthropic": (
        ("Claude Opus 4.6", ("Claude API (api.anthropic.com)", "claude.ai")),
        ("Claude Sonnet 4.6", ("Claude API (api.anthropic.com)", "claude.ai")),
        ("Claude Haiku 4.5", ("Claude API (api.anthropic.com)",)),
        ("claude.ai", ("claude.ai",)),
        ("the Claude API", ("Claude API (api.anthropic.com)",)),
        ("Claude Code", ("Claude Code",)),
        ("platform.claude.com", ("platform.claude.com",)),
    ),
    "openai": (
        ("ChatGPT", ("ChatGPT",)),
        ("the Responses API", ("Responses",)),
        ("Chat Completions", ("Chat Completions",)),
        ("Sora", ("Sora",)),
        ("Codex", ("Codex",)),
        ("image generation", ("Image Generation",)),
        ("the Realtime API", ("Realtime API",)),
        ("file uploads in ChatGPT", ("ChatGPT", "Files")),
    ),
    "cohere": (
        ("the Chat API", ("Chat API",)),
        ("the Embed API", ("Embed API",)),
        ("the Rerank API", ("Rerank API",)),
        ("the Cohere dashboard", ("Dashboard",)),
        ("fine-tuning jobs", ("Fine-tuning",)),
    ),
    "deepseek": (
        ("the DeepSeek API", ("API Service",)),
        ("DeepSeek Chat", ("Web Chat Service",)),
        ("deepseek-reasoner", ("API Service",)),
        ("the DeepSeek app", ("App Service",)),
    ),
    "mistral": (
        ("Le Chat", ("Le Chat",)),
        ("La Plateforme API", ("La Plateforme",)),
        ("Mistral Large 3", ("La Plateforme",)),
        ("Codestral", ("Codestral",)),
        ("the Mistral console", ("Console",)),
    ),
    "perplexity": (
        ("Pro Search", ("Pro Search",)),
        ("the Sonar API", ("API",)),
        ("perplexity.ai", ("Web",)),
        ("Comet", ("Comet",)),
        ("Deep Research", ("Pro Search",)),
        ("the Perplexity iOS app", ("iOS App",)),
    ),
    "xai": (
        ("Grok (Web)", ("Grok (Web)",)),
        ("Grok (iOS)", ("Grok (iOS)",)),
        ("Grok (Android)", ("Grok (Android)",)),
        ("API", ("API",)),
        ("Grok in X", ("Grok in X",)),
    ),
}

# Titles by impact; '{s}' is the subject. Wording follows what status pages write and keeps to
# the pipeline's impact inference (pipeline.parse.common.infer_impact): minor = degraded /
# elevated errors, major = outage / unavailable / failing, critical = major / complete outage.
TITLES: dict[str, tuple[str, ...]] = {
    "minor": (
        "Elevated errors on {s}",
        "Elevated error rates on {s}",
        "Increased latency on {s}",
        "Degraded performance on {s}",
        "Slow responses from {s}",
        "Intermittent errors on {s}",
    ),
    "major": (
        "High error rates on {s}",
        "Partial outage of {s}",
        "Requests failing on {s}",
        "Unavailability of {s} for some users",
    ),
    "critical": (
        "Major outage of {s}",
        "Complete outage of {s}",
    ),
}
NONE_TITLES: dict[str, tuple[str, ...]] = {
    "openai": ("Delayed usage data in the API dashboard", "Stale cost reports in the dashboard"),
    "cohere": ("Delayed billing data in the Cohere dashboard",),
    "deepseek": ("Delayed usage statistics on the API platform", "Top-up balances slow to update"),
}
XAI_TITLES: dict[str, tuple[str, ...]] = {
    "minor": (
        "[{s}] Elevated error rates",
        "[{s}] Slow responses",
        "[{s}] Degraded performance",
        "[{s}] Image generation degraded",
    ),
    "major": ("[{s}] Models outage", "[{s}] Outage", "[{s}] Login outage"),
}

# Update bodies by impact and status; '{s}' is the subject.
BODIES: dict[str, dict[str, tuple[str, ...]]] = {
    "none": {
        "investigating": (
            "We are aware that usage figures shown for {s} are delayed. Requests themselves "
            "are not affected.",
        ),
        "identified": ("The delay has been traced to a backlog in our reporting pipeline.",),
        "update": ("The backlog is being processed.",),
        "monitoring": ("Reporting has caught up and we are monitoring.",),
        "resolved": ("Reporting is up to date again. This incident has been resolved.",),
    },
    "minor": {
        "investigating": (
            "We are investigating elevated error rates affecting {s}.",
            "We are investigating reports of increased latency for {s}. Some users may see "
            "slower responses.",
            "Some users are seeing intermittent errors when using {s}. Our team is looking "
            "into it.",
            "We are currently investigating degraded performance of {s}.",
        ),
        "identified": (
            "The issue has been identified and a fix is being implemented.",
            "We have identified the cause of the elevated errors and are deploying a fix.",
        ),
        "update": (
            "We are continuing to work on a fix for this issue.",
            "We are seeing improvement and continue to watch error rates closely.",
        ),
        "monitoring": ("A fix has been implemented and we are monitoring the results.",),
        "resolved": (
            "This incident has been resolved.",
            "Error rates have returned to normal. This incident has been resolved.",
        ),
    },
    "major": {
        "investigating": (
            "We are investigating a partial outage affecting {s}. A significant share of "
            "requests are failing.",
            "Access to {s} is unavailable for a subset of users. We are investigating.",
            "We are seeing high error rates on {s}. Users may be unable to access the service.",
        ),
        "identified": (
            "We have identified the cause of the outage and are working on a mitigation.",
            "The cause has been identified as insufficient capacity in one region. We are "
            "shifting traffic and adding capacity.",
        ),
        "update": (
            "We are continuing to work on restoring service for {s}.",
            "Error rates are decreasing as mitigations take effect.",
        ),
        "monitoring": (
            "A fix has been implemented and we are monitoring the results.",
            "Service has been restored and we are monitoring for stability.",
        ),
        "resolved": (
            "This incident has been resolved.",
            "{S} has recovered and is operating normally. This incident has been resolved.",
        ),
    },
    "critical": {
        "investigating": (
            "We are experiencing a major outage affecting {s}.",
            "Access to {s} is completely unavailable. We are investigating with the highest "
            "priority.",
            "We are investigating a complete outage of {s}; all requests are failing.",
        ),
        "identified": (
            "We have identified the cause of the complete outage and are working to restore "
            "service.",
            "The root cause has been identified as a faulty configuration rollout; a rollback "
            "is in progress.",
        ),
        "update": (
            "We are beginning to see recovery; some requests are now succeeding.",
            "Recovery is ongoing while capacity is brought back online.",
        ),
        "monitoring": ("Service has been restored and we are monitoring closely.",),
        "resolved": ("This incident has been resolved. We will publish a postmortem.",),
    },
}
# Anthropic's capacity incidents read like its status page during overload episodes.
OVERLOAD_TITLE = "API overloaded (529 errors)"
OVERLOAD_BODIES: dict[str, tuple[str, ...]] = {
    "investigating": (
        "We are seeing a high rate of 529 (overloaded) errors on the Claude API. Many requests "
        "are failing; clients should retry with backoff.",
    ),
    "identified": (
        "Demand is exceeding available capacity for Claude Opus 4.6. We are bringing "
        "additional capacity online.",
    ),
    "update": ("Additional capacity is coming online and 529 errors are decreasing.",),
    "monitoring": ("Capacity has been restored and we are monitoring error rates.",),
    "resolved": ("This incident has been resolved.",),
}
POSTMORTEM = (
    "Between {start} and {end} UTC on {day}, {s} experienced a major outage. A configuration "
    "change to our request routing layer removed a large share of serving capacity while "
    "demand was at a peak, and automated rollback did not trigger. We have added safeguards to "
    "the rollout process and additional capacity headroom."
)
MAINTENANCE: dict[str, tuple[str, ...]] = {
    "scheduled": (
        "We will be performing scheduled maintenance on {s} during this window. No action is "
        "required on your part.",
    ),
    "in_progress": (
        "Scheduled maintenance is currently in progress. We will provide updates as necessary.",
    ),
    "verifying": ("Verification is currently underway for the maintenance items.",),
    "completed": ("The scheduled maintenance has been completed.",),
}
GOOGLE_AI_PRODUCTS = ("Vertex Gemini API", "Vertex AI Online Prediction")
GOOGLE_OTHER_PRODUCTS = ("Cloud SQL", "BigQuery", "Compute Engine", "Cloud Storage")
GOOGLE_REGIONS = (
    ("us-central1", "Iowa (us-central1)"),
    ("europe-west4", "Netherlands (europe-west4)"),
    ("us-east1", "South Carolina (us-east1)"),
    ("asia-northeast1", "Tokyo (asia-northeast1)"),
    ("europe-west1", "Belgium (europe-west1)"),
)
GOOGLE_TITLES: dict[str, tuple[str, ...]] = {
    "none": ("{p}: delayed quota metrics in the Cloud Console",),
    "minor": (
        "{p} customers experiencing elevated error rates in {r}",
        "Increased latency for {p} requests in {r}",
    ),
    "major": (
        "{p} requests failing in {r}",
        "{p} unavailable for some customers in {r}",
    ),
    "critical": ("Multi-region outage of {p}",),
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, subject: str) -> str:
    return template.replace("{S}", _cap(subject)).replace("{s}", subject)


# --------------------------------------------------------------------------- ids


class _Ids:
    """Vendor-style identifiers, unique within the scenario, from the planning generator."""

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


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


class _Planner:
    """Draws the scenario's incidents; every random choice comes from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids = _Ids(self.rng)
        self.items: list[PlannedIncident] = []

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
        options = SUBJECTS[vendor]
        if subject is None:
            return self.rng.choice(options)
        return next(o for o in options if o[0] == subject)

    def _title(self, vendor: str, impact: str, subject: str) -> str:
        if impact == "none":
            return self.rng.choice(NONE_TITLES[vendor])
        if vendor == "xai":
            return _fill(self.rng.choice(XAI_TITLES[impact]), subject)
        return _fill(self.rng.choice(TITLES[impact]), subject)

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
        bodies = BODIES[impact]
        if title == OVERLOAD_TITLE:
            bodies = OVERLOAD_BODIES
        title = title or self._title(vendor, impact, subject_name)
        updates = self._timeline(start, minutes, bodies, subject_name, open_=open_)
        if postmortem_days:
            end = updates[-1].at
            body = POSTMORTEM.format(
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
            Update("scheduled", announced, _fill(MAINTENANCE["scheduled"][0], subject_name)),
            Update("in_progress", start, MAINTENANCE["in_progress"][0]),
        ]
        if minutes >= 45 and self.rng.random() < 0.5:
            updates.append(
                Update(
                    "verifying",
                    end - timedelta(minutes=self.rng.randint(5, 20)),
                    MAINTENANCE["verifying"][0],
                )
            )
        updates.append(Update("completed", end, MAINTENANCE["completed"][0]))
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
            title = OVERLOAD_TITLE
        subject = "the Claude API" if title == OVERLOAD_TITLE else None
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
        products = GOOGLE_AI_PRODUCTS if in_scope else GOOGLE_OTHER_PRODUCTS
        product = product or self.rng.choice(products)
        region = self.rng.choice(GOOGLE_REGIONS)[0]
        title = self.rng.choice(GOOGLE_TITLES[impact]).format(p=product, r=region)
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
        # Anchors: long critical outages (one across midnight), each with a postmortem.
        self.add(
            "anthropic",
            _at("2026-03-03 09:12"),
            53,
            "minor",
            title="Elevated errors on Claude Opus 4.6",
            subject="Claude Opus 4.6",
        )
        self.add(
            "anthropic",
            _at("2026-03-03 14:40"),
            95,
            "major",
            title=OVERLOAD_TITLE,
            subject="the Claude API",
        )
        self.add(
            "anthropic",
            _at("2026-03-10 13:20"),
            325,
            "critical",
            title="Outage affecting claude.ai, the Claude API and Claude Code",
            subject="the Claude API",
            postmortem_days=3,
        )
        self.add(
            "anthropic",
            _at("2026-03-17 15:05"),
            385,
            "critical",
            title="Claude API unavailable",
            subject="the Claude API",
            postmortem_days=2,
        )
        self.add(
            "anthropic",
            _at("2026-03-23 21:40"),
            335,
            "critical",
            title="Major outage of the Claude API",
            subject="the Claude API",
            postmortem_days=4,
        )
        day = CRISIS_START
        while day < WINDOW_END.date():
            rate, mix = _crisis_phase(day)
            count = _poisson(self.rng, rate)
            if rate >= 4:
                count = max(count, 3)  # several a day at the peak
            for _ in range(count):
                self._random_incident("anthropic", day, mix, crisis=True)
            day += timedelta(days=1)

    def landmarks(self) -> None:
        """Incidents every scenario must contain (edge cases the pipeline must get right)."""
        # Across New Year in a Statuspage RSS feed: stamps 'Dec 31' / 'Jan 1' carry no year.
        self.add(
            "mistral",
            _at("2025-12-31 22:47"),
            145,
            "major",
            subject="Le Chat",
            title="Le Chat unavailable for some users",
        )
        # Across midnight.
        self.add(
            "deepseek",
            _at("2026-01-27 22:30"),
            275,
            "minor",
            subject="the DeepSeek API",
            title="Degraded performance on the DeepSeek API",
        )
        self.add(
            "perplexity",
            _at("2026-02-14 23:20"),
            90,
            "major",
            subject="Pro Search",
            title="Partial outage of Pro Search",
        )
        # Overlapping incidents of one vendor.
        self.add(
            "cohere",
            _at("2026-02-10 14:00"),
            150,
            "minor",
            subject="the Embed API",
            title="Increased latency on the Embed API",
        )
        self.add(
            "cohere",
            _at("2026-02-10 15:10"),
            45,
            "major",
            subject="the Chat API",
            title="High error rates on the Chat API",
        )
        self._google(_at("2026-01-14 10:00"), 150, "minor", product="Vertex Gemini API")
        self._google(_at("2026-01-14 11:15"), 50, "major", product="Vertex AI Online Prediction")
        self._google(_at("2026-03-02 16:30"), 120, "none", product="Vertex Gemini API")
        self._google(_at("2026-02-19 07:45"), 140, "critical", product="Vertex Gemini API")
        # Impact 'none' (informational) in JSON feeds.
        self.add("deepseek", _at("2026-02-05 03:10"), 200, "none", subject="the DeepSeek API")
        self.add("openai", _at("2026-01-22 18:05"), 95, "none", subject="the Responses API")
        # A critical incident at a competitor, and xAI's 'Models outage'.
        self.add(
            "openai",
            _at("2026-02-03 15:45"),
            128,
            "critical",
            subject="ChatGPT",
            title="Full outage of ChatGPT and the API",
        )
        self.add(
            "xai",
            _at("2026-03-05 10:00"),
            80,
            "major",
            subject="Grok (Web)",
            title="[Grok (Web)] Models outage",
        )
        # Still open at the end of the window (counts up to 2026-05-01T00:00Z).
        self.add(
            "openai",
            _at("2026-04-30 21:10"),
            60,
            "minor",
            subject="Sora",
            open_=True,
            title="Elevated error rates for Sora video generation",
        )
        # Scheduled maintenance (flagged, never outage); one announced in the previous year.
        self.add_maintenance(
            "anthropic",
            _at("2026-01-06 09:00"),
            90,
            "Scheduled maintenance for platform.claude.com",
            "platform.claude.com",
            announced_days=8,
        )
        self.add_maintenance(
            "anthropic",
            _at("2026-02-18 07:00"),
            60,
            "claude.ai scheduled database maintenance",
            "claude.ai",
            announced_days=5,
        )
        self.add_maintenance(
            "mistral",
            _at("2026-01-20 06:00"),
            60,
            "Scheduled maintenance on La Plateforme",
            "La Plateforme API",
            announced_days=4,
        )
        self.add_maintenance(
            "mistral",
            _at("2026-03-25 05:00"),
            90,
            "Console maintenance",
            "the Mistral console",
            announced_days=6,
        )
        self.add_maintenance(
            "perplexity",
            _at("2026-02-08 08:00"),
            75,
            "Database maintenance",
            "perplexity.ai",
            announced_days=3,
        )
        self.add_maintenance(
            "perplexity",
            _at("2026-04-12 06:00"),
            45,
            "Sonar API infrastructure upgrade",
            "the Sonar API",
            announced_days=7,
        )
        # Planted bad records, each in an incident carried by one feed only.
        self.add(
            "anthropic",
            _at("2026-01-15 11:30"),
            40,
            "minor",
            defect="no_stamp",
            subject="Claude Code",
            title="Elevated errors for Claude Code",
        )
        self.add(
            "mistral",
            _at("2026-02-28 21:15"),
            70,
            "minor",
            defect="impossible_date",
            subject="Codestral",
            title="Increased latency on Codestral",
        )
        self.add(
            "deepseek",
            _at("2026-03-09 08:20"),
            65,
            "major",
            defect="unknown_impact",
            subject="DeepSeek Chat",
            title="DeepSeek Chat unavailable",
        )
        self.add(
            "cohere",
            _at("2026-03-18 09:40"),
            55,
            "minor",
            defect="resolved_before_start",
            subject="the Rerank API",
            title="Elevated error rates on the Rerank API",
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


def _poisson(rng: random.Random, rate: float) -> int:
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


# --------------------------------------------------------------------------- writer helpers

LABELS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "update": "Update",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "postmortem": "Postmortem",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "verifying": "Verifying",
    "completed": "Completed",
}
COMPONENT_STATE = {  # Statuspage component status during an incident of that impact
    "none": "operational",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
    "maintenance": "under_maintenance",
}
INCIDENTIO_STATE = {
    "minor": "Degraded performance",
    "major": "Partial outage",
    "critical": "Full outage",
}


def _writer_rng(seed: int, source: str) -> random.Random:
    # String seeds are hashed with SHA-512 by random.Random: stable across processes.
    return random.Random(f"{seed}/{source}")


def _iso_z(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_ms(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _rfc822(at: datetime, gmt: bool = False) -> str:
    return format_datetime(at.astimezone(UTC), usegmt=gmt)


def _stamp(at: datetime, *, day: int | None = None) -> str:
    """Statuspage's year-less stamp: "Mar <var data-var='date'> 3</var>, ... 14:05 UTC"."""
    return (
        f"{at:%b} <var data-var='date'>{at.day if day is None else day:>2}</var>, "
        f"<var data-var='time'>{at:%H:%M}</var> UTC"
    )


def _statuspage_html(item: PlannedIncident, *, bad_day: bool = False) -> str:
    """One <p> per update, newest first, as Statuspage's Atom and RSS carry them."""
    parts = []
    for update in reversed(item.updates):
        # The planted defect: a resolved stamp on 'Feb 30' (the incident is in February).
        stamp = _stamp(update.at, day=30 if bad_day and update.status == "resolved" else None)
        body = html.escape(update.body, quote=False)
        if item.defect == "no_stamp":
            parts.append(f"<p> <strong>{LABELS[update.status]}</strong> - {body} </p>")
        else:
            parts.append(
                f"<p> <small>{stamp}</small><br> <strong>{LABELS[update.status]}</strong> - "
                f"{body} </p>"
            )
    return " ".join(parts)


def _closed_at(item: PlannedIncident) -> datetime:
    """Time of the update that closed the incident (resolved/completed)."""
    return item.resolved_at or item.last_update.at


def _newest_first(items: Iterable[PlannedIncident]) -> list[PlannedIncident]:
    return sorted(items, key=lambda i: (_closed_at(i), i.incident_id), reverse=True)


def _json_text(document: object) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- writers: XML


def _write_statuspage_atom(
    items: list[PlannedIncident], host: str, page_title: str, author: str, rng: random.Random
) -> str:
    """Atlassian Statuspage history.atom: every incident, newest first."""
    entries = []
    latest = WINDOW_START
    for item in _newest_first(items):
        published = _closed_at(item) + timedelta(seconds=rng.randint(0, 59))
        updated = max(published, item.last_update.at + timedelta(seconds=rng.randint(0, 59)))
        latest = max(latest, updated)
        entries.append(
            "  <entry>\n"
            f"    <id>tag:{host},2005:Incident/{item.number}</id>\n"
            f"    <published>{_iso_z(published)}</published>\n"
            f"    <updated>{_iso_z(updated)}</updated>\n"
            f'    <link rel="alternate" type="text/html" '
            f'href="https://{host}/incidents/{item.incident_id}"/>\n'
            f"    <title>{xml_escape(item.title)}</title>\n"
            f'    <content type="html">{xml_escape(_statuspage_html(item))}</content>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>tag:{host},2005:/history</id>\n"
        f'  <link rel="alternate" type="text/html" href="https://{host}"/>\n'
        f'  <link rel="self" type="application/atom+xml" href="https://{host}/history.atom"/>\n'
        f"  <title>{xml_escape(page_title)} - Incident History</title>\n"
        f"  <updated>{_iso_z(latest)}</updated>\n"
        f"  <author>\n    <name>{xml_escape(author)}</name>\n  </author>\n"
        + "".join(entries)
        + "</feed>\n"
    )


def _write_statuspage_rss(
    items: list[PlannedIncident], host: str, page_title: str, rng: random.Random
) -> str:
    """Atlassian Statuspage history.rss: every incident, newest first."""
    entries = []
    latest = WINDOW_START
    for item in _newest_first(items):
        published = _closed_at(item) + timedelta(seconds=rng.randint(0, 59))
        latest = max(latest, published)
        content = _statuspage_html(item, bad_day=item.defect == "impossible_date")
        url = f"https://{host}/incidents/{item.incident_id}"
        entries.append(
            "    <item>\n"
            f"      <title>{xml_escape(item.title)}</title>\n"
            f"      <description>\n{xml_escape(content)}      </description>\n"
            f"      <pubDate>{_rfc822(published)}</pubDate>\n"
            f"      <link>{url}</link>\n"
            f"      <guid>{url}</guid>\n"
            "    </item>\n"
        )
    title = xml_escape(f"{page_title} - Incident History")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "  <channel>\n"
        f"    <title>{title}</title>\n"
        f"    <link>https://{host}</link>\n"
        f"    <description>{title}</description>\n"
        f"    <pubDate>{_rfc822(latest)}</pubDate>\n" + "".join(entries) + "  </channel>\n</rss>\n"
    )


def _write_incidentio_atom(items: list[PlannedIncident], host: str, page_title: str) -> str:
    """incident.io history.atom: latest status and message only, ids with a double slash."""
    entries = []
    latest = WINDOW_START
    for item in sorted(items, key=lambda i: (i.last_update.at, i.incident_id), reverse=True):
        last = item.last_update
        latest = max(latest, last.at)
        label = "Fixing" if last.status == "identified" else LABELS[last.status]
        summary = f"<b>Status: {label}</b><br/><br/>{html.escape(last.body, quote=False)}"
        if item.impact in INCIDENTIO_STATE:
            state = INCIDENTIO_STATE[item.impact]
            lis = "".join(f"<li>{html.escape(c)} ({state})</li>" for c in item.components)
            summary += f"<br/><br/><b>Affected components</b><ul>{lis}</ul>"
        url = f"https://{host}//incidents/{item.incident_id}"
        entries.append(
            "  <entry>\n"
            f"    <title>{xml_escape(item.title)}</title>\n"
            f"    <id>{url}</id>\n"
            f'    <link rel="alternate" href="{url}"/>\n'
            f"    <updated>{_iso_z(last.at)}</updated>\n"
            f'    <summary type="html">{xml_escape(summary)}</summary>\n'
            f'    <content type="html">{xml_escape(summary)}</content>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>https://{host}/</id>\n"
        f"  <title>{xml_escape(page_title)} status</title>\n"
        f'  <link rel="alternate" href="https://{host}/"/>\n'
        f'  <link rel="self" href="https://{host}/history.atom"/>\n'
        f"  <updated>{_iso_z(latest)}</updated>\n" + "".join(entries) + "</feed>\n"
    )


def _duration_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins or not hours:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " and ".join(parts)


def _write_instatus_atom(
    items: list[PlannedIncident], host: str, page_title: str, rng: random.Random
) -> str:
    """Instatus history.atom: Type/Duration/Affected Components, then updates (GMT+0, seconds).

    Instatus does not always list updates newest first: some entries here are shuffled.
    """
    entries = []
    latest = WINDOW_START
    for index, item in enumerate(_newest_first(items)):
        kind = "Maintenance" if item.is_maintenance else "Incident"
        minutes = _minutes(_closed_at(item) - item.started_at)
        blocks = []
        shown: list[datetime] = []
        for update in item.updates:
            # Start and close stamps stay on the minute; other updates carry real seconds.
            edge = update.at in (item.started_at, item.resolved_at)
            at = update.at if edge else update.at + timedelta(seconds=rng.randint(1, 59))
            shown.append(at)
            stamp = (
                f"{at:%b} <var data-var='date'>{at.day}</var>, "
                f"<var data-var='time'>{at:%H:%M:%S}</var> GMT+0"
            )
            blocks.append(
                f"<p><small>{stamp}</small><br><strong>{LABELS[update.status]}</strong> - "
                f"{html.escape(update.body, quote=False)}</p>"
            )
        blocks.reverse()
        if index % 3 == 1 and len(blocks) >= 3:
            shuffled = blocks[:]
            while shuffled == blocks:
                rng.shuffle(shuffled)
            blocks = shuffled
        content = (
            f"<p><strong>Type</strong>: {kind}</p>"
            f"<p><strong>Duration</strong>: {_duration_text(minutes)}</p>"
            f"<p><strong>Affected Components</strong>: "
            f"{html.escape(', '.join(item.components))}</p>" + "".join(blocks)
        )
        latest = max(latest, item.last_update.at)
        path = "maintenance" if item.is_maintenance else "incident"
        entries.append(
            "  <entry>\n"
            f"    <id>tag:{host},2005:{kind}/{item.incident_id}</id>\n"
            f"    <published>{_iso_z(shown[0])}</published>\n"
            f"    <updated>{_iso_z(shown[-1])}</updated>\n"
            f'    <link rel="alternate" type="text/html" '
            f'href="https://{host}/{path}/{item.incident_id}"/>\n'
            f"    <title>{xml_escape(item.title)}</title>\n"
            f'    <content type="html">{xml_escape(content)}</content>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>tag:{host},2005:/history</id>\n"
        f'  <link rel="alternate" type="text/html" href="https://{host}"/>\n'
        f'  <link rel="self" type="application/atom+xml" href="https://{host}/history.atom"/>\n'
        f"  <title>{xml_escape(page_title)} - Incident history</title>\n"
        f"  <updated>{_iso_z(latest)}</updated>\n" + "".join(entries) + "</feed>\n"
    )


def _write_xai_rss(items: list[PlannedIncident], host: str) -> str:
    """status.x.ai feed.xml: '[Component] Title', status/severity/start/end in the description."""
    entries = []
    latest = WINDOW_START
    for item in _newest_first(items):
        severity = "outage" if item.impact in ("major", "critical") else "degraded"
        state = "RESOLVED" if item.resolved_at else "ACTIVE"
        description = (
            f"<h3>Status: {state}</h3><p>Severity: {severity}</p>"
            f"<p>Started: {_iso_z(item.started_at)}</p>"
        )
        if item.resolved_at:
            description += f"<p>Resolved: {_iso_z(item.resolved_at)}</p>"
        description += f"<p>{html.escape(item.updates[0].body, quote=False)}</p>"
        if item.resolved_at:
            description += f"<p>{html.escape(item.last_update.body, quote=False)}</p>"
        changed = item.last_update.at
        latest = max(latest, changed)
        url = f"https://{host}/incidents/{item.incident_id}"
        entries.append(
            "    <item>\n"
            f"      <title>{xml_escape(item.title)}</title>\n"
            f"      <link>{url}</link>\n"
            f'      <guid isPermaLink="true">{url}</guid>\n'
            f"      <pubDate>{_rfc822(changed, gmt=True)}</pubDate>\n"
            f"      <category>{severity}</category>\n"
            f"      <category>{state.lower()}</category>\n"
            f"      <description>{xml_escape(description)}</description>\n"
            "    </item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0">\n'
        "  <channel>\n"
        "    <title>xAI Status</title>\n"
        f"    <link>https://{host}</link>\n"
        "    <description>Incidents and status of xAI services</description>\n"
        f"    <lastBuildDate>{_rfc822(latest, gmt=True)}</lastBuildDate>\n"
        + "".join(entries)
        + "  </channel>\n</rss>\n"
    )


# --------------------------------------------------------------------------- writers: JSON


@dataclass(slots=True, frozen=True)
class _Page:
    """A Statuspage-API page: who publishes the JSON and how its timestamps look."""

    page_id: str
    name: str
    url: str
    stamp: Callable[[datetime], str] = _iso_ms
    incidentio: bool = False
    component_ids: dict[str, str] = field(default_factory=dict)


def _components_json(item: PlannedIncident, page: _Page) -> list[dict[str, object]]:
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


def _incident_json(item: PlannedIncident, page: _Page, ids: _Ids) -> dict[str, object]:
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


def _write_statuspage_json(items: list[PlannedIncident], page: _Page, rng: random.Random) -> str:
    """Statuspage API v2 incidents.json (also incident.io's compatible copy), newest first."""
    ordered = sorted(items, key=lambda i: (i.started_at, i.incident_id), reverse=True)
    names = sorted({c for item in ordered for c in item.components})
    ids = _Ids(rng)
    component_ids = {
        n: (ids.ulid(WINDOW_START) if page.incidentio else ids.statuspage()) for n in names
    }
    page = _Page(page.page_id, page.name, page.url, page.stamp, page.incidentio, component_ids)
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
    return _json_text(document)


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


def _write_gcloud_json(items: list[PlannedIncident], rng: random.Random) -> str:
    """status.cloud.google.com incidents.json: a JSON array, newest first."""
    ids = _Ids(rng)
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
    return _json_text(records)


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


# --------------------------------------------------------------------------- feed assembly


def anthropic_json_items(plan: list[PlannedIncident]) -> list[PlannedIncident]:
    """The anthropic incidents its incidents.json lists: the 50 most recent (no maintenance)."""
    candidates = [
        i
        for i in plan
        if i.vendor == "anthropic" and not i.is_maintenance and i.defect != "no_stamp"
    ]
    candidates.sort(key=lambda i: (i.started_at, i.incident_id), reverse=True)
    return candidates[:JSON_LIMIT]


def openai_atom_items(plan: list[PlannedIncident]) -> list[PlannedIncident]:
    """incident.io keeps about three months of history in its Atom feed."""
    since = datetime(2026, 2, 1, tzinfo=UTC)
    return [i for i in plan if i.vendor == "openai" and i.started_at >= since]


def render_feeds(plan: list[PlannedIncident], seed: int) -> dict[str, str]:
    """Render every source of the catalog: {relative path: text}."""
    by_vendor: dict[str, list[PlannedIncident]] = {v: [] for v in VENDORS}
    for item in plan:
        by_vendor[item.vendor].append(item)
    ids = _Ids(random.Random(f"{seed}/pages"))
    texts: dict[str, str] = {}
    for name, vendor, path in SOURCES:
        rng = _writer_rng(seed, name)
        items = by_vendor[vendor]
        if name == "anthropic-status-atom":
            text = _write_statuspage_atom(
                items, "status.claude.com", "Claude Status", "Anthropic", rng
            )
        elif name == "anthropic-status-json":
            page = _Page(ids.statuspage(), "Claude", "https://status.claude.com")
            text = _write_statuspage_json(anthropic_json_items(plan), page, rng)
        elif name == "openai-status-atom":
            text = _write_incidentio_atom(openai_atom_items(plan), "status.openai.com", "OpenAI")
        elif name == "openai-status-json":
            page = _Page(
                ids.ulid(WINDOW_START),
                "OpenAI",
                "https://status.openai.com",
                _iso_z,
                incidentio=True,
            )
            text = _write_statuspage_json(items, page, rng)
        elif name == "cohere-status-json":
            page = _Page(
                ids.ulid(WINDOW_START),
                "Cohere",
                "https://status.cohere.com",
                _iso_z,
                incidentio=True,
            )
            text = _write_statuspage_json(items, page, rng)
        elif name == "perplexity-status-atom":
            text = _write_instatus_atom(items, "status.perplexity.com", "Perplexity", rng)
        elif name == "xai-status-rss":
            text = _write_xai_rss(items, "status.x.ai")
        elif name == "mistral-status-rss":
            text = _write_statuspage_rss(items, "status.mistral.ai", "Mistral AI Status", rng)
        elif name == "google-status-json":
            text = _write_gcloud_json(items, rng)
        elif name == "deepseek-status-json":
            page = _Page(ids.statuspage(), "DeepSeek Service Status", "https://status.deepseek.com")
            text = _write_statuspage_json(items, page, rng)
        else:  # pragma: no cover - SOURCES and this dispatch are edited together
            raise ValueError(f"no writer for source {name}")
        texts[path] = text
    return texts


def render_catalog(seed: int) -> str:
    """catalog.yaml: window first, then the `sources:` list (kept last so it can be extended)."""
    lines = [
        f"# Reliability Radar sample scenario (seed {seed}), written by `radar sample`.",
        "# Paths are relative to this file. Ground truth: truth.json beside it.",
        f"window: {{start: {WINDOW_START.date()}, end: {(WINDOW_END - timedelta(days=1)).date()}}}",
        "sources:",
    ]
    for name, vendor, path in SOURCES:
        lines += [
            f"  - name: {name}",
            "    kind: status",
            f"    vendor: {vendor}",
            f"    url: {path}",
            "    format: auto",
        ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- truth


def _minute_index(at: datetime) -> int:
    return _minutes(at - WINDOW_START)


def _r4(value: float) -> float:
    return round(value, 4)


def compute_outage_daily(incidents: list[PlannedIncident]) -> list[dict[str, object]]:
    """Expected `outage_daily` rows (every vendor x day) by a plain minute-level simulation.

    One byte per minute of the window and vendor, per flag: covered by any outage (minor+),
    by a major+ outage, by a critical one, by maintenance. Open incidents run to WINDOW_END.
    """
    total = WINDOW_DAYS * DAY_MINUTES
    rows: list[dict[str, object]] = []
    for vendor in VENDORS:
        any_down, major, critical, maint = (bytearray(total) for _ in range(4))
        started: dict[int, list[int | None]] = {}
        for item in incidents:
            if item.vendor != vendor:
                continue
            first = _minute_index(item.started_at)
            last = _minute_index(item.resolved_at or WINDOW_END)
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
        for day in range(WINDOW_DAYS):
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
            "resolved_at": _iso_z(i.resolved_at) if i.resolved_at else None,
            "started_at": _iso_z(i.started_at),
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


# --------------------------------------------------------------------------- public API


def write_sample(out_dir: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write the sample scenario (feeds, truth.json, catalog.yaml) under `out_dir`.

    Same seed, byte-identical files. The catalog is written last, so its presence means the
    sample is complete. Returns the path of catalog.yaml.
    """
    from pipeline.sample import news as sample_news
    from pipeline.sample import social as sample_social  # build on this module's plan

    plan = plan_scenario(seed)
    files = render_feeds(plan, seed)
    truth = build_truth(plan)
    news = sample_news.build_news(plan, seed)  # its own generator: status bytes do not change
    sample_news.merge_truth(truth, news.truth)
    social = sample_social.build_social(plan, seed)  # its own generator, like news
    sample_social.merge_truth(truth, social.truth)
    files[TRUTH_NAME] = _json_text(truth)
    for relative, text in sorted(files.items()):
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    for relative, data in sorted({**news.files, **social.files}.items()):
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    catalog = out_dir / CATALOG_NAME
    catalog_text = (
        render_catalog(seed)
        + sample_news.render_catalog_entries()
        + sample_social.render_catalog_entries()
    )
    catalog.write_bytes(catalog_text.encode("utf-8"))
    return catalog


def sample_dir(home: Path) -> Path:
    """Folder of the generated sample under a radar home."""
    return home / "sample"


def ensure_sample(home: Path, seed: int = DEFAULT_SEED) -> Path:
    """Return the sample's catalog path under `home`, writing the sample if it is missing."""
    catalog = sample_dir(home) / CATALOG_NAME
    if not catalog.exists() or _catalog_seed(catalog) != seed:
        write_sample(sample_dir(home), seed=seed)
    return catalog


def _catalog_seed(catalog: Path) -> int | None:
    """Seed named in the first line of a generated catalog, None when absent."""
    with catalog.open(encoding="utf-8") as handle:
        first = handle.readline()
    marker = "(seed "
    if marker not in first:
        return None
    digits = first.split(marker, 1)[1].split(")", 1)[0]
    return int(digits) if digits.isdigit() else None


__all__ = [
    "DEFAULT_SEED",
    "SOURCES",
    "PlannedIncident",
    "build_truth",
    "compute_outage_daily",
    "ensure_sample",
    "plan_scenario",
    "sample_dir",
    "write_sample",
]
