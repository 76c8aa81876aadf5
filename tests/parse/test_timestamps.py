"""Tests for pipeline.parse.timestamps: the lenient feed/page timestamp reader."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.parse.timestamps import parse_timestamp


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Wed, 31 Jan 2018 07:26:05 GMT", utc(2018, 1, 31, 7, 26, 5)),
        ("Mon, 01 Feb 2016 10:00:00 +0100", utc(2016, 2, 1, 9)),
        ("Mon, 01 Feb 2016 10:00:00 EST", utc(2016, 2, 1, 15)),
        ("Mon, 01 Feb 2016 10:00:00 MESZ", utc(2016, 2, 1, 8)),
        ("Mon, 01 Feb 2016 10:00:00", utc(2016, 2, 1, 10)),
        ("2016-02-01T17:22:00+01:00", utc(2016, 2, 1, 16, 22)),
        ("2023-06-07T20:54:26.829Z", datetime(2023, 6, 7, 20, 54, 26, 829000, tzinfo=UTC)),
        (
            "2023-06-07T20:54:26.123456789+00:00",
            datetime(2023, 6, 7, 20, 54, 26, 123456, tzinfo=UTC),
        ),
        ("2026-03-02", utc(2026, 3, 2)),
        ("2026-03-02 10:00:00 UTC", utc(2026, 3, 2, 10)),
        ("Mon, 01 Feb 2016 10:00:00 XYZT", None),
        ("yesterday", None),
        ("", None),
        ("0001-01-01T00:00:00Z", None),
        ("9999-12-31T23:59:59-14:00", None),
    ],
)
def test_parse_timestamp(raw: str, expected: datetime | None) -> None:
    parsed = parse_timestamp(raw)
    assert parsed == expected
    assert parsed is None or parsed.tzinfo is UTC
