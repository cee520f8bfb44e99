"""The LSP features of `newslint lsp`: one handler a method, each a few lines over the server's
state (:mod:`newslint.lsp.server`) and actions (:mod:`newslint.lsp.actions`).

No handler lets an exception escape: it is logged (window/logMessage) and the request gets
its empty answer.
"""
from __future__ import annotations

import asyncio
import functools
import os
import traceback
from collections.abc import Callable
from typing import Any, TypeVar, cast

from lsprotocol import types

from newslint.lsp import actions
from newslint.lsp.actions import ADD_WORD, FIX_ALL_KIND
from newslint.lsp.dictionary import append_accepted_word
from newslint.lsp.jobs import FixJob, FixResult
from newslint.lsp.pool import JobTimeout, Superseded, WorkerError
from newslint.lsp.server import NewslintServer
from newslint.lsp_convert import uri_to_path
from newslint.server_settings import SETTING_KEYS, parse_settings

H = TypeVar("H", bound=Callable[..., Any])  # a handler: (ls, params) -> answer, or a coroutine of it

WATCHED = ("**/newslint.toml", "**/.newslint.toml", "**/pyproject.toml", "**/.newslint/accept.txt")


def guarded(default: Any = None) -> Callable[[H], H]:
    """Nothing escapes a handler: log the traceback to window/logMessage, answer ``default``."""

    def wrap(fn: H) -> H:
        if asyncio.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def run_async(ls: NewslintServer, params: Any) -> Any:
                try:
                    return await fn(ls, params)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    ls.log(f"{fn.__name__} failed:\n{traceback.format_exc()}", types.MessageType.Error)
                    return default() if callable(default) else default

            return cast(H, run_async)

        @functools.wraps(fn)
        def run(ls: NewslintServer, params: Any) -> Any:
            try:
                return fn(ls, params)
            except Exception:
                ls.log(f"{fn.__name__} failed:\n{traceback.format_exc()}", types.MessageType.Error)
                return default() if callable(default) else default

        return cast(H, run)

    return wrap


# ---- lifecycle -------------------------------------------------------------------------------
@guarded()
def initialize(ls: NewslintServer, params: types.InitializeParams) -> None:
    ls.loop = asyncio.get_running_loop()
    ls.init_settings = ls.settings = parse_settings(params.initialization_options)
    if ls.settings.errors:
        ls.error_once("invalid initializationOptions: " + "; ".join(ls.settings.errors))


@guarded()
async def initialized(ls: NewslintServer, params: types.InitializedParams) -> None:
    ls.pool.start()  # the workers load the engine while the editor opens its first document
    if ls.cap("workspace.did_change_watched_files.dynamic_registration"):
        watchers = [types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                types.Registration(
                    id="newslint-watch-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                )
            ]))
        except Exception as exc:
            ls.log(f"could not watch the config files: {exc}", types.MessageType.Warning)
    if ls.cap("workspace.configuration"):
        await pull_configuration(ls)


async def pull_configuration(ls: NewslintServer) -> bool:
    """Ask the editor for the settings; True when it gave some (then they are applied, and
    everything rechecked: ``set_settings`` invalidates)."""
    try:
        res = await asyncio.wait_for(
            ls.workspace_configuration_async(types.ConfigurationParams(items=[types.ConfigurationItem(section="newslint")])), 5
        )
    except Exception as exc:
        ls.log(f"workspace/configuration failed: {exc}", types.MessageType.Warning)
        return False
    raw = res[0] if res else None
    if isinstance(raw, dict) and raw:
        ls.set_settings(raw)
        return True
    return False


def shutdown(ls: NewslintServer, params: Any) -> None:
    for task in list(ls.tasks.values()):
        task.cancel()
    ls.closing = asyncio.ensure_future(ls.pool.close())  # held: a task nobody references may be collected


# ---- configuration ---------------------------------------------------------------------------
@guarded()
async def did_change_configuration(ls: NewslintServer, params: types.DidChangeConfigurationParams) -> None:
    raw = params.settings
    if isinstance(raw, dict) and (isinstance(raw.get("newslint"), dict) or set(raw) & set(SETTING_KEYS)):
        ls.set_settings(raw)
    elif ls.cap("workspace.configuration"):
        # VS Code style: "something changed, ask me"; new settings recheck everything once
        if not await pull_configuration(ls):
            ls.invalidate()
    else:
        ls.invalidate()


@guarded()
def did_change_watched_files(ls: NewslintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.shown_errors.clear()  # a config fixed and broken again is reported again
    ls.invalidate()


# ---- text synchronisation -> diagnostics -------------------------------------------------------
@guarded()
def did_open(ls: NewslintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, delay=0)
    ls.schedule_corpus()  # the workspace findings of this article, at once


@guarded()
def did_change(ls: NewslintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.changed(params.text_document.uri)  # debounced; the workspace waits for save


@guarded()
def did_save(ls: NewslintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, delay=0)
    ls.schedule_corpus()


@guarded()
def did_close(ls: NewslintServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)


@guarded(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
async def document_diagnostic(ls: NewslintServer, params: types.DocumentDiagnosticParams) -> types.RelatedFullDocumentDiagnosticReport:
    uri = params.text_document.uri
    st = await ls.current(uri)
    items = (st.diagnostics if st else []) + ls.corpus_diags.get(uri, [])
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=f"{ls.generation}:{st.version if st else 'none'}")


@guarded(lambda: types.WorkspaceDiagnosticReport(items=[]))
async def workspace_diagnostic(ls: NewslintServer, params: types.WorkspaceDiagnosticParams) -> types.WorkspaceDiagnosticReport:
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


# ---- code actions, commands, hover -------------------------------------------------------------------
@guarded(list)
async def code_action(ls: NewslintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    st = await ls.current(params.text_document.uri)
    if st is None:
        return []
    only = params.context.only if params.context else None
    out: list[types.CodeAction] = []
    if actions.kind_wanted(types.CodeActionKind.QuickFix, only):
        out += actions.quick_fixes(st, params.range)
    if actions.kind_wanted(FIX_ALL_KIND, only) and any(f.fix is not None and f.fix.safety == "safe" for f in st.findings):
        job = FixJob(st.text, st.path, ls.settings)
        try:
            fixed: FixResult = await asyncio.shield(
                ls.pool.submit(("fix", st.uri), "fix", job, rank=(0, len(st.text)), budget=ls.budget)
            )
        except (Superseded, JobTimeout, WorkerError) as exc:
            ls.log(f"fix all: {exc}", types.MessageType.Warning)
        else:
            if fixed.edits and fixed.text != st.text:
                out.append(actions.fix_all(st, fixed.text))
    return out


async def add_word(ls: NewslintServer, *args: Any) -> bool:
    """Append a word to the project's accept list (config.accept_target()) and check again.
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
    if not isinstance(word, str) or not word.strip() or "\n" in word or "\r" in word:
        ls.log(f"{ADD_WORD}: expected [uri, word], got {args!r}", types.MessageType.Warning)
        return False
    word = word.strip()
    path = uri_to_path(uri) if isinstance(uri, str) else None
    target = ls.base_config(os.path.abspath(path) if path else None).accept_target()
    added = append_accepted_word(target, word)
    ls.log(f"added '{word}' to {target}" if added else f"'{word}' is already in {target}", types.MessageType.Info)
    ls.invalidate()  # every open document: the squiggle goes without another edit
    return True


@guarded()
async def hover(ls: NewslintServer, params: types.HoverParams) -> types.Hover | None:
    st = await ls.current(params.text_document.uri)
    return None if st is None else actions.hover(st, params.position)


def register(ls: NewslintServer) -> NewslintServer:
    """Attach the handlers above to ``ls``."""
    ls.feature(types.INITIALIZE)(initialize)
    ls.feature(types.INITIALIZED)(initialized)
    ls.feature(types.SHUTDOWN)(shutdown)
    ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(did_change_watched_files)
    ls.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    ls.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))(did_save)
    ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    ls.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="newslint", inter_file_dependencies=True, workspace_diagnostics=True),
    )(document_diagnostic)
    ls.feature(types.WORKSPACE_DIAGNOSTIC)(workspace_diagnostic)
    ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND, types.CodeActionKind.SourceFixAll]),
    )(code_action)
    ls.command(ADD_WORD)(add_word)
    ls.feature(types.TEXT_DOCUMENT_HOVER)(hover)
    return ls


__all__ = ["register", "WATCHED"]
