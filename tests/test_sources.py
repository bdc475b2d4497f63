"""Every input kind read into Articles or named failures: JSONL and CSV rows, pages, stdin, bad files."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarise.batch import expand_paths
from summarise.errors import ConfigError
from summarise.text.article import Article, load_article
from summarise.text.sources import Failure, Fields, open_source, read_file_article, total_count
from summarise.text.webpage import article_from_html, decode_page

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "inputs" / "panjshir_page.html"
PAGE_SEED = ROOT / "seeds" / "004_362068bbac3e72bc.txt"
STORY = "Two people were killed in Goma on Monday, officials said."


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def items(path: Path | str, **kwargs: object) -> list[Article | Failure]:
    return list(open_source(path, **kwargs))  # type: ignore[arg-type]


def test_jsonl_rows_are_named_by_id_or_line_and_keep_url_title_date(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "goma-1", "text": STORY, "title": "Goma clashes", "url": "https://example.org/goma",
         "published": "2023-05-02T09:30:00Z"},
        "",  # blank lines are not rows
        {"text": "Three soldiers were wounded near Bunia, the army said.", "id": 42},
        {"text": "A convoy was attacked near Beni."},
    ])
    source = open_source(path)
    first, second, third = list(source)
    assert source.count == 3 and total_count([source]) == 3
    assert isinstance(first, Article) and first.source == f"{path}#goma-1" and first.stem == "goma-1"
    assert (first.url, first.title, first.published) == ("https://example.org/goma", "Goma clashes", "2023-05-02")
    assert first.text == STORY
    assert second.source == f"{path}#42" and second.stem == "42"  # an integer id is a name too
    assert third.source == f"{path}:4" and third.stem == "news.jsonl:4" and third.url is None


def test_bad_rows_are_named_failures_and_the_rows_after_them_still_come(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "articles.jsonl", [
        {"text": STORY},
        '{"text": "unfinished',
        [1, 2],
        {"body": STORY},
        {"text": "   \n  "},
        {"text": 7},
        {"id": "a", "text": STORY + " One."},
        {"id": "a", "text": STORY + " Two."},
        {"text": "x" * 500},
        {"text": STORY, "title": ["not", "a", "string"]},
        {"text": "The last good row."},
    ])
    got = items(path, max_chars=400)
    reasons = [i.reason for i in got if isinstance(i, Failure)]
    assert reasons == [
        f"{path} line 2: not valid JSON (Unterminated string starting at column 10)",
        f"{path} line 3: not a JSON object (a list)",
        f"{path} line 4: no 'text' field",
        f"{path} line 5: empty article (no text after removing boilerplate)",
        f"{path} line 6: 'text' is not a string",
        f"{path} line 8: id 'a' was already used on line 7",
        f"{path} line 9: 500 characters, above the --max-chars limit of 400",
        f"{path} line 10: 'title' must be a string",
    ]
    assert [i.source for i in got if isinstance(i, Failure)][:2] == [f"{path}:2", f"{path}:3"]
    assert [i.text for i in got if isinstance(i, Article)] == [STORY, STORY + " One.", "The last good row."]
    assert len(got) == open_source(path, max_chars=400).count  # one item per row: the bar's total is exact


def test_a_row_far_past_the_limit_is_skipped_without_being_held(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "big.jsonl", [{"text": "y" * 200_000}, {"text": STORY}])
    got = items(path, max_chars=100)
    assert isinstance(got[0], Failure) and "line 1: longer than the --max-chars limit of 100" in got[0].reason
    assert isinstance(got[1], Article) and got[1].source == f"{path}:2"


def test_a_row_date_that_is_not_iso_is_left_out_with_a_note(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", [{"text": STORY, "published": "last Tuesday"}])
    (article,) = items(path)
    assert article.published is None
    assert article.notes == ("input: the row's published 'last Tuesday' is not a YYYY-MM-DD date; left out",)


@pytest.mark.parametrize("content, message", [
    (b'{"text": "fine"}\n' * 3 + b'{"text": "caf\xe9"}\n', "not valid UTF-8 (line 4, byte 13)"),
    (b"\x00\x01\x02binary", "looks like a binary file"),
    (b"\n\n", "no rows"),
])
def test_a_bad_whole_jsonl_file_is_one_failure_before_any_row(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    (failure,) = items(path)
    assert isinstance(failure, Failure) and failure.source == str(path)
    assert message in failure.reason and str(path) in failure.reason and "\n" not in failure.reason


def test_missing_files_and_folders_are_one_failure(tmp_path: Path) -> None:
    for name in ("nope.jsonl", "nope.csv", "nope.html", "nope.txt"):
        (failure,) = items(tmp_path / name)
        assert failure.reason == f"{tmp_path / name}: no such file"
    (folder,) = items(tmp_path)
    assert "is a folder" in folder.reason


def test_csv_rows_with_renamed_columns_and_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('story_id,body,headline,date\n'
                    'c1,"Fighting resumed in Goma.\nOfficials said two people were killed.",Goma,2023-05-02\n'
                    '\n'
                    'c2,,Empty,\n'
                    'c3\n', encoding="utf-8")
    fields = Fields.parse(["text=body", "id=story_id", "title=headline", "published=date"])
    first, empty, short = items(path, fields=fields)
    assert first.source == f"{path}#c1" and first.title == "Goma" and first.published == "2023-05-02"
    assert first.text == "Fighting resumed in Goma.\nOfficials said two people were killed."
    assert empty.reason == f"{path} line 5: empty article (no text after removing boilerplate)"
    assert short.reason == f"{path} line 6: no 'body' value"  # a record names the line it starts on
    (no_column,) = items(path)  # without --field the text column is missing: the whole file is refused
    assert no_column.reason.startswith(f"{path}: no 'text' column (columns: story_id, body, headline, date)")


def test_csv_not_utf8_or_without_rows_is_one_failure(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text\ncaf\u00e9 au lait\n".encode("latin-1"))
    header_only = tmp_path / "header.csv"
    header_only.write_text("id,text\n", encoding="utf-8")
    assert "not valid UTF-8" in items(latin)[0].reason
    assert items(header_only)[0].reason == f"{header_only}: no rows under the header"


def test_field_option_is_checked() -> None:
    assert Fields.parse(["text = body"]).text == "body"
    for bad in (["text"], ["body=text"], ["title="]):
        with pytest.raises(ConfigError, match="--field"):
            Fields.parse(bad)


def test_stdin_is_one_text_article_for_brief_and_jsonl_rows_for_batch() -> None:
    (article,) = items("-", stdin=io.BytesIO(STORY.encode()))
    assert article.source == "<stdin>" and article.stem == "stdin" and article.text == STORY
    stream = io.BytesIO(b'{"id": "s1", "text": "First story."}\n\xff\xfe\n{"text": "Third story."}\n')
    source = open_source("-", stdin=stream, stdin_rows=True)
    got = list(source)
    assert source.count is None and total_count([source]) is None  # unknown until read
    assert [getattr(i, "source") for i in got] == ["<stdin>#s1", "<stdin>:2", "<stdin>:3"]
    assert got[1].reason == "<stdin> line 2: not valid UTF-8 (byte 0 of the line)"  # stdin cannot be checked first
    (empty,) = items("-", stdin=io.BytesIO(b"  \n"))
    assert empty.reason == "<stdin>: empty article (no text after removing boilerplate)"
    (no_rows,) = items("-", stdin=io.BytesIO(b"\n\n"), stdin_rows=True)
    assert no_rows == Failure("<stdin>", "<stdin>: no rows")


def test_page_gives_the_same_article_as_the_plain_text_of_the_story() -> None:
    page, plain = read_file_article(PAGE), load_article(PAGE_SEED)
    # Navigation, cookie banner, share links, adverts, newsletter box, related stories, footer and scripts
    # are all gone; what is left is exactly the text file's cleaned text, so the id (and brief) are the same.
    assert page.text == plain.text and page.id == plain.id
    assert page.title == "Taliban say it has surrounded Afghan resistance fighters, calls for peace"
    assert page.url == "https://frontline-wire.example/asia/2021/taliban-surround-panjshir-resistance"
    assert page.published == plain.published == "2021-09-01"
    assert page.source == str(PAGE) and page.stem == "panjshir_page"


def test_page_date_comes_from_markup_never_from_the_body_text() -> None:
    body = "<p>Fighting resumed on 2020-01-02 around the airport, the army said in a statement.</p>"
    bare = article_from_html(f"<html><body>{body}</body></html>", source="p.html", max_chars=10_000)
    assert bare.published is None and bare.url is None
    dated = article_from_html('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
                              f'"datePublished": "2022-05-06T10:00:00Z"}}</script></head><body>{body}</body></html>',
                              source="p.html", max_chars=10_000)
    assert dated.published == "2022-05-06"


def test_page_without_text_or_with_an_undeclared_encoding_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="p.html: no article text found in the page"):
        article_from_html("<html><body><script>var x = 1;</script></body></html>", source="p.html", max_chars=100)
    declared = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 owners fled.</p></body></html>'
    assert "Caf\u00e9" in decode_page(declared.encode("cp1252"), "w.html")
    undeclared = tmp_path / "latin.html"
    undeclared.write_bytes("<html><body><p>Caf\u00e9 owners fled the town.</p></body></html>".encode("latin-1"))
    (failure,) = items(undeclared)
    assert failure.reason.startswith(f"{undeclared}: not valid UTF-8") and "declares no charset" in failure.reason


def test_folders_contribute_every_input_kind_and_stdin_passes_through(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.HTM", "d.jsonl", "e.csv", "f.md", "g.json", "sub/h.jsonl"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    found = expand_paths([tmp_path, "-", "-"])
    assert [p.name for p in found] == ["a.txt", "b.html", "c.HTM", "d.jsonl", "e.csv", "h.jsonl", "-"]


def test_batch_reads_rows_only_as_workers_free_up(tmp_path: Path) -> None:
    from fakes import FakeClient
    from summarise.batch import run_batch
    from summarise.output.schema import SummaryDraft
    from summarise.pipeline import Summariser
    from summarise.text.sources import Source

    path = write_jsonl(tmp_path / "many.jsonl", [{"id": f"r{i}", "text": f"Report {i}: {STORY}"} for i in range(12)]
                       + ['{"id": "bad"'])

    class Counted(Source):
        """The JSONL source, counting the rows read so far."""

        def __init__(self) -> None:
            self.inner, self.read = open_source(path), 0
            self.name, self.count = self.inner.name, self.inner.count

        def __iter__(self) -> Iterator[Article | Failure]:
            for item in self.inner:
                self.read += 1
                yield item

    counted = Counted()
    read_at_each_call: list[int] = []

    def answer(_model: object, _messages: object) -> SummaryDraft:
        read_at_each_call.append(counted.read)
        return SummaryDraft(headline="Clashes", summary="Officials said two people were killed.")

    events: list[tuple[str, str]] = []
    result = run_batch([counted], Summariser(FakeClient(answer), None), tmp_path / "out", concurrency=2,
                       on_event=lambda kind, source, _record: events.append((kind, source)))
    assert len(result.records) == 12
    assert result.failures == {f"{path}:13": f"{path} line 13: not valid JSON (Expecting ',' delimiter at column 13)"}
    assert read_at_each_call[0] <= 4  # two in flight and two queued: the other rows were not read yet
    assert sorted(source for _, source in events) == sorted([f"{path}#r{i}" for i in range(12)] + [f"{path}:13"])
