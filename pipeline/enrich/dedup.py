"""News story deduplication: canonical URLs and near-duplicate text -> one article_id per story.

Pure functions over polars frames (no DuckDB, no dagster). `canonical_url` normalizes a URL for
identity; `deduplicate` groups feed items into stories (connected components of: same normalized
canonical URL, same normalized item link, near-duplicate text) and names each story after the
canonical URL of its earliest copy (see `articles.article_id` in sql/core/schema.sql).
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import timedelta
from urllib.parse import quote, urlsplit, urlunsplit

import numpy as np
import polars as pl
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

log = logging.getLogger(__name__)

# --- canonical URLs ---------------------------------------------------------------------------

# Query parameters that only say where a click came from (compared case-insensitively).
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "cmpid",
        "ncid",
        "soc_src",
        "soc_trk",
        "guccounter",
        "_ga",
        "_gl",
        "yclid",
        "spm",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "cmp",
        "ocid",
        "sr_share",
        "taid",
        "wt_mc",  # heise.de: ?wt_mc=rss.red.ho.ho.atom.beitrag.beitrag
        "wt.mc_id",
        "smid",
        "rss",
        "feed_id",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "__twitter_impression",
        "s_cid",
        "amp",  # ?amp, ?amp=1, ?amp=true: the AMP rendering of the same page
    }
)
TRACKING_PREFIXES = ("utm_", "guce_referrer", "pk_", "mtm_", "hsa_")
# Parameters that are tracking/AMP only with these values (`output=json` is content, not AMP).
TRACKING_VALUES = {
    "output": frozenset({"amp"}),
    "outputtype": frozenset({"amp"}),
    "src": frozenset({"rss", "feed", "rss_feed"}),
    "source": frozenset({"rss", "feed", "rss_feed"}),
}
HOST_PREFIXES = ("www.", "m.", "amp.")
DEFAULT_PORTS = frozenset({"80", "443"})
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_URL_SAFE = "%/:@!$&'()*+,;=?-._~"  # reserved characters and escapes stay as they are
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
_SLASHES = re.compile(r"/{2,}")
_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/]*", re.IGNORECASE)


def _pct_normalize(part: str) -> str:
    """Decode percent-escapes of unreserved characters, upper-case the others (RFC 3986 6.2.2).

    Characters a URL may not hold (spaces, non-ASCII) are percent-encoded as UTF-8 first, so
    `/café` and `/caf%C3%A9` are one URL.
    """
    part = quote(part, safe=_URL_SAFE, errors="replace")

    def repl(m: re.Match[str]) -> str:
        char = chr(int(m.group(1), 16))
        return char if char in _UNRESERVED else "%" + m.group(1).upper()

    return _PCT.sub(repl, part) if "%" in part else part


def _is_tracking(key: str, value: str) -> bool:
    key = _pct_normalize(key).lower()
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
        return True
    values = TRACKING_VALUES.get(key)
    return values is not None and _pct_normalize(value).lower() in values


def _normalize_host(netloc: str) -> str:
    userinfo, _, hostport = netloc.rpartition("@")
    if hostport.startswith("["):  # IPv6 literal: keep as is, only the port may go
        host, _, port = hostport.partition("]")
        host += "]"
        port = port.removeprefix(":")
    else:
        host, _, port = hostport.partition(":")
    host = host.lower().rstrip(".")
    stripped = True
    while stripped:  # www.m.example.com
        stripped = False
        for prefix in HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix) :]
                stripped = True
    if port and port not in DEFAULT_PORTS:
        host = f"{host}:{port}"
    return f"{userinfo}@{host}" if userinfo else host


def _normalize_path(path: str) -> str:
    path = _SESSION.sub("", _pct_normalize(path))
    previous = None
    while path != previous:  # until stable: /story.amp/index.html needs two rounds
        previous = path
        path = _SLASHES.sub("/", path)
        while "/amp/" in path:  # AMP renderings: /amp/ segment, trailing /amp, .amp.html
            path = path.replace("/amp/", "/")
        path = path.removesuffix("/").removesuffix("/amp")
        if path.endswith(".amp.html"):
            path = path.removesuffix(".amp.html") + ".html"
        path = path.removesuffix(".amp").removesuffix("/index.html").removesuffix("/index.htm")
    return path.rstrip("/") or "/"


def _normalize_query(query: str) -> str:
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        if not _is_tracking(key, value):
            kept.append(_pct_normalize(pair))
    return "&".join(sorted(kept))


def canonical_url(url: str) -> str:
    """Normalize a URL for identity (same story page -> same string); never raises.

    Lower-cases scheme and host, http -> https, drops `www.`/`m.`/`amp.` host prefixes,
    default ports, the fragment, tracking query parameters (utm_*, fbclid, heise `wt_mc`, ...)
    and AMP markers (`/amp/`, trailing `/amp`, `.amp.html`, `?amp`, `outputType=amp`), sorts the
    remaining query parameters, collapses `//`, decodes percent-escaped unreserved characters,
    strips `index.html` and the trailing slash (the root stays `/`). Anything that is not an
    http(s) URL with a host comes back stripped of surrounding whitespace, otherwise unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced '[' in the host
        return text
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return text
    host = _normalize_host(parts.netloc)
    return urlunsplit(
        ("https", host, _normalize_path(parts.path), _normalize_query(parts.query), "")
    )


def canonical_urls(series: pl.Series) -> pl.Series:
    """Apply `canonical_url` to a string Series (nulls stay null); same name, dtype String.

    Each distinct value is normalized once (URL parsing has no polars-native equivalent);
    about 0.5 s per 50,000 distinct URLs.
    """
    values = series.cast(pl.String)
    uniques = values.drop_nulls().unique()
    mapped = pl.Series([canonical_url(u) for u in uniques], dtype=pl.String)
    return values.replace_strict(uniques, mapped, default=None, return_dtype=pl.String).alias(
        series.name
    )


# --- near-duplicate text ----------------------------------------------------------------------

# Texts with fewer words than this never match on text: feed summaries ("OpenAI announced ...")
# are too short to tell a syndicated copy from a different story on the same news.
MIN_WORDS = 40
SHINGLE_WORDS = 3
# Syndicated copies appear within days; a template reused months later is another story.
MAX_DAYS_APART = 7
# Cosine similarity (binary 3-word shingles, smooth idf, L2, site boilerplate removed) at or
# above which two texts are copies of one story. Measured with `_corpus` in tests/test_dedup.py:
# events (vendor, topic, day) with 1-3 independent stories each (the hard negatives: same
# vendor, product, numbers, template sentences and a shared 25-word vendor statement), each
# story on 1-5 outlets, the copies syndicated with a new headline, 0-2 sentences dropped and
# added, 0-3 words changed, 20% cut to 70%, an "originally appeared on" line, all wrapped in
# their outlet's header and footer (20-160 words); 15% of items are short feed summaries.
# Pair precision / recall of `similar_text_pairs` among texts >= MIN_WORDS:
#   threshold              0.30   0.35   0.40   0.45   0.50   0.55   0.60   0.70
#   5k items  precision  0.9998 1.0000 1.0000 1.0000 1.0000 1.0000 1.0000 1.0000
#   (seed 7)  recall     0.9949 0.9892 0.9814 0.9667 0.9404 0.9037 0.8455 0.6703
#   50k items precision  0.9983 0.9996 0.9999 0.9999 1.0000 1.0000 1.0000 1.0000
#   (seed 5)  recall     0.9929 0.9877 0.9792 0.9641 0.9408 0.9039 0.8463 0.6633
# 0.50 is the lowest threshold with precision 1.0 at every size tried (500, 2k, 5k x2, 20k,
# 50k); the most similar different stories score 0.33 (5k) to 0.47 (50k): two short reports of
# one outage quoting the same statement. Recall is lost on short bodies in heavy boilerplate;
# with ~700-word texts recall is 1.0 up to 0.55. Stories (components) at 0.50: pair precision
# 1.0, recall 0.98.
SIMILARITY_THRESHOLD = 0.5
# Shingles are used to *find* candidate pairs only while sum(df^2) over them stays within this
# budget (rarest first): the blocked sparse product costs about that many multiply-adds. More
# frequent shingles still count in the exact similarity of the candidates; only a pair whose
# shared shingles are all that frequent (a story syndicated to hundreds of sites in a huge
# batch) is missed. The generated 50k corpora stay far below the budget.
PRODUCT_BUDGET = 400_000_000
BLOCK_ROWS = 4096
TOKEN_CHUNK = 10_000
# A shingle in this many texts of one site (host of the item link) is site boilerplate.
# Two copies of a story on one site usually share a URL anyway; three texts sharing a
# passage on one site are a template, a footer or a standard paragraph, not one story.
SITE_BOILERPLATE_DOCS = 3
_WORD = r"\w+"


def _doc_shingles(texts: pl.Series, sites: pl.Series) -> pl.DataFrame:
    """Return the distinct (doc, site, sh) of the texts; sh hashes SHINGLE_WORDS words in a row.

    Texts are tokenized TOKEN_CHUNK at a time so that the words of all texts are never in
    memory at once (50,000 page texts are ~15M words). Row order is arbitrary.
    """
    shingle = pl.struct(**{f"w{k}": pl.col("h").shift(-k) for k in range(SHINGLE_WORDS)})
    frames = []
    for start in range(0, len(texts), TOKEN_CHUNK):  # chunks of texts: bounded memory
        chunk = texts.slice(start, TOKEN_CHUNK)
        words = pl.LazyFrame(
            {
                "doc": pl.int_range(start, start + len(chunk), dtype=pl.Int32, eager=True),
                "site": sites.slice(start, TOKEN_CHUNK),
                "tok": chunk.str.to_lowercase().str.extract_all(_WORD),
            }
        )
        frames.append(
            words.explode("tok")
            .drop_nulls("tok")
            .with_columns(h=pl.col("tok").hash(seed=0x5EED))
            .select(
                "doc",
                "site",
                sh=shingle.hash(seed=0x5EED),
                whole=pl.col("doc") == pl.col("doc").shift(-(SHINGLE_WORDS - 1)),
            )
            .filter("whole")
            .unique(["doc", "sh"], maintain_order=False)
            .drop("whole")
            .collect()
        )
    return pl.concat(frames)


def _tfidf_shingles(texts: pl.Series, sites: pl.Series | None) -> sp.csr_matrix:
    """Return the L2-normalized TF-IDF rows (binary tf, smooth idf) of the shared word shingles.

    A shingle found in SITE_BOILERPLATE_DOCS or more texts of one site is that site's
    boilerplate (newsletter box, footer, standard bio) and is dropped from that site's texts.
    Shingles of a single text count in its norm but get no column: they match nothing. Columns
    are ordered by shingle hash and rows are sorted, so float sums never depend on row order.
    """
    n = len(texts)
    site_ids = (pl.Series("site", [None] * n) if sites is None else sites.rank("dense")).cast(
        pl.UInt32
    )
    entries = (
        _doc_shingles(texts, site_ids)
        .lazy()
        .filter(
            pl.col("site").is_null()
            # one u64 key groups faster and leaner than the (site, sh) pair
            | (pl.len().over(pl.struct("site", "sh").hash(seed=0x5EED)) < SITE_BOILERPLATE_DOCS)
        )
        .select("doc", "sh", df=pl.len().over("sh").cast(pl.Int64))
        .collect()
    )
    idf1 = np.log((1.0 + n) / 2.0) + 1.0
    single = entries["df"].to_numpy() == 1
    single_count = np.bincount(entries["doc"].to_numpy()[single], minlength=n)
    shared = entries.filter(pl.col("df") > 1).select(
        "doc", "df", col=pl.col("sh").rank("dense").cast(pl.Int64) - 1
    )
    rows, cols = shared["doc"].to_numpy(), shared["col"].to_numpy()
    idf = np.log((1.0 + n) / (1.0 + shared["df"].to_numpy())) + 1.0
    n_cols = int(cols.max()) + 1 if len(cols) else 0
    matrix = sp.csr_matrix((idf, (rows, cols)), shape=(n, n_cols))
    matrix.sort_indices()
    norms = np.sqrt(
        np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel() + single_count * idf1**2
    )
    norms[norms == 0] = 1.0
    scaled = sp.csr_matrix(sp.diags(1.0 / norms) @ matrix, dtype=np.float32)
    scaled.sort_indices()
    return scaled


def _candidate_columns(matrix: sp.csr_matrix) -> np.ndarray:
    """Mark the columns (shingles) used to find candidates: the rarest first, within budget."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    cost_by_df = np.bincount(df, weights=df.astype(np.float64) ** 2)
    within = np.nonzero(np.cumsum(cost_by_df) <= PRODUCT_BUDGET)[0]
    max_df = int(within[-1]) if len(within) else 1
    if max_df < len(cost_by_df) - 1:
        log.debug("near-dup candidates from shingles with df <= %d", max_df)
    return df <= max_df


def similar_text_pairs(
    texts: pl.Series,
    published_at: pl.Series | None = None,
    sites: pl.Series | None = None,
    *,
    threshold: float = SIMILARITY_THRESHOLD,
    max_days_apart: float | None = MAX_DAYS_APART,
) -> pl.DataFrame:
    """Find pairs of texts whose shingle TF-IDF cosine similarity is >= `threshold`.

    Texts with fewer than MIN_WORDS words (or null) take no part. With `published_at` (same
    length; nulls match any time) pairs more than `max_days_apart` days apart are dropped.
    With `sites` (same length, e.g. the host of each text; null = unknown) each site's
    boilerplate is ignored (see SITE_BOILERPLATE_DOCS).
    Candidates come from a blocked sparse product over the rarer shingles (see PRODUCT_BUDGET);
    since all weights are >= 0, the frequent shingles can only add to a candidate's score, so
    a candidate is rescored exactly when its rare-shingle score plus the Cauchy-Schwarz bound
    of its frequent part reaches the threshold.

    Returns:
        Frame (i: Int64, j: Int64, similarity: Float64) with i < j, the positions of the two
        texts in `texts`, sorted by (i, j).
    """
    empty = pl.DataFrame(schema={"i": pl.Int64, "j": pl.Int64, "similarity": pl.Float64})
    texts = texts.cast(pl.String)
    words = texts.str.count_matches(_WORD).fill_null(0)
    eligible = np.nonzero((words >= MIN_WORDS).to_numpy())[0]
    if len(eligible) < 2:
        return empty
    matrix = _tfidf_shingles(
        texts.gather(eligible), None if sites is None else sites.cast(pl.String).gather(eligible)
    )
    rare = _candidate_columns(matrix)
    rare_part = matrix.copy()
    rare_part.data[~rare[rare_part.indices]] = 0.0
    rare_part.eliminate_zeros()
    common_part = matrix - rare_part
    common_norm = np.sqrt(np.asarray(common_part.multiply(common_part).sum(axis=1)).ravel())
    times = None
    if published_at is not None and max_days_apart is not None:
        epoch = published_at.dt.epoch("us").gather(eligible)
        times = epoch.fill_null(0).to_numpy()
        timeless = epoch.is_null().to_numpy()
        max_gap = int(timedelta(days=max_days_apart) / timedelta(microseconds=1))
    transposed = rare_part.T.tocsr()
    found_i, found_j, found_s = [], [], []
    n = matrix.shape[0]
    for start in range(0, n, BLOCK_ROWS):  # blocks of rows, not records: memory stays bounded
        block = (rare_part[start : start + BLOCK_ROWS] @ transposed).tocoo()
        i = block.row.astype(np.int64) + start
        j = block.col.astype(np.int64)
        bound = block.data + common_norm[i] * common_norm[j] + 1e-6  # float32 rounding
        keep = (j > i) & (bound >= threshold)
        i, j, score = i[keep], j[keep], block.data[keep].astype(np.float64)
        if times is not None:
            near = (np.abs(times[i] - times[j]) <= max_gap) | timeless[i] | timeless[j]
            i, j, score = i[near], j[near], score[near]
        if len(i):
            extra = np.asarray(common_part[i].multiply(common_part[j]).sum(axis=1)).ravel()
            score = score + extra
            hit = score >= threshold
            found_i.append(i[hit])
            found_j.append(j[hit])
            found_s.append(score[hit])
    if not found_i:
        return empty
    return pl.DataFrame(
        {
            "i": eligible[np.concatenate(found_i)],
            "j": eligible[np.concatenate(found_j)],
            "similarity": np.concatenate(found_s),
        },
        schema=empty.schema,
    ).sort("i", "j")


# --- stories ----------------------------------------------------------------------------------

INPUT_COLUMNS = ("item_key", "url", "canonical_url", "published_at", "title", "text")
OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "item_key": pl.String(),
    "canonical_url": pl.String(),
    "article_id": pl.String(),
    "is_primary": pl.Boolean(),
}


def article_id(canonical: str) -> str:
    """Return the story id for the canonical URL of its earliest copy (16 hex digits)."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def deduplicate(items: pl.DataFrame, *, threshold: float = SIMILARITY_THRESHOLD) -> pl.DataFrame:
    """Group feed items into stories and name each story by its earliest copy.

    Reads the columns item_key (unique), url, canonical_url (the page's, may be null),
    published_at, title and text. Items are one story when connected by: the same normalized
    canonical URL (the page's, else the item link's), the same normalized item link (or one
    item's link equal to another's canonical URL), or near-duplicate text
    (`similar_text_pairs` at `threshold`, within MAX_DAYS_APART days, boilerplate of the item
    link's host removed). The title is not compared: syndicated copies change headlines.
    A page canonical that is a site root (`https://host/`) is ignored: sites that declare their
    home page canonical on every article would otherwise merge all their stories.

    Returns:
        One row per item, sorted by item_key: item_key, canonical_url (normalized), article_id
        (`article_id` of the primary's canonical_url) and is_primary (the earliest
        published_at, nulls last, then the smallest canonical_url, then item_key). The result
        does not depend on the row order of `items`.

    Raises:
        ValueError: a column is missing, url or item_key is null, or item_key is not unique.
    """
    missing = [c for c in INPUT_COLUMNS if c not in items.columns]
    if missing:
        raise ValueError(f"deduplicate: missing columns {missing}")
    if items["item_key"].null_count() or items["item_key"].n_unique() != items.height:
        raise ValueError("deduplicate: item_key must be non-null and unique")
    if items["url"].null_count():
        raise ValueError("deduplicate: url must be non-null")
    if items.height == 0:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    frame = items.select(INPUT_COLUMNS).with_columns(
        pl.col("published_at").cast(pl.Datetime("us", "UTC"))
    )
    frame = frame.sort("item_key")  # a fixed order: order-free floats
    frame = frame.with_row_index("node").with_columns(
        page=canonical_urls(frame["canonical_url"].cast(pl.String)),
        link=canonical_urls(frame["url"].cast(pl.String)),
    )
    # after normalization only a site root ends with '/'; relative or non-http canonicals fail
    usable_page = pl.col("page").str.starts_with("https://") & ~pl.col("page").str.ends_with("/")
    frame = frame.with_columns(
        canon=pl.when(usable_page.fill_null(False)).then("page").otherwise("link")
    )
    # a URL names one story, whether it came as a page canonical or as an item link
    urls = pl.concat([frame.select("node", url="canon"), frame.select("node", url="link")])
    url_edges = urls.select(
        i=pl.col("node").cast(pl.Int64), j=pl.col("node").min().over("url").cast(pl.Int64)
    )
    sites = frame["link"].str.extract(r"^https://([^/]+)", 1)  # the site that served the text
    text_edges = similar_text_pairs(
        frame["text"], frame["published_at"], sites, threshold=threshold
    ).select("i", "j")
    edges = pl.concat([url_edges, text_edges])
    n = frame.height
    graph = sp.coo_matrix(
        (np.ones(edges.height, dtype=np.int32), (edges["i"].to_numpy(), edges["j"].to_numpy())),
        shape=(n, n),
    )
    _, labels = connected_components(graph, directed=False)
    stories = frame.with_columns(story=pl.Series(labels, dtype=pl.Int64))
    primaries = (
        stories.sort(["published_at", "canon", "item_key"], nulls_last=True)
        .group_by("story", maintain_order=True)
        .first()
        .select("story", primary_key="item_key", primary_canon="canon")
    )
    primaries = primaries.with_columns(
        article_id=pl.Series([article_id(c) for c in primaries["primary_canon"]], dtype=pl.String)
    )
    return (
        stories.join(primaries, on="story", how="left")
        .select(
            "item_key",
            canonical_url="canon",
            article_id="article_id",
            is_primary=pl.col("item_key") == pl.col("primary_key"),
        )
        .sort("item_key")
        .cast(OUTPUT_SCHEMA)
    )
