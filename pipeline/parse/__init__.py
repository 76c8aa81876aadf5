"""Parse status payloads: one entry point that picks the parser for a source's wire format."""

from pipeline.errors import ParseError
from pipeline.models import STATUS_FORMATS, ParseResult, Source
from pipeline.parse.detect import GCLOUD_JSON, STATUSPAGE_JSON, XML, payload_hint, sniff
from pipeline.parse.gcloud_json import parse_gcloud_document, parse_gcloud_json
from pipeline.parse.statuspage_json import parse_statuspage_document, parse_statuspage_json

__all__ = ["parse_status_payload"]

FEED_FORMATS = frozenset(STATUS_FORMATS) - {STATUSPAGE_JSON, GCLOUD_JSON}


def _parse_feed(payload: bytes, source: Source, format: str) -> ParseResult:
    # Imported on use: the RSS/Atom parsers live in their own module.
    from pipeline.parse.feeds import parse_feed

    return parse_feed(payload, source, format)


def parse_status_payload(payload: bytes, source: Source) -> ParseResult:
    """Parse one fetched status payload with the parser of `source.format` (detected if 'auto').

    JSON formats go to the Statuspage / Google Cloud parsers, XML (RSS/Atom) to
    `pipeline.parse.feeds.parse_feed`.

    Raises:
        ParseError: record 'payload', when the format is unsupported or cannot be recognised
            (HTML error page, binary, empty), or the payload does not match its format.
    """
    if source.format == STATUSPAGE_JSON:
        return parse_statuspage_json(payload, source)
    if source.format == GCLOUD_JSON:
        return parse_gcloud_json(payload, source)
    if source.format in FEED_FORMATS:
        return _parse_feed(payload, source, source.format)
    if source.format != "auto":
        raise ParseError(
            source.name,
            "payload",
            f"unsupported format {source.format!r} (expected 'auto' or one of "
            f"{', '.join(STATUS_FORMATS)})",
        )
    detected, document = sniff(payload)
    if detected == STATUSPAGE_JSON:
        return parse_statuspage_document(document, source)
    if detected == GCLOUD_JSON:
        return parse_gcloud_document(document, source)
    if detected == XML:
        return _parse_feed(payload, source, "auto")
    raise ParseError(source.name, "payload", f"unrecognised format: {payload_hint(payload)}")
