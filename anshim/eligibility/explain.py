"""Korean wording: criterion labels, value details for "label: 충족 (만 27세)", amounts, group headings.

Labels are written from the criterion when the rule gives none, so a rule reads the same in the
editor, the citizen's result page and the back office; amounts use 억/만원 as officials write them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from anshim.eligibility.facts import FactSpec, Kind

STATE_WORDS = {True: "충족", False: "미충족", None: "확인 필요"}
COMPARISON_WORDS = {"lt": "미만", "lte": "이하", "gt": "초과", "gte": "이상"}
DATE_COMPARISON_WORDS = {"lt": "전", "lte": "이전", "gt": "후", "gte": "이후"}
NEGATIVE_OPS = ("ne", "not_in", "not_between")
GROUP_HEADINGS = {"all": "다음 모두", "any": "다음 중 하나 이상"}
UNKNOWN_DETAIL = " (정보 없음)"


def format_krw(amount: float) -> str:
    """600000 → "60만원", 155000000 → "1억 5,500만원", 2564238 → "256만 4,238원"."""
    value = round(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value < 10_000:
        return f"{sign}{value:,}원"
    eok, rest = divmod(value, 100_000_000)
    man, won = divmod(rest, 10_000)
    parts = []
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    if won:
        parts.append(f"{won:,}")
    return sign + " ".join(parts) + "원"


def format_number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def format_percent(ratio: float) -> str:
    """A share of 기준 중위소득 written as a percentage: 1.5 → "150", 0.465 → "46.5"."""
    percent = round(float(ratio) * 100, 1)
    return f"{int(percent):,}" if percent.is_integer() else f"{percent:,.1f}"


def format_date(day: datetime.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def format_amount(spec: FactSpec, value: float) -> str:
    if spec.kind is Kind.MONEY:
        return format_krw(value)
    if spec.kind is Kind.RATIO:
        return format_percent(value)
    return format_number(value)


def criterion_label(spec: FactSpec, op: str, value: Any) -> str:
    """The Korean phrase of a criterion, e.g. "만 19~39세", "기준 중위소득 150% 이하", "월세 거주"."""
    if spec.kind is Kind.BOOL:
        return spec.true_phrase if op == "is_true" else spec.false_phrase
    negative = " 아님" if op in NEGATIVE_OPS else ""
    if spec.kind is Kind.ENUM:
        codes = value if op in ("in", "not_in") else (value,)
        return "·".join(spec.choice_label(code) for code in codes) + spec.enum_suffix + negative
    if spec.kind is Kind.DATE:
        if op in DATE_COMPARISON_WORDS:
            return f"{format_date(value)} {DATE_COMPARISON_WORDS[op]} 출생"
        if op in ("between", "not_between"):
            return f"{format_date(value[0])}~{format_date(value[1])} 출생{negative}"
        return f"{format_date(value)} 출생{negative}"
    if op in COMPARISON_WORDS:
        return f"{spec.prefix}{format_amount(spec, value)}{spec.unit} {COMPARISON_WORDS[op]}"
    if op in ("between", "not_between"):
        low, high = value
        return f"{spec.prefix}{format_amount(spec, low)}~{format_amount(spec, high)}{spec.unit}{negative}"
    if op in ("in", "not_in"):
        return f"{spec.prefix}{'·'.join(format_amount(spec, v) for v in value)}{spec.unit}{negative}"
    return f"{spec.prefix}{format_amount(spec, value)}{spec.unit}{negative}"


def value_detail(spec: FactSpec, value: Any, state: bool | None) -> str:
    """What the person's own value was, in brackets after the verdict (empty when it adds nothing)."""
    if value is None:
        return UNKNOWN_DETAIL
    if spec.kind is Kind.BOOL:
        return ""
    if spec.kind is Kind.ENUM:
        return f" ({spec.choice_label(value)})" if state is False else ""
    if spec.kind is Kind.DATE:
        return f" ({format_date(value)})"
    if spec.kind is Kind.RATIO:
        return f" (약 {round(value * 100):,}%)"
    return f" ({spec.value_prefix}{format_amount(spec, value)}{spec.unit})"


@dataclass(frozen=True)
class Line:
    """One line of a nested explanation; groups under `any` get a heading so "one of" is visible."""

    depth: int
    text: str
    state: bool | None
    path: str | None = None


def group_heading(kind: str, label: str | None, state: bool | None) -> str:
    return f"{label or GROUP_HEADINGS[kind]}: {STATE_WORDS[state]}"
