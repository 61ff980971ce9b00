"""In-memory overlays: lint files as an editor or a planned edit has them, not as on disk.

An overlay maps a root-relative POSIX path to its text. A path the project
already has replaces that file's read form; a new path is added as the kind
its name says (``.py`` module, template, ``.js`` script), named the way
discovery would name it on disk. Nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graph.builder import SourceSet

Overlays = Mapping[str, "str | bytes"]
"""Root-relative POSIX path -> text (bytes for Python honour a PEP 263 coding cookie)."""


def normalise(overlays: Mapping[str | Path, str | bytes] | None, root: Path | None) -> dict[str, str | bytes]:
    """Root-relative POSIX keys; a path outside the root is refused with ``ValueError``."""
    result: dict[str, str | bytes] = {}
    for key, text in (overlays or {}).items():
        path = Path(key)
        if path.is_absolute() and root is not None:
            try:
                rel = path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                raise ValueError(f"overlay path {str(key)!r} is outside the project root {root}") from None
        else:
            rel = PurePosixPath(str(key).replace("\\", "/")).as_posix()
        if rel.startswith("../") or rel == "..":
            raise ValueError(f"overlay path {str(key)!r} leads outside the project root")
        result[rel] = text
    return result


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


def module_name(rel: str, root: Path | None) -> tuple[str, bool]:
    """Dotted module name of a path: from ``__init__.py`` files on disk when there is a root."""
    if root is not None:
        from ..readers.discovery import module_name_for

        return module_name_for(root / rel, root)
    parts = list(PurePosixPath(rel).with_suffix("").parts)
    is_package = bool(parts) and parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(p for p in parts if p not in ("", ".")) or "view", is_package


def apply_overlays(sources: SourceSet, overlays: Overlays, root: Path | None) -> None:
    """Replace (or add) the read form of every overlaid file by a read of its text."""
    from ..readers.discovery import TEMPLATE_SUFFIXES, template_name_for
    from ..readers.python import read_module
    from ..readers.scripts import script_references
    from ..readers.template import read_template

    remaining = dict(overlays)
    for index, module in enumerate(sources.modules):
        if module.path in remaining:
            text = remaining.pop(module.path)
            sources.modules[index] = read_module(text, path=module.path, module=module.name, is_package=module.is_package)
    for index, info in enumerate(sources.templates):
        if info.path in remaining:
            sources.templates[index] = read_template(_text(remaining.pop(info.path)), path=info.path, name=info.name)
    for path in list(sources.script_references):
        if path in remaining:
            sources.script_references[path] = script_references(path, _text(remaining.pop(path)))
    for rel, text in sorted(remaining.items()):  # files that exist only in memory
        lower = rel.lower()
        if lower.endswith((".py", ".pyi")):
            name, is_package = module_name(rel, root)
            sources.modules.append(read_module(text, path=rel, module=name, is_package=is_package))
        elif lower.endswith(TEMPLATE_SUFFIXES) or lower.endswith(".txt"):
            name = template_name_for(rel, sources.template_dirs)
            sources.templates.append(read_template(_text(text), path=rel, name=name))
        elif lower.endswith(".js"):
            sources.script_references[rel] = script_references(rel, _text(text))
        else:
            continue
        sources.files.append(rel)
