"""DJ610 click-for-navigation and DJ616 navigate-without-live-routes: in-app navigation markup."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from ...core.findings import Finding, Severity
from ...core.model import Attribute
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS
from ._common import attribute, checked_templates

if TYPE_CHECKING:
    from ...core.model import Route
    from ...graph.model import ProjectGraph, TemplateNode

_NAVIGATION_DATA = frozenset({"data-view", "data-tab", "data-page", "data-section"})


class ClickForNavigation(Rule):
    """## What it does
    Reports an element with `dj-click` and a navigation-style data attribute
    (`data-view`, `data-tab`, `data-page`, `data-section`).

    ## Why is this bad?
    Switching views or tabs through a click handler does not update the URL:
    the back button, reloads and shared links lose the state. `dj-patch`
    updates the URL and lets `handle_params()` restore it.

    djust reports this as `djust.T010` (warning); its regex also matches
    `dj-click-away`, `data-viewport` or `data-page-size`, which this rule
    does not (exact attribute names; a `:int`-style type suffix is allowed).

    ## Example
    ```html
    <button dj-click="show" data-tab="settings">Settings</button>
    ```

    ## Use instead
    ```html
    <a dj-patch="?tab=settings">Settings</a>
    ```
    """

    code = "DJ610"
    name = "click-for-navigation"
    severity = Severity.INFO
    summary = "`dj-click` used for navigation; `dj-patch` keeps the URL and history right"
    djust_equivalent = "djust.T010 element uses dj-click for navigation"
    djust_ids = ("djust.T010",)
    VALID = [
        Example({"app/templates/app/a.html": '<div dj-root>\n<button dj-click="more" data-page-size="20">More</button>\n<div dj-click-away="close" data-tab="x"></div>\n</div>\n'}),
    ]
    INVALID = [
        Example(
            {"app/templates/app/a.html": '<div dj-root>\n  <button data-tab:int="2" dj-click="show">Settings</button>\n</div>\n'},
            expect=(("app/templates/app/a.html", 2, 28),),
            messages=("dj-click with 'data-tab:int' looks like navigation; use dj-patch so the URL and back button follow (and read the state in handle_params)",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for node in checked_templates(graph):
            for element in node.info.elements:
                click = attribute(element, "dj-click")
                if click is None:
                    continue
                data = next((a for a in element.attributes if _navigation_data(a)), None)
                if data is not None:
                    yield self.finding(
                        node.path,
                        click.name_span,
                        f"dj-click with '{data.name}' looks like navigation; use dj-patch so the URL and "
                        "back button follow (and read the state in handle_params)",
                    )


def _navigation_data(attr: Attribute) -> bool:
    return attr.name.split(":", 1)[0].lower() in _NAVIGATION_DATA


RouteVerdict = Literal["live", "other", "unknown"]


class NavigateWithoutLiveRoutes(Rule):
    """## What it does
    Reports `dj-navigate` when the project's URLconf routes no LiveView at
    all (once per project, at the first `dj-navigate`).

    ## Why is this bad?
    The client builds its route map from the LiveView routes; with none,
    `dj-navigate` silently falls back to a full page reload instead of
    navigating over the WebSocket.

    The URLconf is read statically; when any route points at something the
    project does not define (an installed app's URLconf, a dynamic target),
    no conclusion is drawn. djust reports this as `djust.T016` (warning).

    ## Example
    ```python
    urlpatterns = [path("", views.home)]  # function views only
    ```

    ## Use instead
    ```python
    urlpatterns = [path("", DashboardView.as_view())]
    ```
    """

    code = "DJ616"
    name = "navigate-without-live-routes"
    severity = Severity.WARNING
    summary = "`dj-navigate` is used but no URL routes a LiveView"
    djust_equivalent = "djust.T016 dj-navigate used but the route map is empty"
    djust_ids = ("djust.T016",)
    VALID = [
        Example(
            {
                "app/views.py": EXAMPLE_IMPORTS + '\n\nclass Home(LiveView):\n    template_name = "app/a.html"\n',
                "app/urls.py": "from django.urls import path\nfrom .views import Home\n\nurlpatterns = [path('', Home.as_view())]\n",
                "app/templates/app/a.html": '<div dj-root><a dj-navigate="/x/">x</a></div>\n',
            }
        )
    ]
    INVALID = [
        Example(
            {
                "app/views.py": "def home(request):\n    return None\n",
                "app/urls.py": "from django.urls import path\nfrom . import views\n\nurlpatterns = [path('', views.home)]\n",
                "app/templates/app/a.html": '<div dj-root>\n  <a dj-navigate="/x/">x</a>\n</div>\n',
            },
            expect=(("app/templates/app/a.html", 2, 6),),
            messages=("dj-navigate is used but no URL routes a LiveView, so it falls back to a full page reload",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        first = _first_navigate(graph)
        if first is None or not graph.routes:
            return
        verdicts = {_route_verdict(graph, route) for _, route in graph.routes}
        if verdicts != {"other"}:
            return
        node, attr = first
        yield self.finding(
            node.path,
            attr.name_span,
            "dj-navigate is used but no URL routes a LiveView, so it falls back to a full page reload",
        )


def _first_navigate(graph: ProjectGraph) -> tuple[TemplateNode, Attribute] | None:
    found: list[tuple[str, int, int, TemplateNode, Attribute]] = []
    for node in checked_templates(graph):
        for element in node.info.elements:
            attr = attribute(element, "dj-navigate")
            if attr is not None:
                found.append((node.path, attr.name_span.line, attr.name_span.column, node, attr))
                break
    if not found:
        return None
    _, _, _, node, attr = min(found, key=lambda item: item[:3])
    return node, attr


def _route_verdict(graph: ProjectGraph, route: Route) -> RouteVerdict:
    """Does this route serve a LiveView (``live``), certainly not (``other``), or can we not tell?"""
    if route.kind == "live_session":
        return "live"
    if route.target is None:
        return "unknown"
    if route.kind == "include":
        return "other" if route.target in graph.index.modules else "unknown"
    target = graph.index.resolve(route.target)
    if target is not None:
        view = graph.views.get(target)
        if view is None:
            return "unknown" if graph.index.unresolved_bases(target) else "other"
        return "live" if view.kind == "live_view" else "unknown"
    module_name, _, name = route.target.rpartition(".")
    module = graph.index.modules.get(module_name)
    if module is None or name in module.imports or module.star_imports:
        return "unknown"
    return "other"  # a function defined in a project module
