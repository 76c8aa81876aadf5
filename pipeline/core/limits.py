"""Safety limits on what the outside world sends: fetch deadlines and sizes, plausible times,
incident length, text sizes.

One place for the documented defaults (README, "Safety limits"), shared by the fetcher, every
parser and loader. A source outside the fetch limits fails alone; a record outside the others
is quarantined with a reason that names the limit, or (text lengths) cut; the full payload
always stays in the raw archive.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# Timestamps before this are not of an AI vendor's status page, news or post: quarantined.
EARLIEST_PLAUSIBLE = datetime(2005, 1, 1, tzinfo=UTC)
# Timestamps after "now" plus this slack (clock skew, time zones) are quarantined.
FUTURE_SLACK = timedelta(days=1)
# An incident longer than this is kept but flagged, and clipped to this length in outage_daily.
MAX_INCIDENT_DURATION = timedelta(days=90)
MAX_INCIDENT_MINUTES = MAX_INCIDENT_DURATION.total_seconds() / 60  # as SQL statements take it

# Longest text kept per field, in characters; longer text is cut (the archive keeps it all).
MAX_TITLE_CHARS = 1_000
MAX_URL_CHARS = 2_048
MAX_BODY_CHARS = 100_000  # update bodies, feed summaries, posts
MAX_ARTICLE_TEXT_CHARS = 200_000

# Fetching (pipeline.ingest.fetch.FetchSettings; per source: catalog keys timeout, max_bytes).
FETCH_DEADLINE_SECONDS = 60.0  # one request: connect, every redirect, headers and body
MIN_TRANSFER_RATE = 512  # bytes/s averaged from the first byte received, after the grace
TRANSFER_RATE_GRACE_SECONDS = 10.0
MAX_PAYLOAD_BYTES = 32 * 2**20  # status and news feeds, article pages (decoded bytes)
MAX_SOCIAL_PAYLOAD_BYTES = 256 * 2**20  # social pages and JSON Lines files (decoded bytes)
MAX_RETRY_SECONDS = 120.0  # a retry must start within this time of a source's first attempt
MAX_CONTENT_ENCODINGS = 2  # e.g. "gzip, gzip"; more is refused


def implausible_time(value: datetime, now: datetime) -> str | None:
    """Why `value` cannot be a real event time (None when it can).

    Plausible means from EARLIEST_PLAUSIBLE to `now` + FUTURE_SLACK; the reason names the
    bound, for quarantine.
    """
    if value < EARLIEST_PLAUSIBLE:
        return f"time {value.isoformat()} is before {EARLIEST_PLAUSIBLE.date().isoformat()}"
    if value - now > FUTURE_SLACK:  # a difference, not now + slack: year 9999 must not overflow
        return f"time {value.isoformat()} is more than {FUTURE_SLACK.days} day after now"
    return None


def cap_text(text: str | None, limit: int) -> str | None:
    """`text` cut to at most `limit` characters (None stays None)."""
    if text is None or len(text) <= limit:
        return text
    return text[:limit]
