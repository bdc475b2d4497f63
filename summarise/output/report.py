"""Human-readable views of a brief (Markdown files, the terminal) and writing outputs safely."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarise.output.schema import Brief, BriefRecord, Figure


def write_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Write via a uniquely named temp file, fsync, then rename: a reader never sees half a file.

    The temp name is unique (two workers writing the same brief never share
    it) and lives in the target folder, so the rename is atomic. `durable=False`
    skips the fsync, for views rebuilt from a durable record (the fsync is
    most of the cost of serving a cached brief); the rename still means no
    reader ever sees half a file.
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:
        # The folder is made only when missing: a mkdir on every write takes the folder's lock,
        # which a batch's workers writing three files an article into one folder queue on.
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def figure_text(figure: Figure) -> str:
    bound = f"{figure.low:,}" if figure.high in (None, figure.low) else f"{figure.low:,}–{figure.high:,}"
    return f"{figure.text} ({bound}, {figure.qualifier})"


def _q(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_markdown(record: BriefRecord) -> str:
    b: Brief = record.brief
    lines = [f"# {b.headline}", "", b.summary, ""]
    meta = [f"article `{record.article['id']}` ({record.article['source']})"]
    if b.published:
        meta.append(f"published {b.published}")
    meta.append(f"model {record.model['answered']} via {record.model['backend']}, prompt {record.prompt['id']}")
    lines += ["_" + "; ".join(meta) + "_", ""]

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.extend([f"## {title}", "", *rows, ""])

    section("Casualties", [f"- **{c.kind}**: {figure_text(c.figure)}"
                           + (f", {c.victims}" if c.victims else "") + (f", in {c.location}" if c.location else "")
                           + (f" (source: {c.source})" if c.source else "") + f" — “{_q(c.evidence)}”"
                           for c in b.casualties])
    section("Displacement", [f"- {figure_text(d.figure)} {d.unit}"
                             + (f" ≈ {d.people_estimate:,} people" if d.unit != "people" and d.people_estimate else "")
                             + (f", from {d.origin}" if d.origin else "") + f" — “{_q(d.evidence)}”"
                             for d in b.displacement])
    section("Claims", [f"- **{c.claimant}**: {c.statement} [{c.status}"
                       + (f" by {c.disputed_by}" if c.disputed_by else "") + "]"
                       + (f" (via {c.reported_via})" if c.reported_via else "") + f" — “{_q(c.evidence)}”"
                       for c in b.claims])
    section("Actors", [f"- {a.name} ({a.kind}" + (f", {a.role}" if a.role else "")
                       + (f", {a.affiliation}" if a.affiliation else "") + ")"
                       + (f" — also: {', '.join(a.aliases)}" if a.aliases else "") for a in b.actors])
    section("Locations", [f"- {loc.name} ({loc.kind}" + (f", in {loc.parent}" if loc.parent else "") + ")"
                          for loc in b.locations])
    section("Rejected (failed grounding)", [f"- {r.field}: {_q(str(r.item), 100)} — {r.reason}" for r in b.rejected])
    section("Notes", [f"- {n}" for n in b.notes])
    return "\n".join(lines).rstrip() + "\n"


def render_terminal(record: BriefRecord) -> Group:
    """A compact rich view: headline panel, then one table per non-empty list."""
    b = record.brief
    cached = "cache hit" if record.cache_hit else f"{record.elapsed_s:.1f}s, {record.usage['total_tokens']} tokens"
    header = Panel(Text(b.summary), title=Text(b.headline, style="bold"),
                   subtitle=f"{record.article['source']} · {cached}", title_align="left")
    parts: list = [header]

    def table(title: str, columns: list[str], rows: list[list[str]]) -> None:
        if not rows:
            return
        t = Table(title=title, title_justify="left", show_lines=False, expand=False)
        for c in columns:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*r)
        parts.append(t)

    table("Casualties", ["kind", "figure", "victims", "where", "evidence"],
          [[c.kind, figure_text(c.figure), c.victims or "", c.location or "", _q(c.evidence, 70)] for c in b.casualties])
    table("Displacement", ["figure", "unit", "people ≈", "evidence"],
          [[figure_text(d.figure), d.unit, f"{d.people_estimate:,}" if d.people_estimate else "", _q(d.evidence, 70)]
           for d in b.displacement])
    table("Claims", ["claimant", "statement", "status"],
          [[c.claimant, _q(c.statement, 80), c.status + (f" ({c.disputed_by})" if c.disputed_by else "")]
           for c in b.claims])
    table("Actors", ["name", "kind", "role"], [[a.name, a.kind, a.role or ""] for a in b.actors])
    table("Locations", ["name", "kind", "parent"], [[x.name, x.kind, x.parent or ""] for x in b.locations])
    if b.rejected:
        parts.append(Text(f"{len(b.rejected)} item(s) rejected by grounding (see the .md/.json)", style="yellow"))
    return Group(*parts)
