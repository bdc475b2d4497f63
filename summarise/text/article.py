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

from summarise.errors import ArticleError

# A leading " date 2021-09-01 " header, as the scraper that made the seeds writes it.
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")

# Whole lines that end the story: everything after them is site furniture.
# Anchored at both ends, so a sentence that merely mentions "read more" is kept.
_TRAILER = re.compile(
    r"^(?:[^.]{0,80}\bcan also be accessed at\b[^.]{0,80}|share this article|related (?:stories|articles)"
    r"|read more:?|more on this story:?)$",
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
    url: str | None = None
    title: str | None = None
    notes: tuple[str, ...] = ()  # what cleaning dropped, for the brief's notes
    name: str | None = None  # a row's own id (JSONL/CSV): its name for humans and gold files

    @property
    def stem(self) -> str:
        """The article's name: a row's id, else the file's stem. Gold files and humans name articles by it."""
        return self.name or Path(self.source).stem


def clean_text(raw: str) -> tuple[str, str | None]:
    """Return (cleaned text, published date or None)."""
    text, published, _ = clean_text_with_notes(raw)
    return text, published


def clean_text_with_notes(raw: str) -> tuple[str, str | None, list[str]]:
    """Return (cleaned text, published date or None, notes on every line dropped)."""
    published = None
    notes: list[str] = []
    match = _DATE_HEADER.match(raw)
    if match:
        published = match.group(1)
        raw = raw[match.end():]
    kept: list[str] = []
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if _TRAILER.match(stripped):
            notes.append(f"cleaning: dropped the site footer from the line {stripped[:60]!r} on")
            break
        if _FURNITURE.match(stripped):
            notes.append(f"cleaning: dropped the furniture line {stripped[:60]!r}")
            continue
        kept.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return text, published, notes


def article_id(text: str) -> str:
    """Short content hash: the same story under two file names is one article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# A safety limit, not a target: a 2 MB text is a report or a bad export, and
# parsing it should be a choice (--max-chars), not an accident.
DEFAULT_MAX_CHARS = 2_000_000


def check_file(path: Path) -> None:
    """ArticleError unless the path is a file (checked before anything is read)."""
    if not path.exists():
        raise ArticleError(f"{path}: no such file")
    if path.is_dir():
        raise ArticleError(f"{path}: is a folder, not an article file")


def read_file_bytes(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> bytes:
    """The bytes of one article file, or ArticleError naming it (missing, a folder, surely too long, unreadable)."""
    check_file(path)
    try:
        if path.stat().st_size > 4 * max_chars:  # UTF-8 is at most 4 bytes a character: surely too long
            raise ArticleError(f"{path}: {path.stat().st_size:,} bytes, above the --max-chars limit of {max_chars:,}")
        return path.read_bytes()
    except OSError as e:
        raise ArticleError(f"{path}: cannot read ({e.strerror})") from e


def decode_utf8(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped), or ArticleError: binary files and other encodings are refused, never guessed."""
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{name}: looks like a binary file, not UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ArticleError(f"{name}: not valid UTF-8 (byte {e.start}); re-save it as UTF-8") from e


def check_length(raw: str, name: str, max_chars: int) -> None:
    if len(raw) > max_chars:
        raise ArticleError(f"{name}: {len(raw):,} characters, above the --max-chars limit of {max_chars:,}")


def load_article(path: Path | str, max_chars: int = DEFAULT_MAX_CHARS) -> Article:
    """Read a UTF-8 text file as an article, or raise ArticleError naming it."""
    path = Path(path)
    raw = decode_utf8(read_file_bytes(path, max_chars), str(path))
    check_length(raw, str(path), max_chars)
    return article_from_text(raw, source=str(path))


def article_from_text(raw: str, *, source: str, url: str | None = None, title: str | None = None,
                      published: str | None = None, name: str | None = None, label: str | None = None,
                      notes: tuple[str, ...] = ()) -> Article:
    """An Article from raw text already in hand (a JSONL row, stdin, an extracted page).

    `label` names the input in the error (default: `source`), e.g. "articles.jsonl line 7";
    `notes` are the reader's own, put before what cleaning dropped.
    """
    text, found_date, cleaning = clean_text_with_notes(raw)
    if not text:
        raise ArticleError(f"{label or source}: empty article (no text after removing boilerplate)")
    return Article(id=article_id(text), source=source, text=text, published=published or found_date,
                   url=url, title=title, notes=(*notes, *cleaning), name=name)
