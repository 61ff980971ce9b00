"""The README opens with a virtualenv and the two set-up commands, and CI runs exactly those."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands_each_in_a_virtualenv():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# djust-lint\n\n```bash\n")
    commands = readme_commands()
    assert len(commands) == 2
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    assert commands[0].startswith(venv + "pip install . && djust-lint check")
    assert commands[1] == venv + 'pip install -e ".[test]" && pytest'


def test_ci_runs_the_readme_commands_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in ci
    for command in readme_commands():
        assert command in ci.splitlines()
    lines = ci.splitlines()
    assert lines.index(readme_commands()[0]) < lines.index(readme_commands()[1])


def test_first_command_lints_the_example():
    """The check half of command 1, with the djust-lint installed here."""
    args = readme_commands()[0].split(" && ")[-1].split()
    exe = Path(sys.executable).with_name(args[0])
    proc = subprocess.run([str(exe), *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Found 4 problems" in proc.stdout
