"""One name normaliser for the whole text layer: how two spellings are compared.

Every item in a brief is grounded by construction (the text layer takes its
evidence as a span of the parse), so the one grounding concern left is
comparing names: case, diacritics, curly quotes, dashes and punctuation are
folded away before actors, places and claimants are merged or resolved.
(The quote locator that matched a model's copied quotes back to the text went
with the model passes that produced them.)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "″": '"',
    "–": "-", "—": "-", "‑": "-", "−": "-",
    "\u00a0": " ",
})


# Cached: merging names compares every new mention with the actors so far,
# which on a long report is millions of calls on a few thousand strings.
@lru_cache(maxsize=65_536)
def normalise_name(name: str) -> str:
    """Name key for comparing and de-duplicating: case, diacritics and punctuation folded."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", bare.casefold()).split())
