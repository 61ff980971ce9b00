"""Close names for error messages: an assistant's typo must lead somewhere, not to a dead end.

Besides spelling, assistants (and OCR'd screenshots) swap look-alike
characters: ``DJ1O1`` for ``DJ101``, ``DJl01``. Rule codes are normalised
for those before the fuzzy match, so the right code comes first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

#: Letters read as the digit they look like, in the digit part of a rule code.
_LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "i": "1", "|": "1",
                                   "L": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6", "g": "9"})  # fmt: skip
_CODE_SHAPED = re.compile(r"\s*[dD][jJ]\s*[-_ ]?\s*(\w{3})\s*\Z")


def lookalike_code(text: str) -> str | None:
    """``DJ1O1`` -> ``DJ101``: a code-shaped text with look-alike letters read as digits (None if not code-shaped)."""
    match = _CODE_SHAPED.match(text)
    if match is None:
        return None
    digits = match.group(1).translate(_LOOKALIKE_DIGITS)
    return "DJ" + digits if digits.isdigit() else None


def close(name: str, candidates: Iterable[str], n: int = 5) -> list[str]:
    """Up to ``n`` candidates close to ``name`` (whole dotted names and their last segments)."""
    pool = sorted(set(candidates))
    short = {c.rsplit(".", 1)[-1]: c for c in pool}
    hits = difflib.get_close_matches(name, pool, n=n, cutoff=0.5)
    hits += [short[h] for h in difflib.get_close_matches(name.rsplit(".", 1)[-1], list(short), n=n, cutoff=0.5)]
    return list(dict.fromkeys(hits))[:n]


def did_you_mean(close_names: list[str], available: Iterable[str]) -> str:
    """``did you mean: a, b?``, or the available names when nothing is close."""
    if close_names:
        return "did you mean: " + ", ".join(close_names) + "?"
    listed = sorted(available)
    return "available: " + (", ".join(listed[:30]) + (" ..." if len(listed) > 30 else "") if listed else "none")
