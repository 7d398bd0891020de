"""나에게 맞는 지원 찾기: which questions come next, answers → facts, refused answers, and the pages."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from anshim.catalog import match
from anshim.catalog.choices import Category
from anshim.catalog.match_views import SESSION_KEY
from anshim.catalog.models import PolicyRule, RuleStatus
from anshim.catalog.tests.factories import PolicyFactory
from anshim.eligibility import Facts, evaluate_many
from anshim.eligibility.parameters import median_income

DAY = datetime.date(2026, 3, 2)

YOUTH_RENT = {
    "all": [
        {"fact": "age", "op": "between", "value": [19, 39]},
        {"fact": "registered_in_seoul", "op": "is_true"},
        {"fact": "housing_tenure", "op": "in", "value": ["MONTHLY_RENT", "GOSIWON"]},
        {"fact": "monthly_rent", "op": "lte", "value": 600_000},
        {"fact": "income_ratio", "op": "lte", "value": 1.5},
    ]
}
SAFE_HOME = {"all": [{"fact": "sex", "op": "eq", "value": "F"}, {"fact": "lives_alone", "op": "is_true"}]}
GWANAK_MIDLIFE = {
    "all": [{"fact": "district", "op": "eq", "value": "11620"}, {"fact": "age", "op": "gte", "value": 50}]
}
DOORGUARD = {
    "all": [
        {"fact": "age", "op": "gte", "value": 18},
        {"fact": "registered_in_seoul", "op": "is_true"},
        {"fact": "lives_alone", "op": "is_true"},
    ]
}
RULES = {"youth_rent": YOUTH_RENT, "safe_home": SAFE_HOME, "gwanak_midlife": GWANAK_MIDLIFE, "doorguard": DOORGUARD}


@pytest.fixture(autouse=True)
def _korean():
    """Labels go through gettext; tests outside a request read them in Korean, whatever ran before."""
    with translation.override("ko"):
        yield


def asked_next(rules, answers, asked, day=DAY):
    results = evaluate_many(rules, match.facts_from_answers(answers, day), day)
    return [q.fact for q in match.next_questions(results, asked)]


# --- Which questions come next -----------------------------------------------------------------


def test_first_step_asks_the_core_facts_then_the_most_deciding_one():
    assert asked_next(RULES, {}, ()) == ["birth_date", "district", "sex", "lives_alone"]


def test_first_step_leaves_out_core_facts_no_rule_needs():
    assert asked_next({"doorguard": DOORGUARD}, {}, ()) == ["birth_date", "lives_alone", "registered_in_seoul"]


def test_next_step_asks_only_what_still_matters_for_undecided_policies():
    # 65 years old in 관악구: youth rent is decided (too old), so its housing and income questions go away.
    answers = {"birth_date": "1961-01-10", "district": "11620", "sex": "M", "lives_alone": True}
    asked = ("birth_date", "district", "sex", "lives_alone")
    assert asked_next(RULES, answers, asked) == ["registered_in_seoul"]


def test_a_younger_person_is_asked_about_housing_and_income_with_the_most_deciding_first():
    answers = {"birth_date": "1998-04-01", "district": "11440", "sex": "F", "lives_alone": True}
    asked = ("birth_date", "district", "sex", "lives_alone")
    # Living alone makes the household one person, so only income is left of income_ratio;
    # the rent amount waits until housing tenure has been asked. 서울 주민등록 decides two policies.
    assert asked_next(RULES, answers, asked) == ["registered_in_seoul", "monthly_income", "housing_tenure"]
    asked += ("registered_in_seoul", "housing_tenure", "monthly_income")
    answers |= {"registered_in_seoul": True, "housing_tenure": "MONTHLY_RENT", "monthly_income": 2_000_000}
    assert asked_next(RULES, answers, asked) == ["monthly_rent"]


def test_rent_is_not_asked_of_an_owner():
    answers = {"birth_date": "1998-04-01", "housing_tenure": "OWNER"}
    asked = ("birth_date", "district", "sex", "lives_alone", "housing_tenure")
    assert "monthly_rent" not in asked_next({"youth_rent": YOUTH_RENT}, answers, asked)
    assert asked_next({"youth_rent": YOUTH_RENT}, answers, asked) == []


def test_no_more_questions_once_every_policy_is_decided():
    answers = {
        "birth_date": "1970-01-01",
        "district": "11620",
        "sex": "F",
        "lives_alone": True,
        "registered_in_seoul": True,
    }
    results = evaluate_many(RULES, match.facts_from_answers(answers, DAY), DAY)
    assert all(r.outcome.name != "UNKNOWN" for r in results.values())
    assert match.next_questions(results, ()) == []


def test_a_question_answered_unknown_is_not_asked_again():
    asked = ("birth_date", "district", "sex", "lives_alone")
    following = asked_next(RULES, {}, asked)
    assert following and not set(following) & set(asked)


def test_at_most_four_questions_a_step():
    names = ["lives_alone", "registered_in_seoul", "student", "disability", "basic_livelihood", "near_poverty"]
    many = {name: {"fact": name, "op": "is_true"} for name in names}
    assert len(asked_next(many, {}, ())) == match.STEP_SIZE


# --- Answers → facts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "raw"),
    [
        ("monthly_income", "2,500,000", "2500000"),
        ("monthly_income", "2500000원", "2500000"),
        ("monthly_income", "200만", 2_000_000),
        ("assets", "1억 5000만", 150_000_000),
        ("assets", "3억", 300_000_000),
        ("household_size", "2명", "2"),
        ("birth_date", "1990.5.3", "1990-05-03"),
        ("birth_date", "1990-05-03", "1990-05-03"),
        ("lives_alone", "yes", True),
        ("lives_alone", "no", False),
        ("lives_alone", "", None),
        ("sex", "  ", None),
        ("district", "11620", "11620"),
    ],
)
def test_form_text_becomes_the_raw_value_clean_facts_reads(name, text, raw):
    assert match.raw_value(name, text) == raw


def test_living_alone_means_a_household_of_one():
    assert match.facts_from_answers({"lives_alone": True}, DAY).household_size == 1
    assert match.facts_from_answers({"lives_alone": False}, DAY).household_size is None
    assert match.facts_from_answers({"lives_alone": True, "household_size": 1}, DAY).household_size == 1


def test_a_step_merges_with_earlier_answers_and_blank_forgets_one():
    answers = match.apply_step({}, ["birth_date", "sex"], {"birth_date": "1990-05-03", "sex": "F"}, DAY)
    assert answers == {"birth_date": "1990-05-03", "sex": "F"}
    answers = match.apply_step(answers, ["monthly_income"], {"monthly_income": "200만"}, DAY)
    assert answers == {"birth_date": "1990-05-03", "sex": "F", "monthly_income": 2_000_000}
    answers = match.apply_step(answers, ["sex"], {"sex": ""}, DAY)
    assert answers == {"birth_date": "1990-05-03", "monthly_income": 2_000_000}
    assert match.facts_from_answers(answers, DAY) == Facts(
        birth_date=datetime.date(1990, 5, 3), monthly_income=2_000_000
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"birth_date": "2026-03-03"}, "birth_date", "미래의 날짜일 수 없습니다 (2026-03-03)."),
        ({"birth_date": "지난해"}, "birth_date", "YYYY-MM-DD 형식의 날짜여야 합니다"),
        ({"monthly_income": "-100000"}, "monthly_income", "0 이상이어야 합니다 (입력값 -100,000)."),
        ({"monthly_income": "많이"}, "monthly_income", "숫자여야 합니다."),
        ({"household_size": "0"}, "household_size", "1 이상이어야 합니다 (입력값 0)."),
        ({"district": "99999"}, "district", "서울시 25개 자치구"),
        ({"lives_alone": "아마도"}, "lives_alone", "예/아니오"),
        ({"lives_alone": "yes", "household_size": "3"}, "household_size", "혼자 산다고 답하셨으므로 1명이어야 합니다"),
    ],
)
def test_impossible_answers_are_refused_with_a_korean_message_for_the_field(data, field, message):
    with pytest.raises(match.StepError) as refused:
        match.apply_step({"sex": "M"}, list(data), data, DAY)
    assert message in refused.value.errors[field]
    # The label is shown next to the field already; the message does not repeat it.
    assert not refused.value.errors[field].startswith(match.FACTS[field].label)


def test_answer_contradicting_an_earlier_step_is_refused_on_the_field_asked_now():
    with pytest.raises(match.StepError) as refused:
        match.apply_step({"household_size": 3}, ["lives_alone"], {"lives_alone": "yes"}, DAY)
    assert "3명이라고 답하셨으므로" in refused.value.errors["lives_alone"]


def test_question_names_from_a_request_are_checked():
    assert match.parse_question_names(["birth_date,sex", "sex"]) == ["birth_date", "sex"]
    for bad in (["age"], ["nothing"], [""], ["birth_date,<script>"]):
        with pytest.raises(match.UnknownQuestion):
            match.parse_question_names(bad)


def test_answer_summary_in_words():
    lines = match.answer_summary(
        {"birth_date": "1990-05-03", "district": "11620", "lives_alone": True, "monthly_income": 2_000_000},
        ("sex",),
    )
    assert [(line.label, line.text) for line in lines] == [
        ("생년월일", "1990년 5월 3일"),
        ("성별", "모름/응답 안 함"),
        ("거주 자치구", "관악구"),
        ("혼자 사는지(1인가구)", "예"),
        ("가구 월 소득", "200만원"),
    ]


def test_fields_use_the_right_control_for_each_kind():
    fields = match.build_fields(
        ["birth_date", "district", "sex", "lives_alone", "monthly_income", "housing_tenure"],
        values={},
        errors={},
        deciding={"sex": 2},
        today=DAY,
    )
    controls = {f.name: f.control for f in fields}
    assert controls == {
        "birth_date": "date",
        "district": "select",
        "sex": "radio",
        "lives_alone": "radio",
        "monthly_income": "number",
        "housing_tenure": "radio",
    }
    by_name = {f.name: f for f in fields}
    assert len(by_name["district"].choices) == 25
    assert [label for _, label in by_name["lives_alone"].choices] == ["예", "아니오", "모름/응답 안 함"]
    assert by_name["sex"].choices[-1] == ("", "응답 안 함")
    assert by_name["monthly_income"].unit == "원"
    assert "월 소득(세전)" in by_name["monthly_income"].hint
    assert "2026년 1인 가구 기준 중위소득은 월 2,564,238원입니다." in by_name["monthly_income"].help
    assert by_name["sex"].deciding == 2


# --- Pages -------------------------------------------------------------------------------------

URL = "/policies/match/"


def publish(policy, definition, version=1):
    return PolicyRule.objects.create(
        policy=policy, version=version, definition=definition, status=RuleStatus.PUBLISHED, published_at=timezone.now()
    )


@pytest.fixture
def catalogue(db):
    youth = PolicyFactory(
        title="청년 월세지원", category=Category.HOUSING, summary="월 20만원 월세 지원", url="https://example.org/rent"
    )
    publish(youth, {"all": [{"fact": "age", "op": "gte", "value": 0}]}, version=2)
    PolicyRule.objects.filter(policy=youth).update(status=RuleStatus.RETIRED)
    publish(youth, YOUTH_RENT, version=3)
    publish(PolicyFactory(title="여성1인가구 안심홈세트", category=Category.SAFETY), SAFE_HOME)
    publish(
        PolicyFactory(title="관악구 중장년 건강관리", category=Category.HEALTH, district_id="11620"), GWANAK_MIDLIFE
    )
    publish(PolicyFactory(title="안전 도어지킴이", category=Category.SAFETY), DOORGUARD)
    PolicyFactory(title="규칙 없는 지원제도")
    return youth


def text(response) -> str:
    return html.unescape(response.content.decode())


def field_names(response) -> list[str]:
    return [f.name for f in response.context["fields"]]


def test_first_visit_shows_step_one_with_the_right_controls(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    body = text(response)
    assert field_names(response) == ["birth_date", "district", "sex", "lives_alone"]
    assert "1단계 질문" in body
    assert '<input class="match-input match-input--date" type="date" id="q-birth_date"' in body
    assert body.count('<option value="11') == 25
    assert 'type="radio" name="sex" value="F"' in body
    assert "이 브라우저의 접속(세션)에만 임시로 보관" in body
    # The header offers 로그인 on every page; the questionnaire itself asks for no account and saves nothing.
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "로그인" not in main and "저장" not in main
    assert SESSION_KEY not in client.session


def test_answering_step_one_leads_to_a_relevant_step_two(client, catalogue):
    response = client.post(
        URL,
        {
            "questions": "birth_date,district,sex,lives_alone",
            "birth_date": "1961-01-10",
            "district": "11620",
            "sex": "M",
            "lives_alone": "yes",
            "action": "next",
        },
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY]["answers"] == {
        "birth_date": "1961-01-10",
        "district": "11620",
        "sex": "M",
        "lives_alone": True,
    }
    step_two = client.get(response["Location"])
    assert "2단계 질문" in text(step_two)
    assert field_names(step_two) == ["registered_in_seoul"]


def test_last_step_goes_to_the_results_grouped_with_reasons(client, catalogue):
    client.post(
        URL,
        {
            "questions": "birth_date,district,sex,lives_alone",
            "birth_date": "1961-01-10",
            "district": "11620",
            "sex": "M",
            "lives_alone": "yes",
        },
    )
    response = client.post(URL, {"questions": "registered_in_seoul", "registered_in_seoul": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?step=result"
    result = client.get(response["Location"])
    groups = {g.slug: [m.policy.title for m in g.items] for g in result.context["groups"]}
    assert groups == {
        "eligible": ["관악구 중장년 건강관리", "안전 도어지킴이"],
        "unknown": [],
        "ineligible": ["여성1인가구 안심홈세트", "청년 월세지원"],
    }
    body = text(result)
    assert "만 50세 이상: 충족 (만 65세)" in body
    assert "만 19~39세: 미충족 (만 65세)" in body
    assert "여성: 미충족 (남성)" in body
    assert "규칙 v3 기준" in body
    assert "규칙 없는 지원제도" not in body


def test_results_part_way_show_what_is_missing_and_link_back_to_the_questions(client, catalogue):
    client.post(
        URL,
        {
            "questions": "birth_date,district,sex,lives_alone",
            "birth_date": "1998-04-01",
            "district": "11440",
            "sex": "F",
            "lives_alone": "yes",
            "action": "result",
        },
    )
    result = client.get(f"{URL}?step=result")
    body = text(result)
    unknown = next(g for g in result.context["groups"] if g.slug == "unknown")
    youth = next(m for m in unknown.items if m.policy.title == "청년 월세지원")
    assert youth.missing_labels == ["서울 주민등록 여부", "가구 월 소득", "주거 형태", "월세"]
    assert f'href="{URL}?ask=registered_in_seoul,monthly_income,housing_tenure,monthly_rent"' in body
    assert "이 질문에 답하기" in body
    assert 'href="https://example.org/rent"' in body
    # 안심홈세트 (여성, 1인가구) is decided; 도어지킴이 still needs 서울 주민등록.
    assert re.search(r'match-summary__item--eligible" href="#group-eligible">대상 <strong>1건</strong>', body)
    assert re.search(r'match-summary__item--unknown" href="#group-unknown">확인 필요 <strong>2건</strong>', body)
    assert "질문 계속하기" in body

    asked = client.get(f"{URL}?ask={youth.ask_query}")
    assert field_names(asked) == ["registered_in_seoul", "monthly_income", "housing_tenure", "monthly_rent"]
    assert 'name="then" value="result"' in text(asked)
    response = client.post(
        URL,
        {
            "questions": youth.ask_query,
            "then": "result",
            "registered_in_seoul": "yes",
            "monthly_income": "200만",
            "housing_tenure": "MONTHLY_RENT",
            "monthly_rent": "45만원",
        },
    )
    assert response["Location"] == f"{URL}?step=result"
    groups = {g.slug: [m.policy.title for m in g.items] for g in client.get(response["Location"]).context["groups"]}
    assert "청년 월세지원" in groups["eligible"]


def test_median_income_of_this_year_is_explained(client, catalogue):
    response = client.get(f"{URL}?ask=monthly_income")
    amount = median_income(1, timezone.localdate())
    assert f"{timezone.localdate().year}년 1인 가구 기준 중위소득은 월 {amount:,}원입니다." in text(response)
    assert "월 소득(세전)" in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"birth_date": "2999-01-01"}, "미래의 날짜일 수 없습니다"),
        ({"monthly_income": "-1"}, "0 이상이어야 합니다"),
        ({"household_size": "0"}, "1 이상이어야 합니다"),
        ({"district": "00000"}, "서울시 25개 자치구"),
        ({"monthly_income": "이백만"}, "숫자여야 합니다"),
    ],
)
def test_impossible_answer_is_refused_with_400_and_nothing_is_stored(client, catalogue, data, message):
    client.post(URL, {"questions": "sex", "sex": "M"})
    before = dict(client.session[SESSION_KEY])
    response = client.post(URL, {"questions": ",".join([*data, "lives_alone"]), "lives_alone": "no", **data})
    assert response.status_code == 400
    body = text(response)
    assert message in body
    assert 'role="alert"' in body and "반영하지 않았습니다" in body
    assert 'aria-invalid="true"' in body
    assert client.session[SESSION_KEY] == before


def test_skip_moves_on_without_answers(client, catalogue):
    response = client.post(
        URL, {"questions": "birth_date,district,sex,lives_alone", "birth_date": "2999-01-01", "action": "skip"}
    )
    assert response.status_code == 302
    state = client.session[SESSION_KEY]
    assert state["answers"] == {} and state["steps"] == 1
    assert set(field_names(client.get(URL))).isdisjoint({"birth_date", "district", "sex", "lives_alone"})


def test_reset_clears_the_answers(client, catalogue):
    client.post(URL, {"questions": "sex", "sex": "F"})
    assert client.get(reverse("catalog:match-reset")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("catalog:match-reset"), follow=True)
    assert SESSION_KEY not in client.session
    assert "답변을 모두 지웠습니다" in text(response)
    assert field_names(response) == ["birth_date", "district", "sex", "lives_alone"]


@pytest.mark.parametrize(
    ("method", "url", "data", "message"),
    [
        ("get", f"{URL}?step=7", None, "알 수 없는 단계입니다"),
        ("get", f"{URL}?ask=age", None, "알 수 없는 질문입니다: age"),
        ("get", f"{URL}?ask=", None, "답할 질문이 없습니다"),
        ("post", URL, {"questions": "salary", "salary": "1"}, "알 수 없는 질문입니다: salary"),
        ("post", URL, {"questions": "sex", "sex": "F", "action": "delete"}, "알 수 없는 요청입니다"),
    ],
)
def test_bad_requests_get_a_korean_message_and_400(client, catalogue, method, url, data, message):
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert message in text(response)
    assert SESSION_KEY not in client.session


def test_without_published_rules_the_page_says_so(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "아직 자격 규칙이 등록된 지원제도가 없습니다." in text(response)


def test_answers_survive_until_the_browser_closes_only(client, catalogue):
    client.post(URL, {"questions": "sex", "sex": "F"})
    assert client.session.get_expire_at_browser_close()
