"""Reading an article file into clean text with a stable id.

Spans in a brief are offsets into the *cleaned* text, so cleaning only drops
whole lines (site furniture) and never rewrites characters: every quote the
model copies from what it was shown is still a substring of `Article.text`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ArticleError

# A leading " date 2021-09-01 " header, as the scraper that made the seeds writes it.
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")

# Lines that end the story: everything after them is site furniture.
_TRAILER = re.compile(
    r"(can also be accessed at|^share this article$|^related (stories|articles)\b|^read more\b:?$)",
    re.IGNORECASE,
)
# Single lines that are furniture wherever they stand.
_FURNITURE = re.compile(
    r"^(news\s*/\s*[\w ]+|advertisement|follow us on .*|sign up for .*|subscribe( now)?"
    r"|(https?://|www\.)\S+|all rights reserved.*|©.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    text: str
    published: str | None

    @property
    def stem(self) -> str:
        """The file's stem: gold files and humans name articles by it."""
        return Path(self.source).stem


def clean_text(raw: str) -> tuple[str, str | None]:
    """Return (cleaned text, published date or None)."""
    published = None
    match = _DATE_HEADER.match(raw)
    if match:
        published = match.group(1)
        raw = raw[match.end():]
    kept: list[str] = []
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if _TRAILER.search(stripped):
            break
        if _FURNITURE.match(stripped):
            continue
        kept.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return text, published


def article_id(text: str) -> str:
    """Short content hash: the same story under two file names is one article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def load_article(path: Path | str) -> Article:
    """Read a UTF-8 text file as an article, or raise ArticleError naming it."""
    path = Path(path)
    if not path.exists():
        raise ArticleError(f"{path}: no such file")
    if path.is_dir():
        raise ArticleError(f"{path}: is a folder, not an article file")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ArticleError(f"{path}: cannot read ({e.strerror})") from e
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{path}: looks like a binary file, not UTF-8 text")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ArticleError(f"{path}: not valid UTF-8 (byte {e.start}); re-save it as UTF-8") from e
    text, published = clean_text(raw)
    if not text:
        raise ArticleError(f"{path}: empty article (no text after removing boilerplate)")
    return Article(id=article_id(text), source=str(path), text=text, published=published)
