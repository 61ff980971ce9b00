"""Proof that djust-lint never imports or executes the project it reads.

Every module of ``fixtures/poison`` (manage.py, the package ``__init__``, the
settings and the views) writes a marker file and exits the process when
executed. Linting it must leave no marker and finish normally, with the
findings a static read gives.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "poison"


def _run(args: list[str], marker: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, POISON_MARKER=str(marker))
    return subprocess.run(
        [sys.executable, "-m", "djust_lint", *args],
        cwd=FIXTURE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_reads_poisoned_project_without_running_it(tmp_path):
    marker = tmp_path / "marker.txt"
    proc = _run(["check", "--format", "json", "."], marker)
    assert not marker.exists(), marker.read_text()
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)
    # DJ404 is real: the trap settings' INSTALLED_APPS lacks "djust" (djust.C004).
    assert [(f["code"], f["path"], f["line"]) for f in findings] == [
        ("DJ404", "trap/settings.py", 8),
        ("DJ101", "trap/templates/trap/trap.html", 1),
    ]
    assert "explode" in findings[1]["message"]


def test_graph_and_validate_view_do_not_run_it_either(tmp_path):
    marker = tmp_path / "marker.txt"
    proc = _run(["graph", "--format", "json", "."], marker)
    assert proc.returncode == 0, proc.stderr
    assert "trap.views.Trap" in proc.stdout
    from djust_lint import validate_view

    env_before = os.environ.get("POISON_MARKER")
    os.environ["POISON_MARKER"] = str(marker)
    try:
        findings = validate_view((FIXTURE / "trap" / "views.py").read_text(), path="trap/views.py", root=FIXTURE)
    finally:
        if env_before is None:
            os.environ.pop("POISON_MARKER")
        else:
            os.environ["POISON_MARKER"] = env_before
    assert not marker.exists()
    assert [f.code for f in findings] == ["DJ101"]
