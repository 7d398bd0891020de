"""Version 1 of the 도어지킴이 consent notices: 수집·이용 and 제3자 제공 to the security company.

Frozen once anyone agreed (see ``anshim.accounts.consent_texts``): a change is a new version row.
The data migration loads them; ``ensure_consent_texts`` puts them back after a test flushed the database.
"""

from anshim.accounts.consent_texts import EFFECTIVE_FROM

PURPOSE = "DOORGUARD"

VERSION_1 = [
    {
        "purpose": PURPOSE,
        "kind": "COLLECTION_USE",
        "title": "안전 도어지킴이 신청을 위한 개인정보 수집·이용 동의",
        "items": "이름, 생년월일, 성별, 휴대전화, 주소, 주택 유형, 거주·가구 형태 등 신청 자격 확인 항목",
        "purpose_detail": "도어지킴이 신청 자격 확인, 대상자 선정·대기 안내, 설치 일정 연락, 이용료 보조금 정산",
        "retention": "서비스 약정 종료 후 5년(보조금 정산 증빙 보존 기간, 이후 지체 없이 파기)",
        "recipients": "",
        "body": (
            "서울특별시와 거주지 자치구는 「개인정보 보호법」 제15조에 따라 아래와 같이 개인정보를 수집·이용합니다.\n\n"
            "1. 수집 항목: 이름, 생년월일, 성별, 휴대전화, 주소, 주택 유형, 거주·가구 형태 등 신청 자격 확인 항목\n"
            "2. 이용 목적: 신청 자격 확인, 대상자 선정과 대기 순번 안내, 설치 일정 연락, 이용료 보조금 정산\n"
            "3. 보유·이용 기간: 서비스 약정이 끝난 날부터 5년(보조금 정산 증빙). 기간이 지나면 지체 없이 파기합니다.\n"
            "4. 동의를 거부할 권리와 불이익: 동의를 거부할 수 있습니다. 다만 거부하면 자격을 확인할 수 없어 "
            "도어지킴이를 신청할 수 없습니다."
        ),
    },
    {
        "purpose": PURPOSE,
        "kind": "THIRD_PARTY",
        "title": "보안업체에 개인정보 제3자 제공 동의(안전 도어지킴이)",
        "items": "이름, 휴대전화, 주소",
        "purpose_detail": "보안장비(현관 카메라, 실내 비상벨) 설치 방문, 24시간 긴급출동, 이용 계약과 요금 청구",
        "retention": "서비스 이용 계약 종료 후 5년(관계 법령에 따른 보존 기간, 이후 지체 없이 파기)",
        "recipients": "서울시와 공급 협약을 맺은 보안업체(사업 차수별 협약 업체)",
        "body": (
            "서울특별시는 「개인정보 보호법」 제17조에 따라 아래와 같이 개인정보를 제3자에게 제공합니다.\n\n"
            "1. 받는 자: 서울시와 공급 협약을 맺은 보안업체(사업 차수별 협약 업체)\n"
            "2. 제공 항목: 이름, 휴대전화, 주소\n"
            "3. 받는 자의 이용 목적: 보안장비(현관 카메라, 실내 비상벨) 설치 방문, 24시간 긴급출동, "
            "이용 계약과 요금 청구\n"
            "4. 받는 자의 보유·이용 기간: 서비스 이용 계약이 끝난 날부터 5년. 기간이 지나면 지체 없이 파기합니다.\n"
            "5. 동의를 거부할 권리와 불이익: 동의를 거부할 수 있습니다. 다만 거부하면 보안업체가 설치와 출동을 "
            "할 수 없어 도어지킴이를 신청할 수 없습니다."
        ),
    },
]


def ensure_consent_texts(model=None) -> int:
    """Create the missing version 1 texts; ``model`` is the historical model inside a migration."""
    if model is None:
        from anshim.accounts.models import ConsentText as model
    created = 0
    for text in VERSION_1:
        _row, made = model.objects.get_or_create(
            purpose=text["purpose"], kind=text["kind"], version=1, defaults={**text, "effective_from": EFFECTIVE_FROM}
        )
        created += made
    return created
