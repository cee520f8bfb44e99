"""The engine: run the enabled rules over documents and locate what they report.

This is the one API every face uses: the command, the language server, the Dask runner.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newslint.cache import Cache
from newslint.config import Config, ConfigError, config_for
from newslint.document import STDIN, Document, DocumentError, decode
from newslint.files import FileError, iter_files, read_file_bytes, read_stdin_bytes
from newslint.finding import Finding, Hit, NewslintWarning, Notice
from newslint.fixes import WriteError, apply_edits, select_fixes, write_fixed
from newslint.registry import all_rules, enabled_rules
from newslint.rules.base import CorpusHit, CorpusRule, Rule, RuleContext
from newslint.rules.precedence import merge_overlaps
from newslint.suppression import Suppressions, parse_suppressions


@dataclass
class Report:
    """The result of checking many files."""

    findings: list[Finding] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # warnings about the run, each once
    errors: list[FileError] = field(default_factory=list)  # not checked: exit code 2
    skipped: list[FileError] = field(default_factory=list)  # passed over with a notice (a FIFO in a folder)
    files: int = 0

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)


@dataclass
class DocumentResult:
    """Per-document work: findings, the corpus summaries, and what corpus findings need."""

    path: str
    findings: list[Finding]
    summaries: dict[str, Any]
    suppressions: Suppressions | None
    error: str | None = None
    notices: list[Notice] = field(default_factory=list)  # warnings about this check (not cached)


# ---- locating --------------------------------------------------------------------------
def locate(doc: Document, rule: Rule, hit: Hit, config: Config, path: str) -> Finding:
    """Turn a rule's hit (offsets) into a finding (1-based line, code-point columns)."""
    start, end = max(0, hit.start), max(hit.start, hit.end)
    p1, p2 = doc.position(start), doc.position(end)
    code = hit.code or rule.code
    edits: tuple[tuple[int, int, int, int], ...] = ()
    if hit.fix is not None:
        edits = tuple(
            (a.line + 1, a.column + 1, b.line + 1, b.column + 1)
            for a, b in ((doc.position(e.start), doc.position(e.end)) for e in hit.fix.edits)
        )
    return Finding(
        path=path,
        code=code,
        rule=rule.name,
        category=rule.category,
        severity=config.severity_for(code, rule.category, hit.severity or rule.severity),
        message=hit.message,
        line=p1.line + 1,
        column=p1.column + 1,
        end_line=p2.line + 1,
        end_column=p2.column + 1,
        fix=hit.fix,
        related=hit.related,
        start=start,
        end=end,
        data=hit.data,
        _edit_positions=edits,
    )


# ---- one document ----------------------------------------------------------------------
def check_document(doc: Document, config: Config, *, path: str | None = None, corpus: bool = True) -> DocumentResult:
    """Run every enabled rule on one document; collect corpus summaries when asked."""
    path = path or doc.path or "<text>"
    ctx = RuleContext(config)
    sup = parse_suppressions(doc)
    findings: list[Finding] = []
    summaries: dict[str, Any] = {}
    ctx.findings = findings  # the findings so far: a rule that declares `after` reads them
    corpus_rules: list[CorpusRule] = []
    for rule in enabled_rules(config, path):
        try:
            hits = list(rule.check(doc, ctx))
        except TimeoutError:
            _skipped(ctx, rule, path)
            continue
        except Exception as exc:  # a bug of one rule on one text must not lose the run
            _failed(ctx, rule, path, exc)
            continue
        for hit in hits:
            f = locate(doc, rule, hit, config, path)
            if not sup.suppressed(f.line - 1, f.end_line - 1, f.code, f.category):
                findings.append(f)
        if corpus and isinstance(rule, CorpusRule):
            corpus_rules.append(rule)
    findings = ctx.findings = merge_overlaps(findings, lambda f: _whole_lines(doc, f))  # one finding per problem
    for rule in corpus_rules:  # summaries see the article's final findings
        try:
            summaries[rule.code] = rule.summarize(doc, ctx)
        except TimeoutError:
            _skipped(ctx, rule, path)
        except Exception as exc:
            _failed(ctx, rule, path, exc)
    findings.sort(key=Finding.sort_key)
    return DocumentResult(path, findings, summaries, sup, notices=list(ctx.notices))


def _whole_lines(doc: Document, f: Finding) -> bool:
    """Does the finding cover its lines from their first to their last visible character?"""
    first, last = doc.lines[f.line - 1], doc.lines[min(f.end_line, len(doc.lines)) - 1]
    return not doc.text[first.start : f.start].strip() and not doc.text[f.end : max(f.end, last.end)].strip()


def _skipped(ctx: RuleContext, rule: Rule, path: str) -> None:
    """A pattern that backtracks on this text: the rule is skipped here, not the run."""
    ctx.notice(f"rule {rule.code} ({rule.name}) skipped on this file: a pattern took too long on its text", path=path)


def _failed(ctx: RuleContext, rule: Rule, path: str, exc: Exception) -> None:
    """An internal error of one rule on one text: the rule is skipped there and the run goes
    on, with a notice that says so (``NEWSLINT_DEBUG=1`` raises it instead, for a traceback)."""
    if os.environ.get("NEWSLINT_DEBUG"):
        raise exc
    ctx.notice(f"rule {rule.code} ({rule.name}) skipped on this file: internal error "
               f"({type(exc).__name__}: {exc}); please report it", path=path)


_WARM_UP_TEXT = "Officials said 12 people, about a dozen, attended the meeting on Monday, experts say."


def warm_up(config: Config | None = None) -> None:
    """Load what a first check loads (rule modules, packs, word lists, the patterns a typical
    sentence reaches) without checking anything: a language server calls this in the
    background after its handshake, so the first document is checked as fast as the next."""
    check_document(Document.from_text(_WARM_UP_TEXT, None), config or Config(), corpus=False)


def lint_text(text: str, *, path: str | None = None, config: Config | None = None) -> list[Finding]:
    """Check one document given as text. ``path`` names it (and picks Markdown by suffix)."""
    if config is None:
        config = config_for(path) if path else Config()
    doc = Document.from_text(text, path)
    result = check_document(doc, config, path=path, corpus=False)
    for notice in result.notices:
        warnings.warn(notice.message, NewslintWarning, stacklevel=2)
    return result.findings


CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".parquet")


# ---- many documents --------------------------------------------------------------------
def read_document(path: str, config: Config, stdin_text: str | None = None) -> Document:
    """Read a file (or ``-``) into a Document, or raise DocumentError with a message a person
    can act on (not a regular file, too large, binary, not UTF-8)."""
    if path == STDIN:
        data = stdin_text.encode("utf-8") if stdin_text is not None else read_stdin_bytes(config.max_file_size)
        return Document.from_bytes(data, None)
    if path.endswith(CORPUS_SUFFIXES):
        raise DocumentError("a corpus of articles (JSON lines or Parquet), not an article: check it with "
                            "`newslint check --engine dask` (pip install 'newslint[dask]')")
    return Document.from_bytes(read_file_bytes(path, config.max_file_size), path)


def check_path(path: str, config: Config | None = None, stdin_text: str | None = None, cache: Cache | None = None) -> DocumentResult:
    """Read and check one file; errors become a result with ``error`` set."""
    cfg = config or config_for(None if path == STDIN else path)
    if cache is None or path == STDIN:
        return _check_loaded(path, cfg, lambda: read_document(path, cfg, stdin_text))
    try:
        if path.endswith(CORPUS_SUFFIXES):
            return _check_loaded(path, cfg, lambda: read_document(path, cfg))
        data = read_file_bytes(path, cfg.max_file_size)
    except DocumentError as exc:
        return DocumentResult(path, [], {}, None, error=str(exc))
    key = cache.key(data, cfg)
    types = {r.code: r.summary_type for r in enabled_rules(cfg, path) if isinstance(r, CorpusRule)}
    hit = cache.get(path, key, types)
    if hit is not None:
        return hit
    result = _check_loaded(path, cfg, lambda: Document.from_bytes(data, path))
    if result.error is None and not result.notices:  # a skipped rule or an absent server: check again next time
        cache.put(path, key, result)
    return result


def _check_loaded(path: str, cfg: Config, load: Any) -> DocumentResult:
    try:
        doc = load()
    except DocumentError as exc:
        return DocumentResult(path, [], {}, None, error=str(exc))
    return check_document(doc, cfg, path=path)


def _check_many(args: tuple[list[str], Config | None, Path | None]) -> tuple[list[DocumentResult], int, int]:
    paths, config, cache_dir = args
    cache = Cache(cache_dir) if cache_dir else None
    results = [check_path(p, config, cache=cache) for p in paths]
    return results, (cache.stats.hits if cache else 0), (cache.stats.misses if cache else 0)


def run_documents(paths: Sequence[str], config: Config | None, jobs: int = 1, progress: Any = None, stdin_text: str | None = None, cache: Cache | None = None) -> list[DocumentResult]:
    """Per-document stage, in parallel across processes when ``jobs`` > 1."""
    results: list[DocumentResult] = []
    if jobs <= 1 or len(paths) < 8 or STDIN in paths:
        for p in paths:
            results.append(check_path(p, config, stdin_text, cache))
            if progress:
                progress(1)
        return results
    chunk = max(1, min(64, len(paths) // (jobs * 8) or 1))
    batches = [list(paths[i : i + chunk]) for i in range(0, len(paths), chunk)]
    from concurrent.futures import ProcessPoolExecutor  # only parallel runs pay for it

    cache_dir = cache.root.parent if cache else None
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch, hits, misses in pool.map(_check_many, [(b, config, cache_dir) for b in batches]):
            results.extend(batch)
            if cache:
                cache.stats.hits += hits
                cache.stats.misses += misses
            if progress:
                progress(len(batch))
    return results


def run_corpus(results: Sequence[DocumentResult], config: Config) -> list[Finding]:
    """Corpus stage: compare the summaries of every checked document."""
    out: list[Finding] = []
    if sum(1 for r in results if r.summaries) < 2:
        return out  # nothing to compare (and no need to build the registry: one cached file)
    by_path = {r.path: r for r in results}
    for rule in all_rules(config):
        if not isinstance(rule, CorpusRule) or not config.is_enabled(rule.code, rule.category, rule.default_enabled):
            continue
        # in path order, as every engine sees them (the Dask engine sorts the same way)
        summaries = [r.summaries[rule.code] for r in sorted(results, key=lambda r: r.path) if rule.code in r.summaries]
        if len(summaries) < 2:
            continue
        for ch in rule.check_corpus(summaries, RuleContext(config)):
            f = _locate_corpus(rule, ch, config)
            res = by_path.get(ch.path)
            if res is not None and res.suppressions is not None and res.suppressions.suppressed(f.line - 1, f.end_line - 1, f.code, f.category):
                continue
            if config.is_enabled(f.code, f.category, True, ch.path):
                out.append(f)
    return out


def _locate_corpus(rule: Rule, ch: CorpusHit, config: Config) -> Finding:
    code = ch.code or rule.code
    fix = ch.fix
    if fix is not None and len(ch.edit_positions) != len(fix.edits):
        fix = None  # a fix whose place the rule did not give cannot be shown or reviewed: not offered
    return Finding(
        path=ch.path, code=code, rule=rule.name, category=rule.category,
        severity=config.severity_for(code, rule.category, rule.severity),
        message=ch.message, line=ch.line, column=ch.column, end_line=ch.end_line, end_column=ch.end_column,
        fix=fix, related=ch.related, start=ch.start, end=ch.end, _edit_positions=ch.edit_positions if fix else (),
    )


def lint_paths(paths: Iterable[str | Path], *, config: Config | None = None, jobs: int = 1, progress: Any = None, stdin_text: str | None = None, cache: Cache | None = None) -> Report:
    """Check files and folders, corpus rules included. ``config`` None: discovered per file.
    ``cache``: reuse per-file results whose text, config and newslint version are unchanged."""
    report = Report()
    files: list[str] = []
    for item in iter_files(paths, config):
        if isinstance(item, FileError):
            (report.skipped if item.skipped else report.errors).append(item)
        else:
            files.append(item)
    report.files = len(files)
    results = run_documents(files, config, jobs, progress, stdin_text, cache)
    for r in results:
        if r.error:
            report.errors.append(FileError(r.path, r.error))
        report.findings.extend(r.findings)
        for n in r.notices:
            if n not in report.notices:
                report.notices.append(n)
    corpus_config = config or config_for(os.path.commonpath([os.path.abspath(f) for f in files if f != STDIN]) if any(f != STDIN for f in files) else None)
    report.findings.extend(run_corpus(results, corpus_config))
    report.findings.sort(key=Finding.sort_key)
    return report


# ---- fixing ----------------------------------------------------------------------------
def fix_text(text: str, *, path: str | None = None, config: Config | None = None, unsafe: bool = False, max_passes: int = 8) -> tuple[str, int]:
    """Apply fixes until nothing changes; return (new text, number of edits applied).
    The BOM and line endings are kept: edits never touch the terminators they did not remove."""
    if config is None:
        config = config_for(path) if path else Config()
    doc = Document.from_text(text, path)  # sets one BOM aside; edits are offsets into doc.text
    bom = "\ufeff" if doc.had_bom else ""
    applied = 0
    for _ in range(max_passes):
        findings = check_document(doc, config, path=path, corpus=False).findings
        edits = select_fixes(findings, unsafe=unsafe)
        if not edits:
            break
        doc = Document.from_text(bom + apply_edits(doc.text, edits), path)
        applied += len(edits)
    return bom + doc.text, applied


@dataclass
class FixResult:
    """What fixing one file did: its text before and after, and how many edits were applied
    (``error`` set: the file was not changed, and why)."""

    path: str
    original: str = ""
    fixed: str = ""
    applied: int = 0
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.error is None and self.fixed != self.original


def fix_file(path: str, config: Config | None = None, *, unsafe: bool = False, write: bool = False) -> FixResult:
    """Fix one file: read it as ``check`` does, apply the safe (or all) fixes until stable,
    and with ``write`` store the result (see :func:`newslint.fixes.write_fixed`: links, owner
    and mode kept, read-only files refused, atomic where it can be)."""
    cfg = config or config_for(path)
    if path.endswith(CORPUS_SUFFIXES):
        return FixResult(path, error="a corpus of articles, not an article: not fixed")
    try:
        data = read_file_bytes(path, cfg.max_file_size)
        text, had_bom = decode(data, path=path)
    except DocumentError as exc:
        return FixResult(path, error=str(exc))
    original = ("\ufeff" if had_bom else "") + text
    fixed, applied = fix_text(original, path=path, config=cfg, unsafe=unsafe)
    result = FixResult(path, original, fixed, applied)
    if write and result.changed:
        try:
            write_fixed(path, fixed.encode("utf-8"), data)
        except WriteError as exc:
            return FixResult(path, original, original, 0, error=str(exc))
    return result


__all__ = ["lint_text", "lint_paths", "fix_text", "fix_file", "FixResult", "warm_up", "check_document", "Report", "FileError", "DocumentResult", "ConfigError"]
