"""The sample's four news feeds, rendered in their publishers' wire formats.

`write_feeds(stories)` renders, from the feed items (`Copy`) of the planned stories, TechWire's
AI category feed (WordPress RSS 2.0: dc:creator, CDATA categories, `?p=` guids), AIWatch's Atom
feed (times in US Eastern with offsets), Anthropic's news blog (Atom, plain-text summaries) and a
news-search feed (RSS 2.0, Google-News style: opaque guids, `<source>`, GMT dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from pipeline.sample.formats import html_attr, html_text, iso_z, rfc822, us_eastern
from pipeline.sample.news_links import story_tags
from pipeline.sample.news_model import (
    AIWATCH,
    BLOG,
    NEWS_SOURCES,
    OUTLETS,
    SEARCH,
    TECHWIRE,
    Copy,
    Story,
)
from pipeline.sample.plan import WINDOW_START


def write_feeds(stories: Sequence[Story]) -> dict[str, bytes]:
    """Every news feed of the catalog: {path relative to the catalog: bytes}."""
    writers = {
        TECHWIRE: _write_techwire_rss,
        AIWATCH: _write_aiwatch_atom,
        BLOG: _write_blog_atom,
        SEARCH: _write_search_rss,
    }
    return {s.path: writers[s.name](stories).encode("utf-8") for s in NEWS_SOURCES}


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _items(stories: Sequence[Story], source: str) -> list[tuple[Copy, Story]]:
    found = [(c, s) for s in stories for c in s.copies if c.source == source]
    return sorted(found, key=lambda cs: (cs[0].published, cs[0].url), reverse=True)


def _write_techwire_rss(stories: Sequence[Story]) -> str:
    """WordPress category feed: dc:creator, CDATA categories, guid ?p=<post id>."""
    items = _items(stories, TECHWIRE)
    entries = []
    for copy, story in items:
        cats = "".join(f"\t\t<category>{_cdata(t)}</category>\n" for t in story_tags(story))
        entries.append(
            "\t<item>\n"
            f"\t\t<title>{xml_escape(copy.title)}</title>\n"
            f"\t\t<link>{xml_escape(copy.url)}</link>\n"
            f"\t\t<comments>{xml_escape(copy.url)}#respond</comments>\n"
            f"\t\t<dc:creator>{_cdata(story.author)}</dc:creator>\n"
            f"\t\t<pubDate>{rfc822(copy.published)}</pubDate>\n"
            f"{cats}"
            f'\t\t<guid isPermaLink="false">{xml_escape(copy.item_id)}</guid>\n'
            f"\t\t<description>{_cdata(f'<p>{html_text(copy.summary)}</p>')}</description>\n"
            "\t</item>\n"
        )
    latest = items[0][0].published if items else WINDOW_START
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n'
        "\t>\n\n<channel>\n"
        "\t<title>AI News &amp; Artificial Intelligence | TechWire</title>\n"
        '\t<atom:link href="https://techwire.example/category/artificial-intelligence/feed/" '
        'rel="self" type="application/rss+xml" />\n'
        "\t<link>https://techwire.example/category/artificial-intelligence/</link>\n"
        "\t<description>Startup and technology news</description>\n"
        f"\t<lastBuildDate>{rfc822(latest)}</lastBuildDate>\n"
        "\t<language>en-US</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.8.1</generator>\n"
        + "".join(entries)
        + "</channel>\n</rss>\n"
    )


def _write_aiwatch_atom(stories: Sequence[Story]) -> str:
    """AIWatch's Atom feed: times in US Eastern with offsets, html summaries."""
    items = _items(stories, AIWATCH)
    entries = []
    for copy, story in items:
        local = us_eastern(copy.published).isoformat()
        cats = "".join(f'    <category term="{html_attr(t)}"/>\n' for t in story_tags(story))
        summary = f"<p>{html_text(copy.summary)}</p>"
        entries.append(
            "  <entry>\n"
            f'    <title type="html">{xml_escape(copy.title)}</title>\n'
            f'    <link rel="alternate" type="text/html" href="{html_attr(copy.url)}"/>\n'
            f"    <id>{xml_escape(copy.item_id)}</id>\n"
            f"    <published>{local}</published>\n"
            f"    <updated>{local}</updated>\n"
            f"    <author>\n      <name>{xml_escape(copy.author)}</name>\n    </author>\n"
            f"{cats}"
            f'    <summary type="html">{xml_escape(summary)}</summary>\n'
            "  </entry>\n"
        )
    latest = us_eastern(items[0][0].published).isoformat() if items else iso_z(WINDOW_START)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">\n'
        "  <title>AIWatch</title>\n"
        "  <subtitle>Independent reporting on artificial intelligence</subtitle>\n"
        '  <link rel="alternate" type="text/html" href="https://www.aiwatch.example/"/>\n'
        '  <link rel="self" type="application/atom+xml" '
        'href="https://www.aiwatch.example/feeds/news.atom"/>\n'
        "  <id>https://www.aiwatch.example/</id>\n"
        f"  <updated>{latest}</updated>\n"
        "  <rights>Copyright 2026 AIWatch LLC</rights>\n" + "".join(entries) + "</feed>\n"
    )


def _write_blog_atom(stories: Sequence[Story]) -> str:
    """Anthropic's news feed: plain-text summaries, the URL as id."""
    items = _items(stories, BLOG)
    entries = []
    for copy, _story in items:
        entries.append(
            "  <entry>\n"
            f"    <title>{xml_escape(copy.title)}</title>\n"
            f'    <link href="{html_attr(copy.url)}"/>\n'
            f"    <id>{xml_escape(copy.item_id)}</id>\n"
            f"    <published>{iso_z(copy.published)}</published>\n"
            f"    <updated>{iso_z(copy.published)}</updated>\n"
            f'    <summary type="text">{xml_escape(copy.summary)}</summary>\n'
            "  </entry>\n"
        )
    latest = iso_z(items[0][0].published) if items else iso_z(WINDOW_START)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>Anthropic News</title>\n"
        '  <link href="https://anthropic.example/news"/>\n'
        '  <link rel="self" href="https://anthropic.example/news/feed.atom"/>\n'
        "  <id>https://anthropic.example/news</id>\n"
        f"  <updated>{latest}</updated>\n"
        "  <author>\n    <name>Anthropic</name>\n  </author>\n" + "".join(entries) + "</feed>\n"
    )


def _write_search_rss(stories: Sequence[Story]) -> str:
    """A news-search feed (Google News style): opaque guids, <source>, GMT dates."""
    items = _items(stories, SEARCH)
    entries = []
    for copy, _story in items:
        outlet = next(o for o in OUTLETS.values() if urlsplit(copy.url).hostname == o.host)
        entries.append(
            "<item>"
            f"<title>{xml_escape(copy.title)}</title>"
            f"<link>{xml_escape(copy.url)}</link>"
            f'<guid isPermaLink="false">{copy.item_id}</guid>'
            f"<pubDate>{rfc822(copy.published, gmt=True)}</pubDate>"
            f"<description>{xml_escape(f'<p>{html_text(copy.summary)}</p>')}</description>"
            f'<source url="https://{outlet.host}">{xml_escape(outlet.name)}</source>'
            "</item>"
        )
    latest = rfc822(items[0][0].published, gmt=True) if items else rfc822(WINDOW_START)
    query = "%22Anthropic%22+OR+%22Claude%22+OR+%22ChatGPT%22+OR+%22Gemini%22"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
        "<generator>NFE/5.0</generator>"
        "<title>&quot;Anthropic&quot; OR &quot;Claude&quot; OR &quot;ChatGPT&quot; OR "
        "&quot;Gemini&quot; - News search</title>"
        f"<link>https://news.search.example/search?q={query}&amp;hl=en-US&amp;gl=US</link>"
        "<language>en-US</language>"
        "<webMaster>news-webmaster@search.example</webMaster>"
        "<copyright>2026 News Search. All rights reserved.</copyright>"
        f"<lastBuildDate>{latest}</lastBuildDate>"
        "<description>News search results</description>" + "".join(entries) + "</channel></rss>\n"
    )


__all__ = ["write_feeds"]
