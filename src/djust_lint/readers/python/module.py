"""The module reader: one ``ast`` walk that fills a ModuleInfo (imports, classes, routes, references)."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from types import MethodType as _MethodType
from typing import Literal

from ...core.model import (
    ClassInfo,
    Decorator,
    Method,
    ModuleInfo,
    Param,
    ParamKind,
    Reference,
    Route,
    Span,
    StateAttr,
    TemplateSource,
    shared,
)
from ...core.vocabulary import NAME_FACTS
from ..markup_safety import UNSAFE_MARKUP, MarkupCalls
from ..template_methods import METHODS as TEMPLATE_METHODS
from ..template_methods import read_template_methods
from .facts import _FactCollector
from .source import _SourceMap
from .syntax import (
    _added_operands,
    _assignment_pairs,
    _call_argument,
    _dotted,
    _flatten,
    _join,
    _leftmost_operand,
    _literal_text,
    _relative_base,
    _str_constant,
)

_STRING_START = re.compile(r"([rRbBuUfF]{0,2})('''|\"\"\"|'|\")")
_STRING_BODY = {
    "'": re.compile(r"(?:[^\\'\n]|\\.)*", re.DOTALL),
    '"': re.compile(r'(?:[^\\"\n]|\\.)*', re.DOTALL),
    "'''": re.compile(r"(?:[^\\']|\\.|'(?!''))*", re.DOTALL),
    '"""': re.compile(r'(?:[^\\"]|\\.|"(?!""))*', re.DOTALL),
}
_IDENTIFIER_STRING = re.compile(r"[a-z_][a-z0-9_]{0,63}")
#: An event named inside a JSON/JS payload written in a Python string: ``{"event": "save"}``.
_EVENT_PAYLOAD = re.compile(r"""["']?event["']?\s*:\s*["']([a-z_][a-z0-9_]{0,63})["']""")
"""Short identifier-like string literals that may name a handler (``getattr(self, "save")``)."""

_TEMPLATE_ATTRS = ("template_name", "template")
_ROUTE_FUNCTIONS: dict[str, Literal["path", "re_path", "url"]] = {
    "path": "path",
    "re_path": "re_path",
    "url": "url",
}
_URLPATTERNS = "urlpatterns"
_URLPATTERNS_METHODS = frozenset({"append", "extend", "insert"})
_JS_FACTORIES = frozenset({"djust.js.JS", "djust.JS"})
_PROPERTY_DECORATORS = frozenset({"property", "cached_property"})
_ACCESSOR_ATTRS = frozenset({"setter", "getter", "deleter"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SEQUENCES = (ast.List, ast.Tuple, ast.Set)
_LEAF_FIELDS = frozenset(
    {
        "ctx",
        "id",
        "attr",
        "arg",
        "name",
        "asname",
        "names",
        "module",
        "level",
        "kind",
        "conversion",
        "is_async",
        "simple",
        "type_comment",
        "type_ignores",
        "kwd_attrs",
    }
)
"""AST fields that never hold a node worth visiting (identifiers, flags, ``Load``/``Store``)."""
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_ASSIGNING_NODES = frozenset({ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Call})


# ---------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------


class _ModuleReader:
    """Fills one ModuleInfo from a parsed tree; holds the per-file lookup state."""

    def __init__(self, text: str, info: ModuleInfo, markup: MarkupCalls | None = None) -> None:
        self.source = _SourceMap(text)
        self.markup = markup
        """Told about scopes and ``mark_safe``-like calls during the walk (``None``: the text has none)."""
        self.info = info
        self.module = info.name
        self.imports = info.imports
        self.module_assignments: dict[str, ast.expr] = {}
        self.method_scanners: dict[int, _SelfScanner] = {}
        """``id(def node)`` -> scanner filled during the single whole-tree walk."""
        self.class_methods: list[tuple[ClassInfo, list[Method]]] = []
        facts = _FactCollector(self)
        self.fact_hooks = facts.hooks
        """Node type -> fact hook, called by the single walk (security/quality facts)."""
        self.fact_call = facts.call
        """The fact hook for calls, given the called name the walk computed once."""
        self.fact_name, self.fact_attribute = facts.name, facts.attribute
        """Fact hooks for the (rare) names and attributes listed in ``NAME_FACTS``."""

    def read(self, tree: ast.Module) -> None:
        """Statement-level structure first, then one walk over every node, then state."""
        statements = list(_flatten(tree.body))
        for statement in statements:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                self._import(statement)
        for statement in statements:
            self._module_statement(statement)
        for statement in statements:
            self._urlpatterns_statement(statement)
        self._scan_tree(tree)
        for info, methods in self.class_methods:
            for method in methods:
                for assignment in method.self_assignments:
                    info.state.setdefault(assignment.name, assignment)

    # -- imports and name resolution ---------------------------------------

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        """Record local name -> absolute target; the first binding wins (try/except ImportError)."""
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.imports.setdefault(alias.asname, alias.name)
                else:
                    head = alias.name.split(".", 1)[0]
                    self.imports.setdefault(head, head)
            return
        base = node.module or ""
        if node.level:
            base = _join(_relative_base(self.module, self.info.is_package, node.level), base)
        for alias in node.names:
            if alias.name == "*":
                if base and base not in self.info.star_imports:
                    self.info.star_imports.append(base)
                continue
            self.imports.setdefault(alias.asname or alias.name, _join(base, alias.name))

    def _imported(self, dotted: str) -> str | None:
        """``dotted`` with its first segment replaced by the import target, if imported."""
        head, _, rest = dotted.partition(".")
        target = self.imports.get(head)
        if target is None:
            return None
        return f"{target}.{rest}" if rest else target

    def called_name(self, func: ast.expr) -> str | None:
        """Last segment of what ``func`` names, through import aliases (``go`` after ``redirect as go``).

        Rules recognise calls by function name; following the alias here means
        every one of them sees ``mark_safe as safe`` or ``import ... as m`` alike.
        Only a bare name can be an alias: an import replaces the first segment of
        a dotted name, so ``a.b.save`` ends in ``save`` whatever ``a`` is (this
        runs for every call of every file, hence no dotted string is built).
        """
        if isinstance(func, ast.Attribute):
            return func.attr
        if isinstance(func, ast.Name):
            target = self.imports.get(func.id)
            return target.rsplit(".", 1)[-1] if target else func.id
        return None

    def _resolve_name(self, dotted: str) -> str:
        """Imported target, else a name of this module (the project resolver decides later)."""
        return self._imported(dotted) or f"{self.module}.{dotted}"

    def _resolve_expression(self, node: ast.expr) -> str:
        """Dotted target of a base/view expression; ``Generic[T]`` -> ``Generic``."""
        if isinstance(node, ast.Subscript):
            node = node.value
        dotted = _dotted(node)
        if dotted is None:
            return self.source.segment(node)
        return self._resolve_name(dotted)

    def _is_djust_name(self, func: ast.expr, short_name: str) -> bool:
        """True for ``short_name`` (or an alias of it) imported from djust, or left unresolved."""
        dotted = _dotted(func)
        if dotted is None:
            return False
        resolved = self._imported(dotted)
        if resolved is None:
            return dotted == short_name
        return resolved.startswith("djust.") and resolved.rsplit(".", 1)[-1] == short_name

    # -- module level -------------------------------------------------------

    def _module_statement(self, statement: ast.stmt) -> None:
        """Classes, plus module-level names that urlpatterns expressions may refer to."""
        if isinstance(statement, ast.ClassDef):
            self._class(statement, outer=None)
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    self.module_assignments.setdefault(target.id, statement.value)
                    # ``Base = LiveView`` (often under ``if TYPE_CHECKING``) is an alias
                    # a class may inherit from; the first binding wins, like imports.
                    dotted = _dotted(statement.value)
                    if dotted is not None and target.id not in self.imports:
                        self.imports[target.id] = self._resolve_name(dotted)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            if isinstance(statement.target, ast.Name):
                self.module_assignments.setdefault(statement.target.id, statement.value)

    # -- classes --------------------------------------------------------------

    def _class(self, node: ast.ClassDef, outer: ClassInfo | None) -> None:
        """Read a class and, recursively, the classes nested in its body."""
        qualname = f"{outer.qualname if outer else self.module}.{node.name}"
        info = ClassInfo(
            name=node.name,
            qualname=qualname,
            module=self.module,
            path=self.info.path,
            span=self.source.keyword_name_span(node),
            bases=[self._resolve_expression(base) for base in node.bases],
            base_spans=[self.source.span(base) for base in node.bases],
            nested=outer is not None,
            decorators=[self._decorator(expr) for expr in node.decorator_list],
            end_line=node.end_lineno or node.lineno,
        )
        self.info.classes.append(info)
        methods: list[Method] = []
        template_functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        for statement in _flatten(node.body):
            if isinstance(statement, _FUNCTIONS):
                methods.append(self._class_method(info, statement))
                if statement.name in TEMPLATE_METHODS:
                    template_functions.append(statement)
            elif isinstance(statement, ast.ClassDef):
                self._class(statement, outer=info)
            elif isinstance(statement, ast.Assign):
                for target in statement.targets:
                    for single, value in _assignment_pairs(target, statement.value):
                        self._class_assignment(info, single, value)
            elif isinstance(statement, ast.AnnAssign):
                self._class_assignment(info, statement.target, statement.value)
        if template_functions:
            info.template_methods = read_template_methods(
                template_functions, _class_values(node.body), self._template_source, self.source.span, self.source.segment
            )
        self.class_methods.append((info, methods))

    def _class_method(
        self, info: ClassInfo, node: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> Method:
        """Add a method (property accessors keep the property) and its accessor state."""
        method = self._method(node)
        if node.name == "get_context_data":
            info.context_dynamic = not _read_context_keys(node, info.context_keys, self.source.span)
        previous = info.methods.get(method.name)
        if previous is None or not _is_accessor_of(method, method.name):
            info.methods[method.name] = method
        origin = _accessor_origin(method)
        if origin is not None:
            info.state.setdefault(method.name, StateAttr(method.name, origin, method.span))
        return method

    def _class_assignment(self, info: ClassInfo, target: ast.expr, value: ast.expr | None) -> None:
        """``name = value`` / ``name: T [= value]`` in a class body: state, class_attrs, templates."""
        if not isinstance(target, ast.Name):
            return
        name = target.id
        value_source = self.source.segment(value) if value is not None else None
        origin: Literal["class", "state"] = "class"
        if isinstance(value, ast.Call) and self._is_djust_name(value.func, "state"):
            origin = "state"
        info.state.setdefault(
            name, StateAttr(name, origin, self.source.span(target), value_source=value_source)
        )
        if value is None or value_source is None:
            return
        info.class_attrs[name] = value_source
        if name in _TEMPLATE_ATTRS:
            setattr(info, name, self._template_source(name, value))  # type: ignore[arg-type]

    # -- methods --------------------------------------------------------------

    def _method(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Method:
        """Signature, decorators and positions; the body is scanned later by the tree walk."""
        decorators = [self._decorator(expr) for expr in node.decorator_list]
        short_names = {decorator.short_name for decorator in decorators}
        is_static = "staticmethod" in short_names
        positional = [*node.args.posonlyargs, *node.args.args]
        self_name = positional[0].arg if positional and not is_static else None
        method = Method(
            name=node.name,
            params=self._params(node.args, skip_first=self_name is not None),
            decorators=decorators,
            span=self.source.keyword_name_span(node),
            def_span=self._def_span(node),
            is_async=isinstance(node, ast.AsyncFunctionDef),
            is_static=is_static,
            docstring=ast.get_docstring(node),
        )
        if self_name is not None:
            assigns = "classmethod" not in short_names
            self.method_scanners[id(node)] = _SelfScanner(self, method, self_name, assigns)
        return method

    def _def_span(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Span:
        """From the first decorator's ``@`` (or ``def``/``async``) to the end of the body."""
        line, column = self.source.start(node)
        if node.decorator_list:
            line, column = self.source.start(node.decorator_list[0])
            at = self.source.line(line).rfind("@", 0, column)
            column = at if at >= 0 else column
        end_line, end_column = self.source.end(node)
        return Span(line, column + 1, end_line, end_column + 1)

    def _params(self, args: ast.arguments, *, skip_first: bool) -> list[Param]:
        """Parameters in declaration order, minus ``self``/``cls`` (handlers' browser-facing params)."""
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults.extend(args.defaults)
        kinds: list[ParamKind] = ["positional_only"] * len(args.posonlyargs)
        kinds.extend(["positional_or_keyword"] * len(args.args))
        params = [self._param(a, k, d) for a, k, d in zip(positional, kinds, defaults, strict=False)]
        if skip_first and params:
            params.pop(0)
        if args.vararg is not None:
            params.append(self._param(args.vararg, "var_positional", None))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=False):
            params.append(self._param(arg, "keyword_only", default))
        if args.kwarg is not None:
            params.append(self._param(args.kwarg, "var_keyword", None))
        return params

    def _param(self, arg: ast.arg, kind: ParamKind, default: ast.expr | None) -> Param:
        """One parameter with annotation and default as source text (for type coercion rules)."""
        return shared(Param(
            name=arg.arg,
            kind=kind,
            has_default=default is not None,
            annotation=self.source.segment(arg.annotation) if arg.annotation else None,
            default=self.source.segment(default) if default is not None else None,
        ))

    def _decorator(self, expr: ast.expr) -> Decorator:
        """``@name``, ``@mod.name``, ``@name(...)`` -> written/resolved names and keywords."""
        call = expr if isinstance(expr, ast.Call) else None
        target = call.func if call is not None else expr
        written = _dotted(target) or self.source.segment(target)
        keywords: dict[str, str] = {}
        if call is not None:
            keywords = {kw.arg: self.source.segment(kw.value) for kw in call.keywords if kw.arg}
        return Decorator(
            written=written,
            resolved=self._imported(written) or written,
            is_call=call is not None,
            keywords=keywords,
            span=self.source.span(expr),
        )

    # -- template sources ---------------------------------------------------

    def _template_source(
        self, attr: Literal["template_name", "template", "get_template", "get_template_names"], value: ast.expr
    ) -> TemplateSource:
        """Literal value and the file position of its first content character."""
        span = self.source.span(value)
        if isinstance(value, ast.Constant) and value.value is None:
            return TemplateSource(attr, None, dynamic=False, span=span)
        text = _literal_text(value)
        if text is None:
            return TemplateSource(attr, None, dynamic=True, span=span)
        first = _leftmost_operand(value)
        line, column = self.source.start(first)
        literal = _scan_string_literal(self.source.segment(first))
        if literal is None:  # not expected for a literal; keep the value, drop positions
            return TemplateSource(attr, text, False, span, line, column + 1, exact_positions=False)
        content_start, raw_content, concatenated = literal
        exact = (
            first is value
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
            and not concatenated
            and raw_content == text
        )
        return TemplateSource(attr, text, False, span, line, column + content_start + 1, exact)

    # -- routes ---------------------------------------------------------------

    def _urlpatterns_statement(self, statement: ast.stmt) -> None:
        """``urlpatterns = ...``, ``urlpatterns += ...``, ``urlpatterns.append(...)``."""
        if isinstance(statement, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == _URLPATTERNS for t in statement.targets):
                self._collect_routes(statement.value, None, {_URLPATTERNS})
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            target = statement.target
            if isinstance(target, ast.Name) and target.id == _URLPATTERNS and statement.value:
                self._collect_routes(statement.value, None, {_URLPATTERNS})
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            func = statement.value.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in _URLPATTERNS_METHODS
                and isinstance(func.value, ast.Name)
                and func.value.id == _URLPATTERNS
            ):
                for arg in statement.value.args:
                    self._collect_routes(arg, None, {_URLPATTERNS})

    def _collect_routes(self, node: ast.expr, prefix: str | None, seen: set[str]) -> None:
        """Find route calls in a urlpatterns expression (lists, ``+``, ``*``, wrappers, names)."""
        if isinstance(node, _SEQUENCES):
            for element in node.elts:
                self._collect_routes(element, prefix, seen)
        elif isinstance(node, ast.Starred):
            self._collect_routes(node.value, prefix, seen)
        elif isinstance(node, ast.BinOp):
            for operand in _added_operands(node):
                self._collect_routes(operand, prefix, seen)
        elif isinstance(node, ast.Name):
            value = self.module_assignments.get(node.id)
            if value is not None and node.id not in seen:
                self._collect_routes(value, prefix, seen | {node.id})
        elif isinstance(node, ast.Call):
            self._route_call(node, prefix, seen)

    def _route_call(self, call: ast.Call, prefix: str | None, seen: set[str]) -> None:
        """Dispatch on the function name (aliases followed); unknown wrappers are searched for routes."""
        function = self.called_name(call.func)
        if function in _ROUTE_FUNCTIONS:
            self._path_route(call, _ROUTE_FUNCTIONS[function], prefix, seen)
        elif function == "live_session":
            self._live_session(call, prefix, seen)
        elif function == "include":
            self._include_route(call, None, None, call, prefix, seen)
        else:  # i18n_patterns(*...), format_suffix_patterns([...]) and friends
            for arg in call.args:
                self._collect_routes(arg, prefix, seen)
            for kw in call.keywords:
                self._collect_routes(kw.value, prefix, seen)

    def _path_route(
        self,
        call: ast.Call,
        kind: Literal["path", "re_path", "url"],
        prefix: str | None,
        seen: set[str],
    ) -> None:
        """``path(route, view, kwargs, name)``; a view that is ``include(...)`` makes an include."""
        pattern_node = _call_argument(call, 0, "regex" if kind == "url" else "route")
        pattern = _literal_text(pattern_node) if pattern_node is not None else None
        name_node = _call_argument(call, 3, "name")
        name = _literal_text(name_node) if name_node is not None else None
        view = _call_argument(call, 1, "view")
        if isinstance(view, ast.Call) and self.called_name(view.func) == "include":
            self._include_route(view, pattern, name, call, prefix, seen)
            return
        target = self._view_target(view) if view is not None else None
        self.info.routes.append(Route(kind, pattern, target, name, self.source.span(call), prefix))

    def _include_route(
        self,
        include: ast.Call,
        pattern: str | None,
        name: str | None,
        call: ast.Call,
        prefix: str | None,
        seen: set[str],
    ) -> None:
        """``include("app.urls")``, ``include(module)``, ``include(("app.urls", "ns"))``, ``include([...])``."""
        argument = _call_argument(include, 0, "arg")
        if isinstance(argument, ast.Tuple) and argument.elts:
            argument = argument.elts[0]
        target: str | None = None
        if isinstance(argument, ast.List):
            self._collect_routes(argument, prefix, seen)
        elif argument is not None:
            literal = _literal_text(argument)
            dotted = _dotted(argument)
            if literal is not None:
                target = literal
            elif dotted is not None:
                target = self._resolve_name(dotted)
        self.info.routes.append(
            Route("include", pattern, target, name, self.source.span(call), prefix)
        )

    def _live_session(self, call: ast.Call, prefix: str | None, seen: set[str]) -> None:
        """djust ``live_session(prefix, [paths...], session_name)``: one route plus prefixed paths."""
        prefix_node = _call_argument(call, 0, "prefix")
        session_prefix = _literal_text(prefix_node) if prefix_node is not None else None
        name_node = _call_argument(call, 2, "session_name")
        name = _literal_text(name_node) if name_node is not None else None
        span = self.source.span(call)
        self.info.routes.append(Route("live_session", session_prefix, None, name, span, prefix))
        patterns = _call_argument(call, 1, "patterns")
        if patterns is not None:
            self._collect_routes(patterns, session_prefix, seen)

    def _view_target(self, view: ast.expr) -> str | None:
        """``V.as_view()`` -> V, ``login_required(V.as_view())`` -> V, ``func`` -> func."""
        while isinstance(view, ast.Call):
            func = view.func
            if isinstance(func, ast.Attribute) and func.attr == "as_view":
                view = func.value
                break
            if not view.args:
                return None
            view = view.args[0]
        dotted = _dotted(view)
        return self._resolve_name(dotted) if dotted is not None else None

    # -- whole-tree scan: string constants and references --------------------

    def _scan_tree(self, tree: ast.Module) -> None:
        """The single walk over every node, for the module and for every method.

        It collects identifier-like strings and by-name references for the
        module, and feeds the nodes inside each method to that method's
        ``self`` scanner (closures included, nested classes excluded).
        """
        self._walk(tree, None)
        for scanner in self.method_scanners.values():
            scanner.finish()
        self.info.references.sort(key=lambda ref: (ref.span.line, ref.span.column))
        self.info.facts.sort(key=lambda fact: (fact.span.line, fact.span.column))

    def _walk(self, root: ast.AST, scanner: _SelfScanner | None) -> None:
        """Pre-order, depth-first, source-ordered walk of ``root`` (the hot loop of the reader).

        A method's subtree is walked with its scanner and a class inside a
        method without one, by recursing (nesting depth only).  Lists of
        children may hold ``None`` (dict ``**`` keys); such items have no
        fields and fall through harmlessly.  A bound method on the stack is
        called when popped, i.e. once the subtree pushed after it is done
        (how the ``mark_safe`` collector learns where scopes and calls end).
        """
        constants = self.info.string_constants
        scanners = self.method_scanners
        hooks = self.fact_hooks
        name_facts = NAME_FACTS
        fact_name, fact_attribute, fact_call = self.fact_name, self.fact_attribute, self.fact_call
        markup = self.markup
        called_name = self.called_name
        assigning = _ASSIGNING_NODES
        stack: list[object] = [root]
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            node = pop()
            kind = type(node)
            # The four commonest kinds first, each handled whole (children pushed here).
            if kind is ast.Constant:
                value = node.value  # type: ignore[attr-defined]
                if type(value) is str:
                    if _IDENTIFIER_STRING.fullmatch(value):
                        constants.add(value)
                    elif "event" in value:  # ``'{"event": "update_status", ...}'`` payloads name handlers
                        constants.update(_EVENT_PAYLOAD.findall(value))
                continue
            if kind is ast.Name:  # no children; ``self`` scanners ignore bare names
                if node.id in name_facts:  # type: ignore[attr-defined]
                    fact_name(node)
                continue
            if kind is ast.Attribute:
                if node.attr in name_facts:  # type: ignore[attr-defined]
                    fact_attribute(node)
                if scanner is not None:
                    scanner.visit(node)  # type: ignore[arg-type]
                push(node.value)  # type: ignore[attr-defined]
                continue
            if kind is ast.Call:
                func = node.func  # type: ignore[attr-defined]
                name = called_name(func)
                if name is not None:
                    if name == "live_render" or name == "push":
                        self._call_reference(node, name)  # type: ignore[arg-type]
                    fact_call(node, name)
                    if markup is not None and name in UNSAFE_MARKUP and node.args:  # type: ignore[attr-defined]
                        markup.call(node)  # type: ignore[arg-type]
                        push(markup.close)
                if scanner is not None:
                    scanner.visit(node)  # type: ignore[arg-type]
                extend(reversed(node.keywords))  # type: ignore[attr-defined]
                extend(reversed(node.args))  # type: ignore[attr-defined]
                push(func)
                continue
            if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                inner = scanners.get(id(node))
                if inner is not None and inner is not scanner:
                    self._walk(node, inner)  # type: ignore[arg-type]
                    continue
                if markup is not None:
                    markup.enter(node)
                    push(markup.leave)
            elif kind is ast.ClassDef:
                if scanner is not None:
                    self._walk(node, None)  # type: ignore[arg-type]
                    continue
                if markup is not None:
                    markup.enter(node)
                    push(markup.leave)
            elif kind is ast.JoinedStr:  # literal parts are f-string fragments, not names
                extend(v for v in reversed(node.values) if type(v) is not ast.Constant)  # type: ignore[attr-defined]
                continue
            elif kind is ast.Lambda:
                if markup is not None:
                    markup.enter(node)
                    push(markup.leave)
            elif kind is _MethodType:  # the end of a subtree the mark_safe collector asked about
                node()  # type: ignore[operator]
                continue
            hook = hooks.get(kind)
            if hook is not None:
                hook(node)  # type: ignore[operator]
            if scanner is not None and kind in assigning:
                scanner.visit(node)  # type: ignore[arg-type]
            fields = _CHILD_FIELDS.get(kind)
            if fields is None:
                fields = _child_fields(kind)
            for field in fields:
                value = getattr(node, field, None)
                if type(value) is list:
                    extend(reversed(value))
                elif value is not None:
                    push(value)

    def _call_reference(self, call: ast.Call, name: str) -> None:
        """``live_render(...)`` view paths and ``JS.push(...)`` handler names (``name``: :meth:`called_name`)."""
        func = call.func
        if name == "live_render":
            # Positional literals (djust's is ``live_render(context, view_path)``) and
            # ``view_path=``; other keywords are mount kwargs for the child, not views.
            for arg in (*call.args, *(kw.value for kw in call.keywords if kw.arg == "view_path")):
                self._add_reference("live_render", arg)
        elif isinstance(func, ast.Attribute) and func.attr == "push" and self._is_js(func.value):
            event = _call_argument(call, 0, "event")
            if event is not None:
                self._add_reference("js_push", event)

    def _add_reference(self, kind: Literal["live_render", "js_push"], node: ast.expr) -> None:
        """Record a literal argument as a reference; dynamic arguments cannot be resolved."""
        target = _str_constant(node)
        if target is not None:
            self.info.references.append(
                Reference(kind, target, self.info.path, self.source.span(node))
            )

    def _is_js(self, node: ast.expr) -> bool:
        """``JS``, ``djust.js.JS`` or a chain started from it (``JS.hide("#m")``)."""
        while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        dotted = _dotted(node)
        if dotted is None:
            return False
        return dotted == "JS" or (self._imported(dotted) or dotted) in _JS_FACTORIES


def _child_fields(kind: type) -> tuple[str, ...]:
    """Fields of an AST node type that may hold child nodes, reversed for stack pushing."""
    fields = tuple(
        name for name in reversed(getattr(kind, "_fields", ())) if name not in _LEAF_FIELDS
    )
    _CHILD_FIELDS[kind] = fields
    return fields


def _class_values(body: Sequence[ast.stmt]) -> dict[str, ast.expr]:
    """``name = value`` of a class body (first binding wins), for ``return self.name``."""
    values: dict[str, ast.expr] = {}
    for statement in _flatten(body):
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    values.setdefault(target.id, statement.value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None and isinstance(statement.target, ast.Name):
            values.setdefault(statement.target.id, statement.value)
    return values


def _accessor_origin(method: Method) -> Literal["computed", "property"] | None:
    """State origin contributed by a decorated method (``@computed``, ``@property``)."""
    for decorator in method.decorators:
        if decorator.short_name == "computed":
            return "computed"
        if decorator.short_name in _PROPERTY_DECORATORS:
            return "property"
    return None


def _is_accessor_of(method: Method, name: str) -> bool:
    """``@name.setter`` and friends: the property defined earlier stays the method entry."""
    return any(
        decorator.written.rsplit(".", 1) == [name, decorator.short_name]
        and decorator.short_name in _ACCESSOR_ATTRS
        for decorator in method.decorators
    )


def _scan_string_literal(text: str) -> tuple[int, str, bool] | None:
    """Parse the first string literal of ``text``.

    Returns (offset of the content's first character, raw content text, whether
    more literals follow, i.e. implicit concatenation), or None if ``text``
    does not start with a string literal.
    """
    start = _STRING_START.match(text)
    if start is None:
        return None
    quote = start.group(2)
    body = _STRING_BODY[quote].match(text, start.end())
    assert body is not None  # the body pattern accepts the empty string
    rest = text[body.end() + len(quote) :]
    return start.end(), body.group(), bool(rest.strip())


class _SelfScanner:
    """Collects ``self.<name>`` reads and assignments of one method.

    The module walk hands it every node inside the method, including nested
    functions and lambdas (closures see ``self``) but not nested classes
    (their ``self`` is another object).
    """

    def __init__(
        self, reader: _ModuleReader, method: Method, self_name: str, assigns: bool
    ) -> None:
        self.reader = reader
        self.method = method
        self.self_name = self_name
        self.assigns = assigns
        self.reads: dict[str, None] = {}

    def visit(self, node: ast.AST) -> None:
        """Called by the module walk for every node inside the method."""
        kind = type(node)
        if kind is ast.Attribute:
            if isinstance(node.ctx, ast.Load) and self._is_self(node.value):  # type: ignore[attr-defined]
                self.reads.setdefault(node.attr)  # type: ignore[attr-defined]
        elif self.assigns and kind in _ASSIGNING_NODES:
            self._assignment(node)

    def finish(self) -> None:
        """Publish the reads once the walk is over."""
        self.method.called_self_methods = list(self.reads)

    def _is_self(self, node: ast.AST) -> bool:
        """The method's first parameter, whatever it is called."""
        return isinstance(node, ast.Name) and node.id == self.self_name

    def _assignment(self, node: ast.AST) -> None:
        """``self.x = ...`` (tuples too), ``self.x: T = ...``, ``self.x += ...``, ``setattr(self, "x", ...)``."""
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for single, value in _assignment_pairs(target, node.value):
                    self._record_attribute(single, value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            self._record_attribute(node.target, node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "setattr" and len(node.args) == 3 and self._is_self(node.args[0]):
                name = _str_constant(node.args[1])
                if name is not None:
                    self._record(name, self.reader.source.span(node.args[1]), node.args[2])
                else:
                    self.method.dynamic_setattr = True

    def _record_attribute(self, target: ast.expr, value: ast.expr) -> None:
        """Record ``target`` if it is ``self.<name>`` (not ``self.a.b`` or ``self.a[0]``)."""
        if isinstance(target, ast.Attribute) and self._is_self(target.value):
            span = self.reader.source.trailing_name_span(target, target.attr)
            self._record(target.attr, span, value)

    def _record(self, name: str, span: Span, value: ast.expr) -> None:
        """Append one ``origin="self"`` StateAttr with the value's source (for security rules)."""
        self.method.self_assignments.append(
            StateAttr(
                name=name,
                origin="self",
                span=span,
                method=self.method.name,
                value_source=self.reader.source.segment(value),
            )
        )


# -- get_context_data keys (template context rules) ---------------------------


def _is_super_context_call(node: ast.AST) -> bool:
    """``super().get_context_data(...)`` (any ``super(...)`` form)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get_context_data"
        and isinstance(node.func.value, ast.Call)
        and isinstance(node.func.value.func, ast.Name)
        and node.func.value.func.id == "super"
    )


def _read_context_keys(func: ast.FunctionDef | ast.AsyncFunctionDef, keys: dict[str, Span], span_of) -> bool:
    """Add the keys ``get_context_data`` provides to ``keys``; False when some are unknowable.

    Followed statically: ``return {"k": ...}``, ``return {**ctx, "k": ...}``,
    ``return dict(k=...)``, a local dict built from ``super().get_context_data()``
    / ``{...}`` / ``dict(...)`` and then grown with ``ctx["k"] = ...``,
    ``ctx.update(k=..., **{"j": ...})``, ``ctx.setdefault("k", ...)``.
    Anything else that could add a key (``ctx[name] = ...``, ``ctx.update(other)``,
    ``return helper()``) makes the context open, so callers stop guessing.
    """
    dicts: set[str] = set()
    complete = True
    nodes = list(ast.walk(func))
    for node in nodes:  # first the local dicts, wherever they are assigned
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if _context_dict_value(node.value, dicts, keys, span_of):
                dicts.add(node.targets[0].id)
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Subscript) and _is_dict_name(target.value, dicts):
                complete &= _add_constant_key(target.slice, keys, span_of)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_dict_name(node.func.value, dicts):
            complete &= _context_method_call(node, keys, span_of)
        elif isinstance(node, ast.Return) and node.value is not None:
            value = node.value
            if not (_is_dict_name(value, dicts) or _context_dict_value(value, dicts, keys, span_of)):
                complete = False
    return complete


def _is_dict_name(node: ast.AST, dicts: set[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in dicts


def _context_dict_value(node: ast.AST, dicts: set[str], keys: dict[str, Span], span_of) -> bool:
    """Record the keys of a dict-building expression; False if it is not one we can read."""
    if _is_super_context_call(node) or _is_dict_name(node, dicts):
        return True
    if isinstance(node, ast.IfExp):  # ``super().get_context_data() if ... else {}``
        return _context_dict_value(node.body, dicts, keys, span_of) and _context_dict_value(
            node.orelse, dicts, keys, span_of
        )
    if isinstance(node, ast.Dict):
        ok = True
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                ok &= _context_dict_value(value, dicts, keys, span_of)
            else:
                ok &= _add_constant_key(key, keys, span_of)
        return ok
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return _keyword_keys(node, dicts, keys, span_of) and all(
            _context_dict_value(arg, dicts, keys, span_of) for arg in node.args
        )
    return False


def _keyword_keys(call: ast.Call, dicts: set[str], keys: dict[str, Span], span_of) -> bool:
    ok = True
    for keyword in call.keywords:
        if keyword.arg is None:
            ok &= _context_dict_value(keyword.value, dicts, keys, span_of)
        else:
            keys.setdefault(keyword.arg, span_of(keyword))
    return ok


def _context_method_call(call: ast.Call, keys: dict[str, Span], span_of) -> bool:
    """``ctx.update(...)`` / ``ctx.setdefault("k", ...)``; other methods add nothing."""
    method = call.func.attr  # type: ignore[attr-defined]
    if method == "setdefault" and call.args:
        return _add_constant_key(call.args[0], keys, span_of)
    if method == "update":
        return _keyword_keys(call, set(), keys, span_of) and all(
            _context_dict_value(arg, set(), keys, span_of) for arg in call.args
        )
    return True


def _add_constant_key(node: ast.AST, keys: dict[str, Span], span_of) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        keys.setdefault(node.value, span_of(node))
        return True
    return False


