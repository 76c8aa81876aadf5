"""Main text of an article page by trafilatura, inside the extractor's hostile-page limits.

`library_text(root, url, min_chars=...)` runs trafilatura's `bare_extraction` (precision
mode, comments and images off, tables on, no metadata: nothing is fetched) on a copy of the
page's tree as `pipeline.parse.html_page` decoded, screened and parsed it, so the size,
element, nesting and charset limits of that module hold (the copy is re-parsed from the
screened tree with the same parser options: no network, no huge tree, no entity expansion).
Fast mode first (trafilatura's main extractor alone); its full cascade, with the readability
and jusText fallbacks, only when fast mode finds under `min_chars` characters.

Time bound: trafilatura's time grows with the elements it walks, up to ~90 µs per element on
text-dense pathological pages (a 20,000-element page of `<div><p>` took 1.7 s in full mode);
pages over LIBRARY_MAX_ELEMENTS elements (scripts, styles and other junk already stripped)
are left to the own extractor (pipeline.parse.article_html), which is linear and several
times faster. Real article pages have a few hundred to a few thousand elements.

The text is trafilatura's plain text, one block per line, turned into the extractor's form:
blocks joined by blank lines, whitespace collapsed, lines without a letter or digit (a
table's `|---|` rule) dropped. None when the page is over the budget, or trafilatura finds
too little or fails: the own extractor then reads the page.
"""

from __future__ import annotations

import logging
import re

import lxml_html_clean  # noqa: F401  (lxml 6 ships lxml.html.clean apart; jusText needs it)
import trafilatura
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from pipeline.parse.html_page import SAFE_HTML_PARSER_OPTIONS
from pipeline.parse.html_text import collapse_whitespace

LIBRARY_MAX_ELEMENTS = 8_000
# Per-page notes ("discarding data") would flood the run's log; quarantine and counts cover it.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
_WORD = re.compile(r"\w")


def element_count(root: etree._Element, limit: int) -> int:
    """Number of elements under `root`, counting stops past `limit`."""
    count = 0
    for _ in root.iter():
        count += 1
        if count > limit:
            break
    return count


def _html_tree(root: etree._Element) -> HtmlElement:
    """`root` as an lxml.html tree (trafilatura's input type), by one serialise-and-parse.

    The page stays parsed with etree's classes (lxml.html's per-node class lookup made the
    own extractor's walk of a 190,000-element page a third slower); the copy is made only for
    pages within the budget, where it costs well under a millisecond.
    """
    parser = lxml_html.HTMLParser(**SAFE_HTML_PARSER_OPTIONS)
    data = etree.tostring(root, encoding="utf-8", method="html")
    tree = etree.fromstring(data, parser)
    if not isinstance(tree, HtmlElement):
        raise TypeError("not an HTML tree")
    return tree


def _run(tree: HtmlElement, url: str | None, *, fast: bool) -> str:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=fast,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
        deduplicate=False,
    )
    raw = getattr(document, "text", None) if document is not None else None
    if not raw:
        return ""
    blocks = [collapse_whitespace(line) for line in raw.splitlines()]
    return "\n\n".join(b for b in blocks if _WORD.search(b))


def library_text(root: etree._Element, url: str | None = None, *, min_chars: int = 1) -> str | None:
    """Main text of the page by trafilatura (blocks joined by blank lines), or None.

    trafilatura's fast mode first (its main extractor alone); when that yields under
    `min_chars` characters, its full cascade (the readability and jusText fallbacks too).
    None: the tree has over LIBRARY_MAX_ELEMENTS elements, or trafilatura extracts under
    `min_chars` characters or raises.
    """
    if element_count(root, LIBRARY_MAX_ELEMENTS) > LIBRARY_MAX_ELEMENTS:
        return None
    try:
        tree = _html_tree(root)
        text = _run(tree, url, fast=True)
        if len(text) < min_chars:
            text = _run(tree, url, fast=False)
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError, etree.LxmlError):
        return None
    return text if len(text) >= min_chars else None
