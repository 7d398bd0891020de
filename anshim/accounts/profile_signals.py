"""A policy switched from hidden to published: people whom its rule already fits are told.

Publishing a rule calls ``profile_services.enqueue_policy_fits`` itself (``catalog.rule_services``);
a policy's ``is_published`` is changed in the admin, so its change is caught on save.
"""

from django.db.models.signals import post_save, pre_save

from anshim.catalog.models import Policy, PolicyRule, RuleStatus


def _remember_publication(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._was_published = False
        return
    instance._was_published = Policy.objects.filter(pk=instance.pk, is_published=True).exists()


def _policy_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_published or getattr(instance, "_was_published", True):
        return
    rule_id = (
        PolicyRule.objects.filter(policy=instance, status=RuleStatus.PUBLISHED).values_list("pk", flat=True).first()
    )
    if rule_id is not None:
        from anshim.accounts.profile_services import enqueue_policy_fits

        enqueue_policy_fits(rule_id=rule_id, policy_is_new=True)


def connect_signals() -> None:
    """Called from ``AccountsConfig.ready``."""
    pre_save.connect(_remember_publication, sender=Policy, dispatch_uid="policy-fits-remember-publication")
    post_save.connect(_policy_saved, sender=Policy, dispatch_uid="policy-fits-policy-published")
