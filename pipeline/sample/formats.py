"""Timestamp, HTML and JSON text formats shared by the sample's renderers.

Every renderer writes instants in the shapes real feeds use (`2026-03-03T14:05:00Z`,
`2026-03-03T14:05:00.000Z`, RFC 822 dates, US Eastern local times), escapes text for HTML the
same way, and writes JSON documents as canonical text (sorted keys, two-space indent, UTF-8
characters kept), so the same plan always gives the same bytes.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime


def iso_z(at: datetime) -> str:
    """'2026-03-03T14:05:09Z' (UTC, whole seconds)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(at: datetime) -> str:
    """'2026-03-03T14:05:09.123Z' (UTC, milliseconds)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def rfc822(at: datetime, *, gmt: bool = False) -> str:
    """RSS date in UTC: 'Tue, 03 Mar 2026 14:05:09 +0000' ('... GMT' with `gmt`)."""
    return format_datetime(at.astimezone(UTC), usegmt=gmt)


DST_START = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # US Eastern time moves to EDT


def us_eastern(at: datetime) -> datetime:
    """`at` in US Eastern time (a fixed -05:00 or -04:00 offset, as feeds print it)."""
    offset = timedelta(hours=-4 if at >= DST_START else -5)
    return at.astimezone(timezone(offset))


def us_eastern_label(at: datetime) -> str:
    """'EST' or 'EDT': the US Eastern zone name at `at`."""
    return "EDT" if at >= DST_START else "EST"


def html_text(text: str) -> str:
    """`text` escaped for an HTML text node (quotes kept)."""
    return html.escape(text, quote=False)


def html_attr(text: str) -> str:
    """`text` escaped for a quoted HTML attribute value."""
    return html.escape(text, quote=True)


def json_text(document: object) -> str:
    """Canonical JSON text: sorted keys, indent 2, non-ASCII kept, one trailing newline."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


__all__ = [
    "html_attr",
    "html_text",
    "iso_ms",
    "iso_z",
    "json_text",
    "rfc822",
    "us_eastern",
    "us_eastern_label",
]
