"""DJ9xx: files that could not be read, and suppression comments that suppress nothing.
"""

from __future__ import annotations

from ..base import Rule
from .read_errors import FileUnreadable, PythonSyntaxError, TemplateSyntaxError, UnresolvedBase
from .unused_suppression import UnusedSuppression

RULES: tuple[type[Rule], ...] = (
    FileUnreadable,
    PythonSyntaxError,
    TemplateSyntaxError,
    UnresolvedBase,
    UnusedSuppression,
)

RUNTIME_ONLY: dict[str, str] = {}
