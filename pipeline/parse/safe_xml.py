"""Parse untrusted XML payloads without entity expansion, DTD loading or network access.

`parse_xml` is the strict parser (lxml); `refuse_unsafe` is the gate every reader passes a
payload through first (empty payloads and DOCTYPEs that declare entities are refused, so no
reader ever sees them); `to_utf8` chooses a payload's encoding the way feedparser does (BOM,
XML declaration, HTTP charset, UTF-8, then detection of undeclared legacy encodings such as
Big5, Shift_JIS or windows-1252) and returns the payload as UTF-8 with the encoding chosen.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

from pipeline.core.errors import ParseError


class RefusedPayloadError(ParseError):
    """A payload no reader may see: empty, or a DOCTYPE that declares entities."""


@dataclass(slots=True, frozen=True)
class Utf8Payload:
    """A payload as UTF-8 (or untouched, when it already reads as declared) and its encoding."""

    data: bytes
    encoding: str  # Python codec name, e.g. 'utf-8', 'big5', 'cp1252'
    how: str  # 'bom', 'declared', 'http', 'default' (UTF-8) or 'detected'

    @property
    def label(self) -> str:
        """The encoding and how it was chosen, as recorded: 'big5 (detected)'."""
        return f"{self.encoding} ({self.how})"


# A fresh parser per payload: lxml parsers keep state and are not safe to share across threads.
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),  # (the BOM itself is dropped when transcoding)
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)
_DETECT_BYTES = 64 * 2**10
_STANDARD_NAMES = {"cp932": "shift_jis", "cp949": "euc_kr", "cp950": "big5"}
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_EIGHT_BIT = frozenset({"iso8859-1", "cp1252", "ascii", "iso8859-15", "latin-1"})
# Detected encodings kept as detected: multi-byte (CJK) and the non-Latin single-byte ones.
_MULTI_BYTE_PREFIXES = ("utf", "big5", "cp93", "cp94", "cp95", "euc", "gb", "hz", "iso2022")
_MULTI_BYTE_PREFIXES += ("johab", "shift_jis")
_NON_LATIN_CODECS = frozenset(
    {"cp1251", "koi8-r", "koi8-u", "iso8859-5", "mac-cyrillic", "cp866", "cp855", "cp1253"}
    | {"iso8859-7", "cp1255", "iso8859-8", "cp1256", "iso8859-6", "cp874", "tis-620", "cp1258"}
    | {"iso8859-11", "mac-greek", "cp737", "cp862", "cp864", "cp869"}
)
# UTF-16/32 without a BOM: the first character is '<' (XML 1.0 appendix F).
_WIDE_PREFIXES = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


def _ascii_view(payload: bytes) -> bytes:
    """Return the payload as ASCII-compatible bytes so markup can be scanned for.

    UTF-16/32 payloads (BOM or NUL bytes near the start) are decoded and re-encoded; other
    encodings that feeds use (UTF-8, Latin-1, Windows-125x) already keep '<!' as ASCII.
    """
    head = payload[:4]
    if head.startswith(_WIDE_BOMS) or b"\x00" in head:
        for encoding in ("utf-32", "utf-16", "utf-16-le", "utf-16-be"):
            try:
                return payload.decode(encoding).encode("utf-8", "replace")
            except UnicodeDecodeError:
                continue
    return payload


def refuse_unsafe(payload: bytes, source: str) -> None:
    """Refuse a payload no reader may see.

    Raises:
        RefusedPayloadError: record 'payload' for an empty payload and for a document type
            declaration that declares entities (billion laughs, XXE).
    """
    if not payload or not payload.strip():
        raise RefusedPayloadError(source, "payload", "empty payload")
    view = _ascii_view(payload)
    doctype = _DOCTYPE.search(view)
    if doctype is not None and _ENTITY.search(view, doctype.end()):
        raise RefusedPayloadError(
            source, "payload", "DOCTYPE with ENTITY declarations refused (XXE/expansion)"
        )


def declared_encoding(payload: bytes) -> str | None:
    """The Python codec of the payload's BOM, else of its XML declaration (None if neither)."""
    for bom, name in _BOMS:
        if payload.startswith(bom):
            return name
    match = _DECLARATION.match(payload[:400])
    return _codec(match.group(1).decode("ascii")) if match else None


def http_charset(content_type: str | None) -> str | None:
    """The Python codec of the charset parameter of a Content-Type header (None if none)."""
    match = _CHARSET.search(content_type or "")
    return _codec(match.group(1)) if match else None


def to_utf8(payload: bytes, content_type: str | None = None) -> Utf8Payload:
    """Choose the payload's encoding and return it as UTF-8 (untouched when it reads as declared).

    The order is feedparser's (RFC 7303): BOM, the HTTP charset of `content_type`, the XML
    declaration, UTF-8, then detection (charset_normalizer over the first 64 KiB), else
    windows-1252 with replacement. A charset the bytes do not decode in is passed over, and
    so is an 8-bit HTTP charset when the bytes are UTF-8 with non-ASCII characters (servers
    default to ISO-8859-1; UTF-8 sequences do not happen by accident). A transcoded payload's
    declaration is rewritten to say UTF-8.
    """
    for bom, name in _BOMS:
        if payload.startswith(bom):
            return _transcode(payload, name, "bom", strict=False)
    for prefix, name in _WIDE_PREFIXES:
        if payload.startswith(prefix):
            return _transcode(payload, name, "detected", strict=False)
    declared = declared_encoding(payload)
    charset = http_charset(content_type)
    if charset in _EIGHT_BIT and not payload.isascii() and _decodes(payload, "utf-8"):
        charset = None
    candidates = [(charset, "http"), (declared, "declared"), ("utf-8", "default")]
    for name, how in candidates:
        if name is not None and _decodes(payload, name):
            if name == "utf-8" and declared in (None, "utf-8"):
                return Utf8Payload(payload, "utf-8", how)
            return _transcode(payload, name, how, strict=True)
    return _transcode(payload, _detect(payload), "detected", strict=False)


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decodes(payload: bytes, name: str) -> bool:
    try:
        payload.decode(name)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _detect(payload: bytes) -> str:
    # Imported on use: only payloads in no declared or UTF-8 encoding need detection.
    from charset_normalizer import from_bytes

    best = from_bytes(payload[:_DETECT_BYTES]).best()
    name = _codec(best.encoding) if best is not None else None
    if name in _STANDARD_NAMES and _decodes(payload, _STANDARD_NAMES[name]):
        return _STANDARD_NAMES[name]  # the standard charset when the bytes keep to it
    if name is not None and (name.startswith(_MULTI_BYTE_PREFIXES) or name in _NON_LATIN_CODECS):
        return name
    # Short Western texts read as any of the Latin code pages (cp1250, cp775, mac-roman...);
    # feedparser's fallback, windows-1252, is the likeliest of them, and ISO-8859-1 when no
    # byte uses the range where the two differ (0x80-0x9F).
    if _decodes(payload, "cp1252"):
        return "cp1252" if _C1_BYTES.search(payload) else "iso8859-1"
    return name or "cp1252"


def _transcode(payload: bytes, name: str, how: str, *, strict: bool) -> Utf8Payload:
    text = payload.decode(name, "strict" if strict else "replace").lstrip("\ufeff")
    declaration = re.match(r"\s*<\?xml[^>]*?\?>", text)
    if declaration is not None:
        text = '<?xml version="1.0" encoding="utf-8"?>' + text[declaration.end() :]
    return Utf8Payload(text.encode("utf-8", "replace"), name, how)


def parse_xml(payload: bytes, source: str) -> etree._Element:
    """Parse `payload` into an lxml element tree and return its root.

    Raises ParseError(source, 'payload', ...) for an empty or non-XML payload and for any
    document type declaration that declares entities (billion laughs, XXE): those are refused
    before parsing (`refuse_unsafe`), so nothing is ever expanded or fetched.
    """
    refuse_unsafe(payload, source)
    try:
        root = etree.fromstring(payload, _parser())
    except etree.XMLSyntaxError as err:
        raise ParseError(source, "payload", f"not well-formed XML: {err.msg}") from err
    except (etree.LxmlError, ValueError, LookupError) as err:
        raise ParseError(source, "payload", f"unreadable XML: {err}") from err
    if root is None:
        raise ParseError(source, "payload", "no root element")
    dtd = root.getroottree().docinfo.internalDTD
    # Second line of defence for encodings the byte scan cannot read (e.g. EBCDIC).
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ParseError(
            source, "payload", "DOCTYPE with ENTITY declarations refused (XXE/expansion)"
        )
    return root
