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


def test_word_store_answers_like_the_set_it_becomes() -> None:
    """The data file's words are first searched in place (no ~200k-string set for a one-article
    run); membership, frequency, suggestions and set algebra agree with the set built later."""
    import random

    from newslint import spelling

    block, _, _, _ = spelling._parsed()
    words = block.split()
    assert "\n@INDEX\t" + spelling._bucket_index(words) + "\n" in spelling._data_text(spelling._DATA)  # current
    lazy = Lexicon(spelling._store("en_GB"), "en_GB")
    eager = Lexicon(spelling._store("en_GB"), "en_GB")
    eager._build_set()
    rng = random.Random(7)
    probes = rng.sample(words, 3000) + ["".join(rng.choice("abcdeilmnorstu'") for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    probes += ["color", "colour", "don't", "co", "a", "zzzz", ""]
    for w in probes:
        assert (w in lazy._words) == (w in eager._words), w
        assert lazy.frequency(w) == eager.frequency(w), w
    sample = set(probes[::7])
    assert sample - lazy._words == sample - eager._words and sample & lazy._words == sample & eager._words
    for typo in ("politite", "goverment", "recieve", "accomodate"):
        assert lazy.suggest_ranked(typo) == eager.suggest_ranked(typo)
    assert len(lazy) == len(eager) and lazy._set is None


def test_word_store_becomes_a_set_after_many_lookups(monkeypatch) -> None:
    from newslint import spelling

    monkeypatch.setattr(spelling, "_INDEX_AFTER", 50)
    lex = Lexicon(spelling._store("both"))
    lex.add(["newslinter"])
    for w in ["news"] * 49:
        assert lex.known(w)
    assert lex._set is None
    assert {"news", "qzx", "linter", "newslinter"} - lex._words == {"qzx"}
    assert isinstance(lex._words, set) and "newslinter" in lex._words and lex.frequency("news") > 4
