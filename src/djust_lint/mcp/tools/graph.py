"""Tools answering graph questions: handlers of a template, references, template context."""

from __future__ import annotations

from .. import models as m
from ..paging import Limit, Offset, page
from ..sdk import ToolError
from ..suggest import close, did_you_mean
from .common import (
    ClientPath,
    DottedName,
    ToolsBase,
    _binding_statuses,
    _handler_refs,
    _origin,
    _template_refs,
    _view_refs,
)


class GraphTools(ToolsBase):
    """Tools answering graph questions: handlers of a template, references, template context."""

    # -- graph questions -----------------------------------------------------

    def find_handlers_for_template(self, template_path: ClientPath) -> m.TemplateHandlers:
        """Views receiving a template's events and its dj-* bindings, live or dead (a receiver lacks the handler).
        template_path: lookup name ('shop/list.html'), file path in the project, or 'inline:app.views.View'."""
        graph = self._graph()
        node = self._template(graph, template_path)
        statuses = [s for b in graph.bindings if b.template == node.key for s in _binding_statuses(graph, b)]
        names = sorted({s.handler for s in statuses if s.handler and s.status != "dynamic"})
        receivers = sorted({r for s in statuses for r in s.receivers} | set(node.rendered_by))
        views = []
        for qualname in receivers:
            view = graph.views.get(qualname)
            if view is None:
                continue
            defined = set(view.handlers)
            own = {n for n, h in view.handlers.items() if h.source == "project"}  # not djust's update_model & co
            views.append(
                m.TemplateViewMatch(
                    qualname=qualname, template_name=view.template, matched_handlers=sorted(defined & set(names)),
                    handlers_in_view_not_in_template=sorted(own - set(names)),
                    handlers_in_template_not_in_view=sorted(set(names) - defined),
                )
            )  # fmt: skip
        return m.TemplateHandlers(
            template_path=template_path, resolved_path=node.path, template_key=node.key, dj_handlers_in_template=names,
            view_count=len(views), views=views, bindings=statuses, dead=[s for s in statuses if s.status == "dead"],
        )  # fmt: skip

    def find_references(self, name: DottedName, limit: Limit = 50, offset: Offset = 0) -> m.ReferencesResult:
        """Where a name is used. Handler: definitions, dj-* bindings, self.<name> calls, JS pushEvent/JS.push;
        view: routes, live_render/dj-view, subclasses; template: views rendering it, extends/include. Paged."""
        graph = self._graph()
        matched: list[str] = []
        refs: list[m.ReferenceInfo] = []
        for kind, finder in (("handler", _handler_refs), ("view", _view_refs), ("template", _template_refs)):
            found = finder(graph, name)
            if found is not None:
                matched.append(kind)
                refs.extend(found)
        if not matched:
            pool = {*graph.views, *(v.name for v in graph.views.values()), *graph.template_names}
            pool.update(h for v in graph.views.values() for h in v.handlers)
            raise ToolError(
                f"{name!r} is no handler, view or template of this project; " + did_you_mean(close(name, pool), [])
            )
        chunk, fields = page(refs, limit, offset, "references")
        return m.ReferencesResult(name=name, matched_as=matched, references=chunk, **fields)

    def get_template_context(self, template: ClientPath) -> m.TemplateContext:
        """Names a template can use (per view rendering it: state, get_context_data keys, @action, <list>_count,
        builtins) and the names it reads that a view does not provide (they render empty)."""
        from ...graph.context import (
            BUILTINS,
            ContextIndex,
            analysable,
            context_open,
            provided_names,
            template_globals,
        )  # fmt: skip

        graph = self._graph()
        node = self._template(graph, template)
        views = sorted(q for q in node.rendered_by if q in graph.views)
        reads = sorted({use.name for use in ContextIndex(graph).uses(node.key)})
        available: dict[str, m.ContextName] = {}
        missing: dict[str, list[str]] = {}
        known: dict[str, bool] = {}
        extra = BUILTINS | template_globals(graph)
        for qualname in views:
            view = graph.views[qualname]
            provided = provided_names(graph, view)
            for name in sorted(provided):
                entry = available.setdefault(
                    name, m.ContextName(name=name, origin=_origin(view, name, provided), provided_by=[])
                )
                entry.provided_by.append(qualname)
            known[qualname] = analysable(graph, view)
            missing[qualname] = [n for n in reads if n not in provided and n not in extra]
        for name in sorted(extra):
            available.setdefault(
                name,
                m.ContextName(name=name, origin="builtin" if name in BUILTINS else "template-global", provided_by=[]),
            )
        return m.TemplateContext(
            template=template, template_key=node.key, views=views, available=sorted(available.values(), key=lambda c: c.name),
            reads=reads, missing=missing, open_context=context_open(graph), analysable=known,
        )  # fmt: skip
