"""The response cache: validated model answers on disk, keyed by what made them.

The key hashes the model id, the rendered messages (which contain the
article), the prompt id and content hash, the response model's JSON Schema and
the generation parameters: editing a field description or a prompt file makes
old entries unreachable instead of silently reusing them. Only validated
answers are stored, so a cache hit never needs re-checking.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import diskcache
from pydantic import BaseModel

from summarise.model.client import Generation, Usage
from summarise.output.schema import schema_json

KEY_VERSION = 1  # bump when the key recipe itself changes


def cache_key(*, model: str, messages: list[dict[str, Any]], prompt_id: str, prompt_sha256: str,
              response_model: type[BaseModel], params: dict[str, Any]) -> str:
    material = {
        "v": KEY_VERSION,
        "model": model,
        "messages": messages,
        "prompt": [prompt_id, prompt_sha256],
        "schema": schema_json(response_model),
        "params": params,
    }
    blob = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """A thin wrapper so the rest of the code never sees diskcache directly."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache = diskcache.Cache(str(directory), size_limit=2**32)

    def get(self, key: str, response_model: type[BaseModel]) -> Generation | None:
        entry = self._cache.get(key)
        if entry is None:
            return None
        output = response_model.model_validate(entry["output"])
        usage = Usage(**entry["usage"])
        return Generation(output=output, usage=usage, attempts=entry["attempts"], retries=0,
                          model=entry["model"], elapsed_s=0.0, cache_hit=True, cache_key=key)

    def put(self, key: str, generation: Generation) -> None:
        self._cache.set(key, {
            "output": generation.output.model_dump(mode="json"),
            "usage": {"prompt_tokens": generation.usage.prompt_tokens,
                      "completion_tokens": generation.usage.completion_tokens},
            "attempts": generation.attempts,
            "model": generation.model,
        })

    # Whole brief records, keyed by everything that made them (see pipeline.record_key):
    # a fully cached article is served without parsing it again.
    def get_record(self, key: str) -> str | None:
        entry = self._cache.get(f"record:{key}")
        return entry if isinstance(entry, str) else None

    def put_record(self, key: str, record_json: str) -> None:
        self._cache.set(f"record:{key}", record_json)

    # Rendered review-page bodies, keyed by their own inputs (see output.html.body_key): a brief
    # served from the cache is written out without rendering its page again.
    def get_view(self, key: str) -> str | None:
        entry = self._cache.get(f"view:{key}")
        return entry if isinstance(entry, str) else None

    def put_view(self, key: str, html: str) -> None:
        self._cache.set(f"view:{key}", html)

    def stats(self) -> dict[str, Any]:
        return {"directory": str(self.directory), "entries": len(self._cache), "bytes": self._cache.volume()}

    def clear(self) -> int:
        return self._cache.clear()

    def close(self) -> None:
        self._cache.close()
