"""The client stack against the fake server: retries, re-asks, errors, record and replay."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from pydantic import BaseModel

from summarise.model.client import EndpointConfig, OpenAICompatibleClient, RetryTransport
from summarise.errors import EndpointUnreachable, ModelError, RecordingMissing
from fake_server import FakeOpenAIServer, FaultPlan

pytestmark = pytest.mark.enable_socket


class Answer(BaseModel):
    city: str
    count: int


MESSAGES = [{"role": "user", "content": "Which city? How many?"}]


def good(_request: dict) -> dict:
    return {"city": "Kabul", "count": 3}


def client(url: str, **kw) -> OpenAICompatibleClient:  # noqa: ANN003
    return OpenAICompatibleClient(EndpointConfig(base_url=url, api_key="x", model="m", timeout=kw.pop("timeout", 5.0),
                                                 **kw))


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep backoff waits tiny; Retry-After is still honoured (the fake sends 1s)."""
    from tenacity import wait_fixed

    original = RetryTransport.__init__

    def init(self, inner, attempts=4, max_wait=20.0):  # noqa: ANN001, ANN202
        original(self, inner, attempts, max_wait)
        self._backoff = wait_fixed(0.01)

    monkeypatch.setattr(RetryTransport, "__init__", init)


def test_plain_answer_counts_usage_and_model() -> None:
    with FakeOpenAIServer(good, model_name="served-model") as server:
        gen = client(server.base_url).generate(MESSAGES, Answer)
    assert gen.output.model_dump() == {"city": "Kabul", "count": 3}
    assert gen.attempts == 1 and gen.retries == 0 and gen.model == "served-model"
    assert gen.usage.completion_tokens > 0


@pytest.mark.parametrize("fault", ["server_error", "drop", "malformed_status"])
def test_transport_faults_are_retried(fault: str) -> None:
    kind = "server_error" if fault == "malformed_status" else fault
    with FakeOpenAIServer(good, faults=FaultPlan.script([kind, kind])) as server:
        gen = client(server.base_url).generate(MESSAGES, Answer)
        assert server.stats.requests == 3
    assert gen.retries == 2 and gen.attempts == 1


def test_retry_after_is_honoured() -> None:
    import time

    with FakeOpenAIServer(good, faults=FaultPlan.script(["rate_limit"], retry_after="1")) as server:
        t0 = time.monotonic()
        gen = client(server.base_url).generate(MESSAGES, Answer)
    assert gen.retries == 1 and time.monotonic() - t0 >= 0.9


def test_timeout_is_retried() -> None:
    with FakeOpenAIServer(good, faults=FaultPlan.script(["timeout"], hang_seconds=5)) as server:
        gen = client(server.base_url, timeout=0.5).generate(MESSAGES, Answer)
    assert gen.retries == 1


def test_validation_failure_is_reasked_once() -> None:
    with FakeOpenAIServer(good, faults=FaultPlan.script(["bad_args"])) as server:
        gen = client(server.base_url, reasks=1).generate(MESSAGES, Answer)
        second = server.stats.requests
    assert gen.output.city == "Kabul" and gen.attempts == 2 and second == 2


def test_persistent_faults_give_one_clear_error() -> None:
    with FakeOpenAIServer(good, faults=FaultPlan.script(["server_error"] * 10)) as server:
        with pytest.raises(ModelError, match="HTTP 500") as info:
            client(server.base_url, retries=3).generate(MESSAGES, Answer)
        assert server.stats.requests == 3  # openai's own retries are off: no multiplication
    assert "\n" not in str(info.value)


def test_invalid_answers_exhaust_reasks() -> None:
    with FakeOpenAIServer(lambda _r: {"unexpected": True}) as server:
        with pytest.raises(ModelError, match="no valid answer after 2 tries"):
            client(server.base_url, reasks=1).generate(MESSAGES, Answer)


def test_unreachable_endpoint() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(EndpointUnreachable, match=f"cannot reach model endpoint http://127.0.0.1:{port}"):
        client(f"http://127.0.0.1:{port}/v1", retries=2).generate(MESSAGES, Answer)


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json_object_schema"])
def test_record_then_replay_without_network(tmp_path: Path, mode: str) -> None:
    rec = tmp_path / "rec"
    with FakeOpenAIServer(good) as server:
        live = client(server.base_url, mode=mode, record_dir=rec).generate(MESSAGES, Answer)
    files = list(rec.glob("*.json"))
    assert len(files) == 1
    saved = json.loads(files[0].read_text())
    assert saved["request"]["messages"][-1]["content"] == MESSAGES[0]["content"]
    if mode == "json_object_schema":  # the wire shape llama.cpp's server accepts
        assert saved["request"]["response_format"]["type"] == "json_object"
        assert "schema" in saved["request"]["response_format"]
    replayed = client("http://127.0.0.1:9/v1", mode=mode, replay_dir=rec).generate(MESSAGES, Answer)
    assert replayed.output.model_dump() == live.output.model_dump()


def test_replay_of_unrecorded_request_names_the_record_command(tmp_path: Path) -> None:
    with pytest.raises(RecordingMissing, match="make record"):
        client("http://127.0.0.1:9/v1", replay_dir=tmp_path).generate(MESSAGES, Answer)
