"""The rule language: JSON trees of all / any / not over criteria on facts, validated with JSON paths.

A `Rule` is validated once and turned into a date-specific `Plan` per reference date (cached):
parameters resolved, labels written, and `not` pushed down to the criteria (negation normal form)
so every criterion a person reads is phrased the way it counts, e.g. "장기요양 등급 없음: 충족".
"""

from __future__ import annotations

import datetime
import enum
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from anshim.eligibility import explain
from anshim.eligibility.facts import FACTS, FactSpec, Kind
from anshim.eligibility.parameters import Parameter

MAX_DEPTH = 12
MAX_CRITERIA = 400
MAX_LABEL = 120
PLAN_CACHE_SIZE = 32

NUMBER_OPS = ("eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "not_in")
OPS_BY_KIND: dict[Kind, tuple[str, ...]] = {
    Kind.BOOL: ("is_true", "is_false"),
    Kind.ENUM: ("eq", "ne", "in", "not_in"),
    Kind.INT: NUMBER_OPS,
    Kind.MONEY: NUMBER_OPS,
    Kind.RATIO: ("eq", "ne", "lt", "lte", "gt", "gte", "between"),
    Kind.DATE: ("eq", "ne", "lt", "lte", "gt", "gte", "between"),
}
ALL_OPS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "between", "is_true", "is_false")
# `not_between` only appears after `not` is pushed into a `between` criterion; rules cannot spell it.
NEGATED_OP = {
    "eq": "ne",
    "ne": "eq",
    "in": "not_in",
    "not_in": "in",
    "lt": "gte",
    "gte": "lt",
    "lte": "gt",
    "gt": "lte",
    "between": "not_between",
    "not_between": "between",
    "is_true": "is_false",
    "is_false": "is_true",
}
PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class Outcome(enum.IntEnum):
    """A policy's verdict for one person; the integer codes are what the population arrays hold."""

    INELIGIBLE = 0
    ELIGIBLE = 1
    UNKNOWN = 2

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {Outcome.ELIGIBLE: "대상", Outcome.INELIGIBLE: "비대상", Outcome.UNKNOWN: "추가 확인 필요"}


@dataclass(frozen=True)
class RuleIssue:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class RuleError(ValueError):
    """A malformed rule; `issues` holds every problem with the JSON path where it is."""

    def __init__(self, issues: list[RuleIssue]):
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))

    def as_list(self) -> list[dict[str, str]]:
        return [{"path": issue.path, "message": issue.message} for issue in self.issues]


@dataclass(frozen=True)
class ParamRef:
    name: str


@dataclass(frozen=True)
class Criterion:
    fact: str
    op: str
    value: Any
    label: str | None
    path: str


@dataclass(frozen=True)
class Group:
    kind: str  # "all" | "any"
    children: tuple[Node, ...]
    label: str | None
    path: str


@dataclass(frozen=True)
class Negation:
    child: Node
    path: str


Node = Criterion | Group | Negation


# --- validation -----------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _parse_date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class _Validator:
    def __init__(self, parameter_names: set[str]):
        self.parameter_names = parameter_names
        self.issues: list[RuleIssue] = []
        self.criteria = 0

    def fail(self, path: str, message: str) -> None:
        self.issues.append(RuleIssue(path, message))

    def label(self, node: Mapping, path: str) -> str | None:
        if "label" not in node:
            return None
        label = node["label"]
        if not isinstance(label, str) or not label.strip():
            self.fail(f"{path}.label", "비어 있지 않은 문자열이어야 합니다")
            return None
        if len(label) > MAX_LABEL:
            self.fail(f"{path}.label", f"{MAX_LABEL}자 이하여야 합니다")
            return None
        return label.strip()

    def node(self, node: Any, path: str, depth: int) -> Node | None:
        if not isinstance(node, Mapping):
            self.fail(path, "조건 객체여야 합니다 ('all', 'any', 'not' 또는 'fact')")
            return None
        if depth > MAX_DEPTH:
            self.fail(path, f"조건이 너무 깊게 중첩되었습니다 (최대 {MAX_DEPTH}단계)")
            return None
        heads = [key for key in ("all", "any", "not", "fact") if key in node]
        if not heads:
            self.fail(path, "'all', 'any', 'not', 'fact' 중 하나가 있어야 합니다")
            return None
        if len(heads) > 1:
            self.fail(path, f"{', '.join(repr(h) for h in heads)}를 한 조건에 함께 쓸 수 없습니다")
            return None
        head = heads[0]
        allowed = {
            "all": {"all", "label"},
            "any": {"any", "label"},
            "not": {"not"},
            "fact": {"fact", "op", "value", "label"},
        }[head]
        if depth == 0:
            allowed = allowed | {"parameters"}
        for key in node:
            if key not in allowed:
                self.fail(f"{path}.{key}", "알 수 없는 키입니다")
        if head == "not":
            child = self.node(node["not"], f"{path}.not", depth + 1)
            return Negation(child, path) if child is not None else None
        if head in ("all", "any"):
            return self.group(node, head, path, depth)
        return self.criterion(node, path)

    def group(self, node: Mapping, kind: str, path: str, depth: int) -> Group | None:
        items = node[kind]
        label = self.label(node, path)
        if not isinstance(items, list) or not items:
            self.fail(f"{path}.{kind}", "조건이 하나 이상 든 목록이어야 합니다")
            return None
        children = [self.node(item, f"{path}.{kind}[{i}]", depth + 1) for i, item in enumerate(items)]
        if any(child is None for child in children):
            return None
        return Group(kind, tuple(children), label, path)

    def criterion(self, node: Mapping, path: str) -> Criterion | None:
        self.criteria += 1
        if self.criteria == MAX_CRITERIA + 1:
            self.fail(path, f"조건이 너무 많습니다 (최대 {MAX_CRITERIA}개)")
        label = self.label(node, path)
        fact = node["fact"]
        spec = FACTS.get(fact) if isinstance(fact, str) else None
        if spec is None:
            self.fail(f"{path}.fact", f"알 수 없는 항목 {fact!r}입니다")
            return None
        if "op" not in node:
            self.fail(f"{path}.op", "연산(op)이 있어야 합니다")
            return None
        op = node["op"]
        if not isinstance(op, str) or op not in ALL_OPS:
            self.fail(f"{path}.op", f"알 수 없는 연산 {op!r}입니다 (가능: {', '.join(ALL_OPS)})")
            return None
        if op not in OPS_BY_KIND[spec.kind]:
            allowed = ", ".join(OPS_BY_KIND[spec.kind])
            self.fail(f"{path}.op", f"{spec.label}({fact})에는 {op!r} 연산을 쓸 수 없습니다 (가능: {allowed})")
            return None
        value_path = f"{path}.value"
        if op in ("is_true", "is_false"):
            if "value" in node:
                self.fail(value_path, f"{op!r} 연산에는 값을 쓰지 않습니다")
                return None
            return Criterion(fact, op, None, label, path)
        if "value" not in node:
            self.fail(value_path, "값(value)이 있어야 합니다")
            return None
        value = self.value(spec.kind, spec, op, node["value"], value_path)
        if value is None:
            return None
        return Criterion(fact, op, value, label, path)

    def scalar(self, kind: Kind, spec: FactSpec, raw: Any, path: str) -> Any:
        if kind is Kind.ENUM:
            if isinstance(raw, str) and raw in spec.codes:
                return raw
            allowed = ", ".join(spec.codes)
            self.fail(path, f"알 수 없는 값 {raw!r}입니다 (가능: {allowed})")
            return None
        if kind is Kind.DATE:
            parsed = _parse_date(raw)
            if parsed is None:
                self.fail(path, "YYYY-MM-DD 형식의 날짜여야 합니다")
            return parsed
        if isinstance(raw, Mapping):
            return self.param_ref(raw, path)
        if not _is_number(raw):
            self.fail(path, "숫자여야 합니다")
            return None
        return raw

    def param_ref(self, raw: Mapping, path: str) -> ParamRef | None:
        if set(raw) != {"param"} or not isinstance(raw["param"], str):
            self.fail(path, '숫자이거나 {"param": "매개변수 이름"} 형식이어야 합니다')
            return None
        if raw["param"] not in self.parameter_names:
            self.fail(f"{path}.param", f"정의되지 않은 매개변수 {raw['param']!r}입니다 ($.parameters에 정의하세요)")
            return None
        return ParamRef(raw["param"])

    def value(self, kind: Kind, spec: FactSpec, op: str, raw: Any, path: str) -> Any:
        if op == "between":
            noun = "날짜" if kind is Kind.DATE else "숫자"
            if not isinstance(raw, list) or len(raw) != 2:
                self.fail(path, f"{noun} 두 개의 목록이어야 합니다")
                return None
            low = self.scalar(kind, spec, raw[0], f"{path}[0]")
            high = self.scalar(kind, spec, raw[1], f"{path}[1]")
            if low is None or high is None:
                return None
            if not isinstance(low, ParamRef) and not isinstance(high, ParamRef) and low > high:
                self.fail(path, "앞의 값이 뒤의 값보다 클 수 없습니다")
                return None
            return (low, high)
        if op in ("in", "not_in"):
            if not isinstance(raw, list) or not raw:
                self.fail(path, "값이 하나 이상 든 목록이어야 합니다")
                return None
            items = []
            for i, item in enumerate(raw):
                if kind is not Kind.ENUM and not (isinstance(item, int) and not isinstance(item, bool)):
                    self.fail(f"{path}[{i}]", "정수여야 합니다")
                    return None
                parsed = self.scalar(kind, spec, item, f"{path}[{i}]")
                if parsed is None:
                    return None
                if parsed in items:
                    self.fail(f"{path}[{i}]", f"중복된 값 {item!r}입니다")
                    return None
                items.append(parsed)
            return tuple(items)
        if isinstance(raw, list):
            self.fail(path, "목록이 아니라 값 하나여야 합니다")
            return None
        return self.scalar(kind, spec, raw, path)


def _parameters(raw: Any, issues: list[RuleIssue]) -> dict[str, Parameter]:
    path = "$.parameters"
    if not isinstance(raw, Mapping):
        issues.append(RuleIssue(path, "매개변수 이름과 적용일별 값 목록의 객체여야 합니다"))
        return {}
    out: dict[str, Parameter] = {}
    for name, entries in raw.items():
        entry_path = f"{path}.{name}"
        if not isinstance(name, str) or not PARAM_NAME.match(name):
            issues.append(RuleIssue(entry_path, "매개변수 이름은 영문 소문자로 시작하고 소문자·숫자·_만 씁니다"))
            continue
        if not isinstance(entries, list) or not entries:
            issues.append(
                RuleIssue(entry_path, '{"from": "YYYY-MM-DD", "value": 숫자} 항목이 하나 이상 든 목록이어야 합니다')
            )
            continue
        values: list[tuple[datetime.date, Any]] = []
        ok = True
        for i, entry in enumerate(entries):
            item_path = f"{entry_path}[{i}]"
            if not isinstance(entry, Mapping) or set(entry) != {"from", "value"}:
                issues.append(RuleIssue(item_path, "'from'과 'value' 두 키만 있는 객체여야 합니다"))
                ok = False
                continue
            start = _parse_date(entry["from"])
            if start is None:
                issues.append(RuleIssue(f"{item_path}.from", "YYYY-MM-DD 형식의 날짜여야 합니다"))
                ok = False
            if not _is_number(entry["value"]):
                issues.append(RuleIssue(f"{item_path}.value", "숫자여야 합니다"))
                ok = False
            if start is not None and values and start <= values[-1][0]:
                issues.append(RuleIssue(f"{item_path}.from", "적용일은 앞 항목보다 늦은 날짜여야 합니다 (오름차순)"))
                ok = False
            if start is not None:
                values.append((start, entry["value"]))
        if ok:
            out[name] = Parameter.of(name, f"매개변수 {name!r}", values)
    return out


# --- rules and plans -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedCriterion:
    """A criterion as it counts at one reference date: parameters resolved, negation applied."""

    index: int
    fact: str
    op: str
    value: Any
    label: str
    path: str


@dataclass
class Plan:
    """A rule at one reference date. Leaves are criterion indexes; groups are ("all"|"any", children, label)."""

    reference_date: datetime.date
    criteria: tuple[PlannedCriterion, ...]
    tree: tuple
    # Filled lazily by the evaluators with their compiled forms of this plan.
    compiled: dict[str, Any] = field(default_factory=dict, repr=False)


class Rule:
    """A validated rule. Build it once per rule version; `plan(date)` is cached per date."""

    __slots__ = ("source", "tree", "parameters", "fact_names", "_plans")

    def __init__(self, source: Mapping[str, Any]):
        issues: list[RuleIssue] = []
        parameters: dict[str, Parameter] = {}
        names: set[str] = set()
        if isinstance(source, Mapping) and "parameters" in source:
            raw = source["parameters"]
            parameters = _parameters(raw, issues)
            # A parameter with a bad entry still counts as defined for references, so one mistake is reported once.
            names = {name for name in raw if isinstance(name, str)} if isinstance(raw, Mapping) else set()
        validator = _Validator(names)
        tree = validator.node(source, "$", 0)
        issues.extend(validator.issues)
        if issues:
            raise RuleError(issues)
        self.source = source
        self.tree: Node = tree  # type: ignore[assignment]
        self.parameters = parameters
        self.fact_names = self._fact_names()
        self._plans: dict[datetime.date, Plan] = {}

    @classmethod
    def parse(cls, text: str | bytes) -> Rule:
        """A rule from JSON text; a syntax error is reported at `$` with its line and column."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RuleError(
                [RuleIssue("$", f"올바른 JSON이 아닙니다 ({exc.lineno}번째 줄 {exc.colno}번째 글자)")]
            ) from None
        return cls(data)

    def _fact_names(self) -> frozenset[str]:
        """The facts this rule reads, derived ones as named in the rule."""
        found: set[str] = set()

        def walk(node: Node) -> None:
            if isinstance(node, Criterion):
                found.add(node.fact)
            elif isinstance(node, Group):
                for child in node.children:
                    walk(child)
            else:
                walk(node.child)

        walk(self.tree)
        return frozenset(found)

    def plan(self, when: datetime.date) -> Plan:
        plan = self._plans.get(when)
        if plan is None:
            if len(self._plans) >= PLAN_CACHE_SIZE:
                self._plans.clear()
            plan = self._plans[when] = self._build_plan(when)
        return plan

    def _resolve(self, value: Any, when: datetime.date) -> Any:
        if isinstance(value, ParamRef):
            return self.parameters[value.name].at(when)
        if isinstance(value, tuple):
            return tuple(self._resolve(item, when) for item in value)
        return value

    def _build_plan(self, when: datetime.date) -> Plan:
        criteria: list[PlannedCriterion] = []

        def build(node: Node, negate: bool) -> tuple:
            if isinstance(node, Negation):
                return build(node.child, not negate)
            if isinstance(node, Group):
                kind = node.kind if not negate else ("any" if node.kind == "all" else "all")
                label = node.label if node.label is None or not negate else f"{node.label} 아님"
                children: list[tuple] = []
                for child in node.children:
                    built = build(child, negate)
                    # An unlabelled all-inside-all (or any-inside-any) says nothing more: lift its children.
                    if built[0] == kind and built[2] is None:
                        children.extend(built[1])
                    else:
                        children.append(built)
                return (kind, tuple(children), label)
            op = NEGATED_OP[node.op] if negate else node.op
            value = self._resolve(node.value, when)
            if node.label is None:
                label = explain.criterion_label(FACTS[node.fact], op, value)
            else:
                label = f"{node.label} 아님" if negate else node.label
            criteria.append(PlannedCriterion(len(criteria), node.fact, op, value, label, node.path))
            return ("leaf", len(criteria) - 1, None)

        tree = build(self.tree, False)
        return Plan(when, tuple(criteria), tree)


_RULE_CACHE: dict[str, Rule] = {}
RULE_CACHE_SIZE = 512


def as_rule(rule: Rule | Mapping[str, Any]) -> Rule:
    """Accept a `Rule` or its JSON data; data is validated once per distinct content and cached."""
    if isinstance(rule, Rule):
        return rule
    try:
        key = json.dumps(rule, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return Rule(rule)  # not JSON data at all: let validation explain what is wrong
    cached = _RULE_CACHE.get(key)
    if cached is None:
        if len(_RULE_CACHE) >= RULE_CACHE_SIZE:
            _RULE_CACHE.clear()
        cached = _RULE_CACHE[key] = Rule(json.loads(key))
    return cached
