"""The only writers of the complaints register (4.11, 7.1–7.3, 8, 2.1.4.4), by topic.

Every service is one transaction: it changes the item, writes its history and routing rows
and its notifications (the outbox) together."""
