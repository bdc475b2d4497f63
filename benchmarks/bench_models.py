"""Embedded-model comparison: the same articles through `summarise batch` once per GGUF, one model at a time.

Only the summary step uses the model (the text layer's items do not depend on
it), so what differs between models is speed and how often the summary is kept,
regenerated or replaced by the lead. For each model this runs

    summarise batch ARTICLES --out WORK/out-NAME --cache-dir WORK/cache-NAME --no-resume

with SUMMARISE_MODEL_PATH set to the model's GGUF (or unset for the packaged
model), with a fresh cache folder so nothing is served from cache, while
sampling the load average. It then reads the briefs' JSON (passes, notes) and
the llama.cpp server log in WORK/cache-NAME/logs (prompt eval / eval timings
per request) and prints, per model: seconds of model calls per article
(median, min, max), tokens, prompt and generation tokens/s, the time llama.cpp
spends outside prompt eval and generation (grammar-constrained sampling), and
the summary paths. Per-article rows go to WORK/bench_models.json.

    python benchmarks/bench_models.py --work /tmp/bench \
        --model 1.5b= --model 0.5b=/path/qwen2.5-0.5b.gguf  seeds/ tests/corpus/articles/x.txt ...
    python benchmarks/bench_models.py --work /tmp/bench --model 1.5b= --model 0.5b=... --report-only

`--dev` adds the corpus dev part (gold "split": "dev"); `--dev-limit N` keeps its first N.
`--chunk N` runs the articles N at a time, every model on each chunk, the models' order
reversed on every other chunk (A B, B A, A B...): on a shared machine whose load drifts, both
models then see about the same load. Each batch invocation is logged in WORK/runs.json (its
start, end, server log and load samples); a re-run skips (model, chunk) pairs already there,
so an interrupted comparison continues where it stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUEST = re.compile(r"prompt eval time =\s+([\d.]+) ms /\s+(\d+) tokens.*?\n.*?eval time =\s+([\d.]+) ms /\s+(\d+) runs"
                     r".*?\n.*?total time =\s+([\d.]+) ms", re.S)
TIMING_KEYS = ("prompt_ms", "prompt_eval_tokens", "gen_ms", "gen_tokens", "total_ms")


def dev_articles(limit: int | None) -> list[Path]:
    found = []
    for path in sorted((ROOT / "tests" / "corpus" / "articles").glob("*.txt")):
        gold = ROOT / "tests" / "corpus" / "gold" / f"{path.stem}.json"
        if gold.is_file() and json.loads(gold.read_text(encoding="utf-8")).get("split") == "dev":
            found.append(path)
    return found[:limit] if limit else found


def expand(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        path = Path(item)
        out += [str(p) for p in sorted(path.rglob("*.txt"))] if path.is_dir() else [item]
    return out


def summary_path(notes: list[str]) -> str:
    if any("the article's lead sentences are used" in n for n in notes):
        return "lead"
    if any(n.startswith("summary: regenerated once") for n in notes):
        return "regenerated"
    return "kept"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run_batch(name: str, gguf: str, chunk: int, articles: list[str], work: Path) -> dict:
    """One `summarise batch` over these articles with this model, a fresh server; returns the run's record."""
    env = dict(os.environ)
    env.pop("SUMMARISE_MODEL_PATH", None)
    if gguf:
        env["SUMMARISE_MODEL_PATH"] = gguf
    cache = work / f"cache-{name}"
    cmd = [str(ROOT / ".venv" / "bin" / "summarise"), "batch", *articles, "--out", str(work / f"out-{name}"),
           "--cache-dir", str(cache), "--no-resume"]
    print(f"[{now()}] chunk {chunk}: " + ("SUMMARISE_MODEL_PATH=" + gguf + " " if gguf else "") + " ".join(cmd),
          flush=True)
    before = set((cache / "logs").glob("llama-server-*.log"))
    loads: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(15):
            loads.append(float(Path("/proc/loadavg").read_text().split()[0]))

    threading.Thread(target=sample, daemon=True).start()
    start, t0 = now(), time.monotonic()
    code = subprocess.call(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    done.set()
    logs = sorted(set((cache / "logs").glob("llama-server-*.log")) - before, key=lambda p: p.stat().st_mtime)
    return {"name": name, "gguf": gguf, "chunk": chunk, "articles": articles, "exit": code, "start": start,
            "end": now(), "wall_s": round(time.monotonic() - t0, 1), "log": str(logs[-1]) if logs else None,
            "load_1m_samples": loads}


def log_requests(log: str | None) -> list[dict]:
    if not log or not Path(log).is_file():
        return []
    return [dict(zip(TIMING_KEYS, (float(a), int(b), float(c), int(d), float(e))))
            for a, b, c, d, e in REQUEST.findall(Path(log).read_text(errors="replace"))]


def read_model(name: str, work: Path, runs: list[dict]) -> tuple[list[dict], dict]:
    """Per-article rows for one model: the briefs' passes and notes, plus the server's timings of their requests.

    Each run's requests are matched to its briefs in start order (one request per attempt; the embedded
    backend runs one article at a time); requests left over at a log's end belong to an article
    interrupted mid-way, which has no brief.
    """
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (work / f"out-{name}").glob("*.json")]
    records = sorted((r for r in records if "passes" in r), key=lambda r: r["started_at"])
    rows, used, aligned_all, loads = [], [], True, []
    for run in (r for r in runs if r["name"] == name):
        mine = [r for r in records if run["start"] <= r["started_at"] <= run["end"]]
        requests = log_requests(run.get("log"))
        expected = sum(p["attempts"] for r in mine for p in r["passes"] if not p["cache_hit"])
        aligned = len(requests) >= expected
        aligned_all &= aligned
        loads += run.get("load_1m_samples", [])
        i = 0
        for r in mine:
            passes = [p for p in r["passes"] if not p["cache_hit"]]
            row = {"article": r["article"]["stem"], "chunk": run["chunk"], "chars": r["article"].get("chars"),
                   "model": r["model"].get("answered") or r["model"].get("requested"),
                   "path": summary_path(r["brief"].get("notes", [])), "passes": len(passes),
                   "attempts": sum(p["attempts"] for p in passes), "cache_hits": len(r["passes"]) - len(passes),
                   "model_s": round(sum(p["elapsed_s"] for p in passes), 2), "brief_s": r["elapsed_s"],
                   "prompt_tokens": sum(p["prompt_tokens"] for p in passes),
                   "completion_tokens": sum(p["completion_tokens"] for p in passes),
                   "headline": r["brief"].get("headline"), "summary": r["brief"].get("summary"),
                   "notes": [n for n in r["brief"].get("notes", []) if n.startswith("summary")]}
            if aligned:
                these = requests[i:i + row["attempts"]]
                i += row["attempts"]
                used += these
                for key in TIMING_KEYS:
                    row[key] = sum(q[key] for q in these)
            rows.append(row)
    meta = {"runs": sum(r["name"] == name for r in runs), "requests": len(used), "log_aligned": aligned_all,
            "run_loads": [(r["chunk"], r.get("load_1m_samples", [])) for r in runs if r["name"] == name],
            "load_1m_samples": loads, "totals": {k: sum(q[k] for q in used) for k in TIMING_KEYS}}
    return rows, meta


def table(models: list[tuple[str, list[dict], dict]]) -> None:
    print(f"{'model':<6} {'n':>3} {'median s':>8} {'min':>5} {'max':>6} {'mean s':>6} {'prompt tok':>10} "
          f"{'eval tok':>8} {'compl tok':>9} {'prompt t/s':>10} {'gen t/s':>7} {'other s/req':>11} "
          f"{'kept':>4} {'regen':>5} {'lead':>4} {'load avg':>8}")
    for name, rows, meta in models:
        if not rows:
            print(f"{name:<6}   0")
            continue
        secs = [r["model_s"] for r in rows]
        t, reqs = meta["totals"], max(meta["requests"], 1)
        other = (t["total_ms"] - t["prompt_ms"] - t["gen_ms"]) / 1000 / reqs
        paths = {k: sum(r["path"] == k for r in rows) for k in ("kept", "regenerated", "lead")}
        loads = meta["load_1m_samples"] or [float("nan")]
        print(f"{name:<6} {len(rows):>3} {statistics.median(secs):>8.1f} {min(secs):>5.1f} {max(secs):>6.1f} "
              f"{statistics.mean(secs):>6.1f} {statistics.mean(r['prompt_tokens'] for r in rows):>10.0f} "
              f"{t['prompt_eval_tokens'] / len(rows):>8.0f} {statistics.mean(r['completion_tokens'] for r in rows):>9.0f} "
              f"{t['prompt_eval_tokens'] / (t['prompt_ms'] / 1000) if t['prompt_ms'] else 0:>10.1f} "
              f"{t['gen_tokens'] / (t['gen_ms'] / 1000) if t['gen_ms'] else 0:>7.1f} {other:>11.1f} "
              f"{paths['kept']:>4} {paths['regenerated']:>5} {paths['lead']:>4} {statistics.mean(loads):>8.2f}")
    print("\nper chunk (the same articles for every model; load drifts between chunks on a shared machine):")
    print(f"{'chunk':>5} " + " ".join(f"{name + ' median s':>12} {name + ' gen t/s':>11} {name + ' load':>8}"
                                      for name, _, _ in models))
    for chunk in sorted({r["chunk"] for _, rows, _ in models for r in rows}):
        cells = []
        for name, rows, meta in models:
            mine = [r for r in rows if r["chunk"] == chunk]
            gen_ms = sum(r.get("gen_ms", 0) for r in mine)
            rate = sum(r.get("gen_tokens", 0) for r in mine) / (gen_ms / 1000) if gen_ms else float("nan")
            loads = [x for run in meta["run_loads"] if run[0] == chunk for x in run[1]] or [float("nan")]
            med = statistics.median(r["model_s"] for r in mine) if mine else float("nan")
            cells.append(f"{med:>12.1f} {rate:>11.1f} {statistics.mean(loads):>8.2f}")
        print(f"{chunk:>5} " + " ".join(cells))
    print("\nmodel s: the model calls' elapsed_s summed per article; prompt tok: sent per article (mean); eval tok: "
          "prompt tokens the server evaluated per article (prefix reuse makes it fewer); other s/req: llama.cpp total "
          "time less prompt eval and generation; load avg: 1-min load sampled every 15 s during the runs.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="*", help="files or folders of articles")
    ap.add_argument("--model", action="append", required=True, metavar="NAME=GGUF",
                    help="a model to run; an empty GGUF means the packaged one (repeat)")
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--dev", action="store_true", help="add the corpus dev part")
    ap.add_argument("--dev-limit", type=int, default=None)
    ap.add_argument("--chunk", type=int, default=0, help="articles per chunk, models alternating (0: all at once)")
    ap.add_argument("--report-only", action="store_true", help="read the runs in WORK/runs.json; run nothing")
    args = ap.parse_args()
    models = [tuple(m.split("=", 1)) for m in args.model]
    args.work.mkdir(parents=True, exist_ok=True)
    runs_file = args.work / "runs.json"
    runs: list[dict] = json.loads(runs_file.read_text()) if runs_file.is_file() else []
    articles = expand(args.articles) + ([str(p) for p in dev_articles(args.dev_limit)] if args.dev else [])
    size = args.chunk or len(articles) or 1
    chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
    if not args.report_only:
        for n, chunk in enumerate(chunks, 1):
            for name, gguf in (models if n % 2 else models[::-1]):  # never two servers at once
                if any(r["name"] == name and r["chunk"] == n and r["articles"] == chunk for r in runs):
                    continue  # done in an earlier, interrupted invocation
                runs.append(run_batch(name, gguf, n, chunk, args.work))
                runs_file.write_text(json.dumps(runs, indent=1))
    results = [(name, *read_model(name, args.work, runs)) for name, _ in models]
    print()
    table(results)
    for name, rows, meta in results:
        print(f"{name}: {meta['runs']} batch runs, {len(rows)} briefs, {meta['requests']} timed requests "
              f"(log timings {'matched' if meta['log_aligned'] else 'NOT matched'} to briefs)")
    (args.work / "bench_models.json").write_text(json.dumps(
        {name: {"meta": meta, "rows": rows} for name, rows, meta in results}, indent=1))
    print(f"per-article rows: {args.work / 'bench_models.json'}")


if __name__ == "__main__":
    sys.exit(main())
