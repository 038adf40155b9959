"""Client voice: the public form, tracking, satisfaction surveys, kiosk,
trust line, staff survey."""
