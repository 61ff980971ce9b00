"""Tools listing the project's views, components, routes and a view's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import models as m
from ..paging import Filter, Limit, Offset, page
from .common import (
    _FRAMEWORK_WORD,
    DottedName,
    ToolsBase,
    _binding_brief,
    _in_app,
    _pos,
)

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph


class IntrospectionTools(ToolsBase):
    """Tools listing the project's views, components, routes and a view's schema."""

    # -- project introspection ----------------------------------------------

    def list_views(self, app: Filter = "", name: Filter = "", limit: Limit = 15, offset: Offset = 0) -> m.ViewList:
        """LiveView classes read from source: template, handlers and state the project defines, project
        bases, auth. Filters: app (module prefix), name (substring of module.Class). Paged."""
        return self._list(("live_view",), app, name, limit, offset)

    def list_components(self, app: Filter = "", name: Filter = "", limit: Limit = 15, offset: Offset = 0) -> m.ViewList:
        """LiveComponent and Component classes of the project, same shape and filters as list_views. Paged."""
        return self._list(("live_component", "component"), app, name, limit, offset)

    def _routes(self, graph: ProjectGraph) -> list[m.RouteInfo]:
        routes = []
        for path, route in sorted(graph.routes, key=lambda pr: (pr[0], pr[1].span.line, pr[1].span.column)):
            qualname = graph.index.resolve(route.target) if route.target else None
            routes.append(
                m.RouteInfo(
                    pattern=route.pattern,
                    kind=route.kind,
                    target=qualname or route.target,
                    name=route.name,
                    prefix=route.prefix,
                    is_live_view=bool(qualname and qualname in graph.views),
                    position=_pos(path, route.span),
                )
            )
        return routes

    def list_routes(self, app: Filter = "", name: Filter = "", limit: Limit = 50, offset: Offset = 0) -> m.RouteList:
        """URL routes (path, re_path, include, live_session) from the URL modules. Filters: app (URL module
        path prefix), name (substring of pattern, route name or target). Paged."""
        routes = [
            r for r in self._routes(self._graph())
            if _in_app((r.position.path or "").replace("/", "."), app)
            and (not name or any(name.lower() in (v or "").lower() for v in (r.pattern, r.name, r.target)))
        ]  # fmt: skip
        chunk, fields = page(routes, limit, offset, "routes")
        return m.RouteList(routes=chunk, **fields)

    def get_view_schema(self, view_name: DottedName) -> m.ViewSchema:
        """One view or component in full: handlers (typed params, decorators, owning class), state, templates
        rendered, dj-* bindings received, auth, routes. view_name: 'CounterView' or 'app.views.CounterView'."""
        from ...graph.model import binding_json

        graph = self._graph()
        view = self._view(graph, view_name)
        handlers = [
            m.HandlerInfo(
                name=h.name, owner=h.owner.removeprefix("ext:"), params=h.to_json()["params"], decorators=h.decorators,
                accepts_kwargs=h.accepts_var_keyword, position=_pos(h.path, h.span), source=h.source,
            )
            for _, h in sorted(view.handlers.items())
            if h.source == "project"
        ]  # fmt: skip
        framework_handlers = sorted(n for n, h in view.handlers.items() if h.source != "project")
        external = [k for k in view.mro_chain if k.startswith("ext:")]
        state = [
            m.StateInfo(name=s.name, owner=s.owner.removeprefix("ext:"), origin=s.origin, public=not s.name.startswith("_"), position=_pos(s.path, s.span))
            for _, s in sorted(view.state.items())
            if s.path is not None
        ]  # fmt: skip
        routes = [r for r in self._routes(graph) if r.target == view.qualname]
        return m.ViewSchema(
            name=view.name, qualname=view.qualname, kind=view.kind, position=_pos(view.path, view.span),
            abstract=view.abstract, complete=view.complete, unresolved_bases=view.unresolved_bases,
            mro_chain=[k.removeprefix("ext:") for k in view.mro_chain if not k.startswith("ext:") or k == external[0]],
            framework=_FRAMEWORK_WORD.get(view.kind, view.kind), template=view.template, template_kind=view.template_kind,
            renders=view.renders, handlers=handlers, framework_handlers=framework_handlers, state=state, auth=self._auth(graph, view),
            bindings=[_binding_brief(binding_json(b)) for b in graph.bindings_for(view.qualname)],
            routes=[r.model_dump() for r in routes],
        )  # fmt: skip
