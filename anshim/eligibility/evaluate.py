"""The single-person evaluator: one person's facts against one or many rules, with reasons.

Each plan is compiled once into C-level predicates (functools.partial over operator) and a combiner,
so a call only looks facts up and compares; sentences and deciding facts are built only when read.
Three-valued logic: True / False / None (unknown); a missing fact makes its criteria unknown.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple, TypeVar

from anshim.eligibility import explain
from anshim.eligibility.facts import BASE_FACTS, FACT_ORDER, FACTS, Facts, age_at, clean_facts
from anshim.eligibility.parameters import median_income
from anshim.eligibility.rules import Outcome, Plan, PlannedCriterion, Rule, as_rule

K = TypeVar("K")
State = bool | None

# partial(op, a)(v) computes op(a, v), so each comparison is written from the rule value's side.
_COMPARE = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.gt,
    "lte": operator.ge,
    "gt": operator.lt,
    "gte": operator.le,
}


def _predicate(criterion: PlannedCriterion) -> Callable[[Any], bool]:
    op, value = criterion.op, criterion.value
    if op in _COMPARE:
        return partial(_COMPARE[op], value)
    if op == "is_true":
        return partial(operator.is_, True)
    if op == "is_false":
        return partial(operator.is_, False)
    if op == "in":
        return frozenset(value).__contains__
    if op == "not_in":
        members = frozenset(value)
        return lambda v: v not in members
    low, high = value
    if op == "between":
        return lambda v: low <= v <= high
    return lambda v: not (low <= v <= high)


def _combiner(node: tuple) -> Callable[[list[State]], State]:
    kind, payload, _ = node
    if kind == "leaf":
        return operator.itemgetter(payload)
    children = payload
    if all(child[0] == "leaf" for child in children):
        # The common shape (a flat list of criteria) reads the states in one C call.
        indexes = [child[1] for child in children]
        pick = operator.itemgetter(*indexes) if len(indexes) > 1 else (lambda states, i=indexes[0]: (states[i],))
        if kind == "all":

            def all_leaves(states: list[State]) -> State:
                values = pick(states)
                return False if False in values else None if None in values else True

            return all_leaves

        def any_leaves(states: list[State]) -> State:
            values = pick(states)
            return True if True in values else None if None in values else False

        return any_leaves
    parts = [_combiner(child) for child in children]
    if kind == "all":

        def all_nodes(states: list[State]) -> State:
            values = [part(states) for part in parts]
            return False if False in values else None if None in values else True

        return all_nodes

    def any_nodes(states: list[State]) -> State:
        values = [part(states) for part in parts]
        return True if True in values else None if None in values else False

    return any_nodes


@dataclass(frozen=True)
class CompiledPlan:
    plan: Plan
    tests: tuple[tuple[str, Callable[[Any], bool]], ...]
    combine: Callable[[list[State]], State]
    # ("label: 충족" etc. per state, fact) per criterion, so a reason is one concatenation with the value.
    sentence_parts: tuple[tuple[dict[State, str], str], ...]


def compiled(plan: Plan) -> CompiledPlan:
    found = plan.compiled.get("single")
    if found is None:
        tests = tuple((c.fact, _predicate(c)) for c in plan.criteria)
        parts = tuple(
            ({state: f"{c.label}: {word}" for state, word in explain.STATE_WORDS.items()}, c.fact)
            for c in plan.criteria
        )
        found = plan.compiled["single"] = CompiledPlan(plan, tests, _combiner(plan.tree), parts)
    return found


_OUTCOME_OF_STATE = {True: Outcome.ELIGIBLE, False: Outcome.INELIGIBLE, None: Outcome.UNKNOWN}


class CriterionOutcome(NamedTuple):
    label: str
    fact: str
    state: State
    sentence: str
    path: str

    @property
    def verdict(self) -> str:
        return explain.STATE_WORDS[self.state]


def _node_state(node: tuple, states: list[State]) -> State:
    kind, payload, _ = node
    if kind == "leaf":
        return states[payload]
    values = [_node_state(child, states) for child in payload]
    if kind == "all":
        return False if False in values else None if None in values else True
    return True if True in values else None if None in values else False


def _undecided_leaves(node: tuple, states: list[State], out: list[int]) -> None:
    """Unknown criteria reachable through unknown groups only: exactly those that could still change the
    outcome, because an unknown `all` has no false child and an unknown `any` no true child."""
    kind, payload, _ = node
    if kind == "leaf":
        out.append(payload)
        return
    for child in payload:
        if _node_state(child, states) is None:
            _undecided_leaves(child, states, out)


class Result:
    """One policy's verdict for one person. Reasons are computed on first access."""

    __slots__ = ("plan", "states", "values", "outcome", "_details", "_missing")

    def __init__(
        self,
        plan: Plan,
        states: list[State],
        values: Mapping[str, Any],
        outcome: Outcome,
        details: dict[tuple[str, State], str] | None = None,
    ):
        self.plan = plan
        self.states = states
        self.values = values
        self.outcome = outcome
        # Value details ("(만 27세)") depend on the person only, so results of one person share them.
        self._details = {} if details is None else details
        self._missing: tuple[str, ...] | None = None

    def _detail(self, fact: str, state: State) -> str:
        key = (fact, state)
        found = self._details.get(key)
        if found is None:
            found = self._details[key] = explain.value_detail(FACTS[fact], self.values.get(fact), state)
        return found

    def __repr__(self) -> str:
        return f"<Result {self.outcome.name} {len(self.states)} criteria>"

    @property
    def label(self) -> str:
        return self.outcome.label

    def _sentence(self, index: int) -> str:
        state = self.states[index]
        heads, fact = compiled(self.plan).sentence_parts[index]
        return heads[state] + self._detail(fact, state)

    @property
    def criteria(self) -> list[CriterionOutcome]:
        return [
            CriterionOutcome(c.label, c.fact, self.states[c.index], self._sentence(c.index), c.path)
            for c in self.plan.criteria
        ]

    @property
    def sentences(self) -> list[str]:
        """Every criterion as "label: 충족 (value)", in rule order."""
        details, out = self._details, []
        for (heads, fact), state in zip(compiled(self.plan).sentence_parts, self.states, strict=True):
            found = details.get((fact, state))
            if found is None:
                found = details[fact, state] = explain.value_detail(FACTS[fact], self.values.get(fact), state)
            out.append(heads[state] + found)
        return out

    @property
    def missing_facts(self) -> tuple[str, ...]:
        """Base facts not given whose answer could still decide this policy (empty unless UNKNOWN)."""
        if self._missing is None:
            found: set[str] = set()
            if self.outcome is Outcome.UNKNOWN:
                leaves: list[int] = []
                _undecided_leaves(self.plan.tree, self.states, leaves)
                for index in leaves:
                    spec = FACTS[self.plan.criteria[index].fact]
                    for name in spec.derived_from or (spec.name,):
                        if self.values.get(name) is None:
                            found.add(name)
            self._missing = tuple(sorted(found, key=FACT_ORDER.__getitem__))
        return self._missing

    @property
    def missing_fact_labels(self) -> list[str]:
        return [FACTS[name].label for name in self.missing_facts]

    @property
    def lines(self) -> list[explain.Line]:
        """Criteria as an indented list; `any` groups (and groups nested in them) get a heading line."""
        lines: list[explain.Line] = []
        criteria = self.plan.criteria

        def walk(node: tuple, depth: int, top: bool) -> None:
            kind, payload, label = node
            if kind == "leaf":
                lines.append(explain.Line(depth, self._sentence(payload), self.states[payload], criteria[payload].path))
                return
            if top and kind == "all" and label is None:
                for child in payload:
                    walk(child, depth, False)
                return
            state = _node_state(node, self.states)
            lines.append(explain.Line(depth, explain.group_heading(kind, label, state), state))
            for child in payload:
                walk(child, depth + 1, False)

        walk(self.plan.tree, 0, True)
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.name,
            "label": self.label,
            "criteria": [
                {"label": c.label, "fact": c.fact, "result": c.verdict, "sentence": c.sentence, "path": c.path}
                for c in self.criteria
            ],
            "missing_facts": [{"fact": name, "label": FACTS[name].label} for name in self.missing_facts],
            "lines": [
                {"depth": line.depth, "text": line.text, "result": explain.STATE_WORDS[line.state]}
                for line in self.lines
            ],
        }


def resolve_facts(facts: Facts, when: datetime.date, needed: Iterable[str] = ("age", "income_ratio")) -> dict:
    """Base facts plus the derived ones in `needed`, at the reference date `when`."""
    values = {name: getattr(facts, name) for name in BASE_FACTS}
    if "age" in needed:
        birth = facts.birth_date
        values["age"] = None if birth is None else age_at(birth, when)
    if "income_ratio" in needed:
        income, size = facts.monthly_income, facts.household_size
        values["income_ratio"] = None if income is None or size is None else income / median_income(size, when)
    return values


def as_facts(facts: Facts | Mapping[str, Any]) -> Facts:
    return facts if isinstance(facts, Facts) else clean_facts(facts)


def _run(plan: Plan, values: Mapping[str, Any], details: dict | None = None) -> Result:
    program = compiled(plan)
    states: list[State] = [None if (v := values[name]) is None else test(v) for name, test in program.tests]
    return Result(plan, states, values, _OUTCOME_OF_STATE[program.combine(states)], details)


def evaluate(rule: Rule | Mapping[str, Any], facts: Facts | Mapping[str, Any], reference_date: datetime.date) -> Result:
    """One rule for one person at `reference_date`. Raw facts are validated (`FactError`), raw rules too (`RuleError`)."""
    rule = as_rule(rule)
    values = resolve_facts(as_facts(facts), reference_date, rule.fact_names)
    return _run(rule.plan(reference_date), values)


def evaluate_many(
    rules: Mapping[K, Rule | Mapping[str, Any]], facts: Facts | Mapping[str, Any], reference_date: datetime.date
) -> dict[K, Result]:
    """Every rule for one person; facts are resolved once for all of them."""
    compiled_rules = {key: as_rule(rule) for key, rule in rules.items()}
    needed: set[str] = set()
    for rule in compiled_rules.values():
        needed |= rule.fact_names
    values = resolve_facts(as_facts(facts), reference_date, needed)
    details: dict = {}
    return {key: _run(rule.plan(reference_date), values, details) for key, rule in compiled_rules.items()}


@dataclass(frozen=True)
class Question:
    """A fact still worth asking: the policies whose verdict it could decide."""

    fact: str
    label: str
    policies: tuple

    @property
    def count(self) -> int:
        return len(self.policies)


def questions_that_matter(
    rules: Mapping[K, Rule | Mapping[str, Any]] | Mapping[K, Result],
    facts: Facts | Mapping[str, Any] | None = None,
    reference_date: datetime.date | None = None,
) -> list[Question]:
    """Missing facts ordered by how many undecided policies they could decide (ties: questionnaire order).

    Pass rules with facts and a date, or the results of `evaluate_many` directly.
    """
    if all(isinstance(value, Result) for value in rules.values()):
        results = rules
    else:
        if facts is None or reference_date is None:
            raise TypeError("규칙을 넘길 때는 facts와 reference_date도 필요합니다.")
        results = evaluate_many(rules, facts, reference_date)  # type: ignore[arg-type]
    deciding: dict[str, list] = {}
    for key, result in results.items():
        for name in result.missing_facts:
            deciding.setdefault(name, []).append(key)
    ordered = sorted(deciding.items(), key=lambda item: (-len(item[1]), FACT_ORDER[item[0]]))
    return [Question(name, FACTS[name].label, tuple(keys)) for name, keys in ordered]
