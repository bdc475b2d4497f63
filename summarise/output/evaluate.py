"""Score predicted briefs against a `newsbrief-gold/1` file.

The rules are those of the gold README (shared/gold/README.md); they are
written down there so that prompt changes are judged by a fixed yardstick.
Everything here is deterministic and works on any gold file in that format.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.table import Table

from summarise.errors import GoldError

GOLD_FORMAT = "newsbrief-gold/1"
FIELDS = ("actors", "locations", "casualties", "displacement", "claims")


def _ratio(num: int, den: int) -> float | None:
    # A ratio over nothing is unknown, not 0 or 1: inventing a value would
    # reward (or punish) a brief for a field the article never had.
    return num / den if den else None


@dataclass
class Score:
    """Counts, not ratios, so that articles and fields add up to micro averages."""

    predicted: int = 0
    precision_hits: int = 0  # predicted items that were right (incl. optional names)
    gold: int = 0
    recall_hits: int = 0  # gold items found; differs from precision_hits via optionals

    @property
    def precision(self) -> float | None:
        return _ratio(self.precision_hits, self.predicted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.recall_hits, self.gold)

    @property
    def f1(self) -> float | None:
        """None only when F1 is truly unknown: a known 0 on either side fixes it at 0."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            # 2PR/(P+R) is 0 whatever the unknown side is when the known side is 0
            # (e.g. a missing brief: nothing predicted, recall 0).
            return 0.0 if 0.0 in (p, r) else None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(astuple(self), astuple(other))))

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class ArticleScore:
    """Kept per field so a prompt change can be traced to the field it moved."""

    article: str
    fields: dict[str, Score]

    @property
    def overall(self) -> Score:
        """Micro average: every item weighs the same, whatever its field."""
        return sum(self.fields.values(), Score())


@dataclass
class EvalReport:
    """Lists what was not scored, so a 1.0 cannot hide articles left out."""

    articles: list[ArticleScore]
    missing: list[str] = field(default_factory=list)  # gold articles without a brief
    unscored: list[str] = field(default_factory=list)  # briefs without a gold article
    skipped: list[str] = field(default_factory=list)  # JSON files that are not BriefRecords

    @property
    def totals(self) -> dict[str, Score]:
        """Summed counts (not averaged ratios), so big articles weigh more."""
        out = {f: sum((a.fields[f] for a in self.articles), Score()) for f in FIELDS}
        out["overall"] = sum((out[f] for f in FIELDS), Score())
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": {k: s.to_dict() for k, s in self.totals.items()},
            "articles": [
                {"article": a.article, "overall": a.overall.to_dict(),
                 "fields": {f: s.to_dict() for f, s in a.fields.items()}}
                for a in self.articles
            ],
            "missing": self.missing, "unscored": self.unscored, "skipped": self.skipped,
        }


# --- names --------------------------------------------------------------------

def normalise(name: str) -> str:
    """Fold away the spelling noise (case, accents, quote styles) models add freely."""
    text = unicodedata.normalize("NFKD", name.casefold())
    # Punctuation becomes a space so "Mazar-i-Sharif" keeps its word breaks.
    chars = (" " if unicodedata.category(c).startswith("P") else c for c in text if not unicodedata.combining(c))
    return " ".join("".join(chars).split())


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    # Token windows rather than substrings, so "Kab" never matches "Kabul".
    n = len(inner)
    return any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def names_match(predicted: object, gold_names: Sequence[str]) -> bool:
    """Equality is the one-word case of containment, so one test covers both."""
    if not isinstance(predicted, str):
        return False
    pred = tuple(normalise(predicted).split())
    golds = (tuple(normalise(g).split()) for g in gold_names)
    # Empty names are skipped: an empty sequence is "contained" in everything.
    return bool(pred) and any(g and (_contains(g, pred) or _contains(pred, g)) for g in golds)


# --- one-to-one matching --------------------------------------------------------

def _matched_predictions(
    preds: Sequence[Any], golds: Sequence[Any], fits: Callable[[Any, Any], bool],
    order: Sequence[int] | None = None,
) -> set[int]:
    """Indices of predictions in a maximum one-to-one matching (augmenting paths).

    Greedy first-come pairing undercounts when an early prediction takes a gold
    item a later one needed; augmenting paths re-pair to find the maximum.
    Predictions are tried in `order`, and the set of tried-first predictions
    that end matched is as large as possible (the matched sets form a matroid).
    """
    edges = [[j for j, g in enumerate(golds) if fits(p, g)] for p in preds]
    owner: dict[int, int] = {}  # gold index -> prediction index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in order if order is not None else range(len(preds)):
        augment(i, set())
    return set(owner.values())


def _get(item: Any, *keys: str) -> Any:
    """Tolerate malformed items: they count as predicted but can never match."""
    for key in keys:
        item = item.get(key) if isinstance(item, dict) else None
    return item


def _names(item: dict[str, Any]) -> list[str]:
    return [item.get("name") or ""] + list(item.get("aliases") or [])


def _score_names(preds: list[Any], golds: list[dict], optional: list[str]) -> Score:
    is_optional = [names_match(_get(p, "name"), optional) for p in preds]
    # Optional-name predictions score for precision anyway, so try the others
    # first: the matching then spends gold items where they add precision.
    order = sorted(range(len(preds)), key=lambda i: is_optional[i])
    matched = _matched_predictions(
        preds, golds, lambda p, g: names_match(_get(p, "name"), _names(g)), order
    )
    hits = sum(1 for i in range(len(preds)) if i in matched or is_optional[i])
    return Score(len(preds), hits, len(golds), len(matched))


def _figure_fits(key: str) -> Callable[[Any, dict], bool]:
    def fits(pred: Any, gold: dict) -> bool:
        low = _get(pred, "figure", "low")
        if not isinstance(low, int) or isinstance(low, bool) or _get(pred, key) != gold.get(key):
            return False
        floor, high = gold.get("low"), gold.get("high")
        return isinstance(floor, int) and floor <= low and (high is None or low <= high)
    return fits


def _claimant_names(claimant: str, actors: list[dict]) -> list[str]:
    """A gold claim names its actor one way; the brief may use any of its aliases."""
    key = normalise(claimant)
    names = [claimant]
    for actor in actors:
        if key in {normalise(n) for n in _names(actor)}:
            names += _names(actor)
    return names


def _claim_fits(actors: list[dict]) -> Callable[[Any, dict], bool]:
    def fits(pred: Any, gold: dict) -> bool:
        if not names_match(_get(pred, "claimant"), _claimant_names(gold.get("claimant") or "", actors)):
            return False
        text = f"{_get(pred, 'statement') or ''} {_get(pred, 'evidence') or ''}".casefold()
        return any(k.casefold() in text for k in gold.get("about") or [])
    return fits


def _plain(preds: list[Any], golds: list[dict], fits: Callable[[Any, dict], bool]) -> Score:
    # No optional items here, so precision and recall share the same hits.
    hits = len(_matched_predictions(preds, golds, fits))
    return Score(len(preds), hits, len(golds), hits)


def score_article(gold_article: dict, brief: dict, article: str = "") -> ArticleScore:
    """Score one brief; an empty brief ({}) scores a missing article as all missed."""
    def lst(source: dict, key: str) -> list[Any]:
        value = source.get(key)
        return value if isinstance(value, list) else []

    g, b = gold_article, brief
    return ArticleScore(article, {
        "actors": _score_names(lst(b, "actors"), lst(g, "actors"), lst(g, "optional_actors")),
        "locations": _score_names(lst(b, "locations"), lst(g, "locations"), lst(g, "optional_locations")),
        "casualties": _plain(lst(b, "casualties"), lst(g, "casualties"), _figure_fits("kind")),
        "displacement": _plain(lst(b, "displacement"), lst(g, "displacement"), _figure_fits("unit")),
        "claims": _plain(lst(b, "claims"), lst(g, "claims"), _claim_fits(lst(g, "actors"))),
    })


# --- files ----------------------------------------------------------------------

def load_gold(path: Path) -> dict:
    """Fail early with one line: a wrong gold file silently scores everything 0."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # ValueError covers bad UTF-8 and bad JSON
        raise GoldError(f"cannot read gold file {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != GOLD_FORMAT:
        raise GoldError(f"gold file {path} is not in format {GOLD_FORMAT!r}")
    articles = data.get("articles")
    if not isinstance(articles, dict) or not all(isinstance(a, dict) for a in articles.values()):
        raise GoldError(f"gold file {path} needs an 'articles' object of objects")
    for stem, article in articles.items():
        for key in FIELDS:  # items are read with .get(), so each must be an object
            items = article.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise GoldError(f"gold file {path}: {stem}.{key} must be a list of objects")
    return data


def _read_records(folder: Path) -> tuple[dict[str, dict], list[str]]:
    """Briefs by article stem, plus the names of JSON files that are not records."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"briefs folder {folder} does not exist")
    briefs: dict[str, dict] = {}
    skipped: list[str] = []
    for file in sorted(folder.glob("*.json")):
        try:
            record = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            skipped.append(f"{file.name} (not readable JSON)")
            continue
        brief = _get(record, "brief")
        stem = _get(record, "article", "stem") or Path(_get(record, "article", "source") or "").stem
        if not isinstance(brief, dict):  # e.g. a batch summary file
            skipped.append(f"{file.name} (no brief)")
        elif not stem:
            skipped.append(f"{file.name} (no article stem or source)")
        elif stem in briefs:  # which one to score would be a guess
            raise GoldError(f"two briefs in {folder} for article {stem}")
        else:
            briefs[stem] = brief
    if not briefs:
        raise GoldError(f"no brief records in {folder}")
    return briefs, skipped


def load_briefs(folder: Path) -> dict[str, dict]:
    """Stem -> brief; other JSON files (batch summaries) are ignored."""
    return _read_records(folder)[0]


def evaluate(gold_path: Path, briefs_dir: Path) -> EvalReport:
    """Missing briefs score 0 recall rather than vanish, or skipping articles would pay."""
    gold = load_gold(gold_path)["articles"]
    briefs, skipped = _read_records(briefs_dir)
    return EvalReport(
        articles=[score_article(g, briefs.get(stem, {}), stem) for stem, g in gold.items()],
        missing=sorted(s for s in gold if s not in briefs),
        unscored=sorted(s for s in briefs if s not in gold),
        skipped=skipped,
    )


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render_table(report: EvalReport) -> Group:
    """Two tables in a rich Group: per article (overall P/R/F1, per-field F1), then per field."""
    by_article = Table(title="Per article (F1 per field)")
    for col in ("article", "P", "R", "F1", *FIELDS):
        by_article.add_column(col, justify="left" if col == "article" else "right")
    totals = report.totals
    rows = [(a.article + (" (missing)" if a.article in report.missing else ""), a.overall, a.fields)
            for a in report.articles]
    for i, (name, overall, fields) in enumerate([*rows, ("TOTAL", totals["overall"], totals)]):
        by_article.add_row(
            name, _fmt(overall.precision), _fmt(overall.recall), _fmt(overall.f1),
            *(_fmt(fields[f].f1) for f in FIELDS), end_section=(i == len(rows) - 1),
        )
    by_field = Table(title="Per field, whole set")
    for col in ("field", "P", "R", "F1", "predicted", "gold"):
        by_field.add_column(col, justify="left" if col == "field" else "right")
    for name in (*FIELDS, "overall"):
        s = totals[name]
        by_field.add_row(name, _fmt(s.precision), _fmt(s.recall), _fmt(s.f1), str(s.predicted),
                         str(s.gold), end_section=(name == FIELDS[-1]))
    return Group(by_article, by_field)
