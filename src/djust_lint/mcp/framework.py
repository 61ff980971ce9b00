"""djust's framework metadata for the schema tools, read without importing djust.

djust's own server answers ``get_framework_schema`` from the literal tables
in ``djust/schema.py``. We read the same tables from the *installed* file
with ``ast.literal_eval`` (importing djust would pull in Django and its
settings), so the answers match the djust version the project really uses.
When djust is not installed, the shipped vocabulary still names every
directive, decorator and lifecycle method (without prose).
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from pathlib import Path
from typing import Any

_TABLES = (
    "DIRECTIVES", "LIFECYCLE_METHODS", "CLASS_ATTRIBUTES", "DECORATORS", "NAVIGATION_METHODS", "STREAM_METHODS",
    "PUSH_EVENT_METHODS", "OPTIONAL_MIXINS", "DATA_ATTRIBUTE_TYPES", "CONVENTIONS", "BEST_PRACTICES",
)  # fmt: skip
SOURCE_INSTALLED = "installed-djust"
SOURCE_VOCABULARY = "djust-lint-vocabulary"


def _djust_dir() -> Path | None:
    """Directory of the installed djust package, located by the import system without running it."""
    try:
        spec = importlib.util.find_spec("djust")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _literal_tables(path: Path) -> dict[str, Any]:
    """Upper-case module-level literals of ``schema.py`` (unreadable or non-literal ones are skipped)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return {}
    tables: dict[str, Any] = {}
    for stmt in tree.body:
        target = stmt.target if isinstance(stmt, ast.AnnAssign) else (stmt.targets[0] if isinstance(stmt, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id in _TABLES and stmt.value is not None:
            try:
                tables[target.id] = ast.literal_eval(stmt.value)
            except ValueError:
                continue
    return tables


def _installed_version(djust_dir: Path) -> str:
    from importlib import metadata

    try:
        return metadata.version("djust")
    except metadata.PackageNotFoundError:
        return "unknown"


def _vocabulary_tables() -> tuple[str, dict[str, Any]]:
    """Names-only tables from the vocabulary djust-lint ships."""
    from ..core.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    directives = [
        {"name": name, "category": vocab.directive_categories.get(name, ""), "handler": name in vocab.handler_directives}
        for name in sorted(vocab.directives)
    ]
    directives += [{"name": prefix + "*", "category": "family"} for prefix in vocab.directive_families]
    decorators = [
        {"name": "@" + qualname.rsplit(".", 1)[-1], "import": f"from {qualname.rsplit('.', 1)[0]} import {qualname.rsplit('.', 1)[-1]}",
         "makes_handler": qualname in vocab.handler_decorators}
        for qualname in sorted(vocab.known_decorators)
    ]  # fmt: skip
    tables = {
        "DIRECTIVES": directives,
        "LIFECYCLE_METHODS": [{"name": name} for name in sorted(vocab.lifecycle_methods)],
        "CLASS_ATTRIBUTES": [{"name": name} for name in sorted(vocab.class_attributes)],
        "DECORATORS": decorators,
    }
    return vocab.djust_version, tables


@functools.lru_cache(maxsize=1)
def framework_tables() -> tuple[str, str, dict[str, Any]]:
    """``(version, source, tables)``; read once per process (the installed djust does not change under us)."""
    djust_dir = _djust_dir()
    if djust_dir is not None:
        tables = _literal_tables(djust_dir / "schema.py")
        if "DIRECTIVES" in tables and "DECORATORS" in tables:
            return _installed_version(djust_dir), SOURCE_INSTALLED, tables
    version, tables = _vocabulary_tables()
    return version, SOURCE_VOCABULARY, tables
