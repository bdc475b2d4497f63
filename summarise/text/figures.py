"""Casualty and displacement figures from the parse: what a number counts, and what happened to them.

`numbers.find_figures` finds every number phrase and parses it; this module
reads the dependency tree around each one. A number counts people when its
noun (the `nummod` head, or the number itself) is the object or passive
subject of a harm or displacement verb, a conjunct of one ("killed 60
Afghans and 12 troops"), the subject of an intransitive one ("families
fled"), modified by a harm word ("12 dead", "displaced people"), the object
of "of" under one ("the bodies of 12 people"), or the figure a toll rose to.
The verb's subject is the perpetrator (or its "by" agent in the passive); the
place is a named place in the verb's clause; the source is the sentence's
speaker. A singular victim with no number ("a guard was killed") is one.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from summarise.output.schema import Casualty, Displacement, DisplacementUnit, Figure, Location
from summarise.text import lexicon
from summarise.text.claims import Attribution
from summarise.text.nlp import Analysis, entity_at, sentence_start
from summarise.text.numbers import FoundFigure, find_figures, parse_figure

if TYPE_CHECKING:
    from spacy.tokens import Token

Category = Literal["killed", "wounded", "missing", "displaced"]
_INTRANSITIVE = {"die", "decease", "perish", "succumb", "flee", "escape", "disappear", "drown", "starve", "miss", "shelter"}
# Harm nouns that are events, not people: "15 deaths" counts deaths, its victims are unnamed.
# "Casualties" count the killed and the wounded together: no kind of their own.
_MIXED_NOUNS = {"casualty"}
_EVENT_NOUNS = {"death", "fatality", "injury", "casualty", "dead", "killed", "injured", "wounded", "missing"}
# "forced from their homes", "driven from the village": the place left behind makes it displacement.
_HOME_NOUNS = {"home", "house", "village", "town", "city", "area", "land", "neighbourhood", "neighborhood", "region"}
_TOLL_VERBS = {"rise", "reach", "climb", "stand", "increase", "jump", "hit", "surge", "mount", "top", "exceed", "pass",
               "grow", "soar", "be", "double", "triple", "swell"}
_CLIMB_PREPS = {"including", "of", "among"}


@dataclass
class Reading:
    """What the syntax says about one number."""

    category: Category
    verb: Token | None  # the harm word that governs it
    counted: Token | None  # the noun it counts, when it has one


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


# Verbs that send someone "to death" by a ruling, not a killing: "sentenced five men to death".
_SENTENCE_VERBS = frozenset("sentence condemn".split())


def _harm_of(tok: Token) -> Category | None:
    """The category a word names by itself: a harm verb, adjective or noun."""
    lemma, low = _lemma(tok), tok.lower_
    if tok.pos_ == "VERB" and lemma not in _SENTENCE_VERBS and any(
            c.dep_ == "prep" and c.lower_ == "to" and any(o.dep_ == "pobj" and _lemma(o) == "death" for o in c.children)
            for c in tok.children):
        return "killed"  # "shot a farmer to death", "beat three men to death" (never "sentenced to death")
    if tok.pos_ == "VERB" and lemma == "succumb" and any(
            c.dep_ == "prep" and c.lower_ == "to" and any(o.dep_ == "pobj" and _lemma(o) in lexicon.INJURY_NOUNS
                                                          for o in c.children) for c in tok.children):
        return "killed"  # "three civilians succumbed to their injuries" (never "succumbed to pressure")
    if tok.pos_ == "VERB" and lemma in ("gun", "mow") and any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
        return "killed"  # "fourteen people were gunned down", "mowed down by machine-gun fire"
    if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBD", "VBG"):
        cat = lexicon.HARM_LEMMAS.get(lemma) or lexicon.HARM_LEMMAS.get(low)
        if cat:
            return cat  # type: ignore[return-value]
    if lemma == "seeker" and any(c.dep_ == "compound" and _lemma(c) == "asylum" for c in tok.children):
        return "displaced"  # "asylum-seekers", "asylum seekers": the tokenizer splits the lexicon's one word
    cat = lexicon.HARM_WORDS.get(low) or lexicon.HARM_WORDS.get(lemma)
    if cat and lemma not in lexicon.AMBIGUOUS_HARM:
        return cat  # type: ignore[return-value]
    if tok.pos_ == "ADJ" or tok.tag_ == "VBN":
        cat = lexicon.HARM_LEMMAS.get(lemma)
        if cat:
            return cat  # type: ignore[return-value]
    return None


def _toll_category(verb: Token) -> Category | None:
    """'the death toll rose to 45': a toll subject settles the kind; a bare toll is of the dead."""
    for subj in verb.children:
        if subj.dep_ in ("nsubj", "nsubjpass", "dobj") and _displaced_population(subj):
            # "the displaced population now stands at 2.4 million", "brought the camp population to 60,000"
            return "displaced"
        if subj.dep_ in ("nsubj", "nsubjpass") and _lemma(subj) in ("exodus", "influx"):
            return "displaced"  # "the exodus has reached 1.2 million people"
        if subj.dep_ in ("nsubj", "nsubjpass") and _lemma(subj) in lexicon.TOLL_NOUNS:
            for mod in subj.children:
                if mod.dep_ in ("compound", "amod") and _lemma(mod) in lexicon.TOLL_KIND:
                    return lexicon.TOLL_KIND[_lemma(mod)]  # type: ignore[return-value]
                if mod.dep_ in ("compound", "amod") and (cat := _harm_of(mod)):
                    return cat  # "the injured count had reached 22", "the displaced tally"
            return "killed" if _lemma(subj) == "toll" else _number_of(subj)
    # A parse that lost the subject ("the toll since Oct 7 rose to 7,028"): a toll just before the verb.
    for tok in verb.doc[max(sentence_start(verb), verb.i - 8):verb.i]:
        if _lemma(tok) == "toll" and tok.pos_ == "NOUN":
            kind = next((lexicon.TOLL_KIND[_lemma(m)] for m in tok.children
                         if m.dep_ in ("compound", "amod") and _lemma(m) in lexicon.TOLL_KIND), "killed")
            return kind  # type: ignore[return-value]
    for obj in verb.children:  # "brings the number of displaced people to 1.2 million"
        if obj.dep_ == "dobj" and _lemma(obj) in lexicon.TOLL_NOUNS and (cat := _number_of(obj)):
            return cat
    return None


def _displaced_population(noun: Token) -> bool:
    """'the displaced population', 'the camp population', 'the camp's population': a standing population of the
    displaced (the codebook)."""
    return _lemma(noun) == "population" and any(
        m.dep_ in ("amod", "compound", "poss") and (_harm_of(m) == "displaced" or _lemma(m) in _SHELTER_PLACES)
        for m in noun.children)


def _number_of(noun: Token) -> Category | None:
    """'the number of displaced people', 'the number of dead': the kind the counted group names."""
    for mod in noun.children:  # "the number of people killed" parsed with "killed" on "number", "the number killed"
        if mod.dep_ in ("acl", "relcl") and (cat := _harm_of(mod)):
            return cat
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    if cat := _harm_of(obj):
                        return cat
                    for mod in obj.children:
                        if mod.dep_ in ("amod", "acl", "relcl") and (cat := _harm_of(mod)):
                            return cat
                        if mod.dep_ in ("acl", "relcl") and _lemma(mod) in lexicon.FORCE_VERBS and any(
                                x.dep_ == "xcomp" and _forced_away(x) for x in mod.children):
                            return "displaced"  # "the number of people forced to flee / to leave their homes"
    return None


def _complement_harm(clause: Token) -> tuple[Token, Category] | None:
    """'who were reported missing', 'who were found dead', 'who remain unaccounted for': a clause whose verb
    says nothing of harm itself, but whose complement names it. Never in flight ('who were left homeless'
    is another rule's)."""
    for c in clause.children:
        if c.dep_ in ("oprd", "acomp", "xcomp") and (cat := _harm_of(c)) and cat != "displaced":
            return c, cat
    return None


# "in critical condition", "in serious condition": the state of the wounded in hospital.
_GRAVE_WORDS = frozenset("critical serious grave".split())


def _grave_condition(verb: Token) -> Token | None:
    """The 'condition' of 'in critical condition' on a verb ('were in critical condition', 'sent to hospital
    in serious condition'), or None."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            for o in c.children:
                if o.dep_ == "pobj" and _lemma(o) == "condition" and any(
                        m.dep_ == "amod" and _lemma(m) in _GRAVE_WORDS for m in o.children):
                    return o
    return None


def _has_injury(obj: Token) -> bool:
    """'burns', 'gunshot wounds', 'various degrees of burns', 'injuries and burns': an injury noun."""
    if _lemma(obj) in lexicon.INJURY_NOUNS:
        return True
    return any((c.dep_ == "conj" and _lemma(c) in lexicon.INJURY_NOUNS) or (
        c.dep_ == "prep" and c.lower_ == "of" and any(o.dep_ == "pobj" and _lemma(o) in lexicon.INJURY_NOUNS
                                                       for o in c.children)) for c in obj.children)


def _in_toll(tok: Token) -> bool:
    """Is this the object of 'of' under a toll noun ('the number of those ...')?"""
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and _lemma(tok.head.head) in lexicon.TOLL_NOUNS


_SCALE_SUFFIXES = frozenset("m k mn bn mln bln million billion".split())


def _number_token(fig: FoundFigure, analysis: Analysis) -> Token | None:
    span = analysis.doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    nums = [t for t in span if t.like_num or t.pos_ == "NUM" or t.lower_ in {
        "dozens", "hundreds", "thousands", "millions", "scores", "tens", "dozen", "couple"}]
    if not nums:
        return span.root
    num = nums[-1]
    after = analysis.doc[num.i + 1] if num.i + 1 < len(analysis.doc) else None
    if after is not None and after.i < span.end and after.lower_ in _SCALE_SUFFIXES:
        num = after  # "1.2m people", "50k": the tokenizer splits off the scale, which stands for the number
    # "3,000-4,000 displaced persons": the parser may hang the range's second number on the first (as a prep
    # or conjunct); the first is the one that stands in the clause.
    while num.dep_ in ("prep", "conj", "appos") and num.head in span and num.head.like_num:
        num = num.head
    return num


# Quantifiers the parser may take for prepositions, with the number as their object: "Over 50k people".
_QUANTIFIER_PREPS = frozenset("over around about under".split())


def _counted_noun(num: Token) -> Token:
    """The noun a number counts: 'seven fighters' -> fighters; 'dozens of people' -> people."""
    if num.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod") and num.head.pos_ in ("NOUN", "PROPN", "ADJ", "PRON"):
        head = num.head
        if head.lower_ in ("others", "more"):  # "11 others", "12 more"
            return head
        return head
    for child in num.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                    return obj
    nxt = num.doc[num.i + 1] if num.i + 1 < len(num.doc) else None
    if num.dep_ == "pobj" and num.head.lower_ in _QUANTIFIER_PREPS and nxt is not None and (
            nxt.pos_ == "NOUN" and nxt.dep_ in ("nsubj", "nsubjpass", "dobj") and num.head.head == nxt.head):
        return nxt  # "Over 50k people have fled": the quantifier parsed as a preposition beside the noun it counts
    if num.dep_ == "nsubj" and num.head.dep_ == "amod" and num.head.head.pos_ == "NOUN":
        return num.head.head  # "70 reported deaths", parsed as if 70 did the reporting
    return num


def _role_bearer(num: Token, counted: Token) -> Token:
    # the counted noun stands in the clause; so does the noun beside a quantifier misparsed as a preposition
    return counted if counted == num.head or (num.dep_ == "pobj" and counted.i == num.i + 1) else num


def _partitive_antecedent(num: Token) -> Token | None:
    """'injured 11 civilians, seven of them seriously', 'five were hurt, of whom two ...': a number of 'them' or
    'whom' is a part of the group counted just before it in the sentence; that group's number."""
    pronoun = next((o for p in num.children if p.dep_ == "prep" and p.lower_ == "of"
                    for o in p.children if o.dep_ == "pobj" and o.lower_ in ("them", "whom")), None)
    if pronoun is None and num.dep_ in ("nsubj", "nsubjpass"):  # "of whom two were ...": 'of' hangs on the verb
        pronoun = next((o for p in num.head.children if p.dep_ == "prep" and p.lower_ == "of" and p.i < num.i
                        for o in p.children if o.dep_ == "pobj" and o.lower_ == "whom"), None)
    if pronoun is None:
        return None
    for tok in reversed(num.doc[sentence_start(num):min(num.i, pronoun.i)]):
        if tok.like_num and tok.pos_ == "NUM":
            return tok
    return None


_AFTER_AGE = frozenset({",", "—", "–", "-", ")", "and", ".", ";"})


# Verbs that leave people homeless ("left 300 families homeless", "made 5,000 people homeless").
_HOMELESS_VERBS = frozenset("leave make render".split())
# Verbs of being carried somewhere: a count carried "with injuries" is of the wounded.
_CARRIED_VERBS = frozenset("take admit rush bring carry fly airlift evacuate send transfer".split())


def _is_age(num: Token) -> bool:
    """'a man of 45 was killed': a number after 'of' on one person is their age ('a family of five' counts).
    So is a bare number set off after a name: 'Sameh Aqtash, 37, was shot dead', 'Hallel Yaniv (22)'."""
    noun = num.head.head if num.dep_ == "pobj" and num.head.lower_ == "of" else None
    if noun is not None and noun.tag_ == "NN" and _lemma(noun) in lexicon.PERSON_NOUNS:
        return True
    doc, i = num.doc, num.i
    if not num.text.isdigit() or int(num.text) > 120 or i < 2 or doc[i - 1].text not in (",", "("):
        return False
    closes = i + 1 >= len(doc) or doc[i + 1].text in _AFTER_AGE
    # the NER reads such an age as a DATE; a place before it ("in Kunduz, 12, ...") is only trusted then
    place = doc[i - 2].ent_type_ in ("GPE", "LOC", "FAC", "DATE")
    return closes and doc[i - 2].pos_ == "PROPN" and (num.ent_type_ == "DATE" or not place)


def read_number(num: Token) -> Reading | None:
    """Walk up from a number to the harm word that governs it, if any."""
    if _is_age(num):
        return None
    # (a part with a harm verb of its own has that kind: "59 injured were hospitalized and 16 of them had died")
    own_verb = num.head if num.dep_ in ("nsubj", "nsubjpass") and num.head.pos_ in ("VERB", "AUX") else None
    if (own_verb is None or not _harm_of(own_verb)) and (whole := _partitive_antecedent(num)) is not None and (
            whole_reading := read_number(whole)) is not None:
        return Reading(whole_reading.category, whole_reading.verb, whole_reading.counted)  # a part shares the kind
    # "…, five missing after the ambush": a harm word the parse hangs on the number itself is its kind
    own = next(((c, cat) for c in num.children if c.dep_ == "amod" and c.i == num.i + 1 and (cat := _harm_of(c))),
               None)
    if own is not None and num.dep_ in ("npadvmod", "conj", "appos", "nsubj", "ROOT"):
        return Reading(own[1], own[0], None)
    # "… were killed and over 100 injured": a quantifier parsed as a preposition on the harm word after it
    quant = num.head
    if num.dep_ == "pobj" and quant.lower_ in _QUANTIFIER_PREPS and quant.dep_ in (
            "advmod", "quantmod", "prep") and quant.head.i == num.i + 1 and (cat := _harm_of(quant.head)) and (
            quant.head.tag_ in ("VBN", "JJ")):
        return Reading(cat, quant.head, None)
    # "Thousands flee as fighting spreads": a headline's count the parse makes a modifier of the verb
    if num.dep_ == "nummod" and num.head.pos_ == "VERB" and num.i < num.head.i and (cat := _harm_of(num.head)) \
            and _lemma(num.head) in _INTRANSITIVE | {"displace"}:
        return Reading(cat, num.head, None)
    counted = _counted_noun(num)
    if counted != num and counted.dep_ == "pobj" and counted.head.lower_ in ("of", "from") and any(
            c.dep_ == "nummod" for c in counted.head.head.children) and counted.head.head.pos_ == "NOUN":
        return None  # "11 members of one family", "nine children from two villages": the group they come from
    if num.lower_ == "one" and counted.head.lower_ == "of" and counted.head.head == num and any(
            c.dep_ == "nummod" for c in counted.children) and not _harm_of(num.head):
        return None  # "he was one of 23 people killed": the person, already inside the figure that follows
    # "three of the dead were children", "thirty of the injured are in serious condition": a part of a harmed
    # group shares its kind
    of_group = next((o for p in num.children if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children if o.dep_ == "pobj" and o.pos_ in ("ADJ", "NOUN") and o.tag_ != "NN"), None)
    if of_group is not None and num.dep_ in ("nsubj", "nsubjpass") and (cat := _harm_of(of_group)) and (
            cat != "displaced"):
        return Reading(cat, of_group, None)
    # "Of the 1.2 million displaced, 400,000 are children": a fronted 'of' group on the verb, a part of it
    fronted = next((o for p in num.head.children if p.dep_ == "prep" and p.lower_ == "of" and p.i < num.i
                    for o in p.children if o.dep_ == "pobj"), None) if num.dep_ == "nsubj" and (
        _lemma(num.head) == "be") else None
    if fronted is not None and (cat := _harm_of(fronted)) and fronted.pos_ in ("NOUN", "ADJ", "VERB") and (
            fronted.tag_ != "VBD") and any(c.like_num or c.dep_ in ("nummod", "npadvmod") for c in fronted.children):
        return Reading(cat, fronted, None)
    # "14,000 new arrivals": the refugee agencies' word for people who have just fled across a border
    if _lemma(counted) == "arrival" and counted != num and any(
            m.dep_ == "amod" and m.lower_ in ("new", "recent", "fresh") for m in counted.children):
        return Reading("displaced", counted, counted)
    # The counted noun names the harm itself: "15 deaths", "2 million refugees", "12 dead".
    for word in {counted, num.head if num.dep_ in ("nummod", "quantmod") else counted}:
        # A participle the number modifies is used as a noun: "27 dead and 47 wounded reported", parsed with
        # "wounded" as a verb ("killed 47" has the number as object, never as nummod).
        nominal = word.tag_ == "VBN" and num.dep_ == "nummod" and num.head == word and num.i < word.i
        if (cat := _harm_of(word)) and (word.pos_ in ("NOUN", "ADJ", "PROPN") or nominal) and word.tag_ != "VBD":
            return Reading(cat, word, None if word == counted and _lemma(word) in _EVENT_NOUNS else counted)
    # "290 patients with burns", "12 people with gunshot wounds", "with various degrees of burns": people
    # with an injury are the wounded.
    # The parser often hangs the "with" on the verb ("treated 50 people with gunshot wounds"): it still
    # describes the object it directly follows.
    withs = [c for c in counted.children if c.dep_ == "prep" and c.lower_ == "with"] + [
        c for c in (counted.head.children if counted.dep_ == "dobj" else ()) if c.dep_ == "prep" and c.lower_ == "with"
        and 0 < c.i - counted.right_edge.i <= 2 and all(t.is_punct for t in counted.doc[counted.right_edge.i + 1:c.i])]
    if counted.dep_ == "nsubjpass" and _lemma(counted.head) in _CARRIED_VERBS:
        # "30 people were taken to hospital with injuries", "five soldiers were evacuated with gunshot wounds"
        withs += [c for c in counted.head.children if c.dep_ == "prep" and c.lower_ == "with"]
    injury = next((o for c in withs for o in c.children if o.dep_ == "pobj" and _has_injury(o)), None)
    if counted != num and injury is not None:
        return Reading("wounded", injury, counted)
    # "1,650 reports of missing people", "300 cases of injured civilians": reports or cases of a harmed group
    # count that group.
    if _lemma(counted) in ("report", "case") and counted != num and (cat := _number_of(counted)):
        group = next(o for c in counted.children if c.dep_ == "prep" and c.lower_ == "of"
                     for o in c.children if o.dep_ == "pobj")
        return Reading(cat, counted, group)
    # "claimed 70 lives", "cost 12 lives": lives taken are the dead.
    if _lemma(counted) == "life" and counted.dep_ == "dobj" and _lemma(counted.head) in lexicon.LIFE_VERBS:
        return Reading("killed", counted.head, None)
    # A harm word modifying it, or a clause on it: "displaced people", "people killed in", "who fled",
    # "dozens of Palestinians killed". "Casualties" are the dead and the wounded together: a clause on them
    # ("1,518 casualties – 651 killed and 867 injured") gives its own numbers, not the total's kind.
    for owner in (counted, num) if _lemma(counted) not in _MIXED_NOUNS else ():
        for child in owner.children:
            if child.dep_ in ("amod", "acl", "relcl") and (cat := _harm_of(child)):
                return Reading(cat, child, counted)
            if child.dep_ in ("acl", "relcl") and (harm := _complement_harm(child)) is not None:
                return Reading(harm[1], harm[0], counted)  # "six people who were reported missing"
            if child.dep_ in ("acl", "relcl") and _lemma(counted) not in _NOT_IN_FLIGHT and _flight_context(child):
                return Reading("displaced", child, counted)  # "another 1,400 camped in the district" (as a clause)
    # "two women and four children, who were reported missing": a relative clause after the whole coordination
    # hangs on its first or its last member, and tells the kind of every member. Only a relative clause: a
    # bare participle is a member's own ("15 children, and more than 220 wounded").
    members = _coordinated(counted) if counted != num else set()
    end = max(members | {counted.i})
    for member in (counted.doc[i] for i in sorted(members)):
        if _lemma(member) in _MIXED_NOUNS:
            continue
        for child in member.children:
            if child.dep_ == "relcl" and child.i > end and (
                    harm := (child, _harm_of(child)) if _harm_of(child) else _complement_harm(child)) is not None:
                return Reading(harm[1], harm[0], counted)  # type: ignore[arg-type]
    # "the displaced families, totalling about 16,200 people", "refugees, numbering some 45,000": a total given
    # for a group counts that group, which carries the harm word.
    if counted.dep_ == "dobj" and _lemma(counted.head) in ("total", "number") and counted.head.dep_ == "acl":
        group = counted.head.head
        for word in (group, *(c for c in group.children if c.dep_ in ("amod", "acl", "relcl"))):
            if (cat := _harm_of(word)) and word.tag_ != "VBD":
                return Reading(cat, word, counted if counted != num else group)
    x = _role_bearer(num, counted)
    for _ in range(5):
        dep, head = x.dep_, x.head
        if dep == "conj":
            x = head
            continue
        if dep == "pobj" and head.lower_ == "of" and _lemma(head.head) == "life" and head.head.dep_ == "dobj" and (
                _lemma(head.head.head) in lexicon.LIFE_VERBS):
            return Reading("killed", head.head.head, counted)  # "claimed the lives of 12 soldiers"
        if dep == "pobj" and head.lower_ == "of" and (
                cat := _harm_of(head.head) or (lexicon.HARM_EVENTS.get(_lemma(head.head))
                                               if not _only_ordered(head.head) else None)):  # type: ignore[assignment]
            return Reading(cat, head.head, counted)  # "the bodies of 12 people", "the killing of 30"
        if dep == "pobj" and head.lower_ == "of" and _displaced_population(head.head):
            return Reading("displaced", head.head, None)  # "a refugee population of 45,000"
        if dep == "pobj" and head.lower_ == "including" and head.head.pos_ in ("VERB", "AUX"):
            gov = head.head  # "rose to 7,028, including 2,913 children": the sub-count shares the toll's kind
            if cat := _harm_of(gov) or (_toll_category(gov) if _lemma(gov) in _TOLL_VERBS else None):
                return Reading(cat, gov, counted)
            # "drove 9 million people from their homes, including 2 million who ...": no harm word on the verb,
            # but the counted whole before it has a reading, and the part shares it.
            whole = next((c for c in gov.children if c.dep_ in ("dobj", "nsubjpass") and c.i < head.i), None)
            whole_num = whole if whole is not None and whole.like_num else next(
                (c for c in (whole.children if whole is not None else ()) if c.dep_ == "nummod"), None)
            if whole_num is not None and (whole_reading := read_number(whole_num)) is not None:
                # a bare part counts what the whole counts: "5,000 families ..., including 800 in the hills"
                return Reading(whole_reading.category, whole_reading.verb,
                               counted if counted != num else whole_reading.counted)
        if dep == "appos" and _lemma(head) in lexicon.TOLL_NOUNS and (cat := _number_of(head)):
            return Reading(cat, head, counted)  # "the highest number of refugees – about 50,000": the number given
        if dep == "pobj" and head.lower_ == "of" and head.head.like_num and x == counted and num.dep_ == "nummod":
            return None  # "one of the five soldiers was killed": what befell the part did not befall the whole
        if dep == "appos" or (dep == "pobj" and head.lower_ in _CLIMB_PREPS and head.head.pos_ in ("NOUN", "PROPN", "NUM")):
            # "12 people, including four children": the children share the people's role.
            x = head.head if dep == "pobj" else head
            if dep == "pobj" and head.lower_ == "of" and _lemma(x) == "toll":  # "a toll of two personnel"
                kind = next((lexicon.TOLL_KIND[_lemma(m)] for m in x.children
                             if m.dep_ in ("compound", "amod") and _lemma(m) in lexicon.TOLL_KIND), "killed")
                return Reading(kind, x, counted)  # type: ignore[arg-type]
            if (dep == "appos" or head.lower_ in ("among", "including")) and x.pos_ in ("NOUN", "ADJ") and (
                    cat := _harm_of(x)):
                return Reading(cat, x, counted)  # "93 martyrs, including 11 children": the part shares the whole's kind
            if head.lower_ == "including" and x.pos_ == "NOUN":
                # "900 missing people, including 300 children": the whole's kind is in a word on it
                for mod in x.children:
                    if mod.dep_ in ("amod", "acl", "relcl") and mod.i < head.i and (cat := _harm_of(mod)):
                        return Reading(cat, mod, counted)
            continue
        if dep == "pobj" and head.lower_ == "with" and (along := _along_with(head)) is not None and (
                cat := _harm_of(along)):
            return Reading(cat, along, counted)  # "were neutralized along with 50 armed fighters"
        if dep == "pobj":
            prep, gov = head, head.head
            if prep.lower_ == "of" and (cat := _harm_of(gov)):
                return Reading(cat, gov, counted)  # "the bodies of 12 people", "the killing of 30"
            if prep.lower_ in ("to", "at", "of") and (_lemma(gov) in _TOLL_VERBS or _lemma(gov) in lexicon.TOLL_NOUNS):
                cat = _toll_category(gov) if _lemma(gov) in _TOLL_VERBS else (
                    "killed" if _lemma(gov) == "toll" else None)
                if cat:
                    return Reading(cat, gov, counted if counted != num else None)
            if prep.lower_ == "among" and (cat := _harm_of(x)):
                return Reading(cat, x, counted)
            if prep.lower_ == "at" and _lemma(gov) in ("estimate", "number", "put") and gov.dep_ == "acl" and (
                    estimated := _estimated_group(gov.head)) is not None:
                return Reading(estimated, gov, None)  # "the displaced, estimated at 30,000, are living in schools"
            if prep.lower_ == "at" and gov.dep_ == "acl" and (cat := _harm_of(gov)) and _in_toll(gov.head):
                return Reading(cat, gov, counted)  # "put the number of those killed at 20" (parsed as "killed at 20")
            if prep.lower_ in ("at", "to") and gov.pos_ != "VERB" and prep.i > 0:
                # "raised the death toll from riots in four jails to 79": the parser hangs 'to 79' on the last
                # noun of the phrases between; the verb over them is what set the toll
                over = gov
                while over.dep_ in ("pobj", "prep") and over.head != over:
                    over = over.head
                if over.pos_ == "VERB" and any(o.dep_ == "dobj" and _lemma(o) in lexicon.TOLL_NOUNS and o.i < prep.i
                                               for o in over.children):
                    gov = over
            if prep.lower_ in ("at", "to") and gov.pos_ == "VERB":  # "put the death toll at 163"
                for obj in gov.children:
                    if obj.dep_ == "dobj" and _lemma(obj) in lexicon.TOLL_NOUNS:
                        kind = next((lexicon.TOLL_KIND[_lemma(m)] for m in obj.children
                                     if m.dep_ in ("compound", "amod") and _lemma(m) in lexicon.TOLL_KIND),
                                    None) or _number_of(obj)  # "put the number of those killed at 20"
                        if kind or _lemma(obj) == "toll":
                            return Reading(kind or "killed", gov, counted if counted != num else None)  # type: ignore[arg-type]
                    if any(c.dep_ == "dobj" and _displaced_population(c) for c in gov.children):
                        return Reading("displaced", gov, None)  # "brought the camp population to 60,000"
                    if gov.dep_ == "advcl" and (cat := _harm_of(gov.head)) and any(
                            c.dep_ == "dobj" and _lemma(c) in ("total", "tally") for c in gov.children):
                        # "another 5,000 fled on Tuesday, bringing the total to 35,000": a bare total carries on
                        # the count of the clause it follows.
                        return Reading(cat, gov.head, None)
            return None
        if dep in ("dobj", "nsubjpass", "nsubj", "attr", "oprd", "dative", "npadvmod", "ccomp"):
            verb = head
            cat = _harm_of(verb)
            if dep == "nsubj" and cat and verb.pos_ in ("VERB", "AUX"):  # "two soldiers dead": a state, no doer
                transitive = any(c.dep_ == "dobj" for c in verb.children)
                # "Ministry says 12 killed": a past form with no object is a passive with its auxiliary left out
                # (the headline style); with an object, or in the present ("Rebels kill"), the subject did it.
                if _lemma(verb) not in _INTRANSITIVE and (transitive or verb.tag_ not in ("VBN", "VBD")):
                    if cat != "displaced":
                        return None  # "JNIM fighters killed 40": the subject did it
            if cat:
                return Reading(cat, verb, counted)
            if dep == "nsubjpass":  # "five soldiers were ambushed and killed": the harm verb shares the subject
                for c in verb.children:
                    if c.dep_ == "conj" and c.tag_ == "VBN" and (cat := _harm_of(c)) and not any(
                            g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                        return Reading(cat, c, counted)
            if dep == "nsubj" and _lemma(verb) in ("continue", "begin", "start", "have") and any(
                    c.dep_ == "xcomp" and _lemma(c) in _INTRANSITIVE and (cat := _harm_of(c)) for c in verb.children) and (
                    cat != "displaced" or _lemma(counted) not in _NOT_IN_FLIGHT):
                return Reading(cat, verb, counted)  # "thousands continue to flee", "had to flee", "began to die"
            if dep in ("nsubj", "nsubjpass") and _lemma(counted) not in _NOT_IN_FLIGHT and _flight_context(verb):
                return Reading("displaced", verb, counted)  # "registered after fleeing", "arrived at the camp"
            if dep == "nsubj" and counted == num and verb.dep_ == "conj" and _lemma(verb.head) == _lemma(verb) and (
                    _lemma(verb) in _MOVE_VERBS):
                # "1,650 people arrived at X, and nearly 2,800 arrived at Y": a bare number repeating the verb
                # counts what the first clause's subject counted.
                first = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
                first_num = first if first is not None and first.like_num else next(
                    (c for c in (first.children if first is not None else ()) if c.dep_ == "nummod"), None)
                if first_num is not None and (first_reading := read_number(first_num)) is not None and (
                        first_reading.category == "displaced"):
                    return Reading("displaced", verb, None)
            if dep == "nsubj" and verb.lower_ == "homeless" and _lemma(verb.head) in _HOMELESS_VERBS:
                return Reading("displaced", verb, counted)  # "made 5,000 people homeless", parsed as a clause
            if dep == "dobj" and (dead := _harmed_including(verb)) is not None:
                return Reading(dead[1], dead[0], counted)  # "the dead include six children": a part of the dead
            if dep == "dobj" and _lemma(verb) == "treat" and any(
                    c.dep_ == "prep" and c.lower_ == "for" and any(
                        o.dep_ == "pobj" and _lemma(o) in lexicon.INJURY_NOUNS for o in c.children)
                    for c in (*verb.children, *counted.children)):  # 'for' may hang on either
                return Reading("wounded", verb, counted)  # "medics treated 30 people for injuries"
            if dep == "dobj" and _lemma(verb) in _HOST_VERBS and _hosted_people(counted):
                return Reading("displaced", verb, counted)  # "the camps were hosting over 100,000 people"
            if dep == "nsubj" and _lemma(verb) == "lose" and any(
                    c.dep_ == "dobj" and _lemma(c) == "life" for c in verb.children):
                return Reading("killed", verb, counted)  # "12 people lost their lives"
            if dep == "dobj" and _lemma(verb) == "lose" and counted != num and (
                    _lemma(counted) in lexicon.PEOPLE_WORDS):
                # "I lost three of my children", "the army lost 12 soldiers": people lost are the dead. Only people:
                # "lost 40 homes" or "lost three vehicles" count no one.
                return Reading("killed", verb, counted)
            if dep == "nsubj" and _lemma(verb) in _CARE_SEEKING and any(
                    c.dep_ == "dobj" and (_lemma(c) == "treatment" or any(
                        m.dep_ == "amod" and m.lower_ == "medical" for m in c.children)) for c in verb.children) and (
                    not _care_for_other(verb)):
                return Reading("wounded", verb, counted)  # "189 people sought medical help", "received treatment"
            if dep == "nsubjpass" and _lemma(verb) == "treat" and any(
                    c.dep_ == "prep" and c.lower_ in ("in", "at") and any(
                        o.dep_ == "pobj" and _lemma(o) in _CARE_PLACES for o in c.children) for c in verb.children) and (
                    not _care_for_other(verb)):
                return Reading("wounded", verb, counted)  # "over 400 people are being treated in hospitals"
            if dep == "nsubj" and _lemma(verb) in lexicon.SUFFER_VERBS and any(
                    c.dep_ == "dobj" and _lemma(c) in lexicon.INJURY_NOUNS for c in verb.children):
                return Reading("wounded", verb, counted)  # "five others sustained injuries", "received wounds"
            if dep == "dobj" and _lemma(verb) in _TOLL_VERBS and (cat := _toll_category(verb)):
                return Reading(cat, verb, counted if counted != num else None)  # "death toll tops 38,300"
            if _lemma(verb) == "send" and dep == "dobj" and _lemma(counted) not in _NOT_IN_FLIGHT and (
                    _crosses_border(verb) or any(p.dep_ == "prep" and p.lower_ == "across" and any(
                        o.dep_ == "pobj" and _lemma(o) in _FRONTIER_NOUNS for o in p.children) for p in verb.children)):
                return Reading("displaced", verb, counted)  # "sent 18,000 people across the border into Kenya"
            if _lemma(verb) in lexicon.FORCE_VERBS:  # "forced 5,000 people to flee", "driven from their homes"
                for c in verb.children:
                    if c.dep_ in ("xcomp", "advcl") and (cat := _harm_of(c)):
                        return Reading(cat, c, counted)
                    if c.dep_ == "xcomp" and _forced_away(c):  # "forced to seek refuge", "to leave their homes"
                        return Reading("displaced", c, counted)
                    if c.dep_ == "xcomp" and _lemma(c) in ("move", "leave") and dep in ("nsubjpass", "dobj") and not any(
                            o.dep_ == "dobj" for o in c.children):
                        return Reading("displaced", c, counted)  # "2,000 families have been forced to move"
                    # "driven from their homes", "forced out of their homes" ('of' under 'out')
                    places = [o for o in c.children if o.dep_ == "pobj"] + [
                        o for of in c.children if of.dep_ == "prep" and of.lower_ == "of"
                        for o in of.children if o.dep_ == "pobj"] if c.dep_ == "prep" else []
                    if c.lower_ in ("from", "out") and any(_lemma(o) in _HOME_NOUNS for o in places):
                        return Reading("displaced", verb, counted)
                    if c.lower_ == "into" and any(_lemma(o) in ("exile", "flight") for o in places):
                        return Reading("displaced", verb, counted)  # "forced into exile"
                if dep == "dobj" and any(p.dep_ == "prep" and p.lower_ in ("from", "out") and any(
                        o.dep_ == "pobj" and _lemma(o) in _HOME_NOUNS for o in p.children) for p in counted.children):
                    return Reading("displaced", verb, counted)  # "forced 20,000 people from their homes" ('from' on them)
            if dep == "nsubjpass" and verb.i + 1 < len(verb.doc) and (
                    cat := lexicon.HARM_WORDS.get(verb.doc[verb.i + 1].lower_)) and cat != "displaced":
                return Reading(cat, verb.doc[verb.i + 1], counted)  # "were found dead", even parsed as "dead kilometres"
            if dep in ("dobj", "nsubjpass"):  # "leaving 12 dead", "left 300 injured", "were reported dead"
                for c in verb.children:
                    if c.dep_ == "xcomp" and _lemma(verb) in lexicon.ORDER_VERBS:
                        continue  # "told 200,000 people to evacuate", "ordered 3,000 families to flee": an order
                    if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.i > x.i and (cat := _harm_of(c)):
                        return Reading(cat, c, counted)
                    if c.dep_ == "advcl" and c.i == num.i + 1 and c.tag_ == "VBN" and num != x and (cat := _harm_of(c)):
                        return Reading(cat, c, counted)  # "left two dead and 12 injured": the second state, a clause
                    if c.dep_ in ("oprd", "acomp", "ccomp", "xcomp") and _lemma(verb) in _HOMELESS_VERBS \
                            and c.lower_ == "homeless":
                        return Reading("displaced", c, counted)  # "left 3,000 families homeless" (the codebook)
            if dep in ("attr", "nsubj") and _lemma(verb) == "be":
                # "among the injured KFOR soldiers are 11 Italians": the group they are among gives the kind
                among = next((p for p in verb.children if p.dep_ == "prep" and p.lower_ == "among" and p.i < x.i), None)
                group = None if among is None else next((o for o in among.children if o.dep_ == "pobj"), next(
                    (o for o in verb.children if o.dep_ == "nsubj" and among.i < o.i < verb.i and o != x), None))
                harm = None if group is None else _harm_of(group) or next(
                    (cat for m in group.children if m.dep_ in ("amod", "compound") and (cat := _harm_of(m))), None)
                if harm:
                    return Reading(harm, group, counted)
            if dep == "attr" and _lemma(verb) in ("be", "stand"):
                # "the number of bodies taken to the mortuary is 47", "the death toll is 12"
                subj = next((c for c in verb.children if c.dep_ == "nsubj" and _lemma(c) in lexicon.TOLL_NOUNS), None)
                partitive = any(c.dep_ == "prep" and c.lower_ == "of" for c in x.children)  # "the toll is one of the worst"
                if subj is not None and not partitive and (cat := _toll_category(verb)):
                    return Reading(cat, subj, None)
            if dep in ("nsubj", "attr") and _lemma(verb) in ("be", "remain"):
                for c in verb.children:  # "five remain missing", "four were among the dead"
                    if c.dep_ == "prep" and (state := _grave_condition(verb)) is not None:
                        return Reading("wounded", state, counted)  # "dozens were in critical condition"
                    if c.dep_ in ("acomp", "attr") and c != x and (cat := _harm_of(c)):
                        return Reading(cat, c, counted)
                    if c.dep_ == "prep" and c.lower_ == "among":
                        for obj in c.children:
                            if obj.dep_ == "pobj" and (cat := _harm_of(obj)):
                                return Reading(cat, obj, counted)
                            # "were among those killed", "among the people who died"
                            clause = next((k for k in obj.children if k.dep_ in ("acl", "relcl")), None) \
                                if obj.dep_ == "pobj" else None
                            if clause is not None and (cat := _harm_of(clause)) and cat != "displaced":
                                return Reading(cat, clause, counted)
            return None
        return None
    return None


_MODALS = {"will", "would", "could", "may", "might", "shall", "should"}
_WISH_VERBS = {"want", "hope", "try", "plan", "threaten", "seek", "aim", "intend", "wish", "vow", "attempt"}


def _only_ordered(event: Token) -> bool:
    """'ordered the evacuation of 5,000 residents', 'called for the evacuation of 400': an evacuation that is
    ordered, planned or asked for has not happened (the codebook: evacuation orders are not displacement).
    Only 'evacuation' needs this; a 'killing' that is condemned still happened."""
    if _lemma(event) != "evacuation":
        return False
    gov = event.head.head if event.dep_ == "pobj" else event.head
    return _lemma(gov) in lexicon.ORDER_VERBS or (event.dep_ == "pobj" and event.head.lower_ == "for")


def _dead_or_wounded(reading: Reading) -> bool:
    """'left hundreds dead or wounded', 'were killed or injured', 'killed and wounded 30': two kinds of harm
    coordinated over one number, with no split, are coded as neither. The parser hangs the second word
    anywhere, so the coordination is read from the words beside the harm word; a coordinated harm word with
    a number of its own ('killed four and wounded 11') is a split, not a mixed total."""
    word = reading.verb
    if word is None or reading.category == "displaced":
        return False
    doc = word.doc
    for cc_i, other_i in ((word.i + 1, word.i + 2), (word.i - 1, word.i - 2)):
        if not (0 <= other_i < len(doc)) or doc[cc_i].lower_ not in ("or", "and"):
            continue
        other = doc[other_i]
        kind = _harm_of(other)
        if kind and kind not in (reading.category, "displaced") and not any(
                c.like_num or any(n.dep_ == "nummod" for n in c.children) for c in other.children):
            return True
    return False


def _hypothetical(reading: Reading) -> bool:
    """'more than a million would be displaced', 'hundreds of thousands will leave': a forecast, not a count."""
    tok = reading.verb
    for _ in range(4):
        if tok is None:
            return False
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children):
            return True
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ == "if" for c in tok.children):
            return True
        if tok.dep_ in ("xcomp", "ccomp") and _lemma(tok.head) in _WISH_VERBS:
            return True  # "we don't want a single civilian to be injured", "threatened to kill 20 hostages"
        if tok.dep_ in ("ROOT", "ccomp"):
            return False
        tok = tok.head
    return False


def _elided(num: Token, before: Reading) -> Reading | None:
    """'800,000 registered refugees, and 3 million more who are undocumented': 'N more' / 'N others' listed
    after a count, with no verb of its own, counts what that count counted."""
    counted = _counted_noun(num)
    if counted == num and num.dep_ in ("conj", "appos", "pobj", "npadvmod") and _at_named_place(num):
        # "2,238 displaced people sheltered in X, followed by 2,117 in Y, 1,993 in Z and 14 in W": a bare number
        # listed with a place of its own after a count is that count at another place (one entry per place)
        return Reading(before.category, before.verb, before.counted)
    further = any(c.dep_ in ("det", "amod", "advmod") and c.lower_ in _FURTHER_WORDS for c in num.children)
    if counted == num and num.dep_ == "conj" and further:
        # "eight people were killed on Saturday and another six on Sunday": the count goes on without its verb
        return Reading(before.category, before.verb, before.counted)
    if before.category == "displaced" and counted == num and num.dep_ == "nsubj" and further and (
            _lemma(num.head) in _MOVE_VERBS | {"enter", "cross", "come"}):
        # "On top of 10,000 refugees who entered Friday, another 15,000 had arrived": more of the same arrivals
        return Reading(before.category, num.head, before.counted)
    if counted.lower_ not in ("more", "others") or counted.dep_ not in ("conj", "appos"):
        return None
    return Reading(before.category, before.verb, before.counted)


def _at_named_place(num: Token) -> bool:
    """'2,117 in Aizawl', '14 in Serchhip district': a number with an 'in' phrase naming a place."""
    return any(p.dep_ == "prep" and p.lower_ in ("in", "at") and any(
        o.dep_ == "pobj" and (o.ent_type_ in ("GPE", "LOC", "FAC") or o.pos_ == "PROPN" or any(
            c.dep_ == "compound" and c.pos_ == "PROPN" for c in o.children)) and o.ent_type_ not in ("DATE", "TIME")
        for o in p.children) for p in num.children)


def _counts_people(reading: Reading, fig: FoundFigure) -> bool:
    if fig.unit_hint is not None:
        return False
    noun = reading.counted
    if noun is None:
        return True
    lemma = _lemma(noun)
    if lemma in lexicon.NOT_PEOPLE and lemma not in lexicon.GROUP_UNITS:
        return False
    return True


def _noun_phrase_text(noun: Token) -> str:
    toks = [t for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod") and not t.like_num and t.i >= noun.i - 3]
    first = min([noun.i, *(t.i for t in toks)])
    return noun.doc[first:noun.i + 1].text


def _perpetrator(verb: Token | None) -> str | None:
    if verb is None or verb.pos_ not in ("VERB",):
        return None
    for c in verb.children:
        if c.dep_ == "nsubj" and _harm_of(verb) != "displaced" and c.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase_text(c)
        if c.dep_ == "agent":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    return _noun_phrase_text(obj)
    for tok in verb.subtree:  # "killed in an attack by the RSF"
        if tok.dep_ == "prep" and tok.lower_ == "by" and tok.head != verb:
            for obj in tok.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in ("ORG", "NORP", "GPE", "PERSON"):
                    return _noun_phrase_text(obj)
    return None


def _evidence(analysis: Analysis, fig: FoundFigure, reading: Reading, sentence: tuple[int, int]) -> tuple[int, int]:
    """The number, its noun and the harm word: the shortest verbatim stretch that holds all three."""
    points = [fig.start, fig.end]
    for tok in (reading.verb, reading.counted):
        if tok is not None:
            points += [tok.idx, tok.idx + len(tok.text)]
    if reading.verb is not None and _lemma(reading.verb) == "be":  # "6,000 were at the transit centre": the place
        place = next((p.right_edge for p in reading.verb.children if p.dep_ == "prep" and p.i > reading.verb.i), None)
        if place is not None:
            points.append(place.idx + len(place.text))
    a, b = max(min(points), sentence[0]), min(max(points), sentence[1])
    if b - a > 200:  # far apart in a long sentence: keep the number's side
        a, b = fig.start, min(fig.end + 120, sentence[1])
    return a, b


def _when(verb: Token | None, sentence_tokens: list[Token]) -> str | None:
    """A date phrase in the harm verb's clause, with 'since'/'so far' kept: cumulative tolls say so."""
    scope = list(verb.subtree) if verb is not None else sentence_tokens
    for tok in scope:
        if tok.ent_type_ == "DATE" and tok.ent_iob_ == "B":
            ent = entity_at(tok)
            if ent is None:
                continue
            start = ent.start
            if start > 0 and tok.doc[start - 1].lower_ in ("since", "until", "by"):
                start -= 1
            return tok.doc[start:ent.end].text
    for tok in scope:
        if tok.lower_ in ("far", "total", "overall", "cumulative", "altogether") and (
                tok.lower_ != "far" or (tok.i > 0 and tok.doc[tok.i - 1].lower_ == "so")):
            return "so far" if tok.lower_ == "far" else tok.text
    return None


def _place(verb: Token | None, sentence: tuple[int, int], locations: list[Location], fig: FoundFigure) -> str | None:
    """A named place in the verb's clause, else the one nearest the number in its sentence."""
    if verb is not None:
        lo = min(t.idx for t in verb.subtree)
        hi = max(t.idx + len(t.text) for t in verb.subtree)
        inside = [loc for loc in locations if loc.span and lo <= loc.span[0] < hi and loc.kind != "country"]
        if inside:
            return min(inside, key=lambda loc: abs(loc.span[0] - fig.start)).name  # type: ignore[index]
    near = [loc for loc in locations if loc.span and sentence[0] <= loc.span[0] < sentence[1]]
    if near:
        return min(near, key=lambda loc: abs(loc.span[0] - fig.start)).name  # type: ignore[index]
    return None


class _Sources:
    """The first speaker whose sentence overlaps a figure's sentence, found by bisection.

    A report has thousands of figures and attributions; scanning every
    attribution for every figure made a 1 MB file quadratic.
    """

    def __init__(self, attributions: list[Attribution]) -> None:
        self.order = sorted(range(len(attributions)), key=lambda i: attributions[i].sentence[0])
        self.starts = [attributions[i].sentence[0] for i in self.order]
        self.attributions = attributions

    def __call__(self, sentence: tuple[int, int]) -> str | None:
        hits: list[int] = []
        lo = bisect.bisect_left(self.starts, sentence[0])
        hi = bisect.bisect_left(self.starts, sentence[1], lo)
        hits += self.order[lo:hi]  # attributions that start inside the sentence
        k = lo - 1  # and those that start before it and run into it (sentences never nest: look back a little)
        while k >= 0 and lo - k <= 16:
            if self.attributions[self.order[k]].sentence[1] > sentence[0]:
                hits.append(self.order[k])
            k -= 1
        return self.attributions[min(hits)].speaker if hits else None


def _victim_slot(tok: Token) -> tuple[Token, Category] | None:
    """The harm word that makes a lone noun a victim, and its category. The noun may stand in the victim's
    place itself ('a guard was killed'), be a conjunct of a victim ('wounded six officers and a driver'), be
    named inside a counted group ('four guards, including a sergeant, were killed'), or be named as one of
    the dead ('the dead included a teacher', 'among the dead was a farmer'): each is one victim more."""
    slot = tok
    while slot.dep_ == "conj" or (slot.dep_ == "pobj" and slot.head.lower_ == "including"):
        slot = slot.head if slot.dep_ == "conj" else slot.head.head
    if slot.dep_ in ("nsubjpass", "dobj"):
        if cat := _harm_of(slot.head):
            return slot.head, cat
        for state in slot.head.children:  # "was shot dead", "shot dead a woman", "was found dead"
            right_after = state.dep_ == "advmod" and state.i == slot.head.i + 1  # "shot dead", parsed as a manner
            if (state.dep_ in ("oprd", "acomp") or right_after) and (cat := _harm_of(state)) and cat != "displaced":
                return state, cat
        if slot.dep_ == "dobj" and (dead := _harmed_including(slot.head)) is not None:
            return dead  # "the dead included a woman"
    if slot.dep_ in ("nsubjpass", "dobj", "nsubj") and (state := _grave_condition(slot.head)) is not None:
        return state, "wounded"  # "sent a man to hospital in serious condition", "a boy was in critical condition"
    if slot.dep_ == "pobj" and slot.head.lower_ == "of" and _lemma(slot.head.head) in ("body", "corpse") and (
            _lemma(slot) in lexicon.PERSON_NOUNS or slot.ent_type_ == "PERSON"):
        return slot.head.head, "killed"  # "recovered the body of a young man" (never "the body of a bus")
    if slot.dep_ in ("nsubj", "attr") and _lemma(slot.head) == "be":  # "among the dead were a woman and ..."
        for prep in slot.head.children:
            if prep.dep_ == "prep" and prep.lower_ == "among":
                for group in prep.children:
                    if group.dep_ == "pobj" and group.pos_ in ("NOUN", "ADJ") and (
                            cat := _harm_of(group) or _victims_kind(group)):
                        return group, cat
                    # "a child was among those wounded", "among those who died"
                    clause = next((k for k in group.children if k.dep_ in ("acl", "relcl")), None) \
                        if group.dep_ == "pobj" and group.lower_ == "those" else None
                    if clause is not None and (cat := _harm_of(clause)) and cat != "displaced":
                        return clause, cat
    for clause in (c for c in tok.children if c.dep_ == "relcl"):
        # "Mahsa Amini, who died in police custody", "a man who was shot dead": the clause's subject is the noun
        who = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that")),
                   None)
        if who is None or any(c.dep_ == "dobj" for c in clause.children):
            continue  # "a man who killed five": the noun did it
        if (cat := _harm_of(clause)) and cat != "displaced" and (who.dep_ == "nsubjpass" or _lemma(clause) in _INTRANSITIVE):
            return clause, cat
    if slot.dep_ == "nsubj" and _lemma(slot.head) in _INTRANSITIVE and (cat := _harm_of(slot.head)) and (
            cat != "displaced") and not any(c.dep_ == "prt" for c in slot.head.children):  # not "died out"
        return slot.head, cat  # "a police officer died in hospital", "a woman and her two daughters died"
    return None


def _harmed_including(verb: Token) -> tuple[Token, Category] | None:
    """'the dead include(d) …', 'the injured included …': the harmed group that includes the object, and its kind."""
    if _lemma(verb) != "include":
        return None
    for subj in verb.children:
        if subj.dep_ == "nsubj" and subj.pos_ in ("NOUN", "ADJ") and (cat := _harm_of(subj)):
            return subj, cat
        if subj.dep_ == "nsubj" and subj.lower_ == "those":  # "those killed included three children"
            for clause in subj.children:
                if clause.dep_ in ("acl", "relcl") and (cat := _harm_of(clause)) and cat != "displaced":
                    return clause, cat
    return None


def _victims_kind(noun: Token) -> Category | None:
    """'Among the victims was a mother': 'victim' alone names no kind of harm; the dead, when this sentence or
    the one before it speaks only of deaths ('the number of those killed rose to 20. Among the victims ...')."""
    if _lemma(noun) != "victim":
        return None
    sent = noun.sent
    start = sent.start
    if start > 0:
        start = noun.doc[start - 1].sent.start
    kinds = {_harm_of(t) for t in noun.doc[start:sent.end] if t.i != noun.i} - {None, "displaced"}
    return "killed" if kinds == {"killed"} else None


_COLLECTIVE_NOUNS = frozenset("group family crowd convoy unit team gathering party delegation".split())


def _singular_victims(analysis: Analysis, taken: set[int]) -> list[tuple[Token, Token, Category, Token]]:
    """'A police guard was killed', 'a journalist was wounded', 'killed one man and injured another', 'three
    soldiers, including a captain, were killed': one victim, no number word. Each comes with its harm word."""
    found = []
    for tok in analysis.doc:
        # "another" standing alone for a person: "another was wounded", "killed one and injured another"
        another = tok.lower_ == "another" and not any(c.dep_ in ("nummod", "prep") for c in tok.children)
        if (tok.tag_ not in ("NN", "NNP") and not another) or tok.i in taken:
            continue
        if another and tok.dep_ not in ("nsubjpass", "dobj"):
            continue
        slot = _victim_slot(tok)
        if slot is None:
            continue
        verb, cat = slot
        if cat == "displaced" or _lemma(tok) in lexicon.NOT_PEOPLE or _hypothetical(Reading(cat, verb, tok)):
            continue
        if _lemma(tok) in lexicon.VAGUE_AMOUNTS or _lemma(tok) in _COLLECTIVE_NOUNS:
            # "a large number was injured", "a handful were hurt": vague, like "many", not one victim; nor is
            # "killed a group", "a family was killed": a group of people of no number
            continue
        if any(c.dep_ == "prep" and c.lower_ == "of" and any(t.like_num and not _is_age(t) for t in c.subtree)
               for c in tok.children):
            continue  # "a total of 18 people were killed", "a group of five": the number inside is the count
        if another:
            found.append((tok, tok, cat, verb))
            continue
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        # a name the NER missed is still a person when an age is set off after it ("Sameh Aqtash, 37,")
        is_person = tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and any(_is_age(c) for c in tok.children))
        # "a young mother, her baby and a midwife": a conjunct with a possessive is one more victim
        poss_conj = det is None and tok.dep_ == "conj" and any(c.dep_ == "poss" for c in tok.children)
        # "killed its driver", "his wife was wounded": one person named by whose they are
        poss_person = det is None and _lemma(tok) in lexicon.PERSON_NOUNS and any(
            c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)
        if (det is not None and det.lower_ in ("a", "an")) or is_person or poss_conj or poss_person:
            if any(c.like_num and not _is_age(c) for c in tok.children):
                continue
            first = next(c for c in tok.children if c.dep_ == "poss") if poss_conj or poss_person else (
                det if det is not None and not is_person else _first_of_name(tok))
            found.append((first, tok, cat, verb))
    return found


def _along_with(with_: Token) -> Token | None:
    """The verb of 'killed along with 12 civilians' ('along' parsed as the verb's particle or as the
    head of 'with'), or None when 'with' means something else ('clashed with 50 fighters')."""
    if with_.head.lower_ in ("along", "together"):
        return with_.head.head
    verb = with_.head
    if any(c.lower_ in ("along", "together") and c.i == with_.i - 1 for c in verb.children):
        return verb
    return None


_REFUGE_NOUNS = frozenset("refuge shelter safety sanctuary asylum".split())


def _estimated_group(group: Token) -> Category | None:
    """The kind of a group a figure is given for in apposition: 'the displaced, estimated at 30,000', or
    'residents of 40 villages, estimated at 25,000 people, have deserted their homes' (the group in flight)."""
    if cat := _harm_of(group):
        return cat
    if group.dep_ in ("nsubj", "nsubjpass") and _lemma(group) not in _NOT_IN_FLIGHT and _flight_context(group.head):
        return "displaced"
    return None


def _forced_away(to_do: Token) -> bool:
    """What people are forced to do that is flight: 'to flee', 'to seek refuge', 'to leave their homes'."""
    return _harm_of(to_do) == "displaced" or _seeks_refuge(to_do) or (_lemma(to_do) in ("leave", "abandon") and any(
        o.dep_ == "dobj" and _left_place(o) for o in to_do.children))


def _seeks_refuge(verb: Token) -> bool:
    """'seek refuge', 'find shelter', 'take refuge': the words of flight without a flight verb."""
    return _lemma(verb) in ("seek", "find", "take") and any(
        c.dep_ == "dobj" and _lemma(c) in _REFUGE_NOUNS for c in verb.children)


# Places people in flight are taken in: "arrived at the camp", "had gone to a shelter".
_REFUGE_PLACES = frozenset("camp shelter settlement centre center facility site checkpoint crossing border".split())
_ARRIVAL_VERBS = frozenset("arrive reach".split())
_MOVE_VERBS = frozenset("arrive go move head flock pour stream".split())
# A crowd's movement words: pouring or streaming into another country is flight across a border.
_FLOOD_VERBS = frozenset("pour stream flock flood surge".split())
_CARE_PLACES = frozenset("hospital clinic morgue mortuary".split())
# Seeking or getting medical care after an attack is being wounded: "sought medical help", "received treatment".
_CARE_SEEKING = frozenset("seek receive get".split())


def _care_for_other(verb: Token) -> bool:
    """'treated for malaria', 'medical help for chronic diseases': care for something that is not an injury."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"] + [
        p for o in verb.children if o.dep_ == "dobj" for p in o.children if p.dep_ == "prep" and p.lower_ == "for"]
    return any(o.dep_ == "pobj" and _lemma(o) not in lexicon.INJURY_NOUNS and not _harm_of(o)
               for p in preps for o in p.children)
# Subjects that arrive or move on duty, not in flight: "500 soldiers arrived in the town".
_NOT_IN_FLIGHT = frozenset("""
soldier troop fighter militant rebel peacekeeper police policeman officer gunman jihadist insurgent
reinforcement official delegate delegation journalist reporter worker volunteer observer inspector
diplomat foreigner national expatriate staff tourist protester demonstrator
""".split()) | lexicon.ARMED_GROUP_WORDS


# Staying somewhere: in a camp or a shelter it is where people in flight are kept ("living in camps").
_STAY_VERBS = frozenset("live stay remain shelter sleep squat settle".split())
# Places of refuge a stay is in (no border posts or checkpoints: people live near those without fleeing).
_SHELTER_PLACES = frozenset("camp shelter settlement site centre center".split())
_FRONTIER_NOUNS = frozenset("border frontier boundary".split())


# "Hosts 400,000 refugees", "the camps house 20,000 people", "hosting 1 million Rohingya": a standing population
# of the displaced (the codebook), when what is hosted is a count of people rather than fans or delegates.
_HOST_VERBS = frozenset("host house accommodate".split())
_HOSTED_PEOPLE = frozenset("people person civilian individual family household child woman man".split())


def _hosted_people(counted: Token) -> bool:
    return _lemma(counted) in _HOSTED_PEOPLE or (counted.ent_type_ == "NORP" and _lemma(counted) not in _NOT_IN_FLIGHT)


def _crosses_border(verb: Token) -> bool:
    """'crossed the border', 'crossed the frontier into X', 'crossed into X' (a named place or a country)."""
    for c in verb.children:
        if c.dep_ == "dobj" and _lemma(c) in _FRONTIER_NOUNS:
            return True
        if c.dep_ in ("prep", "prt") and c.lower_ in ("into", "over") and any(
                o.dep_ == "pobj" and (o.ent_type_ in ("GPE", "LOC") or _lemma(o) in ("country", *_FRONTIER_NOUNS))
                for o in c.children):
            return True
    return False


def _left_place(obj: Token) -> bool:
    """The object of 'leave' that is a place: a home, a town, the country, a named place."""
    return _lemma(obj) in _HOME_NOUNS or _lemma(obj) in ("district", "province", "country") or (
        obj.ent_type_ in ("GPE", "LOC"))


def _with_hosts(place: Token) -> bool:
    """Relatives or host families taken in by, the other refuge of the displaced besides camps: 'with
    relatives', 'with host families', 'in the houses of relatives'."""
    def hosts(noun: Token) -> bool:
        return _lemma(noun) == "relative" or (_lemma(noun) in ("family", "community") and any(
            c.dep_ in ("compound", "amod") and _lemma(c) == "host" for c in noun.children))
    if hosts(place):
        return True
    return _lemma(place) in ("house", "home") and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(o.dep_ == "pobj" and hosts(o) for o in c.children)
        for c in place.children)


def _flight_context(verb: Token) -> bool:
    """Words around a verb whose subject is a number of people that say those people are in flight, though the
    verb itself is no displacement word: a flight in an 'after'/'since' clause or a participle ('were registered
    after fleeing', 'after leaving their homes', 'crossed the border, seeking refuge'), waiting or arriving
    'hoping to find shelter', going to a camp or shelter, or arriving at a named place or a reception place
    ('arrived at the transit centre', 'arrived in Kassala'). Arrivals at a hospital are the wounded, not the
    displaced ('30 people arrived at the hospital')."""
    def flight(clause: Token) -> bool:
        if _harm_of(clause) == "displaced" or _seeks_refuge(clause):
            return True
        if _lemma(clause) == "leave" and any(c.dep_ == "dobj" and (_left_place(c) or (
                c.pos_ == "PROPN" and c.ent_type_ not in ("ORG", "NORP"))) for c in clause.children):
            # "after leaving their homes", "after leaving the province", "after leaving Kassala" (a place name
            # the small NER may tag as a person: a count of people leaves places, not a person)
            return True
        # "hoping to find shelter", "trying to seek refuge": the refuge sought in a complement
        return any(c.dep_ == "xcomp" and _seeks_refuge(c) for c in clause.children)
    if _lemma(verb) == "camp":
        return True  # "4,000 people were camped in a field", "another 1,400 camped in the district"
    if _lemma(verb) == "register" and any(p.dep_ == "prep" and p.lower_ == "as" and any(
            o.dep_ == "pobj" and _harm_of(o) == "displaced" for o in p.children) for p in verb.children):
        return True  # "nearly 30,000 people have registered as IDPs"
    if _lemma(verb) in _FLOOD_VERBS and any(p.dep_ in ("prep", "prt") and p.lower_ in ("into", "across") and any(
            o.dep_ == "pobj" and (o.ent_type_ in ("GPE", "LOC") or _lemma(o) in _FRONTIER_NOUNS) for o in p.children)
            for p in verb.children):
        return True  # "some 20,000 Rohingya poured into Bangladesh", "streamed across the border"
    if _lemma(verb) in _FLOOD_VERBS and any(p.dep_ in ("prep", "prt") and p.lower_ == "out" and any(
            o.dep_ == "pobj" and (_left_place(o) or _lemma(o) in ("city", "town", "village", "area", "region"))
            for of in p.children if of.dep_ == "prep" and of.lower_ == "of" for o in of.children) for p in verb.children):
        return True  # "thousands of civilians streamed out of the city"
    if _seeks_refuge(verb):
        return True  # "around 8,000 people sought refuge in Chad"
    if _lemma(verb) in _STAY_VERBS and any(
            p.dep_ == "prep" and p.lower_ in ("in", "at", "inside") and any(
                o.dep_ == "pobj" and _lemma(o) in _SHELTER_PLACES for o in p.children) for p in verb.children):
        return True  # "20,000 people are living in camps", "were staying at the evacuation centre"
    if _lemma(verb) == "be" and any(p.dep_ == "prep" and p.lower_ in ("in", "at", "inside") and any(
            o.dep_ == "pobj" and _refuge_site(o) for o in p.children) for p in verb.children):
        return True  # "more than 6,000 Congolese were at the transit centre", "40,000 are in camps"
    if _lemma(verb) in _STAY_VERBS | {"move"} and any(
            p.dep_ == "prep" and p.lower_ in ("in", "at", "with") and any(
                o.dep_ == "pobj" and _with_hosts(o) for o in p.children) for p in verb.children):
        # "16,000 more are staying with relatives", "living in the homes of host families", "moved in with relatives"
        return True
    if _lemma(verb) == "cross" and _crosses_border(verb):
        return True  # "nearly 750,000 crossed the border", "1,000 crossed into the country" (the codebook)
    if _lemma(verb) in ("leave", "abandon", "desert") and any(c.dep_ == "dobj" and _left_place(c) for c in verb.children):
        # "2,000 people left their homes" (the codebook's "forced from their homes"), "300,000 people have left
        # the country", "left Kassala": a count of people leaving a place; those leaving on duty or as foreign
        # nationals are kept out by the caller's subject list
        return True
    for c in verb.children:
        if c.dep_ == "advcl" and flight(c):
            return True
        if c.dep_ == "prep" and c.lower_ in ("after", "since"):
            if any(o.dep_ == "pcomp" and flight(o) for o in c.children):
                return True
    if _lemma(verb) in _MOVE_VERBS:
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("at", "to", "in", "into", "towards", "toward"):
                continue
            for place in prep.children:
                if place.dep_ != "pobj" or _lemma(place) in _CARE_PLACES:
                    continue
                if _lemma(place) in _REFUGE_PLACES:
                    return True  # "had gone to a camp", "arrived at the facility"
                if _lemma(place) in ("area", "place", "location", "ground", "zone") and any(
                        m.dep_ == "amod" and _lemma(m) in ("safe", "safer", "secure") for m in place.children):
                    return True  # "3,000 families have moved to safer areas"
                if _lemma(verb) in _ARRIVAL_VERBS and place.ent_type_ in ("GPE", "LOC", "FAC"):
                    return True  # "arrived in Kassala", "arrived at Qayara air strip"
    return False


# What makes a centre or a site one for people in flight: "transit centre", "displacement site", "IDP camp".
_REFUGE_SITE_WORDS = frozenset("transit evacuation reception displacement refugee idp relocation".split())


def _refuge_site(place: Token) -> bool:
    """A camp or shelter, or a centre, site or settlement named for people in flight (a bare "centre" may be
    a community centre or a shopping centre)."""
    lemma = _lemma(place)
    if lemma in ("camp", "shelter"):
        return True
    return lemma in _SHELTER_PLACES and any(
        c.dep_ in ("compound", "amod") and _lemma(c) in _REFUGE_SITE_WORDS for c in place.children)


def _returned(noun: Token | None) -> bool:
    """'former refugees', '5,000 displaced people have returned home': the count is of returnees."""
    if noun is None:
        return False
    former = any(c.dep_ == "amod" and c.lower_ == "former" for c in noun.children)
    return former or (noun.dep_ == "nsubj" and _lemma(noun.head) == "return")


def _speaks(noun: Token | None) -> bool:
    return noun is not None and noun.dep_ == "nsubj" and _lemma(noun.head) in lexicon.SPEECH_VERBS


def _first_of_name(tok: Token) -> Token:
    ent = entity_at(tok)
    if ent is not None:
        return tok.doc[ent.start]
    while tok.i > 0 and tok.doc[tok.i - 1].dep_ == "compound" and tok.doc[tok.i - 1].head.i in (tok.i, tok.i + 1) \
            and tok.doc[tok.i - 1].pos_ == "PROPN":  # a name the NER missed: its compound parts
        tok = tok.doc[tok.i - 1]
    return tok


def _is_headline_repeat(analysis: Analysis, start: int, items: list[tuple[int, str, int]], cat: str, low: int) -> bool:
    """A headline restates the lead: its figure is coded once, with the body's words."""
    head = analysis.headline()
    if head is None or not (head[0] <= start < head[1]):
        return False
    return any(s >= head[1] and c == cat and v == low for s, c, v in items)


_FURTHER_WORDS = frozenset("another further additional more new".split())


def _coordinated(noun: Token | None) -> set[int]:
    """The other members of the coordination a noun belongs to ('women' and 'children' in 'three women and
    three children'), as token indices; empty when it stands alone."""
    if noun is None:
        return set()
    first = noun
    while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        first = first.head
    members = {first.i}
    stack = [first]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and c.i not in members:
                members.add(c.i)
                stack.append(c)
    return members - {noun.i}


@dataclass(frozen=True)
class _Told:
    """A figure already kept, as much of it as decides whether a later one restates it."""

    category: str
    low: int
    place: str | None
    further: str | None  # the number's words when it says it adds to another ("another 1,400")
    word: str | None  # the harm word of a vague figure ("thousands fled")
    counted: int | None  # the counted noun's token index
    verb: int | None = None  # the harm word's token index


def _two_arguments(told: _Told, reading: Reading) -> bool:
    """'Two children, a woman and two men were killed': two counted nouns of one harm word are two groups, even
    where the parse lost the coordination between them."""
    return told.verb is not None and reading.verb is not None and told.verb == reading.verb.i and (
        told.counted is not None and reading.counted is not None and told.counted != reading.counted.i)


def _same_place(a: str | None, b: str | None) -> bool:
    """No place on either side, or the same one: the same number elsewhere is another incident."""
    return a is None or b is None or a == b


def _is_further(analysis: Analysis, fig: FoundFigure, reading: Reading) -> bool:
    """'another 3,000 people', 'a further 200 families', '500 more': a figure that says it adds to one told
    before is never a restatement of it, though the number is the same."""
    words = [t for t in (analysis.doc.char_span(fig.start, fig.end, alignment_mode="expand") or [])]
    if reading.counted is not None:
        words += [c for c in reading.counted.children if c.dep_ in ("det", "amod", "advmod")]
    before = analysis.doc[words[0].i - 1] if words and words[0].i > 0 else None
    return any(t.lower_ in _FURTHER_WORDS for t in words) or (before is not None and before.lower_ in _FURTHER_WORDS)


def build_figures(analysis: Analysis, locations: list[Location], attributions: list[Attribution],
                  household_size: float | None = None) -> tuple[list[Casualty], list[Displacement]]:
    """Every casualty and displacement figure the syntax supports, with its evidence span."""
    found: list[tuple[FoundFigure, Reading, tuple[int, int]]] = []
    counted_tokens: set[int] = set()
    source_of = _Sources(attributions)
    for fig in find_figures(analysis.text):
        num = _number_token(fig, analysis)
        if num is None:
            continue
        reading = read_number(num)
        if reading is None and found and found[-1][2] == analysis.sentence_at(fig.start):
            reading = _elided(num, found[-1][1])
        if reading is None or not _counts_people(reading, fig) or _hypothetical(reading):
            continue
        if _dead_or_wounded(reading):
            continue  # "left hundreds dead or wounded": no split, the codebook skips it
        if reading.category == "displaced" and _speaks(reading.counted):
            continue  # "Two residents who fled told AFP": who the witnesses are, not a count of the displaced
        if reading.category == "displaced" and _returned(reading.counted):
            continue  # "8,000 former IDPs have returned home": returnees are no longer displaced (the codebook)
        found.append((fig, reading, analysis.sentence_at(fig.start)))
        if reading.counted is not None:
            counted_tokens.add(reading.counted.i)
    values = [(f.start, r.category, f.figure.low) for f, r, _ in found]
    casualties: list[Casualty] = []
    displacement: list[Displacement] = []
    told: list[_Told] = []
    for fig, reading, sentence in found:
        if _is_headline_repeat(analysis, fig.start, values, reading.category, fig.figure.low):
            continue
        # The lead's toll restated later ("left 15 people dead" after "killed 15 civilians", or in a quote)
        # is one reported figure, coded once; the same number at another named place is another incident.
        # A lone victim ("a soldier was killed") is not read here.
        place = _place(reading.verb, sentence, locations, fig)
        # 'another 1,400' is never the restatement of a plain 1,400 told before, but a sentence that says
        # 'another 1,400' twice (a lead repeated in the body) is one figure.
        further = fig.figure.text.lower() if _is_further(analysis, fig, reading) else None
        # A vague word ("thousands", "dozens") is a floor, not a count: 'thousands fled' and later 'thousands
        # displaced' or 'thousands arrived' are not one figure told twice. It restates one told before only
        # with the same harm word ('thousands fled ... thousands who fled').
        word = _lemma(reading.verb) if fig.figure.qualifier == "vague" and reading.verb is not None else None
        # "three women and three children", "killed two soldiers and two civilians": members of one
        # coordination are different people, never one figure told twice.
        members = _coordinated(reading.counted)
        if any(t.category == reading.category and t.low == fig.figure.low and _same_place(t.place, place)
               and (further is None or t.further == further) and (word is None or t.word in (None, word))
               and not (t.counted is not None and t.counted in members)
               and not _two_arguments(t, reading) for t in told):
            continue
        told.append(_Told(reading.category, fig.figure.low, place, further, word,
                          reading.counted.i if reading.counted is not None else None,
                          reading.verb.i if reading.verb is not None else None))
        ev = _evidence(analysis, fig, reading, sentence)
        sent_tokens = list(analysis.doc.char_span(*sentence, alignment_mode="expand") or [])
        common = dict(evidence=analysis.text[ev[0]:ev[1]], span=ev, match="exact",
                      source=source_of(sentence))
        if reading.category == "displaced":
            unit: DisplacementUnit = lexicon.GROUP_UNITS.get(_lemma(reading.counted), "people") if reading.counted else "people"  # type: ignore[assignment]
            estimate, size = _people(fig.figure.low, unit, household_size)
            origin, destination = _movement(reading.verb)
            displacement.append(Displacement(figure=fig.figure, unit=unit, people_estimate=estimate,
                                             household_size=size, origin=origin, destination=destination,
                                             period=_when(reading.verb, sent_tokens), **common))
        else:
            victims = _noun_phrase_text(reading.counted) if reading.counted is not None and \
                reading.counted.lower_ not in ("others", "more", "people") or (
                reading.counted is not None and reading.counted.lower_ == "people") else None
            casualties.append(Casualty(kind=reading.category, figure=fig.figure, victims=victims,
                                       perpetrator=_perpetrator(reading.verb),
                                       location=place,
                                       when=_when(reading.verb, sent_tokens), **common))
    # Each lone victim is one figure, also inside a list ("a mother, her baby and a midwife" are three). But
    # lone victims joined under one harm word that restate a number told before ("wounding two people" then
    # "a man and a woman were wounded") are that figure again, and the same lone victim told twice ("a
    # Syrian soldier was killed", later "a soldier was killed") is coded once, like any restated figure.
    singles = _singular_victims(analysis, counted_tokens)
    told_singles: set[tuple[str, str, str | None]] = set()
    for det, noun, cat, verb in singles:
        sentence = analysis.sentence_at(noun.idx)
        a = det.idx
        b = max(noun.idx + len(noun.text), verb.idx + len(verb.text))
        if verb.idx < a:
            a = verb.idx
        phrase = analysis.text[det.idx:noun.idx + len(noun.text)]
        figure = Figure(text=phrase, low=1, high=1, qualifier="exact")
        place = _place(verb, sentence, locations, FoundFigure(a, b, phrase, figure))
        together = _coordinated(noun) | {noun.i}
        joined = [s for s in singles if s[3] == verb and s[2] == cat and s[1].i in together]
        if len(joined) > 1 and any(t.category == cat and t.low == len(joined) and t.further is None
                                   and _same_place(t.place, place) for t in told):
            continue
        if any(k[:2] == (cat, _lemma(noun)) and _same_place(k[2], place) for k in told_singles):
            continue
        told_singles.add((cat, _lemma(noun), place))
        casualties.append(Casualty(
            kind=cat, figure=figure, victims=_noun_phrase_text(noun),
            perpetrator=_perpetrator(verb), location=place,
            when=None, evidence=analysis.text[a:b], span=(a, b), match="exact",
            source=source_of(sentence)))
    return casualties, displacement


def _movement(verb: Token | None) -> tuple[str | None, str | None]:
    """'fled from X to Y', 'crossed into Y'."""
    origin = destination = None
    if verb is None:
        return None, None
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None or obj.ent_type_ not in ("GPE", "LOC", "FAC"):
            continue
        if prep.lower_ in ("to", "into", "towards", "toward") and destination is None:
            destination = _noun_phrase_text(obj)
        elif prep.lower_ in ("from", "out") and origin is None:
            origin = _noun_phrase_text(obj)
    return origin, destination


def _people(low: int, unit: DisplacementUnit, household_size: float | None) -> tuple[int | None, float | None]:
    """People from families/households only with a household size someone chose (never a silent default)."""
    if unit == "people":
        return low, None
    if household_size is None:
        return None, None
    return round(low * household_size), household_size


# What may stand before a lone victim with no number: "a guard", "another", "its driver", "her baby".
_SINGULAR_DETERMINERS = frozenset("a an another his her its their my our your".split())


def figure_problems(item: Casualty | Displacement, text: str) -> str | None:
    """Why an item may not stand in a brief, or None: its evidence and number must be the article's."""
    if not item.evidence or item.span is None or text[item.span[0]:item.span[1]] != item.evidence:
        return "evidence is not verbatim in the article"
    fig = item.figure
    if fig.text not in item.evidence:
        return "number phrase is not in its evidence"
    parsed = parse_figure(fig.text)
    if parsed is None and f"{fig.text} of" in item.evidence:
        parsed = parse_figure(f"{fig.text} of")  # "scores" and "tens" are numbers only before "of"
    if parsed is None:
        words = fig.text.split()
        if fig.low == 1 and words and words[0].lower() in _SINGULAR_DETERMINERS or fig.low == 1 and fig.text[:1].isupper():
            return None  # a singular victim: "a police guard", "her baby"
        return "figure text has no number"
    if parsed.low != fig.low:
        return f"figure {fig.low} does not match its text {fig.text!r}"
    return None
