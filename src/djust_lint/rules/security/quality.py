"""Quality rules: static/temporary assigns overlap, navigation state without patch, console.log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...graph.model import ProjectGraph

from ...core.findings import Finding, Severity
from ...core.model import Span
from ..base import Example, Rule, RuleContext
from ..common import EXAMPLE_IMPORTS, in_selection, literal, python_reported, view_classes
from ._common import facts_by_function, is_handler, live_views, method_facts, project_chain

_NAV_STATE = frozenset({"active_view", "current_tab", "selected_page", "current_section", "active_tab", "selected_view"})
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/")


def _view(body: str) -> dict[str, str]:
    return {"app/views.py": EXAMPLE_IMPORTS + "\n\nclass Feed(LiveView):\n    template = \"<div></div>\"\n" + body}


def _names(source: str | None) -> set[str]:
    """String keys of a literal list/tuple/set/dict (parsed, never run)."""
    value = literal(source) if source is not None else None
    return {v for v in value if isinstance(v, str)} if isinstance(value, (list, tuple, set, dict)) else set()


class StaticTemporaryOverlap(Rule):
    """## What it does
    Reports a LiveView whose `static_assigns` and `temporary_assigns` (own or
    inherited) name the same key.

    ## Why is this bad?
    A static assign is sent once and never again; a temporary one is cleared
    after every render. Both at once is contradictory and the key ends up
    empty or stale.

    ## Example
    ```python
    static_assigns = ["messages"]
    temporary_assigns = {"messages": []}
    ```

    ## Use instead
    Keep the key in one of the two.

    djust reports this as `djust.Q007`.
    """

    code = "DJ530"
    name = "static-temporary-overlap"
    severity = Severity.WARNING
    summary = "Key in both static_assigns and temporary_assigns"
    djust_equivalent = "djust.Q007 (overlapping static_assigns and temporary_assigns)"
    djust_ids = ("djust.Q007",)
    VALID = [Example(_view('    static_assigns = ["title"]\n    temporary_assigns = {"messages": []}\n'))]
    INVALID = [
        Example(
            _view('    static_assigns = ["messages"]\n    temporary_assigns = {"messages": []}\n'),
            expect=(("app/views.py", 5, 7),),
            messages=("Feed: messages in both static_assigns and temporary_assigns; after the first render the key is neither re-sent nor kept, so the page shows it empty or stale",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        if not python_reported(graph):
            return  # reported at Python classes only: nothing to do when the run keeps none
        for view in live_views(graph):
            if not in_selection(graph, view.path):
                continue  # reported at the view: this run discards findings there
            chain = project_chain(graph, view)
            static = _names(next((c.class_attrs["static_assigns"] for c in chain if "static_assigns" in c.class_attrs), None))
            temporary = _names(next((c.class_attrs["temporary_assigns"] for c in chain if "temporary_assigns" in c.class_attrs), None))
            overlap = sorted(static & temporary)
            if overlap:
                yield self.finding(
                    view.path,
                    view.span,
                    f"{view.name}: {', '.join(overlap)} in both static_assigns and temporary_assigns; "
                    "after the first render the key is neither re-sent nor kept, so the page shows it empty or stale",
                    view=view.qualname,
                )


class NavigationWithoutPatch(Rule):
    """## What it does
    Reports an event handler that sets navigation state (`self.active_tab`,
    `self.current_view`, ...) that the same view elsewhere puts in the URL
    with `self.patch(...)`, without calling `patch()` / `handle_params()` itself.

    ## Why is this bad?
    The URL and the screen disagree: reload or the back button shows another
    tab than the one the user chose.

    ## Example
    ```python
    @event_handler
    def show_tab(self, tab: str = "", **kwargs):
        self.active_tab = tab
    ```

    ## Use instead
    `<a dj-patch="?tab=orders">` and set the state in `handle_params()`.

    djust reports this as `djust.Q010` (info).
    """

    code = "DJ531"
    name = "navigation-without-patch"
    severity = Severity.INFO
    summary = "Handler sets URL navigation state without patch()"
    djust_equivalent = "djust.Q010 (navigation state set without patch())"
    djust_ids = ("djust.Q010",)
    _BODY = (
        '\n    def handle_params(self, params, uri):\n        self.active_tab = params.get("tab", "")\n\n'
        '    @event_handler\n    def reset(self, **kwargs):\n        self.patch({"tab": "all"})\n\n'
        '    @event_handler\n    def show_tab(self, tab: str = "", **kwargs):\n        self.active_tab = tab\n'
    )
    VALID = [Example(_view(_BODY.replace("self.active_tab = tab", "self.patch({'tab': tab})")))]
    INVALID = [
        Example(
            _view(_BODY),
            expect=(("app/views.py", 17, 14),),
            messages=("'show_tab' sets self.active_tab, which the view keeps in the URL; use dj-patch / self.patch() so the URL follows",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for cls, _views in view_classes(graph):
            module = graph.index.modules.get(cls.module)
            if module is None or not any(f.kind == "patch_params" for f in module.facts):
                continue
            grouped = facts_by_function(module)
            params = {p for m in cls.methods.values() for f in method_facts(grouped, m) if f.kind == "patch_params" for p in f.detail.split(",") if p}
            for method in cls.methods.values():
                if not is_handler(method, graph.vocabulary) or {"patch", "handle_params"} & set(method.called_self_methods):
                    continue
                for attr in method.self_assignments:
                    if attr.name in _NAV_STATE and (attr.name in params or attr.name.rsplit("_", 1)[-1] in params):
                        yield self.finding(
                            cls.path,
                            attr.span,
                            f"'{method.name}' sets self.{attr.name}, which the view keeps in the URL; use dj-patch / "
                            "self.patch() so the URL follows",
                            view=cls.qualname,
                        )
                        break


class ConsoleLogUnguarded(Rule):
    """## What it does
    Reports `console.log(...)` in the project's JavaScript that is not
    guarded by `djustDebug` (on the same line, the line before, or an
    enclosing `if (...djustDebug...) { ... }` block). Comments are ignored.

    ## Why is this bad?
    Debug output in production clutters every user's console and can leak
    state.

    ## Example
    ```js
    console.log("mounted", el);
    ```

    ## Use instead
    ```js
    if (globalThis.djustDebug) { console.log("mounted", el); }
    ```

    djust reports this as `djust.Q003` (line-based: it misses block guards
    and counts commented-out calls).
    """

    code = "DJ532"
    name = "console-log-unguarded"
    severity = Severity.INFO
    summary = "console.log without a djustDebug guard"
    djust_equivalent = "djust.Q003 (console.log without djustDebug guard)"
    djust_ids = ("djust.Q003",)
    in_validate_view = False
    _JS = "app/static/app/app.js"
    VALID = [Example({_JS: "if (globalThis.djustDebug) {\n  console.log('a');\n}\n// console.log('b');\n"})]
    INVALID = [
        Example(
            {_JS: "function f() {\n  console.log('a');\n}\n"},
            expect=((_JS, 2, 3),),
            messages=("console.log without a djustDebug guard",),
        ),
    ]

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        graph = ctx.graph
        for path in _javascript_paths(graph):
            try:
                text = (Path(graph.root) / path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if "console.log" not in text:
                continue
            for line, column in unguarded_console_logs(text):
                yield self.finding(path, Span.point(line, column, len("console.log")), "console.log without a djustDebug guard")


def _javascript_paths(graph: ProjectGraph) -> list[str]:
    """JS files of the project, as read by the graph builder (exclusions honoured)."""
    return graph.script_files


def unguarded_console_logs(text: str) -> Iterator[tuple[int, int]]:
    """(line, 1-based column) of each ``console.log`` outside a ``djustDebug`` guard.

    Tracks brace depth line by line: a line mentioning ``djustDebug`` that opens
    a block guards everything until that block closes; one that does not guards
    itself and the next line (``if (djustDebug)\\n  console.log(...)``).
    """
    depth, guards, previous_guard, in_comment = 0, [], False, False
    for number, raw in enumerate(text.splitlines(), 1):
        line, in_comment = _code_part(raw, in_comment)
        mentions = "djustDebug" in line
        column = line.find("console.log")
        if column >= 0 and not (guards or previous_guard or mentions):
            yield number, column + 1
        opens, closes = line.count("{"), line.count("}")
        if mentions and opens > closes:
            guards.append(depth)
        depth += opens - closes
        while guards and depth <= guards[-1]:
            guards.pop()
        previous_guard = mentions and opens <= closes


def _code_part(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line with ``//`` and ``/* */`` comments blanked (columns kept); whether a block comment stays open."""
    if in_comment:
        end = line.find("*/")
        if end < 0:
            return "", True
        line = " " * (end + 2) + line[end + 2 :]
    line = _BLOCK_COMMENT.sub(lambda m: " " * len(m.group()), line)
    start = line.find("/*")
    still_open = start >= 0
    if still_open:
        line = line[:start]
    slash = line.find("//")
    if slash >= 0 and not line[:slash].rstrip().endswith(":"):  # keep "http://" in strings
        line = line[:slash]
    return line, still_open


RULES = (StaticTemporaryOverlap, NavigationWithoutPatch, ConsoleLogUnguarded)
