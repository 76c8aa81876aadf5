"""What the sample's news is made of: sources, outlets, stories, feed items and mirrored pages.

The records the news generator passes between its steps (`news_desk` and the story modules plan
`Story` objects with their `Draft`; `news_links` gives them URLs, feed items (`Copy`) and mirror
pages (`Page`); `news_feeds` and `news_pages` render them), the four news sources of the
catalog and the outlets whose pages live in the offline mirror.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pipeline.sample.texts import load_corpus

MIRROR_DIR = "pages"
TRACKING = "utm_source=rss&utm_medium=feed"
MIN_WORDS, MAX_WORDS = 300, 900

# A bank of templates: section (title, lede, quote...) -> sentences (see corpus/news_banks.yaml).
Bank = dict[str, tuple[str, ...]]


@dataclass(slots=True, frozen=True)
class NewsSource:
    """A news feed of the sample catalog."""

    name: str
    path: str  # relative to the catalog
    description: str


NEWS_SOURCES: tuple[NewsSource, ...] = (
    NewsSource("techwire-ai", "news/techwire/ai.rss", "TechWire AI category (WordPress RSS 2.0)"),
    NewsSource("aiwatch-news", "news/aiwatch/news.atom", "AIWatch news (Atom)"),
    NewsSource("anthropic-news", "news/anthropic/news.atom", "Anthropic news blog (Atom)"),
    NewsSource(
        "news-search",
        "news/search/anthropic-claude-chatgpt-gemini.rss",
        "News search for Anthropic OR Claude OR ChatGPT OR Gemini (RSS 2.0)",
    ),
)
TECHWIRE, AIWATCH, BLOG, SEARCH = (s.name for s in NEWS_SOURCES)


@dataclass(slots=True, frozen=True)
class Outlet:
    """A publication whose pages live in the mirror."""

    key: str
    name: str
    host: str
    feed: str  # the source carrying its own feed; SEARCH when only reached through search


OUTLETS: dict[str, Outlet] = {
    o.key: o
    for o in (
        Outlet("techwire", "TechWire", "techwire.example", TECHWIRE),
        Outlet("aiwatch", "AIWatch", "www.aiwatch.example", AIWATCH),
        Outlet("ledger", "The Daily Ledger", "www.dailyledger.example", SEARCH),
        Outlet("bytebeat", "ByteBeat", "bytebeat.example", SEARCH),
        Outlet("blog", "Anthropic", "anthropic.example", BLOG),
    )
}


@dataclass(slots=True, frozen=True)
class VendorText:
    """How stories name a vendor; every field contains one of its aliases."""

    company: str
    product: str
    app: str
    api: str
    coder: str | None
    models: tuple[str, ...]


_NAMES = load_corpus("news_names")
REPORTERS: dict[str, tuple[str, ...]] = _NAMES["reporters"]  # bylines per outlet
VENDOR_TEXT: dict[str, VendorText] = {
    vendor: VendorText(**fields) for vendor, fields in _NAMES["vendor_text"].items()
}


@dataclass(slots=True)
class Draft:
    """Headline, feed summary and body paragraphs of one story."""

    title: str
    summary: str
    paragraphs: list[str]


@dataclass(slots=True, frozen=True)
class Copy:
    """One feed item carrying a story."""

    source: str
    url: str  # the item link as published
    published: datetime
    title: str
    summary: str
    item_id: str
    author: str


@dataclass(slots=True)
class Page:
    """One article page of the mirror."""

    url: str
    outlet: str
    layout: str  # techwire | aiwatch | ledger | bytebeat | blog | amp | video | binary | nested
    title: str
    summary: str
    paragraphs: list[str]
    published: datetime
    author: str
    canonical: str
    section: str
    tags: tuple[str, ...]
    story: int
    credit: str | None = None


@dataclass(slots=True)
class Story:
    """One news story: its original page and every feed item that carries it."""

    key: int
    kind: str
    outlet: str
    published: datetime
    draft: Draft
    topics: tuple[str, ...]
    planned: tuple[str, ...]  # vendors the story was written about, lead first
    author: str
    section: str = "AI"
    page: str = "article"  # article | video | binary | nested
    bank: Bank | None = None
    ctx: dict[str, str] = field(default_factory=dict)
    url: str = ""
    copies: list[Copy] = field(default_factory=list)
    vendors: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The headline."""
        return self.draft.title

    @property
    def text(self) -> str:
        """The text the pipeline analyses: the page body, or the feed summary without one."""
        if self.page == "article":
            return "\n\n".join(self.draft.paragraphs)
        return self.draft.summary


class NewsPlanError(AssertionError):
    """A generated story does not say what it was planned to say (a bank bug)."""


__all__ = [
    "AIWATCH",
    "BLOG",
    "MAX_WORDS",
    "MIN_WORDS",
    "MIRROR_DIR",
    "NEWS_SOURCES",
    "OUTLETS",
    "REPORTERS",
    "SEARCH",
    "TECHWIRE",
    "TRACKING",
    "VENDOR_TEXT",
    "Bank",
    "Copy",
    "Draft",
    "NewsPlanError",
    "NewsSource",
    "Outlet",
    "Page",
    "Story",
    "VendorText",
]
