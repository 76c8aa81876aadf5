"""Build status observations and read the fields of JSON status records.

`ObservationBuilder` makes the IncidentObservations and UpdateObservations of one payload for
every status parser (Statuspage and Google Cloud JSON, the XML feeds): vendor, source and
format are filled in once. The typed accessors (`optional_str`, `required_str`,
`optional_time`, `strings_of_objects`) read JSON records and raise `RecordError`, which a
parser turns into a quarantined record.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipeline.core.models import IncidentObservation, Source, UpdateObservation
from pipeline.parse.timestamps import parse_iso_utc


class RecordError(Exception):
    """One record of a status payload cannot be used; the parser quarantines it."""


def vendor_of(source: Source) -> str:
    """Vendor slug of a source (its name when the catalog names no vendor)."""
    return source.vendor or source.name


@dataclass(slots=True, frozen=True)
class ObservationBuilder:
    """Builds the observations of one payload of `source`, parsed as `format`."""

    source: Source
    format: str

    @property
    def vendor(self) -> str:
        """The vendor every observation of the payload belongs to."""
        return vendor_of(self.source)

    def incident(
        self,
        incident_id: str,
        title: str,
        *,
        impact: str | None,
        impact_inferred: bool,
        is_maintenance: bool,
        started_at: datetime | None,
        resolved_at: datetime | None,
        status: str | None,
        components: tuple[str, ...],
        url: str | None,
        observed_at: datetime | None,
        has_history: bool = True,
    ) -> IncidentObservation:
        """Return what this payload says about one incident."""
        return IncidentObservation(
            vendor=self.vendor,
            incident_id=incident_id,
            title=title,
            impact=impact,
            impact_inferred=impact_inferred,
            is_maintenance=is_maintenance,
            started_at=started_at,
            resolved_at=resolved_at,
            status=status,
            components=components,
            url=url,
            source=self.source.name,
            format=self.format,
            observed_at=observed_at,
            has_history=has_history,
        )

    def update(
        self, incident_id: str, status: str, posted_at: datetime, body: str
    ) -> UpdateObservation:
        """Return one status update of an incident as this payload publishes it."""
        return UpdateObservation(
            vendor=self.vendor,
            incident_id=incident_id,
            status=status,
            posted_at=posted_at,
            body=body,
            source=self.source.name,
            format=self.format,
        )


def kind_of(value: object) -> str:
    """Name a JSON value's type for messages ('null', 'a list', ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def optional_str(record: dict[str, Any], key: str) -> str | None:
    """Return a stripped string field, None when absent, null or blank.

    Raises RecordError when the field has another type.
    """
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{key!r} is {kind_of(value)}, expected a string")
    return value.strip() or None


def required_str(record: dict[str, Any], key: str) -> str:
    """Return a non-blank string field; raise RecordError when missing or mistyped."""
    value = optional_str(record, key)
    if value is None:
        raise RecordError(f"missing {key!r}")
    return value


def optional_time(record: dict[str, Any], key: str) -> datetime | None:
    """Return an ISO-8601 field as aware UTC, None when absent/null; RecordError otherwise."""
    value = optional_str(record, key)
    if value is None:
        return None
    try:
        return parse_iso_utc(value)
    except (ValueError, OverflowError) as err:
        raise RecordError(f"invalid timestamp {key!r}: {value[:40]!r}") from err


def strings_of_objects(value: object, where: str, key: str = "name") -> list[str]:
    """The string field `key` of every object in the JSON list `value` (None means empty)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"{where!r} is {kind_of(value)}, expected a list")
    names = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise RecordError(f"{where}[{i}] is {kind_of(item)}, expected an object")
        try:
            names.append(required_str(item, key))
        except RecordError as err:
            raise RecordError(f"{where}[{i}]: {err}") from err
    return names


def check_order(started_at: datetime | None, resolved_at: datetime | None) -> None:
    """Raise RecordError when an incident is resolved before it started."""
    if started_at is not None and resolved_at is not None and resolved_at < started_at:
        raise RecordError(
            f"resolved at {resolved_at.isoformat()} before start at {started_at.isoformat()}"
        )
