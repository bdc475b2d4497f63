"""The five seeds end to end from recorded embedded-model responses, offline.

Parsing, validation, the summary check, cache and CLI all run for real; only
the model is replaced by tests/recordings/. A missing recording fails with
the command that records it. (Scores over every set are in test_quality_gate.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.text.article import load_article
from summarise.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RECORDINGS = ROOT / "tests" / "recordings"
runner = CliRunner()


def brief_offline(seed: Path, out: Path, cache: Path, recordings: Path = RECORDINGS):  # noqa: ANN201
    return runner.invoke(app, ["brief", str(seed), "--offline", "--recordings", str(recordings),
                               "--out", str(out), "--cache-dir", str(cache), "--quiet"])


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_replays_end_to_end_grounded(seed: Path, tmp_path: Path) -> None:
    result = brief_offline(seed, tmp_path / "briefs", tmp_path / "cache")
    assert result.exit_code == 0, result.output  # a missing recording names `make record` here
    article = load_article(seed)
    record = json.loads((tmp_path / "briefs" / f"{article.id}.json").read_text())
    brief = record["brief"]
    assert record["model"]["backend"] == "replay" and record["cache_hit"] is False
    assert brief["headline"] and brief["summary"]
    for field in ("actors", "locations", "claims", "casualties", "displacement"):
        for item in brief[field]:
            start, end = item["span"]
            assert article.text[start:end] == item["evidence"], (field, item)
    for item in brief["casualties"] + brief["displacement"]:
        assert item["figure"]["text"] in item["evidence"]
        assert item["figure"]["low"] >= 0
    for reject in brief["rejected"]:
        assert reject["reason"]
    # the second run is answered by the cache: no recording is even read
    (tmp_path / "empty").mkdir()
    again = brief_offline(seed, tmp_path / "briefs", tmp_path / "cache", recordings=tmp_path / "empty")
    assert again.exit_code == 0, again.output
    assert json.loads((tmp_path / "briefs" / f"{article.id}.json").read_text())["cache_hit"] is True


def test_missing_recording_fails_loudly_with_the_record_command(tmp_path: Path) -> None:
    partial = tmp_path / "recordings"
    shutil.copytree(RECORDINGS, partial)
    # A seed's first summary request (the folder also holds the corpus articles' and the retries').
    requests = {path: json.loads(path.read_text())["request"]["messages"] for path in partial.glob("*.json")}
    victim, seed = next((path, s) for path, messages in sorted(requests.items()) for s in SEEDS
                        if len(messages) == 2 and load_article(s).text.split("\n")[0][:40] in messages[1]["content"])
    victim.unlink()
    result = brief_offline(seed, tmp_path / "briefs", tmp_path / "cache", recordings=partial)
    assert result.exit_code == 1
    assert "no recording" in result.output and "make record" in result.output
    assert "Traceback" not in result.output


def test_recordings_are_readable_json_with_request_and_response() -> None:
    files = sorted(RECORDINGS.glob("*.json"))
    assert len(files) >= len(SEEDS)  # at least the summary of every seed
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"request", "response"} <= set(data)
        assert data["request"]["messages"] and data["response"]["choices"]
