"""The population evaluator: the same plans as `evaluate`, over NumPy columns with missing masks.

Three-valued logic as two boolean masks per node, T (surely true) and F (surely false); unknown is
neither. F is left as None while nothing below is unknown (then F = ~T), which halves the work on
complete data. Rows are cut into chunks that fit the CPU cache and run on a small thread pool
(NumPy releases the GIL); identical criteria shared by several rules are computed once per chunk.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from anshim.eligibility.facts import BASE_FACTS, FACTS, Facts, Kind
from anshim.eligibility.parameters import median_income_row
from anshim.eligibility.rules import Outcome, Plan, PlannedCriterion, Rule, as_rule
from anshim.geo.districts import DISTRICTS

K = TypeVar("K")
DEFAULT_CHUNK = 1 << 17
DATE_PLACEHOLDER = np.datetime64("1970-01-01", "D")

# The dtypes `Population.from_facts` writes; generated populations may use narrower integer types.
COLUMN_DTYPES: dict[str, Any] = {
    "birth_date": "datetime64[D]",
    "seoul_residence_months": np.int16,
    "household_size": np.int8,
}
for _name in BASE_FACTS:
    _kind = FACTS[_name].kind
    if _kind is Kind.BOOL:
        COLUMN_DTYPES[_name] = np.bool_
    elif _kind is Kind.ENUM:
        COLUMN_DTYPES[_name] = np.int8
    elif _kind is Kind.MONEY:
        COLUMN_DTYPES[_name] = np.int64


def enum_index(fact: str) -> dict[str, int]:
    """Enum columns hold the position of the code in the fact's choices (district: order of DISTRICTS)."""
    return {code: i for i, code in enumerate(FACTS[fact].codes)}


@dataclass
class Population:
    """People as columns: one array per base fact, plus a boolean mask per fact where some are unknown.

    A fact with no column at all is unknown for everyone.
    """

    columns: dict[str, np.ndarray]
    missing: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        sizes = {len(array) for array in self.columns.values()} | {len(mask) for mask in self.missing.values()}
        if len(sizes) > 1:
            raise ValueError(f"모든 열의 길이가 같아야 합니다 (길이: {sorted(sizes)}).")
        self.size = sizes.pop() if sizes else 0
        for name, array in self.columns.items():
            spec = FACTS.get(name)
            if spec is None or spec.is_derived:
                raise ValueError(f"알 수 없는 열 {name!r}입니다.")
            expected = {
                Kind.BOOL: "b",
                Kind.ENUM: "iu",
                Kind.INT: "iu",
                Kind.MONEY: "iu",
                Kind.DATE: "M",
            }[spec.kind]
            if array.dtype.kind not in expected:
                raise ValueError(f"{name} 열의 자료형 {array.dtype}이(가) 맞지 않습니다.")
            if spec.kind is Kind.DATE and array.dtype != np.dtype("datetime64[D]"):
                raise ValueError(f"{name} 열은 datetime64[D]여야 합니다.")
        for name, mask in self.missing.items():
            if name not in FACTS or mask.dtype != np.bool_:
                raise ValueError(f"{name}의 누락 표시는 bool 배열이어야 합니다.")

    def __len__(self) -> int:
        return self.size

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.columns.values()) + sum(m.nbytes for m in self.missing.values())

    @classmethod
    def from_facts(cls, people: Sequence[Facts]) -> Population:
        """Columns from a list of `Facts` (used for previews, tests and small samples)."""
        columns: dict[str, np.ndarray] = {}
        missing: dict[str, np.ndarray] = {}
        for name in BASE_FACTS:
            spec = FACTS[name]
            raw = [getattr(person, name) for person in people]
            gaps = np.fromiter((value is None for value in raw), dtype=np.bool_, count=len(raw))
            if spec.kind is Kind.ENUM:
                index = enum_index(name)
                filled = [0 if value is None else index[value] for value in raw]
            elif spec.kind is Kind.DATE:
                filled = [DATE_PLACEHOLDER if value is None else np.datetime64(value, "D") for value in raw]
            elif spec.kind is Kind.BOOL:
                filled = [False if value is None else value for value in raw]
            else:
                filled = [0 if value is None else value for value in raw]
            columns[name] = np.array(filled, dtype=COLUMN_DTYPES.get(name, np.int32))
            if gaps.any():
                missing[name] = gaps
        return cls(columns, missing)

    def facts(self, row: int) -> Facts:
        """One person back as `Facts` (the inverse of `from_facts`)."""
        values: dict[str, Any] = {}
        for name in BASE_FACTS:
            array = self.columns.get(name)
            if array is None or (name in self.missing and self.missing[name][row]):
                continue
            spec = FACTS[name]
            value = array[row]
            if spec.kind is Kind.ENUM:
                values[name] = spec.codes[int(value)]
            elif spec.kind is Kind.DATE:
                values[name] = value.astype(datetime.date)
            elif spec.kind is Kind.BOOL:
                values[name] = bool(value)
            else:
                values[name] = int(value)
        return Facts(**values)

    def take(self, rows: np.ndarray | slice) -> Population:
        return Population(
            {name: array[rows] for name, array in self.columns.items()},
            {name: mask[rows] for name, mask in self.missing.items()},
        )


# --- compiling a plan into array operations ---------------------------------------------------


@dataclass(frozen=True)
class _Leaf:
    key: tuple
    fact: str
    op: str
    value: Any


def _prepare(criterion: PlannedCriterion) -> _Leaf:
    spec = FACTS[criterion.fact]
    op, value = criterion.op, criterion.value
    if spec.kind is Kind.ENUM:
        index = enum_index(criterion.fact)
        if op in ("in", "not_in"):
            table = np.zeros(len(index), dtype=np.bool_)
            table[[index[code] for code in value]] = True
            value = table
        else:
            value = index[value]
    elif spec.kind is Kind.DATE:
        value = (
            tuple(np.datetime64(v, "D") for v in value)
            if op in ("between", "not_between")
            else np.datetime64(value, "D")
        )
    elif op in ("in", "not_in"):
        value = np.array(value)
    key = (criterion.fact, criterion.op, _hashable(criterion.value))
    return _Leaf(key, criterion.fact, op, value)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def _vector_plan(plan: Plan) -> tuple[tuple[_Leaf, ...], tuple]:
    found = plan.compiled.get("vector")
    if found is None:
        found = plan.compiled["vector"] = (tuple(_prepare(c) for c in plan.criteria), plan.tree)
    return found


def _compare(leaf: _Leaf, column: np.ndarray) -> np.ndarray:
    op, value = leaf.op, leaf.value
    if op == "is_true":
        return column
    if op == "is_false":
        return ~column
    if op == "eq":
        return column == value
    if op == "ne":
        return column != value
    if op == "lt":
        return column < value
    if op == "lte":
        return column <= value
    if op == "gt":
        return column > value
    if op == "gte":
        return column >= value
    if op == "between":
        result = column >= value[0]
        result &= column <= value[1]
        return result
    if op == "not_between":
        result = column < value[0]
        result |= column > value[1]
        return result
    inside = value[column] if FACTS[leaf.fact].kind is Kind.ENUM else np.isin(column, value)
    return inside if op == "in" else ~inside


Masks = tuple[np.ndarray, np.ndarray | None]


class _Chunk:
    """Columns of one slice of rows, derived facts computed on demand, criterion results memoised."""

    def __init__(self, population: Population, rows: slice, when: datetime.date):
        self.population = population
        self.rows = rows
        self.when = when
        self.size = len(range(*rows.indices(population.size)))
        self.derived: dict[str, tuple[np.ndarray | None, np.ndarray | None]] = {}
        self.memo: dict[tuple, Masks] = {}

    def base(self, name: str) -> tuple[np.ndarray | None, np.ndarray | None]:
        array = self.population.columns.get(name)
        if array is None:
            return None, None
        mask = self.population.missing.get(name)
        return array[self.rows], (None if mask is None else ~mask[self.rows])

    def values(self, name: str) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(column, known mask or None when all are known); column None when nobody's value is known."""
        if name not in FACTS or not FACTS[name].is_derived:
            return self.base(name)
        found = self.derived.get(name)
        if found is None:
            found = self.derived[name] = self._age() if name == "age" else self._income_ratio()
        return found

    def _age(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        birth, known = self.base("birth_date")
        if birth is None:
            return None, None
        month_start = birth.astype("datetime64[M]")
        year = birth.astype("datetime64[Y]").astype(np.int32) + 1970
        month = month_start.astype(np.int32) % 12 + 1
        day = (birth - month_start).astype(np.int32) + 1
        when = self.when
        age = (when.year - year) - ((when.month * 100 + when.day) < (month * 100 + day))
        return age, known

    def _income_ratio(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        income, income_known = self.base("monthly_income")
        size, size_known = self.base("household_size")
        if income is None or size is None:
            return None, None
        medians = np.array(median_income_row(self.when), dtype=np.int64)
        ratio = income / medians[np.clip(size, 1, len(medians)) - 1]
        if income_known is None:
            known = size_known
        elif size_known is None:
            known = income_known
        else:
            known = income_known & size_known
        return ratio, known

    def leaf(self, leaf: _Leaf) -> Masks:
        found = self.memo.get(leaf.key)
        if found is None:
            column, known = self.values(leaf.fact)
            if column is None:
                nothing = np.zeros(self.size, dtype=np.bool_)
                found = (nothing, nothing)
            else:
                result = _compare(leaf, column)
                if known is None:
                    found = (result, None)
                else:
                    surely = result & known
                    found = (surely, known ^ surely)
            self.memo[leaf.key] = found
        return found

    def node(self, node: tuple, leaves: tuple[_Leaf, ...]) -> Masks:
        kind, payload, _ = node
        if kind == "leaf":
            return self.leaf(leaves[payload])
        parts = [self.node(child, leaves) for child in payload]
        if len(parts) == 1:
            return parts[0]
        # `all` is true where every child is true and false where any is; `any` the other way round.
        meet, join = (np.logical_and, np.logical_or) if kind == "all" else (np.logical_or, np.logical_and)
        true = meet(parts[0][0], parts[1][0])
        for surely, _ in parts[2:]:
            meet(true, surely, out=true)
        if all(false is None for _, false in parts):
            return true, None
        falses = [(~surely if false is None else false) for surely, false in parts]
        false = join(falses[0], falses[1])
        for extra in falses[2:]:
            join(false, extra, out=false)
        return true, false


def _run_chunk(
    population: Population,
    rows: slice,
    when: datetime.date,
    plans: list[tuple[np.ndarray, tuple[tuple[_Leaf, ...], tuple]]],
) -> None:
    chunk = _Chunk(population, rows, when)
    for out, (leaves, tree) in plans:
        true, false = chunk.node(tree, leaves)
        target = out[rows]
        np.copyto(target, true, casting="unsafe")  # ELIGIBLE == 1, INELIGIBLE == 0
        if false is not None:
            target[~(true | false)] = Outcome.UNKNOWN


def evaluate_population(
    rules: Mapping[K, Rule | Mapping[str, Any]],
    population: Population,
    reference_date: datetime.date,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int | None = None,
) -> dict[K, np.ndarray]:
    """Every rule over every person: an int8 array of `Outcome` codes per rule (0 비대상, 1 대상, 2 확인 필요)."""
    if chunk_size < 1:
        raise ValueError("chunk_size는 1 이상이어야 합니다.")
    outcomes = {key: np.zeros(population.size, dtype=np.int8) for key in rules}
    plans = [(outcomes[key], _vector_plan(as_rule(rule).plan(reference_date))) for key, rule in rules.items()]
    slices = [slice(start, min(start + chunk_size, population.size)) for start in range(0, population.size, chunk_size)]
    workers = workers or min(2, os.cpu_count() or 1)
    if workers == 1 or len(slices) <= 1:
        for rows in slices:
            _run_chunk(population, rows, reference_date, plans)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for done in [pool.submit(_run_chunk, population, rows, reference_date, plans) for rows in slices]:
                done.result()
    return outcomes


def masks(outcome: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(eligible, unknown) boolean masks of one rule's outcome array."""
    return outcome == Outcome.ELIGIBLE, outcome == Outcome.UNKNOWN


def tally_by_district(outcome: np.ndarray, population: Population) -> np.ndarray:
    """Counts per district: rows in DISTRICTS order plus a last row for an unknown district;
    columns are INELIGIBLE, ELIGIBLE, UNKNOWN."""
    if "district" in population.columns:
        row = population.columns["district"].astype(np.intp)
        if "district" in population.missing:
            row[population.missing["district"]] = len(DISTRICTS)
    else:
        row = np.full(population.size, len(DISTRICTS), dtype=np.intp)
    cells = row * 3 + outcome.astype(np.intp)
    return np.bincount(cells, minlength=(len(DISTRICTS) + 1) * 3).reshape(len(DISTRICTS) + 1, 3)
