"""Shared fixtures: tests write real projects to disk and lint them for real."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from project_files import write_project


@pytest.fixture(autouse=True, scope="session")
def _private_user_cache(tmp_path_factory: pytest.TempPathFactory):
    """djust-lint runs in tests (and the CLI subprocesses they start) keep the
    installed-package store in a temporary directory, never in the user's home."""
    previous = os.environ.get("DJUST_LINT_CACHE_DIR")
    os.environ["DJUST_LINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if previous is None:
        os.environ.pop("DJUST_LINT_CACHE_DIR", None)
    else:
        os.environ["DJUST_LINT_CACHE_DIR"] = previous


@pytest.fixture
def project(tmp_path: Path):
    def make(files: dict[str, str | bytes]) -> Path:
        return write_project(tmp_path / "proj", files)

    return make
