"""Configuration: ``[tool.djust-lint]`` in ``pyproject.toml``, or ``--config FILE``.

Configured like ruff::

    [tool.djust-lint]
    select = ["DJ1", "DJ2"]          # replaces the default set
    extend-select = ["DJ8"]          # adds to it
    ignore = ["DJ111"]
    per-file-ignores = { "legacy/**" = ["DJ304"], "**/tests/**" = ["ALL"] }
    exclude = ["generated/**"]       # added to the built-in skips
    extend-exclude = ["vendor/**"]
    include = []                     # only read matching files
    template-dirs = ["frontend/templates"]
    severity = { DJ111 = "info", DJ304 = "error" }
    djust-version = "1.2"            # overrides what the packaging files say
    respect-gitignore = true
    lint-test-code = false           # true: report views and templates of tests/, test_*.py too

Unknown keys, unknown rule codes and wrongly typed values are errors (exit
code 2): a typo must never silently switch a check off.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.findings import Severity

CONFIG_FILES = ("pyproject.toml", "djust-lint.toml", ".djust-lint.toml")

_LIST_KEYS = ("select", "extend-select", "ignore", "extend-ignore", "exclude", "extend-exclude", "include", "template-dirs")
_KNOWN_KEYS = frozenset(
    (*_LIST_KEYS, "per-file-ignores", "severity", "djust-version", "respect-gitignore", "baseline", "lint-test-code", "venv")
)


class ConfigError(Exception):
    """The configuration is invalid; the message says where and why."""


@dataclass
class Config:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    template_dirs: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    djust_version: tuple[int, ...] | None = None
    respect_gitignore: bool = True
    lint_test_code: bool = False
    """Report findings located in test code (``tests/``, ``test_*.py``, ``conftest.py``) too."""
    baseline: str | None = None
    venv: str | None = None
    """The project's virtualenv, relative to the root (found automatically when unset; see ``readers.project_env``)."""
    source: Path | None = None
    """The file the configuration came from (``None``: defaults)."""


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def _table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    tool = data.get("tool", {})
    if isinstance(tool, dict) and "djust-lint" in tool:
        return tool["djust-lint"]
    if path.name != "pyproject.toml" and "tool" not in data:
        return data  # a dedicated djust-lint.toml holds the keys at top level
    return None


def find_config_file(root: Path) -> Path | None:
    """The first config file in ``root`` that configures djust-lint."""
    for name in CONFIG_FILES:
        candidate = root / name
        if candidate.is_file():
            data = _load_toml(candidate)
            if _table(candidate, data) is not None:
                return candidate
    return None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    """Read the configuration (``explicit`` file, else the project's), validated."""
    path = explicit if explicit is not None else find_config_file(root)
    if path is None:
        return Config()
    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"config file not found: {explicit}")
    table = _table(path, _load_toml(path))
    if table is None:
        raise ConfigError(f"{path}: no [tool.djust-lint] table")
    return parse_config(table, path)


def parse_config(table: dict[str, Any], path: Path) -> Config:
    from ..readers.project_version import parse_version
    from ..rules import get_rule, unknown_selectors

    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.djust-lint] must be a table")
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in [tool.djust-lint]: {', '.join(unknown)}")
    config = Config(source=path)
    for key in _LIST_KEYS:
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: '{key}' must be a list of strings")
    selectors = [*table.get("select", []), *table.get("extend-select", []), *table.get("ignore", []),
                 *table.get("extend-ignore", [])]
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(c, str) for c in v) for k, v in pfi.items()
    ):
        raise ConfigError(f"{path}: 'per-file-ignores' must map glob strings to lists of codes")
    selectors += [code for codes in pfi.values() for code in codes]
    bad = unknown_selectors(selectors)
    if bad:
        raise ConfigError(f"{path}: unknown rule code(s): {', '.join(sorted(set(bad)))}")
    config.select = list(table["select"]) if "select" in table else None
    config.extend_select = list(table.get("extend-select", []))
    config.ignore = [*table.get("ignore", []), *table.get("extend-ignore", [])]
    config.per_file_ignores = {k: list(v) for k, v in pfi.items()}
    config.exclude = [*table.get("exclude", []), *table.get("extend-exclude", [])]
    config.include = list(table.get("include", []))
    config.template_dirs = list(table.get("template-dirs", []))
    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        raise ConfigError(f"{path}: 'severity' must map rule codes to error/warning/info")
    for code, level in severities.items():
        rule = get_rule(code)
        if rule is None:
            raise ConfigError(f"{path}: unknown rule code in 'severity': {code}")
        try:
            config.severity[rule.code] = Severity(level)
        except ValueError:
            raise ConfigError(f"{path}: severity of {code} must be error, warning or info, not {level!r}") from None
    if "djust-version" in table:
        version = table["djust-version"]
        parsed = parse_version(version) if isinstance(version, str) else ()
        if not parsed:
            raise ConfigError(f"{path}: 'djust-version' must be a version string such as \"1.2\"")
        config.djust_version = parsed
    if "respect-gitignore" in table:
        if not isinstance(table["respect-gitignore"], bool):
            raise ConfigError(f"{path}: 'respect-gitignore' must be true or false")
        config.respect_gitignore = table["respect-gitignore"]
    if "lint-test-code" in table:
        if not isinstance(table["lint-test-code"], bool):
            raise ConfigError(f"{path}: 'lint-test-code' must be true or false")
        config.lint_test_code = table["lint-test-code"]
    if "baseline" in table:
        if not isinstance(table["baseline"], str):
            raise ConfigError(f"{path}: 'baseline' must be a path string")
        config.baseline = table["baseline"]
    if "venv" in table:
        if not isinstance(table["venv"], str) or not table["venv"]:
            raise ConfigError(f"{path}: 'venv' must be a path string (the project's virtualenv)")
        config.venv = table["venv"]
    return config
