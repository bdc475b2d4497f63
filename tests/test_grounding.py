import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.text.grounding import fold, locate, normalise_name

TEXT = ("The Taliban \u201chave captured an important border town called Wesh in Kandahar,\u201d "
        "spokesperson Zabihullah Mujahid claimed.  Interior Ministry spokesman Tareq Arian denied it.")


@pytest.mark.parametrize("quote, kind", [
    ("have captured an important border town", "exact"),
    ('"have captured an important border town called Wesh in Kandahar,"', "exact"),  # outer quotes ignored
    ("HAVE CAPTURED an important  border town", "normalised"),
    ("claimed. Interior Ministry", "normalised"),  # two spaces in the text
    ("Tariq Arian denied it", "fuzzy"),
    ("Zabiullah Mujahid", "fuzzy"),
])
def test_tiers(quote: str, kind: str) -> None:
    found = locate(quote, TEXT)
    assert found is not None and found.kind == kind
    assert fold(TEXT[found.start:found.end])[0].strip().startswith(fold(quote.strip('"'))[0][:3])


@pytest.mark.parametrize("quote", ["captured Kabul airport", "the Pentagon said", "", "   "])
def test_absent_quotes_are_not_found(quote: str) -> None:
    assert locate(quote, TEXT) is None


def test_near_prefers_the_occurrence_inside_the_sentence() -> None:
    text = "Kabul fell. Later, in Kabul, crowds gathered."
    assert locate("Kabul", text).start == 0
    assert locate("Kabul", text, near=(12, len(text))).start == text.index("Kabul", 5)


def test_curly_quotes_map_back_to_original_offsets() -> None:
    found = locate("town called Wesh in Kandahar,\" spokesperson", TEXT)
    assert found is not None and TEXT[found.start:found.end].endswith("spokesperson")


def test_normalise_name() -> None:
    assert normalise_name("Kabul  Airport") == "kabul airport"
    assert normalise_name("Mullah Yaqoob’s") == normalise_name("mullah yaqoob's")
    assert normalise_name("Ahmad Massoud—NRF") == "ahmad massoud nrf"
    assert normalise_name("Herāt") == "herat"


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@st.composite
def text_and_run(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text of words and a run of consecutive words from it."""
    tokens = draw(st.lists(words, min_size=3, max_size=40))
    i = draw(st.integers(0, len(tokens) - 1))
    j = draw(st.integers(i + 1, len(tokens)))
    return " ".join(tokens), tokens[i:j]


@settings(max_examples=200, deadline=None)
@given(text_and_run())
def test_any_substring_is_found_exactly_at_its_span(case: tuple[str, list[str]]) -> None:
    text, run = case
    quote = " ".join(run)
    found = locate(quote, text)
    assert found is not None and found.kind == "exact"
    assert text[found.start:found.end] == quote


@settings(max_examples=200, deadline=None)
@given(text_and_run())
def test_recased_respaced_quote_maps_to_the_original_words(case: tuple[str, list[str]]) -> None:
    text, run = case
    quote = "  ".join(t.upper() for t in run)
    found = locate(quote, text)
    assert found is not None and found.kind in {"exact", "normalised"}
    assert text[found.start:found.end].upper().split() == quote.split()


@settings(max_examples=100, deadline=None)
@given(st.lists(words, min_size=1, max_size=30), st.text(alphabet="0123456789", min_size=6, max_size=10))
def test_text_that_is_not_there_is_never_found(tokens: list[str], quote: str) -> None:
    # Digits never occur in the letters-only text, so nothing may match.
    assert locate(quote, " ".join(tokens)) is None


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=0, max_size=80))
def test_fold_offsets_point_into_the_original(text: str) -> None:
    folded, offsets = fold(text)
    assert len(folded) == len(offsets)
    assert all(0 <= o < len(text) for o in offsets)
    assert offsets == sorted(offsets)


def test_names_match_whole_words_only() -> None:
    text = "Afghanistan's president spoke. Kabul University closed."
    assert locate("Ghani", text, words=True) is None
    assert locate("ghani", text, words=True) is None
    assert locate("Ghani", text) is not None  # quotes may start mid-word
    found = locate("kabul university", text, words=True)
    assert found is not None and text[found.start:found.end] == "Kabul University"
