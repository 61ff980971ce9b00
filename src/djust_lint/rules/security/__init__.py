"""Rules for djust's security, quality and AST-audit checks, done statically.

``RULES`` lists this package's rule classes; ``RUNTIME_ONLY`` maps each djust check id
of this family that cannot be decided from source to the reason why (none: every
id of the family is decidable from source; ``djust.S001``/``X005`` are covered by
the core rule DJ306 mark-safe-interpolation).
"""

from __future__ import annotations

from ..base import Rule
from . import code_hygiene, open_redirect, quality, template_safety, view_auth

RULES: tuple[type[Rule], ...] = (
    *code_hygiene.RULES,
    *open_redirect.RULES,
    *view_auth.RULES,
    *template_safety.RULES,
    *quality.RULES,
)

RUNTIME_ONLY: dict[str, str] = {}
