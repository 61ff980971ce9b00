"""Completion in templates: handler names, ``dj-`` directives, ``dj-value-*`` params, context variables.

Completion runs on every keystroke, before the debounced lint has caught up,
so *where* the cursor is (inside a binding value, an attribute name, a ``{{ }}``)
is read from the text as typed, and *what* to offer comes from the last graph:
which views render this template, their handlers, signatures and state. Both
are cheap — no file is read and no graph is built here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..graph import references as refs
from ..graph.bindings import parse_handler_value, parse_shortcut_value
from ..graph.model import HandlerNode, ProjectGraph, ViewNode

_VALUE_AT_END = re.compile(r"""([^\s=<>"'/]+)\s*=\s*(["'])([^"']*)\Z""")
_NAME_AT_END = re.compile(r"(?:^|[\s\"'])([A-Za-z_][\w:.-]*|)\Z")
_WORD_AT_END = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_VARIABLE_AT_END = re.compile(r"\{\{\s*([A-Za-z_][\w.]*|)\Z")
_ATTRIBUTE = re.compile(r"""([^\s=<>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


@dataclass(frozen=True)
class Item:
    """One completion: the text inserted in place of the ``replace`` characters before the cursor."""

    label: str
    kind: str
    """``handler``, ``directive``, ``param``, ``variable`` or ``field``."""
    detail: str
    replace: int
    documentation: str | None = None


def complete(graph: ProjectGraph | None, path: str, text: str, offset: int) -> list[Item]:
    """What may be typed at ``offset`` of ``text`` (the document ``path`` as the editor has it)."""
    if graph is None:
        return []
    before = text[max(0, offset - 4000) : offset]
    variable = _VARIABLE_AT_END.search(before)
    if variable is not None and "}}" not in variable.group(0):
        return _variables(graph, path, offset, text, variable.group(1))
    tag_start = before.rfind("<")
    if tag_start == -1 or before.rfind(">") > tag_start:
        return []
    tag = before[tag_start:]
    value = _VALUE_AT_END.search(tag)
    if value is not None:
        return _in_value(graph, path, text, offset, value.group(1), value.group(3))
    name = _NAME_AT_END.search(tag)
    if name is None:
        return []
    typed = name.group(1)
    if typed.lower().startswith("dj-value-"):
        return _value_params(graph, path, text, offset, typed)
    if typed == "" or typed.lower().startswith(("d", "dj")):
        return _directives(graph, typed)
    return []


# ---------------------------------------------------------------------------
# Receivers of the template being edited
# ---------------------------------------------------------------------------


def receiving_views(graph: ProjectGraph, path: str, text: str, offset: int) -> list[ViewNode]:
    """Views whose events a binding at ``offset`` goes to: those rendering this template.

    In a Python file the inline template around the cursor decides (its owner).
    """
    nodes = refs.templates_at(graph, path)
    if path.endswith(".py") and len(nodes) > 1:
        line = text.count("\n", 0, offset) + 1
        inside = [n for n in nodes if n.owner and _inline_covers(graph, n.owner, line)]
        nodes = inside or nodes
    views: dict[str, ViewNode] = {}
    for node in nodes:
        for view in refs.views_rendering(graph, node):
            views.setdefault(view.qualname, view)
    return list(views.values())


def _inline_covers(graph: ProjectGraph, owner: str, line: int) -> bool:
    cls = graph.index.classes.get(owner)
    return cls is not None and cls.span.line <= line <= max(cls.end_line, cls.span.line)


def _owners(views: list[ViewNode], name: str) -> str:
    return ", ".join(sorted(v.name for v in views if name in v.methods or name in v.state))


# ---------------------------------------------------------------------------
# The kinds of completion
# ---------------------------------------------------------------------------


def _in_value(graph: ProjectGraph, path: str, text: str, offset: int, attribute: str, typed: str) -> list[Item]:
    vocabulary = graph.vocabulary
    lowered = attribute.lower()
    word = _WORD_AT_END.search(typed)
    replace = len(word.group(0)) if word else 0
    if "(" in typed and lowered.split(".", 1)[0] != "dj-shortcut":
        return []  # inside the arguments, not the name
    views = receiving_views(graph, path, text, offset)
    if lowered.split(".", 1)[0] == "dj-model":
        names = sorted({n for v in views for n, s in v.state.items() if not n.startswith("_") and s.origin != "external"})
        return [Item(n, "field", f"state of {_owners(views, n)}", replace) for n in names]
    if vocabulary.handler_base(lowered) is None and lowered not in vocabulary.event_reference_directives:
        return []
    handlers: dict[str, HandlerNode] = {}
    for view in views:
        for name, node in view.handlers.items():
            handlers.setdefault(name, node)
    return [
        Item(name, "handler", f"{_signature(node)} — {_owners(views, name)}", replace)
        for name, node in sorted(handlers.items())
    ]


def _signature(node: HandlerNode) -> str:
    params = [p.name for p in node.params if p.kind not in ("var_positional", "var_keyword")]
    return f"{node.name}({', '.join(params)})"


def _directives(graph: ProjectGraph, typed: str) -> list[Item]:
    vocabulary = graph.vocabulary
    names = sorted(vocabulary.directives | {a for a in vocabulary.client_attributes if a.startswith("dj-")})
    lowered = typed.lower()
    return [
        Item(name, "directive", vocabulary.directive_categories.get(name, "djust directive"), len(typed))
        for name in names
        if name.startswith(lowered)
    ]


def _value_params(graph: ProjectGraph, path: str, text: str, offset: int, typed: str) -> list[Item]:
    """``dj-value-<param>`` for the params the element's handlers take and do not get yet."""
    end = text.find(">", offset)
    start = text.rfind("<", 0, offset)
    tag = text[start : end if end != -1 else len(text)]
    attributes = {m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "") for m in _ATTRIBUTE.finditer(tag[1:])}
    supplied = {name[len("dj-value-"):].split(":", 1)[0].replace("-", "_") for name in attributes if name.startswith("dj-value-")}
    views = receiving_views(graph, path, text, offset)
    wanted: dict[str, str] = {}
    for name, value in attributes.items():
        if graph.vocabulary.handler_base(name) is None or not value:
            continue
        for handler in _handler_names(name, value):
            for view in views:
                node = view.methods.get(handler)
                for param in node.params if node is not None else []:
                    if param.kind in ("positional_or_keyword", "keyword_only") and param.name not in supplied:
                        wanted.setdefault(param.name, f"{handler}({param.name}{': ' + param.annotation if param.annotation else ''})")
    return [Item(f"dj-value-{name.replace('_', '-')}", "param", detail, len(typed)) for name, detail in sorted(wanted.items())]


def _handler_names(attribute: str, value: str) -> list[str]:
    from ..core.model import Span

    span = Span(1, 1, 1, 1 + len(value))
    calls = parse_shortcut_value(value, span) if attribute.startswith("dj-shortcut") else [parse_handler_value(value, span)]
    return [c.name for c in calls]


def _variables(graph: ProjectGraph, path: str, offset: int, text: str, typed: str) -> list[Item]:
    """Context variables: public state and ``get_context_data`` keys of the receiving views."""
    if "." in typed:
        return []
    names: dict[str, str] = {}
    for view in receiving_views(graph, path, text, offset):
        for name, node in view.state.items():
            if not name.startswith("_") and node.origin != "external":
                names.setdefault(name, f"{node.origin} of {view.name}")
        for qualname in view.mro_chain:
            cls = graph.index.classes.get(qualname)
            for key in cls.context_keys if cls is not None else {}:
                names.setdefault(key, f"context of {view.name}")
    return [Item(n, "variable", d, len(typed)) for n, d in sorted(names.items()) if n.startswith(typed)]
