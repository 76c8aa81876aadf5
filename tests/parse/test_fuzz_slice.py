"""A slice of `benchmarks/fuzz_parsers.py`: mutated real payloads never crash a parser.

Every parser of the benchmark gets a few cases (the benchmark runs 10,000 each), seeded from
the fixtures as there; anything but the documented ParseError, or a case running over its
time limit, is a crash. A handful of mutated JSON Lines payloads also go through the bulk and
the per-record social parsers, which must agree. Deterministic: the cases come from a fixed
seed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.script_modules import load_script

ROOT = Path(__file__).resolve().parents[2]
CASES = 16  # per parser: about 300 cases in all
BULK_CASES = 6  # the bulk parser costs about 0.2 s a case (a DuckDB statement)
DIFFERENTIAL_CASES = 8
SEED = 11


fuzz = load_script(ROOT / "benchmarks" / "fuzz_parsers.py")


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[bytes]]:
    roots = [fuzz.FIXTURES]
    if fuzz.SHARED_FIXTURES.is_dir():
        roots.append(fuzz.SHARED_FIXTURES)
    return fuzz.load_seeds(roots, sample_dir=None)


@pytest.mark.parametrize("name", list(fuzz.TARGETS))
def test_mutated_payloads_never_crash_the_parser(name: str, seeds: dict[str, list[bytes]]) -> None:
    if not seeds[name]:
        pytest.skip(f"no fixture to seed {name} from (../shared/fixtures is absent)")
    cases = BULK_CASES if name == "social_bulk" else CASES
    tally = fuzz.run_target(fuzz.TARGETS[name], seeds[name], cases, SEED, case_timeout=10.0)
    assert [(c.where, c.error, c.recipe) for c in tally.crashes] == []
    assert tally.cases == cases == tally.parsed + tally.refused
    assert tally.parsed > 0  # the mutations leave some payloads the parser can read


def test_bulk_and_per_record_parsers_agree(seeds: dict[str, list[bytes]]) -> None:
    diff = fuzz.run_differential(seeds["social_bulk"], DIFFERENTIAL_CASES, SEED)
    assert [(why, recipe) for why, recipe, _ in diff.disagreements] == []
    assert diff.compared == DIFFERENTIAL_CASES


def test_the_slice_covers_every_parser_of_the_benchmark() -> None:
    formats = {"statuspage_atom", "statuspage_rss", "statuspage_json", "gcloud_json"}
    formats |= {"incidentio_atom", "instatus_atom", "xai_rss", "news_rss", "news_atom"}
    formats |= {"news_rdf", "article_html", "social_hn", "social_reddit", "social_bluesky"}
    formats |= {"social_mastodon", "social_jsonl", "social_bulk"}
    assert formats <= set(fuzz.TARGETS)
