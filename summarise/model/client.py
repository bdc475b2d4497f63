"""The model seam: `generate(messages, response_model) -> Generation`.

Layers, from the top:

* instructor validates the reply against the pydantic model and re-asks the
  model with the validation errors (`reasks` times);
* the openai client builds the request; its own retries are OFF;
* `RetryTransport` (tenacity) retries transport faults: timeouts, dropped
  connections, 429 and 5xx, with exponential backoff, jitter and Retry-After;
* the bottom transport sends over HTTP, or records while sending, or replays
  a recorded answer and never touches the network.

Retries and re-asks live in separate layers so they never multiply silently,
and both are counted per call in a `CallStats` held in a context variable.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx2
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from summarise.errors import EndpointUnreachable, ModelError, RecordingMissing, SummariseError
from summarise.output.report import write_atomic

T = TypeVar("T", bound=BaseModel)

RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}
RECORD_HINT = "make record  (or: summarise brief FILE --record-to tests/recordings)"


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens)

    def as_dict(self) -> dict[str, int]:
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "total_tokens": self.total_tokens}


@dataclass
class Generation:
    """One validated model answer with what it cost."""

    output: BaseModel
    usage: Usage = field(default_factory=Usage)
    attempts: int = 1  # model requests that reached a reply (1 + instructor re-asks)
    retries: int = 0  # transport retries underneath those requests
    model: str = ""  # model id as the endpoint answered
    elapsed_s: float = 0.0
    cache_hit: bool = False
    cache_key: str | None = None


class ModelClient(Protocol):
    """What the pipeline needs from a backend. Tests fake this."""

    model_id: str
    backend: str
    mode: str

    def generate(self, messages: list[dict[str, Any]], response_model: type[T], *,
                 max_tokens: int = 1024) -> Generation: ...


# --- per-call accounting ----------------------------------------------------


@dataclass
class CallStats:
    requests: int = 0
    retries: int = 0
    usage: Usage = field(default_factory=Usage)
    model: str = ""


_stats: contextvars.ContextVar[CallStats | None] = contextvars.ContextVar("summarise_call_stats", default=None)


def _note_response(body: bytes) -> None:
    stats = _stats.get()
    if stats is None:
        return
    stats.requests += 1
    try:
        data = json.loads(body)
    except ValueError:
        return
    usage = data.get("usage") or {}
    stats.usage += Usage(int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0))
    stats.model = data.get("model") or stats.model


# --- transports -------------------------------------------------------------


def request_key(body: dict[str, Any]) -> str:
    """Hash of everything in a request that can change the answer."""
    relevant = {k: v for k, v in body.items() if k not in {"stream", "user", "metadata"}}
    blob = json.dumps(relevant, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def recording_path(folder: Path, body: dict[str, Any]) -> Path:
    return folder / f"{request_key(body)[:20]}.json"


class ReplayTransport(httpx2.BaseTransport):
    """Answers from recorded JSON files; a request with no recording is an error."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content or b"{}")
        path = recording_path(self.folder, body)
        if not path.is_file():
            raise RecordingMissing(f"no recording {path} for this request; record it with: {RECORD_HINT}")
        saved = json.loads(path.read_text(encoding="utf-8"))
        return httpx2.Response(saved.get("status", 200), json=saved["response"], request=request)


class CapturedRequest(Exception):
    """Raised by CaptureTransport to hand back the exact body a live call would send."""

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__("captured")
        self.body = body


class CaptureTransport(httpx2.BaseTransport):
    """Builds requests without sending them: for exporting OpenAI Batch API files."""

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        raise CapturedRequest(json.loads(request.content or b"{}"))


class AnswersTransport(httpx2.BaseTransport):
    """Answers from a mapping of request key -> response body (imported batch results)."""

    def __init__(self, answers: dict[str, dict[str, Any]], hint: str) -> None:
        self.answers, self.hint = answers, hint

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        key = request_key(json.loads(request.content or b"{}"))[:20]
        if key not in self.answers:
            raise RecordingMissing(f"request {key} has no answer in {self.hint}")
        return httpx2.Response(200, json=self.answers[key], request=request)


class RecordingTransport(httpx2.BaseTransport):
    """Sends for real and saves each successful exchange as readable JSON."""

    def __init__(self, inner: httpx2.BaseTransport, folder: Path) -> None:
        self.inner, self.folder = inner, folder

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        if response.status_code == 200:
            content = response.read()
            body = json.loads(request.content or b"{}")
            record = {"status": 200, "request": body, "response": json.loads(content)}
            write_atomic(recording_path(self.folder, body), json.dumps(record, indent=1, ensure_ascii=False) + "\n")
            return httpx2.Response(200, headers=response.headers, content=content, request=request)
        return response


class JsonObjectSchemaTransport(httpx2.BaseTransport):
    """Re-shapes structured-output requests for llama.cpp's server.

    llama_cpp.server rejects `response_format: json_schema` but builds the very
    same grammar from `{"type": "json_object", "schema": ...}`. Unlike tool
    calls, this adds nothing to the prompt, so every pass over one article
    shares the same prefix and the server's prompt cache is reused.
    """

    def __init__(self, inner: httpx2.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content or b"{}")
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            body["response_format"] = {"type": "json_object", "schema": fmt["json_schema"]["schema"]}
            headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
            request = httpx2.Request(request.method, request.url, headers=headers,
                                     content=json.dumps(body).encode("utf-8"), extensions=request.extensions)
        return self.inner.handle_request(request)


class _Transient(Exception):
    def __init__(self, response: httpx2.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def _retry_after(response: httpx2.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("retry-after")
    try:
        return min(float(value), 60.0) if value is not None else None
    except ValueError:
        return None


class RetryTransport(httpx2.BaseTransport):
    """Retries transport faults with tenacity; the openai client's own retries are off."""

    def __init__(self, inner: httpx2.BaseTransport, attempts: int = 4, max_wait: float = 20.0) -> None:
        self.inner, self.attempts = inner, attempts
        self._backoff = wait_random_exponential(multiplier=0.5, max=max_wait)

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = _retry_after(exc.response) if isinstance(exc, _Transient) else None
        return hinted if hinted is not None else self._backoff(state)

    def _send(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        if response.status_code in RETRY_STATUS:
            response.read()
            raise _Transient(response)
        content = response.read()
        if response.status_code == 200:
            _note_response(content)
        return response

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            retry=retry_if_exception_type((_Transient, httpx2.TransportError)),
            before_sleep=lambda _state: _count_retry(),
            reraise=True,
        )
        try:
            return retrying(self._send, request)
        except _Transient as e:  # out of attempts: let openai raise its status error
            return e.response


def _count_retry() -> None:
    stats = _stats.get()
    if stats is not None:
        stats.retries += 1


# --- the instructor/openai backend -------------------------------------------


@dataclass
class EndpointConfig:
    base_url: str | None
    api_key: str
    model: str
    mode: str = "tools"  # a key of MODES
    backend: str = "openai-compatible"
    timeout: float = 300.0
    retries: int = 4
    reasks: int = 1
    temperature: float = 0.0
    replay_dir: Path | None = None
    record_dir: Path | None = None
    transport: httpx2.BaseTransport | None = None  # overrides the bottom transport (capture, answers)
    trust_env: bool = True  # False for the loopback server: an HTTP_PROXY must not capture it


# Our mode names -> instructor.Mode members (names, so instructor is imported only when needed).
MODES = {"tools": "TOOLS", "json_schema": "JSON_SCHEMA", "json": "JSON", "md_json": "MD_JSON",
         # json_schema on the wire as llama.cpp's server accepts it (see JsonObjectSchemaTransport)
         "json_object_schema": "JSON_SCHEMA"}


class OpenAICompatibleClient:
    """Any OpenAI-compatible endpoint through instructor; also the replay backend."""

    def __init__(self, config: EndpointConfig) -> None:
        if config.mode not in MODES:
            raise ModelError(f"unknown mode {config.mode!r} (choose from {', '.join(MODES)})")
        self.config = config
        self.model_id, self.backend, self.mode = config.model, config.backend, config.mode
        self.endpoint_kind: str | None = None  # what serves it, when detected (config.endpoint_kind)
        bottom: httpx2.BaseTransport
        if config.transport is not None:
            bottom = config.transport
        elif config.replay_dir is not None:
            bottom = ReplayTransport(config.replay_dir)
        else:
            bottom = httpx2.HTTPTransport(trust_env=config.trust_env)
            if config.record_dir is not None:
                bottom = RecordingTransport(bottom, config.record_dir)
        if config.mode == "json_object_schema":
            bottom = JsonObjectSchemaTransport(bottom)
        self._http = httpx2.Client(transport=RetryTransport(bottom, attempts=config.retries),
                                   trust_env=config.trust_env, timeout=httpx2.Timeout(config.timeout, connect=10.0))

    @functools.cached_property
    def _client(self) -> Any:
        """instructor over openai, built on the first live call: importing them costs ~0.6 s,
        which a run answered entirely from the cache should not pay."""
        import instructor
        import openai

        raw = openai.OpenAI(base_url=self.config.base_url, api_key=self.config.api_key or "unused",
                            max_retries=0, http_client=self._http)
        return instructor.from_openai(raw, mode=instructor.Mode[MODES[self.config.mode]])

    @property
    def params(self) -> dict[str, Any]:
        """Generation parameters that change answers: part of every cache key."""
        return {"temperature": self.config.temperature, "mode": self.mode}

    def generate(self, messages: list[dict[str, Any]], response_model: type[T], *,
                 max_tokens: int = 1024) -> Generation:
        stats = CallStats()
        token = _stats.set(stats)
        started = time.monotonic()
        try:
            output = self._client.chat.completions.create(
                model=self.model_id, messages=messages, response_model=response_model,
                max_retries=self.config.reasks + 1, temperature=self.config.temperature,
                max_tokens=max_tokens,
            )
        except Exception as e:  # noqa: BLE001 - every SDK error becomes one of ours
            raise self._wrap(e) from e
        finally:
            _stats.reset(token)
        return Generation(output=output, usage=stats.usage, attempts=max(stats.requests, 1),
                          retries=stats.retries, model=stats.model or self.model_id,
                          elapsed_s=time.monotonic() - started)

    def _wrap(self, error: Exception) -> Exception:
        """Turn SDK and instructor errors into one clear line."""
        import openai

        seen: Exception | None = error
        while seen is not None:  # our own errors (RecordingMissing) arrive wrapped by openai
            if isinstance(seen, (SummariseError, CapturedRequest)):
                return seen
            seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
        where = self.config.base_url or "the OpenAI API"
        root = error
        for attr in ("last_exception", "__cause__"):
            inner = getattr(root, attr, None)
            if isinstance(inner, Exception):
                root = inner
        if isinstance(root, openai.APITimeoutError):
            return ModelError(f"model endpoint {where} timed out after {self.config.timeout:.0f}s "
                              f"({self.config.retries} tries)")
        if isinstance(root, openai.APIConnectionError):
            return EndpointUnreachable(f"cannot reach model endpoint {where}: connection failed "
                                       f"after {self.config.retries} tries")
        if isinstance(root, openai.APIStatusError):
            detail = _one_line(getattr(root, "message", "") or str(root))
            return ModelError(f"model endpoint {where} answered HTTP {root.status_code}: {detail}")
        return ModelError(f"model gave no valid answer after {self.config.reasks + 1} tries: "
                          f"{_one_line(str(root))}")


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
