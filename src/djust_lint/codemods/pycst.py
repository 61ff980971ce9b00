"""libcst and black helpers shared by the Python codemods.

Why libcst: it round-trips a module byte for byte (comments, quotes, CRLF,
tabs), so a transform that replaces one node changes nothing else. Why black
only on generated snippets: formatting the whole file would rewrite code the
user did not ask us to touch. Generated statements are parsed with libcst's
default config (4 spaces, ``\\n``) and inserted into the user's module, whose
own indentation and newline are then used when it is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from .plan import PlanError

#: Modules whose ``event_handler`` (and friends) count as djust's own.
DJUST_DECORATOR_MODULES = ("djust.decorators", "djust")


def parse_module(text: str, path: str) -> cst.Module:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise PlanError(f"{path} does not parse ({exc.message} at line {exc.raw_line}); fix it first") from None


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
    """The ClassDef of ``qualname``; ``PlanError`` when it is missing or ambiguous."""
    names = _class_path(qualname, module_name)
    body: Sequence[cst.CSTNode] = module.body
    node: cst.ClassDef | None = None
    for name in names:
        matches = [c for c in _classes_in(body) if c.name.value == name]
        if len(matches) != 1:
            what = "not found" if not matches else "defined more than once"
            raise PlanError(f"class {qualname} is {what} in the module; plan again after fixing it")
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


def add_imports(module: cst.Module, imports: Sequence[tuple[str, str]]) -> cst.Module:
    """Add ``from module import name`` for each pair whose name is not bound yet (once)."""
    bound = top_level_names(module)
    needed = [(source, name) for source, name in imports if name not in bound]
    if not needed:
        return module
    context = CodemodContext()
    for source, name in needed:
        AddImportsVisitor.add_needed_import(context, source, name)
    return AddImportsVisitor(context).transform_module(module)


# ---------------------------------------------------------------------------
# black
# ---------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _black_mode(root: str):  # -> black.Mode (black is imported lazily: it is slow to import)
    import black

    config: dict[str, object] = {}
    pyproject = Path(root) / "pyproject.toml"
    if pyproject.is_file():
        try:
            config = black.parse_pyproject_toml(str(pyproject))
        except Exception:  # an unreadable [tool.black] falls back to black's defaults
            config = {}
    versions = {black.TargetVersion[v.upper()] for v in config.get("target_version", []) or []}  # type: ignore[union-attr]
    return black.Mode(
        target_versions=versions,
        line_length=int(config.get("line_length", black.DEFAULT_LINE_LENGTH)),  # type: ignore[arg-type]
        string_normalization=not config.get("skip_string_normalization", False),
        magic_trailing_comma=not config.get("skip_magic_trailing_comma", False),
        preview=bool(config.get("preview", False)),
    )


def black_format(code: str, root: Path) -> str:
    """Format a snippet with black using the project's ``[tool.black]`` settings."""
    import black

    try:
        return black.format_str(code, mode=_black_mode(str(Path(root).resolve())))
    except black.InvalidInput as exc:
        raise PlanError(f"generated code does not parse: {exc}") from None


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
