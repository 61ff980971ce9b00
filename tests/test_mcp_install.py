"""``djust-lint mcp install|uninstall`` on real files in temporary directories.

HOME points at ``tmp_path`` and PATH at a directory of our own in every test,
so neither the real home nor a real ``claude`` CLI is ever touched.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from djust_lint.mcp.install import SERVER_NAME, install, uninstall


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PATH", str(bin_dir))
    return home


@pytest.fixture
def project(tmp_path: Path, home: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "manage.py").write_text("", encoding="utf-8")
    return root


def _entry(root: Path) -> dict:
    return {"type": "stdio", "command": str(Path(sys.executable).absolute()), "args": ["-m", "djust_lint.mcp", "--root", str(root.resolve())]}


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_empty_directory_gets_a_claude_mcp_json(project: Path) -> None:
    [action] = install(project, "claude")
    assert action.status == "configured"
    data = _read(project / ".mcp.json")
    assert data == {"mcpServers": {SERVER_NAME: _entry(project)}}
    assert Path(data["mcpServers"][SERVER_NAME]["command"]).is_absolute()


def test_other_servers_are_kept_and_second_run_changes_nothing(project: Path) -> None:
    config = project / ".mcp.json"
    other = {"command": "node", "args": ["other.js"]}
    config.write_text(json.dumps({"mcpServers": {"other": other}, "keep": 1}), encoding="utf-8")
    install(project, "claude")
    data = _read(config)
    assert data["mcpServers"]["other"] == other and data["keep"] == 1 and SERVER_NAME in data["mcpServers"]
    before = (config.read_bytes(), config.stat().st_mtime_ns)
    [again] = install(project, "claude")
    assert again.status == "already configured"
    assert (config.read_bytes(), config.stat().st_mtime_ns) == before


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"mcpServers": []}'])
def test_malformed_or_non_object_json_is_backed_up(project: Path, content: str) -> None:
    config = project / ".mcp.json"
    config.write_text(content, encoding="utf-8")
    [action] = install(project, "claude")
    assert action.status == "configured" and "original kept in" in action.detail
    backups = list(project.glob(".mcp.json.bak.*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == content
    assert _read(config)["mcpServers"][SERVER_NAME] == _entry(project)


def test_read_only_file_is_a_clear_error(project: Path) -> None:
    config = project / ".mcp.json"
    config.write_text('{"mcpServers": {}}', encoding="utf-8")
    config.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        [action] = install(project, "claude")
    finally:
        config.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert action.status == "error" and "read-only" in action.detail and str(config) in action.detail
    assert config.read_text(encoding="utf-8") == '{"mcpServers": {}}'


def test_dry_run_writes_nothing(project: Path, home: Path) -> None:
    actions = install(project, "all", dry_run=True)
    assert [a.status for a in actions] == ["would be configured"] * 4
    assert sorted(p.name for p in project.iterdir()) == ["manage.py"]
    assert list(home.iterdir()) == []


def test_each_client_format(project: Path, home: Path) -> None:
    actions = install(project, "all")
    assert {a.client: a.status for a in actions} == dict.fromkeys(("claude", "cursor", "windsurf", "vscode"), "configured")
    plain = {k: v for k, v in _entry(project).items() if k != "type"}
    assert _read(project / ".mcp.json")["mcpServers"][SERVER_NAME] == _entry(project)
    assert _read(project / ".cursor" / "mcp.json")["mcpServers"][SERVER_NAME] == plain
    assert _read(home / ".codeium" / "windsurf" / "mcp_config.json")["mcpServers"][SERVER_NAME] == plain
    assert _read(project / ".vscode" / "mcp.json") == {"servers": {SERVER_NAME: _entry(project)}}
    install(project, "cursor", global_=True)
    assert SERVER_NAME in _read(home / ".cursor" / "mcp.json")["mcpServers"]


def test_auto_detection_configures_the_editors_in_use(project: Path) -> None:
    (project / ".vscode").mkdir()
    actions = install(project)
    assert [a.client for a in actions] == ["vscode"]
    assert SERVER_NAME in _read(project / ".vscode" / "mcp.json")["servers"]


def test_uninstall_removes_only_our_entry(project: Path) -> None:
    config = project / ".cursor" / "mcp.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"mcpServers": {"other": {"command": "x"}}}), encoding="utf-8")
    install(project, "cursor")
    [removed] = uninstall(project, "cursor")
    assert removed.status == "removed"
    assert _read(config) == {"mcpServers": {"other": {"command": "x"}}}
    [again] = uninstall(project, "cursor")
    assert again.status == "not configured"


FAKE_CLAUDE = """\
#!{python}
import json, os, sys
state = os.path.join(os.path.dirname(os.path.abspath(__file__)), "claude-state")
with open(os.path.join(os.path.dirname(state), "claude-argv.log"), "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
command = sys.argv[1:3]
if command == ["mcp", "get"]:
    sys.exit(0 if os.path.exists(state) else 1)
if command == ["mcp", "add"]:
    open(state, "w").close()
if command == ["mcp", "remove"]:
    os.remove(state)
"""


def test_claude_cli_is_used_when_on_path(project: Path, tmp_path: Path) -> None:
    fake = tmp_path / "bin" / "claude"
    fake.write_text(FAKE_CLAUDE.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    log = tmp_path / "bin" / "claude-argv.log"

    assert install(project, "claude")[0].status == "configured"
    assert install(project, "claude")[0].status == "already configured"
    assert uninstall(project, "claude")[0].status == "removed"
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    add = next(c for c in calls if c[:2] == ["mcp", "add"])
    entry = _entry(project)
    assert add == ["mcp", "add", "--transport", "stdio", "--scope", "project", SERVER_NAME, "--", entry["command"], *entry["args"]]
    assert sum(c[:2] == ["mcp", "add"] for c in calls) == 1
    assert ["mcp", "remove", "--scope", "project", SERVER_NAME] in calls
    assert not (project / ".mcp.json").exists()


def test_cli_install_and_uninstall(project: Path, home: Path) -> None:
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "djust_lint", "mcp"]
    done = subprocess.run([*command, "install", "--client", "vscode", "--root", str(project)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"vscode: configured: {project / '.vscode' / 'mcp.json'}"
    again = subprocess.run([*command, "install", "--client", "vscode"], capture_output=True, text=True, env=env, cwd=project)
    assert "already configured" in again.stdout
    gone = subprocess.run([*command, "uninstall", "--client", "vscode", "--root", str(project)], capture_output=True, text=True, env=env)
    assert gone.returncode == 0 and "removed" in gone.stdout
    assert _read(project / ".vscode" / "mcp.json") == {"servers": {}}
    bad = "x"
    failed = subprocess.run([*command, "install", "--client", bad], capture_output=True, text=True, env=env)
    assert failed.returncode == 2
