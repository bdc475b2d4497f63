"""Names that code can find without a model, to lift recall where a 1.5B model misses.

General patterns only, nothing tuned to one corpus: country names, people
with a title ("spokesman Zabihullah Mujahid", "Gen. Kenneth F. McKenzie Jr."),
whoever a speech verb names ("Muttaqi said"), ministries and offices,
well-known international bodies, and places named with what they are
("Baghlan province", "Torkham border crossing"). The results are drafts like
the model's and go through the same grounding and de-duplication; where the
model named the same entity, its kind wins.
"""

from __future__ import annotations

import re

from .schema import ActorDraft, ActorKind, LocationDraft, LocationKind

COUNTRIES = {
    "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan",
    "Bahrain", "Bangladesh", "Belarus", "Belgium", "Benin", "Bolivia", "Bosnia", "Botswana", "Brazil", "Bulgaria",
    "Burkina Faso", "Burundi", "Cambodia", "Cameroon", "Canada", "Chad", "Chile", "China", "Colombia", "Congo",
    "Croatia", "Cuba", "Cyprus", "Czech Republic", "Denmark", "Djibouti", "Ecuador", "Egypt", "Eritrea", "Estonia",
    "Ethiopia", "Finland", "France", "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Guatemala",
    "Guinea", "Haiti", "Honduras", "Hungary", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
    "Ivory Coast", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia",
    "Lebanon", "Liberia", "Libya", "Lithuania", "Madagascar", "Malawi", "Malaysia", "Mali", "Mauritania", "Mexico",
    "Moldova", "Mongolia", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nepal", "Netherlands", "New Zealand",
    "Nicaragua", "Niger", "Nigeria", "North Korea", "Norway", "Oman", "Pakistan", "Palestine", "Panama", "Peru",
    "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda", "Saudi Arabia", "Senegal", "Serbia",
    "Sierra Leone", "Somalia", "South Africa", "South Korea", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Sweden",
    "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Togo", "Tunisia", "Turkey", "Turkmenistan",
    "Uganda", "Ukraine", "United Arab Emirates", "United Kingdom", "United States", "Uruguay", "Uzbekistan",
    "Venezuela", "Vietnam", "Yemen", "Zambia", "Zimbabwe",
}
ORGANISATIONS = {
    "United Nations", "NATO", "European Union", "African Union", "Arab League", "Red Cross", "Red Crescent",
    "UNHCR", "UNICEF", "World Health Organization", "World Food Programme", "WFP", "OCHA", "IOM",
    "Amnesty International", "Human Rights Watch", "Doctors Without Borders", "World Bank", "IMF", "OSCE",
    "International Criminal Court", "Security Council",
}
_TITLE = (r"(?i:spokes(?:man|woman|person)|(?:foreign |defen[cs]e |interior |prime )?minister|president|commander|"
          r"leader|chief|general|Gen\.|envoy|ambassador|governor|negotiator|Mullah|Sheikh|Maulvi|Mr\.?|Mrs\.?|Ms\.?|"
          r"Dr\.?|director|secretary|chairman|deputy|senator|mayor|colonel|Col\.|Lt\.|Maj\.|Capt\.|official|"
          r"founder|head)")
_NAME = r"(?:[A-Z][\w’'-]+|[A-Z]\.)(?: (?:[A-Z][\w’'-]+|[A-Z]\.|Jr\.|al-\w+|bin|de|van))*"
_TITLED = re.compile(rf"(?:\b([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?) )?\b{_TITLE} ({_NAME})")
_SPEAKER = re.compile(rf"\b({_NAME}) (?:has |had |have )?(?:said|says|told|claimed|announced|added|warned|"
                      r"stated|tweeted|insisted|urged|denied)\b")
_BODY = re.compile(r"\b((?:[A-Z][\w’'-]+ )*(?:Ministry|Office|Commission|Council|Department|Agency|Committee|"
                   r"Command)(?: (?:of|for) (?:the )?[A-Z][\w’'-]+(?: (?:and )?[A-Z][\w’'-]+)*)?)")
_PLACE = re.compile(r"\b((?:[A-Z][\w’'-]+ ){0,2}[A-Z][\w’'-]+) (province|district|city|town|village|valley|"
                    r"region|area|border crossing|airport|airbase)\b")
# "a town called Wesh", "the city of Herat", "the capital Kabul", "visit to Balkh"
_PLACE_BEFORE = re.compile(r"\b(province|district|city|town|village|valley|capital)(?: (?:called|named|of))? "
                           r"([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)")
_PLACE_KIND: dict[str, LocationKind] = {
    "province": "province", "district": "district", "city": "city", "town": "town", "village": "town",
    "valley": "region", "region": "region", "area": "region", "capital": "city", "border crossing": "border_crossing", "airport": "facility",
    "airbase": "facility",
}
# Capitalised words that start sentences or name no one.
_STOP = {"The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "In", "On", "At",
         "But", "And", "Since", "After", "Before", "Under", "According", "Some", "Many", "Afghan", "Western", "Local",
         "Now", "There", "His", "Her", "Their", "Our", "Its", "When", "While", "If", "As", "Also"}


class FoundActor(ActorDraft):
    """A pattern-found actor; patterns can also tell whose side it is on."""

    affiliation: str | None = None


def _clean(name: str) -> str | None:
    words = name.strip(" ,.'’").split()
    while words and words[0] in _STOP:
        words = words[1:]
    if not words or (len(words) == 1 and len(words[0]) < 3):
        return None
    return " ".join(words)


def _actor_kind(name: str) -> ActorKind:
    if kind := known_kind(name):
        return kind
    if re.search(r"\bOffice\b", name):
        return "government_body"
    return "person" if 2 <= len(name.split()) <= 4 else "other"


def known_kind(name: str) -> ActorKind | None:
    """The kind a name settles by itself (a country, a known body, a ministry), else None."""
    if name in COUNTRIES:
        return "government"
    if name in ORGANISATIONS or name.startswith(("United Nations", "UN ")):
        return "international_org"
    if re.search(r"\b(Ministry|Commission|Council|Department|Agency|Committee|Command)( (of|for) .+)?$", name):
        return "government_body"  # only when the body word ends the name: not "Ministry spokesman X"
    return None


_LEADING_TITLE = re.compile(rf"^(?:.*\b)?{_TITLE} (?=[A-Z])")


def split_title(name: str) -> tuple[str | None, str]:
    """("Interior Ministry spokesman", "Tareq Arian") from "Interior Ministry spokesman Tareq Arian"."""
    m = _LEADING_TITLE.match(name)
    if not m or len(name) == m.end():
        return None, name
    return m.group(0).strip(), name[m.end():]


def tidy_place(name: str) -> tuple[str, str | None]:
    """A place phrase cut to its name, with the enclosing place when the phrase gives it.

    "Spin Boldak district in Kandahar Province" -> ("Spin Boldak district", "Kandahar Province");
    "Qatari capital, Doha" -> ("Doha", None); "Kabul, Afghanistan" -> ("Kabul", "Afghanistan").
    """
    if " in " in name:
        inner, outer = name.split(" in ", 1)
        return inner.strip(), outer.strip() or None
    if ", " in name:
        head, tail = name.split(", ", 1)
        if any(w[:1].islower() for w in head.split()):  # "Qatari capital": a description, then the name
            return tail.strip(), None
        return head.strip(), tail.strip()
    return name, None


def find_names(text: str) -> tuple[list[ActorDraft], list[LocationDraft]]:
    """Actor and place drafts found by patterns, in order of first appearance."""
    actors: dict[str, ActorDraft] = {}
    places: dict[str, LocationDraft] = {}

    def actor(name: str | None, kind: ActorKind | None = None, role: str | None = None,
              affiliation: str | None = None) -> None:
        if name and name not in actors and name not in places:
            actors[name] = FoundActor(name=name, kind=kind or _actor_kind(name), role=role, affiliation=affiliation)

    for m in _TITLED.finditer(text):
        name = _clean(m.group(2))
        if name and name not in COUNTRIES and name not in ORGANISATIONS:
            role = text[(m.end(1) if m.group(1) else m.start()):m.start(2)].strip()
            actor(name, "person", role, _clean(m.group(1)) if m.group(1) else None)
    for m in _SPEAKER.finditer(text):
        name = _clean(m.group(1))
        tail_of_longer = text[max(0, m.start() - 4):m.start()] in (" of ", "of t")  # "Ministry of Interior said"
        titled = name and any(name.endswith(" " + known) for known in actors)  # "US President Joe Biden"
        if name and name not in COUNTRIES and not tail_of_longer and not titled:
            actor(name)
    for m in _BODY.finditer(text):
        actor(_clean(m.group(1)), "government_body")
    for org in ORGANISATIONS:
        if re.search(rf"\b{re.escape(org)}\b", text):
            actor(org, "international_org")
    for m in _PLACE.finditer(text):
        name = _clean(m.group(1))
        if name and name not in places:
            places[name] = LocationDraft(name=f"{name} {m.group(2)}" if m.group(2) in ("border crossing", "airport",
                                                                                   "airbase") else name,
                                         kind=_PLACE_KIND[m.group(2)])
    for m in _PLACE_BEFORE.finditer(text):
        name = _clean(m.group(2))
        if name and name not in places and name not in actors and name not in COUNTRIES:
            places[name] = LocationDraft(name=name, kind=_PLACE_KIND[m.group(1)])
    for country in COUNTRIES:
        if re.search(rf"\b{re.escape(country)}\b", text) and country not in places:
            places[country] = LocationDraft(name=country, kind="country")
    return list(actors.values()), list(places.values())
