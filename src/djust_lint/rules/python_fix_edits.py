"""The libcst side of the handler fixes: add ``**kwargs``, add ``@event_handler`` (and its import).

Imported only when a fix's edits are asked for (:mod:`.python_fixes` defers
them), so a run whose report never shows edits never imports libcst.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import libcst as cst

from ..core import pycst
from ..core.textedit import EditError
from ..core.vocabulary import load_vocabulary


def _add_kwargs(method: cst.FunctionDef) -> cst.FunctionDef | None:
    """``def save(self)`` -> ``def save(self, **kwargs)``, keeping a multi-line layout."""
    params = method.params
    if params.star_kwarg is not None:
        return None
    new = cst.Param(cst.Name("kwargs"), star="**")
    ordered = [*params.posonly_params, *params.params, *params.kwonly_params]
    if isinstance(params.star_arg, cst.Param) and not params.kwonly_params:
        ordered.append(params.star_arg)
    slash_last = isinstance(params.posonly_ind, cst.ParamSlash) and not (
        params.params or params.kwonly_params or isinstance(params.star_arg, cst.Param)
    )
    last = ordered[-1] if ordered and not slash_last else None
    if last is not None and isinstance(last.comma, cst.Comma) and isinstance(
        last.comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        # Magic trailing comma, one parameter per line: the new one goes on its own line.
        separator = ordered[-2].comma.whitespace_after if len(ordered) > 1 and isinstance(
            ordered[-2].comma, cst.Comma) else method.whitespace_before_params
        new = new.with_changes(comma=last.comma)
        params = _replace_param(params, last, last.with_changes(comma=cst.Comma(whitespace_after=separator)))
    return method.with_changes(params=params.with_changes(star_kwarg=new))


def _replace_param(params: cst.Parameters, old: cst.Param, new: cst.Param) -> cst.Parameters:
    def swap(items: Sequence[cst.Param]) -> list[cst.Param]:
        return [new if item is old else item for item in items]

    star_arg = new if params.star_arg is old else params.star_arg
    return params.with_changes(
        posonly_params=swap(params.posonly_params),
        params=swap(params.params),
        kwonly_params=swap(params.kwonly_params),
        star_arg=star_arg,
    )


def _add_event_handler(local_name: str) -> Callable[[cst.FunctionDef], cst.FunctionDef | None]:
    def fixer(method: cst.FunctionDef) -> cst.FunctionDef | None:
        names = {pycst.decorator_name(d).rsplit(".", 1)[-1] for d in method.decorators}
        if names & load_vocabulary().handler_decorator_names:
            return None
        decorator = cst.Decorator(cst.Name(local_name))
        return method.with_changes(decorators=[decorator, *method.decorators])

    return fixer


def _needs_event_handler_import(module: cst.Module) -> tuple[cst.Module, str]:
    """The module with ``event_handler`` importable, and the local name to write."""
    local = pycst.imported_local_name(module, pycst.DJUST_DECORATOR_MODULES, "event_handler")
    if local is not None:
        return module, local
    return pycst.add_imports(module, {"djust.decorators": {"event_handler"}}), "event_handler"


#: Where ``pycst.find_class`` looks for classes: module, class bodies and ``if``/``try``/``with`` blocks.
_ON_THE_WAY = (
    cst.Module, cst.ClassDef, cst.IndentedBlock, cst.If, cst.Else, cst.Try, cst.TryStar,
    cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally, cst.With,
)  # fmt: skip


class _ReplaceMethod(cst.CSTTransformer):
    """Swap one method, descending only through the module, classes and their bodies.

    A full traversal per finding made many fixes in one file quadratic (issue
    13 item 12); methods are found by ``pycst.find_class``/``find_method`` on
    exactly this path, so nothing else needs visiting.
    """

    def __init__(self, target: cst.FunctionDef, new: cst.FunctionDef) -> None:
        self.target, self.new = target, new

    def on_visit(self, node: cst.CSTNode) -> bool:
        return isinstance(node, _ON_THE_WAY)

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        return self.new if original_node is self.target else updated_node


def _find(module: cst.Module, qualname: str, module_name: str, handler: str) -> cst.FunctionDef | None:
    try:
        return pycst.find_method(pycst.find_class(module, qualname, module_name), handler)
    except EditError:
        return None


@lru_cache(maxsize=8)
def _parsed(text: str, path: str) -> cst.Module | None:
    """One libcst parse per file text, however many of its handlers need a fix (modules are immutable).

    A rule reports a module's handlers one after another, so a few entries suffice; each
    parsed module is ~100 times its text in memory.
    """
    try:
        return pycst.parse_module(text, path)
    except EditError:
        return None


def fixed_text(text: str, path: str, qualname: str, module_name: str, handler: str, add_decorator: bool) -> str | None:
    """The module text with the handler fixed, or ``None`` when there is nothing to do or it cannot be done."""
    module = _parsed(text, path)
    if module is None:
        return None
    method = _find(module, qualname, module_name, handler)
    if method is None:
        return None
    if add_decorator:
        if _add_event_handler("event_handler")(method) is None:
            return None
        module, local = _needs_event_handler_import(module)
        method = _find(module, qualname, module_name, handler)
        new = _add_event_handler(local)(method) if method is not None else None
    else:
        new = _add_kwargs(method)
    if method is None or new is None:
        return None
    return module.visit(_ReplaceMethod(method, new)).code
