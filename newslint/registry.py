"""The rule registry: built-in Python rules, built-in packs, rules of installed plugins, and
the packs a config adds.

A plugin is an installed Python package that names a module of rules under the entry-point
group ``newslint.rules`` (in its pyproject.toml: ``[project.entry-points."newslint.rules"]
house = "house_rules"``); the module exposes ``RULES: list[Rule]``, as the built-in rule
modules do. Plugins are code the user installed; nothing a repository's config names is
ever imported (packs are data).
"""
from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from newslint.config import Config, ConfigError
from newslint.packs import builtin_packs_dir, load_packs
from newslint.rules.base import Rule

# Modules that define Python rules; each exposes RULES: list[Rule].
RULE_MODULES: tuple[str, ...] = (
    "newslint.rules.boilerplate",
    "newslint.rules.line_model",
    "newslint.rules.templates",
    "newslint.rules.numbers",
    "newslint.rules.attribution",
    "newslint.rules.spelling",
    "newslint.rules.repetition",
    "newslint.rules.entities",
    "newslint.rules.languagetool",
)


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for name in RULE_MODULES:
        rules.extend(importlib.import_module(name).RULES)
    rules.extend(load_packs([builtin_packs_dir()]))
    _check_unique(rules)
    return tuple(sorted(rules, key=lambda r: r.code))


PLUGIN_GROUP = "newslint.rules"


def _any_plugin_installed() -> bool:
    """Does any installed distribution declare a ``newslint.rules`` entry point? A look at
    the ``entry_points.txt`` files on ``sys.path`` (about a millisecond), so that a run with
    no plugin never pays for ``importlib.metadata``'s full scan (about 90 ms here)."""
    for base in sys.path:
        try:
            entries = os.scandir(base or ".")
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.endswith((".dist-info", ".egg-info")):
                    try:
                        with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8") as fh:
                            if PLUGIN_GROUP in fh.read():
                                return True
                    except OSError:
                        continue
    return False


@lru_cache(maxsize=1)
def plugin_rules() -> tuple[Rule, ...]:
    """The rules of installed plugins (entry points of ``PLUGIN_GROUP``)."""
    if not _any_plugin_installed():
        return ()
    from importlib.metadata import entry_points

    rules: list[Rule] = []
    for ep in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            module = ep.load()
            found = list(module.RULES)
        except Exception as exc:  # a broken plugin is a configuration error, named
            raise ConfigError(None, None, f"plugin {ep.name!r} ({ep.value}) cannot be loaded: {exc}") from None
        for r in found:
            if not isinstance(r, Rule):
                raise ConfigError(None, None, f"plugin {ep.name!r}: RULES holds {r!r}, not a newslint Rule")
            if r.origin == "built-in":
                r.origin = f"plugin {ep.name}"
        rules.extend(found)
    return tuple(rules)


@lru_cache(maxsize=64)
def _extra(packs: tuple[Path, ...], stamps: tuple[int, ...]) -> tuple[Rule, ...]:
    return tuple(load_packs(packs))


def all_rules(config: Config | None = None) -> tuple[Rule, ...]:
    """Every rule known under ``config`` (enabled or not), sorted by code."""
    rules = builtin_rules()
    plugins = plugin_rules()
    if plugins:
        merged = [*rules, *plugins]
        _check_unique(merged)
        rules = tuple(sorted(merged, key=lambda r: r.code))
    if config is not None and config.packs:
        stamps = tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in config.packs)
        extra = _extra(config.packs, stamps)
        merged = list(rules) + list(extra)
        _check_unique(merged)
        rules = tuple(sorted(merged, key=lambda r: r.code))
    return rules


def enabled_rules(config: Config, path: str | None = None) -> list[Rule]:
    check_selectors(config)
    if not config.per_file_ignores:
        return list(_enabled_for(config))  # the same for every file: computed once per config
    return list(in_run_order(r for r in all_rules(config) if config.is_enabled(r.code, r.category, r.default_enabled, path)))


@lru_cache(maxsize=64)
def _enabled_for(config: Config) -> tuple[Rule, ...]:
    return in_run_order(r for r in all_rules(config) if config.is_enabled(r.code, r.category, r.default_enabled))


def in_run_order(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Code order, except that a rule declaring ``after`` (it reads other rules' findings)
    runs once all the rules that declare nothing have run."""
    return tuple(sorted(rules, key=lambda r: (bool(r.after), r.code)))


def find_rule(code_or_name: str, config: Config | None = None) -> Rule | None:
    key = code_or_name.strip()
    for r in all_rules(config):
        if key.upper() in (c.upper() for c in r.codes()) or key == r.name:
            return r
    return None


def _check_unique(rules: list[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for r in rules:
        for c in r.codes():
            if c in seen and seen[c] is not r:
                raise ConfigError(r.origin, "code", f"rule code {c} is already used by {seen[c].name} ({seen[c].origin})")
            seen[c] = r


# ---- selectors --------------------------------------------------------------------------------
def _selector_names(config: Config | None) -> tuple[set[str], list[str]]:
    """(every code, the names a selector may take: ALL, categories, codes, family prefixes)."""
    from newslint.finding import CATEGORIES

    codes = {c for r in all_rules(config) for c in r.codes()}
    prefixes = {c[:k] for c in codes for k in range(3, len(c))}
    return codes, ["ALL", *CATEGORIES, *sorted(prefixes), *sorted(codes)]


def unknown_selector(value: str, config: Config | None = None) -> str | None:
    """None when ``value`` selects something (``ALL``, a category, a code or a prefix of
    one); otherwise a message naming the closest valid selectors."""
    import difflib

    codes, names = _selector_names(config)
    if value in names or any(c.startswith(value) for c in codes):
        return None
    close = difflib.get_close_matches(value, names, n=3, cutoff=0.6) or difflib.get_close_matches(value.upper(), names, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "; `newslint rules` lists the codes"
    return f"unknown rule selector {value!r}{hint}"


@lru_cache(maxsize=64)
def check_selectors(config: Config) -> None:
    """Every selector of ``config`` must select something: a misspelt category or code
    would otherwise turn checks off without a word (ruff refuses them the same way)."""
    fields = [("select", config.select or ()), ("extend-select", config.extend_select), ("ignore", config.ignore),
              ("severity", tuple(k for k, _ in config.severity))]
    fields += [(f"per-file-ignores.{glob}", codes) for glob, codes in config.per_file_ignores]
    for key, values in fields:
        for v in values:
            problem = unknown_selector(v, config)
            if problem:
                raise ConfigError(config.source, key, problem)
