"""Memory at scale (issue 14: 10,000 views within 600 MB): assert the *structure*, never RSS.

The graph build runs with the cyclic garbage collector paused and the CLI
freezes what is alive afterwards, so a reference cycle left by a reader is
never freed: every such object is kept for the whole run. These tests check
that reading and linking leave no cyclic garbage, that equal small values
(spans, attribute and tag names) are shared rather than copied per file, and
that the big model classes keep no per-instance ``__dict__``. Peak RSS itself is
measured by ``bench/run_benchmark.py``, not here.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib.util
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import djust
import pytest

from djust_lint.core import findings as findings_model
from djust_lint.core import model as core_model
from djust_lint.graph import bindings as graph_bindings
from djust_lint.graph import model as graph_model
from djust_lint.graph.builder import BuildOptions, build_graph
from djust_lint.readers.template import read_template

_GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate_project.py"
_DJUST = Path(djust.__file__).parent


@contextmanager
def _collector_paused() -> Iterator[list[object]]:
    """Pause the collector as the graph build does; yield the cyclic garbage left when the work is done.

    Callers do their work once before, so one-time garbage of first imports
    (``dataclass(slots=True)`` replaces the class it decorates) is not counted.
    """
    garbage: list[object] = []
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield garbage
        gc.set_debug(gc.DEBUG_SAVEALL)  # only now: collections made by the work itself free as usual
        gc.collect()
        garbage.extend(gc.garbage)
    finally:
        gc.garbage.clear()
        gc.set_debug(0)
        if was_enabled:
            gc.enable()


def _garbage_summary(garbage: list[object]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for obj in garbage:
        counts[type(obj).__qualname__] = counts.get(type(obj).__qualname__, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1])[:10])


def test_reading_templates_leaves_no_cyclic_garbage() -> None:
    files = sorted(_DJUST.rglob("*.html"))
    assert len(files) > 20
    read_template(files[0].read_text(encoding="utf-8", errors="replace"), path="a.html", name="a.html")
    with _collector_paused() as garbage:
        kept = [read_template(p.read_text(encoding="utf-8", errors="replace"), path=p.name, name=p.name) for p in files]
    assert sum(len(info.elements) for info in kept) > 1000
    assert not garbage, _garbage_summary(garbage)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate_project_memory", _GENERATOR)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    root = tmp_path_factory.mktemp("generated")
    module.generate(root, 60, seed=1)
    return root


def test_building_the_graph_leaves_no_cyclic_garbage(generated: Path) -> None:
    """What the CLI freezes after the build is the graph, not garbage nobody can reach.

    The Python reader's scratch state holds reference cycles (scanners and fact
    hooks point back at it, with the syntax nodes); the build collects what
    each read left before the next, so nothing of it survives the build.
    """
    build_graph(generated, BuildOptions(jobs=1))
    with _collector_paused() as garbage:
        graph = build_graph(generated, BuildOptions(jobs=1))
    assert len(graph.views) >= 60 and graph.bindings
    ours = [obj for obj in garbage if type(obj).__module__.startswith(("djust_lint", "ast", "django"))]
    assert ours == [], _garbage_summary(ours)
    # importlib.metadata's look-ups leave a few objects per build, whatever the project's size
    assert len(garbage) < 100, _garbage_summary(garbage)


def test_equal_spans_and_names_are_shared_across_templates(generated: Path) -> None:
    """Templates repeat the same positions and attribute names: one object per value, not per file."""
    graph = build_graph(generated, BuildOptions(jobs=1))
    spans: dict[core_model.Span, set[int]] = {}
    names: dict[str, set[int]] = {}
    for node in graph.templates.values():
        for element in node.info.elements:
            names.setdefault(element.tag, set()).add(id(element.tag))
            for attr in element.attributes:
                names.setdefault(attr.name, set()).add(id(attr.name))
                spans.setdefault(attr.name_span, set()).add(id(attr.name_span))
        for tag in node.info.tags:
            names.setdefault(tag.name, set()).add(id(tag.name))
            spans.setdefault(tag.span, set()).add(id(tag.span))
    assert len(spans) > 100 and len(names) > 20
    assert [span for span, ids in spans.items() if len(ids) > 1] == []
    assert [name for name, ids in names.items() if len(ids) > 1] == []


def test_spans_loaded_from_the_cache_or_a_worker_are_shared() -> None:
    """Warm-cache entries and worker batches are unpickled per file or batch: their spans still share."""
    from djust_lint.readers.cache import dump_value, load_value

    text = '<div class="a">\n  <button dj-click="save" data-id="1">Save</button>\n</div>\n'
    blobs = [dump_value(read_template(text, path="t.html", name="t.html")) for _ in range(2)]
    loaded = [load_value("template", "t.html", blob) for blob in blobs]
    assert all(ok for ok, _ in loaded)
    first, second = (value for _, value in loaded)
    assert first == read_template(text, path="t.html", name="t.html")
    pairs = zip(first.elements, second.elements, strict=True)
    assert all(a.span is b.span and a.attributes[0].name_span is b.attributes[0].name_span for a, b in pairs)


def test_bindings_share_immutable_defaults(generated: Path) -> None:
    """A binding without implicit params points at one shared empty set, not a set of its own."""
    graph = build_graph(generated, BuildOptions(jobs=1))
    empties = {id(b.implicit_params) for b in graph.bindings if not b.implicit_params}
    assert len([b for b in graph.bindings if not b.implicit_params]) > 10
    assert len(empties) == 1


def test_bindings_of_one_template_share_its_receivers(generated: Path) -> None:
    """A partial rendered by every view has thousands of receivers: one list per template, not per binding."""
    graph = build_graph(generated, BuildOptions(jobs=1))
    by_template: dict[str, set[int]] = {}
    for binding in graph.bindings:
        if binding.scope == "view" and binding.receivers:
            by_template.setdefault(binding.template, set()).add(id(binding.receivers))
    assert sum(1 for ids in by_template.values()) > 20
    assert {template: len(ids) for template, ids in by_template.items() if len(ids) > 1} == {}
    empty = {id(b.params) for b in graph.bindings if not b.params}
    assert len(empty) == 1


def test_handler_nodes_reuse_what_the_reader_made(generated: Path) -> None:
    """Handler nodes point at the method's parameters; equal parameters and decorator lists are one object."""
    graph = build_graph(generated, BuildOptions(jobs=1))
    methods = {(cls.qualname, name): method for cls in graph.index.classes.values() for name, method in cls.methods.items()}
    nodes = [node for view in graph.views.values() for node in view.methods.values() if node.source == "project"]
    assert len(nodes) > 100
    assert all(node.params is methods[node.owner, node.name].params for node in nodes)
    decorator_lists: dict[tuple[str, ...], set[int]] = {}
    params: dict[core_model.Param, set[int]] = {}
    for node in nodes:
        decorator_lists.setdefault(tuple(node.decorators), set()).add(id(node.decorators))
        for param in node.params:
            params.setdefault(param, set()).add(id(param))
    assert len(params) > 3
    assert [names for names, ids in decorator_lists.items() if len(ids) > 1] == []
    assert [param for param, ids in params.items() if len(ids) > 1] == []


def test_views_with_equal_contexts_share_one_set_of_provided_names(generated: Path) -> None:
    """DJ801 remembers each view's provided names for the graph's life: equal answers are one object."""
    from djust_lint.graph.context import provided_names

    graph = build_graph(generated, BuildOptions(jobs=1))
    answers = [provided_names(graph, view) for view in graph.views.values()]
    by_value: dict[frozenset[str], set[int]] = {}
    strings: dict[str, set[int]] = {}
    for answer in answers:
        by_value.setdefault(answer, set()).add(id(answer))
        for name in answer:
            if name.endswith("_count"):  # made per view (the others are the reader's strings)
                strings.setdefault(name, set()).add(id(name))
    assert len(by_value) < len(answers)  # the check below has something to share
    assert [len(ids) for ids in by_value.values() if len(ids) > 1] == []
    assert strings and [name for name, ids in strings.items() if len(ids) > 1] == []


def _dataclasses_of(module: object) -> list[type]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("module", [core_model, findings_model, graph_model, graph_bindings], ids=lambda m: m.__name__)
def test_model_classes_have_no_instance_dict(module: object) -> None:
    """Hundreds of thousands of these live for a whole run: ``__slots__``, no per-object dict."""
    classes = [cls for cls in _dataclasses_of(module) if cls.__name__ != "ProjectGraph"]
    assert classes
    with_dict = [cls.__name__ for cls in classes if "__slots__" not in vars(cls)]
    assert with_dict == []


def test_the_graph_keeps_no_syntax_tree_or_source_text(generated: Path) -> None:
    """After the build nothing reachable from the graph is an ``ast`` node or a whole file's text."""
    import ast

    graph = build_graph(generated, BuildOptions(jobs=1))
    texts = {p.read_text(encoding="utf-8") for p in generated.rglob("*") if p.suffix in (".py", ".html")}
    seen: set[int] = set()
    stack: list[object] = [graph]
    found: list[str] = []
    skip = (type(graph.vocabulary), type(graph.index.external))
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, (type, int, float, bool, bytes)) or obj is None:
            continue
        seen.add(id(obj))
        if isinstance(obj, ast.AST):
            found.append(f"ast.{type(obj).__name__}")
        elif isinstance(obj, str):
            if len(obj) > 200 and obj in texts:
                found.append(f"source text of {len(obj)} characters")
            continue
        if isinstance(obj, skip) or isinstance(obj, os.PathLike):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        else:
            for cls in type(obj).__mro__:
                for slot in getattr(cls, "__slots__", ()):
                    stack.append(getattr(obj, slot, None))
            if hasattr(obj, "__dict__"):
                stack.append(vars(obj))
    assert len(seen) > 10_000
    assert found == []
