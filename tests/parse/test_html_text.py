"""Tests for pipeline.parse.html_text: HTML to plain text, language tags, http(s) URLs."""

from __future__ import annotations

import pytest

from pipeline.parse.html_text import html_to_text, http_url, normalize_language


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("en-GB", "en"),
        ("de_DE", "de"),
        ("EN", "en"),
        ("en-US,en;q=0.9", "en"),
        ("und", None),
        ("?", None),
        (None, None),
    ],
)
def test_normalize_language(raw: str | None, expected: str | None) -> None:
    assert normalize_language(raw) == expected


def test_html_to_text() -> None:
    assert html_to_text("<p>One</p><p>Two &amp; <b>three</b></p><script>x()</script>") == (
        "One Two & three"
    )
    assert html_to_text("AT&amp;T  rocks") == "AT&T rocks"
    assert html_to_text("a < b and c > d") == "a < b and c > d"
    assert html_to_text("") == ""


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        ("https://a.example/x", None, "https://a.example/x"),
        ("  /x?y=1 ", "https://a.example/dir/", "https://a.example/x?y=1"),
        ("x", "https://a.example/dir/", "https://a.example/dir/x"),
        ("/x", None, None),
        ("mailto:a@b.example", "https://a.example/", None),
        ("file:///etc/passwd", None, None),
        ("http://[::1", None, None),
        ("", "https://a.example/", None),
        (None, None, None),
        # one token: tab and newline removed (as browsers do), other spaces percent-encoded
        ("https://a.example/x\ny", None, "https://a.example/xy"),
        ("https://a.example/a\r\n\tb", None, "https://a.example/ab"),
        ("https://a.example/a b.html", None, "https://a.example/a%20b.html"),
        ("https://a.example/a\x00\x1b[2J\u00a0b", None, "https://a.example/a%00%1B[2J%C2%A0b"),
        ("java\nscript:alert(1)", None, None),
        ("https://a.exa mple/", None, None),
    ],
)
def test_http_url(href: str | None, base: str | None, expected: str | None) -> None:
    assert http_url(href, base) == expected
