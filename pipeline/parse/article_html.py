"""Extract metadata and main text from one article HTML page (lxml tree, nothing fetched).

`extract_article(payload, url, source=..., content_type=...) -> ArticlePage` reads the page
(pipeline.parse.html_page) and then:

- title: og:title, twitter:title, the first <h1> of the article, <title> without its
  ' | Site' / ' - Site' suffix, JSON-LD headline;
- canonical_url: <link rel=canonical>, else og:url, made absolute against <base href> / `url`;
  only http(s) URLs of at most limits.MAX_URL_CHARS characters are kept (an AMP page's
  canonical is the non-AMP page);
- published_at (aware UTC): article:published_time, JSON-LD datePublished (@graph, lists,
  @id references; broken JSON-LD is skipped), <time datetime> inside the article,
  <meta name=date|pubdate|publish-date|dc.date|...>; naive times are taken as UTC. A date
  outside the plausible range (`limits.implausible_time`: before 2005-01-01 or after `now` +
  1 day) is skipped like an unreadable one: the next candidate counts, else None (the feed
  item's date then dates the story; a wrong date would put it on a wrong news_daily day);
- author: meta author, article:author (not a profile URL), JSON-LD author name(s),
  rel=author link text;
- language: <html lang>, og:locale, content-language; primary subtag only ('en-US' -> 'en');
- text: script/style/nav/header/footer/aside/form/... and elements whose class, id, role or
  aria-label mark cookie banners, consent, share widgets, newsletters, related stories,
  comments, ads, breadcrumbs or social links, and hidden elements, are dropped (never an
  element that holds the article, nor one holding over half of its text); then trafilatura
  reads the cleaned page (pipeline.parse.article_text: precision mode, fast mode first,
  pages of at most its element budget). Where it does not (over the budget, too little text
  or a failure) the own rules do: the main container is [itemprop=articleBody], else the
  largest <article>, else <main>/[role=main], else the block with the most paragraph text
  (readability-style scores of <p> text per parent and grandparent), link lists dropped.
  Blocks are joined by blank lines, whitespace collapsed; a headline block at the start
  (after at most a short kicker) is dropped, the title being a field of its own. Only the
  first TEXT_BUDGET_CHARS of page text are read. Less than MIN_TEXT_CHARS of text gives
  text='' (the caller keeps the feed summary).
- lengths (the raw archive keeps the page): title and author are cut to
  limits.MAX_TITLE_CHARS characters, text to limits.MAX_ARTICLE_TEXT_CHARS.

The page is decoded, screened and parsed by pipeline.parse.html_page (charsets, size and
nesting limits); nothing but ParseError leaves this module.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from pipeline.core.errors import ParseError
from pipeline.core.limits import (
    MAX_ARTICLE_TEXT_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    cap_text,
    implausible_time,
)
from pipeline.core.models import ArticlePage
from pipeline.parse.article_text import library_text
from pipeline.parse.html_page import read_html_page
from pipeline.parse.html_text import (
    collapse_whitespace,
    http_url,
    normalize_language,
    text_blocks,
    text_content,
)
from pipeline.parse.timestamps import parse_timestamp

MIN_TEXT_CHARS = 200
HEADLINE_BLOCKS = 3  # the headline is looked for among the first blocks of the text
KICKER_WORDS = 5  # a label before the headline ('AI', 'Opinion', 'Live')
TEXT_BUDGET_CHARS = 5 * MAX_ARTICLE_TEXT_CHARS  # page text read at most (see _truncate)
_MAX_JSON_LD_CHARS = 1_000_000
_MAX_JSON_LD_NODES = 500
_MAX_JSON_LD_DEPTH = 12

_JUNK_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "applet", "canvas", "video", "audio", "picture", "map", "button",
    "select", "textarea", "input", "option", "label", "link", "meta", "title", "head",
    "figcaption", "dialog", "menu",
)  # fmt: skip


# --- boilerplate -----------------------------------------------------------------------------

_LAYOUT_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})
_NOISE_ROLES = frozenset(
    {
        "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog",
        "search", "menu", "menubar", "toolbar", "alert", "tablist", "form",
    }
)  # fmt: skip
# Matched against lower-cased class, id and aria-label values (camelCase split first).
_NOISE_WORDS = re.compile(
    r"(?:^|[^a-z0-9])(?:"
    r"cookie|consent|gdpr|onetrust|newsletter|subscribe|sign-?up|share|sharing|social|"
    r"related|recommend|recirc|more-stories|read-more|comment(?!ary|ator)|disqus|advert|"
    r"sponsor|promo|outbrain|taboola|breadcrumb|pop-?up|modal|banner|sidebar|widget|"
    r"skip-link|jump-link|masthead|pagination|toolbar|sr-only|visually-hidden|"
    r"screen-reader|caption|credit|"
    r"ads?(?:$|[^a-z0-9])|ad-(?:slot|unit|container|wrapper)"
    r")"
)
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORDS_CACHE: dict[str, bool] = {}  # class/id values repeat within and across pages
_WORDS_CACHE_MAX = 50_000


def _noise_words(value: str) -> bool:
    hit = _WORDS_CACHE.get(value)
    if hit is None:
        normalized = _CAMEL.sub(r"\1-\2", value).lower().replace("_", "-").replace(" ", "-")
        hit = _NOISE_WORDS.search(normalized) is not None
        if len(_WORDS_CACHE) >= _WORDS_CACHE_MAX:
            _WORDS_CACHE.clear()
        _WORDS_CACHE[value] = hit
    return hit


@dataclass(slots=True)
class _Scan:
    """Boilerplate elements and article containers of a body, in document order."""

    body: etree._Element
    noise: list[etree._Element]
    bodies: list[etree._Element]  # [itemprop=articleBody]
    articles: list[etree._Element]
    mains: list[etree._Element]  # <main>, [role=main]


def _scan(body: etree._Element) -> _Scan:
    """One pass over the body (a plain Python loop beats libxml2's XPath here)."""
    scan = _Scan(body, [], [], [], [])
    noise = scan.noise.append
    for element in body.iter():
        tag = element.tag
        if tag in _LAYOUT_TAGS:
            noise(element)
            continue
        if tag == "article":
            scan.articles.append(element)
        elif tag == "main":
            scan.mains.append(element)
        for key, value in element.items():
            if key in ("class", "id", "aria-label"):
                if _noise_words(value):
                    noise(element)
                    break
            elif key == "role":
                role = value.strip().lower()
                if role == "main":
                    scan.mains.append(element)
                elif role in _NOISE_ROLES:
                    noise(element)
                    break
            elif key == "itemprop":
                if "articleBody" in value:
                    scan.bodies.append(element)
            elif key == "hidden":
                noise(element)
                break
            elif key == "aria-hidden":
                if value.strip().lower() == "true":
                    noise(element)
                    break
            elif key == "style" and _HIDDEN_STYLE.search(value):
                noise(element)
                break
    return scan


def _truncate(body: etree._Element, budget: int) -> None:
    """Drop what follows the first `budget` characters of text (in document order).

    The stored text is cut at MAX_ARTICLE_TEXT_CHARS anyway; this bounds the work of the
    steps below on a page of megabytes of text (a hostile or broken one) by the budget.
    """
    seen = 0
    for element in body.iter():
        seen += len(element.text or "") + len(element.tail or "")
        if seen > budget:
            break
    else:
        return
    for child in list(element):
        element.remove(child)
    node = element
    while node is not body:
        parent = node.getparent()
        if parent is None:
            break
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent


def _drop(element: etree._Element) -> None:
    """Remove an element and its subtree, keeping its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# --- main text -------------------------------------------------------------------------------


def _container(scan: _Scan, minimum: int = MIN_TEXT_CHARS) -> etree._Element | None:
    """The article container: [itemprop=articleBody], else the largest <article>, else <main>.

    A group is used when its largest member holds at least `minimum` characters (before
    cleaning).
    """
    for group in (scan.bodies, scan.articles, scan.mains):
        if group:
            size, best = max(
                ((len(text_content(e)), i) for i, e in enumerate(group)), key=lambda p: p[0]
            )
            if size >= minimum:
                return group[best]
    return None


def _densest_block(body: etree._Element) -> etree._Element | None:
    """Readability-style: score <p> text per parent (full) and grandparent (half)."""
    scores: dict[etree._Element, float] = {}
    for paragraph in body.iter("p", "pre"):
        text = collapse_whitespace(text_content(paragraph))
        if len(text) < 25:
            continue
        score = 1 + text.count(",") + min(len(text) / 100, 3)
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + score
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + score / 2
    if not scores:
        return None
    return max(scores.items(), key=lambda pair: pair[1])[0]


LINK_DENSITY_MAX = 0.5


def _drop_link_lists(container: etree._Element) -> None:
    """Drop lists and blocks that are mostly link text ('Read next', tag clouds, menus).

    Readability's link-density rule: an element whose linked text exceeds LINK_DENSITY_MAX
    of its text is navigation, not prose. Paragraphs are kept unless they are links alone.
    """
    for element in list(container.iter("ul", "ol", "div", "section", "table", "p", "h2", "h3")):
        if element is container or element.getparent() is None:
            continue
        text = len(collapse_whitespace(text_content(element)))
        if not text:
            continue
        linked = sum(len(collapse_whitespace(text_content(a))) for a in element.iter("a"))
        limit = 0.95 if element.tag == "p" else LINK_DENSITY_MAX
        if linked / text > limit:
            _drop(element)


def _text_or_empty(container: etree._Element) -> str:
    _drop_link_lists(container)
    text = "\n\n".join(text_blocks(container))
    return text if len(text) >= MIN_TEXT_CHARS else ""


def _drop_noise(noise: list[etree._Element], keep: set[etree._Element], total: int) -> None:
    """Drop boilerplate matches, except those in `keep` or holding over half of `total` text.

    The size guard spares wrappers whose class merely mentions ads or a sidebar
    (<div class="article-body has-ads">) while real boilerplate is small next to the article.
    """
    for element in noise:
        if element in keep or len(text_content(element)) > total / 2:
            continue
        _drop(element)


def _main_text(
    root: etree._Element, scan: _Scan, container: etree._Element | None, url: str
) -> str:
    """Drop boilerplate, then let trafilatura read the page, else the container or densest block.

    Boilerplate that holds the container is kept (e.g. <div class="page has-ads"> around
    the article), and so is a match holding over half of the container's (else the
    page's) text. trafilatura reads the cleaned page (pipeline.parse.article_text); the own
    rules read it when trafilatura does not (a page over its element budget, or too little
    text found).
    """
    body = scan.body
    if container is not None:
        keep = {container, *container.iterancestors()}
        _drop_noise(scan.noise, keep, len(text_content(container)))
    else:
        _drop_noise(scan.noise, set(), len(text_content(body)))
    library = library_text(root, url, min_chars=MIN_TEXT_CHARS)
    if library is not None:
        return library
    if container is not None:
        text = _text_or_empty(container)
        if text:
            return text
    block = _densest_block(body)
    return _text_or_empty(block) if block is not None else ""


# --- metadata --------------------------------------------------------------------------------

_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "techarticle",
        "liveblogposting", "scholarlyarticle", "report", "socialmediaposting", "posting",
    }
)  # fmt: skip
_DATE_METAS = (
    "date", "pubdate", "publish-date", "publish_date", "publishdate", "dc.date",
    "dc.date.issued", "dcterms.date", "dcterms.created", "article.published",
    "parsely-pub-date", "sailthru.date", "og:published_time", "datepublished",
)  # fmt: skip
_AUTHOR_METAS = ("author", "parsely-author", "sailthru.author", "dc.creator", "byl")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022\u00bb:]{1,2}\s+")
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_CDATA = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


@dataclass(slots=True)
class _Meta:
    values: dict[str, str]
    json_ld: list[dict]
    scope: etree._Element | None  # the article container before cleaning


def _metas(root: etree._Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if not key:
            key = meta.get("http-equiv")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    return values


def _json_ld(root: etree._Element) -> list[dict]:
    """Every JSON object in the page's JSON-LD blocks (flattened; broken blocks skipped)."""
    nodes: list[dict] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = _CDATA.sub("", script.text or "").strip()
        if not raw or len(raw) > _MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        stack: list[tuple[object, int]] = [(data, 0)]
        while stack and len(nodes) < _MAX_JSON_LD_NODES:
            value, depth = stack.pop()
            if depth > _MAX_JSON_LD_DEPTH:
                continue
            if isinstance(value, list):
                stack.extend((v, depth + 1) for v in reversed(value))
            elif isinstance(value, dict):
                nodes.append(value)
                stack.extend(
                    (v, depth + 1) for v in reversed(value.values()) if isinstance(v, list | dict)
                )
    return nodes


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.strip().lower() for k in kinds if isinstance(k, str)}


def _ld_articles(nodes: list[dict]) -> list[dict]:
    articles = [n for n in nodes if _types(n) & _ARTICLE_TYPES]
    return articles + [n for n in nodes if n not in articles and "datePublished" in n]


def _ld_names(value: object, by_id: dict[str, dict]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            node = item
            if "name" not in node and isinstance(node.get("@id"), str):
                node = by_id.get(node["@id"], node)
            name = node.get("name")
            if isinstance(name, str):
                names.append(name)
    return names


def _clean_author(raw: str | None) -> str | None:
    if not raw:
        return None
    author = collapse_whitespace(_BY.sub("", html_lib.unescape(raw)))
    if not author or len(author) > 200 or re.match(r"(?i)https?://|www\.", author):
        return None
    return author


def _join_names(names: list[str]) -> str | None:
    unique = list(dict.fromkeys(a for a in (_clean_author(n) for n in names) if a))
    return ", ".join(unique) or None


def _strip_site(title: str, site: str | None, *, generic: bool) -> str:
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1].strip()
    head = title[: title.rfind(last)].rstrip(" |-\u2013\u2014\u00b7\u2022\u00bb:")
    if site and last.lower() == site.strip().lower():
        return head
    if generic and len(last.split()) <= 4 and len(head.split()) > len(last.split()):
        return head
    return title


def _title(meta: _Meta, root: etree._Element) -> str | None:
    site = meta.values.get("og:site_name")
    for key in ("og:title", "twitter:title"):
        value = collapse_whitespace(html_lib.unescape(meta.values.get(key, "")))
        if value:
            return _strip_site(value, site, generic=False)
    if meta.scope is not None:
        heading = next(meta.scope.iter("h1"), None)
        if heading is not None:
            value = collapse_whitespace(text_content(heading))
            if value:
                return value
    head = root.find("head")
    title = head.find("title") if head is not None else None
    if title is None:
        title = next(iter(root.iter("title")), None)
    if title is not None:
        value = collapse_whitespace(text_content(title))
        if value:
            return _strip_site(value, site, generic=True)
    for node in _ld_articles(meta.json_ld):
        headline = node.get("headline") or node.get("name")
        if isinstance(headline, str) and headline.strip():
            return collapse_whitespace(headline)
    heading = next(iter(root.iter("h1")), None)
    return (collapse_whitespace(text_content(heading)) or None) if heading is not None else None


def _rel(element: etree._Element) -> set[str]:
    return set((element.get("rel") or "").lower().split())


def _short_url(href: str | None, base: str) -> str | None:
    found = http_url(href, base)
    return found if found is not None and len(found) <= MAX_URL_CHARS else None


def _canonical(meta: _Meta, root: etree._Element, url: str) -> str | None:
    base = url
    for tag in root.iter("base"):
        base = http_url(tag.get("href"), url) or url
        break
    for link in root.iter("link"):
        if "canonical" in _rel(link):
            found = _short_url(link.get("href"), base)
            if found:
                return found
    return _short_url(meta.values.get("og:url"), base)


def _is_published(element: etree._Element) -> bool:
    return "datePublished" in (element.get("itemprop") or "")


def _plausible(raw: str | None, now: datetime) -> datetime | None:
    """`raw` read as a time when it is readable and plausible, else None."""
    found = parse_timestamp(raw)
    return found if found is not None and implausible_time(found, now) is None else None


def _published(meta: _Meta, root: etree._Element, now: datetime) -> datetime | None:
    found = _plausible(meta.values.get("article:published_time"), now)
    if found:
        return found
    for node in _ld_articles(meta.json_ld):
        value = node.get("datePublished")
        found = _plausible(value, now) if isinstance(value, str) else None
        if found:
            return found
    times = list(meta.scope.iter("time")) if meta.scope is not None else []
    # Outside the article only a <time> marked as the publication date counts.
    times += [t for t in root.iter("time") if t.get("pubdate") is not None or _is_published(t)]
    for time in times:
        found = _plausible(time.get("datetime"), now)
        if found:
            return found
    for key in _DATE_METAS:
        found = _plausible(meta.values.get(key), now)
        if found:
            return found
    return None


def _author(meta: _Meta, root: etree._Element) -> str | None:
    author = _clean_author(meta.values.get("author"))
    if author:
        return author
    author = _clean_author(meta.values.get("article:author"))
    if author:
        return author
    # A bare {"@id": ...} is a reference: it must not shadow the node it points to.
    by_id = {n["@id"]: n for n in meta.json_ld if isinstance(n.get("@id"), str) and len(n) > 1}
    for node in _ld_articles(meta.json_ld):
        names = _ld_names(node.get("author") or node.get("creator"), by_id)
        if names and (author := _join_names(names)):
            return author
    for link in root.iter("a", "link"):
        if "author" in _rel(link):
            author = _clean_author(text_content(link) if link.tag == "a" else link.get("title"))
            if author:
                return author
    for key in _AUTHOR_METAS[1:]:
        author = _clean_author(meta.values.get(key))
        if author:
            return author
    return None


def _language(meta: _Meta, root: etree._Element) -> str | None:
    for raw in (
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        root.get("xml:lang"),
        meta.values.get("og:locale"),
        meta.values.get("content-language"),
        meta.values.get("language"),
        meta.values.get("dc.language"),
    ):
        language = normalize_language(raw)
        if language:
            return language
    return None


def _first_h1(root: etree._Element) -> str | None:
    heading = next(root.iter("h1"), None)
    return collapse_whitespace(text_content(heading)) if heading is not None else None


def _without_headline(text: str, headlines: tuple[str | None, ...]) -> str:
    """`text` without the headline block (the title is a field of its own).

    The headline is dropped when it is one of the first HEADLINE_BLOCKS blocks and only
    short labels (a kicker or section name of at most KICKER_WORDS words) precede it;
    those labels go with it.
    """
    known = {h.casefold() for h in headlines if h}
    if not known:
        return text
    blocks = text.split("\n\n", HEADLINE_BLOCKS)
    for i, block in enumerate(blocks[:HEADLINE_BLOCKS]):
        if block.casefold() in known:
            rest = text.split("\n\n", i + 1)[-1] if i + 1 < len(blocks) else ""
            return rest if len(rest) >= MIN_TEXT_CHARS else ""
        if len(block.split()) > KICKER_WORDS:
            break
    return text


def _scope(container: etree._Element | None) -> etree._Element | None:
    """Where the article's <h1> and <time> live: the <article> around the container."""
    if container is None or container.tag == "article":
        return container
    return next(container.iterancestors("article"), container)


# --- entry point -----------------------------------------------------------------------------


def extract_article(
    payload: bytes, url: str, *, source: str, now: datetime, content_type: str | None = None
) -> ArticlePage:
    """Extract title, canonical URL, publication time, author, language and main text.

    `url` is the URL the page was fetched from (relative links resolve against it);
    `now` is when it was fetched (the upper bound of a plausible publication time);
    `content_type` is the HTTP Content-Type header, if any. Reads nothing else.

    Raises:
        ParseError: record `url`, for a page that is too large, binary, not HTML or a
            pathological tree (see pipeline.parse.html_page for the limits).
    """
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "replace")
    try:
        data = bytes(payload)
    except TypeError as err:
        raise ParseError(source, url, f"not bytes: {type(payload).__name__}") from err
    page = read_html_page(data, source=source, url=url, content_type=content_type)
    root = page.root
    try:
        values, json_ld = _metas(root), _json_ld(root)
        body = root.find("body")
        if body is None:
            body = root
        etree.strip_elements(body, *_JUNK_TAGS, with_tail=False)
        _truncate(body, TEXT_BUDGET_CHARS)
        scan = _scan(body)
        container = _container(scan)
        scope = _scope(container if container is not None else _container(scan, 0))
        meta = _Meta(values, json_ld, scope)
        canonical = _canonical(meta, root, url)
        title = _title(meta, root)
        published = _published(meta, root, now)
        author = _author(meta, root)
        language = _language(meta, root)
        headlines = (title, _first_h1(root))
        text = _main_text(root, scan, container, url)  # last: it prunes the tree
        text = _without_headline(text, headlines)
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError) as err:
        # Defensive: an unforeseen page shape is reported as that page's problem.
        raise ParseError(source, url, f"extraction failed: {type(err).__name__}: {err}") from err
    return ArticlePage(
        url=url,
        canonical_url=canonical,
        title=cap_text(title, MAX_TITLE_CHARS),
        published_at=published,
        author=cap_text(author, MAX_TITLE_CHARS),
        text=cap_text(text, MAX_ARTICLE_TEXT_CHARS) or "",
        language=language,
        encoding=page.encoding,
    )
