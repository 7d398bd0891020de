"""Open API for 참여프로그램 and 1인가구지원센터, including near-search.

``near=lat,lon`` with ``radius`` (metres) returns programmes ordered by distance,
each with ``distance_m``; without it results keep the list page's order.
"""

import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from anshim.catalog.api import DistrictRef, invalid_filter
from anshim.catalog.selectors import InvalidFilter
from anshim.geo.boundaries import in_seoul_bounds
from anshim.geo.nearby import distances_within, load_in_order
from anshim.programs import selectors

router = Router(tags=["참여프로그램"])
centers_router = Router(tags=["1인가구지원센터"])

MAX_RADIUS_M = 20_000


class CenterOut(Schema):
    id: int
    code: str
    name: str
    district: DistrictRef
    address: str
    latitude: float
    longitude: float
    phone: str
    opening_hours: str
    url: str


class ProgramOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    kind_label: str
    category: str
    category_label: str
    status: str
    status_label: str
    district: DistrictRef
    center: str | None
    summary: str
    target: str
    place: str
    address: str
    latitude: float
    longitude: float
    starts_on: datetime.date
    ends_on: datetime.date
    schedule: str
    recruit_start: datetime.date
    recruit_end: datetime.date
    capacity: int
    seats_left: int
    fee: int
    detail_url: str
    distance_m: float | None = Field(None, description="near 검색일 때 기준점에서의 거리(미터)")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_category_label(obj) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.status.value

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.status.label)

    @staticmethod
    def resolve_center(obj) -> str | None:
        return obj.center.name if obj.center_id else None

    @staticmethod
    def resolve_detail_url(obj) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_distance_m(obj) -> float | None:
        return getattr(obj, "distance_m", None)


class ProgramPage(Schema):
    count: int
    results: list[ProgramOut]


class ProgramQuery(Schema):
    district: str | None = Field(None, description="자치구 코드(11620) 또는 이름(관악구)")
    category: str | None = Field(None, description="분야: SAFETY, HOUSING, ECONOMY, LONELINESS, HEALTH")
    kind: str | None = Field(None, description="유형: PROGRAM, EVENT, COUNSELING, GROUP")
    status: str | None = Field(None, description="모집상태: UPCOMING(모집예정), OPEN(모집중), CLOSED(마감)")
    date_from: str | None = Field(None, description="운영기간이 이 날짜(YYYY-MM-DD) 이후까지 이어지는 프로그램")
    date_to: str | None = Field(None, description="운영기간이 이 날짜(YYYY-MM-DD) 이전에 시작하는 프로그램")
    q: str | None = Field(None, description="검색어 (100자 이내)")
    near: str | None = Field(None, description="기준점 '위도,경도' (예: 37.4784,126.9516). 서울 안이어야 합니다")
    radius: int = Field(1000, ge=1, le=MAX_RADIUS_M, description="near 검색 반경(미터)")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


def parse_near(value: str) -> tuple[float, float]:
    parts = value.split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise HttpError(422, "near는 '위도,경도' 형식의 숫자 두 개여야 합니다. 예: 37.4784,126.9516") from None
    if not in_seoul_bounds(lat, lon):
        raise HttpError(400, f"기준점({lat}, {lon})이 서울시 밖에 있습니다. 서울 안의 좌표를 입력하세요.")
    return lat, lon


@router.get("", response=ProgramPage, summary="참여프로그램 목록·주변 검색")
def list_programs(request, params: Query[ProgramQuery]):
    try:
        filters = selectors.ProgramFilters.parse(params.dict())
    except InvalidFilter as exc:
        raise invalid_filter(exc) from exc
    qs = selectors.programs(filters)
    window = slice(params.offset, params.offset + params.limit)
    if params.near:
        lat, lon = parse_near(params.near)
        hits = distances_within(qs, lat, lon, params.radius)
        results = []
        for program, distance in load_in_order(qs, hits[window]):
            program.distance_m = round(distance, 1)
            results.append(program)
        return {"count": len(hits), "results": results}
    qs = qs.order_by("-recruit_start", "pk")
    return {"count": qs.count(), "results": list(qs[window])}


@router.get("/{program_id}", response=ProgramOut, summary="참여프로그램 상세")
def get_program(request, program_id: int):
    program = selectors.program_detail(program_id)
    if program is None:
        raise Http404
    return program


@centers_router.get("", response=list[CenterOut], summary="1인가구지원센터 목록")
def list_centers(request, district: str | None = None):
    try:
        district_obj = selectors.ProgramFilters.parse({"district": district}).district
    except InvalidFilter as exc:
        raise invalid_filter(exc) from exc
    return list(selectors.centers(district_obj))
