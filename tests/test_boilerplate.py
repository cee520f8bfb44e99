"""Boilerplate rules: each rule's own examples, small written articles, the seed gate and the
corpus quality bar (recall on extractor output, false positives on published text)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import newslint
from newslint import lint_text
from newslint.config import Config
from newslint.registry import builtin_rules

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORE = SHARED / "eval" / "score.py"
NEWSLINT = Path(sys.executable).with_name("newslint")
RULES = [r for r in builtin_rules() if r.category == "boilerplate"]


def codes(text: str, select: tuple[str, ...] = ("boilerplate",), path: str | None = None) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.end_line) for f in lint_text(text, path=path, config=Config(select=select))]


def test_every_rule_has_docs_and_examples() -> None:
    assert {r.code for r in RULES} >= {f"NL{n}" for n in (*range(101, 112), *range(120, 128))}
    for r in RULES:
        for section in ("## What it does", "## Why is this bad?", "## Fix safety"):
            assert section in r.explanation, (r.code, section)
        assert r.examples_bad or getattr(r, "corpus_examples_bad", ()), r.code


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_rule_examples(rule) -> None:
    for text in rule.examples_bad:
        got = [c for c, _, _ in codes(text, (rule.code,))]
        assert rule.code in got, f"{rule.code} should fire on {text!r}"
    for text in rule.examples_good:
        got = [c for c, _, _ in codes(text, (rule.code,))]
        assert rule.code not in got, f"{rule.code} should stay quiet on {text!r}"


BODY = (
    "The city council voted on Tuesday to approve a new budget that raises spending on "
    "schools and roads, after a debate that lasted more than four hours.\n\n"
    "Members of the opposition said the plan relied on optimistic forecasts of tax revenue, "
    "and warned that cuts would follow if the economy slowed next year.\n\n"
)


def test_related_block() -> None:
    text = BODY + "Related stories\n\nBridge repairs to start in spring\n\nLibrary hours extended for exams\n"
    found = codes(text)
    assert ("NL121", 5, 9) in found


def test_headline_list_at_the_end() -> None:
    text = BODY + "- Ten Things to Know About the New Budget\n- Why the Mayor Wants a Second Term\n- Inside the Fight Over City Parking\n"
    assert ("NL121", 5, 7) in codes(text)


def test_comment_thread() -> None:
    text = BODY + "7 thoughts on “Council approves the budget”\n\nGreat reporting as always.\n\nI think the council got this one wrong, and so do my neighbours.\n"
    found = codes(text)
    assert any(c == "NL122" and a == 5 and b == 9 for c, a, b in found)


def test_promo_footer() -> None:
    text = BODY + "Hey there!\n\nSign up for our newsletter today.\n\nThanks for reading.\n\nWe don't spam! Read our privacy policy for more info.\n"
    found = codes(text)
    assert ("NL123", 5, 11) in found


def test_promo_footer_keeps_the_last_paragraph() -> None:
    text = BODY + "The vote is on Friday.\n\nSign up for our newsletter today.\n\nWe don't spam! Read our privacy policy for more info.\n"
    assert all(a > 5 for c, a, _ in codes(text) if c == "NL123")
    assert not any(a <= 5 <= b for _, a, b in codes(text))


def test_repeated_headline() -> None:
    text = "Council approves the new budget\n\n" + BODY + "Council approves the new budget\n"
    assert ("NL120", 7, 7) in codes(text)


def test_repeated_story_keeps_the_full_copy() -> None:
    paras = BODY.strip().split("\n\n")
    teaser = "\n-\n".join(paras) + "\n"
    text = teaser + "\nThe full story\n\n" + BODY
    found = codes(text)
    flagged = {a for c, a, _ in found if c == "NL120"}
    assert flagged == {1, 3}  # the list-like first copy, not the article
    assert ("NL126", 2, 2) in found


def test_ad_markers() -> None:
    text = BODY.replace("\n\nMembers", "\n\n- Advertisement -\n\nMembers") + "ADVERTISEMENT\n"
    found = codes(text)
    assert ("NL102", 3, 3) in found and ("NL102", 7, 7) in found
    fixes = [f.fix for f in lint_text(text, config=Config(select=("NL102",)))]
    assert all(f is not None and f.safety == "safe" for f in fixes)


def test_table_and_link_lines() -> None:
    text = BODY + "| Team | Won | Lost |\n|---|---|---|\n| North | 3 | 1 |\n\nListen: https://example.com/podcast/episode-12\n"
    found = codes(text)
    assert ("NL124", 5, 7) in found and ("NL125", 9, 9) in found
    assert not any(c == "NL124" for c, _, _ in codes(text, path="story.md"))  # a Markdown table is markup


def test_body_mentions_stay_quiet() -> None:
    text = (
        "More than 300 readers signed up for the council's consultation, and the comments they "
        "left were mostly about bus routes, the report said.\n\n"
        "The newspaper's advertisement revenue fell by a fifth last year, and the publisher said "
        "it would sign up more subscribers before raising prices again.\n\n"
        "Comments from residents will be read aloud at the meeting, the clerk said.\n"
    )
    assert codes(text) == []


def test_election_registration_story_stays_quiet() -> None:
    text = (
        "Voters who have not yet registered can do so online until midnight on Friday, the "
        "county election office said on Monday.\n\n"
        "To register, residents need a driver's licence or the last four digits of their Social "
        "Security number, and the online form takes about five minutes.\n\n"
        "Officials urged people to sign up early and to check their registration status online "
        "before election day, when lines at polling places are expected to be long.\n\n"
        "Register online at the state's election website.\n"
    )
    assert codes(text) == []


# ---- the seed gate and the corpus bar ----------------------------------------------------
def _check(folder: Path, out: Path, *extra: str) -> None:
    res = subprocess.run([str(NEWSLINT), "check", "--no-cache", "--format", "json", *extra, str(folder)], capture_output=True, text=True, timeout=300)
    assert res.returncode in (0, 1), res.stderr
    out.write_text(res.stdout)


def _score(expected: Path, findings: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCORE), str(expected), str(findings), "--only", "boilerplate", *extra], capture_output=True, text=True, timeout=120)


def test_seed_gate(tmp_path: Path) -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir() or not SCORE.is_file():
        pytest.skip("shared seed articles not available")
    out = tmp_path / "f.json"
    _check(seeds, out)
    res = _score(seeds / "expected.toml", out, "--gate")
    assert res.returncode == 0, res.stdout + res.stderr


def test_corpus_quality(tmp_path: Path) -> None:
    corpus = SHARED / "corpus"
    if not (corpus / "extracted").is_dir() or not (corpus / "clean").is_dir() or not SCORE.is_file():
        pytest.skip("shared corpus not available")
    summary = {}
    for name in ("extracted", "clean"):
        out = tmp_path / f"{name}.json"
        _check(corpus / name, out, "--select", "boilerplate")
        res = _score(corpus / name / "expected.toml", out, "--json")
        summary[name] = json.loads(res.stdout)["boilerplate"]
    ext = summary["extracted"]
    assert ext["caught"] / ext["must"] >= 0.80, ext["missed"]
    assert len(summary["clean"]["false_positives"]) <= 5, summary["clean"]["false_positives"]


def test_markdown_heading_equal_to_front_matter_title_stays_quiet():
    body = "Crews cleared the mountain pass on Sunday after two days of snow, and the road reopened to traffic by nightfall.\n"
    text = "---\ntitle: Snow closes the mountain pass for two days\n---\n# Snow closes the mountain pass for two days\n\n" + body
    assert lint_text(text, path="pass.md", config=Config(select=("NL120",))) == []
    repeated = text + "\nSnow closes the mountain pass for two days\n"
    assert [f.line for f in lint_text(repeated, path="pass.md", config=Config(select=("NL120",)))] == [8]


# ---- lists inside the article (NL120) --------------------------------------------------------
RECIPE = (
    "Lemon cake for a crowd\n\n"
    "This cake takes an hour to bake and keeps for three days in a tin, the baker told us at the village fair on Saturday.\n\n"
    "For the cake\n- 2 cups of flour\n- 1 cup of sugar\n- 3 large eggs\n- 1 cup of milk\n\n"
    "For the icing\n- 1 cup of sugar\n- 3 large eggs\n- 2 tablespoons of lemon juice\n\n"
    "Mix the flour and sugar, beat in the eggs one at a time, and bake the cake for fifty minutes in a warm oven.\n\n"
    "Whisk the icing over a pan of hot water until it thickens, then pour it over the cake while both are still warm.\n"
)


def test_a_list_that_repeats_items_inside_the_article_is_left_alone() -> None:
    assert [c for c in codes(RECIPE) if c[0] == "NL120"] == []
    # the same line as the headline's repeat below the article is still a leftover
    assert ("NL120", 20, 20) in codes(RECIPE + "\nLemon cake for a crowd\n")


def test_a_heading_and_the_paragraph_starting_with_its_word_are_not_a_repeat() -> None:
    text = (
        "Five ways to sleep better, according to the doctors we spoke to at the city's hospital last month.\n\n"
        "Practise patience\nPatience is the first thing the doctors mention, and it takes a week or two before a new habit helps.\n"
    )
    assert newslint.fix_text(text, config=Config(), unsafe=True)[0] == text
    assert lint_text(text, config=Config(select=("NL120", "NL202"))) == []


# ---- one finding per problem -------------------------------------------------------------------
def test_a_comment_form_line_inside_a_comment_thread_is_one_finding() -> None:
    text = BODY + "3 Comments\n\nLeave a Reply\n\nGreat piece, thank you.\n"
    found = codes(text)
    assert [c for c in found if c[1] <= 9 <= c[2] or c[1] == 7] == [("NL122", 5, 9)]


def test_a_read_also_line_inside_a_related_block_is_one_finding() -> None:
    text = BODY + "Related stories\n\nRead more: Bridge repairs to start in spring\n\nLibrary hours extended for exams\n"
    found = codes(text)
    assert [c for c in found if c[1] >= 5] == [("NL121", 5, 9)]


def test_on_the_same_line_the_more_specific_rule_wins() -> None:
    from newslint.finding import Finding
    from newslint.rules.precedence import merge_overlaps

    def f(code: str, a: int, b: int) -> Finding:
        return Finding("x.txt", code, code, "boilerplate", "warning", "", a, 1, b, 2)

    merged = merge_overlaps([f("NL131", 3, 3), f("NL103", 3, 3), f("NL125", 3, 3), f("NL121", 2, 6), f("NL102", 9, 9), f("NL131", 9, 10)])
    assert sorted((x.code, x.line) for x in merged) == [("NL121", 2), ("NL131", 9)]
    merged = merge_overlaps([f("NL131", 3, 3), f("NL103", 3, 3), f("NL125", 3, 3)])
    assert [(x.code, x.line) for x in merged] == [("NL125", 3)]
    other = Finding("x.txt", "NL202", "doubled-word", "typo", "warning", "", 3, 1, 3, 5)
    assert other in merge_overlaps([f("NL121", 2, 6), other])  # other categories untouched


# ---- fix safety (issue 12) ---------------------------------------------------------------------
def _clean_texts() -> list[Path]:
    folders = [SHARED / "corpus" / "clean", SHARED / "numbers" / "dev"]
    return [p for folder in folders if folder.is_dir() for p in sorted(folder.rglob("*.txt"))]


def test_safe_boilerplate_fixes_change_no_byte_of_clean_prose() -> None:
    paths = _clean_texts()
    if not paths:
        pytest.skip("shared clean prose not available")
    cfg = Config(select=("boilerplate",))
    changed = [p.name for p in paths if newslint.fix_text(p.read_text(encoding="utf-8"), path=str(p), config=cfg)[1]]
    assert changed == []


def test_safe_boilerplate_fixes_remove_only_labelled_lines() -> None:
    import tomllib

    folders = [SHARED / "seeds", SHARED / "corpus" / "extracted", SHARED / "corpus-more" / "extracted"]
    folders = [f for f in folders if (f / "expected.toml").is_file()]
    if not folders:
        pytest.skip("shared labelled pages not available")
    cfg = Config(select=("boilerplate",))
    wrong, removed = [], 0
    for folder in folders:
        with open(folder / "expected.toml", "rb") as fh:
            files = tomllib.load(fh)["files"]
        for name, spec in files.items():
            text = (folder / name).read_text(encoding="utf-8")
            ok = set(spec.get("boilerplate", {}).get("must", [])) | set(spec.get("boilerplate", {}).get("may", []))
            for f in lint_text(text, path=str(folder / name), config=cfg):
                if f.fix is not None and f.fix.safety == "safe":
                    removed += 1
                    wrong += [(name, ln) for ln in range(f.line, f.end_line + 1) if ln not in ok]
    assert wrong == [] and removed > 0


def test_safe_fixes_remove_whole_lines_only() -> None:
    text = BODY.replace("\n\nMembers", "\n\n- Advertisement -\n\nMembers")
    fixed, n = newslint.fix_text(text, config=Config(select=("boilerplate",)))
    assert n == 1 and fixed == BODY
    safe = {f.code for f in lint_text(text + "\nShare Tweet Email\n\n-\n", config=Config(select=("boilerplate",))) if f.fix and f.fix.safety == "safe"}
    assert safe == {"NL102"}  # share rows and bare bullets are removed only with --unsafe-fixes


# ---- the line model (NL131) --------------------------------------------------------------------
def test_line_model_weights_are_plain_data() -> None:
    from newslint.rules import line_model as lm

    data = json.loads(lm.MODEL_PATH.read_text(encoding="utf-8"))  # JSON: nothing read runs code
    assert data["features"] == list(lm.FEATURES) and data["stage2_features"] == list(lm.STAGE2)
    for expert in ("article", "page"):
        for stage in ("stage1", "stage2"):
            assert all(isinstance(x, float) for x in data[expert][stage]["weights"])
    assert 0 < data["thresholds"]["info"] <= data["thresholds"]["warning"] < 1
    assert "dn-" not in data["trained_on"].replace("no dn-", "")  # never fitted on the AGPL pages


def test_line_model_reports_a_confidence_and_yields_to_other_rules() -> None:
    text = BODY + "Share this:\nTwitter\nFacebook\nEmail\nPrint\n\nLike this:\nLike Loading...\n"
    model = lint_text(text, config=Config(select=("NL131",)))
    assert model and all(f.data and f.data["confidence"] >= 0.85 for f in model)
    assert all(f.severity == ("warning" if f.data["confidence"] >= 0.9 else "info") for f in model)
    both = lint_text(text, config=Config(select=("boilerplate",)))
    lines: dict[int, list[str]] = {}
    for f in both:
        for ln in range(f.line, f.end_line + 1):
            lines.setdefault(ln, []).append(f.code)
    assert all(len(codes) == 1 for codes in lines.values()), lines  # one finding per line
    assert lint_text("Short note.\n\nAnother.\n", config=Config(select=("NL131",))) == []  # no prose: quiet


# ---- comment threads without a header (NL122) ---------------------------------------------------
def test_signed_comments_without_a_header_are_a_thread() -> None:
    thread = (
        "Anonymous\nI think the council got this one wrong, and you can see it in the numbers they published.\n"
        "Marta Kolar\nDid anyone ask the bus drivers? I doubt it.\n"
        "Anonymous\nGreat piece, thank you for covering the vote.\n"
        "Ines Marlow\nYou are right, my street has waited for repairs for ten years.\n"
    )
    found = codes(BODY.replace("\n\n", "\n") + thread)
    assert ("NL122", 3, 10) in found


def test_a_how_to_with_title_case_subheadings_is_not_a_thread() -> None:
    text = BODY.replace("\n\n", "\n") + (
        "Wear Sunscreen\nYou should put it on every morning, even when the sky is grey, the doctors said.\n"
        "Drink Water\nYou need more of it than you think when you walk in the heat for an hour or two.\n"
        "Sleep Well\nYour body repairs itself at night, so keep the same bedtime through the week.\n"
    )
    assert not any(c == "NL122" for c, _, _ in codes(text))


def test_a_table_of_contents_is_the_repeat_not_the_headings() -> None:
    text = (
        "How the city plans its tram network\n\n- Where the lines will run\n- What the tickets will cost\n\n"
        "The council published its plan for the tram network on Monday, after two years of studies and public meetings.\n\n"
        "Where the lines will run\n\nThree lines will cross the centre and meet at the main station, the plan says.\n\n"
        "What the tickets will cost\n\nA single ride will cost two euros, the same as the buses, the transport company said.\n"
    )
    assert sorted(a for c, a, _ in codes(text) if c == "NL120") == [3, 4]


# ---- comments without header or signature, listings, rankings (round 2) -------------------------
def test_talking_tail_is_a_hint_covering_the_thread() -> None:
    from newslint.rules.boilerplate import _STORY, _THREAD

    text = _STORY + _THREAD
    found = lint_text(text, config=Config(select=("NL122",)))
    assert [(f.code, f.severity) for f in found] == [("NL122", "info")]
    lines = text.split("\n")
    first = lines.index(_THREAD.split("\n")[0]) + 1
    assert (found[0].line, found[0].end_line) == (first, len(lines) - 1)
    # the story alone, and the story under a column's voice, stay quiet
    assert lint_text(_STORY, config=Config(select=("NL122",))) == []


def test_talking_tail_needs_a_run_of_talking_lines() -> None:
    from newslint.rules.boilerplate import _STORY

    # two questions at the end of a news story are not a thread
    text = _STORY + "Will it be ready in time?\n\nNobody knows yet.\n"
    assert lint_text(text, config=Config(select=("NL122",))) == []


def test_a_quotation_mark_does_not_silence_a_comment() -> None:
    """Comments quote, measure in inches and use scare quotes: they still talk outside the
    quotation; a news line talks only outside its quotations too (round 4)."""
    from newslint.rules.boilerplate import _STORY, _talks

    assert _talks('I would take the 13" model any day.')
    assert _talks('Is this "progress"? Not to me.')
    assert not _talks('"I have waited for years," the mayor said.')
    assert not _talks('“I have waited for years, and so have my neighbours.')  # a quote that runs on
    thread = ('I would take the 13" screen over this any day.\n\nSo the "plan" is to close my street for six weeks?\n\n'
              'You clearly never took the night bus.\n\nWho checked the "forecasts" in the report?\n\n'
              'My street is on the list and nobody asked me.\n')
    found = lint_text(_STORY + thread, config=Config(select=("NL122",)))
    assert [(f.code, f.severity) for f in found] == [("NL122", "info")]


# a thread of short comments, not all of which talk (two in three here; round 3)
_SHORT_THREAD = (
    "Who is paying for this?\n\nFinally some progress.\n\nI live on that street and nobody warned me.\n\n"
    "Typical council, always late.\n\nDid anyone check the costs?\n\nWhat a waste of money!\n"
)


_MORE_STORY = (
    "The northern section will follow two years later, once the bridge over the river has been widened and strengthened.\n\n"
    "Shop owners in the old town asked the council to keep one lane open for deliveries during the works, and the council agreed.\n\n"
)


def test_short_half_talking_tail_below_long_paragraphs_is_a_hint() -> None:
    from newslint.rules.boilerplate import _STORY

    text = _STORY + _MORE_STORY + _SHORT_THREAD
    found = lint_text(text, config=Config(select=("NL122",)))
    assert [(f.code, f.severity) for f in found] == [("NL122", "info")]
    lines = text.split("\n")
    assert (found[0].line, found[0].end_line) == (lines.index("Who is paying for this?") + 1, len(lines) - 1)


def test_short_half_talking_tail_needs_longer_paragraphs_above() -> None:
    # a text of short paragraphs throughout: its short last lines are its own
    story = (
        "The tram opened on Monday.\n\nCrowds came early.\n\nThe mayor cut a ribbon at the station.\n\n"
        "Tickets cost two euros.\n\nThe first tram left at six.\n\nIt was full.\n\n"
        "The line runs to the northern suburbs.\n\nIt took three years to build.\n\n"
    )
    assert lint_text(story + _SHORT_THREAD, config=Config(select=("NL122",))) == []
    # nor is a tail with a paragraph of prose in it a thread of short lines
    long_line = "The transport company said the second line would follow in the spring, after the budget vote in the council.\n\n"
    assert lint_text(story.replace("It was full.\n\n", "") + long_line + _SHORT_THREAD, config=Config(select=("NL122",))) == []
    # nor a tail of a third of the words of the article above it or more (a short story)
    from newslint.rules.boilerplate import _STORY

    assert lint_text(_STORY + _SHORT_THREAD, config=Config(select=("NL122",))) == []


# ---- context (round 3): a short line between boilerplate lines ------------------------------------
def test_short_line_between_boilerplate_lines_is_boilerplate() -> None:
    from newslint.rules.boilerplate import _STORY

    links = "https://example.org/trams/line-4\n\n{}\n\nhttps://example.org/trams/gallery\n"
    found = lint_text(_STORY + links.format("More from the city desk"), config=Config(select=("boilerplate",)))
    assert [(f.code, f.line, f.severity) for f in found if f.code == "NL131"] == [("NL131", 13, "info")]
    assert "between lines of page boilerplate" in next(f.message for f in found if f.code == "NL131")
    # below the last one, to the end of the text
    assert ("NL131", 13, 13) in codes(_STORY + "https://example.org/trams/line-4\n\nMore from the city desk\n")


def test_context_leaves_sentences_and_open_lines_alone() -> None:
    from newslint.rules.boilerplate import _STORY

    links = "https://example.org/trams/line-4\n\n{}\n\nhttps://example.org/trams/gallery\n"
    # a short sentence between two of them is the article's
    assert [c for c in codes(_STORY + links.format("The works begin in March.")) if c[0] == "NL131"] == []
    # a short line with article prose below it is not enclosed
    tail = ("https://example.org/trams/line-4\n\nTimetable changes\n\n"
            "The buses on the northern routes will run every ten minutes while the works last, the transport company said.\n")
    assert [c for c in codes(_STORY + tail) if c[0] == "NL131"] == []


def test_repeats_inside_a_program_listing_are_the_article() -> None:
    body = ("The first query counts the rows of each status code in the last hour of the log table, "
            "grouped by the minute in which they were written.\n\n")
    query = "WITH recent AS (\nSELECT status, count(*) AS n\nFROM log\n),\nSELECT * FROM recent;\n\n"
    assert [c for c in codes(body + query + body.replace("first", "second") + query) if c[0] == "NL120"] == []
    # the same line repeated outside a listing is still a repeat
    assert ("NL120", 3, 3) in codes("Council approves the budget\n\nCouncil approves the budget\n\n" + body)


def test_a_ranking_inside_the_article_is_not_a_leftover() -> None:
    from newslint.document import Document
    from newslint.rules.line_model import ranked_item
    from newslint.rules.lines import body_bounds, line_table

    para = "The survey ranked the cities of the region by the share of trips made by public transport last year, the institute said."
    ranking = "1. Veldt\n2. Lindau\n3. Osterby\n"
    inside = Document.from_text(para + "\n" + ranking + para + "\n")
    table = line_table(inside)
    assert all(ranked_item(table, k, *body_bounds(inside)) for k in (1, 2, 3))
    # below the article's last paragraph a numbered list is a list of other stories
    below = Document.from_text(para + "\n" + ranking)
    assert not any(ranked_item(line_table(below), k, *body_bounds(below)) for k in (1, 2, 3))
    # numbers that do not count on are no ranking
    jumbled = Document.from_text(para + "\n1. Veldt\n5. Lindau\n3. Osterby\n" + para + "\n")
    assert not any(ranked_item(line_table(jumbled), k, *body_bounds(jumbled)) for k in (1, 2, 3))
