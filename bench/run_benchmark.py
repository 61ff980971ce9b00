"""Time djust-lint, cold, on generated projects of growing size.

Why this shape: users run ``djust-lint`` as a fresh process (pre-commit, CI,
editor on save), so every measurement starts a new interpreter -- import time
is part of the cost.  Projects come from ``generate_project.py`` so sizes are
exact and runs are repeatable; the scaling ratio between consecutive sizes
shows whether any stage went quadratic (10x the project should cost at most
about 11x the time).

Usage::

    python bench/run_benchmark.py [--sizes 100,1000,10000] [--repeat 3] [--out DIR] [--json FILE]
    python bench/run_benchmark.py --pathological [--megabytes 1]

``--pathological`` instead times the template reader, in process, on
templates of hostile shapes (unclosed ``{{``/``{%``/``{#`` openers, 30,000
nested ``{% for %}``, nested ``{% if %}<div>``...) at 1/4, 1/2 and 1 times
``--megabytes``: the time per byte must stay flat (issue 13 item 5; the tests
assert the same on counted work, never on seconds).

Projects are generated into ``bench/_generated/`` (gitignored) unless
``--out`` says otherwise; the ``djust-lint`` script next to the running
interpreter is used, so run this with the project's venv Python.  Prints a
Markdown table on stdout; progress goes to stderr.  It never asserts on
timings: the numbers are for people (and ``docs/performance.md``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_project import generate  # noqa: E402  (sibling script, not a package)

DEFAULT_OUT = HERE / "_generated"


@dataclass
class Command:
    """One command line to time, with ``{root}`` standing for the project."""

    label: str
    argv: tuple[str, ...]
    per_project: bool = True


@dataclass
class Run:
    """One cold process: wall time, CPU time (user + sys), peak RSS, exit code."""

    wall: float
    cpu: float | None
    max_rss_mb: float | None
    exit_code: int


@dataclass
class Timing:
    """The repeats of one command on one project."""

    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> list[float]:
        return [run.wall for run in self.runs]

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best_cpu(self) -> float | None:
        cpus = [run.cpu for run in self.runs if run.cpu is not None]
        return min(cpus) if cpus else None

    @property
    def max_rss_mb(self) -> float | None:
        sizes = [run.max_rss_mb for run in self.runs if run.max_rss_mb is not None]
        return max(sizes) if sizes else None


@dataclass
class SizeResult:
    views: int
    templates: int
    files: int
    timings: dict[str, Timing] = field(default_factory=dict)


def djust_lint_executable() -> str:
    """The ``djust-lint`` console script installed next to this interpreter."""
    bin_dir = Path(sys.executable).parent
    for name in ("djust-lint", "djust-lint.exe"):
        candidate = bin_dir / name
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"no djust-lint next to {sys.executable}; run with the venv that has djust-lint installed")


def commands(executable: str) -> list[Command]:
    return [
        Command("--version", (executable, "--version"), per_project=False),
        Command("check", (executable, "check", "--no-cache", "--exit-zero", "--format", "json", "{root}")),
        Command("graph", (executable, "graph", "--no-cache", "--format", "json", "{root}")),
    ]


def time_once(argv: Sequence[str]) -> Run:
    """One fresh process, output discarded (writing it is not what we measure).

    CPU time and peak RSS come from ``os.wait4`` where the platform has it:
    on a shared machine CPU time is the steadier number, wall time the one
    users feel.
    """
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def time_command(command: Command, root: Path, repeat: int) -> Timing:
    argv = [part.replace("{root}", str(root)) for part in command.argv]
    return Timing(command.label, [time_once(argv) for _ in range(repeat)])


def count_files(root: Path) -> int:
    """Files djust-lint reads: Python modules, templates and scripts."""
    suffixes = (".py", ".html", ".js")
    return sum(1 for _, _, names in os.walk(root) for name in names if name.endswith(suffixes))


def run_size(views: int, out: Path, repeat: int, cmds: Sequence[Command], seed: int) -> SizeResult:
    root = out / f"project_{views}"
    print(f"generating {views} views into {root} ...", file=sys.stderr)
    manifest = generate(root, views, seed)
    templates = int(manifest["file_templates"]) + int(manifest["inline_templates"])  # type: ignore[call-overload]
    result = SizeResult(views=views, templates=templates, files=count_files(root))
    for command in cmds:
        if command.per_project:
            print(f"  timing {command.label} x{repeat} ...", file=sys.stderr)
            result.timings[command.label] = time_command(command, root, repeat)
    return result


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _ratio(previous: SizeResult | None, current: SizeResult, label: str) -> str:
    """Time growth vs. size growth, e.g. ``9.8x time / 10x size``."""
    if previous is None:
        return "--"
    time_ratio = current.timings[label].best / previous.timings[label].best
    size_ratio = current.files / previous.files
    return f"{time_ratio:.1f}x / {size_ratio:.1f}x"


def _optional(value: float | None, fmt: str) -> str:
    return "n/a" if value is None else format(value, fmt)


def markdown_table(results: Sequence[SizeResult], labels: Sequence[str]) -> str:
    lines = [
        "| views / templates / files | command | best wall (s) | median wall (s) | best CPU (s) "
        "| peak RSS (MB) | files/s | time / size growth |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    previous: SizeResult | None = None
    for result in results:
        for label in labels:
            timing = result.timings[label]
            lines.append(
                f"| {result.views} / {result.templates} / {result.files} | `{label}` | {timing.best:.2f} "
                f"| {timing.median:.2f} | {_optional(timing.best_cpu, '.2f')} | {_optional(timing.max_rss_mb, '.0f')} "
                f"| {result.files / timing.best:,.0f} | {_ratio(previous, result, label)} |"
            )
        previous = result
    return "\n".join(lines)


def machine_line() -> str:
    line = (
        f"Machine: {os.cpu_count()} CPUs ({platform.machine()}, {platform.system()}), "
        f"Python {platform.python_version()}, {date.today().isoformat()}"
    )
    if hasattr(os, "getloadavg"):
        line += f", load average at end {os.getloadavg()[0]:.2f}"
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        line += " (PYTHONDONTWRITEBYTECODE set: djust-lint's own modules are recompiled on every start)"
    return line


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pathological", action="store_true", help="time the template reader on hostile shapes instead"
    )
    parser.add_argument("--megabytes", type=float, default=1.0, help="largest template size for --pathological")
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated view counts")
    parser.add_argument("--repeat", type=int, default=3, help="cold runs per command (best and median reported)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where projects are generated")
    parser.add_argument("--json", type=Path, help="also write raw timings to this file")
    args = parser.parse_args(argv)
    if args.pathological:
        print(machine_line())
        print()
        print(pathological_table(args.megabytes))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    cmds = commands(djust_lint_executable())
    version = time_command(cmds[0], args.out, max(args.repeat, 5))
    results = [run_size(views, args.out, args.repeat, cmds, args.seed) for views in sizes]
    labels = [c.label for c in cmds if c.per_project]
    print(machine_line())
    print()
    print(f"`djust-lint --version`: best {version.best * 1000:.0f} ms, median {version.median * 1000:.0f} ms")
    print()
    print(markdown_table(results, labels))
    if args.json:
        raw = {"machine": machine_line(), "version": version.seconds, "sizes": [
            {"views": r.views, "templates": r.templates, "files": r.files,
             "timings": {k: [vars(run) for run in t.runs] for k, t in r.timings.items()}} for r in results
        ]}  # fmt: skip
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
