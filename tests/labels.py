"""Labelled findings: what the tool reports on real code, each with a verdict and a reason.

``tests/data/labelled/<corpus>.json`` holds every finding of the rules it
measured (``measured_codes``) on one corpus, read and judged by hand:
``verdict`` is ``real`` (its developers would act on it) or ``false``.
``docs/precision.md`` reports the precision these labels give; tests check the
labels still match what the tool reports, so a changed finding must be read
and labelled again.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LABELLED = Path(__file__).parent / "data" / "labelled"

Key = tuple[str, str, int]  # (code, root-relative path, line)


@dataclass(frozen=True)
class Labels:
    measured_codes: tuple[str, ...]
    verdicts: dict[Key, tuple[str, str]]
    """(code, path, line) -> (verdict, reason)."""
    counts: Counter[Key]

    def precision(self, code: str) -> tuple[int, int]:
        """(real, total) findings of one rule."""
        total = sum(n for key, n in self.counts.items() if key[0] == code)
        real = sum(n for key, n in self.counts.items() if key[0] == code and self.verdicts[key][0] == "real")
        return real, total


def load(name: str) -> Labels:
    data = json.loads((LABELLED / name).read_text(encoding="utf-8"))
    verdicts: dict[Key, tuple[str, str]] = {}
    counts: Counter[Key] = Counter()
    for entry in data["findings"]:
        key = (entry["code"], entry["path"], entry["line"])
        assert entry["verdict"] in ("real", "false"), entry
        assert entry["reason"].strip(), entry
        verdicts[key] = (entry["verdict"], entry["reason"])
        counts[key] += 1
    return Labels(tuple(data["measured_codes"]), verdicts, counts)


def found(findings, codes) -> Counter[Key]:
    """The (code, path, line) of every finding of ``codes``."""
    wanted = set(codes)
    return Counter((f.code, f.path, f.line) for f in findings if f.code in wanted)
