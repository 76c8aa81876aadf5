"""The embedded sample scenario: deterministic, real wire formats, and a consistent truth."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import yaml
from lxml import etree

from pipeline.parse.common import infer_impact, infer_year, zone_offset
from pipeline.sample import plan as sample

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


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    catalog = sample.write_sample(root)
    assert catalog == root / "catalog.yaml"
    return root


@pytest.fixture(scope="module")
def truth(out: Path) -> dict:
    return json.loads((out / "truth.json").read_text(encoding="utf-8"))


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


def test_same_seed_gives_identical_bytes_and_another_seed_differs(out: Path, tmp_path: Path):
    again = sample.write_sample(tmp_path / "again").parent
    assert tree_digest(again) == tree_digest(out)
    other = sample.write_sample(tmp_path / "other", seed=7).parent

    def status_only(digest: dict[str, str]) -> dict[str, str]:
        # news pages are named after their (seeded) headlines; status files are not
        return {k: v for k, v in digest.items() if not k.startswith(("pages/", "news/"))}

    assert status_only(tree_digest(other)).keys() == status_only(tree_digest(out)).keys()
    assert tree_digest(other) != tree_digest(out)


def test_bytes_do_not_depend_on_the_process(out: Path, tmp_path: Path):
    """Another interpreter, hash seed and local time zone write the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "America/New_York"}
    code = (
        "import sys; from pathlib import Path; from pipeline.sample import plan as sample; "
        "sample.write_sample(Path(sys.argv[1]))"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "p")], env=env, check=True)
    assert tree_digest(tmp_path / "p") == tree_digest(out)


def test_catalog_lists_every_source_by_relative_path(out: Path):
    catalog = yaml.safe_load((out / "catalog.yaml").read_text(encoding="utf-8"))
    assert catalog["window"] == {"start": date(2025, 12, 1), "end": date(2026, 4, 30)}
    status = [s for s in catalog["sources"] if s["kind"] == "status"]
    names = [s["name"] for s in status]
    assert names == [name for name, _, _ in sample.SOURCES]
    assert catalog["sources"][: len(status)] == status  # news sources follow (test_sample_news)
    assert len({s["vendor"] for s in status}) >= 7
    for source in status:
        assert source["kind"] == "status" and source["format"] == "auto"
        assert (out / source["url"]).is_file(), source["url"]
    # The sources list comes last, so a test or user can append entries to it.
    assert (out / "catalog.yaml").read_text().rstrip().endswith("format: auto")


def test_feeds_are_well_formed(out: Path):
    for path in sorted((out / "status").rglob("*")):
        if path.suffix == ".json":
            json.loads(path.read_bytes())
        elif path.is_file():
            etree.fromstring(path.read_bytes())  # raises on malformed XML


def test_truth_has_the_required_shape(truth: dict):
    assert {"window", "incidents", "outage_daily", "bad_records"} <= set(truth)
    # plus the news keys (articles, news_duplicates, news_daily): tests/test_sample_news.py
    assert truth["window"] == {"start": "2025-12-01", "end": "2026-04-30"}
    keys = {
        "vendor",
        "incident_id",
        "title",
        "started_at",
        "resolved_at",
        "impact",
        "is_maintenance",
    }
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
    for inc in truth["incidents"]:
        assert set(inc) == keys
        assert stamp.fullmatch(inc["started_at"])
        assert inc["resolved_at"] is None or stamp.fullmatch(inc["resolved_at"])
        assert inc["resolved_at"] is None or inc["resolved_at"] > inc["started_at"]
        assert inc["is_maintenance"] == (inc["impact"] == "maintenance")
    assert len({(i["vendor"], i["incident_id"]) for i in truth["incidents"]}) == len(
        truth["incidents"]
    )
    assert {i["vendor"] for i in truth["incidents"]} == set(sample.VENDORS)


def test_truth_covers_the_edge_cases(truth: dict):
    incidents = [(i, ts(i["started_at"]), ts(i["resolved_at"])) for i in truth["incidents"]]
    real = [x for x in incidents if not x[0]["is_maintenance"]]
    crossing = [x for x in real if x[2] and x[2].date() > x[1].date()]
    assert crossing, "an incident crossing midnight"
    assert any(
        s.date() == date(2025, 12, 31) and r.date() == date(2026, 1, 1) for _, s, r in crossing
    ), "an incident across New Year"
    open_ = [x for x in incidents if x[2] is None]
    assert len(open_) == 1
    by_vendor: dict[str, list] = {}
    for x in real:
        by_vendor.setdefault(x[0]["vendor"], []).append(x)
    overlapping = {
        vendor
        for vendor, xs in by_vendor.items()
        for a in xs
        for b in xs
        if a is not b and a[1] <= b[1] < (a[2] or sample.WINDOW_END)
    }
    assert len(overlapping) >= 3
    maintenance_vendors = {x[0]["vendor"] for x in incidents if x[0]["is_maintenance"]}
    assert len(maintenance_vendors) >= 3
    assert {x[0]["impact"] for x in real} == {"none", "minor", "major", "critical"}
    assert all(x[1].second == 0 for x in incidents)


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
    assert len(anthropic) == sample.JSON_LIMIT
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
    assert {g["affected_products"][0]["title"] for g in ai} <= set(sample.GOOGLE_AI_PRODUCTS)
    others = [g for g in google if ("google", g["id"]) not in kept]
    assert others and all(g["service_name"] in sample.GOOGLE_OTHER_PRODUCTS for g in others)


def test_bad_records_sit_in_one_feed_and_not_in_truth(out: Path, truth: dict, kept: dict):
    paths = {name: out / path for name, _, path in sample.SOURCES}
    status_bad = [b for b in truth["bad_records"] if b["source"] in paths]
    assert len(status_bad) == 4  # the news pages' bad records: tests/test_sample_news.py
    for bad in status_bad:
        assert bad["reason"]
        holders = [n for n, p in paths.items() if bad["record_ref"] in p.read_text()]
        assert holders == [bad["source"]]
        assert all(c != bad["record_ref"] for _, c in kept)
    text = paths["mistral-status-rss"].read_text()
    assert "Feb &lt;var data-var='date'&gt;30&lt;/var&gt;" in text
    assert '"impact": "catastrophic"' in paths["deepseek-status-json"].read_text()


def test_outage_daily_rows_and_ranges(truth: dict):
    rows = truth["outage_daily"]
    assert len(rows) == len(sample.VENDORS) * 151
    assert len({(r["vendor"], r["day"]) for r in rows}) == len(rows)
    for r in rows:
        assert 0 <= r["uptime_pct"] <= 100
        assert 0 <= r["major_outage_minutes"] <= r["outage_minutes"] <= 1440
        assert 0 <= r["weighted_down_minutes"] <= r["outage_minutes"]
        assert 0 <= r["maintenance_minutes"] <= 1440
        assert r["mttr_minutes"] is None or r["mttr_minutes"] > 0
        assert r["uptime_pct"] == round(100 * (1 - r["weighted_down_minutes"] / 1440), 4)


def test_outage_daily_spot_checks(truth: dict, kept: dict):
    rows = {(r["vendor"], r["day"]): r for r in truth["outage_daily"]}
    open_ = next(i for i in kept.values() if i["resolved_at"] is None)
    start = ts(open_["started_at"])
    last_day = rows[(open_["vendor"], "2026-04-30")]
    assert last_day["outage_minutes"] >= (sample.WINDOW_END - start).total_seconds() / 60
    new_year = next(
        i
        for i in kept.values()
        if i["started_at"].startswith("2025-12-31")
        and i["resolved_at"]
        and i["resolved_at"].startswith("2026-01-01")
    )
    for day in ("2025-12-31", "2026-01-01"):
        assert rows[(new_year["vendor"], day)]["outage_minutes"] > 0
    starts = Counter(
        (i["vendor"], i["started_at"][:10]) for i in kept.values() if not i["is_maintenance"]
    )
    for (vendor, day), row in rows.items():
        assert row["incidents_started"] == starts.get((vendor, day), 0)


def test_march_2026_anthropic_crisis(truth: dict):
    rows = [r for r in truth["outage_daily"] if r["vendor"] == "anthropic"]
    march = sum(r["outage_minutes"] for r in rows if "2026-03-03" <= r["day"] <= "2026-03-31")
    before = sum(r["outage_minutes"] for r in rows if r["day"] < "2026-03-01")
    assert march > 5 * before
    peak = [r for r in rows if "2026-03-07" <= r["day"] <= "2026-03-24"]
    assert sum(r["incidents_started"] for r in peak) / len(peak) >= 3
    long_critical = [
        i
        for i in truth["incidents"]
        if i["vendor"] == "anthropic"
        and i["impact"] == "critical"
        and ts(i["resolved_at"]) - ts(i["started_at"]) >= timedelta(hours=3)
    ]
    assert len(long_critical) >= 3
    others = [
        r
        for r in truth["outage_daily"]
        if r["vendor"] != "anthropic" and "2026-03-03" <= r["day"] <= "2026-03-31"
    ]
    assert march > 3 * max(
        sum(r["outage_minutes"] for r in others if r["vendor"] == v)
        for v in sample.VENDORS
        if v != "anthropic"
    )


def test_ensure_sample_writes_once_per_seed(tmp_path: Path):
    home = tmp_path / "home"
    assert sample.sample_dir(home) == home / "sample"
    catalog = sample.ensure_sample(home)
    assert catalog == home / "sample" / "catalog.yaml" and catalog.exists()
    stamp = catalog.stat().st_mtime_ns
    assert sample.ensure_sample(home) == catalog
    assert catalog.stat().st_mtime_ns == stamp
    sample.ensure_sample(home, seed=11)
    assert "(seed 11)" in catalog.read_text().splitlines()[0]


def test_no_naive_or_out_of_window_times_in_the_plan():
    for item in sample.plan_scenario():
        assert item.started_at.tzinfo is UTC
        assert sample.WINDOW_START <= item.started_at < sample.WINDOW_END
        assert item.resolved_at is None or item.resolved_at < sample.WINDOW_END
