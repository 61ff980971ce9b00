"""djust's own switches for its checks, honoured once for every rule that replaces one.

A project silences djust checks with Django's ``SILENCED_SYSTEM_CHECKS``
(``"djust.V005"``) or djust's ``DJUST_CONFIG = {"suppress_checks": ["V005"]}``
(falling back to ``LIVEVIEW_CONFIG``) — the latter only for the checks that
read it (:data:`~djust_lint.core.vocabulary.SUPPRESSIBLE_DJUST_CHECKS`). A rule
whose ``djust_ids`` are *all* silenced is not run at all, exactly as djust would
not report them. Settings rules refine this per settings module (a check
silenced in ``settings/dev.py`` only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.vocabulary import SUPPRESSIBLE_DJUST_CHECKS
from ..rules.djust_config import setting, short_id, suppressed_ids

if TYPE_CHECKING:
    from ..graph.model import ProjectGraph
    from ..rules import Rule


def silenced_system_checks(graph: ProjectGraph) -> frozenset[str]:
    """Short upper-case ids (``V005``) of djust checks listed in ``SILENCED_SYSTEM_CHECKS``."""
    listed = setting(graph, "SILENCED_SYSTEM_CHECKS")
    if not isinstance(listed, (list, tuple, set)):
        return frozenset()
    return frozenset(short_id(item) for item in listed if isinstance(item, str) and item.lower().startswith("djust."))


def silenced_by_djust(graph: ProjectGraph, rule: type[Rule]) -> bool:
    """True when every djust check the rule replaces is switched off in the project's settings."""
    if not rule.djust_ids:
        return False
    system = silenced_system_checks(graph)
    by_djust = suppressed_ids(graph) & SUPPRESSIBLE_DJUST_CHECKS
    if not system and not by_djust:
        return False
    return all(short_id(i) in system or short_id(i) in by_djust for i in rule.djust_ids)
