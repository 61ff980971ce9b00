"""Scaffolding: new djust views and components as reviewable edit plans.

Why plans: an AI editor or a person asks for a view, looks at the diff, then
applies it; nothing is written before that, and a plan made against files that
changed since is refused (see :mod:`djust_lint.codemods.plan`).

Why this shape of generated code: every feature combination must pass
``djust-lint check`` with the default rules, compile, and pass djust's own
``validate_view``. So handlers are ``@event_handler`` methods taking
``**kwargs``, ``mount(self, request, **kwargs)`` is correct, coroutines are
awaited, rows are plain dicts (never querysets or model instances) and helpers
are private (``_refresh``) so nothing looks like an undecorated handler.

Existing ``views.py``/``components.py``/``urls.py`` are edited with libcst: the
new class is formatted with black (the project's ``[tool.black]`` settings) and
appended, missing imports are added once, and every other byte stays as it was.
New files are formatted with black as a whole. Running the same scaffold twice
plans no change the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.pycst import black_mode
from .plan import EditPlan, FileEdit, PlanError, plan_file
from .scaffold_components import component_class, render_component_source, render_component_template
from .scaffold_files import (
    ProjectApp,
    defines_class,
    edit_urls,
    module_text,
    new_urls,
    parse_module,
    read_file,
    resolve_app,
    routes_view,
)
from .scaffold_inputs import Names, Prop, Source, component_names, parse_features, parse_props, view_names
from .scaffold_views import build_view, render_view_source, render_view_template, view_source

__all__ = [
    "Names",
    "Prop",
    "component_names",
    "parse_features",
    "parse_props",
    "plan_scaffold_component",
    "plan_scaffold_view",
    "render_component_source",
    "render_component_template",
    "render_view_source",
    "render_view_template",
    "view_names",
]

if TYPE_CHECKING:  # pragma: no cover
    pass


# ---------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------


@dataclass
class _Planner:
    """Collects file edits; a file already holding what we would write is left alone."""

    root: Path
    plan: EditPlan

    def write(self, rel: str, new_text: str) -> None:
        edit: FileEdit = plan_file(self.root, rel, new_text)
        if edit.changed:
            self.plan.edits.append(edit)

    def note(self, message: str) -> None:
        self.plan.messages.append(message)


def _code_target(app: ProjectApp, kind: str, snake: str, root: Path) -> tuple[str, str]:
    """(root-relative file, dotted module) for new code of ``kind`` ('views' or 'components')."""
    package_dir = root / app.rel / kind
    if (package_dir / "__init__.py").is_file():
        return f"{app.rel}/{kind}/{snake}.py", f"{app.package}.{kind}.{snake}"
    return f"{app.rel}/{kind}.py", f"{app.package}.{kind}"


def _ensure_app(planner: _Planner, app: ProjectApp) -> None:
    if not app.exists:
        planner.write(f"{app.rel}/__init__.py", "")
        planner.note(f"created the app package {app.rel}/: add '{app.package}' to INSTALLED_APPS")


def _plan_template(planner: _Planner, rel: str, text: str, class_existed: bool) -> None:
    existing = read_file(planner.root, rel)
    if existing is None or existing == text:
        planner.write(rel, text)
    elif class_existed:
        planner.note(f"{rel} exists; left unchanged")
    else:
        raise PlanError(f"{rel} already exists with other content; move it away or choose another name")


def _plan_code(planner: _Planner, rel: str, source: Source, class_name: str, mode: Any) -> bool:
    """Plan the class into ``rel``; returns True when the class was already there (then nothing changes)."""
    existing = read_file(planner.root, rel)
    if existing is not None and existing.strip() and defines_class(parse_module(rel, existing), class_name):
        planner.note(f"{class_name} already exists in {rel}; left unchanged")
        return True
    planner.write(rel, module_text(rel, existing, source, mode))
    return False


def _plan_urls(planner: _Planner, app: ProjectApp, names: Names, module: str, mode: Any) -> None:
    rel = f"{app.rel}/urls.py"
    relative = module.removeprefix(app.package)
    view_import = f"from {relative} import {names.class_name}"
    existing = read_file(planner.root, rel)
    if existing is None or not existing.strip():
        planner.write(rel, new_urls(names, view_import, mode))
        planner.note(f"created {rel}: include('{app.package}.urls') in your root URLconf if it is not there yet")
    elif routes_view(existing, names.class_name):
        planner.note(f"{rel} already routes {names.class_name}; left unchanged")
    else:
        planner.write(rel, edit_urls(rel, existing, names, relative, mode))


def plan_scaffold_view(root: Path, name: str, app: str | None = None, features: str | Iterable[str] = ()) -> EditPlan:
    """Plan a new LiveView: its class (new module or appended to views.py), template and URL entry."""
    root = Path(root).resolve()
    chosen = parse_features(features)
    names = view_names(name)
    target_app = resolve_app(root, app)
    mode = black_mode(root)
    plan = EditPlan(root, f"scaffold view {names.class_name} ({', '.join(chosen) or 'no features'})")
    planner = _Planner(root, plan)
    _ensure_app(planner, target_app)
    rel, module = _code_target(target_app, "views", names.snake, root)
    view = build_view(name, chosen, target_app.label)
    existed = _plan_code(planner, rel, view_source(view), names.class_name, mode)
    template_rel = f"{target_app.rel}/templates/{target_app.label}/{names.snake}.html"
    template = render_view_template(name, chosen, app_label=target_app.label, module=module)
    _plan_template(planner, template_rel, template, existed)
    _plan_urls(planner, target_app, names, module, mode)
    return plan


def plan_scaffold_component(
    root: Path, name: str, props: str | Iterable[str | Prop] = (), live: bool = False, app: str | None = None
) -> EditPlan:
    """Plan a new component: stateless (inline template) or LiveComponent (with a template file)."""
    root = Path(root).resolve()
    names = component_names(name)
    parsed = parse_props(props)
    target_app = resolve_app(root, app)
    mode = black_mode(root)
    kind = "LiveComponent" if live else "Component"
    plan = EditPlan(root, f"scaffold component {names.class_name} ({kind})")
    planner = _Planner(root, plan)
    _ensure_app(planner, target_app)
    rel, _module = _code_target(target_app, "components", names.snake, root)
    template_name = f"{target_app.label}/components/{names.snake}.html"
    existed = _plan_code(planner, rel, component_class(names, parsed, live, template_name), names.class_name, mode)
    if live:
        template_rel = f"{target_app.rel}/templates/{template_name}"
        _plan_template(planner, template_rel, render_component_template(name, parsed), existed)
    return plan
