"""Reading eligibility rules: the published version of every published policy, validated once.

Validated ``Rule`` objects are cached per process and rebuilt when a rule is published
(the cache key is the newest publication time and the count), so a check for one person
never re-parses JSON. Every outcome carries the version that decided it.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone

from anshim.catalog.models import Policy, PolicyRule, RuleStatus
from anshim.eligibility import Result, Rule, evaluate_many


@dataclass(frozen=True)
class PublishedRule:
    policy_id: int
    rule_id: int
    version: int
    rule: Rule


@dataclass(frozen=True)
class PolicyOutcome:
    """One policy's verdict for one person, with the rule version that decided it."""

    policy: Policy
    version: int
    result: Result


_cache: dict[str, Any] = {"key": None, "rules": {}}
_lock = threading.Lock()


def _published_queryset():
    return PolicyRule.objects.filter(status=RuleStatus.PUBLISHED, policy__is_published=True)


def published_rules() -> dict[int, PublishedRule]:
    """The published rule of each published policy, keyed by policy id."""
    key = tuple(_published_queryset().aggregate(n=Count("id"), latest=Max("published_at"), top=Max("id")).values())
    if _cache["key"] == key:
        return _cache["rules"]
    with _lock:
        rules = {
            row.policy_id: PublishedRule(row.policy_id, row.pk, row.version, Rule(row.definition))
            for row in _published_queryset().only("id", "policy_id", "version", "definition")
        }
        _cache.update(key=key, rules=rules)
    return rules


def check_person(
    facts: Mapping[str, Any], reference_date: datetime.date | None = None, policy_ids: list[int] | None = None
) -> list[PolicyOutcome]:
    """Every published policy's verdict for one person (raw facts are validated: ``FactError``)."""
    reference_date = reference_date or timezone.localdate()
    rules = published_rules()
    if policy_ids is not None:
        rules = {pk: rules[pk] for pk in policy_ids if pk in rules}
    results = evaluate_many({pk: r.rule for pk, r in rules.items()}, facts, reference_date)
    policies = Policy.objects.select_related("district").in_bulk(list(results))
    return [PolicyOutcome(policies[pk], rules[pk].version, result) for pk, result in results.items() if pk in policies]


def rule_history(policy: Policy) -> list[PolicyRule]:
    return list(policy.rules.order_by("-version"))
