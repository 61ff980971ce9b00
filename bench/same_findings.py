"""Check that a change left the findings byte-identical: this checkout against a git revision.

Why: speed and memory work must not change what users see. This runs
``djust-lint check --no-cache --format json -j 1`` on one project twice, once
with the sources of ``REV`` (checked out into a temporary git worktree) and
once with this checkout's, and compares the two reports byte for byte. It
also prints each side's CPU time and peak RSS (one run each: a hint, not a
measurement; ``run_benchmark.py`` measures).

Usage::

    python bench/same_findings.py main                    # a generated 1,000-view project
    python bench/same_findings.py HEAD~3 --views 10000
    python bench/same_findings.py main --root path/to/project

Exit status 0 when identical, 1 when not (the first differing lines are shown).
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate_project import generate  # noqa: E402  (sibling script, not a package)


def report(src: Path, project: Path) -> tuple[bytes, float, float]:
    """The JSON report made with the package sources in ``src``: (bytes, CPU seconds, peak RSS MB)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    command = [sys.executable, "-m", "djust_lint", "check", "--no-cache", "--exit-zero", "--format", "json", "-j", "1"]
    # --root: the project is its own root even inside another (bench/_generated/ is in this repository)
    process = subprocess.Popen([*command, "--root", str(project), str(project)], stdout=subprocess.PIPE, env=env)
    assert process.stdout is not None
    output = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
    if process.returncode != 0:
        raise SystemExit(f"djust-lint exited {process.returncode} with {src}")
    return output, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rev", help="git revision to compare against (e.g. main)")
    parser.add_argument("--views", type=int, default=1000, help="size of the generated project")
    parser.add_argument("--root", type=Path, help="an existing project instead of a generated one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="djust-lint-same-") as scratch:
        project = args.root.resolve() if args.root else Path(scratch) / "project"
        if args.root is None:
            generate(project, args.views, seed=0)
        before_tree = Path(scratch) / "before"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(before_tree), args.rev],
                       check=True, capture_output=True)  # fmt: skip
        try:
            before, before_cpu, before_rss = report(before_tree / "src", project)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before_tree)], check=False)
        after, after_cpu, after_rss = report(REPO / "src", project)
    print(f"{args.rev}: CPU {before_cpu:.2f} s, peak RSS {before_rss:.0f} MB (run order: first)")
    print(f"this checkout: CPU {after_cpu:.2f} s, peak RSS {after_rss:.0f} MB")
    if before == after:
        print(f"identical: {len(after):,} bytes of JSON")
        return 0
    lines = difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), args.rev, "this checkout", lineterm="", n=2
    )
    print("\n".join(list(lines)[:60]))
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
