"""Sniff the wire format of a status payload from its first bytes (and JSON shape)."""

import codecs
import json
import re
from typing import Any

from pipeline.core.errors import ParseError

STATUSPAGE_JSON = "statuspage_json"
GCLOUD_JSON = "gcloud_json"
XML = "xml"  # RSS/Atom; pipeline.parse.status_feed tells the feed dialects apart
UNKNOWN = "unknown"
DETECTED_FORMATS = (STATUSPAGE_JSON, GCLOUD_JSON, XML, UNKNOWN)

# Top-level keys of Statuspage API v2 documents: incidents.json / unresolved.json / summary.json,
# scheduled-maintenances*.json, and the single-incident object /api/v2/incidents/<id>.json.
STATUSPAGE_KEYS = frozenset({"incidents", "incident", "scheduled_maintenances"})
# Keys of one incident of status.cloud.google.com/incidents.json (a bare JSON array).
GCLOUD_KEYS = frozenset({"begin", "service_name", "affected_products"})

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HEAD_BYTES = 1024
_HINT_CHARS = 40
# The first root-ish tag decides XML feed vs HTML page (an HTML error page also starts with '<').
_FIRST_ROOT = re.compile(rb"<\s*(!doctype\s+html|html|rss|feed|rdf:rdf)\b", re.IGNORECASE)


def _head(payload: bytes) -> bytes:
    """Return the first bytes of the payload without BOM and leading whitespace (UTF-8 view)."""
    if payload.startswith(_UTF16_BOMS):
        # Rare, but legal for XML: re-encode the head so the byte checks below work.
        head = payload[: _HEAD_BYTES * 2].decode("utf-16", errors="ignore").encode("utf-8")
    else:
        head = payload[:_HEAD_BYTES].removeprefix(_UTF8_BOM)
    return head.lstrip(b" \t\r\n\f\v")


def _json_kind(document: object) -> str:
    if isinstance(document, dict):
        return STATUSPAGE_JSON if STATUSPAGE_KEYS & document.keys() else UNKNOWN
    # An empty array stays unknown: nothing tells a Google feed from any other empty list
    # (name the format in the catalog to accept it).
    if isinstance(document, list) and document and isinstance(document[0], dict):
        return GCLOUD_JSON if GCLOUD_KEYS & document[0].keys() else UNKNOWN
    return UNKNOWN


def sniff(payload: bytes) -> tuple[str, Any]:
    """Detect the payload's format; return it with the decoded JSON document (None if not JSON).

    The JSON is parsed once here so the caller can hand the document to the parser.
    Never raises.
    """
    head = _head(payload)
    if head.startswith(b"<"):
        match = _FIRST_ROOT.search(head)
        is_html = match is not None and match.group(1).lower().endswith(b"html")
        return (UNKNOWN if is_html else XML), None
    if head.startswith((b"{", b"[")):
        try:
            document = json.loads(payload)
        except (ValueError, RecursionError):
            return UNKNOWN, None
        return _json_kind(document), document
    return UNKNOWN, None


def detect_format(payload: bytes) -> str:
    """Return 'statuspage_json', 'gcloud_json', 'xml' or 'unknown' for a payload."""
    return sniff(payload)[0]


def payload_hint(payload: bytes) -> str:
    """Describe how a payload starts, escaped and truncated, for error messages."""
    if not payload:
        return "empty payload"
    head = _head(payload)
    if not head:
        return f"only whitespace ({len(payload)} bytes)"
    chunk = head[:_HINT_CHARS]
    try:
        # Incremental: a multi-byte character cut by the truncation is not an error.
        shown = repr(codecs.getincrementaldecoder("utf-8")().decode(chunk))
    except UnicodeDecodeError:
        shown = repr(chunk)  # binary: b'\x89PNG...'
    more = "..." if len(head) > _HINT_CHARS else ""
    return f"starts with {shown}{more} ({len(payload)} bytes)"


def decode_json(payload: bytes, source_name: str) -> Any:
    """Decode a JSON payload (UTF-8/16/32, BOM allowed).

    Raises:
        ParseError: record 'payload', when the bytes are not JSON.
    """
    try:
        return json.loads(payload)
    except (ValueError, RecursionError) as err:
        # ValueError covers JSONDecodeError, UnicodeDecodeError and over-long integers.
        reason = str(err)[:120]
        raise ParseError(
            source_name, "payload", f"not JSON ({reason}): {payload_hint(payload)}"
        ) from err
