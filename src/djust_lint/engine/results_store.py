"""The stored form of a run's results: what a full run records, and the files it is kept in.

The results cache (:mod:`.results_cache`) keeps, per project and request (a
*slot*, named after the run's key), two JSON files in the cache directory:
``results-<slot>.json`` (the key, the recorded inputs, the summary a report
needs) and ``results-<slot>-data.json`` (the findings before the baseline and
what an edited file's replay must know: how each file was read, which files the
rules opened), plus the rendered reports ``report-<slot>-<digest>.txt``.

The stored files are JSON (never unpickled), written atomically; a missing,
foreign, damaged or mismatched file is a miss, never a crash. A report is
trusted only when its digest is the one the summary recorded.

While a full run's rules run, every file they open is recorded
(:meth:`RunRecorder.watching`, a ``sys.addaudithook`` on ``open``): a rule that
read a file's *text* (fix edits, snippets, JavaScript scans) may find something
else when that file is edited, even if its reading did not change.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.racy import RACY_WINDOW_NS
from .results_inputs import check_inputs, digest, stat_record, unchanged

if TYPE_CHECKING:
    from ..core.findings import Edit, Finding
    from ..graph.builder import SourceSet
    from .pipeline import LintResult

FORMAT_VERSION = 2
RESULTS_PREFIX = "results-"
"""``results-<slot>.json`` (inputs and summary) and ``results-<slot>-data.json`` (findings)."""
REPORT_PREFIX = "report-"
MAX_SLOTS = 4
"""Stored runs kept per project, one per request (``check``, the pre-commit hook's paths, ...)."""
MAX_REPORTS = 4
"""Rendered reports kept per stored run (formats/options a project is checked with)."""


# ---------------------------------------------------------------------------
# Recording a full run
# ---------------------------------------------------------------------------


_watching: set[str] | None = None
_hook_installed = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _watching is not None and args:
        target = args[0]
        if isinstance(target, (str, bytes, os.PathLike)):
            try:
                _watching.add(os.path.abspath(os.fsdecode(target)))
            except (TypeError, ValueError):  # pragma: no cover - odd path objects
                pass


class RunRecorder:
    """Collects, during one full run, what the results cache must store about it."""

    def __init__(self) -> None:
        self.started_ns = time.time_ns() - RACY_WINDOW_NS
        """Inputs changed after this instant are not trusted (see :mod:`.results_inputs`)."""
        self.files: list[str] = []
        self.directories: list[str] = []
        self.settings_paths: list[str] = []
        self.kinds: dict[str, list[Any]] = {}
        self.opened: set[str] = set()
        self.pre_baseline: list[Finding] | None = None
        self.complete = False
        self.read_key = ""
        """Key of the read cache this run used (the same reader outputs are looked up under it)."""
        self.max_bytes = 0

    def read(self, sources: SourceSet, shape: Sequence[Any], max_bytes: int) -> None:
        """The files the run read, and how (called by the workspace once per build)."""
        from ..readers.cache import cache_key

        self.read_key = cache_key(shape)
        self.max_bytes = max_bytes
        self.files = list(sources.files)
        self.directories = list(sources.directories)
        self.settings_paths = list(getattr(sources.settings, "paths", None) or [])
        kinds: dict[str, list[Any]] = {}
        for module in sources.modules:
            kinds[module.path] = ["module", module.name, module.is_package]
        for template in sources.templates:
            kinds[template.path] = ["template", template.name]
        for path in sources.script_references:
            kinds[path] = ["script"]
        self.kinds = kinds

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Record every file opened inside the block (rules reading a file's text)."""
        global _watching, _hook_installed
        if not _hook_installed:
            sys.addaudithook(_audit)
            _hook_installed = True
        previous, _watching = _watching, self.opened
        try:
            yield
        finally:
            _watching = previous

    def finished(self, findings: list[Finding]) -> None:
        """The run's findings after scope, before the baseline."""
        self.pre_baseline = list(findings)
        self.complete = True

    def records(
        self,
        key: str,
        root: Path,
        result: LintResult,
        inputs: dict[str, Any],
        kept: list[int] | None,
        reads: Any,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The stored form of this finished run: ``(meta, data)``, JSON-ready.

        ``inputs`` and ``reads``: the recorded inputs and read cache
        (:mod:`.results_inputs`); ``kept``: indices of the findings the baseline
        kept (``None`` without a baseline). ``meta["data"]`` is filled in by
        :meth:`RunFiles.write`.
        """
        assert self.pre_baseline is not None
        token = digest(f"{key}:{time.time_ns()}:{os.getpid()}")
        prefix = str(root).rstrip(os.sep) + os.sep
        opened = sorted({p[len(prefix) :].replace(os.sep, "/") for p in self.opened if p.startswith(prefix)})
        files_checked = len(result.graph.files)
        rows = [finding_json(f) for f in self.pre_baseline]
        data = {
            "format": FORMAT_VERSION,
            "token": token,
            "findings": rows,
            "kept": kept,
            "internal_errors": [],
            "files_checked": files_checked,
            "opened": opened,
            "settings_paths": self.settings_paths,
            "kinds": self.kinds,
            "read_key": self.read_key,
            "max_bytes": self.max_bytes,
        }
        meta = {
            "format": FORMAT_VERSION,
            "key": key,
            "token": token,
            "count": len(result.findings),
            "pending_fixes": any(row[9] is not None and row[9][2] is None for row in rows),
            "files_checked": files_checked,
            "unchecked": [list(pair) for pair in result.unchecked_labels()],
            "inputs": inputs,
            "reads": reads,
            "data": None,
            "reports": {},
        }
        return meta, data


# ---------------------------------------------------------------------------
# Findings as JSON (the stored files are never unpickled)
# ---------------------------------------------------------------------------


def finding_json(finding: Finding) -> list[Any]:
    """A finding as a JSON row; a fix whose edits were never computed is stored without them."""
    fix = finding.fix
    fix_json = None
    if fix is not None:
        edits = None if fix.pending else [[e.path, *_span(e.span), e.content] for e in fix.edits]
        fix_json = [fix.message, fix.applicability, edits]
    return [
        finding.code, finding.name, finding.severity.value, finding.path, *_span(finding.span),
        finding.message, fix_json, list(finding.context.items()),
    ]  # fmt: skip


def _span(span: Any) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column]


def finding_from_json(row: list[Any]) -> Finding:
    """The finding a :func:`finding_json` row stored."""
    from ..core.findings import Edit, Finding, Fix, Severity
    from ..core.model import Span

    code, name, severity, path, line, column, end_line, end_column, message, fix_json, context = row
    fix = None
    if fix_json is not None:
        fix_message, applicability, edits = fix_json
        if edits is None:  # stored before anything asked for them: replayed only where none are shown
            fix = Fix(fix_message, _edits_not_stored, applicability)
        else:
            fix = Fix(fix_message, tuple(Edit(e[0], Span(*e[1:5]), e[5]) for e in edits), applicability)
    return Finding(
        code, name, Severity(severity), path, Span(line, column, end_line, end_column), message, fix,
        {str(k): str(v) for k, v in context},
    )  # fmt: skip


def _edits_not_stored() -> tuple[Edit, ...]:
    raise RuntimeError("a replayed fix's edits were not stored; replay(needs_edits=True) should have missed")


# ---------------------------------------------------------------------------
# The files of one stored run
# ---------------------------------------------------------------------------


def _check_meta(meta: dict[str, Any]) -> None:
    if not (
        isinstance(meta["token"], str) and isinstance(meta["count"], int) and isinstance(meta["files_checked"], int)
    ):
        raise ValueError("header")
    check_inputs(meta["inputs"])
    if not isinstance(meta["reports"], dict):
        raise ValueError("reports")
    if not all(isinstance(pair, list) and len(pair) == 2 for pair in meta["unchecked"]):
        raise ValueError("unchecked")


def _check_data(data: dict[str, Any]) -> None:
    for name in ("findings", "opened", "settings_paths"):
        if not isinstance(data[name], list):
            raise ValueError(name)
    if not isinstance(data["kinds"], dict) or not isinstance(data["files_checked"], int):
        raise ValueError("kinds")
    if not isinstance(data["read_key"], str) or type(data["max_bytes"]) is not int:
        raise ValueError("kinds")
    kept = data["kept"]
    if kept is not None and not (
        isinstance(kept, list) and all(type(i) is int and 0 <= i < len(data["findings"]) for i in kept)
    ):
        raise ValueError("kept")


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class RunFiles:
    """The stored files of one project's run for one request (its *slot*), in the cache ``directory``."""

    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.key = key
        self.slot = key[:16]
        self.meta_name = f"{RESULTS_PREFIX}{self.slot}.json"
        self.data_name = f"{RESULTS_PREFIX}{self.slot}-data.json"

    def _read_json(self, name: str) -> Any:
        try:
            with open(self.directory / name, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def load_meta(self) -> tuple[dict[str, Any] | None, str]:
        """``(meta, "")``, or ``(None, why)`` when nothing usable is stored for this key."""
        meta = self._read_json(self.meta_name)
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
            return None, "miss: nothing stored" if meta is None else "miss: unreadable or foreign"
        if meta.get("key") != self.key:
            return None, "miss: another djust-lint, environment, configuration or request"
        try:
            _check_meta(meta)
        except (TypeError, ValueError, KeyError) as exc:
            return None, f"miss: damaged ({exc})"
        return meta, ""

    def load_data(self, meta: dict[str, Any]) -> dict[str, Any] | None:
        """The stored findings (as :class:`~djust_lint.core.findings.Finding`) and what a replay must know;
        ``None`` when the data file is missing, damaged or belongs to another stored run."""
        data = self._read_json(self.data_name)
        try:
            if not isinstance(data, dict) or data.get("token") != meta["token"]:
                return None
            _check_data(data)
            data["findings"] = [finding_from_json(row) for row in data["findings"]]
        except (TypeError, ValueError, KeyError, AttributeError):
            return None
        return data

    def data_unchanged(self, meta: dict[str, Any]) -> bool:
        """The data file is the one written with ``meta`` (a hit replays it without reading it first)."""
        return unchanged(meta["data"], str(self.directory / self.data_name))

    def write(self, meta: dict[str, Any], data: dict[str, Any]) -> None:
        """Write a stored run, data first; ``meta["data"]`` records the data file's stat. Raises ``OSError``/``ValueError``."""
        from ..core.fileio import write_text_atomic
        from ..readers.cache import ensure_directory

        ensure_directory(self.directory)
        write_text_atomic(self.directory / self.data_name, json.dumps(data, separators=(",", ":")))
        meta["data"] = stat_record(str(self.directory / self.data_name))
        self.write_meta(meta)

    def write_meta(self, meta: dict[str, Any]) -> None:
        from ..core.fileio import write_text_atomic

        write_text_atomic(self.directory / self.meta_name, json.dumps(meta, separators=(",", ":")))

    # -------------------------------------------------------------- reports
    def _report_name(self, meta: dict[str, Any], report_key: str) -> str:
        return f"{REPORT_PREFIX}{self.slot}-{digest(meta['token'] + report_key)}.txt"

    def read_report(self, meta: dict[str, Any], report_key: str) -> str | None:
        """The stored rendering of the run for these report options, when it is intact."""
        name = self._report_name(meta, report_key)
        expected = meta["reports"].get(name)
        if expected is None:
            return None
        try:
            text = (self.directory / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return text if digest(text) == expected else None

    def add_report(self, meta: dict[str, Any], report_key: str, text: str) -> None:
        """Keep a rendering of the run (the :data:`MAX_REPORTS` most recent); a read-only tree keeps none."""
        from ..core.fileio import write_text_atomic

        name = self._report_name(meta, report_key)
        reports = dict(meta["reports"])
        reports.pop(name, None)
        reports[name] = digest(text)
        while len(reports) > MAX_REPORTS:
            reports.pop(next(iter(reports)))
        try:
            write_text_atomic(self.directory / name, text)
            meta["reports"] = reports
            self.write_meta(meta)
        except (OSError, ValueError):  # a read-only tree, or text that cannot be stored as UTF-8
            return

    # -------------------------------------------------------------- clean-up
    def remove_stale_reports(self, meta: dict[str, Any]) -> None:
        """Delete this slot's renderings ``meta`` no longer lists."""
        keep = set(meta["reports"])
        try:
            mine = f"{REPORT_PREFIX}{self.slot}-"
            names = [n for n in os.listdir(self.directory) if n.startswith(mine) and n not in keep]
        except OSError:
            return
        for name in names:
            _unlink(self.directory / name)

    def evict_old_slots(self) -> None:
        """Keep the :data:`MAX_SLOTS` most recently stored runs (one per request)."""
        try:
            metas = [
                e
                for e in os.scandir(self.directory)
                if e.name.startswith(RESULTS_PREFIX) and not e.name.endswith("-data.json")
            ]
            metas.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
            names = os.listdir(self.directory)
        except OSError:
            return
        for entry in metas[MAX_SLOTS:]:
            slot = entry.name[len(RESULTS_PREFIX) : -len(".json")]
            if slot == self.slot:
                continue
            for name in names:
                if name in (entry.name, f"{RESULTS_PREFIX}{slot}-data.json") or name.startswith(
                    f"{REPORT_PREFIX}{slot}-"
                ):
                    _unlink(self.directory / name)
