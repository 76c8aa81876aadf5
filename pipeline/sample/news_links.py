"""Where the sample's news stories appear: URLs, feed items, syndicated copies and mirror pages.

`link_stories(stories, rng, writer)` gives each planned story its URL on its outlet, then the
feed items that carry it (`Copy`) and the mirror pages (`Page`) they link to: the original,
copies with tracking parameters or AMP renderings found through news search, and other outlets'
edited rewrites under their own headlines with a canonical link to the original. It continues
the news plan's seeded generator and template writer, so it runs after every story is planned.
"""

from __future__ import annotations

import random
import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from urllib.parse import quote, unquote, urlsplit

from pipeline.sample.news_model import (
    AIWATCH,
    MIN_WORDS,
    OUTLETS,
    REPORTERS,
    SEARCH,
    TECHWIRE,
    TRACKING,
    VENDOR_TEXT,
    Copy,
    Draft,
    Page,
    Story,
)
from pipeline.sample.news_text import People, Writer, typeset, vendors_in, word_count
from pipeline.sample.plan import WINDOW_END
from pipeline.sample.texts import load_corpus

# A copy editor's word swaps in syndicated copies: (regular expression, replacement).
EDITS: tuple[tuple[str, str], ...] = load_corpus("news_pages")["edits"]


def link_stories(stories: Sequence[Story], rng: random.Random, writer: Writer) -> dict[str, Page]:
    """Give every story its URL and feed items; return the mirror pages by `page_key`."""
    links = _Syndicator(rng, writer)
    for story in stories:
        story.url = links.url(story.outlet, story.published, story.title, story.kind, story.page)
    links.post_ids += rng.randint(0, 900)
    for story in stories:
        links.syndicate(story)
    return links.pages


class _Syndicator:
    """URLs, feed items and pages of the stories, from the news plan's generator."""

    def __init__(self, rng: random.Random, writer: Writer) -> None:
        self.rng = rng
        self.writer = writer
        self.slugs: set[str] = set()
        self.pages: dict[str, Page] = {}
        self.post_ids = 2_931_000

    def url(self, outlet: str, at: datetime, title: str, kind: str, page: str) -> str:
        """A fresh, plausible URL for a page of `outlet`."""
        host = OUTLETS[outlet].host
        limit = 14 if outlet == "techwire" else 9
        base = title_slug(title, limit)
        slug, n = base, 1
        while f"{outlet}/{slug}" in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(f"{outlet}/{slug}")
        if outlet == "techwire":
            return f"https://{host}/{at:%Y/%m/%d}/{slug}/"
        if outlet == "aiwatch":
            folder = "video" if page == "video" else "news"
            return f"https://{host}/{folder}/{at:%Y/%m}/{slug}-{self.rng.randint(40000, 99999)}"
        if outlet == "ledger":
            if kind == "chef":
                name = "claude-marchetti-café-lumière-lyon-riverfront"
                return f"https://{host}/lifestyle/food/{at:%Y/%m/%d}/{quote(name)}.html"
            if kind == "horoscope":
                day = f"{at:%B}-{at.day}-{at.year}".lower()
                return f"https://{host}/lifestyle/horoscopes/gemini-daily-horoscope-{day}.html"
            return f"https://{host}/business/technology/{at:%Y/%m/%d}/{slug}.html"
        if outlet == "bytebeat":
            return f"https://{host}/p/{slug}"
        return f"https://{host}/news/{slug}"

    def _item_id(self, source: str, url: str, published: datetime) -> str:
        if source == TECHWIRE:
            self.post_ids += self.rng.randint(3, 40)
            return f"https://techwire.example/?p={self.post_ids}"
        if source == AIWATCH:
            return f"tag:aiwatch.example,{published:%Y-%m-%d}:{urlsplit(url).path}"
        if source == SEARCH:
            alphabet = string.ascii_letters + string.digits + "-_"
            return "CBMi" + "".join(self.rng.choice(alphabet) for _ in range(72))
        return url

    def _copy(
        self,
        story: Story,
        source: str,
        url: str,
        at: datetime,
        draft: Draft,
        author: str | None = None,
    ) -> None:
        item_id = self._item_id(source, url, at)
        author = author or story.author
        story.copies.append(Copy(source, url, at, draft.title, draft.summary, item_id, author))

    def _page(self, story: Story, url: str, outlet: str, layout: str, **changes: object) -> Page:
        page = Page(
            url=url,
            outlet=outlet,
            layout=layout,
            title=story.title,
            summary=story.draft.summary,
            paragraphs=list(story.draft.paragraphs),
            published=story.published,
            author=story.author,
            canonical=story.url,
            section=story.section,
            tags=story_tags(story),
            story=story.key,
        )
        page = replace(page, **changes)
        self.pages[page_key(url)] = page
        return page

    def syndicate(self, story: Story) -> None:
        """The original item and page, then tracking/AMP copies and other outlets' rewrites."""
        rng = self.rng
        feed = OUTLETS[story.outlet].feed
        layout = story.page if story.page != "article" else story.outlet
        self._page(story, story.url, story.outlet, layout)
        link = story.url
        if feed == SEARCH and rng.random() < 0.6:
            link = f"{story.url}?{TRACKING}"
        self._copy(story, feed, link, story.published, story.draft)
        if story.page != "article" or story.kind in ("chef", "horoscope"):
            return
        searchable = bool({"anthropic", "openai", "google"} & set(story.vendors))
        anchor = story.kind == "anchor"
        if story.outlet == "blog":
            if searchable and rng.random() < 0.35:
                self._copy(story, SEARCH, story.url, story.published, story.draft)
            return
        if story.outlet in ("techwire", "aiwatch") and searchable:
            roll = rng.random()
            if anchor or roll < 0.28:
                link = f"{story.url}?{TRACKING}"
                self._copy(story, SEARCH, link, story.published, story.draft)
            elif roll < 0.42:
                amp = amp_url(story.url)
                self._page(story, amp, story.outlet, "amp")
                self._copy(story, SEARCH, amp, story.published, story.draft)
        if story.outlet not in ("techwire", "aiwatch") or story.bank is None:
            return
        if searchable and (anchor or rng.random() < 0.1):
            self.rewrite(story, "ledger", SEARCH)
        if searchable and rng.random() < 0.05:
            self.rewrite(story, "bytebeat", SEARCH)
        if story.outlet == "techwire" and (anchor or rng.random() < 0.06):
            self.rewrite(story, "aiwatch", AIWATCH)

    def rewrite(self, story: Story, outlet: str, source: str) -> None:
        """Another outlet runs an edited copy under its own headline, canonical -> original."""
        rng = self.rng
        published = story.published + timedelta(
            minutes=rng.randint(50, 1500), seconds=rng.randint(0, 59)
        )
        if published >= WINDOW_END - timedelta(minutes=10) or story.bank is None:
            return
        people = People(rng)
        title = story.title
        for _ in range(8):
            candidate = self.writer.paragraph(story.bank["title"], story.ctx, people, 1, set())
            lead = vendors_in(candidate, story.text)[:1]
            if candidate != story.title and lead == list(story.vendors[:1]):
                title = candidate
                break
        if title == story.title:
            title = f"Report: {story.title}"
        paragraphs = _edit(story.draft.paragraphs, rng)
        credit = {
            "ledger": f"This story originally appeared on {OUTLETS[story.outlet].name} and is "
            "republished here with permission.",
            "bytebeat": f"Originally published by {OUTLETS[story.outlet].name}.",
            "aiwatch": f"This article first ran on {OUTLETS[story.outlet].name} and appears here "
            "through a syndication arrangement.",
        }[outlet]
        draft = Draft(title, paragraphs[0].split(". ")[0].rstrip(".") + ".", paragraphs)
        if outlet in ("ledger", "bytebeat"):
            draft = typeset(draft)
        url = self.url(outlet, published, draft.title, story.kind, "article")
        own = url
        author = rng.choice(REPORTERS[outlet])
        self._page(
            story,
            url,
            outlet,
            outlet,
            title=draft.title,
            summary=draft.summary,
            paragraphs=list(draft.paragraphs),
            published=published,
            author=author,
            credit=credit,
        )
        link = f"{own}?{TRACKING}" if source == SEARCH and rng.random() < 0.5 else own
        self._copy(story, source, link, published, draft, author)


def _edit(paragraphs: Sequence[str], rng: random.Random) -> list[str]:
    """A copy editor's pass: a few words swapped, one middle paragraph cut."""
    out = list(paragraphs)
    if len(out) >= 6:
        cut = rng.randrange(2, len(out) - 1)
        if word_count(" ".join(out[:cut] + out[cut + 1 :])) >= MIN_WORDS:
            del out[cut]
    edited = []
    for text in out:
        for pattern, replacement in rng.sample(EDITS, 3):
            if rng.random() < 0.6:
                text = re.sub(pattern, replacement, text)
        edited.append(text)
    return edited


def title_slug(title: str, limit: int) -> str:
    """URL slug of a title: its first `limit` ASCII-folded, lower-case words."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(
        r"[a-z0-9]+", folded.lower().replace("'", "").replace("\N{RIGHT SINGLE QUOTATION MARK}", "")
    )
    return "-".join(words[:limit]) or "story"


def amp_url(url: str) -> str:
    """The AMP rendering of a page: WordPress appends amp/, AIWatch prefixes /amp."""
    parts = urlsplit(url)
    if url.endswith("/"):
        return url + "amp/"
    return f"{parts.scheme}://{parts.netloc}/amp{parts.path}"


def page_key(url: str) -> str:
    """The mirror file of a URL, relative to the mirror folder (as ingest.articles.mirror_path)."""
    parts = urlsplit(url)
    path = unquote(parts.path or "/")
    if path.endswith("/"):
        path += "index.html"
    return f"{parts.hostname}/{path.lstrip('/')}"


def normalize_url(url: str) -> str:
    """Canonical form of a story URL: https, no www., no query/fragment/AMP, no trailing '/'."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path
    if path.startswith("/amp/"):
        path = path[len("/amp") :]
    path = path.removesuffix("/").removesuffix("/amp")
    return f"https://{host}{path}"


def story_tags(story: Story) -> tuple[str, ...]:
    """Tags of a story's pages and feed items: 'AI', its vendors' names, its topics' labels."""
    if story.kind == "chef":
        return ("Food", "Restaurants", "Reviews")
    if story.kind == "horoscope":
        return ("Horoscopes", "Gemini")
    names = [VENDOR_TEXT[v].company for v in story.vendors]
    labels = {
        "outage": "Outages",
        "migration": "Chatbots",
        "pricing": "Pricing",
        "model_release": "AI models",
        "funding": "Funding",
        "regulation": "Policy",
        "security": "Security",
        "partnership": "Enterprise",
    }
    return ("AI", *names, *(labels[t] for t in story.topics))


__all__ = ["amp_url", "link_stories", "normalize_url", "page_key", "story_tags", "title_slug"]
