import pytest

from servicedesk.roles import Action, Role, can, roles_of


@pytest.mark.django_db
def test_every_role_group_exists_after_migrations():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_personas_have_their_roles(personas):
    assert roles_of(personas["reception"]) == {Role.FRONT_DESK}
    assert roles_of(personas["director"]) == {Role.EXECUTIVE_DIRECTOR}
    assert roles_of(personas["outsider"]) == frozenset()


def test_only_head_and_administrators_see_the_rules_register(personas):
    allowed = {name for name, user in personas.items() if can(user, Action.VIEW_RULES_REGISTER)}
    assert allowed == {"head", "admin"}


def test_pages_need_login(client, db):
    response = client.get("/directory/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
