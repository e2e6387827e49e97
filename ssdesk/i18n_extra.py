"""Strings of the standard library's argparse, translated through our catalogue so that ``--help`` and command-line
errors are Vietnamese too. ``install()`` points argparse's gettext at ours."""

from __future__ import annotations

import argparse

from ssdesk.i18n import N_, _, ngettext

ARGPARSE_STRINGS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
)


def install() -> None:
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]

#: Positional arguments by what they hold, shown in usage lines and errors instead of their Python names.
POSITIONAL_NAMES = {
    "file": N_("FILE"), "source": N_("SOURCE"), "query": N_("QUERY"), "backup": N_("BACKUP"),
    "office": N_("OFFICE"), "laptop": N_("LAPTOP"), "rec_id": N_("RECOMMENDATION_ID"), "notes": N_("NOTES"),
}
