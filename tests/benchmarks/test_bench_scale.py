"""`benchmarks/bench_scale.py`'s scaler: the sample x2 is valid in every wire format, with twice
the records under distinct keys, copies a whole period earlier and every copied news link
served by the mirror. The parsers of the pipeline read the scaled files."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from pipeline.core.models import Source
from pipeline.ingest.articles import mirror_path
from pipeline.parse import parse_status_payload
from pipeline.parse.news_feed import parse_news_feed
from pipeline.parse.social import parse_social
from pipeline.sample.build import write_sample
from tests.script_modules import load_script

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 5, 2, tzinfo=UTC)
SOCIAL_CHECKED = ("social-extra", "mastodon-ai")  # the smaller social files: fast enough


bench = load_script(ROOT / "benchmarks" / "bench_scale.py")


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """The sample and its x2 copy, and the days between copies."""
    root = tmp_path_factory.mktemp("scale")
    write_sample(root / "x1")
    result = bench.scale_sample(root / "x1", root / "x2", 2)
    return root / "x1", root / "x2", result.period_days


def _sources(sample: Path) -> list[Source]:
    catalog = yaml.safe_load((sample / "catalog.yaml").read_text(encoding="utf-8"))
    fields = ("name", "kind", "url", "vendor", "mirror")
    return [
        Source(**{k: s[k] for k in fields if k in s}, base_dir=sample) for s in catalog["sources"]
    ]


def test_status_feeds_hold_twice_the_incidents_under_distinct_ids(scaled) -> None:
    x1, x2, period = scaled
    for source in (s for s in _sources(x1) if s.kind == "status"):
        one = parse_status_payload((x1 / source.url).read_bytes(), source, now=NOW)
        two = parse_status_payload((x2 / source.url).read_bytes(), source, now=NOW)
        assert two.format == one.format, source.name
        keys = {i.incident_id for i in two.incidents}
        assert len(keys) == len(two.incidents) == 2 * len(one.incidents), source.name
        assert len(two.quarantined) == 2 * len(one.quarantined), source.name
        assert len(two.updates) == 2 * len(one.updates), source.name
        first = min(i.started_at for i in one.incidents if i.started_at)
        assert min(i.started_at for i in two.incidents if i.started_at) == first - timedelta(
            days=period
        ), source.name


def test_status_atom_and_json_copies_still_join(scaled) -> None:
    _, x2, _ = scaled
    ids = {}
    for source in (s for s in _sources(x2) if s.vendor in ("anthropic", "openai")):
        parsed = parse_status_payload((x2 / source.url).read_bytes(), source, now=NOW)
        ids.setdefault(source.vendor, []).append({i.incident_id for i in parsed.incidents})
    for vendor, (first, second) in ids.items():
        assert len(first & second) >= min(len(first), len(second)) * 0.9, vendor


def test_news_feeds_double_and_every_copied_link_has_its_page(scaled) -> None:
    x1, x2, _ = scaled
    for source in (s for s in _sources(x1) if s.kind == "news"):
        one = parse_news_feed((x1 / source.url).read_bytes(), source, now=NOW)
        two = parse_news_feed((x2 / source.url).read_bytes(), source, now=NOW)
        assert len({i.item_id for i in two.items}) == 2 * len(one.items), source.name
        assert len({i.url for i in two.items}) == 2 * len({i.url for i in one.items})
        served = sum(mirror_path(x1 / "pages", i.url).is_file() for i in one.items)
        assert sum(mirror_path(x2 / "pages", i.url).is_file() for i in two.items) == 2 * served


@pytest.mark.parametrize("name", SOCIAL_CHECKED)
def test_social_posts_double_under_distinct_ids(scaled, name: str) -> None:
    x1, x2, period = scaled
    source = next(s for s in _sources(x1) if s.name == name)
    one = parse_social((x1 / source.url).read_bytes(), source, now=NOW)
    two = parse_social((x2 / source.url).read_bytes(), source, now=NOW)
    assert len({p.post_id for p in two.posts}) == len(two.posts) == 2 * len(one.posts)
    assert len(two.quarantined) == 2 * len(one.quarantined)
    oldest = min(p.created_at for p in one.posts)
    assert min(p.created_at for p in two.posts) == oldest - timedelta(days=period)


def test_catalog_window_starts_a_period_earlier(scaled) -> None:
    x1, x2, period = scaled
    first = yaml.safe_load((x1 / "catalog.yaml").read_text(encoding="utf-8"))["window"]
    second = yaml.safe_load((x2 / "catalog.yaml").read_text(encoding="utf-8"))["window"]
    assert second["start"] == first["start"] - timedelta(days=period)
    assert second["end"] == first["end"]
    assert period % 7 == 0 and period >= (first["end"] - first["start"]).days + 1


def test_tags_keep_the_shape_of_ids() -> None:
    assert bench.tag_token("47633172", 1) == "47633172001"
    ulid = bench.tag_token("01KQG3M9200PF62X24Z974F2KW", 3)
    assert len(ulid) == 26 and ulid[:10] == "01KQG3M920" and bench.ULID_RE.fullmatch(ulid)
    assert bench.UUID_RE.fullmatch(bench.tag_token("ab490271-02e4-45df-8032-6beca06c8be2", 1))
    assert bench.tag_url("https://x.example/2026/04/22/slug/amp/", 2) == (
        "https://x.example/2026/04/22/slugx002/amp/"
    )
    assert bench.tag_url("https://x.example/?p=12", 1) == "https://x.example/?p=12001"
    assert bench.tag_value("t1_o35qk1r", 1) == "t1_o35qk1rx001"


def test_year_less_statuspage_stamps_move_with_their_entry() -> None:
    shift = bench.Shift(154, (0.0, 0.0), date(2026, 2, 1))
    text = "<published>2026-01-02T00:10:00Z</published> Dec <var data-var='date'>31</var>, 23:50"
    assert shift.text(text) == (
        "<published>2025-08-01T00:10:00Z</published> Jul <var data-var='date'>30</var>, 23:50"
    )
    assert shift.text("Tue, 03 Mar 2026 14:05:00 GMT") == "Tue, 30 Sep 2025 14:05:00 GMT"
    assert shift.text("2026-02-30T00:00:00Z") == "2026-02-30T00:00:00Z"  # not a date: kept
