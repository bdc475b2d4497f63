"""`summarise export`: a seed batch (replayed offline) out to SQLite, ACLED-style rows and the figures CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from summarise.output.export import ACLED_COLUMNS, acled_rows, event_date
from summarise.output.schema import Brief, BriefRecord, Casualty, Figure, Location

runner = CliRunner()
ITEM_TABLES = {"actors": "actors", "places": "locations", "claims": "claims", "casualties": "casualties",
               "displacement": "displacement", "rejected": "rejected"}


def run(*args: str):  # noqa: ANN201
    return runner.invoke(app, list(args), catch_exceptions=False)


def briefs_of(folder: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in folder.glob("*.json") if p.name != "summary.json"]


def test_sqlite_has_a_row_per_item_with_its_article_span_and_evidence(seed_batch: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "briefs.db"
    result = run("export", str(seed_batch), "--format", "sqlite", "-o", str(db_file))
    assert result.exit_code == 0, result.output
    records = briefs_of(seed_batch)
    db = sqlite3.connect(db_file)
    assert db.execute("select count(*) from articles").fetchone()[0] == len(records) == 5
    for table, field in ITEM_TABLES.items():
        expected = sum(len(r["brief"][field]) for r in records)
        assert db.execute(f"select count(*) from {table}").fetchone()[0] == expected, table
        if table != "rejected":
            assert db.execute(f"pragma foreign_key_list({table})").fetchall()[0][2:4] == ("articles", "article_id")
    assert db.execute("pragma foreign_key_check").fetchall() == []
    by_id = {r["article"]["id"]: r for r in records}
    for article_id, position, start, end, evidence, low, kind in db.execute(
            "select article_id, position, span_start, span_end, evidence, low, kind from casualties"):
        item = by_id[article_id]["brief"]["casualties"][position]
        assert [start, end] == item["span"] and evidence == item["evidence"]
        assert (low, kind) == (item["figure"]["low"], item["kind"])
    (published,) = db.execute("select published from articles where name = '004_362068bbac3e72bc'").fetchone()
    assert published == "2021-09-01"
    assert f"wrote {db_file}: 5 briefs; rows: articles 5, actors " in " ".join(result.output.split())


def test_sqlite_re_export_replaces_the_file_whole(seed_batch: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "briefs.db"
    db_file.write_text("an old export, or anything else")
    assert run("export", str(seed_batch), "--format", "sqlite", "-o", str(db_file)).exit_code == 0
    assert sqlite3.connect(db_file).execute("select count(*) from articles").fetchone()[0] == 5
    assert [p.name for p in tmp_path.iterdir()] == ["briefs.db"]  # no temp file left beside it
    # a failed export never touches the file already there
    (tmp_path / "empty").mkdir()
    failed = run("export", str(tmp_path / "empty"), "--format", "sqlite", "-o", str(db_file))
    assert failed.exit_code == 1
    assert sqlite3.connect(db_file).execute("select count(*) from articles").fetchone()[0] == 5


def test_datasette_opens_the_export(seed_batch: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "briefs.db"
    assert run("export", str(seed_batch), "--format", "sqlite", "-o", str(db_file)).exit_code == 0
    datasette = Path(sys.executable).parent / "datasette"
    if not datasette.exists():
        pytest.skip("datasette is not installed (it is in the dev extra)")
    shown = subprocess.run([str(datasette), "inspect", str(db_file)], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    tables = json.loads(shown.stdout)["briefs"]["tables"]
    assert tables["articles"]["count"] == 5
    assert tables["casualties"]["count"] == sum(len(r["brief"]["casualties"]) for r in briefs_of(seed_batch))


def test_csv_export_is_the_batch_figures_csv(seed_batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.csv"
    assert run("export", str(seed_batch), "--format", "csv", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == (seed_batch / "figures.csv").read_text(encoding="utf-8")


def test_acled_rows_of_the_seeds(seed_batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    assert run("export", str(seed_batch), "--format", "acled", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ACLED_COLUMNS
    assert len(rows) == sum(len(r["brief"]["casualties"]) for r in briefs_of(seed_batch))
    for row in rows:  # fatalities only ever count the killed, at the low bound
        assert row["fatalities"] == (row["low"] if row["casualty_kind"] == "killed" else "")
    seven = next(r for r in rows if r["figure_text"] == "at least seven")
    assert (seven["actor2"], seven["fatalities"], seven["qualifier"], seven["high"]) == ("Taliban fighters", "7",
                                                                                        "at_least", "")
    assert (seven["published"], seven["event_date"], seven["reported_by"]) == ("2021-09-01", "", "resistance leaders")
    # no url in a .txt: ACLED's source is then the input's name
    assert seven["source"] == seven["article_source"] and seven["source"].endswith("seeds/004_362068bbac3e72bc.txt")
    assert seven["notes"] == seven["evidence"] == "at least seven Taliban fighters were killed"
    wounded = next(r for r in rows if r["figure_text"] == "five")
    assert (wounded["casualty_kind"], wounded["fatalities"], wounded["location"]) == ("wounded", "", "Gulbahar")
    assert wounded["country"] == wounded["admin1"] == ""  # the brief does not say where Gulbahar lies


def _record(casualties: list[Casualty], locations: list[Location], url: str | None = None) -> BriefRecord:
    return BriefRecord(tool_version="t", article={"id": "a1", "source": "in.jsonl#a1", "url": url}, prompt={},
                       schema={}, model={}, params={}, usage={}, attempts=0, cache_key=None, cache_hit=False,
                       passes=[], started_at="", finished_at="", elapsed_s=0,
                       brief=Brief(headline="h", summary="s", published="2021-08-16", casualties=casualties,
                                   locations=locations))


def test_acled_places_resolve_only_through_the_briefs_own_places() -> None:
    figure = Figure(text="four", low=4, high=4, qualifier="exact")
    places = [Location(name="Spin Boldak", kind="town", parent="Kandahar Province", evidence="Spin Boldak"),
              Location(name="Kandahar Province", kind="province", parent="Afghanistan", evidence="Kandahar Province"),
              Location(name="Afghanistan", kind="country", country="Afghanistan", evidence="Afghanistan")]
    casualties = [Casualty(kind="killed", figure=figure, victims="civilians", perpetrator="Taliban",
                           location="Spin Boldak", when="on Sunday, August 15, 2021", evidence="killed four"),
                  Casualty(kind="missing", figure=figure, location="Herat", when="since 1 August 2021",
                           evidence="four missing")]
    placed, unknown = acled_rows([_record(casualties, places, url="https://example.org/a")])
    assert (placed["country"], placed["admin1"], placed["location"]) == ("Afghanistan", "Kandahar Province",
                                                                         "Spin Boldak")
    assert (placed["actor1"], placed["actor2"], placed["fatalities"]) == ("Taliban", "civilians", 4)
    assert placed["event_date"] == "2021-08-15" and placed["source"] == "https://example.org/a"
    assert (unknown["country"], unknown["admin1"], unknown["location"]) == ("", "", "Herat")  # never guessed
    assert unknown["event_date"] == "" and unknown["fatalities"] == ""


@pytest.mark.parametrize("when, expected", [
    ("15 August 2021", "2021-08-15"), ("on Aug. 15, 2021", "2021-08-15"), ("2021-08-15", "2021-08-15"),
    ("Sunday, 15th of August 2021", "2021-08-15"), ("since 1 August 2021", ""), ("Sunday", ""),
    ("last week", ""), ("31 February 2021", ""), (None, ""), ("between 1 and 3 August 2021", ""),
])
def test_event_date_is_one_calendar_day_or_blank(when: str | None, expected: str) -> None:
    assert event_date(when) == expected


def test_non_brief_json_is_skipped_quietly_and_a_broken_brief_is_named(seed_batch: Path, tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    shutil.copytree(seed_batch, folder)
    (folder / "settings.json").write_text('{"theme": "dark"}')
    broken = json.loads(next(p for p in folder.glob("*.json") if p.name != "summary.json").read_text())
    broken["brief"]["casualties"] = "many"
    (folder / "broken.json").write_text(json.dumps(broken))
    result = run("export", str(folder), "--format", "csv", "-o", str(tmp_path / "f.csv"))
    assert result.exit_code == 0
    out = [line for line in result.output.splitlines() if line.strip()]
    assert len(out) == 2 and out[0].startswith(f"skipped: {folder / 'broken.json'}: not a valid brief record")
    assert "summary.json" not in result.output and "settings.json" not in result.output


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "no briefs to export"),
    (lambda p: None, "no such folder of briefs"),
])
def test_a_folder_without_briefs_is_one_error_line(tmp_path: Path, make, message: str) -> None:  # noqa: ANN001
    folder = tmp_path / "briefs"
    make(folder)
    result = run("export", str(folder), "--format", "sqlite", "-o", str(tmp_path / "x.db"))
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
    assert not (tmp_path / "x.db").exists()


def test_unknown_format_is_one_error_line(seed_batch: Path, tmp_path: Path) -> None:
    result = run("export", str(seed_batch), "--format", "xlsx", "-o", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert result.output.strip() == "error: unknown export format 'xlsx'; use one of sqlite, csv, acled"
