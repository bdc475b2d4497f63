"""Actors and places from spaCy's named entities, with titles split off and aliases merged.

PERSON, ORG and acting NORP entities become actor candidates; GPE, LOC and
FAC become places. Each keeps the span of its first mention. The small NER
model makes label mistakes a sentence's syntax can correct: a "PERSON" that
is the object of "in"/"near" is a place, and a country that is the subject
of a verb is also an actor (its government). Kinds come from the label plus
the general word lists in `lexicon`; nothing here knows a particular conflict.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from summarise.output.schema import Actor, ActorKind, Claim, Location, LocationKind
from summarise.text import lexicon
from summarise.text.grounding import normalise_name
from summarise.text.nlp import Analysis, doc_text, entity_at, load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

ACTOR_LABELS = {"PERSON", "ORG", "NORP"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
_LOCATIVE = {"in", "at", "near", "into", "across", "outside", "inside", "around", "towards", "toward"}
_JOINERS = {"of", "the", "and", "for", "de", "al", "el", "&"}


@dataclass
class Mention:
    """One entity as found: its trimmed text, span and label, plus what syntax added."""

    text: str
    start: int
    end: int
    label: str
    role: str | None = None
    affiliation: str | None = None
    aliases: set[str] = field(default_factory=set)
    state_force: bool = False  # "Israeli forces": a nationality and a force noun (see _forces)

    @property
    def key(self) -> str:
        return normalise_name(self.text)


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
               "south-west", "northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower"}


def _trim(ent: Span) -> tuple[int, int] | None:
    """Drop leading determiners, lower-case words ("suspected", "eastern") and trailing possessives.

    Offsets stay exact: the trimmed name is always a substring of the article.
    """
    toks = list(ent)
    while toks and (toks[0].lower_ in {"the", "a", "an"} or toks[0].is_punct or toks[0].text in _DIRECTIONS
                    or (len(toks) > 1 and toks[0].pos_ in ("ADJ", "VERB") and toks[0].lower_ not in ("islamic",)
                        and ent.label_ != "NORP")):
        toks = toks[1:]
    while toks and (toks[-1].lower_ in {"'s", "’s", "'"} or toks[-1].is_punct):
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _plausible(text: str) -> bool:
    return (len(text) >= 2 and any(c.isupper() for c in text) and (not any(c.isdigit() for c in text)
                                                                    or _coded_name(text))
            and "\n" not in text and len(text.split()) <= 8)


def _coded_name(text: str) -> bool:
    """'M23', '3R', 'SPLA-IO', 'ISIS-K': one upper-case token with digits or a hyphen is an armed group's or a
    body's short name (the small NER tags many of them GPE); a year or a count has no letters."""
    return " " not in text and len(text) <= 10 and any(c.isalpha() for c in text) and \
        text.upper() == text and (any(c.isdigit() for c in text) or "-" in text.strip("-"))


def is_country(name: str) -> bool:
    key = normalise_name(name)
    return key in lexicon.country_names() or name.lower() in lexicon.country_names()


def is_media(name: str) -> bool:
    key = normalise_name(name)
    if key in lexicon.MEDIA_NAMES or key.removeprefix("the ") in lexicon.MEDIA_NAMES:
        return True
    words = key.split()
    # "Radio Okapi", "Kabul Times", "Fana Broadcasting Corporate": a proper name with a media word in it
    return len(words) > 1 and any(w in lexicon.MEDIA_WORDS for w in words) and name[:1].isupper()


def _title_before(ent: Span) -> tuple[str | None, str | None]:
    """'Foreign Minister X', 'Taliban spokesman X': the title words, and an organisation named with them."""
    doc = ent.doc
    i = ent.start - 1
    words: list[Token] = []
    while i >= 0 and (doc[i].lower_ in lexicon.TITLE_WORDS or (doc[i].ent_type_ and doc[i].ent_type_ in ("ORG", "NORP"))):
        if doc[i].head.i < ent.start or doc[i].head.i >= ent.end:
            break  # not a modifier of this name
        words.insert(0, doc[i])
        i -= 1
    titles = [t for t in words if t.lower_ in lexicon.TITLE_WORDS]
    if not titles:
        return None, None
    org = [t for t in words if t.ent_type_ in ("ORG", "NORP")]
    role = doc[titles[0].i:titles[-1].i + 1].text
    return role, (doc[org[0].i:org[-1].i + 1].text if org else None)


def _appos_role(ent: Span) -> tuple[str | None, str | None]:
    """'X, a spokesman for the Interior Ministry': role 'spokesman', affiliation 'Interior Ministry'."""
    for child in ent.root.children:
        if child.dep_ != "appos" or child.pos_ not in ("NOUN", "PROPN"):
            continue
        if child.ent_type_ in ("PERSON", "GPE"):
            continue
        mods = [t for t in child.lefts if t.dep_ in ("amod", "compound") and t.ent_type_ == ""]
        role = " ".join([*(t.text for t in mods), child.text])
        affiliation = None
        for prep in child.children:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "with"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ in ("ORG", "NORP", "GPE"):
                        span = _entity_of(obj)
                        if span is not None:
                            trimmed = _trim(span)
                            if trimmed:
                                affiliation = doc_text(ent.doc)[trimmed[0]:trimmed[1]]
        return role, affiliation
    return None, None


def _entity_of(token: Token) -> Span | None:
    return entity_at(token)


def _relabel(ent: Span) -> str:
    """Correct the NER label where syntax or the country list says otherwise."""
    label = ent.label_
    root = ent.root
    text = ent.text
    if label in ("GPE", "LOC") and _coded_name(text) and not is_country(text):
        return "ORG"
    if label in ("PERSON", "ORG", "NORP") and is_country(text.removeprefix("the ").removeprefix("The ")):
        return "GPE"
    if label in ("PERSON", "ORG") and root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE and not _is_body(text) \
            and not (_acronym(text) and root.head.lower_ == "at"):
        return "GPE"  # "clashes in Sila": a person or a body is never the object of "in"
    last = (normalise_name(text).split() or [""])[-1]
    # the plural too: "the Taizz and Ibb Governorates", "Amhara and Oromia Regions" (a list's kind word)
    kind_word = last in _PLACE_SUFFIXES or (last.endswith("s") and last[:-1] in _PLACE_SUFFIXES)
    if label in ("PERSON", "ORG") and kind_word and not normalise_name(text).startswith("islamic"):
        return "GPE"  # "Zamfara State", "Kaura Namoda Local Government Area"
    if label in ("ORG", "PERSON") and _taken_as_ground(root, label) and not _is_body(text) and not _acronym(text):
        return "GPE"  # "gang members entered Pétionville", "capturing X and Y": only places are entered or captured
    if label in ("ORG", "PERSON", "GPE") and _is_dateline(ent):
        return "GPE"
    if label in ("PERSON", "ORG", "PRODUCT") and not _is_body(text) and _named_as_place(ent):
        return "GPE"
    if label == "NORP" and ent.root.tag_ == "NNP" and not _is_body(text) and _named_as_place(ent):
        return "GPE"  # "Kidal, a town in northern Mali", "Khartoum and Omdurman": a place the NER took for a people
    if label == "ORG" and is_media(text):
        return "MEDIA"
    if label in ("ORG", "PRODUCT", "PERSON", "GPE") and normalise_name(text) in lexicon.PLATFORM_NAMES:
        return "PLATFORM"  # not a name this layer keeps: see lexicon.PLATFORM_NAMES
    return label


# Verbs whose object is ground: a town is entered, overrun or fled. A person can be captured, evacuated or
# liberated too, so those apply to ORG names only (a body or an acronym excluded); "shell", "bombard" and
# "storm" are left out: a group or a building is shelled or stormed as often as a town.
_GROUND_VERBS = {"enter", "overrun", "besiege", "encircle", "envelop", "flee", "shell", "bombard", "pound"}
_GROUND_VERBS_ORG = _GROUND_VERBS | {"capture", "recapture", "retake", "evacuate", "liberate"}


def _taken_as_ground(root: Token, label: str) -> bool:
    first = root
    while first.dep_ == "conj":  # "capturing X and Y": the list shares its first member's role
        first = first.head
    verbs = _GROUND_VERBS_ORG if label == "ORG" else _GROUND_VERBS
    return first.dep_ == "dobj" and first.head.pos_ == "VERB" and first.head.lemma_.lower() in verbs


_PLACE_NOUNS = {"capital", "township", "camp", "province", "locality", "port", "neighbourhood", "neighborhood",
                "suburb", "island", "enclave", "municipality", "commune", "subdistrict", "settlement", "quarter",
                "canton", "parish", "borough", "oblast", "raion"}  # administrative units in English news


def _place_noun(tok: Token) -> bool:
    return tok.lemma_.lower() in _PLACE_SUFFIXES | _PLACE_NOUNS


def _named_as_place(ent: Span) -> bool:
    """The syntax names it a place whatever the NER said: 'the city of Sumy', 'the regional capital, Goma',
    'Kanbalu township', 'the provinces of Kunduz, Baghlan and Takhar', 'Donetsk - Kramatorsk and Sloviansk'."""
    doc, root = ent.doc, ent.root
    if ent.end < len(doc) and _place_noun(doc[ent.end]) and doc[ent.end].pos_ == "NOUN":
        return True  # "Kanbalu township", "Luhansk and Donetsk provinces" (the last conjunct carries it)
    # "X refugee camp", "X border town": one or two lower-case nouns between the name and its place noun
    # still make the name that place's (the parser hangs the name on the first of them)
    nxt = ent.end
    while nxt < min(len(doc) - 1, ent.end + 2) and doc[nxt].pos_ in ("NOUN", "PROPN") and doc[nxt].is_lower \
            and doc[nxt].dep_ == "compound" and doc[nxt].head.i > nxt:
        nxt += 1
    if nxt > ent.end and _place_noun(doc[nxt]) and doc[nxt].pos_ == "NOUN" and ent.end <= root.head.i <= nxt:
        return True
    first = root
    while first.dep_ == "conj":  # a list of places shares its first member's role
        first = first.head
    if first.dep_ in ("nmod", "compound") and _place_noun(first.head) and first.head.pos_ == "NOUN":
        return True  # "Luhansk and Donetsk provinces"
    if first.dep_ == "pobj" and first.head.lower_ == "of" and _place_noun(first.head.head):
        return True  # "the city of Sumy", "the provinces of Ouaddai, Sila and Wadi Fira"
    if first.dep_ == "pobj" and first.head.lower_ in ("as", "like", "including"):
        prep = first.head  # "areas such as Biyo Cade", "an area known as Homo Bonaya", "towns including X"
        owner = prep.head.head if prep.head.lower_ in ("such", "known", "called", "named") else prep.head
        if _place_noun(owner):
            return True
    if first.dep_ == "appos" and _place_noun(first.head):
        return True  # "the regional capital, Goma"
    if first.dep_ == "pobj" and first.head.lower_ in _TOWARDS and first.head.head.lemma_.lower() in _MOVING_VERBS:
        return True  # "fled from X to Goma", "moved towards Bangui": where people move is a place
    if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lemma_.lower() == "control" and (
            first.head.head.head.lemma_.lower() in ("take", "seize", "gain", "lose", "regain", "wrest", "retake")):
        return True  # "took control of Tal Abyad and Ras al-Ain"
    if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.lower_ in _COMPASS:
        return True  # "west of El Fasher", "north of Kabul"
    if first.dep_ in ("dobj", "attr") and first.head.lemma_.lower() in ("include", "comprise", "be") and any(
            c.dep_ == "nsubj" and _place_noun(c) for c in first.head.children):
        return True  # "the worst-hit areas include X, Y and Z", "the town is X": what a place noun lists is places
    if any(c.dep_ == "appos" and c.pos_ == "NOUN" and _place_noun(c) for c in root.children):
        return True  # "Goma, the regional capital": the apposition says what the name is
    if first is not root and first.pos_ == "NOUN" and _place_noun(first) and any(
            c.dep_ == "cc" for c in first.children):
        return True  # "the regional capitals and Goma": a place noun and a name joined are both places
    if first is not root and first.ent_type_ in ("GPE", "LOC") and not is_country(first.text):
        return True  # "Kunduz, Baghlan, Kapisa": a list that starts with a (sub-national) place
    if first.dep_ == "pobj" and first.head.lower_ == "between" and first.head.head.lemma_.lower() in _ROUTE_NOUNS:
        return True  # "the road between Goma and Rutshuru" (never "fighting between the army and the RSF")
    return False


# What runs between two places: "the road between Goma and Rutshuru", "the border between X and Y".
_ROUTE_NOUNS = frozenset("road highway route corridor border frontier line stretch railway journey".split())


_TOWARDS = frozenset("to towards toward into".split())
_MOVING_VERBS = frozenset("flee move relocate evacuate cross escape march advance".split())
_COMPASS = frozenset("north south east west northeast northwest southeast southwest outskirts".split())

_PLACE_SUFFIXES = {"province", "district", "state", "region", "county", "valley", "area", "governorate", "zone",
                   "woreda", "wereda", "kebele", "city", "village", "town", "prefecture", "department"}


def _is_dateline(ent: Span) -> bool:
    """'KABUL, Aug 28 (AP) —': an upper-case name opening a line is the place the story was filed from."""
    doc = ent.doc
    at_line_start = ent.start == 0 or "\n" in doc[ent.start - 1].whitespace_ + doc[ent.start - 1].text
    return at_line_start and ent.text.isupper() and len(ent.text) > 3 and ent.end < len(doc) and \
        doc[ent.end].text in (",", "—", "–", "-", "(", ":")


def _locative(ent: Span) -> bool:
    """The mention is a place phrase: the object of a locative preposition, or a noun modifier inside one."""
    root = ent.root
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in _PLACE_SUFFIXES:
        return True  # "Zamfara state", "Dara district"
    if root.dep_ == "compound" and root.head.dep_ == "pobj":
        root = root.head
    if _acronym(ent.text) and root.dep_ == "pobj" and root.head.lower_ in ("at", "from"):
        return False
    # "between" is left out: "talks between President X and Y" joins actors as often as places
    if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE | {"from", "through", "via", "outside"}:
        return True
    # "near al-Fasher": the parser splits a hyphenated name and hangs its first part on the preposition
    return any(t.dep_ == "pobj" and t.head.i < ent.start and t.head.lower_ in _LOCATIVE | {"from"} for t in ent)


def _acronym(name: str) -> bool:
    """'HRW', 'PSMN': an upper-case short form. After "at" or "from" it is a body's ('a researcher at HRW',
    'an official from OCHA'); after "in" it may be a place's ('in CAR')."""
    return name.isupper() and 2 <= len(name) <= 6 and " " not in name and not is_country(name)


def _is_body(name: str) -> bool:
    words = set(normalise_name(name).split())
    return bool(words & (lexicon.GOVERNMENT_BODY_WORDS | lexicon.ARMED_GROUP_WORDS | lexicon.INTERNATIONAL_WORDS
                         | lexicon.ORGANISATION_WORDS))


def _proper(ent: Span, label: str) -> bool:
    """Some token is a proper noun: drops 'Smoke', 'Group', 'State' tagged ORG at a sentence start."""
    return label in ("GPE", "MEDIA", "LOC", "FAC") or any(t.pos_ == "PROPN" for t in ent) or ent.text.isupper()


def mentions(analysis: Analysis) -> list[Mention]:
    """Every usable entity mention in reading order, relabelled and trimmed."""
    found: list[Mention] = []
    roles: dict[str, set[bool]] = {}
    place_roles: dict[str, set[str]] = {}
    acting: set[str] = set()  # names tagged a person or a body where they act or qualify a group
    placed: set[str] = set()  # names used at least once in a plain place phrase ("in X", "X province")
    for ent in analysis.doc.ents:
        mine = _mention(analysis, ent)
        found.extend(mine)
        if mine and mine[0].label in ("PERSON", "ORG") and (_agent_subject(ent) or _names_a_group(ent)):
            acting.add(mine[0].key)
        if mine and (_named_as_place(ent) or (_locative(ent) and not (
                ent.root.dep_ == "pobj" and ent.root.head.lower_ == "from"))):  # "split from X" is no place
            placed.add(mine[0].key)
        if mine and mine[0].label in ("PERSON", "ORG"):
            roles.setdefault(mine[0].key, set()).add(_locative(ent))
        if mine and mine[0].label in ("GPE", "LOC") and not is_country(mine[0].text):
            place_roles.setdefault(mine[0].key, set()).add(
                "place" if _locative(ent) or _named_as_place(ent) else "group" if _names_a_group(ent)
                else "media" if _carries_news(ent) else "other")
    # One label per name: a name used as a place anywhere, or only ever after "in"/"near"/"from",
    # is a place ("clashes in Sila", "fled from Adre"), whatever the NER said of each mention.
    places = {m.key for m in found if m.label in PLACE_LABELS and not is_country(m.text)}
    places |= {key for key, seen in roles.items() if seen == {True}}
    # ... except a name that acts ("X attacked a military unit", "X seized the islands") or qualifies a group
    # ("X members") and is never a plain place phrase: a stray place label on another mention ("split from
    # X", "it turned out to be X" tagged FAC) does not make a group a place; places do not attack.
    groups = {key for key in acting - placed if not is_country(key)}
    places -= groups
    for m in found:
        if m.label in PLACE_LABELS and m.key in groups:
            m.label = "ORG"
    for m in found:
        if m.label in ("PERSON", "ORG") and m.key in places and not _is_body(m.text):
            m.label = "GPE"
    # The reverse: a name the NER tagged a place that is never a place phrase ("in", "near", "X province")
    # but qualifies a group or a member of one ("the X group", "X fighters", "the country's X affiliate") is
    # an armed group or a body, not a place.
    grouped = {key for key, seen in place_roles.items() if seen == {"group"}}
    # and one that only ever reports or is told things ("X reported", "spoke to X", "told X") is an outlet
    outlets = {key for key, seen in place_roles.items() if seen == {"media"}}
    for m in found:
        if m.label in ("GPE", "LOC") and m.key in grouped:
            m.label = "ORG"
        elif m.label in ("GPE", "LOC") and m.key in outlets:
            m.label = "MEDIA"
    found.extend(_forces(analysis))
    found.extend(_unlabelled_places(analysis, {m.key for m in found}))
    return found


_GROUP_NOUNS = {"group", "affiliate", "affiliates", "fighters", "militants", "members", "member", "insurgents",
                "militia", "militiamen", "commander", "commanders", "leader", "leaders", "spokesman",
                "spokesperson", "cell", "cells", "offshoot", "faction", "loyalists", "jihadists"}


def _names_a_group(ent: Span) -> bool:
    """'the X group', 'X fighters', 'an X affiliate': the name qualifies a group noun ('Iran's X' is left
    alone: a country's possessive takes its places as often as its bodies)."""
    root = ent.root
    return root.dep_ in ("compound", "nmod", "amod") and root.head.i >= ent.end and root.head.lower_ in _GROUP_NOUNS


# Verbs whose subject need not act: a place can "fall", "remain calm", "lie" somewhere or "see" fighting.
_STATIVE_VERBS = {"fall", "remain", "lie", "become", "have", "border", "stand", "sit", "stay", "look", "seem"}


def _agent_subject(ent: Span) -> bool:
    """'X attacked a military unit', 'X seized islands': the subject of an active verb that is not stative."""
    root = ent.root
    return root.dep_ == "nsubj" and root.head.pos_ == "VERB" and \
        root.head.lemma_.lower() not in _UNDERGO_VERBS | _STATIVE_VERBS


_REPORT_VERBS = {"report", "publish", "broadcast", "write"}
_TALK_VERBS = {"speak", "talk", "tell", "say"}


def _carries_news(ent: Span) -> bool:
    """'X reported', 'spoke to X', 'told X': the name is an outlet carrying the words, not a place."""
    root = ent.root
    head = root.head
    if root.dep_ == "nsubj" and head.pos_ == "VERB" and head.lemma_.lower() in _REPORT_VERBS:
        return True
    if root.dep_ in ("dobj", "dative") and head.lemma_.lower() == "tell":
        return True
    return root.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_.lower() in _TALK_VERBS


def _unlabelled_places(analysis: Analysis, known: set[str]) -> list[Mention]:
    """'clashes in Tuti Kebele', 'fled from Adre': a proper-noun run after a locative preposition that
    the NER left unlabelled is a place (the small model misses many village and district names)."""
    found = []
    doc = analysis.doc
    for prep in doc:
        if prep.dep_ != "prep" or prep.lower_ not in _LOCATIVE | {"from", "on", "to", "onto"}:
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is not None and obj.pos_ == "NOUN" and obj.is_lower and _place_noun(obj):
            # "in Saitual district", "on the remote Kanbalu township": the name before the place noun (a
            # proper noun the NER left bare, or tagged a nationality, as it does "Artibonite" in "the
            # Artibonite region"); with a place noun, "on" and "to" take places too ("moved to X camp")
            toks = [t for t in obj.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and
                    t.ent_type_ in ("", "NORP") and t.text[:1].isupper()]
            if not toks or toks[-1].i != obj.i - 1:
                continue
        elif prep.lower_ in ("on", "to", "onto"):
            continue  # "on Sunday", "spoke to X": without a place noun these take people and days
        elif obj is None or obj.pos_ != "PROPN" or obj.ent_type_ or not obj.text[:1].isupper():
            continue
        else:
            toks = [t for t in obj.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and not t.ent_type_] + [obj]
        toks.sort(key=lambda t: t.i)
        if toks[-1].i - toks[0].i + 1 != len(toks) or any(t.is_sent_start for t in toks):
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = analysis.text[start:end]
        if normalise_name(text) in known or not _plausible(text) or text.isupper() or _is_body(text) or \
                any(w in lexicon.TITLE_WORDS for w in normalise_name(text).split()):
            continue
        found.append(Mention(text, start, end, "GPE"))
    return found


def _forces(analysis: Analysis) -> list[Mention]:
    """'Israeli forces', 'the Sudanese army', 'Afghan government', 'a Kabul police spokesman': a nationality or a
    place and a state body act. 'Government forces said', 'fighting between rebels and resistance forces': a force
    noun that a descriptive word qualifies names a side too, when the phrase acts or fights (see _fights)."""
    found = []
    for tok in analysis.doc:
        if tok.lemma_.lower() not in _FORCE_NOUNS or tok.pos_ != "NOUN" or tok.ent_type_:
            continue
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")]
        if not mods and tok.dep_ == "compound":
            # "a Kabul police spokesman": the parser hangs both modifiers on the last noun, so the place
            # right before the force noun qualifies it
            prev = analysis.doc[tok.i - 1] if tok.i else None
            if prev is not None and prev.ent_type_ in ("NORP", "GPE") and prev.head.i == tok.head.i and \
                    prev.dep_ == "compound":
                mods = [prev]
        if mods and (tok.lemma_.lower() not in _CIVIL_BODY_NOUNS or _fights(tok)):
            start, end = mods[0].idx, tok.idx + len(tok.text)
            found.append(Mention(analysis.text[start:end], start, end, "ORG", state_force=True))
            continue
        desc = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and c.i == tok.i - 1
                and c.lower_ in lexicon.SIDE_WORDS and not c.ent_type_]
        if desc and _fights(tok):
            start, end = desc[0].idx, tok.idx + len(tok.text)
            found.append(Mention(analysis.text[start:end], start, end, "ORG"))
    return found


def _fights(tok: Token) -> bool:
    """The phrase is a side that acts: the subject of an active verb ('government forces said', 'the rebel
    coalition staged attacks'), a party to a fight ('between X and government forces', 'attacks by X'), or
    the object of an act against it ('to weaken government forces'). A passive subject or a possessor
    ('government forces' positions') is not enough on its own."""
    first = tok
    while first.dep_ == "conj":
        first = first.head
    if first.dep_ == "nsubj" and first.head.pos_ in ("VERB", "AUX"):
        return True
    if first.dep_ == "pobj" and first.head.lower_ in ("between", "by", "against", "with"):
        return True
    if first.dep_ == "pobj" and first.head.head.lower_ == "between":  # "between the X fighters and Y forces"
        return True
    return first.dep_ == "dobj" and first.head.pos_ == "VERB"


# Lemmas, as _forces compares them ("forces" is "force"). "troop" and "authority" are left out on purpose:
# with them "American troops" took a claim of the group it fought (seeds claims 0.607 -> 0.584).
_FORCE_NOUNS = {"army", "military", "force", "government", "police", "junta", "navy", "militia", "coalition",
                "parliament", "administration"}
# A state's civil bodies ("the Ethiopian parliament", "the X district administration") are actors only where
# the phrase acts ("... imposed orders", "designated by ..."): "served in the Kabul administration" names a
# past regime, no actor of the story.
_CIVIL_BODY_NOUNS = {"parliament", "administration"}


def _mention(analysis: Analysis, ent: Span) -> list[Mention]:
    """The usable mention(s) in one entity: itself, and a facility it names ("Kabul airport")."""
    label = _relabel(ent)
    if label not in ACTOR_LABELS | PLACE_LABELS | {"MEDIA"}:
        return []
    if label in ACTOR_LABELS and _name_fragment(ent):
        return []
    span = _trim(ent)
    if span is None:
        return []
    prev = ent.doc[ent.start - 1] if ent.start else None
    if prev is not None and prev.ent_type_ == "NORP" and prev.pos_ == "PROPN" and prev.dep_ == "compound" and \
            ent.start <= prev.head.i and span[0] == ent.start_char and prev.whitespace_ == " ":
        # "Islamic | State": the NER split one name into a NORP and an ORG; the parser joins them
        span = (prev.idx, span[1])
    text = analysis.text[span[0]:span[1]]
    if not _plausible(text) or not _proper(ent, label):
        return []
    if all(w in lexicon.TITLE_WORDS or w in ("chairman", "chairwoman") for w in normalise_name(text).split()):
        return []  # "Chairman", "Prime Minister": a title with no name
    if label != "NORP" and not is_country(text) and _names_a_weapon(ent):
        return []  # "two Iskander-M missiles", "a Black Hawk helicopter", "mortars, artillery, Grad": a weapon
    if set(normalise_name(text).split()) & lexicon.TIME_NAME_WORDS:
        return []  # "on Palm Sunday", "before Eid al-Adha": a day, neither a place nor an actor
    if label in PLACE_LABELS and all(t.pos_ == "ADJ" for t in ent) and ent.root.dep_ == "amod" and \
            not _place_noun(ent.root.head):  # (the parser makes "Chitral" in "Chitral district" an adjective)
        return []  # "Ukrainian supply lines": a nationality word, not a place
    if label == "NORP" and not (ent.root.pos_ in ("PROPN", "NOUN") and ent.root.dep_ in ("nsubj", "nsubjpass")):
        return []  # "Afghan police": an adjective, not an actor; "the Houthis said": an actor
    m = Mention(text, span[0], span[1], label)
    if label == "PERSON":
        m.role, m.affiliation = _title_before(ent)
        if m.role is None:
            m.role, m.affiliation = _appos_role(ent)
    found = [m]
    nxt = ent.end
    if label in PLACE_LABELS and nxt < len(ent.doc) and ent.doc[nxt].lower_ in lexicon.FACILITY_NOUNS:
        end = ent.doc[nxt].idx + len(ent.doc[nxt].text)
        found.append(Mention(analysis.text[span[0]:end], span[0], end, "FAC"))
    # "Rapid Support Forces (RSF)": the bracketed short form is an alias.
    if nxt + 2 < len(ent.doc) and ent.doc[nxt].text == "(" and ent.doc[nxt + 2].text == ")":
        short = ent.doc[nxt + 1]
        if short.is_upper and len(short.text) >= 2:
            m.aliases.add(short.text)
    return found


def _name_fragment(ent: Span) -> bool:
    """'the Commission for Peace, Justice and Dialogue': the NER cuts a long body's name at its comma, and the
    part after it, which the parser joins to a word inside the name before, is no body of its own."""
    root, doc = ent.root, ent.doc
    return ent.label_ == "ORG" and ent.start > 0 and doc[ent.start - 1].text == "," and root.dep_ == "conj" \
        and root.head.i < ent.start and root.head.ent_type_ == "ORG" and root.head.pos_ == "PROPN" and \
        any(t.lower_ in ("for", "of") for t in doc[max(0, root.head.i - 3):root.head.i])


def _names_a_weapon(ent: Span) -> bool:
    """The name is a weapon's model: listed with weapons, or modifying a counted weapon noun ('two X
    missiles', 'a X helicopter'). 'Hamas rockets' (no article or number) stays the group's."""
    root = ent.root
    head = root.head
    if head.i == root.i or head.lower_ not in lexicon.WEAPON_NOUNS:
        return False
    if root.dep_ == "conj":
        return True
    return root.dep_ in ("compound", "nmod") and head.i >= ent.end and any(
        c.dep_ in ("det", "nummod") and c.i < ent.start and c.lower_ not in ("the", "this", "that", "these", "those")
        for c in head.children)


# --- merging spellings -------------------------------------------------------


def _initials(name: str) -> str:
    return "".join(w[0] for w in normalise_name(name).split() if w not in _JOINERS)


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


@lru_cache(maxsize=262_144)  # pure, and asked again for the same pairs by every merge and resolve
def same_name(a: str, b: str, *, person: bool = False) -> bool:
    """One entity under two spellings within an article.

    Equal after normalising; an acronym of the other's initials ("RSF");
    for people, the surname alone ("Biden" of "Joe Biden") or a close
    transliteration of it. A country inside a longer name is a different
    entity ("Afghanistan" is not the "... Front of Afghanistan").
    """
    ta, tb = normalise_name(a).split(), normalise_name(b).split()
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    longer, shorter = (ta, tb) if len(ta) >= len(tb) else (tb, ta)
    short_raw = b if len(tb) <= len(ta) else a
    if len(shorter) == 1 and short_raw.strip().isupper() and len(shorter[0]) >= 2:
        return _initials(" ".join(longer)) == shorter[0]
    if person:
        if len(shorter) == 1 and shorter[0] in longer:  # any part: "Aban" of "Joseph Aban Odhong"
            return True
        if len(shorter) == 1 and len(longer) > 1 and \
                difflib.SequenceMatcher(None, shorter[0], longer[-1]).ratio() >= 0.8:
            return True  # the surname alone, spelled another way: "Herace" of "Bertide Harace"
        if difflib.SequenceMatcher(None, ta[-1], tb[-1]).ratio() >= 0.75 and ta[0][0] == tb[0][0]:
            return True
        return False
    if is_country(" ".join(shorter)):
        return False
    return _contains(longer, shorter) and len(shorter) >= 2


def _actor_kind(m: Mention) -> ActorKind:
    if m.label == "PERSON":
        return "person"
    if m.label == "MEDIA":
        return "media"
    if m.label == "GPE":
        return "government"
    words = set(normalise_name(m.text).split())
    if words & lexicon.INTERNATIONAL_WORDS and not words & {"ministry", "police"}:
        return "international_org"
    if words & lexicon.GOVERNMENT_BODY_WORDS:
        return "government_body"
    if words & lexicon.ARMED_GROUP_WORDS or m.label == "NORP":
        return "armed_group"
    return "other"


def _place_kind(m: Mention) -> LocationKind:
    if m.label == "FAC":
        last = normalise_name(m.text).split()[-1]
        return "border_crossing" if last == "crossing" else "facility"
    if is_country(m.text):
        return "country"
    if m.label == "LOC":
        return "region"
    words = set(normalise_name(m.text).split())
    for word, kind in (("province", "province"), ("district", "district"), ("state", "province"),
                       ("region", "region"), ("governorate", "province")):
        if word in words:
            return kind  # type: ignore[return-value]
    return "city"


def _acts(analysis: Analysis, m: Mention) -> bool:
    """A place that is the subject of a verb ("Russia said", "Turkey decided") acts as a state."""
    span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ == "conj" and root.head.ent_type_ in ("GPE", "NORP"):
        root = root.head  # "Azerbaijan and Armenia accused each other": every state in the list acts
    # "Russia said", "Turkey's decision to protect the airport": the state acts
    # "Cameroon has seen an influx", "Congo received 5,000 refugees": a country that undergoes, hosts or
    # records something is the place it happens in, not an actor
    # "the leaders of Britain, Germany and Italy condemned": "of" does what the possessive does
    of_state = root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN" and \
        root.head.head.lemma_.lower() in _STATE_ACTS and root.head.head.dep_ in ("nsubj", "nsubjpass")
    return (root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX") and
            root.head.lemma_.lower() not in _UNDERGO_VERBS) or (
        root.dep_ == "poss" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in _STATE_ACTS) or of_state


def _state_possessive(analysis: Analysis, m: Mention) -> bool:
    """'Israel's conflict with Lebanon', 'Sudan's army': the possessive of a noun that is not a place (not
    'Sudan's capital', 'Ukraine's east') is the state's."""
    span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "poss" and root.head.pos_ == "NOUN" and not _place_noun(root.head) and \
        root.head.lower_ not in _DIRECTIONS and root.head.lower_ not in ("border", "frontier", "territory", "soil")


_UNDERGO_VERBS = {"be", "see", "receive", "record", "host", "witness", "experience", "register"}
_STATE_ACTS = {"decision", "government", "army", "military", "forces", "ministry", "president", "leader", "plan",
               "offer", "statement", "troops", "response", "demand", "call", "refusal", "move", "support", "backing",
               "minister"}


def build_names(analysis: Analysis) -> tuple[list[Actor], list[Location]]:
    """Merged actors and places for one article, each with its first mention's span."""
    actors: list[tuple[Mention, Actor]] = []
    places: list[tuple[Mention, Location]] = []
    as_place: set[str] = set()  # countries named at least once as a place, not only as a modifier
    for m in mentions(analysis):
        if _headline_words(analysis, m):
            continue
        if m.label in ACTOR_LABELS | {"MEDIA"} or (m.label == "GPE" and is_country(m.text) and _acts(analysis, m)):
            _add_actor(actors, m)
        if m.label in PLACE_LABELS and not _common_word(analysis, m):
            _add_place(places, m)
            # "Russia said", "Russia's military": a country named as the state that acts names no place
            # the story happens in; "in Russia", "Russia's capital" do
            if not _modifier_only(analysis, m) and not (is_country(m.text) and (
                    _acts(analysis, m) or _state_possessive(analysis, m))):
                as_place.add(m.key)
    actors = [(m, a) for m, a in actors if not _only_an_agency_s_parent(analysis, a)]
    actors = _merge_state_bodies(actors)
    actors = _merge_state_sides(actors)
    _add_generic_bodies(analysis, actors)
    # "U.S. strikes", "Iran-backed militia", "UK-based monitor": a country used only to qualify another
    # noun names no place the story happens in (its acts are the actor's, kept above).
    return [a for _, a in actors], [p for m, p in places if not is_country(m.text) or m.key in as_place]


_UN_NAMES = frozenset({"un", "u n", "united nations"})
_AGENCY_NOUNS = frozenset("agency agencies office programme program body bodies fund".split())


def _only_an_agency_s_parent(analysis: Analysis, actor: Actor) -> bool:
    """'UN refugee agency spokesman Baba …', 'UN humanitarian agencies': the UN named only as the parent of one
    of its agencies is no actor of its own; the agency is (and is listed under its own name when it has one)."""
    if normalise_name(actor.name) not in _UN_NAMES:
        return False
    seen = False
    for ent in analysis.doc.ents:
        if normalise_name(ent.text) not in _UN_NAMES:
            continue
        seen = True
        chain, head = [], ent.root.head  # "UN refugee agency spokesman": the nouns the name qualifies, in turn
        while ent.root.dep_ in ("compound", "nmod") and head.i >= ent.end:
            chain.append(head.lemma_.lower())
            if head.dep_ != "compound" or head.head.i <= head.i:
                break
            head = head.head
        if not _AGENCY_NOUNS.intersection(chain):
            return False
    return seen


def _headline_words(analysis: Analysis, m: Mention) -> bool:
    """'Grenade Wounds 26 in Burundi Capital', 'UN Finds Destroyed, Deserted Eritrean Refugee Camps': in a
    title-case headline the small NER takes capitalised words for a name. A name there that the body never
    writes (and that is no acronym or country) is such words, not an actor."""
    head = analysis.headline()
    if head is None or not head[0] <= m.start < head[1] or m.label not in ACTOR_LABELS or m.text.isupper():
        return False
    span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not _title_case(span[0].sent) or is_country(m.text):
        return False
    return m.text not in analysis.text[head[1]:]


def _common_word(analysis: Analysis, m: Mention) -> bool:
    """'Town', 'Junta', 'Civilians', 'Eyewitnesses': one capitalised word that is a common English noun names
    no place. A word that is itself a place's kind or a force noun never does; the regular plural of a known
    noun does not where its capital says nothing, at a sentence start or in a title-case headline (elsewhere
    a transliterated name can look like a plural). Countries are kept."""
    name = m.text
    if " " in name or "-" in name or not name[:1].isupper() or name.isupper() or is_country(name):
        return False
    word = name.lower()
    if word in _KIND_WORDS | _PLACE_NOUNS | _FORCE_NOUNS:
        return True
    span = analysis.doc.char_span(m.start, m.end)
    if span is None or not word.endswith("s") or not (span[0].is_sent_start or _title_case(span[0].sent)):
        return False
    nouns, rules = _noun_tables()
    return word not in nouns and any(
        word.endswith(old) and (word[:len(word) - len(old)] + new) in nouns for old, new in rules if old)


def _title_case(sent: Span) -> bool:
    """A headline in title case: every word of four letters or more is capitalised."""
    words = [t for t in sent if t.is_alpha and len(t) >= 4]
    return len(words) >= 3 and all(t.text[:1].isupper() for t in words)


@lru_cache(maxsize=1)
def _noun_tables() -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The rule lemmatizer's English noun list and plural-suffix rules (empty when the pipeline has none)."""
    try:
        lookups = load_pipeline().get_pipe("lemmatizer").lookups
        nouns = frozenset(lookups.get_table("lemma_index").get("noun", []))
        rules = tuple((a, b) for a, b in lookups.get_table("lemma_rules").get("noun", []))
    except Exception:  # noqa: BLE001 - without the tables only the kind-word test applies
        return frozenset(), ()
    return nouns, rules


_FORCE_PHRASES = {"army", "military", "forces", "troops", "armed forces", "defence forces", "defense forces"}


def _state_and_body(name: str) -> tuple[str, str] | None:
    """'Israel’s military' -> ('israel', 'military'), 'Russian defence ministry' -> ('russian', 'defence
    ministry'): a state word (country or nationality, possessive or not) and the body it qualifies."""
    words = normalise_name(name).split()
    if len(words) < 2:
        return None
    state, rest = words[0], words[1:]
    if rest[0] == "s":  # "Israel’s": the possessive, split off by normalising
        rest = rest[1:]
    if not rest or not (is_country(state) or state.endswith(("an", "ese", "i", "ish"))):
        return None
    body = " ".join(rest)
    return state, "force" if body in _FORCE_PHRASES else body


def _same_state(a: str, b: str) -> bool:
    """'israel' and 'israeli', 'congo' and 'congolese', 'afghanistan' and 'afghan': one state."""
    if a == b:
        return True
    country, other = (a, b) if is_country(a) else (b, a)
    return is_country(country) and not is_country(other) and len(country) >= 4 and (
        other.startswith(country[:-1]) or country.startswith(other))


def _merge_state_bodies(actors: list[tuple[Mention, Actor]]) -> list[tuple[Mention, Actor]]:
    """'Israeli forces', 'Israel’s military' and 'the Israeli army' are one state force; 'Russian defence
    ministry' and 'Russia’s defence ministry' one body: the first name kept, the others its aliases."""
    out: list[tuple[Mention, Actor]] = []
    for m, actor in actors:
        mine = _state_and_body(actor.name) if actor.kind != "person" else None
        for i, (kept, other) in enumerate(out):
            theirs = _state_and_body(other.name) if other.kind != "person" else None
            if mine and theirs and mine[1] == theirs[1] and _same_state(mine[0], theirs[0]):
                aliases = sorted({*other.aliases, actor.name, *actor.aliases} - {other.name})
                out[i] = (kept, other.model_copy(update={"aliases": aliases}))
                break
        else:
            out.append((m, actor))
    return out


# Unqualified phrases for the state's armed side: in one story "security forces" and "government forces"
# are the same side, as a nationality's forces are one (above).
_STATE_SIDES = {"security forces", "government forces", "government troops", "security force"}


def _merge_state_sides(actors: list[tuple[Mention, Actor]]) -> list[tuple[Mention, Actor]]:
    """'government forces' and 'security forces' in one article: one actor, the first named kept."""
    out: list[tuple[Mention, Actor]] = []
    first: int | None = None
    for m, actor in actors:
        if normalise_name(actor.name) in _STATE_SIDES and first is not None:
            kept, other = out[first]
            aliases = sorted({*other.aliases, actor.name, *actor.aliases} - {other.name})
            out[first] = (kept, other.model_copy(update={"aliases": aliases}))
            continue
        if normalise_name(actor.name) in _STATE_SIDES:
            first = len(out)
        out.append((m, actor))
    return out


_GENERIC_BODIES = {"government", "army", "military", "police", "junta"}
_ARMED_FORCE_NOUNS = {"army", "military", "troops"}


def _same_body(noun: str, kept: Mention, actor: Actor) -> bool:
    """A named actor the bare noun likely refers to: 'government' in 'Afghan government'; 'the army' and 'the
    military' are one state force with 'Israeli forces', 'Congolese armed forces', 'National Defense Forces'."""
    for name in (actor.name, *actor.aliases):
        words = normalise_name(name).split()
        if noun in words:
            return True
        if noun in _ARMED_FORCE_NOUNS and (set(words) & _ARMED_FORCE_NOUNS or kept.state_force or
                                           len(words) >= 2 and " ".join(words[-2:]) in _FORCE_PHRASES):
            return True
    return False


def _add_generic_bodies(analysis: Analysis, actors: list[tuple[Mention, Actor]]) -> None:
    """'the government said', 'the army killed 13': a state body named only by its noun acts (the codebook
    makes it an actor of that name), unless a named actor already carries the noun ('Malian army')."""
    for tok in analysis.doc:
        noun = tok.lower_
        if noun not in _GENERIC_BODIES or tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ or \
                tok.dep_ != "nsubj" or tok.head.pos_ not in ("VERB", "AUX") or (tok.pos_ == "PROPN" and noun != "police"):
            continue
        lefts = [t.lower_ for t in tok.lefts]
        # "Police said" needs no article: English names the force without one
        if lefts not in (["the"], *([[]] if noun == "police" else [])) or any(
                t.dep_ in ("compound", "poss") for t in tok.children):
            continue  # "the Afghan government", "Sudan's army", "the government forces": not bare
        if any(_same_body(noun, kept, a) for kept, a in actors):
            continue
        m = Mention(tok.text, tok.idx, tok.idx + len(tok.text), "ORG")
        actors.append((m, Actor(name=tok.text, kind="government_body", evidence=tok.text,
                                span=(m.start, m.end), match="exact")))


_MODIFIER_DEPS = {"compound", "nmod", "npadvmod", "amod"}


def _modifier_only(analysis: Analysis, m: Mention) -> bool:
    """The mention qualifies a noun that is not a place: 'US pressure', 'Iran-backed' (not 'Chad border')."""
    span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    return root.dep_ in _MODIFIER_DEPS and head.i >= span.end and not (
        _place_noun(head) or head.lower_ in lexicon.FACILITY_NOUNS or head.lemma_.lower() in ("border", "frontier"))


def _bare_name(m: Mention) -> bool:
    """One capitalised word that is not an acronym, a body or a country: 'Egeland', 'Haftar'. The small
    NER often tags a surname standing alone ("Egeland said") as an ORG although it tagged the full name
    a PERSON; such a word can only be that person."""
    words = normalise_name(m.text).split()
    return (m.label in ("ORG", "PERSON") and len(words) == 1 and m.text[:1].isupper() and not m.text.isupper()
            and not _is_body(m.text) and not is_country(m.text) and not is_media(m.text))


def _part_of_person(word: str, person: str) -> bool:
    """'Aban' of 'Joseph Aban Odhong', 'Herace' of 'Bertide Harace': any part of the name, or a close
    spelling of the surname (transliterations vary within one article)."""
    parts = normalise_name(person).split()
    key = normalise_name(word)
    return len(parts) > 1 and (key in parts or difflib.SequenceMatcher(None, key, parts[-1]).ratio() >= 0.8)


def _add_actor(actors: list[tuple[Mention, Actor]], m: Mention) -> None:
    person = m.label == "PERSON"
    for i, (kept, actor) in enumerate(actors):
        names = [actor.name, *actor.aliases]
        both_people = (kept.label == "PERSON") == person
        # A bare name part the NER labelled otherwise than the full name: one person, a person's kind.
        crossed = (kept.label == "PERSON") != person and (
            (person and _bare_name(kept) and _part_of_person(kept.text, m.text)) or
            (not person and _bare_name(m) and _part_of_person(m.text, actor.name)))
        if crossed and not person:
            actors[i] = (kept, actor.model_copy(update={"aliases": sorted({*actor.aliases, m.text})}))
            return
        if crossed:
            update = {"name": m.text, "aliases": sorted({*actor.aliases, *m.aliases, actor.name} - {m.text}),
                      "kind": "person", "role": m.role, "affiliation": m.affiliation}
            actors[i] = (m, actor.model_copy(update=update))
            return
        if any(normalise_name(n) == m.key for n in names) or (
                both_people and any(same_name(n, m.text, person=person) for n in names)):
            main, other = (actor.name, m.text) if len(actor.name) >= len(m.text) else (m.text, actor.name)
            aliases = ({*actor.aliases, *m.aliases, actor.name, m.text} - {main})
            update = {"name": main, "aliases": sorted(aliases),
                      "role": actor.role or m.role, "affiliation": actor.affiliation or m.affiliation}
            actors[i] = (kept, actor.model_copy(update=update))
            return
    actors.append((m, Actor(name=m.text, kind=_actor_kind(m), role=m.role, affiliation=m.affiliation,
                            aliases=sorted(m.aliases), evidence=m.text, span=(m.start, m.end), match="exact")))


# Words after a place name that say what kind of place it is, not which: "Parwan province", "Zamzam camp",
# "the Gaza Strip". "City" is left out when capitalised: "Gaza City" is not "Gaza".
_KIND_WORDS = _PLACE_SUFFIXES | {"camp", "strip", "locality", "township", "municipality", "zones", "regions",
                                 "provinces", "districts"}


def _place_base(name: str) -> str:
    """'Zamzam Camp' -> 'zamzam', 'al-Mawasi' -> 'mawasi': the name without its kind word or Arabic article."""
    raw = name.split()
    while len(raw) > 1 and raw[-1].lower() in _KIND_WORDS and raw[-1] != "City":
        raw = raw[:-1]
    words = normalise_name(" ".join(raw)).split()
    if len(words) > 1 and words[0] in ("al", "el", "ad", "as", "ar", "an", "ash", "az"):
        words = words[1:]  # "al-Mawasi", "El Fasher": transliterations differ in the article alone
    return " ".join(words)


def _add_place(places: list[tuple[Mention, Location]], m: Mention) -> None:
    base = _place_base(m.text)
    for i, (kept, place) in enumerate(places):
        if normalise_name(place.name) == m.key:
            return
        if base and _place_base(place.name) == base and not (is_country(place.name) or is_country(m.text)):
            # one place, spelled with and without its kind word: an alias, not a second place
            places[i] = (kept, place.model_copy(update={"aliases": sorted({*place.aliases, m.text})}))
            return
    places.append((m, Location(name=m.text, kind=_place_kind(m), country=m.text if is_country(m.text) else None,
                               evidence=m.text, span=(m.start, m.end), match="exact")))


def resolve_actor(name: str | None, actors: list[Actor]) -> Actor | None:
    """The actor a free name refers to (claimant, perpetrator), by any of its spellings."""
    if not name:
        return None
    key = normalise_name(name)
    for actor in actors:
        if key in {normalise_name(n) for n in (actor.name, *actor.aliases)}:
            return actor
    for actor in actors:
        if any(same_name(n, name, person=actor.kind == "person") for n in (actor.name, *actor.aliases)):
            return actor
    return None


def same_entity(a: Actor | Location, b: Actor | Location) -> bool:
    """Across articles (batch summary): one entity under any of its spellings."""
    person = getattr(a, "kind", None) == "person" and getattr(b, "kind", None) == "person"
    return any(same_name(x, y, person=person) for x in (a.name, *a.aliases) for y in (b.name, *b.aliases))


def add_named_speakers(claims: list[Claim], actors: list[Actor], analysis: Analysis) -> list[Actor]:
    """A named claimant the NER missed ("JNIM said") is an actor too; generic speakers never are."""
    out = list(actors)
    # A city speaks only as a metonym ("Moscow said", "Islamabad has denied"): the claim stands, but the
    # actor is the state it stands for, which the gold lists under the country's name when it is named.
    cities = {normalise_name(e.text) for e in analysis.doc.ents if e.label_ == "GPE" and not is_country(e.text)}
    for claim in claims:
        name = claim.claimant
        if normalise_name(name) in cities:
            continue
        words = name.split()
        body = words[-1].lower() in lexicon.GOVERNMENT_BODY_WORDS | lexicon.ARMED_GROUP_WORDS
        named = words[-1][:1].isupper() or (body and any(w[:1].isupper() for w in words))
        if resolve_actor(name, out) is not None or is_media(name) or not named:
            continue  # "Afghan president", "residents": descriptions; "Kabul police" is a body
        if words[0].lower() in {"he", "she", "they", "it", "we"}:
            continue
        start = analysis.text.find(name)
        if start < 0:
            continue
        end = start + len(name)
        short = analysis.text[end:end + 12].lstrip().removeprefix("(").split(")")[0]
        known = resolve_actor(short, out) if analysis.text[end:end + 2].lstrip().startswith("(") else None
        if known is not None:
            # "Doctors Without Borders (MSF)" where only MSF was tagged: one actor, the full name first
            i = out.index(known)
            out[i] = known.model_copy(update={"name": name, "evidence": name, "span": (start, end),
                                              "aliases": sorted({*known.aliases, known.name} - {name})})
            continue
        titles = 0
        while titles < len(words) and words[titles].lower() in lexicon.TITLE_WORDS:
            titles += 1
        rest = words[titles:]
        if titles and len(rest) >= 2 and all(w[:1].isupper() and not w.isupper() for w in rest) and \
                not _is_body(" ".join(rest)):
            # "Lieutenant Colonel Nadav Shoshani said" that the NER missed: a titled person, who may be
            # known only by the bare surname the NER tagged an ORG ("Shoshani")
            person = " ".join(rest)
            p_start = analysis.text.find(person, start)
            bare = next((a for a in out if a.kind != "person" and len(a.name.split()) == 1
                         and _part_of_person(a.name, person)), None)
            role = " ".join(words[:titles])
            known = resolve_actor(person, out)
            if known is not None and known.kind == "person":
                continue  # the NER found the name without its titles
            if bare is not None:
                out[out.index(bare)] = bare.model_copy(update={
                    "name": person, "kind": "person", "role": bare.role or role,
                    "aliases": sorted({*bare.aliases, bare.name, name} - {person})})
            else:
                out.append(Actor(name=person, kind="person", role=role, aliases=[name], evidence=person,
                                 span=(p_start, p_start + len(person)), match="exact"))
            continue
        mine = _state_and_body(name)
        same = next((a for a in out if a.kind != "person" and mine and (theirs := _state_and_body(a.name))
                     and theirs[1] == mine[1] and _same_state(mine[0], theirs[0])), None)
        if same is not None:  # "Israel’s military said" where "Israeli forces" is known: one state force
            out[out.index(same)] = same.model_copy(update={"aliases": sorted({*same.aliases, name})})
            continue
        out.append(Actor(name=name, kind="other", evidence=name, span=(start, end), match="exact"))
    return out
