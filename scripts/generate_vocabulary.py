#!/usr/bin/env python3
"""Generate ``src/djust_lint/core/data/djust_vocabulary.json`` from an installed djust.

djust-lint ships djust's vocabulary as data so it can run where djust is not
installed.  This script is the only place that data comes from: it reads the
installed djust *source* (``schema.py`` tables via ``ast.literal_eval``, the
client JS in ``static/djust/src``, and the Python classes via astroid) without
importing djust.  ``tests/test_vocabulary.py`` reruns it and compares with the
shipped file, so drift fails CI.

Claims about the client JS are hand-verified facts, each pinned to a regex over
the JS source (``JS_EVIDENCE``).  If a new djust changes that code, the regex
stops matching and generation fails loudly instead of shipping a stale claim.

Usage::

    python scripts/generate_vocabulary.py            # rewrite the shipped JSON
    python scripts/generate_vocabulary.py --check    # exit 1 if it would change
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:  # running from a checkout without an install
    sys.path.insert(0, str(REPO / "src"))

from djust_lint.core.vocabulary import class_to_dict, vocabulary_from_dict  # noqa: E402
from djust_lint.readers.external import ExternalResolver  # noqa: E402

OUTPUT = REPO / "src" / "djust_lint" / "core" / "data" / "djust_vocabulary.json"
FORMAT_VERSION = 1

# Django ``View`` methods a djust view may override; they are Django's, not djust's,
# so they are listed rather than read (the data must not depend on the Django version).
DJANGO_VIEW_METHODS = (
    "as_view",
    "delete",
    "dispatch",
    "get",
    "get_object",
    "get_queryset",
    "head",
    "http_method_not_allowed",
    "options",
    "patch",
    "post",
    "put",
    "setup",
    "trace",
)

# Framework-called hooks not in schema.py's table or djust's V004 allow-list; each
# must still occur in djust's Python source (``def name(`` or a quoted name).
EXTRA_LIFECYCLE = (
    "api_response",
    "check_permissions",
    "connected",
    "disconnected",
    "form_invalid",
    "form_valid",
    "get_template",
    "has_object_permission",
    "render",
    "unmount",
    "update",
)

# View roots: classes deriving from these (by written base name) are candidates.
VIEW_ROOT_NAMES = frozenset({"LiveView", "LiveComponent", "Component"})


class VocabularyDriftError(RuntimeError):
    """djust changed in a way the generator cannot map without a human re-checking it."""


@dataclass(frozen=True)
class JsEvidence:
    """A claim about how the client reads one directive, backed by JS regexes."""

    directive: str
    syntax: str  # "call" (parseEventHandler: name(args)), "name" (verbatim) or "shortcut"
    patterns: tuple[str, ...]
    from_schema: bool = True
    js_commands: bool = False


JS_EVIDENCE: tuple[JsEvidence, ...] = (
    JsEvidence(
        "dj-click",
        "call",
        (
            r"rawClickValue = element\.getAttribute\('dj-click'\)",
            r"parseEventHandler\(rawClickValue\)",
            r"_parseCommandValue\(rawClickValue\)",
        ),
        js_commands=True,
    ),
    JsEvidence(
        "dj-submit",
        "name",
        (
            r"submitHandler = element\.getAttribute\('dj-submit'\)",
            r"handleEvent\(submitHandler, params\)",
        ),
    ),
    *(
        JsEvidence(
            f"dj-{event}",
            "call",
            (
                rf"{var} = element\.getAttribute\('dj-{event}'\)",
                rf"parseEventHandler\({var}\)",
            ),
        )
        for event, var in (
            ("change", "changeHandler"),
            ("input", "inputHandler"),
            ("blur", "blurHandler"),
            ("focus", "focusHandler"),
            ("paste", "pasteHandler"),
            ("poll", "pollHandler"),
        )
    ),
    *(
        JsEvidence(
            f"dj-{event}",
            "name",
            (
                rf"_keyboardBindings\(e\.target, 'dj-{event}'\)",
                r"const keyHandler = element\.getAttribute\(name\);",
                r"const handlerName = keyHandler;",
                r"await handleEvent\(handlerName, params\)",
            ),
        )
        for event in ("keydown", "keyup")
    ),
    *(
        JsEvidence(
            f"dj-{event}",
            "call",
            (
                r"'dj-mouseenter' : 'dj-mouseleave'",
                r"const raw = element\.getAttribute\(attrName\);",
                r"const parsed = parseEventHandler\(raw\);",
            ),
        )
        for event in ("mouseenter", "mouseleave")
    ),
    JsEvidence("dj-mounted", "name", (r"handlerName = el\.getAttribute\('dj-mounted'\)",)),
    JsEvidence("dj-click-away", "name", (r"handlerName = element\.getAttribute\('dj-click-away'\)",)),
    JsEvidence("dj-auto-recover", "name", (r"handlerName = container\.getAttribute\('dj-auto-recover'\)",)),
    JsEvidence(
        "dj-mutation",
        "name",
        (
            r"handlerName = el\.getAttribute\('dj-mutation'\)",
            r"handleEvent\(handlerName, payload\)",
        ),
    ),
    *(
        JsEvidence(
            f"dj-viewport-{edge}",
            "name",
            (
                rf"{edge}Event = container\.getAttribute\('dj-viewport-{edge}'\)",
                r"window\.djust\.handleEvent\(eventName, \{ edge \}\)",
            ),
        )
        for edge in ("top", "bottom")
    ),
    JsEvidence(
        "dj-shortcut",
        "shortcut",
        (
            r"const handler = parts\[1\] \? parts\[1\]\.trim\(\) : '';",
            r"await handleEvent\(binding\.handler, params\)",
        ),
    ),
    # Not "event" directives in schema.py, but the client sends their value as an event.
    JsEvidence(
        "dj-copy-event",
        "name",
        (
            r"copyEvent = element\.getAttribute\('dj-copy-event'\)",
            r"handleEvent\(copyEvent,",
        ),
        from_schema=False,
    ),
    JsEvidence(
        "dj-dialog-close-event",
        "name",
        (
            r"eventName = el\.getAttribute\('dj-dialog-close-event'\)",
            r"_handleEvent\(eventName,",
        ),
        from_schema=False,
    ),
)

SCOPED_EVIDENCE = (
    r"scopedPrefixes = \['dj-window-', 'dj-document-'\]",
    r"const parsed = parseEventHandler\(element\.attributes\[ai\]\.value\)",
)
EVENT_REFERENCE_EVIDENCE = r"getAttribute\('dj-loading'\) \|\| element\.getAttribute\('dj-loading\.for'\)"
KEY_FROM_NAME_EVIDENCE = r"return attrName\.includes\('\.'\) \? attrName\.split\('\.'\)\[1\] : null;"


# ---------------------------------------------------------------------------
# Locating djust without importing it
# ---------------------------------------------------------------------------


def find_djust_dir(search_path: list[str] | None = None) -> Path | None:
    """The installed ``djust`` package directory, found on ``sys.path`` (no import)."""
    for entry in [*(search_path or []), *sys.path]:
        candidate = Path(entry or ".") / "djust"
        if (candidate / "__init__.py").is_file() and (candidate / "schema.py").is_file():
            return candidate.resolve()
    return None


def djust_version(djust_dir: Path) -> str:
    """Version from the installed distribution metadata (falls back to ``__version__``)."""
    try:
        dist = metadata.distribution("djust")
        if Path(str(dist.locate_file("djust"))).resolve() == djust_dir:
            return dist.version
    except metadata.PackageNotFoundError:
        pass
    match = re.search(r'^__version__ = "([^"]+)"', _read(djust_dir / "__init__.py"), re.M)
    return match.group(1) if match else "unknown"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _module_files(djust_dir: Path) -> dict[str, Path]:
    """Dotted module name -> file for every non-test module of the package."""
    modules: dict[str, Path] = {}
    for path in sorted(djust_dir.rglob("*.py")):
        rel = path.relative_to(djust_dir.parent)
        if any(part in ("tests", "test", "__pycache__") for part in rel.parts) or path.name.startswith("test_"):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _parse(path: Path) -> ast.Module | None:
    try:
        return ast.parse(_read(path), str(path))
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return None


# ---------------------------------------------------------------------------
# schema.py tables
# ---------------------------------------------------------------------------


def schema_tables(djust_dir: Path) -> dict[str, Any]:
    """Every upper-case module-level literal in ``djust/schema.py``."""
    tree = _parse(djust_dir / "schema.py")
    tables: dict[str, Any] = {}
    for stmt in tree.body if tree else []:
        target = (
            stmt.target
            if isinstance(stmt, ast.AnnAssign)
            else (stmt.targets[0] if isinstance(stmt, ast.Assign) else None)
        )
        if isinstance(target, ast.Name) and target.id.isupper() and stmt.value is not None:
            try:
                tables[target.id] = ast.literal_eval(stmt.value)
            except ValueError:
                continue
    for required in ("DIRECTIVES", "LIFECYCLE_METHODS", "CLASS_ATTRIBUTES", "DECORATORS"):
        if required not in tables:
            raise VocabularyDriftError(f"djust/schema.py no longer has a literal {required} table")
    return tables


def directive_data(tables: dict[str, Any]) -> dict[str, Any]:
    exact: dict[str, str] = {}
    families: dict[str, str] = {}
    related: set[str] = set()
    related_families: set[str] = set()
    for entry in tables["DIRECTIVES"]:
        name, category = entry["name"], entry["category"]
        if name.endswith("*"):
            families[name[:-1]] = category
        else:
            exact[name] = category
        for attr in entry.get("related_attributes", ()):
            (related_families.add(attr[:-1]) if attr.endswith("*") else related.add(attr))
    return {
        "directives": exact,
        "directive_families": families,
        "related_attributes": sorted(related - set(exact)),
        "related_families": sorted(related_families),
        "schema_directive_count": len(tables["DIRECTIVES"]),
    }


def schema_handler_directives(tables: dict[str, Any]) -> set[str]:
    """Exact directives schema.py says take a handler (category event or value handler_name)."""
    return {
        d["name"]
        for d in tables["DIRECTIVES"]
        if not d["name"].endswith("*") and (d["category"] == "event" or "handler_name" in str(d.get("value", "")))
    }


def schema_handler_families(tables: dict[str, Any]) -> set[str]:
    return {d["name"][:-1] for d in tables["DIRECTIVES"] if d["name"].endswith("*") and d["category"] == "event"}


# ---------------------------------------------------------------------------
# Client JS
# ---------------------------------------------------------------------------


def read_client_js(djust_dir: Path) -> str:
    src = djust_dir / "static" / "djust" / "src"
    files = sorted(src.glob("*.js"))
    if not files:
        raise VocabularyDriftError(f"no client JS sources under {src}")
    return "\n".join(_read(f) for f in files)


def _require(js: str, pattern: str, why: str) -> re.Match[str]:
    match = re.search(pattern, js)
    if match is None:
        raise VocabularyDriftError(f"client JS evidence not found for {why}: /{pattern}/ -- re-verify by hand")
    return match


def _quoted(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def handler_data(js: str, tables: dict[str, Any]) -> dict[str, Any]:
    """Handler directives from schema.py, each confirmed (and its value syntax read) in the JS."""
    evidence = {e.directive: e for e in JS_EVIDENCE}
    missing = schema_handler_directives(tables) - {e.directive for e in JS_EVIDENCE if e.from_schema}
    if missing:
        raise VocabularyDriftError(f"schema.py has new handler directives without JS evidence: {sorted(missing)}")
    directives: dict[str, Any] = {}
    for name, ev in sorted(evidence.items()):
        for pattern in ev.patterns:
            _require(js, pattern, name)
        info: dict[str, Any] = {"syntax": ev.syntax, "source": "schema+js" if ev.from_schema else "js"}
        if ev.js_commands:
            info["js_commands"] = True
        directives[name] = info
    return {"handler_directives": directives, "handler_families": scoped_family_data(js, tables)}


def scoped_family_data(js: str, tables: dict[str, Any]) -> dict[str, Any]:
    """Events the client listens to after ``dj-window-`` / ``dj-document-``."""
    for pattern in SCOPED_EVIDENCE:
        _require(js, pattern, "dj-window-/dj-document-")
    lists = {tuple(_quoted(m)) for m in re.findall(r"const scopedEventTypes = \[([^\]]*)\]", js)}
    if len(lists) != 1:
        raise VocabularyDriftError(f"scopedEventTypes lists differ or are missing: {lists}")
    events = sorted(lists.pop())
    skipped = _quoted(
        _require(js, r"if \(target === document && \(([^)]*)\)\) continue;", "dj-document- skips").group(1)
    )
    families = {}
    for prefix in sorted(schema_handler_families(tables)):
        installed = [e for e in events if not (prefix == "dj-document-" and e in skipped)]
        families[prefix] = {
            "syntax": "call",
            "events": installed,
            "parsed_not_installed": sorted(set(events) - set(installed)),
        }
    if set(families) != {"dj-window-", "dj-document-"}:
        raise VocabularyDriftError(f"unexpected handler families in schema.py: {sorted(families)}")
    return families


def event_reference_data(js: str, tables: dict[str, Any]) -> list[str]:
    names = sorted(d["name"] for d in tables["DIRECTIVES"] if d.get("value") == "event_name")
    _require(js, EVENT_REFERENCE_EVIDENCE, "dj-loading / dj-loading.for")
    if names != ["dj-loading", "dj-loading.for"]:
        raise VocabularyDriftError(f"event-name directives changed in schema.py: {names}")
    return names


def key_filter_data(js: str) -> dict[str, Any]:
    _require(js, KEY_FROM_NAME_EVIDENCE, "key modifier read from the attribute name")
    directives = _quoted(_require(js, r"const _KEYBOARD_KEY_DIRECTIVES = \{([^}]*)\}", "keyboard directives").group(1))
    body = _require(js, r"const _KEY_NAME_MAP = \{([^}]*)\}", "key-name map").group(1)
    key_names = dict(re.findall(r"'([a-z]+)':\s*'([^']*)'", body))
    if not key_names or not directives:
        raise VocabularyDriftError("empty key filter tables")
    return {
        "source": "attribute_name",
        "directives": sorted(directives),
        "key_names": key_names,
        "first_modifier_only": True,
        "note": (
            'djust 1.2.x reads the key from the attribute NAME (dj-keydown.enter="search") and sends '
            "the value verbatim as the event name; names not in key_names pass through unchanged "
            "(single characters, DOM key names such as PageUp). djust 1.1.x read the key from the "
            "value (dj-keydown=\"search.enter\"), which 1.2.x sends as the event 'search.enter'."
        ),
    }


_ATTRIBUTE_READ = re.compile(r"(?:get|has)Attribute\(\s*'(dj-[a-z][a-z0-9.-]*)'")
#: ``[dj-foo]``, ``[dj-foo=...]``, ``[dj-foo~=...]``: a CSS attribute selector, in JS
#: (``querySelectorAll``) or in a stylesheet.
_ATTRIBUTE_SELECTOR = re.compile(r"\[\s*(dj-[a-z][a-z0-9-]*)\s*[\]=~^$*|]")


def client_attributes(js: str, styles: Iterable[str] = ()) -> list[str]:
    """``dj-*`` attribute names djust gives a meaning to without them being directives.

    The client JS reads them (``getAttribute``/``hasAttribute``/selectors), or
    CSS that djust ships or emits styles them (``body.djust-offline
    [dj-offline-show]`` from ``templatetags/djust_pwa.py``): either way a
    template using them is right, so the unknown-directive rule must accept them.
    ``styles`` are further texts (stylesheets, Python string literals) scanned
    for selectors only.
    """
    found = set(_ATTRIBUTE_READ.findall(js))
    for text in (js, *styles):
        found.update(_ATTRIBUTE_SELECTOR.findall(text))
    return sorted(n for n in found if not n.endswith(("-", ".")))


_TEMPLATE_COMMENTS = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}|<!--.*?-->", re.S)


def shipped_template_attributes(djust_dir: Path) -> list[str]:
    """``dj-*`` attributes djust's own shipped templates put on elements, beyond the directives.

    djust's ``offline_banner.html`` keeps ``dj-offline="show"`` as a styling hook for apps
    (#3051); a project copying djust's markup must not be told the attribute is a typo.
    Test templates and comments are left out.
    """
    found: set[str] = set()
    for path in sorted(djust_dir.rglob("*.html")):
        if "tests" in path.relative_to(djust_dir).parts:
            continue
        text = _TEMPLATE_COMMENTS.sub("", _read(path))
        for tag in re.finditer(r"<[a-zA-Z][^<>]*>", text):
            found.update(re.findall(r"\s(dj-[a-z][a-z0-9-]*)(?=[\s=>/.])", tag.group(0)))
    return sorted(found)


def static_stylesheets(djust_dir: Path) -> list[str]:
    """Every stylesheet djust ships under ``static/djust`` (``audio.css`` styles ``[dj-audio]``)."""
    return [_read(path) for path in sorted((djust_dir / "static" / "djust").rglob("*.css"))]


def selector_strings(sources: Iterable[str]) -> list[str]:
    """String literals of djust's Python code that contain a ``[dj-`` selector.

    This is the CSS djust emits at run time (``{% djust_offline_styles %}``) and
    the selectors it sends to the client (``[dj-stream='name']``).  Docstrings
    are left out: they are prose, and may describe attributes djust no longer
    styles.  Only modules whose text mentions ``[dj-`` are parsed (parsing all
    of djust would double the generator's run time).
    """
    found: list[str] = []
    for text in sources:
        if "[dj-" not in text:
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        docstrings = {id(node) for node in _docstring_nodes(tree)}
        found.extend(
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "[dj-" in node.value
            and id(node) not in docstrings
        )
    return found


def _docstring_nodes(tree: ast.Module) -> Iterator[ast.Constant]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.value


# ---------------------------------------------------------------------------
# Python side: lifecycle, class attributes, decorators
# ---------------------------------------------------------------------------


def v004_allow_list(djust_dir: Path) -> list[str]:
    """djust's own list of framework-called methods exempt from its V004 handler check."""
    tree = _parse(djust_dir / "checks" / "components.py")
    for node in ast.walk(tree) if tree else []:
        if (
            isinstance(node, ast.Compare)
            and isinstance(node.ops[0], ast.In)
            and isinstance(node.comparators[0], ast.Tuple)
        ):
            try:
                names = ast.literal_eval(node.comparators[0])
            except ValueError:
                continue
            if "mount" in names and "handle_tick" in names:
                return sorted(names)
    raise VocabularyDriftError("V004 lifecycle allow-list not found in djust/checks/components.py")


def lifecycle_data(djust_dir: Path, tables: dict[str, Any], sources: str) -> list[str]:
    names = {m["name"] for m in tables["LIFECYCLE_METHODS"]} | set(v004_allow_list(djust_dir))
    for name in EXTRA_LIFECYCLE:
        if not re.search(rf"def {name}\(|[\"']{name}[\"']", sources):
            raise VocabularyDriftError(f"lifecycle hook {name!r} no longer appears in djust's source")
        names.add(name)
    return sorted(names | set(DJANGO_VIEW_METHODS))


def _class_body_attrs(tree: ast.Module, class_name: str) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            names: set[str] = set()
            for stmt in node.body:
                targets = (
                    stmt.targets
                    if isinstance(stmt, ast.Assign)
                    else [stmt.target]
                    if isinstance(stmt, ast.AnnAssign)
                    else []
                )
                names.update(t.id for t in targets if isinstance(t, ast.Name) and not t.id.startswith("_"))
            return names
    raise VocabularyDriftError(f"class {class_name} not found")


def class_attribute_data(djust_dir: Path, tables: dict[str, Any]) -> list[str]:
    tree = _parse(djust_dir / "live_view.py")
    names = {a["name"] for a in tables["CLASS_ATTRIBUTES"]} | _class_body_attrs(tree, "LiveView")
    return sorted(names)


#: The frozensets in ``live_view.py`` naming public-looking attributes djust keeps out of state.
INTERNAL_ATTRIBUTE_TABLES = ("_FRAMEWORK_INTERNAL_ATTRS", "_COMPONENT_INTERNAL_ATTRS")


def internal_attribute_data(djust_dir: Path) -> list[str]:
    """Attributes djust sets on a view or component that are neither state nor context (``request``).

    Read from djust's own exclusion lists (``_FRAMEWORK_INTERNAL_ATTRS`` and the
    component analog), which decide what djust snapshots as user state.
    """
    tree = _parse(djust_dir / "live_view.py")
    found: dict[str, set[str]] = {}
    for stmt in tree.body if tree else []:
        target = stmt.target if isinstance(stmt, ast.AnnAssign) else stmt.targets[0] if isinstance(stmt, ast.Assign) else None
        if not isinstance(target, ast.Name) or target.id not in INTERNAL_ATTRIBUTE_TABLES or stmt.value is None:
            continue
        value = stmt.value
        if isinstance(value, ast.Call) and value.args:  # ``frozenset({...})``
            value = value.args[0]
        found[target.id] = set(ast.literal_eval(value))
    missing = [name for name in INTERNAL_ATTRIBUTE_TABLES if name not in found]
    if missing or "request" not in found.get("_FRAMEWORK_INTERNAL_ATTRS", set()):
        raise VocabularyDriftError(f"live_view.py no longer defines {', '.join(missing) or 'request as internal'}")
    return sorted(set().union(*found.values()))


def decorator_data(djust_dir: Path, lazy: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Public decorators of ``djust.decorators``; ``handler`` when they make an event handler."""
    tree = _parse(djust_dir / "decorators.py")
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)} if tree else {}
    exported = set(_module_all(tree)) | {attr for module, attr in lazy.values() if module == "djust.decorators"}
    result: dict[str, Any] = {}
    for name in sorted(exported):
        if name.startswith("is_") or name not in functions:
            continue
        calls = {
            c.func.id for c in ast.walk(functions[name]) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
        }
        result[f"djust.decorators.{name}"] = {"handler": name == "event_handler" or "event_handler" in calls}
    if not result.get("djust.decorators.event_handler", {}).get("handler"):
        raise VocabularyDriftError("djust.decorators.event_handler not found")
    return result


def _module_all(tree: ast.Module | None) -> list[str]:
    for stmt in tree.body if tree else []:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets):
            return list(ast.literal_eval(stmt.value))
    return []


def lazy_table(djust_dir: Path) -> dict[str, tuple[str, str]]:
    """djust's PEP 562 ``_LAZY`` export table (name -> (module, attribute))."""
    tree = _parse(djust_dir / "__init__.py")
    for stmt in tree.body if tree else []:
        target = (
            stmt.target
            if isinstance(stmt, ast.AnnAssign)
            else (stmt.targets[0] if isinstance(stmt, ast.Assign) else None)
        )
        if isinstance(target, ast.Name) and target.id == "_LAZY":
            return {k: tuple(v) for k, v in ast.literal_eval(stmt.value).items()}  # type: ignore[misc]
    raise VocabularyDriftError("djust/__init__.py has no literal _LAZY table")


# ---------------------------------------------------------------------------
# Classes and aliases
# ---------------------------------------------------------------------------


def _resolve_relative(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join([*base, *([node.module] if node.module else [])])


_CLASS_HEADER = re.compile(r"^class\s+(\w+)\s*(?:\(([^)]*)\))?\s*:", re.M)


def candidate_classes(sources: dict[str, str]) -> list[str]:
    """Classes that may be views, components or mixins, chosen textually (cheap) before astroid.

    A top-level class qualifies when its name ends in ``Mixin`` or a base's last
    name is a view root or an already-qualified class; iterated to a fixpoint
    across modules.  astroid then decides what each candidate really is.
    """
    classes = [
        (module, match.group(1), {_last_name(b) for b in (match.group(2) or "").split(",")})
        for module, text in sources.items()
        for match in _CLASS_HEADER.finditer(text)
    ]
    names = set(VIEW_ROOT_NAMES)
    chosen: set[str] = set()
    changed = True
    while changed:
        changed = False
        for module, name, bases in classes:
            qualname = f"{module}.{name}"
            if qualname not in chosen and (name.endswith("Mixin") or name in VIEW_ROOT_NAMES or bases & names):
                chosen.add(qualname)
                names.add(name)
                changed = True
    return sorted(chosen)


def _last_name(base: str) -> str:
    return base.split("[", 1)[0].strip().rsplit(".", 1)[-1]


def class_data(resolver: ExternalResolver, candidates: list[str]) -> dict[str, Any]:
    """Resolve candidates with astroid; keep views/components, public mixins and their djust bases."""
    kept: dict[str, Any] = {}
    pending = []
    for qualname in candidates:
        cls = resolver.lookup(qualname)
        if cls is None:
            continue
        name = cls.qualname.rsplit(".", 1)[-1]
        if cls.kind != "mixin" or (name.endswith("Mixin") and not name.startswith("_")):
            pending.append(cls)
    while pending:
        cls = pending.pop()
        if cls.qualname in kept:
            continue
        kept[cls.qualname] = cls
        for base in cls.bases:
            parent = resolver.lookup(base) if base.startswith("djust.") else None
            if parent is not None and parent.qualname not in kept:
                pending.append(parent)
    for root in ("djust.live_view.LiveView", "djust.components.base.LiveComponent"):
        if root not in kept:
            raise VocabularyDriftError(f"{root} could not be read with astroid")
    return {q: class_to_dict(kept[q]) for q in sorted(kept)}


def alias_data(packages: dict[str, ast.Module], lazy: dict[str, tuple[str, str]], targets: set[str]) -> dict[str, str]:
    """Public import paths -> defining qualname, for classes and decorators we ship.

    Sources: djust's ``_LAZY`` table and the ``from .x import Name`` re-exports of
    every package ``__init__``; chains are collapsed to the final definition.
    """
    raw: dict[str, str] = {f"djust.{name}": f"{module}.{attr}" for name, (module, attr) in lazy.items() if attr}
    for module, tree in packages.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _resolve_relative(module, True, node)
                for alias in node.names:
                    if alias.name != "*":
                        raw.setdefault(f"{module}.{alias.asname or alias.name}", f"{source}.{alias.name}")
    aliases: dict[str, str] = {}
    for public, target in raw.items():
        seen = {public}
        while target in raw and target not in seen:
            seen.add(target)
            target = raw[target]
        if target in targets and public != target:
            aliases[public] = target
    return dict(sorted(aliases.items()))


# ---------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------


def build_vocabulary_data(djust_dir: Path) -> dict[str, Any]:
    """The complete JSON structure for the djust installed at ``djust_dir``."""
    tables = schema_tables(djust_dir)
    js = read_client_js(djust_dir)
    modules = _module_files(djust_dir)
    sources = {name: _read(path) for name, path in modules.items()}
    packages = {
        name: tree
        for name, path in modules.items()
        if path.name == "__init__.py" and (tree := _parse(path)) is not None
    }
    python_source = "\n".join(sources.values())
    lazy = lazy_table(djust_dir)
    directives = directive_data(tables)
    decorators = decorator_data(djust_dir, lazy)
    prelim = vocabulary_from_dict({"decorators": decorators})
    _forget_parsed_modules()
    resolver = ExternalResolver(prelim, use_astroid=True, search_path=[str(djust_dir.parent)])
    classes = class_data(resolver, candidate_classes(sources))
    markup = {
        **directives,
        **handler_data(js, tables),
        "client_attributes": client_attributes(
            js, [*static_stylesheets(djust_dir), *selector_strings(sources.values())]
        ),
    }
    understood = vocabulary_from_dict(markup)
    shipped = [n for n in shipped_template_attributes(djust_dir) if not understood.is_known_directive(n)]
    return {
        "format_version": FORMAT_VERSION,
        "djust_version": djust_version(djust_dir),
        **markup,
        "event_reference_directives": event_reference_data(js, tables),
        "key_filter": key_filter_data(js),
        "shipped_attributes": shipped,
        "lifecycle_methods": lifecycle_data(djust_dir, tables, python_source),
        "class_attributes": class_attribute_data(djust_dir, tables),
        "internal_attributes": internal_attribute_data(djust_dir),
        "decorators": decorators,
        "classes": classes,
        "aliases": alias_data(packages, lazy, set(classes) | set(decorators)),
    }


def _forget_parsed_modules() -> None:
    """Drop every module astroid already built in this process.

    When astroid builds a module it records ``obj.attr = ...`` assignments made
    there on the *inferred class* of ``obj``, so a class's ``instance_attrs``
    (our ``state``) depend on which modules this process parsed before: a test
    session that lints djust first adds ``request`` to two gallery views.  The
    data must depend on djust alone.
    """
    from astroid import MANAGER

    MANAGER.clear_cache()


def render(data: dict[str, Any]) -> str:
    """Deterministic JSON text (sorted keys, 1-space indent, trailing newline)."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output would change")
    args = parser.parse_args(argv)
    djust_dir = find_djust_dir()
    if djust_dir is None:
        print("djust is not installed on sys.path", file=sys.stderr)
        return 2
    text = render(build_vocabulary_data(djust_dir))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; rerun scripts/generate_vocabulary.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} (djust {json.loads(text)['djust_version']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
