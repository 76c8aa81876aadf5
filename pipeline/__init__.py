"""Reliability Radar: AI vendor reliability analytics (status feeds, news, social) on DuckDB."""

__version__ = "0.1.0"
