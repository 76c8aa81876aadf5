"""Status feeds of the sample scenario, rendered from its plan in the vendors' wire formats.

`render_feeds(plan, seed)` writes the status feeds of eight vendors exactly in the shapes their
status pages publish: Atlassian Statuspage Atom/RSS (`history.atom`, `history.rss`) and JSON,
incident.io Atom + Statuspage-compatible JSON, Instatus Atom, status.x.ai RSS and Google Cloud
incidents.json (the JSON writers live in `status_json`). `render_catalog(seed)` lists them
(`SOURCES`) by relative path. Writers are pure functions of the plan; a writer may draw
cosmetic details such as seconds or update ids from its own seeded generator.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape as xml_escape

from pipeline.sample.formats import iso_z, rfc822
from pipeline.sample.plan import (
    VENDORS,
    WINDOW_END,
    WINDOW_START,
    PlannedIncident,
    VendorIds,
    whole_minutes,
)
from pipeline.sample.status_json import StatuspagePage, write_gcloud_json, write_statuspage_json

JSON_LIMIT = 50  # Statuspage's /api/v2/incidents.json lists the 50 most recent incidents.

# (source name, vendor, path relative to the catalog) in catalog order.
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("anthropic-status-atom", "anthropic", "status/anthropic/history.atom"),
    ("anthropic-status-json", "anthropic", "status/anthropic/incidents.json"),
    ("openai-status-atom", "openai", "status/openai/history.atom"),
    ("openai-status-json", "openai", "status/openai/incidents.json"),
    ("cohere-status-json", "cohere", "status/cohere/incidents.json"),
    ("perplexity-status-atom", "perplexity", "status/perplexity/history.atom"),
    ("xai-status-rss", "xai", "status/xai/feed.xml"),
    ("mistral-status-rss", "mistral", "status/mistral/history.rss"),
    ("google-status-json", "google", "status/google/incidents.json"),
    ("deepseek-status-json", "deepseek", "status/deepseek/incidents.json"),
)


# --------------------------------------------------------------------------- writer helpers

LABELS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "update": "Update",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "postmortem": "Postmortem",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "verifying": "Verifying",
    "completed": "Completed",
}
INCIDENTIO_STATE = {
    "minor": "Degraded performance",
    "major": "Partial outage",
    "critical": "Full outage",
}


def _writer_rng(seed: int, source: str) -> random.Random:
    # String seeds are hashed with SHA-512 by random.Random: stable across processes.
    return random.Random(f"{seed}/{source}")


def _stamp(at: datetime, *, day: int | None = None) -> str:
    """Statuspage's year-less stamp: "Mar <var data-var='date'> 3</var>, ... 14:05 UTC"."""
    return (
        f"{at:%b} <var data-var='date'>{at.day if day is None else day:>2}</var>, "
        f"<var data-var='time'>{at:%H:%M}</var> UTC"
    )


def _statuspage_html(item: PlannedIncident, *, bad_day: bool = False) -> str:
    """One <p> per update, newest first, as Statuspage's Atom and RSS carry them."""
    parts = []
    for update in reversed(item.updates):
        # The planted defect: a resolved stamp on 'Feb 30' (the incident is in February).
        stamp = _stamp(update.at, day=30 if bad_day and update.status == "resolved" else None)
        body = html.escape(update.body, quote=False)
        if item.defect == "no_stamp":
            parts.append(f"<p> <strong>{LABELS[update.status]}</strong> - {body} </p>")
        else:
            parts.append(
                f"<p> <small>{stamp}</small><br> <strong>{LABELS[update.status]}</strong> - "
                f"{body} </p>"
            )
    return " ".join(parts)


def _closed_at(item: PlannedIncident) -> datetime:
    """Time of the update that closed the incident (resolved/completed)."""
    return item.resolved_at or item.last_update.at


def _newest_first(items: Iterable[PlannedIncident]) -> list[PlannedIncident]:
    return sorted(items, key=lambda i: (_closed_at(i), i.incident_id), reverse=True)


# --------------------------------------------------------------------------- writers: XML


def _write_statuspage_atom(
    items: list[PlannedIncident], host: str, page_title: str, author: str, rng: random.Random
) -> str:
    """Atlassian Statuspage history.atom: every incident, newest first."""
    entries = []
    latest = WINDOW_START
    for item in _newest_first(items):
        published = _closed_at(item) + timedelta(seconds=rng.randint(0, 59))
        updated = max(published, item.last_update.at + timedelta(seconds=rng.randint(0, 59)))
        latest = max(latest, updated)
        entries.append(
            "  <entry>\n"
            f"    <id>tag:{host},2005:Incident/{item.number}</id>\n"
            f"    <published>{iso_z(published)}</published>\n"
            f"    <updated>{iso_z(updated)}</updated>\n"
            f'    <link rel="alternate" type="text/html" '
            f'href="https://{host}/incidents/{item.incident_id}"/>\n'
            f"    <title>{xml_escape(item.title)}</title>\n"
            f'    <content type="html">{xml_escape(_statuspage_html(item))}</content>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>tag:{host},2005:/history</id>\n"
        f'  <link rel="alternate" type="text/html" href="https://{host}"/>\n'
        f'  <link rel="self" type="application/atom+xml" href="https://{host}/history.atom"/>\n'
        f"  <title>{xml_escape(page_title)} - Incident History</title>\n"
        f"  <updated>{iso_z(latest)}</updated>\n"
        f"  <author>\n    <name>{xml_escape(author)}</name>\n  </author>\n"
        + "".join(entries)
        + "</feed>\n"
    )


def _write_statuspage_rss(
    items: list[PlannedIncident], host: str, page_title: str, rng: random.Random
) -> str:
    """Atlassian Statuspage history.rss: every incident, newest first."""
    entries = []
    latest = WINDOW_START
    for item in _newest_first(items):
        published = _closed_at(item) + timedelta(seconds=rng.randint(0, 59))
        latest = max(latest, published)
        content = _statuspage_html(item, bad_day=item.defect == "impossible_date")
        url = f"https://{host}/incidents/{item.incident_id}"
        entries.append(
            "    <item>\n"
            f"      <title>{xml_escape(item.title)}</title>\n"
            f"      <description>\n{xml_escape(content)}      </description>\n"
            f"      <pubDate>{rfc822(published)}</pubDate>\n"
            f"      <link>{url}</link>\n"
            f"      <guid>{url}</guid>\n"
            "    </item>\n"
        )
    title = xml_escape(f"{page_title} - Incident History")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "  <channel>\n"
        f"    <title>{title}</title>\n"
        f"    <link>https://{host}</link>\n"
        f"    <description>{title}</description>\n"
        f"    <pubDate>{rfc822(latest)}</pubDate>\n" + "".join(entries) + "  </channel>\n</rss>\n"
    )


def _write_incidentio_atom(items: list[PlannedIncident], host: str, page_title: str) -> str:
    """incident.io history.atom: latest status and message only, ids with a double slash."""
    entries = []
    latest = WINDOW_START
    for item in sorted(items, key=lambda i: (i.last_update.at, i.incident_id), reverse=True):
        last = item.last_update
        latest = max(latest, last.at)
        label = "Fixing" if last.status == "identified" else LABELS[last.status]
        summary = f"<b>Status: {label}</b><br/><br/>{html.escape(last.body, quote=False)}"
        if item.impact in INCIDENTIO_STATE:
            state = INCIDENTIO_STATE[item.impact]
            lis = "".join(f"<li>{html.escape(c)} ({state})</li>" for c in item.components)
            summary += f"<br/><br/><b>Affected components</b><ul>{lis}</ul>"
        url = f"https://{host}//incidents/{item.incident_id}"
        entries.append(
            "  <entry>\n"
            f"    <title>{xml_escape(item.title)}</title>\n"
            f"    <id>{url}</id>\n"
            f'    <link rel="alternate" href="{url}"/>\n'
            f"    <updated>{iso_z(last.at)}</updated>\n"
            f'    <summary type="html">{xml_escape(summary)}</summary>\n'
            f'    <content type="html">{xml_escape(summary)}</content>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>https://{host}/</id>\n"
        f"  <title>{xml_escape(page_title)} status</title>\n"
        f'  <link rel="alternate" href="https://{host}/"/>\n'
        f'  <link rel="self" href="https://{host}/history.atom"/>\n'
        f"  <updated>{iso_z(latest)}</updated>\n" + "".join(entries) + "</feed>\n"
    )


def _duration_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins or not hours:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " and ".join(parts)


def _write_instatus_atom(
    items: list[PlannedIncident], host: str, page_title: str, rng: random.Random
) -> str:
    """Instatus history.atom: Type/Duration/Affected Components, then updates (GMT+0, seconds).

    Instatus does not always list updates newest first: some entries here are shuffled.
    """
    entries = []
    latest = WINDOW_START
    for index, item in enumerate(_newest_first(items)):
        kind = "Maintenance" if item.is_maintenance else "Incident"
        minutes = whole_minutes(_closed_at(item) - item.started_at)
        blocks = []
        shown: list[datetime] = []
        for update in item.updates:
            # Start and close stamps stay on the minute; other updates carry real seconds.
            edge = update.at in (item.started_at, item.resolved_at)
            at = update.at if edge else update.at + timedelta(seconds=rng.randint(1, 59))
            shown.append(at)
            stamp = (
                f"{at:%b} <var data-var='date'>{at.day}</var>, "
                f"<var data-var='time'>{at:%H:%M:%S}</var> GMT+0"
            )
            blocks.append(
                f"<p><small>{stamp}</small><br><strong>{LABELS[update.status]}</strong> - "
                f"{html.escape(update.body, quote=False)}</p>"
            )
        blocks.reverse()
        if index % 3 == 1 and len(blocks) >= 3:
            shuffled = blocks[:]
            while shuffled == blocks:
                rng.shuffle(shuffled)
            blocks = shuffled
        content = (
            f"<p><strong>Type</strong>: {kind}</p>"
            f"<p><strong>Duration</strong>: {_duration_text(minutes)}</p>"
            f"<p><strong>Affected Components</strong>: "
            f"{html.escape(', '.join(item.components))}</p>" + "".join(blocks)
        )
        latest = max(latest, item.last_update.at)
        path = "maintenance" if item.is_maintenance else "incident"
        entries.append(
            "  <entry>\n"
            f"    <id>tag:{host},2005:{kind}/{item.incident_id}</id>\n"
            f"    <published>{iso_z(shown[0])}</published>\n"
            f"    <updated>{iso_z(shown[-1])}</updated>\n"
            f'    <link rel="alternate" type="text/html" '
            f'href="https://{host}/{path}/{item.incident_id}"/>\n'
            f"    <title>{xml_escape(item.title)}</title>\n"
            f'    <content type="html">{xml_escape(content)}</content>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>tag:{host},2005:/history</id>\n"
        f'  <link rel="alternate" type="text/html" href="https://{host}"/>\n'
        f'  <link rel="self" type="application/atom+xml" href="https://{host}/history.atom"/>\n'
        f"  <title>{xml_escape(page_title)} - Incident history</title>\n"
        f"  <updated>{iso_z(latest)}</updated>\n" + "".join(entries) + "</feed>\n"
    )


def _write_xai_rss(items: list[PlannedIncident], host: str) -> str:
    """status.x.ai feed.xml: '[Component] Title', status/severity/start/end in the description."""
    entries = []
    latest = WINDOW_START
    for item in _newest_first(items):
        severity = "outage" if item.impact in ("major", "critical") else "degraded"
        state = "RESOLVED" if item.resolved_at else "ACTIVE"
        description = (
            f"<h3>Status: {state}</h3><p>Severity: {severity}</p>"
            f"<p>Started: {iso_z(item.started_at)}</p>"
        )
        if item.resolved_at:
            description += f"<p>Resolved: {iso_z(item.resolved_at)}</p>"
        description += f"<p>{html.escape(item.updates[0].body, quote=False)}</p>"
        if item.resolved_at:
            description += f"<p>{html.escape(item.last_update.body, quote=False)}</p>"
        changed = item.last_update.at
        latest = max(latest, changed)
        url = f"https://{host}/incidents/{item.incident_id}"
        entries.append(
            "    <item>\n"
            f"      <title>{xml_escape(item.title)}</title>\n"
            f"      <link>{url}</link>\n"
            f'      <guid isPermaLink="true">{url}</guid>\n'
            f"      <pubDate>{rfc822(changed, gmt=True)}</pubDate>\n"
            f"      <category>{severity}</category>\n"
            f"      <category>{state.lower()}</category>\n"
            f"      <description>{xml_escape(description)}</description>\n"
            "    </item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0">\n'
        "  <channel>\n"
        "    <title>xAI Status</title>\n"
        f"    <link>https://{host}</link>\n"
        "    <description>Incidents and status of xAI services</description>\n"
        f"    <lastBuildDate>{rfc822(latest, gmt=True)}</lastBuildDate>\n"
        + "".join(entries)
        + "  </channel>\n</rss>\n"
    )


# --------------------------------------------------------------------------- feed assembly


def anthropic_json_items(plan: list[PlannedIncident]) -> list[PlannedIncident]:
    """The anthropic incidents its incidents.json lists: the 50 most recent (no maintenance)."""
    candidates = [
        i
        for i in plan
        if i.vendor == "anthropic" and not i.is_maintenance and i.defect != "no_stamp"
    ]
    candidates.sort(key=lambda i: (i.started_at, i.incident_id), reverse=True)
    return candidates[:JSON_LIMIT]


def openai_atom_items(plan: list[PlannedIncident]) -> list[PlannedIncident]:
    """incident.io keeps about three months of history in its Atom feed."""
    since = datetime(2026, 2, 1, tzinfo=UTC)
    return [i for i in plan if i.vendor == "openai" and i.started_at >= since]


def render_feeds(plan: list[PlannedIncident], seed: int) -> dict[str, str]:
    """Render every source of the catalog: {relative path: text}."""
    by_vendor: dict[str, list[PlannedIncident]] = {v: [] for v in VENDORS}
    for item in plan:
        by_vendor[item.vendor].append(item)
    ids = VendorIds(random.Random(f"{seed}/pages"))
    texts: dict[str, str] = {}
    for name, vendor, path in SOURCES:
        rng = _writer_rng(seed, name)
        items = by_vendor[vendor]
        if name == "anthropic-status-atom":
            text = _write_statuspage_atom(
                items, "status.claude.com", "Claude Status", "Anthropic", rng
            )
        elif name == "anthropic-status-json":
            page = StatuspagePage(ids.statuspage(), "Claude", "https://status.claude.com")
            text = write_statuspage_json(anthropic_json_items(plan), page, rng)
        elif name == "openai-status-atom":
            text = _write_incidentio_atom(openai_atom_items(plan), "status.openai.com", "OpenAI")
        elif name == "openai-status-json":
            page = StatuspagePage(
                ids.ulid(WINDOW_START),
                "OpenAI",
                "https://status.openai.com",
                iso_z,
                incidentio=True,
            )
            text = write_statuspage_json(items, page, rng)
        elif name == "cohere-status-json":
            page = StatuspagePage(
                ids.ulid(WINDOW_START),
                "Cohere",
                "https://status.cohere.com",
                iso_z,
                incidentio=True,
            )
            text = write_statuspage_json(items, page, rng)
        elif name == "perplexity-status-atom":
            text = _write_instatus_atom(items, "status.perplexity.com", "Perplexity", rng)
        elif name == "xai-status-rss":
            text = _write_xai_rss(items, "status.x.ai")
        elif name == "mistral-status-rss":
            text = _write_statuspage_rss(items, "status.mistral.ai", "Mistral AI Status", rng)
        elif name == "google-status-json":
            text = write_gcloud_json(items, rng)
        elif name == "deepseek-status-json":
            page = StatuspagePage(
                ids.statuspage(), "DeepSeek Service Status", "https://status.deepseek.com"
            )
            text = write_statuspage_json(items, page, rng)
        else:  # pragma: no cover - SOURCES and this dispatch are edited together
            raise ValueError(f"no writer for source {name}")
        texts[path] = text
    return texts


def render_catalog(seed: int) -> str:
    """catalog.yaml: window first, then the `sources:` list (kept last so it can be extended)."""
    lines = [
        f"# Reliability Radar sample scenario (seed {seed}), written by `radar sample`.",
        "# Paths are relative to this file. Ground truth: truth.json beside it.",
        f"window: {{start: {WINDOW_START.date()}, end: {(WINDOW_END - timedelta(days=1)).date()}}}",
        "sources:",
    ]
    for name, vendor, path in SOURCES:
        lines += [
            f"  - name: {name}",
            "    kind: status",
            f"    vendor: {vendor}",
            f"    url: {path}",
            "    format: auto",
        ]
    return "\n".join(lines) + "\n"


__all__ = [
    "JSON_LIMIT",
    "SOURCES",
    "anthropic_json_items",
    "openai_atom_items",
    "render_catalog",
    "render_feeds",
]
