"""참여프로그램 of the demo: titles, dates and places composed from per-category templates.

Recruiting windows are drawn around the anchor date in three bands (closed, recruiting,
upcoming) so the portal shows every status; run dates follow the recruiting window and
the schedule text is written from the same dates, so the two never disagree.
"""

# Korean prose is kept one sentence group per string so it reads as written.
# ruff: noqa: E501

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from anshim.catalog.choices import Category
from anshim.geo.districts import DISTRICTS
from anshim.portal.demo.centers import CenterSpec, seoul_phone
from anshim.portal.demo.places import Venue, district_venues
from anshim.portal.demo.policies import MENTORING_DISTRICTS, PolicySpec
from anshim.programs.models import ProgramKind

TOTAL_PROGRAMS = 640
MIN_PER_DISTRICT = 14
WEEKDAYS = "월화수목금토일"
ANY, YOUTH, MIDLIFE, SENIOR, WOMEN = "", "youth", "midlife", "senior", "women"


@dataclass(frozen=True)
class Audience:
    prefix: str  # put before "1인가구" in titles
    target: str
    slots: tuple[tuple[int, str], ...]  # (weekday 0=월, time) a group of this audience can meet


AUDIENCES: dict[str, Audience] = {
    ANY: Audience(
        "",
        "{d}에 사는 1인가구 누구나",
        ((1, "19:00~21:00"), (3, "19:00~21:00"), (5, "10:00~12:00"), (5, "14:00~16:00"), (2, "14:00~16:00")),
    ),
    YOUTH: Audience(
        "청년 ",
        "{d}에 사는 만 19~39세 청년 1인가구",
        ((1, "19:30~21:30"), (2, "19:30~21:30"), (3, "19:00~21:00"), (5, "14:00~16:00"), (6, "15:00~17:00")),
    ),
    MIDLIFE: Audience(
        "중장년 ",
        "{d}에 사는 만 50~64세 중장년 1인가구",
        ((0, "10:00~12:00"), (2, "14:00~16:00"), (3, "19:00~21:00"), (4, "10:00~12:00"), (5, "10:00~12:00")),
    ),
    SENIOR: Audience(
        "어르신 ",
        "{d}에 사는 만 65세 이상 어르신 1인가구",
        ((0, "10:00~11:30"), (1, "14:00~15:30"), (3, "10:00~11:30"), (4, "14:00~15:30")),
    ),
    WOMEN: Audience(
        "여성 ",
        "{d}에 사는 여성 1인가구",
        ((1, "19:00~21:00"), (3, "19:30~21:30"), (5, "10:00~12:00"), (5, "14:00~16:00")),
    ),
}


@dataclass(frozen=True)
class ProgramTemplate:
    category: str
    kind: str
    title: str  # "{a}" is the audience prefix, "{s}" the season of the first meeting
    summary: str
    details: tuple[str, ...]  # description paragraphs; "{d}" district, "{center}" centre name
    audiences: tuple[str, ...] = (ANY,)
    venues: tuple[str, ...] = ("center",)
    sessions: tuple[int, int] = (4, 8)
    capacity: tuple[int, int] = (10, 20)
    fees: tuple[int, ...] = (0,)
    policies: tuple[str, ...] = ()  # policy keys, the district's own first; the first that exists is linked
    districts: tuple[str, ...] = ()  # only these districts (empty: all)


P, E, C, G = ProgramKind.PROGRAM, ProgramKind.EVENT, ProgramKind.COUNSELING, ProgramKind.GROUP

TEMPLATES: tuple[ProgramTemplate, ...] = (
    # --- 안전 -------------------------------------------------------------
    ProgramTemplate(
        Category.SAFETY,
        P,
        "안심귀가 호신술 교실",
        "늦은 귀갓길에 당황하지 않도록 손목 빼기, 거리 두기 같은 기본 호신술을 몸으로 익힙니다.",
        (
            "경찰 출신 호신술 강사와 함께 위험한 상황을 피하는 요령과 붙잡혔을 때 빠져나오는 기본 동작을 배웁니다.",
            "운동을 처음 하는 분도 따라 할 수 있는 동작 위주로 진행하며, 마지막 회차에는 112 신고와 안심이 앱 사용법을 함께 연습합니다.",
            "편한 운동복과 실내화를 준비해 주세요.",
        ),
        audiences=(ANY, WOMEN, YOUTH),
        venues=("center", "dong"),
        sessions=(4, 6),
        capacity=(12, 20),
    ),
    ProgramTemplate(
        Category.SAFETY,
        P,
        "{a}1인가구 생활안전 교실",
        "가스·전기·화재 사고를 막는 습관과 소화기 사용법을 배우는 생활안전 교육입니다.",
        (
            "혼자 사는 집에서 자주 일어나는 가스 누출, 멀티탭 과열, 음식물 화재를 사례로 살펴보고 예방 요령을 익힙니다.",
            "소방서 강사와 함께 소화기와 단독경보형 감지기 사용법을 직접 실습하고, 우리 집 안전 점검표를 만들어 갑니다.",
        ),
        audiences=(ANY, SENIOR, MIDLIFE),
        venues=("center", "dong"),
        sessions=(2, 3),
        capacity=(15, 30),
    ),
    ProgramTemplate(
        Category.SAFETY,
        E,
        "도어지킴이·안심장비 신청 설명회",
        "1인가구 도어지킴이와 안심장비 지원 내용, 신청 방법을 한 번에 알려 드립니다.",
        (
            "현관 보안카메라, 스마트 초인종, 안전걸쇠 같은 장비를 직접 만져 보고 우리 집에 맞는 장비를 고르는 방법을 안내합니다.",
            "현장에서 신청서 작성을 도와 드리며, 신분증과 임대차계약서 사본을 가져오시면 바로 접수할 수 있습니다.",
        ),
        venues=("center", "dong"),
        sessions=(1, 1),
        capacity=(20, 40),
        policies=("doorguard", "safety_devices"),
    ),
    ProgramTemplate(
        Category.SAFETY,
        P,
        "응급처치·심폐소생술 교육",
        "혼자 있을 때나 이웃이 쓰러졌을 때 필요한 응급처치와 심폐소생술을 배웁니다.",
        (
            "대한적십자사 강사와 함께 심폐소생술, 자동심장충격기(AED) 사용법, 기도가 막혔을 때 대처법을 마네킹으로 실습합니다.",
            "수료자에게는 교육 이수증을 드립니다.",
        ),
        audiences=(ANY, MIDLIFE, YOUTH),
        venues=("center", "health"),
        sessions=(1, 2),
        capacity=(12, 24),
    ),
    ProgramTemplate(
        Category.SAFETY,
        E,
        "우리 동네 안심골목 함께 걷기",
        "주민과 함께 밤길을 걸으며 어두운 골목, 고장 난 보안등을 찾아 구청에 알립니다.",
        (
            "해가 진 뒤 1인가구가 많이 사는 골목을 2시간 동안 함께 걸으며 위험하다고 느끼는 곳을 지도에 표시합니다.",
            "모은 의견은 보안등·CCTV 설치와 안심마을 보안관 순찰 경로를 정할 때 자치구에 전달합니다.",
        ),
        venues=("dong", "center"),
        sessions=(1, 1),
        capacity=(15, 30),
        policies=("district_safe_return", "patrol"),
    ),
    ProgramTemplate(
        Category.SAFETY,
        C,
        "여성 1인가구 안심 상담",
        "주거침입·스토킹이 걱정되는 여성 1인가구에게 안전 전문가가 1:1로 대처 방법과 장비를 안내합니다.",
        (
            "집 구조와 생활 패턴을 듣고 현관·창문 보안, 택배 받는 방법, 귀갓길 습관까지 맞춤형으로 점검해 드립니다.",
            "필요하면 안심홈세트와 스마트 초인종 지원, 경찰·상담기관 연계를 도와 드립니다. 상담 내용은 비밀이 보장됩니다.",
        ),
        audiences=(WOMEN,),
        sessions=(1, 3),
        capacity=(8, 12),
        policies=("district_smart_doorbell", "safe_home_set"),
    ),
    ProgramTemplate(
        Category.SAFETY,
        P,
        "보이스피싱·스미싱 예방 디지털 안전교실",
        "가족·기관을 사칭하는 문자와 전화를 구별하고 피해를 막는 방법을 스마트폰으로 실습합니다.",
        (
            "최근 많이 쓰이는 수법을 실제 문자 화면으로 살펴보고, 의심 문자 신고와 결제 차단 설정을 직접 해 봅니다.",
            "피해가 생겼을 때 바로 해야 할 일(112 신고, 지급정지 요청)을 정리한 카드를 나눠 드립니다.",
        ),
        audiences=(SENIOR, MIDLIFE, ANY),
        venues=("center", "senior", "library"),
        sessions=(2, 4),
        capacity=(12, 20),
    ),
    ProgramTemplate(
        Category.SAFETY,
        E,
        "안심이 앱 함께 설치하기",
        "서울시 안심이 앱을 설치하고 보호자 등록, 긴급 신고 방법을 함께 해 봅니다.",
        (
            "휴대전화를 가져오시면 안내 요원이 앱 설치와 보호자 연락처 등록을 도와 드립니다.",
            "안심귀가 스카우트 신청과 주변 안심택배함 찾기도 함께 알려 드립니다.",
        ),
        audiences=(ANY, SENIOR, WOMEN),
        venues=("dong", "center"),
        sessions=(1, 1),
        capacity=(20, 40),
        policies=("ansimi_app",),
    ),
    # --- 주거 -------------------------------------------------------------
    ProgramTemplate(
        Category.HOUSING,
        P,
        "셀프 인테리어·집수리 교실",
        "수전 교체, 실리콘 보수, 벽 구멍 메우기처럼 혼자서도 할 수 있는 집수리를 배웁니다.",
        (
            "회차마다 한 가지 주제를 정해 공구 사용법을 배우고 실습 부스에서 직접 고쳐 봅니다.",
            "전월세 집에서 원상복구가 필요한 부분과 집주인에게 수리를 요청할 수 있는 부분도 함께 알려 드립니다.",
            "실습 재료는 센터에서 준비하며, 목장갑을 가져오시면 좋습니다.",
        ),
        audiences=(ANY, WOMEN, YOUTH),
        venues=("center",),
        sessions=(4, 6),
        capacity=(10, 16),
        fees=(0, 0, 10000),
        policies=("district_home_fix", "district_tool_library"),
    ),
    ProgramTemplate(
        Category.HOUSING,
        E,
        "전세사기 예방 특강",
        "계약 전에 꼭 봐야 할 등기부등본, 건축물대장, 선순위 보증금 확인법을 공인중개사가 알려 드립니다.",
        (
            "실제 등기부등본 예시를 보며 근저당, 압류, 신탁 등기를 읽는 방법을 배우고 위험한 계약의 신호를 짚어 봅니다.",
            "전입신고와 확정일자, 전세보증금 반환보증 가입 순서를 정리한 체크리스트를 드립니다.",
        ),
        audiences=(ANY, YOUTH),
        venues=("center", "library"),
        sessions=(1, 1),
        capacity=(25, 40),
        policies=("safe_contract",),
    ),
    ProgramTemplate(
        Category.HOUSING,
        C,
        "{a}1인가구 전월세 계약 상담",
        "계약서를 쓰기 전 주거안심매니저와 1:1로 집 조건과 계약 내용을 점검합니다.",
        (
            "보고 있는 집의 주소와 계약 조건을 알려 주시면 시세, 권리관계, 보증보험 가입 가능 여부를 함께 확인합니다.",
            "원하면 집보기에 동행해 누수, 곰팡이, 방범시설을 점검해 드립니다.",
        ),
        audiences=(ANY, YOUTH, SENIOR),
        sessions=(1, 3),
        capacity=(8, 12),
        policies=("district_contract_help", "safe_contract"),
    ),
    ProgramTemplate(
        Category.HOUSING,
        P,
        "작은 집 정리수납 클래스",
        "원룸과 작은 집을 넓게 쓰는 정리수납 요령을 정리 전문가에게 배웁니다.",
        (
            "옷장, 주방, 욕실을 차례로 다루며 버릴 것과 남길 것을 고르는 기준과 공간별 수납 방법을 익힙니다.",
            "마지막 회차에는 참여자의 집 사진을 보며 맞춤 정리 계획을 함께 세웁니다.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE),
        sessions=(3, 4),
        capacity=(10, 18),
    ),
    ProgramTemplate(
        Category.HOUSING,
        E,
        "청년 1인가구 주거지원 설명회",
        "청년 월세지원, 임차보증금 이자지원, 청년안심주택 등 청년이 받을 수 있는 주거 지원을 정리해 드립니다.",
        (
            "제도별 자격과 신청 시기, 자주 탈락하는 이유를 설명하고 질의응답 시간을 넉넉히 둡니다.",
            "설명회 후에는 개별 상담 부스에서 본인 상황에 맞는 지원을 함께 찾아봅니다.",
        ),
        audiences=(YOUTH,),
        venues=("youth", "center"),
        sessions=(1, 1),
        capacity=(30, 40),
        policies=("youth_rent",),
    ),
    ProgramTemplate(
        Category.HOUSING,
        E,
        "곰팡이·결로 잡는 겨울나기 특강",
        "작은 집에서 생기기 쉬운 곰팡이와 결로를 막는 환기·난방·단열 요령을 배웁니다.",
        (
            "곰팡이가 생기는 원인을 알아보고 제습, 환기, 단열 필름 붙이기 같은 실천 방법을 시연합니다.",
            "참여자에게 창문 단열 필름과 제습제를 나눠 드립니다.",
        ),
        venues=("center", "dong"),
        sessions=(1, 1),
        capacity=(20, 30),
    ),
    ProgramTemplate(
        Category.HOUSING,
        G,
        "미니멀 라이프 소모임",
        "물건을 줄이고 가볍게 사는 방법을 서로 나누는 소모임입니다.",
        (
            "모임마다 '한 주 동안 비운 물건'을 나누고, 나눔 장터나 중고거래로 물건을 정리하는 경험을 공유합니다.",
            "정리한 물건 중 쓸 만한 것은 모아 지역 나눔 행사에 기부합니다.",
        ),
        audiences=(ANY, YOUTH),
        venues=("center", "library"),
        sessions=(4, 8),
        capacity=(8, 12),
        policies=("social_network",),
    ),
    ProgramTemplate(
        Category.HOUSING,
        C,
        "주거취약 1인가구 이주 상담",
        "고시원·반지하·쪽방에서 공공임대주택으로 옮기고 싶은 분과 이주 절차를 함께 준비합니다.",
        (
            "주거 코디네이터가 소득·재산 기준을 확인하고 신청할 수 있는 임대주택과 보증금 지원을 안내합니다.",
            "신청서 작성, 집보기, 이사 준비까지 필요한 단계마다 함께합니다.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        venues=("center", "welfare"),
        sessions=(2, 4),
        capacity=(8, 10),
        policies=("housing_upgrade",),
    ),
    ProgramTemplate(
        Category.HOUSING,
        E,
        "이사 준비 체크리스트 특강",
        "이사 날짜 정하기부터 전입신고, 공과금 정산까지 이사 과정에서 놓치기 쉬운 일을 정리합니다.",
        (
            "계약 만료 전 통지, 보증금 돌려받기, 이사업체 견적 비교, 이사 당일 확인할 일을 순서대로 설명합니다.",
            "청년 이사비 지원처럼 이사할 때 받을 수 있는 지원 제도도 함께 안내합니다.",
        ),
        audiences=(ANY, YOUTH),
        venues=("center", "library"),
        sessions=(1, 1),
        capacity=(20, 35),
        policies=("district_moving_help", "youth_moving"),
    ),
    # --- 경제·일자리 --------------------------------------------------------
    ProgramTemplate(
        Category.ECONOMY,
        C,
        "{a}1인가구 재무상담",
        "재무설계사와 1:1로 수입·지출을 점검하고 저축과 빚 갚기 계획을 세웁니다.",
        (
            "최근 3개월 지출 내역을 함께 보며 고정비를 줄일 곳을 찾고, 비상금과 저축 목표를 정합니다.",
            "빚이 있으면 채무조정 제도와 서울금융복지상담센터 연계를 안내합니다. 상담 내용은 비밀이 보장됩니다.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE),
        sessions=(1, 3),
        capacity=(8, 12),
        policies=("district_finance", "financial_counseling"),
    ),
    ProgramTemplate(
        Category.ECONOMY,
        P,
        "청년 1인가구 돈 관리 클래스",
        "사회초년생 1인가구를 위한 월급 관리, 통장 나누기, 연말정산 기초 강의입니다.",
        (
            "월급이 들어오면 바로 나누는 통장 관리법, 신용점수 관리, 청년 대상 저축 상품을 차례로 다룹니다.",
            "회차마다 작은 과제를 내고 다음 시간에 서로의 가계부를 나누며 점검합니다.",
        ),
        audiences=(YOUTH,),
        venues=("center", "youth"),
        sessions=(3, 4),
        capacity=(15, 25),
        policies=("youth_savings",),
    ),
    ProgramTemplate(
        Category.ECONOMY,
        P,
        "중장년 1인가구 재취업 준비 과정",
        "새 일을 찾는 중장년 1인가구가 이력서, 면접, 직무 탐색을 함께 준비합니다.",
        (
            "경력을 정리해 이력서를 쓰고 모의 면접을 해 보며, 돌봄·시설관리·사무보조 등 지역 일자리를 살펴봅니다.",
            "과정을 마치면 일자리센터 상담사와 1:1로 구인처를 연결해 드립니다.",
        ),
        audiences=(MIDLIFE,),
        venues=("center", "welfare"),
        sessions=(6, 8),
        capacity=(12, 20),
        policies=("district_midlife_jobs", "middle_age_jobs"),
    ),
    ProgramTemplate(
        Category.ECONOMY,
        E,
        "연말정산·월세 세액공제 설명회",
        "1인가구 직장인이 놓치기 쉬운 월세 세액공제와 연말정산 공제 항목을 알려 드립니다.",
        (
            "월세 세액공제 요건과 필요한 서류, 홈택스에서 공제 신청하는 방법을 화면으로 보여 드립니다.",
            "부양가족이 없는 1인가구가 챙길 수 있는 공제 항목을 정리한 자료를 드립니다.",
        ),
        audiences=(ANY, YOUTH),
        venues=("center", "library"),
        sessions=(1, 1),
        capacity=(25, 40),
    ),
    ProgramTemplate(
        Category.ECONOMY,
        P,
        "디지털 일자리 역량 교실",
        "문서 작성, 표 계산, 온라인 채용 지원서 작성 등 일자리에 필요한 컴퓨터 활용을 배웁니다.",
        (
            "컴퓨터를 오래 쓰지 않은 분도 따라올 수 있도록 기초부터 진행하고, 실제 채용 공고에 지원서를 내 보는 실습을 합니다.",
            "노트북은 센터에서 빌려 드립니다.",
        ),
        audiences=(MIDLIFE, ANY),
        venues=("center", "library", "welfare"),
        sessions=(6, 8),
        capacity=(10, 16),
    ),
    ProgramTemplate(
        Category.ECONOMY,
        C,
        "노무·법률 상담의 날",
        "임금체불, 근로계약, 보증금 분쟁처럼 혼자 해결하기 어려운 문제를 노무사·변호사와 상담합니다.",
        (
            "관련 서류(근로계약서, 급여명세서, 임대차계약서 등)를 가져오시면 더 정확한 상담을 받을 수 있습니다.",
            "필요하면 대한법률구조공단, 노동권익센터 등 무료 법률지원 기관을 연결해 드립니다.",
        ),
        venues=("center", "dong"),
        sessions=(1, 2),
        capacity=(8, 12),
        policies=("district_finance",),
    ),
    ProgramTemplate(
        Category.ECONOMY,
        G,
        "청년 재테크 공부 소모임",
        "청년 1인가구가 모여 경제 기사 읽기, 예적금 비교, 소비 습관 점검을 함께 하는 모임입니다.",
        (
            "투자 권유 없이 기초 금융 지식을 함께 공부하는 모임으로, 회차마다 한 명이 주제를 발표합니다.",
            "금융감독원 금융교육 자료를 활용하며 필요하면 재무상담과 연계합니다.",
        ),
        audiences=(YOUTH,),
        venues=("center", "youth", "library"),
        sessions=(4, 8),
        capacity=(8, 12),
        policies=("social_network",),
    ),
    ProgramTemplate(
        Category.ECONOMY,
        E,
        "서울형 기초보장·긴급복지 안내 설명회",
        "생활이 어려울 때 받을 수 있는 서울형 기초보장과 긴급복지를 쉽게 설명해 드립니다.",
        (
            "지원 대상과 신청 방법, 자주 묻는 질문을 사례로 설명하고, 현장에서 동주민센터 복지 담당자와 상담할 수 있습니다.",
            "주변에 도움이 필요한 이웃이 있다면 알리는 방법도 안내합니다.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        venues=("dong", "welfare"),
        sessions=(1, 1),
        capacity=(20, 40),
        policies=("basic_security",),
    ),
    ProgramTemplate(
        Category.ECONOMY,
        P,
        "생활경제 금융교육",
        "휴대전화 요금, 보험, 구독 서비스처럼 새는 돈을 찾아 줄이는 생활경제 교육입니다.",
        (
            "각자 휴대전화로 요금제와 자동결제 내역을 확인하며 필요 없는 지출을 정리해 봅니다.",
            "중고거래 사기와 불법 대출 광고를 피하는 방법도 함께 다룹니다.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        venues=("center", "welfare", "senior"),
        sessions=(2, 4),
        capacity=(12, 20),
    ),
    # --- 외로움 -----------------------------------------------------------
    ProgramTemplate(
        Category.LONELINESS,
        G,
        "{a}1인가구 소셜다이닝 '함께 밥상'",
        "이웃과 함께 장을 보고 요리해 한 상에 둘러앉아 먹는 모임입니다.",
        (
            "회차마다 제철 재료로 두세 가지 요리를 만들고 함께 식사하며 이야기를 나눕니다.",
            "요리를 잘 못해도 괜찮습니다. 처음 오는 분도 금세 어울릴 수 있도록 진행자가 함께합니다.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE),
        sessions=(3, 6),
        capacity=(8, 14),
        fees=(0, 0, 5000),
        policies=("district_social_dining", "social_network"),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        G,
        "반려식물 키우기 소모임",
        "반려식물을 분양받아 기르고 가꾸는 법을 함께 배우며 서로 안부를 나누는 모임입니다.",
        (
            "첫 모임에서 화분과 식물을 나눠 드리고, 물 주기·분갈이·병충해 관리를 차례로 배웁니다.",
            "모임이 없는 주에는 단체 대화방에 식물 사진을 올리며 안부를 나눕니다.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        venues=("center", "welfare"),
        sessions=(4, 8),
        capacity=(8, 15),
        policies=("district_companion_plants", "social_network"),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        G,
        "{a}1인가구 독서 모임",
        "한 달에 한두 권을 함께 읽고 이야기 나누는 동네 책 모임입니다.",
        (
            "책은 구립도서관과 협력해 빌려 드리며, 읽은 만큼만 이야기해도 괜찮습니다.",
            "모임 마지막 회차에는 각자 고른 문장으로 작은 책갈피를 만듭니다.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE),
        venues=("library", "center"),
        sessions=(4, 6),
        capacity=(8, 12),
        policies=("social_network",),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        G,
        "보드게임 소모임",
        "퇴근 후 가볍게 모여 보드게임을 하며 이웃을 사귀는 청년 1인가구 모임입니다.",
        (
            "규칙이 쉬운 협력 게임부터 시작해 회차마다 새로운 게임을 소개합니다.",
            "게임과 간단한 다과는 센터에서 준비합니다.",
        ),
        audiences=(YOUTH,),
        venues=("center", "youth"),
        sessions=(4, 6),
        capacity=(8, 16),
        policies=("social_network",),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        P,
        "목공 소품 만들기 공방",
        "도마, 선반, 조명 같은 생활 소품을 직접 만들며 이웃과 어울리는 목공 수업입니다.",
        (
            "목공 강사가 안전 교육부터 공구 사용법까지 차근차근 알려 드리며, 만든 소품은 가져가실 수 있습니다.",
            "재료비 일부를 참가비로 받습니다.",
        ),
        audiences=(ANY, MIDLIFE, YOUTH),
        sessions=(3, 5),
        capacity=(8, 12),
        fees=(5000, 10000, 15000),
        policies=("social_network",),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        C,
        "{a}1인가구 마음상담",
        "외로움, 우울, 불안으로 힘든 1인가구가 전문 상담사와 1:1로 마음을 나누는 상담입니다.",
        (
            "첫 만남에서 마음건강 검사를 하고, 이후 상담 목표와 횟수를 상담사와 함께 정합니다.",
            "상담 내용은 비밀이 보장되며, 필요하면 정신건강복지센터나 병원 치료를 연결해 드립니다.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        venues=("center", "welfare"),
        sessions=(4, 8),
        capacity=(8, 12),
        policies=("mind_counseling",),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        C,
        "청년 1인가구 마음건강 상담",
        "취업, 관계, 혼자 지내는 시간 때문에 지친 청년이 상담사와 1:1로 마음을 돌봅니다.",
        (
            "온라인 사전 검사 후 상담사를 배정하며, 퇴근 후 저녁 시간에도 상담할 수 있습니다.",
            "상담을 마친 뒤에는 원하면 같은 고민을 가진 청년들의 마음챙김 모임에 이어서 참여할 수 있습니다.",
        ),
        audiences=(YOUTH,),
        venues=("center", "youth"),
        sessions=(4, 8),
        capacity=(8, 12),
        policies=("district_youth_mind", "mind_counseling"),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        C,
        "성별·세대별 상담 멘토링",
        "상담·심리를 공부하는 대학생 멘토와 성별·세대가 맞는 1인가구 멘티가 그룹으로 만납니다.",
        (
            "멘토 1명과 멘티 3명이 한 그룹이 되어 한 달에 두 번 만나 일상과 고민을 나눕니다.",
            "활동 전후에 외로움 척도 검사를 해 변화를 함께 확인합니다.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE),
        sessions=(6, 8),
        capacity=(9, 15),
        policies=("district_mentoring", "mentoring"),
        districts=MENTORING_DISTRICTS,
    ),
    ProgramTemplate(
        Category.LONELINESS,
        E,
        "우리 동네 플로깅 데이",
        "동네를 걸으며 쓰레기를 줍는 플로깅으로 이웃과 자연스럽게 인사를 나눕니다.",
        (
            "집게와 봉투는 현장에서 나눠 드리며, 두 시간 동안 공원과 골목을 함께 걷습니다.",
            "마치고 나서는 센터에서 간단한 간식을 나누며 다음 모임을 이야기합니다.",
        ),
        audiences=(ANY, YOUTH),
        venues=("park",),
        sessions=(1, 1),
        capacity=(20, 40),
        policies=("social_network",),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        E,
        "{a}1인가구 {s} 문화나들이",
        "혼자라서 미뤘던 공연·전시 관람을 이웃과 함께 다녀오는 나들이입니다.",
        (
            "센터에서 만나 함께 이동하고, 관람 뒤에는 근처에서 차를 마시며 감상을 나눕니다.",
            "관람료는 센터가 지원하며 교통비만 본인이 부담합니다.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        sessions=(1, 1),
        capacity=(15, 25),
        policies=("social_network",),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        P,
        "마음챙김 명상 교실",
        "호흡과 짧은 명상으로 불안과 긴장을 내려놓는 방법을 배웁니다.",
        (
            "하루 10분이면 집에서 혼자 이어 갈 수 있는 호흡법과 몸 훑기 명상을 차례로 익힙니다.",
            "매트는 센터에서 준비하며 편한 옷차림으로 오시면 됩니다.",
        ),
        audiences=(ANY, YOUTH, WOMEN),
        sessions=(4, 6),
        capacity=(10, 20),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        P,
        "이웃살피미 활동가 교육",
        "고립 위험이 있는 이웃을 알아보고 돕는 이웃살피미 활동을 준비하는 교육입니다.",
        (
            "고독사 위험 신호, 대화하는 방법, 도움이 필요할 때 연락할 곳을 배우고 동주민센터 복지 담당자와 만납니다.",
            "교육을 마치면 동별 이웃살피미 모임에서 활동할 수 있습니다.",
        ),
        audiences=(ANY, MIDLIFE),
        venues=("dong", "welfare"),
        sessions=(2, 3),
        capacity=(15, 25),
        policies=("district_check_in", "neighbour_watch"),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        G,
        "도시 텃밭 가꾸기 모임",
        "공동 텃밭에서 채소를 함께 기르고 수확한 것을 나누는 모임입니다.",
        (
            "씨뿌리기부터 수확까지 텃밭 강사가 함께하며, 수확한 채소로 함께 요리하는 날도 있습니다.",
            "장갑과 모자를 준비해 주세요.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        venues=("park", "welfare"),
        sessions=(6, 10),
        capacity=(10, 20),
        policies=("social_network",),
    ),
    ProgramTemplate(
        Category.LONELINESS,
        G,
        "동네 사진 산책 소모임",
        "휴대전화 하나로 동네를 걸으며 사진을 찍고 서로의 시선을 나누는 모임입니다.",
        (
            "사진작가에게 휴대전화 촬영 요령을 배우고, 매 회차 정한 주제로 동네를 걷습니다.",
            "마지막 회차에는 모은 사진으로 센터에서 작은 전시를 엽니다.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE),
        venues=("center", "park"),
        sessions=(4, 6),
        capacity=(8, 14),
        policies=("social_network",),
    ),
    # --- 질병 -------------------------------------------------------------
    ProgramTemplate(
        Category.HEALTH,
        P,
        "{a}1인가구 집밥 쿠킹클래스",
        "혼자서도 부담 없이 만들 수 있는 건강한 한 그릇 요리를 배우고 함께 먹습니다.",
        (
            "1인분 장보기와 남은 재료 보관법을 곁들여, 회차마다 20분 안에 만드는 요리 두 가지를 실습합니다.",
            "만든 음식은 함께 먹고 남은 것은 포장해 가실 수 있습니다. 앞치마를 준비해 주세요.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE, SENIOR),
        sessions=(4, 6),
        capacity=(8, 16),
        fees=(0, 0, 5000, 10000),
        policies=("district_social_dining", "healthy_meals"),
    ),
    ProgramTemplate(
        Category.HEALTH,
        G,
        "중장년 1인가구 건강걷기 모임",
        "정해진 요일에 공원에서 만나 함께 걷고 스트레칭하며 건강과 안부를 챙기는 모임입니다.",
        (
            "걷기 지도자와 함께 준비운동 후 한 시간 정도 걷고, 회차마다 혈압과 걸음 수를 기록합니다.",
            "모임에 빠지면 진행자가 안부 전화를 드립니다.",
        ),
        audiences=(MIDLIFE,),
        venues=("park",),
        sessions=(8, 12),
        capacity=(12, 25),
        policies=("district_midlife_checkup", "midlife_healthcare"),
    ),
    ProgramTemplate(
        Category.HEALTH,
        G,
        "{a}1인가구 아침 걷기 모임",
        "출근 전이나 오전에 가볍게 모여 동네 공원을 함께 걷는 모임입니다.",
        (
            "걷기 앱으로 걸음 수를 함께 기록하며 서로 응원합니다.",
            "비가 오는 날은 센터에서 실내 스트레칭으로 대신합니다.",
        ),
        audiences=(ANY, YOUTH, SENIOR),
        venues=("park",),
        sessions=(6, 10),
        capacity=(10, 25),
        policies=("wrist_doctor",),
    ),
    ProgramTemplate(
        Category.HEALTH,
        P,
        "중장년 1인가구 헬스케어 건강교실",
        "생활건강·사회관계·생활안전 설문으로 내 건강을 확인하고 맞춤 건강관리를 배웁니다.",
        (
            "첫 회차에 설문과 기초 건강검사(혈압, 혈당, 체성분)를 하고, 결과에 따라 운동·영양·수면 관리 방법을 익힙니다.",
            "과정이 끝난 뒤에도 3개월 동안 전화로 건강 상태를 살피고 필요한 곳을 연결해 드립니다.",
        ),
        audiences=(MIDLIFE,),
        venues=("center", "health"),
        sessions=(6, 8),
        capacity=(15, 25),
        policies=("midlife_healthcare",),
    ),
    ProgramTemplate(
        Category.HEALTH,
        C,
        "중장년 1인가구 건강 모니터링 상담",
        "간호사가 혈압·혈당 변화를 살피고 생활습관을 1:1로 상담합니다.",
        (
            "헬스케어 설문에서 건강 위험이 확인된 분을 우선 모시며, 2주마다 상담하고 변화를 기록합니다.",
            "필요하면 보건소 만성질환 관리와 병원 진료를 연결해 드립니다.",
        ),
        audiences=(MIDLIFE,),
        venues=("health", "center"),
        sessions=(3, 6),
        capacity=(8, 15),
        policies=("midlife_healthcare",),
    ),
    ProgramTemplate(
        Category.HEALTH,
        E,
        "AI·IoT 건강관리 체험의 날",
        "스마트밴드와 건강관리 앱을 직접 써 보고 어르신 건강관리 사업 신청을 도와 드립니다.",
        (
            "보건소 간호사가 기기 착용법과 앱 화면 보는 법을 알려 드리고 현장에서 혈압·혈당을 측정합니다.",
            "참여를 원하시면 신청서 작성까지 도와 드립니다.",
        ),
        audiences=(SENIOR,),
        venues=("health", "senior"),
        sessions=(1, 1),
        capacity=(20, 40),
        policies=("ai_iot_health",),
    ),
    ProgramTemplate(
        Category.HEALTH,
        P,
        "1인분 건강 식단 영양교실",
        "끼니를 거르거나 한쪽으로 치우치기 쉬운 1인가구를 위한 식단 짜기 교실입니다.",
        (
            "영양사와 함께 일주일 식단을 짜 보고, 편의점·배달 음식을 고를 때 챙길 점을 배웁니다.",
            "당뇨·고혈압이 있는 분은 개별 식단 상담을 함께 받을 수 있습니다.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        venues=("health", "center"),
        sessions=(2, 4),
        capacity=(12, 20),
        policies=("healthy_meals",),
    ),
    ProgramTemplate(
        Category.HEALTH,
        P,
        "바른 자세 스트레칭 교실",
        "오래 앉아 있거나 혼자 운동하기 어려운 분을 위한 스트레칭과 근력 운동 교실입니다.",
        (
            "운동처방사가 자세를 확인하고, 집에서 혼자 할 수 있는 15분 운동을 회차마다 하나씩 알려 드립니다.",
            "편한 운동복을 입고 오세요.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE, SENIOR, WOMEN),
        sessions=(6, 8),
        capacity=(12, 20),
    ),
    ProgramTemplate(
        Category.HEALTH,
        E,
        "찾아가는 건강상담의 날",
        "동주민센터에서 방문간호사가 혈압·혈당을 재고 건강 고민을 상담해 드립니다.",
        (
            "예약 없이 오셔도 되며, 복용 중인 약이 있으면 약 봉투를 가져오세요.",
            "방문건강관리가 필요한 분은 현장에서 신청하실 수 있습니다.",
        ),
        audiences=(ANY, SENIOR, MIDLIFE),
        venues=("dong",),
        sessions=(1, 1),
        capacity=(30, 40),
        policies=("visiting_health",),
    ),
    ProgramTemplate(
        Category.HEALTH,
        P,
        "수면·스트레스 관리 교실",
        "잠이 잘 오지 않거나 스트레스가 많은 1인가구를 위한 생활습관 교실입니다.",
        (
            "수면 일기를 쓰며 나의 수면 습관을 살펴보고, 잠들기 전 루틴과 이완 운동을 배웁니다.",
            "불면이 오래 계속되면 정신건강복지센터 상담을 안내해 드립니다.",
        ),
        audiences=(ANY, YOUTH, MIDLIFE),
        venues=("center", "health"),
        sessions=(3, 4),
        capacity=(12, 20),
    ),
    ProgramTemplate(
        Category.HEALTH,
        E,
        "병원 안심동행 이용 설명회",
        "혼자 병원 가기 어려울 때 이용하는 병원 안심동행 서비스의 예약 방법과 요금을 알려 드립니다.",
        (
            "예약부터 동행매니저 도착, 진료 동행, 귀가까지 실제 이용 과정을 영상으로 보여 드립니다.",
            "현장에서 회원 가입과 첫 예약을 도와 드립니다.",
        ),
        audiences=(ANY, SENIOR, MIDLIFE),
        venues=("dong", "senior", "center"),
        sessions=(1, 1),
        capacity=(20, 40),
        policies=("hospital_companion",),
    ),
    ProgramTemplate(
        Category.HEALTH,
        C,
        "영양사 1:1 식단 상담",
        "식사 기록을 바탕으로 영양사가 나에게 맞는 식단과 장보기 목록을 함께 짭니다.",
        (
            "상담 전 3일 동안 먹은 음식을 기록해 오시면 더 자세한 상담을 받을 수 있습니다.",
            "만성질환이 있는 분은 보건소 영양 상담과 연계합니다.",
        ),
        audiences=(ANY, MIDLIFE, SENIOR),
        venues=("health", "center"),
        sessions=(1, 3),
        capacity=(8, 12),
        policies=("district_side_dishes", "healthy_meals"),
    ),
    ProgramTemplate(
        Category.HEALTH,
        G,
        "요가 소모임",
        "퇴근 후 함께 요가를 하며 몸을 풀고 이웃과 인사를 나누는 모임입니다.",
        (
            "요가 강사가 초보자 기준으로 진행하며, 매트는 센터에서 빌려 드립니다.",
            "모임 뒤에는 차 한잔과 함께 한 주를 나누는 시간을 갖습니다.",
        ),
        audiences=(YOUTH, WOMEN, ANY),
        sessions=(6, 10),
        capacity=(10, 16),
        fees=(0, 0, 5000),
    ),
)

# How a venue kind is preferred: the centre hosts most programmes of its district.
_VENUE_WEIGHTS = {
    "center": 6,
    "dong": 2,
    "welfare": 2,
    "health": 3,
    "youth": 2,
    "senior": 2,
    "library": 2,
    "park": 3,
}
_SEASONS = {12: "겨울", 1: "겨울", 2: "겨울", 3: "봄", 4: "봄", 5: "봄", 6: "여름", 7: "여름", 8: "여름"}


@dataclass(frozen=True)
class ProgramSpec:
    code: str
    title: str
    kind: str
    category: str
    district_code: str
    center_code: str | None
    policy_code: str | None
    summary: str
    description: str
    target: str
    place: str
    address: str
    latitude: float
    longitude: float
    starts_on: datetime.date
    ends_on: datetime.date
    schedule: str
    recruit_start: datetime.date
    recruit_end: datetime.date
    capacity: int
    enrolled: int
    fee: int
    contact: str


def district_counts(total: int = TOTAL_PROGRAMS) -> dict[str, int]:
    """Programmes per district: a floor for every district, the rest by single-household share."""
    rest = total - MIN_PER_DISTRICT * len(DISTRICTS)
    households = sum(d.single_households for d in DISTRICTS)
    shares = {d.code: rest * d.single_households / households for d in DISTRICTS}
    counts = {code: MIN_PER_DISTRICT + int(share) for code, share in shares.items()}
    # Largest remainder, ties broken by code, so the counts add up to ``total``.
    leftovers = sorted(shares, key=lambda code: (-(shares[code] - int(shares[code])), code))
    for code in leftovers[: total - sum(counts.values())]:
        counts[code] += 1
    return counts


def _day(value: datetime.date) -> str:
    return f"{value.month}월 {value.day}일({WEEKDAYS[value.weekday()]})"


def _next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _recruiting(rng: random.Random, anchor: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """A recruiting window in one of three bands relative to the anchor."""
    length = rng.randint(10, 30)
    band = rng.choices(("closed", "open", "upcoming"), weights=(55, 30, 15))[0]
    if band == "closed":
        end = anchor - datetime.timedelta(days=rng.randint(1, 205))
        start = end - datetime.timedelta(days=length - 1)
    elif band == "open":
        start = anchor - datetime.timedelta(days=rng.randint(0, length - 1))
        end = start + datetime.timedelta(days=length - 1)
    else:
        start = anchor + datetime.timedelta(days=rng.randint(1, 60))
        end = start + datetime.timedelta(days=length - 1)
    return band, start, end


def _enrolled(rng: random.Random, band: str, capacity: int) -> int:
    if band == "upcoming":
        return 0
    if rng.random() < (0.35 if band == "closed" else 0.12):
        return capacity
    low = capacity // 2 if band == "closed" else 0
    return rng.randint(low, capacity - 1)


def _run(
    rng: random.Random, template: ProgramTemplate, audience: Audience, recruit_end: datetime.date
) -> tuple[datetime.date, datetime.date, str]:
    sessions = rng.randint(*template.sessions)
    weekday, hours = rng.choice(audience.slots)
    first = _next_weekday(recruit_end + datetime.timedelta(days=rng.randint(2, 9)), weekday)
    if template.kind == ProgramKind.EVENT:
        if rng.random() < 0.15 and weekday == 5:
            last = first + datetime.timedelta(days=1)
            return first, last, f"{first.year}년 {_day(first)}~{_day(last)} 10:00~17:00"
        return first, first, f"{first.year}년 {_day(first)} {hours}"
    if template.kind == ProgramKind.COUNSELING:
        weeks = max(sessions * 2, 4)
        last = first + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=3)
        if sessions == 1:
            return first, last, f"운영시간 중 예약한 시간 (1회 50분, 상담 기간 {_day(first)}~{_day(last)})"
        return first, last, f"운영시간 중 예약한 시간 (1회 50분, 최대 {sessions}회)"
    step = 2 if template.kind == ProgramKind.GROUP and rng.random() < 0.4 else 1
    last = first + datetime.timedelta(weeks=step * (sessions - 1))
    cadence = "격주" if step == 2 else "매주"
    if sessions == 1:
        return first, first, f"{first.year}년 {_day(first)} {hours}"
    return first, last, f"{cadence} {WEEKDAYS[weekday]}요일 {hours} (총 {sessions}회)"


def _pick_venue(
    rng: random.Random, template: ProgramTemplate, center: CenterSpec, venues: dict[str, list[Venue]]
) -> tuple[str, Venue]:
    kinds = list(template.venues)
    kind = rng.choices(kinds, weights=[_VENUE_WEIGHTS[k] for k in kinds])[0]
    if kind == "center":
        return kind, Venue("center", center.name, center.address, center.latitude, center.longitude)
    return kind, rng.choice(venues[kind])


def _resolve_policy(
    template: ProgramTemplate, district_code: str, policies: dict[tuple[str | None, str], str]
) -> str | None:
    for key in template.policies:
        code = policies.get((district_code, key)) or policies.get((None, key))
        if code:
            return code
    return None


def _title(template: ProgramTemplate, audience: Audience, first_day: datetime.date) -> str:
    season = _SEASONS.get(first_day.month, "가을")
    return template.title.replace("{a}", audience.prefix).replace("{s}", season)


def build_programs(
    seed: int, anchor: datetime.date, centers: list[CenterSpec], policies: list[PolicySpec]
) -> list[ProgramSpec]:
    """The demo programmes of every district, in district order, with codes G-<district>-<serial>."""
    rng = random.Random(f"{seed}:programs")
    center_by_district = {c.district_code: c for c in centers}
    policy_codes = {(p.district_code, p.key): p.code for p in policies}
    by_category: dict[str, list[ProgramTemplate]] = {}
    for template in TEMPLATES:
        by_category.setdefault(template.category, []).append(template)
    categories = list(Category.values)

    counts = district_counts()
    programs: list[ProgramSpec] = []
    for district in DISTRICTS:
        code = district.code
        center = center_by_district[code]
        venues = district_venues(code, rng)
        health_phone = seoul_phone(rng)
        runs: dict[str, int] = {}
        for serial in range(1, counts[code] + 1):
            category = rng.choices(categories, weights=(17, 17, 16, 26, 24))[0]
            options = [t for t in by_category[category] if not t.districts or code in t.districts]
            template = rng.choice(options)
            audience = AUDIENCES[rng.choice(template.audiences)]
            band, recruit_start, recruit_end = _recruiting(rng, anchor)
            starts_on, ends_on, schedule = _run(rng, template, audience, recruit_end)
            capacity = rng.randint(*template.capacity)
            venue_kind, venue = _pick_venue(rng, template, center, venues)

            title = _title(template, audience, starts_on)
            runs[title] = runs.get(title, 0) + 1
            if runs[title] > 1:
                # A repeated event is the N-th edition; a repeated course is the N-th cohort.
                title = (
                    f"제{runs[title]}회 {title}" if template.kind == ProgramKind.EVENT else f"{title} {runs[title]}기"
                )

            run_by_centre = venue_kind != "health"
            contact = (
                f"{center.name} {center.phone}"
                if run_by_centre
                else f"{district.name} 보건소 건강증진과 {health_phone}"
            )
            fee = rng.choice(template.fees)
            paragraphs = [p.replace("{d}", district.name).replace("{center}", center.name) for p in template.details]
            if fee:
                paragraphs.append(f"참가비 {fee:,}원은 재료비로 쓰이며 첫 모임 날 현장에서 받습니다.")
            paragraphs.append(
                "신청은 서울시 1인가구 포털에서 선착순으로 받습니다. 정원이 차면 대기자로 접수되며, "
                "취소가 생기면 대기 순서대로 연락드립니다."
            )
            programs.append(
                ProgramSpec(
                    code=f"G-{code}-{serial:04d}",
                    title=title,
                    kind=template.kind,
                    category=template.category,
                    district_code=code,
                    center_code=center.code if run_by_centre else None,
                    policy_code=_resolve_policy(template, code, policy_codes),
                    summary=template.summary,
                    description="\n\n".join(paragraphs),
                    target=audience.target.replace("{d}", district.name),
                    place=venue.name,
                    address=venue.address,
                    latitude=venue.latitude,
                    longitude=venue.longitude,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    schedule=schedule,
                    recruit_start=recruit_start,
                    recruit_end=recruit_end,
                    capacity=capacity,
                    enrolled=_enrolled(rng, band, capacity),
                    fee=fee,
                    contact=contact,
                )
            )
    return programs
