"""Long reports, huge one-line files and the files a batch writes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from fakes import FakeClient
from summarise.cli import app
from summarise.output.report import write_atomic
from summarise.output.schema import SummaryDraft
from summarise.model.prompts import SUMMARY_INPUT_CHARS
from summarise.pipeline import Options, Summariser, summary_parts
from summarise.text.article import load_article
from summarise.text.nlp import analyse, doc_text, text_blocks

PARAGRAPH = ("Fighting continued near the town of Dara on Monday, the army said. "
             "At least 4 civilians were killed and 9 wounded in shelling, officials said. ")


def report(pages: int, sep: str = "\n\n") -> str:
    """A long report of daily pages; each page's wounded count is its own, so each is a figure of its own
    (the same toll at the same place twice is one figure, restated)."""
    return sep.join(PARAGRAPH.replace("9 wounded", f"{9 + i} wounded") for i in range(pages))


def _answer(_model, messages):  # noqa: ANN001, ANN202
    user = messages[-1]["content"]
    assert len(user) < SUMMARY_INPUT_CHARS + 1000  # the model never gets the whole long report
    if "summaries of its" in user:  # the merge request
        return SummaryDraft(headline="Fighting near Dara", summary="The army said fighting continued near Dara.")
    return SummaryDraft(headline="Dara", summary="At least 4 civilians were killed near Dara, officials said.")


def test_long_report_is_summarised_part_by_part_and_merged(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(report(400), encoding="utf-8")  # about 60 KB: 10 parts
    fake, seen = FakeClient(_answer), []
    summariser = Summariser(fake, None, Options(summary_parts=4), progress=lambda *a: seen.append(a[1:]))
    record = summariser.summarise(load_article(path))
    brief = record.brief
    assert len(brief.casualties) >= 400  # figures from every page, not only the parts the model read
    assert [p.name for p in record.passes] == [f"summary-part-{n}" for n in range(1, 5)] + ["summary"]
    merge = fake.calls[-1][1][-1]["content"]
    assert merge.count("Part ") == 4 and "Part 4 of 4" in merge
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert brief.summary == "The army said fighting continued near Dara."
    assert any("summarised in 4 part(s) of 10" in n and "--summary-parts" in n for n in brief.notes)


def test_a_part_summary_the_article_does_not_support_is_left_out_of_the_merge(tmp_path: Path) -> None:
    def answer(model, messages):  # noqa: ANN001, ANN202
        if "Part 2 of" not in messages[-1]["content"] and len(fake.calls) == 2:  # the second part's answer
            return SummaryDraft(headline="NATO", summary="NATO said 10,000 people were killed.")
        return _answer(model, messages)

    path = tmp_path / "report.txt"
    path.write_text("\n\n".join(PARAGRAPH for _ in range(100)), encoding="utf-8")  # 3 parts
    fake = FakeClient(answer)
    brief = Summariser(fake, None).summarise(load_article(path)).brief
    merge = fake.calls[-1][1][-1]["content"]
    assert "10,000" not in merge and "Part 1 of 3" in merge and "Part 3 of 3" in merge
    assert any(n.startswith("summary-part-2: the model's summary used") for n in brief.notes)
    assert "10,000" not in brief.summary


def test_parts_are_contiguous_sentence_cut_and_fit_the_budget() -> None:
    text = "\n\n".join(PARAGRAPH for _ in range(100)) + " " + "word " * 3000  # ends in one 15 KB run-on
    analysis = analyse(text)
    parts = summary_parts(analysis)
    assert parts[0][0] == 0 and parts[-1][1] == len(text.rstrip())
    assert all(b - a <= SUMMARY_INPUT_CHARS for a, b in parts)
    assert all(text[b:c].strip() == "" for (_, b), (c, _) in zip(parts, parts[1:]))  # nothing skipped
    assert text[parts[0][1] - 1] == " " or text[parts[0][1] - 1] in ".!?"  # the first cut is a sentence end
    assert summary_parts(analyse(PARAGRAPH)) == [(0, len(PARAGRAPH))]


def test_a_prompt_without_a_merge_task_reads_the_first_part_only(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("\n\n".join(PARAGRAPH for _ in range(100)), encoding="utf-8")
    fake = FakeClient(_answer)
    record = Summariser(fake, None, Options(prompt_id="brief/v2")).summarise(load_article(path))
    assert [p.name for p in record.passes] == ["summary"]
    assert any("summarised in 1 part(s) of 3" in n for n in record.brief.notes)


def test_a_long_text_is_parsed_in_blocks_that_join_back_exactly() -> None:
    text = "\n".join(PARAGRAPH * 3 for _ in range(400))  # ~100 KB: several blocks
    assert len(text_blocks(text)) > 1 and "".join(text_blocks(text)) == text
    one_line = PARAGRAPH * 800
    assert "".join(text_blocks(one_line)) == one_line
    analysis = analyse(text)
    assert doc_text(analysis.doc) == text
    assert all(text[a:b] == analysis.quote((a, b)) and "\n" not in text[a:b] for a, b in analysis.sentences)
    ents = [e for e in analysis.doc.ents if e.text == "Dara"]
    assert len(ents) > 1000 and all(text[e.start_char:e.end_char] == "Dara" for e in ents)


def test_huge_single_line_is_briefed(tmp_path: Path) -> None:
    """Timing is measured by benchmarks/hostile.py (1 MB); here, that one long line is handled at all."""
    path = tmp_path / "export.txt"
    path.write_text(report(1400, sep=""), encoding="utf-8")  # ~200 KB on one line
    brief = Summariser(FakeClient(_answer), None).summarise(load_article(path)).brief
    assert len(brief.casualties) >= 1400


def test_max_chars_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(PARAGRAPH * 10, encoding="utf-8")
    result = CliRunner().invoke(app, ["brief", str(path), "--max-chars", "100", "--offline",
                                      "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 1 and "--max-chars" in result.output and "Traceback" not in result.output


def test_atomic_writes_leave_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "brief.json"
    for i in range(5):
        write_atomic(target, f"{{\"n\": {i}}}")
    assert target.read_text() == '{"n": 4}'
    assert [p.name for p in tmp_path.iterdir()] == ["brief.json"]


def test_duplicate_inputs_are_briefed_once_and_reported(tmp_path: Path) -> None:
    from batch_helpers import run_fake_batch

    text = "Clashes in Dara\nAt least 4 civilians were killed in Dara, officials said."
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_fake_batch([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "out", concurrency=1)
    assert len(result.records) == 1
    assert result.duplicates == {str(tmp_path / "b.txt"): str(tmp_path / "a.txt")}


def test_an_article_is_summarised_from_its_lead_cut_at_a_sentence_end(tmp_path: Path) -> None:
    """One part's worth of article: the model reads its first --summary-lead characters, not all of it,
    and every item still comes from the whole text."""
    path = tmp_path / "article.txt"
    path.write_text(report(20, sep=" "), encoding="utf-8")  # ~3,000 characters: one part
    text = load_article(path).text
    assert len(summary_parts(analyse(text))) == 1
    fake = FakeClient(_answer)
    record = Summariser(fake, None, Options(summary_lead=500)).summarise(load_article(path))
    article = fake.calls[0][1][-1]["content"].split("<article>\n")[1].split("\n</article>")[0]
    assert 0 < len(article) <= 500 and text.startswith(article) and article.endswith("said.")
    assert len(record.brief.casualties) >= 20  # items from every sentence, not only the lead's
    assert any("from the article's lead, the first" in n and "--summary-lead 0" in n for n in record.brief.notes)

    whole = FakeClient(_answer)
    record = Summariser(whole, None, Options(summary_lead=0)).summarise(load_article(path))
    assert whole.calls[0][1][-1]["content"].count("Fighting continued") == 20  # 0: the whole article
    assert not any("article's lead" in n for n in record.brief.notes)


def test_summary_lead_is_a_cli_option_and_part_of_what_a_resumed_batch_compares(tmp_path: Path) -> None:
    assert Options(summary_lead=800).fingerprint() != Options(summary_lead=1500).fingerprint()
    result = CliRunner().invoke(app, ["brief", "--help"], terminal_width=200)
    assert "--summary-lead" in result.output
