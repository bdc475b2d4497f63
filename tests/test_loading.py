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


class _SlowNLP:
    """Stands in for a spaCy pipeline: records how texts arrive, and is slow enough for callers to pile up."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[list[str]] = []
        self.fail_on = fail_on

    def _doc(self, text: str) -> str:
        if text == self.fail_on:
            raise ValueError("cannot parse")
        return f"doc:{text}"

    def __call__(self, text: str) -> str:
        self.calls.append([text])
        time.sleep(0.05)
        return self._doc(text)

    def pipe(self, texts: list[str], batch_size: int) -> list[str]:
        self.calls.append(list(texts))
        time.sleep(0.05)
        return [self._doc(t) for t in texts]


def test_texts_asked_for_together_are_parsed_in_one_batch_each_getting_its_own() -> None:
    fake = _SlowNLP()
    batcher = nlp.ParseBatcher(fake)  # type: ignore[arg-type]
    texts = [f"text {i}" for i in range(8)]
    results: dict[str, object] = {}

    def ask(text: str) -> None:
        results[text] = batcher.parse(text)

    workers = [threading.Thread(target=ask, args=(t,)) for t in texts]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert results == {t: f"doc:{t}" for t in texts}
    assert sorted(t for call in fake.calls for t in call) == texts  # each parsed once
    assert len(fake.calls) < len(texts)  # the first alone, then the rest that gathered meanwhile
    assert batcher.parse("alone") == "doc:alone" and fake.calls[-1] == ["alone"]  # a lone caller: nlp(text)


def test_a_failed_batch_fails_its_callers_and_the_next_batch_still_runs() -> None:
    fake = _SlowNLP(fail_on="bad")
    batcher = nlp.ParseBatcher(fake)  # type: ignore[arg-type]
    errors: list[BaseException] = []

    def ask(text: str) -> None:
        try:
            batcher.parse(text)
        except ValueError as e:
            errors.append(e)

    first = threading.Thread(target=ask, args=("first",))
    first.start()
    time.sleep(0.01)  # "bad" and "other" gather behind the first parse, and fail together
    rest = [threading.Thread(target=ask, args=(t,)) for t in ("bad", "other")]
    for w in rest:
        w.start()
    for w in [first, *rest]:
        w.join()
    assert len(errors) == 2
    assert batcher.parse("after") == "doc:after"


def test_a_batched_parse_is_the_parse_of_each_article_alone() -> None:
    from synthetic import synthetic_article

    pipeline = nlp.load_pipeline()
    texts = [synthetic_article(i) for i in range(6)]
    requests = [nlp._Request(t) for t in texts]
    nlp.ParseBatcher(pipeline)._run(requests)  # one nlp.pipe call over all six

    def parse_of(doc: Any) -> list[tuple]:
        return [(t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_, t.is_sent_start) for t in doc]

    assert all(parse_of(r.doc) == parse_of(pipeline(r.text)) for r in requests)
