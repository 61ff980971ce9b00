"""Scaffold inputs: names, features and component props, and generated Python before black.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .common import split_top_level
from .features import VIEW_FEATURES
from .plan import PlanError

if TYPE_CHECKING:  # pragma: no cover
    pass


#: Every feature ``scaffold view --features`` accepts, in the order code is generated.
_PROP_TYPES: dict[str, str] = {"str": '""', "int": "0", "float": "0.0", "bool": "False", "list": "None", "dict": "None"}
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
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
    if not name or not all(IDENTIFIER.match(part) for part in name.replace("-", "_").split(".")):
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
    if not IDENTIFIER.match(name) or keyword.iskeyword(name) or name.startswith("_"):
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


