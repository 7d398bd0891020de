"""Search over the database: recall for Korean variants, ranking, and index upkeep."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from anshim.catalog import search as search_module
from anshim.catalog.indexing import reindex_all
from anshim.catalog.models import SearchDocument
from anshim.catalog.search import SearchQueryError, search
from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.models import Notice
from anshim.content.tests.factories import NoticeFactory, TipFactory
from anshim.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def titles(query: str, kind: str | None = None) -> list[str]:
    results = search(query, kind=kind)
    return [hit.title for hit in results[: len(results)]]


@pytest.fixture
def policies():
    return {
        "companion": PolicyFactory(
            title="병원 안심동행",
            summary="혼자 병원에 가기 어려운 1인가구에 동행 매니저를 보내 드립니다.",
            benefit="시간당 5,000원",
        ),
        "rent": PolicyFactory(
            title="청년 월세지원",
            summary="만 19~39세 청년 1인가구의 주거비 부담을 덜어 드립니다.",
            benefit="월 20만 원, 최대 10개월",
        ),
        "doorguard": PolicyFactory(
            title="1인가구 도어지킴이",
            summary="1인가구 안전을 위해 현관 보안 장비 설치를 지원합니다.",
            benefit="월 이용료 9,900원 중 8,900원 지원",
        ),
        "voucher": PolicyFactory(
            title="서울형 주택바우처",
            summary="저소득 임차가구에 주거비를 보조합니다.",
        ),
        "iot": PolicyFactory(
            title="AI·IoT 어르신 건강관리",
            summary="스마트 기기로 어르신의 건강을 살핍니다.",
        ),
    }


@pytest.mark.parametrize("query", ["병원동행", "병원 동행", "병원동행을"])
def test_spacing_and_particles_do_not_matter(policies, query):
    assert titles(query)[0] == "병원 안심동행"


def test_a_word_inside_a_compound_title_is_found(policies):
    assert titles("월세") == ["청년 월세지원"]


def test_spaced_query_finds_unspaced_text(policies):
    assert titles("1인 가구 안전")[0] == "1인가구 도어지킴이"


@pytest.mark.parametrize("query", ["도어지킴이를", "도어 지킴이", "지킴이"])
def test_particles_and_spacing_in_the_middle_of_a_name(policies, query):
    assert titles(query) == ["1인가구 도어지킴이"]


def test_english_and_numbers(policies):
    assert titles("iot") == titles("IoT") == ["AI·IoT 어르신 건강관리"]
    assert titles("9900원") == ["1인가구 도어지킴이"]


def test_a_query_with_no_match_returns_nothing(policies):
    results = search("우주여행")
    assert len(results) == 0
    assert results.total == 0


def test_title_match_outranks_body_mentions():
    PolicyFactory(
        title="생활 지원 안내",
        summary="마음상담을 받을 수 있는 곳: 마음상담 센터, 마음상담 전화, 마음상담 앱.",
    )
    PolicyFactory(title="마음상담", summary="전문 상담사가 이야기를 들어 드립니다.")
    assert titles("마음상담") == ["마음상담", "생활 지원 안내"]


def test_every_query_word_must_match_before_partial_results_are_shown(policies):
    full = search("청년 월세")
    assert not full.partial and [h.title for h in full[:5]] == ["청년 월세지원"]
    partial = search("청년 우주여행")
    assert partial.partial
    assert [h.title for h in partial[:5]] == ["청년 월세지원"]


def test_results_carry_highlighted_title_and_snippet(policies):
    hit = search("병원동행")[:1][0]
    assert hit.title_html == "<mark>병원</mark> 안심<mark>동행</mark>"
    assert "<mark>병원</mark>" in hit.snippet_html
    assert hit.url == policies["companion"].get_absolute_url()
    assert hit.kind == "policy" and hit.kind_label == "지원제도"


def test_stored_markup_is_escaped_in_results():
    NoticeFactory(title="<script>alert(1)</script> 월세 안내", body="<img src=x onerror=alert(2)> 월세 신고 방법")
    hit = search("월세")[:1][0]
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<img" not in hit.snippet_html and "<mark>월세</mark>" in hit.snippet_html


def test_kind_filter_and_counts():
    PolicyFactory(title="1인가구 마음건강 지원")
    ProgramFactory(title="1인가구 마음건강 소모임")
    ProgramFactory(title="마음건강 걷기 모임")
    TipFactory(title="마음건강 지키는 생활 습관")
    results = search("마음건강", kind="program")
    assert results.counts == {"policy": 1, "program": 2, "tip": 1, "notice": 0}
    assert results.total == 4
    assert len(results) == 2
    assert {hit.kind for hit in results[:10]} == {"program"}


def test_bad_queries_raise_korean_errors():
    with pytest.raises(SearchQueryError, match="검색어를 입력해 주세요"):
        search("   ")
    with pytest.raises(SearchQueryError, match="100자 이내"):
        search("가" * 101)
    with pytest.raises(SearchQueryError, match="검색 분류"):
        search("월세", kind="faq")


def test_saving_unpublishing_and_deleting_update_results():
    policy = PolicyFactory(title="이웃살피미")
    assert titles("살피미") == ["이웃살피미"]

    policy.title = "우리동네 이웃살피미"
    policy.save()
    assert titles("이웃살피미") == ["우리동네 이웃살피미"]

    policy.is_published = False
    policy.save()
    assert titles("이웃살피미") == []

    policy.is_published = True
    policy.save()
    assert titles("이웃살피미") == ["우리동네 이웃살피미"]

    policy.delete()
    assert titles("이웃살피미") == []
    assert not SearchDocument.objects.exists()


def test_programmes_tips_and_notices_are_indexed_and_removed():
    program = ProgramFactory(title="1인가구 요리교실")
    tip = TipFactory(title="혼밥 요리 꿀팁")
    notice = NoticeFactory(title="요리교실 참가자 모집 안내")
    assert set(titles("요리")) == {"1인가구 요리교실", "혼밥 요리 꿀팁", "요리교실 참가자 모집 안내"}
    program.delete()
    tip.is_published = False
    tip.save()
    notice.delete()
    assert titles("요리") == []


def test_programme_body_includes_its_district():
    ProgramFactory(title="주말 등산 모임")
    assert titles("관악구 등산") == ["주말 등산 모임"]


def test_notices_dated_in_the_future_are_not_indexed():
    NoticeFactory(title="다음 달 월세 안내", published_at=timezone.now() + datetime.timedelta(days=3))
    assert titles("월세") == []


def test_saves_that_touch_no_searched_field_skip_reanalysis():
    policy = PolicyFactory(title="청년 월세지원")
    before = SearchDocument.objects.get().updated_at
    policy.featured = True
    policy.save(update_fields=["featured"])
    assert SearchDocument.objects.get().updated_at == before
    policy.title = "청년 월세 한시 특별지원"
    policy.save(update_fields=["title"])
    assert SearchDocument.objects.get().title == "청년 월세 한시 특별지원"


def test_reindex_all_rebuilds_from_published_items(policies):
    ProgramFactory(title="동행 걷기")
    TipFactory(title="병원 갈 때 챙길 것")
    NoticeFactory(title="비공개 공지", is_published=False)
    SearchDocument.objects.all().delete()
    assert titles("동행") == []

    counts = reindex_all(batch_size=3)

    assert counts == {"policy": 5, "program": 1, "tip": 1, "notice": 0}
    assert set(titles("동행")) == {"병원 안심동행", "동행 걷기"}
    assert titles("병원동행")[0] == "병원 안심동행"
    # Batch analysis stores the same terms as saving one by one.
    stored = SearchDocument.objects.get(title="1인가구 도어지킴이")
    assert stored.body_terms == " ".join(search_module.document_terms(stored.body))


def test_rebuild_command_reports_counts_in_korean(policies):
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "검색 색인을 다시 만들었습니다" in out.getvalue()
    assert "지원제도 5건" in out.getvalue()
    assert titles("월세") == ["청년 월세지원"]


def test_queries_analyse_only_the_query_text(policies, monkeypatch):
    search("월세")  # warm the index
    kiwi = search_module.get_kiwi()
    analysed: list[str] = []

    class CountingKiwi:
        def tokenize(self, text, **kwargs):
            analysed.append(text)
            return kiwi.tokenize(text, **kwargs)

    monkeypatch.setattr(search_module, "get_kiwi", CountingKiwi)
    search_module.plan_query.cache_clear()
    PolicyFactory(title="고독사 예방 이웃 돌봄")  # indexing analyses this one item
    analysed.clear()
    assert titles("이웃 돌봄") == ["고독사 예방 이웃 돌봄"]
    assert analysed == ["이웃 돌봄"]


def test_unpublished_notice_is_not_found():
    NoticeFactory(title="월세 신고 안내", is_published=False)
    assert titles("월세") == []
    assert not SearchDocument.objects.filter(kind=SearchDocument.Kind.NOTICE).exists()
    assert Notice.objects.count() == 1


def test_deferred_block_indexes_everything_once_at_its_end():
    from anshim.catalog import indexing
    from anshim.catalog.models import SearchDocument
    from anshim.catalog.tests.factories import PolicyFactory

    with indexing.deferred():
        first = PolicyFactory(title="청년 월세지원")
        PolicyFactory(title="병원 안심동행")
        assert not SearchDocument.objects.exists()
    assert SearchDocument.objects.count() == 2
    # After the block, saves index at once again.
    first.title = "청년 월세 한시 특별지원"
    first.save()
    assert SearchDocument.objects.get(object_id=first.pk).title == "청년 월세 한시 특별지원"


def test_deferred_block_that_fails_indexes_nothing():
    from anshim.catalog import indexing
    from anshim.catalog.models import SearchDocument
    from anshim.catalog.tests.factories import PolicyFactory

    with pytest.raises(RuntimeError), indexing.deferred():
        PolicyFactory(title="청년 월세지원")
        raise RuntimeError("import refused")
    assert not SearchDocument.objects.exists()
