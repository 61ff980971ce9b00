"""DJ702 view-not-allowlisted (djust.V005) and DJ703 djust-view-not-allowlisted (djust.V015).

Both compare a view's module with ``LIVEVIEW_ALLOWED_MODULES`` the way the
WebSocket mount does (``djust.security.mount._segment_match``): an entry
matches its module and dotted children, on a segment boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS
from ._common import setting, user_live_views

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph

_SETTINGS = "INSTALLED_APPS = ['app']\nLIVEVIEW_ALLOWED_MODULES = [{allowed}]\n"
_VIEW = EXAMPLE_IMPORTS + '''

class Home(LiveView):
    template = "<div></div>"

    def mount(self, request, **kwargs):
        pass
'''
_URLS = 'from django.urls import path\nfrom djust.components.gallery.views import GalleryView\n\nurlpatterns = [path("gallery/", GalleryView.as_view())]\n'


def allowed_modules(graph: ProjectGraph) -> list[str] | None:
    """The explicit allowlist, or ``None`` when unset, empty (allow all) or not readable."""
    value = setting(graph, "LIVEVIEW_ALLOWED_MODULES")
    if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) for v in value):
        return None
    return list(value)


def module_allowed(module: str, allowed: list[str]) -> bool:
    """Segment-boundary prefix match, as the WebSocket mount gate does."""
    for entry in allowed:
        entry = entry.rstrip(".")
        if entry and (module == entry or module.startswith(entry + ".")):
            return True
    return False


class ViewNotAllowlisted(Rule):
    """## What it does
    Reports a LiveView whose module `LIVEVIEW_ALLOWED_MODULES` does not admit,
    when that setting is a non-empty list.

    ## Why is this bad?
    The page renders over HTTP, but the WebSocket mount refuses the view: no
    event ever reaches the server.

    ## Example
    ```python
    LIVEVIEW_ALLOWED_MODULES = ["shop"]   # the view lives in app.views
    ```

    ## Use instead
    ```python
    LIVEVIEW_ALLOWED_MODULES = ["shop", "app"]
    ```

    djust reports this as `djust.V005`. djust-lint matches entries on module
    segment boundaries, exactly like the mount gate (`"app"` admits
    `app.views` but not `app_extra.views`, which djust's check wrongly
    accepts), and only reports views that can mount (they have a template).
    """

    code = "DJ702"
    name = "view-not-allowlisted"
    severity = Severity.WARNING
    summary = "LIVEVIEW_ALLOWED_MODULES does not admit this view"
    djust_equivalent = "djust.V005: is not in LIVEVIEW_ALLOWED_MODULES"
    djust_ids = ("djust.V005",)
    in_validate_view = False
    VALID = [Example({"proj/settings.py": _SETTINGS.format(allowed="'app'"), "app/views.py": _VIEW})]
    INVALID = [
        Example(
            {"proj/settings.py": _SETTINGS.format(allowed="'app_extra'"), "app/views.py": _VIEW},
            expect=(("app/views.py", 5, 7),),
            messages=("app.views.Home is not admitted by LIVEVIEW_ALLOWED_MODULES (app_extra); its WebSocket mount will be refused — add 'app.views'",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        allowed = allowed_modules(graph)
        if allowed is None:
            return
        for view, cls in user_live_views(graph):
            if view.template_kind is None or module_allowed(view.module, allowed):
                continue
            yield self.finding(
                cls.path,
                cls.span,
                f"{view.qualname} is not admitted by LIVEVIEW_ALLOWED_MODULES ({', '.join(allowed)}); "
                f"its WebSocket mount will be refused — add '{view.module}'",
                view=view.qualname,
            )


class DjustViewNotAllowlisted(Rule):
    """## What it does
    Reports a URL route to one of djust's own LiveViews (component gallery,
    theme gallery, admin extension, ...) when `LIVEVIEW_ALLOWED_MODULES` is
    an explicit list that does not admit `djust`.

    ## Why is this bad?
    An explicit allowlist replaces the default, which admits `djust`; the
    routed page renders but never mounts ("View not mounted").

    ## Example
    ```python
    LIVEVIEW_ALLOWED_MODULES = ["app"]
    urlpatterns = [path("gallery/", GalleryView.as_view())]  # djust.components.gallery
    ```

    ## Use instead
    ```python
    LIVEVIEW_ALLOWED_MODULES = ["app", "djust"]
    ```

    djust reports this as `djust.V015`. Only routes naming a djust view
    class directly are seen; views reached through `include("djust....urls")`
    are not (their URLconf is not part of the project).
    """

    code = "DJ703"
    name = "djust-view-not-allowlisted"
    severity = Severity.WARNING
    summary = "A routed djust LiveView is not admitted by LIVEVIEW_ALLOWED_MODULES"
    djust_equivalent = "djust.V015: LIVEVIEW_ALLOWED_MODULES does not admit djust's own LiveViews"
    djust_ids = ("djust.V015",)
    in_validate_view = False
    VALID = [Example({"proj/settings.py": _SETTINGS.format(allowed="'app', 'djust'"), "proj/urls.py": _URLS})]
    INVALID = [
        Example(
            {"proj/settings.py": _SETTINGS.format(allowed="'app'"), "proj/urls.py": _URLS},
            expect=(("proj/urls.py", 4, 16),),
            messages=("route to djust's djust.components.gallery.views.GalleryView is blocked by LIVEVIEW_ALLOWED_MODULES (app); the page renders but never mounts — add 'djust'",),
        )
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        allowed = allowed_modules(graph)
        if allowed is None:
            return
        for path, route in graph.routes:
            target = route.target or ""
            if route.kind == "include" or not target.startswith("djust.") or _is_test_module(target):
                continue
            module = target.rsplit(".", 1)[0]
            if not module_allowed(module, allowed):
                yield self.finding(
                    path,
                    route.span,
                    f"route to djust's {target} is blocked by LIVEVIEW_ALLOWED_MODULES ({', '.join(allowed)}); "
                    "the page renders but never mounts — add 'djust'",
                )


def _is_test_module(dotted: str) -> bool:
    return any(part == "tests" or part.startswith("test_") for part in dotted.split("."))
