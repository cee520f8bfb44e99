"""A per-file findings cache, like ruff's: rerunning CI on a mostly unchanged repository
costs a fraction of the first run.

An entry is keyed by the file's content hash, the configuration's fingerprint and the
newslint version, so any change to the text, the config, a rule pack or newslint itself
misses. Corpus rules keep their per-file summaries in the entry and are always recomputed
from them, so a change to any article of a story re-checks the story. The folder is safe
to delete at any time; a damaged entry is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newslint import __version__


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """The version plus the size and mtime of newslint's own files and built-in packs, so a
    source checkout whose rules changed never reads results of the old rules."""
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    roots = [here, here.parent / "rules"] if (here.parent / "rules").is_dir() else [here]
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.suffix in (".py", ".toml", ".txt", ".gz") and "__pycache__" not in p.parts:
                st = p.stat()
                h.update(f"{p.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root) / __version__
        self.stats = CacheStats()

    @staticmethod
    def key(data: bytes, config_fingerprint: str) -> str:
        h = hashlib.sha256(data)
        h.update(config_fingerprint.encode())
        h.update(engine_fingerprint().encode())
        return h.hexdigest()

    def _file(self, path: str) -> Path:
        name = hashlib.sha256(os.path.abspath(path).encode()).hexdigest()[:32]
        return self.root / name[:2] / f"{name}.pickle"

    def get(self, path: str, key: str) -> Any | None:
        try:
            with open(self._file(path), "rb") as fh:
                stored_key, value = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            self.stats.misses += 1
            return None
        if stored_key != key:
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return value

    def put(self, path: str, key: str, value: Any) -> None:
        target = self._file(path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not (self.root.parent / ".gitignore").exists():
                (self.root.parent / ".gitignore").write_text("# created by newslint\n*\n")
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written is only slower
