"""The Content-Length framing of newslint.lsp.framing: messages out as they went in, whatever
the reads cut them into; a wrong length or garbage costs at most the message it hit."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.lsp.framing import Deframer, FramingError, frame

TEXT = st.lists(st.sampled_from([*"ab {}[]\":,\\\n\r", "é", "\U0001F44B", "Content-Length: 12\r\n\r\n"]), max_size=30).map("".join)
MESSAGES = st.lists(TEXT, min_size=1, max_size=6).map(
    lambda texts: [json.dumps({"jsonrpc": "2.0", "id": i, "method": "m", "params": {"text": t}}, ensure_ascii=False).encode()
                   for i, t in enumerate(texts)]
)


def _parsed(messages: list[bytes]) -> list[dict]:
    return [json.loads(m) for m in messages]


def _run(stream: bytes, cuts: list[int], stall_at_end: bool = True) -> list:
    d = Deframer()
    out: list = []
    pos = 0
    for c in [*sorted(set(cuts)), len(stream)]:
        if c > pos:
            out += d.feed(stream[pos:c])
            pos = c
    if stall_at_end:
        out += d.stalled()
    return out


@settings(max_examples=300, deadline=None)
@given(MESSAGES, st.lists(st.integers(0, 4000), max_size=12), st.booleans())
def test_well_framed_messages_come_out_whole_however_the_reads_cut_them(messages, cuts, lf_only):
    sep = b"\n\n" if lf_only else b"\r\n\r\n"

    def header(b: bytes) -> bytes:
        return b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8" % len(b)

    stream = b"".join(header(m) + sep + m for m in messages)
    out = _run(stream, cuts)
    assert out == _parsed(messages)


@settings(max_examples=300, deadline=None)
@given(MESSAGES, st.integers(0, 5), st.integers(-40, 40).filter(lambda k: k != 0), st.lists(st.integers(0, 4000), max_size=8))
def test_a_wrong_length_costs_at_most_its_own_message(messages, which, delta, cuts):
    """One message announces the wrong length: every other message still comes out, and the
    error is reported."""
    plain = [m for m in messages if b"Content-Length" not in m]  # header-like text inside
    if not plain:                                                 # a message can fool anyone
        return
    which %= len(plain)
    wrong = max(1, len(plain[which]) + delta)
    stream = b"".join(
        (b"Content-Length: %d\r\n\r\n" % (wrong if i == which else len(m))) + m for i, m in enumerate(plain)
    )
    out = _run(stream, cuts)
    bodies = [e for e in out if isinstance(e, dict)]
    others = _parsed([m for i, m in enumerate(plain) if i != which])
    assert [b for b in bodies if b != json.loads(plain[which])] == others
    assert any(isinstance(e, FramingError) for e in out)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), MESSAGES)
def test_garbage_before_a_message_is_skipped(garbage, messages):
    if b"ontent-" in garbage.lower() or b"length" in garbage.lower():
        return
    out = _run(garbage + b"".join(frame(m) for m in messages), [])
    assert [e for e in out if isinstance(e, dict)] == _parsed(messages)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=2000), st.lists(st.integers(0, 2000), max_size=10))
def test_any_bytes_never_raise_and_the_buffer_stays_small_without_a_header(data, cuts):
    d = Deframer()
    pos = 0
    for c in [*sorted(set(cuts)), len(data)]:
        if c > pos:
            d.feed(data[pos:c])
            pos = c
        d.stalled()
    d.eof()
    if b"content-length" not in data.lower():
        assert len(d.buf) <= len(b"content-length")


def test_a_body_that_is_not_json_is_a_parse_error_and_the_next_message_survives():
    good = b'{"jsonrpc": "2.0", "id": 2, "method": "m"}'
    out = _run(frame(b"{this is not json") + frame(good), [])
    assert isinstance(out[0], FramingError) and out[0].parse_error
    assert out[1:] == [json.loads(good)]


def test_a_length_too_large_with_nothing_after_is_taken_when_the_stream_stalls():
    body = b'{"jsonrpc": "2.0", "id": 1, "method": "m"}'
    d = Deframer()
    assert d.feed(b"Content-Length: %d\r\n\r\n" % (len(body) + 50) + body) == []
    assert d.waiting
    out = d.stalled()
    assert out[-1] == json.loads(body) and "larger than the message" in out[0].message


def test_a_malformed_header_is_reported_and_skipped():
    good = b'{"jsonrpc": "2.0", "id": 2, "method": "m"}'
    out = _run(b"Content-Length: -4\r\n\r\n" + frame(good), [])
    assert isinstance(out[0], FramingError) and "malformed header" in out[0].message
    assert out[-1] == json.loads(good)
