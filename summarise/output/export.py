"""Briefs out to other tools: a SQLite database, ACLED-style casualty rows, the figures table.

All three read the same thing, every valid BriefRecord among a folder's
*.json files (a batch's summary.json and other JSON are skipped), and every
file is replaced atomically, so a reader never opens half an export.

* sqlite: one table per list in a brief (actors, places, claims, casualties,
  displacement, rejected), one row per item with its article id, position in
  the brief, evidence and span, plus the item's own fields; `articles` holds
  one row per brief. Item tables have foreign keys to articles, which
  datasette follows.
* acled: one row per casualty figure under ACLED's column names where a
  brief has the value, with our own figure columns beside them. The rules
  are in `acled_rows` and the README; nothing is filled that the article
  does not say.
* csv: exactly a batch's figures.csv (the same function writes both).
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarise.errors import ExportError
from summarise.output.report import write_atomic
from summarise.output.schema import BriefRecord, Casualty, Location
from summarise.output.summary import build_summary, figures_csv
from summarise.text.grounding import normalise_name

FORMATS = ("sqlite", "csv", "acled")


@dataclass
class Export:
    """What an export wrote: the file, how many briefs went in, rows per table, files skipped with a reason."""

    path: Path
    briefs: int
    rows: dict[str, int]
    skipped: list[str] = field(default_factory=list)


def load_records(folder: Path) -> tuple[list[BriefRecord], list[str]]:
    """Every brief record among the folder's *.json files, and a line for each that looks like one but is broken.

    JSON that is not a brief record at all (summary.json, a config) is skipped
    without a word; a file with a `brief` that does not validate (another
    schema version, hand-edited) is skipped and named, so nothing is dropped silently.
    """
    if not folder.is_dir():
        raise ExportError(f"{folder}: no such folder of briefs")
    records: list[BriefRecord] = []
    skipped: list[str] = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            skipped.append(f"{path}: not readable JSON ({type(e).__name__})")
            continue
        if not (isinstance(data, dict) and "brief" in data and "article" in data):
            continue  # not a brief record: summary.json and the like
        try:
            records.append(BriefRecord.model_validate(data))
        except ValidationError as e:
            skipped.append(f"{path}: not a valid brief record ({e.error_count()} problem(s), first: "
                           f"{e.errors()[0]['msg']})")
    if not records:
        raise ExportError(f"{folder}: no briefs to export (no *.json brief records in it)")
    records.sort(key=lambda r: (r.article.get("source") or "", r.article["id"]))
    return records, skipped


def export_folder(folder: Path, fmt: str, out_file: Path) -> Export:
    """Export every brief in `folder` as `fmt` (sqlite, csv or acled) to `out_file`, replacing it atomically."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    records, skipped = load_records(folder)
    try:
        if fmt == "sqlite":
            rows = write_sqlite(records, out_file)
        elif fmt == "acled":
            table = acled_rows(records)
            write_atomic(out_file, _csv_text(ACLED_COLUMNS, table))
            rows = {"casualties": len(table)}
        else:
            summary = build_summary(records)
            write_atomic(out_file, figures_csv(summary))
            rows = {"figures": len(summary["figures"])}
    except OSError as e:
        raise ExportError(f"{out_file}: cannot write ({e.strerror or e})") from e
    return Export(out_file, len(records), rows, skipped)


# --- sqlite -------------------------------------------------------------------

_ITEM = {"article_id": str, "position": int, "evidence": str, "span_start": int, "span_end": int, "match": str}
_FIGURE = {"figure_text": str, "low": int, "high": int, "qualifier": str}
TABLES: dict[str, dict[str, type]] = {
    "articles": {"id": str, "source": str, "name": str, "url": str, "title": str, "published": str,
                 "language": str, "chars": int, "headline": str, "summary": str, "notes": str,
                 "prompt": str, "model": str, "backend": str, "tool_version": str, "finished_at": str},
    "actors": {**_ITEM, "name": str, "kind": str, "affiliation": str, "role": str, "aliases": str},
    "places": {**_ITEM, "name": str, "kind": str, "parent": str, "country": str, "aliases": str},
    "claims": {**_ITEM, "claimant": str, "statement": str, "reported_via": str, "status": str,
               "disputed_by": str},
    "casualties": {**_ITEM, "kind": str, **_FIGURE, "victims": str, "perpetrator": str, "location": str,
                   "when": str, "source": str},
    "displacement": {**_ITEM, **_FIGURE, "unit": str, "people_estimate": int, "household_size": float,
                     "origin": str, "destination": str, "period": str, "source": str},
    "rejected": {**_ITEM, "field": str, "reason": str, "item": str},
}


def sqlite_rows(records: list[BriefRecord]) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table, one per brief (articles) or per item (the rest)."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for r in records:
        b, art = r.brief, r.article
        tables["articles"].append({
            "id": art["id"], "source": art.get("source"), "name": art.get("stem"), "url": art.get("url"),
            "title": art.get("title"), "published": b.published, "language": art.get("language"),
            "chars": art.get("chars"), "headline": b.headline, "summary": b.summary, "notes": _json(b.notes),
            "prompt": r.prompt.get("id"), "model": r.model.get("answered"), "backend": r.model.get("backend"),
            "tool_version": r.tool_version, "finished_at": r.finished_at})
        lists: dict[str, list[Any]] = {"actors": b.actors, "places": b.locations, "claims": b.claims,
                                        "casualties": b.casualties, "displacement": b.displacement}
        for name, items in lists.items():
            for position, item in enumerate(items):
                values = item.model_dump(mode="json", exclude={"evidence", "span", "match"})
                if "figure" in values:
                    figure = values.pop("figure")
                    values.update(figure_text=figure["text"], low=figure["low"], high=figure["high"],
                                  qualifier=figure["qualifier"])
                if "aliases" in values:
                    values["aliases"] = _json(values["aliases"])
                tables[name].append({**_grounding(art["id"], position, item.evidence, item.span, item.match),
                                     **values})
        for position, rej in enumerate(b.rejected):
            span = rej.item.get("span")
            tables["rejected"].append({
                **_grounding(art["id"], position, rej.item.get("evidence"),
                             span if isinstance(span, (list, tuple)) and len(span) == 2 else None,
                             rej.item.get("match")),
                "field": rej.field, "reason": rej.reason, "item": _json(rej.item)})
    return tables


def write_sqlite(records: list[BriefRecord], out_file: Path) -> dict[str, int]:
    """Build the database in a temp file beside `out_file`, then rename it over: atomic, never half a database."""
    import sqlite_utils  # only this export needs it

    out_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out_file.parent, prefix=f".{out_file.name}.", suffix=".tmp")
    os.close(fd)  # SQLite opens it by name; an empty file is an empty database
    tmp = Path(tmp_name)
    try:
        db = sqlite_utils.Database(tmp)
        try:
            tables = sqlite_rows(records)
            db["articles"].create(TABLES["articles"], pk="id")
            for name, columns in TABLES.items():
                if name != "articles":
                    db[name].create(columns, pk=("article_id", "position"),
                                    foreign_keys=[("article_id", "articles", "id")])
            for name, rows in tables.items():
                db[name].insert_all(rows)
        finally:
            db.close()
        os.replace(tmp, out_file)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return {name: len(rows) for name, rows in tables.items()}


def _grounding(article_id: str, position: int, evidence: str | None, span: Any, match: str | None) -> dict[str, Any]:
    start, end = span if span else (None, None)
    return {"article_id": article_id, "position": position, "evidence": evidence, "span_start": start,
            "span_end": end, "match": match}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- ACLED-style rows -----------------------------------------------------------

ACLED_FIELDS = ["event_date", "actor1", "actor2", "country", "admin1", "location", "fatalities", "source", "notes"]
OUR_FIELDS = ["casualty_kind", "figure_text", "low", "high", "qualifier", "when", "reported_by", "published",
              "article_id", "article_source", "url", "span_start", "span_end", "evidence"]
ACLED_COLUMNS = ACLED_FIELDS + OUR_FIELDS

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
# The whole `when` must be one calendar day ("on 15 August 2021", "Sunday, August 15, 2021", "2021-08-15"):
# "since 1 August 2021" is the start of a cumulative toll, not the date of an event.
_ONE_DAY = [re.compile(r"(?:on\s+)?(?:[A-Za-z]+day,?\s+)?" + body + r"\s*", re.IGNORECASE) for body in (
    r"(?P<year>\d{4})-(?P<month_number>\d{2})-(?P<day>\d{2})",
    r"(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})",
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",
)]


def event_date(when: str | None) -> str:
    """YYYY-MM-DD when `when` is exactly one calendar date, else "" (a weekday or "last week" is never resolved)."""
    for pattern in _ONE_DAY:
        m = pattern.fullmatch((when or "").strip())
        if not m:
            continue
        parts = m.groupdict()
        month = (int(parts["month_number"]) if parts.get("month_number")
                 else _MONTHS.get((parts.get("month") or "").lower()))
        try:
            return date(int(parts["year"]), month or 0, int(parts["day"])).isoformat()
        except ValueError:
            return ""
    return ""


class _Places:
    """The brief's own places by every spelling, to place a figure in its country and admin1."""

    def __init__(self, locations: list[Location]) -> None:
        self.by_name = {normalise_name(n): loc for loc in locations for n in (loc.name, *loc.aliases)}

    def chain(self, name: str) -> list[Location]:
        """The place and its parents, as far as the brief names them."""
        found: list[Location] = []
        key = normalise_name(name)
        while (loc := self.by_name.get(key)) is not None and loc not in found and len(found) < 6:
            found.append(loc)
            key = normalise_name(loc.parent or "")
        return found

    def resolve(self, name: str | None) -> tuple[str, str]:
        """(country, admin1) from the brief's own places: the place's country, or a country or province
        it lies in by the brief's `parent` links; blank when the brief does not say."""
        chain = self.chain(name) if name else []
        country = next((loc.country for loc in chain if loc.country), None) \
            or next((loc.name for loc in chain if loc.kind == "country"), "")
        admin1 = next((loc.name for loc in chain if loc.kind == "province"), "")
        return country, admin1


def acled_rows(records: list[BriefRecord]) -> list[dict[str, Any]]:
    """One row per casualty figure (killed, wounded, missing), ACLED's names where a brief has the value.

    fatalities is the killed figure's low bound (ACLED codes the lowest
    reported number; "dozens" is already 12 by its convention) and is blank
    for wounded and missing figures, which ACLED does not count as
    fatalities; their numbers are in low/high. Each figure is its own row: two
    reports of one toll are two rows, so de-duplicate before summing.
    """
    rows: list[dict[str, Any]] = []
    for r in records:
        b, art = r.brief, r.article
        places = _Places(b.locations)
        for c in b.casualties:
            rows.append(_acled_row(c, places, art, b.published))
    return rows


def _acled_row(c: Casualty, places: _Places, art: dict[str, Any], published: str | None) -> dict[str, Any]:
    country, admin1 = places.resolve(c.location)
    start, end = c.span if c.span else (None, None)
    return {
        "event_date": event_date(c.when), "actor1": c.perpetrator or "", "actor2": c.victims or "",
        "country": country, "admin1": admin1, "location": c.location or "",
        "fatalities": c.figure.low if c.kind == "killed" else "",
        "source": art.get("url") or art.get("source") or "", "notes": " ".join(c.evidence.split()),
        "casualty_kind": c.kind, "figure_text": c.figure.text, "low": c.figure.low,
        "high": "" if c.figure.high is None else c.figure.high, "qualifier": c.figure.qualifier,
        "when": c.when or "", "reported_by": c.source or "", "published": published or "",
        "article_id": art["id"], "article_source": art.get("source") or "", "url": art.get("url") or "",
        "span_start": start, "span_end": end, "evidence": c.evidence,
    }


def _csv_text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
