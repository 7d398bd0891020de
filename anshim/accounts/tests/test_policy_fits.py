""" "A new or changed policy now fits you": who is told when a rule is published, and who is not."""

import signal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from anshim.accounts import profile_services
from anshim.accounts.models import ConsentPurpose, Profile
from anshim.accounts.selectors import current_consent_texts, has_current_consent
from anshim.accounts.services import give_consents, withdraw_consent
from anshim.accounts.tasks import notify_policy_fits_task
from anshim.accounts.tests.factories import UserFactory
from anshim.catalog import rule_services
from anshim.catalog.models import Policy, RuleTestCase
from anshim.catalog.rule_selectors import check_person
from anshim.catalog.tests.factories import PolicyFactory
from anshim.notifications.models import Channel, Notification, Status

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def youth(max_age: int) -> dict:
    return {
        "all": [
            {"fact": "age", "op": "between", "value": [19, max_age]},
            {"fact": "registered_in_seoul", "op": "is_true", "label": "서울 거주(주민등록)"},
        ]
    }


def born(age: int) -> str:
    return rule_services._born(timezone.localdate(), age)


def facts(age: int) -> dict:
    return {"birth_date": born(age), "registered_in_seoul": True, "lives_alone": True}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def official(django_user_model):
    user = django_user_model.objects.create_user("fits-official", "fits@example.com", "pw-안심-2026", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["add_policyrule", "change_policyrule"]))
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def policy():
    # Inserted without save signals, so the test does not wait for the Korean search analyser.
    return Policy.objects.bulk_create(
        [PolicyFactory.build(title="청년 월세 지원", summary="월 20만 원, 최대 12개월", period_note="상시 접수")]
    )[0]


def add_cases(policy, max_age):
    when = timezone.localdate()
    for name, age, expected in (("대상", 25, "ELIGIBLE"), ("나이 초과", max_age + 5, "INELIGIBLE")):
        rule_services.add_test_case(
            policy=policy, name=f"{name} {max_age}", facts=facts(age), reference_date=when, expected=expected
        )


def publish(policy, official, max_age):
    RuleTestCase.objects.filter(policy=policy).delete()
    add_cases(policy, max_age)
    draft = rule_services.save_draft(policy=policy, definition=youth(max_age), note="", actor=official)
    return rule_services.publish(rule=draft, actor=official)


def person(age: int, *, notify=True, consent=True, phone="", name="김서울"):
    user = UserFactory(name=name, phone=phone)
    texts = current_consent_texts(ConsentPurpose.PROFILE)
    if consent:
        give_consents(user=user, purpose=ConsentPurpose.PROFILE, text_ids=[t.pk for t in texts])
    Profile.objects.create(user=user, facts=facts(age), notify_new_policies=notify)
    return user


def messages_to(user):
    return list(Notification.objects.filter(recipient=user, template="policy_fits"))


def test_profile_consent_text_is_in_force():
    assert current_consent_texts(ConsentPurpose.PROFILE)


def test_a_widened_rule_tells_the_person_it_newly_fits_once(policy, official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(policy, official, 29)
    newly = person(35, name="이청년")
    already = person(25)
    still_not = person(45)

    with django_capture_on_commit_callbacks(execute=True):
        rule = publish(policy, official, 39)

    (message,) = messages_to(newly)
    assert message.channel == Channel.EMAIL
    assert message.to == newly.email
    assert message.idempotency_key == f"policy-fits:{newly.pk}:{rule.pk}"
    assert "청년 월세 지원" in message.subject
    assert "이청년님" in message.body
    assert "월 20만 원, 최대 12개월" in message.body
    assert f"/policies/{policy.pk}/" in message.body
    assert messages_to(already) == []
    assert messages_to(still_not) == []


def test_running_the_task_twice_still_sends_one_message(policy, official, django_capture_on_commit_callbacks):
    publish(policy, official, 29)
    user = person(35)
    with django_capture_on_commit_callbacks(execute=True):
        rule = publish(policy, official, 39)
        notify_policy_fits_task.call(rule.pk)
    with django_capture_on_commit_callbacks(execute=True):
        notify_policy_fits_task.call(rule.pk)
    assert len(messages_to(user)) == 1


def test_opted_out_or_without_consent_nobody_is_told(policy, official, django_capture_on_commit_callbacks):
    publish(policy, official, 29)
    opted_out = person(35, notify=False)
    never_agreed = person(35, consent=False)
    withdrew = person(35)
    consent = withdrew.consents.get()
    withdraw_consent(user=withdrew, consent=consent)
    assert not has_current_consent(withdrew, ConsentPurpose.PROFILE)

    with django_capture_on_commit_callbacks(execute=True):
        publish(policy, official, 39)

    assert messages_to(opted_out) == []
    assert messages_to(never_agreed) == []
    assert messages_to(withdrew) == []


def test_a_first_rule_tells_everyone_it_fits(policy, official, django_capture_on_commit_callbacks):
    young, old = person(30), person(60)
    with django_capture_on_commit_callbacks(execute=True):
        publish(policy, official, 39)
    assert len(messages_to(young)) == 1
    assert messages_to(old) == []


def test_a_phone_number_means_a_text_message(policy, official, django_capture_on_commit_callbacks):
    user = person(30, phone="01098765432")
    with django_capture_on_commit_callbacks(execute=True):
        publish(policy, official, 39)
    (message,) = messages_to(user)
    assert message.channel == Channel.SMS
    assert message.to == "01098765432"


def test_a_narrowed_rule_tells_nobody(policy, official, django_capture_on_commit_callbacks):
    publish(policy, official, 39)
    user = person(25)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        publish(policy, official, 29)
    assert messages_to(user) == []


def test_a_hidden_policy_tells_nobody_until_it_is_published(policy, official, django_capture_on_commit_callbacks):
    Policy.objects.filter(pk=policy.pk).update(is_published=False)
    policy.refresh_from_db()
    user = person(30)
    with django_capture_on_commit_callbacks(execute=True):
        publish(policy, official, 39)
    assert messages_to(user) == []

    policy.is_published = True
    with django_capture_on_commit_callbacks(execute=True):
        policy.save()
    assert len(messages_to(user)) == 1


def test_a_rolled_back_publication_tells_nobody(policy, official, django_capture_on_commit_callbacks):
    user = person(30)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(policy, official, 39)
    assert callbacks  # queued for after the commit, not run inside the transaction
    assert messages_to(user) == []


def test_the_check_covers_many_people_in_batches(policy, official, monkeypatch):
    monkeypatch.setattr(profile_services, "BATCH_SIZE", 3)
    rule = publish(policy, official, 39)
    Notification.objects.all().delete()
    fits = [person(20 + i) for i in range(7)]
    too_old = [person(50 + i) for i in range(3)]

    run = profile_services.notify_policy_fits(rule_id=rule.pk, policy_is_new=True)

    assert (run.checked, run.newly_eligible) == (10, 7)
    assert all(len(messages_to(user)) == 1 for user in fits)
    assert all(messages_to(user) == [] for user in too_old)


def test_the_batch_verdict_matches_the_one_person_check(policy, official):
    """The population evaluator and the page's one-person check agree on every stored profile."""

    rule = publish(policy, official, 39)
    people = [person(age) for age in (18, 19, 30, 39, 40, 70)]
    Notification.objects.all().delete()
    profile_services.notify_policy_fits(rule_id=rule.pk, policy_is_new=True)
    today = timezone.localdate()
    for user in people:
        outcome = check_person(Profile.objects.get(user=user).facts, today, [policy.pk])[0]
        assert (outcome.result.outcome.name == "ELIGIBLE") == bool(messages_to(user)), user.profile.facts


def test_a_person_without_any_address_is_skipped(policy, official):
    rule = publish(policy, official, 39)
    user = person(30)
    type(user).objects.filter(pk=user.pk).update(email=None)
    other = person(31)
    Notification.objects.all().delete()
    run = profile_services.notify_policy_fits(rule_id=rule.pk, policy_is_new=True)
    assert run.notified == 1
    assert messages_to(user) == []
    assert len(messages_to(other)) == 1


@pytest.mark.django_db(transaction=True)
def test_publishing_queues_the_check_for_the_worker(policy, official, settings):
    """In production the check runs in ``manage.py db_worker``, after the publication commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = person(30)
    rule = publish(policy, official, 39)

    (queued,) = DBTaskResult.objects.filter(task_path__endswith="notify_policy_fits_task")
    assert queued.args_kwargs["args"] == [rule.pk, False]
    assert messages_to(user) == []

    handled = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {number: signal.getsignal(number) for number in handled}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)

    (message,) = messages_to(user)
    assert message.status == Status.SENT
