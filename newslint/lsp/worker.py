"""A worker process of the language server: runs the engine on the jobs the server sends.

Started by :class:`newslint.lsp.pool.WorkerPool` as ``python -m newslint.lsp.worker``. The
linting runs here, not in the server process, so a slow document holds this process's GIL
and not the server's: the server keeps answering, and can kill a worker whose job is no
longer wanted (a newer version of the document) or has run past its time budget.

Pipes: fd 0 brings jobs, fd 1 takes results (:mod:`newslint.lsp.pipe`: a length and a
pickle). Whatever a rule prints goes to stderr, never into the result pipe.
The first message is the setup: extra ``sys.path`` entries and an optional
``"module:function"`` called before the first job (tests register test rules with it).
"""
from __future__ import annotations

import functools
import importlib
import os
import pickle
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from newslint.lsp.jobs import CorpusJob, CorpusResult, FixJob, FixResult, LintJob, LintResult
from newslint.lsp.pipe import Pipe


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when the server process dies, even mid-job."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: the worker ends at EOF on its pipe instead
        pass


# ---- configuration ------------------------------------------------------------------------
def _config(path: str | None, settings: Any) -> tuple[Any, str | None]:
    """The project's config with the editor settings on top; the defaults (and the error
    message) when the config file is broken."""
    from newslint.config import config_or_defaults

    config, error = config_or_defaults(path)
    return settings.apply(config), error


@functools.lru_cache(maxsize=1)
def _builtin_codes() -> frozenset[str]:
    from newslint.registry import builtin_rules

    return frozenset(c for r in builtin_rules() for c in r.codes())


def _rule_docs(codes: set[str], config: Any) -> dict[str, str]:
    """The explanation of each rule (for hover), kept per rule and set of packs."""
    from newslint.registry import find_rule

    out = {}
    for code in codes:
        key = (code, config.packs)
        doc = _DOCS.get(key)
        if doc is None:
            rule = find_rule(code, config)
            doc = _DOCS[key] = rule.describe().strip() if rule is not None else ""
        out[code] = doc
    return out


_DOCS: dict[tuple, str] = {}


# ---- jobs ------------------------------------------------------------------------------------
def lint(job: LintJob) -> LintResult:
    from newslint.config import DEFAULTS_UNTIL_FIXED, Config, ConfigError
    from newslint.document import Document
    from newslint.engine import check_document
    from newslint.files import selected

    t0 = time.perf_counter()
    config, error = _config(job.path, job.settings)
    if job.path is not None and not selected(job.path, config):
        # a file `newslint check` would not read (excluded, ignored, hidden, not included)
        return LintResult([], 0, None, {}, _builtin_codes(), config_error=error)
    doc = Document.from_text(job.text, job.path, markdown=job.markdown)
    try:
        result = check_document(doc, config, path=job.name)
    except ConfigError as exc:  # a broken rule pack shows up only when the rules load
        error = f"{exc} {DEFAULTS_UNTIL_FIXED}"
        config = job.settings.apply(Config(root=config.root))
        result = check_document(doc, config, path=job.name)
    state = pickle.dumps((result.summaries, result.suppressions)) if result.summaries else None
    return LintResult(
        findings=result.findings,
        front_matter_end=doc.front_matter_end,
        corpus_state=state,
        rule_docs=_rule_docs({f.code for f in result.findings}, config),
        builtin_codes=_builtin_codes(),
        config_error=error,
        seconds=time.perf_counter() - t0,
        notices=[n.message for n in result.notices],
    )


# disk results of the corpus stage: path -> (mtime, generation, DocumentResult)
_DISK: dict[str, tuple[int, int, Any]] = {}


def corpus(job: CorpusJob) -> CorpusResult:
    from newslint.engine import DocumentResult, check_path, iter_files, run_corpus
    from newslint.registry import all_rules
    from newslint.rules.base import CorpusRule

    findings = []
    errors: list[str] = []
    opened = {path: DocumentResult(path, [], *pickle.loads(state)) for path, state in job.open_docs.items()}
    for root in job.roots:
        config, error = _config(root, job.settings)
        if error:
            errors.append(error)
        if not any(isinstance(r, CorpusRule) and config.is_enabled(r.code, r.category, r.default_enabled) for r in all_rules(config)):
            continue
        prefix = root.rstrip(os.sep) + os.sep
        results = []
        for f in iter_files([root], config):
            if not isinstance(f, str):
                continue  # a path that cannot be read: nothing to compare
            ap = os.path.abspath(f)
            if ap in opened:
                results.append(opened[ap])
                continue
            try:
                mtime = os.stat(ap).st_mtime_ns
            except OSError:
                continue
            cached = _DISK.get(ap)
            if cached is None or cached[0] != mtime or cached[1] != job.generation:
                cached = (mtime, job.generation, check_path(ap, _config(ap, job.settings)[0]))
                _DISK[ap] = cached
            results.append(cached[2])
        seen = {r.path for r in results}
        results += [r for p, r in opened.items() if p.startswith(prefix) and p not in seen]  # not on disk yet
        findings.extend(run_corpus(results, config))
    return CorpusResult(findings=findings, builtin_codes=_builtin_codes(), config_errors=errors)


def fix(job: FixJob) -> FixResult:
    from newslint.engine import fix_text

    config, _ = _config(job.path, job.settings)
    text, n = fix_text(job.text, path=job.path, config=config)
    return FixResult(text, n)


HANDLERS: dict[str, Callable[[Any], Any]] = {"lint": lint, "corpus": corpus, "fix": fix}


# ---- the loop ----------------------------------------------------------------------------------
def main() -> None:
    jobs = Pipe(os.dup(0))
    results = Pipe(os.dup(1))
    os.dup2(2, 1)  # stray prints go to the server's stderr, not into the result pipe
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    _die_with_parent()
    try:
        setup = jobs.recv()
    except EOFError:
        return
    for p in setup.get("sys_path", ()):
        if p not in sys.path:
            sys.path.append(p)
    if setup.get("init"):
        module, _, name = setup["init"].partition(":")
        getattr(importlib.import_module(module), name)()
    from newslint.engine import warm_up

    try:
        warm_up()
    except Exception:  # a broken config shows up on the first job
        pass
    results.send(("ready", os.getpid()))
    while True:
        try:
            job_id, kind, payload = jobs.recv()
        except (EOFError, OSError):
            return
        try:
            answer = (job_id, True, HANDLERS[kind](payload))
        except Exception:
            answer = (job_id, False, traceback.format_exc())
        try:
            results.send(answer)
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    main()
