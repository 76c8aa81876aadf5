"""The layout is the data flow: import contracts, no borrowed private names, SQL only in sql/.

`lint-imports` (contracts in pyproject.toml) checks that each stage imports only from the
stages below it, that no package's modules import each other in a cycle, that the sample is
used only by the CLI and Dagster only by defs/ and the CLI. The rest is read here from the
source with `ast`: no module takes another module's `_private` names, no module grows past
MAX_MODULE_LINES, and SQL text reaches DuckDB only from `sql/` files (no string literal or
f-string handed to `execute`/`sql`/`query`).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipeline"
MAX_MODULE_LINES = 700
STAGES = ("core", "ingest", "parse", "load", "enrich", "indicators", "publish", "sample", "defs")
SQL_METHODS = frozenset({"execute", "executemany", "sql", "query"})
# Statements that are not queries over the warehouse: session settings read as they are.
ALLOWED_LITERALS = frozenset({"SET TimeZone = 'UTC'", "SET enable_progress_bar = false"})


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if path.name == "__init__.py":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = modules()


def imported_names(module: str, path: Path) -> list[tuple[str, str]]:
    """(imported module, name) for every `from pipeline... import name` of a module."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = node.module or ""
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parts, base] if base else parts)
        if base.startswith("pipeline"):
            found.extend((base, alias.name) for alias in node.names)
    return found


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_every_stage_is_a_package() -> None:
    assert [s for s in STAGES if not (PACKAGE / s / "__init__.py").is_file()] == []
    flat = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "cli.py"})
    assert flat == [], "modules outside the stage packages"


def test_no_module_imports_another_modules_private_names() -> None:
    borrowed = [
        f"{module} takes {base}.{name}"
        for module, path in MODULES.items()
        for base, name in imported_names(module, path)
        if name.startswith("_") and not name.startswith("__") and base != module
    ]
    assert borrowed == []


def test_no_module_is_too_large() -> None:
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert {m: n for m, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def _sql_argument(call: ast.Call) -> ast.expr | None:
    if isinstance(call.func, ast.Attribute) and call.func.attr in SQL_METHODS and call.args:
        return call.args[0]
    return None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_sql_comes_from_sql_files(module: str) -> None:
    """No SQL text is written in Python: statements are loaded from sql/<stage>/ by name."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    inline = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        arg = _sql_argument(node)
        if isinstance(arg, ast.JoinedStr | ast.BinOp):
            inline.append(f"line {node.lineno}: SQL built in Python")
        elif (
            isinstance(arg, ast.Constant)
            and isinstance(arg.value, str)
            and arg.value not in ALLOWED_LITERALS
        ):
            inline.append(f"line {node.lineno}: {arg.value.strip()[:60]!r}")
    assert inline == []


def test_every_sql_file_is_in_a_stage_folder_and_used() -> None:
    sql = ROOT / "sql"
    assert sorted(p.name for p in sql.glob("*.sql")) == [], "sql files outside sql/<stage>/"
    names = [p.stem for p in sql.glob("*/*.sql")]
    assert len(names) == len(set(names)), "two stage folders hold a statement of one name"
    source = "\n".join(p.read_text(encoding="utf-8") for p in MODULES.values())
    unused = [n for n in names if n not in source and not n.startswith(("check_", "build_"))]
    assert unused == []
