"""The code and markup of a new component (stateless or live).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..core.pycst import format_python
from .scaffold_inputs import Names, Prop, Source, component_names, parse_props

if TYPE_CHECKING:  # pragma: no cover
    pass


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


def component_class(names: Names, props: Sequence[Prop], live: bool, template_name: str) -> Source:
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
    source = component_class(names, parse_props(props), live, f"{app_label}/components/{names.snake}.html")
    return format_python(source.module_text(), mode)


def render_component_template(name: str, props: str | Iterable[str | Prop] = ()) -> str:
    """The template file of a LiveComponent (root carries ``data-component-id``)."""
    return _component_markup(component_names(name), parse_props(props), live=True) + "\n"


