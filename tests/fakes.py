"""Test doubles shared by several test modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from summarise.model.client import Generation, Usage


class FakeClient:
    """A model that answers from a function of (response model, messages); counts calls."""

    model_id = "fake-model"
    backend = "fake"
    mode = "tools"

    def __init__(self, answer: Callable[[type[BaseModel], list[dict[str, Any]]], BaseModel]) -> None:
        self.answer = answer
        self.calls: list[tuple[str, list[dict[str, Any]]]] = []

    @property
    def params(self) -> dict[str, Any]:
        return {"temperature": 0.0, "mode": self.mode}

    def generate(self, messages, response_model, *, max_tokens=1024) -> Generation:  # noqa: ANN001
        self.calls.append((response_model.__name__, messages))
        return Generation(output=self.answer(response_model, messages), usage=Usage(100, 20),
                          attempts=1, model="fake-model-answered")
