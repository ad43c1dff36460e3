"""The data model at every boundary of the pipeline (pydantic v2).

Spans are ``(start, end)`` offsets into :attr:`Document.text` exactly as
stored, ``end`` exclusive, with the sliced ``text`` kept alongside so a span
can be checked against its document at any time. Ids are content hashes, so
ingesting or extracting the same thing twice yields the same ids.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["direct", "indirect", "mixed", "according_to"]
SourceType = Literal[
    "person", "government", "military", "armed_group", "media",
    "activists", "organization", "document", "unknown",
]
SOURCE_TYPES: tuple[str, ...] = SourceType.__args__  # type: ignore[attr-defined]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
Status = Literal["unreviewed", "accepted", "rejected", "edited"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]


def content_id(prefix: str, *parts: object, length: int = 16) -> str:
    """A deterministic id: ``prefix-`` + a hash of the parts."""
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(str(p).encode("utf-8"))
        h.update(b"\x1f")
    return f"{prefix}-{h.hexdigest()[:length]}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Span(BaseModel):
    """A character range of a document's stored text, with the text it covers."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int
    text: str

    @model_validator(mode="after")
    def _consistent(self) -> "Span":
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be after start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text has {len(self.text)} chars for range {self.start}:{self.end}")
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """The span ``text[start:end]``; raises ValueError on an empty or out-of-range cut."""
        if not (0 <= start < end <= len(text)):
            raise ValueError(f"span {start}:{end} outside a text of {len(text)} chars")
        return cls(start=start, end=end, text=text[start:end])

    def check(self, text: str) -> None:
        if text[self.start:self.end] != self.text:
            raise ValueError(f"span {self.start}:{self.end} does not slice its document")

    def record(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


class Range(BaseModel):
    """A stretch of text the pipeline must skip (web chrome), with why."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int
    label: str


class Document(BaseModel):
    """An article as stored: the text is never altered after reading."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    excluded: list[Range] = Field(default_factory=list)
    origin: str | None = None
    licence: str | None = None
    encoding: str | None = None
    flags: list[str] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)

    @property
    def version(self) -> str:
        """Hash of the stored text: a new version of a document is a new text."""
        return text_hash(self.text)[:16]

    @model_validator(mode="after")
    def _ranges_inside(self) -> "Document":
        n = len(self.text)
        for r in self.excluded:
            if not (0 <= r.start <= r.end <= n):
                raise ValueError(f"excluded range {r.start}:{r.end} outside the text")
        return self

    def is_excluded(self, start: int, end: int) -> bool:
        return any(r.start < end and start < r.end for r in self.excluded)


class Attribution(BaseModel):
    """One claim credited to one source, with exact spans (ANNOTATION.md §1–§4)."""

    id: str = ""
    doc_id: str
    doc_version: str = ""
    kind: Kind
    cue: Span
    source: Span | None = None
    content: Span
    source_name: str | None = None
    source_type: SourceType = "unknown"
    anonymous: bool = False
    role: str | None = None
    affiliation: str | None = None
    addressee: str | None = None
    via: str | None = None
    cue_lemma: str | None = None
    #: the cue form's features from the lexicon (tense.gender.number), used for agreement
    cue_features: str | None = None
    stance: str | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    status: Status = "unreviewed"
    origin: Literal["machine", "human"] = "machine"
    source_id: str | None = None
    claim_id: str | None = None
    #: folded lemmas of the content words (stanza mode), for clustering claims across
    #: documents; None when the content was not parsed (claims then use character n-grams)
    content_lemmas: list[str] | None = None

    @model_validator(mode="after")
    def _fill_id(self) -> "Attribution":
        if not self.id:
            self.id = self.make_id(self.doc_id, self.cue, self.content)
        return self

    @staticmethod
    def make_id(doc_id: str, cue: Span, content: Span) -> str:
        # Keyed on what the text says at the cue, not on the source guess, so a
        # corrected source or type keeps the id (and the review history with it).
        return content_id("a", doc_id, cue.start, cue.text, content.start, content.end)

    @property
    def anchor(self) -> dict[str, Any]:
        """Where the attribution sits, to re-find it when ids change (new extractor, new version)."""
        return {"doc_id": self.doc_id, "cue_start": self.cue.start, "cue_text": self.cue.text,
                "content_text": self.content.text[:80]}

    def check(self, text: str) -> None:
        for sp in (self.cue, self.source, self.content):
            if sp is not None:
                sp.check(text)

    def record(self) -> dict[str, Any]:
        """The machine output record of ANNOTATION.md §4 (plus a few extra fields)."""
        return {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "cue": self.cue.record(),
            "source": self.source.record() if self.source else None,
            "content": self.content.record(),
            "source_name": self.source_name,
            "source_type": self.source_type,
            "anonymous": self.anonymous,
            "role": self.role,
            "affiliation": self.affiliation,
            "addressee": self.addressee,
            "via": self.via,
            "confidence": round(self.confidence, 3),
            "id": self.id,
            "stance": self.stance,
        }


class Source(BaseModel):
    """A speaker across documents: one canonical name, its aliases and what it is."""

    id: str
    name: str
    type: SourceType = "unknown"
    anonymous: bool = False
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)
    attribution_ids: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    #: True for a *description group*: unnamed or unresolved mentions (مصادر محلية, المصدر,
    #: الوزارة) that share a normalised phrase and type across documents. Not one speaker:
    #: read it with ``doc_counts``; corroboration counts a group once per claim.
    group: bool = False
    #: normalised matching keys of the mentions in this source (the anchors manual merges
    #: and splits are stored against, so they survive re-extraction)
    keys: list[str] = Field(default_factory=list)
    #: attributions per document id
    doc_counts: dict[str, int] = Field(default_factory=dict)
    #: attributions per outlet of the quoting documents (None outlet as "")
    outlets: dict[str, int] = Field(default_factory=dict)
    #: ids of sources a reviewer merged into this one (``attribution sources merge``)
    merged: list[str] = Field(default_factory=list)

    @staticmethod
    def make_id(key: str) -> str:
        return content_id("s", key)


class Claim(BaseModel):
    """One proposition, with every attribution across documents that states it."""

    id: str
    text: str
    attribution_ids: list[str] = Field(default_factory=list)
    source_ids: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list)
    independent_sources: int = 0
    named_sources: int = 0
    anonymous_sources: int = 0
    conflicts_with: list[str] = Field(default_factory=list)
    grade: str = ""
    #: position of ``grade`` on the scale of :data:`attribution.claims.GRADES` (1 = weakest)
    grade_level: int = 0
    #: "affirmed", or "denied" when the backing attributions deny the proposition in ``text``
    #: (cue نفى/كذّب); a negated clause stays in the text (لم، لن، لا)
    polarity: Literal["affirmed", "denied"] = "affirmed"
    #: the content as written in one backing attribution (for display; ``text`` is folded)
    display_text: str = ""
    #: the figures the claim states (a different figure for the same thing is a conflict)
    figures: list[str] = Field(default_factory=list)
    #: distinct sides behind the claim: an organisation and the people speaking for it are one side
    sides: int = 0
    #: outlets of the documents carrying the claim, and the relaying outlets named in the text (via)
    outlets: list[str] = Field(default_factory=list)
    relays: list[str] = Field(default_factory=list)
    #: per conflicting claim id, why it conflicts: "denial", "negation" or "figure"
    conflict_reasons: dict[str, str] = Field(default_factory=dict)


ReviewAction = Literal[
    "accept", "reject", "edit", "add", "reset", "undo",
    "merge_sources", "split_source",
]


class ReviewEvent(BaseModel):
    """An append-only record of one human decision; statuses are derived from these."""

    id: str = ""
    at: datetime = Field(default_factory=utcnow)
    actor: str = "reviewer"
    action: ReviewAction
    target: str
    anchor: dict[str, Any] | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    suggestion: dict[str, Any] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _fill_id(self) -> "ReviewEvent":
        if not self.id:
            self.id = content_id("e", self.at.isoformat(), self.actor, self.action, self.target,
                                 self.before, self.after)
        return self
