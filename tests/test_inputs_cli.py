"""`brief` and `batch` on every input kind through the CLI, replayed offline: bad rows and bad files are
named one line each and never stop the rest; stdin is one text for `brief` and JSONL rows for `batch`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from summarise.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_362068bbac3e72bc.txt"
OTHER = ROOT / "seeds" / "001_9fc1986f107bbdc7.txt"
RECORDINGS = ROOT / "tests" / "recordings"
runner = CliRunner()


def offline(tmp_path: Path, *args: str, stdin: bytes | None = None):  # noqa: ANN201
    return runner.invoke(app, [*args, "--offline", "--recordings", str(RECORDINGS), "--out", str(tmp_path / "out"),
                               "--cache-dir", str(tmp_path / "cache")], input=stdin)


def briefs(tmp_path: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in (tmp_path / "out").glob("*.json") if p.name != "summary.json"]


def lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def test_brief_on_jsonl_names_each_bad_row_and_briefs_the_good_one(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join([json.dumps({"headline": "no text here"}),
                               json.dumps({"id": "panjshir", "text": SEED.read_text(encoding="utf-8"),
                                           "title": "Panjshir", "url": "https://example.org/p"}),
                               "{oops"]) + "\n", encoding="utf-8")
    result = offline(tmp_path, "brief", str(path), "--quiet")
    assert result.exit_code == 1
    out = lines(result.output)
    assert out[0] == f"error: {path} line 1: no 'text' field"
    assert out[-1] == (f"error: {path} line 3: not valid JSON "
                       "(Expecting property name enclosed in double quotes at column 2)")
    assert any(line.startswith("wrote ") for line in out) and "Traceback" not in result.output
    (record,) = briefs(tmp_path)
    assert record["article"]["source"] == f"{path}#panjshir" and record["article"]["stem"] == "panjshir"
    assert (record["article"]["title"], record["article"]["url"]) == ("Panjshir", "https://example.org/p")


def test_brief_on_a_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    result = offline(tmp_path, "brief", str(path))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert lines(result.output) == [f"error: {path}: not valid UTF-8 (line 2, byte 13); re-save it as UTF-8"]
    assert briefs(tmp_path) == []  # refused before any row was briefed


def test_brief_reads_one_article_from_stdin(tmp_path: Path) -> None:
    result = offline(tmp_path, "brief", "-", "--quiet", stdin=SEED.read_bytes())
    assert result.exit_code == 0, result.output
    (record,) = briefs(tmp_path)
    assert record["article"]["source"] == "<stdin>" and record["brief"]["published"] == "2021-09-01"


def test_batch_reads_jsonl_rows_from_stdin_and_lists_bad_rows(tmp_path: Path) -> None:
    stream = (json.dumps({"id": "p", "text": SEED.read_text(encoding="utf-8")}) + "\n"
              + json.dumps({"id": "q", "text": ""}) + "\n").encode()
    result = offline(tmp_path, "batch", "-", stdin=stream)
    assert result.exit_code == 1 and "Traceback" not in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["failures"] == {"<stdin>#q": "<stdin> line 2: empty article (no text after removing boilerplate)"}
    assert [b["article"]["source"] for b in briefs(tmp_path)] == ["<stdin>#p"]


def test_batch_on_a_folder_of_mixed_inputs_with_renamed_fields(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    with (folder / "export.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["story", "body", "headline"])
        writer.writerow(["s1", OTHER.read_text(encoding="utf-8"), "Kabul"])
        writer.writerow(["s2", "", "Nothing"])
    (folder / "latin.jsonl").write_bytes('{"body": "caf\u00e9"}\n'.encode("latin-1"))
    (folder / "page.html").write_text((ROOT / "tests" / "inputs" / "panjshir_page.html").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    (folder / "notes.md").write_text("not an input")
    result = offline(tmp_path, "batch", str(folder), "--field", "text=body", "--field", "id=story",
                     "--field", "title=headline")
    assert result.exit_code == 1 and "Traceback" not in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    s2_line = 2 + OTHER.read_text(encoding="utf-8").count("\n") + 1  # s1's text spans lines; s2 starts after it
    table, latin = folder / "export.csv", folder / "latin.jsonl"
    assert summary["failures"] == {
        f"{table}#s2": f"{table} line {s2_line}: empty article (no text after removing boilerplate)",
        str(latin): f"{latin}: not valid UTF-8 (line 1, byte 13); re-save it as UTF-8",
    }
    by_source = {b["article"]["source"]: b["article"] for b in briefs(tmp_path)}
    assert set(by_source) == {f"{folder / 'export.csv'}#s1", str(folder / "page.html")}
    assert by_source[f"{folder / 'export.csv'}#s1"]["title"] == "Kabul"
    assert "4/4" in result.output  # the bar's total counted rows (2 in the CSV), not files (3)


def test_a_bad_field_option_is_one_line(tmp_path: Path) -> None:
    for command in ("brief", "batch"):
        result = offline(tmp_path, command, str(SEED), "--field", "body")
        assert result.exit_code == 1
        assert lines(result.output) == ["error: --field 'body': write NAME=COLUMN, e.g. --field text=body"]
