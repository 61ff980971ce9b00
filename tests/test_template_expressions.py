"""The tokenizer behind the template context rules: root names read and bound."""

from __future__ import annotations

import pytest

from djust_lint.readers.template_expressions import expression_names, noqa_names, tag_names


def _names(text: str) -> list[str]:
    return [name for name, _ in expression_names(text)]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("user.name|default:fallback", ["user", "fallback"]),
        ('title|date:"Y"|upper', ["title"]),
        ("a and not b.c == 'x'", ["a", "b"]),
        ("'yes' if flag else other", ["flag", "other"]),
        ("count|add:1", ["count"]),
        ("True", []),
        ('_("Hello")', []),
        ("items.0.name", ["items"]),
    ],
)
def test_expression_roots(expression, expected):
    assert _names(expression) == expected


def test_offsets_point_at_the_name():
    assert expression_names("a|default:bee", 10) == [("a", 10), ("bee", 20)]


def test_for_binds_targets_until_endfor_and_reads_the_iterable():
    effect = tag_names("for", "key, value in pairs.items reversed")
    assert effect.binds == ["key", "value", "forloop"]
    assert [n for n, _ in effect.reads] == ["pairs"]
    assert effect.end == "endfor"


def test_with_both_forms():
    assert tag_names("with", "total=order.total|floatformat:2 n=count").binds == ["total", "n"]
    legacy = tag_names("with", "order.total as total")
    assert legacy.binds == ["total"] and [n for n, _ in legacy.reads] == ["order"]


def test_include_arguments_and_only():
    effect = tag_names("include", '"row.html" with item=product only')
    assert effect.include_binds == ["item"] and effect.include_only
    assert [n for n, _ in effect.reads] == ["product"]
    assert [n for n, _ in tag_names("include", "template_var").reads] == ["template_var"]


def test_as_names_are_template_wide_and_custom_tags_read_nothing():
    effect = tag_names("url", '"detail" item.pk as detail_url')
    assert effect.binds == ["detail_url"] and effect.end is None
    assert [n for n, _ in effect.reads] == ["item"]
    assert tag_names("my_custom_tag", "a b c").reads == []
    assert tag_names("now", '"Y" as year').binds == ["year"]


def test_noqa_pragma():
    assert noqa_names(" djust_typecheck: noqa ") == {"*"}
    assert noqa_names("djust_typecheck: noqa a, b") == {"a", "b"}
    assert noqa_names("just a comment") is None
