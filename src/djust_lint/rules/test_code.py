"""Which files are a project's tests: their views, handlers and templates are fixtures.

A test suite defines views that are broken on purpose (a binding to a handler
that does not exist, a view without auth) to prove the framework refuses them.
Reporting those as bugs is noise, so findings located in test code are dropped
unless the configuration says ``lint-test-code = true``. Diagnostics (a file
that cannot be read or parsed) are kept: they matter wherever they are.
"""

from __future__ import annotations

#: Folder names whose contents are test code.
TEST_DIRECTORIES = frozenset({"tests", "test", "testing"})
#: Rule families reported in test code too.
KEPT_IN_TEST_CODE = frozenset({"diagnostics"})


def is_test_code(path: str) -> bool:
    """``tests/`` (at any depth), ``test_*.py``, ``*_test.py`` and ``conftest.py``; paths are root-relative."""
    parts = path.split("/")
    name = parts[-1]
    if any(part in TEST_DIRECTORIES for part in parts[:-1]):
        return True
    return name == "conftest.py" or (name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py")))
