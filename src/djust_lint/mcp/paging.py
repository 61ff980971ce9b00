"""Pages of long answers, so every answer fits in a model's context window.

A 1,000-view project has thousands of findings, routes and references; one
answer with all of them would fill the assistant's context and push the
conversation out. Every listing therefore takes ``limit`` and ``offset``
and says how many items there are in total and how to fetch the next page
(``next_offset`` and a one-line ``next`` hint the model can follow).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import Field

T = TypeVar("T")

MAX_LIMIT = 100_000

Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0)]
Filter = Annotated[str, Field(max_length=300)]


def page(items: Sequence[T], limit: int, offset: int, what: str) -> tuple[list[T], dict[str, Any]]:
    """The page of ``items`` and the paging fields of the answer (``total``, ``offset``, ``next_offset``, ``next``)."""
    total = len(items)
    chunk = list(items[offset : offset + limit])
    end = offset + len(chunk)
    following = end if end < total else None
    hint = f"{total - end} more {what}: call again with offset={end}" if following is not None else ""
    return chunk, {"total": total, "offset": offset, "next_offset": following, "next": hint}
