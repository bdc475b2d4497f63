"""Batch runs against the fake server: faults, failures kept apart, resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.batch import RateLimiter, expand_paths
from summarise.cli import app
from fake_server import FakeOpenAIServer, FaultPlan
from synthetic import pipeline_responder, write_synthetic_articles

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def briefs_in(folder: Path) -> list[Path]:
    return [p for p in folder.glob("*.json") if p.name != "summary.json"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    write_synthetic_articles(folder, 200)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01 not text")
    return folder


@pytest.mark.enable_socket
def test_batch_with_faults_briefs_or_lists_every_article(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    faults = FaultPlan.random({"rate_limit": 0.03, "server_error": 0.03, "drop": 0.02, "malformed": 0.01,
                               "truncated": 0.01, "bad_args": 0.02, "timeout": 0.005},
                              seed=7, retry_after="0", hang_seconds=3)
    with FakeOpenAIServer(pipeline_responder, latency=0.005, faults=faults) as server:
        result = runner.invoke(app, ["batch", str(corpus), "--out", str(out), "--cache-dir", str(tmp_path / "c"),
                                     "--base-url", server.base_url, "-j", "8", "--timeout", "1"])
        injected = sum(server.stats.by_fault.values())
    total = len(list(corpus.glob("*.txt")))
    briefed = briefs_in(out)
    summary = json.loads((out / "summary.json").read_text())
    assert injected > 10
    assert len(briefed) + len(summary["failures"]) == total
    assert str(corpus / "broken.txt") in summary["failures"]
    assert all(reason.strip() for reason in summary["failures"].values())
    assert result.exit_code == 1 and "failed" in result.output  # the failure table, and a non-zero exit
    assert (out / "summary.md").is_file() and (out / "figures.csv").read_text().startswith("article,")
    assert summary["figures"] and summary["actors"][0]["articles"] > 1


@pytest.mark.enable_socket
def test_killed_batch_resumes_with_only_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write_synthetic_articles(folder, 60)
    out, cache = tmp_path / "briefs", tmp_path / "cache"
    exe = Path(sys.executable).parent / "summarise"
    with FakeOpenAIServer(pipeline_responder, latency=0.05) as server:
        args = [str(exe), "batch", str(folder), "--out", str(out), "--cache-dir", str(cache),
                "--base-url", server.base_url, "-j", "2"]
        # A shell starts background jobs with SIGINT ignored, and the child would inherit that: Ctrl-C's
        # default action is restored in it, so the test means the same however pytest was started.
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 60
        while len(briefs_in(out)) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
        done_before = len(briefs_in(out))
        assert 10 <= done_before < 60
        for path in briefs_in(out):  # every file on disk is whole
            json.loads(path.read_text())
        requests_before = server.stats.requests
        second = subprocess.run(args, capture_output=True, text=True, timeout=120)
        new_requests = server.stats.requests - requests_before
    assert second.returncode == 0, second.stderr
    assert len(briefs_in(out)) == 60
    assert f"{done_before} kept from an earlier run" in second.stdout.replace("\n", " ")
    assert new_requests <= 3 * (60 - done_before)  # nothing finished is asked again


def test_expand_paths_files_folders_globs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/1.txt", "a/2.txt", "b.txt", "c.md"):
        (tmp_path / name).write_text("x")
    found = expand_paths([tmp_path / "a", str(tmp_path / "*.txt"), tmp_path / "a" / "1.txt"])
    assert [p.name for p in found] == ["1.txt", "2.txt", "b.txt"]


def test_rate_limiter_spaces_calls() -> None:
    limiter = RateLimiter(per_minute=600)  # one per 0.1 s
    t0 = time.monotonic()
    for _ in range(4):
        limiter.acquire()
    assert time.monotonic() - t0 >= 0.29


def test_stored_briefs_are_written_without_a_worker_and_new_ones_still_briefed(tmp_path: Path) -> None:
    """A re-run serves stored briefs in the reading thread (no hand-off); the rest go to workers as before."""
    import threading

    from fakes import FakeClient
    from summarise.batch import BatchResult, run_batch
    from summarise.model.cache import ResponseCache
    from summarise.output.schema import SummaryDraft
    from summarise.pipeline import Summariser

    folder = tmp_path / "articles"
    paths = write_synthetic_articles(folder, 6)
    client = FakeClient(lambda _m, _msgs: SummaryDraft(headline="Fighting", summary="Officials said people fled."))

    def run(items: list[Path], out: Path) -> tuple[dict[str, str], BatchResult]:
        threads: dict[str, str] = {}
        result = run_batch(items, Summariser(client, ResponseCache(tmp_path / "cache")), out, concurrency=3,
                           resume=False, on_event=lambda kind, source, _r: threads.__setitem__(
                               source, f"{kind}:{threading.current_thread().name}"))
        return threads, result

    run(paths[:4], tmp_path / "one")
    threads, result = run(paths, tmp_path / "two")
    main = threading.current_thread().name
    assert all(threads[str(p)] == f"cached:{main}" for p in paths[:4])
    assert all(threads[str(p)].startswith("done:brief") for p in paths[4:])  # briefed by a worker
    assert not result.failures and len(result.records) == 6
    for p in paths:  # every brief whole, with its views
        stem = next(r for r in result.records if r.article["source"] == str(p)).article["id"]
        assert all((tmp_path / "two" / f"{stem}{ext}").is_file() for ext in (".json", ".md", ".html"))


def _briefs(result) -> dict[str, dict]:  # noqa: ANN001
    return {r.article["id"]: r.brief.model_dump(mode="json") for r in result.records}


def test_worker_processes_write_the_briefs_that_threads_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarise.batch import Recipe, run_batch
    from summarise.config import DEFAULT_RECORDINGS, Settings, make_client
    from summarise.pipeline import Options, Summariser

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    settings = Settings(offline=True, recordings=DEFAULT_RECORDINGS)
    threads = run_batch(seeds, Summariser(make_client(settings), None), tmp_path / "threads", concurrency=2)
    parent = Summariser(make_client(settings), None)

    def not_here(article):  # noqa: ANN001, ANN202
        raise AssertionError("with processes the parent never briefs an article itself")

    monkeypatch.setattr(parent, "summarise", not_here)
    spread = run_batch(seeds, parent, tmp_path / "processes", concurrency=4, processes=2,
                       recipe=Recipe(settings, Options(), None))
    assert not spread.failures and len(spread.records) == 5
    assert _briefs(spread) == _briefs(threads)
    for record in spread.records:
        for ext in (".json", ".md", ".html"):
            assert (tmp_path / "processes" / f"{record.article['id']}{ext}").is_file()
    # a re-run keeps what the processes wrote, checked in the processes
    again = run_batch(seeds, parent, tmp_path / "processes", concurrency=4, processes=2,
                      recipe=Recipe(settings, Options(), None))
    assert len(again.skipped) == 5 and not again.records


def test_a_worker_process_that_cannot_start_stops_the_batch_with_one_error(tmp_path: Path) -> None:
    from summarise.batch import Recipe, run_batch
    from summarise.config import DEFAULT_RECORDINGS, Settings, make_client
    from summarise.errors import SummariseError
    from summarise.pipeline import Options, Summariser

    parent = Summariser(make_client(Settings(offline=True, recordings=DEFAULT_RECORDINGS)), None)
    broken = Recipe(Settings(offline=True, recordings=tmp_path / "no-recordings"), Options(), None)
    with pytest.raises(SummariseError, match="could not start: --offline needs recordings"):
        run_batch(sorted((ROOT / "seeds").glob("*.txt")), parent, tmp_path / "out", concurrency=2,
                  processes=2, recipe=broken)


def test_batch_cli_with_processes(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(ROOT / "seeds"), "--offline", "--no-cache", "--processes", "2",
                                 "-j", "4", "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(briefs_in(tmp_path / "out")) == 5
    assert "--processes" in runner.invoke(app, ["batch", "--help"]).output
