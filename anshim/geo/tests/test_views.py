import datetime
import json

import pytest
from django.urls import reverse

from anshim.catalog.choices import Category
from anshim.geo.tests.test_nearby import GWANAK_OFFICE, offset
from anshim.programs.models import ProgramKind
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db

MAPO_OFFICE = (37.5663, 126.9019)


@pytest.fixture
def places():
    lat, lon = GWANAK_OFFICE
    today = datetime.date.today()
    return {
        "gwanak_center": CenterFactory(name="관악구 1인가구지원센터", district_id="11620"),
        "mapo_center": CenterFactory(
            name="마포구 1인가구지원센터", district_id="11440", latitude=MAPO_OFFICE[0], longitude=MAPO_OFFICE[1]
        ),
        "safety_group": ProgramFactory(
            title="안심 귀갓길 소모임", category=Category.SAFETY, kind=ProgramKind.GROUP, latitude=lat, longitude=lon
        ),
        "cooking": ProgramFactory(title="함께 요리 교실", latitude=offset(lat, lon, north_m=900)[0], longitude=lon),
        "mapo": ProgramFactory(
            title="마포 산책 모임", district_id="11440", latitude=MAPO_OFFICE[0], longitude=MAPO_OFFICE[1]
        ),
        "hidden": ProgramFactory(title="비공개 프로그램", is_published=False, latitude=lat, longitude=lon),
        "ended": ProgramFactory(
            title="지난 프로그램",
            latitude=lat,
            longitude=lon,
            starts_on=today - datetime.timedelta(days=60),
            ends_on=today - datetime.timedelta(days=1),
            recruit_start=today - datetime.timedelta(days=90),
            recruit_end=today - datetime.timedelta(days=70),
        ),
    }


def markers(client, **params):
    return client.get(reverse("geo:markers"), params)


def test_markers_show_published_running_programmes_and_all_centres(client, places):
    response = markers(client)
    assert response.status_code == 200
    data = response.json()
    assert {p["title"] for p in data["programs"]} == {"안심 귀갓길 소모임", "함께 요리 교실", "마포 산책 모임"}
    assert {c["name"] for c in data["centers"]} == {"관악구 1인가구지원센터", "마포구 1인가구지원센터"}
    group = next(p for p in data["programs"] if p["title"] == "안심 귀갓길 소모임")
    assert group == {
        "id": places["safety_group"].pk,
        "title": "안심 귀갓길 소모임",
        "lat": GWANAK_OFFICE[0],
        "lon": GWANAK_OFFICE[1],
        "kind": "GROUP",
        "kind_label": "소모임",
        "category": "SAFETY",
        "category_label": "안전",
        "district": "관악구",
        "status": "OPEN",
        "status_label": "모집중",
        "url": f"/programs/{places['safety_group'].pk}/",
    }


def test_markers_filter_by_district_code_name_or_slug(client, places):
    for value in ("11440", "마포구", "mapo"):
        data = markers(client, district=value).json()
        assert [p["title"] for p in data["programs"]] == ["마포 산책 모임"]
        assert [c["name"] for c in data["centers"]] == ["마포구 1인가구지원센터"]
        assert data["district"] == {"code": "11440", "name": "마포구"}


def test_markers_filter_by_category_and_kind_keep_centres_of_the_district(client, places):
    data = markers(client, district="11620", category="SAFETY", kind="GROUP").json()
    assert [p["title"] for p in data["programs"]] == ["안심 귀갓길 소모임"]
    assert [c["name"] for c in data["centers"]] == ["관악구 1인가구지원센터"]
    assert markers(client, category="HOUSING").json()["programs"] == []


@pytest.mark.parametrize(
    ("params", "field", "start"),
    [
        ({"district": "부산진구"}, "district", "알 수 없는 자치구입니다"),
        ({"category": "FOOD"}, "category", "분야 값 'FOOD'"),
        ({"kind": "PARTY"}, "kind", "유형 값 'PARTY'"),
    ],
)
def test_markers_bad_filters_are_400_in_korean(client, places, params, field, start):
    response = markers(client, **params)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["detail"].startswith(start)


def nearby(client, **params):
    return client.get(reverse("geo:nearby"), params)


def test_nearby_lists_programmes_by_distance_across_districts(client, places):
    lat, lon = offset(*GWANAK_OFFICE, north_m=300)
    data = nearby(client, lat=lat, lon=lon).json()
    assert [(p["title"], p["distance_m"], p["distance_label"]) for p in data["programs"]] == [
        ("안심 귀갓길 소모임", 300, "300 m"),
        ("함께 요리 교실", 600, "600 m"),
    ]
    assert data["origin"]["district"] == "관악구"
    assert data["origin"]["dong"] == "봉천동"
    assert data["radius"] == 2000 and data["radius_label"] == "2.0 km"
    assert data["programs"][0]["url"] == places["safety_group"].get_absolute_url()


def test_nearby_radius_and_filters_narrow_the_list(client, places):
    lat, lon = GWANAK_OFFICE
    assert [p["title"] for p in nearby(client, lat=lat, lon=lon, radius=500).json()["programs"]] == [
        "안심 귀갓길 소모임"
    ]
    assert [p["title"] for p in nearby(client, lat=lat, lon=lon, category="LONELINESS").json()["programs"]] == [
        "함께 요리 교실"
    ]
    assert nearby(client, lat=lat, lon=lon, kind="EVENT").json()["programs"] == []
    # The whole city is within 20 km of 관악구청, 마포 included.
    assert len(nearby(client, lat=lat, lon=lon, radius=20000).json()["programs"]) == 3


def test_nearby_returns_at_most_30_programmes(client):
    lat, lon = GWANAK_OFFICE
    for i in range(35):
        ProgramFactory(latitude=offset(lat, lon, north_m=10 * i)[0], longitude=lon)
    data = nearby(client, lat=lat, lon=lon).json()
    assert len(data["programs"]) == 30
    distances = [p["distance_m"] for p in data["programs"]]
    assert distances == sorted(distances) and distances[-1] == 290


@pytest.mark.parametrize(
    ("params", "field", "start"),
    [
        ({"lon": "126.95"}, "lat", "위도(lat) 값을 입력하세요"),
        ({"lat": "37.47", "lon": ""}, "lon", "경도(lon) 값을 입력하세요"),
        ({"lat": "북쪽", "lon": "126.95"}, "lat", "위도(lat)는 숫자여야 합니다"),
        ({"lat": "nan", "lon": "126.95"}, "lat", "위도(lat)는 숫자여야 합니다"),
        ({"lat": "37.47", "lon": "1e999"}, "lon", "경도(lon)는 숫자여야 합니다"),
        ({"lat": "35.1796", "lon": "129.0756"}, "lat", "서울시 밖의 좌표입니다"),
        ({"lat": "37.47", "lon": "126.95", "radius": "99"}, "radius", "반경(radius)은 100~20,000 m"),
        ({"lat": "37.47", "lon": "126.95", "radius": "20001"}, "radius", "반경(radius)은 100~20,000 m"),
        ({"lat": "37.47", "lon": "126.95", "radius": "넓게"}, "radius", "반경(radius)는 숫자여야 합니다"),
        ({"lat": "37.47", "lon": "126.95", "category": "FOOD"}, "category", "분야 값"),
    ],
)
def test_nearby_bad_input_is_400_in_korean(client, params, field, start):
    response = nearby(client, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert body["detail"].startswith(start)


def test_nearby_accepts_the_radius_limits(client, places):
    lat, lon = GWANAK_OFFICE
    assert nearby(client, lat=lat, lon=lon, radius="100").status_code == 200
    assert nearby(client, lat=lat, lon=lon, radius="20000").status_code == 200


def test_json_views_refuse_post(client):
    assert client.post(reverse("geo:markers")).status_code == 405
    assert client.post(reverse("geo:nearby")).status_code == 405


def test_map_page_renders_filters_and_district_links(client, places):
    response = client.get(reverse("geo:map"), {"district": "11620", "category": "SAFETY", "kind": "GROUP"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "선택한 자치구: 관악구" in html
    assert '<option value="11620" selected>관악구</option>' in html
    assert '<option value="SAFETY" selected>안전</option>' in html
    assert '<option value="GROUP" selected>소모임</option>' in html
    # District links keep the other filters so a shared link shows the same view.
    assert 'href="?district=11440&amp;category=SAFETY&amp;kind=GROUP"' in html
    assert 'href="/programs/?district=11620&amp;category=SAFETY&amp;kind=GROUP"' in html
    assert (
        '<a href="?district=11620&amp;category=SAFETY&amp;kind=GROUP" data-district="11620" aria-current="true">'
        in html
    )
    # Configuration travels as JSON data, never as inline code (the CSP will forbid that).
    opening = '<script id="map-config" type="application/json">'
    assert "<script>" not in html
    config = json.loads(html.split(opening, 1)[1].split("</script>", 1)[0])
    assert config["initial"] == {"district": "11620", "category": "SAFETY", "kind": "GROUP"}
    assert config["urls"] == {
        "geojson": "/api/districts/geojson",
        "markers": "/map/markers.json",
        "nearby": "/map/nearby.json",
    }
    assert config["tileUrl"] == ""
    assert len(config["districts"]) == 25


def test_map_page_with_unknown_district_explains_and_shows_the_whole_city(client):
    response = client.get(reverse("geo:map"), {"district": "해운대구"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "알 수 없는 자치구입니다: &#x27;해운대구&#x27;" in html
    assert "선택한 자치구: 서울시 전체" in html


def test_map_page_uses_the_configured_tile_server(client, settings):
    settings.ANSHIM_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(reverse("geo:map"))
    assert response.context["map_config"]["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png"
