"""The news part of the embedded sample: feeds, mirror pages and a truth that agree."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from pipeline.core import vendors
from pipeline.core.catalog import load_catalog
from pipeline.core.models import TOPICS
from pipeline.ingest.articles import mirror_path
from pipeline.sample import news as sample_news
from pipeline.sample.news_links import normalize_url
from pipeline.sample.news_model import MIRROR_DIR, NEWS_SOURCES, Story
from pipeline.sample.news_text import TOPIC_MARKERS, salience_order, topics_in, vendors_in
from pipeline.sample.plan import (
    DEFAULT_SEED,
    VENDORS,
    WINDOW_END,
    WINDOW_START,
    plan_scenario,
)
from pipeline.sample.status_feeds import SOURCES, render_feeds
from pipeline.sample.status_truth import build_truth

ATOM = "{http://www.w3.org/2005/Atom}"
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
NEWS_NAMES = {s.name for s in NEWS_SOURCES}
PUBLISHED = re.compile(
    r'article:published_time" content="([^"]+)"|"datePublished": "([^"]+)"', re.IGNORECASE
)


@pytest.fixture(scope="module")
def news(plan) -> sample_news.NewsSample:
    return sample_news.build_news(plan, DEFAULT_SEED)


@pytest.fixture(scope="module")
def items(out: Path) -> list[dict]:
    """Every item of every news feed: source, link, title, summary, published."""
    found = []
    for source in NEWS_SOURCES:
        root = etree.fromstring((out / source.path).read_bytes())
        if root.tag == "rss":
            for item in root.iter("item"):
                found.append(
                    {
                        "source": source.name,
                        "url": item.findtext("link"),
                        "title": item.findtext("title"),
                        "summary": _plain(item.findtext("description")),
                        "published": parsedate_to_datetime(item.findtext("pubDate")),
                    }
                )
        else:
            for entry in root.iter(f"{ATOM}entry"):
                found.append(
                    {
                        "source": source.name,
                        "url": entry.find(f"{ATOM}link").get("href"),
                        "title": entry.findtext(f"{ATOM}title"),
                        "summary": _plain(entry.findtext(f"{ATOM}summary")),
                        "published": datetime.fromisoformat(entry.findtext(f"{ATOM}published")),
                    }
                )
    return found


def _plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup or "").strip()


def _page(out: Path, url: str) -> Path:
    path = mirror_path(out / MIRROR_DIR, url)
    assert path is not None
    return path


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _story_by_title(news: sample_news.NewsSample, fragment: str) -> Story:
    return next(s for s in news.stories if fragment in s.title)


# --------------------------------------------------------------------------- determinism


def test_news_files_are_deterministic_and_follow_the_seed(plan, news):
    again = sample_news.build_news(plan, DEFAULT_SEED)
    assert again.files.keys() == news.files.keys()
    assert all(again.files[k] == v for k, v in news.files.items())
    assert again.truth == news.truth
    other = sample_news.build_news(plan_scenario(7), 7)
    digest = hashlib.sha256(b"".join(news.files[p.path] for p in NEWS_SOURCES))
    digest_other = hashlib.sha256(b"".join(other.files[p.path] for p in NEWS_SOURCES))
    assert digest.hexdigest() != digest_other.hexdigest()


def test_status_part_of_the_sample_is_unchanged(out: Path, truth: dict, plan):
    """News uses its own generator: status feeds and status truth are what they were."""
    for relative, text in render_feeds(plan, DEFAULT_SEED).items():
        assert (out / relative).read_bytes() == text.encode("utf-8"), relative
    status = build_truth(plan)
    for key in ("window", "incidents", "outage_daily"):
        assert truth[key] == status[key]
    status_names = {name for name, _, _ in SOURCES}  # social bad records: own tests
    kept = [b for b in truth["bad_records"] if b["source"] in status_names]
    assert kept == status["bad_records"]


# --------------------------------------------------------------------------- catalog, feeds, mirror


def test_catalog_lists_the_news_sources_after_the_status_ones(out: Path):
    catalog = load_catalog(out / "catalog.yaml")
    kinds = [s.kind for s in catalog.sources]
    assert kinds == sorted(kinds, key=lambda k: k != "status")  # status first, then news
    news = {s.name: s for s in catalog.sources if s.kind == "news"}
    assert set(news) == NEWS_NAMES
    for source in news.values():
        assert source.fetch_articles and source.max_articles == 1000
        assert source.mirror == "pages" and (out / "pages").is_dir()
        assert (out / source.url).is_file()
    assert (out / "catalog.yaml").read_text().rstrip().endswith("format: auto")


def test_feeds_are_well_formed_rss_and_atom(out: Path):
    roots = {s.name: etree.fromstring((out / s.path).read_bytes()) for s in NEWS_SOURCES}
    assert roots["techwire-ai"].tag == "rss" and roots["techwire-ai"].get("version") == "2.0"
    assert roots["news-search"].tag == "rss"
    assert roots["aiwatch-news"].tag == f"{ATOM}feed"
    assert roots["anthropic-news"].tag == f"{ATOM}feed"


def test_items_have_short_summaries_and_realistic_links(items: list[dict]):
    assert len(items) > 250
    closing, opening = (
        "\N{RIGHT SINGLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}",
        ("\N{LEFT SINGLE QUOTATION MARK}\N{LEFT DOUBLE QUOTATION MARK}"),
    )
    sentence_end = re.compile(rf"[.!?][{closing}'\"]?(?=\s+[A-Z{opening}'\"]|$)")
    for item in items:
        assert item["title"] and item["published"].tzinfo is not None
        assert 1 <= len(sentence_end.findall(item["summary"])) <= 2, item["summary"]
        parts = urlsplit(item["url"])
        assert parts.scheme == "https" and parts.hostname.endswith(".example"), item["url"]
    search = [i["url"] for i in items if i["source"] == "news-search"]
    assert sum("?utm_source=rss&utm_medium=feed" in u for u in search) >= 20
    assert any("/amp/" in u or u.endswith("/amp/") for u in search)
    assert any("%C3%A9" in i["url"] for i in items)  # a percent-encoded path


def test_every_item_link_has_its_page_in_the_mirror(out: Path, items: list[dict]):
    for item in items:
        assert _page(out, item["url"]).is_file(), item["url"]


def test_feed_and_page_give_the_same_publication_time(out: Path, items: list[dict]):
    checked = 0
    for item in items:
        data = _page(out, item["url"]).read_bytes()
        if b"\x00" in data or len(data) > 500_000:
            continue  # hostile pages
        match = PUBLISHED.search(data.decode("cp1252" if b"windows-1252" in data else "utf-8"))
        assert match, item["url"]
        assert _ts(match.group(1) or match.group(2)) == item["published"], item["url"]
        checked += 1
    assert checked >= len(items) - 3


def test_article_layouts_differ(out: Path):
    pages = out / "pages"
    markers = {
        "techwire.example": b'id="cmp-banner"',
        "www.aiwatch.example": b'class="share-bar"',
        "www.dailyledger.example": b'id="eu-cookie-notice"',
        "bytebeat.example": b'class="subscription-widget"',
        "anthropic.example": b'class="post-body"',
    }
    for host, marker in markers.items():
        files = [
            p
            for p in (pages / host).rglob("*")
            if p.is_file() and "amp" not in p.relative_to(pages).parts
        ]
        # all but the hostile pages and the video page carry the outlet's furniture
        assert files and sum(marker in p.read_bytes() for p in files) >= len(files) - 2, host
    amp = [p for p in pages.rglob("*") if p.is_file() and "amp" in p.relative_to(pages).parts]
    assert amp and all('<html ⚡ lang="en">' in p.read_text(encoding="utf-8") for p in amp)


# --------------------------------------------------------------------------- charsets, hostile


def test_windows_1252_page_decodes_to_the_expected_text(out: Path, truth: dict):
    chef = next(a for a in truth["articles"] if "Claude Marchetti" in a["title"])
    data = _page(out, chef["urls"][0]).read_bytes()
    assert b"<meta charset=windows-1252>" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("cp1252")
    assert f"<h1>{chef['title']}</h1>" in text
    typographic = "\N{RIGHT SINGLE QUOTATION MARK}\N{LEFT DOUBLE QUOTATION MARK}"
    for char in typographic + "\N{RIGHT DOUBLE QUOTATION MARK}é":
        assert char in text
    assert "\N{RIGHT SINGLE QUOTATION MARK}" in chef["title"]
    quoted = "\N{LEFT DOUBLE QUOTATION MARK}Good cooking starts with good shopping,"
    assert "crème brûlée" in text and quoted in text


def test_a_page_without_charset_declaration_is_utf8(out: Path):
    pages = [p for p in (out / "pages" / "bytebeat.example").rglob("*") if p.is_file()]
    assert pages
    for path in pages:
        data = path.read_bytes()
        assert b"charset" not in data.lower()
        text = data.decode("utf-8")
        assert any(ord(c) > 127 for c in text)


def test_hostile_pages_are_quarantined_but_their_stories_remain(out: Path, truth: dict):
    hostile = [b for b in truth["bad_records"] if b["source"] in NEWS_NAMES]
    assert {b["reason"] for b in hostile} == set(sample_news.HOSTILE_REASONS.values())
    by_url = {u: a for a in truth["articles"] for u in a["urls"]}
    for bad in hostile:
        article = by_url[bad["record_ref"]]
        assert article["sources"] == [bad["source"]] and article["urls"] == [bad["record_ref"]]
        assert article["canonical_url"] == normalize_url(bad["record_ref"])
        assert article["vendors"] and article["topics"]  # from the feed summary alone
        data = _page(out, bad["record_ref"]).read_bytes()
        if "binary" in bad["reason"]:
            assert data.startswith(b"\x1f\x8b") and b"\x00" in data
        else:
            assert 900_000 < len(data) < 1_200_000 and data.count(b"<div>") > 90_000


def test_video_page_has_no_usable_text(out: Path, news):
    story = next(s for s in news.stories if s.page == "video")
    text = _page(out, story.url).read_text(encoding="utf-8")
    body = text.split('<article id="story"', 1)[1].split("</article>", 1)[0]
    assert "<video" in body and "<p>" not in body
    assert len(re.sub(r"<[^>]+>", " ", body).split()) < 40
    assert story.text == story.draft.summary  # the story is analysed from the feed summary


# --------------------------------------------------------------------------- truth


def test_truth_articles_have_the_required_shape(truth: dict, items: list[dict]):
    articles = truth["articles"]
    assert 150 <= len(articles) <= 300
    keys = {"canonical_url", "title", "published_at", "vendors", "topics", "sources", "urls"}
    canonical = [a["canonical_url"] for a in articles]
    assert len(set(canonical)) == len(canonical)
    for a in articles:
        assert set(a) == keys
        assert STAMP.fullmatch(a["published_at"])
        assert WINDOW_START <= _ts(a["published_at"]) < WINDOW_END
        assert a["topics"] == sorted(set(a["topics"])) and set(a["topics"]) <= set(TOPICS)
        assert len(set(a["vendors"])) == len(a["vendors"])
        assert set(a["vendors"]) <= set(vendors.VENDORS)
        assert a["sources"] == sorted(set(a["sources"])) and set(a["sources"]) <= NEWS_NAMES
        assert a["urls"] == sorted(set(a["urls"]))
        url = urlsplit(a["canonical_url"])
        assert url.scheme == "https" and not url.hostname.startswith("www.")
        assert not url.query and not url.path.endswith("/") and "/amp" not in url.path
    # Articles partition the feed items: every item belongs to exactly one story.
    owner = Counter((s, u) for a in articles for s in a["sources"] for u in a["urls"])
    for item in items:
        assert owner[(item["source"], item["url"])] >= 1, item["url"]
    assert sum(len(a["urls"]) for a in articles) == len({i["url"] for i in items})
    earliest = {a["canonical_url"]: _ts(a["published_at"]) for a in articles}
    by_url = {u: a["canonical_url"] for a in articles for u in a["urls"]}
    for item in items:
        assert item["published"] >= earliest[by_url[item["url"]]]


def test_vendors_and_topics_come_from_the_analysed_text(news):
    topics = {a["canonical_url"]: a for a in news.truth["articles"]}
    multi = 0
    for story in news.stories:
        article = topics[normalize_url(story.url)]
        assert article["title"] == story.title
        assert vendors_in(story.title, story.text) == article["vendors"]
        # most central first, whether read by first mention or by salience
        assert salience_order(story.title, story.text) == article["vendors"]
        assert topics_in(f"{story.title}\n{story.text}") == [
            t for t in TOPIC_MARKERS if t in article["topics"]
        ]
        if story.page == "article":
            words = len(story.text.split())
            assert 300 <= words <= 900, (words, story.title)
            assert story.draft.paragraphs[0].startswith(story.draft.summary)
        if len(article["vendors"]) > 1:
            multi += 1
            lead = vendors.vendor_of_alias(re.search(vendors.ALIAS_PATTERN, story.title)[0])
            assert lead == article["vendors"][0], story.title
    assert multi >= 30


def test_duplicates_are_copies_of_one_story_under_different_urls(out: Path, truth: dict):
    dups = truth["news_duplicates"]
    expected = [
        {"canonical_url": a["canonical_url"], "urls": a["urls"]}
        for a in truth["articles"]
        if len(a["urls"]) > 1
    ]
    assert dups == expected and len(dups) >= 25
    kinds = Counter()
    for dup in dups:
        hosts = {urlsplit(u).hostname for u in dup["urls"]}
        for url in dup["urls"]:
            page = _page(out, url).read_bytes()
            text = page.decode("cp1252" if b"windows-1252" in page else "utf-8")
            declared = re.search(r'<link rel="canonical" href="([^"]+)"', text).group(1)
            assert normalize_url(declared) == dup["canonical_url"], url
        kinds["tracking"] += any("utm_source=" in u for u in dup["urls"])
        kinds["amp"] += any("/amp/" in u for u in dup["urls"])
        kinds["other outlet"] += len(hosts) > 1
    assert kinds["tracking"] >= 10 and kinds["amp"] >= 3 and kinds["other outlet"] >= 10
    three = [a for a in truth["articles"] if len(a["sources"]) >= 3]
    assert three


def test_syndicated_copies_are_near_duplicates_and_stories_are_not(news):
    """Word 3-shingle TF-IDF cosine (like pipeline.enrich.dedup): copies >= 0.6, stories < 0.5."""
    texts, owners, times = [], [], []
    for page in news.pages.values():
        if page.layout in ("binary", "nested", "video", "amp"):
            continue
        texts.append(" ".join(page.paragraphs))
        owners.append(page.story)
        times.append(page.published)
    shingles = []
    for text in texts:
        words = re.findall(r"\w+", text.lower())
        shingles.append({" ".join(words[i : i + 3]) for i in range(len(words) - 2)})
    df = Counter(s for doc in shingles for s in doc)
    n = len(texts)
    vectors = []
    for doc in shingles:
        weights = {s: math.log((1 + n) / (1 + df[s])) + 1 for s in doc}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({s: w / norm for s, w in weights.items()})
    same, different = [], []
    for i in range(n):
        for j in range(i + 1, n):
            if abs(times[i] - times[j]) > timedelta(days=7):
                continue
            a, b = sorted((vectors[i], vectors[j]), key=len)
            cosine = sum(w * b.get(s, 0.0) for s, w in a.items())
            (same if owners[i] == owners[j] else different).append(cosine)
    assert same and min(same) >= 0.6
    assert max(different) < 0.5


def test_news_daily_counts_stories_per_vendor_and_day(truth: dict):
    rows = truth["news_daily"]
    names = {r["vendor"] for r in rows}
    assert set(VENDORS) <= names
    assert {v for a in truth["articles"] for v in a["vendors"]} <= names
    assert len(rows) == len(names) * 151
    assert len({(r["vendor"], r["day"]) for r in rows}) == len(rows)
    for vendor in names:
        mine = [a for a in truth["articles"] if vendor in a["vendors"]]
        got = [r for r in rows if r["vendor"] == vendor]
        assert sum(r["articles"] for r in got) == len(mine)
        assert sum(r["lead_articles"] for r in got) == sum(a["vendors"][0] == vendor for a in mine)
        outage = sum("outage" in a["topics"] for a in mine)
        assert sum(r["outage_articles"] for r in got) == outage
    for r in rows:
        assert 0 <= r["outage_articles"] <= r["articles"] and r["sources"] <= len(NEWS_NAMES)
        assert (r["sources"] == 0) == (r["articles"] == 0)


# --------------------------------------------------------------------------- the story told


def test_march_2026_burst_of_anthropic_outage_coverage(truth: dict):
    per_day = Counter(
        a["published_at"][:10]
        for a in truth["articles"]
        if "outage" in a["topics"] and a["vendors"][:1] == ["anthropic"]
    )
    before = sum(n for d, n in per_day.items() if d < "2026-03-01") / 90
    march = sum(n for d, n in per_day.items() if "2026-03-03" <= d <= "2026-03-31") / 29
    assert march >= 1.5 and march > 20 * max(before, 0.01)
    peak = date(2026, 3, 10).isoformat()
    assert per_day[peak] >= 3  # the long outage of 10 March
    assert all("outage" not in a["topics"] or a["vendors"] for a in truth["articles"])


def test_migration_stories_change_direction(truth: dict):
    migration = [a for a in truth["articles"] if "migration" in a["topics"]]
    toward = [a for a in migration if a["published_at"] < "2026-03-10"]
    away = [a for a in migration if a["published_at"] >= "2026-03-10"]
    assert len(toward) >= 3 and len(away) >= 5
    assert all(set(a["vendors"]) == {"openai", "anthropic"} for a in toward)
    assert all("anthropic" in a["vendors"] and len(a["vendors"]) >= 2 for a in away)
    assert any("google" in a["vendors"] for a in away)
    assert all("outage" in a["topics"] for a in away)


def test_decoys_mention_claude_and_gemini_but_no_vendor(out: Path, truth: dict, news):
    chef = next(a for a in truth["articles"] if "Chef Claude" in a["title"])
    stars = next(a for a in truth["articles"] if a["title"].startswith("Gemini daily horoscope"))
    for article, fragment in ((chef, "Claude Marchetti"), (stars, "Gemini daily horoscope")):
        assert article["vendors"] == [] and article["topics"] == []
        assert article["sources"] == ["news-search"]
        story = _story_by_title(news, fragment)
        assert vendors.match_vendors(f"{story.title}\n{story.text}") == []
        assert topics_in(f"{story.title}\n{story.text}") == []
    assert "Claude" in chef["title"] and "Gemini" in stars["title"]


def test_stories_are_spread_over_the_window(truth: dict):
    months = Counter(a["published_at"][:7] for a in truth["articles"])
    assert set(months) == {"2025-12", "2026-01", "2026-02", "2026-03", "2026-04"}
    assert all(months[m] >= 15 for m in months)
    topics = Counter(t for a in truth["articles"] for t in a["topics"])
    assert set(topics) == set(TOPICS)
    assert all(
        _ts(a["published_at"]).tzinfo is UTC or _ts(a["published_at"]).utcoffset() == timedelta(0)
        for a in truth["articles"]
    )
