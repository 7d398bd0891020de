"""The same three policies in our engine and in OpenFisca, over the same synthetic population.

청년 월세지원, 1인가구 도어지킴이 (2021) and 서울형 기초보장제 are written below as openfisca-core
variables and parameters (Person + Household entities, the usual OpenFisca shape), independently of
our JSON rules; the run prints both times, their ratio and both eligible counts, which must match.
OpenFisca has no notion of an unknown fact, so the population is generated complete.

OpenFisca is a bench-only dependency, installed apart from the project:
    python3.11 -m venv /tmp/anshim-openfisca
    /tmp/anshim-openfisca/bin/pip install -r bench/requirements-openfisca.txt
    /tmp/anshim-openfisca/bin/python bench/openfisca_compare.py [people]
"""

from __future__ import annotations

import datetime
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    from openfisca_core.entities import build_entity
    from openfisca_core.indexed_enums import Enum
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable
except ImportError:
    sys.exit(__doc__)

from anshim.eligibility.examples import BASIC_SECURITY, DOORGUARD_2021, YOUTH_RENT  # noqa: E402
from anshim.eligibility.parameters import MEDIAN_INCOME_BY_YEAR  # noqa: E402
from anshim.eligibility.population import generate_population  # noqa: E402
from anshim.eligibility.rules import Rule  # noqa: E402
from anshim.eligibility.vectorized import evaluate_population  # noqa: E402

REFERENCE_DATE = datetime.date(2025, 6, 1)
PERIOD = "2025-06"
RUNS = 3
MONTH, ETERNITY = DateUnit.MONTH, DateUnit.ETERNITY

# --- the OpenFisca model ---------------------------------------------------------------------

Person = build_entity(key="person", plural="persons", label="사람", is_person=True)
Household = build_entity(
    key="household",
    plural="households",
    label="가구",
    roles=[{"key": "member", "plural": "members", "label": "가구원"}],
)


class HousingTenure(Enum):
    OWNER = "자가"
    JEONSE = "전세"
    MONTHLY_RENT = "월세"
    GOSIWON = "고시원·쪽방"
    OTHER = "기타"


def _input(name, entity, value_type, period=MONTH, **extra):
    return type(name, (Variable,), {"value_type": value_type, "entity": entity, "definition_period": period, **extra})


INPUTS = [
    _input("birth_date", Person, datetime.date, ETERNITY),
    _input("registered_in_seoul", Person, bool),
    _input("seoul_residence_months", Person, int),
    _input("basic_livelihood", Person, bool),
    _input("household_size", Household, int, default_value=1),
    _input("lives_alone", Household, bool),
    _input("monthly_income", Household, float),
    _input("assets", Household, float),
    _input("deposit", Household, float),
    _input("monthly_rent", Household, float),
    _input(
        "housing_tenure",
        Household,
        Enum,
        possible_values=HousingTenure,
        default_value=HousingTenure.OTHER,
    ),
]


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH

    def formula(person, period, parameters):
        birth = person("birth_date", period)
        year = birth.astype("datetime64[Y]").astype(int) + 1970
        month = birth.astype("datetime64[M]").astype(int) % 12 + 1
        day = (birth - birth.astype("datetime64[M]")).astype(int) + 1
        start = period.start
        birthday_passed = (month < start.month) | ((month == start.month) & (day <= start.day))
        return (start.year - year) - np.where(birthday_passed, 0, 1)


class income_ratio(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH

    def formula(household, period, parameters):
        median = parameters(period).median_income
        size = household("household_size", period)
        by_size = np.select([size == 1, size == 2, size == 3], [median.one, median.two, median.three], median.four)
        return household("monthly_income", period) / by_size


class youth_rent_eligible(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH

    def formula(person, period, parameters):
        p = parameters(period).youth_rent
        age = person("age", period)
        tenure = person.household("housing_tenure", period)
        renting = (tenure == HousingTenure.MONTHLY_RENT) + (tenure == HousingTenure.GOSIWON)
        return (
            (age >= p.min_age)
            * (age <= p.max_age)
            * person("registered_in_seoul", period)
            * renting
            * (person.household("deposit", period) <= p.max_deposit)
            * (person.household("monthly_rent", period) <= p.max_rent)
            * (person.household("income_ratio", period) <= p.income_limit)
        )


class doorguard_eligible(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH

    def formula(person, period, parameters):
        return (
            (person("age", period) >= parameters(period).doorguard.min_age)
            * person("registered_in_seoul", period)
            * person.household("lives_alone", period)
        )


class basic_security_eligible(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH

    def formula(person, period, parameters):
        p = parameters(period).basic_security
        return (
            person("registered_in_seoul", period)
            * (person("seoul_residence_months", period) >= p.min_residence_months)
            * (person.household("income_ratio", period) <= p.income_limit)
            * (person.household("assets", period) <= p.asset_limit)
            * np.logical_not(person("basic_livelihood", period))
        )


def _values(by_date: dict[str, float]) -> dict:
    return {"values": {day: {"value": value} for day, value in by_date.items()}}


PARAMETERS = {
    "median_income": {
        size: _values({f"{year}-01-01": row[i] for year, row in MEDIAN_INCOME_BY_YEAR.items()})
        for i, size in enumerate(["one", "two", "three", "four"])
    },
    "youth_rent": {
        "min_age": _values({"2021-01-01": 19}),
        "max_age": _values({"2021-01-01": 39}),
        "max_deposit": _values({"2021-01-01": 50_000_000}),
        "max_rent": _values({"2021-01-01": 600_000}),
        "income_limit": _values({"2021-01-01": 1.5}),
    },
    "doorguard": {"min_age": _values({"2021-01-01": 18})},
    "basic_security": {
        "min_residence_months": _values({"2021-01-01": 6}),
        "income_limit": _values({"2021-01-01": 0.46}),
        "asset_limit": _values({"2021-01-01": 135_000_000, "2022-01-01": 155_000_000}),
    },
}
OUTPUTS = {
    "youth_rent": "youth_rent_eligible",
    "doorguard_2021": "doorguard_eligible",
    "basic_security": "basic_security_eligible",
}


def tax_benefit_system() -> TaxBenefitSystem:
    system = TaxBenefitSystem([Person, Household])
    for variable in [*INPUTS, age, income_ratio, youth_rent_eligible, doorguard_eligible, basic_security_eligible]:
        system.add_variable(variable)
    system.parameters = ParameterNode("", data=PARAMETERS)
    return system


def run_openfisca(system: TaxBenefitSystem, population) -> dict[str, int]:
    columns = population.columns
    simulation = SimulationBuilder().build_default_simulation(system, count=population.size)
    simulation.set_input("birth_date", "ETERNITY", columns["birth_date"])
    for name in ("registered_in_seoul", "seoul_residence_months", "basic_livelihood", "household_size", "lives_alone"):
        simulation.set_input(name, PERIOD, columns[name])
    for name in ("monthly_income", "assets", "deposit", "monthly_rent"):
        simulation.set_input(name, PERIOD, columns[name].astype(np.float32))
    simulation.set_input("housing_tenure", PERIOD, columns["housing_tenure"].astype(np.int16))
    return {key: int(simulation.calculate(variable, PERIOD).sum()) for key, variable in OUTPUTS.items()}


def run_ours(population) -> dict[str, int]:
    rules = {
        "youth_rent": YOUTH_RENT.rule,
        "doorguard_2021": DOORGUARD_2021.rule,
        "basic_security": BASIC_SECURITY.rule,
    }
    outcomes = evaluate_population({key: Rule(rule) for key, rule in rules.items()}, population, REFERENCE_DATE)
    return {key: int((outcome == 1).sum()) for key, outcome in outcomes.items()}


def timed(fn, *args) -> tuple[float, dict[str, int]]:
    samples, result = [], {}
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn(*args)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_390_000
    population = generate_population(size)
    system = tax_benefit_system()
    ours_time, ours = timed(run_ours, population)
    theirs_time, theirs = timed(run_openfisca, system, population)
    print(f"{population.size:,} people, 3 policies, reference date {REFERENCE_DATE}, median of {RUNS} runs")
    print(f"{'':22}{'anshim':>12}{'OpenFisca':>12}")
    print(f"{'time (s)':22}{ours_time:>12.3f}{theirs_time:>12.3f}")
    print(f"{'ratio anshim/OpenFisca':22}{ours_time / theirs_time:>12.3f}")
    for key in OUTPUTS:
        same = "같음" if ours[key] == theirs[key] else "다름"
        print(f"{key + ' 대상':22}{ours[key]:>12,}{theirs[key]:>12,}  {same}")
    if ours != theirs:
        sys.exit("eligible counts differ between the engines")


if __name__ == "__main__":
    main()
