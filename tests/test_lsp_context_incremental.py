"""Editing a partial shared by many views re-walks the partial, not every view's templates.

DJ801 (undefined template variable) needs, for each view rendering a
template, the names bound around each ``{% include %}`` on the way down. The
per-template walks are remembered on the graph and shared with the quick
re-lint's patched copy, each checked against the template it came from: an edit
of a shared partial re-walks that partial once per distinct include context —
the same count for 4 views or 16 — and recomputes no view's context.

The answers must stay exactly those of a full ``djust-lint check`` (the real
CLI, on the edited files written to disk) through a sequence of edits on one
open project: a variable added to and removed from the partial, the including
template's ``{% with %}`` changed, a view's ``get_context_data`` edited.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from project_files import write_project

from djust_lint.graph.context import context_memo
from djust_lint.lsp.project import Project

PARTIAL = "app/templates/app/_row.html"
PARTIAL_TEXT = '<li>{{ item.name }} {{ label }} {{ nope }}<button dj-click="pick">x</button></li>\n'
SETTINGS = """\
INSTALLED_APPS = ["django.contrib.auth", "djust", "app"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
              "OPTIONS": {"context_processors": []}}]
"""
BASE = '{% with site_name="Shop" %}<main dj-root>{% block content %}{% endblock %}</main>{% endwith %}\n'
CONTEXT = """
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["owner"] = "me"
        return context
"""


def _page(i: int) -> str:
    """Even pages include the partial inside a ``{% for %}``, odd ones inside a ``{% with %}``: two contexts."""
    if i % 2 == 0:
        body = '{% for item in items %}{% with label=title %}{% include "app/_row.html" %}{% endwith %}{% endfor %}'
    else:
        body = '{% with item=title label=title n=1 %}{% include "app/_row.html" %}{% endwith %}'
    return '{% extends "app/base.html" %}{% block content %}<h1>{{ title }} {{ owner }}</h1>' + body + "{% endblock %}\n"


def _views(count: int, context: str = CONTEXT) -> str:
    classes = [
        "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\n"
        f"class Base(LiveView):\n    def mount(self, request, **kwargs):\n        self.items = []\n        self.title = 'x'\n{context}\n"
        "    @event_handler\n    def pick(self, **kwargs):\n        pass\n"
    ]
    classes += [f'\n\nclass Page{i}(Base):\n    template_name = "app/page{i}.html"\n' for i in range(count)]
    return "".join(classes)


def _files(count: int) -> dict[str, str]:
    files = {
        "site_project/settings.py": SETTINGS,
        "app/views.py": _views(count),
        "app/templates/app/base.html": BASE,
        PARTIAL: PARTIAL_TEXT,
    }
    files.update({f"app/templates/app/page{i}.html": _page(i) for i in range(count)})
    return files


def _shown(findings) -> list[tuple]:
    return [(f.code, f.span.line, f.span.column, f.message) for f in findings]


def _names(rows: list[tuple]) -> list[str]:
    """The variable names DJ801 rows are about, sorted."""
    return sorted(row[3].split("'")[1] for row in rows if row[0] == "DJ801")


def _check(root: Path, rel: str) -> list[tuple]:
    """What a full ``djust-lint check`` (the real CLI) reports for ``rel``."""
    run = subprocess.run(
        [sys.executable, "-m", "djust_lint", "check", "--no-cache", "--format", "json", "--exit-zero", "--root", str(root)],
        capture_output=True, text=True, cwd=root, check=True,
    )
    return sorted((f["code"], f["line"], f["column"], f["message"]) for f in json.loads(run.stdout) if f["path"] == rel)


@pytest.mark.parametrize("views", [4, 16])
def test_editing_a_shared_partial_rewalks_only_the_partial(views: int, tmp_path: Path) -> None:
    root = write_project(tmp_path / "proj", _files(views))
    project = Project(root)
    project.lint()
    stats = context_memo(project.graph).stats
    assert stats.walks >= views and stats.view_answers >= views  # the full lint filled the memo
    walks, scans, answers = stats.walks, stats.bind_scans, stats.view_answers

    text = PARTIAL_TEXT.replace("{{ nope }}", "{{ nope }} {{ added }}")
    assert project.quick(PARTIAL, text)

    stats = context_memo(project.graph).stats
    assert stats.walks - walks == 2  # the partial, once per distinct include context; no page, no base
    assert stats.bind_scans - scans == 0
    assert stats.view_answers - answers == 0  # no view's context was recomputed
    names = sorted(f.message.split("'")[1] for f in project.findings_by_path()[PARTIAL] if f.code == "DJ801")
    assert names == ["added", "nope"]


def test_quick_relints_agree_with_a_full_check_through_a_sequence_of_edits(tmp_path: Path) -> None:
    root = write_project(tmp_path / "proj", _files(4))
    project = Project(root)
    project.lint()

    def edit(rel: str, text: str, quick: bool = True) -> None:
        (root / rel).write_text(text)  # the full check reads the disk; the server, its buffers
        project.change(rel, text)
        if quick:
            assert project.quick(rel, text), rel
        else:
            assert not project.quick(rel, text), rel
            project.lint()

    def agree(rel: str) -> list[tuple]:
        got = sorted(_shown(project.findings_by_path().get(rel, [])))
        assert got == _check(root, rel), rel
        return got

    assert _names(agree(PARTIAL)) == ["nope"]

    # A variable added to the partial, then one removed.
    partial = PARTIAL_TEXT.replace("{{ nope }}", "{{ nope }} {{ added }}")
    edit(PARTIAL, partial)
    assert _names(agree(PARTIAL)) == ["added", "nope"]
    partial = partial.replace("{{ nope }} ", "")
    edit(PARTIAL, partial)
    assert _names(agree(PARTIAL)) == ["added"]

    # The including templates' scope changes: odd pages bind ``added`` around the include, then all do.
    def with_added(i: int) -> str:
        return _page(i).replace("{% with ", "{% with added=1 ")

    for i in (1, 3):
        edit(f"app/templates/app/page{i}.html", with_added(i))
        agree(f"app/templates/app/page{i}.html")
    edit(PARTIAL, partial + " ")
    assert [row[3] for row in agree(PARTIAL)] == [
        "'added' is not in the context of app.views.Page0, app.views.Page2; it renders as an empty string"
    ]
    for i in (0, 2):
        edit(f"app/templates/app/page{i}.html", with_added(i))
        agree(f"app/templates/app/page{i}.html")
    edit(PARTIAL, partial)
    assert agree(PARTIAL) == []
    for i in range(4):  # every page as it was: ``added`` is missing for every view again
        edit(f"app/templates/app/page{i}.html", _page(i))
    edit(PARTIAL, partial + "  ")
    assert _names(agree(PARTIAL)) == ["added"]

    # A view's get_context_data now provides it: a Python edit takes the full lint, then the quick path again.
    views = _views(4, CONTEXT.replace('context["owner"] = "me"', 'context["owner"] = "me"\n        context["added"] = 1'))
    edit("app/views.py", views, quick=False)
    assert agree(PARTIAL) == []
    edit(PARTIAL, partial.replace("{{ added }}", "{{ added }} {{ owner }} {{ nope }}"))
    assert _names(agree(PARTIAL)) == ["nope"]
    # ... and no longer provides it.
    edit("app/views.py", _views(4), quick=False)
    edit(PARTIAL, partial)
    assert _names(agree(PARTIAL)) == ["added"]


def test_a_full_lint_leaves_the_graph_frozen_and_no_collection_due_for_the_next_edits(tmp_path: Path) -> None:
    """The collector is paused during runs; a full lint's new graph would make a full (generation 2)
    collection due. The lint freezes what is alive instead (constant time, in the server's
    background thread), so neither it nor the quick re-lints of the next keystrokes pay for a
    full collection; one real collection runs every ``FULL_COLLECTION_EVERY`` full lints."""
    from djust_lint.lsp.project import FULL_COLLECTION_EVERY

    root = write_project(tmp_path / "proj", _files(8))
    project = Project(root)
    collections: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(record)
    try:
        for _ in range(2):
            collections.clear()
            project.lint()
            assert gc.get_freeze_count() > 0 and gc.isenabled()
            assert 2 not in collections
            for n in range(3):
                assert project.quick(PARTIAL, PARTIAL_TEXT + " " * n)
            assert 2 not in collections
        collections.clear()
        while project.runs % FULL_COLLECTION_EVERY:
            project.lint()
        assert 2 in collections  # the periodic real collection
    finally:
        gc.callbacks.remove(record)
        gc.unfreeze()


@pytest.mark.parametrize("where", ["shop", "generated"])
def test_a_full_lint_leaves_no_cyclic_garbage(tmp_path: Path, where: str) -> None:
    """What makes freezing safe: the objects a full lint drops are freed by reference counting.
    Were there cycles, a frozen server would keep them until its next periodic collection."""
    import shutil

    if where == "shop":
        root = tmp_path / "shop"
        shutil.copytree(Path(__file__).parent / "fixtures" / "shop", root)
    else:
        root = write_project(tmp_path / "proj", _files(8))
    project = Project(root)
    project.lint()  # the first run imports modules (a slotted dataclass leaves its first class behind)
    gc.unfreeze()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(3):
            project.lint()  # each run replaces the previous graph
            gc.unfreeze()
            gc.collect()
            assert gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.unfreeze()


def test_a_cycle_through_the_edited_partial_is_still_found_by_the_quick_path(tmp_path: Path) -> None:
    """DJ204 looks only at what the edited template reaches in a quick re-lint: a cycle through it lies there."""
    files = _files(3)
    files["app/templates/app/_cell.html"] = '<td>{% include "app/_row.html" %}</td>\n'
    root = write_project(tmp_path / "proj", files)
    project = Project(root)
    project.lint()
    text = PARTIAL_TEXT + '{% include "app/_cell.html" %}\n'
    (root / PARTIAL).write_text(text)  # the full check reads the disk
    project.change(PARTIAL, text)
    if not project.quick(PARTIAL, text):  # a new include is structural: the full lint answers
        project.lint()
    got = sorted(_shown(project.findings_by_path().get(PARTIAL, [])))
    assert [row for row in got if row[0] == "DJ204"]
    assert got == _check(root, PARTIAL)
    # An edit that keeps the include takes the quick path and still reports the cycle.
    text = text.replace("{{ nope }}", "{{ nope }} ")
    (root / PARTIAL).write_text(text)
    project.change(PARTIAL, text)
    assert project.quick(PARTIAL, text)
    got = sorted(_shown(project.findings_by_path().get(PARTIAL, [])))
    assert [row for row in got if row[0] == "DJ204"] and got == _check(root, PARTIAL)
