"""Class hierarchy across the project: names to classes, and the full MRO.

Bases are resolved through each module's imports, package re-exports and star
imports; bases outside the project go to the :class:`ExternalResolver`
(astroid over installed source, or the shipped vocabulary). The MRO is Python's
C3 linearisation so "which ``save`` wins" matches run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..core.model import ClassInfo, ModuleInfo
from ..core.vocabulary import ExternalClass
from ..readers.external import ExternalResolver

ClassKind = Literal["live_view", "live_component", "component"]
_VIEW_KINDS: tuple[ClassKind, ...] = ("live_view", "live_component", "component")


@dataclass(frozen=True, slots=True)
class MroEntry:
    """One class in an MRO: a project class, an external one, or unresolved."""

    key: str
    project: ClassInfo | None = None
    external: ExternalClass | None = None

    @property
    def resolved(self) -> bool:
        return self.project is not None or self.external is not None


@dataclass
class IndexStats:
    """Work done by one index: tests assert on it instead of timing."""

    linearisations: int = 0
    """C3 merges computed (each class at most once per build, cycles aside)."""
    external_lookups: int = 0
    """Distinct base names handed to the external resolver."""


class ClassIndex:
    """Every project class by qualified name, with base resolution and MROs."""

    _cycle_cut = False

    def __init__(self, modules: Iterable[ModuleInfo], external: ExternalResolver) -> None:
        self.modules: dict[str, ModuleInfo] = {}
        self.classes: dict[str, ClassInfo] = {}
        self._by_suffix: dict[str, list[str]] = {}
        for module in modules:
            self.modules[module.name] = module
            for cls in module.classes:
                self.classes[cls.qualname] = cls
        for qualname in self.classes:
            parts = qualname.split(".")
            for start in range(1, len(parts) - 1):
                self._by_suffix.setdefault(".".join(parts[start:]), []).append(qualname)
        self.external = external
        self._resolve_cache: dict[str, str | None] = {}
        self._mro_cache: dict[str, list[MroEntry]] = {}
        self._lookup_cache: dict[str, MroEntry] = {}
        self.derived: dict[tuple[str, str], object] = {}
        """Facts computed from the Python side alone (``(question, qualname) -> answer``), kept as long as
        this index: a template edit that re-links one template keeps the index, so they stay valid."""
        self._linear_cache: dict[str, list[MroEntry]] = {}
        """Finished linearisations of every class met (project or external), per build:
        ``LiveView``'s chain is computed once, not once per view."""
        self.stats = IndexStats()

    # -- names ---------------------------------------------------------------

    def resolve(self, dotted: str) -> str | None:
        """Project qualname a dotted name refers to, following re-exports."""
        if dotted in self._resolve_cache:
            return self._resolve_cache[dotted]
        self._resolve_cache[dotted] = None  # cycle guard
        result = self._resolve_uncached(dotted, depth=0)
        self._resolve_cache[dotted] = result
        return result

    def _resolve_uncached(self, dotted: str, depth: int) -> str | None:
        if dotted in self.classes:
            return dotted
        if depth > 20 or "." not in dotted:
            return None
        module_name, _, attr = dotted.rpartition(".")
        module = self.modules.get(module_name)
        if module is not None:
            target = module.imports.get(attr)
            if target and target != dotted:
                found = self.resolve(target)
                if found:
                    return found
            for star in module.star_imports:
                found = self.resolve(f"{star}.{attr}")
                if found:
                    return found
            return None
        # A module we do not know under that name: a namespace-package prefix
        # (``apps.shop.views.X`` indexed as ``shop.views.X``).
        candidates = self._by_suffix.get(dotted)
        if candidates and len(candidates) == 1:
            return candidates[0]
        return None

    def lookup(self, dotted: str) -> MroEntry:
        """Resolve a base name to a project class, an external class, or nothing (memoised)."""
        found = self._lookup_cache.get(dotted)
        if found is None:
            found = self._lookup_cache[dotted] = self._lookup_uncached(dotted)
        return found

    def _lookup_uncached(self, dotted: str) -> MroEntry:
        qualname = self.resolve(dotted)
        if qualname:
            return MroEntry(qualname, project=self.classes[qualname])
        if dotted.rpartition(".")[0] in self.modules:
            # A name of a module we read ourselves that is no class there (a builtin
            # such as ``Exception`` used without import, or a dynamic assignment):
            # astroid would parse the same file again to find the same nothing.
            return MroEntry("unresolved:" + dotted)
        self.stats.external_lookups += 1
        ext = self.external.lookup(dotted)
        if ext is not None:
            return self._prefer_project(ext)
        return MroEntry("unresolved:" + dotted)

    def _prefer_project(self, ext: ExternalClass) -> MroEntry:
        """When the project *is* the package (linting djust itself), use its own class."""
        if ext.qualname in self.classes:
            return MroEntry(ext.qualname, project=self.classes[ext.qualname])
        return MroEntry("ext:" + ext.qualname, external=ext)

    # -- MRO -----------------------------------------------------------------

    def mro(self, qualname: str) -> list[MroEntry]:
        """C3 MRO of a project class (falls back to depth-first on conflicts)."""
        cached = self._mro_cache.get(qualname)
        if cached is not None:
            return cached
        entry = MroEntry(qualname, project=self.classes[qualname])
        self._mro_cache[qualname] = [entry]  # cycle guard
        result = self._linearise(entry, set())
        self._mro_cache[qualname] = result
        return result

    def _parents(self, entry: MroEntry) -> list[MroEntry]:
        if entry.project is not None:
            return [self.lookup(base) for base in entry.project.bases if base not in ("builtins.object", "object")]
        if entry.external is not None:
            parents = []
            for base in entry.external.bases:
                # An ancestor of an external class that we cannot read (Django's
                # ``View`` when only the shipped vocabulary is available) is
                # opaque, not unknown: handlers of framework classes are already
                # in their own data, so the view stays fully checkable.
                ext = self.external.lookup(base) or ExternalClass(base, "mixin", (), {}, frozenset(), None, "opaque")
                parents.append(self._prefer_project(ext))
            return parents
        return []

    def _linearise(self, entry: MroEntry, active: set[str]) -> list[MroEntry]:
        """C3 of one entry; finished results are memoised unless a cycle cut them short."""
        if entry.key in active:
            self._cycle_cut = True
            return [entry]
        done = self._linear_cache.get(entry.key)
        if done is not None:
            return done
        outer_cut, self._cycle_cut = self._cycle_cut, False
        self.stats.linearisations += 1
        active = active | {entry.key}
        parents = self._parents(entry)
        sequences = [self._linearise(p, active) for p in parents] + [parents]
        merged = _c3_merge(sequences)
        if merged is None:
            merged = _depth_first(sequences)
        result = [entry] + merged
        if not self._cycle_cut:  # a result cut by a cycle depends on where the walk started
            self._linear_cache[entry.key] = result
        self._cycle_cut = self._cycle_cut or outer_cut
        return result

    # -- classification -------------------------------------------------------

    def kind(self, qualname: str) -> ClassKind | None:
        """``live_view``/``live_component``/``component`` from the first framework ancestor."""
        known = self.external.vocabulary.classes
        for entry in self.mro(qualname)[1:]:
            if entry.external is not None and entry.external.kind in _VIEW_KINDS:
                return entry.external.kind  # type: ignore[return-value]
            if entry.project is not None and entry.key in known and known[entry.key].kind in _VIEW_KINDS:
                return known[entry.key].kind  # type: ignore[return-value]
        return None

    def unresolved_bases(self, qualname: str) -> list[str]:
        return [e.key.split(":", 1)[1] for e in self.mro(qualname) if not e.resolved]


def _c3_merge(sequences: list[list[MroEntry]]) -> list[MroEntry] | None:
    """C3's merge; ``None`` when the sequences admit no consistent order (Python's TypeError).

    Each step takes the first head (in sequence order) that is in no sequence's tail. Rather than
    scanning every tail for every candidate and copying every sequence after each step (quadratic
    in the MRO's length, which is ~30 for a djust view), a count of each key's appearances in the
    tails is kept and each sequence advances a position: a head in no tail is only ever at the front.
    """
    sequences = [s for s in sequences if s]
    positions = [0] * len(sequences)
    in_tails: dict[str, int] = {}
    for seq in sequences:
        for entry in seq[1:]:
            in_tails[entry.key] = in_tails.get(entry.key, 0) + 1
    result: list[MroEntry] = []
    while True:
        head = None
        exhausted = True
        for seq, at in zip(sequences, positions, strict=True):
            if at < len(seq):
                exhausted = False
                if not in_tails.get(seq[at].key):
                    head = seq[at]
                    break
        if head is None:
            return result if exhausted else None
        result.append(head)
        for index, seq in enumerate(sequences):
            at = positions[index]
            if at < len(seq) and seq[at].key == head.key:
                positions[index] = at = at + 1
                if at < len(seq):  # the next entry leaves the tail and becomes the head
                    in_tails[seq[at].key] -= 1


def _depth_first(sequences: list[list[MroEntry]]) -> list[MroEntry]:
    seen: set[str] = set()
    result: list[MroEntry] = []
    for seq in sequences:
        for entry in seq:
            if entry.key not in seen:
                seen.add(entry.key)
                result.append(entry)
    return result
