"""Write the embedded sample scenario: status, news and social sources, catalog.yaml, truth.json.

`write_sample(out_dir, seed)` plans the scenario (`plan.plan_scenario`), renders its status
feeds (`status_feeds`), news (`news`) and social posts (`social`), each part from its own seeded
generator, and writes them under `out_dir` with `catalog.yaml` listing every source by relative
path and `truth.json`: what the pipeline must keep, compute and quarantine. Same seed, same
bytes: no wall-clock time, sorted JSON keys, fixed float rounding.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.sample.plan import DEFAULT_SEED

CATALOG_NAME = "catalog.yaml"
TRUTH_NAME = "truth.json"


def write_sample(out_dir: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write the sample scenario (feeds, truth.json, catalog.yaml) under `out_dir`.

    Same seed, byte-identical files. The catalog is written last, so its presence means the
    sample is complete. Returns the path of catalog.yaml.
    """
    # Imported here: generating loads the text corpora (~0.2 s), which `ensure_sample` on an
    # existing sample (every `radar run --sample`) does not need.
    from pipeline.sample import news, social, status_feeds
    from pipeline.sample.formats import json_text
    from pipeline.sample.plan import plan_scenario
    from pipeline.sample.status_truth import build_truth

    plan = plan_scenario(seed)
    files = status_feeds.render_feeds(plan, seed)
    truth = build_truth(plan)
    news_part = news.build_news(plan, seed)  # its own generator: status bytes do not change
    news.merge_truth(truth, news_part.truth)
    social_part = social.build_social(plan, seed)  # its own generator, like news
    social.merge_truth(truth, social_part.truth)
    files[TRUTH_NAME] = json_text(truth)
    for relative, text in sorted(files.items()):
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    for relative, data in sorted({**news_part.files, **social_part.files}.items()):
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    catalog = out_dir / CATALOG_NAME
    catalog_text = (
        status_feeds.render_catalog(seed)
        + news.render_catalog_entries()
        + social.render_catalog_entries()
    )
    catalog.write_bytes(catalog_text.encode("utf-8"))
    return catalog


def sample_dir(home: Path) -> Path:
    """Folder of the generated sample under a radar home."""
    return home / "sample"


def ensure_sample(home: Path, seed: int = DEFAULT_SEED) -> Path:
    """Return the sample's catalog path under `home`, writing the sample if it is missing."""
    catalog = sample_dir(home) / CATALOG_NAME
    if not catalog.exists() or _catalog_seed(catalog) != seed:
        write_sample(sample_dir(home), seed=seed)
    return catalog


def _catalog_seed(catalog: Path) -> int | None:
    """Seed named in the first line of a generated catalog, None when absent."""
    with catalog.open(encoding="utf-8") as handle:
        first = handle.readline()
    marker = "(seed "
    if marker not in first:
        return None
    digits = first.split(marker, 1)[1].split(")", 1)[0]
    return int(digits) if digits.isdigit() else None


__all__ = [
    "CATALOG_NAME",
    "TRUTH_NAME",
    "ensure_sample",
    "sample_dir",
    "write_sample",
]
