"""`newslint lsp` under hostile or careless clients, driven by a raw JSON-RPC client
(Content-Length framed messages over the server's pipes): every request gets an answer, the
lifecycle and exit status are the spec's, framing errors are survived, and the server ends
when either pipe breaks -- its worker processes with it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lsp_helpers import RawClient

SERVER = [sys.executable, "-m", "newslint", "lsp"]
INVALID_REQUEST, INVALID_PARAMS, PARSE_ERROR, NOT_INITIALIZED = -32600, -32602, -32700, -32002


@pytest.fixture
def raw(tmp_path: Path):
    client = RawClient(SERVER, tmp_path)
    yield client
    client.kill()


def _hover(raw: RawClient, uri: str, line, character) -> object:
    return raw.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})


# ---- lifecycle ----------------------------------------------------------------------------------
def test_requests_before_initialize_get_server_not_initialized(raw: RawClient, tmp_path: Path):
    uri = (tmp_path / "a.txt").as_uri()
    early = _hover(raw, uri, 0, 0)
    assert raw.response(early)["error"]["code"] == NOT_INITIALIZED
    raw.open(tmp_path / "a.txt", "Leave a Reply\n")  # a notification before initialize: dropped
    result = raw.initialize(tmp_path)
    assert "capabilities" in result
    again = raw.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    assert raw.response(again)["error"]["code"] == INVALID_REQUEST
    # the document opened too early was never opened; open it now and it is checked
    raw.open(tmp_path / "a.txt", "Leave a Reply\n")
    assert [d["code"] for d in raw.diagnostics(uri)] == ["NL101"]


def test_bad_params_get_invalid_params(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    uri = raw.open(tmp_path / "a.txt", "Leave a Reply\n")
    raw.diagnostics(uri)
    cases = [
        {"textDocument": {"uri": uri}, "position": {"line": -1, "character": 3}},  # negative
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": -5}},
        {"textDocument": 5, "position": {"line": 0, "character": 0}},  # wrong types
        {"textDocument": {"uri": uri}, "position": {"line": "zero", "character": 0}},
        {"textDocument": {"uri": uri}},  # missing
    ]
    for params in cases:
        mid = raw.request("textDocument/hover", params)
        err = raw.response(mid)["error"]
        assert err["code"] == INVALID_PARAMS, params
        assert "textDocument/hover" in err["message"]
    bad_range = raw.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": -3, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}})
    assert raw.response(bad_range)["error"]["code"] == INVALID_PARAMS
    weird_id = raw.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}, msg_id={"x": 1})
    assert raw.wait_for(lambda m: m.get("error", {}).get("code") == INVALID_REQUEST)["id"] is None
    assert weird_id == {"x": 1}
    # still serving
    ok = _hover(raw, uri, 0, 2)
    assert "NL101" in raw.response(ok)["result"]["contents"]["value"]


def test_requests_after_shutdown_get_invalid_request_and_exit_is_zero(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    uri = raw.open(tmp_path / "a.txt", "Leave a Reply\n")
    raw.diagnostics(uri)
    workers = raw.children()
    assert workers, "the checks run in worker processes"
    assert raw.response(raw.request("shutdown"))["result"] is None
    late = _hover(raw, uri, 0, 2)
    err = raw.response(late)["error"]
    assert err["code"] == INVALID_REQUEST and "after shutdown" in err["message"]
    assert raw.response(raw.request("shutdown"))["error"]["code"] == INVALID_REQUEST
    raw.notify("exit")
    assert raw.wait_exit() == 0
    _assert_gone(workers)


def test_exit_without_shutdown_is_one(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    raw.notify("exit")
    assert raw.wait_exit() == 1


def test_end_of_input_after_shutdown_is_zero(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    raw.response(raw.request("shutdown"))
    raw.proc.stdin.close()
    assert raw.wait_exit() == 0


def _assert_gone(pids: list[int], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]
        time.sleep(0.05)
    assert not alive, f"worker processes still running: {alive}"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def test_broken_output_ends_the_server_and_its_workers(tmp_path: Path):
    """The editor closes its end of the server's stdout but not stdin, while a document is
    being checked: the server exits (it used to keep linting at 50% CPU)."""
    raw = RawClient([sys.executable, str(Path(__file__).resolve().parent / "lsp_helpers.py")], tmp_path)
    try:
        raw.initialize(tmp_path)
        uri = raw.open(tmp_path / "a.txt", "Leave a Reply\n")
        raw.diagnostics(uri)
        workers = raw.children()
        raw.open(tmp_path / "slow.txt", "SLOWDOC 30\n")  # a worker is busy for 30 s
        time.sleep(0.3)
        raw.proc.stdout.close()  # the editor closed its end
        t0 = time.monotonic()
        status = raw.wait_exit(timeout=10)
        assert time.monotonic() - t0 < 5
        assert status == 1  # gone without shutdown
        _assert_gone(workers)
        raw.wait_log([b"closed the server's output"])
    finally:
        raw.kill()


def test_end_of_input_ends_a_busy_server(tmp_path: Path):
    raw = RawClient([sys.executable, str(Path(__file__).resolve().parent / "lsp_helpers.py")], tmp_path)
    try:
        raw.initialize(tmp_path)
        raw.open(tmp_path / "slow.txt", "SLOWDOC 30\n")
        time.sleep(0.5)
        workers = raw.children()
        raw.proc.stdin.close()
        assert raw.wait_exit(timeout=10) == 1
        _assert_gone(workers)
    finally:
        raw.kill()


# ---- framing ----------------------------------------------------------------------------------------
def _hover_body(uri: str, msg_id: int) -> bytes:
    import json

    return json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/hover",
                       "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}}).encode()


def test_wrong_content_length_is_survived(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    uri = raw.open(tmp_path / "a.txt", "Leave a Reply\n")
    raw.diagnostics(uri)
    # too large, followed by another message: both answered
    a, b = _hover_body(uri, 1), _hover_body(uri, 2)
    raw.send_bytes(b"Content-Length: %d\r\n\r\n" % (len(a) + 30) + a + b"Content-Length: %d\r\n\r\n" % len(b) + b)
    assert "NL101" in raw.response(1)["result"]["contents"]["value"]
    assert "NL101" in raw.response(2)["result"]["contents"]["value"]
    # too small, followed by another message: both answered
    c, d = _hover_body(uri, 3), _hover_body(uri, 4)
    raw.send_bytes(b"Content-Length: %d\r\n\r\n" % (len(c) - 9) + c + b"Content-Length: %d\r\n\r\n" % len(d) + d)
    assert raw.response(3)["result"] is not None
    assert raw.response(4)["result"] is not None
    # too large, and the client waits for the answer: answered after a short grace
    e = _hover_body(uri, 5)
    t0 = time.monotonic()
    raw.send_bytes(b"Content-Length: %d\r\n\r\n" % (len(e) + 100) + e)
    assert raw.response(5)["result"] is not None
    assert time.monotonic() - t0 < 3
    # garbage between messages, a body that is not JSON: a ParseError (id null), then on
    raw.send_bytes(b"this is not a header\r\n\r\n")
    raw.send(b"{this is not json")
    raw.send(_hover_body(uri, 6))
    assert raw.wait_for(lambda m: m.get("error", {}).get("code") == PARSE_ERROR)["id"] is None
    assert raw.response(6)["result"] is not None
    raw.wait_log([b"larger than the message", b"smaller than the message", b"skipped", b"not a JSON object"])
    raw.response(raw.request("shutdown"))
    raw.notify("exit")
    assert raw.wait_exit() == 0


def test_a_header_split_across_writes_and_a_big_message(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    text = ("The council met on Tuesday. " * 40 + "\n") * 400  # ~450 KB
    uri = (tmp_path / "big.txt").as_uri()
    import json

    body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                       "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text + "Leave a Reply\n"}}}).encode()
    framed = b"Content-Length: %d\r\n\r\n" % len(body) + body
    for i in range(0, len(framed), 65_000):
        raw.send_bytes(framed[i : i + 65_000])
        time.sleep(0.001)
    assert "NL101" in [d["code"] for d in raw.diagnostics(uri, timeout=30)]
    uri = raw.open(tmp_path / "a.txt", "Leave a Reply\n")
    raw.diagnostics(uri)
    for chunk in (b"Content-", b"Length: ", b"%d\r" % len(_hover_body(uri, 9)), b"\n\r\n", _hover_body(uri, 9)):
        raw.send_bytes(chunk)
        time.sleep(0.05)
    assert "NL101" in raw.response(9)["result"]["contents"]["value"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_no_cpu_is_burnt_while_idle(raw: RawClient, tmp_path: Path):
    raw.initialize(tmp_path)
    uri = raw.open(tmp_path / "a.txt", "Leave a Reply\n")
    raw.diagnostics(uri)
    time.sleep(1.0)  # the workers finish warming up

    def cpu() -> float:
        ticks = 0
        for pid in [raw.proc.pid, *raw.children()]:
            fields = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    before = cpu()
    time.sleep(1.0)
    assert cpu() - before < 0.1  # no polling loop


def _cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def test_the_check_of_a_superseded_version_is_stopped(tmp_path: Path):
    """A slow check whose document changed is not left running: its worker is killed (and
    replaced), so no CPU goes on a result nobody will see."""
    raw = RawClient([sys.executable, str(Path(__file__).resolve().parent / "lsp_helpers.py")], tmp_path)
    try:
        raw.initialize(tmp_path)
        uri = raw.open(tmp_path / "slow.txt", "SLOWDOC 30\n")
        deadline = time.monotonic() + 20  # a loaded machine takes a while to start a worker
        busy: list[int] = []
        while not busy and time.monotonic() < deadline:
            time.sleep(0.5)
            busy = [pid for pid in raw.children() if _cpu_seconds([pid]) > 0.5]
        assert len(busy) == 1  # the slow check is running in this worker
        raw.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                              "contentChanges": [{"text": "Leave a Reply\n"}]})
        assert [d["code"] for d in raw.diagnostics(uri, lambda d: len(d) > 0)] == ["NL101"]
        _assert_gone(busy)  # killed, not left to finish a check nobody will see
        assert len(raw.children()) >= 1  # and replaced
        raw.response(raw.request("shutdown"))
        raw.notify("exit")
        assert raw.wait_exit() == 0
    finally:
        raw.kill()


def test_tcp_mode_serves_one_client_and_exits_with_the_spec_status(tmp_path: Path):
    import json
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*SERVER, "--tcp", "--port", str(port)], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not listen"
                time.sleep(0.1)
        stream = conn.makefile("rwb")

        def send(obj) -> None:
            body = json.dumps(obj).encode()
            stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            stream.flush()

        def read() -> dict:
            length = None
            while True:
                line = stream.readline()
                assert line, "connection closed"
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            return json.loads(stream.read(length))

        send({"jsonrpc": "2.0", "id": 1, "method": "hover", "params": {}})
        assert read()["error"]["code"] == NOT_INITIALIZED
        send({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}, "initializationOptions": {"debounceMs": 0}}})
        assert "capabilities" in read()["result"]
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        uri = (tmp_path / "a.txt").as_uri()
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": "Leave a Reply\n"}}})
        while True:
            msg = read()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                assert [d["code"] for d in msg["params"]["diagnostics"]] == ["NL101"]
                break
        send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
        while read().get("id") != 3:
            pass
        send({"jsonrpc": "2.0", "method": "exit"})
        assert proc.wait(timeout=10) == 0
        conn.close()
    finally:
        if proc.poll() is None:
            proc.kill()
