"""Amounts that change over time, looked up by the reference date of an evaluation.

A `Parameter` is a step function: each value holds from its date until the next one starts.
기준 중위소득 is published per household size; households of 5 or more use the 4-person value here.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


class ParameterError(ValueError):
    """A parameter has no value at the requested date."""


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    values: tuple[tuple[datetime.date, Any], ...]
    starts: tuple[datetime.date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = tuple(start for start, _ in self.values)
        if not starts:
            raise ValueError(f"{self.label}: 값이 하나 이상 있어야 합니다.")
        if any(a >= b for a, b in zip(starts, starts[1:], strict=False)):
            raise ValueError(f"{self.label}: 적용일이 겹치지 않게 오름차순이어야 합니다.")
        object.__setattr__(self, "starts", starts)

    @classmethod
    def of(cls, name: str, label: str, values: Iterable[tuple[datetime.date, Any]]) -> Parameter:
        return cls(name, label, tuple(values))

    @property
    def first_date(self) -> datetime.date:
        return self.values[0][0]

    def at(self, when: datetime.date) -> Any:
        index = bisect.bisect_right(self.starts, when) - 1
        if index < 0:
            raise ParameterError(
                f"{self.label}: {self.first_date.isoformat()} 이전에 적용되는 값이 없습니다 (기준일 {when.isoformat()})."
            )
        return self.values[index][1]


# 보건복지부 고시 기준 중위소득 (KRW/month) for 1, 2, 3 and 4-person households.
MEDIAN_INCOME_BY_YEAR: dict[int, tuple[int, int, int, int]] = {
    2021: (1_827_831, 3_088_079, 3_983_950, 4_876_290),
    2022: (1_944_812, 3_260_085, 4_194_701, 5_121_080),
    2023: (2_077_892, 3_456_155, 4_434_816, 5_400_964),
    2024: (2_228_445, 3_682_609, 4_714_657, 5_729_913),
    2025: (2_392_013, 3_932_658, 5_025_353, 6_097_773),
    2026: (2_564_238, 4_199_292, 5_359_036, 6_494_738),
}
LARGEST_PUBLISHED_HOUSEHOLD = 4

MEDIAN_INCOME: dict[int, Parameter] = {
    size: Parameter.of(
        f"median_income_{size}",
        f"기준 중위소득({size}인 가구)",
        ((datetime.date(year, 1, 1), row[size - 1]) for year, row in sorted(MEDIAN_INCOME_BY_YEAR.items())),
    )
    for size in range(1, LARGEST_PUBLISHED_HOUSEHOLD + 1)
}


def median_income(household_size: int, when: datetime.date) -> int:
    """기준 중위소득 in force on `when`; 5+ person households use the 4-person value on this platform."""
    if household_size < 1:
        raise ValueError("가구원 수는 1 이상이어야 합니다.")
    return MEDIAN_INCOME[min(household_size, LARGEST_PUBLISHED_HOUSEHOLD)].at(when)


def median_income_row(when: datetime.date) -> tuple[int, ...]:
    """The four published values in force on `when`, index 0 = 1 person."""
    return tuple(MEDIAN_INCOME[size].at(when) for size in range(1, LARGEST_PUBLISHED_HOUSEHOLD + 1))
