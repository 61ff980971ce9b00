"""Time djust-lint against its targets, side by side with the baselines, in one run.

Why this shape: users run ``djust-lint`` as a fresh process (pre-commit, CI,
editor on save), so every measurement starts a new interpreter -- import time
is part of the cost.  A target is a *ratio* to something measured in the same
run on the same machine (ruff, the Python floor, djust's own ``manage.py
check``), so a loaded or slow machine moves both sides together.  Projects
come from ``generate_project.py`` so sizes are exact and runs repeatable.

Usage::

    python bench/run_benchmark.py [--repeat 3] [--sizes 1000,10000] [--out DIR] [--json FILE] [--skip ...]
    python bench/run_benchmark.py --pathological [--megabytes 1]

``--pathological`` instead times the template reader, in process, on
hostile template shapes (issue 13): seconds per size and per MB.

The targets (issue 14), each printed with its measured value and whether it is met:

* installed djust package, cold: <= 10x ruff (``--select E,F --no-cache``) on the same copy;
* 1,000 views + 1,000 templates, cold: <= 1.5x the Python floor (a fresh interpreter that walks
  the tree, ``ast.parse``-s every ``.py`` file and runs Django's template ``Lexer`` over every
  template);
* 300 views: >= 10x faster than djust's ``manage.py check`` (run when Django can set the
  generated project up);
* warm (``.djust_lint_cache/`` filled), nothing changed: <= 0.3 s at 1,000 views; one edited file:
  <= 0.5 s;
* 10,000 views cold: time and peak RSS (<= 600 MB), growth 1k -> 10k within 12x.

"Cold" means no ``.djust_lint_cache/`` (``--no-cache``); the per-user store of classes read from
installed packages is primed first, as it is after a user's first run in a virtualenv.  "Fully
cold" rows add ``--no-package-cache``.  Projects are generated into ``bench/_generated/``
(gitignored); the ``djust-lint`` and ``ruff`` next to the running interpreter are used.  Prints
Markdown on stdout, progress on stderr.  It never asserts on timings.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_project import generate  # noqa: E402  (sibling script, not a package)

DEFAULT_OUT = HERE / "_generated"

FLOOR_SCRIPT = """
import ast, os, sys
from django.template.base import Lexer
for dirpath, dirnames, names in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in ("__pycache__", "node_modules")]
    for name in names:
        path = os.path.join(dirpath, name)
        if name.endswith(".py"):
            with open(path, "rb") as handle:
                ast.parse(handle.read())
        elif name.endswith((".html", ".htm")):
            with open(path, encoding="utf-8") as handle:
                Lexer(handle.read()).tokenize()
"""

FLOOR_WALK_SCRIPT = FLOOR_SCRIPT.replace(
    "ast.parse(handle.read())", "for _node in ast.walk(ast.parse(handle.read())): pass"
)
"""The floor plus one bare ``ast.walk`` of every tree: the least any analysis that looks at every
node costs in Python (no rule, no fact kept). How far the targets are from it says what tuning
can still reach."""


@dataclass
class Run:
    """One fresh process: wall time, CPU time (user + sys, children included), peak RSS, exit code."""

    wall: float
    cpu: float | None
    max_rss_mb: float | None
    exit_code: int


@dataclass
class Timing:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(run.wall for run in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def best_cpu(self) -> float | None:
        cpus = [run.cpu for run in self.runs if run.cpu is not None]
        return min(cpus) if cpus else None

    @property
    def max_rss_mb(self) -> float | None:
        sizes = [run.max_rss_mb for run in self.runs if run.max_rss_mb is not None]
        return max(sizes) if sizes else None


def executable(name: str) -> str | None:
    """A console script installed next to this interpreter, else on PATH."""
    for candidate in (Path(sys.executable).parent / name, Path(sys.executable).parent / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def time_once(argv: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """One fresh process, output discarded (writing it is not what we measure).

    CPU time and peak RSS come from ``os.wait4``: CPU time is the steadier
    number on a shared machine (it includes worker processes), wall time the
    one users feel.
    """
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
    cpu = rss = None
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    else:  # pragma: no cover - Windows
        process.wait()
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        print(f"warning: {' '.join(argv)} exited with {process.returncode}", file=sys.stderr)
    return Run(wall, cpu, rss, process.returncode)


def timed(
    label: str, argv: Sequence[str], repeat: int, *, before: Callable[[], None] | None = None, **kwargs
) -> Timing:
    print(f"  timing {label} x{repeat} ...", file=sys.stderr)
    timing = Timing(label)
    for _ in range(repeat):
        if before is not None:
            before()
        timing.runs.append(time_once(argv, **kwargs))
    return timing


def count_files(root: Path) -> int:
    suffixes = (".py", ".html", ".js")
    return sum(1 for _, _, names in os.walk(root) for name in names if name.endswith(suffixes))


def project(out: Path, views: int, seed: int) -> Path:
    root = out / f"project_{views}"
    manifest = root / "bench_manifest.json"
    if manifest.exists() and json.loads(manifest.read_text()).get("views") == views:
        return root
    print(f"generating {views} views into {root} ...", file=sys.stderr)
    generate(root, views, seed)
    return root


def djust_copy(out: Path) -> Path | None:
    """A fresh copy of the installed djust package (so caches and ruff see a plain tree).

    It is linted with ``--root`` set to the copy itself, as when pointing djust-lint at the
    installed package: its own modules are the project, ``from djust... import`` names the
    installed djust (classes the vocabulary does not ship are read with astroid).
    """
    try:
        import djust
    except ImportError:
        return None
    target = out / "djust_copy"
    if not target.exists():
        shutil.copytree(Path(djust.__file__).parent, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------


@dataclass
class Target:
    what: str
    measured: str
    goal: str
    met: bool | None


def _ratio_row(what: str, ours: Timing, theirs: Timing, limit: float, *, faster: bool = False) -> Target:
    if faster:
        ratio = theirs.best / ours.best
        text = f"{ours.best:.2f} s vs {theirs.best:.2f} s = **{ratio:.1f}x faster**"
        return Target(what, text, f">= {limit:g}x faster", ratio >= limit)
    ratio = ours.best / theirs.best
    cpu = ""
    if ours.best_cpu and theirs.best_cpu:
        cpu = f" (CPU {ours.best_cpu:.2f} / {theirs.best_cpu:.2f} s = {ours.best_cpu / theirs.best_cpu:.1f}x)"
    text = f"{ours.best:.2f} s vs {theirs.best:.2f} s = **{ratio:.1f}x**{cpu}"
    return Target(what, text, f"<= {limit:g}x", ratio <= limit)


def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (best and median reported)")
    parser.add_argument(
        "--sizes", default="1000,10000", help="cold scaling table sizes (views); 1000 and 10000 feed targets"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where projects are generated")
    parser.add_argument("--json", type=Path, help="also write raw timings to this file")
    parser.add_argument("--skip", default="", help="comma-separated: djust, manage, warm, sizes")
    parser.add_argument(
        "--pathological", action="store_true", help="time the template reader on hostile shapes instead"
    )
    parser.add_argument("--megabytes", type=float, default=1.0, help="largest template size for --pathological")
    args = parser.parse_args(argv)
    if args.pathological:
        print(machine_line())
        print()
        print(pathological_table(args.megabytes))
        return 0
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    repeat = args.repeat
    lint = executable("djust-lint")
    if lint is None:
        raise SystemExit(f"no djust-lint next to {sys.executable}; run with the venv that has djust-lint installed")
    ruff = executable("ruff")
    args.out.mkdir(parents=True, exist_ok=True)
    store = args.out / "user-cache"  # the per-user store of installed-package classes, kept with the bench
    env = dict(os.environ, DJUST_LINT_CACHE_DIR=str(store))
    # The command as users run it (pre-commit, CI, a terminal): the default text report. JSON and
    # SARIF also compute every fix's edits with libcst; the "1k cold, JSON" row measures that.
    check = [lint, "check", "--exit-zero", "--format", "text"]
    timings: dict[str, Timing] = {}
    targets: list[Target] = []
    notes: list[str] = []

    timings["--version"] = timed("--version", [lint, "--version"], max(repeat, 5), env=env)

    # Installed djust package vs ruff.
    copy = djust_copy(args.out) if "djust" not in skip else None
    if copy is not None:
        lint_copy = [*check, "--root", str(copy), "--no-cache", str(copy)]
        time_once(lint_copy, env=env)  # prime the installed-package store
        ours = timings["djust cold"] = timed("djust cold", lint_copy, repeat, env=env)
        timings["djust fully cold"] = timed("djust fully cold", [*lint_copy, "--no-package-cache"], repeat, env=env)
        if ruff:
            theirs = timings["ruff"] = timed(
                "ruff", [ruff, "check", "--select", "E,F", "--no-cache", "--exit-zero", "-q", str(copy)], repeat
            )
            files = count_files(copy)
            targets.append(_ratio_row(f"installed djust ({files} files), cold vs ruff E,F", ours, theirs, 10))
            floor_copy = timings["floor djust"] = timed(
                "floor djust", [sys.executable, "-c", FLOOR_SCRIPT, str(copy)], repeat
            )
            walk_copy = timings["floor + walk djust"] = timed(
                "floor + walk djust", [sys.executable, "-c", FLOOR_WALK_SCRIPT, str(copy)], repeat
            )
            notes.append(
                f"On the djust copy, parsing alone (the Python floor, one process) is {floor_copy.best:.2f} s = "
                f"{floor_copy.best / theirs.best:.1f}x ruff; with one bare `ast.walk` of every tree "
                f"{walk_copy.best:.2f} s = {walk_copy.best / theirs.best:.1f}x ruff."
            )
            fully = timings["djust fully cold"]
            notes.append(
                f"Fully cold (installed-package store empty too): {fully.best:.2f} s = "
                f"{fully.best / theirs.best:.1f}x ruff."
            )
        else:
            notes.append("ruff is not installed next to this interpreter: the ruff comparison was skipped.")

    # 1k views: floor, cold, warm.
    p1k = project(args.out, 1000, args.seed)
    time_once([*check, "--no-cache", str(p1k)], env=env)  # prime the store (and the OS file cache)
    floor = timings["floor 1k"] = timed("floor 1k", [sys.executable, "-c", FLOOR_SCRIPT, str(p1k)], repeat)
    cold = timings["1k cold"] = timed("1k cold", [*check, "--no-cache", str(p1k)], repeat, env=env)
    targets.append(_ratio_row("1,000 views + 1,000 templates, cold vs Python floor", cold, floor, 1.5))
    timings["1k cold, JSON"] = timed(
        "1k cold, JSON", [*check[:-2], "--format", "json", "--no-cache", str(p1k)], repeat, env=env
    )
    walk = timings["floor + walk 1k"] = timed(
        "floor + walk 1k", [sys.executable, "-c", FLOOR_WALK_SCRIPT, str(p1k)], repeat
    )
    notes.append(
        f"The floor plus one bare `ast.walk` of every tree, 1,000 views: {walk.best:.2f} s = "
        f"{walk.best / floor.best:.2f}x the floor (no rule, no fact kept)."
    )
    if "warm" not in skip:
        time_once([*check, str(p1k)], env=env)  # fill .djust_lint_cache/
        warm = timings["1k warm"] = timed("1k warm", [*check, str(p1k)], repeat, env=env)
        targets.append(
            Target("1,000 views, warm, nothing changed", f"**{warm.best:.2f} s**", "<= 0.3 s", warm.best <= 0.3)
        )
        edited = next(p1k.rglob("views/*_views_0.py"))
        original = edited.read_text()
        counter = [0]

        def edit() -> None:
            counter[0] += 1
            edited.write_text(original + f"\n# edit {counter[0]}\n")

        def rename() -> None:  # a change the rules see: the whole project is linted again
            counter[0] += 1
            edited.write_text(original.replace("def save(", f"def save_{counter[0]}(", 1))

        try:
            one = timings["1k one edit"] = timed("1k one edit", [*check, str(p1k)], repeat, before=edit, env=env)
            if "def save(" in original:
                renamed = timings["1k handler renamed"] = timed(
                    "1k handler renamed", [*check, str(p1k)], repeat, before=rename, env=env
                )
        finally:
            edited.write_text(original)
        targets.append(
            Target(
                "1,000 views, warm, one file edited: a comment (reads the same)",
                f"**{one.best:.2f} s**", "<= 0.5 s", one.best <= 0.5,
            )
        )
        if "1k handler renamed" in timings:  # the edit people make: the whole project is linted again
            renamed = timings["1k handler renamed"]
            targets.append(
                Target(
                    "1,000 views, warm, one file edited: a handler renamed (reads differently)",
                    f"**{renamed.best:.2f} s** (CPU {_fmt(renamed.best_cpu, '.2f')} s)", "<= 0.5 s",
                    renamed.best <= 0.5,
                )
            )

    # 300 views vs djust's own system checks.
    if "manage" not in skip:
        p300 = project(args.out, 300, args.seed)
        probe = subprocess.run([sys.executable, "manage.py", "check"], cwd=p300, capture_output=True, text=True)
        if probe.returncode in (0, 1) and "System check" in probe.stdout + probe.stderr:
            time_once([*check, "--no-cache", str(p300)], env=env)
            ours300 = timings["300 cold"] = timed("300 cold", [*check, "--no-cache", str(p300)], repeat, env=env)
            manage = timings["manage.py check"] = timed(
                "manage.py check", [sys.executable, "manage.py", "check"], repeat, cwd=p300
            )
            targets.append(_ratio_row("300 views, cold vs djust's `manage.py check`", ours300, manage, 10, faster=True))
        else:
            notes.append("`manage.py check` could not run on the generated project here: comparison skipped.")

    # Scaling and the 10k target.
    sizes = [] if "sizes" in skip else [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = []
    for views in sizes:
        root = project(args.out, views, args.seed)
        label = "1k cold" if views == 1000 else f"{views} cold"
        if label not in timings:
            runs = repeat if views < 10000 else max(1, repeat - 1)  # 10k runs are long; fewer of them
            timings[label] = timed(label, [*check, "--no-cache", str(root)], runs, env=env)
        rows.append((views, count_files(root), timings[label]))
    if "1k cold" in timings and "10000 cold" in timings:
        small, big = timings["1k cold"], timings["10000 cold"]
        growth = big.best / small.best
        rss = big.max_rss_mb
        targets.append(
            Target(
                "10,000 views cold: growth from 1,000", f"{big.best:.1f} s; **{growth:.1f}x**", "<= 12x", growth <= 12
            )
        )
        targets.append(
            Target(
                "10,000 views cold: peak RSS",
                f"**{_fmt(rss, '.0f')} MB**",
                "<= 600 MB",
                None if rss is None else rss <= 600,
            )
        )

    print(machine_line())
    print()
    print(f"`djust-lint --version`: best {timings['--version'].best * 1000:.0f} ms")
    print()
    print("| target | measured (best of runs) | goal | met |")
    print("|---|---|---|---|")
    for target in targets:
        met = "n/a" if target.met is None else ("yes" if target.met else "**no**")
        print(f"| {target.what} | {target.measured} | {target.goal} | {met} |")
    for note in notes:
        print()
        print(note)
    print()
    print("| command | best wall (s) | median wall (s) | best CPU (s) | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|")
    for label, timing in timings.items():
        print(
            f"| {label} | {timing.best:.2f} | {timing.median:.2f} | {_fmt(timing.best_cpu, '.2f')} "
            f"| {_fmt(timing.max_rss_mb, '.0f')} |"
        )
    if rows:
        print()
        print("| views | files | cold best (s) | files/s | time growth / size growth |")
        print("|---:|---:|---:|---:|---:|")
        previous = None
        for views, files, timing in rows:
            growth = "--" if previous is None else f"{timing.best / previous[1].best:.1f}x / {files / previous[0]:.1f}x"
            print(f"| {views} | {files} | {timing.best:.2f} | {files / timing.best:,.0f} | {growth} |")
            previous = (files, timing)
    if args.json:
        raw = {"machine": machine_line(), "timings": {k: [vars(r) for r in t.runs] for k, t in timings.items()},
               "targets": [vars(t) for t in targets]}  # fmt: skip
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return 0


#: Template shapes that once made reading quadratic: unit string -> closing suffix per unit.
PATHOLOGICAL = {
    "unclosed {{": ("{{ ", ""),
    "unclosed {%": ("{% ", ""),
    "unclosed {#": ("{# ", ""),
    "lone {": ("{", ""),
    "nested for": ("{% for x in y %}", "{% endfor %}"),
    "nested if+div": ("{% if a %}<div>", ""),
    "unclosed <div": ("<div ", ""),
    'unclosed href="': ('<a href="', ""),
}


def pathological_template(shape: str, size: int) -> str:
    unit, close = PATHOLOGICAL[shape]
    count = size // (len(unit) + len(close))
    return unit * count + close * count


def pathological_table(megabytes: float) -> str:
    """Seconds to read templates of each hostile shape, and seconds per MB at each size."""
    from djust_lint.readers.template import read_template

    sizes = [int(megabytes * 1_000_000 * f) for f in (0.25, 0.5, 1.0)]
    lines = [
        "| shape | " + " | ".join(f"{s / 1e6:.2f} MB" for s in sizes) + " | s/MB at largest |",
        "|---|" + "---|" * (len(sizes) + 1),
    ]
    for shape in PATHOLOGICAL:
        seconds = []
        for size in sizes:
            text = pathological_template(shape, size)
            gc.disable()  # as during a real graph build (graph.builder pauses the collector)
            start = time.perf_counter()
            read_template(text, path="t.html", name="t.html")
            seconds.append(time.perf_counter() - start)
            gc.enable()
            print(f"{shape} {size}: {seconds[-1]:.2f} s", file=sys.stderr)
        per_mb = seconds[-1] / (sizes[-1] / 1e6)
        lines.append(f"| `{shape}` | " + " | ".join(f"{t:.2f} s" for t in seconds) + f" | {per_mb:.2f} |")
    return "\n".join(lines)


def machine_line() -> str:
    line = (
        f"Machine: {os.cpu_count()} CPUs ({platform.machine()}, {platform.system()}), "
        f"Python {platform.python_version()}, {date.today().isoformat()}"
    )
    if hasattr(os, "getloadavg"):
        line += f", load average at end {os.getloadavg()[0]:.2f}"
    return line


if __name__ == "__main__":
    sys.exit(main())
