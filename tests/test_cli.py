"""The console command, run as a real subprocess: formats, selection, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHOP = Path(__file__).parent / "fixtures" / "shop"
EXE = Path(sys.executable).with_name("djust-lint")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_version_is_cheap_and_lazy():
    code = (
        "import sys; from djust_lint.cli.main import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('django', 'astroid', 'libcst', 'mcp', 'black', 'pygls', 'lsprotocol') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY=\n" in proc.stdout, proc.stdout
    assert run("--version").stdout.startswith("djust-lint ")


def test_the_parser_names_every_format_without_importing_the_emitters():
    """``--format``'s choices are ``output.EMITTERS``; building the parser (every run, a replayed one
    included) imports none of the emitters."""
    from djust_lint.cli.main import OUTPUT_FORMATS
    from djust_lint.output import EMITTERS

    assert sorted(OUTPUT_FORMATS) == sorted(EMITTERS)
    code = (
        "import sys; from djust_lint.cli.main import build_parser; build_parser()\n"
        "print('LOADED=' + ','.join(m for m in sys.modules if m.startswith('djust_lint.output')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED=\n" in proc.stdout, proc.stdout


def test_text_output_is_ruff_like():
    proc = run("check", str(SHOP))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert "catalog/templates/catalog/product_list.html:14:16: DJ101 `dj-click` calls 'nxt_page'" in proc.stdout
    assert any(line.startswith("Found 16 problems") for line in lines[-3:])  # {% if disabled %} idiomatic; add_to_cart(product.id) is DJ112
    # PreferencesView's template is missing (DJ201): its bindings cannot be checked, and the summary says so
    assert lines[-1].startswith("1 view not checked")


def test_json_output_fields():
    proc = run("check", "--format", "json", str(SHOP))
    findings = json.loads(proc.stdout)
    assert {tuple(sorted(f)) for f in findings} >= {
        tuple(sorted(["code", "name", "severity", "path", "line", "column", "end_line", "end_column", "message", "fix", "context"]))
    }
    keyfix = next(f for f in findings if f["code"] == "DJ104")
    assert keyfix["fix"]["applicability"] == "safe"
    assert [e["content"] for e in keyfix["fix"]["edits"]] == ["dj-keydown.enter", "search"]


def test_select_ignore_and_exit_codes(tmp_path):
    assert run("check", "--select", "DJ104", str(SHOP)).returncode == 1
    only = json.loads(run("check", "--format", "json", "--select", "DJ1", "--ignore", "DJ101,dead-binding", str(SHOP)).stdout)
    assert only and all(f["code"].startswith("DJ1") and f["code"] != "DJ101" for f in only)
    assert run("check", "--select", "DJ305", str(SHOP)).returncode == 0
    assert run("check", "--exit-zero", str(SHOP)).returncode == 0
    bad = run("check", "--select", "DJ1234", str(SHOP))
    assert bad.returncode == 2 and "unknown rule selector" in bad.stderr
    assert run("check", str(tmp_path / "missing")).returncode == 2


def test_paths_limit_the_report_but_not_the_graph():
    proc = run("check", "--format", "json", str(SHOP / "templates"))
    findings = json.loads(proc.stdout)
    # nav.html is only wrong for ProfileView, which lives outside the selected path.
    assert [(f["code"], f["path"]) for f in findings] == [("DJ101", "templates/partials/nav.html")]


def test_output_file_is_written(tmp_path):
    out = tmp_path / "report.json"
    proc = run("check", "--format", "json", "-o", str(out), str(SHOP))
    assert proc.stdout == ""
    assert len(json.loads(out.read_text())) == 16


@pytest.mark.parametrize("fmt", ["text", "json", "mermaid", "dot"])
def test_graph_formats(fmt):
    proc = run("graph", "--format", fmt, str(SHOP))
    assert proc.returncode == 0, proc.stderr
    assert "ProductListView" in proc.stdout
    if fmt == "json":
        data = json.loads(proc.stdout)
        assert {"views", "templates", "bindings", "routes", "references"} <= set(data)


def test_graph_focus_on_one_view():
    data = json.loads(run("graph", "--format", "json", "--view", "MiniCartView", str(SHOP)).stdout)
    assert [v["qualname"] for v in data["views"]] == ["catalog.views.products.MiniCartView"]
    assert {c["name"] for b in data["bindings"] for c in b["calls"]} == {"empty_cart", "checkout"}
    assert run("graph", "--view", "NoSuchView", str(SHOP)).returncode == 2


def test_rule_explain_and_list():
    listing = run("rule", "--all")
    assert listing.returncode == 0 and "DJ101  dead-binding" in listing.stdout
    explained = run("rule", "dead-binding")
    assert explained.stdout.startswith("# DJ101 dead-binding") and "## What it does" in explained.stdout
    assert run("rule", "DJ000").returncode == 2


def test_root_is_found_from_a_subdirectory():
    proc = run("check", "--format", "json", "--select", "DJ201", cwd=SHOP / "accounts")
    assert [f["path"] for f in json.loads(proc.stdout)] == ["accounts/views.py"]


def test_sarif_output():
    proc = run("check", "--format", "sarif", str(SHOP))
    sarif = json.loads(proc.stdout)
    assert sarif["version"] == "2.1.0"
    run0 = sarif["runs"][0]
    rule_ids = [r["id"] for r in run0["tool"]["driver"]["rules"]]
    assert "DJ101" in rule_ids and rule_ids == sorted(rule_ids)
    results = run0["results"]
    assert len(results) == 16
    first = results[0]
    assert rule_ids[first["ruleIndex"]] == first["ruleId"]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    keyfix = next(r for r in results if r["ruleId"] == "DJ104")
    assert keyfix["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "dj-keydown.enter"


def test_github_annotations():
    proc = run("check", "--format", "github", str(SHOP))
    lines = proc.stdout.splitlines()
    assert len(lines) == 16
    assert lines[0].startswith("::error file=accounts/views.py,line=17,col=21,")
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert proc.returncode == 1


def test_a_closed_pipe_is_not_a_crash(monkeypatch, capsys):
    """`djust-lint check | head -1`: the reader leaves early; no traceback, no 'internal error'."""
    import io

    from djust_lint.cli.main import main

    class ClosedPipe(io.TextIOBase):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["check", "--no-cache", "--format", "concise", str(SHOP)]) == 1
    assert capsys.readouterr().err == ""
