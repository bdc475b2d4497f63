"""Many articles at once: bounded concurrency, a rate limit, resume, no lost work.

A batch is IO-bound on the model, so threads do the waiting: each worker briefs
one article through the shared `Summariser` (one cache, one embedded server).
Against a fast endpoint the article's own CPU (the spaCy parse, the rules, the
views) becomes the limit, and Python runs one thread at a time, so
`processes` > 1 spreads the workers over that many processes (see `Recipe`).
Each brief is written atomically as soon as it is done, so an interrupted
run keeps everything it finished; a re-run skips articles whose brief is
already on disk and valid for the same prompt and model, and the cache makes
any half-done article cheap to redo.
"""

from __future__ import annotations

import glob
import multiprocessing
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarise.text.article import Article
from summarise.text.sources import ARTICLE_SUFFIXES, STDIN, Failure, Source, iter_items
from summarise.model.client import Generation, ModelClient
from summarise.errors import ArticleError, SummariseError
from summarise.config import Settings, make_client
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


def brief_one(article: Article, summariser: Summariser, out_dir: Path, resume: bool,
              served: BriefRecord | None = None) -> tuple[str, BriefRecord | None, str | None]:
    """Brief one article and write it: (done|cached|skipped|failed, record, failure reason)."""
    try:
        if resume and (old := existing_record(article, out_dir, summariser)) is not None:
            # Views lost to a crash (only the record is fsynced), or from before review pages existed.
            if not all((out_dir / f"{article.id}{ext}").is_file() for ext in (".md", ".html")):
                write_views(old, out_dir, article.text, summariser.cache)
            return "skipped", old, None
        record = served or summariser.summarise(article)
        write_record(record, out_dir, article.text, summariser.cache)
    except SummariseError as e:
        return "failed", None, str(e)
    except Exception as e:  # noqa: BLE001 - a bug in one article must not lose the batch
        return "failed", None, f"internal error: {type(e).__name__}: {e}"
    return ("cached" if record.cache_hit else "done"), record, None


@dataclass(frozen=True)
class Recipe:
    """How a worker process builds its own Summariser: a client, its HTTP pool and the cache's
    connections cannot cross a process boundary, so each process makes its own from the settings."""

    settings: Settings
    options: Options
    cache_dir: Path | None  # None: no cache
    rate_limit: float | None = None  # the batch's requests per minute; each process takes its share

    def build(self, share: int = 1) -> Summariser:
        client: ModelClient = make_client(self.settings)
        if self.rate_limit:
            client = RateLimitedClient(client, RateLimiter(self.rate_limit / share))
        return Summariser(client, ResponseCache(self.cache_dir) if self.cache_dir else None, self.options)


def _process_main(recipe: Recipe, share: int, threads: int, out_dir: Path, resume: bool,
                  inbox: multiprocessing.Queue, outbox: multiprocessing.Queue) -> None:
    """One worker process: `threads` articles at a time from `inbox`, each written here, its outcome to `outbox`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops us, and finished briefs stay
    try:
        summariser = recipe.build(share)
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which stops the batch with it
        outbox.put(("fatal", "", None, str(e) if isinstance(e, SummariseError) else f"{type(e).__name__}: {e}"))
        return

    def loop() -> None:
        while (article := inbox.get()) is not None:
            kind, record, reason = brief_one(article, summariser, out_dir, resume)
            outbox.put((kind, article.source, record.to_json() if record else None, reason))

    workers = [threading.Thread(target=loop, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def run_batch(inputs: Iterable[Source | Path | str], summariser: Summariser, out_dir: Path, *,
              concurrency: int = 1, resume: bool = True, on_event: Event | None = None,
              processes: int = 1, recipe: Recipe | None = None) -> BatchResult:
    """Brief every article of every input; one failure never stops the others. Ctrl-C keeps finished briefs.

    Inputs are Sources (see summarise.text.sources) or paths, opened with the summariser's
    --max-chars. Rows are read as workers free up, so a large JSONL is never held whole.
    With `processes` > 1 and a `recipe` (the settings `summariser` was made from), the
    `concurrency` workers are spread over that many processes; `summariser` then only
    serves stored briefs and checks resumed ones in this process.
    """
    tally = _Tally(on_event)
    if processes > 1 and recipe is not None:
        return _run_in_processes(inputs, summariser, out_dir, tally, concurrency, resume, processes, recipe)
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="brief")
    pending: set[Future[None]] = set()

    def work(article: Article) -> None:
        tally.add(article.source, *brief_one(article, summariser, out_dir, resume))

    try:
        # Submit lazily so Ctrl-C does not leave thousands of queued futures (and texts) behind.
        for article in _to_brief(inputs, summariser, out_dir, resume, tally):
            pending.add(pool.submit(work, article))
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
        tally.result.elapsed_s = time.monotonic() - tally.t0
    return tally.result


class _Tally:
    """A batch's outcomes as they arrive from any worker thread, each told to `on_event`."""

    def __init__(self, on_event: Event | None) -> None:
        self.result, self.on_event = BatchResult(), on_event
        self.lock = threading.Lock()
        self.t0 = time.monotonic()

    def add(self, source: str, kind: str, record: BriefRecord | None, reason: str | None = None) -> None:
        """One outcome; `reason` is why it failed, or for a duplicate the source first briefed for its text."""
        with self.lock:
            if kind == "failed":
                self.result.failures[source] = reason or "failed"
            elif kind == "duplicate":
                self.result.duplicates[source] = reason or ""
            elif kind == "skipped":
                self.result.skipped.append(record)  # type: ignore[arg-type]
            else:
                self.result.records.append(record)  # type: ignore[arg-type]
        if self.on_event:
            self.on_event(kind, source, record)


def _to_brief(inputs: Iterable[Source | Path | str], summariser: Summariser, out_dir: Path, resume: bool,
              tally: _Tally) -> Iterator[Article]:
    """The articles a worker must brief, in input order; everything settled without one is tallied here."""
    claimed: dict[str, str] = {}  # article id -> the first source with that text
    for item in iter_items(inputs, max_chars=summariser.options.max_chars):
        if isinstance(item, Failure):  # unreadable file or bad row: named, and the batch goes on
            tally.add(item.source, "failed", None, item.reason)
            continue
        # Two inputs with the same cleaned text are one article: the first in input order is briefed
        # (decided here, not in the workers, so the choice never depends on thread timing).
        first = claimed.setdefault(item.id, item.source)
        if first != item.source:
            tally.add(item.source, "duplicate", None, first)
            continue
        # A brief stored whole by an earlier run is written here, in the reading thread: it waits on no
        # model, and a hand-off to a worker (and back for each file written) cost more than the work.
        try:
            served = summariser.served(item)
        except Exception:  # noqa: BLE001 - an unreadable cache entry: the worker briefs it as usual
            served = None
        if served is not None:
            tally.add(item.source, *brief_one(item, summariser, out_dir, resume, served))
            continue
        yield item


def _run_in_processes(inputs: Iterable[Source | Path | str], summariser: Summariser, out_dir: Path,
                      tally: _Tally, concurrency: int, resume: bool, processes: int, recipe: Recipe) -> BatchResult:
    """run_batch's workers in `processes` processes of concurrency/processes threads each.

    Articles go to the processes through one queue, so a free thread anywhere takes the next; each
    process writes its briefs and sends back the record, which this process tallies. A process that
    dies stops the batch with one error: what finished is on disk, and a re-run resumes from it.
    """
    context = multiprocessing.get_context("spawn")  # never fork: the parent has threads (and maybe a server)
    inbox: multiprocessing.Queue = context.Queue(maxsize=max(2, concurrency * 2))  # lazy, as with threads
    outbox: multiprocessing.Queue = context.Queue()
    threads = max(1, -(-concurrency // processes))
    children = [context.Process(target=_process_main, name=f"brief-{n}", daemon=True,
                                args=(recipe, processes, threads, out_dir, resume, inbox, outbox))
                for n in range(processes)]
    for child in children:
        child.start()
    sent, answered = 0, 0

    def collect(block: bool) -> None:
        """Tally the outcomes that have arrived (with `block`, wait for all sent); a dead process is an error."""
        nonlocal answered
        while answered < sent:
            try:
                kind, source, raw, reason = outbox.get(timeout=0.5 if block else 0)
            except queue.Empty:
                if dead := [c for c in children if not c.is_alive()]:
                    raise SummariseError(f"batch worker process {dead[0].name} stopped (exit code "
                                         f"{dead[0].exitcode}); finished briefs are kept, re-run to do the rest")
                if block:
                    continue
                return
            if kind == "fatal":
                raise SummariseError(f"a batch worker process could not start: {reason}")
            answered += 1
            tally.add(source, kind, BriefRecord.model_validate_json(raw) if raw else None, reason)

    try:
        for article in _to_brief(inputs, summariser, out_dir, resume, tally):
            while True:
                try:
                    inbox.put(article, timeout=0.5)
                    break
                except queue.Full:
                    collect(block=False)  # raises if a process died, so a full queue never waits forever
            sent += 1
            collect(block=False)
        collect(block=True)
        for _ in range(processes * threads):
            inbox.put(None)  # one stop per thread
        for child in children:
            child.join()
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()  # Ctrl-C or an error: finished briefs are on disk already
        tally.result.elapsed_s = time.monotonic() - tally.t0
    return tally.result


def summarise_batch(paths: Iterable[Source | Path | str], client: ModelClient, cache: ResponseCache | None,
                    out_dir: Path, options: Options | None = None, concurrency: int = 1) -> BatchResult:
    """Brief many articles, keeping every finished brief when one fails (see run_batch)."""
    return run_batch(paths, Summariser(client, cache, options), out_dir, concurrency=concurrency)
