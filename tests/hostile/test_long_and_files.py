"""Long reports, huge one-line files and the files a batch writes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from fakes import FakeClient
from summarise.cli import app
from summarise.output.report import write_atomic
from summarise.output.schema import SummaryDraft
from summarise.pipeline import SUMMARY_INPUT_CHARS, Summariser
from summarise.text.article import load_article

PARAGRAPH = ("Fighting continued near the town of Dara on Monday, the army said. "
             "At least 4 civilians were killed and 9 wounded in shelling, officials said. ")


def _answer(_model, messages):  # noqa: ANN001, ANN202
    user = messages[-1]["content"]
    assert len(user) < SUMMARY_INPUT_CHARS + 1000  # the model never gets the whole long report
    return SummaryDraft(headline="Fighting near Dara", summary="The army said fighting continued near Dara.")


def test_long_report_is_briefed_whole_and_summarised_from_its_opening(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("\n\n".join(PARAGRAPH for _ in range(400)), encoding="utf-8")  # about 60 KB
    brief = Summariser(FakeClient(_answer), None).summarise(load_article(path)).brief
    assert len(brief.casualties) >= 400  # figures from every page, not only the first
    assert any("written from the first" in n for n in brief.notes)


def test_huge_single_line_is_briefed(tmp_path: Path) -> None:
    """Timing is measured by benchmarks/hostile.py (1 MB); here, that one long line is handled at all."""
    path = tmp_path / "export.txt"
    path.write_text(PARAGRAPH * 1400, encoding="utf-8")  # ~200 KB on one line
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
