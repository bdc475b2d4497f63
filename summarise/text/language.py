"""Which language an article is in, so a non-English article is never read by English rules.

The text layer (spaCy's English pipeline, English speech and harm verbs) and
the prompts are English. On a Dari or French article they find nothing or,
worse, the model invents a summary about something else. So the language is
detected first (py3langid, a small well-kept detector whose model ships in
the wheel), and an unsupported article gets an extract-only brief: no items,
the headline and summary taken verbatim from its opening, a warning in
`notes`, and the CLI's distinct exit status 3.
"""

from __future__ import annotations

import threading
from functools import lru_cache

SUPPORTED = frozenset({"en"})
_SAMPLE = 5000  # characters: enough to decide, and detection stays fast on huge inputs
_MIN_CHARS = 40  # below this the detector guesses; a short text is taken as English


_lock = threading.Lock()


def _identifier():  # noqa: ANN202 - py3langid has no type hints
    # Loading the model decompresses it (about a second of CPU): a batch's workers all ask at
    # once on a cold start, and without the lock each would decompress its own copy.
    with _lock:
        return _load_identifier()


@lru_cache(maxsize=1)
def _load_identifier():  # noqa: ANN202
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the article's language."""
    sample = text[:_SAMPLE]
    if len(sample.strip()) < _MIN_CHARS:
        return "en", 0.0
    code, prob = _identifier().classify(sample)
    return code, float(prob)


def is_supported(code: str) -> bool:
    return code in SUPPORTED
