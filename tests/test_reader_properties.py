"""Issue 13, item 5: the readers never raise, and their work grows linearly with the input.

Work is counted, never timed: the template lexer reports how many characters
its searches examined, and whole reads are measured in interpreter events
(every Python line executed and every call, through ``sys.settrace``) and
in peak memory (``tracemalloc``), which shows copies made in C. Hypothesis runs derandomised with a small budget, so the
suite stays fast and repeatable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djust_lint.readers.python import read_module
from djust_lint.readers.template import read_template

PROPERTY = settings(
    max_examples=120, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

#: Characters that matter to Django's lexer and to our HTML scanner, plus a few ordinary ones.
TEMPLATE_ALPHABET = st.sampled_from(
    list("{}%#<>/=\"' \n\r\tabcx-!")
    + [
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "<div ",
        "dj-click=",
        "verbatim",
        "endverbatim",
        "comment",
        "endcomment",
        "if ",
        "endif",
        "for ",
        "endfor",
        "\ufeff",
        "\x00",
    ]
)
TEMPLATES = st.lists(TEMPLATE_ALPHABET, max_size=80).map("".join)


@PROPERTY
@given(TEMPLATES)
def test_template_reader_never_raises(text: str) -> None:
    info = read_template(text, path="t.html", name="t.html")
    for item in [*info.elements, *info.tags, *info.variables]:
        assert item.span.line >= 1 and item.span.column >= 1


@PROPERTY
@given(TEMPLATES)
def test_linear_lexer_gives_exactly_djangos_tokens(text: str) -> None:
    from django.template.base import DebugLexer

    from djust_lint.readers.template_lexer import tokenize

    ours = [(t.token_type, t.contents, t.position, t.lineno) for t in tokenize(text)]
    django = [(t.token_type, t.contents, t.position, t.lineno) for t in DebugLexer(text).tokenize()]
    assert ours == django


PYTHON_ALPHABET = st.sampled_from(
    list("()[]{}:.,=+'\"\\ \n\r\t#@xy1")
    + [
        "class V(LiveView):\n",
        "    def f(self):\n",
        "template = '''",
        "'''",
        "    ",
        "lambda",
        "\ufeff",
        "\x00",
        "\xff",
    ]
)


@PROPERTY
@given(st.lists(PYTHON_ALPHABET, max_size=60).map("".join))
def test_python_reader_never_raises(text: str) -> None:
    module = read_module(text, path="v.py", module="v", is_package=False)
    assert module.path == "v.py"


# ---------------------------------------------------------------------------
# Linear work on pathological shapes
# ---------------------------------------------------------------------------

#: Shapes that made some stage quadratic (issue 13 item 5), as unit -> text of ``n`` units.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "unclosed-var": lambda n: "{{ " * n,
    "unclosed-block": lambda n: "{% " * n,
    "unclosed-comment": lambda n: "{# " * n,
    "nested-for": lambda n: "{% for x in y %}" * n + "{% endfor %}" * n,
    "nested-if-div": lambda n: "{% if a %}<div>" * n,
    "stray-endfor": lambda n: "{% if a %}" * n + "{% endfor %}" * n,
    "deep-divs-then-ifs": lambda n: "<div>" * n + "{% if a %}{% else %}{% endif %}" * n,
    "unclosed-start-tags": lambda n: "<div " * n,
    "unclosed-quotes": lambda n: '<a href="' * n,
}


def _events(call: Callable[[], object]) -> int:
    """Python lines executed plus calls made while ``call`` runs (loops count, not just calls)."""
    count = 0

    def tracer(frame, event, arg):  # noqa: ANN001, ANN202, ARG001
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


def _peak_memory(call: Callable[[], object]) -> int:
    """Peak bytes allocated while ``call`` runs (copies of deep stacks show here, not as calls)."""
    import tracemalloc

    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape", sorted(PATHOLOGICAL))
def test_lexer_examines_each_character_a_bounded_number_of_times(shape: str) -> None:
    """The lexer's searches look at O(1) characters per input character, whatever the shape."""
    from djust_lint.readers.template_lexer import Lexer

    for n in (200, 3200):
        text = PATHOLOGICAL[shape](n)
        lexer = Lexer(text)
        lexer.tokenize()
        assert lexer.examined <= 3 * len(text) + 16, (shape, n, lexer.examined, len(text))


@pytest.mark.parametrize("shape", sorted(PATHOLOGICAL))
def test_template_read_work_grows_linearly(shape: str) -> None:
    """4x the input costs about 4x the interpreter events (a quadratic stage would cost 16x)."""
    make = PATHOLOGICAL[shape]
    read_template(make(10), path="t.html", name="t.html")  # warm imports
    small = _events(lambda: read_template(make(400), path="t.html", name="t.html"))
    large = _events(lambda: read_template(make(1600), path="t.html", name="t.html"))
    assert large <= 6 * small, (shape, small, large)
    small = _peak_memory(lambda: read_template(make(400), path="t.html", name="t.html"))
    large = _peak_memory(lambda: read_template(make(1600), path="t.html", name="t.html"))
    assert large <= 6 * small, ("memory", shape, small, large)


LINT_SHAPES = ["nested-for", "nested-if-div", "stray-endfor"]


@pytest.mark.parametrize("shape", LINT_SHAPES)
def test_lint_work_grows_linearly_with_template_nesting(tmp_path: Path, shape: str) -> None:
    """The rules too: 31,250 nested ``{% for %}`` once took minutes (a scope stack rescanned per tag)."""
    from project_files import write_project

    from djust_lint.engine.api import lint_project
    from djust_lint.graph.builder import BuildOptions

    views = "from djust import LiveView\n\n\nclass V(LiveView):\n    template_name = 't.html'\n"
    warm = write_project(tmp_path / "warm", {"app/views.py": views, "templates/t.html": PATHOLOGICAL[shape](10)})
    lint_project(warm, options=BuildOptions(use_astroid=False))  # one-off costs (imports, first-use caches) first
    counts = []
    for n in (10, 300, 1200):
        root = write_project(tmp_path / f"p{n}", {"app/views.py": views, "templates/t.html": PATHOLOGICAL[shape](n)})
        counts.append(_events(lambda root=root: lint_project(root, options=BuildOptions(use_astroid=False))))
    base, small, large = counts
    assert large - base <= 6 * (small - base), (shape, counts)


def test_text_report_grows_linearly_with_a_long_line(tmp_path: Path) -> None:
    """Thousands of findings on one 1 MB line: each shows a clipped window, not the whole line."""
    import subprocess

    from project_files import write_project

    views = "from djust import LiveView\n\n\nclass V(LiveView):\n    template_name = 't.html'\n"
    sizes = []
    for n in (300, 1200):
        root = write_project(
            tmp_path / f"p{n}", {"app/views.py": views, "templates/t.html": PATHOLOGICAL["nested-for"](n)}
        )
        proc = subprocess.run(
            [sys.executable, "-m", "djust_lint", "check", "--no-cache", "--no-astroid", str(root)],
            capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert proc.returncode == 1, proc.stderr
        sizes.append(len(proc.stdout))
    assert sizes[1] <= 6 * sizes[0], sizes
