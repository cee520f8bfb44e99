"""The rule registry: built-in Python rules, built-in packs, and the packs a config adds."""
from __future__ import annotations

import importlib
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


@lru_cache(maxsize=64)
def _extra(packs: tuple[Path, ...], stamps: tuple[int, ...]) -> tuple[Rule, ...]:
    return tuple(load_packs(packs))


def all_rules(config: Config | None = None) -> tuple[Rule, ...]:
    """Every rule known under ``config`` (enabled or not), sorted by code."""
    rules = builtin_rules()
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
