"""Reading the targeted djust version from packaging files, and rules that depend on it."""

from __future__ import annotations

import pytest
from project_files import write_project

from djust_lint.engine.api import lint_project
from djust_lint.readers.project_version import detect_target_version, version_from_spec


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("==1.2.6", ((1, 2, 6), True)), (">=1.2,<1.3", ((1, 2), False)), ("~=1.1.0", ((1, 1, 0), False)),
     ("<2", None), ("==1.1.*", ((1, 1), False))],
)
def test_version_from_spec(spec, expected):
    assert version_from_spec(spec) == expected


def test_sources_in_order_of_authority(tmp_path):
    (tmp_path / "requirements.txt").write_text("django>=4.2\ndjust>=1.1\n")
    assert detect_target_version(tmp_path).version == (1, 1)
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["djust[mcp]==1.2.6"]\n')
    found = detect_target_version(tmp_path)
    assert (found.version, found.exact, found.source) == ((1, 2, 6), True, "pyproject.toml")
    (tmp_path / "poetry.lock").write_text('[[package]]\nname = "djust"\nversion = "1.1.9"\n')
    assert detect_target_version(tmp_path).source == "poetry.lock"


def test_undeclared_is_none(tmp_path):
    (tmp_path / "requirements.txt").write_text("django\n")
    assert detect_target_version(tmp_path) is None


VIEW = '''from djust import LiveView
from djust.decorators import event_handler


class Search(LiveView):
    template = """<input dj-keydown="search.enter">"""

    @event_handler
    def search(self, **kwargs):
        pass
'''


@pytest.mark.parametrize(("requirement", "reported"), [("djust==1.1.4", False), ("djust>=1.2", True), ("", True)])
def test_key_filter_rule_follows_the_target_version(tmp_path, requirement, reported):
    root = write_project(tmp_path / "p", {"app/views.py": VIEW, "requirements.txt": requirement + "\n"})
    codes = [f.code for f in lint_project(root, select=["DJ104"]).findings]
    assert codes == (["DJ104"] if reported else [])
