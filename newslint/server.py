"""`newslint lsp`: the language server.

The parts, one idea each, live in :mod:`newslint.lsp`:

* :mod:`~newslint.lsp.framing` and :mod:`~newslint.lsp.transport` -- the byte pipes:
  Content-Length framing that survives a wrong length, and ending when the editor goes away;
* :mod:`~newslint.lsp.protocol` -- every request answered, the spec's lifecycle;
* :mod:`~newslint.lsp.handlers` -- the LSP features;
* :mod:`~newslint.lsp.server` and :mod:`~newslint.lsp.documents` -- the state: settings, the
  check of each open document, workspace findings, publishing;
* :mod:`~newslint.lsp.actions` and :mod:`~newslint.lsp.dictionary` -- code actions, hover,
  "add to dictionary";
* :mod:`~newslint.lsp.pool`, :mod:`~newslint.lsp.worker`, :mod:`~newslint.lsp.jobs` -- the
  checks, run in worker processes so that no document can hold up the server.
"""
from __future__ import annotations

import asyncio
import logging

from newslint.lsp.actions import ADD_WORD, FIX_ALL_KIND
from newslint.lsp.handlers import register
from newslint.lsp.server import NewslintServer
from newslint.lsp.transport import Connection, serve_tcp


def create_server(worker_init: str | None = None) -> NewslintServer:
    """A server with every feature registered. ``worker_init``: ``"module:function"`` that
    each worker process calls before its first check (tests register test rules with it)."""
    return register(NewslintServer(worker_init=worker_init))


def serve(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087, *, worker_init: str | None = None) -> int:
    """Run the server on stdio (default) or TCP until the client goes away; exits the process
    with the status the spec asks for (0 after shutdown + exit, 1 otherwise)."""
    logging.basicConfig(level=logging.WARNING, format="newslint-lsp %(levelname)s %(name)s: %(message)s")
    ls = create_server(worker_init)
    if tcp:
        status = asyncio.run(serve_tcp(ls.protocol, host, port, [ls.close]))  # type: ignore[arg-type]  # pygls types .protocol as its base class
    else:
        conn = Connection(ls.protocol)  # type: ignore[arg-type]  # (as above)
        conn.on_close.append(ls.close)
        status = conn.run()
    return status


__all__ = ["serve", "create_server", "NewslintServer", "ADD_WORD", "FIX_ALL_KIND"]
