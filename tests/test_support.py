"""The summary check: names and numbers the article lacks are caught; a Title-Case headline's verbs are not names."""

from __future__ import annotations

from summarise.text.nlp import analyse
from summarise.text.support import unsupported

ARTICLE = analyse("The Taliban refused to fight inside the cities, a senior leader said on Tuesday. "
                  "At least 12 people were killed near Kunduz, officials said.")


def test_title_case_headline_verbs_are_not_invented_names() -> None:
    assert unsupported(["Taliban Rejects Fighting in Cities, Warns Kunduz"], ARTICLE) == []


def test_an_invented_name_or_number_is_still_caught() -> None:
    problems = unsupported(["NATO Says 10,000 Were Killed Near Kunduz"], ARTICLE)
    assert any("NATO" in p for p in problems) and any("10,000" in p for p in problems)
    assert unsupported(["Jean Mbala said 12 people were killed."], ARTICLE) != []


def test_a_text_of_article_words_skips_the_tagger_and_ner(monkeypatch) -> None:  # noqa: ANN001
    """Only a capitalised word the article lacks can fail the name check, so only such texts are tagged."""
    from summarise.text import support

    nlp = support.load_pipeline()
    seen: list[str] = []
    real_pipe = nlp.pipe

    def pipe(docs, **kwargs):  # noqa: ANN001, ANN202
        docs = list(docs)
        seen.extend(d.text for d in docs)
        return real_pipe(docs, **kwargs)

    monkeypatch.setattr(nlp, "pipe", pipe)
    known = "Taliban Leader Said 12 People Were Killed Near Kunduz"  # every capitalised word is the article's
    invented = "Jean Mbala said 12 people were killed."
    assert unsupported([known, invented], ARTICLE) == ["name 'Jean Mbala'"]
    assert seen == [invented]
    # A word the article has only as a lemma ("refuses" for "refused") still goes to the tagger,
    # whose lemma decides it, exactly as before.
    seen.clear()
    assert unsupported(["Taliban Refuses"], ARTICLE) == []
    assert seen == ["Taliban Refuses"]
