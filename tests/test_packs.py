"""Rule packs as data: validation errors, the regex time limit, and every pack example."""
from __future__ import annotations

from pathlib import Path

import pytest

import newslint
from newslint.config import Config, ConfigError
from newslint.packs import builtin_packs_dir, load_pack
from newslint.registry import builtin_rules

PACK = '[[rules]]\ncode = "T001"\nname = "t"\ncategory = "style"\n'


def test_bad_pattern_names_file_and_key(tmp_path: Path):
    f = tmp_path / "p.toml"
    f.write_text(PACK + 'patterns = ["ok", "(unclosed"]\n')
    with pytest.raises(ConfigError) as exc:
        load_pack(f)
    assert exc.value.key == "rules[0].patterns[1]" and str(f) in str(exc.value)


@pytest.mark.parametrize("extra, key", [('category = "x"\n', None), ('severity = "loud"\n', "rules[0].severity"), ('colour = 1\n', "rules[0].colour")])
def test_pack_validation(tmp_path: Path, extra: str, key: str | None):
    f = tmp_path / "p.toml"
    f.write_text(PACK.replace('category = "style"\n', "") + extra + ('category = "style"\n' if "category" not in extra else ""))
    with pytest.raises(ConfigError):
        load_pack(f)


def test_catastrophic_pattern_is_stopped_by_the_time_limit(tmp_path: Path):
    f = tmp_path / "p.toml"
    f.write_text(PACK + 'scope = "document"\npatterns = ["(a|aa)+$"]\n')
    (tmp_path / "newslint.toml").write_text('packs = ["p.toml"]\n')
    text = "a" * 60 + "!"
    with pytest.raises(ConfigError, match="took longer"):
        newslint.lint_text(text, path=str(tmp_path / "s.txt"))


def test_builtin_packs_are_found_and_load():
    assert (builtin_packs_dir() / "boilerplate.toml").is_file()
    codes = [r.code for r in builtin_rules()]
    assert len(codes) == len(set(codes)) and "NL101" in codes


@pytest.mark.parametrize("rule", [r for r in builtin_rules() if r.examples_bad or r.examples_good], ids=lambda r: r.code)
def test_every_rule_example(rule):
    """Harper-style: the examples next to each rule must fire / must stay quiet."""
    cfg = Config(select=(rule.code,))
    for text in rule.examples_bad:
        assert any(f.code in rule.codes() for f in newslint.lint_text(text, config=cfg)), f"{rule.code} should fire on {text!r}"
    for text in rule.examples_good:
        assert not newslint.lint_text(text, config=cfg), f"{rule.code} should stay quiet on {text!r}"


def test_every_rule_has_an_explanation():
    for r in builtin_rules():
        assert r.code and r.name and r.category and len(r.explanation.strip()) > 80, r.code
