"""Auth rules over LiveViews: public state without auth, ungated handlers, HTTP-only auth, IDOR.

djust decides these from base-class *names* in one file (``class V(LiveView)``)
or by importing the classes; here the graph's real MRO is followed across
modules, so inherited ``login_required``, mixins and handlers count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, in_selection, is_state_name, python_reported, view_classes
from ._common import (
    REPLAYED_DECORATORS,
    base_tails,
    declares_view_auth,
    defines,
    dispatch_decorators,
    dispatch_gate,
    facts_by_function,
    is_handler,
    live_views,
    method_facts,
    project_chain,
    truthy_attr,
)

if TYPE_CHECKING:
    from ...core.model import ClassInfo, CodeFact, Method
    from ...graph.model import ProjectGraph

_EVENT_GATES = ("check_handler_permission", "check_event_permission")
_HANDLER_GATES = ("permission_required", "login_required", "user_passes_test", "staff_member_required", "superuser_required")
_AUTH_WORDS = ("login", "permission", "auth", "staff", "superuser", "perm")


def _view(body: str, head: str = "") -> dict[str, str]:
    return {"app/views.py": EXAMPLE_IMPORTS + head + "\n\nclass Orders(LiveView):\n    template = \"<div></div>\"\n" + body}


class PublicStateWithoutAuth(Rule):
    """## What it does
    Reports a concrete LiveView that exposes public state (`self.x = ...` in
    any method of the view or its project bases) but never makes an auth
    decision: no `login_required` / `permission_required` anywhere in its
    MRO, no `check_permissions()`, no `LoginRequired...`/`PermissionRequired...`
    mixin, no `dispatch()` override in a mixin.

    ## Why is this bad?
    Every public attribute is sent to the browser. Without an explicit
    decision, a page meant for signed-in users is readable by anyone who
    knows its URL.

    ## Example
    ```python
    class Orders(LiveView):
        def mount(self, request, **kwargs):
            self.orders = list(Order.objects.values())
    ```

    ## Use instead
    ```python
    class Orders(LiveView):
        login_required = True   # or login_required = False: public on purpose
    ```

    djust reports this as `djust.S005` (by importing every view). Abstract
    bases are not reported. Off by default (every public page trips it):
    enable it with `--select DJ510`.
    """

    code = "DJ510"
    name = "public-state-without-auth"
    severity = Severity.WARNING
    summary = "LiveView exposes state without an auth decision"
    djust_equivalent = "djust.S005 (LiveView exposes state without authentication)"
    djust_ids = ("djust.S005",)
    in_validate_view = False
    _MOUNT = "\n    def mount(self, request, **kwargs):\n        self.orders = []\n"
    VALID = [Example(_view("    login_required = False" + _MOUNT)), Example(_view("    permission_required = 'shop.view'" + _MOUNT))]
    INVALID = [
        Example(
            _view(_MOUNT),
            expect=(("app/views.py", 5, 7),),
            messages=("Orders exposes state (self.orders, ...) without an auth decision; set login_required = True or permission_required, or login_required = False if it is public on purpose",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        for view in live_views(graph):
            chain = project_chain(graph, view)
            if any(c.class_attrs.get(n, "None").strip() != "None" for c in chain for n in ("login_required", "permission_required")):
                continue
            if defines(chain, "check_permissions") or any(
                "LoginRequired" in t or "PermissionRequired" in t for t in base_tails(view)
            ):
                continue
            if any("dispatch" in cls.methods for cls in chain[1:]):
                continue
            exposed = next(
                (a.name for c in chain for m in c.methods.values() if not m.name.startswith("__") for a in m.self_assignments if is_state_name(graph, a.name)),
                None,
            )
            if exposed is not None:
                yield self.finding(
                    view.path,
                    view.span,
                    f"{view.name} exposes state (self.{exposed}, ...) without an auth decision; set login_required = True "
                    "or permission_required, or login_required = False if it is public on purpose",
                    view=view.qualname,
                )


class HandlerWithoutPermission(Rule):
    """## What it does
    Reports a public `@event_handler` that writes to the database
    (`Model.objects.create/update/delete(...)`, `qs.update(...)`,
    `instance.save()`/`.delete()`) in a LiveView that gates its mount
    (login/permission attributes, `check_permissions()`, an auth mixin,
    dispatch auth) when the handler has no `@permission_required` and the
    view has no per-event hook (`check_handler_permission` /
    `check_event_permission`). Handlers that only change the view's own
    state (open a panel, sort, page) are covered by the view's gate and are
    not reported.

    ## Why is this bad?
    View-level auth runs once, at mount. Every signed-in user who may see the
    page can then call every public handler, including `delete_user`.

    ## Example
    ```python
    class Admin(LiveView):
        login_required = True

        @event_handler
        def delete_user(self, user_id, **kwargs): ...
    ```

    ## Use instead
    ```python
        @permission_required("auth.delete_user")
        @event_handler
        def delete_user(self, user_id, **kwargs): ...
    ```

    djust reports this as `djust.S009` for every handler, mutating or not,
    written in the same class as the auth; here inherited auth and mixin
    handlers count too, and only handlers that write are reported.
    """

    code = "DJ511"
    name = "handler-without-permission"
    severity = Severity.WARNING
    summary = "Handler of an auth-gated view has no per-handler permission"
    djust_equivalent = "djust.S009 (view-level auth but ungated @event_handler)"
    djust_ids = ("djust.S009",)
    _HANDLER = (
        "\n    @event_handler\n    def delete_order(self, order_id: int = 0, **kwargs):\n"
        "        Order.objects.filter(pk=order_id).delete()\n"
    )
    _HEAD = "from shop.models import Order\n"
    VALID = [
        Example(_view("    login_required = True\n" + _HANDLER.replace("@event_handler", "@permission_required('shop.delete')\n    @event_handler"), _HEAD + "from djust.decorators import permission_required\n")),
        Example(_view("    login_required = True\n\n    @event_handler\n    def toggle_panel(self, **kwargs):\n        self.open = True\n")),
    ]
    INVALID = [
        Example(
            _view("    login_required = True\n" + _HANDLER, _HEAD),
            expect=(("app/views.py", 11, 9),),
            messages=("Orders gates its mount, but any user who passes can call 'delete_order', which writes to the database (.delete()): add @permission_required(...) to the handler",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        seen: set[tuple[str, int]] = set()
        writes = _WriteIndex(graph)
        for view in live_views(graph):
            chain = project_chain(graph, view)
            if not any(in_selection(graph, cls.path) for cls in chain):
                continue  # reported at the classes' own files, which this run discards
            if defines(chain, *_EVENT_GATES) or not declares_view_auth(graph, view, chain):
                continue
            for cls in chain:
                if not in_selection(graph, cls.path):
                    continue
                for method in cls.methods.values():
                    if not is_handler(method, graph.vocabulary) or method.name.startswith("_"):
                        continue
                    if method.has_decorator(*_HANDLER_GATES) or (cls.path, method.span.line) in seen:
                        continue
                    write = writes.first_write(cls, method)
                    if write is None:
                        continue  # handlers that only change view state need no more than the view's gate
                    seen.add((cls.path, method.span.line))
                    yield self.finding(
                        cls.path,
                        method.span,
                        f"{view.name} gates its mount, but any user who passes can call '{method.name}', which "
                        f"writes to the database (.{write.detail}()): add @permission_required(...) to the handler",
                        view=view.qualname,
                        handler=method.name,
                    )


class _WriteIndex:
    """The first database write (``create``/``update``/``delete``/``save``) of each handler, by module."""

    def __init__(self, graph: ProjectGraph) -> None:
        self.graph = graph
        self.grouped: dict[str, dict[tuple[int, str], list[CodeFact]]] = {}

    def first_write(self, cls: ClassInfo, method: Method) -> CodeFact | None:
        """The handler's first write, unless it checks the user and refuses itself (``PermissionDenied``)."""
        if cls.module not in self.grouped:
            module = self.graph.index.modules.get(cls.module)
            has_writes = module is not None and any(f.kind == "db_write" for f in module.facts)
            self.grouped[cls.module] = facts_by_function(module) if has_writes else {}  # type: ignore[arg-type]
        facts = method_facts(self.grouped[cls.module], method)
        if {"auth_ref", "deny"} <= {f.kind for f in facts}:
            return None
        return next((f for f in facts if f.kind == "db_write"), None)


class DispatchOnlyAuth(Rule):
    """## What it does
    Reports LiveView access control that only the HTTP request runs: a
    `dispatch()` override (in the view or a project mixin) that checks the
    user and refuses (raises, redirects, returns 403), or
    `@method_decorator(<auth decorator>, name="dispatch")` with a decorator
    other than Django's `login_required`, `permission_required`,
    `user_passes_test` and `staff_member_required` (which djust replays).

    ## Why is this bad?
    The WebSocket/SSE mount and every event go through djust's own auth
    check, never through `dispatch()`: djust refuses such views on live
    transports, or, with older versions, skips the check.

    ## Example
    ```python
    class Admin(LiveView):
        def dispatch(self, request, *args, **kwargs):
            if not request.user.is_staff:
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)
    ```

    ## Use instead
    ```python
    class Admin(LiveView):
        def check_permissions(self, request):
            return request.user.is_staff
    ```

    djust reports this as `djust.S012` (the runtime part that imports views
    and replays wrappers in the URLconf is not static).
    """

    code = "DJ512"
    name = "dispatch-only-auth"
    severity = Severity.ERROR
    summary = "LiveView auth done in dispatch(), which live transports never run"
    djust_equivalent = "djust.S012 (LiveView gates auth via dispatch())"
    djust_ids = ("djust.S012",)
    _DISPATCH = (
        "\n    def dispatch(self, request, *args, **kwargs):\n        if not request.user.is_staff:\n"
        "            raise PermissionDenied\n        return super().dispatch(request, *args, **kwargs)\n"
    )
    _HEAD = "from django.core.exceptions import PermissionDenied\n"
    VALID = [Example(_view("\n    def check_permissions(self, request):\n        return request.user.is_staff\n"))]
    INVALID = [
        Example(
            _view(_DISPATCH, _HEAD),
            expect=(("app/views.py", 9, 9),),
            messages=("Orders.dispatch() checks the user, but only the HTTP request runs dispatch(); declare the rule with login_required / permission_required / check_permissions()",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for cls, views in view_classes(graph):
            if not any(v.kind == "live_view" for v in views):
                continue
            method = dispatch_gate(graph, cls)
            if method is not None:
                yield self.finding(
                    cls.path,
                    method.span,
                    f"{cls.name}.dispatch() checks the user, but only the HTTP request runs dispatch(); declare the "
                    "rule with login_required / permission_required / check_permissions()",
                    view=cls.qualname,
                )
            for fact in dispatch_decorators(graph, cls):
                name = fact.detail
                if name not in REPLAYED_DECORATORS and any(w in name.lower() for w in _AUTH_WORDS):
                    yield self.finding(
                        cls.path,
                        fact.span,
                        f"@method_decorator({name}, name='dispatch') on {cls.name} runs only on the HTTP request; "
                        "declare the rule with login_required / permission_required / check_permissions()",
                        view=cls.qualname,
                    )


class UnprotectedMutatingHandler(Rule):
    """## What it does
    Reports an `@event_handler` that writes to the database
    (`Model.objects.create/update/delete(...)`, `qs.update(...)`,
    `instance.save()`/`.delete()`) in a view with no auth at all: no truthy
    `login_required` / `permission_required` in its MRO, no
    `check_permissions()`, and no `@permission_required`/`@login_required`
    on the handler.

    ## Why is this bad?
    Anyone who can open the page, signed in or not, can change data by
    sending the event.

    ## Example
    ```python
    class Board(LiveView):
        @event_handler
        def delete_post(self, post_id: int = 0, **kwargs):
            Post.objects.filter(pk=post_id).delete()
    ```

    ## Use instead
    ```python
    class Board(LiveView):
        login_required = True
    ```

    djust's AST audit reports this as `X002` (for auth written in the same
    class only; `dict.update()` and `cache.delete(key)` count as writes there).
    """

    code = "DJ513"
    name = "unprotected-mutating-handler"
    severity = Severity.WARNING
    summary = "Handler writes to the database in a view without auth"
    djust_equivalent = "djust_audit --ast X002 (event handler mutates state without a permission check)"
    djust_ids = ("X002",)
    _HANDLER = "\n    @event_handler\n    def delete_post(self, post_id: int = 0, **kwargs):\n        Post.objects.filter(pk=post_id).delete()\n"
    VALID = [Example(_view("    login_required = True\n" + _HANDLER, "from app.models import Post\n"))]
    INVALID = [
        Example(
            _view(_HANDLER, "from app.models import Post\n"),
            expect=(("app/views.py", 10, 9),),
            messages=("'delete_post' writes to the database (.delete()) but Orders has no auth; set login_required = True / permission_required or add @permission_required",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for cls, views in view_classes(graph):
            handlers = [m for m in cls.methods.values() if is_handler(m, graph.vocabulary) and not m.has_decorator(*_HANDLER_GATES)]
            module = graph.index.modules.get(cls.module)
            if not handlers or module is None or not any(f.kind == "db_write" for f in module.facts):
                continue
            open_views = [v for v in views if not _has_auth(graph, v)]
            if not open_views:
                continue
            grouped = facts_by_function(module)
            for method in handlers:
                write = next((f for f in method_facts(grouped, method) if f.kind == "db_write"), None)
                if write is not None:
                    yield self.finding(
                        cls.path,
                        method.span,
                        f"'{method.name}' writes to the database (.{write.detail}()) but {open_views[0].name} has no "
                        "auth; set login_required = True / permission_required or add @permission_required",
                        view=open_views[0].qualname,
                        handler=method.name,
                    )


def _has_auth(graph: object, view: object) -> bool:
    chain = project_chain(graph, view)  # type: ignore[arg-type]
    return truthy_attr(chain, "login_required", "permission_required", "permissions_required") or defines(chain, "check_permissions")


class IdorObjectLookup(Rule):
    """## What it does
    Reports `.get(pk=...)` / `.get(id=...)` / `.get(<x>_id=...)` in a view
    method where the id comes from the browser (`request.GET`, URL kwargs,
    a parameter named `pk`/`id`/`object_id`) and the same method neither
    scopes the lookup to the user (`owner=request.user`, `user=`, `team=`, ...)
    nor calls `has_perm()` / `check_permissions()`.

    ## Why is this bad?
    Insecure direct object reference: change the id in the URL and you read
    (or edit) somebody else's object.

    ## Example
    ```python
    def mount(self, request, pk=None, **kwargs):
        self.invoice = Invoice.objects.get(pk=pk)
    ```

    ## Use instead
    ```python
        self.invoice = Invoice.objects.get(pk=pk, owner=request.user)
    ```

    djust's AST audit reports this as `X001`, guessing views from class
    names; here every class a view inherits from is checked.
    """

    code = "DJ514"
    name = "idor-object-lookup"
    severity = Severity.WARNING
    summary = "Object looked up by a browser-supplied id without scoping to the user"
    djust_equivalent = "djust_audit --ast X001 (possible IDOR)"
    djust_ids = ("X001",)
    _MOUNT = "\n    def mount(self, request, pk=None, **kwargs):\n        self.invoice = Invoice.objects.get(pk=pk{extra})\n"
    VALID = [Example(_view(_MOUNT.format(extra=", owner=request.user"), "from app.models import Invoice\n"))]
    INVALID = [
        Example(
            _view(_MOUNT.format(extra=""), "from app.models import Invoice\n"),
            expect=(("app/views.py", 10, 24),),
            messages=("Orders.mount looks an object up by a browser-supplied id without scoping it to the user (IDOR); filter by owner=request.user or check object permissions",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for cls, _views in view_classes(graph):
            module = graph.index.modules.get(cls.module)
            if module is None or not any(f.kind == "object_lookup" for f in module.facts):
                continue
            grouped = facts_by_function(module)
            for method in cls.methods.values():
                facts = method_facts(grouped, method)
                if any(f.kind == "auth_scope" for f in facts):
                    continue
                for fact in facts:
                    if fact.kind == "object_lookup":
                        yield self.finding(
                            cls.path,
                            fact.span,
                            f"{cls.name}.{method.name} looks an object up by a browser-supplied id without scoping it "
                            "to the user (IDOR); filter by owner=request.user or check object permissions",
                            view=cls.qualname,
                        )


class MissingObjectPermission(Rule):
    """## What it does
    Reports a LiveView with a role-level `permission_required` whose
    `mount()` stores a URL id on `self` (`self.doc_id = doc_id`,
    `self.kwargs["doc_id"]`, `int(doc_id)`, `kwargs.get("doc_id")`) and
    whose event handlers read it, while neither the view nor its bases
    define `has_object_permission()` or `check_permissions()`.

    ## Why is this bad?
    The permission says "may edit documents", not "may edit *this*
    document": any user with the role can act on any id by editing the URL.

    ## Example
    ```python
    class DocEdit(LiveView):
        permission_required = "docs.change_document"

        def mount(self, request, doc_id=None, **kwargs):
            self.doc_id = doc_id
    ```

    ## Use instead
    ```python
        def has_object_permission(self, request, obj):
            return obj.owner_id == request.user.id
    ```

    djust's AST audit reports this as `X008` (for same-module bases only).
    """

    code = "DJ515"
    name = "missing-object-permission"
    severity = Severity.WARNING
    summary = "Detail view binds a URL id but has no object-level permission"
    djust_equivalent = "djust_audit --ast X008 (IDOR shape, missing object-permission override)"
    djust_ids = ("X008",)
    _BODY = (
        "    permission_required = 'docs.change_document'\n\n"
        "    def mount(self, request, doc_id=None, **kwargs):\n        self.doc_id = doc_id\n\n"
        "    @event_handler\n    def rename(self, title: str = '', **kwargs):\n        save_title(self.doc_id, title)\n"
    )
    VALID = [Example(_view(_BODY + "\n    def has_object_permission(self, request, obj):\n        return True\n"))]
    INVALID = [
        Example(
            _view(_BODY),
            expect=(("app/views.py", 5, 7),),
            messages=("Orders binds self.doc_id from the URL in mount() and its handlers use it, but it has no has_object_permission(): any user with the role can act on any id",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        for view in live_views(graph):
            if not in_selection(graph, view.path):
                continue  # reported at the view: this run discards findings there
            chain = project_chain(graph, view)
            if not any("permission_required" in c.class_attrs for c in chain):
                continue
            if defines(chain, "has_object_permission", "check_permissions"):
                continue
            mount = next((c.methods["mount"] for c in chain if "mount" in c.methods), None)
            attr = _url_id_attribute(mount) if mount is not None else None
            if attr is None:
                continue
            if any(is_handler(m, graph.vocabulary) and attr in m.called_self_methods for c in chain for m in c.methods.values()):
                yield self.finding(
                    view.path,
                    view.span,
                    f"{view.name} binds self.{attr} from the URL in mount() and its handlers use it, but it has no "
                    "has_object_permission(): any user with the role can act on any id",
                    view=view.qualname,
                )


def _url_id_attribute(mount: object) -> str | None:
    """``self.<x>`` that mount() fills from a URL kwarg, when the name says it is an id."""
    params = {p.name for p in mount.params if p.name != "request"}  # type: ignore[attr-defined]
    for assignment in mount.self_assignments:  # type: ignore[attr-defined]
        kwarg = _kwarg_name(assignment.value_source or "", params)
        if kwarg is not None and (assignment.name.endswith("_id") or kwarg.endswith("_id")):
            return assignment.name
    return None


def _kwarg_name(source: str, params: set[str]) -> str | None:
    """URL kwarg named by ``x``, ``int(x)``, ``kwargs["x"]``, ``self.kwargs.get("x")`` (parsed, never run)."""
    try:
        node = ast.parse(source.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("int", "str", "uuid", "UUID") and node.args:
        node = node.args[0]
        return node.id if isinstance(node, ast.Name) and node.id in params else None
    if isinstance(node, ast.Name):
        return node.id if node.id in params else None
    container, key = None, None
    if isinstance(node, ast.Subscript):
        container, key = node.value, node.slice
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
        container, key = node.func.value, node.args[0]
    if container is not None and _is_kwargs(container) and isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    return None


def _is_kwargs(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id == "kwargs"
    return isinstance(node, ast.Attribute) and node.attr == "kwargs" and isinstance(node.value, ast.Name) and node.value.id == "self"


RULES = (
    PublicStateWithoutAuth,
    HandlerWithoutPermission,
    DispatchOnlyAuth,
    UnprotectedMutatingHandler,
    IdorObjectLookup,
    MissingObjectPermission,
)
