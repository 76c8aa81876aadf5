"""Turn HTML into plain text, and normalize the small text values pages and feeds carry.

Shared by the article extractor (pipeline.parse.article_html), the news feed reader
(pipeline.parse.news_feed, pipeline.parse.xml_feed) and the social parsers:
`html_to_text` (an HTML fragment as one line of text), `text_blocks` (an element's text split
at block boundaries), `text_content`, `collapse_whitespace`, `normalize_language` (primary
language subtag) and `http_url` (an absolute http(s) URL or None). Nothing is fetched.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import quote, urljoin, urlsplit

from lxml import etree

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""Control characters lxml refuses in text nodes (tab, newlines and form feed are allowed)."""

_MARKUP = re.compile(r"<[A-Za-z!/?]")
_SEP = "\ue000"  # block separator (private use; lxml refuses control characters in text)
_BLOCK_TAGS = (
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th", "thead", "tbody", "tfoot",
    "caption", "section", "article", "main", "header", "footer", "aside", "nav", "figure",
    "address", "details", "summary", "fieldset", "form", "center", "body",
)  # fmt: skip
_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})


def collapse_whitespace(text: str) -> str:
    """Return `text` with every run of whitespace replaced by one space, stripped."""
    return " ".join(text.split())


def text_content(element: etree._Element) -> str:
    """Return all text inside `element` (not its tail), as lxml's text serialization gives it."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _mark_blocks(element: etree._Element, clean: bool) -> None:
    for block in element.iter(*_BLOCK_TAGS):
        text, tail = block.text, block.tail
        if clean:
            text = CONTROL_CHARACTERS.sub("", text or "")
            tail = CONTROL_CHARACTERS.sub("", tail or "")
        block.text = _SEP + text if text else _SEP
        block.tail = _SEP + tail if tail else _SEP


def text_blocks(element: etree._Element) -> list[str]:
    """Return the text of `element` split at block boundaries, each block whitespace-collapsed.

    Drops script/style/noscript/template content; modifies the tree (marks the blocks).
    """
    etree.strip_elements(element, "script", "style", "noscript", "template", with_tail=False)
    try:
        _mark_blocks(element, clean=False)
    except ValueError:  # a character reference to a control character (&#11;)
        _mark_blocks(element, clean=True)
    parts = text_content(element).split(_SEP)
    return [collapse_whitespace(part) for part in parts if part and not part.isspace()]


def html_to_text(markup: str) -> str:
    """Turn an HTML fragment (a feed description) into one line of plain text.

    Tags are removed (block boundaries become spaces, script/style content is dropped),
    entities unescaped and whitespace collapsed. Text without markup is only unescaped.
    """
    if not markup:
        return ""
    if _MARKUP.search(markup) is None:
        return collapse_whitespace(html_lib.unescape(markup) if "&" in markup else markup)
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = etree.fromstring(("<html><body>" + markup).encode("utf-8", "replace"), parser)
    except (etree.LxmlError, ValueError):
        return collapse_whitespace(html_lib.unescape(re.sub(r"<[^>]*>", " ", markup)))
    if root is None:
        return ""
    return collapse_whitespace(" ".join(text_blocks(root)))


def normalize_language(raw: str | None) -> str | None:
    """Return the primary language subtag in lower case ('en-GB' -> 'en'), or None."""
    if not raw:
        return None
    first = raw.split(",")[0].strip()
    match = _LANGUAGE.fullmatch(first)
    if match is None:
        return None
    primary = match.group(1).lower()
    return None if primary in _NO_LANGUAGE else primary


# Removed from a URL as a browser removes them (WHATWG URL: ASCII tab and newline).
_URL_REMOVED = str.maketrans("", "", "\t\r\n")
# Percent-encoded (as UTF-8) where they remain: spaces, other whitespace and controls.
_URL_ENCODED = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def _percent_encoded(match: re.Match[str]) -> str:
    return quote(match.group(), safe="")


def http_url(href: str | None, base: str | None) -> str | None:
    """Return `href` made absolute against `base` when it is an http(s) URL with a host.

    Tabs and newlines inside it are removed and other whitespace and control characters
    percent-encoded, as a browser does, so the URL is one token. None for a missing or blank
    `href`, another scheme (mailto:, javascript:, file:) or an unparsable URL.
    """
    if not href or not href.strip():
        return None
    href = _URL_ENCODED.sub(_percent_encoded, href.strip().translate(_URL_REMOVED))
    try:
        absolute = urljoin(base, href) if base else href
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "%" in parts.hostname:
        return None  # (a host with a space or control character now holds a '%')
    return absolute
