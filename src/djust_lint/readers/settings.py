"""Read Django settings statically: template directories and installed apps.

djust-lint needs ``TEMPLATES[...]["DIRS"]`` to map ``template_name`` strings
to files and ``INSTALLED_APPS`` to know which packages contribute views and
templates.  Importing the settings module would execute user code (database
URLs, secrets, environment look-ups), so the module is parsed with :mod:`ast`
and the few expressions settings files really use are evaluated
*symbolically*: ``Path(__file__).resolve().parent.parent``,
``os.path.join(BASE_DIR, "templates")``, list concatenation, ``+=`` and
``.append``.  Anything else is recorded in ``SettingsInfo.dynamic_parts`` so a
rule can say "could not read X" instead of guessing.

Several settings files (``settings/base.py`` + ``settings/dev.py``) are merged
as a union: a linter that misses one configured template directory reports
false "template not found" errors, which is worse than being generous.
"""

from __future__ import annotations

import ast
import copy
import os
import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import Span
from .astutil import dotted_name

if TYPE_CHECKING:
    from .discovery import PythonFile

__all__ = [
    "AsgiInfo",
    "Dynamic",
    "SettingValue",
    "SettingsInfo",
    "SettingsModule",
    "find_settings_files",
    "read_asgi",
    "read_settings",
]

_TEMPLATES_ASSIGNMENT = re.compile(rb"^TEMPLATES\s*(?::[^=\n]*)?\+?=", re.MULTILINE)
MAX_SETTINGS_BYTES = 2 * 1024 * 1024
"""Settings files larger than this are not read (same default as the readers' ``max_bytes``)."""
_WATCHED = ("TEMPLATES", "INSTALLED_APPS")


@dataclass(frozen=True, slots=True)
class Dynamic:
    """A settings value that cannot be computed statically (``os.environ[...]``, a call, ...)."""

    source: str
    """The expression's source text, for messages."""


@dataclass(frozen=True, slots=True)
class SettingValue:
    """One top-level settings name as the static reader sees it after every statement ran.

    ``value`` is plain Python data (``str``, ``int``, ``bool``, ``None``, ``list``,
    ``dict``), with :class:`Dynamic` wherever (a part of) it could not be
    computed.  ``path``/``span`` locate the last plain assignment of the name
    (``X = ...``), which is where a finding about its value belongs.
    """

    name: str
    value: Any
    path: str
    span: Span
    conditional: bool = False
    """Assigned inside an ``if``/``else`` branch or an ``except`` handler: it may not apply."""
    source: str = ""
    """Source text of the assigned expression."""

    @property
    def dynamic(self) -> bool:
        return isinstance(self.value, Dynamic)

    @property
    def known(self) -> bool:
        """A value that applies whatever branch runs and is fully computed at the top level."""
        return not self.conditional and not self.dynamic


@dataclass
class SettingsModule:
    """A settings module Django could be pointed at: one not imported by another settings file."""

    path: str
    values: dict[str, SettingValue] = field(default_factory=dict)
    complete: bool = True
    """False when a star import (or import of a missing settings file) could not be followed,
    so a name absent from ``values`` may still be set at run time."""

    def get(self, name: str) -> SettingValue | None:
        return self.values.get(name)

    @property
    def is_django_settings(self) -> bool:
        """Looks like a real project settings module (not an app's ``settings.py`` of defaults)."""
        return "INSTALLED_APPS" in self.values


@dataclass
class SettingsInfo:
    """What the settings files say about templates and apps."""

    path: str | None = None
    """Root-relative path of the main settings file (the first one that set a watched name)."""
    template_dirs: list[str] = field(default_factory=list)
    """``TEMPLATES[*]["DIRS"]`` relative to the project root, POSIX, ``.`` for the root."""
    app_dirs: bool = False
    """Some template backend has ``APP_DIRS`` true (or not statically known)."""
    installed_apps: list[str] = field(default_factory=list)
    dynamic_parts: list[str] = field(default_factory=list)
    """``path:line: what: expression`` for every part that could not be read statically."""
    paths: list[str] = field(default_factory=list)
    """Every settings file that was read (extra field; ``path`` is the first useful one)."""
    values: dict[str, SettingValue] = field(default_factory=dict)
    """Every top-level settings name (extra field): the main module's view, then other modules' names."""
    modules: list[SettingsModule] = field(default_factory=list)
    """Each settings module Django could load (extra field), main one first."""

    def django_modules(self) -> list[SettingsModule]:
        """The modules that look like complete project settings (rules check each of them)."""
        return [module for module in self.modules if module.is_django_settings]


# ---------------------------------------------------------------------------
# Finding settings files
# ---------------------------------------------------------------------------


def _named_like_settings(module: str) -> bool:
    """``pkg.settings`` itself or any module inside a ``settings`` package."""
    parts = module.split(".")
    return parts[-1] == "settings" or "settings" in parts[:-1]


def _assigns_templates(abs_path: Path) -> bool:
    """Cheap textual pre-check for a top-level ``TEMPLATES =`` assignment."""
    try:
        if abs_path.stat().st_size > MAX_SETTINGS_BYTES:
            return False
        data = abs_path.read_bytes()
    except OSError:
        return False
    return b"TEMPLATES" in data and _TEMPLATES_ASSIGNMENT.search(data) is not None


def find_settings_files(python_files: list[PythonFile]) -> list[PythonFile]:
    """Settings modules by name, plus any module assigning ``TEMPLATES`` at top level."""
    found = [pf for pf in python_files if _named_like_settings(pf.module) or _assigns_templates(pf.abs_path)]
    return sorted(found, key=lambda pf: pf.path)


# ---------------------------------------------------------------------------
# Symbolic values
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FsPath:
    """A filesystem path computed from ``__file__`` (pathlib or os.path style)."""

    value: str
    """Absolute, normalised POSIX path."""

    def join(self, *parts: str) -> FsPath:
        return FsPath(posixpath.normpath(posixpath.join(self.value, *parts)))

    def depth(self) -> int:
        """Number of components, i.e. how many ``parents`` the path has."""
        return len([part for part in self.value.split("/") if part])

    def up(self, levels: int = 1) -> FsPath:
        value = self.value
        for _ in range(levels):
            value = posixpath.dirname(value)
        return FsPath(value)


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value the reader cannot compute; keeps the source text for the report."""

    source: str
    line: int


@dataclass(frozen=True, slots=True)
class _Parents:
    """``path.parents`` awaiting its subscript."""

    path: FsPath


_PATH_CONSTRUCTORS = frozenset(
    {"Path", "PurePath", "PosixPath", "PurePosixPath", "WindowsPath", "PureWindowsPath"}
)
_IDENTITY_PATH_CALLS = frozenset(
    {"os.path.abspath", "os.path.realpath", "os.path.normpath", "os.fspath", "str"}
)
_IDENTITY_PATH_METHODS = frozenset({"resolve", "absolute", "as_posix", "__str__"})


_dotted = dotted_name


def _as_text(value: Any) -> str | None:
    """String form of a path-ish value (for ``os.path.join`` and f-strings)."""
    if isinstance(value, FsPath):
        return value.value
    if isinstance(value, str):
        return value
    return None


class _Evaluator:
    """Evaluates the expressions of one settings module against an environment."""

    def __init__(self, file_path: FsPath, root: str, env: dict[str, Any], aliases: dict[str, str]) -> None:
        self.file_path = file_path
        self.root = root
        self.env = env
        self.aliases = aliases

    def unknown(self, node: ast.AST) -> Unknown:
        return Unknown(ast.unparse(node), getattr(node, "lineno", 0))

    def eval(self, node: ast.expr) -> Any:
        handler = _EXPR_HANDLERS.get(type(node))
        if handler is None:
            return self.unknown(node)
        try:
            return handler(self, node)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, RecursionError):
            return self.unknown(node)

    def eval_boxed(self, node: ast.expr) -> Any:
        """Evaluate an element of a container; unknowns report the whole element."""
        value = self.eval(node)
        return self.unknown(node) if isinstance(value, Unknown) else value

    def qualified(self, node: ast.expr) -> str | None:
        """Dotted name of a callee with import aliases expanded (``join`` -> ``os.path.join``)."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        head = self.aliases.get(head, head)
        return f"{head}.{rest}" if rest else head

    def to_path(self, value: Any) -> FsPath | None:
        """Interpret a value as a path; relative strings are relative to the project root."""
        if isinstance(value, FsPath):
            return value
        if isinstance(value, str):
            return FsPath(posixpath.normpath(posixpath.join(self.root, value)))
        return None


def _eval_constant(ev: _Evaluator, node: ast.Constant) -> Any:
    return node.value


def _eval_name(ev: _Evaluator, node: ast.Name) -> Any:
    if node.id == "__file__":
        return ev.file_path
    if node.id in ev.env:
        return ev.env[node.id]
    return ev.unknown(node)


def _eval_sequence(ev: _Evaluator, node: ast.List | ast.Tuple | ast.Set) -> Any:
    items: list[Any] = []
    for element in node.elts:
        if isinstance(element, ast.Starred):
            spread = ev.eval(element.value)
            items.extend(spread if isinstance(spread, list) else [ev.unknown(element)])
        else:
            items.append(ev.eval_boxed(element))
    return items


def _eval_dict(ev: _Evaluator, node: ast.Dict) -> Any:
    result: dict[Any, Any] = {}
    for key_node, value_node in zip(node.keys, node.values, strict=False):
        if key_node is None:
            spread = ev.eval(value_node)
            if isinstance(spread, dict):
                result.update(spread)
            continue
        key = ev.eval(key_node)
        if isinstance(key, (str, int, bool)):
            result[key] = ev.eval_boxed(value_node)
    return result


def _eval_attribute(ev: _Evaluator, node: ast.Attribute) -> Any:
    base = ev.eval(node.value)
    if isinstance(base, FsPath):
        if node.attr == "parent":
            return base.up()
        if node.attr == "parents":
            return _Parents(base)
    return ev.unknown(node)


def _eval_subscript(ev: _Evaluator, node: ast.Subscript) -> Any:
    base = ev.eval(node.value)
    key = ev.eval(node.slice)
    if isinstance(base, _Parents) and isinstance(key, int) and 0 <= key < base.path.depth():
        return base.path.up(key + 1)
    if isinstance(base, list) and isinstance(key, int):
        return base[key]
    if isinstance(base, dict) and key in base:
        return base[key]
    return ev.unknown(node)


def _eval_binop(ev: _Evaluator, node: ast.BinOp) -> Any:
    left, right = ev.eval(node.left), ev.eval(node.right)
    if isinstance(node.op, ast.Div) and isinstance(left, FsPath) and isinstance(right, (str, FsPath)):
        return left.join(_as_text(right) or "")
    if isinstance(node.op, ast.Add):
        if isinstance(left, list) and isinstance(right, list):
            return left + right
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        if isinstance(left, FsPath) and isinstance(right, str):
            return FsPath(posixpath.normpath(left.value + right))
    return ev.unknown(node)


def _eval_joined_str(ev: _Evaluator, node: ast.JoinedStr) -> Any:
    pieces: list[str] = []
    for part in node.values:
        value = ev.eval(part.value) if isinstance(part, ast.FormattedValue) else ev.eval(part)
        text = _as_text(value)
        if text is None or (isinstance(part, ast.FormattedValue) and part.format_spec is not None):
            return ev.unknown(node)
        pieces.append(text)
    return "".join(pieces)


def _eval_call(ev: _Evaluator, node: ast.Call) -> Any:
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        return ev.unknown(node)
    args = [ev.eval(arg) for arg in node.args]
    if isinstance(node.func, ast.Attribute):
        receiver = ev.eval(node.func.value)
        if isinstance(receiver, FsPath):
            return _path_method(ev, node, receiver, args)
    name = ev.qualified(node.func)
    if name is None:
        return ev.unknown(node)
    return _call_by_name(ev, node, name, args)


def _path_method(ev: _Evaluator, node: ast.Call, receiver: FsPath, args: list[Any]) -> Any:
    method = node.func.attr  # type: ignore[attr-defined]
    if method in _IDENTITY_PATH_METHODS:
        return receiver
    texts = [_as_text(arg) for arg in args]
    if method == "joinpath" and None not in texts:
        return receiver.join(*texts)  # type: ignore[arg-type]
    return ev.unknown(node)


def _call_by_name(ev: _Evaluator, node: ast.Call, name: str, args: list[Any]) -> Any:
    short = name.rsplit(".", 1)[-1]
    if name in _IDENTITY_PATH_CALLS and len(args) == 1 and isinstance(args[0], (str, FsPath)):
        return args[0]
    if name == "os.path.dirname" and len(args) == 1 and isinstance(args[0], (FsPath, str)):
        path = ev.to_path(args[0])
        return path.up() if path else ev.unknown(node)
    if name == "os.path.join" and args:
        return _join(ev, node, args)
    if short in _PATH_CONSTRUCTORS and name in (short, f"pathlib.{short}"):
        return _join(ev, node, args) if args else FsPath(ev.root)
    if name in ("list", "tuple") and len(args) == 1 and isinstance(args[0], list):
        return list(args[0])
    if name == "dict" and not args:
        return {kw.arg: ev.eval_boxed(kw.value) for kw in node.keywords if kw.arg}
    return ev.unknown(node)


def _join(ev: _Evaluator, node: ast.Call, args: list[Any]) -> Any:
    """``os.path.join``/``Path(a, b)``: first argument anchors, later absolute parts reset."""
    texts = [_as_text(arg) for arg in args]
    if None in texts:
        return ev.unknown(node)
    first = ev.to_path(args[0])
    assert first is not None
    return first.join(*texts[1:])  # type: ignore[arg-type]


_EXPR_HANDLERS: dict[type, Callable[[_Evaluator, Any], Any]] = {
    ast.Constant: _eval_constant,
    ast.Name: _eval_name,
    ast.List: _eval_sequence,
    ast.Tuple: _eval_sequence,
    ast.Set: _eval_sequence,
    ast.Dict: _eval_dict,
    ast.Attribute: _eval_attribute,
    ast.Subscript: _eval_subscript,
    ast.BinOp: _eval_binop,
    ast.JoinedStr: _eval_joined_str,
    ast.Call: _eval_call,
}


# ---------------------------------------------------------------------------
# Statements of one module
# ---------------------------------------------------------------------------


def _root_name(node: ast.expr) -> str | None:
    """``TEMPLATES`` for ``TEMPLATES[0]["DIRS"]`` or ``TEMPLATES[0]["DIRS"].append``."""
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class _ModuleReader:
    """Executes the top-level statements of one settings module symbolically."""

    def __init__(self, merger: _Merger, rel_path: str, env: dict[str, Any]) -> None:
        self.merger = merger
        self.rel_path = rel_path
        self.aliases: dict[str, str] = {}
        self.meta: dict[str, _Meta] = {}
        self.conditional_depth = 0
        self.complete = True
        file_path = FsPath(posixpath.join(merger.root, rel_path))
        self.ev = _Evaluator(file_path, merger.root, env, self.aliases)

    @property
    def env(self) -> dict[str, Any]:
        return self.ev.env

    def run(self, body: Sequence[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.If, ast.Try, ast.With)) or _is_try_star(node):
            for block, conditional in _blocks(node):
                self.conditional_depth += conditional
                self.run(block)
                self.conditional_depth -= conditional
            return
        handler = _STATEMENT_HANDLERS.get(type(node))
        if handler is not None:
            handler(self, node)

    def assign_to(self, target: ast.expr, value: Any, value_node: ast.expr, statement: ast.stmt | None = None) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = self.ev.unknown(value_node) if isinstance(value, Unknown) else value
            if statement is not None:
                self.meta[target.id] = _Meta(self.rel_path, _span_of(statement), self.conditional_depth > 0, value_node)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value if isinstance(value, list) and len(value) == len(target.elts) else None
            for index, element in enumerate(target.elts):
                item = values[index] if values is not None else self.ev.unknown(value_node)
                self.assign_to(element, item, value_node, statement)
        elif isinstance(target, ast.Subscript):
            self._store_item(target, value)
        self.watch(target)

    def _store_item(self, target: ast.Subscript, value: Any) -> None:
        container = self.ev.eval(target.value)
        key = self.ev.eval(target.slice)
        if isinstance(container, dict) and isinstance(key, (str, int)):
            container[key] = value
        elif isinstance(container, list) and isinstance(key, int) and -len(container) <= key < len(container):
            container[key] = value
        elif _root_name(target) in _WATCHED:
            self.merger.dynamic(self.rel_path, target.lineno, "assignment", ast.unparse(target))

    def watch(self, target: ast.expr) -> None:
        """Snapshot a watched setting after every statement that may change it."""
        name = _root_name(target)
        if name in _WATCHED:
            self.merger.snapshot(self.rel_path, name, self.env.get(name))


def _is_try_star(node: ast.stmt) -> bool:
    return type(node).__name__ == "TryStar"


def _blocks(node: ast.stmt) -> Iterator[tuple[list[ast.stmt], bool]]:
    """Every branch of an if/try/with (all may run, the union is wanted), and whether it is conditional.

    ``if``/``else`` branches and ``except`` handlers are conditional; a ``try`` or
    ``with`` body and ``finally`` normally run.
    """
    is_if = isinstance(node, ast.If)
    yield getattr(node, "body", []), is_if
    yield getattr(node, "orelse", []), True
    yield getattr(node, "finalbody", []), False
    for handler in getattr(node, "handlers", []):
        yield handler.body, True


@dataclass(frozen=True, slots=True)
class _Meta:
    """Where a settings name was last assigned as a whole."""

    path: str
    span: Span
    conditional: bool
    node: ast.expr


def _span_of(node: ast.stmt) -> Span:
    """Span of a statement; columns are characters (settings files are read as text)."""
    end_line = node.end_lineno or node.lineno
    end_column = (node.end_col_offset or 0) + 1
    return Span(node.lineno, node.col_offset + 1, end_line, end_column)


def _stmt_assign(reader: _ModuleReader, node: ast.Assign) -> None:
    value = reader.ev.eval(node.value)
    for target in node.targets:
        reader.assign_to(target, value, node.value, node)


def _stmt_ann_assign(reader: _ModuleReader, node: ast.AnnAssign) -> None:
    if node.value is not None:
        reader.assign_to(node.target, reader.ev.eval(node.value), node.value, node)


def _stmt_aug_assign(reader: _ModuleReader, node: ast.AugAssign) -> None:
    combined = ast.BinOp(left=_as_load(node.target), op=node.op, right=node.value)
    ast.copy_location(combined, node)
    reader.assign_to(node.target, reader.ev.eval(combined), combined)


def _as_load(target: ast.expr) -> ast.expr:
    """A copy of an assignment target usable as an expression."""
    clone = copy.copy(target)
    clone.ctx = ast.Load()  # type: ignore[attr-defined]
    return clone


def _stmt_expr(reader: _ModuleReader, node: ast.Expr) -> None:
    """``INSTALLED_APPS.append("x")`` / ``.extend`` / ``.insert`` / ``dict.update``."""
    call = node.value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
        return
    container = reader.ev.eval(call.func.value)
    args = [reader.ev.eval_boxed(arg) for arg in call.args]
    if not _mutate(container, call.func.attr, args) and _root_name(call.func) in _WATCHED:
        reader.merger.dynamic(reader.rel_path, node.lineno, "call", ast.unparse(call))
    reader.watch(call.func)


def _mutate(container: Any, method: str, args: list[Any]) -> bool:
    """Apply a list/dict mutation method; False when it cannot be followed."""
    if isinstance(container, list):
        if method == "append" and len(args) == 1:
            container.append(args[0])
        elif method == "extend" and len(args) == 1 and isinstance(args[0], list):
            container.extend(args[0])
        elif method == "insert" and len(args) == 2 and isinstance(args[0], int):
            container.insert(args[0], args[1])
        elif method == "remove" and len(args) == 1 and args[0] in container:
            container.remove(args[0])
        else:
            return False
        return True
    if isinstance(container, dict) and method == "update" and len(args) == 1 and isinstance(args[0], dict):
        container.update(args[0])
        return True
    return False


def _stmt_import(reader: _ModuleReader, node: ast.Import) -> None:
    for alias in node.names:
        if alias.asname:
            reader.aliases[alias.asname] = alias.name


def _stmt_import_from(reader: _ModuleReader, node: ast.ImportFrom) -> None:
    module = node.module or ""
    if node.level == 0 and module in ("os", "os.path", "pathlib"):
        for alias in node.names:
            reader.aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
        return
    source_env = reader.merger.imported_env(reader.rel_path, node.level, module)
    source_meta = reader.merger.metas.get(reader.merger.last_import or "", {})
    for alias in node.names:
        if alias.name == "*":
            if source_env is None:
                reader.complete = False
                reader.merger.dynamic(reader.rel_path, node.lineno, "star import not read", ast.unparse(node))
            else:
                reader.complete = reader.complete and reader.merger.complete.get(reader.merger.last_import or "", True)
                reader.env.update({k: _clone(v) for k, v in source_env.items() if not k.startswith("_")})
                reader.meta.update({k: v for k, v in source_meta.items() if not k.startswith("_")})
        elif source_env is not None and alias.name in source_env:
            reader.env[alias.asname or alias.name] = _clone(source_env[alias.name])
            if alias.name in source_meta:
                reader.meta[alias.asname or alias.name] = source_meta[alias.name]
    for name in _WATCHED:
        if name in reader.env:
            reader.merger.snapshot(reader.rel_path, name, reader.env[name])


def _clone(value: Any) -> Any:
    """Copy the mutable containers of an imported value so the importer's edits stay local."""
    if isinstance(value, list):
        return [_clone(item) for item in value]
    if isinstance(value, dict):
        return {key: _clone(item) for key, item in value.items()}
    return value


_STATEMENT_HANDLERS: dict[type, Callable[[_ModuleReader, Any], None]] = {
    ast.Assign: _stmt_assign,
    ast.AnnAssign: _stmt_ann_assign,
    ast.AugAssign: _stmt_aug_assign,
    ast.Expr: _stmt_expr,
    ast.Import: _stmt_import,
    ast.ImportFrom: _stmt_import_from,
}


# ---------------------------------------------------------------------------
# Merging several settings files
# ---------------------------------------------------------------------------


class _Merger:
    """Reads every settings source once (star imports first) and unions the results."""

    def __init__(self, sources: list[tuple[str, str]], root: Path) -> None:
        self.root = Path(os.path.abspath(root)).as_posix()
        self.sources = dict(sources)
        self.envs: dict[str, dict[str, Any]] = {}
        self.in_progress: set[str] = set()
        self.template_dirs: dict[str, None] = {}
        self.apps: dict[str, None] = {}
        self.dynamic_parts: dict[str, None] = {}
        self.app_dirs = False
        self.useful: dict[str, None] = {}
        self.metas: dict[str, dict[str, _Meta]] = {}
        self.complete: dict[str, bool] = {}
        self.imported: set[str] = set()
        self.last_import: str | None = None

    def evaluate(self, rel_path: str) -> dict[str, Any] | None:
        """Final environment of one source (memoised); None if unparsable or cyclic."""
        if rel_path in self.envs:
            return self.envs[rel_path]
        if rel_path in self.in_progress:
            return None
        try:
            tree = ast.parse(self.sources[rel_path], filename=rel_path)
        except (SyntaxError, ValueError):
            return None  # the Python reader reports syntax errors
        self.in_progress.add(rel_path)
        reader = _ModuleReader(self, rel_path, {})
        reader.run(tree.body)
        self.in_progress.discard(rel_path)
        self.envs[rel_path] = reader.env
        self.metas[rel_path] = reader.meta
        self.complete[rel_path] = reader.complete
        return reader.env

    def imported_env(self, importer: str, level: int, module: str) -> dict[str, Any] | None:
        """Environment of another settings source named by an import, if we have it."""
        target = _resolve_import(importer, level, module, self.sources)
        if target is None:
            self.last_import = None
            return None
        self.imported.add(target)
        env = self.evaluate(target)
        self.last_import = target
        return env

    def dynamic(self, rel_path: str, line: int, what: str, source: str) -> None:
        self.dynamic_parts[f"{rel_path}:{line}: {what}: {source}"] = None

    def snapshot(self, rel_path: str, name: str, value: Any) -> None:
        self.useful.setdefault(rel_path, None)
        if name == "INSTALLED_APPS":
            self._record_apps(rel_path, value)
        else:
            self._record_templates(rel_path, value)

    def _record_apps(self, rel_path: str, value: Any) -> None:
        if not isinstance(value, list):
            self._record_unknown(rel_path, "INSTALLED_APPS", value)
            return
        for item in value:
            if isinstance(item, str):
                self.apps.setdefault(item, None)
            else:
                self._record_unknown(rel_path, "INSTALLED_APPS entry", item)

    def _record_templates(self, rel_path: str, value: Any) -> None:
        if not isinstance(value, list):
            self._record_unknown(rel_path, "TEMPLATES", value)
            return
        for backend in value:
            if isinstance(backend, dict):
                self._record_backend(rel_path, backend)
            else:
                self._record_unknown(rel_path, "TEMPLATES entry", backend)

    def _record_backend(self, rel_path: str, backend: dict[Any, Any]) -> None:
        app_dirs = backend.get("APP_DIRS", False)
        if isinstance(app_dirs, Unknown):
            self._record_unknown(rel_path, "TEMPLATES APP_DIRS", app_dirs)
        self.app_dirs = self.app_dirs or bool(app_dirs)
        dirs = backend.get("DIRS", [])
        if not isinstance(dirs, list):
            self._record_unknown(rel_path, "TEMPLATES DIRS", dirs)
            return
        for entry in dirs:
            relative = self._relative_dir(entry)
            if relative is None:
                self._record_unknown(rel_path, "TEMPLATES DIRS entry", entry)
            else:
                self.template_dirs.setdefault(relative, None)

    def _relative_dir(self, entry: Any) -> str | None:
        text = _as_text(entry)
        if text is None:
            return None
        absolute = posixpath.normpath(posixpath.join(self.root, text))
        return posixpath.relpath(absolute, self.root)

    def _record_unknown(self, rel_path: str, what: str, value: Any) -> None:
        if isinstance(value, Unknown):
            self.dynamic(rel_path, value.line, what, value.source)
        else:
            self.dynamic(rel_path, 0, what, f"unexpected {type(value).__name__} value")

    def result(self) -> SettingsInfo:
        paths = sorted(self.sources)
        main = next(iter(self.useful), None) if self.useful else (paths[0] if paths else None)
        modules = self._modules(main)
        values: dict[str, SettingValue] = {}
        for settings_module in modules:
            for name, setting in settings_module.values.items():
                values.setdefault(name, setting)
        return SettingsInfo(
            path=main,
            template_dirs=list(self.template_dirs),
            app_dirs=self.app_dirs,
            installed_apps=list(self.apps),
            dynamic_parts=list(self.dynamic_parts),
            paths=paths,
            values=values,
            modules=modules,
        )

    def _modules(self, main: str | None) -> list[SettingsModule]:
        """Leaf settings modules (not imported by another settings file), the main one's leaf first."""
        leaves = [path for path in sorted(self.envs) if path not in self.imported]
        leaves.sort(key=lambda path: path != main)
        return [self._module(path) for path in leaves]

    def _module(self, rel_path: str) -> SettingsModule:
        env, meta = self.envs[rel_path], self.metas.get(rel_path, {})
        values = {
            name: SettingValue(
                name=name,
                value=_plain(env[name]),
                path=info.path,
                span=info.span,
                conditional=info.conditional,
                source=ast.unparse(info.node),
            )
            for name, info in meta.items()
            if name in env and name.isupper()
        }
        return SettingsModule(rel_path, values, self.complete.get(rel_path, True))


def _plain(value: Any) -> Any:
    """Evaluator values as plain data: paths become strings, unknown parts :class:`Dynamic`."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, FsPath):
        return value.value
    if isinstance(value, Unknown):
        return Dynamic(value.source)
    if isinstance(value, _Parents) or callable(value):
        return Dynamic(repr(value))
    return value


def _resolve_import(importer: str, level: int, module: str, sources: dict[str, str]) -> str | None:
    """Root-relative path of the settings source an import refers to, if it is one."""
    tail = module.replace(".", "/") if module else ""
    if level:
        package = posixpath.dirname(importer)
        for _ in range(level - 1):
            package = posixpath.dirname(package)
        base = posixpath.join(package, tail) if tail else package
        candidates = [f"{base}.py", f"{base}/__init__.py"] if tail else [f"{base}/__init__.py"]
        return next((c.lstrip("/") for c in candidates if c.lstrip("/") in sources), None)
    if not tail:
        return None
    for suffix in (f"{tail}.py", f"{tail}/__init__.py"):
        for path in sorted(sources):
            if path == suffix or path.endswith("/" + suffix):
                return path
    return None


def read_settings(sources: list[tuple[str, str]], root: Path) -> SettingsInfo:
    """Merge what every ``(root-relative path, source)`` settings file says; never raises."""
    merger = _Merger(sources, root)
    for rel_path, _text in sorted(sources):
        merger.evaluate(rel_path)
    return merger.result()


# ---------------------------------------------------------------------------
# The ASGI application (djust.C005 / djust.A001)
# ---------------------------------------------------------------------------

_ORIGIN_VALIDATING_STACKS = frozenset({"DjustMiddlewareStack"})
"""Stacks that add ``AllowedHostsOriginValidator`` themselves unless ``validate_origin=False``."""


@dataclass(frozen=True, slots=True)
class AsgiInfo:
    """What wraps the ``"websocket"`` entry of a ``ProtocolTypeRouter``, read without importing."""

    span: Span
    """Span of the ``"websocket"`` value expression."""
    wrappers: tuple[str, ...]
    """Callee names from the outside in, imports expanded (``channels.auth.AuthMiddlewareStack``)."""
    has_session: bool
    has_origin_validator: bool


def read_asgi(source: str, attribute: str) -> AsgiInfo | None:
    """The websocket wrapper chain of ``attribute`` in an ASGI module, or None when not statically clear."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    aliases, assignments = _module_names(tree)
    router = _follow_name(assignments.get(attribute), assignments)
    mapping = _router_mapping(router, aliases)
    websocket = _follow_name(mapping.get("websocket"), assignments) if mapping else None
    if websocket is None:
        return None
    return _wrapper_chain(websocket, aliases, assignments)


def _module_names(tree: ast.Module) -> tuple[dict[str, str], dict[str, ast.expr]]:
    """Import aliases (local -> dotted) and last top-level assignment of each name."""
    aliases: dict[str, str] = {}
    assignments: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            aliases.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
        elif isinstance(node, ast.Import):
            aliases.update({a.asname or a.name: a.name for a in node.names})
        elif isinstance(node, ast.Assign):
            assignments.update({t.id: node.value for t in node.targets if isinstance(t, ast.Name)})
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            assignments[node.target.id] = node.value
    return aliases, assignments


def _follow_name(node: ast.expr | None, assignments: dict[str, ast.expr]) -> ast.expr | None:
    """Replace a bare module-level name by its assigned expression (bounded, cycles stop)."""
    for _ in range(5):
        if not (isinstance(node, ast.Name) and node.id in assignments):
            return node
        node = assignments[node.id]
    return node


def _callee(node: ast.expr, aliases: dict[str, str]) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    dotted = _dotted(node.func)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    head = aliases.get(head, head)
    return f"{head}.{rest}" if rest else head


def _router_mapping(node: ast.expr | None, aliases: dict[str, str]) -> dict[str, ast.expr] | None:
    """``ProtocolTypeRouter({...})``'s literal dict, keyed by protocol."""
    name = _callee(node, aliases) if node is not None else None
    if name is None or not name.endswith("ProtocolTypeRouter"):
        return None
    call = node
    assert isinstance(call, ast.Call)
    if not call.args or not isinstance(call.args[0], ast.Dict):
        return None
    mapping = call.args[0]
    return {
        key.value: value
        for key, value in zip(mapping.keys, mapping.values, strict=False)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def _wrapper_chain(node: ast.expr, aliases: dict[str, str], assignments: dict[str, ast.expr]) -> AsgiInfo:
    """Walk ``A(B(C(...)))`` through first positional arguments, as djust walks ``.inner`` at run time."""
    start = node
    wrappers: list[str] = []
    session = origin = False
    current: ast.expr | None = node
    for _ in range(10):
        name = _callee(current, aliases) if current is not None else None
        if name is None:
            break
        assert isinstance(current, ast.Call)
        wrappers.append(name)
        lower = name.lower()
        short = name.rsplit(".", 1)[-1]
        origin = origin or "originvalidator" in lower or (
            short in _ORIGIN_VALIDATING_STACKS and not _opted_out(current)
        )
        session = session or "auth" in lower or "session" in lower or short in _ORIGIN_VALIDATING_STACKS
        current = _follow_name(current.args[0], assignments) if current.args else None
    return AsgiInfo(_expr_span(start), tuple(wrappers), session, origin)


def _opted_out(call: ast.Call) -> bool:
    """``DjustMiddlewareStack(inner, validate_origin=False)``."""
    return any(
        kw.arg == "validate_origin" and not (isinstance(kw.value, ast.Constant) and kw.value.value)
        for kw in call.keywords
    )


def _expr_span(node: ast.expr) -> Span:
    return Span(node.lineno, node.col_offset + 1, node.end_lineno or node.lineno, (node.end_col_offset or 0) + 1)
