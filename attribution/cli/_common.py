"""Helpers shared by the subcommands: settings, the store, output formats, progress."""
from __future__ import annotations

import contextlib
import json
import sys
from typing import Any, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import UsageError
from ..settings import Settings, load_settings
from ..store import Store, open_store

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True)


def settings(args) -> Settings:
    return load_settings(db=getattr(args, "db", None), models=getattr(args, "models", None),
                         no_stanza=getattr(args, "no_stanza", False))


@contextlib.contextmanager
def store(args, write: bool) -> Iterator[Store]:
    """Open the configured store; on an exception nothing of the command reaches disk."""
    s = open_store(settings(args).store.path, write=write)
    try:
        yield s
    except BaseException:
        abort = getattr(s, "abort", None)
        if abort:
            abort()
        raise
    else:
        s.close()


def pipeline(args):
    from ..pipeline import make_pipeline

    cfg = settings(args)
    return make_pipeline(cfg.nlp.model_dir, use_stanza=cfg.nlp.use_stanza, prefilter=cfg.nlp.prefilter,
                         required=bool(getattr(args, "models", None)))


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def add_format(p, choices=("table", "json"), default="table") -> None:
    p.add_argument("--format", choices=choices, default=default, help=f"output format (default: {default})")


@contextlib.contextmanager
def progress(label: str, total: int | None) -> Iterator:
    """A progress bar on stderr (silent when stderr is not a terminal); yields an advance(n) callback."""
    if not sys.stderr.isatty():
        yield lambda n=1: None
        return
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=stderr, transient=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def need(value, message: str):
    if not value:
        raise UsageError(message)
    return value
