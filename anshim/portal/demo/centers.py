"""The 25 district 1인가구지원센터 of the demo, one per district, placed inside it."""

from __future__ import annotations

import random
from dataclasses import dataclass

from anshim.geo.districts import DISTRICTS
from anshim.portal.demo.places import DISTRICT_SITES, dong_stem, lot_address, spot_in

_OPENING_HOURS = (
    "평일 09:00~18:00 (점심시간 12:00~13:00)",
    "평일 09:00~18:00, 프로그램 운영일 21:00까지",
    "평일 09:00~21:00, 토요일 10:00~17:00",
    "평일 10:00~19:00, 토요일 10:00~15:00",
)


@dataclass(frozen=True)
class CenterSpec:
    code: str
    name: str
    district_code: str
    address: str
    latitude: float
    longitude: float
    phone: str
    opening_hours: str
    url: str


def seoul_phone(rng: random.Random) -> str:
    return f"02-{rng.randint(2000, 3999) if rng.random() < 0.4 else rng.randint(400, 999)}-{rng.randint(1000, 9999)}"


def build_centers(seed: int) -> list[CenterSpec]:
    rng = random.Random(f"{seed}:centers")
    centers = []
    for district in DISTRICTS:
        spot = spot_in(district.code, rng, dong_suffix="동")
        building = rng.choice(
            (
                f"{district.name}가족센터 {rng.randint(2, 5)}층",
                f"{dong_stem(spot.dong)}복합청사 {rng.randint(2, 4)}층",
                f"{district.name} 공공복합시설 {rng.randint(2, 6)}층",
                f"{spot.dong} 주민센터 {rng.randint(3, 4)}층",
            )
        )
        centers.append(
            CenterSpec(
                code=f"C-{district.code}",
                name=f"{district.name} 1인가구지원센터",
                district_code=district.code,
                address=f"{lot_address(district.code, spot.dong, rng)}, {building}",
                latitude=spot.latitude,
                longitude=spot.longitude,
                phone=seoul_phone(rng),
                opening_hours=rng.choice(_OPENING_HOURS),
                url=DISTRICT_SITES[district.code],
            )
        )
    return centers
