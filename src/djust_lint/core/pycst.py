"""libcst and black helpers shared by everything that edits Python: codemods and rules' fixes.

Why libcst: it round-trips a module byte for byte (comments, quotes, CRLF,
tabs), so a transform that replaces one node changes nothing else. Why black
only on generated snippets: formatting the whole file would rewrite code the
user did not ask us to touch. Generated statements are parsed with libcst's
default config (4 spaces, ``\\n``) and inserted into the user's module, whose
own indentation and newline are then used when it is rendered.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import libcst as cst

from .textedit import EditError

#: Modules whose ``event_handler`` (and friends) count as djust's own.
DJUST_DECORATOR_MODULES = ("djust.decorators", "djust")


def parse_module(text: str, path: str) -> cst.Module:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise EditError(f"{path} does not parse ({exc.message} at line {exc.raw_line}); fix it first") from None


def check_parses(text: str, path: str) -> None:
    """Refuse an edit whose result is not valid Python (never write broken code)."""
    parse_module(text, path)


def _class_path(qualname: str, module: str) -> list[str]:
    """``shop.views.Outer.Inner`` in module ``shop.views`` -> ``["Outer", "Inner"]``."""
    if module and qualname.startswith(module + "."):
        return qualname[len(module) + 1 :].split(".")
    return [qualname.rsplit(".", 1)[-1]]


def _classes_in(body: Sequence[cst.CSTNode]) -> list[cst.ClassDef]:
    """Class definitions in a block, looking into ``if``/``try`` blocks as the reader does."""
    found: list[cst.ClassDef] = []
    for statement in body:
        if isinstance(statement, cst.ClassDef):
            found.append(statement)
        elif isinstance(statement, (cst.If, cst.Try, cst.With)):
            found.extend(_classes_in(_block_statements(statement.body)))
            orelse = getattr(statement, "orelse", None)
            if orelse is not None:
                found.extend(_classes_in(_block_statements(orelse.body)))
    return found


def _block_statements(block: cst.CSTNode) -> Sequence[cst.CSTNode]:
    body = getattr(block, "body", ())
    return body if isinstance(body, (list, tuple)) else ()


def find_class(module: cst.Module, qualname: str, module_name: str) -> cst.ClassDef:
    """The ClassDef of ``qualname``; ``EditError`` when it is missing or ambiguous."""
    names = _class_path(qualname, module_name)
    body: Sequence[cst.CSTNode] = module.body
    node: cst.ClassDef | None = None
    for name in names:
        matches = [c for c in _classes_in(body) if c.name.value == name]
        if len(matches) != 1:
            what = "not found" if not matches else "defined more than once"
            raise EditError(f"class {qualname} is {what} in the module; plan again after fixing it")
        node = matches[0]
        body = _block_statements(node.body)
    assert node is not None
    return node


def methods_of(cls: cst.ClassDef) -> list[cst.FunctionDef]:
    return [s for s in _block_statements(cls.body) if isinstance(s, cst.FunctionDef)]


def find_method(cls: cst.ClassDef, name: str) -> cst.FunctionDef | None:
    matches = [m for m in methods_of(cls) if m.name.value == name]
    return matches[-1] if matches else None  # the last definition is the one Python keeps


def class_depth(qualname: str, module_name: str) -> int:
    return len(_class_path(qualname, module_name))


def decorator_name(decorator: cst.Decorator) -> str:
    """Dotted name of a decorator without its call (``event_handler``, ``dj.event_handler``)."""
    node = decorator.decorator
    if isinstance(node, cst.Call):
        node = node.func
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
    return ".".join(reversed(parts))


# ---------------------------------------------------------------------------
# Imports
# ---------------------------------------------------------------------------


def imported_local_name(module: cst.Module, sources: Sequence[str], name: str) -> str | None:
    """Local name under which ``from <source> import name`` binds ``name`` at top level."""
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.ImportFrom) or small.relative or small.module is None:
                continue
            if _dotted(small.module) not in sources or isinstance(small.names, cst.ImportStar):
                continue
            for alias in small.names:
                if _dotted(alias.name) == name:
                    return alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
    return None


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def top_level_names(module: cst.Module) -> set[str]:
    """Names bound at module level by imports, defs, classes and simple assignments."""
    names: set[str] = set()
    for statement in module.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            names.add(statement.name.value)
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    names.add(_dotted(bound).split(".")[0])
            elif isinstance(small, cst.Assign):
                names.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
    return names


def add_imports(module: cst.Module, imports: dict[str, set[str]], line_length: int = 88) -> cst.Module:
    """Add each missing import once: into an existing ``from X import`` of that module, else a new line.

    An existing import is extended only while it stays within ``line_length``
    (black's limit); past that a new line is added instead of rewrapping it.
    """
    bound = top_level_names(module)
    body = list(module.body)
    new_lines: list[str] = []
    for name_module in sorted(imports):
        names = sorted(n for n in imports[name_module] if (n or name_module.split(".")[0]) not in bound)
        if not names:
            continue
        if names == [""]:
            new_lines.append(f"import {name_module}")
            continue
        index = _from_import_index(body, name_module)
        extended = None if index is None else _extend_from_import(body[index], names)
        if extended is not None and _longest_line(extended) <= line_length:
            body[index] = extended
        else:
            new_lines.append(f"from {name_module} import {', '.join(names)}")
    if new_lines:
        position = _after_imports(body)
        statements = [cst.parse_statement(line + "\n") for line in new_lines]
        if position and statements and new_lines[0].startswith("from .") and not _is_relative_import(body[position - 1]):
            statements[0] = statements[0].with_changes(leading_lines=[cst.EmptyLine()])
        body[position:position] = statements
    return module.with_changes(body=body)


def _from_import_index(body: list[Any], module_name: str) -> int | None:
    for index, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            continue
        node = stmt.body[0]
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            dots = "." * len(node.relative)
            dotted = cst.Module([]).code_for_node(node.module) if node.module is not None else ""
            if dots + dotted == module_name:
                return index
    return None


def _longest_line(node: Any) -> int:
    return max(len(line) for line in cst.Module([]).code_for_node(node).splitlines() or [""])


def _is_relative_import(stmt: Any) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(
        isinstance(node, cst.ImportFrom) and bool(node.relative) for node in stmt.body
    )


def _extend_from_import(stmt: Any, names: list[str]) -> Any:
    """Append names to ``from X import a, b`` keeping its comma/newline style."""
    node = stmt.body[0]
    aliases = list(node.names)
    last = aliases[-1]
    separator = aliases[-2].comma if len(aliases) > 1 else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    trailing = last.comma
    aliases[-1] = last.with_changes(comma=separator)
    for position, name in enumerate(names):
        is_last = position == len(names) - 1
        aliases.append(cst.ImportAlias(name=cst.Name(name), comma=trailing if is_last else separator))
    return stmt.with_changes(body=[node.with_changes(names=aliases)])


def _after_imports(body: list[Any]) -> int:
    """Index after the last top-level import (after a docstring / ``__future__`` at least)."""
    position = 0
    for index, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(n, (cst.Import, cst.ImportFrom)) for n in stmt.body):
            position = index + 1
        elif index == 0 and isinstance(stmt, cst.SimpleStatementLine) and isinstance(stmt.body[0], cst.Expr):
            position = 1
    return position


# ---------------------------------------------------------------------------
# black
# ---------------------------------------------------------------------------


def _black_config(root: Path) -> dict[str, Any]:
    """``[tool.black]`` of the root's pyproject.toml, keys with dashes (``{}`` when absent or unreadable)."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    config = data.get("tool", {}).get("black", {})
    return {str(k).replace("_", "-"): v for k, v in config.items()} if isinstance(config, dict) else {}


@lru_cache(maxsize=16)
def _black_mode(root: str | None) -> Any:
    import black

    config = _black_config(Path(root)) if root is not None else {}
    versions = config.get("target-version", [])
    known = black.TargetVersion.__members__
    targets = {black.TargetVersion[str(v).upper()] for v in versions if str(v).upper() in known} if isinstance(versions, list) else set()
    return black.Mode(
        target_versions=targets,
        line_length=int(config.get("line-length", black.DEFAULT_LINE_LENGTH)),
        string_normalization=not config.get("skip-string-normalization", False),
        magic_trailing_comma=not config.get("skip-magic-trailing-comma", False),
        preview=bool(config.get("preview", False)),
    )


def black_mode(root: Path | None) -> Any:
    """black's Mode from ``[tool.black]`` in the root's pyproject.toml (black's defaults otherwise).

    A ``target-version`` black does not know is skipped, not an error: the
    project may pin a newer black than ours.
    """
    return _black_mode(str(Path(root).resolve()) if root is not None else None)


def format_python(text: str, mode: Any = None) -> str:
    """Format a whole module with black (``mode`` from :func:`black_mode`)."""
    import black

    return black.format_str(text, mode=mode or black.Mode())


def black_format(code: str, root: Path) -> str:
    """Format a snippet with black using the project's ``[tool.black]`` settings."""
    import black

    try:
        return black.format_str(code, mode=black_mode(root))
    except black.InvalidInput as exc:
        raise EditError(f"generated code does not parse: {exc}") from None


def formatted_method(code: str, root: Path, depth: int) -> cst.FunctionDef:
    """Format a method with black as it will sit (``depth`` classes deep) and parse it.

    The method is wrapped in dummy classes so black counts the real
    indentation against the line length.
    """
    wrapped = code
    for level in range(depth):
        wrapped = f"class _Djust{level}:\n" + "".join(
            "    " + line if line.strip() else line for line in wrapped.splitlines(keepends=True)
        )
    formatted = black_format(wrapped, root)
    node: cst.CSTNode = cst.parse_module(formatted).body[0]
    for _ in range(depth):
        assert isinstance(node, cst.ClassDef)
        node = _block_statements(node.body)[0]
    assert isinstance(node, cst.FunctionDef)
    return node
