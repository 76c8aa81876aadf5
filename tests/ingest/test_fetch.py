"""ingest.fetch against a local scripted HTTP server and local files (no internet, no sleep)."""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from pipeline.core.errors import RadarError
from pipeline.core.models import Source
from pipeline.ingest.fetch import (
    USER_AGENT,
    FetchOutcome,
    FetchSettings,
    Validators,
    archive_payload,
    fetch_all,
    fetch_source,
    read_archived,
)
from tests.conftest import LocalServer, Reply, Request

FAST = FetchSettings(connect_timeout=2, read_timeout=2)
FEED = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'


def http_source(url: str, name: str = "feed") -> Source:
    return Source(name=name, kind="status", url=url, vendor="anthropic")


def archived_files(home: Path) -> list[Path]:
    return sorted(p for p in (home / "raw").rglob("*") if p.is_file()) if home.exists() else []


def fetch(
    source: Source,
    home: Path,
    settings: FetchSettings = FAST,
    validators: Validators | None = None,
) -> tuple[FetchOutcome, list[float]]:
    sleeps: list[float] = []
    outcome = fetch_source(source, home, validators, settings, sleep=sleeps.append)
    return outcome, sleeps


def test_200_archives_payload_with_validators(
    local_http_server: LocalServer, home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = local_http_server.route(
        "/history.atom",
        Reply(
            body=FEED,
            headers={
                "Content-Type": "application/atom+xml",
                "ETag": '"v1"',
                "Last-Modified": "Mon, 03 Mar 2025 14:05:00 GMT",
            },
        ),
    )
    with caplog.at_level(logging.INFO, logger="pipeline.ingest.fetch"):
        outcome, sleeps = fetch(http_source(url), home)

    assert outcome.ok and outcome.error is None
    assert (outcome.http_status, outcome.not_modified, outcome.attempts) == (200, False, 1)
    assert outcome.url == url
    assert outcome.sha256 == hashlib.sha256(FEED).hexdigest()
    assert outcome.bytes == len(FEED)
    assert outcome.archive_path == Path("raw") / outcome.sha256[:2] / outcome.sha256
    assert (home / outcome.archive_path).read_bytes() == FEED
    assert read_archived(home, outcome.archive_path) == FEED
    assert outcome.etag == '"v1"'
    assert outcome.last_modified == "Mon, 03 Mar 2025 14:05:00 GMT"
    assert outcome.content_type == "application/atom+xml"
    assert outcome.fetched_at is not None and outcome.fetched_at.tzinfo is UTC
    assert outcome.started_at.tzinfo is UTC and outcome.started_at <= outcome.fetched_at
    assert sleeps == []
    (request,) = local_http_server.requests_to("/history.atom")
    assert request.headers["User-Agent"] == USER_AGENT
    assert re.fullmatch(
        r"ReliabilityRadar/\S+ \(\+https://github\.com/reliability-radar\)", USER_AGENT
    )
    assert "If-None-Match" not in request.headers
    assert [r.getMessage() for r in caplog.records] == [f"fetched feed 200 {len(FEED)} B"]


def test_conditional_get_304_has_no_payload(local_http_server: LocalServer, home: Path) -> None:
    def conditional(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(body=FEED, headers={"ETag": '"v1"', "Last-Modified": "Mon, 03 Mar 2025"})

    url = local_http_server.route("/feed", conditional)
    first, _ = fetch(http_source(url), home)
    assert first.ok and first.sha256
    validators = Validators(etag=first.etag, last_modified=first.last_modified)

    second, sleeps = fetch(http_source(url), home, validators=validators)

    conditional_request = local_http_server.requests_to("/feed")[1]
    assert conditional_request.headers["If-None-Match"] == '"v1"'
    assert conditional_request.headers["If-Modified-Since"] == "Mon, 03 Mar 2025"
    assert second.ok and second.not_modified and second.http_status == 304
    assert (second.sha256, second.bytes, second.archive_path) == (None, None, None)
    # The 304 omits Last-Modified: the validator sent is still the current one.
    assert (second.etag, second.last_modified) == ('"v1"', "Mon, 03 Mar 2025")
    assert second.fetched_at is not None and sleeps == []
    assert archived_files(home) == [home / first.archive_path]


def test_429_honours_retry_after_seconds(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route(
        "/busy", Reply(429, headers={"Retry-After": "7"}), Reply(body=FEED)
    )
    outcome, sleeps = fetch(http_source(url), home)
    assert outcome.ok and outcome.attempts == 2
    assert sleeps == [7.0]


def test_retry_after_http_date_is_honoured(local_http_server: LocalServer, home: Path) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=40), usegmt=True)
    url = local_http_server.route(
        "/busy", Reply(503, headers={"Retry-After": when}), Reply(body=FEED)
    )
    outcome, sleeps = fetch(http_source(url), home)
    assert outcome.ok and outcome.attempts == 2
    assert len(sleeps) == 1 and 30 <= sleeps[0] <= 40


def test_retry_after_beyond_the_retry_limit_is_reported_not_slept(
    local_http_server: LocalServer, home: Path
) -> None:
    url = local_http_server.route(
        "/busy", Reply(429, headers={"Retry-After": "86400"}), Reply(body=FEED)
    )
    settings = FetchSettings(max_retry_time=60)
    outcome, sleeps = fetch(http_source(url), home, settings)
    assert outcome.error == (
        f"feed: GET {url}: HTTP 429 rate limited, retry after 86400 s: "
        "not waiting past the 60 s retry limit (1 attempt)"
    )
    assert (outcome.http_status, outcome.attempts, sleeps) == (429, 1, [])


def test_5xx_retried_with_jittered_exponential_backoff(
    local_http_server: LocalServer, home: Path
) -> None:
    url = local_http_server.route("/flaky", Reply(500), Reply(502), Reply(body=FEED))
    settings = FetchSettings(backoff_base=0.5, backoff_max=30)
    outcome, sleeps = fetch(http_source(url), home, settings)
    assert outcome.ok and outcome.attempts == 3 and outcome.http_status == 200
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0


def test_backoff_is_capped_by_backoff_max(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/down", Reply(503))
    settings = FetchSettings(max_attempts=6, backoff_base=10, backoff_max=15)
    outcome, sleeps = fetch(http_source(url), home, settings)
    assert not outcome.ok and len(sleeps) == 5
    assert all(0 <= s <= 15 for s in sleeps)


def test_always_500_fails_after_max_attempts(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/down", Reply(500, b"oops"))
    outcome, sleeps = fetch(http_source(url, "anthropic-status-atom"), home)
    assert not outcome.ok
    assert outcome.error == f"anthropic-status-atom: GET {url}: HTTP 500 after 4 attempts"
    assert (outcome.http_status, outcome.attempts, outcome.fetched_at) == (500, 4, None)
    assert (outcome.sha256, outcome.archive_path) == (None, None)
    assert len(sleeps) == 3
    assert len(local_http_server.requests_to("/down")) == 4
    assert archived_files(home) == []


def test_404_is_not_retried(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.url("/missing")
    outcome, sleeps = fetch(http_source(url), home)
    assert outcome.error == f"feed: GET {url}: HTTP 404 Not Found"
    assert (outcome.http_status, outcome.attempts, sleeps) == (404, 1, [])


def test_read_timeout_is_retried_then_fails(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/slow", Reply(body=FEED, delay=1.0))
    settings = FetchSettings(connect_timeout=1, read_timeout=0.2, max_attempts=2)
    began = time.monotonic()
    outcome, sleeps = fetch(http_source(url), home, settings)
    assert time.monotonic() - began < 1.5
    assert outcome.error == f"feed: GET {url}: read timeout after 2 attempts"
    assert outcome.attempts == 2 and len(sleeps) == 1
    assert archived_files(home) == []


def test_connection_refused_is_retried_then_fails(home: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed"
    outcome, sleeps = fetch(http_source(url), home, FetchSettings(max_attempts=3))
    assert outcome.error is not None
    assert outcome.error.startswith(f"feed: GET {url}: connection failed")
    assert outcome.error.endswith("after 3 attempts")
    assert outcome.attempts == 3 and len(sleeps) == 2 and outcome.http_status is None


def test_oversize_body_with_content_length_is_refused(
    local_http_server: LocalServer, home: Path
) -> None:
    url = local_http_server.route("/big", Reply(body=b"x" * 2000))
    outcome, sleeps = fetch(http_source(url), home, FetchSettings(max_bytes=1000))
    assert outcome.error == (
        f"feed: GET {url}: response too large: Content-Length 2000 > 1000 bytes"
    )
    assert outcome.attempts == 1 and sleeps == []
    assert archived_files(home) == []


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body=b"x" * 5000, send_length=False),
        # 240 compressed bytes that inflate to 200 kB: the cap applies to decoded bytes.
        Reply(body=gzip.compress(b"0" * 200_000), headers={"Content-Encoding": "gzip"}),
    ],
    ids=["no-content-length", "gzip-expands"],
)
def test_oversize_streamed_body_is_aborted(
    local_http_server: LocalServer, home: Path, reply: Reply
) -> None:
    url = local_http_server.route("/big", reply)
    outcome, _ = fetch(http_source(url), home, FetchSettings(max_bytes=1000))
    assert outcome.error == f"feed: GET {url}: response too large: more than 1000 bytes"
    assert outcome.attempts == 1
    assert archived_files(home) == []


def test_body_just_under_the_cap_is_accepted(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/ok", Reply(body=b"x" * 1000, send_length=False))
    outcome, _ = fetch(http_source(url), home, FetchSettings(max_bytes=1000))
    assert outcome.ok and outcome.bytes == 1000


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.com/feed.atom"])
def test_redirect_to_other_scheme_is_refused(
    local_http_server: LocalServer, home: Path, target: str
) -> None:
    url = local_http_server.route("/redirect", Reply(302, headers={"Location": target}))
    outcome, sleeps = fetch(http_source(url), home)
    scheme = target.split(":")[0]
    assert outcome.error == (
        f"feed: GET {url}: redirect to {scheme} scheme refused ({target}); only http and https"
    )
    assert outcome.attempts == 1 and sleeps == []
    assert archived_files(home) == []


def test_http_redirects_are_followed(local_http_server: LocalServer, home: Path) -> None:
    final = local_http_server.route("/new", Reply(body=FEED))
    local_http_server.route("/mid", Reply(302, headers={"Location": final}))
    url = local_http_server.route("/old", Reply(301, headers={"Location": "/mid"}))
    outcome, _ = fetch(http_source(url), home)
    assert outcome.ok and outcome.url == final and outcome.attempts == 1
    assert read_archived(home, outcome.archive_path) == FEED


def test_redirect_loop_fails(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/loop", Reply(302, headers={"Location": "/loop"}))
    outcome, sleeps = fetch(http_source(url), home)
    assert outcome.error == f"feed: GET {url}: too many redirects (more than 5)"
    assert len(local_http_server.requests_to("/loop")) == 6 and sleeps == []


def test_truncated_body_is_retried_then_fails(local_http_server: LocalServer, home: Path) -> None:
    url = local_http_server.route("/cut", Reply(body=b"x" * 10, content_length=1000))
    outcome, sleeps = fetch(http_source(url), home, FetchSettings(max_attempts=2))
    assert outcome.error is not None
    assert outcome.error.startswith(f"feed: GET {url}: truncated response")
    assert outcome.error.endswith("after 2 attempts")
    assert outcome.attempts == 2 and len(sleeps) == 1
    assert archived_files(home) == []


def test_truncated_body_then_complete_body_succeeds(
    local_http_server: LocalServer, home: Path
) -> None:
    url = local_http_server.route(
        "/cut", Reply(body=FEED[:10], content_length=len(FEED)), Reply(body=FEED)
    )
    outcome, _ = fetch(http_source(url), home)
    assert outcome.ok and outcome.attempts == 2 and outcome.bytes == len(FEED)


def test_file_url_source(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "feeds" / "history.atom"
    path.parent.mkdir()
    path.write_bytes(FEED)
    outcome, _ = fetch(http_source(path.as_uri(), "local"), home)
    assert outcome.ok and outcome.url == str(path)
    assert (outcome.http_status, outcome.attempts, outcome.bytes) == (None, 1, len(FEED))
    assert read_archived(home, outcome.archive_path) == FEED


def test_relative_path_resolves_against_base_dir(tmp_path: Path, home: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "incidents.json").write_bytes(b'{"incidents": []}')
    source = Source("local", "status", "fixtures/incidents.json", "openai", base_dir=tmp_path)
    outcome, _ = fetch(source, home)
    assert outcome.ok and outcome.url == str(tmp_path / "fixtures" / "incidents.json")
    assert read_archived(home, outcome.archive_path) == b'{"incidents": []}'


def test_missing_file_fails_naming_the_path(tmp_path: Path, home: Path) -> None:
    missing = tmp_path / "nope.atom"
    outcome, _ = fetch(http_source(str(missing), "local"), home)
    assert outcome.error == f"local: read {missing}: No such file or directory"
    assert outcome.archive_path is None


def test_oversize_file_is_refused(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 2000)
    outcome, _ = fetch(http_source(str(path), "local"), home, FetchSettings(max_bytes=1000))
    assert outcome.error == f"local: read {path}: file too large: more than 1000 bytes"
    assert archived_files(home) == []


def test_unsupported_scheme_source_fails(home: Path) -> None:
    outcome, _ = fetch(http_source("ftp://example.com/feed", "old"), home)
    assert outcome.error == "old: unsupported scheme 'ftp' (use http, https, file or a path)"
    assert outcome.attempts == 0


def test_archive_is_content_addressed_and_idempotent(home: Path) -> None:
    sha, relative = archive_payload(home, FEED)
    again = archive_payload(home, FEED)
    assert again == (sha, relative)
    assert sha == hashlib.sha256(FEED).hexdigest()
    assert relative == Path("raw") / sha[:2] / sha
    assert archived_files(home) == [home / relative]  # no temporary files left behind
    other_sha, other = archive_payload(home, FEED + b" ")
    assert other_sha != sha and other != relative
    assert read_archived(home, str(relative)) == FEED


def test_same_payload_from_two_sources_is_archived_once(
    local_http_server: LocalServer, home: Path
) -> None:
    a = local_http_server.route("/a", Reply(body=FEED))
    b = local_http_server.route("/b", Reply(body=FEED))
    first, _ = fetch(http_source(a, "a"), home)
    second, _ = fetch(http_source(b, "b"), home)
    assert first.archive_path == second.archive_path
    assert archived_files(home) == [home / first.archive_path]


def test_read_archived_rejects_paths_outside_the_archive_and_corruption(home: Path) -> None:
    (home / "secret").write_bytes(b"x")
    with pytest.raises(RadarError, match="not a raw archive path"):
        read_archived(home, "raw/../secret")
    _, relative = archive_payload(home, FEED)
    (home / relative).write_bytes(b"tampered")
    with pytest.raises(RadarError, match="does not match its sha256"):
        read_archived(home, relative)
    with pytest.raises(RadarError, match="cannot read archived payload"):
        read_archived(home, "raw/00/" + "0" * 64)


def test_fetch_all_keeps_catalog_order_and_isolates_failures(
    local_http_server: LocalServer, home: Path, tmp_path: Path
) -> None:
    slow = [local_http_server.route(f"/slow{i}", Reply(body=FEED, delay=0.3)) for i in range(3)]
    broken = local_http_server.route("/broken", Reply(500))
    (tmp_path / "local.json").write_bytes(b"{}")
    sources = [
        http_source(slow[0], "slow-0"),
        http_source(broken, "broken"),
        http_source(slow[1], "slow-1"),
        Source("local", "news", "local.json", base_dir=tmp_path),
        http_source(slow[2], "slow-2"),
    ]
    seen: list[str] = []
    sleeps: list[float] = []
    began = time.monotonic()
    outcomes = fetch_all(
        sources,
        home,
        {},
        FetchSettings(max_workers=4),
        progress=lambda o: seen.append(o.source),
        sleep=sleeps.append,
    )
    elapsed = time.monotonic() - began

    assert [o.source for o in outcomes] == [s.name for s in sources]
    assert sorted(seen) == sorted(s.name for s in sources)
    assert [o.ok for o in outcomes] == [True, False, True, True, True]
    assert outcomes[1].error == f"broken: GET {broken}: HTTP 500 after 4 attempts"
    assert outcomes[3].kind == "news"
    assert elapsed < 0.85  # the three 0.3 s sources ran in parallel, not one after another


def test_fetch_all_sends_each_sources_validators(
    local_http_server: LocalServer, home: Path
) -> None:
    a = local_http_server.route("/a", Reply(304))
    b = local_http_server.route("/b", Reply(body=FEED))
    outcomes = fetch_all(
        [http_source(a, "a"), http_source(b, "b")], home, {"a": Validators(etag='"abc"')}, FAST
    )
    assert outcomes[0].not_modified and outcomes[0].etag == '"abc"'
    assert not outcomes[1].not_modified
    assert local_http_server.requests_to("/a")[0].headers["If-None-Match"] == '"abc"'
    assert "If-None-Match" not in local_http_server.requests_to("/b")[0].headers


def test_fetch_all_with_no_sources(home: Path) -> None:
    assert fetch_all([], home) == []
