"""What the data migration loads: the two published rule versions and version 1 of the consent notices.

``ensure_seeds`` puts them back after a transactional test flushed the database. The rule versions
are the city's data from then on (edited in the admin); these are only the starting rows.
"""

import datetime

from anshim.accounts.consent_texts import EFFECTIVE_FROM

PURPOSE = "COMPANION"

RULE_SETS = [
    {
        "name": "2021 시범 운영(1인가구 병원 안심동행)",
        "effective_from": datetime.date(2021, 11, 1),
        "weekday_open": datetime.time(7),
        "weekday_close": datetime.time(20),
        "weekend_open": datetime.time(7),
        "weekend_close": datetime.time(20),
        "weekend_same_day": True,
        "max_days_ahead": 7,
        "same_day_within_minutes": None,
        "lives_alone_required": True,
        "excluded_care": [],
        "base_minutes": 60,
        "base_fee": 5000,
        "step_minutes": 60,
        "step_fee": 5000,
        "free_income_percent": None,
        "free_uses_per_year": 0,
        "max_uses_year": 6,
        "max_uses_month": None,
        "max_hours_year": None,
        "late_cancel_hours": None,
        "late_cancel_fee": 0,
        "bar_after_on_site": None,
        "bar_after_same_day": None,
        "bar_months": 1,
        "annual_budget": 342_000_000,
        "cost_per_hour": 20_000,
        "notes": (
            "2021 사업계획: 거동불편 등으로 병원 이용이 어려운 1인가구, 당일 긴급대응, 07~20시(야간·새벽 응급은 119), "
            "시간당 5,000원 통합(소득 미확인), 1인당 연 6회, 예산 342백만원. 사전 예약 7일은 계획에 없어 2025 기준과 같게 둠. "
            "시간당 운영비 20,000원은 기존 병원동행 서비스의 시간당 비용(계획서)."
        ),
    },
    {
        "name": "2025 병원 안심동행",
        "effective_from": datetime.date(2025, 1, 1),
        "weekday_open": datetime.time(7),
        "weekday_close": datetime.time(20),
        "weekend_open": datetime.time(9),
        "weekend_close": datetime.time(18),
        "weekend_same_day": False,
        "max_days_ahead": 7,
        "same_day_within_minutes": 180,
        "lives_alone_required": False,
        "excluded_care": ["LONG_TERM_CARE", "ELDERLY_CARE"],
        "base_minutes": 60,
        "base_fee": 5000,
        "step_minutes": 30,
        "step_fee": 2500,
        "free_income_percent": 100,
        "free_uses_per_year": 48,
        "max_uses_year": None,
        "max_uses_month": 10,
        "max_hours_year": 200,
        "late_cancel_hours": 5,
        "late_cancel_fee": 13_000,
        "bar_after_on_site": 2,
        "bar_after_same_day": 3,
        "bar_months": 1,
        "annual_budget": 342_000_000,
        "cost_per_hour": 20_000,
        "notes": (
            "2025 공개 기준: 도움이 필요한 서울시민 누구나(실거주), 평일 07~20시, 주말 09~18시(사전 예약만), "
            "7일 전부터 예약 또는 당일 3시간 이내 출발, 기본 1시간 5,000원·이후 30분마다 2,500원(교통비 본인 부담), "
            "기준 중위소득 100% 이하 연 48회 무료, 월 10회·연 200시간 한도, 당일(5시간 이내)·현장 취소 13,000원, "
            "현장 취소 2회 또는 당일 취소 3회 시 1개월 이용 제한, 장기요양 등급·노인맞춤돌봄 이용자 제외."
        ),
    },
]

CONSENT_TEXTS = [
    {
        "purpose": PURPOSE,
        "kind": "COLLECTION_USE",
        "title": "병원 안심동행 예약을 위한 개인정보 수집·이용 동의",
        "items": "이름, 휴대전화, 출발지(집) 주소와 위치, 병원과 진료 시각, 필요한 지원(휠체어·수어·언어), 비상 연락처",
        "purpose_detail": "동행 예약 접수, 이용 한도 확인, 동행매니저 배정과 이동, 서비스 기록·이용료 영수증, 정산",
        "retention": "이용일부터 5년(이용료·보조금 정산 증빙, 이후 지체 없이 파기)",
        "recipients": "",
        "body": (
            "서울특별시는 「개인정보 보호법」 제15조에 따라 아래와 같이 개인정보를 수집·이용합니다.\n\n"
            "1. 수집 항목: 이름, 휴대전화, 출발지(집) 주소와 위치, 병원과 진료 시각, 필요한 지원(휠체어·수어·언어), "
            "비상 연락처\n"
            "2. 이용 목적: 동행 예약 접수, 이용 한도 확인, 동행매니저 배정과 이동, 서비스 기록과 이용료 영수증, 정산\n"
            "3. 보유·이용 기간: 이용일부터 5년(정산 증빙). 기간이 지나면 지체 없이 파기합니다.\n"
            "4. 동의를 거부할 권리와 불이익: 동의를 거부할 수 있습니다. 다만 거부하면 동행 예약을 할 수 없습니다."
        ),
    },
    {
        "purpose": PURPOSE,
        "kind": "THIRD_PARTY",
        "title": "동행 서비스 운영기관에 개인정보 제3자 제공 동의(병원 안심동행)",
        "items": "이름, 휴대전화, 출발지(집) 주소, 병원과 진료 시각, 필요한 지원, 비상 연락처",
        "purpose_detail": "동행매니저 배정, 방문·동행, 이용 상태 안내, 서비스 기록과 이용료 수납",
        "retention": "이용일부터 5년(이후 지체 없이 파기)",
        "recipients": "서울시가 공모로 선정한 병원 안심동행 운영기관(거주 자치구 담당 기관)",
        "body": (
            "서울특별시는 「개인정보 보호법」 제17조에 따라 아래와 같이 개인정보를 제3자에게 제공합니다.\n\n"
            "1. 받는 자: 서울시가 공모로 선정한 병원 안심동행 운영기관(거주 자치구 담당 기관)\n"
            "2. 제공 항목: 이름, 휴대전화, 출발지(집) 주소, 병원과 진료 시각, 필요한 지원, 비상 연락처\n"
            "3. 받는 자의 이용 목적: 동행매니저 배정, 방문·동행, 이용 상태 안내, 서비스 기록과 이용료 수납\n"
            "4. 받는 자의 보유·이용 기간: 이용일부터 5년. 기간이 지나면 지체 없이 파기합니다.\n"
            "5. 동의를 거부할 권리와 불이익: 동의를 거부할 수 있습니다. 다만 거부하면 운영기관이 방문할 수 없어 "
            "동행 예약을 할 수 없습니다."
        ),
    },
]


def ensure_rule_sets(model=None) -> int:
    if model is None:
        from anshim.companion.models import RuleSet as model
    created = 0
    for row in RULE_SETS:
        _obj, made = model.objects.get_or_create(effective_from=row["effective_from"], defaults=row)
        created += made
    return created


def ensure_consent_texts(model=None) -> int:
    if model is None:
        from anshim.accounts.models import ConsentText as model
    created = 0
    for text in CONSENT_TEXTS:
        _row, made = model.objects.get_or_create(
            purpose=text["purpose"], kind=text["kind"], version=1, defaults={**text, "effective_from": EFFECTIVE_FROM}
        )
        created += made
    return created


def ensure_seeds() -> None:
    ensure_rule_sets()
    ensure_consent_texts()
