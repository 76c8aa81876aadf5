"""core.limits: the plausible time range and text caps every parser shares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline.core import limits

NOW = datetime(2026, 3, 3, 12, tzinfo=UTC)


def test_times_inside_the_range_are_plausible() -> None:
    assert limits.implausible_time(limits.EARLIEST_PLAUSIBLE, NOW) is None
    assert limits.implausible_time(NOW + limits.FUTURE_SLACK, NOW) is None


def test_ancient_and_future_times_are_refused_with_the_bound() -> None:
    ancient = limits.implausible_time(datetime(1, 1, 2, tzinfo=UTC), NOW)
    assert ancient is not None and "before 2005-01-01" in ancient
    future = limits.implausible_time(NOW + timedelta(days=2), NOW)
    assert future is not None and "after now" in future
    assert limits.implausible_time(datetime(1970, 1, 1, tzinfo=UTC), NOW) is not None


def test_cap_text_cuts_only_long_text() -> None:
    assert limits.cap_text(None, 3) is None
    assert limits.cap_text("abc", 3) == "abc"
    assert limits.cap_text("x" * 10, 4) == "xxxx"


def test_the_largest_datetimes_do_not_overflow() -> None:
    """A scheduled maintenance in year 9999 checked against itself (the fuzz crash)."""
    end = datetime.max.replace(tzinfo=UTC)
    assert limits.implausible_time(end, end) is None
    assert limits.implausible_time(end, NOW) is not None
