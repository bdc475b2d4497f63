"""Cue rules on short made-up news sentences: what is a casualty, what is not."""

from __future__ import annotations

import pytest

from summarise.rules import FigureCandidate, label_figures, split_sentences

# (sentence, number phrase, category, unit, victims)
LABEL_CASES = [
    ("A bomb blast in Kabul killed four civilians and wounded 11 others, police reported.",
     "four", "killed", None, "civilians"),
    ("A bomb blast in Kabul killed four civilians and wounded 11 others, police reported.",
     "11", "wounded", None, "others"),
    ("The remarks came after at least seven Taliban fighters were killed.",
     "at least seven", "killed", None, "Taliban fighters"),
    ("Emergency said four dead and five wounded had been delivered to its hospital.", "four", "killed", None, None),
    ("Emergency said four dead and five wounded had been delivered to its hospital.", "five", "wounded", None, None),
    ("The militants indulged in revenge killings, leaving dozens of people dead.", "dozens", "killed", None, "people"),
    ("Police recovered the bodies of 12 people from the river.", "12", "killed", None, "people"),
    ("The death toll from the bombing has risen to 43, the ministry said.", "43", "killed", None, None),
    ("Two people died in hospital.", "Two", "killed", None, "people"),
    ("Attack kills 20, injures 30", "20", "killed", None, None),
    ("Attack kills 20, injures 30", "30", "wounded", None, None),
    ("Five soldiers are missing after the ambush.", "Five", "missing", None, "soldiers"),
    ("Gunmen abducted 30 students from a school.", "30", "missing", None, "students"),
    ("Taliban advances have driven more than 5,600 families from their homes.",
     "more than 5,600", "displaced", "families", "families"),
    ("5,600 families fled.", "5,600", "displaced", "families", "families"),
    ("About 1,200 households were forced from their homes.", "About 1,200", "displaced", "households", "households"),
    ("More than 200,000 people have fled since May.", "More than 200,000", "displaced", "people", "people"),
    ("Tens of thousands have been evacuated from the city.", "Tens of thousands", "displaced", "people", None),
    ("Nearly 1,000 refugees crossed into Pakistan.", "Nearly 1,000", "displaced", "people", "refugees"),
    ("The fighting has displaced some 3,000 families.", "some 3,000", "displaced", "families", "families"),
    # never a casualty
    ("Around 650 United States service members will remain in Kabul.", "Around 650", None, None,
     "United States service members"),
    ("The government deployed 3,000 troops to the province.", "3,000", None, None, "troops"),
    ("The Taliban claimed 85% of the territory.", "85", None, None, None),
    ("The crossing is 30 km from Kunduz, where 5 were killed.", "30", None, None, None),
    ("The siege lasted 10 days and many died.", "10", None, None, None),
    ("Fighters overran 12 checkpoints and killed a guard.", "12", None, None, None),
    ("Donors pledged $2.3m for the wounded.", "2.3m", None, None, None),
    ("He said 15 fighters had surrendered and 3 were killed.", "15", None, None, "fighters"),
    ("The Taliban freed 20 prisoners and killed two guards.", "20", None, None, "prisoners"),
    ("At least 100 casualties were reported.", "At least 100", None, None, None),
    ("Ahmad, 25, was killed on Monday.", "25", None, None, None),
    ("Clashes killed 12, including three children.", "three", None, None, "children"),
]


def _find(text: str, phrase: str) -> FigureCandidate:
    matches = [c for c in label_figures(text) if c.figure.text == phrase]
    assert matches, f"{phrase!r} not found in {text!r}"
    return matches[0]


@pytest.mark.parametrize(("text", "phrase", "category", "unit", "victims"), LABEL_CASES)
def test_label_figures(text: str, phrase: str, category: str | None, unit: str | None,
                       victims: str | None) -> None:
    cand = _find(text, phrase)
    assert (cand.category, cand.unit, cand.victims) == (category, unit, victims), cand.reason
    assert cand.reason


@pytest.mark.parametrize("text", sorted({case[0] for case in LABEL_CASES}))
def test_evidence_is_verbatim_and_holds_number_and_cue(text: str) -> None:
    for cand in label_figures(text):
        start, end = cand.evidence_span
        assert text[start:end] == cand.evidence
        assert start <= cand.start and cand.end <= end  # the number phrase is inside
        assert cand.evidence == cand.evidence.strip()
        if cand.category is not None:
            cue = cand.reason.split("'")[1]
            assert cue in cand.evidence


def test_evidence_is_trimmed_in_long_sentences() -> None:
    text = ("According to officials speaking on condition of anonymity because they were not authorised to "
            "talk to the media about an operation that lasted through the night and into the morning in the "
            "province, a car bomb killed at least nine people near the governor's compound in the city centre "
            "on Saturday, in what was the deadliest attack of the month in the restive region.")
    cand = _find(text, "at least nine")
    assert cand.category == "killed"
    assert len(cand.evidence) <= 210 and "killed at least nine" in cand.evidence


def test_repeated_figure_is_kept_once() -> None:
    text = "Blast kills 11 in Kabul\nA bomb killed 11 people in Kabul on Tuesday, police said."
    killed = [c for c in label_figures(text) if c.category == "killed"]
    assert len(killed) == 1 and killed[0].start < text.index("\n")


def test_candidates_without_category_are_listed() -> None:
    cands = label_figures("The group has 70,000 fighters and controls 85% of the country.")
    assert [(c.figure.low, c.category) for c in cands] == [(70000, None), (85, None)]
    assert all(c.reason for c in cands)


# --- sentences ---------------------------------------------------------------

SENTENCE_CASES = [
    ("The Taliban advanced. Officials fled.", ["The Taliban advanced.", "Officials fled."]),
    ("Mr. Biden spoke. U.S. troops left.", ["Mr. Biden spoke.", "U.S. troops left."]),
    ("The U.S. Army said so. Gen. Kenneth F. McKenzie Jr. declined to comment.",
     ["The U.S. Army said so.", "Gen. Kenneth F. McKenzie Jr. declined to comment."]),
    ("Is it safe? \"No,\" he said! 15 people died.", ["Is it safe?", "\"No,\" he said!", "15 people died."]),
    ("He said \"it is over.\" Then he left.", ["He said \"it is over.\"", "Then he left."]),
    ("Headline here\n\n  Body text. More text.  ", ["Headline here", "Body text.", "More text."]),
    ("It is better... to use any channel.", ["It is better... to use any channel."]),
    ("The crossing is about 50km from Kunduz city.", ["The crossing is about 50km from Kunduz city."]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == expected
    assert spans == sorted(spans)
