"""Hypothesis strategies: people with any facts missing, and random valid rules up to depth 3."""

import datetime

from hypothesis import strategies as st

from anshim.eligibility.facts import BASE_FACTS, FACTS, Facts, Kind
from anshim.eligibility.rules import OPS_BY_KIND

BIRTH_DATES = st.dates(datetime.date(1925, 1, 1), datetime.date(2012, 12, 31))
REFERENCE_DATES = st.dates(datetime.date(2021, 1, 1), datetime.date(2026, 12, 31))
LATER_DATES = st.dates(datetime.date(2021, 1, 2), datetime.date(2026, 12, 31))
# Ranges that straddle the thresholds real rules use, plus values far outside any column's dtype.
NUMBER_RANGES = {
    "age": (10, 100),
    "seoul_residence_months": (0, 400),
    "household_size": (1, 6),
    "monthly_income": (0, 9_000_000),
    "assets": (0, 2_000_000_000),
    "monthly_rent": (0, 1_500_000),
    "deposit": (0, 800_000_000),
    "housing_price": (0, 3_000_000_000),
}
HUGE = st.sampled_from([-(2**40), 2**40])


def fact_value(name: str):
    spec = FACTS[name]
    if spec.kind is Kind.BOOL:
        return st.booleans()
    if spec.kind is Kind.ENUM:
        return st.sampled_from(spec.codes)
    if spec.kind is Kind.DATE:
        return BIRTH_DATES
    low, high = NUMBER_RANGES[name]
    return st.integers(max(low, spec.minimum), high)


@st.composite
def people(draw):
    values = {name: draw(st.none() | fact_value(name)) for name in BASE_FACTS}
    return Facts(**values)


def rule_value(name: str, op: str):
    spec = FACTS[name]
    if spec.kind is Kind.ENUM:
        return st.sampled_from(spec.codes)
    if spec.kind is Kind.DATE:
        return BIRTH_DATES.map(datetime.date.isoformat)
    if spec.kind is Kind.RATIO:
        return st.sampled_from([0.3, 0.46, 0.5, 1, 1.2, 1.5, 2]) | st.floats(0, 4, allow_nan=False)
    low, high = NUMBER_RANGES[name]
    if op in ("in", "not_in"):
        return st.integers(low, high) | HUGE
    return st.integers(low, high) | HUGE | st.integers(low, high).map(lambda v: v + 0.5)


@st.composite
def rules(draw, max_depth: int = 3):
    parameters: dict[str, list] = {}

    def criterion() -> dict:
        name = draw(st.sampled_from(sorted(FACTS)))
        spec = FACTS[name]
        op = draw(st.sampled_from(OPS_BY_KIND[spec.kind]))
        node = {"fact": name, "op": op}
        if op in ("is_true", "is_false"):
            return node
        values = rule_value(name, op)
        if op == "between":
            node["value"] = sorted([draw(values), draw(values)])
        elif op in ("in", "not_in"):
            node["value"] = draw(st.lists(values, min_size=1, max_size=4, unique=True))
        elif spec.kind in (Kind.INT, Kind.MONEY, Kind.RATIO) and draw(st.integers(0, 3)) == 0:
            key = f"p{len(parameters)}"
            parameters[key] = [
                {"from": "2021-01-01", "value": draw(values)},
                {"from": draw(LATER_DATES).isoformat(), "value": draw(values)},
            ]
            node["value"] = {"param": key}
        else:
            node["value"] = draw(values)
        return node

    def node(depth: int) -> dict:
        kind = draw(st.sampled_from(["fact", "all", "any", "not"])) if depth < max_depth else "fact"
        if kind == "fact":
            return criterion()
        if kind == "not":
            return {"not": node(depth + 1)}
        return {kind: [node(depth + 1) for _ in range(draw(st.integers(1, 4)))]}

    tree = node(0)
    if parameters:
        tree["parameters"] = parameters
    return tree
