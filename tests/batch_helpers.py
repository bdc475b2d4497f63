"""A batch run against the fake model, for tests that need run_batch end to end."""

from __future__ import annotations

from pathlib import Path

from fakes import FakeClient
from summarise.batch import BatchResult, run_batch
from summarise.output.schema import SummaryDraft
from summarise.pipeline import Summariser


def run_fake_batch(paths: list[Path], out: Path, concurrency: int = 2) -> BatchResult:
    client = FakeClient(lambda _m, _msgs: SummaryDraft(headline="Clashes", summary="Officials said civilians were killed."))
    return run_batch(paths, Summariser(client, None), out, concurrency=concurrency)
