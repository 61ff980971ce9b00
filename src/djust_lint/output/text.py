"""ruff-style text: ``path:line:col: CODE message`` and a summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..findings import Finding


def emit_text(findings: Sequence[Finding], *, files_checked: int = 0, show_fixes: bool = False) -> str:
    lines = []
    for f in findings:
        marker = " [*]" if f.fix and f.fix.applicability == "safe" else ""
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.code}{marker} {f.message}")
        if show_fixes and f.fix:
            lines.append(f"    fix: {f.fix.message}")
    lines.append(summary_line(findings, files_checked))
    return "\n".join(lines) + "\n"


def summary_line(findings: Sequence[Finding], files_checked: int) -> str:
    checked = f" in {files_checked} files" if files_checked else ""
    if not findings:
        return f"All checks passed ({files_checked} files checked)." if files_checked else "All checks passed."
    by_severity = Counter(f.severity.value for f in findings)
    parts = ", ".join(f"{by_severity[s]} {s}{'s' if by_severity[s] != 1 else ''}" for s in ("error", "warning", "info") if by_severity[s])
    fixable = sum(1 for f in findings if f.fix and f.fix.applicability == "safe")
    fix_note = f"\n[*] {fixable} fixable with a safe fix." if fixable else ""
    return f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} ({parts}){checked}.{fix_note}"
