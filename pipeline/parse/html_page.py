"""Decode, screen and parse one fetched HTML page into an lxml tree (nothing is fetched).

`read_html_page(payload, source=..., url=..., content_type=...) -> HtmlPage` decodes the page
and parses it leniently with libxml2's HTML parser (unclosed tags, stray markup and broken
encodings are fine); pipeline.parse.article_html reads the article from the tree.

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
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

from pipeline.core.errors import ParseError
from pipeline.parse.html_text import CONTROL_CHARACTERS

try:  # an httpx dependency; optional here (detection falls back to windows-1252)
    import charset_normalizer
except ImportError:  # pragma: no cover - depends on the environment
    charset_normalizer = None

MAX_PAYLOAD_BYTES = 20 * 1024 * 1024
MAX_ELEMENTS = 200_000
MAX_DEPTH = 256
META_SCAN_BYTES = 4096
_SAMPLE_CHARS = 65_536
_MAX_CONTROL_RATIO = 0.01

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
        controls = len(CONTROL_CHARACTERS.findall(sample))
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
        has_controls = CONTROL_CHARACTERS.search(text) is not None
        if has_controls:
            _check_controls(text[:_SAMPLE_CHARS], source, url)
    else:
        # ASCII-compatible encodings keep control bytes as themselves: count them in C.
        _check_controls(payload[:_SAMPLE_CHARS], source, url)
        has_controls = len(payload.translate(None, _CONTROL_BYTES)) != len(payload)
        text, codec = _decode(payload, content_type)
    if has_controls:
        text = CONTROL_CHARACTERS.sub("", text)  # lxml refuses control characters in text nodes
    if _HTML_TAG.search(text) is None:
        raise ParseError(source, url, "not HTML: no HTML tags found")
    data = payload if codec == "utf-8" and not has_controls else text.encode("utf-8", "replace")
    if data.count(b"<") > MAX_ELEMENTS:
        elements = len(_START_TAG.findall(data))
        if elements > MAX_ELEMENTS:
            raise ParseError(source, url, f"too many elements: {elements} > {MAX_ELEMENTS}")
    return _Decoded(data, codec)


SAFE_HTML_PARSER_OPTIONS: dict[str, object] = {
    "encoding": "utf-8",
    "remove_comments": True,
    "remove_pis": True,
    "no_network": True,
    "recover": True,
    "huge_tree": False,
    "default_doctype": False,
}
"""Options of every HTML parser of outside pages: UTF-8 input, no network, no huge trees."""


def _parse_tree(data: bytes, source: str, url: str) -> etree._Element:
    # A fresh parser per page: lxml parsers keep state and are not safe to share across threads.
    parser = etree.HTMLParser(**SAFE_HTML_PARSER_OPTIONS)
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


@dataclass(slots=True, frozen=True)
class HtmlPage:
    """A parsed page: the root of its lxml tree and the codec its bytes were decoded with."""

    root: etree._Element
    encoding: str


def read_html_page(
    payload: bytes, *, source: str, url: str, content_type: str | None = None
) -> HtmlPage:
    """Decode, screen and parse one page (`content_type` is the HTTP header, if any).

    Raises:
        ParseError: record `url`, for a page that is too large, binary, not HTML or a
            pathological tree (see module docstring for the limits).
    """
    decoded = _prepare(payload, content_type, source, url)
    return HtmlPage(_parse_tree(decoded.data, source, url), decoded.encoding)
