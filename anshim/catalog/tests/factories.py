import factory

from anshim.catalog.choices import Category, Sex
from anshim.catalog.models import Policy


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    code = factory.Sequence(lambda n: f"TEST-P-{n:04d}")
    title = factory.Sequence(lambda n: f"시험용 지원제도 {n}")
    category = Category.SAFETY
    district = None
    summary = "시험용 정책 요약"
    target = "서울시 거주 1인가구"
    benefit = "월 10만 원 지원"
    how_to_apply = "온라인 신청"
    where_to_apply = "서울시 1인가구 포털"
    contact = "02-120"
    sex = Sex.ALL
