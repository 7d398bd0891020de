"""알림마당 notices (with attachments), 알쓸1잡 tips and FAQ of the demo.

Publication times and the dates quoted in notices are counted back from the anchor
date, so a notice never announces something that happens after its own posting
unless it says so (a recruitment that is still running).
"""

# Korean prose is kept one sentence group per string so it reads as written.
# ruff: noqa: E501

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from anshim.content.models import Faq
from anshim.portal.demo.centers import CenterSpec
from anshim.portal.demo.files import pdf_bytes, xlsx_bytes
from anshim.portal.demo.programs import ProgramSpec
from anshim.portal.demo.tips import TIPS

SEOUL = ZoneInfo("Asia/Seoul")
KINDS = {"notice": "NOTICE", "recruit": "RECRUIT", "press": "PRESS", "event": "EVENT"}


@dataclass(frozen=True)
class TipSpec:
    title: str
    theme: str
    summary: str
    body: str
    published_at: datetime.datetime


@dataclass(frozen=True)
class AttachmentSpec:
    filename: str  # stored file name (ASCII, so every storage backend keeps it as is)
    name: str  # the name shown to the citizen
    content: bytes


@dataclass(frozen=True)
class NoticeSpec:
    title: str
    kind: str
    body: str
    author: str
    pinned: bool
    published_at: datetime.datetime
    attachments: tuple[AttachmentSpec, ...] = ()


@dataclass(frozen=True)
class FaqSpec:
    topic: str
    question: str
    answer: str
    order: int


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


def _md(day: datetime.date) -> str:
    return f"{day.month}월 {day.day}일"


def _ymd(day: datetime.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def build_tips(seed: int, anchor: datetime.date) -> list[TipSpec]:
    """Tips published over the year before the anchor, newest last in the source order."""
    rng = random.Random(f"{seed}:tips")
    tips = []
    days_back = 360
    for theme, title, summary, paragraphs in TIPS:
        days_back -= rng.randint(5, 9)
        published = _at(anchor - datetime.timedelta(days=max(days_back, 1)), rng.choice((9, 10, 11, 14, 15)))
        tips.append(TipSpec(title, theme, summary, "\n\n".join(paragraphs), published))
    return tips


def _centre_sheet(centers: list[CenterSpec], stamp: datetime.datetime) -> bytes:
    return xlsx_bytes(
        title="자치구 1인가구지원센터 연락처",
        sheet="지원센터",
        headers=("연번", "자치구", "센터명", "주소", "전화번호", "운영시간"),
        rows=[
            (i, c.name.split(" ")[0], c.name, c.address, c.phone, c.opening_hours)
            for i, c in enumerate(centers, start=1)
        ],
        stamp=stamp,
    )


def _schedule_sheet(programs: list[ProgramSpec], anchor: datetime.date, stamp: datetime.datetime) -> bytes:
    upcoming = sorted(
        (p for p in programs if p.starts_on >= anchor),
        key=lambda p: (p.starts_on, p.code),
    )[:60]
    kinds = {"PROGRAM": "프로그램", "EVENT": "행사", "COUNSELING": "상담", "GROUP": "소모임"}
    return xlsx_bytes(
        title="1인가구지원센터 참여프로그램 일정표",
        sheet="일정표",
        headers=("프로그램코드", "프로그램명", "유형", "장소", "일정", "모집기간", "정원", "참가비(원)"),
        rows=[
            (
                p.code,
                p.title,
                kinds[p.kind],
                p.place,
                p.schedule,
                f"{p.recruit_start:%Y-%m-%d} ~ {p.recruit_end:%Y-%m-%d}",
                p.capacity,
                p.fee,
            )
            for p in upcoming
        ],
        stamp=stamp,
    )


def _doorguard_form(stamp: datetime.datetime) -> bytes:
    fields = (
        ("성명", "", "신분증과 같은 이름"),
        ("생년월일", "", "예: 1990-03-15 (만 18세 이상)"),
        ("휴대전화", "", "설치 일정 안내를 받을 번호"),
        ("주소", "", "주민등록상 주소(서울특별시)"),
        ("주거 형태", "", "전세 / 월세 / 기타 임차 중 선택"),
        ("가구원 수", "1", "1인가구만 신청할 수 있습니다"),
        ("와이파이 유무", "", "있음 / 없음 (없으면 설치 불가)"),
        ("희망 설치일", "", "평일·주말 중 희망 날짜"),
        ("개인정보 수집·이용 동의", "", "동의 / 미동의"),
    )
    return xlsx_bytes(
        title="1인가구 도어지킴이 이용 신청서",
        sheet="신청서",
        headers=("항목", "작성란", "작성 안내"),
        rows=fields,
        stamp=stamp,
    )


def build_notices(
    seed: int, anchor: datetime.date, centers: list[CenterSpec], programs: list[ProgramSpec]
) -> list[NoticeSpec]:
    """Fourteen notices over the months before the anchor, with three real attachment files."""
    rng = random.Random(f"{seed}:notices")

    def day(back: int) -> datetime.date:
        return anchor - datetime.timedelta(days=back)

    def when(back: int) -> datetime.datetime:
        return _at(day(back), rng.choice((9, 10, 11, 14, 16)), rng.choice((0, 10, 30)))

    open_start = day(12)
    open_end = anchor + datetime.timedelta(days=20)
    mentor_start, mentor_end = day(5), anchor + datetime.timedelta(days=16)
    contest_start = day(80).replace(day=1)
    contest_end = contest_start + datetime.timedelta(days=29)
    talk_day = anchor + datetime.timedelta(days=(5 - anchor.weekday()) % 7 + 14)
    maintenance = anchor + datetime.timedelta(days=(6 - anchor.weekday()) % 7 + 7)
    stamp = _at(anchor, 9)

    guide_pdf = pdf_bytes(
        title="서울시 1인가구 포털 이용 안내",
        paragraphs=(
            "서울시 1인가구 포털은 혼자 사는 시민을 위한 서울시와 25개 자치구의 지원제도, 참여프로그램, 생활정보를 한곳에 모은 누리집입니다.",
            "1. 지원제도: 거주 자치구, 연령대, 성별, 분야(안전, 주거, 경제·일자리, 외로움, 질병)를 고르면 나에게 맞는 제도를 찾아 줍니다. 검색창에 '월세', '병원 동행'처럼 궁금한 말을 넣어도 됩니다.",
            "2. 참여프로그램: 자치구 1인가구지원센터의 프로그램, 행사, 상담, 소모임을 모집 상태별로 보고 바로 신청할 수 있습니다. 정원이 차면 대기자로 접수됩니다.",
            "3. 위치정보: 지도에서 우리 동네 지원센터와 프로그램 장소를 찾을 수 있습니다.",
            "4. 알림마당과 알쓸1잡: 새 소식과 혼자 사는 데 쓸모 있는 생활정보를 모았습니다.",
            "문의: 다산콜센터 120, 또는 거주지 자치구 1인가구지원센터",
        ),
        stamp=stamp,
    )
    doorguard_pdf = pdf_bytes(
        title="1인가구 도어지킴이 신청 안내",
        paragraphs=(
            "지원 대상: 서울시에 사는 만 18세 이상 1인가구로 전세·월세 등 임차 주택에 사는 사람(와이파이 필요). 연간 3,000가구 내외를 자치구별로 선착순 선정합니다.",
            "지원 내용: 서울시 협약 요금 월 9,900원(시중가 18,750원)으로 3년간 이용하며, 처음 1년은 월 8,900원을 지원해 본인 부담은 월 1,000원입니다.",
            "제공 서비스: 현관 보안카메라(움직임 감지, 배회자 알림, 양방향 대화, 출입 기록), 실내 비상벨, 24시간 긴급출동, 화재·도난·파손 보험.",
            "신청 방법: 포털 또는 자치구 누리집에서 온라인 신청하거나 신분증과 임대차계약서 사본을 가지고 동주민센터에 방문합니다.",
            "유의 사항: 이사(주소 이전)나 중도 해지 시 별도 비용이 생길 수 있습니다.",
        ),
        stamp=stamp,
    )

    notices = [
        NoticeSpec(
            title="서울시 1인가구 포털 이용 안내",
            kind=KINDS["notice"],
            body="\n\n".join(
                (
                    "서울시 1인가구 포털을 찾아 주셔서 감사합니다. 포털에서는 서울시와 25개 자치구의 1인가구 지원제도, 1인가구지원센터 참여프로그램, 생활정보를 한곳에서 볼 수 있습니다.",
                    "지원제도 메뉴에서 거주 자치구, 연령대, 성별, 분야를 고르면 나에게 맞는 제도를 바로 찾을 수 있고, 로그인하면 관심 조건을 저장해 새 제도가 생길 때 알림을 받을 수 있습니다.",
                    "자세한 이용 방법은 첨부한 안내서를 참고해 주세요.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=True,
            published_at=when(150),
            attachments=(AttachmentSpec("portal-guide.pdf", "서울시 1인가구 포털 이용 안내.pdf", guide_pdf),),
        ),
        NoticeSpec(
            title="1인가구 도어지킴이 이용 신청 안내",
            kind=KINDS["recruit"],
            body="\n\n".join(
                (
                    "혼자 사는 시민의 안전한 주거를 위해 현관 보안카메라와 긴급출동 서비스 이용료를 지원하는 1인가구 도어지킴이 신청을 받습니다.",
                    f"접수 기간: {_ymd(open_start)} ~ {_ymd(open_end)} (자치구별 배정 가구 수 소진 시 조기 마감)",
                    "지원 대상: 서울시에 사는 만 18세 이상 1인가구로 전세·월세 등 임차 주택에 사는 사람(와이파이 필요)",
                    "지원 내용: 협약 요금 월 9,900원 중 최초 1년간 월 8,900원 지원(본인 부담 월 1,000원)",
                    "신청서 양식과 안내문을 첨부하니 동주민센터 방문 신청 시 작성해 가져오시면 빠르게 접수할 수 있습니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=True,
            published_at=when(12),
            attachments=(
                AttachmentSpec(
                    "doorguard-application.xlsx", "도어지킴이 이용 신청서 양식.xlsx", _doorguard_form(stamp)
                ),
                AttachmentSpec("doorguard-guide.pdf", "도어지킴이 신청 안내문.pdf", doorguard_pdf),
            ),
        ),
        NoticeSpec(
            title="자치구 1인가구지원센터 연락처와 운영시간 안내",
            kind=KINDS["notice"],
            body="\n\n".join(
                (
                    "25개 자치구 1인가구지원센터의 주소, 전화번호, 운영시간을 정리해 안내합니다.",
                    "지원센터에서는 참여프로그램 운영과 함께 1인가구 생활 상담, 지원제도 안내, 소모임 공간 대여를 하고 있습니다. 방문 전 전화로 운영 여부를 확인해 주세요.",
                    "전체 목록은 첨부한 엑셀 파일에서 확인할 수 있습니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(40),
            attachments=(
                AttachmentSpec("centers.xlsx", "자치구 1인가구지원센터 연락처.xlsx", _centre_sheet(centers, stamp)),
            ),
        ),
        NoticeSpec(
            title="1인가구지원센터 참여프로그램 일정 안내",
            kind=KINDS["recruit"],
            body="\n\n".join(
                (
                    "앞으로 시작하는 자치구 1인가구지원센터의 프로그램, 행사, 상담, 소모임 일정을 모아 안내합니다.",
                    "요리, 운동, 재무상담, 집수리, 마음상담 등 다양한 프로그램이 준비되어 있으며 대부분 무료입니다. 신청은 참여프로그램 메뉴에서 할 수 있습니다.",
                    "첨부한 일정표는 게시일 기준이며, 모집 상태는 포털에서 실시간으로 확인해 주세요.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(3),
            attachments=(
                AttachmentSpec(
                    "program-schedule.xlsx", "참여프로그램 일정표.xlsx", _schedule_sheet(programs, anchor, stamp)
                ),
            ),
        ),
        NoticeSpec(
            title="성별·세대별 1인가구 상담 멘토링 멘토·멘티 모집",
            kind=KINDS["recruit"],
            body="\n\n".join(
                (
                    "동대문구, 동작구, 마포구 1인가구지원센터에서 상담 멘토링에 함께할 멘토와 멘티를 모집합니다.",
                    f"모집 기간: {_ymd(mentor_start)} ~ {_ymd(mentor_end)}",
                    "멘토: 상담·심리 전공 대학생(원) 및 상담 경험이 있는 자원봉사자 / 멘티: 세 자치구에 사는 1인가구로 새로운 관계를 맺고 싶은 분",
                    "멘토 1명과 멘티 3명이 성별·세대별로 그룹을 이뤄 월 2회 만나며, 활동 전후 외로움 검사로 변화를 확인합니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(5),
        ),
        NoticeSpec(
            title="1인가구 정책 시민 아이디어 공모전 결과 발표",
            kind=KINDS["notice"],
            body="\n\n".join(
                (
                    f"{_ymd(contest_start)}부터 {_md(contest_end)}까지 진행한 1인가구 정책 시민 아이디어 공모전에 많은 관심을 보내 주셔서 감사합니다.",
                    "심사위원 심사와 온라인 시민 투표를 거쳐 대상 1건, 최우수상 1건, 우수상 3건, 장려상 3건을 선정했습니다. 시상금은 대상 200만 원, 최우수상 100만 원, 우수상 각 50만 원, 장려상 각 30만 원입니다.",
                    "선정된 아이디어는 관련 부서 검토를 거쳐 정책에 반영할 예정입니다. 수상자에게는 개별 연락을 드립니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(20),
        ),
        NoticeSpec(
            title="1인가구 인식개선 토크콘서트 '혼자여도 괜찮은 서울'",
            kind=KINDS["event"],
            body="\n\n".join(
                (
                    "다양한 삶의 방식을 존중하는 문화를 만들기 위해 1인가구 인식개선 토크콘서트를 엽니다.",
                    f"일시: {_ymd(talk_day)}(토) 14:00~16:00 / 장소: 서울시청 시민청 태평홀",
                    "청년, 중장년, 어르신 1인가구가 직접 무대에 올라 혼자 사는 삶의 즐거움과 어려움을 이야기하고, 전문가와 함께 필요한 지원을 논의합니다.",
                    "참가는 무료이며 포털 참여프로그램 메뉴에서 선착순 200명을 모집합니다. 수어 통역과 문자 통역을 제공합니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(9),
        ),
        NoticeSpec(
            title="병원 안심동행 이용 시간과 요금 안내",
            kind=KINDS["notice"],
            body="\n\n".join(
                (
                    "혼자 병원에 가기 어려운 시민을 위한 병원 안심동행 서비스의 이용 기준을 안내합니다.",
                    "이용 시간은 평일 오전 7시부터 오후 8시까지, 주말은 오전 9시부터 오후 6시까지(사전 예약)입니다. 야간·새벽 응급 상황은 119를 이용해 주세요.",
                    "이용료는 시간당 5,000원이며 이후 30분마다 2,500원이 추가됩니다. 기준 중위소득 100% 이하 시민은 연 48회까지 무료이며, 한 달 10회, 연 200시간까지 이용할 수 있습니다.",
                    "당일 예약은 신청 후 3시간 안에 동행매니저가 도착하며, 당일·현장 취소 시 13,000원의 취소 수수료가 있습니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=True,
            published_at=when(60),
        ),
        NoticeSpec(
            title="서울시, 심야 골목 지키는 '안심마을 보안관' 운영 구역 확대",
            kind=KINDS["press"],
            body="\n\n".join(
                (
                    "서울시는 1인가구 밀집지역 가운데 주거침입 범죄에 취약한 구역을 중심으로 운영해 온 안심마을 보안관의 활동 구역을 넓힌다고 밝혔다.",
                    "안심마을 보안관은 구역마다 4명이 주 5일, 밤 9시부터 다음 날 새벽 2시 30분까지 골목을 걸어서 순찰하며 귀갓길 동행과 생활안전 신고를 맡는다.",
                    "시는 서울경찰청의 범죄 자료와 주민 의견을 바탕으로 구역을 선정했으며, 경찰과 함께 운영 효과를 분석해 순찰 경로와 시간을 조정할 계획이다.",
                    '시 관계자는 "좁은 골목처럼 차량 순찰이 닿기 어려운 곳의 불안을 덜어 드리겠다"고 말했다.',
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(75),
        ),
        NoticeSpec(
            title="중장년 1인가구 헬스케어 참여자 모집",
            kind=KINDS["recruit"],
            body="\n\n".join(
                (
                    "혼자 사는 만 50세 이상 중장년의 건강을 살피는 중장년 1인가구 헬스케어 참여자를 모집합니다.",
                    "참여자는 생활건강, 사회관계, 생활안전 설문과 기초 건강검사를 받고, 결과에 따라 건강교육, 운동·영양 프로그램, 정기 모니터링과 1:1 건강 컨설팅을 받습니다.",
                    "신청은 참여 자치구 1인가구지원센터나 보건소에서 할 수 있으며, 참여비는 없습니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(30),
        ),
        NoticeSpec(
            title="서울시 1인가구 실태조사 결과 발표",
            kind=KINDS["press"],
            body="\n\n".join(
                (
                    "서울시는 서울연구원과 함께 실시한 1인가구 실태조사 결과를 발표했다. 혼자 살며 가장 힘든 점으로는 '아프거나 위급할 때 대처하기 어렵다'는 응답이 가장 많았고, 외로움과 경제적 불안이 뒤를 이었다.",
                    "중장년 이상 1인가구의 비중이 계속 늘고 있어 건강관리와 사회적 관계 지원의 필요성이 커진 것으로 나타났다.",
                    "시는 조사 결과를 바탕으로 주거, 안전, 외로움, 질병, 빈곤 5대 분야의 지원 사업을 다듬고, 지역별 특성에 맞는 정책을 자치구와 함께 추진할 계획이다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(110),
        ),
        NoticeSpec(
            title="개인정보처리방침 개정 안내",
            kind=KINDS["notice"],
            body="\n\n".join(
                (
                    "서울시 1인가구 포털의 개인정보처리방침이 개정되어 알려 드립니다.",
                    "주요 내용은 병원 안심동행 예약과 참여프로그램 신청에 필요한 개인정보 항목 정비, 보유 기간 명시, 개인정보 접속기록 관리 강화입니다.",
                    f"개정된 방침은 {_ymd(day(45))}부터 적용되며, 전문은 포털 하단의 개인정보처리방침에서 확인할 수 있습니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(52),
        ),
        NoticeSpec(
            title="포털 정기 점검에 따른 서비스 일시 중단 안내",
            kind=KINDS["notice"],
            body="\n\n".join(
                (
                    "안정적인 서비스 제공을 위해 서울시 1인가구 포털 정기 점검을 진행합니다.",
                    f"점검 일시: {_ymd(maintenance)}(일) 02:00~06:00",
                    "점검 시간에는 지원제도 검색, 참여프로그램 신청, 병원 안심동행 온라인 예약을 이용할 수 없습니다. 급한 예약은 콜센터를 이용해 주세요.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(2),
        ),
        NoticeSpec(
            title="1인가구 소셜다이닝 '함께 밥상' 한마당",
            kind=KINDS["event"],
            body="\n\n".join(
                (
                    "자치구 1인가구지원센터의 소셜다이닝 모임이 한자리에 모이는 '함께 밥상' 한마당을 엽니다.",
                    "각 센터 모임이 준비한 한 그릇 요리를 나눠 먹고, 1인분 요리 시연과 장보기 요령 강의, 반려식물 나눔 부스도 운영합니다.",
                    "참가비는 없으며 당일 현장에서 누구나 참여할 수 있습니다. 개인 수저와 용기를 가져오시면 남은 음식을 포장해 드립니다.",
                )
            ),
            author="1인가구특별대책추진단",
            pinned=False,
            published_at=when(95),
        ),
    ]
    return notices


FAQS: tuple[tuple[str, str, str], ...] = (
    (
        Faq.Topic.PORTAL,
        "회원가입을 하지 않아도 포털을 이용할 수 있나요?",
        "지원제도 찾기, 참여프로그램 보기, 알쓸1잡과 알림마당은 로그인 없이 이용할 수 있습니다. 프로그램 신청, 관심 조건 저장과 새 제도 알림은 로그인이 필요합니다.",
    ),
    (
        Faq.Topic.PORTAL,
        "휴대전화로도 이용할 수 있나요?",
        "네. 포털은 휴대전화 화면에 맞게 보이며 별도 앱을 설치하지 않아도 됩니다. 글자가 작게 보이면 휴대전화의 글자 크기 설정을 키워 주세요.",
    ),
    (
        Faq.Topic.PORTAL,
        "내 개인정보는 어떻게 보호되나요?",
        "신청에 꼭 필요한 정보만 받으며, 담당 공무원 화면에서도 이름과 연락처는 가려진 채로 표시됩니다. 가린 정보를 열어 보는 일은 모두 기록되고 정기적으로 점검합니다.",
    ),
    (
        Faq.Topic.POLICY,
        "나에게 맞는 지원제도는 어떻게 찾나요?",
        "지원제도 메뉴에서 거주 자치구, 연령대, 성별, 관심 분야를 고르면 해당하는 서울시 제도와 자치구 제도가 함께 나옵니다. 검색창에 '월세', '병원 동행'처럼 궁금한 말을 넣어 찾을 수도 있습니다.",
    ),
    (
        Faq.Topic.POLICY,
        "서울시 제도와 자치구 제도는 무엇이 다른가요?",
        "서울시 제도는 서울 어디에 살든 신청할 수 있고, 자치구 제도는 그 자치구에 사는 주민만 신청할 수 있습니다. 제도 상세 화면의 '제공' 항목에서 어느 기관의 제도인지 확인할 수 있습니다.",
    ),
    (
        Faq.Topic.POLICY,
        "지원제도 신청은 포털에서 바로 할 수 있나요?",
        "일부 제도는 포털에서 바로 신청하고, 나머지는 제도별 신청처(자치구 누리집, 동주민센터, 전용 누리집)로 안내합니다. 제도 상세 화면의 '신청방법'과 '신청처'를 확인해 주세요.",
    ),
    (
        Faq.Topic.POLICY,
        "1인가구가 아니어도 신청할 수 있는 제도가 있나요?",
        "안심귀가 스카우트, 병원 안심동행처럼 누구나 이용할 수 있는 제도도 있습니다. 제도마다 대상이 다르니 '지원대상' 항목을 확인해 주세요.",
    ),
    (
        Faq.Topic.PROGRAM,
        "참여프로그램 신청은 어떻게 하나요?",
        "참여프로그램 메뉴에서 '모집중'인 프로그램을 골라 신청 버튼을 누르면 됩니다. 신청 결과는 문자와 마이페이지에서 확인할 수 있습니다.",
    ),
    (
        Faq.Topic.PROGRAM,
        "정원이 찼는데 신청할 수 없나요?",
        "정원이 찬 프로그램은 대기자로 신청할 수 있습니다. 신청자가 취소하면 대기 순서대로 자리가 넘어가고 문자로 알려 드립니다.",
    ),
    (
        Faq.Topic.PROGRAM,
        "다른 자치구의 프로그램에도 참여할 수 있나요?",
        "대부분의 프로그램은 서울에 사는 1인가구라면 누구나 참여할 수 있습니다. 다만 일부 프로그램은 해당 자치구 주민을 우선 모집하니 '참여대상'을 확인해 주세요.",
    ),
    (
        Faq.Topic.PROGRAM,
        "신청을 취소하려면 어떻게 하나요?",
        "마이페이지의 신청 내역에서 취소할 수 있습니다. 시작일 직전 취소가 잦으면 다음 프로그램 신청이 제한될 수 있으니 일정이 바뀌면 되도록 빨리 취소해 주세요.",
    ),
    (
        Faq.Topic.PROGRAM,
        "참가비가 있는 프로그램도 있나요?",
        "대부분 무료이며, 요리나 공예처럼 재료가 필요한 일부 프로그램만 재료비를 받습니다. 참가비는 프로그램 상세 화면에 표시됩니다.",
    ),
    (
        Faq.Topic.CENTER,
        "1인가구지원센터는 어떤 곳인가요?",
        "25개 자치구마다 있는 1인가구지원센터는 혼자 사는 주민을 위한 프로그램을 운영하고, 생활 고민 상담과 지원제도 안내를 하는 곳입니다. 모임 공간을 빌려 쓸 수도 있습니다.",
    ),
    (
        Faq.Topic.CENTER,
        "우리 동네 지원센터는 어디에 있나요?",
        "위치정보 메뉴의 지도에서 가까운 지원센터와 프로그램 장소를 찾을 수 있습니다. 알림마당의 '자치구 1인가구지원센터 연락처' 공지에 전체 주소와 전화번호를 정리해 두었습니다.",
    ),
    (
        Faq.Topic.CENTER,
        "지원센터에 직접 찾아가 상담받을 수 있나요?",
        "네. 운영시간에 방문하면 생활 상담과 제도 안내를 받을 수 있습니다. 상담사가 다른 일정 중일 수 있으니 미리 전화로 예약하면 기다리지 않고 상담받을 수 있습니다.",
    ),
)


def build_faqs() -> list[FaqSpec]:
    order: dict[str, int] = {}
    faqs = []
    for topic, question, answer in FAQS:
        order[topic] = order.get(topic, 0) + 1
        faqs.append(FaqSpec(topic, question, answer, order[topic]))
    return faqs
