"""The learned migration detector (scikit-learn): training, prediction, grouped cross-validation.

Two logistic regressions over the features of `pipeline.enrich.migration_features`:

1. **post model**, P(migration | candidate): word 1-3-grams and character 2-5-grams (within
   words) of the role-neutral post view (TF-IDF, sublinear), plus the post evidence (the rule
   engine's verdict and guards, vendor count, question and first-person cues);
2. **pair model**, P(from → to | migration): for each ordered pair of the post's vendors (or no
   vendor left → one adopted), word 1-3-grams of the pair view (``zfromz`` / ``ztoz`` /
   ``zotherz``) plus the pair evidence; the pair with the highest score is the direction.

The models are trained from the labeled posts shipped with the package
(`pipeline/enrich/labels/*.jsonl`: text, migration, from, to, family) the first time a process
needs them (`default_model`, ~2 s), deterministically: same labels, same model. `cross_validate`
scores the model and the rule engine alone on folds grouped by phrasing family (GroupKFold: a
family is never in both the training and the test part), which is how
`benchmarks/eval_migration.py` and `radar train-migrations` report them.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable

import numpy as np
import polars as pl
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from pipeline.enrich.migration_features import Candidate, candidate_mask, make_candidate
from pipeline.enrich.migration_rules import extract_one

LABELS_DIR: Traversable = resources.files("pipeline.enrich") / "labels"
VERDICT_MEMORY = 200_000
"""Candidate texts whose verdicts a model remembers (about 50 MB at social post lengths)."""
THRESHOLD = 0.5
"""P(migration) at or above which a candidate naming two or more vendors is reported."""
THRESHOLD_ONE_VENDOR = 0.8
"""The same for a candidate naming one vendor ("now on Claude"): in a real stream most such
posts are chatter ("Claude is now cheaper than our old API"), far more than in the labeled
set, so the model's probability is discounted for them (a prior shift; costs 0.8 points of
grouped-CV recall, see README "Migration detection")."""
THRESHOLD_NO_SWITCH_CUE = 0.7
"""The same for a candidate without any leaving or adopting word and no rule match ("Grok vs
Llama on our deploy: thread"): comparisons and chatter far outnumber such switches (arrows,
emoji, config diffs) in a real stream (costs 2.5 points of grouped-CV recall for 1.1 of
precision)."""


def report_threshold(candidate: Candidate) -> float:
    """P(migration) at or above which `candidate` is reported (see the THRESHOLD constants)."""
    threshold = THRESHOLD if len(candidate.vendors) > 1 else THRESHOLD_ONE_VENDOR
    if candidate.post_evidence.get("no_switch_cue"):
        threshold = max(threshold, THRESHOLD_NO_SWITCH_CUE)
    return threshold


@dataclass(slots=True, frozen=True)
class LabeledPost:
    """One labeled post: is it a migration, from and to (vendor slugs), its phrasing family."""

    text: str
    migration: bool
    from_vendor: str | None
    to_vendor: str | None
    family: str
    split: str = ""


def load_labels(paths: Iterable[Traversable] | None = None) -> list[LabeledPost]:
    """The labeled posts of `paths` (default: every `*.jsonl` of `LABELS_DIR`, sorted)."""
    if paths is None:
        paths = sorted(
            (p for p in LABELS_DIR.iterdir() if p.name.endswith(".jsonl")), key=lambda p: p.name
        )
    posts = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                posts.append(
                    LabeledPost(
                        row["text"],
                        bool(row["migration"]),
                        row.get("from"),
                        row.get("to"),
                        row.get("family", "?"),
                        row.get("split", ""),
                    )
                )
    return posts


def _evidence_vectorizer() -> DictVectorizer:
    """Evidence features (name -> value), one column per name seen in training (names first
    seen later have no weight to add, so they are dropped)."""
    return DictVectorizer(dtype=np.float32)


def _evidence_matrix(vectorizer: DictVectorizer, rows: list[dict[str, float]]) -> sparse.csr_matrix:
    """`vectorizer.transform(rows)` for rows of numbers only, without its per-value checks
    (a third of the detector's feature time went there); names unseen in training drop out."""
    vocabulary = vectorizer.vocabulary_
    indices: list[int] = []
    values: list[float] = []
    indptr = [0]
    for row in rows:
        for name, value in row.items():
            column = vocabulary.get(name)
            if column is not None:
                indices.append(column)
                values.append(value)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (
            np.asarray(values, dtype=np.float32),
            np.asarray(indices, dtype=np.int32),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(rows), len(vocabulary)),
    )
    matrix.sort_indices()
    return matrix


def _post_vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer, DictVectorizer]:
    words = TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True, dtype=np.float32)
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(4, 4),
        min_df=3,
        sublinear_tf=True,
        dtype=np.float32,
        max_features=20000,
    )
    return words, chars, _evidence_vectorizer()


@dataclass(slots=True)
class MigrationModel:
    """The two fitted models and their vectorizers."""

    post_words: TfidfVectorizer
    post_chars: TfidfVectorizer
    post_evidence: DictVectorizer
    post_model: LogisticRegression
    pair_words: TfidfVectorizer
    pair_evidence: DictVectorizer
    pair_model: LogisticRegression
    trained_on: int = 0
    verdicts: dict[str, tuple[float, tuple[str | None, str]] | None] = field(default_factory=dict)
    """Verdicts of the candidate texts seen so far (text -> (P, pair) when reported, else
    None): a text repeated across blocks or runs of one process is worked out once. Cleared
    when it holds `VERDICT_MEMORY` texts."""

    def post_matrix(self, candidates: Sequence[Candidate]) -> sparse.csr_matrix:
        """The post features of `candidates` (one row each)."""
        views = [c.post_view for c in candidates]
        return sparse.hstack(
            [
                self.post_words.transform(views),
                self.post_chars.transform(views),
                _evidence_matrix(self.post_evidence, [c.post_evidence for c in candidates]),
            ],
            format="csr",
        )

    def pair_matrix(
        self, items: Sequence[tuple[Candidate, tuple[str | None, str]]]
    ) -> sparse.csr_matrix:
        """The pair features of (candidate, pair) items (one row each)."""
        return sparse.hstack(
            [
                self.pair_words.transform([c.pair_view(p) for c, p in items]),
                _evidence_matrix(self.pair_evidence, [c.pair_evidence(p) for c, p in items]),
            ],
            format="csr",
        )

    def predict(
        self, candidates: Sequence[Candidate], threshold: float = 0.0
    ) -> list[tuple[float, tuple[str | None, str] | None]]:
        """(P(migration), most likely (from, to)) of each candidate; the direction is worked
        out only where P(migration) >= `threshold` (None elsewhere)."""
        if not candidates:
            return []
        p_migration = self.post_model.predict_proba(self.post_matrix(candidates))[:, 1]
        chosen = [i for i, p in enumerate(p_migration) if p >= threshold]
        items = [(candidates[i], pair) for i in chosen for pair in candidates[i].pairs()]
        scores = self.pair_model.decision_function(self.pair_matrix(items)) if items else []
        out: list[tuple[float, tuple[str | None, str] | None]] = [
            (float(p), None) for p in p_migration
        ]
        at = 0
        for i in chosen:
            pairs = candidates[i].pairs()
            best = pairs[int(np.argmax(scores[at : at + len(pairs)]))]
            at += len(pairs)
            out[i] = (float(p_migration[i]), best)
        return out


@dataclass(slots=True)
class _TrainingSet:
    candidates: list[Candidate] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    pair_items: list[tuple[Candidate, tuple[str | None, str]]] = field(default_factory=list)
    pair_labels: list[int] = field(default_factory=list)


def _training_set(posts: Iterable[LabeledPost]) -> _TrainingSet:
    data = _TrainingSet()
    for post in posts:
        candidate = make_candidate(post.text)
        if candidate is None:
            continue  # no vendor the alias table knows: the detector never sees such a post
        data.candidates.append(candidate)
        data.labels.append(int(post.migration))
        truth = (post.from_vendor, post.to_vendor)
        pairs = candidate.pairs()
        if post.migration and truth in pairs:
            for pair in pairs:
                data.pair_items.append((candidate, pair))
                data.pair_labels.append(int(pair == truth))
    return data


def train(posts: Sequence[LabeledPost]) -> MigrationModel:
    """Fit both models on labeled posts (deterministic: same posts, same model)."""
    data = _training_set(posts)
    post_words, post_chars, post_evidence = _post_vectorizers()
    views = [c.post_view for c in data.candidates]
    post_x = sparse.hstack(
        [
            post_words.fit_transform(views),
            post_chars.fit_transform(views),
            post_evidence.fit_transform([c.post_evidence for c in data.candidates]),
        ],
        format="csr",
    )
    post_model = LogisticRegression(C=4.0, max_iter=5000, class_weight="balanced")
    post_model.fit(post_x, data.labels)
    pair_words = TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True, dtype=np.float32)
    pair_evidence = _evidence_vectorizer()
    pair_x = sparse.hstack(
        [
            pair_words.fit_transform([c.pair_view(p) for c, p in data.pair_items]),
            pair_evidence.fit_transform([c.pair_evidence(p) for c, p in data.pair_items]),
        ],
        format="csr",
    )
    pair_model = LogisticRegression(C=8.0, max_iter=5000, class_weight="balanced")
    pair_model.fit(pair_x, data.pair_labels)
    return MigrationModel(
        post_words,
        post_chars,
        post_evidence,
        post_model,
        pair_words,
        pair_evidence,
        pair_model,
        len(data.candidates),
    )


_MODEL: list[MigrationModel] = []  # the process's default model, once trained or installed


def default_model() -> MigrationModel:
    """The model trained on the packaged labels (trained once per process, or installed from
    another process by `install_model`)."""
    if not _MODEL:
        _MODEL.append(train(load_labels()))
    return _MODEL[0]


def model_bytes() -> bytes:
    """This process's default model, pickled without its verdict memory, for `install_model`
    in a worker process (what training it again there would give, without the ~6 s)."""
    model = default_model()
    return pickle.dumps(dataclasses.replace(model, verdicts={}), pickle.HIGHEST_PROTOCOL)


def install_model(blob: bytes) -> None:
    """Make `blob` (`model_bytes` of a parent process of the same code) this process's default
    model. Only for bytes this program pickled itself: unpickling runs code."""
    _MODEL[:] = [pickle.loads(blob)]  # our own bytes, from our own process


@dataclass(slots=True)
class Scores:
    """Detection and direction counts of one detector over labeled posts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    direction_ok: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of reported migrations that are migrations."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of migrations reported."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def direction(self) -> float:
        """Share of detected migrations with both vendors right."""
        return self.direction_ok / self.tp if self.tp else 1.0

    def add(self, post: LabeledPost, found: tuple[str | None, str] | None) -> None:
        """Count one post's verdict (`found`: the (from, to) reported, or None)."""
        if post.migration and found is not None:
            self.tp += 1
            if found == (post.from_vendor, post.to_vendor):
                self.direction_ok += 1
            else:
                want = (post.from_vendor, post.to_vendor)
                self.errors.append(f"DIR  [{post.family}] {found} want {want}: {post.text}")
        elif post.migration:
            self.fn += 1
            self.errors.append(f"MISS [{post.family}] {post.text}")
        elif found is not None:
            self.fp += 1
            self.errors.append(f"FP   [{post.family}] {found}: {post.text}")


SCHEMA: dict[str, pl.DataType] = {
    "row": pl.UInt32(),
    "from_vendor": pl.String(),
    "to_vendor": pl.String(),
    "confidence": pl.Float64(),
}
"""Columns of `extract_with`'s result (see `pipeline.enrich.migration.extract_migrations`)."""


def extract_with(model: MigrationModel, texts: pl.Series) -> pl.DataFrame:
    """The migrations `model` finds in `texts` (`SCHEMA` rows, sorted by row): the candidate
    prefilter over all texts in polars, features and both models over the candidates only."""
    frame = (
        pl.DataFrame({"text": texts.cast(pl.String)})
        .with_row_index("row")
        .filter(candidate_mask(texts))
    )
    # each distinct text once (reposts, cross-posts and bots repeat texts), and a text seen in
    # an earlier call (another block of the same page, another page) not again
    distinct = frame.group_by("text", maintain_order=True).agg("row")
    texts_rows = list(zip(distinct["text"].to_list(), distinct["row"].to_list(), strict=True))
    memory = model.verdicts
    if len(memory) + len(texts_rows) > VERDICT_MEMORY:
        memory.clear()
    new_texts: list[str] = []
    candidates: list[Candidate] = []
    for text, _ in texts_rows:
        if text in memory:
            continue
        candidate = make_candidate(text)
        if candidate is None:
            memory[text] = None
        else:
            new_texts.append(text)
            candidates.append(candidate)
    predicted = model.predict(candidates, THRESHOLD)
    for text, candidate, (probability, pair) in zip(new_texts, candidates, predicted, strict=True):
        reported = pair is not None and probability >= report_threshold(candidate)
        memory[text] = (probability, pair) if reported and pair is not None else None
    found = sorted(
        (row, verdict[1][0], verdict[1][1], verdict[0])
        for text, text_rows in texts_rows
        if (verdict := memory.get(text)) is not None
        for row in text_rows
    )
    return pl.DataFrame(found, schema=SCHEMA, orient="row")


def detect(model: MigrationModel, texts: Sequence[str]) -> list[tuple[str | None, str] | None]:
    """The (from, to) the model reports for each text, or None."""
    found = extract_with(model, pl.Series(list(texts), dtype=pl.String))
    out: list[tuple[str | None, str] | None] = [None] * len(texts)
    for row, from_vendor, to_vendor in found.select("row", "from_vendor", "to_vendor").iter_rows():
        out[row] = (from_vendor, to_vendor)
    return out


def cross_validate(
    posts: Sequence[LabeledPost], folds: int = 5
) -> tuple[Scores, Scores, dict[str, tuple[Scores, Scores]]]:
    """Grouped cross-validation: (model scores, rule-engine scores, per split name (model,
    rules)), each post scored by a model trained on the folds without its phrasing family."""
    model_scores, rule_scores = Scores(), Scores()
    by_split: dict[str, tuple[Scores, Scores]] = {}
    groups = [p.family for p in posts]
    splitter = GroupKFold(n_splits=folds)
    for train_index, test_index in splitter.split(posts, groups=groups):
        model = train([posts[i] for i in train_index])
        test = [posts[i] for i in test_index]
        for post, found in zip(test, detect(model, [p.text for p in test]), strict=True):
            rule = extract_one(post.text)
            rule_pair = None if rule is None else (rule[0], rule[1])
            split_scores = by_split.setdefault(post.split or "?", (Scores(), Scores()))
            for scores, verdict in (
                (model_scores, found),
                (rule_scores, rule_pair),
                (split_scores[0], found),
                (split_scores[1], rule_pair),
            ):
                scores.add(post, verdict)
    return model_scores, rule_scores, by_split


def held_out(
    posts: Sequence[LabeledPost], test_splits: Sequence[str]
) -> tuple[Scores, dict[str, Scores]]:
    """Scores of a model trained on the posts outside `test_splits`, over the posts inside them
    (all together, and per split): how the detector does on posts written later, by writers who
    never saw it."""
    model = train([p for p in posts if p.split not in test_splits])
    test = [p for p in posts if p.split in test_splits]
    total, by_split = Scores(), {name: Scores() for name in test_splits}
    for post, found in zip(test, detect(model, [p.text for p in test]), strict=True):
        total.add(post, found)
        by_split[post.split].add(post, found)
    return total, by_split
