"""The sample's text corpora: headlines, bodies, post templates and names, kept in data files.

`load_corpus(name)` reads `pipeline/sample/corpus/<name>.yaml` (packaged with the code) with
`yaml.safe_load` and freezes it: YAML lists become tuples, mappings stay dicts in file order.
The generators draw from these sequences by position with seeded generators, so the order of
every list in the files is part of the sample's bytes.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml


def freeze(value: Any) -> Any:
    """Lists to tuples, recursively (mappings keep their order)."""
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    if isinstance(value, dict):
        return {key: freeze(item) for key, item in value.items()}
    return value


@functools.cache
def load_corpus(name: str) -> dict[str, Any]:
    """Load and freeze corpus/<name>.yaml (cached: every caller shares one copy)."""
    text = (resources.files("pipeline.sample") / "corpus" / f"{name}.yaml").read_text("utf-8")
    return freeze(yaml.safe_load(text))


__all__ = ["freeze", "load_corpus"]
