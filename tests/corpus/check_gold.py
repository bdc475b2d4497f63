"""Check corpus gold files: shape, vocabulary, and that every evidence is verbatim.

Run: python3 tests/corpus/check_gold.py [SLUG...]   (no args = every gold file)
     python3 tests/corpus/check_gold.py --write-manifest   (after a deliberate gold change)
Evidence is checked against the article text after the tool's own cleaning, so
a quote that only exists in a dropped furniture line is caught here too.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"person", "armed_group", "government", "government_body", "international_org", "media", "other"}
CAS_KINDS = {"killed", "wounded", "missing"}
UNITS = {"people", "families", "households"}
SPLITS = {"dev", "test"}
DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")


def article_text(slug: str) -> tuple[str, str | None]:
    raw = (HERE / "articles" / f"{slug}.txt").read_text(encoding="utf-8")
    m = DATE.match(raw)
    return (raw[m.end():] if m else raw), (m.group(1) if m else None)


def check(slug: str) -> list[str]:
    errs: list[str] = []
    meta = json.loads((HERE / "gold" / f"{slug}.json").read_text(encoding="utf-8"))
    for key in ("url", "outlet", "conflict", "split", "style", "gold"):
        if key not in meta:
            errs.append(f"missing key {key}")
    if meta.get("split") not in SPLITS:
        errs.append(f"split must be dev or test, not {meta.get('split')!r}")
    if not (HERE / "articles" / f"{slug}.txt").exists():
        return errs + ["article file missing"]
    text, published = article_text(slug)
    if len(text) > 4500:
        errs.append(f"article is {len(text)} chars (keep it under ~4,000)")
    g = meta.get("gold", {})
    if g.get("published") != published:
        errs.append(f"gold published {g.get('published')!r} != date header {published!r}")
    for field in ("actors", "optional_actors", "locations", "optional_locations", "casualties", "displacement", "claims"):
        if not isinstance(g.get(field), list):
            errs.append(f"gold.{field} must be a list")
    for a in g.get("actors", []):
        if a.get("kind") not in KINDS:
            errs.append(f"actor {a.get('name')!r}: kind {a.get('kind')!r}")
        if not isinstance(a.get("aliases"), list):
            errs.append(f"actor {a.get('name')!r}: aliases must be a list")
    for loc in g.get("locations", []):
        if not isinstance(loc.get("aliases"), list):
            errs.append(f"location {loc.get('name')!r}: aliases must be a list")
    for field, key, vocab in (("casualties", "kind", CAS_KINDS), ("displacement", "unit", UNITS)):
        for item in g.get(field, []):
            if item.get(key) not in vocab:
                errs.append(f"{field}: {key} {item.get(key)!r}")
            if not isinstance(item.get("low"), int):
                errs.append(f"{field}: low must be an int: {item}")
            if item.get("high") is not None and item["high"] < item["low"]:
                errs.append(f"{field}: high < low: {item}")
    for field in ("casualties", "displacement", "claims"):
        for item in g.get(field, []):
            ev = item.get("evidence")
            if not ev or ev not in text:
                errs.append(f"{field}: evidence not verbatim in the text: {ev!r}")
    for c in g.get("claims", []):
        if not c.get("claimant") or not c.get("about") or not isinstance(c.get("disputed"), bool):
            errs.append(f"claim needs claimant, about[], disputed bool: {c}")
    return errs


MANIFEST = HERE / "MANIFEST.sha256"


def manifest_lines() -> list[str]:
    """sha256 of every article and gold file: the corpus is frozen, a change to it is deliberate."""
    import hashlib

    files = sorted([*(HERE / "articles").glob("*.txt"), *(HERE / "gold").glob("*.json"), HERE / "seeds_gold.json"])
    return [f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.relative_to(HERE).as_posix()}" for f in files]


def main(argv: list[str]) -> int:
    if argv == ["--write-manifest"]:
        MANIFEST.write_text("\n".join(manifest_lines()) + "\n", encoding="utf-8")
        print(f"wrote {MANIFEST}")
        return 0
    slugs = argv or sorted(p.stem for p in (HERE / "gold").glob("*.json"))
    bad = 0
    for slug in slugs:
        errs = check(slug)
        for e in errs:
            print(f"{slug}: {e}")
        bad += bool(errs)
    print(f"{len(slugs)} checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
