"""DJ711 admin-widget-not-liveview."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext

_SLOTS = ("change_form_widgets", "change_list_widgets")

_WIDGETS = '''from djust import LiveView


class Progress(LiveView):
    template = "<div dj-root>{{ done }}</div>"


class Plain:
    pass
'''


def _admin(widgets: str) -> str:
    return f'''from djust.admin_ext import DjustModelAdmin

from .widgets import Plain, Progress


class OrderAdmin(DjustModelAdmin):
    change_form_widgets = [{widgets}]
'''


class AdminWidgetNotLiveView(Rule):
    """## What it does
    Reports a class listed in a ModelAdmin's `change_form_widgets` or
    `change_list_widgets` that is not a djust LiveView.

    ## Why is this bad?
    djust's admin mounts each widget as a LiveView; anything else fails when
    the admin page renders.

    Names that cannot be resolved (defined outside the project and not
    installed) are not reported.

    djust reports this as `djust.A072`, from the live admin registry.
    """

    code = "DJ711"
    name = "admin-widget-not-liveview"
    severity = Severity.ERROR
    summary = "Admin widget is not a LiveView"
    djust_equivalent = "djust.A072 (widget is not a djust.LiveView subclass)"
    djust_ids = ("djust.A072",)
    VALID = [Example({"shop/widgets.py": _WIDGETS, "shop/admin.py": _admin("Progress")})]
    INVALID = [
        Example(
            {"shop/widgets.py": _WIDGETS, "shop/admin.py": _admin("Progress, Plain")},
            expect=(("shop/admin.py", 7, 38),),
            messages=("Plain in OrderAdmin.change_form_widgets is not a djust LiveView; the admin cannot mount it",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for cls in graph.index.classes.values():
            for slot in _SLOTS:
                source = cls.class_attrs.get(slot)
                if not source:
                    continue
                module = graph.index.modules.get(cls.module)
                for name, offset in _listed_names(source):
                    target = _resolve(name, module, cls.module)
                    entry = graph.index.lookup(target)
                    if not entry.resolved:
                        continue
                    view = graph.views.get(entry.key)
                    ext_kind = entry.external.kind if entry.external else None
                    if (view is not None and view.kind == "live_view") or ext_kind == "live_view":
                        continue
                    yield self.finding(
                        cls.path,
                        _name_span(cls, slot, offset, name),
                        f"{name} in {cls.name}.{slot} is not a djust LiveView; the admin cannot mount it",
                        view=cls.qualname,
                    )


def _listed_names(source: str) -> Iterator[tuple[str, int]]:
    """Dotted names in a list/tuple literal, with their offset in the source text."""
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        return
    if not isinstance(tree, (ast.List, ast.Tuple)):
        return
    for element in tree.elts:
        parts = []
        node = element
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            parts.append(node.id)
            yield ".".join(reversed(parts)), element.col_offset


def _resolve(name: str, module, module_name: str) -> str:
    head, _, rest = name.partition(".")
    imported = module.imports.get(head) if module is not None else None
    base = imported or f"{module_name}.{head}"
    return f"{base}.{rest}" if rest else base


def _name_span(cls, slot: str, offset: int, name: str):
    """Position of the widget name: the class attribute's line, located by text."""
    from ...core.model import Span

    for method_free_line in _attribute_lines(cls, slot):
        line_no, column = method_free_line
        return Span(line_no, column + offset, line_no, column + offset + len(name))
    return cls.span


def _attribute_lines(cls, slot: str):
    state = cls.state.get(slot)
    if state is not None:
        # The state span points at the attribute name; the value starts after ``name = ``.
        yield state.span.line, state.span.column + len(slot) + len(" = ")
