"""DJ9xx: files that could not be read, suppression comments that suppress nothing, validated code without a view."""

from __future__ import annotations

from ..base import Rule
from .no_view import NoViewInCode
from .read_errors import FileUnreadable, PythonSyntaxError, TemplateSyntaxError, UnresolvedBase
from .unused_suppression import UnusedSuppression

RULES: tuple[type[Rule], ...] = (
    FileUnreadable,
    PythonSyntaxError,
    TemplateSyntaxError,
    UnresolvedBase,
    UnusedSuppression,
    NoViewInCode,
)

RUNTIME_ONLY: dict[str, str] = {}
