"""`dagster-webserver -w workspace.yaml` serves the asset graph, checks and schedules.

Starts the real webserver on a free 127.0.0.1 port with a temporary DAGSTER_HOME and
RADAR_HOME, waits until its code location is loaded, asks /graphql, then stops the whole
process group (webserver and its code server), also when a test fails. Deselect with
`-m "not slow"`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = float(os.environ.get("RADAR_WEBSERVER_TIMEOUT", "90"))
STOP_TIMEOUT = 20.0

WORKSPACE_QUERY = """
{
  workspaceOrError {
    __typename
    ... on Workspace {
      locationEntries {
        name
        loadStatus
        locationOrLoadError {
          __typename
          ... on PythonError { message }
          ... on RepositoryLocation {
            repositories {
              name
              jobs { name }
              schedules {
                name
                cronSchedule
                executionTimezone
                pipelineName
                scheduleState { status }
              }
            }
          }
        }
      }
    }
  }
}
"""

ASSETS_QUERY = """
{
  assetNodes {
    assetKey { path }
    groupName
    description
    kinds
    owners { ... on TeamAssetOwner { team } ... on UserAssetOwner { email } }
    internalFreshnessPolicy { __typename }
    assetChecksOrError { ... on AssetChecks { checks { name } } }
  }
}
"""


@dataclass
class Webserver:
    """A running dagster-webserver and its log file."""

    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the webserver's output (for failure messages)."""
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "<no log>"

    def graphql(self, query: str, timeout: float = 30.0) -> dict[str, Any]:
        """POST `query` to /graphql; return its `data`, failing on GraphQL errors."""
        request = urllib.request.Request(
            f"{self.url}/graphql",
            data=json.dumps({"query": query}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read())
        assert not body.get("errors"), body["errors"]
        return body["data"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _webserver_command() -> list[str]:
    script = Path(sys.executable).with_name("dagster-webserver")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "dagster_webserver"]


def _live_members(pgid: int) -> list[int]:
    """Pids of the process group that are still running (zombies excluded; Linux /proc)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def _stop(proc: subprocess.Popen[bytes]) -> list[int]:
    """SIGTERM the process group (webserver and code server), SIGKILL what is left after
    STOP_TIMEOUT; return the pids still alive after that (should be none)."""
    pgid = proc.pid  # start_new_session=True made the webserver its group's leader
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline:
            proc.poll()  # reap the leader so it does not linger as a zombie
            if not _live_members(pgid):
                break
            time.sleep(0.2)
        if not _live_members(pgid):
            break
    proc.wait(timeout=STOP_TIMEOUT)
    return _live_members(pgid)


def _wait_until_loaded(server: Webserver) -> dict[str, Any]:
    """Poll until the code location is LOADED; return the workspace answer."""
    deadline = time.monotonic() + START_TIMEOUT
    last_error = "no answer"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            pytest.fail(f"webserver exited with {server.proc.returncode}:\n{server.log_tail()}")
        try:
            data = server.graphql(WORKSPACE_QUERY, timeout=10)
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError) as err:
            last_error = repr(err)
        else:
            (entry,) = data["workspaceOrError"]["locationEntries"]
            location = entry["locationOrLoadError"] or {}
            if location.get("__typename") == "PythonError":
                pytest.fail(f"code location failed to load: {location['message']}")
            if entry["loadStatus"] == "LOADED" and location:
                return data
            last_error = f"location {entry['loadStatus']}"
        time.sleep(0.5)
    pytest.fail(
        f"webserver not ready after {START_TIMEOUT:.0f} s ({last_error}):\n{server.log_tail()}"
    )


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Webserver, dict]]:
    """A dagster-webserver on workspace.yaml (temporary homes) and its loaded workspace."""
    base = tmp_path_factory.mktemp("webserver")
    dagster_home, radar_home = base / "dagster_home", base / "radar_home"
    dagster_home.mkdir()
    radar_home.mkdir()
    # The instance config the README recommends (freshness evaluation, one run at a time).
    (dagster_home / "dagster.yaml").write_text(
        "freshness:\n  enabled: true\nrun_queue:\n  max_concurrent_runs: 1\n"
    )
    env = {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home),
        "RADAR_HOME": str(radar_home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
    }
    env.pop("RADAR_SOURCES", None)
    port = _free_port()
    log = base / "webserver.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*_webserver_command(), "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Webserver(proc=proc, url=f"http://127.0.0.1:{port}", log=log)
    try:
        workspace = _wait_until_loaded(server)
        yield server, workspace
    finally:
        leaked = _stop(proc)
    assert not leaked, f"processes left running: {leaked}"


def _repository(workspace: dict) -> dict:
    (entry,) = workspace["workspaceOrError"]["locationEntries"]
    (repo,) = entry["locationOrLoadError"]["repositories"]
    return repo


def test_webserver_serves_every_asset_of_the_definitions(webserver):
    from pipeline.defs.definitions import defs

    server, _ = webserver
    expected = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    nodes = server.graphql(ASSETS_QUERY)["assetNodes"]
    served = {"/".join(n["assetKey"]["path"]) for n in nodes}
    assert served == expected
    by_key = {"/".join(n["assetKey"]["path"]): n for n in nodes}
    assert {n["groupName"] for n in nodes} <= {
        "ingest",
        "parse",
        "status",
        "news",
        "social",
        "indicators",
        "publish",
    }
    for key, node in by_key.items():
        assert node["description"], key
        assert node["kinds"], key
        assert {"team": "reliability-radar"} in node["owners"], key
    checks = {c["name"] for c in by_key["outage_daily"]["assetChecksOrError"]["checks"]}
    assert {"outage_daily_keys_unique", "outage_daily_uptime_in_range"} <= checks
    fresh = {c["name"] for c in by_key["raw_fetches"]["assetChecksOrError"]["checks"]}
    assert fresh >= {"raw_fetches_status_fresh", "raw_fetches_news_fresh"}
    policy = by_key["incidents"]["internalFreshnessPolicy"]
    assert policy["__typename"] == "TimeWindowFreshnessPolicy"


def test_webserver_lists_jobs_and_stopped_schedules(webserver):
    _, workspace = webserver
    repo = _repository(workspace)
    assert {"radar_all", "radar_status", "radar_news_social"} <= {j["name"] for j in repo["jobs"]}
    schedules = {
        s["name"]: (
            s["cronSchedule"],
            s["executionTimezone"],
            s["pipelineName"],
            s["scheduleState"]["status"],
        )
        for s in repo["schedules"]
    }
    assert schedules == {
        "radar_status_hourly": ("5 * * * *", "UTC", "radar_status", "STOPPED"),
        "radar_news_social_daily": ("15 6 * * *", "UTC", "radar_news_social", "STOPPED"),
    }
