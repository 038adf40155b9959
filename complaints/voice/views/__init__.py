"""Views of the client voice: public pages (no login) and the staff pages."""
