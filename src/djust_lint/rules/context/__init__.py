"""DJ8xx: template context — variables no view provides, context no template reads (``djust.T018`` and beyond).
"""

from __future__ import annotations

from ..base import Rule
from .context_undefined import UndefinedTemplateVariable
from .context_unused import UnusedContextVariable

RULES: tuple[type[Rule], ...] = (
    UndefinedTemplateVariable,
    UnusedContextVariable,
)

RUNTIME_ONLY: dict[str, str] = {}
