"""The status vocabulary shared by the status parsers: status labels, impacts, impact inference.

Maps what vendors print ('Fixing', 'In progress', 'Degraded performance') to the contract's
update statuses and incident impacts, and infers an impact from wording for feeds that carry
none. Timestamps are read by `pipeline.parse.timestamps`.
"""

from __future__ import annotations

import re

from pipeline.core.models import IMPACTS, UPDATE_STATUSES

# Status labels as vendors print them -> contract status. incident.io says "Fixing" where
# Statuspage says "Identified"; Instatus says "Investigating/Identified/Monitoring/Resolved" too.
STATUS_LABELS: dict[str, str] = {
    "investigating": "investigating",
    "identified": "identified",
    "fixing": "identified",
    "monitoring": "monitoring",
    "update": "update",
    "updated": "update",
    "resolved": "resolved",
    "postmortem": "postmortem",
    "post-mortem": "postmortem",
    "scheduled": "scheduled",
    "in progress": "in_progress",
    "in_progress": "in_progress",
    "verifying": "verifying",
    "completed": "completed",
    "notstartedyet": "scheduled",
    "inprogress": "in_progress",
}
_WHITESPACE_RUN = re.compile(r"\s+")
MAINTENANCE_STATUSES = frozenset({"scheduled", "in_progress", "verifying", "completed"})
CLOSING_STATUSES = frozenset({"resolved", "completed", "postmortem"})

# Statuspage component states -> incident impact (Statuspage's own incident impact scale).
COMPONENT_IMPACT: dict[str, str] = {
    "operational": "none",
    "degraded_performance": "minor",
    "degraded performance": "minor",
    "degraded": "minor",
    "partial_outage": "major",
    "partial outage": "major",
    "major_outage": "critical",
    "major outage": "critical",
    "full outage": "critical",
    "full_outage": "critical",
    "under_maintenance": "maintenance",
    "under maintenance": "maintenance",
}
IMPACT_RANK = {"none": 0, "maintenance": 0, "minor": 1, "major": 2, "critical": 3}

# Wording -> impact, strongest first. Phrases are what status pages of SaaS vendors commonly
# write; see README "Impact inference". Word boundaries avoid 'download' matching 'down'.
CRITICAL_WORDING = re.compile(
    r"\b(major outage|complete outage|full outage|total outage|widespread outage|"
    r"(completely|fully|entirely|totally) (unavailable|down|inaccessible)|"
    r"all (api )?requests (are )?(failing|failed)|hard down|"
    r"(is|are|was|were) down for (all|everyone)|not available (to|for) any)\b",
    re.IGNORECASE,
)
MAJOR_WORDING = re.compile(
    r"\b(partial outage|outage|unavailable|unavailability|inaccessible|unreachable|"
    r"(is|are|was|were) down|went down|not loading|unable to (access|use|log ?in|sign ?in|connect)|"
    r"cannot (access|use|log ?in|sign ?in|connect)|can't (access|use|log ?in|connect)|"
    r"high error rates?|significant(ly)? (elevated |increased )?error|"
    r"(affecting|impacting|for) (most|many|all) (users|customers|requests)|"
    r"requests (are )?failing|failures? for (all|most))\b",
    re.IGNORECASE,
)

# Every match of CRITICAL_WORDING or MAJOR_WORDING contains one of these (lower-cased) cues,
# so a text with none of them cannot match and skips the regexes, which took a third of a
# Statuspage feed's parse time. Kept exact by tests/parse/test_status_terms.py (strings
# generated from both patterns).
_IMPACT_CUES = (
    "outage", "unavailab", "inaccessible", "unreachable", " down", "not loading", "unable to",
    "cannot", "can't", "high error", "significant", "failing", "failed", "failure",
    "not available", "most users", "most customers", "most requests", "many users",
    "many customers", "many requests", "all users", "all customers", "all requests",
)  # fmt: skip
# The four non-ASCII characters Python's re.IGNORECASE equates with an ASCII letter (dotted
# capital I, dotless i, long s, Kelvin sign): a text holding one goes straight to the regexes.
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")


def _may_tell_impact(text: str) -> bool:
    """False only when neither impact pattern can match `text`."""
    if not text.isascii() and _ODD_CASE.search(text):
        return True
    lowered = text.lower()
    return any(cue in lowered for cue in _IMPACT_CUES)


def may_tell_impact(texts: list[str]) -> list[bool]:
    """For each text, False only when neither impact pattern can match it: `_may_tell_impact`
    of many texts, the cues searched by one Aho-Corasick pass (polars) over all of them."""
    if len(texts) < 8:
        return [_may_tell_impact(text) for text in texts]
    # Imported on use: the JSON status parsers, which also read this module, need no polars.
    import polars as pl

    try:
        lowered = pl.Series(values=[text.lower() for text in texts], dtype=pl.String)
        found = lowered.str.contains_any(list(_IMPACT_CUES)).to_list()
    except (UnicodeError, pl.exceptions.PolarsError):  # e.g. a lone surrogate
        return [_may_tell_impact(text) for text in texts]
    return [
        bool(cue) or (not text.isascii() and _ODD_CASE.search(text) is not None)
        for cue, text in zip(found, texts, strict=True)
    ]


def infer_impact(*texts: str | None) -> str:
    """Infer an incident's impact from its title and update wording (strongest match wins).

    Used only for feeds that carry no impact field (Statuspage Atom/RSS). Returns one of
    'critical', 'major', 'minor'; an incident with no telling words counts as 'minor',
    since a vendor declared an incident but did not call it an outage.
    """
    text = impact_text(*texts)
    return impact_of_text(text, _may_tell_impact(text))


def impact_text(*texts: str | None) -> str:
    """The one text `infer_impact` reads for these texts."""
    return " ".join(t for t in texts if t)


def impact_of_text(text: str, may_tell: bool) -> str:
    """`infer_impact` of an `impact_text`, given its `may_tell_impact`."""
    if not may_tell:
        return "minor"
    if CRITICAL_WORDING.search(text):
        return "critical"
    if MAJOR_WORDING.search(text):
        return "major"
    return "minor"


def max_impact(impacts: list[str]) -> str | None:
    """Return the most severe impact of a list (None for an empty list)."""
    known = [i for i in impacts if i in IMPACT_RANK]
    if not known:
        return None
    return max(known, key=lambda i: IMPACT_RANK[i])


def normalize_status(label: str) -> str | None:
    """Map a vendor's status label ('In progress', 'Fixing', ...) to a contract status."""
    key = label.strip().lower()
    if key not in STATUS_LABELS:  # (a key of STATUS_LABELS has no run of white space)
        key = _WHITESPACE_RUN.sub(" ", key)
    status = STATUS_LABELS.get(key)
    return status if status in UPDATE_STATUSES else None


def normalize_impact(value: str | None) -> str | None:
    """Return a contract impact value, or None when the value is not one of them."""
    if value is None:
        return None
    v = value.strip().lower()
    return v if v in IMPACTS else None
