"""The single-person and population evaluators must agree on every person, rule and date."""

import datetime

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anshim.eligibility.evaluate import evaluate, evaluate_many
from anshim.eligibility.examples import example_rules
from anshim.eligibility.facts import FACTS, Facts
from anshim.eligibility.population import generate_population
from anshim.eligibility.rules import Outcome, Rule
from anshim.eligibility.tests.strategies import REFERENCE_DATES, fact_value, people, rules
from anshim.eligibility.vectorized import Population, evaluate_population

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rule=rules(), crowd=st.lists(people(), min_size=1, max_size=12), when=REFERENCE_DATES)
def test_single_and_population_evaluators_agree_on_random_people_and_rules(rule, crowd, when):
    compiled = Rule(rule)  # every generated rule must be valid
    expected = np.array([evaluate(compiled, person, when).outcome for person in crowd], dtype=np.int8)
    population = Population.from_facts(crowd)
    whole = evaluate_population({"r": compiled}, population, when)["r"]
    chunked = evaluate_population({"r": compiled, "again": rule}, population, when, chunk_size=3, workers=2)
    assert whole.tolist() == expected.tolist()
    assert chunked["r"].tolist() == expected.tolist()
    assert chunked["again"].tolist() == expected.tolist()


@SETTINGS
@given(rule=rules(), person=people(), when=REFERENCE_DATES, data=st.data())
def test_facts_not_named_as_deciding_cannot_decide_an_unknown_verdict(rule, person, when, data):
    result = evaluate(rule, person, when)
    if result.outcome is not Outcome.UNKNOWN:
        assert result.missing_facts == ()
        return
    assert result.missing_facts
    others = [name for name in person.missing() if name not in result.missing_facts]
    if not others:
        return
    name = data.draw(st.sampled_from(others))
    answered = Facts(
        **{**{n: getattr(person, n) for n in FACTS if not FACTS[n].is_derived}, name: data.draw(fact_value(name))}
    )
    assert evaluate(rule, answered, when).outcome is Outcome.UNKNOWN


@settings(max_examples=50, deadline=None)
@given(crowd=st.lists(people(), min_size=1, max_size=8))
def test_population_columns_give_back_the_same_people(crowd):
    population = Population.from_facts(crowd)
    assert [population.facts(i) for i in range(len(crowd))] == crowd


def test_agreement_on_a_generated_population_with_gaps():
    population = generate_population(3_000, seed=11, missing_share=0.2)
    when = datetime.date(2025, 6, 1)
    rules_ = example_rules()
    outcomes = evaluate_population(rules_, population, when, chunk_size=512)
    for row in range(population.size):
        results = evaluate_many(rules_, population.facts(row), when)
        assert {key: int(r.outcome) for key, r in results.items()} == {key: int(o[row]) for key, o in outcomes.items()}
    assert all((o == Outcome.UNKNOWN).any() for o in outcomes.values())
