"""The policy finder: filters on the page and in the API give the same, shareable results."""

import pytest

from anshim.catalog.choices import Category, Sex
from anshim.catalog.tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return {
        "city_youth": PolicyFactory(
            title="청년 월세지원", category=Category.HOUSING, min_age=19, max_age=39, summary="청년 1인가구 월세 보조"
        ),
        "city_senior": PolicyFactory(title="어르신 건강관리", category=Category.HEALTH, min_age=65),
        "city_women": PolicyFactory(title="여성1인가구 안심홈세트", category=Category.SAFETY, sex=Sex.FEMALE),
        "gwanak": PolicyFactory(title="관악구 반찬 나눔", category=Category.LONELINESS, district_id="11620"),
        "mapo": PolicyFactory(title="마포구 집수리", category=Category.HOUSING, district_id="11440"),
        "hidden": PolicyFactory(title="게시 중지된 정책", is_published=False),
    }


def titles(response):
    return {p.title for p in response.context["page_obj"].object_list}


def test_district_shows_city_policies_and_its_own(client, catalogue):
    response = client.get("/policies/", {"district": "11620"})
    assert response.status_code == 200
    assert titles(response) == {"청년 월세지원", "어르신 건강관리", "여성1인가구 안심홈세트", "관악구 반찬 나눔"}


def test_district_accepts_korean_name(client, catalogue):
    assert titles(client.get("/policies/", {"district": "마포구"})) == {
        "청년 월세지원",
        "어르신 건강관리",
        "여성1인가구 안심홈세트",
        "마포구 집수리",
    }


def test_city_wide_shows_only_city_policies(client, catalogue):
    assert titles(client.get("/policies/", {"district": "city"})) == {
        "청년 월세지원",
        "어르신 건강관리",
        "여성1인가구 안심홈세트",
    }


def test_age_band_overlaps_policy_age_range(client, catalogue):
    in_twenties = titles(client.get("/policies/", {"age": "U29"}))
    assert "청년 월세지원" in in_twenties
    assert "어르신 건강관리" not in in_twenties
    sixties = titles(client.get("/policies/", {"age": "O60"}))
    assert "어르신 건강관리" in sixties and "청년 월세지원" not in sixties


def test_sex_filter_keeps_policies_for_everyone(client, catalogue):
    men = titles(client.get("/policies/", {"sex": "M"}))
    assert "여성1인가구 안심홈세트" not in men
    assert "청년 월세지원" in men
    assert "여성1인가구 안심홈세트" in titles(client.get("/policies/", {"sex": "F"}))


def test_filters_combine(client, catalogue):
    response = client.get("/policies/", {"district": "11440", "category": "HOUSING", "age": "A2039"})
    assert titles(response) == {"청년 월세지원", "마포구 집수리"}
    assert "주거" in response.content.decode()


def test_keyword(client, catalogue):
    assert titles(client.get("/policies/", {"q": "월세"})) == {"청년 월세지원"}


def test_unpublished_policy_is_neither_listed_nor_shown(client, catalogue):
    assert "게시 중지된 정책" not in titles(client.get("/policies/"))
    assert client.get(f"/policies/{catalogue['hidden'].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"district": "부산진구"}, "알 수 없는 자치구"),
        ({"age": "70s"}, "연령대"),
        ({"sex": "X"}, "성별"),
        ({"category": "FOOD"}, "분야"),
        ({"q": "가" * 101}, "100자"),
        ({"page": "abc"}, "페이지 번호"),
    ],
)
def test_bad_filter_values_get_a_korean_message_and_400(client, catalogue, params, message):
    response = client.get("/policies/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_page_past_the_end_is_404(client, catalogue):
    assert client.get("/policies/", {"page": "99"}).status_code == 404


def test_paging_keeps_filters_in_links(client):
    for i in range(15):
        PolicyFactory(title=f"안전 정책 {i:02d}", category=Category.SAFETY)
    response = client.get("/policies/", {"category": "SAFETY"})
    page = response.context["page_obj"]
    assert page.paginator.count == 15 and len(page.object_list) == 12
    assert "category=SAFETY&amp;page=2" in response.content.decode()
    second = client.get("/policies/", {"category": "SAFETY", "page": "2"})
    assert len(second.context["page_obj"].object_list) == 3


def test_detail_shows_what_a_citizen_needs(client, catalogue):
    policy = catalogue["gwanak"]
    html = client.get(f"/policies/{policy.pk}/").content.decode()
    for text in ("관악구 반찬 나눔", "지원대상", "지원내용", "신청방법", "관악구", policy.contact, "관련 참여프로그램"):
        assert text in html


def test_detail_lists_linked_programmes(client, catalogue):
    from anshim.programs.tests.factories import ProgramFactory

    policy = catalogue["gwanak"]
    ProgramFactory(title="관악 반찬 만들기 교실", policy=policy)
    assert "관악 반찬 만들기 교실" in client.get(f"/policies/{policy.pk}/").content.decode()


class TestApi:
    def test_same_filters_as_the_page(self, client, catalogue):
        body = client.get("/api/policies", {"district": "11620", "category": "LONELINESS"}).json()
        assert body["count"] == 1
        assert body["results"][0]["title"] == "관악구 반찬 나눔"
        assert body["results"][0]["provider"] == "관악구"
        assert body["results"][0]["district"] == {"code": "11620", "name": "관악구"}

    def test_city_policy_has_no_district(self, client, catalogue):
        result = client.get(f"/api/policies/{catalogue['city_youth'].pk}").json()
        assert result["district"] is None and result["provider"] == "서울시"
        assert result["min_age"] == 19 and result["category_label"] == "주거"

    def test_unknown_district_is_422_in_korean(self, client, catalogue):
        response = client.get("/api/policies", {"district": "99999"})
        assert response.status_code == 422
        assert "알 수 없는 자치구" in response.json()["detail"]

    def test_limit_out_of_range_is_422_in_korean(self, client, catalogue):
        response = client.get("/api/policies", {"limit": "abc"})
        assert response.status_code == 422
        assert "limit" in response.json()["detail"] and "정수" in response.json()["detail"]

    def test_unknown_and_unpublished_ids_are_404(self, client, catalogue):
        assert client.get("/api/policies/999999").status_code == 404
        response = client.get(f"/api/policies/{catalogue['hidden'].pk}")
        assert response.status_code == 404 and "찾을 수 없습니다" in response.json()["detail"]

    def test_paging(self, client, catalogue):
        body = client.get("/api/policies", {"limit": 2, "offset": 1}).json()
        assert body["count"] == 5 and len(body["results"]) == 2


@pytest.mark.parametrize("keyword", ["병원동행", "병원 동행", "병원동행을"])
def test_keyword_understands_korean_spacing_and_particles(client, catalogue, keyword):
    PolicyFactory(
        title="병원 안심동행", category=Category.HEALTH, summary="혼자 병원 가기 어려울 때 동행매니저가 함께합니다"
    )
    assert titles(client.get("/policies/", {"q": keyword})) == {"병원 안심동행"}
