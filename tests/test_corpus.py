"""The development corpus itself: real articles, verbatim gold, a fixed split, many conflicts."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
sys.path.insert(0, str(CORPUS))

import check_gold  # noqa: E402

SLUGS = sorted(p.stem for p in (CORPUS / "gold").glob("*.json"))


def _meta(slug: str) -> dict:
    return json.loads((CORPUS / "gold" / f"{slug}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("slug", SLUGS)
def test_gold_is_well_formed_and_every_evidence_is_verbatim(slug: str) -> None:
    assert check_gold.check(slug) == []


def test_corpus_is_frozen_by_its_manifest() -> None:
    """Deleting or editing a gold item or an article fails here; update with check_gold.py --write-manifest."""
    assert check_gold.MANIFEST.read_text(encoding="utf-8").splitlines() == check_gold.manifest_lines()


def test_size_conflicts_and_sources() -> None:
    metas = [_meta(s) for s in SLUGS]
    assert len(metas) >= 36
    conflicts = Counter(m["conflict"] for m in metas)
    assert len([c for c in conflicts if c != "afghanistan"]) >= 10 and conflicts["afghanistan"] >= 6
    assert all(m["url"].startswith("http") for m in metas)
    assert len({m["url"] for m in metas}) == len(metas)


def test_split_is_about_two_thirds_dev_and_each_conflict_is_in_both_parts() -> None:
    metas = [_meta(s) for s in SLUGS]
    dev = sum(m["split"] == "dev" for m in metas)
    assert 0.6 <= dev / len(metas) <= 0.75
    for conflict in {m["conflict"] for m in metas}:
        parts = {m["split"] for m in metas if m["conflict"] == conflict}
        assert parts == {"dev", "test"}, conflict
