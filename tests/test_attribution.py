"""Attribution rules (NL301-NL306): examples, new flagged and attributed sentences, the seed gate."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint import lint_text
from newslint.config import Config
from newslint.registry import builtin_rules

CFG = Config(select=("attribution",))
SHARED = Path(__file__).resolve().parents[2] / "shared"
ROOT = Path(__file__).resolve().parents[1]


def codes(text: str) -> list[str]:
    return [f.code for f in lint_text(text, config=CFG)]


ATTRIBUTION_RULES = [r for r in builtin_rules() if r.category == "attribution"]


def test_rules_exist_with_docs():
    got = {r.code for r in ATTRIBUTION_RULES}
    assert {"NL301", "NL302", "NL303", "NL304", "NL305", "NL306"} <= got
    for r in ATTRIBUTION_RULES:
        for section in ("## What it does", "## Why is this bad?", "## Example (bad)", "## Use instead (good)", "## Fix safety"):
            assert section in r.explanation, (r.code, section)
        assert r.examples_bad and r.examples_good, r.code


@pytest.mark.parametrize("rule", ATTRIBUTION_RULES, ids=lambda r: r.code)
def test_examples(rule):
    for text in rule.examples_bad:
        assert rule.code in codes(text), f"{rule.code} should fire on: {text!r}"
    for text in rule.examples_good:
        assert rule.code not in codes(text), f"{rule.code} should stay quiet on: {text!r}"


@pytest.mark.parametrize(
    "text, code, phrase",
    [
        ("The grid cannot cope with another heatwave, energy experts say.", "NL301", "experts say"),
        ("Many believe the ferry service will be cut in the autumn.", "NL301", "Many believe"),
        ("Recent studies show that commuters walk less than a decade ago.", "NL301", "Recent studies show"),
        ("Sources said the striker had agreed terms with the club.", "NL301", "Sources said"),
        ("It is widely reported that the chairman will resign.", "NL302", "It is widely reported"),
        ("The old quarry is thought to hide a second cave system.", "NL302", "is thought to"),
        ("The new ward is seen as a lifeline for the valley's older residents.", "NL302", "is seen as"),
        ("The storm damage has had a devastating impact on the harvest.", "NL303", "has had a devastating impact on"),
        ("The new rail link is expected to halve journey times to the coast.", "NL304", "is expected to"),
        ("Both clubs are anticipated to bid for the goalkeeper in January.", "NL304", "are anticipated to"),
        ("There are growing fears that the dam will not hold through the winter.", "NL306", "There are growing fears"),
        ("Hopes were high in the village that the school would stay open.", "NL306", "Hopes were high"),
    ],
)
def test_flags_new_sentences(text, code, phrase):
    found = [f for f in lint_text(text, config=CFG) if f.code == code]
    assert found, (code, text)
    # the finding spans the flagged phrase, not the whole sentence
    assert text[found[0].start : found[0].end] == phrase
    assert found[0].fix is None


@pytest.mark.parametrize(
    "text",
    [
        "The new rail link is expected to halve journey times to the coast, the transport secretary said.",
        "The ferry operator told the harbour board the service would be cut in the autumn.",
        "According to the regional health authority, the ward will open in May.",
        "The rail link is expected by the planning inspectorate to halve journey times.",
        "Ms Adeyemi wrote in a statement that the chairman would resign.",
        "The minister is heard to say on the recording that the deal is done.",
        "“We will not give up the school,” the head teacher said. “It is the heart of the village.”",
        "Is the rail link expected to halve journey times to the coast?",
        "Will Hopes Be High for the Valley School",
        "Our analysis of council records found that the ward was expected to open in May, the council confirmed.",
        "The treaty relies on what diplomats call “constructive ambiguity” over the border.",
        "The prize went to her novel “A House by the Estuary” last year.",
        "The mayor laid out his plan: “Every street will have a working light by winter, and we will pay for it.”",
    ],
)
def test_attributed_forms_stay_quiet(text):
    assert codes(text) == [], text


def test_quote_attributed_in_next_paragraph_stays_quiet():
    text = (
        "The lifeboat crew returned at dawn.\n\n"
        "“The sea was worse than anything I have seen in twenty years of rescues.”\n\n"
        "That was how the coxswain, Marta Lindqvist, described the night to reporters.\n"
    )
    assert "NL305" not in codes(text)


def test_continuation_quote_stays_quiet():
    text = (
        "“We lost power at nine and the pumps stopped within minutes,” said the plant manager, Omar Haddad.\n\n"
        "“By midnight the basement was under a metre of water and we had to leave the building.”\n\n"
        "“Nobody was hurt, and that is the only thing that matters to me tonight.”\n\n"
        "Engineers will inspect the site on Monday.\n"
    )
    assert "NL305" not in codes(text)


def test_unattributed_quote_fires():
    text = (
        "The lifeboat crew returned at dawn.\n\n"
        "The boat was towed into the harbour after the engine failed.\n\n"
        "“The sea was worse than anything I have seen in twenty years of rescues.”\n\n"
        "Repairs will take a week.\n\n"
        "The station will reopen on Friday.\n"
    )
    found = [f for f in lint_text(text, config=CFG) if f.code == "NL305"]
    assert len(found) == 1
    assert text[found[0].start : found[0].end].startswith("“The sea was worse")


def test_question_stays_quiet():
    assert codes("Are experts right that the grid cannot cope with another heatwave?") == []
    assert codes("Is the bridge expected to reopen before the holidays?") == []


def test_word_lists_come_from_the_pack():
    from newslint.rules.attribution import word_lists

    lists = word_lists()
    assert "said" in lists["reporting_verbs"] and "expected" in lists["expectation_verbs"]


def test_seed_gate():
    seeds = SHARED / "seeds"
    if not seeds.is_dir() or not (SHARED / "eval" / "score.py").is_file():
        pytest.skip("shared seed articles not available")
    # `newslint check` exits 1 when it reports findings (it must, on the must lines), so
    # the two steps run one after the other and the scorer's exit code is the gate.
    out = Path("/tmp/newslint_attr_seeds.json")
    with out.open("w") as fh:
        lint = subprocess.run(
            [sys.executable, "-m", "newslint", "check", "--format", "json", "--select", "attribution", "../shared/seeds"],
            cwd=ROOT, stdout=fh, stderr=subprocess.PIPE, text=True, timeout=300,
        )
    assert lint.returncode in (0, 1), lint.stderr
    proc = subprocess.run(
        ["python3", "../shared/eval/score.py", "../shared/seeds/expected.toml", str(out), "--only", "attribution", "--gate"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_phrase_patterns_compile():
    """The [[phrases]] patterns compile on first use; every one must compile."""
    import regex

    from newslint.rules.attribution import phrase_rules

    for rule in phrase_rules():
        for pattern, _ in rule.patterns:
            assert isinstance(pattern.search, type(regex.compile("x").search))
        if rule.exceptions is not None:
            rule.exceptions.search("x")


_SHORTCUT_TEXTS = [
    "It is said_ that x_some _said. Many say so.\n\nThe U.S. Experts said: \"It is believed to be true,\" he added.",
    "Line one said.\r\nLine two: some say it is thought to be.\r\n\r\nÜber said_ ôsaid é-said K\u212aT said-so.",
    "Head Line Here\nIt was widely reported that\nthe dam is said to leak. Hopes are high.\n\n\n  \"Quoted text with no speaker at all here.\"  ",
]


@pytest.mark.parametrize("text", _SHORTCUT_TEXTS)
def test_shortcuts_match_the_document(text: str) -> None:
    """The attribution rules' shortcuts (trigger search, per-paragraph sentences, line
    lookup) give what the document's tokens, sentences and lines give."""
    from newslint.document import Document
    from newslint.rules import attribution as a
    from newslint.sentences import split_sentences

    for path in ("a.txt", "a.md"):
        doc, ref = Document.from_text(text, path), Document.from_text(text, path)
        assert a._trigger_index(doc) == a._trigger_index_by_tokens(ref)
        # sentences split paragraph by paragraph, as asked, agree with splitting every line
        # of every paragraph (the reference, from the document's lines)
        expected = []
        for p in ref.paragraphs:
            for ln in ref.lines:
                s0, e0 = max(ln.start, p.start), min(ln.end, p.end)
                if s0 < e0:
                    expected += [(s0 + x, s0 + y) for x, y in split_sentences(ref.prose[s0:e0])]
        assert [tuple(s) for i in range(len(doc.paragraphs)) for s in doc.paragraph_sentences(i)] == expected
        assert [tuple(s) for s in ref.sentences] == expected
        for s in ref.sentences:
            ln = ref.lines[ref.position(s.start).line]
            assert a._line_at(doc, s.start) == (ln.start, ln.end)
            assert a._sentence_at(doc, s.start) == s
        assert "lines" not in doc.__dict__ and "sentences" not in doc.__dict__


def test_paragraph_screens_are_lookaround_free_supersets():
    """A phrase rule's paragraph screen (its pattern without negative lookarounds) matches
    wherever the pattern matches, and a paragraph the screen misses is not split."""
    import regex

    from newslint.rules import attribution as attr

    assert attr._strip_negative_lookarounds(r"a(?<![x)(])b(?!c(d)[\]])e\(?!f") == r"a(?:)b(?:)e\(?!f"
    assert attr._strip_negative_lookarounds(r"a(?!b") is None
    assert attr._screen(r"a(?!b)(c)\1", regex.I) is None  # a backreference: no screen
    broken = attr._Screen(r"a(b", 0)  # compiled on first use; a source that fails screens nothing out
    assert broken.search("anything") is not None and broken.search("") is not None
    rules = [r for r in attr.RULES if isinstance(r, attr.PhraseRule)]
    nl301 = next(r for r in rules if r.code == "NL301")
    assert all(s is not None for s in nl301._screens)
    for rule in rules:
        for (pattern, _), screen in zip(rule.patterns, rule._screens, strict=True):
            if screen is None:
                continue
            assert attr._context_free(screen._args[0])
            for text in (*rule.examples_bad, *rule.examples_good):
                if pattern.search(text):
                    assert screen.search(text), (rule.code, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["said", "Said", "unsaid", "saids", "new", "news", "experts", "expert", "it", "is",
                                 " ", "  ", "\n", "\n\n", "-", "'", "’", "_", ".", ",", "\"", "é", "2", "x"]), max_size=40))
def test_trigger_index_finds_exactly_the_trigger_tokens(parts: list[str]) -> None:
    """The one-pass trigger search keeps exactly the tokens whose lowercase is a trigger word,
    whatever surrounds them (joiners, underscores, digits, accents)."""
    from newslint.document import Document
    from newslint.rules import attribution as a

    text = "".join(parts)
    doc, ref = Document.from_text(text, "a.txt"), Document.from_text(text, "a.txt")
    assert a._trigger_index(doc) == a._trigger_index_by_tokens(ref)


# ---- issue 16: quiet on professional prose (invented examples: one quiet, one that still fires) ----
def test_scheduled_news_with_a_day_is_quiet_and_a_forecast_still_fires():
    assert "NL304" not in codes("The finance minister is expected to announce the budget on Wednesday.")
    assert "NL304" not in codes("The two brothers are expected to be sentenced at the crown court on 14 May.")
    assert "NL304" not in codes("A decision on the harbour wall is expected tomorrow.")
    assert "NL304" in codes("The finance minister is expected to announce deep cuts in the spring.")
    assert "NL304" in codes("The two leaders are expected to meet on the sidelines of the summit in September.")


def test_multi_paragraph_quotation_in_house_style_keeps_its_speaker():
    text = ('The ferry captain, Ines Kolar, said the crossing had been the worst of her career.\n\n'
            '"The swell came over the bow twice before we reached the harbour wall.\n\n'
            '"Nobody on the car deck was hurt, but the lorries shifted and we had to hold position.\n\n'
            '"I would not take her out in that again, whatever the timetable says."\n')
    assert "NL305" not in codes(text)
    unattributed = ('The crossing was cancelled at noon.\n\n'
                    '"The swell came over the bow twice before we reached the harbour wall.\n\n'
                    '"Nobody on the car deck was hurt, but the lorries shifted badly."\n\n'
                    'Services resumed the next day.\n')
    assert "NL305" in codes(unattributed)


def test_one_sentence_a_paragraph_layout_carries_a_quotation_to_its_speaker():
    text = ('"The first estimate is that repairs will take twelve days.\n\n'
            'That includes the time needed for the permits.\n\n'
            'Crews are on standby now," the operator said in a statement.\n\n'
            '"Some traffic has already been moved to other cables."\n')
    assert "NL305" not in codes(text)


def test_speaker_named_in_the_introducing_sentence_of_the_previous_paragraph():
    colon = 'The coroner had a warning for the council:\n\n"Nobody should have been allowed onto that pier in a storm."\n'
    named = ('Mr Okafor praised the lifeboat crews.\n\n'
             '"They went out when nobody else would, and they brought everyone home."\n')
    assert "NL305" not in codes(colon)
    assert "NL305" not in codes(named)
    assert "NL305" in codes('The pier was closed.\n\n"Nobody should have been allowed onto that pier in a storm."\n')


def test_quoted_titles_and_expressions_are_not_speech():
    assert "NL305" not in codes('She was nominated for “Outstanding Performance in a Coastal Drama.”')
    assert "NL305" not in codes('Expect a flurry of “now the council has to act” letters this week.')


def test_effect_inside_a_named_speakers_quotation_is_the_speakers_claim():
    quoted = '"The new timetable has had a positive impact on commuter numbers," the rail operator\'s chief said.'
    assert "NL303" not in codes(quoted)
    assert "NL303" in codes("The new timetable has had a positive impact on commuter numbers.")


def test_source_named_in_the_neighbouring_sentence():
    forecast = ("The weather agency is forecasting a wet and windy week for the coast. "
                "The storm is expected to bring gusts of up to 90 km/h.")
    assert "NL304" not in codes(forecast)
    assert "NL304" in codes("The coast had a quiet week. The storm is expected to bring gusts of up to 90 km/h.")
    belief = "The harbour authority said on Monday that its divers had finished the survey. The wreck is thought to lie in two pieces."
    assert "NL302" not in codes(belief)
    assert "NL302" in codes("The harbour was quiet on Monday. The wreck is thought to lie in two pieces.")
    described = ("Analysts at Northgate Bank expect two rate cuts this year. "
                 "Analysts say the first could come as early as June.")
    assert "NL301" not in codes(described)
    assert "NL301" in codes("Rates rose again this year. Analysts say the first cut could come as early as June.")


def test_source_named_in_the_sentence_and_described_anonymous_sources():
    assert "NL301" not in codes("Mayor Ruiz said some experts doubt the sea wall will hold.")
    assert "NL301" not in codes("Police sources said the driver had been arrested.")
    assert "NL301" in codes("Sources said the driver had been arrested.")
    # a consensus still needs a source, even from a described group
    assert "NL301" in codes("U.S. government authorities generally concur with this view.")
