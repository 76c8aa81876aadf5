"""Typed records that cross stage boundaries (catalog -> ingest -> parse -> load)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

SOURCE_KINDS = ("status", "news", "social")
IMPACTS = ("none", "minor", "major", "critical", "maintenance")
UPDATE_STATUSES = (
    "investigating",
    "identified",
    "monitoring",
    "update",
    "resolved",
    "postmortem",
    "scheduled",
    "in_progress",
    "verifying",
    "completed",
)


@dataclass(slots=True, frozen=True)
class Source:
    """One entry of the source catalog.

    `url` is as written in the catalog; `base_dir` is the catalog's folder, against which
    relative paths resolve. `match`, when set, keeps only the incidents whose title,
    components or updates mention one of its terms (for feeds covering a whole cloud).
    News sources: `fetch_articles` fetches each item's page (at most `max_articles` new pages
    per run); `mirror` (a folder, relative to the catalog) serves those pages offline, laid out
    as `<host>/<path>` like a web mirror. `timeout` (seconds, the deadline of one request) and
    `max_bytes` (decoded payload cap) override the fetcher's defaults when set.
    """

    name: str
    kind: str
    url: str
    vendor: str | None = None
    format: str = "auto"
    base_dir: Path | None = None
    match: tuple[str, ...] = ()
    fetch_articles: bool = False
    max_articles: int = 50
    mirror: str | None = None
    timeout: float | None = None
    max_bytes: int | None = None


@dataclass(slots=True, frozen=True)
class Quarantined:
    """A record (or whole payload, record_ref 'payload') that could not be used, and why."""

    source: str
    record_ref: str
    reason: str


@dataclass(slots=True, frozen=True)
class IncidentObservation:
    """What one feed says about one incident (several feeds may describe the same incident).

    `incident_id` is the vendor's incident code (the last path segment of the incident URL,
    equal to the `id` of Statuspage JSON), so observations from several feeds of a vendor join.
    `has_history` is False when the feed carries only the latest update (incident.io Atom), so
    `started_at` is only a lower-quality guess and a JSON observation should win.
    """

    vendor: str
    incident_id: str
    title: str
    impact: str | None
    impact_inferred: bool
    is_maintenance: bool
    started_at: datetime | None
    resolved_at: datetime | None
    status: str | None
    components: tuple[str, ...]
    url: str | None
    source: str
    format: str
    observed_at: datetime | None
    has_history: bool = True


@dataclass(slots=True, frozen=True)
class UpdateObservation:
    """One status update of an incident as published by one feed."""

    vendor: str
    incident_id: str
    status: str
    posted_at: datetime
    body: str
    source: str
    format: str


@dataclass(slots=True)
class ParseResult:
    """Everything parsed from one payload: usable records and quarantined ones."""

    format: str
    incidents: list[IncidentObservation] = field(default_factory=list)
    updates: list[UpdateObservation] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    # How an RSS/Atom payload was read (pipeline.parse.xml_feed.read_feed); not compared.
    is_lenient: bool = field(default=False, compare=False)
    encoding: str | None = field(default=None, compare=False)

    @property
    def records(self) -> int:
        """Records seen in the payload (usable incidents plus quarantined records)."""
        return len(self.incidents) + len(self.quarantined)


# Wire formats of status payloads; a catalog entry's `format` is one of these or 'auto'.
STATUS_FORMATS = (
    "statuspage_atom",  # Atlassian Statuspage history.atom
    "statuspage_rss",  # Atlassian Statuspage history.rss
    "statuspage_json",  # Statuspage API v2 incidents.json (also incident.io's compatible copy)
    "incidentio_atom",  # incident.io-hosted status page Atom (latest update only)
    "instatus_atom",  # Instatus-hosted status page Atom
    "xai_rss",  # status.x.ai feed.xml
    "gcloud_json",  # status.cloud.google.com incidents.json
    "generic_feed",  # any other RSS 2.0 / Atom feed of incidents (AWS Health, Azure)
)


# --- news -----------------------------------------------------------------------------------

NEWS_FORMATS = ("rss", "atom")  # news feeds; article pages are always HTML
TOPICS = (
    "outage",
    "migration",
    "pricing",
    "model_release",
    "funding",
    "regulation",
    "security",
    "partnership",
)


@dataclass(slots=True, frozen=True)
class NewsItem:
    """One item of a news RSS/Atom feed (text fields are plain text, HTML removed).

    `item_id` is the item's guid/id, else its link; `url` is the link as published (it may
    carry tracking parameters or be a redirect; the page's canonical URL comes later).
    """

    source: str
    item_id: str
    url: str
    title: str
    summary: str
    published_at: datetime | None
    author: str | None
    categories: tuple[str, ...]
    language: str | None


@dataclass(slots=True, frozen=True)
class ArticlePage:
    """What was extracted from one article HTML page.

    `text` is the main text ('' when the page had no usable text: the feed summary is used
    then). `encoding` is the character set the page was decoded with.
    """

    url: str
    canonical_url: str | None
    title: str | None
    published_at: datetime | None
    author: str | None
    text: str
    language: str | None
    encoding: str


@dataclass(slots=True)
class NewsParseResult:
    """Items parsed from one news feed payload, and the records quarantined."""

    format: str
    items: list[NewsItem] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    # How the payload was read (pipeline.parse.xml_feed.read_feed); not compared.
    is_lenient: bool = field(default=False, compare=False)
    encoding: str | None = field(default=None, compare=False)


# --- social ---------------------------------------------------------------------------------

SOCIAL_FORMATS = ("hn_algolia", "reddit", "bluesky", "mastodon", "jsonl")
PLATFORMS = ("hn", "reddit", "bluesky", "mastodon")


@dataclass(slots=True, frozen=True)
class Post:
    """One social post or comment, text cleaned to plain text.

    `post_id` is '<platform>:<native id>' (stable across runs and sources); `thread_id` is
    the story/submission/root the post belongs to (None for a top-level post).
    """

    post_id: str
    platform: str
    native_id: str
    created_at: datetime
    author: str | None
    text: str
    url: str | None
    language: str | None
    kind: str  # story | comment | post
    thread_id: str | None
    score: int | None
    source: str


@dataclass(slots=True)
class SocialParseResult:
    """Posts of one social payload (one page), quarantined records and the paging state.

    `next_cursor` continues to the next (older) page when the platform pages by cursor
    (Reddit `after`, Bluesky `cursor`, Mastodon oldest id, HN page number); `newest` is the
    newest native id/time seen, from which the next run continues incrementally.
    """

    format: str
    posts: list[Post] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    next_cursor: str | None = None
    newest: str | None = None
