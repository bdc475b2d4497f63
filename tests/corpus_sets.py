"""The scored sets: the five seeds, and the corpus's dev and test parts, as (articles, gold).

The split is fixed in each gold file's `split` (chosen before any tuning, see
tests/corpus/README.md). Dev is for looking at; test is scored only to report.
Gold is assembled into the `newsbrief-gold/1` format the evaluator reads.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SETS = ("seeds", "dev", "test")


def load_set(name: str) -> tuple[list[Path], dict]:
    """Article paths and gold for one set; raises KeyError for an unknown set."""
    if name == "seeds":
        gold = json.loads((CORPUS / "seeds_gold.json").read_text(encoding="utf-8"))
        return sorted((ROOT / "seeds").glob("*.txt")), gold
    if name not in SETS:
        raise KeyError(name)
    articles: dict[str, dict] = {}
    paths: list[Path] = []
    for gold_file in sorted((CORPUS / "gold").glob("*.json")):
        meta = json.loads(gold_file.read_text(encoding="utf-8"))
        if meta["split"] != name:
            continue
        articles[gold_file.stem] = meta["gold"]
        paths.append(CORPUS / "articles" / f"{gold_file.stem}.txt")
    return paths, {"format": "newsbrief-gold/1", "articles": articles}


def run_set(name: str, recordings: Path | None = None) -> SetResult:
    """Brief every article of a set offline from the recordings and score it against its gold.

    No cache: every brief is rebuilt by today's text layer, and the model's
    part (the summary) is replayed, so the scores are today's code's.
    """
    import time

    from summarise.config import DEFAULT_RECORDINGS, Settings, make_client
    from summarise.output.evaluate import EvalReport, score_article
    from summarise.pipeline import Summariser
    from summarise.text.article import load_article

    paths, gold = load_set(name)
    client = make_client(Settings(offline=True, recordings=recordings or DEFAULT_RECORDINGS))
    summariser = Summariser(client, None)
    scores, seconds, paths_taken, bad_figures = [], [], {"model": 0, "regenerated": 0, "lead": 0}, 0
    for path in paths:
        t0 = time.perf_counter()
        record = summariser.summarise(load_article(path))
        seconds.append(time.perf_counter() - t0)
        brief = record.brief
        notes = " ".join(brief.notes)
        paths_taken["lead" if "lead sentences" in notes else "regenerated" if "regenerated" in notes else "model"] += 1
        text = load_article(path).text
        bad_figures += sum(1 for f in [*brief.casualties, *brief.displacement]
                           if f.span is None or text[f.span[0]:f.span[1]] != f.evidence)
        scores.append(score_article(gold["articles"][path.stem], brief.model_dump(mode="json"), path.stem))
    return SetResult(name, EvalReport(articles=scores), seconds, paths_taken, bad_figures)


class SetResult:
    """One set's scores plus what the eval table reports beside them."""

    def __init__(self, name: str, report, seconds: list[float], summary_paths: dict[str, int],  # noqa: ANN001
                 ungrounded_figures: int) -> None:
        self.name, self.report, self.seconds = name, report, seconds
        self.summary_paths, self.ungrounded_figures = summary_paths, ungrounded_figures

    def f1(self) -> dict[str, float | None]:
        return {k: s.f1 for k, s in self.report.totals.items()}
