"""Security and quality facts, fed node by node from the module reader's walk (rules judge them)."""

from __future__ import annotations

import ast
import re
from typing import Protocol

from ...core.model import CodeFact, ModuleInfo, Span
from ...core.vocabulary import (
    AUTH_SCOPE_CALLS,
    INSTANCE_WRITES,
    LOG_LEVELS,
    LOGGER_NAMES,
    LOOKUP_NAMES,
    NAME_FACTS,
    NOT_MODELS,
    QUERYSET_WRITES,
    REDIRECT_GUARDS,
    REDIRECTS,
    REQUEST_DATA,
    SAFE_METHOD_ONLY,
    SCOPE_KEYWORDS,
    SQL_SINKS,
)
from .source import _SourceMap
from .syntax import _dotted, _tail


class ReaderView(Protocol):
    """What the fact collector reads from the module reader feeding it (kept apart to avoid an import cycle)."""

    source: _SourceMap
    info: ModuleInfo
    imports: dict[str, str]

    def called_name(self, node: ast.AST) -> str | None: ...


# ---------------------------------------------------------------------------
# Security and quality facts, fed node by node from ``_ModuleReader._walk``
# ---------------------------------------------------------------------------

#: Calls that render a template other code then embeds (a partial): name -> position of the name.
_TEMPLATE_LOADERS = {"inclusion_tag": 0, "render_to_string": 0, "get_template": 0, "select_template": 0}
_TEMPLATE_SUFFIXES = (".html", ".htm", ".txt", ".xml", ".svg")
_NOSEC = re.compile(r"#\s*nosec\b(?!\s+B(?!608)\d)")
"""``# nosec`` or ``# nosec B608`` (bandit's SQL-injection id): the line was reviewed for it."""
_QUERY_PARAM = re.compile(r"[?&](\w+)=")


def _interpolates(node: ast.AST) -> bool:
    """An f-string with placeholders, a ``.format()`` call or ``"..." % x``."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Attribute) and node.func.attr == "format"
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)


def _template_names(node: ast.AST) -> list[str]:
    """Literal template names of a loader argument: ``"a.html"`` or ``["a.html", "b.html"]``."""
    items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
    return [
        item.value
        for item in items
        if isinstance(item, ast.Constant) and isinstance(item.value, str) and item.value.endswith(_TEMPLATE_SUFFIXES)
    ]


def _composes_sql(node: ast.AST) -> bool:
    """``sql.SQL("LISTEN {}").format(sql.Identifier(name))``: psycopg quotes every part itself."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"):
        return False
    template = node.func.value
    return isinstance(template, ast.Call) and _tail(template.func) in ("SQL", "Composed")


def _is_request(node: ast.AST) -> bool:
    """``request`` or ``<anything>.request``."""
    return _tail(node) == "request"


def _reads_request_data(node: ast.AST) -> bool:
    """The expression reads browser-controlled data: ``request.GET[...]``, ``self.kwargs.get(...)``."""
    while True:
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Attribute):
                return False
            node = node.func.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Attribute):
            if node.attr in REQUEST_DATA and _is_request(node.value):
                return True
            if node.attr == "kwargs" and _tail(node.value) == "self":
                return True
            node = node.value
        else:
            return isinstance(node, ast.Name) and node.id == "kwargs"


def _mentions_raw_client_name(node: ast.AST) -> bool:
    """``x.client_name`` itself, inside an f-string placeholder, or in a ``+`` concatenation."""
    if isinstance(node, ast.Attribute):
        return node.attr == "client_name"
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.FormattedValue) and _mentions_raw_client_name(part.value) for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _mentions_raw_client_name(node.left) or _mentions_raw_client_name(node.right)
    return False


def _writes_database(func: ast.Attribute, call: ast.Call) -> bool:
    """``Model.objects.create(...)``/``qs.filter(...).update(...)`` or ``instance.save()``.

    ``dict.update(...)`` and ``cache.delete(key)`` are not database writes, so
    queryset writes need an ``objects`` manager or a call chain as receiver and
    instance writes take no positional argument and are not made on ``self``
    (the view's own ``save()`` method) or a session, cache, log or storage.
    """
    receiver = func.value
    if func.attr in QUERYSET_WRITES:
        if isinstance(receiver, ast.Call) or (_dotted(receiver) or "").split(".")[-1:] == ["objects"]:
            return True
    if func.attr not in INSTANCE_WRITES or call.args:
        return False
    # ``self.save()`` is the view's own method; sessions, caches and logs are not models.
    name = (_tail(receiver) or "").lower()
    return not (isinstance(receiver, ast.Name) and name == "self") and not name.endswith(NOT_MODELS)


def _patch_params(arg: ast.expr) -> list[str]:
    """URL parameter names set by ``self.patch({...})``, ``self.patch("?tab=x")`` or an f-string."""
    if isinstance(arg, ast.Dict):
        return [key.value for key in arg.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return _QUERY_PARAM.findall(arg.value)
    if isinstance(arg, ast.JoinedStr):
        text = "".join(p.value if isinstance(p, ast.Constant) else "x" for p in arg.values)  # type: ignore[misc]
        return _QUERY_PARAM.findall(text)
    return []


def _dispatch_decorator_target(call: ast.Call) -> str | None:
    """Inner decorator name of ``method_decorator(<deco>, name="dispatch")``, else None."""
    if not call.args:
        return None
    targets = [kw.value for kw in call.keywords if kw.arg == "name"] + call.args[1:2]
    if not any(isinstance(t, ast.Constant) and t.value == "dispatch" for t in targets):
        return None
    inner = call.args[0]
    return _tail(inner.func if isinstance(inner, ast.Call) else inner) or "?"


class _FactCollector:
    """Turns the nodes the module walk hands it into :class:`CodeFact` records.

    Each hook is cheap and local (it looks at one node and its direct
    children), so collecting facts keeps the reader at one walk per file.
    ``hooks`` serves the rarer node kinds by type; the walk hands over calls
    (with the name it computed), and names and attributes listed in
    ``NAME_FACTS`` itself, so the commonest nodes cost no hook call.
    """

    def __init__(self, reader: ReaderView) -> None:
        self.reader = reader
        self.source = reader.source
        self.facts = reader.info.facts
        self.hooks: dict[type, object] = {
            ast.FunctionDef: self.function,
            ast.AsyncFunctionDef: self.function,
            ast.ExceptHandler: self.except_handler,
            ast.Raise: self.raise_,
        }

    def add(self, kind: str, node: ast.AST, detail: str = "") -> None:
        self.facts.append(CodeFact(kind, self.source.span(node), detail))

    # -- hooks ---------------------------------------------------------------

    def name(self, node: ast.Name) -> None:
        kind = NAME_FACTS.get(node.id)
        if kind is not None:
            self.add(kind, node, node.id)

    def attribute(self, node: ast.Attribute) -> None:
        kind = NAME_FACTS.get(node.attr)
        if kind is not None:
            self.add(kind, node, node.attr)

    def raise_(self, node: ast.Raise) -> None:
        self.add("deny", node, "raise")

    def except_handler(self, node: ast.ExceptHandler) -> None:
        """``except: pass`` (or ``except: ...``) swallows every exception, even KeyboardInterrupt."""
        if node.type is None and len(node.body) == 1:
            body = node.body[0]
            if isinstance(body, ast.Pass) or (
                isinstance(body, ast.Expr) and isinstance(body.value, ast.Constant) and body.value.value is Ellipsis
            ):
                line, column = self.source.start(node)
                self.facts.append(CodeFact("bare_except_pass", Span.point(line, column + 1, len("except"))))

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """The function's range (to group facts by function) and an unjustified ``@csrf_exempt``."""
        self.add("function", node, node.name)
        for decorator in node.decorator_list:
            if self.reader.called_name(decorator) == "csrf_exempt" and not self._justifies_csrf(node, decorator):
                self.add("csrf_exempt", decorator, node.name)

    def _justifies_csrf(self, node: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.expr) -> bool:
        """A docstring, or a comment on the decorator/def line, that says why CSRF is off."""
        docstring = ast.get_docstring(node, clean=False) or ""
        if "csrf" in docstring.lower():
            return True
        if any(_tail(d.func if isinstance(d, ast.Call) else d) in SAFE_METHOD_ONLY for d in node.decorator_list):
            return True  # ``@require_GET``: Django never checks CSRF on GET/HEAD, the exemption changes nothing
        for line in {decorator.lineno, node.lineno}:
            text = self.source.line(line)
            if "#" in text and "csrf" in text[text.index("#") :].lower().replace("csrf_exempt", ""):
                return True
        return False

    def call(self, node: ast.Call, tail: str) -> None:
        """Called by the walk for every call whose name it could read (``tail``: ``called_name(node.func)``)."""
        func = node.func
        if isinstance(func, ast.Name):
            self._name_call(node, tail)
        else:
            assert isinstance(func, ast.Attribute)
            self._method_call(node, func)
        self._any_call(node, tail)

    # -- calls ---------------------------------------------------------------

    def _name_call(self, node: ast.Call, name: str) -> None:
        if name == "print" and "print" not in self.reader.imports:
            if not any(kw.arg == "file" for kw in node.keywords):
                self.add("print", node)

    def _method_call(self, node: ast.Call, func: ast.Attribute) -> None:
        attr, args = func.attr, node.args
        if attr in LOG_LEVELS and args and (
            (isinstance(func.value, ast.Name) and func.value.id in LOGGER_NAMES) or _tail(func.value) in LOGGER_NAMES
        ):
            if isinstance(args[0], ast.JoinedStr) and _interpolates(args[0]):
                self.add("logger_fstring", node, attr)
        elif attr in SQL_SINKS and args and _interpolates(args[0]) and not _composes_sql(args[0]):
            if not _NOSEC.search(self.source.line(node.lineno)):  # bandit's reviewed-line marker
                self.add("sql_format", node, attr)
        elif attr == "patch" and args and _tail(func.value) == "self" and isinstance(func.value, ast.Name):
            self.add("patch_params", node, ",".join(_patch_params(args[0])))
        elif attr == "get" and self._looks_up_by_request(node):
            self.add("object_lookup", node)
        if attr in ("save", "join") and not isinstance(func.value, ast.Constant):
            if any(_mentions_raw_client_name(arg) for arg in args):
                self.add("client_name_path", node, attr)
        if (attr in QUERYSET_WRITES or attr in INSTANCE_WRITES) and _writes_database(func, node):
            self.add("db_write", node, attr)

    def _any_call(self, node: ast.Call, tail: str) -> None:
        position = _TEMPLATE_LOADERS.get(tail)
        if position is not None and len(node.args) > position:
            for name in _template_names(node.args[position]):
                self.add("template_ref", node, name)
        if tail in REDIRECTS and node.args and _reads_request_data(node.args[0]):
            self.add("redirect_input", node, tail)
        elif tail in REDIRECT_GUARDS:
            self.add("redirect_guard", node, tail)
        elif tail == "method_decorator":
            target = _dispatch_decorator_target(node)
            if target is not None:
                self.add("dispatch_decorator", node, target)
        if (
            tail in AUTH_SCOPE_CALLS
            or tail.endswith(("check_permissions", "has_perm", "has_perms"))
            or (node.keywords and any(kw.arg in SCOPE_KEYWORDS for kw in node.keywords))
        ):
            self.add("auth_scope", node, tail)

    @staticmethod
    def _looks_up_by_request(node: ast.Call) -> bool:
        """``.get(pk=<URL or request value>)``: the object id comes from the browser."""
        for kw in node.keywords:
            if kw.arg is not None and (kw.arg in ("pk", "id") or kw.arg.endswith("_id")):
                value = kw.value
                if _reads_request_data(value) or (isinstance(value, ast.Name) and value.id in LOOKUP_NAMES):
                    return True
        return any(_reads_request_data(arg) for arg in node.args)
