"""``ssdesk check``: what a case file holds and whether it is sound, read without changing anything.

Separate from :meth:`Store.open` on purpose: checking must never migrate, repair or create a file. An encrypted file
is read with the password the process was given (``SSDESK_PASSWORD``, ``SSDESK_PASSWORD_FILE``): :mod:`ssdesk.crypto`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ssdesk import crypto, migrations
from ssdesk.casefile import damaged, ensure_known, inspect_file
from ssdesk.errors import CaseFileError, NotACaseFileError
from ssdesk.i18n import _
from ssdesk.models import Base


@dataclass
class CheckReport:
    path: str
    ok: bool
    schema_revision: str | None = None
    schema_head: str = field(default_factory=migrations.head_revision)
    needs_migration: bool = False
    integrity: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def check_file(path: str | Path, password: crypto.Password | None = None) -> CheckReport:
    p = Path(path)
    report = CheckReport(path=str(p), ok=False)
    try:  # a device, a pipe or a loop of links is named as such, not "does not exist"
        from ssdesk.safety.intake import case_path

        case_path(p)
    except CaseFileError as exc:
        report.error = str(exc)
        return report
    if not p.is_file():
        report.error = _("The case file “{name}” does not exist.").format(name=str(p))
        return report
    try:
        key = crypto.find_password(p, password)
        report.schema_revision = inspect_file(p, password=key)
        if report.schema_revision is None:  # zero bytes, or an SQLite file with nothing in it: not a case file
            raise NotACaseFileError(_("“{name}” is empty: it is not a case file yet.").format(name=p.name))
        ensure_known(p.name, report.schema_revision)  # schema 9999 is a newer ssdesk's, not "will be upgraded"
        con = crypto.connect_file(p, password=key, readonly=True)  # never folds a leftover WAL into the file
    except CaseFileError as exc:
        report.error = str(exc)
        return report
    try:
        report.integrity = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in Base.metadata.sorted_tables:
            if table.name in tables:
                report.counts[table.name] = con.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            report.integrity.append(_("{n} rows point at records that do not exist.").format(n=len(fk)))
    except crypto.DB_ERRORS as exc:
        report.integrity.append(str(exc))
    finally:
        con.close()
    report.needs_migration = report.schema_revision not in (None, report.schema_head)
    report.ok = report.integrity == ["ok"]
    if not report.ok and report.error is None:
        report.error = str(damaged(p.name, "; ".join(report.integrity[:3])))
    return report
