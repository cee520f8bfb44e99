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
    # a noun then the same word as a title, name particles, connectives, a table row
    "The ruling came from the senior law lord Lord Hartwell.", "Striker Dirk van Van der Meulen scored twice.",
    "They spoke to Anna van der Berg and Piet van der Linden.", "Prices rose more and more and more.",
    "Last Change Change %",
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


# ---- issue 16: quiet on professional prose (invented examples: one quiet, one that still fires) ----
def test_hyphenated_words_are_checked_whole_before_their_halves() -> None:
    assert spelled("The café's wi-fi, a pre-empted vote and three add-ons for the co-op.") == []
    assert spelled("The well-knwon wi-fi router.") == ["knwon"]


@pytest.mark.parametrize("word", ["carmaking", "superjumbo", "demerge", "reholstered", "mudbrick",
                                  "chipmakers", "helming", "murrelets", "could've"])
def test_regular_formations_from_known_words_are_accepted(word: str) -> None:
    assert spelled(f"The report mentioned {word} twice.") == []


@pytest.mark.parametrize("word", ["untill", "begining", "comming", "writting", "reccomend", "definately"])
def test_slips_that_look_like_formations_still_fire(word: str) -> None:
    assert spelled(f"The report mentioned {word} twice.") == [word]


def test_british_ise_forms_are_accepted_under_both_and_never_americanised() -> None:
    assert spelled("Ministers vowed to renationalise the railways and denationalise the ports.") == []
    assert spelled("The epicentres were mapped; the army was targetting depots.") == []
    from newslint.spelling import load_lexicon
    lex = load_lexicon("both")
    # a misspelt British form gets British suggestions, not the American ones
    assert all("iz" not in s for s in lex.suggest("realisd", 5))
    us = Config(select=("NL201",), dialect="en_US")
    assert spelled("They vowed to renationalise it.", us) == ["renationalise"]


def test_names_used_once_differ_from_common_words_at_their_first_letter() -> None:
    # an invented show title and first name, one letter from common words: names
    assert spelled("She starred in the reality show Baradise and married Montonio Ruiz.") == []
    # a typist's slip keeps the first letter (or swaps the first two): still caught
    assert spelled("Elsewehere, the council met.") == ["Elsewehere"]
    assert spelled("Hwile the council met, nothing changed.") == ["Hwile"]


def test_foreign_phrases_and_currencies_after_amounts_are_quiet() -> None:
    assert spelled("It was a coup d'etat, said the raison d'etre crowd.") == []
    assert spelled("The deal was worth 200 million reais and 5,000 pesetas.") == []
    # a slip after an amount is still a slip
    assert spelled("It took 5 yeras to build.") == ["yeras"]


@pytest.mark.parametrize("word, correction", [
    ("alot", "a lot"), ("noone", "no one"), ("reccomend", "recommend"), ("succesfull", "successful"),
    ("beggining", "beginning"), ("tommorow", "tomorrow"), ("harrass", "harass"),
])
def test_common_misspellings_the_web_uses_are_denied(word: str, correction: str) -> None:
    text = f"We saw {word} of them."
    [f] = newslint.lint_text(text, config=SPELL)
    assert text[f.start:f.end] == word and f.fix is not None and f.fix.edits[0].text == correction


def test_deny_list_is_reviewed_and_licensed() -> None:
    from newslint.spelling import denied, load_lexicon
    path = Path(newslint.__file__).parent / "data" / "deny_review.txt"
    head = path.read_text(encoding="utf-8").splitlines()[:12]
    assert any("CC BY-SA 3.0" in ln for ln in head) and any("codespell" in ln for ln in head)
    lex = load_lexicon("both")
    assert "alot" in denied() and not lex.known("alot")
    # a reviewed name stays accepted: capitalised once, it is no misspelling
    assert lex.known("chanel") and spelled("Coco Chanel opened a shop.") == []


def test_suggestions_never_add_or_drop_a_negating_prefix() -> None:
    from newslint.spelling import load_lexicon
    lex = load_lexicon("both")
    assert "evidenced" not in lex.suggest("unevidencedx", 5)
    assert all(not s.startswith("un") for s in lex.suggest("sevidenced", 5))
    assert "unnecessary" in lex.suggest("unecessary", 5)


def test_contractions_exclamations_and_layout_splits_are_text() -> None:
    assert spelled("She could've gone; 'Bam!' he shouted. W hile the gon na crowd waited.") == []
    assert spelled("Ugh! It was drrrrrums time: www. example. com and setup. exe.") == []


def test_over_long_tokens_are_not_spell_checked_and_stay_fast() -> None:
    import time
    newslint.lint_text("warm up", config=SPELL)
    t = time.perf_counter()
    assert spelled("A " + "qwertzuiop" * 1000 + " end.") == []
    assert time.perf_counter() - t < 1.0


def test_entity_pieces_are_not_misspellings() -> None:
    assert spelled("The caf&#233; sold Marks &amp; Spencer bread &nbsp;today.") == []


# ---- accept lists: patterns under a time limit, editor words stored literally ------------------
def test_a_pattern_that_backtracks_is_skipped_with_one_notice(tmp_path: Path) -> None:
    import warnings
    (tmp_path / ".newslint").mkdir()
    (tmp_path / ".newslint" / "accept.txt").write_text("(a|aa)+$\nfoo\n", encoding="utf-8")
    cfg = Config(root=tmp_path, select=("NL201",))
    text = "The " + "a" * 40 + "b word and politite.\n"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = [text[f.start:f.end] for f in newslint.lint_text(text, config=cfg)]
    assert "politite" in found
    notices = [str(w.message) for w in caught if "(a|aa)+" in str(w.message)]
    assert len(notices) == 1 and "skipped" in notices[0]


def test_append_accepted_word_is_read_back_literally(tmp_path: Path) -> None:
    from newslint.config import read_word_list
    from newslint.rules.spelling import Vocabulary, append_accepted_word
    path = tmp_path / ".newslint" / "accept.txt"
    assert append_accepted_word(path, "C++")
    assert append_accepted_word(path, "(a|aa)+")
    assert append_accepted_word(path, "#hashword")
    assert append_accepted_word(path, "Yahoo!")
    assert not append_accepted_word(path, "C++")  # already there
    assert not append_accepted_word(path, "two\nlines")
    vocab = Vocabulary(read_word_list(path))
    assert vocab.accepts("C++") and vocab.accepts("(a|aa)+") and vocab.accepts("#hashword") and vocab.accepts("yahoo!")
    assert not vocab.accepts("aaaa") and not vocab.accepts("C")
    # a pattern written by hand is still a pattern
    assert Vocabulary(["foo[a-z]+bar"]).accepts("fooxyzbar")


# ---- doubled words and punctuation -----------------------------------------------------------------
def test_repeated_phrases_and_case_differing_doubles() -> None:
    assert words("She was the last of the of the group.") == ["Doubled phrase 'of the of the'"]
    assert words("He graduated from graduated from a college in Leeds.") == ["Doubled phrase 'graduated from graduated from'"]
    assert words("The British British delegation left.") == ["Doubled word 'British British'"]
    assert words("He told the The Daily Courier that he would stay.") == ["Doubled word 'the The'"]


def test_doubled_word_is_never_a_spelling_finding() -> None:
    [f] = newslint.lint_text("It took place place.", config=Config(select=("typo",)))
    assert f.code == "NL202" and (f.data or {}).get("word") is None


def test_doubled_word_fix_is_safe_only_same_case_in_one_sentence_outside_quotes() -> None:
    cfg = Config(select=("NL202",))
    [same] = newslint.lint_text("It took place place.", config=cfg)
    [cases] = newslint.lint_text("He told the The Courier.", config=cfg)
    [quoted] = newslint.lint_text('He said: "It was was fine."', config=cfg)
    assert same.fix.safety == "safe" and cases.fix.safety == "unsafe" and quoted.fix.safety == "unsafe"
    assert newslint.fix_text("He told the The Courier.\n", config=cfg)[1] == 0


def test_ellipses_are_text_and_two_dots_are_unsafe() -> None:
    cfg = Config(select=("NL203",))
    assert newslint.lint_text('She wrote: "Wait . . . and see." He paused... then…', config=cfg) == []
    [two] = newslint.lint_text("And she just.. stopped.", config=cfg)
    assert two.fix.safety == "unsafe"
    assert newslint.fix_text("Pears, apples etc..\n", config=cfg) == ("Pears, apples etc.\n", 1)


# ---- the HTML entity rule --------------------------------------------------------------------------
def test_html_entities_are_reported_once_with_a_safe_decoding_fix(tmp_path: Path) -> None:
    text = "The caf&#233; at Marks &amp; Spencer&#x2019;s shop; AT&T and R&D stay.\n"
    found = newslint.lint_text(text, config=Config(select=("NL128", "typo")))
    assert [f.code for f in found] == ["NL128", "NL128", "NL128"]
    fixed, n = newslint.fix_text(text, config=Config(select=("NL128",)))
    assert fixed == "The café at Marks & Spencer’s shop; AT&T and R&D stay.\n" and n == 3
    md = "Marks &amp; Spencer and &amp;#233; here.\n"
    [f] = newslint.lint_text(md, path=str(tmp_path / "a.md"), config=Config(select=("NL128",)))
    assert md[f.start:f.end] == "&amp;#233;"


# ---- safe fixes never change clean professional prose ---------------------------------------------
REAL_DEFECTS = Path(__file__).resolve().parents[1] / "bench" / "data" / "clean_prose_real_defects.toml"


def test_safe_fixes_change_no_byte_of_clean_prose_but_reviewed_real_defects() -> None:
    """Every *safe* fix over the clean professional prose under ../shared (corpus/clean and
    numbers/dev) leaves every line as it was, except the lines listed, with the reason, in
    bench/data/clean_prose_real_defects.toml (doubled words the publishers left, reviewed by
    hand): there the fix must give exactly the line recorded (by its hash)."""
    import tomllib

    from newslint.engine import fix_text
    roots = [SHARED / "corpus" / "clean", SHARED / "numbers" / "dev"]
    if not all(r.is_dir() for r in roots):
        pytest.skip("shared clean prose not available")
    import hashlib
    allowed = {(d["file"], d["line"]): d["fixed_sha256"] for d in tomllib.loads(REAL_DEFECTS.read_text(encoding="utf-8"))["defect"]}
    changed: dict[tuple[str, int], str] = {}
    for root in roots:
        for path in sorted(root.rglob("*.txt")):
            text = path.read_text(encoding="utf-8")
            fixed, n = fix_text(text, path=str(path), config=Config(root=SHARED))
            if not n:
                continue
            before, after = text.splitlines(), fixed.splitlines()
            assert len(before) == len(after), path
            rel = str(path.relative_to(SHARED))
            for k, (a, b) in enumerate(zip(before, after, strict=True), 1):
                if a != b:
                    changed[(rel, k)] = hashlib.sha256(b.encode("utf-8")).hexdigest()
    unexpected = {k: v for k, v in changed.items() if allowed.get(k) != v}
    assert not unexpected, unexpected


def test_a_word_repeated_over_and_over_is_one_finding() -> None:
    """A line of one word 20,000 times (a scraper's leftover) is reported once, at its start,
    and read once: only the first copies of such a run are looked at."""
    text = "It was " + "the " * 20_000 + "end.\n"
    found = newslint.lint_text(text, config=Config(select=("NL202",)))
    assert [(f.start, f.end) for f in found] == [(7, 14)]
