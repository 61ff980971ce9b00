"""``djust-lint mcp install|uninstall``: wire the server into every AI editor on the machine.

Each editor keeps MCP servers in a JSON file of its own shape (Claude Code and
Cursor and Windsurf under ``mcpServers``, VS Code under ``servers``). Users
keep other servers there, so we merge: only our ``djust-lint`` entry is ever
added, updated or removed. A file we cannot parse is copied to
``<name>.bak.<timestamp>`` before it is rewritten, every write is atomic, and
a second run that would change nothing writes nothing. For Claude Code the
``claude`` CLI is the canonical way in, so it is used when it is on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.fileio import write_text_atomic

SERVER_NAME = "djust-lint"
CLIENTS = ("claude", "cursor", "windsurf", "vscode")


class InstallError(Exception):
    """A configuration file cannot be read or written (message says which and why)."""


@dataclass(frozen=True)
class Action:
    """What happened (or would happen, in a dry run) for one client."""

    client: str
    target: str
    status: str
    """configured, updated, already configured, removed, not configured, would ..., error."""
    detail: str = ""

    def line(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.client}: {self.status}: {self.target}{detail}"


@dataclass(frozen=True)
class Target:
    """Where one client keeps its servers."""

    client: str
    path: Path
    key: str


def server_entry(root: Path, *, with_type: bool = True) -> dict[str, Any]:
    """Our entry: the current interpreter (absolute) running the server on this project."""
    entry: dict[str, Any] = {"type": "stdio"} if with_type else {}
    entry.update({"command": str(Path(sys.executable).absolute()), "args": ["-m", "djust_lint.mcp", "--root", str(root)]})
    return entry


def _vscode_user_dir(home: Path) -> Path:
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "Code" / "User"
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / "Code" / "User"
    return home / ".config" / "Code" / "User"


def target_for(client: str, root: Path, global_: bool) -> Target:
    """The file a client reads; ``global_`` picks the user-level file where the client has both."""
    home = Path.home()
    if client == "claude":
        return Target(client, home / ".claude.json" if global_ else root / ".mcp.json", "mcpServers")
    if client == "cursor":
        return Target(client, (home if global_ else root) / ".cursor" / "mcp.json", "mcpServers")
    if client == "windsurf":
        return Target(client, home / ".codeium" / "windsurf" / "mcp_config.json", "mcpServers")
    if client == "vscode":
        return Target(client, _vscode_user_dir(home) / "mcp.json" if global_ else root / ".vscode" / "mcp.json", "servers")
    raise InstallError(f"unknown client {client!r}; choose from {', '.join(CLIENTS)} or all")


def detect_clients(root: Path) -> list[str]:
    """Editors that look installed or used here; Claude Code's .mcp.json when nothing is found."""
    home = Path.home()
    found = []
    if shutil.which("claude") or (root / ".mcp.json").exists() or (home / ".claude").exists():
        found.append("claude")
    if shutil.which("cursor") or (root / ".cursor").is_dir() or (home / ".cursor").is_dir():
        found.append("cursor")
    if shutil.which("windsurf") or (home / ".codeium" / "windsurf").is_dir():
        found.append("windsurf")
    if shutil.which("code") or (root / ".vscode").is_dir():
        found.append("vscode")
    return found or ["claude"]


# ---------------------------------------------------------------------------
# JSON files
# ---------------------------------------------------------------------------


def _read_config(target: Target) -> tuple[dict[str, Any], str | None]:
    """``(config, reason it must be backed up)``; a missing file is an empty config."""
    try:
        text = target.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as exc:
        raise InstallError(f"cannot read {target.path}: {exc}") from None
    if not text.strip():
        return {}, None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, f"malformed JSON at line {exc.lineno}"
    if not isinstance(data, dict):
        return {}, f"top level is a JSON {type(data).__name__}, not an object"
    if not isinstance(data.get(target.key, {}), dict):
        return {}, f"'{target.key}' is not an object"
    return data, None


def _backup(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.bak.{stamp}")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.bak.{stamp}-{counter}")
        counter += 1
    shutil.copy2(path, backup)
    return backup


def _write(target: Target, data: dict[str, Any], broken: str | None) -> str:
    """Write (after backing up an unparsable file); returns a note about the backup, if any."""
    note = ""
    try:
        if broken is not None:
            note = f"{broken}; original kept in {_backup(target.path)}"
        if target.path.exists() and not target.path.stat().st_mode & stat.S_IWUSR:
            # The atomic rename would replace it anyway (and root ignores modes): honour the intent.
            raise PermissionError("the file is read-only; make it writable or edit it by hand")
        write_text_atomic(target.path, json.dumps(data, indent=2) + "\n")
    except OSError as exc:
        raise InstallError(f"cannot write {target.path}: {exc}") from None
    return note


def install_file(target: Target, entry: dict[str, Any], dry_run: bool) -> Action:
    data, broken = _read_config(target)
    servers = data.setdefault(target.key, {})
    if broken is None and servers.get(SERVER_NAME) == entry:
        return Action(target.client, str(target.path), "already configured")
    status = "updated" if SERVER_NAME in servers else "configured"
    servers[SERVER_NAME] = entry
    if dry_run:
        return Action(target.client, str(target.path), f"would be {status}", broken or "")
    return Action(target.client, str(target.path), status, _write(target, data, broken))


def uninstall_file(target: Target, dry_run: bool) -> Action:
    data, broken = _read_config(target)
    if broken is not None or SERVER_NAME not in data.get(target.key, {}):
        return Action(target.client, str(target.path), "not configured", broken or "")
    del data[target.key][SERVER_NAME]
    if dry_run:
        return Action(target.client, str(target.path), "would be removed")
    _write(target, data, None)
    return Action(target.client, str(target.path), "removed")


# ---------------------------------------------------------------------------
# Claude Code's CLI
# ---------------------------------------------------------------------------


def _claude(args: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    claude = shutil.which("claude")
    assert claude is not None
    try:
        return subprocess.run([claude, *args], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InstallError(f"`claude {' '.join(args)}` failed: {exc}") from None


def _claude_install(root: Path, entry: dict[str, Any], scope: str, dry_run: bool) -> Action:
    target = f"claude mcp ({scope} scope)"
    if _claude(["mcp", "get", SERVER_NAME], root).returncode == 0:
        return Action("claude", target, "already configured")
    command = ["mcp", "add", "--transport", "stdio", "--scope", scope, SERVER_NAME, "--", entry["command"], *entry["args"]]
    if dry_run:
        return Action("claude", target, "would be configured", "claude " + " ".join(command))
    done = _claude(command, root)
    if done.returncode != 0:
        raise InstallError(f"`claude mcp add` exited {done.returncode}: {(done.stderr or done.stdout).strip()}")
    return Action("claude", target, "configured")


def _claude_uninstall(root: Path, scope: str, dry_run: bool) -> Action:
    target = f"claude mcp ({scope} scope)"
    if _claude(["mcp", "get", SERVER_NAME], root).returncode != 0:
        return Action("claude", target, "not configured")
    if dry_run:
        return Action("claude", target, "would be removed")
    done = _claude(["mcp", "remove", "--scope", scope, SERVER_NAME], root)
    if done.returncode != 0:
        raise InstallError(f"`claude mcp remove` exited {done.returncode}: {(done.stderr or done.stdout).strip()}")
    return Action("claude", target, "removed")


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------


def _clients(client: str | None, root: Path) -> list[str]:
    if client in (None, "auto"):
        return detect_clients(root)
    if client == "all":
        return list(CLIENTS)
    if client not in CLIENTS:
        raise InstallError(f"unknown client {client!r}; choose from {', '.join(CLIENTS)} or all")
    return [client]


def _each(clients: Sequence[str], step: Any) -> list[Action]:
    """Run ``step`` per client; one client's failure is reported without stopping the others."""
    actions = []
    for client in clients:
        try:
            actions.append(step(client))
        except InstallError as exc:
            actions.append(Action(client, "", "error", str(exc)))
    return actions


def install(root: Path, client: str | None = None, *, global_: bool = False, dry_run: bool = False) -> list[Action]:
    """Add (or refresh) our entry in each selected client's configuration."""
    root = Path(root).resolve()
    scope = "user" if global_ else "project"

    def step(name: str) -> Action:
        if name == "claude" and shutil.which("claude"):
            return _claude_install(root, server_entry(root), scope, dry_run)
        target = target_for(name, root, global_)
        return install_file(target, server_entry(root, with_type=name in ("claude", "vscode")), dry_run)

    return _each(_clients(client, root), step)


def uninstall(root: Path, client: str | None = None, *, global_: bool = False, dry_run: bool = False) -> list[Action]:
    """Remove our entry (only ours) from each selected client's configuration."""
    root = Path(root).resolve()
    scope = "user" if global_ else "project"

    def step(name: str) -> Action:
        if name == "claude" and shutil.which("claude"):
            return _claude_uninstall(root, scope, dry_run)
        return uninstall_file(target_for(name, root, global_), dry_run)

    names = list(CLIENTS) if client in (None, "auto") else _clients(client, root)
    return _each(names, step)
