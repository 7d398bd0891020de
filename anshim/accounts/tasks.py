"""Background tasks of the accounts app, run by ``manage.py db_worker``."""

from django_tasks import task

from anshim.accounts import profile_services


@task()
def notify_policy_fits_task(rule_id: int, policy_is_new: bool = False) -> int:
    """Tell opted-in people whom a newly published rule makes eligible; running it twice sends once."""
    return profile_services.notify_policy_fits(rule_id=rule_id, policy_is_new=policy_is_new).notified
