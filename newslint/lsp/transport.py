"""The byte pipes between the editor and the server: reading, writing, and when to stop.

The server ends when the editor goes away, whichever pipe shows it first:

* ``exit``: status 0 after ``shutdown``, 1 without (the spec);
* the input ends (EOF) or the output breaks (the editor closed its end; seen by a failed
  write or, while idle, by ``poll`` reporting an error on stdout): status 0 after
  ``shutdown``, 1 without -- the editor is gone, so there is nobody to lint for.

The input is read on a thread (``poll`` + ``os.read``) and split into messages by
:class:`~newslint.lsp.framing.Deframer`; bodies and framing errors are handed to the event
loop. Framing errors are logged to stderr (the editor's log of the server); one that lost a
message is answered with a JSON-RPC ParseError.
"""
from __future__ import annotations

import asyncio
import logging
import os
import select
import threading
from collections.abc import Awaitable, Callable

from newslint.lsp.framing import Deframer, Event, FramingError
from newslint.lsp.protocol import NewslintProtocol

log = logging.getLogger("newslint.server")

GRACE = 0.5  # seconds without a byte before an incomplete message is looked at again
READ_SIZE = 1 << 20


class FdWriter:
    """pygls's writer interface over a file descriptor. A failed write (EPIPE: the editor
    closed its end) calls ``on_broken`` once; later writes are dropped."""

    def __init__(self, fd: int, on_broken: Callable[[OSError], None]) -> None:
        self.fd, self.on_broken, self.broken = fd, on_broken, False

    def write(self, data: bytes) -> None:
        if self.broken:
            return
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError as exc:
            self.broken = True
            self.on_broken(exc)

    def close(self) -> None:
        pass


class Connection:
    """Runs a :class:`NewslintProtocol` over a pair of file descriptors until the end."""

    def __init__(self, protocol: NewslintProtocol, in_fd: int = 0, out_fd: int = 1, grace: float = GRACE) -> None:
        self.protocol, self.in_fd, self.out_fd, self.grace = protocol, in_fd, out_fd, grace
        self.loop: asyncio.AbstractEventLoop | None = None
        self.done: asyncio.Future[int] | None = None
        self.on_close: list[Callable[[], Awaitable[None] | None]] = []  # run before the loop ends

    # ---- running --------------------------------------------------------------------------
    def run(self) -> int:
        """Serve until the end; return the exit status."""
        loop = self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self.done = loop.create_future()
        self.protocol.set_writer(FdWriter(self.out_fd, self._output_broken))
        self.protocol.on_exit = self.finish
        threading.Thread(target=self._read, name="newslint-input", daemon=True).start()
        try:
            status = loop.run_until_complete(self.done)
            loop.run_until_complete(self._closing())
        finally:
            for task in asyncio.all_tasks(loop):
                task.cancel()
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()
        return status

    async def _closing(self) -> None:
        for fn in self.on_close:
            try:
                res = fn()
                if res is not None:
                    await asyncio.wait_for(res, 5)
            except Exception:
                log.debug("closing failed", exc_info=True)

    def finish(self, status: int) -> None:
        """End the server with ``status`` (the first call wins)."""
        if self.done is not None and not self.done.done():
            self.done.set_result(status)

    def _status(self) -> int:
        return 0 if self.protocol.shutdown_received else 1

    def _output_broken(self, exc: OSError) -> None:
        log.error("newslint lsp: the client closed the server's output (%s); exiting", exc.strerror or exc)
        self.finish(self._status())

    # ---- the input thread -----------------------------------------------------------------
    def _post(self, fn: Callable[..., object], *args: object) -> bool:
        try:
            self.loop.call_soon_threadsafe(fn, *args)  # type: ignore[union-attr]  # set before the input thread starts
            return True
        except RuntimeError:  # the loop is closed: the server is ending
            return False

    def _read(self) -> None:
        deframer = Deframer()
        if not hasattr(select, "poll"):  # Windows: blocking reads (no stall or stdout watch)
            self._read_blocking(deframer)
            return
        poller = select.poll()
        poller.register(self.in_fd, select.POLLIN | select.POLLPRI)
        if self.out_fd != self.in_fd:
            poller.register(self.out_fd, 0)  # only POLLERR / POLLHUP: the reader went away
        try:
            while True:
                ready = poller.poll(int(self.grace * 1000) if deframer.waiting else None)
                if not ready:
                    events = deframer.stalled()
                    if events and not self._post(self._deliver, events):
                        return
                    continue
                for fd, flags in ready:
                    if fd == self.out_fd and flags & (select.POLLERR | select.POLLHUP | select.POLLNVAL):
                        self._post(self._output_broken, OSError("the pipe is closed"))
                        return
                if not any(fd == self.in_fd for fd, _ in ready):
                    continue
                data = os.read(self.in_fd, READ_SIZE)
                if not data:
                    self._post(self._deliver, deframer.eof())
                    self._post(self._input_closed)
                    return
                events = deframer.feed(data)
                if events and not self._post(self._deliver, events):
                    return
        except OSError as exc:
            log.error("newslint lsp: reading the input failed: %s", exc)
            self._post(self._input_closed)

    def _read_blocking(self, deframer: Deframer) -> None:
        try:
            while data := os.read(self.in_fd, READ_SIZE):
                events = deframer.feed(data)
                if events and not self._post(self._deliver, events):
                    return
        except OSError as exc:
            log.error("newslint lsp: reading the input failed: %s", exc)
        self._post(self._deliver, deframer.eof())
        self._post(self._input_closed)

    # ---- on the loop ------------------------------------------------------------------------
    def _input_closed(self) -> None:
        if not self.protocol.shutdown_received:
            log.warning("newslint lsp: the client closed the server's input without shutdown; exiting")
        self.finish(self._status())

    def _deliver(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, FramingError):
                log.warning("newslint lsp: framing error: %s", event.message)
                if event.parse_error:
                    self.protocol.parse_error(event.message)
                continue
            try:
                self.protocol.receive_object(event)
            except Exception:
                log.exception("newslint lsp: a message could not be handled")


async def serve_tcp(protocol: NewslintProtocol, host: str, port: int, on_close: list, grace: float = GRACE) -> int:
    """Serve one TCP client (``newslint lsp --tcp``) until it goes away; the exit status."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[int] = loop.create_future()

    def finish(status: int) -> None:
        if not done.done():
            done.set_result(status)

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        class Writer:
            def write(self, data: bytes) -> None:
                if writer.is_closing():
                    finish(0 if protocol.shutdown_received else 1)
                    return
                writer.write(data)

            def close(self) -> None:
                writer.close()

        protocol.set_writer(Writer())
        protocol.on_exit = finish
        deframer = Deframer()
        while not done.done():
            try:
                data: bytes | None = await asyncio.wait_for(reader.read(READ_SIZE), grace if deframer.waiting else None)
            except TimeoutError:
                data = None
            except (ConnectionError, OSError):
                data = b""
            events = deframer.stalled() if data is None else deframer.feed(data) if data else deframer.eof()
            for event in events:
                if isinstance(event, FramingError):
                    log.warning("newslint lsp: framing error: %s", event.message)
                    if event.parse_error:
                        protocol.parse_error(event.message)
                else:
                    protocol.receive_object(event)
            if data == b"":
                finish(0 if protocol.shutdown_received else 1)

    server = await asyncio.start_server(connected, host, port)
    log.info("newslint lsp: listening on %s:%s", host, port)
    async with server:
        status = await done
    for fn in on_close:
        res = fn()
        if res is not None:
            await res
    return status


__all__ = ["Connection", "FdWriter", "serve_tcp", "GRACE"]
