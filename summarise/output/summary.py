"""The summary across a batch: what many briefs say together.

For people (summary.md) and for tools (summary.json, figures.csv): every
casualty and displacement figure with its article, place, source and quote;
actors ranked by how many articles name them; contested claims side by side;
places with counts; and a timeline where articles carry a date. For
reviewers, index.html shows the same with links into each brief's page
(summarise.output.html): figures and contested claims carry `index`, their
position in the brief's list, so a tool or a link can find the item itself.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from summarise.text.names import same_entity
from summarise.text.grounding import normalise_name
from summarise.output.html import render_index_html
from summarise.output.report import write_atomic
from summarise.output.schema import Actor, BriefRecord, Location

FIGURE_COLUMNS = ["article", "source_file", "published", "field", "kind", "low", "high", "qualifier",
                  "text", "unit", "people_estimate", "victims", "location", "source", "evidence"]


class _Clusters:
    """One entity across articles: spellings, aliases and transliterations counted once per article."""

    def __init__(self) -> None:
        self.items: list[tuple[Actor | Location, set[str]]] = []

    def add(self, article: str, item: Actor | Location) -> None:
        keys = {normalise_name(n) for n in (item.name, *item.aliases)}
        for kept, articles in self.items:
            if keys & {normalise_name(n) for n in (kept.name, *kept.aliases)} or same_entity(kept, item):
                articles.add(article)
                return
        self.items.append((item, {article}))

    def ranked(self) -> list[dict[str, Any]]:
        rows = [{"name": item.name, "articles": len(articles)} for item, articles in self.items]
        return sorted(rows, key=lambda r: (-r["articles"], r["name"]))


def build_summary(records: list[BriefRecord]) -> dict[str, Any]:
    figures: list[dict[str, Any]] = []
    actors, places = _Clusters(), _Clusters()
    contested: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    for r in sorted(records, key=lambda r: (r.brief.published or "9999", r.article["source"])):
        b, art = r.brief, r.article["id"]
        base = {"article": art, "source_file": r.article["source"], "published": b.published}
        for i, c in enumerate(b.casualties):
            figures.append({**base, "field": "casualties", "index": i, "kind": c.kind, **c.figure.model_dump(),
                            "unit": "people", "people_estimate": None, "victims": c.victims, "location": c.location,
                            "source": c.source, "evidence": c.evidence})
        for i, d in enumerate(b.displacement):
            figures.append({**base, "field": "displacement", "index": i, "kind": "displaced", **d.figure.model_dump(),
                            "unit": d.unit, "people_estimate": d.people_estimate, "victims": None,
                            "location": d.origin, "source": d.source, "evidence": d.evidence})
        for a in b.actors:
            actors.add(art, a)
        for loc in b.locations:
            places.add(art, loc)
        for i, c in enumerate(b.claims):
            if c.status in ("disputed", "denied"):
                contested.append({**base, "index": i, "claimant": c.claimant, "statement": c.statement,
                                  "status": c.status, "disputed_by": c.disputed_by, "evidence": c.evidence})
        if b.published:
            timeline.append({"date": b.published, "article": art, "headline": b.headline})
    return {
        "articles": len(records),
        "figures": figures,
        "actors": actors.ranked(),
        "locations": places.ranked(),
        "contested_claims": contested,
        "timeline": timeline,
    }


def figures_csv(summary: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIGURE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(summary["figures"])
    return buffer.getvalue()


def summary_markdown(summary: dict[str, Any], failures: dict[str, str] | None = None) -> str:
    lines = [f"# Batch summary: {summary['articles']} articles", ""]
    if summary["figures"]:
        lines += ["## Casualty and displacement figures", "",
                  "| article | field | kind | figure | unit | where | source | quote |", "|---|---|---|---|---|---|---|---|"]
        for f in summary["figures"]:
            quote = " ".join(f["evidence"].split())[:120].replace("|", "\\|")
            lines.append(f"| {f['article']} | {f['field']} | {f['kind']} | {f['text']} ({f['low']:,}) | {f['unit']} "
                         f"| {f['location'] or ''} | {f['source'] or ''} | “{quote}” |")
        lines.append("")
    if summary["actors"]:
        lines += ["## Actors by number of articles", ""] + [f"- {a['name']}: {a['articles']}" for a in summary["actors"][:30]] + [""]
    if summary["contested_claims"]:
        lines += ["## Contested claims", "", "| claimant | claim | status | disputed by | article |", "|---|---|---|---|---|"]
        lines += [f"| {c['claimant']} | {c['statement']} | {c['status']} | {c['disputed_by'] or ''} | {c['article']} |"
                  for c in summary["contested_claims"]] + [""]
    if summary["locations"]:
        lines += ["## Places", ""] + [f"- {p['name']}: {p['articles']}" for p in summary["locations"][:40]] + [""]
    if summary["timeline"]:
        lines += ["## Timeline", ""] + [f"- {t['date']}: {t['headline']} ({t['article']})" for t in summary["timeline"]] + [""]
    if failures:
        lines += ["## Failed articles", ""] + [f"- {path}: {why}" for path, why in sorted(failures.items())] + [""]
    return "\n".join(lines)


def write_summary(records: list[BriefRecord], out_dir: Path, failures: dict[str, str] | None = None) -> list[Path]:
    """Write summary.md, summary.json, figures.csv and the review page index.html beside the briefs (atomically)."""
    summary = build_summary(records)
    summary["failures"] = failures or {}
    outputs = {
        "summary.md": summary_markdown(summary, failures),
        "summary.json": json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
        "figures.csv": figures_csv(summary),
        "index.html": render_index_html(records, summary, failures or {}),
    }
    for name, content in outputs.items():
        write_atomic(out_dir / name, content)
    return [out_dir / name for name in outputs]
