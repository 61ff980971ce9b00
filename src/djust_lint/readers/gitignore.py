"""Gitignore-style pattern matching without a third-party dependency.

djust-lint must skip the files a project's ``.gitignore`` hides (generated
templates, collected static files, vendored code) or it reports findings the
user can do nothing about.  The same semantics serve the ``exclude`` and
``include`` options, so users write one familiar glob dialect everywhere.

Every pattern is compiled to a regular expression exactly once.  Consecutive
patterns with the same sign and the same directory-only flag are merged into a
single alternation, because "last matching pattern wins" only needs to know
the verdict of the last *group* that matches; a typical ``.gitignore`` thus
costs one or two regex matches per path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PatternSet", "IgnoreChain", "translate_pattern", "is_ignored"]


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """One gitignore line turned into regex source plus its flags."""

    regex: str
    """Regex source (no anchors) matched against the path relative to the base dir."""
    negate: bool
    """The line started with ``!``: a match *re-includes* the path."""
    dir_only: bool
    """The line ended with ``/``: it only matches directories."""


@dataclass(frozen=True, slots=True)
class _Group:
    """Consecutive patterns sharing a verdict, merged into one regex."""

    regex: re.Pattern[str]
    negate: bool
    dir_only: bool


def _strip_trailing_spaces(line: str) -> str:
    """Drop unescaped trailing spaces, as git does (``foo\\ `` keeps one)."""
    while line.endswith(" ") and not line.endswith("\\ "):
        line = line[:-1]
    return line


def _translate_class(pattern: str, start: int) -> tuple[str, int] | None:
    """Translate a ``[...]`` class beginning at ``start``; None if it never closes.

    Returns the regex class and the index just after the closing bracket.
    Negated classes never match ``/`` because a glob class stays inside one
    path component.
    """
    i = start + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    body: list[str] = []
    first = True
    while i < len(pattern):
        char = pattern[i]
        if char == "]" and not first:
            prefix = "[^/" if negate else "["
            return prefix + "".join(body) + "]", i + 1
        if char == "\\" and i + 1 < len(pattern):
            i += 1
            body.append(re.escape(pattern[i]))
        elif char in "\\[]^":
            body.append("\\" + char)
        else:
            body.append(char)
        first = False
        i += 1
    return None


def _translate_stars(pattern: str, i: int) -> tuple[str, int]:
    """Translate a run of ``*`` starting at ``i``; returns (regex, next index).

    ``**`` only has its special "any number of directories" meaning when it is
    a whole path component; otherwise it behaves like a single ``*``.
    """
    j = i
    while j < len(pattern) and pattern[j] == "*":
        j += 1
    whole_component = (i == 0 or pattern[i - 1] == "/") and (j == len(pattern) or pattern[j] == "/")
    if j - i < 2 or not whole_component:
        return "[^/]*", j
    if j == len(pattern):
        return ".*", j
    return "(?:.*/)?", j + 1  # consume the slash after "**/"


def _translate_glob(pattern: str) -> str:
    """Translate the glob body of a pattern (flags already removed) to regex source."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            piece, i = _translate_stars(pattern, i)
            out.append(piece)
            continue
        if char == "?":
            out.append("[^/]")
        elif char == "[":
            translated = _translate_class(pattern, i)
            if translated is not None:
                out.append(translated[0])
                i = translated[1]
                continue
            out.append(re.escape(char))
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def translate_pattern(line: str) -> CompiledPattern | None:
    """Turn one gitignore line into a :class:`CompiledPattern`; None for blanks and comments."""
    line = _strip_trailing_spaces(line.rstrip("\r\n"))
    if not line or line.startswith("#"):
        return None
    negate = line.startswith("!")
    if negate:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    line = line.rstrip("/") if dir_only else line
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    body = _translate_glob(line)
    return CompiledPattern(body if anchored else "(?:.*/)?" + body, negate, dir_only)


def _group(patterns: Sequence[CompiledPattern]) -> tuple[_Group, ...]:
    """Merge runs of patterns with equal flags into one compiled regex each."""
    groups: list[_Group] = []
    run: list[CompiledPattern] = []
    for pattern in patterns:
        if run and (run[0].negate, run[0].dir_only) != (pattern.negate, pattern.dir_only):
            groups.append(_compile_run(run))
            run = []
        run.append(pattern)
    if run:
        groups.append(_compile_run(run))
    return tuple(groups)


def _compile_run(run: Sequence[CompiledPattern]) -> _Group:
    source = "|".join(f"(?:{p.regex})" for p in run)
    return _Group(re.compile(f"(?:{source})\\Z", re.DOTALL), run[0].negate, run[0].dir_only)


class PatternSet:
    """The patterns of one ``.gitignore`` file (or of ``--exclude``), relative to ``base``.

    ``base`` is the root-relative POSIX directory the file lives in (``""`` for
    the project root); paths given to :meth:`match` are root-relative too.
    """

    __slots__ = ("base", "_prefix", "_groups")

    def __init__(self, lines: Iterable[str], base: str = "") -> None:
        self.base = base.strip("/")
        self._prefix = self.base + "/" if self.base else ""
        compiled = [p for p in map(translate_pattern, lines) if p is not None]
        self._groups = _group(compiled)

    @classmethod
    def from_file(cls, path: Path | str, base: str = "") -> PatternSet:
        """Read a gitignore file; raises OSError so the caller can record why it was skipped."""
        with open(path, encoding="utf-8", errors="replace") as handle:
            return cls(handle.read().splitlines(), base)

    def __bool__(self) -> bool:
        return bool(self._groups)

    def match(self, path: str, is_dir: bool) -> bool | None:
        """Verdict of the last matching pattern: True ignored, False re-included, None no match."""
        if self._prefix:
            if not path.startswith(self._prefix):
                return None
            path = path[len(self._prefix) :]
        for group in reversed(self._groups):
            if group.dir_only and not is_dir:
                continue
            if group.regex.match(path):
                return not group.negate
        return None

    def matches_path(self, path: str, is_dir: bool) -> bool:
        """True when ``path`` or one of its parent directories is matched (git semantics).

        As in git, once a directory is matched nothing below it can be
        re-included, so parents are checked from the top down.
        """
        parts = path.split("/")
        for depth in range(1, len(parts)):
            if self.match("/".join(parts[:depth]), True):
                return True
        return bool(self.match(path, is_dir))


class IgnoreChain:
    """The stack of pattern sets that apply inside one directory.

    Deeper ``.gitignore`` files take precedence over shallower ones, and
    ``.git/info/exclude`` (pushed first) has the lowest precedence.  Chains are
    immutable so a directory walk can hand each subdirectory its own chain.
    """

    __slots__ = ("sets",)

    def __init__(self, sets: tuple[PatternSet, ...] = ()) -> None:
        self.sets = sets

    def __bool__(self) -> bool:
        return bool(self.sets)

    def pushed(self, pattern_set: PatternSet) -> IgnoreChain:
        """A new chain with ``pattern_set`` as the highest-precedence member."""
        if not pattern_set:
            return self
        return IgnoreChain(self.sets + (pattern_set,))

    def is_ignored(self, path: str, is_dir: bool) -> bool:
        """Ignored per the deepest set that has an opinion (parents are pruned by the walk)."""
        for pattern_set in reversed(self.sets):
            verdict = pattern_set.match(path, is_dir)
            if verdict is not None:
                return verdict
        return False


def is_ignored(patterns: Iterable[str], path: str, is_dir: bool = False) -> bool:
    """Convenience one-shot check of a root-relative path against gitignore lines."""
    return PatternSet(patterns).matches_path(path, is_dir)
