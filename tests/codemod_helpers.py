"""Helpers for the codemod tests: byte-level "only this changed" assertions."""

from __future__ import annotations

import difflib


def changed_lines(old: bytes, new: bytes) -> tuple[list[bytes], list[bytes]]:
    """(old lines removed or replaced, new lines added or replacing), line endings kept."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    removed: list[bytes] = []
    added: list[bytes] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed.extend(a[i1:i2])
            added.extend(b[j1:j2])
    return removed, added


def assert_only_inserted(old: bytes, new: bytes) -> list[bytes]:
    """Every old line survives byte for byte, in order; returns the inserted lines."""
    removed, added = changed_lines(old, new)
    assert removed == [], removed
    assert added, "nothing was inserted"
    return added
