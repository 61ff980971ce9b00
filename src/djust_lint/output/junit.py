"""JUnit XML, for CI systems that show test reports but know no linter format.

One ``<testcase>`` per finding (a ``<failure>`` carrying the code and
message), grouped in one ``<testsuite>``; a clean run is one passing test
case, so the report is never empty. Characters XML 1.0 cannot hold are
dropped rather than producing a file the CI cannot parse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..core.findings import Finding
from .common import options_from

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def emit_junit(findings: Sequence[Finding], **kwargs: object) -> str:
    prefix = options_from(kwargs).path_prefix
    counts = {"tests": str(max(len(findings), 1)), "failures": str(len(findings)), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", {"name": "djust-lint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "djust-lint", **counts})
    for finding in findings:
        _testcase(suite, finding, prefix + finding.path)
    if not findings:
        ET.SubElement(suite, "testcase", {"classname": "djust-lint", "name": "all checks passed"})
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _testcase(suite: ET.Element, finding: Finding, path: str) -> None:
    location = f"{path}:{finding.line}:{finding.column}"
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": _clean(path), "name": _clean(f"{finding.code} {location}"), "file": _clean(path),
         "line": str(finding.line)},
    )
    failure = ET.SubElement(
        case, "failure", {"type": finding.code, "message": _clean(f"{finding.code} {finding.message}")}
    )
    failure.text = _clean(f"{location}: {finding.code} {finding.message}")
