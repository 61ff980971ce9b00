"""DJ710 time-travel-pii-field (djust.V014)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import in_selection, literal, python_reported
from ._common import attr_truth, inherited_attr, project_mro, user_live_views

if TYPE_CHECKING:
    from ...core.model import ClassInfo
    from ...graph.model import ProjectGraph, ViewNode

#: Consecutive snake_case tokens that name a piece of personal data.
PII_PATTERNS: tuple[tuple[str, ...], ...] = (
    ("password",), ("passwd",), ("ssn",), ("credit", "card"), ("tax", "id"), ("email",), ("phone",),
)
#: Field types whose value cannot be the personal datum whatever the field is called.
NON_PII_TYPES = frozenset(
    {
        "BooleanField", "NullBooleanField", "DateField", "DateTimeField", "TimeField", "DurationField",
        "AutoField", "BigAutoField", "SmallAutoField", "ForeignKey", "OneToOneField", "ManyToManyField",
    }
)
_REFERENCE = re.compile(r"^\s*([A-Za-z_][\w.]*?)(?:\.objects\b.*)?\s*$")
_FIELD_CALL = re.compile(r"^\s*(?:[\w.]*\.)?(\w+)\s*\(")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _project(extra: str) -> dict[str, str]:
    return {
        "app/models.py": '''from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()
    email_verified = models.BooleanField(default=False)
''',
        "app/views.py": f'''from djust import LiveView

from .models import Customer


class CustomerView(LiveView):
    template = "<div></div>"
    model = Customer
    time_travel_enabled = True
{extra}''',
    }


def pii_pattern(field_name: str) -> str | None:
    """The PII pattern a field name contains as whole tokens (``telephone_pole`` has no ``phone``)."""
    tokens = []
    for raw in _CAMEL.sub("_", field_name).replace("-", "_").split("_"):
        token = raw.lower().rstrip("0123456789")
        if token.endswith("s") and len(token) > 3:
            token = token[:-1]
        if token:
            tokens.append(token)
    for pattern in PII_PATTERNS:
        width = len(pattern)
        if any(tuple(tokens[i : i + width]) == pattern for i in range(len(tokens) - width + 1)):
            return "_".join(pattern)
    return None


class TimeTravelPiiField(Rule):
    """## What it does
    Reports a LiveView with `time_travel_enabled = True` whose model or form
    (a class attribute such as `model = Customer`, `form_class = ...`,
    `queryset = Customer.objects...`) declares a text field named like
    personal data (`password`, `email`, `phone`, `ssn`, `credit_card`,
    `tax_id`) that `time_travel_excluded_fields` does not list.

    ## Why is this bad?
    Time travel records the state before and after every event, and a bug
    capture turns those snapshots into a shareable blob: a password in
    public state is one paste away from an issue tracker.

    ## Example
    ```python
    class CustomerView(LiveView):
        model = Customer          # has email = models.EmailField()
        time_travel_enabled = True
    ```

    ## Use instead
    ```python
    class CustomerView(LiveView):
        model = Customer
        time_travel_enabled = True
        time_travel_excluded_fields = ["email"]
    ```

    djust reports this as `djust.V014`. Names match on whole tokens and
    boolean/date/relation fields are skipped, as in djust. Only models and
    forms defined in the project are read.
    """

    code = "DJ710"
    name = "time-travel-pii-field"
    severity = Severity.WARNING
    summary = "Time-travel view records a PII-looking field"
    djust_equivalent = "djust.V014: time_travel_enabled with PII-looking fields"
    djust_ids = ("djust.V014",)
    VALID = [Example(_project('    time_travel_excluded_fields = ["email"]\n'))]
    INVALID = [
        Example(
            _project(""),
            expect=(("app/views.py", 6, 7),),
            messages=("CustomerView records time-travel snapshots and its model/form has PII-looking field(s) email; list them in time_travel_excluded_fields",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        for view, cls in user_live_views(graph):
            if not in_selection(graph, cls.path) or not attr_truth(graph, view, "time_travel_enabled"):
                continue
            excluded = _excluded(graph, view)
            if excluded is None:
                continue
            offenders = sorted(
                {name for name, kind in _declared_fields(graph, view) if name not in excluded and pii_pattern(name) and kind not in NON_PII_TYPES}
            )
            if offenders:
                yield self.finding(
                    cls.path,
                    cls.span,
                    f"{cls.name} records time-travel snapshots and its model/form has PII-looking field(s) "
                    f"{', '.join(offenders)}; list them in time_travel_excluded_fields",
                    view=view.qualname,
                )


def _excluded(graph: ProjectGraph, view: ViewNode) -> set[str] | None:
    """``time_travel_excluded_fields`` as a set, ``None`` when not a literal."""
    found = inherited_attr(graph, view, "time_travel_excluded_fields")
    if found is None:
        return set()
    value = literal(found[1])
    if isinstance(value, str):
        return {value}
    if isinstance(value, (list, tuple, set, frozenset)):
        return {str(v) for v in value}
    return None if value is ... else set()


def _declared_fields(graph: ProjectGraph, view: ViewNode) -> Iterator[tuple[str, str]]:
    """(field name, field type) of every project model/form a view's class attributes name."""
    seen: set[str] = set()
    for cls in project_mro(graph, view):
        for source in cls.class_attrs.values():
            target = _referenced_class(graph, cls, source)
            if target is None or target.qualname in seen or not _is_model_or_form(graph, target):
                continue
            seen.add(target.qualname)
            for owner in (graph.index.classes[e.key] for e in graph.index.mro(target.qualname) if e.project):
                for name, value in owner.class_attrs.items():
                    match = _FIELD_CALL.match(value)
                    if match and (match.group(1).endswith("Field") or match.group(1) in NON_PII_TYPES):
                        yield name, match.group(1)


def _referenced_class(graph: ProjectGraph, cls: ClassInfo, source: str) -> ClassInfo | None:
    match = _REFERENCE.match(source)
    if match is None:
        return None
    dotted = match.group(1)
    module = graph.index.modules.get(cls.module)
    head, _, rest = dotted.partition(".")
    imported = module.imports.get(head) if module else None
    candidates = [f"{imported}.{rest}" if imported and rest else imported, f"{cls.module}.{dotted}"]
    for candidate in candidates:
        qualname = graph.index.resolve(candidate) if candidate else None
        if qualname:
            return graph.index.classes[qualname]
    return None


def _is_model_or_form(graph: ProjectGraph, cls: ClassInfo) -> bool:
    keys = [e.key for e in graph.index.mro(cls.qualname)]
    return any("django.db.models" in key or "django.forms" in key for key in keys)
