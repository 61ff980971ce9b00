"""What ``add-handler`` / ``add_event_handler`` may write from a caller's text.

Parameters and decorators arrive as text (from the command line, or from an
AI client over MCP) and are written into the user's view file, where Python
evaluates annotations, defaults and decorators when the module is imported.
So only inert shapes are accepted:

* an annotation is a name or a dotted name, optionally subscripted with more
  of the same or joined with ``|`` (``int``, ``datetime.date``,
  ``list[str]``, ``int | None``);
* a default is a literal (``0``, ``''``, ``None``, ``(1, 2)``);
* a decorator is one of djust's decorators (its vocabulary), by name or
  dotted name, called or not, with literal arguments only.

Anything else (a call, a lambda, ``__import__('os').system(...)``) is refused
with a message that says what is accepted.
"""

from __future__ import annotations

import ast

from .plan import PlanError


def _parse(text: str, what: str) -> ast.expr:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise PlanError(f"{what} {text!r} is not a Python expression") from None


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a name or attribute chain of names, else ``None``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _type_expression(node: ast.expr) -> bool:
    if _dotted(node) is not None or (isinstance(node, ast.Constant) and node.value is None):
        return True
    if isinstance(node, ast.Subscript):
        inner = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return _dotted(node.value) is not None and all(_type_expression(e) for e in inner)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _type_expression(node.left) and _type_expression(node.right)
    return False


def _literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def check_annotation(text: str, item: str) -> None:
    if not _type_expression(_parse(text, "annotation")):
        raise PlanError(
            f"bad parameter {item!r}: the annotation {text!r} must be a name or dotted name "
            "(optionally subscripted, or joined with |), e.g. int, datetime.date, list[str]"
        )


def check_default(text: str, item: str) -> None:
    if not _literal(_parse(text, "default")):
        raise PlanError(
            f"bad parameter {item!r}: the default {text!r} must be a literal (number, string, None, True, ...)"
        )


def check_decorator(text: str, known: frozenset[str]) -> None:
    """``text`` is one of djust's decorators (short names in ``known``) with literal arguments."""
    node = _parse(text, "decorator")
    call = node if isinstance(node, ast.Call) else None
    name = _dotted(call.func if call is not None else node)
    if name is None or name.rsplit(".", 1)[-1] not in known:
        listed = ", ".join(sorted(known))
        raise PlanError(f"bad decorator {text!r}: only djust's decorators are accepted ({listed})")
    if call is None:
        return
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        raise PlanError(f"bad decorator {text!r}: no *args or **kwargs unpacking")
    if not all(_literal(a) for a in [*call.args, *(k.value for k in call.keywords)]):
        raise PlanError(f"bad decorator {text!r}: arguments must be literals (numbers, strings, None, True, ...)")


def djust_decorator_names() -> frozenset[str]:
    """Short names of djust's decorators, from the shipped vocabulary."""
    from ..core.vocabulary import load_vocabulary

    return frozenset(q.rsplit(".", 1)[-1] for q in load_vocabulary().known_decorators if q.startswith("djust."))
