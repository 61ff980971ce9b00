"""Inline templates: which of a class's template sources are markup, and reading them.

A LiveView may hold its template as a string (``template = "<div ...>"``, or a
``get_template()`` returning a literal). Reading such a string costs as much as
reading a template file, and the graph used to do it while linking, on every
run, warm ones included. The Python reader now reads each class's own inline
templates with its module (:func:`read_own_inline_templates`), so they are
cached and read in worker processes with the module; the graph takes the
stored reading when a view renders that source and reads any other source
(one a ``get_template()`` reaches through another attribute) the same way,
with :func:`read_inline_template` -- one place decides the arguments, so both
readings are the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.model import ClassInfo, TemplateInfo, TemplateSource


def looks_like_name(text: str) -> bool:
    """``app/page.html`` rather than markup (no spaces, tags or template code)."""
    stripped = text.strip()
    return (
        bool(stripped)
        and stripped.lower().endswith((".html", ".htm", ".txt", ".djhtml", ".xml"))
        and not any(c in stripped for c in "<>{} \n\t")
    )


def inline_key(cls: ClassInfo, source: TemplateSource) -> str:
    """The graph's key for the inline template ``source`` of ``cls``."""
    return f"inline:{cls.qualname}" if source.attr == "template" else f"inline:{cls.qualname}.{source.attr}"


def read_inline_template(cls: ClassInfo, source: TemplateSource) -> TemplateInfo:
    """Read the literal of ``source`` as a template positioned in ``cls``'s file."""
    from .template import read_template

    assert source.value is not None
    return read_template(
        source.value,
        path=cls.path,
        inline_owner=cls.qualname,
        line_offset=source.content_line - 1,
        first_line_column_offset=source.content_column - 1,
    )


def own_inline_source(cls: ClassInfo, attr: str) -> TemplateSource | None:
    """The source of ``attr`` that ``cls`` itself writes, when djust would render it as markup.

    ``template``: a non-empty literal (djust uses ``template`` when truthy). ``get_template()``:
    a literal returned by the method itself that does not name a file. Anything else (computed,
    deferring to ``super()``, returning another attribute) is decided while linking.
    """
    if attr == "template":
        source = cls.template
        if source is None or source.dynamic or not (source.value or "").strip():
            return None
        return source
    if attr == "get_template":
        source = cls.template_methods.get("get_template")
        if source is None or source.dynamic or source.value is None or source.via is not None or source.defers:
            return None
        return None if looks_like_name(source.value) else source
    return None


def _own_inline_sources(cls: ClassInfo) -> Iterator[TemplateSource]:
    for attr in ("template", "get_template"):
        source = own_inline_source(cls, attr)
        if source is not None:
            yield source


def read_own_inline_templates(classes: list[ClassInfo]) -> None:
    """Fill each class's ``inline_reads`` with the inline templates it writes itself."""
    for cls in classes:
        for source in _own_inline_sources(cls):
            cls.inline_reads[source.attr] = read_inline_template(cls, source)
