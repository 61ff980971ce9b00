"""Latency of ``djust-lint lsp`` on a generated project, measured through a real LSP client.

Usage (the project's virtualenv Python; needs the test extras for ``pytest-lsp``)::

    .venv/bin/python bench/lsp_benchmark.py --views 1000 --repeat 10

Generates a project with ``generate_project.py`` (into ``bench/_generated/lsp-<views>``
unless ``--out`` says otherwise), starts ``djust-lint lsp`` next to this
interpreter over stdio, waits for the first full lint, then measures:

- **diagnostics**: from sending ``didChange`` for one template (a binding made
  dead, then fixed again) to receiving its ``publishDiagnostics`` — once for a
  template rendered by one view, once for a partial shared by many views. The
  server runs with ``--debounce-ms 0`` so the number is the work, not the wait
  (an editor adds the debounce, 150 ms by default); the full lint is held off
  (``--full-delay-ms``) so it cannot be mistaken for the edit path, and the
  full lint that closing an edited buffer starts is waited for before the next
  measurement (running beside it, an edit would measure both);
- **completion**: the round trip of ``textDocument/completion`` inside a
  ``dj-click`` value.

Targets (issue 15): diagnostics <= 200 ms after the first build, completion <= 50 ms.
Nothing here asserts; it prints a table (and ``--json`` saves the raw numbers).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types

HERE = Path(__file__).resolve().parent
EXE = Path(sys.executable).with_name("djust-lint")


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate_project", HERE / "generate_project.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _pick_templates(root: Path) -> dict[str, str]:
    """A template rendered by exactly one view, and the partial rendered by the most views."""
    from djust_lint.engine.api import lint_project

    graph = lint_project(root).graph
    files = [n for n in graph.templates.values() if not n.inline and 'dj-click="' in (root / n.path).read_text()]
    single = next(n for n in sorted(files, key=lambda n: n.path) if len(n.rendered_by) == 1)
    shared = max(files, key=lambda n: (len(n.rendered_by), n.path))
    return {
        f"template rendered by 1 view ({single.path})": single.path,
        f"partial rendered by {len(shared.rendered_by)} views ({shared.path})": shared.path,
    }


async def _run(root: Path, repeat: int) -> dict[str, object]:
    from pytest_lsp import client_capabilities, make_test_lsp_client

    client = make_test_lsp_client()
    await client.start_io(str(EXE), "lsp", "--debounce-ms", "0", "--full-delay-ms", "3600000")
    results: dict[str, object] = {}
    try:
        started = time.perf_counter()
        await client.initialize_session(
            types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri())
        )
        while True:  # the first full lint
            status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="djust-lint.status"))
            if status["full_runs"] >= 1:
                break
            await asyncio.sleep(0.05)
        results["first build (s)"] = round(time.perf_counter() - started, 2)
        for label, rel in _pick_templates(root).items():
            results[f"diagnostics, {label}"] = await _diagnostics(client, root, rel, repeat)
        rel = next(iter(_pick_templates(root).values()))
        results["completion in dj-click value"] = await _completion(client, root, rel, repeat)
        results["server status"] = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="djust-lint.status")
        )
        await client.shutdown_session()
    finally:
        await client.stop()
    return results


async def _diagnostics(client, root: Path, rel: str, repeat: int) -> list[float]:
    uri = (root / rel).as_uri()
    text = (root / rel).read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "html", 1, text)))
    version, times = 1, []
    for round_ in range(repeat):
        for broken in (True, False):
            body = text.replace('dj-click="', f'dj-click="nope{round_}_', 1) if broken else text
            version += 1
            before = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                    [types.TextDocumentContentChangeWholeDocument(text=body)],
                )
            )
            while True:
                await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
                current = client.diagnostics.get(uri, [])
                if any(f"nope{round_}_" in d.message for d in current) == broken:
                    break
            times.append((time.perf_counter() - before) * 1000)
    runs = await _full_runs(client)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    while await _full_runs(client) <= runs:  # closing an edited buffer re-lints the project: let it finish
        await asyncio.sleep(0.05)  # before the next measurement, or it would compete with that one
    return times


async def _full_runs(client) -> int:
    status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="djust-lint.status"))
    return int(status["full_runs"])


async def _completion(client, root: Path, rel: str, repeat: int) -> list[float]:
    uri = (root / rel).as_uri()
    text = (root / rel).read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "html", 1, text)))
    index = text.index('dj-click="') + len('dj-click="')
    line = text.count("\n", 0, index)
    position = types.Position(line, index - (text.rfind("\n", 0, index) + 1))
    times = []
    for _ in range(repeat * 2):
        before = time.perf_counter()
        result = await client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(uri), position)
        )
        times.append((time.perf_counter() - before) * 1000)
        assert result is not None and result.items, "completion returned nothing"
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    return times


def _row(name: str, values: list[float], target: float) -> str:
    median, worst = statistics.median(values), max(values)
    verdict = "ok" if median <= target else "over"
    return f"| {name} | {min(values):.1f} | {median:.1f} | {worst:.1f} | {target:.0f} | {verdict} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--views", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--out", type=Path, help="where to generate the project (default: bench/_generated/lsp-N)")
    parser.add_argument("--json", type=Path, help="also save the raw numbers here")
    args = parser.parse_args(argv)
    root = (args.out or HERE / "_generated" / f"lsp-{args.views}").resolve()
    _generator().generate(root, args.views, seed=args.seed)
    results = asyncio.run(_run(root, args.repeat))
    print(f"djust-lint lsp on {args.views} views ({root}); first build {results['first build (s)']} s\n")
    print("| measurement (ms) | best | median | worst | target | |")
    print("|---|---|---|---|---|---|")
    for name, values in results.items():
        if isinstance(values, list):
            target = 50 if name.startswith("completion") else 200
            print(_row(name, values, target))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
