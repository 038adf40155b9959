"""Strings of Django 6.1 itself that its Latvian catalogue does not translate yet. Marking them
here puts them in ``locale/lv`` (``make messages``), whose translations win over Django's, so a
Latvian user never meets English in a form's empty choice or on the admin pages.

Nothing imports this module; ``makemessages`` only reads it."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    gettext_noop("- Select an option -"),  # every select with an empty choice (BLANK_CHOICE_LABEL)
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
    gettext_noop("Logout"),  # the admin
    gettext_noop("Filter by %(field_name)s"),  # the admin's filter side bar
)
