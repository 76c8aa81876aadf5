"""The news page (`news.html`): coverage and tone per vendor next to incidents, topics, stories.

Reads news_daily, articles and incidents. The volume-and-tone chart (`news_volume_spec`) is
also the vendor pages'.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import plotly.graph_objects as go
import polars as pl

from pipeline.core.models import TOPICS
from pipeline.publish.figures import (
    MIN_INCIDENT_BAND,
    SENTIMENT_RANGE,
    TEMPLATE,
    TEMPLATE_JSON,
    TOP_LINES,
    Spec,
    empty_figure,
    empty_spec,
    incident_bands,
    incident_markers,
    layout_axes,
    split_frame,
    subplot_layout,
    top_vendors,
)
from pipeline.publish.page import (
    NEWS_PAGE,
    escape_expr,
    escape_text,
    figure_fragment,
    link_expr,
    long_table,
    section,
    write_page,
)
from pipeline.publish.palette import NEUTRAL_LIGHT, topic_colour, vendor_colours
from pipeline.publish.queries import day_bounds, query_rows, read_frame

# Top stories table: the last TOP_STORY_DAYS UTC days (ending at the newest story), N per day.
TOP_STORY_DAYS = 40
TOP_STORIES_PER_DAY = 3


def news_volume_spec(news_daily_df: pl.DataFrame, incidents_df: pl.DataFrame) -> Spec:
    """Build stories per vendor and day (top) and mean tone (bottom), with major incidents.

    Daily points sit at noon of their UTC day, so an incident falls inside the day it happened.
    The TOP_LINES vendors with most stories are drawn; the others are in the legend, one click
    away. Major and critical non-maintenance incidents in the window are shaded bands across
    both panels in the colour of the incident's vendor (critical darker; at least
    MIN_INCIDENT_BAND wide; open ones run to the end of the window, the midnight after the
    last day) plus a marker on the vendor's volume line at the incident's start, whose hover
    names the incident. Bands are clipped to the window. Tone is on a fixed [-1, 1] axis.

    Args:
        news_daily_df: columns vendor, day (date), articles, tone_mean (from news_daily).
        incidents_df: columns vendor, title, impact, is_maintenance, started_at, resolved_at
            (aware), duration_minutes (from incidents); other impacts are left out here.
    """
    if news_daily_df.is_empty():
        return empty_spec("No news yet.")
    window_open, window_close = day_bounds(news_daily_df["day"].min(), news_daily_df["day"].max())
    daily = news_daily_df.sort("vendor", "day").with_columns(
        pl.col("day").dt.strftime("%Y-%m-%d 12:00").alias("x"),
    )

    incidents, shapes = incident_bands(incidents_df, window_open, window_close, by_vendor=True)
    band_vendors = incidents["vendor"].to_list()  # one per shape, in order
    # The marker sits on the vendor's volume line (0 on a day without its stories).
    incidents = incidents.join(
        daily.select("vendor", "day", "articles"), on=["vendor", "day"], how="left"
    ).with_columns(pl.col("articles").fill_null(0).cast(pl.Int64).alias("y"))

    layout = subplot_layout(
        2,
        shared_xaxes=True,
        vertical_spacing=0.1,
        row_heights=(0.65, 0.35),
        titles=("Stories per day", "Mean tone (-1 negative … +1 positive)"),
    )
    data: list[dict[str, Any]] = []
    vendors = sorted(set(daily["vendor"].to_list()) | set(incidents["vendor"].to_list()))
    colours = vendor_colours(vendors)
    shown = set(top_vendors(daily, "articles", TOP_LINES))
    # Bands only for the drawn vendors: hidden ones keep their markers (shown with the line).
    shapes = [shape for shape, v in zip(shapes, band_vendors, strict=True) if v in shown]
    parts = split_frame(daily, vendors)
    hits_by_vendor = split_frame(incidents, vendors)
    for vendor in vendors:  # tens of vendors, not records
        label = escape_text(vendor)
        colour = colours[vendor]
        visible: bool | str = True if vendor in shown else "legendonly"
        part = parts[vendor]
        if not part.is_empty():
            x = part["x"].to_numpy()
            data.append(
                {
                    "type": "scatter",
                    "x": x,
                    "y": part["articles"].cast(pl.Int32).to_numpy(),
                    "mode": "lines",
                    "name": label,
                    "legendgroup": label,
                    "line": {"color": colour, "width": 2},
                    "visible": visible,
                    "hovertemplate": (
                        "<b>%{fullData.name}</b> %{x|%Y-%m-%d}<br>%{y:.0f} stories<extra></extra>"
                    ),
                    "xaxis": "x",
                    "yaxis": "y",
                }
            )
            data.append(
                {
                    "type": "scatter",
                    "x": x,
                    "y": part["tone_mean"].cast(pl.Float32).to_numpy(),
                    "mode": "lines+markers",
                    "name": label,
                    "legendgroup": label,
                    "showlegend": False,
                    "line": {"color": colour, "width": 1.5},
                    "marker": {"size": 4},
                    "visible": visible,
                    "hovertemplate": (
                        "<b>%{fullData.name}</b> %{x|%Y-%m-%d}<br>tone %{y:+.2f}<extra></extra>"
                    ),
                    "xaxis": "x2",
                    "yaxis": "y2",
                }
            )
        hits = hits_by_vendor[vendor]
        if not hits.is_empty():
            markers = incident_markers(hits, label, colour, visible)
            data.append({**markers, "xaxis": "x", "yaxis": "y"})
    day_range = [window_open.strftime("%Y-%m-%d"), window_close.strftime("%Y-%m-%d")]
    layout.update(
        shapes=shapes,
        template=TEMPLATE_JSON,
        height=560,
        margin={"t": 60},
        legend={"orientation": "h", "y": 1.08, "yanchor": "bottom", "x": 0},
    )
    for axis in layout_axes(layout, "xaxis"):
        axis.update(type="date", range=list(day_range))
    layout["xaxis2"]["title"] = {"text": "UTC day"}
    layout["yaxis"]["rangemode"] = "tozero"
    layout["yaxis2"].update(zeroline=True, zerolinecolor=NEUTRAL_LIGHT, range=list(SENTIMENT_RANGE))
    return {"data": data, "layout": layout}


def news_volume_figure(news_daily_df: pl.DataFrame, incidents_df: pl.DataFrame) -> go.Figure:
    """`news_volume_spec` as a validated plotly figure."""
    return go.Figure(news_volume_spec(news_daily_df, incidents_df))


def topic_weekly(articles_df: pl.DataFrame) -> pl.DataFrame:
    """Count stories per topic and UTC week (weeks start on Monday).

    A story with several topics counts once for each; stories without topics or a
    publication time are left out. Weeks without a topic's stories are rows with 0.

    Args:
        articles_df: columns published_at (aware), topics (list of str) (from articles).

    Returns:
        Columns week (date, Monday), topic, stories; weeks ascending, topics in TOPICS order
        (unknown topics after, sorted).
    """
    schema = {"week": pl.Date, "topic": pl.String, "stories": pl.Int64}
    if articles_df.is_empty():
        return pl.DataFrame(schema=schema)
    counts = (
        articles_df.filter(pl.col("published_at").is_not_null())
        .select(
            pl.col("published_at")
            .dt.convert_time_zone("UTC")
            .dt.truncate("1w")
            .dt.date()
            .alias("week"),
            pl.col("topics").list.unique().alias("topic"),
        )
        .explode("topic")
        .drop_nulls("topic")
        .group_by("week", "topic")
        .agg(pl.len().cast(pl.Int64).alias("stories"))
    )
    if counts.is_empty():
        return pl.DataFrame(schema=schema)
    weeks = pl.select(pl.date_range(counts["week"].min(), counts["week"].max(), "1w").alias("week"))
    topics = counts.select(pl.col("topic").unique()).with_columns(
        pl.col("topic")
        .replace_strict(
            {t: i for i, t in enumerate(TOPICS)}, default=len(TOPICS), return_dtype=pl.Int64
        )
        .alias("rank")
    )
    return (
        weeks.join(topics, how="cross")
        .join(counts, on=["week", "topic"], how="left")
        .with_columns(pl.col("stories").fill_null(0))
        .sort("rank", "topic", "week")
        .select(list(schema))
    )


def topic_mix_figure(articles_df: pl.DataFrame) -> go.Figure:
    """Build stacked weekly bars of stories per topic (see `topic_weekly`).

    Args:
        articles_df: columns published_at (aware), topics (from articles).
    """
    weekly = topic_weekly(articles_df).with_columns(
        pl.col("week").dt.strftime("%Y-%m-%d").alias("week_label")
    )
    if weekly.is_empty():
        return empty_figure("No topic-tagged stories yet.")
    fig = go.Figure()
    for topic in weekly["topic"].unique(maintain_order=True).to_list():  # a handful of topics
        part = weekly.filter(pl.col("topic") == topic)
        rank = TOPICS.index(topic) if topic in TOPICS else len(TOPICS)
        fig.add_trace(
            go.Bar(
                x=part["week_label"].to_list(),
                y=part["stories"].cast(pl.Float64).to_numpy(),
                name=escape_text(topic),
                marker={"color": topic_colour(rank)},
                hovertemplate="<b>%{fullData.name}</b><br>week of %{x}<br>%{y:.0f} stories"
                "<extra></extra>",
            )
        )
    # A date axis (not categories): plotly spaces its ticks by the width, never overlapping.
    fig.update_layout(
        template=TEMPLATE,
        height=380,
        barmode="stack",
        bargap=0.15,
        xaxis={
            "type": "date",
            "tickformat": "%d %b<br>%Y",
            "hoverformat": "%Y-%m-%d",
            "automargin": True,
            "title": {"text": "week starting (Monday, UTC)"},
        },
        yaxis={"title": {"text": "stories"}},
        # plotly lists stacked bars top-down by default; keep the topic order instead.
        legend={
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "traceorder": "normal",
        },
    )
    return fig


def top_stories(articles_df: pl.DataFrame) -> pl.DataFrame:
    """Select the top TOP_STORIES_PER_DAY stories of each of the last TOP_STORY_DAYS UTC days.

    The window ends on the day of the newest story. Within a day stories rank by copies, then
    number of sources, then tone magnitude (article_id breaks ties). Returns the input columns
    plus day, newest day first, best story first.
    """
    if articles_df.is_empty():
        return articles_df.with_columns(pl.lit(None, pl.Date).alias("day"))
    dated = articles_df.filter(pl.col("published_at").is_not_null()).with_columns(
        pl.col("published_at").dt.convert_time_zone("UTC").dt.date().alias("day")
    )
    if dated.is_empty():
        return dated
    first_day = dated["day"].max() - timedelta(days=TOP_STORY_DAYS - 1)
    return (
        dated.filter(pl.col("day") >= first_day)
        .sort(
            pl.col("day"),
            pl.col("copies"),
            pl.col("sources").list.len(),
            pl.col("tone").abs(),
            pl.col("article_id"),
            descending=[True, True, True, True, False],
            nulls_last=True,
        )
        .group_by("day", maintain_order=True)
        .head(TOP_STORIES_PER_DAY)
    )


def _tone_text(tone: pl.Expr) -> pl.Expr:
    """Format a tone as '+0.25' / '-0.60' (polars has no printf-style float formatting)."""
    hundredths = (tone * 100).round(0).cast(pl.Int64)
    magnitude = hundredths.abs()
    return pl.format(
        "{}{}.{}",
        pl.when(hundredths < 0).then(pl.lit("-")).otherwise(pl.lit("+")),
        magnitude // 100,
        (magnitude % 100).cast(pl.String).str.zfill(2),
    )


def top_stories_table(articles_df: pl.DataFrame) -> str:
    """Render the top stories per day (see `top_stories`) as an HTML table.

    Columns: day, headline (linked to `url` only when it is http(s)), vendors, topics, tone,
    copies. All text is escaped; past LONG_TABLE_ROWS rows the rest is collapsed.

    Args:
        articles_df: columns article_id, published_at (aware), title, url, vendors, topics,
            tone, copies, sources (from articles).
    """
    stories = top_stories(articles_df)
    if stories.is_empty():
        return '<p class="note">No news yet.</p>'
    cells = stories.select(
        pl.format(
            '<tr><td class="day">{}</td><td>{}</td><td>{}</td><td>{}</td>'
            '<td class="num">{}</td><td class="num">{}</td></tr>',
            pl.col("day").dt.strftime("%Y-%m-%d"),
            link_expr(pl.col("url"), escape_expr(pl.col("title").fill_null("(untitled)"))),
            escape_expr(pl.col("vendors").list.join(", ").fill_null("")),
            escape_expr(pl.col("topics").list.join(", ").fill_null("")),
            _tone_text(pl.col("tone").fill_null(0.0)),
            pl.col("copies").fill_null(1),
        ).alias("row")
    )["row"]
    head = (
        "<tr><th>day</th><th>headline</th><th>vendors</th><th>topics</th><th>tone</th>"
        "<th>copies</th></tr>"
    )
    return long_table(head, cells.to_list())


def write_news_page(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    generated_at: datetime,
    summary_lines: Sequence[str],
) -> Path:
    """Write `out_dir/news.html` from news_daily, articles and incidents; return its path.

    An empty articles table still gives a page ("No news yet"). `generated_at` (aware) is the
    page's "data as of" stamp.
    """
    first, last = query_rows(con, "select_news_window")[0]
    daily = read_frame(con, "select_news_daily")
    if first is None or last is None:
        incidents = pl.DataFrame()
    else:
        window_open, window_close = day_bounds(first, last)
        incidents = read_frame(
            con, "select_news_incidents", window_open=window_open, window_close=window_close
        )
    articles = read_frame(con, "select_dated_articles")

    sections = []
    if articles.is_empty():
        sections.append('<p class="note">No news yet: the articles table has no dated stories.</p>')
    sections += [
        section(
            "News volume and tone by vendor",
            "Stories mentioning each vendor per UTC day (news_daily) and their mean tone "
            f"(-1 … +1). The {TOP_LINES} vendors with most stories are drawn; click a name in "
            "the legend to add another. Shaded in the vendor's colour: the drawn vendors' major "
            "and critical (darker) status incidents, at least "
            f"{MIN_INCIDENT_BAND.total_seconds() / 3600:g} h wide; triangles mark where they "
            "start on the vendor's line.",
            figure_fragment(news_volume_spec(daily, incidents), "news-volume"),
        ),
        section(
            "Topic mix by week",
            "Stories per topic and week; a story with several topics counts once for each.",
            figure_fragment(topic_mix_figure(articles), "topic-mix"),
        ),
        section(
            f"Top stories, last {TOP_STORY_DAYS} days",
            f"Up to {TOP_STORIES_PER_DAY} stories per UTC day, ranked by copies, sources, then "
            "tone magnitude; headlines as published (only http(s) links are followed).",
            top_stories_table(articles),
        ),
    ]
    return write_page(
        out_dir,
        NEWS_PAGE,
        "News",
        "\n".join(sections),
        generated_at=generated_at,
        summary_lines=summary_lines,
    )
