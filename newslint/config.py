"""Configuration: `[tool.newslint]` in pyproject.toml or a newslint.toml, found upward.

One :class:`Config` drives the command, the language server and the API. A broken file is
a :class:`ConfigError` naming the file and the key; the command turns it into exit code 2.
"""
from __future__ import annotations

import difflib
import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import msgspec

from newslint.finding import CATEGORIES, SEVERITIES, Severity

CONFIG_FILES = ("newslint.toml", ".newslint.toml", "pyproject.toml")
DIALECTS = ("both", "en_US", "en_GB")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")
CACHE_DIR_NAME = ".newslint_cache"  # the findings cache (newslint.cache), beside the config
# hidden folders (.git, .venv, the cache) are skipped anyway; these are the usual others
DEFAULT_EXCLUDE = ("venv", "node_modules", "__pycache__", "site-packages", "dist", "build")
T = TypeVar("T")


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
    """How the LanguageTool backend runs: ``url`` empty means nothing is sent anywhere.
    ``refused_url``: a server a project config named that the user has not trusted."""

    url: str = ""
    language: str = "en-US"
    disabled_rules: tuple[str, ...] = ()
    timeout: float = 5.0
    refused_url: str = ""


@dataclass(frozen=True)
class Config:
    """Resolved options. Paths inside are absolute (relative ones resolve against ``root``)."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None  # the file this came from, if any
    select: tuple[str, ...] | None = None  # None: every rule that is on by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # (code/category/prefix, severity)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    packs: tuple[Path, ...] = ()
    accept: tuple[Path, ...] = ()
    reject: tuple[Path, ...] = ()
    accept_words: tuple[str, ...] = ()  # inline extras (editor settings)
    dialect: str = "both"
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
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

    def accept_target(self) -> Path:
        """Where a new accepted word is written."""
        return self.accept[0] if self.accept else self.project_accept_file

    # ---- selection -----------------------------------------------------------------------
    def is_enabled(self, code: str, category: str, default_enabled: bool, path: str | None = None) -> bool:
        chosen = (self.select is None and default_enabled) or (self.select is not None and _matches(self.select, code, category))
        chosen = chosen or _matches(self.extend_select, code, category)
        if not chosen or _matches(self.ignore, code, category):
            return False
        if path is not None:
            for pattern, codes in self.per_file_ignores:
                if _path_matches(path, pattern, self.root) and _matches(codes, code, category):
                    return False
        return True

    def severity_for(self, code: str, category: str, default: Severity) -> Severity:
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
        files = [*self.accept, *self.reject, self.project_accept_file]
        for pack in self.packs:
            files.extend(sorted(pack.glob("*.toml")) if pack.is_dir() else [pack])
        for p in files:
            try:
                parts[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError:
                parts[str(p)] = None
        return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()[:16]

    def with_overrides(self, **changes: Any) -> Config:
        from dataclasses import replace

        return replace(self, **changes)


def _matches(selectors: tuple[str, ...], code: str, category: str) -> bool:
    return any(s in ("ALL", category) or code.startswith(s) for s in selectors)


def _path_matches(path: str, pattern: str, root: Path) -> bool:
    p = Path(path)
    try:
        rel = p.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        rel = p.as_posix()
    return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(p.name, pattern)


# ---- loading ---------------------------------------------------------------------------
# The schema of a config file, declared once: msgspec validates a parsed TOML table against
# it (types, allowed values, unknown keys) and reports where it failed; ``ConfigError`` turns
# that into "file: key 'tool.newslint.x': message". Keys are spelled as in the file (kebab).
Selectors = list[str]


def _doc(text: str, **constraints: Any) -> msgspec.Meta:
    """A key's one-line documentation (the docs site and `newslint.schema.json` print it)."""
    return msgspec.Meta(description=text, **constraints)


class LanguageToolTable(msgspec.Struct, forbid_unknown_fields=True, rename="kebab", frozen=True):
    url: Annotated[str, _doc("Your LanguageTool server, e.g. `http://localhost:8081`. Off when empty. A project's url is used only when you trust it (see `trusted-urls`).")] = ""
    language: Annotated[str, _doc("The language code sent to the server.")] = "en-US"
    disabled_rules: Annotated[list[str], _doc("LanguageTool rule ids not to report.")] = []
    timeout: Annotated[float, _doc("Seconds to wait for the server before going on without it.", gt=0, le=3600)] = 5.0
    trusted_urls: Annotated[list[str], _doc("User config only: project-configured servers you allow text to be sent to.")] = []


class ConfigTable(msgspec.Struct, forbid_unknown_fields=True, rename="kebab"):
    select: Annotated[Selectors | None, _doc("Codes (`NL102`), prefixes (`NL1`) or categories (`typo`) to check; default: every rule that is on by default.")] = None
    extend_select: Annotated[Selectors, _doc("Selectors added to `select` (e.g. rules that are off by default).")] = []
    ignore: Annotated[Selectors, _doc("Selectors never to report.")] = []
    extend_ignore: Annotated[Selectors, _doc("Selectors added to `ignore`.")] = []
    severity: Annotated[dict[str, Literal["error", "warning", "info", "hint"]], _doc("Severity per selector: `{ NL104 = \"error\", attribution = \"info\" }`; a code beats its category.")] = {}
    per_file_ignores: Annotated[dict[str, Selectors], _doc("Glob (relative to the config) = selectors to ignore in matching files.")] = {}
    packs: Annotated[list[str], _doc("Extra rule packs: TOML files or folders of them.")] = []
    accept: Annotated[list[str], _doc("Word lists of accepted spellings (one word or pattern a line); default `.newslint/accept.txt`.")] = []
    reject: Annotated[list[str], _doc("Word lists of spellings always reported.")] = []
    dialect: Annotated[Literal["both", "en_US", "en_GB"], _doc("Which spellings are correct: American, British or both.")] = "both"
    include: Annotated[list[str] | None, _doc("File name globs checked inside folders.")] = None
    exclude: Annotated[list[str] | None, _doc("Folder and file name globs never walked (replaces the defaults).")] = None
    extend_exclude: Annotated[list[str], _doc("Globs added to `exclude`.")] = []
    respect_gitignore: Annotated[bool, _doc("Skip what `.gitignore` and `.ignore` files ignore.")] = True
    fail_on: Annotated[Literal["error", "warning", "info", "hint"], _doc("The lowest severity that makes `check` exit 1.")] = "error"
    max_file_size: Annotated[int, _doc("Files larger than this many bytes are refused with a message.", gt=0)] = 10_000_000
    stories: Annotated[Literal["auto", "front-matter", "off"], _doc("How articles are grouped into stories for cross-article checks.")] = "auto"
    languagetool: Annotated[LanguageToolTable, _doc("The optional grammar server (NL250).")] = LanguageToolTable()


CONFIG_KEYS = tuple(f.encode_name for f in msgspec.structs.fields(ConfigTable))
LANGUAGETOOL_KEYS = tuple(f.encode_name for f in msgspec.structs.fields(LanguageToolTable))
_LIST_KEYS = {"select", "extend-select", "ignore", "extend-ignore", "packs", "accept", "reject", "include", "exclude", "extend-exclude"}
_PATH = re.compile(r" - at `\$((?:\.[^.\[`]+|\[\d+\]|\[\.\.\.\])*)`$")


def validate_table(table: Any, table_type: type[T], *, source: Path | str | None, key_prefix: str = "") -> T:
    """``table`` checked against ``table_type``; a ``ConfigError`` naming the key otherwise."""
    if not isinstance(table, dict):
        raise ConfigError(source, key_prefix.rstrip(".") or None, "must be a table")
    try:
        return msgspec.convert(table, table_type)
    except msgspec.ValidationError as exc:
        raise _config_error(str(exc), table, table_type, source, key_prefix) from None


def _config_error(text: str, table: dict[str, Any], table_type: type, source: Path | str | None, key_prefix: str) -> ConfigError:
    m = _PATH.search(text)
    where = (m.group(1) if m else "").lstrip(".").replace(".[", "[")
    message = text[: m.start()] if m else text
    if "[...]" in where:
        where = _name_dict_keys(where, table)
    unknown = re.match(r"Object contains unknown field `([^`]+)`", message)
    if unknown:
        name = unknown.group(1)
        where = f"{where}.{name}" if where else name
        known = _known_keys(table_type, where.rsplit(".", 1)[0] if "." in where else "")
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        message = f"unknown option{hint} (known: {', '.join(sorted(known))})"
    else:
        message = message[:1].lower() + message[1:]
        message = message.replace("invalid enum value", "not an allowed value:")
    return ConfigError(source, key_prefix + where if where else key_prefix.rstrip(".") or None, message)


def _name_dict_keys(where: str, table: dict[str, Any]) -> str:
    """msgspec writes a table key as ``[...]``: put back the first key whose value is wrong
    (one that a value of the right kind would not have: not a string, not allowed)."""
    out: list[str] = []
    node: Any = table  # a table, a list or a value, as the path goes down
    for part in re.findall(r"\[\.\.\.\]|\[\d+\]|[^.\[]+", where):
        if part == "[...]" and isinstance(node, dict):
            bad = next((k for k, v in node.items() if not _plain_ok(v)), next(iter(node), "?"))
            out.append(f".{bad}")
            node = node.get(bad)
        elif part.startswith("[") and isinstance(node, list):
            out.append(part)
            i = int(part[1:-1])
            node = node[i] if i < len(node) else None
        else:
            out.append(f".{part}")
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(out).lstrip(".")


def _plain_ok(value: Any) -> bool:
    """A table value newslint takes: a severity name, or a list of strings."""
    if isinstance(value, str):
        return value in SEVERITIES
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _known_keys(table_type: type, parent: str) -> list[str]:
    tp: Any = table_type
    for part in filter(None, parent.split(".")):
        field = next((f for f in msgspec.structs.fields(tp) if f.encode_name == part), None)
        if field is None or not isinstance(field.type, type) or not issubclass(field.type, msgspec.Struct):
            return []
        tp = field.type
    return [f.encode_name for f in msgspec.structs.fields(tp) if f.encode_name != "trusted-urls"]


def load_config_file(path: Path) -> Config:
    """Read one config file; a pyproject.toml without [tool.newslint] gives the defaults."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(path, "tool", "must be a table")
        table = tool.get("newslint")
        if table is None:
            return Config(root=path.parent, source=None)
        prefix = "tool.newslint."
    else:
        table, prefix = data, ""
    return config_from_mapping(table, root=path.parent, source=path, key_prefix=prefix)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read: {exc}") from None


def config_from_mapping(table: Any, *, root: Path, source: Path | None = None, key_prefix: str = "", trusted: bool = False) -> Config:
    """Validate a mapping of options (from a file or an editor) into a Config. ``trusted``:
    the mapping is the user's own (an editor setting), so its LanguageTool url is used as
    given; a project file's url is used only when the user trusts it (``languagetool_url``)."""
    if isinstance(table, dict):  # a single string where a list is expected: a list of one
        table = {k: [v] if k in _LIST_KEYS and isinstance(v, str) else v for k, v in table.items()}
        if "languagetool" in table and "trusted-urls" in (table["languagetool"] or {}) and not trusted:
            raise ConfigError(source, key_prefix + "languagetool.trusted-urls",
                              f"may only be set in your own config ({user_config_path()}), not a project's")
    t = validate_table(table, ConfigTable, source=source, key_prefix=key_prefix)

    def paths(key: str, values: list[str]) -> tuple[Path, ...]:
        return tuple((root / p).resolve() for p in values)

    packs = paths("packs", t.packs)
    for p in packs:
        if not p.exists():
            raise ConfigError(source, key_prefix + "packs", f"rule pack not found: {p}")
    accept, reject = paths("accept", t.accept), paths("reject", t.reject)
    for key, found in (("accept", accept), ("reject", reject)):
        for p in found:
            if not p.is_file():
                raise ConfigError(source, key_prefix + key, f"word list not found: {p}")
    lt = t.languagetool
    return Config(
        root=root, source=source,
        select=tuple(t.select) if t.select is not None else None,
        extend_select=tuple(t.extend_select),
        ignore=tuple(t.ignore) + tuple(t.extend_ignore),
        severity=tuple(t.severity.items()),
        per_file_ignores=tuple((k, tuple(v)) for k, v in t.per_file_ignores.items()),
        packs=packs, accept=accept, reject=reject, dialect=t.dialect,
        include=tuple(t.include) if t.include is not None else DEFAULT_INCLUDE,
        exclude=(tuple(t.exclude) if t.exclude is not None else DEFAULT_EXCLUDE) + tuple(t.extend_exclude),
        respect_gitignore=t.respect_gitignore, fail_on=t.fail_on, max_file_size=t.max_file_size, stories=t.stories,
        languagetool=languagetool_options(lt, trusted=trusted),
    )


# ---- where text may be sent ----------------------------------------------------------------
def user_config_path() -> Path:
    """The user's own config: ``$XDG_CONFIG_HOME/newslint/newslint.toml`` (``~/.config``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "newslint" / "newslint.toml"


@lru_cache(maxsize=8)
def _user_languagetool(path: Path, stamp: int) -> LanguageToolTable:
    if not stamp:
        return LanguageToolTable()
    data = _read_toml(path)
    other = sorted(set(data) - {"languagetool"})
    if other:
        raise ConfigError(path, other[0], "only [languagetool] is read from the user config")
    return validate_table(data.get("languagetool", {}), LanguageToolTable, source=path, key_prefix="languagetool.")


def user_languagetool() -> LanguageToolTable:
    """The ``[languagetool]`` table of the user's own config (defaults when there is none)."""
    path = user_config_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _user_languagetool(path, stamp)


def _norm_url(url: str) -> str:
    return url.strip().rstrip("/").lower()


def languagetool_options(table: LanguageToolTable, *, trusted: bool) -> LanguageToolOptions:
    """The LanguageTool options a run uses. Text leaves the machine only for a server the
    user named: ``NEWSLINT_LANGUAGETOOL_URL``, the user config's ``url``, an editor setting
    (``trusted``), or a project's ``url`` that the user lists in ``trusted-urls`` (user config,
    or ``NEWSLINT_LANGUAGETOOL_TRUSTED_URLS``, comma-separated). Any other project url is kept
    in ``refused_url`` so the rule can say why nothing was sent."""
    user = user_languagetool()
    env_url = os.environ.get("NEWSLINT_LANGUAGETOOL_URL", "").strip()
    common: dict[str, Any] = {"language": table.language, "disabled_rules": tuple(table.disabled_rules), "timeout": table.timeout}
    if env_url:
        return LanguageToolOptions(url=env_url, **common)
    if not table.url or trusted:
        return LanguageToolOptions(url=table.url or user.url, **common)
    allowed = {_norm_url(u) for u in user.trusted_urls}
    allowed |= {_norm_url(u) for u in os.environ.get("NEWSLINT_LANGUAGETOOL_TRUSTED_URLS", "").split(",") if u.strip()}
    if user.url:
        allowed.add(_norm_url(user.url))
    if _norm_url(table.url) in allowed:
        return LanguageToolOptions(url=table.url, **common)
    return LanguageToolOptions(url="", refused_url=table.url, **common)


def find_config_file(start: Path) -> Path | None:
    """The nearest newslint.toml, .newslint.toml or pyproject.toml with [tool.newslint]."""
    start = start.resolve()
    for d in [start, *start.parents] if start.is_dir() else [start.parent, *start.parent.parents]:
        for name in CONFIG_FILES:
            cand = d / name
            if cand.is_file() and (name != "pyproject.toml" or _has_newslint_table(cand)):
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


#: what a language server says when it carries on without a broken configuration file
DEFAULTS_UNTIL_FIXED = "(using the default configuration until it is fixed)"


def config_or_defaults(path: str | Path | None) -> tuple[Config, str | None]:
    """``config_for(path)``, or, when the configuration is broken, the defaults rooted there
    and the error to show: an editor keeps checking while the user fixes the file."""
    try:
        return config_for(path), None
    except ConfigError as exc:
        start = Path(path) if path else Path.cwd()
        return Config(root=start if start.is_dir() else start.parent), f"{exc} {DEFAULTS_UNTIL_FIXED}"


def read_word_list(path: Path) -> list[str]:
    """One word or pattern a line; blank lines and # comments ignored."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


__all__ = ["Config", "ConfigError", "LanguageToolOptions", "config_for", "load_config_file", "config_from_mapping", "find_config_file", "read_word_list", "CATEGORIES"]
