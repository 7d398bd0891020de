"""Keeps ``SearchDocument`` in step with policies, programmes, tips and notices.

Saving a published item (re)computes its terms; unpublishing or deleting removes it.
Tips and notices dated in the future are indexed by the next ``rebuild_search_index``.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from anshim.catalog.models import SearchDocument
from anshim.catalog.search import document_terms, document_terms_batch

Kind = SearchDocument.Kind


def _lines(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _policy_document(policy) -> tuple[str, str]:
    return policy.title, _lines(
        policy.summary,
        f"{policy.provider_name} · {policy.get_category_display()}",
        policy.target,
        policy.benefit,
        policy.how_to_apply,
        policy.where_to_apply,
        policy.period_note,
        policy.department,
    )


def _program_document(program) -> tuple[str, str]:
    where = " · ".join(
        str(p)
        for p in (program.district.name, program.center.name if program.center_id else "", program.get_kind_display())
        if p
    )
    return program.title, _lines(
        program.summary,
        f"{where} · {program.get_category_display()}",
        program.target,
        program.place,
        program.schedule,
        program.description,
    )


def _tip_document(tip) -> tuple[str, str]:
    return tip.title, _lines(tip.summary, tip.get_theme_display(), tip.body)


def _notice_document(notice) -> tuple[str, str]:
    return notice.title, _lines(notice.body, f"{notice.get_kind_display()} · {notice.author}")


@dataclass(frozen=True)
class Source:
    kind: str
    model_label: str
    # Fields that change the document; a save touching none of them skips re-analysis.
    fields: frozenset[str]
    document: Callable[[models.Model], tuple[str, str]]
    related: tuple[str, ...] = ()
    # Items with a publication date are visible only from that date.
    scheduled: bool = False

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def is_published(self, instance: models.Model) -> bool:
        return instance.is_published and (not self.scheduled or instance.published_at <= timezone.now())

    def published(self) -> models.QuerySet:
        queryset = self.model.objects.filter(is_published=True).select_related(*self.related)
        if self.scheduled:
            queryset = queryset.filter(published_at__lte=timezone.now())
        return queryset.order_by("pk")


SOURCES = (
    Source(
        Kind.POLICY,
        "catalog.Policy",
        frozenset(
            {"title", "summary", "category", "district", "target", "benefit", "how_to_apply", "where_to_apply"}
            | {"period_note", "department", "is_published"}
        ),
        _policy_document,
        related=("district",),
    ),
    Source(
        Kind.PROGRAM,
        "programs.Program",
        frozenset(
            {"title", "summary", "kind", "category", "district", "center", "target", "place", "schedule"}
            | {"description", "is_published"}
        ),
        _program_document,
        related=("district", "center"),
    ),
    Source(
        Kind.TIP,
        "content.Tip",
        frozenset({"title", "theme", "summary", "body", "is_published", "published_at"}),
        _tip_document,
        scheduled=True,
    ),
    Source(
        Kind.NOTICE,
        "content.Notice",
        frozenset({"title", "kind", "body", "author", "is_published", "published_at"}),
        _notice_document,
        scheduled=True,
    ),
)
_BY_LABEL = {source.model_label: source for source in SOURCES}


def _source_for(instance: models.Model) -> Source:
    return _BY_LABEL[instance._meta.label]


def _document(source: Source, instance: models.Model) -> SearchDocument:
    # Category and kind labels are stored in Korean whatever language the editor uses.
    with translation.override("ko"):
        title, body = source.document(instance)
    return SearchDocument(
        kind=source.kind, object_id=instance.pk, title=title, body=body, url=instance.get_absolute_url()
    )


def index_instance(instance: models.Model) -> bool:
    """Index one item if it is published, otherwise drop it. Returns whether it is now indexed."""
    source = _source_for(instance)
    if not source.is_published(instance):
        remove_instance(instance)
        return False
    document = _document(source, instance)
    SearchDocument.objects.update_or_create(
        kind=source.kind,
        object_id=instance.pk,
        defaults={
            "title": document.title,
            "body": document.body,
            "url": document.url,
            "title_terms": " ".join(document_terms(document.title)),
            "body_terms": " ".join(document_terms(document.body)),
        },
    )
    return True


def remove_instance(instance: models.Model) -> None:
    """Remove one item from the index (deleted or no longer published)."""
    SearchDocument.objects.filter(kind=_source_for(instance).kind, object_id=instance.pk).delete()


def _analyse(documents: list[SearchDocument], *, batch_size: int = 256) -> None:
    """Fill the terms of unsaved documents, sending texts to Kiwi in batches (it analyses a batch on several threads)."""
    for start in range(0, len(documents), batch_size):
        batch = documents[start : start + batch_size]
        terms = document_terms_batch(text for document in batch for text in (document.title, document.body))
        for document in batch:
            document.title_terms = " ".join(next(terms))
            document.body_terms = " ".join(next(terms))


def reindex_all(*, batch_size: int = 256) -> dict[str, int]:
    """Rebuild the whole index from the published items; returns the count per kind.

    Texts go to Kiwi in batches (it analyses a batch on several threads); the old rows
    are replaced in one transaction, so searches never see a half-built index.
    """
    documents = [
        _document(source, instance) for source in SOURCES for instance in source.published().iterator(chunk_size=500)
    ]
    _analyse(documents, batch_size=batch_size)
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchDocument.objects.bulk_create(documents, batch_size=500)
    counts = Counter(document.kind for document in documents)
    return {kind: counts.get(kind, 0) for kind in Kind.values}


_deferral = threading.local()


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Collect the items saved inside the block and index them together at its end.

    A bulk import saves rows one by one; analysing each text on its own costs a Kiwi
    call per row, while one batched call at the end is several times faster. If the
    block raises (the import was refused), nothing is indexed.
    """
    if getattr(_deferral, "pending", None) is not None:
        yield
        return
    _deferral.pending = {}
    try:
        yield
        pending = list(_deferral.pending.values())
    finally:
        _deferral.pending = None
    index_many(pending)


def index_many(instances: list[models.Model]) -> None:
    """Index several items with one batched analysis; unpublished ones are dropped."""
    documents = []
    for instance in instances:
        source = _source_for(instance)
        if source.is_published(instance):
            documents.append(_document(source, instance))
        else:
            remove_instance(instance)
    _analyse(documents)
    with transaction.atomic():
        for document in documents:
            SearchDocument.objects.update_or_create(
                kind=document.kind,
                object_id=document.object_id,
                defaults={f: getattr(document, f) for f in ("title", "body", "url", "title_terms", "body_terms")},
            )


def _saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Fixture loading (raw) may save an item before what it points to; rebuild afterwards.
    if raw:
        return
    if update_fields is not None:
        # Django passes the names as given; district_id and district are the same field.
        touched = {instance._meta.get_field(name).name for name in update_fields}
        if not touched & _source_for(instance).fields:
            return
    pending = getattr(_deferral, "pending", None)
    if pending is not None:
        pending[(instance._meta.label, instance.pk)] = instance
        return
    index_instance(instance)


def _deleted(sender, instance, **kwargs):
    remove_instance(instance)


def connect_signals() -> None:
    """Wire the index to every searchable model (called from ``CatalogConfig.ready``)."""
    for source in SOURCES:
        post_save.connect(_saved, sender=source.model, dispatch_uid=f"search-index-save-{source.kind}")
        post_delete.connect(_deleted, sender=source.model, dispatch_uid=f"search-index-delete-{source.kind}")
