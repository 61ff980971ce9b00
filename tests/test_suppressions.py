"""Suppression comments: ours, djust's own, and unused ones reported (DJ904)."""

from __future__ import annotations

from project_files import write_project

from djust_lint.engine.api import lint_project
from djust_lint.readers.suppressions import scan_file

VIEW = '''from djust import LiveView
from djust.decorators import event_handler


class Page(LiveView):
    template_name = "app/page.html"

    @event_handler
    def save(self):  # djust-lint: noqa: DJ304
        pass

    @event_handler
    def load(self):  # noqa: V007
        pass

    @event_handler
    def drop(self):
        pass
'''


def found(root, **kwargs):
    return [(f.code, f.path, f.line) for f in lint_project(root, **kwargs).findings]


def test_python_line_directive_and_unused_report(tmp_path):
    template = '<b dj-click="save">s</b><b dj-click="load">l</b><b dj-click="drop">d</b>\n'
    root = write_project(tmp_path / "p", {"app/views.py": VIEW, "app/templates/app/page.html": template})
    result = found(root, select=["DJ304", "DJ904"])
    # save: suppressed by ours; load: by djust's own comment for V007, which DJ304
    # replaces (Rule.djust_ids); drop: reported. Ours was used, so no DJ904.
    assert ("DJ304", "app/views.py", 17) in result
    assert ("DJ304", "app/views.py", 13) not in result
    assert ("DJ304", "app/views.py", 9) not in result
    assert not [r for r in result if r[0] == "DJ904"]


def test_template_next_line_and_file_directives(tmp_path):
    view = VIEW.replace("def save(self):  # djust-lint: noqa: DJ304", "def save(self, **kw):")
    template = (
        "{# djust-lint: ignore DJ101 #}\n"
        '<b dj-click="sav">s</b>\n'
        '<b dj-click="dorp">d</b>\n'
    )
    root = write_project(tmp_path / "p", {"app/views.py": view, "app/templates/app/page.html": template})
    assert [r for r in found(root, select=["DJ101"])] == [("DJ101", "app/templates/app/page.html", 3)]
    whole = "{# djust-lint: ignore-file DJ101 #}\n" + template
    root2 = write_project(tmp_path / "q", {"app/views.py": view, "app/templates/app/page.html": whole})
    assert found(root2, select=["DJ101"]) == []


def test_inline_template_directive(tmp_path):
    view = '''from djust import LiveView
from djust.decorators import event_handler


class Page(LiveView):
    template = """<div>
  {# djust-lint: ignore DJ101 #}
  <b dj-click="sav">s</b>
  <b dj-click="sve">s</b>
</div>"""

    @event_handler
    def save(self, **kwargs):
        pass
'''
    root = write_project(tmp_path / "p", {"app/views.py": view})
    assert found(root, select=["DJ101"]) == [("DJ101", "app/views.py", 9)]


def test_file_level_python_directive(tmp_path):
    view = "# djust-lint: noqa: DJ304\n" + VIEW.replace("  # djust-lint: noqa: DJ304", "")
    root = write_project(tmp_path / "p", {"app/views.py": view})
    assert [r for r in found(root, select=["DJ304"])] == []


def test_unused_and_unknown_codes_are_reported_with_a_fix(tmp_path):
    view = VIEW.replace("# djust-lint: noqa: DJ304", "# djust-lint: noqa: DJ101, XX999").replace(
        "class Page(LiveView):", "class Page(LiveView):  # djust-lint: noqa"
    )
    root = write_project(tmp_path / "p", {"app/views.py": view})
    findings = [f for f in lint_project(root, select=["DJ1", "DJ2", "DJ3", "DJ904"]).findings if f.code == "DJ904"]
    assert [f.line for f in findings] == [5, 9]
    bare, listed = findings
    assert bare.message == "suppression comment suppresses nothing"
    assert bare.fix is not None and bare.fix.edits[0].content == ""
    assert (bare.fix.edits[0].span.column, bare.fix.edits[0].span.end_column) == (22, 42)
    assert "DJ101 no longer reported here" in listed.message and "XX999 is not a djust-lint code" in listed.message


def test_directives_in_strings_are_not_comments():
    text = 'HELP = "# djust-lint: noqa: DJ101"\nx = 1  # djust-lint: noqa: DJ101\n'
    assert [(d.span.line, d.codes) for d in scan_file("m.py", text)] == [(2, ("DJ101",))]


def test_disabled_codes_are_never_unused(tmp_path):
    view = VIEW.replace("# djust-lint: noqa: DJ304", "# djust-lint: noqa: DJ111")
    root = write_project(tmp_path / "p", {"app/views.py": view})
    assert [f for f in lint_project(root, select=["DJ904"]).findings] == []


def test_suppressions_come_from_the_read_not_a_second_read(tmp_path):
    """Comments are recorded by the readers: delete the files after the build, still applied."""
    import shutil

    from djust_lint.engine.config import Config
    from djust_lint.engine.pipeline import LintResult as Result
    from djust_lint.engine.pipeline import postprocess, run_rules, selected_rules
    from djust_lint.graph.builder import build_graph

    template = "{# djust-lint: ignore DJ101 #}\n" + '<b dj-click="sav">s</b>\n'
    root = write_project(tmp_path / "p", {"app/views.py": VIEW, "app/templates/app/page.html": template})
    graph = build_graph(root)
    shutil.rmtree(root / "app")
    rules = selected_rules(Config(), select=["DJ101", "DJ304", "DJ904"])
    findings, _errors, _silenced = run_rules(graph, rules)
    kept = postprocess(graph, findings, rules, Config(), Result(graph))
    assert ("DJ101", 2) not in {(f.code, f.line) for f in kept}
    assert ("DJ304", 9) not in {(f.code, f.line) for f in kept}  # the Python line comment too


def test_suppressions_in_an_overlaid_template_are_honoured(tmp_path):
    """An editor's unsaved template keeps its suppression comments (they were lost on overlays)."""
    from djust_lint.engine import lint

    page = "app/templates/app/page.html"
    root = write_project(tmp_path / "p", {"app/views.py": VIEW, page: "<p>nothing yet</p>\n"})
    buffer = "{# djust-lint: ignore DJ101 #}\n" + '<b dj-click="sav">s</b>\n<i dj-click="sve">s</i>\n'
    found = [(f.code, f.line) for f in lint(root, overlays={page: buffer}, select=["DJ101", "DJ904"]).findings if f.path == page]
    assert found == [("DJ101", 3)]
