"""A batch killed with SIGKILL mid-run: every brief on disk is whole, and a re-run finishes the rest.

SIGKILL gives the process no chance to clean up, so this is the case the
write-to-temp, fsync, rename design exists for. The batch runs as a real
subprocess against a loopback fake model that is slow enough to be killed
between and during writes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fake_server import FakeOpenAIServer
from summarise.output.schema import BriefRecord
from synthetic import pipeline_responder, write_synthetic_articles

ARTICLES = 12


def _batch(folder: Path, out: Path, base_url: str, cache: Path) -> subprocess.Popen[bytes]:
    code = "import sys; from summarise.cli import main; sys.argv[0] = 'summarise'; main()"
    args = [sys.executable, "-c", code, "batch", str(folder), "--out", str(out), "--base-url", base_url,
            "--api-key", "test", "--model", "fake-model", "--cache-dir", str(cache), "-j", "3"]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)


def _briefs(out: Path) -> list[Path]:
    return [p for p in out.glob("*.json") if p.name != "summary.json"]


@pytest.mark.enable_socket
def test_a_killed_batch_leaves_only_whole_briefs_and_resumes(tmp_path: Path) -> None:
    folder, out, cache = tmp_path / "news", tmp_path / "briefs", tmp_path / "cache"
    write_synthetic_articles(folder, ARTICLES)
    with FakeOpenAIServer(pipeline_responder, latency=0.4) as server:
        proc = _batch(folder, out, server.base_url, cache)
        deadline = time.monotonic() + 120
        while len(_briefs(out)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the batch finished before it could be killed: make the model slower"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        done = _briefs(out)
        assert 3 <= len(done) < ARTICLES
        for path in done:  # whole, valid records only: never a torn file under a final name
            BriefRecord.model_validate_json(path.read_text(encoding="utf-8"))
        # a temp file caught mid-write may stay behind, under a hidden name no reader takes for a brief
        assert all(p.name.startswith(".") and p.suffix == ".tmp" for p in out.iterdir()
                   if p.suffix not in (".json", ".md", ".html"))
        kept = {p.name: p.stat().st_mtime_ns for p in done}

        proc = _batch(folder, out, server.base_url, cache)
        output = proc.communicate(timeout=300)[0].decode()
    assert proc.returncode == 0, output
    assert len(_briefs(out)) == ARTICLES
    assert all((out / name).stat().st_mtime_ns == mtime for name, mtime in kept.items())  # finished work is kept
    assert f"{len(kept)} kept from an earlier run" in output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == ARTICLES
