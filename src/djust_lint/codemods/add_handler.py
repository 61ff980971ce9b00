"""``add-handler``: insert an event handler into an existing view class.

The class is found through the project graph (so multi-class modules,
nested classes and re-exported views all work), the method is generated,
formatted with black at its real indentation, and inserted with libcst after
the class's last event handler — where a person would put it. Missing
imports are added once; nothing else in the file changes. Asking again for a
handler that exists is a no-op, so the command can be re-run safely.
"""

from __future__ import annotations

import builtins
import keyword
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from ..core import pycst
from ..core.vocabulary import load_vocabulary
from .common import check_event_name, find_class_target, load_graph, planned_edit, planned_text, split_top_level
from .plan import EditPlan, PlanError
from .safe_specs import check_annotation, check_decorator, check_default, djust_decorator_names

if TYPE_CHECKING:
    from ..graph.model import ProjectGraph

_BUILTINS = frozenset(dir(builtins))


def _handler_names() -> frozenset[str]:
    """Short names of the decorators that make a method browser-callable (from the vocabulary)."""
    return load_vocabulary().handler_decorator_names


@dataclass(frozen=True)
class ParamSpec:
    """One ``name[:annotation][=default]`` item of ``--params``."""

    name: str
    annotation: str | None = None
    default: str | None = None

    def source(self) -> str:
        text = self.name + (f": {self.annotation}" if self.annotation else "")
        if self.default is not None:
            text += f" = {self.default}" if self.annotation else f"={self.default}"
        return text


def parse_params(spec: str | Sequence[str] | None) -> list[ParamSpec]:
    """``"a:int,b:str=''"`` (or a list of items) -> ParamSpecs, validated (inert shapes only, see :mod:`.safe_specs`)."""
    items = split_top_level(spec) if isinstance(spec, str) else [s.strip() for s in spec or () if s.strip()]
    params: list[ParamSpec] = []
    for item in items:
        head, has_default, default = item.partition("=")
        name, _, annotation = head.partition(":")
        param = ParamSpec(name.strip(), annotation.strip() or None, default.strip() if has_default else None)
        _validate_param(param, item)
        params.append(param)
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise PlanError(f"duplicate parameter names in {names}")
    return params


def _validate_param(param: ParamSpec, item: str) -> None:
    if not param.name.isidentifier() or keyword.iskeyword(param.name) or param.name in ("self", "kwargs"):
        raise PlanError(f"bad parameter {item!r}: {param.name!r} cannot be a handler parameter name")
    if param.default == "":
        raise PlanError(f"bad parameter {item!r}: empty default")
    if param.annotation is not None:
        check_annotation(param.annotation, item)
    if param.default is not None:
        check_default(param.default, item)


def parse_decorators(spec: str | Sequence[str] | None) -> list[str]:
    """``"debounce(300),throttle(1)"`` (or a list) -> decorator expressions without ``@``.

    Only djust's decorators with literal arguments (see :mod:`.safe_specs`).
    """
    items = split_top_level(spec) if isinstance(spec, str) else [s.strip() for s in spec or () if s.strip()]
    decorators = [item.lstrip("@").strip() for item in items]
    known = djust_decorator_names() if decorators else frozenset()
    for item in decorators:
        check_decorator(item, known)
    return decorators


def _root_name(expression: str) -> str:
    return expression.split("(", 1)[0].split(".", 1)[0].strip()


def _undefined_names(expression: str, bound: set[str]) -> set[str]:
    """Free names of an expression that neither the module nor builtins define."""
    names: set[str] = set()

    class _Names(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)
            return False

        def visit_Name(self, node: cst.Name) -> None:
            names.add(node.value)

    cst.parse_expression(expression).visit(_Names())
    return {n for n in names if n not in bound and n not in _BUILTINS}


def _method_code(handler: str, params: list[ParamSpec], decorators: list[str], is_async: bool) -> str:
    signature = ", ".join(["self", *(p.source() for p in params), "**kwargs"])
    lines = [f"@{d}\n" for d in decorators]
    lines.append(f"{'async ' if is_async else ''}def {handler}({signature}):\n")
    lines.append(f'    """Handle the ``{handler}`` event."""\n')
    return "".join(lines)


def _insert_index(cls: cst.ClassDef) -> tuple[int, bool]:
    """Where the new method goes: after the last handler, else the last method, else the end.

    Returns (index, replace): ``replace`` when the body is a lone ``pass``/``...``.
    """
    body = list(pycst._block_statements(cls.body))
    if len(body) == 1 and _is_placeholder(body[0]):
        return 0, True
    last_handler = last_method = -1
    for index, statement in enumerate(body):
        if isinstance(statement, cst.FunctionDef):
            last_method = index
            if {pycst.decorator_name(d).rsplit(".", 1)[-1] for d in statement.decorators} & _handler_names():
                last_handler = index
    anchor = last_handler if last_handler >= 0 else last_method
    return (anchor + 1 if anchor >= 0 else len(body)), False


def _is_placeholder(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return isinstance(small, cst.Pass) or (isinstance(small, cst.Expr) and isinstance(small.value, cst.Ellipsis))


class _InsertMethod(cst.CSTTransformer):
    """Insert ``method`` into the one ClassDef node identical to ``target``."""

    def __init__(self, target: cst.ClassDef, method: cst.FunctionDef) -> None:
        self.target = target
        self.method = method

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        if original_node is not self.target:
            return updated_node
        body = list(pycst._block_statements(updated_node.body))
        index, replace = _insert_index(updated_node)
        if replace:
            return updated_node.with_changes(body=updated_node.body.with_changes(body=[self.method]))
        method = self.method.with_changes(leading_lines=[cst.EmptyLine(indent=False)]) if index > 0 else self.method
        body.insert(index, method)
        return updated_node.with_changes(body=updated_node.body.with_changes(body=body))


def plan_add_handler(
    root: Path | str,
    view: str,
    handler: str,
    params: str | Sequence[str] | None = None,
    decorators: str | Sequence[str] | None = None,
    *,
    is_async: bool = False,
    graph: ProjectGraph | None = None,
) -> EditPlan:
    """Plan inserting ``@event_handler def handler(self, <params>, **kwargs)`` into ``view``.

    Raises :class:`PlanError` when the view is unknown, a name is invalid, a
    decorator or annotation names something the module does not define, or
    the handler is inherited. An existing handler of that name gives an
    empty plan (re-running is a no-op).
    """
    root = Path(root).resolve()
    check_event_name(handler)
    param_specs = parse_params(params)
    decorator_list = parse_decorators(decorators)
    graph = graph or load_graph(root)
    target = find_class_target(graph, view)
    plan = EditPlan(root, f"add handler {handler} to {target.info.qualname}")
    if handler in target.info.methods:
        plan.messages.append(f"{target.info.qualname} already defines {handler}(); nothing to do")
        return plan
    inherited = target.view.methods.get(handler) if target.view is not None else None
    if inherited is not None:
        raise PlanError(f"{handler} is inherited from {inherited.owner}; adding it would override that method")
    text, from_buffer = planned_text(root, target.path, graph)
    module = pycst.parse_module(text, target.path)
    class_node = pycst.find_class(module, target.info.qualname, target.module.name)
    if pycst.find_method(class_node, handler) is not None:
        plan.messages.append(f"{target.info.qualname} already defines {handler}(); nothing to do")
        return plan
    djust_names = {q.rsplit(".", 1)[-1] for q in graph.vocabulary.known_decorators if q.startswith("djust.")}
    module, local_decorators = _with_imports(module, decorator_list, param_specs, djust_names, root)
    depth = pycst.class_depth(target.info.qualname, target.module.name)
    method = pycst.formatted_method(_method_code(handler, param_specs, local_decorators, is_async), root, depth)
    module = module.visit(_InsertMethod(pycst.find_class(module, target.info.qualname, target.module.name), method))
    plan.edits.append(planned_edit(root, target.path, text, module.code, from_buffer))
    plan.messages.append(f"{target.path}: added {handler}() to {target.info.qualname}")
    return plan


def _with_imports(
    module: cst.Module, decorators: list[str], params: list[ParamSpec], djust_names: set[str], root: Path
) -> tuple[cst.Module, list[str]]:
    """Add the imports the new method needs; returns the module and the decorators as written.

    ``@event_handler`` is always present (outermost, as djust's own code
    stacks it) and is written under the module's existing local name for it.
    """
    if not any(_root_name(d) in _handler_names() for d in decorators):
        decorators = ["event_handler", *decorators]
    bound = pycst.top_level_names(module)
    needed: dict[str, set[str]] = {}
    written: list[str] = []
    for decorator in decorators:
        name = _root_name(decorator)
        local = pycst.imported_local_name(module, pycst.DJUST_DECORATOR_MODULES, name)
        if local is not None and local != name:
            decorator = local + decorator[len(name):]
        elif name not in bound and name in djust_names:
            needed.setdefault("djust.decorators", set()).add(name)
        elif name not in bound and name not in _BUILTINS:
            raise PlanError(f"decorator {decorator!r}: {name!r} is not defined in the module; import it first")
        written.append(decorator)
    for param in params:
        for part in (param.annotation, param.default):
            missing = _undefined_names(part, bound) if part else set()
            if missing:
                raise PlanError(f"parameter {param.name!r} uses {', '.join(sorted(missing))}, which the module does not define")
    return pycst.add_imports(module, needed, pycst.black_mode(root).line_length), written
