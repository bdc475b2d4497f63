"""OpenAI Batch API export and import, with the recorded seed responses as the batch results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from summarise.model.client import recording_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RECORDINGS = ROOT / "tests" / "recordings"
runner = CliRunner()


def export(tmp_path: Path) -> list[dict]:
    out = tmp_path / "requests.jsonl"
    result = runner.invoke(app, ["batch", str(ROOT / "seeds"), "--export-batch-file", str(out), "--cache-dir",
                                 str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_export_writes_one_line_per_request_with_the_live_body(tmp_path: Path) -> None:
    lines = export(tmp_path)
    assert len(lines) == len(SEEDS)  # one request per article: the summary
    ids = [line["custom_id"] for line in lines]
    assert len(set(ids)) == len(ids)
    for line in lines:
        assert set(line) == {"custom_id", "method", "url", "body"}
        assert line["method"] == "POST" and line["url"] == "/v1/chat/completions"
        body = line["body"]
        assert body["model"] and body["messages"][1]["role"] == "user"
        assert body["response_format"]["type"] == "json_object" and "properties" in body["response_format"]["schema"]
        # identical to the live request: the recording made from the live call has this very body
        recorded = recording_path(RECORDINGS, body)
        assert recorded.is_file(), f"export body differs from the recorded live request ({recorded.name})"
        assert json.loads(recorded.read_text())["request"] == body


def test_import_results_brief_like_a_live_run(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    with results.open("w", encoding="utf-8") as f:
        for line in export(tmp_path):  # answer each request from its recording, in Batch API output format
            response = json.loads(recording_path(RECORDINGS, line["body"]).read_text())["response"]
            f.write(json.dumps({"id": "batch_req_" + line["custom_id"][:8], "custom_id": line["custom_id"],
                                "response": {"status_code": 200, "request_id": "r", "body": response},
                                "error": None}) + "\n")
    out, cache = tmp_path / "briefs", tmp_path / "cache"
    imported = runner.invoke(app, ["batch", str(ROOT / "seeds"), "--import-batch-results", str(results),
                                   "--out", str(out), "--cache-dir", str(cache)])
    assert imported.exit_code == 0, imported.output
    briefs = {p.name: json.loads(p.read_text()) for p in out.glob("*.json") if p.name != "summary.json"}
    assert len(briefs) == len(SEEDS)
    for record in briefs.values():
        assert record["brief"]["headline"] and record["cache_hit"] is False
        for item in record["brief"]["casualties"] + record["brief"]["displacement"]:
            assert item["figure"]["text"] in item["evidence"]
    # the answers went into the same cache, under the same keys, as a live run's would
    replay = runner.invoke(app, ["batch", str(ROOT / "seeds"), "--offline", "--out", str(tmp_path / "again"),
                                 "--cache-dir", str(cache)])
    assert replay.exit_code == 0, replay.output
    for path in (tmp_path / "again").glob("*.json"):
        if path.name != "summary.json":
            passes = {p["name"]: p["cache_hit"] for p in json.loads(path.read_text())["passes"]}
            assert passes["summary"], passes


def test_import_rejects_a_bad_results_file(tmp_path: Path) -> None:
    bad = tmp_path / "results.jsonl"
    bad.write_text("not json\n")
    result = runner.invoke(app, ["batch", str(ROOT / "seeds"), "--import-batch-results", str(bad)])
    assert result.exit_code == 1 and "not a batch result line" in result.output


@pytest.mark.parametrize("missing", ["nope.jsonl"])
def test_import_missing_file(tmp_path: Path, missing: str) -> None:
    result = runner.invoke(app, ["batch", str(ROOT / "seeds"), "--import-batch-results", str(tmp_path / missing)])
    assert result.exit_code == 1 and "no such batch results file" in result.output
