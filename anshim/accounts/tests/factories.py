import factory

from anshim.accounts.models import Partner, StaffRole, User

PASSWORD = "seoul-anshim-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"citizen{n}@example.kr")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"시험 협력기관 {n}")
    kind = Partner.Kind.SECURITY


def grant(user, role, **scope):
    """Give ``user`` a role with its scope, validated as the admin would."""
    staff_role = StaffRole(user=user, role=role, **scope)
    staff_role.full_clean()
    staff_role.save()
    return staff_role
