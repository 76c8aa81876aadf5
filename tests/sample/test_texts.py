"""The sample's text corpora load from their data files as frozen, order-keeping structures."""

from __future__ import annotations

from importlib import resources

import pytest

from pipeline.sample.texts import freeze, load_corpus

CORPORA = sorted(
    p.name.removesuffix(".yaml")
    for p in (resources.files("pipeline.sample") / "corpus").iterdir()
    if p.name.endswith(".yaml")
)


def _lists_in(value: object) -> int:
    if isinstance(value, list):
        return 1 + sum(_lists_in(v) for v in value)
    if isinstance(value, tuple):
        return sum(_lists_in(v) for v in value)
    if isinstance(value, dict):
        return sum(_lists_in(v) for v in value.values())
    return 0


def test_freeze_turns_lists_into_tuples_and_keeps_mapping_order():
    frozen = freeze({"b": [1, [2, 3]], "a": {"x": ["y"]}})
    assert frozen == {"b": (1, (2, 3)), "a": {"x": ("y",)}}
    assert list(frozen) == ["b", "a"]


@pytest.mark.parametrize("name", CORPORA)
def test_every_corpus_loads_frozen_and_cached(name: str):
    corpus = load_corpus(name)
    assert corpus and isinstance(corpus, dict)
    assert _lists_in(corpus) == 0
    assert load_corpus(name) is corpus


def test_the_corpora_the_generators_read_are_packaged():
    assert {"incidents", "news_banks", "news_blog", "news_names", "news_pages", "social"} <= set(
        CORPORA
    )
    assert "status" in CORPORA


def test_quoted_spaces_and_non_ascii_text_survive_yaml():
    social = load_corpus("social")
    assert all(t.startswith(" ") for t in social["context_tails"])
    assert "Update: " in social["migration_prefixes"] and "" in social["migration_prefixes"]
    assert any("\N{WAVING HAND SIGN}" in t for t in social["migration"])
    names = load_corpus("news_names")
    assert "Zoë" in names["first_names"]
    assert names["vendor_text"]["cohere"]["coder"] is None
    assert load_corpus("status")["bodies"]["none"]["investigating"][0].endswith("affected.")
