"""The one library entry point under every face: CLI, fix loop, ``validate_view``, MCP, LSP, Django.

``lint`` (and the long-lived :class:`Workspace` it is built on) reads the
configuration, builds the graph once — from the files on disk with optional
in-memory overlays — runs every selected rule over it, then post-processes
the findings in a fixed order: djust's own silencing switches, suppression
comments (and unused ones), per-file ignores, severity overrides, the report
scope, the baseline. A rule that crashes is reported as an internal error
instead of taking the run down.

The *scope* answers "which findings does this run report" the same way for
every face: ``paths`` (only findings located in the named files, as ruff
does), ``related`` (those plus what the named files cause elsewhere: a handler
renamed in a staged view leaves dead bindings in unchanged templates — see
:mod:`djust_lint.engine.scope`), or ``all``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, load_config
from .pipeline import LintResult, postprocess, run_rules, selected_rules
from .scope import Scope, in_scope

if TYPE_CHECKING:
    from ..graph.builder import BuildOptions, SourceSet
    from ..graph.model import ProjectGraph
    from ..rules import Rule
    from .results_cache import RunRecorder

__all__ = ["LintResult", "Scope", "Workspace", "lint", "lint_project", "selected_rules"]


def lint(
    root: Path | str | None,
    *,
    paths: Sequence[Path | str] | None = None,
    scope: Scope | str = Scope.PATHS,
    overlays: Mapping[str, str | bytes] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
    rules: Sequence[type[Rule]] | None = None,
    options: BuildOptions | None = None,
    config: Config | None = None,
    config_file: Path | None = None,
    baseline: Path | None = None,
    use_baseline: bool = True,
    recorder: RunRecorder | None = None,
) -> LintResult:
    """Lint a project once (see :meth:`Workspace.lint` for the arguments).

    ``root=None`` lints only the overlays, as a project of their own (how
    ``validate_view`` checks a pasted snippet without a project).
    """
    workspace = Workspace(root, config=config, config_file=config_file, options=options, remember_reads=False)
    return workspace.lint(
        paths=paths,
        scope=scope,
        overlays=overlays,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        rules=rules,
        baseline=baseline,
        use_baseline=use_baseline,
        recorder=recorder,
    )


def lint_project(
    root: Path | str,
    *,
    paths: Sequence[Path | str] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
    options: BuildOptions | None = None,
    config: Config | None = None,
    config_file: Path | None = None,
    baseline: Path | None = None,
) -> LintResult:
    """Check a project on disk: :func:`lint` without overlays (the stable public name)."""
    return lint(
        root,
        paths=paths,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        options=options,
        config=config,
        config_file=config_file,
        baseline=baseline,
    )


class Workspace:
    """A project held open across lint runs: an editor session, an MCP server, the fix loop.

    The configuration is loaded once; each run re-discovers the files, re-reads
    only those whose size, mtime, ctime or inode changed since the last run
    (``remember_reads``), lays the overlays over them, and links a fresh graph.
    Overlays are never written anywhere.
    """

    def __init__(
        self,
        root: Path | str | None,
        *,
        config: Config | None = None,
        config_file: Path | None = None,
        options: BuildOptions | None = None,
        remember_reads: bool = True,
    ) -> None:
        from ..graph.builder import BuildOptions

        self.root = Path(root).resolve() if root is not None else None
        if config is None:
            config = load_config(self.root, config_file) if self.root is not None else Config()
        self.config = config
        self.options = options or BuildOptions()
        self._reads = None
        self._project_site_packages: tuple[str, ...] | None = None
        if remember_reads:
            from .reads import MemoryReads

            self._reads = MemoryReads()
        self.builds = 0
        """Graphs built so far (tests assert reuse instead of timing)."""
        self._recorder: RunRecorder | None = None

    @property
    def reads(self) -> int:
        """Files actually read (not served from memory) over the workspace's life."""
        return self._reads.misses if self._reads is not None else 0

    def _build_options(self, paths: Sequence[Path | str] | None) -> BuildOptions:
        import copy

        options = copy.copy(self.options)
        if paths is not None:
            base = self.root or Path.cwd()
            options.paths = [Path(p) if Path(p).is_absolute() else base / p for p in paths]
        options.exclude = [*options.exclude, *self.config.exclude]
        options.include = [*options.include, *self.config.include]
        options.extra_template_dirs = [*options.extra_template_dirs, *self.config.template_dirs]
        options.respect_gitignore = options.respect_gitignore and self.config.respect_gitignore
        if not options.site_packages and self.root is not None:
            options.site_packages = self._site_packages()
        return options

    def _site_packages(self) -> tuple[str, ...]:
        """The project's own ``site-packages`` (looked up once per workspace)."""
        if self._project_site_packages is None:
            from ..readers.project_env import project_site_packages

            assert self.root is not None
            self._project_site_packages = project_site_packages(self.root, self.config.venv)
        return self._project_site_packages

    def sources(
        self, overlays: Mapping[str, str | bytes] | None = None, paths: Sequence[Path | str] | None = None
    ) -> SourceSet:
        """Every file of the project as read now, with the overlays laid over them."""
        from ..graph.builder import SourceSet, read_project
        from .overlay import apply_overlays, normalise

        layered = normalise(overlays, self.root)
        if self.root is None:
            sources = SourceSet(root=Path("."))
        else:
            sources = read_project(self.root, self._build_options(paths), store=self._store())
            if self._recorder is not None:
                from ..graph.builder import read_shape

                self._recorder.read(sources, read_shape(self._build_options(None)), self.options.max_bytes)
        if layered:
            apply_overlays(sources, layered, self.root)
            if sources.selected is not None and paths is None:
                sources.selected = None
        return sources

    def _store(self):  # -> ReadStore | None
        if self._reads is None:
            return None
        from ..graph.builder import read_shape
        from ..readers.cache import open_cache

        assert self.root is not None
        disk = open_cache(self.root, read_shape(self._build_options(None)), enabled=self.options.cache)
        return self._reads.over(disk)

    def graph(
        self, overlays: Mapping[str, str | bytes] | None = None, paths: Sequence[Path | str] | None = None
    ) -> ProjectGraph:
        """The project graph as the files (and overlays) are now."""
        from ..graph.builder import build_from
        from .overlay import normalise

        graph = build_from(lambda: self.sources(overlays, paths), self._build_options(paths))
        graph.overlays = normalise(overlays, self.root)
        graph.on_disk = self.root is not None
        if self.config.djust_version is not None:
            graph.target_version, graph.target_version_source = self.config.djust_version, str(self.config.source)
        self.builds += 1
        return graph

    def lint(
        self,
        *,
        paths: Sequence[Path | str] | None = None,
        scope: Scope | str = Scope.PATHS,
        overlays: Mapping[str, str | bytes] | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        extend_select: list[str] | None = None,
        rules: Sequence[type[Rule]] | None = None,
        baseline: Path | None = None,
        use_baseline: bool = True,
        recorder: RunRecorder | None = None,
    ) -> LintResult:
        """Lint the project as it is now, with ``overlays`` (root-relative path -> text) laid over it.

        ``paths`` and ``scope`` decide which findings are reported (``Scope``);
        ``select``/``ignore``/``extend_select`` work as on the command line, or
        ``rules`` names the rule classes outright. ``baseline`` (default: the
        configured one) drops findings recorded in it; ``use_baseline=False``
        ignores every baseline (code that was just written has none). A ``recorder``
        (the results cache, :mod:`.results_cache`) is told what was read and
        which files the rules opened.
        """
        from contextlib import nullcontext

        self._recorder = recorder
        try:
            graph = self.graph(overlays, paths)
        finally:
            self._recorder = None
        if Scope(scope) is Scope.PATHS and graph.selected is not None:
            graph.report_only = frozenset(graph.selected)  # rules may skip what the scope will drop
        chosen = list(rules) if rules is not None else selected_rules(self.config, select, ignore, extend_select)
        with recorder.watching() if recorder is not None else nullcontext():
            seconds: dict[str, float] = {}
            findings, errors, silenced = run_rules(graph, chosen, self.options.progress, seconds)
            result = LintResult(graph, [], errors, self.config, silenced_rules=silenced, rule_seconds=seconds)
            findings = postprocess(graph, findings, chosen, self.config, result)
            result.findings = in_scope(graph, findings, graph.selected, Scope(scope))
        if recorder is not None:
            recorder.finished(result.findings)
        baseline_path = baseline if use_baseline else None
        if use_baseline and baseline_path is None and self.config.baseline and self.root is not None:
            baseline_path = self.root / self.config.baseline
        if baseline_path is not None and self.root is not None:
            from .baseline import load_baseline, new_findings

            before = len(result.findings)
            result.findings = new_findings(result.findings, load_baseline(baseline_path), self.root)
            result.baselined = before - len(result.findings)
        return result
