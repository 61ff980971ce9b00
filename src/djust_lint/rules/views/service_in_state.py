"""DJ307 service-in-public-state."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.findings import Finding, Severity
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, is_state_name, view_classes

#: Constructors of objects that cannot be serialised into view state.
_SERVICE_CALL = re.compile(
    r"^\s*(?:await\s+)?(?:"
    r"(?:boto3|botocore|requests|httpx|aiohttp|redis|stripe|openai|anthropic|socket|sqlite3|psycopg2?|pymongo)\.[\w.]*\("
    r"|[\w.]*(?:Service|Client|Session|Connection|Pool|Manager)\("
    r"|[\w.]*\.(?:client|resource|session|connect)\("
    r")"
)


def _view(value: str, attr: str = "s3") -> str:
    return (
        "import boto3\n"
        + EXAMPLE_IMPORTS
        + f'''

class Files(LiveView):
    template = "<div></div>"

    def mount(self, request, **kwargs):
        self.{attr} = {value}
'''
    )


class ServiceInPublicState(Rule):
    """## What it does
    Reports a service object (an HTTP session, an SDK client such as
    `boto3.client(...)`, a database connection, any `...Service(...)`/
    `...Client(...)`) stored in a *public* view attribute.

    ## Why is this bad?
    Public attributes are serialised to the client after every event; these
    objects cannot be serialised (the event fails) and may leak credentials.

    ## Use instead
    Keep it private (`self._s3`) or create it on demand in a helper method.
    """

    code = "DJ307"
    name = "service-in-public-state"
    severity = Severity.ERROR
    summary = "Service/client object stored in public view state"
    djust_equivalent = "validate_view: \"Service instance stored in state\""
    djust_ids = ("djust.V006",)
    VALID = [Example({"app/views.py": _view('boto3.client("s3")', "_s3")})]
    INVALID = [
        Example(
            {"app/views.py": _view('boto3.client("s3")')},
            expect=(("app/views.py", 10, 14),),
            messages=("self.s3 holds a service object (boto3.client); public state is serialised to the client — store it as self._s3 or build it on demand",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for cls, _views in view_classes(graph):
            for method in cls.methods.values():
                for attr in method.self_assignments:
                    if not is_state_name(graph, attr.name) or not attr.value_source:
                        continue
                    if _SERVICE_CALL.match(attr.value_source):
                        yield self.finding(
                            cls.path,
                            attr.span,
                            f"self.{attr.name} holds a service object ({attr.value_source.split('(')[0].strip()}); public "
                            f"state is serialised to the client — store it as self._{attr.name} or build it on demand",
                            view=cls.qualname,
                        )
