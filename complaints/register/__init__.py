"""The complaints register: registration, routing, the review workflow, reminders."""
