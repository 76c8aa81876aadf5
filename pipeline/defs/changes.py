"""Change detection for incremental runs: skip an asset whose inputs did not change.

Each derived asset names the warehouse tables it reads and what it writes (tables, or files for
the publish assets). Before rebuilding, it asks `ChangeTracker.gate`: the fingerprint of its
inputs (per table: row count and an order-free sum of row hashes,
sql/defs/select_table_fingerprint.sql; the run log through sql/defs/select_run_log_fingerprint.sql;
plus parameters such as the data window) is compared with the one remembered when the asset
last rebuilt, and its outputs with what it left then. Both equal: the asset is skipped
("unchanged, skipped"), since the same code on the same inputs writes the same rows. The memory
is `<home>/state/incremental.json`, keyed by a fingerprint of the code (every file of the
package and its SQL, and the library versions): any code change rebuilds everything once.
`full=True` (`radar run --full`) rebuilds every asset and remembers the result.

Skipping is sound whatever happened in between: a warehouse replaced or edited by hand, a state
file deleted or copied, all show up as a changed output or a missing memory, and rebuild.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipeline.core import warehouse

log = logging.getLogger(__name__)

STATE_FILE = Path("state") / "incremental.json"
RUN_LOG = "run_log"
"""Pseudo-input: what derived tables read of source_runs (coverage days, latest sources)."""
SKIPPED = "unchanged, skipped"
REBUILT = "rebuilt"
FULL = "rebuilt (--full)"
RUN_LOG_TABLES = frozenset({"source_runs", "raw_fetches", "fetch_state"})
"""Tables every run appends to; derived tables read them only through `RUN_LOG`."""
_LIBRARIES = ("duckdb", "polars", "scikit-learn", "plotly", "dagster")


@cache
def code_version() -> str:
    """Fingerprint of the pipeline's code: name, size and mtime of every file of the `pipeline`
    package (its SQL included) and the versions of the libraries that compute or write tables.

    Any edit, install or checkout touches a file's mtime, so stat is enough (reading the 3 MB
    of code and data cost 0.15 s per run)."""
    digest = hashlib.sha256()

    def walk(node: Traversable, prefix: str) -> None:
        for entry in sorted(node.iterdir(), key=lambda e: e.name):
            if entry.name.startswith(("__pycache__", ".")):
                continue
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif not entry.name.endswith((".pyc", ".pyo")):
                stat = Path(str(entry)).stat()
                digest.update(f"{prefix}{entry.name}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())

    walk(resources.files("pipeline"), "pipeline/")
    walk(resources.files("pipeline.sql"), "sql/")  # an editable install maps it outside
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    return digest.hexdigest()


_WORD = re.compile(r"[a-z_][a-z0-9_]*")


def sql_words(statements: Iterable[str]) -> frozenset[str]:
    """The words of statements `statements` (`sql/<stage>/<name>.sql`): a superset of the
    tables and views they read, for `ChangeTracker.tables_named`."""
    return frozenset(
        word for name in statements for word in _WORD.findall(warehouse.load_sql(name).lower())
    )


def files_fingerprint(path: Path, ignore: Iterable[str] = ()) -> str:
    """Fingerprint of a published file, or of the files of a folder but those named in
    `ignore`: names, sizes, mtimes (a page or export deleted or rewritten by hand makes its
    publisher run again)."""
    if path.is_file():
        stat = path.stat()
        return f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"
    if not path.is_dir():
        return "missing"
    entries = sorted(
        f"{p.relative_to(path)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
        for p in path.rglob("*")
        if p.is_file() and p.name not in set(ignore)
    )
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def frames_fingerprint(*frames: pl.DataFrame) -> str:
    """Fingerprint of the contents of polars frames (shape, schema, an order-free sum of row
    hashes): for a stage whose inputs are queries rather than whole tables."""
    parts = [
        f"{f.shape}:{f.schema}:{f.hash_rows(seed=0x5EED).cast(pl.Decimal(38, 0)).sum()}"
        for f in frames
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass(slots=True)
class Gate:
    """One asset's decision: skip (inputs and outputs as when it last rebuilt) or rebuild."""

    asset: str
    inputs: str
    writes: tuple[str, ...]
    files: tuple[Path, ...]
    ignore: tuple[str, ...]
    skip: bool
    outcome: str = REBUILT


@dataclass(slots=True)
class ChangeTracker:
    """Fingerprints of one run: table fingerprints cached until a rebuild writes the table,
    each asset's decision, and the memory of the previous runs (`<home>/state/`)."""

    con: duckdb.DuckDBPyConnection
    home: Path
    full: bool = False
    decisions: dict[str, str] = field(default_factory=dict)
    _tables: dict[str, str] = field(default_factory=dict)
    _state: dict[str, Any] = field(default_factory=dict)
    _names: list[str] | None = None
    _views: set[str] | None = None
    _dirty: bool = False

    def __post_init__(self) -> None:
        self._state = self._load()

    @property
    def path(self) -> Path:
        """The memory of earlier runs: `<home>/state/incremental.json`."""
        return self.home / STATE_FILE

    @property
    def state_dir(self) -> Path:
        """`<home>/state/`: the memory of earlier runs and the caches beside it."""
        return self.path.parent

    def _load(self) -> dict[str, Any]:
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        if not isinstance(state, dict) or state.get("code") != code_version():
            state = {"code": code_version(), "assets": {}}
        return state

    def _save(self) -> None:
        self._dirty = True

    def flush(self) -> None:
        """Write what this run learned to `<home>/state/incremental.json` (end of the run;
        a run that dies before only loses its memory: the next run rebuilds more)."""
        if not self._dirty:
            return
        self._dirty = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        tmp.write_text(json.dumps(self._state, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)

    def table(self, name: str) -> str:
        """Fingerprint of table `name` (or of the run log, `RUN_LOG`), cached for the run."""
        if name not in self._tables:
            if name == RUN_LOG:
                rows, total = warehouse.run_sql(self.con, "select_run_log_fingerprint")[0]
            else:
                rows, total = warehouse.run_sql(
                    self.con, "select_table_fingerprint", identifiers={"table": name}
                )[0]
            self._tables[name] = f"{rows}:{total}"
        return self._tables[name]

    def data_tables(self) -> list[str]:
        """Every warehouse table except the run log's, plus `RUN_LOG`: what a publisher of the
        whole warehouse (pages, exports, snapshot) reads."""
        if self._names is None:  # the schema is applied before the run's first step
            names = [row[0] for row in warehouse.run_sql(self.con, "select_table_names")]
            self._names = [n for n in names if n not in RUN_LOG_TABLES] + [RUN_LOG]
        return self._names

    def forget(self, tables: Iterable[str]) -> None:
        """Drop cached fingerprints of tables written outside a gate (loads, parses)."""
        for name in tables:
            self._tables.pop(name, None)

    def _outputs(
        self, writes: Sequence[str], files: Sequence[Path], ignore: Sequence[str]
    ) -> dict[str, str]:
        out = {t: self.table(t) for t in writes}
        out |= {self._file_key(f): files_fingerprint(f, ignore) for f in files}
        return out

    def _file_key(self, path: Path) -> str:
        # relative to the home: a home copied elsewhere (mtimes kept) still matches
        try:
            return str(path.resolve().relative_to(self.home.resolve()))
        except ValueError:
            return str(path.resolve())

    def gate(
        self,
        asset: str,
        reads: Iterable[str],
        writes: Sequence[str] = (),
        *,
        files: Sequence[Path] = (),
        ignore: Sequence[str] = (),
        params: Mapping[str, Any] | None = None,
    ) -> Gate:
        """Decide whether `asset` must run: it reads tables `reads` with `params`, writes
        tables `writes` and files `files` (folders: every file but those named in `ignore`).
        Call `done` after a rebuild (or the skip)."""
        digest = hashlib.sha256()
        for name in sorted(set(reads)):
            digest.update(f"{name}={self.table(name)}\n".encode())
        digest.update(json.dumps(params or {}, sort_keys=True, default=str).encode())
        inputs = digest.hexdigest()
        before = self._state["assets"].get(asset)
        skip = (
            not self.full
            and before is not None
            and before.get("inputs") == inputs
            and before.get("outputs") == self._outputs(writes, files, ignore)
        )
        gate = Gate(asset, inputs, tuple(writes), tuple(files), tuple(ignore), skip)
        if skip:
            gate.outcome = SKIPPED
            self.decisions[asset] = SKIPPED
            log.info("%s: inputs unchanged, skipped", asset)
        return gate

    def done(self, gate: Gate) -> str:
        """Remember a rebuilt asset's inputs and outputs; return its outcome for the summary."""
        if gate.skip:
            return gate.outcome
        self.forget(gate.writes)
        outputs = self._outputs(gate.writes, gate.files, gate.ignore)
        self._state["assets"][gate.asset] = {"inputs": gate.inputs, "outputs": outputs}
        self._save()
        gate.outcome = FULL if self.full else REBUILT
        self.decisions[gate.asset] = gate.outcome
        return gate.outcome

    def tables_fingerprint(self, names: Iterable[str]) -> str:
        """Fingerprint of the tables `names` (or `RUN_LOG`) as they are now."""
        parts = [f"{name}={self.table(name)}" for name in sorted(set(names))]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def remembered_parts(self, asset: str) -> dict[str, Any]:
        """What `remember_parts` stored for the parts of `asset` (its pages, its export files),
        by part; nothing under `full`."""
        return {} if self.full else dict(self._state.get("parts", {}).get(asset, {}))

    def remember_parts(self, asset: str, parts: Mapping[str, Any]) -> None:
        """Remember, by part of `asset`, what it read when it was last written (JSON values)."""
        self._state.setdefault("parts", {})[asset] = dict(parts)
        self._save()

    def check_result(self, check: str, reads: Collection[str]) -> int | None:
        """Violations check `check` counted when the tables it reads (the words of its SQL,
        `reads`) were as they are now: that count, else None (run the check)."""
        before = self._state.get("checks", {}).get(check)
        if self.full or before is None or before.get("tables") != self._check_inputs(reads):
            return None
        return int(before["violations"])

    def remember_check(self, check: str, violations: int, reads: Collection[str]) -> None:
        """Remember what check `check` counted over the tables `reads` as they are now."""
        checks = self._state.setdefault("checks", {})
        checks[check] = {"tables": self._check_inputs(reads), "violations": violations}
        self._save()

    def _check_inputs(self, reads: Collection[str]) -> str:
        """Fingerprint of the data tables named in `reads`; of every data table (the run log
        included) when `reads` names a view or a run-log table, or no table at all."""
        return self.tables_fingerprint(self.tables_named(reads))

    def tables_named(self, words: Collection[str]) -> list[str]:
        """The data tables among `words` (e.g. the words of a query); every data table, the
        run log included, when `words` name a view or a run-log table, or no table at all."""
        if self._views is None:
            self._views = {row[0] for row in warehouse.run_sql(self.con, "select_view_names")}
        names = [n for n in self.data_tables() if n in words]
        if not names or any(n in words for n in self._views | RUN_LOG_TABLES):
            return self.data_tables()
        return names

    def schema_applied(self, fingerprint: str) -> bool:
        """True when this warehouse got the schema of `fingerprint` applied by an earlier run."""
        return self._state.get("schema") == fingerprint

    def remember_schema(self, fingerprint: str) -> None:
        """Remember that the schema of `fingerprint` is applied to this warehouse."""
        self._state["schema"] = fingerprint
        self._save()
