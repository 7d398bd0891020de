"""Eligibility API: a person's facts → every published policy's verdict with reasons, and a policy's rule.

Impossible facts are a 422 naming the field (``facts.birth_date``); missing facts are not an error,
they make a verdict "추가 확인 필요" and come back as the questions still worth asking.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import field_validator

from anshim.catalog.models import Policy, RuleStatus
from anshim.catalog.rule_selectors import check_person, published_rules
from anshim.catalog.rule_services import EARLIEST_REFERENCE_DATE, LATEST_REFERENCE_DATE, criteria_intro, criteria_lines
from anshim.eligibility import FACTS, FactError, Outcome, ParameterError, Rule, clean_facts, questions_that_matter

router = Router(tags=["자격 확인"])
policy_rules_router = Router(tags=["자격 확인"])

MAX_POLICY_IDS = 500
OUTCOME_ORDER = {Outcome.ELIGIBLE: 0, Outcome.UNKNOWN: 1, Outcome.INELIGIBLE: 2}
STATE_CODES = {True: "MET", False: "UNMET", None: "UNKNOWN"}
NO_POLICY = "지원제도를 찾을 수 없습니다."
NO_PUBLISHED_RULE = "게시된 자격 규칙이 없습니다."


def invalid(location: list[str], message: str) -> ValidationError:
    """A 422 in the API's usual shape, naming the field (e.g. body.facts.birth_date → facts.birth_date)."""
    return ValidationError([{"loc": location, "msg": message, "type": "value_error"}])


def check_reference_date(value: datetime.date, location: list[str]) -> datetime.date:
    if not EARLIEST_REFERENCE_DATE <= value <= LATEST_REFERENCE_DATE:
        raise invalid(
            location,
            f"기준일은 {EARLIEST_REFERENCE_DATE.isoformat()}부터 {LATEST_REFERENCE_DATE.isoformat()} 사이여야 합니다 "
            f"(기준 중위소득이 {EARLIEST_REFERENCE_DATE.year}년부터 있습니다).",
        )
    return value


# --- POST /api/eligibility/check -----------------------------------------------------------------


class CheckIn(Schema):
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "사람에 대해 아는 사실. 모르는 항목은 빼면 '추가 확인 필요'로 판정합니다. 항목: "
            + ", ".join(f"{spec.name}({spec.label})" for spec in FACTS.values() if not spec.is_derived)
            + ". 날짜는 YYYY-MM-DD, 금액은 원 단위 정수, 자치구는 행정표준코드(11110~11740)입니다."
        ),
        examples=[
            {
                "birth_date": "1999-05-01",
                "district": "11620",
                "registered_in_seoul": True,
                "lives_alone": True,
                "household_size": 1,
                "monthly_income": 3_000_000,
                "housing_tenure": "MONTHLY_RENT",
                "deposit": 10_000_000,
                "monthly_rent": 450_000,
            }
        ],
    )
    reference_date: datetime.date | None = Field(
        None, description="판정 기준일(YYYY-MM-DD). 나이와 기준 중위소득을 이 날짜로 계산합니다. 없으면 오늘입니다."
    )
    policy_ids: list[int] | None = Field(
        None,
        description=f"판정할 지원제도 번호 목록(최대 {MAX_POLICY_IDS}개). 없으면 게시된 규칙이 있는 모든 지원제도입니다.",
    )

    @field_validator("facts", mode="before")
    @classmethod
    def facts_is_an_object(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError('사실은 {"항목": 값} 형식의 객체여야 합니다.')
        return value

    @field_validator("reference_date", mode="before")
    @classmethod
    def reference_date_is_text(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise ValueError("기준일은 YYYY-MM-DD 형식의 문자열이어야 합니다.")
        return value

    @field_validator("policy_ids", mode="before")
    @classmethod
    def policy_ids_are_ids(cls, value: Any) -> Any:
        if value is None:
            return value
        if not isinstance(value, list):
            raise ValueError("지원제도 번호의 목록이어야 합니다.")
        if len(value) > MAX_POLICY_IDS:
            raise ValueError(f"지원제도는 한 번에 {MAX_POLICY_IDS}개까지 판정할 수 있습니다.")
        if any(not isinstance(item, int) or isinstance(item, bool) or item < 1 for item in value):
            raise ValueError("지원제도 번호는 1 이상의 정수여야 합니다.")
        return value


class CriterionOut(Schema):
    label: str = Field(description="조건 (예: 만 19~39세)")
    state: Literal["MET", "UNMET", "UNKNOWN"] = Field(description="MET 충족, UNMET 미충족, UNKNOWN 확인 필요")
    sentence: str = Field(description="판정 문장 (예: 만 19~39세: 충족 (만 27세))")


class FactRef(Schema):
    fact: str = Field(description="항목 이름 (예: monthly_income)")
    label: str = Field(description="항목의 한국어 이름 (예: 가구 월 소득)")


class PolicyVerdict(Schema):
    id: int = Field(description="지원제도 번호")
    title: str = Field(description="정책명")
    provider: str = Field(description="제공 기관 (서울시 또는 자치구)")
    category: str = Field(description="분야: SAFETY, HOUSING, ECONOMY, LONELINESS, HEALTH")
    outcome: Literal["ELIGIBLE", "INELIGIBLE", "UNKNOWN"] = Field(
        description="ELIGIBLE 대상, INELIGIBLE 비대상, UNKNOWN 추가 확인 필요"
    )
    outcome_label: str = Field(description="판정의 한국어 이름: 대상, 비대상, 추가 확인 필요")
    rule_version: int = Field(description="판정한 자격 규칙의 버전")
    criteria: list[CriterionOut] = Field(description="조건마다 판정과 그 이유")
    missing_facts: list[FactRef] = Field(description="추가 확인 필요일 때 결과를 정할 수 있는 항목")
    apply_url: str = Field(description="지원제도 상세(신청 안내) 주소")


class Choice(Schema):
    value: str
    label: str


class QuestionOut(Schema):
    fact: str = Field(description="물어볼 항목 이름")
    label: str = Field(description="항목의 한국어 이름")
    kind: str = Field(description="값의 종류: bool, int, money, enum, date")
    choices: list[Choice] = Field(description="선택형 항목의 값과 이름 (그 밖에는 빈 목록)")
    policies: int = Field(description="이 항목에 답하면 결과가 정해질 수 있는 지원제도 수")


class OutcomeCounts(Schema):
    eligible: int = Field(description="대상")
    unknown: int = Field(description="추가 확인 필요")
    ineligible: int = Field(description="비대상")


class CheckOut(Schema):
    reference_date: datetime.date = Field(description="판정 기준일")
    counts: OutcomeCounts
    results: list[PolicyVerdict] = Field(description="대상, 추가 확인 필요, 비대상 순서의 지원제도별 판정")
    questions: list[QuestionOut] = Field(description="아직 결과를 정하지 못한 지원제도에 필요한 질문, 중요한 순서")


def _verdict(outcome) -> dict[str, Any]:
    policy, result = outcome.policy, outcome.result
    return {
        "id": policy.pk,
        "title": policy.title,
        "provider": policy.provider_name,
        "category": policy.category,
        "outcome": result.outcome.name,
        "outcome_label": result.outcome.label,
        "rule_version": outcome.version,
        "criteria": [
            {"label": c.label, "state": STATE_CODES[c.state], "sentence": c.sentence} for c in result.criteria
        ],
        "missing_facts": [{"fact": name, "label": FACTS[name].label} for name in result.missing_facts],
        "apply_url": policy.get_absolute_url(),
    }


@router.post("/check", response=CheckOut, summary="나에게 맞는 지원 확인")
def check_eligibility(request, body: CheckIn):
    """사실을 받아 게시된 자격 규칙이 있는 지원제도마다 대상·비대상·추가 확인 필요와 그 이유를 돌려줍니다.

    있을 수 없는 사실(미래의 생년월일, 음수 소득, 없는 자치구, 가구원 0명 등)은 422로 항목을 밝혀 알려 줍니다.
    """
    today = timezone.localdate()
    when = check_reference_date(body.reference_date or today, ["body", "reference_date"])
    try:
        # Nobody is born after the day they are judged on, nor after today.
        facts = clean_facts(body.facts, today=min(today, when))
    except FactError as exc:
        raise ValidationError(
            [{"loc": ["body", "facts", e["field"]], "msg": e["message"], "type": "value_error"} for e in exc.errors]
        ) from None
    if body.policy_ids is not None:
        published = published_rules()
        unknown = [pk for pk in dict.fromkeys(body.policy_ids) if pk not in published]
        if unknown:
            listed = ", ".join(str(pk) for pk in unknown)
            raise invalid(["body", "policy_ids"], f"게시된 자격 규칙이 없는 지원제도입니다: {listed}")
    try:
        outcomes = check_person(facts, when, body.policy_ids)
    except ParameterError as exc:
        raise invalid(["body", "reference_date"], str(exc)) from None
    outcomes.sort(key=lambda o: (OUTCOME_ORDER[o.result.outcome], not o.policy.featured, o.policy.title, o.policy.pk))
    questions = questions_that_matter({o.policy.pk: o.result for o in outcomes})
    counts = {outcome: 0 for outcome in Outcome}
    for o in outcomes:
        counts[o.result.outcome] += 1
    return {
        "reference_date": when,
        "counts": {
            "eligible": counts[Outcome.ELIGIBLE],
            "unknown": counts[Outcome.UNKNOWN],
            "ineligible": counts[Outcome.INELIGIBLE],
        },
        "results": [_verdict(o) for o in outcomes],
        "questions": [
            {
                "fact": q.fact,
                "label": q.label,
                "kind": FACTS[q.fact].kind.value,
                "choices": [{"value": code, "label": label} for code, label in FACTS[q.fact].choices],
                "policies": q.count,
            }
            for q in questions
        ],
    }


# --- GET /api/policies/{id}/rules ----------------------------------------------------------------


class CriteriaLine(Schema):
    depth: int = Field(description="들여쓰기 단계 (0부터)")
    text: str = Field(description="조건 또는 조건 묶음의 설명")


class RuleVersionOut(Schema):
    version: int
    status: Literal["PUBLISHED", "RETIRED"] = Field(description="PUBLISHED 게시 중, RETIRED 이전 버전")
    status_label: str
    published_at: datetime.datetime | None


class PolicyRuleOut(Schema):
    policy_id: int
    title: str = Field(description="정책명")
    version: int = Field(description="게시 중인 규칙의 버전")
    definition: dict[str, Any] = Field(description="규칙(JSON): all·any·not으로 묶은 항목(fact)·연산(op)·값(value)")
    note: str = Field(description="변경 사유")
    published_at: datetime.datetime | None = Field(description="게시 일시")
    reference_date: datetime.date = Field(description="조건 설명의 기준일 (날짜별 매개변수 적용)")
    intro: str = Field(description="조건을 읽는 방법 (모두 충족 / 하나 이상 충족)")
    criteria: list[CriteriaLine] = Field(description="읽기 쉬운 한국어 조건")
    versions: list[RuleVersionOut] = Field(description="게시된 적이 있는 모든 버전, 최신 순")


class RuleQuery(Schema):
    reference_date: datetime.date | None = Field(None, description="조건 설명의 기준일(YYYY-MM-DD). 없으면 오늘입니다.")


@policy_rules_router.get("/{policy_id}/rules", response=PolicyRuleOut, summary="지원제도의 자격 규칙")
def get_policy_rules(request, policy_id: int, params: Query[RuleQuery]):
    """게시 중인 자격 규칙(JSON)과 읽기 쉬운 조건, 게시된 적이 있는 버전 목록을 돌려줍니다."""
    when = check_reference_date(params.reference_date or timezone.localdate(), ["query", "reference_date"])
    policy = Policy.objects.filter(pk=policy_id, is_published=True).first()
    if policy is None:
        raise HttpError(404, NO_POLICY)
    versions = list(policy.rules.filter(status__in=[RuleStatus.PUBLISHED, RuleStatus.RETIRED]).order_by("-version"))
    current = next((row for row in versions if row.status == RuleStatus.PUBLISHED), None)
    if current is None:
        raise HttpError(404, NO_PUBLISHED_RULE)
    rule = Rule(current.definition)
    try:
        lines = criteria_lines(rule, when)
    except ParameterError as exc:
        raise invalid(["query", "reference_date"], str(exc)) from None
    return {
        "policy_id": policy.pk,
        "title": policy.title,
        "version": current.version,
        "definition": current.definition,
        "note": current.note,
        "published_at": current.published_at,
        "reference_date": when,
        "intro": criteria_intro(rule, when),
        "criteria": [{"depth": line.depth, "text": line.text} for line in lines],
        "versions": [
            {
                "version": row.version,
                "status": row.status,
                "status_label": row.get_status_display(),
                "published_at": row.published_at,
            }
            for row in versions
        ],
    }
