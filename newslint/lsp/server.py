"""The server's state and what keeps it current: settings, the checks of open documents, the
workspace (cross-article) findings, and sending diagnostics to the editor.

Checks run in worker processes (:mod:`newslint.lsp.pool`), one job per document, the newest
version superseding older ones; this process stays free to answer. Diagnostics reach the
editor one of two ways, chosen once per client so nothing shows twice:

* *pull* -- the client pulls (``textDocument/diagnostic``) and honours
  ``workspace/diagnostic/refresh``: the server answers pulls and sends a refresh when
  something outside the document changed (workspace findings, config, word lists);
* *push* -- every other client, Neovim 0.11 included (it pulls, but ignores refresh): the
  server does not advertise pull diagnostics and publishes each document's diagnostics,
  its workspace findings included, whenever either changes.

The engine and the rules are never imported here: the handshake is answered at once, and the
workers load the engine in the background.
"""
from __future__ import annotations

import asyncio
import logging
import os
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from newslint import __version__
from newslint.config import Config, config_or_defaults
from newslint.finding import Finding
from newslint.lsp.documents import DiskPositions, DocState, line_model
from newslint.lsp.jobs import CorpusJob, CorpusResult, LintJob, LintResult
from newslint.lsp.pool import JobTimeout, Superseded, WorkerError, WorkerPool
from newslint.lsp.protocol import NewslintProtocol
from newslint.lsp_convert import (
    DOCS_URL,
    Positions,
    diagnostic,
    docs_href,
    path_to_uri,
    related_information,
    uri_to_path,
)
from newslint.server_settings import Settings, parse_settings

log = logging.getLogger("newslint.server")

CORPUS_DELAY = 0.3  # seconds: the workspace comparison runs on open/save, coalesced
# diagnostics shown for one document at most: a pathological article with tens of thousands of
# findings would cost the server (and the editor) seconds to convert, send and draw; the rest
# are summed up in one line, and `newslint check` lists them all
MAX_DIAGNOSTICS = 1000
CORPUS_BUDGET_FACTOR = 5  # the workspace comparison may take this many document budgets


def language_of(language_id: str | None) -> str:
    """Editors name plain text differently: Neovim's filetype is "text", VS Code's "plaintext"."""
    lang = (language_id or "plaintext").lower()
    return LANGUAGE_ALIASES.get(lang, lang)


LANGUAGE_ALIASES = {"text": "plaintext", "txt": "plaintext", "plain": "plaintext", "md": "markdown"}


@dataclass
class Pending:
    """A check on its way: which version, which generation, its future."""

    version: int | None
    text: str
    generation: int
    future: asyncio.Future


class NewslintServer(LanguageServer):
    def __init__(self, worker_init: str | None = None) -> None:
        super().__init__("newslint", __version__, protocol_cls=NewslintProtocol, max_workers=2)
        self.pool = WorkerPool(init=worker_init)
        self.init_settings = Settings()
        self.settings = Settings()
        self.states: dict[str, DocState] = {}
        self.pending: dict[str, Pending] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.generation = 0  # bumped when config, settings or word lists change
        self.corpus_diags: dict[str, list[types.Diagnostic]] = {}
        self.corpus_task: asyncio.Task | None = None
        self.closing: asyncio.Task | None = None  # the worker pool's shutdown
        self.shown_errors: set[str] = set()
        self.pull_mode = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self._disk: DiskPositions | None = None
        self.protocol.adjust_capabilities = self._adjust_capabilities  # type: ignore[attr-defined]  # pygls types .protocol as its base class (ours: NewslintProtocol)

    # ---- client capabilities -------------------------------------------------------------
    @property
    def caps(self) -> types.ClientCapabilities:
        return self.client_capabilities or types.ClientCapabilities()

    def cap(self, dotted: str) -> Any:
        obj: Any = self.caps
        for part in dotted.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj

    def choose_mode(self) -> None:
        """Pull only where the client pulls and honours refresh; push everywhere else."""
        self.pull_mode = bool(self.cap("text_document.diagnostic") and self.cap("workspace.diagnostics.refresh_support"))

    def _adjust_capabilities(self, caps: types.ServerCapabilities) -> None:
        self.choose_mode()
        if not self.pull_mode:
            caps.diagnostic_provider = None  # the client would pull and show everything twice

    # ---- messages ------------------------------------------------------------------------
    def on_loop(self, fn: Callable[..., object], *args: object) -> None:
        loop = self.loop
        if loop is not None and threading.current_thread() is not threading.main_thread():
            loop.call_soon_threadsafe(self.safe_call, fn, *args)
        else:
            self.safe_call(fn, *args)

    @staticmethod
    def safe_call(fn: Callable[..., object], *args: object) -> None:
        try:
            fn(*args)
        except Exception:  # the client went away: the transport ends the server
            log.debug("could not send a message", exc_info=True)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.on_loop(self.window_log_message, types.LogMessageParams(type=kind, message=message))

    def error_once(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """One window/showMessage per distinct problem (a broken config, bad settings)."""
        if message in self.shown_errors:
            return
        self.shown_errors.add(message)
        self.on_loop(self.window_show_message, types.ShowMessageParams(type=kind, message=f"newslint: {message}"))
        self.log(message, kind)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls's out-of-band errors: to window/logMessage, not a popup."""
        self.log(f"newslint server error ({getattr(source, '__name__', source)}): {error!r}", types.MessageType.Error)

    # ---- configuration -------------------------------------------------------------------
    def workspace_roots(self) -> list[str]:
        roots = []
        for folder in self.workspace.folders.values():
            p = uri_to_path(folder.uri)
            if p:
                roots.append(os.path.abspath(p))
        if not roots and self.workspace.root_path:
            roots.append(os.path.abspath(self.workspace.root_path))
        return roots

    def base_config(self, path: str | None) -> Config:
        """The project's config (the file `newslint check` reads), or defaults when broken."""
        roots = self.workspace_roots()
        where = path or (roots[0] if roots else None)
        config, error = config_or_defaults(where)
        if error:
            self.error_once(error)
        return config

    def set_settings(self, raw: Any) -> None:
        self.settings = parse_settings(raw, self.init_settings)
        if self.settings.errors:
            self.error_once("invalid editor settings: " + "; ".join(self.settings.errors))
        self.invalidate()

    def invalidate(self) -> None:
        """Config, settings or word lists changed: check every open document again, and the
        workspace; tell a pulling client to pull again."""
        self.generation += 1
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, delay=0)
        self.schedule_corpus()
        self.refresh()

    def refresh(self) -> None:
        if self.pull_mode:
            self.safe_call(self.workspace_diagnostic_refresh, None)

    @property
    def docs_url(self) -> str | None:
        return DOCS_URL if self.settings.docs_url is None else self.settings.docs_url

    @property
    def budget(self) -> float | None:
        return self.settings.time_budget_ms / 1000 if self.settings.time_budget_ms else None

    # ---- checking documents ----------------------------------------------------------------
    def wants(self, uri: str) -> bool:
        pdoc = self.workspace.text_documents.get(uri)
        return pdoc is not None and language_of(pdoc.language_id) in {language_of(x) for x in self.settings.languages}

    def fresh(self, uri: str) -> DocState | None:
        st = self.states.get(uri)
        pdoc = self.workspace.text_documents.get(uri)
        if st is None or pdoc is None or st.generation != self.generation:
            return None
        if st.version != pdoc.version or st.text != pdoc.source:
            return None
        return st

    def submit_lint(self, uri: str) -> Pending | None:
        """The check of the document as it is now: the one on its way, or a new job (which
        supersedes any older one of this document)."""
        pdoc = self.workspace.text_documents.get(uri)
        if pdoc is None:
            return None
        text, version = pdoc.source, pdoc.version
        pend = self.pending.get(uri)
        if pend is not None and pend.version == version and pend.generation == self.generation and pend.text == text:
            return pend
        path = uri_to_path(uri)
        path = os.path.abspath(path) if path else None
        lang = language_of(pdoc.language_id)
        job = LintJob(
            text=text, path=path, name=path or uri,
            markdown=(lang == "markdown") if lang in ("markdown", "plaintext") else None,
            settings=self.settings,
        )
        fut = self.pool.submit(("lint", uri), "lint", job, rank=(0, len(text)), budget=self.budget)
        pend = self.pending[uri] = Pending(version, text, self.generation, fut)
        return pend

    async def current(self, uri: str) -> DocState | None:
        """The check of the document as it is now (waiting for it when it is on its way)."""
        for _ in range(1000):  # each round: the document changed while it was checked
            st = self.fresh(uri)
            if st is not None:
                return st
            if uri not in self.workspace.text_documents or not self.wants(uri):
                return None
            pend = self.submit_lint(uri)
            if pend is None:
                return None
            try:
                result: LintResult | None = await asyncio.shield(pend.future)
                note = None
            except Superseded:
                continue
            except JobTimeout:
                result, note = None, f"newslint stopped checking this document after {self.budget:g} s (its time budget, setting timeBudgetMs)"
            except WorkerError as exc:
                if not self.pool.closed:  # (at shutdown every check on its way ends so)
                    self.log(f"checking {uri} failed:\n{exc}", types.MessageType.Error)
                result, note = None, None
            finally:
                if self.pending.get(uri) is pend and pend.future.done():
                    del self.pending[uri]
            pdoc = self.workspace.text_documents.get(uri)
            if pdoc is None:
                return None
            if pdoc.version != pend.version or pdoc.source != pend.text or pend.generation != self.generation:
                continue  # stale: check the newer text
            st = self.states.get(uri)
            if st is not None and st.version == pend.version and st.text is pend.text and st.generation == pend.generation:
                return st  # another waiter for the same check stored it
            return self.store(uri, pend, result, note)
        return None

    def store(self, uri: str, pend: Pending, result: LintResult | None, note: str | None) -> DocState:
        path = uri_to_path(uri)
        path = os.path.abspath(path) if path else None
        if result is None:
            result = LintResult([], 0, None, {}, frozenset())
        if result.config_error:
            self.error_once(result.config_error)
        for notice in result.notices:  # a rule skipped on this text, a grammar server not used
            self.error_once(notice, types.MessageType.Warning)
        pos = Positions(line_model(pend.text, path, result.front_matter_end), self.workspace.position_codec)
        st = DocState(uri, pend.version, pend.text, pend.generation, path, result, pos, [], note)
        self.states[uri] = st
        st.diagnostics = self.diagnostics_of(result.findings[:MAX_DIAGNOSTICS], pos, result.builtin_codes)
        st.shown = len(st.diagnostics)
        if len(result.findings) > MAX_DIAGNOSTICS:
            more = len(result.findings) - MAX_DIAGNOSTICS
            end = st.diagnostics[-1].range.end
            st.diagnostics.append(types.Diagnostic(
                range=types.Range(end, end), severity=types.DiagnosticSeverity.Information, source="newslint",
                message=f"newslint: {more:,} more findings in this document are not shown (the editor shows the first "
                        f"{MAX_DIAGNOSTICS:,}); `newslint check` lists them all",
            ))
        if note:
            st.diagnostics.append(types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)), message=note,
                severity=types.DiagnosticSeverity.Information, source="newslint",
            ))
            self.error_once(f"{note}: {uri}", types.MessageType.Warning)
        return st

    def diagnostics_of(self, findings: list[Finding], pos: Positions, builtin: frozenset[str]) -> list[types.Diagnostic]:
        url = self.docs_url
        out = []
        for f in findings:
            related = [related_information(r, self.positions_for_path) for r in f.related] if f.related else None
            out.append(diagnostic(f, pos, related, docs_href(f.code, url) if f.code in builtin else None))
        return out

    def positions_for_path(self, path: str) -> Positions | None:
        """Positions of a file: its open buffer, else the file on disk."""
        ap = os.path.abspath(path)
        for st in list(self.states.values()):
            if st.path == ap:
                return st.positions
        if self._disk is None:
            self._disk = DiskPositions(self.workspace.position_codec)
        return self._disk.get(ap)

    def schedule(self, uri: str, delay: float | None = None) -> None:
        """Check ``uri`` after ``delay`` (the debounce by default), then publish."""
        old = self.tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        self.tasks[uri] = asyncio.ensure_future(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float | None) -> None:
        me = asyncio.current_task()
        try:
            wait = self.settings.debounce_ms / 1000 if delay is None else delay
            if wait > 0:
                await asyncio.sleep(wait)  # debounce: a newer change cancels this task
            if uri not in self.workspace.text_documents:
                return
            if not self.wants(uri):
                self.forget(uri)
                return
            st = await self.current(uri)
            if st is not None:
                self.publish(uri)
        except asyncio.CancelledError:
            raise
        except Exception:
            self.log(f"checking {uri} failed:\n{traceback.format_exc()}", types.MessageType.Error)
        finally:
            if self.tasks.get(uri) is me:
                del self.tasks[uri]

    def changed(self, uri: str) -> None:
        """The text changed: the check of the previous version is no longer wanted."""
        self.pool.cancel(("lint", uri))
        self.pending.pop(uri, None)
        self.schedule(uri)

    def all_diagnostics(self, uri: str) -> list[types.Diagnostic]:
        st = self.states.get(uri)
        return (st.diagnostics if st else []) + self.corpus_diags.get(uri, [])

    def publish(self, uri: str, diagnostics: list[types.Diagnostic] | None = None) -> None:
        if self.pull_mode:
            return  # the client pulls: a push would show twice
        st = self.states.get(uri)
        diags = self.all_diagnostics(uri) if diagnostics is None else diagnostics
        self.safe_call(
            self.text_document_publish_diagnostics,
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=st.version if st else None),
        )

    def forget(self, uri: str) -> None:
        """A document closed (or not ours any more): clear its diagnostics, free its state."""
        task = self.tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pool.cancel(("lint", uri))
        self.pending.pop(uri, None)
        self.states.pop(uri, None)
        self.publish(uri, self.corpus_diags.get(uri, []))

    # ---- workspace (corpus) diagnostics -------------------------------------------------------
    def schedule_corpus(self) -> None:
        if self.corpus_task is not None and not self.corpus_task.done():
            self.corpus_task.cancel()
        self.corpus_task = asyncio.ensure_future(self._corpus_later())

    async def _corpus_later(self) -> None:
        try:
            await asyncio.sleep(CORPUS_DELAY if self.settings.debounce_ms else 0)
            await self.update_corpus()
        except asyncio.CancelledError:
            raise
        except Exception:
            self.log(f"the workspace check failed:\n{traceback.format_exc()}", types.MessageType.Error)

    async def update_corpus(self) -> None:
        open_docs: dict[str, bytes] = {}
        for uri in list(self.workspace.text_documents):
            if self.wants(uri):
                st = await self.current(uri)
                if st is not None and st.path and st.result.corpus_state:
                    open_docs[st.path] = st.result.corpus_state
        generation = self.generation
        job = CorpusJob(tuple(self.workspace_roots()), open_docs, self.settings, generation)
        budget = self.budget * CORPUS_BUDGET_FACTOR if self.budget else None
        try:
            result: CorpusResult = await asyncio.shield(self.pool.submit(("corpus",), "corpus", job, rank=(1,), budget=budget))
        except Superseded:
            return
        except (JobTimeout, WorkerError) as exc:
            self.log(f"the workspace check failed: {exc}", types.MessageType.Warning)
            return
        if generation != self.generation:
            return
        for err in result.config_errors:
            self.error_once(err)
        new = self.corpus_diagnostics(result.findings, result.builtin_codes)
        old, self.corpus_diags = self.corpus_diags, new
        changed = [uri for uri in set(old) | set(new) if old.get(uri) != new.get(uri)]
        for uri in changed:
            self.publish(uri)
        if changed:
            self.refresh()

    def corpus_diagnostics(self, findings: list[Finding], builtin: frozenset[str]) -> dict[str, list[types.Diagnostic]]:
        out: dict[str, list[types.Diagnostic]] = {}
        url = self.docs_url
        for f in findings:
            pos = self.positions_for_path(f.path)
            if pos is None:
                continue
            related = [related_information(r, self.positions_for_path) for r in f.related]
            href = docs_href(f.code, url) if f.code in builtin else None
            out.setdefault(self.uri_of_path(f.path), []).append(diagnostic(f, pos, related, href))
        return out

    def uri_of_path(self, path: str) -> str:
        ap = os.path.abspath(path)
        for uri, st in list(self.states.items()):
            if st.path == ap:
                return uri
        return path_to_uri(ap)

    # ---- lifecycle -----------------------------------------------------------------------------
    async def close(self) -> None:
        for task in list(self.tasks.values()):
            task.cancel()
        await self.pool.close()


__all__ = ["NewslintServer", "language_of", "CORPUS_DELAY", "MAX_DIAGNOSTICS"]
