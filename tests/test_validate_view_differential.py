"""Differential test: our ``validate_view`` against djust's own MCP ``validate_view``.

Users compare the two, so every difference must be deliberate.  djust's tool is
a function nested in ``create_server()`` (``djust/mcp/server.py``) behind
``@mcp.tool()``, and that server needs ``mcp<2``; so the test reads the
installed source, takes that one function with ``ast``, drops its decorator and
runs it.  This is djust's code (a test dependency), not user code.

For each case, findings are compared as (code, line): every djust finding must
be ours too, and every one of ours must be djust's, unless the DELIBERATE table
lists the difference with its reason.  Stale DELIBERATE entries fail too.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest

from djust_lint import validate_view

Found = tuple[str, "int | None"]  # (code, line); djust gives no line for mark_safe

#: djust message prefix -> our code.
MESSAGE_CODES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Syntax error: "), "DJ901"),
    (re.compile(r"^mount\(\) missing 'request'"), "DJ301"),
    (re.compile(r"^mount\(\) should accept"), "DJ302"),
    (re.compile(r"^Method '\w+' looks like an event handler but lacks @event_handler"), "DJ303"),
    (re.compile(r"^Event handler '\w+' should accept \*\*kwargs"), "DJ304"),
    (re.compile(r"^Class '\w+' has no template_name or template"), "DJ305"),
    (re.compile(r"^SECURITY: mark_safe\(\) with f-string"), "DJ306"),
    (re.compile(r"^Service instance stored in state"), "DJ307"),
)

_IMPORTS = "from djust import LiveView, LiveComponent\nfrom djust.decorators import event_handler\n"
_SAFE = "from django.utils.safestring import mark_safe\n"
_PREFIXES = ("on_", "toggle_", "select_", "update_", "delete_", "create_", "add_")
_PREFIXES += ("remove_", "save_", "cancel_", "submit_", "close_", "open_")


def _view(body: str, head: str = "", template: str = "<div></div>") -> str:
    """A module with one LiveView; line 4 (+ lines of ``head``) is ``class V``."""
    return f"{head}{_IMPORTS}\nclass V(LiveView):\n    template = {template!r}\n{body}"


CASES: dict[str, str] = {
    # -- every check djust makes ---------------------------------------------------
    "syntax_error": _IMPORTS + "\nclass V(LiveView):\n    def mount(self, request\n",
    "mount_without_request": _view("    def mount(self, **kwargs):\n        pass\n"),
    "mount_renamed_request": _view("    def mount(self, req, **kwargs):\n        pass\n"),
    "mount_without_kwargs": _view("    def mount(self, request):\n        pass\n"),
    "handler_like_prefixes": _view("".join(f"    def {p}x(self, **kwargs):\n        pass\n" for p in _PREFIXES)),
    "async_handler_like": _view("    async def toggle_x(self, **kwargs):\n        pass\n"),
    "handler_missing_kwargs": _view(
        "    @event_handler\n    def save(self):\n        pass\n"
        "    @event_handler()\n    def go(self, n: int = 0):\n        pass\n",
        template='<b dj-click="save">s</b><i dj-click="go(1)">g</i>',
    ),
    "class_without_template": _IMPORTS
    + "\nclass V(LiveView):\n    def mount(self, request, **kwargs):\n        pass\n",
    "mark_safe_fstring": _view(
        "    def mount(self, request, **kwargs):\n        self.b = mark_safe(f\"<b>{request.GET['q']}</b>\")\n",
        head=_SAFE,
        template="<p>{{ b }}</p>",
    ),
    "service_in_state": _view(
        "    def mount(self, request, **kwargs):\n"
        "        self.s3 = boto3.client('s3')\n"
        "        self.http = requests.Session()\n"
        "        self.payments = PaymentService()\n"
        "    def connected(self):\n"
        "        self.feed = httpx.AsyncClient()\n",
        head="import boto3, httpx, requests\n",
    ),
    # -- traps: where djust's text/AST heuristics are wrong ---------------------------
    "component_mount_has_no_request": _IMPORTS
    + "\nclass C(LiveComponent):\n    template = '<div></div>'\n    def mount(self, **kwargs):\n        pass\n",
    "mount_with_star_args": _view("    def mount(self, *args, **kwargs):\n        pass\n"),
    "lifecycle_hooks": _view(
        "    tick_interval = 1000\n"
        "    def handle_params(self, params, uri):\n        pass\n"
        "    def handle_tick(self):\n        pass\n"
        "    def handle_info(self, message):\n        pass\n"
        "    def handle_refresh(self):\n        pass\n"
    ),
    "inherited_template": _IMPORTS
    + "\nclass Base(LiveView):\n    template_name = 'app/base.html'\n\nclass Child(Base):\n    pass\n",
    "abstract_base": _IMPORTS + "\nclass Base(LiveView):\n    abstract = True\n",
    "nested_meta_and_plain_helper": _IMPORTS
    + "\nclass Helper:\n    def update_cache(self):\n        pass\n"
    + "\nclass V(LiveView):\n    template = '<div></div>'\n    class Meta:\n        ordering = ['x']\n",
    "mark_safe_only_in_comment_and_string": _view(
        '    # never write mark_safe(f"<b>{x}</b>")\n'
        "    def mount(self, request, **kwargs):\n        self.tip = 'avoid mark_safe(f\"...\")'\n",
        head=_SAFE,
    ),
    "mark_safe_other_formatting": _view(
        "    def mount(self, request, **kwargs):\n"
        "        q = request.GET['q']\n"
        "        self.a = mark_safe('<b>%s</b>' % q)\n"
        "        self.b = mark_safe('<b>{}</b>'.format(q))\n"
        "        self.c = mark_safe('<b>' + q + '</b>')\n",
        head=_SAFE,
        template="<p>{{ a }}{{ b }}{{ c }}</p>",
    ),
    "private_or_plain_state": _view(
        "    def mount(self, request, **kwargs):\n"
        "        self._s3 = boto3.client('s3')\n"
        "        self.client = make()\n"
        "        self.note = 'see requests.get in the docs'\n",
        head="import boto3\n",
    ),
    "service_outside_mount_and_handler_names": _view(
        "    def mount(self, request, **kwargs):\n        self.load()\n"
        "    def load(self):\n        self.http = requests.Session()\n"
        "    @event_handler\n    def refresh(self, **kwargs):\n        self.api = ApiClient()\n",
        head="import requests\n",
        template='<b dj-click="refresh">r</b>',
    ),
    "attribute_decorator": "from djust import LiveView, decorators\n"
    + "\nclass V(LiveView):\n    template = '<b dj-click=\"toggle_x\">t</b>'\n"
    + "    @decorators.event_handler\n    def toggle_x(self):\n        pass\n",
    "decorated_non_handlers": _view(
        "    @property\n    def open_count(self):\n        return 1\n"
        "    @staticmethod\n    def add_one(n):\n        return n + 1\n",
        template="<p>{{ open_count }}</p>",
    ),
    "private_and_undecorated_helpers": _view(
        "    def _toggle(self):\n        pass\n    def refresh(self):\n        pass\n"
    ),
}

#: Every difference, keyed (case, "djust-only" | "ours-only", code, line), with the reason.
DELIBERATE: dict[tuple[str, str, str, int | None], str] = {
    ("component_mount_has_no_request", "djust-only", "DJ301", 6): (
        "LiveComponent.mount() is called as mount(**props) without a request (components/base.py)"
    ),
    ("mount_with_star_args", "djust-only", "DJ301", 6): "mount(self, *args, **kwargs) receives the request",
    ("mount_renamed_request", "djust-only", "DJ301", 6): (
        "djust passes the request positionally (mixins/request.py), so mount(self, req, **kwargs) works"
    ),
    ("lifecycle_hooks", "djust-only", "DJ303", 7): "handle_params is a lifecycle hook (djust's V004 skips it)",
    ("lifecycle_hooks", "djust-only", "DJ303", 9): "handle_tick is a lifecycle hook (djust's V004 skips it)",
    ("lifecycle_hooks", "djust-only", "DJ303", 11): "handle_info is a lifecycle hook (djust's V004 skips it)",
    ("lifecycle_hooks", "djust-only", "DJ303", 13): (
        "handle_* is djust's server-push namespace: undecorated on purpose (V004 skips it, #3002)"
    ),
    ("inherited_template", "djust-only", "DJ305", 7): "Child inherits template_name from Base",
    ("abstract_base", "djust-only", "DJ305", 4): "abstract = True marks a base class (djust's V001 skips it)",
    ("nested_meta_and_plain_helper", "djust-only", "DJ303", 5): "Helper is not a view: nothing can call it",
    ("nested_meta_and_plain_helper", "djust-only", "DJ305", 4): "Helper is not a view",
    ("nested_meta_and_plain_helper", "djust-only", "DJ305", 10): "class Meta nested in a view is not a view",
    ("mark_safe_only_in_comment_and_string", "djust-only", "DJ306", None): (
        "djust searches the source text: the call only appears in a comment and a string"
    ),
    ("mark_safe_other_formatting", "ours-only", "DJ306", 9): "% formatting interpolates unescaped values too",
    ("mark_safe_other_formatting", "ours-only", "DJ306", 10): ".format() interpolates unescaped values too",
    ("mark_safe_other_formatting", "ours-only", "DJ306", 11): "+ concatenation interpolates unescaped values too",
    ("private_or_plain_state", "djust-only", "DJ307", 10): (
        "djust matches 'requests.' inside a string literal; self.note holds plain text"
    ),
    ("service_outside_mount_and_handler_names", "ours-only", "DJ307", 10): (
        "any method's public assignment is state; djust only looks in mount/connected/handler-like names"
    ),
    ("service_outside_mount_and_handler_names", "ours-only", "DJ307", 13): (
        "refresh is an @event_handler even though its name has no handler-like prefix"
    ),
    ("attribute_decorator", "djust-only", "DJ303", 6): "djust only recognises a bare @event_handler name",
    ("attribute_decorator", "ours-only", "DJ304", 6): (
        "@decorators.event_handler is a handler (djust misses it), so it needs **kwargs"
    ),
    ("decorated_non_handlers", "djust-only", "DJ303", 7): "a @property is not a handler",
    ("decorated_non_handlers", "djust-only", "DJ303", 10): "a @staticmethod is not a handler",
}


def _djust_validate_view() -> Callable[[str], str]:
    """djust's ``validate_view``, compiled from the installed ``djust/mcp/server.py``."""
    try:
        path = Path(str(metadata.distribution("djust").locate_file("djust/mcp/server.py")))
    except metadata.PackageNotFoundError:
        pytest.skip("djust is not installed (it is a test dependency)")
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "validate_view"]
    assert len(found) == 1, "djust/mcp/server.py no longer has exactly one validate_view"
    function = found[0]
    function.decorator_list = []  # @mcp.tool() needs the FastMCP instance of create_server()
    namespace: dict[str, object] = {"json": json}
    exec(compile(ast.Module(body=[function], type_ignores=[]), str(path), "exec"), namespace)  # noqa: S102
    return namespace["validate_view"]  # type: ignore[return-value]


@pytest.fixture(scope="module")
def djust_validate() -> Callable[[str], str]:
    return _djust_validate_view()


def _code_of(message: str) -> str:
    for pattern, code in MESSAGE_CODES:
        if pattern.match(message):
            return code
    raise AssertionError(f"unmapped djust message (djust changed?): {message!r}")


def djust_findings(validate: Callable[[str], str], source: str) -> set[Found]:
    found: set[Found] = set()
    for issue in json.loads(validate(source)):
        line = issue.get("line")
        if line is None and (hint := re.search(r"at line (\d+)", issue.get("fix_hint", ""))):
            line = int(hint.group(1))  # the syntax error carries its line in the hint only
        found.add((_code_of(issue["message"]), line))
    return found


def our_findings(source: str) -> set[Found]:
    """Our findings for the checks djust's validate_view makes (other rules are out of its scope)."""
    compared = {code for _, code in MESSAGE_CODES}
    return {(f.code, f.line) for f in validate_view(source) if f.code in compared}


def _matches(finding: Found, others: set[Found]) -> bool:
    code, line = finding
    return any(c == code and (line is None or other is None or line == other) for c, other in others)


def _differences(case: str, djust: set[Found], ours: set[Found]) -> set[tuple[str, str, str, int | None]]:
    return {(case, "djust-only", c, ln) for c, ln in djust if not _matches((c, ln), ours)} | {
        (case, "ours-only", c, ln) for c, ln in ours if not _matches((c, ln), djust)
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_differences_are_exactly_the_deliberate_ones(case: str, djust_validate: Callable[[str], str]) -> None:
    source = CASES[case]
    found = _differences(case, djust_findings(djust_validate, source), our_findings(source))
    expected = {key for key in DELIBERATE if key[0] == case}
    assert {"undeclared": sorted(found - expected, key=str), "stale": sorted(expected - found, key=str)} == {
        "undeclared": [],
        "stale": [],
    }


def test_cases_cover_every_djust_check(djust_validate: Callable[[str], str]) -> None:
    reported = {code for source in CASES.values() for code, _ in djust_findings(djust_validate, source)}
    assert reported == {code for _, code in MESSAGE_CODES}


def test_cases_where_both_agree_are_not_empty(djust_validate: Callable[[str], str]) -> None:
    # Guards the comparison itself: agreement must come from real shared findings.
    source = CASES["handler_like_prefixes"]
    assert djust_findings(djust_validate, source) == our_findings(source)
    assert len(our_findings(source)) == len(_PREFIXES)


def test_every_deliberate_entry_names_a_case() -> None:
    assert {key[0] for key in DELIBERATE} <= CASES.keys()
    assert all(side in ("djust-only", "ours-only") for _, side, _, _ in DELIBERATE)
