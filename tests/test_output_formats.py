"""Every output format on hand-made findings: golden text, escaping, schema validity.

Findings are built directly (paths and messages holding ``%``, ``:``, ``,``,
CR/LF and non-ASCII) so each format's escaping is pinned exactly; SARIF is also
produced from a real lint of the ``shop`` fixture and validated against the
OASIS SARIF 2.1.0 schema shipped in ``tests/data``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from djust_lint import lint_project
from djust_lint.core.findings import Edit, Finding, Fix, Severity
from djust_lint.core.model import Span
from djust_lint.output import EMITTERS, emit_statistics
from djust_lint.output.common import help_uri
from djust_lint.output.json_format import emit_json_statistics

DATA = Path(__file__).parent / "data"
SHOP = Path(__file__).parent / "fixtures" / "shop"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")

TRICKY_PATH = "app/templates/a,b:c 100%.html"
TRICKY_MESSAGE = "100% broken: a, b\r\nnext line\nlast: é"


def _finding(
    path: str = "app/views.py",
    line: int = 3,
    column: int = 9,
    end_column: int = 13,
    message: str = "event handler 'sort' should accept **kwargs",
    code: str = "DJ304",
    severity: Severity = Severity.WARNING,
    fix: Fix | None = None,
    end_line: int | None = None,
) -> Finding:
    name = {"DJ304": "handler-missing-kwargs", "DJ101": "dead-binding", "DJ104": "key-filter-in-value"}[code]
    span = Span(line, column, end_line or line, end_column)
    return Finding(code, name, severity, path, span, message, fix)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "views.py").write_text(
        "class V(LiveView):\n    @event_handler\n    def sort(self, column):\n\tpass\n", encoding="utf-8"
    )
    (tmp_path / TRICKY_PATH).write_text('<p>\n  <button dj-click="sav">Save</button>\n</p>\n', encoding="utf-8")
    return tmp_path


def _tricky() -> Finding:
    return _finding(TRICKY_PATH, 2, 20, 23, TRICKY_MESSAGE, "DJ101", Severity.ERROR)


# --- text and concise -------------------------------------------------------------------------


def test_text_shows_the_line_with_a_caret_underline(sources):
    out = EMITTERS["text"]([_finding()], root=sources, files_checked=2)
    assert out == (
        "app/views.py:3:9: DJ304 event handler 'sort' should accept **kwargs\n"
        "  |\n"
        "3 |     def sort(self, column):\n"
        "  |         ^^^^\n"
        "  |\n"
        "\n"
        "Found 1 problem (1 warning) in 2 files.\n"
    )


def test_text_expands_tabs_and_underlines_multiline_spans_to_the_end_of_the_line(sources):
    tab = _finding(line=4, column=2, end_column=6, message="m")
    out = EMITTERS["text"]([tab], root=sources)
    assert "4 |     pass\n  |     ^^^^\n" in out
    multi = _finding(line=2, column=5, end_line=3, end_column=5, message="m")
    assert "2 |     @event_handler\n  |     ^^^^^^^^^^^^^^\n" in EMITTERS["text"]([multi], root=sources)


def test_text_without_the_source_prints_the_header_only(tmp_path):
    out = EMITTERS["text"]([_finding(path="gone.py")], root=tmp_path)
    assert out == "gone.py:3:9: DJ304 event handler 'sort' should accept **kwargs\n\nFound 1 problem (1 warning).\n"


def test_text_colour_is_opt_in_and_otherwise_plain(sources):
    plain = EMITTERS["text"]([_tricky()], root=sources)
    coloured = EMITTERS["text"]([_tricky()], root=sources, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31mDJ101\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


def test_concise_is_one_line_per_finding_with_fix_marker_and_show_fixes():
    fix = Fix("write `dj-keydown.enter`", (Edit("t.html", Span(1, 8, 1, 18), "dj-keydown.enter"),))
    findings = [_finding(path="t.html", line=1, column=8, end_column=18, code="DJ104", message="key filter", fix=fix)]
    assert EMITTERS["concise"](findings, files_checked=1) == (
        "t.html:1:8: DJ104 [*] key filter\nFound 1 problem (1 warning) in 1 files.\n[*] 1 fixable with a safe fix.\n"
    )
    assert "    fix: write `dj-keydown.enter`\n" in EMITTERS["concise"](findings, show_fixes=True)
    assert "  = fix: write `dj-keydown.enter`\n" in EMITTERS["text"](findings, show_fixes=True)


def test_clean_report():
    assert EMITTERS["text"]([], files_checked=3) == "All checks passed (3 files checked).\n"
    assert EMITTERS["json"]([]) == "[]\n"
    assert EMITTERS["json-lines"]([]) == ""
    assert EMITTERS["github"]([]) == ""
    assert json.loads(EMITTERS["gitlab"]([])) == []


def test_statistics_text_and_json():
    findings = [_finding(), _finding(line=5), _tricky()]
    assert emit_statistics(findings, files_checked=4) == (
        "2  DJ304      handler-missing-kwargs\n"
        "1  DJ101      dead-binding\n"
        "Found 3 problems (1 error, 2 warnings) in 4 files.\n"
    )
    rows = json.loads(emit_json_statistics(findings))
    assert rows[0] == {"code": "DJ304", "name": "handler-missing-kwargs", "severity": "warning", "count": 2, "fixable": 0}


# --- JSON ------------------------------------------------------------------------------------------


def test_json_lines_is_one_compact_object_per_finding():
    findings = [_finding(), _tricky()]
    lines = EMITTERS["json-lines"](findings).splitlines()
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == json.loads(EMITTERS["json"](findings))
    assert json.loads(lines[1])["message"] == TRICKY_MESSAGE
    assert "\\r\\n" in lines[1] and "é" in lines[1]


# --- GitHub -------------------------------------------------------------------------------------


def test_github_golden_with_escaping():
    out = EMITTERS["github"]([_tricky(), _finding()])
    assert out == (
        "::error file=app/templates/a%2Cb%3Ac 100%25.html,line=2,col=20,endLine=2,endColumn=23,"
        "title=DJ101 dead-binding::DJ101 100%25 broken: a, b%0D%0Anext line%0Alast: é\n"
        "::warning file=app/views.py,line=3,col=9,endLine=3,endColumn=13,"
        "title=DJ304 handler-missing-kwargs::DJ304 event handler 'sort' should accept **kwargs\n"
    )


def test_github_info_is_a_notice_and_paths_take_the_prefix():
    info = Finding("DJ304", "handler-missing-kwargs", Severity.INFO, "v.py", Span(1, 1, 1, 2), "m")
    assert EMITTERS["github"]([info], path_prefix="backend/").startswith("::notice file=backend/v.py,")


# --- GitLab ---------------------------------------------------------------------------------------


def test_gitlab_golden_with_escaping(sources):
    findings = [_tricky(), _finding(), _finding(message="same place, same text")]
    issues = json.loads(EMITTERS["gitlab"](findings, root=sources, path_prefix="web/"))
    fingerprints = [issue.pop("fingerprint") for issue in issues]
    assert all(re.fullmatch(r"[0-9a-f]{32}", fp) for fp in fingerprints)
    assert len(set(fingerprints)) == 3
    assert issues[0] == {
        "type": "issue",
        "description": "DJ101 100% broken: a, b\r\nnext line\nlast: é",
        "check_name": "DJ101 dead-binding",
        "categories": ["Bug Risk"],
        "severity": "critical",
        "location": {"path": "web/app/templates/a,b:c 100%.html", "lines": {"begin": 2, "end": 2}},
    }
    assert issues[1]["severity"] == "minor" and issues[1]["location"]["path"] == "web/app/views.py"
    raw = EMITTERS["gitlab"](findings, root=sources)
    assert '"description": "DJ101 100% broken: a, b\\r\\nnext line\\nlast: é"' in raw


def test_gitlab_fingerprint_survives_lines_added_above(tmp_path):
    (tmp_path / "t.html").write_text('<a dj-click="x">x</a>\n', encoding="utf-8")
    before = json.loads(EMITTERS["gitlab"]([_finding("t.html", 1, 14, 15, "dead", "DJ101")], root=tmp_path))
    (tmp_path / "t.html").write_text('<p>new</p>\n<a dj-click="x">x</a>\n', encoding="utf-8")
    after = json.loads(EMITTERS["gitlab"]([_finding("t.html", 2, 14, 15, "dead", "DJ101")], root=tmp_path))
    assert before[0]["fingerprint"] == after[0]["fingerprint"]


# --- JUnit ------------------------------------------------------------------------------------------


def test_junit_is_well_formed_and_counts_failures():
    control = _finding(message="bad \x01 char <b>&amp;")
    xml = EMITTERS["junit"]([_tricky(), control], path_prefix="web/")
    suites = ET.fromstring(xml)
    assert suites.get("tests") == "2" and suites.get("failures") == "2"
    cases = suites.findall("./testsuite/testcase")
    assert cases[0].get("file") == "web/app/templates/a,b:c 100%.html" and cases[0].get("line") == "2"
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "DJ304"
    assert failure.get("message") == "DJ304 bad \ufffd char <b>&amp;"
    clean = ET.fromstring(EMITTERS["junit"]([]))
    assert clean.get("failures") == "0" and len(clean.findall("./testsuite/testcase")) == 1


# --- SARIF ------------------------------------------------------------------------------------------


def _validate(sarif: dict) -> None:
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)


def test_sarif_of_a_real_project_validates_against_the_schema():
    findings = lint_project(SHOP).findings
    assert findings
    sarif = json.loads(EMITTERS["sarif"](findings, root=SHOP, srcroot=SHOP))
    _validate(sarif)
    assert sarif["$schema"].endswith("sarif-schema-2.1.0.json") and sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == SHOP.resolve().as_uri() + "/"
    rules = run["tool"]["driver"]["rules"]
    dead = next(rule for rule in rules if rule["id"] == "DJ101")
    assert dead["helpUri"] == help_uri("DJ101") and dead["helpUri"].endswith("bindings.md#dj101-dead-binding")
    assert dead["help"]["markdown"].startswith("# DJ101 dead-binding")
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["djustLint/v1"])
    assert len({r["partialFingerprints"]["djustLint/v1"] for r in run["results"]}) == len(run["results"])


def test_sarif_escapes_uris_and_keeps_messages_and_fixes_valid(sources):
    fix = Fix("rename", (Edit(TRICKY_PATH, Span(2, 20, 2, 23), "save"),))
    findings = [_finding(TRICKY_PATH, 2, 20, 23, TRICKY_MESSAGE, "DJ101", Severity.ERROR, fix), _finding()]
    sarif = json.loads(EMITTERS["sarif"](findings, root=sources, path_prefix="web/"))
    _validate(sarif)
    result = sarif["runs"][0]["results"][0]
    assert result["message"]["text"] == TRICKY_MESSAGE
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "web/app/templates/a%2Cb%3Ac%20100%25.html"
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "web/app/templates/a%2Cb%3Ac%20100%25.html"
    assert change["replacements"][0]["deletedRegion"] == {"startLine": 2, "startColumn": 20, "endLine": 2, "endColumn": 23}
    assert "originalUriBaseIds" not in sarif["runs"][0]


def test_schema_rejects_a_broken_sarif():
    """The validation is real: a region with a zero line fails it."""
    sarif = json.loads(EMITTERS["sarif"]([_finding()]))
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        _validate(sarif)
