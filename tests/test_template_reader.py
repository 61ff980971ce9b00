"""Tests for the tolerant template reader.

Positions are asserted literally (1-based line, 1-based character column, end
exclusive) because the rules report exactly these numbers to users.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from djust_lint.core.model import Attribute, Element, Span, TemplateInfo
from djust_lint.readers.template import read_template, read_template_file

DATA = pathlib.Path(__file__).parent / "data" / "templates"


def read(text: str, **kwargs: object) -> TemplateInfo:
    return read_template(text, path="t.html", **kwargs)


def only_element(info: TemplateInfo) -> Element:
    assert len(info.elements) == 1, info.elements
    return info.elements[0]


def attr(element: Element, index: int) -> Attribute:
    return element.attributes[index]


def codes(info: TemplateInfo) -> list[str]:
    return [d.kind for d in info.diagnostics]


# ---------------------------------------------------------------------------
# Attributes
# ---------------------------------------------------------------------------


def test_simple_attributes_exact_positions() -> None:
    info = read('<p>hi</p>\n  <button class="btn" dj-click="save">Go</button>')
    assert [e.tag for e in info.elements] == ["p", "button"]
    button = info.elements[1]
    assert button.span == Span(2, 3, 2, 39)
    cls, click = button.attributes
    assert (cls.name, cls.value, cls.quote) == ("class", "btn", '"')
    assert cls.name_span == Span(2, 11, 2, 16)
    assert cls.value_span == Span(2, 18, 2, 21)
    assert (click.name, click.value) == ("dj-click", "save")
    assert click.name_span == Span(2, 23, 2, 31)
    assert click.value_span == Span(2, 33, 2, 37)
    assert not click.dynamic and not click.conditional
    assert button.closed and not button.self_closing
    assert info.diagnostics == []


def test_single_quoted_unquoted_bare_and_duplicate_attributes() -> None:
    element = only_element(
        read("<input type=text value='a b' disabled dj-click=x dj-click='y'>")
    )
    names = [(a.name, a.value, a.quote) for a in element.attributes]
    assert names == [
        ("type", "text", None),
        ("value", "a b", "'"),
        ("disabled", None, None),
        ("dj-click", "x", None),
        ("dj-click", "y", "'"),
    ]
    assert attr(element, 0).value_span == Span(1, 13, 1, 17)
    assert attr(element, 1).value_span == Span(1, 25, 1, 28)
    assert attr(element, 2).name_span == Span(1, 30, 1, 38)
    assert attr(element, 2).value_span is None
    assert attr(element, 3).value_span == Span(1, 48, 1, 49)
    assert attr(element, 4).name_span == Span(1, 50, 1, 58)
    assert attr(element, 4).value_span == Span(1, 60, 1, 61)
    assert element.get("dj-click") is attr(element, 3)


def test_empty_values_and_spaces_around_equals() -> None:
    element = only_element(read('<a href="" title = "t" data-x=>'))
    href, title, data = element.attributes
    assert (href.value, href.value_span) == ("", Span(1, 10, 1, 10))
    assert (title.value, title.value_span) == ("t", Span(1, 21, 1, 22))
    assert (data.value, data.quote) == ("", None)


@pytest.mark.parametrize(
    "name",
    [
        "dj-loading.class",
        "data-count:int",
        ":class",
        "@click",
        "dj-keydown.enter",
        "x-on:click.prevent",
    ],
)
def test_attribute_names_with_punctuation(name: str) -> None:
    element = only_element(read(f'<div {name}="v">'))
    assert attr(element, 0).name == name
    assert attr(element, 0).name_span == Span(1, 6, 1, 6 + len(name))
    assert attr(element, 0).value == "v"


def test_greater_than_inside_quoted_value_does_not_end_tag() -> None:
    element = only_element(read('<a title="a > b" dj-click="go">x</a>'))
    assert [a.name for a in element.attributes] == ["title", "dj-click"]
    assert element.span == Span(1, 1, 1, 32)


def test_unicode_before_attribute_counts_characters() -> None:
    info = read('<p>héllo wörld 😀</p><b dj-click="go">')
    bold = info.elements[1]
    # 3 + 13 (text) + 4 = 20 characters before "<b", whatever their UTF-8 size
    assert bold.span.column == 21
    assert attr(bold, 0).name_span == Span(1, 24, 1, 32)
    assert attr(bold, 0).value_span == Span(1, 34, 1, 36)


def test_multi_line_start_tag() -> None:
    text = '<button\n    class="a\n b"\n    dj-click="save"\n>Go</button>'
    element = only_element(read(text))
    cls, click = element.attributes
    assert element.span == Span(1, 1, 5, 2)
    assert cls.name_span == Span(2, 5, 2, 10)
    assert cls.value == "a\n b"
    assert cls.value_span == Span(2, 12, 3, 3)
    assert click.name_span == Span(4, 5, 4, 13)
    assert click.value_span == Span(4, 15, 4, 19)


def test_crlf_line_endings() -> None:
    info = read('<div>\r\n  <a dj-click="go">\r\n</div>')
    assert attr(info.elements[1], 0).name_span == Span(2, 6, 2, 14)


# ---------------------------------------------------------------------------
# Template syntax inside start tags
# ---------------------------------------------------------------------------


def test_template_tags_inside_start_tag_make_attributes_conditional() -> None:
    text = '<button {% if x %}disabled dj-click="a"{% else %}dj-click="b"{% endif %} class="{{ c }}">'
    element = only_element(read(text))
    assert [(a.name, a.value, a.conditional) for a in element.attributes] == [
        ("disabled", None, True),
        ("dj-click", "a", True),
        ("dj-click", "b", True),
        ("class", "{{ c }}", False),
    ]
    assert attr(element, 0).name_span == Span(1, 19, 1, 27)
    assert attr(element, 2).value_span == Span(1, 60, 1, 61)
    assert element.span == Span(1, 1, 1, 90)


def test_for_and_with_inside_start_tag_are_conditional_too() -> None:
    text = "<div {% for k in ks %}data-{{ k }}=1{% endfor %} {% with a=b %}x{% endwith %} y>"
    element = only_element(read(text))
    assert [(a.name, a.conditional, a.dynamic) for a in element.attributes] == [
        ("data-{{ k }}", True, True),
        ("x", True, False),
        ("y", False, False),
    ]


def test_template_expressions_in_values_are_dynamic() -> None:
    element = only_element(
        read(
            '<a dj-click="{{ action }}" href={{ url }} title="{% trans "x" %}" id="{# c #}a">'
        )
    )
    click, href, title, ident = element.attributes
    assert (click.value, click.dynamic) == ("{{ action }}", True)
    assert click.value_span == Span(1, 14, 1, 26)
    assert (href.value, href.quote, href.dynamic) == ("{{ url }}", None, True)
    assert (title.value, title.dynamic) == ('{% trans "x" %}', True)
    assert ident.dynamic is False  # a comment renders to nothing


def test_variable_in_attribute_name_position_is_skipped() -> None:
    element = only_element(read('<div {{ attrs }} class="c" {{ more|safe }}>'))
    assert [a.name for a in element.attributes] == ["class"]
    assert attr(element, 0).name_span == Span(1, 18, 1, 23)


def test_component_tag_self_closing() -> None:
    info = read('<Card title="x" on_change="pick" />\n<p>after</p>')
    card = info.elements[0]
    assert card.tag == "Card" and card.is_component and card.self_closing
    assert card.span == Span(1, 1, 1, 36)
    assert attr(card, 1).name_span == Span(1, 17, 1, 26)
    assert attr(card, 1).value_span == Span(1, 28, 1, 32)
    assert info.elements[1].parent is None  # a self-closed tag does not nest


# ---------------------------------------------------------------------------
# Tags, variables, comments, raw text
# ---------------------------------------------------------------------------


def test_tags_and_variables_are_collected() -> None:
    info = read('{% load static %}\n<p>{{ user.name|title }}</p>{% url "home" pk=1 %}')
    assert [(t.name, t.args) for t in info.tags] == [
        ("load", "static"),
        ("url", '"home" pk=1'),
    ]
    assert info.tags[0].span == Span(1, 1, 1, 18)
    assert info.tags[1].span == Span(2, 29, 2, 50)
    assert [v.expression for v in info.variables] == ["user.name|title"]
    assert info.variables[0].span == Span(2, 4, 2, 25)


def test_three_comment_kinds_hide_markup() -> None:
    text = (
        '{# <a dj-click="one"> #}\n'
        '<!-- <b dj-click="two"> -->\n'
        '{% comment "why" %}\n<i dj-click="three">{% if x %}{{ y }}\n{% endcomment %}\n'
        "<p>live</p>"
    )
    info = read(text)
    assert [e.tag for e in info.elements] == ["p"]
    assert [(c.kind, c.text) for c in info.comments] == [
        ("django", '<a dj-click="one">'),
        ("html", ' <b dj-click="two"> '),
        ("block", '\n<i dj-click="three">{% if x %}{{ y }}\n'),
    ]
    assert info.comments[0].span == Span(1, 1, 1, 25)
    assert info.comments[1].span == Span(2, 1, 2, 28)
    assert info.comments[2].span == Span(3, 1, 5, 17)
    assert info.tags == [] and info.variables == []  # dead markup
    assert info.elements[0].span == Span(6, 1, 6, 4)
    assert info.diagnostics == []


def test_template_syntax_inside_html_comment_is_still_live_for_django() -> None:
    info = read("<!-- {% include 'x.html' %} {{ y }} -->")
    assert [t.name for t in info.tags] == ["include"]
    assert [v.expression for v in info.variables] == ["y"]
    assert info.elements == []


def test_script_and_style_content_is_raw_text() -> None:
    text = (
        '<script>if (a<b && "<p dj-click=x>") {}</script>\n'
        "<style>a<b{color:red}</style>\n"
        '<script>var s = "{{ v }}";{% if x %}{% endif %}</SCRIPT><i dj-click="ok">'
    )
    info = read(text)
    assert [e.tag for e in info.elements] == ["script", "style", "script", "i"]
    assert info.elements[3].parent is None
    assert info.elements[3].span == Span(3, 57, 3, 74)
    assert [t.enclosing_element for t in info.tags] == [2, 2]
    assert [v.expression for v in info.variables] == ["v"]


def test_verbatim_content_is_text_not_tags() -> None:
    text = '{% verbatim %}{{ raw }}{% if %}<b dj-click="{{ x }}">{% endverbatim %}{{ real }}'
    info = read(text)
    assert [t.name for t in info.tags] == ["verbatim", "endverbatim"]
    assert [v.expression for v in info.variables] == ["real"]
    bold = only_element(info)
    assert (attr(bold, 0).value, attr(bold, 0).dynamic) == ("{{ x }}", False)
    assert info.diagnostics == []


def test_doctype_and_literal_less_than_are_not_elements() -> None:
    info = read("<!DOCTYPE html>\n<p>1 < 2 and a<-b</p><?xml x?><br>")
    assert [e.tag for e in info.elements] == ["p", "br"]


# ---------------------------------------------------------------------------
# Inline templates: offsets into the .py file
# ---------------------------------------------------------------------------


def test_inline_offsets_shift_first_line_columns_only() -> None:
    text = '<a dj-click="x">\n  <b dj-click="y">{% if z %}'
    info = read(
        text, inline_owner="app.views.V", line_offset=9, first_line_column_offset=15
    )
    first, second = info.elements
    assert info.is_inline and info.inline_owner == "app.views.V"
    assert first.span == Span(10, 16, 10, 32)
    assert attr(first, 0).name_span == Span(10, 19, 10, 27)
    assert attr(second, 0).name_span == Span(11, 6, 11, 14)
    assert info.tags[0].span == Span(11, 19, 11, 29)


def test_inline_offsets_apply_to_diagnostics() -> None:
    info = read("\n<div {% if x", line_offset=4, first_line_column_offset=20)
    assert [(d.kind, d.span.line, d.span.column) for d in info.diagnostics] == [
        ("template-syntax", 6, 1),  # the start tag never closes
        ("template-syntax", 6, 6),  # nor does the {% (second line: no column shift)
    ]


# ---------------------------------------------------------------------------
# Nesting
# ---------------------------------------------------------------------------


def test_parent_and_enclosing_indexes_in_file() -> None:
    info = read_template_file(
        DATA / "dashboard.html", path="t/dashboard.html", name="dashboard.html"
    )
    assert info.diagnostics == []
    assert [(e.tag, e.parent) for e in info.elements] == [
        ("section", None),
        ("ul", 0),
        ("li", 1),
        ("li", 1),  # the {% empty %} branch restarts from the {% for %} nesting
        ("div", 0),
        ("div", 0),  # {% else %} branch: sibling, not child, of the first div
        ("Card", 4),
        ("button", 4),
        ("footer", 0),
    ]
    enclosing = {t.name: t.enclosing_element for t in info.tags}
    assert enclosing["extends"] is None
    assert enclosing["for"] == 1
    assert enclosing["csrf_token"] == 8
    assert enclosing["endblock"] is None
    button_if = [t for t in info.tags if t.name == "if"][1]
    assert button_if.span.line == 17 and button_if.enclosing_element == 4
    assert info.elements[7].get("disabled").conditional


def test_void_elements_unmatched_end_tags_and_implicit_li_close() -> None:
    info = read("<ul><li>a<br><img src=x><li>b</span></ul><p>{% now 'Y' %}</p>")
    assert [(e.tag, e.parent) for e in info.elements] == [
        ("ul", None),
        ("li", 0),
        ("br", 1),
        ("img", 1),
        ("li", 0),
        ("p", None),
    ]
    assert info.tags[0].enclosing_element == 5


def test_component_end_tags_match_exactly_html_tags_ignore_case() -> None:
    info = read(
        "<Modal><Div><span></div><b></B></modal>{% x %}</Modal><DIV></div>{% y %}"
    )
    assert [(e.tag, e.parent) for e in info.elements] == [
        ("Modal", None),
        ("Div", 0),
        ("span", 1),
        ("b", 2),
        ("DIV", None),
    ]
    # </div> does not close the component <Div>, </modal> does not close <Modal>,
    # </B> closes <b> and </div> closes the HTML element <DIV>
    assert [t.enclosing_element for t in info.tags] == [2, None]


# ---------------------------------------------------------------------------
# Bad input: one diagnostic, no exception, everything before it kept
# ---------------------------------------------------------------------------


def test_unclosed_start_tag() -> None:
    info = read('<p dj-click="a">ok</p>\n<button dj-click="save" class')
    assert codes(info) == ["template-syntax"]
    assert info.diagnostics[0].span == Span(2, 1, 2, 8)
    button = info.elements[1]
    assert button.closed is False
    assert [a.name for a in button.attributes] == ["dj-click", "class"]
    assert info.elements[0].closed


def test_unclosed_quote() -> None:
    info = read('<a dj-click="go">x</a>\n<b class=x dj-click=\'save>\n<i class="y">')
    assert codes(info) == ["template-syntax"]
    assert info.diagnostics[0].span == Span(2, 21, 2, 22)
    assert "never closed" in info.diagnostics[0].message
    assert [e.tag for e in info.elements] == ["a", "b"]
    assert info.elements[1].closed is False
    assert [a.name for a in info.elements[1].attributes] == ["class"]


def test_unclosed_template_tag_opener() -> None:
    info = read('<p>\n  {% if x \n %}<a dj-click="go">{% endif %}')
    assert codes(info) == ["template-syntax"]
    assert info.diagnostics[0].span == Span(2, 3, 2, 5)
    assert [t.name for t in info.tags] == ["endif"]
    assert [e.tag for e in info.elements] == ["p", "a"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("<p>{{ name </p>", Span(1, 4, 1, 6)),
        ("<p>{# note </p>", Span(1, 4, 1, 6)),
        ("<p></p>\n<!-- <a dj-click='x'>", Span(2, 1, 2, 5)),
        ("<p></p>{% comment %}<a dj-click='x'>", Span(1, 8, 1, 21)),
    ],
)
def test_other_unclosed_constructs(text: str, span: Span) -> None:
    info = read(text)
    assert codes(info) == ["template-syntax"]
    assert info.diagnostics[0].span == span
    assert [e.tag for e in info.elements] == ["p"]


def test_empty_text_and_file() -> None:
    assert read("") == TemplateInfo(path="t.html", name=None)


def test_every_prefix_of_a_template_is_read_without_raising() -> None:
    text = (DATA / "dashboard.html").read_text(encoding="utf-8")
    text += "<a b='{{ x }}' {% if y %}c{# d #}{% endif %} e=\"<!--\">{% verbatim %}{{"
    for end in range(len(text) + 1):
        info = read(text[:end])
        assert len(info.diagnostics) <= 3


@pytest.mark.parametrize(
    "text",
    [
        "<",
        "</",
        "<!",
        "<!-",
        "<a =",
        '<a b="',
        "<a b=",
        "<a/",
        "{%",
        "{{ }",
        "<a {{ x }}=",
        "\x00<a>",
        "<<<>>>",
    ],
)
def test_fragments_never_raise(text: str) -> None:
    read(text)


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def test_file_reading_strips_bom(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "t.html"
    path.write_bytes(b'\xef\xbb\xbf<a dj-click="go">')
    info = read_template_file(path, path="t.html", name="t.html")
    assert info.diagnostics == []
    assert (info.path, info.name) == ("t.html", "t.html")
    assert attr(only_element(info), 0).name_span == Span(1, 4, 1, 12)


def test_binary_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "logo.html"
    path.write_bytes(b"<p>\x00\x01\x02</p>")
    info = read_template_file(path, path="logo.html", name=None)
    assert codes(info) == ["unreadable"]
    assert "binary" in info.diagnostics[0].message
    assert info.elements == []


def test_undecodable_bytes_report_byte_offset_and_position(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "latin.html"
    path.write_bytes("<p>\nné ".encode() + b"\xe9t\xe9</p>")
    info = read_template_file(path, path="latin.html", name=None)
    assert codes(info) == ["unreadable"]
    assert "byte offset 8" in info.diagnostics[0].message
    assert info.diagnostics[0].span == Span(2, 4, 2, 5)


def test_empty_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    info = read_template_file(path, path="empty.html", name="empty.html")
    assert info == TemplateInfo(path="empty.html", name="empty.html")


def test_huge_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "huge.html"
    path.write_bytes(b"<p>x</p>\n" * 200)
    info = read_template_file(path, path="huge.html", name=None, max_bytes=1000)
    assert codes(info) == ["unreadable"]
    assert "1000 bytes" in info.diagnostics[0].message
    assert (
        read_template_file(
            path, path="huge.html", name=None, max_bytes=1800
        ).diagnostics
        == []
    )


def test_missing_file_and_directory(tmp_path: pathlib.Path) -> None:
    for target in (tmp_path / "missing.html", tmp_path):
        info = read_template_file(target, path="x.html", name=None)
        assert codes(info) == ["unreadable"]


# ---------------------------------------------------------------------------
# Cost
# ---------------------------------------------------------------------------


def test_importing_the_reader_does_not_import_django() -> None:
    code = "import sys, djust_lint.readers.template; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_five_thousand_line_template_is_read_whole() -> None:
    """Timing of large templates lives in bench/run_benchmark.py; here: nothing is lost."""
    chunk = (DATA / "dashboard.html").read_text(encoding="utf-8")
    text = "\n".join((chunk.splitlines() * 300)[:5000])
    info = read(text)
    assert len(info.elements) > 1000
    assert max(e.span.line for e in info.elements) > 4900
