"""What the engine may know about a person, and how raw answers become clean facts.

Every fact is optional: None means "not told", which the rules treat as unknown, never as false.
Derived facts (age, income_ratio) are computed at a reference date and cannot be entered directly.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from anshim.geo.districts import DISTRICTS


class Kind(enum.Enum):
    BOOL = "bool"
    INT = "int"
    MONEY = "money"
    RATIO = "ratio"
    ENUM = "enum"
    DATE = "date"


@dataclass(frozen=True)
class FactSpec:
    """How one fact is typed, labelled in Korean and phrased inside a criterion label."""

    name: str
    kind: Kind
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    derived_from: tuple[str, ...] = ()
    prefix: str = ""
    value_prefix: str = ""
    unit: str = ""
    true_phrase: str = ""
    false_phrase: str = ""
    enum_suffix: str = ""
    minimum: int = 0
    maximum: int | None = None

    @property
    def is_derived(self) -> bool:
        return bool(self.derived_from)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.choices)

    def choice_label(self, code: str) -> str:
        return dict(self.choices).get(code, code)


SEX_CHOICES = (("F", "여성"), ("M", "남성"))
DISTRICT_CHOICES = tuple((d.code, d.name) for d in DISTRICTS)
TENURE_CHOICES = (
    ("OWNER", "자가"),
    ("JEONSE", "전세"),
    ("MONTHLY_RENT", "월세"),
    ("GOSIWON", "고시원·쪽방"),
    ("OTHER", "기타"),
)
EMPLOYMENT_CHOICES = (
    ("EMPLOYED", "재직"),
    ("SELF_EMPLOYED", "자영업"),
    ("UNEMPLOYED", "미취업"),
    ("RETIRED", "은퇴"),
)

_SPECS = (
    FactSpec("birth_date", Kind.DATE, "생년월일"),
    FactSpec("age", Kind.INT, "나이", derived_from=("birth_date",), prefix="만 ", value_prefix="만 ", unit="세"),
    FactSpec("sex", Kind.ENUM, "성별", choices=SEX_CHOICES),
    FactSpec("district", Kind.ENUM, "거주 자치구", choices=DISTRICT_CHOICES, enum_suffix=" 거주"),
    FactSpec("lives_alone", Kind.BOOL, "혼자 사는지(1인가구)", true_phrase="1인가구", false_phrase="1인가구 아님"),
    FactSpec("seoul_residence_months", Kind.INT, "서울 거주 기간", prefix="서울 거주 ", unit="개월", maximum=1500),
    FactSpec(
        "registered_in_seoul",
        Kind.BOOL,
        "서울 주민등록 여부",
        true_phrase="서울 주민등록",
        false_phrase="서울 주민등록 아님",
    ),
    FactSpec("household_size", Kind.INT, "가구원 수", prefix="가구원 수 ", unit="명", minimum=1, maximum=30),
    FactSpec("monthly_income", Kind.MONEY, "가구 월 소득", prefix="월 소득 "),
    FactSpec(
        "income_ratio",
        Kind.RATIO,
        "기준 중위소득 대비 소득",
        derived_from=("monthly_income", "household_size"),
        prefix="기준 중위소득 ",
        unit="%",
    ),
    FactSpec("assets", Kind.MONEY, "재산", prefix="재산 "),
    FactSpec("housing_tenure", Kind.ENUM, "주거 형태", choices=TENURE_CHOICES, enum_suffix=" 거주"),
    FactSpec("monthly_rent", Kind.MONEY, "월세", prefix="월세 "),
    FactSpec("deposit", Kind.MONEY, "보증금", prefix="보증금 "),
    FactSpec("housing_price", Kind.MONEY, "주택가격", prefix="주택가격 "),
    FactSpec("employment", Kind.ENUM, "취업 상태", choices=EMPLOYMENT_CHOICES),
    FactSpec("student", Kind.BOOL, "학생 여부", true_phrase="학생", false_phrase="학생 아님"),
    FactSpec("disability", Kind.BOOL, "장애 여부", true_phrase="등록 장애인", false_phrase="등록 장애인 아님"),
    FactSpec(
        "basic_livelihood",
        Kind.BOOL,
        "기초생활수급 여부",
        true_phrase="기초생활수급자",
        false_phrase="기초생활수급자 아님",
    ),
    FactSpec("near_poverty", Kind.BOOL, "차상위계층 여부", true_phrase="차상위계층", false_phrase="차상위계층 아님"),
    FactSpec(
        "long_term_care",
        Kind.BOOL,
        "장기요양 등급 보유 여부",
        true_phrase="장기요양 등급 보유",
        false_phrase="장기요양 등급 없음",
    ),
    FactSpec(
        "elderly_care_service",
        Kind.BOOL,
        "노인맞춤돌봄서비스 이용 여부",
        true_phrase="노인맞춤돌봄서비스 이용",
        false_phrase="노인맞춤돌봄서비스 미이용",
    ),
    FactSpec(
        "home_wifi", Kind.BOOL, "집 와이파이 여부", true_phrase="집에 와이파이 있음", false_phrase="집에 와이파이 없음"
    ),
)

FACTS: dict[str, FactSpec] = {spec.name: spec for spec in _SPECS}
BASE_FACTS: tuple[str, ...] = tuple(spec.name for spec in _SPECS if not spec.is_derived)
DERIVED_FACTS: tuple[str, ...] = tuple(spec.name for spec in _SPECS if spec.is_derived)
FACT_ORDER: dict[str, int] = {spec.name: i for i, spec in enumerate(_SPECS)}
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class Facts:
    """A person's facts, already clean. Build it with `clean_facts` from untrusted input."""

    birth_date: datetime.date | None = None
    sex: str | None = None
    district: str | None = None
    lives_alone: bool | None = None
    seoul_residence_months: int | None = None
    registered_in_seoul: bool | None = None
    household_size: int | None = None
    monthly_income: int | None = None
    assets: int | None = None
    housing_tenure: str | None = None
    monthly_rent: int | None = None
    deposit: int | None = None
    housing_price: int | None = None
    employment: str | None = None
    student: bool | None = None
    disability: bool | None = None
    basic_livelihood: bool | None = None
    near_poverty: bool | None = None
    long_term_care: bool | None = None
    elderly_care_service: bool | None = None
    home_wifi: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        """Known facts only, JSON-ready (dates as ISO strings)."""
        out: dict[str, Any] = {}
        for name in BASE_FACTS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return out

    def missing(self) -> tuple[str, ...]:
        return tuple(name for name in BASE_FACTS if getattr(self, name) is None)


class FactError(ValueError):
    """Facts that cannot be true of anyone; `errors` lists {field, message} in Korean."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def _clean_bool(spec: FactSpec, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"{spec.label}: 예/아니오(true/false) 값이어야 합니다.")


def _clean_int(spec: FactSpec, value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{spec.label}: 숫자여야 합니다.")
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not text.lstrip("-").isdigit():
            raise ValueError(f"{spec.label}: 숫자여야 합니다.")
        value = int(text)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise ValueError(f"{spec.label}: 정수여야 합니다.")
    if value < spec.minimum:
        if spec.minimum == 0:
            raise ValueError(f"{spec.label}: 0 이상이어야 합니다 (입력값 {value:,}).")
        raise ValueError(f"{spec.label}: {spec.minimum} 이상이어야 합니다 (입력값 {value:,}).")
    if spec.maximum is not None and value > spec.maximum:
        raise ValueError(f"{spec.label}: {spec.maximum:,} 이하여야 합니다 (입력값 {value:,}).")
    return value


def _clean_enum(spec: FactSpec, value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value in spec.codes:
        return value
    if spec.name == "district":
        raise ValueError(f"{spec.label}: 서울시 25개 자치구 코드(11110~11740) 중 하나여야 합니다 (입력값 {value!r}).")
    allowed = ", ".join(f"{code}({label})" for code, label in spec.choices)
    raise ValueError(f"{spec.label}: {allowed} 중 하나여야 합니다 (입력값 {value!r}).")


def _clean_date(spec: FactSpec, value: Any, today: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{spec.label}: YYYY-MM-DD 형식의 날짜여야 합니다 (입력값 {value!r}).") from None
    if not isinstance(value, datetime.date):
        raise ValueError(f"{spec.label}: YYYY-MM-DD 형식의 날짜여야 합니다.")
    if value > today:
        raise ValueError(f"{spec.label}: 미래의 날짜일 수 없습니다 ({value.isoformat()}).")
    if value < EARLIEST_BIRTH_DATE:
        raise ValueError(f"{spec.label}: {EARLIEST_BIRTH_DATE.year}년 이후의 날짜여야 합니다.")
    return value


def clean_facts(data: Mapping[str, Any] | Facts, *, today: datetime.date | None = None) -> Facts:
    """Validate raw answers into `Facts`; every problem is reported at once as a `FactError`.

    `today` bounds the birth date (no one is born in the future); it defaults to the calendar date.
    """
    if isinstance(data, Facts):
        data = {name: getattr(data, name) for name in BASE_FACTS}
    if not isinstance(data, Mapping):
        raise FactError([{"field": "$", "message": "항목 이름과 값의 객체여야 합니다."}])
    today = today or datetime.date.today()
    errors: list[dict[str, str]] = []
    clean: dict[str, Any] = {}
    for name, value in data.items():
        spec = FACTS.get(name)
        if spec is None:
            errors.append({"field": str(name), "message": "알 수 없는 항목입니다."})
            continue
        if spec.is_derived:
            sources = ", ".join(FACTS[s].label for s in spec.derived_from)
            errors.append(
                {"field": name, "message": f"{spec.label}은(는) 직접 입력하지 않고 {sources}(으)로 계산합니다."}
            )
            continue
        if value is None:
            continue
        try:
            if spec.kind is Kind.BOOL:
                clean[name] = _clean_bool(spec, value)
            elif spec.kind in (Kind.INT, Kind.MONEY):
                clean[name] = _clean_int(spec, value)
            elif spec.kind is Kind.ENUM:
                clean[name] = _clean_enum(spec, value)
            else:
                clean[name] = _clean_date(spec, value, today)
        except ValueError as exc:
            errors.append({"field": name, "message": str(exc)})
    if errors:
        raise FactError(errors)
    return Facts(**clean)


def age_at(birth_date: datetime.date, when: datetime.date) -> int:
    """만 나이: whole years completed; a 29 February birthday counts from 1 March in common years."""
    return when.year - birth_date.year - ((when.month, when.day) < (birth_date.month, birth_date.day))
