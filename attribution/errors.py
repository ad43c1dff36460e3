"""One error hierarchy for the whole tool.

Everything the user can cause or fix raises a subclass of
:class:`AttributionError`. The CLI catches only this root, prints
``attribution: error: <msg>`` (plus the hint) on one line and exits with the
code :func:`exit_code_for` gives: 0 success, 2 usage, 1 anything else
(the CLI contract), 130 on Ctrl-C. Third-party exceptions are wrapped at the
boundary with ``raise ... from e`` so the cause stays visible under ``--debug``.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    DATA = 1
    USAGE = 2
    INTERRUPT = 130


class AttributionError(Exception):
    """Root of the tool's errors: a message and an optional hint on what to do."""

    exit_code: ExitCode = ExitCode.DATA

    def __init__(self, msg: str, hint: str = "") -> None:
        super().__init__(msg)
        self.msg = msg
        self.hint = hint

    def one_line(self) -> str:
        line = self.msg if not self.hint else f"{self.msg}; {self.hint}"
        return " ".join(line.split())


class UsageError(AttributionError):
    """The command line asks for something that cannot be done as asked."""

    exit_code = ExitCode.USAGE


class ConfigError(AttributionError):
    """A setting or configuration file is invalid."""

    exit_code = ExitCode.USAGE


class IngestError(AttributionError):
    """An input could not be read or decoded; nothing from the command was stored."""


class ModelNotFoundError(AttributionError, FileNotFoundError):
    """stanza's Arabic models are not where the settings point."""


class ExtractionError(AttributionError):
    """The pipeline was asked for something its annotator cannot provide."""


class StoreError(AttributionError):
    """The store could not be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""


class StoreCorruptError(StoreError):
    """The store file cannot be parsed."""


class SchemaVersionError(StoreError):
    """The store was written by a newer schema than this tool knows."""


class NotFoundError(AttributionError):
    """A document, source or claim id that the store does not hold."""


class ReportFormatError(AttributionError):
    """An unknown report format or table was asked for."""

    exit_code = ExitCode.USAGE


def exit_code_for(err: BaseException) -> ExitCode:
    """Map an exception to the process exit code, in one place."""
    if isinstance(err, KeyboardInterrupt):
        return ExitCode.INTERRUPT
    if isinstance(err, AttributionError):
        return err.exit_code
    return ExitCode.DATA
