"""A fake OpenAI-compatible chat-completions server for tests and benchmarks.

Standard library only, loopback only: real response shapes (tool calls or content), per-request
latency that overlaps across threads, and the faults our retry and re-ask logic must survive.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from random import Random
from typing import Any

Responder = Callable[[dict], dict | str]

FAULT_KINDS = frozenset(
    {"rate_limit", "server_error", "timeout", "drop", "malformed", "truncated", "bad_args"}
)
# Tool arguments that parse as JSON but fit no real schema: forces instructor to re-ask.
BAD_ARGS: dict[str, Any] = {"unexpected": True}


@dataclass(frozen=True)
class FaultPlan:
    """Which fault, if any, to inject into the chat request with a given index.

    A scripted index wins; otherwise `rates` (kind -> probability) decide. Each
    index gets its own RNG seeded from (seed, index), so the outcome for a given
    index never depends on the order in which concurrent requests arrive.
    """

    scripted: Mapping[int, str] = field(default_factory=dict)
    rates: Mapping[str, float] = field(default_factory=dict)
    seed: int = 0
    retry_after: str = "1"  # value of the 429's Retry-After header
    hang_seconds: float = 30.0  # how long a "timeout" fault stalls before answering

    def __post_init__(self) -> None:
        unknown = (set(self.scripted.values()) | set(self.rates)) - FAULT_KINDS
        if unknown:
            raise ValueError(f"unknown fault kind(s): {sorted(unknown)}")
        if any(not 0.0 <= r <= 1.0 for r in self.rates.values()) or sum(self.rates.values()) > 1.0:
            raise ValueError("fault rates must each be in [0, 1] and sum to at most 1")

    @classmethod
    def script(cls, faults: Mapping[int, str | None] | Sequence[str | None],
               **options: Any) -> FaultPlan:
        """Fixed faults by request index; a list means index i -> faults[i] (None = no fault)."""
        pairs = faults.items() if isinstance(faults, Mapping) else enumerate(faults)
        return cls(scripted={i: kind for i, kind in pairs if kind is not None}, **options)

    @classmethod
    def random(cls, rates: Mapping[str, float], *, seed: int = 0, **options: Any) -> FaultPlan:
        """Each request independently gets fault `kind` with probability `rates[kind]`."""
        return cls(rates=dict(rates), seed=seed, **options)

    def fault_for(self, index: int) -> str | None:
        if index in self.scripted:
            return self.scripted[index]
        if not self.rates:
            return None
        # A str seed is hashed with SHA-512, so this is stable across runs and processes.
        draw = Random(f"{self.seed}:{index}").random()
        for kind in sorted(self.rates):  # sorted: independent of the caller's dict order
            draw -= self.rates[kind]
            if draw < 0:
                return kind
        return None


@dataclass
class ServerStats:
    """Counters shared by handler threads; every update happens under one lock."""

    requests: int = 0  # chat-completion requests received (health/models excluded)
    completed: int = 0  # normal completions sent (including ones a "timeout" delayed)
    by_fault: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def next_request(self) -> int:
        """Count a chat request and return its 0-based index."""
        with self._lock:
            self.requests += 1
            return self.requests - 1

    def record_fault(self, kind: str) -> None:
        with self._lock:
            self.by_fault[kind] = self.by_fault.get(kind, 0) + 1

    def record_completed(self) -> None:
        with self._lock:
            self.completed += 1

    def snapshot(self) -> dict[str, Any]:
        """A consistent copy, safe to read while requests are still running."""
        with self._lock:
            return {"requests": self.requests, "completed": self.completed,
                    "by_fault": dict(self.by_fault)}


def _requested_function(request: dict) -> str | None:
    """The function a tools request asks for: tool_choice's name, else the first tool."""
    tools = request.get("tools") or []
    if not tools:
        return None
    choice = request.get("tool_choice")
    if isinstance(choice, dict) and choice.get("function", {}).get("name"):
        return str(choice["function"]["name"])
    return str(tools[0].get("function", {}).get("name", "tool"))


def _prompt_text(request: dict) -> str:
    parts: list[str] = []
    for message in request.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):  # multi-part content: count the text parts only
            parts.extend(p.get("text", "") for p in content if isinstance(p, dict))
    return "\n".join(parts)


def completion_body(request: dict, args: dict | str, model: str) -> dict:
    """A chat.completion answering `request` with `args` (an object, or raw text).

    Tools requests get a tool call to the requested function; others get content.
    Token counts are estimates (characters // 4), good enough for cost plumbing.
    """
    text = args if isinstance(args, str) else json.dumps(args)
    name = _requested_function(request)
    message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
    finish_reason = "stop"
    if name is not None:
        message["content"] = None
        message["tool_calls"] = [{"id": f"call_{uuid.uuid4().hex[:24]}", "type": "function",
                                  "function": {"name": name, "arguments": text}}]
        finish_reason = "tool_calls"
    prompt_tokens, completion_tokens = len(_prompt_text(request)) // 4, len(text) // 4
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": None,
                     "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def _error(message: str, kind: str, code: str | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": kind, "param": None,
                                 "code": code}}).encode()


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0 (the default): one request per connection, so no idle keep-alive
    # thread outlives stop(), and "drop" cleanly closes exactly one request.
    server: _HTTPServer
    timeout = 10.0  # a client that connects and never sends cannot pin a thread forever

    def log_message(self, format: str, *args: Any) -> None:
        pass  # silence per-request logging on stderr; tests read stats instead

    def _send(self, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client already gave up (e.g. its timeout fired); nothing to tell it

    def do_GET(self) -> None:
        fake = self.server.fake
        if self.path == "/health":
            self._send(200, b'{"status":"ok"}')
        elif self.path == "/v1/models":
            model = {"id": fake.model_name, "object": "model", "created": 0, "owned_by": fake.owned_by}
            self._send(200, json.dumps({"object": "list", "data": [model]}).encode())
        else:
            self._send(404, _error(f"no route {self.path}", "invalid_request_error"))

    def do_POST(self) -> None:
        if self.path != "/v1/chat/completions":
            self._send(404, _error(f"no route {self.path}", "invalid_request_error"))
            return
        # Read the whole body first: closing with unread input would turn "drop" into a reset.
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            request = json.loads(raw)
            if not isinstance(request, dict):
                raise ValueError("body is not a JSON object")
        except ValueError as exc:
            self._send(400, _error(f"invalid JSON body: {exc}", "invalid_request_error"))
            return
        self._answer(request)

    def _answer(self, request: dict) -> None:
        fake, stats = self.server.fake, self.server.fake.stats
        plan = fake.faults or FaultPlan()
        fault = plan.fault_for(stats.next_request())
        if fault is not None:
            stats.record_fault(fault)
        # Waiting on the stop event (not time.sleep) lets stop() wake every sleeper.
        if fake.latency > 0 and fake._stopping.wait(fake.latency):
            return
        if fault == "timeout" and fake._stopping.wait(plan.hang_seconds):
            return  # shutting down: the client is long gone, just let the thread end
        if fault == "rate_limit":
            self._send(429, _error("Rate limit reached (fake)", "requests", "rate_limit_exceeded"),
                       {"Retry-After": plan.retry_after})
        elif fault == "server_error":
            self._send(500, _error("The server had an error (fake)", "server_error"))
        elif fault == "drop":
            self.close_connection = True  # no bytes at all; the server closes the socket
        elif fault == "malformed":
            self._send(200, b"<html>502 Bad Gateway</html> not json")
        else:  # a completion: normal, after a "timeout" hang, bad_args or truncated
            try:
                args = BAD_ARGS if fault == "bad_args" else fake.respond(request)
                body = json.dumps(completion_body(request, args, fake.model_name))
            except Exception as exc:  # a broken responder is a test bug: say so, don't hang
                self._send(500, _error(f"responder raised {exc!r}", "responder_error"))
                return
            if fault == "truncated":
                body = body[: len(body) // 2]
            elif fault != "bad_args":
                stats.record_completed()  # before sending: counted once the client sees it
            self._send(200, body.encode())


class _HTTPServer(ThreadingHTTPServer):
    # Non-daemon handler threads, so server_close() joins them and stats are final after stop().
    daemon_threads = False
    # socketserver's default backlog of 5 resets connections when a benchmark opens
    # dozens at once; the kernel caps this at net.core.somaxconn anyway.
    request_queue_size = 1024

    def __init__(self, fake: FakeOpenAIServer) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients vanishing mid-request is routine here (timeouts, drops)


class FakeOpenAIServer:
    """Loopback OpenAI-compatible server; use as `with FakeOpenAIServer(...) as server:`."""

    def __init__(self, responder: Responder | None = None, *, latency: float = 0.0,
                 faults: FaultPlan | None = None, model_name: str = "fake-model", owned_by: str = "fake") -> None:
        self.responder = responder
        self.owned_by = owned_by  # what /v1/models says serves it: "llamacpp", "vllm", "library" (Ollama)...
        self.latency = latency
        self.faults = faults
        self.model_name = model_name
        self.stats = ServerStats()
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def respond(self, request: dict) -> dict | str:
        return {} if self.responder is None else self.responder(request)

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeOpenAIServer is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("FakeOpenAIServer is already running")
        self._stopping.clear()
        self._httpd = _HTTPServer(self)  # port 0: the OS picks a free port
        # A short poll interval keeps stop() fast. Only this loop is a daemon: handler
        # threads end on their own after at most latency + hang_seconds.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,),
                                        name="fake-openai-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()  # wake handlers sleeping in latency or a "timeout" fault
        self._httpd.shutdown()
        self._httpd.server_close()  # closes the socket and joins the handler threads
        if self._thread is not None:
            self._thread.join()
        self._httpd, self._thread = None, None

    def __enter__(self) -> FakeOpenAIServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
