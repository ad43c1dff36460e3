"""The canonical JSON report: the report model as is, keys in a fixed order.

Other tools should read this format. It carries ``format`` and ``version``
(bumped on any incompatible change) and validates against
``schema/audit-report.schema.json``. Arabic is written as UTF-8, not escaped.
"""
from __future__ import annotations

import json

from .model import AuditReport


def render(report: AuditReport, table: str | None = None) -> bytes:
    data = report.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
