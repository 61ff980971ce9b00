"""DJ1xx: ``dj-*`` bindings and the handlers they call.
"""

from __future__ import annotations

from ..base import Rule
from .dead_binding import DeadBinding
from .invalid_event_name import InvalidEventName
from .javascript_argument import JavaScriptArgument
from .key_filter_in_value import KeyFilterInValue
from .missing_parameter import MissingParameter
from .model_field import ModelFieldMissing, ModelFieldPrivate
from .too_many_arguments import TooManyArguments
from .undecorated_handler import HandlerNotDecorated
from .unexpected_parameter import UnexpectedParameter
from .unknown_directive import UnknownDirective
from .unused_handler import UnusedHandler

RULES: tuple[type[Rule], ...] = (
    DeadBinding,
    HandlerNotDecorated,
    InvalidEventName,
    KeyFilterInValue,
    TooManyArguments,
    MissingParameter,
    UnexpectedParameter,
    ModelFieldMissing,
    ModelFieldPrivate,
    UnknownDirective,
    UnusedHandler,
    JavaScriptArgument,
)

RUNTIME_ONLY: dict[str, str] = {}
