"""The offline spelling lexicon: British and American forms, apostrophes, suggestions."""
from __future__ import annotations

import pytest

from newslint.spelling import COMBINING_PREFIXES, Lexicon, load_lexicon


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize("word", [
    "endeavour", "defence", "emphasised", "spiralling", "colour", "organise", "per", "cent",
    "centre", "travelled", "licence",
    "endeavor", "defense", "emphasized", "spiraling", "color", "organize", "center", "traveled",
])
def test_british_and_american_forms_known_by_default(lex: Lexicon, word: str) -> None:
    assert lex.known(word)


@pytest.mark.parametrize("word", [
    "government's", "government’s", "teachers'", "teachers’", "don't", "won’t", "it's",
    "it’s", "e-mail", "Colour", "COLOUR", "The",
])
def test_possessives_contractions_apostrophes_and_case(lex: Lexicon, word: str) -> None:
    assert lex.known(word)


@pytest.mark.parametrize("word", ["dont", "youre", "untill", "beacuse", "recieve"])
def test_apostrophe_less_contractions_and_common_misspellings_unknown(lex: Lexicon, word: str) -> None:
    assert not lex.known(word)


@pytest.mark.parametrize("typo, intended", [
    ("politite", "polite"), ("recieve", "receive"), ("goverment", "government"),
    ("definately", "definitely"), ("teh", "the"), ("accomodate", "accommodate"),
])
def test_misspellings_unknown_with_right_top_suggestion(lex: Lexicon, typo: str, intended: str) -> None:
    assert not lex.known(typo)
    assert lex.suggest(typo)[0] == intended


def test_suggestions_preserve_capitalisation(lex: Lexicon) -> None:
    assert lex.suggest("Goverment")[0] == "Government"
    assert lex.suggest("GOVERMENT")[0] == "GOVERNMENT"
    assert lex.suggest("recieve")[0] == "receive"


def test_suggest_respects_limit(lex: Lexicon) -> None:
    assert 0 < len(lex.suggest("recieve", limit=3)) <= 3
    assert lex.suggest("recieve", limit=0) == []


def test_add_accepts_project_words_and_offers_them() -> None:
    lex = Lexicon(["news", "linter"])
    assert not lex.known("newslint")
    lex.add(["newslint", "Zorblax"])
    assert lex.known("newslint")
    assert lex.known("Zorblax")
    assert "newslint" in lex.suggest("newslnit")


def test_dialects_narrow_spellings() -> None:
    us, gb = load_lexicon("en_US"), load_lexicon("en_GB")
    for gb_word, us_word in [("colour", "color"), ("organise", "organize"),
                             ("defence", "defense"), ("centre", "center"),
                             ("travelling", "traveling")]:
        assert gb.known(gb_word) and not us.known(gb_word), gb_word
        assert us.known(us_word) and not gb.known(us_word), us_word
    for shared in ["four", "hour", "the", "advertise", "filling", "licence"]:
        assert gb.known(shared), shared


def test_load_is_cached_per_dialect() -> None:
    assert load_lexicon("both") is load_lexicon("both")
    assert load_lexicon("en_US") is not load_lexicon("en_GB")
    with pytest.raises(ValueError):
        load_lexicon("en_AU")


def test_glued_prefixes_and_combining_prefixes(lex: Lexicon) -> None:
    assert lex.known("multiplanetary")
    assert "pre" in COMBINING_PREFIXES and "co" in COMBINING_PREFIXES
