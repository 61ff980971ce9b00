"""The code and markup of a new view: each feature contributes bases, attributes, mount lines, methods and markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.pycst import format_python
from .features import LIST_FEATURES
from .scaffold_inputs import Names, Source, parse_features, view_names

if TYPE_CHECKING:  # pragma: no cover
    pass


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


def build_view(name: str, features: Iterable[str], app_label: str) -> _View:
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
    view = build_view(name, features, app_label)
    return format_python(view_source(view).module_text(), mode)


def view_source(view: _View) -> Source:
    return Source(view.source.imports, [*view.preamble, _class_text(view)])


def render_view_template(name: str, features: Iterable[str] = (), *, app_label: str = "app", module: str = "app.views") -> str:
    """The template of a new view; its ``dj-*`` bindings name exactly the generated handlers."""
    view = build_view(name, features, app_label)
    heading = "{{ title }}" if "self.title = " in "\n".join(view.mount) else view.names.title
    body = "\n".join([f"  <h1>{heading}</h1>", *view.markup])
    return f'<div dj-root dj-view="{module}.{view.names.class_name}">\n{body}\n</div>\n'


