"""Run the top-level statements of settings modules symbolically and merge several of them.

Several settings files (``settings/base.py`` + ``settings/dev.py``) are merged
as a union: a linter that misses one configured template directory reports
false "template not found" errors, which is worse than being generous.
"""

from __future__ import annotations

import ast
import copy
import os
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.model import Span
from .settings_model import Dynamic, SettingsInfo, SettingsModule, SettingValue
from .settings_values import FsPath, Unknown, _as_text, _Evaluator, _Parents

_WATCHED = ("TEMPLATES", "INSTALLED_APPS")

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


