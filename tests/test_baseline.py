"""Baselines: record today's findings, then fail only on new ones (keyed without line numbers)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from project_files import write_project

EXE = Path(sys.executable).with_name("djust-lint")

VIEW = '''from djust import LiveView
from djust.decorators import event_handler


class Page(LiveView):
    template_name = "app/page.html"

    @event_handler
    def save(self, **kwargs):
        pass
'''


def run(*args):
    return subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_baseline_round_trip(tmp_path):
    root = write_project(
        tmp_path / "p",
        {"app/views.py": VIEW, "app/templates/app/page.html": '<b dj-click="save">s</b>\n<b dj-click="sav">x</b>\n'},
    )
    baseline = tmp_path / "baseline.json"
    wrote = run("check", "--write-baseline", baseline, root)
    assert wrote.returncode == 0, wrote.stderr
    data = json.loads(baseline.read_text())
    assert [(e["code"], e["path"]) for e in data["findings"]] == [("DJ101", "app/templates/app/page.html")]
    assert "line" not in data["findings"][0]
    assert run("check", "--baseline", baseline, root).returncode == 0

    # Lines added above the old problem do not resurrect it; a new problem is reported.
    page = root / "app/templates/app/page.html"
    page.write_text('<p>intro</p>\n<b dj-click="save">s</b>\n<p>more</p>\n<b dj-click="sav">x</b>\n<i dj-click="lod">y</i>\n')
    proc = run("check", "--format", "json", "--baseline", baseline, root)
    assert proc.returncode == 1
    assert [(f["code"], f["line"]) for f in json.loads(proc.stdout)] == [("DJ101", 5)]


def test_duplicates_are_counted(tmp_path):
    template = '<b dj-click="save">s</b>\n<b dj-click="sav">x</b>\n<b dj-click="sav">x</b>\n'
    root = write_project(tmp_path / "p", {"app/views.py": VIEW, "app/templates/app/page.html": template})
    baseline = tmp_path / "b.json"
    run("check", "--write-baseline", baseline, root)
    (root / "app/templates/app/page.html").write_text(template + '<b dj-click="sav">x</b>\n' * 2)
    proc = run("check", "--format", "json", "--baseline", baseline, root)
    assert len(json.loads(proc.stdout)) == 2  # two more of the same: only the extra ones are new


def test_bad_baseline_is_a_usage_error(tmp_path):
    root = write_project(tmp_path / "p", {"app/views.py": VIEW})
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a baseline"}')
    proc = run("check", "--baseline", bad, root)
    assert proc.returncode == 2 and "not a djust-lint baseline" in proc.stderr
    assert run("check", "--baseline", tmp_path / "missing.json", root).returncode == 2
