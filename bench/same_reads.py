"""Check that a change to the template reader left its output identical, template by template.

Why: the template reader's speed work must not change what it reads. Before
a change, ``dump`` records the reader's output for a corpus of real and
hostile templates; after it, ``compare`` reads the same corpus again and
compares with the record byte for byte. Each output is compared as a pickle
(which also records which equal values are the *same* object inside one
template, e.g. shared spans and interned names: memory and the read cache
depend on that sharing) and, when it differs, shown as ``repr`` lines.
One more pickle of all outputs together checks the sharing across templates:
more sharing (a smaller pickle) is reported and accepted, less is a failure.

The corpus: the test fixtures' templates, the installed djust package's and
Django's templates, a generated project, each template also read as an inline
template (shifted by a line and a column offset), and deterministic hostile
variants (truncated at random points, with stray ``{{``, quotes, ``<``, CR line
ends spliced in) plus the benchmark's pathological shapes, small.

Usage::

    python bench/same_reads.py dump /tmp/reads-before.pickle
    python bench/same_reads.py compare /tmp/reads-before.pickle

Exit status 0 when identical, 1 when not.
"""

from __future__ import annotations

import argparse
import difflib
import pickle
import random
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate_project import generate  # noqa: E402  (sibling script, not a package)

_SPLICES = [
    "{{",
    "{%",
    "{#",
    "}}",
    "%}",
    '"',
    "'",
    "<",
    ">",
    "</div>",
    "\r",
    "\r\n",
    "<!--",
    "{% if x %}",
    "{% endif %}",
    "=",
    "/>",
]
_PATHOLOGICAL = {
    "{{": ("{{ ", ""),
    "{%": ("{% ", ""),
    "nested div": ("<div>", "</div>"),
    "unclosed <div": ("<div ", ""),
    'unclosed href="': ('<a href="', ""),
    "if in tag": ('<b {% if a %}x="1"{% else %}', "{% endif %}>"),
}


def template_files(generated: Path) -> list[tuple[str, Path]]:
    """(label, path) of every template in the real corpora, in a fixed order."""
    import django
    import djust

    roots = {
        "fixtures": REPO / "tests" / "fixtures",
        "data": REPO / "tests" / "data",
        "djust": Path(djust.__file__).parent,
        "django": Path(django.__file__).parent,
        "generated": generated,
    }
    found = []
    for label, root in roots.items():
        for path in sorted(root.rglob("*.html")):
            found.append((f"{label}:{path.relative_to(root).as_posix()}", path))
    return found


def _hostile(texts: list[str], seed: int = 0) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    for number in range(400):
        text = rng.choice(texts)
        if not text:
            continue
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(_SPLICES) + text[at:]
        cut = rng.randrange(len(text) + 1)
        yield f"hostile:{number}", text[:cut]
    for shape, (unit, close) in _PATHOLOGICAL.items():
        for count in (1, 7, 200):
            yield f"pathological:{shape}:{count}", unit * count + close * count


def read_all(generated: Path) -> list[tuple[str, object]]:
    """(key, reader output) for the whole corpus, read in a fixed order in this process."""
    from djust_lint.readers.template import read_template, read_template_file

    outputs: list[tuple[str, object]] = []
    texts = []
    for key, path in template_files(generated):
        outputs.append((key, read_template_file(path, path=key, name=key)))
        text = path.read_text(encoding="utf-8", errors="replace")
        texts.append(text)
        inline = read_template(
            text, path="app/views.py", inline_owner="app.views.V", line_offset=11, first_line_column_offset=16
        )
        outputs.append((key + ":inline", inline))
    for key, text in _hostile(texts):
        outputs.append((key, read_template(text, path="t.html", name="t.html")))
        outputs.append(
            (
                key + ":inline",
                read_template(text, path="v.py", inline_owner="V", line_offset=3, first_line_column_offset=7),
            )
        )
    return outputs


def snapshot(views: int) -> dict[str, bytes]:
    """Key -> pickle of each output, plus ``*all*`` -> one pickle of every output together."""
    with tempfile.TemporaryDirectory(prefix="djust-lint-reads-") as scratch:
        project = Path(scratch) / "project"
        generate(project, views, seed=0)
        outputs = read_all(project)
    result = {key: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) for key, value in outputs}
    result["*all*"] = pickle.dumps([value for _, value in outputs], protocol=pickle.HIGHEST_PROTOCOL)
    return result


def _lines(blob: bytes) -> list[str]:
    value = pickle.loads(blob)
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is None:
        return [repr(value)]
    return [
        f"{name}: {item!r}"
        for name in fields
        for item in (getattr(value, name) if isinstance(getattr(value, name), list) else [getattr(value, name)])
    ]


def compare(before: dict[str, bytes], after: dict[str, bytes]) -> int:
    if before.keys() != after.keys():
        print("different corpora:", sorted(before.keys() ^ after.keys())[:10])
        return 1
    different = [key for key in before if before[key] != after[key]]
    if not different:
        print(f"identical: {len(before) - 1} reads, {sum(map(len, before.values())):,} pickled bytes")
        return 0
    if different == ["*all*"] and len(after["*all*"]) < len(before["*all*"]):
        saved = len(before["*all*"]) - len(after["*all*"])
        print(f"identical: {len(before) - 1} reads, each byte for byte; across templates more equal values")
        print(f"are now one object (all reads pickled together: {saved:,} bytes smaller)")
        return 0
    print(f"{len(different)} of {len(before)} differ: {different[:10]}")
    for key in different[:3]:
        if key == "*all*":
            continue
        diff = list(difflib.unified_diff(_lines(before[key]), _lines(after[key]), "before", "after", lineterm="", n=1))
        print(key, "(equal values, different sharing)" if not diff else "")
        print("\n".join(diff[:40]))
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["dump", "compare"])
    parser.add_argument("record", type=Path)
    parser.add_argument("--views", type=int, default=100, help="size of the generated project")
    args = parser.parse_args(argv)
    now = snapshot(args.views)
    if args.action == "dump":
        args.record.write_bytes(pickle.dumps(now))
        print(f"recorded {len(now) - 1} reads in {args.record}")
        return 0
    return compare(pickle.loads(args.record.read_bytes()), now)


if __name__ == "__main__":
    raise SystemExit(main())
