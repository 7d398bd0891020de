"""Splitting a round's city-wide quota among the 25 자치구 (pure; no Django).

Method: largest remainder (Hamilton). Each district first gets the whole part of its exact share
``total × weight / Σweights``; the places still missing go one each to the districts with the
largest fractional remainders (ties: larger weight, then district code), so the parts always sum
to exactly ``total`` and no district is more than one place from its exact share.

Default weights: single-person households per district (``SINGLE_HOUSEHOLDS``). Source: the
platform's reference table ``anshim.geo.districts`` — the 2020 Population and Housing Census
(통계청 인구주택총조사, 시군구별 가구원수별 가구) order of magnitude per district, scaled so Seoul
totals 1.39M 1인가구 as the city's 2021 report states (관악구 ≈ 129.8k, the largest, matches the
census; 서울연구원 「데이터로 본 서울」 2020). A city official can pass the latest official table
(e.g. KOSIS) or enter every district's quota by hand (``check_manual``) instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from anshim.geo.districts import DISTRICTS

SINGLE_HOUSEHOLDS: dict[str, int] = {district.code: district.single_households for district in DISTRICTS}
SINGLE_HOUSEHOLDS_SOURCE = (
    "통계청 2020 인구주택총조사 자치구별 1인가구(서울 합계 139만 가구로 맞춘 값, anshim.geo.districts)"
)


class QuotaError(ValueError):
    """A split that cannot be made or a hand-entered split that does not add up (Korean message)."""


def split_quota(total: int, weights: Mapping[str, int | float]) -> dict[str, int]:
    """``total`` places shared in proportion to ``weights`` by largest remainder; sums to ``total`` exactly."""
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise QuotaError("전체 정원은 0 이상의 정수여야 합니다.")
    if not weights:
        raise QuotaError("정원을 나눌 자치구가 없습니다.")
    if any(weight < 0 for weight in weights.values()):
        raise QuotaError("배분 기준값은 0 이상이어야 합니다.")
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        raise QuotaError("배분 기준값의 합이 0입니다. 자치구별 1인가구 수를 확인해 주세요.")
    # Integer arithmetic where the weights are integers, so no float rounding can lose a place.
    if all(isinstance(weight, int) for weight in weights.values()):
        parts = {code: divmod(total * weight, weight_sum) for code, weight in weights.items()}
    else:
        parts = {}
        for code, weight in weights.items():
            exact = total * weight / weight_sum
            parts[code] = (int(exact), exact - int(exact))
    shares = {code: whole for code, (whole, _rest) in parts.items()}
    missing = total - sum(shares.values())
    order = sorted(weights, key=lambda code: (-parts[code][1], -weights[code], code))
    for code in order[:missing]:
        shares[code] += 1
    return shares


def split_by_single_households(total: int, table: Mapping[str, int] | None = None) -> dict[str, int]:
    """The city quota shared by single-person households (default: ``SINGLE_HOUSEHOLDS``)."""
    return split_quota(total, SINGLE_HOUSEHOLDS if table is None else table)


def check_manual(total: int, quotas: Mapping[str, int]) -> dict[str, int]:
    """A split entered by hand: whole, non-negative places for known districts that add up to ``total``."""
    unknown = sorted(set(quotas) - set(SINGLE_HOUSEHOLDS))
    if unknown:
        raise QuotaError(f"알 수 없는 자치구 코드입니다: {', '.join(unknown)}")
    for code, places in quotas.items():
        if not isinstance(places, int) or isinstance(places, bool) or places < 0:
            raise QuotaError(f"자치구 {code}의 정원은 0 이상의 정수여야 합니다.")
    given = sum(quotas.values())
    if given != total:
        raise QuotaError(f"자치구 정원의 합({given:,}명)이 전체 정원({total:,}명)과 같아야 합니다.")
    return dict(quotas)
