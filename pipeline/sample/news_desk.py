"""The news desk of the sample: the state every story planner shares, and the story ledger.

A `NewsDesk` holds the one seeded generator (`random.Random(f"news-{seed}")`) and template
writer of the news plan, the status history the coverage follows and the stories planned so
far. The story planners (`news_background`, `news_events`, `news_blog`) add stories through
`NewsDesk.add`, which checks that each says what it was planned to say: its vendors (lead
first, unambiguous by salience) and the marker words of its topics only.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from pipeline.sample.news_model import OUTLETS, REPORTERS, Bank, Draft, NewsPlanError, Story
from pipeline.sample.news_text import (
    TOPIC_MARKERS,
    Writer,
    month_day,
    salience_order,
    topics_in,
    typeset,
    vendors_in,
)
from pipeline.sample.plan import WINDOW_END, PlannedIncident

WINDOW_LAST = (WINDOW_END - timedelta(days=1)).date()


def weighted(rng: random.Random, weights: dict[str | None, float]) -> str | None:
    """One key of `weights`, drawn with its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def incident_minutes(item: PlannedIncident) -> int:
    """Duration of an incident in minutes (open ones run to the end of the window)."""
    end = item.resolved_at or WINDOW_END
    return int((end - item.started_at).total_seconds() // 60)


class NewsDesk:
    """Plans every story of the news sample from one seeded generator."""

    def __init__(self, plan: Sequence[PlannedIncident], seed: int) -> None:
        self.rng = random.Random(f"news-{seed}")
        self.writer = Writer(self.rng)
        self.history = sorted(
            (i for i in plan if i.in_truth and not i.is_maintenance),
            key=lambda i: (i.started_at, i.vendor, i.incident_id),
        )
        self.stories: list[Story] = []
        self.recent: list[tuple[datetime, str, str | None, str]] = []  # kind, lead, angle
        self.recent_orgs: list[str] = []

    def when(self, day: date, low: int = 12, high: int = 23) -> datetime:
        """A publication time on `day` between `low` and `high` o'clock UTC (before the end)."""
        at = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
            hours=self.rng.randint(low, high),
            minutes=self.rng.randint(0, 59),
            seconds=self.rng.randint(0, 59),
        )
        return min(at, WINDOW_END - timedelta(minutes=self.rng.randint(20, 90)))

    def outlet(self, weights: dict[str, float]) -> str:
        """An outlet key drawn with `weights`."""
        return str(weighted(self.rng, dict(weights)))

    def base_ctx(self, published: datetime, outlet: str) -> dict[str, str]:
        """Template fields every story has: outlet name, weekday and date of publication."""
        return {
            "outlet": OUTLETS[outlet].name,
            "weekday": f"{published:%A}",
            "date": month_day(published),
        }

    def add(
        self,
        kind: str,
        outlet: str,
        published: datetime,
        draft: Draft,
        topics: Iterable[str],
        planned: Iterable[str],
        *,
        bank: Bank | None = None,
        ctx: dict[str, str] | None = None,
        section: str = "AI",
        page: str = "article",
    ) -> Story:
        """Add a story (a byline drawn for its outlet) after checking what it says."""
        story = Story(
            key=len(self.stories),
            kind=kind,
            outlet=outlet,
            published=published,
            draft=draft,
            topics=tuple(sorted(topics)),
            planned=tuple(planned),
            author=self.rng.choice(REPORTERS[outlet]),
            section=section,
            page=page,
            bank=bank,
            ctx=dict(ctx or {}),
        )
        self._check(story)
        self.stories.append(story)
        return story

    def _check(self, story: Story) -> None:
        """The story names its planned vendors (lead first) and the words of its topics only."""
        found = vendors_in(story.title, story.text)
        if sorted(found) != sorted(story.planned) or (found and found[0] != story.planned[0]):
            raise NewsPlanError(f"vendors {found} != planned {story.planned}: {story.title}")
        if salience_order(story.title, story.text) != found:
            raise NewsPlanError(f"vendor order is ambiguous: {story.title}")
        text = f"{story.title}\n{story.text}"
        if topics_in(text) != sorted(story.topics, key=list(TOPIC_MARKERS).index):
            raise NewsPlanError(f"topics {topics_in(text)} != {story.topics}: {story.title}")
        story.vendors = tuple(found)

    def finish(self) -> list[Story]:
        """The stories in publication order, keyed by position, typeset for the print outlets."""
        self.stories.sort(key=lambda s: (s.published, s.key))
        for index, story in enumerate(self.stories):
            story.key = index  # pages refer to stories by their index in publication order
            if story.outlet in ("ledger", "bytebeat"):
                story.draft = typeset(story.draft)
        return self.stories


__all__ = ["WINDOW_LAST", "NewsDesk", "incident_minutes", "weighted"]
