"""Warm cache of whole-run *results*: a re-run on an unchanged project replays its answer.

The read cache (:mod:`djust_lint.readers.cache`) saves parsing, but a warm run
still unpickles every reader output, links the graph and runs every rule,
because a change in one file can break a binding in another. Most re-runs
change nothing at all (a pre-commit hook, CI, an editor saving an untouched
buffer), or change only a comment. This module remembers, per project, the
findings of the last run and everything the output layer needs, and replays
them when nothing that can change them has changed.

What the stored run is keyed on (any difference: the run is recomputed):

* djust-lint's version and a fingerprint of its own sources, the Python
  version, ``sys.prefix``, the mtime of every ``sys.path`` directory but the
  script's or working directory that leads it (installing, upgrading or removing
  a package changes its ``site-packages`` listing), of the installed ``djust``
  and ``django`` package directories and of the project's own virtualenv's
  ``site-packages`` (``readers.project_env``), and ``$VIRTUAL_ENV``;
* the request: paths, scope, ``--select``/``--ignore``/``--extend-select``,
  baseline use, the options that shape discovery and reading, and the loaded
  configuration (per-file ignores, severities, excludes, ...);
* every input file: each discovered file's ``(size, mtime_ns, ctime_ns, inode)``;
  every directory discovery listed (the names in it discovery can act on: the
  *set* of files is covered without walking);
  each listed directory's ``.gitignore``, ``.git/info/exclude``, the files at
  the root and under ``requirements/`` that may declare the targeted djust
  version (lock files, requirement pins), the configuration and baseline files.

A file whose mtime falls within two seconds of the run's start is not
trusted (a second write in the same timestamp tick could go unnoticed): it is
recorded as changed, so the next run looks at it again. A directory is recorded
by its stat and by the names in it that discovery can act on (at the root and in
``requirements/``, the files that may declare the targeted djust version too):
when its stat changed but those names did not (an editor's swap file came and
went, a report was written with ``-o``), the stored run still holds. What is trusted, as
for the read cache: that an input whose size, mtime, ctime and inode are all
unchanged still has its bytes, and that an installed package is not edited in
place without its ``site-packages`` listing changing (``djust-lint clean`` or
``--no-cache`` after such a thing).

**Nothing changed**: the stored report is written again byte for byte (it is
kept per output format and report options); with other options the stored
findings are formatted again. Nothing is imported beyond this module and the
configuration loader, and no file content is read.

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

The stored files are JSON (never unpickled), written atomically; a missing,
foreign, damaged or mismatched file is a miss, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.findings import Edit, Finding
    from ..graph.builder import SourceSet
    from .config import Config
    from .pipeline import LintResult

FORMAT_VERSION = 2
RESULTS_PREFIX = "results-"
"""``results-<slot>.json`` (inputs and summary) and ``results-<slot>-data.json`` (findings)."""
REPORT_PREFIX = "report-"
MAX_SLOTS = 4
"""Stored runs kept per project, one per request (``check``, the pre-commit hook's paths, ...)."""
MAX_REPORTS = 4
"""Rendered reports kept per stored run (formats/options a project is checked with)."""
MAX_CHANGED = 16
"""More changed files than this: recompute instead of re-reading them one by one."""
_RACY_NS = 2_000_000_000
_RACY = "racy"

Stat = list[int]


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
# Stats of inputs
# ---------------------------------------------------------------------------


def _stat(path: str, since_ns: int | None = None) -> Stat | str | None:
    """``[size, mtime_ns, ctime_ns, inode]``; ``None`` when absent; ``"racy"`` when modified at or
    after ``since_ns`` (too recent to trust; ``None``: any time is trusted)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if since_ns is not None and st.st_mtime_ns >= since_ns:
        return _RACY
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _same(stored: Any, path: str) -> bool:
    """The input is as recorded (a racy record never is)."""
    return stored != _RACY and stored == _stat(path)


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _code_fingerprint() -> list[Any]:
    """Names, sizes and mtimes of all of djust-lint's own files (an editable install changes without a version bump)."""
    from ..readers.cache import source_rows

    return source_rows(None, (".py", ".json", ".toml", ".txt"))


#: Names discovery can act on: anything else appearing in a directory (an editor's swap or backup
#: file, ``.DS_Store``, a ``.pyc``) does not change the walk, so it does not invalidate a stored run.
_WALKED_SUFFIXES = (".py", ".html", ".htm", ".djhtml", ".txt", ".js")
_WALKED_NAMES = frozenset({".gitignore", "pyvenv.cfg"})


def _walked(name: str) -> bool:
    return name in _WALKED_NAMES or name.lower().endswith(_WALKED_SUFFIXES)


def _version_source(rel: str) -> bool:
    """A root-relative file that may declare the targeted djust version (``readers.project_version``)."""
    from fnmatch import fnmatchcase

    from ..readers.project_version import VERSION_SOURCES

    return any(fnmatchcase(rel, pattern) for pattern in VERSION_SOURCES)


def _listing(path: str, prefix: str | None) -> list[str] | None:
    """A directory's entries discovery can act on, sorted; ``None`` when unreadable.

    Subdirectories end in ``/`` and symbolic links in ``@``. ``prefix`` (the directory's
    root-relative path plus ``/``, ``""`` for the root) is given for the directories
    where version-declaring files live: those count too.
    """
    names = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                name = entry.name
                if entry.is_symlink():
                    names.append(name + "@")
                elif entry.is_dir(follow_symlinks=False):
                    names.append(name + "/")
                elif _walked(name) or (prefix is not None and _version_source(prefix + name)):
                    names.append(name)
    except OSError:
        return None
    return sorted(names)


def _directory_state(path: str, since_ns: int, prefix: str | None) -> dict[str, Any]:
    """A directory's stat (a fast path: unchanged means the same entries) and its listing."""
    return {"stat": _stat(path, since_ns), "names": _listing(path, prefix), "prefix": prefix}


def _same_directory(stored: Any, path: str) -> bool:
    if not isinstance(stored, dict) or stored.get("names") is None:
        return False
    if stored.get("stat") not in (None, _RACY) and _same(stored["stat"], path):
        return True
    prefix = stored.get("prefix")
    return stored["names"] == _listing(path, prefix if isinstance(prefix, str) else None)


def _environment() -> list[Any]:
    """What outside the project can change findings: the interpreter and the installed packages."""
    rows: list[Any] = [sys.version, sys.prefix, sys.executable]
    for entry in sys.path[1:]:  # [0] is the script's directory or the working directory, not packages
        rows.append((entry, _mtime(entry or ".")))
    import importlib.util

    for name in ("djust", "django"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        for location in (spec.submodule_search_locations or []) if spec is not None else []:
            rows.append((name, location, _mtime(location)))
    return rows


def _project_environment(root: Path, config: Config) -> list[Any]:
    """The project's own virtualenv, read for installed bases and templates (``readers.project_env``)."""
    from ..readers.project_env import project_site_packages

    rows: list[Any] = [os.environ.get("VIRTUAL_ENV")]
    rows.extend((directory, _mtime(directory)) for directory in project_site_packages(root, config.venv))
    return rows


def _extra_inputs(root: Path, directories: Sequence[str], config: Config, baseline: Path | None) -> list[str]:
    """Files outside the discovered set whose content can change findings or the file set."""
    paths = [os.path.join(directory, ".gitignore") for directory in directories]
    paths.append(os.path.join(root, ".git", "info", "exclude"))
    for folder, prefix in ((str(root), ""), (os.path.join(root, "requirements"), "requirements/")):
        try:
            with os.scandir(folder) as entries:
                paths.extend(e.path for e in entries if e.is_file() and _version_source(prefix + e.name))
        except OSError:
            paths.append(folder)
    if config.source is not None:
        paths.append(str(config.source))
    if baseline is not None:
        paths.append(str(baseline))
    return sorted(set(paths))


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
        self.started_ns = time.time_ns() - _RACY_NS
        """Inputs changed after this instant are not trusted (see the module docstring)."""
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


# ---------------------------------------------------------------------------
# Findings as JSON (the stored files are never unpickled)
# ---------------------------------------------------------------------------


def _finding_json(finding: Finding) -> list[Any]:
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


def _finding_from_json(row: list[Any]) -> Finding:
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


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class ResultsCache:
    """The stored run of one project for one request (see the module docstring)."""

    def __init__(self, root: Path, request: Sequence[Any], config: Config, baseline: Path | None) -> None:
        global _last_stats
        from .._version import __version__
        from ..readers.cache import CACHE_DIR_NAME, refused_location

        self.root = root
        self.directory = root / CACHE_DIR_NAME
        self.config = config
        self.baseline = baseline
        environment = [*_environment(), *_project_environment(root, config)]
        parts = [FORMAT_VERSION, __version__, _code_fingerprint(), environment, list(request), repr(config)]
        self.key = _digest(json.dumps(parts, default=repr))
        self.slot = self.key[:16]
        self.meta_name = f"{RESULTS_PREFIX}{self.slot}.json"
        self.data_name = f"{RESULTS_PREFIX}{self.slot}-data.json"
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
        self._meta = self._load_meta()

    # -------------------------------------------------------------- loading
    def _read_json(self, name: str) -> Any:
        try:
            with open(self.directory / name, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def _load_meta(self) -> dict[str, Any] | None:
        meta = self._read_json(self.meta_name)
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
            self.stats.status = "miss: nothing stored" if meta is None else "miss: unreadable or foreign"
            return None
        if meta.get("key") != self.key:
            self.stats.status = "miss: another djust-lint, environment, configuration or request"
            return None
        try:
            _check_meta(meta)
        except (TypeError, ValueError, KeyError) as exc:
            self.stats.status = f"miss: damaged ({exc})"
            return None
        return meta

    def _load_data(self) -> dict[str, Any] | None:
        if self._data is None and self._meta is not None:
            data = self._read_json(self.data_name)
            try:
                if not isinstance(data, dict) or data.get("token") != self._meta["token"]:
                    return None
                _check_data(data)
                data["findings"] = [_finding_from_json(row) for row in data["findings"]]
            except (TypeError, ValueError, KeyError, AttributeError):
                return None
            self._data = data
        return self._data

    # -------------------------------------------------------------- replay
    def _changes(self) -> tuple[str | None, list[str]]:
        """``(why not, changed files)``: ``why not`` is set when more than file contents changed."""
        meta = self._meta
        assert meta is not None
        inputs = meta["inputs"]
        for path, stored in inputs["dirs"].items():
            if not _same_directory(stored, path):
                return "a directory's listing changed (file added, removed or renamed)", []
        for path, stored in inputs["extra"].items():
            if not _same(stored, path):
                return f"{os.path.relpath(path, self.root)} changed", []
        root = str(self.root)
        changed = [rel for rel, stored in inputs["files"].items() if not _same(stored, os.path.join(root, rel))]
        return None, changed

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
        why, changed = self._changes()
        if why is not None:
            self.stats.status = f"miss: {why}"
            return None
        self.stats.changed = changed
        if not changed:
            if not _same(self._meta["data"], str(self.directory / self.data_name)):
                self.stats.status = "miss: stored findings changed"
                return None
            self.stats.status = "hit"
            self._replayed = True
            return ReplayedResult(self._load_data, None, self._meta, self._summary("nothing changed"))
        return self._equivalent(changed)

    def _equivalent(self, changed: list[str]) -> ReplayedResult | None:
        if len(changed) > MAX_CHANGED:
            self.stats.status = f"miss: {len(changed)} files changed"
            return None
        data = self._load_data()
        meta = self._meta
        assert meta is not None
        if data is None:
            self.stats.status = "miss: stored findings unreadable"
            return None
        from ..readers.cache import CACHE_FILE_NAME

        if meta["reads"] is None or not _same(meta["reads"], str(self.directory / CACHE_FILE_NAME)):
            self.stats.status = "miss: the read cache changed since the stored run"
            return None
        opened = set(data["opened"])
        settings = set(data["settings_paths"])
        for rel in changed:
            if rel in opened:
                self.stats.status = f"miss: {rel} changed and a rule read its text"
                return None
            if rel in settings:
                self.stats.status = f"miss: settings module {rel} changed"
                return None
        why = self._reread(changed, data)
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
            if not os.path.realpath(abs_path).startswith(os.path.realpath(self.root).rstrip(os.sep) + os.sep):
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

    # -------------------------------------------------------------- reports
    def _report_name(self, report_key: str) -> str:
        assert self._meta is not None
        return f"{REPORT_PREFIX}{self.slot}-{_digest(self._meta['token'] + report_key)}.txt"

    def report(self, report_key: str) -> str | None:
        """The stored rendering of this run for these report options (only when nothing changed)."""
        if not self._replayed or self._meta is None:
            return None
        name = self._report_name(report_key)
        digest = self._meta["reports"].get(name)
        if digest is None:
            return None
        try:
            text = (self.directory / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if _digest(text) != digest:
            return None
        self.stats.report_replayed = True
        return text

    def remember_report(self, report_key: str, text: str) -> None:
        """Keep a rendering of the stored run (a later identical run writes it again)."""
        if self._meta is None:
            return
        from ..core.fileio import write_text_atomic

        name = self._report_name(report_key)
        reports = dict(self._meta["reports"])
        reports.pop(name, None)
        reports[name] = _digest(text)
        while len(reports) > MAX_REPORTS:
            reports.pop(next(iter(reports)))
        try:
            write_text_atomic(self.directory / name, text)
            self._meta["reports"] = reports
            self._write_meta(self._meta)
        except (OSError, ValueError):  # a read-only tree, or text that cannot be stored as UTF-8
            return

    # -------------------------------------------------------------- storing
    def recorder(self) -> RunRecorder | None:
        return RunRecorder() if self._usable else None

    def store(self, recorder: RunRecorder, result: LintResult, *, with_edits: bool = False) -> None:
        """Keep a full run's result (atomically; a read-only tree simply stays uncached).

        ``with_edits``: compute every deferred fix's edits first (the report will
        show them anyway), so that later runs asking for edits can replay it.
        """
        if not recorder.complete or recorder.pre_baseline is None:
            self.stats.stored = "not stored: the run was not recorded"
            return
        if result.internal_errors:
            self.stats.stored = "not stored: a rule crashed"
            return
        from ..core.fileio import write_text_atomic
        from ..readers.cache import CACHE_FILE_NAME, ensure_directory

        since = recorder.started_ns
        root = str(self.root)
        real_root = os.path.realpath(root)
        prefixes = {real_root: "", os.path.join(real_root, "requirements"): "requirements/"}
        inputs = {
            "files": {rel: _stat(os.path.join(root, rel), since) for rel in recorder.files},
            "dirs": {d: _directory_state(d, since, prefixes.get(d)) for d in recorder.directories},
            "extra": {
                p: _stat(p, since) for p in _extra_inputs(self.root, recorder.directories, self.config, self.baseline)
            },
        }
        if any(v["names"] is None for v in inputs["dirs"].values()):
            self.stats.stored = "not stored: a directory disappeared during the run"
            return
        pre = recorder.pre_baseline
        if with_edits:
            for finding in pre:
                if finding.fix is not None:
                    finding.fix.edits  # noqa: B018 - computes deferred edits
        index = {id(f): i for i, f in enumerate(pre)}
        kept = None if self.baseline is None else [index[id(f)] for f in result.findings if id(f) in index]
        if kept is not None and len(kept) != len(result.findings):
            self.stats.stored = "not stored: baseline changed the findings"
            return
        token = _digest(f"{self.key}:{time.time_ns()}:{os.getpid()}")
        prefix = root.rstrip(os.sep) + os.sep
        opened = sorted({p[len(prefix) :].replace(os.sep, "/") for p in recorder.opened if p.startswith(prefix)})
        graph = result.graph
        data = {
            "format": FORMAT_VERSION,
            "token": token,
            "findings": (rows := [_finding_json(f) for f in pre]),
            "kept": kept,
            "internal_errors": [],
            "files_checked": len(graph.files),
            "opened": opened,
            "settings_paths": recorder.settings_paths,
            "kinds": recorder.kinds,
            "read_key": recorder.read_key,
            "max_bytes": recorder.max_bytes,
        }
        meta = {
            "format": FORMAT_VERSION,
            "key": self.key,
            "token": token,
            "count": len(result.findings),
            "pending_fixes": any(row[9] is not None and row[9][2] is None for row in rows),
            "files_checked": len(graph.files),
            "unchecked": [list(pair) for pair in result.unchecked_labels()],
            "inputs": inputs,
            "reads": _stat(str(self.directory / CACHE_FILE_NAME)) if _reads_kept() else None,
            "data": None,
            "reports": {},
        }
        try:
            ensure_directory(self.directory)
            write_text_atomic(self.directory / self.data_name, json.dumps(data, separators=(",", ":")))
            meta["data"] = _stat(str(self.directory / self.data_name))
            self._write_meta(meta)
        except (OSError, ValueError) as exc:
            self.stats.stored = f"not stored: {exc}"
            return
        data["findings"] = pre
        self._meta, self._data = meta, data
        self.stats.stored = "stored"
        self._remove_stale_reports(set())
        self._evict_old_slots()

    def _write_meta(self, meta: dict[str, Any]) -> None:
        from ..core.fileio import write_text_atomic

        write_text_atomic(self.directory / self.meta_name, json.dumps(meta, separators=(",", ":")))

    def _refresh_meta(self, count: int) -> None:
        """After an equivalent edit: the new stats of the changed files, and no stale renderings."""
        meta = self._meta
        assert meta is not None
        since = time.time_ns() - _RACY_NS
        root = str(self.root)
        files = meta["inputs"]["files"]
        for rel in self.stats.changed:
            files[rel] = _stat(os.path.join(root, rel), since)
        meta["count"] = count
        meta["reports"] = {}
        try:
            self._write_meta(meta)
        except OSError:
            return
        self._remove_stale_reports(set())

    def _evict_old_slots(self) -> None:
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
                    try:
                        os.unlink(self.directory / name)
                    except OSError:
                        pass

    def _remove_stale_reports(self, keep: set[str]) -> None:
        assert self._meta is not None
        keep = keep | set(self._meta["reports"])
        try:
            mine = f"{REPORT_PREFIX}{self.slot}-"
            names = [n for n in os.listdir(self.directory) if n.startswith(mine) and n not in keep]
        except OSError:
            return
        for name in names:
            try:
                os.unlink(self.directory / name)
            except OSError:
                pass


def _reads_kept() -> bool:
    """Whether ``reads.pickle`` now holds exactly the reader outputs this run used.

    It does when the run saved it, or loaded it and changed nothing; not when saving
    failed (an older file would then answer for the edited files' previous reading).
    """
    from ..readers.cache import last_stats as read_stats

    stats = read_stats()
    return stats.enabled and stats.save_error is None and (stats.saved or stats.status == "loaded")


def _inside(rel: Any) -> bool:
    """A stored path names a file under the root (a tampered file cannot make us read elsewhere)."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel or "\0" in rel:
        return False
    return ".." not in rel.split("/")


def _check_meta(meta: dict[str, Any]) -> None:
    if not (
        isinstance(meta["token"], str) and isinstance(meta["count"], int) and isinstance(meta["files_checked"], int)
    ):
        raise ValueError("header")
    inputs = meta["inputs"]
    for part in ("files", "dirs", "extra"):
        table = inputs[part]
        if not isinstance(table, dict):
            raise ValueError(part)
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


def open_results(
    root: Path, request: Sequence[Any], config: Config, baseline: Path | None, *, enabled: bool
) -> ResultsCache | None:
    """The results cache of ``root`` for this request, or ``None`` (``--no-cache``)."""
    global _last_stats
    if not enabled:
        _last_stats = ResultsStats()
        return None
    return ResultsCache(root, request, config, baseline)
