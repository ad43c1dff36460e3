"""Saved web pages → the article's main text plus title, date and outlet.

trafilatura finds the article body and drops navigation, share buttons,
related links and footers; what it returns is the text we store, so every
offset points into the extracted text exactly as stored (it is never
re-normalised afterwards). Note that trafilatura itself joins the words of a
paragraph with single spaces, so a U+00A0 between words in the HTML becomes
a plain space in the stored text; a plain-text copy of the same article keeps
it. A page without a recognisable article body is
stored as an empty document with its metadata and flagged, not refused.
"""
from __future__ import annotations

import logging
from typing import Any

__all__ = ["extract_html"]

#: trafilatura options: the body text only, paragraphs one per line, tables kept (statements often sit in them)
_OPTIONS: dict[str, Any] = dict(with_metadata=True, include_comments=False, include_tables=True,
                                include_images=False, include_formatting=False, include_links=False,
                                deduplicate=False)


def extract_html(markup: str) -> tuple[str, dict[str, Any]]:
    """The main text of an HTML page and its metadata (title, date, outlet, url, author).

    Returns ``("", meta)`` when the page has no article body.
    """
    import trafilatura  # heavy (lxml, htmldate, justext): loaded only when a page is read

    # trafilatura logs "discarding data" and similar at WARNING; stderr belongs to our own messages
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    result = trafilatura.bare_extraction(markup, **_OPTIONS)
    if result is None:
        from trafilatura.metadata import extract_metadata

        result = extract_metadata(markup)
        text = ""
    else:
        text = result.text or ""
    meta = {
        "title": getattr(result, "title", None),
        "date": getattr(result, "date", None),
        "outlet": getattr(result, "sitename", None) or getattr(result, "hostname", None),
        "url": getattr(result, "url", None),
        "author": getattr(result, "author", None),
    }
    return text, {k: v for k, v in meta.items() if v}
