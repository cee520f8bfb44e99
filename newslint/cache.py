"""A per-file findings cache, like ruff's: rerunning CI on a mostly unchanged repository
costs a fraction of the first run.

The cache is data, never code: an entry is a JSON document read with a typed decoder
(``msgspec``), so a planted or damaged entry can at worst be a miss. An entry is keyed by
the file's content hash, the configuration's fingerprint (which covers the rule packs and
word lists it names and the project's implicit ``.newslint/accept.txt``) and newslint's
own files; the entry's format, version and key are read and compared before anything else
in it is decoded. A miss is rewritten by the run that computed the result. Corpus rules
keep their per-file summaries in the entry (typed by the rule's ``summarize`` annotation)
and are always recomputed from them, so a change to any article of a story re-checks the
story. The folder is safe to delete at any time.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from newslint import __version__
from newslint.finding import Finding
from newslint.suppression import Suppressions

if TYPE_CHECKING:
    from newslint.config import Config
    from newslint.engine import DocumentResult

FORMAT = 2  # bump when the entry layout changes; older entries are misses


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """The version plus the size and mtime of newslint's own files and built-in packs, so a
    source checkout whose rules changed never reads results of the old rules."""
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    roots = [here, here.parent / "rules"] if (here.parent / "rules").is_dir() else [here]
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.suffix in (".py", ".toml", ".txt", ".json") and "__pycache__" not in p.parts:
                st = p.stat()
                h.update(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0


class _Header(msgspec.Struct):
    """What is compared before the rest of an entry is decoded."""

    format: int
    newslint: str
    key: str


class _Entry(msgspec.Struct):
    format: int
    newslint: str
    key: str
    path: str
    findings: list[Finding]
    summaries: dict[str, msgspec.Raw]
    suppressions: Suppressions | None


_HEADER = msgspec.json.Decoder(_Header)
_ENTRY = msgspec.json.Decoder(_Entry)
_ENCODER = msgspec.json.Encoder()


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root) / __version__
        self.stats = CacheStats()
        # a configuration's fingerprint reads and hashes its word lists and packs: once a run
        # per configuration, not once a file
        self._fingerprints: dict[Config, str] = {}

    def key(self, data: bytes, config: Config) -> str:
        fp = self._fingerprints.get(config)
        if fp is None:
            fp = self._fingerprints[config] = config.fingerprint()
        h = hashlib.sha256(data)
        h.update(fp.encode())
        h.update(engine_fingerprint().encode())
        return h.hexdigest()

    def _file(self, path: str) -> Path:
        name = hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:32]
        return self.root / name[:2] / f"{name}.json"

    def get(self, path: str, key: str, summary_types: dict[str, Any]) -> DocumentResult | None:
        """The cached result of ``path`` under ``key``, or None (a miss) when there is none,
        it is for other text or settings, or it cannot be read as an entry of this format.
        ``summary_types``: the type each corpus rule's summary decodes to."""
        from newslint.engine import DocumentResult

        try:
            raw = self._file(path).read_bytes()
            head = _HEADER.decode(raw)
            if head.format != FORMAT or head.newslint != __version__ or head.key != key:
                raise ValueError("another entry")
            entry = _ENTRY.decode(raw)
            if set(entry.summaries) != set(summary_types):
                raise ValueError("other corpus rules")
            summaries = {code: msgspec.json.decode(entry.summaries[code], type=tp) for code, tp in summary_types.items()}
        except (OSError, ValueError, TypeError, msgspec.DecodeError):
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return DocumentResult(entry.path, entry.findings, summaries, entry.suppressions)

    def put(self, path: str, key: str, result: DocumentResult) -> None:
        target = self._file(path)
        try:
            data = _ENCODER.encode({
                "format": FORMAT, "newslint": __version__, "key": key, "path": result.path,
                "findings": result.findings, "summaries": result.summaries, "suppressions": result.suppressions,
            })
        except (TypeError, msgspec.EncodeError):
            return  # a summary that is not data: this result is not cached
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.root.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by newslint\n*\n")
            tmp.write_bytes(data)
            os.replace(tmp, target)
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass  # a cache that cannot be written is only slower
