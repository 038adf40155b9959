"""One gate for every complaints page (2.1.4.4, 7.1–7.3): a walk over every URL with every
persona, asserting exactly who gets 200 and who gets 404."""

import pytest
from django.urls import reverse

from complaints.models import SubjectKind
from complaints.selectors import complaints_visible_to
from tests.factories import EmployeeFactory

from .files import pdf_file

PERSONAS = [
    "reception",
    "reception2",
    "head",
    "unithead",
    "expert",
    "director",
    "ethics",
    "admin",
    "outsider",
]

# item → personas who may open it (everyone else gets 404)
SEES = {
    "about_expert": {"reception", "head", "admin"},
    "about_head": {"reception", "director", "admin"},
    "ethics_item": {"reception", "ethics", "admin"},
    "about_admin": {"reception", "head"},
}
# Administrators see ethics items in the register, but not their content.
READS_CONTENT = {**SEES, "ethics_item": {"reception", "ethics"}}


@pytest.fixture
def items(register, personas):
    admin_employee = EmployeeFactory(user=personas["admin"])
    return {
        "about_expert": register(
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=personas["expert"].employee,
            attachments=[pdf_file()],
        ),
        "about_head": register(subject_kind=SubjectKind.HEAD, attachments=[pdf_file()]),
        "ethics_item": register(
            subject_kind=SubjectKind.ETHICS,
            attachments=[pdf_file()],
            text="Slepens ētikas jautājums.",
        ),
        "about_admin": register(
            subject_kind=SubjectKind.EMPLOYEE,
            subject_employee=admin_employee,
            attachments=[pdf_file()],
        ),
    }


def _item_urls(item):
    attachment = item.attachments.get()
    return {
        "detail": reverse("complaints:detail", args=[item.pk]),
        "attachment": reverse("complaints:attachment", args=[item.pk, attachment.pk]),
    }


@pytest.mark.rule("2.1.4.4", "7.1", "7.2", "7.3")
def test_every_item_page_answers_200_or_404_by_the_visibility_rule(items, personas, client_for):
    failures = []
    for persona in PERSONAS:
        client = client_for(personas[persona])
        for name, item in items.items():
            for page, url in _item_urls(item).items():
                allowed = READS_CONTENT[name] if page == "attachment" else SEES[name]
                expected = 200 if persona in allowed else 404
                status = client.get(url).status_code
                if status != expected:
                    failures.append(f"{persona} {name} {page}: {status} != {expected}")
    assert failures == []


@pytest.mark.rule("2.1.4.4")
def test_every_item_action_is_404_for_those_who_cannot_see_the_item(items, personas, client_for):
    actions = [
        "acknowledge",
        "start_review",
        "decide",
        "answer",
        "close",
        "extend",
        "reroute",
        "appeal",
        "note",
    ]
    failures = []
    for persona in PERSONAS:
        client = client_for(personas[persona])
        for name, item in items.items():
            for action in actions:
                url = reverse("complaints:act", args=[item.pk, action])
                status = client.post(url, {"note-text": "x"}).status_code
                hidden = persona not in SEES[name]
                if (status == 404) != hidden:
                    failures.append(f"{persona} {name} {action}: {status}")
    assert failures == []


LIST_ACCESS = {
    # page → personas who may open it at all (others 403)
    "complaints:register": set(PERSONAS) - {"outsider"},
    "complaints:export": set(PERSONAS) - {"outsider"},
    "complaints:queue": {"head", "director", "ethics"},
}


@pytest.mark.rule("2.1.4.4", "7.2")
def test_lists_exports_and_counts_show_only_visible_items(items, personas, client_for):
    failures = []
    for persona in PERSONAS:
        client = client_for(personas[persona])
        for page, allowed in LIST_ACCESS.items():
            response = client.get(reverse(page))
            expected = 200 if persona in allowed else 403
            if response.status_code != expected:
                failures.append(f"{persona} {page}: {response.status_code} != {expected}")
                continue
            if expected != 200:
                continue
            content = response.content.decode()
            for name, item in items.items():
                shown = item.register_number in content
                should = persona in SEES[name] and (
                    page != "complaints:queue" or persona not in {"reception", "admin"}
                )
                if shown != should:
                    failures.append(f"{persona} {page} {name}: shown={shown}")
        visible = complaints_visible_to(personas[persona])
        expected_count = sum(persona in who for who in SEES.values())
        if visible.count() != expected_count:
            failures.append(f"{persona} count {visible.count()} != {expected_count}")
    assert failures == []


@pytest.mark.rule("2.1.4.4")
def test_admin_pages_go_through_the_visibility_gate(items, personas, client_for):
    admin_client = client_for(personas["admin"])
    changelist = admin_client.get(reverse("admin:complaints_feedbackitem_changelist"))
    assert changelist.status_code == 200
    content = changelist.content.decode()
    for name, item in items.items():
        assert (item.register_number in content) == ("admin" in SEES[name]), name
    for name, item in items.items():
        url = reverse("admin:complaints_feedbackitem_change", args=[item.pk])
        response = admin_client.get(url)
        assert response.status_code == (200 if "admin" in SEES[name] else 404), name
    ethics_page = admin_client.get(
        reverse("admin:complaints_feedbackitem_change", args=[items["ethics_item"].pk])
    )
    assert "Slepens ētikas jautājums." not in ethics_page.content.decode()
    # Nobody else is staff: the admin site sends them to its login, never shows an item.
    for persona in set(PERSONAS) - {"admin"}:
        client = client_for(personas[persona])
        for item in items.values():
            url = reverse("admin:complaints_feedbackitem_change", args=[item.pk])
            assert client.get(url).status_code == 302, persona


@pytest.mark.rule("7.2", "2.1.4.4")
def test_complaint_about_head_is_invisible_to_head(about_head, head, director, client_for):
    client = client_for(head)
    assert client.get(reverse("complaints:detail", args=[about_head.pk])).status_code == 404
    detail_url = reverse("complaints:detail", args=[about_head.pk])
    for query in (about_head.register_number, "Valdes loceklis"):
        search = client.get(reverse("complaints:register"), {"q": query})
        assert detail_url not in search.content.decode()
    # The same search finds it for the executive director.
    found = client_for(director).get(reverse("complaints:register"), {"q": "Valdes loceklis"})
    assert detail_url in found.content.decode()
    assert not complaints_visible_to(head).filter(pk=about_head.pk).exists()


@pytest.mark.rule("2.1.4.4")
def test_subject_employee_gets_404_even_with_the_head_role(register, expert, client_for):
    from django.contrib.auth.models import Group

    expert.groups.add(Group.objects.get(name="head"))
    item = register(subject_kind=SubjectKind.EMPLOYEE, subject_employee=expert.employee)
    response = client_for(expert).get(reverse("complaints:detail", args=[item.pk]))
    assert response.status_code == 404


def test_admin_cannot_find_ethics_items_by_searching_their_text(items, admin, ethics, client_for):
    response = client_for(admin).get(reverse("complaints:register"), {"q": "Slepens"})
    ethics_url = reverse("complaints:detail", args=[items["ethics_item"].pk])
    assert ethics_url not in response.content.decode()
    found = client_for(ethics).get(reverse("complaints:register"), {"q": "Slepens"})
    assert ethics_url in found.content.decode()
    ethics_response = client_for(admin).get(
        reverse("complaints:detail", args=[items["ethics_item"].pk])
    )
    assert "Slepens ētikas jautājums." not in ethics_response.content.decode()


def test_front_desk_sees_what_it_registered_without_review_notes(
    about_expert, head, reception, client_for
):
    from complaints.register.services import workflow

    workflow.review_note_add(actor=head, item=about_expert, text="Iekšēja piezīme vadītājam.")
    workflow.feedback_start_review(
        actor=head,
        item=about_expert,
        expected_version=about_expert.version,
        note="Vēsture ar piezīmi.",
    )
    url = reverse("complaints:detail", args=[about_expert.pk])
    desk_page = client_for(reception).get(url).content.decode()
    assert about_expert.text in desk_page
    assert "Iekšēja piezīme vadītājam." not in desk_page
    assert "Vēsture ar piezīmi." not in desk_page
    head_page = client_for(head).get(url).content.decode()
    assert "Iekšēja piezīme vadītājam." in head_page
    assert "Vēsture ar piezīmi." in head_page
