"""Textual review UI on top of the attribution core (which never imports this package)."""
