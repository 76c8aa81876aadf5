"""Read the timestamps that wire formats write into aware UTC datetimes.

`parse_timestamp` is the lenient reader of ISO-8601 and RFC-822 dates used for feed entries,
article pages and social posts (None when a value is unusable): the fast paths read RFC 822
and ISO-8601; anything else goes to feedparser's date handlers (W3CDTF with reduced precision
such as '2003-12', asctime, two-digit years, the Korean/Greek/Hungarian feed formats), so a
feed reads the dates feedparser reads. `parse_iso_utc` is the strict
ISO-8601 reader of the JSON status formats (ValueError otherwise). `zone_offset` and
`infer_year` place the year-less, zone-abbreviated update stamps of status pages
('Mar 3, 14:05 PST') in time.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

# Zone abbreviations email.utils does not know; German feeds write MEZ/MESZ.
_ZONES = {
    "CET": "+0100", "CEST": "+0200", "MEZ": "+0100", "MESZ": "+0200", "WET": "+0000",
    "WEST": "+0100", "EET": "+0200", "EEST": "+0300", "BST": "+0100", "MSK": "+0300",
    "IST": "+0530", "SGT": "+0800", "HKT": "+0800", "AWST": "+0800", "JST": "+0900",
    "KST": "+0900", "ACST": "+0930", "AEST": "+1000", "AEDT": "+1100", "NZST": "+1200",
    "NZDT": "+1300", "HST": "-1000", "AKST": "-0900", "AKDT": "-0800", "NST": "-0330",
    "NDT": "-0230", "ET": "-0500", "CT": "-0600", "MT": "-0700", "PT": "-0800",
    "AT": "-0400", "MET": "+0100", "MEST": "+0200",
    # RFC 822 military zones, as RFC 822 (and feedparser) define them: A = -0100, N = +0100.
    **{chr(ord("A") + i): f"-{i + 1:02d}00" for i in range(9)},
    **{chr(ord("K") + i): f"-{i + 10:02d}00" for i in range(3)},
    **{chr(ord("N") + i): f"+{i + 1:02d}00" for i in range(12)},
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
    UTC; a date alone is midnight UTC; a month alone ('2003-12') its first day. Unknown zone
    names and years outside 1970-2200 give None.
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
                    # feedparser reads an unknown zone as UTC; a wrong hour is worse than none.
                    return None
            parsed = parsedate_to_datetime(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        parsed = parsed.astimezone(UTC)
    except (ValueError, TypeError, IndexError, OverflowError):
        parsed = _other_formats(value)
        if parsed is None:
            return None
    return parsed if _MIN_YEAR <= parsed.year <= _MAX_YEAR else None


def _other_formats(value: str) -> datetime | None:
    """The formats only feedparser's date handlers read, as an aware UTC datetime."""
    # Imported on use: most timestamps never get here, and social parsing need not load it.
    # feedparser exposes its date handlers only under this name; pyproject pins feedparser 6.x
    # and tests/parse/test_feed_lenient.py fails loudly if a release moves it.
    try:
        from feedparser.datetimes import _parse_date as feedparser_date
    except ImportError:  # pragma: no cover - a feedparser release without the handlers
        return None

    try:
        parsed = feedparser_date(value)
        if parsed is None:
            return None
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError, OSError):
        return None


def parse_iso_utc(value: str) -> datetime:
    """Parse an ISO-8601 timestamp ('Z' or offset; naive means UTC) into an aware UTC datetime.

    Raises ValueError on anything else.
    """
    v = value.strip()
    if v.endswith(("Z", "z")):
        v = v[:-1] + "+00:00"
    dt = datetime.fromisoformat(v)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


# Zone abbreviations seen in status-page update stamps ('Jan  1, 09:09 PST').
TZ_OFFSETS: dict[str, timedelta] = {
    "UTC": timedelta(0),
    "GMT": timedelta(0),
    "Z": timedelta(0),
    "PST": timedelta(hours=-8),
    "PDT": timedelta(hours=-7),
    "MST": timedelta(hours=-7),
    "MDT": timedelta(hours=-6),
    "CST": timedelta(hours=-6),
    "CDT": timedelta(hours=-5),
    "EST": timedelta(hours=-5),
    "EDT": timedelta(hours=-4),
    "CET": timedelta(hours=1),
    "CEST": timedelta(hours=2),
    "BST": timedelta(hours=1),
    "IST": timedelta(hours=5, minutes=30),
    "JST": timedelta(hours=9),
}


def zone_offset(zone: str) -> timedelta | None:
    """Offset of a zone written as an abbreviation ('PST') or as 'GMT+2' / 'UTC-05:30'."""
    z = zone.strip().upper()
    if z in TZ_OFFSETS:
        return TZ_OFFSETS[z]
    m = re.fullmatch(r"(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", z)
    if not m:
        return None
    sign = -1 if m.group(1) == "-" else 1
    return sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))


def infer_year(
    month: int, day: int, hour: int, minute: int, offset: timedelta, reference: datetime
) -> datetime:
    """Place a year-less 'Mon D, HH:MM zone' stamp in the year that puts it nearest `reference`.

    Statuspage prints update times without a year; the entry's published/updated time is the
    reference. Choosing the nearest of reference.year-1, +0, +1 handles updates that cross New
    Year (a 'Dec 31' update of an entry published on 1 January) and maintenance announced weeks
    ahead. Raises ValueError for impossible dates (e.g. 'Feb 30') in every candidate year.
    """
    candidates: list[datetime] = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            local = datetime(year, month, day, hour, minute, tzinfo=UTC)
        except ValueError:
            continue
        candidates.append(local - offset)
    if not candidates:
        raise ValueError(f"impossible date: month {month}, day {day}")
    return min(candidates, key=lambda c: abs((c - reference).total_seconds()))
