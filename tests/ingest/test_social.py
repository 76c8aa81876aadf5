"""The social pager: the first URL, then only the pages the caller follows, at most MAX_PAGES."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.errors import RadarError
from pipeline.core.models import Source
from pipeline.ingest.fetch import FetchSettings
from pipeline.ingest.social import MAX_PAGES, SocialPager, is_remote
from tests.conftest import LocalServer, Reply

FAST = FetchSettings(max_attempts=1, connect_timeout=2, read_timeout=2)


def test_is_remote() -> None:
    assert is_remote(Source("r", "social", "HTTPS://reddit.example/new.json"))
    assert not is_remote(Source("f", "social", "posts.jsonl"))


def test_pager_fetches_only_what_the_caller_follows(
    local_http_server: LocalServer, home: Path
) -> None:
    first = local_http_server.route("/new.json", Reply(200, b'{"page": 1}'))
    source = Source("reddit-test", "social", first)
    pager = SocialPager(source, home, FAST, first + "?before=t3_x")
    seen = []
    for page in pager:
        seen.append((page.number, page.outcome.url, page.payload()))
        if page.number == 1:
            pager.follow(first + "?after=t3_y")
    assert seen == [
        (1, first + "?before=t3_x", b'{"page": 1}'),
        (2, first + "?after=t3_y", b'{"page": 1}'),
    ]
    assert len(local_http_server.requests_to("/new.json")) == 2


def test_pager_stops_at_max_pages(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/feed", Reply(200, b"{}"))
    pager = SocialPager(Source("s", "social", url), home, FAST, url)
    numbers = []
    for page in pager:
        numbers.append(page.number)
        pager.follow(url)
    assert numbers == list(range(1, MAX_PAGES + 1))


def test_failed_page_is_yielded_with_its_error(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.url("/gone")
    pages = list(SocialPager(Source("s", "social", url), home, FAST, url, max_pages=3))
    assert len(pages) == 1
    assert pages[0].outcome.error is not None and pages[0].outcome.sha256 is None


def test_archived_file_is_checked_against_its_sha256(tmp_path: Path, home: Path) -> None:
    data = tmp_path / "posts.jsonl"
    data.write_bytes(b'{"a": 1}\n')
    source = Source("f", "social", str(data))
    (page,) = list(SocialPager(source, home, FAST, str(data)))
    path = page.archived_file()
    assert path.read_bytes() == page.payload() == data.read_bytes()
    path.write_bytes(b'{"a": 2}\n')  # the archive changed after the fetch
    with pytest.raises(RadarError, match="does not match its sha256"):
        page.archived_file()
    path.unlink()
    with pytest.raises(RadarError, match="cannot read archived payload"):
        page.archived_file()
