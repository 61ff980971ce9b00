"""Where scaffolded code goes in a project, and the libcst edits of existing modules and ``urls.py``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.pycst import add_imports, format_python
from ..readers.discovery import module_name_for
from .plan import PlanError
from .scaffold_inputs import IDENTIFIER, Names, Source

if TYPE_CHECKING:  # pragma: no cover
    import libcst as cst


# ---------------------------------------------------------------------------
# Where things go in a project
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectApp:
    rel: str
    """Root-relative POSIX dir of the app."""
    label: str
    package: str
    """Dotted module of the app package."""
    exists: bool


def _candidate_apps(root: Path) -> list[str]:
    found = []
    for base in (root, root / "src"):
        if not base.is_dir():
            continue
        for child in sorted(base.iterdir()):
            if not (child / "__init__.py").is_file() or (child / "settings.py").is_file():
                continue
            if any((child / marker).exists() for marker in ("views.py", "views", "apps.py", "models.py")):
                found.append(child.relative_to(root).as_posix())
    return found


def resolve_app(root: Path, app: str | None) -> ProjectApp:
    if app is None:
        candidates = _candidate_apps(root)
        if len(candidates) != 1:
            listed = ", ".join(candidates) or "none found"
            raise PlanError(f"say which app with --app (candidates: {listed})")
        rel = candidates[0]
    else:
        rel = app.strip().strip("/").replace("\\", "/")
        rel = rel.replace(".", "/") if "/" not in rel else rel
        if not all(IDENTIFIER.match(part) for part in rel.split("/")):
            raise PlanError(f"not an app path or dotted name: {app!r}")
        if not (root / rel).is_dir() and (root / "src" / rel).is_dir():
            rel = f"src/{rel}"
    directory = root / rel
    exists = (directory / "__init__.py").is_file()
    package = _package_of(root, rel, exists)
    if app is not None:
        from .app_names import check_app

        check_app(root, rel, package, app)
    return ProjectApp(rel, rel.rsplit("/", 1)[-1], package, exists)


def _package_of(root: Path, rel: str, exists: bool) -> str:
    if exists:
        return module_name_for(root / rel / "__init__.py", root)[0]
    parent, _, name = rel.rpartition("/")
    if parent and (root / parent / "__init__.py").is_file():
        return module_name_for(root / parent / "__init__.py", root)[0] + "." + name
    return name


def read_file(root: Path, rel: str) -> str | None:
    path = root / rel
    if not path.is_file():
        return None
    from .plan import decode_source

    return decode_source(path.read_bytes(), rel)[0]


# ---------------------------------------------------------------------------
# libcst edits of existing modules
# ---------------------------------------------------------------------------


def parse_module(rel: str, text: str) -> cst.Module:
    import libcst as cst

    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise PlanError(f"{rel} does not parse ({exc.message} at line {exc.raw_line}); fix it first") from None


def defines_class(module: cst.Module, name: str) -> bool:
    import libcst as cst

    return any(isinstance(stmt, cst.ClassDef) and stmt.name.value == name for stmt in module.body)


def _append_statements(module: cst.Module, code: str) -> cst.Module:
    """Append black-formatted top-level statements, two blank lines before each, as black does.

    Trailing comments of the file stay where they are (before the new code);
    trailing blank lines are replaced by the two black puts between classes.
    """
    import libcst as cst

    parsed = cst.parse_module(code)
    kept = list(module.footer)
    while kept and kept[-1].comment is None:
        kept.pop()
    blank = [cst.EmptyLine(), cst.EmptyLine()]
    appended = [stmt.with_changes(leading_lines=blank) for stmt in parsed.body]
    first_leading = [*kept, *blank] if (module.body or kept) else []
    appended[0] = appended[0].with_changes(leading_lines=first_leading)
    return module.with_changes(body=[*module.body, *appended], footer=[], has_trailing_newline=True)


def _edit_module(rel: str, text: str, source: Source, mode: Any) -> str:
    """``text`` with the source's imports added and its statements appended (libcst, bytes elsewhere kept)."""
    module = add_imports(parse_module(rel, text), source.imports, mode.line_length)
    statements = format_python("\n\n\n".join(source.statements) + "\n", mode)
    # multi-line strings keep their raw newlines: give them the file's line ending too
    return _append_statements(module, statements.replace("\n", module.default_newline)).code


def module_text(rel: str, existing: str | None, source: Source, mode: Any) -> str:
    if existing is None or not existing.strip():
        return format_python(source.module_text(), mode)
    return _edit_module(rel, existing, source, mode)


# ---------------------------------------------------------------------------
# urls.py
# ---------------------------------------------------------------------------


def routes_view(text: str, class_name: str) -> bool:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "as_view":
            target = node.value
            name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            if name == class_name:
                return True
    return False


def _path_call(names: Names) -> str:
    return f'path("{names.url}", {names.class_name}.as_view(), name="{names.snake}")'


def new_urls(names: Names, view_import: str, mode: Any) -> str:
    source = f"from django.urls import path\n\n{view_import}\n\nurlpatterns = [\n    {_path_call(names)},\n]\n"
    return format_python(source, mode)


def edit_urls(rel: str, text: str, names: Names, view_module: str, mode: Any) -> str:
    import libcst as cst

    module = parse_module(rel, text)
    body = list(module.body)
    index = _urlpatterns_list(body)
    element = cst.parse_expression(_path_call(names))
    if index is None:
        body.append(cst.parse_statement(f"urlpatterns += [{_path_call(names)}]\n"))
    else:
        stmt = body[index]
        assign = stmt.body[0]
        body[index] = stmt.with_changes(body=[assign.with_changes(value=_append_element(assign.value, element))])
    module = module.with_changes(body=body)
    return add_imports(module, {"django.urls": {"path"}, view_module: {names.class_name}}, mode.line_length).code


def _urlpatterns_list(body: list[Any]) -> int | None:
    import libcst as cst

    for index, stmt in enumerate(body):
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            continue
        node = stmt.body[0]
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.value, cst.List):
            target = node.targets[0].target
            if isinstance(target, cst.Name) and target.value == "urlpatterns":
                return index
    return None


def _append_element(value: Any, expression: Any) -> Any:
    """Append to a list literal in its own style: one per line when it is multi-line.

    A comment after the current last entry stays on its line (libcst keeps it
    in the closing bracket's whitespace, which moves to that entry's comma).
    """
    import libcst as cst

    elements = list(value.elements)
    if not elements:  # black's shape for a one-entry list that will grow: one per line
        code = cst.Module([]).code_for_node(expression)
        return cst.parse_expression(f"[\n    {code},\n]")
    last = elements[-1]
    closing = value.rbracket.whitespace_before
    if not isinstance(closing, cst.ParenthesizedWhitespace):
        elements[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        elements.append(cst.Element(expression, comma=last.comma))
        return value.with_changes(elements=elements)
    opening = value.lbracket.whitespace_after
    indent = opening.last_line if isinstance(opening, cst.ParenthesizedWhitespace) else cst.SimpleWhitespace("    ")
    trailing_comma = isinstance(last.comma, cst.Comma)
    comma = last.comma if trailing_comma else cst.Comma()
    elements[-1] = last.with_changes(comma=comma.with_changes(whitespace_after=closing.with_changes(last_line=indent)))
    elements.append(cst.Element(expression, comma=cst.Comma() if trailing_comma else cst.MaybeSentinel.DEFAULT))
    plain_close = cst.ParenthesizedWhitespace(indent=closing.indent, last_line=closing.last_line)
    return value.with_changes(elements=elements, rbracket=value.rbracket.with_changes(whitespace_before=plain_close))


