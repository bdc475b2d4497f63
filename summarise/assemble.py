"""Turning model drafts and rule findings into grounded brief items.

The model only names things and points at sentences; this module checks each
name and quote against the article, de-duplicates spellings, resolves who is
who, and builds casualty and displacement items from the cue rules. Anything
that cannot be located goes to `rejected` with the reason.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from .grounding import locate, normalise_name
from .names import known_kind, split_title, tidy_place
from .rules import label_figures
from .schema import (
    Actor, ActorDraft, Casualty, Claim, ClaimDraft, Displacement, Location, LocationDraft, Rejected,
)

# Words that only say what kind of place a name is: "Kandahar" and
# "Kandahar Province" are one place.
_PLACE_WORDS = {"province", "district", "city", "town", "village", "region", "valley", "county",
                "state", "capital", "the", "of", "area", "governorate"}
_DENIAL = re.compile(r"\b(denied|denies|deny|rejected|rejects|dismissed|refuted|propaganda|"
                     r"untrue|false|baseless|disputed|contradicted)\b", re.IGNORECASE)
# A claim must be attributed: its sentence has a speech verb or a quotation.
_CLAIM_CUE = re.compile(r"\b(said|says|say|told|tell|according|report\w*|claim\w*|announc\w*|stat(ed|es|ement)|"
                        r"den(ied|y|ies)|add(ed|s)|warn\w*|urg\w*|call\w*|tweet\w*|accus\w*|blam\w*|insist\w*|"
                        r"confirm\w*|argu\w*|express\w*|assur\w*|vow\w*|pledg\w*|promis\w*|reject\w*|"
                        r"dismiss\w*|quot\w*|cit\w*|describ\w*|believ\w*|hope\w*)\b|[\"“”]", re.IGNORECASE)

Entity = TypeVar("Entity", Actor, Location)

# Grounding failures a second answer can fix (a misspelt name, a misquote),
# and so worth one re-ask; other rejections are final.
NOT_FOUND = "name not found in the article"
QUOTE_NOT_FOUND = "quote not in the article"
CLAIMANT_NOT_FOUND = "claimant not named in the article"
REASKABLE = (NOT_FOUND, QUOTE_NOT_FOUND, CLAIMANT_NOT_FOUND)


@dataclass(frozen=True)
class Sentences:
    """The article's sentences as spans, numbered from 1 in the prompt."""

    text: str
    spans: Sequence[tuple[int, int]]

    def numbered(self) -> str:
        return "\n".join(f"[{i}] {self.text[a:b]}" for i, (a, b) in enumerate(self.spans, 1))

    def get(self, number: int) -> tuple[int, int] | None:
        return self.spans[number - 1] if 1 <= number <= len(self.spans) else None

    def containing(self, position: int) -> tuple[int, int]:
        for a, b in self.spans:
            if a <= position < b:
                return a, b
        return position, position

    def quote(self, span: tuple[int, int]) -> str:
        return self.text[span[0]:span[1]]


# --- names ------------------------------------------------------------------


def _tokens(name: str) -> list[str]:
    return normalise_name(name).split()


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def names_match(a: str, b: str) -> bool:
    """Same entity by name: equal, or one a whole-word run inside the other."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    return ta == tb or _contains(ta, tb) or _contains(tb, ta)


def same_entity(a: Actor | Location, b: Actor | Location) -> bool:
    ta, tb = _tokens(a.name), _tokens(b.name)
    if ta == tb:
        return True
    longer, shorter = (ta, tb) if len(ta) >= len(tb) else (tb, ta)
    if _contains(longer, shorter):
        extra = [t for t in longer if t not in shorter]
        if a.kind == b.kind or all(t in _PLACE_WORDS for t in extra):
            return True
        # A pattern-found name has kind "other": it is the same person when it is the
        # other's tail ("Muttaqi" of "Amir Khan Muttaqi"), never its head ("United States ... Joe Biden"),
        # and a country is never a person's or a front's tail ("... Front of Afghanistan").
        if "other" in (a.kind, b.kind) and {a.kind, b.kind} <= {"other", "person"} and longer[-len(shorter):] == shorter:
            return True
    if a.kind == b.kind == "person" and ta and tb:
        # Transliterations: Muttaqi / Motaqi, Zabihullah / Zabiullah.
        surname = difflib.SequenceMatcher(None, ta[-1], tb[-1]).ratio()
        return surname >= 0.75 and (len(ta) == 1 or len(tb) == 1 or ta[0][0] == tb[0][0])
    return False


def dedupe(items: list[Entity]) -> list[Entity]:
    """Merge spellings of one entity; the longest name wins, others become aliases."""
    merged: list[Entity] = []
    for item in items:
        for i, kept in enumerate(merged):
            if same_entity(kept, item):
                main, other = (kept, item) if len(kept.name) >= len(item.name) else (item, kept)
                aliases = {*main.aliases, *other.aliases, other.name} - {main.name}
                missing = {k: v for k, v in other.model_dump().items()  # role, parent...: keep what either knew
                           if k in ("role", "affiliation", "parent", "country") and getattr(main, k) is None}
                if main.kind == "other":
                    missing["kind"] = other.kind
                merged[i] = main.model_copy(update={"aliases": sorted(aliases), **missing})
                break
        else:
            merged.append(item)
    return merged


def _ground_name(name: str, sentences: Sentences, person: bool = True) -> tuple[str, tuple[int, int], str] | None:
    """The name as the article spells it, the sentence it is in, and the match kind.

    Models prepend titles the article puts elsewhere ("Afghan security forces
    spokesman Tareq Arian"), so for people, when the whole name is not found,
    its tail is tried, word by word, down to one capitalised word. Other names
    are never cut ("Kabul University" must not become "University").
    """
    words = name.split()
    for drop in range(len(words) if person else 1):
        tail = words[drop:]
        if drop and (not tail[0][:1].isupper() or (len(tail) == 1 and len(tail[0]) < 4)):
            continue
        found = locate(" ".join(tail), sentences.text, threshold=0.8, words=True)
        if found is not None:
            written = sentences.text[found.start:found.end]
            return written, sentences.containing(found.start), found.kind
    return None


def ground_actors(drafts: list[ActorDraft], sentences: Sentences) -> tuple[list[Actor], list[Rejected]]:
    actors, rejected = [], []
    for d in drafts:
        hit = _ground_name(d.name, sentences, person=d.kind == "person")
        if hit is None:
            rejected.append(Rejected(field="actors", item=d.model_dump(), reason=NOT_FOUND))
            continue
        name, span, kind = hit
        title, bare = split_title(name)  # "Interior Ministry spokesman Tareq Arian": the title is a role
        if title and d.kind in ("person", "other"):
            name = bare
        actors.append(Actor(name=name, kind=known_kind(name) or d.kind, affiliation=getattr(d, "affiliation", None),
                            role=d.role or title,
                            evidence=sentences.quote(span), span=span, match=kind))
    return dedupe(actors), rejected


def ground_locations(drafts: list[LocationDraft], sentences: Sentences) -> tuple[list[Location], list[Rejected]]:
    locations, rejected = [], []
    for d in drafts:
        hit = _ground_name(d.name, sentences, person=False)
        if hit is None:
            rejected.append(Rejected(field="locations", item=d.model_dump(), reason=NOT_FOUND))
            continue
        name, span, kind = hit
        name, stated_parent = tidy_place(name)
        parent = None
        if (d.parent or stated_parent) and not names_match(d.parent or stated_parent, name):
            parent_hit = _ground_name(d.parent or stated_parent, sentences, person=False)  # type: ignore[arg-type]
            parent = parent_hit[0] if parent_hit else None
        locations.append(Location(name=name, kind=d.kind, parent=parent,
                                  evidence=sentences.quote(span), span=span, match=kind))
    locations = dedupe(locations)
    by_name = {normalise_name(loc.name): loc for loc in locations}
    for i, loc in enumerate(locations):  # country: walk up the parents the text gives
        seen, node = set(), loc
        while node.parent and normalise_name(node.parent) in by_name and node.name not in seen:
            seen.add(node.name)
            node = by_name[normalise_name(node.parent)]
        if node.kind == "country" and node is not loc:
            locations[i] = loc.model_copy(update={"country": node.name})
    return locations, rejected


def resolve(name: str | None, actors: list[Actor]) -> Actor | None:
    if not name:
        return None
    for actor in actors:
        if any(names_match(name, n) for n in (actor.name, *actor.aliases)):
            return actor
    return None


def ground_claims(drafts: list[ClaimDraft], sentences: Sentences, actors: list[Actor],
                  notes: list[str]) -> tuple[list[Claim], list[Rejected]]:
    """Claims grounded on their sentence, claimant resolved to an actor, denials checked.

    The model only says who claims and where; the evidence is the sentence
    itself and the statement its reported words, so nothing can be misquoted.
    Where the sentence names a speaker other than the model's claimant, the
    sentence wins and the brief notes the change.
    """
    claims: list[Claim] = []
    rejected: list[Rejected] = []
    media = [a for a in actors if a.kind == "media"]
    for d in drafts:
        span = sentences.get(d.sentence)
        if span is None:
            rejected.append(Rejected(field="claims", item=d.model_dump(),
                                     reason=f"{QUOTE_NOT_FOUND}: there is no sentence [{d.sentence}]"))
            continue
        text = sentences.quote(span)
        if not _CLAIM_CUE.search(text):
            rejected.append(Rejected(field="claims", item=d.model_dump(),
                                     reason="its sentence attributes nothing to anyone"))
            continue
        claimant = resolve(d.claimant, actors)
        written = _ground_name(d.claimant, sentences) if claimant is None else None
        if claimant is None and written is not None:
            claimant = resolve(written[0], actors)
        speaker = speaker_in(text, actors)
        if speaker is not None and (claimant is None or claimant is not speaker):
            if claimant is not None or written is not None:
                notes.append(f"claim in sentence [{d.sentence}]: model named {d.claimant!r}, "
                             f"the sentence's speaker is {speaker.name!r}")
            claimant, written = speaker, None
        if claimant is None and written is None:
            rejected.append(Rejected(field="claims", item=d.model_dump(), reason=CLAIMANT_NOT_FOUND))
            continue
        name = claimant.name if claimant else written[0]  # type: ignore[index]
        if any(c.span == span and names_match(c.claimant, name) for c in claims):
            continue  # the same claim again
        disputer = resolve(d.disputed_by, actors)
        status = d.status
        if disputer is None and status in ("denied", "disputed"):
            disputer = _other_actor_in(text, actors, claimant)
        if status == "asserted" and (cue := _DENIAL.search(text)):
            status = "disputed"
            disputer = disputer or _other_actor_in(text, actors, claimant)
            notes.append(f"claim in sentence [{d.sentence}]: model said asserted, rule marked disputed "
                         f"(cue '{cue.group(0)}')")
        via = next((m.name for m in media if m is not claimant and m.name in text), None)
        claims.append(Claim(claimant=name, statement=reported_words(text), evidence=text, span=span,
                            match="sentence", reported_via=via, status=status,
                            disputed_by=disputer.name if disputer else None))
    return claims, rejected


def speakers_as_actors(claims: list[Claim], actors: list[Actor], sentences: Sentences) -> list[Actor]:
    """Whoever makes or disputes a claim is an actor, even when the entity pass missed them."""
    added = list(actors)
    for claim in claims:
        for name in (claim.claimant, claim.disputed_by):
            if name and resolve(name, added) is None and (hit := _ground_name(name, sentences)) is not None:
                written, span, match = hit
                added.append(Actor(name=written, kind=known_kind(written) or "other",
                                   evidence=sentences.quote(span), span=span, match=match))
    return dedupe(added)


def rule_claims(sentences: Sentences, actors: list[Actor], taken: list[Claim]) -> list[ClaimDraft]:
    """Drafts for attributed sentences the model left out: any sentence whose speech verb has a speaker."""
    covered = {c.span for c in taken}
    drafts = []
    for number, span in enumerate(sentences.spans, 1):
        if span in covered:
            continue
        speaker = speaker_in(sentences.quote(span), actors)
        if speaker is not None:
            drafts.append(ClaimDraft(claimant=speaker.name, sentence=number, status="asserted"))
    return drafts


_SPEECH = re.compile(r"\b(said|says|say|told|claimed|claims|announced|stated|added|warned|urged|denied|"
                     r"according to|tweeted|insisted|argued|accused|blamed)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
_THAT = re.compile(r"\b(?:said|says|say|told \w+|claimed|announced|stated|added|warned|insisted|argued)"
                   r"(?: on \w+)?,? (?:that )?(.{12,})", re.IGNORECASE)


def speaker_in(text: str, actors: list[Actor]) -> Actor | None:
    """The actor a sentence attributes its words to: the mention nearest a speech verb."""
    cues = [m.start() for m in _SPEECH.finditer(text)]
    if not cues:
        return None
    best: tuple[int, Actor] | None = None
    for actor in actors:
        for name in sorted({actor.name, *actor.aliases}, key=len, reverse=True):
            for m in re.finditer(rf"\b{re.escape(name)}\b(?![’']s)", text):  # a possessive is not a speaker
                distance = min(abs(m.start() - c) if m.start() > c else abs(c - m.end()) for c in cues)
                if best is None or distance < best[0]:
                    best = (distance, actor)
    return best[1] if best and best[0] <= 60 else None


def reported_words(sentence: str, limit: int = 200) -> str:
    """What the sentence reports: its quotation, else the clause after the speech verb, else itself."""
    quoted = _QUOTED.search(sentence)
    if quoted:
        words = quoted.group(1)
    elif (after := _THAT.search(sentence)) is not None:
        words = after.group(1)
    else:
        words = sentence
    words = " ".join(words.split()).strip(" ,.;:")
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _other_actor_in(sentence: str, actors: list[Actor], claimant: Actor | None) -> Actor | None:
    folded = normalise_name(sentence)
    for actor in actors:
        if actor is not claimant and f" {normalise_name(actor.name)} " in f" {folded} ":
            return actor
    return None


# --- figures ----------------------------------------------------------------


def build_figures(sentences: Sentences, actors: list[Actor], locations: list[Location],
                  household_size: float) -> tuple[list[Casualty], list[Displacement]]:
    """Casualty and displacement items from the cue rules, enriched from the brief's entities."""
    casualties, displacement = [], []
    for cand in label_figures(sentences.text):
        if cand.category is None:
            continue
        context = sentences.quote(sentences.containing(cand.start))
        common = dict(evidence=cand.evidence, span=cand.evidence_span, match="exact",
                      source=(who.name if (who := speaker_in(context, actors)) else None),
                      figure=cand.figure)
        place = _nearest_place(sentences, cand.start, locations)
        if cand.category == "displaced":
            unit = cand.unit or "people"
            per = 1.0 if unit == "people" else household_size
            displacement.append(Displacement(unit=unit, people_estimate=round(cand.figure.low * per),
                                             household_size=None if unit == "people" else household_size,
                                             origin=place, **common))
        else:
            casualties.append(Casualty(kind=cand.category, victims=cand.victims, location=place, **common))
    return casualties, displacement


def _nearest_place(sentences: Sentences, position: int, locations: list[Location]) -> str | None:
    """The brief's place named closest to a figure, within the figure's sentence."""
    start, end = sentences.containing(position)
    best: tuple[int, str] | None = None
    for loc in locations:
        for m in re.finditer(rf"\b{re.escape(loc.name)}\b", sentences.text[start:end]):
            distance = abs(start + m.start() - position)
            if best is None or distance < best[0]:
                best = (distance, loc.name)
    return best[1] if best else None


def figure_problems(item: Casualty | Displacement, text: str) -> str | None:
    """Why a figure item is not grounded, or None when it is."""
    if item.span is None or text[item.span[0]:item.span[1]] != item.evidence:
        return "evidence not found at its span"
    if item.figure.text not in item.evidence:
        return f"number '{item.figure.text}' not in its evidence"
    return None


__all__ = ["Sentences", "same_entity", "rule_claims", "speakers_as_actors", "build_figures", "dedupe", "figure_problems",
           "ground_actors", "ground_claims", "ground_locations", "names_match", "resolve"]
