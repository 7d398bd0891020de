"""The consent notices (동의서) the platform starts with: version 1 of each, as the data migration loads them.

These texts are frozen: once anyone agreed to one, its wording must stay provable. A change is a
new ``ConsentText`` row with the next version (in the admin or a new migration), never an edit here.
"""

import datetime
import zoneinfo

EFFECTIVE_FROM = datetime.datetime(2026, 1, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Seoul"))

VERSION_1 = [
    {
        "purpose": "PROFILE",
        "kind": "COLLECTION_USE",
        "title": "맞춤 지원제도 안내를 위한 개인정보 수집·이용 동의",
        "items": "생년월일, 성별, 거주 자치구, 가구원 수, 소득·재산, 주거 형태, 취업 상태 등 본인이 입력한 조건",
        "purpose_detail": "본인에게 맞는 지원제도 찾기, 새 지원제도 안내(알림 받기를 선택한 경우)",
        "retention": "동의 철회 또는 회원 탈퇴 시까지(철회·탈퇴 즉시 파기)",
        "recipients": "",
        "body": (
            "서울특별시는 「개인정보 보호법」 제15조에 따라 아래와 같이 개인정보를 수집·이용합니다.\n\n"
            "1. 수집 항목: 생년월일, 성별, 거주 자치구, 가구원 수, 소득·재산, 주거 형태, 취업 상태 등 "
            "회원이 직접 입력한 조건\n"
            "2. 이용 목적: 회원에게 맞는 지원제도 찾기, 회원이 알림 받기를 선택한 경우 새 지원제도 안내\n"
            "3. 보유·이용 기간: 동의를 철회하거나 회원 탈퇴할 때까지. 철회·탈퇴 즉시 파기합니다.\n"
            "4. 동의를 거부할 권리와 불이익: 동의를 거부할 수 있습니다. 거부하면 조건을 저장할 수 없어 "
            "지원제도를 찾을 때마다 조건을 다시 입력해야 하고 새 지원제도 알림을 받을 수 없습니다. "
            "그 밖의 서비스 이용에는 제한이 없습니다."
        ),
    },
    {
        "purpose": "PROGRAM_SIGNUP",
        "kind": "COLLECTION_USE",
        "title": "참여프로그램 신청을 위한 개인정보 수집·이용 동의",
        "items": "이름, 휴대전화, 이메일",
        "purpose_detail": "참여프로그램 신청 접수, 참여 확인, 일정 변경·대기 순번 안내 등 연락",
        "retention": "프로그램 종료 후 1년(이후 지체 없이 파기)",
        "recipients": "",
        "body": (
            "서울특별시는 「개인정보 보호법」 제15조에 따라 아래와 같이 개인정보를 수집·이용합니다.\n\n"
            "1. 수집 항목: 이름, 휴대전화, 이메일\n"
            "2. 이용 목적: 참여프로그램 신청 접수, 참여 확인, 일정 변경·대기 순번 안내 등 연락\n"
            "3. 보유·이용 기간: 프로그램이 끝난 날부터 1년. 기간이 지나면 지체 없이 파기합니다.\n"
            "4. 동의를 거부할 권리와 불이익: 동의를 거부할 수 있습니다. 다만 거부하면 참여프로그램을 "
            "신청할 수 없습니다."
        ),
    },
    {
        "purpose": "PROGRAM_SIGNUP",
        "kind": "THIRD_PARTY",
        "title": "참여프로그램 운영기관에 개인정보 제3자 제공 동의",
        "items": "이름, 휴대전화",
        "purpose_detail": "참여 확인과 프로그램 운영에 필요한 연락",
        "retention": "프로그램 종료 후 1년(이후 지체 없이 파기)",
        "recipients": "자치구 1인가구지원센터 위탁 운영기관(신청한 프로그램을 운영하는 센터)",
        "body": (
            "서울특별시는 「개인정보 보호법」 제17조에 따라 아래와 같이 개인정보를 제3자에게 제공합니다.\n\n"
            "1. 받는 자: 신청한 프로그램을 운영하는 자치구 1인가구지원센터 위탁 운영기관\n"
            "2. 제공 항목: 이름, 휴대전화\n"
            "3. 받는 자의 이용 목적: 참여 확인과 프로그램 운영에 필요한 연락\n"
            "4. 받는 자의 보유·이용 기간: 프로그램이 끝난 날부터 1년. 기간이 지나면 지체 없이 파기합니다.\n"
            "5. 동의를 거부할 권리와 불이익: 동의를 거부할 수 있습니다. 다만 거부하면 운영기관이 참여를 "
            "확인할 수 없어 참여프로그램을 신청할 수 없습니다."
        ),
    },
]


def ensure_consent_texts(model=None) -> int:
    """Create the version 1 texts that are missing (after a test flushed the database, or in a migration).

    ``model`` is the historical model inside a migration; returns how many rows were created.
    """
    if model is None:
        from anshim.accounts.models import ConsentText as model
    created = 0
    for text in VERSION_1:
        _row, made = model.objects.get_or_create(
            purpose=text["purpose"], kind=text["kind"], version=1, defaults={**text, "effective_from": EFFECTIVE_FROM}
        )
        created += made
    return created
