"""`make eval`: per-field P/R/F1 for the seeds, the corpus dev part and its test part.

Briefs are rebuilt by today's code, with the model's part (the summary)
replayed from tests/recordings, so the table is what the code scores now,
offline and in seconds. The test part is scored to report, never to tune on.

    python benchmarks/eval_corpus.py            # the table
    python benchmarks/eval_corpus.py --json     # the same figures as JSON
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from corpus_sets import SETS, run_set  # noqa: E402
from summarise.output.evaluate import FIELDS  # noqa: E402


def _f(v: float | None) -> str:
    return "–" if v is None else f"{v:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--write-floors", type=Path, metavar="FILE",
                        help="write today's F1 per set and field as the CI gate's floors (raise them after a gain)")
    parser.add_argument("sets", nargs="*", default=list(SETS), help="seeds, dev, test (default: all)")
    args = parser.parse_args()
    results = [run_set(name) for name in args.sets]
    if args.write_floors:
        floors = {r.name: {k: round(v or 0.0, 3) for k, v in r.f1().items()} for r in results}
        args.write_floors.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.write_floors}")
    if args.json:
        print(json.dumps({r.name: {"totals": {k: s.to_dict() for k, s in r.report.totals.items()},
                                   "seconds_median": statistics.median(r.seconds),
                                   "summary_paths": r.summary_paths,
                                   "ungrounded_figures": r.ungrounded_figures} for r in results}, indent=2))
        return 0
    table = Table(title="Quality by set (P / R / F1), briefs rebuilt offline from the recordings")
    table.add_column("set")
    table.add_column("n", justify="right")
    for f in (*FIELDS, "overall"):
        table.add_column(f, justify="right")
    table.add_column("s/article", justify="right")
    for r in results:
        t = r.report.totals
        table.add_row(r.name, str(len(r.report.articles)),
                      *(f"{_f(t[f].precision)} / {_f(t[f].recall)} / [bold]{_f(t[f].f1)}[/]" for f in (*FIELDS, "overall")),
                      f"{statistics.median(r.seconds):.2f}")
    console = Console(width=200)
    console.print(table)
    for r in results:
        p = r.summary_paths
        console.print(f"{r.name}: summaries kept from the model {p['model']}, regenerated once {p['regenerated']}, "
                      f"replaced by the lead {p['lead']}; figures without verbatim evidence: {r.ungrounded_figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
