"""Settings values rules need, and djust's own ``suppress_checks`` switch, in one place.

djust lets a project silence its checks with
``DJUST_CONFIG = {"suppress_checks": ["V005", "djust.T002"]}`` (falling back to
``LIVEVIEW_CONFIG``); short and full ids match, case-insensitively. The engine
applies it once for every rule (:mod:`djust_lint.engine.silencing`); rules never
check it themselves. Values come from the settings reader
(``graph.settings.values``), never from importing settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..graph.model import ProjectGraph

_CONFIG_NAMES = ("DJUST_CONFIG", "LIVEVIEW_CONFIG")


def setting(graph: ProjectGraph, name: str) -> Any:
    """A statically known settings value, or ``None`` when unset, conditional or dynamic."""
    return graph.setting(name)


def setting_values(graph: ProjectGraph) -> dict[str, Any]:
    """Every top-level setting: its value when statically known, else ``...`` (set, unknown)."""
    values = getattr(graph.settings, "values", None) or {}
    return {name: (entry.value if getattr(entry, "known", False) else ...) for name, entry in values.items()}


def short_id(check_id: str) -> str:
    """``djust.V005`` / ``v005`` -> ``V005``: how djust compares check ids."""
    return check_id.strip().upper().removeprefix("DJUST.")


def suppressed_ids(graph: ProjectGraph) -> frozenset[str]:
    """Short upper-case ids (``V005``) listed in ``suppress_checks`` (DJUST_CONFIG first)."""
    for name in _CONFIG_NAMES:
        config = setting(graph, name)
        listed = config.get("suppress_checks") if isinstance(config, dict) else None
        if isinstance(listed, (list, tuple, set)) and listed:
            return frozenset(short_id(item) for item in listed if isinstance(item, str))
    return frozenset()
