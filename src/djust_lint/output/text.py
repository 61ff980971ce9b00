"""Text for humans: ``text`` shows the offending line under each finding, ``concise`` one line each.

Both start every finding with ruff's ``path:line:col: CODE message`` so editors
and terminals can jump to it, and end with the same summary. Colour is applied
only when the caller says so (the CLI decides: a TTY, and never with ``NO_COLOR``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..core.findings import Finding
from .common import ReportOptions, SourceLines, is_safe_fix, options_from, plural

_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM_BLUE = "\033[1;34m"
_SEVERITY_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_TAB = 4


class _Style:
    """ANSI styling that collapses to plain text when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.enabled and text else text

    def severity(self, text: str, finding: Finding) -> str:
        return self(text, _SEVERITY_COLOURS[finding.severity.value])


def emit_text(findings: Sequence[Finding], **kwargs: object) -> str:
    """The default format: each finding with its source line and a caret underline."""
    options = options_from(kwargs)
    style = _Style(options.color)
    sources = SourceLines(options.root)
    blocks = [_full_block(f, sources, style, options.show_fixes, options.display_prefix) for f in findings]
    return "".join(blocks) + summary_line(findings, options.files_checked) + unchecked_note(options) + "\n"


def emit_concise(findings: Sequence[Finding], **kwargs: object) -> str:
    """One line per finding, then the summary (grep- and diff-friendly)."""
    options = options_from(kwargs)
    style = _Style(options.color)
    lines = []
    for finding in findings:
        lines.append(_header(finding, style, options.display_prefix))
        if options.show_fixes and finding.fix:
            lines.append(f"    fix: {finding.fix.message}")
    lines.append(summary_line(findings, options.files_checked) + unchecked_note(options))
    return "\n".join(lines) + "\n"


def _header(finding: Finding, style: _Style, prefix: str = "") -> str:
    marker = " [*]" if is_safe_fix(finding) else ""
    location = style(f"{prefix}{finding.path}:{finding.line}:{finding.column}:", _BOLD)
    return f"{location} {style.severity(finding.code, finding)}{marker} {finding.message}"


def _full_block(finding: Finding, sources: SourceLines, style: _Style, show_fixes: bool, prefix: str = "") -> str:
    lines = [_header(finding, style, prefix)]
    source = sources.line(finding.path, finding.line)
    if source is not None:
        shown, start, end = _clip(finding, source)
        number = str(finding.line)
        gutter = " " * len(number)
        bar = style("|", _DIM_BLUE)
        lines.append(f"{gutter} {bar}")
        lines.append(f"{style(number, _DIM_BLUE)} {bar} {shown.expandtabs(_TAB)}")
        lines.append(f"{gutter} {bar} {style.severity(_underline(shown, start, end), finding)}")
        lines.append(f"{gutter} {bar}")
    if show_fixes and finding.fix:
        lines.append(f"  = fix: {finding.fix.message}")
    return "\n".join(lines) + "\n\n"


_MAX_SHOWN = 200
"""Characters of a source line shown under a finding: a 1 MB one-line template with
thousands of findings must not print the whole line for each (output quadratic in size)."""
_CONTEXT_BEFORE = 60


def _clip(finding: Finding, source: str) -> tuple[str, int, int]:
    """The part of the line to show, and the flagged range within it (``...`` marks cuts)."""
    span = finding.span
    start = min(max(span.column - 1, 0), len(source))
    end = span.end_column - 1 if span.end_line == span.line else len(source)
    end = min(max(end, start), len(source))
    if len(source) <= _MAX_SHOWN:
        return source, start, end
    low = max(0, start - _CONTEXT_BEFORE)
    high = min(len(source), low + _MAX_SHOWN)
    head = "..." if low else ""
    tail = "..." if high < len(source) else ""
    offset = len(head) - low
    return head + source[low:high] + tail, start + offset, min(end, high) + offset


def _underline(source: str, start: int, end: int) -> str:
    """Spaces up to the flagged column, then one caret per flagged character (tabs expanded)."""
    prefix = source[:start].expandtabs(_TAB)
    width = len(source[:end].expandtabs(_TAB)) - len(prefix)
    return " " * len(prefix) + "^" * max(width, 1)


def summary_line(findings: Sequence[Finding], files_checked: int) -> str:
    """``Found N problems (...) in M files.`` plus the safe-fix note, or ``All checks passed``."""
    checked = f" in {files_checked} files" if files_checked else ""
    if not findings:
        return f"All checks passed ({files_checked} files checked)." if files_checked else "All checks passed."
    by_severity = Counter(f.severity.value for f in findings)
    parts = ", ".join(plural(by_severity[s], s) for s in ("error", "warning", "info") if by_severity[s])
    fixable = sum(1 for f in findings if is_safe_fix(f))
    fix_note = f"\n[*] {fixable} fixable with a safe fix." if fixable else ""
    return f"Found {plural(len(findings), 'problem')} ({parts}){checked}.{fix_note}"


def unchecked_note(options: ReportOptions) -> str:
    """A line after the summary when some views' bindings could not be checked (never silent)."""
    count = len(options.unchecked_views)
    if not count:
        return ""
    return (
        f"\n{plural(count, 'view')} not checked: template computed at run time or missing"
        " (`djust-lint check --verbose` lists why)."
    )


def unchecked_lines(options: ReportOptions) -> list[str]:
    """One line per unchecked view with the reason (``--statistics`` and ``--verbose``)."""
    return [f"  {label}: {reason}" for label, reason in options.unchecked_views]


def statistics_rows(findings: Sequence[Finding]) -> list[dict[str, object]]:
    """Count per rule, most frequent first (then by code)."""
    counts = Counter(f.code for f in findings)
    first = {}
    fixable: Counter[str] = Counter()
    for finding in findings:
        first.setdefault(finding.code, finding)
        fixable[finding.code] += is_safe_fix(finding)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"code": code, "name": first[code].name, "severity": first[code].severity.value, "count": count,
         "fixable": fixable[code]}
        for code, count in rows
    ]


def emit_statistics(findings: Sequence[Finding], **kwargs: object) -> str:
    """``--statistics``: ``count  CODE  [*] name`` per rule, then the summary line."""
    options: ReportOptions = options_from(kwargs)
    rows = statistics_rows(findings)
    width = max((len(str(row["count"])) for row in rows), default=1)
    lines = [
        f"{row['count']:>{width}}  {row['code']}  {'[*]' if row['fixable'] else '   '} {row['name']}" for row in rows
    ]
    lines.append(summary_line(findings, options.files_checked) + unchecked_note(options))
    lines.extend(unchecked_lines(options))
    return "\n".join(lines) + "\n"
