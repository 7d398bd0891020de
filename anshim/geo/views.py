"""The 위치정보 page and the JSON it draws from: markers for the filters, programmes near a point.

Filters go through ``programs.selectors.ProgramFilters`` so the map, the list page and the API
agree on what "관악구 · 안전 · 소모임" means. Programmes that have already ended stay off the map.
"""

from __future__ import annotations

import dataclasses
import math
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Case, CharField, Value, When
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anshim.catalog.choices import Category
from anshim.catalog.selectors import InvalidFilter
from anshim.geo import boundaries
from anshim.geo.districts import BY_CODE
from anshim.geo.nearby import format_distance, within_radius
from anshim.geo.selectors import all_districts
from anshim.programs import selectors as program_selectors
from anshim.programs.models import Program, ProgramKind, ProgramStatus

MAP_FILTER_KEYS = ("district", "category", "kind")
MAX_NEARBY = 30
RADIUS_DEFAULT_M = 2000
RADIUS_MIN_M = 100
RADIUS_MAX_M = 20_000
RADIUS_CHOICES_M = (1000, 2000, 3000, 5000)
# What a marker or a list row shows, in this order; the description and friends stay in the database.
_PROGRAM_COLUMNS = ("pk", "title", "latitude", "longitude", "kind", "category", "map_status", "district__name")
# Any pk will do: detail URLs are reversed once per response and filled in per row.
_PK_SENTINEL = 987654321


class BadQuery(ValueError):
    """A query-string value the map cannot use; the message is Korean."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def _map_filters(params, keys=MAP_FILTER_KEYS) -> program_selectors.ProgramFilters:
    """The map's filters; a programme is shown until it ends."""
    filters = program_selectors.ProgramFilters.parse({key: params.get(key, "") for key in keys})
    return dataclasses.replace(filters, date_from=timezone.localdate())


def _programs(filters: program_selectors.ProgramFilters, today):
    """Matching programmes with their 모집 status worked out by the database, not per object."""
    statuses = [ProgramStatus.UPCOMING, ProgramStatus.OPEN]
    whens = [When(program_selectors.status_condition(s, today), then=Value(s.value)) for s in statuses]
    status = Case(*whens, default=Value(ProgramStatus.CLOSED.value), output_field=CharField())
    return program_selectors.programs(filters, day=today).select_related(None).annotate(map_status=status)


class _ProgramRows:
    """Turns programme columns into the JSON a marker or list row needs, with labels looked up once."""

    def __init__(self):
        self.kinds = {value: str(label) for value, label in ProgramKind.choices}
        self.categories = {value: str(label) for value, label in Category.choices}
        self.statuses = {value: str(label) for value, label in ProgramStatus.choices}
        self.detail_url = reverse("programs:program-detail", args=[_PK_SENTINEL])

    def __call__(self, pk, title, lat, lon, kind, category, status, district) -> dict:
        return {
            "id": pk,
            "title": title,
            "lat": lat,
            "lon": lon,
            "kind": kind,
            "kind_label": self.kinds.get(kind, kind),
            "category": category,
            "category_label": self.categories.get(category, category),
            "district": district,
            "status": status,
            "status_label": self.statuses[status],
            "url": self.detail_url.replace(str(_PK_SENTINEL), str(pk)),
        }

    def from_object(self, p: Program) -> dict:
        return self(p.pk, p.title, p.latitude, p.longitude, p.kind, p.category, p.map_status, p.district.name)


def _center_json(center) -> dict:
    return {
        "id": center.pk,
        "name": center.name,
        "lat": center.latitude,
        "lon": center.longitude,
        "district": center.district.name,
        "address": center.address,
        "phone": center.phone,
        "opening_hours": center.opening_hours,
        "homepage": center.url,
    }


def _bad_request(exc: InvalidFilter | BadQuery) -> JsonResponse:
    return JsonResponse({"detail": str(exc), "field": exc.field}, status=400)


def _float_param(params, field: str, label: str) -> float:
    raw = (params.get(field) or "").strip()
    if not raw:
        raise BadQuery(field, _("%(label)s(%(field)s) 값을 입력하세요.") % {"label": label, "field": field})
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadQuery(
            field,
            _("%(label)s(%(field)s)는 숫자여야 합니다: '%(value)s'")
            % {"label": label, "field": field, "value": raw[:40]},
        )
    return value


def _radius_param(params) -> float:
    if not (params.get("radius") or "").strip():
        return RADIUS_DEFAULT_M
    radius = _float_param(params, "radius", _("반경"))
    if not RADIUS_MIN_M <= radius <= RADIUS_MAX_M:
        raise BadQuery(
            "radius",
            _("반경(radius)은 %(min)s~%(max)s m 사이여야 합니다.") % {"min": RADIUS_MIN_M, "max": f"{RADIUS_MAX_M:,}"},
        )
    return radius


@require_GET
def markers_json(request):
    """센터와 참여프로그램 마커: ``?district=&category=&kind=``."""
    try:
        filters = _map_filters(request.GET)
    except InvalidFilter as exc:
        return _bad_request(exc)
    rows = _ProgramRows()
    programs = [
        rows(*values)
        for values in _programs(filters, timezone.localdate()).order_by("pk").values_list(*_PROGRAM_COLUMNS)
    ]
    # Centres are places, not activities: only the district filter applies to them.
    centers = [_center_json(c) for c in program_selectors.centers(filters.district).order_by("pk")]
    district = filters.district
    return JsonResponse(
        {
            "district": {"code": district.code, "name": district.name} if district else None,
            "category": filters.category or "",
            "kind": filters.kind or "",
            "centers": centers,
            "programs": programs,
        }
    )


@require_GET
def nearby_json(request):
    """반경 안의 참여프로그램, 가까운 순 최대 30개: ``?lat=&lon=&radius=&category=&kind=``."""
    try:
        lat = _float_param(request.GET, "lat", _("위도"))
        lon = _float_param(request.GET, "lon", _("경도"))
        radius = _radius_param(request.GET)
        # Near-me crosses district borders, so the district filter does not apply here.
        filters = _map_filters(request.GET, keys=("category", "kind"))
    except (BadQuery, InvalidFilter) as exc:
        return _bad_request(exc)
    code = boundaries.district_at(lat, lon)
    if code is None:
        return JsonResponse({"detail": boundaries.outside_seoul_message(lat, lon), "field": "lat"}, status=400)
    candidates = (
        _programs(filters, timezone.localdate())
        .select_related("district")
        .only("title", "latitude", "longitude", "kind", "category", "district__name")
    )
    hits = within_radius(candidates, lat, lon, radius, limit=MAX_NEARBY)
    rows = _ProgramRows()
    return JsonResponse(
        {
            "origin": {"lat": lat, "lon": lon, "district": BY_CODE[code].name, "dong": boundaries.dong_at(lat, lon)},
            "radius": radius,
            "radius_label": format_distance(radius),
            "limit": MAX_NEARBY,
            "programs": [
                {**rows.from_object(p), "distance_m": round(d), "distance_label": format_distance(d)} for p, d in hits
            ],
        }
    )


def _messages() -> dict[str, str]:
    """UI text the script shows, translated here so the script carries no Korean of its own."""
    return {
        "selectedDistrict": _("선택한 자치구: {name}"),
        "wholeCity": _("서울시 전체"),
        "counts": _("지도에 표시된 곳: 1인가구지원센터 {centers}곳, 참여프로그램 {programs}개"),
        "loading": _("지도 자료를 불러오는 중입니다…"),
        "loadFailed": _("지도 자료를 불러오지 못했습니다. 잠시 후 다시 시도하세요."),
        "zoomIn": _("지도 확대"),
        "zoomOut": _("지도 축소"),
        "closePopup": _("닫기"),
        "center": _("1인가구지원센터"),
        "details": _("자세히 보기"),
        "homepage": _("누리집"),
        "cluster": _("{count}곳 묶음, 누르면 확대"),
        "noCenters": _("이 조건에 해당하는 1인가구지원센터가 없습니다."),
        "pickOn": _("지도에서 위치를 누르세요. 그 위치에서 가까운 프로그램을 찾습니다."),
        "pickButtonOn": _("위치 선택 취소"),
        "pickButtonOff": _("지도에서 위치 선택"),
        "locating": _("현재 위치를 확인하는 중입니다…"),
        "searching": _("가까운 프로그램을 찾는 중입니다…"),
        "geoDenied": _(
            "위치 권한이 허용되지 않아 현재 위치를 알 수 없습니다. "
            "브라우저에서 위치 권한을 허용하거나 ‘지도에서 위치 선택’을 이용하세요."
        ),
        "geoUnavailable": _("현재 위치를 확인할 수 없습니다. ‘지도에서 위치 선택’을 이용하세요."),
        "myLocation": _("내 위치"),
        "pickedLocation": _("선택한 위치"),
        "nearbyFound": _("{place}({area}) 반경 {radius} 안의 참여프로그램 {count}개를 가까운 순으로 보여 드립니다."),
        "nearbyLimited": _("가까운 {limit}개까지만 보여 드립니다."),
        "nearbyNone": _("{place}({area}) 반경 {radius} 안에 조건에 맞는 참여프로그램이 없습니다. 반경을 넓혀 보세요."),
    }


def map_view(request):
    """위치정보: 자치구 경계 위에 센터와 참여프로그램, 그리고 내 주변 프로그램 목록."""
    status = 200
    error = ""
    try:
        filters = _map_filters(request.GET)
    except InvalidFilter as exc:
        filters, error, status = program_selectors.ProgramFilters(), str(exc), 400
    district = filters.district
    selected = {
        "district": district.code if district else "",
        "category": filters.category or "",
        "kind": filters.kind or "",
    }
    districts = all_districts()
    query = urlencode({k: v for k, v in selected.items() if v})
    district_links = [
        (d, "?" + urlencode({k: v for k, v in {**selected, "district": d.code}.items() if v})) for d in districts
    ]
    bounds = boundaries.SEOUL_BOUNDS
    config = {
        "urls": {
            "geojson": reverse("api:districts_geojson"),
            "markers": reverse("geo:markers"),
            "nearby": reverse("geo:nearby"),
        },
        "tileUrl": settings.ANSHIM_MAP_TILE_URL,
        "tileAttribution": settings.ANSHIM_MAP_TILE_ATTRIBUTION,
        "initial": selected,
        "districts": {d.code: d.name for d in districts},
        "seoulBounds": [[bounds["min_lat"], bounds["min_lon"]], [bounds["max_lat"], bounds["max_lon"]]],
        "messages": _messages(),
    }
    context = {
        "error": error,
        "selected": selected,
        "selected_district": district,
        "districts": districts,
        "district_links": district_links,
        "list_url": reverse("programs:program-list") + (f"?{query}" if query else ""),
        "categories": Category.choices,
        "kinds": ProgramKind.choices,
        "radius_choices": [(r, format_distance(r)) for r in RADIUS_CHOICES_M],
        "radius_default": RADIUS_DEFAULT_M,
        "map_config": config,
    }
    return render(request, "geo/map.html", context, status=status)
