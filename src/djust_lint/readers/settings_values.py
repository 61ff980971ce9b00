"""Symbolic evaluation of the expressions settings files really use.

``Path(__file__).resolve().parent.parent``, ``os.path.join(BASE_DIR, "templates")``,
f-strings, list concatenation: computed without running anything; what cannot be
computed becomes :class:`~djust_lint.readers.settings_model.Dynamic` or ``Unknown``.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .astutil import dotted_name

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


