"""Numbers rules: conflicting quantities within and across articles, weekday/date mismatches.

Every article here is written for the test (never seed text); the seed gate runs as a subprocess.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import newslint
from newslint.config import Config
from newslint.document import Document
from newslint.packs import builtin_packs_dir, load_pack
from newslint.rules.numbers import NumbersConflictAcross, analyse
from newslint.stories import group_stories

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CFG = Config(select=("numbers",))


def codes(text: str) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.message) for f in newslint.lint_text(text, config=CFG)]


def lint_files(tmp_path: Path, articles: dict[str, str], config: Config = CFG):
    for name, text in articles.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return newslint.lint_paths([tmp_path], config=config).findings


# ---- within one article -----------------------------------------------------------------


def test_call_forty_minutes_then_an_hour_and_a_half():
    text = (
        "Premier Ana Kolar held a 40-minute call with Chancellor Ines Marlow on Friday.\n\n"
        "Both sides called the exchange useful.\n\n"
        "The call with Marlow, which lasted an hour and a half, ended without a deal.\n"
    )
    found = newslint.lint_text(text, config=CFG)
    assert [f.code for f in found] == ["NL401"]
    f = found[0]
    assert f.line == 5 and "an hour and a half" in f.message and "40 minutes in line 1" in f.message
    assert [(r.line, r.path) for r in f.related] == [(1, "<text>")]


def test_acres_versus_hectares_is_a_conflict():
    text = (
        "The Creek Fire has burned 5,000 acres near Dunmore, said fire chief Ray Tolland.\n\n"
        "By Tuesday the Creek Fire covered 5,000 hectares, Tolland said.\n"
    )
    assert [c[0] for c in codes(text)] == ["NL401"]


def test_same_amount_in_two_units_is_quiet():
    text = (
        "Storm Ellen's winds reached 60 mph near Port Ellis, forecaster Tomas Reyes said.\n\n"
        "Storm Ellen's winds of 97 km/h tore roofs off in Port Ellis overnight.\n"
    )
    assert codes(text) == []


def test_hedged_about_thirty_and_thirty_two_are_compatible():
    text = (
        "Talks with Minister Pavel Strand lasted about 30 minutes.\n\n"
        "The talks with Strand, which lasted 32 minutes, were described as frank.\n"
    )
    assert codes(text) == []


def test_break_is_not_a_speech():
    text = (
        "The summit opened with a 15-minute speech by Mayor Lena Ostrova.\n\n"
        "After a 15-minute break, Ostrova and the delegates voted on the budget.\n"
    )
    assert codes(text) == []


def test_first_offer_is_not_the_final_settlement():
    text = (
        "Harlow Mining's first offer to the families of Ketter Valley was $2 million, lawyer Dana Pike said.\n\n"
        "The final settlement with Harlow Mining, reached in May, was $9 million, Pike said.\n\n"
        "Harlow Mining's final offer to Ketter Valley was $9 million.\n"
    )
    assert codes(text) == []


def test_two_meetings_with_different_people_stay_apart():
    text = (
        "Envoy Mara Quint arrived in Olvenna on Sunday.\n\n"
        "Quint held a three-hour meeting with Defence Minister Ivo Brandt on Monday.\n\n"
        "Quint later had a 45-minute meeting with President Sela Moravec at the palace.\n\n"
        "The meeting with Brandt covered border patrols.\n"
    )
    assert codes(text) == []


def test_respectively_binds_each_value_to_its_entity():
    text = (
        "Envoy Mara Quint met Ivo Brandt and Sela Moravec, in talks that lasted seven and three hours respectively.\n\n"
        "Her talks with Moravec, which lasted three hours, were cordial.\n\n"
        "The talks with Brandt, which lasted seven hours, were tense.\n"
    )
    assert codes(text) == []
    facts = analyse(Document.from_text(text))
    bound = [(s.own, s.value / 3600) for s in facts.statements if s.bound]
    assert bound == [(("Ivo Brandt",), 7.0), (("Sela Moravec",), 3.0)]
    # swap the later values: both now contradict the respectively list
    swapped = text.replace("lasted three hours, were cordial", "lasted seven hours, were cordial")
    found = codes(swapped)
    assert [c[:2] for c in found] == [("NL401", 3)]


# ---- across articles --------------------------------------------------------------------

MEETING = (
    "Premier Ana Kolar met Chancellor Ines Marlow in Veldt on Friday for talks on trade.\n\n"
    "Their {n} meeting at the Veldt palace covered trade, energy and the Osk river dam, aides to Marlow said.\n\n"
    "Kolar flew home to Dunmore on Saturday; Marlow travels to Sarn next week.\n"
)


def test_cross_article_majority(tmp_path):
    arts = {
        "a_one.txt": MEETING.format(n="40-minute"),
        "b_two.txt": MEETING.format(n="roughly 40-minute"),
        "c_three.txt": MEETING.format(n="40-minute"),
        "d_four.txt": MEETING.format(n="two-hour"),
    }
    found = lint_files(tmp_path, arts)
    assert [(Path(f.path).name, f.code, f.line) for f in found] == [("d_four.txt", "NL402", 3)]
    f = found[0]
    assert "two hours here" in f.message and "a_one.txt:3" in f.message
    assert sorted((Path(r.path).name, r.line) for r in f.related) == [("a_one.txt", 3), ("b_two.txt", 3), ("c_three.txt", 3)]
    out = f.to_dict()
    assert json.loads(json.dumps(out))["related"][0]["line"] == 3


def test_corpus_examples_of_the_rule():
    rule = NumbersConflictAcross()
    for articles in rule.corpus_examples_bad:
        facts = [analyse(Document.from_text(t, f"ex{i}.txt")) for i, t in enumerate(articles)]
        assert list(rule.check_corpus(facts, _ctx(Config())))


def _ctx(config: Config):
    from newslint.rules.base import RuleContext  # noqa: PLC0415

    return RuleContext(config)


def test_unrelated_stories_are_never_compared(tmp_path):
    other = (
        "Mayor Tove Lindqvist met union leader Piet Haagen in Borrowdale on Tuesday.\n\n"
        "Their two-hour meeting at Borrowdale town hall ended the bus strike, Haagen said.\n\n"
        "Lindqvist thanked drivers of the Borrowdale Transit Company.\n"
    )
    arts = {"a.txt": MEETING.format(n="40-minute"), "b.txt": MEETING.format(n="40-minute"),
            "c.txt": other, "d.txt": other.replace("two-hour", "two-hour long")}
    assert lint_files(tmp_path, arts) == []
    facts = [analyse(Document.from_text(t, n)) for n, t in arts.items()]
    assert group_stories([(f.story, f.name_counts) for f in facts]) == [[0, 1], [2, 3]]


def test_front_matter_story_key_overrides(tmp_path):
    def fm(story: str, body: str) -> str:
        return f"---\nstory: {story}\n---\n{body}"

    arts = {
        "a.md": fm("veldt-talks", MEETING.format(n="40-minute")),
        "b.md": fm("veldt-talks", MEETING.format(n="40-minute")),
        "c.md": fm("veldt-talks", MEETING.format(n="40-minute")),
        "d.md": fm("other-story", MEETING.format(n="two-hour")),  # same names, declared another story
    }
    assert lint_files(tmp_path, arts) == []
    arts["d.md"] = fm("veldt-talks", MEETING.format(n="two-hour"))
    found = lint_files(tmp_path, arts)
    assert [(Path(f.path).name, f.code) for f in found] == [("d.md", "NL402")]
    # stories = "off": no cross-article checks at all
    off = Config(select=("numbers",), stories="off")
    assert lint_files(tmp_path, arts, off) == []


# ---- weekdays -----------------------------------------------------------------------------


def test_weekday_date_mismatch():
    assert [c[0] for c in codes("The hearing opened on Tuesday, March 14, 2024, in Dunmore.\n")] == ["NL403"]
    assert codes("The hearing opened on Thursday, March 14, 2024, in Dunmore.\n") == []
    dated = "---\ndate: 2024-03-13\n---\nThe council voted yesterday, Monday, to close the bridge.\n"
    found = codes(dated)
    assert [c[0] for c in found] == ["NL403"] and "Tuesday" in found[0][2]
    assert codes(dated.replace("Monday", "Tuesday")) == []
    assert codes("The council voted yesterday, Monday, to close the bridge.\n") == []  # no date to check


# ---- data and docs ------------------------------------------------------------------------


def test_numbers_data_file_is_a_valid_pack_without_rules():
    assert load_pack(builtin_packs_dir() / "numbers.toml") == []


def test_rules_are_documented():
    from newslint.registry import find_rule  # noqa: PLC0415

    for code in ("NL401", "NL402", "NL403"):
        r = find_rule(code)
        assert r is not None and r.category == "numbers" and r.severity == "warning"
        for section in ("## What it does", "## Why is this bad?", "## Example", "Use instead", "## Fix safety"):
            assert section in r.explanation, (code, section)


# ---- the seed gate ------------------------------------------------------------------------


def test_seed_gate(tmp_path):
    """Exactly the gate the project is held to, as a subprocess."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds not available")
    exe = ROOT / ".venv" / "bin" / "newslint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "newslint"]
    out = subprocess.run([*cmd, "check", "--no-cache", "--format", "json", "--select", "numbers", "../shared/seeds"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    (tmp_path / "f.json").write_text(out.stdout, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, "../shared/eval/score.py", "../shared/seeds/expected.toml", str(tmp_path / "f.json"),
         "--only", "numbers", "--gate"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert score.returncode == 0, score.stdout + score.stderr + out.stderr
