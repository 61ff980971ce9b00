"""The results cache's three modules, each through its own public functions.

``engine/results_inputs.py`` records and compares the state of a run's inputs,
``engine/results_store.py`` keeps a run as JSON and gives it back,
``engine/results_cache.py`` decides what to replay (its end-to-end behaviour is
in test_results_cache.py). Real files in a temporary tree; a real run of the
``shop`` fixture for the stored form.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from djust_lint.cli.main import main
from djust_lint.core.findings import Edit, Finding, Fix, Severity
from djust_lint.core.model import Span
from djust_lint.core.racy import RACY_WINDOW_NS
from djust_lint.engine.config import Config
from djust_lint.engine.results_inputs import (
    changed_inputs,
    record_files_again,
    record_inputs,
    run_key,
    stat_record,
    unchanged,
)
from djust_lint.engine.results_store import (
    FORMAT_VERSION,
    MAX_REPORTS,
    RESULTS_PREFIX,
    RunFiles,
    finding_from_json,
    finding_json,
)
from djust_lint.readers.cache import CACHE_DIR_NAME

FIXTURES = Path(__file__).parent / "fixtures"
PAST = 1_600_000_000


def _age(*paths: Path, when: int = PAST) -> None:
    for path in paths:
        os.utime(path, (when, when))


def _tree(tmp_path: Path) -> tuple[Path, list[str], list[str]]:
    """A small project: ``(root, files, directories)`` as discovery would report them."""
    root = tmp_path / "site"
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "views.py").write_text("class Home:\n    pass\n")
    (root / ".gitignore").write_text("build/\n")
    _age(root / "app" / "__init__.py", root / "app" / "views.py", root / ".gitignore", root / "app", root)
    real = os.path.realpath(root)
    return root, ["app/__init__.py", "app/views.py"], [real, os.path.join(real, "app")]


def _record(root: Path, files: list[str], directories: list[str]) -> dict:
    inputs = record_inputs(root, files, directories, Config(), None, time.time_ns() - RACY_WINDOW_NS)
    assert inputs is not None
    return inputs


# ---------------------------------------------------------------------------
# results_inputs: the key and the inputs' state
# ---------------------------------------------------------------------------


def test_recorded_inputs_tell_an_edited_file_from_a_changed_file_set(tmp_path):
    root, files, directories = _tree(tmp_path)
    inputs = _record(root, files, directories)
    assert changed_inputs(inputs, root) == (None, [])

    (root / "app" / ".views.py.swp").write_text("editor state")  # not a name discovery acts on
    assert changed_inputs(inputs, root) == (None, [])

    (root / "app" / "views.py").write_text("class Home:\n    pass  # edited\n")
    _age(root / "app" / "views.py", when=PAST + 10)
    assert changed_inputs(inputs, root) == (None, ["app/views.py"])
    record_files_again(inputs, root, ["app/views.py"])
    assert changed_inputs(inputs, root) == (None, [])

    (root / ".gitignore").write_text("build/\ndist/\n")
    assert changed_inputs(inputs, root) == (".gitignore changed", [])
    inputs = _record(root, files, directories)
    (root / "app" / "extra.py").write_text("")
    assert changed_inputs(inputs, root) == ("a directory's listing changed (file added, removed or renamed)", [])


def test_a_version_pin_at_the_root_is_an_input(tmp_path):
    root, files, directories = _tree(tmp_path)
    (root / "requirements.txt").write_text("djust==0.4.0\n")
    _age(root / "requirements.txt", root)
    inputs = _record(root, files, directories)
    (root / "requirements.txt").write_text("djust==0.5.0\n")
    assert changed_inputs(inputs, root) == ("requirements.txt changed", [])


def test_a_file_written_during_the_run_is_never_trusted(tmp_path):
    root, files, directories = _tree(tmp_path)
    (root / "app" / "views.py").write_text("class Home:\n    pass\n")  # mtime: now, inside the racy window
    inputs = _record(root, files, directories)
    assert inputs["files"]["app/views.py"] == "racy" == stat_record(str(root / "app" / "views.py"), 0)
    assert not unchanged(inputs["files"]["app/views.py"], str(root / "app" / "views.py"))
    assert changed_inputs(inputs, root) == (None, ["app/views.py"])
    assert unchanged(stat_record(str(root / "app" / "__init__.py")), str(root / "app" / "__init__.py"))


def test_a_directory_gone_during_the_run_records_nothing(tmp_path):
    root, files, directories = _tree(tmp_path)
    shutil.rmtree(root / "app")
    assert record_inputs(root, files, directories, Config(), None, time.time_ns() - RACY_WINDOW_NS) is None


def test_the_key_follows_the_request_the_configuration_and_the_stored_format(tmp_path):
    root, _, _ = _tree(tmp_path)
    key = run_key(root, ["check", []], Config(), FORMAT_VERSION)
    assert run_key(root, ["check", []], Config(), FORMAT_VERSION) == key
    assert run_key(root, ["check", ["app"]], Config(), FORMAT_VERSION) != key
    assert run_key(root, ["check", []], Config(ignore=["DJ101"]), FORMAT_VERSION) != key
    assert run_key(root, ["check", []], Config(), FORMAT_VERSION + 1) != key


# ---------------------------------------------------------------------------
# results_store: the stored form
# ---------------------------------------------------------------------------


def test_findings_survive_their_json_form_and_pending_edits_are_not_computed():
    span = Span(3, 5, 3, 9)
    computed = Fix("Rename", (Edit("app/views.py", span, "save"),), "unsafe")
    calls: list[int] = []

    def compute() -> tuple[Edit, ...]:
        calls.append(1)
        return (Edit("app/views.py", span, "@event_handler\n    "),)

    findings = [
        Finding("DJ101", "unknown-handler", Severity.ERROR, "app/views.py", span, "no handler", computed, {"view": "Home"}),
        Finding("DJ102", "missing-decorator", Severity.WARNING, "app/views.py", span, "add it", Fix("Add", compute)),
        Finding("DJ111", "unused-handler", Severity.INFO, "app/views.py", span, "unused"),
    ]
    rows = json.loads(json.dumps([finding_json(f) for f in findings]))
    assert calls == []  # storing a run does not compute the fixes nothing asked for
    back = [finding_from_json(row) for row in rows]
    assert back[0] == findings[0] and back[0].context == {"view": "Home"} and back[0].fix.applicability == "unsafe"
    assert back[2] == findings[2]
    assert back[1].fix is not None and back[1].fix.message == "Add"
    with pytest.raises(RuntimeError, match="edits were not stored"):
        back[1].fix.edits  # noqa: B018


def test_run_files_give_back_a_real_run_and_refuse_another_key_or_damage(tmp_path, capsys):
    root = tmp_path / "shop"
    shutil.copytree(FIXTURES / "shop", root, ignore=shutil.ignore_patterns(CACHE_DIR_NAME, "__pycache__"))
    for path in [root, *root.rglob("*")]:
        _age(path)
    assert main(["check", "--exit-zero", "-q", str(root)]) == 0
    capsys.readouterr()
    directory = root / CACHE_DIR_NAME
    (meta_path,) = [p for p in directory.glob(f"{RESULTS_PREFIX}*.json") if not p.name.endswith("-data.json")]
    stored = json.loads(meta_path.read_text())

    files = RunFiles(directory, stored["key"])
    assert files.meta_name == meta_path.name
    meta, why = files.load_meta()
    assert (meta, why) == (stored, "") and files.data_unchanged(meta)
    data = files.load_data(meta)
    assert data is not None and len(data["findings"]) == meta["count"] > 0
    assert all(isinstance(f, Finding) for f in data["findings"])
    assert files.load_data({**meta, "token": "another run"}) is None

    other = RunFiles(directory, stored["key"][:16] + "0" * (len(stored["key"]) - 16))
    assert other.load_meta() == (None, "miss: another djust-lint, environment, configuration or request")
    assert RunFiles(directory, "f" * 32).load_meta() == (None, "miss: nothing stored")

    for index in range(MAX_REPORTS + 1):
        files.add_report(meta, f"format {index}", f"report {index}\n")
    assert len(meta["reports"]) == MAX_REPORTS and files.read_report(meta, "format 0") is None
    assert files.read_report(meta, f"format {MAX_REPORTS}") == f"report {MAX_REPORTS}\n"
    files.remove_stale_reports(meta)
    assert len(list(directory.glob(f"report-{files.slot}-*"))) == MAX_REPORTS
    (directory / next(iter(meta["reports"]))).write_text("tampered\n")
    assert files.read_report(meta, "format 1") is None

    meta_path.write_text(json.dumps({**stored, "reports": []}))
    assert files.load_meta() == (None, "miss: damaged (reports)")
    meta_path.write_text(json.dumps({**stored, "inputs": {**stored["inputs"], "dirs": []}}))
    assert files.load_meta() == (None, "miss: damaged (dirs)")


# ---------------------------------------------------------------------------
# The three together stay light
# ---------------------------------------------------------------------------


def test_importing_the_results_cache_imports_nothing_else():
    """A replayed run starts here: no reader, rule, emitter, django, astroid or libcst at module level."""
    probe = (
        "import sys\n"
        "import djust_lint.engine.results_cache\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('djust_lint', 'django', 'astroid', 'libcst')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    loaded = eval(done.stdout.strip())  # noqa: S307 - our own repr
    assert loaded == [
        "djust_lint",
        "djust_lint._version",
        "djust_lint.core",
        "djust_lint.core.racy",  # the stat-trust window every cache shares: a constant, no imports
        "djust_lint.engine",
        "djust_lint.engine.results_cache",
        "djust_lint.engine.results_inputs",
        "djust_lint.engine.results_store",
        "djust_lint.readers",
        "djust_lint.readers.file_kinds",  # the suffixes discovery acts on: constants, no imports
    ]
