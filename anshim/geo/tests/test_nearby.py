import math

import pytest

from anshim.geo.nearby import (
    EARTH_RADIUS_M,
    bounding_box,
    format_distance,
    haversine_m,
    nearest,
    within_radius,
)
from anshim.programs.models import Center, Program
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

CITY_HALL = (37.5665, 126.9780)
GWANAK_OFFICE = (37.4784, 126.9516)


def offset(lat: float, lon: float, north_m: float = 0.0, east_m: float = 0.0) -> tuple[float, float]:
    """A point the given metres north/east of (lat, lon) on a sphere (exact along meridians)."""
    new_lat = lat + math.degrees(north_m / EARTH_RADIUS_M)
    new_lon = lon + math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return new_lat, new_lon


def test_distance_from_city_hall_to_gwanak_office_is_about_10_km():
    assert haversine_m(*CITY_HALL, *GWANAK_OFFICE) == pytest.approx(10_070, abs=100)


def test_distance_is_symmetric_and_zero_for_the_same_point():
    assert haversine_m(*CITY_HALL, *CITY_HALL) == 0
    assert haversine_m(*CITY_HALL, *GWANAK_OFFICE) == pytest.approx(haversine_m(*GWANAK_OFFICE, *CITY_HALL))


def test_one_degree_of_latitude_is_about_111_km():
    assert haversine_m(37.0, 127.0, 38.0, 127.0) == pytest.approx(111_195, abs=5)


def test_bounding_box_contains_the_circle_edges():
    lat, lon = CITY_HALL
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, 2000)
    for north, east in [(2000, 0), (-2000, 0)]:
        p_lat, _ = offset(lat, lon, north, east)
        assert min_lat <= p_lat <= max_lat
    # The widest point of the circle is slightly north of the centre's parallel.
    for bearing in range(0, 360, 5):
        b = math.radians(bearing)
        d = 2000 / EARTH_RADIUS_M
        phi = math.asin(
            math.sin(math.radians(lat)) * math.cos(d) + math.cos(math.radians(lat)) * math.sin(d) * math.cos(b)
        )
        lam = math.radians(lon) + math.atan2(
            math.sin(b) * math.sin(d) * math.cos(math.radians(lat)),
            math.cos(d) - math.sin(math.radians(lat)) * math.sin(phi),
        )
        assert min_lat <= math.degrees(phi) <= max_lat
        assert min_lon <= math.degrees(lam) <= max_lon
    assert max_lat - min_lat == pytest.approx(2 * math.degrees(2000 / EARTH_RADIUS_M), abs=1e-6)


def test_bounding_box_of_a_huge_radius_spans_all_longitudes():
    assert bounding_box(89.0, 0.0, 500_000)[2:] == (-180.0, 180.0)


def test_negative_radius_is_refused():
    with pytest.raises(ValueError):
        bounding_box(37.5, 127.0, -1)


def test_nearest_keeps_the_edge_sorts_and_breaks_ties_by_pk():
    lat, lon = CITY_HALL
    rows = [
        (5, *offset(lat, lon, north_m=500)),
        (2, *offset(lat, lon, north_m=500)),
        (9, *offset(lat, lon, east_m=100)),
        (3, *offset(lat, lon, north_m=1000)),
        (4, *offset(lat, lon, north_m=1001)),
    ]
    hits = nearest(rows, lat, lon, 1000)
    assert [pk for pk, _ in hits] == [9, 2, 5, 3]
    assert hits[-1][1] == pytest.approx(1000, abs=0.01)
    assert [pk for pk, _ in nearest(rows, lat, lon, 1000, limit=2)] == [9, 2]
    assert nearest(rows, lat, lon, 1000, limit=0) == []


@pytest.mark.parametrize(
    ("metres", "text"),
    [(0, "0 m"), (349.6, "350 m"), (999.4, "999 m"), (999.6, "1.0 km"), (1234, "1.2 km"), (20_000, "20.0 km")],
)
def test_format_distance(metres, text):
    assert format_distance(metres) == text


@pytest.mark.django_db
def test_within_radius_returns_objects_sorted_by_distance_then_pk():
    lat, lon = GWANAK_OFFICE
    far = ProgramFactory(title="far", latitude=offset(lat, lon, north_m=3000)[0], longitude=lon)
    near = ProgramFactory(title="near", latitude=offset(lat, lon, north_m=200)[0], longitude=lon)
    twin_a = ProgramFactory(title="twin-a", latitude=offset(lat, lon, north_m=-700)[0], longitude=lon)
    twin_b = ProgramFactory(title="twin-b", latitude=twin_a.latitude, longitude=lon)
    mid_lat, mid_lon = offset(lat, lon, east_m=1500)
    mid = ProgramFactory(title="mid", latitude=mid_lat, longitude=mid_lon)

    hits = within_radius(Program.objects.all(), lat, lon, 2000)
    assert [p.title for p, _ in hits] == ["near", "twin-a", "twin-b", "mid"]
    assert [round(d) for _, d in hits] == [200, 700, 700, 1500]
    assert far not in [p for p, _ in hits]
    assert [p.pk for p, _ in within_radius(Program.objects.all(), lat, lon, 2000, limit=2)] == [near.pk, twin_a.pk]
    assert twin_b.pk > twin_a.pk and mid.pk


@pytest.mark.django_db
def test_within_radius_honours_the_queryset_filters_and_works_for_centers():
    lat, lon = GWANAK_OFFICE
    ProgramFactory(title="hidden", is_published=False, latitude=lat, longitude=lon)
    shown = ProgramFactory(title="shown", latitude=lat, longitude=lon)
    assert [p for p, _ in within_radius(Program.objects.filter(is_published=True), lat, lon, 100)] == [shown]

    center = CenterFactory(latitude=lat, longitude=lon)
    CenterFactory(latitude=offset(lat, lon, north_m=5000)[0], longitude=lon)
    assert within_radius(Center.objects.all(), lat, lon, 1000) == [(center, 0.0)]


@pytest.mark.django_db
def test_within_radius_with_nothing_near_is_empty():
    ProgramFactory(latitude=37.65, longitude=127.05)
    assert within_radius(Program.objects.all(), *GWANAK_OFFICE, 1000) == []


@pytest.mark.django_db
def test_within_radius_uses_two_queries_whatever_the_number_of_hits(django_assert_num_queries):
    lat, lon = GWANAK_OFFICE
    for i in range(20):
        ProgramFactory(latitude=offset(lat, lon, north_m=i * 50)[0], longitude=lon)
    with django_assert_num_queries(2):
        hits = within_radius(Program.objects.all(), lat, lon, 2000, limit=10)
    assert len(hits) == 10
