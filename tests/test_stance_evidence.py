"""Evidence attached to each mention: the sentences of the stance audit (issue 13) come out as a reader reads them.

Each sentence is the one quoted in the audit or a shortened form of it; the mentions are found by the library.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mideast_corpus as mc


def _stance(*texts: str, **kw) -> pd.DataFrame:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "source": ["audit"] * len(texts),
                         "text": list(texts)})
    return mc.score_stance(mc.load_corpus(docs, text="text", source="source", repair=False), **kw)


def _row(st: pd.DataFrame, alias: str) -> pd.Series:
    hit = st[st["alias"] == alias]
    assert len(hit) == 1, f"{alias!r} not scored once: {st[['alias', 'actor']].values.tolist()}"
    return hit.iloc[0]


@pytest.mark.parametrize(("text", "alias", "label", "fired"), [
    ("Critics said it was an attempt to justify President Trump's unjustifiable decision.", "President Trump",
     "negative", "unjustifiable[holder]"),
    ("The Islamic State group, which now holds a third of Syria and Iraq, has threatened Australia in the past.",
     "Islamic State group", "negative", "threatened[subject]"),
    ("The Obama administration was withholding or ignoring key facts about the attacks.", "Obama administration",
     "negative", "withholding[subject]"),
    ("House Republicans seized on the documents to accuse the Obama administration of lying.",
     "Obama administration", "negative", "accuse[object]"),
    ("President Obama has wisely avoided this approach.", "President Obama", "positive", "wisely[adverb]"),
    ("The Assad regime wants exactly that.", "Assad regime", "negative", "label: assad regime"),
])
def test_audit_sentences_read_as_a_reader_reads_them(text: str, alias: str, label: str, fired: str) -> None:
    row = _row(_stance(text), alias)
    assert row["label"] == label, row["evidence"]
    assert fired in row["evidence"]


def test_a_label_for_the_counterpart_does_not_land_on_the_actor() -> None:
    st = _stance("Syrian troops killed terrorists near Palmyra.")
    row = _row(st, "Syrian troops")
    assert np.isnan(row["label_valence"])  # "terrorists" names the army's enemy
    assert row["role"] == "agent" and row["counterpart"] == "terrorists"
    assert row["label"] != "negative"


def test_victims_are_not_scored_as_attackers() -> None:
    row = _row(_stance("At least 10 Syrian soldiers killed in Israeli raids near Damascus."), "Syrian soldiers")
    assert row["role"] == "target" and row["label"] != "negative"
    st = _stance("ISIS killed nine troops, the Syrian Observatory for Human Rights said.")
    monitor = st[st["actor"] == "sohr"]
    assert len(monitor) and (monitor["label"] == "none").all() and monitor["score"].isna().all()


def test_no_evidence_is_nan_not_zero() -> None:
    st = _stance("Russia and Turkey met in Ankara on Tuesday.", "Iran's foreign minister visited Baghdad.")
    assert st["score"].isna().all() and (st["label"] == "none").all() and (st["evidence"] == "").all()


@pytest.mark.parametrize("text", ["BAGHDAD (Reuters) - Iran rejected the offer.",
                                  "Iran rejected the offer, Reuters reported.",
                                  "A Malian military official told the Associated Press that three deaths were "
                                  "confirmed."])
def test_news_agencies_named_as_sources_are_not_scored(text: str) -> None:
    docs = pd.DataFrame({"doc_id": ["d"], "source": ["x"], "text": [text]})
    corpus = mc.load_corpus(docs, text="text", source="source", repair=False)
    mentions = mc.find_mentions(corpus)
    media = mentions[mentions["kind"] == "media"]
    assert len(media) and (media["mention_type"] == "media").all()
    st = mc.score_stance(corpus, mentions=mentions)
    assert not set(media["actor"]) & set(st["actor"])
    assert set(media["actor"]) <= set(mc.score_stance(corpus, mentions=mentions, media=True)["actor"])


def test_places_named_as_destinations_or_seats_are_places() -> None:
    docs = pd.DataFrame({"doc_id": ["a", "b"], "source": ["x", "x"], "text": [
        "A Canadian delegation was heading to Iran to assist the families.",
        "President Obama, speaking at the White House tonight, said the chapter was closed."]})
    m = mc.find_mentions(mc.load_corpus(docs, text="text", source="source", repair=False))
    assert m.loc[m["alias"] == "Iran", "mention_type"].tolist() == ["place"]
    assert m.loc[m["alias"] == "White House", "mention_type"].tolist() == ["place"]


def test_evidence_names_every_component_that_fired_and_nothing_else() -> None:
    st = _stance("The brutal Assad regime massacred villagers in Houla.")
    row = _row(st, "Assad regime")
    assert row["evidence"].startswith("label: assad regime(-0.60) | role: agent_violence 'massacred'")
    assert "evaluation: brutal[modifier](-0.80)" in row["evidence"]
    assert row["score"] == -1.0 and row["label"] == "negative"


@pytest.mark.parametrize(("text", "alias", "role"), [
    # the guide: fighting an armed enemy is not by itself violence by the fighter; the one fought is its target
    ("The United States has provided non-lethal aid to the rebels fighting the regime.", "the rebels", "none"),
    ("Members of the Free Syrian Army clash with Syrian army soldiers in Aleppo.", "Syrian army", "target"),
    ("To resist ISIS, the U.S. will need more than bombs.", "ISIS", "target"),
    # an idiom is not an event: "struck a defiant tone"
    ("Hamas spokesman Sami Abu Zuhri struck a defiant tone in response to Netanyahu's warnings.", "Netanyahu",
     "none"),
])
def test_roles_follow_the_guide_on_fighting_and_idioms(text: str, alias: str, role: str) -> None:
    row = _row(_stance(text), alias)
    assert row["role"] == role, row["evidence"]


def test_a_participle_after_a_copula_is_read_as_the_actors_adjective_once() -> None:
    row = _row(_stance("ISIS is deeply entrenched in both Syria and Iraq."), "ISIS")
    assert row["label"] == "negative" and "entrenched[complement]" in row["evidence"]
    # a role verb's participle is the role's evidence, not counted again as an adjective
    row = _row(_stance("The Syrian army was defeated near Palmyra."), "Syrian army")
    assert row["role"] == "target" and "complement" not in row["evidence"]


@pytest.mark.parametrize(("text", "alias", "label"), [
    # a possessed act judged by its copula judges its holder
    ("Obama's decision was a mistake.", "Obama", "negative"),
    ("President Obama's nuclear agreement with Iran is fatally flawed.", "President Obama", "negative"),
    # the agent of a passive holds the noun it qualifies
    ("The persistent threat posed by ISIL requires reconciliation.", "ISIL", "negative"),
    # "of" after a possessed noun names its object, not its holder
    ("Turkey's hatred of Israel is growing.", "Israel", "none"),
    # a noun premodifying another is not the holder's: France suffered the attack
    ("It comes a week after France suffered its own high-profile terror attack.", "France", "none"),
    # "anti-terror" names what the units oppose
    ("Peshmerga and Kurdish anti-terror units later raided the hotel.", "Peshmerga", "none"),
    # a negated evaluative word is evidence without a sign
    ("But news accounts have not accused Trump of naming Israel as a source.", "Trump", "none"),
    # an apposition cannot follow the end of a fronted clause
    ("As young men come of age in a post-modern America, the problem of home grown terrorism is going to be "
     "worse.", "America", "none"),
    # a reported clause is someone else's predicate
    ("Defense Secretary Chuck Hagel last month said the terror group is beyond anything we have seen.",
     "Chuck Hagel", "none"),
    # "to" starts the lexicon's "to blame" but is not an adjective of the mention's phrase
    ("Opposition groups claimed that government forces loyal to President Bashar al-Assad carried out a gas "
     "attack.", "Bashar al-Assad", "none"),
    # an act aimed at an office holder is aimed at the person, not at the actor naming the office
    ("In video messages, Boko Haram's leader sent praise to both IS leader Abu Bakr al-Baghdadi and al-Qaida.",
     "IS", "none"),
    # predicate adjectives stop at a preposition that opens a topic
    ("Sheikh Qais al-Khazali, who broke away from hardline cleric Muqtada Sadr's movement, was detained.",
     "Qais al-Khazali", "none"),
    # striking an armed enemy is not by itself a judgement (the guide); liberating is winning
    ("U.S. airstrikes target ISIS militants near the Iraqi capital.", "U.S. airstrikes", "none"),
    ("The Syrian army liberated the town from terrorists.", "Syrian army", "positive"),
    # a civil war, conflict or crisis happens in the holder: its adjectives do not judge it
    ("The attacks mark an escalation of Israel's involvement in Syria's bloody civil war.", "Syria", "none"),
    ("Aid groups warned of Iraq's deepening humanitarian crisis.", "Iraq", "none"),
    # a war the holder wages is its act
    ("Critics called it Obama's disastrous war.", "Obama", "negative"),
])
def test_attachment_rules_found_in_the_allsides_audit(text: str, alias: str, label: str) -> None:
    row = _row(_stance(text), alias)
    assert row["label"] == label, row["evidence"]


@pytest.mark.parametrize(("text", "alias", "role"), [
    ("A video published Tuesday by the extremist group ISIS showed Foley being beheaded.", "ISIS", "none"),
    ("Kerry urged Iraq to stop arms deliveries to Syria's besieged government by Iranian planes.", "Iranian",
     "none"),
    ("The 60 people expelled from the U.S. include 48 attached to the Russian embassy.", "U.S.", "none"),
    ("Obama goes on to name the Americans killed in ISIS captivity.", "Americans", "target"),
    ("Israel released a map noting numerous sites it targeted in Shujaya.", "Israel", "agent"),
])
def test_roles_found_in_the_allsides_audit(text: str, alias: str, role: str) -> None:
    row = _row(_stance(text), alias)
    assert row["role"] == role, row["evidence"]


def test_a_mention_acts_through_the_head_of_its_phrase() -> None:
    row = _row(_stance("ISIS militants killed dozens of civilians."), "ISIS")
    assert row["role"] == "agent" and row["counterpart"] == "civilians" and row["label"] == "negative"


@pytest.mark.parametrize(("text", "alias", "label", "counterpart"), [
    # freeing verbs: a victim class as object is the one freed, not the one harmed (the phrasing of outlets
    # close to Damascus for their army, without the word "regime")
    ("Syrian Arab Army units liberated several villages in the southern countryside of Idlib from terrorists.",
     "Syrian Arab Army", "positive", "civilian_sites"),
    ("Iraqi forces freed hundreds of civilians held by ISIS in the old city.", "Iraqi forces", "positive",
     "civilians"),
    # expelling verbs act on their direct object, not on the place after "from"
    ("ISIS expelled thousands of residents from Mosul.", "ISIS", "negative", "civilians"),
    ("ISIS drove residents from their homes.", "ISIS", "negative", "civilians"),
])
def test_freeing_and_expelling_read_their_object(text: str, alias: str, label: str, counterpart: str) -> None:
    row = _row(_stance(text), alias)
    assert row["label"] == label and row["counterpart"] == counterpart, row["evidence"]


def test_arrests_are_not_violence() -> None:
    # the guide counts violence (attacks, kills, captures by force) for roles; an arrest is a non-violent act:
    # read as coercion it gave roles to "[Iran]" in "Police briefly detained the British ambassador to Iran"
    for text, alias in [("Iraqi forces arrested three militants in Kirkuk.", "Iraqi forces"),
                        ("Police briefly detained the British ambassador to Iran.", "Iran")]:
        row = _row(_stance(text), alias)
        assert row["label"] == "none" and row["role"] == "none", row["evidence"]


def test_a_class_in_a_prepositional_phrase_is_not_the_agent() -> None:
    text = ("Obama would have to contend with the notion that American airstrikes against the Islamic State "
            "militants were actually helping Assad.")
    row = _row(_stance(text), "Assad")
    assert "militants" not in row["evidence"] and row["label"] == "none"


@pytest.mark.parametrize(("text", "alias", "label", "fired"), [
    ("Units of the Syrian Arab Army restored security to the town.", "Syrian Arab Army", "positive",
     "restored[subject]"),
    ("Units of the Syrian army shelled the town, killing civilians.", "Syrian army", "negative", "killing"),
    ("Syrian government forces dropped barrel bombs on residential neighbourhoods.", "Syrian government",
     "negative", "barrel bombs[holder]"),
    ("Assad has reportedly launched another chemical attack against innocent men, women and children.", "Assad",
     "negative", "chemical attack[holder]"),
])
def test_a_mention_acts_through_units_of_it_and_holds_the_weapons_it_drops(text: str, alias: str, label: str,
                                                                          fired: str) -> None:
    row = _row(_stance(text), alias)
    assert row["label"] == label and fired in row["evidence"], row["evidence"]


def test_only_same_actor_heads_before_of_make_the_mention_act() -> None:
    row = _row(_stance("Supporters of Hezbollah attacked the protesters."), "Hezbollah")
    assert row["role"] == "none" and row["label"] == "none", row["evidence"]


@pytest.mark.parametrize(("text", "alias", "label", "role"), [
    # the agent of a passive named in the event that did it, and of an event noun it premodifies
    ("Ten civilians were killed in Russian airstrikes on Idlib.", "Russian airstrikes", "negative", "agent"),
    ("At least 101 children and 96 women have been injured in Israeli strikes, officials said.", "Israeli",
     "negative", "agent"),
    ("Two Syrian soldiers were killed in an ISIS attack on a checkpoint.", "ISIS", "none", "agent"),
    ("Two Syrian soldiers were killed in an ISIS attack on a checkpoint.", "Syrian soldiers", "none", "target"),
    # honoured dead are unjust victims, and the passive's subject is not the agent of the attack after it
    ("Two soldiers of the Syrian army were martyred in a terrorist attack on a checkpoint.", "Syrian army",
     "positive", "none"),
    # a speech verb opens the reported clause: its speaker does not do what the clause reports
    ("Mansour, the Palestinian U.N. observer, said Israeli forces fatally shot a man and injured at least 19 "
     "other Palestinian civilians.", "U.N.", "none", "none"),
    ("Mansour, the Palestinian U.N. observer, said Israeli forces fatally shot a man and injured at least 19 "
     "other Palestinian civilians.", "Israeli", "negative", "agent"),
    # a participle after a quantifier or before a copula is an adjective or a noun, not an act of the subject
    ("When fighting broke out, MSF treated many wounded people.", "MSF", "none", "none"),
    # "States" in "the United States" is not the speech verb "states"
    ("However, they said earlier this week that the United States is preparing to send roughly 400 additional "
     "support troops to Syria --- in addition to the roughly 500 already in the country -- for a multi-national "
     "effort to defeat ISIS in their stronghold of Raqqa.", "United States", "positive", "agent"),
    # a class word after the mention's verb is not the mention's class: the warplanes are not terrorists, so the
    # army they support is not "backed by terrorists"
    ("Russian warplanes struck terrorist positions, supporting the advance of the Syrian army.", "Syrian army",
     "none", "none"),
    # an affiliation compound is not the target of violence aimed at the noun it modifies
    ("U.S. jets struck Iranian-backed militias in Iraq.", "Iranian-backed", "negative", "none"),
    ("Syrian government forces bombarded hospitals and schools in Idlib province.", "Syrian government",
     "negative", "agent"),
    # coordinated mentions share the event; a possessor after "and" is not a conjunct; "drive a wedge" is an idiom
    ("Russian and Syrian jets pounded rebel-held areas of Idlib, killing at least 30 civilians.", "Russian",
     "negative", "agent"),
    ("The next president will deal with Bush's decision to invade Iraq and Obama's decision to pull out.", "Obama",
     "none", "none"),
    ("Netanyahu wants US cooperation with Russia to drive a wedge between Russia and Iran.", "Iran", "none", "none"),
    # headlines: a base-form verb after the mention's same-actor head is a verb ("[Assad] forces bomb ...")
    ("Assad forces bomb Idlib hospital, killing five", "Assad", "negative", "agent"),
    ("Syrian Army liberates new villages in Idlib countryside", "Syrian Army", "positive", "agent"),
])
def test_agents_of_passives_and_event_nouns(text: str, alias: str, label: str, role: str) -> None:
    row = _row(_stance(text), alias)
    assert (row["label"], row["role"]) == (label, role), row["evidence"]
