"""Read the ASGI application (``asgi.py``) statically: what wraps the websocket route (djust.C005 / A001)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..core.model import Span
from .astutil import dotted_name

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
    dotted = dotted_name(node.func)
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
