"""Changing a policy's eligibility rule: drafts, test cases and publication, one transaction each.

A definition is validated by the engine before it is stored (every issue keeps its JSON path), and
a draft is published only when all of the policy's test cases pass; publishing locks the policy's
rules, so two officials publishing at once cannot leave two versions (or an older one) in force.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from anshim.catalog.models import Expected, Policy, PolicyRule, RuleStatus, RuleTestCase
from anshim.eligibility import FACTS, FactError, Facts, Outcome, ParameterError, Rule, RuleError, clean_facts, evaluate
from anshim.eligibility.explain import GROUP_HEADINGS, format_krw
from anshim.eligibility.facts import age_at
from anshim.eligibility.parameters import median_income

EDIT_PERMISSIONS = ("catalog.add_policyrule", "catalog.change_policyrule")
VIEW_PERMISSION = "catalog.view_policyrule"
# 기준 중위소득 is known from 2021; an earlier reference date has no income parameter to apply.
EARLIEST_REFERENCE_DATE = datetime.date(2021, 1, 1)
LATEST_REFERENCE_DATE = datetime.date(2099, 12, 31)
MAX_DEFINITION_CHARS = 100_000
MAX_NOTE_CHARS = 300
MAX_CASE_NAME_CHARS = 200


# --- validation helpers shared with the admin and the API ------------------------------------


def parse_definition(definition: Any) -> tuple[dict, Rule]:
    """The rule's JSON data and its validated `Rule`; a `ValidationError` lists every issue with its path."""
    if isinstance(definition, bytes):
        definition = definition.decode("utf-8", errors="replace")
    if isinstance(definition, str):
        if len(definition) > MAX_DEFINITION_CHARS:
            raise ValidationError(f"$: 규칙이 너무 깁니다 (최대 {MAX_DEFINITION_CHARS:,}자).", code="too_long")
        if not definition.strip():
            raise ValidationError("$: 규칙(JSON)을 입력해 주세요.", code="required")
        try:
            data = json.loads(definition)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                f"$: 올바른 JSON이 아닙니다 ({exc.lineno}번째 줄 {exc.colno}번째 글자).", code="invalid_json"
            ) from None
    else:
        data = definition
    if not isinstance(data, dict):
        raise ValidationError(
            '$: 규칙은 {"all": [...]}처럼 중괄호로 시작하는 JSON 객체여야 합니다.', code="not_an_object"
        )
    try:
        rule = Rule(data)
    except RuleError as exc:
        raise ValidationError([str(issue) for issue in exc.issues], code="invalid_rule") from None
    return data, rule


def fact_error_messages(exc: FactError) -> list[str]:
    """FactError entries as "생년월일(birth_date): 미래의 날짜일 수 없습니다", naming the field both ways."""
    messages = []
    for error in exc.errors:
        field, message = error["field"], error["message"]
        spec = FACTS.get(field)
        if spec is not None:
            messages.append(f"{spec.label}({field}): {message.removeprefix(f'{spec.label}: ')}")
        else:
            messages.append(f"{field}: {message}")
    return messages


def parse_facts(facts: Any, *, reference_date: datetime.date | None = None) -> Facts:
    """Clean facts from a dict or JSON text; impossible values (or a birth after the reference date) are refused."""
    if isinstance(facts, str):
        if not facts.strip():
            facts = {}
        else:
            try:
                facts = json.loads(facts)
            except json.JSONDecodeError as exc:
                raise ValidationError(
                    f"올바른 JSON이 아닙니다 ({exc.lineno}번째 줄 {exc.colno}번째 글자).", code="invalid_json"
                ) from None
    if not isinstance(facts, Mapping):
        raise ValidationError('사실은 {"항목": 값} 형식의 JSON 객체여야 합니다.', code="not_an_object")
    today = timezone.localdate()
    try:
        cleaned = clean_facts(facts, today=min(today, reference_date) if reference_date else today)
    except FactError as exc:
        raise ValidationError(fact_error_messages(exc), code="invalid_facts") from None
    return cleaned


def parse_reference_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError("기준일은 YYYY-MM-DD 형식의 날짜여야 합니다.", code="invalid_date") from None
    if not isinstance(value, datetime.date):
        raise ValidationError("기준일을 입력해 주세요.", code="required")
    if not EARLIEST_REFERENCE_DATE <= value <= LATEST_REFERENCE_DATE:
        raise ValidationError(
            f"기준일은 {EARLIEST_REFERENCE_DATE.isoformat()}부터 {LATEST_REFERENCE_DATE.isoformat()} 사이여야 합니다 "
            f"(기준 중위소득이 {EARLIEST_REFERENCE_DATE.year}년부터 있습니다).",
            code="out_of_range",
        )
    return value


def _require(actor, permissions: Iterable[str]) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_perms(list(permissions)):
        raise PermissionDenied("자격 규칙을 저장하거나 게시할 권한이 없습니다.")


def _log(actor, rule: PolicyRule, flag: int, message: str) -> None:
    """Who did what to which version, in the admin history of that rule."""
    LogEntry.objects.log_actions(actor.pk, [rule], flag, change_message=message, single_object=True)


# --- running a rule against people -------------------------------------------------------------


@dataclass(frozen=True)
class CaseRun:
    """One test case run against one rule: the outcome it got and whether that is the expected one."""

    case: RuleTestCase
    actual: Outcome | None
    passed: bool
    sentences: list[str]
    error: str = ""

    @property
    def expected_label(self) -> str:
        return Expected(self.case.expected).label

    @property
    def actual_label(self) -> str:
        return self.actual.label if self.actual is not None else "오류"


def run_cases(rule: Rule, cases: Iterable[RuleTestCase]) -> list[CaseRun]:
    """Every case against a validated rule (saved or not); a case whose facts no longer validate fails."""
    runs = []
    for case in cases:
        try:
            result = evaluate(rule, case.facts, case.reference_date)
        except FactError as exc:
            message = "사실이 올바르지 않습니다: " + "; ".join(fact_error_messages(exc))
            runs.append(CaseRun(case, None, False, [], message))
            continue
        except ParameterError as exc:
            runs.append(CaseRun(case, None, False, [], str(exc)))
            continue
        runs.append(CaseRun(case, result.outcome, result.outcome.name == case.expected, result.sentences))
    return runs


def run_test_cases(*, rule: PolicyRule) -> list[CaseRun]:
    """The policy's test cases against one stored version of its rule, in name order."""
    cases = RuleTestCase.objects.filter(policy_id=rule.policy_id).order_by("name", "pk")
    try:
        compiled = Rule(rule.definition)
    except RuleError as exc:
        message = "규칙이 올바르지 않습니다: " + "; ".join(str(issue) for issue in exc.issues)
        return [CaseRun(case, None, False, [], message) for case in cases]
    return run_cases(compiled, cases)


def _failure_lines(runs: list[CaseRun]) -> list[str]:
    return [
        f"「{run.case.name}」: 기대 {run.expected_label}, 결과 {run.actual_label}"
        + (f" ({run.error})" if run.error else "")
        for run in runs
        if not run.passed
    ]


# --- state changes -----------------------------------------------------------------------------


def save_draft(*, policy: Policy, definition: Any, note: str, actor) -> PolicyRule:
    """Store a validated definition as the policy's next version (a draft), recording who wrote it."""
    _require(actor, EDIT_PERMISSIONS)
    data, _ = parse_definition(definition)
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError(f"변경 사유는 {MAX_NOTE_CHARS}자 이하로 적어 주세요.", code="too_long")
    with transaction.atomic():
        # Locking the policy row hands out version numbers one at a time.
        locked = Policy.objects.select_for_update().filter(pk=policy.pk).first()
        if locked is None:
            raise ValidationError("지원제도를 찾을 수 없습니다.", code="missing_policy")
        latest = PolicyRule.objects.filter(policy=locked).aggregate(top=Max("version"))["top"] or 0
        rule = PolicyRule.objects.create(
            policy=locked, version=latest + 1, definition=data, status=RuleStatus.DRAFT, note=note, created_by=actor
        )
        _log(actor, rule, ADDITION, f"v{rule.version} 초안 저장" + (f": {note}" if note else ""))
    return rule


def publish(*, rule: PolicyRule, actor) -> PolicyRule:
    """Publish a draft whose policy's test cases all pass; the version in force until now is retired."""
    _require(actor, EDIT_PERMISSIONS)
    with transaction.atomic():
        # Every version of the policy is locked, so a concurrent publication waits and then sees this one.
        versions = {row.pk: row for row in PolicyRule.objects.select_for_update().filter(policy_id=rule.policy_id)}
        current = versions.get(rule.pk)
        if current is None:
            raise ValidationError("게시하려는 규칙 버전을 찾을 수 없습니다.", code="missing_rule")
        if current.status != RuleStatus.DRAFT:
            raise ValidationError(
                f"v{current.version}은(는) '{current.get_status_display()}' 상태입니다. 작성 중인 초안만 게시할 수 있습니다.",
                code="not_a_draft",
            )
        in_force = next((row for row in versions.values() if row.status == RuleStatus.PUBLISHED), None)
        if in_force is not None and in_force.version > current.version:
            raise ValidationError(
                f"더 새로운 v{in_force.version}이(가) 이미 게시되어 있어 v{current.version}을(를) 게시할 수 없습니다. "
                "게시된 규칙을 바탕으로 새 초안을 저장해 주세요.",
                code="stale_draft",
            )
        runs = run_test_cases(rule=current)
        if not runs:
            raise ValidationError(
                "시험 사례가 없어 게시할 수 없습니다. 대상과 비대상 사례를 하나 이상 추가해 주세요.", code="no_cases"
            )
        failures = _failure_lines(runs)
        if failures:
            raise ValidationError(
                [
                    f"시험 사례 {len(runs)}건 중 {len(failures)}건이 통과하지 못해 v{current.version}을(를) 게시할 수 없습니다."
                ]
                + failures,
                code="cases_failed",
            )
        message = f"v{current.version} 게시 (시험 사례 {len(runs)}건 통과)"
        if in_force is not None:
            in_force.status = RuleStatus.RETIRED
            in_force.save(update_fields=["status"])
            _log(actor, in_force, CHANGE, f"v{in_force.version}을(를) v{current.version} 게시로 이전 버전 처리")
        current.status = RuleStatus.PUBLISHED
        current.published_at = timezone.now()
        current.save(update_fields=["status", "published_at"])
        _log(actor, current, CHANGE, message)
        # People who asked to hear of policies that now fit them are told after the commit.
        from anshim.accounts.profile_services import enqueue_policy_fits

        enqueue_policy_fits(rule_id=current.pk)
    return current


def clean_test_case(*, name: Any, facts: Any, reference_date: Any, expected: Any) -> dict[str, Any]:
    """The fields of a test case, cleaned; problems are raised per field in Korean."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        errors["name"] = ["사례 이름을 입력해 주세요."]
    elif len(name) > MAX_CASE_NAME_CHARS:
        errors["name"] = [f"사례 이름은 {MAX_CASE_NAME_CHARS}자 이하로 적어 주세요."]
    cleaned["name"] = name
    try:
        cleaned["reference_date"] = parse_reference_date(reference_date)
    except ValidationError as exc:
        errors["reference_date"] = exc.messages
    try:
        cleaned["facts"] = parse_facts(facts, reference_date=cleaned.get("reference_date")).as_dict()
    except ValidationError as exc:
        errors["facts"] = exc.messages
    if expected not in Expected.values:
        choices = ", ".join(f"{value}({label})" for value, label in Expected.choices)
        errors["expected"] = [f"기대 결과는 {choices} 중 하나여야 합니다."]
    cleaned["expected"] = expected
    if errors:
        raise ValidationError(errors)
    return cleaned


def add_test_case(*, policy: Policy, name: Any, facts: Any, reference_date: Any, expected: Any) -> RuleTestCase:
    """A person's facts and the outcome the policy's rule must give them at the reference date."""
    cleaned = clean_test_case(name=name, facts=facts, reference_date=reference_date, expected=expected)
    with transaction.atomic():
        return RuleTestCase.objects.create(policy=policy, **cleaned)


# --- reading a rule ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CriteriaLine:
    depth: int
    text: str


def criteria_lines(rule: Rule, when: datetime.date) -> list[CriteriaLine]:
    """The rule as indented Korean criteria at `when` (parameters resolved), the way a citizen reads them."""
    plan = rule.plan(when)
    lines: list[CriteriaLine] = []

    def walk(node: tuple, depth: int, top: bool) -> None:
        kind, payload, label = node
        if kind == "leaf":
            lines.append(CriteriaLine(depth, plan.criteria[payload].label))
            return
        if top and kind == "all" and label is None:
            for child in payload:
                walk(child, depth, False)
            return
        lines.append(CriteriaLine(depth, label or GROUP_HEADINGS[kind]))
        for child in payload:
            walk(child, depth + 1, False)

    walk(plan.tree, 0, True)
    return lines


def criteria_intro(rule: Rule, when: datetime.date) -> str:
    kind = rule.plan(when).tree[0]
    return "다음 조건 중 하나 이상을 충족하면 대상입니다." if kind == "any" else "다음 조건을 모두 충족하면 대상입니다."


# --- sample people for the editor's preview ----------------------------------------------------


def _born(when: datetime.date, age: int) -> str:
    """A birth date that makes someone exactly `age` on `when` (a day past their birthday)."""
    day = when - datetime.timedelta(days=1)
    try:
        born = day.replace(year=day.year - age)
    except ValueError:
        born = day.replace(year=day.year - age, day=28)
    return born.isoformat()


def _income(when: datetime.date, percent: int, size: int = 1) -> int:
    return round(median_income(size, when) * percent / 100)


@dataclass(frozen=True)
class SamplePerson:
    key: str
    name: str
    facts: Callable[[datetime.date], dict[str, Any]]


SAMPLE_PEOPLE: tuple[SamplePerson, ...] = (
    SamplePerson(
        "youth_gwanak",
        "27세 관악구 월세 청년",
        lambda when: {
            "birth_date": _born(when, 27),
            "sex": "M",
            "district": "11620",
            "lives_alone": True,
            "registered_in_seoul": True,
            "seoul_residence_months": 60,
            "household_size": 1,
            "monthly_income": _income(when, 120),
            "assets": 30_000_000,
            "housing_tenure": "MONTHLY_RENT",
            "monthly_rent": 500_000,
            "deposit": 10_000_000,
            "employment": "EMPLOYED",
            "student": False,
            "disability": False,
            "basic_livelihood": False,
            "near_poverty": False,
            "home_wifi": True,
        },
    ),
    SamplePerson(
        "senior_nowon",
        "68세 여성 기초수급 어르신(노원구)",
        lambda when: {
            "birth_date": _born(when, 68),
            "sex": "F",
            "district": "11350",
            "lives_alone": True,
            "registered_in_seoul": True,
            "seoul_residence_months": 600,
            "household_size": 1,
            "monthly_income": _income(when, 30),
            "assets": 20_000_000,
            "housing_tenure": "MONTHLY_RENT",
            "monthly_rent": 250_000,
            "deposit": 5_000_000,
            "employment": "RETIRED",
            "disability": False,
            "basic_livelihood": True,
            "near_poverty": False,
            "long_term_care": False,
            "elderly_care_service": False,
            "home_wifi": False,
        },
    ),
    SamplePerson(
        "owner_songpa",
        "45세 자가 직장인(송파구)",
        lambda when: {
            "birth_date": _born(when, 45),
            "sex": "M",
            "district": "11710",
            "lives_alone": True,
            "registered_in_seoul": True,
            "seoul_residence_months": 300,
            "household_size": 1,
            "monthly_income": _income(when, 180),
            "assets": 450_000_000,
            "housing_tenure": "OWNER",
            "monthly_rent": 0,
            "deposit": 0,
            "employment": "EMPLOYED",
            "basic_livelihood": False,
            "near_poverty": False,
            "home_wifi": True,
        },
    ),
    SamplePerson(
        "woman_mapo",
        "33세 여성 전세 직장인(마포구)",
        lambda when: {
            "birth_date": _born(when, 33),
            "sex": "F",
            "district": "11440",
            "lives_alone": True,
            "registered_in_seoul": True,
            "seoul_residence_months": 96,
            "household_size": 1,
            "monthly_income": _income(when, 140),
            "assets": 60_000_000,
            "housing_tenure": "JEONSE",
            "monthly_rent": 0,
            "deposit": 180_000_000,
            "employment": "EMPLOYED",
            "basic_livelihood": False,
            "near_poverty": False,
            "home_wifi": True,
        },
    ),
    SamplePerson(
        "jobless_gosiwon",
        "58세 실직 고시원 거주(동대문구)",
        lambda when: {
            "birth_date": _born(when, 58),
            "sex": "M",
            "district": "11230",
            "lives_alone": True,
            "registered_in_seoul": True,
            "seoul_residence_months": 240,
            "household_size": 1,
            "monthly_income": _income(when, 40),
            "assets": 5_000_000,
            "housing_tenure": "GOSIWON",
            "monthly_rent": 300_000,
            "deposit": 0,
            "employment": "UNEMPLOYED",
            "basic_livelihood": False,
            "near_poverty": True,
            "long_term_care": False,
            "elderly_care_service": False,
            "home_wifi": False,
        },
    ),
    SamplePerson(
        "student_partial",
        "22세 여성 대학생(서대문구, 일부만 답함)",
        lambda when: {"birth_date": _born(when, 22), "sex": "F", "district": "11410", "student": True},
    ),
)


def describe_facts(facts: Facts, when: datetime.date) -> str:
    """A one-line Korean summary of who a sample person is, for the preview table."""
    parts = []
    if facts.birth_date is not None:
        parts.append(f"만 {age_at(facts.birth_date, when)}세")
    for name in ("sex", "district", "housing_tenure", "employment"):
        value = getattr(facts, name)
        if value is not None:
            parts.append(FACTS[name].choice_label(value))
    if facts.monthly_income is not None:
        size = facts.household_size or 1
        percent = round(facts.monthly_income / median_income(size, when) * 100)
        parts.append(f"월 소득 {format_krw(facts.monthly_income)}(중위소득 약 {percent}%)")
    if facts.basic_livelihood:
        parts.append("기초생활수급")
    return " · ".join(parts) or "입력한 사실 없음"
