"""Forms of the core app, by topic: validation only (ARCHITECTURE.md)."""
