"""Tests for pipeline.parse.article_html: real pages, extraction paths, charsets, hostile input."""

from __future__ import annotations

import contextlib
import json
import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import ParseError
from pipeline.core.models import ArticlePage
from pipeline.parse.article_html import extract_article
from pipeline.parse.html_page import MAX_PAYLOAD_BYTES

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "fixtures" / "news_html"
SOURCE = "test-news"
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # the run's time: upper bound of plausible dates
ARS_URL = (
    "https://arstechnica.com/information-technology/2015/04/"
    "just-released-minecraft-exploit-makes-it-easy-to-crash-game-servers/"
)
VERGE_URL = "https://www.theverge.com/23752959/apple-vision-pro-headset-hands-on-demo-impressions"

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(),
    reason="../shared/fixtures/news_html (real article pages) is not checked out",
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def extract(
    html: str | bytes, url: str = "https://www.example.com/news/story", **kw: str
) -> ArticlePage:
    payload = html.encode("utf-8") if isinstance(html, str) else html
    return extract_article(payload, url, source=SOURCE, now=NOW, **kw)


WORDS = (
    "the model api outage latency users developers cloud region service engineers report "
    "requests errors capacity release pricing customers status incident update restored "
    "partial degraded performance investigation vendor contract migration platform tokens "
    "context window benchmark evaluation safety policy regulators funding round partners "
    "announced tuesday according statement spokesperson minutes hours several thousands"
).split()


def lorem(seed: int, sentences: int = 4) -> str:
    """A deterministic paragraph of plausible news prose (about 100 characters a sentence)."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
        if rng.random() < 0.5:
            words[rng.randrange(1, len(words) - 1)] += ","
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


# --- a generated ~50 KB article page (also what the benchmark-like measurement uses) --------


def generate_article_html(seed: int, *, paragraphs: int | None = None) -> tuple[str, list[str]]:
    """Return (html, paragraphs): a realistic news page and the paragraphs of its article.

    Head with metas, JSON-LD, inline CSS and JS; a cookie banner, header and nav; the
    article with a share widget, figure, newsletter box, related links and comments; an
    aside and a footer with many links; trailing scripts. About 50 KB for the default size.
    """
    rng = random.Random(seed)
    count = paragraphs if paragraphs is not None else rng.randint(40, 70)
    body = [lorem(seed * 1000 + i, rng.randint(3, 5)) for i in range(count)]
    title = lorem(seed, 1)[:80].rstrip(" .")

    def inline(text: str) -> str:
        words = text.split(" ")
        for _ in range(2):
            i = rng.randrange(len(words))
            tag = rng.choice(["em", "strong", "a"])
            attrs = f' href="/topic/{rng.randint(1, 999)}"' if tag == "a" else ""
            words[i] = f"<{tag}{attrs}>{words[i]}</{tag}>"
        return " ".join(words)

    def links(n: int, prefix: str) -> str:
        return "".join(
            f'<li class="menu-item"><a href="/{prefix}/{i}">{prefix.title()} {i}</a></li>'
            for i in range(n)
        )

    json_ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "@id": "https://news.example.com/#site", "name": "Example"},
                {
                    "@type": "NewsArticle",
                    "headline": title,
                    "datePublished": f"2026-03-0{1 + seed % 9}T{10 + seed % 10}:15:00Z",
                    "author": [{"@type": "Person", "name": "Robin Writer"}],
                    "publisher": {"@id": "https://news.example.com/#site"},
                    "keywords": [lorem(seed + k, 1) for k in range(8)],
                },
            ],
        }
    )
    css = "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px;color:#{i:06x}}}" for i in range(80))
    js = "".join(
        f"window.cfg{i}={{id:{i},tags:['a','b'],on:function(){{return {i};}}}};" for i in range(60)
    )
    comments = "".join(
        f'<li class="comment"><p class="comment-author">user{i}</p>'
        f"<p>{lorem(seed + 50 + i, 2)}</p></li>"
        for i in range(rng.randint(3, 8))
    )
    related = "".join(
        f'<li><a href="/news/{seed}-{i}">{lorem(seed + 90 + i, 1)}</a></li>' for i in range(6)
    )
    figure = "<figure><img src='/i.jpg'><figcaption>Photo credit</figcaption></figure>"
    paras = "".join(f"<p>{inline(p)}</p>" + (figure if i == 3 else "") for i, p in enumerate(body))
    day, hour = 1 + seed % 9, 10 + seed % 10
    html = f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8">
<title>{title} | Example News</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{lorem(seed + 7, 1)}">
<meta property="og:site_name" content="Example News"><meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="https://news.example.com/{seed}/story">
<meta property="og:image" content="https://cdn.example.com/{seed}.jpg">
<meta property="article:published_time" content="2026-03-0{day}T{hour}:15:00+00:00">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="{title}">
<meta name="author" content="Robin Writer"><meta name="robots" content="index,follow">
<link rel="canonical" href="https://news.example.com/{seed}/story">
<link rel="stylesheet" href="/main.css"><link rel="preload" href="/font.woff2" as="font">
<script type="application/ld+json">{json_ld}</script>
<style>{css}</style><script>{js}</script>
</head><body class="single post">
<div id="onetrust-banner-sdk" class="cookie-banner"><p>We use cookies to improve your
experience. By continuing you accept our cookie policy.</p><button>Accept all</button></div>
<header class="site-header"><a class="logo" href="/">Example News</a>
<nav class="primary-nav"><ul>{links(30, "section")}</ul></nav></header>
<main id="main"><article class="post">
<header class="entry-header"><h1>{title}</h1><p class="byline">By
<a rel="author" href="/by/robin">Robin Writer</a>
<time datetime="2026-03-0{day}T{hour}:15:00Z">March</time></p></header>
<div class="share-tools"><a href="https://twitter.com/share">Share on Twitter</a>
<a href="https://facebook.com/sharer">Share on Facebook</a></div>
<div class="entry-content">{paras}
<div class="newsletter-signup"><h3>Get the daily briefing</h3><p>Sign up for our newsletter
to receive the latest news every morning.</p><form><input type="email"></form></div>
</div>
<section class="related-stories"><h2>Related</h2><ul>{related}</ul></section>
<section id="comments"><h2>Comments</h2><ol>{comments}</ol></section>
</article>
<aside class="sidebar"><div class="ad ad-slot">Advertisement</div>
<h3>Most read</h3><ul>{related}</ul></aside>
</main>
<footer class="site-footer"><ul>{links(40, "about")}</ul>
<p>Copyright 2026 Example News. All rights reserved.</p></footer>
<script>{js[:2000]}</script><script src="/analytics.js"></script>
</body></html>"""
    return html, body


BOILERPLATE = (
    "We use cookies",
    "Section 1",
    "Share on Twitter",
    "Sign up for our newsletter",
    "Related",
    "Comments",
    "user0",
    "Advertisement",
    "Most read",
    "Copyright 2026",
    "Photo credit",
    "window.cfg",
    "margin:",
)


@pytest.mark.parametrize("seed", range(6))
def test_generated_pages_extract_exactly_the_article(seed: int) -> None:
    html, paragraphs = generate_article_html(seed)
    page = extract(html, f"https://news.example.com/{seed}/story?utm_source=feed")
    assert page.text == "\n\n".join(paragraphs)
    for noise in BOILERPLATE:
        assert noise not in page.text, noise
    assert page.canonical_url == f"https://news.example.com/{seed}/story"
    assert page.title is not None and "Example News" not in page.title
    assert page.published_at == utc(2026, 3, 1 + seed % 9, 10 + seed % 10, 15)
    assert page.author == "Robin Writer"
    assert page.language == "en"
    assert page.encoding == "utf-8"


def test_generated_page_is_about_50_kb() -> None:
    sizes = [len(generate_article_html(seed)[0].encode()) for seed in range(20)]
    assert 40_000 < sum(sizes) / len(sizes) < 60_000


# --- real pages ---------------------------------------------------------------------------------


@needs_shared
def test_ars_technica_page() -> None:
    payload = (SHARED / "arstechnica_minecraft_exploit.html").read_bytes()
    page = extract_article(payload, ARS_URL + "?utm_source=rss", source=SOURCE, now=NOW)
    assert page.url == ARS_URL + "?utm_source=rss"
    assert page.title == "Just-released Minecraft exploit makes it easy to crash game servers"
    assert page.canonical_url == ARS_URL
    assert page.published_at == utc(2015, 4, 16, 20, 2, 1)  # <time> in the article
    assert page.author == "Dan Goodin"  # rel=author
    assert page.language == "en"
    assert page.encoding == "utf-8"
    text = page.text
    assert text.startswith(
        "A flaw in the wildly popular online game Minecraft makes it easy for just about anyone"
    )
    assert "Pakistan-based developer Ammar Askar wrote in a blog post published Thursday" in text
    assert "The root of the object, rekt, contains 300 lists." in text
    assert text.endswith(
        "Ars is asking Mojang for comment and will update this post if company officials respond."
    )
    for noise in (
        "Skip to main content",
        "Biz & IT",
        "Front page layout",
        "Sign up or login",
        "reader comments",
        "Share this story",
        "Related Stories",
        "You must login or create an account to comment",
        "Newsletter Signup",
        "Condé Nast",
        "Dan is the Security Editor",
        "ars.ARTICLE",
    ):
        assert noise not in text, noise
    assert "\n\n" in text and "  " not in text


@needs_shared
def test_the_verge_page() -> None:
    payload = (SHARED / "theverge_apple_vision_pro_handson_2023.html").read_bytes()
    page = extract_article(payload, VERGE_URL, source=SOURCE, now=NOW)
    assert page.title == "Apple\u2019s Vision Pro is the Retina display moment for headsets"
    assert page.published_at == datetime(2023, 6, 7, 20, 54, 26, 829000, tzinfo=UTC)
    assert page.canonical_url == VERGE_URL
    assert page.author == "Alex Heath"
    assert page.language == "en"
    assert 3000 < len(page.text) < 8000
    assert "I still remember using the iPhone 4 for the first time in 2010." in page.text
    assert page.text.endswith("it\u2019s something you can\u2019t unsee.")
    for noise in (
        "Sign up for Command Line",
        "$7/month",
        "Vox Media, LLC",
        "Share this story",
        "Most Popular",
        "Verge Deals",
    ):
        assert noise not in page.text, noise


def test_utc_handling_does_not_depend_on_process_timezone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    payloads = [JSON_LD_ONLY.encode(), generate_article_html(1)[0].encode()]
    if SHARED.is_dir():
        payloads += [p.read_bytes() for p in sorted(SHARED.glob("*.html"))]
    expected = [extract(p) for p in payloads]
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert [extract(p) for p in payloads] == expected
        assert expected[0].published_at == utc(2026, 3, 3, 14, 15)
        assert expected[1].published_at == utc(2026, 3, 2, 11, 15)
    finally:
        monkeypatch.undo()
        time.tzset()


# --- each extraction path -----------------------------------------------------------------------

ARTICLE = "".join(f"<p>{lorem(i)}</p>" for i in range(5))  # about 2,000 characters
TEXT = "\n\n".join(lorem(i) for i in range(5))

JSON_LD_ONLY = f"""<html><head><title>Vendor outage explained - Example Wire</title>
<script type="application/ld+json">{{"@context": "https://schema.org", broken</script>
<script type="application/ld+json">
[{{"@context": "https://schema.org", "@graph": [
  {{"@type": "Person", "@id": "#p1", "name": "Ada Lovelace"}},
  {{"@type": ["NewsArticle"], "headline": "Vendor outage explained",
    "datePublished": "2026-03-03T09:15:00-05:00",
    "author": [{{"@id": "#p1"}}, {{"@type": "Person", "name": "Grace Hopper"}}]}}]}}]
</script></head><body><div class="content">{ARTICLE}</div></body></html>"""


def test_json_ld_only_page() -> None:
    page = extract(JSON_LD_ONLY)
    assert page.published_at == utc(2026, 3, 3, 14, 15)  # -05:00 -> UTC
    assert page.author == "Ada Lovelace, Grace Hopper"  # @id reference resolved
    assert page.title == "Vendor outage explained"  # <title> without ' - Example Wire'
    assert page.canonical_url is None
    assert page.language is None
    assert page.text == TEXT  # densest block: no article element


def test_time_only_page_ignores_times_outside_the_article() -> None:
    html = f"""<html lang="de"><body>
    <aside><time datetime="2020-01-01T00:00:00Z">old</time></aside>
    <article><h1>Headline  from <em>h1</em></h1>
    <p class="dateline"><time datetime="2026-02-01T10:00:00+01:00">1. Februar</time></p>
    {ARTICLE}</article></body></html>"""
    page = extract(html)
    assert page.published_at == utc(2026, 2, 1, 9)
    assert page.title == "Headline from h1"
    assert page.language == "de"
    assert page.author is None


def test_open_graph_only_page() -> None:
    html = f"""<html><head>
    <meta property="og:title" content="OG &amp; title">
    <meta property="og:url" content="https://www.example.com/og/story">
    <meta property="og:locale" content="de_DE">
    <meta property="article:published_time" content="2026-01-31T23:30:00-02:00">
    <meta property="article:author" content="https://facebook.com/someone">
    </head><body><main>{ARTICLE}</main></body></html>"""
    page = extract(html)
    assert page.title == "OG & title"
    assert page.canonical_url == "https://www.example.com/og/story"
    assert page.published_at == utc(2026, 2, 1, 1, 30)
    assert page.language == "de"
    assert page.author is None  # a profile URL is not a name
    assert page.text == TEXT


def test_relative_canonical_and_base_href() -> None:
    html = f"""<html><head><link rel="canonical" href="/news/story-1?page=1">
    </head><body><article>{ARTICLE}</article></body></html>"""
    page = extract(html, "https://www.example.com/amp/story-1?utm_source=x")
    assert page.canonical_url == "https://www.example.com/news/story-1?page=1"
    based = html.replace("<head>", '<head><base href="https://cdn.example.net/root/">')
    assert extract(based).canonical_url == "https://cdn.example.net/news/story-1?page=1"


def test_amp_page_canonical_points_to_the_regular_page() -> None:
    html = f"""<!doctype html><html amp lang="en-GB"><head><meta charset="utf-8">
    <link rel="canonical" href="https://www.example.com/2026/03/story.html">
    <meta name="date" content="2026-03-02">
    <style amp-custom>body{{color:red}}</style></head>
    <body><amp-img src="x.jpg" width="1" height="1"></amp-img>
    <article>{ARTICLE}</article></body></html>"""
    page = extract(html, "https://www.example.com/2026/03/story.amp.html")
    assert page.canonical_url == "https://www.example.com/2026/03/story.html"
    assert page.published_at == utc(2026, 3, 2)  # <meta name=date>
    assert page.language == "en"


def test_non_http_canonical_falls_back_to_og_url() -> None:
    html = f"""<html><head><link rel="canonical" href="javascript:alert(1)">
    <meta property="og:url" content="file:///etc/passwd"></head>
    <body><article>{ARTICLE}</article></body></html>"""
    assert extract(html).canonical_url is None
    fixed = html.replace("file:///etc/passwd", "//www.example.com/og")
    assert extract(fixed).canonical_url == "https://www.example.com/og"


def test_cookie_banner_share_widget_and_friends_are_removed() -> None:
    html = f"""<html><body>
    <div id="CybotCookiebotDialog" role="dialog"><p>This website uses cookies to give you
      the best experience, read our policy.</p></div>
    <div class="gdpr-consent-overlay"><p>We and our partners process data for ads.</p></div>
    <article><div itemprop="articleBody">
      <ul class="social-share"><li><a href="#">Share on LinkedIn</a></li></ul>
      {ARTICLE}
      <div class="adsbygoogle ad">Advertisement</div>
      <div class="inline-newsletter"><p>Subscribe to our newsletter for AI news.</p></div>
      <div id="disqus_thread"><p>Join the discussion</p></div>
      <nav class="breadcrumbs"><a href="/">Home</a></nav>
      <div class="recommendedPosts"><p>You might also like these stories from our archive.</p></div>
      <p hidden>Hidden tracking text</p><div style="display: none">Invisible</div>
    </div></article></body></html>"""
    page = extract(html)
    assert page.text == TEXT


def test_noisy_wrapper_around_the_article_is_kept() -> None:
    html = f"""<html><body><div class="page-wrapper has-ads sidebar-layout">
    <div class="commentary">{ARTICLE}</div></div></body></html>"""
    assert extract(html).text == TEXT
    with_article = html.replace('<div class="commentary">', "<article>").replace(
        "</div></div>", "</article></div>"
    )
    assert extract(with_article).text == TEXT
    inner = f"<html><body><article><div class='story-body ad-free'>{ARTICLE}</div></article>"
    assert extract(inner).text == TEXT


def test_page_without_usable_text_has_empty_text_but_metadata() -> None:
    html = """<html lang="en"><head><title>Watch: keynote video | Example</title>
    <meta name="author" content="By Video Desk"></head>
    <body><nav><a href="/">Home</a></nav><article><h1>Watch the keynote</h1>
    <p>Video: the full keynote.</p></article><footer>About us</footer></body></html>"""
    page = extract(html)
    assert page.text == ""
    assert page.title == "Watch the keynote"  # <h1> of the article before <title>
    assert page.author == "Video Desk"


def test_unclosed_tags_are_fine() -> None:
    paragraphs = "".join(f"<p>{lorem(i)}" for i in range(5))
    html = f"<html><head><title>Unclosed page</title><body><div class=content><div>{paragraphs}"
    page = extract(html)
    assert page.text == TEXT
    assert page.title == "Unclosed page"


def test_broken_and_hostile_json_ld_is_skipped() -> None:
    deep = "[" * 100_000
    html = f"""<html><head>
    <script type="application/ld+json">{deep}</script>
    <script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": 12}}</script>
    <script type="application/ld+json"><![CDATA[{{"@type": "BlogPosting",
      "datePublished": "2026-03-04T05:06:07Z", "author": "Solo Author"}}]]></script>
    </head><body><article>{ARTICLE}</article></body></html>"""
    page = extract(html)
    assert page.published_at == utc(2026, 3, 4, 5, 6, 7)
    assert page.author == "Solo Author"
    assert page.text == TEXT


# --- charsets -----------------------------------------------------------------------------------

PHRASE = "café \u2013 naïve \u201cquotes\u201d"


def page_in(encoding: str, phrase: str = PHRASE, head: str = "") -> bytes:
    body = "".join(f"<p>{phrase} {lorem(i)}</p>" for i in range(4))
    html = f"<html><head>{head}<title>{phrase}</title></head><body><article>{body}</article>"
    return html.encode(encoding)


def test_cp1252_declared_in_meta() -> None:
    page = extract(page_in("cp1252", head='<meta charset="windows-1252">'))
    assert page.encoding == "cp1252"
    assert page.title == PHRASE
    assert page.text.startswith(PHRASE)


def test_http_equiv_declaration() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    assert extract(page_in("cp1252", head=head)).title == PHRASE


def test_iso_8859_1_from_content_type() -> None:
    phrase = "café naïve Zürich"
    page = extract(page_in("latin-1", phrase), content_type="text/html; charset=ISO-8859-1")
    assert page.title == phrase
    assert page.encoding == "cp1252"  # browsers read ISO-8859-1 as windows-1252
    # Curly quotes are windows-1252 bytes that ISO-8859-1 labelled pages really contain.
    mislabelled = extract(page_in("cp1252"), content_type="text/html;charset=iso-8859-1")
    assert mislabelled.title == PHRASE


def test_content_type_beats_meta_and_bom_beats_content_type() -> None:
    wrong_meta = page_in("cp1252", head='<meta charset="utf-8">')
    assert extract(wrong_meta, content_type="text/html; charset=windows-1252").title == PHRASE
    bom = b"\xef\xbb\xbf" + page_in("utf-8")
    page = extract(bom, content_type="text/html; charset=iso-8859-1")
    assert page.title == PHRASE
    assert page.encoding == "utf-8"
    utf16 = b"\xff\xfe" + page_in("utf-16-le")
    assert extract(utf16).title == PHRASE


def test_utf8_without_declaration() -> None:
    page = extract(page_in("utf-8"))
    assert page.encoding == "utf-8"
    assert page.title == PHRASE


def test_cp1252_without_declaration_is_detected() -> None:
    page = extract(page_in("cp1252"))
    assert page.encoding == "cp1252"
    assert page.title == PHRASE
    assert page.text.startswith(PHRASE)


def test_shift_jis_declared() -> None:
    phrase = "東京でサービス障害が発生しました"
    page = extract(page_in("shift_jis", phrase, head='<meta charset="Shift_JIS">'))
    assert page.encoding == "cp932"
    assert page.title == phrase
    assert phrase in page.text


def test_unsafe_or_unknown_labels_are_ignored() -> None:
    for label in ("utf-7", "unicode_escape", "base64", "x-nonsense"):
        page = extract(page_in("utf-8", head=f'<meta charset="{label}">'))
        assert page.encoding == "utf-8", label
        assert page.title == PHRASE


# --- hostile and broken pages -------------------------------------------------------------------


def assert_rejected(payload: bytes, reason: str, url: str = "https://x.test/a") -> None:
    start = time.perf_counter()
    with pytest.raises(ParseError) as info:
        extract_article(payload, url, source=SOURCE, now=NOW)
    assert time.perf_counter() - start < 2.0
    assert info.value.source == SOURCE
    assert info.value.record_ref == url
    assert reason in info.value.reason, info.value.reason


def test_binary_garbage_is_rejected() -> None:
    assert_rejected(random.Random(1).randbytes(200_000), "binary")
    assert_rejected(b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(5000), "binary")
    assert_rejected(b"<html><body>" + b"\x00" * 1000 + b"</body></html>", "binary")


@pytest.mark.parametrize(
    "payload",
    [b"just some plain text, no markup", b'{"json": true, "html": "no"}', b"   \n  ", b""],
)
def test_not_html_is_rejected(payload: bytes) -> None:
    with pytest.raises(ParseError):
        extract_article(payload, "https://x.test/a", source=SOURCE, now=NOW)


def test_five_megabytes_of_nested_divs_fail_fast() -> None:
    payload = b"<html><body>" + b"<div>" * 1_100_000 + b"deep"
    assert len(payload) > 5_000_000
    assert_rejected(payload, "too many elements")


def test_deep_nesting_under_the_element_limit_fails_fast() -> None:
    payload = b"<html><body>" + b'<div class="wrapper">' * 150_000 + b"deep"
    assert_rejected(payload, "nesting")
    assert_rejected(b"<html><body>" + b"<div>" * 300 + b"<p>deep</p>", "nesting")


def test_flat_element_flood_and_oversize_fail_fast() -> None:
    assert_rejected(b"<html><body>" + b"<b>x</b>" * 250_000, "too many elements")
    assert_rejected(b"<html>" + b" " * MAX_PAYLOAD_BYTES, "too large")


def test_moderate_nesting_is_fine() -> None:
    html = "<html><body>" + "<div>" * 200 + f"<article>{ARTICLE}</article>" + "</div>" * 200
    assert extract(html).text == TEXT


def test_control_characters_in_small_numbers_are_tolerated() -> None:
    html = f"<html><body><article>{ARTICLE}</article>\x0b\x01<p>&#11;tail</p></body></html>"
    assert extract(html).text == TEXT


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_raise_only_parse_error(payload: bytes) -> None:
    with contextlib.suppress(ParseError):
        extract_article(payload, "https://x.test/a", source=SOURCE, now=NOW)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    head=st.text(max_size=300),
    body=st.text(max_size=600),
    content_type=st.one_of(st.none(), st.text(max_size=40)),
    url=st.text(max_size=40),
)
def test_arbitrary_markup_raises_only_parse_error(
    head: str, body: str, content_type: str | None, url: str
) -> None:
    html = f"<html><head>{head}</head><body><article>{body}{ARTICLE}</article></body></html>"
    try:
        page = extract_article(
            html.encode("utf-8", "surrogatepass"),
            url,
            source=SOURCE,
            now=NOW,
            content_type=content_type,
        )
    except ParseError:
        return
    assert page.published_at is None or page.published_at.tzinfo is UTC
    assert page.canonical_url is None or page.canonical_url.startswith(("http://", "https://"))
    assert page.text == "" or len(page.text) >= 200


MUTATIONS = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1),
        st.sampled_from(
            [b"<", b">", b"</div>", b"<div>", b"<p>", b"&#11;", b"\x00", b"\xff\xfe", b"<script>",
             b"<!--", b"<![CDATA[", b'"', b"<article>", b"\xe9", b"<time datetime='x'>",
             b'<meta charset="shift_jis">', b"<title>", b"", b"\x0b"]
        ),
        st.integers(min_value=0, max_value=500),
    ),
    max_size=12,
)  # fmt: skip


@settings(max_examples=100, derandomize=True, deadline=None)
@given(MUTATIONS)
def test_mutated_pages_raise_only_parse_error(mutations: list[tuple[float, bytes, int]]) -> None:
    payload = bytearray(generate_article_html(7, paragraphs=12)[0].encode())
    for where, token, cut in mutations:
        at = int(where * len(payload))
        payload[at : at + cut] = token  # replace a slice: insertions, deletions, truncations
    try:
        page = extract_article(bytes(payload), "https://x.test/a", source=SOURCE, now=NOW)
    except ParseError:
        return
    assert page.published_at is None or page.published_at.tzinfo is UTC
