"""Number phrases as conflict news writes them: parsed by code, never by the model."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.text.numbers import FoundFigure, find_figures, parse_figure

# (phrase, low, high, qualifier)
PARSE_CASES = [
    ("2, 940", 2940, 2940, "exact"),  # a figure's own text, re-read when the brief is checked
    ("more than 5,600", 5600, None, "more_than"),
    ("at least seven", 7, None, "at_least"),
    ("dozens", 12, None, "vague"),
    ("tens of thousands", 10000, None, "vague"),
    ("hundreds of thousands", 100000, None, "vague"),
    ("hundreds", 100, None, "vague"),
    ("thousands", 1000, None, "vague"),
    ("millions", 1_000_000, None, "vague"),
    ("scores of", 20, None, "vague"),
    ("several thousand", 1000, None, "vague"),
    ("between 20 and 30", 20, 30, "range"),
    ("20-30", 20, 30, "range"),
    ("20 to 30", 20, 30, "range"),
    ("three or four", 3, 4, "range"),
    ("2 to 3 million", 2_000_000, 3_000_000, "range"),
    ("nearly 1,000", 1000, None, "approximately"),
    ("around 650", 650, None, "approximately"),
    ("some 2,500", 2500, None, "approximately"),
    ("an estimated 300", 300, None, "approximately"),
    ("close to 2,000", 2000, None, "approximately"),
    ("two dozen", 24, 24, "exact"),
    ("a dozen", 12, 12, "exact"),
    ("half a dozen", 6, 6, "exact"),
    ("1.5 million", 1_500_000, 1_500_000, "exact"),
    ("2.3m", 2_300_000, 2_300_000, "exact"),
    ("half a million", 500_000, 500_000, "exact"),
    ("a quarter of a million", 250_000, 250_000, "exact"),
    ("three-quarters of a million", 750_000, 750_000, "exact"),
    ("almost a quarter of a million", 250_000, None, "approximately"),
    ("eleven", 11, 11, "exact"),
    ("twenty-one", 21, 21, "exact"),
    ("hundred", 100, 100, "exact"),
    ("three hundred", 300, 300, "exact"),
    ("one hundred and twenty", 120, 120, "exact"),
    ("twelve hundred", 1200, 1200, "exact"),
    ("two thousand", 2000, 2000, "exact"),
    ("a million", 1_000_000, 1_000_000, "exact"),
    ("10 000", 10000, 10000, "exact"),
    ("1,200", 1200, 1200, "exact"),
    ("up to 50", 50, 50, "up_to"),
    ("as many as 40", 40, 40, "up_to"),
    ("over 20", 20, None, "more_than"),
    ("upwards of 100", 100, None, "more_than"),
    ("no fewer than 12", 12, None, "at_least"),
    ("fewer than ten", 10, None, "fewer_than"),
    ("less than 5%", 5, None, "fewer_than"),
    ("More than 5,600 families", 5600, None, "more_than"),  # a longer quote: its number phrase
    ("at least seven Taliban fighters were killed", 7, None, "at_least"),
    ("13 mln", 13_000_000, 13_000_000, "exact"),  # wire-style abbreviations scale like "mn" and "bn"
    ("over 1.2 bln", 1_200_000_000, None, "more_than"),
    ("2 to 3 mln", 2_000_000, 3_000_000, "range"),
]


@pytest.mark.parametrize(("phrase", "low", "high", "qualifier"), PARSE_CASES)
def test_parse_figure(phrase: str, low: int, high: int | None, qualifier: str) -> None:
    figure = parse_figure(phrase)
    assert figure is not None
    assert (figure.low, figure.high, figure.qualifier) == (low, high, qualifier)
    assert figure.text in phrase  # the quoted number phrase, verbatim


@pytest.mark.parametrize("phrase", ["several", "a few", "many", "no number here", "", "Covid-19", "G7"])
def test_parse_figure_none(phrase: str) -> None:
    # "several", "a few", "many" are not coded: any number for them would be a guess.
    assert parse_figure(phrase) is None


def test_long_quote_keeps_the_number_phrase_as_text() -> None:
    figure = parse_figure("driven more than 5,600 families from their homes")
    assert figure is not None and figure.text == "more than 5,600"


# (text, [(found text, unit_hint)])
FIND_CASES = [
    ("Taliban advances have driven more than 5,600 families from their homes.", [("more than 5,600", None)]),
    ("Around 650 United States service members are expected to remain.", [("Around 650", None)]),
    ("In the last 15 days, fighting spread.", [("15", "time")]),
    ("The Taliban claimed it controlled around 85% of the territory.", [("around 85", "percent")]),
    ("The crossing is about 50km from Kunduz city.", [("about 50", "distance")]),
    ("The town lies 30 km from the border.", [("30", "distance")]),
    ("Donors pledged $2.3m in aid.", [("2.3m", "money")]),
    ("The withdrawal is due by August 31.", []),
    ("Since the fall of Kabul on August 15, Panjshir has held out.", []),
    ("On 15 August 2021 at 10:30 the city fell.", []),
    ("A February 2020 agreement; the US invaded in 2001.", []),
    ("The 2nd battalion and the first convoy arrived.", []),
    ("Covid-19, the G7, an AK-47 and F-16s were mentioned.", []),
    ("A 15-year-old boy and an eight-member delegation.", []),
    ("A bomb killed four civilians and wounded 11 others.", [("four", None), ("11", None)]),
    ("Four dead and five wounded were delivered.", [("Four", None), ("five", None)]),
    ("Between 20 and 30 militants died.", [("Between 20 and 30", None)]),
    ("The toll rose from 20 to 30.", [("20", None), ("30", None)]),  # a change, not a range
    ("Dozens of people were killed.", [("Dozens", None)]),
    ("Tens of thousands have fled.", [("Tens of thousands", None)]),
    ("No one was hurt.", []),
    # a share is no count; a share of a million is a number
    ("Two thirds of the displaced are children and one-quarter are women.", []),
    ("Almost a quarter of a million people fled.", [("Almost a quarter of a million", None)]),
    ("Some 2000 families fled.", [("Some 2000", None)]),  # a qualifier makes 2000 a count
    # A thousands comma typeset with a space is one number before its noun, and only there.
    ("About 2, 940 people were displaced.", [("About 2, 940", None)]),
    ("The toll rose from 12, 300 wounded.", [("12, 300", None)]),
    ("Victims aged 12, 13 and 15 were hurt.", [("12", None), ("13", None), ("15", None)]),
    ("The count went 7, 125, then stopped.", [("7", None), ("125", None)]),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_figures(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = find_figures(text)
    assert [(f.text, f.unit_hint) for f in found] == expected
    for f in found:
        assert text[f.start:f.end] == f.text


def test_found_figure_is_frozen() -> None:
    found = find_figures("at least seven")[0]
    assert isinstance(found, FoundFigure)
    with pytest.raises(AttributeError):
        found.start = 3  # type: ignore[misc]


# --- properties --------------------------------------------------------------

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBERISH = re.compile(
    r"\d|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|tens|scores", re.I)


def _say(n: int, use_and: bool) -> str:
    """A small number-to-words writer for 0..999 ('one hundred and five' or 'one hundred five')."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10 - 2] + (f"-{_UNITS[n % 10]}" if n % 10 else "")
    rest = n % 100
    joiner = " and " if use_and else " "
    return f"{_UNITS[n // 100]} hundred" + (joiner + _say(rest, use_and) if rest else "")


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_separators_round_trip(n: int) -> None:
    figure = parse_figure(f"{n:,}")
    assert figure is not None and figure.low == n and figure.qualifier == "exact"


@given(st.integers(min_value=0, max_value=10**9))
def test_at_least_n(n: int) -> None:
    figure = parse_figure(f"at least {n}")
    assert figure is not None
    assert (figure.low, figure.high, figure.qualifier) == (n, None, "at_least")


@given(st.integers(min_value=0, max_value=999), st.booleans())
def test_number_words_round_trip(n: int, use_and: bool) -> None:
    figure = parse_figure(_say(n, use_and))
    assert figure is not None and figure.low == n


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["", "at least ", "more than ", "nearly "]),
       st.sampled_from(["civilians were killed", "families fled", "troops remain", "km away"]))
def test_find_in_sentences(n: int, qualifier: str, tail: str) -> None:
    text = f"Officials said {qualifier}{n:,} {tail} on Tuesday."
    found = find_figures(text)
    assert len(found) == 1 and found[0].figure.low == n
    assert found[0].text == f"{qualifier}{n:,}"


@settings(max_examples=300)
@given(st.lists(st.sampled_from(list("0123456789 ,.-%km") + ["at least ", "dozens", " and ", "twenty",
                                                             "-one", "between ", "\n"]), max_size=30).map("".join)
       | st.text(max_size=60))
def test_find_figures_spans_are_verbatim(text: str) -> None:
    for f in find_figures(text):
        assert text[f.start:f.end] == f.text
        assert _NUMBERISH.search(f.text)


@given(st.integers(min_value=1900, max_value=2099),
       st.sampled_from(["In {y}, the talks failed.", "Since {y} the group has grown.", "The {y} agreement held.",
                        "A February {y} deal.", "The war began in {y}."]))
def test_years_are_not_figures(y: int, template: str) -> None:
    assert find_figures(template.format(y=y)) == []


@pytest.mark.parametrize("code", ["Covid-19", "COVID-19", "G7", "G-20", "AK-47", "F-16", "MH17", "4x4", "9/11"])
def test_codes_glued_to_letters_are_not_figures(code: str) -> None:
    assert find_figures(f"The report mentioned {code} twice.") == []
