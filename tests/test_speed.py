"""Issue 14: the work a run does, counted (never timed; the benchmark times).

Each test pins one of the known costs of a cold run to the work it may do:
astroid answers for installed packages are inferred once per distribution
version, every class is linearised once per build, suppression comments are
found without tokenizing, large cold reads go to worker processes with the
same output, and long runs show progress on stderr only.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import djust
import pytest

from djust_lint.core.vocabulary import load_vocabulary
from djust_lint.graph.builder import BuildOptions, build_graph, read_project
from djust_lint.readers import parallel, suppressions
from djust_lint.readers.package_store import MISS, PackageStore, resolver_key

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).with_name("djust-lint")

THEMED_VIEW = {
    "app/views.py": (
        "from djust import LiveView\n"
        "from djust.frameworks import TailwindAdapter\n\n\n"
        "class Theme(TailwindAdapter):\n    pass\n\n\n"
        "class Page(LiveView):\n    template = '<div dj-click=\"go\">x</div>'\n\n"
        "    def go(self, **kwargs):\n        pass\n"
    ),
}


def _cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def _verbose_counts(stderr: str) -> tuple[int, int]:
    """(classes inferred with astroid, answers from the installed-package store) from ``-v``."""
    inferred = re.search(r"(\d+) classes inferred with astroid", stderr)
    stored = re.search(r"(\d+) from the installed-package store", stderr)
    assert inferred, stderr
    return int(inferred.group(1)), int(stored.group(1)) if stored else 0


# ---------------------------------------------------------------------------
# 1. Installed packages: inferred once per distribution version
# ---------------------------------------------------------------------------


def test_installed_package_classes_are_inferred_once_then_reused(project, tmp_path):
    root = project(THEMED_VIEW)
    env = dict(os.environ, DJUST_LINT_CACHE_DIR=str(tmp_path / "user-cache"))
    first = _cli("check", "--no-cache", "-v", str(root), env=env)
    second = _cli("check", "--no-cache", "-v", str(root), env=env)
    again = _cli("check", "--no-cache", "--no-package-cache", "-v", str(root), env=env)

    inferred, reused = _verbose_counts(first.stderr)
    assert inferred >= 1 and reused == 0
    assert list((tmp_path / "user-cache").glob("packages-*.json"))
    assert _verbose_counts(second.stderr) == (0, inferred)  # a new process, a new project run: no astroid
    assert _verbose_counts(again.stderr) == (inferred, 0)
    assert "installed-package store" not in again.stderr
    assert first.stdout == second.stdout == again.stdout
    assert first.returncode == second.returncode == again.returncode


def _store(tmp_path: Path) -> PackageStore:
    return PackageStore(resolver_key(load_vocabulary()), tmp_path / "store")


def _sample_class():
    return load_vocabulary().classes["djust.live_view.LiveView"]


def test_store_answer_is_dropped_when_a_recorded_file_changes(tmp_path):
    source = tmp_path / "site" / "fake.py"
    source.parent.mkdir()
    source.write_text("class Thing: pass\n")
    store = _store(tmp_path)
    store.put("djust.fake.Thing", _sample_class(), [str(source)])
    store.put("djust.fake.Missing", None, [str(source)])
    store.save()

    reloaded = _store(tmp_path)
    assert reloaded.stats.status == "loaded"
    assert reloaded.get("djust.fake.Thing") == _sample_class()
    assert reloaded.get("djust.fake.Missing") is None  # a stored "not found" is an answer too

    source.write_text("class Thing(Other): pass\n")  # an editable install edited in place
    assert _store(tmp_path).get("djust.fake.Thing") is MISS


def test_store_keeps_nothing_for_names_outside_installed_distributions(tmp_path):
    store = _store(tmp_path)
    source = tmp_path / "mod.py"
    source.write_text("x = 1\n")
    store.put("not_an_installed_distribution_xyz.Thing", _sample_class(), [str(source)])
    store.put("djust.fake.NoFiles", _sample_class(), [])
    assert store.stats.stored == 0
    store.save()
    assert not store.stats.saved


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[]", b'{"format": 1, "key": "other", "entries": {}}', b"\x00\xff" * 10],
)
def test_damaged_or_foreign_store_is_ignored(tmp_path, content):
    store = _store(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    reopened = _store(tmp_path)
    assert reopened.stats.status != "loaded" or not content
    assert reopened.get("djust.live_view.LiveView") is MISS


def test_hostile_store_entries_are_skipped_one_by_one(tmp_path):
    source = tmp_path / "fake.py"
    source.write_text("class Thing: pass\n")
    store = _store(tmp_path)
    store.put("djust.fake.Thing", _sample_class(), [str(source)])
    store.save()
    document = json.loads(store.path.read_text())
    good = document["entries"]["djust.fake.Thing"]
    document["entries"]["djust.fake.Bad1"] = {**good, "files": [["x", "not-an-int", 0, "d"]]}
    document["entries"]["djust.fake.Bad2"] = {**good, "class": {"kind": 3}}
    document["entries"]["djust.fake.Bad3"] = "a string"
    document["entries"]["djust.fake.Bad4"] = {**good, "class": {**good["class"], "bases": "djust.LiveView"}}
    store.path.write_text(json.dumps(document))
    reopened = _store(tmp_path)
    assert reopened.get("djust.fake.Thing") == _sample_class()
    assert all(reopened.get(f"djust.fake.Bad{n}") is MISS for n in (1, 2, 3, 4))


# ---------------------------------------------------------------------------
# 2. MRO and class look-ups memoised per build
# ---------------------------------------------------------------------------


def test_every_class_is_linearised_once_per_build(project):
    files = {
        "core/mixins.py": (
            "from djust.decorators import event_handler\n\n\n"
            "class NavMixin:\n    @event_handler\n    def nav(self, **kwargs):\n        pass\n"
        ),
        "core/base.py": "from djust import LiveView\nfrom .mixins import NavMixin\n\n\nclass Base(NavMixin, LiveView):\n    pass\n",
    }
    for n in range(30):
        files[f"app/views_{n}.py"] = f"from core.base import Base\n\n\nclass View{n}(Base):\n    template = '<p>x</p>'\n"
    files["app/errors.py"] = "class Oops(ValueError):\n    pass\n"  # a builtin, not imported
    graph = build_graph(project(files), BuildOptions(use_astroid=True))
    index = graph.index
    keys = {entry.key for qualname in index.classes for entry in index.mro(qualname)}
    assert len(graph.views) == 31
    assert index.stats.linearisations == len(keys)  # not once per view and ancestor
    assert index.external.astroid_resolutions == 0  # LiveView from the vocabulary, ValueError never sent to astroid
    assert index.stats.external_lookups <= 3


# ---------------------------------------------------------------------------
# 3. Suppression comments without tokenizing
# ---------------------------------------------------------------------------


def _djust_sources() -> list[str]:
    texts = []
    for directory, _, names in os.walk(os.path.dirname(djust.__file__)):
        for name in sorted(names):
            if name.endswith(".py"):
                with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as handle:
                    texts.append(handle.read())
    return texts


TRICKY = [
    'x = 1  # djust-lint: noqa: DJ101\n',
    's = "# djust-lint: noqa"  # not a directive above\n',
    'd = """\n# djust-lint: noqa\n"""\n# djust-lint: noqa: DJ304\n',
    "t = '''{# djust-lint: ignore DJ101 #}'''  # noqa\n",
    'x = f"{a!r}"  # noqa: V006\r\ny = 2  # djust-lint: noqa\r\n',
    'if"x" in y: pass  # djust-lint: noqa\n',
    'def f():\n    """Mentions noqa here\n    and more"""\n',
    "r = r'\\'  # djust-lint: noqa'\n",
]


def test_python_suppressions_match_the_tokenizer_without_running_it():
    """Same comments as the tokenizer finds, on all of djust's sources, with the tokenizer almost never run."""
    texts = [t for t in _djust_sources() + TRICKY if "noqa" in t or "djust-lint" in t]
    before = suppressions.TOKENIZED_FILES[0]
    fast = [suppressions._scan_python(text) for text in texts]
    tokenized = suppressions.TOKENIZED_FILES[0] - before
    assert fast == [suppressions._scan_python_tokens(text) for text in texts]
    assert len(texts) > 100
    assert tokenized <= 2  # only files the quick scan cannot decide (``if"x"``)


def test_directives_inside_strings_are_not_comments():
    found = suppressions.scan_comments("m.py", TRICKY[2])
    assert [(c.span.line, c.codes) for c in found] == [(4, ("DJ304",))]
    inline = suppressions.scan_comments("m.py", TRICKY[3])
    assert {c.scope for c in inline} == {"next-line", "line"}


# ---------------------------------------------------------------------------
# 4. Parallel cold reads: same output, deterministic order
# ---------------------------------------------------------------------------


def test_parallel_read_gives_the_same_sources_in_the_same_order(monkeypatch):
    root = ROOT / "tests" / "fixtures" / "shop"
    serial = read_project(root, BuildOptions(jobs=1))
    assert parallel.last_stats().workers == 0
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(parallel, "BATCH_SIZE", 3)
    spread = read_project(root, BuildOptions(jobs=3))
    stats = parallel.last_stats()
    assert stats.workers == 2 and stats.batches == -(-len(serial.files) // 3)  # two workers and this process
    assert spread.files == serial.files
    assert spread.modules == serial.modules
    assert spread.templates == serial.templates
    assert spread.script_references == serial.script_references


def test_small_or_warm_reads_stay_in_process(monkeypatch):
    root = ROOT / "tests" / "fixtures" / "shop"
    read_project(root, BuildOptions(jobs=4))  # far below the threshold
    assert parallel.last_stats().workers == 0
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    read_project(root, BuildOptions(jobs=1))
    assert parallel.last_stats().workers == 0


def test_jobs_must_be_positive():
    proc = _cli("check", "--jobs", "0", str(ROOT / "examples" / "bookshop"))
    assert proc.returncode == 2 and "--jobs" in proc.stderr


# ---------------------------------------------------------------------------
# 5. Progress on stderr, --quiet and --verbose; stdout unchanged
# ---------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _progress(**kwargs):
    from djust_lint.cli.progress import Progress

    stream, clock = kwargs.pop("stream", _Terminal()), _Clock()
    return Progress(stream, clock=clock, **kwargs), stream, clock


def test_progress_line_appears_only_after_a_second_on_a_terminal():
    progress, stream, clock = _progress()
    progress("read", 10, 2000)
    assert stream.getvalue() == ""  # quick runs stay silent
    clock.now += 1.5
    progress("read", 900, 2000)
    assert "reading files 900/2000" in stream.getvalue()
    progress("rules", 3, 91)
    assert stream.getvalue().count("\r") == 1  # redrawn at most every REDRAW seconds
    clock.now += 0.2
    progress("rules", 50, 91)
    assert "running rules 50/91" in stream.getvalue()
    progress.finish("summary")
    assert stream.getvalue().endswith("\r\x1b[K")  # erased before the report; no summary unless verbose


@pytest.mark.parametrize("kwargs", [{"quiet": True}, {"stream": io.StringIO()}])
def test_no_progress_line_when_quiet_or_not_a_terminal(kwargs):
    progress, stream, clock = _progress(**kwargs)
    clock.now += 5
    progress("read", 1, 2)
    progress.finish("summary")
    assert stream.getvalue() == ""
    assert progress.updates == 1


def test_verbose_notes_each_stage_even_without_a_terminal():
    progress, stream, clock = _progress(verbose=True, stream=io.StringIO())
    for done in range(1, 4):
        progress("read", done, 3)
    progress("link", 0, 0)
    clock.now += 0.5
    progress("rules", 0, 2)
    progress("rules", 2, 2)
    progress.finish("3 files")
    lines = stream.getvalue().splitlines()
    assert [line.split(" in ")[0] for line in lines[:3]] == [
        "djust-lint: reading files 3/3",
        "djust-lint: linking",
        "djust-lint: running rules 2/2",
    ]
    assert lines[3].startswith("djust-lint: 3 files")


def test_verbose_and_quiet_leave_stdout_unchanged():
    example = str(ROOT / "examples" / "bookshop")
    plain = _cli("check", "--no-cache", example)
    verbose = _cli("check", "--no-cache", "-v", example)
    quiet = _cli("check", "--no-cache", "-q", example)
    assert plain.stdout == verbose.stdout == quiet.stdout
    assert plain.returncode == verbose.returncode == quiet.returncode == 1
    assert plain.stderr == quiet.stderr == ""  # not a terminal: no progress line
    assert "reading files" in verbose.stderr and "running rules" in verbose.stderr
    # the slowest rules are named (what to look at, or to --ignore, on a project that checks slowly)
    slowest = re.search(r"slowest rules ((?:DJ\d{3} \d+\.\d\d s(?: / )?){3})", verbose.stderr)
    assert slowest is not None, verbose.stderr


# ---------------------------------------------------------------------------
# First contact
# ---------------------------------------------------------------------------


def test_check_at_this_repository_root_skips_our_own_broken_fixtures():
    proc = _cli("check", "--no-cache", "--exit-zero", "--format", "json", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    paths = {finding["path"] for finding in json.loads(proc.stdout)}
    assert not {p for p in paths if p.startswith(("tests/fixtures/", "tests/golden/", "tests/data/", "examples/"))}


def test_no_test_times_itself():
    """Speed is the benchmark's business: a timed assertion fails on a loaded machine (issue 14 item 6)."""
    clock = re.compile(r"\btime\.(perf_counter|monotonic|process_time)(_ns)?\(")  # time.time() sets mtimes
    tests = sorted((ROOT / "tests").glob("*.py"))
    offenders = [p.name for p in tests if clock.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []


def test_handler_fixes_parse_each_module_once(project, monkeypatch):
    """Every DJ304 fix in a file is computed from one libcst parse of it, not one per finding."""
    from djust_lint.core import pycst
    from djust_lint.engine.api import lint_project
    from djust_lint.rules import python_fix_edits

    handlers = "".join(f"\n    @event_handler\n    def h{n}(self, value: int = 0):\n        pass\n" for n in range(3))
    root = project({
        "app/views.py": "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\n"
        "class Page(LiveView):\n    template = '<p>x</p>'\n" + handlers,
    })  # fmt: skip
    parses: list[str] = []
    real = pycst.parse_module
    monkeypatch.setattr(pycst, "parse_module", lambda text, path: parses.append(path) or real(text, path))
    python_fix_edits._parsed.cache_clear()
    findings = [f for f in lint_project(root, select=["DJ304"]).findings if f.code == "DJ304"]
    assert len(findings) == 3 and all(f.fix is not None and f.fix.edits for f in findings)
    assert parses == ["app/views.py"]


def test_default_jobs_leave_out_the_cpus_busy_now():
    """Issue 14: the default number of read processes counts the CPUs other work uses *now*."""
    from djust_lint.readers.parallel import jobs_for

    assert [jobs_for(2, busy) for busy in (0, 0.4, 0.6, 1, 1.6, 2, 7)] == [2, 2, 1, 1, 1, 1, 1]
    assert [jobs_for(8, busy) for busy in (0, 3, 7.4, 12)] == [8, 5, 1, 1]
    assert jobs_for(1, 0) == 1


@pytest.mark.skipif(not Path("/proc/loadavg").exists(), reason="Linux's instant count of runnable tasks")
def test_the_instant_count_of_runnable_tasks_includes_this_process():
    """``/proc/loadavg``'s running count, not the lagging 1-minute average: this process is running."""
    from djust_lint.readers import parallel

    runnable = parallel._runnable_tasks()
    assert runnable is not None and runnable >= 1
    assert 1 <= parallel.default_jobs() <= (os.cpu_count() or 1)
