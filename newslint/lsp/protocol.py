"""The JSON-RPC side of the server: every request gets an answer, the lifecycle is the spec's.

pygls leaves some messages unanswered: a request whose params do not deserialise is only
logged, requests after ``shutdown`` are dropped, requests before ``initialize`` are served,
and ``exit`` without ``shutdown`` ends the process with status 0. :class:`NewslintProtocol`
receives each message body from the transport before pygls does and enforces:

* before ``initialize``: requests get ServerNotInitialized (-32002), notifications are
  dropped (``exit`` excepted);
* a second ``initialize``, and any request after ``shutdown``: InvalidRequest (-32600);
* params that do not match the method's type (a negative position, a number where an object
  belongs): InvalidParams (-32602) with what is wrong;
* a body that is not JSON: ParseError (-32700, id null);
* ``exit``: status 0 after ``shutdown``, 1 without.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Generator
from typing import Any

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

log = logging.getLogger("newslint.server")


def _problem(exc: BaseException) -> str:
    """What cattrs found wrong with the params, as one line ("... @ $.position.line")."""
    cause = exc.__cause__ or exc
    try:
        from cattrs import transform_error

        return "; ".join(transform_error(cause))[:500]
    except Exception:
        return str(cause)[:500]


class NewslintProtocol(LanguageServerProtocol):
    """pygls's LanguageServerProtocol with the checks listed in the module docstring."""

    def __init__(self, server: Any, converter: Any) -> None:
        super().__init__(server, converter)
        self.initialize_received = False
        # called with the exit status on `exit` (the transport stops the server)
        self.on_exit: Callable[[int], None] = lambda status: None
        # called after initialize has computed the server's capabilities (may edit them)
        self.adjust_capabilities: Callable[[types.ServerCapabilities], None] = lambda caps: None

    @property
    def shutdown_received(self) -> bool:
        return self._shutdown

    # ---- receiving ------------------------------------------------------------------------
    def receive(self, body: bytes) -> None:
        """One message body from the transport."""
        try:
            raw = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            self.parse_error(f"{exc}")
            return
        self.receive_object(raw)

    def receive_object(self, raw: Any) -> None:
        if not isinstance(raw, dict) or raw.get("jsonrpc") != "2.0":
            self._reject(raw, JsonRpcInvalidRequest("Invalid Request: not a JSON-RPC 2.0 message object"))
            return
        method = raw.get("method")
        if method is None:  # a response to a request of ours
            self._dispatch(raw)
            return
        request = "id" in raw
        if request and (not isinstance(raw["id"], (int, str)) or isinstance(raw["id"], bool)):
            self._reject(raw, JsonRpcInvalidRequest("Invalid Request: the id must be a number or a string"))
            return
        if not isinstance(method, str):
            self._reject(raw, JsonRpcInvalidRequest("Invalid Request: the method must be a string"))
            return
        if method == types.EXIT:
            self.on_exit(0 if self._shutdown else 1)
            return
        if not self.initialize_received:
            if method != types.INITIALIZE:
                if request:
                    self._reject(raw, JsonRpcServerNotInitialized(f"the server is not initialized: {method} before initialize"))
                else:
                    log.info("dropped %s: the server is not initialized", method)
                return
        elif method == types.INITIALIZE and request:
            self._reject(raw, JsonRpcInvalidRequest("Invalid Request: initialize was already received"))
            return
        if self._shutdown:
            if request:
                self._reject(raw, JsonRpcInvalidRequest(f"Invalid Request: {method} after shutdown"))
            else:
                log.info("dropped %s: the server is shutting down", method)
            return
        if method == types.INITIALIZE:
            if not request:
                return
            self.initialize_received = True
        self._dispatch(raw)

    def _dispatch(self, raw: dict) -> None:
        request = "id" in raw and "method" in raw
        try:
            message = self.structure_message(raw)
        except JsonRpcInvalidParams as exc:
            if raw.get("method") == types.INITIALIZE:
                self.initialize_received = False
            problem = _problem(exc)
            if request:
                self._reject(raw, JsonRpcInvalidParams(f"Invalid params for {raw['method']}: {problem}"))
            else:
                log.warning("ignored %s with invalid params: %s", raw.get("method"), problem)
                self._server.report_server_error(JsonRpcInvalidParams(f"{raw.get('method')}: {problem}"), JsonRpcInvalidParams)
            return
        except JsonRpcException as exc:
            if request:
                self._reject(raw, exc)
            return
        self.handle_message(message)

    def _reject(self, raw: Any, error: JsonRpcException) -> None:
        msg_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw, dict) and "method" in raw and "id" not in raw:
            log.warning("ignored notification %s: %s", raw.get("method"), error.message)
            return
        if not isinstance(msg_id, (int, str)) or isinstance(msg_id, bool):
            msg_id = None
        self.send_error(msg_id, error)

    def send_error(self, msg_id: int | str | None, error: JsonRpcException) -> None:
        """An error response; ``msg_id`` None is sent as ``"id": null`` (parse errors)."""
        payload: dict[str, Any] = {"code": error.code, "message": error.message}
        if error.data is not None:
            payload["data"] = error.data
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": payload})

    def parse_error(self, detail: str) -> None:
        log.warning("parse error: %s", detail)
        self.send_error(None, JsonRpcParseError(f"Parse error: {detail}"[:300]))

    # ---- initialize: let the server adjust the capabilities it advertises ------------------
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Generator[Any, Any, types.InitializeResult]:
        result = yield from super().lsp_initialize(params)
        self.adjust_capabilities(result.capabilities)
        return result


__all__ = ["NewslintProtocol"]
