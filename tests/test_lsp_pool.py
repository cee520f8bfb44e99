"""The language server's worker pool on its own: answers, a worker that dies, one that never
starts, and the order jobs run in."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from newslint.lsp.jobs import LintJob
from newslint.lsp.pool import JobTimeout, Superseded, WorkerError, WorkerPool
from newslint.server_settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
INIT = "lsp_helpers:install_test_rules"  # XT901: "SLOWDOC N" keeps a worker busy N s


def job(text: str) -> LintJob:
    return LintJob(text, None, "mem.txt", False, Settings())


async def test_answers_come_back_and_a_killed_worker_is_replaced():
    pool = WorkerPool(size=1, extra=0, init=INIT)
    try:
        result = await pool.submit("a", "lint", job("Leave a Reply\n"))
        assert [f.code for f in result.findings] == ["NL101"]
        slow = pool.submit("b", "lint", job("SLOWDOC 20\n"))
        await asyncio.sleep(1.0)
        (worker,) = [w for w in pool.workers if w.job is not None]
        os.kill(worker.proc.pid, signal.SIGKILL)  # a crash mid-job
        with pytest.raises(WorkerError, match="ended"):
            await slow
        result = await asyncio.wait_for(pool.submit("c", "lint", job("Leave a Reply\n")), 20)
        assert [f.code for f in result.findings] == ["NL101"]  # its replacement
        assert pool.stats["started"] == 2
    finally:
        await pool.close()


async def test_supersede_budget_and_order():
    pool = WorkerPool(size=1, extra=0, init=INIT, kill_after=0.2)
    try:
        await pool.submit("warm", "lint", job("x\n"))
        busy = pool.submit("busy", "lint", job("SLOWDOC 1\n"))
        big = pool.submit("big", "lint", job("Leave a Reply\n" * 200), rank=(0, 2800))
        small = pool.submit("small", "lint", job("Leave a Reply\n"), rank=(0, 1))
        old = pool.submit("small", "lint", job("Leave a Reply\n"), rank=(0, 1))  # replaces `small`
        with pytest.raises(Superseded):
            await small
        done: list[str] = []
        for name, fut in (("old", old), ("big", big)):
            fut.add_done_callback(lambda f, n=name: done.append(n))
        await asyncio.gather(busy, old, big)
        assert done == ["old", "big"]  # the smaller job first (big was queued before it)
        timed = pool.submit("t", "lint", job("SLOWDOC 30\n"), budget=0.5)
        with pytest.raises(JobTimeout):
            await asyncio.wait_for(timed, 10)
        assert pool.stats["timeouts"] == 1
    finally:
        await pool.close()


async def test_a_pool_whose_workers_cannot_start_gives_up():
    pool = WorkerPool(size=1, extra=0, init="lsp_helpers:crash_on_start")
    try:
        fut = pool.submit("a", "lint", job("text\n"))
        with pytest.raises(WorkerError, match="before they were ready"):
            await asyncio.wait_for(fut, 30)
        assert pool.broken is not None
        with pytest.raises(WorkerError):
            await pool.submit("b", "lint", job("text\n"))
    finally:
        await pool.close()
