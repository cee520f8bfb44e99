"""The rule registry: built-in Python rules, built-in packs, and the packs a config adds."""
from __future__ import annotations

import importlib
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
    if not config.per_file_ignores:
        return list(_enabled_for(config))  # the same for every file: computed once per config
    return [r for r in all_rules(config) if config.is_enabled(r.code, r.category, r.default_enabled, path)]


@lru_cache(maxsize=64)
def _enabled_for(config: Config) -> tuple[Rule, ...]:
    return tuple(r for r in all_rules(config) if config.is_enabled(r.code, r.category, r.default_enabled))


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
