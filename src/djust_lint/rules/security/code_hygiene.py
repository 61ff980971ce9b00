"""Fact rules over project Python code: csrf_exempt, except: pass, print, logger f-strings, SQL, uploads.

Each rule reports one kind of fact the Python reader recorded during its single
walk (see ``python_reader._FactCollector``), so none of them re-parses a file.
Like djust's own checks they skip ``tests/`` and ``migrations/``.
"""

from __future__ import annotations

from ...core.findings import Severity
from ..base import Example
from ._common import FactRule

#: Modules whose job is to talk to a terminal.
_COMMAND_LINE_MODULES = frozenset({"manage.py", "cli.py", "__main__.py", "setup.py", "conftest.py"})


class CsrfExemptWithoutReason(FactRule):
    """## What it does
    Reports `@csrf_exempt` on a function whose docstring, decorator line or
    `def` line does not say why CSRF protection is switched off.

    ## Why is this bad?
    A view without CSRF protection accepts forged cross-site POSTs. Sometimes
    that is right (a signed webhook), but the reason must be written down so
    a reviewer can check it.

    ## Example
    ```python
    @csrf_exempt
    def webhook(request): ...
    ```

    ## Use instead
    ```python
    @csrf_exempt  # CSRF: Stripe signs the payload; verified below
    def webhook(request): ...
    ```

    djust reports this as `djust.S002` and accepts only a docstring that
    mentions "csrf"; a justifying comment is accepted here too, and a view
    limited to safe methods (`@require_GET`, `@require_safe`) needs none:
    Django never checks CSRF on GET, so the exemption changes nothing.
    """

    code = "DJ501"
    name = "csrf-exempt-without-reason"
    severity = Severity.WARNING
    summary = "@csrf_exempt without a written justification"
    djust_equivalent = "djust.S002 (@csrf_exempt without justification)"
    djust_ids = ("djust.S002",)
    fact_kind = "csrf_exempt"
    message = "@csrf_exempt on {detail}() without a justification; say why CSRF protection is off (docstring or comment)"
    _IMPORT = "from django.views.decorators.csrf import csrf_exempt\n\n\n"
    VALID = [
        Example({"app/hooks.py": _IMPORT + '@csrf_exempt\ndef hook(request):\n    """CSRF: payload is HMAC-signed."""\n'}),
        Example({"app/hooks.py": _IMPORT + "@csrf_exempt  # csrf: signed webhook\ndef hook(request):\n    pass\n"}),
    ]
    INVALID = [
        Example(
            {"app/hooks.py": _IMPORT + "@csrf_exempt\ndef hook(request):\n    pass\n"},
            expect=(("app/hooks.py", 4, 2),),
            messages=("@csrf_exempt on hook() without a justification; say why CSRF protection is off (docstring or comment)",),
        )
    ]


class BareExceptPass(FactRule):
    """## What it does
    Reports `except: pass` (and `except: ...`): a bare `except` whose only
    statement does nothing.

    ## Why is this bad?
    It silently swallows every exception, including `KeyboardInterrupt`,
    `SystemExit` and the programming errors that a test or a log line would
    have caught. In an event handler the user just sees nothing happen.

    ## Example
    ```python
    try:
        charge(card)
    except:
        pass
    ```

    ## Use instead
    ```python
    try:
        charge(card)
    except PaymentError:
        logger.exception("charge failed")
    ```

    djust reports this as `djust.S003`.
    """

    code = "DJ502"
    name = "bare-except-pass"
    severity = Severity.WARNING
    summary = "Bare 'except: pass' swallows every exception"
    djust_equivalent = "djust.S003 (bare 'except: pass')"
    djust_ids = ("djust.S003",)
    fact_kind = "bare_except_pass"
    message = "bare 'except: pass' swallows every exception; catch a specific exception and log it"
    VALID = [Example({"app/util.py": "def f():\n    try:\n        g()\n    except ValueError:\n        pass\n"})]
    INVALID = [
        Example(
            {"app/util.py": "def f():\n    try:\n        g()\n    except:\n        pass\n"},
            expect=(("app/util.py", 4, 5),),
            messages=("bare 'except: pass' swallows every exception; catch a specific exception and log it",),
        )
    ]


class PrintCall(FactRule):
    """## What it does
    Reports calls to the built-in `print()` in project code (not in tests or
    migrations, not `print(..., file=stream)`, not when `print` is imported
    from elsewhere).

    ## Why is this bad?
    In a server, `print` output goes to stdout with no level, no timestamp and
    no request context, and is often lost; it is usually leftover debugging.

    ## Example
    ```python
    print("saving", order)
    ```

    ## Use instead
    ```python
    logger.debug("saving %s", order)
    ```

    Management commands, `cli.py`/`__main__.py`/`manage.py` and `scripts/`
    print on purpose and are not reported. djust reports this as
    `djust.Q001` (also for `print(file=...)` and in scripts).
    """

    code = "DJ503"
    name = "print-call"
    severity = Severity.INFO
    summary = "print() in production code"
    djust_equivalent = "djust.Q001 (print() statement found)"
    djust_ids = ("djust.Q001",)
    fact_kind = "print"
    message = "print() in production code; use the logging module"
    VALID = [
        Example({"app/util.py": "import sys\n\n\ndef f():\n    print('usage', file=sys.stderr)\n"}),
        Example({"app/tests/test_util.py": "def test_f():\n    print('debug')\n"}, note="tests are not production code"),
        Example(
            {"app/management/commands/seed.py": "def handle():\n    print('seeded')\n"},
            note="management commands, CLIs and scripts talk to a terminal",
        ),
    ]
    INVALID = [
        Example(
            {"app/util.py": "def f(x):\n    print(x)\n"},
            expect=(("app/util.py", 2, 5),),
            messages=("print() in production code; use the logging module",),
        ),
    ]

    def applies_to(self, path: str) -> bool:
        """Command-line code prints on purpose: management commands, CLIs, scripts."""
        name = path.rsplit("/", 1)[-1]
        if name in _COMMAND_LINE_MODULES or "/management/commands/" in f"/{path}":
            return False
        return not path.startswith(("scripts/", "bin/")) and "/scripts/" not in path


class LoggerFString(FactRule):
    """## What it does
    Reports a logger call (`logger.info(...)`, `log.warning(...)`,
    `self.logger.error(...)`) whose message is an f-string with placeholders.

    ## Why is this bad?
    The string is formatted even when the level is disabled, and log
    aggregators can no longer group messages by their template.

    ## Example
    ```python
    logger.info(f"user {user_id} logged in")
    ```

    ## Use instead
    ```python
    logger.info("user %s logged in", user_id)
    ```

    djust reports this as `djust.Q002`.
    """

    code = "DJ504"
    name = "logger-f-string"
    severity = Severity.WARNING
    summary = "f-string passed to a logger call"
    djust_equivalent = "djust.Q002 (f-string in logger call)"
    djust_ids = ("djust.Q002",)
    fact_kind = "logger_fstring"
    message = "f-string in logger.{detail}(); use %-style arguments so formatting is lazy"
    _HEAD = "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef f(user_id):\n"
    VALID = [Example({"app/util.py": _HEAD + '    logger.info("user %s", user_id)\n'})]
    INVALID = [
        Example(
            {"app/util.py": _HEAD + '    logger.info(f"user {user_id}")\n'},
            expect=(("app/util.py", 7, 5),),
            messages=("f-string in logger.info(); use %-style arguments so formatting is lazy",),
        ),
    ]


class SqlStringFormatting(FactRule):
    """## What it does
    Reports `.raw()`, `.extra()`, `cursor.execute()` and `executemany()`
    called with an SQL string built by an f-string with placeholders,
    `.format()` or `"..." % value`.

    ## Why is this bad?
    Interpolating values into SQL is SQL injection as soon as one of them
    comes from a user.

    ## Example
    ```python
    cursor.execute(f"SELECT * FROM shop_order WHERE id = {order_id}")
    ```

    ## Use instead
    ```python
    cursor.execute("SELECT * FROM shop_order WHERE id = %s", [order_id])
    ```

    psycopg's composition (`sql.SQL("LISTEN {}").format(sql.Identifier(name))`)
    quotes every part and is not reported, nor is a line bandit was told is
    reviewed (`# nosec` or `# nosec B608`). djust's AST audit reports this as
    `X003`.
    """

    code = "DJ505"
    name = "sql-string-formatting"
    severity = Severity.WARNING
    summary = "SQL built by string formatting (SQL injection)"
    djust_equivalent = "djust_audit --ast X003 (SQL string formatting)"
    djust_ids = ("X003",)
    fact_kind = "sql_format"
    message = ".{detail}() with an interpolated SQL string (SQL injection); pass the values as query parameters"
    _HEAD = "from django.db import connection\n\n\ndef find(order_id):\n    with connection.cursor() as cursor:\n"
    VALID = [Example({"app/sql.py": _HEAD + '        cursor.execute("SELECT 1 WHERE id = %s", [order_id])\n'})]
    INVALID = [
        Example(
            {"app/sql.py": _HEAD + '        cursor.execute(f"SELECT 1 WHERE id = {order_id}")\n'},
            expect=(("app/sql.py", 6, 9),),
            messages=(".execute() with an interpolated SQL string (SQL injection); pass the values as query parameters",),
        )
    ]


class ClientNameInPath(FactRule):
    """## What it does
    Reports an upload's raw `client_name` used to build a storage path or key:
    as an argument (or inside an f-string or `+` concatenation) of a
    `.save(...)` call or of `os.path.join(...)`.

    ## Why is this bad?
    `client_name` is the file name the browser sent, untouched:
    `../../etc/passwd` is path traversal on disk storage and a valid,
    overwriting key on object stores (CWE-22 / CWE-73).

    ## Example
    ```python
    default_storage.save(f"avatars/{entry.client_name}", entry.file)
    ```

    ## Use instead
    ```python
    default_storage.save(f"avatars/{entry.safe_client_name}", entry.file)
    ```

    djust reports this as `djust.S008`. Unlike djust, `", ".join(...)` on a
    string literal is not a path sink.
    """

    code = "DJ506"
    name = "client-name-in-path"
    severity = Severity.WARNING
    summary = "Raw upload client_name used in a storage path"
    djust_equivalent = "djust.S008 (upload client_name used in a storage path/key)"
    djust_ids = ("djust.S008",)
    fact_kind = "client_name_path"
    message = "raw upload client_name in a storage path ({detail}()); use safe_client_name"
    _HEAD = "from django.core.files.storage import default_storage\n\n\ndef store(entry):\n"
    VALID = [Example({"app/uploads.py": _HEAD + '    default_storage.save(f"up/{entry.safe_client_name}", entry.file)\n'})]
    INVALID = [
        Example(
            {"app/uploads.py": _HEAD + '    default_storage.save(f"up/{entry.client_name}", entry.file)\n'},
            expect=(("app/uploads.py", 5, 5),),
            messages=("raw upload client_name in a storage path (save()); use safe_client_name",),
        )
    ]


RULES = (CsrfExemptWithoutReason, BareExceptPass, PrintCall, LoggerFString, SqlStringFormatting, ClientNameInPath)
