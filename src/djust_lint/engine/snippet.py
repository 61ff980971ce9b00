"""Snippet mode: code pasted by an AI editor, often without its imports.

An assistant writes ``class Counter(LiveView): ...`` and asks whether it is
right; the imports are in its head, not in the text. Python would raise
``NameError`` on such a module, so a name that is *used but bound nowhere*
in it can only mean the framework's: when it is the name of a djust base
class, mixin or decorator, the snippet is read as if it imported it. The
import lines are appended *after* the code, so every finding keeps the line
and column it has in the pasted text, and the snippet gets exactly the
findings of its imported twin.
"""

from __future__ import annotations

import ast
import builtins
import functools

from ..core.vocabulary import load_vocabulary

#: Vocabulary kinds whose classes a snippet may inherit from by bare name.
_BASE_KINDS = frozenset({"live_view", "mixin"})


@functools.cache
def djust_names() -> dict[str, str]:
    """Bare name -> dotted import path, for djust's public names that are unambiguous.

    djust's top-level exports come first (``LiveView`` -> ``djust.LiveView``),
    then its decorators, then view classes and mixins whose short name only
    one class has (``ModalMixin``); a name several classes share is left out
    rather than guessed.
    """
    vocab = load_vocabulary()
    names: dict[str, str] = {}
    for alias in vocab.aliases:
        package, _, name = alias.rpartition(".")
        if package == "djust":
            names[name] = alias
    for qualname in sorted(vocab.known_decorators):
        names.setdefault(qualname.rsplit(".", 1)[-1], qualname)
    public: dict[str, str] = {}
    for alias in sorted(vocab.aliases, key=lambda a: (a.count("."), a)):
        public.setdefault(vocab.canonical(alias), alias)
    by_short: dict[str, list[str]] = {}
    for qualname, cls in vocab.classes.items():
        if cls.kind in _BASE_KINDS:
            by_short.setdefault(qualname.rsplit(".", 1)[-1], []).append(qualname)
    for short, qualnames in by_short.items():
        if len(qualnames) == 1 and short not in names:
            names[short] = public.get(qualnames[0], qualnames[0])
    return names


def _bound_and_used(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound anywhere in the module (any scope) and names read anywhere."""
    bound: set[str] = set()
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound.add(alias.asname or alias.name.split(".", 1)[0])
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
    return bound, used


def implicit_imports(source: str | bytes) -> str:
    """Import lines for the djust names the code uses without binding ('' when none, or unparsable)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, UnicodeError):
        return ""
    bound, used = _bound_and_used(tree)
    table = djust_names()
    free = sorted(name for name in used - bound if name in table and not hasattr(builtins, name))
    lines = []
    for name in free:
        module, _, attribute = table[name].rpartition(".")
        lines.append(f"from {module} import {attribute}" + ("" if attribute == name else f" as {name}"))
    return "\n".join(lines)


def with_implicit_imports(source: str | bytes) -> str | bytes:
    """``source`` with the implicit imports appended after its last line (line numbers unchanged)."""
    extra = implicit_imports(source)
    if not extra:
        return source
    if isinstance(source, bytes):
        separator = b"" if source.endswith((b"\n", b"\r")) else b"\n"
        return source + separator + extra.encode("ascii") + b"\n"
    separator = "" if source.endswith(("\n", "\r")) else "\n"
    return source + separator + extra + "\n"
