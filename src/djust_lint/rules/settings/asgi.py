"""DJ405-DJ406: what wraps the WebSocket route of the ASGI application (djust.C005, A001).

djust imports the ASGI module and walks ``.inner`` of the objects; we read the
module named by ``ASGI_APPLICATION`` with :func:`read_asgi` and walk the
wrapper calls instead, so no user code runs.  djust's own
``DjustMiddlewareStack`` counts as session middleware and, unless
``validate_origin=False``, as an origin validator (djust's class-name
heuristic misses the former at the source level).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ...readers.settings import MAX_SETTINGS_BYTES, AsgiInfo, read_asgi
from ..base import Example
from ._common import SettingsRule, settings_files

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph
    from ...readers.settings import SettingsModule

ASGI_PATH = "proj/asgi.py"


def _asgi_source(wrapper: str) -> str:
    return f"""from channels.routing import ProtocolTypeRouter, URLRouter
from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator
from djust.routing import DjustMiddlewareStack

application = ProtocolTypeRouter({{
    "websocket": {wrapper},
}})
"""


def asgi_of(graph: ProjectGraph, module: SettingsModule) -> tuple[str, AsgiInfo] | None:
    """The ASGI module's path and websocket wrapping, when both are statically clear."""
    setting = module.get("ASGI_APPLICATION")
    if setting is None or not isinstance(setting.value, str) or "." not in setting.value:
        return None
    module_name, attribute = setting.value.rsplit(".", 1)
    info = graph.index.modules.get(module_name)
    if info is None:
        return None
    source = _read(Path(graph.root) / info.path)
    asgi = read_asgi(source, attribute) if source is not None else None
    return (info.path, asgi) if asgi is not None else None


def _read(path: Path) -> str | None:
    """The ASGI module text (the graph keeps no syntax trees); None when unreadable."""
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


class WebsocketWithoutSession(SettingsRule):
    """## What it does
    Reports a `ProtocolTypeRouter` whose `"websocket"` entry is not wrapped in
    `AuthMiddlewareStack`, `SessionMiddlewareStack` or djust's
    `DjustMiddlewareStack`.

    ## Why is this bad?
    LiveViews mounted over the WebSocket get no `request.session` and no
    `request.user`: login checks fail and session state is lost.

    ## Example
    ```python
    application = ProtocolTypeRouter({"websocket": URLRouter(websocket_urlpatterns)})
    ```

    ## Use instead
    ```python
    application = ProtocolTypeRouter({
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    })
    ```

    djust reports this as `djust.C005` (by importing the ASGI module); this
    rule reads it without running it.
    """

    code = "DJ405"
    name = "websocket-without-session-middleware"
    severity = Severity.WARNING
    summary = "WebSocket route without session/auth middleware"
    djust_equivalent = "djust.C005 WebSocket routes missing AuthMiddlewareStack"
    djust_ids = ("djust.C005",)
    VALID = [
        Example(settings_files(proj__asgi_DOT_py=_asgi_source("DjustMiddlewareStack(URLRouter([]))"))),
        Example(settings_files(proj__asgi_DOT_py=_asgi_source("AuthMiddlewareStack(URLRouter([]))"))),
    ]
    INVALID = [
        Example(
            settings_files(proj__asgi_DOT_py=_asgi_source("URLRouter([])")),
            expect=((ASGI_PATH, 7, 18),),
            messages=("the websocket route has no AuthMiddlewareStack/DjustMiddlewareStack; LiveViews get no session or user over the WebSocket",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        found = asgi_of(graph, module)
        if found is not None and not found[1].has_session:
            yield self.finding(
                found[0],
                found[1].span,
                "the websocket route has no AuthMiddlewareStack/DjustMiddlewareStack; "
                "LiveViews get no session or user over the WebSocket",
            )


class WebsocketWithoutOriginValidator(SettingsRule):
    """## What it does
    Reports a `"websocket"` route of the ASGI `ProtocolTypeRouter` that is not
    wrapped in `AllowedHostsOriginValidator` (or an `OriginValidator`), either
    directly or through `DjustMiddlewareStack` (which adds it unless
    `validate_origin=False`).

    ## Why is this bad?
    Any web site can open a WebSocket to your app with the visitor's cookies
    (cross-site WebSocket hijacking) and drive their LiveViews.

    ## Example
    ```python
    application = ProtocolTypeRouter({"websocket": AuthMiddlewareStack(URLRouter(routes))})
    ```

    ## Use instead
    ```python
    application = ProtocolTypeRouter({
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(routes))),
    })
    ```

    djust reports this as `djust.A001`.
    """

    code = "DJ406"
    name = "websocket-without-origin-validator"
    severity = Severity.WARNING
    summary = "WebSocket route without AllowedHostsOriginValidator"
    djust_equivalent = "djust.A001 WebSocket routes missing AllowedHostsOriginValidator"
    djust_ids = ("djust.A001",)
    VALID = [
        Example(settings_files(proj__asgi_DOT_py=_asgi_source("DjustMiddlewareStack(URLRouter([]))"))),
        Example(
            settings_files(
                proj__asgi_DOT_py=_asgi_source("AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter([])))")
            )
        ),
    ]
    INVALID = [
        Example(
            settings_files(proj__asgi_DOT_py=_asgi_source("AuthMiddlewareStack(URLRouter([]))")),
            expect=((ASGI_PATH, 7, 18),),
            messages=("the websocket route is not wrapped in AllowedHostsOriginValidator; other sites can open WebSockets with your users' cookies (CSWSH)",),
        ),
        Example(
            settings_files(proj__asgi_DOT_py=_asgi_source("DjustMiddlewareStack(URLRouter([]), validate_origin=False)")),
            expect=((ASGI_PATH, 7, 18),),
            messages=("the websocket route is not wrapped in AllowedHostsOriginValidator; other sites can open WebSockets with your users' cookies (CSWSH)",),
        ),
    ]

    def check_module(self, graph: ProjectGraph, module: SettingsModule) -> Iterator[Finding]:
        found = asgi_of(graph, module)
        if found is not None and not found[1].has_origin_validator:
            yield self.finding(
                found[0],
                found[1].span,
                "the websocket route is not wrapped in AllowedHostsOriginValidator; other sites can open "
                "WebSockets with your users' cookies (CSWSH)",
            )
