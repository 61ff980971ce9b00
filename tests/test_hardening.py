"""Issue 13: confinement, hostile arguments, crashes that say so, byte-exact codemods.

Each test reproduces one item of the issue (the number is in the test's
docstring) through a public interface: ``lint_project``, the CLI as a real
subprocess, the codemod planners, the MCP tools.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from project_files import write_project

from djust_lint.codemods import PlanError, plan_add_handler
from djust_lint.engine.api import lint_project

VIEWS = """from djust import LiveView
from djust.decorators import event_handler


class ShopView(LiveView):
    template_name = "shop.html"

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler
    def save(self, **kwargs):
        pass
"""
SHOP = '<div dj-root><button dj-click="save">Save</button>{% include "creds.html" %}</div>\n'
SECRET = '<p dj-click="leaked_secret_handler">{{ leaked_secret_variable }} {% include "leaked_secret.html" %}</p>\n'


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "djust_lint", *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=300
    )


# ---------------------------------------------------------------------------
# 1. Symlinks leading outside the root
# ---------------------------------------------------------------------------


@pytest.fixture
def linked(project, tmp_path: Path) -> Path:
    """A project whose ``templates/creds.html`` and ``templates/shared/`` are symlinks to outside files."""
    root = project({"app/views.py": VIEWS, "templates/shop.html": SHOP})
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "creds.html").write_text(SECRET, encoding="utf-8")
    (outside / "dir" / "x.html").write_text(SECRET, encoding="utf-8")
    (outside / "secret_views.py").write_text(VIEWS.replace("ShopView", "LeakedSecretView"), encoding="utf-8")
    (root / "templates" / "creds.html").symlink_to(outside / "creds.html")
    (root / "templates" / "shared").symlink_to(outside / "dir", target_is_directory=True)
    (root / "app" / "secret_views.py").symlink_to(outside / "secret_views.py")
    return root


def _no_secret(text: str) -> None:
    assert "leaked_secret" not in text.lower(), text


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_leading_outside_the_root_are_not_read_and_reported_once(linked: Path) -> None:
    """Item 1: discovery and the graph never read through a link leading outside the root."""
    result = lint_project(linked)
    graph = result.graph
    _no_secret(json.dumps(graph.to_json()))
    _no_secret(json.dumps([f.to_json() for f in result.findings]))
    assert "creds.html" not in graph.template_names
    assert not any(t.path.startswith("templates/shared/") for t in graph.templates.values())
    skipped = [f for f in result.findings if f.code == "DJ900"]
    assert sorted(f.path for f in skipped) == ["app/secret_views.py", "templates/creds.html", "templates/shared"]
    assert all("outside the project root" in f.message for f in skipped)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_cli_check_and_graph_do_not_read_through_outside_links(linked: Path) -> None:
    """Item 1: the CLI faces (check, graph) inherit the confinement."""
    check = _cli("check", "--format", "json", "--no-cache", str(linked))
    graph = _cli("graph", "--format", "json", "--no-cache", "--root", str(linked))
    assert graph.returncode == 0, graph.stderr
    _no_secret(check.stdout)
    _no_secret(graph.stdout)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_mcp_answers_nothing_from_outside_links(linked: Path) -> None:
    """Item 1: every MCP question by template name, and the graph resource, stay inside the root."""
    from mcp.server.mcpserver.exceptions import ToolError

    from djust_lint.mcp.project import ProjectState
    from djust_lint.mcp.tools import Tools

    state = ProjectState(linked)
    tools = Tools(state)
    with pytest.raises(ToolError):
        tools.find_handlers_for_template(template_path="creds.html")
    with pytest.raises(ToolError):
        tools.get_template_context(template="creds.html")
    with pytest.raises(ToolError):
        tools.find_handlers_for_template(template_path="shared/x.html")
    answers = [
        tools.check().model_dump_json(),
        tools.run_system_checks().model_dump_json(),
        tools.list_views().model_dump_json(),
        tools.find_handlers_for_template(template_path="shop.html").model_dump_json(),
        json.dumps(state.result().graph.to_json()),
    ]
    try:
        answers.append(tools.find_references(name="leaked_secret_handler").model_dump_json())
    except ToolError as exc:
        answers.append(str(exc).replace("leaked_secret_handler", ""))
    for answer in answers:
        _no_secret(answer)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_language_server_project_does_not_read_through_outside_links(linked: Path) -> None:
    """Item 1: the language server's project inherits discovery's confinement."""
    from djust_lint.lsp.project import Project

    project = Project(linked)
    result = project.lint()
    _no_secret(json.dumps(result.graph.to_json()))
    _no_secret(json.dumps([f.to_json() for f in result.findings]))
    assert project.relative(linked / "templates" / "creds.html") is None
    assert project.relative(linked / "templates" / "shop.html") == "templates/shop.html"


# ---------------------------------------------------------------------------
# 2. scaffold --app accepts only real apps or harmless new names
# ---------------------------------------------------------------------------

SETTINGS = 'INSTALLED_APPS = ["django.contrib.admin", "djust", "shop", "blog.apps.BlogConfig"]\n'


@pytest.fixture
def django_project(project) -> Path:
    return project(
        {
            "shop_project/settings.py": SETTINGS,
            "shop_project/urls.py": "urlpatterns = []\n",
            "shop/models.py": "",
            "blog/apps.py": "from django.apps import AppConfig\n\nclass BlogConfig(AppConfig):\n    name = 'blog'\n",
            "utils.py": "X = 1\n",
            "libpkg/helpers.py": "",
        }
    )


@pytest.mark.parametrize(
    ("app", "reason"),
    [
        ("shop_project.settings", "settings"),
        ("shop_project", "not an app"),
        ("os", "standard library"),
        ("sys", "standard library"),
        ("json", "standard library"),
        ("django", "installed"),
        ("pytest", "installed"),
        ("utils", "module"),
        ("libpkg.helpers", "module"),
        ("libpkg", "not an app"),
    ],
)
def test_scaffold_refuses_app_names_that_shadow_or_break(django_project: Path, app: str, reason: str) -> None:
    """Item 2: ``--app`` / ``scaffold_view(app=...)`` accepts only an app, or a name that shadows nothing."""
    from djust_lint.codemods.scaffold import plan_scaffold_view

    before = sorted(str(p) for p in django_project.rglob("*"))
    with pytest.raises(PlanError) as raised:
        plan_scaffold_view(django_project, "Inbox", app=app)
    assert reason in str(raised.value), str(raised.value)
    assert sorted(str(p) for p in django_project.rglob("*")) == before


@pytest.mark.parametrize("app", ["shop", "blog", "mailroom"])
def test_scaffold_accepts_existing_apps_and_new_harmless_names(django_project: Path, app: str) -> None:
    """Item 2: an app with models/apps.py, one in INSTALLED_APPS, or a brand-new unshadowing name."""
    from djust_lint.codemods.scaffold import plan_scaffold_view

    plan = plan_scaffold_view(django_project, "Inbox", app=app)
    assert any(edit.path.startswith(f"{app}/") for edit in plan.edits)


def test_scaffold_cli_refuses_a_settings_module(django_project: Path) -> None:
    """Item 2: the CLI face gives a clear error and writes nothing."""
    proc = _cli("scaffold", "view", "Inbox", "--app", "shop_project.settings", "--root", str(django_project))
    assert proc.returncode == 2, proc.stderr
    assert "settings" in proc.stderr
    assert not (django_project / "shop_project" / "settings").exists()


# ---------------------------------------------------------------------------
# 3. add_event_handler writes only vocabulary decorators and plain annotations
# ---------------------------------------------------------------------------

HOSTILE = "__import__('os').system('touch /tmp/pwned')"


@pytest.fixture
def shop(project) -> Path:
    return project({"app/views.py": VIEWS, "templates/shop.html": SHOP})


@pytest.mark.parametrize(
    ("params", "decorators"),
    [
        (None, HOSTILE),
        (None, "debounce(wait=__import__('os').getcwd())"),
        (None, "print"),
        (None, "exec('x')"),
        (f"x: {HOSTILE}", None),
        (f"x: int = {HOSTILE}", None),
        ("x: list[__import__('os')]", None),
        ("x=(lambda: 0)()", None),
    ],
)
def test_add_handler_refuses_arbitrary_expressions(shop: Path, params: str | None, decorators: str | None) -> None:
    """Item 3: decorators from djust's vocabulary with literal arguments; names as annotations."""
    before = (shop / "app" / "views.py").read_bytes()
    with pytest.raises(PlanError):
        plan_add_handler(shop, "ShopView", "archive", params, decorators)
    assert (shop / "app" / "views.py").read_bytes() == before


@pytest.mark.parametrize(
    ("params", "decorators"),
    [
        ("item_id: int = 0, confirm: bool = False", "debounce(wait=0.3), rate_limit(rate=5, burst=2)"),
        ("query: str = '', page: int = 1", "debounce(300)"),
        ("when: float = 0.5, tags: list = None", "throttle(interval=1.5)"),
        ("x: dict = None", "permission_required('shop.change_item')"),
    ],
)
def test_add_handler_still_accepts_plain_specs(shop: Path, params: str, decorators: str | None) -> None:
    """Item 3: the ordinary vocabulary keeps working."""
    plan = plan_add_handler(shop, "ShopView", "archive", params, decorators)
    assert plan.changed


def test_mcp_add_event_handler_refuses_arbitrary_expressions_even_as_a_snippet(shop: Path) -> None:
    """Item 3: the MCP tool, with or without a view, never writes or returns a hostile expression."""
    from mcp.server.mcpserver.exceptions import ToolError

    from djust_lint.mcp.project import ProjectState
    from djust_lint.mcp.tools import Tools

    tools = Tools(ProjectState(shop))
    for kwargs in ({"decorators": HOSTILE}, {"params": f"x: {HOSTILE}"}):
        with pytest.raises(ToolError):
            tools.add_event_handler(handler_name="archive", **kwargs)
        with pytest.raises(ToolError):
            tools.add_event_handler(handler_name="archive", view_name="ShopView", apply=True, **kwargs)
    assert "__import__" not in (shop / "app" / "views.py").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# 6. Crashes exit 2, say where, and rule crashes are never dropped
# ---------------------------------------------------------------------------

_CRASH = """
import sys
import djust_lint.{module} as target
def boom(*args, **kwargs):
    raise RuntimeError("synthetic failure")
target.{function} = boom
from djust_lint.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _crash_run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = _CRASH.format(module="readers.template", function="read_template_file")
    return subprocess.run(
        [sys.executable, "-c", code, "check", "--no-cache", *args, str(root)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def test_an_unexpected_exception_exits_2_with_one_line_naming_the_file(shop: Path) -> None:
    """Item 6: exit 2 (never 1, "findings found"), the file being processed, how to report it."""
    proc = _crash_run(shop)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "templates/shop.html" in lines[0]
    assert "RuntimeError" in lines[0] and "report" in lines[0].lower() and "--verbose" in lines[0]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("function", "named"),
    [
        ("_members_of", "app/views.py (linking)"),
        ("link_template", "templates/shop.html (linking)"),
        ("collect_template_bindings", "templates/shop.html (linking)"),
    ],
)
def test_a_crash_while_linking_names_the_file(shop: Path, function: str, named: str) -> None:
    """A bug in linking (after every file was read) still says which file it was linking."""
    code = _CRASH.format(module="graph.builder", function=function)
    proc = subprocess.run(
        [sys.executable, "-c", code, "check", "--no-cache", str(shop)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and named in lines[0], proc.stderr


def test_verbose_adds_the_traceback(shop: Path) -> None:
    """Item 6: the traceback only with ``--verbose``."""
    proc = _crash_run(shop, "--verbose")
    assert proc.returncode == 2
    assert "Traceback" in proc.stderr and "synthetic failure" in proc.stderr


def _broken_rule(monkeypatch: pytest.MonkeyPatch) -> str:
    from djust_lint.rules import ALL_RULES

    rule = next(r for r in ALL_RULES if r.in_validate_view and r.code == "DJ101")

    def check(self, ctx):  # noqa: ANN001, ANN202
        raise RuntimeError("rule exploded")

    monkeypatch.setattr(rule, "check", check)
    return rule.code


def test_validate_view_reports_a_crashing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 6: a rule crash inside validate_view becomes a DJ999 finding, not silence."""
    from djust_lint import validate_view

    code = _broken_rule(monkeypatch)
    findings = validate_view(VIEWS.replace('template_name = "shop.html"', "template = '<p dj-click=\"nope\"></p>'"))
    errors = [f for f in findings if f.code == "DJ999"]
    assert len(errors) == 1 and code in errors[0].message and "rule exploded" in errors[0].message


def test_mcp_reports_a_crashing_rule_in_every_answer_that_runs_rules(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 6: check, run_system_checks, run_audit and validate_view all carry the internal error."""
    from djust_lint.mcp.project import ProjectState
    from djust_lint.mcp.tools import Tools

    code = _broken_rule(monkeypatch)
    tools = Tools(ProjectState(shop))
    assert any(code in e for e in tools.check().internal_errors)
    system = tools.run_system_checks()
    assert any(c.code == "DJ999" and code in c.message for c in system.checks)
    audit = tools.run_audit()
    assert any(f.code == "DJ999" and code in f.message for f in audit.internal_errors) and audit.summary.by_rule["DJ999"]
    issues = tools.validate_view(code=VIEWS).issues
    assert any(i.code == "DJ999" and code in i.message for i in issues)


# ---------------------------------------------------------------------------
# 8. Lone CR line endings
# ---------------------------------------------------------------------------


def test_rename_handler_on_cr_only_line_endings(project) -> None:
    """Item 8: positions from ``ast`` (which counts a lone CR as a line end) map back to offsets."""
    root = project({"app/views.py": b"class V:\r    def go(self):\r        pass\r"})
    proc = _cli("rename-handler", "V", "go", "run", "--root", str(root))
    assert proc.returncode == 0, proc.stderr
    assert (root / "app" / "views.py").read_bytes() == b"class V:\r    def run(self):\r        pass\r"


def test_template_lines_count_a_lone_cr_like_python() -> None:
    """Item 8: the template reader numbers lines as editors and Python do (CR, LF, CRLF)."""
    from djust_lint.readers.template import read_template

    info = read_template('<p>\r<b dj-click="x">\r\n{{ y }}</b>\n<i>{% if z %}</i>', path="t.html", name="t.html")
    assert [(e.tag, e.span.line, e.span.column) for e in info.elements] == [("p", 1, 1), ("b", 2, 1), ("i", 4, 1)]
    assert [(v.expression, v.span.line, v.span.column) for v in info.variables] == [("y", 3, 1)]
    assert [(t.name, t.span.line, t.span.column) for t in info.tags] == [("if", 4, 4)]


def test_template_suppressions_and_script_references_count_a_lone_cr() -> None:
    """Item 8: every reader that turns offsets into lines agrees with the template reader."""
    from djust_lint.readers.scripts import script_references
    from djust_lint.readers.suppressions import scan_comments

    comments = scan_comments("t.html", "<p>\r{# djust-lint: ignore[DJ101] #}\r\n<b>\r")
    assert [(c.span.line, c.span.column, c.target_line) for c in comments] == [(2, 1, 3)]
    python = scan_comments("v.py", "x = 1\r\x0c\ry = 2  # djust-lint: noqa: DJ101\r# djust-lint: noqa: DJ102\r")
    assert [(c.span.line, c.scope) for c in python] == [(3, "line"), (4, "file")]
    refs = script_references("a.js", 'x();\rwindow.djust.pushEvent("save");\r')
    assert [(r.target, r.span.line, r.span.column) for r in refs] == [("save", 2, 25)]


# ---------------------------------------------------------------------------
# 9. A UTF-8 BOM survives every codemod
# ---------------------------------------------------------------------------

BOM = b"\xef\xbb\xbf"
UNFIXED = VIEWS.replace("def save(self, **kwargs)", "def save(self)")


def test_fix_keeps_the_bom(project) -> None:
    """Item 9: ``--fix`` (a libcst fix) and ``--unsafe-fixes`` keep the BOM and every other byte."""
    root = project({"app/views.py": BOM + UNFIXED.encode(), "templates/shop.html": SHOP.replace("save", "sav")})
    proc = _cli("check", "--fix", "--unsafe-fixes", "--no-cache", str(root))
    assert "fixed" in proc.stderr, proc.stderr
    assert (root / "app" / "views.py").read_bytes() == BOM + VIEWS.encode()


def test_span_fix_keeps_the_bom_of_a_template(project) -> None:
    """Item 9: span edits of a template with a BOM keep it."""
    root = project({"app/views.py": VIEWS, "templates/shop.html": BOM + SHOP.replace("save", "sav").encode()})
    _cli("check", "--fix", "--unsafe-fixes", "--no-cache", str(root))
    assert (root / "templates" / "shop.html").read_bytes() == BOM + SHOP.encode()


def test_add_handler_and_scaffold_keep_the_bom(project) -> None:
    """Item 9: add-handler and scaffold (appending to an existing views.py) keep the BOM."""
    from djust_lint.codemods.scaffold import plan_scaffold_view

    root = project({"app/views.py": BOM + VIEWS.encode(), "app/models.py": "", "templates/shop.html": SHOP})
    plan_add_handler(root, "ShopView", "archive").apply()
    data = (root / "app" / "views.py").read_bytes()
    assert data.startswith(BOM) and not data.startswith(BOM + BOM) and b"def archive" in data
    plan_scaffold_view(root, "Inbox", app="app").apply()
    data = (root / "app" / "views.py").read_bytes()
    assert data.startswith(BOM) and not data.startswith(BOM + BOM) and b"class InboxView" in data


# ---------------------------------------------------------------------------
# 10. An undecodable file is named
# ---------------------------------------------------------------------------


def test_add_handler_names_the_unreadable_file(project) -> None:
    """Item 10: not "no view named ...", but which file could not be read and why."""
    root = project({"app/views.py": VIEWS.encode() + b"# caf\xe9\n", "templates/shop.html": SHOP})
    with pytest.raises(PlanError) as raised:
        plan_add_handler(root, "ShopView", "archive")
    message = str(raised.value)
    assert "app/views.py" in message and "utf-8" in message.lower(), message
    proc = _cli("add-handler", "ShopView", "archive", "--root", str(root))
    assert proc.returncode == 2 and "app/views.py" in proc.stderr and "utf-8" in proc.stderr.lower(), proc.stderr


# ---------------------------------------------------------------------------
# 11. Temp files: recognisable, and stale ones removed
# ---------------------------------------------------------------------------


def test_temp_files_are_named_recognisably(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 11: ``.<name>.djust-lint-tmp.<random>`` next to the target."""
    from djust_lint.core import fileio

    seen: list[str] = []
    real_replace = os.replace

    def spy(src, dst):  # noqa: ANN001, ANN202
        seen.append(os.path.basename(src))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    fileio.write_bytes_atomic(tmp_path / "views.py", b"x = 1\n")
    assert len(seen) == 1 and seen[0].startswith(".views.py.djust-lint-tmp."), seen


def test_stale_temp_files_are_removed_by_the_next_fix_run(project) -> None:
    """Item 11: a run killed mid-write leaves temp files; the next ``--fix`` removes exactly ours."""
    root = project({"app/views.py": UNFIXED, "templates/shop.html": SHOP})
    old = time.time() - 3600
    stale = [root / "app" / ".views.py.djust-lint-tmp.abc123", root / "templates" / ".shop.html.djust-lint-tmp.x_9Q"]
    keep = [
        root / "app" / ".views.py.abc123.tmp",
        root / "app" / "notes.djust-lint-tmp.txt",
        root / "app" / ".views.py.djust-lint-tmp.",
    ]
    for path in stale + keep:
        path.write_text("partial", encoding="utf-8")
        os.utime(path, (old, old))
    proc = _cli("check", "--fix", "--no-cache", str(root))
    assert "fixed" in proc.stderr, proc.stderr
    assert [p for p in stale if p.exists()] == []
    assert all(p.exists() for p in keep)


def test_a_temp_file_newer_than_the_process_is_left_alone(tmp_path: Path) -> None:
    """Item 11: a concurrent run's temp file (younger than this process) is not ours to remove."""
    from djust_lint.core import fileio

    fresh = tmp_path / ".views.py.djust-lint-tmp.fresh1"
    fresh.write_text("being written", encoding="utf-8")
    stale = tmp_path / ".views.py.djust-lint-tmp.stale1"
    stale.write_text("left by kill -9", encoding="utf-8")
    os.utime(stale, (1_600_000_000, 1_600_000_000))
    removed = fileio.remove_stale_temp_files(tmp_path)
    assert removed == [".views.py.djust-lint-tmp.stale1"]
    assert fresh.exists() and not stale.exists()


# ---------------------------------------------------------------------------
# 12. --fix does work proportional to the files, not the fixes
# ---------------------------------------------------------------------------


def _many_handlers(count: int) -> str:
    methods = "".join(f"\n    @event_handler\n    def h{i}(self):\n        pass\n" for i in range(count))
    return VIEWS + methods


def _parses_for(root: Path, count: int, monkeypatch: pytest.MonkeyPatch) -> int:
    import libcst

    from djust_lint.codemods.fixes import plan_fixes

    write_project(root, {"app/views.py": _many_handlers(count), "templates/shop.html": SHOP})
    calls = {"n": 0}
    real = libcst.parse_module

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(libcst, "parse_module", counting)
    plan = plan_fixes(root)
    monkeypatch.undo()
    assert plan.edits[0].new_text.count("**kwargs") == count + 2
    return calls["n"]


def test_fix_parses_each_file_a_fixed_number_of_times(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Item 12: all safe fixes of a file in one pass per round: libcst parses do not grow with fixes."""
    few = _parses_for(tmp_path / "few", 3, monkeypatch)
    many = _parses_for(tmp_path / "many", 24, monkeypatch)
    assert many == few, (few, many)


def test_a_handler_fix_visits_only_the_path_to_its_method(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Item 12: a fix visits the class body's statements, never the insides of every method.

    A full-tree traversal per fix makes a file with N fixes cost N times its size
    (4x the fixes took 10x the time); here each fix may visit at most about two
    nodes per statement of the class body.
    """
    from libcst._nodes.base import CSTNode

    from djust_lint.codemods.fixes import plan_fixes

    count = 24
    root = write_project(tmp_path / "p", {"app/views.py": _many_handlers(count), "templates/shop.html": SHOP})
    visits = {"n": 0}
    real = CSTNode.visit

    def counting(self, visitor):  # noqa: ANN001, ANN202
        visits["n"] += 1
        return real(self, visitor)

    monkeypatch.setattr(CSTNode, "visit", counting)
    plan = plan_fixes(root)
    monkeypatch.undo()
    fixes = count  # h0..h23 lack **kwargs; mount and save already have it
    statements = count + 3  # the class body: h0..h23, template_name, mount, save
    assert plan.edits[0].new_text.count("**kwargs") == fixes + 2
    assert visits["n"] <= fixes * (2 * statements + 10), (visits["n"], fixes, statements)


# ---------------------------------------------------------------------------
# 14. Include and extends cycles
# ---------------------------------------------------------------------------

CYCLE_VIEWS = VIEWS.replace('template_name = "shop.html"', 'template_name = "page.html"')


@pytest.mark.parametrize(
    ("templates", "expected"),
    [
        (
            {"page.html": '{% extends "base.html" %}', "base.html": '{% extends "page.html" %}'},
            {"page.html", "base.html"},
        ),
        ({"page.html": '{% extends "page.html" %}'}, {"page.html"}),
        (
            {
                "page.html": '<div>{% include "a.html" %}</div>',
                "a.html": '{% include "b.html" %}',
                "b.html": '<p>{% include "a.html" %}</p>',
            },
            {"a.html", "b.html"},
        ),
        ({"page.html": '<ul>{% include "page.html" %}</ul>'}, {"page.html"}),
    ],
    ids=["extends-pair", "extends-self", "include-pair", "include-self"],
)
def test_include_and_extends_cycles_are_reported(project, templates: dict[str, str], expected: set[str]) -> None:
    """Item 14: a cycle fails at render (extends) or recurses forever (unconditional include)."""
    root = project({"app/views.py": CYCLE_VIEWS, **{f"templates/{k}": v for k, v in templates.items()}})
    findings = [f for f in lint_project(root).findings if f.name == "template-cycle"]
    assert {Path(f.path).name for f in findings} == expected
    assert all("cycle" in f.message for f in findings)


@pytest.mark.parametrize(
    "templates",
    [
        {
            "page.html": '{% include "node.html" %}',
            "node.html": '<li>{% for c in children %}{% include "node.html" %}{% endfor %}</li>',
        },
        {
            "page.html": '{% include "node.html" %}',
            "node.html": '{% if node.children %}{% include "node.html" with node=node.child %}{% endif %}',
        },
        {
            "page.html": '{% extends "base.html" %}{% block c %}{% include "part.html" %}{% endblock %}',
            "base.html": "<main>{% block c %}{% endblock %}</main>",
            "part.html": "<p>x</p>",
        },
        {"page.html": '{% include "a.html" %}{% include "a.html" %}', "a.html": "<p>a</p>"},
    ],
    ids=["for-tree", "if-tree", "extends-include", "same-twice"],
)
def test_trees_and_repeated_includes_are_not_cycles(project, templates: dict[str, str]) -> None:
    """Item 14: a conditional recursive include renders a tree; it is fine."""
    root = project({"app/views.py": CYCLE_VIEWS, **{f"templates/{k}": v for k, v in templates.items()}})
    assert [f for f in lint_project(root).findings if f.name == "template-cycle"] == []
