"""Exception hierarchy: every error raised on purpose is a RadarError."""


class RadarError(Exception):
    """Base for every error we raise on purpose."""


class CatalogError(RadarError):
    """Invalid source catalog or command-line usage (exit 2)."""


class SourceError(RadarError):
    """A whole source failed (unreachable, oversize, undetectable format)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.detail = message


class FetchError(SourceError):
    """The payload of a source could not be fetched."""


class ParseError(SourceError):
    """A payload (record_ref 'payload') or one record of it could not be parsed."""

    def __init__(self, source: str, record_ref: str, message: str) -> None:
        super().__init__(source, f"record {record_ref}: {message}")
        self.record_ref = record_ref
        self.reason = message
