import factory

from anshim.content.models import Faq, Notice, Tip


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    title = factory.Sequence(lambda n: f"시험 공지 {n}")
    body = "공지 내용입니다."


class TipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tip

    title = factory.Sequence(lambda n: f"시험 생활정보 {n}")
    theme = Tip.Theme.SAFETY
    summary = "혼자 사는 집의 현관 보안 요령"
    body = "현관문에 보조 잠금장치를 설치하세요."


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    topic = Faq.Topic.PORTAL
    question = factory.Sequence(lambda n: f"질문 {n}?")
    answer = "답변입니다."
