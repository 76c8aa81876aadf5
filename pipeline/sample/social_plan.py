"""The social part of the sample, planned: who posts what, when, on which platform.

`plan_posts(plan, seed)` plans about 25,000 posts (`Draft`) from one generator seeded
`f"social-{seed}"`: background chatter with a daily and weekly rhythm, migration announcements
(the OpenAI -> Anthropic wave from 3 March 2026, the backflow from 10 March, background
switching), hard negatives that share their vocabulary, "is it down" bursts ahead of chosen
incidents of the status plan (`Burst`), one record per quarantine defect (`DEFECTS`) and the
public's reaction to Anthropic's crisis in its first days (complaints and outage reports, see
REACTION_*). Texts come from corpus/social.yaml; `social_render` gives the drafts ids, authors
and wire formats.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pipeline.core import vendors as vendor_table
from pipeline.sample.plan import (
    CRISIS_START,
    WINDOW_DAYS,
    WINDOW_END,
    WINDOW_START,
    PlannedIncident,
)
from pipeline.sample.texts import load_corpus

EXTRA = "extra"
PLATFORM_WEIGHTS = {"reddit": 0.36, "hn": 0.20, "bluesky": 0.25, "mastodon": 0.14, EXTRA: 0.05}

DAILY_BASE = 150  # background posts on an ordinary weekday
# UTC hour -> relative volume: quiet European night, peak in US working hours.
HOUR_WEIGHTS = (
    3.0, 2.5, 2.0, 1.6, 1.3, 1.2, 1.3, 1.6, 2.2, 2.8, 3.3, 3.6,
    4.0, 4.8, 5.6, 6.2, 6.5, 6.6, 6.4, 6.0, 5.6, 5.0, 4.3, 3.6,
)  # fmt: skip
HOUR_CUM = tuple(itertools.accumulate(HOUR_WEIGHTS))
WEEKDAY_FACTORS = (1.05, 1.1, 1.1, 1.05, 0.95, 0.65, 0.6)  # Monday first
WAVE_START = date(2026, 3, 3)
BACKFLOW_START = date(2026, 3, 10)

# Quarantine defects: key -> (platform, reason in truth.json).
DEFECTS: dict[str, tuple[str, str]] = {
    "reddit_deleted": ("reddit", "comment body is '[deleted]'"),
    "reddit_removed": ("reddit", "submission text is '[removed]'"),
    "hn_empty": ("hn", "comment_text is empty"),
    "bluesky_bad_date": ("bluesky", "record.createdAt 'not-a-date' is not a timestamp"),
    "mastodon_empty": ("mastodon", "status content is empty"),
}


_TEXT = load_corpus("social")
PRODUCTS: dict[str, tuple[str, ...]] = _TEXT["products"]  # a repeated name is drawn more often
PLANS: dict[str, str] = _TEXT["plans"]
MIGRATION_VENDORS = tuple(PRODUCTS)
CHATTER_VENDORS = {
    "openai": 0.34,
    "anthropic": 0.30,
    "google": 0.12,
    "microsoft": 0.07,
    "meta": 0.05,
    "deepseek": 0.05,
    "mistral": 0.03,
    "xai": 0.04,
}
LANGS: tuple[str, ...] = _TEXT["langs"]
TASKS: tuple[str, ...] = _TEXT["tasks"]
# Background chatter; {p} a product, {q} another vendor's product, {lang}, {task}.
CHATTER: dict[str, tuple[str, ...]] = _TEXT["chatter"]
CHATTER_THEMES = {
    "coding": 0.30,
    "opinion": 0.20,
    "prices": 0.12,
    "jokes": 0.10,
    "news": 0.13,
    "generic": 0.15,
}
CRISIS_CHATTER: tuple[str, ...] = _TEXT["crisis_chatter"]
# Migrations: {f}/{t} products, {fp}/{tp} plans of the two vendors.
MIGRATION: tuple[str, ...] = _TEXT["migration"]
MIGRATION_TO_META: tuple[str, ...] = _TEXT["migration_to_meta"]
MIGRATION_BACK: tuple[str, ...] = _TEXT["migration_back"]  # leaving Anthropic in its outages
CONTEXT_TAILS: tuple[str, ...] = _TEXT["context_tails"]
MIGRATION_PREFIXES: tuple[str, ...] = _TEXT["migration_prefixes"]
MIGRATION_REASONS: dict[str, tuple[str, ...]] = _TEXT["migration_reasons"]
# Hard negatives: look like switches, are not. {a}/{b} products, {ap}/{bp} plans.
HARD_NEGATIVES: dict[str, tuple[str, ...]] = _TEXT["hard_negatives"]
# "Is it down" reports; {p} a product of the vendor.
DOWN: dict[str, tuple[str, ...]] = _TEXT["down"]
DOWN_OTHER: tuple[str, ...] = _TEXT["down_other"]
NEUTRAL_FOR_BAD: tuple[str, ...] = _TEXT["neutral_for_bad"]
CRISIS_COMPLAINTS: tuple[str, ...] = _TEXT["crisis_complaints"]

# The public's reaction to the crisis on days 0..+3 of the event study (day 0 = CRISIS_START,
# the day of the crisis's first major/critical incident): each day, complaints about the
# failing vendor are added until they are REACTION_SHARE of the posts naming it, and while one
# of its incidents runs, 1..REACTION_REPORTS_PER_HOUR outage reports arrive per hour (a trickle
# under the anomaly threshold of more than 3 reporters an hour: the bursts are the planted
# anomalies). Tones are on the project's [-1, 1] sentiment scale (pipeline.enrich.sentiment):
# COMPLAINT_TONE is the mean tone of the complaint bank, BASELINE_TONE that of the posts
# naming the vendor on ordinary days; tests/sample/test_social.py measures both. The planted
# drop of the vendor's daily mean sentiment is share * (COMPLAINT_TONE - BASELINE_TONE).
REACTION_VENDOR = "anthropic"
REACTION_DAYS = 4
COMPLAINT_TONE = -0.55
BASELINE_TONE = 0.10
SENTIMENT_DROP = -0.30
REACTION_SHARE = SENTIMENT_DROP / (COMPLAINT_TONE - BASELINE_TONE)  # about 0.46
REACTION_REPORTS_PER_HOUR = 2
REACTION_ROLES = ("complaint", "crisis_report")


@dataclass(slots=True)
class Draft:
    """One planned post before rendering; ids are assigned in time order per platform."""

    at: datetime
    text: str
    platform: str  # hn | reddit | bluesky | mastodon
    extra: bool = False  # written to extra.jsonl instead of the platform file
    # chatter | migration | negative | down | defect | complaint | crisis_report
    role: str = "chatter"
    vendors: tuple[str, ...] = ()  # (from, to) for migrations; (vendor,) for down reports
    burst: int | None = None
    defect: str | None = None
    author: str = ""
    kind: str = "post"  # story | comment (hn), t3 | t1 (reddit), post
    native_id: str = ""
    thread: dict[str, str] = field(default_factory=dict)

    @property
    def post_id(self) -> str:
        """'<platform>:<native id>' as the pipeline builds it."""
        return f"{self.platform}:{self.native_id}"


@dataclass(slots=True, frozen=True)
class Burst:
    """A planted crowd burst of 'is it down' reports."""

    vendor: str
    start: datetime
    end: datetime
    incident: PlannedIncident | None


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys, cum = _cumulative(tuple(weights.items()))
    return rng.choices(keys, cum_weights=cum)[0]


@functools.cache
def _cumulative(pairs: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], list[float]]:
    return tuple(k for k, _ in pairs), list(itertools.accumulate(w for _, w in pairs))


def _other_vendor(rng: random.Random, vendor: str) -> str:
    return rng.choice([v for v in MIGRATION_VENDORS if v != vendor])


def _names_exactly(text: str, wanted: Sequence[str]) -> bool:
    """True when `text` names exactly the `wanted` vendors (in any order) for the pipeline."""
    return sorted(vendor_table.match_vendors(text)) == sorted(wanted)


class _Planner:
    """Plans every post of the social sample from one seeded generator."""

    def __init__(self, plan: Sequence[PlannedIncident], seed: int) -> None:
        self.rng = random.Random(f"social-{seed}")
        self.plan = [i for i in plan if i.in_truth]
        self.drafts: list[Draft] = []
        self.bursts: list[Burst] = []

    # -- times and placement

    def _time_on(self, day: date) -> datetime:
        hour = self.rng.choices(range(24), cum_weights=HOUR_CUM)[0]
        return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) + timedelta(
            seconds=self.rng.randrange(3600), microseconds=self.rng.randrange(1000) * 1000
        )

    def _platform(self) -> tuple[str, bool]:
        choice = _pick(self.rng, PLATFORM_WEIGHTS)
        if choice == EXTRA:
            return self.rng.choice(("hn", "reddit", "bluesky", "mastodon")), True
        return choice, False

    def _add(self, at: datetime, text: str, **kw: object) -> Draft:
        platform, extra = self._platform()
        draft = Draft(at=at, text=text, platform=platform, extra=extra, **kw)  # type: ignore[arg-type]
        self.drafts.append(draft)
        return draft

    def _days(self, first: date, last: date, weight: object) -> tuple[list[date], list[float]]:
        days = [first + timedelta(days=d) for d in range((last - first).days + 1)]
        return days, [weight(d) for d in days]  # type: ignore[operator]

    # -- chatter

    def chatter(self) -> None:
        """Background posts: daily and weekly rhythm, more Claude talk during the crisis."""
        for offset in range(WINDOW_DAYS):
            day = WINDOW_START.date() + timedelta(days=offset)
            crisis = WAVE_START <= day <= date(2026, 3, 31)
            rate = DAILY_BASE * WEEKDAY_FACTORS[day.weekday()] * (1.0 + offset / 600)
            if crisis:
                rate *= 1.3
            count = max(0, round(self.rng.gauss(rate, math.sqrt(rate))))
            weights = dict(CHATTER_VENDORS)
            if crisis:
                weights["anthropic"] *= 1.6
            for _ in range(count):
                self._add(self._time_on(day), self._chatter_text(weights, crisis))
            for _ in range(self.rng.choice((0, 1, 1, 2))):  # background "is it down" reports
                vendor = self.rng.choice(("anthropic", "openai", "openai", "google", "xai"))
                text = self._down_text(vendor)
                self._add(self._time_on(day), text, role="down", vendors=(vendor,))

    def _chatter_text(self, weights: dict[str, float], crisis: bool) -> str:
        theme = _pick(self.rng, CHATTER_THEMES)
        vendor = _pick(self.rng, weights)
        if crisis and vendor == "anthropic" and self.rng.random() < 0.15:
            template = self.rng.choice(CRISIS_CHATTER)
        else:
            template = self.rng.choice(CHATTER[theme])
        return template.format(
            p=self.rng.choice(PRODUCTS[vendor]),
            q=self.rng.choice(PRODUCTS[_other_vendor(self.rng, vendor)]),
            lang=self.rng.choice(LANGS),
            task=self.rng.choice(TASKS),
        )

    # -- migrations and look-alikes

    def _migration_text(self, source: str, target: str, flavour: str) -> str:
        for _ in range(30):
            if target == "meta" and self.rng.random() < 0.5:
                template = self.rng.choice(MIGRATION_TO_META)
            elif flavour == "back" and self.rng.random() < 0.5:
                template = self.rng.choice(MIGRATION_BACK)
            else:
                template = self.rng.choice(MIGRATION)
            if source == "meta" and "{fp}" in template:
                continue  # nobody cancels a Llama subscription
            text = self.rng.choice(MIGRATION_PREFIXES) + template.format(
                f=self.rng.choice(PRODUCTS[source]),
                t=self.rng.choice(PRODUCTS[target]),
                fp=PLANS[source],
                tp=PLANS[target],
            )
            text += self.rng.choice(MIGRATION_REASONS[flavour])
            if not _names_exactly(text, (source, target)):
                # "Gemini", "Llama", "Grok"... count only with AI context (pipeline.core.vendors).
                text += self.rng.choice(CONTEXT_TAILS)
            if _names_exactly(text, (source, target)):
                return text
        raise AssertionError(f"no unambiguous migration text for {source} -> {target}")

    def migrations(self) -> None:
        """The OpenAI -> Anthropic wave, the backflow and background switching."""
        last = (WINDOW_END - timedelta(days=1)).date()
        days, weights = self._days(
            WAVE_START,
            WAVE_START + timedelta(days=15),
            lambda d: ((d - WAVE_START).days + 1) * math.exp(-(d - WAVE_START).days / 2.2),
        )
        for day in self.rng.choices(days, weights=weights, k=self.rng.randint(330, 380)):
            self._migration(day, "openai", "anthropic", "wave")
        days, weights = self._days(
            BACKFLOW_START,
            date(2026, 4, 5),
            lambda d: max(0.2, 1 - abs((d - date(2026, 3, 16)).days) / 12),
        )
        for target, count in (("openai", (110, 130)), ("google", (55, 70))):
            for day in self.rng.choices(days, weights=weights, k=self.rng.randint(*count)):
                self._migration(day, "anthropic", target, "back")
        all_days, _ = self._days(WINDOW_START.date(), last, lambda d: 1.0)
        for day in self.rng.choices(all_days, k=self.rng.randint(140, 170)):
            source = self.rng.choice(MIGRATION_VENDORS)
            self._migration(day, source, _other_vendor(self.rng, source), "noise")

    def _migration(self, day: date, source: str, target: str, flavour: str) -> None:
        text = self._migration_text(source, target, flavour)
        self._add(self._time_on(day), text, role="migration", vendors=(source, target))

    def hard_negatives(self) -> None:
        """Non-migrations that share the vocabulary, heavier around the March wave."""
        last = (WINDOW_END - timedelta(days=1)).date()
        days, weights = self._days(
            WINDOW_START.date(),
            last,
            lambda d: 4.0 if date(2026, 3, 1) <= d <= date(2026, 4, 5) else 1.0,
        )
        kinds = list(HARD_NEGATIVES)
        for day in self.rng.choices(days, weights=weights, k=self.rng.randint(380, 440)):
            kind = self.rng.choice(kinds)
            a = self.rng.choice(("openai", "anthropic", "anthropic", "google", "microsoft"))
            b = "anthropic" if a != "anthropic" else _other_vendor(self.rng, a)
            if self.rng.random() < 0.4:
                a, b = a, _other_vendor(self.rng, a)
            text = self.rng.choice(HARD_NEGATIVES[kind]).format(
                a=self.rng.choice(PRODUCTS[a]),
                b=self.rng.choice(PRODUCTS[b]),
                ap=PLANS[a],
                bp=PLANS[b],
            )
            self._add(self._time_on(day), text, role="negative")

    # -- crowd bursts

    def _down_text(self, vendor: str) -> str:
        bank = DOWN.get(vendor, DOWN_OTHER)
        for _ in range(30):
            text = self.rng.choice(bank).format(p=self.rng.choice(PRODUCTS[vendor]))
            if _names_exactly(text, (vendor,)):
                return text
        return text + self.rng.choice(CONTEXT_TAILS[:2])

    def _quiet_before(self, item: PlannedIncident, hours: int = 8) -> bool:
        """No incident of the vendor runs or starts in the `hours` before `item` starts."""
        since = item.started_at - timedelta(hours=hours)
        return not any(
            other.vendor == item.vendor
            and other is not item
            and other.started_at < item.started_at
            and (other.resolved_at or WINDOW_END) > since
            for other in self.plan
        )

    def _far_from_bursts(self, at: datetime) -> bool:
        return all(abs(at - b.start) > timedelta(hours=36) for b in self.bursts)

    def crowd_bursts(self) -> None:
        """Bursts ahead of chosen major/critical incidents, and one silent burst."""
        for vendor, wanted in (("anthropic", 4), ("openai", 2)):
            candidates = [
                i
                for i in self.plan
                if i.vendor == vendor
                and i.impact in ("major", "critical")
                and not i.is_maintenance
                and i.started_at >= WINDOW_START + timedelta(days=1)
                and self._quiet_before(i)
            ]
            self.rng.shuffle(candidates)
            chosen = 0
            for item in candidates:
                if chosen == wanted:
                    break
                if not self._far_from_bursts(item.started_at):
                    continue
                lead = self.rng.randint(30, 120)
                start = item.started_at - timedelta(minutes=lead)
                if start.minute > 20:  # the first hour of the burst must be busy
                    start = start.replace(minute=self.rng.randint(0, 20))
                    if not 30 <= (item.started_at - start).total_seconds() / 60 <= 120:
                        start = start + timedelta(hours=1)
                self._burst(vendor, start, item)
                chosen += 1
        self._silent_burst()

    def _silent_burst(self) -> None:
        for _ in range(500):
            day = WINDOW_START.date() + timedelta(days=self.rng.randint(20, 85))
            start = datetime(day.year, day.month, day.day, self.rng.randint(13, 20), tzinfo=UTC)
            start += timedelta(minutes=self.rng.randint(0, 15))
            end = start + timedelta(hours=5)
            clear = all(
                (i.resolved_at or WINDOW_END) < start - timedelta(hours=6)
                or i.started_at > end + timedelta(hours=6)
                for i in self.plan
            )
            if clear and self._far_from_bursts(start):
                self._burst("anthropic", start, None)
                return
        raise AssertionError("no quiet time for the silent burst")

    def _burst(self, vendor: str, start: datetime, incident: PlannedIncident | None) -> None:
        minutes = self.rng.randint(120, 300)
        posts = self.rng.randint(28, 60)
        times = [start] + [
            start + timedelta(seconds=int(minutes * 60 * self.rng.random() ** 1.8))
            for _ in range(posts - 1)
        ]
        index = len(self.bursts)
        for at in sorted(times):
            at += timedelta(microseconds=self.rng.randrange(1000) * 1000)
            text = self._down_text(vendor)
            self._add(at, text, role="down", vendors=(vendor,), burst=index)
        self.bursts.append(Burst(vendor, start, max(times), incident))

    # -- bad records

    def defects(self) -> None:
        """One record per quarantine defect, each in its platform's own file."""
        for name, (platform, _) in DEFECTS.items():
            day = WINDOW_START.date() + timedelta(days=self.rng.randint(5, WINDOW_DAYS - 5))
            kind = {"reddit_deleted": "t1", "reddit_removed": "t3", "hn_empty": "comment"}
            draft = Draft(
                at=self._time_on(day),
                text=self.rng.choice(NEUTRAL_FOR_BAD),
                platform=platform,
                role="defect",
                defect=name,
                kind=kind.get(name, "post"),
            )
            self.drafts.append(draft)

    # -- the public's reaction to the crisis

    def _complaint_text(self, vendor: str) -> str:
        text = self.rng.choice(CRISIS_COMPLAINTS).format(p=self.rng.choice(PRODUCTS[vendor]))
        if _names_exactly(text, (vendor,)):
            return text
        return text + self.rng.choice(CONTEXT_TAILS[:2])  # " #AI" / " #LLM": AI context

    def _incident_spans(self, vendor: str, hour: datetime) -> list[tuple[datetime, datetime]]:
        """Parts of `hour` during which a non-maintenance incident of `vendor` runs."""
        end = hour + timedelta(hours=1)
        return [
            (max(hour, i.started_at), min(end, i.resolved_at or WINDOW_END))
            for i in self.plan
            if i.vendor == vendor
            and not i.is_maintenance
            and i.started_at < end
            and (i.resolved_at or WINDOW_END) > hour
        ]

    def crisis_reaction(self) -> None:
        """Complaints and outage reports about the failing vendor on days 0..+3 of its crisis."""
        vendor = REACTION_VENDOR
        days = reaction_days()
        ordinary = reaction_counts(self.drafts)
        for day in days:
            wanted = round(ordinary[day] * REACTION_SHARE / (1 - REACTION_SHARE))
            for _ in range(wanted):
                text = self._complaint_text(vendor)
                self._add(self._time_on(day), text, role="complaint", vendors=(vendor,))
        first = datetime(days[0].year, days[0].month, days[0].day, tzinfo=UTC)
        for offset in range(24 * len(days)):
            spans = self._incident_spans(vendor, first + timedelta(hours=offset))
            if not spans:
                continue
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            seconds = max(1, int((end - start).total_seconds()))
            for _ in range(self.rng.randint(1, REACTION_REPORTS_PER_HOUR)):
                at = start + timedelta(seconds=self.rng.randrange(seconds))
                text = self._down_text(vendor)
                self._add(at, text, role="crisis_report", vendors=(vendor,))

    def run(self) -> list[Draft]:
        """Plan every draft; sorted by time (ties by planning order)."""
        self.chatter()
        self.migrations()
        self.hard_negatives()
        self.crowd_bursts()
        self.defects()
        self.crisis_reaction()  # last: it reads how many posts name the vendor each day
        order = sorted(range(len(self.drafts)), key=lambda i: (self.drafts[i].at, i))
        return [self.drafts[i] for i in order]


def reaction_days() -> list[date]:
    """The UTC days of the planted reaction: days 0..+3 from CRISIS_START."""
    return [CRISIS_START + timedelta(days=d) for d in range(REACTION_DAYS)]


_ALIAS_RE = re.compile(vendor_table.ALIAS_PATTERN)


def names_vendor(text: str, vendor: str) -> bool:
    """True when `text` names `vendor` by any alias, as the pipeline tags social posts (their
    sources are AI communities and searches, so an ambiguous alias like "Claude" counts)."""
    return any(vendor_table.vendor_of_alias(m.group()) == vendor for m in _ALIAS_RE.finditer(text))


def reaction_counts(drafts: Sequence[Draft], *roles: str) -> Counter[date]:
    """Per reaction day, the drafts naming REACTION_VENDOR (`names_vendor`) whose role is one of
    `roles`; without roles, those that are not planted reaction posts."""
    days = set(reaction_days())
    counts: Counter[date] = Counter({day: 0 for day in days})
    for draft in drafts:  # a few hundred drafts a day, matched only on the reaction days
        day = draft.at.date()
        if day not in days:
            continue
        if (draft.role in roles) if roles else (draft.role not in REACTION_ROLES):
            counts[day] += names_vendor(draft.text, REACTION_VENDOR)
    return counts


def plan_posts(plan: Sequence[PlannedIncident], seed: int) -> tuple[list[Draft], list[Burst]]:
    """Plan every post of the social sample (sorted by time) and the crowd bursts among them."""
    planner = _Planner(plan, seed)
    return planner.run(), planner.bursts


__all__ = [
    "BASELINE_TONE",
    "COMPLAINT_TONE",
    "CRISIS_COMPLAINTS",
    "DEFECTS",
    "EXTRA",
    "PRODUCTS",
    "REACTION_REPORTS_PER_HOUR",
    "REACTION_ROLES",
    "REACTION_SHARE",
    "REACTION_VENDOR",
    "SENTIMENT_DROP",
    "WAVE_START",
    "Burst",
    "Draft",
    "names_vendor",
    "plan_posts",
    "reaction_counts",
    "reaction_days",
]
