"""Rule packs as data: validation errors, the regex time limit, and every pack example."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import newslint
from newslint.config import Config, ConfigError
from newslint.packs import builtin_packs_dir, load_pack
from newslint.registry import builtin_rules
from tests.conftest import run_cli

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


def test_catastrophic_pattern_skips_its_rule_on_that_file_only(tmp_path: Path):
    """A pattern that backtracks without end is stopped by the time limit; its rule is skipped
    on that file with a warning, and every other rule and file still gets its findings."""
    f = tmp_path / "p.toml"
    f.write_text(PACK + 'scope = "document"\npatterns = ["(a|aa)+$"]\n')
    (tmp_path / "newslint.toml").write_text('packs = ["p.toml"]\n')
    text = "a" * 60 + "!\n\n- Advertisement -\n"
    with pytest.warns(newslint.NewslintWarning, match="T001 .* skipped on this file"):
        found = newslint.lint_text(text, path=str(tmp_path / "s.txt"))
    assert "NL102" in [x.code for x in found] and "T001" not in [x.code for x in found]
    (tmp_path / "slow.txt").write_text(text)
    (tmp_path / "fine.txt").write_text("The council met, and the the vote was close.\n")
    r = run_cli("check", "--no-cache", "--format", "json", str(tmp_path))
    assert r.returncode == 0, r.stderr  # a warning, not an error: the run is not broken
    assert r.stderr.count("skipped on this file") == 1 and "slow.txt" in r.stderr
    codes = [(Path(x["path"]).name, x["code"]) for x in json.loads(r.stdout)]
    assert ("slow.txt", "NL102") in codes and ("fine.txt", "NL202") in codes and "T001" not in {c for _, c in codes}


def test_an_internal_error_of_one_rule_skips_that_rule_only(monkeypatch):
    """A bug of one rule on one text (an exception it did not expect) is a warning naming the
    rule and the error; every other rule still reports, and NEWSLINT_DEBUG=1 raises it."""
    from newslint.rules.numbers import NumbersConflict

    def broken(self, doc, ctx):
        raise ValueError("ordinal must be >= 1")

    monkeypatch.setattr(NumbersConflict, "check", broken)
    text = "The council met on Monday, and the the vote was close.\n\n- Advertisement -\n"
    with pytest.warns(newslint.NewslintWarning, match=r"NL401 .* internal error \(ValueError: ordinal must be >= 1\)"):
        found = newslint.lint_text(text, path="s.txt")
    assert {"NL102", "NL202"} <= {x.code for x in found}
    monkeypatch.setenv("NEWSLINT_DEBUG", "1")
    with pytest.raises(ValueError):
        newslint.lint_text(text, path="s.txt")


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


# ---- triggers ---------------------------------------------------------------------------------
def _pack_rules_with_triggers():
    return [r for r in builtin_rules() if getattr(r, "triggers", None) and hasattr(r, "_sources")]


def test_bad_triggers_are_rejected(tmp_path: Path):
    f = tmp_path / "p.toml"
    for bad in ('"x"', '[""]', "[1]"):
        f.write_text(PACK + f'patterns = ["ok"]\ntriggers = {bad}\n')
        with pytest.raises(ConfigError) as exc:
            load_pack(f)
        assert exc.value.key.startswith("rules[0].triggers")


def test_triggers_gate_the_patterns(tmp_path: Path):
    f = tmp_path / "p.toml"
    f.write_text(PACK + 'extends = "line"\npatterns = ["sign\\\\s*up"]\ntriggers = ["Sign"]\n')
    (rule,) = load_pack(f)
    assert rule.triggers == ("sign",)
    (tmp_path / "newslint.toml").write_text('packs = ["p.toml"]\n')
    cfg_path = str(tmp_path / "s.txt")
    assert [x.code for x in newslint.lint_text("SIGNUP\n", path=cfg_path)] == ["T001"]


def test_builtin_packs_compile():
    for r in builtin_rules():
        if hasattr(r, "_sources"):
            assert r._sources == [] or r.pattern is not None
            r.exceptions  # noqa: B018 (compiles)


@pytest.mark.parametrize("rule", _pack_rules_with_triggers(), ids=lambda r: r.code)
def test_trigger_in_every_bad_example(rule):
    from newslint.rules.lines import fold_case

    for text in rule.examples_bad:
        assert any(t in fold_case(text) for t in rule.triggers), f"{rule.code}: no trigger in {text!r}"


@pytest.mark.parametrize("rule", _pack_rules_with_triggers(), ids=lambda r: r.code)
def test_every_pattern_holds_a_trigger(rule):
    """Each token and pattern of a rule with triggers spells one of them out (regex escapes
    removed): a pattern with no fixed word cannot have triggers."""
    import tomllib

    data = tomllib.loads((builtin_packs_dir() / Path(rule.origin).name).read_text(encoding="utf-8"))
    spec = next(s for s in data["rules"] if s["code"] == rule.code)
    for src in [*spec.get("tokens", []), *spec.get("patterns", [])]:
        plain = re.sub(r"\\(.)", r"\1", src).lower()
        assert any(t in plain for t in rule.triggers), f"{rule.code}: no trigger in {src!r}"


def test_fold_case_matches_regex_case_folding():
    """fold_case folds every character that `regex` matches case-insensitively with a
    character of another lowercase form, so a trigger is found wherever a pattern matches."""
    import regex

    from newslint.rules.lines import fold_case

    cased = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000
             and (chr(i).lower() != chr(i) or chr(i).upper() != chr(i))]
    every = "".join(cased)
    for c in cased:
        for d in regex.findall(regex.escape(c), every, regex.IGNORECASE):
            assert fold_case(c) == fold_case(d), (c, d)


def test_trigger_scan_finds_what_each_line_holds():
    """The line rules find their triggers with str.find over the short lines joined; that
    must give, line by line, the triggers ``_triggered`` sees (and in the rule's order)."""
    from newslint.document import Document
    from newslint.rules.lines import fold_case, line_table, short_lines

    text = (
        "Leave a Reply\n\nΣΟΦΟΣ ΚΑΙ ſign up to our newsletter\n\n\tREAD MORE: the council  met\n"
        "comments\nAd\n" + "A long paragraph of body prose with many words in it, " * 4 + "ends here.\n"
        "İstanbul related: more\n-\n"
    )
    rules = [r for r in builtin_rules() if getattr(r, "kind", None) == "line" and r.triggers]
    for src in (text, text.replace("\n", "\r\n")):
        doc = Document.from_text(src, "a.txt")
        lines, _, low, starts = short_lines(doc, 0)
        assert [li.index for li in sorted(lines)] == [li.index for li in line_table(doc) if li.text]
        for rule in rules:
            got = rule._trigger_lines(low, starts, len(lines))
            want = {k: [t for t in rule.triggers if t in fold_case(li.text)] for k, li in enumerate(lines)}
            assert got == {k: ts for k, ts in want.items() if ts}, rule.code


@pytest.mark.parametrize("body", [
    'extends = "substitution"\nswap = { "x*" = "y" }\nfix.safety = "safe"\n',  # would fill the text with "y"
    'patterns = ["(?=council)"]\n',
    'patterns = ["\\\\b"]\n',
    'patterns = ["colou?r|"]\n',
])
def test_a_pattern_that_can_match_empty_text_is_a_load_error(tmp_path: Path, body: str):
    f = tmp_path / "p.toml"
    f.write_text(PACK + body)
    if "swap" in body:  # a swap key is a phrase, not a pattern: "x*" is the literal text "x*"
        (_rule,) = load_pack(f)
        assert newslint.fix_text("The council met.\n", config=Config(packs=(f,)))[0] == "The council met.\n"
        return
    with pytest.raises(ConfigError, match="can match empty text") as exc:
        load_pack(f)
    assert exc.value.key == "rules[0].patterns[0]" and str(f) in str(exc.value)


def test_triggers_must_match_the_patterns(tmp_path: Path):
    f = tmp_path / "p.toml"
    f.write_text(PACK + 'patterns = ["sign\\\\s*up", "newsletter"]\ntriggers = ["sign"]\n')
    with pytest.raises(ConfigError, match="'newsletter' holds none of the triggers") as exc:
        load_pack(f)
    assert exc.value.key == "rules[0].triggers" and str(f) in str(exc.value)
    f.write_text(PACK + 'patterns = ["sign\\\\s*up"]\ntriggers = ["sign", "subscribe"]\n')
    with pytest.raises(ConfigError, match="trigger 'subscribe' is in none"):
        load_pack(f)
