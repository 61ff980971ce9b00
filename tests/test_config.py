"""[tool.djust-lint] configuration: every key works, every mistake is an error (exit 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from project_files import write_project

from djust_lint.core.findings import Severity
from djust_lint.engine.api import lint_project
from djust_lint.engine.config import ConfigError, load_config

EXE = Path(sys.executable).with_name("djust-lint")

VIEW = '''from djust import LiveView
from djust.decorators import event_handler


class Page(LiveView):
    template_name = "app/page.html"

    @event_handler
    def save(self):
        pass
'''
TEMPLATE = '<button dj-click="sav">x</button>\n<button dj-click="save">y</button>\n'


def make(tmp_path: Path, toml: str, extra: dict[str, str] | None = None) -> Path:
    files = {"app/views.py": VIEW, "app/templates/app/page.html": TEMPLATE, "pyproject.toml": toml}
    files.update(extra or {})
    return write_project(tmp_path / "p", files)


def codes(root: Path, **kwargs) -> list[str]:
    return sorted({f.code for f in lint_project(root, **kwargs).findings})


def test_defaults_without_table(tmp_path):
    root = make(tmp_path, '[project]\nname = "x"\n')
    assert codes(root) == ["DJ101", "DJ304"]


def test_select_ignore_extend_and_severity(tmp_path):
    root = make(
        tmp_path,
        '[tool.djust-lint]\nselect = ["DJ1"]\nignore = ["dead-binding"]\nextend-select = ["DJ304"]\n'
        'severity = { DJ304 = "info" }\n',
    )
    result = lint_project(root)
    assert [(f.code, f.severity) for f in result.findings] == [("DJ304", Severity.INFO)]
    # --select replaces the configured set; the configured ignore and extend-select still apply.
    assert codes(root, select=["DJ2"]) == ["DJ304"]
    assert codes(root, select=["DJ101"]) == ["DJ304"]


def test_per_file_ignores_and_exclude(tmp_path):
    root = make(tmp_path, '[tool.djust-lint]\nper-file-ignores = { "app/templates/**" = ["DJ1"] }\n')
    assert codes(root) == ["DJ304"]
    root2 = make(tmp_path / "b", '[tool.djust-lint]\nextend-exclude = ["app/templates/**"]\n')
    assert codes(root2) == ["DJ201", "DJ304"]  # the template is not read at all, so it is missing


def test_template_dirs_and_djust_version(tmp_path):
    root = make(
        tmp_path,
        '[tool.djust-lint]\ntemplate-dirs = ["frontend"]\ndjust-version = "1.1"\n',
        {
            "app/views.py": VIEW.replace("app/page.html", "pages/x.html").replace("def save(self)", "def save(self, **kw)"),
            "frontend/pages/x.html": '<input dj-keydown="save.enter">\n',
        },
    )
    # the file is found through template-dirs, and the 1.1-style key filter is right for 1.1
    assert codes(root) == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[tool.djust-lint]\nselekt = ["DJ1"]\n', "unknown key"),
        ('[tool.djust-lint]\nselect = ["DJ1O1"]\n', "unknown rule code"),
        ('[tool.djust-lint]\nselect = "DJ101"\n', "must be a list"),
        ('[tool.djust-lint]\nseverity = { DJ101 = "fatal" }\n', "must be error, warning or info"),
        ('[tool.djust-lint]\nper-file-ignores = { "x" = ["NOPE"] }\n', "unknown rule code"),
        ('[tool.djust-lint]\ndjust-version = 1.2\n', "version string"),
        ("[tool.djust-lint\n", "invalid TOML"),
    ],
)
def test_mistakes_are_errors(tmp_path, toml, message):
    root = make(tmp_path, toml)
    with pytest.raises(ConfigError, match=message):
        load_config(root)
    proc = subprocess.run([str(EXE), "check", str(root)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_explicit_config_file(tmp_path):
    root = make(tmp_path, '[project]\nname = "x"\n', {"lint.toml": 'ignore = ["DJ304"]\n'})
    proc = subprocess.run(
        [str(EXE), "check", "--config", str(root / "lint.toml"), str(root)], capture_output=True, text=True, timeout=120
    )
    assert "DJ101" in proc.stdout and "DJ304" not in proc.stdout
    missing = subprocess.run(
        [str(EXE), "check", "--config", str(root / "nope.toml"), str(root)], capture_output=True, text=True, timeout=120
    )
    assert missing.returncode == 2 and "config file not found" in missing.stderr
