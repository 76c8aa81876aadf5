"""News part of the embedded sample: feeds, an offline mirror of article pages, and their truth.

`build_news(plan, seed)` turns the planted status history (`pipeline.sample.plan.plan_scenario`)
into news coverage of 2025-12-01 .. 2026-04-30, written in real wire formats:

- four news sources (`NEWS_SOURCES`): TechWire's AI category feed (WordPress RSS 2.0),
  AIWatch (Atom, times with US offsets), Anthropic's news blog (Atom) and a news-search feed
  (RSS 2.0, Google-News style) whose links carry `?utm_source=rss&utm_medium=feed` or point
  at AMP renderings;
- an offline mirror `pages/<host>/<path>` (query and fragment ignored, '/' -> index.html,
  percent-decoded) holding every linked article page in its outlet's layout: TechWire
  (WordPress, JSON-LD, cookie banner, comments), AIWatch (article:published_time, local
  offsets), The Daily Ledger (legacy CMS in windows-1252), ByteBeat (no charset declared,
  UTF-8 bytes), Anthropic's blog, AMP renderings, a video page without usable text, and two
  hostile pages (binary garbage; ~1 MB of nested divs) that the pipeline must quarantine;
- truth: `articles` (one entry per story), `news_duplicates` (stories under more than one
  link), `news_daily` (see `compute_news_daily`; no tone) and the hostile pages as
  `bad_records` (source = the news source, record_ref = the item link as published).

The story: ordinary AI news from December to February (model releases, funding, pricing,
partnerships, regulation, security), a wave of ChatGPT users trying Claude in February, then
from 3 March 2026 a burst of outage coverage that follows Anthropic's planted incidents day by
day, and from mid-March stories of Claude users moving to ChatGPT or Gemini. Syndicated
copies (tracking parameters, AMP, another outlet's edited copy under its own headline with a
canonical link to the original) join their original story. Two decoys mention "Claude" (a
chef) and "Gemini" (a horoscope) outside any AI context.

Steps, one module each: `news_desk` (shared plan state, story checks), `news_background`,
`news_events` and `news_blog` (the stories), `news_links` (URLs, feed items, copies, pages),
`news_feeds` and `news_pages` (rendering), on `news_model` (records) and `news_text`
(templates, vendor and topic checks); this module runs them and computes the truth.

Determinism: every choice comes from `random.Random(f"news-{seed}")` (planning) and
`random.Random(f"news-{seed}/render")` (cosmetics), never from the clock; the status part of
the sample does not change. Truth definitions:

- `vendors`: slugs in order of first mention in the headline, then in the body (the text the
  pipeline analyses: the page's main text, or the feed summary when the page has none), as
  `pipeline.core.vendors.match_vendors` reads them; the generator checks they are the planned ones
  and keeps only stories whose order is the same by salience (`salience_order`: a headline
  mention weighs 3, the first vendor named +1, a body mention 1), so "most central first" is
  unambiguous. Stories of different events stay below 0.5 word-3-shingle TF-IDF cosine of
  each other; syndicated copies stay above 0.6 of their original.
- `topics`: the planned topics; the generator checks each story's text uses the marker words
  of exactly those topics (`TOPIC_MARKERS`) and of no other.
- `published_at`, `title`, `canonical_url`: those of the earliest copy (the original);
  feed and page give the same instant. `canonical_url` is normalized: https, no `www.`, no
  query, no trailing slash, no AMP marker.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from pipeline.sample import news_background, news_blog, news_events
from pipeline.sample.formats import iso_z
from pipeline.sample.news_desk import WINDOW_LAST, NewsDesk
from pipeline.sample.news_feeds import write_feeds
from pipeline.sample.news_links import link_stories, normalize_url
from pipeline.sample.news_model import MIRROR_DIR, NEWS_SOURCES, Page, Story
from pipeline.sample.news_pages import render_pages
from pipeline.sample.plan import VENDORS, WINDOW_START, PlannedIncident

MAX_ARTICLES = 1000
# Hostile pages: reason given in truth.json's bad_records.
HOSTILE_REASONS = {
    "binary": "article page is binary data, not HTML",
    "nested": "article page nests elements too deeply (hostile HTML)",
}


def _article_truth(story: Story) -> dict[str, object]:
    return {
        "canonical_url": normalize_url(story.url),
        "published_at": iso_z(story.published),
        "sources": sorted({c.source for c in story.copies}),
        "title": story.title,
        "topics": sorted(story.topics),
        "urls": sorted({c.url for c in story.copies}),
        "vendors": list(story.vendors),
    }


def compute_news_daily(articles: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """Expected `news_daily` rows (see sql/core/schema.sql), without tone_mean.

    One row per vendor and UTC day of the window; vendors are the status vendors of the
    sample plus every vendor some story mentions. A story counts on its publication day for
    every vendor it mentions; `lead_articles` when the vendor comes first; `sources` counts
    the distinct sources that carried those stories.
    """
    mentioned = {str(v) for a in articles for v in a["vendors"]}  # type: ignore[attr-defined]
    names = sorted(set(VENDORS) | mentioned)
    days = [
        WINDOW_START.date() + timedelta(days=n)
        for n in range((WINDOW_LAST - WINDOW_START.date()).days + 1)
    ]
    cells: dict[tuple[str, str], dict[str, object]] = {
        (v, d.isoformat()): {
            "articles": 0,
            "day": d.isoformat(),
            "lead_articles": 0,
            "migration_articles": 0,
            "outage_articles": 0,
            "sources": set(),
            "vendor": v,
        }
        for v in names
        for d in days
    }
    for article in articles:
        day = str(article["published_at"])[:10]
        vendor_list: list[str] = list(article["vendors"])  # type: ignore[call-overload]
        topics: list[str] = list(article["topics"])  # type: ignore[call-overload]
        for position, vendor in enumerate(vendor_list):
            cell = cells.get((vendor, day))
            if cell is None:
                continue
            cell["articles"] = int(cell["articles"]) + 1  # type: ignore[call-overload]
            cell["lead_articles"] = int(cell["lead_articles"]) + (position == 0)  # type: ignore[call-overload]
            cell["outage_articles"] = int(cell["outage_articles"]) + ("outage" in topics)  # type: ignore[call-overload]
            cell["migration_articles"] = int(cell["migration_articles"]) + (  # type: ignore[call-overload]
                "migration" in topics
            )
            cell["sources"].update(article["sources"])  # type: ignore[attr-defined]
    rows = []
    for key in sorted(cells):
        cell = dict(cells[key])
        cell["sources"] = len(cell["sources"])  # type: ignore[arg-type]
        rows.append(cell)
    return rows


def news_truth(stories: Sequence[Story]) -> dict[str, list[dict[str, object]]]:
    """Truth of the news sample: articles, duplicates, news_daily and the hostile pages."""
    ordered = sorted(stories, key=lambda s: (s.published, normalize_url(s.url)))
    articles = [_article_truth(s) for s in ordered]
    duplicates = [
        {"canonical_url": a["canonical_url"], "urls": a["urls"]}
        for a in articles
        if len(a["urls"]) > 1  # type: ignore[arg-type]
    ]
    bad = [
        {
            "reason": HOSTILE_REASONS[s.page],
            "record_ref": s.copies[0].url,
            "source": s.copies[0].source,
        }
        for s in ordered
        if s.page in HOSTILE_REASONS
    ]
    return {
        "articles": articles,
        "bad_records": bad,
        "news_daily": compute_news_daily(articles),
        "news_duplicates": duplicates,
    }


@dataclass(slots=True, frozen=True)
class NewsSample:
    """The news part of the sample: files (relative path -> bytes) and truth keys."""

    stories: tuple[Story, ...]
    pages: dict[str, Page]  # mirror path (relative to the mirror folder) -> page
    files: dict[str, bytes]
    truth: dict[str, list[dict[str, object]]]


def plan_news(plan: Sequence[PlannedIncident], seed: int) -> tuple[list[Story], dict[str, Page]]:
    """Plan the stories (and their pages) that cover the status history `plan`."""
    desk = NewsDesk(plan, seed)
    news_background.background(desk)
    news_events.vendor_outages(desk)
    news_events.crisis(desk)
    news_events.migrations(desk)
    news_blog.blog(desk)
    news_background.decoys(desk)
    news_background.specials(desk)
    stories = desk.finish()
    return stories, link_stories(stories, desk.rng, desk.writer)


def build_news(plan: Sequence[PlannedIncident], seed: int) -> NewsSample:
    """Plan, render and describe the news sample for `plan` (deterministic in `seed`)."""
    stories, pages = plan_news(plan, seed)
    files = render_pages(pages, stories, seed)
    files.update(write_feeds(stories))
    return NewsSample(tuple(stories), pages, files, news_truth(stories))


def merge_truth(status: dict[str, object], news: dict[str, list[dict[str, object]]]) -> None:
    """Add the news keys to the status truth in place (bad_records merged, kept sorted)."""
    bad = [*status["bad_records"], *news["bad_records"]]  # type: ignore[misc]
    status["bad_records"] = sorted(bad, key=lambda b: (b["source"], b["record_ref"]))
    status["articles"] = news["articles"]
    status["news_duplicates"] = news["news_duplicates"]
    status["news_daily"] = news["news_daily"]


def render_catalog_entries() -> str:
    """The news sources of catalog.yaml, to append to its `sources:` list."""
    lines = []
    for source in NEWS_SOURCES:
        lines += [
            f"  - name: {source.name}",
            "    kind: news",
            f"    url: {source.path}",
            f"    description: {json.dumps(source.description)}",
            "    fetch_articles: true",
            f"    max_articles: {MAX_ARTICLES}",
            f"    mirror: {MIRROR_DIR}",
            "    format: auto",
        ]
    return "\n".join(lines) + "\n"


__all__ = [
    "HOSTILE_REASONS",
    "MAX_ARTICLES",
    "NewsSample",
    "build_news",
    "compute_news_daily",
    "merge_truth",
    "news_truth",
    "plan_news",
    "render_catalog_entries",
]
