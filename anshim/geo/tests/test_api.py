import json

import pytest

pytestmark = pytest.mark.django_db


def test_list_has_the_25_districts_with_label_points(client):
    response = client.get("/api/districts")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 25
    gwanak = next(d for d in data if d["code"] == "11620")
    assert gwanak["name"] == "관악구"
    assert gwanak["name_en"] == "Gwanak-gu"
    assert gwanak["single_households"] == 129_800
    assert 37.41 < gwanak["label_lat"] < 37.5 and 126.9 < gwanak["label_lon"] < 127.0
    assert [d["code"] for d in data] == sorted(d["code"] for d in data)


def test_geojson_is_served_as_a_feature_collection(client):
    response = client.get("/api/districts/geojson")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert "max-age" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert {f["properties"]["name"] for f in data["features"]} >= {"성북구", "도봉구", "노원구", "관악구"}
    assert len(data["features"]) == 25


def test_lookup_finds_district_and_dong(client):
    response = client.get("/api/districts/lookup", {"lat": "37.4784", "lon": "126.9516"})
    assert response.status_code == 200
    data = response.json()
    assert data["district"]["code"] == "11620"
    assert data["district"]["name"] == "관악구"
    assert data["dong"] == "봉천동"


@pytest.mark.parametrize(
    ("lat", "lon"), [("35.1796", "129.0756"), ("37.4292", "126.9876"), ("nan", "127"), ("37.5", "inf")]
)
def test_lookup_outside_seoul_is_400_in_korean(client, lat, lon):
    response = client.get("/api/districts/lookup", {"lat": lat, "lon": lon})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("서울시 밖의 좌표입니다")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lat": "abc", "lon": "127"}, "lat"),
        ({"lat": "37.5", "lon": "동쪽"}, "lon"),
        ({"lat": "37.5"}, "lon"),
        ({}, "lat"),
    ],
)
def test_lookup_bad_numbers_are_422_naming_the_field(client, params, field):
    response = client.get("/api/districts/lookup", params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("입력값이 올바르지 않습니다")
    assert field in {e["field"] for e in body["errors"]}


def test_detail_lists_the_dongs(client):
    response = client.get("/api/districts/11620")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "관악구"
    assert data["dongs"] == ["남현동", "봉천동", "신림동"]
    assert data["label_lat"] and data["label_lon"]


@pytest.mark.parametrize("code", ["99999", "gwanak", "1162", "관악구", "11620%00", "%20"])
def test_detail_of_an_unknown_code_is_404_in_korean(client, code):
    response = client.get(f"/api/districts/{code}")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("자치구를 찾을 수 없습니다")


def test_districts_appear_in_the_openapi_schema_under_their_tag(client):
    schema = client.get("/api/openapi.json").json()
    paths = {path: ops for path, ops in schema["paths"].items() if path.startswith("/api/districts")}
    assert set(paths) == {"/api/districts", "/api/districts/geojson", "/api/districts/lookup", "/api/districts/{code}"}
    assert all(op["tags"] == ["자치구"] for ops in paths.values() for op in ops.values())
