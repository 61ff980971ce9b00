"""Issue 14, the template reader made cheaper: the same output, and the work it saves, counted.

The reader's speed work (tag tokens only, a line table built by C loops, tag
names classified and block tags split once, file reads sized to the file)
must not change a single read. ``bench/same_reads.py`` compared every read of
real and hostile templates with the reader before that work, byte for byte;
these tests keep the pieces equal to plain definitions (Django's own tokens,
a line count, ``read(max_bytes + 1)``), check that warm caches read exactly
what cold ones read on real templates, and count the work (never time it).
"""

from __future__ import annotations

import importlib.util
import pickle
import re
import sys
from pathlib import Path

import django
import djust
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djust_lint.core import model
from djust_lint.readers import bounded_read
from djust_lint.readers import template as reader
from djust_lint.readers.template import read_template, read_template_file
from djust_lint.readers.template_lexer import Lexer, tag_tokens

ROOT = Path(__file__).resolve().parents[1]
DJUST = Path(djust.__file__).parent
DJANGO_ADMIN = Path(django.__file__).parent / "contrib" / "admin" / "templates"

PROPERTY = settings(
    max_examples=150, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TEXT = st.lists(
    st.sampled_from(
        [
            "{{",
            "}}",
            "{%",
            "%}",
            "{#",
            "#}",
            " if x ",
            "verbatim",
            "endverbatim",
            "<a b='c'>",
            "\n",
            "\r\n",
            "\r",
            "x",
            "é",
            "{",
            "}",
        ]
    ),
    max_size=60,
).map("".join)


def _generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location(
        "bench_generate_project_identity", ROOT / "bench" / "generate_project.py"
    )
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generator  # its dataclasses look their module up
    spec.loader.exec_module(generator)
    root = tmp_path_factory.mktemp("generated")
    generator.generate(root, 30, seed=0)
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Templates of the fixtures, the installed djust, Django's admin and a generated 30-view project."""
    roots = [ROOT / "tests" / "fixtures", DJUST, DJANGO_ADMIN, _generated(tmp_path_factory)]
    files = [path for root in roots for path in sorted(root.rglob("*.html"))]
    assert len(files) > 200
    return files


def _cold() -> None:
    """Forget everything a read may reuse from earlier reads."""
    from djust_lint.readers import template_lexer

    template_lexer._remembered_tag.cache_clear()
    reader._remembered_facts.cache_clear()
    reader._remembered_split.cache_clear()
    model.forget_shared_spans()


# ---------------------------------------------------------------------------
# Whole reads: what the caches reuse never changes what is read
# ---------------------------------------------------------------------------


def test_warm_caches_read_exactly_what_cold_caches_read(corpus: list[Path]) -> None:
    """Each template read with every cache empty, then again with all of them full: the same pickle.

    The pickle also records which equal values are one object (shared spans,
    interned names), which the read cache and memory depend on.
    """
    cold = []
    for path in corpus:
        _cold()
        cold.append(pickle.dumps(read_template_file(path, path=path.name, name=path.name)))
    warm = [pickle.dumps(read_template_file(path, path=path.name, name=path.name)) for path in corpus]
    assert warm == cold
    assert reader._remembered_facts.cache_info().hits > 1000 and reader._remembered_split.cache_info().hits > 1000


def test_an_inline_template_is_the_file_template_moved(corpus: list[Path]) -> None:
    """Shifted positions (an inline template in a ``.py`` file) are the plain ones moved by ``Span.shifted``."""
    for path in corpus[::7]:
        text = path.read_text(encoding="utf-8", errors="replace")
        plain = read_template(text, path="v.py", inline_owner="V")
        moved = read_template(text, path="v.py", inline_owner="V", line_offset=9, first_line_column_offset=5)
        spans = [(e.span, [(a.name_span, a.value_span) for a in e.attributes]) for e in plain.elements]
        moved_spans = [(e.span, [(a.name_span, a.value_span) for a in e.attributes]) for e in moved.elements]

        def shift(span):  # noqa: ANN001, ANN202
            return None if span is None else span.shifted(9, 5)

        assert moved_spans == [(shift(s), [(shift(n), shift(v)) for n, v in attrs]) for s, attrs in spans]
        assert [t.span for t in moved.tags] == [shift(t.span) for t in plain.tags]


# ---------------------------------------------------------------------------
# Positions: one line table per template, spans equal to a direct count
# ---------------------------------------------------------------------------

_LINE_END = re.compile("\r\n?|\n")


def _position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of ``offset``, counted directly: line ends are LF, CRLF and a lone CR."""
    ends = [m.end() for m in _LINE_END.finditer(text, 0, offset) if m.end() <= offset]
    if offset < len(text) and text[offset - 1 : offset + 1] == "\r\n":  # inside a CRLF: still the line of the CR
        ends = ends[:-1]
    return len(ends) + 1, offset - (ends[-1] if ends else 0) + 1


@PROPERTY
@given(TEXT, st.data())
def test_spans_equal_a_direct_count_of_lines_and_columns(text: str, data: st.DataObject) -> None:
    positions = reader._Positions(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert positions.span(start, end) == model.Span(*_position(text, start), *_position(text, end))
    second = data.draw(st.integers(end, len(text)))
    second_end = data.draw(st.integers(second, len(text)))
    assert positions.span_pair(start, end, second, second_end) == (
        positions.span(start, end),
        positions.span(second, second_end),
    )


@PROPERTY
@given(TEXT)
def test_the_line_table_without_carriage_returns_equals_the_regex_table(text: str) -> None:
    text = text.replace("\r", "")
    expected = [0, *(m.end() for m in _LINE_END.finditer(text)), len(text) + 1]
    assert reader._line_starts(text) == expected


def test_the_line_table_is_built_once_per_template(monkeypatch: pytest.MonkeyPatch, corpus: list[Path]) -> None:
    built = []
    real = reader._line_starts
    monkeypatch.setattr(reader, "_line_starts", lambda text: built.append(len(text)) or real(text))
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in corpus[-60:]]
    for text in texts:
        read_template(text, path="t.html", name="t.html")
    assert built == [len(text) for text in texts if text]  # an empty template needs no table


# ---------------------------------------------------------------------------
# Tokens: Django's tokens for the tags only, each tag split once
# ---------------------------------------------------------------------------


@PROPERTY
@given(TEXT)
def test_tag_tokens_are_the_tokens_django_makes_for_its_tag_matches(text: str) -> None:
    from django.template.base import DebugLexer, tag_re

    tags = {match.span() for match in tag_re.finditer(text)}
    django_tokens = [t for t in DebugLexer(text).tokenize() if t.position in tags]
    ours = tag_tokens(text)
    assert [(t.token_type, t.contents, t.position, t.lineno) for t in ours] == [
        (t.token_type, t.contents, t.position, t.lineno) for t in django_tokens
    ]


def test_django_works_out_each_short_tag_once_and_nothing_for_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """``create_token`` runs once per distinct tag text (and lexer state); text between tags costs no token."""
    from django.template import base

    from djust_lint.readers import template_lexer

    template_lexer._remembered_tag.cache_clear()
    made = []
    real = base.Lexer.create_token
    monkeypatch.setattr(base.Lexer, "create_token", lambda self, *args: made.append(args[0]) or real(self, *args))
    row = "<p>hello {{ name }}</p>\n{% if a %}<b>x</b>{% endif %}\n{# note #} tail text\n"
    huge = "{{ " + "x" * 300 + " }}"  # longer than what is remembered: asked every time
    info = read_template(row * 50 + huge + huge, path="t.html")
    assert made == ["{{ name }}", "{% if a %}", "{% endif %}", "{# note #}", huge, huge]
    assert len(info.tags) == 100 and len(info.variables) == 52 and len(info.comments) == 50


def test_a_remembered_tag_keeps_its_verbatim_state() -> None:
    """The same tag text is text inside ``{% verbatim %}`` and a tag outside it."""
    text = "{% if a %}{% verbatim %}{% if a %}{{ b }}{% endverbatim %}{% if a %}{{ b }}"
    info = read_template(text + text, path="t.html")
    assert [t.name for t in info.tags] == ["if", "verbatim", "endverbatim", "if"] * 2
    assert [v.expression for v in info.variables] == ["b", "b"]


def test_tokenize_still_gives_djangos_tokens_with_text() -> None:
    from django.template.base import DebugLexer

    text = "a\n{{ b }}\n{% verbatim %}{{ c }}{% endverbatim %}\n{% if d %}\n{# e #}{{ unclosed\n"
    ours = [(t.token_type, t.contents, t.position, t.lineno) for t in Lexer(text).tokenize()]
    assert ours == [(t.token_type, t.contents, t.position, t.lineno) for t in DebugLexer(text).tokenize()]


def test_each_tag_name_and_block_tag_is_worked_out_once() -> None:
    _cold()
    rows = "".join('<li class="row"><a href="{{ u }}">{% if x %}on{% endif %}</a></li>\n' for _ in range(200))
    info = read_template(f"<ul>{rows}</ul>", path="t.html")
    assert len(info.elements) == 401 and len(info.tags) == 400
    assert reader._remembered_facts.cache_info().misses == 3  # ul, li, a: end tags find them too
    assert reader._remembered_split.cache_info().misses == 2  # "if x", "endif"


# ---------------------------------------------------------------------------
# Files: what read(max_bytes + 1) returns, with a buffer sized to the file
# ---------------------------------------------------------------------------


class _Recorder:
    """Wraps a file object and records the sizes asked of ``read``."""

    def __init__(self, handle, asked: list[int]) -> None:  # noqa: ANN001
        self._handle, self._asked = handle, asked

    def __enter__(self):  # noqa: ANN204
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def fileno(self) -> int:
        return self._handle.fileno()

    def read(self, size: int) -> bytes:
        self._asked.append(size)
        return self._handle.read(size)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    monkeypatch.setattr(bounded_read, "open", lambda path, mode: _Recorder(open(path, mode), sizes), raising=False)
    return sizes


@pytest.mark.parametrize("length", [0, 1, 999, 1000, 1001, 5000])
def test_bounded_read_returns_what_reading_the_limit_returns(tmp_path: Path, asked: list[int], length: int) -> None:
    path = tmp_path / "t.html"
    path.write_bytes(bytes(range(256)) * (length // 256) + b"x" * (length % 256))
    with open(path, "rb") as handle:
        expected = handle.read(1001)
    assert bounded_read.read_at_most(path, 1000) == expected
    assert asked[0] == min(length, 1000) + 1  # the buffer asked for follows the file, not the limit
    assert sum(asked) <= 1001


def test_bounded_read_reads_on_when_a_file_holds_more_than_its_size(
    tmp_path: Path, asked: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file growing while it is read, or a device reporting size 0: still at most the limit plus one."""
    import os

    path = tmp_path / "t.html"
    path.write_bytes(b"y" * 3000)
    real_fstat = os.fstat
    monkeypatch.setattr(
        bounded_read.os, "fstat", lambda fd: os.stat_result((0,) * 6 + (10,) + (0,) * 3) if fd else real_fstat(fd)
    )
    assert bounded_read.read_at_most(path, 1000) == b"y" * 1001
    assert asked == [11, 990]


def test_a_device_without_end_is_read_up_to_the_limit() -> None:
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero")
    info = read_template_file(zero, path="zero.html", name=None, max_bytes=5000)
    assert [d.message for d in info.diagnostics] == ["file is larger than 5000 bytes; not read"]


def test_long_tags_and_tag_names_are_not_remembered() -> None:
    """Only hostile templates hold them: they are worked out each time, never kept across reads."""
    from djust_lint.readers import template_lexer

    _cold()
    name, args = "x" * 300, "y" * 300
    info = read_template(f"<{name} a='1'></{name}>{{% {name} {args} %}}{{{{ {args} }}}}" * 3, path="t.html")
    assert len(info.elements) == 3 and [t.args for t in info.tags] == [args] * 3
    assert reader._remembered_facts.cache_info().currsize == 0
    assert reader._remembered_split.cache_info().currsize == 0
    assert template_lexer._remembered_tag.cache_info().currsize == 0
