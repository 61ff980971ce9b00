"""Shared fixtures: tests write real projects to disk and lint them for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from project_files import write_project


@pytest.fixture
def project(tmp_path: Path):
    def make(files: dict[str, str | bytes]) -> Path:
        return write_project(tmp_path / "proj", files)

    return make
