"""Issue 14, cold runs: the work one cold read does, counted (never timed; the benchmark times).

A cold run is bounded by reading Python: one ``ast.parse`` and one walk per
file is the floor. These tests pin the reader to it: the ``mark_safe`` scan
rides on the reader's walk instead of walking every node again, and its
answers are the same as the former separate scan's on real code (the
installed djust and Django).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import django
import djust
import pytest

from djust_lint.core.model import CallSite, ModuleInfo
from djust_lint.readers import markup_safety as ms
from djust_lint.readers.astutil import dotted_name
from djust_lint.readers.python import read_module
from djust_lint.readers.python.module import _ModuleReader

DJUST = Path(djust.__file__).parent
DJANGO = Path(django.__file__).parent


# ---------------------------------------------------------------------------
# mark_safe calls: found by the reader's walk, judged as before
# ---------------------------------------------------------------------------


def _former_scan(tree: ast.Module, resolve, span) -> list[CallSite]:
    """The separate scan the reader used to run: every scope's own nodes walked again, in its order."""

    def called(func: ast.expr) -> str | None:
        dotted = dotted_name(func)
        if dotted is not None:
            return resolve(dotted).rsplit(".", 1)[-1]
        return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None

    calls: list[CallSite] = []
    builders = None
    constants: frozenset[str] = frozenset()
    scopes: list[ast.AST] = [tree]
    while scopes:
        scope_node = scopes.pop()
        scope = None
        for node in ms._own_nodes(scope_node):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                scopes.append(node)
            elif isinstance(node, ast.Call) and node.args and called(node.func) in ms.UNSAFE_MARKUP:
                if builders is None:
                    constants = ms._constant_names(tree)
                    builders = ms._Builders(tree, constants)
                scope = scope or ms._Scope(scope_node, builders, constants)
                calls.append(
                    CallSite(resolve(dotted_name(node.func) or ""), span(node), scope.interpolates_unsafely(node.args[0]))
                )
    calls.sort(key=lambda c: (c.span.line, c.span.column))
    return calls


def _both(source: str, module: str = "app.tags") -> tuple[list[CallSite], list[CallSite]]:
    """(what the reader reports, what the former separate scan reports) for one module."""
    info = read_module(source, path="app/tags.py", module=module)
    tree = ast.parse(source)
    reader = _ModuleReader(source, ModuleInfo(name=module, path="app/tags.py"))
    reader.read(tree)
    return info.calls, _former_scan(tree, reader._resolve_name, reader.source.span)


def _files_calling_mark_safe(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*.py")) if ms.might_mark_safe(p.read_text(encoding="utf-8", errors="replace"))]


@pytest.mark.parametrize("package", [DJUST, DJANGO], ids=["djust", "django"])
def test_mark_safe_calls_equal_the_former_separate_scan_on_real_code(package):
    files = _files_calling_mark_safe(package)
    assert len(files) > 20
    judged = 0
    for path in files:
        source = path.read_text(encoding="utf-8")
        ours, former = _both(source)
        assert ours == former, path
        judged += len(ours)
    assert judged > 50  # the comparison saw real calls, interpolated and not


# Builder verdicts are memoised with a recursion guard, so in mutual recursion the
# answer depends on which function is asked first: ``n`` is safe when asked before
# ``m`` and not when asked while ``m`` is being judged. Each module below flips if
# one part of the former order is lost: calls of one scope (last first), scopes
# (source order), definitions sharing a name (``ast.walk`` order).
HEAD = '''from django.utils.safestring import mark_safe


def m(x):
    v = n(x)
    return v if v in ("a", "b") else ""


def n(x):
    return m(x)
'''
WITHIN_SCOPE = HEAD + '''

def both(x, y):
    a = mark_safe(f"{m(x)}")
    b = mark_safe(f"{y if y in n(x) else ''}")
    return a + b
'''
ACROSS_SCOPES = HEAD + '''

def first(x):
    return mark_safe(f"{m(x)}")


def second(x, y):
    return mark_safe(f"{y if y in n(x) else ''}")
'''
SAME_NAME = '''from django.utils.safestring import mark_safe


class Holder:
    def k(self, x):
        return q(x)


def k(x):
    return p(x)


def p(x):
    v = q(x)
    return v if v in ("a", "b") else ""


def q(x):
    return p(x)


def show(x, y):
    return mark_safe(f"{y if y in k(x) else ''}")
'''


@pytest.mark.parametrize(
    ("source", "interpolated"),
    [(WITHIN_SCOPE, [False, False]), (ACROSS_SCOPES, [False, True]), (SAME_NAME, [True])],
    ids=["calls-of-one-scope", "scopes", "same-name-definitions"],
)
def test_mutually_recursive_builders_are_judged_in_the_former_order(source, interpolated):
    ours, former = _both(source)
    assert [c.interpolated for c in former] == interpolated
    assert ours == former


def _count_child_visits(monkeypatch) -> list[int]:
    counter = [0]
    real = ast.iter_child_nodes

    def counting(node):
        counter[0] += 1
        return real(node)

    monkeypatch.setattr(ast, "iter_child_nodes", counting)
    return counter


def test_a_mention_of_mark_safe_costs_no_second_walk(monkeypatch):
    """A file that imports ``mark_safe`` (or names it in a comment) but never calls it is walked once."""
    functions = "".join(f"\n\ndef f{n}(a, b):\n    return [a + b for _ in range(a)] or {{'k': a}}\n" for n in range(200))
    source = "from django.utils.safestring import mark_safe  # noqa: F401\n" + functions
    visits = _count_child_visits(monkeypatch)
    info = read_module(source, path="app/util.py", module="app.util")
    assert info.calls == [] and len(info.classes) == 0
    assert visits[0] == 0


def test_only_the_scope_holding_a_mark_safe_call_is_analysed(monkeypatch):
    """The former scan walked all 200 functions; now only the one calling ``mark_safe`` is looked into."""
    functions = "".join(f"\n\ndef f{n}(a, b):\n    return [a + b for _ in range(a)] or {{'k': a}}\n" for n in range(200))
    source = (
        "from django.utils.safestring import mark_safe\n"
        + functions
        + "\n\ndef badge(label):\n    return mark_safe(f'<b>{label}</b>')\n"
    )
    visits = _count_child_visits(monkeypatch)
    info = read_module(source, path="app/util.py", module="app.util")
    ours = visits[0]
    visits[0] = 0
    assert _both(source)[1] == info.calls
    former = visits[0]  # what the former separate scan cost (plus one walk of its own here)
    assert [c.interpolated for c in info.calls] == [True]
    badge_nodes = sum(1 for _ in ast.walk(ast.parse(source).body[-1]))
    assert 0 < ours <= 4 * badge_nodes  # a few passes over that one function's nodes
    assert former > 20 * ours


# ---------------------------------------------------------------------------
# The reader's walk: each node once, each call's name once
# ---------------------------------------------------------------------------

VIEWS = '''
from djust import LiveView
from djust.decorators import event_handler
from django.shortcuts import redirect


class Board(LiveView):
    template_name = "board/index.html"

    def mount(self, request, **kwargs):
        self.items = list(range(int(kwargs.get("n", 3))))
        self.title = str(request.user).strip()

    @event_handler
    def add(self, value: int = 0, **kwargs):
        self.items.append(value)
        if not request_ok(self.items):
            return redirect("/")
        self.push_event("added", {"event": "refresh", "count": len(self.items)})
'''


def test_a_views_module_is_walked_once_without_generic_ast_walks(monkeypatch):
    """No ``ast.walk``/``iter_child_nodes`` pass: the reader's own walk is the only one."""
    visits = _count_child_visits(monkeypatch)
    walks = [0]
    real_walk = ast.walk
    monkeypatch.setattr(ast, "walk", lambda node: (walks.__setitem__(0, walks[0] + 1), real_walk(node))[1])
    info = read_module(VIEWS, path="board/views.py", module="board.views")
    board = info.classes[0]
    assert set(board.methods) == {"mount", "add"} and {"items", "title"} <= set(board.state)
    assert "refresh" in info.string_constants
    assert visits[0] == 0 and walks[0] == 0


def test_each_call_name_is_resolved_once(monkeypatch):
    """References, security facts and the ``mark_safe`` collector share one name per call."""
    calls = sum(isinstance(node, ast.Call) for node in ast.walk(ast.parse(VIEWS)))
    decorators = 1  # ``@event_handler`` is read once for the method's decorator list
    seen: list[str | None] = []
    real = _ModuleReader.called_name
    monkeypatch.setattr(_ModuleReader, "called_name", lambda self, func: seen.append(real(self, func)) or seen[-1])
    read_module(VIEWS, path="board/views.py", module="board.views")
    assert len(seen) == calls + decorators  # it was twice per call before (references, then facts)


# ---------------------------------------------------------------------------
# A base from a package that is not installed: remembered as absent
# ---------------------------------------------------------------------------

OPTIONAL_BASE = {
    "app/views.py": (
        "from djust import LiveView\n"
        "from optional_pkg_not_installed_xyz.handlers import Watcher\n\n\n"
        "class Page(Watcher, LiveView):\n    template = '<div dj-click=\"go\">x</div>'\n\n"
        "    def go(self, **kwargs):\n        pass\n"
    ),
}


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("djust-lint")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=300)


def _inferred(stderr: str) -> int:
    found = re.search(r"(\d+) classes inferred with astroid", stderr)
    assert found, stderr
    return int(found.group(1))


def test_a_base_from_a_package_not_installed_is_not_inferred_again(project, tmp_path):
    """Such a base cost an astroid import on every cold run; now only until the package appears."""
    root = project(OPTIONAL_BASE)
    env = dict(os.environ, DJUST_LINT_CACHE_DIR=str(tmp_path / "user-cache"))
    env.pop("PYTHONPATH", None)
    first = _cli("check", "--no-cache", "-v", str(root), env=env)
    second = _cli("check", "--no-cache", "-v", str(root), env=env)
    assert _inferred(first.stderr) == 1
    assert _inferred(second.stderr) == 0
    assert first.stdout == second.stdout and first.returncode == second.returncode

    site = tmp_path / "site"  # the package gets installed: the stored absence no longer holds
    (site / "optional_pkg_not_installed_xyz").mkdir(parents=True)
    (site / "optional_pkg_not_installed_xyz" / "__init__.py").write_text("")
    (site / "optional_pkg_not_installed_xyz" / "handlers.py").write_text("class Watcher:\n    pass\n")
    installed = _cli("check", "--no-cache", "-v", str(root), env={**env, "PYTHONPATH": str(site)})
    assert _inferred(installed.stderr) == 1


def test_hostile_absent_entries_are_skipped(tmp_path):
    from djust_lint.core.vocabulary import load_vocabulary
    from djust_lint.readers.package_store import MISS, PackageStore, resolver_key

    store = PackageStore(resolver_key(load_vocabulary()), tmp_path / "store")
    store.put("optional_pkg_not_installed_xyz.Watcher", None, [])
    store.put("json.Thing", None, [])  # importable: not absent, and no files: nothing stored
    assert store.stats.stored == 1
    store.save()
    document = json.loads(store.path.read_text())
    assert document["entries"] == {"optional_pkg_not_installed_xyz.Watcher": {"absent": True, "top": "optional_pkg_not_installed_xyz"}}
    document["entries"]["a.B"] = {"absent": 1, "top": "a"}
    document["entries"]["c.D"] = {"absent": True, "top": "c", "class": {"kind": "view"}}
    store.path.write_text(json.dumps(document))
    reopened = PackageStore(resolver_key(load_vocabulary()), tmp_path / "store")
    assert reopened.get("optional_pkg_not_installed_xyz.Watcher") is None
    assert reopened.get("a.B") is MISS and reopened.get("c.D") is MISS


def test_reading_keeps_no_syntax_tree_alive_while_the_collector_is_paused():
    """A project is read with the cyclic collector paused: a tree kept by a reader cycle would stay.

    (Holding the ``mark_safe`` collector on the reader once kept the whole tree of every file that
    calls ``mark_safe``: +65 MB peak on the djust copy.)
    """
    import gc

    source = "from django.utils.safestring import mark_safe\n\n\ndef badge(label):\n    return mark_safe(f'<b>{label}</b>')\n"

    def trees() -> int:  # parsed modules (the analysis builds an empty one of its own, freed later)
        return sum(1 for o in gc.get_objects() if type(o) is ast.Module and o.body)

    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        before = trees()
        info = read_module(source, path="app/util.py", module="app.util")
        after = trees()
    finally:
        if was_enabled:
            gc.enable()
    assert [c.interpolated for c in info.calls] == [True]
    assert after == before
