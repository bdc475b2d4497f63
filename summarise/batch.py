"""Many articles at once: bounded concurrency, a rate limit, resume, no lost work.

A batch is IO-bound on the model, so threads suffice: each worker briefs one
article through the shared `Summariser` (one cache, one embedded server).
Each brief is written atomically as soon as it is done, so an interrupted
run keeps everything it finished; a re-run skips articles whose brief is
already on disk and valid for the same prompt and model, and the cache makes
any half-done article cheap to redo.
"""

from __future__ import annotations

import glob
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarise.text.article import Article
from summarise.text.sources import ARTICLE_SUFFIXES, STDIN, Failure, Source, iter_items
from summarise.model.client import Generation, ModelClient
from summarise.errors import ArticleError, SummariseError
from summarise.model.cache import ResponseCache
from summarise.pipeline import Options, Summariser, write_record, write_views
from summarise import __version__
from summarise.output.schema import Brief, BriefRecord, schema_hash

T = TypeVar("T", bound=BaseModel)


def expand_paths(items: Iterable[str | Path]) -> list[Path]:
    """Files, folders (every article file inside, recursively) and globs, in a stable order, once each.

    A folder contributes .txt, .html, .htm, .jsonl and .csv files; `-` (stdin) passes through.
    """
    found: list[Path] = []
    for item in items:
        text = str(item)
        if text == STDIN:
            found.append(Path(STDIN))
        elif any(ch in text for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]
            if not matches:
                raise ArticleError(f"{text}: no files match")
            found += [m for m in matches if m.is_file()]
        elif Path(text).is_dir():
            found += sorted(p for p in Path(text).rglob("*")
                            if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
        else:
            found.append(Path(text))  # missing files fail later, as one failure among many
    unique: dict[Path, Path] = {}  # resolved file -> the first spelling given for it
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


class RateLimiter:
    """At most `per_minute` calls per minute, spaced evenly; shared by all workers."""

    def __init__(self, per_minute: float) -> None:
        self.interval = 60.0 / per_minute
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            time.sleep(start - now)


class RateLimitedClient:
    """Applies a RateLimiter to live model calls only (cache hits never reach it)."""

    def __init__(self, inner: ModelClient, limiter: RateLimiter) -> None:
        self.inner, self.limiter = inner, limiter
        self.model_id, self.backend, self.mode = inner.model_id, inner.backend, inner.mode

    @property
    def params(self) -> dict[str, Any]:
        return getattr(self.inner, "params", {})

    def generate(self, messages: list[dict[str, Any]], response_model: type[T], *,
                 max_tokens: int = 1024) -> Generation:
        self.limiter.acquire()
        return self.inner.generate(messages, response_model, max_tokens=max_tokens)


@dataclass
class BatchResult:
    records: list[BriefRecord] = field(default_factory=list)
    skipped: list[BriefRecord] = field(default_factory=list)  # valid briefs from an earlier run
    failures: dict[str, str] = field(default_factory=dict)  # source name (file, file:line, file#id) -> reason
    duplicates: dict[str, str] = field(default_factory=dict)  # source name -> the source briefed for its text
    elapsed_s: float = 0.0

    @property
    def all_records(self) -> list[BriefRecord]:
        return self.skipped + self.records


Event = Callable[[str, str, BriefRecord | None], None]  # (kind: done|cached|skipped|failed|duplicate, source, record)


def existing_record(article: Article, out_dir: Path, summariser: Summariser) -> BriefRecord | None:
    """A brief already written for this article with the same prompt and model, if valid."""
    path = out_dir / f"{article.id}.json"
    if not path.is_file():
        return None
    try:
        record = BriefRecord.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, ValueError, OSError):
        return None  # half-written or stale format: redo it
    # Any input that changes a brief makes the old one stale: tool, schema, prompt, model, options.
    fingerprint = summariser.options.fingerprint()
    same = (record.tool_version == __version__
            and record.schema_.get("sha256") == schema_hash(Brief)
            and record.prompt.get("sha256") == summariser.prompt.sha256
            and record.model.get("requested") == summariser.client.model_id
            and all(record.params.get(k) == v for k, v in fingerprint.items()))
    return record if same else None


def run_batch(inputs: Iterable[Source | Path | str], summariser: Summariser, out_dir: Path, *,
              concurrency: int = 1, resume: bool = True, on_event: Event | None = None) -> BatchResult:
    """Brief every article of every input; one failure never stops the others. Ctrl-C keeps finished briefs.

    Inputs are Sources (see summarise.text.sources) or paths, opened with the summariser's
    --max-chars. Rows are read as workers free up, so a large JSONL is never held whole.
    """
    result = BatchResult()
    lock = threading.Lock()
    claimed: dict[str, str] = {}  # article id -> the first source with that text
    t0 = time.monotonic()

    def emit(kind: str, source: str, record: BriefRecord | None) -> None:
        if on_event:
            on_event(kind, source, record)

    def fail(source: str, reason: str) -> None:
        with lock:
            result.failures[source] = reason
        emit("failed", source, None)

    def work(article: Article, served: BriefRecord | None = None) -> None:
        source = article.source
        try:
            if resume and (old := existing_record(article, out_dir, summariser)) is not None:
                # Views lost to a crash (only the record is fsynced), or from before review pages existed.
                if not all((out_dir / f"{article.id}{ext}").is_file() for ext in (".md", ".html")):
                    write_views(old, out_dir, article.text, summariser.cache)
                with lock:
                    result.skipped.append(old)
                emit("skipped", source, old)
                return
            record = served or summariser.summarise(article)
            write_record(record, out_dir, article.text, summariser.cache)
        except SummariseError as e:
            reason = str(e)
        except Exception as e:  # noqa: BLE001 - a bug in one article must not lose the batch
            reason = f"internal error: {type(e).__name__}: {e}"
        else:
            with lock:
                result.records.append(record)
            emit("cached" if record.cache_hit else "done", source, record)
            return
        fail(source, reason)

    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="brief")
    pending: set[Future[None]] = set()
    try:
        # Submit lazily so Ctrl-C does not leave thousands of queued futures (and texts) behind.
        for item in iter_items(inputs, max_chars=summariser.options.max_chars):
            if isinstance(item, Failure):  # unreadable file or bad row: named, and the batch goes on
                fail(item.source, item.reason)
                continue
            # Two inputs with the same cleaned text are one article: the first in input order is briefed
            # (decided here, not in the workers, so the choice never depends on thread timing).
            first = claimed.setdefault(item.id, item.source)
            if first != item.source:
                with lock:
                    result.duplicates[item.source] = first
                emit("duplicate", item.source, None)
                continue
            # A brief stored whole by an earlier run is written here, in the reading thread: it waits on no
            # model, and a hand-off to a worker (and back for each file written) cost more than the work.
            try:
                served = summariser.served(item)
            except Exception:  # noqa: BLE001 - an unreadable cache entry: the worker briefs it as usual
                served = None
            if served is not None:
                work(item, served)
                continue
            pending.add(pool.submit(work, item))
            if len(pending) >= concurrency * 2:
                _, pending = wait(pending, return_when=FIRST_COMPLETED)
        wait(pending)
    except KeyboardInterrupt:
        # Finished briefs are already on disk; do not wait for calls in flight.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        result.elapsed_s = time.monotonic() - t0
    return result


def summarise_batch(paths: Iterable[Source | Path | str], client: ModelClient, cache: ResponseCache | None,
                    out_dir: Path, options: Options | None = None, concurrency: int = 1) -> BatchResult:
    """Brief many articles, keeping every finished brief when one fails (see run_batch)."""
    return run_batch(paths, Summariser(client, cache, options), out_dir, concurrency=concurrency)
