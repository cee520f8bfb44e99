"""Helpers for the language-server tests: fixtures written on the fly, independent position
arithmetic (UTF-16 / UTF-8 columns computed from the text, not by the server's code), and a
server entry point with a test corpus rule.

Run as a script (``python tests/lsp_helpers.py``) it starts the real server, whose worker
processes register two test rules first (:func:`install_test_rules`): XT900, a tiny corpus
rule (the workspace-diagnostics path), and XT901, a rule that is slow on purpose (a document
that holds its worker's GIL for N seconds).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_EMOJI = SHARED / "seeds" / "003_e507a3ed73bed784.txt"

PACK = '''
[pack]
name = "lsptest"
description = "Rules for the language-server tests."

[[rules]]
code = "XT001"
name = "politite"
category = "typo"
severity = "warning"
extends = "substitution"
swap = { "politite" = "polite" }
fix = { safety = "safe" }
message = "'%s' is a typo"
summary = "A test typo."
explanation = """
## What it does
Flags the test typo 'politite'.
"""
'''


def write_workspace(root: Path, *, pack: bool = True, extra_config: str = "", select: tuple[str, ...] | None = ("XT", "NL1")) -> Path:
    """A project folder with a newslint.toml (and the test pack). ``select`` keeps the tests
    to the test pack and the boilerplate rules, so rules added later do not change counts."""
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    if select is not None:
        lines.append("select = [" + ", ".join(f'"{s}"' for s in select) + "]")
    if pack:
        (root / "pack.toml").write_text(PACK, encoding="utf-8")
        lines.append('packs = ["pack.toml"]')
    if extra_config:
        lines.append(extra_config)
    (root / "newslint.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def split_lines(text: str) -> list[str]:
    """Lines as LSP counts them (\\r\\n, \\r, \\n), without terminators."""
    return re.split(r"\r\n|\r|\n", text)


def code_point_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = len(re.findall(r"\r\n|\r|\n", before))
    last = max(before.rfind("\n"), before.rfind("\r"))
    return line, offset - (last + 1)


def client_position(text: str, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    """(line, character) of a code-point offset, in the given encoding's code units."""
    line, col = code_point_position(text, offset)
    prefix = split_lines(text)[line][:col]
    if encoding == "utf-16":
        return line, len(prefix.encode("utf-16-le")) // 2
    if encoding == "utf-8":
        return line, len(prefix.encode("utf-8"))
    return line, col


def client_range(text: str, start: int, end: int, encoding: str = "utf-16") -> tuple[tuple[int, int], tuple[int, int]]:
    return client_position(text, start, encoding), client_position(text, end, encoding)


def as_tuple(rng: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """An LSP range (object or dict) as ((line, char), (line, char))."""
    if isinstance(rng, dict):
        return (rng["start"]["line"], rng["start"]["character"]), (rng["end"]["line"], rng["end"]["character"])
    return (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)


# ---- a test corpus rule ------------------------------------------------------------------------
def _corpus_rule():
    from newslint.finding import Related
    from newslint.rules.base import CorpusHit, CorpusRule

    class NumberDisagreement(CorpusRule):
        """Articles of one folder that give different numbers of 'people died'."""

        code = "XT900"
        name = "test-death-toll"
        category = "numbers"
        severity = "warning"
        summary = "Test corpus rule: death tolls that disagree across articles."
        explanation = "Test rule."
        _PAT = re.compile(r"(\d+) people died")

        def summarize(self, doc, ctx):
            out = []
            for m in self._PAT.finditer(doc.text):
                p1, p2 = doc.position(m.start(1)), doc.position(m.end(1))
                out.append((doc.path, m.group(1), p1.line + 1, p1.column + 1, p2.line + 1, p2.column + 1, m.start(1), m.end(1)))
            return out

        def check_corpus(self, summaries, ctx):
            stmts = [s for summary in summaries for s in summary]
            values = {s[1] for s in stmts}
            if len(values) < 2:
                return
            for s in stmts:
                others = tuple(
                    Related(o[0], o[2], o[3], f"this article says {o[1]}", o[4], o[5]) for o in stmts if o is not s and o[1] != s[1]
                )
                yield CorpusHit(s[0], s[2], s[3], s[4], s[5], s[6], s[7], f"death toll {s[1]} disagrees with other articles", others)

    return NumberDisagreement()


def _slow_rule():
    """XT901: a rule that keeps its process busy (holding the GIL, as a pathological document
    does) for N seconds when the text says "SLOWDOC N"; reports the marker."""
    import time

    from newslint.finding import Hit
    from newslint.rules.base import Rule

    class Slow(Rule):
        code = "XT901"
        name = "test-slow"
        category = "style"
        severity = "warning"
        summary = "Test rule: slow on purpose."
        explanation = "Test rule."
        _PAT = re.compile(r"SLOWDOC (\d+(?:\.\d+)?)")

        def check(self, doc, ctx):
            m = self._PAT.search(doc.text)
            if m is None:
                return
            end = time.perf_counter() + float(m.group(1))
            n = 0
            while time.perf_counter() < end:  # pure Python: holds the GIL throughout
                n += 1
            yield Hit(m.start(), m.end(), f"slow document ({m.group(1)} s)")

    return Slow()


def install_test_rules() -> None:
    """Register the test rules (XT900 corpus, XT901 slow) as built-in rules of this process:
    the server's worker processes call it before their first check."""
    from newslint import registry

    if getattr(registry.builtin_rules, "with_test_rules", False):
        return
    extra = (_corpus_rule(), _slow_rule())
    original = registry.builtin_rules

    def with_test_rules():
        return tuple(sorted((*original(), *extra), key=lambda r: r.code))

    with_test_rules.with_test_rules = True  # type: ignore[attr-defined]
    registry.builtin_rules = with_test_rules  # type: ignore[assignment]


def main() -> None:
    from newslint.server import serve

    sys.exit(serve(worker_init="lsp_helpers:install_test_rules"))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()


# ---- a raw JSON-RPC client ----------------------------------------------------------------------
class RawClient:
    """The server as a subprocess, spoken to in Content-Length framed JSON-RPC over pipes:
    for the tests that need what pytest-lsp will not send (bad framing, bad params, messages
    out of order) or that watch the process itself (exit status, pipes)."""

    def __init__(self, argv: list[str], cwd: Path, env: dict | None = None):
        import subprocess
        import threading

        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.out_fd = self.proc.stdout.fileno()
        self.buf = b""
        self.stderr: list[bytes] = []
        self.next_id = 100
        # no thread reads stdout (a test closes it while the server runs)
        threading.Thread(target=lambda: self.stderr.extend(iter(self.proc.stderr.readline, b"")), daemon=True).start()

    def _next(self, timeout: float) -> dict | None:
        """The next message, read without threads; None at the timeout."""
        import json
        import os
        import re
        import select
        import time

        deadline = time.monotonic() + timeout
        while True:
            m = re.search(rb"content-length: *(\d+)\r?\n(?:[^\r\n]+\r?\n)*\r?\n", self.buf, re.I)
            if m and len(self.buf) >= m.end() + int(m.group(1)):
                end = m.end() + int(m.group(1))
                body, self.buf = self.buf[m.end() : end], self.buf[end:]
                return json.loads(body)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if select.select([self.out_fd], [], [], left)[0]:
                data = os.read(self.out_fd, 1 << 20)
                if not data:
                    raise EOFError(f"the server closed its output; stderr: {b''.join(self.stderr)[-2000:]!r}")
                self.buf += data

    def send_bytes(self, data: bytes) -> None:
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj: Any) -> None:
        import json

        body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method: str, params: Any = None, msg_id: Any = None) -> Any:
        if msg_id is None:
            self.next_id += 1
            msg_id = self.next_id
        msg = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return msg_id

    def notify(self, method: str, params: Any = None) -> None:
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def wait_for(self, pred, timeout: float = 10) -> dict:
        """The next message that satisfies ``pred`` (server requests are answered with null)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(max(0.0, deadline - time.monotonic()))
            if msg is None:
                raise AssertionError(f"no matching message within {timeout} s; stderr: {b''.join(self.stderr)[-2000:]!r}")
            if "id" in msg and "method" in msg:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            if pred(msg):
                return msg

    def response(self, msg_id: Any, timeout: float = 10) -> dict:
        return self.wait_for(lambda m: "method" not in m and m.get("id") == msg_id, timeout)

    def initialize(self, root: Path, init: Any = None, capabilities: Any = None) -> dict:
        mid = self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": capabilities or {},
                                          "initializationOptions": {"debounceMs": 0} if init is None else init})
        result = self.response(mid, timeout=30)["result"]
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, language: str = "plaintext", version: int = 1) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}})
        return uri

    def diagnostics(self, uri: str, pred=lambda d: True, timeout: float = 15) -> list:
        msg = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                            and pred(m["params"]["diagnostics"]), timeout)
        return msg["params"]["diagnostics"]

    def wait_log(self, needles: list[bytes], timeout: float = 10) -> bytes:
        """The server's stderr once it holds every needle (it is read by a thread: it lags)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            log = b"".join(self.stderr)
            missing = [n for n in needles if n not in log]
            if not missing:
                return log
            if time.monotonic() > deadline:
                raise AssertionError(f"not in the server's log: {missing}; log: {log[-2000:]!r}")
            time.sleep(0.05)

    def wait_exit(self, timeout: float = 10) -> int:
        import subprocess

        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the server did not exit within {timeout} s") from None

    def children(self) -> list[int]:
        """Process ids of the server's worker processes."""
        pids: list[int] = []
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*"):
            try:
                pids += [int(x) for x in (task / "children").read_text().split()]
            except OSError:
                pass
        return pids

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def crash_on_start() -> None:
    """A worker init that fails (for the pool's give-up test)."""
    raise SystemExit(3)
