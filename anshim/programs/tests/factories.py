import datetime

import factory

from anshim.catalog.choices import Category
from anshim.programs.models import Center, Program, ProgramKind


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center

    code = factory.Sequence(lambda n: f"TEST-C-{n:03d}")
    name = factory.Sequence(lambda n: f"시험 1인가구지원센터 {n}")
    district_id = "11620"
    address = "서울특별시 관악구 관악로 145"
    latitude = 37.4784
    longitude = 126.9516
    phone = "02-879-0000"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    code = factory.Sequence(lambda n: f"TEST-G-{n:05d}")
    title = factory.Sequence(lambda n: f"시험용 프로그램 {n}")
    kind = ProgramKind.PROGRAM
    category = Category.LONELINESS
    district_id = "11620"
    summary = "함께 요리하고 식사하는 모임"
    description = "1인가구가 모여 요리를 배우고 함께 식사합니다."
    target = "관악구 거주 1인가구"
    place = "관악구 1인가구지원센터"
    address = "서울특별시 관악구 관악로 145"
    latitude = 37.4784
    longitude = 126.9516
    starts_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=50))
    schedule = "매주 화요일 19:00~21:00"
    recruit_start = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=5))
    recruit_end = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
    capacity = 20
    enrolled = 5
