"""Past one machine: OpenAI Batch API files out, results back in.

Export writes one JSONL line per model request a live run would make first
(three passes per article: entities, claims, summary), each body byte-for-byte
the live request, captured from the real client stack rather than rebuilt.
Both the OpenAI Batch API and `vllm run-batch` accept the file. Import reads
the result file and runs the normal pipeline with those answers in place of a
live model, so parsing, grounding, caching and output are exactly a live run's.
The custom_id carries the request's hash, which is how answers find their
requests again. Grounding re-asks need a round trip, so an imported brief
lists items that fail grounding under `rejected` straight away.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from summarise.text.sources import Failure, Source, iter_items
from summarise.model.client import AnswersTransport, CapturedRequest, CaptureTransport, OpenAICompatibleClient, request_key
from summarise.config import Settings, endpoint_config
from summarise.errors import BatchFileError
from summarise.pipeline import SUMMARY_TOKENS, Options, Summariser
from summarise.output.report import write_atomic
from summarise.output.schema import SummaryDraft

BATCH_URL = "/v1/chat/completions"


def export_batch_file(inputs: Iterable[Source | Path | str], settings: Settings, options: Options,
                      out_file: Path) -> tuple[int, dict[str, str]]:
    """Write the JSONL, one line per article; returns (lines written, failed source -> reason)."""
    client = OpenAICompatibleClient(endpoint_config(settings, transport=CaptureTransport(), retries=1))
    summariser = Summariser(client, None, options)
    lines: list[str] = []
    failures: dict[str, str] = {}
    for article in iter_items(inputs, max_chars=options.max_chars):
        if isinstance(article, Failure):
            failures[article.source] = article.reason
            continue
        # The text layer runs here so the request is byte for byte the live one.
        messages = summariser.summary_messages(summariser.findings(article))
        try:
            client.generate(messages, SummaryDraft, max_tokens=SUMMARY_TOKENS)
        except CapturedRequest as captured:
            body = captured.body
        else:  # pragma: no cover - the capture transport always raises
            raise BatchFileError("request capture failed")
        custom_id = f"{article.id}:summary:{request_key(body)[:20]}"
        lines.append(json.dumps({"custom_id": custom_id, "method": "POST", "url": BATCH_URL, "body": body},
                                ensure_ascii=False))
    write_atomic(out_file, "".join(line + "\n" for line in lines))
    return len(lines), failures


def read_batch_results(path: Path) -> dict[str, dict[str, Any]]:
    """Request hash -> chat completion body, from an OpenAI/vLLM batch output file."""
    if not path.is_file():
        raise BatchFileError(f"{path}: no such batch results file")
    answers: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key = row["custom_id"].rsplit(":", 1)[1]
        except (ValueError, KeyError, IndexError, AttributeError) as e:
            raise BatchFileError(f"{path}:{number}: not a batch result line ({e})") from e
        response = row.get("response") or {}
        if response.get("status_code", 200) == 200 and isinstance(response.get("body"), dict):
            answers[key] = response["body"]
    if not answers:
        raise BatchFileError(f"{path}: no successful results in the file")
    return answers


def import_client(settings: Settings, results: Path) -> OpenAICompatibleClient:
    answers = read_batch_results(results)
    return OpenAICompatibleClient(endpoint_config(settings, transport=AnswersTransport(answers, str(results)),
                                                  retries=1, reasks=0))
