"""지원제도 of the demo: the city's policies named in the 2021 report and district policies.

Application windows are given in months relative to the anchor date, so a demo
loaded on any day shows some policies open, some closed and some 상시.
"""

# Korean prose is kept one sentence group per string so it reads as written.
# ruff: noqa: E501

from __future__ import annotations

import calendar
import dataclasses
import datetime
import random
from dataclasses import dataclass, field

from anshim.catalog.choices import Category, Sex
from anshim.geo.districts import BY_CODE, DISTRICTS
from anshim.portal.demo.places import DISTRICT_SITES

CITY_PORTAL = "https://1in.seoul.go.kr"
CITY_DEPT = "1인가구특별대책추진단"


@dataclass(frozen=True)
class Period:
    """An application window in whole months from the anchor's month; ``start`` None means 상시."""

    start: int | None = None
    months: int = 0
    note: str = "상시"

    def dates(self, anchor: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
        if self.start is None:
            return None, None
        first = _add_months(anchor.replace(day=1), self.start)
        last_month = _add_months(first, self.months - 1)
        last = last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])
        return first, last


ALWAYS = Period()


def window(start: int, months: int, note: str = "") -> Period:
    return Period(start=start, months=months, note=note)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


@dataclass(frozen=True)
class PolicySpec:
    key: str
    title: str
    category: str
    department: str
    summary: str
    target: str
    benefit: str
    how_to_apply: str
    where_to_apply: str
    contact: str
    url: str
    period: Period = field(default=ALWAYS)
    min_age: int | None = None
    max_age: int | None = None
    sex: str = Sex.ALL
    featured: bool = False
    district_code: str | None = None
    code: str = ""


def _lines(*items: str) -> str:
    return "\n".join(items)


CITY_POLICIES: tuple[PolicySpec, ...] = (
    # --- 안전 -------------------------------------------------------------
    PolicySpec(
        key="doorguard",
        title="1인가구 도어지킴이",
        category=Category.SAFETY,
        department=CITY_DEPT,
        summary="혼자 사는 만 18세 이상 시민의 1인가구 안전을 위해 현관 보안카메라 이용료를 1년간 지원합니다.",
        target=_lines(
            "서울시에 주민등록을 두고 혼자 사는 만 18세 이상 시민으로, 전세·월세 등 임차 주택에 사는 1인가구",
            "· 연간 3,000가구 내외를 자치구별 배정 가구 수 안에서 선착순으로 선정합니다.",
            "· 설치할 집에 와이파이(Wi-Fi) 인터넷이 연결되어 있어야 합니다.",
        ),
        benefit=_lines(
            "· 서울시 협약 요금 월 9,900원(시중가 월 18,750원)으로 3년간 이용",
            "· 최초 1년간 월 이용료 9,900원 중 8,900원을 지원해 본인 부담은 월 1,000원",
            "· 현관 보안카메라(움직임 감지, 배회자 알림, 방문자와 양방향 대화, 출입 기록 확인)",
            "· 실내 비상벨(SOS)과 24시간 긴급출동, 화재·도난·파손 보상 보험",
            "※ 주소를 옮기거나 중도에 해지하면 별도 비용이 생길 수 있습니다.",
        ),
        how_to_apply=(
            "서울시 1인가구 포털 또는 거주지 자치구 누리집에서 온라인으로 신청하거나, 신분증과 임대차계약서 사본을 "
            "가지고 동주민센터를 방문해 신청합니다. 자치구가 자격을 확인해 선정하면 보안업체가 연락해 설치 날짜를 정합니다."
        ),
        where_to_apply="거주지 자치구 1인가구 담당부서 · 동주민센터",
        contact="다산콜센터 120 · 거주지 자치구",
        url=f"{CITY_PORTAL}/policy/doorguard",
        period=window(-1, 4, "자치구별 배정 가구 수 소진 시 조기 마감"),
        min_age=18,
        featured=True,
    ),
    PolicySpec(
        key="patrol",
        title="안심마을 보안관",
        category=Category.SAFETY,
        department=CITY_DEPT,
        summary="1인가구가 많이 사는 골목을 심야에 안심마을 보안관이 걸어서 순찰하고 귀갓길을 지킵니다.",
        target=_lines(
            "안심마을 보안관 활동 구역(1인가구 밀집지역 중 주거침입 범죄에 취약한 구역 20곳 내외)에 사는 시민 누구나",
            "· 여성 1인가구가 많은 골목, 차량 순찰이 어려운 좁은 골목을 우선 선정합니다.",
        ),
        benefit=_lines(
            "· 구역마다 보안관 4명이 2인 1조로 주 5일, 밤 9시부터 새벽 2시 30분까지 도보 순찰",
            "· 늦은 귀갓길 동행, 수상한 사람·시설 신고, 고장 난 가로등·방범시설 발견 시 구청에 수리 요청",
            "· 위급 상황에서는 112·119와 바로 연계",
        ),
        how_to_apply=(
            "순찰 구역 안에서는 별도 신청 없이 보안관에게 도움을 요청하면 됩니다. 보안관 초소 위치와 순찰 시간은 "
            "자치구 누리집과 서울시 1인가구 포털 지도에서 확인할 수 있습니다."
        ),
        where_to_apply="안심마을 보안관 초소 · 자치구 안전 담당부서",
        contact="다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/patrol",
        featured=True,
    ),
    PolicySpec(
        key="safe_home_set",
        title="여성1인가구 안심홈세트",
        category=Category.SAFETY,
        department="여성안심정책담당관",
        summary="혼자 사는 여성의 집에 현관 보조잠금장치, 창문 잠금장치, 휴대용 비상벨 같은 안전장비를 지원합니다.",
        target=_lines(
            "서울시에 사는 여성 1인가구로 전세보증금 2억 원 이하 또는 월세로 사는 사람",
            "· 기준 중위소득 150% 이하를 우선 지원하며, 자치구별 예산 범위 안에서 선정합니다.",
        ),
        benefit=_lines(
            "다음 장비 중 필요한 것을 골라 지원합니다(가구당 최대 3종).",
            "· 현관문 보조잠금장치와 안전걸쇠",
            "· 창문 잠금장치·방범 스티커",
            "· 문열림 감지 센서(휴대전화 알림)",
            "· 휴대용 긴급 비상벨",
            "· 스마트 초인종(방문자 영상 확인)",
        ),
        how_to_apply="거주지 자치구 누리집 공고를 확인하고 온라인 또는 동주민센터 방문으로 신청합니다. 설치가 필요한 장비는 전문 기사가 방문해 달아 드립니다.",
        where_to_apply="거주지 자치구 · 동주민센터",
        contact="다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/safe-home-set",
        period=window(-3, 3, "예산 소진 시 조기 마감"),
        min_age=19,
        sex=Sex.FEMALE,
        featured=True,
    ),
    PolicySpec(
        key="safety_devices",
        title="1인가구 안심장비 지원",
        category=Category.SAFETY,
        department=CITY_DEPT,
        summary="스마트 초인종, 가정용 CCTV, 현관문 안전걸쇠 등 집 안팎의 안심장비를 자치구 기준에 따라 지원합니다.",
        target=_lines(
            "서울시에 사는 1인가구(자치구별 세부 기준 적용)",
            "· 범죄 피해 우려가 큰 가구, 혼자 사는 여성·어르신 등을 자치구 선정위원회가 우선 선정합니다.",
        ),
        benefit=_lines(
            "· 스마트 초인종: 방문자 영상 확인과 녹화",
            "· 가정용 CCTV: 외출 중 집 안 상황 확인",
            "· 현관문 안전걸쇠·보조키: 문을 연 채로 방문자 확인",
            "※ 2023년부터 도어지킴이 사업을 포함해 자치구가 장비 구성을 정합니다.",
        ),
        how_to_apply="자치구 모집 공고 기간에 자치구 누리집이나 동주민센터에서 신청서를 냅니다. 선정 결과는 문자로 알려 드립니다.",
        where_to_apply="거주지 자치구 · 동주민센터",
        contact="거주지 자치구 1인가구 담당부서",
        url=f"{CITY_PORTAL}/policy/safety-devices",
        period=window(1, 2, "자치구별 공고 일정이 다를 수 있습니다"),
    ),
    PolicySpec(
        key="safe_return_scout",
        title="안심귀가 스카우트",
        category=Category.SAFETY,
        department="여성안심정책담당관",
        summary="밤늦게 귀가할 때 신청하면 스카우트 2명이 집 앞까지 함께 걸어 줍니다.",
        target="늦은 시간 혼자 귀가하는 서울 시민 누구나(여성·청소년 우선)",
        benefit=_lines(
            "· 평일 밤 10시부터 새벽 1시까지 지하철역·버스정류장에서 집 앞까지 2인 1조 동행",
            "· 동행하지 않는 시간에는 골목 순찰과 위험 지역 점검",
            "· 이용료 없음",
        ),
        how_to_apply="도착 30분 전까지 다산콜센터(120), 자치구 상황실 또는 안심이 앱으로 신청합니다. 만날 장소와 시간을 알려 주시면 스카우트가 기다립니다.",
        where_to_apply="다산콜센터 120 · 안심이 앱",
        contact="다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/safe-return-scout",
    ),
    PolicySpec(
        key="ansimi_app",
        title="서울시 안심이 앱",
        category=Category.SAFETY,
        department="스마트도시정책관",
        summary="위급할 때 앱을 흔들거나 버튼을 누르면 주변 CCTV 관제센터가 위치를 보고 경찰과 함께 대응합니다.",
        target="서울 시민 누구나(스마트폰 사용자)",
        benefit=_lines(
            "· 긴급 신고: 위치와 주변 CCTV 영상을 자치구 관제센터에 바로 전달",
            "· 귀갓길 모니터링: 도착할 때까지 보호자와 관제센터가 이동 경로 확인",
            "· 안심귀가 스카우트 신청, 주변 안전시설(지킴이집·안심택배함) 찾기",
        ),
        how_to_apply="앱 마켓에서 '안심이'를 내려받아 본인 인증을 하고 보호자 연락처를 등록하면 바로 쓸 수 있습니다.",
        where_to_apply="안심이 앱",
        contact="다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/ansimi",
    ),
    PolicySpec(
        key="parcel_locker",
        title="안심택배함",
        category=Category.SAFETY,
        department="여성안심정책담당관",
        summary="택배를 집 앞 대신 동네 무인 보관함에서 받아 주소와 얼굴을 드러내지 않도록 돕습니다.",
        target="서울 시민 누구나(혼자 사는 시민 권장)",
        benefit=_lines(
            "· 지하철역, 주민센터, 공원 등에 설치된 무인 택배보관함 이용",
            "· 보관 48시간까지 무료, 이후 하루 1,000원",
            "· 받는 사람 휴대전화로 인증번호를 보내 본인만 꺼낼 수 있음",
        ),
        how_to_apply="물건을 주문할 때 배송지를 가까운 안심택배함 주소로 적습니다. 도착 알림 문자의 인증번호로 보관함을 엽니다.",
        where_to_apply="가까운 안심택배함(안심이 앱·포털 지도에서 확인)",
        contact="다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/parcel-locker",
    ),
    PolicySpec(
        key="safety_shelter",
        title="여성안심지킴이집",
        category=Category.SAFETY,
        department="여성안심정책담당관",
        summary="위험을 느낄 때 가까운 24시간 편의점에 들어가 도움을 청하면 경찰과 바로 연결해 줍니다.",
        target="위험에 처했거나 불안을 느끼는 시민 누구나",
        benefit=_lines(
            "· 지킴이집 표시가 붙은 편의점에서 잠시 몸을 피할 수 있음",
            "· 점주·직원이 비상벨로 112에 신고하고 경찰이 올 때까지 보호",
        ),
        how_to_apply="신청 절차는 없습니다. 문에 '여성안심지킴이집' 표지가 붙은 편의점에 들어가 도움을 요청하세요.",
        where_to_apply="지킴이집 지정 편의점",
        contact="경찰 112 · 다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/safety-shelter",
    ),
    # --- 주거 -------------------------------------------------------------
    PolicySpec(
        key="youth_rent",
        title="청년 월세지원",
        category=Category.HOUSING,
        department="청년정책담당관",
        summary="월세로 사는 무주택 청년에게 월 20만 원씩 최대 10개월 동안 월세를 지원합니다.",
        target=_lines(
            "서울시에 사는 만 19~39세 무주택 청년 1인가구",
            "· 기준 중위소득 150% 이하",
            "· 임차보증금 5천만 원 이하이고 월세 60만 원 이하인 주택에 거주",
            "· 국민기초생활보장 주거급여 수급자, 공공임대주택 거주자는 제외",
        ),
        benefit="월 20만 원씩 최대 10개월(생애 1회). 선정 후 매월 월세 납부 내역을 확인해 본인 계좌로 지급합니다.",
        how_to_apply="청년몽땅정보통 누리집에서 온라인으로 신청하고 임대차계약서, 월세 이체 내역을 올립니다. 신청자가 많으면 소득이 낮은 순서로 선정합니다.",
        where_to_apply="청년몽땅정보통(온라인)",
        contact="청년 월세지원 콜센터 · 다산콜센터 120",
        url="https://youth.seoul.go.kr",
        period=window(0, 1, "모집 인원 초과 시 소득 순 선정"),
        min_age=19,
        max_age=39,
        featured=True,
    ),
    PolicySpec(
        key="station_youth_housing",
        title="역세권 청년주택",
        category=Category.HOUSING,
        department="공공주택과",
        summary="지하철역 가까운 곳에 청년이 주변 시세보다 싸게 오래 살 수 있는 임대주택을 공급합니다(현 청년안심주택).",
        target=_lines(
            "만 19~39세 무주택 청년(대학생·사회초년생·신혼부부)",
            "· 공공임대: 본인 소득 기준 도시근로자 월평균소득 100% 이하 등",
            "· 민간임대 특별공급: 도시근로자 월평균소득 120% 이하 등",
        ),
        benefit=_lines(
            "· 공공임대: 주변 시세의 30~50% 수준 임대료",
            "· 민간임대: 주변 시세의 75~85% 수준 임대료",
            "· 최장 6~10년 거주(유형별 상이), 임차보증금 무이자 지원 연계",
        ),
        how_to_apply="서울주거포털과 SH공사 누리집의 단지별 모집공고를 확인하고 온라인 청약을 합니다. 서류심사 후 추첨으로 입주자를 정합니다.",
        where_to_apply="서울주거포털 · SH서울주택도시공사",
        contact="서울주거포털 상담센터",
        url="https://housing.seoul.go.kr",
        period=window(-2, 1, "단지별 모집공고에 따름"),
        min_age=19,
        max_age=39,
    ),
    PolicySpec(
        key="housing_voucher",
        title="서울형 주택바우처",
        category=Category.HOUSING,
        department="주택정책과",
        summary="월세로 사는 저소득 가구에 매달 임차료 일부를 바우처로 지원합니다.",
        target=_lines(
            "서울시에 사는 월세(보증부 월세 포함) 가구로 기준 중위소득 60% 이하",
            "· 일반재산·금융재산 기준 충족",
            "· 국민기초생활보장 주거급여 수급 가구는 제외",
        ),
        benefit="1인 가구 기준 월 8만 원(가구원 수에 따라 최대 월 10만 원대)을 최대 10개월 지급",
        how_to_apply="신분증과 임대차계약서를 가지고 주민등록상 동주민센터를 방문해 신청합니다. 소득·재산 조사 후 결과를 알려 드립니다.",
        where_to_apply="주민등록상 동주민센터",
        contact="서울주택도시공사 주거복지처 · 다산콜센터 120",
        url="https://housing.seoul.go.kr",
    ),
    PolicySpec(
        key="youth_deposit_loan",
        title="청년 임차보증금 이자지원",
        category=Category.HOUSING,
        department="주택정책과",
        summary="전월세 보증금 대출을 받은 청년에게 대출 이자의 일부를 서울시가 대신 갚아 줍니다.",
        target=_lines(
            "서울시에 살거나 이사할 예정인 만 19~39세 무주택 청년(세대주 또는 세대주 예정자)",
            "· 본인 연소득 4천만 원 이하(미혼 기준)",
            "· 임차보증금 3억 원 이하 주택",
        ),
        benefit="최대 7천만 원 대출에 대해 연 최대 3%의 이자를 최장 8년간 지원",
        how_to_apply="서울주거포털에서 추천서를 온라인으로 신청한 뒤, 추천서를 가지고 협약 은행 지점에서 대출을 받습니다.",
        where_to_apply="서울주거포털(온라인) · 협약 은행",
        contact="서울주거포털 상담센터",
        url="https://housing.seoul.go.kr",
        min_age=19,
        max_age=39,
    ),
    PolicySpec(
        key="safe_contract",
        title="1인가구 전월세 안심계약 도움서비스",
        category=Category.HOUSING,
        department=CITY_DEPT,
        summary="집을 처음 구하거나 계약이 불안한 1인가구에게 주거안심매니저가 상담, 집보기 동행, 계약 점검을 무료로 돕습니다.",
        target="서울시에서 전월세 집을 구하는 1인가구(사회초년생·청년·어르신 우선)",
        benefit=_lines(
            "· 주거안심매니저(공인중개사) 1:1 상담: 시세, 대출·보증보험, 계약서 읽는 법",
            "· 집보기 동행: 누수·곰팡이·채광·방범시설 점검",
            "· 계약 전 등기부등본·건축물대장 확인, 주거 관련 지원제도 안내",
            "· 이용료 없음",
        ),
        how_to_apply="서울시 1인가구 포털에서 원하는 날짜와 상담 분야를 골라 예약하면 매니저가 전화로 일정을 확정합니다.",
        where_to_apply="서울시 1인가구 포털(온라인 예약)",
        contact="서울시 전월세종합지원센터",
        url=f"{CITY_PORTAL}/policy/safe-contract",
        featured=True,
    ),
    PolicySpec(
        key="youth_moving",
        title="청년 부동산 중개보수 및 이사비 지원",
        category=Category.HOUSING,
        department="청년정책담당관",
        summary="서울로 이사하거나 서울 안에서 이사한 무주택 청년에게 중개보수와 이사비를 실비로 지원합니다.",
        target=_lines(
            "만 19~39세 무주택 청년으로 이사한 지 3개월이 지나지 않은 사람",
            "· 기준 중위소득 150% 이하, 전세보증금 2억 원 이하 또는 월세 주택",
        ),
        benefit="중개보수·이사비 실비를 합쳐 최대 40만 원(생애 1회)",
        how_to_apply="청년몽땅정보통에서 신청하고 중개보수 영수증, 이사 비용 영수증, 임대차계약서를 올립니다.",
        where_to_apply="청년몽땅정보통(온라인)",
        contact="다산콜센터 120",
        url="https://youth.seoul.go.kr",
        period=window(1, 2, "예산 소진 시 조기 마감"),
        min_age=19,
        max_age=39,
    ),
    PolicySpec(
        key="house_repair",
        title="희망의 집수리",
        category=Category.HOUSING,
        department="주거환경개선과",
        summary="낡은 집에 사는 저소득 가구에 도배·장판, 단열, 창호, 보일러 같은 집수리를 지원합니다.",
        target="기준 중위소득 60% 이하이면서 자가 또는 전월세 주택에 사는 가구(혼자 사는 어르신·장애인 우선)",
        benefit="가구당 250만 원 안팎의 집수리 공사(도배·장판, 단열, 방수, 창호, 안전손잡이 등)",
        how_to_apply="동주민센터에 신청하면 자치구가 현장을 확인하고 공사 범위를 정해 지정 업체가 시공합니다. 전월세 가구는 집주인 동의가 필요합니다.",
        where_to_apply="동주민센터",
        contact="거주지 자치구 주택 담당부서",
        url="https://housing.seoul.go.kr",
        period=window(-6, 2),
    ),
    PolicySpec(
        key="mobile_laundry",
        title="고시원 밀집지역 이동빨래방",
        category=Category.HOUSING,
        department=CITY_DEPT,
        summary="세탁기를 두기 어려운 고시원·쪽방 밀집지역에 세탁 차량이 찾아가 빨래와 건조를 무료로 해 드립니다.",
        target="고시원·쪽방 등 세탁시설이 부족한 주거에 사는 1인가구",
        benefit=_lines(
            "· 정해진 요일에 세탁·건조 차량 운영(1인 1회 이불 1채 또는 의류 한 바구니)",
            "· 세제·섬유유연제 제공, 이용료 없음",
            "· 기다리는 동안 건강 상담과 복지 상담 연계",
        ),
        how_to_apply="운영 장소와 요일은 자치구 누리집과 포털에 안내합니다. 현장에서 이름과 연락처를 적으면 바로 이용할 수 있습니다.",
        where_to_apply="이동빨래방 운영 현장",
        contact="다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/mobile-laundry",
    ),
    PolicySpec(
        key="housing_upgrade",
        title="주거취약 1인가구 주거상향 지원",
        category=Category.HOUSING,
        department="주거정책과",
        summary="고시원·반지하·쪽방에 사는 1인가구가 공공임대주택으로 옮겨 갈 수 있도록 상담부터 이사까지 돕습니다.",
        target="고시원, 쪽방, 반지하 등 주택 이외의 거처나 침수 우려 주택에 3개월 이상 산 1인가구",
        benefit=_lines(
            "· 공공임대주택(매입임대·전세임대) 입주 신청 지원",
            "· 임대보증금 무이자 지원, 이사비·생활용품 지원",
            "· 이사 후 6개월간 주거 코디네이터 방문 상담",
        ),
        how_to_apply="동주민센터나 주거안심종합센터에 상담을 신청하면 코디네이터가 자격을 확인하고 입주 신청을 함께 준비합니다.",
        where_to_apply="동주민센터 · 주거안심종합센터",
        contact="다산콜센터 120",
        url="https://housing.seoul.go.kr",
    ),
    # --- 경제·일자리 --------------------------------------------------------
    PolicySpec(
        key="basic_security",
        title="서울형 기초보장제",
        category=Category.ECONOMY,
        department="복지정책과",
        summary="국민기초생활보장 기준에는 맞지 않지만 생활이 어려운 서울시민에게 생계급여와 해산·장제급여를 지원합니다.",
        target=_lines(
            "서울시에 6개월 이상 거주한 가구로 다음 기준을 모두 충족하는 가구",
            "· 소득평가액이 기준 중위소득 46% 이하",
            "· 재산 기준 충족(1인 가구 기준 재산 합계 1억 5,500만 원 이하)",
            "· 국민기초생활보장 수급자가 아닐 것",
        ),
        benefit="생계급여: 국민기초생활보장 생계급여의 2분의 1 수준을 매월 지급(소득에 따라 차등). 출산 시 해산급여, 사망 시 장제급여 지원",
        how_to_apply="신분증을 가지고 주민등록상 동주민센터에서 신청합니다. 소득·재산 조사 뒤 30일 안에 결과를 알려 드립니다.",
        where_to_apply="주민등록상 동주민센터",
        contact="다산콜센터 120 · 보건복지상담센터 129",
        url="https://wis.seoul.go.kr",
    ),
    PolicySpec(
        key="emergency_welfare",
        title="서울형 긴급복지",
        category=Category.ECONOMY,
        department="복지정책과",
        summary="실직, 질병, 화재처럼 갑자기 생계가 어려워진 가구에 생계비·의료비·주거비를 빠르게 지원합니다.",
        target=_lines(
            "주소득자의 실직·휴폐업, 중한 질병이나 부상, 화재, 가정폭력 등 위기 상황에 놓인 서울 시민",
            "· 기준 중위소득 100% 이하",
            "· 재산·금융재산 기준 충족(자치구 사례회의로 예외 인정 가능)",
        ),
        benefit=_lines(
            "· 생계비: 가구원 수에 따라 차등 지원(1인 가구도 지원)",
            "· 의료비·주거비: 각각 최대 100만 원",
            "· 교육비, 연료비, 전기요금 등 위기 상황에 맞는 지원",
        ),
        how_to_apply="동주민센터에 위기 상황을 알리면 담당 공무원이 상담 후 먼저 지원하고 나중에 서류를 확인합니다. 이웃이 대신 알려도 됩니다.",
        where_to_apply="동주민센터 · 다산콜센터 120",
        contact="다산콜센터 120 · 보건복지상담센터 129",
        url="https://wis.seoul.go.kr",
    ),
    PolicySpec(
        key="youth_allowance",
        title="서울 청년수당",
        category=Category.ECONOMY,
        department="청년정책담당관",
        summary="일자리를 찾는 미취업 청년에게 월 50만 원씩 최대 6개월 구직활동비를 지원합니다.",
        target=_lines(
            "서울시에 사는 만 19~34세 미취업 청년",
            "· 기준 중위소득 150% 이하",
            "· 주 30시간 이하 단시간 근로자도 신청 가능",
        ),
        benefit="월 50만 원씩 최대 6개월, 청년 마음건강·진로 상담 등 성장 프로그램 연계",
        how_to_apply="청년몽땅정보통에서 모집 기간에 온라인으로 신청합니다. 선정되면 매월 활동보고서를 내고 수당을 받습니다.",
        where_to_apply="청년몽땅정보통(온라인)",
        contact="서울청년센터 · 다산콜센터 120",
        url="https://youth.seoul.go.kr",
        period=window(-4, 1, "정기 모집(연 1~2회)"),
        min_age=19,
        max_age=34,
    ),
    PolicySpec(
        key="youth_savings",
        title="희망두배 청년통장",
        category=Category.ECONOMY,
        department="자립지원과",
        summary="일하는 청년이 매달 저축하면 같은 금액을 서울시가 더해 목돈 마련을 돕습니다.",
        target=_lines(
            "서울시에 사는 만 18~34세 근로 청년",
            "· 본인 월 소득 255만 원 이하, 부모 소득 기준 충족",
        ),
        benefit="매월 10만 원 또는 15만 원을 2년 또는 3년 저축하면 같은 금액을 매칭 지원(최대 1,080만 원 적립)",
        how_to_apply="서울시복지재단 누리집에서 모집 기간에 신청합니다. 선정되면 금융교육을 받고 통장을 개설합니다.",
        where_to_apply="서울시복지재단(온라인)",
        contact="서울시복지재단 자산형성지원",
        url="https://wis.seoul.go.kr",
        period=window(2, 1),
        min_age=18,
        max_age=34,
    ),
    PolicySpec(
        key="plus50_jobs",
        title="50+ 보람일자리",
        category=Category.ECONOMY,
        department="중장년정책과",
        summary="만 50~67세 중장년이 경력을 살려 지역사회에서 일하고 활동비를 받는 사회공헌 일자리입니다.",
        target="서울시에 사는 만 50~67세 중장년(분야별 자격 요건 상이)",
        benefit="월 57시간 안팎 활동, 시간당 활동비 지급(4대 보험 일부 적용), 직무교육 제공",
        how_to_apply="서울시50플러스포털에서 분야별 모집공고를 확인하고 온라인으로 지원합니다. 서류와 면접으로 선발합니다.",
        where_to_apply="서울시50플러스포털 · 50플러스센터",
        contact="서울시50플러스재단",
        url="https://www.50plus.or.kr",
        period=window(-1, 2),
        min_age=50,
        max_age=67,
    ),
    PolicySpec(
        key="senior_jobs",
        title="어르신 일자리 및 사회활동 지원",
        category=Category.ECONOMY,
        department="어르신복지과",
        summary="만 65세 이상 어르신에게 공익활동, 사회서비스형 일자리를 연결해 소득과 사회참여를 돕습니다.",
        target="만 65세 이상 어르신(공익활동은 기초연금 수급자, 사회서비스형은 만 65세 이상 누구나)",
        benefit=_lines(
            "· 공익활동: 월 30시간 활동, 월 29만 원 안팎 활동비",
            "· 사회서비스형: 월 60시간 근무, 인건비 지급",
            "· 혼자 사는 어르신 안부 확인, 학교 급식 지원 등 다양한 활동",
        ),
        how_to_apply="연말 모집 기간에 동주민센터, 노인복지관, 시니어클럽에 신청합니다.",
        where_to_apply="동주민센터 · 노인복지관 · 시니어클럽",
        contact="다산콜센터 120",
        url="https://wis.seoul.go.kr",
        period=window(0, 1, "연 1회 정기 모집"),
        min_age=65,
    ),
    PolicySpec(
        key="financial_counseling",
        title="서울금융복지상담센터 재무상담",
        category=Category.ECONOMY,
        department="복지정책과",
        summary="빚이나 생활비 문제로 어려운 시민에게 재무설계, 채무조정, 개인회생·파산 절차를 무료로 상담해 드립니다.",
        target="서울 시민 누구나(채무로 어려움을 겪는 1인가구 우선)",
        benefit=_lines(
            "· 재무상담: 가계부 점검, 지출 줄이기, 비상금 계획",
            "· 채무조정: 신용회복위원회 연계, 개인회생·파산 신청 서류 작성 지원",
            "· 공공일자리·복지 서비스 연계",
        ),
        how_to_apply="전화나 누리집으로 가까운 상담센터를 예약하고 소득·채무 관련 서류를 가지고 방문합니다.",
        where_to_apply="자치구 서울금융복지상담센터",
        contact="서울금융복지상담센터 대표전화",
        url="https://wis.seoul.go.kr",
    ),
    PolicySpec(
        key="middle_age_jobs",
        title="중장년 1인가구 일자리 연계",
        category=Category.ECONOMY,
        department=CITY_DEPT,
        summary="일자리를 잃었거나 새 일을 찾는 중장년 1인가구에게 직업상담, 교육, 일자리 알선을 한 번에 제공합니다.",
        target="서울시에 사는 만 50~64세 1인가구로 일자리를 찾고 있는 사람",
        benefit=_lines(
            "· 1:1 직업상담과 이력서·면접 준비",
            "· 돌봄, 시설관리, 배송 등 단기 직무교육(교육비 무료)",
            "· 지역 기업·공공기관 일자리 알선, 취업 후 3개월 사후관리",
        ),
        how_to_apply="가까운 1인가구지원센터나 50플러스센터에 상담을 예약합니다.",
        where_to_apply="자치구 1인가구지원센터 · 50플러스센터",
        contact="자치구 1인가구지원센터",
        url=f"{CITY_PORTAL}/policy/middle-age-jobs",
        min_age=50,
        max_age=64,
    ),
    # --- 외로움 -----------------------------------------------------------
    PolicySpec(
        key="social_network",
        title="사회적관계망 지원",
        category=Category.LONELINESS,
        department=CITY_DEPT,
        summary="자치구 1인가구지원센터의 소모임, 함께 요리, 취미·봉사 활동으로 혼자 사는 이웃이 서로 알고 지내도록 돕습니다.",
        target="서울시에 사는 1인가구 누구나(프로그램별 연령 기준 상이)",
        benefit=_lines(
            "· 요리, 운동, 독서, 반려식물 등 주제별 소모임 참여(대부분 무료)",
            "· 5명 이상이 모인 자율 소모임에 모임 공간과 활동비 지원",
            "· 명절·연말 함께 식사하는 모임, 동네 산책 모임",
        ),
        how_to_apply="서울시 1인가구 포털의 참여프로그램에서 원하는 모임을 골라 신청합니다. 자율 소모임은 지원센터에 모임 계획서를 냅니다.",
        where_to_apply="서울시 1인가구 포털 · 자치구 1인가구지원센터",
        contact="자치구 1인가구지원센터",
        url=f"{CITY_PORTAL}/policy/social-network",
        featured=True,
    ),
    PolicySpec(
        key="mind_counseling",
        title="마음상담",
        category=Category.LONELINESS,
        department=CITY_DEPT,
        summary="외로움이나 우울감으로 힘든 1인가구에게 전문 상담사가 1:1 심리상담을 무료로 해 드립니다.",
        target="서울시에 사는 1인가구로 외로움, 우울, 불안 등 마음의 어려움이 있는 사람",
        benefit=_lines(
            "· 전문 상담사 1:1 심리상담 최대 8회(1회 50분), 이용료 없음",
            "· 상담 전후 마음건강 검사와 결과 설명",
            "· 필요하면 정신건강복지센터·병원 치료 연계",
        ),
        how_to_apply="포털이나 지원센터에 상담을 신청하면 사전 검사 후 가까운 상담 기관과 시간을 정해 드립니다.",
        where_to_apply="서울시 1인가구 포털 · 자치구 1인가구지원센터",
        contact="자치구 1인가구지원센터 · 정신건강위기상담 1577-0199",
        url=f"{CITY_PORTAL}/policy/mind-counseling",
    ),
    PolicySpec(
        key="neighbour_watch",
        title="이웃살피미",
        category=Category.LONELINESS,
        department="복지정책과",
        summary="동네 주민이 이웃살피미가 되어 고립 위험이 있는 1인가구의 안부를 살피고 필요한 도움을 연결합니다.",
        target=_lines(
            "· 이웃살피미 활동: 동네를 잘 아는 주민, 통·반장, 상인 누구나",
            "· 살핌 대상: 사회적으로 고립될 우려가 있는 중장년·어르신 1인가구",
        ),
        benefit=_lines(
            "· 정기 안부 방문과 전화, 함께 식사·산책",
            "· 위기 징후(우편물 쌓임, 연락 두절 등) 발견 시 동주민센터에 알리고 복지 서비스 연계",
            "· 활동하는 주민에게 교육과 활동비 지원",
        ),
        how_to_apply="활동하고 싶은 주민은 동주민센터에 신청합니다. 도움이 필요한 이웃이 있으면 동주민센터나 120에 알려 주세요.",
        where_to_apply="동주민센터",
        contact="동주민센터 · 다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/neighbour-watch",
    ),
    PolicySpec(
        key="mentoring",
        title="성별·세대별 1인가구 상담 멘토링",
        category=Category.LONELINESS,
        department=CITY_DEPT,
        summary="상담·심리를 공부하는 대학생과 자원봉사 멘토가 성별·세대가 맞는 1인가구와 그룹으로 만나 이야기를 나눕니다.",
        target="동대문구·동작구·마포구에 사는 1인가구로 새로운 사람과 관계를 맺고 싶은 사람",
        benefit=_lines(
            "· 멘토 1명과 멘티 3명 안팎의 그룹 멘토링(월 2회, 약 4개월)",
            "· 성별·세대가 비슷한 사람끼리 그룹 구성",
            "· 활동 전후 외로움 척도 검사와 결과 상담",
        ),
        how_to_apply="세 자치구 1인가구지원센터에 전화하거나 포털에서 신청합니다. 멘토도 같은 곳에서 모집합니다.",
        where_to_apply="동대문구·동작구·마포구 1인가구지원센터",
        contact="해당 자치구 1인가구지원센터",
        url=f"{CITY_PORTAL}/policy/mentoring",
        period=window(-1, 2),
    ),
    PolicySpec(
        key="ai_check_in",
        title="AI 안부확인 서비스",
        category=Category.LONELINESS,
        department="복지정책과",
        summary="인공지능이 정기적으로 전화를 걸어 안부와 건강을 묻고, 여러 번 받지 않으면 담당자가 직접 확인합니다.",
        target="혼자 사는 만 50세 이상 중장년·어르신 중 안부 확인을 원하거나 고립 위험이 있는 사람",
        benefit=_lines(
            "· 주 1~2회 AI 안부 전화(식사, 수면, 건강, 기분 질문)",
            "· 세 번 연속 받지 않으면 동주민센터 담당자가 전화하거나 방문",
            "· 대화 내용에서 위험 신호가 보이면 복지 상담 연계",
        ),
        how_to_apply="동주민센터에 신청하거나 다산콜센터 120으로 신청합니다. 가족이 대신 신청해도 됩니다.",
        where_to_apply="동주민센터 · 다산콜센터 120",
        contact="다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/ai-check-in",
        min_age=50,
    ),
    # --- 질병 -------------------------------------------------------------
    PolicySpec(
        key="hospital_companion",
        title="병원 안심동행",
        category=Category.HEALTH,
        department=CITY_DEPT,
        summary="혼자 병원에 가기 어려운 시민에게 동행매니저가 집에서 병원까지, 진료부터 귀가까지 함께합니다.",
        target="혼자 병원에 가기 어려운 서울 시민 누구나(1인가구, 거동이 불편한 사람 등)",
        benefit=_lines(
            "· 집에서 출발해 병원 접수·수납, 진료 동행, 약국, 귀가까지 동행",
            "· 이용 시간: 평일 07~20시, 주말 09~18시(주말은 사전 예약)",
            "· 이용료: 시간당 5,000원, 이후 30분마다 2,500원(교통비는 본인 부담)",
            "· 기준 중위소득 100% 이하는 연 48회까지 무료",
            "· 한 달 최대 10회, 연 최대 200시간까지 이용",
            "※ 2021년 시작 당시에는 1인당 연 6회, 07~20시 운영이었습니다. 야간·새벽 응급 상황은 119를 이용하세요.",
        ),
        how_to_apply=(
            "이용 7일 전부터 당일까지 콜센터나 서울시 1인가구 포털로 예약합니다. 당일 예약은 신청 후 3시간 안에 "
            "동행매니저가 도착하며, 확정되면 매니저 사진과 도착 시간을 알림톡으로 보내 드립니다. 당일·현장 취소는 "
            "13,000원의 취소 수수료가 있고, 반복해서 취소하면 한 달간 이용이 제한됩니다."
        ),
        where_to_apply="병원 안심동행 콜센터 · 서울시 1인가구 포털",
        contact="병원 안심동행 콜센터 · 다산콜센터 120",
        url=f"{CITY_PORTAL}/policy/hospital-companion",
        featured=True,
    ),
    PolicySpec(
        key="ai_iot_health",
        title="AI·IoT 어르신 건강관리",
        category=Category.HEALTH,
        department="보건의료정책과",
        summary="혼자 사는 어르신이 스마트밴드와 앱으로 걷기·수면·혈압을 관리하고 보건소 전문가의 코칭을 받습니다.",
        target="서울시에 사는 만 65세 이상 어르신 중 고혈압·당뇨 전 단계 등 건강관리가 필요한 사람",
        benefit=_lines(
            "· 스마트밴드 대여와 건강관리 앱 설치 지원",
            "· 6개월간 간호사·영양사·운동처방사의 비대면 건강 코칭",
            "· AI 스피커로 복약 알림과 안부 확인(희망자)",
        ),
        how_to_apply="거주지 보건소 방문건강관리팀에 전화로 신청하면 기초 건강검사 후 참여를 안내합니다.",
        where_to_apply="거주지 보건소",
        contact="거주지 보건소 방문건강관리팀",
        url=f"{CITY_PORTAL}/policy/ai-iot-health",
        min_age=65,
    ),
    PolicySpec(
        key="visiting_health",
        title="찾아가는 동주민센터 방문건강관리",
        category=Category.HEALTH,
        department="보건의료정책과",
        summary="동주민센터 방문간호사가 집으로 찾아가 건강상태를 확인하고 만성질환 관리와 필요한 서비스를 연결합니다.",
        target=_lines(
            "· 만 65세·70세가 되는 어르신",
            "· 혼자 사는 중장년·어르신 중 건강 위험이 있는 사람",
            "· 기초생활수급자, 차상위계층 등 건강관리가 필요한 가구",
        ),
        benefit=_lines(
            "· 방문간호사의 혈압·혈당 측정, 복약 확인, 낙상 위험 점검",
            "· 보건소 만성질환 관리, 치매 검진, 정신건강 상담 연계",
            "· 이용료 없음",
        ),
        how_to_apply="동주민센터에 전화하거나 방문해 신청합니다. 대상자에게는 동주민센터가 먼저 연락하기도 합니다.",
        where_to_apply="동주민센터",
        contact="동주민센터 방문간호사",
        url=f"{CITY_PORTAL}/policy/visiting-health",
    ),
    PolicySpec(
        key="midlife_healthcare",
        title="중장년 1인가구 헬스케어",
        category=Category.HEALTH,
        department=CITY_DEPT,
        summary="혼자 사는 만 50세 이상 중장년의 생활건강·사회관계·생활안전을 살피고 맞춤 건강관리를 제공합니다.",
        target="서울시에 사는 만 50세 이상 중장년 1인가구(참여 자치구 거주자 우선)",
        benefit=_lines(
            "· 생활건강, 사회관계, 생활안전 설문으로 건강 위험 확인",
            "· 건강교육, 운동·영양 프로그램, 정기 모니터링과 1:1 건강 컨설팅",
            "· 위험 신호가 있으면 보건소·병원·복지 서비스 연계",
        ),
        how_to_apply="참여 자치구 1인가구지원센터나 보건소에 신청하면 설문과 기초 건강검사 일정을 알려 드립니다.",
        where_to_apply="자치구 1인가구지원센터 · 보건소",
        contact="자치구 1인가구지원센터",
        url=f"{CITY_PORTAL}/policy/midlife-healthcare",
        period=window(0, 3),
        min_age=50,
        featured=True,
    ),
    PolicySpec(
        key="paid_sick_leave",
        title="서울형 유급병가지원",
        category=Category.HEALTH,
        department="보건의료정책과",
        summary="아파서 일을 쉬어야 하는 근로자·자영업자에게 입원과 검진 기간의 소득 손실을 생활임금 수준으로 보전합니다.",
        target=_lines(
            "서울시에 사는 만 15세 이상 근로자·특수고용직·자영업자",
            "· 기준 중위소득 100% 이하, 재산 기준 충족",
        ),
        benefit="입원과 연계 외래진료 최대 14일, 국가 일반건강검진 1일에 대해 하루 생활임금 수준 지원",
        how_to_apply="퇴원 후 동주민센터 방문 또는 온라인으로 신청하고 입원 확인서와 소득 증빙을 냅니다.",
        where_to_apply="동주민센터 · 서울시 누리집(온라인)",
        contact="다산콜센터 120",
        url="https://www.seoul.go.kr",
        min_age=15,
    ),
    PolicySpec(
        key="wrist_doctor",
        title="손목닥터 9988",
        category=Category.HEALTH,
        department="스마트헬스케어과",
        summary="스마트폰 앱이나 스마트워치로 걷기, 건강 미션을 하면 포인트를 모아 생활비로 쓸 수 있는 건강관리 사업입니다.",
        target="서울시에 살거나 서울에서 일하는 만 19세 이상 시민",
        benefit=_lines(
            "· 하루 8천 보 이상 걷기, 건강 미션 참여 시 건강 포인트 적립",
            "· 적립한 포인트는 서울페이 머니로 바꿔 가맹점에서 사용",
            "· 대사증후군 관리, 금연·절주 프로그램 연계",
        ),
        how_to_apply="앱 마켓에서 '손목닥터9988'을 내려받아 가입하고 본인 인증을 하면 바로 시작할 수 있습니다.",
        where_to_apply="손목닥터 9988 앱",
        contact="손목닥터 9988 고객센터",
        url="https://www.seoul.go.kr",
        min_age=19,
    ),
    PolicySpec(
        key="healthy_meals",
        title="1인가구 건강한 식생활 지원",
        category=Category.HEALTH,
        department=CITY_DEPT,
        summary="끼니를 거르기 쉬운 1인가구에게 영양교육, 함께 요리하는 수업, 건강 반찬 꾸러미를 지원합니다.",
        target="서울시에 사는 1인가구(건강 반찬 꾸러미는 중장년·어르신 저소득 1인가구 우선)",
        benefit=_lines(
            "· 1인분 장보기와 간단 요리 교실, 영양사 식단 상담",
            "· 건강 반찬 꾸러미 월 2회 배달(선정 가구, 6개월)",
            "· 보건소 영양플러스·만성질환 식이 상담 연계",
        ),
        how_to_apply="자치구 1인가구지원센터나 보건소에 신청합니다. 반찬 꾸러미는 동주민센터 추천을 거쳐 선정합니다.",
        where_to_apply="자치구 1인가구지원센터 · 동주민센터",
        contact="자치구 1인가구지원센터",
        url=f"{CITY_PORTAL}/policy/healthy-meals",
        period=window(-2, 6),
    ),
    PolicySpec(
        key="youth_mental_health",
        title="서울 청년 마음건강 지원",
        category=Category.HEALTH,
        department="청년정책담당관",
        summary="마음이 지친 청년에게 전문 심리상담과 마음건강 검사를 무료로 지원합니다.",
        target="서울시에 사는 만 19~39세 청년 누구나",
        benefit=_lines(
            "· 온라인 마음건강 검사와 결과 해석",
            "· 전문 상담사 1:1 심리상담 최대 10회",
            "· 위기 상황이면 정신건강복지센터·의료기관 연계",
        ),
        how_to_apply="청년몽땅정보통에서 모집 기간에 신청하고 사전 검사를 마치면 상담 기관을 배정합니다.",
        where_to_apply="청년몽땅정보통(온라인)",
        contact="다산콜센터 120",
        url="https://youth.seoul.go.kr",
        period=window(-5, 2, "분기별 모집"),
        min_age=19,
        max_age=39,
    ),
)


@dataclass(frozen=True)
class DistrictTemplate:
    """A kind of policy many districts run under their own name, with district figures drawn per district."""

    key: str
    figures: tuple[int, ...]  # the district figure ({n}: households, sessions, amounts) to draw from
    title: str
    category: str
    department: str
    summary: str
    target: str
    benefit: str
    how_to_apply: str
    where_to_apply: str
    period: Period = field(default=ALWAYS)
    min_age: int | None = None
    max_age: int | None = None
    sex: str = Sex.ALL


DISTRICT_TEMPLATES: tuple[DistrictTemplate, ...] = (
    DistrictTemplate(
        key="district_safe_return",
        figures=(4, 5, 6, 8, 10),
        title="{d} 1인가구 안심귀갓길 동행",
        category=Category.SAFETY,
        department="{d} 안전총괄과",
        summary="{d} 1인가구 밀집 골목에서 밤늦게 귀가하는 주민을 안전지킴이가 집 앞까지 배웅합니다.",
        target="{d}에 사는 1인가구 누구나(여성·청년 우선)",
        benefit=_lines(
            "· 평일 밤 10시~새벽 1시, 지하철역·버스정류장에서 집 앞까지 동행",
            "· 구역 {n}곳 순찰과 고장 난 보안등·CCTV 신고",
        ),
        how_to_apply="귀가 30분 전 {d} 안전상황실이나 안심이 앱으로 신청합니다.",
        where_to_apply="{d} 안전상황실 · 안심이 앱",
    ),
    DistrictTemplate(
        key="district_smart_doorbell",
        figures=(100, 150, 200, 300),
        title="{d} 여성 1인가구 스마트 초인종 지원",
        category=Category.SAFETY,
        department="{d} 여성가족과",
        summary="{d}에 사는 여성 1인가구에 방문자를 영상으로 확인하는 스마트 초인종을 달아 드립니다.",
        target="{d}에 사는 여성 1인가구(임차 가구 우선, {n}가구)",
        benefit="스마트 초인종 기기와 설치비 전액, 1년간 클라우드 녹화 이용료 지원",
        how_to_apply="모집 기간에 {d} 누리집이나 동주민센터에서 신청하고 선정되면 설치 기사가 방문합니다.",
        where_to_apply="{d} 누리집 · 동주민센터",
        period=window(-1, 2, "선착순 마감"),
        min_age=19,
        sex=Sex.FEMALE,
    ),
    DistrictTemplate(
        key="district_safety_kit",
        figures=(200, 300, 500),
        title="{d} 1인가구 안심키트 지원",
        category=Category.SAFETY,
        department="{d} 가족정책과",
        summary="{d}에 새로 이사 온 1인가구에게 현관 보조키, 휴대용 비상벨, 창문 잠금장치로 구성한 안심키트를 드립니다.",
        target="{d}로 전입한 지 1년 안 된 1인가구({n}가구)",
        benefit="안심키트 1세트(현관 보조키·안전걸쇠, 휴대용 비상벨, 창문 잠금장치 2개)와 설치 방법 안내",
        how_to_apply="{d} 1인가구지원센터에 전화하거나 포털에서 신청하면 키트를 받을 날짜를 안내합니다.",
        where_to_apply="{d} 1인가구지원센터",
        period=window(0, 3, "수량 소진 시 마감"),
    ),
    DistrictTemplate(
        key="district_contract_help",
        figures=(2, 4, 8),
        title="{d} 1인가구 전월세 계약 상담",
        category=Category.HOUSING,
        department="{d} 부동산정보과",
        summary="{d} 마을공인중개사가 1인가구의 집 구하기와 전월세 계약서 점검을 무료로 도와 드립니다.",
        target="{d}에서 전월세 집을 구하거나 계약을 앞둔 1인가구",
        benefit=_lines(
            "· 계약 전 등기부등본·건축물대장 함께 보기",
            "· 집보기 동행(월 {n}회 운영), 보증보험 가입 안내",
        ),
        how_to_apply="{d} 부동산정보과나 1인가구지원센터에 전화로 예약합니다.",
        where_to_apply="{d} 부동산정보과 · 1인가구지원센터",
    ),
    DistrictTemplate(
        key="district_home_fix",
        figures=(3, 5, 10),
        title="{d} 1인가구 생활불편 집수리 기동반",
        category=Category.HOUSING,
        department="{d} 주택과",
        summary="형광등 교체, 수도꼭지 수리처럼 혼자 하기 어려운 간단한 집수리를 기동반이 찾아가 해 드립니다.",
        target="{d}에 사는 1인가구(중장년·어르신·여성 1인가구 우선)",
        benefit="출장비·공임 무료, 부품비는 1회 {n}만 원까지 지원(연 2회)",
        how_to_apply="{d} 주택과나 동주민센터에 전화로 신청하면 기동반이 방문 일정을 잡습니다.",
        where_to_apply="{d} 주택과 · 동주민센터",
    ),
    DistrictTemplate(
        key="district_moving_help",
        figures=(3, 4, 5),
        title="{d} 청년 1인가구 이사비 지원",
        category=Category.HOUSING,
        department="{d} 청년정책과",
        summary="{d}로 이사 온 청년 1인가구에게 이사비와 중개보수를 실비로 지원합니다.",
        target="{d}로 전입한 지 6개월 안 된 만 19~39세 무주택 청년 1인가구(기준 중위소득 150% 이하)",
        benefit="이사비·중개보수 실비 최대 {n}0만 원(1회)",
        how_to_apply="{d} 누리집에서 신청하고 전입 확인 서류, 영수증을 올립니다.",
        where_to_apply="{d} 누리집",
        period=window(-2, 2, "예산 소진 시 조기 마감"),
        min_age=19,
        max_age=39,
    ),
    DistrictTemplate(
        key="district_tool_library",
        figures=(3, 4, 5),
        title="{d} 생활공구 대여소",
        category=Category.HOUSING,
        department="{d} 자치행정과",
        summary="전동드릴, 사다리, 수평계처럼 집에 두기 어려운 생활공구를 동주민센터에서 빌려 쓸 수 있습니다.",
        target="{d} 주민 누구나",
        benefit="공구 {n}0여 종 무료 대여(최대 3일), 사용법 안내",
        how_to_apply="신분증을 가지고 공구 대여소가 있는 동주민센터를 방문합니다.",
        where_to_apply="{d} 동주민센터 공구 대여소",
    ),
    DistrictTemplate(
        key="district_midlife_jobs",
        figures=(3, 5, 10),
        title="{d} 중장년 1인가구 일자리 상담",
        category=Category.ECONOMY,
        department="{d} 일자리정책과",
        summary="{d} 일자리센터가 중장년 1인가구의 재취업을 상담하고 지역 일자리를 연결합니다.",
        target="{d}에 사는 만 50~64세 1인가구 구직자",
        benefit="1:1 취업상담, 자격증 교육비 최대 {n}0만 원, 지역 기업 채용 연계",
        how_to_apply="{d} 일자리센터에 방문하거나 전화로 상담을 예약합니다.",
        where_to_apply="{d} 일자리센터",
        min_age=50,
        max_age=64,
    ),
    DistrictTemplate(
        key="district_finance",
        figures=(2, 4),
        title="{d} 1인가구 재무·법률 상담",
        category=Category.ECONOMY,
        department="{d} 복지정책과",
        summary="전세보증금, 채무, 임금체불 등 혼자 해결하기 어려운 돈 문제를 재무설계사와 마을변호사가 무료로 상담합니다.",
        target="{d}에 사는 1인가구 누구나",
        benefit="재무상담 최대 3회, 마을변호사 법률상담(월 {n}회 운영)",
        how_to_apply="{d} 1인가구지원센터에 전화나 포털로 상담일을 예약합니다.",
        where_to_apply="{d} 1인가구지원센터",
    ),
    DistrictTemplate(
        key="district_social_dining",
        figures=(1, 2, 4),
        title="{d} 1인가구 소셜다이닝",
        category=Category.LONELINESS,
        department="{d} 가족정책과",
        summary="혼자 밥 먹는 이웃들이 모여 함께 요리하고 식사하며 자연스럽게 어울리는 모임입니다.",
        target="{d}에 사는 1인가구(회차별 청년·중장년 모집)",
        benefit="월 {n}회 함께 요리·식사, 재료비 지원(참가비 무료 또는 5천 원 이내)",
        how_to_apply="서울시 1인가구 포털 참여프로그램에서 회차를 골라 신청합니다.",
        where_to_apply="서울시 1인가구 포털 · {d} 1인가구지원센터",
    ),
    DistrictTemplate(
        key="district_companion_plants",
        figures=(10, 15, 20, 30),
        title="{d} 반려식물 돌봄 지원",
        category=Category.LONELINESS,
        department="{d} 공원녹지과",
        summary="혼자 사는 주민에게 반려식물과 화분을 나눠 주고 식물 상담과 모임을 운영합니다.",
        target="{d}에 사는 1인가구({n}0가구, 중장년·어르신 우선)",
        benefit="반려식물·화분·배양토 꾸러미, 반려식물 병원 상담, 월 1회 가꾸기 모임",
        how_to_apply="모집 기간에 {d} 누리집이나 동주민센터에서 신청합니다.",
        where_to_apply="{d} 누리집 · 동주민센터",
        period=window(2, 1),
    ),
    DistrictTemplate(
        key="district_check_in",
        figures=(10, 20, 30, 50),
        title="{d} 1인가구 안부살핌 서비스",
        category=Category.LONELINESS,
        department="{d} 복지정책과",
        summary="고립 위험이 있는 1인가구에게 주민 살피미가 정기적으로 안부를 묻고 전기·통신 사용량으로 이상 신호를 확인합니다.",
        target="{d}에 사는 중장년·어르신 1인가구 중 안부 확인을 원하는 사람({n}0가구)",
        benefit="주 1회 안부 전화·방문, 스마트플러그로 장시간 사용 변화 감지 시 담당자 방문",
        how_to_apply="동주민센터에 신청하거나 이웃이 알려 주면 담당자가 방문해 안내합니다.",
        where_to_apply="{d} 동주민센터",
        min_age=50,
    ),
    DistrictTemplate(
        key="district_ai_speaker",
        figures=(5, 10, 15, 20),
        title="{d} 어르신 1인가구 AI 스피커 돌봄",
        category=Category.LONELINESS,
        department="{d} 어르신복지과",
        summary="혼자 사는 어르신 집에 AI 스피커를 설치해 말벗, 복약 알림, 긴급 호출을 돕습니다.",
        target="{d}에 사는 만 65세 이상 1인가구 어르신({n}0가구)",
        benefit="AI 스피커 무상 대여, '살려줘' 같은 말로 긴급 호출, 주 1회 생활지원사 확인",
        how_to_apply="동주민센터에 신청합니다. 보호자가 대신 신청할 수 있습니다.",
        where_to_apply="{d} 동주민센터",
        min_age=65,
    ),
    DistrictTemplate(
        key="district_youth_mind",
        figures=(5, 6, 8, 10),
        title="{d} 청년 1인가구 마음건강 상담",
        category=Category.LONELINESS,
        department="{d} 청년정책과",
        summary="혼자 지내며 지친 청년 1인가구에게 심리상담과 마음건강 모임을 무료로 제공합니다.",
        target="{d}에 사는 만 19~39세 청년 1인가구",
        benefit="전문 상담사 1:1 상담 최대 {n}회, 마음챙김 소모임",
        how_to_apply="{d} 청년센터나 1인가구지원센터에 신청합니다.",
        where_to_apply="{d} 청년센터 · 1인가구지원센터",
        min_age=19,
        max_age=39,
    ),
    DistrictTemplate(
        key="district_side_dishes",
        figures=(5, 8, 10, 15),
        title="{d} 1인가구 건강 반찬 나눔",
        category=Category.HEALTH,
        department="{d} 복지정책과",
        summary="끼니를 거르기 쉬운 저소득 중장년·어르신 1인가구에 영양사가 짠 건강 반찬을 배달합니다.",
        target="{d}에 사는 기준 중위소득 75% 이하 중장년·어르신 1인가구({n}0가구)",
        benefit="주 1회 반찬 3종 배달, 배달할 때 안부 확인",
        how_to_apply="동주민센터에 신청하면 가정 방문 후 선정합니다.",
        where_to_apply="{d} 동주민센터",
        min_age=50,
    ),
    DistrictTemplate(
        key="district_hospital_escort",
        figures=(6, 8, 10, 12),
        title="{d} 1인가구 병원동행 서비스",
        category=Category.HEALTH,
        department="{d} 보건소 건강증진과",
        summary="{d}가 자체로 운영하는 병원동행으로, 저소득 1인가구는 이용료 없이 병원 진료에 동행해 드립니다.",
        target="{d}에 사는 1인가구 중 혼자 병원에 가기 어려운 사람(기준 중위소득 85% 이하 무료)",
        benefit="병원 동행·접수·귀가 지원, 연 {n}회까지",
        how_to_apply="이용 3일 전까지 {d} 보건소나 1인가구지원센터에 예약합니다.",
        where_to_apply="{d} 보건소 · 1인가구지원센터",
    ),
    DistrictTemplate(
        key="district_midlife_checkup",
        figures=(8, 10, 12),
        title="{d} 중장년 1인가구 건강검진 연계",
        category=Category.HEALTH,
        department="{d} 보건소 건강증진과",
        summary="건강검진을 미뤄 온 중장년 1인가구에게 보건소 기초검사와 국가검진 예약, 결과 상담을 도와 드립니다.",
        target="{d}에 사는 만 50~64세 1인가구",
        benefit="보건소 혈액·혈압·체성분 검사 무료, 국가건강검진 예약 대행, 결과 상담과 운동 처방({n}주 과정)",
        how_to_apply="{d} 보건소에 전화로 예약합니다.",
        where_to_apply="{d} 보건소",
        period=window(-1, 4),
        min_age=50,
        max_age=64,
    ),
)

# The three districts whose centres ran the 2021 mentoring programme each also run it as their own policy.
MENTORING_DISTRICTS = ("11230", "11590", "11440")
_MENTORING = DistrictTemplate(
    key="district_mentoring",
    figures=(12, 13, 15),
    title="{d} 1인가구 상담 멘토링",
    category=Category.LONELINESS,
    department="{d} 가족정책과",
    summary="{d} 1인가구지원센터가 상담·심리 전공 대학생 멘토와 1인가구 멘티를 성별·세대별로 이어 줍니다.",
    target="{d}에 사는 1인가구로 사회적 관계를 넓히고 싶은 사람(멘티 {n}명 내외)",
    benefit="멘토 1명과 멘티 3명 그룹 멘토링 월 2회, 활동 전후 외로움 검사",
    how_to_apply="{d} 1인가구지원센터에 전화하거나 포털에서 신청합니다.",
    where_to_apply="{d} 1인가구지원센터",
    period=window(-1, 2),
)


def _fill(text: str, district: str, n: int) -> str:
    return text.replace("{d}", district).replace("{n}", str(n))


def _district_policy(template: DistrictTemplate, code: str, serial: int, rng: random.Random) -> PolicySpec:
    name = BY_CODE[code].name
    n = rng.choice(template.figures)
    return PolicySpec(
        key=template.key,
        title=_fill(template.title, name, n),
        category=template.category,
        department=_fill(template.department, name, n),
        summary=_fill(template.summary, name, n),
        target=_fill(template.target, name, n),
        benefit=_fill(template.benefit, name, n),
        how_to_apply=_fill(template.how_to_apply, name, n),
        where_to_apply=_fill(template.where_to_apply, name, n),
        contact=f"{name} 대표전화 · 다산콜센터 120",
        url=DISTRICT_SITES[code],
        period=template.period,
        min_age=template.min_age,
        max_age=template.max_age,
        sex=template.sex,
        district_code=code,
        code=f"P-{code}-{serial:03d}",
    )


def build_policies(seed: int) -> list[PolicySpec]:
    """The city's policies, then two to four policies for every district, each with its code."""
    rng = random.Random(f"{seed}:policies")
    specs = [
        dataclasses.replace(spec, code=f"P-SEOUL-{index:03d}") for index, spec in enumerate(CITY_POLICIES, start=1)
    ]
    for district in DISTRICTS:
        templates = list(rng.sample(DISTRICT_TEMPLATES, rng.choice((2, 2, 3, 3, 4))))
        if district.code in MENTORING_DISTRICTS:
            templates.append(_MENTORING)
        templates.sort(key=lambda t: (Category.values.index(t.category), t.key))
        for serial, template in enumerate(templates, start=1):
            specs.append(_district_policy(template, district.code, serial, rng))
    return specs
