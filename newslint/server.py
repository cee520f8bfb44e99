"""`newslint lsp`: the language server. A list of LSP features, each calling the engine.

Diagnostics are computed off the event loop (a small thread pool), debounced per document
(``debounceMs``), and dropped when the document changed meanwhile (version check). Clients
that pull diagnostics (``textDocument/diagnostic``) get no push, so nothing shows twice.
Corpus rules (comparing the articles of a story) run over every file of the workspace
folder on open/save and are reported as workspace diagnostics.

The engine and the rules are imported where they are used, not with this module: the server
answers ``initialize`` without them and loads them in the background after the handshake
(``NewslintServer.warm_up``), so the editor is not kept waiting for word lists.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from newslint import __version__
from newslint.config import Config, ConfigError, config_for
from newslint.document import Document, DocumentError
from newslint.finding import Finding
from newslint.lsp_convert import Positions, diagnostic, path_to_uri, related_information, text_edit, uri_to_path
from newslint.rules.base import CorpusRule
from newslint.server_settings import SETTING_KEYS, Settings, parse_settings

if TYPE_CHECKING:
    from concurrent.futures import Future

    from newslint.engine import DocumentResult

log = logging.getLogger("newslint.server")

ADD_WORD = "newslint.addWord"
FIX_ALL_KIND = "source.fixAll.newslint"
WATCHED = ("**/newslint.toml", "**/.newslint.toml", "**/pyproject.toml", "**/.newslint/accept.txt")
CORPUS_DELAY = 0.3  # seconds: corpus runs on open/save, coalesced


@dataclass
class DocState:
    """The last lint of an open document."""

    uri: str
    version: int | None
    text: str
    generation: int
    doc: Document
    config: Config
    result: DocumentResult
    positions: Positions
    diagnostics: list[types.Diagnostic]


class NewslintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("newslint", __version__, max_workers=2)
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="newslint-lint")
        self.init_settings = Settings()
        self.settings = Settings()
        self.states: dict[str, DocState] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.generation = 0  # bumped when config/settings/word lists change
        self.corpus_diags: dict[str, list[types.Diagnostic]] = {}
        self.corpus_task: asyncio.Task | None = None
        self.disk_results: dict[str, tuple[int, DocumentResult]] = {}
        self.shown_errors: set[str] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.lock = threading.Lock()
        self.warming: Future | None = None

    def warm_up(self) -> None:
        """After the handshake: load the engine, rules and word lists in the thread pool, so
        the first document opened is checked as fast as the next ones."""
        def load() -> None:
            from newslint.engine import warm_up

            try:
                warm_up(self.config_for_path(None))
            except Exception:  # a broken config is reported when a document is checked
                log.debug("warm-up failed", exc_info=True)

        if self.warming is None:
            self.warming = self.pool.submit(load)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls's out-of-band errors (a message that does not parse, a failing notification):
        logged to window/logMessage instead of a popup; the server keeps running."""
        self.log(f"newslint server error ({getattr(source, '__name__', source)}): {error!r}", types.MessageType.Error)

    # ---- client capabilities -------------------------------------------------------------
    @property
    def caps(self) -> types.ClientCapabilities:
        return self.client_capabilities or types.ClientCapabilities()

    def client_pulls(self) -> bool:
        td = self.caps.text_document
        return td is not None and td.diagnostic is not None

    def _cap(self, dotted: str) -> Any:
        obj: Any = self.caps
        for part in dotted.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj

    # ---- messages ------------------------------------------------------------------------
    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self._on_loop(self.window_log_message, types.LogMessageParams(type=kind, message=message))

    def error_once(self, message: str) -> None:
        """One window/showMessage per distinct problem (a broken config, bad settings)."""
        if message in self.shown_errors:
            return
        self.shown_errors.add(message)
        self._on_loop(self.window_show_message, types.ShowMessageParams(type=types.MessageType.Error, message=f"newslint: {message}"))
        self.log(message, types.MessageType.Error)

    def _on_loop(self, fn, *args) -> None:
        loop = self.loop
        if loop is not None and threading.current_thread() is not threading.main_thread():
            loop.call_soon_threadsafe(self._safe_call, fn, *args)
        else:
            self._safe_call(fn, *args)

    @staticmethod
    def _safe_call(fn, *args) -> None:
        try:
            fn(*args)
        except Exception:  # the client went away: nothing to tell it
            log.debug("could not send a message", exc_info=True)

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

    def root_for(self, path: str | None) -> str | None:
        roots = self.workspace_roots()
        if path is None:
            return roots[0] if roots else None
        best = None
        for r in roots:
            if (path == r or path.startswith(r.rstrip(os.sep) + os.sep)) and (best is None or len(r) > len(best)):
                best = r
        return best

    def base_config(self, path: str | None) -> Config:
        """The project's config (the file `newslint check` reads), or defaults when broken."""
        where = path or self.root_for(None)
        try:
            return config_for(where)
        except ConfigError as exc:
            self.error_once(f"{exc} (using the default configuration until it is fixed)")
            start = Path(where) if where else Path.cwd()
            return Config(root=start if start.is_dir() else start.parent)

    def config_for_path(self, path: str | None) -> Config:
        return self.settings.apply(self.base_config(path))

    def set_settings(self, raw: Any) -> None:
        self.settings = parse_settings(raw, self.init_settings)
        if self.settings.errors:
            self.error_once("invalid editor settings: " + "; ".join(self.settings.errors))
        self.invalidate()

    def invalidate(self) -> None:
        """Config, settings or word lists changed: re-lint everything open, and the corpus."""
        self.generation += 1
        self.disk_results.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, delay=0)
        self.schedule_corpus()
        if self.client_pulls() and self._cap("workspace.diagnostics.refresh_support"):
            self._safe_call(self.workspace_diagnostic_refresh, None)

    # ---- linting -------------------------------------------------------------------------
    def wants(self, uri: str) -> bool:
        pdoc = self.workspace.text_documents.get(uri)
        return pdoc is not None and language_of(pdoc.language_id) in {language_of(x) for x in self.settings.languages}

    def positions_for_path(self, path: str) -> Positions | None:
        """Positions of a file: its open buffer, else the file on disk."""
        from newslint.engine import read_document

        ap = os.path.abspath(path)
        for st in list(self.states.values()):
            if st.result.path == ap:
                return st.positions
        try:
            doc = read_document(ap, Config())
        except (DocumentError, OSError):
            return None
        return Positions(doc, self.workspace.position_codec)

    def diagnostics_of(self, findings: list[Finding], pos: Positions) -> list[types.Diagnostic]:
        out = []
        for f in findings:
            related = [related_information(r, self.positions_for_path) for r in f.related] if f.related else None
            out.append(diagnostic(f, pos, related))
        return out

    def lint(self, uri: str, text: str, version: int | None, language: str | None) -> DocState:
        """Runs in the thread pool."""
        from newslint.engine import check_document

        if self.warming is not None and not self.warming.done():
            self.warming.result()  # one load of the word lists, not two at once
        generation = self.generation
        path = uri_to_path(uri)
        if path:
            path = os.path.abspath(path)
        config = self.config_for_path(path)
        lang = language_of(language)
        markdown = lang == "markdown" if lang in ("markdown", "plaintext") else None
        doc = Document.from_text(text, path, markdown=markdown)
        try:
            result = check_document(doc, config, path=path or uri)
        except ConfigError as exc:  # a broken rule pack shows up only when rules load
            self.error_once(f"{exc} (using the default configuration until it is fixed)")
            config = self.settings.apply(Config(root=config.root))
            result = check_document(doc, config, path=path or uri)
        pos = Positions(doc, self.workspace.position_codec)
        return DocState(uri, version, text, generation, doc, config, result, pos, self.diagnostics_of(result.findings, pos))

    def fresh(self, uri: str) -> DocState | None:
        st = self.states.get(uri)
        pdoc = self.workspace.text_documents.get(uri)
        if st is None or pdoc is None or st.generation != self.generation:
            return None
        if st.version != pdoc.version or st.text != pdoc.source:
            return None
        return st

    async def current(self, uri: str) -> DocState | None:
        """The lint of the document as it is now (computed when the cached one is stale)."""
        st = self.fresh(uri)
        if st is not None:
            return st
        pdoc = self.workspace.text_documents.get(uri)
        if pdoc is None or not self.wants(uri):
            return None
        st = await asyncio.get_running_loop().run_in_executor(self.pool, self.lint, uri, pdoc.source, pdoc.version, pdoc.language_id)
        if self.workspace.text_documents.get(uri) is pdoc and pdoc.version == st.version and pdoc.source == st.text:
            self.states[uri] = st
        return st

    def schedule(self, uri: str, delay: float | None = None) -> None:
        old = self.tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        self.tasks[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float | None) -> None:
        me = asyncio.current_task()
        try:
            wait = self.settings.debounce_ms / 1000 if delay is None else delay
            await asyncio.sleep(max(0.0, wait))  # debounce: a newer change cancels this task
            pdoc = self.workspace.text_documents.get(uri)
            if pdoc is None:
                return
            if not self.wants(uri):
                self.forget(uri)
                return
            version, text = pdoc.version, pdoc.source
            st = await asyncio.get_running_loop().run_in_executor(self.pool, self.lint, uri, text, version, pdoc.language_id)
            cur = self.workspace.text_documents.get(uri)
            if cur is None or cur.version != version or cur.source != text or st.generation != self.generation:
                return  # stale: a newer lint is on its way
            self.states[uri] = st
            self.publish(uri)
        except asyncio.CancelledError:
            raise
        except Exception:
            self.log(f"linting {uri} failed:\n{traceback.format_exc()}", types.MessageType.Error)
        finally:
            if self.tasks.get(uri) is me:
                del self.tasks[uri]

    def all_diagnostics(self, uri: str) -> list[types.Diagnostic]:
        st = self.states.get(uri)
        return (st.diagnostics if st else []) + self.corpus_diags.get(uri, [])

    def publish(self, uri: str, diagnostics: list[types.Diagnostic] | None = None) -> None:
        if self.client_pulls():
            return  # the client pulls (textDocument/diagnostic): a push would show twice
        st = self.states.get(uri)
        diags = self.all_diagnostics(uri) if diagnostics is None else diagnostics
        self._safe_call(
            self.text_document_publish_diagnostics,
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=st.version if st else None),
        )

    def forget(self, uri: str) -> None:
        """A document closed (or not ours any more): clear its diagnostics, free its state."""
        task = self.tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        self.states.pop(uri, None)
        self.publish(uri, self.corpus_diags.get(uri, []))

    # ---- corpus (workspace) diagnostics ------------------------------------------------------
    def corpus_enabled(self, config: Config) -> bool:
        from newslint.registry import all_rules

        return any(
            isinstance(r, CorpusRule) and config.is_enabled(r.code, r.category, r.default_enabled) for r in all_rules(config)
        )

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
            self.log(f"corpus check failed:\n{traceback.format_exc()}", types.MessageType.Error)

    async def update_corpus(self) -> None:
        roots = self.workspace_roots()
        open_results: dict[str, DocumentResult] = {}
        for uri in list(self.workspace.text_documents):
            if self.wants(uri):
                st = await self.current(uri)
                if st is not None:
                    open_results[st.result.path] = st.result
        generation = self.generation
        new = await asyncio.get_running_loop().run_in_executor(self.pool, self.compute_corpus, roots, open_results)
        if generation != self.generation:
            return
        old, self.corpus_diags = self.corpus_diags, new
        for uri in set(old) | set(new):
            if old.get(uri) != new.get(uri):
                self.publish(uri)
        if self.client_pulls() and old != new and self._cap("workspace.diagnostics.refresh_support"):
            self._safe_call(self.workspace_diagnostic_refresh, None)

    def compute_corpus(self, roots: list[str], open_results: dict[str, DocumentResult]) -> dict[str, list[types.Diagnostic]]:
        """Runs in the thread pool: every file of each workspace folder, open buffers as typed."""
        from newslint.engine import check_path, iter_files, run_corpus

        out: dict[str, list[types.Diagnostic]] = {}
        for root in roots:
            config = self.config_for_path(root)
            if not self.corpus_enabled(config):
                continue
            results: list[DocumentResult] = []
            for f in iter_files([root], config):
                ap = os.path.abspath(f)
                if ap in open_results:
                    results.append(open_results[ap])
                    continue
                try:
                    mtime = os.stat(ap).st_mtime_ns
                except OSError:
                    continue
                cached = self.disk_results.get(ap)
                if cached is None or cached[0] != mtime:
                    cached = (mtime, check_path(ap, self.config_for_path(ap)))
                    self.disk_results[ap] = cached
                results.append(cached[1])
            for r in open_results.values():  # open buffers of this folder not (yet) on disk
                if r.path.startswith(root.rstrip(os.sep) + os.sep) and all(x.path != r.path for x in results):
                    results.append(r)
            for f in run_corpus(results, config):
                pos = self.positions_for_path(f.path)
                if pos is None:
                    continue
                uri = self.uri_of_path(f.path)
                related = [related_information(r, self.positions_for_path) for r in f.related]
                out.setdefault(uri, []).append(diagnostic(f, pos, related))
        return out

    def uri_of_path(self, path: str) -> str:
        ap = os.path.abspath(path)
        for uri, st in list(self.states.items()):
            if st.result.path == ap:
                return uri
        return path_to_uri(ap)

    # ---- findings under a range ------------------------------------------------------------
    @staticmethod
    def findings_in(st: DocState, start: int, end: int) -> list[Finding]:
        return [f for f in st.result.findings if f.start <= end and start <= f.end]


def language_of(language_id: str | None) -> str:
    """Editors name plain text differently: Neovim's filetype is "text", VS Code's "plaintext"."""
    lang = (language_id or "plaintext").lower()
    return LANGUAGE_ALIASES.get(lang, lang)


LANGUAGE_ALIASES = {"text": "plaintext", "txt": "plaintext", "plain": "plaintext", "md": "markdown"}

server = NewslintServer()


def guarded(default: Any = None):
    """Nothing escapes a handler: log the traceback to window/logMessage, answer ``default``."""

    def wrap(fn):
        if asyncio.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def run_async(ls: NewslintServer, params: Any):
                try:
                    return await fn(ls, params)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    ls.log(f"{fn.__name__} failed:\n{traceback.format_exc()}", types.MessageType.Error)
                    return default() if callable(default) else default

            return run_async

        @functools.wraps(fn)
        def run(ls: NewslintServer, params: Any):
            try:
                return fn(ls, params)
            except Exception:
                ls.log(f"{fn.__name__} failed:\n{traceback.format_exc()}", types.MessageType.Error)
                return default() if callable(default) else default

        return run

    return wrap


# ---- lifecycle -------------------------------------------------------------------------------
@server.feature(types.INITIALIZE)
@guarded()
def initialize(ls: NewslintServer, params: types.InitializeParams) -> None:
    ls.loop = asyncio.get_running_loop() if _loop_running() else None
    ls.init_settings = parse_settings(params.initialization_options)
    ls.settings = ls.init_settings
    if ls.settings.errors:
        ls.error_once("invalid initializationOptions: " + "; ".join(ls.settings.errors))


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


@server.feature(types.INITIALIZED)
@guarded()
async def initialized(ls: NewslintServer, params: types.InitializedParams) -> None:
    ls.loop = asyncio.get_running_loop()
    ls.warm_up()
    if ls._cap("workspace.did_change_watched_files.dynamic_registration"):
        watchers = [types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="newslint-watch-config",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                        )
                    ]
                )
            )
        except Exception as exc:
            ls.log(f"could not watch the config files: {exc}", types.MessageType.Warning)
    if ls._cap("workspace.configuration"):
        await pull_configuration(ls)


async def pull_configuration(ls: NewslintServer) -> None:
    try:
        res = await asyncio.wait_for(
            ls.workspace_configuration_async(types.ConfigurationParams(items=[types.ConfigurationItem(section="newslint")])), 5
        )
    except Exception as exc:
        ls.log(f"workspace/configuration failed: {exc}", types.MessageType.Warning)
        return
    raw = res[0] if res else None
    if isinstance(raw, dict) and raw:
        ls.set_settings(raw)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
@guarded()
async def did_change_configuration(ls: NewslintServer, params: types.DidChangeConfigurationParams) -> None:
    raw = params.settings
    if isinstance(raw, dict) and (isinstance(raw.get("newslint"), dict) or set(raw) & set(SETTING_KEYS)):
        ls.set_settings(raw)
    elif ls._cap("workspace.configuration"):
        await pull_configuration(ls)  # VS Code style: "something changed, ask me"
        ls.invalidate()
    else:
        ls.invalidate()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded()
def did_change_watched_files(ls: NewslintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.shown_errors.clear()  # a config fixed and broken again is reported again
    ls.invalidate()


# ---- text synchronisation -> diagnostics -------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: NewslintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, delay=0)
    ls.schedule_corpus()


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: NewslintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)  # debounced; corpus waits for save


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
@guarded()
def did_save(ls: NewslintServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.disk_results.pop(os.path.abspath(uri_to_path(uri) or ""), None)
    ls.schedule(uri, delay=0)
    ls.schedule_corpus()


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: NewslintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier="newslint", inter_file_dependencies=True, workspace_diagnostics=True),
)
@guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
async def document_diagnostic(ls: NewslintServer, params: types.DocumentDiagnosticParams):
    uri = params.text_document.uri
    st = await ls.current(uri)
    items = (st.diagnostics if st else []) + ls.corpus_diags.get(uri, [])
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=f"{ls.generation}:{st.version if st else 'none'}")


@server.feature(types.WORKSPACE_DIAGNOSTIC)
@guarded(lambda: types.WorkspaceDiagnosticReport(items=[]))
async def workspace_diagnostic(ls: NewslintServer, params: types.WorkspaceDiagnosticParams):
    task = ls.corpus_task
    if task is None:
        await ls.update_corpus()
    elif not task.done():
        await asyncio.shield(task)
    reports = []
    for uri in sorted(set(ls.corpus_diags) | set(ls.states)):
        st = ls.states.get(uri)
        reports.append(types.WorkspaceFullDocumentDiagnosticReport(uri=uri, items=ls.all_diagnostics(uri), version=st.version if st else None))
    return types.WorkspaceDiagnosticReport(items=reports)


# ---- code actions --------------------------------------------------------------------------------
def _kind_wanted(kind: str, only: Any) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def _action(title: str, uri: str, edits: list[types.TextEdit], kind: str = types.CodeActionKind.QuickFix, **kw: Any) -> types.CodeAction:
    return types.CodeAction(title=title, kind=kind, edit=types.WorkspaceEdit(changes={uri: edits}), **kw)


def _line_start(st: DocState, offset: int) -> int:
    p = st.doc.position(offset)
    return st.doc.lines[p.line].start


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND, types.CodeActionKind.SourceFixAll]),
)
@guarded(list)
async def code_action(ls: NewslintServer, params: types.CodeActionParams):
    from newslint.engine import fix_text
    from newslint.suppression import disable_comment

    uri = params.text_document.uri
    st = await ls.current(uri)
    if st is None:
        return []
    only = params.context.only if params.context else None
    pos, doc = st.positions, st.doc
    actions: list[types.CodeAction] = []
    nl = doc.newline
    if _kind_wanted(types.CodeActionKind.QuickFix, only):
        a, b = pos.offset(params.range.start), pos.offset(params.range.end)
        by_code = {id(f): d for f, d in zip(st.result.findings, st.diagnostics)}
        disabled: set[str] = set()
        for f in ls.findings_in(st, min(a, b), max(a, b)):
            diag = [by_code[id(f)]]
            if f.fix is not None and f.fix.edits:
                actions.append(
                    _action(
                        f.fix.title or f"Fix {f.code}", uri, [text_edit(pos, e) for e in f.fix.edits],
                        diagnostics=diag, is_preferred=f.fix.safety == "safe",
                    )
                )
            for s in (f.data or {}).get("suggestions", ()) or ():
                actions.append(_action(f"Replace with '{s}'", uri, [types.TextEdit(range=pos.range(f.start, f.end), new_text=str(s))], diagnostics=diag))
            if f.category == "typo":
                word = doc.text[f.start : f.end].strip()
                if word:
                    actions.append(
                        types.CodeAction(
                            title=f"Add '{word}' to the project dictionary",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=diag,
                            command=types.Command(title=f"Add '{word}' to the project dictionary", command=ADD_WORD, arguments=[uri, word]),
                        )
                    )
            if f.code in disabled:
                continue
            disabled.add(f.code)
            at = _line_start(st, f.start)
            indent = doc.text[at : at + len(doc.lines[doc.position(at).line].text) - len(doc.lines[doc.position(at).line].text.lstrip())]
            actions.append(
                _action(
                    f"Disable {f.code} for this line", uri,
                    [types.TextEdit(range=pos.range(at, at), new_text=indent + disable_comment(f.code, next_line=True) + nl)],
                    diagnostics=diag,
                )
            )
            top = doc.front_matter_end
            actions.append(
                _action(
                    f"Disable {f.code} for this file", uri,
                    [types.TextEdit(range=pos.range(top, top), new_text=disable_comment(f.code, next_line=False) + nl)],
                    diagnostics=diag,
                )
            )
    fix_kind = FIX_ALL_KIND if _kind_wanted(FIX_ALL_KIND, only) else None
    if fix_kind and any(f.fix is not None and f.fix.safety == "safe" for f in st.result.findings):
        text = st.text
        new_text, n = await asyncio.get_running_loop().run_in_executor(
            ls.pool, functools.partial(fix_text, text, path=st.doc.path, config=st.config)
        )
        if n and new_text != text:
            actions.append(_action("Fix all newslint issues", uri, [types.TextEdit(range=pos.whole(), new_text=new_text)], kind=FIX_ALL_KIND))
    return actions


@server.command(ADD_WORD)
async def add_word(ls: NewslintServer, *args: Any) -> bool:
    """Append a word to the project's accept list (config.accept_target()) and re-lint.
    Arguments: [uri, word], [word] or [{"uri": ..., "word": ...}]."""
    try:
        return _add_word(ls, list(args))
    except Exception:
        ls.log(f"{ADD_WORD} failed:\n{traceback.format_exc()}", types.MessageType.Error)
        return False


def _add_word(ls: NewslintServer, args: list[Any]) -> bool:
    if args and isinstance(args[0], dict):
        uri, word = args[0].get("uri"), args[0].get("word")
    elif len(args) >= 2:
        uri, word = args[0], args[1]
    else:
        uri, word = None, args[0] if args else None
    if not isinstance(word, str) or not word.strip() or "\n" in word:
        ls.log(f"{ADD_WORD}: expected [uri, word], got {args!r}", types.MessageType.Warning)
        return False
    word = word.strip()
    path = uri_to_path(uri) if isinstance(uri, str) else None
    target = ls.base_config(os.path.abspath(path) if path else None).accept_target()
    target.parent.mkdir(parents=True, exist_ok=True)
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    if word not in (ln.strip() for ln in existing.splitlines()):
        with open(target, "a", encoding="utf-8") as fh:
            if existing and not existing.endswith("\n"):
                fh.write("\n")
            fh.write(word + "\n")
    ls.log(f"added '{word}' to {target}", types.MessageType.Info)
    ls.invalidate()
    return True


# ---- hover ---------------------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded()
async def hover(ls: NewslintServer, params: types.HoverParams):
    from newslint.registry import find_rule

    st = await ls.current(params.text_document.uri)
    if st is None:
        return None
    off = st.positions.offset(params.position)
    hits = [f for f in st.result.findings if f.start <= off < f.end or f.start == f.end == off]
    if not hits:
        return None
    parts, seen = [], set()
    for f in hits:
        parts.append(f"**{f.code}** {f.message}")
        if f.code not in seen:
            seen.add(f.code)
            rule = find_rule(f.code, st.config)
            if rule is not None:
                parts.append(rule.describe().strip())
    first = min(hits, key=lambda f: f.end - f.start)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=st.positions.range(first.start, first.end),
    )


@server.feature(types.SHUTDOWN)
def shutdown(ls: NewslintServer, params: Any) -> None:
    for task in list(ls.tasks.values()):
        task.cancel()
    ls.pool.shutdown(wait=False, cancel_futures=True)


def serve(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> None:
    """Run the server on stdio (default) or TCP; returns when the client goes away."""
    logging.basicConfig(level=logging.WARNING, format="newslint-lsp %(levelname)s %(name)s: %(message)s")
    if tcp:
        server.start_tcp(host, port)
    else:
        server.start_io()


__all__ = ["serve", "server", "NewslintServer", "ADD_WORD", "FIX_ALL_KIND"]
