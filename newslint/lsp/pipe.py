"""Python objects over a pipe between the server and a worker: an 8-byte length, a pickle.

(``multiprocessing.connection`` does the same on POSIX, but only over sockets on Windows.)
Both ends are this package's own processes; nothing else writes to these pipes.
"""
from __future__ import annotations

import os
import pickle
import struct
from typing import Any

_HEADER = struct.Struct("!Q")


class Pipe:
    """One direction of a pipe: ``send`` on the write end, ``recv`` on the read end."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, obj: Any) -> None:
        if self.fd < 0:
            raise OSError("the pipe is closed")
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(self.fd, view):]

    def recv(self) -> Any:
        """The next object; EOFError when the other end closed the pipe."""
        (size,) = _HEADER.unpack(self._exactly(_HEADER.size))
        return pickle.loads(self._exactly(size))

    def _exactly(self, n: int) -> bytes:
        if self.fd < 0:
            raise EOFError("the pipe is closed")
        chunks, left = [], n
        while left:
            chunk = os.read(self.fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError("the pipe was closed")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        """Close this end (once: the number may be reused for another file afterwards)."""
        fd, self.fd = self.fd, -1
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass


__all__ = ["Pipe"]
