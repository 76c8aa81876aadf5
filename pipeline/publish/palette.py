"""The dashboards' colours: one colour per vendor and topic, impact colours, rgba().

Every chart of a page gives a vendor the same colour: vendors take PALETTE colours in sorted
order (`vendor_colours`), topics by their rank in TOPICS. Impact colours (outage severity and
maintenance) are shared by the timeline, incident bands and markers.
"""

from collections.abc import Sequence

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
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


def palette_colour(index: int) -> str:
    """The PALETTE colour of the `index`-th series (the palette repeats)."""
    return PALETTE[index % len(PALETTE)]


def vendor_colours(vendors: Sequence[str]) -> dict[str, str]:
    """One PALETTE colour per vendor, assigned in sorted order."""
    return {v: palette_colour(i) for i, v in enumerate(sorted(set(vendors)))}


def rgba(hex_colour: str, alpha: float) -> str:
    """`#rrggbb` with opacity `alpha` as a CSS `rgba(r,g,b,a)` colour."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"
