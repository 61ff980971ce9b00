"""Tests for the Python reader: every fact the rules rely on, with exact positions.

Sources are small inline modules (dedented) or real files under
``tests/data/python``; nothing is mocked and nothing is imported or executed.
"""

from __future__ import annotations

import pathlib
import textwrap

import pytest

from djust_lint.core.model import ClassInfo, ModuleInfo, Param, Route, Span, StateAttr
from djust_lint.readers.python import read_module, read_module_file

DATA = pathlib.Path(__file__).parent / "data" / "python"


def read(source: str, module: str = "shop.views", is_package: bool = False) -> ModuleInfo:
    path = module.replace(".", "/") + ("/__init__.py" if is_package else ".py")
    info = read_module(textwrap.dedent(source), path=path, module=module, is_package=is_package)
    assert info.diagnostics == []
    return info


def only_class(info: ModuleInfo, name: str) -> ClassInfo:
    matches = [cls for cls in info.classes if cls.name == name]
    assert len(matches) == 1
    return matches[0]


# ---------------------------------------------------------------------------
# Imports
# ---------------------------------------------------------------------------


def test_absolute_imports_bind_like_python() -> None:
    info = read("""
        import os
        import a.b.c
        import a.b as ab
        from x.y import z as zz, w
        from djust import *
        """)
    assert info.imports == {"os": "os", "a": "a", "ab": "a.b", "zz": "x.y.z", "w": "x.y.w"}
    assert info.star_imports == ["djust"]


@pytest.mark.parametrize(
    ("module", "is_package", "statement", "expected"),
    [
        ("shop.views", False, "from .mixins import M", {"M": "shop.mixins.M"}),
        ("shop.views", False, "from . import views", {"views": "shop.views"}),
        ("shop.sub.views", False, "from .. import x", {"x": "shop.x"}),
        ("shop.sub.views", False, "from ..base.m import B as C", {"C": "shop.base.m.B"}),
        ("shop", True, "from .mixins import M", {"M": "shop.mixins.M"}),
        ("shop.sub", True, "from .. import x", {"x": "shop.x"}),
        ("shop.sub", True, "from ...deep import y", {"y": "deep.y"}),
    ],
)
def test_relative_imports_are_made_absolute(
    module: str, is_package: bool, statement: str, expected: dict[str, str]
) -> None:
    assert read(statement, module=module, is_package=is_package).imports == expected


def test_relative_star_import_and_package_file_on_disk() -> None:
    info = read("from .mixins import *\n", module="shop", is_package=True)
    assert info.star_imports == ["shop.mixins"]
    on_disk = read_module_file(
        DATA / "shop" / "__init__.py", path="shop/__init__.py", module="shop", is_package=True
    )
    assert on_disk.imports == {
        "CartMixin": "shop.mixins.CartMixin",
        "views": "shop.views",
        "sibling": "sibling",
    }


def test_guarded_imports_count_and_first_binding_wins() -> None:
    info = read("""
        from typing import TYPE_CHECKING
        try:
            from djust import LiveView
        except ImportError:
            from fallback import LiveView
        if TYPE_CHECKING:
            from shop.models import Product
        def helper():
            import inside_function
        """)
    assert info.imports == {
        "TYPE_CHECKING": "typing.TYPE_CHECKING",
        "LiveView": "djust.LiveView",
        "Product": "shop.models.Product",
    }


# ---------------------------------------------------------------------------
# Classes and bases
# ---------------------------------------------------------------------------


def test_bases_resolve_through_imports_and_module() -> None:
    info = read("""
        import djust
        from djust import LiveView
        from typing import Generic, TypeVar
        T = TypeVar("T")

        class Local:
            pass

        class V(LiveView, djust.LiveView, Local, Unknown, Generic[T], metaclass=Meta):
            pass
        """)
    view = only_class(info, "V")
    assert view.bases == [
        "djust.LiveView",
        "djust.LiveView",
        "shop.views.Local",
        "shop.views.Unknown",
        "typing.Generic",
    ]
    assert view.base_spans[1] == Span(10, 19, 10, 33)
    assert view.base_spans[4] == Span(10, 51, 10, 61)
    assert view.span == Span(10, 7, 10, 8)
    assert view.end_line == 11
    assert view.qualname == "shop.views.V" and view.module == "shop.views"
    assert view.path == "shop/views.py" and not view.nested


def test_nested_classes_and_class_decorators() -> None:
    info = read("""
        from dataclasses import dataclass

        @dataclass(frozen=True)
        class Outer:
            if True:
                class Inner:
                    class Deepest:
                        pass
        """)
    assert [c.qualname for c in info.classes] == [
        "shop.views.Outer",
        "shop.views.Outer.Inner",
        "shop.views.Outer.Inner.Deepest",
    ]
    assert [c.nested for c in info.classes] == [False, True, True]
    (decorator,) = info.classes[0].decorators
    assert decorator.resolved == "dataclasses.dataclass" and decorator.is_call
    assert decorator.keywords == {"frozen": "True"}
    assert decorator.span == Span(4, 2, 4, 24)
    assert info.classes[0].span == Span(5, 7, 5, 12)


def test_non_ascii_characters_before_names_give_character_columns() -> None:
    info = read("""
        é = "ünïcödé"; π = 3
        class Ünïcode(Bäse):  # ü
            café = "x"
            def größe(self, ä: int = "ö") -> None:
                self.naïve = "ü"; self.ok = 1
        """)
    cls = info.classes[0]
    assert cls.span == Span(3, 7, 3, 14)
    assert cls.base_spans == [Span(3, 15, 3, 19)]
    assert cls.bases == ["shop.views.Bäse"]
    method = cls.methods["größe"]
    assert method.span == Span(5, 9, 5, 14)
    assert method.params == [Param("ä", "positional_or_keyword", True, "int", '"ö"')]
    assert cls.state["café"].span == Span(4, 5, 4, 9)
    assert [(s.name, s.span) for s in method.self_assignments] == [
        ("naïve", Span(6, 14, 6, 19)),
        ("ok", Span(6, 32, 6, 34)),
    ]


# ---------------------------------------------------------------------------
# Methods, parameters and decorators
# ---------------------------------------------------------------------------


def test_every_param_kind() -> None:
    info = read("""
        class V:
            def handler(self, a, /, b: int, c: str = "x", *args: int, d, e=1, **kwargs):
                pass
        """)
    assert info.classes[0].methods["handler"].params == [
        Param("a", "positional_only"),
        Param("b", "positional_or_keyword", annotation="int"),
        Param("c", "positional_or_keyword", True, "str", '"x"'),
        Param("args", "var_positional", annotation="int"),
        Param("d", "keyword_only"),
        Param("e", "keyword_only", True, None, "1"),
        Param("kwargs", "var_keyword"),
    ]


def test_static_class_and_selfless_methods() -> None:
    info = read("""
        class V:
            @staticmethod
            def s(a, b=2):
                pass
            @classmethod
            def c(cls, a):
                cls.counter = 1
                return cls.build(a)
            def star(*args, **kwargs):
                pass
        """)
    methods = info.classes[0].methods
    assert methods["s"].is_static
    assert [p.name for p in methods["s"].params] == ["a", "b"]
    assert not methods["c"].is_static
    assert [p.name for p in methods["c"].params] == ["a"]
    assert methods["c"].called_self_methods == ["build"]
    assert methods["c"].self_assignments == []
    assert [p.kind for p in methods["star"].params] == ["var_positional", "var_keyword"]


def test_aliased_bare_and_called_decorators() -> None:
    info = read("""
        import djust
        from djust.decorators import event_handler as eh, debounce

        class V:
            @eh
            def a(self): ...

            @eh(params=["x"], description="Add")
            def b(self): ...

            @djust.event_handler(expose_api=True)
            @debounce(wait=300)
            async def c(self, **kwargs): ...

            @local_deco
            def d(self): ...
        """)
    methods = info.classes[0].methods
    (a,) = methods["a"].decorators
    assert (a.written, a.resolved, a.is_call, a.keywords) == (
        "eh",
        "djust.decorators.event_handler",
        False,
        {},
    )
    assert a.span == Span(6, 6, 6, 8)
    assert methods["a"].has_decorator("event_handler")
    (b,) = methods["b"].decorators
    assert b.is_call and b.keywords == {"params": '["x"]', "description": '"Add"'}
    assert b.resolved == "djust.decorators.event_handler"
    c1, c2 = methods["c"].decorators
    assert (c1.written, c1.resolved, c1.keywords) == (
        "djust.event_handler",
        "djust.event_handler",
        {"expose_api": "True"},
    )
    assert (c2.resolved, c2.keywords) == ("djust.decorators.debounce", {"wait": "300"})
    assert methods["c"].is_async
    assert methods["c"].span == Span(14, 15, 14, 16)
    assert methods["c"].def_span == Span(12, 5, 14, 37)
    (d,) = methods["d"].decorators
    assert (d.written, d.resolved) == ("local_deco", "local_deco")


def test_methods_under_if_and_docstrings_and_def_span_without_decorator() -> None:
    info = read('''
        import sys

        class V:
            if sys.version_info >= (3, 11):
                def new(self):
                    """Doc.

                    More.
                    """
            else:
                def old(self):
                    return 1
        ''')
    methods = info.classes[0].methods
    assert set(methods) == {"new", "old"}
    assert methods["new"].docstring == "Doc.\n\nMore."
    assert methods["old"].docstring is None
    assert methods["old"].def_span == Span(12, 9, 13, 21)


def test_called_self_methods_in_order_deduplicated() -> None:
    info = read("""
        class V:
            def mount(self, request, **kwargs):
                self.load()
                button = Button(handler=self.save, other=self.load)
                x = getattr(self, "reset")
                self.count = self.total + 1
                def inner():
                    return self.refresh()
                callback = lambda: self.lam
        """)
    assert info.classes[0].methods["mount"].called_self_methods == [
        "load",
        "save",
        "total",
        "refresh",
        "lam",
    ]
    assert "reset" in info.string_constants


def test_self_assignments_in_nested_blocks_and_all_forms() -> None:
    info = read("""
        class V:
            def mount(self, request, **kwargs):
                self.a = 1
                if request.user:
                    for item in range(3):
                        self.b: int = item
                try:
                    with open("f") as fh:
                        self.c += 2
                except Exception:
                    self.d, (self.e, self.f) = 1, (2, 3)
                self.g = self.h = compute()
                setattr(self, "i", secret)
                setattr(self, name, 1)
                self.obj.attr = 5
                self.items[0] = 6
                self.j, *self.k = values
        """)
    method = info.classes[0].methods["mount"]
    assert [(s.name, s.value_source) for s in method.self_assignments] == [
        ("a", "1"),
        ("b", "item"),
        ("c", "2"),
        ("d", "1"),
        ("e", "2"),
        ("f", "3"),
        ("g", "compute()"),
        ("h", "compute()"),
        ("i", "secret"),
        ("j", "values"),
        ("k", "values"),
    ]
    assert all(s.origin == "self" and s.method == "mount" for s in method.self_assignments)
    assert method.self_assignments[0].span == Span(4, 14, 4, 15)
    assert method.self_assignments[8].span == Span(14, 23, 14, 26)


# ---------------------------------------------------------------------------
# State and class attributes
# ---------------------------------------------------------------------------


def test_state_origins() -> None:
    info = read("""
        from functools import cached_property
        from djust import LiveView, state as djstate
        from djust.decorators import computed

        class V(LiveView):
            template_name = "v.html"
            count = djstate(default=0)
            label: str = "x"
            pending: bool
            _private = 1
            a, b = 1, 2

            @computed
            def total(self):
                return 1

            @computed("count")
            def doubled(self):
                return 2

            @property
            def title(self):
                return "t"

            @title.setter
            def title(self, value):
                self._title = value

            @cached_property
            def heavy(self):
                return 3

            def mount(self, request, **kwargs):
                self.count = 5
                self.items = []
                self._secret = "s"

            def plain(self):
                pass
        """)
    cls = info.classes[0]
    origins = {name: attr.origin for name, attr in cls.state.items()}
    assert origins == {
        "template_name": "class",
        "count": "state",
        "label": "class",
        "pending": "class",
        "_private": "class",
        "a": "class",
        "b": "class",
        "total": "computed",
        "doubled": "computed",
        "title": "property",
        "heavy": "property",
        "_title": "self",
        "items": "self",
        "_secret": "self",
    }
    assert cls.state["count"] == StateAttr(
        "count", "state", Span(8, 5, 8, 10), None, "djstate(default=0)"
    )
    assert cls.state["pending"].value_source is None
    assert cls.state["items"].method == "mount"
    assert cls.methods["title"].decorators[0].written == "property"
    assert cls.class_attrs == {
        "template_name": '"v.html"',
        "count": "djstate(default=0)",
        "label": '"x"',
        "_private": "1",
        "a": "1",
        "b": "2",
    }


def test_bare_state_call_from_star_import_and_foreign_state() -> None:
    info = read("""
        from djust import *
        from other.lib import store as state2

        class V(LiveView):
            x = state(1)
            y = state2(1)
            abstract = True
            tick_interval = 1000
            login_required = True
        """)
    cls = info.classes[0]
    assert cls.state["x"].origin == "state"
    assert cls.state["y"].origin == "class"
    assert cls.abstract
    assert cls.class_attrs["tick_interval"] == "1000"
    assert cls.class_attrs["login_required"] == "True"


# ---------------------------------------------------------------------------
# Template sources
# ---------------------------------------------------------------------------


def test_template_name_single_quoted_literal() -> None:
    cls = read("class V:\n    template_name = 'shop/list.html'\n").classes[0]
    source = cls.template_name
    assert source is not None
    assert (source.attr, source.value, source.dynamic, source.exact_positions) == (
        "template_name",
        "shop/list.html",
        False,
        True,
    )
    assert source.span == Span(2, 21, 2, 37)
    assert (source.content_line, source.content_column) == (2, 22)


def test_inline_template_triple_quoted_on_same_line() -> None:
    cls = read('class V:\n    template = """<div dj-click="save">\n  x</div>"""\n').classes[0]
    source = cls.template
    assert source is not None and source.exact_positions and not source.dynamic
    assert source.value == '<div dj-click="save">\n  x</div>'
    assert (source.content_line, source.content_column) == (2, 19)


def test_inline_template_triple_quoted_starting_on_next_line() -> None:
    cls = read('class V:\n    template = r"""\n<div dj-click="save">\n</div>\n"""\n').classes[0]
    source = cls.template
    assert source is not None and source.exact_positions
    assert source.value == '\n<div dj-click="save">\n</div>\n'
    assert (source.content_line, source.content_column) == (2, 20)
    assert source.span == Span(2, 16, 5, 4)


def test_inline_template_with_crlf_line_endings_keeps_exact_positions() -> None:
    info = read_module('class V:\r\n    template = """a\r\n<b>"""\r\n', path="v.py", module="v")
    source = info.classes[0].template
    assert source is not None and source.value == "a\n<b>" and source.exact_positions


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ('"a" "b"', "ab"),
        ('("<div>"\n        "</div>")', "<div></div>"),
        ('"a" + "b"', "ab"),
        ('"tab\\there"', "tab\there"),
        ('"line\\\ncontinued"', "linecontinued"),
        ('b"bytes"', "bytes"),
        ('f"no placeholders"', "no placeholders"),
    ],
)
def test_template_literals_with_approximate_positions(expression: str, value: str) -> None:
    cls = read(f"class V:\n    template = {expression}\n").classes[0]
    source = cls.template
    assert source is not None
    assert (source.value, source.dynamic, source.exact_positions) == (value, False, False)
    assert source.content_line == 2


def test_raw_backslashes_keep_exact_positions() -> None:
    source = read('class V:\n    template = r"a\\d"\n').classes[0].template
    assert source is not None and source.value == "a\\d" and source.exact_positions
    assert (source.content_line, source.content_column) == (2, 18)


@pytest.mark.parametrize(
    "expression",
    ['f"{app}/x.html"', "NAME", "get_name()", '"a" + suffix', '"%s.html" % name'],
)
def test_dynamic_template_sources(expression: str) -> None:
    source = read(f"class V:\n    template_name = {expression}\n").classes[0].template_name
    assert source is not None
    assert (source.value, source.dynamic) == (None, True)
    assert source.span.line == 2 and source.span.column == 21


def test_template_name_none_is_explicit_not_dynamic() -> None:
    source = read("class V:\n    template_name = None\n").classes[0].template_name
    assert source is not None and (source.value, source.dynamic) == (None, False)


# ---------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------


def test_urls_file_with_live_session_include_and_re_path() -> None:
    info = read_module_file(DATA / "shop" / "urls.py", path="shop/urls.py", module="shop.urls")
    assert info.diagnostics == []
    assert [(r.kind, r.pattern, r.target, r.name, r.prefix) for r in info.routes] == [
        ("path", "", "shop.views.home", "home", None),
        ("path", "products/", "shop.views.ProductList", "products", None),
        ("re_path", r"^legacy/(?P<pk>\d+)/$", "shop.views.Legacy", None, None),
        ("include", "blog/", "blog.urls", None, None),
        ("live_session", "/app", None, "main", None),
        ("path", "", "shop.views.Dashboard", "dashboard", "/app"),
        ("path", "settings/", "shop.views.Settings", "settings", "/app"),
        ("path", "about/", "shop.views.About", "about", None),
    ]
    assert info.routes[0].span == Span(10, 5, 10, 32)
    assert info.routes[4].span.line == 14 and info.routes[4].span.column == 6


def test_route_forms_wrappers_and_include_targets() -> None:
    info = read(
        """
        from django.conf.urls import url
        from django.contrib.auth.decorators import login_required
        from django.urls import include, path
        from shop import api_urls as api
        import shop.views

        urlpatterns = [
            url(r"^old/$", shop.views.Old.as_view(), name="old"),
            path("secure/", login_required(Secure.as_view())),
            path("api/", include(api)),
            path("ns/", include(("shop.ns_urls", "ns"), namespace="ns")),
            path("inline/", include([path("x/", shop.views.X.as_view())])),
            path(route="kw/", view=shop.views.Kw.as_view(), name="kw"),
        ] + [path("plus/", shop.views.Plus.as_view())]
        urlpatterns.append(path("late/", shop.views.Late.as_view()))
        """,
        module="shop.urls",
    )
    assert [(r.kind, r.pattern, r.target, r.name) for r in info.routes] == [
        ("url", "^old/$", "shop.views.Old", "old"),
        ("path", "secure/", "shop.urls.Secure", None),
        ("include", "api/", "shop.api_urls", None),
        ("include", "ns/", "shop.ns_urls", None),
        ("path", "x/", "shop.views.X", None),
        ("include", "inline/", None, None),
        ("path", "kw/", "shop.views.Kw", "kw"),
        ("path", "plus/", "shop.views.Plus", None),
        ("path", "late/", "shop.views.Late", None),
    ]


def test_paths_outside_urlpatterns_are_not_routes() -> None:
    info = read(
        """
        from django.urls import path
        other = [path("x/", View.as_view())]
        """,
        module="shop.urls",
    )
    assert info.routes == []


def test_self_referencing_urlpatterns_does_not_duplicate() -> None:
    info = read(
        """
        urlpatterns = [path("a/", A.as_view())]
        urlpatterns = urlpatterns + [path("b/", B.as_view())]
        """,
        module="app.urls",
    )
    assert [r.pattern for r in info.routes] == ["a/", "b/"]
    assert info.routes[1] == Route("path", "b/", "app.urls.B", None, Span(3, 30, 3, 53))


# ---------------------------------------------------------------------------
# References and string constants
# ---------------------------------------------------------------------------


def test_live_render_and_js_push_references() -> None:
    info = read("""
        from djust.js import JS as Cmd
        from djust import JS
        from djust.templatetags.live_tags import live_render

        class V:
            def mount(self, request):
                self.child = live_render(request, "shop.views.Child", sticky="yes")
                self.kw = live_render(context=ctx, view_path="shop.views.Kw")
                self.chain = Cmd.hide("#modal").push("close_modal")
                self.other = JS.push(event="save")
                self.push_event("flash", {"x": 1})
                self.not_js = queue.push("job")
        """)
    assert [(r.kind, r.target, r.span) for r in info.references] == [
        ("live_render", "shop.views.Child", Span(8, 43, 8, 61)),
        ("live_render", "shop.views.Kw", Span(9, 54, 9, 69)),
        ("js_push", "close_modal", Span(10, 46, 10, 59)),
        ("js_push", "save", Span(11, 36, 11, 42)),
    ]
    assert all(r.path == "shop/views.py" and not r.dynamic for r in info.references)


def test_string_constants_are_short_identifiers_only() -> None:
    long_name = "a" * 65
    info = read(f"""
        x = ["save", "Save", "_private", "two words", "a-b", "{long_name}", "{long_name[:64]}"]
        y = f"prefix_{{x}}"
        z = "trailing\\n"
        handler = getattr(obj, "reset")
        """)
    assert info.string_constants == {"save", "_private", "a" * 64, "reset"}


# ---------------------------------------------------------------------------
# Unreadable input
# ---------------------------------------------------------------------------


def test_syntax_error_reports_dj901_at_the_error() -> None:
    info = read_module(
        "import os\n\nclass V:\n    def f(self:\n        pass\n", path="v.py", module="v"
    )
    (diagnostic,) = info.diagnostics
    assert diagnostic.kind == "python-syntax"
    assert "never closed" in diagnostic.message
    assert diagnostic.span.line == 4 and diagnostic.span.column == 10
    assert info.classes == [] and info.name == "v" and info.path == "v.py"


def test_syntax_error_column_counts_characters() -> None:
    (diagnostic,) = read_module("é = 1 ; é é\n", path="v.py", module="v").diagnostics
    assert diagnostic.kind == "python-syntax" and diagnostic.span.line == 1 and diagnostic.span.column == 11


def test_indentation_error_is_a_syntax_error() -> None:
    (diagnostic,) = read_module("def f():\nreturn 1\n", path="v.py", module="v").diagnostics
    assert diagnostic.kind == "python-syntax" and diagnostic.span.line == 2


def test_non_utf8_bytes_without_cookie_are_dj900() -> None:
    info = read_module_file(DATA / "not_utf8.py", path="not_utf8.py", module="not_utf8")
    (diagnostic,) = info.diagnostics
    assert diagnostic.kind == "unreadable"
    assert diagnostic.span.line == 3 and diagnostic.span.column == 12
    assert info.classes == []


def test_latin1_cookie_decodes() -> None:
    info = read_module_file(DATA / "latin1_cookie.py", path="latin1_cookie.py", module="app.views")
    assert info.diagnostics == []
    cls = info.classes[0]
    assert cls.name == "CaféView" and cls.span == Span(5, 7, 5, 15)
    assert cls.template_name is not None and cls.template_name.value == "café/menu.html"
    assert cls.template_name.content_column == 22 and cls.template_name.exact_positions
    assert cls.class_attrs["greeting"] == '"déjà vu"'


def test_bom_is_ignored() -> None:
    for source in (b"\xef\xbb\xbfclass V:\n    pass\n", "\ufeffclass V:\n    pass\n"):
        info = read_module(source, path="v.py", module="v")
        assert info.diagnostics == [] and info.classes[0].span == Span(1, 7, 1, 8)


def test_binary_oversized_and_missing_files_are_dj900(tmp_path: pathlib.Path) -> None:
    binary = read_module_file(DATA / "binary.py", path="binary.py", module="binary")
    assert [d.kind for d in binary.diagnostics] == ["unreadable"]
    assert binary.diagnostics[0].span.line == 2
    big = tmp_path / "big.py"
    big.write_text("x = 1\n" * 100)
    assert read_module_file(big, path="big.py", module="big", max_bytes=600).diagnostics == []
    too_big = read_module_file(big, path="big.py", module="big", max_bytes=599)
    assert [d.kind for d in too_big.diagnostics] == ["unreadable"]
    assert "599" in too_big.diagnostics[0].message
    missing = read_module_file(tmp_path / "nope.py", path="nope.py", module="nope")
    assert [d.kind for d in missing.diagnostics] == ["unreadable"]
    directory = read_module_file(tmp_path, path="d", module="d")
    assert [d.kind for d in directory.diagnostics] == ["unreadable"]


def test_bad_encoding_cookie_is_dj900() -> None:
    info = read_module(b"# coding: no-such-codec\nx = 1\n", path="v.py", module="v")
    assert [d.kind for d in info.diagnostics] == ["unreadable"]
    assert "no-such-codec" in info.diagnostics[0].message


def test_nul_in_text_source_is_dj900() -> None:
    info = read_module("x = 1\ny\0 = 2\n", path="v.py", module="v")
    assert [(d.kind, d.span.line, d.span.column) for d in info.diagnostics] == [("unreadable", 2, 2)]


# --- mark_safe call sites (security rules) ----------------------------------


@pytest.mark.parametrize(
    ("expression", "interpolated"),
    [
        ('mark_safe(f"<b>{name}</b>")', True),
        ('mark_safe(f"<b>{escape(name)}</b>")', False),
        ('mark_safe(f"<i>{count:d}</i>")', False),  # only numbers format with ``d``
        ('mark_safe(f"<i>{int(count)}</i>")', False),
        ('mark_safe("<b>%s</b>" % name)', True),
        ('mark_safe("<b>%s</b>" % (conditional_escape(name),))', False),
        ('mark_safe("<b>{}</b>".format(name))', True),
        ('mark_safe("<b>" + name + "</b>")', True),
        ('mark_safe("<b>" + "x" + "</b>")', False),
        ('mark_safe("<br>")', False),
    ],
)
def test_mark_safe_interpolation(expression, interpolated):
    info = read_module(
        "from django.utils.safestring import mark_safe\nfrom django.utils.html import escape, conditional_escape\n"
        f"def render(name, count):\n    return {expression}\n",
        path="m.py",
        module="m",
    )
    assert [(c.function, c.interpolated) for c in info.calls] == [("django.utils.safestring.mark_safe", interpolated)]


def test_mark_safe_in_comments_and_strings_is_not_a_call():
    info = read_module('# mark_safe(f"{x}")\nHELP = \'use mark_safe(f"...")\'\n', path="m.py", module="m")
    assert info.calls == []


def test_mark_safe_tracks_escaped_locals():
    source = textwrap.dedent(
        """
        from django.utils.html import conditional_escape
        from django.utils.safestring import mark_safe


        def badge(label, size, user_text):
            e_label = conditional_escape(label)
            px = int(size)
            cls = "big" if px > 10 else "small"
            inner = f"<i>{e_label}</i>"
            ok = mark_safe(f'<b class="{cls}" data-size="{px}">{inner}</b>')
            for part in user_text:
                e_text = part
            bad = mark_safe(f"<b>{e_text}</b>")
            worse = mark_safe(f"<b>{label}</b>")
            return ok, bad, worse
        """
    )
    info = read_module(source, path="m.py", module="m")
    assert [c.interpolated for c in info.calls] == [False, True, True]


def test_mark_safe_follows_values_to_the_string():
    """Issue 11: only a value known to be unescaped reaching the string is reported."""
    source = textwrap.dedent(
        """
        from django.utils.html import conditional_escape, escape
        from django.utils.safestring import mark_safe
        from app.icons import render_icon

        SIZES = {"sm": "dj--sm", "lg": "dj--lg"}
        POSITIONS = ("top", "bottom")


        def _cell(value):
            return f"<td>{escape(value)}</td>"


        def table(rows, size, position, width, attrs):
            cells = "".join(_cell(r) for r in rows)
            cls = SIZES.get(size, "dj--md")
            label = size if size in SIZES else "md"
            if position not in POSITIONS:
                position = "top"
            try:
                width = int(width)
            except ValueError:
                width = 100
            items = []
            for i, row in enumerate(rows):
                items.append(f'<li data-i="{i}">{conditional_escape(row)}</li>')
            names = []
            for key, value in attrs.items():
                names.append(f'{key}="{escape(value)}"')
            ok = mark_safe(
                f'<table class="{cls} {label} {position}" width="{width}" {" ".join(names)}>'
                f'{cells}<ul>{"".join(items)}</ul>{render_icon("x")}</table>'
            )
            raw_rows = "".join(f"<td>{r}</td>" for r in rows)
            bad_join = mark_safe(f"<tr>{raw_rows}</tr>")
            bad_attr = mark_safe("<b>" + attrs["title"] + "</b>")
            return ok, bad_join, bad_attr


        class Node:
            def render(self, context):
                return mark_safe(f"<div>{self.nodelist.render(context)}</div><p>{self.label}</p>")
        """
    )
    info = read_module(source, path="m.py", module="m")
    assert [(c.span.line, c.interpolated) for c in info.calls] == [(30, False), (35, True), (36, True), (42, True)]
