"""Parse untrusted XML payloads without entity expansion, DTD loading or network access."""

from __future__ import annotations

import codecs
import re

from lxml import etree

from pipeline.core.errors import ParseError

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


def parse_xml(payload: bytes, source: str) -> etree._Element:
    """Parse `payload` into an lxml element tree and return its root.

    Raises ParseError(source, 'payload', ...) for an empty or non-XML payload and for any
    document type declaration that declares entities (billion laughs, XXE): those are refused
    before parsing, so nothing is ever expanded or fetched.
    """
    if not payload or not payload.strip():
        raise ParseError(source, "payload", "empty payload")
    view = _ascii_view(payload)
    doctype = _DOCTYPE.search(view)
    if doctype is not None and _ENTITY.search(view, doctype.end()):
        raise ParseError(
            source, "payload", "DOCTYPE with ENTITY declarations refused (XXE/expansion)"
        )
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
