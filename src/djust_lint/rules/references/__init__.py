"""DJ2xx: references between views and templates (template names, include/extends, ``dj-view``).
"""

from __future__ import annotations

from ..base import Rule
from .template_cycle import TemplateCycle
from .template_not_found import TemplateNotFound
from .template_reference_missing import TemplateReferenceMissing
from .view_reference_missing import ViewReferenceMissing

RULES: tuple[type[Rule], ...] = (
    TemplateNotFound,
    TemplateReferenceMissing,
    ViewReferenceMissing,
    TemplateCycle,
)

RUNTIME_ONLY: dict[str, str] = {}
