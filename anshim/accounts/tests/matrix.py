"""Helpers for the permission tables (every role against every page and POST)."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def undone():
    """Run a block and roll back everything it wrote, so the next role meets the same world.

    One world per POST, rolled back role by role, instead of one world per role and POST: the
    tables build it a dozen times less often, and each role still acts on untouched data.
    """
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def wrong_answers(client, roles, sign_in, check) -> list[str]:
    """Ask ``check(client, role)`` for every role, each signed in by ``sign_in(client, role)`` and
    rolled back before the next; returns "role: what went wrong" for every role that answered badly.

    A POST changes the world, so each role's request is undone: every role meets the same
    untouched rows, and the world is built once per table.
    """
    wrong = []
    for role in roles:
        client.logout()
        with undone():
            problem = check(sign_in(client, role), role)
            if problem:
                wrong.append(f"{role}: {problem}")
    return wrong
