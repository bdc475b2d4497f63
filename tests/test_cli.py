"""The CLI driven end to end over the real client stack, against the fake server."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from fake_server import FakeOpenAIServer

SEED = Path(__file__).resolve().parent.parent / "seeds" / "003_89c217009177aed6.txt"
runner = CliRunner()


def responder(request: dict) -> dict:
    """Answers the one request the pipeline makes: the summary (in words the seed contains)."""
    return {"headline": "Taliban claim Wesh", "summary": "The Taliban said they captured Wesh."}


def run(*args: str):  # noqa: ANN201
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.enable_socket
def test_brief_writes_record_and_second_run_is_cache_hit(tmp_path: Path) -> None:
    out, cache = tmp_path / "briefs", tmp_path / "cache"
    with FakeOpenAIServer(responder) as server:
        args = ["brief", str(SEED), "--out", str(out), "--cache-dir", str(cache), "--base-url", server.base_url,
                "--model", "test-model"]
        first = run(*args)
        assert first.exit_code == 0, first.output
        calls = server.stats.requests
        t0 = time.monotonic()
        second = run(*args)
        elapsed = time.monotonic() - t0
        assert server.stats.requests == calls  # no model call at all
    assert second.exit_code == 0 and "cache hit" in second.output and elapsed < 1.0
    (record_file,) = out.glob("*.json")
    record = json.loads(record_file.read_text())
    assert record["cache_hit"] is True and record["model"]["requested"] == "test-model"
    for key in ("headline", "summary", "actors", "claims", "locations", "casualties", "displacement", "rejected"):
        assert key in record["brief"]
    for key in ("article", "prompt", "schema", "model", "params", "usage", "attempts", "cache_key",
                "started_at", "finished_at", "tool_version"):
        assert key in record
    assert (out / f"{record['article']['id']}.md").read_text().startswith("# Taliban claim Wesh")


@pytest.mark.parametrize("content, expected", [
    (b"", "empty article"), (b"\x00\x01\x02binary", "binary"), (None, "no such file"),
])
def test_bad_files_one_line_nonzero(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    result = run("brief", str(path), "--offline", "--cache-dir", str(tmp_path / "c"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.output


@pytest.mark.enable_socket
def test_unreachable_endpoint_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run("brief", str(SEED), "--base-url", f"http://127.0.0.1:{port}/v1", "--cache-dir", str(tmp_path / "c"),
                 "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach model endpoint" in lines[0]


@pytest.mark.enable_socket
def test_entry_point_errors_are_exactly_one_line(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "summarise"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cases = [([str(tmp_path / "missing.txt"), "--offline"], "no such file"),
             ([str(SEED), "--base-url", f"http://127.0.0.1:{port}/v1"], "cannot reach model endpoint")]
    for args, expected in cases:
        result = subprocess.run([str(exe), "brief", *args, "--cache-dir", str(tmp_path / "c")],
                                capture_output=True, text=True, cwd=tmp_path)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == 1 and len(lines) == 1 and expected in lines[0], result.stderr


def test_help_has_examples() -> None:
    for command in (["brief"], ["batch"], ["export"], ["eval"], ["schema"], ["prompts"], ["cache", "stats"]):
        text = run(*command, "--help").output
        assert "Example" in text, command
    assert run("--version").output.startswith("summarise ")


def test_prompts_and_schema_check(tmp_path: Path) -> None:
    listed = run("prompts")
    assert listed.exit_code == 0 and "brief/v1" in listed.output
    assert run("schema", "--check").exit_code == 0
    stale = tmp_path / "old.json"
    stale.write_text("{}")
    result = run("schema", "--check", "--out", str(stale))
    assert result.exit_code == 1 and "out of date" in result.output


def test_cache_stats_and_clear(tmp_path: Path) -> None:
    from summarise.model.cache import ResponseCache

    cache = ResponseCache(tmp_path / "c")
    cache._cache.set("k", {"x": 1})
    cache.close()
    assert "1 entries" in run("cache", "stats", "--cache-dir", str(tmp_path / "c")).output
    assert "removed 1" in run("cache", "clear", "--cache-dir", str(tmp_path / "c")).output
