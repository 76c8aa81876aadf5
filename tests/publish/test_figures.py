"""publish.figures: the pages' plain figure specs render as their validated plotly figures."""

import json
from typing import Any

import duckdb
import plotly.graph_objects as go
import polars as pl

from pipeline.publish.crowd_figures import crowd_reports_spec
from pipeline.publish.news_page import news_volume_spec
from pipeline.publish.page import figure_fragment
from pipeline.publish.users_page import net_migration_spec, users_sentiment_spec


def _news_frames(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    return (
        con.sql("select * from news_daily order by vendor, day").pl(),
        con.sql("select * from incidents order by vendor, started_at").pl(),
    )


def _plot_args(fragment: str) -> list[Any]:
    """The JSON arguments (div id, data, layout, config) of a fragment's Plotly.newPlot call."""
    decoder = json.JSONDecoder()
    i = fragment.index("Plotly.newPlot(") + len("Plotly.newPlot(")
    args = []
    for _ in range(4):
        while fragment[i] in " \n,":
            i += 1
        value, i = decoder.raw_decode(fragment, i)
        args.append(value)
    return args


def test_figure_specs_render_as_their_validated_figures(
    news_con: duckdb.DuckDBPyConnection, users_con: duckdb.DuckDBPyConnection
) -> None:
    # The pages serialize plain dict specs without plotly's validation; the validated figure
    # of the same spec must render to the same JSON (the spec is already in plotly's form).
    daily, incidents = _news_frames(news_con)
    hourly = users_con.sql("select * from outage_reports_hourly").pl()
    users_incidents = users_con.sql("select * from incidents").pl()
    sentiment = users_con.sql("select * from sentiment_daily where source_type = 'social'").pl()
    index = users_con.sql("select * from migration_index_daily").pl()
    builders = [
        (news_volume_spec, (daily, incidents)),
        (crowd_reports_spec, (hourly, users_incidents)),
        (users_sentiment_spec, (sentiment, users_incidents)),
        (net_migration_spec, (index,)),
    ]
    for build, args in builders:
        fast = figure_fragment(build(*args), "fig")
        validated = figure_fragment(go.Figure(build(*args)), "fig")
        assert "Plotly.newPlot(" in fast, build.__name__
        assert _plot_args(fast) == _plot_args(validated), build.__name__
