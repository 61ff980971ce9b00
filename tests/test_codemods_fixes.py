"""check --fix: rule fixes applied until stable, never overlapping, only what was asked."""

from __future__ import annotations

import subprocess
import sys

from codemod_helpers import changed_lines

from djust_lint.codemods import plan_fixes
from djust_lint.codemods.fixes import FixSession
from djust_lint.core.findings import Edit, Finding, Fix, Severity
from djust_lint.core.model import Span
from djust_lint.engine.api import lint_project

VIEWS = '''from djust import LiveView


class Inbox(LiveView):
    template_name = "app/inbox.html"

    def mount(self, request, **kwargs):
        self.count = 0

    def archive(self):  # bound below, never decorated
        self.count += 1

    @event_handler
    def save(
        self,
        name: str = "",
    ):
        self.name = name
'''

TEMPLATE = '<button dj-click="archive">A</button>\n<button dj-click="sav">S</button>\n<input dj-keydown="save.enter">\n'


def _project(project, views: str | bytes = VIEWS):
    return project({"app/views.py": views, "app/templates/app/inbox.html": TEMPLATE, "pyproject.toml": '[tool.djust-lint]\ndjust-version = "1.2.6"\n'})


def test_safe_fixes_loop_until_stable_and_second_run_is_a_no_op(project) -> None:
    root = _project(project)
    plan = plan_fixes(root)
    assert {e.path for e in plan.edits} == {"app/views.py", "app/templates/app/inbox.html"}
    plan.apply()
    text = (root / "app/views.py").read_text()
    # DJ102 added the decorator (and the import once), then pass 2 gave the handler **kwargs (DJ304).
    assert text.count("from djust.decorators import event_handler") == 1
    assert "    @event_handler\n    def archive(self, **kwargs):  # bound below, never decorated\n" in text
    # Multi-line signature with a magic trailing comma keeps one parameter per line.
    assert '        name: str = "",\n        **kwargs,\n    ):\n' in text
    html = (root / "app/templates/app/inbox.html").read_text()
    assert 'dj-keydown.enter="save"' in html  # DJ104, a span fix declared by its rule
    assert 'dj-click="sav"' in html  # unsafe: not applied without --unsafe-fixes
    assert any("DJ102" in m for m in plan.messages) and any("DJ304" in m for m in plan.messages)
    assert not plan_fixes(root).changed
    compile(text, "views.py", "exec")
    codes = {f.code for f in lint_project(root).findings}
    assert not codes & {"DJ102", "DJ104", "DJ304"}, codes


def test_unsafe_fixes_correct_the_typo(project) -> None:
    root = _project(project)
    plan_fixes(root, unsafe=True).apply()
    assert 'dj-click="save"' in (root / "app/templates/app/inbox.html").read_text()
    assert "DJ101" not in {f.code for f in lint_project(root).findings}


def test_crlf_file_only_the_fixed_lines_change(project) -> None:
    source = VIEWS.replace("from djust import LiveView\n", "from djust import LiveView\nfrom djust.decorators import event_handler\n")
    source_bytes = source.replace("    def mount", "    # «café» ☕\n    def mount").replace("\n", "\r\n").encode()
    root = _project(project, source_bytes)
    plan_fixes(root).apply()
    after = (root / "app/views.py").read_bytes()
    removed, added = changed_lines(source_bytes, after)
    assert removed == [b"    def archive(self):  # bound below, never decorated\r\n"]
    assert added == [
        b"    @event_handler\r\n",
        b"    def archive(self, **kwargs):  # bound below, never decorated\r\n",
        b"        **kwargs,\r\n",
    ]


def test_suppressed_findings_are_not_fixed(project) -> None:
    root = _project(project, VIEWS.replace("    def save(\n", "    def save(  # noqa: DJ304\n"))
    plan_fixes(root).apply()
    text = (root / "app/views.py").read_text()
    assert "def archive(self, **kwargs)" in text
    assert '        name: str = "",\n    ):' in text


def test_handler_like_decorator_fix_is_unsafe(project) -> None:
    views = 'from djust import LiveView\n\n\nclass Todos(LiveView):\n    template = "<ul></ul>"\n\n    def toggle_item(self, **kwargs):\n        pass\n'
    root = project({"app/views.py": views})
    assert not plan_fixes(root).changed
    plan_fixes(root, unsafe=True).apply()
    assert "    @event_handler\n    def toggle_item" in (root / "app/views.py").read_text()


def test_overlapping_edits_are_never_applied_in_one_pass(tmp_path) -> None:
    (tmp_path / "a.html").write_text("abcdef\n")

    def finding(line: int, col: int, end: int, content: str) -> Finding:
        fix = Fix("f", (Edit("a.html", Span(line, col, line, end), content),))
        return Finding("DJ999", "x", Severity.ERROR, "a.html", Span(1, 1, 1, 1), "m", fix)

    session = FixSession(tmp_path, unsafe=False)
    assert session._apply_span_fixes([finding(1, 2, 4, "X"), finding(1, 3, 5, "Y"), finding(1, 5, 6, "Z")])
    assert session.overlay["a.html"] == "aXdZf\n"
    assert len(session.applied) == 2


def _cli(root, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "djust_lint", "check", *args, str(root)], capture_output=True, text=True, check=False
    )


def test_cli_diff_writes_nothing_and_fix_writes(project) -> None:
    root = _project(project)
    def files() -> dict:
        return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".djust_lint_cache" not in p.parts}

    before = files()
    shown = _cli(root, "--diff")
    assert shown.returncode == 1, shown.stderr
    assert "+    def archive(self, **kwargs):" in shown.stdout and "--- a/app/views.py" in shown.stdout
    assert files() == before
    unsafe = _cli(root, "--diff", "--unsafe-fixes")
    assert '+<button dj-click="save">S</button>' in unsafe.stdout
    fixed = _cli(root, "--fix", "--format", "json")
    assert fixed.returncode == 1, fixed.stderr  # the unsafe typo remains
    assert "fixed 4 issue(s)" in fixed.stderr
    assert '"DJ101"' in fixed.stdout and '"DJ304"' not in fixed.stdout
    assert _cli(root, "--diff").stdout == ""


def test_every_fix_carries_its_edits_for_json_sarif_and_mcp_clients():
    """No fix is announced without the edits a client needs to apply it (ruff's model)."""
    import ast
    from pathlib import Path

    from djust_lint.core.textedit import apply_edits

    fixtures = Path(__file__).parent / "fixtures"
    checked = set()
    for name in ("shop", "helpdesk"):
        for finding in lint_project(fixtures / name).findings:
            if finding.fix is None:
                continue
            assert finding.fix.edits, f"{finding.code} at {finding.path}:{finding.line} offers a fix without edits"
            by_path: dict[str, list] = {}
            for edit in finding.fix.edits:
                by_path.setdefault(edit.path, []).append(edit)
            for path, edits in by_path.items():
                before = (fixtures / name / path).read_text(encoding="utf-8")
                after = apply_edits(before, edits)
                assert after != before
                if path.endswith(".py"):
                    ast.parse(after)
            checked.add(finding.code)
    assert "DJ304" in checked


def test_pasted_snippet_fix_edits_apply_to_the_snippet():
    from djust_lint import validate_view
    from djust_lint.core.textedit import apply_edits

    source = (
        "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\n"
        "class V(LiveView):\n    template = '<div dj-root><b dj-click=\"go\">x</b></div>'\n\n"
        "    def go(self):\n        pass\n"
    )
    findings = {f.code: f for f in validate_view(source)}
    fixed = apply_edits(source, list(findings["DJ102"].fix.edits))
    assert "    @event_handler\n    def go(self):" in fixed
