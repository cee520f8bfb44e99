"""Content-Length framing of the LSP byte stream, with resynchronisation after framing errors.

A sans-IO parser: :meth:`Deframer.feed` takes the bytes as they arrive and returns what they
complete -- messages (the parsed JSON object of each body: a body is only known to be whole
once it parses) and :class:`FramingError` reports. :meth:`Deframer.stalled` is
called when no byte has arrived for a while (``grace`` seconds in the transport): a body
that is still short of its ``Content-Length`` but already holds a whole JSON object is then
taken as it is, so a client that announced too many bytes and now waits for an answer gets
one instead of a server that waits forever.

What a wrong ``Content-Length`` looks like and what is done:

* too large: the body runs into the next message's header -- the part before that header is
  the message (when it parses), the header starts the next one;
* too small: the body is a cut-off JSON object followed by bytes that are not a header -- the
  message runs to the next header (when it parses);
* a body that is not JSON at all, or bytes that are not a header: a JSON-RPC parse error is
  reported (the server answers it with ``id: null``) and the stream resumes at the next
  ``Content-Length:`` header.

Every such event is a :class:`FramingError` with a message for the log; none goes unseen.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

HEADER = re.compile(rb"content-length[ \t]*:", re.I)
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\S*)[ \t]*$", re.I | re.M)
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*[ \t]*:[^\r\n]*$")
MAX_HEADER = 4096  # bytes from "Content-Length:" to the blank line: more is not a header
MAX_MESSAGE = 512 * 1024 * 1024  # a larger Content-Length is a broken header, not a message


@dataclass(frozen=True)
class FramingError:
    """Something in the stream that was not a well-framed message.

    ``parse_error``: a message was lost (the server answers JSON-RPC ParseError, id null)."""

    message: str
    parse_error: bool = False


Event = dict | FramingError  # a message (its parsed body), or a report


def _parse(data: bytes | bytearray) -> dict | None:
    """The JSON object ``data`` holds, or None."""
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


class Deframer:
    """Splits a byte stream into LSP message bodies (see the module docstring)."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.length: int | None = None  # the announced length of the body being read
        self.header_bytes = 0  # length of the header block before that body
        self.stall_reported = False
        self.skipped = 0  # bytes of garbage skipped since the last header

    @property
    def waiting(self) -> bool:
        """True while a message has begun but is not complete (the transport then watches
        the clock and calls :meth:`stalled`)."""
        return self.length is not None or bool(self.buf.strip())

    def feed(self, data: bytes) -> list[Event]:
        self.buf += data
        self.stall_reported = False
        return self._drain(stalled=False)

    def stalled(self) -> list[Event]:
        """No byte arrived for a while: take what can be taken from an incomplete message."""
        events = self._drain(stalled=True)
        if self.skipped:
            events.append(FramingError(f"skipped {self.skipped} bytes that are not a message header"))
            self.skipped = 0
        if self.length is not None and not self.stall_reported and not events:
            self.stall_reported = True
            events.append(FramingError(
                f"waiting for the rest of a message: Content-Length {self.length}, "
                f"{len(self.buf)} bytes received so far"
            ))
        return events

    def eof(self) -> list[Event]:
        """The stream ended: report a message left unfinished."""
        events = self._drain(stalled=True)
        if self.buf.strip():
            events.append(FramingError(f"the input ended inside a message ({len(self.buf)} bytes unread)", parse_error=True))
            self.buf.clear()
            self.length = None
        return events

    # ---- the state machine ------------------------------------------------------------------
    def _drain(self, stalled: bool) -> list[Event]:
        out: list[Event] = []
        while True:
            if self.length is None:
                if not self._header(out):
                    break
            elif not self._body(out, stalled):
                break
        return out

    def _header(self, out: list[Event]) -> bool:
        """Parse one header block at the start of the buffer. False: need more bytes."""
        buf = self.buf
        m = HEADER.search(buf)
        if m is None:
            keep = len(b"content-length")  # a header may be cut by the read: keep its start
            if len(buf) > keep:
                self.skipped += len(buf[:-keep].strip())
                del buf[:-keep]
            return False
        self.skipped += len(buf[: m.start()].strip())
        if self.skipped:
            out.append(FramingError(f"skipped {self.skipped} bytes that are not a message header"))
            self.skipped = 0
        if m.start():
            del buf[: m.start()]
        end = _HEADER_END.search(buf)
        if end is None:
            if len(buf) > MAX_HEADER:
                out.append(FramingError("a Content-Length header without the blank line that ends the header block", parse_error=True))
                del buf[: len(b"content-length:")]
                return True
            return False
        block = bytes(buf[: end.start()])
        lines = block.replace(b"\r\n", b"\n").split(b"\n")
        length = _LENGTH.match(lines[0])
        value = length.group(1) if length else b""
        if not value.isdigit() or int(value) > MAX_MESSAGE or any(not _HEADER_LINE.match(ln) for ln in lines[1:] if ln):
            out.append(FramingError(f"a malformed header block: {block[:200]!r}", parse_error=True))
            del buf[: end.end()]
            return True
        self.length = int(value)
        self.header_bytes = end.end()
        del buf[: end.end()]
        return True

    def _body(self, out: list[Event], stalled: bool) -> bool:
        """Take the body of the current message. False: need more bytes (or the stall)."""
        buf, n = self.buf, self.length or 0
        if len(buf) >= n:
            obj = _parse(buf[:n])
            if obj is not None:
                return self._emit(out, obj, n)
            # too large: the next message's header inside the body (or across its end)
            m = HEADER.search(buf)
            if m is not None and m.start() < n and (obj := _parse(buf[: m.start()])) is not None:
                out.append(FramingError(f"Content-Length {n} is larger than the message ({m.start()} bytes); resynchronised at the next header"))
                return self._emit(out, obj, m.start())
            rest = buf[n:]
            if not rest.strip() and not stalled:
                return False  # is it cut short (the rest still to come) or just bad? wait
            if rest.lstrip()[:15].lower().startswith(b"content-length") or (not rest.strip() and stalled):
                # framed as announced and followed by a header (or nothing): a bad body
                out.append(FramingError(f"a message of {n} bytes that is not a JSON object", parse_error=True))
                return self._emit(out, None, n)
            # too small: the message runs on to the next header
            m = HEADER.search(buf, n)
            if m is None and not stalled:
                return False
            cut = m.start() if m is not None else len(buf)
            if (obj := _parse(buf[:cut])) is not None:
                out.append(FramingError(f"Content-Length {n} is smaller than the message ({cut} bytes); resynchronised at the next header"))
                return self._emit(out, obj, cut)
            out.append(FramingError(f"dropped {cut} bytes that are not a JSON-RPC message", parse_error=True))
            return self._emit(out, None, cut)
        if not stalled:
            return False
        # stalled short of the announced length
        m = HEADER.search(buf)
        if m is not None and (obj := _parse(buf[: m.start()])) is not None:
            out.append(FramingError(f"Content-Length {n} is larger than the message ({m.start()} bytes); resynchronised at the next header"))
            return self._emit(out, obj, m.start())
        if m is None and (obj := _parse(buf)) is not None:
            out.append(FramingError(f"Content-Length {n} is larger than the message ({len(buf)} bytes, and nothing more came)"))
            return self._emit(out, obj, len(buf))
        if m is not None:  # not JSON up to the next header: that message is lost
            out.append(FramingError(f"dropped {m.start()} bytes that are not a JSON-RPC message", parse_error=True))
            return self._emit(out, None, m.start())
        return False

    def _emit(self, out: list[Event], message: dict | None, consumed: int) -> bool:
        if message is not None:
            out.append(message)
        del self.buf[:consumed]
        self.length = None
        return True


def frame(body: bytes) -> bytes:
    """One message as it goes over the wire."""
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


__all__ = ["Deframer", "FramingError", "frame"]
