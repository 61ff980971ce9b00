"""Rules for djust's own system checks, done statically (see docs/rules/djust-parity.md).

``RULES`` lists this package's rule classes; ``RUNTIME_ONLY`` maps each djust check id
of this family that cannot be decided from source to the reason why.
"""

from __future__ import annotations

from ..base import Rule

RULES: tuple[type[Rule], ...] = ()

RUNTIME_ONLY: dict[str, str] = {}
