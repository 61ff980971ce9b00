"""Fix edits computed with libcst are deferred until a report, ``--fix`` or an editor asks for them.

Why: importing libcst costs about 0.2 s and each module parse about 15 ms, while the text,
GitHub, GitLab and JUnit reports (what pre-commit and CI print) only say *that* a fix exists
(issue 14). These tests hold the three promises that makes: reports that show edits get the
same edits as before, reports that do not never compute them, and the results cache never
replays a run without edits into a report that shows them.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from djust_lint.cli.main import FORMATS_WITH_EDITS, OUTPUT_FORMATS, main
from djust_lint.core.findings import Edit, Finding, Fix, Severity
from djust_lint.core.model import Span
from djust_lint.engine import results_cache
from djust_lint.engine.api import lint_project
from djust_lint.readers.cache import CACHE_DIR_NAME

FIXTURES = Path(__file__).parent / "fixtures"
PAST = 1_600_000_000


def _copy(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root, ignore=shutil.ignore_patterns(CACHE_DIR_NAME, "__pycache__"))
    for path in [root, *root.rglob("*")]:
        os.utime(path, (PAST, PAST))  # trusted stats (outside the results cache's racy window)
    return root


def test_a_deferred_fix_computes_its_edits_once_on_first_use():
    calls: list[int] = []
    edit = Edit("app/views.py", Span(3, 5, 3, 5), "@event_handler\n    ")

    def compute() -> tuple[Edit, ...]:
        calls.append(1)
        return (edit,)

    fix = Fix("Add @event_handler", compute)
    assert fix.pending and calls == []
    assert hash(fix) == hash(Fix("Add @event_handler", (edit,)))  # hashing does not compute
    assert calls == []
    assert fix.edits == (edit,) and fix.edits == (edit,) and calls == [1]
    assert not fix.pending
    assert fix == Fix("Add @event_handler", (edit,)) != Fix("Add @event_handler", ())
    with pytest.raises(AttributeError):
        fix.message = "other"  # type: ignore[misc]


def test_a_deferred_fix_pickles_with_its_edits():
    edit = Edit("a.py", Span(1, 1, 1, 1), "x")
    fix = pickle.loads(pickle.dumps(Fix("m", lambda: (edit,), "unsafe")))
    assert not fix.pending and fix.edits == (edit,) and fix.applicability == "unsafe"


def _exploding_fix() -> Fix:
    def compute() -> tuple[Edit, ...]:
        raise AssertionError("this report computed fix edits")

    return Fix("Add **kwargs to sort()", compute)


@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
def test_only_the_formats_that_show_edits_compute_them(fmt):
    """``FORMATS_WITH_EDITS`` is what the results cache and the CLI trust: every other emitter
    must never touch ``Fix.edits``, and every emitter in it must print them."""
    from djust_lint.output import EMITTERS

    span = Span(3, 9, 3, 13)
    deferred = Finding("DJ304", "handler-missing-kwargs", Severity.WARNING, "app/views.py", span, "m", _exploding_fix())
    if fmt not in FORMATS_WITH_EDITS:
        for show_fixes in (False, True):
            EMITTERS[fmt]([deferred], root=None, files_checked=1, show_fixes=show_fixes)
        return
    edit = Edit("app/views.py", Span(3, 20, 3, 20), ", **kwargs")
    shown = Finding("DJ304", "handler-missing-kwargs", Severity.WARNING, "app/views.py", span, "m",
                    Fix("Add **kwargs to sort()", lambda: (edit,)))  # fmt: skip
    assert ", **kwargs" in EMITTERS[fmt]([shown], root=None, files_checked=1)


def test_text_report_of_fixable_findings_never_imports_libcst(tmp_path):
    """A real process, as pre-commit runs it: the [*] markers are there, libcst is not."""
    root = _copy("shop", tmp_path)
    probe = (
        "import sys\n"
        "from djust_lint.cli.main import main\n"
        f"code = main(['check', '--no-cache', '--exit-zero', {str(root)!r}])\n"
        "print(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'libcst')), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert "[*]" in done.stdout and "fixable with a safe fix" in done.stdout


def test_deferred_edits_equal_the_edits_libcst_computes(tmp_path):
    """The JSON report's edits, applied by ``--fix``, give the fixed source (DJ102 and DJ304)."""
    root = _copy("shop", tmp_path)
    findings = [f for f in lint_project(root, extend_select=["DJ"]).findings if f.fix is not None and f.fix.pending]
    assert {f.code for f in findings} >= {"DJ102"}
    assert all(f.fix.edits for f in findings)  # every offered fix has edits: none is an empty promise
    assert main(["check", "--no-cache", "--fix", "-q", "--exit-zero", "--extend-select", "DJ", str(root)]) == 0
    after = {(f.code, f.path, f.line) for f in lint_project(root, extend_select=["DJ"]).findings}
    assert not after & {(f.code, f.path, f.line) for f in findings if f.fix.applicability == "safe"}


def test_a_class_defined_twice_offers_no_fix_rather_than_an_empty_one(tmp_path):
    """libcst cannot choose between two definitions: the fix is computed at once, found impossible,
    and not offered (the text report must not promise [*] for it)."""
    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "__init__.py").write_text("")
    body = "class Counter(LiveView):\n        template_name = 'counter.html'\n\n        def save(self, **kwargs):\n            pass\n"
    (tmp_path / "app" / "views.py").write_text(
        "from djust import LiveView\n\n\nif True:\n    " + body + "else:\n    " + body
    )
    (tmp_path / "app" / "templates" / "counter.html").write_text('<div dj-root><button dj-click="save">s</button></div>\n')
    findings = [f for f in lint_project(tmp_path).findings if f.code == "DJ102"]
    assert len(findings) == 1 and findings[0].fix is None


def _check(capsys, root: Path, fmt: str, cache: bool = True) -> str:
    capsys.readouterr()
    argv = ["check", "--exit-zero", "-q", "--format", fmt, str(root)]
    if not cache:
        argv.insert(1, "--no-cache")
    main(argv)
    return capsys.readouterr().out


@pytest.mark.parametrize("shows_edits", sorted(FORMATS_WITH_EDITS))
def test_the_results_cache_replays_a_run_without_edits_only_into_reports_without_them(capsys, tmp_path, shows_edits):
    root = _copy("shop", tmp_path)
    text = _check(capsys, root, "text")
    data = json.loads(next((root / CACHE_DIR_NAME).glob("results-*-data.json")).read_text())
    assert any(row[9] is not None and row[9][2] is None for row in data["findings"])  # stored without edits
    assert _check(capsys, root, "concise") and results_cache.last_stats().status == "hit"
    shown = _check(capsys, root, shows_edits)
    assert results_cache.last_stats().status == "miss: the stored run did not compute its fixes' edits"
    assert shown == _check(capsys, root, shows_edits, cache=False)
    assert '"edits"' in shown or '"artifactChanges"' in shown
    assert _check(capsys, root, shows_edits) == shown and results_cache.last_stats().status == "hit"
    assert _check(capsys, root, "text") == text and results_cache.last_stats().status == "hit"
