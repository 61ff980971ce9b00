"""Read one Python module into a :class:`~djust_lint.model.ModuleInfo` without running it.

djust-lint must never import or execute user code (importing a views module
runs Django settings, database access, ...), so everything the rules need about
a Python file is read from its syntax tree: imports (to resolve names such as
``LiveView`` or ``event_handler`` to their real dotted targets), view classes
with their methods, decorators, state and template sources, URL routes and
by-name references to views and handlers.

The reader parses each file exactly once with :mod:`ast` and only walks the
tree a constant number of times, because the whole tool has to check thousands
of files in a few seconds.  It never raises on bad input: unreadable files
produce a ``DJ900`` diagnostic and syntax errors a ``DJ901`` diagnostic.

All positions are 1-based lines and 1-based *character* columns.  ``ast``
reports UTF-8 byte offsets, so columns are converted through the line text
(only for lines that actually contain non-ASCII characters).
"""
from __future__ import annotations

import pathlib

from ...core.model import Diagnostic, ModuleInfo, Span
from ..bounded_read import read_at_most
from ..inline_templates import read_own_inline_templates
from ..markup_safety import MarkupCalls, might_mark_safe
from .module import _ModuleReader
from .source import SYNTAX_ERROR, UNREADABLE, _decode, _parse

__all__ = ["DEFAULT_MAX_BYTES", "read_module", "read_module_file"]

DEFAULT_MAX_BYTES = 2_000_000
"""Files larger than this are reported as unreadable instead of parsed."""

# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def read_module(
    source: str | bytes, *, path: str, module: str, is_package: bool = False
) -> ModuleInfo:
    """Read Python ``source`` (text, or bytes honouring PEP 263 cookies) into a ModuleInfo.

    ``module`` is the dotted module name and ``is_package`` tells whether the
    file is a package ``__init__.py``; both are needed to make relative imports
    absolute.  Never raises: problems become diagnostics on the result.
    """
    info = ModuleInfo(name=module, path=path, is_package=is_package)
    text, problem = _decode(source)
    tree = None
    if problem is None:
        assert text is not None
        tree, problem = _parse(text, path)
    if problem is not None:
        info.diagnostics.append(problem)
        return info
    assert text is not None and tree is not None
    if "noqa" in text or "djust-lint" in text:
        from ..suppressions import scan_comments

        info.suppressions = scan_comments(path, text)
    try:
        markup = MarkupCalls(tree) if might_mark_safe(text) else None
        reader = _ModuleReader(text, info, markup)
        reader.read(tree)
        read_own_inline_templates(info.classes)
        # The reader is in reference cycles (its fact collector and scanners point back at it)
        # and callers may read with the collector paused: it must not keep the whole tree.
        reader.markup = None
        if markup is not None:
            info.calls = markup.judge(reader._resolve_name, reader.source.span)
        if "dj-" in text:
            from ..python_markup import markup_fragments
            from ..template import read_template

            info.markup = markup_fragments(tree, reader.source.lines, path, module, read_template)
    except RecursionError:  # pathological nesting that ast accepted but we cannot follow
        message = "Python source is nested too deeply to analyse"
        info.diagnostics.append(Diagnostic(SYNTAX_ERROR, message, Span.point(1, 1, 0)))
    return info


def read_module_file(
    abs_path: pathlib.Path,
    *,
    path: str,
    module: str,
    is_package: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ModuleInfo:
    """Read a Python file from disk; I/O errors and oversized files become ``DJ900``.

    At most ``max_bytes + 1`` bytes are read so a huge generated file cannot
    stall the whole run.
    """
    try:
        data = read_at_most(abs_path, max_bytes)  # a buffer sized to the file, not to the limit
    except OSError as exc:
        return _unreadable(path, module, is_package, f"cannot read file: {exc}")
    if len(data) > max_bytes:
        message = f"file is larger than {max_bytes} bytes; not analysed"
        return _unreadable(path, module, is_package, message)
    return read_module(data, path=path, module=module, is_package=is_package)


def _unreadable(path: str, module: str, is_package: bool, message: str) -> ModuleInfo:
    """An empty ModuleInfo carrying one ``DJ900`` diagnostic."""
    info = ModuleInfo(name=module, path=path, is_package=is_package)
    info.diagnostics.append(Diagnostic(UNREADABLE, message, Span.point(1, 1, 0)))
    return info


