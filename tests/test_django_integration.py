"""``djust_lint.django`` in a real Django site: ``manage.py check`` and ``manage.py djust_lint``
run as subprocesses in a copy of ``fixtures/django_site`` (the one fixture Django imports)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SITE = Path(__file__).parent / "fixtures" / "django_site"
CART = "store/templates/store/cart.html:3:21"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SITE, tmp_path / "site", ignore=shutil.ignore_patterns(".djust_lint_cache")))


def _manage(site: Path, *args: str, cwd: Path | None = None, silence: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "NO_COLOR", "GITHUB_ACTIONS")}
    env["SILENCE"] = silence
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, str(site / "manage.py"), *args],
        cwd=cwd or site, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _section(output: str, title: str) -> str:
    """The lines under ``ERRORS:`` / ``WARNINGS:`` / ``INFOS:`` of Django's check report."""
    lines = output.splitlines()
    start = lines.index(f"{title}:") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].endswith(":") and lines[i].isupper()), len(lines))
    return "\n".join(lines[start:end])


def test_manage_py_check_reports_findings_at_django_levels(site: Path) -> None:
    done = _manage(site, "check")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output  # an Error-level message fails `check`, as Django's own do
    assert f"{CART}: (djust_lint.DJ101) `dj-click` calls 'decrement'" in _section(output, "ERRORS")
    assert "HINT: Replace 'decrement' with 'increment'" in _section(output, "ERRORS")
    assert "store/views.py:20:9: (djust_lint.DJ111)" in _section(output, "WARNINGS")
    assert "store/views.py:16:9: (djust_lint.DJ304)" in _section(output, "INFOS")  # severity from pyproject


def test_silenced_system_checks_silence_findings(site: Path) -> None:
    done = _manage(site, "check", silence="djust_lint.DJ101,djust_lint.DJ111")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "djust_lint.DJ101" not in output and "djust_lint.DJ111" not in output
    assert "(djust_lint.DJ304)" in output
    assert "(2 silenced)" in output


def test_check_for_one_app_keeps_only_that_apps_findings(site: Path) -> None:
    done = _manage(site, "check", "contenttypes")
    assert done.returncode == 0, done.stderr
    assert "djust_lint." not in done.stdout + done.stderr
    assert "(djust_lint.DJ101)" in _manage(site, "check", "store").stderr


def test_manage_py_djust_lint_runs_the_cli(site: Path) -> None:
    done = _manage(site, "djust_lint")
    plain = subprocess.run(
        [sys.executable, "-m", "djust_lint", "check", "--no-cache"], cwd=site, capture_output=True, text=True
    )
    assert done.returncode == plain.returncode == 1
    assert done.stdout == plain.stdout
    assert f"{CART}: DJ101" in done.stdout


def test_manage_py_djust_lint_defaults_the_root_to_base_dir(site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = _manage(site, "djust_lint", "check", "--format", "json", "--select", "DJ101", cwd=elsewhere)
    assert done.returncode == 1, done.stderr
    assert [(f["code"], f["path"]) for f in json.loads(done.stdout)] == [("DJ101", "store/templates/store/cart.html")]
    assert _manage(site, "djust_lint", "--version").stdout.startswith("djust-lint ")
    assert _manage(site, "djust_lint", "check", "--select", "NOPE").returncode == 2


def test_root_falls_back_to_the_manage_py_directory(site: Path) -> None:
    settings = site / "site_config" / "settings.py"
    settings.write_text(settings.read_text().replace("BASE_DIR = ", "_BASE = ").replace("BASE_DIR", "_BASE"))
    done = _manage(site, "check", cwd=site.parent)
    assert f"{CART}: (djust_lint.DJ101)" in done.stderr, done.stderr
