"""GET /api/search: results, paging and Korean errors for bad input."""

import pytest

from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.tests.factories import NoticeFactory, TipFactory
from anshim.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

URL = "/api/search"


@pytest.fixture
def items():
    PolicyFactory(title="병원 안심동행", summary="혼자 병원에 가기 어려운 분께 동행 매니저를 보내 드립니다.")
    ProgramFactory(title="병원 동행 봉사자 교육")
    TipFactory(title="병원 갈 때 챙길 것", summary="신분증과 복용 중인 약 목록을 챙기세요.")
    NoticeFactory(title="<b>병원동행</b> 서비스 운영 시간 변경", body="평일 07시부터 20시까지 병원동행을 운영합니다.")


def test_search_returns_ranked_highlighted_results(client, items):
    response = client.get(URL, {"q": "병원동행"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    first = data["results"][0]
    assert set(first) == {"kind", "id", "title", "url", "snippet", "score", "title_html"}
    assert [r["kind"] for r in data["results"]].count("tip") == 0
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all("<mark>" in r["title_html"] for r in data["results"])


def test_stored_markup_is_escaped(client, items):
    data = client.get(URL, {"q": "병원동행", "kind": "notice"}).json()
    [notice] = data["results"]
    assert notice["title"] == "<b>병원동행</b> 서비스 운영 시간 변경"
    assert notice["title_html"] == "&lt;b&gt;<mark>병원동행</mark>&lt;/b&gt; 서비스 운영 시간 변경"
    assert "<mark>병원동행</mark>" in notice["snippet"]


def test_kind_limit_and_offset(client, items):
    data = client.get(URL, {"q": "병원", "kind": "program"}).json()
    assert data["count"] == 1 and data["results"][0]["kind"] == "program"
    everything = client.get(URL, {"q": "병원"}).json()
    assert everything["count"] == 4
    page = client.get(URL, {"q": "병원", "limit": 2, "offset": 2}).json()
    assert page["count"] == 4
    assert [r["id"] for r in page["results"]] == [r["id"] for r in everything["results"][2:4]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "값이 필요합니다"),
        ({"q": ""}, "검색어를 입력해 주세요"),
        ({"q": "   "}, "검색어를 입력해 주세요"),
        ({"q": "가" * 101}, "100자 이내"),
        ({"q": "월세", "kind": "faq"}, "검색 분류는 policy, program, tip, notice 중 하나"),
        ({"q": "월세", "limit": 0}, "limit"),
        ({"q": "월세", "limit": 51}, "limit"),
        ({"q": "월세", "limit": "열"}, "정수"),
        ({"q": "월세", "offset": -1}, "offset"),
    ],
)
def test_bad_input_is_a_422_in_korean(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_limit_bounds_are_inclusive(client, items):
    assert client.get(URL, {"q": "병원", "limit": 1}).json()["results"].__len__() == 1
    assert client.get(URL, {"q": "병원", "limit": 50}).status_code == 200


def test_empty_kind_means_every_kind(client, items):
    assert client.get(URL, {"q": "병원", "kind": ""}).json()["count"] == 4
