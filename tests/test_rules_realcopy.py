"""Speaker rules for the constructions of real wire copy (issue 18): one invented sentence per
shape, neutral invented actors, the exact claims (actor, demand, stance, rule) expected."""

from __future__ import annotations

import pytest

from pipeline.build import raw_lexicon, run_staging
from pipeline.nlp.extract import Extractor, extract_claims

ACTORS = """actors:
  - {id: union, name: Dockers Union, kind: group, aliases: [the union, dockers]}
  - {id: acme, name: Acme, kind: organization, aliases: [the company]}
  - {id: city, name: City Hall, kind: organization, aliases: [City Hall]}
  - {id: ministry, name: Finance Ministry, kind: organization, aliases: [the finance ministry]}
  - {id: mediator, name: Mediator, kind: person, aliases: [the mediator]}
  - {id: norland, name: Norland, kind: state, aliases: [Norland]}
  - {id: vesta, name: Vesta, kind: state, aliases: [Vesta]}
  - {id: rebels, name: Rebels, kind: group, aliases: [the rebels]}
  - {id: berg, name: Tomas Berg, kind: person, part_of: norland, aliases: [Tomas Berg]}
"""
DEMANDS = """demands:
  - {id: raise, label: Pay rise, terms: [pay rise]}
  - {id: shifts, label: Longer shifts, terms: [longer shifts]}
  - {id: robots, label: Automation limits, terms: [automation limits]}
  - {id: amnesty, label: An amnesty, terms: [amnesty]}
  - {id: election, label: An early election, terms: [early election]}
  - {id: detainees, label: Release detainees, terms: [release 400 detainees]}
  - {id: offer, label: A written offer, terms: [written offer]}
  - {id: talks, label: Return to talks, terms: [return to talks]}
  - {id: prisoners, label: Free prisoners, terms: [free prisoners]}
  - {id: violence, label: Cut violence, terms: [cut violence]}
  - {id: travel, label: Free travel, terms: [free travel]}
  - {id: stoppage, label: A stoppage, terms: [stoppage]}
  - {id: capital, label: Return capital, terms: [return excess capital]}
  - {id: bid, label: The bid, terms: [takeover bid]}
  - {id: route, label: The transit route, terms: [transit route]}
"""


def claims(tmp_path, body: str) -> set[tuple[str, str, str, str]]:
    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    (raw / "codebook").mkdir()
    (raw / "codebook/actors.yaml").write_text(ACTORS, encoding="utf-8")
    (raw / "codebook/demands.yaml").write_text(DEMANDS, encoding="utf-8")
    (raw / "articles/a.md").write_text(
        f"---\npublished: 2026-01-01\ntitle: t\n---\n{body}\n", encoding="utf-8"
    )
    lx = raw_lexicon(raw)
    f = run_staging(raw, lx)
    ex = Extractor(lx, f["actors"], f["actor_aliases"], f["demand_terms"])
    return {
        (c["actor_id"], c["demand_id"], c["stance"], c["rule"])
        for c in extract_claims(f["documents"], f["sentences"], ex)
    }


CASES = {
    # "X like Y" / "such as": the examples speak
    "like: the example balks at a summary noun": (
        "The union wants a pay rise. Big donors like Norland have balked at such demands.",
        {
            ("union", "raise", "supports", "subject_of_cue"),
            ("norland", "raise", "rejects", "like_such_as"),
        },
    ),
    "such as: coordinated examples": (
        "Neighbours such as Vesta and Norland reject an early election.",
        {
            ("vesta", "election", "rejects", "like_such_as"),
            ("norland", "election", "rejects", "like_such_as"),
        },
    ),
    # requests and pushes owned through "of" / "by ... together with"
    "together with: the partner of a push's owner": (
        "The push by Norland, together with Vesta, to hold an early election failed.",
        {
            ("norland", "election", "supports", "carrier_noun"),
            ("vesta", "election", "supports", "together_with"),
        },
    ),
    "along with: the partner of a subject": (
        "Acme, along with City Hall, rejected longer shifts.",
        {
            ("acme", "shifts", "rejects", "subject_of_cue"),
            ("city", "shifts", "rejects", "together_with"),
        },
    ),
    "requests of coordinated owners, colon": (
        "The mediator granted the requests of Norland and Vesta: an early election in March.",
        {
            ("norland", "election", "supports", "carrier_noun"),
            ("vesta", "election", "supports", "carrier_noun"),
        },
    ),
    # a role noun owned by "of"
    "role noun owned by of": (
        "The president of the union rejected longer shifts.",
        {("union", "shifts", "rejects", "role_of")},
    ),
    "another role noun owned by of": (
        "The head of the finance ministry backed a pay rise.",
        {("ministry", "raise", "supports", "role_of")},
    ),
    # a plural noun that stands for the actors just named
    "both leaders: the two actors just named": (
        "Norland and Vesta met on Monday. Both leaders called for an early election.",
        {
            ("norland", "election", "supports", "plural_antecedent"),
            ("vesta", "election", "supports", "plural_antecedent"),
        },
    ),
    "the two sides": (
        "Acme and the union met on Monday. The two sides agreed to longer shifts.",
        {
            ("acme", "shifts", "supports", "plural_antecedent"),
            ("union", "shifts", "supports", "plural_antecedent"),
        },
    ),
    "both leaders after three actors names nobody": (
        "Norland, Vesta and Acme met. Both leaders called for an early election.",
        set(),
    ),
    # a passive subject with no agent
    "passive subject: united against": (
        "Norland and Vesta are united against an early election.",
        {
            ("norland", "election", "rejects", "passive_subject"),
            ("vesta", "election", "rejects", "passive_subject"),
        },
    ),
    "passive subject: forced to propose": (
        "The company has been forced to propose a pay rise.",
        {("acme", "raise", "supports", "passive_subject")},
    ),
    "a directive passive names nobody": (
        "The union was told to accept longer shifts.",
        set(),
    ),
    # the demand inside a relative clause on a plain noun
    "relative clause on an instrument noun": (
        "The union is insisting on a contract that would guarantee automation limits.",
        {("union", "robots", "supports", "relative_clause_noun")},
    ),
    "relative clause under a refusal": (
        "The rebels rejected any settlement that includes an amnesty.",
        {("rebels", "amnesty", "rejects", "relative_clause_noun")},
    ),
    "relative clause on people is not the content": (
        "The union praised workers who accept longer shifts.",
        set(),
    ),
    "a cue on the first conjunct does not govern the second": (
        "Vesta was committed to the truce but made clear that an amnesty would take time.",
        set(),
    ),
    # commitments and modal clauses
    "commitment: the actor's own future action": (
        "The finance ministry will release 400 detainees next week.",
        {("ministry", "detainees", "supports", "commitment")},
    ),
    "should: the sayer's position": (
        "City Hall reiterated that the union should hold an early election.",
        {("city", "election", "supports", "should_clause")},
    ),
    "could: the sayer is ambiguous": (
        "The mediator said Vesta might grant an amnesty.",
        {("mediator", "amnesty", "ambiguous", "modal_clause")},
    ),
    "a hedge phrase under a speech verb": (
        "The mediator said an early election could serve as a basis for talks.",
        {("mediator", "election", "ambiguous", "reported_speech")},
    ),
    "future of a discussion verb is no commitment": (
        "Acme will discuss a pay rise on Monday.",
        set(),
    ),
    # the broader lexicon (verb classes with noun and adjective forms)
    "plead for": (
        "The union pleaded for a pay rise.",
        {("union", "raise", "supports", "subject_of_cue")},
    ),
    "critical of": (
        "Vesta is critical of an early election.",
        {("vesta", "election", "rejects", "subject_of_cue")},
    ),
    "baulk at": (
        "Norland baulked at an amnesty.",
        {("norland", "amnesty", "rejects", "subject_of_cue")},
    ),
    "disagree with": (
        "The rebels disagree with an early election.",
        {("rebels", "election", "rejects", "subject_of_cue")},
    ),
    # composition (issue 18, continued)
    "a denied rejection is no rejection": (
        "It was not true that the company had rejected the pay rise.",
        set(),
    ),
    "a rejection the actor denies": (
        "Acme denied that it had rejected a pay rise.",
        set(),
    ),
    "a rejection reported as false": (
        "It is false that Vesta rejected an early election.",
        set(),
    ),
    "a true rejection stands": (
        "It is true that Vesta rejected an early election.",
        {("vesta", "election", "rejects", "subject_of_cue")},
    ),
    "the condition is the speaker's own demand": (
        "The union will return to talks only on condition that the company first submits a"
        " written offer.",
        {
            ("union", "offer", "supports", "own_condition"),
            ("union", "talks", "ambiguous", "commitment"),
        },
    ),
    "a bare if on an offer": (
        "The finance ministry will free prisoners if the rebels cut violence.",
        {
            ("ministry", "violence", "supports", "own_condition"),
            ("ministry", "prisoners", "ambiguous", "commitment"),
        },
    ),
    "the condition's own cues compose": (
        "The union will accept longer shifts only if the company drops its demand for an amnesty.",
        {
            ("union", "amnesty", "rejects", "own_condition"),
            ("union", "shifts", "ambiguous", "subject_of_cue"),
        },
    ),
    "a bare if after a threat is no demand": (
        "The union will strike if the company imposes longer shifts.",
        set(),
    ),
    "a whether clause is no demand": (
        "The mediator asked whether the rebels would accept an amnesty.",
        set(),
    ),
    "signalling as indicating": (
        "Acme rejected the plan, signalling it does not include a pay rise.",
        {("acme", "raise", "rejects", "subject_of_cue")},
    ),
    "a hedge on an object still hedges": (
        "Acme signalled flexibility on a pay rise.",
        {("acme", "raise", "ambiguous", "subject_of_cue")},
    ),
    "welcomed but called many problematic": (
        "The union welcomed the proposals for longer shifts but called many of them problematic.",
        {("union", "shifts", "ambiguous", "subject_of_cue")},
    ),
    "a but clause about another demand does not qualify": (
        "The union welcomed a pay rise but called longer shifts problematic.",
        {("union", "raise", "supports", "subject_of_cue")},
    ),
    "a condition on the offered demand itself": (
        "The union will hold an early election if the rebels request it.",
        {("union", "election", "ambiguous", "commitment")},
    ),
    # across sentences
    "the demands also include: the demander's frame": (
        "Norland rejected the rebels' demand for an amnesty. The demands also include an early"
        " election.",
        {
            ("norland", "amnesty", "rejects", "subject_of_cue"),
            ("rebels", "amnesty", "supports", "carrier_noun"),
            ("rebels", "election", "supports", "frame"),
        },
    ),
    "such demands as a subject": (
        "The union wants a pay rise. Such demands are unrealistic, Acme said.",
        {
            ("union", "raise", "supports", "subject_of_cue"),
            ("acme", "raise", "rejects", "reported_speech"),
        },
    ),
    # reverser scope (blind round 8)
    "a reverser inside the urged clause reaches the urger": (
        "The mediator urged both sides to return to the table and avoid another stoppage.",
        {("mediator", "stoppage", "rejects", "subject_of_cue")},
    ),
    "a reverser on one conjunct does not reach the other": (
        "Acme wrote to City Hall this week urging it to drop the takeover bid and return excess"
        " capital to investors.",
        {
            ("acme", "bid", "rejects", "subject_of_cue"),
            ("acme", "capital", "supports", "subject_of_cue"),
        },
    ),
    "a nominal reverser turns its object round": (
        "The union criticised the suspension of free travel.",
        {("union", "travel", "supports", "subject_of_cue")},
    ),
    "a nominal reverser with no cue claims nothing": (
        "The suspension of free travel took effect on Monday, the union said.",
        set(),
    ),
    "dropping a suspension supports what was suspended": (
        "The union urged the ministry to drop the suspension of free travel.",
        {("union", "travel", "supports", "subject_of_cue")},
    ),
    # conditions and reservations (blind round 8)
    "not opposing as long as: a condition hanging from 'long'": (
        "Norland does not oppose the transit route as long as there is no change of borders.",
        {("norland", "route", "ambiguous", "subject_of_cue")},
    ),
    "welcomed, but called part of it a verdict": (
        "The union welcomed the commitments on longer shifts and a pay rise, but called the"
        ' housing part "a promise to make a promise".',
        {
            ("union", "shifts", "ambiguous", "subject_of_cue"),
            ("union", "raise", "ambiguous", "subject_of_cue"),
        },
    ),
    "welcome, but it is crumbs": (
        'Acme said the pay rise is "welcome, but it is crumbs compared with what was lost."',
        {("acme", "raise", "ambiguous", "reported_speech")},
    ),
    "a 'but' clause of another speaker qualifies nothing": (
        "Acme said the pay rise is welcome, but the union rejected longer shifts.",
        {
            ("acme", "raise", "supports", "reported_speech"),
            ("union", "shifts", "rejects", "subject_of_cue"),
        },
    ),
    "rejecting the conditions for a demand is no position on it": (
        "The union has rejected the ministry's conditions for a pay rise.",
        set(),
    ),
    # positions told through another's account (blind round 8)
    "an accusation of wanting is no one's position": (
        "Acme accused the union of wanting to hold the port hostage with a stoppage in January.",
        set(),
    ),
    "an accusation beside a claim of one's own": (
        "Acme accused the union of bad faith and rejected a pay rise.",
        {("acme", "raise", "rejects", "subject_of_cue")},
    ),
    "according to another actor: unconfirmed": (
        "According to Norland, Vesta also agreed that the transit route could be opened at the"
        " border, Vesta did not confirm this information.",
        set(),
    ),
    "according to an unnamed source: the reporter's sourcing": (
        "Vesta has agreed to an early election, according to officials familiar with the talks.",
        {("vesta", "election", "supports", "subject_of_cue")},
    ),
    # headline fragments and possessive pronouns (blind round 8)
    "a headline's clauses joined by a semicolon stay apart": (
        "Stoppage at 36 ports idles container terminals; City Hall rules out forcing workers back",
        set(),
    ),
    "a possessive pronoun refers to the subject of its own clause": (
        "Acme, which wrote to City Hall last week, repeated its call on the ministry to invoke"
        " longer shifts and get the ports reopened.",
        {("acme", "shifts", "supports", "carrier_noun")},
    ),
    "a document noun as subject is no reference": (
        "The union wants a pay rise. The proposal calls for longer shifts.",
        {
            ("union", "raise", "supports", "subject_of_cue"),
            ("union", "shifts", "supports", "subject_of_cue"),
        },
    ),
    # a commitment reported by one who speaks for the doer, or by an unnamed official
    "commitment told by the doer's own envoy": (
        "Tomas Berg said Norland would not release 400 detainees.",
        {("norland", "detainees", "rejects", "commitment")},
    ),
    "commitment told by an unnamed official": (
        "Norland will release 400 detainees, the minister said.",
        {("norland", "detainees", "supports", "commitment")},
    ),
    "a commitment foretold by analysts is nobody's position": (
        "Norland will release 400 detainees, analysts said.",
        set(),
    ),
    "a commitment foretold by another party is no position": (
        "Vesta said Norland would release 400 detainees.",
        set(),
    ),
    "a commitment only under a condition is ambiguous": (
        "Norland would free prisoners, but only under international supervision, Tomas Berg said.",
        {("norland", "prisoners", "ambiguous", "commitment")},
    ),
    "keeping to a deal backs it, not keeping to it rejects it": (
        "The rebels will abide by the amnesty."
        " The union will not take part in the return to talks.",
        {
            ("rebels", "amnesty", "supports", "subject_of_cue"),
            ("union", "talks", "rejects", "subject_of_cue"),
        },
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_realcopy_case(tmp_path, name):
    body, expected = CASES[name]
    assert claims(tmp_path, body) == expected


def test_term_owner_speaks_only_for_a_position_noun_it_owns(tmp_path):
    """A codebook term that names its owner: "the union's strike call" (the union supports the
    strike); an alias inside a term that owns no position noun ("Acme expansion") says nothing."""
    from pipeline.build import raw_lexicon, run_staging
    from pipeline.nlp.extract import Extractor, extract_claims

    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    (raw / "codebook").mkdir()
    (raw / "codebook/actors.yaml").write_text(
        "actors:\n"
        "  - {id: union, name: Dockers Union, kind: group, aliases: [the union]}\n"
        "  - {id: acme, name: Acme, kind: organization, aliases: [Acme]}\n",
        encoding="utf-8",
    )
    (raw / "codebook/demands.yaml").write_text(
        "demands:\n"
        "  - {id: strike, label: A strike, terms: [the union's strike call]}\n"
        "  - {id: growth, label: Acme's expansion, terms: [Acme expansion]}\n",
        encoding="utf-8",
    )
    (raw / "articles/a.md").write_text(
        "---\ntitle: A\npublished: 2026-01-01\n---\n"
        "Commuters braced for delays after the union's strike call went out on Monday.\n\n"
        "Residents worry about the Acme expansion near the river.\n",
        encoding="utf-8",
    )
    lx = raw_lexicon(raw)
    f = run_staging(raw, lx)
    ex = Extractor(lx, f["actors"], f["actor_aliases"], f["demand_terms"])
    claims = extract_claims(f["documents"], f["sentences"], ex)
    assert [(c["actor_id"], c["demand_id"], c["stance"], c["rule"], c["cue"]) for c in claims] == [
        ("union", "strike", "supports", "term_owner", "call")
    ]
