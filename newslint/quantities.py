"""Extract the quantities a news text states, with exact spans, intervals and what they measure.

Phase 1 of the "inconsistent numbers" check: a later rule compares quantities that measure the
same thing (same ``head``, same ``dimension``) and reports those whose intervals do not overlap.
So this module errs towards *not* producing comparable quantities for things that are not
measurements (years, dates, times of day, ordinals, model names such as "G20" or "COVID-19",
phone numbers): those are skipped, and bare numbers that we cannot attach a unit to are given
``dimension="plain"``, which :func:`comparable` never pairs.

Integer number words ("twenty-five", "three hundred and forty two") are converted by the
``text2num`` library (Rust core, ~0.5 µs a call, strict: it raises instead of guessing);
fractions, "and a half", "a dozen", "half an hour" and digit scales are handled here because no
library covers them.

Offsets are Python ``str`` indices (code points) into the text given to :func:`extract`.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import math
import re as _stdre
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

__all__ = ["Quantity", "extract", "respectively_pairs", "comparable"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One stated quantity; ``low``/``high``/``value`` are in the dimension's base unit.

    Base units: duration = seconds, distance = metres, area = square metres, speed = m/s,
    weight = kg, temperature = degrees Celsius, percent = percent, money = one unit of
    ``unit`` (a currency code; different currencies are not converted), count = items,
    age = years, magnitude = points of a magnitude scale, time = minutes after midnight
    (``unit`` "clock", or "clock?" when a.m./p.m. is not said), year = the year, date = the
    proleptic Gregorian ordinal (``unit`` "date"), or month x 31 + day (``unit`` "day of year")
    when the year is not written.
    """

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    unit: str
    dimension: str
    hedge: str | None
    adjectival: bool
    head: str | None
    respectively_index: int | None = None
    #: the quantity restates the one before it in another unit: "2,000 feet (610 m)"
    conversion: bool = False
    #: the quantity is the whole a part is taken from: 41 in "28 of 41 passes"
    whole: bool = False
    #: the number as written, in ``unit`` ("5,000 acres" -> 5000.0)
    written: float = 0.0


# ---------------------------------------------------------------------------------------------
# Tables

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety"
).split()
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9, "trillion": 10**12}
_NW = "|".join(sorted(_SMALL + list(_SCALES) + ["dozen"], key=len, reverse=True))

_FRACTIONS = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
    "fourth": 0.25, "fourths": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}
_FRAC_NUM = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "nine": 9}

# surface form -> (canonical unit, dimension, factor to base unit)
_UNITS: dict[str, tuple[str, str, float]] = {}


def _add(forms: str, unit: str, dim: str, factor: float) -> None:
    for f in forms.split("|"):
        _UNITS[f] = (unit, dim, factor)


_add("second|seconds|sec|secs", "second", "duration", 1)
_add("minute|minutes|min|mins", "minute", "duration", 60)
_add("hour|hours|hr|hrs", "hour", "duration", 3600)
_add("half-hour|half hour", "half-hour", "duration", 1800)
_add("day|days", "day", "duration", 86400)
_add("week|weeks", "week", "duration", 7 * 86400)
_add("fortnight|fortnights", "fortnight", "duration", 14 * 86400)
_add("month|months", "month", "duration", 30.436875 * 86400)
_add("year|years", "year", "duration", 365.2425 * 86400)
_add("decade|decades", "decade", "duration", 3652.425 * 86400)
_add("century|centuries", "century", "duration", 36524.25 * 86400)
_add("%|percent|per cent|pct", "percent", "percent", 1)
_add("percentage point|percentage points", "percentage point", "percent", 1)
_add("acre|acres", "acre", "area", 4046.8564224)
_add("hectare|hectares|ha", "hectare", "area", 10_000)
_add("square kilometres|square kilometers|square kilometre|square kilometer|sq km|km2|km²", "km2", "area", 1e6)
_add("square miles|square mile|sq mi|sq miles", "square mile", "area", 2_589_988.110336)
_add("square metres|square meters|square metre|square meter|sq m|m2|m²", "m2", "area", 1)
_add("square feet|square foot|sq ft", "square foot", "area", 0.09290304)
_add("kilometres|kilometers|kilometre|kilometer|km|kms", "km", "distance", 1000)
_add("nautical miles|nautical mile", "nautical mile", "distance", 1852)
_add("miles|mile|mi", "mile", "distance", 1609.344)
_add("metres|meters|metre|meter|m", "metre", "distance", 1)
_add("centimetres|centimeters|centimetre|centimeter|cm", "cm", "distance", 0.01)
_add("millimetres|millimeters|millimetre|millimeter|mm", "mm", "distance", 0.001)
_add("feet|foot|ft", "foot", "distance", 0.3048)
_add("yards|yard|yd|yds", "yard", "distance", 0.9144)
_add("inches|inch|in.", "inch", "distance", 0.0254)
_add("mph|miles per hour|miles an hour|mile per hour|mile-per-hour|miles-per-hour", "mph", "speed", 0.44704)
_add(
    "km/h|kmh|kph|km/hr|kilometres per hour|kilometers per hour|kilometres an hour|kilometers an hour"
    "|kilometre-per-hour|kilometer-per-hour",
    "km/h", "speed", 1 / 3.6,
)
_add("knots|knot", "knot", "speed", 1852 / 3600)
_add("kilograms|kilogrammes|kilogram|kilogramme|kilos|kilo|kg|kgs", "kg", "weight", 1)
_add("grams|grammes|gram|gramme|g", "gram", "weight", 0.001)
_add("tonnes|tonne|metric tons|metric ton", "tonne", "weight", 1000)
_add("tons|ton", "ton", "weight", 907.18474)
_add("pounds|pound|lbs|lb", "pound", "weight", 0.45359237)
_add("ounces|ounce|oz", "ounce", "weight", 0.028349523125)
_add("stone", "stone", "weight", 6.35029318)
_add("degrees celsius|degrees centigrade|degree celsius|°c|ºc|° c|c", "celsius", "temperature", 1)
_add("degrees fahrenheit|degree fahrenheit|°f|ºf|° f|f", "fahrenheit", "temperature", 1)
_add("people|persons|person", "person", "count", 1)
_add("magnitude", "magnitude", "magnitude", 1)
# currency words after the number: form -> (code, factor)
_CUR_WORDS = {
    "us dollars": ("USD", 1), "u.s. dollars": ("USD", 1), "dollars": ("USD", 1), "dollar": ("USD", 1),
    "euros": ("EUR", 1), "euro": ("EUR", 1), "pounds sterling": ("GBP", 1), "sterling": ("GBP", 1),
    "yuan": ("CNY", 1), "renminbi": ("CNY", 1), "rmb": ("CNY", 1), "yen": ("JPY", 1),
    "rupees": ("INR", 1), "rupee": ("INR", 1), "naira": ("NGN", 1), "cents": ("USD", 0.01),
    "cent": ("USD", 0.01), "pence": ("GBP", 0.01), "usd": ("USD", 1), "eur": ("EUR", 1),
    "gbp": ("GBP", 1), "cny": ("CNY", 1), "jpy": ("JPY", 1), "inr": ("INR", 1),
}
_CUR_SYMBOLS = {
    "US$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "HK$": "HKD", "S$": "SGD",
    "NZ$": "NZD", "R$": "BRL", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₦": "NGN",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CNY": "CNY", "RMB": "CNY", "Rs": "INR", "Rs.": "INR",
}
_DIGIT_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "mln": 1e6, "bn": 1e9, "tn": 1e12, "m": 1e6, "k": 1e3, "b": 1e9,
}
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

# hedge (normalised) -> phrases
_HEDGES: dict[str, tuple[str, ...]] = {
    "about": ("about", "around", "approximately", "approx.", "roughly", "some", "an estimated",
              "estimated", "circa", "close to", "in the region of", "round about", "or so"),
    "nearly": ("nearly", "almost", "just under", "just shy of", "just short of", "slightly under",
               "slightly less than", "a little under", "a little less than", "just below", "not quite"),
    "under": ("under", "less than", "fewer than", "below", "no more than", "not more than", "at most",
              "up to", "a maximum of", "or less", "or fewer"),
    "as many as": ("as many as", "as much as", "as long as", "as high as"),
    "over": ("over", "more than", "above", "exceeding", "in excess of", "upwards of", "upward of",
             "longer than", "greater than", "or more", "plus"),
    "slightly over": ("slightly over", "just over", "a little over", "slightly more than",
                      "just more than", "a little more than", "little more than", "just above",
                      "slightly above", "a bit over", "a bit more than"),
    "well over": ("well over", "far more than", "well above", "many more than", "much more than",
                  "well in excess of"),
    "at least": ("at least", "no fewer than", "no less than", "a minimum of", "not less than"),
    "between": ("between", "from"),
}
_HEDGE_OF = {p: h for h, ps in _HEDGES.items() for p in ps}
_PREFIX_HEDGES = sorted((p for p in _HEDGE_OF if not p.startswith("or ") and p != "plus"), key=len, reverse=True)

_PLURALIA = {
    "talks", "news", "series", "species", "data", "media", "means", "politics", "economics",
    "headquarters", "arms", "thanks", "goods", "clothes", "people", "police", "cattle", "staff",
    "crisis", "analysis", "basis", "status", "census", "campus", "virus", "bonus", "focus", "chaos",
    "lens", "boss", "press", "glass", "loss", "access", "success", "address", "progress", "congress",
    "process", "business", "class", "gas", "bus", "diabetes", "physics", "mathematics",
    "sales", "earnings", "savings", "proceeds", "remains", "premises", "outskirts", "surroundings",
    "negotiations", "discussions", "consultations", "hostilities", "troops", "forces", "elections",
}
# These are kept plural on purpose: "talks", "negotiations" etc. name the event as a whole and
# are how articles refer to it; lemmatising them to "talk"/"negotiation" loses that sense.
_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
              "mice": "mouse", "geese": "goose", "lives": "life", "wives": "wife", "knives": "knife",
              "leaves": "leaf", "loaves": "loaf", "calves": "calf", "shelves": "shelf", "halves": "half", "thieves": "thief", "criteria": "criterion",
              "phenomena": "phenomenon", "persons": "person"}

_STOP = set(
    """a an the this that these those its it it's their his her our your my whose which who whom what
    and or but nor so yet for of to in on at by with from into onto over under about around after
    before during since until till than as per via between among against through across within without
    upon toward towards near off out up down i you he she we they them us him me one ones
    is are was were be been being am has have had do does did will would shall should can could
    may might must not no nor also only just still even ever again ago later earlier then now
    there here when where while whereas if because although though whether each every some any
    all both either neither more most less least many much few several other another such own same
    said says say told tells according very too quite rather almost nearly about roughly approximately
    around nearly lasted lasting lasts last took taking takes take spanned spanning spans ran running
    runs stretched stretching continued went held holds hold had met meets meet spoke speaks talked
    talks'
    new long short high low top big small large full whole entire first second third last next
    total totalled totaled totalling totaling reached hit rose fell grew stood cost costs weighed
    measured covered covering reported reportedly estimated respectively approximately roughly
    over-all overall nearly almost mere just only whopping additional extra further
    a.m. p.m. am pm
    """.split()
)
_ADJ_SUFFIXES = ("al", "ive", "ous", "ic", "ful", "less", "ed", "able", "ible", "ary", "ish")
_ADJ_WORDS = {"closed-door", "face-to-face", "long", "new", "private", "public", "high-level",
              "marathon", "intense", "intensive", "tense", "frank", "candid", "late-night",
              "all-day", "round-the-clock", "non-stop", "nonstop", "top-level", "one-on-one", "rare",
              "key", "crucial", "final", "first", "last", "second", "productive", "lengthy", "brief"}
_LINK_VERBS = set(
    """lasted lasting lasts last took taking takes take spanned spanning spans span ran running runs
    stretched stretching continued continuing went totalled totaled totalling totaling totals total
    rose rising rises fell falling falls grew growing grows dropped dropping climbed climbing
    increased increasing decreased decreasing declined declining jumped jumping surged surging
    reached reaching hit hits stood standing stands cost costs costing weighed weighing weighs
    measured measuring measures covered covering covers was were is are be been numbered numbering
    amounted amounting clocked clocking worth valued estimated""".split()
)
_LINK_PREPS = {"for", "to", "at", "by", "of", "around", "nearly", "almost", "some"}
_RELATIVES = {"that", "which", "who", ",", "reportedly", "only", "just", "then", "also"}
_WITH_WORDS = {"with", "between", "among", "alongside", "involving"}
_TITLE_WORDS = {
    "President", "Vice", "Prime", "Minister", "Foreign", "Secretary", "State", "Defense", "Defence",
    "Chancellor", "King", "Queen", "Prince", "Princess", "Senator", "Sen.", "Rep.", "Representative",
    "Governor", "Gov.", "Mayor", "General", "Gen.", "Chief", "Director", "Chairman", "Chair", "Premier",
    "Ambassador", "Envoy", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Top", "Diplomat",
    "Deputy", "Leader", "Speaker", "The", "US", "U.S.", "UK", "Chinese", "American", "China's",
}

# ---------------------------------------------------------------------------------------------
# Regexes: sources here, compiled on first use by _patterns() (import stays cheap).
#
# Two engines: stdlib ``re`` (faster to compile and to match) for "plain" text, whose characters
# outside printable ASCII are all ones on which both engines agree (quotes, dashes, symbols,
# spaces: see is_plain), and the ``regex`` module, with the original patterns, for everything
# else. ``regex`` can search backwards (REVERSE) for the "...before" patterns; ``re`` searches the
# same short window forwards, which finds the same matches: every match ends at the window's end.

_NW_SCALES_AND = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))"
# "three hundred and forty": "and" joins number words only after a scale word
_WORD_NUM = rf"(?:{_NW})(?:(?:[ \t]+|-|{_NW_SCALES_AND}[ \t]+and[ \t]+(?=(?:{_NW})\b))(?:{_NW}))*"
_WORD_NUM_RX = rf"(?:{_NW})(?:(?:[ \t]+|-|[ \t]+and[ \t]+(?<=(?:hundred|thousand|million|billion)[ \t]+and[ \t]+)(?=(?:{_NW})\b))(?:{_NW}))*"
_FRAC_WORD = rf"(?:one|two|three|four|five|seven|nine|a)[- ](?:{'|'.join(sorted(_FRACTIONS, key=len, reverse=True))})"
_ART_UNITS = (
    "second|minute|hour|half-hour|half hour|day|week|fortnight|month|year|decade|century|mile|acre|"
    "hectare|kilometre|kilometer|metre|meter|foot|yard|ton|tonne|kilogram|pound|dozen|hundred|thousand|"
    "million|billion|trillion|quarter|third|percentage point"
)
_CASED_ABBR = {"g", "m", "mi", "ha", "km", "kg", "cm", "mm", "ft", "lb", "lbs", "oz", "yd", "yds", "kms", "kgs",
               "min", "mins", "sec", "secs", "hr", "hrs", "in.", "mph", "kph", "kmh", "sq m", "sq km", "m2", "km2"}
_HALF_TAIL = r"(?:[ \t-]+and[ \t-]+(?:a[ \t-]+half|a[ \t-]+quarter|three[ \t-]quarters|one[ \t-]half))"

_ART_NEXT = (*_ART_UNITS.split("|"), "half", "couple")
# Number cores: the only places a scan can start, so the scan stays cheap.
_CORE_SRC = (
    r"""
    (?P<digits>@LB@(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+))
    | (?i:(?P<frac>\b@FRAC@\b))
    | (?i:(?P<words>\b@WORDS@\b))
    | (?i:(?P<aword>\b(?:half[ \t]+a[ \t]+dozen|an?[ \t]+(?:dozen|hundred|thousand|million|billion))\b))
    | (?i:(?P<art>\b(?:half[ \t]+an?|an?[ \t]+half|an?[ \t]+couple[ \t]+of|an?)\b)(?=[ \t]+(?:@ART@)))
    """
)
# In running text a number must not continue a word ("G20", "COVID-19") or a score ("2-1");
# the second number of a range ("5-7") is matched with CORE_TIGHT, which has no such guard.
_CORE_LB = r"(?<![\w.,:/])(?<![A-Za-z\d][-–])"


def _trie(words: list[str]) -> str:
    """Prefix-factored alternation: much faster to scan for than a flat list of words."""
    root: dict = {}
    for w in words:
        d = root
        for ch in w:
            d = d.setdefault(ch, {})
        d[""] = {}

    def emit(d: dict) -> str:
        alts = [_stdre.escape(k) + emit(v) for k, v in sorted(d.items()) if k]
        if not alts:
            return ""
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in d else "")

    return emit(root)


_CAND_WORDS = _SMALL + list(_SCALES) + ["dozen", "half"]
_MONTHS_RE = rf"(?:{_MONTHS})"


class _Patterns:
    """The compiled patterns of one engine (``std``: stdlib ``re``, else ``regex``)."""

    def __init__(self, std: bool) -> None:
        self.std = std
        eng: Any  # stdlib `re` or `regex`: the calls below are the same
        if std:
            eng = _stdre
            rev = 0
            word_num = _WORD_NUM
        else:
            import regex

            eng = regex
            rev = eng.REVERSE
            word_num = _WORD_NUM_RX
        c, esc = eng.compile, eng.escape
        core = (_CORE_SRC.replace("@FRAC@", _FRAC_WORD).replace("@WORDS@", word_num)
                .replace("@ART@", _ART_UNITS))
        self.CORE = c(core.replace("@LB@", _CORE_LB), eng.VERBOSE)
        self.CORE_TIGHT = c(core.replace("@LB@", ""), eng.VERBOSE)
        # longest form first; for re a trie, which tries the same forms in the same order (two
        # forms that both match at one place are a prefix of each other, the longer goes first)
        # without trying each of ~200 case-insensitive alternatives in turn
        unit_alt = _trie(sorted(_UNITS)) if std else "|".join(esc(u) for u in sorted(_UNITS, key=len, reverse=True))
        self.SCALE_AFTER = c(r"(?:[ \t]*-?[ \t]*)(?i:(thousand|million|billion|trillion)\b)|(mn|mln|bn|tn|m|k|b)\b")
        self.HALF_AFTER = c(rf"(?i:{_HALF_TAIL})")
        self.RANGE_SEP = c(r"[ \t]*[-–—][ \t]*|[ \t]+(?i:to|and|or)[ \t]+")
        self.UNIT_AFTER = c(
            rf"(?P<sep>[ \t]*-[ \t]*|[ \t]+of[ \t]+an?[ \t]+|[ \t]+an?[ \t]+|[ \t]?)(?i:(?P<unit>{unit_alt}))"
            r"(?:(?![\w-])(?!\.\w)|(?=-old\b))"  # "61-year-old": the unit of an age
        )
        # --- ages, magnitudes, clock times, dates (see _parse_at) ---
        self.AGE_OLD = c(r"(?:[ \t]*-[ \t]*|[ \t]+)old\b")
        self.AGE_BEFORE = c(r"\b(?i:aged|age|ages|age[ \t]+of)[ \t]+\Z")  # "aged 34", "at the age of 34"
        # "Ana Ruiz, 34, said": a number set off by commas after a name (or in brackets)
        self.APPOS_BEFORE = c(r"(?:\b[A-Z][\w'’.-]*[a-z.],[ \t]*|\b[A-Z][\w'’.-]*[ \t]*\([ \t]*)\Z")
        self.APPOS_AFTER = c(r"[ \t]*(?:[,);]|\.(?!\d))")
        self.MAG_BEFORE = c(r"\b(?i:magnitude)[ \t-]*(?:of[ \t]+)?\Z")
        self.MAG_AFTER = c(r"[ \t]+on[ \t]+the[ \t]+Richter\b")
        self.CLOCK_AFTER = c(r"(?:(?P<sep>[:.])(?P<mm>[0-5]\d)(?!\d))?(?P<ap>[ \t]*(?:a\.m\.|p\.m\.|(?i:a\.m|p\.m|am|pm)\b))?"
                             r"(?P<tz>[ \t]*(?:GMT|UTC|BST|EST|EDT|PST|PDT|CET|ET|local[ \t]+time)\b)?")
        self.TIME_HEDGE_BEFORE = c(
            r"\b(?i:(?P<h>shortly after|shortly before|soon after|just after|just before|just past|"
            r"around|about|approximately|roughly|after|before|by|until|till))[ \t]+(?:(?i:at)[ \t]+)?\Z")
        self.YEAR_AFTER = c(r"(?:st|nd|rd|th)?,?[ \t]+(?P<y>1[89]\d\d|20\d\d)\b")
        self.DAY_SUFFIX = c(r"(?:st|nd|rd|th)\b")
        self.MONTH_AFTER = c(rf"(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?P<mon>{_MONTHS_RE})\b\.?")
        self.BLOCK_AFTER = c(r"[ \t]+block\b")
        self.TIMES_AFTER = c(r"[ \t]*[x×][ \t]*\d")
        self.TIMES_BEFORE = c(r"\d[ \t]*[x×][ \t]*\Z")
        self.HYPHEN_NOUN = c(r"-([a-z][a-z]+)\b(?!-)")
        self.HALF_GLYPH = c(r"[½¼¾]")
        self.CUR_WORD_AFTER = c(
            r"[ \t]+(?i:(?P<cw>" + "|".join(esc(w) for w in sorted(_CUR_WORDS, key=len, reverse=True)) + r"))\b"
        )
        rx = _rx_before()
        self.HEDGE_BEFORE, self.DATE_BEFORE, self.LABEL_BEFORE, self.DET_BEFORE = rx
        self.CUR_BEFORE = c(
            r"(?:(?<![\w$])(?:US\$|AU\$|A\$|CA\$|C\$|HK\$|S\$|NZ\$|R\$|USD|EUR|GBP|CNY|RMB|Rs\.?)|[$£€¥₹₦])[ \t]?\Z", rev
        )
        self.SUFFIX_HEDGE = c(r"[ \t]+(?i:(?P<h>or so|or more|or less|or fewer|plus))\b")
        self.HALF_UNIT_TAIL = c(rf"(?i:{_HALF_TAIL})")
        self.ORDINAL_AFTER = c(r"(?i:st|nd|rd|th)\b")
        self.TIME_AFTER = c(
            r"[:.]\d\d\b|[ \t]*(?:a\.m\.|p\.m\.|(?i:am|pm)\b|GMT\b|UTC\b|BST\b|EST\b|EDT\b|PST\b|PDT\b|CET\b|ET\b|"
            r"(?i:o'clock|o’clock|hrs?[ \t]+(?:GMT|UTC|local)))"
        )
        self.DATE_AFTER = c(rf"[ \t]+(?:of[ \t]+)?{_MONTHS_RE}\b\.?")
        self.PHONE = c(
            r"(?:\+\d{1,3}[ \t.-]?)?(?:\(\d{2,5}\)[ \t.-]?)\d{3,4}[ \t.-]?\d{3,4}"
            r"|(?<!\d)\+\d{1,3}[ \t.-]\d{2,5}[ \t.-]\d{3,4}(?:[ \t.-]\d{2,4})?"
            r"|(?<![\d,.])\d{3}[.-]\d{3,4}[.-]\d{4}(?!\d)"
        )
        # PHONE's alternatives starting with "+" or "(", and the one starting with a digit, each
        # with its lookbehind moved after the first character (same condition)
        self.PHONE_PLUS = c(
            r"\+\d{1,3}[ \t.-]?\(\d{2,5}\)[ \t.-]?\d{3,4}[ \t.-]?\d{3,4}|\(\d{2,5}\)[ \t.-]?\d{3,4}[ \t.-]?\d{3,4}"
            r"|\+(?<!\d\+)\d{1,3}[ \t.-]\d{2,5}[ \t.-]\d{3,4}(?:[ \t.-]\d{2,4})?"
        )
        self.PHONE_DIGITS = c(r"\d(?<![\d,.]\d)\d{2}[.-]\d{3,4}[.-]\d{4}(?!\d)")
        self.NEXT_WORD = c(r"[ \t]+([A-Za-z][A-Za-z'’-]*)")
        self.WORD = c(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|[,;:()]|\d[\d,.]*")
        # re: the same two alternatives behind one character class (fast to scan for)
        self.SENT_END = c(r"[.!?\n](?:(?<=[.!?])[\"'”’)]*[ \t]+(?=[\"'“‘(]?[A-Z0-9])|(?<=\n))" if std
                          else r"[.!?][\"'”’)]*[ \t]+(?=[\"'“‘(]?[A-Z0-9])|\n")
        self.OF_AFTER = c(r"[ \t]+of[ \t]+(?:the[ \t]+|their[ \t]+|its[ \t]+|his[ \t]+|her[ \t]+)?")
        # stdlib: starts with a character class, which is fast to scan for; the lookbehind
        # after it is the \b before "r" (plain text has no other case forms of these letters)
        self.RESPECTIVELY = c(r"[Rr](?<!\w[Rr])(?i:espectively)\b" if std else r"\b(?i:respectively)\b")
        self.LIST_SEP = c(r"(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)\Z", rev)
        self.ENTITY = c(r"(?:[A-Z][\w'’.-]*|of|de|van|von|al-)(?:[ \t]+(?:[A-Z][\w'’.-]*|of|de|van|von|al-))*")


@lru_cache(maxsize=1)
def _rx_before() -> tuple:
    """The "... right before" patterns, searched backwards by ``regex`` for either kind of text
    (about as fast as anything ``re`` offers here, and only these few are compiled twice)."""
    import regex as eng

    c, esc, rev = eng.compile, eng.escape, eng.REVERSE
    return (
        c(r"(?i:\b(?P<h>" + "|".join(esc(h) for h in _PREFIX_HEDGES) + r"))[ \t]+\Z", rev),
        c(rf"\b{_MONTHS_RE}\.?[ \t]+(?:\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+)?\Z", rev),
        c(
            r"(?:\b(?:No|no|Nos|Number|number|Vol|vol|Page|page|p|pp|Chapter|chapter|Section|section|Article|"
            r"article|Rule|rule|Room|room|Flight|flight|Route|route|Highway|highway|Interstate|Gate|gate|"
            r"Platform|platform|Level|level|Grade|grade|Year|Episode|episode|Season|season|Week|Game|game|"
            r"Stage|stage|Phase|phase|Lot|lot|Unit|unit|Apt|Suite|Box|ID|Ref|ref|version|Version|v|Windows|"
            r"iPhone|Galaxy|Model|Type|type|Class|Category|category|Covid|COVID|Apollo|Boeing|Airbus)\.?|#)[ \t]*\Z",
            rev,
        ),
        c(r"\b(?:a|an|the|its|their|his|her|our|this|that|these|those|[A-Za-z]+['’]s)[ \t]+\Z", rev),
    )


@lru_cache(maxsize=2)
def _patterns(std: bool) -> _Patterns:
    return _Patterns(std)


@lru_cache(maxsize=1)
def _cand() -> tuple[_stdre.Pattern[str], _stdre.Pattern[str]]:
    """Patterns for the scanner's candidate starts (see _candidates)."""
    words = _CAND_WORDS + [w.capitalize() for w in _CAND_WORDS] + [w.upper() for w in _CAND_WORDS]
    # "a"/"an" count only before a unit ("an hour", "a dozen"); _scan checks the survivors exactly
    ahead = r"(?![A-Za-z])(?=[\s\S](?i:" + "|".join(_stdre.escape(w) for w in _ART_NEXT) + "))"
    body = r"\d+|(?:" + _trie(words) + r")(?![A-Za-z])|(?:an?|An?|AN?)" + ahead
    # the characters a candidate can start with, looked at once before the alternatives are
    # tried in turn: most spaces are followed by a word no number word starts like
    firsts = "".join(sorted({w[0] for w in words} | {"a", "A"}))
    return _stdre.compile(r"[^A-Za-z](?=[\d" + firsts + "])(" + body + ")"), _stdre.compile(body)


def _candidates(text: str) -> list[tuple[int, int]]:
    r"""(start, end) of the places a number can start: digit runs, and number words (or "a"/"an"
    before a unit) that do not continue a word, in order.

    The pattern starts with the non-letter before a candidate: ``re`` skips ahead to those
    (~5x faster than trying every position). This finds every candidate that
    ``\d+|(?<![A-Za-z])(?:words)(?![A-Za-z])`` finds except digit runs right after a letter
    ("G20") and words right after a digit ("5one"), which CORE rejects anyway (its digits must
    not follow a word character, its words start at a word boundary); the extra digit runs it
    finds start right after a digit, which CORE rejects for the same reason."""
    after, first = _cand()
    m = first.match(text)
    out = [m.span()] if m else []
    out += [m.span(1) for m in after.finditer(text)]
    return out


# Characters outside printable ASCII that both engines treat alike (not word, digit or letter
# characters, same whitespace class): a text made only of these and ASCII is "plain".
_ODD = _stdre.compile(r"[^\t\n\r -~]")
_SAFE: dict[str, bool] = {}


def _char_safe(ch: str) -> bool:
    ok = _SAFE.get(ch)
    if ok is None:
        import regex

        ok = (not _stdre.match(r"\w", ch) and not regex.match(r"[\w\p{L}\p{N}\p{M}]", ch)
              and bool(_stdre.match(r"\s", ch)) == bool(regex.match(r"\s", ch))
              and ch not in "\u200c\u200d")
        _SAFE[ch] = ok
    return ok


_last_plain: tuple[str | None, bool] = (None, False)


def is_plain(text: str) -> bool:
    """Whether stdlib ``re`` patterns give the same results as ``regex`` ones on text."""
    global _last_plain  # noqa: PLW0603 - a one-entry memo: the article last asked about
    last = _last_plain
    if last[0] is text:  # the same article: extract, respectively pairs, names
        return last[1]
    plain = all(_char_safe(ch) for ch in set(_ODD.findall(text)))
    _last_plain = (text, plain)
    return plain


# ---------------------------------------------------------------------------------------------
# Small helpers


def lemma(word: str) -> str:
    """Lowercase singular form, so "meetings" and "meeting" name the same thing; keeps pluralia."""
    w = word.lower().strip("'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if w in _PLURALIA:
        return w
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies") and not w.endswith("series"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "os'")):
        return w[:-1]
    return w


@lru_cache(maxsize=4096)
def _words_value(s: str) -> float | None:
    """Value of a run of number words; None when it is not one number (e.g. "seven three")."""
    t = " ".join(s.lower().replace("-", " ").split())
    mult = 1.0
    if t.endswith("dozen"):
        t = t[: -len("dozen")].strip()
        mult = 12.0
        if not t:
            return 12.0
    if not t:
        return None
    from text_to_num import text2num  # imported on first use: import stays cheap

    try:
        return float(text2num(t, "en")) * mult
    except ValueError:
        return None


def _digits_value(s: str) -> float:
    return float(s.replace(",", ""))


def _interval(value: float, hedge: str | None, dim: str) -> tuple[float, float]:
    """Interval a hedge allows; widths are what an editor would still call consistent."""
    if dim == "temperature":  # additive: relative widths make no sense around 0 °C
        w = max(1.5, abs(value) * 0.1)
        table = {None: (value, value), "about": (value - w, value + w), "nearly": (value - w, value),
                 "slightly over": (value, value + w), "over": (value, value + 3 * w),
                 "well over": (value + w, value + 6 * w), "at least": (value, value + 3 * w),
                 "under": (value - 10 * w, value), "as many as": (value - 3 * w, value)}
        return table.get(hedge, (value, value))
    x = value
    table = {
        None: (x, x),
        "about": (0.85 * x, 1.15 * x),
        "nearly": (0.85 * x, x),
        "slightly over": (x, 1.15 * x),
        "over": (x, 1.5 * x),
        "well over": (1.15 * x, 3 * x),
        "at least": (x, 1.5 * x),
        "under": (0.0, x),
        "as many as": (0.7 * x, x),
    }
    lo, hi = table.get(hedge, (x, x))
    return (min(lo, hi), max(lo, hi))


def _sentence_start(text: str, pos: int, floor: int, P: _Patterns) -> int:
    """Start of the sentence containing pos (cheap backwards search, bounded by floor)."""
    lo = max(floor, pos - 400)
    best = lo
    for m in P.SENT_END.finditer(text, lo, pos):
        best = m.end()
    return best


def _is_noun(tok: str) -> bool:
    """Crude noun test: a lowercase content word that is not a function word, verb form or adverb."""
    if not tok[:1].isalpha() or not tok[:1].islower():
        return False
    t = tok.lower()
    if t in _STOP or t.endswith("ly"):
        return False
    return not t.endswith("ed") or t in {"speed", "need", "bed", "shed", "seed", "feed", "breed", "weed", "creed"}


def _looks_adjective(tok: str) -> bool:
    t = tok.lower()
    return t in _ADJ_WORDS or ("-" in t and not t.endswith(("-up", "-off"))) or (len(t) > 5 and t.endswith(_ADJ_SUFFIXES))


# words of _STOP that modify a counted noun ("12 more bodies", "10 total games")
_COUNT_MODIFIERS = frozenset({"more", "total", "additional", "extra", "further", "other", "new", "separate", "different"})


def _count_modifier(tok: str) -> bool:
    """A lowercase word that can stand between a number and the noun it counts: an adjective
    or a noun used as one ("wooden", "police"), or one of _COUNT_MODIFIERS."""
    t = tok.lower()
    if not tok[:1].islower() or t.endswith("ly"):
        return False
    return t in _COUNT_MODIFIERS or (t not in _STOP and t not in _UNITS)


def _plural(tok: str) -> bool:
    """A lowercase plural noun that is not a unit ("games", "bodies"; not "hours", "boss")."""
    t = tok.lower()
    return (len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is")) and _is_noun(tok)
            and t not in _UNITS and lemma(t) not in _UNITS)


def _following_noun(text: str, pos: int, P: _Patterns) -> str | None:
    """Head noun after an attributive quantity: "35-minute closed-door meeting" -> meeting."""
    head = None
    for _ in range(3):
        m = P.NEXT_WORD.match(text, pos)
        if not m:
            break
        w = m.group(1)
        if not _is_noun(w):
            # "a 90-day court-ordered stint": a participle before the noun is skipped
            if w[:1].islower() and ("-" in w or w.endswith("ed")) and w.lower() not in _STOP:
                pos = m.end()
                continue
            break
        head = w
        pos = m.end()
        if not _looks_adjective(head):
            break
    return lemma(head) if head else None


def _head_from_left(text: str, start: int, floor: int, P: _Patterns) -> str | None:
    """Head for "the meeting, lasting about 30 minutes" / "talks ... that lasted about 7 hours"."""
    s0 = _sentence_start(text, start, floor, P)
    toks = P.WORD.findall(text, s0, start)
    if not toks:
        return None
    i = len(toks) - 1
    # the word right before the quantity must be a linking verb ("lasted", "rose to") or "for"
    if toks[i].lower() == "for":
        i -= 1  # "talks with X for over three hours": what precedes "for" is what lasted
    else:
        if toks[i].lower() in _LINK_PREPS and i > 0:
            i -= 1
        if toks[i].lower() not in _LINK_VERBS:
            return None
        i -= 1
    if i < 0:
        return None
    # "NOUN with|between ... lasted": the noun before the preposition is what lasted
    lo = max(0, i - 14)
    for j in range(i, lo, -1):
        if toks[j].lower() in _WITH_WORDS and _is_noun(toks[j - 1]):
            return lemma(toks[j - 1])
        if toks[j] in {";", ":"}:
            break
    # otherwise the nearest lowercase noun to the left, skipping names and relatives
    for j in range(i, max(-1, i - 8), -1):
        t = toks[j]
        if t.lower() in _RELATIVES or t in {",", "(", ")"}:
            continue
        if _is_noun(t) or (j == 0 and t[:1].isupper() and _is_noun(t.lower())
                           and not (j + 1 < len(toks) and toks[j + 1][:1].isupper())):
            return lemma(t)
        if t[:1].isupper() or t.lower() in {"the", "a", "an", "'s", "of", "to", "its", "their", "his", "her"}:
            continue
        if t.lower() in _STOP:
            continue
        break
    return None


# ---------------------------------------------------------------------------------------------
# Scanner


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    value: float  # in the written unit
    low: float
    high: float
    unit: str | None
    dim: str
    factor: float
    hedge: str | None
    adjectival: bool
    head: str | None
    is_range: bool = False
    resp: int | None = None
    conv: bool = False
    whole: bool = False  # the total of a part just before it ("28 of 41 passes")


def _parse_core(m: _stdre.Match[str]) -> float | None:
    if m.group("digits") is not None:
        return _digits_value(m.group("digits"))
    if m.group("frac") is not None:
        a, b = m.group("frac").lower().replace("-", " ").split(None, 1)
        return _FRAC_NUM[a] * _FRACTIONS[b]
    if m.group("words") is not None:
        return _words_value(m.group("words"))
    if m.group("aword") is not None:
        t = m.group("aword").lower()
        return 6.0 if t.startswith("half") else float(_SCALES.get(t.split()[-1], 12))
    art = " ".join(m.group("art").lower().split())
    if art.startswith("half"):
        return 0.5
    if "half" in art:
        return 0.5
    if "couple" in art:
        return 2.0
    return 1.0


def _number_at(text: str, pos: int, P: _Patterns) -> tuple[_stdre.Match[str], float, int] | None:
    """Parse a number core (with scale and "and a half") starting exactly at pos."""
    m = P.CORE_TIGHT.match(text, pos)
    if not m or m.group("art") is not None:
        return None
    v = _parse_core(m)
    if v is None:
        return None
    end = m.end()
    if m.group("digits") is not None:
        sm = P.SCALE_AFTER.match(text, end)
        if sm and sm.group(1):
            v *= _DIGIT_SCALES[sm.group(1).lower()]
            end = sm.end()
    hm = P.HALF_AFTER.match(text, end)
    if hm:
        v += _FRACTIONS.get(hm.group(0).split()[-1].split("-")[-1].lower(), 0.5) * (3 if "three" in hm.group(0).lower() else 1)
        end = hm.end()
    return m, v, end


def _phones(text: str, P: _Patterns) -> list[tuple[int, int]]:
    """Spans of phone numbers; stdlib: two patterns that start with a character class (fast to
    scan for), merged as one finditer over their alternation would find them."""
    if not P.std:
        return [(p.start(), p.end()) for p in P.PHONE.finditer(text)]
    out: list[tuple[int, int]] = []
    a = P.PHONE_PLUS.search(text)
    b = P.PHONE_DIGITS.search(text)
    while a is not None or b is not None:
        m = a if b is None or (a is not None and a.start() < b.start()) else b
        assert m is not None  # one of the two is not None (the loop's condition)
        pos = m.end()
        out.append((m.start(), pos))
        if a is not None and a.start() < pos:
            a = P.PHONE_PLUS.search(text, pos)
        if b is not None and b.start() < pos:
            b = P.PHONE_DIGITS.search(text, pos)
    return out


def _scan(text: str, P: _Patterns) -> list[_Raw]:
    out: list[_Raw] = []
    phones = _phones(text, P)
    phone_starts = [p[0] for p in phones]
    pos = 0
    for cs, ce in _candidates(text):
        if cs < pos:
            continue
        if ce - cs <= 2 and text[cs:ce].lower() in ("a", "an"):
            nxt = text[ce + 1:ce + 12].lower()
            if not nxt.startswith(_ART_NEXT):
                continue  # "a"/"an" count only before a unit ("an hour", "a dozen")
        m = P.CORE.match(text, cs)
        if m is None:
            continue
        s = m.start()
        pos = m.end()
        if phones:
            k = bisect.bisect_right(phone_starts, s) - 1
            if k >= 0 and phones[k][0] <= s < phones[k][1]:
                pos = max(pos, phones[k][1])
                continue
        raw = _parse_at(text, m, P)
        if raw is None:
            continue
        out.append(raw)
        pos = max(pos, raw.end)
    return out


# ages are in years; the units an age is given in
_AGE_UNITS = {"year": 1.0, "month": 1 / 12, "week": 7 / 365.2425, "day": 1 / 365.2425}
# "a 5.9 quake": a decimal before one of these is a magnitude
_QUAKE_WORDS = {"quake", "earthquake", "temblor", "tremor", "aftershock", "shock"}
_MONTH_ABBR = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_MONTH_NO = {m.lower(): i + 1 for i, m in enumerate(_MONTHS.split("|")[:12])}
_MONTH_NO.update({m[:3]: n for m, n in list(_MONTH_NO.items())} | {"sept": 9})
# time hedges: minutes either side of the time said
_TIME_HEDGES = {
    "shortly after": (0, 30), "soon after": (0, 30), "just after": (0, 15), "just past": (0, 15),
    "shortly before": (-30, 0), "just before": (-15, 0), "around": (-15, 15), "about": (-15, 15),
    "approximately": (-15, 15), "roughly": (-15, 15), "after": (0, 180), "before": (-180, 0),
    "by": (-720, 0), "until": (-720, 0), "till": (-720, 0),
}


def _clock(text: str, m: _stdre.Match[str], P: _Patterns) -> _Raw | None:
    """A time of day at a digit core: "10:30 p.m.", "4 pm", "10.30pm", "1400 GMT"; minutes after
    midnight, unit "clock" (or "clock?" when neither a.m./p.m. nor a 24-hour hour says which half)."""
    g = m.group("digits")
    end = m.end()
    if "," in g:
        return None
    if "." in g:  # "10.30pm": the core took the minutes as decimals
        hh, _, mm = g.partition(".")
        if len(mm) != 2:
            return None
        cm = P.CLOCK_AFTER.match(text, end)
        if not cm or not cm.group("ap"):
            return None
        hour, minute = int(hh), int(mm)
    else:
        cm = P.CLOCK_AFTER.match(text, end)
        if not cm or not (cm.group("mm") or cm.group("ap") or cm.group("tz")):
            return None
        if cm.group("sep") == "." and not (cm.group("ap") or cm.group("tz")):
            return None  # "5.30" alone is a decimal
        if len(g) == 4 and cm.group("tz") and not cm.group("mm"):  # "1400 GMT"
            hour, minute = int(g[:2]), int(g[2:])
        elif len(g) > 2:
            return None
        else:
            hour, minute = int(g), int(cm.group("mm") or 0)
    ap = (cm.group("ap") or "").strip().lower()
    if hour > 24 or minute > 59 or (ap and not 1 <= hour <= 12):
        return None
    if ap.startswith("p") and hour != 12:
        hour += 12
    elif ap.startswith("a") and hour == 12:
        hour = 0
    unit = "clock" if ap or hour > 12 or hour == 0 or cm.group("tz") else "clock?"
    value = float(hour * 60 + minute)
    start, lo, hi, hedge = m.start(), value, value, None
    hb = P.TIME_HEDGE_BEFORE.search(text, max(0, start - 20), start)
    if hb:
        hedge = hb.group("h").lower()
        a, b = _TIME_HEDGES[hedge]
        lo, hi, start = value + a, value + b, hb.start()
    return _Raw(start, cm.end(), value, lo, hi, unit, "time", 1.0, hedge, False, None)


def _date(text: str, m: _stdre.Match[str], value: float, db: Any, P: _Patterns) -> _Raw | None:
    """A date at a digit core with a month name before ("Dec. 8, 2006", "December 2006") or after
    ("8 December"): the date's ordinal, or month x 31 + day without a year; a month and year is
    a year. None when the digits are not a day (or a year) of that month."""
    digits = m.group("digits")
    if not digits.isdigit():
        return None
    s, end = m.start(), m.end()
    if db is not None:
        if any(ch.isdigit() for ch in db.group()):
            return None  # the year of a date whose day was not read as one
        mon = _MONTH_NO.get(db.group().split()[0].rstrip(".").lower())
        start = db.start()
    else:
        mm = P.MONTH_AFTER.match(text, end)
        mon = _MONTH_NO.get(mm.group("mon").rstrip(".").lower()) if mm else None
        start = s
        end = mm.end() if mm else end
        if mm and text[end - 1] == "." and mm.group("mon") not in _MONTH_ABBR:
            end -= 1  # "the 4th of July.": the sentence's period, not an abbreviation's
    if mon is None:
        return None
    day = int(digits)
    if len(digits) == 4 and db is not None and 1800 <= day <= 2100:  # "December 2006"
        return _Raw(start, end, float(day), float(day), float(day), "year", "year", 1.0, None, False, None)
    if not 1 <= day <= 31:
        return None
    if db is not None:
        sm = P.DAY_SUFFIX.match(text, end)
        if sm:
            end = sm.end()
    ym = P.YEAR_AFTER.match(text, end)
    if ym:
        try:
            v = float(_dt.date(int(ym.group("y")), mon, day).toordinal())
        except ValueError:
            return None
        return _Raw(start, ym.end(), v, v, v, "date", "date", 1.0, None, False, None)
    v = float(mon * 31 + day)
    return _Raw(start, end, v, v, v, "day of year", "date", 1.0, None, False, None)


def _age_or_magnitude(text: str, s: int, qstart: int, end: int, value: float, is_digits: bool, P: _Patterns) -> _Raw | None:
    """A bare number that is an age ("aged 34", "Ana Ruiz, 34, said") or a magnitude
    ("magnitude 5.9", "5.9 on the Richter scale")."""
    if P.MAG_BEFORE.search(text, max(0, s - 16), s) or (is_digits and P.MAG_AFTER.match(text, end)):
        if 0 < value < 10:
            mb = P.MAG_BEFORE.search(text, max(0, s - 16), s)
            start = min(qstart, mb.start()) if mb else qstart
            return _Raw(start, end, value, value, value, "magnitude", "magnitude", 1.0, None, False, None)
        return None
    if value != int(value) or not 0 < value < 120:
        return None
    if P.AGE_BEFORE.search(text, max(0, s - 11), s):
        return _Raw(qstart, end, value, value, value, "year", "age", 1.0, None, False, None)
    # the anchored match after the number first: it fails for most numbers, the search before
    # them costs several times more
    if is_digits and P.APPOS_AFTER.match(text, end) and P.APPOS_BEFORE.search(text, max(0, s - 40), s):
        return _Raw(qstart, end, value, value, value, "year", "age", 1.0, None, False, None)
    return None


def _parse_at(text: str, m: _stdre.Match[str], P: _Patterns) -> _Raw | None:
    s = m.start()
    is_digits = m.group("digits") is not None
    is_art = m.group("art") is not None
    value = _parse_core(m)
    if value is None or not math.isfinite(value):
        return None  # a run of hundreds of digits is no quantity
    end = m.end()
    # --- dates, clock times, and things that are not measurements ----------------------------------
    if is_digits:
        db = P.DATE_BEFORE.search(text, max(0, s - 30), s)
        if db is not None or P.MONTH_AFTER.match(text, end):
            return _date(text, m, value, db, P)
        clock = _clock(text, m, P)
        if clock is not None:
            return clock
        if P.ORDINAL_AFTER.match(text, end):
            return None
        if end < len(text) and text[end] == "." and end + 1 < len(text) and text[end + 1].isdigit():
            return None  # version numbers, IP addresses
        if P.TIME_AFTER.match(text, end):
            return None
        if end < len(text) and text[end] in "/:" and end + 1 < len(text) and text[end + 1].isdigit():
            return None  # 19/06, ratios like 3:2
        lb = max(0, s - 20)
        if P.LABEL_BEFORE.search(text, lb, s):
            return None
        if P.BLOCK_AFTER.match(text, end):
            return None  # "the 1700 block of Elm Street": an address
        if P.TIMES_AFTER.match(text, end) or P.TIMES_BEFORE.search(text, max(0, s - 12), s):
            return None  # "1,280 x 800 pixels": a size, not a count
        gm = P.HALF_GLYPH.match(text, end)
        if gm:  # "4½ months"
            value += {"½": 0.5, "¼": 0.25, "¾": 0.75}[gm.group()]
            end = gm.end()
    word_lower = m.group(0).lower()
    # --- scale, "and a half" ---------------------------------------------------------------
    cur_code: str | None = None
    cur_factor = 1.0
    cb = P.CUR_BEFORE.search(text, max(0, s - 5), s)
    if cb:
        sym = cb.group(0).strip()
        cur_code = _CUR_SYMBOLS.get(sym, _CUR_SYMBOLS.get(sym.rstrip(".")))
    qstart = cb.start() if cb else s
    if is_digits:
        sm = P.SCALE_AFTER.match(text, end)
        if sm and (sm.group(1) or (cur_code and sm.group(2))):
            value *= _DIGIT_SCALES[(sm.group(1) or sm.group(2)).lower()]
            end = sm.end()
        elif end < len(text) and (text[end].isalpha()) and not P.UNIT_AFTER.match(text, end):
            return None  # 4G, 3D, 737MAX: a name, not a number
    if not is_art:
        hm = P.HALF_AFTER.match(text, end)
        if hm:
            frac = hm.group(0).lower()
            value += 0.75 if "three" in frac else (0.25 if "quarter" in frac else 0.5)
            end = hm.end()
    # --- hedge before ---------------------------------------------------------------------
    hedge: str | None = None
    hb = P.HEDGE_BEFORE.search(text, max(0, qstart - 24), qstart)
    if hb:
        hedge = _HEDGE_OF[hb.group("h").lower()]
        # "over" / "under" / "some" / "from" are prepositions or determiners too; only trust them
        # when nothing points to that other sense ("over 30 years" is still a hedge).
        qstart = hb.start()
    # --- range ----------------------------------------------------------------------------
    low_v = high_v = value
    is_range = False
    rm = P.RANGE_SEP.match(text, end)
    if rm and not is_art:
        sep = rm.group(0).strip().lower()
        # "four or five months": a range too, when the second number is the next one or so
        ok_sep = sep in {"-", "–", "—", "to", "or"} or (sep == "and" and hedge == "between")
        if ok_sep:
            cb2 = P.CUR_BEFORE.search(text, rm.end(), min(len(text), rm.end() + 4))
            p2 = rm.end()
            if cb2 is None and text.startswith(("$", "£", "€"), p2):
                p2 += 1
            nm = _number_at(text, p2, P)
            same_kind = nm is not None and ((nm[0].group("digits") is not None) == is_digits)
            if nm is not None and same_kind:
                v2 = nm[1]
                if is_digits and v2 < value and sep in {"-", "–", "—"}:
                    return None  # a score ("2-1", "6-4") or a code, not a range
                if v2 > value and (sep != "or" or v2 <= 2 * value + 1):
                    low_v, high_v = value, v2
                    is_range = True
                    end = nm[2]
                    if hedge != "between":
                        hedge = "between" if hedge in (None, "between") else hedge
    if hedge == "between" and not is_range:
        hedge = None
        qstart = hb.end() if hb else qstart
        if cb:
            qstart = cb.start()
    # --- unit -----------------------------------------------------------------------------
    unit: str | None = None
    dim = "plain"
    factor = 1.0
    adjectival = False
    um = P.UNIT_AFTER.match(text, end)
    if um:
        form = um.group("unit")
        key = form.lower()
        sep = um.group("sep")
        if form in ("C", "F", "°C", "°F", "ºC", "ºF", "° C", "° F") or (key not in ("c", "f")):
            u = _UNITS.get(key)
        else:
            u = None
        if u and key in _CASED_ABBR and form != key:
            u = None  # "5G" is a network, "3M" a company: abbreviations are lowercase
        if u and key in ("m", "g", "mi", "ha", "in.") and sep.strip():
            u = None  # "5 m" is fine, "5 - m" is not; keep only tight or spaced abbreviations
        if u and "a" in sep.strip().split() and "of" not in sep:
            u = None  # "two a day" is a rate, not "two days"
        if u and "of" in sep and m.group("frac") is None:
            u = None
        if u and key in ("pounds", "pound") and (cur_code == "GBP"):
            u = None
        if u and u[1] == "temperature" and key in ("c", "f", "° c", "° f") and not is_digits:
            u = None
        if u and cur_code and u[1] != "percent":
            u = None
        if u:
            unit, dim, factor = u
            end = um.end()
            adjectival = "-" in sep
            if dim == "temperature" and unit == "fahrenheit":
                pass
            # "an hour and a half"
            tm = P.HALF_UNIT_TAIL.match(text, end) if dim == "duration" else None
            if tm:
                frac = tm.group(0).lower()
                add = 0.75 if "three" in frac else (0.25 if "quarter" in frac else 0.5)
                value += add
                low_v += add
                high_v += add
                end = tm.end()
            if unit == "half-hour":
                unit, factor = "hour", factor / 1800 * 3600 * 0.5
            if dim == "duration" and unit in _AGE_UNITS:
                om = P.AGE_OLD.match(text, end)
                if om:  # "a 61-year-old man", "46 years old", "a 3-month-old": an age, in years
                    dim, factor, end, unit = "age", _AGE_UNITS[unit], om.end(), "year"
    if unit is None:
        cw = P.CUR_WORD_AFTER.match(text, end)
        if cw:
            code, f = _CUR_WORDS[cw.group("cw").lower()]
            if cur_code is None or cur_code == code:
                cur_code, cur_factor = code, f
                end = cw.end()
        if cur_code:
            unit, dim, factor = cur_code, "money", cur_factor
    if is_art and unit is None:
        return None
    if unit is None and m.group("frac") is not None:
        om = P.OF_AFTER.match(text, end)
        if om:
            unit, dim, factor = "fraction", "percent", 100.0
    # negative temperatures: "-5 C"
    if dim == "temperature" and s > 0 and text[s - 1] in "-−" and (s < 2 or not text[s - 2].isalnum()):
        value, low_v, high_v = -value, -high_v, -low_v
        qstart = min(qstart, s - 1)
    # --- counts and bare numbers ------------------------------------------------------------
    head: str | None = None
    if unit is None and not is_range and hedge is None:
        special = _age_or_magnitude(text, s, qstart, end, value, is_digits, P)
        if special is not None:
            return special
    if unit is None:
        if is_digits and m.group("digits").isdigit() and len(m.group("digits")) == 4 and 1000 <= value <= 2100:
            if value < 1800:
                return None
            # a year: "in 2005", "the 2010 season"
            nw = P.NEXT_WORD.match(text, end)
            yhead = lemma(nw.group(1)) if nw and _is_noun(nw.group(1)) else None
            return _Raw(qstart, end, value, low_v, high_v, "year", "year", 1.0, hedge, yhead is not None, yhead, is_range)
        hn = P.HYPHEN_NOUN.match(text, end)
        if hn and _is_noun(hn.group(1)) and hn.group(1) not in _UNITS:
            # "a two-party system", "a four-man crew": a count of the noun after the hyphen
            noun = hn.group(1)
            nxt = _following_noun(text, hn.end(), P)
            return _Raw(qstart, hn.end(), value, low_v, high_v, lemma(noun), "count", 1.0, hedge, True, nxt, is_range)
        nw = P.NEXT_WORD.match(text, end)
        one_like = word_lower == "one"
        if one_like:
            before = text[max(0, s - 8):s].lower().split()
            if before and before[-1] in {"no", "any", "every", "some", "this", "that", "the", "which", "each", "anyone", "someone"}:
                return None
            if nw and nw.group(1).lower() in {"of", "another", "other", "else", "and", "or", "who", "that", "which"}:
                return None
        if nw and (nw.group(1).lower().endswith("est") or ("-" not in nw.group(1) and _looks_adjective(nw.group(1)))):
            nw2 = P.NEXT_WORD.match(text, nw.end())  # "two largest economies", "five new cases"
            nw = nw2 if nw2 and _is_noun(nw2.group(1)) and not _looks_adjective(nw2.group(1)) else None
        elif nw and not _plural(nw.group(1)) and _count_modifier(nw.group(1)):
            # "10 total games", "12 more bodies", "40 wooden homes", "12 police officers": the
            # plural after one modifier is what is counted
            nw2 = P.NEXT_WORD.match(text, nw.end())
            if nw2 and _plural(nw2.group(1)):
                nw = nw2
        if nw and _is_noun(nw.group(1)) and nw.group(1).lower() not in {"percent"}:
            # "300 people", "16 letters", "two sides"; "thousands of" never reaches here
            noun = nw.group(1)
            if is_digits and "." in m.group("digits") and value < 10 and lemma(noun) in _QUAKE_WORDS:
                return _Raw(qstart, end, value, low_v, high_v, "magnitude", "magnitude", 1.0, hedge, True, lemma(noun), is_range)
            unit = "person" if noun.lower() in ("people", "persons") else lemma(noun)
            dim = "count"
            head = "people" if unit == "person" else unit
            end = nw.end()
        # (digits were looked at for a label before them already, above, and had none)
        elif one_like or (not is_digits and P.LABEL_BEFORE.search(text, max(0, s - 20), s)):
            return None
    # --- suffix hedges: "30 minutes or so", "100 or more" ------------------------------------
    sh = P.SUFFIX_HEDGE.match(text, end)
    if sh and hedge is None and not is_range:
        hedge = _HEDGE_OF[sh.group("h").lower()]
        end = sh.end()
    # --- interval -------------------------------------------------------------------------
    if is_range:
        lo, hi = low_v, high_v
        value = (low_v + high_v) / 2
        if hedge not in (None, "between"):
            lo = _interval(low_v, hedge, dim)[0]
            hi = _interval(high_v, hedge, dim)[1]
    else:
        lo, hi = _interval(value, hedge, dim)
        if is_art and hedge is None and dim == "duration" and value == 1:
            # "a week of talks", "a month later": said loosely, as "about" would say it
            lo, hi = _interval(value, "about", dim)
    return _Raw(qstart, end, value, lo, hi, unit, dim, factor, hedge, adjectival, head, is_range)


def _to_base(r: _Raw) -> tuple[float, float, float]:
    if r.dim == "temperature" and r.unit == "fahrenheit":
        def c(x: float) -> float:
            return (x - 32) * 5 / 9
        return c(r.value), c(r.low), c(r.high)
    return r.value * r.factor, r.low * r.factor, r.high * r.factor


def _attach_heads(text: str, raws: list[_Raw], P: _Patterns) -> None:
    """Fill in what each quantity measures (see Quantity.head)."""
    prev_end = 0
    for r in raws:
        if r.dim == "count" and r.unit == "person" and r.head is None:
            r.head = "people"
        if r.dim in ("plain",) or r.head is not None:
            prev_end = r.end
            continue
        head = None
        of = P.OF_AFTER.match(text, r.end)
        if of:
            head = _following_noun(text, of.end() - 1, P)
        if head is None:
            det_before = P.DET_BEFORE.search(text, max(0, r.start - 16), r.start)
            if r.adjectival or (det_before and r.dim != "count") or r.dim == "money":
                head = _following_noun(text, r.end, P)
                if head and not r.adjectival and r.dim in ("duration",):
                    head = None if r.unit and r.value != 1 and text[r.end - 1] == "s" else head
                if head and not r.adjectival:
                    r.adjectival = True
        if head is None:
            head = _head_from_left(text, r.start, 0, P)
        r.head = head
        prev_end = r.end
    del prev_end


_PART_OF = _stdre.compile(r"[ \t]+of[ \t]+(?:(?:the|their|its|his|her)[ \t]+)?(?:[A-Z][\w.-]*['’]s?[ \t]+|[a-z][\w.-]*['’]s[ \t]+)?\Z")


def _distribute_units(text: str, raws: list[_Raw], P: _Patterns) -> None:
    """"seven and three hours": a bare number listed before a measured one shares its unit;
    "28 of 41 passes", "10 of the team's 16 games": the part counts what the whole counts."""
    for i in range(len(raws) - 2, -1, -1):
        a, b = raws[i], raws[i + 1]
        if b.start - a.end > 40:
            continue  # too far apart to be one phrase (and no scan of a long stretch)
        if a.unit is None and b.dim == "count" and not a.is_range and _PART_OF.match(text, a.end, b.start):
            a.unit, a.dim, a.factor, a.head = b.unit, b.dim, b.factor, b.head
            a.low, a.high = _interval(a.value, a.hedge, a.dim)
            b.whole = True
            continue
        # a date is no unit to share ("3 and 5 May" are two days, not 3 as an ordinal)
        if a.unit is None and b.unit is not None and b.dim not in ("count", "date", "year") \
                and _is_list_gap(text, a.end, b.start, P):
            a.unit, a.dim, a.factor = b.unit, b.dim, b.factor
            a.low, a.high = _interval(a.value, a.hedge, a.dim) if not a.is_range else (a.low, a.high)
            a.head = b.head


def _is_list_gap(text: str, start: int, end: int, P: _Patterns) -> bool:
    """The text between two quantities is only a list's separator (", ", " and ", ", and "),
    after a suspended hyphen perhaps ("13- and 15-inch"): "seven and three hours", not
    "0 ... By Ana Ruiz, August 2"."""
    m = P.LIST_SEP.search(text, start, end)
    if m is None:
        return False
    lead = start
    while lead < m.start() and text[lead] in " \t-–":
        lead += 1
    return m.start() == lead


def _mark_respectively(text: str, raws: list[_Raw], P: _Patterns) -> None:
    """Index the items of a "... respectively" list and share the first item's hedge and head."""
    # Only an occurrence right after a quantity (past spaces and commas) can end a list: look
    # there instead of scanning the whole text (the same occurrences, in the same order).
    # The quantity right before each occurrence ends its list (linear: no scan per occurrence).
    ends: dict[int, int] = {}
    for k, r in enumerate(raws):
        p = r.end
        while p < len(text) and p - r.end < 40 and text[p] in " \t,":
            p += 1
        if P.RESPECTIVELY.match(text, p):
            ends[p] = k  # the last quantity before that "respectively"
    for rs in sorted(ends):
        k = ends[rs]
        items = [k]
        while (k > 0 and raws[k - 1].dim != "plain" and raws[k].start - raws[k - 1].end <= 12
               and P.LIST_SEP.search(text, raws[k - 1].end, raws[k].start)):
            k -= 1
            items.append(k)
        items.reverse()
        if len(items) < 2:
            continue
        first = raws[items[0]]
        for pos, k in enumerate(items):
            r = raws[k]
            r.resp = pos
            if r.hedge is None and first.hedge is not None and not r.is_range:
                r.hedge = first.hedge
                r.low, r.high = _interval(r.value, r.hedge, r.dim)
            if r.head is None:
                r.head = first.head


_CONV_GAP = _stdre.compile(r"[ \t]*[(\[][ \t]*(?:about|around|roughly|some|nearly|approximately|approx\.|or|c\.|ca\.)?[ \t]*\Z")


def _mark_conversions(text: str, raws: list[_Raw]) -> None:
    """"2,000 feet (610 m)", "85 million euros ($108 million)": the bracketed quantity restates
    the one before it in another unit or currency."""
    for a, b in pairwise(raws):
        if b.start - a.end <= 14 and a.dim == b.dim and a.dim != "plain" and _CONV_GAP.match(text, a.end, b.start):
            b.conv = True


def extract(text: str) -> list[Quantity]:
    """All quantities stated in text (a sentence or a whole document), in order of position."""
    P = _patterns(is_plain(text))
    raws = _scan(text, P)
    _distribute_units(text, raws, P)
    _attach_heads(text, raws, P)
    _mark_respectively(text, raws, P)
    _mark_conversions(text, raws)
    out: list[Quantity] = []
    for r in raws:
        v, lo, hi = _to_base(r)
        unit = "" if r.dim == "plain" else r.unit or ""
        out.append(Quantity(r.start, r.end, text[r.start:r.end], v, min(lo, hi), max(lo, hi), unit,
                            r.dim, r.hedge, r.adjectival, r.head, r.resp, r.conv, r.whole, r.value))
    return out


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same kind of thing in convertible units."""
    if a.dimension != b.dimension or a.dimension == "plain":
        return False
    if a.dimension in ("money", "count"):
        return a.unit == b.unit
    if a.dimension == "percent":
        return (a.unit == "percentage point") == (b.unit == "percentage point")
    return True


def respectively_pairs(text: str) -> list[tuple[tuple[int, int], Quantity]]:
    """Pair each quantity of a "... respectively" list with the entity it belongs to.

    "talks with Wang Yi and Qin Gang that lasted seven hours and three hours respectively"
    -> [((span of "Wang Yi"), 7 h), ((span of "Qin Gang"), 3 h)]. Entities are taken from the
    nearest "A and B" / "A, B and C" list before the quantities with as many items; leading
    titles ("Foreign Minister") are dropped from the span. Empty when no such list is found.
    """
    return _pairs(text, extract(text))


def _pairs(text: str, qs: list[Quantity]) -> list[tuple[tuple[int, int], Quantity]]:
    """respectively_pairs() given extract(text)."""
    plain = is_plain(text)
    P = _patterns(plain)
    re: Any  # stdlib `re` or `regex`: the calls below are the same
    if plain:
        re = _stdre
    else:
        import regex

        re = regex
    out: list[tuple[tuple[int, int], Quantity]] = []
    order: list[list[Quantity]] = []
    cur: list[Quantity] = []
    for q in qs:
        if q.respectively_index is None:
            continue
        if q.respectively_index == 0:
            cur = []
            order.append(cur)
        cur.append(q)
    for items in order:
        n = len(items)
        s0 = _sentence_start(text, items[0].start, 0, P)
        seg = text[s0:items[0].start]
        # find "X and Y" (or "X, Y and Z") with n items, nearest to the quantities
        and_pos = [mm.start() for mm in re.finditer(r"[ \t]+and[ \t]+", seg)]
        found = None
        for ap in reversed(and_pos):
            left = seg[:ap]
            right_m = re.match(r"[ \t]+and[ \t]+", seg[ap:])
            assert right_m
            rstart = ap + right_m.end()
            ents: list[tuple[int, int]] = []
            rm_ = re.match(r"(?:the[ \t]+)?([\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]*)*)", seg[rstart:])
            if not rm_:
                continue
            ents.append((rstart + rm_.start(1), rstart + rm_.end(1)))
            cursor = left
            ok = True
            while len(ents) < n:
                lm = re.search(r"\b((?:[A-Z][\w'’.-]*)(?:[ \t]+[A-Z][\w'’.-]*)*|[\w'’.-]+)[ \t]*,?[ \t]*\Z", cursor)
                if not lm:
                    ok = False
                    break
                ents.append((lm.start(1), lm.end(1)))
                cursor = cursor[:lm.start(1)]
                if len(ents) < n:
                    cm = re.search(r",[ \t]*\Z", cursor)
                    if not cm:
                        ok = False
                        break
                    cursor = cursor[:cm.start()]
            if ok and len(ents) == n:
                found = ents[::-1]
                break
        if not found:
            continue
        for (a0, b), q in zip(found, items, strict=False):
            # widen a lone capitalised word left to its full name run, then drop titles
            a = a0
            span = seg[a:b]
            if span[:1].isupper():
                run = None
                for cm in P.ENTITY.finditer(seg, max(0, a - 60), b):
                    if cm.end() >= b and cm.start() <= a:
                        run = cm
                if run:
                    a = run.start()
                words = list(re.finditer(r"\S+", seg[a:b]))
                # drop everything up to the last title word: "Interior Minister Ana Ruiz" -> "Ana Ruiz"
                last_title = max((k for k, w in enumerate(words[:-1])
                                  if w.group(0) in _TITLE_WORDS or w.group(0).lower() in {"of", "the"}), default=-1)
                if last_title >= 0:
                    a += words[last_title + 1].start()
            out.append(((s0 + a, s0 + b), q))
    return out
