"""Article pages: mirror paths, one-off page sources, polite fetching keyed by the item link."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.models import Source
from pipeline.ingest.articles import fetch_pages, mirror_path, page_source
from pipeline.ingest.fetch import FetchSettings
from tests.conftest import LocalServer, Reply

FAST = FetchSettings(max_attempts=1, connect_timeout=2, read_timeout=2)


def test_mirror_path_maps_host_and_path(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    assert mirror_path(mirror, "https://News.example/a/b.html?x=1#top") == (
        mirror.resolve() / "news.example" / "a" / "b.html"
    )
    assert mirror_path(mirror, "https://news.example/dir/") == (
        mirror.resolve() / "news.example" / "dir" / "index.html"
    )
    assert mirror_path(mirror, "https://news.example/a%20b") == (
        mirror.resolve() / "news.example" / "a b"
    )


def test_mirror_path_refuses_other_schemes_and_escapes(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    assert mirror_path(mirror, "ftp://news.example/a") is None
    assert mirror_path(mirror, "file:///etc/passwd") is None
    assert mirror_path(mirror, "https://news.example/%2e%2e/%2e%2e/etc/passwd") is None


def test_page_source_reads_from_the_mirror(tmp_path: Path) -> None:
    news = Source("press", "news", "https://news.example/feed", mirror="m", base_dir=tmp_path)
    page = page_source(news, "https://news.example/story")
    assert page.url == str((tmp_path / "m" / "news.example" / "story").resolve())
    assert (page.name, page.format, page.base_dir) == ("press", "auto", None)
    plain = Source("press", "news", "https://news.example/feed")
    assert page_source(plain, "https://news.example/story").url == "https://news.example/story"


def test_fetch_pages_keeps_order_and_names_the_item_link(
    local_http_server: LocalServer, home: Path
) -> None:
    local_http_server.route("/moved", Reply(301, headers={"Location": "/story"}))
    local_http_server.route("/story", Reply(200, b"<html><body>story</body></html>"))
    news = Source("press", "news", local_http_server.url("/feed"))
    links = [local_http_server.url(p) for p in ("/moved", "/missing", "/story")]
    outcomes = fetch_pages([(news, url) for url in links], home, FAST, per_host=1)
    assert [o.url for o in outcomes] == links  # the link, not the redirect target
    assert [o.source for o in outcomes] == ["press"] * 3
    assert outcomes[0].sha256 == outcomes[2].sha256 and outcomes[0].error is None
    assert outcomes[1].error is not None and "404" in outcomes[1].error


def test_fetch_pages_with_nothing_to_fetch(home: Path) -> None:
    assert fetch_pages([], home) == []
