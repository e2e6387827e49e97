"""Print-ready documents: minutes, conclusion notices and follow-up reports as PDF, DOCX and XLSX.

One entry point, :func:`render`, so the CLI, the GUI preview and the issuing service all build a document the same
way: load once, build the neutral model once (``content``/``report``), then lay it out (``pdf``/``docx``/``xlsx``).
"""

from __future__ import annotations

from typing import Any

from ssdesk.documents.meta import DocOptions
from ssdesk.errors import ValidationError
from ssdesk.i18n import _

KINDS = ("minutes", "conclusion", "followup")
FORMATS = {"minutes": ("pdf", "docx"), "conclusion": ("pdf", "docx"), "followup": ("pdf", "docx", "xlsx")}


def check(kind: str, fmt: str) -> None:
    """Refuse an unknown kind or a format the kind cannot be made as (fields ``kind`` and ``format``): the one
    validation of a document request, done by :func:`render` — callers do not repeat it."""
    if kind not in FORMATS:
        raise ValidationError.one("kind", _("Unknown document kind “{kind}”.").format(kind=kind))
    if fmt not in FORMATS[kind]:
        raise ValidationError.one("format", _("The {kind} document cannot be made as {fmt}.").format(
            kind=kind, fmt=fmt))


def build(store: Any, kind: str, *, visit_id: str | None = None, options: DocOptions | None = None,
          visit: Any = None, collected: Any = None, **filters: Any) -> Any:
    """The document model of ``kind``; ``visit``: the session already loaded (``content.load_visit``), and
    ``collected``: the follow-up report's rows already collected (``report.collect``), so a caller that needed
    them first (the secret check) does not make the file read them twice."""
    from ssdesk.documents import conclusion, content, report

    options = options or DocOptions()
    if kind == "followup":
        return report.build_followup(store, collected or report.collect(store, **filters), options)
    if visit is None:
        if not visit_id:
            raise ValidationError.one("visit", _("Say which working session (--visit)."))
        visit = content.load_visit(store, visit_id)
    if kind == "minutes":
        return content.build_minutes(visit, options)
    if kind == "conclusion":
        return conclusion.build_conclusion(visit, options)
    raise ValidationError.one("kind", _("Unknown document kind “{kind}”.").format(kind=kind))


def render(store: Any, kind: str, fmt: str, *, visit_id: str | None = None, options: DocOptions | None = None,
           visit: Any = None, collected: Any = None, checked: bool = False, **filters: Any) -> bytes:
    """The bytes of a document: ``kind`` minutes|conclusion|followup, ``fmt`` pdf|docx|xlsx, checked here unless
    the caller already did (``checked``: the command line validates once, before opening the file)."""
    if not checked:
        check(kind, fmt)
    if fmt == "xlsx":
        from ssdesk.documents import report
        from ssdesk.documents.xlsx import render_xlsx
        from ssdesk.services.secrecy import secret_content

        data = collected or report.collect(store, **filters)
        secret = secret_content(store, recommendation_ids=(line.row.id for line in data.lines))
        return render_xlsx(data, secret=bool(secret))
    doc = build(store, kind, visit_id=visit_id, options=options, visit=visit, collected=collected, **filters)
    if fmt == "pdf":
        from ssdesk.documents.pdf import render_pdf

        return render_pdf(doc)
    from ssdesk.documents.docx import render_docx

    return render_docx(doc)


__all__ = ["DocOptions", "FORMATS", "KINDS", "build", "check", "render"]
