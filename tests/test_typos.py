"""Typo rules: spelling (NL201), doubled words (NL202), doubled punctuation (NL203), extra
spaces (NL204). Names and British spellings stay quiet; lowercase misspellings are caught."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import newslint
from newslint.config import Config
from newslint.registry import builtin_rules

SHARED = Path(__file__).resolve().parents[2] / "shared"
SPELL = Config(select=("NL201",))


def spelled(text: str, config: Config = SPELL) -> list[str]:
    return [text[f.start:f.end] for f in newslint.lint_text(text, config=config) if f.code == "NL201"]


# ---- spelling -----------------------------------------------------------------------------------
def test_names_and_british_spellings_are_quiet() -> None:
    text = ("Antony Blinken met Xi Jinping, and Wu Xinbo and Chidi Nwachukwu spoke to Anna "
            "Zielińska. The endeavour was emphasised in the defence review; 4 per cent of the "
            "programme's colour was organised. NATO, the IAEA and UNESCO agreed.")
    assert spelled(text) == []


def test_lowercase_misspelling_is_caught_with_suggestions() -> None:
    text = "The minister was politite but firm.\n"
    [f] = [f for f in newslint.lint_text(text, config=SPELL)]
    assert text[f.start:f.end] == "politite"
    assert f.message == "Unknown word 'politite': did you mean 'polite'?"
    assert f.fix is not None and f.fix.edits[0].text == "polite"
    # each replacement once: the fix carries the first, the suggestions the others
    assert "polite" not in f.data["suggestions"] and f.data["suggestions"]
    assert len(set(f.data["suggestions"])) == len(f.data["suggestions"])


def test_spelling_fixes_are_never_safe() -> None:
    [f] = newslint.lint_text("The goverment said no.\n", config=SPELL)
    assert f.fix is not None and f.fix.safety == "unsafe" and f.fix.edits[0].text == "government"
    assert newslint.fix_text("The goverment said no.\n", config=SPELL) == ("The goverment said no.\n", 0)


def test_ambiguous_correction_is_unsafe() -> None:
    [f] = newslint.lint_text("The nober was wrong.\n", config=SPELL)
    assert f.fix is not None and f.fix.safety == "unsafe"
    assert newslint.fix_text("The nober was wrong.\n", config=SPELL)[1] == 0


def test_sentence_initial_slip_of_a_common_word_is_caught_but_not_a_name() -> None:
    assert spelled("Goverment officials met on Monday.") == ["Goverment"]
    assert spelled("Anker also sells chargers. Cristian Garin won.") == []


def test_hyphenated_compounds_are_checked_by_parts() -> None:
    assert spelled("The well-knwon author and the co-founder spoke.") == ["knwon"]
    assert spelled("A pre-packaged, state-of-the-art, anti-inflammatory drug.") == []
    assert spelled("Liu Fu-kuo spoke.") == []


@pytest.mark.parametrize("text", [
    "The government's plan and the teachers' union.",
    "The government’s plan, it’s clear, won’t pass; they're sure.",
    "He didn't know, and she couldn’t say.",
])
def test_possessives_contractions_and_curly_apostrophes(text: str) -> None:
    assert spelled(text) == []


def test_misspelt_possessive_is_caught() -> None:
    assert spelled("The goverment’s plan failed.") == ["goverment’s"]


def test_sic_silences_a_word() -> None:
    assert spelled("The sign read 'recieve' [sic] in large letters.") == []
    assert spelled("The sign read recieve (sic) in large letters.") == []
    assert spelled("The sign read recieve in large letters.") == ["recieve"]


def test_non_words_stay_quiet() -> None:
    text = ("Mail press@example.com, see https://example.com/a-b or example.org, follow @newsdsk "
            "and #electon2024, add 1 tsp and 500 ml, the 176 hp engine, a 5km run, "
            "Tritrichomonas muris, T. muris, Jakob von Moltke, the iPhone and 中文 text.")
    assert spelled(text) == []


def test_code_and_front_matter_are_not_checked(tmp_path: Path) -> None:
    text = "---\ntitle: Teh recieve\n---\n\nRun `recieve --teh` now.\n\n    recieve()\n"
    assert newslint.lint_text(text, path=str(tmp_path / "a.md"), config=SPELL) == []


def test_accept_list_file_and_pattern(tmp_path: Path) -> None:
    (tmp_path / ".newslint").mkdir()
    (tmp_path / ".newslint" / "accept.txt").write_text("# house words\npolitite\nfoo[a-z]+bar\n", encoding="utf-8")
    cfg = Config(root=tmp_path, select=("NL201",))
    assert spelled("It was politite, said the fooxyzbar and FOOQBAR men.", cfg) == []
    assert spelled("A foobr came.", cfg) == ["foobr"]
    cfg2 = Config(root=tmp_path, select=("NL201",), accept_words=("foobr",))
    assert spelled("A foobr came.", cfg2) == []


def test_accepted_words_are_offered_as_suggestions(tmp_path: Path) -> None:
    cfg = Config(root=tmp_path, select=("NL201",), accept_words=("newslint",))
    [f] = newslint.lint_text("We use newslnit daily.", config=cfg)
    offered = [e.text for e in f.fix.edits] + f.data["suggestions"] if f.fix else f.data["suggestions"]
    assert "newslint" in offered


def test_reject_list_flags_known_words(tmp_path: Path) -> None:
    rej = tmp_path / "reject.txt"
    rej.write_text("utilize\nirregardless\n", encoding="utf-8")
    cfg = Config(root=tmp_path, select=("NL201",), reject=(rej,))
    found = newslint.lint_text("They utilize tools. Utilize them.", config=cfg)
    assert [f.message for f in found] == ["'utilize' is on the project's reject list",
                                          "'Utilize' is on the project's reject list"]


def test_pack_vocabulary(tmp_path: Path) -> None:
    pack = tmp_path / "house.toml"
    pack.write_text('[pack]\nname = "house"\n\n[vocabulary]\naccept = ["politite"]\nreject = ["utilise"]\n', encoding="utf-8")
    cfg = Config(root=tmp_path, select=("NL201",), packs=(pack,))
    assert spelled("He was politite and would utilise it.", cfg) == ["utilise"]


def test_dialect_narrows_spellings() -> None:
    us = Config(select=("NL201",), dialect="en_US")
    gb = Config(select=("NL201",), dialect="en_GB")
    assert spelled("The colour of the defence.", us) == ["colour", "defence"]
    assert spelled("The color of the defense.", gb) == ["color", "defense"]
    assert spelled("The colour of the defense.") == []


# ---- doubled words ---------------------------------------------------------------------------------
def words(text: str) -> list[str]:
    return [f.message for f in newslint.lint_text(text, config=Config(select=("NL202",)))]


def test_doubled_words() -> None:
    assert words("The meeting took place place on Monday.") == ["Doubled word 'place place'"]
    assert words("It was the\nthe best offer.") == ["Doubled word 'the the'"]
    assert words("The the council met.") == ["Doubled word 'The the'"]
    assert words("It is is done.") == ["Doubled word 'is is'"]
    assert words("Authorities say that that the cases are unrelated.") == ["Doubled word 'that that'"]


@pytest.mark.parametrize("text", [
    "She had had enough.", "He said that that was wrong.", "They went to Bora Bora.",
    "Baden-Baden is a spa town.", "Sirhan Sirhan was convicted.", "No, no, no.",
    "It ended 2 2.", "It was the end.\n\nThe next day came.",
])
def test_grammatical_and_name_doubles_are_quiet(text: str) -> None:
    assert words(text) == []


def test_doubled_word_fix() -> None:
    cfg = Config(select=("NL202",))
    assert newslint.fix_text("It took place place.\n", config=cfg) == ("It took place.\n", 1)
    assert newslint.fix_text("It was the\nthe best.\n", config=cfg) == ("It was the best.\n", 1)


# ---- punctuation and spaces -----------------------------------------------------------------------
def test_doubled_punctuation_and_fix() -> None:
    cfg = Config(select=("NL203",))
    assert len(newslint.lint_text("No deal. . They left,, angry;; etc..", config=cfg)) == 4
    assert newslint.lint_text("He paused... then… spoke?! Yes!! At 3:2.", config=cfg) == []
    assert newslint.fix_text("No deal. . They left,, angry.\n", config=cfg)[0] == "No deal. They left, angry.\n"


def test_extra_space_is_a_style_hint_with_a_fix() -> None:
    cfg = Config(select=("NL204",))
    [f] = newslint.lint_text("He ended his  two-day visit.", config=cfg)
    assert f.category == "style" and f.severity == "info"
    assert newslint.fix_text("He ended his  two-day visit.\n", config=cfg)[0] == "He ended his two-day visit.\n"
    assert newslint.lint_text("Name    Age    Team\n    indented code", config=cfg) == []


# ---- every rule's examples ---------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["NL201", "NL202", "NL203", "NL204", "NL250"])
def test_rule_examples(code: str) -> None:
    rule = next(r for r in builtin_rules() if r.code == code)
    assert "## What it does" in rule.explanation and "## Fix safety" in rule.explanation
    cfg = Config(select=(code,))
    for text in rule.examples_bad:
        assert any(f.code == code for f in newslint.lint_text(text, config=cfg)), text
    for text in rule.examples_good:
        assert not newslint.lint_text(text, config=cfg), text


# ---- the seed gate ------------------------------------------------------------------------------------
def test_seed_gate(tmp_path: Path) -> None:
    seeds, score = SHARED / "seeds", SHARED / "eval" / "score.py"
    if not (seeds / "expected.toml").is_file() or not score.is_file():
        pytest.skip("shared seed articles not available")
    out = subprocess.run([sys.executable, "-m", "newslint", "check", "--no-cache", "--format", "json",
                          "--select", "typo", str(seeds)], capture_output=True, text=True, timeout=300)
    assert out.returncode in (0, 1), out.stderr
    findings = tmp_path / "f.json"
    findings.write_text(out.stdout, encoding="utf-8")
    json.loads(out.stdout)
    gate = subprocess.run([sys.executable, str(score), str(seeds / "expected.toml"), str(findings),
                           "--only", "typo", "--gate"], capture_output=True, text=True, timeout=120)
    assert gate.returncode == 0, gate.stdout + gate.stderr
