"""Configuration: `[tool.newslint]` in pyproject.toml or a newslint.toml, found upward.

One :class:`Config` drives the command, the language server and the API. A broken file is
a :class:`ConfigError` naming the file and the key; the command turns it into exit code 2.
"""
from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from newslint.finding import CATEGORIES, SEVERITIES

CONFIG_FILES = ("newslint.toml", ".newslint.toml", "pyproject.toml")
DIALECTS = ("both", "en_US", "en_GB")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")
CACHE_DIR_NAME = ".newslint_cache"  # the findings cache (newslint.cache), beside the config
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", CACHE_DIR_NAME, "dist", "build")


class ConfigError(Exception):
    """A configuration or rule pack that cannot be used, with where and why."""

    def __init__(self, path: str | Path | None, key: str | None, message: str):
        self.path, self.key, self.message = (str(path) if path else None), key, message
        where = f"{self.path}" if self.path else "configuration"
        if key:
            where += f": key '{key}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class LanguageToolOptions:
    url: str = ""
    language: str = "en-US"
    disabled_rules: tuple[str, ...] = ()
    timeout: float = 5.0


@dataclass(frozen=True)
class Config:
    """Resolved options. Paths inside are absolute (relative ones resolve against ``root``)."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None  # the file this came from, if any
    select: tuple[str, ...] | None = None  # None: every rule that is on by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (code/category/prefix, severity)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    packs: tuple[Path, ...] = ()
    accept: tuple[Path, ...] = ()
    reject: tuple[Path, ...] = ()
    accept_words: tuple[str, ...] = ()  # inline extras (editor settings)
    dialect: str = "both"
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    fail_on: str = "error"  # like Vale: warnings are advice; CI opts in with fail-on
    max_file_size: int = 10_000_000
    stories: str = "auto"  # auto | front-matter | off
    languagetool: LanguageToolOptions = LanguageToolOptions()

    # ---- word lists ----------------------------------------------------------------------
    @property
    def project_accept_file(self) -> Path:
        """The implicit project accept list, read when present and written by the editor's
        "add to dictionary" action when no `accept` file is configured."""
        return self.root / ".newslint" / "accept.txt"

    def accept_files(self) -> tuple[Path, ...]:
        implicit = self.project_accept_file
        return self.accept + ((implicit,) if implicit.is_file() and implicit not in self.accept else ())

    def accept_target(self) -> Path:
        """Where a new accepted word is written."""
        return self.accept[0] if self.accept else self.project_accept_file

    # ---- selection -----------------------------------------------------------------------
    def is_enabled(self, code: str, category: str, default_enabled: bool, path: str | None = None) -> bool:
        chosen = self.select is None and default_enabled or (self.select is not None and _matches(self.select, code, category))
        chosen = chosen or _matches(self.extend_select, code, category)
        if not chosen or _matches(self.ignore, code, category):
            return False
        if path is not None:
            for pattern, codes in self.per_file_ignores:
                if _path_matches(path, pattern, self.root) and _matches(codes, code, category):
                    return False
        return True

    def severity_for(self, code: str, category: str, default: str) -> str:
        best, best_len = default, -1
        for key, sev in self.severity:
            if _matches((key,), code, category):
                weight = len(key) if key != category else 0  # a code beats its category
                if weight > best_len:
                    best, best_len = sev, weight
        return best

    def fingerprint(self) -> str:
        """A hash of everything that can change findings, for the cache."""
        import hashlib  # with the cache only: the language server starts without them
        import json

        parts = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("root", "source")}
        for p in (*self.packs, *self.accept, *self.reject):
            try:
                parts[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError:
                parts[str(p)] = None
        return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()[:16]

    def with_overrides(self, **changes: Any) -> "Config":
        from dataclasses import replace

        return replace(self, **changes)


def _matches(selectors: tuple[str, ...], code: str, category: str) -> bool:
    for s in selectors:
        if s == "ALL" or s == category or code.startswith(s):
            return True
    return False


def _path_matches(path: str, pattern: str, root: Path) -> bool:
    p = Path(path)
    try:
        rel = p.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        rel = p.as_posix()
    return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(p.name, pattern)


# ---- loading ---------------------------------------------------------------------------
_KEYS = {
    "select", "extend-select", "ignore", "extend-ignore", "severity", "per-file-ignores", "packs",
    "accept", "reject", "dialect", "include", "exclude", "extend-exclude", "fail-on",
    "max-file-size", "stories", "languagetool",
}
_LT_KEYS = {"url", "language", "disabled-rules", "timeout"}


def load_config_file(path: Path) -> Config:
    """Read one config file; a pyproject.toml without [tool.newslint] gives the defaults."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("newslint")
        prefix = "tool.newslint."
        if table is None:
            return Config(root=path.parent, source=None)
    else:
        table, prefix = data, ""
    return config_from_mapping(table, root=path.parent, source=path, key_prefix=prefix)


def config_from_mapping(table: Any, *, root: Path, source: Path | None = None, key_prefix: str = "") -> Config:
    """Validate a mapping of options (from a file or an editor) into a Config."""
    if not isinstance(table, dict):
        raise ConfigError(source, key_prefix.rstrip(".") or None, "must be a table")

    def err(key: str, msg: str) -> ConfigError:
        return ConfigError(source, key_prefix + key, msg)

    def strings(key: str) -> tuple[str, ...]:
        val = table.get(key, [])
        if isinstance(val, str):
            val = [val]
        if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
            raise err(key, "must be a list of strings")
        return tuple(val)

    def paths(key: str) -> tuple[Path, ...]:
        return tuple((root / p).resolve() for p in strings(key))

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise err(unknown[0], f"unknown option (known: {', '.join(sorted(_KEYS))})")
    kw: dict[str, Any] = {"root": root, "source": source}
    if "select" in table:
        kw["select"] = strings("select")
    kw["extend_select"] = strings("extend-select")
    kw["ignore"] = strings("ignore") + strings("extend-ignore")
    sev = table.get("severity", {})
    if not isinstance(sev, dict):
        raise err("severity", "must be a table of code or category = severity")
    for k, v in sev.items():
        if v not in SEVERITIES:
            raise err(f"severity.{k}", f"'{v}' is not one of {', '.join(SEVERITIES)}")
    kw["severity"] = tuple(sev.items())
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise err("per-file-ignores", "must be a table of glob = [codes]")
    items = []
    for k, v in pfi.items():
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise err(f"per-file-ignores.{k}", "must be a list of codes or categories")
        items.append((k, tuple(v)))
    kw["per_file_ignores"] = tuple(items)
    kw["packs"] = paths("packs")
    for p in kw["packs"]:
        if not p.exists():
            raise err("packs", f"rule pack not found: {p}")
    kw["accept"], kw["reject"] = paths("accept"), paths("reject")
    for key in ("accept", "reject"):
        for p in kw[key]:
            if not p.is_file():
                raise err(key, f"word list not found: {p}")
    dialect = table.get("dialect", "both")
    if dialect not in DIALECTS:
        raise err("dialect", f"'{dialect}' is not one of {', '.join(DIALECTS)}")
    kw["dialect"] = dialect
    if "include" in table:
        kw["include"] = strings("include")
    kw["exclude"] = (strings("exclude") if "exclude" in table else DEFAULT_EXCLUDE) + strings("extend-exclude")
    fail_on = table.get("fail-on", "error")
    if fail_on not in SEVERITIES:
        raise err("fail-on", f"'{fail_on}' is not one of {', '.join(SEVERITIES)}")
    kw["fail_on"] = fail_on
    mfs = table.get("max-file-size", 10_000_000)
    if not isinstance(mfs, int) or isinstance(mfs, bool) or mfs <= 0:
        raise err("max-file-size", "must be a positive integer (bytes)")
    kw["max_file_size"] = mfs
    stories = table.get("stories", "auto")
    if stories not in ("auto", "front-matter", "off"):
        raise err("stories", "must be 'auto', 'front-matter' or 'off'")
    kw["stories"] = stories
    lt = table.get("languagetool", {})
    if not isinstance(lt, dict):
        raise err("languagetool", "must be a table (url, language, disabled-rules, timeout)")
    bad = sorted(set(lt) - _LT_KEYS)
    if bad:
        raise err(f"languagetool.{bad[0]}", f"unknown option (known: {', '.join(sorted(_LT_KEYS))})")
    url = lt.get("url", "")
    if not isinstance(url, str):
        raise err("languagetool.url", "must be a string")
    timeout = lt.get("timeout", 5.0)
    if not isinstance(timeout, (int, float)) or timeout <= 0:
        raise err("languagetool.timeout", "must be a positive number of seconds")
    disabled = lt.get("disabled-rules", [])
    if not isinstance(disabled, list) or not all(isinstance(x, str) for x in disabled):
        raise err("languagetool.disabled-rules", "must be a list of LanguageTool rule ids")
    kw["languagetool"] = LanguageToolOptions(url=url, language=str(lt.get("language", "en-US")), disabled_rules=tuple(disabled), timeout=float(timeout))
    return Config(**kw)


def find_config_file(start: Path) -> Path | None:
    """The nearest newslint.toml, .newslint.toml or pyproject.toml with [tool.newslint]."""
    start = start.resolve()
    for d in [start, *start.parents] if start.is_dir() else [start.parent, *start.parent.parents]:
        for name in CONFIG_FILES:
            cand = d / name
            if cand.is_file():
                if name != "pyproject.toml" or _has_newslint_table(cand):
                    return cand
    return None


def _has_newslint_table(path: Path) -> bool:
    try:
        return "[tool.newslint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


@lru_cache(maxsize=256)
def _load_cached(path: Path, mtime_ns: int) -> Config:
    return load_config_file(path)


def config_for(path: str | Path | None) -> Config:
    """The configuration that applies to a file or folder (defaults when none is found)."""
    start = Path(path) if path else Path.cwd()
    found = find_config_file(start)
    if found is None:
        root = start.resolve() if start.is_dir() else start.resolve().parent
        return Config(root=root)
    return _load_cached(found, found.stat().st_mtime_ns)


def read_word_list(path: Path) -> list[str]:
    """One word or pattern a line; blank lines and # comments ignored."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


__all__ = ["Config", "ConfigError", "LanguageToolOptions", "config_for", "load_config_file", "config_from_mapping", "find_config_file", "read_word_list", "CATEGORIES"]
