"""Batch benchmark: 200 articles against the fake server at a fixed latency.

For concurrency 1, 4 and 16 it prints throughput (model requests per second)
against the ideal (concurrency / latency), the tool's own overhead per article
(wall time beyond what the model latency alone would take), and then the same
batch again fully cached (articles per second, no model call).

    python benchmarks/bench_batch.py [--articles 200] [--latency 0.2] [--processes 1 2]

Each concurrency runs once per --processes value: with N > 1 the workers are
spread over N processes (`summarise batch --processes N`), whose start-up
(each loads spaCy) is inside the measured time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the fake server and synthetic corpus are test support

from summarise.batch import Recipe, expand_paths, run_batch  # noqa: E402
from summarise.model.cache import ResponseCache  # noqa: E402
from summarise.config import Settings, make_client  # noqa: E402
from fake_server import FakeOpenAIServer  # noqa: E402
from summarise.pipeline import Options, Summariser  # noqa: E402
from synthetic import pipeline_responder, write_synthetic_articles  # noqa: E402


def serve(queue: multiprocessing.Queue, latency: float) -> None:
    """The fake model in its own process, so its threads do not share our GIL."""
    with FakeOpenAIServer(pipeline_responder, latency=latency) as server:
        queue.put(server.base_url)
        threading.Event().wait()  # until the parent terminates us


def live_requests(records: list) -> int:
    return sum(p.attempts for r in records for p in r.passes if not p.cache_hit)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.2, help="seconds the fake model takes per request")
    ap.add_argument("--concurrency", type=int, nargs="*", default=[1, 4, 16])
    ap.add_argument("--cached-repeats", type=int, default=5, help="fully cached passes (the median is reported)")
    ap.add_argument("--processes", type=int, nargs="*", default=[1, 2],
                    help="worker processes (each value is a row per concurrency above 1)")
    args = ap.parse_args()
    per_article = 1  # model requests per article: the summary (the responder's answers pass the check)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        paths = expand_paths([folder]) if write_synthetic_articles(folder, args.articles) else []
        print(f"{len(paths)} articles, {per_article} requests each, fake model latency {args.latency * 1000:.0f} ms\n")
        print(f"{'concurrency':>11} {'processes':>9} {'wall s':>7} {'req/s':>7} {'ideal':>7} {'ratio':>6} "
              f"{'overhead ms/article':>20}")
        queue: multiprocessing.Queue = multiprocessing.Queue()
        server = multiprocessing.Process(target=serve, args=(queue, args.latency), daemon=True)
        server.start()
        try:
            settings = Settings(base_url=queue.get(timeout=30), api_key="x", model="fake")
            runs = [(jobs, procs) for jobs in args.concurrency for procs in args.processes if jobs > 1 or procs == 1]
            for jobs, procs in runs:
                cache_dir = Path(tmp) / f"cache-{jobs}-{procs}"
                summariser = Summariser(make_client(settings), ResponseCache(cache_dir), Options())
                recipe = Recipe(settings, Options(), cache_dir)
                t0 = time.perf_counter()
                result = run_batch(paths, summariser, Path(tmp) / f"out-{jobs}-{procs}", concurrency=jobs,
                                   resume=False, processes=procs, recipe=recipe)
                wall = time.perf_counter() - t0
                assert not result.failures, result.failures
                requests = live_requests(result.records)
                rate, ideal = requests / wall, jobs / args.latency
                # Time the model alone would need at this concurrency; the rest is ours.
                model_floor = requests * args.latency / jobs
                overhead = (wall - model_floor) / len(paths) * 1000
                print(f"{jobs:>11} {procs:>9} {wall:>7.2f} {rate:>7.1f} {ideal:>7.1f} {rate / ideal:>6.2f} "
                      f"{overhead:>20.1f}")
            # The same batch again, all answers cached: no model calls at all. A pass takes well under a
            # second, so one noisy moment on a shared machine moves it a lot: it runs a few times, median kept.
            summariser = Summariser(make_client(settings), ResponseCache(cache_dir), Options())
            walls = []
            for i in range(args.cached_repeats):
                t0 = time.perf_counter()
                result = run_batch(paths, summariser, Path(tmp) / f"out-cached-{i}", concurrency=4, resume=False)
                walls.append(time.perf_counter() - t0)
                assert live_requests(result.records) == 0
            wall = statistics.median(walls)
            print(f"\nfully cached: {len(paths)} articles in {wall:.2f}s = {len(paths) / wall:.0f} articles/s "
                  f"({wall / len(paths) * 1000:.1f} ms/article, 0 model requests; median of {len(walls)} passes, "
                  f"{len(paths) / max(walls):.0f}–{len(paths) / min(walls):.0f} articles/s)")
            print("passes:", " ".join(f"{len(paths) / w:.0f}" for w in walls))
        finally:
            server.terminate()
            server.join()


if __name__ == "__main__":
    main()
