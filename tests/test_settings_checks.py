"""Subtle cases of the settings family: settings packages, suppression, djust's own name tables."""

from __future__ import annotations

import ast
from importlib import metadata
from pathlib import Path

import pytest
from project_files import write_project

from djust_lint.engine.api import lint_project
from djust_lint.rules.settings.djust_config import (
    AVAILABLE_EXTENSIONS,
    DEAD_LIVEVIEW_CONFIG_KEYS,
    KNOWN_PRESENCE_BACKENDS,
)

BASE = 'INSTALLED_APPS = ["djust"]\nALLOWED_HOSTS = ["*"]\nASGI_APPLICATION = "p.asgi.application"\n'


#: Settings rules speak only to projects that define a LiveView (issue 11).
USES_DJUST = {"app/views.py": 'from djust import LiveView\n\n\nclass Home(LiveView):\n    template = "<div dj-root></div>"\n'}


def _codes(root: Path, select: str) -> list[tuple[str, str, int]]:
    result = lint_project(root, select=[select])
    return sorted((f.code, f.path, f.line) for f in result.findings)


def test_settings_package_reports_the_base_line_once_for_the_production_module(tmp_path):
    root = write_project(
        tmp_path / "p",
        {
            **USES_DJUST,
            "p/settings/base.py": BASE,
            "p/settings/dev.py": "from .base import *\nDEBUG = True\n",
            "p/settings/prod.py": "from .base import *\nDEBUG = False\n",
            "p/settings/stage.py": "from .base import *\nimport os\nDEBUG = os.environ.get('DEBUG') == '1'\n",
        },
    )
    assert _codes(root, "DJ407") == [("DJ407", "p/settings/base.py", 2)]


def test_dev_only_settings_package_is_quiet(tmp_path):
    root = write_project(tmp_path / "p", {**USES_DJUST, "p/settings/base.py": BASE, "p/settings/dev.py": "from .base import *\nDEBUG = True\n"})
    assert _codes(root, "DJ407") == []


def test_silenced_system_checks_is_honoured(tmp_path):
    root = write_project(tmp_path / "p", {**USES_DJUST, "p/settings.py": BASE + 'SILENCED_SYSTEM_CHECKS = ["djust.A010", "djust.A011"]\n'})
    assert _codes(root, "DJ407") == []


def test_conditional_assignment_is_not_a_certain_value(tmp_path):
    source = 'INSTALLED_APPS = ["djust"]\nimport os\nif os.environ.get("X"):\n    ALLOWED_HOSTS = ["*"]\n'
    root = write_project(tmp_path / "p", {**USES_DJUST, "p/settings.py": source})
    assert _codes(root, "DJ407") == []


def test_missing_setting_is_opt_in_and_points_at_line_one(tmp_path):
    root = write_project(tmp_path / "p", {**USES_DJUST, "p/settings.py": 'INSTALLED_APPS = ["djust"]\n'})
    assert _codes(root, "DJ401") == [("DJ401", "p/settings.py", 1)]
    assert [f for f in lint_project(root).findings if f.code == "DJ401"] == []


def test_app_settings_module_without_installed_apps_is_not_project_settings(tmp_path):
    root = write_project(tmp_path / "p", {**USES_DJUST, "shop/settings.py": 'PAGE_SIZE = 10\n'})
    assert _codes(root, "DJ401") == [] and _codes(root, "DJ404") == []


def _djust_assignment(relative: str, name: str) -> object:
    try:
        root = Path(str(metadata.distribution("djust").locate_file("djust")))
    except metadata.PackageNotFoundError:
        pytest.skip("djust is not installed")
    tree = ast.parse((root / relative).read_text(encoding="utf-8"))
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets) and node.value is not None:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in djust/{relative}")


def test_name_tables_match_installed_djust():
    assert tuple(_djust_assignment("extensions.py", "AVAILABLE_EXTENSIONS")) == AVAILABLE_EXTENSIONS
    assert tuple(_djust_assignment("backends/registry.py", "KNOWN_PRESENCE_BACKENDS")) == KNOWN_PRESENCE_BACKENDS
    assert tuple(_djust_assignment("checks/configuration.py", "DEAD_LIVEVIEW_CONFIG_KEYS")) == DEAD_LIVEVIEW_CONFIG_KEYS
