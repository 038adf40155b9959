"""E-mail in (docs/mail.md): reading the institution's mailboxes and what a message says.
The filing itself is ``cases.services.mail``; the queue's reads ``cases.selectors.mail``."""
