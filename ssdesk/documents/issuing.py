"""Issuing a document freezes it: the exact PDF is kept in the case file, and a later change makes a new version.

Why freeze the bytes, not re-render: a signed document must stay what was signed even after the visit is edited, the
profile adjusted or ssdesk updated; the stored sha256 lets anyone check that the kept file was never altered.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import func, select

from ssdesk.documents import content
from ssdesk.documents.conclusion import build_conclusion
from ssdesk.documents.meta import DocOptions, parse_number
from ssdesk.documents.pdf import render_pdf
from ssdesk.documents.profiles import choose_profile
from ssdesk.enums import Classification, DocumentKind
from ssdesk.errors import FieldError, SsdeskError, ValidationError
from ssdesk.i18n import _
from ssdesk.models import Attachment, AttachmentBlob, IssuedDocument, Visit

ISSUABLE = {"minutes": DocumentKind.MINUTES, "conclusion": DocumentKind.CONCLUSION,
            DocumentKind.MINUTES: DocumentKind.MINUTES, DocumentKind.CONCLUSION: DocumentKind.CONCLUSION}
FILE_NAMES = {DocumentKind.MINUTES: "bien-ban", DocumentKind.CONCLUSION: "thong-bao-ket-luan"}


def _validate(kind: Any, options: DocOptions, profile: Any) -> DocumentKind:
    errors: list[FieldError] = []
    doc_kind = ISSUABLE.get(kind)
    if doc_kind is None:
        errors.append(FieldError("kind", _("Only minutes and conclusion notices can be issued.")))
    if not (options.number or "").strip():
        errors.append(FieldError("number", _("An issued document needs its number.")))
    else:
        try:
            parse_number(profile, options.number or "")
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


def issue_document(store: Any, visit_id: str, kind: str | DocumentKind, options: DocOptions) -> IssuedDocument:
    """Render the PDF, keep it as an attachment with its sha256, and record the issued document (next version),
    all in one transaction."""
    visit = content.load_visit(store, visit_id)
    profile = choose_profile(content.issuing_board(visit), options.profile)
    doc_kind = _validate(kind, options, profile)
    builder = content.build_minutes if doc_kind is DocumentKind.MINUTES else build_conclusion
    doc = builder(visit, options, profile)
    if not doc.closing or not doc.closing.right.name.strip():
        raise ValidationError.one("signer_name", _("An issued document needs the signer's name."))
    pdf = render_pdf(doc)
    digest = hashlib.sha256(pdf).hexdigest()
    code = doc.header.number.split(" ", 1)[1].strip()  # "Số 125-TB/TU" → "125-TB/TU"
    sign = doc.closing.right
    with store.write() as s:
        if s.get(Visit, visit_id) is None:
            raise SsdeskError(_("The working session was deleted meanwhile."))
        version = int(s.execute(select(func.coalesce(func.max(IssuedDocument.version), 0)).where(
            IssuedDocument.visit_id == visit_id, IssuedDocument.kind == doc_kind)).scalar_one()) + 1
        name = f"{FILE_NAMES[doc_kind]}-{code.replace('/', '_')}-v{version}.pdf"
        attachment = Attachment(name=name, media_type="application/pdf", sha256=digest, size=len(pdf),
                                visit_id=visit_id, blob=AttachmentBlob(content=pdf))
        issued = IssuedDocument(
            kind=doc_kind, visit_id=visit_id, delegation_id=visit.delegation_id, number=code,
            issued_on=options.issued_on, place=doc.header.place_date.split(",")[0],
            subject=" ".join(doc.header.subject), signing_authority=sign.authority, signer_position=sign.position,
            signer_name=sign.name, recipients="\n".join(doc.closing.recipients) or None, version=version,
            profile=profile.name, classification=Classification.SECRET if doc.secret else Classification.NORMAL,
            attachment=attachment, sha256=digest)
        s.add_all([attachment, issued])
    return issued


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
