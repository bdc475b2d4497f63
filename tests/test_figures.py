"""Figures from syntax, on short made-up news sentences: what a number counts, and what is not a casualty."""

from __future__ import annotations

import pytest

from summarise.text.claims import build_claims
from summarise.text.figures import build_figures, figure_problems
from summarise.text.names import build_names
from summarise.text.nlp import analyse

# (sentence, number phrase, category or None, displacement unit, victims)
CASES = [
    # a part of a harmed group shares its kind; a toll given with "is"
    ("Officials said four of the dead were children.", "four", "killed", None, None),
    ("Twenty of the injured are in critical condition.", "Twenty", "wounded", None, None),
    ("The number of bodies brought to the morgue is 31, a nurse said.", "31", "killed", None, None),
    ("The number of guests at the wedding is 300.", "300", None, None, None),
    # people at a camp or a centre for people in flight are displaced; at any other centre they are not
    ("As of Monday, more than 2,000 Eritreans were at the reception centre.", "more than 2,000", "displaced",
     "people", None),
    ("About 200 people were at the community centre when it was hit.", "About 200", None, None, None),
    # headline style: a state with no verb, a count the parse hangs on the verb
    ("Two soldiers dead, five missing after ambush", "five", "missing", None, None),
    ("Two soldiers dead, five missing after ambush", "Two", "killed", None, "soldiers"),
    ("Thousands flee as fighting spreads in the north", "Thousands", "displaced", "people", None),
    ("The toll is one of the worst in the conflict.", "one", None, None, None),
    # harm in words other than a harm verb
    ("Thirty people were taken to hospital with injuries.", "Thirty", "wounded", None, "people"),
    ("Five soldiers were evacuated with gunshot wounds.", "Five", "wounded", None, "soldiers"),
    ("Twelve people were arrested with weapons.", "Twelve", None, None, None),
    ("The body count rose to 88.", "88", "killed", None, None),
    ("Three civilians succumbed to their injuries in hospital.", "Three", "killed", None, "civilians"),
    ("The regime succumbed to pressure from 20 countries.", "20", None, None, None),
    ("The dead include six children and two women.", "six", "killed", None, "children"),
    ("Medics treated 30 people for injuries.", "30", "wounded", None, "people"),
    ("Medics treated 30 people for dehydration.", "30", None, None, None),
    ("Five police officers were among those killed.", "Five", "killed", None, "police officers"),
    # flight in words other than a flight verb
    ("UNHCR has recorded 14,000 new arrivals in the past month.", "14,000", "displaced", "people", None),
    ("More than 60,000 people have been forced to leave their homes.", "More than 60,000", "displaced", "people",
     None),
    ("The displaced population now stands at 2.4 million.", "2.4 million", "displaced", "people", None),
    ("The population of the district now stands at 2.4 million.", "2.4 million", None, None, None),
    ("About 200 families were evicted from their land.", "About 200", "displaced", "families", None),
    ("The violence has forced an estimated 15,000 people out of their homes.", "an estimated 15,000", "displaced",
     "people", None),
    ("The shelling left 300 families homeless.", "300", "displaced", "families", None),
    ("The bombardment made 5,000 people homeless.", "5,000", "displaced", "people", None),
    ("Some 5,000 people have been made homeless by the bombardment.", "Some 5,000", "displaced", "people", None),
    ("More than 3,000 families have moved to safer areas.", "More than 3,000", "displaced", "families", None),
    ("Some 200 soldiers moved to safer positions.", "Some 200", None, None, None),
    ("Around 8,000 people sought refuge in neighbouring Chad.", "Around 8,000", "displaced", "people", None),
    ("Nearly 40,000 residents have abandoned their homes since March.", "Nearly 40,000", "displaced", "people",
     None),
    ("About 30 soldiers abandoned their positions.", "About 30", None, None, None),
    # a bare total carries on the count of the clause it follows; a second state in "left N dead and M injured"
    ("Another 5,000 fled on Tuesday, bringing the total to 35,000.", "35,000", "displaced", "people", None),
    ("Three more civilians died on Sunday, bringing the total to 48.", "48", "killed", None, None),
    ("Sales rose by five percent, bringing the total to 300.", "300", None, None, None),
    ("The raid left two dead and 12 injured.", "12", "wounded", None, None),
    ("Some 2,000 families have been forced to move.", "Some 2,000", "displaced", "families", None),
    ("The company was forced to move 300 workers.", "300", None, None, None),
    # a part and its whole: what befell the part did not befall the whole, and "one of N killed" is inside N
    ("One of the five soldiers was killed.", "five", None, None, None),
    ("One of the five soldiers was killed.", "One", "killed", None, "soldiers"),
    ("He was one of 23 people killed in the attack.", "one", None, None, None),
    ("He was one of 23 people killed in the attack.", "23", "killed", None, "people"),
    # the headline's passive without its auxiliary; a present-tense subject with no object still did it
    ("Gaza health ministry says 12 killed", "12", "killed", None, None),
    ("About 10 families have moved in with relatives.", "About 10", "displaced", "families", None),
    ("About 10 families have moved in next door.", "About 10", None, None, None),
    # the group victims come from is not a count of victims; a count that goes on without its verb is one
    ("An earlier strike had killed 11 members of one family.", "one", None, None, None),
    ("An earlier strike had killed 11 members of one family.", "11", "killed", None, "members"),
    ("At least eight people were killed on Saturday and another six on Sunday.", "six", "killed", None, "people"),
    ("Some 2,000 people fled on Monday and a further 3,000 on Tuesday.", "3,000", "displaced", "people", None),
    # care after an attack is a wound, care for an illness is not; a toll noun with a harm word on it
    ("At least 189 people sought medical help.", "At least 189", "wounded", None, "people"),
    ("Over 400 people are being treated in hospitals.", "Over 400", "wounded", None, "people"),
    ("The 300 patients were treated in hospital for malaria.", "300", None, None, None),
    ("Some 3,000 people need medical treatment.", "Some 3,000", None, None, None),
    ("The injured count had reached 22.", "22", "wounded", None, None),
    ("Two-hundred-and-fifty civilians fled the latest clash.", "Two-hundred-and-fifty", "displaced", "people", None),
    # more ways a count of flight is given
    ("The number of displaced has doubled to 40,000.", "40,000", "displaced", "people", None),
    ("The displaced, estimated at 30,000, are living in schools.", "30,000", "displaced", "people", None),
    ("The crowd, estimated at 5,000, marched to the square.", "5,000", None, None, None),
    ("Residents of 40 villages, estimated at 25,000 people, have deserted their homes.", "25,000", "displaced",
     "people", None),
    ("Thousands continue to flee the violence every day.", "Thousands", "displaced", "people", None),
    ("About 50 soldiers had to flee the base.", "About 50", None, None, None),
    ("Fighting forced about 20,000 people from their homes in the district.", "about 20,000", "displaced",
     "people", None),
    ("The attacks bring to 30 the number of people killed this week.", "30", "killed", None, None),
    ("The number killed rose to 25.", "25", "killed", None, None),
    ("Those killed included three children and a pregnant woman.", "three", "killed", None, "children"),
    ("Fourteen people were gunned down at a checkpoint.", "Fourteen", "killed", None, "people"),
    ("The police shut down 14 shops.", "14", None, None, None),
    # a scale the tokenizer splits off or that is glued on
    ("Some 1.2m people have fled their homes.", "Some 1.2m", "displaced", "people", None),
    ("Nearly 2million people have been displaced.", "Nearly 2million", "displaced", "people", None),
    ("The influx has brought the camp population to 60,000.", "60,000", "displaced", "people", None),
    ("The camp population rose to 60,000.", "60,000", "displaced", "people", None),
    ("Some 5,000 people were forced into exile.", "Some 5,000", "displaced", "people", None),
    ("Some 20,000 Rohingya poured into Bangladesh.", "Some 20,000", "displaced", "people", None),
    ("Some 500 soldiers poured into the town.", "Some 500", None, None, None),
    ("Nearly 30,000 people have registered as IDPs.", "Nearly 30,000", "displaced", "people", None),
    ("Some 300 voters registered as candidates.", "Some 300", None, None, None),
    # a share is not a count, even of people taking shelter
    ("More than two thirds of those displaced are taking shelter in schools.", "two", None, None, None),
    # returnees are no longer displaced
    ("Some 9,000 former refugees have come back to the valley.", "Some 9,000", None, None, None),
    ("About 4,000 displaced people have returned to their villages.", "About 4,000", None, None, None),
    # counted places are not people
    ("Shelling forced five villages and three communities to flee.", "three", None, None, None),
    ("Almost a quarter of a million people have been displaced.", "Almost a quarter of a million", "displaced",
     "people", None),
    ("A bomb blast in Kabul killed four civilians and wounded 11 others, police reported.",
     "four", "killed", None, "civilians"),
    ("A bomb blast in Kabul killed four civilians and wounded 11 others, police reported.",
     "11", "wounded", None, None),
    ("The remarks came after at least seven Taliban fighters were killed.",
     "at least seven", "killed", None, "Taliban fighters"),
    ("Emergency said four dead and five wounded had been delivered to its hospital.", "four", "killed", None, None),
    ("Emergency said four dead and five wounded had been delivered to its hospital.", "five", "wounded", None, None),
    ("The militants indulged in revenge killings, leaving dozens of people dead.", "dozens", "killed", None, "people"),
    ("Police recovered the bodies of 12 people from the river.", "12", "killed", None, "people"),
    ("The death toll from the bombing has risen to 43, the ministry said.", "43", "killed", None, None),
    ("Two people died in hospital.", "Two", "killed", None, "people"),
    ("Five soldiers are missing after the ambush.", "Five", "missing", None, "soldiers"),
    ("The attacks killed at least 60 Afghans and 12 U.S. troops.", "12", "killed", None, "U.S. troops"),
    ("The attacks killed at least 60 Afghans and 12 U.S. troops.", "at least 60", "killed", None, "Afghans"),
    ("Rebels killed nine children from one family.", "nine", "killed", None, "children"),
    ("The army said it had neutralised 25 terrorists.", "25", "killed", None, "terrorists"),
    ("More than 93 martyrs were brought to the hospital.", "More than 93", "killed", None, "martyrs"),
    ("Taliban advances have driven more than 5,600 families from their homes.",
     "more than 5,600", "displaced", "families", None),
    ("5,600 families fled.", "5,600", "displaced", "families", None),
    ("About 1,200 households were forced from their homes.", "About 1,200", "displaced", "households", None),
    ("More than 200,000 people have fled since May.", "More than 200,000", "displaced", "people", None),
    ("Nearly 1,000 refugees crossed into Pakistan.", "Nearly 1,000", "displaced", "people", None),
    ("The fighting has displaced some 3,000 families.", "some 3,000", "displaced", "families", None),
    ("More than 21,000 people have been displaced, UNHCR said.", "More than 21,000", "displaced", "people", None),
    ("Initial estimates put the number of those killed at 20 people.", "20", "killed", None, None),
    # "N more" listed after a count, with no verb of its own, counts what that count counted
    ("The province hosts 40,000 registered refugees, and 2 million more who are unregistered.",
     "2 million", "displaced", "people", None),
    ("Two shepherds who had been kidnapped were found dead several kilometres from the town.",
     "Two", "killed", None, "shepherds"),
    ("The monitor gave a toll of two personnel from the air defence forces dead.", "two", "killed", None, None),
    ("So far, there are more than 93 martyrs, including 11 children and six women.", "11", "killed", None, None),
    ("Around 6,000 people had been sheltering at the compound.", "Around 6,000", "displaced", "people", None),
    ("About 8,000 people were forced to seek refuge after the rebels made gains.",
     "About 8,000", "displaced", "people", None),
    ("Four leaders of the group were neutralized along with 50 armed fighters.", "50", "killed", None, "armed fighters"),
    ("Three soldiers were killed along with 12 civilians in the attack.", "12", "killed", None, "civilians"),
    # lives lost, the deceased, a participle the parser gave the number as subject
    ("Nine passengers lost their lives when the bus was hit.", "Nine", "killed", None, None),
    ("\"I lost three of my sons in the raid,\" the farmer said.", "three", "killed", None, None),
    ("The battalion lost 14 soldiers in the ambush.", "14", "killed", None, None),
    ("The village lost 40 homes in the fire.", "40", None, None, None),
    ("The convoy lost three trucks to the flood.", "three", None, None, None),
    ("The ambush on the convoy claimed at least 14 lives.", "at least 14", "killed", None, None),
    ("The raid left the valley quiet, with 25 villagers deceased.", "25", "killed", None, None),
    ("Hundreds fled the town, with at least 35 reported deaths.", "at least 35", "killed", None, None),
    ("Paramedics saved 40 lives at the scene.", "40", None, None, None),
    # casualties are the killed and wounded together: only the breakdown has kinds
    ("There were 240 civilian casualties – 90 killed and 150 injured – in the district last year.",
     "240", None, None, None),
    ("There were 240 civilian casualties – 90 killed and 150 injured – in the district last year.",
     "150", "wounded", None, None),
    # a part named with "including" under a verb that is no harm word shares the counted whole's reading
    ("The war has driven 9 million people from their homes, including over 2 million who crossed the border.",
     "over 2 million", "displaced", "people", None),
    ("The raids forced 5,000 families from their villages, including 800 in the hills.",
     "800", "displaced", "families", None),
    ("The army deployed 3,000 troops, including 200 in the capital.", "200", None, None, None),
    # a range whose second number the parser hung on the first
    ("Along with the 2,000-2,500 internally displaced persons already sheltering in schools, more came.",
     "2,000-2,500", "displaced", "people", None),
    ("Some 3,000-4,000 internally displaced persons arrived at the camps.", "Some 3,000-4,000", "displaced", "people", None),
    # a harm participle the number modifies is a noun, even when the parser calls it a verb
    ("The toll is up from 12 dead and 35 wounded reported on Monday by a medical group.", "35", "wounded", None, None),
    # injuries suffered by the subject
    ("Six others sustained injuries in the blast.", "Six", "wounded", None, None),
    ("Three soldiers received gunshot wounds during the clash.", "Three", "wounded", None, None),
    ("Two clinics received 40 patients overnight.", "40", None, None, None),
    # a part of 'them' or 'whom' shares the kind and the unit of the group counted just before it
    ("The shelling injured 14 villagers, five of them seriously.", "five", "wounded", None, None),
    ("Nine others were hurt, of whom three were in serious condition.", "three", "wounded", None, None),
    ("The raids displaced 300 families, 120 of them from the same village.", "120", "displaced", "families", None),
    ("Police arrested 12 men, of whom four were later freed.", "four", None, None, None),
    # a total given for a group counts the group, and takes its harm word
    ("The displaced families, totalling about 9,000 people, need food.", "about 9,000", "displaced", "people", None),
    ("The refugees, numbering some 45,000, live in tents.", "some 45,000", "displaced", "people", None),
    ("Gunmen numbering about 20 stormed the market.", "about 20", None, None, None),
    # a number set beside "the number of <harm word>" is that number
    ("Chad has received the highest number of refugees — about 50,000 since May.", "about 50,000", "displaced",
     "people", None),
    ("The number of dead, 43, is expected to rise.", "43", "killed", None, None),
    ("The number of visitors, 500, was a record.", "500", None, None, None),
    # "unaccounted for" is missing
    ("More than 40 people were still unaccounted for after the raid.", "More than 40", "missing", None, None),
    ("Twelve fishermen remain unaccounted for.", "Twelve", "missing", None, None),
    ("Some 2 million dollars remain unaccounted for.", "Some 2 million", None, None, None),
    # an evacuation that happened is displacement; one ordered, planned or called for is not
    ("Shelling forced the evacuation of 3,000 residents.", "3,000", "displaced", "people", None),
    ("The evacuation of 2,000 people from the town was completed on Friday.", "2,000", "displaced", "people", None),
    ("The army ordered the evacuation of 5,000 residents.", "5,000", None, None, None),
    ("Officials are planning the evacuation of 300 families.", "300", None, None, None),
    ("Rebels called for the evacuation of 400 civilians.", "400", None, None, None),
    # told, urged or ordered to flee is an order, not a flight; forced to flee is one
    ("The army told some 200,000 people to evacuate toward the south.", "some 200,000", None, None, None),
    ("The militia ordered 3,000 families to flee.", "3,000", None, None, None),
    ("Gunmen forced 3,000 families to flee.", "3,000", "displaced", "families", None),
    # "dead or wounded" with no split is skipped; a split keeps both kinds
    ("The assault left hundreds dead or wounded.", "hundreds", None, None, None),
    ("At least 30 people were killed or wounded in the blast.", "At least 30", None, None, None),
    ("Gunmen killed or injured 25 villagers.", "25", None, None, None),
    ("Gunmen killed four and wounded 11.", "11", "wounded", None, None),
    ("Five were killed and two injured.", "Five", "killed", None, None),
    # a sub-count shares the kind a modifier gives the whole
    ("Officials listed 900 missing people, including 300 children.", "300", "missing", None, None),
    ("There are 900 displaced people in the camp, including 300 children.", "300", "displaced", "people", None),
    ("The town has 900 people, including 300 children.", "300", None, None, None),  # no harm word on the whole
    # people in flight told by the words around a plain verb: a flight after it, refuge sought, arrivals
    ("Officials said 700 families had been registered after fleeing the district.", "700", "displaced", "families", None),
    ("Officials said 700 families had been registered after leaving the province.", "700", "displaced", "families", None),
    ("About 2,000 people left their homes after the attack.", "About 2,000", "displaced", "people", None),
    ("At least 4,000 civilians were waiting at the gates, hoping to find shelter.", "At least 4,000", "displaced",
     "people", None),
    ("Thousands of civilians crossed the river, seeking refuge in the next province.", "Thousands", "displaced",
     "people", None),
    ("About 300 households had gone to a camp.", "About 300", "displaced", "households", None),
    ("Some 1,200 people arrived on Tuesday at the transit centre, and nearly 900 arrived at the stadium overnight.",
     "Some 1,200", "displaced", "people", None),
    ("Some 1,200 people arrived on Tuesday at the transit centre, and nearly 900 arrived at the stadium overnight.",
     "nearly 900", "displaced", "people", None),
    ("About 500 families were moving towards the camps.", "About 500", "displaced", "families", None),
    ("About 40,000 people have left the country since the fighting began.", "About 40,000", "displaced", "people",
     None),
    ("Some 300 foreign nationals left the country on Sunday.", "Some 300", None, None, None),
    ("Around 500 soldiers arrived in Goma on Monday.", "Around 500", None, None, None),
    ("About 30 people arrived at the hospital with gunshot wounds.", "About 30", None, None, None),
    ("Some 40 aid workers arrived at the camp.", "Some 40", None, None, None),
    # crossing a border, camping, living in camps or shelters: people in flight
    ("Almost 8,000 crossed the border last week.", "Almost 8,000", "displaced", "people", None),
    ("Some 2,500 crossed into the neighbouring country overnight.", "Some 2,500", "displaced", "people", None),
    ("A group of about 900 villagers was camped near the river.", "about 900", "displaced", "people", None),
    ("Most fled to the hills, and another 600 camped near the school.", "600", "displaced", "people", None),
    ("More than 12,000 people are living in makeshift camps outside the city.", "More than 12,000", "displaced",
     "people", None),
    ("About 450 families were staying at a shelter run by the church.", "About 450", "displaced", "families", None),
    ("Some 300 soldiers crossed the border on Friday.", "Some 300", None, None, None),
    ("Thousands of protesters camped outside the parliament.", "Thousands", None, None, None),
    ("About 2,000 people live in the town.", "About 2,000", None, None, None),
    # "asylum-seekers" is split by the tokenizer; the compound still names the displaced
    ("The fighting has sent 1,500 asylum-seekers into the country.", "1,500", "displaced", "people", None),
    ("Some 800 asylum seekers were registered at the border.", "Some 800", "displaced", "people", None),
    # a standing population hosted is displaced; a crowd hosted is not
    ("The camp houses 12,000 people.", "12,000", "displaced", "people", None),
    ("The district is hosting some 20,000 Burundians.", "some 20,000", "displaced", "people", None),
    ("The stadium hosted 40,000 fans.", "40,000", None, None, None),
    ("The hotel hosted 300 delegates.", "300", None, None, None),
    # "to death" after a violent verb is a killing; a sentence to death is not
    ("Police beat three protesters to death.", "three", "killed", None, "protesters"),
    ("Militants stabbed 4 villagers to death.", "4", "killed", None, "villagers"),
    ("A court sentenced five men to death.", "five", None, None, None),
    # the lives of N taken are the dead; saved ones are not
    ("The blast claimed the lives of 12 soldiers.", "12", "killed", None, "soldiers"),
    ("The army saved the lives of 30 children.", "30", None, None, None),
    # never a casualty
    ("Soldiers clashed with 50 fighters near the town.", "50", None, None, None),
    ("The gunmen threatened to kill 20 hostages.", "20", None, None, None),
    ("Around 650 United States service members will remain in Kabul.", "Around 650", None, None, None),
    ("The government deployed 3,000 troops to the province.", "3,000", None, None, None),
    ("The Taliban claimed 85% of the territory.", "85", None, None, None),
    ("The crossing is 30 km from Kunduz, where 5 were killed.", "30", None, None, None),
    ("The siege lasted 10 days and many died.", "10", None, None, None),
    ("Fighters overran 12 checkpoints and killed a guard.", "12", None, None, None),
    ("Donors pledged $2.3m for the wounded.", "2.3m", None, None, None),
    ("He said 15 fighters had surrendered and 3 were killed.", "15", None, None, None),
    ("The Taliban freed 20 prisoners and killed two guards.", "20", None, None, None),
    ("At least 100 casualties were reported.", "At least 100", None, None, None),
    ("Gunmen abducted 30 students from a school.", "30", None, None, None),
    ("Residents said JNIM fighters killed 40 villagers.", "40", "killed", None, "villagers"),
]


def test_a_wished_harm_is_no_casualty() -> None:
    _, (casualties, _) = _figures("We don't want a single innocent civilian to be injured, a spokesman said.")
    assert casualties == []


def _figures(text: str):
    analysis = analyse(text)
    actors, places = build_names(analysis)
    _, attributions = build_claims(analysis, actors)
    return analysis, build_figures(analysis, places, attributions)


@pytest.mark.parametrize(("text", "phrase", "category", "unit", "victims"), CASES)
def test_what_a_number_counts(text: str, phrase: str, category: str | None, unit: str | None,
                              victims: str | None) -> None:
    _, (casualties, displacement) = _figures(text)
    found = [(c.kind, None, c.victims) for c in casualties if c.figure.text == phrase]
    found += [("displaced", d.unit, None) for d in displacement if d.figure.text == phrase]
    if category is None:
        assert found == []
    else:
        assert found, f"{phrase!r} not found in {text!r}"
        assert found[0][:2] == (category, unit)
        if victims is not None:
            assert found[0][2] == victims


@pytest.mark.parametrize("text", sorted({case[0] for case in CASES}))
def test_evidence_is_verbatim_and_holds_the_number(text: str) -> None:
    analysis, (casualties, displacement) = _figures(text)
    for item in [*casualties, *displacement]:
        assert text[item.span[0]:item.span[1]] == item.evidence
        assert item.figure.text in item.evidence
        assert figure_problems(item, text) is None


def test_singular_victim_is_one() -> None:
    _, (casualties, _) = _figures("An Afghan police guard was killed near the gate on Monday.")
    assert [(c.kind, c.figure.low) for c in casualties] == [("killed", 1)]


def test_a_total_of_n_is_the_count_not_a_lone_victim() -> None:
    _, (casualties, _) = _figures("A total of 23 miners were killed when the shaft was shelled.")
    assert [(c.kind, c.figure.low) for c in casualties] == [("killed", 23)]


def test_another_alone_is_one_more_victim() -> None:
    _, (casualties, _) = _figures("A sniper killed one man and wounded another near the bridge.")
    assert sorted((c.kind, c.figure.low) for c in casualties) == [("killed", 1), ("wounded", 1)]
    _, (casualties, _) = _figures("Another 11 houses were damaged in the strike.")
    assert casualties == []


@pytest.mark.parametrize("sentence, expected", [
    # a lone victim beside a counted one, or named inside the counted group, is one victim more
    ("Gunmen wounded six police officers and a driver near the depot.", [("wounded", 1), ("wounded", 6)]),
    ("Four guards, including a sergeant, were killed in the raid.", [("killed", 1), ("killed", 4)]),
    # named as one of the dead
    ("The dead included a teacher, the governor said.", [("killed", 1)]),
    ("Among the dead were a farmer and his two sons.", [("killed", 1), ("killed", 2)]),
    # 'victims' takes its kind from the deaths told in the sentence or the one before; a possessive conjunct
    # is one more victim
    ("Officials said 30 people were killed in the raid. Among the victims was a farmer, his wife and a driver.",
     [("killed", 1), ("killed", 1), ("killed", 1), ("killed", 30)]),
    ("Ten people were injured. Among the victims was a teacher.", [("wounded", 10)]),
    # the body of one person
    ("Medics received the body of a 30-year-old man.", [("killed", 1)]),
    ("Divers recovered the body of a boy from the river.", [("killed", 1)]),
    ("Divers recovered the body of a lorry from the river.", []),  # a body of a thing is no dead person
    # a number after 'of' on one person is an age; on a family or a group it is the count
    ("A man of 45 was killed at the checkpoint.", [("killed", 1)]),
    ("A woman of 70 was wounded by shrapnel.", [("wounded", 1)]),
    ("A family of six was killed when the house collapsed.", [("killed", 6)]),
    # a number set off after a name is the person's age, and the named person is one victim
    ("Farmer Tomas Reyes, 54, was shot dead near his field.", [("killed", 1)]),
    ("Two cousins, Ana Pires, 19, and Rita Pires, 23, were wounded by shrapnel.", [("wounded", 2)]),
    ("In Marsabit, 12 herders were killed overnight.", [("killed", 12)]),
    # "shot dead", "found dead": the state word is the harm
    ("Raiders shot dead a herder at the well.", [("killed", 1)]),
    ("A trader was found dead outside the market.", [("killed", 1)]),
    # the harm verb joined to another passive shares its subject
    ("Nine miners were abducted and later killed by the gang.", [("killed", 9)]),
    ("Thirty men were arrested and questioned.", []),
    # not victims: no harm word governs them
    ("Police arrested a man and a woman near the depot.", []),
    ("A large number was critically injured in the stampede.", []),
    ("A handful were hurt by flying glass.", []),
    ("The convoy, including a truck, was hit by a drone.", []),
])
def test_lone_victim_in_a_list_or_among_the_dead_is_one(sentence: str, expected: list) -> None:
    _, (casualties, _) = _figures(sentence)
    assert sorted((c.kind, c.figure.low) for c in casualties) == expected


def test_source_is_the_sentences_speaker_and_perpetrator_the_subject() -> None:
    _, (casualties, _) = _figures("Residents said JNIM fighters killed 40 villagers in Djibo.")
    (c,) = casualties
    assert c.source == "Residents" and c.perpetrator == "JNIM fighters"


def test_families_get_no_people_estimate_without_a_household_size() -> None:
    analysis = analyse("The fighting has displaced 3,000 families.")
    _, displacement = build_figures(analysis, [], [])
    assert displacement[0].people_estimate is None and displacement[0].household_size is None
    _, displacement = build_figures(analysis, [], [], household_size=6.0)
    assert (displacement[0].people_estimate, displacement[0].household_size) == (18000, 6.0)


def test_cumulative_toll_keeps_its_period() -> None:
    _, (casualties, _) = _figures("Israeli strikes have killed 7,028 Palestinians since October 7, the ministry said.")
    assert casualties[0].when and "since" in casualties[0].when


def test_headline_repeat_is_kept_once() -> None:
    _, (casualties, _) = _figures("Blast kills 11 in Kabul\nA bomb killed 11 people in Kabul on Tuesday, police said.")
    assert [c.figure.low for c in casualties] == [11]


def test_a_toll_restated_later_is_coded_once() -> None:
    text = ("Gunmen killed 15 civilians in Haro on Monday, officials said. Residents fled the town. "
            "\"The attack left 15 people dead,\" a local official told reporters.")
    _, (casualties, _) = _figures(text)
    assert [(c.kind, c.figure.low) for c in casualties] == [("killed", 15)]


def test_another_figure_of_the_same_number_is_not_a_restatement() -> None:
    text = ("More than 1,000 people fled the village on Monday, officials said. "
            "A day later another 1,000 people fled the village, they said.")
    _, (_, displacement) = _figures(text)
    assert [d.figure.low for d in displacement] == [1000, 1000]


def test_another_figure_said_twice_is_one_figure() -> None:
    text = ("While most residents fled south, another 800 families fled to the hills. "
            "Aid workers said another 800 families fled to the hills, officials said.")
    _, (_, displacement) = _figures(text)
    assert [d.figure.low for d in displacement] == [800]


def test_a_vague_word_said_again_with_another_harm_word_is_another_figure() -> None:
    text = ("Thousands of villagers have fled the fighting, aid groups said. Weeks later, the shelling had "
            "left scores of homes burned and thousands displaced across the district.")
    _, (_, displacement) = _figures(text)
    assert [d.figure.low for d in displacement] == [1000, 1000]


def test_a_vague_word_said_again_with_the_same_harm_word_is_one_figure() -> None:
    text = ("Thousands of villagers have fled the fighting, aid groups said. "
            "\"Thousands have fled, and more are coming,\" a local official told reporters.")
    _, (_, displacement) = _figures(text)
    assert [d.figure.low for d in displacement] == [1000]


def test_a_clause_whose_complement_names_the_harm_tells_the_kind() -> None:
    _, (casualties, _) = _figures("Rescuers are looking for eight fishermen who were reported missing after the raid.")
    assert [(c.kind, c.figure.low) for c in casualties] == [("missing", 8)]


def test_a_clause_after_a_coordination_tells_the_kind_of_each_member() -> None:
    text = "Volunteers searched the hills for two farmers and five students, who have been reported missing."
    _, (casualties, _) = _figures(text)
    assert sorted((c.kind, c.figure.low) for c in casualties) == [("missing", 2), ("missing", 5)]


def test_the_same_number_in_one_coordination_is_two_figures() -> None:
    text = "The gunmen killed four guards and four drivers at the depot, the police said."
    _, (casualties, _) = _figures(text)
    assert sorted((c.kind, c.figure.low, c.victims) for c in casualties) == [
        ("killed", 4, "drivers"), ("killed", 4, "guards")]


def test_joined_lone_victims_that_restate_a_number_are_that_figure() -> None:
    text = ("The shell hit a market, wounding at least two people, a trader said. "
            "\"A boy and an old woman were wounded,\" he said.")
    _, (casualties, _) = _figures(text)
    assert [(c.kind, c.figure.low) for c in casualties] == [("wounded", 2)]


def test_joined_lone_victims_with_no_number_before_are_one_each() -> None:
    _, (casualties, _) = _figures("A farmer and a neighbour were killed when the shell hit the field.")
    assert [(c.kind, c.figure.low) for c in casualties] == [("killed", 1)] * 2


def test_the_same_lone_victim_told_twice_is_one_figure() -> None:
    text = ("A police officer was killed in the raid on Tuesday, the ministry said. "
            "An officer was killed and the station burned, a witness told reporters.")
    _, (casualties, _) = _figures(text)
    assert [(c.kind, c.figure.low) for c in casualties] == [("killed", 1)]


@pytest.mark.parametrize("sentence", [
    "Some 4,000 people have sought refuge in schools, while 2,500 more are staying with relatives.",
    "About 900 residents are now living with host families in the next valley, the agency said.",
    "Officials said 1,200 are staying in the homes of relatives across the province.",
])
def test_people_staying_with_relatives_or_host_families_are_displaced(sentence: str) -> None:
    _, (_, displacement) = _figures(sentence)
    assert any(d.figure.low in (2500, 900, 1200) for d in displacement)


def test_people_living_with_their_relatives_without_a_number_give_no_figure() -> None:
    _, (_, displacement) = _figures("Most families in the town live with relatives, a teacher said.")
    assert displacement == []


@pytest.mark.parametrize(("sentence", "kind", "low"), [
    ("The Red Cross said it had logged 420 reports of missing persons since the fighting began.", "missing", 420),
    ("Doctors recorded 75 cases of wounded civilians at the two clinics.", "wounded", 75),
])
def test_reports_or_cases_of_a_harmed_group_count_that_group(sentence: str, kind: str, low: int) -> None:
    _, (casualties, _) = _figures(sentence)
    assert [(c.kind, c.figure.low) for c in casualties] == [(kind, low)]


def test_reports_of_fighting_are_no_casualties() -> None:
    _, (casualties, _) = _figures("Monitors received 30 reports of shelling near the border on Sunday.")
    assert casualties == []


@pytest.mark.parametrize(("sentence", "low"), [
    ("Medics treated 45 people with gunshot wounds at the field clinic.", 45),
    ("Ambulances carried 80 victims with severe burns to the city hospital.", 80),
    ("Rescuers brought 60 villagers with various degrees of burns to the clinic.", 60),
    ("Nine of the passengers were in critical condition on Friday, doctors said.", 9),
])
def test_people_with_injuries_or_in_critical_condition_are_wounded(sentence: str, low: int) -> None:
    _, (casualties, _) = _figures(sentence)
    assert [(c.kind, c.figure.low) for c in casualties] == [("wounded", low)]


def test_people_with_no_injury_are_no_casualties() -> None:
    _, (casualties, _) = _figures("Aid workers met 45 people with children at the clinic; 12 were in good spirits.")
    assert casualties == []


def test_a_lone_victim_in_critical_condition_is_one_wounded() -> None:
    _, (casualties, _) = _figures("The second blast sent a teenager to hospital in critical condition.")
    assert [(c.kind, c.figure.low) for c in casualties] == [("wounded", 1)]


def test_the_same_number_at_two_named_places_is_two_figures() -> None:
    text = ("Shelling killed two civilians in Dara on Monday. On Tuesday, a drone strike killed two civilians "
            "in Kerem, the army said.")
    _, (casualties, _) = _figures(text)
    assert sorted((c.figure.low, c.location) for c in casualties) == [(2, "Dara"), (2, "Kerem")]


def test_witnesses_who_fled_are_speakers_not_a_count_of_the_displaced() -> None:
    _, (_, displacement) = _figures("Two residents who fled the village told reporters that gunmen had burnt the market.")
    assert displacement == []
    _, (_, displacement) = _figures("About 2,000 residents fled the village, officials said.")
    assert [d.figure.low for d in displacement] == [2000]


def test_a_list_of_bare_numbers_at_places_shares_the_first_count() -> None:
    # the codebook: a per-district list is one entry per district
    text = ("Most of the 3,100 displaced people sheltered in Gulu district, followed by 1,200 in Lira, "
            "640 in Kitgum and 35 in Amuru district, officials said.")
    _, (_, displacement) = _figures(text)
    assert [d.figure.low for d in displacement] == [3100, 1200, 640, 35]
    _, (casualties, _) = _figures("Shelling killed nine people in Dara on Monday, followed by four in Kerem.")
    assert [(c.kind, c.figure.low) for c in casualties] == [("killed", 9), ("killed", 4)]
    _, (_, displacement) = _figures("About 400 families fled the town, with 30 in 2019.")
    assert [d.figure.low for d in displacement] == [400]


def test_a_lone_victim_shot_to_death_is_one() -> None:
    _, (casualties, _) = _figures("Gunmen shot a farmer to death near the market.")
    assert [(c.kind, c.figure.low) for c in casualties] == [("killed", 1)]
    _, (casualties, _) = _figures("The court sentenced a soldier to death.")
    assert casualties == []


@pytest.mark.parametrize(("text", "victim", "kind"), [
    ("A police officer died in hospital.", "police officer", "killed"),
    ("A woman and her two daughters died when a shell hit their house.", "woman", "killed"),
    ("A child was among those wounded.", "child", "wounded"),
    ("Mahsa Amini, who died in police custody, was 22.", "Mahsa Amini", "killed"),
    ("The gunmen burned a minivan and killed its driver.", "driver", "killed"),
    ("The strike killed a young mother, her baby and a midwife.", "baby", "killed"),
])
def test_a_lone_victim_of_an_intransitive_harm_or_among_those_harmed(text: str, victim: str, kind: str) -> None:
    casualties, _ = build_figures(analyse(text), [], [])
    assert (kind, 1, victim) in [(c.kind, c.figure.low, c.victims) for c in casualties]
    assert all(figure_problems(c, text) is None for c in casualties)  # the brief keeps them: grounded


def test_a_thing_that_died_out_is_no_victim() -> None:
    assert build_figures(analyse("The committee died out."), [], [])[0] == []


@pytest.mark.parametrize("text", ["The soldiers killed a group of men.", "A man who killed five people was arrested."])
def test_a_group_or_a_killer_is_no_lone_victim(text: str) -> None:
    assert [c.figure.low for c in build_figures(analyse(text), [], [])[0] if c.figure.low == 1] == []


def test_two_counts_of_one_harm_word_are_two_groups_though_equal() -> None:
    casualties, _ = build_figures(analyse("Two children, a woman and two men were killed in the blast."), [], [])
    assert sorted((c.figure.low, c.victims) for c in casualties) == [(1, "woman"), (2, "children"), (2, "men")]


def test_scores_before_of_is_a_grounded_number() -> None:
    text = "The clashes left scores of people injured."
    casualties, _ = build_figures(analyse(text), [], [])
    assert [(c.kind, c.figure.low) for c in casualties] == [("wounded", 20)]
    assert figure_problems(casualties[0], text) is None


@pytest.mark.parametrize("text, unit_or_kind, low", [
    # a quantifier the parser took for a preposition still counts the noun beside it
    ("Over 50k people have fled the violence.", "people", 50000),
    ("Around 50k people were killed in the war.", "killed", 50000),
    # a crowd streaming out of a city, people sent across a border, an exodus that reaches a total
    ("Thousands of civilians streamed out of the city on Sunday.", "people", 1000),
    ("The latest fighting has sent 18,000 people across the border into Kenya.", "people", 18000),
    ("The exodus has reached 1.2 million people.", "people", 1200000),
    # a population of the displaced given with 'of', and a part of a fronted 'of' group
    ("The district has a refugee population of 45,000.", "people", 45000),
    ("Of the 1.2 million displaced, 400,000 are children.", "people", 400000),
    # 'to N' hung on the last noun of the phrases after the toll still gives the toll the verb set
    ("Ecuador on Wednesday raised the death toll from riots in four jails to 79.", "killed", 79),
    # a quantifier parsed as a preposition on the harm word after it
    ("Local media reports that at least 50 people were killed and over 100 injured.", "wounded", 100),
    # a part with a harm verb of its own has that kind, not the whole's
    ("The medical center said that 59 injured people were hospitalized and 16 of them had died.", "killed", 16),
    # the group a number is among gives its kind
    ("Among the injured KFOR soldiers are 11 Italians, three of whom are in serious condition.", "wounded", 11),
    ("By late on Tuesday, 21 corpses had arrived at the hospital.", "killed", 21),  # lemmatised "corps"
    ("Up to 700,000 more have been forcibly removed from their houses.", "people", 700000),
    ("On top of 10,000 refugees who entered Friday, another 15,000 had arrived by late afternoon.", "people", 15000),
])
def test_flight_and_counts_in_further_wordings(text: str, unit_or_kind: str, low: int) -> None:
    _, (casualties, displacement) = _figures(text)
    found = [(c.kind, c.figure.low) for c in casualties] + [(d.unit, d.figure.low) for d in displacement]
    assert (unit_or_kind, low) in found


@pytest.mark.parametrize("text", [
    "The fighting lasted over 100 days.",
    "Some 300 soldiers arrived on Monday, and another 200 arrived on Tuesday.",
    "The court removed 12 judges from office.",
    "The town has a population of 45,000.",
    "Of the 300 students, 40 are girls.",
])
def test_no_count_of_harm_in_these(text: str) -> None:
    _, (casualties, displacement) = _figures(text)
    assert casualties == [] and displacement == []
