"""attribution models [download]: which Arabic stanza processors are where; fetch them."""
from __future__ import annotations

import sys

from rich.table import Table

from ..errors import AttributionError
from . import _common as c


def register(sub) -> None:
    p = sub.add_parser("models", help="show which stanza Arabic processors are found where",
                       description="List the stanza Arabic processors (tokenize, mwt, pos, lemma, depparse) in the "
                                   "model directory: --models DIR, else $STANZA_RESOURCES_DIR, else stanza's default.")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION")
    d = msub.add_parser("download", help="download stanza's Arabic models into the model directory")
    d.set_defaults(func=run_download)
    p.set_defaults(func=run_list)


def _dir(args):
    from ..nlp.stanza_annotator import resolve_model_dir

    return resolve_model_dir(c.settings(args).nlp.model_dir)


def run_list(args) -> int:
    from ..nlp.stanza_annotator import find_processors

    d = _dir(args)
    procs = find_processors(d)
    t = Table(title=f"stanza Arabic models in {d}")
    for col in ("processor", "package", "found", "file"):
        t.add_column(col)
    for p in procs:
        t.add_row(p.name, p.package or "—", "yes" if p.found else "no", str(p.path) if p.path else "—")
    c.stdout.print(t)
    missing = [p.name for p in procs if not p.found]
    if missing:
        print(f"missing: {', '.join(missing)}; run `attribution models download` or set STANZA_RESOURCES_DIR; "
              "without models the tool runs in reduced rule-based mode", file=sys.stderr)
    return 0


def run_download(args) -> int:
    d = _dir(args)
    try:
        import stanza
    except ImportError as e:
        raise AttributionError("stanza is not installed", hint="pip install stanza") from e
    try:
        stanza.download("ar", model_dir=str(d), processors="tokenize,mwt,pos,lemma,depparse", verbose=False)
    except Exception as e:  # noqa: BLE001 - stanza raises requests/OS errors of many kinds when offline
        reason = str(e).splitlines()[0][:160] if str(e) else e.__class__.__name__
        raise AttributionError(
            f"cannot download stanza models (hub unreachable: {reason})",
            hint="copy a stanza resources directory with Arabic models here and point --models or "
                 "STANZA_RESOURCES_DIR at it, or run with --no-stanza") from e
    print(f"stanza Arabic models downloaded to {d}", file=sys.stderr)
    return 0
