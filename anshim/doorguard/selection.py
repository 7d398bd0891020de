"""Ranking applications and choosing up to a quota (pure; no Django).

Two methods, chosen per district and round:
- 선착순 (FIRST_COME): the order of submission; priorities do not count.
- 선정심의 (COMMITTEE): a priority score, highest first; ties go to the earlier submission.

The score adds the round's weights for what applies to the applicant, plus the committee's own
score (0–100) times the ``committee`` weight:

    female            여성
    older             만 ``older_age`` 세 이상 (default 65)
    gosiwon           고시원·쪽방 거주
    basement          반지하·옥탑 거주
    high_risk_area    범죄 취약지역(담당자가 지정)
    committee         선정심의 점수 1점당 가중치

Ties after the score and the submission time fall to the application id, so a ranking is the
same on every run. Those not chosen are waitlisted in ranking order.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

FIRST_COME = "FIRST_COME"
COMMITTEE = "COMMITTEE"
METHODS = (FIRST_COME, COMMITTEE)

WEIGHT_LABELS = {
    "female": "여성",
    "older": "고령",
    "gosiwon": "고시원·쪽방 거주",
    "basement": "반지하·옥탑 거주",
    "high_risk_area": "범죄 취약지역",
    "committee": "선정심의 점수 가중치",
}
DEFAULT_WEIGHTS: dict[str, float] = {
    "female": 10,
    "older": 10,
    "older_age": 65,
    "gosiwon": 15,
    "basement": 15,
    "high_risk_area": 10,
    "committee": 1,
}
GOSIWON_HOUSING = frozenset({"GOSIWON"})
BASEMENT_HOUSING = frozenset({"BASEMENT", "ROOFTOP"})


class SelectionError(ValueError):
    """Bad weights or method (Korean message)."""


def clean_weights(raw: Mapping[str, Any] | None) -> dict[str, float]:
    """Validated weights: the defaults overlaid with ``raw``; unknown keys and negative numbers refused."""
    if raw is None:
        return dict(DEFAULT_WEIGHTS)
    if not isinstance(raw, Mapping):
        raise SelectionError("우선순위 가중치는 항목 이름과 숫자의 객체여야 합니다.")
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in raw.items():
        if key not in DEFAULT_WEIGHTS:
            raise SelectionError(f"알 수 없는 우선순위 항목입니다: {key}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise SelectionError(f"우선순위 ‘{WEIGHT_LABELS.get(key, key)}’의 값은 0 이상의 숫자여야 합니다.")
        weights[key] = value
    if not 0 < weights["older_age"] <= 120:
        raise SelectionError("고령 기준 나이는 1~120세여야 합니다.")
    return weights


@dataclass(frozen=True, slots=True)
class Candidate:
    """What ranking needs to know about one application."""

    id: int
    submitted_at: datetime.datetime
    female: bool = False
    age: int | None = None
    housing_type: str = ""
    high_risk_area: bool = False
    committee_score: float | None = None


@dataclass(frozen=True, slots=True)
class Ranked:
    candidate: Candidate
    score: float
    rank: int


@dataclass(frozen=True)
class Choice:
    """The outcome for a district: who is selected and the waiting list, both in ranking order."""

    selected: tuple[Ranked, ...]
    waitlisted: tuple[Ranked, ...]

    @property
    def selected_ids(self) -> list[int]:
        return [item.candidate.id for item in self.selected]

    @property
    def waitlisted_ids(self) -> list[int]:
        return [item.candidate.id for item in self.waitlisted]


def score(candidate: Candidate, weights: Mapping[str, float]) -> float:
    """The priority score of one candidate under already-clean ``weights``."""
    total = 0.0
    if candidate.female:
        total += weights["female"]
    if candidate.age is not None and candidate.age >= weights["older_age"]:
        total += weights["older"]
    if candidate.housing_type in GOSIWON_HOUSING:
        total += weights["gosiwon"]
    elif candidate.housing_type in BASEMENT_HOUSING:
        total += weights["basement"]
    if candidate.high_risk_area:
        total += weights["high_risk_area"]
    if candidate.committee_score is not None:
        total += weights["committee"] * candidate.committee_score
    return total


def rank(candidates: Iterable[Candidate], *, method: str, weights: Mapping[str, Any] | None = None) -> list[Ranked]:
    """Candidates in selection order under ``method``, each with its score and 1-based rank."""
    if method not in METHODS:
        raise SelectionError(f"알 수 없는 선정 방식입니다: {method}")
    clean = clean_weights(weights)
    if method == FIRST_COME:
        scored = [(0.0, c) for c in candidates]
        scored.sort(key=lambda pair: (pair[1].submitted_at, pair[1].id))
    else:
        scored = [(score(c, clean), c) for c in candidates]
        scored.sort(key=lambda pair: (-pair[0], pair[1].submitted_at, pair[1].id))
    return [Ranked(candidate, value, position) for position, (value, candidate) in enumerate(scored, start=1)]


def choose(
    candidates: Iterable[Candidate], *, places: int, method: str, weights: Mapping[str, Any] | None = None
) -> Choice:
    """Up to ``places`` candidates selected in ranking order; the rest waitlisted in the same order."""
    if places < 0:
        raise SelectionError("남은 정원은 0 이상이어야 합니다.")
    ranked = rank(candidates, method=method, weights=weights)
    return Choice(tuple(ranked[:places]), tuple(ranked[places:]))
