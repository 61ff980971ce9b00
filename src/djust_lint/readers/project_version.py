"""Which djust release a project targets, read from its packaging files.

Some rules depend on the framework version (djust 1.2's client reads key
filters from the attribute name, 1.1's from the value). The version comes
from, in order of authority: lock files (exact), then requirement pins
(``==``), then lower bounds (``>=``, ``~=``). Nothing is installed or run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

_REQUIREMENT = re.compile(
    r"""(?:^|["'\s,\[])djust(?:\[[^\]]*\])?\s*(?P<spec>(?:[<>=!~]=?|===)\s*[0-9][^;#"'\n]*)?""", re.I | re.M
)
_CLAUSE = re.compile(r"(===|==|~=|>=|<=|!=|>|<)\s*([0-9][0-9A-Za-z.*+-]*)")
_LOCK_PACKAGE = re.compile(r'\[\[package\]\]\s*\nname\s*=\s*"djust"\s*\nversion\s*=\s*"([^"]+)"', re.I)
_REQUIREMENT_FILES = ("requirements*.txt", "requirements/*.txt", "requirements*.in", "requirements/*.in")
_LOCK_FILES = ("poetry.lock", "uv.lock", "pdm.lock")
_DECLARING_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile")
#: Root-relative names and patterns of every file :func:`detect_target_version` may read.
VERSION_SOURCES = (*_LOCK_FILES, "Pipfile.lock", *_DECLARING_FILES, *_REQUIREMENT_FILES)


@dataclass(frozen=True, slots=True)
class TargetVersion:
    version: tuple[int, ...]
    exact: bool
    source: str
    """Root-relative file the version was read from."""

    @property
    def text(self) -> str:
        return ".".join(str(p) for p in self.version)


def parse_version(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


def version_from_spec(spec: str) -> tuple[tuple[int, ...], bool] | None:
    """``==1.2.6`` -> ((1, 2, 6), True); ``>=1.2,<1.3`` -> ((1, 2), False)."""
    clauses = _CLAUSE.findall(spec)
    for op, value in clauses:
        if op in ("==", "==="):
            return parse_version(value.replace("*", "")), "*" not in value
    for op, value in clauses:
        if op in (">=", "~=", ">"):
            return parse_version(value), False
    return None


def detect_target_version(root: Path) -> TargetVersion | None:
    """The djust version the project at ``root`` targets, or ``None`` when not declared."""
    for name in _LOCK_FILES:
        found = _read(root / name)
        match = _LOCK_PACKAGE.search(found) if found else None
        if match:
            return TargetVersion(parse_version(match.group(1)), True, name)
    pipfile_lock = _read(root / "Pipfile.lock")
    if pipfile_lock:
        try:
            entry = json.loads(pipfile_lock).get("default", {}).get("djust", {})
        except (ValueError, AttributeError):
            entry = {}
        parsed = version_from_spec(entry.get("version", "")) if isinstance(entry, dict) else None
        if parsed:
            return TargetVersion(parsed[0], parsed[1], "Pipfile.lock")
    candidates = [root / name for name in _DECLARING_FILES]
    for pattern in _REQUIREMENT_FILES:
        candidates.extend(sorted(root.glob(pattern)))
    best: TargetVersion | None = None
    for path in candidates:
        text = _read(path)
        if not text:
            continue
        for match in _REQUIREMENT.finditer(text):
            parsed = version_from_spec(match.group("spec") or "")
            if parsed is None:
                continue
            found = TargetVersion(parsed[0], parsed[1], path.relative_to(root).as_posix())
            if best is None or (found.exact and not best.exact):
                best = found
    return best


def _read(path: Path) -> str | None:
    try:
        if path.is_file() and path.stat().st_size < 5_000_000:
            return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return None
