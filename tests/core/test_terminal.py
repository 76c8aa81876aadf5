"""Outside text shown on a terminal or in a log: control characters escaped."""

from __future__ import annotations

import io
import logging

import pytest

from pipeline.core.terminal import EscapingLogFilter, printable

HOSTILE = [
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b]0;pwned\x07",  # retitle the terminal
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m",  # C1 CSI
    "abc\u202edcba",  # right-to-left override
    "\u2066isolate\u2069",
    "nul\x00del\x7f",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_printable_leaves_no_control_character(text: str) -> None:
    shown = printable(text)
    assert all(ch.isprintable() or ch in "\t\n" for ch in shown), repr(shown)
    assert shown.encode("ascii", "backslashreplace")  # visible as escapes
    assert printable(shown) == shown  # escaping twice changes nothing more


def test_printable_keeps_ordinary_text_and_escapes_newlines_only_for_one_line() -> None:
    text = "Claude \u2013 99.9 % ✓\tok\nnext"
    assert printable(text) == text
    assert printable(text, one_line=True) == "Claude \u2013 99.9 % ✓\tok\\nnext"
    assert printable("a\r\nb", one_line=True) == "a\\r\\nb"


def _log_through_filter(msg: str, *args: object) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(EscapingLogFilter())
    log = logging.getLogger("test_terminal")
    log.propagate = False
    log.addHandler(handler)
    try:
        log.warning(msg, *args)
    finally:
        log.removeHandler(handler)
    return stream.getvalue()


def test_log_filter_escapes_outside_text_in_arguments() -> None:
    title = "Outage\x1b[2J\nINFO all systems operational"
    out = _log_through_filter("%s: record %s unreadable", "feed\x1b]0;x\x07", title)
    assert "\x1b" not in out and "\x07" not in out
    assert out.count("\n") == 1  # a forged second log line stays on the first
    assert out == (
        "WARNING feed\\x1b]0;x\\x07: record Outage\\x1b[2J\\nINFO all systems operational"
        " unreadable\n"
    )


def test_log_filter_leaves_plain_messages_alone() -> None:
    assert _log_through_filter("fetched %d sources, %d failed", 5, 0) == (
        "WARNING fetched 5 sources, 0 failed\n"
    )
    assert _log_through_filter("100% done") == "WARNING 100% done\n"
