"""Tools that generate code or plan edits (scaffolds, add-handler, rename, fixes)."""

from __future__ import annotations

from typing import Any

from .. import models as m
from ..paging import Limit, Offset
from ..sdk import ToolError
from .common import (
    DottedName,
    Name,
    PathList,
    ShortText,
    ToolsBase,
    _codemod,
    _features,
    _handler_snippet,
    _identifier,
    _plan_fields,
    _run_plan,
    _split,
)


class EditTools(ToolsBase):
    """Tools that generate code or plan edits (scaffolds, add-handler, rename, fixes)."""

    # -- code generation and edits ------------------------------------------

    def scaffold_view(
        self, name: Name, features: ShortText = "", app: Name | None = None, apply: bool = False
    ) -> m.CodeResult:
        """Generate a LiveView with features (search, crud, pagination, form, presence, streaming, auth). In a
        project: a diff adding it, its template and URL entry (in `app`); written only with apply=true."""
        _identifier(name, "name")
        wanted = _features(features)
        code = _run_plan(lambda: _codemod("scaffold", "render_view_source")(name, wanted))
        return self._generated(
            code, apply, lambda root: _codemod("scaffold", "plan_scaffold_view")(root, name, app=app, features=wanted)
        )

    def scaffold_component(
        self, name: Name, props: ShortText = "", live: bool = False, app: Name | None = None, apply: bool = False
    ) -> m.CodeResult:
        """Generate a component (props: 'user,show_avatar' or 'title:str,count:int=0'; live=true for a
        LiveComponent). In a project: a diff adding it and its template; written only with apply=true."""
        _identifier(name, "name")
        prop_list = tuple(_split(props))
        code = _run_plan(lambda: _codemod("scaffold", "render_component_source")(name, prop_list, live=live))
        return self._generated(
            code,
            apply,
            lambda root: _codemod("scaffold", "plan_scaffold_component")(
                root, name, props=prop_list, live=live, app=app
            ),
        )

    def _generated(self, code: str, apply: bool, plan_for: Any) -> m.CodeResult:
        """Code alone in framework-only mode; code plus the project plan (applied on request) otherwise."""
        if self.state is None:
            if apply:
                self._project()  # raises: nothing to write into
            return m.CodeResult(
                code=code, diff="", edits=[], applied=False, written=[], messages=["framework-only mode: code only"]
            )
        plan = _run_plan(lambda: plan_for(self.state.root))  # type: ignore[union-attr]
        return m.CodeResult(code=code, **_plan_fields(plan, apply))

    def add_event_handler(
        self,
        handler_name: Name,
        params: ShortText = "",
        decorators: ShortText = "",
        view_name: DottedName | None = None,
        apply: bool = False,
    ) -> m.CodeResult:
        """Generate an event handler (params: 'item_id: int = 0'; decorators: 'debounce(wait=0.3)'). With
        view_name, a diff adding it to that class (and its imports); written only with apply=true."""
        _identifier(handler_name, "handler_name")
        _run_plan(
            lambda: (
                _codemod("add_handler", "parse_params")(params),
                _codemod("add_handler", "parse_decorators")(decorators),
            )
        )
        code = _handler_snippet(handler_name, params, decorators)
        if view_name is None:
            if apply:
                raise ToolError("apply=true needs view_name: the class to add the handler to")
            return m.CodeResult(code=code, diff="", edits=[], applied=False, written=[])
        state = self._project()
        graph = self._graph()
        view = self._view(graph, view_name)
        plan = _run_plan(
            lambda: _codemod("add_handler", "plan_add_handler")(
                state.root, view.qualname, handler_name, params=params, decorators=decorators, graph=graph
            )
        )
        return m.CodeResult(code=code, **_plan_fields(plan, apply))

    def plan_rename_handler(
        self, view_name: DottedName, old_name: Name, new_name: Name, apply: bool = False
    ) -> m.PlanResult:
        """Rename a handler of a view, component or mixin (view_name: the class defining it) and its bindings,
        JS pushEvent/JS.push and self.<name> calls. Refused when new_name exists or a binding is dynamic.
        Diff; written only with apply=true."""
        _identifier(old_name, "old_name")
        _identifier(new_name, "new_name")
        state = self._project()
        graph = self._graph()
        qualname = self._class_name(graph, view_name)
        plan = _run_plan(
            lambda: _codemod("rename", "plan_rename_handler")(state.root, qualname, old_name, new_name, graph=graph)
        )
        return m.PlanResult(description=plan.description, **_plan_fields(plan, apply))

    def plan_fix(
        self,
        paths: PathList | None = None,
        unsafe: bool = False,
        apply: bool = False,
        limit: Limit = 10,
        offset: Offset = 0,
    ) -> m.PlanPage:
        """The fixes rules offer (add **kwargs, add @event_handler and its import, 1.1-style key filters;
        unsafe=true adds dead-binding typos with one close handler) for `paths` (default all), as a diff
        paged by file; apply=true writes the whole plan."""
        state = self._project()
        selected = [state.root / self._confine(p) for p in paths or []] or None
        plan_fixes = _codemod("fixes", "plan_fixes")
        plan = _run_plan(
            lambda: state.use_workspace(lambda ws: plan_fixes(state.root, paths=selected, unsafe=unsafe, workspace=ws))
        )
        return m.PlanPage(description=plan.description, **_plan_fields(plan, apply, limit, offset))
