"""Tools answering about djust itself (no project needed)."""

from __future__ import annotations

from .. import models as m
from .. import reference
from ..framework import framework_tables
from ..paging import Filter, Limit, Offset
from .common import (
    ToolsBase,
)


class FrameworkTools(ToolsBase):
    """Tools answering about djust itself (no project needed)."""

    # -- framework -----------------------------------------------------------

    def get_framework_schema(self, topic: Filter = "", limit: Limit = 25, offset: Offset = 0) -> m.Reference:
        """djust's framework schema (from the installed djust); call it first when writing djust code. Default:
        the topics and their entry names; topic='decorators' returns that topic's entries."""
        return reference.framework_schema(topic, limit, offset)

    def get_template_directives(self, name: Filter = "") -> m.NameIndex:
        """Every dj-* template directive (name -> category) by default; name='dj-click' returns its full entry
        (description, DOM event, value syntax, modifiers, example)."""
        return reference.directives(name)

    def get_decorators(self) -> m.DecoratorList:
        """Every djust decorator (@event_handler, @debounce, @rate_limit, @permission_required, @computed,
        state() ...) with its import path and parameters."""
        version, source, t = framework_tables()
        return m.DecoratorList(version=version, source=source, decorators=t.get("DECORATORS", []))

    def get_best_practices(self, topic: Filter = "", limit: Limit = 25, offset: Offset = 0) -> m.BestPractices:
        """djust's best practices: an index of topics (setup, lifecycle, event_handlers, jit_serialization,
        forms, security ...) and the rules djust-lint checks; topic='security' returns that topic."""
        return reference.best_practices(topic, limit, offset)
