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
