"""Extract metadata and main text from one article HTML page (lxml tree, nothing fetched).

`extract_article(payload, url, source=..., content_type=...) -> ArticlePage` decodes the page,
parses it leniently with libxml2's HTML parser (unclosed tags, stray markup and broken
encodings are fine) and reads:

- title: og:title, twitter:title, the first <h1> of the article, <title> without its
  ' | Site' / ' - Site' suffix, JSON-LD headline;
- canonical_url: <link rel=canonical>, else og:url, made absolute against <base href> / `url`;
  only http(s) URLs are kept (an AMP page's canonical is the non-AMP page);
- published_at (aware UTC): article:published_time, JSON-LD datePublished (@graph, lists,
  @id references; broken JSON-LD is skipped), <time datetime> inside the article,
  <meta name=date|pubdate|publish-date|dc.date|...>; naive times are taken as UTC;
- author: meta author, article:author (not a profile URL), JSON-LD author name(s),
  rel=author link text;
- language: <html lang>, og:locale, content-language; primary subtag only ('en-US' -> 'en');
- text: script/style/nav/header/footer/aside/form/... and elements whose class, id, role or
  aria-label mark cookie banners, consent, share widgets, newsletters, related stories,
  comments, ads, breadcrumbs or social links are dropped (never an element that holds the
  article); then the main container is [itemprop=articleBody], else the largest <article>,
  else <main>/[role=main], else the block with the most paragraph text (readability-style
  scores of <p> text per parent and grandparent). Blocks are joined by blank lines, whitespace
  collapsed. Less than MIN_TEXT_CHARS of text gives text='' (the caller keeps the feed summary).

Charset: a byte-order mark, then the HTTP `content_type` charset, then <meta charset> /
http-equiv Content-Type (or an XML declaration) in the first META_SCAN_BYTES, then strict UTF-8,
then detection: charset-normalizer when installed, trusted only for non-Latin scripts (on
short Latin pages it confuses windows-1252 with its Baltic/Central European siblings), else
windows-1252. Labels map as browsers do (WHATWG): ISO-8859-1 and ASCII decode as
windows-1252, Shift_JIS as cp932, GB2312/GBK as GB18030; a BOM wins over the HTTP header.

Limits (hostile or broken payloads raise ParseError(source, url, reason), quickly):
MAX_PAYLOAD_BYTES (20 MiB); MAX_ELEMENTS start tags (200,000, counted before parsing);
nesting deeper than MAX_DEPTH (256 levels: libxml2's limit without XML_PARSE_HUGE, past
which it would silently cut the page); binary content (NUL or other control characters
above 1% of the first 64 KiB); no HTML markup at all. (The Verge fixture, 210 KB, has 518
elements nested 19 deep.) Nothing but ParseError leaves this module.

`parse_timestamp`, `html_to_text` and `normalize_language` are shared with the news feed
parser (pipeline.parse.news_feed).
"""

from __future__ import annotations

import codecs
import html as html_lib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.core.errors import ParseError
from pipeline.core.models import ArticlePage

try:  # an httpx dependency; optional here (detection falls back to windows-1252)
    import charset_normalizer
except ImportError:  # pragma: no cover - depends on the environment
    charset_normalizer = None

MAX_PAYLOAD_BYTES = 20 * 1024 * 1024
MAX_ELEMENTS = 200_000
MAX_DEPTH = 256
MIN_TEXT_CHARS = 200
META_SCAN_BYTES = 4096
_SAMPLE_CHARS = 65_536
_MAX_CONTROL_RATIO = 0.01
_MAX_JSON_LD_CHARS = 1_000_000
_MAX_JSON_LD_NODES = 500
_MAX_JSON_LD_DEPTH = 12

# --- charset ---------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Python codec name -> the codec browsers actually use for that label (WHATWG Encoding).
_WEB_CODEC = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
    # A page cannot declare a UTF-16/32 encoding in its own ASCII markup; browsers read UTF-8.
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "utf-32": "utf-8",
    "utf-32-le": "utf-8",
    "utf-32-be": "utf-8",
}
_EXTRA_LABELS = {
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "iso-8859-8-i": "iso8859-8",
    "x-gbk": "gb18030",
}
# Only real web text encodings: a label like 'utf-7', 'unicode_escape' or 'base64' is ignored.
_ALLOWED_CODECS = frozenset(
    {
        "utf-8", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256",
        "cp1257", "cp1258", "cp874", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic",
        "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7",
        "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16",
        "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949",
    }
)  # fmt: skip
# Detector guesses for Latin-script single-byte pages; windows-1252 wins over them (see above).
_LATIN_GUESSES = frozenset(
    {
        "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_1", "iso8859_2",
        "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14",
        "iso8859_15", "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish",
        "cp437", "cp850", "cp852", "cp858", "cp1125", "ascii",
    }
)  # fmt: skip
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)"
    rb"|<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:\-]+)",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|link|script|style|div|p|a|span|article|"
    r"main|section|header|footer|nav|h[1-6]|table|ul|ol|li|br|img|form|iframe|noscript)[\s/>]",
    re.IGNORECASE,
)
_START_TAG = re.compile(rb"<[A-Za-z]")


@dataclass(slots=True, frozen=True)
class _Decoded:
    data: bytes  # UTF-8 bytes for the parser
    encoding: str


def _codec(label: str | None) -> str | None:
    """Python codec for a charset label as browsers read it, or None if unknown/unsafe."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    key = _EXTRA_LABELS.get(key, key)
    try:
        name = codecs.lookup(key).name
    except (LookupError, ValueError):
        return None
    name = _WEB_CODEC.get(name, name)
    return name if name in _ALLOWED_CODECS else None


def _meta_codec(head: bytes) -> str | None:
    for match in _META_CHARSET.finditer(head):
        codec = _codec((match.group(1) or match.group(2)).decode("ascii", "replace"))
        if codec:
            return codec
    return None


def _detect_codec(payload: bytes) -> str:
    if charset_normalizer is not None:
        best = charset_normalizer.from_bytes(payload[:_SAMPLE_CHARS]).best()
        if best is not None and best.encoding not in _LATIN_GUESSES:
            codec = _codec(best.encoding)
            if codec:
                return codec
    return "cp1252"


def _decode(payload: bytes, content_type: str | None) -> tuple[str, str]:
    """Return (text, codec): BOM, HTTP charset, meta charset, strict UTF-8, detection."""
    for bom, codec in _BOMS:
        if payload.startswith(bom):
            return payload[len(bom) :].decode(codec, "replace"), codec
    declared = None
    if content_type:
        match = _CT_CHARSET.search(content_type)
        declared = _codec(match.group(1)) if match else None
    declared = declared or _meta_codec(payload[:META_SCAN_BYTES])
    if declared:
        return payload.decode(declared, "replace"), declared
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        codec = _detect_codec(payload)
        return payload.decode(codec, "replace"), codec


_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def _check_controls(sample: bytes | str, source: str, url: str) -> None:
    if isinstance(sample, bytes):
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    else:
        controls = len(_CONTROL.findall(sample))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise ParseError(
            source, url, f"binary content: {controls} control characters in {len(sample)}"
        )


def _prepare(payload: bytes, content_type: str | None, source: str, url: str) -> _Decoded:
    """Decode, screen (size, binary, not HTML, element count) and re-encode as UTF-8."""
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ParseError(source, url, f"page too large: {len(payload)} bytes > {MAX_PAYLOAD_BYTES}")
    if not payload.strip():
        raise ParseError(source, url, "empty page")
    wide = payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
    if wide:
        text, codec = _decode(payload, content_type)
        has_controls = _CONTROL.search(text) is not None
        if has_controls:
            _check_controls(text[:_SAMPLE_CHARS], source, url)
    else:
        # ASCII-compatible encodings keep control bytes as themselves: count them in C.
        _check_controls(payload[:_SAMPLE_CHARS], source, url)
        has_controls = len(payload.translate(None, _CONTROL_BYTES)) != len(payload)
        text, codec = _decode(payload, content_type)
    if has_controls:
        text = _CONTROL.sub("", text)  # lxml refuses control characters in text nodes
    if _HTML_TAG.search(text) is None:
        raise ParseError(source, url, "not HTML: no HTML tags found")
    data = payload if codec == "utf-8" and not has_controls else text.encode("utf-8", "replace")
    if data.count(b"<") > MAX_ELEMENTS:
        elements = len(_START_TAG.findall(data))
        if elements > MAX_ELEMENTS:
            raise ParseError(source, url, f"too many elements: {elements} > {MAX_ELEMENTS}")
    return _Decoded(data, codec)


def _parse_tree(data: bytes, source: str, url: str) -> etree._Element:
    # A fresh parser per page: lxml parsers keep state and are not safe to share across threads.
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=False,
        default_doctype=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError) as err:
        raise ParseError(source, url, f"unparsable HTML: {err}") from err
    limits = parser.error_log.filter_types([etree.ErrorTypes.ERR_RESOURCE_LIMIT])
    if limits:
        raise ParseError(
            source, url, f"pathological tree (nesting deeper than {MAX_DEPTH}): {limits[0].message}"
        )
    if root is None:
        raise ParseError(source, url, "no HTML element")
    return root


# --- shared helpers (also used by pipeline.parse.news_feed) ---------------------------------

# Zone abbreviations email.utils does not know; German feeds write MEZ/MESZ.
_ZONES = {
    "CET": "+0100", "CEST": "+0200", "MEZ": "+0100", "MESZ": "+0200", "WET": "+0000",
    "WEST": "+0100", "EET": "+0200", "EEST": "+0300", "BST": "+0100", "MSK": "+0300",
    "IST": "+0530", "SGT": "+0800", "HKT": "+0800", "AWST": "+0800", "JST": "+0900",
    "KST": "+0900", "ACST": "+0930", "AEST": "+1000", "AEDT": "+1100", "NZST": "+1200",
    "NZDT": "+1300", "HST": "-1000", "AKST": "-0900", "AKDT": "-0800", "NST": "-0330",
    "NDT": "-0230",
}  # fmt: skip
_EMAIL_ZONES = frozenset(
    {"UT", "UTC", "GMT", "Z", "AST", "ADT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"}
)
_TRAILING_ZONE = re.compile(r"\s([A-Za-z]{1,5})\s*$")
_FRACTION = re.compile(r"(\.\d{6})\d+")
_MIN_YEAR, _MAX_YEAR = 1970, 2200


def parse_timestamp(raw: str | None) -> datetime | None:
    """Parse an ISO-8601 or RFC-822 timestamp into an aware UTC datetime (None if unusable).

    Offsets are applied ('+01:00', '-0500', 'EST', 'MESZ'); a time without zone is taken as
    UTC; a date alone is midnight UTC. Unknown zone names and years outside 1970-2200 give None.
    """
    if not raw:
        return None
    value = raw.strip()
    if not value or len(value) > 100:
        return None
    try:
        if value[:4].isdigit():
            parsed = datetime.fromisoformat(_FRACTION.sub(r"\1", value.replace(" UTC", "Z")))
        else:
            zone = _TRAILING_ZONE.search(value)
            if zone is not None:
                name = zone.group(1).upper()
                if name in _ZONES:
                    value = value[: zone.start(1)] + _ZONES[name]
                elif name not in _EMAIL_ZONES:
                    return None
            parsed = parsedate_to_datetime(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        parsed = parsed.astimezone(UTC)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return parsed if _MIN_YEAR <= parsed.year <= _MAX_YEAR else None


_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})


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


def _collapse(text: str) -> str:
    return " ".join(text.split())


_MARKUP = re.compile(r"<[A-Za-z!/?]")


def html_to_text(markup: str) -> str:
    """Turn an HTML fragment (a feed description) into one line of plain text.

    Tags are removed (block boundaries become spaces, script/style content is dropped),
    entities unescaped and whitespace collapsed. Text without markup is only unescaped.
    """
    if not markup:
        return ""
    if _MARKUP.search(markup) is None:
        return _collapse(html_lib.unescape(markup) if "&" in markup else markup)
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = etree.fromstring(("<html><body>" + markup).encode("utf-8", "replace"), parser)
    except (etree.LxmlError, ValueError):
        return _collapse(html_lib.unescape(re.sub(r"<[^>]*>", " ", markup)))
    if root is None:
        return ""
    return _collapse(" ".join(_blocks(root)))


# --- text ------------------------------------------------------------------------------------

_SEP = "\ue000"  # block separator (private use; lxml refuses control characters in text)
_JUNK_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "applet", "canvas", "video", "audio", "picture", "map", "button",
    "select", "textarea", "input", "option", "label", "link", "meta", "title", "head",
    "figcaption", "dialog", "menu",
)  # fmt: skip
_BLOCK_TAGS = (
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th", "thead", "tbody", "tfoot",
    "caption", "section", "article", "main", "header", "footer", "aside", "nav", "figure",
    "address", "details", "summary", "fieldset", "form", "center", "body",
)  # fmt: skip


def _text_of(element: etree._Element) -> str:
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _mark_blocks(element: etree._Element, clean: bool) -> None:
    for block in element.iter(*_BLOCK_TAGS):
        text, tail = block.text, block.tail
        if clean:
            text, tail = _CONTROL.sub("", text or ""), _CONTROL.sub("", tail or "")
        block.text = _SEP + text if text else _SEP
        block.tail = _SEP + tail if tail else _SEP


def _blocks(element: etree._Element) -> list[str]:
    """Text of `element` split at block boundaries; each block whitespace-collapsed."""
    etree.strip_elements(element, "script", "style", "noscript", "template", with_tail=False)
    try:
        _mark_blocks(element, clean=False)
    except ValueError:  # a character reference to a control character (&#11;)
        _mark_blocks(element, clean=True)
    parts = _text_of(element).split(_SEP)
    return [_collapse(part) for part in parts if part and not part.isspace()]


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

    noise: list[etree._Element]
    bodies: list[etree._Element]  # [itemprop=articleBody]
    articles: list[etree._Element]
    mains: list[etree._Element]  # <main>, [role=main]


def _scan(body: etree._Element) -> _Scan:
    """One pass over the body (a plain Python loop beats libxml2's XPath here)."""
    scan = _Scan([], [], [], [])
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
                ((len(_text_of(e)), i) for i, e in enumerate(group)), key=lambda p: p[0]
            )
            if size >= minimum:
                return group[best]
    return None


def _densest_block(body: etree._Element) -> etree._Element | None:
    """Readability-style: score <p> text per parent (full) and grandparent (half)."""
    scores: dict[etree._Element, float] = {}
    for paragraph in body.iter("p", "pre"):
        text = _collapse(_text_of(paragraph))
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
        text = len(_collapse(_text_of(element)))
        if not text:
            continue
        linked = sum(len(_collapse(_text_of(a))) for a in element.iter("a"))
        limit = 0.95 if element.tag == "p" else LINK_DENSITY_MAX
        if linked / text > limit:
            _drop(element)


def _text_or_empty(container: etree._Element) -> str:
    _drop_link_lists(container)
    text = "\n\n".join(_blocks(container))
    return text if len(text) >= MIN_TEXT_CHARS else ""


def _drop_noise(noise: list[etree._Element], keep: set[etree._Element], total: int) -> None:
    """Drop boilerplate matches, except those in `keep` or holding over half of `total` text.

    The size guard spares wrappers whose class merely mentions ads or a sidebar
    (<div class="article-body has-ads">) while real boilerplate is small next to the article.
    """
    for element in noise:
        if element in keep or len(_text_of(element)) > total / 2:
            continue
        _drop(element)


def _main_text(body: etree._Element, scan: _Scan, container: etree._Element | None) -> str:
    """Drop boilerplate, then read the container (else the densest block).

    Boilerplate that holds the container is kept (e.g. <div class="page has-ads"> around
    the article), and so is a match holding over half of the container's (else the
    page's) text.
    """
    if container is not None:
        keep = {container, *container.iterancestors()}
        _drop_noise(scan.noise, keep, len(_text_of(container)))
        text = _text_or_empty(container)
        if text:
            return text
    else:
        _drop_noise(scan.noise, set(), len(_text_of(body)))
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
    author = _collapse(_BY.sub("", html_lib.unescape(raw)))
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
        value = _collapse(html_lib.unescape(meta.values.get(key, "")))
        if value:
            return _strip_site(value, site, generic=False)
    if meta.scope is not None:
        heading = next(meta.scope.iter("h1"), None)
        if heading is not None:
            value = _collapse(_text_of(heading))
            if value:
                return value
    head = root.find("head")
    title = head.find("title") if head is not None else None
    if title is None:
        title = next(iter(root.iter("title")), None)
    if title is not None:
        value = _collapse(_text_of(title))
        if value:
            return _strip_site(value, site, generic=True)
    for node in _ld_articles(meta.json_ld):
        headline = node.get("headline") or node.get("name")
        if isinstance(headline, str) and headline.strip():
            return _collapse(headline)
    heading = next(iter(root.iter("h1")), None)
    return (_collapse(_text_of(heading)) or None) if heading is not None else None


def _http_url(href: str | None, base: str) -> str | None:
    if not href or not href.strip():
        return None
    try:
        absolute = urljoin(base, href.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return absolute


def _rel(element: etree._Element) -> set[str]:
    return set((element.get("rel") or "").lower().split())


def _canonical(meta: _Meta, root: etree._Element, url: str) -> str | None:
    base = url
    for tag in root.iter("base"):
        base = _http_url(tag.get("href"), url) or url
        break
    for link in root.iter("link"):
        if "canonical" in _rel(link):
            found = _http_url(link.get("href"), base)
            if found:
                return found
    return _http_url(meta.values.get("og:url"), base)


def _is_published(element: etree._Element) -> bool:
    return "datePublished" in (element.get("itemprop") or "")


def _published(meta: _Meta, root: etree._Element) -> datetime | None:
    found = parse_timestamp(meta.values.get("article:published_time"))
    if found:
        return found
    for node in _ld_articles(meta.json_ld):
        value = node.get("datePublished")
        found = parse_timestamp(value) if isinstance(value, str) else None
        if found:
            return found
    times = list(meta.scope.iter("time")) if meta.scope is not None else []
    # Outside the article only a <time> marked as the publication date counts.
    times += [t for t in root.iter("time") if t.get("pubdate") is not None or _is_published(t)]
    for time in times:
        found = parse_timestamp(time.get("datetime"))
        if found:
            return found
    for key in _DATE_METAS:
        found = parse_timestamp(meta.values.get(key))
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
            author = _clean_author(_text_of(link) if link.tag == "a" else link.get("title"))
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


def _scope(container: etree._Element | None) -> etree._Element | None:
    """Where the article's <h1> and <time> live: the <article> around the container."""
    if container is None or container.tag == "article":
        return container
    return next(container.iterancestors("article"), container)


# --- entry point -----------------------------------------------------------------------------


def extract_article(
    payload: bytes, url: str, *, source: str, content_type: str | None = None
) -> ArticlePage:
    """Extract title, canonical URL, publication time, author, language and main text.

    `url` is the URL the page was fetched from (relative links resolve against it);
    `content_type` is the HTTP Content-Type header, if any. Reads nothing else.

    Raises:
        ParseError: record `url`, for a page that is too large, binary, not HTML or a
            pathological tree (see module docstring for the limits).
    """
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "replace")
    try:
        data = bytes(payload)
    except TypeError as err:
        raise ParseError(source, url, f"not bytes: {type(payload).__name__}") from err
    decoded = _prepare(data, content_type, source, url)
    root = _parse_tree(decoded.data, source, url)
    try:
        values, json_ld = _metas(root), _json_ld(root)
        body = root.find("body")
        if body is None:
            body = root
        etree.strip_elements(body, *_JUNK_TAGS, with_tail=False)
        scan = _scan(body)
        container = _container(scan)
        scope = _scope(container if container is not None else _container(scan, 0))
        meta = _Meta(values, json_ld, scope)
        canonical = _canonical(meta, root, url)
        title = _title(meta, root)
        published = _published(meta, root)
        author = _author(meta, root)
        language = _language(meta, root)
        text = _main_text(body, scan, container)  # last: it prunes the tree
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError) as err:
        # Defensive: an unforeseen page shape is reported as that page's problem.
        raise ParseError(source, url, f"extraction failed: {type(err).__name__}: {err}") from err
    return ArticlePage(
        url=url,
        canonical_url=canonical,
        title=title,
        published_at=published,
        author=author,
        text=text,
        language=language,
        encoding=decoded.encoding,
    )
