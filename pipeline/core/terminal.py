"""Outside text made safe to show on a terminal or in a log.

Source names, titles, URLs and error messages come from servers nobody here controls. Written
to a terminal as they are, an ESC sequence could move the cursor, recolour, retitle or add a
link; a bidi override could reorder what is shown; a newline in a log message could forge a
log line. `printable` writes such characters as escapes (`\\x1b`, `\\u202e`, `\\n`), and
`EscapingLogFilter` applies it to every log record a handler emits.
"""

from __future__ import annotations

import logging
import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings, overrides and
# isolates that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same and newline: one log record stays one line.
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return ascii(match.group())[1:-1]


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with control characters written as escapes (`\\x1b`, `\\u202e`); with
    `one_line`, newlines too.

    An outside string passed through this cannot move the cursor, recolour, retitle or link
    the terminal, nor reorder what it shows (nor, with `one_line`, start a new log line).
    """
    pattern = _CONTROL_OR_NEWLINE if one_line else _CONTROL
    return pattern.sub(_escape, text)


class EscapingLogFilter(logging.Filter):
    """A handler filter that writes each record's message as one printable line.

    The message is formatted with its arguments first (they carry the outside text), then
    escaped with `printable(..., one_line=True)`; tracebacks (exc_info) are left as they are.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Escape the record's message in place; never drops a record."""
        message = record.getMessage()
        safe = printable(message, one_line=True)
        if safe != message or record.args:
            record.msg, record.args = safe, None
        return True
