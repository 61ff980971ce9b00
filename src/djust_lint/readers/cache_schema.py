"""Deep type checks of reader outputs loaded from the cache.

The cache unpickler admits only the dataclasses of :mod:`djust_lint.core.model`,
so loading can never run code; but a file with a valid header and checksum
can still hold those classes with wrongly typed fields (``classes="oops"``),
and a rule would crash on them in every run until ``djust-lint clean``. So a
cached value is used only when every field, at every depth, has the type its
annotation declares; anything else is a cache miss and the file is read again.

The checks are compiled once per annotation from the model's own type hints
(no second description of the model to drift), into small closures.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

from ..core import model

Check = Callable[[Any], bool]

_SCALARS: dict[Any, Check] = {
    str: lambda v: type(v) is str,
    int: lambda v: type(v) is int,
    bool: lambda v: type(v) is bool,
    float: lambda v: type(v) in (float, int),
    bytes: lambda v: type(v) is bytes,
    type(None): lambda v: v is None,
    Any: lambda v: True,
}


def valid(value: Any, annotation: Any) -> bool:
    """``True`` when ``value`` matches ``annotation`` all the way down."""
    return _compile(annotation)(value)


@functools.cache
def _compile(annotation: Any) -> Check:
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if annotation is model.Span:
        return _span_check
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _dataclass_check(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        allowed = frozenset(args)
        return lambda v: type(v) in (str, int, bool) and v in allowed
    if origin in (typing.Union, types.UnionType):
        options = tuple(_compile(a) for a in args)
        return lambda v: any(check(v) for check in options)
    if origin is list:
        return _list_check(_compile(args[0]))
    if origin in (set, frozenset):
        item = _compile(args[0])
        return lambda v: type(v) is origin and all(item(x) for x in v)
    if origin is dict:
        key, val = _compile(args[0]), _compile(args[1])
        return lambda v: type(v) is dict and all(key(k) and val(x) for k, x in v.items())
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _compile(args[0])
            return lambda v: type(v) is tuple and all(item(x) for x in v)
        items = tuple(_compile(a) for a in args)
        return lambda v: type(v) is tuple and len(v) == len(items) and all(c(x) for c, x in zip(items, v, strict=True))
    raise TypeError(f"no cache check for annotation {annotation!r}")  # a new model type: add it above


def _dataclass_check(cls: type) -> Check:
    """Exact class, then every field; the field checks are compiled on first use (recursive models)."""
    fields: list[tuple[str, Check]] = []

    def check(value: Any) -> bool:
        if type(value) is not cls:
            return False
        if not fields:
            hints = typing.get_type_hints(cls, vars(model))
            fields.extend((f.name, _compile(hints[f.name])) for f in dataclasses.fields(cls))
        try:
            for name, field_check in fields:
                if not field_check(getattr(value, name)):
                    return False
        except AttributeError:  # a slot left unset by a hand-made pickle
            return False
        return True

    return check


def _list_check(item: Check) -> Check:
    def check(value: Any) -> bool:
        if type(value) is not list:
            return False
        for element in value:
            if not item(element):
                return False
        return True

    return check


def _span_check(value: Any) -> bool:
    """Spans are most of a cached file: checked without the generic machinery."""
    try:
        return (
            type(value) is model.Span
            and type(value.line) is int
            and type(value.column) is int
            and type(value.end_line) is int
            and type(value.end_column) is int
        )
    except AttributeError:
        return False
