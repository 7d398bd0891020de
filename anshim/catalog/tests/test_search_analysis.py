"""The Korean analyser, query plans, highlighting and snippets (no database)."""

from anshim.catalog.search import document_terms, highlight, plan_query, snippet


def _terms(query: str) -> set[str]:
    return {unit.term for unit in plan_query(query).units}


def test_spacing_and_particles_do_not_change_the_query():
    assert _terms("병원동행") == _terms("병원 동행") == _terms("병원동행을") == {"병원", "동행"}


def test_particles_and_endings_are_dropped_from_documents():
    terms = document_terms("도어지킴이를 신청했어요")
    assert "도어" in terms and "지킴이" in terms and "신청" in terms
    assert not {"를", "었", "어요"} & set(terms)


def test_a_determiner_glued_to_a_noun_is_read_as_part_of_it():
    # Kiwi reads 안심동행 as 안심 + 동(determiner) + 행; the index holds 동행.
    terms = document_terms("병원 안심동행")
    assert {"병원", "안심", "동행", "안심동행"} <= set(terms)
    assert "행" not in terms
    assert _terms("안심 동행") == _terms("안심동행") == {"안심", "동행"}


def test_single_word_compounds_are_also_indexed_by_syllable_pairs():
    # Kiwi keeps 이웃살피미 as one word; its bigrams let 살피미 find it.
    assert {"이웃살피미", "~이웃", "~살피", "~피미"} <= set(document_terms("이웃살피미"))
    assert plan_query("살피미").units[0].bigrams == ("~살피", "~피미")


def test_adjacent_nouns_are_also_indexed_joined():
    terms = document_terms("청년 월세지원과 병원동행서비스")
    assert {"월세", "지원", "월세지원", "병원동행", "동행서비스"} <= set(terms)


def test_spaced_and_unspaced_1in_gagu_share_their_words():
    assert {"1", "인", "가구"} <= set(document_terms("1인가구 안전"))
    assert _terms("1인 가구 안전") == {"1", "인", "가구", "안전"}


def test_english_is_lower_cased_and_numbers_lose_their_commas():
    terms = document_terms("AI·IoT 어르신 건강관리, 월 9,900원")
    assert {"ai", "iot", "어르신", "건강관리", "9900", "9900원"} <= set(terms)
    assert _terms("IOT") == _terms("ＩｏＴ") == {"iot"}
    assert _terms("9,900원") == {"9900"}


def test_verb_stems_only_add_score_unless_the_query_has_no_nouns():
    plan = plan_query("혼자 사는 집")
    required = {u.term for u in plan.units if u.required}
    assert required == {"집"}
    assert all(u.required for u in plan_query("아파요").units)


def test_a_query_of_symbols_has_nothing_to_search():
    assert plan_query("!!! ???").is_empty


def test_highlight_marks_matches_and_escapes_everything_else():
    html = highlight('<img src=x onerror="alert(1)"> 병원 안심동행', plan_query("병원동행").highlight)
    assert html == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>병원</mark> 안심<mark>동행</mark>"


def test_highlight_joins_a_compound_into_one_mark_and_ignores_stray_letters():
    html = highlight("1인가구 안전, 개인정보", plan_query("1인 가구 안전").highlight)
    assert html == "<mark>1인가구</mark> <mark>안전</mark>, 개인정보"


def test_highlight_matches_numbers_written_with_commas():
    assert highlight("월 9,900원", plan_query("9900원").highlight) == "월 <mark>9,900원</mark>"


def test_highlight_without_pattern_only_escapes():
    assert highlight("<b>굵게</b>", None) == "&lt;b&gt;굵게&lt;/b&gt;"


def test_snippet_shows_the_part_of_a_long_body_with_the_matches():
    body = (
        ("서울시 1인가구 지원 정책 안내입니다. " * 8) + "현관 도어지킴이 설치비를 지원합니다. " + ("기타 안내. " * 20)
    )
    html = snippet(body, plan_query("도어지킴이").highlight)
    assert "<mark>도어지킴이</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 200


def test_snippet_escapes_stored_markup():
    html = snippet("<script>alert('x')</script> 월세 지원", plan_query("월세").highlight)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "<mark>월세</mark>" in html
