"""Inline templates are read with their module: cached with it, never read again while linking.

Why (issue 14): the graph used to read every ``template = "..."`` string while linking, on
every run, warm ones included (≈ 0.1 s at 1,000 views, and the import of Django's template
engine). Asserted by counting reads, never by timing.
"""

from __future__ import annotations

import pytest

from djust_lint.engine.api import lint_project
from djust_lint.graph.builder import BuildOptions
from djust_lint.readers import inline_templates

IMPORTS = "from djust import LiveView\nfrom djust.decorators import event_handler\n"
VIEWS = IMPORTS + '''

class Inline(LiveView):
    template = '<div dj-root><button dj-click="save">S</button><i dj-click="nope"></i></div>'

    @event_handler
    def save(self, **kwargs):
        pass


class Returned(LiveView):
    def get_template(self):
        return '<div dj-root><button dj-click="gone">x</button></div>'


class Named(LiveView):
    def get_template(self):
        return "app/page.html"
'''
FILES = {"app/__init__.py": "", "app/views.py": VIEWS, "app/templates/app/page.html": "<div dj-root></div>\n"}


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The class of every inline template read (by the module read or while linking)."""
    seen: list[str] = []
    real = inline_templates.read_inline_template

    def counting(cls, source):
        seen.append(cls.qualname)
        return real(cls, source)

    monkeypatch.setattr(inline_templates, "read_inline_template", counting)
    return seen


def _codes(result) -> list[tuple[str, str, int]]:
    return sorted((f.code, f.path, f.line) for f in result.findings)


def test_inline_templates_are_read_with_the_module_and_not_again_when_linking(project, reads):
    root = project(FILES)
    cold = lint_project(root, options=BuildOptions(cache=True))
    assert sorted(reads) == ["app.views.Inline", "app.views.Returned"]  # one read each, with the module
    assert ("DJ101", "app/views.py", 6) in _codes(cold) and ("DJ101", "app/views.py", 15) in _codes(cold)
    reads.clear()
    warm = lint_project(root, options=BuildOptions(cache=True))
    assert reads == [] and _codes(warm) == _codes(cold)  # from the read cache: nothing read again


def test_a_template_reached_through_another_attribute_is_read_while_linking(project, reads):
    """``get_template()`` returning ``self.markup`` of a base: only linking knows which class that is."""
    views = IMPORTS + '''

class Base(LiveView):
    template_name = '<div dj-root><button dj-click="nope">x</button></div>'


class Page(Base):
    def get_template(self):
        return self.template_name
'''
    root = project({"app/__init__.py": "", "app/views.py": views})
    result = lint_project(root)
    assert reads == ["app.views.Base"]  # read once, while linking, positioned where it is written
    assert ("DJ101", "app/views.py", 6) in _codes(result)


def test_cached_inline_reads_equal_the_reads_linking_would_make(project):
    """What the module read stores is exactly what reading the source again gives."""
    from djust_lint import build_graph

    root = project(FILES)
    graph = build_graph(root)
    for qualname in ("app.views.Inline", "app.views.Returned"):
        cls = graph.index.classes[qualname]
        (attr, stored), = cls.inline_reads.items()
        source = inline_templates.own_inline_source(cls, attr)
        assert source is not None and stored == inline_templates.read_inline_template(cls, source)
    assert graph.index.classes["app.views.Named"].inline_reads == {}  # a file name, not markup
