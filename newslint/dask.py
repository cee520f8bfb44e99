"""newslint on a Dask cluster, for corpora that outgrow one machine.

    from newslint.dask import lint_corpus
    written = lint_corpus("articles.jsonl", scheduler="tcp://scheduler:8786", output="findings/")

Per-article rules run as a map over partitions. Corpus rules (numbers across the articles
of a story) run in two steps: the small per-article summaries are assigned to stories
(``CorpusRule.assign_stories``), then shuffled by story key so each story is checked on
one worker. The findings are the same as ``newslint.lint_paths`` on one machine, byte for
byte after sorting (a test holds this). With ``output``, the workers write them (one file
per partition) and nothing per article comes back to the client.

Inputs: a folder tree of .txt/.md files, a JSONL file (one article per line:
``{"path" or "id": ..., "text": ..., "story": optional}``), or a Parquet file or folder with
the same columns. JSONL and Parquet are read in blocks, so memory stays bounded.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast, overload

from newslint.config import Config, config_for
from newslint.document import Document
from newslint.engine import DocumentResult, _locate_corpus, check_document, check_path, iter_files
from newslint.finding import Finding
from newslint.registry import all_rules
from newslint.rules.base import CorpusRule, RuleContext

JSONL_BLOCKSIZE = "16MB"


def _require_dask() -> Any:
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise SystemExit("the Dask engine needs the extra: pip install 'newslint[dask]'") from exc
    return db


def _check_record(record: dict[str, Any], config: Config) -> DocumentResult:
    path = str(record.get("path") or record.get("id") or "<record>")
    doc = Document.from_text(str(record.get("text") or ""), path)
    if record.get("story") and "story" not in doc.metadata:
        doc.metadata["story"] = record["story"]
    return check_document(doc, config, path=path)


def _records_bag(source: str, npartitions: int | None) -> Any:
    db = _require_dask()
    if source.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return db.read_text(source, blocksize=None if source.endswith(".gz") else JSONL_BLOCKSIZE).filter(str.strip).map(json.loads)
    if source.endswith(".parquet") or (os.path.isdir(source) and any(Path(source).glob("*.parquet"))):
        import dask.dataframe as dd

        df = dd.read_parquet(source)
        return df.to_bag(format="dict")
    raise ValueError(f"{source}: not a folder, .jsonl or .parquet file")


def map_documents(source: str | list[str], config: Config, npartitions: int | None = None) -> Any:
    """A Dask bag of DocumentResult, one per article (the per-article stage)."""
    db = _require_dask()
    if isinstance(source, list) or (os.path.isdir(source) and not any(Path(source).glob("*.parquet"))):
        # a path that cannot be read is a FileError: the command reports those itself
        files = [f for f in iter_files(source if isinstance(source, list) else [source], config) if isinstance(f, str)]
        n = npartitions or max(1, min(len(files), 4 * (os.cpu_count() or 1)))
        return db.from_sequence(files, npartitions=n).map(check_path, config)
    return _records_bag(source, npartitions).map(_check_record, config)


def corpus_findings(results: Any, config: Config) -> Any:
    """The corpus stage as a bag of findings, computed on the cluster: each corpus rule's
    story views are gathered on one worker and assigned to stories there, the summaries are
    shuffled by story key, and each story is checked where it lands. Nothing per article
    comes back to the client."""
    import dask

    db = _require_dask()
    bags = []
    for rule in all_rules(config):
        if not isinstance(rule, CorpusRule) or not config.is_enabled(rule.code, rule.category, rule.default_enabled):
            continue
        code = rule.code
        mine = results.filter(lambda r, c=code: c in r.summaries)
        views = mine.map(lambda r, c=code, ru=rule: (r.path, ru.story_view(r.summaries[c]))).reduction(list, _concat)
        stories = dask.delayed(_assign_stories)(views, rule, config)
        keyed = mine.map(lambda r, keys, c=code: (keys.get(r.path), (r.path, r.summaries[c], r.suppressions)), stories)
        grouped = keyed.filter(lambda kv: kv[0] is not None).groupby(lambda kv: kv[0])
        bags.append(grouped.map(lambda kv, r=rule: _check_story(r, [it for _, it in kv[1]], config)).flatten())
    return db.concat(bags) if bags else db.from_sequence([])


def _concat(parts: list[list[Any]]) -> list[Any]:
    return [x for part in parts for x in part]


def _assign_stories(views: list[tuple[str, Any]], rule: CorpusRule, config: Config) -> dict[str, Any]:
    """{path: story key} for the articles of a corpus (runs on a worker)."""
    views = sorted(views, key=lambda v: v[0])  # the order lint_paths sees them in (sorted paths)
    if len(views) < 2:
        return {}
    keys = rule.assign_stories([v for _, v in views], RuleContext(config))
    return {path: key for (path, _), key in zip(views, keys, strict=False) if key is not None}


def _check_story(rule: CorpusRule, items: list[tuple[str, Any, Any]], config: Config) -> list[Finding]:
    if len(items) < 2:
        return []
    sup = {p: s for p, _, s in items}
    out = []
    items.sort(key=lambda it: it[0])  # the order lint_paths sees them in (sorted paths)
    for ch in rule.check_story([s for _, s, _ in items], RuleContext(config)):
        f = _locate_corpus(rule, ch, config)
        s = sup.get(ch.path)
        if s is not None and s.suppressed(f.line - 1, f.end_line - 1, f.code, f.category):
            continue
        if config.is_enabled(f.code, f.category, True, ch.path):
            out.append(f)
    return out


@dataclass(frozen=True)
class Written:
    """What ``lint_corpus`` wrote when given ``output``: the folder and how many findings."""

    output: str
    findings: int


@overload
def lint_corpus(source: str | list[str], *, config: Config | None = None, scheduler: str | None = None,
                output: None = None, npartitions: int | None = None, progress: bool = False) -> list[Finding]: ...
@overload
def lint_corpus(source: str | list[str], *, config: Config | None = None, scheduler: str | None = None,
                output: str, npartitions: int | None = None, progress: bool = False) -> Written: ...
def lint_corpus(
    source: str | list[str],
    *,
    config: Config | None = None,
    scheduler: str | None = None,
    output: str | None = None,
    npartitions: int | None = None,
    progress: bool = False,
) -> list[Finding] | Written:
    """Lint a folder tree, JSONL or Parquet corpus on Dask.

    ``scheduler``: None for the local threaded scheduler, ``"processes"``, or the address of
    a distributed scheduler (``tcp://host:8786``).

    ``output``: a folder the workers write the findings into, one file per partition
    (``part-*.jsonl``, one ``Finding.to_dict()`` a line; or a Parquet dataset when the
    folder's name ends in ``.parquet``). The client then holds no findings and no per-article
    data, so its memory stays flat however large the corpus; the return value says how many
    were written. Without ``output`` the findings come back as a sorted list (small corpora)."""
    import dask

    first = source[0] if isinstance(source, list) else source
    config = config or config_for(first)
    client_ctx: Any = nullcontext()
    get_kw: dict[str, Any] = {}
    if scheduler and scheduler not in ("threads", "processes", "sync", "synchronous"):
        from distributed import Client

        client_ctx = Client(scheduler)
    elif scheduler:
        get_kw["scheduler"] = scheduler
    with client_ctx, _progress_bar(progress, scheduler):
        results = map_documents(source, config, npartitions).persist(**get_kw)
        both = dask.bag.concat([results.map(lambda r: r.findings).flatten(), corpus_findings(results, config)])
        if output is None:
            findings = both.compute(**get_kw)
            findings.sort(key=Finding.sort_key)
            return findings
        rows = both.map(Finding.to_dict)
        if output.rstrip("/").endswith(".parquet"):
            writes = rows.map(_flat_row).to_dataframe(meta=_PARQUET_META).to_parquet(output, compute=False, write_index=False)
        else:
            os.makedirs(output, exist_ok=True)
            writes = rows.map(lambda r: json.dumps(r, ensure_ascii=False)).to_textfiles(os.path.join(output, "part-*.jsonl"), compute=False)
        _, count = dask.compute(writes, rows.count(), **get_kw)
    return Written(output, int(count))


_PARQUET_META = {
    "path": str, "code": str, "rule": str, "category": str, "severity": str, "message": str, "line": int,
    "column": int, "end_line": int, "end_column": int, "fix": str, "related": str,
}


def _flat_row(r: dict[str, Any]) -> dict[str, Any]:
    """A finding as a Parquet row: the nested fix and related lists as JSON text."""
    return {**r, "fix": json.dumps(r["fix"]), "related": json.dumps(r["related"])}


def read_findings(output: str) -> Iterator[dict[str, Any]]:
    """The findings ``lint_corpus`` wrote into ``output``, one partition at a time."""
    if output.rstrip("/").endswith(".parquet"):
        import pandas as pd

        for part in sorted(Path(output).glob("*.parquet")):
            for row in pd.read_parquet(part).to_dict("records"):
                # the columns are the finding's field names (pandas-stubs types keys as Hashable)
                yield {**cast(dict[str, Any], row), "fix": json.loads(row["fix"]), "related": json.loads(row["related"])}
        return
    for part in sorted(Path(output).glob("part-*.jsonl")):
        with open(part, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _progress_bar(enabled: bool, scheduler: str | None) -> Any:
    if not enabled:
        return nullcontext()
    if scheduler and scheduler.startswith(("tcp://", "tls://", "inproc://")):
        return nullcontext()  # a distributed cluster shows progress on its dashboard
    from dask.diagnostics import ProgressBar

    return ProgressBar()
