"""Scoring rules of shared/gold/README.md, on hand-made briefs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from summarise.errors import GoldError
from summarise.output.evaluate import (
    FIELDS,
    ArticleScore,
    EvalReport,
    Score,
    evaluate,
    load_briefs,
    load_gold,
    names_match,
    normalise,
    render_table,
    score_article,
)

SEEDS_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.json"


def actor(name: str, aliases: list[str] | None = None) -> dict:
    return {"name": name, "aliases": aliases or [], "kind": "armed_group"}


def figure(low: int, high: int | None = None) -> dict:
    return {"text": str(low), "low": low, "high": high, "qualifier": "exact"}


def claim(claimant: str, statement: str, evidence: str = "") -> dict:
    return {"claimant": claimant, "statement": statement, "evidence": evidence, "status": "asserted"}


def record(stem: str, brief: dict, source: str | None = None) -> dict:
    return {
        "record_version": 1,
        "article": {"id": "x", "source": source or f"seeds/{stem}.txt", "stem": stem, "published": None},
        "brief": {"headline": "h", "summary": "s", "rejected": [], "notes": [], **brief},
    }


def write(folder: Path, name: str, data: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


def write_gold(path: Path, articles: dict) -> Path:
    path.write_text(json.dumps({"format": "newsbrief-gold/1", "articles": articles}), encoding="utf-8")
    return path


# --- names ---------------------------------------------------------------------


def test_normalise_folds_case_diacritics_and_curly_punctuation() -> None:
    assert normalise("  Kūnduz ") == "kunduz"
    assert normalise("Mazār-i-Sharīf") == "mazar i sharif"
    assert normalise("“Taliban’s”   SPOKESMAN") == "taliban s spokesman"
    assert normalise("Jaishankar") == normalise("JAISHANKAR")


def test_whole_word_containment_either_way() -> None:
    assert names_match("Ministry", ["Afghan Ministry of Interior"])
    assert names_match("the Afghan Ministry of Interior", ["Ministry of Interior"])
    assert names_match("Kabul", ["Kabul airport"])
    assert not names_match("Kab", ["Kabul"])  # no partial words
    assert not names_match("Kabul", ["Kabulov"])
    assert not names_match("", ["Kabul"])  # empty names never match everything


def test_reordered_words_do_not_match() -> None:
    # The README's own example says "Interior Ministry" matches the alias of
    # "Afghan Ministry of Interior", but its stated rule (a contiguous
    # whole-word sequence) does not allow reordering, so it does not match.
    assert not names_match("Interior Ministry", ["Afghan Ministry of Interior", "Ministry of Interior"])
    assert names_match("Interior Ministry", ["Afghan Interior Ministry"])


def test_alias_match_and_diacritics_in_brief() -> None:
    gold = {"actors": [actor("Shahabuddin Delawar", ["Delawar"])]}
    s = score_article(gold, {"actors": [{"name": "Delāwar"}]}).fields["actors"]
    assert (s.precision, s.recall) == (1.0, 1.0)


def test_brief_aliases_are_not_used() -> None:
    gold = {"actors": [actor("Taliban")]}
    s = score_article(gold, {"actors": [{"name": "insurgents", "aliases": ["Taliban"]}]}).fields["actors"]
    assert (s.precision_hits, s.recall_hits) == (0, 0)


# --- one-to-one matching ---------------------------------------------------------


def test_each_gold_item_matches_once() -> None:
    gold = {"actors": [actor("Taliban")]}
    s = score_article(gold, {"actors": [{"name": "Taliban"}, {"name": "the Taliban"}]}).fields["actors"]
    assert s == Score(predicted=2, precision_hits=1, gold=1, recall_hits=1)
    assert s.precision == 0.5 and s.recall == 1.0


def test_matching_is_maximum_not_greedy() -> None:
    # "Kabul" fits both gold items; first-come pairing gives it "Kabul city"
    # and leaves the prediction "Kabul city" without a partner. Augmenting
    # paths move "Kabul" to "Kabul airport" so both gold items are found.
    gold = {"locations": [{"name": "Kabul city", "aliases": []}, {"name": "Kabul airport", "aliases": []}]}
    brief = {"locations": [{"name": "Kabul"}, {"name": "Kabul city"}]}
    s = score_article(gold, brief).fields["locations"]
    assert (s.recall_hits, s.precision_hits) == (2, 2)


def test_optional_names_count_for_precision_only() -> None:
    gold = {"actors": [actor("Taliban")], "optional_actors": ["AFP", "Reuters"]}
    s = score_article(gold, {"actors": [{"name": "AFP"}, {"name": "BBC"}]}).fields["actors"]
    assert s == Score(predicted=2, precision_hits=1, gold=1, recall_hits=0)
    assert s.recall == 0.0 and s.f1 == 0.0


def test_optional_predictions_leave_gold_to_others() -> None:
    # Both predictions fit the one gold item; only "Russia" also fits an
    # optional name, so giving the gold item to "Russian government" scores both.
    gold = {"actors": [actor("Russia", ["Russian government"])], "optional_actors": ["Russia"]}
    brief = {"actors": [{"name": "Russia"}, {"name": "Russian government"}]}
    s = score_article(gold, brief).fields["actors"]
    assert (s.precision_hits, s.recall_hits) == (2, 1)


# --- figures -------------------------------------------------------------------


def test_casualty_range_and_open_ceiling() -> None:
    gold = {"casualties": [{"kind": "killed", "low": 7, "high": None}, {"kind": "wounded", "low": 4, "high": 6}]}

    def hits(kind: str, low: int) -> int:
        brief = {"casualties": [{"kind": kind, "figure": figure(low)}]}
        return score_article(gold, brief).fields["casualties"].recall_hits

    assert hits("killed", 7) == 1 and hits("killed", 700) == 1  # null high = no ceiling
    assert hits("killed", 6) == 0
    assert hits("wounded", 4) == 1 and hits("wounded", 6) == 1 and hits("wounded", 7) == 0
    assert hits("wounded", 8) == 0 and hits("missing", 7) == 0  # kind must agree


def test_casualty_uses_predicted_low_even_with_high() -> None:
    gold = {"casualties": [{"kind": "killed", "low": 10, "high": 12}]}
    brief = {"casualties": [{"kind": "killed", "figure": figure(9, 11)}]}
    assert score_article(gold, brief).fields["casualties"].recall_hits == 0


def test_displacement_unit_must_match() -> None:
    gold = {"displacement": [{"unit": "families", "low": 5600, "high": None}]}
    wrong = {"displacement": [{"unit": "people", "figure": figure(5600)}]}
    right = {"displacement": [{"unit": "families", "figure": figure(5600)}]}
    assert score_article(gold, wrong).fields["displacement"].recall_hits == 0
    assert score_article(gold, right).fields["displacement"] == Score(1, 1, 1, 1)


# --- claims --------------------------------------------------------------------

CLAIM_GOLD = {
    "actors": [actor("Taliban", ["Mujahideen"])],
    "claims": [{"claimant": "Taliban", "about": ["85%", "territory"], "disputed": True}],
}


@pytest.mark.parametrize(
    ("pred", "hit"),
    [
        (claim("Taliban", "They control 85% of the country"), True),
        (claim("Mujahideen", "They hold most TERRITORY"), True),  # gold actor alias, any case
        (claim("Taliban spokesman", "x", "controlled the territory"), True),  # keyword in evidence
        (claim("Taliban", "They control most of the country"), False),  # no keyword
        (claim("Afghan government", "Taliban control 85%"), False),  # wrong claimant
    ],
)
def test_claim_needs_claimant_and_keyword(pred: dict, hit: bool) -> None:
    s = score_article(CLAIM_GOLD, {"claims": [pred]}).fields["claims"]
    assert s.recall_hits == s.precision_hits == int(hit)


def test_claim_matches_once() -> None:
    brief = {"claims": [claim("Taliban", "85%"), claim("Taliban", "territory")]}
    assert score_article(CLAIM_GOLD, brief).fields["claims"] == Score(2, 1, 1, 1)


# --- ratios and totals --------------------------------------------------------------


def test_empty_denominators_are_null() -> None:
    assert Score().precision is None and Score().recall is None and Score().f1 is None
    nothing_found = Score(predicted=0, precision_hits=0, gold=3, recall_hits=0)
    assert nothing_found.precision is None and nothing_found.f1 == 0.0  # recall 0 fixes F1
    only_optional = Score(predicted=2, precision_hits=2, gold=0, recall_hits=0)
    assert only_optional.recall is None and only_optional.f1 is None


def test_totals_are_micro_averaged_from_counts() -> None:
    a = ArticleScore("a", {f: Score() for f in FIELDS} | {"actors": Score(1, 1, 1, 1)})
    b = ArticleScore("b", {f: Score() for f in FIELDS} | {"actors": Score(3, 0, 9, 0), "claims": Score(0, 0, 2, 0)})
    totals = EvalReport([a, b]).totals
    assert totals["actors"] == Score(4, 1, 10, 1)
    assert totals["overall"] == Score(4, 1, 12, 1)
    assert totals["overall"].precision == 0.25 and totals["overall"].recall == pytest.approx(1 / 12)
    p, r = 0.25, 1 / 12
    assert totals["overall"].f1 == pytest.approx(2 * p * r / (p + r))  # not the mean of article F1s
    assert totals["casualties"].precision is None


# --- files ---------------------------------------------------------------------


def test_missing_and_unscored_articles(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.json", {
        "a1": {"actors": [actor("Taliban")], "claims": []},
        "a2": {"actors": [actor("Taliban"), actor("NATO")]},
    })
    briefs = tmp_path / "briefs"
    write(briefs, "a1.json", record("a1", {"actors": [{"name": "Taliban"}]}))
    write(briefs, "x.json", record("", {"actors": []}, source="other/zz9.txt"))  # stem from source
    write(briefs, "batch_summary.json", {"ok": 2, "failed": 0})
    report = evaluate(gold, briefs)
    assert report.missing == ["a2"]
    assert report.unscored == ["zz9"]
    assert report.skipped == ["batch_summary.json (no brief)"]
    assert report.totals["actors"] == Score(1, 1, 3, 1)  # a2's gold counts as missed
    data = json.loads(json.dumps(report.to_dict()))
    assert data["totals"]["casualties"]["precision"] is None
    assert data["articles"][1]["overall"]["recall"] == 0.0
    text = _render(report)
    assert "TOTAL" in text and "a2 (missing)" in text and "–" in text


def test_bad_gold_files(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="cannot read"):
        load_gold(tmp_path / "nope.json")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(GoldError, match="cannot read"):
        load_gold(tmp_path / "bad.json")
    (tmp_path / "v2.json").write_text(json.dumps({"format": "newsbrief-gold/2", "articles": {}}))
    with pytest.raises(GoldError, match="format"):
        load_gold(tmp_path / "v2.json")
    write_gold(tmp_path / "items.json", {"a": {"actors": ["Taliban"]}})
    with pytest.raises(GoldError, match=r"a\.actors"):
        load_gold(tmp_path / "items.json")


def test_bad_brief_folders(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="does not exist"):
        load_briefs(tmp_path / "absent")
    write(tmp_path / "only_summary", "summary.json", {"ok": 1})
    with pytest.raises(GoldError, match="no brief records"):
        load_briefs(tmp_path / "only_summary")
    write(tmp_path / "dupes", "one.json", record("a1", {}))
    write(tmp_path / "dupes", "two.json", record("a1", {}))
    with pytest.raises(GoldError, match="two briefs"):
        load_briefs(tmp_path / "dupes")


def _render(report: EvalReport) -> str:
    console = Console(width=200, record=True)
    console.print(render_table(report))
    return console.export_text()


# --- end to end -------------------------------------------------------------------


def _brief_from_gold(article: dict) -> dict:
    """A brief that states exactly what the gold says, in the brief's shapes."""
    return {
        "actors": [{"name": g["name"], "kind": g.get("kind", "other"), "aliases": []} for g in article["actors"]],
        "locations": [{"name": g["name"], "kind": "city", "aliases": []} for g in article["locations"]],
        "casualties": [{"kind": g["kind"], "figure": figure(g["low"], g["high"])} for g in article["casualties"]],
        "displacement": [{"unit": g["unit"], "figure": figure(g["low"], g["high"])} for g in article["displacement"]],
        "claims": [claim(g["claimant"], g["about"][0], g.get("evidence", "")) for g in article["claims"]],
    }


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason="shared gold file not present")
def test_gold_built_briefs_score_perfectly(tmp_path: Path) -> None:
    gold = load_gold(SEEDS_GOLD)["articles"]
    for stem, article in gold.items():
        write(tmp_path, f"{stem}.json", record(stem, _brief_from_gold(article)))
    write(tmp_path, "batch.json", {"articles": len(gold)})
    report = evaluate(SEEDS_GOLD, tmp_path)
    assert report.missing == [] and report.unscored == [] and len(report.articles) == len(gold)
    overall = report.totals["overall"]
    assert overall.gold > 0
    assert (overall.precision, overall.recall, overall.f1) == (1.0, 1.0, 1.0)
    for a in report.articles:
        assert a.overall.precision == a.overall.recall == 1.0, a.article
    assert "1.00" in _render(report)
