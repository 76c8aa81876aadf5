"""Status feeds of the sample: real wire formats that read back as the planted incidents."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from lxml import etree

from pipeline.parse.status_terms import infer_impact
from pipeline.parse.timestamps import infer_year, zone_offset
from pipeline.sample.plan import GOOGLE_AI_PRODUCTS, GOOGLE_OTHER_PRODUCTS
from pipeline.sample.status_feeds import JSON_LIMIT, SOURCES

ATOM = "{http://www.w3.org/2005/Atom}"
MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
# One update paragraph of Statuspage / Instatus content (after tags inside <small> are removed).
UPDATE = re.compile(
    r"<small>(?P<stamp>.*?)</small><br>\s*<strong>(?P<label>[^<]+)</strong> - (?P<body>.*?)\s*</p>",
    re.S,
)
STAMP = re.compile(
    r"(?P<mon>[A-Z][a-z]{2}) +(?P<day>\d{1,2}), (?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2}))? "
    r"(?P<zone>\S+)"
)
CLOSING = {"Resolved", "Completed"}


@pytest.fixture(scope="module")
def kept(truth: dict) -> dict[tuple[str, str], dict]:
    return {(i["vendor"], i["incident_id"]): i for i in truth["incidents"]}


def ts(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def feed_entries(path: Path) -> list[dict]:
    """Entries of an Atom/RSS status feed: code, title, reference time, and the HTML content."""
    root = etree.fromstring(path.read_bytes())
    entries = []
    if root.tag == f"{ATOM}feed":
        for entry in root.iter(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link").get("href")
            content = entry.find(f"{ATOM}content")
            entries.append(
                {
                    "code": link.rstrip("/").rsplit("/", 1)[-1],
                    "title": entry.findtext(f"{ATOM}title"),
                    "reference": ts(entry.findtext(f"{ATOM}updated")),
                    "html": content.text if content is not None else "",
                }
            )
    else:
        for item in root.iter("item"):
            entries.append(
                {
                    "code": item.findtext("link").rsplit("/", 1)[-1],
                    "title": item.findtext("title"),
                    "reference": parsedate_to_datetime(item.findtext("pubDate")),
                    "html": item.findtext("description"),
                }
            )
    return entries


def updates_of(entry: dict) -> list[tuple[datetime, str, str]]:
    """(posted_at, label, plain body) of every update block, years inferred like the pipeline."""
    found = []
    for m in UPDATE.finditer(entry["html"]):
        stamp = STAMP.fullmatch(re.sub(r"<[^>]+>", "", m["stamp"]).strip())
        assert stamp, m["stamp"]
        at = infer_year(
            MONTHS[stamp["mon"]],
            int(stamp["day"]),
            int(stamp["h"]),
            int(stamp["m"]),
            zone_offset(stamp["zone"]),
            entry["reference"],
        ) + timedelta(seconds=int(stamp["s"] or 0))
        found.append((at, m["label"], html.unescape(m["body"])))
    return found


def test_feeds_are_well_formed(out: Path):
    for path in sorted((out / "status").rglob("*")):
        if path.suffix == ".json":
            json.loads(path.read_bytes())
        elif path.is_file():
            etree.fromstring(path.read_bytes())  # raises on malformed XML


def test_atom_rss_only_incidents_read_as_their_planted_impact(out: Path, kept: dict):
    in_json = {
        i["id"]
        for i in json.loads((out / "status/anthropic/incidents.json").read_bytes())["incidents"]
    }
    checked = 0
    for vendor, path in [
        ("anthropic", "status/anthropic/history.atom"),
        ("mistral", "status/mistral/history.rss"),
        ("perplexity", "status/perplexity/history.atom"),
    ]:
        for entry in feed_entries(out / path):
            inc = kept.get((vendor, entry["code"]))
            if inc is None or inc["is_maintenance"] or entry["code"] in in_json:
                continue
            bodies = [body for _, _, body in updates_of(entry)]
            assert infer_impact(entry["title"], *bodies) == inc["impact"], entry["title"]
            checked += 1
    assert checked > 100


def test_feed_update_stamps_give_the_truth_times(out: Path, kept: dict):
    """Start = first update (maintenance: first In progress); end = first Resolved/Completed."""
    for vendor, path in [
        ("anthropic", "status/anthropic/history.atom"),
        ("mistral", "status/mistral/history.rss"),
        ("perplexity", "status/perplexity/history.atom"),
    ]:
        for entry in feed_entries(out / path):
            inc = kept.get((vendor, entry["code"]))
            if inc is None:
                continue
            ups = sorted(updates_of(entry))
            starts = [at for at, label, _ in ups if label == "In progress"] or [ups[0][0]]
            ends = [at for at, label, _ in ups if label in CLOSING]
            assert starts[0] == ts(inc["started_at"]), entry["title"]
            assert (ends[0] if ends else None) == ts(inc["resolved_at"]), entry["title"]


def test_json_feeds_agree_with_truth(out: Path, kept: dict):
    for vendor in ("anthropic", "openai", "cohere", "deepseek"):
        doc = json.loads((out / f"status/{vendor}/incidents.json").read_bytes())
        for record in doc["incidents"]:
            inc = kept.get((vendor, record["id"]))
            if inc is None:
                continue
            first = min(u["created_at"] for u in record["incident_updates"])
            assert ts(record["started_at"]) == ts(record["created_at"]) == ts(first)
            assert ts(record["started_at"]) == ts(inc["started_at"])
            assert ts(record["resolved_at"]) == ts(inc["resolved_at"])
            assert record["impact"] == inc["impact"]
    anthropic = json.loads((out / "status/anthropic/incidents.json").read_bytes())["incidents"]
    assert len(anthropic) == JSON_LIMIT
    atom_codes = {e["code"] for e in feed_entries(out / "status/anthropic/history.atom")}
    assert {r["id"] for r in anthropic} <= atom_codes
    # The JSON holds the 50 most recent incidents; older ones are in the Atom feed only.
    in_json = {r["id"] for r in anthropic}
    oldest_in_json = min(ts(r["started_at"]) for r in anthropic)
    atom_only = [
        i
        for (v, c), i in kept.items()
        if v == "anthropic" and not i["is_maintenance"] and c not in in_json
    ]
    assert atom_only and all(ts(i["started_at"]) <= oldest_in_json for i in atom_only)
    google = json.loads((out / "status/google/incidents.json").read_bytes())
    ai = [g for g in google if ("google", g["id"]) in kept]
    assert {g["affected_products"][0]["title"] for g in ai} <= set(GOOGLE_AI_PRODUCTS)
    others = [g for g in google if ("google", g["id"]) not in kept]
    assert others and all(g["service_name"] in GOOGLE_OTHER_PRODUCTS for g in others)


def test_bad_records_sit_in_one_feed_and_not_in_truth(out: Path, truth: dict, kept: dict):
    paths = {name: out / path for name, _, path in SOURCES}
    status_bad = [b for b in truth["bad_records"] if b["source"] in paths]
    assert len(status_bad) == 4  # the news pages' bad records: test_news.py
    for bad in status_bad:
        assert bad["reason"]
        holders = [n for n, p in paths.items() if bad["record_ref"] in p.read_text()]
        assert holders == [bad["source"]]
        assert all(c != bad["record_ref"] for _, c in kept)
    text = paths["mistral-status-rss"].read_text()
    assert "Feb &lt;var data-var='date'&gt;30&lt;/var&gt;" in text
    assert '"impact": "catastrophic"' in paths["deepseek-status-json"].read_text()
