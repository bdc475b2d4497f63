"""Is a piece of model free text supported by the article? And the extractive fallback when not.

A headline or summary may only use numbers and proper names that the article
(or the brief's grounded items) contains. A 1.5B model invents both ("the
Taliban claimed…" in a French article about Gaza), so every summary is
checked here before it is kept; a failed one is regenerated once with the
reasons, then replaced by the article's own lead sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from summarise.text.grounding import normalise_name
from spacy.tokens import Doc

from summarise.text.nlp import Analysis, load_pipeline
from summarise.text.numbers import find_figures

_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"}


def _visible(analysis: Analysis, exclude: list[tuple[int, int]]) -> str:
    """The article with excluded sentences (suspected injections) blanked, so they support nothing."""
    text = analysis.text
    for a, b in exclude:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _article_numbers(text: str) -> set[int]:
    values: set[int] = set()
    for fig in find_figures(text):
        values.add(fig.figure.low)
        if fig.figure.high is not None:
            values.add(fig.figure.high)
    # Plain digits too (years, dates): a summary may repeat "2023" or "October 7".
    values |= {int(d.replace(",", "")) for d in re.findall(r"\d[\d,]*", text) if d.replace(",", "").isdigit()}
    return values


def unsupported(free_texts: str | Sequence[str], analysis: Analysis,
                exclude: list[tuple[int, int]] | None = None) -> list[str]:
    """Numbers and names in the free texts (a headline, a summary) that the article lacks (empty = supported).

    Sentences in `exclude` (suspected injected instructions) count as absent:
    a summary that repeats an injected "10,000 killed" is unsupported.
    """
    texts = [free_texts] if isinstance(free_texts, str) else list(free_texts)
    problems: list[str] = []
    known = _article_numbers(_visible(analysis, exclude or []))
    for free_text in texts:
        for fig in find_figures(free_text):
            if fig.figure.low not in known and (fig.figure.high is None or fig.figure.high not in known):
                problems.append(f"number {fig.text!r}")
    words = _article_words(analysis, exclude or [])
    nlp = load_pipeline()
    # Only a capitalised word the article lacks can make a name unsupported, so a text whose every
    # capitalised word is in the article passes whatever the NER finds: the tokenizer alone (no model)
    # settles it, and most answers never reach the tagger and NER, a third of an article's CPU.
    tokens = [nlp.make_doc(t) for t in texts]
    doubtful = [d for d in tokens if any(_capitalised(t.text, t.is_alpha) and normalise_name(t.text) not in words
                                         for t in d)]
    # One pipe call for the rest, without the parser (names and lemmas need only
    # the tagger and NER): this check runs on every answer of a batch.
    verbs = _verbs()
    for doc in nlp.pipe(doubtful, disable=["parser", "line_breaks"]):
        title_case = _title_case(doc)
        for ent in doc.ents:
            if ent.label_ not in _NAME_LABELS:
                continue
            # Word by word, and only capitalised words: a Title-Case headline makes the NER see
            # "Taliban Rejects Fighting in Cities" as one name, of which only "Taliban" is one;
            # there an English verb ("Rejects", "Warns") inside a longer name is the headline's verb.
            missing = [t.text for t in ent if _capitalised(t.text, t.is_alpha)
                       and normalise_name(t.text) not in words and t.lemma_.lower() not in words
                       and not (title_case and len(ent) > 1 and _verb_form(t.lower_, verbs))]
            if missing:
                problems.append(f"name {' '.join(missing)!r}")
    return problems


def _capitalised(word: str, is_alpha: bool) -> bool:
    """A word that may be (part of) a name: the only kind the check can find missing."""
    return is_alpha and word[:1].isupper()


def _title_case(doc: Doc) -> bool:
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.6 * len(words)


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    """English verb lemmas from the pipeline's own lemmatizer tables (WordNet's verb index)."""
    tables = load_pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(tables.get("verb", []))


def _verb_form(word: str, verbs: frozenset[str]) -> bool:
    """'rejects', 'warned', 'says', 'captured': an inflection of a known verb."""
    stems = {word, word[:-1], word[:-2], word[:-3], word[:-2] + "y" if word.endswith("ies") else word}
    if word.endswith("ies"):
        stems.add(word[:-3] + "y")
    return any(s in verbs for s in stems if len(s) > 2)


def _article_words(analysis: Analysis, exclude: list[tuple[int, int]]) -> set[str]:
    """Every word of the article, folded, and its lemma (outside excluded sentences)."""
    words: set[str] = set()
    for tok in analysis.doc:
        if any(a <= tok.idx < b for a, b in exclude):
            continue
        words.add(normalise_name(tok.text))
        words.add(tok.lemma_.lower())
    return words


def lead_summary(analysis: Analysis, sentences: int = 3,
                 exclude: list[tuple[int, int]] | None = None) -> tuple[str, str]:
    """Headline and summary taken verbatim from the article's opening: always supported."""
    spans = [s for s in analysis.sentences if s not in (exclude or [])]
    if not spans:
        return "", ""
    first = analysis.quote(spans[0])
    if len(spans) > 1 and not first.rstrip().endswith((".", "!", "?", "”", '"')):
        headline, body = first, spans[1:1 + sentences]  # the article opens with its own headline
    else:
        headline, body = first, spans[:sentences]
    return headline[:200], " ".join(analysis.quote(s) for s in body)
