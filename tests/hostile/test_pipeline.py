"""`radar run` over a catalog of hostile sources and good ones (issue 11, cases 1-5 and 16).

One run (module fixture: a run costs seconds of Dagster start-up) fetches every hostile
source of tests/hostile/server.py next to good local sources; each test checks one case:
the run ends in bounded time with exit 3, the good sources' rows are there, and the hostile
source is failed in source_runs (the summary) with its reason.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.core import warehouse
from tests.conftest import LocalServer, Reply
from tests.hostile.server import HostileServer, gzip_bomb

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
METADATA = "http://169.254.169.254/latest/meta-data/"
STORY = (
    "<html><head><title>Claude outage</title></head><body><article>"
    + "<p>Claude was down for most of the morning, developers said, and the status page "
    "confirmed elevated error rates on the API before the fix was rolled out.</p>"
    * 6
    + "</article></body></html>"
).encode()
RUN_BOUND_SECONDS = 60  # Dagster start-up and every asset; the hostile fetches take ~1 s


@dataclass
class Run:
    exit_code: int
    elapsed: float
    home: Path
    hostile: HostileServer
    local: LocalServer

    def query(self, sql: str, *params: object) -> list[tuple]:
        with warehouse.connect(warehouse.warehouse_path(self.home), read_only=True) as con:
            return con.execute(sql, list(params)).fetchall()

    def source_run(self, source: str) -> tuple[str, str | None]:
        (row,) = self.query("select fetch_outcome, error from source_runs where source = ?", source)
        return row


def _news_feed(hostile: HostileServer) -> bytes:
    now = datetime.now(UTC)
    items = [
        (METADATA, now - timedelta(hours=1)),
        (hostile.url("/story.html"), now - timedelta(hours=2)),
    ]
    entries = "".join(
        f"<item><title>Claude outage {n}</title><link>{link}</link><guid>item-{n}</guid>"
        f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
        "<description>Claude was down</description></item>"
        for n, (link, when) in enumerate(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Press</title>'
        f"<link>{hostile.base_url}</link><description>x</description>{entries}</channel></rss>"
    ).encode()


def _dump(count: int) -> bytes:
    base = int((datetime.now(UTC) - timedelta(days=2)).timestamp())
    lines = [
        json.dumps(
            {
                "objectID": str(50_000_000 + k),
                "created_at_i": base + k,
                "author": f"hn{k % 7}",
                "comment_text": f"Claude is down again for me, attempt {k}",
                "_tags": ["comment"],
            }
        )
        for k in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    hostile = HostileServer(stall_limit=120, bomb=gzip_bomb(200 * 2**20))
    local = LocalServer()
    hostile.start()
    local.start()
    try:
        yield _run(tmp_path_factory.mktemp("hostile-run"), hostile, local)
    finally:
        hostile.close()
        local.close()


def _run(folder: Path, hostile: HostileServer, local: LocalServer) -> Run:
    shutil.copyfile(FIXTURES / "status" / "incidentio_openai.atom", folder / "good.atom")
    local.route("/feed", Reply(body=b"a service nobody outside may reach"))
    local.route("/to-metadata", Reply(302, headers={"Location": METADATA}))
    hostile.private_target = local.url("/feed").replace("127.0.0.1", "localhost")
    hostile.serve("/news.rss", _news_feed(hostile), "application/rss+xml")
    hostile.serve("/story.html", STORY, "text/html")
    hostile.serve("/dump.jsonl", _dump(3_000), "application/x-ndjson")
    h = hostile.url
    entries = [
        ("good-status", "status", "openai", "good.atom", ""),
        ("slow-body", "status", "anthropic", h("/slow-body"), "timeout: 1"),
        ("slow-headers", "status", "anthropic", h("/slow-headers"), "timeout: 1"),
        ("gzip-bomb", "status", "cohere", h("/gzip-bomb"), ""),
        ("huge-length", "status", "xai", h("/huge-length"), ""),
        ("redirect-loop", "status", "mistral", h("/redirect-loop"), ""),
        ("redirect-private", "status", "deepseek", h("/redirect-private"), ""),
        ("redirect-metadata", "status", "perplexity", local.url("/to-metadata"), ""),
        ("retry-after", "status", "google", h("/retry-after"), ""),
        ("wrong-type", "status", "microsoft", h("/wrong-type"), ""),
        ("capped-status", "status", "amazon", h("/dump.jsonl"), "max_bytes: 100000"),
        ("social-dump", "social", None, h("/dump.jsonl"), ""),
        ("press", "news", None, h("/news.rss"), "fetch_articles: true"),
    ]
    lines = ["sources:"]
    for name, kind, vendor, url, extra in entries:
        lines += [f"  - name: {name}", f"    kind: {kind}", f"    url: '{url}'"]
        lines += [f"    vendor: {vendor}"] if vendor else []
        lines += [f"    {extra}"] if extra else []
    catalog = folder / "catalog.yaml"
    catalog.write_text("\n".join(lines) + "\n")
    home = folder / "home"
    began = time.monotonic()
    code = cli.main(["run", "--sources", str(catalog), "--home", str(home)])
    return Run(code, time.monotonic() - began, home, hostile, local)


def test_the_run_ends_in_bounded_time_with_exit_3_and_the_good_sources_loaded(run: Run) -> None:
    assert run.exit_code == cli.EXIT_PARTIAL
    assert run.elapsed < RUN_BOUND_SECONDS
    assert run.source_run("good-status") == ("fetched", None)
    assert run.query("select count(*) from incidents where vendor = 'openai'")[0][0] > 0
    assert run.source_run("social-dump") == ("fetched", None)
    assert run.query("select count(*) from posts")[0][0] == 3_000
    assert run.source_run("press") == ("fetched", None)


@pytest.mark.parametrize("source", ["slow-body", "slow-headers"])
def test_case_1_slowloris_fails_at_its_deadline(run: Run, source: str) -> None:
    outcome, error = run.source_run(source)
    assert outcome == "failed"
    assert error == f"{source}: GET {run.hostile.url('/' + source)}: deadline of 1 s exceeded"


def test_case_2_nested_gzip_bomb_fails_its_source_only(run: Run) -> None:
    outcome, error = run.source_run("gzip-bomb")
    assert outcome == "failed"
    assert error is not None and error.endswith("response too large: more than 33554432 bytes")


def test_case_3_redirect_to_another_local_service_is_refused(run: Run) -> None:
    outcome, error = run.source_run("redirect-private")
    assert outcome == "failed"
    assert error is not None
    assert "refused: localhost (" in error and ") is a loopback address" in error
    assert run.local.requests_to("/feed") == []


def test_case_3_redirect_to_cloud_metadata_is_refused(run: Run) -> None:
    outcome, error = run.source_run("redirect-metadata")
    assert outcome == "failed"
    assert error is not None
    assert f"redirect to {METADATA} refused: 169.254.169.254 is a link-local address" in error


def test_case_3_article_link_to_cloud_metadata_is_refused_and_quarantined(run: Run) -> None:
    pages = dict(run.query("select url, status from article_pages"))
    assert pages == {METADATA: "failed", run.hostile.url("/story.html"): "ok"}
    (reason,) = run.query(
        "select reason from quarantine where source = 'press' and record_ref = ?", METADATA
    )[0]
    assert "169.254.169.254 is a link-local address" in reason
    assert run.query(
        "select pages_fetched, pages_failed from source_runs where source = 'press'"
    ) == [(1, 1)]


def test_case_4_retry_after_3600_is_reported_not_slept(run: Run) -> None:
    outcome, error = run.source_run("retry-after")
    assert outcome == "failed"
    assert error == (
        f"retry-after: GET {run.hostile.url('/retry-after')}: HTTP 429 rate limited, "
        "retry after 3600 s: not waiting past the 120 s retry limit (1 attempt)"
    )
    assert run.hostile.hits_to("/retry-after") == 1


def test_case_5_one_body_fits_the_social_cap_not_the_status_cap(run: Run) -> None:
    outcome, error = run.source_run("capped-status")
    assert outcome == "failed"
    assert error is not None and "response too large: Content-Length" in error
    assert error.endswith("> 100000 bytes")
    (size,) = run.query("select bytes from source_runs where source = 'social-dump'")[0]
    assert size > 100_000


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("huge-length", "response too large: Content-Length 1000000000000000 > 33554432 bytes"),
        ("redirect-loop", "too many redirects (more than 5)"),
        ("wrong-type", "unexpected Content-Type image/png: not a feed, JSON or web page"),
    ],
)
def test_other_hostile_replies_fail_their_source_with_a_reason(
    run: Run, source: str, reason: str
) -> None:
    outcome, error = run.source_run(source)
    assert outcome == "failed"
    assert error is not None and error.endswith(reason)


def test_case_16_out_of_range_catalog_number_is_a_usage_error_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "sources:\n  - name: press\n    kind: news\n    url: https://news.example/feed\n"
        "    fetch_articles: true\n    max_articles: 99999999999999999999999\n"
    )
    home = tmp_path / "home"
    assert cli.main(["run", "--sources", str(catalog), "--home", str(home)]) == cli.EXIT_USAGE
    assert "max_articles: expected a whole number from 0 to 10000" in capsys.readouterr().err
    assert not (home / "warehouse.duckdb").exists()
