"""The reference tools' answers: an index first, one topic or name on request.

djust's schema is about 50,000 characters; sent whole it costs an assistant
a large share of its context before it has written a line. So
``get_framework_schema``, ``get_template_directives`` and
``get_best_practices`` answer with an index (topics and entry names) by
default, and expand one ``topic``/``name`` when asked. Entries of an
expanded topic are paged like every other listing.
"""

from __future__ import annotations

from typing import Any

from . import models as m
from .framework import framework_tables
from .paging import page
from .sdk import ToolError
from .suggest import close, did_you_mean

#: Topic name -> table of djust's schema.
TOPICS: dict[str, str] = {
    "directives": "DIRECTIVES",
    "lifecycle_methods": "LIFECYCLE_METHODS",
    "class_attributes": "CLASS_ATTRIBUTES",
    "decorators": "DECORATORS",
    "navigation_methods": "NAVIGATION_METHODS",
    "stream_methods": "STREAM_METHODS",
    "push_event_methods": "PUSH_EVENT_METHODS",
    "optional_mixins": "OPTIONAL_MIXINS",
    "data_attribute_types": "DATA_ATTRIBUTE_TYPES",
    "conventions": "CONVENTIONS",
}
_INDEX_NAMES = 40


def entries(table: Any) -> list[dict[str, Any]]:
    """Any schema table as a list of entries with a ``name`` (dict tables keyed by name)."""
    if isinstance(table, dict):
        return [{"name": key, **value} if isinstance(value, dict) else {"name": key, "value": value} for key, value in table.items()]
    if isinstance(table, list):
        return [item if isinstance(item, dict) else {"name": str(item)} for item in table]
    return []


def _name(entry: dict[str, Any]) -> str:
    return str(entry.get("name") or entry.get("id") or entry.get("problem") or "")


def _unknown(what: str, value: str, choices: list[str]) -> ToolError:
    return ToolError(f"unknown {what} {value!r}; " + did_you_mean(close(value, choices), choices))


def _index(tables: dict[str, Any], topics: dict[str, str]) -> list[m.TopicInfo]:
    out = []
    for topic, key in topics.items():
        items = entries(tables.get(key))
        out.append(m.TopicInfo(topic=topic, entries=len(items), names=[_name(e) for e in items][:_INDEX_NAMES]))
    return out


def _expand(tables: dict[str, Any], topics: dict[str, str], topic: str, limit: int, offset: int) -> tuple[list, dict]:
    key = topics.get(topic.strip().lower())
    if key is None:
        raise _unknown("topic", topic, list(topics))
    return page(entries(tables.get(key)), limit, offset, "entries")


def framework_schema(topic: str, limit: int, offset: int) -> m.Reference:
    version, source, tables = framework_tables()
    if not topic.strip():
        return m.Reference(version=version, source=source, index=_index(tables, TOPICS), topic="", entries=[],
                           **_whole(len(TOPICS)))  # fmt: skip
    chunk, fields = _expand(tables, TOPICS, topic, limit, offset)
    return m.Reference(version=version, source=source, index=[], topic=topic.strip().lower(), entries=chunk, **fields)


def best_practices(topic: str, limit: int, offset: int) -> m.BestPractices:
    from ..rules import ALL_RULES

    version, source, tables = framework_tables()
    practices = tables.get("BEST_PRACTICES", {})
    topics = {key: key for key in practices} if isinstance(practices, dict) else {}
    rules = {r.code: r.name for r in ALL_RULES}
    if not topic.strip():
        index = [m.TopicInfo(topic=t, entries=1, names=[]) for t in topics]
        return m.BestPractices(version=version, source=source, index=index, topic="", entries=[], checked_by_djust_lint=rules,
                               **_whole(len(index)))  # fmt: skip
    key = topics.get(topic.strip())
    if key is None:
        raise _unknown("topic", topic, list(topics))
    chunk, fields = page([{"name": key, **_as_dict(practices[key])}], limit, offset, "entries")
    return m.BestPractices(version=version, source=source, index=[], topic=key, entries=chunk, checked_by_djust_lint=rules, **fields)


def directives(name: str) -> m.NameIndex:
    version, source, tables = framework_tables()
    items = entries(tables.get("DIRECTIVES"))
    if not name.strip():
        index = {_name(e): str(e.get("category", "")) for e in items}
        return m.NameIndex(version=version, source=source, index=index, entries=[])
    wanted = name.strip().lower()
    found = [e for e in items if _name(e).lower() == wanted]
    if not found:
        raise _unknown("directive", name, [_name(e) for e in items])
    return m.NameIndex(version=version, source=source, index={}, entries=found)


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {"value": value}


def _whole(total: int) -> dict[str, Any]:
    return {"total": total, "offset": 0, "next_offset": None, "next": ""}
