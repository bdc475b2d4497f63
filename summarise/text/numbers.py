"""Number phrases: find them in article text and parse them into `Figure`s.

The model never reads numbers for us: a 1.5B model returns "seven" or drops
digits, so every figure in a brief comes from here. Two entry points:

* `parse_figure("more than 5,600")` -> Figure(low=5600, qualifier="more_than").
* `find_figures(text)` -> every number phrase with its character span, skipping
  what is not a count (years, dates, clock times, ordinals, "Covid-19").

Conventions (they follow the gold README, which is what briefs are scored on):
`low` is the number the text states, its floor ("at least 7" -> 7); `high` is
the ceiling the text sets: the number itself when exact ("four" -> 4..4, as the
gold codes it), both ends for a range, the stated number for "up to 50"
(low 50, high 50: the text gives 50 and no other number), else None.
Vague words take ACLED's floor: dozens 12, scores 20, hundreds 100, tens 10...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from summarise.output.schema import Figure, Qualifier

UnitHint = Literal["percent", "distance", "time", "money"]

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SMALL = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
# Wire-style abbreviations too: "13 mln people" (Xinhua, TASS), "1.2 bln".
_SUFFIX_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9}

_WORD = "|".join(sorted([*_SMALL, "hundred", "dozen", *_SCALES], key=len, reverse=True))
_BIG = "hundred|thousand|million|billion|dozen"
# "and" joins words only after a scale word ("one hundred and twenty"), so that
# "between five and six" stays a range and "four dead and five wounded" two hits.
_AND = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))(?:[ \t]+|-)and(?:[ \t]+|-)"
# "a quarter of a million", "three-quarters of a million", "a third of a million", "half a million".
_FRACTION = r"(?:(?:an?|one|two|three)[ \t-]+(?:quarters?|thirds?)[ \t]+of[ \t]+an?|half(?:[ \t]+an?)?|an?)"
_WORD_NUM = (rf"(?:{_FRACTION}[ \t]+(?=(?:{_BIG})\b))?(?:{_WORD})\b"
             rf"(?:(?:[ \t]*-[ \t]*|{_AND}|[ \t]+)(?:{_WORD})\b)*(?!-[^\W\d_])")
# An integer + "m" is metres, not millions, when a distance word follows.
_NOT_METRES = r"(?!\s+(?:from|away|north|south|east|west|long|high|wide|deep|inside|outside)\b)"
# "2, 940 people": a thousands comma typeset with a space. Only before a word (the counted noun), so a
# list of numbers ("7, 125, then") is not joined: a one-to-three digit head, exact groups of three, and
# a word or the end of the phrase (a figure's own text, re-read by parse_figure) after it.
_DIGIT_NUM = (r"(?:\d{1,3}(?:,[ ]\d{3})+(?=[ ]+[^\W\d_]|\Z)|\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\.\d+)?"
              rf"(?:[ \t]+(?:{_BIG})\b|(?:million|billion)\b|[ \t]?(?:bn|mn|mln|bln)\b|(?:k|m)\b{_NOT_METRES})?"
              # Not part of a longer number, not glued to letters ("3D", "15-year-old"),
              # except unit suffixes the caller may want to see ("50km").
              r"(?!\d|[.,]\d|-[^\W\d_])(?!(?!(?:km|kms|mi|m|mm|cm|kg)\b)[^\W\d_])")
_NUM = rf"(?:{_DIGIT_NUM}|{_WORD_NUM})"
_RANGE = rf"(?:between\s+{_NUM}\s+and\s+{_NUM}|{_NUM}(?:[ \t]*[-–][ \t]*|\s+(?:to|or)\s+){_NUM})"
_VAGUE = (r"(?:(?:tens|dozens|scores|hundreds)\s+of\s+(?:thousands|millions)"
          r"|(?:several|a\s+few|many)\s+(?:dozen|hundred|thousand|million)s?"
          r"|dozens|hundreds|thousands|millions|(?:tens|scores)(?=\s+of\b))\b")

_IS_VAGUE = re.compile(r"\b(?:tens|dozens|scores|hundreds|thousands|millions|several|few|many)\b", re.I)

# Qualifier wording -> qualifier. Longest first so "more than" beats "more".
_QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "a minimum of": "at_least",
    "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "just over": "more_than", "well over": "more_than",
    "nearly": "approximately", "almost": "approximately", "about": "approximately",
    "around": "approximately", "approximately": "approximately", "some": "approximately",
    "roughly": "approximately", "an estimated": "approximately", "estimated": "approximately",
    "close to": "approximately", "up to": "up_to", "as many as": "up_to", "at most": "up_to",
    "a maximum of": "up_to", "fewer than": "fewer_than", "less than": "fewer_than",
    "under": "fewer_than", "below": "fewer_than", "just under": "fewer_than",
}
_QUAL = "|".join(q.replace(" ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True))
_PHRASE = re.compile(rf"(?<![\w.,])(?:(?P<qual>{_QUAL})\s+)?(?P<qty>{_RANGE}|{_VAGUE}|{_NUM})", re.I)
_SINGLE = re.compile(rf"(?:(?P<qual>{_QUAL})\s+)?(?P<qty>{_VAGUE}|{_NUM})", re.I)
_BETWEEN = re.compile(rf"between\s+({_NUM})\s+and\s+({_NUM})", re.I)
_PAIR = re.compile(rf"({_NUM})(?:[ \t]*[-–][ \t]*|\s+(?:to|or)\s+)({_NUM})", re.I)

# ACLED-style floors. "several", "a few" and "many" on their own are NOT coded
# (ACLED's fallback of 10 for them is a guess the text never states, and a brief
# must not contain a number the article lacks): parse_figure returns None.
# Before a scale word they take the scale, as the plural does ("several
# thousand" -> 1000, like "thousands").
_VAGUE_VALUES = {"tens": 10, "dozens": 12, "dozen": 12, "scores": 20, "hundreds": 100,
                 "hundred": 100, "thousands": 1000, "thousand": 1000, "millions": 10**6,
                 "million": 10**6}

# What must not be read as a count; masked before searching so spans stay put.
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_MASKS = [
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,\d)"),  # August 15
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![a-z])"),  # 15 August
    re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b|\b\d+/\d+\b"),  # 2021-09-01, 9/11
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?", re.I),  # 10:30
    re.compile(r"\b\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\b\.?|\b\d{4}\s*(?:GMT|UTC)\b", re.I),  # 5 pm
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I),  # 2nd (ordinal words are not number words)
    re.compile(r"\b(?:19|20)\d0s\b|'\d0s\b"),  # 1990s
    re.compile(r"[^\W\d_]+-?\d+(?:[.,]\d+)*[\w-]*"),  # G7, Covid-19, AK-47, F-16, mid-2021
    # "two thirds of those displaced", "one quarter of the town": a share, never a count (the codebook);
    # "three-quarters of a million" is a number and stays
    re.compile(r"\b(?:one|two|three|four)[ \t-]+(?:thirds?|quarters?|fifths?)\b"
               r"(?![ \t]+of[ \t]+an?[ \t]+(?:million|billion|thousand)\b)", re.I),
    re.compile(r"\b(?:no|any|every)\s+one\b|\bone\s+(?:another|by\s+one|after\s+(?:the\s+)?(?:other|another))\b",
               re.I),  # pronouns and "one by one"
]
_YEAR = re.compile(r"(?<![\w.,])(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?(?!\w|[.,]\d)")
# A bare 1900-2099 is a year unless a qualifier precedes it or people follow it.
_NOT_YEAR_BEFORE = re.compile(rf"\b(?:{_QUAL}|between)\s+$", re.I)
_NOT_YEAR_AFTER = re.compile(r"\s+(?:people|persons|civilians|families|households|troops|soldiers|"
                             r"fighters|refugees|residents|children|others)\b", re.I)

_HINT_AFTER: list[tuple[UnitHint, re.Pattern[str]]] = [
    ("percent", re.compile(r"\s*(?:%|per\s?cent\b|percentage\b|pc\b)", re.I)),
    ("distance", re.compile(r"\s*(?:of\s+)?(?:km|kms|kilomet(?:er|re)s?|miles?|mi|metres?|meters?|m|"
                            r"yards?|feet|ft)\b", re.I)),
    ("time", re.compile(r"\s*(?:of\s+)?(?:more\s+|other\s+|straight\s+|consecutive\s+)?(?:seconds?|"
                        r"minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?|"
                        r"decades?|centuries|century)\b", re.I)),
    ("money", re.compile(r"\s*(?:of\s+)?(?:dollars|euros|pounds|rupees|afghanis|yuan|roubles|rubles|"
                         r"USD|EUR|GBP)\b", re.I)),
]
_MONEY_BEFORE = re.compile(r"(?:US\$|\$|£|€|¥|₹|\bRs\.?|\bUSD|\bEUR)\s*$")


@dataclass(frozen=True)
class FoundFigure:
    """A number phrase located in a text; `text[start:end] == found.text`."""

    start: int
    end: int
    text: str
    figure: Figure
    unit_hint: UnitHint | None = None  # percent/distance/money/time: rarely a count of people


_FRACTIONS = {"quarter": Decimal(1) / 4, "quarters": Decimal(1) / 4, "third": Decimal(1) / 3,
              "thirds": Decimal(1) / 3}


def _words_to_int(phrase: str) -> int | None:
    """'twenty-one' -> 21, 'two dozen' -> 24, 'one hundred and five' -> 105; None if ill-formed."""
    words = [w for w in re.findall(r"[a-z]+", phrase.lower()) if w != "and"]
    total, cur, last, last_scale = 0, Decimal(0), "", 10**12
    for w in words:
        if w == "half":
            cur, last = Decimal("0.5"), "a"
        elif w in _FRACTIONS:  # "a quarter of a million": a share of the scale that follows
            cur, last = (cur or 1) * _FRACTIONS[w], "fraction"
        elif w == "of" and last == "fraction":
            last = "a"
        elif w in ("a", "an"):
            cur, last = (cur if last == "a" else Decimal(1)), "a"  # "half a million" stays a half
        elif w in _SMALL:
            v = _SMALL[w]
            unit_after_tens = last == "tens" and 0 < v < 10
            if last not in ("", "hundred", "scale") and not unit_after_tens:
                return None  # "one two", "twenty thirty"
            cur += v
            last = "tens" if w in _TENS else ("unit" if v < 10 else "teen")
        elif w == "hundred":  # "hundred", "three hundred", "twelve hundred", "twenty-five hundred"
            if last not in ("", "a", "unit", "teen", "tens") or cur >= 100:
                return None
            cur, last = (cur or 1) * 100, "hundred"
        elif w == "dozen":
            cur, last = (cur or 1) * 12, "dozen"
        elif w in _SCALES:
            scale = _SCALES[w]
            if scale >= last_scale:
                return None  # "thousand thousand"
            total += int((cur or 1) * scale)
            cur, last, last_scale = Decimal(0), "scale", scale
        else:
            return None
    return total + int(cur) if words else None


def _to_int(num: str) -> int | None:
    """One number, digits or words: '5,600', '10 000', '1.5 million', '2.3m', 'seven'."""
    num = num.strip()
    m = re.fullmatch(r"([\d,.\s\u00a0\u202f]*\d)\s*([a-z]*)", num, re.I)
    if not m:
        return _words_to_int(num)
    value = Decimal(re.sub(r"[,\s\u00a0\u202f]", "", m.group(1)))
    suffix = m.group(2).lower()
    scale = _SUFFIX_SCALES.get(suffix) or _SCALES.get(suffix) or {"hundred": 100, "dozen": 12}.get(suffix)
    if suffix and scale is None:
        return int(value)  # a unit like "km": the caller gets the hint separately
    return int(value * (scale or 1))  # Decimal, so 2.3m is 2300000 and not 2299999


def _vague_floor(qty: str) -> int:
    words = re.findall(r"[a-z]+", qty.lower())
    scales = [_VAGUE_VALUES[w] for w in words if w in _VAGUE_VALUES]
    value = 1
    for s in scales:  # "tens of thousands" -> 10 * 1000
        value *= s
    return value


def _build(qual: str | None, qty: str, text: str) -> Figure | None:
    """Figure from a matched qualifier and quantity, or None when the quantity is not a number."""
    qualifier: Qualifier = _QUALIFIERS[" ".join(qual.lower().split())] if qual else "exact"
    if _IS_VAGUE.search(qty):
        return Figure(text=text, low=_vague_floor(qty), high=None, qualifier="vague")
    pair = _BETWEEN.fullmatch(qty) or _PAIR.fullmatch(qty)
    if pair:
        lo, hi = _to_int(pair.group(1)), _to_int(pair.group(2))
        if lo is None or hi is None:
            return None
        scale = re.search(rf"\s*\b(?:{_BIG})$|(?<=\d)\s*(?:bn|mn|mln|bln|m|k)$", pair.group(2), re.I)
        left_scaled = re.search(rf"\b(?:{_BIG})$|\d\s*(?:bn|mn|mln|bln|m|k)$", pair.group(1), re.I)
        if scale and not left_scaled:
            scaled = _to_int(pair.group(1) + scale.group(0))  # "2 to 3 million": both in millions
            if scaled is not None and scaled <= hi:
                lo = scaled
        return Figure(text=text, low=lo, high=hi, qualifier="range") if lo < hi else None
    n = _to_int(qty)
    if n is None:
        return None
    high = n if qualifier in ("exact", "up_to") else None
    return Figure(text=text, low=n, high=high, qualifier=qualifier)


def _mask(text: str) -> str:
    """Blank out dates, times, ordinals, years and glued codes, keeping offsets.

    The blank is a letter, so a number touching a masked code ("4x4") reads as
    glued to letters and is skipped too.
    """
    chars = list(text)
    spans = [m.span() for pattern in _MASKS for m in pattern.finditer(text)]
    spans += [m.span() for m in _YEAR.finditer(text)
              if not _NOT_YEAR_BEFORE.search(text[max(0, m.start() - 25):m.start()])
              and not _NOT_YEAR_AFTER.match(text, m.end())]
    for start, end in spans:
        chars[start:end] = "x" * (end - start)
    return "".join(chars)


def _unit_hint(text: str, start: int, end: int) -> UnitHint | None:
    if _MONEY_BEFORE.search(text[max(0, start - 5):start]):
        return "money"
    for hint, pattern in _HINT_AFTER:
        if pattern.match(text, end):
            return hint
    return None


def find_figures(text: str) -> list[FoundFigure]:
    """Every number phrase in `text`, in order, with spans that include the qualifier."""
    masked = _mask(text)
    found: list[FoundFigure] = []
    pos = 0
    while m := _PHRASE.search(masked, pos):
        start, end = m.start(), m.end()
        figure = _build(m.group("qual"), m.group("qty"), text[start:end])
        after_from = re.search(r"\bfrom\s+$", text[max(0, start - 6):start], re.I)
        if figure is None or (figure.qualifier == "range" and after_from):
            # "10 to 5", or "rose from 20 to 30" (a change, not a range): first number alone.
            single = _SINGLE.match(masked, start)
            if single is None:
                pos = end
                continue
            end = single.end()
            figure = _build(single.group("qual"), single.group("qty"), text[start:end])
        if figure is not None:
            found.append(FoundFigure(start, end, text[start:end], figure, _unit_hint(text, start, end)))
        pos = end
    return found


def parse_figure(text: str) -> Figure | None:
    """Parse a quoted number phrase; a longer quote yields its first number phrase.

    A quote that is exactly a number phrase is taken at its word (a bare "2021"
    is 2021); inside a longer quote, years, dates and codes are skipped as in
    `find_figures`, so "in 2021 at least seven died" gives "at least seven".
    """
    stripped = text.strip()
    whole = _PHRASE.fullmatch(stripped)
    if whole:
        figure = _build(whole.group("qual"), whole.group("qty"), stripped)
        if figure is not None:
            return figure
    hits = find_figures(stripped)
    return hits[0].figure if hits else None
