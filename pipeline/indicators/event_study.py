"""Event study: how users, the press and switchers respond to a vendor's serious incidents.

Events (sql/indicators/select_event_study_events.sql) are a vendor's major/critical non-maintenance
incidents, clustered: incidents whose UTC start days are at most EVENT_GAP_DAYS apart (chained)
are one event, dated by its first incident (day 0). A bad week is one event, not ten whose
"before" windows already sit inside the outage; and no other major/critical incident of the
vendor starts in the EVENT_GAP_DAYS days before an event, so the pre window is clean.

For every event and every subject vendor with data (the incident's vendor, role `vendor`; every
other vendor, role `competitor`) and each metric of METRICS, read from the daily panel
(sql/indicators/select_event_study_panel.sql): the mean over days PRE_WINDOW (-3..-1) and
POST_WINDOW (0..+3), their difference and a percentile bootstrap interval (days resampled
within each window; for mean metrics days without items are skipped). Counts are 0 on days
without data; days before a source family has any data are unobserved.

Averages across events (per scope: all events or one vendor's, per role and metric) and the
response curve (days -CURVE_DAYS..+CURVE_DAYS: value minus the event's pre-window mean) come
with a bootstrap over events. A competitor role value of an event is the mean over its
competitors. Counts of vendors of very different sizes are compared through `delta_norm`: the
change divided by the subject's mean daily value over the whole data window (its typical level;
a pre-window mean would often be 0).

Everything is vectorised with numpy; resampling draws come from a fixed seed, so the tables are
identical on identical inputs. Writes event_study, event_study_summary and event_study_curve.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import polars as pl

from pipeline.core import warehouse

logger = logging.getLogger(__name__)

PRE_WINDOW = (-3, -1)  # days relative to the event day, inclusive
POST_WINDOW = (0, 3)
CURVE_DAYS = 7  # the response curve covers -CURVE_DAYS..+CURVE_DAYS
EVENT_GAP_DAYS = 7  # incidents at most this many days apart are one event
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20260303
CI_LEVEL = 0.95
MIN_CI_OBSERVATIONS = 2  # fewer days (or events) than this: no interval
ALL_EVENTS = "all"
VENDOR = "vendor"
COMPETITOR = "competitor"
ROLES = (VENDOR, COMPETITOR)
TABLES = ("event_study", "event_study_summary", "event_study_curve")
# sql/indicators/insert_<table>.sql read staged_<table>
INSERT_STATEMENTS = ("insert_event_study", "insert_event_study_summary", "insert_event_study_curve")
_CHUNK_CELLS = 4_000_000  # resampling work is chunked to bound memory (cells of float64)


@dataclass(slots=True, frozen=True)
class Metric:
    """One response metric: panel column, label, `count` (per day) or `mean`, unit."""

    name: str
    label: str
    kind: str
    unit: str

    @property
    def is_count(self) -> bool:
        """True for per-day counts (normalised by the subject's level), False for means."""
        return self.kind == "count"


METRICS: tuple[Metric, ...] = (
    Metric("sentiment", "Social sentiment", "mean", "mean post sentiment"),
    Metric("crowd_reports", "Crowd outage reports", "count", "reports/day"),
    Metric("news_articles", "News stories", "count", "stories/day"),
    Metric("news_tone", "News tone", "mean", "mean story tone"),
    Metric("migration_inflow", "Switches to the vendor", "count", "posts/day"),
    Metric("migration_outflow", "Switches away from the vendor", "count", "posts/day"),
)
METRIC_NAMES = tuple(m.name for m in METRICS)

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "event_id": pl.String(),
    "vendor": pl.String(),
    "event_day": pl.Date(),
    "last_incident_day": pl.Date(),
    "incident_id": pl.String(),
    "title": pl.String(),
    "started_at": pl.Datetime("us", "UTC"),
    "incidents": pl.Int32(),
    "worst_impact": pl.String(),
}
PANEL_SCHEMA: dict[str, pl.DataType] = {
    "vendor": pl.String(),
    "day": pl.Date(),
    **{name: pl.Float64() for name in METRIC_NAMES},
}
STUDY_SCHEMA: dict[str, pl.DataType] = {
    **EVENT_SCHEMA,
    "subject_vendor": pl.String(),
    "role": pl.String(),
    "metric": pl.String(),
    "pre_days": pl.Int32(),
    "post_days": pl.Int32(),
    "pre_mean": pl.Float64(),
    "post_mean": pl.Float64(),
    "delta": pl.Float64(),
    "ci_low": pl.Float64(),
    "ci_high": pl.Float64(),
    "level": pl.Float64(),
    "delta_norm": pl.Float64(),
}
_GROUP_SCHEMA: dict[str, pl.DataType] = {
    "scope": pl.String(),
    "role": pl.String(),
    "metric": pl.String(),
}
SUMMARY_SCHEMA: dict[str, pl.DataType] = {
    **_GROUP_SCHEMA,
    "events": pl.Int32(),
    "delta_mean": pl.Float64(),
    "delta_ci_low": pl.Float64(),
    "delta_ci_high": pl.Float64(),
    "norm_mean": pl.Float64(),
    "norm_ci_low": pl.Float64(),
    "norm_ci_high": pl.Float64(),
}
CURVE_SCHEMA: dict[str, pl.DataType] = {
    **_GROUP_SCHEMA,
    "day_offset": pl.Int32(),
    "events": pl.Int32(),
    "change_mean": pl.Float64(),
    "change_ci_low": pl.Float64(),
    "change_ci_high": pl.Float64(),
    "norm_mean": pl.Float64(),
    "norm_ci_low": pl.Float64(),
    "norm_ci_high": pl.Float64(),
}


@dataclass(slots=True, frozen=True)
class EventStudy:
    """The three event-study tables as frames (STUDY_SCHEMA, SUMMARY_SCHEMA, CURVE_SCHEMA)."""

    study: pl.DataFrame
    summary: pl.DataFrame
    curve: pl.DataFrame

    @property
    def events(self) -> int:
        """Number of distinct events with at least one row."""
        return self.study["event_id"].n_unique()


# ------------------------------------------------------------------------------ bootstrap


def _draw_counts(rng: np.random.Generator, samples: int, n: int) -> np.ndarray:
    """(samples, n) multiplicities of n slots resampled with replacement (rows sum to n)."""
    picks = rng.integers(0, n, size=(samples, n)) if n else np.zeros((samples, 0), np.int64)
    offsets = np.arange(samples)[:, None] * n
    counts = np.bincount((picks + offsets).ravel(), minlength=samples * n)
    return counts.reshape(samples, n).astype(np.float64)


def _resampled_means(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Means of `values` (units, n; NaN = skipped) under each resample: (samples, units).

    A resample whose picks are all NaN gives NaN for that unit.
    """
    valid = ~np.isnan(values)
    filled = np.where(valid, values, 0.0)
    out = np.empty((counts.shape[0], values.shape[0]))
    step = max(1, _CHUNK_CELLS // max(1, counts.shape[0]))
    with np.errstate(invalid="ignore", divide="ignore"):
        for lo in range(0, values.shape[0], step):
            hi = lo + step
            total = counts @ filled[lo:hi].T
            weight = counts @ valid[lo:hi].T.astype(np.float64)
            out[:, lo:hi] = np.where(weight > 0, total / np.where(weight > 0, weight, 1.0), np.nan)
    return out


def _interval(resampled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval (CI_LEVEL) per column of (samples, units), NaN resamples skipped."""
    if resampled.shape[1] == 0:
        empty = np.empty(0)
        return empty, empty
    tail = (1 - CI_LEVEL) / 2 * 100
    with np.errstate(invalid="ignore"):
        finite = ~np.isnan(resampled).all(axis=0)
        low = np.full(resampled.shape[1], np.nan)
        high = np.full(resampled.shape[1], np.nan)
        if finite.any():
            low[finite], high[finite] = np.nanpercentile(
                resampled[:, finite], [tail, 100 - tail], axis=0
            )
    return low, high


def _nanmean(values: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean ignoring NaN along `axis` (NaN when nothing is observed) and the observed count."""
    valid = ~np.isnan(values)
    n = valid.sum(axis=axis)
    total = np.where(valid, values, 0.0).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.where(n > 0, n, 1), np.nan), n


# ------------------------------------------------------------------------------ computation


def _cube(panel: pl.DataFrame, vendors: list[str], start: date, end: date) -> np.ndarray:
    """(vendor, metric, day) values, padded with CURVE_DAYS unobserved days on both sides."""
    days = max(0, (end - start).days + 1)
    cube = np.full((len(vendors), len(METRICS), days + 2 * CURVE_DAYS), np.nan)
    rows = panel.filter(pl.col("day").is_between(start, end))
    if rows.is_empty():
        return cube
    index = {v: i for i, v in enumerate(vendors)}
    vi = rows["vendor"].replace_strict(index, return_dtype=pl.Int64).to_numpy()
    di = (rows["day"] - start).dt.total_days().to_numpy() + CURVE_DAYS
    values = rows.select(METRIC_NAMES).cast(pl.Float64).fill_null(np.nan).to_numpy()
    cube[vi[:, None], np.arange(len(METRICS))[None, :], di[:, None]] = values
    return cube


def _window(values: np.ndarray, bounds: tuple[int, int]) -> np.ndarray:
    """Slice the offsets `bounds` (inclusive) out of (..., offsets -CURVE_DAYS..+CURVE_DAYS)."""
    return values[..., CURVE_DAYS + bounds[0] : CURVE_DAYS + bounds[1] + 1]


def compute_event_study(
    events: pl.DataFrame,
    panel: pl.DataFrame,
    start: date,
    end: date,
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> EventStudy:
    """Compute the event-study tables from events (EVENT_SCHEMA) and a daily panel.

    Args:
        events: one row per event (sql/indicators/select_event_study_events.sql); events
            whose day is outside [start, end] are ignored.
        panel: vendor, day and one column per metric of METRICS (PANEL_SCHEMA); NULL =
            unobserved. Vendors absent from it have no data.
        start, end: the data window (UTC days).
        samples, seed: bootstrap resamples and the seed of their draws.
    """
    events = events.filter(pl.col("event_day").is_between(start, end)).sort("vendor", "event_day")
    if events.is_empty():
        return EventStudy(
            study=pl.DataFrame(schema=STUDY_SCHEMA),
            summary=pl.DataFrame(schema=SUMMARY_SCHEMA),
            curve=pl.DataFrame(schema=CURVE_SCHEMA),
        )
    vendors = sorted(panel["vendor"].unique().to_list()) if not panel.is_empty() else []
    cube = _cube(panel, vendors, start, end)
    n_vendors = len(vendors)
    is_count = np.array([m.is_count for m in METRICS])

    # Typical level and "has data" per vendor and metric, over the observed days.
    level, observed = _nanmean(cube, axis=2)
    has_data = np.where(is_count[None, :], np.nan_to_num(level) > 0, observed > 0)
    level = np.where(is_count[None, :] & has_data, level, np.nan)

    # (event, vendor, metric, offset) values around each event day.
    offsets = np.arange(-CURVE_DAYS, CURVE_DAYS + 1)
    event_index = (events["event_day"] - start).dt.total_days().to_numpy() + CURVE_DAYS
    windows = cube[:, :, event_index[:, None] + offsets[None, :]]
    windows = windows.transpose(2, 0, 1, 3)  # (E, V, M, T)
    pre, post = _window(windows, PRE_WINDOW), _window(windows, POST_WINDOW)
    pre_mean, pre_days = _nanmean(pre, axis=3)
    post_mean, post_days = _nanmean(post, axis=3)
    delta = post_mean - pre_mean
    with np.errstate(invalid="ignore", divide="ignore"):
        delta_norm = delta / level[None, :, :]

    rng = np.random.default_rng(seed)
    pre_counts = _draw_counts(rng, samples, pre.shape[-1])
    post_counts = _draw_counts(rng, samples, post.shape[-1])
    n_events = events.height

    # Per-unit interval of delta: days resampled within each window.
    units = np.broadcast_to(has_data[None], delta.shape)
    ci_ok = units & (pre_days >= MIN_CI_OBSERVATIONS) & (post_days >= MIN_CI_OBSERVATIONS)
    ci_low = np.full(delta.shape, np.nan)
    ci_high = np.full(delta.shape, np.nan)
    if ci_ok.any():
        diffs = _resampled_means(post[ci_ok], post_counts) - _resampled_means(
            pre[ci_ok], pre_counts
        )
        ci_low[ci_ok], ci_high[ci_ok] = _interval(diffs)

    study = _study_frame(
        events, vendors, units, pre_days, post_days, pre_mean, post_mean, delta, ci_low,
        ci_high, level, delta_norm,
    )  # fmt: skip

    # Role values per event: the event's vendor, and the mean over its competitors.
    index = {v: i for i, v in enumerate(vendors)}
    event_vendor = events["vendor"].replace_strict(index, default=-1, return_dtype=pl.Int64)
    event_vendor = event_vendor.to_numpy()
    own = np.zeros((n_events, n_vendors), dtype=bool)
    own[np.arange(n_events)[event_vendor >= 0], event_vendor[event_vendor >= 0]] = True
    with np.errstate(invalid="ignore"):
        change = windows - pre_mean[..., None]
        change_norm = change / level[None, :, :, None]
    masks = {
        VENDOR: own[:, :, None] & units,
        COMPETITOR: ~own[:, :, None] & units,
    }
    per_role = {}
    for role, mask in masks.items():
        stack = [
            np.where(mask, delta, np.nan),
            np.where(mask, delta_norm, np.nan),
        ]
        curve_stack = [
            np.where(mask[..., None], change, np.nan),
            np.where(mask[..., None], change_norm, np.nan),
        ]
        # (E, M) and (E, M, T): mean over the role's subjects of each event.
        per_role[role] = (
            [_nanmean(s, axis=1)[0] for s in stack],
            [_nanmean(s, axis=1)[0] for s in curve_stack],
        )

    scopes = [ALL_EVENTS, *sorted(set(events["vendor"].to_list()))]
    summaries: list[pl.DataFrame] = [pl.DataFrame(schema=SUMMARY_SCHEMA)]
    curves: list[pl.DataFrame] = [pl.DataFrame(schema=CURVE_SCHEMA)]
    event_vendors = events["vendor"].to_numpy()
    for scope in scopes:
        chosen = np.ones(n_events, bool) if scope == ALL_EVENTS else event_vendors == scope
        # Draws depend only on the number of events in the scope (and the seed).
        draws = _draw_counts(
            np.random.default_rng([seed, int(chosen.sum())]), samples, chosen.sum()
        )
        for role in ROLES:
            (d, dn), (c, cn) = per_role[role]
            key = {"scope": scope, "role": role}
            summaries.append(_aggregate(key, d[chosen], dn[chosen], draws, None))
            curves.append(_aggregate(key, c[chosen], cn[chosen], draws, offsets))
    summary = pl.concat(summaries)
    curve = pl.concat(curves)
    # Groups where no event has data for the role and metric are left out of both tables.
    summary = summary.filter(pl.col("events") > 0)
    curve = curve.join(summary.select("scope", "role", "metric"), on=["scope", "role", "metric"])
    return EventStudy(study=study, summary=summary, curve=curve)


def _aggregate(
    key: dict[str, str],
    values: np.ndarray,
    norms: np.ndarray,
    draws: np.ndarray,
    offsets: np.ndarray | None,
) -> pl.DataFrame:
    """Mean over events with a bootstrap interval (events resampled), per metric (and offset).

    `values`/`norms` are (events, metrics) for the summary or (events, metrics, offsets) for
    the curve; NaN = the event has no value there. Returns SUMMARY_SCHEMA or CURVE_SCHEMA rows.
    """
    n_events = values.shape[0]
    stats: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for series in (values, norms):
        units = series.reshape(n_events, -1).T  # (units, events)
        mean, n = _nanmean(units, axis=1)
        low = np.full(mean.shape, np.nan)
        high = np.full(mean.shape, np.nan)
        ok = (n >= MIN_CI_OBSERVATIONS) & ~np.isnan(mean)
        if ok.any():
            low[ok], high[ok] = _interval(_resampled_means(units[ok], draws))
        stats += [mean, low, high]
        counts.append(n)
    count = counts[0]  # events with a (raw) value
    shape = values.shape[1:]
    grid = np.indices(shape).reshape(len(shape), -1)
    if offsets is None:
        names, schema = list(SUMMARY_SCHEMA)[4:], SUMMARY_SCHEMA
        position: dict[str, object] = {}
    else:
        names, schema = list(CURVE_SCHEMA)[5:], CURVE_SCHEMA
        position = {"day_offset": offsets[grid[1]]}
    frame = pl.DataFrame(
        {
            **{k: [v] * count.size for k, v in key.items()},
            "metric": np.array(METRIC_NAMES, dtype=object)[grid[0]].tolist(),
            **position,
            "events": count,
            **{name: stat for name, stat in zip(names, stats, strict=True)},
        }
    )
    return frame.with_columns(pl.col(names).fill_nan(None).round(6)).cast(schema)


def _study_frame(
    events: pl.DataFrame,
    vendors: list[str],
    units: np.ndarray,
    *arrays: np.ndarray,
) -> pl.DataFrame:
    """Rows of event_study for every (event, vendor, metric) unit with data."""
    pre_days, post_days, pre_mean, post_mean, delta, ci_low, ci_high, level, delta_norm = arrays
    e, v, m = np.nonzero(units)
    if e.size == 0:
        return pl.DataFrame(schema=STUDY_SCHEMA)
    level_full = np.broadcast_to(level[None], units.shape)
    columns = {
        "pre_days": pre_days,
        "post_days": post_days,
        "pre_mean": pre_mean,
        "post_mean": post_mean,
        "delta": delta,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "level": level_full,
        "delta_norm": delta_norm,
    }
    frame = pl.DataFrame(
        {
            "event_row": e,
            "subject_vendor": np.array(vendors, dtype=object)[v] if vendors else [],
            "metric": np.array(METRIC_NAMES, dtype=object)[m],
            **{name: values[e, v, m] for name, values in columns.items()},
        }
    )
    floats = [c for c in columns if STUDY_SCHEMA[c] == pl.Float64()]
    frame = frame.with_columns(
        pl.col("subject_vendor").cast(pl.String),
        pl.col("metric").cast(pl.String),
        pl.col("pre_days", "post_days").cast(pl.Int32),
        *(pl.col(c).fill_nan(None).round(6) for c in floats),
    )
    indexed = events.with_row_index("event_row").with_columns(pl.col("event_row").cast(pl.Int64))
    out = frame.with_columns(pl.col("event_row").cast(pl.Int64)).join(
        indexed, on="event_row", how="left"
    )
    out = out.with_columns(
        pl.when(pl.col("subject_vendor") == pl.col("vendor"))
        .then(pl.lit(VENDOR))
        .otherwise(pl.lit(COMPETITOR))
        .alias("role")
    )
    order = {name: i for i, name in enumerate(METRIC_NAMES)}
    return (
        out.with_columns(pl.col("metric").replace_strict(order, return_dtype=pl.Int32).alias("_m"))
        .sort("vendor", "event_day", pl.col("role") != VENDOR, "subject_vendor", "_m")
        .select(list(STUDY_SCHEMA))
        .cast(STUDY_SCHEMA)
    )


# ------------------------------------------------------------------------------ warehouse


def load_events(
    con: duckdb.DuckDBPyConnection, start: date, end: date, gap_days: int = EVENT_GAP_DAYS
) -> pl.DataFrame:
    """Events from incidents (sql/indicators/select_event_study_events.sql), EVENT_SCHEMA."""
    params = {"window_start": start, "window_end": end, "gap_days": gap_days}
    frame = con.sql(warehouse.load_sql("select_event_study_events"), params=params).pl()
    return frame.cast(EVENT_SCHEMA) if not frame.is_empty() else pl.DataFrame(schema=EVENT_SCHEMA)


def load_panel(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pl.DataFrame:
    """Daily metric panel (sql/indicators/select_event_study_panel.sql) as a PANEL_SCHEMA frame."""
    params = {"window_start": start, "window_end": end}
    frame = con.sql(warehouse.load_sql("select_event_study_panel"), params=params).pl()
    return frame.cast(PANEL_SCHEMA) if not frame.is_empty() else pl.DataFrame(schema=PANEL_SCHEMA)


def write_event_study(con: duckdb.DuckDBPyConnection, result: EventStudy) -> None:
    """Replace the rows of the three event-study tables with `result`, in one transaction."""
    with warehouse.staged(
        con,
        staged_event_study=result.study,
        staged_event_study_summary=result.summary,
        staged_event_study_curve=result.curve,
    ):
        for table, insert in zip(TABLES, INSERT_STATEMENTS, strict=True):
            warehouse.run_sql(con, "delete_all_rows", identifiers={"table": table})
            warehouse.run_sql(con, insert)


def build_event_study(
    con: duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    *,
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> EventStudy:
    """Rebuild event_study, event_study_summary and event_study_curve over [start, end].

    Reads incidents, sentiment_daily, outage_reports_hourly, news_daily and migration_daily.
    """
    result = compute_event_study(
        load_events(con, start, end), load_panel(con, start, end), start, end,
        samples=samples, seed=seed,
    )  # fmt: skip
    write_event_study(con, result)
    logger.info(
        "event study: %d events, %d rows, %d curve points",
        result.events,
        result.study.height,
        result.curve.height,
    )
    return result
