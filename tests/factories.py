"""factory_boy factories for the organisation and its people."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from servicedesk.models import (
    CompetentInstitution,
    Employee,
    Institution,
    ReceptionHours,
    ReviewAuthority,
    StructuralUnit,
    Topic,
)

PASSWORD = "demo-parole"


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("registration_number",)

    name = "SIA “Atkritumu apsaimniekošanas Dienvidlatgales starppašvaldību organizācija”"
    short_name = "AADSO"
    registration_number = "41503033197"
    address = "Rīgas iela 2A, Daugavpils, LV-5401"
    official_e_address = "AADSO"
    phone = "+37165400000"
    email = "info@aadso.lv"
    website = "https://www.aadso.lv"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Tēma {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructuralUnit
        django_get_or_create = ("institution", "name")

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Nodaļa {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Anna"
    last_name = "Bērziņa"
    email = factory.LazyAttribute(lambda u: f"{u.username}@aadso.lv")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory)
    first_name = factory.LazyAttribute(lambda e: e.user.first_name if e.user else "Jānis")
    last_name = factory.LazyAttribute(lambda e: e.user.last_name if e.user else "Ozols")
    position = "Klientu apkalpošanas speciālists"
    unit = factory.SubFactory(UnitFactory)
    room = "101"
    phone = "+37165400001"
    email = factory.LazyAttribute(lambda e: e.user.email if e.user else "darbinieks@aadso.lv")
    client_facing = True
    work_id_number = ""
    work_id_valid_until = None


class CompetentInstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetentInstitution
        django_get_or_create = ("name",)

    name = "Valsts vides dienests"
    phone = "+37167084200"
    email = "pasts@vvd.gov.lv"
    website = "https://www.vvd.gov.lv"


class ReviewAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAuthority
        django_get_or_create = ("kind",)

    kind = ReviewAuthority.Kind.HEAD
    name = factory.LazyAttribute(lambda a: str(ReviewAuthority.Kind(a.kind).label))
    email = factory.LazyAttribute(lambda a: f"{a.kind}@example.lv")


class ReceptionHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionHours

    weekday = 0
    opens = dt.time(8, 0)
    closes = dt.time(17, 0)
