"""validate_view on what an AI editor pastes: snippets with or without imports.

The promise (issue 12 item 1): a snippet gets exactly the findings of its
*imported twin* (the same code with the imports it needs prepended), line
numbers aside; code without a view or component says so; rules that need a
project stay quiet without one; the rule defaults are ``check``'s; aliased
imports are followed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from djust_lint import validate_view
from djust_lint.rules import ALL_RULES, select_rules

SHOP = Path(__file__).parent / "fixtures" / "shop"
DJUST = "from djust import LiveView, LiveComponent\nfrom djust.decorators import event_handler\n"

#: name -> (imports of the twin, snippet). The twin is ``imports + snippet``.
CORPUS: dict[str, tuple[str, str]] = {
    "view_typo_and_signatures": (
        DJUST,
        '''class Counter(LiveView):
    template = """<div dj-root><button dj-click="incremnt">+</button>{{ count }}</div>"""

    def mount(self, request):
        self.count = 0

    @event_handler
    def increment(self):
        self.count += 1
''',
    ),
    "component_without_imports": (
        DJUST,
        '''class Stars(LiveComponent):
    template = """<div><button dj-click="rate(3)">3</button><i dj-click="clear">x</i></div>"""

    def mount(self, **kwargs):
        self.value = 0

    @event_handler
    def rate(self, value: int, **kwargs):
        self.value = value
''',
    ),
    "decorator_only_handlers": (
        "from djust import LiveView\nfrom djust.decorators import event_handler, debounce\n",
        '''class Search(LiveView):
    template = """<div dj-root><input dj-input="search"><b dj-click="reset">r</b></div>"""

    def mount(self, request, **kwargs):
        self.query = ""

    @debounce(wait=0.3)
    @event_handler()
    def search(self, value: str = "", **kwargs):
        self.query = value

    def reset(self, **kwargs):
        self.query = ""

    def toggle_panel(self, **kwargs):
        pass
''',
    ),
    "mixin_base_from_djust": (
        "from djust import LiveView, FormMixin\nfrom djust.decorators import event_handler\n",
        '''class Signup(FormMixin, LiveView):
    template = """<form dj-submit="submit_form"><input dj-change="validate_field"><b dj-click="nope">x</b></form>"""

    def mount(self, request, **kwargs):
        pass
''',
    ),
    "public_service_and_mark_safe": (
        "from djust import LiveView\nfrom django.utils.safestring import mark_safe\nimport boto3\n",
        '''class Files(LiveView):
    template = """<div dj-root>{{ banner }}</div>"""

    def mount(self, request, **kwargs):
        self.s3 = boto3.client("s3")
        self.banner = mark_safe(f"<b>{request.GET['q']}</b>")
''',
    ),
}


def _shifted(findings, offset: int) -> list[tuple[str, int, int, int, int, str]]:
    return [(f.code, f.line - offset, f.column, f.span.end_line - offset, f.span.end_column, f.message) for f in findings]


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_snippet_findings_equal_its_imported_twin(case: str) -> None:
    imports, snippet = CORPUS[case]
    twin = validate_view(imports + snippet)
    assert twin, "the corpus must exercise real findings (a twin without findings proves nothing)"
    alone = validate_view(snippet)
    assert _shifted(alone, 0) == _shifted(twin, imports.count("\n"))


def test_snippet_inside_a_project_is_checked_against_its_templates_and_mixins() -> None:
    """Project mode without a path: the snippet still sees the project's templates and mixins."""
    snippet = '''class Quick(CartMixin, LiveView):
    template_name = "catalog/product_list.html"

    def mount(self, request, **kwargs):
        pass
'''
    imports = "from djust import LiveView\nfrom catalog.mixins import CartMixin\n"
    findings = validate_view(imports + snippet, root=SHOP)
    # the template's bindings are checked against the class: nxt_page is dead, add_to_cart (mixin) is live
    messages = [f.message for f in findings if f.code == "DJ101"]
    assert any("nxt_page" in m for m in messages)
    assert not any("'add_to_cart'" in m for m in messages)
    bare = validate_view(snippet.replace("class Quick(CartMixin, LiveView)", "class Quick(LiveView)"), root=SHOP)
    assert any(f.code == "DJ101" and "add_to_cart" in f.message for f in bare)


def test_code_without_a_view_says_so() -> None:
    for source in ("def helper(x):\n    return x + 1\n", "class Plain:\n    pass\n", ""):
        findings = validate_view(source)
        assert [(f.code, f.name) for f in findings] == [("DJ905", "no-view-in-code")], source
        assert "no LiveView or LiveComponent class" in findings[0].message
    # a syntax error is its own answer; a module with a view has no such finding
    assert [f.code for f in validate_view("class X(:\n")] == ["DJ901"]
    assert "DJ905" not in {f.code for f in validate_view(DJUST + CORPUS["view_typo_and_signatures"][1])}


def test_rules_needing_a_project_stay_quiet_without_one() -> None:
    source = '''from djust import LiveView
from djust.decorators import event_handler


class Page(LiveView):
    template_name = "pages/page.html"

    def mount(self, request, **kwargs):
        pass

    @event_handler
    def save(self, **kwargs):
        pass
'''
    assert validate_view(source) == []


def test_same_rule_defaults_as_check() -> None:
    """A rule ``check`` leaves off (opt-in advice) is not run by validate_view either."""
    off = {r.code for r in ALL_RULES} - {r.code for r in select_rules()}
    source = '''from djust import LiveView


class Page(LiveView):
    template = """<div dj-root><img src="x.png"><a href="#">more</a><script>alert(1)</script></div>"""

    def mount(self, request, **kwargs):
        self.cart = Cart()
'''
    codes = {f.code for f in validate_view(source)}
    assert not codes & off, sorted(codes & off)


def test_aliased_imports_are_followed() -> None:
    plain = "from django.utils.safestring import mark_safe\n\n\ndef badge(name):\n    return mark_safe(f'<b>{name}</b>')\n"
    aliased = "from django.utils.safestring import mark_safe as safe\n\n\ndef badge(name):\n    return safe(f'<b>{name}</b>')\n"
    module = "import django.utils.safestring as m\n\n\ndef badge(name):\n    return m.mark_safe(f'<b>{name}</b>')\n"
    expected = [("DJ306", 5)]
    for source in (plain, aliased, module):
        assert [(f.code, f.line) for f in validate_view(source) if f.code != "DJ905"] == expected, source


def test_aliased_redirect_is_followed(project) -> None:
    """Rules naming other functions follow aliases too: an open redirect through ``redirect as go``."""
    view = '''from django.shortcuts import redirect{alias}
from djust import LiveView
from djust.decorators import event_handler


class Next(LiveView):
    template = """<div dj-root><b dj-click="leave">x</b></div>"""

    def mount(self, request, **kwargs):
        pass

    @event_handler
    def leave(self, **kwargs):
        return {name}(self.request.GET["next"])
'''
    plain = validate_view(view.format(alias="", name="redirect"))
    aliased = validate_view(view.format(alias=" as go", name="go"))
    assert [(f.code, f.line) for f in aliased] == [(f.code, f.line) for f in plain]


def test_public_queryset_in_state_is_reported() -> None:
    source = '''from djust import LiveView
from shop.models import Order


class Orders(LiveView):
    template = """<div dj-root>{{ orders }}{{ total }}</div>"""

    def mount(self, request, **kwargs):
        self.orders = Order.objects.filter(user=request.user).order_by("-created")
        self.total = Order.objects.filter(user=request.user).count()
        self._recent = Order.objects.all()[:5]

    def get_context_data(self, **kwargs):
        self.recent = self._recent
        return super().get_context_data(**kwargs)
'''
    findings = [(f.code, f.line, f.column) for f in validate_view(source) if f.code == "DJ309"]
    assert findings == [("DJ309", 9, 14)]


def test_check_on_a_single_snippet_file(tmp_path: Path) -> None:
    """``djust-lint check FILE`` on a lone file (no project around it) is snippet mode too."""
    lone = tmp_path / "lone"
    lone.mkdir()
    imports, snippet = CORPUS["view_typo_and_signatures"]
    (lone / "counter.py").write_text(snippet, encoding="utf-8")
    (lone / "helper.py").write_text("def f():\n    pass\n", encoding="utf-8")
    cli = [sys.executable, "-m", "djust_lint", "check", "--format", "concise", "--no-cache"]
    out = subprocess.run([*cli, str(lone / "counter.py")], capture_output=True, text=True, cwd=lone, timeout=120)
    codes = sorted({line.split()[1] for line in out.stdout.splitlines() if ": DJ" in line})
    twin = sorted({f.code for f in validate_view(imports + snippet)})
    assert codes == twin, out.stdout + out.stderr
    out = subprocess.run([*cli, str(lone / "helper.py")], capture_output=True, text=True, cwd=lone, timeout=120)
    assert "DJ905" in out.stdout, out.stdout + out.stderr
    out = subprocess.run([*cli, "--select", "DJ101", str(lone / "counter.py")], capture_output=True, text=True, cwd=lone, timeout=120)
    assert {line.split()[1] for line in out.stdout.splitlines() if ": DJ" in line} == {"DJ101"}, out.stdout + out.stderr
