"""Writing the embedded sample: deterministic bytes, a catalog of every source, once per seed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import yaml

from pipeline.sample.build import ensure_sample, sample_dir, write_sample
from pipeline.sample.status_feeds import SOURCES


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes_and_another_seed_differs(out: Path, tmp_path: Path):
    again = write_sample(tmp_path / "again").parent
    assert tree_digest(again) == tree_digest(out)
    other = write_sample(tmp_path / "other", seed=7).parent

    def status_only(digest: dict[str, str]) -> dict[str, str]:
        # news pages are named after their (seeded) headlines; status files are not
        return {k: v for k, v in digest.items() if not k.startswith(("pages/", "news/"))}

    assert status_only(tree_digest(other)).keys() == status_only(tree_digest(out)).keys()
    assert tree_digest(other) != tree_digest(out)


def test_bytes_do_not_depend_on_the_process(out: Path, tmp_path: Path):
    """Another interpreter, hash seed and local time zone write the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "America/New_York"}
    code = (
        "import sys; from pathlib import Path; from pipeline.sample.build import write_sample; "
        "write_sample(Path(sys.argv[1]))"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "p")], env=env, check=True)
    assert tree_digest(tmp_path / "p") == tree_digest(out)


def test_catalog_lists_every_source_by_relative_path(out: Path):
    catalog = yaml.safe_load((out / "catalog.yaml").read_text(encoding="utf-8"))
    assert catalog["window"] == {"start": date(2025, 12, 1), "end": date(2026, 4, 30)}
    status = [s for s in catalog["sources"] if s["kind"] == "status"]
    names = [s["name"] for s in status]
    assert names == [name for name, _, _ in SOURCES]
    assert catalog["sources"][: len(status)] == status  # news sources follow (test_news)
    assert len({s["vendor"] for s in status}) >= 7
    for source in status:
        assert source["kind"] == "status" and source["format"] == "auto"
        assert (out / source["url"]).is_file(), source["url"]
    # The sources list comes last, so a test or user can append entries to it.
    assert (out / "catalog.yaml").read_text().rstrip().endswith("format: auto")


def test_ensure_sample_writes_once_per_seed(tmp_path: Path):
    home = tmp_path / "home"
    assert sample_dir(home) == home / "sample"
    catalog = ensure_sample(home)
    assert catalog == home / "sample" / "catalog.yaml" and catalog.exists()
    stamp = catalog.stat().st_mtime_ns
    assert ensure_sample(home) == catalog
    assert catalog.stat().st_mtime_ns == stamp
    ensure_sample(home, seed=11)
    assert "(seed 11)" in catalog.read_text().splitlines()[0]
