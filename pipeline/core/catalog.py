"""Load and validate the source catalog YAML (format in CONTRACT.md, "Source catalog").

```yaml
window: {start: 2025-01-01, end: 2025-12-31}   # optional data window for indicators
root: ../data                 # optional folder local files may come from (default: this file's)
sources:
  - name: anthropic-status-atom   # unique, [a-z0-9-]+
    kind: status                  # status | news | social
    vendor: anthropic             # required for status sources; a slug of pipeline.core.vendors
    url: https://status.claude.com/history.atom  # http(s)://, file://, or a path
    format: auto                  # optional, default auto
    enabled: true                 # optional, default true
    description: Claude status    # optional
    timeout: 60                   # optional, seconds: deadline of one request (0.1 to 3600)
    max_bytes: 33554432           # optional, cap on the decoded payload (1 byte to 8 GiB)
```

A relative path resolves against the catalog file's folder. Local files (paths, `file://`
URLs) and mirror folders must lie inside the catalog's folder, or inside `root` when the
catalog names one (relative to the catalog's folder), so a catalog cannot read
`file:///etc/passwd`. Every numeric field is range-checked here (a usage error, exit 2), never
left to fail a run. Every problem in a catalog is collected first and reported at once, one
line per problem, in a `CatalogError`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import yaml

from pipeline.core import vendors
from pipeline.core.errors import CatalogError
from pipeline.core.models import NEWS_FORMATS, SOCIAL_FORMATS, SOURCE_KINDS, STATUS_FORMATS, Source

# Wire formats of news and social payloads a catalog may name ahead of detection.
ITEM_FORMATS = (
    "rss",
    "atom",
    "article_html",
    "hn_algolia",
    "reddit",
    "bluesky",
    "mastodon",
    "jsonl",
)
FORMATS_BY_KIND: dict[str, tuple[str, ...]] = {
    "status": ("auto", *STATUS_FORMATS),
    "news": ("auto", *NEWS_FORMATS),
    "social": ("auto", *SOCIAL_FORMATS),
}
URL_SCHEMES = ("http", "https", "file")
NAME_RE = re.compile(r"[a-z0-9-]+")

# Ranges of the numeric source fields (catalog keys max_articles, timeout, max_bytes).
MAX_ARTICLES_PER_RUN = 10_000
TIMEOUT_RANGE = (0.1, 3600.0)
MAX_BYTES_RANGE = (1, 8 * 2**30)

_TOP_KEYS = ("sources", "window", "root")
_WINDOW_KEYS = ("start", "end")
_REQUIRED_KEYS = ("name", "kind", "url")
_SOURCE_KEYS = (
    "name",
    "kind",
    "vendor",
    "url",
    "format",
    "match",
    "fetch_articles",
    "max_articles",
    "mirror",
    "enabled",
    "description",
    "timeout",
    "max_bytes",
)
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Catalog:
    """A validated source catalog.

    `sources` are the enabled sources in catalog order; `disabled` the ones with
    `enabled: false`; `descriptions` maps source names to their optional description; `root`
    is the folder local files must lie in (the catalog's folder unless the catalog names one).
    """

    path: Path
    sources: tuple[Source, ...]
    window_start: date | None = None
    window_end: date | None = None
    disabled: tuple[Source, ...] = ()
    descriptions: dict[str, str] = field(default_factory=dict)
    root: Path | None = None


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects a key repeated in one mapping (YAML keeps the last silently)
    and leaves dates as strings, so a bad date is a catalog problem, not a loader crash."""


_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def default_catalog_path() -> Path:
    """Return the path of the packaged default catalog (pipeline/default_sources.yaml)."""
    resource = resources.files("pipeline.core").joinpath("default_sources.yaml")
    if not isinstance(resource, Path):
        raise CatalogError(f"default catalog is not a file on disk: {resource}")
    return resource


def load_catalog(path: Path) -> Catalog:
    """Read and validate the catalog at `path`.

    Raises:
        CatalogError: the file is missing or unreadable, is not valid YAML, or breaks the
            catalog format; the message lists every problem, one line each.
    """
    path = Path(path).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise CatalogError(f"source catalog not found: {path}") from err
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogError(f"cannot read source catalog {path}: {err}") from err
    try:
        document = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except (yaml.YAMLError, ValueError) as err:
        raise CatalogError(f"invalid YAML in source catalog {path}: {err}") from err

    problems: list[str] = []
    sources, window, root = _check_document(document, path.parent, problems)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise CatalogError(f"invalid source catalog {path} ({count}):\n{lines}")
    enabled = tuple(s for s, on, _ in sources if on)
    disabled = tuple(s for s, on, _ in sources if not on)
    descriptions = {s.name: d for s, _, d in sources if d is not None}
    return Catalog(path, enabled, window[0], window[1], disabled, descriptions, root)


def resolve_location(source: Source) -> str:
    """Return where a source's payload lives: an absolute http(s) URL or an absolute path.

    `file://` URLs become paths; relative paths resolve against `source.base_dir` (the
    catalog's folder), or the working directory when it is None.

    Raises:
        CatalogError: the URL has a scheme other than http, https or file, or a file URL
            names another host.
    """
    url = source.url.strip()
    scheme = _scheme(url)
    if scheme in ("http", "https"):
        return url
    if scheme == "file":
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise CatalogError(f"{source.name}: file URL names a host: {url}")
        return str(Path(url2pathname(parts.path)).resolve())
    if scheme is not None:
        raise CatalogError(f"{source.name}: {_unsupported(scheme)}")
    path = Path(url)
    if not path.is_absolute():
        path = (source.base_dir or Path.cwd()) / path
    return str(path.resolve())


def _scheme(url: str) -> str | None:
    """Return the lower-cased URL scheme, or None for a filesystem path."""
    match = _SCHEME_RE.match(url)
    if match is None or len(match.group()) == len("C:"):  # a drive letter, not a scheme
        return None
    return match.group()[:-1].lower()


def _unsupported(scheme: str) -> str:
    return f"unsupported scheme {scheme!r} (use http, https, file or a path)"


def _check_document(
    document: object, base_dir: Path, problems: list[str]
) -> tuple[list[tuple[Source, bool, str | None]], tuple[date | None, date | None], Path]:
    if document is None:
        problems.append("catalog is empty: expected a mapping with a 'sources' list")
        return [], (None, None), base_dir
    if not isinstance(document, Mapping):
        problems.append(
            f"top level: expected a mapping with a 'sources' list, got {_type(document)}"
        )
        return [], (None, None), base_dir
    for key in document:
        if key not in _TOP_KEYS:
            problems.append(f"{key}: unknown top-level key (allowed: {', '.join(_TOP_KEYS)})")
    window = _check_window(document.get("window"), problems)
    root = _check_root(document.get("root"), base_dir, problems)
    raw_sources = document.get("sources")
    if raw_sources is None:
        problems.append("sources: missing (a list of sources)")
        return [], window, root
    if not isinstance(raw_sources, list):
        problems.append(f"sources: expected a list, got {_type(raw_sources)}")
        return [], window, root
    checked: list[tuple[Source, bool, str | None]] = []
    first_index: dict[str, int] = {}
    for index, entry in enumerate(raw_sources):
        result = _check_source(index, entry, base_dir, root, problems)
        if result is None:
            continue
        name = result[0].name
        if name in first_index:
            problems.append(
                f"sources[{index}] ({name}).name: duplicate of sources[{first_index[name]}]"
            )
            continue
        first_index[name] = index
        checked.append(result)
    return checked, window, root


def _check_root(raw: object, base_dir: Path, problems: list[str]) -> Path:
    """The folder local files must lie in: `root` (relative to the catalog) or the catalog's."""
    if raw is None:
        return base_dir.resolve()
    if not isinstance(raw, str) or not raw.strip():
        problems.append(f"root: expected a folder path, got {raw!r}")
        return base_dir.resolve()
    root = (base_dir / raw.strip()).resolve()
    if not root.is_dir():
        problems.append(f"root: folder {root} does not exist")
    return root


def _check_window(raw: object, problems: list[str]) -> tuple[date | None, date | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, Mapping):
        problems.append(f"window: expected a mapping with start and/or end, got {_type(raw)}")
        return None, None
    for key in raw:
        if key not in _WINDOW_KEYS:
            problems.append(f"window.{key}: unknown key (allowed: start, end)")
    start = _check_date("window.start", raw.get("start"), problems)
    end = _check_date("window.end", raw.get("end"), problems)
    if start is not None and end is not None and start > end:
        problems.append(f"window: start {start} is after end {end}")
    return start, end


def _check_date(where: str, raw: object, problems: list[str]) -> date | None:
    if raw is None:
        return None
    if isinstance(raw, str) and _DATE_RE.fullmatch(raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    problems.append(f"{where}: expected a date YYYY-MM-DD, got {raw!r}")
    return None


def _check_source(
    index: int, entry: object, base_dir: Path, root: Path, problems: list[str]
) -> tuple[Source, bool, str | None] | None:
    """Validate one catalog entry; return (source, enabled, description) or None if invalid."""
    if not isinstance(entry, Mapping):
        problems.append(
            f"sources[{index}]: expected a mapping with name, kind and url, got {_type(entry)}"
        )
        return None
    name = entry.get("name")
    label = f"sources[{index}]" + (f" ({name})" if isinstance(name, str) and name else "")
    before = len(problems)

    def problem(key: str, message: str) -> None:
        problems.append(f"{label}.{key}: {message}")

    for key in entry:
        if key not in _SOURCE_KEYS:
            problem(str(key), f"unknown key (allowed: {', '.join(_SOURCE_KEYS)})")
    for key in _REQUIRED_KEYS:
        value = entry.get(key)
        if value is None:
            problem(key, "missing")
        elif not isinstance(value, str) or not value.strip():
            problem(key, f"expected a non-empty string, got {value!r}")
    for key in ("vendor", "format", "description"):
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            problem(key, f"expected a string, got {value!r}")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        problem("enabled", f"expected true or false, got {enabled!r}")
    match = entry.get("match", [])
    if not isinstance(match, list) or not all(isinstance(t, str) and t.strip() for t in match):
        problem("match", f"expected a list of non-empty strings, got {match!r}")
    fetch_articles = entry.get("fetch_articles", False)
    if not isinstance(fetch_articles, bool):
        problem("fetch_articles", f"expected true or false, got {fetch_articles!r}")
    max_articles = entry.get("max_articles", 50)
    if not _whole_in(max_articles, 0, MAX_ARTICLES_PER_RUN):
        problem(
            "max_articles",
            f"expected a whole number from 0 to {MAX_ARTICLES_PER_RUN}, got {max_articles!r}",
        )
    timeout = entry.get("timeout")
    low, high = TIMEOUT_RANGE
    if timeout is not None and not _number_in(timeout, low, high):
        problem("timeout", f"expected seconds from {low:g} to {high:g}, got {timeout!r}")
    max_bytes = entry.get("max_bytes")
    low_bytes, high_bytes = MAX_BYTES_RANGE
    if max_bytes is not None and not _whole_in(max_bytes, low_bytes, high_bytes):
        problem(
            "max_bytes",
            f"expected a whole number of bytes from {low_bytes} to {high_bytes}, got {max_bytes!r}",
        )
    mirror = entry.get("mirror")
    if mirror is not None and (not isinstance(mirror, str) or not mirror.strip()):
        problem("mirror", f"expected a folder path, got {mirror!r}")
    elif mirror is not None and not (base_dir / mirror).resolve().is_relative_to(root):
        problem("mirror", f"folder {(base_dir / mirror).resolve()} is {_outside(root, base_dir)}")
    elif mirror is not None and not (base_dir / mirror).is_dir():
        problem("mirror", f"folder {base_dir / mirror} does not exist")
    if len(problems) > before:
        return None

    kind, url = entry["kind"], entry["url"].strip()
    vendor, fmt = entry.get("vendor"), entry.get("format", "auto")
    if not NAME_RE.fullmatch(name):
        problem("name", f"{name!r} is not a slug of a-z, 0-9 and '-'")
    if kind not in SOURCE_KINDS:
        problem("kind", f"unknown kind {kind!r} (use {', '.join(SOURCE_KINDS)})")
    if vendor is None:
        if kind == "status":
            problem("vendor", "missing (required for status sources)")
    elif not vendors.is_vendor(vendor):
        problem("vendor", f"unknown vendor {vendor!r} (known: {', '.join(vendors.VENDORS)})")
    if kind in FORMATS_BY_KIND and fmt not in FORMATS_BY_KIND[kind]:
        problem("format", f"unknown {kind} format {fmt!r} (use {', '.join(FORMATS_BY_KIND[kind])})")
    source = Source(
        name=name,
        kind=kind,
        url=url,
        vendor=vendor,
        format=fmt,
        base_dir=base_dir,
        match=tuple(t.strip() for t in match),
        fetch_articles=fetch_articles,
        max_articles=max_articles,
        mirror=mirror.strip() if mirror else None,
        timeout=float(timeout) if timeout is not None else None,
        max_bytes=max_bytes,
    )
    url_problem = _check_url(source, root)
    if url_problem:
        problem("url", url_problem)
    if len(problems) > before:
        return None
    return source, enabled, entry.get("description")


def _check_url(source: Source, root: Path) -> str | None:
    """Return what is wrong with a source's URL, or None (a local file must be in `root`)."""
    url = source.url
    scheme = _scheme(url)
    if scheme in ("http", "https"):
        if any(ch.isspace() for ch in url):
            return f"whitespace in URL {url!r}"
        try:
            host = urlsplit(url).hostname
        except ValueError as err:
            return f"invalid URL {url!r}: {err}"
        return None if host else f"no host in URL {url!r}"
    if scheme is not None and scheme not in URL_SCHEMES:
        return _unsupported(scheme)
    try:
        location = Path(resolve_location(source))
    except CatalogError as err:
        return str(err).removeprefix(f"{source.name}: ")
    if not location.is_relative_to(root):
        return f"{location} is {_outside(root, source.base_dir or root)}"
    if not location.is_file():
        return f"file not found: {location}"
    return None


def _outside(root: Path, base_dir: Path) -> str:
    where = "the catalog's folder" if root == base_dir.resolve() else "the catalog's root"
    return f"outside {where} {root} (name a `root` folder in the catalog to allow it)"


def _whole_in(value: object, low: int, high: int) -> bool:
    """True for a whole number (not a bool) from `low` to `high`."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _number_in(value: object, low: float, high: float) -> bool:
    """True for a finite number (not a bool) from `low` to `high`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return low <= value <= high


def _type(value: object) -> str:
    return "nothing" if value is None else type(value).__name__
