"""Near-search over models with ``latitude``/``longitude`` float fields (Program, Center).

The database narrows the rows with an indexed bounding box and returns only (pk, lat, lon);
exact great-circle distances are computed in Python and only the winners are loaded.
Longitude wrap-around at ±180° is not handled: every point we search lies in Seoul.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.db.models import Model, QuerySet

# Mean Earth radius (IUGG), the usual choice for haversine distances.
EARTH_RADIUS_M = 6_371_008.8
# About a centimetre of slack, more than the edge tolerance below, so the box never drops
# a point that the exact test would keep.
_BOX_MARGIN_DEG = 1e-7
# A point on the circle counts as inside; a millimetre absorbs the rounding of degrees.
_EDGE_TOLERANCE_M = 1e-3


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """``(min_lat, max_lat, min_lon, max_lon)`` of a box containing the whole circle.

    The longitude half-width is the exact extreme of the circle, asin(sin(r/R) / cos(lat)),
    which is slightly wider than the flat-earth (r/R) / cos(lat); the flat one would drop
    points near the circle's east and west edges.
    """
    if radius_m < 0:
        raise ValueError("반경은 0 이상이어야 합니다.")
    angular = radius_m / EARTH_RADIUS_M
    dlat = math.degrees(angular) + _BOX_MARGIN_DEG
    min_lat, max_lat = max(lat - dlat, -90.0), min(lat + dlat, 90.0)
    ratio = math.sin(min(angular, math.pi / 2)) / max(math.cos(math.radians(lat)), 1e-12)
    if ratio >= 1.0 or max_lat >= 90.0 or min_lat <= -90.0:
        return min_lat, max_lat, -180.0, 180.0
    dlon = math.degrees(math.asin(ratio)) + _BOX_MARGIN_DEG
    return min_lat, max_lat, max(lon - dlon, -180.0), min(lon + dlon, 180.0)


def nearest(
    rows: Iterable[tuple[int, float, float]], lat: float, lon: float, radius_m: float, limit: int | None = None
) -> list[tuple[int, float]]:
    """``(pk, distance)`` of the rows within the radius, nearest first (ties by pk)."""
    hits = []
    cutoff = radius_m + _EDGE_TOLERANCE_M
    for pk, p_lat, p_lon in rows:
        distance = haversine_m(lat, lon, p_lat, p_lon)
        if distance <= cutoff:
            hits.append((distance, pk))
    hits.sort()
    if limit is not None:
        hits = hits[: max(limit, 0)]
    return [(pk, distance) for distance, pk in hits]


def distances_within(
    queryset: QuerySet, lat: float, lon: float, radius_m: float, limit: int | None = None
) -> list[tuple[int, float]]:
    """``(pk, distance)`` of the rows within ``radius_m`` metres, nearest first (ties by pk).

    Only pks and coordinates leave the database, so counting the hits is cheap even when
    the caller will load just one page of them (see ``load_in_order``).
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_m)
    rows = queryset.filter(
        latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon
    ).values_list("pk", "latitude", "longitude")
    return nearest(rows.order_by(), lat, lon, radius_m, limit)


def load_in_order(queryset: QuerySet, hits: list[tuple[int, float]]) -> list[tuple[Model, float]]:
    """The objects of ``hits`` (from ``distances_within``) in the same order, with their distance."""
    if not hits:
        return []
    objects = queryset.order_by().in_bulk([pk for pk, _ in hits])
    # A row deleted between the two queries is simply left out.
    return [(objects[pk], distance) for pk, distance in hits if pk in objects]


def within_radius(
    queryset: QuerySet, lat: float, lon: float, radius_m: float, limit: int | None = None
) -> list[tuple[Model, float]]:
    """Objects of ``queryset`` within ``radius_m`` metres of the point, with their distance.

    Sorted by distance, then pk, and cut at ``limit``. The queryset's own filters,
    ``select_related`` and ``only`` apply to the loaded objects.
    """
    return load_in_order(queryset, distances_within(queryset, lat, lon, radius_m, limit))


def format_distance(distance_m: float) -> str:
    """Distance as people read it: "350 m" under a kilometre, else "1.2 km"."""
    metres = round(distance_m)
    if metres < 1000:
        return f"{metres:d} m"
    return f"{distance_m / 1000:.1f} km"
