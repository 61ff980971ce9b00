"""Find ``mark_safe()`` calls whose argument may carry unescaped text.

``mark_safe(f"<b>{name}</b>")`` switches off escaping for ``name``: a cross-site
scripting hole when it comes from a user. A purely syntactic check (djust's
own ``validate_view`` searches the text for ``mark_safe(f"``) drowns real code
in false positives, because careful code escapes first::

    e_label = conditional_escape(label)
    parts = [f"<li>{conditional_escape(i)}</li>" for i in items]
    return mark_safe(f"<b>{e_label}</b><ul>{''.join(parts)}</ul>{self.nodelist.render(context)}")

So this pass judges every interpolated part by what reaches it, per function:
a local name is safe when *every* value it is given is safe (a literal, an
escaping or number-producing call, rendered template output, a string built
only from safe parts); a list, tuple or dict is safe when every item put in it
is (``append``/``extend``/``+=`` included), and what is read from a safe
container (a subscript, ``.get()``, a loop variable, ``"".join()``) is safe.
Module functions whose every ``return`` is safe are safe builders, so their
calls are safe too. Only a part that may carry an unescaped value is reported.
It reuses the module's syntax tree and the module reader's walk (one parse,
one walk per file): see :class:`MarkupCalls`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..core.model import CallSite, Span
from .astutil import dotted_name

#: Calls that switch off HTML escaping for their argument.
UNSAFE_MARKUP = frozenset({"mark_safe", "SafeString", "SafeText"})

#: Calls whose result is safe inside HTML: escaped text, numbers, rendered templates,
#: or markup already marked safe (its own call is judged where it is made).
ESCAPING_CALLS = frozenset(
    {
        "escape", "conditional_escape", "format_html", "format_html_join", "escapejs", "json_script",
        "urlencode", "quote", "int", "float", "len", "round", "abs", "bool", "mark_safe", "SafeString",
        "SafeText", "render_to_string", "render", "slugify", "id", "hash", "min", "max", "sum", "ord", "range", "count",
    }
)  # fmt: skip
#: ``str`` methods that keep a safe string safe (and a container's readers).
_PRESERVING_METHODS = frozenset(
    {"strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize", "get", "items", "values", "keys", "copy"}
)
#: ``list`` methods that put their argument(s) into the list.
_ADDING_METHODS = {"append": 0, "insert": 1, "extend": 0}
#: A format spec that only numbers accept (``{x:.2f}``, ``{n:d}``, ``{p:.0%}``).
_NUMERIC_SPEC = re.compile(r".*[bcdeEfFgGnoxX%]$")
_SAFE = ast.Constant("")  # what a value known to be safe is recorded as
#: What a value neither known safe nor known raw is recorded as (a call the pass cannot see into).
_UNKNOWN = ast.Call(func=ast.Name(id="<unknown>", ctx=ast.Load()), args=[], keywords=[])
#: Parameters holding a Django template ``Context``: tags stash rendered fragments there, so
#: what is read from it is not known to be raw.
_CONTEXT_PARAMETERS = frozenset({"context"})
#: Attributes that hold hex digits or a primary key (``uuid4().hex``, ``obj.pk``).
_SAFE_ATTRIBUTES = frozenset({"hex", "pk"})


def _escaping_name(name: str | None) -> bool:
    """A helper named for what it does: ``safe_url()``, ``_escape_attr()``, ``esc()``."""
    if not name:
        return False
    bare = name.lstrip("_").lower()
    return "escape" in bare or bare.startswith(("safe_", "esc_", "sanitize")) or bare == "esc"


def _last(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _item_of(container: ast.expr) -> ast.expr:
    """What iterating over ``container`` yields: safe exactly when the container is."""
    return ast.Subscript(value=container, slice=ast.Constant(0), ctx=ast.Load())


@dataclass(frozen=True)
class _Def:
    """One value a local name is given, where, and whether it replaces every earlier one."""

    line: int
    end: tuple[int, int]
    value: ast.expr | None
    kills: bool = False


class _Scope:
    """Safe local names of one function (or the module body).

    A name is safe everywhere when every value it is ever given is safe;
    otherwise a read is judged by the values that reach it in straight-line
    order: a top-level assignment (or an ``if``/``try`` that assigns on every
    path, or an allow-list check ``if x not in ALLOWED: x = default``) replaces
    everything given before it. Loops are not followed back.
    """

    def __init__(
        self, body: ast.AST, builders: _Builders | frozenset[str] = frozenset(), constants: frozenset[str] = frozenset()
    ) -> None:
        self.builders = builders
        self.constants = constants
        defs: dict[str, list[_Def]] = {}
        current: list[ast.AST] = [body]

        def assign(target: ast.AST | None, value: ast.expr | None) -> None:
            if isinstance(target, ast.Name):
                statement = current[0]
                line = getattr(statement, "lineno", 0)
                end = (getattr(statement, "end_lineno", line) or line, getattr(statement, "end_col_offset", 0) or 0)
                defs.setdefault(target.id, []).append(_Def(line, end, value))
            elif isinstance(target, (ast.Tuple, ast.List)):
                values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else _unpacked(value, len(target.elts))
                if values is not None and len(values) == len(target.elts):
                    for item_target, item_value in zip(target.elts, values, strict=True):
                        assign(item_target, item_value)
                else:
                    for item_target in target.elts:
                        assign(item_target, _item_of(value) if value is not None else None)
            elif isinstance(target, ast.Starred):
                assign(target.value, value)
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                assign(target.value, ast.List(elts=[value], ctx=ast.Load()) if value is not None else None)
            # attributes and subscripts of other objects are not locals

        sanitising: list[ast.Assign] = []
        for node in _own_nodes(body):
            current[0] = node
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    assign(target, node.value)
                if _sanitises_in_place(node):
                    sanitising.append(node)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                assign(node.target, node.value)
            elif isinstance(node, ast.AugAssign):
                # ``x += safe`` keeps x safe if x was; any other operator yields a number
                assign(node.target, node.value if isinstance(node.op, ast.Add) else _SAFE)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                assign(node.target, _item_of(node.iter))
            elif isinstance(node, ast.With):
                for item in node.items:
                    assign(item.optional_vars, None)
            elif isinstance(node, ast.NamedExpr):
                assign(node.target, node.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver, method = node.func.value, node.func.attr
                if isinstance(receiver, ast.Name) and method in _ADDING_METHODS and len(node.args) > _ADDING_METHODS[method]:
                    added = node.args[_ADDING_METHODS[method]]
                    assign(receiver, added if method == "extend" else ast.List(elts=[added], ctx=ast.Load()))
            elif isinstance(node, ast.ExceptHandler) and node.name:
                assign(ast.Name(id=node.name), None)
        if isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for arg in ast.walk(body.args):
                if isinstance(arg, ast.arg):
                    value = _UNKNOWN if arg.arg in _CONTEXT_PARAMETERS else None
                    defs.setdefault(arg.arg, []).append(_Def(0, (0, 0), value, kills=True))
        if isinstance(body, (ast.FunctionDef, ast.AsyncFunctionDef)):
            _mark_kills(body.body, defs)
            _mark_sanitising(sanitising, defs)
        for entries in defs.values():
            entries.sort(key=lambda d: (d.line, not d.kills))
        self.defs = defs
        self.assigned = frozenset(defs)
        self._reaching: dict[tuple[str, ...] | tuple[object, ...], bool] = {}
        self.safe: set[str] = set()
        changed = True
        while changed:  # fixpoint: a name built from safe names is safe
            changed = False
            for name, entries in defs.items():
                if name not in self.safe and all(d.value is not None and self.is_safe(d.value) for d in entries):
                    self.safe.add(name)
                    changed = True

    def _safe_name(self, node: ast.Name) -> bool:
        name = node.id
        if name in self.safe:
            return True
        if name in self.constants and name not in self.assigned:
            return True
        line = getattr(node, "lineno", None)
        if line is None or name not in self.defs:
            return False
        key = (name, line, getattr(node, "col_offset", 0))
        if key in self._reaching:
            return self._reaching[key]
        self._reaching[key] = False  # a cycle through this read is not safe
        position = (line, key[2])
        reaching = [d for d in self.defs[name] if d.end <= position]
        kills = [i for i, d in enumerate(reaching) if d.kills]
        if not kills:
            return False  # may be read before any assignment (a global, a closure): unknown
        result = all(d.value is not None and self.is_safe(d.value) for d in reaching[kills[-1] :])
        self._reaching[key] = result
        return result

    def is_safe(self, node: ast.expr) -> bool:
        """The value is safe in HTML: escaped, a number, a literal, or a container of such."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return self._safe_name(node)
        if isinstance(node, ast.Attribute):
            return node.attr in _SAFE_ATTRIBUTES or (node.attr in self.constants and _tail_is_self(node.value))
        if isinstance(node, ast.Call):
            return self._safe_call(node)
        if isinstance(node, ast.JoinedStr):
            return all(not isinstance(v, ast.FormattedValue) or self._safe_part(v) for v in node.values)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Mod) and not _is_str(node.left):
                return True  # ``a % b`` on numbers
            if isinstance(node.op, ast.Mod):
                parts = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
                return self.is_safe(node.left) and all(self.is_safe(p) for p in parts)
            if isinstance(node.op, (ast.Add, ast.Mult)):
                return self.is_safe(node.left) and self.is_safe(node.right)
            return True  # ``-``, ``/``, ``//``, ``**``, bit operators: numbers
        if isinstance(node, ast.IfExp):
            body_safe = self.is_safe(node.body) or self._checked_in_allow_list(node.body, node.test)
            return body_safe and self.is_safe(node.orelse)
        if isinstance(node, ast.BoolOp):
            return all(self.is_safe(v) for v in node.values)
        if isinstance(node, (ast.Compare, ast.UnaryOp)):
            return isinstance(node, ast.Compare) or isinstance(node.op, ast.Not) or self.is_safe(node.operand)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return all(self.is_safe(e.value if isinstance(e, ast.Starred) else e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(v is not None and self.is_safe(v) for v in node.values)
        if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            return self.is_safe(node.elt)
        if isinstance(node, ast.DictComp):
            return self.is_safe(node.value)
        if isinstance(node, ast.Subscript):
            return self.is_safe(node.value)
        return False

    def _checked_in_allow_list(self, value: ast.expr, test: ast.expr) -> bool:
        """``size if size in SIZES else None``: the value is a member of a safe container."""
        if not isinstance(value, ast.Name):
            return False
        conjuncts = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
        return any(
            isinstance(c, ast.Compare) and len(c.ops) == 1 and isinstance(c.ops[0], ast.In)
            and isinstance(c.left, ast.Name) and c.left.id == value.id and self.is_safe(c.comparators[0])
            for c in conjuncts
        )  # fmt: skip

    def _safe_part(self, value: ast.FormattedValue) -> bool:
        spec = value.format_spec
        if isinstance(spec, ast.JoinedStr) and len(spec.values) == 1 and isinstance(spec.values[0], ast.Constant):
            if _NUMERIC_SPEC.fullmatch(str(spec.values[0].value)):
                return True  # only numbers format with ``.2f``/``d``/``%``
        return self.is_safe(value.value)

    def _safe_call(self, node: ast.Call) -> bool:
        name = _last(node.func)
        if name in ESCAPING_CALLS or name in self.builders or _escaping_name(name):
            return True
        if name in ("str", "next"):
            return all(self.is_safe(a) for a in node.args)
        if not isinstance(node.func, ast.Attribute):
            return False
        receiver = node.func.value
        if name == "join":
            return self.is_safe(receiver) and all(self.is_safe(a) for a in node.args)
        if name == "format":
            return self.is_safe(receiver) and all(self.is_safe(v) for v in [*node.args, *(k.value for k in node.keywords)])
        if name in _PRESERVING_METHODS:
            return self.is_safe(receiver) and all(self.is_safe(a) for a in node.args[1:])
        return False

    def interpolates_unsafely(self, node: ast.expr) -> bool:
        """The argument builds a string from at least one part that carries an unescaped value."""
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(v, ast.FormattedValue) and self._tainted_part(v) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            return self.is_tainted(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
            return self.is_tainted(node)
        return False

    # -- taint: a value known to be raw (a parameter, an attribute, what is read from them) --

    def _tainted_part(self, value: ast.FormattedValue) -> bool:
        return not self._safe_part(value) and self.is_tainted(value.value)

    def is_tainted(self, node: ast.expr) -> bool:
        """The value is raw text from outside the function, unescaped.

        Results of calls the pass cannot see into (project helpers such as
        ``render_icon()`` or ``url_attr()``) are given the benefit of the
        doubt: only a value *known* to be unescaped is reported.
        """
        if self.is_safe(node):
            return False
        if isinstance(node, ast.Name):
            return self._tainted_name(node)
        if isinstance(node, ast.Attribute):
            return _tail_is_self(node.value) or self.is_tainted(node.value)
        if isinstance(node, ast.Subscript):
            return self.is_tainted(node.value)
        if isinstance(node, ast.Call):
            return self._tainted_call(node)
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(v, ast.FormattedValue) and self._tainted_part(v) for v in node.values)
        if isinstance(node, ast.BinOp):
            return isinstance(node.op, (ast.Add, ast.Mod, ast.Mult)) and (
                self.is_tainted(node.left) or self.is_tainted(node.right)
            )
        if isinstance(node, ast.IfExp):
            return self.is_tainted(node.body) or self.is_tainted(node.orelse)
        if isinstance(node, ast.BoolOp):
            return any(self.is_tainted(v) for v in node.values)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return any(self.is_tainted(e.value if isinstance(e, ast.Starred) else e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return any(v is not None and self.is_tainted(v) for v in node.values)
        if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            return self.is_tainted(node.elt)
        if isinstance(node, ast.DictComp):
            return self.is_tainted(node.value)
        return False

    def _tainted_call(self, node: ast.Call) -> bool:
        name = _last(node.func)
        if name in ("str", "repr", "next"):
            return any(self.is_tainted(a) for a in node.args)
        if not isinstance(node.func, ast.Attribute):
            return False
        receiver = node.func.value
        if name in ("join", "format"):
            return self.is_tainted(receiver) or any(
                self.is_tainted(v) for v in [*node.args, *(k.value for k in node.keywords)]
            )
        if name in _PRESERVING_METHODS or name in ("replace", "format_map", "pop", "setdefault"):
            return self.is_tainted(receiver) or any(self.is_tainted(a) for a in node.args[1:])
        return False

    def _tainted_name(self, node: ast.Name) -> bool:
        if node.id not in self.defs:
            return False  # a global or builtin: not known to be raw
        key = ("taint", node.id, getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        if key in self._reaching:
            return self._reaching[key]
        self._reaching[key] = False
        values = self._reaching_values(node)
        result = any(v is None or self.is_tainted(v) for v in values)
        self._reaching[key] = result
        return result

    def _reaching_values(self, node: ast.Name) -> list[ast.expr | None]:
        """The values that may reach this read (every value when its position is unknown)."""
        entries = self.defs.get(node.id, [])
        line = getattr(node, "lineno", None)
        if line is None:
            return [d.value for d in entries]
        reaching = [d for d in entries if d.end <= (line, getattr(node, "col_offset", 0))]
        kills = [i for i, d in enumerate(reaching) if d.kills]
        return [d.value for d in (reaching[kills[-1] :] if kills else entries)]


def _mark_kills(statements: list[ast.stmt], defs: dict[str, list[_Def]]) -> None:
    """Mark the top-level statements after which earlier values of a name no longer reach."""
    for statement in statements:
        end = (statement.end_lineno or statement.lineno, statement.end_col_offset or 0)
        if isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            bound = set().union(*(_target_names(t) for t in targets if not isinstance(t, (ast.Subscript, ast.Attribute))))
            for name in bound & defs.keys():
                entries = defs[name]
                for i, d in enumerate(entries):
                    if d.line == statement.lineno and d.end == end and not d.kills:
                        entries[i] = _Def(d.line, d.end, d.value, kills=True)
            continue
        if not isinstance(statement, (ast.If, ast.Try)):
            continue
        inside = [n for n, entries in defs.items() if any(statement.lineno < d.line <= end[0] for d in entries)]
        start = (statement.lineno, statement.col_offset)
        for name in inside:
            if _assigns_on_every_path([statement], name):
                defs[name].append(_Def(statement.lineno, start, _SAFE, kills=True))
        allowed = _allow_list_check(statement)
        if allowed is not None and allowed[0] in defs:
            defs[allowed[0]].append(_Def(statement.lineno, start, _item_of(allowed[1]), kills=True))


def _sanitises_in_place(node: ast.Assign) -> bool:
    """``x = int(x)`` / ``x = escape(x)``: authors sanitise a name in place before use."""
    if not (len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
        return False
    name, value = node.targets[0].id, node.value
    if not (isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Name)):
        return False
    function = _last(value.func)
    return value.args[0].id == name and (function in ESCAPING_CALLS or _escaping_name(function))


def _mark_sanitising(assignments: list[ast.Assign], defs: dict[str, list[_Def]]) -> None:
    """Each in-place sanitising assignment (met by the scope's one pass) replaces earlier values."""
    for node in assignments:
        name, value = node.targets[0].id, node.value  # type: ignore[attr-defined]
        entries = defs.get(name, [])
        for i, d in enumerate(entries):
            if d.line == node.lineno and d.value is value:
                entries[i] = _Def(d.line, d.end, d.value, kills=True)


def _allow_list_check(statement: ast.stmt) -> tuple[str, ast.expr] | None:
    """``if x not in ALLOWED: x = default`` (or ``return``/``raise``): x ends up in ALLOWED or replaced."""
    if not isinstance(statement, ast.If) or statement.orelse:
        return None
    test = statement.test
    if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and len(test.ops) == 1):
        return None
    if not isinstance(test.ops[0], ast.NotIn):
        return None
    name = test.left.id
    return (name, test.comparators[0]) if _assigns_on_every_path(statement.body, name) else None


def _assigns_on_every_path(statements: list[ast.stmt], name: str) -> bool:
    """Every way through ``statements`` assigns ``name`` at its top level, or leaves."""
    for statement in statements:
        if isinstance(statement, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
            return True
        if isinstance(statement, ast.Assign) and any(name in _target_names(t) for t in statement.targets):
            return True
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.target.id == name:
            if statement.value is not None:
                return True
        if isinstance(statement, ast.If) and statement.orelse:
            if _assigns_on_every_path(statement.body, name) and _assigns_on_every_path(statement.orelse, name):
                return True
        if isinstance(statement, ast.Try) and statement.handlers:
            body = statement.body + statement.orelse
            if _assigns_on_every_path(body, name) and all(
                _assigns_on_every_path(h.body, name) for h in statement.handlers
            ):
                return True
    return False


def _target_names(target: ast.AST) -> set[str]:
    """Names an assignment target binds (``a``, ``a, (b, c)``, ``*rest``)."""
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _unpacked(value: ast.expr | None, count: int) -> list[ast.expr] | None:
    """Per-target values of ``for i, x in enumerate(xs)`` / ``zip(a, b)`` items (else None)."""
    if not isinstance(value, ast.Subscript) or not isinstance(value.value, ast.Call):
        return None
    call = value.value
    name = _last(call.func)
    if name == "enumerate" and count == 2 and call.args:
        return [_SAFE, _item_of(call.args[0])]
    if name == "zip" and count == len(call.args):
        return [_item_of(arg) for arg in call.args]
    if name == "items" and count == 2 and isinstance(call.func, ast.Attribute):
        return [_UNKNOWN, _item_of(call.func.value)]  # keys are the program's names, values its data
    return None


def _tail_is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _is_str(node: ast.expr) -> bool:
    """The left operand of ``%`` is (or may be) a string, not a number."""
    return not (isinstance(node, ast.Constant) and isinstance(node.value, (int, float)))


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """Nodes of a scope, not descending into nested functions or classes."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


class _Builders:
    """The module's functions and methods whose every ``return`` is safe HTML, judged on demand.

    Only a name some ``mark_safe()`` argument actually calls is ever judged (once,
    memoised), so a 10,000-line template-tag module costs a few function scopes,
    not all of them. A name defined more than once (methods of several classes)
    must be safe in every definition; a builder calling itself is not assumed safe.
    """

    def __init__(
        self,
        tree: ast.Module,
        constants: frozenset[str],
        functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] | None = None,
    ) -> None:
        self.tree = tree
        self.constants = constants
        if functions is None:
            functions = {}
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    functions.setdefault(node.name, []).append(node)
            self._breadth_first = True
        else:
            self._breadth_first = False
        self.functions = functions
        """Name -> its definitions, in ``ast.walk`` (breadth-first) order, which decides which is judged first."""
        self.verdicts: dict[str, bool] = {}

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or name not in self.functions:
            return False
        if name not in self.verdicts:
            definitions = self.functions[name]
            if len(definitions) > 1 and not self._breadth_first:
                self._order_breadth_first()
                definitions = self.functions[name]
            self.verdicts[name] = False  # recursion guard
            self.verdicts[name] = all(self._returns_safe(d) for d in definitions)
        return self.verdicts[name]

    def _order_breadth_first(self) -> None:
        """Definitions given in source order (from the reader's walk) put in ``ast.walk`` order.

        Only a name defined more than once needs it (methods of several classes),
        so most modules never pay this walk.
        """
        rank = {id(n): i for i, n in enumerate(ast.walk(self.tree)) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for definitions in self.functions.values():
            definitions.sort(key=lambda d: rank[id(d)])
        self._breadth_first = True

    def _returns_safe(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        nodes = list(_own_nodes(function))
        if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in nodes):
            return False
        values = [n.value for n in nodes if isinstance(n, ast.Return)]
        if not values or any(v is None for v in values):
            return False
        scope = _Scope(function, self, self.constants)  # type: ignore[arg-type]
        return all(scope.is_safe(v) for v in values)  # type: ignore[arg-type]


def _constant_names(tree: ast.Module, classes: list[ast.ClassDef] | None = None) -> frozenset[str]:
    """UPPER_CASE module and class attributes only ever given literals (``SIZE_MAP = {"sm": 64}``).

    ``classes`` are every class of the module when the caller met them already (any order).
    """
    values: dict[str, list[ast.expr | None]] = {}
    if classes is None:
        classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    bodies = [tree.body] + [n.body for n in classes]
    for body in bodies:
        for statement in body:
            if isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            elif isinstance(statement, ast.AnnAssign):
                targets, value = [statement.target], statement.value
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper():
                    values.setdefault(target.id, []).append(value)
    literal = _Scope(ast.Module(body=[], type_ignores=[]))
    return frozenset(name for name, vs in values.items() if all(v is not None and literal.is_safe(v) for v in vs))


def might_mark_safe(text: str) -> bool:
    """Whether a module's text can hold a ``mark_safe``-like call at all (else nothing is collected).

    A call is recognised by the last segment of its resolved name, and every
    such segment comes from an identifier written in the file, so a file that
    never spells one cannot call one.
    """
    return "mark_safe" in text or "SafeString" in text or "SafeText" in text


@dataclass(eq=False)
class _Found:
    """One ``mark_safe``-like call met by the module walk, with its scope and enclosing such call."""

    call: ast.Call
    scope: int
    """Index of the innermost function, class or lambda around it (0: the module) in walk order."""
    children: list[_Found]
    """Such calls inside this one's arguments, in the same scope, in walk order."""


class MarkupCalls:
    """Collects ``mark_safe``-like calls during the module reader's single walk, then judges them.

    Finding the calls used to be a second walk over every node of a file that
    merely mentions ``mark_safe``; the reader's walk already meets every node,
    so it tells this collector about the few that matter — scopes entered and
    left, and each such call with its arguments' extent — and only the scopes
    holding a call are analysed afterwards (:meth:`judge`).

    Judging keeps the order of the former walk exactly (scopes in source
    pre-order; inside a scope, last statement first and an enclosing call
    before the calls in its arguments), because the memoised builder verdicts
    can depend on the order questions are asked in (mutual recursion).
    """

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.scopes: list[ast.AST] = [tree]
        """Every function, class and lambda of the module (the module first), in walk order."""
        self._current: list[int] = [0]
        self._open: list[_Found] = []
        self.found: list[_Found] = []
        """Calls not inside another such call of the same scope, in walk order."""
        self.visited_scopes = 0
        """Scopes analysed by :meth:`judge` (tests count work, not time)."""

    # -- fed by the walk --------------------------------------------------------

    def enter(self, node: ast.AST) -> None:
        """The walk starts the children of a function, class or lambda (``leave`` follows them)."""
        self._current.append(len(self.scopes))
        self.scopes.append(node)

    def leave(self) -> None:
        self._current.pop()

    def call(self, node: ast.Call) -> None:
        """A call to ``mark_safe``/``SafeString``/``SafeText`` with an argument (``close`` follows its children)."""
        scope = self._current[-1]
        found = _Found(node, scope, [])
        parent = self._open[-1] if self._open else None
        if parent is not None and parent.scope == scope:
            parent.children.append(found)
        else:
            self.found.append(found)
        self._open.append(found)

    def close(self) -> None:
        self._open.pop()

    # -- afterwards -------------------------------------------------------------

    def judge(self, resolve: Callable[[str], str], span: Callable[[ast.AST], Span]) -> list[CallSite]:
        """Every collected call, with whether its argument interpolates unsafely (sorted by position)."""
        calls: list[CallSite] = []
        if not self.found:
            return calls
        by_scope: dict[int, list[_Found]] = {}
        for found in self.found:
            by_scope.setdefault(found.scope, []).append(found)
        classes = [n for n in self.scopes if isinstance(n, ast.ClassDef)]
        constants = _constant_names(self.tree, classes)
        functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        for node in self.scopes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.setdefault(node.name, []).append(node)
        builders = _Builders(self.tree, constants, functions)
        for index in sorted(by_scope):
            self.visited_scopes += 1
            scope: _Scope | None = None
            for found in _former_order(by_scope[index]):
                node = found.call
                scope = scope or _Scope(self.scopes[index], builders, constants)
                calls.append(
                    CallSite(
                        function=resolve(dotted_name(node.func) or ""),
                        span=span(node),
                        interpolated=scope.interpolates_unsafely(node.args[0]),
                    )
                )
        calls.sort(key=lambda c: (c.span.line, c.span.column))
        return calls


def _former_order(roots: list[_Found]) -> Iterator[_Found]:
    """Calls of one scope in the order the former per-scope stack walk met them.

    That walk popped the last child first and visited a node before its
    children: so the last call comes first, and an enclosing call before the
    calls in its arguments (the reverse of source order between siblings).
    """
    stack = list(roots)
    while stack:
        found = stack.pop()
        yield found
        stack.extend(found.children)
