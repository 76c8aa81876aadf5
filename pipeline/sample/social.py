"""Social part of the embedded sample: posts about AI assistants in four platforms' wire formats.

`build_social(plan, seed)` writes, for 2025-12-01 .. 2026-04-30, about 25,000 posts and
comments, one file per platform exactly in the shape its public API returns, plus a JSON Lines
file mixing the four item shapes:

- `social/hn.json`: an HN Algolia `search_by_date` response (`hits[]` of stories and comments);
- `social/reddit.json`: a Reddit Listing of `t3` submissions and `t1` comments;
- `social/bluesky.json`: an `app.bsky.feed.searchPosts` response (`posts[]`, no cursor);
- `social/mastodon.json`: a Mastodon array of statuses (hashtag timeline), newest first;
- `social/extra.jsonl`: one item per line, any of the four item shapes.

Texts come from sentence banks (coding help, opinions, prices, jokes, news reactions) and name
vendors by product ("ChatGPT", "Sonnet", "Le Chat", ...). Volume follows a daily rhythm (US
daytime peak) and a weekly one (quiet weekends); authors come from a per-platform pool in which
a few accounts are prolific.

Planted signals, recorded in the truth (post ids as the pipeline builds them,
'<platform>:<native id>': `hn:<objectID>`, `reddit:<id>`, `bluesky:<at:// uri>`,
`mastodon:<id>`):

- `migrations`: posts announcing a switch from one vendor to another: an OpenAI -> Anthropic
  wave from 3 March 2026 (peaking in its first days), an Anthropic -> OpenAI / Google backflow
  from 10 March while Claude's incidents pile up, and low background switching between all
  vendors. Each names exactly its two vendors (checked with `pipeline.core.vendors.match_vendors`).
- `hard_negatives`: look-alikes that are not migrations (questions, refusals, cancelled plans,
  comparisons, "I use both", hearsay, conditionals, migrations of databases, phones or cities).
- `crowd_bursts`: "is it down" bursts from many distinct authors over 2-5 hours that start
  30-120 minutes before a major/critical Anthropic or OpenAI incident of the status plan, plus
  one silent burst (no incident of any vendor within 6 hours). `expected_lead_minutes` is
  floor(burst start to the hour) - incident start, in minutes (negative: the crowd was first).
- `crisis_reaction`: the public's reaction to Anthropic's crisis on days 0..+3 of the event
  study (day 0 = 3 March 2026, its first major/critical incident): complaints (`complaint_posts`,
  their ids) added each day until they are about 45 % of the posts naming Anthropic
  (`complaint_share`, the mean of the daily shares), hence a planted drop of its daily mean
  social sentiment of `sentiment_drop` = complaint_share * (complaint_tone - baseline_tone),
  about -0.30 (tones on the project's scale, see `social_plan`); and `outage_reports` "is it
  down" posts, 1-2 an hour while one of its incidents runs (under the anomaly threshold).
- `bad_records`: a '[deleted]' Reddit comment, a '[removed]' Reddit submission, an HN hit with
  empty comment_text, a Bluesky post whose createdAt is 'not-a-date' and a Mastodon status with
  empty content.

Determinism: every choice comes from `random.Random(f"social-{seed}")` (planning, see
`social_plan`) and `random.Random(f"social-{seed}/render")` (ids and authors, see
`social_render`), never from the clock; the status and news parts of the sample do not change.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pipeline.sample.formats import iso_z
from pipeline.sample.plan import PlannedIncident
from pipeline.sample.social_plan import (
    BASELINE_TONE,
    COMPLAINT_TONE,
    DEFECTS,
    REACTION_ROLES,
    REACTION_VENDOR,
    Burst,
    Draft,
    plan_posts,
    reaction_counts,
    reaction_days,
)
from pipeline.sample.social_render import render_files, render_posts


@dataclass(slots=True, frozen=True)
class SocialSource:
    """A social source of the sample catalog."""

    name: str
    path: str  # relative to the catalog
    platform: str | None  # None: the JSON Lines file mixing platforms
    description: str


SOCIAL_SOURCES: tuple[SocialSource, ...] = (
    SocialSource("hn-claude", "social/hn.json", "hn", "Hacker News search (Algolia)"),
    SocialSource("reddit-ai", "social/reddit.json", "reddit", "Reddit AI subreddits (Listing)"),
    SocialSource("bluesky-ai", "social/bluesky.json", "bluesky", "Bluesky post search"),
    SocialSource("mastodon-ai", "social/mastodon.json", "mastodon", "Mastodon hashtag timeline"),
    SocialSource("social-extra", "social/extra.jsonl", None, "Mixed social items (JSON Lines)"),
)
SOURCE_OF_PLATFORM = {s.platform: s.name for s in SOCIAL_SOURCES if s.platform}


@dataclass(slots=True, frozen=True)
class SocialSample:
    """The social part of the sample: files (relative path -> bytes) and truth keys."""

    files: dict[str, bytes]
    truth: dict[str, object]
    counts: dict[str, int]


def _floor_hour(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


# --------------------------------------------------------------------------- truth


def reaction_truth(drafts: Sequence[Draft]) -> dict[str, object]:
    """The `crisis_reaction` truth key (see the module docstring)."""
    days = reaction_days()
    complaints = reaction_counts(drafts, "complaint")
    naming = reaction_counts(drafts) + reaction_counts(drafts, *REACTION_ROLES)
    share = sum(complaints[d] / max(1, naming[d]) for d in days) / len(days)
    return {
        "baseline_tone": BASELINE_TONE,
        "complaint_posts": sorted(d.post_id for d in drafts if d.role == "complaint"),
        "complaint_share": round(share, 4),
        "complaint_tone": COMPLAINT_TONE,
        "event_day": days[0].isoformat(),
        "first_day": days[0].isoformat(),
        "last_day": days[-1].isoformat(),
        "outage_reports": sum(d.role == "crisis_report" for d in drafts),
        "sentiment_drop": round(share * (COMPLAINT_TONE - BASELINE_TONE), 4),
        "vendor": REACTION_VENDOR,
    }


def social_truth(drafts: Sequence[Draft], bursts: Sequence[Burst]) -> dict[str, object]:
    """Truth keys of the social sample (see the module docstring)."""
    migrations = [
        {"from_vendor": d.vendors[0], "post_id": d.post_id, "to_vendor": d.vendors[1]}
        for d in drafts
        if d.role == "migration"
    ]
    negatives = sorted(d.post_id for d in drafts if d.role == "negative")
    crowd = []
    for index, burst in enumerate(bursts):
        members = [d for d in drafts if d.burst == index]
        lead = None
        if burst.incident is not None:
            delta = _floor_hour(burst.start) - burst.incident.started_at
            lead = int(delta.total_seconds() // 60)
        crowd.append(
            {
                "authors": len({d.author for d in members}),
                "end": iso_z(max(d.at for d in members)),
                "expected_lead_minutes": lead,
                "incident_id": burst.incident.incident_id if burst.incident else None,
                "posts": len(members),
                "start": iso_z(min(d.at for d in members)),
                "vendor": burst.vendor,
            }
        )
    crowd.sort(key=lambda b: (b["start"], b["vendor"]))
    bad = [
        {
            "reason": DEFECTS[d.defect][1],
            "record_ref": d.post_id,
            "source": SOURCE_OF_PLATFORM[d.platform],
        }
        for d in drafts
        if d.defect is not None
    ]
    return {
        "bad_records": sorted(bad, key=lambda b: (b["source"], b["record_ref"])),
        "crisis_reaction": reaction_truth(drafts),
        "crowd_bursts": crowd,
        "hard_negatives": negatives,
        "migrations": migrations,
    }


# --------------------------------------------------------------------------- public API


def build_social(plan: Sequence[PlannedIncident], seed: int) -> SocialSample:
    """Plan, render and describe the social sample for the status `plan` (deterministic)."""
    drafts, bursts = plan_posts(plan, seed)
    items = render_posts(drafts, seed)
    counts = {key: len(value) for key, value in sorted(items.items())}
    return SocialSample(render_files(items), social_truth(drafts, bursts), counts)


def merge_truth(truth: dict[str, object], social: dict[str, object]) -> None:
    """Add the social keys to the sample truth in place (bad_records merged, kept sorted)."""
    bad = [*truth["bad_records"], *social["bad_records"]]  # type: ignore[misc]
    truth["bad_records"] = sorted(bad, key=lambda b: (b["source"], b["record_ref"]))
    for key in ("crisis_reaction", "crowd_bursts", "hard_negatives", "migrations"):
        truth[key] = social[key]


def render_catalog_entries() -> str:
    """The social sources of catalog.yaml, to append to its `sources:` list."""
    lines = []
    for source in SOCIAL_SOURCES:
        lines += [
            f"  - name: {source.name}",
            "    kind: social",
            f"    url: {source.path}",
            f"    description: {json.dumps(source.description)}",
            "    format: auto",
        ]
    return "\n".join(lines) + "\n"


__all__ = [
    "SOCIAL_SOURCES",
    "SOURCE_OF_PLATFORM",
    "SocialSample",
    "build_social",
    "merge_truth",
    "render_catalog_entries",
    "social_truth",
]
