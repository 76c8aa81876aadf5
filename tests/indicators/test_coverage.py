"""No data is not 100 % uptime: a vendor whose only status feed 404s on every run gets no
outage_daily rows, NULL uptime in the views and "no feed" on the board (issue 11, case 12)."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.core import warehouse
from pipeline.core.catalog import load_catalog
from pipeline.indicators import daily
from pipeline.indicators.window import resolve_window
from pipeline.ingest.fetch import FetchSettings
from pipeline.load import feeds, status
from pipeline.publish.board_page import crisis_board
from pipeline.publish.exports import export_table
from pipeline.publish.queries import site_vendors
from pipeline.publish.vendor_page import write_vendor_pages
from tests.conftest import LocalServer, Reply

FIXTURE = Path(__file__).parents[1] / "fixtures" / "status_json" / "statuspage_incidents.json"


def _catalog(tmp_path: Path, server: LocalServer) -> Path:
    good = server.route(
        "/good/incidents.json",
        Reply(200, FIXTURE.read_bytes(), headers={"Content-Type": "application/json"}),
    )
    bad = server.url("/gone/incidents.json")  # not scripted: 404 on every request
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "window: {start: 2026-02-20, end: 2026-03-10}\n"
        "sources:\n"
        f"  - {{name: good-status, kind: status, vendor: anthropic, url: '{good}'}}\n"
        f"  - {{name: gone-status, kind: status, vendor: openai, url: '{bad}'}}\n",
        encoding="utf-8",
    )
    return catalog


def test_vendor_whose_only_feed_404s_gets_no_uptime(tmp_path, local_http_server):
    catalog = load_catalog(_catalog(tmp_path, local_http_server))
    sources = catalog.sources
    home = tmp_path / "home"
    now = datetime.now(UTC)
    with warehouse.connect(warehouse.warehouse_path(home)) as con:
        for run in ("run-1", "run-2"):  # the feed 404s on every run
            outcomes = feeds.fetch_sources(con, sources, home, run, FetchSettings())
            assert [o.source for o in outcomes if o.error] == ["gone-status"]
            feeds.parse_pending(con, sources, home, run, now)
        status.build_incidents(con)
        window = resolve_window(con, now=now, start=catalog.window_start, end=catalog.window_end)
        daily.build_outage_daily(con, window, [s.vendor for s in sources])

        days = dict(
            con.execute(
                "select vendor, count(*) from outage_daily group by vendor order by vendor"
            ).fetchall()
        )
        first_day = con.execute(
            "select min(day) from outage_daily where vendor = 'anthropic'"
        ).fetchall()[0][0]
        coverage = con.execute("select vendor, source from status_coverage").fetchall()
        scorecard = dict(
            con.execute(
                "select vendor, uptime_pct from vendor_scorecard_monthly"
                " where month = date '2026-03-01'"
            ).fetchall()
        )
        exported = export_table(con, "outage_daily", tmp_path / "outage_daily.csv")
        out = tmp_path / "dashboards"
        out.mkdir()
        vendors = site_vendors(con)
        write_vendor_pages(con, out, vendors, generated_at=now)
        board = crisis_board(con, out)

    assert "openai" not in days  # never 100 % for the vendor nobody reported on
    # the good feed keeps its rows: from its oldest incident (02-25) to the window's end
    assert first_day == date(2026, 2, 25)
    assert days["anthropic"] == (date(2026, 3, 10) - first_day).days + 1
    assert coverage == [("anthropic", "good-status")]
    assert scorecard.get("openai") is None and scorecard["anthropic"] < 100

    with (tmp_path / "outage_daily.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert exported == len(rows) == days["anthropic"]
    assert {row["vendor"] for row in rows} == {"anthropic"}

    assert vendors == ["anthropic", "openai"]  # the catalog's vendor is listed, as "no feed"
    openai_row = board.split('vendor-openai.html">openai</a>', 1)[1].split("</tr>", 1)[0]
    # every period of the board's picker says "no feed" for uptime and incidents, no figure
    assert openai_row.count("no feed") >= 2 and "%" not in openai_row
    page = (out / "vendor-openai.html").read_text(encoding="utf-8")
    assert "no status feed for openai" in page and "100.00 %" not in page
