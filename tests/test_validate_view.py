"""validate_view: one source in isolation, or overlaid on a project with ``root``."""

from __future__ import annotations

from pathlib import Path

from djust_lint import validate_view

SHOP = Path(__file__).parent / "fixtures" / "shop"


def codes(findings):
    return [(f.code, f.line) for f in findings]


def test_clean_view():
    source = '''from djust import LiveView
from djust.decorators import event_handler


class Counter(LiveView):
    template = """<div dj-root><button dj-click="increment">+</button>{{ count }}</div>"""

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler
    def increment(self, **kwargs):
        self.count += 1
'''
    assert validate_view(source) == []


def test_inline_template_bindings_are_checked_at_python_positions():
    source = '''from djust import LiveView
from djust.decorators import event_handler


class Counter(LiveView):
    template = """<div dj-root>
  <button dj-click="incremnt">+</button>
</div>"""

    def mount(self, request, **kwargs):
        self.count = 0

    @event_handler
    def increment(self, **kwargs):
        self.count += 1
'''
    findings = validate_view(source)
    # The typo leaves the real handler unbound: reported only where the project is visible
    # (without it, another template or script may bind it).
    assert [(f.code, f.line, f.column) for f in findings] == [("DJ101", 7, 21)]
    assert "did you mean 'increment'" in findings[0].message


def test_syntax_error_is_a_finding():
    assert codes(validate_view("class X(:\n")) == [("DJ901", 1)]


def test_no_project_rules_without_root():
    """A template file we cannot see is not reported missing."""
    source = 'from djust import LiveView\n\n\nclass P(LiveView):\n    template_name = "x/y.html"\n\n    def mount(self, request, **kwargs):\n        pass\n'
    assert validate_view(source) == []


def test_with_root_uses_templates_and_other_modules():
    source = (SHOP / "catalog" / "views" / "products.py").read_text()
    findings = validate_view(source, path="catalog/views/products.py", root=SHOP)
    paths = {f.path for f in findings}
    assert paths <= {"catalog/views/products.py", "catalog/templates/catalog/product_list.html",
                     "catalog/templates/catalog/_product_row.html", "templates/base.html", "templates/partials/nav.html"}
    assert ("DJ101", 14) in codes(findings)  # nxt_page in the template file


def test_overlay_replaces_the_file_on_disk():
    source = (SHOP / "catalog" / "views" / "products.py").read_text().replace("def next_page", "def nxt_page")
    findings = validate_view(source, path="catalog/views/products.py", root=SHOP)
    assert ("DJ101", 14) not in codes(findings)


def test_lifecycle_hooks_nested_classes_and_abstract_bases_are_not_flagged():
    source = '''from djust import LiveView
from djust.decorators import event_handler


class Base(LiveView):
    abstract = True

    def handle_params(self, params, uri):
        pass

    def handle_tick(self):
        pass


class Page(Base):
    template_name = "p.html"

    class Meta:
        verbose_name = "page"

    def mount(self, request, **kwargs):
        self._client = object()
'''
    assert validate_view(source) == []
