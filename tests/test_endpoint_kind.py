"""An endpoint given with --base-url gets its fastest constrained mode, from what its model list says it is."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from fake_server import FakeOpenAIServer
from summarise.config import Settings, endpoint_kind, make_client
from summarise.pipeline import Summariser
from summarise.text.article import load_article
from synthetic import pipeline_responder

pytestmark = pytest.mark.enable_socket


@pytest.mark.parametrize(("owned_by", "kind", "mode"), [
    ("llamacpp", "llamacpp", "json_object_schema"),  # llama.cpp's own server
    ("me", "llamacpp", "json_object_schema"),  # llama-cpp-python's server
    ("vllm", "vllm", "json_schema"),
    ("library", "ollama", "json_schema"),
    ("system", "openai", "json_schema"),
    ("fake", "unknown", "tools"),
])
def test_the_mode_follows_the_server(owned_by: str, kind: str, mode: str) -> None:
    with FakeOpenAIServer(owned_by=owned_by) as server:
        client = make_client(Settings(base_url=server.base_url, api_key="k", model="m"))
    assert (client.endpoint_kind, client.mode) == (kind, mode)


def test_an_explicit_mode_wins_and_asks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a: object, **_k: object) -> str:
        raise AssertionError("an explicit --mode must not probe the endpoint")

    monkeypatch.setattr("summarise.config.endpoint_kind", boom)
    client = make_client(Settings(base_url="http://127.0.0.1:9/v1", api_key="k", model="m", mode="tools"))
    assert client.mode == "tools" and client.endpoint_kind is None


def test_an_unreachable_endpoint_is_unknown_not_an_error() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert endpoint_kind(f"http://127.0.0.1:{port}/v1", timeout=1.0) == "unknown"


def test_a_brief_through_a_detected_llamacpp_endpoint_records_the_kind(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Clashes near Dara\nAt least 4 civilians were killed in shelling near Dara, officials said.\n")
    with FakeOpenAIServer(pipeline_responder, owned_by="llamacpp") as server:
        client = make_client(Settings(base_url=server.base_url, api_key="k", model="m"))
        record = Summariser(client, None).summarise(load_article(path))
    assert record.model["mode"] == "json_object_schema" and record.model["endpoint"] == "llamacpp"
    assert record.brief.summary and record.brief.casualties[0].figure.low == 4
