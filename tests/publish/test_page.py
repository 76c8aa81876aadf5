"""publish.page: escaping (text and polars columns)."""

import polars as pl

from pipeline.publish.page import escape_expr, escape_text


def test_escape_expr_matches_escape_text() -> None:
    text = "a & b < c > d \"e\" 'f' &amp;"
    expr = pl.select(escape_expr(pl.lit(text))).item()
    assert (
        expr == escape_text(text) == ("a &amp; b &lt; c &gt; d &#34;e&#34; &#39;f&#39; &amp;amp;")
    )
