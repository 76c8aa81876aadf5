"""The dashboards' colours, defined once: one colour per vendor, topic colours, impact colours.

A vendor has the same colour in every chart of every page (lines, bars, bands, markers,
Sankey nodes): `vendor_colour(slug)` reads VENDOR_COLOURS, keyed by every slug of the vendor
table (`pipeline.core.vendors.VENDORS`); a name outside the table (data is untrusted) gets
a stable colour of EXTRA_COLOURS picked by a hash of the name, so it too never changes between
charts. Colours that mean something else (impact, anomalous hours, thresholds, the event
study's roles, topics) are never vendor colours: impact and role colours are at least ΔE 20
(CIE76) from every vendor colour, markers that are no vendor's use the neutral NEUTRAL_* greys.
"""

import hashlib
from collections.abc import Sequence

VENDOR_COLOURS: dict[str, str] = {
    "openai": "#10a37f",
    "anthropic": "#c2410c",
    "google": "#1d4ed8",
    "microsoft": "#38bdf8",
    "meta": "#7c3aed",
    "mistral": "#db2777",
    "cohere": "#84cc16",
    "ai21": "#854d0e",
    "xai": "#000080",
    "deepseek": "#0f766e",
    "perplexity": "#e879f9",
    "amazon": "#808000",
}
# Vendors outside the table, by a hash of the name (stable across charts and runs).
EXTRA_COLOURS = ("#4b5563", "#a16207", "#0369a1", "#9d174d", "#365314", "#6d28d9")
# Topics of the topic-mix chart (ranked as TOPICS); pastel, so never read as a vendor.
TOPIC_COLOURS = (
    "#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494", "#b3b3b3",
    "#bebada", "#80b1d3",
)  # fmt: skip
# Impact (outage severity) and maintenance, which is never an outage.
IMPACT_COLOURS = {
    "critical": "#b2182b",
    "major": "#ef8a62",
    "minor": "#f6c141",
    "none": "#9e9e9e",
    "maintenance": "#4575b4",
}
# An impact value outside IMPACT_COLOURS (data is untrusted).
OTHER_IMPACT_COLOUR = "#666666"
# Markers and lines that belong to no vendor: anomalous hours, thresholds, outlines, zero lines.
NEUTRAL_DARK = "#111111"
NEUTRAL_MID = "#777777"
NEUTRAL_LIGHT = "#999999"


def vendor_colour(vendor: str) -> str:
    """The colour of `vendor`: VENDOR_COLOURS, else a stable EXTRA_COLOURS pick by name."""
    colour = VENDOR_COLOURS.get(vendor)
    if colour is not None:
        return colour
    digest = hashlib.sha256(vendor.encode("utf-8")).digest()
    return EXTRA_COLOURS[digest[0] % len(EXTRA_COLOURS)]


def vendor_colours(vendors: Sequence[str]) -> dict[str, str]:
    """`vendor_colour` of each vendor, keyed by vendor in sorted order."""
    return {v: vendor_colour(v) for v in sorted(set(vendors))}


def topic_colour(rank: int) -> str:
    """The TOPIC_COLOURS colour of the `rank`-th topic (the list repeats)."""
    return TOPIC_COLOURS[rank % len(TOPIC_COLOURS)]


def rgba(hex_colour: str, alpha: float) -> str:
    """`#rrggbb` with opacity `alpha` as a CSS `rgba(r,g,b,a)` colour."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"
