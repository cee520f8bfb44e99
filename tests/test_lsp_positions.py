"""Fuzzing the conversions between newslint offsets and LSP positions (hypothesis).

Texts mix emoji (two UTF-16 units, four UTF-8 bytes), other astral and accented characters,
\\r\\n, lone \\r and \\n, and a leading BOM. Expected positions come from tests/lsp_helpers.py,
which encodes line prefixes itself, not from the code under test.
"""
from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.workspace import PositionCodec

from newslint.lsp.documents import line_model
from newslint.lsp_convert import Positions

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_helpers import client_position

PIECES = st.sampled_from(["a", "b", " ", "é", "\U0001F44B", "\U00010400", "中", "\n", "\r\n", "\r", "\t", "'"])
TEXTS = st.builds(lambda bom, parts: ("\ufeff" if bom else "") + "".join(parts), st.booleans(), st.lists(PIECES, max_size=40))
ENCODINGS = {"utf-16": types.PositionEncodingKind.Utf16, "utf-8": types.PositionEncodingKind.Utf8, "cp": types.PositionEncodingKind.Utf32}


def _positions(text: str, encoding: str) -> Positions:
    return Positions(line_model(text, None), PositionCodec(ENCODINGS[encoding]))


def _inside_crlf(body: str, offset: int) -> bool:
    return 0 < offset < len(body) and body[offset - 1] == "\r" and body[offset] == "\n"


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(sorted(ENCODINGS)))
def test_offsets_to_positions_and_back(text: str, encoding: str):
    pos = _positions(text, encoding)
    body = pos.doc.text
    bom = 1 if text.startswith("\ufeff") else 0
    assert body == text[bom:]
    for offset in range(len(body) + 1):
        if _inside_crlf(body, offset):
            continue
        line, character = client_position(text, offset + bom, encoding)  # in the editor's buffer
        got = pos.position(offset)
        assert (got.line, got.character) == (line, character), (text, offset)
        assert pos.offset(got) == offset


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(sorted(ENCODINGS)), st.integers(-5, 60), st.integers(-5, 200))
def test_any_client_position_maps_into_the_document(text: str, encoding: str, line: int, character: int):
    """Out of range, negative, or in the middle of a character (half a surrogate pair, a byte
    inside a UTF-8 sequence): always an offset inside the document, never an exception."""
    pos = _positions(text, encoding)
    offset = pos.offset(_position(line, character))
    assert 0 <= offset <= len(pos.doc.text)


def _position(line: int, character: int) -> types.Position:
    """A Position that skips lsprotocol's validation (the server clamps what it receives)."""
    p = object.__new__(types.Position)
    object.__setattr__(p, "line", line)
    object.__setattr__(p, "character", character)
    return p


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(sorted(ENCODINGS)))
def test_ranges_are_ordered_and_whole_covers_the_text(text: str, encoding: str):
    pos = _positions(text, encoding)
    n = len(pos.doc.text)
    whole = pos.whole()
    assert (whole.start.line, whole.start.character) == (0, 0)
    last = client_position(text, len(text), encoding)
    assert (whole.end.line, whole.end.character) == last
    for a in range(0, n + 1, 3):
        for b in range(a, n + 1, 5):
            r = pos.range(a, b)
            assert (r.start.line, r.start.character) <= (r.end.line, r.end.character)
