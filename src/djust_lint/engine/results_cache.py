"""Warm cache of whole-run *results*: a re-run on an unchanged project replays its answer.

The read cache (:mod:`djust_lint.readers.cache`) saves parsing, but a warm run
still unpickles every reader output, links the graph and runs every rule,
because a change in one file can break a binding in another. Most re-runs
change nothing at all (a pre-commit hook, CI, an editor saving an untouched
buffer), or change only a comment. This module remembers, per project, the
findings of the last run and everything the output layer needs, and replays
them when nothing that can change them has changed.

What a stored run is keyed on (any difference: the run is recomputed), and how
each input file and directory is recorded and compared (stats and listings, a
racy window for files written during the run): :mod:`.results_inputs`. How the
run is stored (JSON files, never unpickled; a missing or damaged file is a miss,
never a crash): :mod:`.results_store`. What a warm run with the same key does:

**Nothing changed**: the stored report is written again byte for byte (it is
kept per output format and report options); with other options the stored
findings are formatted again. Nothing is imported beyond these three modules and
the configuration loader, and no file content is read.

**Edited files whose reading did not change** (a comment, whitespace inside a
line, a string no rule looks at): when every changed file, read again, gives
the same reader output the stored run was computed from (the read cache still
holds it: the run records ``reads.pickle``'s stat), the graph would be the same
graph, so the rules would find the same things -- unless a rule read that file's
*text* while it ran (fix edits, snippets, JavaScript scans): every file opened
while the rules ran is recorded (a ``sys.addaudithook`` on ``open``) and such a
file's edit recomputes. Settings modules (discovery reads their values, not
only their reader output) always recompute.

**Anything else** (a reading that changed, a file added or removed, another
configuration) runs the whole project again and stores the new result. A finer
per-file dependency analysis does not pay on djust projects: ``unused-handler``
(DJ111) decides from every module's string constants and every template's and
script's references, and a partial included by every page makes each view's
findings depend on every other view (see docs/performance.md, "Warm").
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .results_inputs import (
    changed_inputs,
    reads_record,
    reads_unchanged,
    record_files_again,
    record_inputs,
    run_key,
)
from .results_store import (
    FORMAT_VERSION,
    MAX_REPORTS,
    MAX_SLOTS,
    REPORT_PREFIX,
    RESULTS_PREFIX,
    RunFiles,
    RunRecorder,
)

if TYPE_CHECKING:
    from ..core.findings import Finding
    from .config import Config
    from .pipeline import LintResult

__all__ = [
    "FORMAT_VERSION",
    "MAX_CHANGED",
    "MAX_REPORTS",
    "MAX_SLOTS",
    "REPORT_PREFIX",
    "RESULTS_PREFIX",
    "ReplayedResult",
    "ResultsCache",
    "ResultsStats",
    "RunRecorder",
    "last_stats",
    "open_results",
]

MAX_CHANGED = 16
"""More changed files than this: recompute instead of re-reading them one by one."""


@dataclass
class ResultsStats:
    """What one run did with the results cache (tests assert on it instead of timing)."""

    status: str = "disabled"
    """``disabled``, ``hit`` (nothing changed), ``equivalent`` (edits that read the same),
    or ``miss: <why>`` (a full run)."""
    stored: str = ""
    """After a full run: ``stored`` or ``not stored: <why>``."""
    changed: list[str] = field(default_factory=list)
    """Files whose stat changed since the stored run."""
    reread: list[str] = field(default_factory=list)
    """Files read again to compare their reader output with the stored run's."""
    report_replayed: bool = False
    """The report was written from the stored text, not formatted again."""


_last_stats = ResultsStats()


def last_stats() -> ResultsStats:
    """Statistics of the most recent :class:`ResultsCache` in this process."""
    return _last_stats


# ---------------------------------------------------------------------------
# A replayed run
# ---------------------------------------------------------------------------


class ReplayedResult:
    """A :class:`~djust_lint.engine.api.LintResult` answered from the cache (no graph behind it)."""

    graph = None

    def __init__(
        self,
        load: Callable[[], dict[str, Any] | None],
        findings: list[Finding] | None,
        meta: dict[str, Any],
        summary: str,
    ) -> None:
        self._load = load
        self._findings = findings
        self.count = len(findings) if findings is not None else int(meta["count"])
        self._files_checked = int(meta["files_checked"])
        self._unchecked = tuple((str(label), str(reason)) for label, reason in meta["unchecked"])
        self.internal_errors: list[str] = []
        self.summary = summary

    def _data(self) -> dict[str, Any]:
        data = self._load()
        if data is None:  # the file's stat was checked before replaying: only a bug gets here
            raise RuntimeError("the stored results disappeared while replaying them")
        return data

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            data = self._data()
            rows, kept = data["findings"], data["kept"]
            self._findings = list(rows) if kept is None else [rows[i] for i in kept]
        return self._findings

    @property
    def exit_code(self) -> int:
        return 1 if self.count else 0

    def files_checked(self) -> int:
        return self._files_checked

    def unchecked_labels(self) -> tuple[tuple[str, str], ...]:
        return self._unchecked


# ---------------------------------------------------------------------------
# The cache of one project and request
# ---------------------------------------------------------------------------


class ResultsCache:
    """The stored run of one project for one request (see the module docstring)."""

    def __init__(self, root: Path, request: Sequence[Any], config: Config, baseline: Path | None) -> None:
        global _last_stats
        from ..readers.cache import CACHE_DIR_NAME, refused_location

        self.root = root
        self.directory = root / CACHE_DIR_NAME
        self.config = config
        self.baseline = baseline
        self.key = run_key(root, request, config, FORMAT_VERSION)
        self._files = RunFiles(self.directory, self.key)
        self.stats = ResultsStats(status="miss: nothing stored")
        _last_stats = self.stats
        self._meta: dict[str, Any] | None = None
        self._data: dict[str, Any] | None = None
        self._replayed = False
        refused = refused_location(self.directory)
        if refused:
            self.stats.status = f"miss: {refused}"
            self._usable = False
            return
        self._usable = True
        self._meta, why = self._files.load_meta()
        if self._meta is None:
            self.stats.status = why

    def _load_data(self) -> dict[str, Any] | None:
        if self._data is None and self._meta is not None:
            self._data = self._files.load_data(self._meta)
        return self._data

    # -------------------------------------------------------------- replay
    def replay(self, *, needs_edits: bool = False) -> ReplayedResult | None:
        """The stored result when nothing (or nothing the rules could see) changed, else ``None``.

        ``needs_edits``: the report shows fix edits (JSON, SARIF). A run whose
        report did not show them stored its deferred fixes without edits (see
        :class:`~djust_lint.core.findings.Fix`), so it cannot answer such a report.
        """
        if self._meta is None:
            return None
        if needs_edits and self._meta.get("pending_fixes", True):
            self.stats.status = "miss: the stored run did not compute its fixes' edits"
            return None
        why, changed = changed_inputs(self._meta["inputs"], self.root)
        if why is not None:
            self.stats.status = f"miss: {why}"
            return None
        self.stats.changed = changed
        if not changed:
            if not self._files.data_unchanged(self._meta):
                self.stats.status = "miss: stored findings changed"
                return None
            self.stats.status = "hit"
            self._replayed = True
            return ReplayedResult(self._load_data, None, self._meta, self._summary("nothing changed"))
        return self._equivalent(changed)

    def _equivalent(self, changed: list[str]) -> ReplayedResult | None:
        """The stored result when every changed file reads as before and no rule read its text."""
        if len(changed) > MAX_CHANGED:
            self.stats.status = f"miss: {len(changed)} files changed"
            return None
        data = self._load_data()
        meta = self._meta
        assert meta is not None
        if data is None:
            self.stats.status = "miss: stored findings unreadable"
            return None
        if not reads_unchanged(meta["reads"], self.directory):
            self.stats.status = "miss: the read cache changed since the stored run"
            return None
        why = self._recomputes(changed, data) or self._reread(changed, data)
        if why is not None:
            self.stats.status = f"miss: {why}"
            return None
        self.stats.status = "equivalent"
        findings = None
        count = meta["count"]
        if self.baseline is not None:  # baseline matching reads finding lines: apply it again
            from .baseline import load_baseline, new_findings

            findings = new_findings(list(data["findings"]), load_baseline(self.baseline), self.root)
            count = len(findings)
        self._refresh_meta(count)
        return ReplayedResult(
            self._load_data, findings, meta, self._summary(f"{len(changed)} edited {'file reads' if len(changed) == 1 else 'files read'} the same")
        )

    @staticmethod
    def _recomputes(changed: list[str], data: dict[str, Any]) -> str | None:
        """Why an edit of these files recomputes whatever they read like: a rule read one's text, or one is settings."""
        opened = set(data["opened"])
        settings = set(data["settings_paths"])
        for rel in changed:
            if rel in opened:
                return f"{rel} changed and a rule read its text"
            if rel in settings:
                return f"settings module {rel} changed"
        return None

    def _reread(self, changed: list[str], data: dict[str, Any]) -> str | None:
        """Why the changed files do not read the same as in the stored run, else ``None``."""
        from ..readers.cache import ReadCache
        from ..readers.discovery import PythonFile, find_settings_files

        cache = ReadCache(self.root, str(data["read_key"]))  # the stored run's reads (its stat was checked)
        if cache.stats.status != "loaded":
            return "no read cache to compare with"
        kinds, max_bytes = data["kinds"], int(data["max_bytes"])
        for rel in changed:
            kind = kinds.get(rel)
            if not _inside(rel) or not isinstance(kind, list) or not kind or kind[0] not in ("module", "template"):
                return f"{rel} changed"
            abs_path = self.root / rel
            from ..core.paths import within

            if not within(os.path.realpath(abs_path), os.path.realpath(self.root)):
                return f"{rel} leads outside the project"
            if kind[0] == "module":
                from ..readers.python import read_module_file

                module, is_package = str(kind[1]), bool(kind[2])
                if find_settings_files([PythonFile(abs_path, rel, module, is_package)]):
                    return f"settings module {rel} changed"
                params: tuple[Any, ...] = (module, is_package)
                new: Any = read_module_file(
                    abs_path, path=rel, module=module, is_package=is_package, max_bytes=max_bytes
                )
            else:
                from ..readers.template import read_template_file

                name = kind[1] if isinstance(kind[1], str) else None
                params = (name,)
                new = read_template_file(abs_path, path=rel, name=name, max_bytes=max_bytes)
            self.stats.reread.append(rel)
            ok, old = cache.stored_value(kind[0], rel, params)
            if not ok or old != new:
                return f"{rel} reads differently"
        return None

    def _summary(self, why: str) -> str:
        assert self._meta is not None
        return f"{self._meta['files_checked']} files, results replayed from {self.directory.name} ({why})"

    def _refresh_meta(self, count: int) -> None:
        """After an equivalent edit: the new stats of the changed files, and no stale renderings."""
        meta = self._meta
        assert meta is not None
        record_files_again(meta["inputs"], self.root, self.stats.changed)
        meta["count"] = count
        meta["reports"] = {}
        try:
            self._files.write_meta(meta)
        except OSError:
            return
        self._files.remove_stale_reports(meta)

    # -------------------------------------------------------------- reports
    def report(self, report_key: str) -> str | None:
        """The stored rendering of this run for these report options (only when nothing changed)."""
        if not self._replayed or self._meta is None:
            return None
        text = self._files.read_report(self._meta, report_key)
        if text is not None:
            self.stats.report_replayed = True
        return text

    def remember_report(self, report_key: str, text: str) -> None:
        """Keep a rendering of the stored run (a later identical run writes it again)."""
        if self._meta is not None:
            self._files.add_report(self._meta, report_key, text)

    # -------------------------------------------------------------- storing
    def recorder(self) -> RunRecorder | None:
        return RunRecorder() if self._usable else None

    def store(self, recorder: RunRecorder, result: LintResult, *, with_edits: bool = False) -> None:
        """Keep a full run's result (atomically; a read-only tree simply stays uncached).

        ``with_edits``: compute every deferred fix's edits first (the report will
        show them anyway), so that later runs asking for edits can replay it.
        """
        why = self._store(recorder, result, with_edits)
        self.stats.stored = "stored" if why is None else f"not stored: {why}"

    def _store(self, recorder: RunRecorder, result: LintResult, with_edits: bool) -> str | None:
        """Store the run; why not, else ``None``."""
        pre = recorder.pre_baseline
        if not recorder.complete or pre is None:
            return "the run was not recorded"
        if result.internal_errors:
            return "a rule crashed"
        inputs = record_inputs(
            self.root, recorder.files, recorder.directories, self.config, self.baseline, recorder.started_ns
        )
        if inputs is None:
            return "a directory disappeared during the run"
        if with_edits:
            for finding in pre:
                if finding.fix is not None:
                    finding.fix.edits  # noqa: B018 - computes deferred edits
        kept = self._kept(pre, result.findings)
        if kept is not None and len(kept) != len(result.findings):
            return "baseline changed the findings"
        meta, data = recorder.records(self.key, self.root, result, inputs, kept, reads_record(self.directory))
        try:
            self._files.write(meta, data)
        except (OSError, ValueError) as exc:
            return str(exc)
        data["findings"] = pre
        self._meta, self._data = meta, data
        self._files.remove_stale_reports(meta)
        self._files.evict_old_slots()
        return None

    def _kept(self, pre: list[Finding], findings: list[Finding]) -> list[int] | None:
        """Indices into the run's findings before the baseline of those it kept (``None`` without a baseline)."""
        if self.baseline is None:
            return None
        index = {id(f): i for i, f in enumerate(pre)}
        return [index[id(f)] for f in findings if id(f) in index]


def _inside(rel: Any) -> bool:
    """A stored path names a file under the root (a tampered file cannot make us read elsewhere)."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel or "\0" in rel:
        return False
    return ".." not in rel.split("/")


def open_results(
    root: Path, request: Sequence[Any], config: Config, baseline: Path | None, *, enabled: bool
) -> ResultsCache | None:
    """The results cache of ``root`` for this request, or ``None`` (``--no-cache``)."""
    global _last_stats
    if not enabled:
        _last_stats = ResultsStats()
        return None
    return ResultsCache(root, request, config, baseline)
