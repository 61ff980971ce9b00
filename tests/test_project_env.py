"""The project's own virtualenv is read for installed packages.

djust-lint often runs from another environment than the project's (pre-commit
builds the hook its own virtualenv; a global ``pipx`` install): the project's
third-party mixins and installed apps' templates then live in the project's
``.venv``, not on djust-lint's ``sys.path``. Each test writes a real project
with a real ``.venv`` (``pyvenv.cfg`` + ``site-packages``) whose package would
raise on import, proving it is only read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from project_files import write_project

from djust_lint.engine.api import lint_project
from djust_lint.readers.project_env import project_site_packages

pytest.importorskip("astroid")

_PY = f"python{sys.version_info.major}.{sys.version_info.minor}"
_SITE = f".venv/lib/{_PY}/site-packages"

_MIXIN = '''\
raise RuntimeError("imported!")

from djust.decorators import event_handler


class StarMixin:
    @event_handler
    def star(self, item_id: int = 0, **kwargs):
        pass
'''

_VIEW = '''\
from djust import LiveView
from starkit.mixins import StarMixin


class Board(StarMixin, LiveView):
    template_name = "app/board.html"
'''

_TEMPLATE = '''\
{% extends "starkit/base.html" %}
{% block body %}<div dj-root><button dj-click="star(1)">s</button><button dj-click="stra">t</button></div>{% endblock %}
'''


def _project(tmp_path: Path, *, venv_name: str = ".venv") -> Path:
    site = _SITE.replace(".venv", venv_name, 1)
    files = {
        "app/views.py": _VIEW,
        "app/templates/app/board.html": _TEMPLATE,
        f"{site}/starkit/mixins.py": _MIXIN,
        f"{site}/starkit/templates/starkit/base.html": "<html>{% block body %}{% endblock %}</html>\n",
        f"{site}/starkit-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: starkit\nVersion: 1.0\n",
        f"{site}/starkit-1.0.dist-info/top_level.txt": "starkit\n",
        "proj/settings.py": 'INSTALLED_APPS = ["djust", "starkit", "app"]\n',
    }
    root = write_project(tmp_path / "p", files)
    (root / venv_name / "pyvenv.cfg").write_text("home = /usr/bin\n")
    return root


def _codes(root: Path, **kwargs: object) -> list[tuple[str, str, int]]:
    result = lint_project(root, select=["DJ1", "DJ2", "DJ903"], **kwargs)  # type: ignore[arg-type]
    assert not result.internal_errors, result.internal_errors
    return sorted((f.code, f.path, f.line) for f in result.findings)


def test_site_packages_of_the_project_virtualenv_are_found(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert project_site_packages(root) == (str((root / _SITE).resolve()),)


def test_a_project_without_a_virtualenv_adds_nothing(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"app/views.py": _VIEW})
    assert project_site_packages(root, environ={}) == ()


def test_the_configured_virtualenv_wins(tmp_path: Path) -> None:
    root = _project(tmp_path, venv_name="envs/dev")
    (root / "pyproject.toml").write_text('[tool.djust-lint]\nvenv = "envs/dev"\n')
    assert project_site_packages(root, "envs/dev") == (str((root / "envs/dev" / _SITE[6:]).resolve()),)
    # and the whole run uses it: the mixin's handler is known
    assert ("DJ101", "app/templates/app/board.html", 2) in _codes(root)
    assert not [c for c in _codes(root) if c[0] == "DJ903"]


def test_mixins_from_the_project_virtualenv_are_resolved_without_importing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    codes = _codes(root)
    # the inherited handler is known: the typo is reported, the real call is not,
    # and the view is checked (no unresolved-base diagnostic)
    assert [c for c in codes if c[0] == "DJ101"] == [("DJ101", "app/templates/app/board.html", 2)]
    assert not [c for c in codes if c[0] == "DJ903"]


def test_installed_app_templates_from_the_project_virtualenv_are_found(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "app/templates/app/board.html").write_text(_TEMPLATE.replace("starkit/base.html", "starkit/bsae.html"))
    codes = _codes(root)
    # the app's templates folder is readable, so a typo in a name inside it is reported
    assert ("DJ202", "app/templates/app/board.html", 1) in codes
