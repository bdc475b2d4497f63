"""Choosing and building the model backend from resolved settings.

The CLI reads flags with env-var fallbacks in one place and hands a
`Settings` here. Backend choice, in order: replay when offline; an
OpenAI-compatible endpoint when a base URL or an API key is given; else the
embedded local model, whose server starts only when a call misses the cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from summarise.model.client import EndpointConfig, Generation, ModelClient, OpenAICompatibleClient
from summarise.errors import ConfigError
from summarise.model.local import EMBEDDED_MODEL_ID as EMBEDDED_MODEL
from summarise.model.local import embedded_model_id

T = TypeVar("T", bound=BaseModel)

# json_object + schema: grammar-constrained like tool calls, but adds nothing to
# the prompt, so the passes over one article share llama.cpp's prompt cache.
EMBEDDED_MODE = "json_object_schema"
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_RECORDINGS = Path(__file__).resolve().parent.parent / "tests" / "recordings"


@dataclass
class Settings:
    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    mode: str | None = None
    offline: bool = False
    recordings: Path = DEFAULT_RECORDINGS
    record_to: Path | None = None
    cache_dir: Path = Path("cache")
    timeout: float = 300.0
    retries: int = 4

    @property
    def backend(self) -> str:
        if self.offline:
            return "replay"
        if self.base_url or self.api_key:
            return "openai-compatible"
        return "embedded"


class EmbeddedClient:
    """The local llama.cpp server, started on the first call that misses the cache."""

    backend = "embedded"

    def __init__(self, settings: Settings, progress: Callable[[str], None] | None = None) -> None:
        self.settings, self.progress = settings, progress
        self.model_id = settings.model or embedded_model_id()
        self.mode = settings.mode or EMBEDDED_MODE
        self._inner: OpenAICompatibleClient | None = None
        self._lock = threading.Lock()
        self.cpu_backend: str | None = None  # llama.cpp's CPU variant, once the server runs (see model/serve.py)
        self.sampler: str | None = None  # its grammar sampler (see model/sampling.py)

    @property
    def params(self) -> dict[str, Any]:
        return {"temperature": endpoint_config(self.settings).temperature, "mode": self.mode}

    def _client(self) -> OpenAICompatibleClient:
        with self._lock:
            if self._inner is None:
                from summarise.model.local import get_shared_server  # heavy deps only when really needed

                server = get_shared_server(self.settings.cache_dir, progress=self.progress)
                self.cpu_backend, self.sampler = server.cpu_backend, server.sampler
                self._inner = OpenAICompatibleClient(endpoint_config(self.settings, base_url=server.base_url))
            return self._inner

    def generate(self, messages: list[dict[str, Any]], response_model: type[T], *,
                 max_tokens: int = 1024) -> Generation:
        return self._client().generate(messages, response_model, max_tokens=max_tokens)


def endpoint_config(settings: Settings, **overrides: Any) -> EndpointConfig:
    """The request shape for these settings, without starting anything.

    Replay (and batch export/import) shape requests exactly as the embedded
    backend does, so recordings made from the embedded model match.
    """
    backend = settings.backend
    if backend in ("embedded", "replay"):
        config = EndpointConfig(base_url="http://127.0.0.1/v1", api_key="local",
                                model=settings.model or embedded_model_id(), mode=settings.mode or EMBEDDED_MODE,
                                backend=backend, timeout=max(settings.timeout, 600.0), retries=settings.retries,
                                record_dir=settings.record_to, trust_env=False)
    else:
        official = not settings.base_url
        config = EndpointConfig(
            base_url=settings.base_url, api_key=settings.api_key or "unused",
            model=settings.model or (OPENAI_DEFAULT_MODEL if official else EMBEDDED_MODEL),
            # OpenAI itself gets strict structured outputs; other servers get tool calls, the widest support.
            mode=settings.mode or ("json_schema" if official else "tools"),
            backend=backend, timeout=settings.timeout, retries=settings.retries, record_dir=settings.record_to,
            # an HTTP(S)_PROXY from the environment must not capture a server on this machine
            trust_env=urlparse(settings.base_url or "").hostname not in {"127.0.0.1", "localhost", "::1"})
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


# Each server's fastest constrained mode. llama.cpp grammar-constrains json_object
# + schema and keeps the prompt free of tool definitions (so passes share its
# prompt cache); vLLM, Ollama and OpenAI honour json_schema. Anything else gets
# tool calls, the widest support.
KIND_MODES = {"llamacpp": "json_object_schema", "vllm": "json_schema", "ollama": "json_schema",
              "openai": "json_schema", "unknown": "tools"}
# What each server writes as `owned_by` in its model list.
_OWNERS = {"llamacpp": "llamacpp", "me": "llamacpp",  # llama.cpp's server; llama-cpp-python's
           "vllm": "vllm", "library": "ollama", "ollama": "ollama",
           "openai": "openai", "system": "openai", "openai-internal": "openai"}


def endpoint_kind(base_url: str, api_key: str | None = None, timeout: float = 5.0) -> str:
    """What serves an endpoint, from its own model list: llamacpp, vllm, ollama, openai or unknown.

    One GET at start-up. Any failure is "unknown" (tool calls): the first real
    request then reports the endpoint's problem in its own words.
    """
    import httpx2

    url = base_url.rstrip("/") + "/models"
    local = urlparse(base_url).hostname in {"127.0.0.1", "localhost", "::1"}
    try:
        response = httpx2.get(url, headers={"Authorization": f"Bearer {api_key or 'unused'}"},
                              timeout=timeout, trust_env=not local)
        models = response.json().get("data") or []
        owner = str(models[0].get("owned_by", "")).lower() if models else ""
    except (httpx2.HTTPError, ValueError, AttributeError, TypeError):
        return "unknown"
    if owner in _OWNERS:
        return _OWNERS[owner]
    return "ollama" if urlparse(base_url).port == 11434 else "unknown"


def make_client(settings: Settings, progress: Callable[[str], None] | None = None) -> ModelClient:
    backend = settings.backend
    if backend == "embedded":
        return EmbeddedClient(settings, progress)
    if backend == "replay":
        if not settings.recordings.is_dir():
            raise ConfigError(f"--offline needs recordings, but {settings.recordings} is not a folder")
        return OpenAICompatibleClient(endpoint_config(settings, retries=1, replay_dir=settings.recordings))
    if settings.base_url and not settings.mode:  # --mode (or SUMMARISE_MODE) always wins
        kind = endpoint_kind(settings.base_url, settings.api_key)
        client = OpenAICompatibleClient(endpoint_config(settings, mode=KIND_MODES[kind]))
        client.endpoint_kind = kind
        return client
    return OpenAICompatibleClient(endpoint_config(settings))
