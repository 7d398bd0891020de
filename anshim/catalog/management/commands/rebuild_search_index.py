"""Rebuilds the 통합검색 index from every published policy, programme, tip and notice.

Run it after loading fixtures or bulk imports (which bypass the save signals) and once a
day so that tips and notices scheduled for a later date become searchable on that date.
"""

import time

from django.core.management.base import BaseCommand

from anshim.catalog.indexing import reindex_all
from anshim.catalog.models import SearchDocument


class Command(BaseCommand):
    help = "통합검색 색인을 게시된 지원제도·참여프로그램·알쓸1잡·알림마당으로 다시 만듭니다."

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = reindex_all()
        elapsed = time.perf_counter() - started
        detail = ", ".join(f"{SearchDocument.Kind(kind).label} {n:,}건" for kind, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"검색 색인을 다시 만들었습니다: {detail} (총 {sum(counts.values()):,}건, {elapsed:.1f}초)"
            )
        )
