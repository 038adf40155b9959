"""Strings of Django 6.1 itself that its Latvian catalogue does not translate, or translates in
a form that breaks Latvian grammar. Marking them here puts them in ``locale/lv`` (``make
messages``), whose translations win over Django's, so a Latvian user never meets English in a
form's empty choice or on the admin pages.

The admin's sentences that put a model's name into a phrase are the second kind: Django's
Latvian catalogue writes "Pievienot %(name)s" and "{name} “{obj}” tika sekmīgi mainīts", which
with our nominative model names reads "Pievienot darbinieks" and "Iestāde … tika sekmīgi
mainīts" (wrong case, wrong gender), and Latvian has no form that fits every name there. Ours
puts the name after a colon or in brackets, which holds for any name.

Nothing imports this module; ``makemessages`` only reads it."""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_STRINGS = (
    gettext_noop("- Select an option -"),  # every select with an empty choice (BLANK_CHOICE_LABEL)
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
    gettext_noop("Logout"),  # the admin
    gettext_noop("Filter by %(field_name)s"),  # the admin's filter side bar
)

ADMIN_SENTENCES = (
    gettext_noop("Add %(name)s"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Models in the %(name)s application"),
)

ADMIN_CHANGED_MANY = ngettext_lazy(
    "%(count)s %(name)s was changed successfully.",
    "%(count)s %(name)s were changed successfully.",
    "count",
)

# Django's Latvian catalogue puts the plural forms of its "time since" units in the wrong
# order for its own plural formula ("2 stunda", "1 stundu"); ours has them right, so an
# overdue callback reads "Nokavēts: 2 stundas".
TIME_SINCE = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
