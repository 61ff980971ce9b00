"""Scaffolding: new djust views and components as reviewable edit plans.

Why plans: an AI editor or a person asks for a view, looks at the diff, then
applies it; nothing is written before that, and a plan made against files that
changed since is refused (see :mod:`djust_lint.codemods.plan`).

Why this shape of generated code: every feature combination must pass
``djust-lint check`` with the default rules, compile, and pass djust's own
``validate_view``. So handlers are ``@event_handler`` methods taking
``**kwargs``, ``mount(self, request, **kwargs)`` is correct, coroutines are
awaited, rows are plain dicts (never querysets or model instances) and helpers
are private (``_refresh``) so nothing looks like an undecorated handler.

Existing ``views.py``/``components.py``/``urls.py`` are edited with libcst: the
new class is formatted with black (the project's ``[tool.black]`` settings) and
appended, missing imports are added once, and every other byte stays as it was.
New files are formatted with black as a whole. Running the same scaffold twice
plans no change the second time.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.pycst import add_imports, black_mode, format_python
from ..readers.discovery import module_name_for
from .common import split_top_level
from .features import LIST_FEATURES, VIEW_FEATURES
from .plan import EditPlan, FileEdit, PlanError, plan_file

if TYPE_CHECKING:  # pragma: no cover
    import libcst as cst

#: Every feature ``scaffold view --features`` accepts, in the order code is generated.
_PROP_TYPES: dict[str, str] = {"str": '""', "int": "0", "float": "0.0", "bool": "False", "list": "None", "dict": "None"}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+")
_STDLIB = frozenset({"asyncio", "collections.abc", "typing"})


# ---------------------------------------------------------------------------
# Names and inputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """The spellings of one scaffolded thing: ``ProductList`` -> ProductListView, product_list."""

    class_name: str
    snake: str
    title: str

    @property
    def url(self) -> str:
        return self.snake.replace("_", "-") + "/"

    @property
    def codename(self) -> str:
        """Django permission codename style: lower case, no separators."""
        return self.snake.replace("_", "")


def _words(name: str) -> list[str]:
    if not name or not all(_IDENTIFIER.match(part) for part in name.replace("-", "_").split(".")):
        raise PlanError(f"not a valid name: {name!r} (use letters, digits and underscores, e.g. ProductList)")
    found = [w.lower() for chunk in re.split(r"[_\-\s]+", name) for w in _WORDS.findall(chunk)]
    if not found:
        raise PlanError(f"not a valid name: {name!r}")
    return found


def view_names(name: str) -> Names:
    """``product_list``, ``ProductList`` and ``ProductListView`` all give ProductListView."""
    words = _words(name)
    if words[-1] == "view" and len(words) > 1:
        words = words[:-1]
    return Names("".join(w.capitalize() for w in words) + "View", "_".join(words), " ".join(words).capitalize())


def component_names(name: str) -> Names:
    words = _words(name)
    return Names("".join(w.capitalize() for w in words), "_".join(words), " ".join(words).capitalize())


def parse_features(features: str | Iterable[str]) -> tuple[str, ...]:
    """Validated features in canonical order; accepts ``"search,crud"`` or an iterable."""
    items = features.split(",") if isinstance(features, str) else list(features)
    chosen = {item.strip().lower() for item in items if item.strip()}
    unknown = sorted(chosen - set(VIEW_FEATURES))
    if unknown:
        raise PlanError(f"unknown feature(s): {', '.join(unknown)} (choose from {', '.join(VIEW_FEATURES)})")
    return tuple(f for f in VIEW_FEATURES if f in chosen)


@dataclass(frozen=True)
class Prop:
    """One component property: ``name: type = default``."""

    name: str
    type: str
    default: str | None = None
    """Python source of the default, or None when the prop is required."""


def parse_props(props: str | Iterable[str | Prop]) -> tuple[Prop, ...]:
    """``"title:str,count:int=0"`` (or an iterable of such items / Prop) -> Props, validated."""
    items = split_top_level(props) if isinstance(props, str) else list(props)
    parsed = [item if isinstance(item, Prop) else _parse_prop(item) for item in items if not isinstance(item, str) or item.strip()]
    names = [p.name for p in parsed]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise PlanError(f"duplicate prop(s): {', '.join(duplicates)}")
    return tuple(parsed)


def _parse_prop(text: str) -> Prop:
    spec, has_default, default = text.strip().partition("=")
    name, _, type_name = spec.partition(":")
    name, type_name = name.strip(), (type_name.strip() or "str")
    if not _IDENTIFIER.match(name) or keyword.iskeyword(name) or name.startswith("_"):
        raise PlanError(f"prop name {name!r} is not a public Python identifier")
    if type_name not in _PROP_TYPES:
        raise PlanError(f"prop {name!r}: unknown type {type_name!r} (choose from {', '.join(_PROP_TYPES)})")
    if not has_default:
        return Prop(name, type_name)
    return Prop(name, type_name, _default_source(name, type_name, default.strip()))


def _default_source(name: str, type_name: str, text: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        if type_name != "str":
            raise PlanError(f"prop {name!r}: default {text!r} is not a {type_name} literal") from None
        value = text
    expected = {"str": str, "int": int, "float": (int, float), "bool": bool, "list": list, "dict": dict}[type_name]
    if not isinstance(value, expected) or (type_name == "int" and isinstance(value, bool)):
        raise PlanError(f"prop {name!r}: default {text!r} is not a {type_name}")
    if type_name in ("list", "dict"):
        return "None"  # mutable defaults are shared between instances; mount() builds a fresh one
    return repr(float(value) if type_name == "float" else value)


# ---------------------------------------------------------------------------
# Generated Python: a module is imports + statements, formatted by black
# ---------------------------------------------------------------------------


@dataclass
class Source:
    """Generated code before formatting: imports (module -> names) and top-level statements."""

    imports: dict[str, set[str]] = field(default_factory=dict)
    statements: list[str] = field(default_factory=list)

    def need(self, module: str, *names: str) -> None:
        self.imports.setdefault(module, set()).update(names)

    def import_lines(self) -> list[str]:
        """isort-style: stdlib block, then third-party; ``import x`` for modules imported whole."""
        blocks: list[list[str]] = [[], []]
        for module in sorted(self.imports):
            names = sorted(self.imports[module])
            line = f"import {module}" if names == [""] else f"from {module} import {', '.join(names)}"
            blocks[0 if module in _STDLIB else 1].append(line)
        return ["\n".join(block) for block in blocks if block]

    def module_text(self) -> str:
        return "\n\n".join(self.import_lines()) + "\n\n\n" + "\n\n\n".join(self.statements) + "\n"


# ---------------------------------------------------------------------------
# Views: each feature contributes bases, attributes, mount lines, methods, markup
# ---------------------------------------------------------------------------


@dataclass
class _View:
    names: Names
    features: tuple[str, ...]
    app_label: str
    source: Source = field(default_factory=Source)
    preamble: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    attrs: list[str] = field(default_factory=list)
    mount: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    markup: list[str] = field(default_factory=list)

    def has(self, feature: str) -> bool:
        return feature in self.features

    def dom_id(self, suffix: str) -> str:
        return f"{self.names.snake.replace('_', '-')}-{suffix}"

    def handler(self, signature: str, body: str, doc: str, *, mutates: bool = False, extra: Sequence[str] = ()) -> None:
        """Add an ``@event_handler`` method; under ``auth``, mutating ones also get a permission."""
        self.source.need("djust.decorators", "event_handler")
        decorators = ["@event_handler", *extra]
        if mutates and self.has("auth"):
            self.source.need("djust.decorators", "permission_required")
            decorators.insert(0, f'@permission_required("{self.app_label}.change_{self.names.codename}")')
        self.method(signature, body, doc, decorators)

    def method(self, signature: str, body: str, doc: str, decorators: Sequence[str] = ()) -> None:
        lines = [*decorators, f"def {signature}:" if not signature.startswith("async ") else f"{signature}:"]
        lines.append(f'    """{doc}"""')
        lines.extend("    " + line if line else "" for line in body.strip("\n").splitlines())
        self.methods.append("\n".join(lines))


def _feature_auth(view: _View) -> None:
    if view.has("auth"):
        view.attrs.append("login_required = True")
    else:
        view.attrs.append("login_required = False  # public on purpose")


def _feature_list(view: _View) -> None:
    """The rows shared by search, crud and pagination, recomputed by ``_refresh``."""
    if not LIST_FEATURES & set(view.features):
        return
    view.mount += ["self._rows = self._load_rows()", "self.items = []"]
    view.method(
        "_load_rows(self) -> list[dict]",
        'return [{"id": 1, "name": "First item"}, {"id": 2, "name": "Second item"}]',
        "The rows to show, as plain dicts. For a model, return e.g.\n"
        '        list(Item.objects.values("id", "name")): keep querysets out of public state.',
    )
    body = ["rows = self._rows"]
    if view.has("search"):
        body += [
            "query = self.query.strip().lower()",
            "if query:",
            '    rows = [row for row in rows if query in row["name"].lower()]',
        ]
    if view.has("pagination"):
        body += [
            "self.page_count = max(1, -(-len(rows) // self.page_size))",
            "self.page = min(max(1, self.page), self.page_count)",
            "self.prev_page, self.next_page = self.page - 1, self.page + 1",
            "start = (self.page - 1) * self.page_size",
            "rows = rows[start : start + self.page_size]",
        ]
    body.append("self.items = list(rows)")
    view.method("_refresh(self) -> None", "\n".join(body), "Recompute the visible items from the rows.")
    view.markup.append(_list_markup(view))


def _list_markup(view: _View) -> str:
    if view.has("crud"):
        row = (
            "      {% if item.id == editing_id %}\n"
            '      <form dj-submit="update_item">\n'
            '        <input type="hidden" name="item_id" value="{{ item.id }}">\n'
            '        <label>Name <input name="name" value="{{ item.name }}" required></label>\n'
            '        <button type="submit">Save</button>\n'
            '        <button type="button" dj-click="cancel_edit">Cancel</button>\n'
            "      </form>\n"
            "      {% else %}\n"
            "      <span>{{ item.name }}</span>\n"
            '      <button type="button" dj-click="edit_item({{ item.id }})">Edit</button>\n'
            '      <button type="button" dj-click="delete_item({{ item.id }})">Delete</button>\n'
            "      {% endif %}\n"
        )
    else:
        row = "      {{ item.name }}\n"
    return (
        f'  <ul id="{view.dom_id("items")}">\n'
        "    {% for item in items %}\n"
        f'    <li id="{view.dom_id("item")}-{{{{ item.id }}}}">\n{row}    </li>\n'
        "    {% empty %}\n"
        "    <li>Nothing here yet.</li>\n"
        "    {% endfor %}\n"
        "  </ul>"
    )


def _feature_search(view: _View) -> None:
    if not view.has("search"):
        return
    view.mount.insert(0, 'self.query = ""')
    view.source.need("djust.decorators", "debounce")
    reset = "self.page = 1\n" if view.has("pagination") else ""
    view.handler(
        'search_items(self, value: str = "", **kwargs)',
        f"self.query = value\n{reset}self._refresh()",
        "Filter the items by name as the user types (debounced in the browser).",
        extra=["@debounce(wait=0.3)"],
    )
    view.markup.insert(
        0,
        f'  <label for="{view.dom_id("search")}">Search</label>\n'
        f'  <input type="search" id="{view.dom_id("search")}" name="query" value="{{{{ query }}}}" dj-input="search_items">',
    )


def _feature_crud(view: _View) -> None:
    if not view.has("crud"):
        return
    view.mount.insert(0, "self.editing_id = 0")
    view.handler(
        'create_item(self, name: str = "", **kwargs)',
        'name = name.strip()\nif name:\n    next_id = max((row["id"] for row in self._rows), default=0) + 1\n'
        '    self._rows.append({"id": next_id, "name": name})\nself._refresh()',
        "Add an item (for a model: Item.objects.create(name=name), then reload the rows).",
        mutates=True,
    )
    view.handler(
        "edit_item(self, item_id: int = 0, **kwargs)", "self.editing_id = item_id", "Show the edit form of one item.", mutates=True
    )
    view.handler(
        'update_item(self, item_id: int = 0, name: str = "", **kwargs)',
        'name = name.strip()\nfor row in self._rows:\n    if row["id"] == item_id and name:\n        row["name"] = name\n'
        "self.editing_id = 0\nself._refresh()",
        "Save the edited name of one item.",
        mutates=True,
    )
    view.handler("cancel_edit(self, **kwargs)", "self.editing_id = 0", "Close the edit form without saving.", mutates=True)
    view.handler(
        "delete_item(self, item_id: int = 0, **kwargs)",
        'self._rows = [row for row in self._rows if row["id"] != item_id]\nself._refresh()',
        "Remove one item.",
        mutates=True,
    )
    view.markup.append(
        '  <form dj-submit="create_item">\n'
        f'    <label for="{view.dom_id("new-name")}">New item</label>\n'
        f'    <input id="{view.dom_id("new-name")}" name="name" required>\n'
        '    <button type="submit">Add</button>\n'
        "  </form>"
    )


def _feature_pagination(view: _View) -> None:
    if not view.has("pagination"):
        return
    view.attrs.append("page_size = 10")
    view.mount.insert(0, "self.page = 1")
    view.mount.insert(1, "self.page_count = 1")
    view.mount.insert(2, "self.prev_page, self.next_page = 0, 2")
    view.handler(
        "show_page(self, page: int = 1, **kwargs)",
        "self.page = page\nself._refresh()",
        "Go to ``page`` (clamped to the pages that exist).",
    )
    view.markup.append(
        '  <nav aria-label="Pages">\n'
        '    <button type="button" dj-click="show_page({{ prev_page }})" {% if page <= 1 %}disabled{% endif %}>Previous</button>\n'
        "    <span>Page {{ page }} of {{ page_count }} ({{ page_size }} per page)</span>\n"
        '    <button type="button" dj-click="show_page({{ next_page }})" {% if page >= page_count %}disabled{% endif %}>Next</button>\n'
        "  </nav>"
    )


def _feature_form(view: _View) -> None:
    if not view.has("form"):
        return
    form = view.names.class_name.removesuffix("View") + "Form"
    view.source.need("django", "forms")
    view.source.need("djust.forms", "FormMixin")
    view.preamble.append(
        f"class {form}(forms.Form):\n"
        f'    """The fields of {view.names.class_name}\'s form, validated live by FormMixin."""\n\n'
        "    name = forms.CharField(max_length=100)\n"
        "    email = forms.EmailField()"
    )
    view.bases.insert(0, "FormMixin")
    view.attrs.append(f"form_class = {form}")
    view.mount.insert(0, "super().mount(request, **kwargs)  # FormMixin sets up form_data and field_errors")
    view.method(
        "form_valid(self, form)",
        'self.success_message = "Thanks, " + form.cleaned_data["name"] + "!"',
        "Called by FormMixin.submit_form when every field is valid: save or send the data here.",
    )
    fields = "".join(
        f'    <label for="{view.dom_id(name)}">{label}</label>\n'
        f'    <input id="{view.dom_id(name)}" name="{name}" type="{kind}" value="{{{{ form_data.{name} }}}}" dj-change="validate_field">\n'
        f'    {{% for error in field_errors.{name} %}}<p class="error">{{{{ error }}}}</p>{{% endfor %}}\n'
        for name, label, kind in (("name", "Name", "text"), ("email", "Email", "email"))
    )
    view.markup.append(
        f'  <form dj-submit="submit_form">\n{fields}'
        '    <button type="submit">Send</button>\n'
        '    {% if success_message %}<p role="status">{{ success_message }}</p>{% endif %}\n'
        "  </form>"
    )


def _feature_presence(view: _View) -> None:
    if not view.has("presence"):
        return
    view.source.need("djust.presence", "PresenceMixin")
    view.bases.insert(0, "PresenceMixin")
    view.attrs.append(f'presence_key = "{view.app_label}.{view.names.snake}"')
    view.mount += ["self.online_count = 0", "self.track_presence()  # counts this visitor once the WebSocket connects"]
    view.markup.insert(0, '  <p role="status">{{ online_count }} online</p>')


def _feature_streaming(view: _View) -> None:
    if not view.has("streaming"):
        return
    view.source.need("asyncio", "")
    view.source.need("collections.abc", "AsyncIterator")
    view.mount.append("self.messages = []")
    target = view.dom_id("messages")
    view.handler(
        'async def send_message(self, content: str = "", **kwargs)',
        'content = content.strip()\nif not content:\n    return\nself.messages.append({"role": "user", "content": content})\n'
        'self.messages.append({"role": "assistant", "content": ""})\n'
        "async for token in self._reply_tokens(content):\n"
        '    self.messages[-1]["content"] += token\n'
        f'    await self.stream_to("messages", target="#{target}")',
        "Add the message, then stream the reply into the page as it is produced.",
        mutates=True,
    )
    view.method(
        "async def _reply_tokens(self, content: str) -> AsyncIterator[str]",
        'for word in ("You said:", content):\n    await asyncio.sleep(0)  # your model or API client streams here\n'
        '    yield word + " "',
        "The reply, piece by piece. Replace with your LLM or service client's streaming call.",
    )
    view.markup.append(
        f'  <div id="{target}" dj-stream="messages">\n'
        '    {% for message in messages %}<p class="{{ message.role }}">{{ message.content }}</p>{% endfor %}\n'
        "  </div>\n"
        '  <form dj-submit="send_message">\n'
        f'    <label for="{view.dom_id("content")}">Message</label>\n'
        f'    <input id="{view.dom_id("content")}" name="content" autocomplete="off" required>\n'
        '    <button type="submit">Send</button>\n'
        "  </form>"
    )


_FEATURE_STEPS = (
    _feature_auth,
    _feature_list,
    _feature_search,
    _feature_crud,
    _feature_pagination,
    _feature_form,
    _feature_presence,
    _feature_streaming,
)


def _build_view(name: str, features: Iterable[str], app_label: str) -> _View:
    names = view_names(name)
    view = _View(names, parse_features(features), app_label)
    view.source.need("djust", "LiveView")
    view.bases.append("LiveView")
    view.attrs.append(f'template_name = "{app_label}/{names.snake}.html"')
    for step in _FEATURE_STEPS:
        step(view)
    if not view.has("form") and not view.mount:
        view.mount.append(f'self.title = "{names.title}"')
    if LIST_FEATURES & set(view.features):
        view.mount.append("self._refresh()")
    return view


def _class_text(view: _View) -> str:
    doc = f'    """{view.names.title}: a djust LiveView ({", ".join(view.features) or "no features"})."""'
    attrs = "\n".join("    " + attr for attr in view.attrs)
    mount = "\n".join("        " + line for line in view.mount)
    methods = "\n\n".join("\n".join("    " + ln if ln else "" for ln in m.splitlines()) for m in view.methods)
    head = f"class {view.names.class_name}({', '.join(view.bases)}):\n{doc}\n\n{attrs}\n\n"
    return head + f"    def mount(self, request, **kwargs):\n{mount}\n\n{methods}".rstrip() + "\n"


def render_view_source(
    name: str, features: Iterable[str] = (), *, app_label: str = "app", mode: Any = None
) -> str:
    """The whole module of a new view (imports, form class, view class), black-formatted."""
    view = _build_view(name, features, app_label)
    return format_python(_view_source(view).module_text(), mode)


def _view_source(view: _View) -> Source:
    return Source(view.source.imports, [*view.preamble, _class_text(view)])


def render_view_template(name: str, features: Iterable[str] = (), *, app_label: str = "app", module: str = "app.views") -> str:
    """The template of a new view; its ``dj-*`` bindings name exactly the generated handlers."""
    view = _build_view(name, features, app_label)
    heading = "{{ title }}" if "self.title = " in "\n".join(view.mount) else view.names.title
    body = "\n".join([f"  <h1>{heading}</h1>", *view.markup])
    return f'<div dj-root dj-view="{module}.{view.names.class_name}">\n{body}\n</div>\n'


# ---------------------------------------------------------------------------
# Components
# ---------------------------------------------------------------------------


def _prop_signature(props: Sequence[Prop]) -> str:
    required = [f"{p.name}: {p.type}" for p in props if p.default is None]
    optional = [f"{p.name}: {p.type}{' | None' if p.default == 'None' else ''} = {p.default}" for p in props if p.default is not None]
    return ", ".join(["self", *required, *optional, "**kwargs"])


def _prop_value(prop: Prop) -> str:
    if prop.default == "None" and prop.type in ("list", "dict"):
        return f"{prop.name} if {prop.name} is not None else {'[]' if prop.type == 'list' else '{}'}"
    return prop.name


def _component_markup(names: Names, props: Sequence[Prop], live: bool) -> str:
    shown = "".join(f'  <span class="{names.snake.replace("_", "-")}-{p.name}">{{{{ {p.name} }}}}</span>\n' for p in props)
    if not live:
        return f'<div class="{names.snake.replace("_", "-")}">\n{shown}</div>'
    return (
        f'<div class="{names.snake.replace("_", "-")}" data-component-id="{{{{ component_id }}}}">\n{shown}'
        '  <button type="button" dj-click="toggle" aria-expanded="{% if expanded %}true{% else %}false{% endif %}">Toggle</button>\n'
        "  {% if expanded %}<div>Details</div>{% endif %}\n"
        "</div>"
    )


def _component_class(names: Names, props: Sequence[Prop], live: bool, template_name: str) -> Source:
    source = Source()
    assigns = "".join(f"        self.{p.name} = {_prop_value(p)}\n" for p in props)
    if live:
        source.need("djust", "LiveComponent")
        source.need("djust.decorators", "event_handler")
        text = (
            f"class {names.class_name}(LiveComponent):\n"
            f'    """{names.title}: a LiveComponent with its own state and events."""\n\n'
            f'    template_name = "{template_name}"\n\n'
            f"    def mount({_prop_signature(props)}):\n{assigns}        self.expanded = False\n\n"
            "    @event_handler\n    def toggle(self, **kwargs):\n"
            '        """Show or hide the details."""\n        self.expanded = not self.expanded\n'
        )
    else:
        source.need("djust", "Component")
        context = ", ".join(f'"{p.name}": self.{p.name}' for p in props)
        kwargs = ", ".join(f"{p.name}={p.name}" for p in props)
        markup = _component_markup(names, props, live=False)
        text = (
            f"class {names.class_name}(Component):\n"
            f'    """{names.title}: a stateless component (renders only, no events)."""\n\n'
            f"    template = {_triple_quoted(markup)}\n\n"
            f"    def __init__({_prop_signature(props)}):\n"
            f"        super().__init__({kwargs + ', ' if kwargs else ''}**kwargs)\n{assigns}\n"
            f"    def get_context_data(self) -> dict:\n        return {{{context}}}\n"
        )
    source.statements.append(text)
    return source


def _triple_quoted(text: str) -> str:
    return '"""\n' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '\n"""'


def render_component_source(
    name: str, props: str | Iterable[str | Prop] = (), live: bool = False, *, app_label: str = "app", mode: Any = None
) -> str:
    """The whole module of a new component, black-formatted (stateless: the template is inline)."""
    names = component_names(name)
    source = _component_class(names, parse_props(props), live, f"{app_label}/components/{names.snake}.html")
    return format_python(source.module_text(), mode)


def render_component_template(name: str, props: str | Iterable[str | Prop] = ()) -> str:
    """The template file of a LiveComponent (root carries ``data-component-id``)."""
    return _component_markup(component_names(name), parse_props(props), live=True) + "\n"


# ---------------------------------------------------------------------------
# Where things go in a project
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _App:
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


def _resolve_app(root: Path, app: str | None) -> _App:
    if app is None:
        candidates = _candidate_apps(root)
        if len(candidates) != 1:
            listed = ", ".join(candidates) or "none found"
            raise PlanError(f"say which app with --app (candidates: {listed})")
        rel = candidates[0]
    else:
        rel = app.strip().strip("/").replace("\\", "/")
        rel = rel.replace(".", "/") if "/" not in rel else rel
        if not all(_IDENTIFIER.match(part) for part in rel.split("/")):
            raise PlanError(f"not an app path or dotted name: {app!r}")
        if not (root / rel).is_dir() and (root / "src" / rel).is_dir():
            rel = f"src/{rel}"
    directory = root / rel
    exists = (directory / "__init__.py").is_file()
    package = _package_of(root, rel, exists)
    if app is not None:
        from .app_names import check_app

        check_app(root, rel, package, app)
    return _App(rel, rel.rsplit("/", 1)[-1], package, exists)


def _package_of(root: Path, rel: str, exists: bool) -> str:
    if exists:
        return module_name_for(root / rel / "__init__.py", root)[0]
    parent, _, name = rel.rpartition("/")
    if parent and (root / parent / "__init__.py").is_file():
        return module_name_for(root / parent / "__init__.py", root)[0] + "." + name
    return name


def _read(root: Path, rel: str) -> str | None:
    path = root / rel
    if not path.is_file():
        return None
    from .plan import decode_source

    return decode_source(path.read_bytes(), rel)[0]


# ---------------------------------------------------------------------------
# libcst edits of existing modules
# ---------------------------------------------------------------------------


def _parse_module(rel: str, text: str) -> cst.Module:
    import libcst as cst

    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise PlanError(f"{rel} does not parse ({exc.message} at line {exc.raw_line}); fix it first") from None


def _defines_class(module: cst.Module, name: str) -> bool:
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
    module = add_imports(_parse_module(rel, text), source.imports, mode.line_length)
    statements = format_python("\n\n\n".join(source.statements) + "\n", mode)
    # multi-line strings keep their raw newlines: give them the file's line ending too
    return _append_statements(module, statements.replace("\n", module.default_newline)).code


def _module_text(rel: str, existing: str | None, source: Source, mode: Any) -> str:
    if existing is None or not existing.strip():
        return format_python(source.module_text(), mode)
    return _edit_module(rel, existing, source, mode)


# ---------------------------------------------------------------------------
# urls.py
# ---------------------------------------------------------------------------


def _routes_view(text: str, class_name: str) -> bool:
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


def _new_urls(names: Names, view_import: str, mode: Any) -> str:
    source = f"from django.urls import path\n\n{view_import}\n\nurlpatterns = [\n    {_path_call(names)},\n]\n"
    return format_python(source, mode)


def _edit_urls(rel: str, text: str, names: Names, view_module: str, mode: Any) -> str:
    import libcst as cst

    module = _parse_module(rel, text)
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


# ---------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------


@dataclass
class _Planner:
    """Collects file edits; a file already holding what we would write is left alone."""

    root: Path
    plan: EditPlan

    def write(self, rel: str, new_text: str) -> None:
        edit: FileEdit = plan_file(self.root, rel, new_text)
        if edit.changed:
            self.plan.edits.append(edit)

    def note(self, message: str) -> None:
        self.plan.messages.append(message)


def _code_target(app: _App, kind: str, snake: str, root: Path) -> tuple[str, str]:
    """(root-relative file, dotted module) for new code of ``kind`` ('views' or 'components')."""
    package_dir = root / app.rel / kind
    if (package_dir / "__init__.py").is_file():
        return f"{app.rel}/{kind}/{snake}.py", f"{app.package}.{kind}.{snake}"
    return f"{app.rel}/{kind}.py", f"{app.package}.{kind}"


def _ensure_app(planner: _Planner, app: _App) -> None:
    if not app.exists:
        planner.write(f"{app.rel}/__init__.py", "")
        planner.note(f"created the app package {app.rel}/: add '{app.package}' to INSTALLED_APPS")


def _plan_template(planner: _Planner, rel: str, text: str, class_existed: bool) -> None:
    existing = _read(planner.root, rel)
    if existing is None or existing == text:
        planner.write(rel, text)
    elif class_existed:
        planner.note(f"{rel} exists; left unchanged")
    else:
        raise PlanError(f"{rel} already exists with other content; move it away or choose another name")


def _plan_code(planner: _Planner, rel: str, source: Source, class_name: str, mode: Any) -> bool:
    """Plan the class into ``rel``; returns True when the class was already there (then nothing changes)."""
    existing = _read(planner.root, rel)
    if existing is not None and existing.strip() and _defines_class(_parse_module(rel, existing), class_name):
        planner.note(f"{class_name} already exists in {rel}; left unchanged")
        return True
    planner.write(rel, _module_text(rel, existing, source, mode))
    return False


def _plan_urls(planner: _Planner, app: _App, names: Names, module: str, mode: Any) -> None:
    rel = f"{app.rel}/urls.py"
    relative = module.removeprefix(app.package)
    view_import = f"from {relative} import {names.class_name}"
    existing = _read(planner.root, rel)
    if existing is None or not existing.strip():
        planner.write(rel, _new_urls(names, view_import, mode))
        planner.note(f"created {rel}: include('{app.package}.urls') in your root URLconf if it is not there yet")
    elif _routes_view(existing, names.class_name):
        planner.note(f"{rel} already routes {names.class_name}; left unchanged")
    else:
        planner.write(rel, _edit_urls(rel, existing, names, relative, mode))


def plan_scaffold_view(root: Path, name: str, app: str | None = None, features: str | Iterable[str] = ()) -> EditPlan:
    """Plan a new LiveView: its class (new module or appended to views.py), template and URL entry."""
    root = Path(root).resolve()
    chosen = parse_features(features)
    names = view_names(name)
    target_app = _resolve_app(root, app)
    mode = black_mode(root)
    plan = EditPlan(root, f"scaffold view {names.class_name} ({', '.join(chosen) or 'no features'})")
    planner = _Planner(root, plan)
    _ensure_app(planner, target_app)
    rel, module = _code_target(target_app, "views", names.snake, root)
    view = _build_view(name, chosen, target_app.label)
    existed = _plan_code(planner, rel, _view_source(view), names.class_name, mode)
    template_rel = f"{target_app.rel}/templates/{target_app.label}/{names.snake}.html"
    template = render_view_template(name, chosen, app_label=target_app.label, module=module)
    _plan_template(planner, template_rel, template, existed)
    _plan_urls(planner, target_app, names, module, mode)
    return plan


def plan_scaffold_component(
    root: Path, name: str, props: str | Iterable[str | Prop] = (), live: bool = False, app: str | None = None
) -> EditPlan:
    """Plan a new component: stateless (inline template) or LiveComponent (with a template file)."""
    root = Path(root).resolve()
    names = component_names(name)
    parsed = parse_props(props)
    target_app = _resolve_app(root, app)
    mode = black_mode(root)
    kind = "LiveComponent" if live else "Component"
    plan = EditPlan(root, f"scaffold component {names.class_name} ({kind})")
    planner = _Planner(root, plan)
    _ensure_app(planner, target_app)
    rel, _module = _code_target(target_app, "components", names.snake, root)
    template_name = f"{target_app.label}/components/{names.snake}.html"
    existed = _plan_code(planner, rel, _component_class(names, parsed, live, template_name), names.class_name, mode)
    if live:
        template_rel = f"{target_app.rel}/templates/{template_name}"
        _plan_template(planner, template_rel, render_component_template(name, parsed), existed)
    return plan
