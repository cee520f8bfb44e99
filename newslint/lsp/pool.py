"""Worker processes for the language server, scheduled so that no document waits on a slow one.

Linting in a thread of the server holds the server's GIL: a 10 MB article once kept the
server from answering for 22 s, and a tiny document waited 13.6 s behind two slow ones. Here
each job runs in a worker process (:mod:`newslint.lsp.worker`), and the pool:

* keeps ``size`` workers (started in the background, warm before the first document);
* runs queued jobs smallest first (``rank``), so a short document is not queued behind long
  ones; and when every worker has been busy for ``lane_after`` seconds, starts an extra
  worker (up to ``extra`` of them, retired when idle) so it is not queued behind a slow job
  either;
* supersedes by key: a new job for the same key (a newer version of a document) replaces the
  queued one, and abandons the running one -- its result is dropped, and its worker is killed
  (and replaced) once the job has run for ``kill_after`` seconds, so a slow old version does
  not keep a CPU busy;
* kills a job that runs past its ``budget`` (the future fails with :class:`JobTimeout`);
* replaces a worker that dies; gives up (every job fails with :class:`WorkerError`) when
  workers keep dying before they are ready.

Futures fail with :class:`Superseded` when a newer job replaced theirs.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newslint.lsp.pipe import Pipe

log = logging.getLogger("newslint.server")

SIZE = 2  # workers kept (the machines we target have 2+ cores)
EXTRA = 1  # extra lane beside busy workers (a small document need not wait behind two slow ones)
LANE_AFTER = 0.3  # seconds every worker has been busy before an extra one starts
KILL_AFTER = 0.5  # seconds an abandoned job may have run before its worker is killed
IDLE_EXTRA = 5.0  # seconds an extra worker may idle before it is retired
GIVE_UP = 3  # workers dying before they are ready, in a row: the pool stops trying


class Superseded(Exception):
    """A newer job with the same key replaced this one."""


class JobTimeout(Exception):
    """The job ran past its time budget and was stopped."""


class WorkerError(Exception):
    """The job failed in the worker (the message holds its traceback) or the worker died."""


@dataclass(eq=False)
class Job:
    key: Hashable
    kind: str
    payload: Any
    rank: tuple
    budget: float | None
    future: asyncio.Future
    seq: int
    started: float | None = None
    worker: Worker | None = None
    timer: asyncio.TimerHandle | None = None  # the budget
    kill_timer: asyncio.TimerHandle | None = None  # abandoned: kill it if it runs on
    abandoned: bool = False


@dataclass(eq=False)
class Worker:
    proc: subprocess.Popen
    send: Pipe
    extra: bool
    ready: bool = False
    job: Job | None = None
    idle_since: float = field(default_factory=time.monotonic)
    kill_reason: str | None = None
    jobs_done: int = 0


def _consume(fut: asyncio.Future) -> None:
    if not fut.cancelled():
        fut.exception()  # nobody may be waiting: no "exception never retrieved" warnings


class WorkerPool:
    def __init__(self, *, size: int = SIZE, extra: int = EXTRA, lane_after: float = LANE_AFTER,
                 kill_after: float = KILL_AFTER, init: str | None = None) -> None:
        self.size, self.extra, self.lane_after, self.kill_after = max(1, size), max(0, extra), lane_after, kill_after
        self.init = init  # "module:function" run in each worker before its first job
        self.loop: asyncio.AbstractEventLoop | None = None
        self.workers: list[Worker] = []
        self.queued: dict[Hashable, Job] = {}
        self.running: dict[Hashable, Job] = {}
        self.seq = itertools.count()
        self.closed = False
        self.failed_starts = 0
        self.broken: str | None = None  # why the pool gave up
        self.lane_timer: asyncio.TimerHandle | None = None
        self.stats = {"started": 0, "killed": 0, "superseded": 0, "timeouts": 0}

    @property
    def _loop(self) -> asyncio.AbstractEventLoop:
        """The event loop ``start`` recorded (every caller runs after it)."""
        assert self.loop is not None, "the pool is used before start()"
        return self.loop

    # ---- public -----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the workers (they warm up in the background), one after the other: the first
        is ready sooner when it does not share the CPU with the second."""
        self.loop = asyncio.get_running_loop()
        base = [w for w in self.workers if not w.extra]
        if len(base) < self.size and self.broken is None and not self.closed and all(w.ready for w in base):
            self._spawn(extra=False)

    def submit(self, key: Hashable, kind: str, payload: Any, *, rank: tuple = (), budget: float | None = None) -> asyncio.Future:
        """Queue a job; a job with the same key, queued or running, is superseded."""
        if self.loop is None:
            self.start()
        fut = self._loop.create_future()
        fut.add_done_callback(_consume)
        if self.closed or self.broken is not None:
            fut.set_exception(WorkerError(self.broken or "the server is shutting down"))
            return fut
        self.cancel(key)
        self.queued[key] = Job(key, kind, payload, rank, budget, fut, next(self.seq))
        self._schedule()
        return fut

    def cancel(self, key: Hashable) -> None:
        """Drop the queued job of ``key`` and abandon its running one."""
        old = self.queued.pop(key, None)
        if old is not None:
            self._fail(old, Superseded())
        running = self.running.get(key)
        if running is not None:
            self._abandon(running)

    async def close(self) -> None:
        self.closed = True
        for job in list(self.queued.values()):
            self._fail(job, WorkerError("the server is shutting down"))
        self.queued.clear()
        for w in list(self.workers):
            self._kill(w, "shutdown")
        deadline = time.monotonic() + 2
        while any(w.proc.poll() is None for w in self.workers) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    # ---- workers ----------------------------------------------------------------------------
    def _spawn(self, *, extra: bool) -> Worker:
        package_parent = str(Path(__file__).resolve().parents[2])
        bootstrap = (
            f"import sys; sys.path.insert(0, {package_parent!r}); "
            "from newslint.lsp.worker import main; main()"
        )
        jobs_r, jobs_w = os.pipe()
        res_r, res_w = os.pipe()
        try:
            proc = subprocess.Popen([sys.executable, "-c", bootstrap], stdin=jobs_r, stdout=res_w, close_fds=True)
        finally:
            os.close(jobs_r)
            os.close(res_w)
        worker = Worker(proc=proc, send=Pipe(jobs_w), extra=extra)
        self.workers.append(worker)
        self.stats["started"] += 1
        try:
            worker.send.send({"sys_path": [p for p in sys.path if p], "init": self.init})
        except OSError:
            pass  # it died at once: the reader reports it
        threading.Thread(target=self._read, args=(worker, Pipe(res_r)), daemon=True,
                         name=f"newslint-worker-{proc.pid}").start()
        return worker

    def _read(self, worker: Worker, conn: Pipe) -> None:
        """Thread: hand each answer of ``worker`` to the loop; report its end."""
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                break
            except Exception as exc:  # an answer that does not unpickle
                msg = ("error", repr(exc))
            if not self._post(self._on_message, worker, msg):
                break
        conn.close()
        try:
            worker.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            worker.proc.kill()
            worker.proc.wait()
        self._post(self._on_exit, worker)

    def _post(self, fn: Callable[..., object], *args: object) -> bool:
        try:
            self._loop.call_soon_threadsafe(fn, *args)
            return True
        except RuntimeError:  # the loop is closed
            return False

    def _kill(self, worker: Worker, reason: str) -> None:
        if worker.kill_reason is None:
            worker.kill_reason = reason
            self.stats["killed"] += reason not in ("shutdown", "retired")
        try:
            worker.send.close()
        except OSError:
            pass
        if reason != "retired":
            try:
                worker.proc.kill()
            except OSError:
                pass

    # ---- events (on the loop) --------------------------------------------------------------------
    def _on_message(self, worker: Worker, msg: tuple) -> None:
        if msg[0] == "ready":
            worker.ready = True
            self.failed_starts = 0
            self.start()  # the next one
            self._schedule()
            return
        job, worker.job = worker.job, None
        worker.idle_since = time.monotonic()
        worker.jobs_done += 1
        if job is not None:
            self._finish(job)
            if msg[0] == "error":
                self._fail(job, WorkerError(f"an answer could not be read: {msg[1]}"))
            else:
                _, ok, value = msg
                if ok:
                    if not job.future.done():
                        job.future.set_result(value)
                else:
                    self._fail(job, WorkerError(value))
        if worker.extra:
            self._loop.call_later(IDLE_EXTRA + 0.01, self._retire_idle_extras)
        self._schedule()

    def _on_exit(self, worker: Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        job, worker.job = worker.job, None
        reason = worker.kill_reason
        if job is not None:
            self._finish(job)
            if reason == "budget":
                self.stats["timeouts"] += 1
                self._fail(job, JobTimeout(f"stopped after {job.budget:g} s"))
            elif reason != "superseded":
                self._fail(job, WorkerError(f"the worker process ended (status {worker.proc.returncode})"))
        if reason is None:
            log.warning("newslint lsp: worker %s ended unexpectedly (status %s)", worker.proc.pid, worker.proc.returncode)
            if not worker.ready:
                self.failed_starts += 1
                if self.failed_starts >= GIVE_UP:
                    self._give_up(f"{GIVE_UP} worker processes in a row ended before they were ready (see the log)")
                    return
        if not self.closed:
            if not worker.extra or self.queued:
                self.start()
            self._schedule()

    def _give_up(self, why: str) -> None:
        self.broken = why
        log.error("newslint lsp: %s; no more documents will be checked", why)
        for job in list(self.queued.values()):
            self._fail(job, WorkerError(why))
        self.queued.clear()

    # ---- scheduling ----------------------------------------------------------------------------------
    def _schedule(self) -> None:
        if self.closed or self.loop is None:
            return
        while self.queued:
            # ready workers only: one still loading the engine does not read its pipe yet, and
            # a large job written to it would block this process until it does
            free = [w for w in self.workers if w.ready and w.job is None and w.kill_reason is None]
            if not free:
                self._maybe_open_lane()
                return
            job = min(self.queued.values(), key=lambda j: (j.rank, j.seq))
            del self.queued[job.key]
            free.sort(key=lambda w: w.extra)  # the kept workers first
            self._run(free[0], job)

    def _run(self, worker: Worker, job: Job) -> None:
        try:
            worker.send.send((job.seq, job.kind, job.payload))
        except (OSError, ValueError):
            self.queued[job.key] = job  # the worker is dying; its replacement takes the job
            self._kill(worker, "broken")
            return
        worker.job, job.worker, job.started = job, worker, time.monotonic()
        self.running[job.key] = job
        if job.budget is not None and job.budget > 0:
            job.timer = self._loop.call_later(job.budget, self._over_budget, job)

    def _maybe_open_lane(self) -> None:
        """Every worker busy: when all have been busy for ``lane_after``, add a worker."""
        extras = sum(1 for w in self.workers if w.extra)
        busy = [w for w in self.workers if w.kill_reason is None and w.job is not None]
        starting = any(not w.ready and w.kill_reason is None for w in self.workers)
        if extras >= self.extra or not busy or starting or self.broken is not None:
            return  # (a worker on its way takes the job when it is ready)
        wait = min(w.job.started or 0.0 for w in busy if w.job is not None) + self.lane_after - time.monotonic()
        if wait <= 0:
            self._spawn(extra=True)
            self._schedule()
        elif self.lane_timer is None:
            def again() -> None:
                self.lane_timer = None
                self._schedule()

            self.lane_timer = self._loop.call_later(wait, again)

    def _retire_idle_extras(self) -> None:
        """An extra lane is for while the others are busy: retired after IDLE_EXTRA idle."""
        now = time.monotonic()
        for w in list(self.workers):
            if w.extra and w.job is None and w.kill_reason is None and now - w.idle_since >= IDLE_EXTRA:
                self._kill(w, "retired")

    def _abandon(self, job: Job) -> None:
        if not job.abandoned:
            job.abandoned = True
            self.stats["superseded"] += 1
            self._fail(job, Superseded())
        if job.worker is None or job.worker.job is not job or job.kill_timer is not None:
            return
        ran = time.monotonic() - (job.started or 0.0)
        if ran >= self.kill_after:
            self._kill(job.worker, "superseded")
        else:  # a short job finishes soon; kill it only if it is still running at kill_after
            job.kill_timer = self._loop.call_later(self.kill_after - ran, self._still_running, job)

    def _still_running(self, job: Job) -> None:
        job.kill_timer = None
        if job.worker is not None and job.worker.job is job:
            self._kill(job.worker, "superseded")

    def _over_budget(self, job: Job) -> None:
        job.timer = None
        if job.worker is not None and job.worker.job is job:
            log.warning("newslint lsp: %s job %s ran past its budget of %g s; stopped", job.kind, job.key, job.budget)
            self._kill(job.worker, "budget")

    def _finish(self, job: Job) -> None:
        if self.running.get(job.key) is job:
            del self.running[job.key]
        for timer in (job.timer, job.kill_timer):
            if timer is not None:
                timer.cancel()
        job.timer = job.kill_timer = None

    @staticmethod
    def _fail(job: Job, exc: Exception) -> None:
        if not job.future.done():
            job.future.set_exception(exc)


__all__ = ["WorkerPool", "Superseded", "JobTimeout", "WorkerError"]
