"""The quality gate: every set's overall F1 and every field's F1 stay within 0.03 of the checked-in floors.

Floors live in tests/quality_floors.json and are raised (never silently
lowered) with `make floors` when a change raises a score. The briefs are
rebuilt by today's code with the model's answers replayed from the
recordings, so a missing recording fails here too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_sets import SETS, run_set

FLOORS = Path(__file__).resolve().parent / "quality_floors.json"
SLACK = 0.03


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SETS)
def test_set_scores_hold_their_floors(name: str, floors: dict) -> None:
    result = run_set(name)
    assert result.ungrounded_figures == 0
    scores = result.f1()
    drops = {field: (round(scores[field] or 0.0, 3), floor) for field, floor in floors[name].items()
             if (scores[field] or 0.0) < floor - SLACK}
    assert not drops, f"{name}: F1 fell more than {SLACK} below its floor (score, floor): {drops}"
