"""Writes the demo data into a database that has no catalogue yet, or replaces an earlier load.

Rows are built first as plain specs (no database), then written in one transaction
with bulk inserts, which skip the per-row save signals that analyse each text for
search; the index is rebuilt once afterwards, in batches.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from anshim.catalog.models import Policy, PolicyRule, RuleStatus, RuleTestCase
from anshim.content.models import Faq, Notice, NoticeAttachment, Tip
from anshim.portal.demo.centers import build_centers
from anshim.portal.demo.content import build_faqs, build_notices, build_tips
from anshim.portal.demo.people import release_demo_catalogue
from anshim.portal.demo.policies import build_policies
from anshim.portal.demo.programs import build_programs
from anshim.portal.demo.rules import build_rules
from anshim.programs.models import Center, Program, ProgramStatus

# The day the 2021 portal opened; any integer gives another, equally valid demo.
DEFAULT_SEED = 20210901


class DemoDataExists(Exception):
    """The database already holds policies, programmes or centres and replacing was not asked for."""


@dataclass(frozen=True)
class DemoSummary:
    anchor: datetime.date
    seed: int
    centers: int
    city_policies: int
    district_policies: int
    programs: int
    statuses: dict[str, int]
    tips: int
    notices: int
    attachments: int
    faqs: int


def has_catalogue_data() -> bool:
    return Policy.objects.exists() or Program.objects.exists() or Center.objects.exists()


def rebuild_search_index() -> None:
    from anshim.catalog.indexing import reindex_all

    reindex_all()


def load_demo(*, anchor: datetime.date, seed: int = DEFAULT_SEED, replace: bool = False) -> DemoSummary:
    """Load the demo for ``anchor``; with ``replace`` the rows of an earlier demo load are deleted first.

    Raises ``DemoDataExists`` when policies, programmes or centres exist and ``replace`` is false.
    """
    if not replace and has_catalogue_data():
        raise DemoDataExists
    centers = build_centers(seed)
    policies = build_policies(seed)
    programs = build_programs(seed, anchor, centers, policies)
    tips = build_tips(seed, anchor)
    notices = build_notices(seed, anchor, centers, programs)
    faqs = build_faqs()
    rules = build_rules(policies)
    # Rules count as published at the start of the anchor day, so the same anchor gives the same rows.
    published_at = timezone.make_aware(datetime.datetime.combine(anchor, datetime.time.min))

    with transaction.atomic():
        if replace:
            _delete_demo(tips, notices, faqs)
        elif has_catalogue_data():
            raise DemoDataExists

        Center.objects.bulk_create(
            Center(
                code=c.code,
                name=c.name,
                district_id=c.district_code,
                address=c.address,
                latitude=c.latitude,
                longitude=c.longitude,
                phone=c.phone,
                opening_hours=c.opening_hours,
                url=c.url,
            )
            for c in centers
        )
        policy_rows = []
        for p in policies:
            apply_start, apply_end = p.period.dates(anchor)
            policy_rows.append(
                Policy(
                    code=p.code,
                    title=p.title,
                    category=p.category,
                    district_id=p.district_code,
                    department=p.department,
                    summary=p.summary,
                    target=p.target,
                    benefit=p.benefit,
                    how_to_apply=p.how_to_apply,
                    where_to_apply=p.where_to_apply,
                    apply_start=apply_start,
                    apply_end=apply_end,
                    period_note=p.period.note,
                    contact=p.contact,
                    url=p.url,
                    min_age=p.min_age,
                    max_age=p.max_age,
                    sex=p.sex,
                    featured=p.featured,
                )
            )
        Policy.objects.bulk_create(policy_rows)

        center_ids = dict(Center.objects.filter(code__in=[c.code for c in centers]).values_list("code", "pk"))
        policy_ids = dict(Policy.objects.filter(code__in=[p.code for p in policies]).values_list("code", "pk"))
        # Replacing deletes the demo policies, and their rules and test cases with them (on_delete CASCADE).
        PolicyRule.objects.bulk_create(
            PolicyRule(
                policy_id=policy_ids[r.policy_code],
                version=1,
                definition=r.definition,
                status=RuleStatus.PUBLISHED,
                note=r.note,
                published_at=published_at,
            )
            for r in rules
        )
        RuleTestCase.objects.bulk_create(
            (
                RuleTestCase(
                    policy_id=policy_ids[r.policy_code],
                    name=c.name,
                    facts=c.facts,
                    reference_date=c.reference_date,
                    expected=c.expected,
                )
                for r in rules
                for c in r.cases
            ),
            batch_size=500,
        )
        program_rows = [
            Program(
                code=g.code,
                title=g.title,
                kind=g.kind,
                category=g.category,
                district_id=g.district_code,
                center_id=center_ids[g.center_code] if g.center_code else None,
                policy_id=policy_ids[g.policy_code] if g.policy_code else None,
                summary=g.summary,
                description=g.description,
                target=g.target,
                place=g.place,
                address=g.address,
                latitude=g.latitude,
                longitude=g.longitude,
                starts_on=g.starts_on,
                ends_on=g.ends_on,
                schedule=g.schedule,
                recruit_start=g.recruit_start,
                recruit_end=g.recruit_end,
                capacity=g.capacity,
                enrolled=g.enrolled,
                fee=g.fee,
                contact=g.contact,
            )
            for g in programs
        ]
        Program.objects.bulk_create(program_rows, batch_size=500)

        Tip.objects.bulk_create(
            Tip(title=t.title, theme=t.theme, summary=t.summary, body=t.body, published_at=t.published_at) for t in tips
        )
        # Both supported databases (SQLite 3.35+, PostgreSQL) return the new keys from a bulk insert.
        notice_rows = Notice.objects.bulk_create(
            Notice(
                title=n.title, kind=n.kind, body=n.body, author=n.author, pinned=n.pinned, published_at=n.published_at
            )
            for n in notices
        )
        attachments = 0
        for n, row in zip(notices, notice_rows, strict=True):
            for a in n.attachments:
                attachment = NoticeAttachment(notice=row, name=a.name)
                attachment.file.save(a.filename, ContentFile(a.content), save=True)
                attachments += 1
        Faq.objects.bulk_create(Faq(topic=f.topic, question=f.question, answer=f.answer, order=f.order) for f in faqs)

    rebuild_search_index()
    statuses = Counter(row.status_on(anchor) for row in program_rows)
    return DemoSummary(
        anchor=anchor,
        seed=seed,
        centers=len(centers),
        city_policies=sum(1 for p in policies if p.district_code is None),
        district_policies=sum(1 for p in policies if p.district_code is not None),
        programs=len(program_rows),
        statuses={status.label: statuses.get(status, 0) for status in ProgramStatus},
        tips=len(tips),
        notices=len(notices),
        attachments=attachments,
        faqs=len(faqs),
    )


# Codes the demo generators give; replacing deletes exactly the rows that carry them.
DEMO_CODE_PATTERNS = {
    "program": r"^G-11[0-9]{3}-[0-9]{4}$",
    "policy": r"^P-(SEOUL|11[0-9]{3})-[0-9]{3}$",
    "center": r"^C-11[0-9]{3}$",
}


def _delete_demo(tips, notices, faqs) -> None:
    """Delete the rows an earlier load wrote (matched by demo code, title or question), and their files.

    Rows officials added themselves have other codes and titles and are kept.
    """
    release_demo_catalogue()
    Program.objects.filter(code__regex=DEMO_CODE_PATTERNS["program"]).delete()
    Policy.objects.filter(code__regex=DEMO_CODE_PATTERNS["policy"]).delete()
    Center.objects.filter(code__regex=DEMO_CODE_PATTERNS["center"]).delete()
    Tip.objects.filter(title__in=[t.title for t in tips]).delete()
    Faq.objects.filter(question__in=[f.question for f in faqs]).delete()
    demo_notices = Notice.objects.filter(title__in=[n.title for n in notices])
    files = list(NoticeAttachment.objects.filter(notice__in=demo_notices).values_list("file", flat=True))
    demo_notices.delete()
    storage = NoticeAttachment._meta.get_field("file").storage

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    # Files go only once the deletion is committed, so a failed reload keeps the old attachments.
    transaction.on_commit(delete_files)
