"""Parse status payloads: one entry point that picks the parser for a source's wire format."""

import re
from collections.abc import Sequence
from datetime import datetime

from pipeline.core.errors import ParseError
from pipeline.core.models import STATUS_FORMATS, ParseResult, Source
from pipeline.parse.detect import GCLOUD_JSON, STATUSPAGE_JSON, XML, payload_hint, sniff
from pipeline.parse.gcloud_json import parse_gcloud_document, parse_gcloud_json
from pipeline.parse.statuspage_json import parse_statuspage_document, parse_statuspage_json

__all__ = ["keep_matching", "parse_status_payload"]

FEED_FORMATS = frozenset(STATUS_FORMATS) - {STATUSPAGE_JSON, GCLOUD_JSON}


def _parse_feed(
    payload: bytes, source: Source, format: str, now: datetime, fetched: tuple[str | None, ...]
) -> ParseResult:
    # Imported on use: the feed parser (lxml, BeautifulSoup) is only loaded for XML payloads.
    from pipeline.parse.status_feed import parse_status_feed

    base_url, content_type = fetched
    return parse_status_feed(
        payload, source, format, now=now, base_url=base_url, content_type=content_type
    )


def parse_status_payload(
    payload: bytes,
    source: Source,
    *,
    now: datetime,
    base_url: str | None = None,
    content_type: str | None = None,
) -> ParseResult:
    """Parse one fetched status payload with the parser of `source.format` (detected if 'auto').

    JSON formats go to the Statuspage / Google Cloud parsers, XML (RSS/Atom) to
    `pipeline.parse.status_feed.parse_status_feed`. With `source.match` set, only incidents
    mentioning one of its terms are kept (see `keep_matching`). `now` is the run's time:
    incidents and updates timed after `now` + 1 day (or before 2005) are quarantined
    (pipeline.core.limits; pipeline.parse.status_records.ObservationBuilder). `base_url` (the
    URL fetched) and `content_type` (its Content-Type header) help read RSS/Atom payloads:
    relative links, and the charset of an undeclared encoding.

    Raises:
        ParseError: record 'payload', when the format is unsupported or cannot be recognised
            (HTML error page, binary, empty), or the payload does not match its format.
    """
    fetched = (base_url, content_type)
    return keep_matching(_parse_by_format(payload, source, now, fetched), source.match)


def keep_matching(result: ParseResult, terms: Sequence[str]) -> ParseResult:
    """Keep the incidents whose title, components or update bodies mention one of `terms`.

    Terms match case-insensitively on word boundaries ('OpenAI' keeps 'Azure OpenAI Service'
    incidents of a whole-cloud feed). No terms keeps everything.
    """
    if not terms:
        return result
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE)
    bodies: dict[str, list[str]] = {}
    for update in result.updates:
        bodies.setdefault(update.incident_id, []).append(update.body)
    kept = [
        i
        for i in result.incidents
        if pattern.search(" ".join([i.title, *i.components, *bodies.get(i.incident_id, [])]))
    ]
    ids = {i.incident_id for i in kept}
    return ParseResult(
        format=result.format,
        incidents=kept,
        updates=[u for u in result.updates if u.incident_id in ids],
        quarantined=result.quarantined,
        is_lenient=result.is_lenient,
        encoding=result.encoding,
    )


def _parse_by_format(
    payload: bytes, source: Source, now: datetime, fetched: tuple[str | None, ...]
) -> ParseResult:
    if source.format == STATUSPAGE_JSON:
        return parse_statuspage_json(payload, source, now=now)
    if source.format == GCLOUD_JSON:
        return parse_gcloud_json(payload, source, now=now)
    if source.format in FEED_FORMATS:
        return _parse_feed(payload, source, source.format, now, fetched)
    if source.format != "auto":
        raise ParseError(
            source.name,
            "payload",
            f"unsupported format {source.format!r} (expected 'auto' or one of "
            f"{', '.join(STATUS_FORMATS)})",
        )
    detected, document = sniff(payload)
    if detected == STATUSPAGE_JSON:
        return parse_statuspage_document(document, source, now=now)
    if detected == GCLOUD_JSON:
        return parse_gcloud_document(document, source, now=now)
    if detected == XML:
        return _parse_feed(payload, source, "auto", now, fetched)
    raise ParseError(source.name, "payload", f"unrecognised format: {payload_hint(payload)}")
