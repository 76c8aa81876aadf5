"""core.catalog: the default catalog, a full valid catalog, and one clear line per problem."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from pipeline.core import vendors
from pipeline.core.catalog import default_catalog_path, load_catalog, resolve_location
from pipeline.core.errors import CatalogError
from pipeline.core.models import SOURCE_KINDS, STATUS_FORMATS, Source

GOOD = "  - {name: a, kind: status, vendor: openai, url: 'https://status.example.com/x.atom'}\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    """The problem lines of the CatalogError raised for catalog `text`."""
    path = write(tmp_path, text)
    with pytest.raises(CatalogError) as excinfo:
        load_catalog(path)
    header, *lines = str(excinfo.value).splitlines()
    assert header.startswith(f"invalid source catalog {path} (")
    return [line.strip() for line in lines]


def test_default_catalog_validates() -> None:
    path = default_catalog_path()
    assert path.name == "default_sources.yaml" and path.is_file()
    catalog = load_catalog(path)
    assert catalog.path == path.resolve()
    names = [s.name for s in catalog.sources]
    assert len(names) == len(set(names))
    status = [s for s in catalog.sources if s.kind == "status"]
    assert status and all(vendors.is_vendor(s.vendor) for s in status)
    news = [s for s in catalog.sources if s.kind == "news"]
    assert len(news) >= 6 and any(s.fetch_articles for s in news)
    assert all(s.url.startswith("https://") for s in catalog.sources)
    covered = {s.vendor for s in status}
    assert covered == set(vendors.VENDORS) - {"meta", "ai21"}
    assert {"anthropic-status-atom", "anthropic-status-json"} <= set(names)
    assert all(name in catalog.descriptions for name in names)
    assert catalog.disabled == ()


def test_full_catalog_loads(tmp_path: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    local = tmp_path / "fixtures" / "incidents.json"
    local.write_text("{}")
    path = write(
        tmp_path,
        f"""\
        window:
          start: 2025-01-01
          end: "2025-03-31"
        sources:
          - name: openai-status
            kind: status
            vendor: openai
            url: https://status.openai.com/history.atom
          - name: local-json
            kind: status
            vendor: anthropic
            url: fixtures/incidents.json
            format: statuspage_json
            description: a fixture
          - name: as-file-url
            kind: news
            url: {local.as_uri()}
            format: rss
          - name: reddit-claude
            kind: social
            url: https://www.reddit.com/r/ClaudeAI/new.json?limit=100
            enabled: false
        """,
    )
    catalog = load_catalog(path)
    assert (catalog.window_start, catalog.window_end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert [s.name for s in catalog.sources] == ["openai-status", "local-json", "as-file-url"]
    assert [s.name for s in catalog.disabled] == ["reddit-claude"]
    assert catalog.descriptions == {"local-json": "a fixture"}
    openai, local_json, file_url = catalog.sources
    assert openai == Source(
        "openai-status",
        "status",
        "https://status.openai.com/history.atom",
        "openai",
        "auto",
        tmp_path,
    )
    assert (local_json.format, file_url.vendor, file_url.format) == ("statuspage_json", None, "rss")
    assert resolve_location(openai) == "https://status.openai.com/history.atom"
    assert resolve_location(local_json) == str(local)
    assert resolve_location(file_url) == str(local)


def test_window_and_its_bounds_are_optional(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, "window: {end: 2025-06-30}\nsources:\n" + GOOD))
    assert (catalog.window_start, catalog.window_end) == (None, date(2025, 6, 30))
    catalog = load_catalog(write(tmp_path, "sources:\n" + GOOD))
    assert (catalog.window_start, catalog.window_end) == (None, None)


def test_resolve_location_of_absolute_path_and_unsupported_scheme(tmp_path: Path) -> None:
    assert resolve_location(Source("a", "news", str(tmp_path / "x.xml"))) == str(tmp_path / "x.xml")
    with pytest.raises(CatalogError, match=r"^a: unsupported scheme 'ftp'"):
        resolve_location(Source("a", "news", "ftp://example.com/x"))


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(
            "  - {name: a, kind: status, vendor: openai, url: 'https://x.io/a', urls: x}\n",
            "sources[0] (a).urls: unknown key "
            "(allowed: name, kind, vendor, url, format, match, fetch_articles, max_articles, "
            "mirror, enabled, description, timeout, max_bytes)",
            id="unknown-source-key",
        ),
        pytest.param(
            GOOD + "  - {name: a, kind: news, url: 'https://x.io/b'}\n",
            "sources[1] (a).name: duplicate of sources[0]",
            id="duplicate-name",
        ),
        pytest.param(
            "  - {name: Bad_Name, kind: news, url: 'https://x.io/a'}\n",
            "sources[0] (Bad_Name).name: 'Bad_Name' is not a slug of a-z, 0-9 and '-'",
            id="bad-slug",
        ),
        pytest.param(
            "  - {kind: news, url: 'https://x.io/a'}\n",
            "sources[0].name: missing",
            id="missing-name",
        ),
        pytest.param(
            "  - {name: a, kind: status, vendor: openai}\n",
            "sources[0] (a).url: missing",
            id="missing-url",
        ),
        pytest.param(
            "  - {name: a, kind: news, url: 42}\n",
            "sources[0] (a).url: expected a non-empty string, got 42",
            id="url-not-a-string",
        ),
        pytest.param(
            "  - {name: a, kind: blog, url: 'https://x.io/a'}\n",
            "sources[0] (a).kind: unknown kind 'blog' (use status, news, social)",
            id="unknown-kind",
        ),
        pytest.param(
            "  - {name: a, kind: status, url: 'https://x.io/a'}\n",
            "sources[0] (a).vendor: missing (required for status sources)",
            id="status-without-vendor",
        ),
        pytest.param(
            "  - {name: a, kind: status, vendor: acme, url: 'https://x.io/a'}\n",
            f"sources[0] (a).vendor: unknown vendor 'acme' (known: {', '.join(vendors.VENDORS)})",
            id="unknown-vendor",
        ),
        pytest.param(
            "  - {name: a, kind: status, vendor: openai, url: 'https://x.io/a', format: rss}\n",
            f"sources[0] (a).format: unknown status format 'rss' "
            f"(use auto, {', '.join(STATUS_FORMATS)})",
            id="news-format-on-status-source",
        ),
        pytest.param(
            "  - {name: a, kind: news, url: 'https://x.io/a', enabled: 'yes'}\n",
            "sources[0] (a).enabled: expected true or false, got 'yes'",
            id="enabled-not-bool",
        ),
        pytest.param(
            "  - {name: a, kind: news, url: 'https:///feed'}\n",
            "sources[0] (a).url: no host in URL 'https:///feed'",
            id="http-without-host",
        ),
        pytest.param(
            "  - {name: a, kind: news, url: 'missing/feed.xml'}\n",
            "sources[0] (a).url: file not found: {tmp}/missing/feed.xml",
            id="relative-path-missing",
        ),
        pytest.param(
            "  - {name: a, kind: news, url: 'file:///nonexistent/feed.xml'}\n",
            "sources[0] (a).url: /nonexistent/feed.xml is outside the catalog's folder {tmp} "
            "(name a `root` folder in the catalog to allow it)",
            id="file-url-outside-the-catalog-folder",
        ),
        pytest.param(
            "  - {name: a, kind: news, url: 'file://example.com/feed.xml'}\n",
            "sources[0] (a).url: file URL names a host: file://example.com/feed.xml",
            id="file-url-with-host",
        ),
        pytest.param(
            "  - [a, news]\n",
            "sources[0]: expected a mapping with name, kind and url, got list",
            id="source-not-a-mapping",
        ),
    ],
)
def test_each_problem_is_one_line_naming_source_and_field(
    tmp_path: Path, entries: str, expected: str
) -> None:
    lines = problems(tmp_path, "sources:\n" + entries)
    assert lines == [expected.replace("{tmp}", str(tmp_path))]


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "javascript:alert(1)", "data:text/plain,hi", "gopher://x.io/"]
)
def test_unsupported_schemes_are_rejected(tmp_path: Path, url: str) -> None:
    scheme = url.split(":")[0]
    entries = (
        GOOD
        + "  - {name: b, kind: news, url: 'https://x.io/b'}\n"
        + f"  - {{name: xai-status, kind: status, vendor: xai, url: '{url}'}}\n"
    )
    lines = problems(tmp_path, "sources:\n" + entries)
    assert lines == [
        f"sources[2] (xai-status).url: unsupported scheme '{scheme}' "
        "(use http, https, file or a path)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "sources:\n" + GOOD + "feeds: []\n",
            "feeds: unknown top-level key (allowed: sources, window, root)",
        ),
        ("window: {start: 2025-01-01}\n", "sources: missing (a list of sources)"),
        ("sources: {a: 1}\n", "sources: expected a list, got dict"),
        ("- just a list\n", "top level: expected a mapping with a 'sources' list, got list"),
        ("# only a comment\n", "catalog is empty: expected a mapping with a 'sources' list"),
        (
            "window: {start: 2025-13-01}\nsources:\n" + GOOD,
            "window.start: expected a date YYYY-MM-DD, got '2025-13-01'",
        ),
        (
            "window: {start: 2025-02-01, end: 2025-01-01}\nsources:\n" + GOOD,
            "window: start 2025-02-01 is after end 2025-01-01",
        ),
        (
            "window: {start: 2025-01-01 10:00:00}\nsources:\n" + GOOD,
            "window.start: expected a date YYYY-MM-DD, got '2025-01-01 10:00:00'",
        ),
        (
            "window: {begin: 2025-01-01}\nsources:\n" + GOOD,
            "window.begin: unknown key (allowed: start, end)",
        ),
    ],
    ids=[
        "unknown-top-key",
        "no-sources",
        "sources-not-a-list",
        "top-not-a-mapping",
        "empty-file",
        "bad-date",
        "start-after-end",
        "datetime-not-date",
        "unknown-window-key",
    ],
)
def test_top_level_and_window_problems(tmp_path: Path, text: str, expected: str) -> None:
    assert problems(tmp_path, text) == [expected]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = """\
    colour: blue
    sources:
      - {name: ok, kind: status, vendor: openai, url: 'https://x.io/a'}
      - {name: xai-status, kind: status, vendor: xai, url: 'ftp://x.ai/feed'}
      - {name: ok, kind: news, url: 'https://x.io/b'}
      - {name: nov, kind: status, url: 'https://x.io/c'}
    """
    path = write(tmp_path, text)
    with pytest.raises(CatalogError) as excinfo:
        load_catalog(path)
    assert str(excinfo.value).splitlines() == [
        f"invalid source catalog {path} (4 problems):",
        "  colour: unknown top-level key (allowed: sources, window, root)",
        "  sources[1] (xai-status).url: unsupported scheme 'ftp' (use http, https, file or a path)",
        "  sources[2] (ok).name: duplicate of sources[0]",
        "  sources[3] (nov).vendor: missing (required for status sources)",
    ]


def test_missing_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"^source catalog not found: .*nope\.yaml$"):
        load_catalog(tmp_path / "nope.yaml")


def test_yaml_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - {name: a, kind: [news\n")
    with pytest.raises(CatalogError) as excinfo:
        load_catalog(path)
    assert str(excinfo.value).startswith(f"invalid YAML in source catalog {path}: ")
    assert "line 2" in str(excinfo.value)


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - name: a\n    kind: news\n    url: x\n    url: y\n")
    with pytest.raises(CatalogError, match="found duplicate key 'url'"):
        load_catalog(path)


def test_all_kinds_accept_auto(tmp_path: Path) -> None:
    entries = "".join(
        f"  - {{name: s-{kind}, kind: {kind}, vendor: openai, url: 'https://x.io/{kind}'}}\n"
        for kind in SOURCE_KINDS
    )
    catalog = load_catalog(write(tmp_path, "sources:\n" + entries))
    assert [s.format for s in catalog.sources] == ["auto"] * len(SOURCE_KINDS)


def test_match_must_be_a_list_of_terms(tmp_path):
    from pipeline.core.catalog import load_catalog
    from pipeline.core.errors import CatalogError

    good = tmp_path / "good.yaml"
    good.write_text(
        "sources:\n  - name: azure\n    kind: status\n    vendor: microsoft\n"
        "    url: https://x/feed\n    match: [OpenAI, AI Foundry]\n"
    )
    assert load_catalog(good).sources[0].match == ("OpenAI", "AI Foundry")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sources:\n  - name: azure\n    kind: status\n    vendor: microsoft\n"
        "    url: https://x/feed\n    match: OpenAI\n"
    )
    with pytest.raises(CatalogError, match=r"azure\)\.match"):
        load_catalog(bad)


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            "max_articles: 99999999999999999999999",
            "max_articles: expected a whole number from 0 to 10000, got 99999999999999999999999",
        ),
        ("max_articles: -1", "max_articles: expected a whole number from 0 to 10000, got -1"),
        ("max_articles: 2.5", "max_articles: expected a whole number from 0 to 10000, got 2.5"),
        ("max_articles: true", "max_articles: expected a whole number from 0 to 10000, got True"),
        ("timeout: 0", "timeout: expected seconds from 0.1 to 3600, got 0"),
        ("timeout: 3601", "timeout: expected seconds from 0.1 to 3600, got 3601"),
        ("timeout: .inf", "timeout: expected seconds from 0.1 to 3600, got inf"),
        ("timeout: .nan", "timeout: expected seconds from 0.1 to 3600, got nan"),
        ("timeout: '60'", "timeout: expected seconds from 0.1 to 3600, got '60'"),
        ("timeout: 1" + "0" * 400, "timeout: expected seconds from 0.1 to 3600, got 1" + "0" * 400),
        (
            "max_bytes: 0",
            "max_bytes: expected a whole number of bytes from 1 to 8589934592, got 0",
        ),
        (
            "max_bytes: 99999999999999999999999",
            "max_bytes: expected a whole number of bytes from 1 to 8589934592, "
            "got 99999999999999999999999",
        ),
    ],
)
def test_numeric_fields_are_range_checked(tmp_path: Path, field: str, expected: str) -> None:
    entry = f"  - name: a\n    kind: news\n    url: https://x.io/feed\n    {field}\n"
    assert problems(tmp_path, "sources:\n" + entry) == [f"sources[0] (a).{expected}"]


def test_timeout_and_max_bytes_reach_the_source(tmp_path: Path) -> None:
    entries = (
        "  - {name: a, kind: social, url: 'https://x.io/a', timeout: 2.5, max_bytes: 1000}\n"
        "  - {name: b, kind: news, url: 'https://x.io/b', timeout: 30, max_articles: 10000}\n"
        "  - {name: c, kind: news, url: 'https://x.io/c'}\n"
    )
    a, b, c = load_catalog(write(tmp_path, "sources:\n" + entries)).sources
    assert (a.timeout, a.max_bytes) == (2.5, 1000)
    assert (b.timeout, b.max_bytes, b.max_articles) == (30.0, None, 10000)
    assert (c.timeout, c.max_bytes, c.max_articles) == (None, None, 50)


def test_local_files_outside_the_catalog_folder_are_refused(tmp_path: Path) -> None:
    catalog_dir = tmp_path / "catalog"
    (catalog_dir / "feeds").mkdir(parents=True)
    (catalog_dir / "feeds" / "in.atom").write_text("<feed/>")
    outside = tmp_path / "data" / "out.atom"
    outside.parent.mkdir()
    outside.write_text("<feed/>")
    (catalog_dir / "link.atom").symlink_to(outside)
    entries = (
        "  - {name: inside, kind: news, url: feeds/in.atom}\n"
        "  - {name: passwd, kind: news, url: 'file:///etc/passwd'}\n"
        "  - {name: climb, kind: news, url: ../data/out.atom}\n"
        "  - {name: symlink, kind: news, url: link.atom}\n"
        f"  - {{name: absolute, kind: news, url: '{outside}'}}\n"
        "  - {name: mirror, kind: news, url: feeds/in.atom, mirror: ../data}\n"
    )
    lines = problems(catalog_dir, "sources:\n" + entries)
    folder = catalog_dir.resolve()
    hint = "(name a `root` folder in the catalog to allow it)"
    assert lines == [
        f"sources[1] (passwd).url: /etc/passwd is outside the catalog's folder {folder} {hint}",
        f"sources[2] (climb).url: {outside} is outside the catalog's folder {folder} {hint}",
        f"sources[3] (symlink).url: {outside} is outside the catalog's folder {folder} {hint}",
        f"sources[4] (absolute).url: {outside} is outside the catalog's folder {folder} {hint}",
        f"sources[5] (mirror).mirror: folder {outside.parent} is outside the catalog's folder "
        f"{folder} {hint}",
    ]


def test_a_root_allows_files_below_it_only(tmp_path: Path) -> None:
    (tmp_path / "catalogs").mkdir()
    feed = tmp_path / "data" / "feed.atom"
    feed.parent.mkdir()
    feed.write_text("<feed/>")
    entries = "  - {name: data, kind: news, url: ../data/feed.atom}\n"
    catalog = load_catalog(write(tmp_path / "catalogs", "root: ..\nsources:\n" + entries))
    assert catalog.root == tmp_path.resolve()
    assert resolve_location(catalog.sources[0]) == str(feed)
    narrow = "root: ../data\nsources:\n  - {name: etc, kind: news, url: 'file:///etc/hosts'}\n"
    assert problems(tmp_path / "catalogs", narrow) == [
        f"sources[0] (etc).url: /etc/hosts is outside the catalog's root {feed.parent} "
        "(name a `root` folder in the catalog to allow it)"
    ]
    assert problems(tmp_path / "catalogs", "root: ../nope\nsources:\n" + GOOD) == [
        f"root: folder {tmp_path / 'nope'} does not exist"
    ]
    assert problems(tmp_path / "catalogs", "root: [a]\nsources:\n" + GOOD) == [
        "root: expected a folder path, got ['a']"
    ]


def test_huge_max_articles_is_a_usage_error_of_radar_sources(tmp_path: Path, capsys) -> None:
    from pipeline import cli

    path = write(
        tmp_path,
        "sources:\n  - {name: press, kind: news, url: 'https://x.io/feed', "
        "fetch_articles: true, max_articles: 99999999999999999999999}\n",
    )
    assert cli.main(["sources", "--sources", str(path)]) == cli.EXIT_USAGE
    assert "sources[0] (press).max_articles: expected a whole number" in capsys.readouterr().err
