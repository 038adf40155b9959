"""Reads of the cases app. Contacts are visible to everyone allowed to log contacts
(``Action.LOG_CONTACTS``); views get their objects here, never by hand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import (
    Article,
    Callback,
    Client,
    ClientPhone,
    ConflictLog,
    Consultation,
    Contact,
    Referral,
    Remedy,
    SubmissionDraft,
    WrittenSubmission,
)
from cases.phones import digits, try_normalize_phone
from servicedesk.days import day_start
from servicedesk.filtering import narrowed
from servicedesk.models import CompetentInstitution, Employee, ReceptionHours
from servicedesk.roles import Action, can
from servicedesk.search import Folded, fold, stem_words, typed_words

SEARCH_LIMIT = 20
#: The order-issue page lists this many of each kind, newest first.


def client_search(query: str, *, limit: int = SEARCH_LIMIT) -> list[Client]:
    """Find active clients by name, phone (any format), e-mail or contract number.

    Each typed word must occur in the client's search text (the name, contract number and
    e-mail folded on write: ``Client.search_text``), in any order and regardless of case and
    diacritics ("berzina anna" finds "Anna Bērziņa"): ``LIKE '%word%'`` on the stored
    column, which the trigram index answers on PostgreSQL. A phone number in any format
    finds its client by the stored E.164 number, four or more digits by a part of it. Only
    on PostgreSQL, when nothing matches, trigram similarity forgives a typo. Three to five
    queries, each through an index."""
    q = " ".join((query or "").split())
    if len(q) < 2:
        return []
    active = Client.objects.filter(is_active=True)
    ids = _by_phone(q, active, limit)  # a number found: the words are its digits
    words = typed_words(q)
    if words and not ids:
        by_words = active.order_by("name", "pk")
        for word in words:
            by_words = by_words.filter(search_text__contains=word)
        ids += [pk for pk in by_words.values_list("pk", flat=True)[:limit] if pk not in ids]
    if not ids and settings.USING_POSTGRES:
        ids = _similar(fold(q), active, limit)
    by_id = Client.objects.prefetch_related("phones").in_bulk(ids[:limit])
    return [by_id[i] for i in ids[:limit] if i in by_id]


def _by_phone(q: str, active: QuerySet[Client], limit: int) -> list[int]:
    """Clients with the typed phone number (any format: "26 123 456", "+371 26123456",
    "0037126123456"), or with four or more typed digits somewhere in a number."""
    number = try_normalize_phone(q)
    typed = digits(q)
    if number:
        phones = ClientPhone.objects.filter(number=number)
    elif len(typed) >= 4 and len(typed) >= len(q.replace(" ", "")) - 1:
        phones = ClientPhone.objects.filter(number__contains=typed)
    else:
        return []
    found = active.filter(pk__in=phones.values("client_id")).order_by("name", "pk")
    return list(found.values_list("pk", flat=True)[:limit])


class _WordSimilar(Func):
    """PostgreSQL's ``text %> query``: the query is like a part of the text (pg_trgm's word
    similarity above its threshold), which the trigram index answers."""

    arg_joiner = " %%> "
    template = "%(expressions)s"
    output_field = BooleanField()


def _similar(folded: str, active: QuerySet[Client], limit: int) -> list[int]:
    """PostgreSQL: the clients whose search text is most like the query (a typo: "Ana
    Berzina" finds "Anna Bērziņa"), through the trigram index (``%>``: word similarity)."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    similar = (
        active.filter(_WordSimilar(F("search_text"), Value(folded)))
        .annotate(similarity=TrigramWordSimilarity(folded, "search_text"))
        .order_by("-similarity", "name", "pk")
    )
    return list(similar.values_list("pk", flat=True)[:limit])


def client_duplicates(
    *,
    name: str = "",
    phones: Iterable[str] = (),
    email: str = "",
    service_address: str = "",
    exclude: int | None = None,
    limit: int = 5,
) -> list[Client]:
    """Active clients that are probably the same person or company: a phone number or the
    e-mail in common, or the same name at the same address (case and diacritics aside). The
    desk warns before creating a second card and offers to merge (2.1.6: one record a
    person)."""
    condition = Q()
    numbers = [n for n in (try_normalize_phone(p) for p in phones if p) if n]
    if numbers:
        condition |= Q(phones__number__in=numbers)
    if email:
        condition |= Q(email__iexact=email.strip())
    if name.strip() and service_address.strip():
        condition |= Q(
            folded_name=fold(" ".join(name.split())),
            folded_address=fold(" ".join(service_address.split())),
        )
    if not condition:
        return []
    qs = (
        Client.objects.filter(is_active=True)
        .annotate(folded_name=Folded("name"), folded_address=Folded("service_address"))
        .filter(condition)
        .order_by("name", "pk")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    ids = list(dict.fromkeys(qs.values_list("pk", flat=True)[: limit * 3]))[:limit]
    by_id = Client.objects.prefetch_related("phones").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def client_get(pk: int) -> Client:
    return get_object_or_404(Client.objects.prefetch_related("phones"), pk=pk)


@dataclass(frozen=True)
class ContactFilters:
    channel: str = ""
    topic_id: int | None = None
    employee_id: int | None = None
    outcome: str = ""
    date_from: date | None = None
    date_to: date | None = None
    client_id: int | None = None


def contacts_list(filters: ContactFilters) -> QuerySet[Contact]:
    """The contact list and a client's history: filtered, newest first, with
    everything a row shows fetched in a fixed number of queries."""
    qs = Contact.objects.select_related("client", "employee", "topic").prefetch_related("outcomes")
    qs = narrowed(
        qs,
        channel=filters.channel,
        topic_id=filters.topic_id,
        employee_id=filters.employee_id,
        outcomes__code=filters.outcome,
        client_id=filters.client_id,
        started_at__gte=filters.date_from and day_start(filters.date_from),
        started_at__lt=filters.date_to and day_start(filters.date_to + timedelta(days=1)),
    )
    return qs.order_by("-started_at", "-pk")


#: The contact list's orders (``servicedesk.paging.keyset_page``): by when it started, read
#: through the ``contact_started`` index (or ``contact_client`` on a client's card).
CONTACT_ORDERS = {"started_at": ("started_at",)}
CONTACT_DEFAULT_ORDER = "-started_at"


def _for_desk[Record: Model](user: Any, records: QuerySet[Record], pk: int) -> Record:
    """One record for a user who may log contacts; 404 for anyone else, as for a missing one."""
    if not can(user, Action.LOG_CONTACTS):
        raise Http404
    return get_object_or_404(records, pk=pk)


def contact_get(user: Any, pk: int) -> Contact:
    """One contact for a user who may log contacts, with what its page shows. The people of
    its callbacks, consultations and remedies are joined to their rows: prefetched apart,
    each list would read the same user (the one who logged the call) once more."""
    qs = Contact.objects.select_related(
        "client", "employee", "topic", "submission"
    ).prefetch_related(
        "outcomes",
        Prefetch("callbacks", queryset=Callback.objects.select_related("owner")),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("specialist__unit", "institution", "topic"),
        ),
        "order_issues__unit",
        Prefetch("consultations", queryset=Consultation.objects.select_related("contact_person")),
        "drafts",
        Prefetch("remedies", queryset=Remedy.objects.select_related("owner")),
    )
    return _for_desk(user, qs, pk)


def conflict_log_for(contact: Contact) -> ConflictLog | None:
    return ConflictLog.objects.filter(contact=contact).prefetch_related("actions__by").first()


def callback_queue(user: Any) -> QuerySet[Callback]:
    """The user's open callbacks, overdue ones first, then by due time (4.3.1)."""
    now = timezone.now()
    return (
        Callback.objects.filter(owner=user, status=Callback.Status.OPEN)
        .select_related("client", "contact")
        .annotate(
            overdue=Case(
                When(due_at__lt=now, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("overdue", "due_at", "pk")
    )


def callback_get(user: Any, pk: int) -> Callback:
    return _for_desk(user, Callback.objects.select_related("client", "contact__topic", "owner"), pk)


def specialists_for_topic(topic_id: int | None) -> QuerySet[Employee]:
    """Active staff with a topic of competence (2.1.2.3), for the referral picker."""
    qs = Employee.objects.filter(is_active=True).select_related("unit")
    if topic_id:
        qs = qs.filter(topics=topic_id)
    return qs.order_by("last_name", "first_name")


def institutions_for_topic(topic_id: int | None) -> QuerySet[CompetentInstitution]:
    qs = CompetentInstitution.objects.all()
    if topic_id:
        qs = qs.filter(topics=topic_id)
    return qs.order_by("name")


def referral_get(user: Any, pk: int) -> Referral:
    related = ("contact__client", "specialist__unit", "institution", "topic", "created_by")
    return _for_desk(user, Referral.objects.select_related(*related), pk)


def reception_hours_of(employee: Employee) -> dict[str, Any]:
    """The specialist's reception hours for a slip (2.1.2.3): the coming week from
    ``servicedesk.hours`` (holidays and dated exceptions included) where that module exists,
    else the weekly rows of the employee (or of the unit)."""
    try:
        from servicedesk import hours
    except ImportError:  # the hours module is optional for this app
        rows = ReceptionHours.objects.filter(employee=employee).order_by("weekday", "opens")
        if not rows:
            rows = ReceptionHours.objects.filter(unit_id=employee.unit_id).order_by(
                "weekday", "opens"
            )
        return {"rows": list(rows)}
    # One book for both: the week ahead and whether they receive now (hours and exceptions
    # read once).
    book = hours.load_book([employee], days=6)
    return {
        "schedule": book.schedule(employee, book.start, 7),
        "state": book.opening_state(employee),
    }


def client_phone_numbers(client: Client) -> list[str]:
    return list(ClientPhone.objects.filter(client=client).values_list("number", flat=True))


# --- Consultations, written submissions, knowledge base ---------------------------------------


def consultations_for(user: Any) -> QuerySet[Consultation]:
    """Questions put to the user as a contact person, unanswered first (4.9)."""
    return (
        Consultation.objects.filter(contact_person=user)
        .select_related("asked_by", "contact__client")
        .order_by(F("answered_at").asc(nulls_first=True), "-asked_at")
    )


def consultation_get(user: Any, pk: int) -> Consultation:
    related = ("asked_by", "contact_person", "contact")
    return _for_desk(user, Consultation.objects.select_related(*related), pk)


def submissions_register(status: str = "") -> QuerySet[WrittenSubmission]:
    """The register of written submissions, nearest deadline first among the open ones."""
    qs = WrittenSubmission.objects.select_related("contact__client", "owner", "forwarded_to")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "reply_due", "pk")


def submission_get(user: Any, pk: int) -> WrittenSubmission:
    related = ("contact__client", "owner", "forwarded_to")
    return _for_desk(user, WrittenSubmission.objects.select_related(*related), pk)


def draft_get(user: Any, pk: int) -> SubmissionDraft:
    related = ("contact__client", "created_by")
    return _for_desk(user, SubmissionDraft.objects.select_related(*related), pk)


def articles_search(query: str, *, public_only: bool = False) -> QuerySet[Article]:
    """Knowledge-base search (4.7): every word in the title, summary, text or topic, regardless
    of case, diacritics and Latvian case endings ("konteiners" finds "konteineru"): each typed
    word, stemmed and folded like the article's ``search_text``, must occur in it, or in the
    folded topic name. The same substring match on SQLite and PostgreSQL. The public site
    sees public articles only (4.1.2, 4.1.3)."""
    qs = Article.objects.select_related("topic", "owner")
    if public_only:
        qs = qs.filter(visibility=Article.Visibility.PUBLIC)
    qs = qs.annotate(_folded_topic=Folded("topic__name"))
    for word in (query or "").split():
        stems = stem_words(word).split()  # "e-pasts": both parts, like the text's words
        if not stems:
            continue
        in_text = Q()
        for stemmed in stems:
            in_text &= Q(search_text__contains=stemmed)
        qs = qs.filter(in_text | Q(_folded_topic__contains=fold(word)))
    return qs.order_by("title")


def article_get(slug: str, *, public_only: bool = False) -> Article:
    qs = Article.objects.select_related("topic")
    if public_only:
        qs = qs.filter(visibility=Article.Visibility.PUBLIC)
    return get_object_or_404(qs, slug=slug)
