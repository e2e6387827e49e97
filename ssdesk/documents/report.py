"""The follow-up report (Báo cáo theo dõi thực hiện kiến nghị): one row per recommendation, grouped, with counts.

The rows come from ``RecommendationService.rows`` (one query), plus the latest progress note of each in a second
query, so 100,000 recommendations cost two queries, not one per row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import func, or_, select

from ssdesk.documents.header import Issuer, board_issuer, board_signer, delegation_head, delegation_issuer, make_header
from ssdesk.documents.meta import DocOptions, recipient_lines, report_recipients
from ssdesk.documents.model import Closing, Document, Heading, Para, Table
from ssdesk.documents.profiles import Profile, choose_profile
from ssdesk.documents.text import clean, vn_date
from ssdesk.enums import DocumentKind, RecStatus
from ssdesk.errors import ValidationError
from ssdesk.i18n import _
from ssdesk.models import Delegation, FollowUp, Unit, Visit
from ssdesk.services.recommendations import RecommendationRow
from ssdesk.services.secrecy import secret_content

if TYPE_CHECKING:
    from ssdesk.store import Store

_Named = TypeVar("_Named", Unit, Delegation)

OVERDUE_LABEL = "Quá hạn"


@dataclass(frozen=True)
class ReportLine:
    row: RecommendationRow
    progress: str
    progress_on: dt.date | None


@dataclass(frozen=True)
class FollowupData:
    lines: list[ReportLine]
    group_by: str  # "unit" | "delegation"
    unit: str | None
    delegation: Delegation | None
    today: dt.date


def _resolve(store: Store, model: type[_Named], value: str | None, field: str) -> _Named | None:
    """A unit or delegation given by id or by (exact, then case-insensitive) name."""
    if not value:
        return None
    with store.read() as s:
        found = s.get(model, value) or s.scalars(select(model).where(model.name == value)).first()
        if found is None:
            low = value.lower()
            found = next((o for o in s.scalars(select(model)) if o.name.lower() == low), None)
        if found is None:
            raise ValidationError.one(field, _("No {what} called “{name}”.").format(
                what=_("unit") if model is Unit else _("delegation"), name=value))
        return found


def parse_status(value: str | RecStatus | None) -> RecStatus | None:
    if value is None or isinstance(value, RecStatus):
        return value
    try:
        return RecStatus.parse(value)  # type: ignore[return-value]
    except ValueError:
        raise ValidationError.one("status", _("Unknown status “{value}”; use one of: {values}.").format(
            value=value, values=", ".join(s.value for s in RecStatus))) from None


def collect(store: Store, *, unit: str | None = None, delegation: str | None = None,
            status: str | RecStatus | None = None, group_by: str = "unit",
            today: dt.date | None = None) -> FollowupData:
    """The report's rows under the filters, each with its latest progress note."""
    today = today or dt.date.today()
    unit_obj = _resolve(store, Unit, unit, "unit")
    deleg_obj = _resolve(store, Delegation, delegation, "delegation")
    rows = store.recommendations.rows(status=parse_status(status), unit_id=unit_obj.id if unit_obj else None,
                                      delegation_id=deleg_obj.id if deleg_obj else None, today=today)
    latest: dict[str, tuple[dt.date, str]] = {}
    if rows:
        query = (select(FollowUp.recommendation_id, FollowUp.date, FollowUp.progress)
                 .where(or_(FollowUp.progress.is_not(None), FollowUp.new_status.is_not(None)))
                 .order_by(FollowUp.date, FollowUp.created_at))
        wanted = {r.id for r in rows}
        with store.read() as s:
            for rec_id, day, progress in s.execute(query):
                if rec_id in wanted:
                    latest[rec_id] = (day, progress or "")
    lines = [ReportLine(r, clean(latest[r.id][1]) if r.id in latest else "",
                        latest[r.id][0] if r.id in latest else None) for r in rows]
    return FollowupData(lines, group_by, unit_obj.name if unit_obj else None, deleg_obj, today)


def status_label(line: ReportLine) -> str:
    return line.row.status.label_in("vi") + (f" ({OVERDUE_LABEL.lower()})" if line.row.overdue else "")


def unit_of(row: RecommendationRow) -> str:
    """The unit a row is about: the visited unit, or for a review meeting's task (no visited unit) the unit given
    the task."""
    return row.unit or row.responsible or ""


def groups(data: FollowupData) -> list[tuple[str, list[ReportLine]]]:
    """Lines grouped by the visited unit or the delegation, groups in name order, rows in deadline order."""
    out: dict[str, list[ReportLine]] = {}
    for line in data.lines:
        key = line.row.delegation if data.group_by == "delegation" else unit_of(line.row)
        out.setdefault(key, []).append(line)
    return sorted(out.items())


def counts(data: FollowupData) -> list[tuple[str, int]]:
    """Recommendations per status (in the workflow's order), then the overdue ones and the total."""
    c = Counter(line.row.status for line in data.lines)
    out = [(s.label_in("vi"), c[s]) for s in RecStatus if c[s]]
    out.append((OVERDUE_LABEL, sum(1 for line in data.lines if line.row.overdue)))
    out.append(("Tổng số", len(data.lines)))
    return out


def report_issuer(store: Store, profile: Profile, options: DocOptions, delegation: Delegation | None,
                  board: str) -> Issuer:
    """A delegation's report is its own (signed by its head); a report over several is the board's (signed by who
    signs for it) — header, number symbol and signature from one body."""
    if delegation is not None:
        return delegation_issuer(profile, delegation, delegation_head(store, delegation.id)[0], options)
    position, name = board_signer(store, board) if board else ("", "")
    return board_issuer(profile, board, options, position, name)


def report_board(store: Store, data: FollowupData) -> str:
    """The body a report over several delegations comes from: the one whose delegations (or review meetings) held
    the sessions of its lines. Lines from the delegations of several bodies have no one issuer: refused with their
    names, as the header and the signature would otherwise be left blank."""
    visit_ids = {line.row.visit_id for line in data.lines}
    boards: set[str] = set()
    with store.read() as s:
        for chunk in (sorted(visit_ids)[i:i + 500] for i in range(0, len(visit_ids), 500)):
            boards.update(s.scalars(select(func.coalesce(Delegation.issuing_body, Visit.convening_body, ""))
                                    .select_from(Visit).outerjoin(Delegation, Visit.delegation_id == Delegation.id)
                                    .where(Visit.id.in_(chunk))))
        if not visit_ids:  # nothing to report: the body of the file's delegations, when they have one
            boards.update(s.scalars(select(Delegation.issuing_body).distinct()))
    boards.discard("")
    if len(boards) > 1:
        raise ValidationError.one("delegation", _(
            "The report's requests and recommendations come from the delegations of several bodies ({bodies}): "
            "choose one delegation, so that the report has one issuer.").format(bodies="; ".join(sorted(boards))))
    return boards.pop() if boards else ""


def build_followup(store: Store, data: FollowupData, options: DocOptions | None = None,
                   profile: Profile | None = None) -> Document:
    options = options or DocOptions()
    deleg = data.delegation
    if deleg is None:
        board = options.issuing_body or report_board(store, data)
    else:
        board = deleg.issuing_body
    profile = profile or choose_profile(board, options.profile)
    issuer = report_issuer(store, profile, options, deleg, board)
    day = options.issued_on or data.today
    scope = [f"của {deleg.name}"] if deleg else []
    if data.unit:
        scope.append(f"đối với {data.unit}")
    subject = "theo dõi thực hiện các yêu cầu, kiến nghị sau giám sát" + (" " + ", ".join(scope) if scope else "")
    secret = options.secret if options.secret is not None else \
        bool(secret_content(store, recommendation_ids=(line.row.id for line in data.lines)))
    landscape = profile.landscape_tables
    if landscape:
        profile = profile.landscape()
    header, code = make_header(profile, "followup_report", options, issuer, day, subject, "BÁO CÁO")
    doc = Document(DocumentKind.FOLLOWUP_REPORT, profile, header, secret=secret,
                   title=f"Báo cáo theo dõi {code}", author=issuer.body, issued_on=day, landscape=landscape)
    doc.add(Para.of(f"Tính đến {vn_date(data.today)}, có {len(data.lines)} yêu cầu, kiến nghị được theo dõi. "
                    "Tình hình thực hiện như sau:"))
    doc.add(Heading("I. TỔNG HỢP THEO TÌNH TRẠNG"))
    doc.add(Table(("Tình trạng", "Số lượng"), tuple((label, str(n)) for label, n in counts(data)), (0.7, 0.3),
                  ("L", "C")))
    doc.add(Heading("II. CHI TIẾT"))
    by_unit = data.group_by == "unit"
    by = "Đơn vị" if by_unit else "Đoàn giám sát"
    widths = (0.05, 0.28, 0.0, 0.13, 0.11, 0.13, 0.30) if by_unit else (0.05, 0.28, 0.13, 0.13, 0.11, 0.13, 0.17)
    for gi, (name, lines) in enumerate(groups(data), 1):
        doc.add(Heading(f"{gi}. {by}: {clean(name) or '—'} ({len(lines)})", 2))
        rows = []
        for i, line in enumerate(lines, 1):
            r = line.row
            ref = f"[{r.ref}] " if r.ref else ""
            progress = (f"{vn_date(line.progress_on)}: " if line.progress_on else "") + line.progress
            unit = unit_of(r)
            # the unit is the group's heading when grouped by unit; who leads is printed only where it is not the
            # unit itself (a department of it, another body): the same name twice on every row says nothing
            rows.append((str(i), ref + clean(r.text), "" if by_unit else clean(unit),
                         clean(r.responsible or "") if (r.responsible or "") != unit else "", vn_date(r.deadline),
                         status_label(line), progress))
        doc.add(Table(("TT", "Nội dung", "Đơn vị", "Chủ trì", "Thời hạn", "Tình trạng", "Tiến độ mới nhất"),
                      tuple(rows), widths, ("C", "L", "L", "L", "C", "L", "L"),
                      size=10).without_empty_columns())
    recipients = options.recipients or report_recipients(board, profile.archive_line)
    doc.closing = Closing(right=issuer.sign, recipients=recipient_lines(tuple(recipients)))
    return doc
