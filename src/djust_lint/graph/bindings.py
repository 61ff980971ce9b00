"""Turn ``dj-*`` attributes into bindings: which events they send, with which params.

The parsing mirrors what djust's client really does (``parseEventHandler`` in
``08-event-parsing.js``, ``extractTypedParams``, ``collectDjValues``, the JS
command chains of ``26-js-commands.js``), so a binding here means exactly
what the browser will send. Values with template expressions inside are
dynamic: we record them and never call them dead.
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass, field
from typing import Literal

from ..core.model import Attribute, Element, Span, span_of
from ..core.vocabulary import Vocabulary

BindingKind = Literal["handler", "model", "event_ref", "other", "unknown"]

#: Params the client adds on its own for these directives (see 09-event-binding.js).
IMPLICIT_PARAMS: dict[str, frozenset[str]] = {
    "dj-change": frozenset({"value", "field"}),
    "dj-input": frozenset({"value", "field"}),
    "dj-blur": frozenset({"value", "field"}),
    "dj-focus": frozenset({"value", "field"}),
    "dj-keydown": frozenset({"key", "code", "value", "field"}),
    "dj-keyup": frozenset({"key", "code", "value", "field"}),
    "dj-model": frozenset({"value", "field"}),
}

_NO_PARAMS: frozenset[str] = frozenset()
"""One shared empty set: a new ``frozenset()`` per binding is a 200-byte object each."""

_NO_SUPPLIED_PARAMS: dict[str, str] = {}
"""Shared by every binding on an element that supplies no params (bindings are read-only once built)."""

#: ``data-*`` attributes the client never sends as params.
_INTERNAL_DATA_PREFIXES = ("data-liveview", "data-live-", "data-djust")
_INTERNAL_DATA_NAMES = frozenset({"data-loading", "data-component-id"})
_UNSAFE_KEYS = frozenset({"__proto__", "constructor", "prototype"})

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TEMPLATE_CODE = re.compile(r"\{\{|\{%")
_TEMPLATE_SPAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
#: Private-use character used to mask template code inside attribute values.
DYNAMIC_MARK = "\ue000"


class _Dynamic:
    """A positional argument whose value comes from a template expression."""

    def __repr__(self) -> str:
        return "<dynamic>"


DYNAMIC = _Dynamic()


@dataclass(slots=True)
class HandlerCall:
    """One event a binding sends: ``name`` with positional ``args``."""

    name: str
    args: tuple[object, ...]
    span: Span
    source: Literal["value", "shortcut", "js_chain"] = "value"
    params: dict[str, str] = field(default_factory=lambda: _NO_SUPPLIED_PARAMS)
    """Params named by the call itself (``push`` ``value`` dict in a JS chain); read-only, often the shared empty one."""


@dataclass(slots=True)
class Binding:
    """A ``dj-*`` attribute with everything a rule needs to judge it."""

    directive: str
    """Attribute name as written: ``dj-keydown.enter``."""
    base: str
    """Directive without modifiers: ``dj-keydown``."""
    modifiers: tuple[str, ...]
    kind: BindingKind
    raw: str | None
    path: str
    template: str
    """Key of the template in the graph (lookup name or inline id)."""
    span: Span
    value_span: Span | None
    element: int
    calls: list[HandlerCall] = field(default_factory=list)
    dynamic: bool = False
    params: dict[str, str] = field(default_factory=dict)
    """Supplied param name -> attribute that supplies it."""
    params_open: bool = False
    """Other params may arrive that we cannot see (form fields, ``{{ attrs }}`` spread)."""
    implicit_params: frozenset[str] = _NO_PARAMS
    conditional: bool = False
    receivers: list[str] = field(default_factory=list)
    """Qualified names of the classes that receive this binding's events."""
    scope: Literal["view", "component", "child_view", "unknown"] = "view"

    @property
    def field(self) -> str | None:
        """The state field named by a ``dj-model`` binding."""
        if self.kind != "model" or self.raw is None or self.dynamic:
            return None
        return self.raw.strip()

    @property
    def id(self) -> str:
        return f"{self.path}:{self.span.line}:{self.span.column}"


def split_directive(name: str) -> tuple[str, tuple[str, ...]]:
    """``dj-keydown.enter.prevent`` -> (``dj-keydown``, (``enter``, ``prevent``))."""
    base, *modifiers = name.split(".")
    return sys.intern(base), tuple(modifiers)  # one string per directive, not one per binding


def classify(name: str, vocabulary: Vocabulary) -> BindingKind:
    """Decide what a ``dj-*`` attribute's value means."""
    lowered = name.lower()
    base, _ = split_directive(lowered)
    if base == "dj-model":
        return "model"
    if lowered in vocabulary.event_reference_directives:
        return "event_ref"
    if vocabulary.handler_base(lowered) is not None:
        return "handler"
    if vocabulary.is_known_directive(lowered):
        return "other"
    return "unknown"


def sub_span(value_span: Span, value: str, start: int, end: int) -> Span:
    """Span of ``value[start:end]`` given where the whole value sits."""

    def locate(offset: int) -> tuple[int, int]:
        before = value[:offset]
        newlines = before.count("\n")
        if newlines == 0:
            return value_span.line, value_span.column + offset
        return value_span.line + newlines, offset - before.rfind("\n")

    line, column = locate(start)
    end_line, end_column = locate(end)
    return span_of(line, column, end_line, end_column)


# ---------------------------------------------------------------------------
# Value parsing (mirrors the client)
# ---------------------------------------------------------------------------


def parse_handler_value(value: str, value_span: Span) -> HandlerCall:
    """Parse ``name`` / ``name(args)`` exactly like ``parseEventHandler``."""
    leading = len(value) - len(value.lstrip())
    text = value.strip()
    paren = text.find("(")
    if paren == -1:
        return HandlerCall(text, (), sub_span(value_span, value, leading, leading + len(text)))
    name = text[:paren].strip()
    close = text.rfind(")")
    if not _IDENT.match(name) or close == -1 or close < paren:
        return HandlerCall(text, (), sub_span(value_span, value, leading, leading + len(text)))
    args = parse_arguments(text[paren + 1 : close].strip())
    name_start = leading + (len(text[:paren]) - len(text[:paren].lstrip()))
    return HandlerCall(name, tuple(args), sub_span(value_span, value, name_start, name_start + len(name)))


def parse_arguments(text: str) -> list[object]:
    """Split call arguments the way the client's ``parseArguments`` does."""
    args: list[object] = []
    current: list[str] = []
    quote: str | None = None
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and index + 1 < len(text):
                current.append(text[index : index + 2])
                index += 2
                continue
            if char == quote:
                quote = None
            current.append(char)
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == ",":
            _append_argument(args, "".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    _append_argument(args, "".join(current).strip())
    return args


def _append_argument(args: list[object], token: str) -> None:
    if not token:
        return
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
        args.append(re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), token[1:-1]))
    elif token in ("true", "false"):
        args.append(token == "true")
    elif token == "null":
        args.append(None)
    elif re.fullmatch(r"-?\d+", token):
        args.append(int(token))
    elif re.fullmatch(r"-?(\d*\.\d+|\d+\.\d*)", token):
        args.append(float(token))
    else:
        args.append(token)


def parse_shortcut_value(value: str, value_span: Span) -> list[HandlerCall]:
    """``"ctrl+k:open_search, escape:close:prevent"`` -> one call per entry."""
    calls: list[HandlerCall] = []
    offset = 0
    for chunk in value.split(","):
        parts = chunk.split(":")
        if len(parts) >= 2:
            handler = parts[1]
            start = offset + len(parts[0]) + 1
            stripped = handler.strip()
            start += len(handler) - len(handler.lstrip())
            if stripped:
                calls.append(
                    HandlerCall(stripped, (), sub_span(value_span, value, start, start + len(stripped)), "shortcut")
                )
        offset += len(chunk) + 1
    return calls


def parse_js_chain(value: str, value_span: Span) -> list[HandlerCall] | None:
    """``[["push", {"event": "save"}], ...]`` -> the pushed events; None if not JSON."""
    try:
        ops = json.loads(html.unescape(value))
    except ValueError:
        return None
    if not isinstance(ops, list):
        return None
    calls: list[HandlerCall] = []
    for op in ops:
        if (
            isinstance(op, list)
            and len(op) == 2
            and op[0] == "push"
            and isinstance(op[1], dict)
            and isinstance(op[1].get("event"), str)
        ):
            event = op[1]["event"]
            params = op[1].get("value") if isinstance(op[1].get("value"), dict) else {}
            name_at = value.find(event)
            span = sub_span(value_span, value, name_at, name_at + len(event)) if name_at >= 0 else value_span
            calls.append(HandlerCall(event, (), span, "js_chain", {str(k): "push value" for k in params}))
    return calls


# ---------------------------------------------------------------------------
# Params supplied by the element
# ---------------------------------------------------------------------------


def element_params(element: Element) -> tuple[dict[str, str], bool]:
    """Params the client collects from an element, and whether more may come.

    Mirrors ``extractTypedParams`` (``data-*``), ``collectDjValues``
    (``dj-value-*``) and the deprecated ``dj-params`` JSON blob.
    """
    params: dict[str, str] = {}
    open_ended = False
    for attr in element.attributes:
        name = attr.name.lower()
        if "{{" in attr.name or "{%" in attr.name:
            open_ended = True
            continue
        if name.startswith("dj-value-"):
            key = _param_key(name[len("dj-value-"):])
            if key:
                params[key] = attr.name
        elif name.startswith("data-"):
            if name.startswith(_INTERNAL_DATA_PREFIXES) or name in _INTERNAL_DATA_NAMES:
                continue
            key = _param_key(name[len("data-"):])
            if key.startswith("dj_"):
                key = key[3:]
            if key:
                params[key] = attr.name
        elif name == "dj-params":
            if attr.value is None or attr.dynamic:
                open_ended = True
                continue
            try:
                blob = json.loads(html.unescape(attr.value))
            except ValueError:
                continue
            if isinstance(blob, dict):
                for key in blob:
                    params.setdefault(str(key), attr.name)
    return params or _NO_SUPPLIED_PARAMS, open_ended


def _param_key(raw: str) -> str:
    colon = raw.rfind(":")
    if colon != -1:
        raw = raw[:colon]
    key = raw.replace("-", "_")
    return "" if key in _UNSAFE_KEYS else key


def is_dynamic(attr: Attribute) -> bool:
    return attr.dynamic or bool(attr.value and _TEMPLATE_CODE.search(attr.value))


def bindings_for_element(
    element: Element,
    element_index: int,
    *,
    path: str,
    template: str,
    vocabulary: Vocabulary,
    spread: bool = False,
) -> list[Binding]:
    """Every ``dj-*`` attribute of one element as a Binding (receivers filled later)."""
    dj_attrs = [a for a in element.attributes if a.name[:3].lower() == "dj-"]
    if not dj_attrs:
        return []
    params, open_ended = element_params(element)
    open_ended = open_ended or spread
    results: list[Binding] = []
    for attr in dj_attrs:
        if attr.name.lower().startswith("dj-value-") or attr.name.lower() == "dj-params":
            continue
        base, modifiers = split_directive(attr.name.lower())
        kind = classify(attr.name, vocabulary)
        binding = Binding(
            directive=attr.name,
            base=base,
            modifiers=modifiers,
            kind=kind,
            raw=attr.value,
            path=path,
            template=template,
            span=attr.name_span,
            value_span=attr.value_span,
            element=element_index,
            dynamic=is_dynamic(attr),
            params=params,
            params_open=open_ended or base == "dj-submit",
            implicit_params=IMPLICIT_PARAMS.get(base, _NO_PARAMS),
            conditional=attr.conditional,
        )
        if kind == "handler" and attr.value is not None and attr.value_span:
            syntax = vocabulary.handler_syntax.get(vocabulary.handler_base(attr.name) or base, "call")
            calls = _calls_for(base, syntax, mask_template_code(attr.value), attr.value_span)
            if calls is not None:
                binding.calls = calls
                binding.dynamic = False
            else:
                binding.dynamic = True
        results.append(binding)
    return results


def mask_template_code(value: str) -> str:
    """Replace each ``{{ }}``/``{% %}`` with a same-length quoted placeholder.

    Offsets stay valid, and ``select({{ item.id }}, 'a')`` still parses as a
    call of ``select`` with two arguments whose first value is dynamic.
    """
    return _TEMPLATE_SPAN.sub(lambda m: '"' + DYNAMIC_MARK * (len(m.group(0)) - 2) + '"', value)


def _calls_for(base: str, syntax: str, masked: str, value_span: Span) -> list[HandlerCall] | None:
    """Calls of a handler value, or ``None`` when a handler name itself is dynamic.

    ``syntax`` is how the client reads the value (from the vocabulary):
    ``call`` parses ``name(args)``, ``name`` sends the value verbatim as the
    event name, ``shortcut`` is ``dj-shortcut``'s key list.
    """
    if not masked.strip():
        return []
    calls = _parse_calls(base, syntax, masked, value_span)
    if any(DYNAMIC_MARK in call.name or '"' in call.name for call in calls):
        return None
    for call in calls:
        call.args = tuple(DYNAMIC if isinstance(a, str) and DYNAMIC_MARK in a else a for a in call.args)
    return calls


def _parse_calls(base: str, syntax: str, value: str, value_span: Span) -> list[HandlerCall]:
    if syntax == "shortcut":
        return parse_shortcut_value(value, value_span)
    if base == "dj-click" and value.lstrip().startswith("["):
        chain = parse_js_chain(value, value_span)
        if chain is not None:
            return chain
    if syntax == "name":
        leading = len(value) - len(value.lstrip())
        text = value.strip()
        return [HandlerCall(text, (), sub_span(value_span, value, leading, leading + len(text)))]
    return [parse_handler_value(value, value_span)]
