"""The source audit report: one report model, several formats, a registry of them.

``render(store, "html")`` returns the bytes of a report; the CLI
(``attribution report``) and the TUI (``report: export <format>``) both go
through here. Formats are data: :data:`_FORMATS` maps a name to a frozen
:class:`ReportFormat` (renderer, suffix, defaults, tables), and
:func:`format_names` supplies the choices everywhere. A variant of a format
is a new entry with other ``defaults``, not a new renderer.

>>> from attribution.store import MemoryStore
>>> render(MemoryStore(), "json")[:1]
b'{'
>>> get_format("pdf")
Traceback (most recent call last):
...
attribution.errors.ReportFormatError: unknown report format 'pdf' (choose from json, csv, md, html)

I/O stays at the edge: :func:`write_report` renders everything first and
then writes each file through a temporary file and ``os.replace``, so a
failure never leaves a half-written report behind.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

from ..errors import ReportFormatError, UsageError
from ..store import Store, atomic_write_bytes
from . import csv_format, html_format, json_format, md_format
from .model import FORMAT_NAME, FORMAT_VERSION, AuditReport, Filters, build_report

__all__ = ["AuditReport", "Filters", "FORMAT_NAME", "FORMAT_VERSION", "ReportFormat", "build_report",
           "format_names", "get_format", "outputs", "render", "render_report", "schema_path", "write_report"]

#: renderer(report, table, **defaults) -> bytes; ``table`` is None for single-table formats
Renderer = Callable[..., bytes]


@dataclass(frozen=True)
class ReportFormat:
    """One entry of the registry: how to turn an :class:`AuditReport` into bytes."""

    name: str
    #: file name suffix, with the dot
    suffix: str
    renderer: Renderer
    description: str
    media_type: str
    #: keyword arguments passed to the renderer; a variant differs only here
    defaults: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: a format with several tables writes one file per table, or the one ``table`` asked for
    tables: tuple[str, ...] = ()

    def render(self, report: AuditReport, table: str | None = None) -> bytes:
        """Raises ReportFormatError for a table this format does not have."""
        if table is not None:
            self.check_table(table)
        elif self.tables:
            raise ReportFormatError(f"the {self.name} report has several tables ({', '.join(self.tables)})",
                                    hint="choose one with --table")
        return self.renderer(report, table, **self.defaults)

    def check_table(self, table: str) -> None:
        if not self.tables:
            raise ReportFormatError(f"the {self.name} report is a single document; --table is for "
                                    f"{', '.join(n for n, f in _FORMATS.items() if f.tables)}")
        if table not in self.tables:
            raise ReportFormatError(f"unknown {self.name} table {table!r} (choose from {', '.join(self.tables)})")


_FORMATS: dict[str, ReportFormat] = {
    f.name: f for f in (
        ReportFormat("json", ".json", json_format.render, "canonical, versioned, with a JSON Schema",
                     "application/json"),
        ReportFormat("csv", ".csv", csv_format.render, "UTF-8 with BOM for Excel, one file per table",
                     "text/csv", defaults=MappingProxyType({"delimiter": ",", "bom": True}),
                     tables=csv_format.TABLES),
        ReportFormat("md", ".md", md_format.render, "Markdown to paste into a ticket", "text/markdown"),
        ReportFormat("html", ".html", html_format.render, "one self-contained page with charts, right to left",
                     "text/html"),
    )
}


def format_names() -> tuple[str, ...]:
    """The report format names, in menu order (for --format, the TUI commands and help)."""
    return tuple(_FORMATS)


def get_format(name: str) -> ReportFormat:
    """Raises ReportFormatError naming the valid formats when ``name`` is unknown."""
    try:
        return _FORMATS[name]
    except KeyError:
        raise ReportFormatError(f"unknown report format {name!r} (choose from {', '.join(_FORMATS)})") from None


def format_for_path(path: str | Path) -> ReportFormat | None:
    """The format whose suffix ``path`` has, if any (``audit.html`` → html)."""
    suffix = Path(path).suffix.lower()
    return next((f for f in _FORMATS.values() if f.suffix == suffix), None)


def schema_path() -> Path:
    """The JSON Schema the json format validates against (shipped with the package)."""
    return Path(__file__).with_name("schema") / "audit-report.schema.json"


def render_report(report: AuditReport, fmt: str, table: str | None = None) -> bytes:
    return get_format(fmt).render(report, table)


def render(store: Store, fmt: str, *, filters: Filters | None = None, table: str | None = None,
           generated_at: datetime | None = None, tool_version: str | None = None) -> bytes:
    """The report of ``store`` in format ``fmt``.

    Raises:
        ReportFormatError: unknown format or table.
        UsageError: a ``--source`` filter that matches nothing.
    """
    f = get_format(fmt)
    if table is not None:
        f.check_table(table)
    report = build_report(store, filters, generated_at=generated_at, tool_version=tool_version)
    return f.render(report, table)


def outputs(report: AuditReport, fmt: str, path: str | Path, table: str | None = None) -> list[tuple[Path, bytes]]:
    """Every file a report writes to ``path``, rendered, before anything is written.

    A several-table format without ``table`` writes ``<stem>.<table><suffix>`` beside
    ``path`` (``audit.csv`` → ``audit.sources.csv``, ``audit.claims.csv``, ...).
    """
    f = get_format(fmt)
    path = Path(path)
    if table is not None or not f.tables:
        return [(path, f.render(report, table))]
    stem = path.name[:-len(f.suffix)] if path.name.lower().endswith(f.suffix) else path.name
    return [(path.with_name(f"{stem}.{t}{f.suffix}"), f.render(report, t)) for t in f.tables]


def write_report(report: AuditReport, fmt: str, path: str | Path, table: str | None = None) -> list[Path]:
    """Write the report file(s) atomically; returns the paths written.

    Raises:
        UsageError: the directory of ``path`` does not exist.

    Each file is replaced in one step (temporary file + ``os.replace``); all are
    rendered before the first is written, so a rendering error writes nothing.
    """
    planned = outputs(report, fmt, path, table)
    for p, _ in planned:
        if not p.parent.is_dir():
            raise UsageError(f"cannot write {p}: directory {p.parent} does not exist")
    for p, data in planned:
        atomic_write_bytes(p, data)
    return [p for p, _ in planned]
