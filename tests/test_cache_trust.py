"""A read cache this user's djust-lint wrote skips the deep type check; any other file is checked.

Why: checking every cached value field by field cost as much as unpickling it, on every warm
run, to re-prove what held when the same code wrote the file (``readers/cache_trust.py``).
Asserted by counting calls of the deep check, never by timing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_cache import ALL_FILES, FILES, _age, _cache_file, _key, _run

from djust_lint.core import model
from djust_lint.readers import cache, cache_schema, cache_trust


@pytest.fixture
def site(project) -> Path:
    root = project(FILES)
    _age(root)
    return root


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch) -> Path:
    """A fresh per-user cache directory (so a fresh secret) for this test."""
    directory = tmp_path / "user"
    monkeypatch.setenv("DJUST_LINT_CACHE_DIR", str(directory))
    cache_trust._secret_at.cache_clear()
    yield directory
    cache_trust._secret_at.cache_clear()


@pytest.fixture
def deep_checks(monkeypatch) -> list[object]:
    calls: list[object] = []
    real = cache_schema.valid
    monkeypatch.setattr(cache_schema, "valid", lambda value, annotation: calls.append(annotation) or real(value, annotation))
    return calls


def test_a_file_written_here_is_trusted_and_skips_the_deep_check(site, user_dir, deep_checks):
    cold, _ = _run(site)
    secret = user_dir / cache_trust.SECRET_NAME
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and secret.stat().st_size == 32
    deep_checks.clear()
    warm, stats = _run(site)
    assert stats.status == "loaded" and stats.trusted and stats.hits == len(ALL_FILES)
    assert deep_checks == [] and warm == cold


def test_another_users_file_is_used_but_deep_checked(site, user_dir, deep_checks, tmp_path, monkeypatch):
    cold, _ = _run(site)
    monkeypatch.setenv("DJUST_LINT_CACHE_DIR", str(tmp_path / "someone-else"))  # another secret
    deep_checks.clear()
    warm, stats = _run(site)
    assert stats.status == "loaded" and not stats.trusted and stats.parsed == []
    assert len(deep_checks) >= stats.hits > 0 and warm == cold


def test_a_forged_entry_without_this_users_mac_is_a_miss_not_a_crash(site, user_dir):
    """The hardening of issue 13 still holds: a file written by anyone else (here: re-encoded
    without the secret, as a hostile file would be) has its values checked deep."""
    expected, _ = _run(site, use_cache=False)
    _run(site)
    entries = cache.decode(_cache_file(site).read_bytes(), _key(site))
    old = entries[("module", "app/views.py")]
    entries[("module", "app/views.py")] = (*old[:4], cache.dump_value(model.ModuleInfo(name="app.views", path="app/views.py", classes="oops")))  # type: ignore[arg-type]
    _cache_file(site).write_bytes(cache.encode(entries, _key(site)))
    findings, stats = _run(site)
    assert not stats.trusted and stats.parsed == ["app/views.py"] and findings == expected


def test_this_users_mac_on_another_payload_is_not_trust(site, user_dir):
    """A forger can recompute the checksum of an edited payload but not the MAC: copying this
    user's MAC from a genuine file onto another payload earns no trust."""
    _run(site)
    genuine = _cache_file(site).read_bytes()
    mac = genuine.split(b"\n", 2)[1].rsplit(b" ", 1)[1]
    entries = cache.decode(genuine, _key(site))
    entries.pop(("template", "app/templates/app/other.html"))
    forged = cache.encode(entries, _key(site))  # valid checksum, "-" for the MAC
    header = forged.split(b"\n", 2)[1]
    _cache_file(site).write_bytes(forged.replace(header, header.rsplit(b" ", 1)[0] + b" " + mac, 1))
    _, stats = _run(site)
    assert stats.status == "loaded" and not stats.trusted and stats.parsed == ["app/templates/app/other.html"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
@pytest.mark.parametrize("damage", ["group-readable", "symlink", "short", "directory"])
def test_a_secret_that_cannot_be_trusted_means_no_trust(site, user_dir, tmp_path, damage):
    _run(site)
    secret = user_dir / cache_trust.SECRET_NAME
    if damage == "group-readable":
        secret.chmod(0o640)
    elif damage == "symlink":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.write_bytes(secret.read_bytes())
        elsewhere.chmod(0o600)
        secret.unlink()
        secret.symlink_to(elsewhere)
    elif damage == "short":
        secret.write_bytes(b"short")
    else:
        secret.unlink()
        secret.mkdir()
    cache_trust._secret_at.cache_clear()
    assert cache_trust.local_secret() is None
    findings, stats = _run(site)
    assert stats.status == "loaded" and not stats.trusted and stats.parsed == []


def test_an_unwritable_user_directory_only_costs_the_trust(site, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("DJUST_LINT_CACHE_DIR", str(blocker / "user"))
    cache_trust._secret_at.cache_clear()
    try:
        cold, _ = _run(site)
        warm, stats = _run(site)
    finally:
        cache_trust._secret_at.cache_clear()
    assert stats.status == "loaded" and not stats.trusted and warm == cold


def test_two_processes_creating_the_secret_agree(tmp_path):
    """The secret is created with a hard link that fails when another process won the race:
    whoever comes second reads the first one's secret, never replaces it."""
    directory = tmp_path / "user"
    cache_trust._secret_at.cache_clear()
    first = cache_trust._secret_at(str(directory))
    cache_trust._secret_at.cache_clear()
    cache_trust._create_secret(directory / cache_trust.SECRET_NAME)  # a late second creator
    second = cache_trust._secret_at(str(directory))
    cache_trust._secret_at.cache_clear()
    assert first is not None and first == second
    assert [p.name for p in directory.iterdir()] == [cache_trust.SECRET_NAME]  # no temp file left
