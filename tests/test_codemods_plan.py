"""Plans never half-write a file and never overwrite a newer edit."""

from __future__ import annotations

import os

import pytest

from djust_lint import codemods
from djust_lint.codemods import PlanConflict, plan_add_handler, plan_fixes, plan_rename_handler

VIEWS = '''from djust import LiveView
from djust.decorators import event_handler


class Cart(LiveView):
    template_name = "app/cart.html"

    @event_handler
    def save(self):
        pass
'''
FILES = {"app/views.py": VIEWS, "app/templates/app/cart.html": '<button dj-click="save">Save</button>\n'}


def test_interrupted_write_keeps_the_original(project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(FILES)
    path = root / "app/views.py"
    os.chmod(path, 0o640)
    before = path.read_bytes()
    plan = plan_add_handler(root, "Cart", "clear")

    def crash(src: str, dst: str) -> None:  # the failure lands between temp file and rename
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk pulled out"):
        codemods.apply(plan)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    codemods.apply(plan)  # the same plan still applies once the disk is back
    assert "def clear(self, **kwargs):" in path.read_text()
    assert os.stat(path).st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    "make_plan",
    [
        lambda root: plan_add_handler(root, "Cart", "clear"),
        lambda root: plan_rename_handler(root, "Cart", "save", "store"),
        lambda root: plan_fixes(root),
    ],
    ids=["add-handler", "rename", "fixes"],
)
def test_stale_plan_is_refused(project, make_plan) -> None:
    root = project(FILES)
    path = root / "app/views.py"
    plan = make_plan(root)
    assert plan.changed
    edited = path.read_text() + "# edited by someone else\n"
    path.write_text(edited)
    with pytest.raises(PlanConflict, match="changed after the plan was made"):
        codemods.apply(plan)
    assert path.read_text() == edited
    assert (root / "app/templates/app/cart.html").read_text() == FILES["app/templates/app/cart.html"]


def test_plan_json_for_dry_runs(project) -> None:
    root = project(FILES)
    data = plan_rename_handler(root, "Cart", "save", "store").to_json()
    assert [e["path"] for e in data["edits"]] == ["app/templates/app/cart.html", "app/views.py"]
    assert all(len(e["old_sha256"]) == 64 and e["diff"].startswith("--- a/") for e in data["edits"])
