# The English interface keeps the Latvian way of writing dates and times: the desk serves
# Latvian clients, and a date must read the same on either language's printout.
from servicedesk.formats.lv.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
