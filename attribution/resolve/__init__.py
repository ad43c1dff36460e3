"""Resolve: source mentions → canonical sources, within a document and across documents.

``resolve_document(doc, attributions)`` fills each attribution's source name,
type, anonymity, role and affiliation (pro-drop antecedents and surname
mentions included). The cross-document registry lives in :mod:`.registry`.
"""
from __future__ import annotations

from .document import resolve_document
from .mentions import Mention, analyze

__all__ = ["resolve_document", "analyze", "Mention"]
