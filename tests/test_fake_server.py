"""The fake OpenAI server: response shapes, latency overlap, every fault kind, shutdown."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx2
import instructor
import openai
import pydantic
import pytest

from fake_server import FAULT_KINDS, FakeOpenAIServer, FaultPlan, completion_body

pytestmark = pytest.mark.enable_socket

TOOLS_REQUEST = {
    "model": "fake-model",
    "messages": [{"role": "user", "content": "Summarise this article, please."}],
    "tools": [
        {"type": "function", "function": {"name": "Other", "parameters": {"type": "object"}}},
        {"type": "function", "function": {"name": "Brief", "parameters": {"type": "object"}}},
    ],
    "tool_choice": {"type": "function", "function": {"name": "Brief"}},
}
CONTENT_REQUEST = {
    "model": "fake-model",
    "messages": [{"role": "user", "content": "Summarise this article."}],
    "response_format": {"type": "json_object"},
}


@pytest.fixture(scope="module")
def http() -> Iterator[httpx2.Client]:
    # One shared client (it is thread-safe); trust_env=False so an environment proxy
    # can never intercept loopback calls.
    with httpx2.Client(timeout=5.0, trust_env=False) as client:
        yield client


def _post(http: httpx2.Client, server: FakeOpenAIServer, body: dict,
          timeout: float = 5.0) -> httpx2.Response:
    return http.post(f"{server.base_url}/chat/completions", json=body, timeout=timeout)


def _status_sequence(http: httpx2.Client, plan: FaultPlan, n: int) -> list[int]:
    with FakeOpenAIServer(faults=plan) as server:
        return [_post(http, server, CONTENT_REQUEST).status_code for _ in range(n)]


def test_health_models_and_unknown_route(http: httpx2.Client) -> None:
    with FakeOpenAIServer(model_name="m-1") as server:
        assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/v1")
        health = http.get(f"http://127.0.0.1:{server.port}/health")
        assert health.status_code == 200 and health.json() == {"status": "ok"}
        models = http.get(f"{server.base_url}/models").json()
        assert [m["id"] for m in models["data"]] == ["m-1"]
        assert http.get(f"{server.base_url}/nope").status_code == 404
        assert http.post(f"{server.base_url}/chat/completions", content=b"{nope").status_code == 400
        # Health checks and bad routes do not consume fault-plan indexes.
        assert server.stats.requests == 0


def test_tools_request_gets_tool_call_to_requested_function(http: httpx2.Client) -> None:
    seen: list[dict] = []

    def responder(request: dict) -> dict:
        seen.append(request)
        return {"title": "A brief", "points": [1, 2]}

    with FakeOpenAIServer(responder, model_name="m-2") as server:
        response = _post(http, server, TOOLS_REQUEST)
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "chat.completion" and body["model"] == "m-2"
    assert body["id"].startswith("chatcmpl-") and isinstance(body["created"], int)
    choice = body["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["content"] is None
    (call,) = choice["message"]["tool_calls"]
    assert call["type"] == "function" and call["id"]
    assert call["function"]["name"] == "Brief"
    assert json.loads(call["function"]["arguments"]) == {"title": "A brief", "points": [1, 2]}
    assert seen == [TOOLS_REQUEST]
    usage = body["usage"]
    assert usage["prompt_tokens"] == len("Summarise this article, please.") // 4
    assert usage["completion_tokens"] == len(call["function"]["arguments"]) // 4
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert server.stats.snapshot() == {"requests": 1, "completed": 1, "by_fault": {}}


def test_content_request_and_raw_string_and_default_responder(http: httpx2.Client) -> None:
    with FakeOpenAIServer(lambda request: {"answer": 42}) as server:
        message = _post(http, server, CONTENT_REQUEST).json()["choices"][0]["message"]
    assert "tool_calls" not in message and json.loads(message["content"]) == {"answer": 42}

    with FakeOpenAIServer(lambda request: "not even json") as server:
        choice = _post(http, server, CONTENT_REQUEST).json()["choices"][0]
    assert choice["message"]["content"] == "not even json" and choice["finish_reason"] == "stop"

    with FakeOpenAIServer() as server:
        message = _post(http, server, CONTENT_REQUEST).json()["choices"][0]["message"]
    assert json.loads(message["content"]) == {}


def test_completion_body_helper_without_tool_choice_uses_first_tool() -> None:
    request = {**TOOLS_REQUEST, "tool_choice": "required"}
    body = completion_body(request, "raw-args", "m")
    call = body["choices"][0]["message"]["tool_calls"][0]
    assert call["function"] == {"name": "Other", "arguments": "raw-args"}


def test_responder_error_is_reported_as_500(http: httpx2.Client) -> None:
    def responder(request: dict) -> dict:
        raise KeyError("boom")

    with FakeOpenAIServer(responder) as server:
        response = _post(http, server, CONTENT_REQUEST)
    assert response.status_code == 500 and "boom" in response.json()["error"]["message"]


def test_latency_overlaps_across_concurrent_requests(http: httpx2.Client) -> None:
    statuses: list[int] = []
    with FakeOpenAIServer(latency=0.3) as server:
        start = time.perf_counter()
        threads = [
            threading.Thread(target=lambda: statuses.append(_post(http, server, CONTENT_REQUEST).status_code))
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
    assert statuses == [200] * 4
    assert 0.3 <= elapsed < 1.0  # serial handling would take at least 1.2 s


def test_a_burst_of_connections_is_accepted_not_reset() -> None:
    # Benchmarks open many connections at once; with socketserver's default listen
    # backlog (5) a burst like this gets connections reset.
    limits = httpx2.Limits(max_connections=200)
    with FakeOpenAIServer(latency=0.2) as server, ThreadPoolExecutor(200) as pool, \
            httpx2.Client(timeout=10.0, trust_env=False, limits=limits) as http:
        start = time.perf_counter()
        codes = list(pool.map(lambda _: _post(http, server, CONTENT_REQUEST).status_code, range(200)))
        elapsed = time.perf_counter() - start
    assert codes == [200] * 200
    assert elapsed < 4.0  # serial handling would take 40 s
    assert server.stats.snapshot() == {"requests": 200, "completed": 200, "by_fault": {}}


def test_rate_limit_fault(http: httpx2.Client) -> None:
    with FakeOpenAIServer(faults=FaultPlan.script({0: "rate_limit"}, retry_after="2")) as server:
        response = _post(http, server, CONTENT_REQUEST)
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "2"
        assert response.json()["error"]["code"] == "rate_limit_exceeded"
        assert _post(http, server, CONTENT_REQUEST).status_code == 200  # only index 0 was scripted
    assert server.stats.snapshot() == {"requests": 2, "completed": 1, "by_fault": {"rate_limit": 1}}


def test_server_error_fault(http: httpx2.Client) -> None:
    with FakeOpenAIServer(faults=FaultPlan.script(["server_error"])) as server:
        response = _post(http, server, CONTENT_REQUEST)
    assert response.status_code == 500 and response.json()["error"]["type"] == "server_error"
    assert server.stats.by_fault == {"server_error": 1}


def test_drop_fault_is_a_transport_error(http: httpx2.Client) -> None:
    with FakeOpenAIServer(faults=FaultPlan.script(["drop"])) as server:
        with pytest.raises(httpx2.TransportError):
            _post(http, server, CONTENT_REQUEST)
        assert _post(http, server, CONTENT_REQUEST).status_code == 200
    assert server.stats.by_fault == {"drop": 1}


def test_malformed_fault_body_is_not_json(http: httpx2.Client) -> None:
    with FakeOpenAIServer(faults=FaultPlan.script(["malformed"])) as server:
        response = _post(http, server, CONTENT_REQUEST)
    assert response.status_code == 200
    with pytest.raises(ValueError):
        json.loads(response.content)
    assert server.stats.by_fault == {"malformed": 1}


def test_truncated_fault_is_half_a_completion(http: httpx2.Client) -> None:
    with FakeOpenAIServer(lambda r: {"text": "x" * 200}, faults=FaultPlan.script(["truncated"])) as server:
        response = _post(http, server, TOOLS_REQUEST)
        full = _post(http, server, TOOLS_REQUEST).content
    assert response.status_code == 200
    assert response.text.startswith('{"id": "chatcmpl-')
    assert abs(len(response.content) - len(full) // 2) <= 2  # ids and timestamps are same-length
    with pytest.raises(ValueError):
        json.loads(response.content)
    assert server.stats.snapshot()["by_fault"] == {"truncated": 1}


def test_bad_args_fault_sends_schema_breaking_arguments(http: httpx2.Client) -> None:
    with FakeOpenAIServer(lambda r: {"title": "ok"}, faults=FaultPlan.script(["bad_args"])) as server:
        bad = _post(http, server, TOOLS_REQUEST).json()
        good = _post(http, server, TOOLS_REQUEST).json()
    bad_call = bad["choices"][0]["message"]["tool_calls"][0]["function"]
    assert bad_call["name"] == "Brief" and json.loads(bad_call["arguments"]) == {"unexpected": True}
    good_call = good["choices"][0]["message"]["tool_calls"][0]["function"]
    assert json.loads(good_call["arguments"]) == {"title": "ok"}


def test_timeout_fault_outlasts_a_short_client_timeout(http: httpx2.Client) -> None:
    with FakeOpenAIServer(faults=FaultPlan.script(["timeout"], hang_seconds=2.0)) as server:
        start = time.perf_counter()
        with pytest.raises(httpx2.TimeoutException):
            _post(http, server, CONTENT_REQUEST, timeout=0.2)
        assert time.perf_counter() - start < 1.5
        assert _post(http, server, CONTENT_REQUEST).status_code == 200
    assert server.stats.by_fault == {"timeout": 1}


def test_timeout_fault_answers_normally_after_a_short_hang(http: httpx2.Client) -> None:
    with FakeOpenAIServer(faults=FaultPlan.script(["timeout"], hang_seconds=0.2)) as server:
        start = time.perf_counter()
        response = _post(http, server, CONTENT_REQUEST, timeout=5.0)
        assert time.perf_counter() - start >= 0.2
    assert response.status_code == 200
    assert server.stats.snapshot() == {"requests": 1, "completed": 1, "by_fault": {"timeout": 1}}


def test_stop_wakes_handlers_sleeping_in_a_timeout_fault(http: httpx2.Client) -> None:
    server = FakeOpenAIServer(faults=FaultPlan.script(["timeout"]))  # default hang: 30 s
    with server:
        with pytest.raises(httpx2.TimeoutException):
            _post(http, server, CONTENT_REQUEST, timeout=0.2)
        start = time.perf_counter()
    assert time.perf_counter() - start < 5.0


def test_scripted_plan_is_deterministic(http: httpx2.Client) -> None:
    plan = FaultPlan.script([None, "server_error", None, "rate_limit"])
    assert [plan.fault_for(i) for i in range(6)] == [None, "server_error", None, "rate_limit", None, None]
    assert _status_sequence(http, plan, 5) == [200, 500, 200, 429, 200]
    assert _status_sequence(http, plan, 5) == [200, 500, 200, 429, 200]


def test_random_plan_is_seeded_and_respects_rates(http: httpx2.Client) -> None:
    rates = {"rate_limit": 0.2, "server_error": 0.1}
    plan = FaultPlan.random(rates, seed=1)
    draws = [plan.fault_for(i) for i in range(2000)]
    assert draws == [FaultPlan.random(dict(reversed(rates.items())), seed=1).fault_for(i) for i in range(2000)]
    assert draws != [FaultPlan.random(rates, seed=2).fault_for(i) for i in range(2000)]
    assert 0.15 < draws.count("rate_limit") / 2000 < 0.25
    assert 0.06 < draws.count("server_error") / 2000 < 0.14
    assert all(FaultPlan.random({"drop": 1.0}).fault_for(i) == "drop" for i in range(50))
    # End to end: the same seed gives the same status sequence from a fresh server.
    served = FaultPlan.random({"rate_limit": 0.3, "server_error": 0.3}, seed=7)
    first = _status_sequence(http, served, 12)
    assert first == _status_sequence(http, served, 12)
    assert set(first) == {200, 429, 500}


def test_plan_validation() -> None:
    assert FAULT_KINDS == {"rate_limit", "server_error", "timeout", "drop", "malformed",
                           "truncated", "bad_args"}
    with pytest.raises(ValueError):
        FaultPlan.script({0: "meteor"})
    with pytest.raises(ValueError):
        FaultPlan.random({"drop": 0.7, "timeout": 0.7})
    with pytest.raises(ValueError):
        FaultPlan.random({"drop": -0.1})


def test_server_is_stopped_after_the_with_block(http: httpx2.Client) -> None:
    with FakeOpenAIServer() as server:
        url = f"{server.base_url}/models"
        assert http.get(url).status_code == 200
    with pytest.raises(httpx2.ConnectError):
        http.get(url)
    with pytest.raises(RuntimeError):
        server.base_url  # noqa: B018 - the property itself raises
    server.stop()  # idempotent


def test_server_stops_even_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError, match="inside"):
        with FakeOpenAIServer() as server:
            raise RuntimeError("inside")
    with pytest.raises(RuntimeError):
        server.port  # noqa: B018


def test_real_openai_client_reads_the_tool_call() -> None:
    with FakeOpenAIServer(lambda r: {"title": "From the fake"}) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0)
        completion = client.chat.completions.create(
            model="fake-model",
            messages=[{"role": "user", "content": "hi"}],
            tools=TOOLS_REQUEST["tools"],
            tool_choice={"type": "function", "function": {"name": "Brief"}},
        )
        client.close()
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "Brief"
    assert json.loads(call.function.arguments) == {"title": "From the fake"}
    assert completion.choices[0].finish_reason == "tool_calls"


def test_real_openai_client_sees_rate_limit_and_server_error() -> None:
    plan = FaultPlan.script(["rate_limit", "server_error"])
    with FakeOpenAIServer(faults=plan) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0)
        messages = [{"role": "user", "content": "hi"}]
        with pytest.raises(openai.RateLimitError):
            client.chat.completions.create(model="fake-model", messages=messages)
        with pytest.raises(openai.InternalServerError):
            client.chat.completions.create(model="fake-model", messages=messages)
        client.close()


class _Brief(pydantic.BaseModel):
    title: str


@pytest.mark.parametrize("mode", [instructor.Mode.TOOLS, instructor.Mode.JSON])
def test_bad_args_makes_instructor_reask(mode: instructor.Mode) -> None:
    with FakeOpenAIServer(lambda r: {"title": "valid"}, faults=FaultPlan.script(["bad_args"])) as server:
        raw = openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0)
        client = instructor.from_openai(raw, mode=mode)
        brief = client.chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "hi"}],
            response_model=_Brief, max_retries=2,
        )
        raw.close()
    assert brief.title == "valid"
    assert server.stats.snapshot() == {"requests": 2, "completed": 1, "by_fault": {"bad_args": 1}}
