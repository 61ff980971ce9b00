"""Baselines: adopt djust-lint on a legacy project and fail only on new problems.

``--write-baseline FILE`` records today's findings; ``--baseline FILE``
reports only findings that are not in it. A finding is keyed by rule code,
path and a fingerprint of the *code involved* — the text of the flagged
range and of its line, whitespace-normalised — never by line number, so
unrelated edits above a finding do not resurrect it. Identical fingerprints
in one file are told apart by their order.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..core.fileio import write_text_atomic
from ..core.findings import Finding

FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a djust-lint baseline."""


def _lines(root: Path, path: str, cache: dict[str, list[str]]) -> list[str]:
    if path not in cache:
        try:
            cache[path] = (root / path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            cache[path] = []
    return cache[path]


def _involved_text(finding: Finding, lines: list[str]) -> str:
    span = finding.span
    if not lines or span.line > len(lines):
        return finding.message
    if span.end_line == span.line:
        line = lines[span.line - 1]
        flagged = line[span.column - 1 : span.end_column - 1]
        return " ".join(line.split()) + "\0" + flagged
    chunk = lines[span.line - 1 : span.end_line]
    return " ".join(" ".join(chunk).split())


def fingerprints(findings: Sequence[Finding], root: Path) -> list[str]:
    """A stable fingerprint per finding (same order as ``findings``)."""
    cache: dict[str, list[str]] = {}
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for finding in sorted(findings, key=lambda f: f.sort_key):
        text = _involved_text(finding, _lines(root, finding.path, cache))
        digest = hashlib.sha256(f"{finding.code}\0{finding.path}\0{text}".encode()).hexdigest()[:16]
        key = (finding.code, finding.path, digest)
        seen[key] += 1
        result.append((finding, f"{digest}-{seen[key]}"))
    order = {id(f): fp for f, fp in result}
    return [order[id(f)] for f in findings]


def write_baseline(path: Path, findings: Sequence[Finding], root: Path) -> None:
    entries = [
        {"code": f.code, "path": f.path, "fingerprint": fp, "message": f.message}
        for f, fp in zip(findings, fingerprints(findings, root), strict=True)
    ]
    entries.sort(key=lambda e: (e["path"], e["code"], e["fingerprint"]))
    payload = {"tool": "djust-lint", "version": FORMAT_VERSION, "findings": entries}
    write_text_atomic(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def load_baseline(path: Path) -> Counter[tuple[str, str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise BaselineError(f"baseline {path} is not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("tool") != "djust-lint" or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path} is not a djust-lint baseline (write one with --write-baseline)")
    if data.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{path}: unsupported baseline version {data.get('version')!r}")
    keys: Counter[tuple[str, str, str]] = Counter()
    for entry in data["findings"]:
        try:
            keys[(entry["code"], entry["path"], entry["fingerprint"])] += 1
        except (KeyError, TypeError) as exc:
            raise BaselineError(f"{path}: malformed entry {entry!r}") from exc
    return keys


def new_findings(findings: Sequence[Finding], baseline: Counter[tuple[str, str, str]], root: Path) -> list[Finding]:
    """Findings not recorded in the baseline."""
    remaining = Counter(baseline)
    kept = []
    for finding, fp in zip(findings, fingerprints(findings, root), strict=True):
        key = (finding.code, finding.path, fp)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return kept
