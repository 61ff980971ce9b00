"""The language server's quick re-lint of one edited template agrees with a full lint.

The quick path patches the buffer into the last graph and runs the rules over
the slice that renders it; for the edited file its findings must be exactly
those of a full lint of the project with the same buffer overlaid. Checked on
the fixture projects and on a generated project, for edits that add, remove
and suppress findings — and structural edits (a new ``extends``) must refuse
the quick path instead of answering wrongly.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from djust_lint.lsp.project import Project

FIXTURES = Path(__file__).parent / "fixtures"
_GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate_project.py"


def _generated(target: Path) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate_project_lsp", _GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(target, 30, seed=1)
    return target


def _edits(text: str) -> list[str]:
    """Edits a person makes while typing: break a binding, drop one, suppress one, half-typed code."""
    edits = []
    if 'dj-click="' in text:
        edits.append(text.replace('dj-click="', 'dj-click="zz_', 1))
        edits.append(text.replace('dj-click="', 'dj-clik="', 1))
        index = text.index('dj-click="')
        line_start = text.rfind("\n", 0, index) + 1
        edits.append(text[:line_start] + "{# djust-lint: ignore #}\n" + text[line_start:].replace('dj-click="', 'dj-click="zz_', 1))
    edits.append(text + '\n<button dj-click="not_a_handler" dj-value-x="1">x</button>\n<div {% if')
    edits.append(text.replace("{{", "{{ missing_name_", 1) if "{{" in text else text + "{{ missing_name }}")
    return edits


def _cases(root: Path) -> list[str]:
    project = Project(root)
    result = project.lint()
    return sorted({n.path for n in result.graph.templates.values() if not n.inline})


@pytest.mark.parametrize("name", ["lsp_site", "shop", "generated"])
def test_quick_relint_equals_full_lint_for_the_edited_file(name: str, tmp_path: Path) -> None:
    root = _generated(tmp_path / name) if name == "generated" else Path(shutil.copytree(FIXTURES / name, tmp_path / name))
    templates = _cases(root)
    if name == "generated":
        templates = templates[:: max(1, len(templates) // 8)]
    assert templates
    checked = 0
    for rel in templates:
        original = (root / rel).read_text()
        for text in _edits(original):
            quick = Project(root)
            quick.lint()
            quick.change(rel, text)
            if not quick.quick(rel, text):
                continue  # structural change: left to the full lint
            full = Project(root)
            full.change(rel, text)
            expected = [f for f in full.lint().findings if f.path == rel]
            got = quick.findings_by_path().get(rel, [])
            assert [(f.code, f.span, f.message) for f in got] == [(f.code, f.span, f.message) for f in expected], (rel, text)
            checked += 1
    assert checked >= len(templates)  # the quick path really ran, for most edits of every template


def test_structural_edits_wait_for_the_full_lint(tmp_path: Path) -> None:
    root = Path(shutil.copytree(FIXTURES / "lsp_site", tmp_path / "site"))
    project = Project(root)
    project.lint()
    rel = "board/templates/board/_toolbar.html"
    text = (root / rel).read_text()
    assert not project.quick(rel, '{% extends "board/base.html" %}\n' + text)
    assert not project.quick("board/views.py", (root / "board/views.py").read_text())
    assert project.quick(rel, text.replace("refresh", "refrsh"))
    assert project.quick_runs == 1 and project.runs == 1
    assert [f.code for f in project.findings_by_path()[rel]] == ["DJ101"]
    # Definition positions come from the patched graph: the binding is found where it now is.
    assert any(b.path == rel and b.calls and b.calls[0].name == "refrsh" for b in project.graph.bindings)
