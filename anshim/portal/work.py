"""내 업무: the back-office pages a signed-in person may open, chosen from their roles.

One list for the header link and the /work/ hub, so an official, a partner's staff member or a
companion finds their pages without knowing the addresses. The pages check permissions themselves;
this only decides what to offer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anshim.accounts.models import Partner, Role
from anshim.accounts.permissions import _roles


@dataclass(frozen=True)
class WorkLink:
    title: str
    description: str
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


DOORGUARD_DISTRICT = (
    WorkLink(
        _("도어지킴이 신청 관리"), _("자치구 신청 대기열, 선정·대기·반려, 서면 신청 입력"), "doorguard:district-queue"
    ),
    WorkLink(
        _("도어지킴이 월 정산"), _("구별 월 보조금·자부담·수수료 정산과 엑셀 제출"), "doorguard:district-settlement"
    ),
)
DOORGUARD_CITY = (
    WorkLink(
        _("도어지킴이 사업 관리"),
        _("차수 설정, 자치구별 지원 가구 수 배분, 구별 현황과 예산 집행"),
        "doorguard:city-rounds",
    ),
)
DOORGUARD_PARTNER = (
    WorkLink(_("도어지킴이 설치 업무"), _("선정 가구 방문 일정과 설치 결과 기록"), "doorguard:partner-worklist"),
)
COMPANION_AGENCY = (
    WorkLink(_("병원 안심동행 배차"), _("접수된 요청과 동행매니저, 배정 제안과 확정"), "companion:dispatch-board"),
    WorkLink(_("병원 안심동행 전화 예약"), _("전화로 받은 요청을 대신 예약"), "companion:phone-book"),
    WorkLink(_("병원 안심동행 정산"), _("월별 이용·시간·이용료, 시간대별 수요"), "companion:settlement"),
)
COMPANION_WORKER = (WorkLink(_("오늘의 동행"), _("내게 배정된 동행과 서비스 기록"), "companion:work"),)
PROGRAMS = (WorkLink(_("참여프로그램 신청자 관리"), _("프로그램별 신청자, 대기 순번, 출석"), "programs:manage-list"),)
ADMIN = (WorkLink(_("관리자 화면"), _("지원제도, 프로그램, 센터, 알림, 계정과 권한"), "admin:index"),)


def _is_companion(user) -> bool:
    from anshim.companion.models import Companion

    return Companion.objects.filter(user_id=user.pk).exists()


def work_links(user) -> list[WorkLink]:
    """Every page group the person works in, in a fixed order, without repeats."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    roles = {item.role for item in _roles(user)}
    partner_kinds = set(
        Partner.objects.filter(
            pk__in=[item.partner_id for item in _roles(user) if item.role == Role.PARTNER_STAFF and item.partner_id]
        ).values_list("kind", flat=True)
    )
    everything = user.is_superuser or Role.CITY_OFFICIAL in roles
    groups: list[tuple[WorkLink, ...]] = []
    if everything:
        groups += [DOORGUARD_CITY, DOORGUARD_DISTRICT, COMPANION_AGENCY, PROGRAMS]
    if Role.DISTRICT_OFFICIAL in roles:
        groups += [DOORGUARD_DISTRICT, PROGRAMS]
    if Role.CENTER_STAFF in roles:
        groups.append(PROGRAMS)
    if Partner.Kind.SECURITY in partner_kinds or user.is_superuser:
        groups.append(DOORGUARD_PARTNER)
    if Partner.Kind.COMPANION in partner_kinds:
        groups.append(COMPANION_AGENCY)
    if _is_companion(user):
        groups.append(COMPANION_WORKER)
    if user.is_staff:
        groups.append(ADMIN)
    links: list[WorkLink] = []
    for group in groups:
        links += [link for link in group if link not in links]
    return links
