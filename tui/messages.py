"""App-wide messages of the review UI, named for what happened (past tense).

Workers post them to the app from their threads (``post_message`` is
thread-safe); the app posts the domain ones on to the screens, so they do
not bubble. A widget's own messages live on the widget
(``AttributionQueue.Highlighted``).
"""
from __future__ import annotations

from textual.message import Message

from attribution.models import Claim, ReviewEvent, Source

from .index import Chunk, Snapshot


class _Event(Message, bubble=False):
    pass


class SnapshotRead(_Event, bubble=False):
    """The loader read documents, events and the registry; attributions follow in chunks."""

    def __init__(self, snapshot: Snapshot, loader: object | None = None) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.loader = loader


class ChunkLoaded(_Event, bubble=False):
    """A chunk of attributions was read (the last one has ``chunk.done``)."""

    def __init__(self, chunk: Chunk, seconds: float, loader: object | None = None) -> None:
        super().__init__()
        self.chunk = chunk
        self.seconds = seconds
        self.loader = loader


class IndexLoaded(_Event, bubble=False):
    """Every attribution is in the index and the queue is in document order."""

    def __init__(self, rows: int, seconds: float) -> None:
        super().__init__()
        self.rows = rows
        self.seconds = seconds


class LoadFailed(_Event, bubble=False):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class AttributionReviewed(_Event, bubble=False):
    """A decision (accept, reject, edit, add, undo) was recorded; ``changed`` lists affected ids."""

    def __init__(self, event: ReviewEvent, changed: list[str]) -> None:
        super().__init__()
        self.event = event
        self.changed = changed


class SourcesMerged(_Event, bubble=False):
    """A ``merge_sources`` (or its undo, ``split_source``) event was recorded."""

    def __init__(self, event: ReviewEvent) -> None:
        super().__init__()
        self.event = event


class ReviewsSaved(_Event, bubble=False):
    """Pending review events reached the disk (appended and flushed)."""

    def __init__(self, count: int, seconds: float) -> None:
        super().__init__()
        self.count = count
        self.seconds = seconds


class SaveFailed(_Event, bubble=False):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class RegistryRebuilt(_Event, bubble=False):
    """Sources and claims were rebuilt from the attributions and every review event."""

    def __init__(self, sources: list[Source], claims: list[Claim], seconds: float) -> None:
        super().__init__()
        self.sources = sources
        self.claims = claims
        self.seconds = seconds


class ExtractionProgressed(_Event, bubble=False):
    """Re-extraction advanced; replaces an older progress message still in the queue."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ExtractionProgressed)


class ExtractionFinished(_Event, bubble=False):
    def __init__(self, attributions: int, documents: int, seconds: float) -> None:
        super().__init__()
        self.attributions = attributions
        self.documents = documents
        self.seconds = seconds


class ExtractionFailed(_Event, bubble=False):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class RtlModeChanged(_Event, bubble=False):
    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
