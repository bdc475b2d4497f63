"""Finding a model's quote in the article, so every item points at real text.

Three tiers, tried in order, the first hit wins and its kind is recorded:

* exact: the quote is a substring (preferring an occurrence inside `near`);
* normalised: equal after folding curly quotes, dashes, case and runs of
  whitespace — what a model changes when it "copies" text;
* fuzzy: the closest run of words differs by a few edits (a misspelt name,
  a dropped article), scored by difflib's ratio against a threshold.

Offsets always refer to the original text, never the folded copy.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "″": '"',
    "–": "-", "—": "-", "‑": "-", "−": "-",
    "\u00a0": " ",
})
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    kind: str  # exact | normalised | fuzzy
    score: float = 1.0


def fold(text: str) -> tuple[str, list[int]]:
    """Fold text for comparison; return it with each folded char's original offset."""
    out: list[str] = []
    offsets: list[int] = []
    last_space = False
    for i, ch in enumerate(text):
        ch = ch.translate(_FOLD)
        if ch.isspace():
            if last_space:
                continue
            ch, last_space = " ", True
        else:
            last_space = False
        for piece in unicodedata.normalize("NFKC", ch).casefold():
            out.append(piece)
            offsets.append(i)
    return "".join(out), offsets


def _pick(starts: list[int], length: int, near: tuple[int, int] | None) -> int:
    if near is None:
        return starts[0]
    inside = [s for s in starts if s >= near[0] and s + length <= near[1]]
    if inside:
        return inside[0]
    middle = (near[0] + near[1]) / 2
    return min(starts, key=lambda s: abs(s - middle))


def _all(haystack: str, needle: str) -> list[int]:
    found, i = [], haystack.find(needle)
    while i != -1:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def _whole_words(haystack: str, starts: list[int], length: int) -> list[int]:
    """Keep matches that neither start nor end inside a word ("Ghani" is not in "Afghanistan")."""
    def edge(i: int) -> bool:
        return i < 0 or i >= len(haystack) or not haystack[i].isalnum()
    return [s for s in starts if edge(s - 1) and edge(s + length)]


def locate(quote: str, text: str, *, near: tuple[int, int] | None = None,
           threshold: float = 0.85, words: bool = False) -> Located | None:
    """Where `quote` stands in `text`, or None when it is not there closely enough.

    `words=True` (for names) only accepts matches on word boundaries.
    """
    quote = quote.strip().strip("\"'“”‘’").strip()
    if not quote:
        return None
    starts = _all(text, quote)
    if words:
        starts = _whole_words(text, starts, len(quote))
    if starts:
        s = _pick(starts, len(quote), near)
        return Located(s, s + len(quote), "exact")

    folded, offsets = fold(text)
    fq, _ = fold(quote)
    fq = fq.strip()
    starts = _all(folded, fq)
    if words:
        starts = _whole_words(folded, starts, len(fq))
    if starts:
        s = _pick(starts, len(fq), near)
        return Located(offsets[s], offsets[s + len(fq) - 1] + 1, "normalised")
    return _fuzzy(fq, folded, offsets, near, threshold)


def _fuzzy(fq: str, folded: str, offsets: list[int], near: tuple[int, int] | None,
           threshold: float) -> Located | None:
    """Best window of words whose text is within a few edits of the quote."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
    n = len(_WORD.findall(fq))
    if n == 0 or not words:
        return None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(fq)
    best: tuple[float, int, int] | None = None
    for size in {max(1, n - 1), n, n + 1}:
        for i in range(0, len(words) - size + 1):
            a, b = words[i][0], words[i + size - 1][1]
            candidate = folded[a:b]
            if abs(len(candidate) - len(fq)) > max(3, len(fq) // 4):
                continue
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score < threshold:
                continue
            start, end = offsets[a], offsets[b - 1] + 1
            better = best is None or score > best[0] + 1e-9 or (
                abs(score - best[0]) < 1e-9 and near is not None and _distance(start, near) < _distance(best[1], near))
            if better:
                best = (score, start, end)
    if best is None:
        return None
    return Located(best[1], best[2], "fuzzy", round(best[0], 3))


def _distance(position: int, near: tuple[int, int]) -> float:
    if near[0] <= position <= near[1]:
        return 0.0
    return min(abs(position - near[0]), abs(position - near[1]))


def normalise_name(name: str) -> str:
    """Name key for comparing and de-duplicating: case, diacritics and punctuation folded."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", bare.casefold()).split())
