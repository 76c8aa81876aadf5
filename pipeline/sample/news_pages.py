"""The offline mirror of the sample's article pages, each in its outlet's layout.

`render_pages(pages, stories, seed)` writes every linked page under `pages/<host>/<path>`:
TechWire (WordPress, JSON-LD, cookie banner, comments), AIWatch (article:published_time, US
Eastern offsets), The Daily Ledger (legacy CMS in windows-1252), ByteBeat (no charset declared,
UTF-8 bytes), Anthropic's blog, AMP renderings, a video page without usable text, and two
hostile pages (binary garbage; ~1 MB of nested divs). Related links, reader comments and AMP
links are drawn from `random.Random(f"news-{seed}/render")`, never from the plan's generator.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from pipeline.sample.formats import html_attr, html_text, iso_z, us_eastern, us_eastern_label
from pipeline.sample.news_links import amp_url, title_slug
from pipeline.sample.news_model import MIRROR_DIR, OUTLETS, Page, Story
from pipeline.sample.texts import load_corpus

_TEXT = load_corpus("news_pages")
FOOD_LINKS: tuple[tuple[str, str], ...] = _TEXT["food_links"]  # related links: (title, path)
STARS_LINKS: tuple[tuple[str, str], ...] = _TEXT["stars_links"]
COMMENTS: tuple[str, ...] = _TEXT["comments"]
COMMENTERS: tuple[str, ...] = _TEXT["commenters"]
FOOD_COMMENTS: tuple[str, ...] = _TEXT["food_comments"]


@dataclass(slots=True, frozen=True)
class _Extras:
    """Page furniture drawn at render time: related links, comments, AMP link."""

    related: tuple[tuple[str, str], ...]
    comments: tuple[tuple[str, datetime, str], ...]
    amphtml: str | None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _human_utc(at: datetime) -> str:
    return f"{at:%B} {at.day}, {at.year} · {at:%-I:%M %p} UTC"


def _json_ld(page: Page, publisher: str, logo: str) -> str:
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.summary,
        "datePublished": iso_z(page.published),
        "dateModified": iso_z(page.published),
        "author": [{"@type": "Person", "name": page.author}],
        "publisher": {"@type": "Organization", "name": publisher, "logo": logo},
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.canonical},
        "articleSection": page.section,
        "keywords": list(page.tags),
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    return text.replace("</", "<\\/")


def _paras(paragraphs: Sequence[str], indent: str = "") -> str:
    return "".join(f"{indent}<p>{html_text(p)}</p>\n" for p in paragraphs)


def _techwire_page(page: Page, extras: _Extras) -> str:
    """TechWire (WordPress): JSON-LD, cookie dialog, share links, inline related, comments."""
    iso = page.published.astimezone(UTC).isoformat()
    image = f"https://techwire.example/wp-content/uploads/{page.published:%Y/%m}/"
    image += f"{title_slug(page.title, 5)}.jpg"
    body = list(page.paragraphs)
    parts = []
    for index, text in enumerate(body):
        parts.append(f"<p>{html_text(text)}</p>\n")
        if index == 2:
            parts.append('<div class="ad-slot" data-slot="mid-article">Advertisement</div>\n')
        if index == 4 and extras.related:
            title, href = extras.related[0]
            parts.append(
                f'<aside class="inline-related"><strong>Related</strong> '
                f'<a href="{html_attr(href)}">{html_text(title)}</a></aside>\n'
            )
    if page.credit:
        parts.append(f'<p class="syndication-credit"><em>{html_text(page.credit)}</em></p>\n')
    related = "".join(
        f'<li><a href="{html_attr(href)}">{html_text(title)}</a></li>'
        for title, href in extras.related
    )
    comments = "".join(
        '<li class="comment"><article class="comment-body"><footer class="comment-meta">'
        f'<b class="fn">{html_text(name)}</b> <time datetime="{iso_z(at)}">{_human_utc(at)}</time>'
        f'</footer><div class="comment-content"><p>{html_text(text)}</p></div></article></li>\n'
        for name, at, text in extras.comments
    )
    amp = f'<link rel="amphtml" href="{html_attr(extras.amphtml)}">\n' if extras.amphtml else ""
    tags = "".join(
        f'<li><a href="/tag/{title_slug(t, 4)}/">{html_text(t)}</a></li>' for t in page.tags
    )
    author_slug = title_slug(page.author, 4)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(page.title)} | TechWire</title>\n"
        f'<meta name="description" content="{html_attr(page.summary)}">\n'
        f'<link rel="canonical" href="{html_attr(page.canonical)}">\n'
        f"{amp}"
        '<meta property="og:type" content="article">\n'
        '<meta property="og:site_name" content="TechWire">\n'
        f'<meta property="og:title" content="{html_attr(page.title)}">\n'
        f'<meta property="og:description" content="{html_attr(page.summary)}">\n'
        f'<meta property="og:url" content="{html_attr(page.canonical)}">\n'
        f'<meta property="og:image" content="{html_attr(image)}?w=1200">\n'
        f'<meta property="article:published_time" content="{iso}">\n'
        f'<meta property="article:author" content="{html_attr(page.author)}">\n'
        '<meta name="twitter:card" content="summary_large_image">\n'
        '<link rel="alternate" type="application/rss+xml" title="TechWire &raquo; AI Feed" '
        'href="https://techwire.example/category/artificial-intelligence/feed/">\n'
        '<link rel="stylesheet" href="https://techwire.example/wp-content/themes/tw/'
        'style.min.css?ver=6.8.1">\n'
        '<script type="application/ld+json">'
        f"{_json_ld(page, 'TechWire', 'https://techwire.example/logo.png')}</script>\n"
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        "gtag('js',new Date());gtag('config','G-TW0000001');</script>\n"
        "</head>\n"
        '<body class="post-template-default single single-post">\n'
        '<div id="cmp-banner" class="cmp-banner" role="dialog" aria-label="Cookie consent">\n'
        "<p>We and our partners use cookies and similar technologies to store and access "
        "information on your device, to measure audiences and to show personalised ads. "
        '<a href="/privacy-policy/">Privacy policy</a></p>\n'
        '<button class="cmp-accept">Accept all</button> <button class="cmp-reject">Reject all'
        '</button> <button class="cmp-manage">Manage preferences</button>\n</div>\n'
        '<header class="site-header">\n<a class="site-logo" href="https://techwire.example/">'
        "TechWire</a>\n"
        '<nav class="primary-nav" aria-label="Main"><ul>'
        '<li><a href="/category/startups/">Startups</a></li>'
        '<li><a href="/category/venture/">Venture</a></li>'
        '<li><a href="/category/artificial-intelligence/">AI</a></li>'
        '<li><a href="/category/security/">Security</a></li>'
        '<li><a href="/category/apps/">Apps</a></li>'
        '<li><a href="/events/">Events</a></li>'
        '<li><a href="/newsletters/">Newsletters</a></li></ul></nav>\n'
        '<form class="search-form" action="/" role="search"><input type="search" name="s" '
        'placeholder="Search TechWire"></form>\n</header>\n'
        '<main id="main" class="site-main">\n<article class="article">\n'
        '<header class="article__header">\n'
        '<a class="article__category" href="/category/artificial-intelligence/">AI</a>\n'
        f'<h1 class="article__title">{html_text(page.title)}</h1>\n'
        f'<div class="article__byline">By <a rel="author" href="/author/{author_slug}/">'
        f'{html_text(page.author)}</a> · <time class="article__date" datetime="{iso}">'
        f"{_human_utc(page.published)}</time></div>\n"
        '<ul class="social-share"><li><a class="share-x" href="https://x.example/intent/post?url='
        f'{quote(page.canonical, safe="")}">Post</a></li><li><a class="share-linkedin" '
        'href="https://linkedin.example/sharing/share-offsite/?url='
        f'{quote(page.canonical, safe="")}">Share</a></li><li><button class="share-copy">'
        "Copy link</button></li></ul>\n</header>\n"
        f'<figure class="article__hero"><img src="{html_attr(image)}" alt="" width="1200" '
        'height="675"><figcaption>Image Credits: TechWire</figcaption></figure>\n'
        '<div class="entry-content">\n' + "".join(parts) + "</div>\n"
        f'<footer class="article__footer"><ul class="tags">{tags}</ul></footer>\n</article>\n'
        '<section class="related-posts" aria-label="More from TechWire"><h2>More from TechWire'
        f"</h2><ul>{related}</ul></section>\n"
        '<section id="comments" class="comments-area">\n'
        f'<h2 class="comments-title">{_count(len(extras.comments), "Comment")}</h2>\n'
        f'<ol class="comment-list">\n{comments}</ol>\n'
        '<div id="respond" class="comment-respond"><h3>Leave a Reply</h3>'
        '<form action="/wp-comments-post.php" method="post"><textarea name="comment">'
        '</textarea><input type="submit" value="Post Comment"></form></div>\n'
        "</section>\n</main>\n"
        '<aside class="newsletter-signup"><h3>The AI Brief</h3><p>Get the day&#8217;s biggest AI '
        'stories in your inbox every weekday.</p><form><input type="email" '
        'placeholder="Email address"><button>Subscribe</button></form></aside>\n'
        '<footer class="site-footer"><p>© 2026 TechWire Media. All rights reserved.</p><ul>'
        '<li><a href="/about/">About</a></li><li><a href="/privacy-policy/">Privacy</a></li>'
        '<li><a href="/terms/">Terms</a></li><li><a href="/contact/">Contact</a></li></ul>'
        "</footer>\n"
        '<script src="https://techwire.example/wp-includes/js/wp-embed.min.js?ver=6.8.1">'
        "</script>\n</body>\n</html>\n"
    )


def _aiwatch_head(page: Page, extras: _Extras, own_url: str) -> str:
    local = us_eastern(page.published).isoformat()
    amp = f'<link rel="amphtml" href="{html_attr(extras.amphtml)}">\n' if extras.amphtml else ""
    return (
        "<!doctype html>\n"
        '<html lang="en-US" class="no-js">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(page.title)} - AIWatch</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="description" content="{html_attr(page.summary)}">\n'
        f'<meta property="og:title" content="{html_attr(page.title)}">\n'
        f'<meta property="og:description" content="{html_attr(page.summary)}">\n'
        f'<meta property="og:url" content="{html_attr(own_url)}">\n'
        '<meta property="og:site_name" content="AIWatch">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{local}">\n'
        f'<meta property="article:modified_time" content="{local}">\n'
        f'<meta property="article:section" content="{html_attr(page.section)}">\n'
        f'<meta name="author" content="{html_attr(page.author)}">\n'
        f'<link rel="canonical" href="{html_attr(page.canonical)}">\n'
        f"{amp}"
        '<script async src="https://www.aiwatch.example/static/js/analytics.4f2c1e.js"></script>\n'
        "<style>.story__body p{line-height:1.6}.share-bar a{margin-right:1em}</style>\n"
        "</head>\n"
    )


def _aiwatch_chrome_top() -> str:
    return (
        '<body class="page-article">\n<a class="skip-link" href="#story">Skip to content</a>\n'
        '<div class="top-bar">Support independent AI journalism. '
        '<a href="/membership/">Become a member</a></div>\n'
        '<header class="masthead"><a href="/" class="logo">AIWatch</a><nav>'
        '<a href="/news/">News</a> <a href="/analysis/">Analysis</a> <a href="/video/">Video'
        '</a> <a href="/newsletter/">Newsletter</a> <a href="/about/">About</a></nav>'
        '<button class="menu-toggle" aria-expanded="false">Menu</button></header>\n<main>\n'
    )


def _aiwatch_chrome_bottom(extras: _Extras) -> str:
    related = "".join(
        f'<li><a href="{html_attr(href)}">{html_text(title)}</a></li>'
        for title, href in extras.related
    )
    return (
        f'<section class="read-next"><h2>Read next</h2><ol>{related}</ol></section>\n'
        '<div id="disqus_thread"></div>\n'
        "<noscript>Please enable JavaScript to view the comments.</noscript>\n</main>\n"
        '<footer class="site-footer"><nav><a href="/about/">About</a> <a href="/ethics/">'
        'Ethics policy</a> <a href="/contact/">Contact</a></nav><p>AIWatch is an independent '
        "publication. © 2026 AIWatch LLC</p></footer>\n"
        '<div id="consent" class="consent-modal" hidden><p>This site uses cookies to improve '
        "your experience.</p><button>OK</button></div>\n</body>\n</html>\n"
    )


def _aiwatch_meta(page: Page) -> str:
    local = us_eastern(page.published)
    label = f"{local:%b} {local.day}, {local.year}, {local:%-I:%M %p} {us_eastern_label(local)}"
    return (
        f'<div class="story__meta"><span class="story__author">By {html_text(page.author)}</span> '
        f'<time datetime="{local.isoformat()}" class="story__time">{label}</time></div>\n'
    )


def _aiwatch_page(page: Page, extras: _Extras) -> str:
    """AIWatch: article:published_time with a US offset, dek, share bar, read-next list."""
    body = [f"<p>{html_text(p)}</p>\n" for p in page.paragraphs]
    body.insert(
        min(2, len(body)),
        '<div class="newsletter-inline"><p>Get AIWatch in your inbox.</p>'
        '<a href="/newsletter/">Sign up</a></div>\n',
    )
    if page.credit:
        body.append(f'<p class="story__credit"><em>{html_text(page.credit)}</em></p>\n')
    share = quote(page.url, safe="")
    return (
        _aiwatch_head(page, _Extras(extras.related, (), extras.amphtml), page.url)
        + _aiwatch_chrome_top()
        + '<article id="story" class="story">\n'
        f'<p class="story__kicker">{html_text(page.section)}</p>\n'
        f'<h1 class="story__headline">{html_text(page.title)}</h1>\n'
        f'<p class="story__dek">{html_text(page.summary)}</p>\n'
        + _aiwatch_meta(page)
        + f'<div class="share-bar"><a href="mailto:?subject={quote(page.title)}&amp;body={share}">'
        f'Email</a><a href="https://bsky.example/intent/compose?text={share}">Bluesky</a>'
        f'<a href="https://linkedin.example/shareArticle?url={share}">LinkedIn</a></div>\n'
        '<div class="story__body">\n'
        + "".join(body)
        + "</div>\n</article>\n"
        + _aiwatch_chrome_bottom(extras)
    )


def _video_page(page: Page, extras: _Extras) -> str:
    """An AIWatch video page: a player and a one-line caption, no article text."""
    token = title_slug(page.title, 3)
    return (
        _aiwatch_head(page, extras, page.url)
        + _aiwatch_chrome_top()
        + '<article id="story" class="story story--video">\n'
        f'<h1 class="story__headline">{html_text(page.title)}</h1>\n'
        + _aiwatch_meta(page)
        + '<figure class="video-player">\n'
        f'<video controls preload="none" poster="https://cdn.aiwatch.example/posters/{token}.jpg" '
        'width="1280" height="720">\n'
        f'<source src="https://cdn.aiwatch.example/video/{token}/master.m3u8" '
        'type="application/x-mpegURL">\n</video>\n'
        "<figcaption>Watch: highlights from the presentation. (Video: AIWatch)</figcaption>\n"
        "</figure>\n</article>\n" + _aiwatch_chrome_bottom(extras)
    )


def _ledger_page(page: Page, extras: _Extras) -> str:
    """The Daily Ledger: a legacy CMS page in windows-1252 (declared without quotes)."""
    local = us_eastern(page.published)
    hour = f"{local:%-I:%M} {'a.m.' if local.hour < 12 else 'p.m.'}"
    stamp = f"{local:%B} {local.day}, {local.year} at {hour} {us_eastern_label(local)}"
    section = {"Food": "Lifestyle", "Horoscopes": "Lifestyle"}.get(page.section, "Business")
    leaf = page.section if section == "Lifestyle" else "Technology"
    body = "".join(f"<p>{html_text(p)}</p>\n" for p in page.paragraphs)
    if page.credit:
        body += f"<p><i>{html_text(page.credit)}</i></p>\n"
    related = "".join(
        f'<li><a href="{html_attr(href)}">{html_text(title)}</a></li>'
        for title, href in extras.related
    )
    comments = "".join(
        f'<div class="comment"><b>{html_text(name)}</b> wrote on {at:%m/%d/%Y}:<br>'
        f"{html_text(text)}</div>\n"
        for name, at, text in extras.comments
    )
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
        '"http://www.w3.org/TR/html4/loose.dtd">\n<html>\n<head>\n'
        "<meta charset=windows-1252>\n"
        f"<title>{html_text(page.title)} - The Daily Ledger</title>\n"
        f'<meta name="description" content="{html_attr(page.summary)}">\n'
        f'<meta name="keywords" content="{html_attr(", ".join(page.tags))}">\n'
        f'<meta property="og:title" content="{html_attr(page.title)}">\n'
        f'<meta property="og:url" content="{html_attr(page.url)}">\n'
        f'<meta property="article:published_time" content="{iso_z(page.published)}">\n'
        f'<link rel="canonical" href="{html_attr(page.canonical)}">\n'
        '<link rel="stylesheet" type="text/css" href="/css/ledger2009.css">\n'
        '<script type="text/javascript" src="/js/jquery-1.4.2.min.js"></script>\n'
        "</head>\n<body>\n"
        '<div id="eu-cookie-notice">This website uses cookies. By continuing to browse you agree '
        'to our use of cookies. <a href="/cookies.html">More information</a> '
        '<a href="#" class="close">Close</a></div>\n'
        '<table id="masthead" width="100%"><tr><td><a href="/"><img src="/images/ledger-logo.gif" '
        f'alt="The Daily Ledger"></a></td><td class="date">{local:%A}, {local:%B} {local.day}, '
        f"{local.year}</td></tr></table>\n"
        '<div id="topnav"><a href="/news/">News</a> | <a href="/business/">Business</a> | '
        '<a href="/business/technology/">Technology</a> | <a href="/sports/">Sports</a> | '
        '<a href="/lifestyle/">Lifestyle</a> | <a href="/opinion/">Opinion</a> | '
        '<a href="/obituaries/">Obituaries</a></div>\n'
        f'<div id="breadcrumb"><a href="/">Home</a> &raquo; {section} &raquo; {leaf}</div>\n'
        '<div id="content">\n<div id="story">\n'
        f"<h1>{html_text(page.title)}</h1>\n"
        f'<p class="byline">By {html_text(page.author)} | <span class="dateline">Published {stamp}'
        "</span></p>\n"
        f'<div class="storytext">\n{body}</div>\n'
        '<div class="tools"><a href="javascript:window.print()">Print</a> | '
        '<a href="mailto:?subject=From%20The%20Daily%20Ledger">E-mail</a> | '
        '<a href="#comments">Comment</a></div>\n</div>\n'
        f'<div id="sidebar"><h3>Most Read</h3><ol>{related}</ol>'
        '<div class="ad"><!-- 300x250 --></div></div>\n'
        f'<div id="comments"><h3>Reader comments ({len(extras.comments)})</h3>\n{comments}</div>\n'
        "</div>\n"
        '<div id="footer">Copyright &copy; 2026 The Daily Ledger Publishing Co. All rights '
        'reserved. | <a href="/contact.html">Contact us</a> | <a href="/subscribe.html">'
        'Subscribe</a> | <a href="/privacy.html">Privacy</a></div>\n</body>\n</html>\n'
    )


def _bytebeat_page(page: Page, extras: _Extras) -> str:
    """ByteBeat (a newsletter platform): no charset declared, UTF-8 bytes, JSON-LD."""
    body = "".join(f"<p>{html_text(p)}</p>\n" for p in page.paragraphs)
    if page.credit:
        body += f"<p><em>{html_text(page.credit)}</em></p>\n"
    comments = "".join(
        f'<div class="comment"><div class="comment-author">{html_text(name)}</div>'
        f'<div class="comment-body"><p>{html_text(text)}</p></div></div>\n'
        for name, _at, text in extras.comments
    )
    likes = 12 + (len(page.title) * 7) % 180
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n'
        f"<title>{html_text(page.title)} - ByteBeat</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta property="og:title" content="{html_attr(page.title)}">\n'
        f'<meta property="og:description" content="{html_attr(page.summary)}">\n'
        f'<meta property="og:url" content="{html_attr(page.url)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta name="author" content="{html_attr(page.author)}">\n'
        f'<link rel="canonical" href="{html_attr(page.canonical)}">\n'
        '<script type="application/ld+json">'
        f"{_json_ld(page, 'ByteBeat', 'https://bytebeat.example/logo.png')}</script>\n"
        "</head>\n<body>\n"
        '<div class="topbar"><a href="/" class="pub-name">ByteBeat</a> '
        '<a class="subscribe-btn" href="/subscribe">Subscribe</a> <a href="/signin">Sign in</a>'
        "</div>\n"
        '<div class="post-wrap">\n<article class="post">\n<div class="post-header">\n'
        f'<h1 class="post-title">{html_text(page.title)}</h1>\n'
        f'<h3 class="subtitle">{html_text(page.summary)}</h3>\n'
        f'<div class="post-meta"><a href="/profile/priya">{html_text(page.author)}</a> · '
        f'<time datetime="{iso_z(page.published)}">{page.published:%b} {page.published.day}, '
        f"{page.published.year}</time></div>\n"
        f'<div class="post-ufi"><button class="like">♥ {likes}</button> <button class="comment">'
        f'💬 {len(extras.comments)}</button> <button class="share">Share</button></div>\n'
        "</div>\n"
        f'<div class="available-content"><div class="body markup">\n{body}</div></div>\n'
        '<div class="subscription-widget"><p>ByteBeat is a reader-supported newsletter. To '
        "receive new posts and support my work, consider becoming a free or paid subscriber."
        '</p><form><input type="email" placeholder="Type your email…"><button>Subscribe'
        "</button></form></div>\n</article>\n"
        f'<div class="comments-section"><h4>{_count(len(extras.comments), "Comment")}</h4>\n'
        f"{comments}"
        "</div>\n"
        '<div class="post-footer"><p>© 2026 Priya Natarajan · <a href="/privacy">Privacy</a> · '
        '<a href="/tos">Terms</a></p></div>\n</div>\n</body>\n</html>\n'
    )


def _blog_page(page: Page, extras: _Extras) -> str:
    """Anthropic's news page: plain corporate layout, no comments."""
    related = "".join(
        f'<li><a href="{html_attr(href)}">{html_text(title)}</a></li>'
        for title, href in extras.related
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(page.title)} \\ Anthropic</title>\n"
        f'<meta name="description" content="{html_attr(page.summary)}">\n'
        f'<meta property="og:title" content="{html_attr(page.title)}">\n'
        f'<meta property="og:url" content="{html_attr(page.url)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{iso_z(page.published)}">\n'
        f'<link rel="canonical" href="{html_attr(page.canonical)}">\n'
        '<link rel="stylesheet" href="/_next/static/css/4a1b9e.css">\n</head>\n<body>\n'
        '<header class="site-header"><a class="wordmark" href="/">Anthropic</a><nav>'
        '<a href="/claude">Claude</a> <a href="/api">API</a> <a href="/research">Research</a> '
        '<a href="/company">Company</a> <a href="/news">News</a></nav>'
        '<a class="cta" href="/claude">Try Claude</a></header>\n'
        '<main>\n<article class="post">\n'
        f'<div class="post-meta"><span class="category">{html_text(page.section)}</span> '
        f'<time datetime="{iso_z(page.published)}">{page.published:%b} {page.published.day}, '
        f"{page.published.year}</time></div>\n"
        f"<h1>{html_text(page.title)}</h1>\n"
        f'<div class="post-body">\n{_paras(page.paragraphs)}</div>\n</article>\n'
        f'<section class="related"><h2>Related content</h2><ul>{related}</ul></section>\n'
        "</main>\n"
        '<footer class="site-footer"><nav><a href="/legal/privacy">Privacy policy</a> '
        '<a href="/legal/terms">Terms of service</a> <a href="/careers">Careers</a></nav>'
        "<p>© 2026 Anthropic PBC</p></footer>\n</body>\n</html>\n"
    )


def _amp_page(page: Page, extras: _Extras) -> str:
    """The AMP rendering of an article: canonical link to the full page."""
    outlet = OUTLETS[page.outlet]
    return (
        "<!doctype html>\n"
        '<html ⚡ lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(page.title)}</title>\n"
        f'<link rel="canonical" href="{html_attr(page.canonical)}">\n'
        '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">\n'
        '<script type="application/ld+json">'
        f"{_json_ld(page, outlet.name, f'https://{outlet.host}/logo.png')}</script>\n"
        "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal "
        "both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style><noscript><style "
        "amp-boilerplate>body{-webkit-animation:none;animation:none}</style></noscript>\n"
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        '<script async custom-element="amp-social-share" '
        'src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>\n'
        "<style amp-custom>.amp-body p{font-size:18px;line-height:1.5}</style>\n"
        "</head>\n<body>\n"
        f'<header class="amp-header"><a href="https://{outlet.host}/">{html_text(outlet.name)}</a>'
        "</header>\n"
        '<article class="amp-article">\n'
        f"<h1>{html_text(page.title)}</h1>\n"
        f'<p class="byline">By {html_text(page.author)} <time datetime="{iso_z(page.published)}">'
        f"{_human_utc(page.published)}</time></p>\n"
        f'<amp-img src="https://{outlet.host}/images/{title_slug(page.title, 4)}.jpg" width="1200" '
        'height="675" layout="responsive" alt=""></amp-img>\n'
        f'<div class="amp-body">\n{_paras(page.paragraphs)}</div>\n'
        '<amp-social-share type="twitter"></amp-social-share>'
        '<amp-social-share type="linkedin"></amp-social-share>\n</article>\n'
        f'<footer class="amp-footer"><a href="{html_attr(page.canonical)}">View full site</a> '
        f"© 2026 {html_text(outlet.name)}</footer>\n</body>\n</html>\n"
    )


def _nested_page(page: Page) -> str:
    """Hostile HTML: the text sits under ~95,000 nested divs (about 1 MB)."""
    depth = 95_000
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_text(page.title)} - AIWatch</title>\n</head>\n<body>\n"
        + "<div>" * depth
        + f"<p>{html_text(page.summary)}</p>"
        + "</div>" * depth
        + "\n</body>\n</html>\n"
    )


def _binary_page(rng: random.Random) -> bytes:
    """Hostile bytes: a gzip stream served as the page (compressed twice upstream)."""
    head = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"
    return head + bytes(rng.getrandbits(8) for _ in range(24_000))


PAGE_WRITERS = {
    "techwire": _techwire_page,
    "aiwatch": _aiwatch_page,
    "video": _video_page,
    "ledger": _ledger_page,
    "bytebeat": _bytebeat_page,
    "blog": _blog_page,
    "amp": _amp_page,
}


def _extras(
    page: Page, pages: Sequence[Page], stories: Sequence[Story], rng: random.Random
) -> _Extras:
    story = stories[page.story]
    related: list[tuple[str, str]] = []
    if story.kind == "chef":
        host = OUTLETS["ledger"].host
        related = [(t, f"https://{host}/{path}.html") for t, path in FOOD_LINKS]
    elif story.kind == "horoscope":
        host = OUTLETS["ledger"].host
        related = [(t, f"https://{host}/{path}.html") for t, path in STARS_LINKS]
    else:
        earlier = [
            p
            for p in pages
            if p.outlet == page.outlet
            and p.layout in (page.outlet, "video")
            and p.published < page.published
            and stories[p.story].kind not in ("chef", "horoscope")
        ]
        related = [(p.title, p.url) for p in earlier[-rng.randint(3, 4) :]][::-1]
    comments: list[tuple[str, datetime, str]] = []
    if page.layout in ("techwire", "ledger", "bytebeat") and story.kind != "horoscope":
        bank = FOOD_COMMENTS if story.kind == "chef" else COMMENTS
        count = rng.randint(1, 3) if story.kind == "chef" else rng.randint(0, 4)
        for text in rng.sample(bank, min(count, len(bank))):
            at = page.published + timedelta(minutes=rng.randint(5, 600))
            comments.append((rng.choice(COMMENTERS), at, text))
    amphtml = None
    if page.layout in ("techwire", "aiwatch"):
        amp = amp_url(page.url)
        if any(p.url == amp for p in pages):
            amphtml = amp
    return _Extras(tuple(related), tuple(comments), amphtml)


def render_pages(pages: dict[str, Page], stories: Sequence[Story], seed: int) -> dict[str, bytes]:
    """Every page of the mirror: {path relative to the catalog: bytes}."""
    rng = random.Random(f"news-{seed}/render")
    ordered = sorted(pages.values(), key=lambda p: (p.published, p.url))
    files: dict[str, bytes] = {}
    for key in sorted(pages):
        page = pages[key]
        path = f"{MIRROR_DIR}/{key}"
        if page.layout == "binary":
            files[path] = _binary_page(rng)
            continue
        if page.layout == "nested":
            files[path] = _nested_page(page).encode("utf-8")
            continue
        extras = _extras(page, ordered, stories, rng)
        text = PAGE_WRITERS[page.layout](page, extras)
        encoding = "cp1252" if page.layout == "ledger" else "utf-8"
        files[path] = text.encode(encoding)
    return files


__all__ = ["render_pages"]
