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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUEST = re.compile(r"prompt eval time =\s+([\d.]+) ms /\s+(\d+) tokens.*?\n.*?eval time =\s+([\d.]+) ms /\s+(\d+) runs"
                     r".*?\n.*?total time =\s+([\d.]+) ms", re.S)


def dev_articles(limit: int | None) -> list[Path]:
    found = []
    for path in sorted((ROOT / "tests" / "corpus" / "articles").glob("*.txt")):
        gold = ROOT / "tests" / "corpus" / "gold" / f"{path.stem}.json"
        if gold.is_file() and json.loads(gold.read_text(encoding="utf-8")).get("split") == "dev":
            found.append(path)
    return found[:limit] if limit else found


def summary_path(notes: list[str]) -> str:
    if any("the article's lead sentences are used" in n for n in notes):
        return "lead"
    if any(n.startswith("summary: regenerated once") for n in notes):
        return "regenerated"
    return "kept"


def run_model(name: str, gguf: str, articles: list[str], work: Path) -> dict:
    env = dict(os.environ)
    env.pop("SUMMARISE_MODEL_PATH", None)
    if gguf:
        env["SUMMARISE_MODEL_PATH"] = gguf
    cmd = [str(ROOT / ".venv" / "bin" / "summarise"), "batch", *articles, "--out", str(work / f"out-{name}"),
           "--cache-dir", str(work / f"cache-{name}"), "--no-resume"]
    print(("SUMMARISE_MODEL_PATH=" + gguf + " " if gguf else "") + " ".join(cmd), flush=True)
    loads: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(15):
            loads.append(float(Path("/proc/loadavg").read_text().split()[0]))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.monotonic()
    code = subprocess.call(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    done.set()
    meta = {"name": name, "gguf": gguf, "exit": code, "wall_s": round(wall, 1), "load_1m_samples": loads}
    (work / f"run-{name}.json").write_text(json.dumps(meta, indent=1))
    return meta


def log_requests(cache: Path) -> list[dict]:
    """Every request the server logged, in order, across this cache folder's logs (oldest log first)."""
    out = []
    for log in sorted((cache / "logs").glob("llama-server-*.log"), key=lambda p: p.stat().st_mtime):
        for p_ms, p_tok, g_ms, g_tok, total in REQUEST.findall(log.read_text(errors="replace")):
            out.append({"prompt_ms": float(p_ms), "prompt_eval_tokens": int(p_tok), "gen_ms": float(g_ms),
                        "gen_tokens": int(g_tok), "total_ms": float(total)})
    return out


def read_model(name: str, work: Path) -> tuple[list[dict], dict]:
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (work / f"out-{name}").glob("*.json")
               if p.name not in ("summary.json",)]
    records = sorted((r for r in records if "passes" in r), key=lambda r: r["started_at"])
    requests = log_requests(work / f"cache-{name}")
    expected = sum(p["attempts"] for r in records for p in r["passes"])
    aligned = expected == len(requests)
    rows, i = [], 0
    for r in records:
        passes = [p for p in r["passes"] if not p["cache_hit"]]
        row = {"article": r["article"]["stem"], "chars": r["article"].get("chars"),
               "model": r["model"].get("answered") or r["model"].get("requested"),
               "path": summary_path(r["brief"].get("notes", [])), "passes": len(passes),
               "attempts": sum(p["attempts"] for p in passes),
               "model_s": round(sum(p["elapsed_s"] for p in passes), 2), "brief_s": r["elapsed_s"],
               "prompt_tokens": sum(p["prompt_tokens"] for p in passes),
               "completion_tokens": sum(p["completion_tokens"] for p in passes),
               "headline": r["brief"].get("headline"), "summary": r["brief"].get("summary")}
        if aligned:
            mine = requests[i:i + row["attempts"]]
            i += row["attempts"]
            for key in ("prompt_ms", "prompt_eval_tokens", "gen_ms", "gen_tokens", "total_ms"):
                row[key] = sum(q[key] for q in mine)
        rows.append(row)
    meta_path = work / f"run-{name}.json"
    meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
    meta.update({"log_requests": len(requests), "pass_attempts": expected, "log_aligned": aligned,
                 "log_totals": {k: sum(q[k] for q in requests) for k in
                                ("prompt_ms", "prompt_eval_tokens", "gen_ms", "gen_tokens", "total_ms")}})
    return rows, meta


def table(models: list[tuple[str, list[dict], dict]]) -> None:
    head = (f"{'model':<6} {'n':>3} {'median s':>8} {'min':>5} {'max':>6} {'mean s':>6} {'prompt tok':>10} "
            f"{'eval tok':>8} {'compl tok':>9} {'prompt t/s':>10} {'gen t/s':>7} {'other s/req':>11} "
            f"{'kept':>4} {'regen':>5} {'lead':>4} {'load avg':>8}")
    print(head)
    for name, rows, meta in models:
        secs = [r["model_s"] for r in rows]
        t = meta["log_totals"]
        reqs = max(meta["log_requests"], 1)
        other = (t["total_ms"] - t["prompt_ms"] - t["gen_ms"]) / 1000 / reqs
        paths = {k: sum(r["path"] == k for r in rows) for k in ("kept", "regenerated", "lead")}
        loads = meta.get("load_1m_samples") or [float("nan")]
        print(f"{name:<6} {len(rows):>3} {statistics.median(secs):>8.1f} {min(secs):>5.1f} {max(secs):>6.1f} "
              f"{statistics.mean(secs):>6.1f} {statistics.mean(r['prompt_tokens'] for r in rows):>10.0f} "
              f"{t['prompt_eval_tokens'] / len(rows):>8.0f} {statistics.mean(r['completion_tokens'] for r in rows):>9.0f} "
              f"{t['prompt_eval_tokens'] / (t['prompt_ms'] / 1000) if t['prompt_ms'] else 0:>10.1f} "
              f"{t['gen_tokens'] / (t['gen_ms'] / 1000) if t['gen_ms'] else 0:>7.1f} {other:>11.1f} "
              f"{paths['kept']:>4} {paths['regenerated']:>5} {paths['lead']:>4} {statistics.mean(loads):>8.2f}")
    print("\nmodel s: the model calls' elapsed_s summed per article; prompt tok: sent per article (mean); eval tok: "
          "prompt tokens the server evaluated (prefix reuse makes it fewer); other s/req: llama.cpp total time less "
          "prompt eval and generation (sampling under the JSON grammar); load avg: 1-min load sampled every 15 s.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("articles", nargs="*", help="files or folders, passed to summarise batch")
    ap.add_argument("--model", action="append", required=True, metavar="NAME=GGUF",
                    help="a model to run; an empty GGUF means the packaged one (repeat; run in this order)")
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--dev", action="store_true", help="add the corpus dev part")
    ap.add_argument("--dev-limit", type=int, default=None)
    ap.add_argument("--report-only", action="store_true", help="read an earlier run's folders; run nothing")
    args = ap.parse_args()
    models = [tuple(m.split("=", 1)) for m in args.model]
    args.work.mkdir(parents=True, exist_ok=True)
    articles = list(args.articles) + ([str(p) for p in dev_articles(args.dev_limit)] if args.dev else [])
    if not args.report_only:
        for name, gguf in models:  # one after another: never two servers on the same cores
            run_model(name, gguf, articles, args.work)
    results = [(name, *read_model(name, args.work)) for name, _ in models]
    print()
    table(results)
    for name, _, meta in results:
        print(f"{name}: exit {meta.get('exit')}, wall {meta.get('wall_s')} s, {meta['log_requests']} logged requests "
              f"for {meta['pass_attempts']} attempts (per-article log timings {'aligned' if meta['log_aligned'] else 'NOT aligned'})")
    (args.work / "bench_models.json").write_text(json.dumps(
        {name: {"meta": meta, "rows": rows} for name, rows, meta in results}, indent=1))
    print(f"per-article rows: {args.work / 'bench_models.json'}")


if __name__ == "__main__":
    sys.exit(main())
