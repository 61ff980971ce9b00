"""Positions between the graph (1-based characters) and LSP clients (0-based code units)."""

from __future__ import annotations

import pytest
from lsprotocol import types

from djust_lint.core.model import Span
from djust_lint.lsp.positions import Converter

TEXT = 'plain line\n<p title="\U0001f600é">{{ x }}</p>\r\nlast'


@pytest.mark.parametrize(
    ("encoding", "column_of_x"),
    [
        (types.PositionEncodingKind.Utf16, 18),  # the emoji is two UTF-16 units
        (types.PositionEncodingKind.Utf8, 21),  # four bytes for the emoji, two for é
        (types.PositionEncodingKind.Utf32, 17),
    ],
)
def test_character_columns_become_client_units_and_back(encoding: str, column_of_x: int) -> None:
    conv = Converter(encoding, lambda path: TEXT)
    x = TEXT.split("\n")[1].index("x") + 1  # 1-based character column of the variable
    position = conv.position("t.html", 2, x)
    assert position == types.Position(1, column_of_x)
    assert conv.from_client("t.html", position) == (2, x)
    assert conv.range("t.html", Span(2, x, 2, x + 1)).end.character == column_of_x + 1
    assert TEXT[conv.offset("t.html", 2, x)] == "x"


def test_positions_outside_the_text_do_not_raise() -> None:
    conv = Converter(types.PositionEncodingKind.Utf16, lambda path: None)
    assert conv.position("gone.html", 9, 9) == types.Position(8, 8)
    assert conv.from_client("gone.html", types.Position(40, 3)) == (41, 4)
