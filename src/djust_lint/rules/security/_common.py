"""Queries shared by the security/quality rules: facts by function, view auth, settings.

djust's own checks re-parse every file and guess inheritance from base *names*;
these helpers read the facts the Python reader already collected in its single
walk and follow the graph's real MRO instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from ...core.findings import Finding
from ...core.vocabulary import Vocabulary, load_vocabulary
from ..base import Rule, RuleContext
from ..common import in_selection
from ..djust_config import setting_values
from ..test_code import is_test_code

if TYPE_CHECKING:
    from ...core.model import ClassInfo, CodeFact, Method, ModuleInfo
    from ...graph.model import ProjectGraph, ViewNode

#: Classes where djust's framework code starts: auth/state analysis stops there.
FRAMEWORK_BASES = frozenset({"LiveView", "LiveComponent", "Component", "View", "object"})
#: djust's event-handler decorators (``action`` is djust's alias for form actions).
#: Django's auth decorators that djust replays on every transport (not HTTP-only).
REPLAYED_DECORATORS = frozenset({"login_required", "permission_required", "user_passes_test", "staff_member_required"})
AUTH_MIXINS = frozenset(
    {
        "AccessMixin", "LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin",
        "LiveViewLoginRequiredMixin", "LiveViewPermissionRequiredMixin", "LiveViewUserPassesTestMixin",
    }
)  # fmt: skip
_FALSY = frozenset({"False", "None", "''", '""', "0", "[]", "()", "{}", "set()"})


# -- files and facts ---------------------------------------------------------


def is_test_or_migration(path: str) -> bool:
    """djust's Python checks skip ``tests/`` and ``migrations/`` directories; so do we (plus test_*.py)."""
    return is_test_code(path) or "migrations" in path.split("/")[:-1]


def facts_by_function(module: ModuleInfo) -> dict[tuple[int, str], list[CodeFact]]:
    """Facts grouped by their innermost enclosing function, keyed ``(def line, name)``.

    Module-level facts are under ``(0, "")``. One sweep over the (sorted) facts
    with a stack of open functions: linear in the number of facts.
    """
    grouped: dict[tuple[int, str], list[CodeFact]] = {(0, ""): []}
    stack: list[tuple[tuple[int, int], tuple[int, str]]] = []
    for fact in module.facts:
        start = (fact.span.line, fact.span.column)
        while stack and start >= stack[-1][0]:
            stack.pop()
        if fact.kind == "function":
            key = (fact.span.line, fact.detail)
            grouped.setdefault(key, [])
            stack.append(((fact.span.end_line, fact.span.end_column), key))
            continue
        grouped[stack[-1][1] if stack else (0, "")].append(fact)
    return grouped


def method_facts(grouped: dict[tuple[int, str], list[CodeFact]], method: Method) -> list[CodeFact]:
    """Facts directly inside one method (the ``def`` line is the method name's line)."""
    return grouped.get((method.span.line, method.name), [])


class FactRule(Rule):
    """A rule that reports every fact of one kind (outside tests and migrations)."""

    fact_kind: ClassVar[str]
    message: ClassVar[str]
    """Formatted with ``detail`` (the fact's payload)."""
    in_validate_view = True

    def applies_to(self, path: str) -> bool:
        """Whether modules at ``path`` are checked (subclasses narrow it)."""
        return True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for module in ctx.graph.index.modules.values():
            if not module.facts or not in_selection(ctx.graph, module.path):
                continue
            if is_test_or_migration(module.path) or not self.applies_to(module.path):
                continue
            for fact in module.facts:
                if fact.kind == self.fact_kind:
                    yield self.finding(module.path, fact.span, self.message.format(detail=fact.detail))


# -- views, inheritance and auth ---------------------------------------------


def project_chain(graph: ProjectGraph, view: ViewNode) -> list[ClassInfo]:
    """Project classes of a view's MRO, stopping at djust's/Django's framework bases."""
    chain: list[ClassInfo] = []
    for qualname in view.mro_chain:
        cls = graph.index.classes.get(qualname)
        if cls is None:
            continue
        if cls.name in FRAMEWORK_BASES:
            break
        chain.append(cls)
    return chain


def live_views(graph: ProjectGraph) -> Iterator[ViewNode]:
    """Concrete project LiveViews (abstract bases are never served)."""
    for view in graph.views.values():
        if view.kind == "live_view" and not view.abstract:
            yield view


def class_attr(chain: list[ClassInfo], name: str) -> str | None:
    """Source text of the nearest class attribute ``name`` in the chain (``getattr`` semantics)."""
    for cls in chain:
        if name in cls.class_attrs:
            return cls.class_attrs[name].strip()
    return None


def truthy_attr(chain: list[ClassInfo], *names: str) -> bool:
    """Some attribute is set to a value that is not a falsy literal (a name or call counts as set)."""
    for name in names:
        value = class_attr(chain, name)
        if value is not None and value not in _FALSY:
            return True
    return False


def defines(chain: list[ClassInfo], *methods: str) -> bool:
    return any(name in cls.methods for cls in chain for name in methods)


def base_tails(view: ViewNode) -> set[str]:
    """Last segments of every class in the MRO, including classes outside the project."""
    return {q.rsplit(".", 1)[-1] for q in view.mro_chain} | {b.rsplit(".", 1)[-1] for b in view.unresolved_bases}


def dispatch_gate(graph: ProjectGraph, cls: ClassInfo) -> Method | None:
    """``cls.dispatch`` when its body checks the user and refuses (raises, redirects, 403)."""
    method = cls.methods.get("dispatch")
    if method is None:
        return None
    module = graph.index.modules.get(cls.module)
    if module is None:
        return None
    kinds = {f.kind for f in method_facts(facts_by_function(module), method)}
    return method if "auth_ref" in kinds and "deny" in kinds else None


def declares_view_auth(graph: ProjectGraph, view: ViewNode, chain: list[ClassInfo]) -> bool:
    """The view gates its mount: auth attributes, ``check_permissions``, an auth mixin, or dispatch auth."""
    if truthy_attr(chain, "login_required", "permission_required") or defines(chain, "check_permissions"):
        return True
    if base_tails(view) & AUTH_MIXINS:
        return True
    return any(dispatch_gate(graph, cls) is not None or dispatch_decorators(graph, cls) for cls in chain)


def dispatch_decorators(graph: ProjectGraph, cls: ClassInfo) -> list[CodeFact]:
    """``@method_decorator(<deco>, name="dispatch")`` facts on the class statement."""
    module = graph.index.modules.get(cls.module)
    if module is None or not cls.decorators:
        return []
    lines = {d.span.line for d in cls.decorators}
    return [f for f in module.facts if f.kind == "dispatch_decorator" and f.span.line in lines]


def is_handler(method: Method, vocabulary: Vocabulary | None = None) -> bool:
    """The vocabulary's answer (the shipped one unless the graph's is given)."""
    return (vocabulary or load_vocabulary()).is_handler_method(method)


# -- settings read statically -------------------------------------------------

def settings_values(graph: ProjectGraph) -> dict[str, object]:
    """Top-level settings: the value when statically known, else ``...`` (set, but unknown)."""
    return setting_values(graph)

