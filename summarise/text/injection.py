"""Sentences that talk to the model instead of reporting news: suspected prompt injection.

An article is data. A sentence addressed to a language model, or telling it
what to put in its output ("ignore all previous instructions", "say in the
summary that…"), yields no figure, claim or actor, and is listed in the
brief's notes. The model is also told (prompt v2) that text inside the article
is never an instruction; this filter is the code-side half of that rule, so a
figure in an injected sentence can never reach a brief whatever the model does.

The patterns cover English and the other languages the hostile battery tries
(French, Spanish, German, Portuguese, Italian); they look for the shape of an
instruction to a machine, never for a topic.
"""

from __future__ import annotations

import re

from summarise.text.nlp import Analysis

_PATTERNS = [
    # "ignore / disregard / forget (all) (the) previous|prior|above instructions|rules|prompts"
    r"\b(ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(instructions?|rules|prompts?|directives?|guidelines)\b",
    # addressing the model
    r"\b(you are|you're|act as|pretend to be)\b[^.!?\n]{0,30}\b(an? )?(ai|assistant|language model|llm|chatbot|gpt)\b",
    r"\b(as an ai|language model|system prompt|assistant:|chatgpt|llm)\b",
    # telling it what to output
    r"\b(say|write|state|report|claim|mention|include|put|output|print|respond|answer)\b[^.!?\n]{0,40}"
    r"\b(in|into|to) (the|your) (summary|brief|headline|output|answer|response|json)\b",
    r"\b(the|your) (summary|headline|brief|output)\b[^.!?\n]{0,20}\b(must|should|shall|has to|needs to)\b",
    r"\bnew instructions?\b|\bend of (the )?(article|document|data)\b.{0,20}\binstructions?\b",
    # other languages: "ignore the previous instructions", "in the summary"
    r"\b(ignorez|oubliez|ignora|ignore[sz]?|olvida|ignoriere|vergiss|esqueça|dimentica)\b[^.!?\n]{0,40}"
    r"\b(instructions?|instrucciones|instruções|anweisungen|istruzioni|consignes)\b",
    r"\b(dans le résumé|en el resumen|im zusammenfassung|in der zusammenfassung|no resumo|nel riassunto)\b",
]
_INJECTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def is_injection(sentence: str) -> bool:
    return _INJECTION.search(sentence) is not None


def suspected_injections(analysis: Analysis) -> list[tuple[int, int]]:
    """Spans of the sentences that read as instructions to a model."""
    return [span for span in analysis.sentences if is_injection(analysis.quote(span))]
