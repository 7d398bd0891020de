import datetime

import numpy as np
import pytest

from anshim.eligibility.facts import BASE_FACTS, age_at
from anshim.eligibility.population import DEFAULT_AS_OF, SEOUL_SINGLE_HOUSEHOLDS, district_counts, generate_population
from anshim.eligibility.vectorized import enum_index, evaluate_population
from anshim.geo.districts import DISTRICTS

AS_OF = DEFAULT_AS_OF


@pytest.fixture(scope="module")
def seoul():
    return generate_population()


@pytest.fixture(scope="module")
def ages(seoul):
    rules = {
        band: {"fact": "age", "op": "between", "value": list(band)}
        for band in [(18, 19), (20, 29), (30, 39), (40, 49), (50, 200)]
    }
    rules["65+"] = {"fact": "age", "op": "gte", "value": 65}
    outcomes = evaluate_population(rules, seoul, AS_OF)
    return {key: outcome == 1 for key, outcome in outcomes.items()}


def share(mask, within=None):
    if within is None:
        return mask.mean()
    return mask[within].mean()


def test_households_per_district_follow_the_census_exactly(seoul):
    assert seoul.size == SEOUL_SINGLE_HOUSEHOLDS == 1_390_000
    counts = np.bincount(seoul.columns["district"], minlength=len(DISTRICTS))
    assert counts.tolist() == district_counts(seoul.size).tolist()
    weights = np.array([d.single_households for d in DISTRICTS]) / sum(d.single_households for d in DISTRICTS)
    assert np.abs(counts / seoul.size - weights).max() < 1e-6
    assert counts[[d.code for d in DISTRICTS].index("11620")] == counts.max()  # 관악구 has the most


def test_ages_are_those_of_adults_living_alone_with_half_aged_50_or_over(seoul, ages):
    sample = seoul.columns["birth_date"][:: seoul.size // 2000].astype(datetime.date)
    assert all(18 <= age_at(birth, AS_OF) <= 99 for birth in sample)
    assert sum(share(mask) for key, mask in ages.items() if key != "65+") == pytest.approx(1.0)
    assert 0.47 <= share(ages[(50, 200)]) <= 0.54
    assert 0.33 <= share(ages[(20, 29)]) + share(ages[(30, 39)]) <= 0.43
    assert share(ages[(18, 19)]) < 0.02
    young = ages[(20, 29)] | ages[(30, 39)]
    district = seoul.columns["district"]
    codes = [d.code for d in DISTRICTS]
    assert share(young, district == codes.index("11620")) > share(young, district == codes.index("11305")) + 0.05


def test_more_women_among_the_old(seoul, ages):
    female = seoul.columns["sex"] == enum_index("sex")["F"]
    assert 0.45 <= share(female) <= 0.56
    assert share(female, ages["65+"]) > 0.6
    assert share(female, ages[(30, 39)]) < 0.5


def test_welfare_status_shares(seoul, ages):
    basic = seoul.columns["basic_livelihood"]
    assert 0.07 <= share(basic) <= 0.095
    assert share(basic, ages["65+"]) > share(basic, ages[(20, 29)] | ages[(30, 39)]) + 0.05
    assert 0.04 <= share(seoul.columns["disability"]) <= 0.065
    near = seoul.columns["near_poverty"]
    assert not (near & basic).any()
    assert 0.01 <= share(near) <= 0.08
    care = seoul.columns["elderly_care_service"]
    assert not (care & ~ages["65+"]).any()
    assert not (care & seoul.columns["long_term_care"]).any()
    assert share(seoul.columns["long_term_care"], ages["65+"]) > 0.05


def test_students_are_mostly_in_their_twenties(seoul, ages):
    student = seoul.columns["student"]
    assert share(ages[(18, 19)] | ages[(20, 29)], student) > 0.75
    assert share(student, ages[(20, 29)]) > 0.2


def test_tenure_moves_from_renting_when_young_to_owning_when_old(seoul, ages):
    tenure = seoul.columns["housing_tenure"]
    t = enum_index("housing_tenure")
    renting = (tenure == t["MONTHLY_RENT"]) | (tenure == t["GOSIWON"])
    owner = tenure == t["OWNER"]
    assert share(renting, ages[(20, 29)]) > 0.6
    assert share(owner, ages["65+"]) > 0.4
    assert share(owner, ages[(20, 29)]) < 0.06
    rent, deposit, price = seoul.columns["monthly_rent"], seoul.columns["deposit"], seoul.columns["housing_price"]
    assert (rent[renting] > 0).all() and (rent[~renting] == 0).all()
    assert (price[owner] > 0).all() and (price[~owner] == 0).all()
    assert (deposit[owner] == 0).all() and (deposit[tenure == t["JEONSE"]] >= 20_000_000).all()
    assert (seoul.columns["assets"] >= deposit + price).all()


def test_income_is_log_normal_and_higher_in_working_age(seoul, ages):
    income = seoul.columns["monthly_income"]
    assert (income >= 0).all()
    assert np.median(income[ages[(30, 39)]]) > 2 * np.median(income[ages["65+"]])
    assert income.mean() > np.median(income)  # right-skewed
    assert np.median(income[seoul.columns["basic_livelihood"]]) < 700_000


def test_columns_are_compact_and_complete_by_default(seoul):
    assert set(seoul.columns) == set(BASE_FACTS)
    assert seoul.missing == {}
    for name in ("sex", "district", "housing_tenure", "employment", "household_size"):
        assert seoul.columns[name].dtype == np.int8
    assert seoul.columns["seoul_residence_months"].dtype == np.int16
    assert seoul.columns["monthly_income"].dtype == np.int32
    assert seoul.columns["student"].dtype == np.bool_
    assert seoul.nbytes < 90 * 2**20
    assert seoul.columns["lives_alone"].all() and (seoul.columns["household_size"] == 1).all()


def test_the_same_seed_gives_the_same_people():
    first = generate_population(20_000, seed=5)
    again = generate_population(20_000, seed=5)
    other = generate_population(20_000, seed=6)
    for name in BASE_FACTS:
        assert np.array_equal(first.columns[name], again.columns[name]), name
    assert not np.array_equal(first.columns["monthly_income"], other.columns["monthly_income"])
    assert np.bincount(other.columns["district"]).tolist() == district_counts(20_000).tolist()


def test_a_share_of_unknown_facts_can_be_asked_for():
    population = generate_population(50_000, seed=9, missing_share=0.1)
    assert "district" not in population.missing
    assert set(population.missing) == set(BASE_FACTS) - {"district"}
    for mask in population.missing.values():
        assert 0.09 <= mask.mean() <= 0.11


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="size"):
        generate_population(0)
    with pytest.raises(ValueError, match="missing_share"):
        generate_population(10, missing_share=1.0)
