"""Heavy models load once per process, even when a batch's workers all ask for them at the same moment."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pytest

from summarise.text import language, nlp


def _slow_counting_loader(calls: list[str]) -> Callable[..., Any]:
    @lru_cache(maxsize=4)  # like the real loaders: lru_cache alone lets concurrent first calls all run
    def load(*args: Any) -> object:
        calls.append(repr(args))
        time.sleep(0.05)  # long enough that every thread arrives while the first is still loading
        return object()
    return load


def _together(fn: Callable[[], object], threads: int = 8) -> list[object]:
    results: list[object] = []
    start = threading.Barrier(threads)

    def run() -> None:
        start.wait()
        results.append(fn())

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results


def test_concurrent_first_pipeline_loads_load_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(nlp, "_load_pipeline", _slow_counting_loader(calls))
    results = _together(lambda: nlp.load_pipeline("some_pipeline"))
    assert len(calls) == 1 and len({id(r) for r in results}) == 1


def test_the_default_pipeline_is_one_pipeline_whichever_way_it_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(nlp, "_load_pipeline", _slow_counting_loader(calls))
    assert nlp.load_pipeline() is nlp.load_pipeline(nlp.pipeline_name())
    assert len(calls) == 1


def test_concurrent_first_language_detections_load_the_model_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(language, "_load_identifier", _slow_counting_loader(calls))
    results = _together(language._identifier)
    assert len(calls) == 1 and len({id(r) for r in results}) == 1
