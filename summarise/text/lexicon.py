"""Word lists the text layer reads: one place for every list, so a rule is never tied to one country.

The lists are lemmas (spaCy's `token.lemma_`, lower case) unless named
otherwise. They are general English news vocabulary: nothing here names a
particular conflict, party or place. Country names come from pycountry, not
from a hand list.
"""

from __future__ import annotations

from functools import lru_cache

# --- who said it -------------------------------------------------------------

# Ranks and titles written with a stop that spaCy's English exceptions do not already hold ("Gen.", "Gov.",
# "Dr." are there): each is one token, so the stop never ends a sentence before the name.
TITLE_ABBREVIATIONS = tuple("""
Brig Col Lt Maj Capt Sgt Cpl Cmdr Cdr Insp Supt Pvt Amb Pres Hon
""".split())

# Verbs whose subject is the speaker and whose complement is what was said.
SPEECH_VERBS = frozenset("""
say tell claim deny accuse warn confirm announce report state add insist allege blame urge note
explain stress argue assert declare reject dismiss vow pledge promise threaten acknowledge admit
estimate tweet write condemn describe reiterate maintain suggest predict complain charge contend
refute dispute contradict testify recount recall quote post indicate reveal disclose
demand highlight express welcome praise lament deplore decry believe
""".split())
# Words of alarm that voice a position as a state ("UNHCR is alarmed by reports of …", "deeply concerned that …"):
# a claim only as a participle or adjective with a "by/about/over/at" phrase or a that-clause (the NGOs' voice).
CONCERN_WORDS = frozenset("""
alarm alarmed concern concerned worry worried shock shocked appal appall appalled dismay dismayed
sadden saddened horrify horrified outrage outraged
""".split())
# Verbs that state a position only with "for"/"on": "called for an investigation", "appealed to".
CALL_VERBS = frozenset("call appeal".split())
# Among those, the ones that contest another party's statement.
DENIAL_VERBS = frozenset("deny reject dismiss refute dispute contradict".split())
DENIAL_STATUS = {"deny": "denied", "refute": "denied", "reject": "denied"}  # the rest: "disputed"
CONFIRM_VERBS = frozenset({"confirm"})
# Verbs that voice a judgement by naming a thing as something ("called the attack a war crime",
# "branded the vote a sham"): a claim only with an object predicate (`oprd`).
CHARACTERISE_VERBS = frozenset("call term brand label dub".split())

# Verbs that attribute a quotation only when they close it ('“…,” he continued').
GO_ON_VERBS = frozenset("continue".split())
# Verbs that report a figure when their object is a toll ("gave a toll of five", "put the death toll at 40").
FIGURE_VERBS = frozenset("give put place set raise revise lower update".split())

# Generic speakers: kept as claimants (the text names no one else), never as actors.
GENERIC_SPEAKERS = frozenset("""
official officials source sources resident residents witness witnesses people locals villager villagers
medic medics doctor doctors activist activists observer observers analyst analysts survivor survivors
relative relatives family families police army military spokesman spokesperson spokeswoman
""".split())

# Singular nouns for one person (not a body): "the officer said … he added" points back to them,
# "the body of a child" is one dead, and "a man of 45" is an age.
PERSON_NOUNS = frozenset("""
official source resident witness villager medic doctor nurse activist observer analyst survivor relative
spokesman spokesperson spokeswoman commander leader member representative envoy minister chief head director
officer negotiator aide adviser advisor journalist reporter correspondent photographer diplomat researcher
man woman farmer teacher worker student mother father brother sister son daughter wife husband
child boy girl baby infant person civilian soldier fighter policeman policewoman guard pilot driver
""".split())

# A brief lists an article's main claims, as the gold does ("the main attributed assertions": five to
# eight in a long report), not every sentence with "said" in it. Past this many, the least central go
# (claims.main_claims).
MAIN_CLAIMS = 8

# Words for unnamed people beyond the singular person nouns above: "experts said", "locals said".
PEOPLE_NOUNS = frozenset("""
people locals expert elder lawmaker legislator parent
""".split())
# Every word for a person or people, singular or not: who can be counted as a victim or heard as a voice.
PEOPLE_WORDS = PERSON_NOUNS | PEOPLE_NOUNS

# Subjects of "said" that are documents or findings, not speakers: "the statement said" is its issuer's.
INANIMATE_SPEAKERS = frozenset("""
statement report communique communiqué release post video message letter document review data figure figures
information law munition munitions tally count assessment analysis footage image images record records note
survey study investigation finding findings toll estimate estimates update bulletin notice tweet tweets
reports tv television radio media outlet outlets newspaper website account channel
""".split())
# Heads of "a Taliban spokesman", "a Hamas official": the organisation they speak for is the claimant.
ROLE_NOUNS = frozenset("""
official officials spokesman spokesperson spokeswoman spokespeople commander commanders leader leaders source
sources member members representative representatives envoy minister chief head director officer officers
negotiator negotiators aide aides adviser advisers advisor
""".split())

# --- what a number counts ----------------------------------------------------

# Verb and adjective lemmas that put a number of people in a category.
HARM_LEMMAS: dict[str, str] = {
    **dict.fromkeys("kill die slay murder massacre execute assassinate behead martyr neutralise neutralize "
                    "slaughter perish shoot_dead".split(), "killed"),
    **dict.fromkeys("wound injure hurt maim hospitalise hospitalize".split(), "wounded"),
    **dict.fromkeys("miss disappear".split(), "missing"),
    # "6,000 people were sheltering at the compound": people in refuge are displaced people.
    **dict.fromkeys("displace flee uproot evacuate relocate expel escape shelter evict".split(), "displaced"),
}
# Nouns and adjectives that are the category themselves ("12 dead", "30 injured",
# "the bodies of 5 people", "2 million refugees", "15 deaths").
HARM_WORDS: dict[str, str] = {
    # ("corpses" too: the lemmatizer makes it "corps")
    **dict.fromkeys("dead death fatality body corpse corpses killed martyr martyred victim deceased".split(), "killed"),
    **dict.fromkeys("injured wounded injury hurt".split(), "wounded"),
    **dict.fromkeys("missing disappeared unaccounted".split(), "missing"),  # "unaccounted for"
    **dict.fromkeys("displaced refugee idp idps evacuee asylum-seeker uprooted homeless".split(), "displaced"),
}
# Nouns for acts of harm, which take their victims with "of": "the killing of 38 villagers".
HARM_EVENTS: dict[str, str] = {
    **dict.fromkeys("killing killings massacre execution murder slaughter assassination".split(), "killed"),
    **dict.fromkeys("wounding injuring".split(), "wounded"),
    **dict.fromkeys("displacement expulsion eviction exodus evacuation".split(), "displaced"),
    **dict.fromkeys("disappearance".split(), "missing"),
}
# "victim" alone names harm but not its kind: only with death words nearby it means killed.
AMBIGUOUS_HARM = frozenset({"victim", "homeless"})
# Verbs whose object "lives" are lives lost: "the attack claimed 70 lives", "cost 12 lives" (never "saved").
LIFE_VERBS = frozenset("claim take cost".split())
# "Five others sustained injuries", "three received gunshot wounds": a subject that suffers injuries is wounded.
SUFFER_VERBS = frozenset("sustain suffer receive".split())
INJURY_NOUNS = frozenset("injury wound burn".split())
# Toll nouns: "the death toll rose to 45", "the toll stands at 30".
TOLL_NOUNS = frozenset({"toll", "tally", "count", "number"})
TOLL_KIND = {"death": "killed", "casualty": "killed", "body": "killed", "injury": "wounded",
             "displacement": "displaced"}
# Verbs that order, plan or ask for an act that has not happened yet: "ordered the evacuation of 5,000".
# With a person object and a to-clause it is the order itself: "told 200,000 people to evacuate".
ORDER_VERBS = frozenset("order plan call demand urge request propose announce prepare recommend seek "
                        "tell ask advise instruct warn".split())
# Verbs that mean "made them flee" and take the people as object, with the flight in an xcomp.
# ("forcibly removed from their houses", "expelled from their villages", "chased from their homes")
FORCE_VERBS = frozenset("force drive push compel remove expel evict chase".split())

# Counted nouns that are never people: a number of these is not a casualty.
NOT_PEOPLE = frozenset("""
day week month year hour minute second decade century time km kilometre kilometer mile metre meter
percent per cent dollar euro pound village town city district province region area house home
building school hospital vehicle car truck tank drone rocket missile shell bomb round plane aircraft
helicopter attack strike raid airstrike operation incident clash battle case point step seat vote
country nation state site camp checkpoint base position post border crossing mosque church kilogram
ton tonne litre liter gallon barrel sheep cattle cow goat animal head page article report word
community hamlet settlement neighbourhood neighborhood locality municipality commune county tent shelter
""".split())
# Singular nouns that name a vague amount of people: "a large number was injured" is no lone victim.
VAGUE_AMOUNTS = frozenset("number handful majority minority lot host multitude".split())
# Counted nouns that count groups of people, with their brief unit.
GROUP_UNITS = {"family": "families", "household": "households"}

# --- what kind of actor ------------------------------------------------------

# Lower-case words inside an organisation's name that settle its kind.
GOVERNMENT_BODY_WORDS = frozenset("""
ministry ministries department office council parliament commission agency authority authorities
court police directorate bureau cabinet presidency senate assembly embassy administration
""".split())
ARMED_GROUP_WORDS = frozenset("""
army forces force militia militias brigade brigades battalion regiment front movement rebels rebel
guard guards troops military insurgents insurgency fighters jihadists mujahideen corps division
""".split())
INTERNATIONAL_WORDS = frozenset("""
united nations un unhcr unicef unrwa ocha who wfp iom icrc red crescent cross nato african union
european union eu amnesty human rights watch msf médecins sans frontières doctors without borders
""".split())
# Words that make a name an organisation's whatever the NER says or the preposition before it
# ("a researcher at Human Rights Watch", "reports from the Monitoring Network"): never a place.
ORGANISATION_WORDS = frozenset("""
network relations committee organisation organization foundation institute society association party
coalition alliance group mission programme program fund monitor observatory services watch
""".split())
# Lower-case words that make a force noun a side in a conflict without naming it ("government forces",
# "rebel coalition", "resistance forces", "the state government"): the kind of side, never a particular one.
SIDE_WORDS = frozenset("""
government rebel rebels resistance opposition state federal regional provincial county insurgent
separatist jihadist loyalist pro-government anti-government security
""".split())
# Days, feasts and seasons that the small NER tags as places or bodies ("on Palm Sunday", "before Eid al-Adha").
TIME_NAME_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday eid ramadan christmas easter passover hanukkah
diwali nowruz lent advent day
""".split())
# Weapons and vehicles whose model names the NER tags ORG ("Iskander-M missiles", "a Black Hawk helicopter",
# "mortars, artillery, Grad"): a name that modifies one, or is listed with them, is a weapon, not an actor.
WEAPON_NOUNS = frozenset("""
missile missiles rocket rockets helicopter helicopters drone drones jet jets tank tanks artillery mortar
mortars shell shells bomb bombs aircraft plane planes launcher launchers rifle rifles howitzer howitzers
uav uavs warplane warplanes
""".split())
# Outlets that carry words rather than speak them; NER tags them ORG like any other body.
# Matched on the whole normalised name (a leading "the" dropped).
# A name ending in one of these is an outlet ("Fana Broadcasting Corporate", "Kabul Times", "Radio Okapi").
MEDIA_WORDS = frozenset("""
broadcasting broadcaster broadcast television tv radio news newspaper times tribune gazette herald
""".split())
# Words that make an outlet the state's own ("state television", "state-run agency", "Army Radio"): such an
# outlet speaks for the state and is a claimant of its own, where other outlets only carry words.
STATE_MEDIA_WORDS = frozenset("state state-run state-owned government government-run official army military".split())
STATE_MEDIA_HEADS = frozenset("tv television radio media outlet outlets newspaper channel agency broadcaster".split())
MEDIA_NAMES = frozenset(n.strip() for n in """
afp|agence france-presse|agence france presse|reuters|ap|associated press|al jazeera|aljazeera|bbc|cnn
xinhua|tass|ria novosti|sputnik|anadolu|anadolu agency|dpa|efe|ansa|kyodo|yonhap|irna|wafa|sana|isna
fars|tasnim|tolonews|tolo news|pajhwok|khaama press|ariana news|france 24|rfi|dw|deutsche welle
al arabiya|sky news|voa|voice of america|interfax|ukrinform|guardian|new york times|washington post
bloomberg|npr|pbs|abc news|nbc news|cbs news|fox news|haaretz|times of israel|jerusalem post
kyiv independent|bernama|ani|pti|nhk|al-jazeera|al mayadeen|press tv|arab news|the national
""".replace("\n", "|").split("|") if n.strip())

# Platforms where groups and officials post ("said on Telegram", "in a video on YouTube"): the place a
# statement appeared, never an actor, a speaker or a group that a description stands for.
PLATFORM_NAMES = frozenset("telegram twitter facebook whatsapp youtube instagram tiktok vkontakte signal".split())

# International bodies and aid groups that report from every conflict. The small NER often misses them at a
# sentence start ("Human Rights Watch called the attack a war crime" has no entity), so the entity ruler
# tags them (lower case; acronyms of four letters or fewer are left to the NER: "who" is a word). Names that
# begin longer ones ("United Nations", "Red Cross" in "Kenya Red Cross Society") are left to the NER too.
INTERNATIONAL_BODY_NAMES = frozenset(n.strip() for n in """
human rights watch|amnesty international|doctors without borders|medecins sans frontieres
médecins sans frontières|international committee of the red cross|international rescue committee
norwegian refugee council|save the children|oxfam|world food programme|world food program
world health organization|world health organisation|unicef|unhcr|unrwa|monusco|minusma|minusca|unmiss
unama|ecowas|amisom|international organization for migration|international organisation for migration
international criminal court
""".replace("\n", "|").split("|") if n.strip())
# Armed groups active in many conflicts whose names the small NER misses or splits ("Islamic" as NORP): the
# entity ruler tags them, and entity_edges extends a name to its affiliate ("Islamic State West Africa Province").
ARMED_GROUP_NAMES = frozenset("islamic state|wagner group|wagner|africa corps".split("|"))

# Titles before a name become the actor's role ("Foreign Minister X" -> role "Foreign Minister").
TITLE_WORDS = frozenset("""
president prime minister foreign interior defence defense deputy vice chief commander general gen
lt col colonel major maj capt captain sgt sergeant admiral adm brig brigadier spokesman spokeswoman
spokesperson secretary ambassador governor mayor sheikh mullah mr mrs ms dr prof professor king
queen prince emir senator rep representative leader head director envoy officer minister's
acting former senior top special lieutenant lt. gen. col. maj. brig. capt. sgt. dr. mr. ms. mrs.
""".split())

# Place words that follow a name to make a facility or area ("X airport", "X camp").
FACILITY_NOUNS = frozenset("""
airport hospital camp crossing prison base port bridge market university mosque church school
square stadium refinery dam checkpoint
""".split())


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Lower-case country names and common short forms, from pycountry (ISO 3166)."""
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value.lower())
                # "Iran, Islamic Republic of" -> "iran"
                names.add(value.split(",")[0].strip().lower())
    # Short forms that news uses and ISO does not list.
    names |= {"us", "u.s.", "usa", "u.s.a.", "america", "uk", "u.k.", "britain", "great britain",
              "russia", "syria", "iran", "south korea", "north korea", "dr congo", "drc", "congo",
              "ivory coast", "palestine", "kosovo", "taiwan", "vietnam", "laos",
              "bolivia", "venezuela", "tanzania", "moldova", "the netherlands", "czech republic",
              "turkey", "burma", "democratic republic of congo", "democratic republic of the congo"}
    return frozenset(names)
