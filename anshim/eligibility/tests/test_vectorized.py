import datetime

import numpy as np
import pytest

from anshim.eligibility.evaluate import evaluate
from anshim.eligibility.examples import YOUTH_RENT, example_rules
from anshim.eligibility.facts import Facts
from anshim.eligibility.rules import Outcome
from anshim.eligibility.vectorized import Population, evaluate_population, masks, tally_by_district
from anshim.geo.districts import DISTRICTS

WHEN = datetime.date(2024, 6, 1)
RENTER = Facts(
    birth_date=datetime.date(1995, 1, 1),
    district="11620",
    registered_in_seoul=True,
    housing_tenure="MONTHLY_RENT",
    deposit=5_000_000,
    monthly_rent=400_000,
    household_size=1,
    monthly_income=2_000_000,
)


def test_outcome_codes_and_masks():
    crowd = [RENTER, Facts(**{**RENTER.as_dict(), "birth_date": datetime.date(1970, 1, 1)}), Facts(district="11110")]
    population = Population.from_facts(crowd)
    outcome = evaluate_population({"youth_rent": YOUTH_RENT.rule}, population, WHEN)["youth_rent"]
    assert outcome.dtype == np.int8
    assert outcome.tolist() == [Outcome.ELIGIBLE, Outcome.INELIGIBLE, Outcome.UNKNOWN]
    eligible, unknown = masks(outcome)
    assert eligible.tolist() == [True, False, False]
    assert unknown.tolist() == [False, False, True]


def test_tally_by_district_counts_each_verdict_with_a_row_for_unknown_districts():
    crowd = [RENTER, RENTER, Facts(district="11110"), Facts()]
    population = Population.from_facts(crowd)
    outcome = evaluate_population({"r": YOUTH_RENT.rule}, population, WHEN)["r"]
    table = tally_by_district(outcome, population)
    assert table.shape == (len(DISTRICTS) + 1, 3)
    gwanak = [d.code for d in DISTRICTS].index("11620")
    jongno = [d.code for d in DISTRICTS].index("11110")
    assert table[gwanak].tolist() == [0, 2, 0]
    assert table[jongno].tolist() == [0, 0, 1]
    assert table[-1].tolist() == [0, 0, 1]
    assert table.sum() == len(crowd)
    nowhere = Population({"student": np.array([True, False])})
    assert tally_by_district(np.array([1, 0], dtype=np.int8), nowhere)[-1].tolist() == [1, 1, 0]


def test_a_fact_with_no_column_is_unknown_for_everyone():
    population = Population({"registered_in_seoul": np.array([True, False])})
    outcome = evaluate_population(
        {"r": {"all": [{"fact": "registered_in_seoul", "op": "is_true"}, {"fact": "age", "op": "gte", "value": 18}]}},
        population,
        WHEN,
    )["r"]
    assert outcome.tolist() == [Outcome.UNKNOWN, Outcome.INELIGIBLE]


def test_households_of_five_or_more_use_the_four_person_median():
    big = Facts(household_size=6, monthly_income=6_000_000)
    rule = {"fact": "income_ratio", "op": "lte", "value": 1.0}
    population = Population.from_facts([big])
    single = evaluate(rule, big, WHEN)
    assert single.outcome is Outcome.INELIGIBLE  # 6,000,000 / 5,729,913 (4 persons, 2024) ≈ 105%
    assert single.sentences == ["기준 중위소득 100% 이하: 미충족 (약 105%)"]
    assert evaluate_population({"r": rule}, population, WHEN)["r"].tolist() == [Outcome.INELIGIBLE]


def test_shared_criteria_across_rules_do_not_leak_between_rules():
    rules = example_rules()
    population = Population.from_facts([RENTER] * 5)
    outcomes = evaluate_population(rules, population, WHEN, chunk_size=2, workers=2)
    for key, outcome in outcomes.items():
        assert outcome.tolist() == [int(evaluate(rules[key], RENTER, WHEN).outcome)] * 5


def test_a_population_with_inconsistent_columns_is_refused():
    with pytest.raises(ValueError, match="길이가 같아야"):
        Population({"student": np.array([True]), "disability": np.array([True, False])})
    with pytest.raises(ValueError, match="알 수 없는 열"):
        Population({"age": np.array([30])})
    with pytest.raises(ValueError, match="자료형"):
        Population({"student": np.array([1.0])})
    with pytest.raises(ValueError, match="datetime64"):
        Population({"birth_date": np.array(["2000-01"], dtype="datetime64[M]")})
    with pytest.raises(ValueError, match="bool"):
        Population({"student": np.array([True])}, {"student": np.array([1])})
    with pytest.raises(ValueError, match="chunk_size"):
        evaluate_population({}, Population.from_facts([RENTER]), WHEN, chunk_size=0)


def test_take_keeps_columns_and_gaps_aligned():
    population = Population.from_facts([RENTER, Facts(), RENTER])
    sample = population.take(np.array([1, 2]))
    assert sample.size == 2
    assert sample.facts(0) == Facts()
    assert sample.facts(1) == RENTER
