"""The engine: run the enabled rules over documents and locate what they report.

This is the one API every face uses: the command, the language server, the Dask runner.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newslint.cache import Cache
from newslint.config import Config, ConfigError, config_for
from newslint.document import STDIN, Document, DocumentError
from newslint.finding import Finding, Hit, Related
from newslint.fixes import apply_edits, select_fixes
from newslint.registry import all_rules, enabled_rules
from newslint.rules.base import CorpusHit, CorpusRule, Rule, RuleContext
from newslint.rules.precedence import merge_overlaps
from newslint.suppression import Suppressions, parse_suppressions


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked, and why (the run goes on)."""

    path: str
    message: str


@dataclass
class Report:
    """The result of checking many files."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
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


# ---- locating --------------------------------------------------------------------------
def locate(doc: Document, rule: Rule, hit: Hit, config: Config, path: str) -> Finding:
    """Turn a rule's hit (offsets) into a finding (1-based line, code-point columns)."""
    start, end = max(0, hit.start), max(hit.start, hit.end)
    p1, p2 = doc.position(start), doc.position(end)
    code = hit.code or rule.code
    edits = ()
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
        severity=config.severity_for(code, rule.category, hit.severity or rule.severity),  # type: ignore[arg-type]
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


def related_at(doc: Document, start: int, message: str, path: str | None = None) -> Related:
    """A related location in ``doc`` (1-based), for rules that point at other statements."""
    p = doc.position(start)
    return Related(path or doc.path or "<text>", p.line + 1, p.column + 1, message)


# ---- one document ----------------------------------------------------------------------
def check_document(doc: Document, config: Config, *, path: str | None = None, corpus: bool = True) -> DocumentResult:
    """Run every enabled rule on one document; collect corpus summaries when asked."""
    path = path or doc.path or "<text>"
    ctx = RuleContext(config)
    sup = parse_suppressions(doc)
    findings: list[Finding] = []
    summaries: dict[str, Any] = {}
    ctx.cache["findings"] = findings  # the findings so far: rules run in code order, and a later rule may yield to them
    corpus_rules: list[CorpusRule] = []
    for rule in enabled_rules(config, path):
        for hit in rule.check(doc, ctx):
            f = locate(doc, rule, hit, config, path)
            if not sup.suppressed(f.line - 1, f.end_line - 1, f.code, f.category):
                findings.append(f)
        if corpus and isinstance(rule, CorpusRule):
            corpus_rules.append(rule)
    findings = ctx.cache["findings"] = merge_overlaps(findings)  # one finding per problem
    for rule in corpus_rules:  # summaries see the article's final findings
        summaries[rule.code] = rule.summarize(doc, ctx)
    findings.sort(key=Finding.sort_key)
    return DocumentResult(path, findings, summaries, sup)


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
    return check_document(doc, config, path=path, corpus=False).findings


# ---- many documents --------------------------------------------------------------------
def iter_files(paths: Iterable[str | Path], config: Config | None = None) -> Iterator[str]:
    """Expand files and folders (recursively, include/exclude globs) into file paths."""
    import fnmatch

    seen: set[str] = set()
    for raw in paths:
        raw = str(raw)
        if raw == STDIN:
            yield STDIN
            continue
        p = Path(raw)
        if p.is_dir():
            cfg = config or config_for(p)
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not any(fnmatch.fnmatch(d, x) for x in cfg.exclude))
                for name in sorted(files):
                    if any(fnmatch.fnmatch(name, inc) for inc in cfg.include) and not any(fnmatch.fnmatch(name, x) for x in cfg.exclude):
                        full = os.path.join(root, name)
                        if full not in seen:
                            seen.add(full)
                            yield full
        else:
            if raw not in seen:
                seen.add(raw)
                yield raw


def read_document(path: str, config: Config, stdin_text: str | None = None) -> Document:
    """Read a file into a Document or raise DocumentError with a message a person can act on."""
    if path == STDIN:
        data = (stdin_text if stdin_text is not None else sys.stdin.read()).encode("utf-8")
        return Document.from_bytes(data, None)
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise DocumentError("no such file") from None
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}") from None
    if size > config.max_file_size:
        raise DocumentError(
            f"file is {size / 1e6:.1f} MB, above the max-file-size limit of {config.max_file_size / 1e6:.1f} MB; "
            "raise `max-file-size` in the config to check it"
        )
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise DocumentError("is a directory") from None
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}") from None
    return Document.from_bytes(data, path)


def check_path(path: str, config: Config | None = None, stdin_text: str | None = None, cache: Cache | None = None) -> DocumentResult:
    """Read and check one file; errors become a result with ``error`` set."""
    cfg = config or config_for(None if path == STDIN else path)
    if cache is not None and path != STDIN:
        try:
            data = Path(path).read_bytes() if Path(path).stat().st_size <= cfg.max_file_size else None
        except OSError:
            data = None
        if data is not None:
            key = Cache.key(data, cfg.fingerprint())
            hit = cache.get(path, key)
            if hit is not None:
                return hit
            result = _check_loaded(path, cfg, lambda: Document.from_bytes(data, path))
            if result.error is None:
                cache.put(path, key, result)
            return result
    return _check_loaded(path, cfg, lambda: read_document(path, cfg, stdin_text))


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
        summaries = [r.summaries[rule.code] for r in results if rule.code in r.summaries]
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
    return Finding(
        path=ch.path, code=code, rule=rule.name, category=rule.category,
        severity=config.severity_for(code, rule.category, rule.severity),  # type: ignore[arg-type]
        message=ch.message, line=ch.line, column=ch.column, end_line=ch.end_line, end_column=ch.end_column,
        fix=ch.fix, related=ch.related, start=ch.start, end=ch.end,
    )


def lint_paths(paths: Iterable[str | Path], *, config: Config | None = None, jobs: int = 1, progress: Any = None, stdin_text: str | None = None, cache: Cache | None = None) -> Report:
    """Check files and folders, corpus rules included. ``config`` None: discovered per file.
    ``cache``: reuse per-file results whose text, config and newslint version are unchanged."""
    files = list(iter_files(paths, config))
    results = run_documents(files, config, jobs, progress, stdin_text, cache)
    report = Report(files=len(files))
    for r in results:
        if r.error:
            report.errors.append(FileError(r.path, r.error))
        report.findings.extend(r.findings)
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
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    applied = 0
    for _ in range(max_passes):
        doc = Document.from_text(body, path)
        findings = check_document(doc, config, path=path, corpus=False).findings
        edits = select_fixes(findings, unsafe=unsafe)
        if not edits:
            break
        body = apply_edits(body, edits)
        applied += len(edits)
    return bom + body, applied


__all__ = ["lint_text", "lint_paths", "fix_text", "warm_up", "check_document", "Report", "FileError", "DocumentResult", "ConfigError"]
