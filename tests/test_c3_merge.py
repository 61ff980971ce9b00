"""The graph's C3 merge agrees with Python's own MRO on random class hierarchies.

Python is the oracle: every random hierarchy is also built with ``type()``, and the merge must give
``__mro__`` exactly when Python accepts the hierarchy, and ``None`` (the caller then falls back to a
depth-first order) when Python raises ``TypeError``. The merge is written for speed (counts of tail
appearances instead of rescanning every tail), so this pins it to the definition.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from djust_lint.graph.hierarchy import MroEntry, _c3_merge


@st.composite
def hierarchies(draw) -> list[list[int]]:
    """Bases per class; class ``i`` may only inherit from classes ``< i`` (Python's order of definition)."""
    count = draw(st.integers(min_value=1, max_value=9))
    bases: list[list[int]] = []
    for index in range(count):
        pool = list(range(index))
        chosen = draw(st.lists(st.sampled_from(pool), unique=True, max_size=3)) if pool else []
        bases.append(chosen)
    return bases


def _python_mro(bases: list[list[int]], index: int) -> list[str] | None:
    classes: list[type | None] = []
    for own in bases:
        parents = [classes[b] for b in own]
        if any(p is None for p in parents):
            classes.append(None)
            continue
        try:
            classes.append(type(f"C{len(classes)}", tuple(parents) or (object,), {}))
        except TypeError:
            classes.append(None)
    cls = classes[index]
    return None if cls is None else [k.__name__ for k in cls.__mro__ if k is not object]


def _merged_mro(bases: list[list[int]], index: int) -> list[str] | None:
    memo: dict[int, list[MroEntry] | None] = {}

    def linearise(i: int) -> list[MroEntry] | None:
        if i not in memo:
            parents = [MroEntry(f"C{b}") for b in bases[i]]
            sequences = [linearise(b) for b in bases[i]]
            if any(s is None for s in sequences):
                memo[i] = None
            else:
                merged = _c3_merge([*sequences, parents])  # type: ignore[list-item]
                memo[i] = None if merged is None else [MroEntry(f"C{i}"), *merged]
        return memo[i]

    result = linearise(index)
    return None if result is None else [entry.key for entry in result]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(hierarchies())
def test_c3_merge_gives_pythons_mro_or_refuses_where_python_does(bases):
    for index in range(len(bases)):
        assert _merged_mro(bases, index) == _python_mro(bases, index)


def test_the_merge_never_changes_its_input_sequences():
    """The memoised linearisations of parents are passed in as they are: the merge must not edit them."""
    a, b, c = MroEntry("A"), MroEntry("B"), MroEntry("C")
    sequences = [[a, c], [b, c], [a, b]]
    frozen = [list(s) for s in sequences]
    assert [e.key for e in _c3_merge(sequences) or []] == ["A", "B", "C"]
    assert sequences == frozen
