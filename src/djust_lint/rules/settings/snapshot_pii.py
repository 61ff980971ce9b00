"""DJ423: credential-like attribute names on views that opt into state snapshots (djust.C304)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, in_selection, python_reported

#: djust's naming heuristic for PII and credentials (``checks/integrations.py``).
PII_NAME = re.compile(
    r"password|token|secret|api_?key|pii|ssn|credit_?card|cc_?num"
    r"|bearer|private_?key|auth_?header|sensitive|credential",
    re.IGNORECASE,
)


def _view(flag: str, attr: str) -> dict[str, str | bytes]:
    return {
        "app/views.py": EXAMPLE_IMPORTS
        + f"""

class Checkout(LiveView):
    template = "<div></div>"
    enable_state_snapshot = {flag}
    {attr} = ""
"""
    }


class PiiInStateSnapshot(Rule):
    """## What it does
    Reports public class-level attributes whose names look like credentials
    or personal data (`password`, `api_key`, `token`, `ssn`, ...) on a view
    with `enable_state_snapshot = True` (set on the view or inherited).

    ## Why is this bad?
    State snapshots are cached by the browser's service worker for
    back/forward navigation; secrets in them persist on the client.

    ## Example
    ```python
    class Checkout(LiveView):
        enable_state_snapshot = True
        api_key = ""
    ```

    ## Use instead
    Make it private (`_api_key`) or turn snapshots off for the view.

    djust reports this as `djust.C304`.
    """

    code = "DJ423"
    name = "pii-in-state-snapshot"
    severity = Severity.WARNING
    summary = "Credential-like state on a view with state snapshots"
    djust_equivalent = "djust.C304 snapshot-opt-in view has PII-like attribute names"
    djust_ids = ("djust.C304",)
    VALID = [Example(_view("True", "_api_key")), Example(_view("False", "api_key"))]
    INVALID = [
        Example(
            _view("True", "api_key"),
            expect=(("app/views.py", 5, 7),),
            messages=("Checkout enables state snapshots and has credential-like attributes (api_key); snapshots are cached in the browser",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        classes = ctx.graph.index.classes
        for view in ctx.graph.views.values():
            cls = classes.get(view.qualname)
            if cls is None or not in_selection(ctx.graph, cls.path) or not self._snapshots(view.mro_chain, classes):
                continue
            names = set(cls.class_attrs) | {n for n, s in cls.state.items() if s.origin in ("class", "state")}
            suspect = sorted(n for n in names if not n.startswith("_") and PII_NAME.search(n))
            if suspect:
                yield self.finding(
                    cls.path,
                    cls.span,
                    f"{view.name} enables state snapshots and has credential-like attributes ({', '.join(suspect)}); "
                    "snapshots are cached in the browser",
                    view=view.qualname,
                )

    @staticmethod
    def _snapshots(mro: list[str], classes: dict) -> bool:
        """The nearest class in the MRO that sets ``enable_state_snapshot`` sets it true."""
        for qualname in mro:
            cls = classes.get(qualname)
            if cls is not None and "enable_state_snapshot" in cls.class_attrs:
                return cls.class_attrs["enable_state_snapshot"].strip() == "True"
        return False
