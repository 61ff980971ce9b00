"""Render the project graph as text, JSON, Mermaid or Graphviz dot."""

from __future__ import annotations

import json
import re

from ..graph.model import ProjectGraph


def render_graph(graph: ProjectGraph, fmt: str, view: str | None = None) -> str:
    data = graph.to_json(view=view)
    if fmt == "json":
        # Compact on purpose: with ``indent`` the json module falls back to its slow
        # pure-Python encoder (7x slower on large projects); pipe to ``jq`` to read it.
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    if fmt == "mermaid":
        return _mermaid(data)
    if fmt == "dot":
        return _dot(data)
    return _text(data)


def _text(data: dict) -> str:
    out = [f"project {data['root']} (djust {data['djust_version']})"]
    for view in data["views"]:
        template = view["template"]
        out.append(f"{view['kind']} {view['qualname']}  [{view['path']}:{view['span']['line']}]")
        out.append(f"  template: {template['kind'] or 'none'} {template['key'] or ''}".rstrip())
        if template.get("reason"):
            out.append(f"  bindings not checked: {template['reason']}")
        if view["unresolved_bases"]:
            out.append(f"  unresolved bases: {', '.join(view['unresolved_bases'])}")
        for name, handler in view["handlers"].items():
            params = ", ".join(("" if p["required"] else "?") + p["name"] for p in handler["params"])
            out.append(f"  handler {name}({params})  <- {handler['owner']}")
        public = [n for n in view["state"] if not n.startswith("_")]
        if public:
            out.append(f"  state: {', '.join(public)}")
    for template in data["templates"]:
        installed = "  (installed package; not reported on)" if template.get("installed") else ""
        out.append(f"template {template['key']}  [{template['path']}]{installed}")
        for edge in template["edges"]:
            out.append(f"  {edge['kind']} {edge['target']} -> {edge['resolved'] or 'MISSING'}")
        if template["rendered_by"]:
            out.append(f"  rendered by: {', '.join(template['rendered_by'])}")
    out.append(f"bindings: {len(data['bindings'])}, routes: {len(data['routes'])}, references: {len(data['references'])}")
    return "\n".join(out) + "\n"


def _node_id(kind: str, name: str) -> str:
    return kind + "_" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def _edges(data: dict) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    nodes = [(_node_id("v", v["qualname"]), v["qualname"], "view") for v in data["views"]]
    nodes += [(_node_id("t", t["key"]), t["key"], "template") for t in data["templates"]]
    edges = []
    for view in data["views"]:
        if view["template"]["key"]:
            edges.append((_node_id("v", view["qualname"]), _node_id("t", view["template"]["key"]), "renders"))
        for base in view["mro"][1:2]:
            if not base.startswith(("ext:", "unresolved:")):
                edges.append((_node_id("v", view["qualname"]), _node_id("v", base), "inherits"))
    for template in data["templates"]:
        for edge in template["edges"]:
            if edge["resolved"]:
                edges.append((_node_id("t", template["key"]), _node_id("t", edge["resolved"]), edge["kind"]))
    handlers = []
    for binding in data["bindings"]:
        for call in binding["calls"]:
            for receiver in binding["receivers"]:
                handlers.append((_node_id("t", binding["template"]), _node_id("v", receiver), call["name"]))
    return nodes, edges, sorted(set(handlers))


def _mermaid(data: dict) -> str:
    nodes, edges, calls = _edges(data)
    out = ["graph LR"]
    for node_id, label, kind in nodes:
        shape = f'["{label}"]' if kind == "view" else f'(["{label}"])'
        out.append(f"  {node_id}{shape}")
    for src, dst, label in edges + calls:
        out.append(f"  {src} -->|{label}| {dst}")
    return "\n".join(out) + "\n"


def _dot(data: dict) -> str:
    nodes, edges, calls = _edges(data)
    out = ["digraph djust {", "  rankdir=LR;"]
    for node_id, label, kind in nodes:
        shape = "box" if kind == "view" else "note"
        out.append(f'  {node_id} [label="{label}", shape={shape}];')
    for src, dst, label in edges + calls:
        out.append(f'  {src} -> {dst} [label="{label}"];')
    out.append("}")
    return "\n".join(out) + "\n"
