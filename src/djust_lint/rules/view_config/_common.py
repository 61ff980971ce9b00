"""Graph queries shared by the view-check and template-context rules.

djust's own checks read live classes (``cls.__dict__``, ``getattr`` through
the MRO) and ``django.conf.settings``; these helpers answer the same
questions from the static graph: a class attribute as written anywhere in a
view's project MRO, a settings value, djust's ``suppress_checks`` list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..common import literal
from ..djust_config import setting

if TYPE_CHECKING:
    from ...core.model import ClassInfo
    from ...graph.model import ProjectGraph, ViewNode

#: Module prefixes of framework code: djust (and Django) ship these classes, users do not.
FRAMEWORK_PREFIXES = ("djust.", "djust_", "django.")
LIVE_VIEW = "ext:djust.live_view.LiveView"


__all__ = ["setting"]


def project_mro(graph: ProjectGraph, view: ViewNode) -> Iterator[ClassInfo]:
    """The project classes of a view's MRO, most derived first."""
    classes = graph.index.classes
    for key in view.mro_chain:
        cls = classes.get(key)
        if cls is not None:
            yield cls


def inherited_attr(graph: ProjectGraph, view: ViewNode, name: str) -> tuple[ClassInfo, str] | None:
    """``getattr(cls, name)`` as written in the nearest project class defining it."""
    for cls in project_mro(graph, view):
        if name in cls.class_attrs:
            return cls, cls.class_attrs[name]
    return None


def attr_truth(graph: ProjectGraph, view: ViewNode, name: str) -> bool | None:
    """Truth of an attribute through the MRO: unset is False (framework defaults are false), non-literal None."""
    found = inherited_attr(graph, view, name)
    if found is None:
        return False
    value = literal(found[1])
    return None if value is ... else bool(value)


def is_framework(qualname: str) -> bool:
    """A djust/Django class (djust's checks skip those, except djust's tests and examples)."""
    if not qualname.startswith(FRAMEWORK_PREFIXES):
        return False
    return "test" not in qualname and "example" not in qualname


def user_live_views(graph: ProjectGraph) -> Iterator[tuple[ViewNode, ClassInfo]]:
    """Concrete project LiveViews as djust's per-class checks see them.

    djust skips a class whose own body says ``abstract = True`` (not inherited)
    and djust's own framework modules; nested classes are test scaffolding.
    """
    for view in graph.views.values():
        if view.kind != "live_view" or view.nested or is_framework(view.qualname):
            continue
        cls = graph.index.classes.get(view.qualname)
        if cls is None or cls.abstract:
            continue
        yield view, cls
