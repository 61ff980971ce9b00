"""rename-handler: every reference the graph knows, and refusals that list what blocks them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from codemod_helpers import changed_lines

from djust_lint.codemods import PlanError, plan_rename_handler
from djust_lint.engine.api import lint_project

VIEWS = '''from djust import LiveView
from djust.decorators import event_handler


class Cart(LiveView):
    template_name = "app/cart.html"

    @event_handler
    def save(self, **kwargs):
        self.saved = True

    @event_handler
    def autosave(self, **kwargs):
        self.save()  # a Python call


class QuickCart(Cart):
    template = """<div dj-click="save">quick <span dj-loading.for="save,autosave">…</span></div>"""
'''

FILES = {
    "app/views.py": VIEWS,
    "app/templates/app/base.html": '<main>{% block body %}{% endblock %}<button dj-click="save">Save</button></main>\n',
    "app/templates/app/cart.html": '{% extends "app/base.html" %}{% block body %}{% include "app/row.html" %}{% endblock %}\n',
    "app/templates/app/row.html": '<a dj-click="save()">row</a> <b dj-click="saved">not it</b>\n',
    "app/static/app/cart.js": 'button.onclick = () => view.pushEvent("save", {});\n',
}


def test_rename_reaches_every_reference_and_second_run_is_a_no_op(project) -> None:
    root = project(FILES)
    plan = plan_rename_handler(root, "Cart", "save", "store")
    assert sorted(e.path for e in plan.edits) == [
        "app/static/app/cart.js", "app/templates/app/base.html", "app/templates/app/row.html", "app/views.py",
    ]
    plan.apply()
    views = (root / "app/views.py").read_text()
    assert "def store(self, **kwargs):" in views and "self.store()  # a Python call" in views
    assert 'dj-click="store">quick' in views and 'dj-loading.for="store,autosave"' in views
    assert "self.saved = True" in views  # a different name that starts the same is untouched
    assert 'dj-click="store()">row</a> <b dj-click="saved">' in (root / "app/templates/app/row.html").read_text()
    assert 'pushEvent("store", {})' in (root / "app/static/app/cart.js").read_text()
    again = plan_rename_handler(root, "Cart", "save", "store")
    assert not again.changed and "nothing to do" in again.messages[0]
    dead = [f.message for f in lint_project(root).findings if f.code == "DJ101"]
    assert all("'saved'" in m for m in dead), dead  # only the fixture's own typo


def test_only_the_name_bytes_change_in_crlf_non_ascii_files(project) -> None:
    template = '<p>Zoë — «prix»</p>\r\n\t<button dj-click="save">Enregistrer</button>\r\n'
    root = project({**FILES, "app/templates/app/row.html": template.encode()})
    plan_rename_handler(root, "Cart", "save", "store").apply()
    removed, added = changed_lines(template.encode(), (root / "app/templates/app/row.html").read_bytes())
    assert removed == [b'\t<button dj-click="save">Enregistrer</button>\r\n']
    assert added == [b'\t<button dj-click="store">Enregistrer</button>\r\n']


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "already has 'autosave'"),
        ({"app/templates/app/row.html": '<a dj-click="{{ action }}">x</a>\n'}, "dynamic binding dj-click=\"{{ action }}\" at app/templates/app/row.html:1:4"),
        (
            {"app/other.py": 'from djust import LiveView\n\n\nclass Other(LiveView):\n    template_name = "app/row.html"\n'},
            "also reaches app.other.Other",
        ),
    ],
)
def test_refusals_list_what_blocks_the_rename(project, extra: dict[str, str], message: str) -> None:
    root = project({**FILES, **extra})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    new = "autosave" if not extra else "store"
    with pytest.raises(PlanError) as info:
        plan_rename_handler(root, "Cart", "save", new)
    assert message in str(info.value)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_dynamic_binding_that_cannot_produce_the_name_is_safe(project) -> None:
    root = project({**FILES, "app/templates/app/row.html": '<a dj-click="select_{{ id }}">x</a> <a dj-click="save">y</a>\n'})
    plan_rename_handler(root, "Cart", "save", "store").apply()
    assert '<a dj-click="select_{{ id }}">x</a> <a dj-click="store">y</a>' in (root / "app/templates/app/row.html").read_text()


def test_script_reference_shared_with_another_view_is_refused(project) -> None:
    other = 'from djust import LiveView\nfrom djust.decorators import event_handler\n\n\nclass Other(LiveView):\n    template = "<p></p>"\n\n    @event_handler\n    def save(self, **kwargs):\n        pass\n'
    root = project({**FILES, "app/other.py": other})
    with pytest.raises(PlanError, match=r"push_event 'save' at app/static/app/cart.js:1:40 may target app.other.Other"):
        plan_rename_handler(root, "Cart", "save", "store")


def test_cli_rename(project) -> None:
    root = project(FILES)
    run = subprocess.run(
        [sys.executable, "-m", "djust_lint", "rename-handler", "Cart", "save", "store", "--root", str(root), "--diff"],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert '+<a dj-click="store()">row</a>' in run.stdout
    assert "def save(self" in (root / "app/views.py").read_text()
    bad = subprocess.run(
        [sys.executable, "-m", "djust_lint", "rename-handler", "Cart", "save", "autosave", "--root", str(root)],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode == 2 and "already has 'autosave'" in bad.stderr
