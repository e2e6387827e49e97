"""Issuing a document freezes it: the exact PDF is kept in the case file, and a later change makes a new version.

Why freeze the bytes, not re-render: a signed document must stay what was signed even after the visit is edited, the
profile adjusted or ssdesk updated; the stored sha256 lets anyone check that the kept file was never altered.

Two steps, so a caller can look at what will be issued before anything is written (the command line refuses a
secret document without ``--allow-secret``): :func:`prepare` builds and checks the document, :func:`freeze` renders
it and records it in one transaction. The GUI's Issue and ``ssdesk issue`` go through the same two.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ssdesk.documents import content
from ssdesk.documents.conclusion import build_conclusion
from ssdesk.documents.meta import DocOptions, parse_number
from ssdesk.documents.model import Document
from ssdesk.documents.pdf import render_pdf
from ssdesk.documents.profiles import choose_profile
from ssdesk.enums import Classification, DocumentKind
from ssdesk.errors import FieldError, SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import Attachment, AttachmentBlob, IssuedDocument, Visit
from ssdesk.services import progress

ISSUABLE: dict[str, DocumentKind] = {
    "minutes": DocumentKind.MINUTES, "conclusion": DocumentKind.CONCLUSION, "followup": DocumentKind.FOLLOWUP_REPORT,
    "reminder": DocumentKind.REMINDER,
    **{k: k for k in (DocumentKind.MINUTES, DocumentKind.CONCLUSION, DocumentKind.FOLLOWUP_REPORT,
                      DocumentKind.REMINDER)}}
FILE_NAMES = {DocumentKind.MINUTES: "bien-ban", DocumentKind.CONCLUSION: "thong-bao-ket-luan",
              DocumentKind.FOLLOWUP_REPORT: "bao-cao-theo-doi", DocumentKind.REMINDER: "van-ban-don-doc"}
VISIT_KINDS = (DocumentKind.MINUTES, DocumentKind.CONCLUSION)


@dataclass(frozen=True)
class Prepared:
    """A document ready to be issued: built, checked, not yet rendered nor written."""

    kind: DocumentKind
    doc: Document
    options: DocOptions
    visit_id: str | None
    delegation_id: str | None


def _check(doc_kind: DocumentKind | None, options: DocOptions, profile: Any) -> DocumentKind:
    errors: list[FieldError] = []
    if doc_kind is None:
        errors.append(FieldError("kind", _("Only minutes, conclusion notices, follow-up reports and reminder letters "
                                           "can be issued.")))
    if not (options.number or "").strip():
        errors.append(FieldError("number", _("An issued document needs its number.")))
    elif profile is not None:
        try:
            parse_number(profile, options.number or "", letter=doc_kind is DocumentKind.REMINDER)
        except ValidationError as exc:
            errors.extend(exc.errors)
    if options.signer_name is not None and not options.signer_name.strip():
        errors.append(FieldError("signer_name", _("An issued document needs the signer's name.")))
    if options.issued_on is None:
        errors.append(FieldError("issued_on", _("An issued document needs its date.")))
    if errors:
        raise ValidationError(errors)
    assert doc_kind is not None
    return doc_kind


def prepare(store: Any, kind: str | DocumentKind, options: DocOptions, *, visit_id: str | None = None,
            today: dt.date | None = None, **filters: Any) -> Prepared:
    """Build the document to issue and check it: number, date, signer. Minutes and conclusions are dated by
    default on the session's own date; a follow-up report or a reminder needs ``options.issued_on``.

    ``filters``: the follow-up report's ``unit``/``delegation``/``status``; the reminder's ``unit``."""
    doc_kind = ISSUABLE.get(kind)
    delegation_id = None
    if doc_kind in VISIT_KINDS:
        if not visit_id:
            raise ValidationError.one("visit", _("Say which working session (--visit)."))
        visit = content.load_visit(store, visit_id)
        if options.issued_on is None:
            options = options.with_(issued_on=content.conclusion_day(visit, options))
        profile = choose_profile(content.issuing_board(visit), options.profile)
        doc_kind = _check(doc_kind, options, profile)
        builder = content.build_minutes if doc_kind is DocumentKind.MINUTES else build_conclusion
        doc = builder(visit, options, profile)
        delegation_id = visit.delegation_id
    else:
        doc_kind = _check(doc_kind, options, None)
        day = today or options.issued_on
        assert day is not None
        if doc_kind is DocumentKind.REMINDER:
            from ssdesk.followup.reminders import build_reminder

            doc = build_reminder(store, filters.get("unit") or "", day, options)
        else:
            from ssdesk.documents import report

            data = report.collect(store, today=day, **filters)
            doc = report.build_followup(store, data, options)
            delegation_id = data.delegation.id if data.delegation else None
        parse_number(doc.profile, options.number or "", letter=doc_kind is DocumentKind.REMINDER)
    if not doc.closing or not doc.closing.right.name.strip() or set(doc.closing.right.name) <= {"\u2026"}:
        raise ValidationError.one("signer_name", _("An issued document needs the signer's name."))
    return Prepared(doc_kind, doc, options, visit_id if doc_kind in VISIT_KINDS else None, delegation_id)


def freeze(store: Any, prepared: Prepared) -> IssuedDocument:
    """Render the PDF, keep it as an attachment with its sha256, and record the issued document (next version),
    all in one transaction. Minutes and conclusions count versions per session; a report or a letter per subject."""
    doc, doc_kind, visit_id = prepared.doc, prepared.kind, prepared.visit_id
    assert doc.closing is not None
    pdf = render_pdf(doc)
    digest = hashlib.sha256(pdf).hexdigest()
    code = doc.header.number.split(" ", 1)[1].strip()  # "Số 125-TB/TU" → "125-TB/TU"
    sign = doc.closing.right
    subject = " ".join(doc.header.subject) or doc.header.excerpt
    with store.write() as s:
        if visit_id is not None and s.get(Visit, visit_id) is None:
            raise SsdeskError(_("The working session was deleted meanwhile."))
        same = (IssuedDocument.visit_id == visit_id) if visit_id else (IssuedDocument.subject == subject)
        version = int(s.execute(select(func.coalesce(func.max(IssuedDocument.version), 0)).where(
            same, IssuedDocument.kind == doc_kind)).scalar_one()) + 1
        name = f"{FILE_NAMES[doc_kind]}-{code.replace('/', '_')}-v{version}.pdf"
        attachment = Attachment(name=name, media_type="application/pdf", sha256=digest, size=len(pdf),
                                visit_id=visit_id, blob=AttachmentBlob(content=pdf))
        issued = IssuedDocument(
            kind=doc_kind, visit_id=visit_id, delegation_id=prepared.delegation_id, number=code,
            issued_on=prepared.options.issued_on, place=doc.header.place_date.split(",")[0], subject=subject,
            signing_authority=sign.authority, signer_position=sign.position, signer_name=sign.name,
            recipients="\n".join(doc.closing.recipients) or None, version=version, profile=doc.profile.name,
            classification=Classification.SECRET if doc.secret else Classification.NORMAL,
            attachment=attachment, sha256=digest)
        s.add_all([attachment, issued])
        if visit_id is not None and doc_kind in progress.BY_DOCUMENT:  # issuing it proves that step (progress)
            progress.advance(s.get(Visit, visit_id), progress.BY_DOCUMENT[doc_kind])
    return issued


def issue_document(store: Any, visit_id: str, kind: str | DocumentKind, options: DocOptions) -> IssuedDocument:
    """Issue the minutes or the conclusion notice of a session (what the GUI's Issue does)."""
    if ISSUABLE.get(kind) not in VISIT_KINDS:
        _check(None, options, None)
    return freeze(store, prepare(store, kind, options, visit_id=visit_id))


def issued_pdf(store: Any, doc_id: str) -> bytes:
    """The exact bytes issued; refuses (rather than returns) a file whose sha256 no longer matches."""
    with store.read() as s:
        issued = s.get(IssuedDocument, doc_id)
        if issued is None or issued.attachment is None:
            raise SsdeskError(_("Issued document not found: {id}").format(id=doc_id))
        data = issued.attachment.blob.content
        expected = issued.sha256
    if hashlib.sha256(data).hexdigest() != expected:
        raise SsdeskError(_("The kept PDF of issued document {id} does not match its checksum.").format(id=doc_id))
    return data


def issued_versions(store: Any, visit_id: str, kind: str | DocumentKind) -> list[IssuedDocument]:
    with store.read() as s:
        return list(s.scalars(select(IssuedDocument).where(
            IssuedDocument.visit_id == visit_id, IssuedDocument.kind == ISSUABLE[kind])
            .order_by(IssuedDocument.version)))
