"""Data subject requests (2.1.6.1, GDPR articles 15, 17 and 20): export everything the desk
holds about a data subject, and erase (anonymise) it except what the law makes us keep.

The core app does not know the apps above it (ARCHITECTURE.md), so the data lives with
**sources**: each app's ``privacy.py`` (``cases/privacy.py``, ``complaints/privacy.py``)
registers its kinds of data subject (a client card; a public-form submitter without one) and a
source of personal data (contacts, feedback items…). This package holds the registry
(``registry``), the text scrubber (``scrubbing``), the export and its PDF (``export``,
``pdf``), the erasure (``erasure``); every public name is importable from here:

* ``subject_export`` — JSON and a Latvian PDF of every section, logged as a request and as an
  access ("export") in the audit trail. It is read **through the gate of the person making
  it** (2.1.4.4): a record they may not see (a complaint about themselves) is neither included
  nor named nor counted; a record they see but may not read (an ethics complaint for an
  administrator) appears without its content. Those who may read such a record (its review
  authority) get an in-app notification asking them to provide that part to the data subject;
  every export carries the same fixed sentence saying that such parts come separately, whether
  or not anything was withheld, so the export itself reveals nothing.
* ``subject_erase`` — each source anonymises what it may and says what it keeps and why
  (an unclosed complaint, a written submission within its retention period). The erasure
  reaches every copy, whoever handles it; only its *report* goes through the handler's gate
  (a kept record they may not see is reported to its reviewers instead).

Scrubbing replaces the subject's name (each word of it, in any Latvian case ending, with or
without diacritics), phone numbers in any common spelling and e-mail addresses with
"[erased]". Every copy derived from an anonymised record is scrubbed as well: its change
history (django-simple-history), the notifications about it in the outbox, the admin's log
entries about it, and whatever a higher app registered with ``register_dependent``.
"""

from __future__ import annotations

from servicedesk.services.privacy.erasure import (
    identity_erase_plan,
    subject_erase,
    subject_erase_plan,
)
from servicedesk.services.privacy.export import (
    Export,
    report_for,
    subject_export,
)
from servicedesk.services.privacy.pdf import (
    export_pdf,
)
from servicedesk.services.privacy.readers import (
    PART_TEMPLATE,
)
from servicedesk.services.privacy.registry import (
    Dependent,
    Identity,
    Kept,
    Outcome,
    Section,
    Source,
    SubjectResolver,
    SubjectSearch,
    Withheld,
    dependents_anonymise,
    register_dependent,
    register_source,
    register_subject,
    sources,
    subject_get,
    subject_kinds,
    subject_search,
    withheld_notice,
)
from servicedesk.services.privacy.scrubbing import (
    ENDINGS,
    ERASED_ADDRESS,
    LEGAL_FORMS,
    VARIANTS,
    combine,
    derived_scrub,
    erased_ids,
    history_scrub,
    mark_erased,
    name_words,
    notifications_scrub,
    placeholder,
    scrubber,
    texts_scrub,
)

__all__ = [
    "Dependent",
    "ENDINGS",
    "ERASED_ADDRESS",
    "Export",
    "Identity",
    "Kept",
    "LEGAL_FORMS",
    "Outcome",
    "PART_TEMPLATE",
    "Section",
    "Source",
    "SubjectResolver",
    "SubjectSearch",
    "VARIANTS",
    "Withheld",
    "combine",
    "dependents_anonymise",
    "derived_scrub",
    "erased_ids",
    "export_pdf",
    "history_scrub",
    "identity_erase_plan",
    "mark_erased",
    "name_words",
    "notifications_scrub",
    "placeholder",
    "register_dependent",
    "register_source",
    "register_subject",
    "report_for",
    "scrubber",
    "sources",
    "subject_erase",
    "subject_erase_plan",
    "subject_export",
    "subject_get",
    "subject_kinds",
    "subject_search",
    "texts_scrub",
    "withheld_notice",
]
