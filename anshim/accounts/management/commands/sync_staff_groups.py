"""Rebuild the role groups and put every official back in exactly the groups of their roles."""

from django.core.management.base import BaseCommand
from django.db import transaction

from anshim.accounts import staff_groups
from anshim.accounts.models import User


class Command(BaseCommand):
    help = "역할별 그룹(모델 권한)을 다시 만들고 모든 담당자의 그룹과 관리자 화면 접근을 역할에 맞춥니다."

    def handle(self, *args, **options):
        with transaction.atomic():
            groups = staff_groups.ensure_groups()
            users = User.objects.filter(staff_roles__isnull=False).distinct()
            count = 0
            for user in users:
                staff_groups.sync_user(user)
                count += 1
        self.stdout.write(f"역할 그룹 {len(groups)}개, 담당자 {count}명을 맞췄습니다.")
