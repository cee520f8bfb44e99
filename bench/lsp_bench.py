"""Benchmark of `newslint lsp` (not a test): start-up, change -> diagnostics latency, memory,
and what a slow document does to everything else.

    .venv/bin/python bench/lsp_bench.py [--rounds 40] [--docs 200] [--big-mb 1.0]

* start: process spawn to the `initialized` notification sent (initialize answered), the
  median of 7 starts; and spawn
  to the first diagnostics of a ~1,000-word document opened right after `initialized`
  (the engine still loading), the median of 5;
* latency: a didChange (full text, one word changed) to the publishDiagnostics for that
  version, with debounceMs = 0 so the debounce is not counted; p50 and p95; typing starts
  1.5 s after `initialized` (the engine loads in the background meanwhile);
  documents: a ~1,000-word seed article, and a ~10,000-word document made by
  concatenating the real seed articles of /work/shared/seeds (repeated until 10,000 words);
* memory: with N documents open (the seed articles, each under its own URI, one word
  varied): VmRSS of the server process, and of the server with its worker processes (the
  checks run in workers), as RSS (shared pages counted in each process) and PSS (shared
  pages split between them: the memory the server really costs);
* slow documents (issue 13): two ~1 MB documents (seeds concatenated; a few seconds to
  check each) are opened, then a ~1,000-word one: how long that small document waits for
  its diagnostics; then one big document is edited down to one line: how long until the new
  version's diagnostics arrive; and, all along until the big documents are checked, how long
  the server takes to answer a request (hover on a document it does not know: no check
  needed) sent every 50 ms.
Targets: start < 0.5 s, p95 < 50 ms (1,000 words) and < 300 ms (10,000 words), < 200 MB.

To compare with another version of the server (say the commit before the worker processes),
run this same script against that version's code; the server is a subprocess, so
PYTHONPATH picks its code:
    git archive fa4a650 | tar -x -C /tmp/lsp-old
    PYTHONPATH=/tmp/lsp-old .venv/bin/python bench/lsp_bench.py
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SERVER = [sys.executable, "-m", "newslint", "lsp"]


class Client:
    def __init__(self, proc: asyncio.subprocess.Process):
        self.proc = proc
        self.next_id = 0
        self.pending: dict[int, asyncio.Future] = {}
        self.published: dict[str, asyncio.Queue] = {}
        self.reader = asyncio.ensure_future(self._read())

    def send(self, obj: dict) -> None:
        body = json.dumps(obj).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def request(self, method: str, params) -> object:
        self.next_id += 1
        fut = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = fut
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        await self.proc.stdin.drain()
        return await fut

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def queue(self, uri: str) -> asyncio.Queue:
        return self.published.setdefault(uri, asyncio.Queue())

    async def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = await out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            msg = json.loads(await out.readexactly(length))
            if "id" in msg and "method" not in msg:
                fut = self.pending.pop(msg["id"], None)
                if fut and not fut.done():
                    fut.set_result(msg.get("result"))
            elif "id" in msg:  # a request from the server: answer null
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            elif msg.get("method") == "textDocument/publishDiagnostics":
                p = msg["params"]
                self.queue(p["uri"]).put_nowait((time.perf_counter(), p.get("version"), len(p["diagnostics"])))


async def start_server(root: Path) -> tuple[Client, float]:
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(*SERVER, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=root, limit=2**24)
    client = Client(proc)
    await client.request(
        "initialize",
        {"processId": None, "rootUri": root.as_uri(), "capabilities": {"textDocument": {"publishDiagnostics": {}}},
         "initializationOptions": {"debounceMs": 0}},
    )
    client.notify("initialized", {})
    await proc.stdin.drain()
    return client, time.perf_counter() - t0


async def wait_version(client: Client, uri: str, version: int, timeout: float = 30) -> float:
    q = client.queue(uri)
    while True:
        t, v, _n = await asyncio.wait_for(q.get(), timeout)
        if v == version:
            return t


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(p / 100 * (len(xs) - 1))))
    return xs[k]


async def latency(client: Client, root: Path, name: str, text: str, rounds: int) -> list[float]:
    uri = (root / name).as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    await client.proc.stdin.drain()
    await wait_version(client, uri, 1)
    times = []
    words = text.split(" ")
    for i in range(rounds):
        version = i + 2
        variant = list(words)
        k = (i * 7919) % len(variant)
        variant[k] = variant[k] + ("s" if i % 2 else "")
        new = " ".join(variant)
        t0 = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": new}]})
        await client.proc.stdin.drain()
        t1 = await wait_version(client, uri, version)
        times.append(t1 - t0)
    return times


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def tree_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of the process and its children, in MB."""
    rss = pss = 0.0
    for p in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except OSError:
            pass
    return rss, pss


async def slow_documents(root: Path, big: str, small: str) -> dict[str, float]:
    """Two big documents, then a small one: its wait; the server's answers meanwhile; an edit
    of a big one down to one line."""
    client, _ = await start_server(root)
    await asyncio.sleep(1.0)  # the server has warmed up
    out: dict[str, float] = {}
    t_open = time.perf_counter()
    for name in ("big1.txt", "big2.txt"):
        client.notify("textDocument/didOpen", {"textDocument": {"uri": (root / name).as_uri(), "languageId": "plaintext", "version": 1, "text": big}})
    await client.proc.stdin.drain()
    await asyncio.sleep(0.2)
    small_uri = (root / "small.txt").as_uri()
    t0 = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": small_uri, "languageId": "plaintext", "version": 1, "text": small}})
    await client.proc.stdin.drain()
    waits: list[float] = []
    stop = asyncio.Event()

    async def ping() -> None:
        unknown = (root / "never-opened.txt").as_uri()
        while not stop.is_set():
            t = time.perf_counter()
            await client.request("textDocument/hover", {"textDocument": {"uri": unknown}, "position": {"line": 0, "character": 0}})
            waits.append(time.perf_counter() - t)
            await asyncio.sleep(0.05)

    pinger = asyncio.ensure_future(ping())
    out["small document behind two big ones: wait for diagnostics"] = await wait_version(client, small_uri, 1, timeout=300) - t0
    t0 = time.perf_counter()
    big1 = (root / "big1.txt").as_uri()
    client.notify("textDocument/didChange", {"textDocument": {"uri": big1, "version": 2}, "contentChanges": [{"text": "Leave a Reply\n"}]})
    await client.proc.stdin.drain()
    out["big document edited to one line: wait for its diagnostics"] = await wait_version(client, big1, 2, timeout=300) - t0
    await wait_version(client, (root / "big2.txt").as_uri(), 1, timeout=300)
    out["both big documents checked, from their opening"] = time.perf_counter() - t_open
    stop.set()
    await pinger
    out["answer to a request meanwhile (every 50 ms), p50"] = statistics.median(waits)
    out["answer to a request meanwhile (every 50 ms), max"] = max(waits)
    await client.request("shutdown", None)
    client.notify("exit", None)
    await client.proc.wait()
    return out


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--big-mb", type=float, default=1.0, help="size of each big document of the slow-document test")
    args = ap.parse_args()
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        sys.exit(f"no seed articles in {SEEDS}")
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    one_k = max(texts, key=lambda t: -abs(len(t.split()) - 1000))
    big_parts: list[str] = []
    while sum(len(t.split()) for t in big_parts) < 10_000:
        big_parts.append(texts[len(big_parts) % len(texts)])
    ten_k = "\n\n".join(big_parts)
    big_parts = []
    while sum(len(t) for t in big_parts) < args.big_mb * 1e6:
        big_parts.append(texts[len(big_parts) % len(texts)])
    big = "\n\n".join(big_parts)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        starts = []
        for _ in range(7):  # a start is ~0.3 s: the median of 7 steadies it
            c, t = await start_server(root)
            starts.append(t)
            await c.request("shutdown", None)
            c.notify("exit", None)
            await c.proc.wait()
        first = []
        for i in range(5):
            t0 = time.perf_counter()
            c, _ = await start_server(root)
            uri = (root / f"first{i}.txt").as_uri()
            c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": one_k}})
            await c.proc.stdin.drain()
            first.append(await wait_version(c, uri, 1) - t0)
            await c.request("shutdown", None)
            c.notify("exit", None)
            await c.proc.wait()
        client, _ = await start_server(root)
        await asyncio.sleep(1.5)  # typing starts once the server has warmed up (both servers warm up in the background)
        rows = []
        for label, name, text in (("~1,000 words", "one_k.txt", one_k), ("~10,000 words", "ten_k.txt", ten_k)):
            ts = await latency(client, root, name, text, args.rounds)
            rows.append((label, len(text.split()), statistics.median(ts) * 1000, percentile(ts, 95) * 1000))
        before = rss_mb(client.proc.pid)
        before_tree = tree_mb(client.proc.pid)
        for i in range(args.docs):
            uri = (root / f"doc{i:03d}.txt").as_uri()
            text = texts[i % len(texts)].replace(" the ", f" the{i} ", 1)
            client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
        await client.proc.stdin.drain()
        for i in range(args.docs):
            await wait_version(client, (root / f"doc{i:03d}.txt").as_uri(), 1, timeout=120)
        after = rss_mb(client.proc.pid)
        after_tree = tree_mb(client.proc.pid)
        await client.request("shutdown", None)
        client.notify("exit", None)
        await client.proc.wait()
        slow = await slow_documents(root, big, one_k)

    print(f"newslint lsp benchmark ({len(seeds)} seed articles from {SEEDS}; 10,000-word document = seeds concatenated)")
    print(f"{'measure':<44}{'value':>12}  target")
    print(f"{'start to initialized (median of 7)':<44}{statistics.median(starts):>10.3f} s  < 0.5 s   (runs: {', '.join(f'{s:.3f}' for s in starts)})")
    print(f"{'start to first diagnostics (median of 5)':<44}{statistics.median(first):>10.3f} s            (runs: {', '.join(f'{s:.3f}' for s in first)})")
    for label, words, p50, p95 in rows:
        target = "50 ms" if words < 5000 else "300 ms"
        print(f"{f'change -> diagnostics p50, {label} ({words})':<44}{p50:>9.1f} ms")
        print(f"{f'change -> diagnostics p95, {label} ({words})':<44}{p95:>9.1f} ms  < {target}")
    print(f"{'RSS after start + 2 documents':<44}{before:>9.1f} MB   (with workers: RSS {before_tree[0]:.1f}, PSS {before_tree[1]:.1f})")
    print(f"{f'RSS with {args.docs} more open documents':<44}{after:>9.1f} MB  < 200 MB   (with workers: RSS {after_tree[0]:.1f}, PSS {after_tree[1]:.1f})")
    print(f"slow documents: 2 x {len(big) / 1e6:.1f} MB ({len(big.split()):,} words each), then {len(one_k.split()):,} words")
    for label, value in slow.items():
        print(f"  {label:<58}{value * 1000:>9.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
