"""The questionnaire "나에게 맞는 지원 찾기": which questions to show, form answers → facts, results by outcome.

Answers live in the browser session as the JSON of ``Facts.as_dict`` plus the facts already asked, so a
question answered "모름" is not asked again; every step is validated by ``clean_facts``, as the API is.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anshim.eligibility import FACTS, FactError, Facts, Outcome, Question, Result, clean_facts, questions_that_matter
from anshim.eligibility.explain import format_date, format_krw
from anshim.eligibility.facts import BASE_FACTS, FACT_ORDER, Kind
from anshim.eligibility.parameters import median_income

STEP_SIZE = 4
# Asked first whenever a published rule depends on them: what almost every policy turns on.
CORE_FACTS = ("birth_date", "district", "sex")
# Asked only once the fact they depend on has been asked: a rent amount means nothing to an owner.
PREREQUISITES = {"monthly_rent": "housing_tenure", "deposit": "housing_tenure", "housing_price": "housing_tenure"}
MAX_QUESTIONS_PER_REQUEST = 12

BOOL_VALUES = {"yes": True, "no": False}
UNKNOWN_CHOICE = ("", _("모름/응답 안 함"))
BOOL_CHOICES = (("yes", _("예")), ("no", _("아니오")), UNKNOWN_CHOICE)

HELP = {
    "birth_date": _(
        "만 나이를 계산하는 데만 씁니다. 청년(만 19~39세), 중장년(만 50세 이상)처럼 나이로 정하는 지원이 많습니다."
    ),
    "sex": _("여성 1인가구 대상 지원처럼 성별로 정하는 지원이 있습니다."),
    "district": _("지금 주민등록을 두고 사는 자치구입니다. 자치구가 하는 지원은 그 구 주민이 받을 수 있습니다."),
    "lives_alone": _("주민등록표에 본인 혼자 올라 있으면 '예'입니다."),
    "seoul_residence_months": _("서울에 주민등록을 두고 산 기간을 개월 수로 적어 주세요. 예: 2년이면 24"),
    "registered_in_seoul": _("주민등록 주소가 서울시에 있으면 '예'입니다."),
    "household_size": _("주민등록표에 함께 올라 있는 사람 수(본인 포함)입니다."),
    "monthly_income": _("가구원 모두의 한 달 소득(근로·사업·연금 등)을 세금 떼기 전 금액으로 더해 주세요."),
    "assets": _("예금, 주택, 전월세 보증금, 자동차 등 가구가 가진 재산을 모두 더한 금액입니다."),
    "housing_tenure": _("지금 사는 집에 어떤 형태로 살고 있는지 골라 주세요."),
    "monthly_rent": _("한 달에 내는 월세입니다. 관리비는 빼고 적어 주세요."),
    "deposit": _("전세 또는 월세 보증금입니다."),
    "housing_price": _("살고 있는 주택의 가격(매매가 또는 공시가격)입니다."),
    "employment": _("지금 일하고 있는 상태에 가장 가까운 것을 골라 주세요."),
    "student": _("대학교·대학원 등 학교에 다니고 있으면 '예'입니다."),
    "disability": _("장애인으로 등록되어 있으면 '예'입니다."),
    "basic_livelihood": _("국민기초생활보장 수급자(생계·의료·주거·교육급여)이면 '예'입니다."),
    "near_poverty": _("주민센터에서 차상위계층 확인을 받았으면 '예'입니다."),
    "long_term_care": _("노인장기요양보험 등급(1~5등급, 인지지원등급)을 받았으면 '예'입니다."),
    "elderly_care_service": _("지금 노인맞춤돌봄서비스를 받고 있으면 '예'입니다."),
    "home_wifi": _("집에 무선 인터넷(와이파이)이 있으면 '예'입니다. 일부 안전 장비를 설치하는 데 필요합니다."),
}
HINTS = {
    "monthly_income": _("월 소득(세전). 예: 2,000,000 또는 200만"),
    "assets": _("재산 합계. 예: 50,000,000 또는 5000만"),
    "monthly_rent": _("월세(관리비 제외). 예: 450,000 또는 45만"),
    "deposit": _("보증금. 예: 10,000,000 또는 1000만"),
    "housing_price": _("주택 가격. 예: 300,000,000 또는 3억"),
    "seoul_residence_months": _("개월 수. 예: 24"),
    "household_size": _("본인 포함 사람 수. 예: 1"),
}
# A longer explanation behind a disclosure, for terms a person may not know.
EXPLANATIONS = {
    "monthly_income": (
        _("기준 중위소득이란?"),
        _(
            "우리나라 가구를 소득 순서로 줄 세웠을 때 한가운데 있는 가구의 소득으로, 보건복지부가 해마다 "
            "가구원 수별로 정합니다. 많은 지원이 소득을 이 금액과 비교합니다. 예를 들어 '기준 중위소득 "
            "150% 이하'는 소득이 이 금액의 1.5배 이하라는 뜻입니다."
        ),
    ),
}
UNITS = {"household_size": _("명"), "seoul_residence_months": _("개월")}

DATE_PATTERN = re.compile(r"^(\d{4})[-./ ]\s*(\d{1,2})[-./ ]\s*(\d{1,2})\.?$")
KOREAN_AMOUNT = re.compile(r"^(?:(\d+)억)?(?:(\d+)만)?(\d*)$")


# --- Session state --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchState:
    """What one browser has answered: clean answers (JSON), the facts already asked, steps done."""

    answers: dict[str, Any] = field(default_factory=dict)
    asked: tuple[str, ...] = ()
    steps: int = 0

    @classmethod
    def from_session(cls, data: Any, today: datetime.date) -> MatchState:
        """The stored state, or a fresh one when nothing (or nothing still valid) is stored."""
        if not isinstance(data, Mapping):
            return cls()
        answers, asked, steps = data.get("answers"), data.get("asked"), data.get("steps")
        if not isinstance(answers, dict) or not isinstance(asked, list) or not isinstance(steps, int):
            return cls()
        try:
            clean_facts(answers, today=today)
        except FactError:
            return cls()
        return cls(dict(answers), tuple(name for name in asked if name in BASE_FACTS), steps)

    def as_session(self) -> dict[str, Any]:
        return {"answers": self.answers, "asked": list(self.asked), "steps": self.steps}

    def after_step(self, answers: Mapping[str, Any], questions: Iterable[str]) -> MatchState:
        asked = list(self.asked)
        asked.extend(name for name in questions if name not in asked)
        return MatchState(dict(answers), tuple(sorted(asked, key=FACT_ORDER.__getitem__)), self.steps + 1)

    def facts(self, today: datetime.date) -> Facts:
        return facts_from_answers(self.answers, today)

    @property
    def is_empty(self) -> bool:
        return not self.asked and not self.answers


def facts_from_answers(answers: Mapping[str, Any], today: datetime.date) -> Facts:
    """Clean facts from stored answers. Living alone means a household of one, so it is not asked twice."""
    facts = clean_facts(answers, today=today)
    if facts.lives_alone and facts.household_size is None:
        facts = dataclasses.replace(facts, household_size=1)
    return facts


# --- Which questions to ask -----------------------------------------------------------------------


def next_questions(results: Mapping[Any, Result], asked: Collection[str], *, limit: int = STEP_SIZE) -> list[Question]:
    """The next step: facts not yet asked that could still decide a policy, most deciding first.

    The first step puts the core facts (birth date, district, sex) first when any rule needs them; a
    fact waits for its prerequisite (rent after housing tenure) while that one is still to be asked.
    Empty when every policy is decided or every deciding fact has been asked.
    """
    pending = [q for q in questions_that_matter(results) if q.fact not in asked]
    if not asked:
        pending.sort(key=lambda q: CORE_FACTS.index(q.fact) if q.fact in CORE_FACTS else len(CORE_FACTS))
    waiting = {q.fact for q in pending}
    return [q for q in pending if PREREQUISITES.get(q.fact) not in waiting][:limit]


class UnknownQuestion(ValueError):
    """A question name that is not a fact a person can answer."""


def parse_question_names(names: Iterable[str]) -> list[str]:
    """Fact names from a request (``?ask=`` or the form's hidden list), checked and de-duplicated."""
    found: list[str] = []
    for raw in names:
        for name in raw.split(","):
            name = name.strip()
            if not name:
                continue
            if name not in BASE_FACTS:
                raise UnknownQuestion(gettext("알 수 없는 질문입니다: %(name)s") % {"name": name[:40]})
            if name not in found:
                found.append(name)
    if not found:
        raise UnknownQuestion(gettext("답할 질문이 없습니다. 처음부터 다시 시작해 주세요."))
    if len(found) > MAX_QUESTIONS_PER_REQUEST:
        raise UnknownQuestion(
            gettext("한 번에 %(count)s개까지만 물을 수 있습니다.") % {"count": MAX_QUESTIONS_PER_REQUEST}
        )
    return found


# --- Form answers → facts -------------------------------------------------------------------------


class StepError(ValueError):
    """A refused step: a Korean message per fact (shown next to its field)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


def _raw_date(text: str) -> str:
    """Dates typed as 1990.5.3 or 1990/05/03 (browsers without a date picker) become ISO for clean_facts."""
    match = DATE_PATTERN.match(text)
    if match:
        year, month, day = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text


def _raw_number(text: str, kind: Kind, unit: str) -> Any:
    """Commas, spaces and the unit are dropped; money may be written the Korean way (200만, 1억 5000만)."""
    text = text.replace(",", "").replace(" ", "")
    for suffix in ("원", unit):
        if suffix and text.endswith(suffix):
            text = text[: -len(suffix)]
    if kind is Kind.MONEY and ("만" in text or "억" in text):
        match = KOREAN_AMOUNT.match(text)
        if match and any(match.groups()):
            eok, man, rest = (int(part) if part else 0 for part in match.groups())
            return eok * 100_000_000 + man * 10_000 + rest
    return text


def raw_value(name: str, text: str) -> Any:
    """One form string as the raw value clean_facts expects; None for blank or "모름"."""
    text = (text or "").strip()
    if not text:
        return None
    spec = FACTS[name]
    if spec.kind is Kind.BOOL:
        return BOOL_VALUES.get(text, text)
    if spec.kind in (Kind.INT, Kind.MONEY):
        return _raw_number(text, spec.kind, str(UNITS.get(name, "")))
    if spec.kind is Kind.DATE:
        return _raw_date(text)
    return text


def _field_message(name: str, message: str) -> str:
    """The engine names the field first ("생년월일: …"); next to the field the label is already shown."""
    prefix = f"{FACTS[name].label}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _contradictions(facts: Facts, questions: Collection[str]) -> dict[str, str]:
    if facts.lives_alone and facts.household_size is not None and facts.household_size > 1:
        if "household_size" in questions:
            return {
                "household_size": gettext("혼자 산다고 답하셨으므로 1명이어야 합니다 (입력값 %(size)s명).")
                % {"size": facts.household_size}
            }
        return {
            "lives_alone": gettext("가구원 수를 %(size)s명이라고 답하셨으므로 '예'일 수 없습니다.")
            % {"size": facts.household_size}
        }
    return {}


def apply_step(
    answers: Mapping[str, Any], questions: Sequence[str], data: Mapping[str, str], today: datetime.date
) -> dict[str, Any]:
    """The stored answers updated with one step's form data, as JSON; raises `StepError` and changes nothing
    when any answer is impossible. A blank answer ("모름") removes an earlier answer to the same question."""
    merged = {name: value for name, value in answers.items() if name not in questions}
    for name in questions:
        value = raw_value(name, data.get(name, ""))
        if value is not None:
            merged[name] = value
    try:
        facts = clean_facts(merged, today=today)
    except FactError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors:
            name = error["field"]
            target = name if name in questions else questions[0]
            errors.setdefault(target, _field_message(name, error["message"]) if name in FACTS else error["message"])
        raise StepError(errors) from None
    problems = _contradictions(facts, questions)
    if problems:
        raise StepError(problems)
    return facts.as_dict()


# --- Showing a question ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One question as the page shows it; `value` is None when never answered, "" when answered "모름"."""

    name: str
    label: str
    control: str  # "date" | "select" | "radio" | "number"
    help: str
    hint: str
    unit: str
    choices: tuple[tuple[str, str], ...]
    value: str | None
    error: str
    deciding: int
    explanation: tuple[str, str] | None = None

    @property
    def input_id(self) -> str:
        return f"q-{self.name}"

    @property
    def is_money(self) -> bool:
        return FACTS[self.name].kind is Kind.MONEY


def _control(name: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    spec = FACTS[name]
    if spec.kind is Kind.DATE:
        return "date", ()
    if spec.kind is Kind.BOOL:
        return "radio", tuple((value, str(label)) for value, label in BOOL_CHOICES)
    if spec.kind is Kind.ENUM:
        choices = tuple((code, gettext(label)) for code, label in spec.choices)
        if name == "district":
            return "select", choices
        unknown = gettext("응답 안 함") if name == "sex" else str(UNKNOWN_CHOICE[1])
        return "radio", (*choices, ("", unknown))
    return "number", ()


def stored_text(name: str, answers: Mapping[str, Any], asked: Collection[str]) -> str | None:
    """A stored answer as the form shows it again; "" for a question answered "모름"."""
    value = answers.get(name)
    if value is None:
        return "" if name in asked else None
    spec = FACTS[name]
    if spec.kind is Kind.BOOL:
        return "yes" if value else "no"
    if spec.kind is Kind.MONEY:
        return f"{value:,}"
    return str(value)


def help_text(name: str, today: datetime.date) -> str:
    text = str(HELP.get(name, ""))
    if name == "monthly_income":
        text += " " + gettext("%(year)s년 1인 가구 기준 중위소득은 월 %(amount)s원입니다.") % {
            "year": today.year,
            "amount": f"{median_income(1, today):,}",
        }
    return text


def build_fields(
    questions: Sequence[str],
    *,
    values: Mapping[str, str | None],
    errors: Mapping[str, str],
    deciding: Mapping[str, int],
    today: datetime.date,
) -> list[Field]:
    fields = []
    for name in questions:
        control, choices = _control(name)
        fields.append(
            Field(
                name=name,
                label=gettext(FACTS[name].label),
                control=control,
                help=help_text(name, today),
                hint=str(HINTS.get(name, "")),
                unit=gettext("원") if FACTS[name].kind is Kind.MONEY else str(UNITS.get(name, "")),
                choices=choices,
                value=values.get(name),
                error=errors.get(name, ""),
                deciding=deciding.get(name, 0),
                explanation=tuple(map(str, EXPLANATIONS[name])) if name in EXPLANATIONS else None,
            )
        )
    return fields


# --- Answers and results for the page --------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    name: str
    label: str
    text: str


def answer_summary(answers: Mapping[str, Any], asked: Collection[str]) -> list[AnswerLine]:
    """Every question asked so far with the answer in words, in questionnaire order."""
    lines = []
    for name in sorted(set(asked) | set(answers), key=FACT_ORDER.__getitem__):
        spec, value = FACTS[name], answers.get(name)
        if value is None:
            text = gettext("모름/응답 안 함")
        elif spec.kind is Kind.BOOL:
            text = gettext("예") if value else gettext("아니오")
        elif spec.kind is Kind.ENUM:
            text = gettext(spec.choice_label(value))
        elif spec.kind is Kind.DATE:
            text = format_date(datetime.date.fromisoformat(value))
        elif spec.kind is Kind.MONEY:
            text = format_krw(value)
        else:
            text = f"{value:,}{UNITS.get(name, '')}"
        lines.append(AnswerLine(name, gettext(spec.label), text))
    return lines


STATE_CLASSES = {True: "met", False: "unmet", None: "unknown"}
GROUP_ORDER = (Outcome.ELIGIBLE, Outcome.UNKNOWN, Outcome.INELIGIBLE)
GROUP_TITLES = {Outcome.ELIGIBLE: _("대상"), Outcome.UNKNOWN: _("확인 필요"), Outcome.INELIGIBLE: _("비대상")}
GROUP_LEADS = {
    Outcome.ELIGIBLE: _("답하신 내용으로는 지원 조건을 모두 충족합니다. 신청 안내를 확인해 보세요."),
    Outcome.UNKNOWN: _("몇 가지를 더 알면 받을 수 있는지 정해집니다. 질문에 답하면 결과가 바로 바뀝니다."),
    Outcome.INELIGIBLE: _("답하신 내용으로는 충족하지 못한 조건이 있습니다."),
}
GROUP_SLUGS = {Outcome.ELIGIBLE: "eligible", Outcome.UNKNOWN: "unknown", Outcome.INELIGIBLE: "ineligible"}
MAX_REASON_DEPTH = 4
OPEN_REASONS = 3


@dataclass(frozen=True)
class Reason:
    text: str
    state: str
    depth: int


@dataclass(frozen=True)
class PolicyMatch:
    """One policy on the results page, with the rule version that decided it."""

    policy: Any
    version: int
    result: Result

    @property
    def reasons(self) -> list[Reason]:
        return [
            Reason(line.text, STATE_CLASSES[line.state], min(line.depth, MAX_REASON_DEPTH))
            for line in self.result.lines
        ]

    @property
    def reasons_collapsed(self) -> bool:
        return len(self.result.lines) > OPEN_REASONS

    @property
    def unmet(self) -> list[str]:
        return [c.sentence for c in self.result.criteria if c.state is False]

    @property
    def missing_labels(self) -> list[str]:
        return [gettext(label) for label in self.result.missing_fact_labels]

    @property
    def ask_query(self) -> str:
        return ",".join(self.result.missing_facts)


@dataclass(frozen=True)
class OutcomeGroup:
    outcome: Outcome
    items: list[PolicyMatch]

    @property
    def title(self) -> str:
        return str(GROUP_TITLES[self.outcome])

    @property
    def lead(self) -> str:
        return str(GROUP_LEADS[self.outcome])

    @property
    def slug(self) -> str:
        return GROUP_SLUGS[self.outcome]

    @property
    def count(self) -> int:
        return len(self.items)


def group_results(outcomes: Iterable[Any]) -> list[OutcomeGroup]:
    """Outcomes (``rule_selectors.PolicyOutcome``) as 대상 / 확인 필요 / 비대상, each sorted for reading:
    featured policies first, and among the undecided the ones closest to a decision first."""
    items: dict[Outcome, list[PolicyMatch]] = {outcome: [] for outcome in GROUP_ORDER}
    for outcome in outcomes:
        items[outcome.result.outcome].append(PolicyMatch(outcome.policy, outcome.version, outcome.result))
    for outcome, matches in items.items():
        if outcome is Outcome.UNKNOWN:
            matches.sort(key=lambda m: (len(m.result.missing_facts), not m.policy.featured, m.policy.title))
        else:
            matches.sort(key=lambda m: (not m.policy.featured, m.policy.title))
    return [OutcomeGroup(outcome, items[outcome]) for outcome in GROUP_ORDER]


def tally(results: Mapping[Any, Result]) -> dict[str, int]:
    counts = {GROUP_SLUGS[outcome]: 0 for outcome in GROUP_ORDER}
    for result in results.values():
        counts[GROUP_SLUGS[result.outcome]] += 1
    return counts
