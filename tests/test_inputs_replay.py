"""Done-when for the input kinds: a JSONL of the five seeds and an HTML page of one give the very
briefs the .txt files give, replayed offline from the recordings (same cleaned text, same request)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from summarise.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RECORDINGS = ROOT / "tests" / "recordings"
PAGE = ROOT / "tests" / "inputs" / "panjshir_page.html"
PAGE_SEED = "004_362068bbac3e72bc"
runner = CliRunner()


def offline(*args: str, cache: Path):  # noqa: ANN201
    return runner.invoke(app, [*args, "--offline", "--recordings", str(RECORDINGS), "--cache-dir", str(cache)])


def records(folder: Path) -> dict[str, dict]:
    """Brief records by article id (summary.json is not one)."""
    found = [json.loads(p.read_text()) for p in folder.glob("*.json") if p.name != "summary.json"]
    return {r["article"]["id"]: r for r in found}


def test_jsonl_of_the_seeds_and_a_page_give_the_txt_briefs(seed_batch: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "seeds.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for seed in SEEDS:
            f.write(json.dumps({"id": seed.stem, "text": seed.read_text(encoding="utf-8"),
                                "url": f"https://example.org/{seed.stem}"}) + "\n")
    # Each run has its own empty cache, so every brief is replayed from the recordings, not reused.
    rows = offline("batch", str(jsonl), "--out", str(tmp_path / "rows"), cache=tmp_path / "c1")
    page = offline("brief", str(PAGE), "--out", str(tmp_path / "page"), "--quiet", cache=tmp_path / "c2")
    assert rows.exit_code == 0, rows.output
    assert page.exit_code == 0, page.output

    from_txt, from_rows, from_page = records(seed_batch), records(tmp_path / "rows"), records(tmp_path / "page")
    assert set(from_rows) == set(from_txt) and len(from_txt) == len(SEEDS)  # same cleaned text -> same ids
    for article_id, txt in from_txt.items():
        row = from_rows[article_id]
        assert row["model"]["backend"] == "replay" and row["cache_hit"] is False
        assert row["brief"] == txt["brief"], txt["article"]["source"]
        # the row's id names it, as the file's stem names the .txt (gold files match on it)
        assert row["article"]["stem"] == txt["article"]["stem"]
        assert row["article"]["source"] == f"{jsonl}#{txt['article']['stem']}"
        assert row["article"]["url"] == f"https://example.org/{txt['article']['stem']}"

    ((page_id, page_record),) = from_page.items()
    txt = next(r for r in from_txt.values() if r["article"]["stem"] == PAGE_SEED)
    assert page_id == txt["article"]["id"] and page_record["brief"] == txt["brief"]
    assert page_record["article"]["url"].startswith("https://frontline-wire.example/")
    assert page_record["article"]["title"].startswith("Taliban say it has surrounded")


def test_page_and_its_text_in_one_batch_are_one_article(tmp_path: Path) -> None:
    result = offline("batch", str(PAGE), str(ROOT / "seeds" / f"{PAGE_SEED}.txt"), "--out", str(tmp_path / "b"),
                     cache=tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert len(records(tmp_path / "b")) == 1
    assert f"duplicate: {ROOT / 'seeds' / PAGE_SEED}.txt has the same text as {PAGE}" in " ".join(result.output.split())
