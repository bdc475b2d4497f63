"""Embedded-model benchmark: our pipeline against a naive baseline, same server, same run.

Configurations, each over the seeds and the corpus dev part (`--sets`), no cache:
  naive        one call per article asking for the whole brief, the JSON Schema
               pasted into the prompt (instructor JSON mode) - the baseline;
  pipeline     the text layer (spaCy, no model) plus one checked summary call,
               json_object + schema as the embedded backend sends it;
  cached       the pipeline again with every answer cached: the stored record is served;
  floor        not run but computed: each article read once, i.e. the pipeline's
               prompt tokens at the measured prompt speed plus its answer's tokens
               at the measured generation speed (no text layer, no check, no retry).
Prints seconds per article (median, min, max), tokens in and out, prompt and
generation tokens per second (from the server's own timings), peak RSS, the F1
of each against the gold, and ratios against the baseline.

    python benchmarks/bench_embedded.py [--sets seeds dev] [--limit 10] [--configs naive pipeline]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))  # the corpus sets are test data
import tempfile  # noqa: E402

from corpus_sets import load_set  # noqa: E402
from summarise.model.cache import ResponseCache  # noqa: E402
from summarise.text.article import load_article  # noqa: E402
from summarise.model.client import EndpointConfig, OpenAICompatibleClient  # noqa: E402
from summarise.config import EMBEDDED_MODEL  # noqa: E402
from summarise.output.evaluate import FIELDS, Score, load_gold, score_article  # noqa: E402
from summarise.text.numbers import parse_figure  # noqa: E402
from summarise.model.local import LocalServer, locate_model, model_home  # noqa: E402
from summarise.pipeline import Options, Summariser  # noqa: E402
from summarise.model.prompts import load_prompt  # noqa: E402
from summarise.output.schema import ActorDraft, CasualtyKind, DisplacementUnit, LocationDraft  # noqa: E402

TIMING = re.compile(r"(prompt eval|\s+eval) time =\s+([\d.]+) ms /\s+(\d+) (tokens|runs)")


class NaiveClaim(BaseModel):
    claimant: str
    statement: str


class NaiveCasualty(BaseModel):
    kind: CasualtyKind
    number: str = Field(description="The number phrase as written")


class NaiveDisplacement(BaseModel):
    unit: DisplacementUnit
    number: str = Field(description="The number phrase as written")


class NaiveBrief(BaseModel):
    headline: str
    summary: str
    actors: list[ActorDraft]
    locations: list[LocationDraft]
    claims: list[NaiveClaim]
    casualties: list[NaiveCasualty]
    displacement: list[NaiveDisplacement]


def naive_to_brief(n: NaiveBrief) -> dict:
    """Shape a naive answer like a brief so the same scorer reads it (numbers parsed, nothing grounded)."""
    def fig(text: str) -> dict | None:
        f = parse_figure(text)
        return f.model_dump() if f else None
    return {"actors": [{"name": a.name} for a in n.actors], "locations": [{"name": x.name} for x in n.locations],
            "claims": [{"claimant": c.claimant, "statement": c.statement, "evidence": ""} for c in n.claims],
            "casualties": [{"kind": c.kind, "figure": f} for c in n.casualties if (f := fig(c.number))],
            "displacement": [{"unit": d.unit, "figure": f} for d in n.displacement if (f := fig(d.number))]}


def server_timings(log: Path, start: int) -> tuple[float, int, float, int]:
    """(prompt ms, prompt tokens evaluated, generation ms, generated tokens) logged after byte `start`."""
    with log.open("rb") as f:
        f.seek(start)
        text = f.read().decode(errors="replace")
    p_ms = p_tok = g_ms = g_tok = 0
    for kind, ms, count, _ in TIMING.findall(text):
        if kind == "prompt eval":
            p_ms, p_tok = p_ms + float(ms), p_tok + int(count)
        else:
            g_ms, g_tok = g_ms + float(ms), g_tok + int(count)
    return p_ms, p_tok, g_ms, g_tok


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=["seeds", "dev"], help="seeds, dev (never test: it is for reports)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many articles per set (0: all)")
    ap.add_argument("--articles", nargs="*", type=Path, help="other article files instead (with --gold)")
    ap.add_argument("--gold", type=Path, help="gold file for --articles (newsbrief-gold/1)")
    ap.add_argument("--configs", nargs="*", default=["naive", "pipeline", "cached"])
    args = ap.parse_args()
    if args.articles:
        gold = load_gold(args.gold)["articles"] if args.gold and args.gold.is_file() else {}
        paths = list(args.articles)
    else:
        gold, paths = {}, []
        for name in args.sets:
            found, set_gold = load_set(name)
            paths += found[:args.limit or None]
            gold.update(set_gold["articles"])
    articles = [load_article(p) for p in paths]
    cache = ResponseCache(Path(tempfile.mkdtemp(prefix="bench-cache-")))  # empty: only `cached` reads it
    per_article: dict[str, list[tuple[int, int]]] = {}  # pipeline: (prompt, completion) tokens per article
    model_path = locate_model(model_home(), progress=print)
    server = LocalServer(model_path, cache_dir=ROOT / "cache").start()
    rows = []
    try:
        for config in args.configs:
            mode = {"naive": "json", "pipeline": "json_object_schema", "cached": "json_object_schema"}[config]
            client = OpenAICompatibleClient(EndpointConfig(base_url=server.base_url, api_key="local",
                                                           model=EMBEDDED_MODEL, mode=mode, timeout=900))
            log_start = server.log_path.stat().st_size
            scores = {f: Score(0, 0, 0, 0) for f in FIELDS}
            seconds, sent, received = [], 0, 0
            for article in articles:
                t0 = time.monotonic()
                if config == "naive":
                    prompt = load_prompt("baseline/v1")
                    messages = [{"role": "system", "content": prompt.system},
                                {"role": "user", "content": f"ARTICLE\n{article.text}\n\nTASK\n{prompt.task('brief')}"}]
                    gen = client.generate(messages, NaiveBrief, max_tokens=1500)
                    brief = naive_to_brief(gen.output)  # type: ignore[arg-type]
                    sent, received = sent + gen.usage.prompt_tokens, received + gen.usage.completion_tokens
                else:
                    record = Summariser(client, cache, Options()).summarise(article)
                    brief = record.brief.model_dump(mode="json")
                    if config == "pipeline":
                        sent += record.usage["prompt_tokens"]
                        received += record.usage["completion_tokens"]
                        per_article.setdefault(config, []).append(
                            (record.usage["prompt_tokens"], record.usage["completion_tokens"]))
                    elif not record.cache_hit:
                        raise SystemExit("the cached run asked the model: run `pipeline` first in the same run")
                seconds.append(time.monotonic() - t0)
                if article.stem in gold:
                    scored = score_article(gold[article.stem], brief)
                    for f in FIELDS:
                        scores[f] = scores[f] + scored.fields[f]
                print(f"  {config:<13} {article.stem}: {seconds[-1]:.1f}s", flush=True)
            p_ms, p_tok, g_ms, g_tok = server_timings(server.log_path, log_start)
            overall = sum(scores.values(), Score(0, 0, 0, 0))
            rows.append({"config": config, "s_per_article": sum(seconds) / len(seconds),
                         "s_median": sorted(seconds)[len(seconds) // 2], "s_min": min(seconds), "s_max": max(seconds),
                         "prompt_tokens_sent": sent, "prompt_tokens_evaluated": p_tok,
                         "prompt_tok_s": p_tok / (p_ms / 1000) if p_ms else 0.0,
                         "gen_tokens": g_tok, "gen_tok_s": g_tok / (g_ms / 1000) if g_ms else 0.0,
                         "f1": overall.f1 or 0.0, **{f"f1_{f}": scores[f].f1 or 0.0 for f in FIELDS}})
        rss = peak_rss_mb(server._proc.pid) if server._proc else float("nan")
    finally:
        server.stop()
    pipe = next((r for r in rows if r["config"] == "pipeline"), None)
    if pipe and pipe["prompt_tok_s"] and pipe["gen_tok_s"]:
        floor = [p / pipe["prompt_tok_s"] + c / pipe["gen_tok_s"] for p, c in per_article["pipeline"]]
        rows.append({**pipe, "config": "floor (1 read)", "s_per_article": sum(floor) / len(floor),
                     "s_median": sorted(floor)[len(floor) // 2], "s_min": min(floor), "s_max": max(floor),
                     "prompt_tokens_evaluated": pipe["prompt_tokens_sent"]})
    base = next((r for r in rows if r["config"] == "naive"), rows[0])
    print(f"\n{len(articles)} articles, server peak RSS {rss:.0f} MB\n")
    print(f"{'config':<14} {'median':>6} {'min':>5} {'max':>5} {'s/article':>9} {'x base':>7} {'prompt sent':>11} {'evaluated':>9} {'prompt t/s':>10} "
          f"{'gen tok':>7} {'gen t/s':>7} {'F1':>5} " + " ".join(f"{f[:5]:>5}" for f in FIELDS))
    for r in rows:
        print(f"{r['config']:<14} {r['s_median']:>6.2f} {r['s_min']:>5.2f} {r['s_max']:>5.2f} {r['s_per_article']:>9.1f} {r['s_per_article'] / base['s_per_article']:>7.2f} "
              f"{r['prompt_tokens_sent']:>11} {r['prompt_tokens_evaluated']:>9} {r['prompt_tok_s']:>10.1f} "
              f"{r['gen_tokens']:>7} {r['gen_tok_s']:>7.1f} {r['f1']:>5.2f} "
              + " ".join(f"{r['f1_' + f]:>5.2f}" for f in FIELDS))
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
