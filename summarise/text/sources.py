"""Every way an article comes in, read into Articles or named failures.

One input path is a `Source`: a file of one article (.txt or any other
text file, .html/.htm pages), a file of many (.jsonl, .csv: one article a
row), or stdin. Iterating a source yields an `Article` or a `Failure` per
article, in order, so a batch reports a bad row by name and goes on.

* A bad row (invalid JSON, no text, empty or too long text, a repeated id) is
  a `Failure` for that row only: "articles.jsonl line 7: no 'text' field".
* A bad whole file (missing, unreadable, binary, not UTF-8, a CSV without a
  text column, no rows at all) is one `Failure` for the file. Row files are
  checked whole when opened (one streamed pass that also counts the rows),
  so a file that is not UTF-8 on line 90,000 is refused before line 1 is
  briefed, and a progress bar knows the total.
* Rows are streamed: one line (JSONL) or record (CSV) is held at a time.

Names: a row with an id is `file.jsonl#<id>` (its id is also the article's
name, which gold files use); a row without one is `file.jsonl:<line>`. The
brief's own id stays the hash of the cleaned text, whatever the input kind.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields as dataclass_fields
from datetime import date
from pathlib import Path
from typing import IO, Any, BinaryIO, Union

from summarise.errors import ArticleError, ConfigError
from summarise.text.article import (
    DEFAULT_MAX_CHARS, Article, article_from_text, check_file, check_length, decode_utf8, load_article,
    read_file_bytes,
)

STDIN = "-"
PAGE_SUFFIXES = (".html", ".htm")
ROW_SUFFIXES = (".jsonl", ".csv")
# What a folder contributes to a batch; a file named explicitly is read whatever its suffix (as text).
ARTICLE_SUFFIXES = (".txt", *PAGE_SUFFIXES, *ROW_SUFFIXES)
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Fields:
    """Which JSONL key or CSV column holds each part of an article (`--field text=body`)."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    published: str = "published"
    url: str = "url"

    @classmethod
    def parse(cls, specs: Iterable[str]) -> Fields:
        """From `NAME=COLUMN` strings, e.g. ["text=body", "title=headline"]; unknown names are a ConfigError."""
        known = [f.name for f in dataclass_fields(cls)]
        chosen: dict[str, str] = {}
        for spec in specs:
            name, sep, column = (part.strip() for part in spec.partition("="))
            if not sep or not column:
                raise ConfigError(f"--field {spec!r}: write NAME=COLUMN, e.g. --field text=body")
            if name not in known:
                raise ConfigError(f"--field {spec!r}: {name!r} is not one of {', '.join(known)}")
            chosen[name] = column
        return cls(**chosen)


@dataclass(frozen=True)
class Failure:
    """An input that gave no article: `source` names it (file, file:line or file#id), `reason` is one line."""

    source: str
    reason: str


Item = Union[Article, Failure]


class Source(ABC):
    """One input: yields an Article or a Failure per article it holds."""

    name: str
    count: int | None  # how many items iterating yields; None when unknown until read (stdin)

    @abstractmethod
    def __iter__(self) -> Iterator[Item]: ...


def open_source(item: str | Path, *, fields: Fields | None = None, max_chars: int = DEFAULT_MAX_CHARS,
                stdin: BinaryIO | None = None, stdin_rows: bool = False) -> Source:
    """The Source for a path, or for `-` (stdin: one plain-text article, or JSONL rows with stdin_rows).

    Never raises for bad input: a file that cannot be read yields its Failure.
    """
    fields = fields or Fields()
    if str(item) == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return StdinRows(stream, fields, max_chars) if stdin_rows else StdinText(stream, max_chars)
    path = Path(item)
    if path.suffix.lower() in ROW_SUFFIXES:
        return RowFile(path, fields, max_chars)
    return ArticleFile(path, max_chars)


def iter_items(inputs: Iterable[Source | str | Path], *, fields: Fields | None = None,
               max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Every article (or failure) of every input in order; paths are opened lazily, one at a time."""
    for entry in inputs:
        yield from entry if isinstance(entry, Source) else open_source(entry, fields=fields, max_chars=max_chars)


def total_count(sources: Iterable[Source]) -> int | None:
    """Items the sources will yield, or None when any is unknown (stdin)."""
    counts = [s.count for s in sources]
    return None if any(c is None for c in counts) else sum(counts)  # type: ignore[arg-type]


def read_file_article(path: Path | str, max_chars: int = DEFAULT_MAX_CHARS) -> Article:
    """One article from a text file or a saved page (.html/.htm), or ArticleError naming it."""
    path = Path(path)
    if path.suffix.lower() not in PAGE_SUFFIXES:
        return load_article(path, max_chars)
    from summarise.text.webpage import article_from_html, decode_page  # trafilatura loads only for pages

    html = decode_page(read_file_bytes(path, max_chars), str(path))
    return article_from_html(html, source=str(path), max_chars=max_chars)


# --- one article per input --------------------------------------------------


class ArticleFile(Source):
    """A .txt file (or any file named explicitly) or a saved .html/.htm page."""

    def __init__(self, path: Path, max_chars: int) -> None:
        self.path, self.max_chars = path, max_chars
        self.name, self.count = str(path), 1

    def __iter__(self) -> Iterator[Item]:
        try:
            yield read_file_article(self.path, self.max_chars)
        except ArticleError as e:
            yield Failure(self.name, str(e))
        except Exception as e:  # noqa: BLE001 - a bug reading one file must not stop a batch
            yield Failure(self.name, f"{self.name}: internal error: {type(e).__name__}: {e}")


class StdinText(Source):
    """`-` for `brief`: the whole of stdin is one plain-text article."""

    def __init__(self, stream: BinaryIO, max_chars: int) -> None:
        self.stream, self.max_chars = stream, max_chars
        self.name, self.count = STDIN_NAME, 1

    def __iter__(self) -> Iterator[Item]:
        try:
            data = self.stream.read(4 * self.max_chars + 1)  # more than that is surely too long: stop reading
            if len(data) > 4 * self.max_chars:
                raise ArticleError(f"{STDIN_NAME}: more than {4 * self.max_chars:,} bytes, above the "
                                   f"--max-chars limit of {self.max_chars:,}")
            raw = decode_utf8(data, STDIN_NAME)
            check_length(raw, STDIN_NAME, self.max_chars)
            yield article_from_text(raw, source=STDIN_NAME, name="stdin")
        except ArticleError as e:
            yield Failure(self.name, str(e))
        except OSError as e:
            yield Failure(self.name, f"{STDIN_NAME}: cannot read ({e.strerror or e})")


# --- many articles per input: JSONL and CSV rows -------------------------------


class _Rows:
    """Turns one row's values into an Article or a Failure; remembers ids to refuse a repeated one."""

    def __init__(self, name: str, fields: Fields, max_chars: int, missing: str) -> None:
        self.name, self.fields, self.max_chars = name, fields, max_chars
        self.missing = missing  # "field" (JSONL) or "value" (CSV), for the message
        self.seen: dict[str, int] = {}  # id -> the line that used it first

    def fail(self, line: int, problem: str) -> Failure:
        return Failure(f"{self.name}:{line}", f"{self.name} line {line}: {problem}")

    def article(self, values: Mapping[str, Any], line: int) -> Item:
        try:
            return self._article(values, line)
        except Exception as e:  # noqa: BLE001 - a bug on one row must not stop the rows after it
            return self.fail(line, f"internal error: {type(e).__name__}: {e}")

    def _article(self, values: Mapping[str, Any], line: int) -> Item:
        f = self.fields
        raw_id = values.get(f.id)
        if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
            return self.fail(line, f"{f.id!r} must be a string or an integer")
        row_id = str(raw_id).strip() if raw_id is not None else ""
        if row_id in self.seen:
            return self.fail(line, f"id {row_id!r} was already used on line {self.seen[row_id]}")
        source = f"{self.name}#{row_id}" if row_id else f"{self.name}:{line}"
        where = f"{self.name} line {line}"
        if row_id:
            self.seen[row_id] = line
        text = values.get(f.text)
        if text is None:
            return Failure(source, f"{where}: no {f.text!r} {self.missing}")
        if not isinstance(text, str):
            return Failure(source, f"{where}: {f.text!r} is not a string")
        optional: dict[str, str | None] = {}
        for key, column in (("title", f.title), ("published", f.published), ("url", f.url)):
            value = values.get(column)
            if value is not None and not isinstance(value, str):
                return Failure(source, f"{where}: {column!r} must be a string")
            optional[key] = (value.strip() or None) if value is not None else None
        published, notes = _row_date(optional["published"], f.published)
        try:
            check_length(text, where, self.max_chars)
            return article_from_text(text, source=source, name=row_id or f"{Path(self.name).name}:{line}",
                                     label=where, url=optional["url"], title=optional["title"],
                                     published=published, notes=notes)
        except ArticleError as e:
            return Failure(source, str(e))


def _row_date(value: str | None, column: str) -> tuple[str | None, tuple[str, ...]]:
    """YYYY-MM-DD from an ISO date or date-time; anything else is left out, with a note (never guessed)."""
    if value is None:
        return None, ()
    try:
        return date.fromisoformat(value[:10]).isoformat(), ()
    except ValueError:
        return None, (f"input: the row's {column} {value[:40]!r} is not a YYYY-MM-DD date; left out",)


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line longer than `limit`, which is skipped, never held whole."""
    number = 0
    while line := stream.readline(limit):
        number += 1
        if len(line) >= limit and not line.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _line_limit(max_chars: int) -> int:
    # A JSON string escapes a character in at most 6 bytes (a \\u escape and four hex digits); the rest of a row is small.
    return 6 * max_chars + 65536


def _jsonl_items(lines: Iterator[tuple[int, bytes | None]], rows: _Rows) -> Iterator[Item]:
    for number, line in lines:
        if line is None:
            yield rows.fail(number, f"longer than the --max-chars limit of {rows.max_chars:,} characters")
            continue
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as e:  # only on stdin: files are checked whole when opened
            yield rows.fail(number, f"not valid UTF-8 (byte {e.start} of the line)")
            continue
        text = text.strip()  # the line break too: an unterminated string then says so, not "control character"
        if not text:
            continue
        try:
            values = json.loads(text)
        except json.JSONDecodeError as e:
            where = e.msg if e.msg.endswith(" at") else f"{e.msg} at"  # "Unterminated string starting at"
            yield rows.fail(number, f"not valid JSON ({where} column {e.colno})")
            continue
        except RecursionError:
            yield rows.fail(number, "not valid JSON (nested too deeply)")
            continue
        if not isinstance(values, dict):
            yield rows.fail(number, f"not a JSON object (a {type(values).__name__})")
            continue
        yield rows.article(values, number)


class RowFile(Source):
    """A .jsonl or .csv file: one article per row, checked whole and counted when opened."""

    def __init__(self, path: Path, fields: Fields, max_chars: int) -> None:
        self.path, self.fields, self.max_chars = path, fields, max_chars
        self.name = str(path)
        self.kind = "csv" if path.suffix.lower() == ".csv" else "jsonl"
        self.error: str | None = None
        try:
            self.count = self._scan()
        except ArticleError as e:
            self.error, self.count = str(e), 1

    def _scan(self) -> int:
        path = self.path
        check_file(path)
        try:
            with path.open("rb") as f:
                if b"\x00" in f.read(8192):
                    raise ArticleError(f"{path}: looks like a binary file, not UTF-8 text")
                f.seek(0)
                count = self._count_csv(f) if self.kind == "csv" else self._count_jsonl(f)
        except OSError as e:
            raise ArticleError(f"{path}: cannot read ({e.strerror})") from e
        if count == 0:
            raise ArticleError(f"{path}: no rows" + (" under the header" if self.kind == "csv" else ""))
        return count

    def _count_jsonl(self, f: IO[bytes]) -> int:
        count = 0
        for number, line in _lines(f, _line_limit(self.max_chars)):
            if line is None:
                count += 1
                continue
            try:
                text = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as e:
                raise ArticleError(f"{self.path}: not valid UTF-8 (line {number}, byte {e.start}); "
                                   "re-save it as UTF-8") from e
            count += bool(text.strip())  # the same test as reading uses, so the count is exact
        return count

    def _count_csv(self, f: IO[bytes]) -> int:
        reader = self._csv_reader(io.TextIOWrapper(f, encoding="utf-8-sig", newline=""))
        try:
            header = next(reader, None)
            if header is None:
                raise ArticleError(f"{self.path}: empty file (no header row)")
            columns = [c.strip() for c in header]
            if self.fields.text not in columns:
                raise ArticleError(f"{self.path}: no {self.fields.text!r} column (columns: "
                                   f"{', '.join(columns) or 'none'}); name it with --field text=COLUMN")
            return sum(1 for row in reader if row)
        except csv.Error as e:
            raise ArticleError(f"{self.path} line {reader.line_num}: not valid CSV ({e})") from e
        except UnicodeDecodeError as e:
            raise ArticleError(f"{self.path}: not valid UTF-8 (after line {reader.line_num}); "
                               "re-save it as UTF-8") from e

    def _csv_reader(self, text: IO[str]) -> Any:
        # The csv module refuses fields over 128 KiB by default; an article may be longer. A field
        # over the limit set here is far past --max-chars, and the file is refused as malformed.
        csv.field_size_limit(max(csv.field_size_limit(), 4 * self.max_chars))
        return csv.reader(text)

    def __iter__(self) -> Iterator[Item]:
        if self.error is not None:
            yield Failure(self.name, self.error)
            return
        try:
            with self.path.open("rb") as f:
                if self.kind == "jsonl":
                    rows = _Rows(self.name, self.fields, self.max_chars, "field")
                    yield from _jsonl_items(_lines(f, _line_limit(self.max_chars)), rows)
                else:
                    yield from self._csv_items(f)
        except (OSError, UnicodeDecodeError, csv.Error) as e:  # the file changed after it was checked
            yield Failure(self.name, f"{self.name}: cannot read it any more ({e})")

    def _csv_items(self, f: IO[bytes]) -> Iterator[Item]:
        reader = self._csv_reader(io.TextIOWrapper(f, encoding="utf-8-sig", newline=""))
        header = [c.strip() for c in next(reader)]
        index: dict[str, int] = {}
        for i, column in enumerate(header):
            index.setdefault(column, i)  # a repeated column name: the first one counts
        rows = _Rows(self.name, self.fields, self.max_chars, "value")
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1  # a record may span lines: name it by its first
            if not row:
                continue
            values = {column: row[i] for column, i in index.items() if i < len(row)}  # a short row lacks the rest
            yield rows.article(values, line)


class StdinRows(Source):
    """`-` for `batch`: a JSONL stream, one article per line, read as it arrives.

    Stdin cannot be read twice, so it is not checked whole first: a line that
    is not UTF-8 is that line's failure.
    """

    def __init__(self, stream: BinaryIO, fields: Fields, max_chars: int) -> None:
        self.stream, self.fields, self.max_chars = stream, fields, max_chars
        self.name, self.count = STDIN_NAME, None

    def __iter__(self) -> Iterator[Item]:
        rows = _Rows(STDIN_NAME, self.fields, self.max_chars, "field")
        lines = _lines(self.stream, _line_limit(self.max_chars))
        any_row = False
        try:
            for item in _jsonl_items(lines, rows):
                any_row = True
                yield item
        except OSError as e:
            yield Failure(self.name, f"{STDIN_NAME}: cannot read ({e.strerror or e})")
        else:
            if not any_row:  # as for an empty file: say so rather than brief nothing in silence
                yield Failure(self.name, f"{STDIN_NAME}: no rows")
