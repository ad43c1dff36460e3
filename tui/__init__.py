"""The terminal review UI (Textual) over an attribution store: ``attribution review``.

``tui`` uses the core package through its public functions; the core never
imports ``tui`` or Textual.
"""
