"""Small helpers over ``ast`` nodes shared by the module reader and the facts."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from ..astutil import dotted_name

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


# ---------------------------------------------------------------------------
# Small syntax helpers
# ---------------------------------------------------------------------------


def _flatten(statements: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements of a block, descending into if/try/with/for/while/match but not into scopes.

    Class bodies and modules often guard definitions (``if TYPE_CHECKING:``,
    ``try: ... except ImportError:``); those still belong to the same scope.
    """
    for statement in statements:
        yield statement
        if isinstance(statement, _SCOPES):
            continue
        for block in _child_blocks(statement):
            yield from _flatten(block)


def _child_blocks(statement: ast.stmt) -> Iterator[Sequence[ast.stmt]]:
    """Statement lists nested in a compound statement (bodies, else, handlers, match cases)."""
    for field_name in ("body", "orelse", "finalbody"):
        block = getattr(statement, field_name, None)
        if isinstance(block, list):
            yield block
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    for case in getattr(statement, "cases", ()):
        yield case.body


_dotted = dotted_name


def _str_constant(node: ast.AST | None) -> str | None:
    """The value of a plain string literal, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _literal_text(node: ast.AST) -> str | None:
    """The value of a string built only from literals, else None (dynamic).

    Folds implicit concatenation (already folded by ``ast``), ``"a" + "b"`` and
    f-strings without placeholders; bytes are decoded for display.
    """
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("utf-8", errors="replace")
        return None
    if isinstance(node, ast.JoinedStr):
        parts = [_str_constant(value) for value in node.values]
        return None if any(part is None for part in parts) else "".join(parts)  # type: ignore[arg-type]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [_literal_text(operand) for operand in _added_operands(node)]
        return None if any(part is None for part in parts) else "".join(parts)  # type: ignore[arg-type]
    return None


def _added_operands(node: ast.expr) -> list[ast.expr]:
    """Operands of ``a + b + c`` left to right, without recursing down the left spine.

    Long concatenations nest to the left; iterating keeps deep chains from
    hitting the recursion limit.
    """
    rights: list[ast.expr] = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        rights.append(node.right)
        node = node.left
    rights.append(node)
    rights.reverse()
    return rights


def _leftmost_operand(node: ast.expr) -> ast.expr:
    """First operand of ``a + b + c``: where a folded literal's content starts."""
    while isinstance(node, ast.BinOp):
        node = node.left
    return node


def _assignment_pairs(target: ast.expr, value: ast.expr) -> Iterator[tuple[ast.expr, ast.expr]]:
    """(single target, value assigned to it), pairing ``a, b = x, y`` element-wise."""
    if isinstance(target, (ast.Tuple, ast.List)):
        elements = target.elts
        if (
            isinstance(value, (ast.Tuple, ast.List))
            and len(value.elts) == len(elements)
            and not any(isinstance(e, ast.Starred) for e in (*elements, *value.elts))
        ):
            for element, element_value in zip(elements, value.elts, strict=False):
                yield from _assignment_pairs(element, element_value)
        else:
            for element in elements:
                yield from _assignment_pairs(element, value)
    elif isinstance(target, ast.Starred):
        yield from _assignment_pairs(target.value, value)
    else:
        yield target, value


def _call_argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    """Argument ``index`` of a call, or the keyword argument of that name."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    positional = [arg for arg in call.args if not isinstance(arg, ast.Starred)]
    if len(positional) == len(call.args) and index < len(positional):
        return positional[index]
    return None


def _relative_base(module: str, is_package: bool, level: int) -> str:
    """The package a ``from <level dots>`` import is relative to."""
    parts = module.split(".") if module else []
    if not is_package:
        parts = parts[:-1]
    keep = len(parts) - (level - 1)
    return ".".join(parts[: max(keep, 0)])


def _join(*parts: str | None) -> str:
    """Dotted join that drops empty parts (``from . import x`` has no module)."""
    return ".".join(part for part in parts if part)


def _tail(node: ast.AST) -> str | None:
    """Last name of a Name/Attribute (``join`` for ``os.path.join``)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
