"""Tests for newslint.quantities: table of formats, negatives, respectively-lists, properties.

All sentences here are written for these tests (none copied from the shared corpus).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.quantities import Quantity, comparable, extract, respectively_pairs

H = 3600.0
MIN = 60.0


def only(text: str, dimension: str | None = None) -> Quantity:
    """The single non-plain quantity in text (fails loudly otherwise)."""
    qs = [q for q in extract(text) if q.dimension != "plain" and (dimension is None or q.dimension == dimension)]
    assert len(qs) == 1, [q.text for q in qs]
    return qs[0]


# phrase, expected text, value, (low, high) or None for exact, unit, dimension, head
CASES = [
    ("The roughly 40-minute briefing ended early.", "roughly 40-minute", 40 * MIN, (0.85 * 40 * MIN, 1.15 * 40 * MIN), "minute", "duration", "briefing"),
    ("The hearing, lasting around 20 minutes, was closed.", "around 20 minutes", 20 * MIN, (17 * MIN, 23 * MIN), "minute", "duration", "hearing"),
    ("The summit lasted slightly over 45 minutes.", "slightly over 45 minutes", 45 * MIN, (45 * MIN, 1.15 * 45 * MIN), "minute", "duration", "summit"),
    ("The negotiations, which lasted over eight and a half hours, produced a text.", "over eight and a half hours", 8.5 * H, (8.5 * H, 12.75 * H), "hour", "duration", "negotiations"),
    ("She sat through more than four hours of hearings.", "more than four hours", 4 * H, (4 * H, 6 * H), "hour", "duration", "hearing"),
    ("They held a four-hour session with the envoy.", "four-hour", 4 * H, None, "hour", "duration", "session"),
    ("After their nearly five-hour meeting, both sides spoke.", "nearly five-hour", 5 * H, (0.85 * 5 * H, 5 * H), "hour", "duration", "meeting"),
    ("The board took a 10-minute break.", "10-minute", 10 * MIN, None, "minute", "duration", "break"),
    ("The 2.5-hour flight was delayed.", "2.5-hour", 2.5 * H, None, "hour", "duration", "flight"),
    ("A nine-day strike closed the port.", "nine-day", 9 * 86400.0, None, "day", "duration", "strike"),
    ("The lawmakers debated for half an hour.", "half an hour", 0.5 * H, None, "hour", "duration", None),
    ("The vote came an hour and a half later.", "an hour and a half", 1.5 * H, None, "hour", "duration", None),
    ("The hearing took between 2 and 3 hours.", "between 2 and 3 hours", 2.5 * H, (2 * H, 3 * H), "hour", "duration", "hearing"),
    ("Repairs need 5-7 days.", "5-7 days", 6 * 86400.0, (5 * 86400.0, 7 * 86400.0), "day", "duration", None),
    ("Repairs need 3 to 4 weeks.", "3 to 4 weeks", 3.5 * 7 * 86400.0, (3 * 7 * 86400.0, 4 * 7 * 86400.0), "week", "duration", None),
    ("The council spent at least two hours on it.", "at least two hours", 2 * H, (2 * H, 3 * H), "hour", "duration", None),
    ("Inflation rose to 3.25%.", "3.25%", 3.25, None, "percent", "percent", "inflation"),
    ("Turnout fell 7.5 percent.", "7.5 percent", 7.5, None, "percent", "percent", "turnout"),
    ("Output grew 1.8 per cent.", "1.8 per cent", 1.8, None, "percent", "percent", "output"),
    ("Two-thirds of the members voted yes.", "Two-thirds", 200 / 3, None, "fraction", "percent", "member"),
    ("The city paid $4.6 billion for the bridge.", "$4.6 billion", 4.6e9, None, "USD", "money", None),
    ("The club spent £12m on a striker.", "£12m", 12e6, None, "GBP", "money", None),
    ("Tickets cost €35 each.", "€35", 35.0, None, "EUR", "money", "ticket"),
    ("The loan was worth US$1,250,000.", "US$1,250,000", 1_250_000.0, None, "USD", "money", "loan"),
    ("The firm raised 800 million yuan.", "800 million yuan", 800e6, None, "CNY", "money", None),
    ("He owed 40 dollars.", "40 dollars", 40.0, None, "USD", "money", None),
    ("The fire burned 2,300 acres.", "2,300 acres", 2300 * 4046.8564224, None, "acre", "area", None),
    ("The reserve covers 950 hectares.", "950 hectares", 9.5e6, None, "hectare", "area", "reserve"),
    ("The lake spans 14 square miles.", "14 square miles", 14 * 2_589_988.110336, None, "square mile", "area", "lake"),
    ("The island is 3.2 sq km.", "3.2 sq km", 3.2e6, None, "km2", "area", "island"),
    ("The convoy drove 120 km north.", "120 km", 120_000.0, None, "km", "distance", None),
    ("The trail runs 26 miles.", "26 miles", 26 * 1609.344, None, "mile", "distance", "trail"),
    ("The wall is 400 metres long.", "400 metres", 400.0, None, "metre", "distance", "wall"),
    ("Gusts reached 70 mph.", "70 mph", 70 * 0.44704, None, "mph", "speed", "gust"),
    ("Trains run at 300 km/h.", "300 km/h", 300 / 3.6, None, "km/h", "speed", None),
    ("It was 6.4 C in the valley overnight.", "6.4 C", 6.4, None, "celsius", "temperature", None),
    ("Highs of 95 °F are forecast.", "95 °F", 35.0, None, "fahrenheit", "temperature", None),
    ("The package weighed 12 kg.", "12 kg", 12.0, None, "kg", "weight", "package"),
    ("The catch weighed 30 pounds.", "30 pounds", 30 * 0.45359237, None, "pound", "weight", "catch"),
    ("The ship carries 5,000 tonnes.", "5,000 tonnes", 5e6, None, "tonne", "weight", None),
    ("Some 450 people gathered outside.", "Some 450 people", 450.0, (382.5, 517.5), "person", "count", "people"),
    ("Twenty-five people were hurt.", "Twenty-five people", 25.0, None, "person", "count", "people"),
    ("About 1.4 million people live there.", "About 1.4 million people", 1.4e6, (0.85 * 1.4e6, 1.15 * 1.4e6), "person", "count", "people"),
    ("The shop sold a dozen loaves.", "a dozen loaves", 12.0, None, "loaf", "count", "loaf"),
    ("The former mayor died at the age of 81.", "81", 81.0, None, "year", "age", None),
    # a modifier between the number and the plural it counts
    ("The striker missed 11 total matches last year.", "11 total matches", 11.0, None, "match", "count", "match"),
    ("Divers recovered 14 more bodies on Sunday.", "14 more bodies", 14.0, None, "body", "count", "body"),
    ("The storm flattened 30 wooden sheds.", "30 wooden sheds", 30.0, None, "shed", "count", "shed"),
    ("Nine police officers were hurt.", "Nine police officers", 9.0, None, "officer", "count", "officer"),
    ("Nineteen hundred and twelve soldiers marched.", "Nineteen hundred and twelve soldiers", 1912.0, None, "soldier", "count", "soldier"),
    ("The mayor signed 14 orders.", "14 orders", 14.0, None, "order", "count", "order"),
    ("The hearing ran 90 minutes or so.", "90 minutes or so", 90 * MIN, (0.85 * 90 * MIN, 1.15 * 90 * MIN), "minute", "duration", "hearing"),
    # ages, in years
    ("A 61-year-old baker was hurt.", "61-year-old", 61.0, None, "year", "age", "baker"),
    ("Seventeen-year-old Lina Voss won.", "Seventeen-year-old", 17.0, None, "year", "age", None),
    ("Tomas Brandt, 34, was treated.", "34", 34.0, None, "year", "age", None),
    ("The singer, aged 52, retired.", "52", 52.0, None, "year", "age", None),
    ("His 18-month-old son slept.", "18-month-old", 1.5, None, "year", "age", "son"),
    # magnitudes
    ("A magnitude 6.1 quake shook Varna.", "magnitude 6.1", 6.1, None, "magnitude", "magnitude", None),
    ("A 5.9-magnitude earthquake hit.", "5.9-magnitude", 5.9, None, "magnitude", "magnitude", "earthquake"),
    ("The tremor measured 4.2 on the Richter scale.", "4.2", 4.2, None, "magnitude", "magnitude", "tremor"),
    # times of day (minutes after midnight)
    ("The shots rang out at 10:30 p.m. on Friday.", "10:30 p.m.", 22.5 * 60, None, "clock", "time", None),
    ("Polls closed shortly after 8 pm.", "shortly after 8 pm", 20 * 60, (20 * 60, 20 * 60 + 30), "clock", "time", None),
    ("Trading resumed at 1400 GMT.", "1400 GMT", 14 * 60, None, "clock", "time", None),
    # dates and years
    ("The council met on March 14, 2024, to vote.", "March 14, 2024", 738959.0, None, "date", "date", None),
    ("The fair opens on 8 December in Dunmore.", "8 December", 12 * 31 + 8.0, None, "day of year", "date", None),
    ("The mill closed in 2009 after a fire.", "2009", 2009.0, None, "year", "year", None),
    ("The 2010 season was its best.", "2010", 2010.0, None, "year", "year", "season"),
    # counts: written as a modifier, a part of a whole, bare numbers of people
    ("It runs a two-party system.", "two-party", 2.0, None, "party", "count", "system"),
    ("Lawyers spent 4½ months on it.", "4½ months", 4.5 * 30.436875 * 86400, None, "month", "duration", None),
    ("It took four or five months.", "four or five months", 4.5 * 30.436875 * 86400, (4 * 30.436875 * 86400, 5 * 30.436875 * 86400), "month", "duration", None),
    ("Protests lasted a week.", "a week", 7 * 86400.0, (0.85 * 7 * 86400, 1.15 * 7 * 86400), "week", "duration", "protest"),
]


@pytest.mark.parametrize("sentence,text,value,interval,unit,dimension,head", CASES, ids=[c[1] for c in CASES])
def test_formats(sentence: str, text: str, value: float, interval, unit: str, dimension: str, head: str | None) -> None:
    q = only(sentence)
    assert q.text == text
    assert sentence[q.start:q.end] == text
    assert q.value == pytest.approx(value)
    lo, hi = interval if interval is not None else (value, value)
    assert (q.low, q.high) == (pytest.approx(lo), pytest.approx(hi))
    assert q.unit == unit
    assert q.dimension == dimension
    assert q.head == head


def test_adjectival_flag() -> None:
    assert only("A 12-minute call followed.").adjectival
    assert not only("The call lasted 12 minutes.").adjectival


@pytest.mark.parametrize(
    "sentence,dims",
    [
        ("The law was passed in 1998 and amended in 2021.", ["year", "year"]),
        ("The vote is set for March 3rd, 2025.", ["date"]),
        ("It opened on the 4th of July.", ["date"]),
        ("She was born on 12 October 1990.", ["date"]),
        ("Polls close at 8 p.m. and results come at 11:45.", ["time", "time"]),
    ],
)
def test_calendar_figures_are_not_counts(sentence: str, dims: list[str]) -> None:
    """Years, dates and times of day have dimensions of their own (compared only with their kind)."""
    got = [q for q in extract(sentence) if q.dimension != "plain"]
    assert [q.dimension for q in got] == dims
    assert all((sentence[q.start:q.end] == q.text and not q.text.endswith(".")) or q.text.endswith(("p.m.", "a.m.")) for q in got)


@pytest.mark.parametrize(
    "sentence",
    [
        "He finished first, she was 21st.",
        "Leaders met at the G7 and discussed COVID-19 and MH17.",
        "One of the officials declined to comment.",
        "No one was hurt.",
        "Call 555-201-7788 for tickets.",
        "The new 5G network uses version 2.4.1.",
        "Spain beat Italy 3-1.",
        "Shots were fired in the 1700 block of Elm Street.",
        "The screen shows 1,280 x 800 pixels.",
        "As fights broke out in Dunmore, 46 were arrested.",
        "The ferry needed 10 more hours to reach port.",  # a modifier before a unit: not a count
    ],
)
def test_negatives(sentence: str) -> None:
    assert [q.text for q in extract(sentence) if q.dimension != "plain"] == []


def test_a_date_lends_its_unit_to_no_number() -> None:
    # a share counter, then a byline dated: the "0" is no date (its ordinal once crashed the
    # story summary), and a list's unit is shared only across the list's own separator
    qs = extract("0\nFiled in: Tech\nBy Ana Ruiz, August 2, 2012")
    assert [(q.text, q.dimension) for q in qs] == [("0", "plain"), ("August 2, 2012", "date")]
    assert [q.dimension for q in extract("on 3 and 5 May 2012")] == ["plain", "date"]
    assert [q.unit for q in extract("talks of seven and three hours")] == ["hour", "hour"]
    assert [q.unit for q in extract("the 13- and 15-inch models")] == ["inch", "inch"]


def test_plain_never_comparable() -> None:
    a, b = extract("Room 12 and gate 14 were closed; 40 and 50 came.")[-2:]
    assert a.dimension == "plain" and not comparable(a, b)


def test_comparable() -> None:
    mins = only("It lasted 35 minutes.")
    hrs = only("It lasted two hours.")
    usd, gbp = only("It cost $5."), only("It cost £5.")
    assert comparable(mins, hrs)
    assert not comparable(usd, gbp)
    assert not comparable(mins, usd)


def test_respectively_distributed_unit() -> None:
    s = "The hearings with the mayor and the governor lasted two and five hours respectively."
    qs = [q for q in extract(s) if q.dimension == "duration"]
    assert [q.value for q in qs] == [2 * H, 5 * H]
    assert [q.respectively_index for q in qs] == [0, 1]
    assert {q.head for q in qs} == {"hearing"}


def test_respectively_pairs_names() -> None:
    s = ("She also held talks with Interior Minister Ana Ruiz and Defence Secretary Tom Hale "
         "that lasted about four hours and two hours respectively.")
    pairs = respectively_pairs(s)
    assert [(s[a:b], q.value) for (a, b), q in pairs] == [("Ana Ruiz", 4 * H), ("Tom Hale", 2 * H)]
    # the hedge on the first item carries over to the second
    assert pairs[1][1].hedge == "about"
    assert all(q.head == "talks" for _, q in pairs)


def test_conversions_are_marked() -> None:
    qs = [q for q in extract("The climber fell about 2,000 feet (610 m) and 85 million euros ($108 million) went missing.")
          if q.dimension != "plain"]
    assert [(q.text, q.conversion) for q in qs] == [
        ("about 2,000 feet", False), ("610 m", True), ("85 million euros", False), ("$108 million", True)]


def test_part_and_whole() -> None:
    part, whole = [q for q in extract("Reyes completed 28 of 41 passes.") if q.dimension == "count"]
    assert (part.value, part.unit, part.whole) == (28, "pass", False)
    assert (whole.value, whole.unit, whole.whole) == (41, "pass", True)
    part, whole = [q for q in extract("She scored 7 of the team's 12 goals.") if q.dimension == "count"]
    assert (part.value, part.unit, whole.value, whole.whole) == (7, "goal", 12, True)


def test_whole_document_offsets() -> None:
    doc = "Intro line.\n\nThe inquiry heard 12 witnesses. It sat for six days.\n"
    qs = extract(doc)
    assert [q.text for q in qs] == ["12 witnesses", "six days"]
    assert all(doc[q.start:q.end] == q.text for q in qs)


# ---------------------------------------------------------------------------------------------
# Properties

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def words_of(n: int) -> str:
    """Spell n (0..999999) the way news prose does."""
    def under_1000(k: int) -> str:
        parts = []
        if k >= 100:
            parts.append(_ONES[k // 100] + " hundred")
            k %= 100
            if k:
                parts.append("and")
        if k >= 20:
            parts.append(_TENS[k // 10] + ("-" + _ONES[k % 10] if k % 10 else ""))
        elif k or not parts:
            parts.append(_ONES[k])
        return " ".join(parts)

    if n < 1000:
        return under_1000(n)
    head = under_1000(n // 1000) + " thousand"
    rest = n % 1000
    return head if not rest else head + (" and " if rest < 100 else " ") + under_1000(rest)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n: int) -> None:
    s = f"The agency counted {n:,} tonnes."
    q = only(s)
    assert q.value == pytest.approx(n * 1000)
    assert q.text == f"{n:,} tonnes"


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["%", " percent", " per cent"]))
def test_percent_forms_agree(d, suffix: str) -> None:
    q = only(f"Support stood at {d}{suffix} last week.")
    assert q.dimension == "percent" and q.value == pytest.approx(float(d))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    phrase = words_of(n)
    q = only(f"The depot holds {phrase} crates.")
    assert q.value == n, phrase
    assert q.unit == "crate"


@settings(max_examples=150, deadline=None)
@given(st.floats(min_value=0.01, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2)),
       st.sampled_from(["", "about ", "around ", "approximately ", "roughly "]),
       st.sampled_from(["minutes", "hours", "km", "acres", "kg", "mph"]))
def test_interval_contains_value(x: float, hedge: str, unit: str) -> None:
    q = only(f"It was {hedge}{x} {unit} in total.")
    assert q.low <= q.value <= q.high
    assert math.isclose(q.value, q.low) == (hedge == "")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "about 30 minutes", "a 35-minute meeting", "$2.3 billion", "4.5 per cent", "over seven and a half hours",
    "1,200 acres", "in 2019", "the G20", "twenty-five people", "14.1 C", "nearly six hours", "5-7 days",
    "no one", "half an hour", "£40m", "Spain won 2-1", "on June 3", "at 9 a.m.", "—", "“quoted”", "é",
]), min_size=1, max_size=8), st.sampled_from([" ", ", ", ". ", "\n", " and "]))
def test_spans_match_text(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    last = -1
    for q in extract(text):
        assert text[q.start:q.end] == q.text
        assert q.start >= last
        last = q.end


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-:/$€£%½()aAmpMb\n\tyearoldhour ")) | st.characters(), max_size=300))
def test_never_crashes_and_offsets_are_valid(text: str) -> None:
    """Arbitrary text: extraction never raises, spans lie in the text, in order, and match it."""
    last = 0
    for q in extract(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.start >= last
        assert q.low <= q.high
        last = q.end


def test_absurd_inputs_do_not_raise() -> None:
    assert extract("7" * 50_000) == [] or all(q.dimension == "plain" for q in extract("7" * 50_000))
    assert [q.text for q in extract("x" * 100_000 + " 12 people died.") if q.dimension != "plain"] == ["12 people"]
