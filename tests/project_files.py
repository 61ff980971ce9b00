"""Helpers to write small djust projects to disk for tests."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: content}`` under ``root`` (plus a manage.py anchor)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "manage.py").write_text("# project root marker\n")
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        # Packages need __init__.py so module names match real Django apps.
        if rel.endswith(".py"):
            package = target.parent
            while package != root and package.is_relative_to(root):
                init = package / "__init__.py"
                if not init.exists():
                    init.write_text("")
                package = package.parent
    return root
